//! Functions: name, code, share of each area's value, relevant care, in-house, remove.

use yew::prelude::*;

use crate::base::text::{percent_value, share_value};
use crate::model::edit::Edit;
use crate::model::structure::{function_selector, is_retained};
use crate::model::target::Target;
use crate::model::Function;
use crate::ui::ids::{self, slug};
use crate::ui::service::areas::sums_to_one;
use crate::ui::service::{edit_button, shown_name, try_button};
use crate::ui::store::use_doc;
use crate::ui::widgets::{NumberField, TableCheck, TextField};

/// The functions table, with add and remove.
#[component]
pub fn FunctionsTable() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let error = use_state(|| None::<String>);
    let shares: Vec<f64> = sc.functions.iter().map(|f| f.share).collect();
    let total = percent_value(shares.iter().sum());
    html! {
        <section class="svc-section" aria-labelledby="functions-title">
            <h3 class="app-heading-m" id={ids::of(&Target::Functions)}>{ "Functions" }</h3>
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
                        { for sc.functions.iter().enumerate().map(|(i, f)| html! {
                            <FunctionRow key={format!("{i}-{}", f.code)} index={i} function={f.clone()} error={error.clone()} />
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{ "Total" }</th>
                            <td class="svc-num" id="function-sum">
                                if sums_to_one(&shares) {
                                    { format!("{total}%") }
                                } else {
                                    <span class="svc-error-text">
                                        <span class="app-visually-hidden">{ "Error: " }</span>
                                        { format!("{total}%: must be 100%") }
                                    </span>
                                }
                            </td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="app-hint">{ "Removing a function spreads its share over the others." }</p>
            <button type="button" class="app-button app-button--secondary" id="function-add" onclick={edit_button(&doc, Edit::AddFunction)}>{ "Add a function" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FunctionRowProps {
    index: usize,
    function: Function,
    /// Where a refused removal says why.
    error: UseStateHandle<Option<String>>,
}

#[component]
fn FunctionRow(p: &FunctionRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let f = &p.function;
    let key = slug(&f.code);
    let label = shown_name(&f.name, &f.code);
    let code = f.code.clone();
    let selector = function_selector(&f.code);
    let retained = is_retained(sc, &selector);
    html! {
        <tr>
            <td class="svc-wide">
                <TextField id={format!("function-{key}-name")} label={format!("Name of function {}", p.index + 1)} compact=true
                    value={f.name.clone()}
                    on_change={{ let code = code.clone(); doc.on_text(move |name| Edit::SetFunctionName { code: code.clone(), name }) }} />
            </td>
            <td class="svc-code">
                <TextField id={ids::of(&Target::FunctionCode(f.code.clone()))} label={format!("Code of {label}")} compact=true
                    value={f.code.clone()}
                    on_change={{ let code = code.clone(); doc.on_text(move |to| Edit::RenameFunction { code: code.clone(), to }) }} />
            </td>
            <td class="svc-pct">
                <div class="svc-compact">
                    <NumberField id={ids::of(&Target::FunctionShare(f.code.clone()))} label={format!("Share of {label}, per cent")}
                        value={percent_value(f.share)} min={Some(0.0)} max={Some(100.0)}
                        on_change={{ let code = code.clone(); doc.on(move |v: f64| Edit::SetFunctionShare { code: code.clone(), share: share_value(v) }) }} />
                </div>
            </td>
            <td class="svc-center">
                <TableCheck id={format!("function-{key}-rc")} label={format!("{label} is a relevant care function: not-for-profit bidders only")}
                    checked={f.relevant_care}
                    on_change={{ let code = code.clone(); doc.on(move |on: bool| Edit::SetFunctionRelevantCare { code: code.clone(), on }) }} />
            </td>
            <td class="svc-center">
                <TableCheck id={format!("function-{key}-inhouse")} label={format!("Keep {label} in-house in every area")}
                    checked={retained}
                    on_change={doc.on(move |on: bool| Edit::SetRetained { selector: selector.clone(), on })} />
            </td>
            <td>
                <button type="button" class="app-button app-button--secondary svc-small-button"
                    id={format!("function-{key}-remove")} disabled={sc.functions.len() <= 1}
                    onclick={try_button(&doc, &p.error, Edit::RemoveFunction(code))}>
                    { "Remove" }<span class="app-visually-hidden">{ format!(" {label}") }</span>
                </button>
            </td>
        </tr>
    }
}
