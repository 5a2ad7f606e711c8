//! A regional plan by authority: each authority's share of every lot's value and of the
//! plan's totals (`docs/regional.md`).
//!
//! Everything is read from the lot problem's segments, which name their authority when the
//! scenario lists several ([`crate::plan::problem::Segment::authority`]).
//!
//! # Example
//! ```
//! use lotwise::model::{regional, Workspace};
//! use lotwise::plan::{lower, solver};
//! use lotwise::views::regional::{lot_shares, totals};
//! let ours = Workspace::default_workspace().scenarios.remove(0);
//! let mut theirs = ours.clone();
//! theirs.service.authority = "Neighbouring council".into();
//! let sc = regional::merge(&ours, &theirs, &[])?.scenario;
//! let problem = lower::lower(&sc).unwrap();
//! let plan = solver::solve(&problem, &solver::Options::default());
//! for lot in &plan.lots {
//!     assert_eq!(lot_shares(&problem, lot).len(), 1, "no service area lets its lots cross a border");
//! }
//! let by_authority = totals(&problem, &plan);
//! assert_eq!(by_authority.len(), 2);
//! assert_eq!(by_authority[1].authority, "Neighbouring council");
//! # Ok::<_, lotwise::model::edit::EditError>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use crate::base::text::percent;
use crate::plan::problem::{LotProblem, Segment};
use crate::plan::solution::{Lot, Solution};

/// Whether the problem is a regional plan's: its segments name their authorities.
pub fn is_regional(problem: &LotProblem) -> bool {
    problem.segments.iter().any(|s| s.authority.is_some())
}

/// The authorities in the order their work first appears.
pub fn authorities(problem: &LotProblem) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for a in problem.segments.iter().filter_map(|s| s.authority.as_deref()) {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// One authority's part of a lot.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub authority: String,
    /// GBP a year.
    pub value: f64,
    /// Of the lot's value, 0..=1.
    pub share: f64,
}

/// Each authority's part of `lot`, largest first ("several authorities" for segments that
/// hold more than one authority's work). For every lot of a plan, [`shares_by_lot`] looks the
/// segments up once.
pub fn lot_shares(problem: &LotProblem, lot: &Lot) -> Vec<Share> {
    shares(&index(problem), lot)
}

/// [`lot_shares`] of each of `solution`'s lots, in order; empty when the plan is not regional
/// ([`is_regional`]), so callers show authorities only where there are some.
pub fn shares_by_lot(problem: &LotProblem, solution: &Solution) -> Vec<Vec<Share>> {
    if !is_regional(problem) {
        return Vec::new();
    }
    let index = index(problem);
    solution.lots.iter().map(|l| shares(&index, l)).collect()
}

/// The problem's segments by id.
fn index(problem: &LotProblem) -> HashMap<&str, &Segment> {
    problem.segments.iter().map(|s| (s.id.as_str(), s)).collect()
}

fn shares(index: &HashMap<&str, &Segment>, lot: &Lot) -> Vec<Share> {
    let mut by: BTreeMap<&str, f64> = BTreeMap::new();
    for s in lot.segments.iter().filter_map(|id| index.get(id.as_str())) {
        *by.entry(s.authority.as_deref().unwrap_or("several authorities")).or_default() += s.value;
    }
    let total: f64 = by.values().sum();
    let mut out: Vec<Share> = by
        .into_iter()
        .map(|(authority, value)| Share {
            authority: authority.to_string(),
            value,
            share: if total > 0.0 { value / total } else { 0.0 },
        })
        .collect();
    crate::base::sort::by(&mut out, |a, b| b.value.total_cmp(&a.value).then_with(|| a.authority.cmp(&b.authority)));
    out
}

/// The shares in words: "Salford 60%; Trafford 40%", or the one authority's name.
pub fn shares_words(shares: &[Share]) -> String {
    match shares {
        [one] => one.authority.clone(),
        _ => shares.iter().map(|s| format!("{} {}", s.authority, percent(s.share))).collect::<Vec<_>>().join("; "),
    }
}

/// One authority's part of the whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorityTotal {
    pub authority: String,
    /// Its work in lots, GBP a year.
    pub in_lots: f64,
    /// Its work kept in-house, GBP a year.
    pub in_house: f64,
    /// Of the value in all lots, 0..=1.
    pub share: f64,
    /// Lots holding some of its work.
    pub lots: usize,
    /// Of those, lots shared with another authority.
    pub shared_lots: usize,
}

