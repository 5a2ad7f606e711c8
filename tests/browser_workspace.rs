//! Browser tests of the scenario switcher and of opening workspace files: New adds and selects
//! a scenario, Rename changes its name, Delete is undone by Undo, and a broken file leaves the
//! work unchanged with every problem listed. Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use lotwise::model::edit::Edit;
use lotwise::model::scenarios::Start;
use lotwise::model::Workspace;
use lotwise::ui::workspace::files::OPEN_FAILED_TITLE;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// How long [`settle`] waits after each render, click or edit (a file read takes two).
const SETTLE: Duration = Duration::from_millis(120);

/// The scenario switcher.
fn select(root: &Element) -> HtmlSelectElement {
    find(root, "#scenario-select").dyn_into().expect("a select")
}

/// The scenario names in the switcher, and the one shown.
fn scenario_names(root: &Element) -> (Vec<String>, String) {
    let names: Vec<String> = all(root, "#scenario-select option").iter().map(text).collect();
    let shown =
        usize::try_from(select(root).selected_index()).ok().and_then(|i| names.get(i).cloned()).unwrap_or_default();
    (names, shown)
}

/// The toolbar's Undo button.
fn undo_button(root: &Element) -> HtmlElement {
    all(root, ".app-toolbar button")
        .into_iter()
        .filter_map(|b| b.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some("Undo"))
        .expect("an Undo button in the toolbar")
}

/// Chooses a file holding `text` in the file input, as a person picking it would: the input's
/// files are set and `change` fires, so the app reads it with its own file reader.
async fn choose_file(root: &Element, name: &str, text: &str) {
    let input = find(root, "#workspace-import");
    find(root, "#share").set_attribute("open", "").unwrap(); // as a person opening the disclosure
    let choose = js_sys::Function::new_with_args(
        "input, name, text",
        "const file = new File([text], name, { type: 'application/json' });
         const transfer = new DataTransfer();
         transfer.items.add(file);
         input.files = transfer.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    let args = js_sys::Array::of3(&input, &JsValue::from_str(name), &JsValue::from_str(text));
    choose.apply(&JsValue::NULL, &args).expect("choose the file");
    // The file is read asynchronously.
    settle().await;
    settle().await;
}

#[wasm_bindgen_test]
async fn new_adds_a_scenario_and_selects_it() {
    let root = render_example_app().await;
    let (names, shown) = scenario_names(&root);
    assert_eq!(names.len(), 1);
    assert_eq!(shown, "Split by service area and locality");
    assert!(find(&root, "#scenario-delete").has_attribute("disabled"), "the only scenario cannot be deleted");

    click(&root, "#scenario-new").await;
    assert!(input(&root, "#new-from-copy").checked(), "a copy of the scenario on screen is the usual start");
    click(&root, "#new-from-blank").await;
    click(&root, "#scenario-new-add").await;
    let (names, shown) = scenario_names(&root);
    assert_eq!(names, ["Split by service area and locality", "Scenario 2"]);
    assert_eq!(shown, "Scenario 2");
    assert!(text_of(&root, "#scenario-count").starts_with("2 of 2"));
    assert!(!exists(&root, "#scenario-new-form"), "the form closes");

    // Switching back with the select.
    let select = select(&root);
    select.set_value("0");
    fire(&select, "change");
    settle().await;
    assert_eq!(scenario_names(&root).1, "Split by service area and locality");
    assert!(text_of(&root, "#scenario-count").starts_with("1 of 2"));
    root.remove();
}

#[wasm_bindgen_test]
async fn rename_changes_the_name_in_the_select() {
    let root = render_example_app().await;
    click(&root, "#scenario-rename").await;
    let field: HtmlInputElement = find(&root, "#scenario-rename-input").dyn_into().unwrap();
    assert_eq!(field.value(), "Split by service area and locality", "starts from the current name");

    field.set_value("   ");
    click(&root, "#scenario-rename-save").await;
    assert!(text_of(&root, "#scenario-rename-error").contains("Enter a name"), "an empty name is refused");

    let field: HtmlInputElement = find(&root, "#scenario-rename-input").dyn_into().unwrap();
    field.set_value("  Fewer, larger lots ");
    click(&root, "#scenario-rename-save").await;
    assert_eq!(scenario_names(&root).1, "Fewer, larger lots");
    assert!(root.query_selector("#scenario-rename-input").unwrap().is_none(), "the field closes");
    root.remove();
}

#[wasm_bindgen_test]
async fn delete_is_undone_by_the_undo_button() {
    let root = render_example_app().await;
    click(&root, "#scenario-new").await;
    click(&root, "#new-from-example").await;
    click(&root, "#scenario-new-add").await;
    assert_eq!(scenario_names(&root).0.len(), 2);

    click(&root, "#scenario-delete").await;
    let (names, shown) = scenario_names(&root);
    assert_eq!(names, ["Split by service area and locality"]);
    assert_eq!(shown, "Split by service area and locality");
    assert_eq!(text_of(&root, "#workspace-notice p"), "Deleted scenario “Scenario 2”. Use Undo to bring it back.");

    undo_button(&root).click();
    settle().await;
    let (names, shown) = scenario_names(&root);
    assert_eq!(names, ["Split by service area and locality", "Scenario 2"]);
    assert_eq!(shown, "Scenario 2");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_broken_file_lists_its_problems_and_changes_nothing() {
    let root = render_example_app().await;
    click(&root, "#scenario-new").await;
    click(&root, "#scenario-new-add").await;
    let before = scenario_names(&root);

    choose_file(&root, "broken.json", "{\"format\": \"lotwise/1\", \"scenarios\": [").await;
    let summary = find(&root, "#workspace-import-errors .app-error-summary");
    assert_eq!(text_of(&root, "#workspace-import-errors h2"), OPEN_FAILED_TITLE);
    let items = summary.query_selector_all("li").unwrap().length();
    assert!(items >= 1, "every problem is listed");
    assert_eq!(scenario_names(&root), before, "the workspace is unchanged");
    assert!(
        gloo::utils::document().active_element().is_some_and(|e| e.is_same_node(Some(&summary))),
        "the error summary takes focus"
    );

    // A file with several problems lists each one.
    let mut bad = Workspace::default_workspace();
    bad.scenarios[0].rules.k = 0;
    bad.scenarios[0].suppliers[0].revenue = Some(-5.0);
    choose_file(&root, "bad-values.json", &bad.to_json()).await;
    let items = find(&root, "#workspace-import-errors").query_selector_all("li").unwrap().length();
    assert!(items >= 2, "both problems listed, got {items}");
    assert_eq!(scenario_names(&root), before, "still unchanged");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_good_file_replaces_the_workspace_and_undo_brings_it_back() {
    let root = render_example_app().await;
    let before = scenario_names(&root);
    let mut ws = Workspace::default_workspace();
    for _ in 0..2 {
        ws.apply(Edit::NewScenario(Start::Example)).unwrap();
    }
    ws.apply(Edit::RenameScenario { index: 2, name: "Shared by a colleague".into() }).unwrap();

    choose_file(&root, "colleague.json", &ws.to_json()).await;
    assert!(root.query_selector("#workspace-import-errors").unwrap().is_none());
    let (names, shown) = scenario_names(&root);
    assert_eq!(names.len(), 3);
    assert_eq!(shown, "Shared by a colleague");
    assert!(text_of(&root, "#workspace-notice p").starts_with("Opened “colleague.json”: 3 scenarios."));

    undo_button(&root).click();
    settle().await;
    assert_eq!(scenario_names(&root), before);
    root.remove();
}
