//! Browser tests of step 5, "Scenarios and years": `ScenariosPanel` rendered directly with a
//! workspace of two scenarios and plans solved here (the solver runs in wasm too): the years
//! table and its peak year, the comparison table's figures and difference marks, the preset
//! filling the growth field, and the solve buttons handing the right problems to `on_solve`.
//! Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use browser_support::*;
use lotwise::base::money::gbp_full;
use lotwise::model::projection::project;
use lotwise::model::{ActiveRef, Projection, Scenario, Workspace};
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solver::{self, Options};
use lotwise::ui::scenarios::ScenariosPanel;
use lotwise::ui::store::ScenarioResult;
use lotwise::views::compare::{self, Measure, MINUS};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;
use yew::prelude::*;

/// How long [`settle`] waits after each render or click.
const SETTLE: Duration = Duration::from_millis(120);

thread_local! {
    static SOLVES: RefCell<Vec<(Scenario, LotProblem)>> = const { RefCell::new(Vec::new()) };
}

/// The default scenario with 5% demand growth, and a copy with larger lots.
fn workspace() -> Workspace {
    let mut ws = Workspace::default_workspace();
    ws.scenarios[0].projection = Projection { demand_growth: 0.05, ..Projection::default() };
    let mut big = ws.scenarios[0].clone();
    big.id = "big".into();
    big.name = "Bigger lots".into();
    big.rules.v_max = 8_000_000.0;
    ws.scenarios.push(big);
    ws.active = ActiveRef::Index(0);
    ws
}

fn solved(sc: &Scenario) -> ScenarioResult {
    let problem = lotwise::plan::lower::lower(sc).expect("the scenario lowers");
    let solution = solver::solve(&problem, &Options::default());
    ScenarioResult::new(sc, Rc::new(problem), Rc::new(solution))
}

fn results(ws: &Workspace, which: &[usize]) -> BTreeMap<String, ScenarioResult> {
    which.iter().map(|&i| (ws.scenarios[i].id.clone(), solved(&ws.scenarios[i]))).collect()
}

#[derive(Properties, PartialEq)]
struct HostProps {
    workspace: Workspace,
    results: BTreeMap<String, ScenarioResult>,
}

/// The panel with the workspace in a store of its own (edits apply as in the app) and
/// `on_solve` recording what it was asked to solve.
#[component]
fn Host(p: &HostProps) -> Html {
    let on_solve = Callback::from(|job: (Scenario, LotProblem)| SOLVES.with(|s| s.borrow_mut().push(job)));
    html! {
        <WithDoc workspace={p.workspace.clone()}>
            <ScenariosPanel results={Rc::new(p.results.clone())} {on_solve} />
        </WithDoc>
    }
}

/// Mounts [`Host`] with `workspace` and the plans in `results` (see [`mount`]).
async fn render(workspace: Workspace, results: BTreeMap<String, ScenarioResult>) -> Element {
    mount::<Host>(HostProps { workspace, results }).await
}

/// The value of the input that matches `selector`.
fn value(root: &Element, selector: &str) -> String {
    input(root, selector).value()
}

fn take_solves() -> Vec<(Scenario, LotProblem)> {
    SOLVES.with(|s| std::mem::take(&mut *s.borrow_mut()))
}

