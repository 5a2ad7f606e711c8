//! Lots open to SMEs (`params.sme_open`, the workspace's per-area "every lot open to an SME"):
//! set as a person would on step 3, solved, checked by the independent checker, explained
//! when it cannot be met, refused when it names an unknown area, and kept in the saved file.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use lotwise::model::edit::Edit;
use lotwise::model::procurement::sme_by_turnover;
use lotwise::model::Workspace;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Lever, Status};
use lotwise::plan::{lower, solver};
use lotwise::views::{export, report};

fn is_sme(problem: &LotProblem, id: &str) -> bool {
    problem.suppliers.iter().any(|j| j.id == id && j.is_sme())
}

/// The shipped example with one SME left serving fostering: a small provider (turnover £4m)
/// in every locality, so that the fewest-lots plan has fostering lots no SME could bid for.
fn few_fostering_smes() -> Workspace {
    let mut ws = Workspace::default_workspace();
    let sc = ws.active_scenario_mut().unwrap();
    let mut smes: Vec<usize> = (0..sc.suppliers.len())
        .filter(|&i| {
            sme_by_turnover(sc.suppliers[i].revenue) && sc.suppliers[i].service_areas.iter().any(|a| a == "FOST")
        })
        .collect();
    lotwise::base::sort::by(&mut smes, |&a, &b| sc.suppliers[a].revenue.partial_cmp(&sc.suppliers[b].revenue).unwrap());
    for &i in &smes[1..] {
        sc.suppliers[i].service_areas.retain(|a| a != "FOST");
    }
    sc.suppliers[smes[0]].localities = sc.localities.iter().map(|l| l.name.clone()).collect();
    sc.suppliers[smes[0]].revenue = Some(4_000_000.0);
    ws
}

fn fostering(problem: &LotProblem, lot: &lotwise::plan::solution::Lot) -> bool {
    lot.segments.iter().any(|s| problem.segments.iter().any(|x| x.id == *s && x.service_area == "FOST"))
}

#[test]
fn every_lot_of_a_ticked_area_has_a_credible_sme_bidder() {
    let mut ws = few_fostering_smes();
    let before = lower::lower_active(&ws).unwrap();
    let fewest = solver::solve(&before, &solver::Options::default());
    assert_eq!(fewest.status, Status::Optimal);
    let closed =
        fewest.lots.iter().filter(|l| fostering(&before, l) && !l.credible_bidders.iter().any(|b| is_sme(&before, b)));
    assert!(closed.count() > 0, "some fostering lot has no SME bidder, or this test proves nothing");

    ws.apply(Edit::SetSmeOpen { code: "FOST".into(), on: true }).unwrap();
    let problem = lower::lower_active(&ws).unwrap();
    assert_eq!(problem.params.sme_open, ["FOST"]);
    let plan = solver::solve(&problem, &solver::Options::default());
    assert_eq!(plan.status, Status::Optimal, "{:#?}", plan.diagnosis);
    assert_eq!(common::violations(&problem, &plan), Vec::<String>::new());
    for lot in plan.lots.iter().filter(|l| fostering(&problem, l)) {
        assert!(lot.credible_bidders.iter().any(|b| is_sme(&problem, b)), "lot {} has no SME", lot.id);
    }
    assert!(
        plan.num_lots > fewest.num_lots,
        "smaller fostering lots: {:?} against {:?}",
        plan.num_lots,
        fewest.num_lots
    );

    // The rule is stated beside the plan and in every export.
    let words = report::rules_in_words(&problem);
    assert!(words.iter().any(|w| w.starts_with("Every lot of ") && w.contains("SME")), "{words:#?}");
    let exported = export::Plan::new(&problem, &plan, ws.active_scenario());
    let json = export::json(&exported).to_string();
    assert!(
        json.contains("Lots open to at least one SME") && json.contains("at least one credible bidder that is an SME"),
        "{json}"
    );

    // Saved with the workspace and read back; an untouched workspace does not carry the field.
    let (back, _) = Workspace::import(&ws.to_json()).unwrap();
    assert_eq!(back, ws);
    assert!(!Workspace::default_workspace().to_json().contains("sme_open"));
    // Off again: the plan's rules are as before.
    ws.apply(Edit::SetSmeOpen { code: "FOST".into(), on: false }).unwrap();
    assert_eq!(lower::lower_active(&ws).unwrap(), before);
}

