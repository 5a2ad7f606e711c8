//! Lowering scenarios to lot problems: segment counts per split, exact values, flags,
//! eligibility on aggregated cells, consortia, and the default workspace.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use lotwise::model::{Axis, Scenario, Selector, Workspace, ALL_AREAS, ALL_LOCALITIES};
use lotwise::plan::lower::lower;
use lotwise::plan::problem::LotProblem;
use serde_json::json;

/// Two areas (awkward values), four tiers, two functions (one relevant care), three localities.
fn scenario() -> Scenario {
    let ws = json!({
        "format": "lotwise/1",
        "scenarios": [{
            "id": "s1", "name": "Test",
            "service": {"base_year": 2013, "contract_term_years": 5},
            "service_areas": [
                {"code": "FOST", "name": "Fostering", "annual_value": 1000001},
                {"code": "RES", "name": "Residential", "annual_value": 600000}
            ],
            "tiers": {
                "levels": [{"number": 1}, {"number": 2}, {"number": 3}, {"number": 4}],
                "default_split": [0.1, 0.2, 0.3, 0.4],
                "split": {"RES": [0, 0, 0.5, 0.5]}
            },
            "functions": [
                {"code": "ASSESS", "share": 0.2, "relevant_care": true},
                {"code": "CASE", "share": 0.8}
            ],
            "localities": [{"name": "North", "weight": 1}, {"name": "South", "weight": 1},
                           {"name": "East", "weight": 1}],
            "adjacency": [["North", "South"], ["South", "East"]],
            "suppliers": [
                {"id": "A", "ownership": "pe", "revenue": 10000000, "equity": 1000000,
                 "service_areas": ["FOST", "RES"], "localities": ["North", "South", "East"]},
                {"id": "B", "ownership": "charity", "not_for_profit": true, "revenue": 4000000,
                 "equity": 3000000, "service_areas": ["FOST"], "localities": ["North", "South"]}
            ],
            "rules": {"k": 1, "m": 3, "v_min": 0, "v_max": 2000000}
        }]
    });
    let ws = Workspace::from_json(&ws.to_string()).unwrap_or_else(|e| panic!("{e}"));
    ws.scenarios[0].clone()
}

fn split(sc: &mut Scenario, axes: &[Axis]) {
    sc.split_by = axes.iter().copied().collect();
}

fn lowered(sc: &Scenario) -> LotProblem {
    lower(sc).unwrap_or_else(|e| panic!("{e}"))
}

fn value_of(p: &LotProblem, id: &str) -> f64 {
    p.segments.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no segment {id}")).value
}

