//! Step 5, part 1: the active scenario's projection assumptions (`docs/scenarios.md`):
//! yearly demand growth, price inflation and budget change (shown as percentages, stored as
//! fractions), the 2008-2015 trend preset, rates for single service areas, and changes in the
//! supplier market (a supplier leaves; a supplier's capacity grows).

use yew::prelude::*;

use crate::base::text::{number, percent_value, share_value};
use crate::model::edit::{Edit, Rate};
use crate::model::validate::RATE_RANGE;
use crate::model::{AreaProjection, MarketChange};
use crate::ui::service::shown_name;
use crate::ui::store::{use_doc, Doc};
use crate::ui::widgets::{event_value, Checkbox, NumberField};

/// The lowest and highest rate a person may type, in per cent a year (the model's range).
fn rate_bounds() -> (Option<f64>, Option<f64>) {
    (Some(percent_value(*RATE_RANGE.start())), Some(percent_value(*RATE_RANGE.end())))
}

/// A market change in words: "Leaves the market from year 3 (2016)", "Capacity grows 5% a
/// year", or both.
pub fn market_in_words(m: &MarketChange, base_year: i32) -> String {
    let mut parts = Vec::new();
    if let Some(y) = m.leaves_from_year {
        parts.push(format!("leaves the market from year {y} ({})", base_year.saturating_add(y as i32)));
    }
    if let Some(g) = m.capacity_growth {
        let verb = if g < 0.0 { "shrinks" } else { "grows" };
        parts.push(format!("capacity {verb} {}% a year", number(percent_value(g.abs()))));
    }
    let text = parts.join("; ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "No change".into(),
    }
}

/// A rate field's callback: the percentage typed, stored as a share.
fn rate(doc: &Doc, rate: Rate) -> Callback<f64> {
    doc.on(move |v: f64| Edit::SetRate { rate, value: share_value(v) })
}

#[component]
pub fn Assumptions() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let pr = &sc.projection;
    let (min, max) = rate_bounds();
    let click = |edit: Edit| {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.edit(edit.clone()))
    };
    html! {
        <section class="sc-section" id="sc-assumptions" aria-labelledby="sc-assumptions-title">
            <h3 class="app-heading-m" id="sc-assumptions-title">{ "1. Assumptions for the contract years" }</h3>
            <p class="app-body">
                { format!(
                    "For the scenario “{}”: how the work, its prices and your budget change each year of the {}-year contract, from {} (year 0). Rates are per year and compound.",
                    crate::views::compare::label(sc), sc.service.contract_term_years, sc.service.base_year
                ) }
            </p>
            <div class="sc-preset">
                <button type="button" class="app-button app-button--secondary" id="proj-preset" onclick={click(Edit::UseTrend)}>{ "Use the 2008-2015 trend" }</button>
                <p class="app-hint sc-preset__hint" id="proj-preset-hint">
                    { "Sets demand growth to 2.1% a year (children in care in England rose 16% from 2008 to 2015, and referrals 22%), prices to 2% a year (an assumption: the Bank of England's inflation target) and the budget to 2.2% a year (councils' planned spend for 2011-15, Table 2 of the research behind the example). Demand then costs more each year than the budget allows." }
                </p>
            </div>
            <form class="sc-rates" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <NumberField id="proj-growth" label="Demand growth (% a year)"
                    hint="The volume of work: more children referred or in care. Use a minus sign for falling demand."
                    value={percent_value(pr.demand_growth)} {min} {max} on_change={rate(&doc, Rate::DemandGrowth)} />
                <NumberField id="proj-inflation" label="Price inflation (% a year)"
                    hint="The price of a unit of work, such as a week of a foster placement."
                    value={percent_value(pr.price_inflation)} {min} {max} on_change={rate(&doc, Rate::PriceInflation)} />
                <NumberField id="proj-budget" label="Budget change (% a year)"
                    hint="Your budget for the service. Where demand costs more, the gap is shown each year."
                    value={percent_value(pr.budget_change)} {min} {max} on_change={rate(&doc, Rate::BudgetChange)} />
            </form>
            <AuthorityBudgets />
            <Checkbox
                id="proj-cap"
                label="Cut the work to fit the budget"
                hint="Off (usual): the work follows demand, because children's social care is statutory and must be provided. On: in a year where demand costs more than the budget, every area is scaled down alike."
                checked={pr.cap_to_budget}
                on_change={doc.on(Edit::SetCapToBudget)}
            />
            <AreaRates />
            <MarketChanges />
            if !pr.is_none() {
                <button type="button" class="app-button app-button--secondary" id="proj-reset" onclick={click(Edit::ResetProjection)}>{ "Clear all assumptions" }</button>
            }
        </section>
    }
}

