//! The lot solver: fewest lots, then the thickest thinnest competition (LOT-MODEL.md).
//!
//! Method (exact):
//! 1. **Enumerate** every feasible lot of each group of segments that may share a lot (one
//!    group per service area unless areas may mix): connected, within `[v_min, v_max]`, with at
//!    least `k` credible bidders ([`enumerate`]).
//! 2. **Partition** each group with as few lots as possible: an exact cover search, pruned
//!    and guided by segment weights from the linear relaxation ([`dual`]) when it does not
//!    finish at once (an integer program only as a last resort, [`milp`]); then raise the
//!    thinnest competition `t` by binary search: the largest `t` for which lots with at least
//!    `t` credible bidders still cover the group in that many lots.
//!    Without rule R6 the groups are independent, so this is the exact optimum of a relaxation.
//! 3. **Award** (R6): if the relaxed optimum can be awarded within every supplier's capacity
//!    and lot limit, it is optimal for the full problem. Otherwise solve the joint program
//!    with award variables over all groups.
//!
//! When a group has too many possible lots to list (tiers and functions multiply them), that
//! group is planned by large-neighbourhood search instead ([`search`]): a quick valid plan
//! within moments, then moves that merge, dissolve and exactly re-plan small regions of
//! neighbouring lots. Its lower bound comes from [`bound`] (capacity shares over the pieces of
//! the "could share a lot" graph), so the answer says how far from best it can be at most.
//!
//! Every solve starts with that quick plan for every group, so a valid plan is known (and
//! reported through [`Options::progress`]) long before the exact method finishes.
//!
//! Every answer is deterministic for a given time limit: segments and suppliers are ordered by
//! id before solving.

/// Prints a line on stderr when the `LOTWISE_TRACE` environment variable is set (never in the
/// browser, which has no environment): how a solve spent its time, for tuning.
macro_rules! trace {
    ($($arg:tt)*) => {
        if std::env::var_os("LOTWISE_TRACE").is_some() {
            eprintln!($($arg)*);
        }
    };
}

mod bound;
mod diagnose;
mod dual;
mod enumerate;
mod greedy;
mod heuristic;
mod market;
mod milp;
mod prepared;
mod search;
mod squeeze;

use crate::base::sort;
use crate::base::text::plural;
use std::rc::Rc;
use std::time::Duration;

use web_time::Instant;

use crate::plan::problem::LotProblem;
use crate::plan::solution::{Finding, Lot, Phase, Solution, SolveStats, Status};
use enumerate::{Candidate, Enumerator, Limits, Stopped};
use market::{Holders, Market};
use milp::{Outcome, Plan};
use prepared::Prepared;
use search::Search;

/// Hears of each better plan while a solve runs: a valid plan (status `feasible`) with its
/// lower bound, so a person can watch the gap close and stop when it is good enough.
pub type OnProgress = Rc<dyn Fn(&Solution)>;

/// Hears what the solver is doing at each step, from its first moment (before any plan exists).
pub type OnPhase = Rc<dyn Fn(&Phase)>;

/// How long and how hard to try.
#[derive(Clone)]
pub struct Options {
    /// Wall-clock budget for the whole solve.
    pub time_limit: Duration,
    /// List at most this many possible lots in all; groups of segments beyond it are planned
    /// by search instead of exactly.
    pub max_candidates: usize,
    /// Called with each better plan found during the solve.
    pub progress: Option<OnProgress>,
    /// Called as the solve moves from one step to the next (the first call comes at once).
    pub phase: Option<OnPhase>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("time_limit", &self.time_limit)
            .field("max_candidates", &self.max_candidates)
            .field("progress", &self.progress.is_some())
            .field("phase", &self.phase.is_some())
            .finish()
    }
}

impl Default for Options {
    fn default() -> Self {
        Options { time_limit: Duration::from_secs(30), max_candidates: 400_000, progress: None, phase: None }
    }
}

/// Solves a validated lot problem.
///
/// # Example
/// ```
/// use lotwise::plan::{problem::LotProblem, solver, solution::Status};
/// let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 2},
///   "localities": ["A", "B"], "adjacency": [["A", "B"]], "service_areas": [{"code": "F"}],
///   "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
///                {"id": "F-B", "service_area": "F", "locality": "B", "value": 5}],
///   "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B"]}]}"#;
/// let problem = LotProblem::from_json(text)?;
/// let solution = solver::solve(&problem, &solver::Options::default());
/// assert_eq!(solution.status, Status::Optimal);
/// assert_eq!(solution.num_lots, Some(1));
/// # Ok::<_, lotwise::base::error::Issues>(())
/// ```
pub fn solve(problem: &LotProblem, options: &Options) -> Solution {
    let started = Instant::now();
    let mut run = Run::new(problem, options, started);
    let mut solution = run.solve();
    solution.stats = Some(run.stats());
    solution
}

/// Possible lots any one block may list, at least, before it is left to search.
const BLOCK_CANDIDATES: usize = 100_000;

/// Listing possible lots may take at most this share of the time limit, so that blocks left
/// to search still get time (listing is far slower in unoptimised and size-optimised builds).
const LISTING_SHARE: f64 = 0.4;
/// Sets a block's listing may visit per lot it may list: where `v_min` is small nearly every
/// set is a lot; under a large one most are not, and one block would take the listing's time.
const LISTING_STEPS_PER_LOT: u64 = 10;

/// Alternative quick plans are tried for at most this share of the time limit; past it, each
/// block keeps its first valid one, so the first plan is reported early on large problems.
const QUICK_SHARE: f64 = 0.05;

/// Rounds of award-aware repair: award every lot afresh, then re-plan those left without one.
const AWARD_ROUNDS: usize = 12;
/// Passes over the searched blocks when they share a market (award-aware search): measured on
/// `R-1`, two passes end 15-20 lots below one, and three or four no lower than two.
const SEARCH_PASSES: u32 = 2;
/// Extra rounds over the searched blocks with regions one more doubling larger each, while time
/// is left once they all stopped.
const EXTRA_WIDENINGS: u32 = 2;
/// Those extra rounds run only while at least this share of the time limit is left.
const LEFT_OVER_SHARE: f64 = 0.05;

const METHOD_EXACT: &str = "lot enumeration + exact cover (dancing links) pruned by the linear relaxation (microlp)";
const METHOD_SEARCH: &str =
    "large-neighbourhood search (merge, dissolve, squeeze, exact region re-plans) with capacity-share lower bounds";
const METHOD_HYBRID: &str =
    "lot enumeration + exact cover pruned by the linear relaxation where lots can be listed; large-neighbourhood search with capacity-share lower bounds elsewhere";

