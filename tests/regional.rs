//! Regional plans (`model::regional`, `docs/regional.md`): two authorities merged into one
//! workspace through the edit, saved and read back, solved with lots kept within an authority
//! unless their service area may cross, and each authority's share in the exports.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use lotwise::model::edit::Edit;
use lotwise::model::regional;
use lotwise::model::{Axis, Scenario, Workspace};
use lotwise::plan::{lower, solver};
use lotwise::views::{export, regional as by_authority};

/// The shipped example as a neighbouring council's workspace: its own suppliers (one of them
/// also in our register under a slightly different name) and a little more fostering.
fn neighbour() -> Scenario {
    let mut sc = Workspace::default_workspace().scenarios.remove(0);
    sc.service.authority = "Westshire Council".into();
    let first = sc.suppliers[0].name.clone();
    for s in &mut sc.suppliers {
        s.id = format!("W-{}", s.id);
        s.name = format!("{} (Westshire)", s.name);
    }
    sc.suppliers[0].name = format!("{} Ltd", first.to_uppercase());
    sc.service_areas.iter_mut().filter(|a| a.code == "FOST").for_each(|a| a.annual_value *= 1.1);
    sc
}

/// The example merged with [`neighbour`], the first supplier confirmed as the same.
fn merged() -> Workspace {
    let mut ws = Workspace::default_workspace();
    let from = neighbour();
    let matches = regional::matches(ws.active_scenario(), &from);
    assert_eq!(matches.len(), 1, "{matches:?}");
    let same = vec![(matches[0].from.clone(), matches[0].into.clone())];
    ws.apply(Edit::MergeAuthority { from: Box::new(from), same }).unwrap();
    ws
}

#[test]
fn a_two_authority_workspace_round_trips_through_json() {
    let ws = merged();
    let sc = ws.active_scenario();
    assert_eq!(sc.authorities.len(), 2);
    assert_eq!(sc.authorities[1].name, "Westshire Council");
    let text = ws.to_json();
    assert!(text.contains("\"authorities\""), "saved with its authorities");
    let (back, notes) = Workspace::import(&text).unwrap();
    assert_eq!(back, ws, "read back exactly: {notes:?}");
    // A workspace without authorities still saves without the field.
    assert!(!Workspace::default_workspace().to_json().contains("\"authorities\""));
}

#[test]
fn a_merge_that_cannot_be_made_changes_nothing() {
    let mut ws = merged();
    let before = ws.clone();
    let err = ws.apply(Edit::MergeAuthority { from: Box::new(neighbour()), same: vec![] }).unwrap_err();
    assert!(err.0.contains("already has an authority called \"Westshire Council\""), "{err}");
    assert_eq!(ws, before);
    let err = ws
        .apply(Edit::MergeAuthority { from: Box::new(neighbour()), same: vec![("nobody".into(), "none".into())] })
        .unwrap_err();
    assert!(err.0.contains("no longer in its register") || err.0.contains("already has"), "{err}");
    assert_eq!(ws, before);
}

#[test]
fn a_merge_into_a_plan_not_split_by_locality_says_why_before_anything_changes() {
    let mut ws = Workspace::default_workspace();
    ws.apply(Edit::SetSplit { axis: Axis::Locality, on: false }).unwrap();
    let before = ws.clone();
    let err = regional::checked_merge(ws.active_scenario(), &neighbour(), &[]).unwrap_err();
    assert!(err.0.starts_with("The merged plan would not be valid, so nothing can be merged yet:"), "{err}");
    assert!(err.0.contains("not split by locality"), "{err}");
    let refused = ws.apply(Edit::MergeAuthority { from: Box::new(neighbour()), same: vec![] }).unwrap_err();
    assert_eq!(refused, err, "the preview and the edit say the same");
    assert_eq!(ws, before);
}

