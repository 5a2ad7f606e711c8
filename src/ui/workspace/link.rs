//! Share links: "Copy link" packs the workspace with its plans into the link's fragment
//! (`model::link`), which browsers never send to a server; opening such a link shows what it
//! holds and asks before replacing the work on screen (which is kept as a version). A link too
//! long to share, or one that is damaged, says so in words and changes nothing.

use yew::prelude::*;

use crate::base::text::plural;
use crate::model::link;
use crate::plan::saved::Document;
use crate::ui::store::{use_doc, Action};

/// The fragment of a link holding `doc`, or why it cannot be shared as a link.
pub fn make_link(doc: &Document) -> Result<String, String> {
    let text = doc.to_json();
    let compact = serde_json::from_str::<serde_json::Value>(&text).map(|v| v.to_string()).unwrap_or(text);
    let fragment = link::encode(&compact);
    if !link::fits(&fragment) {
        return Err(format!(
            "This workspace needs a link of {} characters, more than the {} a link can safely carry. Use “Save workspace as a file” and send the file instead.",
            fragment.len(),
            link::MAX_LINK_CHARS
        ));
    }
    Ok(fragment)
}

/// The workspace a link's fragment holds and a sentence saying what it is, or why it cannot be
/// opened (in words). Never panics, whatever the fragment.
pub fn read_link(fragment: &str) -> Result<(Document, String), String> {
    let text = link::decode(fragment).map_err(|e| format!("The link could not be opened: {e}."))?;
    let (doc, _notes) = Document::import(&text).map_err(|issues| {
        let first = issues.iter().next().map(|i| i.to_string()).unwrap_or_default();
        format!("The link could not be opened: the workspace in it is damaged ({first}).")
    })?;
    let names: Vec<String> = doc.workspace.scenarios.iter().take(3).map(|s| format!("“{}”", s.name)).collect();
    let more = doc.workspace.scenarios.len().saturating_sub(3);
    let names = if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") };
    let plans = match doc.plans.len() {
        0 => "no saved plans".to_string(),
        n => plural(n, "saved plan", "saved plans"),
    };
    let service = &doc.workspace.active_scenario().service;
    let what = format!(
        "This link holds a workspace for {}: {} ({names}), with {plans}.",
        [service.authority.trim(), service.name.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        plural(doc.workspace.scenarios.len(), "scenario", "scenarios"),
    );
    Ok((doc, what))
}

/// The page's URL fragment (with its `#`), if any.
fn current_fragment() -> String {
    #[cfg(target_arch = "wasm32")]
    return gloo::utils::window().location().hash().unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Removes the fragment from the address bar (without reloading), so a reload does not offer
/// the link again.
fn clear_fragment() {
    #[cfg(target_arch = "wasm32")]
    {
        let window = gloo::utils::window();
        let path = window.location().pathname().unwrap_or_else(|_| "/".into());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// What a link opened with the page holds, and the question; or why it cannot be opened.
#[component]
pub fn LinkOffer() -> Html {
    let doc = use_doc();
    let fragment = use_state(current_fragment);
    {
        let fragment = fragment.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                fragment.set(current_fragment())
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = fragment;
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(listener);
            }
        });
    }
    if !link::is_link(&fragment) {
        return Html::default();
    }
    let close = {
        let fragment = fragment.clone();
        Callback::from(move |_: MouseEvent| {
            clear_fragment();
            fragment.set(String::new());
            // The question goes away: the keyboard carries on from the scenario switcher.
            crate::ui::platform::focus_by_id("scenario-select");
        })
    };
    match read_link(&fragment) {
        Err(why) => html! {
            <div class="app-notice ws-conflict" role="alert" id="link-offer">
                <h2 class="app-heading-s">{ "The link could not be opened" }</h2>
                <p class="app-body" id="link-error">{ why }{ " Your work is unchanged." }</p>
                <button type="button" class="app-button app-button--secondary" id="link-dismiss" onclick={close}>{ "Dismiss" }</button>
            </div>
        },
        Ok((document, what)) => {
            let open = {
                let (doc, close) = (doc.clone(), close.clone());
                Callback::from(move |e: MouseEvent| {
                    doc.dispatch(Action::Replace {
                        document: Box::new(document.clone()),
                        before: "Before opening a link".into(),
                    });
                    doc.dispatch(Action::SetNotice(Some("Opened the workspace from the link. Undo brings back what you had; it is also kept in Versions as “Before opening a link”.".into())));
                    close.emit(e);
                })
            };
            html! {
                <div class="app-notice" role="region" aria-labelledby="link-offer-title" id="link-offer">
                    <h2 class="app-heading-s" id="link-offer-title">{ "Open the workspace in this link?" }</h2>
                    <p class="app-body" id="link-what">{ what }</p>
                    <p class="app-body">{ "Opening it replaces the work on screen, which is kept in Versions so you can go back to it." }</p>
                    <div class="ws-conflict__actions">
                        <button type="button" class="app-button" id="link-open" onclick={open}>{ "Open the linked workspace" }</button>
                        <button type="button" class="app-button app-button--secondary" id="link-dismiss" onclick={close}>{ "Keep my current work" }</button>
                    </div>
                </div>
            }
        }
    }
}

/// "Copy link": the link to this workspace, copied and shown; or why there is none.
#[component]
pub fn CopyLink() -> Html {
    let doc = use_doc();
    let shown = use_state(|| None::<Result<String, String>>);
    let on_copy = {
        let (doc, shown) = (doc.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            let made = make_link(&doc.document()).map(|fragment| full_url(&fragment));
            if let Ok(url) = &made {
                copy_to_clipboard(url);
            }
            shown.set(Some(made));
        })
    };
    html! {
        <div class="ws-link" id="share-link">
            <p class="app-body-s">{ format!("Or share a link: it carries the whole workspace with its plans inside the link itself (nothing is uploaded). Anyone with the link can see the work. Links are limited to {} characters; a larger workspace is shared as a file.", link::MAX_LINK_CHARS) }</p>
            <button type="button" class="app-button app-button--secondary" id="link-copy" onclick={on_copy}>{ "Copy link" }</button>
            { match &*shown {
                None => html! { <p class="app-body-s" role="status" id="link-status"></p> },
                Some(Ok(url)) => html! {
                    <>
                        <p class="app-body-s" role="status" id="link-status">{ format!("Link copied ({} characters). If it was not, copy it from the box below.", url.len()) }</p>
                        <label class="app-label" for="link-field">{ "Link to this workspace" }</label>
                        <input class="app-input ws-link__field" id="link-field" type="text" readonly=true value={url.clone()} />
                    </>
                },
                Some(Err(why)) => html! { <p class="app-body-s" role="status" id="link-status">{ why.clone() }</p> },
            } }
        </div>
    }
}

