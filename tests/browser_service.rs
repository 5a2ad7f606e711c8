//! Browser tests of the Service and segments panel (the app's default tab): the split-by
//! boxes change the segment count, area values change the total, and in-house boxes show in
//! the segment grid. Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

/// How long [`settle`] waits after each render, click or edit.
const SETTLE: Duration = Duration::from_millis(120);

/// "£58,394,737" -> 58394737.
fn pounds(text: &str) -> f64 {
    text.chars().filter(char::is_ascii_digit).collect::<String>().parse().expect("an amount")
}

#[wasm_bindgen_test]
async fn split_by_tier_changes_the_segment_count() {
    let root = render_app().await;
    assert!(input(&root, "#split-area").checked());
    assert!(input(&root, "#split-locality").checked());
    assert!(!input(&root, "#split-tier").checked());
    assert_eq!(text_of(&root, "#segment-count"), "136 segments");

    click(&root, "#split-tier").await;
    assert!(input(&root, "#split-tier").checked());
    let with_tiers = text_of(&root, "#segment-count");
    assert_ne!(with_tiers, "136 segments");
    let n: usize = with_tiers.trim_end_matches(" segments").parse().expect("a count");
    assert!(n > 136, "splitting by tier gives more segments, got {n}");
    // The grid folds areas into expandable groups with tier rows.
    assert!(root.query_selector("#segments-FAM").unwrap().is_some());
    assert!(text_of(&root, "#segments-FAM").contains("Level 3 Multiple/Complex"));

    click(&root, "#split-tier").await;
    assert_eq!(text_of(&root, "#segment-count"), "136 segments");
    root.remove();
}

#[wasm_bindgen_test]
async fn changing_an_area_value_changes_the_total() {
    let root = render_app().await;
    let before = pounds(&text_of(&root, "#service-total"));
    let fost = pounds(&input(&root, "#area-FOST-value").value());
    assert!(fost > 0.0);

    type_into(&root, "#area-FOST-value", "£12m").await;
    // On a busy machine the field can show its old value for a moment after the edit.
    eventually(|| input(&root, "#area-FOST-value").value() == "£12,000,000").await;
    let after = pounds(&text_of(&root, "#service-total"));
    assert_eq!(after, before - fost + 12_000_000.0);
    assert_eq!(input(&root, "#area-FOST-value").value(), "£12,000,000");

    // Nonsense is refused with a message and changes nothing.
    type_into(&root, "#area-FOST-value", "lots").await;
    assert_eq!(pounds(&text_of(&root, "#service-total")), after);
    assert!(text_of(&root, "#area-FOST-value-error").contains("\"lots\" is not a number of pounds"));
    root.remove();
}

#[wasm_bindgen_test]
async fn in_house_boxes_show_in_the_segment_grid() {
    let root = render_app().await;
    assert!(text_of(&root, "#segment-FOST-North").contains("Open"));

    // One segment.
    click(&root, "#keep-FOST-North").await;
    let seg = text_of(&root, "#segment-FOST-North");
    assert!(seg.contains("In-house"), "{seg}");
    assert!(!seg.contains("Open"), "{seg}");
    assert!(input(&root, "#keep-FOST-North").checked());
    assert!(text_of(&root, "#segment-count").contains("segments"));

    // A whole area: every FAM cell is in-house and there is no open FAM work left.
    assert!(text_of(&root, "#cell-FAM-South").contains("Open"));
    click(&root, "#area-FAM-inhouse").await;
    let cell = text_of(&root, "#cell-FAM-South");
    assert!(cell.contains("In-house") && !cell.contains("Open"), "{cell}");
    root.remove();
}

#[wasm_bindgen_test]
async fn tier_shares_that_do_not_add_up_are_reported() {
    let root = render_app().await;
    assert!(root.query_selector("#service-errors").unwrap().is_none());
    type_into(&root, "#tier-FOST-3", "40").await;
    assert!(text_of(&root, "#tier-FOST-sum").contains("must be 100%"));
    let summary = text_of(&root, "#service-errors");
    assert!(summary.contains("Fostering services, tiers of need"), "{summary}");
    let link = find(&root, "#service-errors a");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#tier-FOST-1"));

    type_into(&root, "#tier-FOST-4", "60").await;
    assert!(root.query_selector("#service-errors").unwrap().is_none());
    assert_eq!(text_of(&root, "#tier-FOST-sum"), "100%");
    root.remove();
}

#[wasm_bindgen_test]
async fn borders_are_symmetric() {
    let root = render_app().await;
    assert!(!input(&root, "#adj-North-South").checked());
    assert!(!input(&root, "#adj-South-North").checked());
    click(&root, "#adj-North-South").await;
    assert!(input(&root, "#adj-North-South").checked());
    assert!(input(&root, "#adj-South-North").checked(), "ticked in South's row too");
    click(&root, "#adj-South-North").await;
    assert!(!input(&root, "#adj-North-South").checked());
    root.remove();
}

