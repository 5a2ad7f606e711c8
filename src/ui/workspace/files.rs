//! Save the workspace to a file and open one: how work is kept, shared and moved between
//! computers. Files are read in the browser; nothing is uploaded.
//!
//! Opening goes file -> text -> [`open_text`] (a pure function over
//! [`Workspace::import`]) -> either the new workspace (one undoable step, with a notice) or an
//! error summary listing every problem, with the current workspace untouched. The file input
//! and the drop zone share that one path.

use yew::prelude::*;

use crate::base::error::{Issue, Issues};
use crate::base::text::plural;
use crate::model::edit::Edit;
use crate::model::scenarios::Start;
use crate::model::{Workspace, MAX_IMPORT_BYTES};
use crate::plan::saved::Document;
use crate::ui::platform::download;
use crate::ui::store::{use_doc, Action};
use crate::ui::widgets::{plain_items, ErrorSummary};

/// The file name the workspace is saved under.
pub const WORKSPACE_FILE: &str = "lotwise-workspace.json";

/// The error summary's title when a file cannot be opened.
pub const OPEN_FAILED_TITLE: &str = "The file could not be opened; your work is unchanged";

/// Reads the text of a file called `file_name`: the workspace with its plans and the notice to
/// show, or every problem found.
pub fn open_text(file_name: &str, text: &str) -> Result<(Document, String), Issues> {
    let (document, notes) = Document::import(text)?;
    let n = document.workspace.scenarios.len();
    let mut notice = format!("Opened “{file_name}”: {}", plural(n, "scenario", "scenarios"));
    notice.push_str(&match document.plans.len() {
        0 => ".".to_string(),
        p => format!(", with {}.", plural(p, "saved plan", "saved plans")),
    });
    for note in notes {
        notice.push(' ');
        notice.push_str(&sentence(&note));
    }
    notice.push_str(" Undo brings back what you had before.");
    Ok((document, notice))
}

