//! Projection: hand-computed years, market changes, the budget envelope, validation paths and
//! JSON round trips of every scenario feature.
#![cfg(not(target_arch = "wasm32"))]

use lotwise::base::error::Issues;
use lotwise::model::projection::{peak_year, project, scenario_in_year};
use lotwise::model::{AreaProjection, MarketChange, Projection, Scenario, Workspace};
use lotwise::plan::lower::lower;
use serde_json::{json, Value};

/// Two areas (FOST £1m, RES £600k), two adjacent localities of equal weight, three suppliers:
/// A (capacity £2m), B (£1.2m), C (£250k); a three-year contract.
pub fn scenario_json() -> Value {
    json!({
        "id": "t", "name": "Test",
        "service": {"authority": "Testshire", "name": "Care", "base_year": 2013, "contract_term_years": 3},
        "service_areas": [
            {"code": "FOST", "name": "Fostering", "annual_value": 1000000},
            {"code": "RES", "name": "Residential", "annual_value": 600000}
        ],
        "tiers": {"levels": [{"number": 1, "name": "All"}], "default_split": [1.0]},
        "functions": [{"code": "PROV", "name": "Provision", "share": 1.0}],
        "localities": [{"name": "North"}, {"name": "South"}],
        "adjacency": [["North", "South"]],
        "suppliers": [
            {"id": "A", "name": "Alpha", "revenue": 4000000, "equity": 2000000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]},
            {"id": "B", "name": "Beta", "revenue": 2400000, "equity": 1000000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]},
            {"id": "C", "name": "Gamma", "revenue": 1000000, "equity": 100000,
             "service_areas": ["FOST", "RES"], "localities": ["North", "South"]}
        ],
        "rules": {"k": 2, "m": 2, "v_min": 0, "v_max": 1100000}
    })
}

fn scenario(projection: Value) -> Scenario {
    let mut v = scenario_json();
    v["projection"] = projection;
    let sc: Scenario = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
    sc.validate().unwrap_or_else(|e| panic!("{e}"));
    sc
}

fn workspace_with(projection: Value) -> Value {
    let mut sc = scenario_json();
    sc["projection"] = projection;
    json!({"format": "lotwise/1", "scenarios": [sc]})
}

fn issues(v: &Value) -> Issues {
    match Workspace::from_json(&v.to_string()) {
        Ok(_) => panic!("expected problems in {v}"),
        Err(e) => e,
    }
}

fn message_at(issues: &Issues, path: &str) -> String {
    issues
        .iter()
        .find(|i| i.path == path)
        .unwrap_or_else(|| panic!("no issue at {path}; got:\n{issues}"))
        .message
        .clone()
}

#[test]
fn no_projection_means_every_year_is_year_zero() {
    let sc = scenario(json!({}));
    let years = project(&sc);
    assert_eq!(years.len(), 3);
    for y in &years {
        assert_eq!(y.total, 1_600_000.0);
        assert_eq!(y.budget, 1_600_000.0);
        assert_eq!(y.budget_gap, 0.0);
    }
    assert_eq!(years[2].calendar_year, 2015);
    assert_eq!(peak_year(&sc), 0);
    assert_eq!(scenario_in_year(&sc, 0), sc);
}

#[test]
fn growth_and_inflation_compound_with_area_overrides() {
    // RES: (1.10 x 1.05)^2 = 1.334025 -> £800,415; FOST (no demand growth): 1.05^2 -> £1,102,500.
    let sc = scenario(json!({
        "demand_growth": 0.10, "price_inflation": 0.05, "budget_change": 0.02,
        "areas": {"FOST": {"demand_growth": 0.0}}
    }));
    let y2 = &project(&sc)[2];
    assert_eq!(y2.year, 2);
    assert_eq!(y2.areas[0].code, "FOST");
    assert_eq!(y2.areas[0].value, 1_102_500.0);
    assert_eq!(y2.areas[1].value, 800_415.0);
    assert_eq!(y2.demand_total, 1_902_915.0);
    // Budget: £1.6m x 1.02^2 = £1,664,640; demand is £238,275 over it, but not capped.
    assert_eq!(y2.budget, 1_664_640.0);
    assert_eq!(y2.budget_gap, 238_275.0);
    assert_eq!(y2.total, 1_902_915.0);
    assert_eq!(peak_year(&sc), 2);
}

