//! Why each lot has its shape, and who can bid: the reasons a commissioner gives a board.
//!
//! Lotwise looks for the fewest lots, so a lot stands on its own only because joining it to a
//! neighbouring lot of the same service area would break a rule: the joined lot would be above
//! the largest lot allowed, would have too few credible bidders, or could not be delivered with
//! every other lot at once. [`why_lots`] works this out for each lot by trying each such join,
//! and says what change would allow it ("raising the largest lot allowed to £4.2m would let L1
//! and L3 be one lot"). [`shut_out`] lists the suppliers who can bid for no lot, with the
//! reason and what would let them in. Pure functions of a lot problem and its plan.
//!
//! # Example
//! ```
//! use lotwise::model::Workspace;
//! use lotwise::plan::{lower, solver};
//! use lotwise::views::why;
//! let problem = lower::lower_active(&Workspace::default_workspace())?;
//! let plan = solver::solve(&problem, &solver::Options::default());
//! let reasons = why::why_lots(&problem, &plan);
//! assert_eq!(reasons.len(), plan.lots.len());
//! assert!(reasons.iter().all(|r| !r.reasons.is_empty()));
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::BTreeSet;

use crate::base::money::gbp;
use crate::base::text::plural;
use crate::plan::problem::{LotProblem, LotRules, Segment, Supplier};
use crate::plan::solution::{Lot, Solution, Status};
use crate::views::report::{area_name, supplier_name};

/// Why one lot has its shape.
#[derive(Debug, Clone, PartialEq)]
pub struct LotReason {
    pub lot: String,
    /// What keeps it apart from each neighbouring lot, in words (at least one sentence).
    pub reasons: Vec<String>,
    /// Changes that would let it join a neighbour, in words (may be empty).
    pub changes: Vec<String>,
}

/// Why each lot of `solution` stands on its own (see the module docs), in plan order.
pub fn why_lots(problem: &LotProblem, solution: &Solution) -> Vec<LotReason> {
    let rules = problem.lot_rules();
    solution.lots.iter().map(|lot| why_lot(problem, &rules, solution, lot)).collect()
}

fn why_lot(problem: &LotProblem, rules: &LotRules, solution: &Solution, lot: &Lot) -> LotReason {
    let p = &problem.params;
    let mut reasons = Vec::new();
    let mut changes = Vec::new();
    let neighbours = neighbouring_lots(problem, solution, lot);
    let first = segments_of(problem, lot).next();
    let key = first.map(|s| problem.lot_key(s));
    let whole_area = !p.mix_service_areas
        && problem.in_scope().filter(|s| Some(problem.lot_key(s)) == key).all(|s| lot.segments.contains(&s.id));
    let authority = first.and_then(|s| problem.bound_authority(s));
    if whole_area {
        reasons.push(match authority {
            None => format!(
                "It is all of {}'s work that is put out to tender, and lots may not mix service areas.",
                lot_area(problem, lot)
            ),
            Some(a) => format!(
                "It is all of {}'s work in {a} that is put out to tender; lots may not mix service areas, and lots of {} may not cross authority borders.",
                lot_area(problem, lot),
                lot_area(problem, lot)
            ),
        });
    } else if neighbours.is_empty() {
        reasons.push(if p.mix_service_areas {
            "No other lot borders it: none of its neighbouring localities is in another lot.".to_string()
        } else {
            format!("No other lot of {} borders it, and lots may not mix service areas.", lot_area(problem, lot))
        });
    }
    for other in neighbours {
        let joined: Vec<&Segment> = segments_of(problem, lot).chain(segments_of(problem, other)).collect();
        let value = lot.value + other.value;
        let bidders = credible(problem, &joined, value);
        let names = format!("{} and {}", lot.id, other.id);
        // The joined lot needs the most any of its authorities asks for (one k without them).
        let ids: Vec<&str> = joined.iter().map(|s| s.id.as_str()).collect();
        let (k, v_max) = (rules.k(&ids), rules.v_max(&ids));
        if value > v_max {
            reasons.push(format!(
                "Joined with {} it would be worth {} a year, above the largest lot allowed ({}, v_max).",
                other.id,
                gbp(value),
                gbp(v_max)
            ));
            let also = if (bidders.len() as u32) < k {
                format!(
                    ", though the joined lot would have {}",
                    plural(bidders.len(), "credible bidder", "credible bidders")
                )
            } else {
                String::new()
            };
            changes.push(format!(
                "Raising the largest lot allowed to {} would let {names} be one lot{also}.",
                gbp(value.ceil())
            ));
        } else if (bidders.len() as u32) < k {
            reasons.push(format!(
                "Joined with {} it would have {} (at least {} needed, k): {}.",
                other.id,
                plural(bidders.len(), "credible bidder", "credible bidders"),
                k,
                who_lacks(problem, &joined, value)
            ));
            if !bidders.is_empty() {
                changes.push(format!(
                    "Accepting {} (k = {}) would let {names} be one lot.",
                    plural(bidders.len(), "credible bidder", "credible bidders"),
                    bidders.len()
                ));
            }
        } else {
            reasons.push(format!(
                "Joined with {} it would meet the lot rules ({}), but {}",
                other.id,
                plural(bidders.len(), "credible bidder", "credible bidders"),
                if solution.status == Status::Optimal {
                    "then the market could not take every lot at once within its capacity and the most lots one supplier may win (m)."
                } else {
                    "the search was not proven best: a plan with fewer lots may exist."
                }
            ));
        }
    }
    let v_min = rules.v_min(&lot.segments);
    if lot.value < 2.0 * v_min {
        let whose = if v_min > p.v_min { "its authorities' own smallest lot" } else { "v_min" };
        reasons.push(format!(
            "It cannot be split: each part would be below the smallest lot allowed ({}, {whose}).",
            gbp(v_min)
        ));
    }
    LotReason { lot: lot.id.clone(), reasons, changes }
}

