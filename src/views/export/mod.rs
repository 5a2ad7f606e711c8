//! Exports of a plan: CSV tables ([`csv`]), an Excel workbook ([`xlsx`]) and an Open
//! Contracting (OCDS) release package for the tender notice ([`ocds`]).
//!
//! Every export is built from the same [`Table`]s ([`tables`]) so the CSV files and the
//! workbook's sheets always agree. An export is made from a [`Plan`]: the lot problem of a
//! scenario (lower it with [`crate::plan::lower::lower`]), its solution, the scenario itself
//! (names, contract, decision record) and the regime.
//!
//! **Indicative awards stay internal.** Files meant to leave the team say whether each lot can
//! be delivered ("Yes, with 3 credible bidders") and name no winner and no bidder; the
//! indicative allocation (who would be awarded what) and the credible bidders' names are
//! written only when [`Plan::internal`] is set ("include indicative allocation (internal)").
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::export};
//! let ws = Workspace::default_workspace();
//! let problem = lower::lower(ws.active_scenario())?;
//! let solution = solver::solve(&problem, &solver::Options::default());
//! let plan = export::Plan::new(&problem, &solution, ws.active_scenario());
//! let lots = export::csv::lots(&plan);
//! assert!(lots.starts_with("Lot,Value a year (GBP),"));
//! assert!(!lots.contains("Cambian"), "no supplier is named outside the team");
//! let book = export::xlsx::workbook(&plan)?;
//! assert_eq!(&book[..2], b"PK");
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

pub mod csv;
pub mod ocds;
pub mod xlsx;

use crate::base::sort;
use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use crate::model::{Regime, Scenario};
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::views::report::{area_name, describe_segments, headline, is_sme, supplier_name, with_supplier_names};
use crate::views::{procurement, regional};

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

/// What an export is made from.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    pub problem: &'a LotProblem,
    pub solution: &'a Solution,
    /// The scenario the problem was lowered from: its name, contract model and record.
    pub scenario: &'a Scenario,
    pub regime: Regime,
    /// Include the indicative allocation and the credible bidders' names (for the team only).
    pub internal: bool,
}

impl<'a> Plan<'a> {
    /// A plan to export under the Procurement Act 2023, without the indicative allocation.
    pub fn new(problem: &'a LotProblem, solution: &'a Solution, scenario: &'a Scenario) -> Plan<'a> {
        Plan { problem, solution, scenario, regime: Regime::default(), internal: false }
    }

    /// The scenario's name, else its id.
    pub fn name(&self) -> &str {
        if self.scenario.name.trim().is_empty() {
            &self.scenario.id
        } else {
            &self.scenario.name
        }
    }
}

/// The summary and the three tables as JSON: `{"summary": {label: value}, "lots": [{header:
/// value}], "segments": [...], "suppliers": [...]}`, with the same columns as the CSV files.
pub fn json(plan: &Plan) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let value = |c: &Cell| match c {
        Cell::Text(s) => json!(s),
        Cell::Money(x) | Cell::Ratio(x) => json!(x),
        Cell::Int(n) => json!(n),
        Cell::Bool(b) => json!(if *b { "Yes" } else { "No" }),
        Cell::Empty => Value::Null,
    };
    let mut summary_map = Map::new();
    for (label, cell) in summary(plan) {
        match summary_map.get_mut(label) {
            Some(Value::Array(list)) => list.push(value(&cell)),
            Some(first) => *first = json!([first.clone(), value(&cell)]),
            None => drop(summary_map.insert(label.to_string(), value(&cell))),
        }
    }
    let mut out = Map::new();
    out.insert("summary".into(), Value::Object(summary_map));
    for t in tables(plan) {
        let rows: Vec<Value> = t
            .rows
            .iter()
            .map(|r| Value::Object(t.headers.iter().zip(r).map(|(h, c)| (h.to_string(), value(c))).collect()))
            .collect();
        out.insert(t.name.to_ascii_lowercase(), Value::Array(rows));
    }
    Value::Object(out)
}

