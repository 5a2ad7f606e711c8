//! The provider-failure stress test: if the supplier awarded some lots fails, who picks them up?
//!
//! For a plan with an indicative award (R6), each awarded supplier is failed in turn, and so is
//! each supplier group (parent company or owner) with an awarded member, all its members at
//! once. The failed suppliers' lots
//! go to surviving credible bidders within their capacity and the lots-per-supplier limit `m`;
//! the other lots keep their awards unless moving some of them is what saves a lot. The lots
//! that cannot be saved are **stranded**: the set saved is one of the largest value, so a lot
//! is stranded only when no surviving credible bidder has room for it once the others are
//! placed.
//!
//! A framework lot that appoints several providers is a place per provider, each worth an
//! equal share of the lot: a failed provider's share goes to a surviving credible bidder with
//! room for it (one of the lot's other providers among them, as call-offs would), and is
//! stranded when none has.
//!
//! Every search is the exact award search of [`crate::plan::award`] under a step budget; a
//! case it could not decide says so (`undecided`) rather than guessing.
//!
//! # Example
//! ```
//! use lotwise::plan::problem::LotProblem;
//! use lotwise::plan::solution::Solution;
//! use lotwise::plan::stress;
//! let problem = LotProblem::from_json(r#"{"format_version": 1,
//!   "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 2},
//!   "localities": ["A"], "service_areas": [{"code": "F"}],
//!   "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 5}],
//!   "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A"]},
//!                 {"id": "S2", "capacity": 9, "service_areas": ["F"], "localities": ["A"]}]}"#)?;
//! let plan: Solution = serde_json::from_str(r#"{"status": "optimal", "num_lots": 1,
//!   "min_credible_bidders": 2, "lots": [{"id": "L1", "segments": ["F-A"], "value": 5,
//!   "localities": ["A"], "credible_bidders": ["S1", "S2"], "award": "S1"}]}"#).unwrap();
//! let report = stress::run(&problem, &plan);
//! assert_eq!(report.failures[0].failed, vec!["S1".to_string()]);
//! assert_eq!(report.failures[0].lots[0].to.as_deref(), Some("S2"));
//! assert!(report.failures[0].stranded.is_empty());
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::base::sort;
use crate::plan::award::{find_within, Award, AwardLot, Slots};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Lot, Solution};

/// Placements tried per award search before it is called undecided.
pub const MAX_STEPS: usize = 200_000;

/// A failed supplier holding more lots than this has its lots saved largest first, one at a
/// time, instead of trying every set of them.
const MAX_EXACT_LOTS: usize = 12;

/// Where one of the failed supplier's lots goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reaward {
    pub lot: String,
    /// The surviving supplier it goes to; `None` when it is stranded.
    pub to: Option<String>,
}

/// A lot of another supplier moved to make room.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    pub lot: String,
    pub from: String,
    pub to: String,
}

/// One failure case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The suppliers that fail together.
    pub failed: Vec<String>,
    /// The group whose members fail together, when the case is a group's failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The failed suppliers' lots and where each goes.
    pub lots: Vec<Reaward>,
    /// Other lots whose award moved so that a failed supplier's lot could be saved.
    pub moved: Vec<Moved>,
    /// Lots no surviving credible bidder can take.
    pub stranded: Vec<String>,
    /// The stranded lots' value a year.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub stranded_value: f64,
    /// The failed suppliers' lots' value a year.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub lost_value: f64,
    /// Some search ran out of steps: a lot called stranded might in fact be saved.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undecided: bool,
}

/// A lot with one or two credible bidders: it depends on them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dependence {
    pub lot: String,
    pub bidders: Vec<String>,
}

/// The stress test of one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StressReport {
    /// One case per awarded supplier and per group with an awarded member, the ones that
    /// strand most value first.
    pub failures: Vec<Failure>,
    /// Lots with at most two credible bidders.
    pub dependent_lots: Vec<Dependence>,
}

impl StressReport {
    /// The case that strands most value, if any strands anything.
    pub fn worst(&self) -> Option<&Failure> {
        self.failures.first().filter(|f| !f.stranded.is_empty())
    }
}