struct Run<'p> {
    prep: Prepared<'p>,
    options: &'p Options,
    started: Instant,
    deadline: Instant,
    cands: Vec<Candidate>,
    /// Candidate indices of each block (empty for blocks too large to list).
    block_cols: Vec<Vec<usize>>,
    /// Whether every possible lot of each block was listed.
    listed: Vec<bool>,
    blocks: Vec<Vec<usize>>,
    /// Lower bound on each block's lots that needs no listing ([`bound::lots`]).
    bounds: Vec<u32>,
    /// Upper bound on each block's thinnest competition ([`bound::thinnest`]).
    t_caps: Vec<u32>,
    /// The best plan found so far for each block, if any (lots with R2-R5 kept).
    plans: Vec<Option<Vec<Candidate>>>,
    /// Other valid plans of each block from the quick start, tried when the best cannot be
    /// awarded (R6).
    alternatives: Vec<Vec<Vec<Candidate>>>,
    milp_solves: usize,
    /// False once any step was cut short by the time limit.
    proven: bool,
    /// The last plan reported through [`Options::progress`].
    reported: Option<Reported>,
    /// Award-aware search (R6 kept by every move): the room the running award of every
    /// block's plan leaves; `None` while the award is left to the end.
    market: Option<Market>,
    /// The running award of each block's plan (each lot's holders), kept with `market`.
    awards: Vec<Vec<Holders>>,
}

/// The best plan of one block (or of all blocks jointly).
struct Best {
    plan: Plan,
    lots: u32,
    t: u32,
    /// A proven lower bound on the number of lots.
    bound: u32,
}

/// What is known about one block once it has been solved or searched.
struct BlockResult {
    lots: Vec<Candidate>,
    /// Lower bound on its lots.
    bound: u32,
    /// Upper bound on its thinnest competition given as few lots as `lots`.
    t_cap: u32,
}

/// True when plan `a` (lots, thinnest) is better than `b` under the lexicographic objective.
fn better(a: (u32, u32), b: (u32, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 > b.1)
}

fn score(lots: &[Candidate]) -> (u32, u32) {
    (lots.len() as u32, lots.iter().map(|l| l.bidders).min().unwrap_or(0))
}

