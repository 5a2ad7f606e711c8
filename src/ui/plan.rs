//! Step 4, "Proposed lots": the solve controls (time limit, propose, live progress with the
//! best plan so far, cancel or stop and keep it), the status of the answer, and the results or
//! the diagnosis.
//!
//! The solve itself runs in a Web Worker (see [`super::solver_client`]); this panel only shows
//! where it stands; the progress is drawn by [`super::plan_progress`]. Results are laid out by [`super::plan_results`], the capacity ladder by
//! [`super::chart::ladder`], findings by [`super::plan_diagnosis`]; the figures come from
//! [`crate::views::report`].

use std::rc::Rc;

use yew::prelude::*;

use super::chart::ladder::CapacityLadder;
use super::components::{ErrorSummary, NumberField};
use super::plan_diagnosis::Diagnosis;
use super::plan_progress::{stopped_headline, SolveProgress, SUMMARY_ID};
use super::plan_results::{LotsTable, SegmentGrid, SummaryFigures, SupplierLoad};
use super::store::{is_stopped, seconds_text, Solve, Tab};
use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Solution, Status};
use crate::views::report::{self, FixPlace};

/// The time limit's bounds, seconds.
pub const TIME_LIMIT_MIN: f64 = 1.0;
pub const TIME_LIMIT_MAX: f64 = 600.0;

#[derive(Properties, PartialEq)]
pub struct PlanPanelProps {
    pub scenario: Scenario,
    pub solve: Solve,
    pub time_limit: f64,
    pub on_time_limit: Callback<f64>,
    pub on_solve: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_tab: Callback<Tab>,
}

#[component]
pub fn PlanPanel(p: &PlanPanelProps) -> Html {
    let running = matches!(p.solve, Solve::Running { .. });
    let best = match &p.solve {
        Solve::Running { best: Some(best), .. } => Some(best.solution.clone()),
        _ => None,
    };
    // When the user stops a run, its button goes: focus moves to "Propose lots" (enabled again).
    let refocus = use_mut_ref(|| false);
    {
        let refocus = refocus.clone();
        use_effect_with(running, move |&running| {
            if !running && std::mem::take(&mut *refocus.borrow_mut()) {
                focus_by_id("solve");
            }
        });
    }
    let on_stop = {
        let (refocus, on_cancel) = (refocus.clone(), p.on_cancel.clone());
        Callback::from(move |_: MouseEvent| {
            *refocus.borrow_mut() = true;
            on_cancel.emit(());
        })
    };
    let on_place = {
        let on_tab = p.on_tab.clone();
        Callback::from(move |place: FixPlace| match place {
            FixPlace::Service => on_tab.emit(Tab::Service),
            FixPlace::Suppliers => on_tab.emit(Tab::Suppliers),
            FixPlace::Rules => on_tab.emit(Tab::Rules),
            FixPlace::TimeLimit => focus_by_id("time-limit"),
        })
    };
    let term = p.scenario.service.contract_term_years;
    html! {
        <div class="plan">
            <h2 class="app-heading-l">{ "Proposed lots" }</h2>
            <p class="app-body">
                { "Lotwise proposes the fewest lots that meet your rules, and among those the plan whose thinnest lot has the most credible bidders. Solving runs in the background: you can keep reading, and once a first plan is found you can stop and keep the best plan so far." }
            </p>
            <div class="plan-controls">
                <div class="plan-controls__limit">
                    <NumberField
                        id="time-limit"
                        label="Time limit (seconds)"
                        hint="From 1 to 600. If time runs out, you get the best plan found so far, marked as not proven."
                        value={p.time_limit}
                        on_change={p.on_time_limit.clone()}
                        min={Some(TIME_LIMIT_MIN)}
                        max={Some(TIME_LIMIT_MAX)}
                    />
                </div>
                <div class="plan-controls__buttons">
                    <button type="button" class="app-button" id="solve" disabled={running} onclick={p.on_solve.reform(|_| ())}>
                        { if running { "Solving…" } else { "Propose lots" } }
                    </button>
                    if running {
                        // One button that becomes "Stop and keep this plan" once there is a plan
                        // (the same element, so keyboard focus stays on it).
                        <button
                            type="button"
                            class="app-button app-button--secondary"
                            id={if best.is_some() { "stop-solve" } else { "cancel-solve" }}
                            aria-describedby={best.is_some().then_some(SUMMARY_ID)}
                            onclick={on_stop}
                        >
                            { if best.is_some() { "Stop and keep this plan" } else { "Cancel" } }
                        </button>
                    }
                </div>
            </div>
            if let Solve::Running { run, time_limit, .. } = p.solve {
                <SolveProgress {run} {time_limit} best={best.clone()} />
            }
            <div class="plan-status-region" role="status" aria-live="polite">
                { status_banner(&p.solve) }
            </div>
            { match &p.solve {
                Solve::Done { problem, solution, stale } => html! {
                    <>
                        if *stale {
                            <div class="plan-stale" id="plan-stale">
                                <p class="app-body">
                                    <strong>{ "The scenario has changed since this plan was made." }</strong>
                                    { " The plan below answers the earlier scenario." }
                                </p>
                                <button type="button" class="app-button app-button--secondary" id="resolve" disabled={running} onclick={p.on_solve.reform(|_| ())}>
                                    { "Propose lots again" }
                                </button>
                            </div>
                        }
                        <super::plan_export::PlanExport problem={problem.clone()} solution={solution.clone()} scenario={p.scenario.clone()} />
                        <PlanAnswer problem={problem.clone()} solution={solution.clone()} term_years={term} on_place={on_place.clone()} />
                    </>
                },
                Solve::Invalid(issues) => html! {
                    <>
                        <ErrorSummary id="plan-errors-summary" title="The scenario has problems to fix before lots can be proposed" issues={issues.0.clone()} />
                        <p class="plan-finding__links" id="invalid-links">
                            { for invalid_places(issues).into_iter().map(|place| {
                                let on_place = on_place.clone();
                                html! {
                                    <button type="button" class="app-link-button plan-fix-link" onclick={Callback::from(move |_| on_place.emit(place))}>
                                        { place.link_text() }
                                    </button>
                                }
                            }) }
                        </p>
                    </>
                },
                _ => html! {},
            } }
        </div>
    }
}

