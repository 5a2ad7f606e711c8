//! Step 4, "Proposed lots": the solve controls (time limit, propose, live progress with the
//! best plan so far, cancel or stop and keep it), the status of the answer, and the results or
//! the diagnosis.
//!
//! The solve itself runs in a Web Worker (see [`crate::ui::platform::solver_client`]); this panel only shows
//! where it stands; the progress is drawn by [`crate::ui::plan::progress`]. Results are laid out by [`crate::ui::plan::results`], the capacity ladder by
//! [`crate::ui::plan::ladder`], findings by [`crate::ui::plan::diagnosis`]; the figures come from
//! [`crate::views::report`].

pub mod alternatives;
pub mod diagnosis;
pub mod export;
pub mod head;
pub mod ladder;
pub mod map;
pub mod progress;
pub mod record;
pub mod results;
pub mod stress;
pub mod why;

use crate::base::sort;
use std::rc::Rc;

use yew::prelude::*;

use crate::base::text::seconds;
use crate::model::target::Target;
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Solution, Status};
use crate::ui::plan::diagnosis::Diagnosis;
use crate::ui::plan::ladder::CapacityLadder;
use crate::ui::plan::progress::{stopped_headline, SolveProgress, SUMMARY_ID};
use crate::ui::plan::results::{AuthorityTotals, LotsTable, SegmentGrid, SummaryFigures, SupplierLoad};
use crate::ui::platform::focus_by_id;
use crate::ui::store::{is_stopped, use_doc, Solve};
use crate::ui::widgets::{ErrorSummary, NumberField, SummaryItem};
use crate::views::report::{self, fix_link_text};

/// The time limit's bounds, seconds.
pub const TIME_LIMIT_MIN: f64 = 1.0;
pub const TIME_LIMIT_MAX: f64 = 600.0;

