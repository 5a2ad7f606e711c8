//! Browser tests of the procurement decision: the regime on the rules step and the help that
//! follows it (what the law asks, what Lotwise computed; PCR 2015 only when chosen), the
//! decision record on the plan step (labels, the draft, a refused 1 MB text kept for the person
//! to shorten, the reasons for not dividing required before the tender notice exports), the
//! contract term, the internal-allocation box by the exports, and in a regional plan each
//! authority's own rules (k, largest lot, lots open to an SME). Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

mod browser_support;

use std::rc::Rc;
use std::time::Duration;

use browser_support::*;
use lotwise::model::{Regime, Workspace};
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::Solution;
use lotwise::plan::solver::{self, Options};
use lotwise::ui::plan::export::PlanExport;
use lotwise::ui::plan::record::DecisionRecord;
use lotwise::ui::rules::RulesPanel;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How long [`settle`] waits after each render, click or change.
const SETTLE: Duration = Duration::from_millis(30);

fn default_plan() -> (Rc<LotProblem>, Rc<Solution>) {
    let problem = lotwise::plan::lower::lower_active(&Workspace::default_workspace()).expect("the default lowers");
    let solution = solver::solve(&problem, &Options::default());
    (Rc::new(problem), Rc::new(solution))
}

async fn rules() -> Element {
    let children = html! { <RulesPanel on_solve={Callback::noop()} /> };
    mount::<WithDoc>(WithDocProps { workspace: Workspace::default_workspace(), children }).await
}

async fn record(problem: Rc<LotProblem>, solution: Rc<Solution>) -> Element {
    let children = html! {
        <>
            <PlanExport problem={problem.clone()} solution={solution.clone()} />
            <DecisionRecord {problem} {solution} />
        </>
    };
    mount::<WithDoc>(WithDocProps { workspace: Workspace::default_workspace(), children }).await
}

fn textarea(root: &Element, selector: &str) -> HtmlTextAreaElement {
    find(root, selector).dyn_into().expect("a textarea")
}

async fn write(root: &Element, selector: &str, text: &str) {
    let el = textarea(root, selector);
    el.set_value(text);
    fire(&el, "input");
    fire(&el, "change");
    settle().await;
}

fn disabled(root: &Element, selector: &str) -> bool {
    find(root, selector).has_attribute("disabled")
}

fn label_of(root: &Element, id: &str) -> String {
    text_of(root, &format!("label[for='{id}']"))
}

#[wasm_bindgen_test]
async fn the_rules_step_says_what_the_chosen_law_asks() {
    let root = rules().await;
    assert_eq!(label_of(&root, "regime"), "Procurement regime");
    let select: HtmlSelectElement = find(&root, "#regime").dyn_into().expect("a select");
    assert_eq!(select.value(), Regime::Pa2023.as_str(), "the Procurement Act 2023 by default");
    let page = text(&root);
    assert!(!page.contains("Article 46") && !page.contains("Directive"), "no EU Directive framing");
    assert!(!page.contains("treats as proportionate"), "no legal conclusion");
    assert!(text_of(&root, "#law-lots").contains("section 18"));
    assert!(!text_of(&root, "#law-lots").contains("regulation 46"));
    assert!(text_of(&root, "#law-smes").contains("12(4)"));
    assert!(text_of(&root, "#law-conditions").contains("What Lotwise computed"));
    assert!(text_of(&root, "#law-conditions").contains("£8.00m"), "twice the largest lot, £4m");
    assert_eq!(count(&root, ".proc-light-touch input[type='checkbox']:checked"), 10, "every area is light touch");

    select.set_value(Regime::Pcr2015.as_str());
    fire(&select, "change");
    settle().await;
    assert!(text_of(&root, "#law-lots").contains("regulation 46"));
    assert!(text_of(&root, "#law-conditions").contains("58(9)"));
    assert!(!exists(&root, "#law-smes") && !exists(&root, ".proc-light-touch"));
    assert!(text_of(&root, "#rules-help-title").contains("Public Contracts Regulations 2015"));
}

