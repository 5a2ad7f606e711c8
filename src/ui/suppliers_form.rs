//! The add / edit supplier form: every field labelled with a hint, checked on save with an
//! error summary and per-field errors (`register::Draft::to_supplier` does the checking).

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::components::{Checkbox, ErrorSummary};
use crate::base::error::Issue;
use crate::model::register::{Draft, FormError, FormField, OWNERSHIPS};
use crate::model::{Ownership, Scenario, Supplier};

/// A change to the form's contents.
pub enum Edit {
    Text(TextField, String),
    Ownership(Ownership),
    NotForProfit(bool),
    Illustrative(bool),
    Area(String, bool),
    Locality(String, bool),
    AllAreas(Vec<String>),
    AllLocalities(Vec<String>),
}

/// The free-text fields.
#[derive(Clone, Copy, PartialEq)]
pub enum TextField {
    Name,
    Revenue,
    Equity,
    Assets,
    Guarantee,
    Committed,
    Consortium,
}

#[derive(Clone, PartialEq)]
struct DraftState(Draft);

impl Reducible for DraftState {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut d = self.0.clone();
        match action {
            Edit::Text(field, value) => {
                let slot = match field {
                    TextField::Name => &mut d.name,
                    TextField::Revenue => &mut d.revenue,
                    TextField::Equity => &mut d.equity,
                    TextField::Assets => &mut d.tangible_fixed_assets,
                    TextField::Guarantee => &mut d.parent_guarantee,
                    TextField::Committed => &mut d.committed,
                    TextField::Consortium => &mut d.consortium,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
            }
            Edit::Ownership(o) => {
                // Charities are not-for-profit; choosing one ticks the box (it can be unticked).
                if o == Ownership::Charity {
                    d.not_for_profit = true;
                }
                d.ownership = o;
            }
            Edit::NotForProfit(b) => d.not_for_profit = b,
            Edit::Illustrative(b) => d.illustrative = b,
            Edit::Area(code, on) => toggle(&mut d.service_areas, code, on),
            Edit::Locality(name, on) => toggle(&mut d.localities, name, on),
            Edit::AllAreas(all) => d.service_areas = all.into_iter().collect(),
            Edit::AllLocalities(all) => d.localities = all.into_iter().collect(),
        }
        Rc::new(DraftState(d))
    }
}

fn toggle(set: &mut BTreeSet<String>, item: String, on: bool) {
    if on {
        set.insert(item);
    } else {
        set.remove(&item);
    }
}

fn input_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct SupplierFormProps {
    pub scenario: Scenario,
    /// What the form starts with (a new draft, or a supplier's figures).
    pub initial: Draft,
    /// Called with a checked supplier (`id` empty for a new one).
    pub on_save: Callback<Supplier>,
    pub on_cancel: Callback<()>,
}

