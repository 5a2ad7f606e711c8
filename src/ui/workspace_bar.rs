//! The scenario switcher: pick the scenario you work on, and add, copy, rename or delete one.
//!
//! Every action builds a new workspace with the pure verbs in [`crate::model::scenarios`] and
//! hands it to `on_replace`, so each is one undoable step. Deleting asks no question: the
//! notice says Undo brings the scenario back.

use yew::prelude::*;

use crate::model::{scenarios, Workspace};

#[derive(Properties, PartialEq)]
pub struct WorkspaceBarProps {
    pub workspace: Workspace,
    /// Replace the whole workspace (one undoable step).
    pub on_replace: Callback<Workspace>,
    /// Show a message about the workspace (e.g. "Deleted scenario X. Undo restores it.").
    pub on_notice: Callback<Option<String>>,
}

#[component]
pub fn WorkspaceBar(p: &WorkspaceBarProps) -> Html {
    let renaming = use_state(|| false);
    let rename_error = use_state(|| None::<String>);
    let draft = use_state(String::new);
    let select_ref = use_node_ref();
    let input_ref = use_node_ref();
    let rename_button_ref = use_node_ref();
    let ws = &p.workspace;
    let active = ws.active_index().unwrap_or(0);
    let name = ws.active_scenario().name.clone();
    let count = ws.scenarios.len();

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
    // Focus the name field when it appears.
    {
        let input_ref = input_ref.clone();
        use_effect_with(*renaming, move |open| {
            if *open {
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    // Applies a verb's result, or shows its refusal as a notice.
    let apply = {
        let (on_replace, on_notice) = (p.on_replace.clone(), p.on_notice.clone());
        move |result: Result<Workspace, String>, notice: Option<String>| match result {
            Ok(next) => {
                on_replace.emit(next);
                if notice.is_some() {
                    on_notice.emit(notice);
                }
            }
            Err(message) => on_notice.emit(Some(message)),
        }
    };

    let on_select = {
        let (ws, apply, renaming) = (ws.clone(), apply.clone(), renaming.clone());
        Callback::from(move |e: Event| {
            renaming.set(false);
            let value = super::components::event_value(&e);
            let Ok(i) = value.parse::<usize>() else { return };
            if Some(i) != ws.active_index() {
                apply(scenarios::set_active(&ws, i), None);
            }
        })
    };
    let on_new = {
        let (ws, apply, renaming) = (ws.clone(), apply.clone(), renaming.clone());
        Callback::from(move |_: MouseEvent| {
            renaming.set(false);
            apply(scenarios::new_scenario(&ws), None)
        })
    };
    let on_duplicate = {
        let (ws, apply, renaming) = (ws.clone(), apply.clone(), renaming.clone());
        Callback::from(move |_: MouseEvent| {
            renaming.set(false);
            apply(scenarios::duplicate(&ws, active), None)
        })
    };
    let on_delete = {
        let (ws, apply, renaming, name) = (ws.clone(), apply.clone(), renaming.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            renaming.set(false);
            let notice = format!("Deleted scenario “{name}”. Use Undo to bring it back.");
            apply(scenarios::delete(&ws, active), Some(notice))
        })
    };
    let on_rename_open = {
        let (renaming, rename_error, draft, name) =
            (renaming.clone(), rename_error.clone(), draft.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            rename_error.set(None);
            draft.set(name.clone());
            renaming.set(!*renaming);
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                draft.set(input.value());
            }
        })
    };
    let close_rename = {
        let (renaming, rename_error, rename_button_ref) =
            (renaming.clone(), rename_error.clone(), rename_button_ref.clone());
        move || {
            renaming.set(false);
            rename_error.set(None);
            if let Some(button) = rename_button_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let on_rename_save = {
        let (ws, input_ref, rename_error, on_replace, close_rename) =
            (ws.clone(), input_ref.clone(), rename_error.clone(), p.on_replace.clone(), close_rename.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = input_ref.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            match scenarios::rename(&ws, active, &text) {
                Ok(next) => {
                    if next != ws {
                        on_replace.emit(next);
                    }
                    close_rename();
                }
                Err(message) => rename_error.set(Some(message)),
            }
        })
    };
    let on_rename_cancel = {
        let close_rename = close_rename.clone();
        Callback::from(move |_: MouseEvent| close_rename())
    };
    let on_rename_key = {
        let close_rename = close_rename.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close_rename();
            }
        })
    };

    let error = (*rename_error).clone();
    html! {
        <div class="ws-bar" id="workspace-bar">
            <div class="ws-bar__row">
                <label class="ws-bar__label" for="scenario-select">{ "Scenario" }</label>
                <select class="app-select ws-bar__select" id="scenario-select" ref={select_ref} onchange={on_select}
                    aria-describedby="scenario-count">
                    { for ws.scenarios.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == active}>{ display_name(&s.name, &s.id) }</option>
                    }) }
                </select>
                <span class="ws-bar__count app-body-s" id="scenario-count">
                    { format!("{} of {}", active + 1, count) }
                    <span class="app-visually-hidden">{ " scenarios in this workspace" }</span>
                </span>
                <div class="ws-bar__actions" role="group" aria-label="Scenario actions">
                    <button type="button" class="ws-bar__button" id="scenario-new" onclick={on_new}
                        title="Add a copy of the shipped example">{ "New" }</button>
                    <button type="button" class="ws-bar__button" id="scenario-duplicate" onclick={on_duplicate}>
                        { "Duplicate" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                    <button type="button" class="ws-bar__button" id="scenario-rename" ref={rename_button_ref}
                        aria-expanded={if *renaming { "true" } else { "false" }} aria-controls="scenario-rename-form"
                        onclick={on_rename_open}>
                        { "Rename" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                    <button type="button" class="ws-bar__button ws-bar__button--delete" id="scenario-delete"
                        disabled={count <= 1} onclick={on_delete}
                        title={if count <= 1 { "The only scenario cannot be deleted" } else { "Delete this scenario (Undo brings it back)" }}>
                        { "Delete" }<span class="app-visually-hidden">{ format!(" “{name}”") }</span>
                    </button>
                </div>
            </div>
            if *renaming {
                <form class={classes!("ws-bar__rename", error.is_some().then_some("app-form-group--error"))}
                    id="scenario-rename-form" onsubmit={on_rename_save} novalidate=true>
                    <label class="ws-bar__label" for="scenario-rename-input">{ "New name" }</label>
                    if let Some(message) = &error {
                        <p class="app-error-message ws-bar__error" id="scenario-rename-error">
                            <span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }
                        </p>
                    }
                    <input type="text" class={classes!("app-input", "ws-bar__input", error.is_some().then_some("app-input--error"))}
                        id="scenario-rename-input" ref={input_ref} value={(*draft).clone()} oninput={on_draft} autocomplete="off"
                        maxlength={scenarios::MAX_NAME_CHARS.to_string()} spellcheck="true"
                        aria-describedby={error.is_some().then_some("scenario-rename-error")}
                        onkeydown={on_rename_key} />
                    <button type="submit" class="ws-bar__button ws-bar__button--primary" id="scenario-rename-save">{ "Save" }</button>
                    <button type="button" class="ws-bar__button" id="scenario-rename-cancel" onclick={on_rename_cancel}>{ "Cancel" }</button>
                </form>
            }
        </div>
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