#[test]
fn cap_to_budget_scales_every_area_alike() {
    let sc = scenario(json!({
        "demand_growth": 0.10, "price_inflation": 0.05, "budget_change": 0.02,
        "cap_to_budget": true, "areas": {"FOST": {"demand_growth": 0.0}}
    }));
    let y2 = &project(&sc)[2];
    // scale = 1,664,640 / 1,902,915; FOST 1,102,500 -> 964,450; RES 800,415 -> 700,190.
    assert_eq!(y2.areas[0].demand_value, 1_102_500.0);
    assert_eq!(y2.areas[0].value, 964_450.0);
    assert_eq!(y2.areas[1].value, 700_190.0);
    assert_eq!(y2.total, 1_664_640.0);
    // Year 0 is never capped (budget = demand).
    assert_eq!(project(&sc)[0].total, 1_600_000.0);
}

#[test]
fn falling_budget_with_cap_makes_year_zero_the_peak() {
    let sc = scenario(json!({"demand_growth": 0.05, "budget_change": -0.1, "cap_to_budget": true}));
    assert_eq!(peak_year(&sc), 0);
    let totals: Vec<f64> = project(&sc).iter().map(|y| y.total).collect();
    assert_eq!(totals, vec![1_600_000.0, 1_440_000.0, 1_296_000.0]);
}

#[test]
fn suppliers_grow_and_leave() {
    let sc = scenario(json!({"market": [
        {"supplier": "A", "capacity_growth": 0.1},
        {"supplier": "B", "leaves_from_year": 2}
    ]}));
    let years = project(&sc);
    let cap = |y: usize, id: &str| years[y].suppliers.iter().find(|s| s.id == id).map(|s| (s.present, s.capacity));
    // A: revenue £4.84m, equity £2.42m in year 2 -> min(£2.42m, max(£1.21m, £4.84m)) = £2.42m.
    assert_eq!(cap(0, "A"), Some((true, 2_000_000.0)));
    assert_eq!(cap(1, "A"), Some((true, 2_200_000.0)));
    assert_eq!(cap(2, "A"), Some((true, 2_420_000.0)));
    assert_eq!(cap(1, "B"), Some((true, 1_200_000.0)));
    assert_eq!(cap(2, "B"), Some((false, 0.0)));
    assert_eq!(cap(2, "C"), Some((true, 250_000.0)));

    let late = scenario_in_year(&sc, 2);
    assert_eq!(late.service.base_year, 2015);
    assert_eq!(late.suppliers.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["A", "C"]);
    assert_eq!(late.suppliers[0].revenue, Some(4_840_000.0));
    // The rebased projection no longer names B, so the year-2 scenario is valid and lowers.
    let p = lower(&late).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.suppliers.iter().find(|s| s.id == "A").map(|s| s.capacity), Some(2_420_000.0));
    // Year 1: B still there, leaving "from year 1" of the rebased projection.
    let y1 = scenario_in_year(&sc, 1);
    assert_eq!(y1.projection.market[1].leaves_from_year, Some(1));
    lower(&y1).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn scenario_in_year_scales_segments_and_keeps_their_ids() {
    let sc =
        scenario(json!({"demand_growth": 0.10, "price_inflation": 0.05, "areas": {"FOST": {"demand_growth": 0.0}}}));
    let p0 = lower(&sc).unwrap_or_else(|e| panic!("{e}"));
    let p2 = lower(&scenario_in_year(&sc, 2)).unwrap_or_else(|e| panic!("{e}"));
    let ids = |p: &lotwise::plan::problem::LotProblem| p.segments.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&p0), ids(&p2));
    let value = |id: &str| p2.segments.iter().find(|s| s.id == id).map(|s| s.value);
    assert_eq!(value("FOST-North"), Some(551_250.0));
    assert_eq!(value("FOST-South"), Some(551_250.0));
    assert_eq!(value("RES-North").unwrap_or(0.0) + value("RES-South").unwrap_or(0.0), 800_415.0);
}