/// Fails each awarded supplier of `plan` in turn. A plan without lots or awards gives an
/// empty report.
pub fn run(problem: &LotProblem, plan: &Solution) -> StressReport {
    let market = Market::new(problem, plan);
    let mut awarded: Vec<usize> = market.award.iter().flatten().copied().collect();
    sort::by(&mut awarded, |a, b| a.cmp(b));
    awarded.dedup();
    let mut failures: Vec<Failure> = awarded.iter().map(|&j| market.fail(&[j])).collect();
    for (name, members) in groups(problem) {
        if members.iter().any(|j| awarded.contains(j)) && members.len() > 1 {
            let mut case = market.fail(&members);
            case.group = Some(name.to_string());
            failures.push(case);
        }
    }
    sort::by(&mut failures, |a, b| {
        b.stranded_value.total_cmp(&a.stranded_value).then(b.lost_value.total_cmp(&a.lost_value))
    });
    let dependent_lots = plan
        .lots
        .iter()
        .filter(|l| l.bidders() <= 2)
        .map(|l| Dependence { lot: l.id.clone(), bidders: l.credible_bidders.clone() })
        .collect();
    StressReport { failures, dependent_lots }
}

/// Each group named by a supplier, with its members (indices into `problem.suppliers`), by name.
fn groups(problem: &LotProblem) -> Vec<(&str, Vec<usize>)> {
    let mut by_name: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (j, s) in problem.suppliers.iter().enumerate() {
        if let Some(g) = s.group.as_deref() {
            by_name.entry(g).or_default().push(j);
        }
    }
    by_name.into_iter().collect()
}

/// The plan's awards and suppliers as indices. The unit is the **place**: a lot awarded to
/// one provider is one place, a framework lot one place per provider it appoints.
struct Market<'a> {
    lots: &'a [Lot],
    ids: Vec<&'a str>,
    capacity: Vec<f64>,
    /// The lot limit `m` for each supplier, or shared by a group's members.
    slots: Slots,
    /// The lot (index into `lots`) each place belongs to.
    lot_of: Vec<usize>,
    /// Each place's value: its lot's, or an equal share of a framework lot's.
    value: Vec<f64>,
    /// Each place's lot's credible bidders.
    bidders: Vec<Vec<usize>>,
    /// Each place's provider, when it names a known supplier.
    award: Vec<Option<usize>>,
}