impl<'p> Run<'p> {
    fn new(problem: &'p LotProblem, options: &'p Options, started: Instant) -> Run<'p> {
        let prep = Prepared::new(problem);
        let blocks = prep.blocks();
        Run {
            prep,
            options,
            started,
            deadline: started + options.time_limit,
            cands: Vec::new(),
            block_cols: Vec::new(),
            listed: Vec::new(),
            blocks,
            bounds: Vec::new(),
            t_caps: Vec::new(),
            plans: Vec::new(),
            alternatives: Vec::new(),
            milp_solves: 0,
            proven: true,
            reported: None,
            market: None,
            awards: Vec::new(),
        }
    }

    fn stats(&self) -> SolveStats {
        let method = match (self.listed.iter().all(|&l| l), self.listed.iter().any(|&l| l)) {
            (true, _) => METHOD_EXACT,
            (false, true) => METHOD_HYBRID,
            (false, false) => METHOD_SEARCH,
        };
        SolveStats {
            segments_in_scope: self.prep.len(),
            // Not `cands`: it holds only the plan's lots once a searched plan is awarded.
            candidate_lots: self.block_cols.iter().map(Vec::len).sum(),
            subproblems: self.milp_solves,
            seconds: self.started.elapsed().as_secs_f64(),
            method: method.into(),
            parts: 0,
        }
    }

    /// The limits of block `b`'s lots: `v_min` is its authorities' own where larger (every
    /// segment of a block agrees; [`Prepared::v_min_of`]); `v_max` and `k` are the plan's, with
    /// each segment's own applied where lots are checked ([`Prepared::v_max`], [`Prepared::needed`]).
    fn limits(&self, b: usize) -> Limits {
        self.limits_of(&self.blocks[b])
    }

    fn limits_of(&self, block: &[usize]) -> Limits {
        let p = &self.prep.problem.params;
        Limits { v_min: self.prep.v_min_of(block), v_max: p.v_max, k: self.prep.k_most() }
    }

    fn solve(&mut self) -> Solution {
        if self.prep.len() == 0 {
            return Solution {
                status: Status::Optimal,
                num_lots: Some(0),
                min_credible_bidders: None,
                lots: Vec::new(),
                lower_bound: Some(0),
                diagnosis: Vec::new(),
                stats: None,
            };
        }
        // A segment that breaks the rules even alone proves there is no plan at all.
        let alone = diagnose::segments_alone(self);
        if !alone.is_empty() {
            return Solution::infeasible(alone);
        }
        // So does work that no whole number of lots within the band of lot values can divide.
        let short = diagnose::no_lots_fit(self);
        if !short.is_empty() {
            return Solution::infeasible(short);
        }
        self.phase(format!(
            "Finding a first plan: growing lots in {} of {} segments in scope",
            plural(self.blocks.len(), "group", "groups"),
            self.prep.len()
        ));
        self.awards = vec![Vec::new(); self.blocks.len()];
        self.bounds = self.blocks.iter().map(|b| bound::lots(&self.prep, b, self.limits_of(b))).collect();
        self.t_caps = self.blocks.iter().map(|b| bound::thinnest(&self.prep, b)).collect();
        // Nor is there one when the market is too small for the work, or for the lots it needs.
        let short = diagnose::market_short(self);
        if !short.is_empty() {
            return Solution::infeasible(short);
        }
        // 1. A quick valid plan for every block, reported at once.
        let enough = self.started + self.options.time_limit.mul_f64(QUICK_SHARE);
        self.alternatives = self
            .blocks
            .iter()
            .map(|b| Search::starts(&self.prep, b, self.limits_of(b), enough, self.deadline))
            .collect();
        self.plans = self.alternatives.iter().map(|alts| alts.first().cloned()).collect();
        trace!(
            "quick plans {:?} bounds {:?} t_caps {:?} at {:.2}s",
            self.plans.iter().map(|p| p.as_ref().map(|l| score(l))).collect::<Vec<_>>(),
            self.bounds,
            self.t_caps,
            self.started.elapsed().as_secs_f64()
        );
        self.report_plans();
        // If those plans cannot be awarded (R6), search award-aware from here on.
        if self.plans.iter().all(Option::is_some) {
            let lots: Vec<Candidate> = self.plans.iter().flatten().flatten().cloned().collect();
            let all: Vec<usize> = (0..lots.len()).collect();
            if milp::quick_award(&self.prep, &lots, &all).is_none() {
                self.phase(
                    "The first plan cannot be awarded within the suppliers' capacity and lot limits (R6): \
                     moving other lots away from the suppliers these lots need, and re-planning the lots \
                     whose credible bidders have no room left"
                        .into(),
                );
                self.make_awardable(self.deadline);
            }
        }
        // 2. List every possible lot of each block, while the budget lasts.
        self.phase("Listing every possible lot of each group, where there are not too many".into());
        let stop = self.enumerate();
        if self.listed.iter().all(|&l| l) {
            self.exact()
        } else {
            self.hybrid(stop)
        }
    }

    /// Lists every possible lot of each block in turn while the candidate budget and the time
    /// last; blocks past the budget are left to search. Returns why listing stopped, if it did.
    fn enumerate(&mut self) -> Option<Stopped> {
        let mut stop = None;
        // One block may use the whole budget, but then the rest get none: a block's fair share
        // or a generous fixed amount, whichever is more.
        let per_block = (self.options.max_candidates / self.blocks.len().max(1)).max(BLOCK_CANDIDATES);
        let until = self.started + self.options.time_limit.mul_f64(LISTING_SHARE);
        for block in &self.blocks {
            let room = self.options.max_candidates.saturating_sub(self.cands.len()).min(per_block);
            let t0 = Instant::now();
            let found = Enumerator::new(&self.prep, self.limits_of(block))
                .max_candidates(room)
                .max_steps(LISTING_STEPS_PER_LOT * room as u64)
                .deadline(Some(until))
                .run(block);
            trace!(
                "listing block of {} segments: {:?} in {:.3}s",
                block.len(),
                found.as_ref().map(Vec::len).map_err(|e| *e),
                t0.elapsed().as_secs_f64()
            );
            match found {
                Ok(found) => {
                    let start = self.cands.len();
                    self.cands.extend(found);
                    self.block_cols.push((start..self.cands.len()).collect());
                    self.listed.push(true);
                }
                Err(s) => {
                    let total = self.cands.len();
                    stop.get_or_insert(match s {
                        Stopped::TooMany { found } => Stopped::TooMany { found: found + total },
                        Stopped::OutOfTime { found } => Stopped::OutOfTime { found: found + total },
                    });
                    self.block_cols.push(Vec::new());
                    self.listed.push(false);
                }
            }
        }
        stop
    }

    /// Every block listed: the exact method.
    fn exact(&mut self) -> Solution {
        let mut relaxed = Vec::new();
        let mut impossible = Vec::new();
        for b in 0..self.blocks.len() {
            match self.best_block(b) {
                Ok(best) => relaxed.push(best),
                Err(None) => return self.out_of_time(),
                Err(Some(())) => impossible.push(b),
            }
        }
        if !impossible.is_empty() {
            // Say why for every group that fails, most useful change first.
            let mut findings: Vec<Finding> = impossible.iter().flat_map(|&b| diagnose::partition(self, b)).collect();
            if let Some(overall) = diagnose::lower_k(self, &findings) {
                findings.insert(0, overall);
            }
            return Solution::infeasible(findings);
        }
        let lower_bound: u32 = relaxed.iter().zip(&self.bounds).map(|(b, &v)| b.bound.max(v)).sum();
        let t_relaxed = relaxed.iter().map(|b| b.t).min().unwrap_or(0);
        let lots: Vec<usize> = relaxed.iter().flat_map(|b| b.plan.lots.iter().copied()).collect();
        // Where the exact method was cut short, a block's searched plan may be better.
        if !self.proven {
            let exact: Vec<Candidate> = lots.iter().map(|&l| self.cands[l].clone()).collect();
            if self.plans.iter().all(Option::is_some) {
                let searched: Vec<Candidate> = self.plans.iter().flatten().flatten().cloned().collect();
                if better(score(&searched), score(&exact)) {
                    return self.award_and_finish(searched, lower_bound, None);
                }
            }
        }
        self.milp_solves += 1;
        match milp::award(&self.prep, &self.cands, &lots, self.deadline) {
            Outcome::Proven(award) | Outcome::Unproven(award) => {
                let plan = Plan { lots, award: Some(award) };
                self.finish(&plan, lower_bound)
            }
            Outcome::Infeasible => self.joint(lower_bound, t_relaxed),
            Outcome::OutOfTime => self.out_of_time(),
        }
    }

    /// Some blocks too large to list: exact where listed, search elsewhere, each block in
    /// turn with a fair share of the time left.
    fn hybrid(&mut self, stop: Option<Stopped>) -> Solution {
        let n = self.blocks.len();
        self.phase(format!(
            "Improving the plan: exact where possible lots could be listed, large-neighbourhood search elsewhere{}",
            if self.market.is_some() { ", keeping every lot awarded (R6)" } else { "" }
        ));
        let mut results: Vec<Option<BlockResult>> = Vec::with_capacity(n);
        // Award-aware, blocks share the market: a block searched early met the others' first
        // plans, which hold more lots and so more of the suppliers' room than they do once
        // searched. Searched blocks then get more passes, sharing the rest of the time.
        let passes = if self.market.is_some() && self.listed.iter().any(|&l| !l) { SEARCH_PASSES } else { 1 };
        let started = Instant::now();
        let first_pass_end = started + self.deadline.saturating_duration_since(started) / passes;
        for b in 0..n {
            let now = Instant::now();
            let share = first_pass_end.saturating_duration_since(now) / (n - b) as u32;
            let until = now + share;
            let mut result =
                self.plans[b].clone().map(|lots| BlockResult { lots, bound: self.bounds[b], t_cap: self.t_caps[b] });
            if self.listed[b] {
                let (deadline, proven) = (self.deadline, self.proven);
                self.deadline = until;
                self.proven = true;
                let exact = self.best_block(b);
                let block_proven = self.proven;
                self.deadline = deadline;
                self.proven = proven;
                match exact {
                    Ok(best) => {
                        let lots: Vec<Candidate> = best.plan.lots.iter().map(|&l| self.cands[l].clone()).collect();
                        let bound = best.bound.max(self.bounds[b]);
                        let t_cap = if block_proven { best.t } else { self.t_cap_with(b, best.lots) };
                        let keep_search = result.as_ref().is_some_and(|r| better(score(&r.lots), score(&lots)));
                        // Award-aware, the exact plan replaces the block's only if it can be awarded.
                        let exact = match (keep_search, self.market.is_some()) {
                            (true, _) => None,
                            (false, true) => self.adopt_awarded(b, lots),
                            (false, false) => Some(lots),
                        };
                        result = Some(match (result, exact) {
                            (_, Some(lots)) => BlockResult { lots, bound, t_cap },
                            (Some(r), None) => BlockResult { bound, t_cap, ..r },
                            (None, None) => return self.no_plan(diagnose::time_limit(self), None),
                        });
                    }
                    Err(Some(())) => {
                        let mut findings = diagnose::partition(self, b);
                        if let Some(overall) = diagnose::lower_k(self, &findings) {
                            findings.insert(0, overall);
                        }
                        return Solution::infeasible(findings);
                    }
                    Err(None) => {}
                }
            } else if let Some(lots) = self.plans[b].take() {
                result = Some(self.search_block(b, lots, until, 0));
            }
            trace!(
                "block {b} listed={} segs={} -> {:?} at {:.2}s",
                self.listed[b],
                self.blocks[b].len(),
                result.as_ref().map(|r| (score(&r.lots), r.bound, r.t_cap)),
                self.started.elapsed().as_secs_f64()
            );
            self.plans[b] = result.as_ref().map(|r| r.lots.clone());
            results.push(result);
            self.report_plans();
        }
        let searched: Vec<usize> = (0..n).filter(|&b| !self.listed[b]).collect();
        for pass in 1..passes {
            if results.iter().any(Option::is_none) {
                break;
            }
            let pass_end = Instant::now() + self.deadline.saturating_duration_since(Instant::now()) / (passes - pass);
            self.search_round(&searched, pass_end, 0, &mut results);
        }
        // Time left over once every searched block stopped with nothing more to try: again,
        // with larger regions, for the blocks above their bound.
        for wider in 1..=EXTRA_WIDENINGS {
            if results.iter().any(Option::is_none) {
                break;
            }
            let open: Vec<usize> = searched
                .iter()
                .copied()
                .filter(|&b| results[b].as_ref().is_some_and(|r| (r.lots.len() as u32) > r.bound))
                .collect();
            let left = self.deadline.saturating_duration_since(Instant::now());
            if open.is_empty() || left < self.options.time_limit.mul_f64(LEFT_OVER_SHARE) {
                break;
            }
            self.search_round(&open, self.deadline, wider, &mut results);
        }
        let finding = stop.map_or_else(|| diagnose::time_limit(self), |s| diagnose::too_large(self, s));
        if results.iter().any(Option::is_none) {
            let bound: u32 = results.iter().zip(&self.bounds).map(|(r, &v)| r.as_ref().map_or(v, |r| r.bound)).sum();
            let unplanned: Vec<usize> = (0..n).filter(|&b| results[b].is_none()).collect();
            let mut answer = self.no_plan(diagnose::not_planned(self, &unplanned), Some(bound));
            answer.diagnosis.push(finding);
            return answer;
        }
        let results: Vec<BlockResult> = results.into_iter().flatten().collect();
        let lower_bound: u32 = results.iter().map(|r| r.bound).sum();
        let t_cap = results.iter().map(|r| r.t_cap).min().unwrap_or(0);
        let lots: Vec<Candidate> = results.into_iter().flat_map(|r| r.lots).collect();
        let (num, t) = score(&lots);
        let proven = num == lower_bound && t >= t_cap;
        let finding = (!proven).then_some(finding);
        if self.market.is_some() {
            // Award-aware: every block's plan has its running award, which holds for them all.
            if let Some(award) = places_of(self.awards.iter().flatten(), lots.len()) {
                return self.finish_awarded(lots, award, lower_bound, finding);
            }
        }
        self.award_and_finish(lots, lower_bound, finding)
    }

    /// Searches each of `blocks` again in turn, sharing the time until `end` equally among
    /// those still to come, with regions allowed to double `wider` more times than usual.
    fn search_round(&mut self, blocks: &[usize], end: Instant, wider: u32, results: &mut [Option<BlockResult>]) {
        for (done, &b) in blocks.iter().enumerate() {
            let now = Instant::now();
            let until = now + end.saturating_duration_since(now) / (blocks.len() - done) as u32;
            let Some(lots) = self.plans[b].take() else { continue };
            let result = self.search_block(b, lots, until, wider);
            trace!(
                "block {b} again (regions {wider} more times wider) -> {:?} at {:.2}s",
                score(&result.lots),
                self.started.elapsed().as_secs_f64()
            );
            self.plans[b] = Some(result.lots.clone());
            results[b] = Some(result);
        }
    }

    /// Improves block `b`'s searched plan `lots` until `until` (award-aware when the market
    /// is kept), reporting every better whole plan on the way; regions may double `wider` more
    /// times than usual once the search is stuck ([`Search::wider`]).
    fn search_block(&mut self, b: usize, lots: Vec<Candidate>, until: Instant, wider: u32) -> BlockResult {
        let limits = self.limits(b);
        let aware = self.market.is_some();
        // The other groups' lots, in block order: award-aware, the search may move their places.
        let others: Vec<usize> = (0..self.plans.len()).filter(|&c| c != b).collect();
        let whole = others.iter().all(|&c| self.plans[c].is_some());
        // Their award, when every one of them has its place in it (it always has by now).
        let awarded =
            aware && others.iter().all(|&c| self.plans[c].as_ref().map_or(0, Vec::len) == self.awards[c].len());
        let lots_elsewhere: Vec<Candidate> =
            others.iter().flat_map(|&c| self.plans[c].iter().flatten().cloned()).collect();
        let elsewhere = search::Elsewhere {
            award: match awarded {
                true => others.iter().flat_map(|&c| self.awards[c].iter().cloned()).collect(),
                false => vec![Holders::new(); lots_elsewhere.len()],
            },
            lots: lots_elsewhere,
        };
        let mut search = match self.market.take() {
            Some(market) => {
                let mut search =
                    Search::with_market(&self.prep, limits, lots, std::mem::take(&mut self.awards[b]), market)
                        .with_elsewhere(elsewhere);
                // Lots the first repair left without an award get another try first.
                search.settle(until);
                search
            }
            None => Search::from_lots(&self.prep, limits, lots).with_elsewhere(elsewhere),
        };
        search.wider(wider);
        let (prep, options, started) = (&self.prep, self.options, self.started);
        let bound_all: u32 = self.bounds.iter().sum();
        let mut reported = self.reported;
        search.improve(
            self.bounds[b],
            self.t_caps[b],
            until,
            &mut |lots: &[Candidate], award: &[Holders], elsewhere: &search::Elsewhere| {
                if !whole {
                    return;
                }
                let mut all = elsewhere.lots.clone();
                all.extend(lots.iter().cloned());
                let mut all_award = elsewhere.award.clone();
                all_award.extend(award.iter().cloned());
                report(prep, options, started, &all, aware.then_some(all_award.as_slice()), bound_all, &mut reported);
            },
        );
        self.reported = reported;
        let refused = search.take_refused();
        let moved = search.take_elsewhere();
        if awarded {
            // The other groups' award as the search left it, back in block order.
            let mut moved = moved.into_iter();
            for &c in &others {
                self.awards[c] = moved.by_ref().take(self.plans[c].as_ref().map_or(0, Vec::len)).collect();
            }
        }
        let (mut lots, award, market) = search.into_parts();
        self.market = market;
        self.awards[b] = award;
        // The latest plan with a lot fewer that the running award refused, awarded afresh with
        // every other group's lots, may fit after all (one try: on `R-1` a whole award takes
        // about 0.3 s).
        if let Some(plan) = refused.filter(|p| p.len() < lots.len()) {
            if Instant::now() < self.deadline {
                if let Some(awarded) = self.award_afresh(b, plan) {
                    lots = awarded;
                }
            }
        }
        let t_cap = self.t_cap_with(b, lots.len() as u32);
        BlockResult { lots, bound: self.bounds[b], t_cap }
    }

    /// Block `b`'s plan `plan` with every other block's as it is,
    /// awarded afresh as a whole ([`market::partial`]: the award of every group may change,
    /// with ejection chains across groups). When every lot is awarded, that becomes the running
    /// award and `b`'s plan is returned; otherwise nothing changes. (Relieving busy bidders as
    /// well, which re-plans other blocks' lots, placed more on `R-1` but always added more lots
    /// elsewhere than it saved.)
    fn award_afresh(&mut self, b: usize, plan: Vec<Candidate>) -> Option<Vec<Candidate>> {
        self.market.as_ref()?;
        let plans: Vec<Vec<Candidate>> = (0..self.plans.len())
            .map(|c| if c == b { Some(plan.clone()) } else { self.plans[c].clone() })
            .collect::<Option<_>>()?;
        let (market, awards, _) = market::partial(&self.prep, &plans, 0, None);
        let settled = awards.iter().flatten().all(|h| !h.is_empty());
        trace!("award afresh for block {b} with {} lots: {settled}", plan.len());
        if !settled {
            return None;
        }
        self.awards = awards;
        self.market = Some(market);
        Some(plan)
    }

    /// Award-aware search: replaces block `b`'s plan with `lots` if they can be awarded in its
    /// place (with the other blocks' awards as they are); the lots in the order of their
    /// award, or `None` (nothing changed) when they cannot.
    fn adopt_awarded(&mut self, b: usize, lots: Vec<Candidate>) -> Option<Vec<Candidate>> {
        let current = self.plans[b].clone()?;
        let market = self.market.take()?;
        let mut search = Search::with_market(&self.prep, self.limits(b), current, self.awards[b].clone(), market);
        let adopted = search.adopt(lots);
        let (lots, award, market) = search.into_parts();
        self.market = market;
        if !adopted {
            return None;
        }
        self.awards[b] = award;
        Some(lots)
    }

    /// Award-aware repair of the blocks' plans (R6): a running award of as many of their lots
    /// as possible ([`market::partial`]), then, block by block, every lot left without an award
    /// re-planned until it has one ([`Search::settle`]). The blocks' plans become these and the
    /// search keeps every lot awarded from here on (trying again to award any left over before
    /// it improves a block). True, and the plan is reported, when every lot is awarded.
    fn make_awardable(&mut self, deadline: Instant) -> bool {
        let Some(mut plans) = self.plans.iter().cloned().collect::<Option<Vec<Vec<Candidate>>>>() else {
            return false;
        };
        let mut settled = false;
        let mut market = Market::new(&self.prep);
        let mut awards = Vec::new();
        // Each round awards every lot afresh (lots split in the last round fit more suppliers),
        // then re-plans, block by block, the lots left without an award. When two rounds leave
        // no fewer lots unawarded, the blocks that hold them start again from their next other
        // quick plan, if they have one.
        let mut alternative = vec![0; plans.len()];
        let (mut fewest, mut stalled) = (usize::MAX, 0);
        // The first round tries every award rule; later rounds keep to the one that did best
        // while they leave fewer lots unawarded, and try all three again once they do not.
        let mut rule = None;
        for round in 0..AWARD_ROUNDS {
            let best;
            (market, awards, best) = market::partial(&self.prep, &plans, round as u64, rule);
            rule = Some(best);
            let left: Vec<usize> = awards.iter().map(|a| a.iter().filter(|h| h.is_empty()).count()).collect();
            let unawarded: usize = left.iter().sum();
            trace!(
                "partial award: {unawarded} of {} lots unawarded at {:.2}s",
                awards.iter().map(Vec::len).sum::<usize>(),
                self.started.elapsed().as_secs_f64()
            );
            (stalled, fewest) = if unawarded < fewest { (0, unawarded) } else { (stalled + 1, fewest) };
            if stalled > 0 {
                rule = None;
            }
            if stalled >= 2 {
                let mut switched = false;
                for b in (0..plans.len()).filter(|&b| left[b] > 0) {
                    if let Some(other) = self.alternatives[b].get(alternative[b] + 1) {
                        alternative[b] += 1;
                        plans[b] = other.clone();
                        switched = true;
                    }
                }
                if switched {
                    (stalled, fewest) = (0, usize::MAX);
                    (market, awards, _) = market::partial(&self.prep, &plans, round as u64, None);
                }
            }
            // Relieving busy bidders first is cheap and places most lots; settling within each
            // block (splitting lots) then handles the rest, and relief again what that left.
            settled = self.relieve(&mut plans, &mut awards, &mut market, deadline);
            if !settled {
                for b in 0..plans.len() {
                    self.in_block(b, &mut plans, &mut awards, &mut market, |search| search.settle(deadline));
                }
                settled = self.relieve(&mut plans, &mut awards, &mut market, deadline);
            }
            trace!(
                "award-aware repair: {:?} lots, settled {settled} at {:.2}s",
                plans.iter().map(Vec::len).collect::<Vec<_>>(),
                self.started.elapsed().as_secs_f64()
            );
            if settled || Instant::now() >= deadline {
                break;
            }
        }
        // Award-aware from here on in any case: the search settles what is left in its time.
        self.plans = plans.into_iter().map(Some).collect();
        self.awards = awards;
        self.market = Some(market);
        if settled {
            self.report_plans();
        }
        settled
    }

    /// Awards the lots still left over after every block settled what it could by itself:
    /// each one's credible bidders have used their room on other lots, often of other blocks,
    /// so those lots are moved to other suppliers or re-planned ([`Search::relieve`]) until one
    /// of the bidders has room. True when every lot is awarded.
    fn relieve(
        &self,
        plans: &mut [Vec<Candidate>],
        awards: &mut [Vec<Holders>],
        market: &mut Market,
        deadline: Instant,
    ) -> bool {
        // Lots tried, by block and first segment (lots are renumbered as blocks change).
        let mut tried: Vec<(usize, usize)> = Vec::new();
        let unawarded = |plans: &[Vec<Candidate>], awards: &[Vec<Holders>], tried: &[(usize, usize)]| {
            (0..plans.len()).find_map(|b| {
                (0..plans[b].len())
                    .find(|&i| awards[b][i].is_empty() && !tried.contains(&(b, plans[b][i].segments[0])))
                    .map(|i| (b, i))
            })
        };
        while let Some((b, i)) = unawarded(plans, awards, &tried) {
            let lot = plans[b][i].clone();
            tried.push((b, lot.segments[0]));
            let share = market.share(&lot);
            // `Some(holders)` once placed; `Some(empty)` when re-planned with its neighbours.
            let mut placed: Option<Holders> = None;
            'bidders: for j in lot.credible.ones() {
                let holding: Vec<usize> =
                    (0..plans.len()).filter(|&c| awards[c].iter().any(|h| h.contains(&j))).collect();
                for c in holding {
                    if Instant::now() >= deadline {
                        break 'bidders;
                    }
                    while !market.fits(j, share) && awards[c].iter().any(|h| h.contains(&j)) {
                        let relieved = self.in_block(c, plans, awards, market, |search| search.relieve(j, deadline));
                        if c == b && !plans[b].iter().any(|l| l.segments == lot.segments) {
                            // Re-planned with its neighbours, and awarded so.
                            placed = Some(Holders::new());
                            break 'bidders;
                        }
                        if !relieved {
                            break;
                        }
                    }
                    // A framework lot may need several bidders relieved before all its places fill.
                    if let Some(holders) = market.place(&lot, Market::pick) {
                        placed = Some(holders);
                        break 'bidders;
                    }
                }
            }
            trace!(
                "relieve: lot of {} segments worth {} with {} bidders -> {placed:?} at {:.2}s",
                lot.segments.len(),
                lot.value,
                lot.bidders,
                self.started.elapsed().as_secs_f64()
            );
            if let Some(holders) = placed.filter(|h| !h.is_empty()) {
                match plans[b].iter().position(|l| l.segments == lot.segments) {
                    Some(i) => awards[b][i] = holders,
                    None => market.release_all(&holders, &lot),
                }
            }
        }
        awards.iter().flatten().all(|h| !h.is_empty())
    }

    /// Runs `work` on block `c`'s plan as an award-aware search over `market` (the running
    /// award of every block), then puts the plan, its award and the market left back.
    fn in_block<R>(
        &self,
        c: usize,
        plans: &mut [Vec<Candidate>],
        awards: &mut [Vec<Holders>],
        market: &mut Market,
        work: impl FnOnce(&mut Search<'_, 'p>) -> R,
    ) -> R {
        let (lots, award) = (std::mem::take(&mut plans[c]), std::mem::take(&mut awards[c]));
        let mut search = Search::with_market(&self.prep, self.limits(c), lots, award, std::mem::take(market));
        let out = work(&mut search);
        let (lots, award, left) = search.into_parts();
        (plans[c], awards[c]) = (lots, award);
        // A search made with a market always hands it back.
        if let Some(left) = left {
            *market = left;
        }
        out
    }

    /// Upper bound on block `b`'s thinnest competition in a plan of at most `lots` lots.
    fn t_cap_with(&self, b: usize, lots: u32) -> u32 {
        self.t_caps[b].min(bound::thinnest_in(&self.prep, &self.blocks[b], lots))
    }

    /// [`milp::min_lots`], counted and traced; `floor` is raised to any better bound found.
    fn min_lots(
        &mut self,
        segments: &[usize],
        cols: &[usize],
        with_award: bool,
        floor: &mut u32,
        below: u32,
    ) -> Outcome<Plan> {
        self.milp_solves += 1;
        let t0 = Instant::now();
        let outcome = milp::min_lots(&self.prep, &self.cands, segments, cols, with_award, floor, below, self.deadline);
        trace!(
            "min_lots segs={} cols={} award={with_award} below={below} -> {:?} floor {floor} in {:.3}s",
            segments.len(),
            cols.len(),
            match &outcome {
                Outcome::Proven(p) => format!("proven {}", p.lots.len()),
                Outcome::Unproven(p) => format!("unproven {}", p.lots.len()),
                o => format!("{o:?}"),
            },
            t0.elapsed().as_secs_f64()
        );
        if matches!(outcome, Outcome::Unproven(_) | Outcome::OutOfTime) {
            self.proven = false;
        }
        outcome
    }

    /// The lexicographic optimum of one block without R6. `Err(Some(()))`: infeasible;
    /// `Err(None)`: out of time before any plan.
    fn best_block(&mut self, b: usize) -> Result<Best, Option<()>> {
        let segments = self.blocks[b].clone();
        let cols = self.block_cols[b].clone();
        let floor = self.volume_bound(&segments);
        self.lexicographic(&segments, &cols, false, floor, Some(b))
    }

    /// The exact method has a plan for block `b` with a lower bound (its fewest lots, or its
    /// thinnest competition raised): keep the plan if it is the block's best so far and
    /// report it, so a person sees it while the rest is still being worked out.
    fn found_for_block(&mut self, b: usize, plan: &Plan, bound: u32) {
        let lots: Vec<Candidate> = plan.lots.iter().map(|&l| self.cands[l].clone()).collect();
        // Award-aware, the block's plan keeps its running award; the exact plan replaces it
        // only where it can be awarded ([`Run::adopt_awarded`]).
        if self.market.is_none() && self.plans[b].as_ref().is_none_or(|p| better(score(&lots), score(p))) {
            self.plans[b] = Some(lots);
        }
        self.bounds[b] = self.bounds[b].max(bound);
        self.report_plans();
    }

    /// Fewest lots, then the largest thinnest competition, over `cols`.
    fn lexicographic(
        &mut self,
        segments: &[usize],
        cols: &[usize],
        with_award: bool,
        floor: u32,
        block: Option<usize>,
    ) -> Result<Best, Option<()>> {
        let mut floor = floor;
        let (plan, proven) = match self.min_lots(segments, cols, with_award, &mut floor, u32::MAX) {
            Outcome::Proven(p) => (p, true),
            Outcome::Unproven(p) => (p, false),
            Outcome::Infeasible => return Err(Some(())),
            Outcome::OutOfTime => return Err(None),
        };
        let lots = plan.lots.len() as u32;
        let bound = if proven { lots } else { floor };
        if let Some(b) = block {
            self.found_for_block(b, &plan, bound);
        }
        let mut best = Best { t: self.thinnest(&plan), plan, lots, bound };
        let mut hi = cols.iter().map(|&l| self.cands[l].bidders).max().unwrap_or(0);
        // Invariant: a plan with `best.lots` lots and thinnest competition `best.t` exists;
        // none exists above `hi`.
        while best.t < hi {
            let t = best.t + (hi - best.t).div_ceil(2);
            let thick: Vec<usize> = cols.iter().copied().filter(|&l| self.cands[l].bidders >= t).collect();
            let mut at_least = bound;
            match self.min_lots(segments, &thick, with_award, &mut at_least, best.lots + 1) {
                Outcome::Proven(p) | Outcome::Unproven(p) if p.lots.len() as u32 <= best.lots => {
                    best = Best { t: self.thinnest(&p), lots: p.lots.len() as u32, plan: p, bound };
                }
                Outcome::OutOfTime => break,
                _ => hi = t - 1,
            }
        }
        if let Some(b) = block {
            self.found_for_block(b, &best.plan, best.bound);
        }
        Ok(best)
    }

    /// No lot exceeds v_max, so at least total / v_max lots are needed.
    fn volume_bound(&self, segments: &[usize]) -> u32 {
        let total: f64 = segments.iter().map(|&s| self.prep.value[s]).sum();
        (total / self.prep.v_max_of(segments)).ceil().max(1.0) as u32
    }

    fn thinnest(&self, plan: &Plan) -> u32 {
        plan.lots.iter().map(|&l| self.cands[l].bidders).min().unwrap_or(0)
    }

    /// The relaxed optimum could not be awarded: solve all blocks together with award
    /// variables, between the relaxed bound and whatever the joint program finds.
    fn joint(&mut self, lower_bound: u32, _t_relaxed: u32) -> Solution {
        let segments: Vec<usize> = (0..self.prep.len()).collect();
        let cols: Vec<usize> = (0..self.cands.len()).collect();
        match self.lexicographic(&segments, &cols, true, lower_bound, None) {
            Ok(best) => self.finish(&best.plan, lower_bound.max(best.bound)),
            Err(Some(())) => Solution::infeasible(diagnose::award(self)),
            Err(None) => self.out_of_time(),
        }
    }

    fn finish(&self, plan: &Plan, lower_bound: u32) -> Solution {
        let places = plan
            .award
            .as_ref()
            .and_then(|a| crate::plan::award::by_lot(a, plan.lots.iter().map(|&l| self.prep.places(&self.cands[l]))));
        let mut lots: Vec<Lot> =
            plan.lots.iter().enumerate().map(|(i, &l)| self.lot(l, places.as_ref().map(|p| p[i].as_slice()))).collect();
        name_in_order(&mut lots);
        let num = lots.len() as u32;
        Solution {
            status: if self.proven { Status::Optimal } else { Status::Feasible },
            num_lots: Some(num),
            min_credible_bidders: lots.iter().map(|l| l.bidders() as u32).min(),
            lots,
            lower_bound: Some(if self.proven { num } else { lower_bound.min(num) }),
            diagnosis: if self.proven { Vec::new() } else { vec![diagnose::time_limit(self)] },
            stats: None,
        }
    }

    fn lot(&self, l: usize, award: Option<&[usize]>) -> Lot {
        lot_of(&self.prep, &self.cands[l], award)
    }

    /// The time limit ran out in the exact method: the searched plans, if every block has one.
    fn out_of_time(&mut self) -> Solution {
        let finding = diagnose::time_limit(self);
        let bound = self.bounds.iter().sum();
        if self.plans.iter().all(Option::is_some) {
            let lots = self.plans.iter().flatten().flatten().cloned().collect();
            return self.award_and_finish(lots, bound, Some(finding));
        }
        self.no_plan(finding, Some(bound))
    }

    /// Awards `lots` (R6) and makes them the answer. `finding` says why the plan is not proven
    /// best (`None`: it is).
    fn award_and_finish(&mut self, lots: Vec<Candidate>, lower_bound: u32, finding: Option<Finding>) -> Solution {
        // The award usually takes milliseconds; it gets a short grace period past the limit.
        let grace = Instant::now() + self.options.time_limit.min(Duration::from_secs(1));
        let deadline = if grace > self.deadline { grace } else { self.deadline };
        self.milp_solves += 1;
        if let Some(award) = award_of(&self.prep, &lots, deadline) {
            return self.finish_awarded(lots, award, lower_bound, finding);
        }
        // The best plan cannot be awarded: re-plan the lots that cannot be awarded, or try the
        // other quick plans of each block with the best plans of the rest (the first that can
        // be awarded, not proven best).
        let why = finding.unwrap_or_else(|| diagnose::time_limit(self));
        if self.market.is_none() && self.plans.iter().all(Option::is_some) && self.make_awardable(deadline) {
            let lots: Vec<Candidate> = self.plans.iter().flatten().flatten().cloned().collect();
            if let Some(award) = places_of(self.awards.iter().flatten(), lots.len()) {
                return self.finish_awarded(lots, award, lower_bound, Some(why));
            }
        }
        match self.awardable_alternative(deadline) {
            Some((lots, award)) => self.finish_awarded(lots, award, lower_bound, Some(why)),
            None => {
                let mut finding = Finding {
                    message: format!(
                        "{} The best plans found could not be awarded within the suppliers' capacity and lot limits (R6).",
                        why.message
                    ),
                    ..why
                };
                // Lots kept to one authority each leave few bidders per lot: letting some cross,
                // or more lots per supplier, gives the award room.
                if !self.prep.problem.params.within_authority.is_empty() {
                    finding.fix = format!(
                        "{} Or let lots of some service areas cross authority borders, or allow more lots per supplier (m = {}).",
                        finding.fix,
                        self.prep.problem.params.m
                    );
                    for lever in
                        [crate::plan::solution::Lever::CrossAuthority, crate::plan::solution::Lever::MaxLotsPerSupplier]
                    {
                        if !finding.levers.contains(&lever) {
                            finding.levers.push(lever);
                        }
                    }
                }
                self.no_plan(finding, Some(lower_bound))
            }
        }
    }

    /// Makes `lots` with their `award` the answer. `finding` says why the plan is not proven
    /// best (`None`: it is).
    fn finish_awarded(
        &mut self,
        lots: Vec<Candidate>,
        award: Vec<usize>,
        lower_bound: u32,
        finding: Option<Finding>,
    ) -> Solution {
        let chosen: Vec<usize> = (0..lots.len()).collect();
        self.cands = lots;
        self.proven = finding.is_none();
        let mut solution = self.finish(&Plan { lots: chosen, award: Some(award) }, lower_bound);
        if let Some(finding) = finding {
            solution.diagnosis = vec![Finding {
                message: format!(
                    "{} This plan is valid; it may have at most {} more lot{} than the best possible.",
                    finding.message,
                    solution.num_lots.unwrap_or(0).saturating_sub(lower_bound),
                    if solution.num_lots.unwrap_or(0).saturating_sub(lower_bound) == 1 { "" } else { "s" }
                ),
                ..finding
            }];
        }
        solution
    }

    /// A plan made of one block's other quick plan and the other blocks' best plans that can be
    /// awarded (R6), with its award.
    fn awardable_alternative(&mut self, deadline: Instant) -> Option<(Vec<Candidate>, Vec<usize>)> {
        if self.plans.iter().any(Option::is_none) {
            return None;
        }
        for b in 0..self.blocks.len() {
            for alt in &self.alternatives[b] {
                let lots: Vec<Candidate> = (0..self.blocks.len())
                    .flat_map(|c| if c == b { alt.clone() } else { self.plans[c].clone().unwrap_or_default() })
                    .collect();
                self.milp_solves += 1;
                if let Some(award) = award_of(&self.prep, &lots, deadline) {
                    return Some((lots, award));
                }
                if Instant::now() >= deadline {
                    return None;
                }
            }
        }
        None
    }

    /// Reports the blocks' current plans, if every block has one.
    fn report_plans(&mut self) {
        if self.options.progress.is_none() || self.plans.iter().any(Option::is_none) {
            return;
        }
        let lots: Vec<Candidate> = self.plans.iter().flatten().flatten().cloned().collect();
        let award: Option<Vec<Holders>> =
            self.market.is_some().then(|| self.awards.iter().flatten().cloned().collect());
        let bound = self.bounds.iter().sum();
        report(&self.prep, self.options, self.started, &lots, award.as_deref(), bound, &mut self.reported);
    }

    /// Tells [`Options::phase`] what the solve is doing now.
    fn phase(&self, doing: String) {
        if let Some(phase) = &self.options.phase {
            phase(&Phase { doing, seconds: self.started.elapsed().as_secs_f64() });
        }
    }

    fn no_plan(&self, finding: Finding, lower_bound: Option<u32>) -> Solution {
        Solution {
            status: Status::Unknown,
            num_lots: None,
            min_credible_bidders: None,
            lots: Vec::new(),
            lower_bound,
            diagnosis: vec![finding],
            stats: None,
        }
    }
}

