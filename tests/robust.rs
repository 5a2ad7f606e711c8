//! Robust lots: a plan valid in year 0 but not at the peak is rejected; the worst-case plan
//! holds in every case; awards are redone per case; a supplier leaving binds.
#![cfg(not(target_arch = "wasm32"))]

use lotwise::model::Scenario;
use lotwise::plan::lower::lower;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::robust::{all_cases, check_lots, check_plan, solve_robust, worst_case, Case};
use lotwise::plan::solution::Status;
use lotwise::plan::solver::{solve, Options};
use serde_json::{json, Value};

/// As in `tests/projection.rs`: FOST £1m, RES £600k over North and South; A (£2m capacity),
/// B (£1.2m), C (£250k); k = 2, m = 2, v_max £1.1m; three years.
fn scenario(projection: Value) -> Scenario {
    let v = json!({
        "id": "t", "name": "Test",
        "service": {"base_year": 2013, "contract_term_years": 3},
        "service_areas": [
            {"code": "FOST", "name": "Fostering", "annual_value": 1000000},
            {"code": "RES", "name": "Residential", "annual_value": 600000}
        ],
        "tiers": {"levels": [{"number": 1, "name": "All"}], "default_split": [1.0]},
        "functions": [{"code": "PROV", "name": "Provision", "share": 1.0}],
        "localities": [{"name": "North"}, {"name": "South"}],
        "adjacency": [["North", "South"]],
        "suppliers": [
            {"id": "A", "revenue": 4000000, "equity": 2000000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]},
            {"id": "B", "revenue": 2400000, "equity": 1000000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]},
            {"id": "C", "revenue": 1000000, "equity": 100000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]}
        ],
        "rules": {"k": 2, "m": 2, "v_min": 0, "v_max": 1100000},
        "projection": projection
    });
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
}

fn options() -> Options {
    Options::default()
}

fn year0_plan(sc: &Scenario) -> lotwise::plan::solution::Solution {
    let p = lower(sc).unwrap_or_else(|e| panic!("{e}"));
    let plan = solve(&p, &options());
    assert_eq!(plan.status, Status::Optimal);
    plan
}

#[test]
fn plan_valid_in_year_zero_fails_at_the_peak() {
    // 10% demand growth: FOST is £1m (one lot) in year 0, £1.1m in year 1 (= v_max, still
    // fine) and £1.21m in year 2: over v_max and over B's £1.2m capacity.
    let sc = scenario(json!({"demand_growth": 0.10}));
    let plan = year0_plan(&sc);
    assert_eq!(plan.num_lots, Some(2));
    let scenarios = [sc];
    let report = check_plan(&plan, &scenarios, &all_cases(&scenarios)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.cases.len(), 3);
    assert!(report.cases[0].ok && report.cases[1].ok, "{:#?}", report.cases);
    assert!(!report.ok());
    let y2 = &report.cases[2];
    let rules: Vec<&str> = y2.violations.iter().map(|v| v.rule.code()).collect();
    assert_eq!(rules, ["R4", "R5"], "{:#?}", y2.violations);
    assert!(y2.violations[0].message.contains("above v_max"), "{}", y2.violations[0].message);
    assert!(y2.headroom.is_some_and(|h| h < 0.0));
    let binding = report.binding.unwrap_or_else(|| panic!("no binding case"));
    assert!(binding.fails);
    assert_eq!((binding.scenario.as_str(), binding.year, binding.calendar_year), ("t", 2, 2015));
    assert!(binding.reason.starts_with("R4: lot"), "{}", binding.reason);
}