/// Refuses a file by its size before reading it (the import would refuse it anyway, but
/// reading a very large file first could stall the page).
pub fn check_size(bytes: u64) -> Result<(), Issues> {
    if bytes > MAX_IMPORT_BYTES as u64 {
        return Err(Issues(vec![Issue::new(
            "",
            format!(
                "the file is {:.1} MB; the largest file Lotwise opens is {} MB (a workspace is usually well under 1 MB), so this is probably not a workspace",
                bytes as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
        )]));
    }
    Ok(())
}

/// "removed a mark" -> "Removed a mark."
fn sentence(note: &str) -> String {
    let note = note.trim();
    let mut chars = note.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[component]
pub fn Share() -> Html {
    let doc = use_doc();
    let issues = use_state(|| None::<Vec<Issue>>);
    let details_ref = use_node_ref();
    use_drop_guard();
    // file name + text -> replace the workspace, or list the problems.
    let on_text = {
        let (doc, issues, details_ref) = (doc.clone(), issues.clone(), details_ref.clone());
        Callback::from(move |(name, text): (String, Result<String, String>)| {
            let result = text.map_err(|message| Issues::one("", message)).and_then(|text| open_text(&name, &text));
            let found = match result {
                Ok((document, notice)) => {
                    issues.set(None);
                    doc.dispatch(Action::Open(Box::new(document)));
                    doc.dispatch(Action::SetNotice(Some(notice)));
                    return;
                }
                Err(found) => found.0,
            };
            // The summary must be visible to take focus.
            if let Some(details) = details_ref.cast::<web_sys::Element>() {
                let _ = details.set_attribute("open", "");
            }
            issues.set(Some(found));
        })
    };
    let read_file = use_file_reader(on_text);
    html! {
        <details class="ws-share" id="share" ref={details_ref}>
            <summary class="ws-share__summary">{ "Save, open or share" }</summary>
            <div class="ws-share__body">
                <p class="app-body-s ws-share__intro">
                    { "Lotwise keeps your work in this browser. Save it as a file to keep a copy, to send it to a colleague, or to carry on using another computer. Files are opened here, never uploaded." }
                </p>
                <div class="ws-share__columns">
                    <SaveFile />
                    <DropZone {read_file} />
                </div>
                <super::link::CopyLink />
                <StartAfresh />
                if let Some(found) = &*issues {
                    <div class="ws-share__errors" id="workspace-import-errors">
                        <ErrorSummary id="open-errors-summary" title={OPEN_FAILED_TITLE} items={plain_items(found)} />
                    </div>
                }
            </div>
        </details>
    }
}

/// "Save workspace as a file", and what happened.
#[component]
fn SaveFile() -> Html {
    let doc = use_doc();
    let status = use_state(|| None::<String>);
    let n = doc.workspace.scenarios.len();
    let on_export = {
        let (doc, status) = (doc.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let document = doc.document();
            let message = match download::download(document.to_json().as_bytes(), WORKSPACE_FILE, download::JSON) {
                Ok(()) => format!(
                    "Saved “{WORKSPACE_FILE}” with {} and their plans to your downloads. Keep it somewhere safe, or send it to a colleague to open in Lotwise.",
                    plural(document.workspace.scenarios.len(), "scenario", "scenarios")
                ),
                Err(message) => message,
            };
            status.set(Some(message));
        })
    };
    html! {
        <div class="ws-share__save">
            <p class="app-body-s">{ format!("All {} in one file, {WORKSPACE_FILE}.", plural(n, "scenario", "scenarios")) }</p>
            <button type="button" class="app-button app-button--secondary" id="workspace-export" onclick={on_export}>
                { "Save workspace as a file" }
            </button>
            <p class="app-body-s ws-share__status" role="status" id="workspace-export-status">
                { (*status).clone().unwrap_or_default() }
            </p>
        </div>
    }
}

/// "Start a new workspace": blank, the shipped example, or a copy of the scenario on screen
/// alone (one undoable step).
#[component]
fn StartAfresh() -> Html {
    let doc = use_doc();
    let choice = use_state(|| "blank".to_string());
    let on_start = {
        let (doc, choice) = (doc.clone(), choice.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (workspace, what) = match choice.as_str() {
                "example" => (Workspace::starting_with(Start::Example), "the shipped example".to_string()),
                "copy" => {
                    let sc = doc.scenario().clone();
                    let what = format!("a copy of “{}”", crate::views::compare::label(&sc));
                    (Workspace::of(sc), what)
                }
                _ => (Workspace::starting_with(Start::Blank), "a blank service".to_string()),
            };
            let notice = match doc.try_edit(Edit::ReplaceWorkspace(Box::new(workspace))) {
                Ok(()) => format!("Started a new workspace from {what}. Undo brings back what you had."),
                Err(refused) => refused.to_string(),
            };
            doc.dispatch(Action::SetNotice(Some(notice)));
        })
    };
    let option = |value: &'static str, label: &'static str| {
        let choice = choice.clone();
        let id = format!("start-{value}");
        html! {
            <div class="ws-bar__radio">
                <input type="radio" name="start-from" id={id.clone()} checked={*choice == value}
                    onchange={Callback::from(move |_: Event| choice.set(value.to_string()))} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    html! {
        <form class="ws-share__start" id="workspace-start" onsubmit={on_start} novalidate=true>
            <fieldset class="ws-bar__fieldset">
                <legend class="app-label">{ "Start a new workspace" }</legend>
                <p class="app-hint">{ "It replaces every scenario on screen; save them as a file first if you want to keep them. Undo brings them back." }</p>
                { option("blank", "A blank service to fill in") }
                { option("copy", "A copy of the scenario on screen, alone") }
                { option("example", "The shipped example") }
            </fieldset>
            <button type="submit" class="app-button app-button--secondary" id="workspace-start-button">{ "Start a new workspace" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct DropZoneProps {
    /// Opens a chosen or dropped file.
    read_file: Callback<web_sys::File>,
}

/// "Open a workspace file": a file input that files can also be dropped on.
#[component]
fn DropZone(p: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);
    let on_file = crate::ui::platform::on_chosen_file(p.read_file.clone());
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(transfer) = e.data_transfer() {
                transfer.set_drop_effect("copy");
            }
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            use wasm_bindgen::JsCast;
            // Moving onto a child element is not leaving the zone.
            let zone = e.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let to = e.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if let (Some(zone), Some(to)) = (zone, to) {
                if zone.contains(Some(&to)) {
                    return;
                }
            }
            dragging.set(false);
        })
    };
    let on_drop = {
        let (dragging, read_file) = (dragging.clone(), p.read_file.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|t| t.files()).and_then(|files| files.get(0)) {
                read_file.emit(file);
            }
        })
    };
    html! {
        <div class={classes!("ws-drop", dragging.then_some("ws-drop--active"))} id="workspace-drop"
            ondragenter={on_drag_over.clone()} ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <label class="app-label ws-drop__label" for="workspace-import">{ "Open a workspace file" }</label>
            <p class="app-hint ws-drop__hint" id="workspace-import-hint">
                { "A .json file saved from Lotwise. It replaces the scenarios on screen; Undo brings them back. You can also drag the file into this box." }
            </p>
            <input type="file" class="ws-drop__input" id="workspace-import" accept=".json,application/json"
                aria-describedby="workspace-import-hint" onchange={on_file} />
            <p class="ws-drop__marker" aria-hidden="true">{ if *dragging { "Drop the file to open it" } else { "or drop a file here" } }</p>
        </div>
    }
}

