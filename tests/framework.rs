//! Framework (multi-provider) lots (`params.appointments`, the workspace's per-area "providers
//! per lot"): set as a person would on step 3, solved, checked by the independent checker,
//! stress-tested, stated in the exports, explained when they cannot be met, refused when out
//! of range, and kept in the saved file.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use lotwise::model::edit::{Edit, Rule};
use lotwise::model::Workspace;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Lever, Lot, Solution, Status};
use lotwise::plan::{lower, robust, solver, stress};
use lotwise::views::export::ocds::{self, OcdsOptions};
use lotwise::views::{export, market, report};

fn fostering(problem: &LotProblem, lot: &Lot) -> bool {
    lot.segments.iter().any(|s| problem.segments.iter().any(|x| x.id == *s && x.service_area == "FOST"))
}

fn capacity(problem: &LotProblem, id: &str) -> f64 {
    problem.suppliers.iter().find(|j| j.id == id).map_or(0.0, |j| j.capacity)
}

#[test]
fn each_fostering_lot_appoints_three_different_providers_each_with_room_for_a_third() {
    // Lots up to £12m: a whole county's fostering (£8.75m) is one lot, more than some
    // fostering providers could take alone.
    let mut ws = Workspace::default_workspace();
    ws.apply(Edit::SetRule(Rule::LargestLot(12_000_000.0))).unwrap();
    let before = lower::lower_active(&ws).unwrap();
    let single = solver::solve(&before, &solver::Options::default());
    assert_eq!(single.status, Status::Optimal);

    ws.apply(Edit::SetAppointments { code: "FOST".into(), n: 3 }).unwrap();
    let problem = lower::lower_active(&ws).unwrap();
    assert_eq!(problem.params.appointments.get("FOST"), Some(&3));
    assert_eq!(problem.params.appointments.len(), 1, "only the area set");
    let plan = solver::solve(&problem, &solver::Options::default());
    assert!(matches!(plan.status, Status::Optimal | Status::Feasible), "{:#?}", plan.diagnosis);
    assert_eq!(common::violations(&problem, &plan), Vec::<String>::new());

    let foster: Vec<&Lot> = plan.lots.iter().filter(|l| fostering(&problem, l)).collect();
    assert!(!foster.is_empty());
    for lot in &foster {
        let to: BTreeSet<&str> = lot.appointed.iter().map(String::as_str).collect();
        assert_eq!((lot.appointed.len(), to.len()), (3, 3), "lot {} appoints {:?}", lot.id, lot.appointed);
        assert_eq!(lot.award, lot.appointed[0]);
        for j in &lot.credible_bidders {
            assert!(capacity(&problem, j) >= lot.value / 3.0, "{j} has room for a third of lot {}", lot.id);
        }
        assert!(lot.bidders() >= 3);
    }
    for lot in plan.lots.iter().filter(|l| !fostering(&problem, l)) {
        assert!(lot.appointed.is_empty(), "lot {} goes to one provider", lot.id);
    }
    // Suppliers too small for a whole fostering lot but with room for a third now bid.
    let thirds = foster.iter().any(|l| l.credible_bidders.iter().any(|j| capacity(&problem, j) < l.value));
    assert!(thirds, "some bidder is credible only for a share, or this test proves nothing");
    let bidders = |plan: &Solution, p: &LotProblem| -> usize {
        plan.lots.iter().filter(|l| fostering(p, l)).map(|l| l.bidders()).sum()
    };
    assert!(bidders(&plan, &problem) > bidders(&single, &before), "more credible bidders for shares");

    // Each appointee carries its share: the loads add up to the lots' value.
    let loads = report::loads(&problem, &plan);
    let carried: f64 = loads.iter().map(|l| l.awarded).sum();
    let value: f64 = plan.lots.iter().map(|l| l.value).sum();
    assert!((carried - value).abs() < 1.0, "{carried} against {value}");
    let (one, three) = (market::measure(&before, &single).unwrap(), market::measure(&problem, &plan).unwrap());
    assert!(three.providers > one.providers, "more providers: {} against {}", three.providers, one.providers);

    // Stated beside the plan and in the exports.
    let words = report::rules_in_words(&problem);
    assert!(words.iter().any(|w| w.contains("framework lot that appoints 3 different providers")), "{words:#?}");
    let exported = export::Plan::new(&problem, &plan, ws.active_scenario());
    let [lots, _, _] = export::tables(&exported);
    let col = lots.headers.iter().position(|h| h.starts_with("Providers appointed")).expect("a column for it");
    let first = plan.lots.iter().position(|l| fostering(&problem, l)).unwrap();
    assert_eq!(format!("{:?}", lots.rows[first][col]), "Int(3)");
    let json = export::json(&exported).to_string();
    assert!(json.contains("framework lot that appoints 3 different providers"), "the rules in words");
    let release = ocds::tender_release(&exported, &OcdsOptions::default());
    let lot = &release["tender"]["lots"][first];
    let described = lot["description"].as_str().unwrap();
    assert!(described.contains("A framework lot: it appoints 3 providers"), "{described}");
    // The condition of participation asks turnover for a third of the lot, and says why.
    let criterion = &lot["selectionCriteria"]["criteria"][0];
    let why = criterion["description"].as_str().unwrap();
    assert!(why.contains("shared by the 3 providers it appoints"), "{why}");

    // Saved with the workspace and read back; an untouched workspace does not carry the field.
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    assert!(!Workspace::default_workspace().to_json().contains("appointments"));
    ws.apply(Edit::SetAppointments { code: "FOST".into(), n: 1 }).unwrap();
    assert_eq!(lower::lower_active(&ws).unwrap(), before);
}

