//! Lower bounds on the number of lots from the linear relaxation of set partitioning, and the
//! segment weights that carry them into the exact cover search.
//!
//! **The bound.** Give every segment a weight `y(s) >= 0` such that no candidate lot weighs
//! more than 1 in all. Then every plan needs at least `ceil(sum of y)` lots, since each of its
//! lots carries at most 1 of the total. The heaviest such weights are the optimal dual of the
//! covering relaxation `min sum x(l)  s.t.  sum of x(l) over lots holding s >= 1,  x >= 0`,
//! whose value is at least the volume bound (`y(s) = value(s) / v_max` is one choice of
//! weights) and usually much closer to the true optimum.
//!
//! **Solving it.** The dual has one variable per segment and one constraint per listed lot
//! (often 100,000 or more), so it is solved by row generation: start with no lots, solve with
//! microlp, add for each segment the heaviest lot holding it whose weight exceeds 1, re-solve
//! from the last basis (microlp's dual simplex), and stop when no lot exceeds 1.
//!
//! **Using it.** Once some lots are chosen, the segments still open need at least
//! `ceil(their weight)` more lots, which prunes the exact cover search far harder than the
//! volume bound. A lot of weight `w` "wastes" `1 - w` (its reduced cost); a plan with `d` lots
//! wastes `d - sum of y` in all, so a search for plans of at most `d` lots may drop every lot
//! wasting more than that before it starts (reduced-cost fixing).
//!
//! The final weights are scaled down so that every listed lot weighs at most 1 exactly
//! (checked over all of them, not only those in the program), so the bound is valid whatever
//! rounding the simplex method did.

use crate::base::sort;
use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome, Variable};
use web_time::Instant;

use super::enumerate::Candidate;
use super::heuristic;

/// Weights within this of 1 count as 1 when looking for lots to add.
const TOLERANCE: f64 = 1e-9;
/// Margin below a whole number that still rounds the bound up to it (floating-point sums).
pub(crate) const SLACK: f64 = 1e-6;
/// Rounds of row generation at most (each adds up to one lot per segment).
const MAX_ROUNDS: usize = 400;
/// A step budget no search reaches: the deadline stops it instead.
const UNLIMITED: usize = usize::MAX / 2;

/// Segment weights proving a lower bound on the number of lots.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Weight of each prepared segment (0 outside the segments they were computed for).
    pub y: Vec<f64>,
    /// Sum of the weights: the linear-relaxation bound.
    pub total: f64,
}

impl Weights {
    /// The weight of one lot (at most 1 for every listed lot).
    pub fn of(&self, lot: &Candidate) -> f64 {
        lot.segments.iter().map(|&s| self.y[s]).sum()
    }

    /// Fewest lots any plan of these segments can have.
    pub fn lots(&self) -> u32 {
        lots_for(self.total)
    }

    /// What a plan of `lots` lots may waste in all (so also in any one of its lots).
    pub fn room(&self, lots: u32) -> f64 {
        lots as f64 - self.total
    }

    /// The candidates of `cols` wasting (`1 - weight`) at most `waste`.
    pub fn usable(&self, cands: &[Candidate], cols: &[usize], waste: f64) -> Vec<usize> {
        cols.iter().copied().filter(|&c| 1.0 - self.of(&cands[c]) <= waste + SLACK).collect()
    }
}

/// Lots needed to carry a total weight (each lot carries at most 1).
pub(crate) fn lots_for(weight: f64) -> u32 {
    (weight - SLACK).ceil().max(0.0) as u32
}

/// The heaviest weights for `segments` (prepared indices, `n` in all) over the lots `cols`,
/// or `None` when the deadline passes first or the solver fails. Every segment must be in
/// some lot of `cols`.
pub(crate) fn weights(
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    n: usize,
    deadline: Instant,
) -> Option<Weights> {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let mut var: Vec<Option<Variable>> = vec![None; n];
    for &s in segments {
        // Capping a weight at 1 is the same as allowing a lot of that segment alone, which
        // only relaxes the program further: the bound stays valid.
        var[s] = Some(problem.add_var(1.0, (0.0, 1.0)));
    }
    problem.set_time_limit(deadline.saturating_duration_since(Instant::now()));
    let mut outcome = problem.solve().ok()?;
    let mut y = vec![0.0; n];
    for _ in 0..MAX_ROUNDS {
        let solution = outcome.solution()?;
        for &s in segments {
            y[s] = solution.var_value(var[s]?).max(0.0);
        }
        let heaviest = heaviest_per_segment(cands, segments, cols, &y);
        if heaviest.is_empty() {
            break;
        }
        if Instant::now() >= deadline {
            return None;
        }
        for c in heaviest {
            let row: Vec<(Variable, f64)> =
                cands[c].segments.iter().filter_map(|&s| var[s].map(|v| (v, 1.0))).collect();
            outcome = add_row(outcome, row)?;
        }
    }
    // Scale so that no listed lot weighs more than 1, whatever the rounding.
    let most = cols.iter().map(|&c| cands[c].segments.iter().map(|&s| y[s]).sum::<f64>()).fold(1.0, f64::max);
    y.iter_mut().for_each(|w| *w /= most);
    let total = segments.iter().map(|&s| y[s]).sum();
    Some(Weights { y, total })
}