#[test]
fn each_authority_keeps_its_own_values_and_in_house_choices() {
    let mut ws = merged();
    let (ours, theirs) = {
        let sc = ws.active_scenario();
        (sc.authorities[0].name.clone(), sc.authorities[1].name.clone())
    };
    let fost = |ws: &Workspace, who: &str| regional::value(ws.active_scenario(), who, "FOST");
    assert!((fost(&ws, &theirs) - 1.1 * fost(&ws, &ours)).abs() < 2.0);
    // A service area's value is the authorities' total, and cannot be set directly.
    let err = ws.apply(Edit::SetAreaValue { code: "FOST".into(), value: 1.0 }).unwrap_err();
    assert!(err.0.contains("sum of the authorities' values"), "{err}");
    ws.apply(Edit::SetAuthorityValue { authority: theirs.clone(), code: "FOST".into(), value: 2_000_000.0 }).unwrap();
    let sc = ws.active_scenario();
    let area = sc.service_areas.iter().find(|a| a.code == "FOST").unwrap();
    assert!((area.annual_value - 2_000_000.0 - fost(&ws, &ours)).abs() < 1.0);
    // Keeping Westshire's fostering in-house keeps none of ours in-house.
    let keep =
        lotwise::model::Selector { area: Some("FOST".into()), authority: Some(theirs.clone()), ..Default::default() };
    let before = lower::lower(ws.active_scenario()).unwrap();
    ws.apply(Edit::SetRetained { selector: keep, on: true }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    let ours_then: Vec<_> = before.segments.iter().filter(|s| s.authority.as_deref() == Some(ours.as_str())).collect();
    let ours_now: Vec<_> = problem.segments.iter().filter(|s| s.authority.as_deref() == Some(ours.as_str())).collect();
    assert_eq!(ours_now, ours_then, "our segments are untouched");
    let theirs_fost =
        problem.segments.iter().filter(|s| s.service_area == "FOST" && s.authority.as_deref() == Some(theirs.as_str()));
    assert!(theirs_fost.clone().count() > 0 && theirs_fost.into_iter().all(|s| s.retained));
}

#[test]
fn lots_keep_within_an_authority_unless_their_area_may_cross() {
    let mut ws = merged();
    // A border between the two councils' North localities.
    let mut pairs = ws.active_scenario().adjacency.clone();
    pairs.push(("North".into(), "North (Westshire Council)".into()));
    ws.apply(Edit::SetAdjacency(pairs)).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    assert_eq!(problem.params.within_authority.len(), problem.service_areas.len());
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    assert!(plan.lots.iter().all(|l| by_authority::lot_shares(&problem, l).len() == 1));

    // Every area may cross: the plan needs no more lots, and any lot may span the border.
    for code in ws.active_scenario().service_areas.iter().map(|a| a.code.clone()).collect::<Vec<_>>() {
        ws.apply(Edit::SetCrossAuthority { code, on: true }).unwrap();
    }
    let crossing = lower::lower(ws.active_scenario()).unwrap();
    assert!(crossing.params.within_authority.is_empty());
    let open = solver::solve(&crossing, &solver::Options::default());
    assert!(common::violations(&crossing, &open).is_empty());
    assert!(open.num_lots <= plan.num_lots, "{:?} > {:?}", open.num_lots, plan.num_lots);
}

#[test]
fn exports_give_each_authority_its_share() {
    let ws = merged();
    let sc = ws.active_scenario();
    let problem = lower::lower(sc).unwrap();
    let solution = solver::solve(&problem, &solver::Options::default());
    let plan = export::Plan::new(&problem, &solution, sc);
    let lots = export::csv::lots(&plan);
    assert!(lots.lines().next().unwrap().ends_with("Authorities (share of the lot's value)"), "{lots}");
    assert!(lots.contains("Westshire Council"));
    let json = export::json(&plan);
    let summary = json["summary"]["Authority in the plan"].as_array().unwrap();
    assert_eq!(summary.len(), 2);
    assert!(summary[1].as_str().unwrap().starts_with("Westshire Council: £"), "{summary:?}");
    assert_eq!(json["summary"]["Lots across authority borders"], "Every lot keeps within one authority");
    assert!(json["segments"].as_array().unwrap().iter().all(|s| s["Authority"].is_string()));
}

#[test]
fn a_split_that_cannot_keep_lots_to_one_authority_is_explained() {
    let mut ws = merged();
    ws.apply(Edit::SetSplit { axis: Axis::Locality, on: false }).unwrap();
    let issues = ws.active_scenario().validate().unwrap_err().to_string();
    assert!(issues.contains("not split by locality"), "{issues}");
    assert!(issues.contains("let those lots cross authority borders"), "{issues}");
    assert!(lower::lower(ws.active_scenario()).is_err());
}

#[test]
fn broken_authority_references_are_reported_with_their_place() {
    let ws = merged();
    let mut text: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
    text["scenarios"][0]["localities"][0]["authority"] = "Atlantis".into();
    text["scenarios"][0]["authorities"][1]["values"]["NOPE"] = 5.into();
    text["scenarios"][0]["authorities"][1]["budget_change"] = 5.into();
    let err = Workspace::import(&text.to_string()).unwrap_err().to_string();
    assert!(err.contains("scenarios[0].localities[0].authority"), "{err}");
    assert!(err.contains("names authority \"Atlantis\""), "{err}");
    assert!(err.contains("authorities[1].values.NOPE"), "{err}");
    assert!(err.contains("authorities[1].budget_change: Westshire Council's budget change must be a yearly rate between -50% and 100%"), "{err}");
}

#[test]
fn later_contract_years_grow_each_authority_alike() {
    let mut ws = merged();
    ws.apply(Edit::SetRate { rate: lotwise::model::edit::Rate::DemandGrowth, value: 0.05 }).unwrap();
    let sc = ws.active_scenario();
    let later = lotwise::model::projection::scenario_in_year(sc, 3);
    later.validate().unwrap();
    for (now, then) in sc.authorities.iter().zip(&later.authorities) {
        let (a, b): (f64, f64) = (now.values.values().sum(), then.values.values().sum());
        assert!((b / a - 1.05f64.powi(3)).abs() < 1e-4, "{}: {a} -> {b}", now.name);
    }
    let problem = lower::lower(&later).unwrap();
    assert!(problem.segments.iter().all(|s| s.authority.is_some()));
    assert_eq!(problem.params.within_authority.len(), problem.service_areas.len());
}

#[test]
fn each_authority_can_have_its_own_budget() {
    use lotwise::model::edit::Rate;
    use lotwise::model::projection::{project, scenario_in_year};
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    ws.apply(Edit::SetRate { rate: Rate::DemandGrowth, value: 0.03 }).unwrap();
    let inputs = ws.active_scenario().plan_inputs();
    ws.apply(Edit::SetAuthorityBudget { authority: theirs.clone(), rate: Some(-0.05) }).unwrap();
    assert_eq!(ws.active_scenario().plan_inputs(), inputs, "a budget shapes later years, not today's plan");
    assert!(!Edit::SetAuthorityBudget { authority: theirs.clone(), rate: None }.changes_inputs());
    assert!(ws.apply(Edit::SetAuthorityBudget { authority: theirs.clone(), rate: Some(3.0) }).is_err());
    assert!(ws.apply(Edit::SetAuthorityBudget { authority: "Nowhere".into(), rate: None }).is_err());
    let sc = ws.active_scenario().clone();
    let start: Vec<f64> = sc.authorities.iter().map(|a| a.values.values().sum()).collect();
    // Not capped: the work follows demand; the plan's budget is the two envelopes together.
    let y2 = &project(&sc)[2];
    let envelopes = start[0] + start[1] * 0.95f64.powi(2);
    assert!((y2.budget - envelopes).abs() < 2.0, "{} vs {envelopes}", y2.budget);
    assert!((y2.demand_total - (start[0] + start[1]) * 1.03f64.powi(2)).abs() < 20.0);
    // Capped: each authority's work is cut to its own envelope, not the other's.
    ws.apply(Edit::SetCapToBudget(true)).unwrap();
    let later = scenario_in_year(ws.active_scenario(), 2);
    later.validate().unwrap();
    let after: Vec<f64> = later.authorities.iter().map(|a| a.values.values().sum()).collect();
    assert!((after[0] - start[0]).abs() < 20.0, "ours is held to its flat budget: {} vs {}", after[0], start[0]);
    assert!((after[1] - start[1] * 0.95f64.powi(2)).abs() < 20.0, "theirs shrinks 5% a year");
    assert!((project(ws.active_scenario())[2].total - later.total_value()).abs() < 1.0);
}

/// Two councils' fostering, one provider allowed one lot: kept apart the two lots cannot both
/// be awarded, and the answer offers letting fostering lots cross the border.
#[test]
fn an_award_that_fails_at_the_border_offers_crossing_it() {
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 1, "within_authority": ["F"]},
      "localities": ["A", "B"], "adjacency": [["A", "B"]], "service_areas": [{"code": "F", "name": "Fostering"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4, "authority": "East"},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 5, "authority": "West"}],
      "suppliers": [{"id": "S1", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B"]}]}"#;
    let mut p = lotwise::plan::problem::LotProblem::from_json(text).unwrap();
    let none = solver::solve(&p, &solver::Options::default());
    assert!(none.lots.is_empty());
    let f = &none.diagnosis[0];
    assert!(f.fix.contains("cross authority borders"), "{f:?}");
    assert!(f.levers.contains(&lotwise::plan::solution::Lever::CrossAuthority));
    // The link takes the user to the rules step, where both m and the borders are set.
    let places = lotwise::views::report::fix_places(f);
    assert!(places.iter().any(|t| t.step() == lotwise::model::target::Step::Rules), "{places:?}");
    // Crossing allowed: one lot, awarded.
    p.params.within_authority.clear();
    let one = solver::solve(&p, &solver::Options::default());
    assert_eq!(one.num_lots, Some(1));
}

/// The lots holding this authority's work (by their segments' authority) and their independent
/// credible bidders.
fn lots_of<'a>(
    problem: &'a lotwise::plan::problem::LotProblem,
    plan: &'a lotwise::plan::solution::Solution,
    authority: &'a str,
) -> impl Iterator<Item = &'a lotwise::plan::solution::Lot> + 'a {
    plan.lots.iter().filter(move |l| {
        l.segments
            .iter()
            .any(|id| problem.segments.iter().any(|s| &s.id == id && s.authority.as_deref() == Some(authority)))
    })
}

