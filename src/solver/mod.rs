//! The lot solver: fewest lots, then the thickest thinnest competition (LOT-MODEL.md).
//!
//! Method (exact):
//! 1. **Enumerate** every feasible lot of each group of segments that may share a lot (one
//!    group per service area unless areas may mix): connected, within `[v_min, v_max]`, with at
//!    least `k` credible bidders ([`enumerate`]).
//! 2. **Partition** each group with as few lots as possible (a set-partitioning integer
//!    program), then raise the thinnest competition `t` by binary search: the largest `t` for
//!    which lots with at least `t` credible bidders still cover the group in that many lots.
//!    Without rule R6 the groups are independent, so this is the exact optimum of a relaxation.
//! 3. **Award** (R6): if the relaxed optimum can be awarded within every supplier's capacity
//!    and lot limit, it is optimal for the full problem. Otherwise solve the joint program
//!    with award variables over all groups.
//!
//! Every answer is deterministic: segments and suppliers are ordered by id before solving.

mod diagnose;
mod enumerate;
mod greedy;
mod heuristic;
mod milp;
mod prepared;

use std::time::Duration;

use web_time::Instant;

use crate::problem::LotProblem;
use crate::solution::{Finding, Lot, SolveStats, Solution, Status};
use enumerate::{Candidate, Enumerator, Limits, Stopped};
use milp::{Outcome, Plan};
use prepared::Prepared;

/// How long and how hard to try.
#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock budget for the whole solve.
    pub time_limit: Duration,
    /// Give up (and say how to coarsen the problem) past this many candidate lots.
    pub max_candidates: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { time_limit: Duration::from_secs(30), max_candidates: 400_000 }
    }
}

/// Solves a validated lot problem.
///
/// # Example
/// ```
/// use lotwise::{problem::LotProblem, solver, solution::Status};
/// let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 2},
///   "localities": ["A", "B"], "adjacency": [["A", "B"]], "service_areas": [{"code": "F"}],
///   "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
///                {"id": "F-B", "service_area": "F", "locality": "B", "value": 5}],
///   "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B"]}]}"#;
/// let problem = LotProblem::from_json(text)?;
/// let solution = solver::solve(&problem, &solver::Options::default());
/// assert_eq!(solution.status, Status::Optimal);
/// assert_eq!(solution.num_lots, Some(1));
/// # Ok::<_, lotwise::error::Issues>(())
/// ```
pub fn solve(problem: &LotProblem, options: &Options) -> Solution {
    let started = Instant::now();
    let mut run = Run::new(problem, options, started);
    let mut solution = run.solve();
    solution.stats = Some(SolveStats {
        segments_in_scope: run.prep.len(),
        candidate_lots: run.cands.len(),
        subproblems: run.milp_solves,
        seconds: started.elapsed().as_secs_f64(),
        method: "lot enumeration + exact cover (dancing links) + set partitioning (microlp)".into(),
    });
    solution
}

struct Run<'p> {
    prep: Prepared<'p>,
    options: &'p Options,
    deadline: Instant,
    cands: Vec<Candidate>,
    /// Candidate indices of each block.
    block_cols: Vec<Vec<usize>>,
    blocks: Vec<Vec<usize>>,
    milp_solves: usize,
    /// False once any step was cut short by the time limit.
    proven: bool,
}

/// The best plan of one block (or of all blocks jointly).
struct Best {
    plan: Plan,
    lots: u32,
    t: u32,
    /// A proven lower bound on the number of lots.
    bound: u32,
}