/// The lots and thinnest competition of the last plan reported, and the bound it came with.
#[derive(Debug, Clone, Copy)]
struct Reported {
    score: (u32, u32),
    bound: u32,
}

/// Tells `options.progress` about a plan better than the last one reported, or as good with a
/// higher lower bound, with its running `award` from award-aware search or, without one, once
/// its award (R6) is found by the quick greedy (a plan only the exact award program could
/// place is left for the final answer).
fn report(
    prep: &Prepared,
    options: &Options,
    started: Instant,
    lots: &[Candidate],
    award: Option<&[Holders]>,
    lower_bound: u32,
    reported: &mut Option<Reported>,
) {
    let Some(progress) = &options.progress else { return };
    let now = Reported { score: score(lots), bound: lower_bound.min(lots.len() as u32) };
    let news = |r: Reported| better(now.score, r.score) || (now.score == r.score && now.bound > r.bound);
    if reported.is_some_and(|r| !news(r)) {
        return;
    }
    let award = match award {
        Some(award) => match places_of(award, lots.len()) {
            Some(award) => award,
            None => return,
        },
        None => {
            let chosen: Vec<usize> = (0..lots.len()).collect();
            let Some(award) = milp::greedy_award(prep, lots, &chosen) else { return };
            award
        }
    };
    let Some(award) = crate::plan::award::by_lot(&award, lots.iter().map(|c| prep.places(c))) else { return };
    *reported = Some(now);
    let now = now.score;
    let mut plan: Vec<Lot> = lots.iter().zip(award).map(|(c, to)| lot_of(prep, c, Some(&to))).collect();
    name_in_order(&mut plan);
    progress(&Solution {
        status: Status::Feasible,
        num_lots: Some(now.0),
        min_credible_bidders: Some(now.1),
        lots: plan,
        lower_bound: Some(lower_bound.min(now.0)),
        diagnosis: Vec::new(),
        stats: Some(SolveStats {
            segments_in_scope: prep.len(),
            candidate_lots: 0,
            subproblems: 0,
            seconds: started.elapsed().as_secs_f64(),
            method: "searching".into(),
            parts: 0,
        }),
    });
}

