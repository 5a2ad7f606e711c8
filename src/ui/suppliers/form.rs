//! The add / edit supplier form: every field labelled with a hint, checked on save with an
//! error summary and per-field errors (`register::Draft::to_supplier` does the checking).
//!
//! The form keeps its own draft (a small reducer of [`Change`]s) until it is saved; saving
//! makes one workspace edit (`Edit::AddSupplier` or `Edit::ReplaceSupplier`).

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::register::{Draft, FormError, FormField, OWNERSHIPS};
use crate::model::{Ownership, Supplier};
use crate::ui::ids::supplier_field;
use crate::ui::store::use_doc;
use crate::ui::widgets::{Checkbox, ErrorSummary, SummaryItem};

/// A change to the form's draft (not yet to the workspace).
pub enum Change {
    Text(TextField, String),
    Ownership(Ownership),
    NotForProfit(bool),
    Illustrative(bool),
    Vcse(bool),
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
    Group,
    CompanyNumber,
    NetDebt,
    Ebitda,
    CurrentAssets,
    CurrentLiabilities,
}

impl TextField {
    fn form_field(self) -> FormField {
        match self {
            TextField::Name => FormField::Name,
            TextField::Revenue => FormField::Revenue,
            TextField::Equity => FormField::Equity,
            TextField::Assets => FormField::TangibleFixedAssets,
            TextField::Guarantee => FormField::ParentGuarantee,
            TextField::Committed => FormField::Committed,
            TextField::Consortium => FormField::Consortium,
            TextField::Group => FormField::Group,
            TextField::CompanyNumber => FormField::CompanyNumber,
            TextField::NetDebt => FormField::NetDebt,
            TextField::Ebitda => FormField::Ebitda,
            TextField::CurrentAssets => FormField::CurrentAssets,
            TextField::CurrentLiabilities => FormField::CurrentLiabilities,
        }
    }

    fn value(self, d: &Draft) -> &str {
        match self {
            TextField::Name => &d.name,
            TextField::Revenue => &d.revenue,
            TextField::Equity => &d.equity,
            TextField::Assets => &d.tangible_fixed_assets,
            TextField::Guarantee => &d.parent_guarantee,
            TextField::Committed => &d.committed,
            TextField::Consortium => &d.consortium,
            TextField::Group => &d.group,
            TextField::CompanyNumber => &d.company_number,
            TextField::NetDebt => &d.net_debt,
            TextField::Ebitda => &d.ebitda,
            TextField::CurrentAssets => &d.current_assets,
            TextField::CurrentLiabilities => &d.current_liabilities,
        }
    }
}

#[derive(Clone, PartialEq)]
struct DraftState(Draft);

impl Reducible for DraftState {
    type Action = Change;