#[wasm_bindgen_test]
async fn years_table_lists_every_year_and_marks_the_peak() {
    let ws = workspace();
    let root = render(ws.clone(), results(&ws, &[0])).await;
    let years = project(&ws.scenarios[0]);
    let rows = all(&root, "#years-table tbody tr");
    assert_eq!(rows.len(), 5);
    assert!(find(&root, "#years-table caption").text_content().is_some_and(|c| !c.is_empty()));
    assert_eq!(all(&root, "#years-table th[scope=row]").len(), 5);
    for (row, y) in rows.iter().zip(&years) {
        let t = text(row);
        assert!(t.starts_with(&format!("Year {} ({})", y.year, y.calendar_year)), "{t}");
        assert!(t.contains(&gbp_full(y.total)), "{t} lacks {}", gbp_full(y.total));
    }
    // 5% growth: the last year is the peak, marked in words.
    assert!(text(&rows[4]).contains("Peak year"), "{}", text(&rows[4]));
    assert!(!text(&rows[0]).contains("Peak year"));
    // The plan exists, so each year names its tightest lot, and the lots table follows them.
    assert!(text(&rows[0]).contains("can grow"), "{}", text(&rows[0]));
    assert_eq!(all(&root, "#lot-years tbody tr").len(), ws_lots(&ws));
    // The chart has a title, a description and one bar per year.
    assert!(text(&find(&root, "#years-chart-title")).contains("each contract year"));
    assert!(text(&find(&root, "#years-chart-desc")).contains("2017"));
    assert_eq!(all(&root, "svg[aria-labelledby^='years-chart'] .sc-chart__bar").len(), 5);
    assert!(!all(&root, ".sc-chart__col--marked").is_empty());
}

fn ws_lots(ws: &Workspace) -> usize {
    solved(&ws.scenarios[0]).solution.lots.len()
}

#[wasm_bindgen_test]
async fn compare_table_shows_figures_and_marks_differences() {
    let ws = workspace();
    let mut res = results(&ws, &[0, 1]);
    for sc in &ws.scenarios {
        let peak = compare::at_peak(sc);
        res.insert(peak.id.clone(), solved(&peak));
    }
    let root = render(ws.clone(), res.clone()).await;
    let base = compare::figures(&res["default"].problem, &res["default"].solution);
    let big = compare::figures(&res["big"].problem, &res["big"].solution);
    assert!(big.num_lots < base.num_lots, "bigger lots need fewer: {} vs {}", big.num_lots, base.num_lots);

    let table = find(&root, "#compare-table");
    assert!(text(&find(&table, "caption")).contains("Scenarios side by side"));
    let heads = all(&table, "thead th[scope=col]");
    assert_eq!(heads.len(), 2);
    assert!(text(&heads[0]).contains("Split by service area and locality") && text(&heads[0]).contains("Base"));
    assert!(text(&heads[1]).contains("Bigger lots"));
    let rows = all(&table, "tbody tr");
    assert_eq!(rows.len(), Measure::ALL.len() + 1);
    let lots = all(&rows[0], "td");
    assert_eq!(text(&find(&rows[0], "th")), "Number of lots");
    assert_eq!(text(&lots[0]), base.num_lots.to_string());
    assert!(!lots[0].class_name().contains("sc-cell--differs"), "the base column is not marked");
    assert!(lots[1].class_name().contains("sc-cell--differs"));
    let fewer = base.num_lots - big.num_lots;
    let change = format!("({MINUS}{fewer} lot{})", if fewer == 1 { "" } else { "s" });
    assert_eq!(text(&find(&lots[1], ".app-visually-hidden")), "Differs from the base: ");
    assert_eq!(text(&find(&lots[1], "strong")), big.num_lots.to_string());
    assert!(text(&lots[1]).contains(&change), "{} lacks {change}", text(&lots[1]));
    // Every row agrees with the core's cells.
    for (row, m) in rows.iter().zip(Measure::ALL) {
        let cells = all(row, "td");
        let want = compare::cell(m, &big, Some(&base));
        assert!(text(&cells[1]).contains(&want.text), "{m:?}: {} lacks {}", text(&cells[1]), want.text);
        assert_eq!(cells[1].class_name().contains("sc-cell--differs"), want.change.is_some(), "{m:?}");
    }
    let differences = text(&find(&root, "#compare-differences"));
    assert!(
        differences.contains("“Bigger lots”:") && differences.contains(&format!("{MINUS}{fewer} lot")),
        "{differences}"
    );
    // The lots that differ are named by content, matched across the two plans.
    let lines: Vec<String> = all(&root, "#compare-differences .sc-lot-diff li").iter().map(text).collect();
    assert!(lines.iter().any(|l| l.starts_with("Only in “Bigger lots”: L") && l.contains(" a year.")), "{lines:#?}");
    // Both plans are current, today and at the peak: nothing to solve; the chart shows both.
    assert!(find(&root, "#compare-solve-all").has_attribute("disabled"));
    assert!(text(&find(&root, "#compare-chart-desc")).contains("Bigger lots"));
}