#[test]
fn each_authority_can_ask_for_its_own_number_of_credible_bidders() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    let ours = ws.active_scenario().authorities[0].name.clone();
    let k = ws.active_scenario().rules.k;
    // Refused: no bidders at all, or an authority that is not there; nothing changes.
    let before = ws.clone();
    let err = ws.apply(Edit::SetAuthorityK { authority: theirs.clone(), k: Some(0) }).unwrap_err();
    assert!(err.0.contains("at least 1 credible bidder"), "{err}");
    assert!(ws.apply(Edit::SetAuthorityK { authority: "Nowhere".into(), k: Some(2) }).is_err());
    assert_eq!(ws, before);

    // The plan asks for 1 credible bidder per lot; they ask for the shipped plan's k.
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::K(1))).unwrap();
    assert!(lower::lower(ws.active_scenario()).unwrap().params.k_by_authority.is_empty());
    ws.apply(Edit::SetAuthorityK { authority: theirs.clone(), k: Some(k) }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    assert_eq!(problem.params.k_by_authority.get(&theirs), Some(&k));
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    assert!(lots_of(&problem, &plan, &theirs).all(|l| l.bidders() as u32 >= k));
    // Our work still needs only the plan's 1.
    for (s, n) in problem.segments.iter().zip(problem.bidders_needed()) {
        let want = if s.authority.as_deref() == Some(ours.as_str()) { 1 } else { k };
        assert_eq!(n, want, "{}", s.id);
    }

    // Saved and read back with it; "Follow the plan's k" takes it away.
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    ws.apply(Edit::SetAuthorityK { authority: theirs.clone(), k: None }).unwrap();
    assert_eq!(ws.active_scenario().authorities[1].k, None);
    assert!(lower::lower(ws.active_scenario()).unwrap().params.k_by_authority.is_empty());

    // A file asking for 0 is refused, with the place to fix.
    let mut text: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
    text["scenarios"][0]["authorities"][1]["k"] = 0.into();
    let err = Workspace::import(&text.to_string()).unwrap_err().to_string();
    assert!(err.contains("scenarios[0].authorities[1].k"), "{err}");
}

/// Fostering in four localities in a row, East (A, B) and West (C, D), each worth 4, lots kept
/// within an authority, with k = 1, m = 10 and lots worth 1 to 100; `suppliers` is the JSON
/// array of its suppliers (all serving every locality).
fn row_of_four(suppliers: &str) -> lotwise::plan::problem::LotProblem {
    let text = format!(
        r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 100, "k": 1, "m": 10, "within_authority": ["F"]}},
          "localities": ["A", "B", "C", "D"], "adjacency": [["A", "B"], ["B", "C"], ["C", "D"]],
          "service_areas": [{{"code": "F", "name": "Fostering"}}],
          "segments": [{{"id": "F-A", "service_area": "F", "locality": "A", "value": 4, "authority": "East"}},
                       {{"id": "F-B", "service_area": "F", "locality": "B", "value": 4, "authority": "East"}},
                       {{"id": "F-C", "service_area": "F", "locality": "C", "value": 4, "authority": "West"}},
                       {{"id": "F-D", "service_area": "F", "locality": "D", "value": 4, "authority": "West"}}],
          "suppliers": {suppliers}}}"#
    );
    lotwise::plan::problem::LotProblem::from_json(&text).unwrap()
}