fn add_row(outcome: SolveOutcome, row: Vec<(Variable, f64)>) -> Option<SolveOutcome> {
    let solution = outcome.into_solution().ok()?;
    solution.add_constraint(row, ComparisonOp::Le, 1.0).ok()
}

/// For each segment, the heaviest lot holding it that weighs more than 1 (each lot once).
fn heaviest_per_segment(cands: &[Candidate], segments: &[usize], cols: &[usize], y: &[f64]) -> Vec<usize> {
    let mut best: Vec<Option<(f64, usize)>> = vec![None; y.len()];
    for &c in cols {
        let w: f64 = cands[c].segments.iter().map(|&s| y[s]).sum();
        if w <= 1.0 + TOLERANCE {
            continue;
        }
        for &s in &cands[c].segments {
            if best[s].is_none_or(|(b, _)| w > b) {
                best[s] = Some((w, c));
            }
        }
    }
    let mut chosen: Vec<usize> = segments.iter().filter_map(|&s| best[s].map(|(_, c)| c)).collect();
    sort::sort(&mut chosen);
    chosen.dedup();
    chosen
}

/// What [`fewest_lots`] found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Guided {
    /// A plan with the fewest lots possible (candidate indices).
    Fewest(Vec<usize>),
    /// No plan has fewer lots than the target.
    NoneBelow,
    /// The deadline came first.
    Stopped,
}

