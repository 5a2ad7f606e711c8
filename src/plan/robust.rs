//! Robust lots: a plan that stays valid in every year of every scenario considered.
//!
//! A **case** is a scenario in one contract year ([`crate::model::projection::scenario_in_year`]).
//! [`check_plan`] keeps a plan's lots (the same groups of segments) and checks rules R1-R6 of
//! `LOT-MODEL.md` in each case: lot values and capacities are recomputed for the case, and
//! the award may be redone (R6 asks only that *some* valid award exists). It reports the case
//! that binds first: the earliest failing year (then scenario order), or, when every case
//! passes, the case with the least room for lots to grow.
//!
//! [`solve_robust`] sizes lots against the worst case. It lowers every case and builds one
//! **worst-case lot problem**: each segment at its largest value over the cases; each supplier
//! at its smallest capacity, eligible only where it is eligible in every case, and left out
//! if it is missing from any case; the tightest rules (largest `k` and `v_min`, smallest `m`
//! and `v_max`); adjacency only where every case has it. A plan for that problem is valid in
//! every case for R1-R3 and R5-R6 (values only fall and capacities only rise from the worst
//! case). R4's floor is the one rule that can break as values fall, so the worst case asks for
//! `v_min x r`, where `r` is the largest ratio of a segment's worst-case value to its value in
//! any case: a lot at least that large in the worst case is at least `v_min` in every case.
//! The solution is then checked case by case anyway, and the report names the binding case.

use crate::base::sort;
use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::base::error::{Issue, Issues};
use crate::model::projection::scenario_in_year;
use crate::model::Scenario;
use crate::plan::award::{self, Award};
use crate::plan::lower::lower;
use crate::plan::problem::{self, LotProblem, Params};
use crate::plan::solution::{Finding, Lever, Lot, Rule, Solution, Status};
use crate::plan::solver::{solve, Options};

/// Placements the award search may try for one case before it gives up (an award of a few
/// dozen lots takes a few dozen when one exists).
const AWARD_STEPS: usize = 200_000;

/// One scenario (by position in the list given) in one contract year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub scenario: usize,
    pub year: u32,
}

/// Every year of every scenario: `(0, 0), (0, 1), ..., (1, 0), ...`.
pub fn all_cases(scenarios: &[Scenario]) -> Vec<Case> {
    scenarios
        .iter()
        .enumerate()
        .flat_map(|(i, sc)| {
            (0..sc.service.contract_term_years.clamp(1, 15)).map(move |year| Case { scenario: i, year })
        })
        .collect()
}

/// A broken rule in one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: Rule,
    /// The lot at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    pub message: String,
}

/// The plan's lots checked in one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// The scenario's id.
    pub scenario: String,
    pub year: u32,
    pub calendar_year: i32,
    /// No rule broken.
    pub ok: bool,
    pub violations: Vec<Violation>,
    /// The lots with this case's values, credible bidders and (when R6 holds) an award.
    pub lots: Vec<Lot>,
    /// The least room any lot has to grow before it passes `v_max` or drops below `k`
    /// credible bidders, as a fraction of its value (0.05 = 5%); negative when a limit is
    /// already passed. `None` when there are no lots.
    pub headroom: Option<f64>,
    /// The lot with the least headroom and what limits it, in words.
    pub tightest: Option<String>,
}

/// Which case binds and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    pub scenario: String,
    pub year: u32,
    pub calendar_year: i32,
    /// True when the plan fails in this case; false when it holds everywhere and this is
    /// merely the tightest case.
    pub fails: bool,
    pub reason: String,
}

/// A plan checked against every case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustReport {
    pub cases: Vec<CaseResult>,
    pub binding: Option<Binding>,
}

impl RobustReport {
    /// True when the plan holds in every case.
    pub fn ok(&self) -> bool {
        self.cases.iter().all(|c| c.ok)
    }
}

/// A robust plan: the worst-case problem, its solution (lot values are worst-case values)
/// and the check of that solution in every case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustSolution {
    pub worst_case: LotProblem,
    pub solution: Solution,
    pub report: RobustReport,
}

