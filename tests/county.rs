//! County-size problems (issue #5): the generator reproduces the instances in the repository,
//! and the solver gives each a valid plan with a sound lower bound and a small gap.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use lotwise::plan::generate::{county, Shape};
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::Status;
use lotwise::plan::solver::{self, Options};

fn stored(name: &str) -> String {
    let path = format!("{}/tests/data/county/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_generator_reproduces_the_stored_counties() {
    for tiers in [false, true] {
        let problem = county(Shape::county(tiers));
        problem.validate().expect("a generated county is valid");
        assert_eq!(
            problem.to_json() + "\n",
            stored(&problem.name),
            "{}: regenerate with `cargo run --release --example county -- --write tests/data/county`",
            problem.name
        );
    }
}

#[test]
fn the_stored_counties_have_the_issues_shape() {
    for (name, segments) in [("county-40x10", 400), ("county-40x10x4", 1600)] {
        let problem = LotProblem::from_json(&stored(name)).unwrap();
        assert_eq!(problem.localities.len(), 40, "{name}");
        assert_eq!(problem.service_areas.len(), 10, "{name}");
        assert_eq!(problem.suppliers.len(), 150, "{name}");
        assert_eq!(problem.segments.len(), segments, "{name}");
    }
}

/// A valid plan quickly, improved until the limit, with a lower bound at most a few lots
/// below it (benchmarks in docs/benchmarks.md time this in a release build; this test runs
/// unoptimised, so its limits are looser).
#[test]
fn county_problems_get_a_valid_plan_with_a_small_gap() {
    for name in ["county-40x10", "county-40x10x4"] {
        let problem = LotProblem::from_json(&stored(name)).unwrap();
        let first = std::rc::Rc::new(std::cell::Cell::new(None));
        let seen = first.clone();
        let options = Options {
            time_limit: Duration::from_secs(20),
            progress: Some(std::rc::Rc::new(move |plan: &lotwise::plan::solution::Solution| {
                if seen.get().is_none() {
                    seen.set(plan.num_lots);
                }
            })),
            ..Options::default()
        };
        let sol = solver::solve(&problem, &options);
        assert!(matches!(sol.status, Status::Feasible | Status::Optimal), "{name}: {:?}", sol.diagnosis);
        let bad = common::violations(&problem, &sol);
        assert!(bad.is_empty(), "{name}: {bad:#?}");
        let (lots, bound) = (sol.num_lots.unwrap(), sol.lower_bound.unwrap());
        assert!(bound <= lots, "{name}");
        assert!(lots - bound <= 3, "{name}: {lots} lots, at least {bound}");
        let first = first.get().expect("a plan was reported while solving");
        assert!(first >= lots, "{name}: the first plan reported ({first}) beat the answer ({lots})");
    }
}

/// The county split by all four axes at once (10 areas x 4 tiers x 3 functions x 40
/// localities: 3,360 segments in scope): a valid plan, reported while solving, with a sound
/// bound. Its segments, named by every axis, carry their function.
#[test]
fn a_county_split_by_all_four_axes_gets_a_valid_plan() {
    let problem = county(Shape::county_all_axes());
    problem.validate().expect("a generated county is valid");
    assert_eq!(problem.name, "county-40x10x4-f3");
    assert_eq!(problem.in_scope().count(), 3360);
    let seg = problem.segments.iter().find(|s| s.id == "FOST-T2-CASE-D07").expect("a segment named by every axis");
    assert_eq!((seg.tier, seg.function.as_deref()), (Some(2), Some("CASE")));
    let reports = std::rc::Rc::new(std::cell::Cell::new(0));
    let heard = reports.clone();
    let options = Options {
        time_limit: Duration::from_secs(20),
        progress: Some(std::rc::Rc::new(move |_: &lotwise::plan::solution::Solution| heard.set(heard.get() + 1))),
        ..Options::default()
    };
    let sol = solver::solve(&problem, &options);
    assert!(matches!(sol.status, Status::Feasible | Status::Optimal), "{:?}", sol.diagnosis);
    let bad = common::violations(&problem, &sol);
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(sol.lower_bound.unwrap() <= sol.num_lots.unwrap());
    assert!(reports.get() >= 1, "a plan was reported while solving");
}

/// All four axes at once (area x tier x function x locality) on the shipped scenario: far too
/// many possible lots to list, so the search plans it, validly, with a sound bound.
#[test]
fn all_four_axes_at_once_get_a_valid_plan() {
    use lotwise::model::{Axis, Workspace};
    let mut ws = Workspace::default_workspace();
    let scenario = &mut ws.scenarios[0];
    scenario.split_by = [Axis::Area, Axis::Tier, Axis::Function, Axis::Locality].into_iter().collect();
    let problem = lotwise::plan::lower::lower(scenario).expect("the finer scenario lowers");
    let in_scope = problem.in_scope().count();
    assert!(in_scope > 300, "{in_scope} segments in scope");
    let sol = solver::solve(&problem, &Options { time_limit: Duration::from_secs(10), ..Options::default() });
    assert!(matches!(sol.status, Status::Feasible | Status::Optimal), "{:?}", sol.diagnosis);
    assert!(common::violations(&problem, &sol).is_empty());
    assert!(sol.lower_bound.unwrap() <= sol.num_lots.unwrap());
}