    fn reduce(self: Rc<Self>, action: Change) -> Rc<Self> {
        let mut d = self.0.clone();
        match action {
            Change::Text(field, value) => {
                let slot = match field {
                    TextField::Name => &mut d.name,
                    TextField::Revenue => &mut d.revenue,
                    TextField::Equity => &mut d.equity,
                    TextField::Assets => &mut d.tangible_fixed_assets,
                    TextField::Guarantee => &mut d.parent_guarantee,
                    TextField::Committed => &mut d.committed,
                    TextField::Consortium => &mut d.consortium,
                    TextField::Group => &mut d.group,
                    TextField::CompanyNumber => &mut d.company_number,
                    TextField::NetDebt => &mut d.net_debt,
                    TextField::Ebitda => &mut d.ebitda,
                    TextField::CurrentAssets => &mut d.current_assets,
                    TextField::CurrentLiabilities => &mut d.current_liabilities,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
            }
            Change::Ownership(o) => {
                // Charities are not-for-profit; choosing one ticks the box (it can be unticked).
                if o == Ownership::Charity {
                    d.not_for_profit = true;
                }
                d.ownership = o;
            }
            Change::NotForProfit(b) => d.not_for_profit = b,
            Change::Illustrative(b) => d.illustrative = b,
            Change::Vcse(b) => d.vcse = b,
            Change::Area(code, on) => toggle(&mut d.service_areas, code, on),
            Change::Locality(name, on) => toggle(&mut d.localities, name, on),
            Change::AllAreas(all) => d.service_areas = all.into_iter().collect(),
            Change::AllLocalities(all) => d.localities = all.into_iter().collect(),
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
    /// What the form starts with (a new draft, or a supplier's figures).
    pub initial: Draft,
    /// Called with a checked supplier (`id` empty for a new one).
    pub on_save: Callback<Supplier>,
    pub on_cancel: Callback<()>,
}

/// The add / edit form. Give it a `key` so it starts afresh for each supplier.
#[component]
pub fn SupplierForm(p: &SupplierFormProps) -> Html {
    let doc = use_doc();
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
    let onsubmit = {
        let (draft, errors, doc, on_save) = (draft.clone(), errors.clone(), doc.clone(), p.on_save.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match draft.0.to_supplier(doc.scenario()) {
                Ok(s) => {
                    errors.set(Vec::new());
                    on_save.emit(s);
                }
                Err(list) => errors.set(list),
            }
        })
    };
    let d = &draft.0;
    let new = d.id.is_none();
    let title = if new { "Add a supplier".to_string() } else { format!("Edit {}", p.initial.name) };
    let items: Vec<SummaryItem> = errors
        .iter()
        .map(|e| SummaryItem {
            text: format!("{}: {}", e.field.label(), e.message),
            href: Some(format!("#{}", supplier_field(e.field))),
        })
        .collect();
    let field = |field: TextField, hint: &'static str, wide: bool| {
        let error = errors.iter().find(|e| e.field == field.form_field()).map(|e| e.message.clone());
        html! { <DraftField {field} value={field.value(d).to_string()} {hint} {wide} {error} draft={draft.dispatcher()} /> }
    };
    let errors = Rc::new((*errors).clone());
    html! {
        <form class="sup-form" id="supplier-form" novalidate=true onsubmit={onsubmit} aria-labelledby="supplier-form-title">
            <h3 class="app-heading-m" id="supplier-form-title" tabindex="-1" ref={heading}>{ title }</h3>
            if !items.is_empty() {
                <ErrorSummary id="supplier-errors-summary" title="There is a problem with this supplier" {items} />
            }
            { field(TextField::Name, "As it appears in the supplier's accounts or trading name.", true) }
            <OwnershipFields ownership={d.ownership} not_for_profit={d.not_for_profit} draft={draft.dispatcher()} />
            <p class="app-body sup-form__money-intro">
                { "Money is per year: type 21238241, £21.2m or 300k. Leave a figure blank if it is not known." }
            </p>
            <div class="sup-money-grid">
                { field(TextField::Revenue, "Latest yearly turnover, like £21.2m. Blank: no capacity of its own.", false) }
                { field(TextField::Equity, "Net assets; may be negative, like -2.2m. Blank counts as weak.", false) }
                { field(TextField::Assets, "For reference; capacity does not use it.", false) }
                { field(TextField::Guarantee, "Added to capacity if the policy says so.", false) }
                { field(TextField::Committed, "Contracts held elsewhere; taken off capacity if the policy says so.", false) }
            </div>
            <fieldset class="app-fieldset sup-standing" aria-describedby="supplier-standing-hint">
                <legend class="app-label">{ "Financial standing (optional)" }</legend>
                <div class="app-hint" id="supplier-standing-hint">
                    { "From the latest accounts. Lotwise works out net debt to EBITDA and the current ratio, and flags them against the limits in the capacity policy." }
                </div>
                <div class="sup-money-grid">
                    { field(TextField::NetDebt, "Borrowings less cash; negative for net cash, like -1.5m.", false) }
                    { field(TextField::Ebitda, "Latest year; may be negative.", false) }
                    { field(TextField::CurrentAssets, "Cash, debtors and stock.", false) }
                    { field(TextField::CurrentLiabilities, "Debts due within a year.", false) }
                </div>
            </fieldset>
            { field(TextField::Consortium, "Optional. Suppliers with the same consortium name bid together and pool their capacity.", true) }
            { field(TextField::Group, "Optional. Suppliers with the same parent company or owner, like a private equity fund: they count as one bidder towards the credible bidders a lot needs, and fail together in the stress test.", true) }
            { field(TextField::CompanyNumber, "Optional. The Companies House or Charity Commission number; it recognises this supplier in another authority's register when plans are merged.", true) }
            <Coverage draft={draft.clone()} errors={errors} />
            <div class="app-form-group">
                <Checkbox id="supplier-illustrative" label="Coverage is illustrative"
                    hint="Tick when the service areas and localities are invented for the example, not researched. The register marks them."
                    checked={d.illustrative} on_change={draft.dispatcher().to_callback().reform(Change::Illustrative)} />
                <Checkbox id="supplier-vcse" label="Voluntary, community or social enterprise (VCSE)"
                    hint="A non-governmental, value-driven organisation that reinvests its surpluses."
                    checked={d.vcse} on_change={draft.dispatcher().to_callback().reform(Change::Vcse)} />
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

#[derive(Properties, PartialEq)]
struct DraftFieldProps {
    field: TextField,
    value: String,
    hint: &'static str,
    /// A name rather than an amount.
    wide: bool,
    error: Option<String>,
    draft: UseReducerDispatcher<DraftState>,
}

/// One labelled text input of the draft, with its hint and error.
#[component]
fn DraftField(p: &DraftFieldProps) -> Html {
    let field = p.field;
    let form_field = field.form_field();
    let id = supplier_field(form_field);
    let set = {
        let draft = p.draft.clone();
        Callback::from(move |e: Event| draft.dispatch(Change::Text(field, input_value(&e))))
    };
    let set_input = {
        let draft = p.draft.clone();
        Callback::from(move |e: InputEvent| draft.dispatch(Change::Text(field, input_value(&e))))
    };
    let numeric =
        !matches!(field, TextField::Name | TextField::Consortium | TextField::Group | TextField::CompanyNumber);
    let invalid = p.error.is_some();
    let described = if invalid { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    html! {
        <div class={classes!("app-form-group", invalid.then_some("app-form-group--error"))}>
            <label class="app-label" for={id}>{ form_field.label() }</label>
            <div class="app-hint" id={format!("{id}-hint")}>{ p.hint }</div>
            if let Some(message) = &p.error {
                <p class="app-error-message" id={format!("{id}-error")}>
                    <span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }
                </p>
            }
            <input
                class={classes!("app-input", if p.wide { "sup-input--wide" } else { "sup-input--money" }, invalid.then_some("app-input--error"))}
                id={id}
                name={id}
                type="text"
                inputmode={numeric.then_some("decimal")}
                spellcheck="false"
                autocomplete="off"
                value={p.value.clone()}
                aria-describedby={described}
                aria-invalid={invalid.then_some("true")}
                onchange={set}
                oninput={set_input}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OwnershipProps {
    ownership: Ownership,
    not_for_profit: bool,
    draft: UseReducerDispatcher<DraftState>,
}

/// Who owns the supplier, and whether it is not-for-profit.
#[component]
fn OwnershipFields(p: &OwnershipProps) -> Html {
    let on_ownership = {
        let draft = p.draft.clone();
        Callback::from(move |e: Event| {
            let word = select_value(&e);
            let o = OWNERSHIPS.iter().map(|(o, _)| *o).find(|o| o.as_str() == word).unwrap_or_default();
            draft.dispatch(Change::Ownership(o));
        })
    };
    html! {
        <>
            <div class="app-form-group">
                <label class="app-label" for="supplier-ownership">{ "Ownership" }</label>
                <div class="app-hint" id="supplier-ownership-hint">{ "Who owns the supplier. Private equity owners often load companies with debt, which shows as weak or negative equity." }</div>
                <select class="sup-select" id="supplier-ownership" name="supplier-ownership" aria-describedby="supplier-ownership-hint" onchange={on_ownership}>
                    { for OWNERSHIPS.iter().map(|(o, words)| html! {
                        <option value={o.as_str()} selected={*o == p.ownership}>{ *words }</option>
                    }) }
                </select>
            </div>
            <div class="app-form-group">
                <Checkbox
                    id="supplier-nfp"
                    label="Not-for-profit"
                    hint="Charities, trusts and mutuals that do not distribute profit. Only not-for-profit suppliers may take relevant care functions."
                    checked={p.not_for_profit}
                    on_change={p.draft.to_callback().reform(Change::NotForProfit)}
                />
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CoverageProps {
    draft: UseReducerHandle<DraftState>,
    errors: Rc<Vec<FormError>>,
}

/// The service areas and localities the supplier covers, each a set of boxes.
#[component]
fn Coverage(p: &CoverageProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let d = &p.draft.0;
    let error = |field: FormField| p.errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    let areas: Vec<Choice> = sc
        .service_areas
        .iter()
        .map(|a| Choice {
            value: a.code.clone(),
            label: if a.name.is_empty() { a.code.clone() } else { format!("{} ({})", a.name, a.code) },
            id: format!("supplier-area-{}", a.code),
            checked: d.service_areas.contains(&a.code),
        })
        .collect();
    let regional = crate::model::regional::is_regional(sc);
    let localities: Vec<Choice> = sc
        .localities
        .iter()
        .enumerate()
        .map(|(i, l)| Choice {
            value: l.name.clone(),
            label: match (&l.authority, regional) {
                (Some(a), true) => format!("{} ({a})", l.name),
                _ => l.name.clone(),
            },
            id: format!("supplier-locality-{i}"),
            checked: d.localities.contains(&l.name),
        })
        .collect();
    // In a regional plan, a button per authority adds all of its localities.
    let groups: Vec<(String, Vec<String>)> = sc
        .authorities
        .iter()
        .map(|a| {
            let mine = sc.localities.iter().filter(|l| l.authority.as_deref() == Some(a.name.as_str()));
            (a.name.clone(), mine.map(|l| l.name.clone()).collect())
        })
        .collect();
    let draft = p.draft.dispatcher();
    html! {
        <>
            <Choices field={FormField::ServiceAreas} what="areas" hint="The kinds of service this supplier could provide."
                choices={areas} error={error(FormField::ServiceAreas)}
                on_one={{ let d = draft.clone(); Callback::from(move |(v, on)| d.dispatch(Change::Area(v, on))) }}
                on_all={{ let d = draft.clone(); Callback::from(move |all| d.dispatch(Change::AllAreas(all))) }} />
            <Choices field={FormField::Localities} what="localities" hint="Where this supplier could deliver."
                choices={localities} {groups} error={error(FormField::Localities)}
                on_one={{ let d = draft.clone(); Callback::from(move |(v, on)| d.dispatch(Change::Locality(v, on))) }}
                on_all={Callback::from(move |all| draft.dispatch(Change::AllLocalities(all)))} />
        </>
    }
}

/// One box of a [`Choices`] fieldset.
#[derive(Clone, PartialEq)]
struct Choice {
    value: String,
    label: String,
    id: String,
    checked: bool,
}

#[derive(Properties, PartialEq)]
struct ChoicesProps {
    field: FormField,
    /// The word for the choices in the "Select all" buttons' labels and ids.
    what: &'static str,
    hint: &'static str,
    choices: Vec<Choice>,
    error: Option<String>,
    on_one: Callback<(String, bool)>,
    on_all: Callback<Vec<String>>,
    /// Named groups of choices (a regional plan's authorities), each with an "Add all of" button.
    #[prop_or_default]
    groups: Vec<(String, Vec<String>)>,
}

/// A fieldset of boxes with "Select all" and "Select none".
#[component]
fn Choices(p: &ChoicesProps) -> Html {
    let id = supplier_field(p.field);
    let all: Vec<String> = p.choices.iter().map(|c| c.value.clone()).collect();
    let what = p.what;
    html! {
        <div class={classes!("app-form-group", p.error.is_some().then_some("app-form-group--error"))} id={id} tabindex="-1">
            <fieldset class="sup-fieldset" aria-describedby={format!("{id}-hint")}>
                <legend class="app-label sup-legend">{ p.field.label() }</legend>
                <div class="app-hint" id={format!("{id}-hint")}>{ p.hint }</div>
                if let Some(message) = &p.error {
                    <p class="app-error-message" id={format!("{id}-error")}>
                        <span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }
                    </p>
                }
                <div class="sup-all-none">
                    <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-{what}-all")}
                        onclick={p.on_all.reform(move |_| all.clone())}>
                        { "Select all" }<span class="app-visually-hidden">{ format!(" {what}") }</span>
                    </button>
                    <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-{what}-none")}
                        onclick={p.on_all.reform(|_| Vec::new())}>
                        { "Select none" }<span class="app-visually-hidden">{ format!(" {what}") }</span>
                    </button>
                    { for p.groups.iter().enumerate().map(|(i, (name, values))| {
                        let mut with: Vec<String> = p.choices.iter().filter(|c| c.checked).map(|c| c.value.clone()).collect();
                        for v in values {
                            if !with.contains(v) {
                                with.push(v.clone());
                            }
                        }
                        html! {
                            <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-{what}-group-{i}")}
                                onclick={p.on_all.reform(move |_| with.clone())}>
                                { format!("Add all of {name}") }
                            </button>
                        }
                    }) }
                </div>
                <div class="sup-checkbox-grid">
                    { for p.choices.iter().map(|c| {
                        let (value, on_one) = (c.value.clone(), p.on_one.clone());
                        html! {
                            <Checkbox id={c.id.clone()} label={c.label.clone()} checked={c.checked}
                                on_change={Callback::from(move |on: bool| on_one.emit((value.clone(), on)))} />
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}