#[test]
fn a_segment_no_sme_can_take_is_explained() {
    let text = r#"{"format_version": 1,
        "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 2, "sme_open": ["F"]},
        "localities": ["A", "B"], "adjacency": [["A", "B"]],
        "service_areas": [{"code": "F", "name": "Fostering"}],
        "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 30},
                     {"id": "F-B", "service_area": "F", "locality": "B", "value": 30}],
        "suppliers": [{"id": "Big", "revenue": 90000000, "capacity": 100, "service_areas": ["F"], "localities": ["A", "B"]},
                      {"id": "Small", "revenue": 5000000, "capacity": 40, "service_areas": ["F"], "localities": ["A"]}]}"#;
    let problem = LotProblem::from_json(text).unwrap();
    let plan = solver::solve(&problem, &solver::Options::default());
    assert_eq!(plan.status, Status::Infeasible, "{plan:#?}");
    let f = plan.diagnosis.iter().find(|f| f.segments == ["F-B"]).expect("F-B is named");
    assert!(f.message.contains("has no credible SME bidder"), "{}", f.message);
    assert!(f.message.contains("no SME on the register is eligible for it"), "{}", f.message);
    assert_eq!(f.levers[0], Lever::SmeOpen);
    assert!(f.fix.starts_with("Stop requiring every Fostering lot to be open to an SME"), "{}", f.fix);

    // The small supplier reaching B too: one SME, but lots of 60 are beyond its capacity, so
    // the two segments become two lots, each open to it.
    let mut reach = problem.clone();
    reach.suppliers[1].localities.push("B".into());
    let plan = solver::solve(&reach, &solver::Options::default());
    assert_eq!((plan.status, plan.num_lots), (Status::Optimal, Some(2)));
    assert_eq!(common::violations(&reach, &plan), Vec::<String>::new());
    // Without the rule one lot does.
    reach.params.sme_open.clear();
    assert_eq!(solver::solve(&reach, &solver::Options::default()).num_lots, Some(1));
}

#[test]
fn an_unknown_area_is_refused_with_its_path() {
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 2, "sme_open": ["X"]},
        "localities": ["A"], "adjacency": [], "service_areas": [{"code": "F"}],
        "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 30}],
        "suppliers": [{"id": "S", "capacity": 100, "service_areas": ["F"], "localities": ["A"]}]}"#;
    let err = LotProblem::from_json(text).unwrap_err().to_string();
    assert!(err.contains("params.sme_open[0]") && err.contains("\"X\""), "{err}");
}

#[test]
fn the_alternatives_offer_a_plan_with_lots_open_to_smes() {
    use lotwise::plan::alternatives::{self, Aim};
    use lotwise::views::alternatives::{front, title, trade};
    let ws = few_fostering_smes();
    let problem = lower::lower_active(&ws).unwrap();
    let fewest = solver::solve(&problem, &solver::Options::default());
    let aims = alternatives::aims(&problem, &fewest);
    assert_eq!(aims.last(), Some(&Aim::SmeOpen), "{aims:?}");
    let opened = Aim::SmeOpen.problem(&problem);
    assert!(opened.params.sme_open.contains(&"FOST".to_string()), "{:?}", opened.params.sme_open);

    let options = solver::Options { time_limit: std::time::Duration::from_secs(5), ..Default::default() };
    let tried = alternatives::run(&problem, &fewest, &options);
    let (kept, not) = front(&problem, &fewest, &tried);
    let sme =
        kept.iter().find(|a| a.aim == Some(Aim::SmeOpen)).unwrap_or_else(|| panic!("offered: {kept:#?} {not:#?}"));
    assert_eq!(common::violations(&sme.problem, &sme.solution), Vec::<String>::new());
    assert!(sme.shape.sme_open_share > kept[0].shape.sme_open_share, "more value open to SMEs than the fewest lots");
    assert!(sme.lots > kept[0].lots);
    assert_eq!(title(sme), "Lots open to SMEs");
    let words = trade(sme, &kept[0]);
    assert!(words.contains("of the value open to SMEs instead of") && words.contains("Fostering services"), "{words}");
}

#[test]
fn an_area_where_no_sme_could_take_a_segment_is_not_asked_to_open() {
    let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 100, "k": 1, "m": 4},
        "localities": ["A", "B"], "adjacency": [["A", "B"]],
        "service_areas": [{"code": "F", "name": "Fostering"}, {"code": "R", "name": "Residential"}],
        "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 30},
                     {"id": "F-B", "service_area": "F", "locality": "B", "value": 30},
                     {"id": "R-A", "service_area": "R", "locality": "A", "value": 30}],
        "suppliers": [{"id": "Big", "revenue": 90000000, "capacity": 100, "service_areas": ["F", "R"], "localities": ["A", "B"]},
                      {"id": "Small", "revenue": 5000000, "capacity": 40, "service_areas": ["F"], "localities": ["A", "B"]}]}"#;
    let problem = LotProblem::from_json(text).unwrap();
    let opened = lotwise::plan::alternatives::sme_opened(&problem);
    assert_eq!(opened.params.sme_open, ["F"], "no SME serves residential care");
    let plan = solver::solve(&opened, &solver::Options::default());
    assert_eq!((plan.status, plan.num_lots), (Status::Optimal, Some(3)), "fostering in two lots the SME can take");
}