/// The award of every lot's places in order (as [`crate::plan::award::by_lot`] reads it), if
/// each of the `lots` lots of a running award has its holders.
fn places_of<'a>(awards: impl IntoIterator<Item = &'a Holders>, lots: usize) -> Option<Vec<usize>> {
    let mut places = Vec::new();
    let mut count = 0;
    for holders in awards {
        if holders.is_empty() {
            return None;
        }
        places.extend(holders);
        count += 1;
    }
    (count == lots).then_some(places)
}

/// An award (R6) of all of `lots`, if one is found by `deadline`.
fn award_of(prep: &Prepared, lots: &[Candidate], deadline: Instant) -> Option<Vec<usize>> {
    let chosen: Vec<usize> = (0..lots.len()).collect();
    match milp::award(prep, lots, &chosen, deadline) {
        Outcome::Proven(award) | Outcome::Unproven(award) => Some(award),
        Outcome::Infeasible | Outcome::OutOfTime => None,
    }
}

/// Orders lots by their segments and names them L1, L2, ... in that order.
fn name_in_order(lots: &mut [Lot]) {
    sort::by(lots, |a, b| a.segments.cmp(&b.segments));
    for (i, lot) in lots.iter_mut().enumerate() {
        lot.id = format!("L{}", i + 1);
    }
}