/// Four localities in a row, East (A, B) and West (C, D), lots kept within an authority, a large
/// and a small provider: with k = 1 each authority is one lot; West asking for 2 bidders splits
/// its lot in two (the small provider can take only a single locality), East's stays whole.
#[test]
fn an_authoritys_own_k_changes_only_its_own_lots() {
    let mut p = row_of_four(
        r#"[{"id": "BIG", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
           {"id": "SMALL", "capacity": 5, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]}]"#,
    );
    let before = solver::solve(&p, &solver::Options::default());
    assert_eq!(before.num_lots, Some(2));
    p.params.k_by_authority.insert("West".into(), 2);
    let after = solver::solve(&p, &solver::Options::default());
    assert_eq!(after.status.as_str(), "optimal");
    assert_eq!(after.num_lots, Some(3));
    assert!(common::violations(&p, &after).is_empty(), "{:?}", common::violations(&p, &after));
    let mut lots: Vec<Vec<String>> = after.lots.iter().map(|l| l.segments.clone()).collect();
    lotwise::base::sort::sort(&mut lots);
    assert_eq!(lots, [vec!["F-A", "F-B"], vec!["F-C"], vec!["F-D"]]);
    let rules = p.lot_rules();
    assert_eq!((rules.k(&["F-A", "F-B"]), rules.k(&["F-D"]), rules.k(&["F-B", "F-C"])), (1, 2, 2));
    // Read back from JSON with the rule; an authority no segment names is refused.
    let back = lotwise::plan::problem::LotProblem::from_json(&p.to_json()).unwrap();
    assert_eq!(back.params.k_by_authority, p.params.k_by_authority);
    p.params.k_by_authority.insert("Atlantis".into(), 2);
    let err = p.validate().unwrap_err().to_string();
    assert!(err.contains("params.k_by_authority.Atlantis"), "{err}");
}

/// Where an area's lots may cross the border, each of them needs the most bidders any of the
/// authorities asks for; where they keep within one, each authority's own.
#[test]
fn lots_across_the_border_need_the_strictest_authoritys_bidders() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    let ours = ws.active_scenario().authorities[0].name.clone();
    let k = ws.active_scenario().rules.k;
    ws.apply(Edit::SetAuthorityK { authority: theirs.clone(), k: Some(k + 1) }).unwrap();
    ws.apply(Edit::SetCrossAuthority { code: "FOST".into(), on: true }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    let needed: Vec<(String, u32)> =
        problem.segments.iter().map(|s| s.id.clone()).zip(problem.bidders_needed()).collect();
    for (s, (id, n)) in problem.segments.iter().zip(&needed) {
        let want = if s.service_area == "FOST" || s.authority.as_deref() == Some(theirs.as_str()) { k + 1 } else { k };
        assert_eq!(*n, want, "{id}");
    }
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    assert!(lots_of(&problem, &plan, &ours)
        .filter(|l| l.segments[0].starts_with("FOST"))
        .all(|l| l.bidders() as u32 > k));
}

/// Merging a plan whose rules ask for a different k brings it as that authority's own.
#[test]
fn a_merged_authority_keeps_its_own_k() {
    let mut ws = Workspace::default_workspace();
    let mut from = neighbour();
    from.rules.k = ws.active_scenario().rules.k + 1;
    let merged = regional::merge(ws.active_scenario(), &from, &[]).unwrap();
    let theirs = &merged.scenario.authorities[1];
    assert_eq!(theirs.k, Some(from.rules.k));
    assert!(merged.notes.iter().any(|n| n.contains("keeps its own rule of at least")), "{:?}", merged.notes);
    assert!(
        !merged.notes.iter().any(|n| n.contains("lot rules")),
        "k alone is not a difference kept away: {:?}",
        merged.notes
    );
    ws.apply(Edit::MergeAuthority { from: Box::new(from), same: vec![] }).unwrap();
    assert_eq!(ws.active_scenario().authorities[0].k, None);
}

/// An authority asking for more bidders than its market has is named in the explanation, with
/// its own k as the thing to lower.
#[test]
fn an_authoritys_own_k_that_cannot_be_met_is_explained_as_its_own() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    ws.apply(Edit::SetAuthorityK { authority: theirs.clone(), k: Some(40) }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(plan.lots.is_empty());
    let text: Vec<String> = plan.diagnosis.iter().map(|f| format!("{} {}", f.message, f.fix)).collect();
    assert!(text.iter().any(|t| t.contains(&format!("k = 40, {theirs}'s own rule"))), "{text:#?}");
    // Each of their segments is named as short of bidders even as a lot of its own (R5).
    let short = plan.diagnosis.iter().filter(|f| f.rule == lotwise::plan::solution::Rule::R5).count();
    assert!(short > 0, "{text:#?}");
    assert!(plan.diagnosis.iter().all(|f| f.segments.iter().all(|s| s.ends_with("(Westshire Council)"))), "{text:#?}");
    assert!(
        text.iter().any(|t| t.to_lowercase().contains(&format!("lower {}'s own k to", theirs.to_lowercase()))),
        "{text:#?}"
    );
}