impl<'p> Run<'p> {
    fn new(problem: &'p LotProblem, options: &'p Options, started: Instant) -> Run<'p> {
        let prep = Prepared::new(problem);
        let blocks = prep.blocks();
        Run {
            prep,
            options,
            deadline: started + options.time_limit,
            cands: Vec::new(),
            block_cols: Vec::new(),
            blocks,
            milp_solves: 0,
            proven: true,
        }
    }

    fn limits(&self) -> Limits {
        let p = &self.prep.problem.params;
        Limits { v_min: p.v_min, v_max: p.v_max, k: p.k }
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
        if let Err(stop) = self.enumerate() {
            let finding = diagnose::too_large(self, stop);
            return self.quick_plan(finding, None);
        }
        let mut relaxed = Vec::new();
        let mut impossible = Vec::new();
        for b in 0..self.blocks.len() {
            match self.best_block(b) {
                Ok(best) => relaxed.push(best),
                Err(None) => return self.out_of_time(None),
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
        let lower_bound: u32 = relaxed.iter().map(|b| b.bound).sum();
        let t_relaxed = relaxed.iter().map(|b| b.t).min().unwrap_or(0);
        let lots: Vec<usize> = relaxed.iter().flat_map(|b| b.plan.lots.iter().copied()).collect();
        self.milp_solves += 1;
        match milp::award(&self.prep, &self.cands, &lots, self.deadline) {
            Outcome::Proven(award) | Outcome::Unproven(award) => {
                let plan = Plan { lots, award: Some(award) };
                self.finish(&plan, lower_bound)
            }
            Outcome::Infeasible => self.joint(lower_bound, t_relaxed),
            Outcome::OutOfTime => self.out_of_time(Some(lower_bound)),
        }
    }

    fn enumerate(&mut self) -> Result<(), Stopped> {
        let limits = self.limits();
        for block in &self.blocks {
            let room = self.options.max_candidates.saturating_sub(self.cands.len());
            let found = Enumerator::new(&self.prep, limits)
                .max_candidates(room)
                .deadline(Some(self.deadline))
                .run(block)
                .map_err(|stop| match stop {
                    Stopped::TooMany { found } => Stopped::TooMany { found: found + self.cands.len() },
                    Stopped::OutOfTime { found } => Stopped::OutOfTime { found: found + self.cands.len() },
                })?;
            let start = self.cands.len();
            self.cands.extend(found);
            self.block_cols.push((start..self.cands.len()).collect());
        }
        Ok(())
    }

    fn min_lots(&mut self, segments: &[usize], cols: &[usize], with_award: bool, at_least: u32) -> Outcome<Plan> {
        self.milp_solves += 1;
        let t0 = Instant::now();
        let outcome = milp::min_lots(&self.prep, &self.cands, segments, cols, with_award, at_least, self.deadline);
        if std::env::var_os("LOTWISE_TRACE").is_some() {
            eprintln!("min_lots segs={} cols={} award={with_award} -> {:?} in {:.3}s", segments.len(), cols.len(), match &outcome { Outcome::Proven(p) => format!("proven {}", p.lots.len()), Outcome::Unproven(p) => format!("unproven {}", p.lots.len()), o => format!("{o:?}") }, t0.elapsed().as_secs_f64());
        }
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
        self.lexicographic(&segments, &cols, false, floor)
    }

    /// Fewest lots, then the largest thinnest competition, over `cols`.
    fn lexicographic(
        &mut self,
        segments: &[usize],
        cols: &[usize],
        with_award: bool,
        floor: u32,
    ) -> Result<Best, Option<()>> {
        let (plan, proven) = match self.min_lots(segments, cols, with_award, floor) {
            Outcome::Proven(p) => (p, true),
            Outcome::Unproven(p) => (p, false),
            Outcome::Infeasible => return Err(Some(())),
            Outcome::OutOfTime => return Err(None),
        };
        let lots = plan.lots.len() as u32;
        let bound = if proven { lots } else { floor };
        let mut best = Best { t: self.thinnest(&plan), plan, lots, bound };
        let mut hi = cols.iter().map(|&l| self.cands[l].bidders).max().unwrap_or(0);
        // Invariant: a plan with `best.lots` lots and thinnest competition `best.t` exists;
        // none exists above `hi`.
        while best.t < hi {
            let t = best.t + (hi - best.t).div_ceil(2);
            let thick: Vec<usize> = cols.iter().copied().filter(|&l| self.cands[l].bidders >= t).collect();
            match self.min_lots(segments, &thick, with_award, bound) {
                Outcome::Proven(p) | Outcome::Unproven(p) if p.lots.len() as u32 <= best.lots => {
                    best = Best { t: self.thinnest(&p), lots: p.lots.len() as u32, plan: p, bound };
                }
                Outcome::OutOfTime => break,
                _ => hi = t - 1,
            }
        }
        Ok(best)
    }

    /// No lot exceeds v_max, so at least total / v_max lots are needed.
    fn volume_bound(&self, segments: &[usize]) -> u32 {
        let total: f64 = segments.iter().map(|&s| self.prep.value[s]).sum();
        (total / self.prep.problem.params.v_max).ceil().max(1.0) as u32
    }

    fn thinnest(&self, plan: &Plan) -> u32 {
        plan.lots.iter().map(|&l| self.cands[l].bidders).min().unwrap_or(0)
    }

    /// The relaxed optimum could not be awarded: solve all blocks together with award
    /// variables, between the relaxed bound and whatever the joint program finds.
    fn joint(&mut self, lower_bound: u32, _t_relaxed: u32) -> Solution {
        let segments: Vec<usize> = (0..self.prep.len()).collect();
        let cols: Vec<usize> = (0..self.cands.len()).collect();
        match self.lexicographic(&segments, &cols, true, lower_bound) {
            Ok(best) => self.finish(&best.plan, lower_bound.max(best.bound)),
            Err(Some(())) => Solution::infeasible(diagnose::award(self)),
            Err(None) => self.out_of_time(Some(lower_bound)),
        }
    }

    fn finish(&self, plan: &Plan, lower_bound: u32) -> Solution {
        let mut lots: Vec<Lot> = plan
            .lots
            .iter()
            .enumerate()
            .map(|(i, &l)| self.lot(l, plan.award.as_ref().map(|a| a[i])))
            .collect();
        lots.sort_by(|a, b| a.segments.cmp(&b.segments));
        for (i, lot) in lots.iter_mut().enumerate() {
            lot.id = format!("L{}", i + 1);
        }
        let num = lots.len() as u32;
        Solution {
            status: if self.proven { Status::Optimal } else { Status::Feasible },
            num_lots: Some(num),
            min_credible_bidders: lots.iter().map(|l| l.credible_bidders.len() as u32).min(),
            lots,
            lower_bound: Some(if self.proven { num } else { lower_bound.min(num) }),
            diagnosis: if self.proven { Vec::new() } else { vec![diagnose::time_limit(self)] },
            stats: None,
        }
    }

    fn lot(&self, l: usize, award: Option<usize>) -> Lot {
        let c = &self.cands[l];
        let mut localities: Vec<String> = c
            .segments
            .iter()
            .map(|&s| self.prep.problem.localities[self.prep.locality[s]].clone())
            .collect();
        localities.sort();
        localities.dedup();
        let mut credible: Vec<String> = c.credible.ones().map(|j| self.prep.supplier_id(j).to_string()).collect();
        credible.sort();
        Lot {
            id: String::new(),
            segments: c.segments.iter().map(|&s| self.prep.segment_id(s).to_string()).collect(),
            value: c.value,
            localities,
            credible_bidders: credible,
            award: award.map(|j| self.prep.supplier_id(j).to_string()).unwrap_or_default(),
        }
    }

    /// The time limit ran out before any plan was found: a quick valid plan if one exists.
    fn out_of_time(&mut self, lower_bound: Option<u32>) -> Solution {
        let finding = diagnose::time_limit(self);
        self.quick_plan(finding, lower_bound)
    }

    /// No exact answer (too many possible lots, or no time left): a quick valid plan if one
    /// can be found, with the best known lower bound, and the finding that explains why either way.
    fn quick_plan(&mut self, finding: Finding, lower_bound: Option<u32>) -> Solution {
        // A segment that breaks the rules even alone proves there is no plan at all.
        let alone = diagnose::segments_alone(self);
        if !alone.is_empty() {
            return Solution::infeasible(alone);
        }
        // The quick plan itself takes milliseconds; its award check gets a short grace period.
        let grace = Instant::now() + self.options.time_limit.min(Duration::from_secs(1));
        let deadline = if grace > self.deadline { grace } else { self.deadline };
        let awarded = greedy::plans(&self.prep, &self.blocks, self.limits()).into_iter().find_map(|lots| {
            let chosen: Vec<usize> = (0..lots.len()).collect();
            match milp::award(&self.prep, &lots, &chosen, deadline) {
                Outcome::Proven(award) => Some((lots, chosen, award)),
                _ => None,
            }
        });
        let Some((lots, chosen, award)) = awarded else {
            return self.no_plan(finding, lower_bound);
        };
        self.cands = lots;
        self.proven = false;
        let volume: u32 = self.blocks.iter().map(|b| self.volume_bound(b)).sum();
        let mut solution = self.finish(&Plan { lots: chosen, award: Some(award) }, volume.max(lower_bound.unwrap_or(0)));
        solution.diagnosis = vec![Finding {
            message: format!("{} This plan comes from a quick method and is valid, but not proven best.", finding.message),
            ..finding
        }];
        solution
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
