//! Browser tests of the Suppliers and Lot rules steps: add a supplier through the form and see
//! its capacity, a CSV with a bad row imports nothing, and the rules keep values and flag
//! v_min above v_max. Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlTextAreaElement};

/// How long [`settle`] waits after each render, click or edit.
const SETTLE: Duration = Duration::from_millis(30);

/// How many suppliers the register table lists.
fn rows(root: &Element) -> u32 {
    count(root, "#supplier-table tbody tr[id^='supplier-row-']")
}

/// Pastes `text` into the CSV box and leaves it (fires `input` then `change`).
async fn paste_csv(root: &Element, text: &str) {
    let el: HtmlTextAreaElement = find(root, "#supplier-csv").dyn_into().expect("a textarea");
    el.set_value(text);
    fire(&el, "input");
    fire(&el, "change");
    settle().await;
}

#[wasm_bindgen_test]
async fn adding_a_supplier_through_the_form_shows_it_with_its_capacity() {
    let root = render_app().await;
    click(&root, "#tab-suppliers").await;
    let before = rows(&root);
    assert!(before > 0, "the example register has suppliers");
    assert!(text_of(&root, "#supplier-table").contains("illustrative"), "invented coverage is marked");

    // Saving an empty form lists the problems and adds nothing.
    click(&root, "#add-supplier").await;
    assert!(exists(&root, "#supplier-form"));
    click(&root, "#supplier-save").await;
    assert!(exists(&root, ".app-error-summary"), "an error summary");
    assert!(text_of(&root, "#supplier-name-error").contains("Enter the supplier's name"));
    assert!(exists(&root, "#supplier-areas-error"));
    assert_eq!(rows(&root), before);

    type_into(&root, "#supplier-name", "Test Care Ltd").await;
    type_into(&root, "#supplier-revenue", "12x").await;
    type_into(&root, "#supplier-equity", "3m").await;
    click(&root, "#supplier-area-FOST").await;
    click(&root, "#supplier-localities-all").await;
    click(&root, "#supplier-save").await;
    assert!(text_of(&root, "#supplier-revenue-error").contains("\"12x\" is not a number of pounds"));
    assert_eq!(rows(&root), before);

    type_into(&root, "#supplier-revenue", "£10m").await;
    // The owner, labelled in words: suppliers of one group count once towards k.
    assert!(text_of(&root, "label[for='supplier-group']").contains("Group (parent company or owner)"));
    assert!(text_of(&root, "#supplier-group-hint").contains("count as one bidder"));
    type_into(&root, "#supplier-group", "Test Holdings").await;
    // Financial standing: net debt of six times EBITDA is over the policy's limit of 4.
    assert!(text_of(&root, "label[for='supplier-net-debt']").contains("Net debt"));
    type_into(&root, "#supplier-net-debt", "30m").await;
    type_into(&root, "#supplier-ebitda", "5m").await;
    click(&root, "#supplier-save").await;
    assert!(!exists(&root, "#supplier-form"), "the form closes on save");
    assert_eq!(rows(&root), before + 1);
    let row = text_of(&root, "#supplier-row-TESTCARELT");
    assert!(row.contains("Test Care Ltd"), "{row}");
    // Half of £10m turnover; 2 x £3m equity covers it, so net assets are strong.
    assert!(row.contains("£5.00m"), "{row}");
    assert!(row.contains("net assets strong"), "the why steps: {row}");
    assert!(row.contains("1 area, all 8 localities"), "{row}");
    assert!(row.contains("Test Holdings group"), "{row}");
    assert!(row.contains("Financial concern"), "{row}");
    assert!(row.contains("net debt is 6.0 times EBITDA (your limit: 4.0)"), "the why: {row}");
    assert!(text_of(&root, "#supplier-notice").contains("Added Test Care Ltd"));

    // Sorting by capacity puts the largest last, then first.
    click(&root, "#sort-capacity").await;
    let th = find(&root, "#sort-capacity").parent_element().expect("a th");
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
    click(&root, "#sort-capacity").await;
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("descending"));
    let first = find(&root, "#supplier-table tbody tr");
    assert!(first.text_content().unwrap_or_default().contains("Cambian Group"));

    // Remove it again.
    click(&root, "#supplier-remove-TESTCARELT").await;
    assert_eq!(rows(&root), before);
    assert!(!exists(&root, "#supplier-row-TESTCARELT"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_csv_with_a_bad_row_imports_nothing_and_says_why() {
    let root = render_app().await;
    click(&root, "#tab-suppliers").await;
    let before = rows(&root);

    paste_csv(
        &root,
        "name,revenue,equity,service_areas,localities\nGood Care,1m,1m,FOST,all\nBad Care,12x,1m,FOST,all\n",
    )
    .await;
    click(&root, "#import-csv").await;
    let errors = text_of(&root, "#import-errors");
    assert!(errors.contains("Nothing was imported"), "{errors}");
    assert!(errors.contains("row 3, revenue: \"12x\" is not a number of pounds"), "{errors}");
    assert_eq!(rows(&root), before, "nothing imported half-way");

    paste_csv(
        &root,
        "name,revenue,equity,service_areas,localities\nGood Care,1m,1m,FOST,all\nBetter Care,2m,1m,FOST;RES,North\n",
    )
    .await;
    click(&root, "#import-csv").await;
    assert!(text_of(&root, "#import-status").contains("Imported 2 suppliers"));
    assert!(!exists(&root, "#import-errors"));
    assert_eq!(rows(&root), before + 2);
    root.remove();
}

#[wasm_bindgen_test]
async fn rules_keep_k_and_flag_v_min_above_v_max() {
    let root = render_app().await;
    click(&root, "#tab-rules").await;
    for id in ["#rule-k", "#rule-m", "#rule-vmin", "#rule-vmax", "#rule-mix", "#rule-m-group"] {
        assert!(exists(&root, id), "{id}");
        let label = root.query_selector(&format!("label[for='{}']", &id[1..])).unwrap();
        assert!(label.is_some(), "{id} is labelled");
    }
    assert!(text_of(&root, ".rules-help").contains("section 18"), "the Procurement Act 2023, not the EU Directive");

    type_into(&root, "#rule-k", "3").await;
    assert_eq!(input(&root, "#rule-k").value(), "3");
    click(&root, "#tab-suppliers").await;
    click(&root, "#tab-rules").await;
    assert_eq!(input(&root, "#rule-k").value(), "3", "k is kept in the scenario");

    type_into(&root, "#rule-k", "0").await;
    assert!(exists(&root, "#rule-k-error"), "k must be 1 or more");

    assert!(!exists(&root, "#rule-vmin-error"));
    type_into(&root, "#rule-vmin", "£5m").await;
    let error = text_of(&root, "#rule-vmin-error");
    assert!(error.contains("above the largest"), "{error}");
    assert_eq!(input(&root, "#rule-vmin").get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&root, "#rule-vmax", "£6m").await;
    assert!(!exists(&root, "#rule-vmin-error"), "fixed by raising v_max");
    type_into(&root, "#rule-vmax", "£1m").await;
    assert!(text_of(&root, "#rule-vmax-error").contains("above the largest"), "shown where it was typed");
    assert!(!exists(&root, "#rule-vmin-error"));

    // The lot limit per supplier group: off, then on and kept.
    assert!(!input(&root, "#rule-m-group").checked());
    click(&root, "#rule-m-group").await;
    click(&root, "#tab-suppliers").await;
    click(&root, "#tab-rules").await;
    assert!(input(&root, "#rule-m-group").checked(), "m per group is kept in the scenario");
    root.remove();
}
