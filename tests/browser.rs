//! Browser tests: render the Yew app in headless Chromium and check the DOM.
//!
//! Run by `scripts/test` as
//! `cargo test --target wasm32-unknown-unknown --test browser` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`,
//! `CHROMEDRIVER=/usr/bin/chromedriver` and `webdriver.json`. Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use lotwise::ui::{ORIENTATION, PRODUCT_NAME};
use wasm_bindgen_test::wasm_bindgen_test;

/// How long [`settle`] waits: only the first render is waited for here, and yielding to Yew's
/// scheduler once is enough for that.
const SETTLE: Duration = Duration::ZERO;

#[wasm_bindgen_test]
async fn renders_the_heading_and_orientation() {
    let root = render_app().await;
    assert_eq!(text_of(&root, "h1"), PRODUCT_NAME);
    assert_eq!(text_of(&root, "#orientation"), ORIENTATION);
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1, "exactly one h1");
    root.remove();
}

#[wasm_bindgen_test]
async fn has_a_main_landmark_and_a_skip_link_to_it() {
    let root = render_app().await;
    let mains = root.query_selector_all("main").unwrap();
    assert_eq!(mains.length(), 1, "exactly one main landmark");
    let main = root.query_selector("main").unwrap().unwrap();
    assert_eq!(main.id(), "main-content");
    assert!(main.query_selector("h1").unwrap().is_some(), "the h1 is inside main");

    let skip = root.query_selector("a.skip-link").unwrap().expect("a skip link");
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#main-content"));
    assert_eq!(skip.text_content().as_deref(), Some("Skip to main content"));
    let first_focusable = root.query_selector("a, button, input, select, textarea").unwrap().unwrap();
    assert!(first_focusable.is_same_node(Some(&skip)), "the skip link comes first");
    assert!(root.query_selector("header").unwrap().is_some(), "a header (banner)");
    root.remove();
}