/// A download's file name: `lotwise-<scenario>-<what>-<date>.<ext>`, the scenario's name
/// made safe for any file system.
///
/// # Example
/// ```
/// use lotwise::views::export::file_name;
/// assert_eq!(file_name("Split by area & locality", "lots", "2026-12-03", "csv"), "lotwise-split-by-area-locality-lots-2026-12-03.csv");
/// assert_eq!(file_name("../../etc", "plan", "2026-12-03", "xlsx"), "lotwise-etc-plan-2026-12-03.xlsx");
/// ```
pub fn file_name(scenario: &str, what: &str, date: &str, ext: &str) -> String {
    let date: String = date.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(10).collect();
    format!("lotwise-{}-{what}-{date}.{ext}", ocds::slug(scenario))
}

/// The three tables: lots, segments, suppliers.
pub fn tables(plan: &Plan) -> [Table; 3] {
    [lots_table(plan), segments_table(plan), suppliers_table(plan)]
}

/// Label/value pairs describing the problem and the plan.
pub fn summary(plan: &Plan) -> Vec<(&'static str, Cell)> {
    let (problem, solution, sc) = (plan.problem, plan.solution, plan.scenario);
    let p = &problem.params;
    let in_scope: f64 = problem.in_scope().map(|s| s.value).sum::<f64>() + 0.0;
    let lots: f64 = solution.lots.iter().map(|l| l.value).sum::<f64>() + 0.0;
    let opt_int = |x: Option<u32>| x.map_or(Cell::Empty, |n| Cell::Int(n.into()));
    let text = |s: &str| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) };
    let mut rows = vec![
        ("Scenario", Cell::Text(plan.name().to_string())),
        ("Service", text(&sc.service.name)),
        ("Authority", text(&sc.service.authority)),
        ("Regime", Cell::Text(plan.regime.title().into())),
        ("Status", Cell::Text(headline(solution))),
        ("Lots", opt_int(solution.num_lots)),
        ("Fewest credible bidders in a lot", opt_int(solution.min_credible_bidders)),
        ("Proven lower bound on lots", opt_int(solution.lower_bound)),
        ("Segments in scope", Cell::Int(problem.in_scope().count() as i64)),
        ("Value in scope (GBP a year)", Cell::Money(in_scope)),
        ("Contract", Cell::Text(procurement::term_words(sc))),
        ("Lots' value over the term (GBP)", Cell::Money((lots * f64::from(sc.term_months()) / 12.0).round())),
        ("Suppliers and consortia", Cell::Int(problem.suppliers.len() as i64)),
        ("Credible bidders per lot, at least (k)", Cell::Int(p.k.into())),
        ("Lots awarded per supplier, at most (m)", Cell::Int(p.m.into())),
        ("The lot limit (m) applies to each supplier group", Cell::Bool(p.m_per_group)),
        (
            "Lots a supplier may bid for, at most",
            sc.record.max_lots_bid.map_or(Cell::Text("Every lot".into()), |n| Cell::Int(n.into())),
        ),
        ("Smallest lot (GBP a year)", Cell::Money(p.v_min)),
        ("Largest lot (GBP a year)", Cell::Money(p.v_max)),
        ("Lots may mix service areas", Cell::Bool(p.mix_service_areas)),
        (
            "Lots open to at least one SME",
            Cell::Text(crate::views::report::sme_open_words(problem).unwrap_or_else(|| "Not required".into())),
        ),
        (
            "Providers appointed per lot (framework lots)",
            Cell::Text({
                let words = crate::views::report::framework_words(problem);
                if words.is_empty() {
                    "One provider per lot".into()
                } else {
                    words.join(" ")
                }
            }),
        ),
        (
            "Largest share of the value one supplier may be awarded (alternative plan)",
            p.max_award_share
                .map_or(Cell::Text("No cap (fewest lots)".into()), |s| Cell::Text(crate::base::text::percent(s))),
        ),
        ("Why these lots", text(&sc.record.why_lots)),
        ("Reasons for not dividing into lots", text(&sc.record.no_division)),
        ("Awards beyond the maximum", text(&sc.record.tie_break)),
        ("Indicative allocation included", Cell::Bool(plan.internal)),
    ];
    if regional::is_regional(problem) {
        rows.push(("Lots across authority borders", Cell::Text(regional::crossing_words(problem))));
        for (a, v) in &p.v_max_by_authority {
            rows.push((
                "An authority's own largest lot (GBP a year)",
                Cell::Text(format!("{a}: {}", crate::base::money::gbp_full(*v))),
            ));
        }
        for (a, v) in &p.v_min_by_authority {
            rows.push((
                "An authority's own smallest lot (GBP a year)",
                Cell::Text(format!("{a}: {}", crate::base::money::gbp_full(*v))),
            ));
        }
        for (a, k) in &p.k_by_authority {
            rows.push(("An authority's own credible bidders per lot, at least (k)", Cell::Text(format!("{a}: {k}"))));
        }
        for t in regional::totals(problem, solution) {
            rows.push((
                "Authority in the plan",
                Cell::Text(format!(
                    "{}: {} a year in {} ({} of the lots' value), {} in-house",
                    t.authority,
                    crate::base::money::gbp(t.in_lots),
                    crate::base::text::plural(t.lots, "lot", "lots"),
                    crate::base::text::percent(t.share),
                    crate::base::money::gbp(t.in_house)
                )),
            ));
        }
    }
    for f in &solution.diagnosis {
        rows.push(("Finding", Cell::Text(format!("{}: {} Fix: {}", f.rule, with_supplier_names(problem, f), f.fix))));
    }
    rows
}

