//! Placeholder: export and import of the workspace as JSON is being built.

use yew::prelude::*;

use crate::model::Workspace;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub workspace: Workspace,
    /// Replace the whole workspace with an imported one (one undoable step).
    pub on_replace: Callback<Workspace>,
    pub on_notice: Callback<Option<String>>,
}

#[component]
pub fn Share(p: &ShareProps) -> Html {
    let _ = (&p.workspace, &p.on_replace, &p.on_notice);
    html! {}
}
