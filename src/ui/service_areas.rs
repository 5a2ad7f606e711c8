//! Service areas (name, code, value, relevant care, in-house) and their tiers of need.

use yew::prelude::*;

use super::components::{Checkbox, NumberField};
use super::service::{editor, fallible_editor, slug, EditProps, TableCheck, TextField};
use crate::model::edit;
use crate::model::Scenario;

/// The service areas table, with add and remove.
#[component]
pub fn AreasTable(p: &EditProps) -> Html {
    let sc = &p.scenario;
    let only_one = sc.service_areas.len() <= 1;
    let remove_error = use_state(|| None::<String>);
    let on_add = {
        let add = editor(p, |sc, _: ()| {
            edit::add_area(sc);
        });
        Callback::from(move |_: MouseEvent| add.emit(()))
    };
    html! {
        <section class="svc-section" aria-labelledby="areas-title">
            <h3 class="app-heading-m" id="areas-title">{ "Service areas" }</h3>
            <p class="app-hint" id="areas-hint">
                { "Annual values accept £1,200,000, £1.2m or 300k. \"Not-for-profit only\" marks relevant care work that only \
                   not-for-profit bidders may take. \"In-house\" keeps all of the area's work with the council." }
            </p>
            if let Some(message) = &*remove_error {
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
                        { for sc.service_areas.iter().enumerate().map(|(i, a)| {
                            let code = a.code.clone();
                            let key = slug(&a.code);
                            let label = if a.name.trim().is_empty() { a.code.clone() } else { a.name.clone() };
                            let selector = edit::area_selector(&a.code);
                            let c1 = code.clone();
                            let c2 = code.clone();
                            let c3 = code.clone();
                            let c4 = code.clone();
                            let on_remove = {
                                let (sc, on_change, remove_error, code) = (p.scenario.clone(), p.on_change.clone(), remove_error.clone(), code.clone());
                                Callback::from(move |_: MouseEvent| {
                                    let mut s = (*sc).clone();
                                    match edit::remove_area(&mut s, &code) {
                                        Ok(()) => { remove_error.set(None); on_change.emit(s) }
                                        Err(e) => remove_error.set(Some(e.to_string())),
                                    }
                                })
                            };
                            html! {
                                <tr key={format!("{i}-{}", a.code)}>
                                    <td class="svc-wide">
                                        <TextField id={format!("area-{key}-name")} label={format!("Name of service area {}", i + 1)} compact=true
                                            value={a.name.clone()}
                                            on_change={fallible_editor(p, move |sc, v| {
                                                if let Some(a) = sc.service_areas.iter_mut().find(|a| a.code == c1) { a.name = v; }
                                                Ok(())
                                            })} />
                                    </td>
                                    <td class="svc-code">
                                        <TextField id={format!("area-{key}-code")} label={format!("Code of {label}")} compact=true
                                            value={a.code.clone()}
                                            on_change={fallible_editor(p, move |sc, v| edit::rename_area(sc, &c2, &v))} />
                                    </td>
                                    <td class="svc-money">
                                        <div class="svc-compact">
                                            <NumberField id={format!("area-{key}-value")} label={format!("Annual value of {label}")}
                                                value={a.annual_value} money=true min={Some(1.0)}
                                                on_change={editor(p, move |sc, v: f64| edit::set_area_value(sc, &c3, v))} />
                                        </div>
                                    </td>
                                    <td class="svc-center">
                                        <TableCheck id={format!("area-{key}-rc")} label={format!("{label} is relevant care: not-for-profit bidders only")}
                                            checked={a.relevant_care}
                                            on_change={editor(p, move |sc, on: bool| {
                                                if let Some(a) = sc.service_areas.iter_mut().find(|a| a.code == c4) { a.relevant_care = on; }
                                            })} />
                                    </td>
                                    <td class="svc-center">
                                        <TableCheck id={format!("area-{key}-inhouse")} label={format!("Keep all of {label} in-house")}
                                            checked={edit::is_retained(sc, &selector)}
                                            on_change={editor(p, move |sc, on: bool| edit::set_retained(sc, selector.clone(), on))} />
                                    </td>
                                    <td>
                                        <button type="button" class="app-button app-button--secondary svc-small-button"
                                            id={format!("area-{key}-remove")} disabled={only_one} onclick={on_remove}>
                                            { "Remove" }<span class="app-visually-hidden">{ format!(" {label}") }</span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{ "Total" }</th>
                            <td class="svc-num"><strong>{ crate::base::money::gbp_full(sc.total_value()) }</strong></td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <button type="button" class="app-button app-button--secondary" id="area-add" onclick={on_add}>{ "Add a service area" }</button>
        </section>
    }
}

/// Percentage shown for a share: at most 4 decimals, no float noise (0.05 -> 5).
pub fn percent(share: f64) -> f64 {
    (share * 100.0 * 10_000.0).round() / 10_000.0
}

/// Whether a list of shares adds up to 100% (within the model's tolerance).
pub fn sums_to_one(shares: &[f64]) -> bool {
    (shares.iter().sum::<f64>() - 1.0).abs() <= 1e-6 // the model's SHARE_TOLERANCE
}

/// The tier split of every area, with the sum checked, and tier in-house choices.
#[component]
pub fn TiersTable(p: &EditProps) -> Html {
    let sc = &p.scenario;
    let levels = &sc.tiers.levels;
    html! {
        <section class="svc-section" aria-labelledby="tiers-title">
            <h3 class="app-heading-m" id="tiers-title">{ "Tiers of need" }</h3>
            <fieldset class="svc-fieldset">
                <legend class="app-label">{ "Keep a whole tier in-house" }</legend>
                <div class="svc-split">
                    { for levels.iter().map(|level| {
                        let n = level.number;
                        html! {
                            <Checkbox id={format!("tier-{n}-inhouse")} label={tier_label(sc, n)}
                                checked={edit::is_retained(sc, &edit::tier_selector(n))}
                                on_change={editor(p, move |sc, on: bool| edit::set_retained(sc, edit::tier_selector(n), on))} />
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
                        { for sc.service_areas.iter().map(|a| {
                            let shares = sc.tier_shares(&a.code).to_vec();
                            let key = slug(&a.code);
                            let label = if a.name.trim().is_empty() { a.code.clone() } else { a.name.clone() };
                            let ok = shares.len() == levels.len() && sums_to_one(&shares);
                            let total = percent(shares.iter().sum());
                            html! {
                                <tr key={a.code.clone()} class={classes!((!ok).then_some("svc-row--error"))}>
                                    <th scope="row">{ label.clone() }</th>
                                    { for levels.iter().enumerate().map(|(j, l)| {
                                        let code = a.code.clone();
                                        html! {
                                            <td class="svc-pct">
                                                <div class="svc-compact">
                                                    <NumberField id={format!("tier-{key}-{}", l.number)}
                                                        label={format!("{label}: {} share, per cent", tier_label(sc, l.number))}
                                                        value={percent(shares.get(j).copied().unwrap_or(0.0))} min={Some(0.0)} max={Some(100.0)}
                                                        on_change={editor(p, move |sc, v: f64| edit::set_tier_share(sc, &code, j, v / 100.0))} />
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
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
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
    fn percentages_have_no_float_noise() {
        assert_eq!(percent(0.05), 5.0);
        assert_eq!(percent(0.45), 45.0);
        assert_eq!(percent(1.0 / 3.0), 33.3333);
        assert!(sums_to_one(&[0.0, 0.05, 0.45, 0.5]));
        assert!(!sums_to_one(&[0.0, 0.05, 0.40, 0.5]));
    }
}
