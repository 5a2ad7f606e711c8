//! Localities: name, demand weight and share, the localities each borders, remove.

use yew::prelude::*;

use crate::model::edit::Edit;
use crate::model::structure::are_adjacent;
use crate::model::target::Target;
use crate::model::Locality;
use crate::ui::ids::{self, slug};
use crate::ui::service::{edit_button, try_button};
use crate::ui::store::use_doc;
use crate::ui::widgets::{event_checked, NumberField, TextField};

/// The localities table, with add and remove.
#[component]
pub fn LocalitiesTable() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let error = use_state(|| None::<String>);
    let regional = crate::model::regional::is_regional(sc);
    // A locality's share is of its authority's work in a regional plan.
    let total_weight = |of: &Locality| -> f64 {
        sc.localities
            .iter()
            .filter(|l| !regional || l.authority == of.authority)
            .map(|l| l.weight)
            .filter(|w| w.is_finite() && *w > 0.0)
            .sum()
    };
    html! {
        <section class="svc-section" aria-labelledby="localities-title">
            <h3 class="app-heading-m" id={ids::of(&Target::Map)}>{ "Localities" }</h3>
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
                            <th scope="col" class="svc-num">{ if regional { "Share of its authority" } else { "Share" } }</th>
                            if regional {
                                <th scope="col">{ "Authority" }</th>
                            }
                            <th scope="col">{ "Borders" }</th>
                            <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.localities.iter().enumerate().map(|(i, l)| {
                            let total = total_weight(l);
                            let share = if total > 0.0 && l.weight > 0.0 { l.weight / total } else { 0.0 };
                            html! {
                                <LocalityRow key={format!("{i}-{}", l.name)} index={i} locality={l.clone()} {share} error={error.clone()} />
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <button type="button" class="app-button app-button--secondary" id="locality-add" onclick={edit_button(&doc, Edit::AddLocality)}>{ "Add a locality" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LocalityRowProps {
    index: usize,
    locality: Locality,
    /// This locality's share of the demand.
    share: f64,
    /// Where a refused removal says why.
    error: UseStateHandle<Option<String>>,
}

#[component]
fn LocalityRow(p: &LocalityRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let l = &p.locality;
    let key = slug(&l.name);
    let name = l.name.clone();
    html! {
        <tr>
            <td class="svc-wide">
                <TextField id={ids::of(&Target::LocalityName(l.name.clone()))} label={format!("Name of locality {}", p.index + 1)} compact=true
                    value={l.name.clone()}
                    on_change={{ let name = name.clone(); doc.on_text(move |to| Edit::RenameLocality { name: name.clone(), to }) }} />
            </td>
            <td class="svc-pct">
                <div class="svc-compact">
                    <NumberField id={ids::of(&Target::LocalityWeight(l.name.clone()))} label={format!("Demand weight of {}", l.name)}
                        value={l.weight} min={Some(0.0)}
                        on_change={{ let name = name.clone(); doc.on(move |weight: f64| Edit::SetLocalityWeight { name: name.clone(), weight }) }} />
                </div>
            </td>
            <td class="svc-num">{ format!("{:.1}%", p.share * 100.0) }</td>
            if crate::model::regional::is_regional(sc) {
                <td>{ authority_select(&doc, sc, l) }</td>
            }
            <td>
                <fieldset class="svc-borders">
                    <legend class="app-visually-hidden">{ format!("Localities that border {}", l.name) }</legend>
                    { for sc.localities.iter().filter(|o| o.name != l.name).map(|o| {
                        let (a, b) = (l.name.clone(), o.name.clone());
                        let id = format!("adj-{key}-{}", slug(&o.name));
                        let set = doc.on(move |on: bool| Edit::SetAdjacent { a: a.clone(), b: b.clone(), on });
                        html! {
                            <span class="svc-border">
                                <input class="svc-check__input" type="checkbox" id={id.clone()}
                                    checked={are_adjacent(sc, &l.name, &o.name)}
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
                    onclick={try_button(&doc, &p.error, Edit::RemoveLocality(name))}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" {}", l.name) }</span>
                </button>
            </td>
        </tr>
    }
}

/// The authority a locality belongs to, as a select.
fn authority_select(doc: &crate::ui::store::Doc, sc: &crate::model::Scenario, l: &Locality) -> Html {
    let id = format!("locality-{}-authority", slug(&l.name));
    let name = l.name.clone();
    let set = doc.on(move |authority: String| Edit::SetLocalityAuthority { locality: name.clone(), authority });
    html! {
        <>
            <label class="app-visually-hidden" for={id.clone()}>{ format!("Authority of {}", l.name) }</label>
            <select class="app-select" {id} onchange={Callback::from(move |e: Event| set.emit(crate::ui::widgets::event_value(&e)))}>
                { for sc.authorities.iter().map(|a| html! {
                    <option value={a.name.clone()} selected={l.authority.as_deref() == Some(a.name.as_str())}>{ a.name.clone() }</option>
                }) }
            </select>
        </>
    }
}