/// Each authority's part of the plan, in the order its work first appears.
pub fn totals(problem: &LotProblem, solution: &Solution) -> Vec<AuthorityTotal> {
    let shares = shares_by_lot(problem, solution);
    let all: f64 = solution.lots.iter().map(|l| l.value).sum();
    authorities(problem)
        .into_iter()
        .map(|a| {
            let mine = |s: &Vec<Share>| s.iter().find(|x| x.authority == a).map(|x| x.value);
            let in_lots: f64 = shares.iter().filter_map(mine).sum();
            let in_house: f64 = problem
                .segments
                .iter()
                .filter(|s| s.retained && s.authority.as_deref() == Some(a))
                .map(|s| s.value)
                .sum();
            AuthorityTotal {
                authority: a.to_string(),
                in_lots,
                in_house,
                share: if all > 0.0 { in_lots / all } else { 0.0 },
                lots: shares.iter().filter(|s| mine(s).is_some()).count(),
                shared_lots: shares.iter().filter(|s| mine(s).is_some() && s.len() > 1).count(),
            }
        })
        .collect()
}

/// Which service areas' lots may cross authority borders, in words, for exports and the
/// rules summary: "Lots keep within one authority", or the areas that may cross.
pub fn crossing_words(problem: &LotProblem) -> String {
    let within = &problem.params.within_authority;
    let crossing: Vec<String> = problem
        .service_areas
        .iter()
        .filter(|a| !within.contains(&a.code))
        .map(|a| if a.name.is_empty() { a.code.clone() } else { a.name.clone() })
        .collect();
    if within.is_empty() {
        "Every lot may cross authority borders".into()
    } else if crossing.is_empty() || problem.params.mix_service_areas {
        "Every lot keeps within one authority".into()
    } else {
        format!("Only lots of {} may cross authority borders", crate::base::text::and_list(&crossing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{regional, Workspace};
    use crate::plan::{lower, solver};

    fn merged() -> crate::model::Scenario {
        let ours = Workspace::default_workspace().scenarios.remove(0);
        let mut theirs = ours.clone();
        theirs.service.authority = "Neighbouring council".into();
        let mut sc = regional::merge(&ours, &theirs, &[]).unwrap().scenario;
        // A border between the two: North (ours) meets North (theirs).
        sc.adjacency.push(("North".into(), "North (Neighbouring council)".into()));
        sc
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn shares_add_up_to_each_lot_and_to_the_plan() {
        let mut sc = merged();
        sc.service_areas.iter_mut().for_each(|a| a.cross_authority = true);
        sc.rules.v_max = 8_000_000.0;
        let problem = lower::lower(&sc).unwrap();
        assert!(problem.params.within_authority.is_empty());
        assert_eq!(crossing_words(&problem), "Every lot may cross authority borders");
        let plan = solver::solve(&problem, &solver::Options::default());
        assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
        for lot in &plan.lots {
            let shares = lot_shares(&problem, lot);
            let sum: f64 = shares.iter().map(|s| s.value).sum();
            assert!((sum - lot.value).abs() < 0.5);
            assert!((shares.iter().map(|s| s.share).sum::<f64>() - 1.0).abs() < 1e-9);
        }
        let t = totals(&problem, &plan);
        let in_lots: f64 = t.iter().map(|a| a.in_lots).sum();
        assert!((in_lots - plan.lots.iter().map(|l| l.value).sum::<f64>()).abs() < 1.0);
        assert!(t.iter().all(|a| a.in_house > 0.0), "the example keeps safeguarding in-house in both");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn lots_keep_within_one_authority_unless_their_area_may_cross() {
        let sc = merged();
        let problem = lower::lower(&sc).unwrap();
        assert_eq!(crossing_words(&problem), "Every lot keeps within one authority");
        let plan = solver::solve(&problem, &solver::Options::default());
        assert!(!plan.lots.is_empty());
        assert!(plan.lots.iter().all(|l| lot_shares(&problem, l).len() == 1));
        assert_eq!(shares_words(&lot_shares(&problem, &plan.lots[0])), totals(&problem, &plan)[0].authority);
        assert!(totals(&problem, &plan).iter().all(|t| t.shared_lots == 0));
        // Why each lot stands alone speaks of the border, and never of joining a lot of the
        // other authority.
        let why = crate::views::why::why_lots(&problem, &plan);
        let all: Vec<&String> = why.iter().flat_map(|w| &w.reasons).collect();
        assert!(all.iter().any(|r| r.contains("may not cross authority borders")), "{all:#?}");
        let authority_of =
            |id: &str| lot_shares(&problem, plan.lots.iter().find(|l| l.id == id).unwrap())[0].authority.clone();
        for w in &why {
            for other in w.reasons.iter().filter_map(|r| r.strip_prefix("Joined with ")) {
                let other = other.split_whitespace().next().unwrap();
                assert_eq!(authority_of(other), authority_of(&w.lot), "{w:?}");
            }
        }
    }
}
