//! Step 2: the supplier register. A sortable table of suppliers with each one's capacity and
//! why, a form to add or edit one, CSV import and export, and the capacity policy.
//!
//! Register logic (ids, sorting, CSV, the form's checks) is in `model::register`; capacity in
//! `crate::model::capacity`.

pub mod form;
pub mod import;
pub mod policy;

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use yew::prelude::*;

use crate::base::money::gbp;
use crate::base::text::plural;
use crate::model::capacity::{capacity, consortia, Capacity, Consortium};
use crate::model::edit::Edit;
use crate::model::register::{self, Draft, SortKey};
use crate::model::target::Target;
use crate::model::{Ownership, Scenario, Supplier};
use crate::ui::ids;
use crate::ui::store::use_doc;
use crate::ui::suppliers::form::SupplierForm;
use crate::ui::suppliers::import::ImportPanel;
use crate::ui::suppliers::policy::PolicyForm;

/// Which form is open.
#[derive(Clone, PartialEq)]
enum Editing {
    Closed,
    /// The form, keyed so each opening starts afresh.
    Open {
        draft: Box<Draft>,
        key: u32,
    },
}

#[component]
pub fn SuppliersPanel() -> Html {
    let doc = use_doc();
    let sort = use_state(|| None::<(SortKey, bool)>);
    let editing = use_state(|| Editing::Closed);
    let openings = use_mut_ref(|| 0u32);
    let notice = use_state(|| None::<String>);
    let notice_ref = use_focus_on_change((*notice).clone());
    let open = {
        let (editing, openings, notice) = (editing.clone(), openings.clone(), notice.clone());
        Callback::from(move |draft: Draft| {
            *openings.borrow_mut() += 1;
            notice.set(None);
            editing.set(Editing::Open { draft: Box::new(draft), key: *openings.borrow() });
        })
    };
    let on_add = open.reform(|_: MouseEvent| Draft { ownership: Ownership::Private, ..Draft::default() });
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(Editing::Closed))
    };
    let on_save = {
        let (doc, editing, notice) = (doc.clone(), editing.clone(), notice.clone());
        Callback::from(move |supplier: Supplier| {
            let name = supplier.name.clone();
            let (edit, done) = if supplier.id.is_empty() {
                (Edit::AddSupplier(Box::new(supplier)), format!("Added {name} to the register."))
            } else {
                (Edit::ReplaceSupplier(Box::new(supplier)), format!("Saved the changes to {name}."))
            };
            notice.set(Some(doc.try_edit(edit).map_or_else(|refused| refused.to_string(), |()| done)));
            editing.set(Editing::Closed);
        })
    };
    let on_remove = {
        let (doc, editing, notice) = (doc.clone(), editing.clone(), notice.clone());
        Callback::from(move |id: String| {
            let name = doc.scenario().suppliers.iter().find(|s| s.id == id).map_or(id.clone(), |s| s.name.clone());
            let message = match doc.try_edit(Edit::RemoveSupplier(id.clone())) {
                Ok(()) => format!("Removed {name} from the register. Undo brings it back."),
                Err(refused) => refused.to_string(),
            };
            if matches!(&*editing, Editing::Open { draft, .. } if draft.id.as_deref() == Some(id.as_str())) {
                editing.set(Editing::Closed);
            }
            notice.set(Some(message));
        })
    };
    let on_edit = {
        let (doc, open) = (doc.clone(), open.clone());
        Callback::from(move |id: String| {
            if let Some(s) = doc.scenario().suppliers.iter().find(|s| s.id == id) {
                open.emit(Draft::from_supplier(s));
            }
        })
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |key: SortKey| {
            let ascending = !matches!(*sort, Some((k, true)) if k == key);
            sort.set(Some((key, ascending)));
        })
    };
    let adding = matches!(&*editing, Editing::Open { draft, .. } if draft.id.is_none());
    html! {
        <div class="sup-panel">
            <h2 class="app-heading-l">{ "Suppliers" }</h2>
            <p class="app-body">
                { "The register of suppliers who might bid, with their accounts and where they work. Each supplier's " }
                <strong>{ "capacity" }</strong>
                { " is the largest yearly contract value it can prudently hold, worked out from its accounts under the capacity policy below. A lot needs enough suppliers with the capacity to take it on." }
            </p>
            if let Some(message) = &*notice {
                <div class="sup-notice" role="status" id="supplier-notice" tabindex="-1" ref={notice_ref}>
                    <p class="app-body">{ message.clone() }</p>
                </div>
            }
            <div class="sup-actions">
                <button type="button" class="app-button" id={ids::of(&Target::Suppliers)} onclick={on_add}
                    aria-expanded={adding.to_string()} aria-controls="supplier-form">
                    { "Add a supplier" }
                </button>
                <BulkRemove on_notice={{ let notice = notice.clone(); Callback::from(move |m: String| notice.set(Some(m))) }} />
            </div>
            if let Editing::Open { draft, key } = &*editing {
                <SupplierForm key={*key} initial={(**draft).clone()} {on_save} {on_cancel} />
            }
            <RegisterTable sort={*sort} {on_sort} {on_edit} {on_remove} />
            <ImportPanel />
            <PolicyForm />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BulkRemoveProps {
    /// What was removed, for the panel's notice.
    on_notice: Callback<String>,
}

/// Removing many suppliers at once: the example's illustrative ones, or all of them (one
/// undoable step each).
#[component]
fn BulkRemove(p: &BulkRemoveProps) -> Html {
    let doc = use_doc();
    let suppliers = &doc.scenario().suppliers;
    let illustrative: Vec<String> = suppliers.iter().filter(|s| s.illustrative).map(|s| s.id.clone()).collect();
    let all: Vec<String> = suppliers.iter().map(|s| s.id.clone()).collect();
    let remove = |ids: Vec<String>, what: &'static str| {
        let (doc, on_notice) = (doc.clone(), p.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            let n = ids.len();
            let message = match doc.try_edit(Edit::RemoveSuppliers(ids.clone())) {
                Ok(()) => format!(
                    "Removed {} from the register ({what}). Undo brings them back.",
                    plural(n, "supplier", "suppliers")
                ),
                Err(refused) => refused.to_string(),
            };
            on_notice.emit(message);
        })
    };
    html! {
        <>
            if !illustrative.is_empty() && illustrative.len() < all.len() {
                <button type="button" class="app-button app-button--secondary" id="remove-illustrative"
                    onclick={remove(illustrative.clone(), "those with illustrative coverage")}>
                    { format!("Remove the {} with illustrative coverage", plural(illustrative.len(), "supplier", "suppliers")) }
                </button>
            }
            if !all.is_empty() {
                <button type="button" class="app-button app-button--secondary" id="remove-all-suppliers"
                    onclick={remove(all.clone(), "all of them")}>
                    { format!("Remove all {}", plural(all.len(), "supplier", "suppliers")) }
                </button>
            }
        </>
    }
}