/// Checks `plan`'s lots (segment groups) in every case. Errors only when a case's scenario is
/// invalid or a case names a scenario that is not in `scenarios`.
///
/// # Example
/// ```
/// use lotwise::{model::{Projection, Workspace}, plan::{robust, solver}};
/// let mut sc = Workspace::default_workspace().active_scenario().clone();
/// let plan = solver::solve(&lotwise::plan::lower::lower(&sc)?, &solver::Options::default());
/// sc.projection = Projection { demand_growth: 0.5, ..Projection::default() };
/// let cases = robust::all_cases(std::slice::from_ref(&sc));
/// let report = robust::check_plan(&plan, &[sc], &cases)?;
/// assert!(!report.ok());
/// assert!(report.binding.unwrap().fails);
/// # Ok::<_, lotwise::base::error::Issues>(())
/// ```
pub fn check_plan(plan: &Solution, scenarios: &[Scenario], cases: &[Case]) -> Result<RobustReport, Issues> {
    let problems = lower_cases(scenarios, cases)?;
    let results: Vec<CaseResult> = cases
        .iter()
        .zip(&problems)
        .map(|(case, p)| {
            let sc = &scenarios[case.scenario];
            let mut r = check_lots(plan, p);
            r.scenario = sc.id.clone();
            r.year = case.year;
            r.calendar_year = sc.service.base_year.saturating_add(case.year as i32);
            r
        })
        .collect();
    let binding = binding(&results);
    Ok(RobustReport { cases: results, binding })
}

/// Checks `plan`'s lots against one lot problem: R1-R5 directly, R6 by keeping the plan's
/// award when it still holds, else by solving for any valid award. The result's `scenario`,
/// `year` and `calendar_year` are left empty/zero for the caller to fill in.
/// Each authority's own number in the worst case of `problems`: `worst` of it over the cases
/// (its own there, or that case's rule for every authority, `plan`), for every authority any
/// case names in `own`.
fn worst_by_authority<T: Copy>(
    problems: &[LotProblem],
    own: impl Fn(&Params) -> &BTreeMap<String, T>,
    plan: impl Fn(&Params) -> T,
    worst: impl Fn(T, T) -> T,
) -> BTreeMap<String, T> {
    let names: BTreeSet<&String> = problems.iter().flat_map(|p| own(&p.params).keys()).collect_set();
    names
        .into_iter()
        .filter_map(|a| {
            let each = problems.iter().map(|p| own(&p.params).get(a).copied().unwrap_or_else(|| plan(&p.params)));
            Some((a.clone(), each.reduce(&worst)?))
        })
        .collect_map()
}

pub fn check_lots(plan: &Solution, problem: &LotProblem) -> CaseResult {
    let checker = Checker::new(problem);
    let mut violations = Vec::new();
    checker.r1(plan, &mut violations);
    let mut lots: Vec<Lot> = plan.lots.iter().map(|l| checker.lot(l, &mut violations)).collect();
    if violations.is_empty() {
        match checker.award(plan, &lots) {
            Ok(award) => {
                for (lot, to) in lots.iter_mut().zip(award) {
                    lot.award = to.first().cloned().unwrap_or_default();
                    lot.appointed = if to.len() > 1 { to } else { Vec::new() };
                }
            }
            Err(v) => violations.push(v),
        }
    }
    if !violations.is_empty() {
        for lot in &mut lots {
            lot.award.clear();
            lot.appointed.clear();
        }
    }
    let (headroom, tightest) = checker.headroom(&lots);
    CaseResult {
        scenario: String::new(),
        year: 0,
        calendar_year: 0,
        ok: violations.is_empty(),
        violations,
        lots,
        headroom,
        tightest,
    }
}

