//! Authorities of a regional plan (`docs/regional.md`): each authority's name, its value per
//! service area and what it keeps in-house, and bringing another authority's workspace in
//! ([`super::merge`]).

use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::base::text::plural;
use crate::model::edit::Edit;
use crate::model::regional::is_regional;
use crate::model::structure::is_retained;
use crate::model::target::Target;
use crate::model::{Authority, Selector};
use crate::ui::ids::{self, slug};
use crate::ui::service::merge::MergeAuthorityForm;
use crate::ui::service::{edit_button, shown_name, try_button};
use crate::ui::store::use_doc;
use crate::ui::widgets::{NumberField, TableCheck, TextField};

/// The Authorities section of step 1.
#[component]
pub fn AuthoritiesSection() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let error = use_state(|| None::<String>);
    html! {
        <section class="svc-section" aria-labelledby={ids::of(&Target::Authorities)}>
            <h3 class="app-heading-m" id={ids::of(&Target::Authorities)} tabindex="-1">{ "Authorities" }</h3>
            if !is_regional(sc) {
                <p class="app-hint">
                    { "Commissioning with other councils, as a Regional Care Co-operative? Add each authority, or bring in \
                       another authority's Lotwise workspace: each keeps its own localities, its own spending per service \
                       area and its own in-house choices, and you decide which lots may cross authority borders (step 3)." }
                </p>
            } else {
                <p class="app-hint">
                    { "Each authority's spending per service area a year; a service area's value is the total. A locality \
                       belongs to one authority (choose it under Localities), and its demand weight shares out that \
                       authority's spending. Tick \u{201c}in-house\u{201d} to keep an authority's work in a service area out of every lot." }
                </p>
                if let Some(message) = &*error {
                    <p class="app-error-message" role="alert">{ message.clone() }</p>
                }
                <div class="svc-scroll" role="region" aria-label="Authorities and their spending" tabindex="0">
                    <table class="svc-table">
                        <caption class="app-visually-hidden">{ "Authorities, their spending per service area and their localities" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Authority" }</th>
                                { for sc.service_areas.iter().map(|a| html! {
                                    <th scope="col" class="svc-num">{ shown_name(&a.name, &a.code) }</th>
                                }) }
                                <th scope="col" class="svc-num">{ "Total a year" }</th>
                                <th scope="col" class="svc-num">{ "Localities" }</th>
                                <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for sc.authorities.iter().enumerate().map(|(i, a)| html! {
                                <AuthorityRow key={format!("{i}-{}", a.name)} index={i} authority={a.clone()} error={error.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <button type="button" class="app-button app-button--secondary" id="authority-add"
                onclick={edit_button(&doc, Edit::AddAuthority(String::new()))}>
                { if is_regional(sc) { "Add an authority" } else { "Add another authority" } }
            </button>
            <MergeAuthorityForm />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AuthorityRowProps {
    index: usize,
    authority: Authority,
    /// Where a refused removal says why.
    error: UseStateHandle<Option<String>>,
}

#[component]
fn AuthorityRow(p: &AuthorityRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let a = &p.authority;
    let key = slug(&a.name);
    let name = a.name.clone();
    let localities = sc.localities.iter().filter(|l| l.authority.as_deref() == Some(a.name.as_str())).count();
    let total: f64 = a.values.values().sum();
    html! {
        <tr>
            <td class="svc-wide">
                <TextField id={format!("authority-{key}-name")} label={format!("Name of authority {}", p.index + 1)} compact=true
                    value={a.name.clone()}
                    on_change={{ let name = name.clone(); doc.on_text(move |to| Edit::RenameAuthority { name: name.clone(), to }) }} />
            </td>
            { for sc.service_areas.iter().map(|area| {
                let label = shown_name(&area.name, &area.code);
                let (authority, code) = (name.clone(), area.code.clone());
                let selector = Selector { area: Some(area.code.clone()), authority: Some(name.clone()), ..Selector::default() };
                let retained = is_retained(sc, &selector);
                html! {
                    <td class="svc-money">
                        <div class="svc-compact">
                            <NumberField id={format!("authority-{key}-{}", slug(&area.code))} label={format!("{} spending on {label} a year", a.name)}
                                value={a.values.get(&area.code).copied().unwrap_or(0.0)} money=true min={Some(0.0)}
                                on_change={doc.on(move |value: f64| Edit::SetAuthorityValue { authority: authority.clone(), code: code.clone(), value })} />
                        </div>
                        <span class="svc-inline-check">
                            <TableCheck id={format!("authority-{key}-{}-inhouse", slug(&area.code))}
                                label={format!("Keep {}'s {label} in-house", a.name)} checked={retained}
                                on_change={doc.on(move |on: bool| Edit::SetRetained { selector: selector.clone(), on })} />
                            <span aria-hidden="true">{ "in-house" }</span>
                        </span>
                    </td>
                }
            }) }
            <td class="svc-num">{ gbp_full(total) }</td>
            <td class="svc-num">{ plural(localities, "locality", "localities") }</td>
            <td>
                <button type="button" class="app-button app-button--secondary svc-small-button"
                    id={format!("authority-{key}-remove")}
                    onclick={try_button(&doc, &p.error, Edit::RemoveAuthority(name.clone()))}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" {}", a.name) }</span>
                </button>
            </td>
        </tr>
    }
}
