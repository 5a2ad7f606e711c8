//! Award-aware search (issue 14): where awards are tight, the plan search keeps every lot
//! awarded (R6) instead of returning no plan, and a person hears what the solver is doing
//! from the first moment.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Phase, Solution, Status};
use lotwise::plan::solver::{self, Options};

/// Part of the shared county `XL-2` (fostering, adoption, services for young people; the
/// other areas kept in-house) with every supplier's capacity halved: awards as tight as in the
/// whole county, small enough for an unoptimised test build. Before award-aware search the
/// solver answered it (as it did `XL-2` and `R-1`) with status `unknown`: "the best plans found
/// could not be awarded (R6)".
fn tight_county() -> LotProblem {
    let mut problem = common::load_instance("XL-2");
    for s in &mut problem.segments {
        s.retained |= !["FOST", "ADOP", "YP"].contains(&s.service_area.as_str());
    }
    for j in &mut problem.suppliers {
        j.capacity = (j.capacity / 2.0).round();
    }
    problem.name = "XL-2-tight".into();
    problem.validate().expect("still a valid lot problem");
    problem
}

#[test]
fn a_county_with_tight_awards_gets_an_awardable_plan_reported_while_solving() {
    let problem = tight_county();
    let plans: Rc<RefCell<Vec<Solution>>> = Rc::default();
    let phases: Rc<RefCell<Vec<Phase>>> = Rc::default();
    let (heard, told) = (plans.clone(), phases.clone());
    let options = Options {
        time_limit: Duration::from_secs(20),
        // Search alone, as for areas too large to list.
        max_candidates: 0,
        progress: Some(Rc::new(move |plan: &Solution| heard.borrow_mut().push(plan.clone()))),
        phase: Some(Rc::new(move |phase: &Phase| told.borrow_mut().push(phase.clone()))),
    };
    let sol = solver::solve(&problem, &options);
    assert!(matches!(sol.status, Status::Feasible | Status::Optimal), "{:?}", sol.diagnosis);
    let bad = common::violations(&problem, &sol);
    assert!(bad.is_empty(), "{bad:#?}");
    let (lots, bound) = (sol.num_lots.unwrap(), sol.lower_bound.unwrap());
    assert!(bound <= lots);

    // Every plan reported on the way is valid, awards included, and none beats the answer.
    let plans = plans.borrow();
    assert!(!plans.is_empty(), "a plan was reported while solving");
    for plan in plans.iter() {
        let bad = common::violations(&problem, plan);
        assert!(bad.is_empty(), "a reported plan breaks the rules: {bad:#?}");
        assert!(plan.num_lots.unwrap() >= lots);
    }
    // The phases came first, in order of time, and said what was being done.
    let phases = phases.borrow();
    assert!(phases.len() >= 2, "{phases:?}");
    assert!(phases[0].doing.starts_with("Finding a first plan"), "{phases:?}");
    assert!(phases.windows(2).all(|w| w[0].seconds <= w[1].seconds), "{phases:?}");
    let first_plan = plans[0].stats.as_ref().unwrap().seconds;
    assert!(phases[0].seconds <= first_plan, "the first phase came before the first plan");
    assert!(
        phases.iter().any(|p| p.doing.contains("cannot be awarded")),
        "the first plan needed the award-aware repair here: {phases:?}"
    );
}

#[test]
fn listable_problems_keep_their_exact_answers_and_phases_need_no_listener() {
    // Phases are optional: a solve without listeners is unchanged (the shared instances'
    // answers are checked in solver_instances.rs); with one, the first phase comes at once.
    let problem = common::load_instance("S-1-mix");
    let phases: Rc<RefCell<Vec<Phase>>> = Rc::default();
    let told = phases.clone();
    let options = Options {
        time_limit: Duration::from_secs(30),
        phase: Some(Rc::new(move |phase: &Phase| told.borrow_mut().push(phase.clone()))),
        ..Options::default()
    };
    let sol = solver::solve(&problem, &options);
    assert_eq!(sol.status, Status::Optimal);
    assert_eq!((sol.num_lots, sol.min_credible_bidders), (Some(10), Some(2)));
    assert!(common::violations(&problem, &sol).is_empty());
    let phases = phases.borrow();
    assert!(phases.first().is_some_and(|p| p.seconds < 1.0), "{phases:?}");
}

#[test]
fn framework_lots_in_a_county_with_tight_awards_get_an_awardable_plan() {
    // The tight county with every fostering lot and every lot for young people appointing 2
    // providers. Before the running award knew framework lots, the repair that gives this county
    // a plan was skipped for them and the award was left to the end, where it failed.
    let mut problem = tight_county();
    problem.params.appointments = [("FOST".to_string(), 2), ("YP".to_string(), 2)].into();
    problem.validate().expect("still a valid lot problem");
    let phases: Rc<RefCell<Vec<Phase>>> = Rc::default();
    let told = phases.clone();
    let options = Options {
        time_limit: Duration::from_secs(20),
        max_candidates: 0,
        phase: Some(Rc::new(move |phase: &Phase| told.borrow_mut().push(phase.clone()))),
        ..Options::default()
    };
    let sol = solver::solve(&problem, &options);
    assert!(matches!(sol.status, Status::Feasible | Status::Optimal), "{:?}", sol.diagnosis);
    let bad = common::violations(&problem, &sol);
    assert!(bad.is_empty(), "{bad:#?}");
    // Every fostering and young people's lot appoints two different providers.
    for lot in &sol.lots {
        let area = &problem.segments.iter().find(|s| s.id == lot.segments[0]).unwrap().service_area;
        let n = if ["FOST", "YP"].contains(&area.as_str()) { 2 } else { 1 };
        assert_eq!(lot.appointees().len(), n, "{} in {area}: {:?}", lot.id, lot.appointees());
    }
    assert!(
        phases.borrow().iter().any(|p| p.doing.contains("cannot be awarded")),
        "the award-aware repair was needed, and used with framework lots"
    );
}