/// Sizes lots against the worst of `cases` (see the module docs), then checks them in every
/// case. Errors when a case's scenario is invalid or the cases do not share their segments.
pub fn solve_robust(scenarios: &[Scenario], cases: &[Case], options: &Options) -> Result<RobustSolution, Issues> {
    let problems = lower_cases(scenarios, cases)?;
    let worst = worst_case(&problems)?;
    let solution = match worst.validate() {
        Ok(()) => solve(&worst, options),
        Err(issues) => Solution::infeasible(vec![Finding {
            rule: Rule::R4,
            message: format!(
                "no lot value can satisfy every case: {}",
                issues.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; ")
            ),
            segments: Vec::new(),
            suppliers: Vec::new(),
            fix: "Widen the band of lot values (v_min to v_max), or consider fewer years or milder growth.".into(),
            levers: vec![Lever::SmallestLot, Lever::LargestLot],
        }]),
    };
    let report = if matches!(solution.status, Status::Optimal | Status::Feasible) {
        check_plan(&solution, scenarios, cases)?
    } else {
        RobustReport { cases: Vec::new(), binding: None }
    };
    Ok(RobustSolution { worst_case: worst, solution, report })
}

/// The worst-case lot problem over `problems` (see the module docs). Errors when the problems
/// do not have the same in-scope segments (same ids, areas, localities).
pub fn worst_case(problems: &[LotProblem]) -> Result<LotProblem, Issues> {
    let Some(base) = problems.first() else {
        return Err(Issues::one("cases", "no cases given; give at least one scenario and year"));
    };
    same_segments(problems)?;
    let mut segments = base.segments.clone();
    let mut ratio: f64 = 1.0;
    for s in &mut segments {
        let values: Vec<f64> = problems.iter().filter_map(|p| segment(p, &s.id)).map(|x| x.value).collect();
        let peak = values.iter().copied().fold(s.value, f64::max);
        let low = values.iter().copied().fold(s.value, f64::min);
        if !s.retained && low > 0.0 {
            ratio = ratio.max(peak / low);
        }
        s.value = peak;
        s.relevant_care = problems.iter().filter_map(|p| segment(p, &s.id)).any(|x| x.relevant_care);
    }
    let v_min = problems.iter().map(|p| p.params.v_min).fold(0.0, f64::max);
    let params = Params {
        v_min: (v_min * ratio).ceil(),
        v_max: problems.iter().map(|p| p.params.v_max).fold(f64::INFINITY, f64::min),
        k: problems.iter().map(|p| p.params.k).max().unwrap_or(1),
        m: problems.iter().map(|p| p.params.m).min().unwrap_or(1),
        mix_service_areas: problems.iter().all(|p| p.params.mix_service_areas),
        max_award_share: None,
        m_per_group: problems.iter().any(|p| p.params.m_per_group),
        within_authority: union(problems, |p| &p.params.within_authority),
        sme_open: union(problems, |p| &p.params.sme_open),
        sme_open_authorities: union(problems, |p| &p.params.sme_open_authorities),
        appointments: most_appointed(problems),
        k_by_authority: worst_by_authority(problems, |p| &p.k_by_authority, |p| p.k, u32::max),
        v_max_by_authority: worst_by_authority(problems, |p| &p.v_max_by_authority, |p| p.v_max, f64::min),
        // Scaled as the plan's smallest lot is (above), as the segments' values are.
        v_min_by_authority: worst_by_authority(problems, |p| &p.v_min_by_authority, |p| p.v_min, f64::max)
            .into_iter()
            .map(|(a, v)| (a, (v * ratio).ceil()))
            .collect_map(),
    };
    Ok(LotProblem {
        format_version: base.format_version,
        name: format!("{} (worst case of {} cases)", base.name, problems.len()),
        description: base.description.clone(),
        params,
        localities: base.localities.clone(),
        adjacency: common_edges(problems),
        service_areas: base.service_areas.clone(),
        segments,
        suppliers: weakest_suppliers(problems),
    })
}

fn lower_cases(scenarios: &[Scenario], cases: &[Case]) -> Result<Vec<LotProblem>, Issues> {
    let mut out = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let Some(sc) = scenarios.get(case.scenario) else {
            return Err(Issues::one(
                format!("cases[{n}].scenario"),
                format!("names scenario {}, but only {} were given", case.scenario, scenarios.len()),
            ));
        };
        let year_sc = scenario_in_year(sc, case.year);
        let p = lower(&year_sc).map_err(|e| {
            Issues(
                e.0.into_iter()
                    .map(|i| Issue::new(i.path, format!("in {:?} year {}: {}", sc.id, case.year, i.message)))
                    .collect(),
            )
        })?;
        out.push(p);
    }
    Ok(out)
}

