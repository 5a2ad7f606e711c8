//! Downloads and a printable report of a plan: lots, segments and suppliers as CSV, an Excel
//! workbook with the same tables and a summary, an Open Contracting (OCDS) description of the
//! tender notice, and "Print report" (the print style sheet in `style/workspace.css` hides the
//! controls). Files name no winner and no bidder unless "Include indicative allocation
//! (internal)" is ticked; the tender notice needs the reasons for not dividing when the plan
//! has one lot. File names carry the scenario's name and the date.
//!
//! The files come from [`crate::views::export`]; every download goes through [`crate::ui::platform::download`].

use std::rc::Rc;

use yew::prelude::*;

use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::platform::download::{self, csv_bytes};
use crate::ui::store::use_doc;
use crate::ui::widgets::fields::Checkbox;
use crate::views::export::{self, ocds::OcdsOptions, Plan};
use crate::views::procurement;

#[derive(Properties, PartialEq)]
pub struct PlanExportProps {
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

/// One thing to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    LotsCsv,
    SegmentsCsv,
    SuppliersCsv,
    Workbook,
    Ocds,
}

impl Export {
    pub const ALL: [Export; 5] =
        [Export::LotsCsv, Export::SegmentsCsv, Export::SuppliersCsv, Export::Workbook, Export::Ocds];

    pub fn id(self) -> &'static str {
        match self {
            Export::LotsCsv => "export-lots-csv",
            Export::SegmentsCsv => "export-segments-csv",
            Export::SuppliersCsv => "export-suppliers-csv",
            Export::Workbook => "export-xlsx",
            Export::Ocds => "export-ocds",
        }
    }

    /// Button text: what the file holds and its kind.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Export::LotsCsv => ("Lots", "CSV"),
            Export::SegmentsCsv => ("Segments", "CSV"),
            Export::SuppliersCsv => ("Suppliers", "CSV"),
            Export::Workbook => ("All tables", "Excel"),
            Export::Ocds => ("Tender notice", "OCDS JSON"),
        }
    }

    /// `lotwise-<scenario>-lots-<YYYY-MM-DD>.csv` and so on.
    pub fn filename(self, scenario: &str, date: &str) -> String {
        let (what, ext) = match self {
            Export::LotsCsv => ("lots", "csv"),
            Export::SegmentsCsv => ("segments", "csv"),
            Export::SuppliersCsv => ("suppliers", "csv"),
            Export::Workbook => ("plan", "xlsx"),
            Export::Ocds => ("tender-notice-ocds", "json"),
        };
        export::file_name(scenario, what, date, ext)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Export::LotsCsv | Export::SegmentsCsv | Export::SuppliersCsv => download::CSV,
            Export::Workbook => download::XLSX,
            Export::Ocds => download::JSON,
        }
    }

    /// The file's bytes; `date` is the OCDS release date (ISO 8601).
    pub fn bytes(self, plan: &Plan, date: &str) -> Result<Vec<u8>, String> {
        Ok(match self {
            Export::LotsCsv => csv_bytes(&export::csv::lots(plan)),
            Export::SegmentsCsv => csv_bytes(&export::csv::segments(plan)),
            Export::SuppliersCsv => csv_bytes(&export::csv::suppliers(plan)),
            Export::Workbook => {
                export::xlsx::workbook(plan).map_err(|issues| format!("The workbook could not be made: {issues}"))?
            }
            Export::Ocds => {
                let blockers = procurement::notice_blockers(plan.scenario, plan.solution);
                if let Some(first) = blockers.first() {
                    return Err(first.clone());
                }
                let options = OcdsOptions { date: date.to_string(), ..OcdsOptions::default() };
                let package = export::ocds::release_package(plan, &options);
                serde_json::to_vec_pretty(&package).map_err(|e| format!("The OCDS file could not be made: {e}"))?
            }
        })
    }
}

/// Now, ISO 8601 (the OCDS release date).
fn now_iso() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::Date::new_0().to_iso_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        OcdsOptions::default().date
    }
}

/// Opens the plan's closed disclosures (bidder lists, figure tables) so they print; returns
/// them so they can be closed again.
#[cfg(target_arch = "wasm32")]
fn open_disclosures() -> Vec<web_sys::Element> {
    let document = gloo::utils::document();
    let mut opened = Vec::new();
    // Bounded: each pass opens one, so a page never loops for long.
    while opened.len() < 2_000 {
        let Ok(Some(details)) = document.query_selector(".plan details:not([open])") else { break };
        if details.set_attribute("open", "").is_err() {
            break;
        }
        opened.push(details);
    }
    opened
}

#[cfg(target_arch = "wasm32")]
fn close_disclosures(opened: Vec<web_sys::Element>) {
    for details in opened {
        let _ = details.remove_attribute("open");
    }
}