#[test]
fn out_of_range_numbers_are_refused_and_nothing_changes() {
    let mut ws = Workspace::default_workspace();
    for n in [0, 51] {
        let err = ws.apply(Edit::SetAppointments { code: "FOST".into(), n }).unwrap_err().to_string();
        assert!(err.contains("between 1 and 50 providers"), "{err}");
    }
    assert_eq!(ws, Workspace::default_workspace());
    assert!(ws.apply(Edit::SetAppointments { code: "NOPE".into(), n: 2 }).is_err());

    // A workspace file that asks for 0 or 1,000 providers is refused with the place, and the
    // open workspace is untouched.
    for n in [0, 1000] {
        let mut file: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
        file["scenarios"][0]["service_areas"][3]["appointments"] = serde_json::json!(n);
        let err = Workspace::import(&file.to_string()).unwrap_err().to_string();
        assert!(err.contains("service_areas[3].appointments"), "{err}");
        assert!(err.contains("between 1 and 50"), "{err}");
    }
    assert_eq!(ws, Workspace::default_workspace());

    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 2,
        "appointments": {"X": 2, "F": 0}},
        "localities": ["A"], "adjacency": [], "service_areas": [{"code": "F"}],
        "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 30}],
        "suppliers": [{"id": "S", "capacity": 100, "service_areas": ["F"], "localities": ["A"]}]}"#;
    let err = LotProblem::from_json(text).unwrap_err().to_string();
    assert!(err.contains("params.appointments.X") && err.contains("\"X\""), "{err}");
    assert!(err.contains("params.appointments.F") && err.contains("got 0"), "{err}");
}

/// Two localities worth 30 each; three suppliers with room for 20 to 40.
const SMALL: &str = r#"{"format_version": 1,
    "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 2, "appointments": {"F": 3}},
    "localities": ["A", "B"], "adjacency": [["A", "B"]],
    "service_areas": [{"code": "F", "name": "Fostering"}],
    "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 30},
                 {"id": "F-B", "service_area": "F", "locality": "B", "value": 30}],
    "suppliers": [{"id": "S1", "capacity": 40, "service_areas": ["F"], "localities": ["A", "B"]},
                  {"id": "S2", "capacity": 20, "service_areas": ["F"], "localities": ["A", "B"]},
                  {"id": "S3", "capacity": 20, "service_areas": ["F"], "localities": ["A", "B"]},
                  {"id": "S4", "capacity": 10, "service_areas": ["F"], "localities": ["A"]}]}"#;

