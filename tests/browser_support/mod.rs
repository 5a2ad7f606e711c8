//! Helpers shared by the browser tests (`tests/browser*.rs`): the run-in-browser setting,
//! mounting a component into a fresh `<div>`, waiting for Yew to re-render, finding elements
//! and acting on them as a person would.
//!
//! A test file takes them with `mod browser_support;` and `use browser_support::*;`, and defines
//! `const SETTLE: Duration`, the wait [`settle`] uses (and so every helper that acts on the
//! page). Natively this module is empty.
#![cfg(target_arch = "wasm32")]
#![allow(dead_code)] // not every test file uses every helper

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::future::sleep;
use lotwise::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test_configure;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::BaseComponent;

// Run the tests in the headless browser (with a DOM), not in Node.
wasm_bindgen_test_configure!(run_in_browser);

/// Lets Yew render what the last mount, click or edit changed: sleeps for the test file's
/// `SETTLE`. Yew runs its scheduler on a spawned future, so yielding to the event loop once (a
/// zero wait) lets one render pass run; a longer wait also covers what follows it (effects that
/// dispatch again, the autosave on every change). Each file keeps the wait it was written with.
pub async fn settle() {
    sleep(crate::SETTLE).await;
}

/// A fresh `<div>` attached to the document body, to mount a component into.
pub fn new_root() -> Element {
    let root = gloo::utils::document().create_element("div").expect("create a root div");
    gloo::utils::body().append_child(&root).expect("attach the root div");
    root
}

/// Mounts component `C` with `props` into a [`new_root`], lets it render ([`settle`]) and
/// returns the root.
pub async fn mount<C: BaseComponent>(props: C::Properties) -> Element {
    let root = new_root();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

/// Mounts the whole app (see [`mount`]). It starts from whatever an earlier test in the same
/// page autosaved; [`render_example_app`] starts from the shipped example instead.
pub async fn render_app() -> Element {
    storage_at_rest().await;
    let root = mount::<App>(()).await;
    // The first step draws its lower sections a moment after the top (`widgets::Deferred`).
    eventually(|| exists(&root, "#segments-title")).await;
    root
}

/// Waits until no app on the page is still writing its work: the newest saved revision stays
/// the same for 100 ms. An app mounted earlier in the page (apps are never unmounted) may still
/// be saving its last change; the next app must start from that copy, not from the one before
/// it (and then take in the late one, as a second tab would).
pub async fn storage_at_rest() {
    use lotwise::ui::platform::persist::{slot_to_write, SLOTS};
    let Ok(backend) = lotwise::ui::platform::storage::open().await else { return };
    let mut last = None;
    for _ in 0..50 {
        let now = backend.get(&SLOTS).await.map(|r| slot_to_write(&r).1).ok();
        if now.is_some() && now == last {
            return;
        }
        last = now;
        sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Mounts the whole app on the shipped example: the copies an earlier test autosaved are
/// removed first ([`forget_saved_work`]), so the app does not restore them.
pub async fn render_example_app() -> Element {
    forget_saved_work().await;
    render_app().await
}

/// Deletes every record Lotwise keeps in this browser (its copies, versions and the copy an
/// earlier version kept in local storage).
pub async fn forget_saved_work() {
    let backend = lotwise::ui::platform::storage::open().await.expect("the browser's storage opens");
    lotwise::ui::platform::persist::forget_all(&backend).await.expect("saved work is deleted");
    LocalStorage::delete(lotwise::ui::platform::persist::LEGACY_KEY);
}

/// The first element under `root` that matches `selector`; panics if there is none.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).expect("valid selector").unwrap_or_else(|| panic!("no element matches {selector:?}"))
}

/// Whether any element under `root` matches `selector`.
pub fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).expect("valid selector").is_some()
}

/// How many elements under `root` match `selector`.
pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).expect("valid selector").length()
}

/// Every element under `root` that matches `selector`, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// The text of `el` and its descendants (empty if it has none).
pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The text of the first element under `root` that matches `selector` (see [`find`]).
pub fn text_of(root: &Element, selector: &str) -> String {
    text(&find(root, selector))
}

/// The `<input>` under `root` that matches `selector`; panics if it is some other element.
pub fn input(root: &Element, selector: &str) -> HtmlInputElement {
    find(root, selector).dyn_into().expect("an input")
}

/// Clicks the element that matches `selector` as a person would (a click on a checkbox also
/// fires `change`), then lets the app re-render ([`settle`]).
pub async fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().expect("an HTML element").click();
    settle().await;
}

/// Dispatches an event of type `kind` (such as `input` or `change`) at `el`. It bubbles, as the
/// browser's own do, so Yew's listeners (attached at the app's root) see it.
pub fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("an event");
    el.dispatch_event(&event).expect("dispatch");
}

/// Types `text` into the input that matches `selector` and leaves it, as a person would: sets
/// the value, fires `input` then `change`, and lets the app re-render ([`settle`]). A field that
/// listens only for `change` reacts once, when it is left.
pub async fn type_into(root: &Element, selector: &str, text: &str) {
    let el = input(root, selector);
    el.set_value(text);
    fire(&el, "input");
    fire(&el, "change");
    settle().await;
}

/// Waits until `done` holds, checking every 20 ms for at most 5 s, and says whether it did.
/// For a change whose render can take longer than [`settle`] on a busy machine; the test's own
/// assertions follow, so a change that never comes still fails there.
pub async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..250 {
        if done() {
            return true;
        }
        sleep(std::time::Duration::from_millis(20)).await;
    }
    done()
}

#[derive(yew::Properties, PartialEq)]
pub struct WithDocProps {
    pub workspace: lotwise::model::Workspace,
    #[prop_or_default]
    pub children: yew::Html,
}

/// Renders `children` inside a store of their own holding `workspace`, with the [`Doc`] every
/// panel edits through: a panel tested alone edits as it does in the app.
///
/// [`Doc`]: lotwise::ui::store::Doc
#[yew::component]
pub fn WithDoc(p: &WithDocProps) -> yew::Html {
    use lotwise::ui::store::{Action, Doc, DocProvider, State};
    let state = yew::use_reducer(|| State::new(p.workspace.clone()));
    let dispatch = {
        let state = state.clone();
        yew::Callback::from(move |a: Action| state.dispatch(a))
    };
    let doc = Doc::of(&state, dispatch);
    yew::html! { <DocProvider context={doc}>{ p.children.clone() }</DocProvider> }
}
