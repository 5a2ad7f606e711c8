//! Browser tests of keeping work (IndexedDB in headless Chromium): a reload restores the
//! workspace with its plans and says "Saved"; a save cut off part way gives back the copy
//! before it; a failed save says "Not saved" with the reason and offers a file; named versions
//! are kept, listed and restored (undoably); two apps on one page (as two tabs) take in each
//! other's independent changes. Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use browser_support::*;
use lotwise::model::Workspace;
use lotwise::plan::saved::{Document, SavedPlan};
use lotwise::plan::{lower::lower_active, solver};
use lotwise::ui::platform::persist::{self, Session, SLOTS};
use lotwise::ui::platform::storage::{self, Backend, Write};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

const SETTLE: Duration = Duration::from_millis(150);

fn session() -> Session {
    Session { tab: "test".into(), rev: 0, base: Document::new(Workspace::default_workspace()) }
}

fn with_k(k: u32) -> Document {
    let mut ws = Workspace::default_workspace();
    ws.scenarios[0].rules.k = k;
    Document::new(ws)
}

async fn saved(docs: &[Document]) -> Backend {
    forget_saved_work().await;
    let backend = storage::open().await.expect("storage opens");
    let mut s = session();
    for d in docs {
        persist::save(&backend, &mut s, d, 0.0, false).await.expect("saved");
    }
    backend
}

async fn status(root: &Element, want: &str) -> String {
    eventually(|| text_of(root, "#save-status") == want).await;
    text_of(root, "#save-status")
}

#[wasm_bindgen_test]
async fn a_reload_restores_the_workspace_with_its_plans_and_says_saved() {
    let ws = Workspace::default_workspace();
    let problem = lower_active(&ws).unwrap();
    let solution = solver::solve(&problem, &solver::Options::default());
    let mut doc = Document::new(ws.clone());
    doc.plans.insert(ws.active_scenario().id.clone(), SavedPlan::new(ws.active_scenario(), problem, solution));
    saved(&[doc]).await;
    let root = render_app().await;
    assert_eq!(status(&root, "Saved").await, "Saved");
    assert!(text_of(&root, "#workspace-notice").contains("restored"));
    click(&root, "#tab-plan").await;
    eventually(|| exists(&root, "#lots-table")).await;
    assert!(exists(&root, "#lots-table"), "the saved plan shows without solving again");
}

#[wasm_bindgen_test]
async fn a_save_cut_off_part_way_gives_back_the_copy_before_it() {
    let backend = saved(&[with_k(3), with_k(4)]).await;
    // The newest copy (k = 4, revision 2) is in the second slot: cut it off half way.
    let full = backend.get(&[SLOTS[1]]).await.unwrap().pop().flatten().expect("second slot written");
    backend.write(&[Write::Put(SLOTS[1].into(), full[..full.len() / 2].to_string())]).await.unwrap();
    let root = render_app().await;
    eventually(|| exists(&root, "#workspace-notice")).await;
    assert!(
        text_of(&root, "#workspace-notice").contains("cut off part way"),
        "{}",
        text_of(&root, "#workspace-notice")
    );
    click(&root, "#tab-rules").await;
    assert_eq!(input(&root, "#rule-k").value(), "3");
}

#[wasm_bindgen_test]
async fn a_failed_save_says_not_saved_with_the_reason_and_offers_a_file() {
    forget_saved_work().await;
    let fail = Rc::new(RefCell::new(None::<String>));
    storage_at_rest().await;
    storage::open_next_as(Backend::memory_failing(fail.clone()));
    let root = mount::<lotwise::ui::App>(()).await; // not render_app: it would open storage first
    eventually(|| exists(&root, "#segments-title")).await;
    assert_eq!(status(&root, "Saved").await, "Saved");
    assert!(!exists(&root, "#save-problem"));
    *fail.borrow_mut() = Some("this browser's storage for Lotwise is full".into());
    click(&root, "#scenario-duplicate").await;
    assert_eq!(status(&root, "Not saved").await, "Not saved");
    assert!(text_of(&root, "#save-problem").contains("storage for Lotwise is full"));
    assert!(text_of(&root, "#scenario-count").starts_with("2 of 2"), "the work stays on screen");
    click(&root, "#save-to-file").await;
    assert!(text_of(&root, "#save-to-file-status").contains("lotwise-workspace.json"));
    // Room again: "Try saving again" saves.
    *fail.borrow_mut() = None;
    click(&root, "#save-retry").await;
    assert_eq!(status(&root, "Saved").await, "Saved");
}

#[wasm_bindgen_test]
async fn named_versions_are_kept_listed_and_restored_undoably() {
    forget_saved_work().await;
    let root = render_app().await;
    click(&root, "#versions > summary").await;
    eventually(|| exists(&root, "#versions-empty")).await;
    type_into(&root, "#version-name", "before the workshop").await;
    click(&root, "#version-keep-button").await;
    eventually(|| count(&root, "#versions-list li") == 1).await;
    assert!(text_of(&root, "#versions-list").contains("before the workshop"));
    assert!(text_of(&root, "#versions-list").contains("1 scenario"));
    click(&root, "#scenario-duplicate").await;
    assert!(text_of(&root, "#scenario-count").starts_with("2 of 2"));
    click(&root, "#versions-list li button").await; // Restore
    eventually(|| text_of(&root, "#scenario-count").starts_with("1 of 1")).await;
    assert!(text_of(&root, "#scenario-count").starts_with("1 of 1"));
    assert!(text_of(&root, "#workspace-notice").contains("Restored the version “before the workshop”"));
    eventually(|| count(&root, "#versions-list li") == 2).await;
    assert!(text_of(&root, "#versions-list").contains("Before restoring"), "the work replaced is kept too");
    click(&root, "button[aria-keyshortcuts='Control+Z']").await;
    assert!(text_of(&root, "#scenario-count").starts_with("2 of 2"), "Undo brings it back");
    // Delete asks for a second press.
    let delete = "#versions-list li:last-child .ws-bar__button--delete";
    click(&root, delete).await;
    assert!(text_of(&root, delete).starts_with("Press again to delete"));
    assert_eq!(count(&root, "#versions-list li"), 2);
    click(&root, delete).await;
    eventually(|| count(&root, "#versions-list li") == 1).await;
    assert!(
        text_of(&root, "#versions-list li").starts_with("Before restoring"),
        "the named version is the one deleted"
    );
}

#[wasm_bindgen_test]
async fn two_apps_take_in_each_others_independent_changes() {
    forget_saved_work().await;
    let one = render_app().await;
    let two = render_app().await;
    click(&one, "#scenario-duplicate").await;
    eventually(|| text_of(&two, "#scenario-count").starts_with("2 of 2")).await;
    assert!(text_of(&two, "#scenario-count").starts_with("2 of 2"), "tab two took in tab one's new scenario");
    click(&two, "#tab-rules").await;
    type_into(&two, "#rule-k", "3").await;
    click(&one, "#tab-rules").await;
    eventually(|| input(&one, "#rule-k").value() == "3").await;
    assert_eq!(input(&one, "#rule-k").value(), "3");
    assert_eq!(status(&one, "Saved").await, "Saved");
}