#[wasm_bindgen_test]
async fn the_decision_record_drafts_keeps_refused_text_and_lists_each_lots_terms() {
    let (problem, solution) = default_plan();
    let root = record(problem, solution.clone()).await;
    for id in ["record-why", "record-no-division", "record-tie-break", "record-groups", "contract-term"] {
        assert!(!label_of(&root, id).is_empty(), "{id} has a label");
    }
    assert_eq!(count(&root, "#lot-terms tbody tr") as usize, solution.lots.len());
    assert!(text_of(&root, "#lot-terms tbody tr").contains("Yes, with"), "deliverable, no one named");
    assert_eq!(input(&root, "#contract-term").value(), "60");
    assert!(!exists(&root, "#export-ocds-blocked") && !disabled(&root, "#export-ocds"));
    assert!(!input(&root, "#export-internal").checked(), "files leave the team without the allocation");

    click(&root, "#record-use-draft").await;
    let why = textarea(&root, "#record-why").value();
    assert!(why.contains("is divided into 13 lots"), "{why}");

    // 1 MB of text is refused with a reason; what was typed stays, and the record keeps the draft.
    let huge = "<script>alert(1)</script>".repeat(42_000);
    write(&root, "#record-why", &huge).await;
    assert!(text_of(&root, ".app-error-message").contains("at most 20,000 characters"));
    assert_eq!(textarea(&root, "#record-why").value().len(), huge.len(), "the text is kept to shorten");
    assert_eq!(find(&root, "#record-why").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text_of(&root, "#record-print").contains("is divided into 13 lots"), "the record kept the draft");
    assert!(!exists(&root, "script"), "typed tags stay text");

    write(&root, "#record-groups", "L1, L2 up to £9m").await;
    assert!(text_of(&root, "#record-print").contains("L1, L2 up to £9,000,000"));
    write(&root, "#record-groups", "L1").await;
    assert!(text_of(&root, "#record-groups-error").contains("at least two lots"));
}

#[wasm_bindgen_test]
async fn a_one_lot_plan_needs_its_reasons_before_the_notice_exports() {
    let (problem, solution) = default_plan();
    let mut one = (*solution).clone();
    one.lots.truncate(1);
    let root = record(problem, Rc::new(one)).await;
    assert!(label_of(&root, "record-no-division").contains("(required)"));
    assert!(disabled(&root, "#export-ocds"), "the tender notice waits for the reasons");
    assert!(text_of(&root, "#export-ocds-blocked").contains("reasons for not dividing"));
    assert_eq!(find(&root, "#export-ocds").get_attribute("aria-describedby").as_deref(), Some("export-ocds-blocked"));
    assert_eq!(find(&root, "#export-ocds-blocked a").get_attribute("href").as_deref(), Some("#record-no-division"));

    write(&root, "#record-no-division", "The placements must be run as one service.").await;
    assert!(!disabled(&root, "#export-ocds"));
    assert!(!exists(&root, "#export-ocds-blocked"));
}

