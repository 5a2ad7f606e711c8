//! Functions (name, code, share, relevant care, in-house) and localities (name, demand weight,
//! borders).

use yew::prelude::*;

use super::components::{event_checked, NumberField};
use super::service::{editor, fallible_editor, slug, EditProps, TableCheck, TextField};
use super::service_areas::{percent, sums_to_one};
use crate::model::edit;

/// A remove button that shows why a removal was refused.
fn remover(
    p: &EditProps,
    error: &UseStateHandle<Option<String>>,
    f: impl Fn(&mut crate::model::Scenario) -> Result<(), edit::EditError> + 'static,
) -> Callback<MouseEvent> {
    let (sc, on_change, error) = (p.scenario.clone(), p.on_change.clone(), error.clone());
    Callback::from(move |_: MouseEvent| {
        let mut s = (*sc).clone();
        match f(&mut s) {
            Ok(()) => {
                error.set(None);
                on_change.emit(s);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    })
}

/// The functions table, with add and remove.
#[component]
pub fn FunctionsTable(p: &EditProps) -> Html {
    let sc = &p.scenario;
    let error = use_state(|| None::<String>);
    let shares: Vec<f64> = sc.functions.iter().map(|f| f.share).collect();
    let ok = sums_to_one(&shares);
    let on_add = {
        let add = editor(p, |sc, _: ()| {
            edit::add_function(sc);
        });
        Callback::from(move |_: MouseEvent| add.emit(()))
    };
    html! {
        <section class="svc-section" aria-labelledby="functions-title">
            <h3 class="app-heading-m" id="functions-title">{ "Functions" }</h3>
            <p class="app-hint">
                { "The kinds of work inside every service area, with their share of each area's value (per cent; they must add up to 100%). \
                   Relevant care functions may only go to not-for-profit bidders." }
            </p>
            if let Some(message) = &*error {
                <p class="app-error-message" role="alert">{ message.clone() }</p>
            }
            <div class="svc-scroll" role="region" aria-labelledby="functions-title" tabindex="0">
                <table class="svc-table">
                    <caption class="app-visually-hidden">{ "Functions and their share of each service area" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Code" }</th>
                            <th scope="col" class="svc-num">{ "Share (%)" }</th>
                            <th scope="col" class="svc-center">{ "Not-for-profit only" }</th>
                            <th scope="col" class="svc-center">{ "In-house" }</th>
                            <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.functions.iter().enumerate().map(|(i, f)| {
                            let key = slug(&f.code);
                            let label = if f.name.trim().is_empty() { f.code.clone() } else { f.name.clone() };
                            let selector = edit::function_selector(&f.code);
                            let (c1, c2, c3, c4, c5) = (f.code.clone(), f.code.clone(), f.code.clone(), f.code.clone(), f.code.clone());
                            html! {
                                <tr key={format!("{i}-{}", f.code)}>
                                    <td class="svc-wide">
                                        <TextField id={format!("function-{key}-name")} label={format!("Name of function {}", i + 1)} compact=true
                                            value={f.name.clone()}
                                            on_change={fallible_editor(p, move |sc, v| {
                                                if let Some(f) = sc.functions.iter_mut().find(|f| f.code == c1) { f.name = v; }
                                                Ok(())
                                            })} />
                                    </td>
                                    <td class="svc-code">
                                        <TextField id={format!("function-{key}-code")} label={format!("Code of {label}")} compact=true
                                            value={f.code.clone()}
                                            on_change={fallible_editor(p, move |sc, v| edit::rename_function(sc, &c2, &v))} />
                                    </td>
                                    <td class="svc-pct">
                                        <div class="svc-compact">
                                            <NumberField id={format!("function-{key}-share")} label={format!("Share of {label}, per cent")}
                                                value={percent(f.share)} min={Some(0.0)} max={Some(100.0)}
                                                on_change={editor(p, move |sc, v: f64| {
                                                    if let Some(f) = sc.functions.iter_mut().find(|f| f.code == c3) { f.share = v / 100.0; }
                                                })} />
                                        </div>
                                    </td>
                                    <td class="svc-center">
                                        <TableCheck id={format!("function-{key}-rc")} label={format!("{label} is a relevant care function: not-for-profit bidders only")}
                                            checked={f.relevant_care}
                                            on_change={editor(p, move |sc, on: bool| {
                                                if let Some(f) = sc.functions.iter_mut().find(|f| f.code == c4) { f.relevant_care = on; }
                                            })} />
                                    </td>
                                    <td class="svc-center">
                                        <TableCheck id={format!("function-{key}-inhouse")} label={format!("Keep {label} in-house in every area")}
                                            checked={edit::is_retained(sc, &selector)}
                                            on_change={editor(p, move |sc, on: bool| edit::set_retained(sc, selector.clone(), on))} />
                                    </td>
                                    <td>
                                        <button type="button" class="app-button app-button--secondary svc-small-button"
                                            id={format!("function-{key}-remove")} disabled={sc.functions.len() <= 1}
                                            onclick={remover(p, &error, move |sc| edit::remove_function(sc, &c5))}>
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
                            <td class="svc-num" id="function-sum">
                                if ok {
                                    { format!("{}%", percent(shares.iter().sum())) }
                                } else {
                                    <span class="svc-error-text">
                                        <span class="app-visually-hidden">{ "Error: " }</span>
                                        { format!("{}%: must be 100%", percent(shares.iter().sum())) }
                                    </span>
                                }
                            </td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="app-hint">{ "Removing a function spreads its share over the others." }</p>
            <button type="button" class="app-button app-button--secondary" id="function-add" onclick={on_add}>{ "Add a function" }</button>
        </section>
    }
}

/// The localities table: name, demand weight and share, borders, remove.
#[component]
pub fn LocalitiesTable(p: &EditProps) -> Html {
    let sc = &p.scenario;
    let error = use_state(|| None::<String>);
    let total_weight: f64 = sc.localities.iter().map(|l| l.weight).filter(|w| w.is_finite() && *w > 0.0).sum();
    let on_add = {
        let add = editor(p, |sc, _: ()| {
            edit::add_locality(sc);
        });
        Callback::from(move |_: MouseEvent| add.emit(()))
    };
    html! {
        <section class="svc-section" aria-labelledby="localities-title">
            <h3 class="app-heading-m" id="localities-title">{ "Localities" }</h3>
            <p class="app-hint">
                { "Demand weight is relative: a locality's share of the work is its weight divided by the total. \
                   Tick the localities each one borders; a border ticked in one row is ticked in the other too." }
            </p>
            if let Some(message) = &*error {
                <p class="app-error-message" role="alert">{ message.clone() }</p>
            }
            <div class="svc-scroll" role="region" aria-labelledby="localities-title" tabindex="0">
                <table class="svc-table">
                    <caption class="app-visually-hidden">{ "Localities, their demand and their borders" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col" class="svc-num">{ "Demand weight" }</th>
                            <th scope="col" class="svc-num">{ "Share" }</th>
                            <th scope="col">{ "Borders" }</th>
                            <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.localities.iter().enumerate().map(|(i, l)| {
                            let key = slug(&l.name);
                            let (n1, n2, n3) = (l.name.clone(), l.name.clone(), l.name.clone());
                            let share = if total_weight > 0.0 && l.weight > 0.0 { l.weight / total_weight } else { 0.0 };
                            html! {
                                <tr key={format!("{i}-{}", l.name)}>
                                    <td class="svc-wide">
                                        <TextField id={format!("locality-{key}-name")} label={format!("Name of locality {}", i + 1)} compact=true
                                            value={l.name.clone()}
                                            on_change={fallible_editor(p, move |sc, v| edit::rename_locality(sc, &n1, &v))} />
                                    </td>
                                    <td class="svc-pct">
                                        <div class="svc-compact">
                                            <NumberField id={format!("locality-{key}-weight")} label={format!("Demand weight of {}", l.name)}
                                                value={l.weight} min={Some(0.0)}
                                                on_change={editor(p, move |sc, v: f64| {
                                                    if let Some(l) = sc.localities.iter_mut().find(|l| l.name == n2) { l.weight = v; }
                                                })} />
                                        </div>
                                    </td>
                                    <td class="svc-num">{ format!("{:.1}%", share * 100.0) }</td>
                                    <td>
                                        <fieldset class="svc-borders">
                                            <legend class="app-visually-hidden">{ format!("Localities that border {}", l.name) }</legend>
                                            { for sc.localities.iter().filter(|o| o.name != l.name).map(|o| {
                                                let (a, b) = (l.name.clone(), o.name.clone());
                                                let id = format!("adj-{key}-{}", slug(&o.name));
                                                let set = editor(p, move |sc, on: bool| edit::set_adjacent(sc, &a, &b, on));
                                                html! {
                                                    <span class="svc-border">
                                                        <input class="svc-check__input" type="checkbox" id={id.clone()}
                                                            checked={edit::are_adjacent(sc, &l.name, &o.name)}
                                                            onchange={Callback::from(move |e: Event| set.emit(event_checked(&e)))} />
                                                        <label for={id}>{ o.name.clone() }</label>
                                                    </span>
                                                }
                                            }) }
                                        </fieldset>
                                    </td>
                                    <td>
                                        <button type="button" class="app-button app-button--secondary svc-small-button"
                                            id={format!("locality-{key}-remove")} disabled={sc.localities.len() <= 1}
                                            onclick={remover(p, &error, move |sc| edit::remove_locality(sc, &n3))}>
                                            { "Remove" }<span class="app-visually-hidden">{ format!(" {}", l.name) }</span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <button type="button" class="app-button app-button--secondary" id="locality-add" onclick={on_add}>{ "Add a locality" }</button>
        </section>
    }
}
