//! "Versions to go back to": the versions kept in this browser (automatic and named), newest
//! first, each with its time and a one-line summary, to restore (one undoable step; the work
//! it replaces is kept as a version too) or delete; and a form to keep a named version now.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::platform::autosave::{day_and_clock, Saver};
use crate::ui::platform::storage::Backend;
use crate::ui::platform::versions::{self, Version, BUDGET, LOCAL_BUDGET, MAX_VERSIONS};
use crate::ui::store::{use_doc, Action};

/// The list, read again whenever the saver says it may have changed.
#[hook]
fn use_versions(saver: Option<Saver>) -> UseStateHandle<Option<Result<Vec<Version>, String>>> {
    let list = use_state(|| None);
    let seq = saver.as_ref().map_or(0, |s| s.versions_seq);
    let backend = saver.as_ref().and_then(Saver::backend);
    {
        let list = list.clone();
        use_effect_with(seq, move |_| {
            if let Some(backend) = backend {
                spawn(async move { list.set(Some(versions::list(&backend).await)) });
            }
        });
    }
    list
}

fn spawn(f: impl std::future::Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
}

#[component]
pub fn Versions() -> Html {
    let saver = use_context::<Saver>();
    let list = use_versions(saver.clone());
    let Some(saver) = saver else { return Html::default() };
    let count = match &*list {
        Some(Ok(l)) => format!(" ({})", l.len()),
        _ => String::new(),
    };
    html! {
        <details class="ws-versions" id="versions">
            <summary class="ws-share__summary">{ format!("Versions to go back to{count}") }</summary>
            <div class="ws-share__body">
                <p class="app-body-s">
                    { format!(
                        "Lotwise keeps a version of your work every {} minutes while you edit, and before a file, a link, a restore or a new workspace replaces it. Up to {MAX_VERSIONS} versions are kept in up to {} MB ({:.1} MB where the browser offers only local storage); the oldest automatic versions are removed first, named ones last.",
                        versions::AUTO_EVERY_MS / 60_000.0, BUDGET / (1024 * 1024), LOCAL_BUDGET as f64 / (1024.0 * 1024.0)
                    ) }
                </p>
                <KeepNamed saver={saver.clone()} />
                { match &*list {
                    None => html! { <p class="app-body-s">{ "Reading the versions…" }</p> },
                    Some(Err(why)) => html! { <p class="app-body-s" id="versions-error">{ format!("The versions could not be read: {why}.") }</p> },
                    Some(Ok(l)) if l.is_empty() => html! { <p class="app-body-s" id="versions-empty">{ "No versions yet." }</p> },
                    Some(Ok(l)) => html! {
                        <ul class="ws-versions__list" id="versions-list">
                            { for l.iter().map(|v| html! { <VersionItem key={v.id.clone()} version={v.clone()} saver={saver.clone()} /> }) }
                        </ul>
                    },
                } }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct KeepProps {
    saver: Saver,
}

/// "Keep a version now", with a name.
#[component]
fn KeepNamed(p: &KeepProps) -> Html {
    let doc = use_doc();
    let name = use_state(String::new);
    let on_input = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                name.set(input.value());
            }
        })
    };
    let on_submit = {
        let (doc, name, saver) = (doc.clone(), name.clone(), p.saver.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let label = name.trim().chars().take(80).collect::<String>();
            let label = if label.is_empty() { "Named version".to_string() } else { label };
            saver.keep(doc.document(), label, true, true);
            name.set(String::new());
        })
    };
    html! {
        <form class="ws-versions__keep" id="version-keep" onsubmit={on_submit} novalidate=true>
            <label class="app-label" for="version-name">{ "Name of a version to keep now" }</label>
            <p class="app-hint" id="version-name-hint">{ "For example “before the workshop”." }</p>
            <input type="text" class="app-input ws-bar__input" id="version-name" maxlength="80" aria-describedby="version-name-hint"
                value={(*name).clone()} oninput={on_input} />
            <button type="submit" class="ws-bar__button ws-bar__button--primary" id="version-keep-button">{ "Keep this version" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    version: Version,
    saver: Saver,
}

#[component]
fn VersionItem(p: &ItemProps) -> Html {
    let doc = use_doc();
    let v = &p.version;
    let when = day_and_clock(v.time);
    let backend = p.saver.backend();
    let restore = {
        let (doc, v, backend, when) = (doc.clone(), v.clone(), backend.clone(), when.clone());
        Callback::from(move |_: MouseEvent| restore(&doc, &v, backend.clone(), &when))
    };
    let confirming = use_state(|| false);
    let delete = {
        let (v, backend, saver, confirming) = (v.clone(), backend.clone(), p.saver.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            if !*confirming {
                confirming.set(true); // a second press deletes: a deleted version is gone
                return;
            }
            let (id, backend, saver) = (v.id.clone(), backend.clone(), saver.clone());
            if let Some(backend) = backend {
                spawn(async move {
                    if let Err(why) = versions::delete(&backend, &id).await {
                        saver.tell(format!("The version could not be deleted: {why}."));
                    }
                    saver.refresh();
                });
            }
        })
    };
    let what = format!("{} of {when}", v.label);
    html! {
        <li class="ws-versions__item">
            <p class="app-body-s ws-versions__what">
                <strong>{ v.label.clone() }</strong>{ format!(" · {when} · {} · {}", v.summary, size(v.bytes)) }
            </p>
            <button type="button" class="ws-bar__button" onclick={restore}>
                { "Restore" }<span class="app-visually-hidden">{ format!(" “{what}”") }</span>
            </button>
            <button type="button" class="ws-bar__button ws-bar__button--delete" onclick={delete}>
                { if *confirming { "Press again to delete" } else { "Delete" } }<span class="app-visually-hidden">{ format!(" “{what}”") }</span>
            </button>
            if *confirming {
                <span class="app-body-s" role="status">{ "A deleted version cannot be brought back." }</span>
            }
        </li>
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Reads version `v` and replaces the work with it (one undoable step).
fn restore(doc: &crate::ui::store::Doc, v: &Version, backend: Option<Rc<Backend>>, when: &str) {
    let Some(backend) = backend else { return };
    let (doc, id, label, when) = (doc.clone(), v.id.clone(), v.label.clone(), when.to_string());
    spawn(async move {
        match versions::read(&backend, &id).await {
            Ok(document) => {
                let before = format!("Before restoring “{label}” of {when}");
                doc.dispatch(Action::Replace { document: Box::new(document), before: before.clone() });
                doc.dispatch(Action::SetNotice(Some(format!(
                    "Restored the version “{label}” of {when}. Undo brings back what you had; it is also kept in Versions as “{before}”."
                ))));
            }
            Err(why) => doc.dispatch(Action::SetNotice(Some(format!("The version could not be restored: {why}.")))),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kilobytes_or_megabytes() {
        assert_eq!(size(10), "1 KB");
        assert_eq!(size(5000), "5 KB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MB");
    }
}
