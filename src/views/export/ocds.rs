//! An Open Contracting Data Standard (OCDS 1.1) release package describing the tender notice
//! of a plan, with the extensions Find a Tender uses (`docs/procurement.md` lists every field
//! and where it comes from in the workspace):
//!
//! - lots ([`LOTS_EXTENSION`]): `tender.lots[]` with `value` over the whole initial term and
//!   `contractPeriod`; `tender.lotDetails` (`maximumLotsBidPerSupplier`,
//!   `maximumLotsAwardedPerSupplier`, `awardCriteriaDetails` for the tie-break rule);
//!   `tender.lotGroups[]`; `tender.items[].relatedLot`, one item per segment, named by its
//!   service area and locality;
//! - selection criteria ([`SELECTION_CRITERIA_EXTENSION`]): each lot's economic condition of
//!   participation, the minimum yearly turnover its value implies under the capacity policy;
//! - suitability ([`SUITABILITY_EXTENSION`]): whether an SME or a VCSE is among a lot's
//!   credible bidders;
//! - the UK extension ([`UK_EXTENSION`]): `Period.durationInMonths`,
//!   `tender.lotDetails.noLotsDivisionRationale` (the section 18 reasons, when the plan has one
//!   lot) and `documents[].noticeType` `"UK4"` (tender notice).
//!
//! No supplier is named and no tool is named: the release says what the buyer decided, not
//! who might win or how the lots were computed. Find a Tender takes notices as XML from
//! registered e-senders, so this file is a description for a buyer's e-tendering system (or a
//! person) to transcribe.
//!
//! The `ocid` is `<prefix>-<scenario name>`. OCDS prefixes are issued by the OCDS Helpdesk, one
//! per publisher; the default, [`PLACEHOLDER_PREFIX`] (`ocds-000000`), is a placeholder that
//! must be replaced with the buyer's own before publishing. The core crate has no clock, so
//! the release `date` is given by the caller (ISO 8601, e.g. `2026-11-23T00:00:00Z`).

use serde_json::{json, Map, Value};

use super::Plan;
use crate::model::procurement::LotGroup;
use crate::views::procurement::{self, LotTerms};
use crate::views::regional;
use crate::views::report::area_name;

/// A placeholder OCDS prefix: replace it with the publisher's registered prefix.
pub const PLACEHOLDER_PREFIX: &str = "ocds-000000";

/// The lots extension (v1.1.5), for a release package's `extensions`.
pub const LOTS_EXTENSION: &str =
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";

/// The selection criteria extension, at the commit the tests validate against.
pub const SELECTION_CRITERIA_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_selectionCriteria_extension/42109b4c5259f4a086744a4fd4f1ca4fd6ff1e7f/extension.json";

/// The suitability extension, at the commit the tests validate against.
pub const SUITABILITY_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/271f51cef1160e66d8952a7e683f1d8375efcc95/extension.json";

/// The Cabinet Office's UK extension, at the commit the tests validate against.
pub const UK_EXTENSION: &str =
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/aa0e43b84dfad0cb9b839a8135e0bc4b285d32fc/extension.json";

/// Every extension the release uses, in the order the package lists them.
pub const EXTENSIONS: [&str; 4] = [LOTS_EXTENSION, SELECTION_CRITERIA_EXTENSION, SUITABILITY_EXTENSION, UK_EXTENSION];

/// What OCDS needs beyond the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct OcdsOptions {
    /// The publisher's OCDS prefix, e.g. `ocds-213czf`.
    pub ocid_prefix: String,
    /// The release date, ISO 8601.
    pub date: String,
    /// The buyer's name (e.g. the authority); the service's authority when empty.
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

