//! Step 3: the lot rules (`LOT-MODEL.md` R2, R4-R6): k, m, v_min, v_max and mixing of service
//! areas, each with a plain hint, and what the law allows in plain words.

use yew::prelude::*;

use crate::base::money::{gbp, gbp_full};
use crate::model::capacity::capacity;
use crate::model::edit::{Edit, Rule};
use crate::model::target::RuleField;
use crate::model::Rules;
use crate::ui::ids;
use crate::ui::store::use_doc;
use crate::ui::widgets::{Checkbox, NumberField};

/// Problems with a set of rules, per field: (k, m, order), where `order` is set when v_min is
/// above v_max (shown on whichever of the two was changed last).
pub fn rule_errors(r: &Rules) -> [Option<String>; 3] {
    let k = (r.k < 1).then(|| "Every lot needs at least 1 credible bidder: enter 1 or more".to_string());
    let m = (r.m < 1).then(|| "A supplier must be allowed at least 1 lot: enter 1 or more".to_string());
    let order = (r.v_min > r.v_max).then(|| {
        format!(
            "The smallest lot value ({}) is above the largest ({}): lower the smallest or raise the largest",
            gbp_full(r.v_min),
            gbp_full(r.v_max)
        )
    });
    [k, m, order]
}

#[derive(Properties, PartialEq)]
pub struct RulesPanelProps {
    /// Opens step 4 and proposes lots with these rules.
    pub on_solve: Callback<()>,
}

#[component]
pub fn RulesPanel(p: &RulesPanelProps) -> Html {
    html! {
        <div class="rules-panel">
            <h2 class="app-heading-l">{ "Lot rules" }</h2>
            <p class="app-body">
                { "These rules decide which groupings of work can be a lot. Lotwise then looks for the fewest lots that meet them all, and among those the plan where every lot has the most credible bidders." }
            </p>
            <RulesForm />
            <p class="rules-solve">
                <button type="button" class="app-button" id="rules-solve" onclick={p.on_solve.reform(|_| ())}>
                    { "Propose lots with these rules" }
                </button>
            </p>
            <RulesHelp />
        </div>
    }
}

/// The five rules, each with its meaning, checked as they are typed.
#[component]
fn RulesForm() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let r = &sc.rules;
    let [k_error, m_error, order_error] = rule_errors(r).map(|e| e.map(AttrValue::from));
    // Which money field was changed last: the ordering error shows there.
    let max_last = use_state(|| false);
    let (vmin_error, vmax_error) = if *max_last { (None, order_error) } else { (order_error, None) };
    let money = |largest: bool, to_rule: fn(f64) -> Rule| {
        let (max_last, doc) = (max_last.clone(), doc.clone());
        Callback::from(move |v: f64| {
            max_last.set(largest);
            doc.edit(Edit::SetRule(to_rule(v)));
        })
    };
    // A quick reading of the register against the largest lot.
    let caps: Vec<f64> = sc.suppliers.iter().map(|s| capacity(s, &sc.capacity_policy).value).collect();
    let able = caps.iter().filter(|c| **c >= r.v_max).count();
    let vmax_hint = format!(
        "Per year. Keeps lots within reach of smaller suppliers. {able} of the {} suppliers in the register could hold a lot this large on their own.",
        caps.len()
    );
    let k_hint = format!(
        "A credible bidder offers all of the lot's work where it is needed and has the capacity for its value. With {} or more, each lot has a real competition.",
        r.k.max(1)
    );
    html! {
        <form class="rules-form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <NumberField
                id={ids::rule(RuleField::MinBidders)}
                label="Minimum credible bidders per lot (k)"
                hint={k_hint}
                value={f64::from(r.k)}
                whole=true
                min={1.0}
                max={1000.0}
                error={k_error}
                on_change={doc.on(|v: f64| Edit::SetRule(Rule::K(v as u32)))}
            />
            <NumberField
                id={ids::rule(RuleField::MaxLotsPerSupplier)}
                label="Most lots one supplier may win (m)"
                hint="Limits how much of the service any one supplier can hold. Article 46 lets you set this limit, if you say so in the contract notice."
                value={f64::from(r.m)}
                whole=true
                min={1.0}
                max={1000.0}
                error={m_error}
                on_change={doc.on(|v: f64| Edit::SetRule(Rule::M(v as u32)))}
            />
            <div class="sup-money-grid">
                <NumberField
                    id={ids::rule(RuleField::SmallestLot)}
                    label="Smallest lot value (v_min)"
                    hint="Per year. Lots smaller than this cost more to tender and manage than they are worth."
                    value={r.v_min}
                    money=true
                    min={0.0}
                    error={vmin_error}
                    on_change={money(false, Rule::SmallestLot)}
                />
                <NumberField
                    id={ids::rule(RuleField::LargestLot)}
                    label="Largest lot value (v_max)"
                    hint={vmax_hint}
                    value={r.v_max}
                    money=true
                    min={1.0}
                    error={vmax_error}
                    on_change={money(true, Rule::LargestLot)}
                />
            </div>
            <div class="app-form-group">
                <Checkbox
                    id={ids::rule(RuleField::MixServiceAreas)}
                    label="Lots may mix service areas"
                    hint="Off: each lot covers one service area, such as fostering. On: a lot may combine areas, such as fostering with residential care; that can fill small areas but makes bids harder to compare."
                    checked={r.mix_service_areas}
                    on_change={doc.on(|on: bool| Edit::SetRule(Rule::MixServiceAreas(on)))}
                />
            </div>
        </form>
    }
}