#[test]
fn a_framework_lot_needs_as_many_credible_bidders_as_it_appoints() {
    let problem = LotProblem::from_json(SMALL).unwrap();
    // One lot of 60 shared by three: S1, S2 and S3 each have room for 20.
    let plan = solver::solve(&problem, &solver::Options::default());
    assert_eq!((plan.status, plan.num_lots), (Status::Optimal, Some(1)), "{plan:#?}");
    assert_eq!(plan.lots[0].appointed, ["S1", "S2", "S3"]);
    assert_eq!(common::violations(&problem, &plan), Vec::<String>::new());

    // Four providers per lot: B has only three suppliers at all. Explained, with the lever.
    let mut four = problem.clone();
    four.params.appointments.insert("F".into(), 4);
    let plan = solver::solve(&four, &solver::Options::default());
    assert_eq!(plan.status, Status::Infeasible, "{plan:#?}");
    let f = plan.diagnosis.iter().find(|f| f.segments == ["F-B"]).expect("F-B is named");
    assert!(f.message.contains("as each Fostering lot appoints 4 providers"), "{}", f.message);
    assert!(f.levers.contains(&Lever::Appointments), "{:?}", f.levers);
    assert!(!f.levers.contains(&Lever::MinBidders), "k = 1 is not what binds: {:?}", f.levers);
}

#[test]
fn a_failed_appointee_s_share_goes_to_a_surviving_bidder() {
    let problem = LotProblem::from_json(SMALL).unwrap();
    let plan = solver::solve(&problem, &solver::Options::default());
    let report = stress::run(&problem, &plan);
    assert_eq!(report.failures.len(), 3, "one case per appointee: {report:#?}");
    for case in &report.failures {
        assert_eq!(case.lost_value, 20.0, "a third of the lot: {case:#?}");
        let to = case.lots[0].to.as_deref();
        // S2 or S3 failing: S1 has 20 left; S1 failing: no one has room for its 20.
        match case.failed[0].as_str() {
            "S1" => assert_eq!((to, case.stranded.as_slice()), (None, ["L1".to_string()].as_slice())),
            _ => assert_eq!(to, Some("S1"), "{case:#?}"),
        }
    }

    // The robust check keeps the award, all three appointees.
    let checked = robust::check_lots(&plan, &problem);
    assert!(checked.ok, "{:#?}", checked.violations);
    assert_eq!(checked.lots[0].appointed, plan.lots[0].appointed);
    // A plan that names only two appointees is re-awarded with three.
    let mut short: Solution = plan.clone();
    short.lots[0].appointed.pop();
    let checked = robust::check_lots(&short, &problem);
    assert!(checked.ok);
    assert_eq!(checked.lots[0].appointed.len(), 3);
}

#[test]
fn a_lot_appoints_the_most_any_of_its_segments_asks_for() {
    let mut ws = Workspace::default_workspace();
    ws.apply(Edit::SetAppointments { code: "FOST".into(), n: 3 }).unwrap();
    let problem = lower::lower_active(&ws).unwrap();
    let fostering: Vec<&str> =
        problem.segments.iter().filter(|s| s.service_area == "FOST").map(|s| s.id.as_str()).take(2).collect();
    let other = problem.segments.iter().find(|s| s.service_area != "FOST").unwrap().id.as_str();
    assert_eq!(fostering.len(), 2);
    assert_eq!(problem.lot_appointments(&fostering), 3);
    assert_eq!(problem.lot_appointments(&[other]), 1);
    assert_eq!(problem.lot_appointments(&[other, fostering[0]]), 3, "the most any segment asks for");
    assert_eq!(problem.lot_appointments(&["no such segment"]), 1);
    assert_eq!(problem.lot_appointments::<&str>(&[]), 1);
}