/// The tender release.
///
/// # Example
/// ```
/// use lotwise::views::export::{ocds::{tender_release, OcdsOptions}, Plan};
/// use lotwise::{model::Workspace, plan::{lower, solver}};
/// let ws = Workspace::default_workspace();
/// let problem = lower::lower(ws.active_scenario())?;
/// let solution = solver::solve(&problem, &solver::Options::default());
/// let plan = Plan::new(&problem, &solution, ws.active_scenario());
/// let r = tender_release(&plan, &OcdsOptions::default());
/// assert_eq!(r["tag"][0], "tender");
/// assert_eq!(r["tender"]["lotDetails"]["maximumLotsAwardedPerSupplier"], 3);
/// assert_eq!(r["tender"]["lots"][0]["contractPeriod"]["durationInMonths"], 60);
/// assert_eq!(r["tender"]["items"][0]["relatedLot"], r["tender"]["lots"][0]["id"]);
/// # Ok::<_, lotwise::base::error::Issues>(())
/// ```
pub fn tender_release(plan: &Plan, options: &OcdsOptions) -> Value {
    let sc = plan.scenario;
    let ocid = format!("{}-{}", options.ocid_prefix, slug(plan.name()));
    let buyer_name = [options.buyer.as_str(), sc.service.authority.as_str(), "The buyer"]
        .into_iter()
        .find(|b| !b.trim().is_empty())
        .unwrap_or_default()
        .to_string();
    let buyer_id = format!("buyer-{}", slug(&buyer_name));
    let terms = procurement::lot_terms(plan.problem, plan.solution, sc);
    let total: f64 = terms.iter().map(|t| t.whole_term).sum();
    let mut tender = Map::new();
    tender.insert("id".into(), json!(format!("{ocid}-tender")));
    tender.insert("title".into(), json!(non_empty(&sc.service.name, plan.name())));
    tender.insert("status".into(), json!("active"));
    tender.insert("mainProcurementCategory".into(), json!("services"));
    tender.insert("value".into(), money(total));
    tender.insert("contractPeriod".into(), period(plan));
    let shares = regional::shares_by_lot(plan.problem, plan.solution);
    tender.insert("lots".into(), Value::Array(terms.iter().map(|t| lot(plan, t, &shares)).collect()));
    tender.insert("lotDetails".into(), lot_details(plan));
    let groups = lot_groups(plan, &terms);
    if !groups.is_empty() {
        tender.insert("lotGroups".into(), Value::Array(groups));
    }
    tender.insert("items".into(), Value::Array(items(plan)));
    tender.insert("documents".into(), json!([{
        "id": "tender-notice",
        "documentType": "tenderNotice",
        "noticeType": "UK4",
        "title": "Tender notice (UK4): lots, values and conditions of participation",
        "description": "A description for the buyer's e-tendering system or a person to transcribe: Find a Tender takes notices as XML from registered e-senders.",
        "language": "en",
    }]));
    let mut release = json!({
        "ocid": ocid,
        "id": format!("{ocid}-tender-notice"),
        "date": options.date,
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties(sc, &buyer_id, &buyer_name),
        "buyer": {"id": buyer_id, "name": buyer_name},
        "tender": Value::Object(tender),
    });
    if !sc.record.why_lots.trim().is_empty() {
        release["planning"] = json!({"rationale": sc.record.why_lots});
    }
    release
}

/// The buyer, and in a regional plan every other authority buying together with it (each a
/// party with the role `buyer`; the release's `buyer` is the lead, the service's authority).
fn parties(sc: &crate::model::Scenario, buyer_id: &str, buyer_name: &str) -> Value {
    let mut out = vec![json!({"id": buyer_id, "name": buyer_name, "roles": ["buyer"]})];
    for a in sc.authorities.iter().filter(|a| a.name != buyer_name) {
        out.push(json!({"id": format!("buyer-{}", slug(&a.name)), "name": a.name, "roles": ["buyer"]}));
    }
    Value::Array(out)
}

/// A release package holding the tender release and listing the extensions it uses.
pub fn release_package(plan: &Plan, options: &OcdsOptions) -> Value {
    let release = tender_release(plan, options);
    json!({
        "uri": format!("urn:ocid:{}", release["ocid"].as_str().unwrap_or_default()),
        "version": "1.1",
        "publishedDate": options.date,
        "publisher": {"name": release["buyer"]["name"].clone()},
        "extensions": EXTENSIONS,
        "releases": [release],
    })
}