fn lots_table(plan: &Plan) -> Table {
    let (problem, solution) = (plan.problem, plan.solution);
    let terms = procurement::lot_terms(problem, solution, plan.scenario);
    let regional = regional::is_regional(problem);
    let shares = regional::shares_by_lot(problem, solution);
    let frameworks = problem.has_frameworks();
    let rows = solution
        .lots
        .iter()
        .zip(&terms)
        .enumerate()
        .map(|(i, (l, t))| {
            let mut areas: Vec<String> = l
                .segments
                .iter()
                .filter_map(|id| problem.segments.iter().find(|s| s.id == *id))
                .map(|s| area_name(problem, &s.service_area))
                .collect();
            sort::sort(&mut areas);
            areas.dedup();
            let mut row = vec![
                Cell::Text(l.id.clone()),
                Cell::Money(l.value),
                Cell::Money(t.whole_term),
                Cell::Text(areas.join("; ")),
                Cell::Text(l.localities.join("; ")),
                Cell::Int(l.segments.len() as i64),
                Cell::Text(describe_segments(problem, l).join("; ")),
                t.min_turnover.map_or(Cell::Empty, Cell::Money),
                Cell::Int(l.bidders() as i64),
                Cell::Text(procurement::deliverable(l)),
                Cell::Bool(t.sme),
            ];
            if frameworks {
                row.push(Cell::Int(t.appoint.into()));
            }
            if let Some(s) = shares.get(i) {
                row.push(Cell::Text(regional::shares_words(s)));
            }
            if plan.internal {
                let names: Vec<&str> = l.credible_bidders.iter().map(|b| supplier_name(problem, b)).collect();
                row.push(Cell::Text(names.join("; ")));
                let to: Vec<&str> = l.appointees().into_iter().map(|j| supplier_name(problem, j)).collect();
                row.push(Cell::Text(to.join("; ")));
            }
            row
        })
        .collect();
    let mut headers = vec![
        "Lot",
        "Value a year (GBP)",
        "Value over the term (GBP)",
        "Service areas",
        "Localities",
        "Segments",
        "Work in the lot",
        "Minimum yearly turnover (GBP)",
        "Credible bidders",
        "Can be delivered",
        "Open to an SME (a credible bidder with turnover up to £44m)",
    ];
    if frameworks {
        headers.push("Providers appointed (framework lot: each takes an equal share)");
    }
    if regional {
        headers.push("Authorities (share of the lot's value)");
    }
    if plan.internal {
        headers.extend(["Credible bidders (internal)", "Indicative award (internal)"]);
    }
    Table { name: "Lots", headers, rows }
}