/// The other lots with a segment that could share a lot with one of `lot`'s: the same service
/// area (unless areas may mix) and authority (where lots keep to one) in the same or a
/// bordering locality.
fn neighbouring_lots<'a>(problem: &LotProblem, solution: &'a Solution, lot: &Lot) -> Vec<&'a Lot> {
    let areas: BTreeSet<&str> = segments_of(problem, lot).map(|s| s.service_area.as_str()).collect_set();
    let keys: BTreeSet<_> = segments_of(problem, lot).map(|s| problem.lot_key(s)).collect_set();
    let near: BTreeSet<&str> = lot
        .localities
        .iter()
        .flat_map(|l| {
            let l = l.as_str();
            problem
                .adjacency
                .iter()
                .filter_map(move |(a, b)| match (a.as_str(), b.as_str()) {
                    (a, b) if a == l => Some(b),
                    (a, b) if b == l => Some(a),
                    _ => None,
                })
                .chain([l])
        })
        .collect();
    solution
        .lots
        .iter()
        .filter(|other| other.id != lot.id)
        .filter(|other| {
            segments_of(problem, other).any(|s| {
                near.contains(s.locality.as_str())
                    && (problem.params.mix_service_areas || areas.contains(s.service_area.as_str()))
                    && keys.contains(&problem.lot_key(s))
            })
        })
        .collect()
}

fn segments_of<'a>(problem: &'a LotProblem, lot: &'a Lot) -> impl Iterator<Item = &'a Segment> + 'a {
    lot.segments.iter().filter_map(|id| problem.segments.iter().find(|s| s.id == *id))
}

fn lot_area(problem: &LotProblem, lot: &Lot) -> String {
    segments_of(problem, lot)
        .next()
        .map_or_else(|| "its service area".to_string(), |s| area_name(problem, &s.service_area))
}

/// The suppliers credible for a lot of `segments` worth `value`.
fn credible<'a>(problem: &'a LotProblem, segments: &[&Segment], value: f64) -> Vec<&'a Supplier> {
    problem
        .suppliers
        .iter()
        .filter(|j| j.capacity >= value && segments.iter().all(|s| LotProblem::eligible(j, s)))
        .collect()
}

/// Why the suppliers who could serve the work do not count: too small, or not everywhere.
fn who_lacks(problem: &LotProblem, segments: &[&Segment], value: f64) -> String {
    let serve = problem.suppliers.iter().filter(|j| segments.iter().all(|s| LotProblem::eligible(j, s))).count();
    let small = problem
        .suppliers
        .iter()
        .filter(|j| j.capacity < value && segments.iter().all(|s| LotProblem::eligible(j, s)))
        .count();
    if serve == 0 {
        "no supplier serves all of its localities".to_string()
    } else {
        format!(
            "{} all of its localities, {} of them without the capacity for {}",
            plural(serve, "supplier serves", "suppliers serve"),
            small,
            gbp(value)
        )
    }
}