/// The export buttons, the internal-allocation box and the notes under them.
#[component]
pub fn PlanExport(p: &PlanExportProps) -> Html {
    let doc = use_doc();
    let status = use_state(|| None::<String>);
    let internal = use_state(|| false);
    if p.solution.lots.is_empty() {
        return html! {};
    }
    let blockers = procurement::notice_blockers(doc.scenario(), &p.solution);
    let on_export = |export: Export| {
        let (problem, solution, doc, status, internal) =
            (p.problem.clone(), p.solution.clone(), doc.clone(), status.clone(), *internal);
        Callback::from(move |_: MouseEvent| {
            let scenario = doc.scenario();
            let plan = Plan { regime: doc.workspace.regime, internal, ..Plan::new(&problem, &solution, scenario) };
            let now = now_iso();
            let name = export.filename(plan.name(), &now);
            let result = export.bytes(&plan, &now).and_then(|bytes| download::download(&bytes, &name, export.mime()));
            status.set(Some(match result {
                Ok(()) => format!("Saved “{name}” to your downloads."),
                Err(message) => message,
            }));
        })
    };
    let on_internal = {
        let internal = internal.clone();
        Callback::from(move |on: bool| internal.set(on))
    };
    let s = doc.scenario();
    html! {
        <section class="plan-export" aria-labelledby="plan-export-heading">
            <p class="plan-export__print-title" id="plan-export-print-title">
                { format!("Lotwise plan: scenario “{}”. {}: {}.", s.name, s.service.authority, s.service.name) }
            </p>
            <h3 class="app-heading-s plan-export__heading" id="plan-export-heading">{ "Download or print this plan" }</h3>
            <Checkbox id="export-internal" label="Include indicative allocation (internal)" checked={*internal} on_change={on_internal}
                hint="Adds who would be awarded each lot and the credible bidders' names. Leave it unticked for files that leave your team: they then say whether each lot can be delivered and with how many credible bidders, and name no one." />
            <div class="plan-export__buttons">
                { for Export::ALL.iter().map(|&export| export_button(export, on_export(export), export == Export::Ocds && !blockers.is_empty())) }
                <button type="button" class="plan-export__button" id="print-report" onclick={print_callback(status.clone())}>{ "Print report" }</button>
            </div>
            if !blockers.is_empty() {
                <p class="app-body-s proc-blocker" id="export-ocds-blocked">
                    { blockers.join(" ") }{ " " }<a class="app-link" href="#record-no-division">{ "Go to the decision record" }</a>
                </p>
            }
            <p class="app-body-s plan-export__hint">
                { "CSV and Excel files open in any spreadsheet. The tender notice file describes the lots in the Open Contracting Data Standard (with the UK extension): Find a Tender takes notices only from registered e-senders, so give this file to your e-tendering system or transcribe it. Replace its placeholder prefix (ocds-000000) with your organisation's." }
            </p>
            <p class="app-body-s plan-export__status" role="status" id="plan-export-status">{ (*status).clone().unwrap_or_default() }</p>
        </section>
    }
}

/// One download button; a disabled one says why through `aria-describedby`.
fn export_button(export: Export, onclick: Callback<MouseEvent>, blocked: bool) -> Html {
    let (what, kind) = export.label();
    html! {
        <button type="button" class="plan-export__button" id={export.id()} {onclick} disabled={blocked}
            aria-describedby={blocked.then_some("export-ocds-blocked")}>
            { what }<span class="plan-export__kind">{ format!(" ({kind})") }</span>
        </button>
    }
}

/// Opens the browser's print dialogue with every disclosure open.
fn print_callback(status: UseStateHandle<Option<String>>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        status.set(None);
        #[cfg(target_arch = "wasm32")]
        {
            let opened = open_disclosures();
            if gloo::utils::window().print().is_err() {
                status.set(Some("Your browser did not open printing. Use its Print menu instead.".into()));
            }
            close_disclosures(opened);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    use crate::model::Scenario;

    fn plan() -> (LotProblem, Solution, Scenario) {
        let scenario = Workspace::default_workspace().active_scenario().clone();
        let problem = crate::plan::lower::lower(&scenario).unwrap();
        let solution = crate::plan::solver::solve(&problem, &crate::plan::solver::Options::default());
        (problem, solution, scenario)
    }

    #[test]
    fn every_export_makes_its_file() {
        let (problem, solution, scenario) = plan();
        assert!(!solution.lots.is_empty());
        let plan = Plan::new(&problem, &solution, &scenario);
        for export in Export::ALL {
            let bytes = export.bytes(&plan, "2025-01-01T00:00:00Z").unwrap();
            match export {
                Export::Workbook => assert_eq!(&bytes[..2], b"PK"),
                Export::Ocds => {
                    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    assert_eq!(v["releases"][0]["date"], "2025-01-01T00:00:00Z");
                }
                _ => {
                    let text = std::str::from_utf8(&bytes).unwrap();
                    assert!(text.starts_with('\u{feff}'), "CSV starts with a byte-order mark");
                }
            }
        }
        let lots = Export::LotsCsv.bytes(&plan, "").unwrap();
        let rows = std::str::from_utf8(&lots).unwrap().lines().count();
        assert_eq!(rows, 1 + solution.lots.len(), "a header and one row a lot");
    }

    #[test]
    fn a_one_lot_plan_needs_its_reasons_before_the_notice() {
        let (problem, mut solution, scenario) = plan();
        solution.lots.truncate(1);
        let err = Export::Ocds.bytes(&Plan::new(&problem, &solution, &scenario), "").unwrap_err();
        assert!(err.contains("reasons for not dividing"), "{err}");
    }

    #[test]
    fn ids_and_file_names_are_distinct() {
        let ids: std::collections::BTreeSet<_> = Export::ALL.iter().map(|e| e.id()).collect();
        let files: std::collections::BTreeSet<_> =
            Export::ALL.iter().map(|e| e.filename("My plan", "2026-12-03T10:00:00.000Z")).collect();
        assert!(files.contains("lotwise-my-plan-lots-2026-12-03.csv"), "{files:?}");
        assert_eq!(ids.len(), Export::ALL.len());
        assert_eq!(files.len(), Export::ALL.len());
    }
}
