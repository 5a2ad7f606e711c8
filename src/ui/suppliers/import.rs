//! Import suppliers from a spreadsheet (paste CSV or choose a file) and download the register
//! as CSV. Parsing, checking and writing are in `model::register`; this is the browser side.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::base::text::plural;
use crate::model::edit::Edit;
use crate::model::register::{self, ImportMode, RowError};
use crate::model::Supplier;
use crate::ui::platform::download;
use crate::ui::store::use_doc;
use crate::ui::widgets::{ErrorSummary, SummaryItem};

/// What the last import did.
#[derive(Clone, PartialEq)]
enum Outcome {
    Imported(String),
    Failed(Vec<RowError>),
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Loaded(String),
    Problem(String),
}

fn textarea_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default()
}

/// What an import did, in words: how many, to what, and what is left to do.
fn imported_message(imported: &[Supplier], before: usize, mode: ImportMode) -> String {
    let uncovered = imported.iter().filter(|s| s.service_areas.is_empty() || s.localities.is_empty()).count();
    let mut message = format!(
        "Imported {}{}.",
        plural(imported.len(), "supplier", "suppliers"),
        match mode {
            ImportMode::Add => format!(", added to the {before} already in the register"),
            ImportMode::Replace => format!(", replacing the {before} that were in the register"),
        }
    );
    if uncovered > 0 {
        let one = uncovered == 1;
        message.push_str(&format!(
            " {uncovered} of them {} no service areas or localities yet: edit {} so {} can bid.",
            if one { "has" } else { "have" },
            if one { "it" } else { "them" },
            if one { "it" } else { "they" },
        ));
    }
    message.push_str(" Undo takes the import back.");
    message
}

/// The import and export controls.
#[component]
pub fn ImportPanel() -> Html {
    let doc = use_doc();
    let text = use_state(String::new);
    let mode = use_state(ImportMode::default);
    let outcome = use_state(|| None::<Outcome>);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: Event| text.set(textarea_value(&e)))
    };
    let on_text_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(textarea_value(&e)))
    };
    let on_import = {
        let (text, mode, outcome, doc) = (text.clone(), mode.clone(), outcome.clone(), doc.clone());
        Callback::from(move |_: MouseEvent| match register::parse_csv(&text, doc.scenario()) {
            Ok(imported) => {
                let message = imported_message(&imported, doc.scenario().suppliers.len(), *mode);
                doc.edit(Edit::ImportSuppliers { suppliers: imported, mode: *mode });
                text.set(String::new());
                outcome.set(Some(Outcome::Imported(message)));
            }
            Err(errors) => outcome.set(Some(Outcome::Failed(errors))),
        })
    };
    let on_file = use_csv_file(text.clone(), outcome.clone());
    let on_export = {
        let (doc, outcome) = (doc.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let csv = register::to_csv(&doc.scenario().suppliers);
            if let Err(message) = download::download(&download::csv_bytes(&csv), "suppliers.csv", download::CSV) {
                outcome.set(Some(Outcome::Problem(message)));
            }
        })
    };
    let set_mode = |m: ImportMode| {
        let mode = mode.clone();
        Callback::from(move |_: Event| mode.set(m))
    };
    html! {
        <section class="sup-section" aria-labelledby="import-title">
            <h3 class="app-heading-m" id="import-title">{ "Import or download the register" }</h3>
            <ImportHelp />
            { outcome_view(&outcome) }
            <div class="app-form-group">
                <label class="app-label" for="supplier-csv-file">{ "Choose a CSV file" }</label>
                <input class="sup-file" type="file" id="supplier-csv-file" accept=".csv,text/csv" onchange={on_file} />
            </div>
            <div class="app-form-group">
                <label class="app-label" for="supplier-csv">{ "Or paste CSV text" }</label>
                <div class="app-hint" id="supplier-csv-hint">{ "Copying cells from a spreadsheet works too (tab separated)." }</div>
                <textarea class="sup-textarea" id="supplier-csv" name="supplier-csv" rows="6" spellcheck="false"
                    aria-describedby="supplier-csv-hint" value={(*text).clone()} onchange={on_text} oninput={on_text_input} />
            </div>
            <div class="app-form-group">
                <fieldset class="sup-fieldset">
                    <legend class="app-label sup-legend">{ "What to do with the suppliers already in the register" }</legend>
                    <div class="sup-radios">
                        <div class="sup-radio">
                            <input class="sup-radio__input" type="radio" id="import-mode-add" name="import-mode"
                                checked={*mode == ImportMode::Add} onchange={set_mode(ImportMode::Add)} />
                            <label class="sup-radio__label" for="import-mode-add">{ "Keep them and add the imported suppliers" }</label>
                        </div>
                        <div class="sup-radio">
                            <input class="sup-radio__input" type="radio" id="import-mode-replace" name="import-mode"
                                checked={*mode == ImportMode::Replace} onchange={set_mode(ImportMode::Replace)} />
                            <label class="sup-radio__label" for="import-mode-replace">{ "Replace the whole register with the imported suppliers" }</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <div class="sup-actions">
                <button type="button" class="app-button" id="import-csv" onclick={on_import}>{ "Import suppliers" }</button>
                <button type="button" class="app-button app-button--secondary" id="export-csv" onclick={on_export}>
                    { "Download register as CSV" }
                </button>
            </div>
        </section>
    }
}

