//! Browser tests of step 4, "Proposed lots": the panel with a proven plan (status, lots table,
//! segment grid, capacity ladder, supplier load), while solving (live progress, the best plan
//! so far with its gap, cancel, stop and keep the plan so far), with
//! no plan (the diagnosis and its fix links), a stale plan, an invalid scenario, and what a solve
//! through the whole app does under the test runner (which does not serve the worker script).
//! Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use browser_support::*;
use gloo::timers::future::sleep;
use lotwise::base::error::Issues;
use lotwise::model::Workspace;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Lever, Rule, Solution, Status};
use lotwise::plan::solver::{self, Options};
use lotwise::ui::plan::PlanPanel;
use lotwise::ui::platform::use_focus;
use lotwise::ui::store::{Action, BestSoFar, Doc, DocProvider, Solve, State, Tab};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// How long [`settle`] waits after each render, click or dispatched action.
const SETTLE: Duration = Duration::from_millis(30);

thread_local! {
    static TABS: RefCell<Vec<Tab>> = const { RefCell::new(Vec::new()) };
    static SOLVES: Cell<u32> = const { Cell::new(0) };
    static CANCELS: Cell<u32> = const { Cell::new(0) };
    static LIMITS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

#[derive(Properties, PartialEq)]
struct HostProps {
    solve: Solve,
}

/// `PlanPanel` showing `solve`, on a store of its own with the default scenario (so its links
/// change the store's step, recorded in `TABS`, and move the focus as in the app), with
/// callbacks that record what they were called with.
#[component]
fn Host(p: &HostProps) -> Html {
    let state = use_reducer(State::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    TABS.with(|tabs| {
        let mut tabs = tabs.borrow_mut();
        if tabs.last() != Some(&state.tab) {
            tabs.push(state.tab);
        }
    });
    use_focus(state.focus.clone());
    html! {
        <DocProvider context={Doc::of(&state, dispatch)}>
            <PlanPanel
                solve={p.solve.clone()}
                time_limit={10.0}
                on_time_limit={Callback::from(|t: f64| LIMITS.with(|l| l.borrow_mut().push(t)))}
                on_solve={Callback::from(|_: ()| SOLVES.with(|c| c.set(c.get() + 1)))}
                on_cancel={Callback::from(|_: ()| CANCELS.with(|c| c.set(c.get() + 1)))}
            />
        </DocProvider>
    }
}

/// Mounts [`Host`] showing `solve` (see [`mount`]).
async fn render_panel(solve: Solve) -> Element {
    mount::<Host>(HostProps { solve }).await
}

fn default_plan() -> (Rc<LotProblem>, Rc<Solution>) {
    let problem = lotwise::plan::lower::lower_active(&Workspace::default_workspace()).expect("the default lowers");
    let solution = solver::solve(&problem, &Options::default());
    (Rc::new(problem), Rc::new(solution))
}

fn infeasible_plan() -> (Rc<LotProblem>, Rc<Solution>) {
    let problem = LotProblem::from_json(include_str!("data/lot-instances/M-3.json")).expect("M-3 parses");
    let solution = solver::solve(&problem, &Options::default());
    assert_eq!(solution.status, Status::Infeasible);
    (Rc::new(problem), Rc::new(solution))
}

#[wasm_bindgen_test]
async fn a_proven_plan_shows_status_lots_grid_ladder_and_load() {
    let (problem, solution) = default_plan();
    assert_eq!(solution.status, Status::Optimal);
    let n = solution.lots.len() as u32;
    let root = render_panel(Solve::Done { problem: problem.clone(), solution: solution.clone(), stale: false }).await;

    let status = text_of(&root, "#plan-status");
    assert!(status.starts_with("Proven best plan: 13 lots"), "{status}");
    assert!(status.contains("every lot has at least 3 credible bidders"), "{status}");
    assert!(!exists(&root, "#plan-stale"));
    assert!(!exists(&root, "#plan-diagnosis"));

    // Lots table: a caption, column headers, one row per lot with names, not ids.
    assert!(text_of(&root, "#lots-table caption").contains("13 proposed lots"));
    assert_eq!(count(&root, "#lots-table tbody tr"), n);
    assert!(count(&root, "#lots-table thead th[scope='col']") >= 7);
    let table = text_of(&root, "#lots-table");
    let first = &solution.lots[0];
    let award_name = &problem.suppliers.iter().find(|s| s.id == first.award).unwrap().name;
    assert!(table.contains(award_name.as_str()), "award shown by name");
    assert!(table.contains("Value over 5 years"));
    assert!(table.contains("Fostering"), "segments in words");

    // Sorting by value puts the largest lot first on the second click (first click: largest first).
    click(&root, "#lots-table thead th:nth-child(4) button").await;
    let largest = solution.lots.iter().map(|l| l.value).fold(0.0, f64::max);
    let first_value = text_of(&root, "#lots-table tbody tr:first-child td:nth-child(4)");
    assert_eq!(first_value, lotwise::base::money::gbp_full(largest));
    assert_eq!(
        find(&root, "#lots-table thead th:nth-child(4)").get_attribute("aria-sort").as_deref(),
        Some("descending")
    );

    // Summary figures.
    assert_eq!(text_of(&root, "#figure-lots dd"), "13");
    assert_eq!(text_of(&root, "#figure-thinnest dd"), "3");
    assert!(text_of(&root, "#figure-thinnest").contains("3credible bidders in L"));
    assert!(text_of(&root, "#sme-definition").contains("£44m"), "the SME definition is stated");
    assert!(text_of(&root, "#sme-definition").contains("Procurement Act 2023"));
    assert!(text_of(&root, "#figure-sme dd").ends_with('%'));
    assert!(text_of(&root, "#figure-inhouse").contains("a year"));
    assert!(text_of(&root, "#figure-value").contains("over 5 years"));

    // Segment grid: every segment labelled by text; retained ones "In-house".
    let chips = count(&root, "#segment-grid tbody .plan-chip");
    assert_eq!(chips as usize, problem.segments.len());
    let inhouse = count(&root, "#segment-grid .plan-chip--inhouse");
    assert_eq!(inhouse as usize, problem.segments.iter().filter(|s| s.retained).count());
    assert!(text_of(&root, "#segment-grid").contains("In-house"));
    assert_eq!(count(&root, "#segment-grid thead th[scope='col']"), 8);

    // Capacity ladder: an accessible name, a description, one bar per lot, one award per lot.
    let svg = find(&root, "svg.plan-chart__svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert!(text_of(&root, "svg.plan-chart__svg title").starts_with("Capacity ladder"));
    assert!(text_of(&root, "#ladder-desc").contains("13 lots"));
    assert_eq!(count(&root, "svg.plan-chart__svg rect.plan-chart__bar"), n);
    assert_eq!(count(&root, "svg.plan-chart__svg path.plan-chart__award"), n);
    assert_eq!(count(&root, ".plan-chart details tbody tr"), n, "the text alternative has every lot");

    // Supplier load: one row per awarded supplier, each within capacity and m.
    let loads = lotwise::views::report::loads(&problem, &solution);
    assert_eq!(count(&root, "#supplier-load tbody tr") as usize, loads.len());
    assert!(text_of(&root, "#supplier-load").contains(&format!("of {}", problem.params.m)));
    root.remove();
}

#[wasm_bindgen_test]
async fn while_solving_a_live_clock_and_cancel() {
    CANCELS.with(|c| c.set(0));
    let root = render_panel(Solve::Running { run: 7, time_limit: 10.0, best: None, phase: None }).await;
    let line = find(&root, ".plan-progress [role='status']");
    let before = line.text_content().unwrap_or_default();
    assert!(before.starts_with("Solving…"), "{before}");
    assert!(before.contains("of 10 s"), "{before}");
    assert!(exists(&root, "progress.plan-progress__bar"));
    assert!(find(&root, "#solve").has_attribute("disabled"), "no second solve while one runs");
    assert_eq!(find(&root, "#plan-progress").get_attribute("data-state").as_deref(), Some("searching"));
    assert_eq!(text_of(&root, "#plan-progress-summary"), "No plan found yet.");
    assert!(!exists(&root, "#stop-solve"), "nothing to keep yet");
    sleep(Duration::from_millis(450)).await;
    let after = line.text_content().unwrap_or_default();
    assert_ne!(before, after, "the clock moves");
    let value: f64 = find(&root, "progress").get_attribute("value").unwrap_or_default().parse().unwrap_or(0.0);
    assert!(value > 0.2, "progress advances: {value}");
    click(&root, "#cancel-solve").await;
    assert_eq!(CANCELS.with(Cell::get), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_time_limit_is_checked_and_sent() {
    LIMITS.with(|l| l.borrow_mut().clear());
    let root = render_panel(Solve::Idle).await;
    assert!(!exists(&root, "#plan-status"), "nothing to report before solving");
    let input: HtmlInputElement = find(&root, "#time-limit").dyn_into().unwrap();
    for (text, ok) in [("30", true), ("0", false), ("601", false), ("soon", false)] {
        input.set_value(text);
        fire(&input, "change");
        settle().await;
        assert_eq!(exists(&root, "#time-limit-error"), !ok, "{text}");
    }
    assert_eq!(LIMITS.with(|l| l.borrow().clone()), vec![30.0]);
    root.remove();
}

#[wasm_bindgen_test]
async fn no_plan_shows_the_diagnosis_with_links_to_fix_it() {
    TABS.with(|t| t.borrow_mut().clear());
    let (problem, solution) = infeasible_plan();
    let root = render_panel(Solve::Done { problem, solution: solution.clone(), stale: false }).await;
    assert_eq!(text_of(&root, "#plan-status"), "No plan meets the rules");
    assert!(!exists(&root, "#lots-table"), "no lots to show");
    let diagnosis = find(&root, "#plan-diagnosis");
    assert_eq!(diagnosis.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(focus_becomes("plan-diagnosis").await, "plan-diagnosis", "the summary takes focus");
    let text = diagnosis.text_content().unwrap_or_default();
    assert!(text.contains("R4 — lot value between"), "{text}");
    assert!(
        text.contains("“Youth justice, tier 1, YJ in L1”") && !text.contains("YJ-L1"),
        "segments are named in words: {text}"
    );
    assert!(text.starts_with("Why no plan meets the rules"), "{text}");
    assert!(text.contains("How to fix: Lower v_min"), "{text}");
    assert_eq!(count(&root, ".plan-finding") as usize, solution.diagnosis.len());
    assert_eq!(text_of(&root, "#fix-0-rules"), "Change the lot rules");
    click(&root, "#fix-0-rules").await;
    click(&root, "#fix-0-service").await;
    assert_eq!(TABS.with(|t| t.borrow().clone()), vec![Tab::Service, Tab::Rules, Tab::Service]);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_plan_not_proven_says_why_and_links_to_the_time_limit() {
    let (problem, solution) = default_plan();
    let mut solution = (*solution).clone();
    solution.status = Status::Feasible;
    solution.lower_bound = Some(11);
    solution.diagnosis = vec![lotwise::plan::solution::Finding {
        rule: Rule::Time,
        message: "The time limit (10 s) ran out before the best plan was proven.".into(),
        segments: vec![],
        suppliers: vec![],
        fix: "Allow more time, or coarsen the segmentation.".into(),
        levers: vec![Lever::TimeLimit, Lever::Split],
    }];
    let root = render_panel(Solve::Done { problem, solution: Rc::new(solution), stale: false }).await;
    let status = text_of(&root, "#plan-status");
    assert!(status.starts_with("Valid plan, not proven best: 13 lots"), "{status}");
    assert!(status.contains("(lower bound 11 lots)"), "{status}");
    assert!(exists(&root, "#lots-table"), "the plan is still shown");
    let note = find(&root, "#plan-diagnosis");
    assert!(note.get_attribute("role").is_none(), "a note, not an alert");
    assert!(text_of(&root, "#plan-diagnosis").contains("Why this plan is not proven best"));
    click(&root, "#fix-0-time").await;
    assert_eq!(focus_becomes("time-limit").await, "time-limit", "the link goes to the time limit");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_stale_plan_says_so_and_offers_to_solve_again() {
    SOLVES.with(|c| c.set(0));
    let (problem, solution) = default_plan();
    let root = render_panel(Solve::Done { problem, solution, stale: true }).await;
    assert!(text_of(&root, "#plan-stale").contains("The scenario has changed since this plan was made"));
    assert!(exists(&root, "#lots-table"), "the old plan is still shown");
    click(&root, "#resolve").await;
    assert_eq!(SOLVES.with(Cell::get), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_scenario_lists_its_problems() {
    let issues = Issues::one("scenario.rules.k", "k must be 1 or more");
    let root = render_panel(Solve::Invalid(issues)).await;
    assert!(text_of(&root, "#plan-status").contains("1 problem to fix"));
    assert!(text_of(&root, ".app-error-summary").contains("k must be 1 or more"));
    assert!(text_of(&root, "#invalid-links").contains("Change the lot rules"));
    root.remove();
}

#[wasm_bindgen_test]
async fn cancelled_and_failed_runs_say_what_happened() {
    let root = render_panel(Solve::Cancelled).await;
    assert!(text_of(&root, "#plan-status").contains("cancelled"));
    root.remove();
    let root = render_panel(Solve::Failed("The solver stopped unexpectedly.".into())).await;
    assert!(text_of(&root, "#plan-status").contains("Solving failed. The solver stopped unexpectedly."));
    root.remove();
}

/// Through the whole app: the Plan tab, then "Propose lots". The test runner does not serve the
/// worker script, so the worker cannot start here: the panel must say so rather than hang.
/// (The real worker is covered by the end-to-end test against the Trunk build.)
#[wasm_bindgen_test]
async fn solving_through_the_app_reports_the_outcome() {
    let root = render_app().await;
    click(&root, "#tab-plan").await;
    assert!(exists(&root, "#panel-plan #solve"), "the plan panel is open");
    click(&root, "#solve").await;
    let mut status = String::new();
    for _ in 0..100 {
        if exists(&root, "#plan-status") {
            status = text_of(&root, "#plan-status");
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    if exists(&root, "#lots-table") {
        assert!(status.contains("Proven best"), "{status}");
        let lots = text_of(&root, "#figure-lots dd").parse::<u32>().unwrap();
        assert_eq!(count(&root, "#lots-table tbody tr"), lots);
    } else {
        assert!(status.starts_with("Solving failed."), "status: {status:?}");
        assert!(!exists(&root, "#cancel-solve"), "no longer running");
        assert!(!find(&root, "#solve").has_attribute("disabled"), "can try again");
    }
    root.remove();
}

thread_local! {
    static DISPATCH: RefCell<Option<Callback<Action>>> = const { RefCell::new(None) };
}

/// `PlanPanel` on the app's real store (the reducer), so a test can play the solver client:
/// dispatch what the worker would report, and see what Cancel or Stop does to the state.
#[component]
fn StoreHost() -> Html {
    let state = use_reducer(State::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    DISPATCH.with(|d| *d.borrow_mut() = Some(dispatch.clone()));
    html! {
        <DocProvider context={Doc::of(&state, dispatch.clone())}>
            <PlanPanel
                solve={state.solve.clone()}
                time_limit={10.0}
                on_time_limit={Callback::from(|_: f64| ())}
                on_solve={Callback::from(|_: ()| ())}
                on_cancel={dispatch.reform(|_: ()| Action::SolveCancelled)}
            />
        </DocProvider>
    }
}

async fn send(action: Action) {
    DISPATCH.with(|d| d.borrow().clone()).expect("the store host is mounted").emit(action);
    settle().await;
}

/// The plans the solver reports while solving the shipped example (its quick plan first).
fn reported_plans() -> (Rc<LotProblem>, Vec<Rc<Solution>>) {
    let problem = lotwise::plan::lower::lower_active(&Workspace::default_workspace()).expect("the default lowers");
    let seen: Rc<RefCell<Vec<Rc<Solution>>>> = Rc::default();
    let options = {
        let seen = seen.clone();
        Options {
            progress: Some(Rc::new(move |s: &Solution| seen.borrow_mut().push(Rc::new(s.clone())))),
            ..Options::default()
        }
    };
    solver::solve(&problem, &options);
    let plans = seen.borrow().clone();
    assert!(!plans.is_empty(), "the solver reports its quick plan");
    (Rc::new(problem), plans)
}

fn active_id() -> String {
    gloo::utils::document().active_element().map(|e| e.id()).unwrap_or_default()
}

/// The id of the focused element once it is `want`, or whatever has focus after two seconds:
/// focus moves in an effect after the render, which a loaded machine may run a tick later.
async fn focus_becomes(want: &str) -> String {
    for _ in 0..100 {
        if active_id() == want {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    active_id()
}

async fn progress(run: u32, problem: &Rc<LotProblem>, solution: Rc<Solution>) {
    let scenario = Rc::new(Workspace::default_workspace().active_scenario().clone());
    send(Action::SolveProgress { run, scenario, problem: problem.clone(), solution }).await;
}

#[wasm_bindgen_test]
async fn while_solving_the_best_plan_so_far_shows_its_gap_and_can_be_kept() {
    let (problem, plans) = reported_plans();
    let quick = plans[0].clone();
    let lots = quick.num_lots.unwrap();
    let thinnest = quick.min_credible_bidders.unwrap();
    assert_eq!(quick.lower_bound, Some(lots), "on the example the quick plan's lot count is already proven");
    // The same plan as if its lower bound were not yet proven: 2 lots short.
    let mut unproven = (*quick).clone();
    unproven.lower_bound = Some(lots - 2);
    let unproven = Rc::new(unproven);

    let root = mount::<StoreHost>(()).await;
    send(Action::SolveStarted { run: 4, time_limit: 10.0 }).await;
    assert_eq!(text_of(&root, "#plan-progress-summary"), "No plan found yet.");
    find(&root, "#cancel-solve").dyn_into::<HtmlElement>().unwrap().focus().unwrap();

    progress(4, &problem, unproven.clone()).await;
    let region = find(&root, "#plan-progress");
    assert_eq!(region.get_attribute("data-state").as_deref(), Some("plan"));
    let summary = find(&root, "#plan-progress-summary");
    assert_eq!(summary.get_attribute("aria-live").as_deref(), Some("polite"), "announced politely");
    assert_eq!(
        summary.text_content().unwrap_or_default(),
        format!("Best plan so far: {lots} lots — at least {} possible (gap 2) — thinnest competition {thinnest} credible bidders", lots - 2)
    );
    let detail = text_of(&root, "#plan-progress-detail");
    assert!(detail.starts_with("Found after ") && detail.contains("fewer lots or stronger competition"), "{detail}");
    assert!(!exists(&root, "#cancel-solve"), "Cancel becomes Stop and keep");
    let stop = find(&root, "#stop-solve");
    assert_eq!(stop.text_content().unwrap_or_default(), "Stop and keep this plan");
    assert_eq!(stop.get_attribute("aria-describedby").as_deref(), Some("plan-progress-summary"));
    assert_eq!(active_id(), "stop-solve", "keyboard focus stays on the button as it changes");
    assert!(text_of(&root, ".plan-progress [role='status']").starts_with("Solving…"), "the clock still runs");

    // Progress of another run is ignored; a better bound of this run closes the gap.
    progress(3, &problem, quick.clone()).await;
    assert!(text_of(&root, "#plan-progress-summary").contains("(gap 2)"));
    progress(4, &problem, quick.clone()).await;
    let summary = text_of(&root, "#plan-progress-summary");
    assert!(summary.contains(&format!("{lots} lots — proven the fewest possible")), "{summary}");
    assert!(text_of(&root, "#plan-progress-detail").contains("Still looking for stronger competition"));

    // Stop and keep: the plan becomes the answer, labelled as stopped early.
    click(&root, "#stop-solve").await;
    assert!(!exists(&root, "#solve-progress") && !exists(&root, "#stop-solve"), "no longer running");
    let status = text_of(&root, "#plan-status");
    assert!(
        status.starts_with(&format!("Stopped early, best plan so far kept (not proven best): {lots} lots")),
        "{status}"
    );
    assert!(status.contains("the number of lots is proven the fewest possible"), "{status}");
    assert!(exists(&root, "#plan-status.plan-status--warn"), "marked as a warning, in words too");
    assert_eq!(count(&root, "#lots-table tbody tr"), lots, "the kept plan's lots are listed");
    let note = text_of(&root, "#plan-diagnosis");
    assert!(
        note.contains("Search stopped before it finished")
            && note.contains("This is the best plan the search had found"),
        "{note}"
    );
    assert!(exists(&root, "#fix-0-time"), "a way to allow more time");
    assert!(text_of(&root, "#plan-stats").contains("before the search was stopped"));
    assert_eq!(focus_becomes("solve").await, "solve", "focus moves to Propose lots, enabled again");
    assert!(!find(&root, "#solve").has_attribute("disabled"));
    root.remove();
}

#[wasm_bindgen_test]
async fn cancelling_before_any_plan_keeps_nothing() {
    let root = mount::<StoreHost>(()).await;
    send(Action::SolveStarted { run: 9, time_limit: 10.0 }).await;
    click(&root, "#cancel-solve").await;
    assert!(text_of(&root, "#plan-status").contains("Solving was cancelled"));
    assert!(!exists(&root, "#lots-table"));
    assert_eq!(focus_becomes("solve").await, "solve");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_running_state_with_a_plan_renders_directly() {
    let (problem, plans) = reported_plans();
    let best = BestSoFar {
        scenario: Rc::new(Workspace::default_workspace().active_scenario().clone()),
        problem,
        solution: plans[0].clone(),
    };
    let root = render_panel(Solve::Running { run: 1, time_limit: 10.0, best: Some(best), phase: None }).await;
    assert!(text_of(&root, "#plan-progress-summary").starts_with("Best plan so far: "));
    assert!(exists(&root, "#stop-solve"));
    CANCELS.with(|c| c.set(0));
    click(&root, "#stop-solve").await;
    assert_eq!(CANCELS.with(Cell::get), 1, "stopping goes through the cancel callback");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_market_and_each_providers_failure_are_shown_beside_the_plan() {
    let (problem, solution) = default_plan();
    let root = render_panel(Solve::Done { problem: problem.clone(), solution: solution.clone(), stale: false }).await;
    // The market's shape: one row per measure, figures from the views layer.
    let shape = lotwise::views::market::measure(&problem, &solution).expect("the example's plan has awards");
    assert_eq!(count(&root, "#plan-market .plan-market__row") as usize, lotwise::views::market::lines(&shape).len());
    let market = text_of(&root, "#plan-market");
    assert!(market.contains("Concentration (HHI)") && market.contains(&format!("{:.0}", shape.hhi)), "{market}");
    assert!(market.contains(&shape.largest.0), "the largest provider is named: {market}");
    // The stress test runs on demand and reads the same as the CLI's report.
    assert!(!exists(&root, "#stress-table"), "nothing is run before it is asked for");
    click(&root, "#stress-run").await;
    let report = lotwise::plan::stress::run(&problem, &solution);
    assert_eq!(text_of(&root, "#stress-summary"), lotwise::views::market::stress_summary(&problem, &report));
    let awarded: std::collections::BTreeSet<&str> = solution.lots.iter().map(|l| l.award.as_str()).collect();
    assert_eq!(count(&root, "#stress-table tbody tr") as usize, awarded.len(), "one row per provider with a lot");
    let first = lotwise::views::market::failure_rows(&problem, &report).remove(0);
    assert_eq!(text_of(&root, "#stress-table tbody tr:first-child th"), first.provider);
    let chart = find(&root, "#stress-chart");
    assert_eq!(chart.get_attribute("role").as_deref(), Some("img"));
    assert!(chart.get_attribute("aria-label").unwrap_or_default().contains(&first.provider));
    assert_eq!(focus_becomes("stress-summary").await, "stress-summary", "focus moves to the result");
    assert_eq!(text_of(&root, "#stress-run"), "Test each provider's failure again");
    root.remove();
}