/// The county `XL-2` with every supplier's capacity cut to 35 %: the suppliers eligible for any
/// of its work can then take less than the work in scope, which proves at once that no plan can
/// be awarded (the search used to look for one until the time ran out). Cut only where
/// fostering is provided, fostering alone falls short; and with m = 1 the suppliers cannot win
/// as many lots as every plan needs.
#[test]
fn a_market_too_small_for_the_work_or_its_lots_proves_no_plan_at_once() {
    let options = Options { time_limit: Duration::from_secs(20), ..Options::default() };
    let reasons = |sol: &Solution| sol.diagnosis.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
    let mut short = common::load_instance("XL-2");
    short.suppliers.iter_mut().for_each(|j| j.capacity *= 0.35);
    let sol = solver::solve(&short, &options);
    assert_eq!(sol.status, Status::Infeasible, "{:?}", reasons(&sol));
    let [finding] = sol.diagnosis.as_slice() else { panic!("{:#?}", reasons(&sol)) };
    assert_eq!(finding.rule.code(), "R6");
    assert!(
        finding.message.starts_with("The suppliers eligible for any of the work in scope can take £"),
        "{}",
        finding.message
    );
    assert!(finding.message.contains("less than the £409,572,369 a year of work in scope"), "{}", finding.message);
    assert!(finding.fix.contains("or retain at least £"), "{}", finding.fix);

    // Enough capacity in all, but not for fostering: its two providers can take 5 each, and
    // its three localities' work (4 each, so a lot each) is worth 12.
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 5, "k": 1, "m": 10},
      "localities": ["A", "B", "C"], "adjacency": [["A", "B"], ["B", "C"]],
      "service_areas": [{"code": "F", "name": "Fostering"}, {"code": "R", "name": "Residential care"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 4},
                   {"id": "F-C", "service_area": "F", "locality": "C", "value": 4},
                   {"id": "R-A", "service_area": "R", "locality": "A", "value": 1}],
      "suppliers": [{"id": "F1", "capacity": 5, "service_areas": ["F"], "localities": ["A", "B", "C"]},
                    {"id": "F2", "capacity": 5, "service_areas": ["F"], "localities": ["A", "B", "C"]},
                    {"id": "R1", "capacity": 100, "service_areas": ["R"], "localities": ["A", "B", "C"]}]}"#;
    let mut fostering = LotProblem::from_json(text).unwrap();
    let sol = solver::solve(&fostering, &options);
    assert_eq!(sol.status, Status::Infeasible, "{:?}", reasons(&sol));
    let [finding] = sol.diagnosis.as_slice() else { panic!("{:#?}", reasons(&sol)) };
    assert_eq!(
        finding.message,
        "The suppliers eligible for Fostering work can take £10 a year between them, less than its £12 a year in scope: every lot goes to bidders within their capacity, so the market cannot take all its lots at once."
    );
    assert_eq!(finding.suppliers, ["F1", "F2"]);
    assert!(finding.fix.starts_with("Add suppliers who provide Fostering to the register;"), "{}", finding.fix);
    // With one more lot's room, it has a plan.
    fostering.suppliers[1].capacity = 8.0;
    let sol = solver::solve(&fostering, &options);
    assert_eq!((sol.status, sol.num_lots), (Status::Optimal, Some(4)), "{:?}", reasons(&sol));

    // Three localities the map does not join need three lots, which two suppliers that may
    // win one lot each (m = 1) cannot take.
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 50, "k": 1, "m": 1},
      "localities": ["A", "B", "C"], "adjacency": [],
      "service_areas": [{"code": "F", "name": "Fostering"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 4},
                   {"id": "F-C", "service_area": "F", "locality": "C", "value": 4}],
      "suppliers": [{"id": "F1", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C"]},
                    {"id": "F2", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C"]}]}"#;
    let mut few = LotProblem::from_json(text).unwrap();
    let sol = solver::solve(&few, &options);
    assert_eq!(sol.status, Status::Infeasible, "{:?}", reasons(&sol));
    let [finding] = sol.diagnosis.as_slice() else { panic!("{:#?}", reasons(&sol)) };
    assert_eq!(
        finding.message,
        "Every plan needs at least 3 awards, as its lots must each stay within the largest lot allowed and have enough credible bidders, but the 2 suppliers eligible for any of the work may win at most m = 1 lot each: 2 at most."
    );
    assert!(finding.fix.starts_with("Raise m (the most lots one supplier may win) to 2;"), "{}", finding.fix);
    few.params.m = 2;
    let sol = solver::solve(&few, &options);
    assert_eq!((sol.status, sol.num_lots), (Status::Optimal, Some(3)), "{:?}", reasons(&sol));
}