/// A node that takes the keyboard focus whenever `message` changes to something: after a save
/// or removal the message is read out, and keyboard users are not left on a button that has
/// gone.
#[hook]
fn use_focus_on_change(message: Option<String>) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(message, move |m| {
            if m.is_some() {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    node
}

#[derive(Properties, PartialEq)]
struct RegisterTableProps {
    sort: Option<(SortKey, bool)>,
    on_sort: Callback<SortKey>,
    on_edit: Callback<String>,
    on_remove: Callback<String>,
}

/// The register: one row per supplier; sortable by name, revenue and capacity.
#[component]
fn RegisterTable(p: &RegisterTableProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let policy = &sc.capacity_policy;
    let order: Vec<usize> = match p.sort {
        Some((key, ascending)) => register::sorted(&sc.suppliers, policy, key, ascending),
        None => (0..sc.suppliers.len()).collect(),
    };
    let pools: Vec<Consortium> = if policy.pool_consortia { consortia(&sc.suppliers, policy) } else { Vec::new() };
    let pool_of: BTreeMap<&str, &Consortium> =
        pools.iter().flat_map(|c| c.members.iter().map(move |m| (m.as_str(), c))).collect_map();
    let any_illustrative = sc.suppliers.iter().any(|s| s.illustrative);

    let header = |key: SortKey, label: &'static str, numeric: bool| {
        let state = match p.sort {
            Some((k, true)) if k == key => "ascending",
            Some((k, false)) if k == key => "descending",
            _ => "none",
        };
        let arrow = match state {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "▲▼",
        };
        let id = match key {
            SortKey::Name => "sort-name",
            SortKey::Revenue => "sort-revenue",
            SortKey::Capacity => "sort-capacity",
        };
        html! {
            <th scope="col" aria-sort={state} class={classes!(numeric.then_some("sup-num"))}>
                <button type="button" class="sup-sort" id={id} onclick={p.on_sort.reform(move |_| key)}>
                    { label }<span class="sup-sort__arrow" aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    };

    let rows = order.iter().filter_map(|&i| sc.suppliers.get(i)).map(|s| {
        let cap = capacity(s, policy);
        let pool = pool_of.get(s.id.as_str()).copied();
        supplier_row(s, sc, &cap, pool, policy.members_bid_alone, &p.on_edit, &p.on_remove)
    });
    let n = sc.suppliers.len();

    html! {
        <>
        <h3 class="app-heading-m sup-table-title" id="supplier-table-title">
            { format!("Supplier register: {}", plural(n, "supplier", "suppliers")) }
        </h3>
        <p class="app-body sup-caption__hint">
            { "Money is per year. Choose a column heading to sort. " }
            if any_illustrative {
                { "Coverage marked illustrative was invented for the example, not researched." }
            }
        </p>
        <div class="sup-table-wrap" role="region" aria-labelledby="supplier-table-title" tabindex="0">
            <table class="sup-table" id="supplier-table">
                <caption class="app-visually-hidden">{ format!("Supplier register: {n} suppliers, with each one's capacity") }</caption>
                <thead>
                    <tr>
                        { header(SortKey::Name, "Name", false) }
                        <th scope="col">{ "Ownership" }</th>
                        <th scope="col">{ "Not for profit" }</th>
                        { header(SortKey::Revenue, "Revenue", true) }
                        <th scope="col" class="sup-num">{ "Equity" }</th>
                        { header(SortKey::Capacity, "Capacity", true) }
                        <th scope="col">{ "Coverage" }</th>
                        <th scope="col"><span class="app-visually-hidden">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for rows }
                    if n == 0 {
                        <tr><td colspan="8">{ "No suppliers yet. Add one, or import a spreadsheet below." }</td></tr>
                    }
                </tbody>
            </table>
        </div>
        </>
    }
}

fn money_or(v: Option<f64>, blank: &'static str) -> Html {
    match v {
        Some(x) => html! { { gbp(x) } },
        None => html! { <span class="sup-muted">{ blank }</span> },
    }
}

fn supplier_row(
    s: &Supplier,
    sc: &Scenario,
    cap: &Capacity,
    pool: Option<&Consortium>,
    members_bid_alone: bool,
    on_edit: &Callback<String>,
    on_remove: &Callback<String>,
) -> Html {
    let name = if s.name.is_empty() { s.id.clone() } else { s.name.clone() };
    let (edit_id, remove_id) = (s.id.clone(), s.id.clone());
    let area_names: Vec<&str> = s.service_areas.iter().map(String::as_str).collect();
    let standing = crate::model::standing::assess(s, &sc.capacity_policy);
    let concern = standing.rating == crate::model::standing::Rating::Concern;
    html! {
        <tr id={format!("supplier-row-{}", s.id)} key={s.id.clone()}>
            <th scope="row" class="sup-name">
                { name.clone() }
                if let Some(c) = &s.consortium {
                    <span class="sup-sub">{ format!("Consortium {c}") }</span>
                }
                if let Some(g) = &s.group {
                    <span class="sup-sub">{ format!("{g} group") }</span>
                }
            </th>
            <td>{ register::ownership_short(s.ownership) }</td>
            <td>{ if s.not_for_profit { "Yes" } else { "No" } }</td>
            <td class="sup-num">{ money_or(s.revenue, "not known") }</td>
            <td class="sup-num">{ money_or(s.equity, "not known") }</td>
            <td class="sup-num sup-capacity">
                <span class="sup-capacity__value">{ gbp(cap.value) }</span>
                if concern {
                    { " " }<strong class="sup-tag sup-tag--concern">{ standing.rating.words() }</strong>
                }
                <details class="sup-why">
                    <summary>{ "Why" }<span class="app-visually-hidden">{ format!(" {} for {name}", gbp(cap.value)) }</span></summary>
                    <ol class="sup-why__steps">
                        { for cap.steps.iter().map(|step| html! { <li>{ step.text.clone() }</li> }) }
                    </ol>
                    <p class="sup-why__total">{ format!("Capacity: {}", crate::base::money::gbp_full(cap.value)) }</p>
                    if !standing.ratios.is_empty() || concern {
                        <p class="sup-why__standing">
                            { format!("Financial standing: {}.", standing.rating.words()) }
                            { for standing.ratios.iter().map(|r| html! { <>{ " " }{ capitalised(r) }{ "." }</> }) }
                            if concern {
                                { format!(" Concern: {}.", standing.reasons.join("; ")) }
                            }
                        </p>
                    }
                    if let Some(c) = pool {
                        <p class="sup-why__pool">
                            { format!("Bids in consortium {} with pooled capacity {}", c.id, gbp(c.capacity.value)) }
                            { if members_bid_alone { "; also bids alone." } else { "; does not also bid alone." } }
                        </p>
                    }
                </details>
            </td>
            <td class="sup-coverage">
                <span title={area_names.join(", ")}>{ register::coverage_summary(s, sc) }</span>
                if s.illustrative {
                    { " " }<strong class="sup-tag">{ "illustrative" }</strong>
                }
            </td>
            <td class="sup-row-actions">
                <button type="button" class="app-button app-button--secondary sup-button--small" id={format!("supplier-edit-{}", s.id)}
                    onclick={on_edit.reform(move |_| edit_id.clone())}>
                    { "Edit" }<span class="app-visually-hidden">{ format!(" {name}") }</span>
                </button>
                <button type="button" class="app-button app-button--secondary sup-button--small sup-button--remove" id={format!("supplier-remove-{}", s.id)}
                    onclick={on_remove.reform(move |_| remove_id.clone())}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" {name}") }</span>
                </button>
            </td>
        </tr>
    }
}

/// "net debt ..." as the start of a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