#[derive(Properties, PartialEq)]
pub struct PlanPanelProps {
    pub solve: Solve,
    pub time_limit: f64,
    pub on_time_limit: Callback<f64>,
    pub on_solve: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn PlanPanel(p: &PlanPanelProps) -> Html {
    let running = matches!(p.solve, Solve::Running { .. });
    let best = match &p.solve {
        Solve::Running { best: Some(best), .. } => Some(best.solution.clone()),
        _ => None,
    };
    html! {
        <div class="plan">
            <h2 class="app-heading-l">{ "Proposed lots" }</h2>
            <p class="app-body">
                { "Lotwise proposes the fewest lots that meet your rules, and among those the plan whose thinnest lot has the most credible bidders. Solving runs in the background: you can keep reading, and once a first plan is found you can stop and keep the best plan so far." }
            </p>
            <SolveControls
                running={running}
                has_plan={best.is_some()}
                time_limit={p.time_limit}
                on_time_limit={p.on_time_limit.clone()}
                on_solve={p.on_solve.clone()}
                on_cancel={p.on_cancel.clone()}
            />
            if let Solve::Running { run, time_limit, phase, .. } = &p.solve {
                <SolveProgress run={*run} time_limit={*time_limit} best={best.clone()} phase={phase.clone()} />
            }
            <div class="plan-status-region" role="status" aria-live="polite">
                { status_banner(&p.solve) }
            </div>
            { outcome(&p.solve, running, &p.on_solve) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SolveControlsProps {
    running: bool,
    /// A running solve has found a plan (so stopping keeps it).
    has_plan: bool,
    time_limit: f64,
    on_time_limit: Callback<f64>,
    on_solve: Callback<()>,
    on_cancel: Callback<()>,
}

/// The time limit, "Propose lots", and while solving "Cancel" (or "Stop and keep this plan").
#[component]
fn SolveControls(p: &SolveControlsProps) -> Html {
    // When a run ends, focus moves to its result (the status line, read out first); when the
    // user stopped it, to "Propose lots" (enabled again) instead of a button that has gone.
    let refocus = use_mut_ref(|| false);
    let was_running = use_mut_ref(|| p.running);
    {
        let refocus = refocus.clone();
        use_effect_with(p.running, move |&running| {
            let ended = std::mem::replace(&mut *was_running.borrow_mut(), running) && !running;
            if std::mem::take(&mut *refocus.borrow_mut()) {
                focus_by_id("solve");
            } else if ended {
                focus_by_id("plan-status");
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
    html! {
        <div class="plan-controls">
            <div class="plan-controls__limit">
                <NumberField
                    id={crate::ui::ids::of(&Target::TimeLimit)}
                    label="Time limit (seconds)"
                    hint="From 1 to 600. If time runs out, you get the best plan found so far, marked as not proven."
                    value={p.time_limit}
                    on_change={p.on_time_limit.clone()}
                    min={Some(TIME_LIMIT_MIN)}
                    max={Some(TIME_LIMIT_MAX)}
                />
            </div>
            <div class="plan-controls__buttons">
                <button type="button" class="app-button" id="solve" disabled={p.running} onclick={p.on_solve.reform(|_| ())}>
                    { if p.running { "Solving…" } else { "Propose lots" } }
                </button>
                if p.running {
                    // One button that becomes "Stop and keep this plan" once there is a plan
                    // (the same element, so keyboard focus stays on it).
                    <button
                        type="button"
                        class="app-button app-button--secondary"
                        id={if p.has_plan { "stop-solve" } else { "cancel-solve" }}
                        aria-describedby={p.has_plan.then_some(SUMMARY_ID)}
                        onclick={on_stop}
                    >
                        { if p.has_plan { "Stop and keep this plan" } else { "Cancel" } }
                    </button>
                }
            </div>
        </div>
    }
}

/// What the last solve gave: the plan (or why there is none), or what to fix first.
fn outcome(solve: &Solve, running: bool, on_solve: &Callback<()>) -> Html {
    match solve {
        Solve::Done { problem, solution, stale } => html! {
            <>
                if *stale {
                    <div class="plan-stale" id="plan-stale">
                        <p class="app-body">
                            <strong>{ "The scenario has changed since this plan was made." }</strong>
                            { " The plan below answers the earlier scenario." }
                        </p>
                        <button type="button" class="app-button app-button--secondary" id="resolve" disabled={running} onclick={on_solve.reform(|_| ())}>
                            { "Propose lots again" }
                        </button>
                    </div>
                }
                <crate::ui::plan::export::PlanExport problem={problem.clone()} solution={solution.clone()} />
                <PlanAnswer problem={problem.clone()} solution={solution.clone()} />
                <crate::ui::plan::record::DecisionRecord problem={problem.clone()} solution={solution.clone()} />
            </>
        },
        Solve::Invalid(issues) => html! { <InvalidScenario issues={issues.clone()} /> },
        _ => html! {},
    }
}

#[derive(Properties, PartialEq)]
struct InvalidProps {
    issues: crate::base::error::Issues,
}

/// The scenario's problems, each with a link to its field, and one link per step to fix them.
#[component]
fn InvalidScenario(p: &InvalidProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let targets: Vec<Target> = p.issues.iter().map(|i| Target::of_path(sc, &i.path)).collect();
    let items: Vec<SummaryItem> = p
        .issues
        .iter()
        .zip(&targets)
        .map(|(i, t)| SummaryItem {
            text: format!("{}: {}", t.label(sc), i.message),
            href: Some(format!("#{}", crate::ui::ids::of(t))),
        })
        .collect();
    let mut steps: Vec<Target> = Vec::new();
    for t in targets {
        if !steps.iter().any(|s| s.step() == t.step()) {
            steps.push(t);
        }
    }
    sort::by_key(&mut steps, Target::step);
    html! {
        <>
            <ErrorSummary id="plan-errors-summary" title="The scenario has problems to fix before lots can be proposed" items={items} />
            <p class="plan-finding__links" id="invalid-links">
                { for steps.into_iter().map(|target| {
                    let (doc, text) = (doc.clone(), fix_link_text(&target));
                    html! {
                        <button type="button" class="app-link-button plan-fix-link" onclick={Callback::from(move |_| doc.go(target.clone()))}>
                            { text }
                        </button>
                    }
                }) }
            </p>
        </>
    }
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
    html! { <p class={classes!("plan-status", class)} id="plan-status" tabindex="-1">{ text }</p> }
}

#[derive(Properties, PartialEq)]
struct AnswerProps {
    problem: Rc<LotProblem>,
    solution: Rc<Solution>,
}

/// The plan's figures, lots and why, who can bid, and charts.
#[component]
fn PlanResults(p: &results::ResultProps) -> Html {
    let (problem, solution, term_years) = (p.problem.clone(), p.solution.clone(), p.term_years);
    html! {
        <>
            <head::ReportHead problem={problem.clone()} />
            <section class="plan-section" aria-labelledby="plan-summary-heading">
                <h3 class="app-heading-m" id="plan-summary-heading">{ "Summary" }</h3>
                <SummaryFigures problem={problem.clone()} solution={solution.clone()} {term_years} />
            </section>
            <section class="plan-section" aria-labelledby="plan-lots-heading">
                <h3 class="app-heading-m" id="plan-lots-heading">{ "Lots" }</h3>
                <LotsTable problem={problem.clone()} solution={solution.clone()} {term_years} />
                <AuthorityTotals problem={problem.clone()} solution={solution.clone()} {term_years} />
            </section>
            <why::WhyLots problem={problem.clone()} solution={solution.clone()} />
            <why::WhoCanBid problem={problem.clone()} solution={solution.clone()} />
            <stress::MarketShape problem={problem.clone()} solution={solution.clone()} />
            <stress::ProviderFailure problem={problem.clone()} solution={solution.clone()} />
            <alternatives::Alternatives problem={problem.clone()} solution={solution.clone()} />
            <section class="plan-section" aria-labelledby="plan-grid-heading">
                <h3 class="app-heading-m" id="plan-grid-heading">{ "Segments by lot" }</h3>
                <SegmentGrid problem={problem.clone()} solution={solution.clone()} {term_years} />
            </section>
            <map::LotMap problem={problem.clone()} solution={solution.clone()} {term_years} />
            <section class="plan-section" aria-labelledby="plan-ladder-heading">
                <h3 class="app-heading-m" id="plan-ladder-heading">{ "Lot values against bidders' capacity" }</h3>
                <CapacityLadder problem={problem.clone()} solution={solution.clone()} />
            </section>
            <section class="plan-section" aria-labelledby="plan-load-heading">
                <h3 class="app-heading-m" id="plan-load-heading">{ "Load on each supplier" }</h3>
                <SupplierLoad {problem} {solution} {term_years} />
            </section>
        </>
    }
}

/// A finished solve: the diagnosis when there is no plan, otherwise the results.
#[component]
fn PlanAnswer(p: &AnswerProps) -> Html {
    let s = &*p.solution;
    let problem = p.problem.clone();
    let term_years = use_doc().scenario().service.contract_term_years;
    let findings = match s.status {
        Status::Infeasible => html! {
            <Diagnosis title="Why no plan meets the rules" findings={s.diagnosis.clone()} problem={problem.clone()} />
        },
        Status::Unknown => html! {
            <Diagnosis title="Why no plan was found" findings={s.diagnosis.clone()} problem={problem.clone()} />
        },
        Status::Feasible | Status::Optimal if !s.diagnosis.is_empty() => html! {
            <Diagnosis title="Why this plan is not proven best" findings={s.diagnosis.clone()} problem={problem.clone()} error={false} />
        },
        _ => html! {},
    };
    if s.lots.is_empty() {
        return findings;
    }
    html! {
        <>
            { findings }
            <PlanResults problem={p.problem.clone()} solution={p.solution.clone()} term_years={term_years} />
            if let Some(stats) = &s.stats {
                <p class="app-body-s plan-stats" id="plan-stats" data-seconds={stats.seconds.to_string()}>
                    if is_stopped(s) {
                        { format!(
                            "Found after {}, before the search was stopped: {} segments in scope.",
                            seconds(stats.seconds), stats.segments_in_scope
                        ) }
                    } else {
                        { format!(
                            "Solved in {}: {} segments in scope, {} possible lots considered.",
                            seconds(stats.seconds), stats.segments_in_scope, stats.candidate_lots
                        ) }
                    }
                    if stats.parts > 1 {
                        { format!(
                            " The service areas were planned in {} parts at once, one worker each, and the parts' lots awarded together.",
                            stats.parts
                        ) }
                    }
                </p>
            }
        </>
    }
}