/// As above, with SMALL an SME and BIG not: West's rule that its lots be open to an SME splits
/// only West's lot (SMALL can take a single locality); East's stays whole, won by BIG alone.
#[test]
fn an_authoritys_own_sme_rule_changes_only_its_own_lots() {
    let mut p = row_of_four(
        r#"[{"id": "BIG", "capacity": 50, "revenue": 90000000, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
           {"id": "SMALL", "capacity": 5, "revenue": 20000000, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]}]"#,
    );
    assert_eq!(solver::solve(&p, &solver::Options::default()).num_lots, Some(2));
    p.params.sme_open_authorities = vec!["West".into()];
    let after = solver::solve(&p, &solver::Options::default());
    assert_eq!((after.status.as_str(), after.num_lots), ("optimal", Some(3)));
    assert!(common::violations(&p, &after).is_empty(), "{:?}", common::violations(&p, &after));
    let mut lots: Vec<Vec<String>> = after.lots.iter().map(|l| l.segments.clone()).collect();
    lotwise::base::sort::sort(&mut lots);
    assert_eq!(lots, [vec!["F-A", "F-B"], vec!["F-C"], vec!["F-D"]]);
    let words = lotwise::views::report::rules_in_words(&p).join(" ");
    assert!(words.contains("Every lot holding West's work has at least one credible bidder that is an SME"), "{words}");
    // Fostering lots may cross the border: every one of them follows West's rule.
    p.params.within_authority.clear();
    assert_eq!(p.sme_needed(), vec![true; 4]);
    let crossing = solver::solve(&p, &solver::Options::default());
    assert!(common::violations(&p, &crossing).is_empty(), "{:?}", common::violations(&p, &crossing));
    assert_eq!(crossing.num_lots, Some(4), "SMALL can take one locality at a time: {:?}", crossing.lots);
    // No SME can take West's work at all: the answer names West's rule and offers to drop it.
    p.params.within_authority = vec!["F".into()];
    p.suppliers[1].capacity = 1.0;
    let none = solver::solve(&p, &solver::Options::default());
    assert!(none.lots.is_empty());
    let text: Vec<String> = none.diagnosis.iter().map(|f| format!("{} {}", f.message, f.fix)).collect();
    assert!(text.iter().any(|t| t.contains("lots holding West's work must be open to at least one SME")), "{text:#?}");
    assert!(text.iter().any(|t| t.contains("Stop requiring West's lots to be open to an SME")), "{text:#?}");
    // Unknown authorities are refused with their place.
    p.params.sme_open_authorities.push("Atlantis".into());
    assert!(p.validate().unwrap_err().to_string().contains("params.sme_open_authorities[1]"));
}

#[test]
fn each_authority_can_ask_for_lots_open_to_an_sme() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    assert!(ws.apply(Edit::SetAuthoritySmeOpen { authority: "Nowhere".into(), on: true }).is_err());
    ws.apply(Edit::SetAuthoritySmeOpen { authority: theirs.clone(), on: true }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    assert_eq!(problem.params.sme_open_authorities, vec![theirs.clone()]);
    let needed = problem.sme_needed();
    for (s, n) in problem.segments.iter().zip(needed) {
        assert_eq!(n, s.authority.as_deref() == Some(theirs.as_str()), "{}", s.id);
    }
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    let export = export::Plan::new(&problem, &plan, ws.active_scenario());
    let json = export::json(&export);
    assert!(
        json.to_string()
            .contains(&format!("Every lot holding {theirs}'s work has at least one credible bidder that is an SME")),
        "{}",
        json["summary"]
    );
}

/// As above, with k = 1 and both providers large: West's own largest lot (5) splits only West's
/// lot; East's stays whole.
#[test]
fn an_authoritys_own_largest_lot_changes_only_its_own_lots() {
    let mut p =
        row_of_four(r#"[{"id": "BIG", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]}]"#);
    assert_eq!(solver::solve(&p, &solver::Options::default()).num_lots, Some(2));
    p.params.v_max_by_authority.insert("West".into(), 5.0);
    let after = solver::solve(&p, &solver::Options::default());
    assert_eq!((after.status.as_str(), after.num_lots), ("optimal", Some(3)));
    assert!(common::violations(&p, &after).is_empty(), "{:?}", common::violations(&p, &after));
    let mut lots: Vec<Vec<String>> = after.lots.iter().map(|l| l.segments.clone()).collect();
    lotwise::base::sort::sort(&mut lots);
    assert_eq!(lots, [vec!["F-A", "F-B"], vec!["F-C"], vec!["F-D"]]);
    let words = lotwise::views::report::rules_in_words(&p).join(" ");
    assert!(words.contains("Lots holding West's work are worth at most £5 a year"), "{words}");
    let rules = p.lot_rules();
    assert_eq!((rules.v_max(&["F-A", "F-B"]), rules.v_max(&["F-C"]), rules.v_max(&["F-B", "F-C"])), (100.0, 5.0, 5.0));
    // Across the border every fostering lot keeps to West's 5.
    p.params.within_authority.clear();
    assert_eq!(p.largest_lots(), vec![5.0; 4]);
    let crossing = solver::solve(&p, &solver::Options::default());
    assert_eq!(crossing.num_lots, Some(4));
    assert!(common::violations(&p, &crossing).is_empty());
    // Below the smallest lot, or for an authority no segment names: refused with the place.
    p.params.v_max_by_authority.insert("West".into(), 0.5);
    p.params.v_max_by_authority.insert("Atlantis".into(), 5.0);
    let err = p.validate().unwrap_err().to_string();
    assert!(
        err.contains("params.v_max_by_authority.West: West's largest lot (0.5) is below the smallest lot allowed"),
        "{err}"
    );
    assert!(err.contains("params.v_max_by_authority.Atlantis"), "{err}");
    // A segment worth more than its authority's own largest lot is explained as its rule.
    p.params.v_max_by_authority = [("West".to_string(), 3.0)].into();
    p.params.v_min = 1.0;
    p.params.within_authority = vec!["F".into()];
    let none = solver::solve(&p, &solver::Options::default());
    let text: Vec<String> = none.diagnosis.iter().map(|f| format!("{} {}", f.message, f.fix)).collect();
    assert!(text.iter().any(|t| t.contains("above the largest lot allowed (£3, West's own largest lot)")), "{text:#?}");
    assert!(text.iter().any(|t| t.contains("Raise West's own largest lot to at least £4")), "{text:#?}");
}

#[test]
fn each_authority_can_set_its_own_largest_lot() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    let rules = ws.active_scenario().rules.clone();
    let before = ws.clone();
    let err =
        ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(rules.v_max + 1.0) }).unwrap_err();
    assert!(err.0.contains("largest lot must be between the plan's smallest"), "{err}");
    assert!(ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(rules.v_min - 1.0) }).is_err());
    assert!(ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(f64::NAN) }).is_err());
    assert_eq!(ws, before);
    let own = rules.v_max * 0.6;
    ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(own) }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    assert_eq!(problem.params.v_max_by_authority.get(&theirs), Some(&own));
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    assert!(lots_of(&problem, &plan, &theirs).all(|l| l.value <= own));
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    // Raising the plan's smallest lot above it: the step says where and how to fix it.
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::SmallestLot(own + 1.0))).unwrap();
    let issues = ws.active_scenario().validate().unwrap_err().to_string();
    assert!(issues.contains("authorities[1].v_max"), "{issues}");
    assert!(issues.contains("is below the plan's smallest lot"), "{issues}");
    // Lowering the plan's largest below it: the plan's applies, nothing breaks.
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::SmallestLot(rules.v_min))).unwrap();
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::LargestLot(own - 1.0))).unwrap();
    ws.active_scenario().validate().unwrap();
    assert!(lower::lower(ws.active_scenario()).unwrap().params.v_max_by_authority.is_empty());
}