#[test]
fn robust_solution_holds_in_every_year() {
    let sc = scenario(json!({"demand_growth": 0.10}));
    let scenarios = [sc];
    let cases = all_cases(&scenarios);
    let robust = solve_robust(&scenarios, &cases, &options()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(robust.solution.status, Status::Optimal);
    // Worst case = year 2: FOST-North/South £605k each (two lots), RES £726k (one lot).
    assert_eq!(robust.solution.num_lots, Some(3));
    assert_eq!(robust.worst_case.segments.iter().map(|s| s.value).sum::<f64>(), 1_936_000.0);
    assert!(robust.report.ok(), "{:#?}", robust.report);
    let binding = robust.report.binding.unwrap_or_else(|| panic!("no binding case"));
    assert!(!binding.fails);
    assert_eq!(binding.year, 2, "{binding:?}");
    assert!(binding.reason.contains("can grow"), "{}", binding.reason);
}

#[test]
fn supplier_leaving_binds_first() {
    let sc = scenario(json!({"market": [{"supplier": "B", "leaves_from_year": 1}]}));
    let plan = year0_plan(&sc);
    let scenarios = [sc];
    let report = check_plan(&plan, &scenarios, &all_cases(&scenarios)).unwrap_or_else(|e| panic!("{e}"));
    let binding = report.binding.unwrap_or_else(|| panic!("no binding case"));
    assert_eq!(binding.year, 1);
    assert!(binding.reason.starts_with("R5:") && binding.reason.contains("(A), k = 2"), "{}", binding.reason);
    // Without B only A can bid for anything, so no robust plan exists.
    let robust = solve_robust(&scenarios, &all_cases(&scenarios), &options()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(robust.solution.status, Status::Infeasible);
    assert!(!robust.solution.diagnosis.is_empty());
}

#[test]
fn award_is_redone_when_the_plans_award_no_longer_holds() {
    let sc = scenario(json!({}));
    let mut plan = year0_plan(&sc);
    for lot in &mut plan.lots {
        lot.award = "C".into(); // C cannot hold either lot
    }
    let p = lower(&sc).unwrap_or_else(|e| panic!("{e}"));
    let r = check_lots(&plan, &p);
    assert!(r.ok, "{:#?}", r.violations);
    for lot in &r.lots {
        assert!(lot.credible_bidders.contains(&lot.award), "{lot:?}");
    }
}

#[test]
fn no_award_is_an_r6_violation() {
    let text = r#"{"format_version": 1, "params": {"v_min": 0, "v_max": 10, "k": 1, "m": 1},
      "localities": ["A", "B"], "adjacency": [["A", "B"]], "service_areas": [{"code": "F"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 5}],
      "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B"]}]}"#;
    let p = LotProblem::from_json(text).unwrap_or_else(|e| panic!("{e}"));
    // Two one-segment lots but S1 may take only one (m = 1).
    let mut two = p.clone();
    two.params.m = 2;
    two.params.v_max = 5.0;
    let plan = solve(&two, &options());
    assert_eq!(plan.num_lots, Some(2));
    let r = check_lots(&plan, &p);
    assert!(!r.ok);
    assert_eq!(r.violations[0].rule.code(), "R6", "{:#?}", r.violations);
    assert!(r.lots.iter().all(|l| l.award.is_empty()));
}

#[test]
fn r1_to_r3_are_checked_on_fixed_lots() {
    let sc = scenario(json!({}));
    let p = lower(&sc).unwrap_or_else(|e| panic!("{e}"));
    let mut plan = year0_plan(&sc);
    plan.lots[0].segments.push("RES-North".into()); // duplicates a segment, mixes areas
    plan.lots[1].segments.push("NOPE".into());
    let r = check_lots(&plan, &p);
    let rules: Vec<&str> = r.violations.iter().map(|v| v.rule.code()).collect();
    assert!(rules.contains(&"R1") && rules.contains(&"R2"), "{rules:?}");
    let mut apart = p.clone();
    apart.adjacency.clear();
    let r = check_lots(&year0_plan(&sc), &apart);
    assert!(r.violations.iter().any(|v| v.rule.code() == "R3"), "{:#?}", r.violations);
}

#[test]
fn worst_case_raises_v_min_by_the_growth_spread() {
    let mut sc = scenario(json!({"demand_growth": 0.10}));
    sc.rules.v_min = 500_000.0;
    let p0 = lower(&sc).unwrap_or_else(|e| panic!("{e}"));
    let p2 = lower(&lotwise::model::projection::scenario_in_year(&sc, 2)).unwrap_or_else(|e| panic!("{e}"));
    let w = worst_case(&[p0, p2]).unwrap_or_else(|e| panic!("{e}"));
    // Every segment grows by 1.21, so lots must be worth 1.21 x £500k at the peak.
    assert_eq!(w.params.v_min, 605_000.0);
    assert_eq!(w.params.v_max, 1_100_000.0);
}

#[test]
fn cases_must_share_segments_and_name_real_scenarios() {
    let a = scenario(json!({}));
    let mut b = scenario(json!({}));
    b.id = "other".into();
    b.split_by = [lotwise::model::Axis::Area].into();
    let cases = [Case { scenario: 0, year: 0 }, Case { scenario: 1, year: 0 }];
    let err = solve_robust(&[a.clone(), b], &cases, &options()).err().unwrap_or_else(|| panic!("accepted"));
    assert!(err.0[0].message.contains("cut the service the same way"), "{err}");
    let err =
        check_plan(&year0_plan(&a), &[a], &[Case { scenario: 3, year: 0 }]).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.0[0].path, "cases[0].scenario");
}