fn ids(p: &LotProblem) -> Vec<&str> {
    p.segments.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn segment_counts_per_split() {
    use Axis::*;
    let cases: [(&[Axis], usize); 6] = [
        // 2 areas x 3 localities, each divided into open and relevant-care work.
        (&[Area, Locality], 12),
        // FOST 4 tiers x 2 functions x 3 localities, RES 2 non-zero tiers x 2 x 3.
        (&[Area, Tier, Function, Locality], 36),
        (&[Area, Tier, Locality], 36),
        (&[Locality], 6),
        (&[], 2),
        (&[Area, Function], 4),
    ];
    for (axes, count) in cases {
        let mut sc = scenario();
        split(&mut sc, axes);
        assert_eq!(lowered(&sc).segments.len(), count, "{axes:?}");
    }
}

#[test]
fn readable_ids() {
    let mut sc = scenario();
    let p = lowered(&sc);
    assert_eq!(&ids(&p)[..4], ["FOST-North", "FOST-North-rc", "FOST-South", "FOST-South-rc"]);
    split(&mut sc, &[Axis::Area, Axis::Tier, Axis::Function, Axis::Locality]);
    let p = lowered(&sc);
    assert_eq!(ids(&p)[0], "FOST-T1-ASSESS-North");
    assert!(ids(&p).contains(&"RES-T4-CASE-East"));
    let s = p.segments.iter().find(|s| s.id == "FOST-T2-CASE-South").unwrap();
    assert_eq!((s.tier, s.function.as_deref(), s.relevant_care), (Some(2), Some("CASE"), false));
    split(&mut sc, &[Axis::Locality]);
    assert_eq!(
        ids(&lowered(&sc)),
        ["ALL-North", "ALL-North-rc", "ALL-South", "ALL-South-rc", "ALL-East", "ALL-East-rc"]
    );
    split(&mut sc, &[]);
    assert_eq!(ids(&lowered(&sc)), ["ALL", "ALL-rc"]);
}

#[test]
fn values_add_up_exactly_for_every_split() {
    let axes = [Axis::Area, Axis::Tier, Axis::Function, Axis::Locality];
    for mask in 0..16u32 {
        let mut sc = scenario();
        let chosen: Vec<Axis> = (0..4).filter(|i| mask & (1 << i) != 0).map(|i| axes[i]).collect();
        split(&mut sc, &chosen);
        let p = lowered(&sc);
        let mut by_area: BTreeMap<&str, f64> = BTreeMap::new();
        for s in &p.segments {
            assert!(s.value > 0.0 && s.value.fract() == 0.0, "{} = {}", s.id, s.value);
            *by_area.entry(s.service_area.as_str()).or_default() += s.value;
        }
        if chosen.contains(&Axis::Area) {
            assert_eq!(by_area["FOST"], 1_000_001.0, "{chosen:?}");
            assert_eq!(by_area["RES"], 600_000.0, "{chosen:?}");
        } else {
            assert_eq!(by_area[ALL_AREAS], 1_600_001.0, "{chosen:?}");
        }
    }
}

#[test]
fn largest_remainder_values() {
    let p = lowered(&scenario());
    // FOST open work per locality: 1,000,001 x 0.8 / 3 = 266,666.93; relevant care 66,666.73.
    let open: Vec<f64> = ["FOST-North", "FOST-South", "FOST-East"].iter().map(|id| value_of(&p, id)).collect();
    let rc: Vec<f64> = ["FOST-North-rc", "FOST-South-rc", "FOST-East-rc"].iter().map(|id| value_of(&p, id)).collect();
    assert_eq!(open, [266_667.0, 266_667.0, 266_667.0]);
    assert_eq!(rc, [66_667.0, 66_667.0, 66_666.0]);
}

#[test]
fn retained_tier_is_carved_out_when_tiers_are_aggregated() {
    let mut sc = scenario();
    sc.retained = vec![Selector { tier: Some(4), ..Selector::default() }];
    let p = lowered(&sc);
    let inhouse = p.segments.iter().find(|s| s.id == "RES-North-inhouse").unwrap();
    assert!(inhouse.retained);
    assert!(inhouse.relevant_care, "it holds some assessment work");
    assert_eq!(inhouse.value, 100_000.0); // 600,000 x 0.5 / 3
    assert_eq!(value_of(&p, "RES-North"), 80_000.0); // 600,000 x 0.5 x 0.8 / 3
    assert!(!p.segments.iter().find(|s| s.id == "RES-North").unwrap().retained);
    assert_eq!(value_of(&p, "FOST-East-inhouse"), 133_333.0);
}

#[test]
fn retained_by_area_function_and_segment() {
    let mut sc = scenario();
    sc.retained = vec![
        Selector { area: Some("RES".into()), ..Selector::default() },
        Selector { function: Some("ASSESS".into()), ..Selector::default() },
        Selector { segment: Some("FOST-East".into()), ..Selector::default() },
    ];
    let p = lowered(&sc);
    let retained: BTreeSet<&str> = p.segments.iter().filter(|s| s.retained).map(|s| s.id.as_str()).collect();
    let open: BTreeSet<&str> = p.in_scope().map(|s| s.id.as_str()).collect();
    assert_eq!(open, BTreeSet::from(["FOST-North", "FOST-South"]));
    assert!(retained.contains("RES-North") && retained.contains("FOST-East"));
    assert!(retained.contains("FOST-North-inhouse"));
    assert!(p.in_scope().all(|s| !s.relevant_care));
}

#[test]
fn relevant_care_area_flag() {
    let mut sc = scenario();
    sc.service_areas[1].relevant_care = true;
    let p = lowered(&sc);
    assert!(p.segments.iter().filter(|s| s.service_area == "RES").all(|s| s.relevant_care));
    assert!(!ids(&p).contains(&"RES-North-rc"), "all RES work is relevant care: no division");
    assert!(!p.segments.iter().find(|s| s.id == "FOST-North").unwrap().relevant_care);
}

#[test]
fn aggregated_cells_need_full_coverage() {
    let mut sc = scenario();
    split(&mut sc, &[Axis::Area]);
    let p = lowered(&sc);
    assert_eq!(p.localities, [ALL_LOCALITIES]);
    assert!(p.adjacency.is_empty());
    let locs: Vec<&Vec<String>> = p.suppliers.iter().map(|s| &s.localities).collect();
    assert_eq!(locs[0], &vec![ALL_LOCALITIES.to_string()]);
    assert!(locs[1].is_empty(), "B does not cover East");
    split(&mut sc, &[Axis::Locality]);
    let p = lowered(&sc);
    assert_eq!(p.suppliers[0].service_areas, [ALL_AREAS]);
    assert!(p.suppliers[1].service_areas.is_empty(), "B does not serve RES");
    sc.retained = vec![Selector { area: Some("RES".into()), ..Selector::default() }];
    let p = lowered(&sc);
    assert_eq!(p.suppliers[1].service_areas, [ALL_AREAS], "RES is in-house, so FOST is enough");
}

#[test]
fn params_and_suppliers_carry_over() {
    let p = lowered(&scenario());
    assert_eq!((p.params.k, p.params.m, p.params.v_min, p.params.v_max), (1, 3, 0.0, 2_000_000.0));
    assert_eq!(p.localities, ["North", "South", "East"]);
    assert_eq!(p.adjacency.len(), 2);
    let a = &p.suppliers[0];
    assert_eq!((a.capacity, a.ownership.as_deref()), (2_500_000.0, Some("pe")));
    assert_eq!(p.suppliers[1].capacity, 2_000_000.0);
    assert!(p.suppliers[1].not_for_profit);
}

#[test]
fn consortia_bid_instead_of_members_unless_allowed() {
    let mut sc = scenario();
    for s in &mut sc.suppliers {
        s.consortium = Some("AB".into());
    }
    let p = lowered(&sc);
    let bidders: Vec<&str> = p.suppliers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(bidders, ["C:AB"]);
    assert_eq!(p.suppliers[0].capacity, 4_500_000.0);
    assert!(!p.suppliers[0].not_for_profit);
    sc.capacity_policy.members_bid_alone = true;
    assert_eq!(lowered(&sc).suppliers.len(), 3);
    sc.capacity_policy.pool_consortia = false;
    let p = lowered(&sc);
    assert_eq!(p.suppliers.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["A", "B"]);
}

#[test]
fn invalid_scenario_is_refused_with_paths() {
    let mut sc = scenario();
    sc.functions[0].share = 0.5;
    let issues = lower(&sc).unwrap_err();
    assert_eq!(issues.0[0].path, "scenario.functions");
    assert!(issues.0[0].message.contains("130%"), "{issues}");
}

#[test]
fn round_trip_through_lot_problem_json() {
    let ws = Workspace::default_workspace();
    let p = lowered(ws.active_scenario());
    assert_eq!(LotProblem::from_json(&p.to_json()).unwrap(), p);
    let mut sc = scenario();
    split(&mut sc, &[Axis::Area, Axis::Tier, Axis::Function, Axis::Locality]);
    let p = lowered(&sc);
    assert_eq!(LotProblem::from_json(&p.to_json()).unwrap(), p);
    assert_eq!(lowered(&sc), p, "deterministic");
}

#[test]
fn default_workspace_lowers_like_default_la152_with_adoption_outsourced() {
    let ws = Workspace::default_workspace();
    let p = lowered(ws.active_scenario());
    p.validate().unwrap();
    // 128 segments as in default-la152, plus adoption's eight localities now outsourced (each
    // with its retained assessment part beside it).
    assert_eq!(p.segments.len(), 136);
    assert_eq!(p.in_scope().count(), 56);
    assert_eq!(p.suppliers.len(), 20);
    let total: f64 = p.segments.iter().map(|s| s.value).sum();
    assert_eq!(total, 58_394_737.0);
    let fost: f64 = p.segments.iter().filter(|s| s.service_area == "FOST").map(|s| s.value).sum();
    assert_eq!(fost, 9_723_684.0);
    let areas: BTreeSet<&str> = p.in_scope().map(|s| s.service_area.as_str()).collect();
    assert_eq!(areas, BTreeSet::from(["ADOP", "CLAO", "FAM", "FOST", "OCFS", "RES", "YP"]));
    // No area is relevant care as a whole: "Other children and families services" is a budget
    // line. Relevant care work (assessment) is retained.
    assert!(p.in_scope().all(|s| !s.relevant_care));
    assert!(p.segments.iter().filter(|s| s.service_area == "SAFE").all(|s| s.retained));
    // Assessment (10%) stays in-house: FOST-South is 90% of FOST x 21.5% of demand.
    let fost_south = value_of(&p, "FOST-South");
    assert!((fost_south - 9_723_684.0 * 0.9 * 0.215).abs() <= 1.0, "{fost_south}");
    assert!(value_of(&p, "FOST-South-inhouse") > 0.0);
}

#[test]
fn default_workspace_is_solvable() {
    let ws = Workspace::default_workspace();
    let p = lowered(ws.active_scenario());
    let s = lotwise::plan::solver::solve(&p, &lotwise::plan::solver::Options::default());
    assert_eq!(s.status, lotwise::plan::solution::Status::Optimal, "{s:?}");
    assert!(s.min_credible_bidders.unwrap_or(0) >= 2);
}

/// A commissioner puts two suppliers of the shipped example under one owner: the lots they
/// could both bid for lose a credible bidder, the plan still meets every rule when members of
/// a group count once, and the workspace keeps the group through JSON.
#[test]
fn suppliers_of_one_group_count_once() {
    use lotwise::plan::solver::{solve, Options};
    let mut ws = Workspace::default_workspace();
    let before = lotwise::plan::lower::lower_active(&ws).unwrap();
    let plan = solve(&before, &Options::default());
    let lot = plan.lots.iter().find(|l| l.credible_bidders.len() >= 2).expect("a lot with two bidders");
    let (a, b) = (lot.credible_bidders[0].clone(), lot.credible_bidders[1].clone());
    for s in ws.active_scenario_mut().unwrap().suppliers.iter_mut().filter(|s| s.id == a || s.id == b) {
        s.group = Some("Shared Owner Holdings".into());
    }
    let text = ws.to_json();
    let ws = Workspace::from_json(&text).unwrap();
    let after = lotwise::plan::lower::lower_active(&ws).unwrap();
    assert_eq!(after.suppliers.iter().filter(|s| s.group.as_deref() == Some("Shared Owner Holdings")).count(), 2);
    assert_eq!(after.independent_count(&lot.credible_bidders), lot.credible_bidders.len() - 1);
    let regrouped = solve(&after, &Options::default());
    let common = common_violations(&after, &regrouped);
    assert!(common.is_empty(), "{common:?}");
    assert!(regrouped.lots.iter().any(|l| l.bidders() < l.credible_bidders.len()), "some lot has both members");
    assert!(regrouped.min_credible_bidders <= plan.min_credible_bidders);
    // The lot limit per group: the two members win at most m lots between them.
    let mut ws = ws;
    ws.active_scenario_mut().unwrap().rules.m_per_group = true;
    let shared = lotwise::plan::lower::lower_active(&ws).unwrap();
    assert!(shared.params.m_per_group);
    let plan = solve(&shared, &Options::default());
    let common = common_violations(&shared, &plan);
    assert!(common.is_empty(), "{common:?}");
    let group_lots = plan.lots.iter().filter(|l| l.award == a || l.award == b).count();
    assert!(group_lots <= shared.params.m as usize, "{group_lots} lots for the group");
}

mod common;
use common::violations as common_violations;