#[test]
fn annual_value_check_follows_the_year() {
    let mut v = scenario_json();
    v["service"]["annual_value"] = json!(1_600_000);
    v["projection"] = json!({"demand_growth": 0.03});
    let sc: Scenario = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
    let late = scenario_in_year(&sc, 2);
    assert_eq!(late.service.annual_value, Some(late.total_value()));
    late.validate().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn rates_are_checked_with_paths() {
    let all = issues(&workspace_with(json!({
        "demand_growth": 3, "price_inflation": -0.9, "budget_change": 0.02,
        "areas": {"XYZ": {"demand_growth": 0.01}, "RES": {"price_inflation": 2.0}},
        "market": [{"supplier": "Z", "leaves_from_year": 2}, {"supplier": "A"},
                   {"supplier": "B", "leaves_from_year": 40, "capacity_growth": 5}]
    })));
    let at = "scenarios[0].projection";
    assert!(message_at(&all, &format!("{at}.demand_growth")).contains("write 0.03 for 3%"));
    assert!(message_at(&all, &format!("{at}.price_inflation")).contains("got -0.9"));
    assert!(message_at(&all, &format!("{at}.areas.XYZ")).contains("not a service area code"));
    assert!(message_at(&all, &format!("{at}.areas.RES.price_inflation")).contains("got 2"));
    assert!(message_at(&all, &format!("{at}.market[0].supplier")).contains("\"Z\""));
    assert!(message_at(&all, &format!("{at}.market[1]")).contains("changes nothing"));
    assert!(message_at(&all, &format!("{at}.market[2].leaves_from_year")).contains("got 40"));
    assert!(message_at(&all, &format!("{at}.market[2].capacity_growth")).contains("write 0.05 for 5%"));
    assert_eq!(all.len(), 8, "{all}");
}

#[test]
fn old_files_without_projection_still_load_and_save_unchanged() {
    let v = json!({"format": "lotwise/1", "scenarios": [scenario_json()]});
    let ws = Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert!(ws.scenarios[0].projection.is_none());
    assert!(!ws.to_json().contains("projection"));
    assert_eq!(Workspace::from_json(&ws.to_json()), Ok(ws));
}

#[test]
fn every_scenario_feature_round_trips_through_json() {
    let mut ws = Workspace::default_workspace();
    let mut second = ws.scenarios[0].clone();
    second.id = "stress".into();
    second.name = "Seed-report trend, a supplier leaves".into();
    second.projection = Projection {
        cap_to_budget: true,
        areas: [("FOST".to_string(), AreaProjection { demand_growth: Some(0.039), price_inflation: None })].into(),
        market: vec![
            MarketChange { supplier: second.suppliers[0].id.clone(), leaves_from_year: Some(3), capacity_growth: None },
            MarketChange {
                supplier: second.suppliers[1].id.clone(),
                leaves_from_year: None,
                capacity_growth: Some(0.05),
            },
        ],
        ..Projection::seed_report_trend()
    };
    second.suppliers[2].consortium = Some("JOINT".into());
    second.suppliers[3].consortium = Some("JOINT".into());
    second.suppliers[2].parent_guarantee = Some(250_000.0);
    second.suppliers[3].committed = Some(125_000.5);
    second.service.annual_value = Some(second.total_value());
    second.retained.push(lotwise::model::Selector { tier: Some(4), ..Default::default() });
    second.rules.mix_service_areas = true;
    ws.scenarios.push(second);
    ws.active = lotwise::model::ActiveRef::Id("stress".into());
    let text = ws.to_json();
    assert!(text.contains("\"projection\"") && text.contains("\"leaves_from_year\": 3"));
    let back = Workspace::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, ws);
    let (imported, notes) = Workspace::import(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported, ws);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn seed_report_trend_outgrows_the_budget() {
    let mut sc = Workspace::default_workspace().active_scenario().clone();
    sc.projection = Projection::seed_report_trend();
    let years = project(&sc);
    let last = years.last().unwrap_or_else(|| panic!("no years"));
    assert_eq!(last.year, 4);
    // (1.021 x 1.02)^4 = 1.1763 vs budget 1.022^4 = 1.0909.
    let growth = last.total / years[0].total;
    assert!((growth - 1.1763).abs() < 0.001, "{growth}");
    assert!(last.budget_gap > 0.08 * years[0].total, "{}", last.budget_gap);
}
