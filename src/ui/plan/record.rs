//! The lotting decision record on the plan step: the contract model (term, extensions, start),
//! each lot's values and the condition of participation it implies, why these lots (with the
//! draft Lotwise writes from the plan), the reasons for not dividing (required when the plan
//! has one lot), the most lots a supplier may bid for, the tie-break rule and the lots that may
//! be combined. It prints with the report. Text fields keep what was typed when the model
//! refuses it (too long) and say why.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::model::edit::Edit;
use crate::model::procurement::{groups_text, parse_groups, ContractField, RecordText, MAX_TEXT_CHARS};
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::store::use_doc;
use crate::ui::widgets::keep_typing;
use crate::ui::widgets::{NumberField, TextField};
use crate::views::procurement::{deliverable, draft_reasons, lot_terms, term_words};

#[derive(Properties, PartialEq)]
pub struct DecisionRecordProps {
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

/// The decision record panel.
#[component]
pub fn DecisionRecord(p: &DecisionRecordProps) -> Html {
    let doc = use_doc();
    if p.solution.lots.is_empty() {
        return html! {};
    }
    let sc = doc.scenario();
    let record = &sc.record;
    let one_lot = p.solution.lots.len() == 1;
    let draft = draft_reasons(&p.problem, &p.solution, sc);
    let use_draft = {
        let (doc, draft) = (doc.clone(), draft.clone());
        Callback::from(move |_: MouseEvent| {
            doc.edit(Edit::SetRecordText { field: RecordText::WhyLots, text: draft.clone() })
        })
    };
    let bid_text = record.max_lots_bid.map(|n| n.to_string()).unwrap_or_default();
    let on_bid = {
        let doc = doc.clone();
        Callback::from(move |t: String| {
            let edit = match t.trim() {
                "" => Edit::SetMaxLotsBid(None),
                n => match n.parse::<u32>() {
                    Ok(n) => Edit::SetMaxLotsBid(Some(n)),
                    Err(_) => {
                        return Some(format!(
                            "“{n}” is not a number of lots: enter a whole number such as 3, or leave it blank"
                        ))
                    }
                },
            };
            doc.try_edit(edit).err().map(|e| e.to_string())
        })
    };
    let on_groups = {
        let doc = doc.clone();
        Callback::from(move |t: String| match parse_groups(&t) {
            Ok(groups) => doc.try_edit(Edit::SetLotGroups(groups)).err().map(|e| e.to_string()),
            Err(message) => Some(message),
        })
    };
    html! {
        <section class="proc-record" id="decision-record" aria-labelledby="decision-record-title">
            <h3 class="app-heading-m" id="decision-record-title">{ "Decision record" }</h3>
            <p class="app-body">
                { format!("What you decided and why, kept with this scenario and printed with the report. Text fields hold up to {} characters each.", gbp_free(MAX_TEXT_CHARS)) }
            </p>
            <ContractFields />
            <LotTermsTable problem={p.problem.clone()} solution={p.solution.clone()} />
            <RecordArea field={RecordText::WhyLots} id="record-why" value={record.why_lots.clone()}
                hint="Why the service is divided into these lots: reduce supply risk, keep the market viable and diverse, help smaller suppliers bid. Start from Lotwise's draft below and make it yours." />
            <div class="proc-draft" id="record-draft">
                <p class="app-body-s"><strong>{ "Lotwise's draft, from the plan: " }</strong>{ draft }</p>
                <button type="button" class="app-button app-button--secondary" id="record-use-draft" onclick={use_draft}>
                    { if record.why_lots.trim().is_empty() { "Use this draft" } else { "Replace my text with this draft" } }
                </button>
            </div>
            <RecordArea field={RecordText::NoDivision} id="record-no-division" value={record.no_division.clone()} required={one_lot}
                hint={if one_lot { "Required: the plan has one lot. Give your reasons for not dividing the contract into lots; they go in the tender notice." } else { "Only needed when the service is not divided: the reasons go in the tender notice." }} />
            <TextField id="record-max-bid" label="Most lots one supplier may bid for" value={bid_text} on_change={on_bid}
                hint="Leave blank to let suppliers bid for every lot. The tender notice states it." />
            <RecordArea field={RecordText::TieBreak} id="record-tie-break" value={record.tie_break.clone()}
                hint={format!("The objective rule for which lots a supplier gets when it would win more than the {} it may be awarded (m), for example: in order of the lots' value, largest first.", sc.rules.m)} />
            <GroupsArea value={groups_text(&record.lot_groups)} on_change={on_groups} />
            <PrintedRecord />
        </section>
    }
}

/// The record as the printed report shows it (text areas print only what fits in them).
#[component]
fn PrintedRecord() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let r = &sc.record;
    let bid = r.max_lots_bid.map_or("Every lot".to_string(), |n| n.to_string());
    let rows = [
        (RecordText::WhyLots.title(), r.why_lots.clone()),
        (RecordText::NoDivision.title(), r.no_division.clone()),
        ("Most lots one supplier may bid for", bid),
        (RecordText::TieBreak.title(), r.tie_break.clone()),
        ("Lots that may be awarded together", groups_text(&r.lot_groups)),
    ];
    html! {
        <dl class="proc-print" id="record-print">
            { for rows.into_iter().filter(|(_, text)| !text.trim().is_empty()).map(|(title, text)| html! {
                <>
                    <dt>{ title }</dt>
                    <dd>{ text }</dd>
                </>
            }) }
        </dl>
    }
}

