//! Placeholder: being built.

use yew::prelude::*;

use crate::model::Scenario;

#[derive(Properties, PartialEq)]
pub struct RulesPanelProps {
    pub scenario: Scenario,
    pub on_change: Callback<Scenario>,
}

#[component]
pub fn RulesPanel(p: &RulesPanelProps) -> Html {
    let _ = &p.on_change;
    html! { <p>{ p.scenario.name.clone() }</p> }
}
