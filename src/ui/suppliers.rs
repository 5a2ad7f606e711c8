//! Placeholder: being built.

use yew::prelude::*;

use crate::model::Scenario;

#[derive(Properties, PartialEq)]
pub struct SuppliersPanelProps {
    pub scenario: Scenario,
    pub on_change: Callback<Scenario>,
}

#[component]
pub fn SuppliersPanel(p: &SuppliersPanelProps) -> Html {
    let _ = &p.on_change;
    html! { <p>{ p.scenario.name.clone() }</p> }
}