/// Reads a chosen or dropped file in the browser and hands `(name, text or why not)` to
/// `on_text`; a file too large to be a workspace is refused before it is read.
#[hook]
pub(crate) fn use_file_reader(on_text: Callback<(String, Result<String, String>)>) -> Callback<web_sys::File> {
    #[cfg(target_arch = "wasm32")]
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    Callback::from(move |file: web_sys::File| {
        #[cfg(target_arch = "wasm32")]
        {
            let file = gloo::file::File::from(file);
            let name = file.name();
            if let Err(found) = check_size(file.size()) {
                on_text.emit((name, Err(found.to_string())));
                return;
            }
            let on_text = on_text.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |result| {
                let text = result.map_err(|err| {
                    format!("the browser could not read the file ({err}); check it is a .json file saved from Lotwise and try again")
                });
                on_text.emit((name, text));
            });
            *reader.borrow_mut() = Some(task);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = file;
            on_text.emit((String::new(), Err("opening files needs a browser".into())));
        }
    })
}

/// A file dropped outside the drop zone would make the browser leave the app to show it; this
/// stops that (the drop zone handles its own drops first).
#[hook]
fn use_drop_guard() {
    use_effect_with((), |_| {
        #[cfg(target_arch = "wasm32")]
        let listeners = {
            use wasm_bindgen::JsCast;
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let window = gloo::utils::window();
            let guard = |event: &web_sys::Event, over: bool| {
                if event.default_prevented() {
                    return; // a drop zone took it
                }
                let Some(drag) = event.dyn_ref::<web_sys::DragEvent>() else { return };
                let has_files = drag.data_transfer().is_some_and(|t| t.types().includes(&"Files".into(), 0));
                if has_files {
                    event.prevent_default();
                    if over {
                        if let Some(t) = drag.data_transfer() {
                            t.set_drop_effect("none");
                        }
                    }
                }
            };
            [
                gloo::events::EventListener::new_with_options(&window, "dragover", options, move |e| guard(e, true)),
                gloo::events::EventListener::new_with_options(&window, "drop", options, move |e| guard(e, false)),
            ]
        };
        move || {
            #[cfg(target_arch = "wasm32")]
            drop(listeners);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_workspace_opens_with_a_notice() {
        let mut ws = Workspace::default_workspace();
        ws.apply(Edit::NewScenario(Start::Example)).unwrap();
        ws.scenarios[1].rules.k = 3;
        let (back, notice) = open_text("plan.json", &ws.to_json()).unwrap();
        assert_eq!(back.workspace, ws);
        assert_eq!(notice, "Opened “plan.json”: 2 scenarios. Undo brings back what you had before.");
    }

    #[test]
    fn migration_notes_are_added_as_sentences() {
        let ws = Workspace::default_workspace();
        let mut old = serde_json::to_value(&ws.scenarios[0]).unwrap();
        old["format"] = "lotwise/0".into();
        let text = format!("\u{feff}{old}");
        let (back, notice) = open_text("old.json", &text).unwrap();
        assert_eq!(back.workspace.scenarios.len(), 1);
        assert!(notice.starts_with("Opened “old.json”: 1 scenario. "), "{notice}");
        assert!(notice.contains(" Removed a byte-order mark at the start of the file. "), "{notice}");
        assert!(notice.contains("lotwise/0"), "{notice}");
    }

    #[test]
    fn broken_files_list_every_problem() {
        let issues = open_text("bad.json", "{\"format\": \"lotwise/1\", \"scenarios\": [").unwrap_err();
        assert!(!issues.is_empty());
        let issues = open_text("bad.json", "[1, 2]").unwrap_err();
        assert!(issues.to_string().contains("not a workspace"), "{issues}");
        let mut ws = Workspace::default_workspace();
        ws.scenarios[0].rules.k = 0;
        ws.scenarios[0].suppliers[0].revenue = Some(-5.0);
        let issues = open_text("bad.json", &ws.to_json()).unwrap_err();
        assert!(issues.len() >= 2, "{issues}");
    }

    #[test]
    fn very_large_files_are_refused_before_reading() {
        assert!(check_size(1_000).is_ok());
        let err = check_size(50 * 1_048_576).unwrap_err();
        assert!(err.to_string().contains("50.0 MB"), "{err}");
    }
}
