//! The integer programs, built with good_lp and solved by microlp (pure Rust, runs in wasm).
//!
//! * [`min_lots`]: set partitioning. Choose candidate lots so every segment is in exactly one,
//!   with as few lots as possible; optionally with award variables so that rule R6 (capacity
//!   and at most `m` lots per supplier) holds too.
//! * [`award`]: given the lots, find an indicative award that satisfies R6.
//!
//! An award is a supplier for each **place**: one place per lot, or `n` for a framework lot
//! that appoints `n` providers ([`Prepared::places`]), in the order of the lots.

use crate::base::sort;
use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
    SolverModel, Variable, WithTimeLimit,
};
use web_time::Instant;

use super::dual::Guided;
use super::enumerate::Candidate;
use super::heuristic;
use super::prepared::Prepared;
use crate::plan::award::{self, Award, AwardLot};

/// Branching steps the first, unweighted cover search may take before the relaxation's
/// weights guide it.
const COVER_STEPS: usize = 20_000;

/// Placements the award search may try before the award program takes over.
const AWARD_STEPS: usize = 100_000;

/// Above this many candidates the unweighted cover search is skipped (each of its steps walks
/// the candidate lists, which the weights shorten first).
const QUICK_COLUMNS: usize = 10_000;

/// Columns of a set-partitioning program microlp can take on per second of time left (about
/// a fifth of its measured speed on this project's largest instances, to stay safe).
const COLUMNS_PER_SECOND: f64 = 20_000.0;

/// What an integer program gave back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome<T> {
    /// Proven best (or, for a feasibility question, a definite yes).
    Proven(T),
    /// Valid, but the time limit stopped the proof.
    Unproven(T),
    /// Proven impossible.
    Infeasible,
    /// The time limit ran out before anything was found.
    OutOfTime,
}

/// A chosen set of lots (indices into the candidate list) and, when asked for, their award
/// (renumbered supplier index per chosen lot).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub lots: Vec<usize>,
    pub award: Option<Vec<usize>>,
}

fn seconds_left(deadline: Instant) -> Option<f64> {
    let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
    (left > 0.0).then_some(left)
}

fn classify<S: Solution>(result: Result<S, ResolutionError>, read: impl FnOnce(&S) -> Plan) -> Outcome<Plan> {
    match result {
        Ok(sol) => {
            let plan = read(&sol);
            if matches!(sol.status(), SolutionStatus::Optimal) {
                Outcome::Proven(plan)
            } else {
                Outcome::Unproven(plan)
            }
        }
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(_) => Outcome::OutOfTime,
    }
}

/// Fewest lots covering each of `segments` exactly once, using only the candidates `cols`,
/// looking only for plans of fewer than `below` lots (`Infeasible` then means "none below").
/// With `with_award`, the plan must also admit an award that satisfies R6. `floor` is a known
/// lower bound on the number of lots, raised when the linear relaxation proves a better one.
///
/// Without award variables: a short exact cover search first (enough for most groups); then
/// the linear relaxation's segment weights ([`super::dual`]), which drop every lot too wasteful
/// to be in a plan that beats the best found, and guide a cover search over the rest to the
/// end. microlp's branch and bound runs only with award variables, or when the relaxation
/// could not be solved and time is left.
#[allow(clippy::too_many_arguments)]
pub(crate) fn min_lots(
    prep: &Prepared,
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    with_award: bool,
    floor: &mut u32,
    below: u32,
    deadline: Instant,
) -> Outcome<Plan> {
    if seconds_left(deadline).is_none() {
        return Outcome::OutOfTime;
    }
    let n = prep.len();
    let mut covers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (c, &l) in cols.iter().enumerate() {
        for &s in &cands[l].segments {
            covers[s].push(c);
        }
    }
    if segments.iter().any(|&s| covers[s].is_empty()) || *floor >= below {
        return Outcome::Infeasible;
    }
    let quick = if with_award {
        None
    } else {
        match cover_by_search(prep, cands, segments, cols, floor, below, deadline) {
            Ok(found) => return found,
            Err(best) => best,
        }
    };
    let at_least = *floor;
    let Some(secs) = seconds_left(deadline) else {
        return quick.map_or(Outcome::OutOfTime, |lots| Outcome::Unproven(Plan { lots, award: None }));
    };
    if cols.len() as f64 > COLUMNS_PER_SECOND * secs {
        // microlp cannot even finish its first relaxation in the time left (it checks the
        // clock only between branches), so keep to the time limit with what we have.
        return quick.map_or(Outcome::OutOfTime, |lots| Outcome::Unproven(Plan { lots, award: None }));
    }
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = cols.iter().map(|_| vars.add(variable().binary())).collect();
    // Award variables: y[c] lists (supplier, var) for each credible bidder of column c.
    let y: Vec<Vec<(usize, Variable)>> = if with_award {
        // One variable per (lot, credible bidder): the bidder is one of the lot's providers.
        cols.iter().map(|&l| cands[l].credible.ones().map(|j| (j, vars.add(variable().binary()))).collect()).collect()
    } else {
        Vec::new()
    };
    let objective: Expression = x.iter().sum();
    let mut model = vars.minimise(objective.clone()).using(microlp).with_time_limit(secs);
    if at_least > 1 {
        // A known lower bound tightens the relaxation, so the search stops once it is met.
        model.add_constraint(constraint!(objective.clone() >= at_least as f64));
    }
    if below < u32::MAX {
        model.add_constraint(constraint!(objective <= (below - 1) as f64));
    }
    for &s in segments {
        let cover: Expression = covers[s].iter().map(|&c| x[c]).sum();
        model.add_constraint(constraint!(cover == 1));
    }
    if with_award {
        add_award_constraints(&mut model, prep, cands, cols, &x, &y);
    }
    let outcome = classify(model.solve(), |sol| {
        let chosen: Vec<usize> = (0..cols.len()).filter(|&c| sol.value(x[c]) > 0.5).collect();
        let award = with_award
            .then(|| chosen.iter().flat_map(|&c| read_places(sol, &y[c], prep.places(&cands[cols[c]]))).collect());
        Plan { lots: chosen.iter().map(|&c| cols[c]).collect(), award }
    });
    match (outcome, quick) {
        (Outcome::OutOfTime, Some(lots)) => Outcome::Unproven(Plan { lots, award: None }),
        (Outcome::Unproven(p), Some(lots)) if lots.len() < p.lots.len() => {
            Outcome::Unproven(Plan { lots, award: None })
        }
        (outcome, _) => outcome,
    }
}

