//! The law on the rules step: which regime the procurement runs under, which service areas
//! are light touch, and for each topic what the chosen law asks beside what Lotwise computed.
//! Never a legal conclusion (`views::procurement::law`).

use yew::prelude::*;

use crate::base::money::gbp;
use crate::base::text::plural;
use crate::model::capacity::capacity;
use crate::model::edit::Edit;
use crate::model::Regime;
use crate::ui::store::use_doc;
use crate::ui::widgets::{event_value, Checkbox};
use crate::views::procurement::law;

/// The regime select and the light touch areas.
#[component]
pub fn RegimeFields() -> Html {
    let doc = use_doc();
    let regime = doc.workspace.regime;
    let on_regime = {
        let doc = doc.clone();
        Callback::from(move |e: Event| {
            if let Some(r) = Regime::from_word(&event_value(&e)) {
                doc.edit(Edit::SetRegime(r));
            }
        })
    };
    let sc = doc.scenario();
    html! {
        <section class="proc-regime" aria-labelledby="regime-title">
            <h3 class="app-heading-m" id="regime-title">{ "The law this procurement runs under" }</h3>
            <div class="app-form-group">
                <label class="app-label" for="regime">{ "Procurement regime" }</label>
                <div class="app-hint" id="regime-hint">
                    { "The Procurement Act 2023 governs procurements in England begun on or after 24 February 2025; the Public Contracts Regulations 2015 govern those begun before. The help below follows your choice." }
                </div>
                <select class="app-select" id="regime" aria-describedby="regime-hint" onchange={on_regime}>
                    { for Regime::ALL.iter().map(|r| html! {
                        <option value={r.as_str()} selected={*r == regime}>{ r.title() }</option>
                    }) }
                </select>
            </div>
            if regime == Regime::Pa2023 {
                <fieldset class="app-fieldset proc-light-touch" aria-describedby="light-touch-hint">
                    <legend class="app-label">{ "Light touch services" }</legend>
                    <div class="app-hint" id="light-touch-hint">
                        { "Social, health and education services provided directly to people, children's social care among them, are light touch contracts (section 9 and Schedule 1 of the Procurement Regulations 2024): a higher threshold and more freedom in designing the procedure, but a tender notice is still needed unless a direct award applies. Untick an area that is not." }
                    </div>
                    { for sc.service_areas.iter().map(|a| {
                        let code = a.code.clone();
                        html! {
                            <Checkbox id={format!("light-touch-{}", crate::ui::ids::slug(&a.code))}
                                label={if a.name.trim().is_empty() { a.code.clone() } else { a.name.clone() }}
                                checked={a.light_touch}
                                on_change={doc.on(move |on: bool| Edit::SetLightTouch { code: code.clone(), on })} />
                        }
                    }) }
                </fieldset>
            }
        </section>
    }
}

/// What the rules mean: for each topic, what the chosen law asks and what Lotwise computed.
#[component]
pub fn RulesLaw() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let r = &sc.rules;
    let regime = doc.workspace.regime;
    let law = law(regime);
    let caps: Vec<f64> = sc.suppliers.iter().map(|s| capacity(s, &sc.capacity_policy).value).collect();
    let largest = caps.iter().copied().fold(0.0, f64::max);
    let ratio = sc.capacity_policy.turnover_ratio;
    let turnover = if ratio > 0.0 {
        format!(
            "Under your capacity policy a supplier can hold at most {:.0}% of its turnover a year, so a lot of the largest value allowed ({} a year) implies a minimum yearly turnover of {}. The largest capacity in your register is {}. The plan step shows each lot's minimum turnover and how many registered suppliers meet it.",
            ratio * 100.0,
            gbp(r.v_max),
            gbp(r.v_max / ratio),
            gbp(largest)
        )
    } else {
        "Your capacity policy counts no turnover, so it implies no minimum turnover.".to_string()
    };
    html! {
        <section class="rules-help" aria-labelledby="rules-help-title" id="rules-law">
            <h3 class="app-heading-m" id="rules-help-title">{ format!("What the rules mean under the {}", regime.title()) }</h3>
            <p class="app-body-s rules-note">{ "What the law asks is summarised for orientation; whether a decision meets it is for you and your legal advisers. Lotwise states what it computed." }</p>
            { topic("law-lots", "Dividing into lots", &law.lots, "Lotwise proposes the fewest lots that meet your rules and writes a draft of why in the plan step's decision record. With one lot, it asks for your reasons for not dividing before the tender notice exports.".to_string()) }
            { topic("law-limits", "Lots per supplier: m", &law.limits, format!("m = {}: no supplier is allocated more than {} in the check that every lot can be awarded at once. Record the most lots a supplier may bid for, and how ties are broken, in the decision record.", r.m, plural(r.m as usize, "lot", "lots"))) }
            { topic("law-conditions", "Turnover and capacity", &law.conditions, turnover) }
            if let Some(smes) = &law.smes {
                { topic("law-smes", "Small and medium-sized enterprises", smes, "The plan step shows the share of value SMEs could bid for (turnover up to £44m, section 123).".to_string()) }
            }
            if let Some(mutuals) = &law.mutuals {
                { topic("law-mutuals", "Public service mutuals", mutuals, mutual_words(sc.suppliers.iter().filter(|s| s.ownership == crate::model::Ownership::Mutual).count())) }
            }
            <h4 class="app-heading-s">{ "Competition: k" }</h4>
            <p class="app-body">
                { "k is not set by law: it is how much competition you want. With k = 1 a lot might go to the only supplier who could take it, with no one to compare against and no one to turn to if it fails. With 2 or more, each lot has a real contest; 3 leaves a margin if a bidder withdraws. A higher k needs lots that more suppliers can reach, which usually means smaller lots." }
            </p>
        </section>
    }
}

/// "2 suppliers in your register are mutuals or social enterprises."
fn mutual_words(n: usize) -> String {
    match n {
        1 => "1 supplier in your register is a mutual or social enterprise.".into(),
        n => format!("{n} suppliers in your register are mutuals or social enterprises."),
    }
}

/// One topic: its heading, what the law asks, what Lotwise computed.
fn topic(id: &'static str, title: &'static str, asks: &str, computed: String) -> Html {
    html! {
        <div class="proc-topic" id={id}>
            <h4 class="app-heading-s">{ title }</h4>
            <p class="app-body"><strong>{ "What the law asks: " }</strong>{ asks.to_string() }</p>
            <p class="app-body"><strong>{ "What Lotwise computed: " }</strong>{ computed }</p>
        </div>
    }
}