fn invalid_places(issues: &crate::base::error::Issues) -> Vec<FixPlace> {
    let mut places: Vec<FixPlace> = issues.iter().map(|i| report::fix_place_for_path(&i.path)).collect();
    places.sort();
    places.dedup();
    places
}

/// The one-line status of the last solve (inside a polite live region).
fn status_banner(solve: &Solve) -> Html {
    let (class, text): (&str, String) = match solve {
        Solve::Idle => return html! {},
        Solve::Running { .. } => return html! {},
        Solve::Done { solution, .. } if is_stopped(solution) => ("plan-status--warn", stopped_headline(solution)),
        Solve::Done { solution, .. } => {
            let class = match solution.status {
                Status::Optimal => "plan-status--ok",
                Status::Feasible => "plan-status--warn",
                Status::Infeasible | Status::Unknown => "plan-status--error",
            };
            (class, report::headline(solution))
        }
        Solve::Invalid(issues) => (
            "plan-status--error",
            format!(
                "The scenario cannot be solved yet: {} to fix",
                if issues.len() == 1 { "1 problem".to_string() } else { format!("{} problems", issues.len()) }
            ),
        ),
        Solve::Cancelled => {
            ("plan-status--neutral", "Solving was cancelled. Propose lots again when you are ready.".to_string())
        }
        Solve::Failed(message) => ("plan-status--error", format!("Solving failed. {message}")),
    };
    html! { <p class={classes!("plan-status", class)} id="plan-status">{ text }</p> }
}

#[derive(Properties, PartialEq)]
struct AnswerProps {
    problem: Rc<LotProblem>,
    solution: Rc<Solution>,
    term_years: u32,
    on_place: Callback<FixPlace>,
}

/// A finished solve: the diagnosis when there is no plan, otherwise the results.
#[component]
fn PlanAnswer(p: &AnswerProps) -> Html {
    let s = &*p.solution;
    let problem = p.problem.clone();
    let findings = match s.status {
        Status::Infeasible => html! {
            <Diagnosis title="Why no plan meets the rules" findings={s.diagnosis.clone()} problem={problem.clone()} on_place={p.on_place.clone()} />
        },
        Status::Unknown => html! {
            <Diagnosis title="Why no plan was found" findings={s.diagnosis.clone()} problem={problem.clone()} on_place={p.on_place.clone()} />
        },
        Status::Feasible | Status::Optimal if !s.diagnosis.is_empty() => html! {
            <Diagnosis title="Why this plan is not proven best" findings={s.diagnosis.clone()} problem={problem.clone()} on_place={p.on_place.clone()} error={false} />
        },
        _ => html! {},
    };
    if s.lots.is_empty() {
        return findings;
    }
    let props = (p.problem.clone(), p.solution.clone(), p.term_years);
    html! {
        <>
            { findings }
            <section class="plan-section" aria-labelledby="plan-summary-heading">
                <h3 class="app-heading-m" id="plan-summary-heading">{ "Summary" }</h3>
                <SummaryFigures problem={props.0.clone()} solution={props.1.clone()} term_years={props.2} />
            </section>
            <section class="plan-section" aria-labelledby="plan-lots-heading">
                <h3 class="app-heading-m" id="plan-lots-heading">{ "Lots" }</h3>
                <LotsTable problem={props.0.clone()} solution={props.1.clone()} term_years={props.2} />
            </section>
            <section class="plan-section" aria-labelledby="plan-grid-heading">
                <h3 class="app-heading-m" id="plan-grid-heading">{ "Segments by lot" }</h3>
                <SegmentGrid problem={props.0.clone()} solution={props.1.clone()} term_years={props.2} />
            </section>
            <section class="plan-section" aria-labelledby="plan-ladder-heading">
                <h3 class="app-heading-m" id="plan-ladder-heading">{ "Lot values against bidders' capacity" }</h3>
                <CapacityLadder problem={props.0.clone()} solution={props.1.clone()} />
            </section>
            <section class="plan-section" aria-labelledby="plan-load-heading">
                <h3 class="app-heading-m" id="plan-load-heading">{ "Load on each supplier" }</h3>
                <SupplierLoad problem={props.0} solution={props.1} term_years={props.2} />
            </section>
            if let Some(stats) = &s.stats {
                <p class="app-body-s plan-stats" id="plan-stats" data-seconds={stats.seconds.to_string()}>
                    if is_stopped(s) {
                        { format!(
                            "Found after {}, before the search was stopped: {} segments in scope.",
                            seconds_text(stats.seconds), stats.segments_in_scope
                        ) }
                    } else {
                        { format!(
                            "Solved in {}: {} segments in scope, {} possible lots considered.",
                            seconds_text(stats.seconds), stats.segments_in_scope, stats.candidate_lots
                        ) }
                    }
                </p>
            }
        </>
    }
}

fn focus_by_id(id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) =
            gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}
