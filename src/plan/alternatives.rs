//! Alternative plans: a few more lots for a healthier market.
//!
//! The fewest-lots plan often awards a large share of the work to one or two providers. An
//! alternative plan caps that share: in its indicative award (R6) no supplier may hold more
//! than a given share of the value a year ([`crate::plan::problem::Params::max_award_share`]).
//! Each cap is solved by the same exact solver, so each alternative is the fewest lots that
//! keep every provider under the cap, proven where the problem is listable, and every other
//! rule (R1-R5, capacity and `m`) holds as before. Credibility (R5) is not touched: the cap
//! changes who the award could go to, not who could bid.
//!
//! [`caps_below`] chooses the caps worth trying for a plan; [`run`] solves them in turn until
//! a cap leaves no plan. [`crate::views::alternatives`] keeps the ones that trade lots for a
//! lower share (the Pareto front) and puts them in words.
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{alternatives, lower, solver}};
//! let problem = lower::lower_active(&Workspace::default_workspace())?;
//! let fewest = solver::solve(&problem, &solver::Options::default());
//! let largest = alternatives::largest_share(&fewest).unwrap();
//! let caps = alternatives::caps_below(largest);
//! assert!(caps.iter().all(|&c| c < largest));
//! let capped = alternatives::capped(&problem, caps[0]);
//! assert_eq!(capped.params.max_award_share, Some(caps[0]));
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use std::collections::BTreeMap;

use crate::plan::problem::LotProblem;
use crate::plan::solution::{Solution, Status};
use crate::plan::solver::{self, Options};

/// The caps on any provider's share that alternative plans try, largest first.
pub const SHARE_CAPS: [f64; 7] = [0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1];

/// The most alternatives tried for one plan.
pub const MAX_ALTERNATIVES: usize = 5;

/// The lot problem of an alternative plan: `problem` with no supplier awarded more than
/// `share` of the in-scope value a year.
pub fn capped(problem: &LotProblem, share: f64) -> LotProblem {
    let mut p = problem.clone();
    p.params.max_award_share = Some(share);
    p.name = format!("{} (no provider above {:.0}% of the value)", problem.name, share * 100.0);
    p
}

/// The largest share of the lots' value a year that one supplier holds in `plan`'s
/// indicative award, or `None` when nothing is awarded.
pub fn largest_share(plan: &Solution) -> Option<f64> {
    let total: f64 = plan.lots.iter().map(|l| l.value).sum();
    let mut by_supplier: BTreeMap<&str, f64> = BTreeMap::new();
    for lot in plan.lots.iter().filter(|l| !l.award.is_empty()) {
        *by_supplier.entry(lot.award.as_str()).or_default() += lot.value;
    }
    let largest = by_supplier.values().copied().fold(0.0, f64::max);
    (total > 0.0 && largest > 0.0).then(|| largest / total)
}

/// The caps worth trying for a plan whose largest provider holds `largest`: those of
/// [`SHARE_CAPS`] below it (by at least a percentage point), at most [`MAX_ALTERNATIVES`].
pub fn caps_below(largest: f64) -> Vec<f64> {
    SHARE_CAPS.iter().copied().filter(|&c| c <= largest - 0.01).take(MAX_ALTERNATIVES).collect()
}

/// One alternative: the cap and the plan solved under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tried {
    pub cap: f64,
    pub problem: LotProblem,
    pub solution: Solution,
}

/// Solves the caps below `plan`'s largest share in turn (each within `options`' time limit),
/// stopping after the first that has no plan: a smaller cap cannot have one either (and when
/// the time ran out, a smaller cap is harder still).
pub fn run(problem: &LotProblem, plan: &Solution, options: &Options) -> Vec<Tried> {
    let Some(largest) = largest_share(plan) else { return Vec::new() };
    let mut out = Vec::new();
    for cap in caps_below(largest) {
        let problem = capped(problem, cap);
        let solution = solver::solve(&problem, options);
        let stop = !matches!(solution.status, Status::Optimal | Status::Feasible);
        out.push(Tried { cap, problem, solution });
        if stop {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::lower;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn caps_are_below_the_plans_largest_share() {
        assert_eq!(caps_below(0.33), vec![0.3, 0.25, 0.2, 0.15, 0.1]);
        assert_eq!(caps_below(0.255), vec![0.2, 0.15, 0.1]);
        assert!(caps_below(0.1).is_empty());
    }

    #[test]
    fn each_alternative_keeps_every_provider_under_its_cap() {
        let problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let fewest = solver::solve(&problem, &Options::default());
        let options = Options { time_limit: std::time::Duration::from_secs(5), ..Options::default() };
        let tried = run(&problem, &fewest, &options);
        assert!(!tried.is_empty());
        let total: f64 = problem.in_scope().map(|s| s.value).sum();
        for t in &tried {
            if !matches!(t.solution.status, Status::Optimal | Status::Feasible) {
                assert_eq!(t.cap, tried.last().unwrap().cap, "only the last cap may leave no plan");
                continue;
            }
            let share = largest_share(&t.solution).unwrap();
            assert!(share * total <= t.cap * total + 0.5, "cap {} but {share}", t.cap);
            assert!(t.solution.num_lots >= fewest.num_lots, "a cap never needs fewer lots");
        }
    }
}
