//! The scenario switcher: pick the scenario you work on, and add, copy, rename or delete one.
//!
//! Every action is one [`Edit`] (so one undoable step). Deleting asks no question: the notice
//! says Undo brings the scenario back. Renaming keeps the scenario's plan.

use yew::prelude::*;

use crate::model::edit::Edit;
use crate::model::scenarios::Start;
use crate::model::scenarios::MAX_NAME_CHARS;
use crate::ui::store::{use_doc, Action, Doc};

#[component]
pub fn WorkspaceBar() -> Html {
    let doc = use_doc();
    let renaming = use_state(|| false);
    let adding = use_state(|| false);
    let rename_button_ref = use_node_ref();
    let ws = &doc.workspace;
    let active = ws.active_index().unwrap_or(0);
    let name = ws.active_scenario().name.clone();
    let count = ws.scenarios.len();
    // Each action closes the rename form and makes one edit; a refusal shows as the notice.
    let act = |edit: Edit, notice: Option<String>| {
        let (doc, renaming) = (doc.clone(), renaming.clone());
        Callback::from(move |_: MouseEvent| {
            renaming.set(false);
            apply(&doc, edit.clone(), notice.clone());
        })
    };
    let on_rename_open = {
        let (renaming, adding) = (renaming.clone(), adding.clone());
        Callback::from(move |_: MouseEvent| {
            adding.set(false);
            renaming.set(!*renaming);
        })
    };
    let on_new_open = {
        let (renaming, adding) = (renaming.clone(), adding.clone());
        Callback::from(move |_: MouseEvent| {
            renaming.set(false);
            adding.set(!*adding);
        })
    };
    let on_new_close = {
        let adding = adding.clone();
        Callback::from(move |_: ()| adding.set(false))
    };
    let on_rename_close = {
        let (renaming, rename_button_ref) = (renaming.clone(), rename_button_ref.clone());
        Callback::from(move |_: ()| {
            renaming.set(false);
            if let Some(button) = rename_button_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let deleted = format!("Deleted scenario “{name}”. Use Undo to bring it back.");
    html! {
        <div class="ws-bar" id="workspace-bar">
            <div class="ws-bar__row">
                <ScenarioSelect on_choose={{ let (renaming, adding) = (renaming.clone(), adding.clone()); Callback::from(move |_: ()| { renaming.set(false); adding.set(false); }) }} />
                <div class="ws-bar__actions" role="group" aria-label="Scenario actions">
                    <button type="button" class="ws-bar__button" id="scenario-new" onclick={on_new_open}
                        aria-expanded={if *adding { "true" } else { "false" }} aria-controls="scenario-new-form">{ "New" }</button>
                    <button type="button" class="ws-bar__button" id="scenario-duplicate" onclick={act(Edit::DuplicateScenario(active), None)}>
                        { "Duplicate" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                    <button type="button" class="ws-bar__button" id="scenario-rename" ref={rename_button_ref}
                        aria-expanded={if *renaming { "true" } else { "false" }} aria-controls="scenario-rename-form"
                        onclick={on_rename_open}>
                        { "Rename" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                    <button type="button" class="ws-bar__button ws-bar__button--delete" id="scenario-delete"
                        disabled={count <= 1} onclick={act(Edit::DeleteScenario(active), Some(deleted))}
                        title={if count <= 1 { "The only scenario cannot be deleted" } else { "Delete this scenario (Undo brings it back)" }}>
                        { "Delete" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                </div>
            </div>
            <super::saving::SaveStatus />
            if *renaming {
                <RenameForm index={active} name={name.clone()} on_close={on_rename_close} />
            }
            if *adding {
                <NewScenarioForm index={active} name={name.clone()} on_close={on_new_close} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SelectProps {
    /// A scenario was chosen (the forms close).
    on_choose: Callback<()>,
}

/// The scenario on screen, chosen from a list, with its place in the workspace.
#[component]
fn ScenarioSelect(p: &SelectProps) -> Html {
    let doc = use_doc();
    let ws = &doc.workspace;
    let active = ws.active_index().unwrap_or(0);
    let select_ref = use_node_ref();
    // Keep the select showing the active scenario whatever the user did to it before (an
    // option's `selected` attribute alone does not move a select the user has touched).
    {
        let select_ref = select_ref.clone();
        let ids: Vec<String> = ws.scenarios.iter().map(|s| s.id.clone()).collect();
        use_effect_with((active, ids), move |(active, _)| {
            if let Some(select) = select_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_selected_index(*active as i32);
            }
        });
    }
    let on_select = {
        let (doc, on_choose) = (doc.clone(), p.on_choose.clone());
        Callback::from(move |e: Event| {
            on_choose.emit(());
            let Ok(i) = crate::ui::widgets::event_value(&e).parse::<usize>() else { return };
            if Some(i) != doc.workspace.active_index() {
                apply(&doc, Edit::SelectScenario(i), None);
            }
        })
    };
    html! {
        <>
            <label class="ws-bar__label" for="scenario-select">{ "Scenario" }</label>
            <select class="app-select ws-bar__select" id="scenario-select" ref={select_ref} onchange={on_select}
                aria-describedby="scenario-count">
                { for ws.scenarios.iter().enumerate().map(|(i, s)| html! {
                    <option value={i.to_string()} selected={i == active}>{ display_name(&s.name, &s.id) }</option>
                }) }
            </select>
            <span class="ws-bar__count app-body-s" id="scenario-count">
                { format!("{} of {}", active + 1, ws.scenarios.len()) }
                <span class="app-visually-hidden">{ " scenarios in this workspace" }</span>
            </span>
        </>
    }
}

/// Makes `edit`; says `notice` when it was made, or why it was refused.
fn apply(doc: &Doc, edit: Edit, notice: Option<String>) {
    match doc.try_edit(edit) {
        Ok(()) if notice.is_some() => doc.dispatch(Action::SetNotice(notice)),
        Ok(()) => {}
        Err(refused) => doc.dispatch(Action::SetNotice(Some(refused.to_string()))),
    }
}

#[derive(Properties, PartialEq)]
struct RenameProps {
    index: usize,
    name: String,
    /// The form is done (saved or cancelled).
    on_close: Callback<()>,
}

/// The scenario's new name, with why a name is refused (empty, too long, taken).
#[component]
fn RenameForm(p: &RenameProps) -> Html {
    let doc = use_doc();
    let error = use_state(|| None::<String>);
    // What is typed, kept as typed: a re-render (a save finishing) must not put the old name back.
    let text = use_state(|| p.name.clone());
    let input_ref = use_node_ref();
    {
        // Focus the name field when it appears, with the old name selected.
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let on_save = {
        let (doc, input_ref, error, on_close, index) =
            (doc.clone(), input_ref.clone(), error.clone(), p.on_close.clone(), p.index);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = input_ref.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            match doc.try_edit(Edit::RenameScenario { index, name }) {
                Ok(()) => on_close.emit(()),
                Err(refused) => error.set(Some(refused.to_string())),
            }
        })
    };
    let on_key = {
        let on_close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    let error = (*error).clone();
    html! {
        <form class={classes!("ws-bar__rename", error.is_some().then_some("app-form-group--error"))}
            id="scenario-rename-form" onsubmit={on_save} novalidate=true>
            <label class="ws-bar__label" for="scenario-rename-input">{ "New name" }</label>
            if let Some(message) = &error {
                <p class="app-error-message ws-bar__error" id="scenario-rename-error">
                    <span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }
                </p>
            }
            <input type="text" class={classes!("app-input", "ws-bar__input", error.is_some().then_some("app-input--error"))}
                id="scenario-rename-input" ref={input_ref} value={(*text).clone()} oninput={crate::ui::widgets::keep_typing(&text)} autocomplete="off"
                maxlength={MAX_NAME_CHARS.to_string()} spellcheck="true"
                aria-describedby={error.is_some().then_some("scenario-rename-error")}
                onkeydown={on_key} />
            <button type="submit" class="ws-bar__button ws-bar__button--primary" id="scenario-rename-save">{ "Save" }</button>
            <button type="button" class="ws-bar__button" id="scenario-rename-cancel" onclick={p.on_close.reform(|_| ())}>{ "Cancel" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct NewProps {
    /// The scenario on screen (the one a copy copies).
    index: usize,
    name: String,
    on_close: Callback<()>,
}

/// What a new scenario starts from: a copy of the one on screen (the usual start for "what
/// if"), a blank service, or the shipped example.
#[component]
fn NewScenarioForm(p: &NewProps) -> Html {
    let doc = use_doc();
    let choice = use_state(|| "copy".to_string());
    let on_add = {
        let (doc, choice, on_close, index) = (doc.clone(), choice.clone(), p.on_close.clone(), p.index);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let edit = match choice.as_str() {
                "blank" => Edit::NewScenario(Start::Blank),
                "example" => Edit::NewScenario(Start::Example),
                _ => Edit::DuplicateScenario(index),
            };
            apply(&doc, edit, None);
            on_close.emit(());
        })
    };
    let option = |value: &'static str, label: String| {
        let choice = choice.clone();
        let id = format!("new-from-{value}");
        html! {
            <div class="ws-bar__radio">
                <input type="radio" name="new-from" id={id.clone()} checked={*choice == value}
                    onchange={Callback::from(move |_: Event| choice.set(value.to_string()))} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    html! {
        <form class="ws-bar__new" id="scenario-new-form" onsubmit={on_add} novalidate=true>
            <fieldset class="ws-bar__fieldset">
                <legend class="ws-bar__label">{ "Start the new scenario from" }</legend>
                { option("copy", format!("A copy of “{}”", p.name)) }
                { option("blank", "A blank service to fill in".to_string()) }
                { option("example", "The shipped example".to_string()) }
            </fieldset>
            <button type="submit" class="ws-bar__button ws-bar__button--primary" id="scenario-new-add">{ "Add scenario" }</button>
            <button type="button" class="ws-bar__button" id="scenario-new-cancel" onclick={p.on_close.reform(|_| ())}>{ "Cancel" }</button>
        </form>
    }
}

/// A scenario's name for the list; its id when it has no name.
fn display_name(name: &str, id: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("Unnamed ({id})")
    } else {
        name.to_string()
    }
}
