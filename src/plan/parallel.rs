//! Solving one problem as independent parts, on several workers at once.
//!
//! Segments of different groups ([`LotProblem::lot_key`]: one per service area unless areas may
//! mix, cut by authority where lots must lie within one) never share a lot, so a problem's
//! groups can be solved apart: [`split`] makes one lot problem per part, each the whole problem
//! with the other parts' segments kept in-house (so every id, supplier and rule is as before),
//! and [`merge`] puts the parts' answers back together.
//!
//! Only rule R6 joins the parts (one market delivers every lot), and each part is solved with
//! the whole market to itself: a relaxation. So a part with no plan means the whole has none,
//! the parts' lower bounds add up to one for the whole, and the parts' plans together are the
//! whole's best plan (when each part's is its best) if and only if they can be awarded
//! together, which [`merge`] checks with the exact award search of [`crate::plan::award`].
//! When they cannot, it says so and the caller solves the whole problem instead.
//!
//! # Example
//! ```
//! use lotwise::plan::{lower, parallel, solver};
//! let problem = lower::lower_active(&lotwise::model::Workspace::default_workspace())?;
//! let parts = parallel::split(&problem, 2, 0).expect("ten service areas split in two");
//! let answers: Vec<_> = parts.iter().map(|p| solver::solve(p, &solver::Options::default())).collect();
//! let merged = parallel::merge(&problem, &answers).expect("the market can deliver both halves");
//! assert_eq!(merged.num_lots, solver::solve(&problem, &solver::Options::default()).num_lots);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use crate::base::sort;
use crate::plan::award::{self, Award, Slots};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Finding, Lot, Rule, Solution, SolveStats, Status};

/// What decides which segments may share a lot ([`LotProblem::lot_key`]).
type Key<'a> = (Option<&'a str>, Option<&'a str>);

/// Placements the joint award may try before it is called undecided.
const AWARD_STEPS: usize = 200_000;

