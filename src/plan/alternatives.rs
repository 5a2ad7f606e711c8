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
//! Another alternative opens lots to SMEs ([`Aim::SmeOpen`]): every lot of each service area
//! where an SME could take every segment on its own must have a credible SME bidder
//! ([`crate::plan::problem::Params::sme_open`]), so lots are sized for smaller providers.
//!
//! [`aims`] chooses the alternatives worth trying for a plan; [`run`] solves the caps in turn
//! until one leaves no plan, then the SME-open plan. [`crate::views::alternatives`] keeps the
//! ones that trade lots for a healthier market (the Pareto front) and puts them in words.
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

use crate::plan::problem::{LotProblem, Segment, Supplier};
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
    for (to, value) in plan.lots.iter().flat_map(crate::plan::solution::Lot::awarded) {
        *by_supplier.entry(to).or_default() += value;
    }
    let largest = by_supplier.values().copied().fold(0.0, f64::max);
    (total > 0.0 && largest > 0.0).then(|| largest / total)
}

/// The caps worth trying for a plan whose largest provider holds `largest`: those of
/// [`SHARE_CAPS`] below it (by at least a percentage point), at most [`MAX_ALTERNATIVES`].
pub fn caps_below(largest: f64) -> Vec<f64> {
    SHARE_CAPS.iter().copied().filter(|&c| c <= largest - 0.01).take(MAX_ALTERNATIVES).collect()
}

/// What an alternative plan aims for, on top of every rule of the plan it is an alternative to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aim {
    /// No supplier's indicative award above this share (0..=1) of the value a year.
    Cap(f64),
    /// Lots open to SMEs: each lot of the areas in [`sme_opened`] has a credible SME bidder.
    SmeOpen,
}

impl Aim {
    /// A short key for ids and files: the cap in per cent (`"20"`), or `"sme"`.
    pub fn key(self) -> String {
        match self {
            Aim::Cap(cap) => format!("{:.0}", cap * 100.0),
            Aim::SmeOpen => "sme".into(),
        }
    }

    /// The lot problem of this alternative to `problem`.
    pub fn problem(self, problem: &LotProblem) -> LotProblem {
        match self {
            Aim::Cap(cap) => capped(problem, cap),
            Aim::SmeOpen => sme_opened(problem),
        }
    }
}

/// The lot problem of the SME-open alternative: `problem` with [`sme_open_areas`].
pub fn sme_opened(problem: &LotProblem) -> LotProblem {
    let mut p = problem.clone();
    p.params.sme_open = sme_open_areas(problem);
    p.name = format!("{} (lots open to SMEs)", problem.name);
    p
}

/// The service areas whose lots the SME-open alternative opens: each where an SME could bid
/// for every in-scope segment on its own (elsewhere no lot can be open, so the area is left as
/// it was). When areas mix, naming any area applies to every lot, so then all must qualify;
/// otherwise the problem's own list stands.
pub fn sme_open_areas(problem: &LotProblem) -> Vec<String> {
    let able = |s: &Segment, j: &Supplier| j.is_sme() && j.capacity >= s.value && LotProblem::eligible(j, s);
    let in_scope: Vec<&str> = problem
        .service_areas
        .iter()
        .filter(|a| problem.in_scope().any(|s| s.service_area == a.code))
        .map(|a| a.code.as_str())
        .collect();
    let open: Vec<String> = in_scope
        .iter()
        .filter(|&&code| {
            problem.in_scope().filter(|s| s.service_area == code).all(|s| problem.suppliers.iter().any(|j| able(s, j)))
        })
        .map(|code| code.to_string())
        .collect();
    if problem.params.mix_service_areas && open.len() < in_scope.len() {
        problem.params.sme_open.clone()
    } else {
        open
    }
}

/// The alternatives worth trying for `plan`: the caps below its largest share, then lots open
/// to SMEs when that asks more than `problem` already does.
pub fn aims(problem: &LotProblem, plan: &Solution) -> Vec<Aim> {
    let mut aims: Vec<Aim> =
        largest_share(plan).map(caps_below).unwrap_or_default().into_iter().map(Aim::Cap).collect();
    if !plan.lots.is_empty() && sme_open_areas(problem) != problem.params.sme_open {
        aims.push(Aim::SmeOpen);
    }
    aims
}

/// One alternative: what it aims for and the plan solved for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tried {
    pub aim: Aim,
    pub problem: LotProblem,
    pub solution: Solution,
}

/// Solves the [`aims`] for `plan` in turn (each within `options`' time limit). The caps stop
/// after the first that has no plan: a smaller cap cannot have one either (and when the time
/// ran out, a smaller cap is harder still).
pub fn run(problem: &LotProblem, plan: &Solution, options: &Options) -> Vec<Tried> {
    let mut out = Vec::new();
    let mut caps_done = false;
    for aim in aims(problem, plan) {
        if caps_done && matches!(aim, Aim::Cap(_)) {
            continue;
        }
        let problem = aim.problem(problem);
        let solution = solver::solve(&problem, options);
        let failed = !matches!(solution.status, Status::Optimal | Status::Feasible);
        caps_done |= failed && matches!(aim, Aim::Cap(_));
        out.push(Tried { aim, problem, solution });
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
        let caps: Vec<&Tried> = tried.iter().filter(|t| matches!(t.aim, Aim::Cap(_))).collect();
        for t in &caps {
            let Aim::Cap(cap) = t.aim else { continue };
            if !matches!(t.solution.status, Status::Optimal | Status::Feasible) {
                assert_eq!(t.aim, caps.last().unwrap().aim, "only the last cap may leave no plan");
                continue;
            }
            let share = largest_share(&t.solution).unwrap();
            assert!(share * total <= cap * total + 0.5, "cap {cap} but {share}");
            assert!(t.solution.num_lots >= fewest.num_lots, "a cap never needs fewer lots");
        }
    }
}
