//! Import suppliers from a spreadsheet (paste CSV or choose a file) and download the register
//! as CSV. Parsing, checking and writing are in `model::register`; this is the browser side.

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::components::ErrorSummary;
use crate::base::error::Issue;
use crate::model::register::{self, ImportMode, RowError};
use crate::model::Scenario;

/// What the last import did.
#[derive(Clone, PartialEq)]
enum Outcome {
    Imported(String),
    Failed(Vec<RowError>),
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Loaded(String),
    Problem(String),
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub scenario: Scenario,
    pub on_change: Callback<Scenario>,
}

fn textarea_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default()
}

/// The import and export controls.
#[component]
pub fn ImportPanel(p: &ImportPanelProps) -> Html {
    let text = use_state(String::new);
    let mode = use_state(ImportMode::default);
    let outcome = use_state(|| None::<Outcome>);
    #[cfg(target_arch = "wasm32")]
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);

    let on_text = {
        let text = text.clone();
        Callback::from(move |e: Event| text.set(textarea_value(&e)))
    };
    let on_text_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(textarea_value(&e)))
    };
    let on_import = {
        let (text, mode, outcome, scenario, on_change) =
            (text.clone(), mode.clone(), outcome.clone(), p.scenario.clone(), p.on_change.clone());
        Callback::from(move |_: MouseEvent| match register::parse_csv(&text, &scenario) {
            Ok(imported) => {
                let n = imported.len();
                let uncovered =
                    imported.iter().filter(|s| s.service_areas.is_empty() || s.localities.is_empty()).count();
                let before = scenario.suppliers.len();
                let mut next = scenario.clone();
                next.suppliers = register::merge(&scenario.suppliers, imported, *mode);
                on_change.emit(next);
                text.set(String::new());
                let mut message = format!(
                    "Imported {n} supplier{}{}.",
                    if n == 1 { "" } else { "s" },
                    match *mode {
                        ImportMode::Add => format!(", added to the {before} already in the register"),
                        ImportMode::Replace => format!(", replacing the {before} that were in the register"),
                    }
                );
                if uncovered > 0 {
                    message.push_str(&format!(
                        " {uncovered} of them {} no service areas or localities yet: edit {} so {} can bid.",
                        if uncovered == 1 { "has" } else { "have" },
                        if uncovered == 1 { "it" } else { "them" },
                        if uncovered == 1 { "it" } else { "they" },
                    ));
                }
                message.push_str(" Undo takes the import back.");
                outcome.set(Some(Outcome::Imported(message)));
            }
            Err(errors) => outcome.set(Some(Outcome::Failed(errors))),
        })
    };

    let on_file = {
        let (text, outcome) = (text.clone(), outcome.clone());
        #[cfg(target_arch = "wasm32")]
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let file = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else { return };
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
        })
    };

    let on_export = {
        let (scenario, outcome) = (p.scenario.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let csv = register::to_csv(&scenario.suppliers);
            if let Err(message) = crate::ui::download::download(
                &crate::ui::download::csv_bytes(&csv),
                "suppliers.csv",
                crate::ui::download::CSV,
            ) {
                outcome.set(Some(Outcome::Problem(message)));
            }
        })
    };

    let set_mode = |m: ImportMode| {
        let mode = mode.clone();
        Callback::from(move |_: Event| mode.set(m))
    };

    let result = match (*outcome).clone() {
        None => html! {},
        Some(Outcome::Imported(message)) | Some(Outcome::Loaded(message)) => html! {
            <div class="sup-notice" role="status" id="import-status"><p class="app-body">{ message }</p></div>
        },
        Some(Outcome::Problem(message)) => html! {
            <div class="sup-notice sup-notice--problem" role="alert" id="import-status"><p class="app-body">{ message }</p></div>
        },
        Some(Outcome::Failed(errors)) => {
            let n = errors.len();
            let issues: Vec<Issue> = errors.iter().map(|e| Issue::new(e.place(), e.message.clone())).collect();
            html! {
                <div id="import-errors">
                    <ErrorSummary
                        id="import-errors-summary"
                        title={format!("Nothing was imported: fix {} and import again", if n == 1 { "this problem".to_string() } else { format!("these {n} problems") })}
                        issues={issues}
                        href_for={Callback::from(|_: String| Some("#supplier-csv".to_string()))}
                    />
                </div>
            }
        }
    };
    let header = register::COLUMNS.join(", ");

    html! {
        <section class="sup-section" aria-labelledby="import-title">
            <h3 class="app-heading-m" id="import-title">{ "Import or download the register" }</h3>
            <p class="app-body">
                { "Paste rows from a spreadsheet, or choose a CSV file. The first row must be the column headings: " }
                <code class="sup-code">{ header }</code>
                { ". Only name is required. Separate several service area codes or localities with a semicolon, or write " }
                <code class="sup-code">{ "all" }</code>
                { ". Money can be written 21238241, £21.2m or 300k; equity may be negative. The seed report's Table 5 layout (name, latest_annual_revenue_gbp, tangible_fixed_assets_gbp, total_equity_and_reserves_gbp, ownership) works too." }
            </p>
            <p class="app-body">{ "If any row has a problem, nothing is imported and every problem is listed with its row number (the headings are row 1)." }</p>
            { result }
            <div class="app-form-group">
                <label class="app-label" for="supplier-csv-file">{ "Choose a CSV file" }</label>
                <input class="sup-file" type="file" id="supplier-csv-file" accept=".csv,text/csv" onchange={on_file} />
            </div>
            <div class="app-form-group">
                <label class="app-label" for="supplier-csv">{ "Or paste CSV text" }</label>
                <div class="app-hint" id="supplier-csv-hint">{ "Copying cells from a spreadsheet works too (tab separated)." }</div>
                <textarea
                    class="sup-textarea"
                    id="supplier-csv"
                    name="supplier-csv"
                    rows="6"
                    spellcheck="false"
                    aria-describedby="supplier-csv-hint"
                    value={(*text).clone()}
                    onchange={on_text}
                    oninput={on_text_input}
                />
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