/// Fewest lots from `cols` covering each of `segments` exactly once, among plans of fewer than
/// `target` lots, searched with the relaxation's `weights`. `floor` is a proven lower bound on
/// the number of lots, and is raised as the search rules out each number of lots in turn.
///
/// For d = floor, floor + 1, ...: a plan of d lots wastes `d - total weight` in all, so only
/// lots wasting no more than that can be in one. The search first looks among lots wasting at
/// most a few times the average (plans are usually found there in moments), then among all of
/// them, to the end: a complete search without a plan proves that d lots are not enough.
#[allow(clippy::too_many_arguments)]
pub(crate) fn fewest_lots(
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    values: &[f64],
    v_max: f64,
    weights: &Weights,
    floor: &mut u32,
    target: u32,
    deadline: Instant,
) -> Guided {
    let target = target.min(segments.len() as u32 + 1);
    let y = Some(weights.y.as_slice());
    while *floor < target {
        let d = *floor;
        let room = weights.room(d);
        for times in [2.0, 4.0, 8.0, f64::INFINITY] {
            let share = (times / d as f64).min(1.0);
            if share < 1.0 && room * share < 1e-3 {
                continue;
            }
            let usable = weights.usable(cands, cols, room * share);
            let found = heuristic::cover(
                cands,
                segments,
                &usable,
                v_max,
                values,
                y,
                d as usize,
                d as usize + 1,
                UNLIMITED,
                deadline,
            );
            trace!(
                "  cover of {d} lots wasting at most {:.3} each: {} lots usable, complete {}, found {:?}",
                room * share,
                usable.len(),
                found.complete,
                found.best.as_ref().map(Vec::len)
            );
            match (found.complete, found.best) {
                (_, Some(lots)) => return Guided::Fewest(lots),
                (true, None) if share >= 1.0 => *floor = d + 1,
                (true, None) => {}
                (false, None) => return Guided::Stopped,
            }
        }
    }
    Guided::NoneBelow
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixedbitset::FixedBitSet;

    fn lot(segments: &[usize]) -> Candidate {
        Candidate { segments: segments.to_vec(), value: 1.0, credible: FixedBitSet::new(), bidders: 2 }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn odd_cycle_has_a_fractional_bound() {
        // Three segments, lots of any two: the relaxation takes each lot half, 1.5 in all,
        // so at least 2 lots; the weights are a half each.
        let cands = vec![lot(&[0, 1]), lot(&[1, 2]), lot(&[0, 2])];
        let w = weights(&cands, &[0, 1, 2], &[0, 1, 2], 3, far()).unwrap();
        assert!((w.total - 1.5).abs() < 1e-9, "total {}", w.total);
        assert_eq!(w.lots(), 2);
        for c in &cands {
            assert!(w.of(c) <= 1.0 + 1e-12);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn wasteful_lots_are_dropped_for_a_tight_target() {
        // {0,1,2} alone is a one-lot plan: with 1 lot nothing may be wasted, so of {0,1} and
        // {2} (which weigh 1 together) at most one can be kept.
        let cands = vec![lot(&[0, 1, 2]), lot(&[0, 1]), lot(&[2])];
        let w = weights(&cands, &[0, 1, 2], &[0, 1, 2], 3, far()).unwrap();
        assert_eq!(w.lots(), 1);
        let one = w.usable(&cands, &[0, 1, 2], w.room(1));
        assert!(one.contains(&0) && one.len() < 3, "{one:?}");
        assert_eq!(w.usable(&cands, &[0, 1, 2], w.room(2)).len(), 3);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_segment_outside_the_group_keeps_no_weight() {
        let cands = vec![lot(&[0]), lot(&[1])];
        let w = weights(&cands, &[1], &[1], 3, far()).unwrap();
        assert_eq!(w.y[0], 0.0);
        assert_eq!(w.lots(), 1);
    }

    /// A small deterministic generator (xorshift), so the random cases need no dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// Fewest candidates covering all of `n` segments exactly once, by dynamic programming
    /// over subsets: shares nothing with the code under test.
    fn brute_force(n: usize, masks: &[u32]) -> Option<u32> {
        let full = (1u32 << n) - 1;
        let mut best = vec![u32::MAX; 1 << n];
        best[0] = 0;
        for covered in 0..=full {
            if best[covered as usize] == u32::MAX || covered == full {
                continue;
            }
            let first = (!covered).trailing_zeros();
            for &m in masks.iter().filter(|&&m| m & covered == 0 && m >> first & 1 == 1) {
                let next = (covered | m) as usize;
                best[next] = best[next].min(best[covered as usize] + 1);
            }
        }
        (best[full as usize] != u32::MAX).then_some(best[full as usize])
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn guided_search_matches_brute_force_and_bounds_hold() {
        let mut rng = Rng(0x5eed_1075);
        for case in 0..600 {
            // Lots of two to four segments, often overlapping: fractional relaxations (odd
            // cycles) are common, and so are plans needing more lots than the bound.
            let n = 4 + rng.below(9) as usize;
            let values: Vec<f64> = (0..n).map(|_| (1 + rng.below(40)) as f64).collect();
            let v_max = if rng.below(2) == 0 { 1000.0 } else { 60.0 + rng.below(60) as f64 };
            let mut masks: Vec<u32> = (0..n as u64 + rng.below(3 * n as u64))
                .map(|_| (0..2 + rng.below(3)).fold(0u32, |m, _| m | 1 << rng.below(n as u64)))
                .collect();
            sort::sort(&mut masks);
            masks.dedup();
            let value = |m: u32| (0..n).filter(|&s| m >> s & 1 == 1).map(|s| values[s]).sum::<f64>();
            masks.retain(|&m| value(m) <= v_max);
            let cands: Vec<Candidate> = masks
                .iter()
                .map(|&m| Candidate {
                    value: value(m),
                    ..lot(&(0..n).filter(|&s| m >> s & 1 == 1).collect::<Vec<_>>())
                })
                .collect();
            let segments: Vec<usize> = (0..n).collect();
            let cols: Vec<usize> = (0..cands.len()).collect();
            if (0..n).any(|s| !cands.iter().any(|c| c.segments.contains(&s))) {
                continue; // the solver never asks about a segment no lot holds
            }
            let optimum = brute_force(n, &masks);
            let w = weights(&cands, &segments, &cols, n, far()).unwrap();
            assert!(cands.iter().all(|c| w.of(c) <= 1.0 + 1e-12), "case {case}: a lot weighs more than 1");
            let mut floor = w.lots();
            if let Some(opt) = optimum {
                assert!(floor <= opt, "case {case}: bound {floor} above the optimum {opt}");
            }
            let found = fewest_lots(&cands, &segments, &cols, &values, v_max, &w, &mut floor, u32::MAX, far());
            match (optimum, found) {
                (Some(opt), Guided::Fewest(plan)) => {
                    assert_eq!(plan.len() as u32, opt, "case {case}");
                    assert_eq!(floor, opt, "case {case}: the floor rose past the optimum");
                    let mut covered: Vec<usize> = plan.iter().flat_map(|&c| cands[c].segments.clone()).collect();
                    sort::sort(&mut covered);
                    assert_eq!(covered, segments, "case {case}: not an exact cover");
                    let mut floor = w.lots();
                    let none = fewest_lots(&cands, &segments, &cols, &values, v_max, &w, &mut floor, opt, far());
                    assert_eq!(none, Guided::NoneBelow, "case {case}");
                    assert_eq!(floor, opt, "case {case}: every number below the optimum ruled out");
                }
                (None, Guided::NoneBelow) => {}
                (optimum, found) => panic!("case {case}: brute force {optimum:?}, guided search {found:?}"),
            }
        }
    }

    fn far() -> Instant {
        Instant::now() + std::time::Duration::from_secs(60)
    }
}
