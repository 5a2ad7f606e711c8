//! Placeholder: being built.

use yew::prelude::*;

use super::store::{Solve, Tab};
use crate::model::Scenario;

#[derive(Properties, PartialEq)]
pub struct PlanPanelProps {
    pub scenario: Scenario,
    pub solve: Solve,
    pub time_limit: f64,
    pub on_time_limit: Callback<f64>,
    pub on_solve: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_tab: Callback<Tab>,
}

#[component]
pub fn PlanPanel(p: &PlanPanelProps) -> Html {
    html! {
        <div>
            <h2 class="app-heading-l">{ "Proposed lots" }</h2>
            <button type="button" class="app-button" id="solve" onclick={p.on_solve.reform(|_| ())}>{ "Propose lots" }</button>
            { match &p.solve {
                Solve::Done { solution, .. } => html! { <p id="plan-status">{ format!("{} lots", solution.lots.len()) }</p> },
                other => html! { <p id="plan-status">{ format!("{other:?}").chars().take(80).collect::<String>() }</p> },
            } }
        </div>
    }
}