#[wasm_bindgen_test]
async fn the_preset_fills_the_growth_field() {
    let mut ws = workspace();
    ws.scenarios[0].projection = Projection::default();
    let root = render(ws, BTreeMap::new()).await;
    assert_eq!(value(&root, "#proj-growth"), "0");
    assert!(text(&find(&root, "#proj-preset-hint")).contains("2008 to 2015"));
    click(&root, "#proj-preset").await;
    assert_eq!(value(&root, "#proj-growth"), "2.1");
    assert_eq!(value(&root, "#proj-inflation"), "2");
    assert_eq!(value(&root, "#proj-budget"), "2.2");
    // The years now differ: the last is the peak and the budget falls short.
    let rows = all(&root, "#years-table tbody tr");
    assert!(text(&rows[4]).contains("Peak year") && text(&rows[4]).contains("short"), "{}", text(&rows[4]));
}

#[wasm_bindgen_test]
async fn solve_buttons_hand_the_right_problems_to_the_worker() {
    let ws = workspace();
    let root = render(ws.clone(), results(&ws, &[0])).await;
    take_solves();
    // The second scenario lacks a plan for today; both lack their peak-year plans (5% growth):
    // one click asks for all three, so both views of the comparison fill at once.
    click(&root, "#compare-solve-all").await;
    let asked = take_solves();
    let ids: Vec<&str> = asked.iter().map(|(sc, _)| sc.id.as_str()).collect();
    assert_eq!(ids, ["big", "peak:default", "peak:big"]);
    assert_eq!(asked[0].1.params.v_max, 8_000_000.0);
    assert!(
        asked[1].1.segments.iter().map(|s| s.value).sum::<f64>()
            > asked[0].1.segments.iter().map(|s| s.value).sum::<f64>(),
        "the peak year's work is larger"
    );
    let pending = text(&find(&root, "#compare-pending"));
    assert!(pending.contains("“Bigger lots”,") && pending.contains("“Bigger lots (year 4, 20"), "{pending}");
    // Robust lots over both scenarios' peak years: the worst-case problem, under robust:<id>.
    click(&root, "#robust-solve").await;
    let asked = take_solves();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].0.id, "robust:default");
    assert!(asked[0].1.name.contains("worst case of 2 cases"), "{}", asked[0].1.name);
    assert_eq!(asked[0].1.params.v_max, 4_000_000.0, "the strictest v_max");
    // Today's plan is checked against every year of both scenarios.
    let check = text(&find(&root, "#robust-check"));
    assert!(check.contains("“Split by service area and locality”"), "{check}");
    assert!(check.contains("“Bigger lots”"), "{check}");
}

#[wasm_bindgen_test]
async fn robust_lots_are_named_r_and_can_become_todays_plan() {
    let ws = workspace();
    let mut plans = results(&ws, &[0, 1]);
    // The robust lots the worker would return for both scenarios' peak years.
    let cases = compare::robust_cases(&ws.scenarios, &[0, 1], false);
    let worst = compare::robust_problem(&ws.scenarios, &cases).expect("the scenarios combine");
    let robust = solver::solve(&worst, &Options::default());
    let mut sc = ws.scenarios[0].clone();
    sc.id = "robust:default".into();
    plans.insert(sc.id.clone(), ScenarioResult::new(&sc, Rc::new(worst), Rc::new(robust.clone())));
    let root = render(ws, plans).await;
    let heads: Vec<String> = all(&root, "#robust-lots tbody th").iter().map(text).collect();
    assert_eq!(heads.len(), robust.lots.len());
    assert!(heads.iter().all(|h| h.starts_with('R')), "robust lots are R1, R2, ...: {heads:?}");
    assert!(text(&find(&root, "#robust-binding")).contains("hold in every year chosen"));
    click(&root, "#robust-adopt-button").await;
    assert!(
        text(&find(&root, "#robust-adopted")).contains("this scenario's plan"),
        "{}",
        text(&find(&root, "#robust-adopt"))
    );
}