/// The add / edit form. Give it a `key` so it starts afresh for each supplier.
#[component]
pub fn SupplierForm(p: &SupplierFormProps) -> Html {
    let draft = {
        let initial = p.initial.clone();
        use_reducer(move || DraftState(initial))
    };
    let errors = use_state(Vec::<FormError>::new);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let d = &draft.0;
    let new = d.id.is_none();

    let onsubmit = {
        let (draft, errors, scenario, on_save) = (draft.clone(), errors.clone(), p.scenario.clone(), p.on_save.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match draft.0.to_supplier(&scenario) {
                Ok(s) => {
                    errors.set(Vec::new());
                    on_save.emit(s);
                }
                Err(list) => errors.set(list),
            }
        })
    };
    let error_for = |field: FormField| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());

    let text = |field: TextField, form_field: FormField, value: &str, hint: &'static str, wide: bool| {
        let id = form_field.id();
        let error = error_for(form_field);
        let set = {
            let draft = draft.clone();
            Callback::from(move |e: Event| draft.dispatch(Edit::Text(field, input_value(&e))))
        };
        let set_input = {
            let draft = draft.clone();
            Callback::from(move |e: InputEvent| draft.dispatch(Edit::Text(field, input_value(&e))))
        };
        let numeric = !matches!(field, TextField::Name | TextField::Consortium);
        let described = if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
        html! {
            <div class={classes!("app-form-group", error.is_some().then_some("app-form-group--error"))}>
                <label class="app-label" for={id}>{ form_field.label() }</label>
                <div class="app-hint" id={format!("{id}-hint")}>{ hint }</div>
                if let Some(message) = error {
                    <p class="app-error-message" id={format!("{id}-error")}>
                        <span class="app-visually-hidden">{ "Error: " }</span>{ message }
                    </p>
                }
                <input
                    class={classes!("app-input", if wide { "sup-input--wide" } else { "sup-input--money" }, error_for(form_field).is_some().then_some("app-input--error"))}
                    id={id}
                    name={id}
                    type="text"
                    inputmode={numeric.then_some("decimal")}
                    spellcheck="false"
                    autocomplete="off"
                    value={value.to_string()}
                    aria-describedby={described}
                    aria-invalid={error_for(form_field).is_some().then_some("true")}
                    onchange={set}
                    oninput={set_input}
                />
            </div>
        }
    };

    let areas: Vec<String> = p.scenario.service_areas.iter().map(|a| a.code.clone()).collect();
    let localities: Vec<String> = p.scenario.localities.iter().map(|l| l.name.clone()).collect();

    let area_boxes = p.scenario.service_areas.iter().map(|a| {
        let code = a.code.clone();
        let on = draft.dispatcher();
        let label = if a.name.is_empty() { a.code.clone() } else { format!("{} ({})", a.name, a.code) };
        html! {
            <Checkbox
                id={format!("supplier-area-{}", a.code)}
                label={label}
                checked={d.service_areas.contains(&a.code)}
                on_change={Callback::from(move |b: bool| on.dispatch(Edit::Area(code.clone(), b)))}
            />
        }
    });
    let locality_boxes = p.scenario.localities.iter().enumerate().map(|(i, l)| {
        let name = l.name.clone();
        let on = draft.dispatcher();
        html! {
            <Checkbox
                id={format!("supplier-locality-{i}")}
                label={l.name.clone()}
                checked={d.localities.contains(&l.name)}
                on_change={Callback::from(move |b: bool| on.dispatch(Edit::Locality(name.clone(), b)))}
            />
        }
    });
    let all_none = |what: &'static str, all: Vec<String>, set_all: fn(Vec<String>) -> Edit| {
        let (a, n) = (draft.dispatcher(), draft.dispatcher());
        let all2 = all.clone();
        html! {
            <div class="sup-all-none">
                <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-{what}-all")}
                    onclick={Callback::from(move |_| a.dispatch(set_all(all2.clone())))}>
                    { "Select all" }<span class="app-visually-hidden">{ format!(" {what}") }</span>
                </button>
                <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-{what}-none")}
                    onclick={Callback::from(move |_| n.dispatch(set_all(Vec::new())))}>
                    { "Select none" }<span class="app-visually-hidden">{ format!(" {what}") }</span>
                </button>
            </div>
        }
    };
    let fieldset = |field: FormField, hint: &'static str, tools: Html, boxes: Html| {
        let id = field.id();
        let error = error_for(field);
        html! {
            <div class={classes!("app-form-group", error.is_some().then_some("app-form-group--error"))} id={id} tabindex="-1">
                <fieldset class="sup-fieldset" aria-describedby={format!("{id}-hint")}>
                    <legend class="app-label sup-legend">{ field.label() }</legend>
                    <div class="app-hint" id={format!("{id}-hint")}>{ hint }</div>
                    if let Some(message) = error {
                        <p class="app-error-message" id={format!("{id}-error")}>
                            <span class="app-visually-hidden">{ "Error: " }</span>{ message }
                        </p>
                    }
                    { tools }
                    <div class="sup-checkbox-grid">{ boxes }</div>
                </fieldset>
            </div>
        }
    };

    let issues: Vec<Issue> = errors.iter().map(|e| Issue::new(e.field.label(), e.message.clone())).collect();
    let href_for = Callback::from(|label: String| {
        [
            FormField::Name,
            FormField::Revenue,
            FormField::Equity,
            FormField::TangibleFixedAssets,
            FormField::ParentGuarantee,
            FormField::Committed,
            FormField::Consortium,
            FormField::ServiceAreas,
            FormField::Localities,
        ]
        .into_iter()
        .find(|f| f.label() == label)
        .map(|f| format!("#{}", f.id()))
    });
    let on_ownership = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let word = select_value(&e);
            let o = OWNERSHIPS.iter().map(|(o, _)| *o).find(|o| o.as_str() == word).unwrap_or_default();
            draft.dispatch(Edit::Ownership(o));
        })
    };
    let title = if new { "Add a supplier".to_string() } else { format!("Edit {}", p.initial.name) };

    html! {
        <form class="sup-form" id="supplier-form" novalidate=true onsubmit={onsubmit} aria-labelledby="supplier-form-title">
            <h3 class="app-heading-m" id="supplier-form-title" tabindex="-1" ref={heading}>{ title }</h3>
            if !issues.is_empty() {
                <ErrorSummary id="supplier-errors-summary" title="There is a problem with this supplier" issues={issues} href_for={href_for} />
            }
            { text(TextField::Name, FormField::Name, &d.name, "As it appears in the supplier's accounts or trading name.", true) }
            <div class="app-form-group">
                <label class="app-label" for="supplier-ownership">{ "Ownership" }</label>
                <div class="app-hint" id="supplier-ownership-hint">{ "Who owns the supplier. Private equity owners often load companies with debt, which shows as weak or negative equity." }</div>
                <select class="sup-select" id="supplier-ownership" name="supplier-ownership" aria-describedby="supplier-ownership-hint" onchange={on_ownership}>
                    { for OWNERSHIPS.iter().map(|(o, words)| html! {
                        <option value={o.as_str()} selected={*o == d.ownership}>{ *words }</option>
                    }) }
                </select>
            </div>
            <div class="app-form-group">
                <Checkbox
                    id="supplier-nfp"
                    label="Not-for-profit"
                    hint="Charities, trusts and mutuals that do not distribute profit. Only not-for-profit suppliers may take relevant care functions."
                    checked={d.not_for_profit}
                    on_change={draft.dispatcher().to_callback().reform(Edit::NotForProfit)}
                />
            </div>
            <p class="app-body sup-form__money-intro">
                { "Money is per year: type 21238241, £21.2m or 300k. Leave a figure blank if it is not known." }
            </p>
            <div class="sup-money-grid">
                { text(TextField::Revenue, FormField::Revenue, &d.revenue, "Latest yearly turnover, like £21.2m. Blank: no capacity of its own.", false) }
                { text(TextField::Equity, FormField::Equity, &d.equity, "Net assets; may be negative, like -2.2m. Blank counts as weak.", false) }
                { text(TextField::Assets, FormField::TangibleFixedAssets, &d.tangible_fixed_assets, "For reference; capacity does not use it.", false) }
                { text(TextField::Guarantee, FormField::ParentGuarantee, &d.parent_guarantee, "Added to capacity if the policy says so.", false) }
                { text(TextField::Committed, FormField::Committed, &d.committed, "Contracts held elsewhere; taken off capacity if the policy says so.", false) }
            </div>
            { text(TextField::Consortium, FormField::Consortium, &d.consortium, "Optional. Suppliers with the same consortium name bid together and pool their capacity.", true) }
            { fieldset(
                FormField::ServiceAreas,
                "The kinds of service this supplier could provide.",
                all_none("areas", areas, Edit::AllAreas),
                area_boxes.collect::<Html>(),
            ) }
            { fieldset(
                FormField::Localities,
                "Where this supplier could deliver.",
                all_none("localities", localities, Edit::AllLocalities),
                locality_boxes.collect::<Html>(),
            ) }
            <div class="app-form-group">
                <Checkbox
                    id="supplier-illustrative"
                    label="Coverage is illustrative"
                    hint="Tick when the service areas and localities are invented for the example, not researched. The register marks them."
                    checked={d.illustrative}
                    on_change={draft.dispatcher().to_callback().reform(Edit::Illustrative)}
                />
            </div>
            <div class="sup-actions">
                <button type="submit" class="app-button" id="supplier-save">
                    { if new { "Add supplier" } else { "Save changes" } }
                </button>
                <button type="button" class="app-button app-button--secondary" id="supplier-cancel" onclick={p.on_cancel.reform(|_| ())}>
                    { "Cancel" }
                </button>
            </div>
        </form>
    }
}