/// What the rules mean, and what the law has to say about them.
#[component]
fn RulesHelp() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let largest = sc.suppliers.iter().map(|s| capacity(s, &sc.capacity_policy).value).fold(0.0, f64::max);
    html! {
        <section class="rules-help" aria-labelledby="rules-help-title">
            <h3 class="app-heading-m" id="rules-help-title">{ "What the rules mean" }</h3>
            <h4 class="app-heading-s">{ "Dividing into lots: Article 46" }</h4>
            <p class="app-body">
                { "Article 46 of the EU public procurement Directive 2014/24 lets a buyer divide a contract into lots and choose their size and content. A buyer that does not divide a contract must give its main reasons. The buyer may also limit how many lots one bidder can win, which is m here, as long as the contract notice says so and sets out fair rules for choosing which lots that bidder gets." }
            </p>
            <h4 class="app-heading-s">{ "Turnover and capacity: Article 58(3)" }</h4>
            <p class="app-body">
                { "Article 58(3) says that the yearly turnover a buyer asks of bidders may be at most twice the contract value, except in justified cases. Read from the supplier's side, a contract may be up to half its turnover, which is why a supplier's capacity starts at half of turnover (see the capacity policy on the Suppliers step)." }
                if largest > 0.0 {
                    { format!(" The largest capacity in your register is {}.", gbp(largest)) }
                }
            </p>
            <h4 class="app-heading-s">{ "Competition: k" }</h4>
            <p class="app-body">
                { "k is not set by law: it is how much competition you want. With k = 1 a lot might go to the only supplier who could take it, with no one to compare against and no one to turn to if it fails. With 2 or more, each lot has a real contest; 3 leaves a margin if a bidder withdraws. A higher k needs lots that more suppliers can reach, which usually means smaller lots." }
            </p>
            <p class="app-body-s rules-note">
                { "In England these articles were carried into the Public Contracts Regulations 2015 (regulations 46 and 58). The Procurement Act 2023, which applies to procurements started from 24 February 2025, keeps a duty to consider lots." }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_errors_name_each_field() {
        assert_eq!(rule_errors(&Rules::default()), [None, None, None]);
        let bad = Rules { k: 0, m: 0, v_min: 5_000_000.0, v_max: 4_000_000.0, mix_service_areas: false };
        let [k, m, order] = rule_errors(&bad);
        assert!(k.is_some() && m.is_some());
        assert!(order.unwrap().contains("(£5,000,000) is above the largest (£4,000,000)"));
    }
}
