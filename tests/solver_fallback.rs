//! Problems with too many possible lots to solve exactly still get a valid plan quickly (not
//! proven best), a sound lower bound, and the advice to coarsen.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use lotwise::solution::Status;
use lotwise::solver::{self, Options};

/// (instance, proven optimum where known)
const CASES: [(&str, Option<u32>); 8] = [
    ("S-1", Some(12)),
    ("S-1-mix", Some(10)),
    ("default-la152", Some(12)),
    ("default-la40", Some(15)),
    ("M-1", Some(25)),
    ("L-1", None),
    ("L-2", Some(47)),
    ("L-3", None),
];

#[test]
fn a_quick_valid_plan_when_there_are_too_many_lots_to_list() {
    let mut planned = 0;
    for (name, optimum) in CASES {
        let problem = common::load_instance(name);
        // Pretend the problem is huge: allow only 5 candidate lots.
        let options = Options { time_limit: Duration::from_secs(20), max_candidates: 5 };
        let sol = solver::solve(&problem, &options);
        assert!(
            sol.diagnosis.iter().any(|f| f.rule == "size" && f.fix.contains("Coarsen")),
            "{name}: says the problem is too large and how to coarsen it: {:?}",
            sol.diagnosis
        );
        match sol.status {
            Status::Feasible => {
                planned += 1;
                let bad = common::violations(&problem, &sol);
                assert!(bad.is_empty(), "{name}: {bad:#?}");
                let lots = sol.num_lots.unwrap();
                let bound = sol.lower_bound.expect("a feasible answer carries its lower bound");
                assert!(bound <= lots, "{name}: bound {bound} above the plan's {lots} lots");
                if let Some(best) = optimum {
                    assert!(bound <= best, "{name}: bound {bound} above the optimum {best}");
                    assert!(lots >= best, "{name}: {lots} lots beats the proven optimum {best}");
                }
            }
            Status::Unknown => assert!(sol.lots.is_empty(), "{name}"),
            other => panic!("{name}: unexpected status {other:?}"),
        }
    }
    assert_eq!(planned, CASES.len(), "the quick method found plans for only {planned} of {} instances", CASES.len());
}

#[test]
fn an_infeasible_problem_is_never_given_a_quick_plan() {
    let problem = common::load_instance("M-3");
    let sol = solver::solve(&problem, &Options { time_limit: Duration::from_secs(10), max_candidates: 5 });
    assert_ne!(sol.status, Status::Feasible);
    assert!(sol.lots.is_empty());
}

#[test]
fn a_segment_that_fails_alone_proves_no_plan_even_without_listing_lots() {
    let mut problem = common::load_instance("S-1");
    problem.params.k = 9;
    let sol = solver::solve(&problem, &Options { time_limit: Duration::from_secs(10), max_candidates: 0 });
    assert_eq!(sol.status, Status::Infeasible, "{:?}", sol.diagnosis);
    let first = &sol.diagnosis[0];
    assert_eq!(first.rule, "R5");
    assert!(first.fix.starts_with("Lower k to 3"), "{}", first.fix);
}