/// A supplier who can bid for no lot of the plan, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ShutOut {
    pub supplier: String,
    pub name: String,
    /// Why, in words.
    pub reason: String,
    /// What would let it bid, in words.
    pub way_in: String,
}

/// The suppliers who are a credible bidder for no lot of the plan, with why and what would let
/// them in. Suppliers with no capacity of their own (no accounts, or only bidding in a
/// consortium) are left out: they are explained in the register.
pub fn shut_out(problem: &LotProblem, solution: &Solution) -> Vec<ShutOut> {
    problem
        .suppliers
        .iter()
        .filter(|j| j.capacity > 0.0)
        .filter(|j| !solution.lots.iter().any(|l| l.credible_bidders.contains(&j.id)))
        .map(|j| {
            let (reason, way_in) = why_shut_out(problem, solution, j);
            ShutOut { supplier: j.id.clone(), name: supplier_name(problem, &j.id).to_string(), reason, way_in }
        })
        .collect()
}

fn why_shut_out(problem: &LotProblem, solution: &Solution, j: &Supplier) -> (String, String) {
    let eligible_for = |lot: &Lot| segments_of(problem, lot).all(|s| LotProblem::eligible(j, s));
    let serves_part = |lot: &Lot| segments_of(problem, lot).any(|s| LotProblem::eligible(j, s));
    if let Some(smallest) = solution.lots.iter().filter(|l| eligible_for(l)).min_by(|a, b| a.value.total_cmp(&b.value))
    {
        return (
            format!(
                "Its capacity, {}, is below the value of every lot it serves (the smallest, {}, is {}).",
                gbp(j.capacity),
                smallest.id,
                gbp(smallest.value)
            ),
            format!(
                "Lots of up to {} where it works (a lower largest lot allowed, v_max, or a finer split), or a consortium with other suppliers.",
                gbp(j.capacity)
            ),
        );
    }
    let partial: Vec<&Lot> = solution.lots.iter().filter(|l| serves_part(l)).collect();
    if partial.is_empty() {
        let why = if j.service_areas.is_empty() || j.localities.is_empty() {
            "Its register entry names no service areas or localities."
        } else {
            "It serves none of the work in the lots (its service areas or localities, or not-for-profit work it may not take)."
        };
        return (why.to_string(), "Check its coverage in the register.".to_string());
    }
    (
        format!(
            "It serves only part of each lot it could bid for ({}): a credible bidder must serve all of a lot's localities and work.",
            partial.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
        "Smaller lots that match where it works (fewer localities per lot), or a consortium that covers the rest.".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::lower::lower_active;
    use crate::plan::solver::{solve, Options};

    fn default_plan() -> (LotProblem, Solution) {
        let problem = lower_active(&Workspace::default_workspace()).unwrap();
        let solution = solve(&problem, &Options::default());
        (problem, solution)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn every_reason_about_the_largest_lot_is_true() {
        let (problem, solution) = default_plan();
        for r in why_lots(&problem, &solution) {
            let lot = solution.lots.iter().find(|l| l.id == r.lot).unwrap();
            for text in r.reasons.iter().filter(|t| t.contains("above the largest lot allowed")) {
                let other = text.split_whitespace().nth(2).unwrap();
                let other = solution.lots.iter().find(|l| l.id == other).unwrap_or_else(|| panic!("{text}"));
                assert!(lot.value + other.value > problem.params.v_max, "{text}");
            }
            for text in &r.changes {
                assert!(text.starts_with("Raising") || text.starts_with("Accepting"), "{text}");
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_small_supplier_is_shut_out_and_told_why() {
        let (mut problem, _) = default_plan();
        let mut small = problem.suppliers[0].clone();
        small.id = "SMALLCHARITY".into();
        small.name = "A small charity".into();
        small.capacity = 1_000.0;
        problem.suppliers.push(small);
        let solution = solve(&problem, &Options::default());
        let out = shut_out(&problem, &solution);
        let charity = out.iter().find(|s| s.supplier == "SMALLCHARITY").expect("listed");
        assert_eq!(charity.name, "A small charity");
        assert!(
            charity.reason.contains("Its capacity, £1000, is below the value of every lot it serves"),
            "{charity:?}"
        );
        assert!(charity.way_in.contains("up to £1000"), "{charity:?}");
        assert!(out.iter().all(|s| !solution.lots.iter().any(|l| l.credible_bidders.contains(&s.supplier))));
    }
}
