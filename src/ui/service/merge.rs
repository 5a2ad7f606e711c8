//! Bringing another authority's workspace into this plan (`model::regional::merge`): choose
//! its file, see what would join and which suppliers look like ones already here, confirm
//! each, then merge as one undoable step. Nothing changes until "Merge" is pressed, and a file
//! that cannot be read leaves the plan untouched.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::edit::Edit;
use crate::model::regional::{self, Match};
use crate::model::Scenario;
use crate::plan::saved::Document;
use crate::ui::platform::on_chosen_file;
use crate::ui::store::{use_doc, Action};
use crate::ui::widgets::{event_checked, plain_items, ErrorSummary};
use crate::ui::workspace::files::use_file_reader;

/// A file read and waiting for the user's confirmation.
#[derive(Clone, PartialEq)]
struct Pending {
    file_name: String,
    /// The scenario that joins: the file's active one.
    from: Rc<Scenario>,
    /// How many scenarios the file held (only the active one joins).
    scenarios: usize,
    matches: Vec<Match>,
    /// The user's answer for each match: the same supplier, or not.
    same: Vec<bool>,
}

impl Pending {
    fn read(file_name: &str, text: &str) -> Result<Pending, Vec<String>> {
        let (document, _) =
            Document::import(text).map_err(|issues| issues.iter().map(|i| i.to_string()).collect::<Vec<_>>())?;
        let ws = document.workspace;
        let scenarios = ws.scenarios.len();
        let from = ws.active_scenario().clone();
        Ok(Pending {
            file_name: file_name.to_string(),
            from: Rc::new(from),
            scenarios,
            matches: Vec::new(),
            same: Vec::new(),
        })
    }

    fn pairs(&self) -> Vec<(String, String)> {
        self.matches
            .iter()
            .zip(&self.same)
            .filter(|(_, s)| **s)
            .map(|(m, _)| (m.from.clone(), m.into.clone()))
            .collect()
    }
}

/// "Bring in another authority's workspace": a file input, then the preview.
#[component]
pub fn MergeAuthorityForm() -> Html {
    let doc = use_doc();
    let pending = use_state(|| None::<Pending>);
    let errors = use_state(Vec::<String>::new);
    let read_file = {
        let (pending, errors, doc) = (pending.clone(), errors.clone(), doc.clone());
        use_file_reader(Callback::from(move |(name, text): (String, Result<String, String>)| {
            match text.map_err(|e| vec![e]).and_then(|t| Pending::read(&name, &t)) {
                Ok(mut p) => {
                    p.matches = regional::matches(doc.scenario(), &p.from);
                    p.same = vec![true; p.matches.len()];
                    errors.set(Vec::new());
                    pending.set(Some(p));
                }
                Err(found) => {
                    pending.set(None);
                    errors.set(found);
                }
            }
        }))
    };
    let on_file = on_chosen_file(read_file);
    html! {
        <div class="svc-merge">
            <div class="app-form-group">
                <label class="app-label" for="authority-merge-file">{ "Bring in another authority's workspace" }</label>
                <p class="app-hint" id="authority-merge-hint">
                    { "A .json file saved from Lotwise by another authority. You see what would join, and confirm the suppliers both registers hold, before anything changes." }
                </p>
                <input type="file" class="svc-file" id="authority-merge-file" accept=".json,application/json"
                    aria-describedby="authority-merge-hint" onchange={on_file} />
            </div>
            if !errors.is_empty() {
                <ErrorSummary id="authority-merge-errors" title="The file could not be brought in; your plan is unchanged"
                    items={plain_items(errors.iter())} />
            }
            if let Some(p) = &*pending {
                <MergePreview pending={p.clone()} state={pending.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MergePreviewProps {
    pending: Pending,
    state: UseStateHandle<Option<Pending>>,
}

/// What merging would do, the suppliers to confirm, and Merge / Cancel.
#[component]
fn MergePreview(p: &MergePreviewProps) -> Html {
    let doc = use_doc();
    let pending = &p.pending;
    let result = regional::checked_merge(doc.scenario(), &pending.from, &pending.pairs());
    let merge = {
        let (doc, state, pending) = (doc.clone(), p.state.clone(), pending.clone());
        Callback::from(move |_| {
            let edit = Edit::MergeAuthority { from: Box::new((*pending.from).clone()), same: pending.pairs() };
            match doc.try_edit(edit) {
                Ok(()) => {
                    doc.dispatch(Action::SetNotice(Some(format!(
                        "Merged \u{201c}{}\u{201d} into this plan. Undo takes it out again.",
                        pending.file_name
                    ))));
                    state.set(None);
                }
                Err(e) => doc.dispatch(Action::SetNotice(Some(e.to_string()))),
            }
        })
    };
    let cancel = {
        let state = p.state.clone();
        Callback::from(move |_| state.set(None))
    };
    html! {
        <section class="svc-merge__preview" aria-labelledby="authority-merge-title">
            <h4 class="app-heading-s" id="authority-merge-title" tabindex="-1">{ format!("Bringing in \u{201c}{}\u{201d}", pending.file_name) }</h4>
            if pending.scenarios > 1 {
                <p class="app-body">{ format!("The file holds {} scenarios; the one open when it was saved, \u{201c}{}\u{201d}, joins.", pending.scenarios, pending.from.name) }</p>
            }
            if !pending.matches.is_empty() {
                <fieldset class="app-fieldset">
                    <legend class="app-label">{ "Suppliers in both registers: tick those that are the same supplier" }</legend>
                    { for pending.matches.iter().enumerate().map(|(i, m)| same_box(doc.scenario(), pending, &p.state, i, m)) }
                </fieldset>
            }
            { match &result {
                Ok(merged) => html! {
                    <ul class="app-list" id="authority-merge-notes">
                        { for merged.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                },
                Err(e) => html! { <p class="app-error-message" role="alert">{ e.to_string() }</p> },
            } }
            <div class="sup-actions">
                <button type="button" class="app-button" id="authority-merge-confirm" disabled={result.is_err()} onclick={merge}>{ "Merge into this plan" }</button>
                <button type="button" class="app-button app-button--secondary" id="authority-merge-cancel" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </section>
    }
}

/// One "same supplier?" checkbox.
fn same_box(sc: &Scenario, pending: &Pending, state: &UseStateHandle<Option<Pending>>, i: usize, m: &Match) -> Html {
    let name = |list: &[crate::model::Supplier], id: &str| {
        list.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.name.clone())
    };
    let (ours, theirs) = (name(&sc.suppliers, &m.into), name(&pending.from.suppliers, &m.from));
    let id = format!("authority-merge-same-{i}");
    let on_change = {
        let (state, pending) = (state.clone(), pending.clone());
        Callback::from(move |e: Event| {
            let mut next = pending.clone();
            next.same[i] = event_checked(&e);
            state.set(Some(next));
        })
    };
    html! {
        <div class="app-checkbox">
            <input class="app-checkbox__input" type="checkbox" id={id.clone()} checked={pending.same[i]} onchange={on_change} />
            <label class="app-checkbox__label" for={id}>
                { format!("{theirs} in their register is {ours} in this one ({})", m.reason) }
            </label>
        </div>
    }
}
