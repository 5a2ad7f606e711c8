//! An Open Contracting Data Standard (OCDS 1.1) **planning** release of a plan, using the lots
//! extension (`open-contracting-extensions/ocds_lots_extension`):
//!
//! - `tender.lots[]`: `id`, `title`, `description`, `status: "planning"`, and
//!   `value: {amount, currency: "GBP"}` (the lot's value a year, whole pounds);
//! - `tender.lotDetails.maximumLotsAwardedPerSupplier`: the plan's `m`;
//! - `tender.items[]`: one item per segment in a lot, with `relatedLot` (the extension asks
//!   that every item has one when lots are used);
//! - `tag: ["planning"]`, `initiationType: "tender"`, `tender.status: "planning"`.
//!
//! The `ocid` is `<prefix>-<plan name>`. OCDS prefixes are issued by the OCDS Helpdesk, one
//! per publisher; the default, [`PLACEHOLDER_PREFIX`] (`ocds-000000`), is a placeholder that
//! must be replaced with the buyer's own before publishing. The core crate has no clock, so
//! the release `date` is given by the caller (ISO 8601, e.g. `2026-11-23T00:00:00Z`).
//! Indicative awards and credible bidders are planning workings, not published.

use serde_json::{json, Value};

use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;

/// A placeholder OCDS prefix: replace it with the publisher's registered prefix.
pub const PLACEHOLDER_PREFIX: &str = "ocds-000000";

/// The lots extension's `extension.json`, for a release package's `extensions`.
pub const LOTS_EXTENSION: &str =
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.3/extension.json";

/// What OCDS needs beyond the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct OcdsOptions {
    /// The publisher's OCDS prefix, e.g. `ocds-213czf`.
    pub ocid_prefix: String,
    /// The release date, ISO 8601.
    pub date: String,
    /// The buyer's name (e.g. the authority); the plan's description when empty.
    pub buyer: String,
}

impl Default for OcdsOptions {
    fn default() -> Self {
        OcdsOptions {
            ocid_prefix: PLACEHOLDER_PREFIX.into(),
            date: "1970-01-01T00:00:00Z".into(),
            buyer: String::new(),
        }
    }
}

/// The planning release.
///
/// # Example
/// ```
/// use lotwise::views::export::ocds::{planning_release, OcdsOptions};
/// use lotwise::{model::Workspace, plan::{lower, solver}};
/// let problem = lower::lower(Workspace::default_workspace().active_scenario())?;
/// let solution = solver::solve(&problem, &solver::Options::default());
/// let r = planning_release(&problem, &solution, &OcdsOptions::default());
/// assert_eq!(r["tag"][0], "planning");
/// assert_eq!(r["tender"]["lotDetails"]["maximumLotsAwardedPerSupplier"], 3);
/// assert_eq!(r["tender"]["items"][0]["relatedLot"], r["tender"]["lots"][0]["id"]);
/// # Ok::<_, lotwise::base::error::Issues>(())
/// ```
pub fn planning_release(problem: &LotProblem, solution: &Solution, options: &OcdsOptions) -> Value {
    let ocid = format!("{}-{}", options.ocid_prefix, slug(&problem.name));
    let buyer_name = if options.buyer.is_empty() {
        problem.description.clone().unwrap_or_else(|| problem.name.clone())
    } else {
        options.buyer.clone()
    };
    let buyer_id = format!("buyer-{}", slug(&buyer_name));
    let total: f64 = solution.lots.iter().map(|l| l.value).sum();
    let area_name = |code: &str| {
        problem.service_areas.iter().find(|a| a.code == code).map_or(code.to_string(), |a| {
            if a.name.is_empty() {
                a.code.clone()
            } else {
                a.name.clone()
            }
        })
    };
    let lots: Vec<Value> = solution
        .lots
        .iter()
        .map(|l| {
            json!({
                "id": l.id,
                "title": format!("Lot {}: {}", l.id, l.localities.join(", ")),
                "description": format!("Segments: {}", l.segments.join(", ")),
                "status": "planning",
                "value": money(l.value),
            })
        })
        .collect();
    let items: Vec<Value> = solution
        .lots
        .iter()
        .flat_map(|l| l.segments.iter().map(move |s| (l, s)))
        .map(|(l, s)| {
            let seg = problem.segments.iter().find(|x| x.id == *s);
            let description = seg.map_or(s.clone(), |x| format!("{} in {}", area_name(&x.service_area), x.locality));
            json!({"id": s, "description": description, "relatedLot": l.id})
        })
        .collect();
    json!({
        "ocid": ocid,
        "id": format!("{ocid}-planning"),
        "date": options.date,
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{"id": buyer_id, "name": buyer_name, "roles": ["buyer"]}],
        "buyer": {"id": buyer_id, "name": buyer_name},
        "planning": {
            "rationale": "Lots sized by Lotwise so that each has enough credible bidders and no supplier holds more than it can prudently deliver.",
            "budget": {"amount": money(total), "description": "Sum of the planned lots' values a year"}
        },
        "tender": {
            "id": format!("{ocid}-tender"),
            "title": problem.description.clone().unwrap_or_else(|| problem.name.clone()),
            "status": "planning",
            "mainProcurementCategory": "services",
            "value": money(total),
            "lots": lots,
            "lotDetails": {"maximumLotsAwardedPerSupplier": problem.params.m},
            "items": items,
        }
    })
}

/// A release package holding the planning release, declaring the lots extension.
pub fn release_package(problem: &LotProblem, solution: &Solution, options: &OcdsOptions) -> Value {
    let release = planning_release(problem, solution, options);
    json!({
        "uri": format!("urn:lotwise:{}", release["ocid"].as_str().unwrap_or_default()),
        "version": "1.1",
        "publishedDate": options.date,
        "publisher": {"name": release["buyer"]["name"].clone()},
        "extensions": [LOTS_EXTENSION],
        "releases": [release],
    })
}

fn money(amount: f64) -> Value {
    let amount = if amount.fract() == 0.0 && amount.abs() < 9.0e15 { json!(amount as i64) } else { json!(amount) };
    json!({"amount": amount, "currency": "GBP"})
}

/// Lower-case letters, digits and single dashes, for identifiers.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "plan".into()
    } else {
        out
    }
}
