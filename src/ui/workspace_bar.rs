//! Placeholder: the scenario switcher (new, duplicate, rename, delete) is being built.

use yew::prelude::*;

use crate::model::Workspace;

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
    let _ = (&p.on_replace, &p.on_notice);
    html! { <p class="app-body" id="scenario-name">{ p.workspace.active_scenario().name.clone() }</p> }
}