/// The cover searches of [`min_lots`] without award variables: `Ok` with the answer when they
/// settle it, otherwise `Err` with the best cover found (fewer than `below` lots), if any.
///
/// A short search without weights first, for up to `QUICK_COLUMNS` candidates (it settles
/// most small groups in milliseconds). Then the search guided by the linear relaxation
/// ([`super::dual::fewest_lots`]).
fn cover_by_search(
    prep: &Prepared,
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    floor: &mut u32,
    below: u32,
    deadline: Instant,
) -> Result<Outcome<Plan>, Option<Vec<usize>>> {
    let v_max = prep.v_max_of(segments);
    let values = &prep.value;
    let proven = |lots: Vec<usize>| Outcome::Proven(Plan { lots, award: None });
    let mut best = None;
    if cols.len() <= QUICK_COLUMNS {
        let found = heuristic::cover(
            cands,
            segments,
            cols,
            v_max,
            values,
            None,
            *floor as usize,
            below as usize,
            COVER_STEPS,
            deadline,
        );
        if found.complete {
            // The exact cover search finished: its answer is proven.
            return Ok(found.best.map_or(Outcome::Infeasible, proven));
        }
        best = found.best;
    }
    if best.as_ref().is_some_and(|lots| lots.len() as u32 <= (*floor).max(1)) {
        // As few lots as a proven lower bound: nothing can do better.
        return Ok(proven(best.unwrap_or_default()));
    }
    let Some(weights) = super::dual::weights(cands, segments, cols, prep.len(), deadline) else {
        return Err(best);
    };
    *floor = (*floor).max(weights.lots());
    let target = best.as_ref().map_or(below, |lots| lots.len() as u32).min(below);
    match super::dual::fewest_lots(cands, segments, cols, values, v_max, &weights, floor, target, deadline) {
        Guided::Fewest(lots) => Ok(proven(lots)),
        // Nothing below the best found (or below `below`).
        Guided::NoneBelow => Ok(best.map_or(Outcome::Infeasible, proven)),
        Guided::Stopped => Err(best),
    }
}

fn add_award_constraints<M: SolverModel>(
    model: &mut M,
    prep: &Prepared,
    cands: &[Candidate],
    cols: &[usize],
    x: &[Variable],
    y: &[Vec<(usize, Variable)>],
) {
    let m = prep.problem.params.m as f64;
    let mut load: Vec<Expression> = vec![Expression::from(0.0); prep.suppliers.len()];
    let mut count: Vec<Expression> = vec![Expression::from(0.0); prep.n_slots];
    let mut used = vec![false; prep.suppliers.len()];
    let mut slot_used = vec![false; prep.n_slots];
    for (c, &l) in cols.iter().enumerate() {
        // A lot chosen appoints its `n` providers (one, unless a framework lot), each charged
        // an equal share.
        let n = prep.places(&cands[l]) as f64;
        let awarded: Expression = y[c].iter().map(|(_, v)| *v).sum();
        model.add_constraint(constraint!(awarded == n * x[c]));
        for &(j, v) in &y[c] {
            load[j] += (cands[l].value / n) * v;
            count[prep.slot_of[j]] += v;
            used[j] = true;
            slot_used[prep.slot_of[j]] = true;
        }
    }
    for j in (0..prep.suppliers.len()).filter(|&j| used[j]) {
        let cap = prep.award_capacity[j];
        model.add_constraint(constraint!(load[j].clone() <= cap));
    }
    for s in (0..prep.n_slots).filter(|&s| slot_used[s]) {
        model.add_constraint(constraint!(count[s].clone() <= m));
    }
}

