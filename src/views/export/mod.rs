//! Exports of a plan: CSV tables ([`csv`]), an Excel workbook ([`xlsx`]) and an Open
//! Contracting (OCDS) planning release with the lots extension ([`ocds`]).
//!
//! Every export is built from the same [`Table`]s ([`tables`]) so the CSV files and the
//! workbook's sheets always agree. Inputs are a lot problem and its solution (for a workspace,
//! lower the scenario first with [`crate::plan::lower::lower`]).
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::export};
//! let problem = lower::lower(Workspace::default_workspace().active_scenario())?;
//! let solution = solver::solve(&problem, &solver::Options::default());
//! let lots = export::csv::lots(&problem, &solution);
//! assert!(lots.starts_with("lot,value_gbp,"));
//! let book = export::xlsx::workbook(&problem, &solution)?;
//! assert_eq!(&book[..2], b"PK");
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

pub mod csv;
pub mod ocds;
pub mod xlsx;

use crate::base::sort;
use std::collections::BTreeMap;

use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Whole pounds.
    Money(f64),
    Int(i64),
    /// A fraction, e.g. 0.75 for 75%.
    Ratio(f64),
    Bool(bool),
    Empty,
}

/// A named table: a header row and data rows of the same width.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name in the workbook; also a good file stem (`lots.csv`).
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The three tables: lots, segments, suppliers.
pub fn tables(problem: &LotProblem, solution: &Solution) -> [Table; 3] {
    [lots_table(problem, solution), segments_table(problem, solution), suppliers_table(problem, solution)]
}

/// Label/value pairs describing the problem and the plan.
pub fn summary(problem: &LotProblem, solution: &Solution) -> Vec<(&'static str, Cell)> {
    let p = &problem.params;
    let in_scope: f64 = problem.in_scope().map(|s| s.value).sum::<f64>() + 0.0;
    let opt_int = |x: Option<u32>| x.map_or(Cell::Empty, |n| Cell::Int(n.into()));
    let mut rows = vec![
        ("Plan", Cell::Text(problem.name.clone())),
        ("Description", problem.description.clone().map_or(Cell::Empty, Cell::Text)),
        ("Status", Cell::Text(solution.status.as_str().into())),
        ("Lots", opt_int(solution.num_lots)),
        ("Fewest credible bidders in a lot", opt_int(solution.min_credible_bidders)),
        ("Proven lower bound on lots", opt_int(solution.lower_bound)),
        ("Segments in scope", Cell::Int(problem.in_scope().count() as i64)),
        ("Value in scope (GBP a year)", Cell::Money(in_scope)),
        ("Suppliers and consortia", Cell::Int(problem.suppliers.len() as i64)),
        ("k: credible bidders per lot, at least", Cell::Int(p.k.into())),
        ("m: lots per supplier, at most", Cell::Int(p.m.into())),
        ("v_min: smallest lot (GBP a year)", Cell::Money(p.v_min)),
        ("v_max: largest lot (GBP a year)", Cell::Money(p.v_max)),
        ("Lots may mix service areas", Cell::Bool(p.mix_service_areas)),
    ];
    for f in &solution.diagnosis {
        rows.push(("Finding", Cell::Text(format!("{}: {} Fix: {}", f.rule, f.message, f.fix))));
    }
    rows
}

fn lots_table(problem: &LotProblem, solution: &Solution) -> Table {
    let area_of: BTreeMap<&str, &str> =
        problem.segments.iter().map(|s| (s.id.as_str(), s.service_area.as_str())).collect();
    let names = supplier_names(problem);
    let rows = solution
        .lots
        .iter()
        .map(|l| {
            let mut areas: Vec<&str> = l.segments.iter().filter_map(|s| area_of.get(s.as_str()).copied()).collect();
            sort::sort(&mut areas);
            areas.dedup();
            vec![
                Cell::Text(l.id.clone()),
                Cell::Money(l.value),
                Cell::Int(l.segments.len() as i64),
                Cell::Text(l.segments.join("; ")),
                Cell::Text(areas.join("; ")),
                Cell::Text(l.localities.join("; ")),
                Cell::Int(l.credible_bidders.len() as i64),
                Cell::Text(l.credible_bidders.join("; ")),
                Cell::Text(l.award.clone()),
                Cell::Text(names.get(l.award.as_str()).copied().unwrap_or("").to_string()),
            ]
        })
        .collect();
    Table {
        name: "Lots",
        headers: vec![
            "lot",
            "value_gbp",
            "segments",
            "segment_ids",
            "service_areas",
            "localities",
            "credible_bidders",
            "bidder_ids",
            "award",
            "award_name",
        ],
        rows,
    }
}

fn segments_table(problem: &LotProblem, solution: &Solution) -> Table {
    let lot_of = lot_of(solution);
    let rows = problem
        .segments
        .iter()
        .map(|s| {
            vec![
                Cell::Text(s.id.clone()),
                Cell::Text(s.service_area.clone()),
                Cell::Text(s.locality.clone()),
                s.tier.map_or(Cell::Empty, |t| Cell::Int(t.into())),
                s.function.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Money(s.value),
                Cell::Bool(s.retained),
                Cell::Bool(s.relevant_care),
                Cell::Text(lot_of.get(s.id.as_str()).copied().unwrap_or("").to_string()),
            ]
        })
        .collect();
    Table {
        name: "Segments",
        headers: vec![
            "segment",
            "service_area",
            "locality",
            "tier",
            "function",
            "value_gbp",
            "retained",
            "relevant_care",
            "lot",
        ],
        rows,
    }
}

fn suppliers_table(problem: &LotProblem, solution: &Solution) -> Table {
    let rows = problem
        .suppliers
        .iter()
        .map(|j| {
            let credible = solution.lots.iter().filter(|l| l.credible_bidders.contains(&j.id)).count();
            let won: Vec<_> = solution.lots.iter().filter(|l| l.award == j.id).collect();
            let value: f64 = won.iter().map(|l| l.value).sum::<f64>() + 0.0;
            vec![
                Cell::Text(j.id.clone()),
                Cell::Text(j.name.clone()),
                j.ownership.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Bool(j.not_for_profit),
                Cell::Money(j.capacity),
                Cell::Text(j.service_areas.join("; ")),
                Cell::Text(j.localities.join("; ")),
                Cell::Int(credible as i64),
                Cell::Int(won.len() as i64),
                Cell::Money(value),
                if j.capacity > 0.0 { Cell::Ratio(value / j.capacity) } else { Cell::Empty },
            ]
        })
        .collect();
    Table {
        name: "Suppliers",
        headers: vec![
            "supplier",
            "name",
            "ownership",
            "not_for_profit",
            "capacity_gbp",
            "service_areas",
            "localities",
            "credible_for_lots",
            "lots_awarded",
            "awarded_value_gbp",
            "capacity_used",
        ],
        rows,
    }
}

fn supplier_names(problem: &LotProblem) -> BTreeMap<&str, &str> {
    problem.suppliers.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect()
}

fn lot_of(solution: &Solution) -> BTreeMap<&str, &str> {
    solution.lots.iter().flat_map(|l| l.segments.iter().map(move |s| (s.as_str(), l.id.as_str()))).collect()
}
