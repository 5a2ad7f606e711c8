//! Placeholder: projections, robust lots and the comparison of scenarios are being built.

use std::collections::BTreeMap;

use yew::prelude::*;

use super::store::ScenarioResult;
use crate::model::{Scenario, Workspace};
use crate::problem::LotProblem;

#[derive(Properties, PartialEq)]
pub struct ScenariosPanelProps {
    pub workspace: Workspace,
    /// The latest plan of each scenario (and of robust solves), by scenario id.
    pub results: BTreeMap<String, ScenarioResult>,
    /// Edit the active scenario (e.g. its projection assumptions).
    pub on_change: Callback<Scenario>,
    /// Solve a lot problem in the background; its answer is stored in `results` under the
    /// given scenario's id.
    pub on_solve: Callback<(Scenario, LotProblem)>,
}

#[component]
pub fn ScenariosPanel(p: &ScenariosPanelProps) -> Html {
    let _ = (&p.results, &p.on_change, &p.on_solve);
    html! { <h2 class="app-heading-l">{ format!("{} scenarios", p.workspace.scenarios.len()) }</h2> }
}