#[component]
fn ImportHelp() -> Html {
    html! {
        <>
            <p class="app-body">
                { "Paste rows from a spreadsheet, or choose a CSV file. The first row must be the column headings: " }
                <code class="sup-code">{ register::COLUMNS.join(", ") }</code>
                { ". Only name is required. Separate several service area codes or localities with a semicolon, or write " }
                <code class="sup-code">{ "all" }</code>
                { ". Money can be written 21238241, £21.2m or 300k; equity may be negative. The layout of Table 5 in the 2014 LaingBuisson report for the Department for Education (name, latest_annual_revenue_gbp, tangible_fixed_assets_gbp, total_equity_and_reserves_gbp, ownership) works too." }
            </p>
            <p class="app-body">{ "If any row has a problem, nothing is imported and every problem is listed with its row number (the headings are row 1)." }</p>
        </>
    }
}

/// What the last import, file or download did.
fn outcome_view(outcome: &Option<Outcome>) -> Html {
    match outcome.clone() {
        None => html! {},
        Some(Outcome::Imported(message)) | Some(Outcome::Loaded(message)) => html! {
            <div class="sup-notice" role="status" id="import-status"><p class="app-body">{ message }</p></div>
        },
        Some(Outcome::Problem(message)) => html! {
            <div class="sup-notice sup-notice--problem" role="alert" id="import-status"><p class="app-body">{ message }</p></div>
        },
        Some(Outcome::Failed(errors)) => {
            let n = errors.len();
            let items: Vec<SummaryItem> = errors
                .iter()
                .map(|e| SummaryItem {
                    text: format!("{}: {}", e.place(), e.message),
                    href: Some("#supplier-csv".into()),
                })
                .collect();
            let title = format!(
                "Nothing was imported: fix {} and import again",
                if n == 1 { "this problem".to_string() } else { format!("these {n} problems") }
            );
            html! {
                <div id="import-errors">
                    <ErrorSummary id="import-errors-summary" {title} {items} />
                </div>
            }
        }
    }
}

/// Reads a chosen CSV file into `text` (to check before importing) and says what happened.
#[hook]
fn use_csv_file(text: UseStateHandle<String>, outcome: UseStateHandle<Option<Outcome>>) -> Callback<Event> {
    #[cfg(target_arch = "wasm32")]
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    crate::ui::platform::on_chosen_file(Callback::from(move |file: web_sys::File| {
        #[cfg(target_arch = "wasm32")]
        {
            let file = gloo::file::File::from(file);
            let name = file.name();
            let (text, outcome) = (text.clone(), outcome.clone());
            let task = gloo::file::callbacks::read_as_text(&file, move |result| match result {
                Ok(contents) => {
                    text.set(contents);
                    outcome.set(Some(Outcome::Loaded(format!(
                        "Loaded {name}. Check the text below, then choose Import suppliers."
                    ))));
                }
                Err(err) => outcome.set(Some(Outcome::Problem(format!(
                    "Could not read {name}: {err}. Save it as CSV (comma separated) and try again."
                )))),
            });
            *reader.borrow_mut() = Some(task);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (file, &text);
            outcome.set(Some(Outcome::Problem("Reading files needs a browser.".into())));
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_message_says_how_many_and_what_is_left_to_do() {
        let s = |areas: &[&str]| Supplier {
            name: "X".into(),
            service_areas: areas.iter().map(|a| a.to_string()).collect(),
            localities: vec!["North".into()],
            ..Supplier::default()
        };
        let m = imported_message(&[s(&["FOST"]), s(&[])], 20, ImportMode::Add);
        assert_eq!(m, "Imported 2 suppliers, added to the 20 already in the register. 1 of them has no service areas or localities yet: edit it so it can bid. Undo takes the import back.");
        let m = imported_message(&[s(&["FOST"])], 3, ImportMode::Replace);
        assert_eq!(m, "Imported 1 supplier, replacing the 3 that were in the register. Undo takes the import back.");
    }
}