/// In a regional plan, each authority's own budget change (blank: the rate above).
#[component]
fn AuthorityBudgets() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    if sc.authorities.len() < 2 {
        return html! {};
    }
    let (min, max) = rate_bounds();
    let general = sc.projection.budget_change;
    html! {
        <fieldset class="app-fieldset sc-authority-budgets" aria-describedby="proj-authority-budget-hint">
            <legend class="app-label">{ "Budget change by authority (% a year)" }</legend>
            <p class="app-hint" id="proj-authority-budget-hint">
                { format!("Each authority's budget follows its own rate; one not changed here follows the rate above ({}). Each authority's envelope is set against its own work, and the plan's is their total.", crate::base::text::percent(general)) }
            </p>
            <div class="sc-authority-budget-grid">
            { for sc.authorities.iter().map(|a| {
                let id = format!("proj-budget-{}", crate::ui::ids::slug(&a.name));
                let name = a.name.clone();
                let own = a.budget_change.is_some();
                let clear = { let name = name.clone(); doc.on(move |_: MouseEvent| Edit::SetAuthorityBudget { authority: name.clone(), rate: None }) };
                html! {
                    <div class="sc-authority-budget">
                        <NumberField id={id.clone()} label={format!("{} budget change (% a year)", a.name)}
                            hint={(!own).then(|| AttrValue::from("Follows the rate above."))}
                            value={percent_value(a.budget_change.unwrap_or(general))} {min} {max}
                            on_change={doc.on(move |v: f64| Edit::SetAuthorityBudget { authority: name.clone(), rate: Some(share_value(v)) })} />
                        if own {
                            <button type="button" class="app-button app-button--secondary svc-small-button" id={format!("{id}-clear")} onclick={clear}>
                                { "Follow the rate above" }<span class="app-visually-hidden">{ format!(" for {}", a.name) }</span>
                            </button>
                        }
                    </div>
                }
            }) }
            </div>
        </fieldset>
    }
}