/// This page's address with `fragment`.
fn full_url(fragment: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let location = gloo::utils::window().location();
        let origin = location.origin().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        format!("{origin}{path}{fragment}")
    }
    #[cfg(not(target_arch = "wasm32"))]
    fragment.to_string()
}

fn copy_to_clipboard(text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = gloo::utils::window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::saved::SavedPlan;

    fn solved() -> Document {
        let ws = Workspace::default_workspace();
        let problem = crate::plan::lower::lower_active(&ws).unwrap();
        let solution = crate::plan::solver::solve(&problem, &Default::default());
        let mut doc = Document::new(ws.clone());
        doc.plans.insert(ws.active_scenario().id.clone(), SavedPlan::new(ws.active_scenario(), problem, solution));
        doc
    }

    #[test]
    fn a_link_carries_the_workspace_and_its_plans_exactly() {
        let doc = solved();
        let fragment = make_link(&doc).unwrap();
        let (back, what) = read_link(&fragment).unwrap();
        assert_eq!(back, doc);
        assert!(what.contains("1 scenario") && what.contains("1 saved plan"), "{what}");
    }

    #[test]
    fn a_workspace_too_large_for_a_link_is_sent_as_a_file() {
        let mut doc = solved();
        // An incompressible service name makes the workspace too large for a link.
        let mut seed = 7u64;
        doc.workspace.scenarios[0].service.name = (0..200_000)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                char::from(b'a' + (seed >> 59) as u8 % 26)
            })
            .collect();
        let Err(why) = make_link(&doc) else { panic!("a link was made") };
        assert!(why.contains("Save workspace as a file"), "{why}");
    }

    fn packed(text: &str) -> String {
        link::encode(text)
    }

    #[test]
    fn hostile_links_say_why_and_never_panic() {
        let good = make_link(&solved()).unwrap();
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let huge = Workspace::default_workspace().to_json().replacen("\"k\": 2", "\"k\": 1e999", 1);
        let cases = [
            good[..good.len() / 3].to_string(),   // truncated
            "#lotwise=1.%%%not base64%%%".into(), // not base64
            packed(&deep),                        // deep nesting
            packed(&huge),                        // a number out of range
            packed("{\"format\": \"lotwise/2\", \"scenarios\": []}"),
            packed(&" ".repeat(link::MAX_INFLATED_BYTES + 10)), // a decompression bomb
        ];
        for fragment in cases {
            let why = read_link(&fragment).unwrap_err();
            assert!(why.starts_with("The link could not be opened: "), "{why}");
        }
        assert!(huge.contains("1e999"), "the case tests what it says");
    }
}