/// One lot of the tender; `shares`, in a regional plan, each lot's authorities (in plan order).
fn lot(plan: &Plan, t: &LotTerms, shares: &[Vec<regional::Share>]) -> Value {
    let problem = plan.problem;
    let Some(i) = plan.solution.lots.iter().position(|l| l.id == t.lot) else { return json!({"id": t.lot}) };
    let l = &plan.solution.lots[i];
    let mut areas: Vec<String> = Vec::new();
    for s in problem.segments.iter().filter(|s| l.segments.contains(&s.id)) {
        let name = area_name(problem, &s.service_area);
        if !areas.contains(&name) {
            areas.push(name);
        }
    }
    let mut lot = json!({
        "id": l.id,
        "title": format!("{} in {}", areas.join(" and "), l.localities.join(", ")),
        "description": format!(
            "{} in {}. Worth about {} a year, {} over the {}.",
            areas.join(" and "),
            l.localities.join(", "),
            crate::base::money::gbp_full(t.annual),
            crate::base::money::gbp_full(t.whole_term),
            procurement::term_words(plan.scenario)
        ),
        "status": "active",
        "value": money(t.whole_term),
        "contractPeriod": period(plan),
        "suitability": {"sme": t.sme, "vcse": vcse_can_bid(plan, l)},
    });
    if t.appoint > 1 {
        let text = format!(
            "{} A framework lot: it appoints {} providers, each expected to deliver an equal share (about {} a year).",
            lot["description"].as_str().unwrap_or_default(),
            t.appoint,
            crate::base::money::gbp_full((t.annual / f64::from(t.appoint)).round())
        );
        lot["description"] = json!(text);
    }
    if let Some(shares) = shares.get(i) {
        // Which authorities' work the lot holds, with each one's share of its value.
        let text =
            format!("{} For: {}.", lot["description"].as_str().unwrap_or_default(), regional::shares_words(shares));
        lot["description"] = json!(text);
    }
    if let Some(min) = t.min_turnover {
        lot["selectionCriteria"] = json!({"criteria": [{
            "type": "economic",
            "subType": "minimumTurnover",
            "description": procurement::condition_words(t, plan.scenario),
            "minimum": format!("{} yearly turnover", crate::base::money::gbp_full(min)),
            "appliesTo": ["supplier"],
        }]});
    }
    lot
}

fn vcse_can_bid(plan: &Plan, l: &crate::plan::solution::Lot) -> bool {
    l.credible_bidders.iter().any(|id| plan.scenario.suppliers.iter().any(|s| s.id == *id && s.vcse))
}

fn lot_details(plan: &Plan) -> Value {
    let record = &plan.scenario.record;
    let lots = plan.solution.lots.len();
    let bid = record.max_lots_bid.map_or(lots, |n| (n as usize).min(lots.max(1)));
    let mut details = json!({
        "maximumLotsBidPerSupplier": bid,
        "maximumLotsAwardedPerSupplier": (plan.problem.params.m as usize).min(bid),
    });
    if !record.tie_break.trim().is_empty() {
        details["awardCriteriaDetails"] = json!(record.tie_break);
    }
    if lots == 1 && !record.no_division.trim().is_empty() {
        details["noLotsDivisionRationale"] = json!(record.no_division);
    }
    details
}

/// The record's lot groups whose lots are all in the plan (others cannot be published and are
/// reported by [`procurement::notice_blockers`]).
fn lot_groups(plan: &Plan, terms: &[LotTerms]) -> Vec<Value> {
    let exists = |g: &LotGroup| g.lots.iter().all(|id| terms.iter().any(|t| t.lot == *id));
    plan.scenario
        .record
        .lot_groups
        .iter()
        .filter(|g| exists(g))
        .enumerate()
        .map(|(i, g)| {
            let mut v = json!({"id": format!("G{}", i + 1), "relatedLots": g.lots, "optionToCombine": true});
            if let Some(max) = g.max_value {
                v["maximumValue"] = money(max);
            }
            v
        })
        .collect()
}

fn items(plan: &Plan) -> Vec<Value> {
    let problem = plan.problem;
    plan.solution
        .lots
        .iter()
        .flat_map(|l| l.segments.iter().map(move |s| (l, s)))
        .map(|(l, id)| {
            let description = problem.segments.iter().find(|x| x.id == *id).map_or(id.clone(), |x| {
                let mut d = format!("{}, {}", area_name(problem, &x.service_area), x.locality);
                if let Some(tier) = x.tier {
                    d.push_str(&format!(", tier {tier}"));
                }
                d
            });
            json!({"id": id, "description": description, "relatedLot": l.id})
        })
        .collect()
}

/// The contract period: its length in months (UK extension) and the start date if decided.
fn period(plan: &Plan) -> Value {
    let c = &plan.scenario.contract;
    let mut p = json!({"durationInMonths": plan.scenario.term_months()});
    if !c.start_date.is_empty() {
        p["startDate"] = json!(format!("{}T00:00:00Z", c.start_date));
    }
    p
}

fn non_empty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

fn money(amount: f64) -> Value {
    let amount = if amount.fract() == 0.0 && amount.abs() < 9.0e15 { json!(amount as i64) } else { json!(amount) };
    json!({"amount": amount, "currency": "GBP"})
}

/// Lower-case letters, digits and single dashes, for identifiers (at most about 60 characters).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "plan".into()
    } else {
        out
    }
}
