//! Downloads and a printable report of a plan: lots, segments and suppliers as CSV, an Excel
//! workbook with the same tables and a summary, an Open Contracting (OCDS) planning release,
//! and "Print report" (the print style sheet in `style/workspace.css` hides the controls).
//!
//! The files come from [`crate::views::export`]; every download goes through [`crate::ui::platform::download`].

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::platform::download::{self, csv_bytes};
use crate::ui::store::use_doc;
use crate::views::export::{self, ocds::OcdsOptions};

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
            Export::Ocds => ("Planning notice", "OCDS JSON"),
        }
    }

    pub fn filename(self) -> &'static str {
        match self {
            Export::LotsCsv => "lotwise-lots.csv",
            Export::SegmentsCsv => "lotwise-segments.csv",
            Export::SuppliersCsv => "lotwise-suppliers.csv",
            Export::Workbook => "lotwise-plan.xlsx",
            Export::Ocds => "lotwise-ocds.json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Export::LotsCsv | Export::SegmentsCsv | Export::SuppliersCsv => download::CSV,
            Export::Workbook => download::XLSX,
            Export::Ocds => download::JSON,
        }
    }

    /// The file's bytes; `date` is the OCDS release date (ISO 8601).
    pub fn bytes(
        self,
        problem: &LotProblem,
        solution: &Solution,
        scenario: &Scenario,
        date: &str,
    ) -> Result<Vec<u8>, String> {
        Ok(match self {
            Export::LotsCsv => csv_bytes(&export::csv::lots(problem, solution)),
            Export::SegmentsCsv => csv_bytes(&export::csv::segments(problem, solution)),
            Export::SuppliersCsv => csv_bytes(&export::csv::suppliers(problem, solution)),
            Export::Workbook => export::xlsx::workbook(problem, solution)
                .map_err(|issues| format!("The workbook could not be made: {issues}"))?,
            Export::Ocds => {
                let options = OcdsOptions {
                    date: date.to_string(),
                    buyer: scenario.service.authority.clone(),
                    ..OcdsOptions::default()
                };
                let package = export::ocds::release_package(problem, solution, &options);
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

#[component]
pub fn PlanExport(p: &PlanExportProps) -> Html {
    // The scenario on screen: its name and authority label the report and the OCDS buyer.
    let doc = use_doc();
    let status = use_state(|| None::<String>);
    if p.solution.lots.is_empty() {
        return html! {};
    }
    let on_export = |export: Export| {
        let (problem, solution, scenario, status) =
            (p.problem.clone(), p.solution.clone(), doc.scenario().clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let result = export
                .bytes(&problem, &solution, &scenario, &now_iso())
                .and_then(|bytes| download::download(&bytes, export.filename(), export.mime()));
            status.set(Some(match result {
                Ok(()) => format!("Saved “{}” to your downloads.", export.filename()),
                Err(message) => message,
            }));
        })
    };
    let on_print = {
        let status = status.clone();
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
    };
    let s = doc.scenario();
    html! {
        <section class="plan-export" aria-labelledby="plan-export-heading">
            <p class="plan-export__print-title" id="plan-export-print-title">
                { format!("Lotwise plan: scenario “{}”. {}: {}.", s.name, s.service.authority, s.service.name) }
            </p>
            <h3 class="app-heading-s plan-export__heading" id="plan-export-heading">{ "Download or print this plan" }</h3>
            <div class="plan-export__buttons">
                { for Export::ALL.iter().map(|&export| {
                    let (what, kind) = export.label();
                    html! {
                        <button type="button" class="plan-export__button" id={export.id()} onclick={on_export(export)}>
                            { what }<span class="plan-export__kind">{ format!(" ({kind})") }</span>
                        </button>
                    }
                }) }
                <button type="button" class="plan-export__button" id="print-report" onclick={on_print}>{ "Print report" }</button>
            </div>
            <p class="app-body-s plan-export__hint">
                { "CSV and Excel files open in any spreadsheet. The OCDS file is a draft planning notice: replace its placeholder prefix (ocds-000000) with your organisation's before publishing." }
            </p>
            <p class="app-body-s plan-export__status" role="status" id="plan-export-status">{ (*status).clone().unwrap_or_default() }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

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
        for export in Export::ALL {
            let bytes = export.bytes(&problem, &solution, &scenario, "2025-01-01T00:00:00Z").unwrap();
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
        let lots = Export::LotsCsv.bytes(&problem, &solution, &scenario, "").unwrap();
        let rows = std::str::from_utf8(&lots).unwrap().lines().count();
        assert_eq!(rows, 1 + solution.lots.len(), "a header and one row a lot");
    }

    #[test]
    fn ids_and_file_names_are_distinct() {
        let ids: std::collections::BTreeSet<_> = Export::ALL.iter().map(|e| e.id()).collect();
        let files: std::collections::BTreeSet<_> = Export::ALL.iter().map(|e| e.filename()).collect();
        assert_eq!(ids.len(), Export::ALL.len());
        assert_eq!(files.len(), Export::ALL.len());
    }
}