/// The solution's view of a candidate lot, with the providers it is awarded to (one, or the
/// `n` a framework lot appoints).
fn lot_of(prep: &Prepared, c: &Candidate, award: Option<&[usize]>) -> Lot {
    let to: Vec<String> = award.unwrap_or_default().iter().map(|&j| prep.supplier_id(j).to_string()).collect();
    let mut localities: Vec<String> =
        c.segments.iter().map(|&s| prep.problem.localities[prep.locality[s]].clone()).collect();
    sort::sort(&mut localities);
    localities.dedup();
    let mut credible: Vec<String> = c.credible.ones().map(|j| prep.supplier_id(j).to_string()).collect();
    sort::sort(&mut credible);
    Lot {
        id: String::new(),
        segments: c.segments.iter().map(|&s| prep.segment_id(s).to_string()).collect(),
        value: c.value,
        localities,
        independent_bidders: prep.problem.independent_bidders(&credible),
        credible_bidders: credible,
        award: to.first().cloned().unwrap_or_default(),
        appointed: if prep.places(c) > 1 { to } else { Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fostering in localities A and B (1 a year each) and residential care in A (1 a year),
    /// at most one lot per supplier. S1 (capacity 10) is the only supplier able to take
    /// residential care, or fostering as one lot; S2 and S3 (capacity 1) can take one
    /// locality's fostering each.
    fn busy() -> LotProblem {
        LotProblem::from_json(
            r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 2, "k": 1, "m": 1},
            "localities": ["A", "B"], "adjacency": [["A", "B"]],
            "service_areas": [{"code": "F"}, {"code": "R"}],
            "segments": [{"id": "FA", "service_area": "F", "locality": "A", "value": 1},
                         {"id": "FB", "service_area": "F", "locality": "B", "value": 1},
                         {"id": "RA", "service_area": "R", "locality": "A", "value": 1}],
            "suppliers": [{"id": "S1", "capacity": 10, "service_areas": ["F", "R"], "localities": ["A", "B"]},
                          {"id": "S2", "capacity": 1, "service_areas": ["F"], "localities": ["A", "B"]},
                          {"id": "S3", "capacity": 1, "service_areas": ["F"], "localities": ["A", "B"]}]}"#,
        )
        .unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_only_a_busy_supplier_can_take_is_placed_by_re_planning_its_other_lot() {
        let problem = busy();
        let options = Options::default();
        let run = Run::new(&problem, &options, Instant::now());
        let limits = run.limits(0);
        let prep = &run.prep;
        let seg = |id: &str| (0..prep.len()).find(|&s| prep.segment_id(s) == id).unwrap();
        let sup = |id: &str| (0..prep.award_capacity.len()).find(|&j| prep.supplier_id(j) == id).unwrap();
        let fostering = search::lot_of(prep, vec![seg("FA"), seg("FB")], limits).unwrap();
        let residential = search::lot_of(prep, vec![seg("RA")], limits).unwrap();
        assert_eq!((fostering.bidders, residential.bidders), (1, 1), "S1 alone can take either");
        // S1 has won the fostering lot (another group's), so residential care has no bidder left.
        let s1 = sup("S1");
        let mut market = Market::new(prep);
        market.take(s1, fostering.value);
        let mut plans = vec![vec![fostering], vec![residential]];
        let mut awards = vec![vec![vec![s1]], vec![Holders::new()]];
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        assert!(run.relieve(&mut plans, &mut awards, &mut market, deadline), "every lot awarded");
        // Fostering is re-planned as one lot per locality for S2 and S3; S1 takes residential.
        let mut fostering: Vec<(Vec<&str>, &str)> = plans[0]
            .iter()
            .zip(&awards[0])
            .map(|(l, h)| (l.segments.iter().map(|&s| prep.segment_id(s)).collect(), prep.supplier_id(h[0])))
            .collect();
        sort::sort(&mut fostering);
        assert_eq!(fostering, vec![(vec!["FA"], "S2"), (vec!["FB"], "S3")]);
        assert_eq!(awards[1], vec![vec![s1]]);
        assert!((0..3).all(|j| !market.fits(j, 1.0)), "each supplier holds its one lot");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_stays_unawarded_when_no_bidder_can_be_relieved() {
        // As above, but S2 and S3 may not take fostering: S1's lot cannot go anywhere else.
        let mut problem = busy();
        problem.suppliers.retain(|s| s.id == "S1");
        let options = Options::default();
        let run = Run::new(&problem, &options, Instant::now());
        let limits = run.limits(0);
        let prep = &run.prep;
        let all: Vec<usize> = (0..prep.len()).collect();
        let (f, r): (Vec<usize>, Vec<usize>) = all.into_iter().partition(|&s| prep.segment_id(s) != "RA");
        let fostering = search::lot_of(prep, f, limits).unwrap();
        let residential = search::lot_of(prep, r, limits).unwrap();
        let mut market = Market::new(prep);
        market.take(0, fostering.value);
        let before = (vec![vec![fostering], vec![residential]], vec![vec![vec![0]], vec![Holders::new()]]);
        let (mut plans, mut awards) = before.clone();
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        assert!(!run.relieve(&mut plans, &mut awards, &mut market, deadline));
        assert!(same_plans(&plans, &before.0) && awards == before.1, "nothing changed");
    }

    fn same_plans(a: &[Vec<Candidate>], b: &[Vec<Candidate>]) -> bool {
        a.iter().zip(b).all(|(x, y)| x.iter().map(|l| &l.segments).eq(y.iter().map(|l| &l.segments)))
    }
}
