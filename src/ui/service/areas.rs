//! Service areas (name, code, value, relevant care, in-house) and their tiers of need.

use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::base::text::{percent_value, share_value};
use crate::model::edit::Edit;
use crate::model::structure::{area_selector, is_retained, tier_selector};
use crate::model::target::Target;
use crate::model::{Scenario, ServiceArea};
use crate::ui::ids::{self, slug};
use crate::ui::service::{edit_button, shown_name, try_button};
use crate::ui::store::use_doc;
use crate::ui::widgets::{Checkbox, NumberField, TableCheck, TextField};

/// The service areas table, with add and remove.
#[component]
pub fn AreasTable() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let error = use_state(|| None::<String>);
    html! {
        <section class="svc-section" aria-labelledby="areas-title">
            <h3 class="app-heading-m" id="areas-title">{ "Service areas" }</h3>
            <p class="app-hint" id="areas-hint">
                { "Annual values accept £1,200,000, £1.2m or 300k. \"Not-for-profit only\" marks relevant care work that only \
                   not-for-profit bidders may take. \"In-house\" keeps all of the area's work with the council." }
            </p>
            if let Some(message) = &*error {
                <p class="app-error-message" role="alert">{ message.clone() }</p>
            }
            <div class="svc-scroll" role="region" aria-labelledby="areas-title" tabindex="0">
                <table class="svc-table">
                    <caption class="app-visually-hidden">{ "Service areas and their annual values" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Code" }</th>
                            <th scope="col" class="svc-num">{ "Annual value" }</th>
                            <th scope="col" class="svc-center">{ "Not-for-profit only" }</th>
                            <th scope="col" class="svc-center">{ "In-house" }</th>
                            <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.service_areas.iter().enumerate().map(|(i, a)| html! {
                            <AreaRow key={format!("{i}-{}", a.code)} index={i} area={a.clone()} error={error.clone()} />
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{ "Total" }</th>
                            <td class="svc-num"><strong>{ gbp_full(sc.total_value()) }</strong></td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <button type="button" class="app-button app-button--secondary" id={ids::of(&Target::Areas)} onclick={edit_button(&doc, Edit::AddArea)}>{ "Add a service area" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AreaRowProps {
    index: usize,
    area: ServiceArea,
    /// Where a refused removal says why.
    error: UseStateHandle<Option<String>>,
}

#[component]
fn AreaRow(p: &AreaRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let a = &p.area;
    let key = slug(&a.code);
    let label = shown_name(&a.name, &a.code);
    let code = a.code.clone();
    let selector = area_selector(&a.code);
    let retained = is_retained(sc, &selector);
    html! {
        <tr>
            <td class="svc-wide">
                <TextField id={ids::of(&Target::AreaName(a.code.clone()))} label={format!("Name of service area {}", p.index + 1)} compact=true
                    value={a.name.clone()}
                    on_change={{ let code = code.clone(); doc.on_text(move |name| Edit::SetAreaName { code: code.clone(), name }) }} />
            </td>
            <td class="svc-code">
                <TextField id={ids::of(&Target::AreaCode(a.code.clone()))} label={format!("Code of {label}")} compact=true
                    value={a.code.clone()}
                    on_change={{ let code = code.clone(); doc.on_text(move |to| Edit::RenameArea { code: code.clone(), to }) }} />
            </td>
            <td class="svc-money">
                if crate::model::regional::is_regional(sc) {
                    // The sum of the authorities' values, changed under Authorities.
                    <p class="svc-sum" id={ids::of(&Target::AreaValue(a.code.clone()))} tabindex="-1">
                        { crate::base::money::gbp_full(a.annual_value) }
                        <span class="app-hint">{ " (the authorities' total)" }</span>
                    </p>
                } else {
                    <div class="svc-compact">
                        <NumberField id={ids::of(&Target::AreaValue(a.code.clone()))} label={format!("Annual value of {label}")}
                            value={a.annual_value} money=true min={Some(1.0)}
                            on_change={{ let code = code.clone(); doc.on(move |value: f64| Edit::SetAreaValue { code: code.clone(), value }) }} />
                    </div>
                }
            </td>
            <td class="svc-center">
                <TableCheck id={format!("area-{key}-rc")} label={format!("{label} is relevant care: not-for-profit bidders only")}
                    checked={a.relevant_care}
                    on_change={{ let code = code.clone(); doc.on(move |on: bool| Edit::SetAreaRelevantCare { code: code.clone(), on }) }} />
            </td>
            <td class="svc-center">
                <TableCheck id={format!("area-{key}-inhouse")} label={format!("Keep all of {label} in-house")}
                    checked={retained}
                    on_change={doc.on(move |on: bool| Edit::SetRetained { selector: selector.clone(), on })} />
            </td>
            <td>
                <button type="button" class="app-button app-button--secondary svc-small-button"
                    id={format!("area-{key}-remove")} disabled={sc.service_areas.len() <= 1}
                    onclick={try_button(&doc, &p.error, Edit::RemoveArea(code))}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" {label}") }</span>
                </button>
            </td>
        </tr>
    }
}

/// Whether a list of shares adds up to 100% (within the model's tolerance).
pub fn sums_to_one(shares: &[f64]) -> bool {
    (shares.iter().sum::<f64>() - 1.0).abs() <= 1e-6 // the model's SHARE_TOLERANCE
}

/// The tier split of every area, with the sum checked, and tier in-house choices.
#[component]
pub fn TiersTable() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let levels = &sc.tiers.levels;
    html! {
        <section class="svc-section" aria-labelledby="tiers-title">
            <h3 class="app-heading-m" id={ids::of(&Target::Tiers)}>{ "Tiers of need" }</h3>
            <fieldset class="svc-fieldset">
                <legend class="app-label">{ "Keep a whole tier in-house" }</legend>
                <div class="svc-split">
                    { for levels.iter().map(|level| {
                        let n = level.number;
                        html! {
                            <Checkbox id={format!("tier-{n}-inhouse")} label={tier_label(sc, n)}
                                checked={is_retained(sc, &tier_selector(n))}
                                on_change={doc.on(move |on: bool| Edit::SetRetained { selector: tier_selector(n), on })} />
                        }
                    }) }
                </div>
            </fieldset>
            <p class="app-hint" id="tiers-hint">{ "How each area's value divides across the tiers, in per cent. Each row must add up to 100%." }</p>
            <div class="svc-scroll" role="region" aria-labelledby="tiers-title" tabindex="0">
                <table class="svc-table">
                    <caption class="app-visually-hidden">{ "Share of each service area's value by tier of need, per cent" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Service area" }</th>
                            { for levels.iter().map(|l| html! { <th scope="col" class="svc-num">{ tier_label(sc, l.number) }</th> }) }
                            <th scope="col" class="svc-num">{ "Total" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.service_areas.iter().map(|a| html! { <TierRow key={a.code.clone()} area={a.clone()} /> }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TierRowProps {
    area: ServiceArea,
}

/// One area's shares across the tiers, and their total.
#[component]
fn TierRow(p: &TierRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let a = &p.area;
    let levels = &sc.tiers.levels;
    let shares = sc.tier_shares(&a.code).to_vec();
    let key = slug(&a.code);
    let label = shown_name(&a.name, &a.code);
    let ok = shares.len() == levels.len() && sums_to_one(&shares);
    let total = percent_value(shares.iter().sum());
    html! {
        <tr class={classes!((!ok).then_some("svc-row--error"))}>
            <th scope="row">{ label.clone() }</th>
            { for levels.iter().enumerate().map(|(j, l)| {
                let code = a.code.clone();
                html! {
                    <td class="svc-pct">
                        <div class="svc-compact">
                            <NumberField id={ids::of(&Target::TierShare { area: a.code.clone(), level: l.number })}
                                label={format!("{label}: {} share, per cent", tier_label(sc, l.number))}
                                value={percent_value(shares.get(j).copied().unwrap_or(0.0))} min={Some(0.0)} max={Some(100.0)}
                                on_change={doc.on(move |v: f64| Edit::SetTierShare { code: code.clone(), level: j, share: share_value(v) })} />
                        </div>
                    </td>
                }
            }) }
            <td class="svc-num" id={format!("tier-{key}-sum")}>
                if ok {
                    { format!("{total}%") }
                } else {
                    <span class="svc-error-text">
                        <span class="app-visually-hidden">{ "Error: " }</span>
                        { format!("{total}%: must be 100%") }
                    </span>
                }
            </td>
        </tr>
    }
}

/// "Level 2 Additional", or "Level 2" when the tier has no name.
pub fn tier_label(sc: &Scenario, number: u8) -> String {
    sc.tiers
        .levels
        .iter()
        .find(|l| l.number == number)
        .map(|l| l.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| format!("Level {number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_within_the_models_tolerance() {
        assert!(sums_to_one(&[0.0, 0.05, 0.45, 0.5]));
        assert!(!sums_to_one(&[0.0, 0.05, 0.40, 0.5]));
    }
}