impl<'a> Market<'a> {
    fn new(problem: &'a LotProblem, plan: &'a Solution) -> Market<'a> {
        let index: HashMap<&str, usize> =
            problem.suppliers.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let known = |id: &str| index.get(id).copied();
        let mut market = Market {
            lots: &plan.lots,
            ids: problem.suppliers.iter().map(|s| s.id.as_str()).collect(),
            capacity: problem.suppliers.iter().map(|s| s.capacity).collect(),
            slots: {
                let (of, n) = problem.award_slots();
                Slots::shared(of, n, problem.params.m)
            },
            lot_of: Vec::new(),
            value: Vec::new(),
            bidders: Vec::new(),
            award: Vec::new(),
        };
        for (l, lot) in plan.lots.iter().enumerate() {
            let bidders: Vec<usize> = lot.credible_bidders.iter().filter_map(|b| known(b)).collect();
            for (to, share) in lot.awarded() {
                market.lot_of.push(l);
                market.value.push(share);
                market.bidders.push(bidders.clone());
                market.award.push(known(to));
            }
        }
        market
    }

    /// The case where the suppliers `failed` fail together.
    fn fail(&self, failed: &[usize]) -> Failure {
        let places = self.award.len();
        let own: Vec<usize> = (0..places).filter(|&l| self.award[l].is_some_and(|j| failed.contains(&j))).collect();
        let others: Vec<usize> = (0..places).filter(|l| !own.contains(l) && self.award[*l].is_some()).collect();
        let mut undecided = false;
        let saved = self.largest_saved(&own, &others, failed, &mut undecided);
        let (placed, assignment) = saved.unwrap_or_default();
        let value = |ls: &[usize]| ls.iter().map(|&l| self.value[l]).sum::<f64>();
        let stranded: Vec<usize> = own.iter().copied().filter(|l| !placed.contains(l)).collect();
        let to = |l: usize| assignment.get(&l).map(|&j| self.ids[j].to_string());
        let id = |l: usize| self.lots[self.lot_of[l]].id.clone();
        let mut stranded_lots: Vec<String> = stranded.iter().map(|&l| id(l)).collect();
        stranded_lots.dedup();
        Failure {
            failed: failed.iter().map(|&j| self.ids[j].to_string()).collect(),
            group: None,
            lots: own.iter().map(|&l| Reaward { lot: id(l), to: to(l) }).collect(),
            moved: others
                .iter()
                .filter_map(|&l| {
                    let (from, now) = (self.award[l]?, *assignment.get(&l)?);
                    (from != now).then(|| Moved {
                        lot: id(l),
                        from: self.ids[from].to_string(),
                        to: self.ids[now].to_string(),
                    })
                })
                .collect(),
            stranded: stranded_lots,
            stranded_value: value(&stranded),
            lost_value: value(&own),
            undecided,
        }
    }

    /// The most valuable set of the failed suppliers' lots that can be re-awarded, with the
    /// award of those lots and the other lots (by lot index).
    #[allow(clippy::type_complexity)]
    fn largest_saved(
        &self,
        own: &[usize],
        others: &[usize],
        failed: &[usize],
        undecided: &mut bool,
    ) -> Option<(Vec<usize>, HashMap<usize, usize>)> {
        let sets: Vec<Vec<usize>> = if own.len() <= MAX_EXACT_LOTS {
            let mut sets: Vec<Vec<usize>> = (0..1u32 << own.len())
                .map(|mask| own.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, &l)| l).collect())
                .collect();
            let value = |s: &Vec<usize>| s.iter().map(|&l| self.value[l]).sum::<f64>();
            sort::by(&mut sets, |a, b| value(b).total_cmp(&value(a)).then(b.len().cmp(&a.len())));
            sets
        } else {
            // Largest first: all of them, then without the smallest, and so on.
            let mut by_value = own.to_vec();
            sort::by(&mut by_value, |&a, &b| self.value[b].total_cmp(&self.value[a]));
            (0..=by_value.len()).rev().map(|n| by_value[..n].to_vec()).collect()
        };
        sets.into_iter().find_map(|set| {
            let found = self.keep_others(&set, others, failed).or_else(|| self.move_others(&set, others, failed));
            match found {
                Some(Ok(assignment)) => Some((set, assignment)),
                Some(Err(())) => {
                    *undecided = true;
                    None
                }
                None => None,
            }
        })
    }

    /// The set's lots placed in the room the other lots leave: `None` when impossible,
    /// `Some(Err)` when undecided.
    fn keep_others(
        &self,
        set: &[usize],
        others: &[usize],
        failed: &[usize],
    ) -> Option<Result<HashMap<usize, usize>, ()>> {
        let mut left = self.capacity.clone();
        let mut slots = self.slots.clone();
        for &l in others {
            let j = self.award[l]?;
            left[j] -= self.value[l];
            slots.take(j);
        }
        let mut assignment: HashMap<usize, usize> = others.iter().filter_map(|&l| Some((l, self.award[l]?))).collect();
        match self.search(set, &left, &slots, failed, None) {
            Award::Found(to) => {
                assignment.extend(set.iter().copied().zip(to));
                Some(Ok(assignment))
            }
            Award::Impossible => None,
            Award::Undecided => Some(Err(())),
        }
    }

    /// The set's lots and the other lots awarded afresh, keeping earlier awards where it can.
    fn move_others(
        &self,
        set: &[usize],
        others: &[usize],
        failed: &[usize],
    ) -> Option<Result<HashMap<usize, usize>, ()>> {
        let all: Vec<usize> = others.iter().chain(set).copied().collect();
        let prefer: Vec<usize> = all.iter().map(|&l| self.award[l].unwrap_or(usize::MAX)).collect();
        match self.search(&all, &self.capacity, &self.slots, failed, Some(&prefer)) {
            Award::Found(to) => Some(Ok(all.into_iter().zip(to).collect())),
            Award::Impossible => None,
            Award::Undecided => Some(Err(())),
        }
    }

    fn search(&self, lots: &[usize], left: &[f64], slots: &Slots, failed: &[usize], prefer: Option<&[usize]>) -> Award {
        let lots: Vec<AwardLot> = lots
            .iter()
            .map(|&l| {
                AwardLot::new(self.value[l], self.bidders[l].iter().copied().filter(|j| !failed.contains(j)).collect())
            })
            .collect();
        find_within(&lots, left, slots, prefer, MAX_STEPS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::{Params, Segment, ServiceArea, Supplier};
    use crate::plan::solution::Status;

    fn supplier(id: &str, capacity: f64) -> Supplier {
        Supplier {
            id: id.into(),
            name: String::new(),
            ownership: None,
            revenue: None,
            equity: None,
            not_for_profit: false,
            capacity,
            service_areas: vec!["F".into()],
            localities: vec!["A".into()],
            group: None,
        }
    }

    fn problem(capacity: &[f64], m: u32) -> LotProblem {
        LotProblem {
            format_version: 1,
            name: String::new(),
            description: None,
            params: Params::new(1.0, 100.0, 1, m, false),
            localities: vec!["A".into()],
            adjacency: Vec::new(),
            service_areas: vec![ServiceArea { code: "F".into(), name: String::new() }],
            segments: vec![Segment {
                id: "F-A".into(),
                service_area: "F".into(),
                locality: "A".into(),
                tier: None,
                function: None,
                value: 1.0,
                retained: false,
                relevant_care: false,
                authority: None,
            }],
            suppliers: capacity.iter().enumerate().map(|(i, &c)| supplier(&format!("S{i}"), c)).collect(),
        }
    }

    /// A plan whose lot `i` has `value[i]`, the credible bidders `bidders[i]` and the award `award[i]`.
    fn plan(lots: &[(f64, &[usize], usize)]) -> Solution {
        Solution {
            status: Status::Optimal,
            num_lots: Some(lots.len() as u32),
            min_credible_bidders: None,
            lots: lots
                .iter()
                .enumerate()
                .map(|(i, (value, bidders, award))| Lot {
                    id: format!("L{}", i + 1),
                    segments: Vec::new(),
                    value: *value,
                    localities: Vec::new(),
                    credible_bidders: bidders.iter().map(|j| format!("S{j}")).collect(),
                    independent_bidders: None,
                    award: format!("S{award}"),
                    appointed: Vec::new(),
                })
                .collect(),
            lower_bound: None,
            diagnosis: Vec::new(),
            stats: None,
        }
    }

    fn case<'a>(report: &'a StressReport, failed: &str) -> &'a Failure {
        report.failures.iter().find(|f| f.failed == [failed.to_string()]).expect("a case for each awarded supplier")
    }

    #[test]
    fn a_lot_with_no_other_bidder_is_stranded_and_one_with_room_is_not() {
        // L1 (5) only S0 can hold; L2 (4) S1 holds and S0 or S2 could.
        let p = problem(&[10.0, 10.0, 4.0], 2);
        let report = run(&p, &plan(&[(5.0, &[0], 0), (4.0, &[0, 1, 2], 1)]));
        let s0 = case(&report, "S0");
        assert_eq!(s0.stranded, vec!["L1"]);
        assert_eq!(s0.stranded_value, 5.0);
        assert_eq!(s0.lots, vec![Reaward { lot: "L1".into(), to: None }]);
        let s1 = case(&report, "S1");
        assert!(s1.stranded.is_empty());
        assert_eq!(s1.lots[0].to.as_deref(), Some("S0"), "the bidder with most room left takes it");
        assert!(s1.moved.is_empty());
        assert_eq!(report.worst().map(|f| f.failed.clone()), Some(vec!["S0".to_string()]));
        assert_eq!(report.dependent_lots.len(), 1, "L1 depends on one bidder; L2 has three");
    }

    #[test]
    fn a_group_fails_with_all_its_members() {
        // S0 and S1 belong to one group; S2 is on its own. Failing S0 alone, S1 takes L1; failing
        // the group strands L1 (only S0 and S1 can hold it) and S2 takes L2.
        let mut p = problem(&[10.0, 10.0, 4.0], 2);
        p.suppliers[0].group = Some("Holdings".into());
        p.suppliers[1].group = Some("Holdings".into());
        let report = run(&p, &plan(&[(5.0, &[0, 1], 0), (4.0, &[1, 2], 1)]));
        assert!(case(&report, "S0").stranded.is_empty());
        let group = report.failures.iter().find(|f| f.group.is_some()).expect("a case for the group");
        assert_eq!(group.group.as_deref(), Some("Holdings"));
        assert_eq!(group.failed, vec!["S0".to_string(), "S1".to_string()]);
        assert_eq!(group.stranded, vec!["L1"]);
        assert_eq!(group.lots[1], Reaward { lot: "L2".into(), to: Some("S2".into()) });
        assert_eq!(report.worst().map(|f| f.group.clone()), Some(Some("Holdings".to_string())));
        // A group with no awarded member, or of one supplier, adds no case.
        p.suppliers[2].group = Some("Solo".into());
        assert_eq!(run(&p, &plan(&[(5.0, &[0, 1], 0), (4.0, &[1, 2], 1)])).failures.len(), 3);
    }

    #[test]
    fn a_group_sharing_the_lot_limit_cannot_rescue_beyond_it() {
        // m = 1 per group: S0 and S1 are one group and S0 holds L1, so S1 cannot take L2 when
        // S2 fails; with the limit per supplier it can.
        let mut p = problem(&[10.0, 10.0, 10.0], 1);
        p.suppliers[0].group = Some("Holdings".into());
        p.suppliers[1].group = Some("Holdings".into());
        let plan = plan(&[(5.0, &[0], 0), (4.0, &[1, 2], 2)]);
        assert!(case(&run(&p, &plan), "S2").stranded.is_empty());
        p.params.m_per_group = true;
        assert_eq!(case(&run(&p, &plan), "S2").stranded, vec!["L2"]);
    }

    #[test]
    fn every_supplier_failing_at_once_strands_every_lot_without_a_panic() {
        let mut p = problem(&[10.0, 10.0], 2);
        p.suppliers.iter_mut().for_each(|s| s.group = Some("Everyone".into()));
        let report = run(&p, &plan(&[(5.0, &[0, 1], 0), (4.0, &[0, 1], 1)]));
        let all = report.failures.iter().find(|f| f.group.is_some()).unwrap();
        assert_eq!(all.stranded, vec!["L1", "L2"]);
        assert_eq!(all.stranded_value, 9.0);
        assert!(all.lots.iter().all(|r| r.to.is_none()));
    }

    #[test]
    fn another_award_moves_only_when_that_saves_a_lot() {
        // S0 fails holding L1 (6). S1 (cap 6) could take it but holds L2 (5), which S2 can take.
        let p = problem(&[10.0, 6.0, 5.0], 1);
        let report = run(&p, &plan(&[(6.0, &[0, 1], 0), (5.0, &[1, 2], 1)]));
        let s0 = case(&report, "S0");
        assert!(s0.stranded.is_empty(), "{s0:?}");
        assert_eq!(s0.lots[0].to.as_deref(), Some("S1"));
        assert_eq!(s0.moved, vec![Moved { lot: "L2".into(), from: "S1".into(), to: "S2".into() }]);
    }

    #[test]
    fn the_lots_per_supplier_limit_binds_the_rescue() {
        // S1 has room in money but already holds its one lot (m = 1): L1 is stranded.
        let p = problem(&[10.0, 20.0], 1);
        let report = run(&p, &plan(&[(5.0, &[0, 1], 0), (5.0, &[1], 1)]));
        assert_eq!(case(&report, "S0").stranded, vec!["L1"]);
        let p = problem(&[10.0, 20.0], 2);
        let report = run(&p, &plan(&[(5.0, &[0, 1], 0), (5.0, &[1], 1)]));
        assert!(case(&report, "S0").stranded.is_empty());
    }

    #[test]
    fn the_most_valuable_lots_are_saved() {
        // S0 held L1 (3) and L2 (7); S1 has room for one of them only.
        let p = problem(&[20.0, 8.0], 3);
        let report = run(&p, &plan(&[(3.0, &[0, 1], 0), (7.0, &[0, 1], 0)]));
        let s0 = case(&report, "S0");
        assert_eq!(s0.stranded, vec!["L1"]);
        assert_eq!(s0.lost_value, 10.0);
        assert_eq!(s0.lots[1].to.as_deref(), Some("S1"));
    }

    #[test]
    fn no_plan_no_cases() {
        let p = problem(&[10.0], 1);
        assert!(run(&p, &plan(&[])).failures.is_empty());
        assert!(run(&p, &plan(&[])).worst().is_none());
    }

    /// Every assignment of the failed supplier's lots to survivors (others fixed or moved),
    /// as a brute force: the largest value that can be saved.
    fn best_saved(p: &LotProblem, plan: &Solution, failed: usize) -> f64 {
        let n = p.suppliers.len();
        let lots: Vec<(f64, Vec<usize>)> = plan
            .lots
            .iter()
            .map(|l| {
                let b = l.credible_bidders.iter().map(|b| b[1..].parse::<usize>().unwrap()).filter(|&j| j != failed);
                (l.value, b.collect())
            })
            .collect();
        let own: Vec<bool> = plan.lots.iter().map(|l| l.award == format!("S{failed}")).collect();
        // Each lot: a supplier or (own lots only) none.
        fn go(
            i: usize,
            lots: &[(f64, Vec<usize>)],
            own: &[bool],
            load: &mut Vec<(f64, u32)>,
            p: &LotProblem,
        ) -> Option<f64> {
            let Some((value, bidders)) = lots.get(i) else { return Some(0.0) };
            let mut best = if own[i] { go(i + 1, lots, own, load, p) } else { None };
            for &j in bidders {
                if load[j].0 + value <= p.suppliers[j].capacity && load[j].1 < p.params.m {
                    load[j].0 += value;
                    load[j].1 += 1;
                    if let Some(v) = go(i + 1, lots, own, load, p) {
                        let v = v + if own[i] { *value } else { 0.0 };
                        best = Some(best.map_or(v, |b: f64| b.max(v)));
                    }
                    load[j].0 -= value;
                    load[j].1 -= 1;
                }
            }
            best
        }
        go(0, &lots, &own, &mut vec![(0.0, 0); n], p).unwrap_or(0.0)
    }

    #[test]
    fn matches_brute_force_on_random_plans() {
        let mut next = crate::plan::award::test_rng(0x9e37_79b9_7f4a_7c15);
        let mut stranded_cases = 0;
        for case in 0..400 {
            let suppliers = 2 + next(4) as usize;
            let m = 1 + next(3) as u32;
            let capacity: Vec<f64> = (0..suppliers).map(|_| (5 + next(20)) as f64).collect();
            let p = problem(&capacity, m);
            // A valid award first: each lot to a bidder with room, built lot by lot.
            let mut load = vec![(0.0, 0u32); suppliers];
            let mut lots: Vec<(f64, Vec<usize>, usize)> = Vec::new();
            for _ in 0..1 + next(6) {
                let value = (1 + next(8)) as f64;
                let bidders: Vec<usize> = (0..suppliers).filter(|&j| capacity[j] >= value && next(3) > 0).collect();
                let Some(&j) = bidders.iter().find(|&&j| load[j].0 + value <= capacity[j] && load[j].1 < m) else {
                    continue;
                };
                load[j].0 += value;
                load[j].1 += 1;
                lots.push((value, bidders, j));
            }
            let lots: Vec<(f64, &[usize], usize)> = lots.iter().map(|(v, b, j)| (*v, b.as_slice(), *j)).collect();
            let plan = plan(&lots);
            let report = run(&p, &plan);
            for f in &report.failures {
                let j: usize = f.failed[0][1..].parse().unwrap();
                assert!(!f.undecided);
                let saved = f.lost_value - f.stranded_value;
                assert_eq!(saved, best_saved(&p, &plan, j), "case {case}: failing S{j}: {f:?}");
                // The final award is valid: capacity, m and credibility, without the failed one.
                let mut award: HashMap<&str, &str> =
                    plan.lots.iter().map(|l| (l.id.as_str(), l.award.as_str())).collect();
                for r in &f.lots {
                    match &r.to {
                        Some(to) => award.insert(&r.lot, to),
                        None => award.remove(r.lot.as_str()),
                    };
                }
                for mv in &f.moved {
                    award.insert(&mv.lot, &mv.to);
                }
                let mut load: HashMap<&str, (f64, u32)> = HashMap::new();
                for l in &plan.lots {
                    let Some(&to) = award.get(l.id.as_str()) else { continue };
                    assert_ne!(to, f.failed[0], "case {case}");
                    assert!(
                        l.credible_bidders.iter().any(|b| b == to),
                        "case {case}: {to} is not credible for {}",
                        l.id
                    );
                    let e = load.entry(to).or_default();
                    e.0 += l.value;
                    e.1 += 1;
                }
                for (to, (v, n)) in load {
                    let s = p.suppliers.iter().find(|s| s.id == to).unwrap();
                    assert!(v <= s.capacity && n <= m, "case {case}: {to} over its limits");
                }
                stranded_cases += usize::from(!f.stranded.is_empty());
            }
        }
        assert!(stranded_cases > 20, "stranding is exercised: {stranded_cases}");
    }
}