/// Fostering in a line of six localities, East's three (2, 4 and 4 a year) and West's three
/// (the same), one large provider, lots of at most 8: each authority's work needs two lots, and
/// either its first locality alone or its last is the small one. East's own smallest lot (3)
/// leaves East only one way; a larger one (5) leaves none.
#[test]
fn an_authoritys_own_smallest_lot_changes_only_its_own_lots() {
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 8, "k": 1, "m": 10, "within_authority": ["F"]},
      "localities": ["A", "B", "C", "D", "E", "G"], "adjacency": [["A", "B"], ["B", "C"], ["C", "D"], ["D", "E"], ["E", "G"]],
      "service_areas": [{"code": "F", "name": "Fostering"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 2, "authority": "East"},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 4, "authority": "East"},
                   {"id": "F-C", "service_area": "F", "locality": "C", "value": 4, "authority": "East"},
                   {"id": "F-D", "service_area": "F", "locality": "D", "value": 2, "authority": "West"},
                   {"id": "F-E", "service_area": "F", "locality": "E", "value": 4, "authority": "West"},
                   {"id": "F-G", "service_area": "F", "locality": "G", "value": 4, "authority": "West"}],
      "suppliers": [{"id": "BIG", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C", "D", "E", "G"]}]}"#;
    let mut p = lotwise::plan::problem::LotProblem::from_json(text).unwrap();
    assert_eq!(solver::solve(&p, &solver::Options::default()).num_lots, Some(4));
    // East's own smallest lot (3): its lots are A with B, and C alone; West's may be either.
    p.params.v_min_by_authority.insert("East".into(), 3.0);
    assert_eq!(p.smallest_lots(), vec![3.0, 3.0, 3.0, 1.0, 1.0, 1.0]);
    let after = solver::solve(&p, &solver::Options::default());
    assert_eq!((after.status.as_str(), after.num_lots), ("optimal", Some(4)), "{:?}", after.diagnosis);
    assert!(common::violations(&p, &after).is_empty(), "{:?}", common::violations(&p, &after));
    let mut east: Vec<Vec<String>> =
        after.lots.iter().map(|l| l.segments.clone()).filter(|s| s.iter().any(|id| id == "F-A")).collect();
    east.extend(after.lots.iter().map(|l| l.segments.clone()).filter(|s| s == &["F-C"]));
    assert_eq!(east, [vec!["F-A", "F-B"], vec!["F-C"]]);
    let words = lotwise::views::report::rules_in_words(&p).join(" ");
    assert!(words.contains("Lots holding East's work are worth at least £3 a year"), "{words}");
    // East asking for 5: no two lots of East's work both reach it, and none may hold all three.
    p.params.v_min_by_authority.insert("East".into(), 5.0);
    let none = solver::solve(&p, &solver::Options::default());
    assert_eq!(none.status.as_str(), "infeasible");
    let text: Vec<String> = none.diagnosis.iter().map(|f| format!("{} {}", f.message, f.fix)).collect();
    assert!(text.iter().any(|t| t.contains("£5, East's own smallest lot")), "{text:#?}");
    // The fix leads to the rules step's table of each authority's own rules.
    let places: Vec<_> = none.diagnosis.iter().flat_map(lotwise::views::report::fix_places).collect();
    assert!(
        places.contains(&lotwise::model::target::Target::Rule(lotwise::model::target::RuleField::AuthorityRules)),
        "{places:?}"
    );
    // Across the border every fostering lot keeps to the larger of the two (3).
    p.params.v_min_by_authority = [("East".to_string(), 3.0)].into();
    p.params.within_authority.clear();
    assert_eq!(p.smallest_lots(), vec![3.0; 6]);
    let crossing = solver::solve(&p, &solver::Options::default());
    assert_eq!(crossing.num_lots, Some(3));
    assert!(common::violations(&p, &crossing).is_empty());
    assert!(crossing.lots.iter().all(|l| l.value >= 3.0));
    // Above its own largest lot, or for an authority no segment names: refused with the place.
    p.params.within_authority = vec!["F".into()];
    p.params.v_min_by_authority.insert("East".into(), 20.0);
    p.params.v_min_by_authority.insert("Atlantis".into(), 5.0);
    let err = p.validate().unwrap_err().to_string();
    assert!(
        err.contains("params.v_min_by_authority.East: East's smallest lot (20) is above the largest lot it allows (8)"),
        "{err}"
    );
    assert!(err.contains("params.v_min_by_authority.Atlantis"), "{err}");
    // Crossing the border, East's smallest (7) above West's largest (6): no lot of the area
    // can be drawn, said before solving.
    p.params.within_authority.clear();
    p.params.v_min_by_authority = [("East".to_string(), 7.0)].into();
    p.params.v_max_by_authority = [("West".to_string(), 6.0)].into();
    let err = p.validate().unwrap_err().to_string();
    assert!(err.contains("must be worth at least 7") && err.contains("and at most 6"), "{err}");
    // A segment alone below its authority's own smallest lot, with no neighbour: explained as
    // that authority's rule.
    p.params.v_max_by_authority.clear();
    p.params.within_authority = vec!["F".into()];
    p.adjacency.retain(|(a, b)| a != "A" && b != "A");
    p.params.v_min_by_authority = [("East".to_string(), 3.0)].into();
    let none = solver::solve(&p, &solver::Options::default());
    let text: Vec<String> = none.diagnosis.iter().map(|f| format!("{} {}", f.message, f.fix)).collect();
    assert!(
        text.iter().any(|t| t.contains("below the smallest lot allowed (£3, East's own smallest lot)")),
        "{text:#?}"
    );
}

#[test]
fn each_authority_can_set_its_own_smallest_lot() {
    let mut ws = merged();
    let theirs = ws.active_scenario().authorities[1].name.clone();
    let rules = ws.active_scenario().rules.clone();
    let before = ws.clone();
    let err =
        ws.apply(Edit::SetAuthorityVMin { authority: theirs.clone(), v_min: Some(rules.v_max + 1.0) }).unwrap_err();
    assert!(err.0.contains("smallest lot must be between the plan's smallest"), "{err}");
    assert!(ws.apply(Edit::SetAuthorityVMin { authority: theirs.clone(), v_min: Some(rules.v_min - 1.0) }).is_err());
    assert!(ws.apply(Edit::SetAuthorityVMin { authority: theirs.clone(), v_min: Some(f64::NAN) }).is_err());
    assert_eq!(ws, before);
    let own = rules.v_min * 1.5;
    ws.apply(Edit::SetAuthorityVMin { authority: theirs.clone(), v_min: Some(own) }).unwrap();
    let problem = lower::lower(ws.active_scenario()).unwrap();
    assert_eq!(problem.params.v_min_by_authority.get(&theirs), Some(&own));
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(!plan.lots.is_empty(), "{:?}", plan.diagnosis);
    assert!(common::violations(&problem, &plan).is_empty(), "{:?}", common::violations(&problem, &plan));
    assert!(lots_of(&problem, &plan, &theirs).all(|l| l.value >= own));
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    // Its own largest lot may not go below its own smallest.
    let err = ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(own - 1.0) }).unwrap_err();
    assert!(err.0.contains("between its own smallest"), "{err}");
    // Lowering the plan's largest lot below it: the step says where and how to fix it.
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::LargestLot(own - 1.0))).unwrap();
    let issues = ws.active_scenario().validate().unwrap_err().to_string();
    assert!(issues.contains("authorities[1].v_min"), "{issues}");
    assert!(issues.contains("is above the plan's largest lot"), "{issues}");
    // The step's message links to the table where it is changed.
    let sc = ws.active_scenario();
    assert_eq!(
        lotwise::model::target::Target::of_path(sc, "scenario.authorities[1].v_min"),
        lotwise::model::target::Target::Rule(lotwise::model::target::RuleField::AuthorityRules)
    );
    assert_eq!(
        lotwise::model::target::Target::of_path(sc, "scenario.authorities[1].values.FOST"),
        lotwise::model::target::Target::Authorities
    );
    // Raising the plan's smallest above it: the plan's applies, nothing breaks.
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::LargestLot(rules.v_max))).unwrap();
    ws.apply(Edit::SetRule(lotwise::model::edit::Rule::SmallestLot(own + 1.0))).unwrap();
    ws.active_scenario().validate().unwrap();
    assert!(lower::lower(ws.active_scenario()).unwrap().params.v_min_by_authority.is_empty());
}