/// Chooses a file holding `text` in the boundaries' file input, as a person picking it would,
/// and waits for the app to read it and say something new.
async fn choose_boundaries(root: &Element, name: &str, text: &str) {
    use wasm_bindgen::JsValue;
    let said = |root: &Element| {
        all(root, "#boundaries-result, #boundaries-error")
            .iter()
            .map(browser_support::text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let before = said(root);
    let input = find(root, "#boundaries-file");
    let choose = js_sys::Function::new_with_args(
        "input, name, text",
        "const file = new File([text], name, { type: 'application/geo+json' });
         const transfer = new DataTransfer();
         transfer.items.add(file);
         input.files = transfer.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    let args = js_sys::Array::of3(&input, &JsValue::from_str(name), &JsValue::from_str(text));
    choose.apply(&JsValue::NULL, &args).expect("choose the file");
    eventually(|| said(root) != before).await;
    settle().await;
}

#[wasm_bindgen_test]
async fn boundaries_load_match_and_offer_their_borders() {
    let root = render_example_app().await;
    eventually(|| exists(&root, "#boundaries-file")).await;
    // Without boundaries: a sketch of the borders, one circle per locality.
    assert_eq!(count(&root, "#service-map .map-place"), 8);
    assert_eq!(count(&root, "#service-map .map-link"), 12);
    assert!(!input(&root, "#adj-East-South").checked());

    choose_boundaries(&root, "example.geojson", include_str!("data/geo/example-localities.geojson")).await;
    let said = text_of(&root, "#boundaries-result");
    assert!(
        said.starts_with("Matched 8 of 8 localities to 9 features in the file, by its \"ward_name\" property."),
        "{said}"
    );
    assert!(said.contains("\"Neighbouring authority\""), "{said}");
    assert_eq!(count(&root, "#service-map .map-link"), 0, "a map now, not a sketch");
    assert_eq!(count(&root, "#service-map .map-place"), 8);
    assert_eq!(text_of(&root, "#boundaries-offer-add"), "Border each other, not ticked yet: East and South.");
    assert!(text_of(&root, "#boundaries-offer-remove").contains("Central and North East"));

    click(&root, "#boundaries-accept").await;
    assert!(input(&root, "#adj-East-South").checked());
    assert!(!input(&root, "#adj-Central-North-East").checked());
    assert!(!exists(&root, "#boundaries-offer"));
    assert!(text_of(&root, "#boundaries-result").contains("Undo takes this back"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_hostile_boundaries_file_is_refused_and_changes_nothing() {
    let root = render_example_app().await;
    eventually(|| exists(&root, "#boundaries-file")).await;
    let bow_tie = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"North"},
        "geometry":{"type":"Polygon","coordinates":[[[0,52],[1,53],[1,52],[0,53],[0,52]]]}}]}"#;
    choose_boundaries(&root, "bow-tie.geojson", bow_tie).await;
    let said = text_of(&root, "#boundaries-error");
    assert!(
        said.starts_with("bow-tie.geojson was not loaded. Feature 1 (\"North\"), its outer ring crosses itself"),
        "{said}"
    );
    assert_eq!(count(&root, "#service-map .map-link"), 12, "still the sketch: nothing was kept");
    assert!(!exists(&root, "#boundaries-remove"));

    choose_boundaries(&root, "huge.geojson", r#"{"type":"FeatureCollection","features":[{"properties":{"name":"North"},"geometry":{"type":"Polygon","coordinates":[[[1e999,0]]]}}]}"#).await;
    let said = text_of(&root, "#boundaries-error");
    assert!(said.contains("too large to be a coordinate"), "{said}");
    root.remove();
}

#[wasm_bindgen_test]
async fn adding_an_authority_makes_a_regional_plan() {
    let root = render_app().await;
    let before = pounds(&text_of(&root, "#service-total"));
    assert!(!exists(&root, "#locality-North-authority"));
    click(&root, "#authority-add").await;
    eventually(|| exists(&root, "#locality-North-authority")).await;
    // The first authority holds every locality and the values; the new one has none yet.
    assert_eq!(count(&root, "section[aria-labelledby=\"authorities-title\"] tbody tr"), 2);
    assert!(text_of(&root, "#area-FOST-value").contains("the authorities' total"));
    assert_eq!(pounds(&text_of(&root, "#service-total")), before);
    // Spending typed for the new authority adds to the area's total; its in-house box is its own.
    type_into(&root, "#authority-Authority-2-FOST", "£2m").await;
    eventually(|| pounds(&text_of(&root, "#service-total")) == before + 2_000_000.0).await;
    assert_eq!(pounds(&text_of(&root, "#service-total")), before + 2_000_000.0);
    // Until it has a locality, the step says where its work would go.
    assert!(
        text_of(&root, "#service-errors").contains("no locality with demand to hold it"),
        "{}",
        text_of(&root, "#service-errors")
    );
    root.remove();
}