/// The suppliers whose variables are set, as the `n` places of one lot (unset places, which
/// a solution stopped early may leave, as `usize::MAX`).
fn read_places<S: Solution>(sol: &S, y: &[(usize, Variable)], n: u32) -> Vec<usize> {
    let mut to: Vec<usize> = y.iter().filter(|(_, v)| sol.value(*v) > 0.5).map(|(j, _)| *j).collect();
    to.resize(n as usize, usize::MAX);
    to
}

/// The places to award for `lots` (indices into `cands`), in order ([`award::places`]).
fn places(prep: &Prepared, cands: &[Candidate], lots: &[usize]) -> Vec<AwardLot> {
    award::places(lots.iter().map(|&l| (cands[l].value, cands[l].credible.ones().collect(), prep.places(&cands[l]))))
}

/// An award of the given lots that satisfies R6: each place to a credible bidder (a framework
/// lot's places to different ones), no supplier over capacity or over `m` lots. Tries a quick
/// greedy first, then the exact search of [`crate::plan::award`], then (if that search runs
/// out of steps) an exact program.
pub(crate) fn award(prep: &Prepared, cands: &[Candidate], lots: &[usize], deadline: Instant) -> Outcome<Vec<usize>> {
    if let Some(a) = greedy_award(prep, cands, lots) {
        return Outcome::Proven(a);
    }
    let to_award = places(prep, cands, lots);
    match award::find_within(&to_award, &prep.award_capacity, &prep.award_slots(), None, AWARD_STEPS) {
        Award::Found(a) => return Outcome::Proven(a),
        Award::Impossible => return Outcome::Infeasible,
        Award::Undecided => {}
    }
    let Some(secs) = seconds_left(deadline) else {
        return Outcome::OutOfTime;
    };
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = lots.iter().map(|_| vars.add(variable().min(1.0).max(1.0))).collect();
    let y: Vec<Vec<(usize, Variable)>> =
        lots.iter().map(|&l| cands[l].credible.ones().map(|j| (j, vars.add(variable().binary()))).collect()).collect();
    let mut model = vars.minimise(Expression::from(0.0)).using(microlp).with_time_limit(secs);
    add_award_constraints(&mut model, prep, cands, lots, &x, &y);
    let outcome = classify(model.solve(), |sol| Plan {
        lots: Vec::new(),
        award: Some(y.iter().zip(lots).flat_map(|(ys, &l)| read_places(sol, ys, prep.places(&cands[l]))).collect()),
    });
    match outcome {
        Outcome::Proven(p) | Outcome::Unproven(p) => Outcome::Proven(p.award.unwrap_or_default()),
        Outcome::Infeasible => Outcome::Infeasible,
        Outcome::OutOfTime => Outcome::OutOfTime,
    }
}

/// An award of the given lots found without an integer program (the greedy rule, then the
/// exact search within its step budget), if either finds one.
pub(crate) fn quick_award(prep: &Prepared, cands: &[Candidate], lots: &[usize]) -> Option<Vec<usize>> {
    if let Some(a) = greedy_award(prep, cands, lots) {
        return Some(a);
    }
    let to_award = places(prep, cands, lots);
    match award::find_within(&to_award, &prep.award_capacity, &prep.award_slots(), None, AWARD_STEPS) {
        Award::Found(a) => Some(a),
        Award::Impossible | Award::Undecided => None,
    }
}

/// Lots with the fewest bidders first, each place to the bidder with the most capacity left
/// (a framework lot's places to different bidders).
pub(crate) fn greedy_award(prep: &Prepared, cands: &[Candidate], lots: &[usize]) -> Option<Vec<usize>> {
    let mut left = prep.award_capacity.clone();
    let mut slots = prep.award_slots();
    let mut order: Vec<usize> = (0..lots.len()).collect();
    sort::by(&mut order, |&a, &b| {
        let (ca, cb) = (&cands[lots[a]], &cands[lots[b]]);
        ca.bidders.cmp(&cb.bidders).then(cb.value.total_cmp(&ca.value))
    });
    let mut first = Vec::with_capacity(lots.len());
    let mut total = 0;
    for &l in lots {
        first.push(total);
        total += prep.places(&cands[l]) as usize;
    }
    let mut award = vec![usize::MAX; total];
    for i in order {
        let lot = &cands[lots[i]];
        let n = prep.places(lot) as usize;
        let share = lot.value / n as f64;
        for p in 0..n {
            let taken = &award[first[i]..first[i] + p];
            let j = lot
                .credible
                .ones()
                .filter(|&j| slots.of_supplier(j) > 0 && left[j] >= share - award::TOLERANCE && !taken.contains(&j))
                .max_by(|&a, &b| left[a].total_cmp(&left[b]).then(b.cmp(&a)))?;
            left[j] -= share;
            slots.take(j);
            award[first[i] + p] = j;
        }
    }
    Some(award)
}