/// Splits `problem` into at most `parts` lot problems of about equal size, each holding whole
/// groups of segments that may share a lot, or `None` when that is not worth it or not exact:
/// fewer than two groups, fewer than `min_segments` segments in scope, or a cap on any
/// supplier's awarded share (a share of the whole's value, which a part would read as a share
/// of its own).
pub fn split(problem: &LotProblem, parts: usize, min_segments: usize) -> Option<Vec<LotProblem>> {
    let in_scope = problem.in_scope().count();
    if parts < 2 || in_scope < min_segments.max(2) || problem.params.max_award_share.is_some() {
        return None;
    }
    let mut groups: BTreeMap<Key, usize> = BTreeMap::new();
    for s in problem.in_scope() {
        *groups.entry(problem.lot_key(s)).or_default() += 1;
    }
    if groups.len() < 2 {
        return None;
    }
    // Largest groups first, each to the part with fewest segments so far.
    let mut by_size: Vec<(Key, usize)> = groups.into_iter().collect();
    sort::by(&mut by_size, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let parts = parts.min(by_size.len());
    let mut load = vec![0usize; parts];
    let mut part_of: BTreeMap<Key, usize> = BTreeMap::new();
    for (key, n) in by_size {
        let p = (0..parts).min_by_key(|&p| (load[p], p)).unwrap_or(0);
        load[p] += n;
        part_of.insert(key, p);
    }
    let out = (0..parts)
        .map(|p| {
            let mut part = problem.clone();
            for s in part.segments.iter_mut().filter(|s| !s.retained) {
                s.retained = part_of.get(&problem.lot_key(s)).is_some_and(|&q| q != p);
            }
            part.name = format!("{} (part {} of {parts})", problem.name, p + 1);
            part
        })
        .collect();
    Some(out)
}

/// Suppliers' capacity, in all, at least this many times the value in scope: room enough in
/// the market for parts planned apart to be awarded together, as a rule.
pub const ROOM: f64 = 4.0;

/// Whether the market has room enough ([`ROOM`]) that parts planned apart are worth trying:
/// where awards are tight, parts compete for the same suppliers and their lots seldom award
/// together (the shared `XL-2` and `R-1` have 2.8 and 2.4 times the value, the counties and
/// the other shared instances 6 to 13 times).
pub fn market_has_room(problem: &LotProblem) -> bool {
    let value: f64 = problem.in_scope().map(|s| s.value).sum();
    let capacity: f64 = problem.suppliers.iter().map(|j| problem.award_capacity(j)).sum();
    capacity >= ROOM * value
}

/// Why the parts' answers could not be put together as a plan for the whole problem.
#[derive(Debug, Clone, PartialEq)]
pub enum NotMerged {
    /// Every part has a plan, but the market cannot deliver them all at once (R6), or the
    /// award search could not decide it: solve the whole problem instead.
    Award,
}

/// The whole problem's answer from its parts' (`parts`, from [`split`], in order): no plan
/// when some part has none (with that part's reasons), else every part's lots together with a
/// joint award, optimal when every part's plan is. [`NotMerged::Award`] when the parts' plans
/// cannot be awarded together.
pub fn merge(problem: &LotProblem, parts: &[Solution]) -> Result<Solution, NotMerged> {
    let seconds = parts.iter().filter_map(|s| s.stats.as_ref().map(|t| t.seconds)).fold(0.0, f64::max);
    let stats = Some(SolveStats {
        segments_in_scope: problem.in_scope().count(),
        candidate_lots: parts.iter().filter_map(|s| s.stats.as_ref().map(|t| t.candidate_lots)).sum(),
        subproblems: parts.iter().filter_map(|s| s.stats.as_ref().map(|t| t.subproblems)).sum(),
        seconds,
        method: format!(
            "{} workers at once, one per part of the service areas; {}",
            parts.len(),
            parts.iter().find_map(|s| s.stats.as_ref().map(|t| t.method.clone())).unwrap_or_default()
        ),
        parts: parts.len(),
    });
    if let Some(none) = parts.iter().find(|s| s.status == Status::Infeasible) {
        let diagnosis = parts.iter().filter(|s| s.status == Status::Infeasible).flat_map(|s| s.diagnosis.clone());
        return Ok(Solution { diagnosis: dedup(diagnosis), stats, ..none.clone() });
    }
    let bound: Option<u32> = parts.iter().map(|s| s.lower_bound).sum();
    if parts.iter().any(|s| s.num_lots.is_none()) {
        return Ok(Solution {
            status: Status::Unknown,
            num_lots: None,
            min_credible_bidders: None,
            lots: Vec::new(),
            lower_bound: bound,
            diagnosis: dedup(parts.iter().flat_map(|s| s.diagnosis.clone())),
            stats,
        });
    }
    let mut lots: Vec<Lot> = parts.iter().flat_map(|s| s.lots.clone()).collect();
    let to = joint_award(problem, &lots).ok_or(NotMerged::Award)?;
    for (lot, to) in lots.iter_mut().zip(to) {
        lot.award = to.first().cloned().unwrap_or_default();
        lot.appointed = if to.len() > 1 { to } else { Vec::new() };
    }
    sort::by(&mut lots, |a, b| a.segments.cmp(&b.segments));
    for (i, lot) in lots.iter_mut().enumerate() {
        lot.id = format!("L{}", i + 1);
    }
    let proven = parts.iter().all(|s| s.status == Status::Optimal);
    let num = lots.len() as u32;
    Ok(Solution {
        status: if proven { Status::Optimal } else { Status::Feasible },
        num_lots: Some(num),
        min_credible_bidders: lots.iter().map(|l| l.bidders() as u32).min(),
        lots,
        lower_bound: Some(if proven { num } else { bound.unwrap_or(0).min(num) }),
        diagnosis: if proven { Vec::new() } else { dedup(parts.iter().flat_map(|s| s.diagnosis.clone())) },
        stats,
    })
}

/// An award of all of `lots` together (R6), each lot's providers by id, if one is found.
fn joint_award(problem: &LotProblem, lots: &[Lot]) -> Option<Vec<Vec<String>>> {
    let index: BTreeMap<&str, usize> =
        problem.suppliers.iter().enumerate().map(|(i, j)| (j.id.as_str(), i)).collect_map();
    let places: Vec<u32> = lots.iter().map(|l| problem.lot_appointments(&l.segments)).collect();
    // The parts' own awards first, so that where they fit together nothing moves.
    let prefer: Vec<usize> = lots
        .iter()
        .flat_map(|l| l.appointees().into_iter().map(|j| index.get(j).copied().unwrap_or(usize::MAX)))
        .collect();
    let to_award = award::places(lots.iter().zip(&places).map(|(l, &n)| {
        (l.value, l.credible_bidders.iter().filter_map(|id| index.get(id.as_str()).copied()).collect(), n)
    }));
    let capacity: Vec<f64> = problem.suppliers.iter().map(|j| problem.award_capacity(j)).collect();
    let (of, n) = problem.award_slots();
    let slots = Slots::shared(of, n, problem.params.m);
    let prefer = (prefer.len() == to_award.len()).then_some(prefer);
    match award::find_within(&to_award, &capacity, &slots, prefer.as_deref(), AWARD_STEPS) {
        Award::Found(flat) => award::by_lot(&flat, places).map(|by| {
            by.into_iter().map(|to| to.into_iter().map(|j| problem.suppliers[j].id.clone()).collect()).collect()
        }),
        Award::Impossible | Award::Undecided => None,
    }
}

/// Findings once each (the parts often say the same thing about the time limit).
fn dedup(findings: impl Iterator<Item = Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        if !out.iter().any(|o| o.message == f.message) {
            out.push(f);
        }
    }
    out
}

