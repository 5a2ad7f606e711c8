//! Placeholder: being built.

use yew::prelude::*;

use crate::model::Scenario;

#[derive(Properties, PartialEq)]
pub struct ServicePanelProps {
    pub scenario: Scenario,
    pub on_change: Callback<Scenario>,
}

#[component]
pub fn ServicePanel(p: &ServicePanelProps) -> Html {
    let _ = &p.on_change;
    html! { <p>{ p.scenario.name.clone() }</p> }
}