/// Rates of their own for some service areas (they replace the general rates there).
#[component]
fn AreaRates() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let pr = &sc.projection;
    let free: Vec<(String, String)> = sc
        .service_areas
        .iter()
        .filter(|a| !pr.areas.contains_key(&a.code))
        .map(|a| (a.code.clone(), shown_name(&a.name, &a.code)))
        .collect();
    let choice = use_state(String::new);
    let chosen = if free.iter().any(|(c, _)| *c == *choice) {
        (*choice).clone()
    } else {
        free.first().map(|f| f.0.clone()).unwrap_or_default()
    };
    let on_choose = {
        let choice = choice.clone();
        Callback::from(move |e: Event| choice.set(event_value(&e)))
    };
    let on_add = {
        let (doc, code) = (doc.clone(), chosen.clone());
        Callback::from(move |_| {
            if !code.is_empty() {
                doc.edit(Edit::AddAreaRates(code.clone()));
            }
        })
    };
    html! {
        <details class="sc-details sc-subsection" id="proj-areas" open={!pr.areas.is_empty()}>
            <summary>{ format!("Different rates for some service areas ({})", pr.areas.len()) }</summary>
            <p class="app-hint">{ "For example, foster care spend grew about 3.9% a year from 2011 to 2015 while residential care fell about 1% a year. An area's own rates replace the general ones above." }</p>
            { for pr.areas.iter().map(|(code, own)| html! { <AreaRate key={code.clone()} code={code.clone()} own={own.clone()} /> }) }
            if !free.is_empty() {
                <div class="sc-add">
                    <div class="app-form-group">
                        <label class="app-label" for="proj-area-choice">{ "Service area" }</label>
                        <select class="app-select" id="proj-area-choice" onchange={on_choose}>
                            { for free.iter().map(|(code, n)| html! { <option value={code.clone()} selected={*code == chosen}>{ n.clone() }</option> }) }
                        </select>
                    </div>
                    <button type="button" class="app-button app-button--secondary" id="proj-area-add" onclick={on_add}>{ "Give this area its own rates" }</button>
                </div>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct AreaRateProps {
    code: String,
    own: AreaProjection,
}

/// One area's own demand growth and price inflation.
#[component]
fn AreaRate(p: &AreaRateProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let pr = &sc.projection;
    let code = p.code.clone();
    let area = sc.service_areas.iter().find(|a| a.code == code).map_or(code.clone(), |a| shown_name(&a.name, &a.code));
    let (min, max) = rate_bounds();
    let set = |rate: Rate| {
        let code = code.clone();
        doc.on(move |v: f64| Edit::SetAreaRate { code: code.clone(), rate, value: share_value(v) })
    };
    let on_remove = {
        let (doc, code) = (doc.clone(), code.clone());
        Callback::from(move |_| doc.edit(Edit::RemoveAreaRates(code.clone())))
    };
    html! {
        <fieldset class="sc-area">
            <legend>{ area.clone() }</legend>
            <div class="sc-area__fields">
                <NumberField id={format!("proj-area-{code}-growth")} label="Demand growth (% a year)"
                    value={percent_value(p.own.demand_growth.unwrap_or(pr.demand_growth))} {min} {max}
                    on_change={set(Rate::DemandGrowth)} />
                <NumberField id={format!("proj-area-{code}-inflation")} label="Price inflation (% a year)"
                    value={percent_value(p.own.price_inflation.unwrap_or(pr.price_inflation))} {min} {max}
                    on_change={set(Rate::PriceInflation)} />
                <button type="button" class="app-button app-button--secondary sc-area__remove" onclick={on_remove}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" the rates for {area}") }</span>
                </button>
            </div>
        </fieldset>
    }
}