/// A regional plan merged into another brings each authority's own smallest and largest lot
/// where they fit the receiving plan's band of lot values, and leaves them out where not.
#[test]
fn a_merged_regional_plan_keeps_each_authoritys_own_lot_values() {
    let mut regional_ws = merged();
    let r = regional_ws.active_scenario().rules.clone();
    let theirs = "Westshire Council".to_string();
    let (v_min, v_max) = (r.v_min * 1.5, r.v_max * 0.8);
    regional_ws.apply(Edit::SetAuthorityVMin { authority: theirs.clone(), v_min: Some(v_min) }).unwrap();
    regional_ws.apply(Edit::SetAuthorityVMax { authority: theirs.clone(), v_max: Some(v_max) }).unwrap();
    let from = regional_ws.active_scenario().clone();
    let mut into = Workspace::default_workspace().scenarios.remove(0);
    into.service.authority = "Northshire Council".into();
    let merged = regional::merge(&into, &from, &[]).unwrap();
    let own = |sc: &Scenario| {
        let a = sc.authorities.iter().find(|a| a.name == theirs).unwrap();
        (a.v_min, a.v_max)
    };
    assert_eq!(own(&merged.scenario), (Some(v_min), Some(v_max)));
    merged.scenario.validate().unwrap();
    // Into a plan whose largest lot is below Westshire's own smallest: neither comes.
    into.rules.v_max = v_min - 1.0;
    let merged = regional::merge(&into, &from, &[]).unwrap();
    assert_eq!(own(&merged.scenario), (None, None));
}