/// The finding a merged plan carries when its parts could not be awarded together, for a
/// caller that reports it (for example beside the whole problem's answer).
pub fn award_finding(parts: usize) -> Finding {
    Finding {
        rule: Rule::R6,
        message: format!(
            "The {parts} parts' plans could not be awarded together within the suppliers' capacity and lot limits, so the whole problem was solved at once."
        ),
        segments: Vec::new(),
        suppliers: Vec::new(),
        fix: "Nothing to do: the plan shown is the whole problem's.".into(),
        levers: Vec::new(),
    }
}

/// Two areas, one supplier serving both with room for one lot (m = 1): each part alone awards
/// its lot to it, together they cannot.
#[cfg(test)]
pub(crate) fn crowded() -> LotProblem {
    LotProblem::from_json(
        r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 1},
        "localities": ["A"], "service_areas": [{"code": "F"}, {"code": "R"}],
        "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 5},
                     {"id": "R-A", "service_area": "R", "locality": "A", "value": 5}],
        "suppliers": [{"id": "S1", "capacity": 10, "service_areas": ["F", "R"], "localities": ["A"]}]}"#,
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::solver::{solve, Options};

    fn problem() -> LotProblem {
        crate::plan::lower::lower_active(&crate::model::Workspace::default_workspace()).unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn parts_hold_whole_groups_of_about_equal_size() {
        let p = problem();
        let parts = split(&p, 2, 0).unwrap();
        assert_eq!(parts.len(), 2);
        let sizes: Vec<usize> = parts.iter().map(|q| q.in_scope().count()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), p.in_scope().count(), "every segment in one part");
        assert!(sizes.iter().all(|&n| n * 3 >= p.in_scope().count()), "about equal: {sizes:?}");
        for q in &parts {
            q.validate().unwrap();
            let areas: std::collections::BTreeSet<&str> = q.in_scope().map(|s| s.service_area.as_str()).collect();
            let other = parts.iter().find(|o| !std::ptr::eq(*o, q)).unwrap();
            assert!(other.in_scope().all(|s| !areas.contains(s.service_area.as_str())), "whole areas");
        }
        assert!(split(&p, 2, 10_000).is_none(), "too small to be worth it");
        let mut capped = p.clone();
        capped.params.max_award_share = Some(0.5);
        assert!(split(&capped, 2, 0).is_none(), "a cap on shares is a share of the whole");
        let mut mixed = p.clone();
        mixed.params.mix_service_areas = true;
        assert!(split(&mixed, 2, 0).is_none(), "one group only");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn only_a_market_with_room_is_worth_splitting() {
        let mut p = problem();
        assert!(market_has_room(&p), "the shipped example's market has about 13 times its value");
        for s in &mut p.suppliers {
            s.capacity /= 5.0;
        }
        assert!(!market_has_room(&p));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_part_without_a_plan_means_the_whole_has_none() {
        let mut p = problem();
        p.params.k = 50;
        let parts = split(&p, 2, 0).unwrap();
        let answers: Vec<Solution> = parts.iter().map(|q| solve(q, &Options::default())).collect();
        let merged = merge(&p, &answers).unwrap();
        assert_eq!(merged.status, Status::Infeasible);
        assert!(!merged.diagnosis.is_empty());
        assert_eq!(solve(&p, &Options::default()).status, Status::Infeasible);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn parts_that_cannot_be_awarded_together_are_not_merged() {
        let p = crowded();
        let parts = split(&p, 2, 0).unwrap();
        let answers: Vec<Solution> = parts.iter().map(|q| solve(q, &Options::default())).collect();
        assert!(answers.iter().all(|s| s.status == Status::Optimal));
        assert_eq!(merge(&p, &answers), Err(NotMerged::Award));
        assert_eq!(solve(&p, &Options::default()).status, Status::Infeasible);
    }
}