/// 20000 -> "20,000".
fn gbp_free(n: usize) -> String {
    gbp_full(n as f64).trim_start_matches('£').to_string()
}

/// Term, extensions and start date.
#[component]
fn ContractFields() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let c = &sc.contract;
    html! {
        <fieldset class="app-fieldset proc-contract" aria-describedby="contract-words">
            <legend class="app-heading-s">{ "Contract" }</legend>
            <p class="app-hint" id="contract-words">{ format!("Each lot is let for a {}. Published values are for the whole initial term.", term_words(sc)) }</p>
            <div class="sup-money-grid">
                <NumberField id="contract-term" label="Initial term (months)" value={f64::from(sc.term_months())} whole=true min={1.0} max={180.0}
                    on_change={doc.on(|v: f64| Edit::SetContract(ContractField::TermMonths(v as u32)))} />
                <NumberField id="contract-extension" label="Extensions (months in all)" value={f64::from(c.extension_months)} whole=true min={0.0} max={180.0}
                    hint="0 for none."
                    on_change={doc.on(|v: f64| Edit::SetContract(ContractField::ExtensionMonths(v as u32)))} />
                <TextField id="contract-start" label="Start date" value={c.start_date.clone()} hint="YYYY-MM-DD, or blank if not decided."
                    on_change={doc.on_text(|t: String| Edit::SetContract(ContractField::StartDate(t)))} />
            </div>
        </fieldset>
    }
}