/// Changes in the supplier market: suppliers leaving, capacity growing or shrinking.
#[component]
fn MarketChanges() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let pr = &sc.projection;
    let name =
        |id: &str| sc.suppliers.iter().find(|s| s.id == id).map_or(id.to_string(), |s| shown_name(&s.name, &s.id));
    html! {
        <details class="sc-details sc-subsection" id="proj-market" open={!pr.market.is_empty()}>
            <summary>{ format!("Changes in the supplier market ({})", pr.market.len()) }</summary>
            <p class="app-hint">{ "A provider may leave the market or grow. When Nebraska outsourced child welfare, contracts were sized on demand that proved far too low and most of the providers withdrew. Suppliers without a change keep today's capacity." }</p>
            if !pr.market.is_empty() {
                <table class="app-table sc-market">
                    <caption class="app-visually-hidden">{ "Changes in the supplier market" }</caption>
                    <thead><tr><th scope="col">{ "Supplier" }</th><th scope="col">{ "Change" }</th><td></td></tr></thead>
                    <tbody>
                        { for pr.market.iter().enumerate().map(|(i, m)| {
                            let on_remove = {
                                let doc = doc.clone();
                                Callback::from(move |_| doc.edit(Edit::RemoveMarketChange(i)))
                            };
                            let who = name(&m.supplier);
                            html! {
                                <tr>
                                    <th scope="row">{ who.clone() }</th>
                                    <td>{ market_in_words(m, sc.service.base_year) }</td>
                                    <td>
                                        <button type="button" class="app-button app-button--secondary sc-small-button" id={format!("proj-market-remove-{i}")} onclick={on_remove}>
                                            { "Remove" }<span class="app-visually-hidden">{ format!(" the change for {who}") }</span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            if sc.suppliers.is_empty() {
                <p class="app-body">{ "Add suppliers on step 2 first." }</p>
            } else {
                <NewMarketChange />
            }
        </details>
    }
}

/// What a new market change does.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Leaves,
    Grows,
}

/// The change a person is about to add: a supplier, what happens to it, and when or how much.
fn market_change(supplier: String, kind: Kind, amount: f64) -> MarketChange {
    match kind {
        Kind::Leaves => MarketChange {
            supplier,
            leaves_from_year: Some(amount.round().clamp(0.0, 15.0) as u32),
            capacity_growth: None,
        },
        Kind::Grows => MarketChange { supplier, leaves_from_year: None, capacity_growth: Some(share_value(amount)) },
    }
}

/// Adding a market change: which supplier, what changes, from when or by how much.
#[component]
fn NewMarketChange() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let supplier = use_state(String::new);
    let kind = use_state(|| Kind::Leaves);
    let amount = use_state(|| 2.0f64);
    let term = sc.service.contract_term_years.clamp(1, 15);
    let chosen = if sc.suppliers.iter().any(|s| s.id == *supplier) {
        (*supplier).clone()
    } else {
        sc.suppliers.first().map(|s| s.id.clone()).unwrap_or_default()
    };
    let on_add = {
        let (doc, chosen, kind, amount) = (doc.clone(), chosen.clone(), *kind, *amount);
        Callback::from(move |_| doc.edit(Edit::AddMarketChange(market_change(chosen.clone(), kind, amount))))
    };
    let on_kind = {
        let (kind, amount) = (kind.clone(), amount.clone());
        Callback::from(move |e: Event| {
            let k = if event_value(&e) == "grows" { Kind::Grows } else { Kind::Leaves };
            amount.set(if k == Kind::Grows { 5.0 } else { 2.0 });
            kind.set(k);
        })
    };
    let (amount_label, amount_hint, whole, (min, max)) = match *kind {
        Kind::Leaves => (
            "From contract year",
            format!("0 is {}, the first year; this contract's last year is {}.", sc.service.base_year, term - 1),
            true,
            (Some(0.0), Some(15.0)),
        ),
        Kind::Grows => (
            "Capacity change (% a year)",
            "Its revenue, equity and assets grow by this much each year; use a minus sign for a shrinking supplier."
                .to_string(),
            false,
            rate_bounds(),
        ),
    };
    html! {
        <div class="sc-add">
            <div class="app-form-group">
                <label class="app-label" for="proj-market-supplier">{ "Supplier" }</label>
                <select class="app-select" id="proj-market-supplier" onchange={{ let supplier = supplier.clone(); Callback::from(move |e: Event| supplier.set(event_value(&e))) }}>
                    { for sc.suppliers.iter().map(|s| html! { <option value={s.id.clone()} selected={s.id == chosen}>{ shown_name(&s.name, &s.id) }</option> }) }
                </select>
            </div>
            <div class="app-form-group">
                <label class="app-label" for="proj-market-kind">{ "Change" }</label>
                <select class="app-select" id="proj-market-kind" onchange={on_kind}>
                    <option value="leaves" selected={*kind == Kind::Leaves}>{ "Leaves the market" }</option>
                    <option value="grows" selected={*kind == Kind::Grows}>{ "Capacity grows or shrinks" }</option>
                </select>
            </div>
            <NumberField id="proj-market-amount" label={amount_label} hint={amount_hint} value={*amount} {whole} {min} {max}
                on_change={{ let amount = amount.clone(); Callback::from(move |v: f64| amount.set(v)) }} />
            <button type="button" class="app-button app-button--secondary" id="proj-market-add" onclick={on_add}>{ "Add this change" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_changes_read_in_words() {
        let leaves = MarketChange { supplier: "A".into(), leaves_from_year: Some(3), capacity_growth: None };
        assert_eq!(market_in_words(&leaves, 2013), "Leaves the market from year 3 (2016)");
        let grows = MarketChange { supplier: "A".into(), leaves_from_year: None, capacity_growth: Some(0.05) };
        assert_eq!(market_in_words(&grows, 2013), "Capacity grows 5% a year");
        let both = MarketChange { supplier: "A".into(), leaves_from_year: Some(2), capacity_growth: Some(-0.1) };
        assert_eq!(market_in_words(&both, 2013), "Leaves the market from year 2 (2015); capacity shrinks 10% a year");
    }

    #[test]
    fn a_new_change_is_what_was_typed() {
        assert_eq!(market_change("A".into(), Kind::Leaves, 2.4).leaves_from_year, Some(2));
        assert_eq!(market_change("A".into(), Kind::Grows, 2.1).capacity_growth, Some(0.021));
    }
}
