//! The capacity policy: how a supplier's accounts become the largest contract it can hold.
//! The maths is `crate::model::capacity`; this form only edits `Scenario::capacity_policy`.

use yew::prelude::*;

use crate::model::edit::{Edit, Policy};
use crate::model::target::Target;
use crate::model::CapacityPolicy;
use crate::ui::ids;
use crate::ui::store::use_doc;
use crate::ui::widgets::{Checkbox, NumberField};

/// A small form over the capacity policy, with the default rule in plain words.
#[component]
pub fn PolicyForm() -> Html {
    let doc = use_doc();
    let policy = &doc.scenario().capacity_policy;
    let number = |setting: fn(f64) -> Policy| doc.on(move |v: f64| Edit::SetPolicy(setting(v)));
    let flag = |setting: fn(bool) -> Policy| doc.on(move |on: bool| Edit::SetPolicy(setting(on)));
    let weak_error = (policy.weak_assets_ratio > policy.turnover_ratio).then(|| {
        AttrValue::from(format!(
            "The weak-assets share ({}) is above the turnover share ({}); it should be the lower one",
            policy.weak_assets_ratio, policy.turnover_ratio
        ))
    });
    let is_default = *policy == CapacityPolicy::default();
    let reset = {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.edit(Edit::ResetPolicy))
    };

    html! {
        <section class="sup-section" aria-labelledby="policy-title">
            <h3 class="app-heading-m" id="policy-title">{ "Capacity policy" }</h3>
            <p class="app-body" id="policy-explanation">
                { "A supplier's capacity is the largest yearly contract value it can prudently hold. By default it is half of the supplier's turnover. Where its net assets are weak (twice its equity and reserves is less than half its turnover) it falls to the larger of a quarter of turnover and twice equity, so a supplier with negative equity gets a quarter. The half is a prudence setting, not a legal test. Under the Public Contracts Regulations 2015 (regulation 58(9)) a buyer may ask for a yearly turnover of at most twice the contract value unless justified, which, read from the supplier's side, is a contract of up to half its turnover. The Procurement Act 2023 (section 22) sets no multiple: conditions of participation must be proportionate, and that judgement is yours." }
            </p>
            <div class="sup-money-grid">
                <NumberField
                    id={ids::of(&Target::CapacityPolicy)}
                    label="Share of turnover"
                    hint="The most of its turnover a supplier can commit to one contract. 0.5 means half."
                    value={policy.turnover_ratio}
                    min={0.01}
                    max={1.0}
                    on_change={number(Policy::TurnoverRatio)}
                />
                <NumberField
                    id="policy-weak"
                    label="Share of turnover when assets are weak"
                    hint="0.25 means a quarter. Used when the supplier's equity is too small to back the share above."
                    value={policy.weak_assets_ratio}
                    min={0.01}
                    max={1.0}
                    error={weak_error}
                    on_change={number(Policy::WeakAssetsRatio)}
                />
                <NumberField
                    id="policy-equity"
                    label="Equity multiple"
                    hint="Net assets are strong when this many times equity covers the share of turnover. Default 2."
                    value={policy.equity_multiple}
                    min={0.0}
                    max={100.0}
                    on_change={number(Policy::EquityMultiple)}
                />
            </div>
            <div class="app-form-group sup-checkboxes">
                <Checkbox id="policy-guarantees" label="Add parent company guarantees"
                    hint="A guarantee from a parent company adds to the supplier's capacity."
                    checked={policy.add_guarantees} on_change={flag(Policy::AddGuarantees)} />
                <Checkbox id="policy-committed" label="Take off value already committed"
                    hint="Contracts the supplier already holds elsewhere reduce what it can take on (never below zero)."
                    checked={policy.subtract_committed} on_change={flag(Policy::SubtractCommitted)} />
                <Checkbox id="policy-pool" label="Consortia pool their members' capacity"
                    hint="Suppliers that name the same consortium bid together with the sum of their capacities."
                    checked={policy.pool_consortia} on_change={flag(Policy::PoolConsortia)} />
                <Checkbox id="policy-alone" label="Consortium members also bid alone"
                    hint="Off by default, so no capacity is counted twice and bidder numbers are not inflated."
                    checked={policy.members_bid_alone} on_change={flag(Policy::MembersBidAlone)} />
            </div>
            <StandingPolicy />
            if !is_default {
                <button type="button" class="app-button app-button--secondary" id="policy-reset" onclick={reset}>
                    { "Go back to the default policy" }
                </button>
            }
        </section>
    }
}

/// The limits that make a supplier's financial standing a concern, and what a concern costs.
#[component]
fn StandingPolicy() -> Html {
    let doc = use_doc();
    let policy = &doc.scenario().capacity_policy;
    let number = |setting: fn(f64) -> Policy| doc.on(move |v: f64| Edit::SetPolicy(setting(v)));
    html! {
        <fieldset class="app-fieldset sup-standing" aria-describedby="policy-standing-hint">
            <legend class="app-label">{ "Financial standing" }</legend>
            <p class="app-hint" id="policy-standing-hint">
                { "Where the register has a supplier's net debt, EBITDA and current assets and liabilities, Lotwise flags a financial concern outside these limits, and where its equity is negative. The limits are yours to set: 4 and 1 are common starting points, not the Cabinet Office guidance's thresholds, which vary with the contract." }
            </p>
            <div class="sup-money-grid">
                <NumberField
                    id="policy-net-debt"
                    label="Most net debt, in times EBITDA"
                    hint="0 turns the check off. Default 4."
                    value={policy.max_net_debt_to_ebitda.unwrap_or(0.0)}
                    min={0.0}
                    max={100.0}
                    on_change={number(Policy::MaxNetDebtToEbitda)}
                />
                <NumberField
                    id="policy-current-ratio"
                    label="Least current ratio"
                    hint="Current assets over current liabilities. 0 turns the check off. Default 1."
                    value={policy.min_current_ratio.unwrap_or(0.0)}
                    min={0.0}
                    max={100.0}
                    on_change={number(Policy::MinCurrentRatio)}
                />
                <NumberField
                    id="policy-concern-reduction"
                    label="Capacity taken off for a concern"
                    hint="0.25 takes a quarter off the supplier's own capacity. Default 0: the concern is shown, capacity is unchanged."
                    value={policy.concern_reduction}
                    min={0.0}
                    max={1.0}
                    on_change={number(Policy::ConcernReduction)}
                />
            </div>
        </fieldset>
    }
}