#[wasm_bindgen_test]
async fn each_authority_can_set_its_own_rules_on_the_rules_step() {
    // One authority: nothing to set per authority.
    let root = rules().await;
    assert!(!exists(&root, ".rules-authorities"));
    root.remove();

    let mut workspace = Workspace::default_workspace();
    workspace.apply(lotwise::model::edit::Edit::AddAuthority("Westshire Council".into())).expect("added");
    let children = html! { <RulesPanel on_solve={Callback::noop()} /> };
    let root = mount::<WithDoc>(WithDocProps { workspace, children }).await;
    let id = "rule-authority-k-Westshire-Council";
    assert_eq!(label_of(&root, id), "Westshire Council: credible bidders per lot, at least");
    assert_eq!(input(&root, &format!("#{id}")).value(), "2", "follows the plan's k");
    assert!(text_of(&root, &format!("#{id}-hint")).contains("Follows k above."));
    // One row per authority, one column per rule, each field labelled with both.
    let heads = text_of(&root, ".rules-authorities-table thead");
    for column in ["Authority", "(k)", "Smallest lot value a year (v_min)", "(v_max)", "open to an SME"] {
        assert!(heads.contains(column), "{heads}");
    }
    let rows: Vec<String> =
        (0..2).map(|i| text_of(&root, &format!(".rules-authority-row:nth-child({}) th", i + 1))).collect();
    assert_eq!(rows, ["An English local authority (1/152 of England)", "Westshire Council"]);
    assert!(!exists(&root, &format!("#{id}-clear")));
    // Its own number: the field keeps it and offers to follow k again.
    type_into(&root, &format!("#{id}"), "4").await;
    eventually(|| exists(&root, &format!("#{id}-clear"))).await;
    assert_eq!(input(&root, &format!("#{id}")).value(), "4");
    assert!(text_of(&root, &format!("#{id}-clear")).contains("for Westshire Council"), "named for a screen reader");
    // 0 is refused where it was typed; the rule stays 4.
    type_into(&root, &format!("#{id}"), "0").await;
    assert!(text(&root).contains("must be at least 1"), "{}", text_of(&root, ".rules-authority-k"));
    click(&root, &format!("#{id}-clear")).await;
    eventually(|| !exists(&root, &format!("#{id}-clear"))).await;
    assert_eq!(input(&root, &format!("#{id}")).value(), "2");

    // Its own SME policy: one box per authority, labelled with its name.
    let sme = "#rule-authority-sme-Westshire-Council";
    assert_eq!(
        label_of(&root, "rule-authority-sme-Westshire-Council"),
        "Every lot holding Westshire Council's work is open to an SME"
    );
    assert!(!input(&root, sme).checked());
    click(&root, sme).await;
    eventually(|| input(&root, sme).checked()).await;
    assert!(input(&root, sme).checked());
    assert!(
        !input(&root, "#rule-authority-sme-An-English-local-authority--1-152-of-England-").checked(),
        "the other's is its own"
    );

    // Its own largest lot: money as people type it, refused above the plan's v_max.
    let vmax = "#rule-authority-vmax-Westshire-Council";
    assert_eq!(label_of(&root, "rule-authority-vmax-Westshire-Council"), "Westshire Council: largest lot value a year");
    assert_eq!(input(&root, vmax).value(), "£4,000,000", "follows the plan's v_max");
    type_into(&root, vmax, "£9m").await;
    assert!(
        text_of(&root, "#rule-authority-vmax-Westshire-Council-error").contains("must be at most"),
        "{}",
        text_of(&root, "#rule-authority-vmax-Westshire-Council-error")
    );
    assert!(!exists(&root, &format!("{vmax}-clear")));
    type_into(&root, vmax, "£2.5m").await;
    eventually(|| exists(&root, &format!("{vmax}-clear"))).await;
    assert_eq!(input(&root, vmax).value(), "£2,500,000");
    click(&root, &format!("{vmax}-clear")).await;
    eventually(|| !exists(&root, &format!("{vmax}-clear"))).await;
    assert_eq!(input(&root, vmax).value(), "£4,000,000");

    // Its own smallest lot: refused below the plan's v_min, kept when within its band, and
    // its largest may then not go below it.
    let vmin = "#rule-authority-vmin-Westshire-Council";
    assert_eq!(
        label_of(&root, "rule-authority-vmin-Westshire-Council"),
        "Westshire Council: smallest lot value a year"
    );
    assert_eq!(input(&root, vmin).value(), "£300,000", "follows the plan's v_min");
    type_into(&root, vmin, "£100k").await;
    assert!(
        text_of(&root, "#rule-authority-vmin-Westshire-Council-error").contains("must be at least"),
        "{}",
        text_of(&root, "#rule-authority-vmin-Westshire-Council-error")
    );
    assert!(!exists(&root, &format!("{vmin}-clear")));
    type_into(&root, vmin, "£450k").await;
    eventually(|| exists(&root, &format!("{vmin}-clear"))).await;
    assert_eq!(input(&root, vmin).value(), "£450,000");
    type_into(&root, vmax, "£400k").await;
    assert!(
        text_of(&root, "#rule-authority-vmax-Westshire-Council-error").contains("must be at least"),
        "{}",
        text_of(&root, "#rule-authority-vmax-Westshire-Council-error")
    );
    click(&root, &format!("{vmin}-clear")).await;
    eventually(|| !exists(&root, &format!("{vmin}-clear"))).await;
    assert_eq!(input(&root, vmin).value(), "£300,000");
    root.remove();
}