fn segments_table(plan: &Plan) -> Table {
    let (problem, solution) = (plan.problem, plan.solution);
    let lot_of = lot_of(solution);
    let function_name = |code: &str| {
        plan.scenario
            .functions
            .iter()
            .find(|f| f.code == code && !f.name.trim().is_empty())
            .map_or(code.to_string(), |f| f.name.clone())
    };
    let regional = regional::is_regional(problem);
    let rows = problem
        .segments
        .iter()
        .map(|s| {
            let mut row = vec![
                Cell::Text(s.id.clone()),
                Cell::Text(area_name(problem, &s.service_area)),
                Cell::Text(s.locality.clone()),
                s.tier.map_or(Cell::Empty, |t| Cell::Int(t.into())),
                s.function.as_deref().map_or(Cell::Empty, |f| Cell::Text(function_name(f))),
                Cell::Money(s.value),
                Cell::Bool(s.retained),
                Cell::Bool(s.relevant_care),
                Cell::Text(lot_of.get(s.id.as_str()).copied().unwrap_or("").to_string()),
            ];
            if regional {
                row.push(s.authority.clone().map_or(Cell::Empty, Cell::Text));
            }
            row
        })
        .collect();
    let mut headers = vec![
        "Segment",
        "Service area",
        "Locality",
        "Tier of need",
        "Function",
        "Value a year (GBP)",
        "In-house",
        "Relevant care (not-for-profit only)",
        "Lot",
    ];
    if regional {
        headers.push("Authority");
    }
    Table { name: "Segments", headers, rows }
}

fn suppliers_table(plan: &Plan) -> Table {
    let (problem, solution) = (plan.problem, plan.solution);
    let vcse = |id: &str| plan.scenario.suppliers.iter().any(|s| s.id == id && s.vcse);
    let rows = problem
        .suppliers
        .iter()
        .map(|j| {
            let credible = solution.lots.iter().filter(|l| l.credible_bidders.contains(&j.id)).count();
            let mut row = vec![
                Cell::Text(supplier_name(problem, &j.id).to_string()),
                j.ownership.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Bool(j.not_for_profit),
                Cell::Bool(vcse(&j.id)),
                Cell::Bool(is_sme(j)),
                Cell::Money(j.capacity),
                Cell::Text(j.service_areas.iter().map(|a| area_name(problem, a)).collect::<Vec<_>>().join("; ")),
                Cell::Text(j.localities.join("; ")),
                Cell::Int(credible as i64),
                j.group.clone().map_or(Cell::Empty, Cell::Text),
            ];
            if plan.internal {
                let won: Vec<f64> = solution
                    .lots
                    .iter()
                    .flat_map(|l| l.awarded())
                    .filter(|(to, _)| *to == j.id)
                    .map(|(_, v)| v)
                    .collect();
                let value: f64 = won.iter().sum::<f64>() + 0.0;
                row.push(Cell::Int(won.len() as i64));
                row.push(Cell::Money(value));
                row.push(if j.capacity > 0.0 { Cell::Ratio(value / j.capacity) } else { Cell::Empty });
                let standing = plan.scenario.suppliers.iter().find(|s| s.id == j.id).map(|s| {
                    let st = crate::model::standing::assess(s, &plan.scenario.capacity_policy);
                    let why = if st.reasons.is_empty() { st.ratios.join("; ") } else { st.reasons.join("; ") };
                    if why.is_empty() {
                        st.rating.words().to_string()
                    } else {
                        format!("{}: {why}", st.rating.words())
                    }
                });
                row.push(standing.map_or(Cell::Empty, Cell::Text));
            }
            row
        })
        .collect();
    let mut headers = vec![
        "Supplier",
        "Ownership",
        "Not for profit",
        "VCSE",
        "SME by turnover",
        "Capacity (GBP a year)",
        "Service areas",
        "Localities",
        "Credible bidder for lots",
        "Group (parent company or owner)",
    ];
    if plan.internal {
        headers.extend([
            "Lots in the indicative allocation (internal)",
            "Value in the indicative allocation (internal, GBP a year)",
            "Capacity used (internal)",
            "Financial standing (internal)",
        ]);
    }
    Table { name: "Suppliers", headers, rows }
}

fn lot_of(solution: &Solution) -> BTreeMap<&str, &str> {
    solution.lots.iter().flat_map(|l| l.segments.iter().map(move |s| (s.as_str(), l.id.as_str()))).collect_map()
}