fn segment<'p>(p: &'p LotProblem, id: &str) -> Option<&'p problem::Segment> {
    p.segments.iter().find(|s| s.id == id)
}

fn same_segments(problems: &[LotProblem]) -> Result<(), Issues> {
    let key = |p: &LotProblem| -> BTreeSet<(String, String, String, bool)> {
        p.segments.iter().map(|s| (s.id.clone(), s.service_area.clone(), s.locality.clone(), s.retained)).collect_set()
    };
    let base = key(&problems[0]);
    let mut issues = Vec::new();
    for (n, p) in problems.iter().enumerate().skip(1) {
        let other = key(p);
        if let Some(d) = other.symmetric_difference(&base).next() {
            issues.push(Issue::new(
                format!("cases[{n}]"),
                format!(
                    "segment {:?} differs from the first case ({} vs {}): robust lots need every case to cut the service the same way (same split, areas, localities and retained work)",
                    d.0, p.name, problems[0].name
                ),
            ));
        }
    }
    Issues::result(issues)
}

fn common_edges(problems: &[LotProblem]) -> Vec<(String, String)> {
    let edges = |p: &LotProblem| -> BTreeSet<(String, String)> {
        p.adjacency
            .iter()
            .map(|(a, b)| if a <= b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) })
            .collect_set()
    };
    let mut common = edges(&problems[0]);
    for p in &problems[1..] {
        let e = edges(p);
        common.retain(|x| e.contains(x));
    }
    common.into_iter().collect()
}

/// Suppliers present in every case, each at its smallest capacity and narrowest coverage.
fn weakest_suppliers(problems: &[LotProblem]) -> Vec<problem::Supplier> {
    let mut out = Vec::new();
    for s in &problems[0].suppliers {
        let all: Vec<&problem::Supplier> =
            problems.iter().filter_map(|p| p.suppliers.iter().find(|x| x.id == s.id)).collect();
        if all.len() < problems.len() {
            continue;
        }
        let keep = |list: fn(&problem::Supplier) -> &Vec<String>| -> Vec<String> {
            list(s).iter().filter(|x| all.iter().all(|o| list(o).contains(x))).cloned().collect()
        };
        out.push(problem::Supplier {
            capacity: all.iter().map(|x| x.capacity).fold(f64::INFINITY, f64::min),
            not_for_profit: all.iter().all(|x| x.not_for_profit),
            service_areas: keep(|x| &x.service_areas),
            localities: keep(|x| &x.localities),
            ..s.clone()
        });
    }
    out
}

/// The failing case with the earliest year (then scenario order), else the one with the
/// least headroom.
fn binding(results: &[CaseResult]) -> Option<Binding> {
    let make = |r: &CaseResult, fails: bool, reason: String| Binding {
        scenario: r.scenario.clone(),
        year: r.year,
        calendar_year: r.calendar_year,
        fails,
        reason,
    };
    if let Some(r) = results.iter().filter(|r| !r.ok).min_by_key(|r| r.year) {
        let first = r.violations.first().map(|v| format!("{}: {}", v.rule, v.message)).unwrap_or_default();
        return Some(make(r, true, first));
    }
    let tight = results
        .iter()
        .filter(|r| r.headroom.is_some())
        .min_by(|a, b| a.headroom.unwrap_or(0.0).total_cmp(&b.headroom.unwrap_or(0.0)))?;
    Some(make(tight, false, tight.tightest.clone().unwrap_or_default()))
}

/// Rules R1-R6 over strings, for fixed lots.
struct Checker<'p> {
    p: &'p LotProblem,
    segs: HashMap<&'p str, &'p problem::Segment>,
    adjacent: BTreeMap<&'p str, BTreeSet<&'p str>>,
    /// Each lot's k and largest value where authorities set their own ([`LotProblem::lot_rules`]).
    rules: problem::LotRules<'p>,
    /// The segments whose lots must have a credible SME bidder ([`LotProblem::sme_needed`]).
    sme_need: HashSet<&'p str>,
}