/// Each lot's values and the minimum turnover its value implies.
#[component]
fn LotTermsTable(p: &DecisionRecordProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let terms = lot_terms(&p.problem, &p.solution, sc);
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="lot-terms-caption" tabindex="0">
        <table class="app-table proc-terms" id="lot-terms">
            <caption class="app-heading-s" id="lot-terms-caption">{ "Values and conditions of participation per lot" }</caption>
            <thead><tr>
                <th scope="col">{ "Lot" }</th>
                <th scope="col" class="app-num">{ "A year" }</th>
                <th scope="col" class="app-num">{ "Over the initial term" }</th>
                <th scope="col" class="app-num">{ "Minimum yearly turnover" }</th>
                <th scope="col" class="app-num">{ "Registered suppliers with it" }</th>
                <th scope="col">{ "Can be delivered" }</th>
            </tr></thead>
            <tbody>
                { for p.solution.lots.iter().zip(&terms).map(|(l, t)| html! {
                    <tr>
                        <th scope="row">{ l.id.clone() }</th>
                        <td class="app-num">{ gbp_full(t.annual) }</td>
                        <td class="app-num">{ gbp_full(t.whole_term) }</td>
                        <td class="app-num">{ t.min_turnover.map(gbp_full).unwrap_or_else(|| "None".into()) }</td>
                        <td class="app-num">{ t.suppliers_meeting }</td>
                        <td>{ deliverable(l) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RecordAreaProps {
    field: RecordText,
    id: AttrValue,
    value: String,
    hint: AttrValue,
    #[prop_or_default]
    required: bool,
}

/// A labelled text area for one field of the record. The text is kept as typed; when the model
/// refuses it (too long) the field says why and the text stays for the person to shorten.
#[component]
fn RecordArea(p: &RecordAreaProps) -> Html {
    let doc = use_doc();
    let text = use_state(|| p.value.clone());
    let error = use_state(|| None::<String>);
    {
        let (text, error) = (text.clone(), error.clone());
        use_effect_with(p.value.clone(), move |v| {
            text.set(v.clone());
            error.set(None);
        });
    }
    let onchange = {
        let (text, error, field, doc) = (text.clone(), error.clone(), p.field, doc.clone());
        Callback::from(move |e: Event| {
            let raw = textarea_value(&e);
            text.set(raw.clone());
            error.set(doc.try_edit(Edit::SetRecordText { field, text: raw }).err().map(|e| e.to_string()));
        })
    };
    let missing = p.required && text.trim().is_empty();
    let (hint_id, error_id) = (format!("{}-hint", p.id), format!("{}-error", p.id));
    let described = if error.is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() };
    html! {
        <div class={classes!("app-form-group", (error.is_some() || missing).then_some("app-form-group--error"))}>
            <label class="app-label" for={p.id.clone()}>{ p.field.title() }{ if p.required { " (required)" } else { "" } }</label>
            <div class="app-hint" id={hint_id}>{ p.hint.clone() }</div>
            if let Some(message) = &*error {
                <p class="app-error-message" id={error_id}><span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
            }
            <textarea class="app-textarea proc-textarea" id={p.id.clone()} name={p.id.clone()} rows="5"
                value={(*text).clone()} aria-describedby={described} required={p.required}
                aria-invalid={(error.is_some() || missing).then_some("true")} oninput={keep_typing(&text)} {onchange} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct GroupsAreaProps {
    value: String,
    on_change: Callback<String, Option<String>>,
}

/// Lot groups, one a line.
#[component]
fn GroupsArea(p: &GroupsAreaProps) -> Html {
    let text = use_state(|| p.value.clone());
    let error = use_state(|| None::<String>);
    {
        let (text, error) = (text.clone(), error.clone());
        use_effect_with(p.value.clone(), move |v| {
            text.set(v.clone());
            error.set(None);
        });
    }
    let onchange = {
        let (text, error, on_change) = (text.clone(), error.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let raw = textarea_value(&e);
            text.set(raw.clone());
            error.set(on_change.emit(raw));
        })
    };
    let described = if error.is_some() { "record-groups-hint record-groups-error" } else { "record-groups-hint" };
    html! {
        <div class={classes!("app-form-group", error.is_some().then_some("app-form-group--error"))}>
            <label class="app-label" for="record-groups">{ "Lots that may be awarded together" }</label>
            <div class="app-hint" id="record-groups-hint">{ "One group a line: its lots, and optionally the most the group may be worth over the term, like “L1, L2 up to £9m”. Leave blank if lots are never combined." }</div>
            if let Some(message) = &*error {
                <p class="app-error-message" id="record-groups-error"><span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
            }
            <textarea class="app-textarea proc-textarea" id="record-groups" name="record-groups" rows="3" spellcheck="false"
                value={(*text).clone()} aria-describedby={described} aria-invalid={error.is_some().then_some("true")} oninput={keep_typing(&text)} {onchange} />
        </div>
    }
}

fn textarea_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default()
}