/// The county `XL-2` (too large to list its lots, so solved by search) cut into two
/// authorities whose lots keep within their borders: one asking for a smallest lot above all of
/// its work in a service area has no plan, and the solver says so at once and why (it used to
/// search until the time ran out and then report only that the problem was large), naming the
/// authority, the area and the most its own smallest lot could be.
#[test]
fn work_worth_less_than_an_authoritys_own_smallest_lot_is_explained_at_once() {
    let mut p = common::load_instance("XL-2");
    // North: ten localities grown over the map from the first, so its work is connected.
    let mut north: Vec<String> = vec![p.localities[0].clone()];
    let mut next = 0;
    while north.len() < 10 {
        let at = north[next].clone();
        next += 1;
        for (a, b) in &p.adjacency {
            let other = if *a == at {
                b
            } else if *b == at {
                a
            } else {
                continue;
            };
            if north.len() < 10 && !north.contains(other) {
                north.push(other.clone());
            }
        }
    }
    for s in &mut p.segments {
        s.authority = Some(if north.contains(&s.locality) { "North" } else { "South" }.to_string());
    }
    p.params.within_authority = p.service_areas.iter().map(|a| a.code.clone()).collect();
    // North's smallest area (by value in scope) and what it is worth.
    let mut totals: std::collections::BTreeMap<&str, f64> = Default::default();
    for s in p.in_scope().filter(|s| s.authority.as_deref() == Some("North")) {
        *totals.entry(s.service_area.as_str()).or_default() += s.value;
    }
    let (area, least) = totals.iter().fold(("", f64::MAX), |m, (a, v)| if *v < m.1 { (a, *v) } else { m });
    let (area, least) = (area.to_string(), least);
    p.params.v_min_by_authority.insert("North".into(), (least + 1000.0).min(p.params.v_max));
    p.validate().expect("a valid problem");
    let options = solver::Options { time_limit: std::time::Duration::from_secs(20), ..Default::default() };
    let none = solver::solve(&p, &options);
    assert_eq!(none.status.as_str(), "infeasible", "{:?}", none.diagnosis);
    let name = &p.service_areas.iter().find(|a| a.code == area).unwrap().name;
    let finding = none
        .diagnosis
        .iter()
        .find(|f| f.message.contains(&format!("{name} work in North")))
        .unwrap_or_else(|| panic!("{:#?}", none.diagnosis));
    assert_eq!(finding.rule, lotwise::plan::solution::Rule::R4);
    assert!(finding.message.contains("North's own smallest lot"), "{}", finding.message);
    let most = lotwise::base::money::gbp_full(least.floor());
    assert!(finding.fix.starts_with(&format!("Lower North's own smallest lot to {most}")), "{}", finding.fix);
    assert!(finding.fix.contains("cross authority borders"), "{}", finding.fix);
    // Every segment of that work is named, so the plan's report can list them.
    let named = p.in_scope().filter(|s| s.authority.as_deref() == Some("North") && s.service_area == area).count();
    assert_eq!(finding.segments.len(), named);
    // South's work is not blamed.
    assert!(none.diagnosis.iter().all(|f| !f.message.contains("South")), "{:#?}", none.diagnosis);
}

/// Localities the map links to nothing else of their service area form a part of their own:
/// two of them, worth less together than the smallest lot, are explained as cut off (check the
/// map), not as segments that fit no lot one by one.
#[test]
fn a_cut_off_part_worth_less_than_the_smallest_lot_is_explained_as_cut_off() {
    let text = r#"{"format_version": 1, "params": {"v_min": 5, "v_max": 100, "k": 1, "m": 10},
      "localities": ["A", "B", "C", "D"], "adjacency": [["A", "B"], ["C", "D"]],
      "service_areas": [{"code": "F", "name": "Fostering"}],
      "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 4},
                   {"id": "F-B", "service_area": "F", "locality": "B", "value": 4},
                   {"id": "F-C", "service_area": "F", "locality": "C", "value": 2},
                   {"id": "F-D", "service_area": "F", "locality": "D", "value": 2}],
      "suppliers": [{"id": "BIG", "capacity": 50, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]}]}"#;
    let mut p = lotwise::plan::problem::LotProblem::from_json(text).unwrap();
    let none = solver::solve(&p, &solver::Options::default());
    assert_eq!(none.status.as_str(), "infeasible");
    let [finding] = none.diagnosis.as_slice() else { panic!("{:#?}", none.diagnosis) };
    assert!(
        finding.message.starts_with("The Fostering work in C and D (2 segments), which no adjacency links to the rest"),
        "{}",
        finding.message
    );
    assert!(finding.message.contains("worth £4 a year in all, and is below the smallest lot allowed (v_min = £5)"));
    assert_eq!(finding.segments, ["F-C", "F-D"]);
    assert!(finding.levers.contains(&lotwise::plan::solution::Lever::Map), "{:?}", finding.levers);
    // Linked to the rest by the map, the same work joins a lot with it.
    p.adjacency.push(("B".into(), "C".into()));
    let plan = solver::solve(&p, &solver::Options::default());
    assert_eq!((plan.status.as_str(), plan.num_lots), ("optimal", Some(1)), "{:?}", plan.diagnosis);
}