impl<'p> Checker<'p> {
    fn new(p: &'p LotProblem) -> Checker<'p> {
        let mut adjacent: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (a, b) in &p.adjacency {
            adjacent.entry(a).or_default().insert(b);
            adjacent.entry(b).or_default().insert(a);
        }
        let sme_need = p.segments.iter().zip(p.sme_needed()).filter(|(_, n)| *n).map(|(s, _)| s.id.as_str()).collect();
        Checker {
            p,
            segs: p.segments.iter().map(|s| (s.id.as_str(), s)).collect(),
            adjacent,
            rules: p.lot_rules(),
            sme_need,
        }
    }

    fn r1(&self, plan: &Solution, out: &mut Vec<Violation>) {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for lot in &plan.lots {
            for s in &lot.segments {
                *count.entry(s.as_str()).or_default() += 1;
                match self.segs.get(s.as_str()) {
                    None => out.push(v(Rule::R1, lot, format!("holds segment {s:?}, which this case does not have"))),
                    Some(seg) if seg.retained => out.push(v(
                        Rule::R1,
                        lot,
                        format!("holds segment {s:?}, which is retained in-house in this case"),
                    )),
                    _ => {}
                }
            }
        }
        for s in self.p.in_scope() {
            match count.get(s.id.as_str()).copied().unwrap_or(0) {
                0 => out.push(Violation {
                    rule: Rule::R1,
                    lot: None,
                    message: format!("segment {} ({}) is in no lot", s.id, crate::base::money::gbp(s.value)),
                }),
                1 => {}
                n => out.push(Violation {
                    rule: Rule::R1,
                    lot: None,
                    message: format!("segment {} is in {n} lots", s.id),
                }),
            }
        }
    }

    /// The lot recomputed for this case, checking R2-R5.
    fn lot(&self, lot: &Lot, out: &mut Vec<Violation>) -> Lot {
        let segs: Vec<&problem::Segment> =
            lot.segments.iter().filter_map(|s| self.segs.get(s.as_str()).copied()).collect();
        let value: f64 = segs.iter().map(|s| s.value).sum();
        let prm = &self.p.params;
        let areas: BTreeSet<&str> = segs.iter().map(|s| s.service_area.as_str()).collect_set();
        if !prm.mix_service_areas && areas.len() > 1 {
            out.push(v(Rule::R2, lot, format!("mixes service areas {}", join(&areas))));
        } else if segs.iter().any(|s| self.p.lot_key(s) != self.p.lot_key(segs[0])) {
            let authorities: BTreeSet<&str> = segs.iter().filter_map(|s| s.authority.as_deref()).collect_set();
            out.push(v(Rule::R2, lot, format!("crosses authority borders ({})", join(&authorities))));
        }
        let localities: BTreeSet<&str> = segs.iter().map(|s| s.locality.as_str()).collect_set();
        if !self.connected(&localities) {
            out.push(v(Rule::R3, lot, format!("its localities {} are not connected", join(&localities))));
        }
        let (v_min, v_max) = (self.rules.v_min(&lot.segments), self.rules.v_max(&lot.segments));
        if value > v_max {
            out.push(v(
                Rule::R4,
                lot,
                format!(
                    "is worth {}, above v_max {} by {}",
                    crate::base::money::gbp(value),
                    crate::base::money::gbp(v_max),
                    crate::base::money::gbp(value - v_max)
                ),
            ));
        } else if value < v_min {
            out.push(v(
                Rule::R4,
                lot,
                format!("is worth {}, below v_min {}", crate::base::money::gbp(value), crate::base::money::gbp(v_min)),
            ));
        }
        let appoint = self.appointments(&segs);
        let share = value / appoint as f64;
        let credible: Vec<String> =
            self.eligible(&segs).filter(|j| j.capacity >= share).map(|j| j.id.clone()).collect();
        let independent = self.p.independent_count(&credible);
        let k = self.rules.k(&lot.segments);
        let needed = k.max(appoint);
        if (independent as u32) < needed {
            let groups =
                if independent < credible.len() { format!(", {independent} independent") } else { String::new() };
            out.push(v(
                Rule::R5,
                lot,
                format!(
                    "is worth {} and has {} credible bidder{} ({}){groups}, {}",
                    crate::base::money::gbp(value),
                    credible.len(),
                    if credible.len() == 1 { "" } else { "s" },
                    if credible.is_empty() { "none".to_string() } else { credible.join(", ") },
                    if appoint > k {
                        format!("it appoints {appoint} providers, so needs {appoint} (k = {k})")
                    } else {
                        format!("k = {k}")
                    }
                ),
            ));
        } else if !self.p.sme_open_met(
            segs.iter().any(|s| self.sme_need.contains(s.id.as_str())),
            credible.iter().map(String::as_str),
        ) {
            out.push(v(
                Rule::R5,
                lot,
                format!(
                    "is worth {} and none of its credible bidders is an SME, but its lots must be open to one",
                    crate::base::money::gbp(value)
                ),
            ));
        }
        Lot {
            id: lot.id.clone(),
            segments: lot.segments.clone(),
            value,
            localities: localities.iter().map(|s| s.to_string()).collect(),
            independent_bidders: self.p.independent_bidders(&credible),
            credible_bidders: credible,
            award: lot.award.clone(),
            appointed: lot.appointed.clone(),
        }
    }

    /// The providers a lot of `segs` appoints (the most any of them asks for).
    fn appointments(&self, segs: &[&problem::Segment]) -> u32 {
        segs.iter().map(|s| self.p.appointments(s)).max().unwrap_or(1)
    }

    fn eligible<'a>(&'a self, segs: &'a [&'p problem::Segment]) -> impl Iterator<Item = &'p problem::Supplier> + 'a {
        self.p.suppliers.iter().filter(move |j| segs.iter().all(|s| LotProblem::eligible(j, s)))
    }

    fn connected(&self, localities: &BTreeSet<&str>) -> bool {
        let Some(start) = localities.iter().next() else {
            return true;
        };
        let mut seen = std::iter::once(*start).collect_set();
        let mut queue = VecDeque::from([*start]);
        while let Some(l) = queue.pop_front() {
            for n in self.adjacent.get(l).into_iter().flatten() {
                if localities.contains(n) && seen.insert(*n) {
                    queue.push_back(*n);
                }
            }
        }
        seen.len() == localities.len()
    }

    /// An award for `lots` (R6), the providers of each: the plan's own when it still holds,
    /// else any valid one.
    fn award(&self, plan: &Solution, lots: &[Lot]) -> Result<Vec<Vec<String>>, Violation> {
        let given: Vec<Vec<String>> =
            plan.lots.iter().map(|l| l.appointees().into_iter().map(str::to_string).collect()).collect();
        if self.award_holds(lots, &given) {
            return Ok(given);
        }
        let suppliers = &self.p.suppliers;
        let index: HashMap<&str, usize> = suppliers.iter().enumerate().map(|(i, j)| (j.id.as_str(), i)).collect();
        let places: Vec<u32> = lots.iter().map(|l| self.appointments_of(l)).collect();
        let to_award = award::places(lots.iter().zip(&places).map(|(l, &n)| {
            (l.value, l.credible_bidders.iter().filter_map(|id| index.get(id.as_str()).copied()).collect(), n)
        }));
        let capacity: Vec<f64> = suppliers.iter().map(|j| j.capacity).collect();
        let violation = |message: String| Violation { rule: Rule::R6, lot: None, message };
        let (of, n) = self.p.award_slots();
        let slots = award::Slots::shared(of, n, self.p.params.m);
        match award::find_within(&to_award, &capacity, &slots, None, AWARD_STEPS) {
            Award::Found(award) => Ok(award::by_lot(&award, places)
                .unwrap_or_default()
                .into_iter()
                .map(|to| to.into_iter().map(|j| suppliers[j].id.clone()).collect())
                .collect()),
            Award::Impossible => Err(violation(format!(
                "no award exists: the lots cannot be shared among their credible bidders within each one's capacity and at most m = {} lots each",
                self.p.params.m
            ))),
            Award::Undecided => Err(violation("could not decide in the time allowed whether an award exists".into())),
        }
    }

    /// The providers lot `l` of this case appoints.
    fn appointments_of(&self, l: &Lot) -> u32 {
        let segs: Vec<&problem::Segment> =
            l.segments.iter().filter_map(|s| self.segs.get(s.as_str()).copied()).collect();
        self.appointments(&segs)
    }

    fn award_holds(&self, lots: &[Lot], award: &[Vec<String>]) -> bool {
        let mut load: HashMap<&str, (f64, u32)> = HashMap::new();
        let (of, _) = self.p.award_slots();
        let mut per_slot: HashMap<usize, u32> = HashMap::new();
        for (lot, to) in lots.iter().zip(award) {
            let n = self.appointments_of(lot) as usize;
            let distinct: BTreeSet<&String> = to.iter().collect_set();
            if to.len() != n || distinct.len() != n {
                return false;
            }
            for a in to {
                if !lot.credible_bidders.contains(a) {
                    return false;
                }
                let e = load.entry(a.as_str()).or_default();
                e.0 += lot.value / n as f64;
                e.1 += 1;
                if let Some(j) = self.p.suppliers.iter().position(|j| j.id == *a) {
                    *per_slot.entry(of[j]).or_default() += 1;
                }
            }
        }
        per_slot.values().all(|&n| n <= self.p.params.m)
            && load.iter().all(|(id, (total, n))| {
                *n <= self.p.params.m
                    && self.p.suppliers.iter().any(|j| j.id == *id && j.capacity >= *total - award::TOLERANCE)
            })
    }

    /// The least room to grow over the lots, and which lot has it.
    fn headroom(&self, lots: &[Lot]) -> (Option<f64>, Option<String>) {
        let mut best: Option<(f64, String)> = None;
        for lot in lots {
            let segs: Vec<&problem::Segment> =
                lot.segments.iter().filter_map(|s| self.segs.get(s.as_str()).copied()).collect();
            // A framework lot's bidders need room for a share of it: n times their capacity.
            let n = self.appointments(&segs) as f64;
            let mut caps: Vec<(f64, &str)> = self.eligible(&segs).map(|j| (j.capacity * n, j.id.as_str())).collect();
            sort::by(&mut caps, |a, b| b.0.total_cmp(&a.0));
            let k = self.rules.k(&lot.segments).max(n as u32).max(1) as usize;
            let v_max = self.rules.v_max(&lot.segments);
            let (limit, why) = match caps.get(k - 1) {
                Some((c, id)) if *c < v_max => {
                    (*c, format!("its bidder number {k} ({id}, capacity {})", crate::base::money::gbp(*c / n)))
                }
                Some(_) => (v_max, format!("v_max {}", crate::base::money::gbp(v_max))),
                None => (0.0, format!("fewer than k = {k} eligible suppliers")),
            };
            if lot.value <= 0.0 {
                continue;
            }
            let room = (limit - lot.value) / lot.value;
            if best.as_ref().is_none_or(|b| room < b.0) {
                let text = if room >= 0.0 {
                    format!(
                        "lot {} ({}) can grow {:.1}% before it reaches {why}",
                        lot.id,
                        crate::base::money::gbp(lot.value),
                        room * 100.0
                    )
                } else {
                    format!("lot {} ({}) is past {why}", lot.id, crate::base::money::gbp(lot.value))
                };
                best = Some((room, text));
            }
        }
        match best {
            Some((r, t)) => (Some(r), Some(t)),
            None => (None, None),
        }
    }
}

fn v(rule: Rule, lot: &Lot, message: String) -> Violation {
    Violation { rule, lot: Some(lot.id.clone()), message: format!("lot {} {message}", lot.id) }
}

/// The areas named by any of `problems` in the list `of` picks, sorted, each once.
fn union(problems: &[LotProblem], of: impl Fn(&LotProblem) -> &Vec<String>) -> Vec<String> {
    problems.iter().flat_map(|p| of(p).iter().cloned()).collect_set().into_iter().collect()
}

/// For each service area any case names, the most providers its lots appoint in any case.
fn most_appointed(problems: &[LotProblem]) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for (a, &n) in problems.iter().flat_map(|p| &p.params.appointments) {
        let e = out.entry(a.clone()).or_insert(n);
        *e = (*e).max(n);
    }
    out
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}
