//! Step 5, part 3: robust lots, sized to hold in the peak year (or every year) of each chosen
//! scenario (`crate::plan::robust`, `docs/scenarios.md` section 2), with the case that binds in
//! words; and a check of whether today's plan of the active scenario holds in every year of
//! every scenario.
//!
//! The worst-case lot problem is built here ([`crate::views::compare::robust_problem`]) and solved in
//! the background under the id `robust:<active id>`; the answer is checked case by case with
//! [`crate::plan::robust::check_plan`].

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::base::error::Issues;
use crate::base::money::gbp;
use crate::model::projection::peak_year;
use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::plan::robust::{all_cases, check_plan, Case, RobustReport};
use crate::plan::solution::Solution;
use crate::ui::scenarios::Results;
use crate::ui::store::{use_doc, Action, ScenarioResult};
use crate::ui::widgets::{event_checked, plain_items, ErrorSummary};
use crate::views::compare::{self, binding_in_words, failure_in_words, first_failures, robust_cases, robust_problem};
use crate::views::report;

/// The id a robust plan of scenario `id` is solved and stored under.
pub fn robust_id(id: &str) -> String {
    format!("robust:{id}")
}

#[derive(Properties, PartialEq)]
pub struct RobustProps {
    pub results: Results,
    pub on_solve: Callback<(Scenario, LotProblem)>,
}

#[component]
pub fn Robust(p: &RobustProps) -> Html {
    let doc = use_doc();
    let ws = &doc.workspace;
    let scenarios = ws.scenarios.clone();
    let active = ws.active_scenario().clone();
    let left_out = use_state(BTreeSet::<String>::new);
    let every_year = use_state(|| false);
    let requested = use_state(|| false);
    let error = use_state(|| None::<Issues>);
    let chosen: Vec<usize> =
        scenarios.iter().enumerate().filter(|(_, s)| !left_out.contains(&s.id)).map(|(i, _)| i).collect();
    let cases = robust_cases(&scenarios, &chosen, *every_year);
    let expected =
        use_memo(
            (scenarios.clone(), cases.clone()),
            |(s, c)| if c.is_empty() { None } else { Some(robust_problem(s, c)) },
        );
    let rid = robust_id(&active.id);
    let result = p.results.get(&rid).cloned();
    let current = match (&result, &*expected) {
        (Some(r), Some(Ok(problem))) => *r.problem == *problem,
        _ => false,
    };
    let robust_solution = result.as_ref().map(|r| r.solution.clone());
    let report = use_memo((scenarios.clone(), cases.clone(), robust_solution), |(s, c, sol)| {
        let sol = sol.as_ref()?;
        (!sol.lots.is_empty() && !c.is_empty()).then(|| check_plan(&compare::with_robust_names(sol), s, c))
    });
    let today = p.results.get(&active.id).cloned();
    let today_solution = today.as_ref().map(|r| r.solution.clone());
    let today_report = use_memo((scenarios.clone(), today_solution), |(s, sol)| {
        let sol = sol.as_ref()?;
        (!sol.lots.is_empty()).then(|| check_plan(sol, s, &all_cases(s)))
    });

    let on_solve = {
        let (expected, on_solve, requested, error, active, rid) =
            (expected.clone(), p.on_solve.clone(), requested.clone(), error.clone(), active.clone(), rid.clone());
        Callback::from(move |_| match &*expected {
            Some(Ok(problem)) => {
                let mut sc = active.clone();
                sc.id = rid.clone();
                sc.name = format!("{} (robust lots)", compare::label(&active));
                on_solve.emit((sc, problem.clone()));
                requested.set(true);
                error.set(None);
            }
            Some(Err(issues)) => error.set(Some(issues.clone())),
            None => {}
        })
    };
    let pending = *requested && !current;

    html! {
        <section class="sc-section" id="sc-robust" aria-labelledby="sc-robust-title">
            <h3 class="app-heading-m" id="sc-robust-title">{ "3. Lots that hold in every year" }</h3>
            <p class="app-body">
                { "Lots that fit suppliers' capacity today may not in year 4. Robust lots are sized against the worst case: each piece of work at its largest value and each supplier at its smallest capacity over the years you choose, so they meet every rule in each of those years." }
            </p>
            <CaseChooser left_out={left_out.clone()} every_year={every_year.clone()} />
            if let Some(issues) = &*error {
                <ErrorSummary id="robust-errors-summary" title="These scenarios cannot be combined" items={plain_items(issues.iter())} />
            }
            <button type="button" class="app-button" id="robust-solve" disabled={chosen.is_empty() || pending} onclick={on_solve}>
                { "Propose lots that hold in every selected year" }
            </button>
            if chosen.is_empty() {
                <p class="app-hint">{ "Choose at least one scenario." }</p>
            }
            if pending {
                <p class="app-notice" role="status" id="robust-pending">{ "Working out robust lots in the background. The answer appears here." }</p>
            }
            if let Some(r) = &result {
                { robust_result(r, current, &report, &scenarios, &cases) }
                if current && matches!(&*report, Some(Ok(rep)) if rep.ok()) {
                    <AdoptRobust lots={r.solution.clone()} />
                }
            }
            { today_check(&active, today.as_ref(), &today_report, &scenarios) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChooserProps {
    /// Scenarios (by id) the lots need not hold in.
    left_out: UseStateHandle<BTreeSet<String>>,
    every_year: UseStateHandle<bool>,
}

/// Which scenarios (and years) robust lots must hold in.
#[component]
fn CaseChooser(p: &ChooserProps) -> Html {
    let doc = use_doc();
    let scenarios = &doc.workspace.scenarios;
    let (left_out, every_year) = (&p.left_out, &p.every_year);
    html! {
        <fieldset class="sc-fieldset">
            <legend>{ "Which scenarios must the lots hold in?" }</legend>
            <div class="app-hint">{ "Each chosen scenario's peak year (its largest value) must hold." }</div>
            { for scenarios.iter().enumerate().map(|(i, sc)| {
                let id = sc.id.clone();
                let peak = peak_year(sc);
                let onchange = {
                    let left_out = left_out.clone();
                    Callback::from(move |e: Event| {
                        let mut next = (*left_out).clone();
                        if event_checked(&e) { next.remove(&id); } else { next.insert(id.clone()); }
                        left_out.set(next);
                    })
                };
                let input_id = format!("robust-sc-{i}");
                html! {
                    <div class="app-checkbox">
                        <input class="app-checkbox__input" type="checkbox" id={input_id.clone()} checked={!left_out.contains(&sc.id)} {onchange} />
                        <label class="app-checkbox__label" for={input_id}>
                            { format!("{} (peak: year {}, {})", compare::label(sc), peak, sc.service.base_year.saturating_add(peak as i32)) }
                        </label>
                    </div>
                }
            }) }
            <div class="app-checkbox">
                <input class="app-checkbox__input" type="checkbox" id="robust-every-year" checked={**every_year}
                    onchange={{ let every_year = every_year.clone(); Callback::from(move |e: Event| every_year.set(event_checked(&e))) }} />
                <label class="app-checkbox__label" for="robust-every-year">{ "Also hold in every other contract year" }</label>
                <div class="app-hint app-checkbox__hint">{ "Catches years that bind before the peak, such as the year a supplier leaves, or lots too small in year 0." }</div>
            </div>
        </fieldset>
    }
}

type Checked = Rc<Option<Result<RobustReport, Issues>>>;

fn robust_result(r: &ScenarioResult, current: bool, report: &Checked, scenarios: &[Scenario], cases: &[Case]) -> Html {
    let solution: &Solution = &r.solution;
    let stale = (!current).then(|| html! {
        <p class="app-notice sc-stale" id="robust-stale">
            <strong>{ "Changed since solved: " }</strong>
            { "the scenarios or the years chosen have changed since these lots were proposed. Propose again to update them." }
        </p>
    });
    if solution.lots.is_empty() {
        return html! {
            <div class="sc-result" id="robust-result">
                { stale.unwrap_or_default() }
                <p class="app-body"><strong>{ format!("{}.", report::headline(solution)) }</strong>{ " No set of lots holds in every year chosen:" }</p>
                <ul class="app-list">
                    { for solution.diagnosis.iter().map(|f| html! { <li>{ format!("{} {}", f.message, f.fix) }</li> }) }
                </ul>
            </div>
        };
    }
    let f = compare::figures(&r.problem, solution);
    let summary = format!(
        "Lot values here are worst-case values: the largest over the {} scenario-year{} chosen. {} of the value could be bid for by an SME.",
        cases.len(),
        if cases.len() == 1 { "" } else { "s" },
        f.sme_share.map_or("None".to_string(), |s| format!("{:.0}%", s * 100.0)),
    );
    let verdict = match &**report {
        Some(Ok(rep)) => {
            let words = rep.binding.as_ref().map(|b| binding_in_words(b, scenarios)).unwrap_or_default();
            if rep.ok() {
                html! {
                    <div class="sc-verdict sc-verdict--ok" id="robust-binding">
                        <p class="app-body"><strong>{ "These lots hold in every year chosen." }</strong></p>
                        <p class="app-body">{ "The case that binds (least room to grow): " }{ words }</p>
                    </div>
                }
            } else {
                html! {
                    <div class="sc-verdict sc-verdict--fail" id="robust-binding">
                        <p class="app-body"><strong>{ "These lots break a rule in at least one year chosen." }</strong></p>
                        <p class="app-body">{ "The case that binds: " }{ words }</p>
                    </div>
                }
            }
        }
        Some(Err(issues)) => {
            html! { <p class="app-body" id="robust-binding">{ format!("The lots could not be checked: {}", issues.iter().next().map(|i| i.to_string()).unwrap_or_default()) }</p> }
        }
        None => html! {},
    };
    html! {
        <div class="sc-result" id="robust-result">
            { stale.unwrap_or_default() }
            <p class="app-body" id="robust-summary"><strong>{ format!("{}. ", report::headline(solution)) }</strong>{ summary }</p>
            { verdict }
            <div class="app-table-wrap" role="region" aria-labelledby="robust-lots-caption" tabindex="0">
                <table class="app-table sc-table" id="robust-lots">
                    <caption id="robust-lots-caption">{ "Robust lots" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Lot" }</th>
                            <th scope="col">{ "Work" }</th>
                            <th scope="col" class="app-num">{ "Worst-case value a year" }</th>
                            <th scope="col" class="app-num">{ "Credible bidders" }</th>
                            <th scope="col">{ "Indicative award" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for solution.lots.iter().map(|lot| html! {
                            <tr>
                                <th scope="row">{ compare::robust_name(&lot.id) }</th>
                                <td>{ report::describe_segments(&r.problem, lot).join("; ") }{ format!(" — {}", lot.localities.join(", ")) }</td>
                                <td class="app-num">{ gbp(lot.value) }</td>
                                <td class="app-num">{ lot.bidders() }</td>
                                <td>{ report::award_words(&r.problem, lot) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AdoptProps {
    /// The robust lots (worst-case values).
    lots: Rc<Solution>,
}

/// "Use these lots as this scenario's plan": the robust lots, valued and awarded for year 0 of
/// the active scenario, become its plan on step 4 (or the page says which rule they break).
#[component]
fn AdoptRobust(p: &AdoptProps) -> Html {
    let doc = use_doc();
    let active = doc.scenario().clone();
    let error = use_state(|| None::<String>);
    let onclick = {
        let (doc, lots, error, active) = (doc.clone(), p.lots.clone(), error.clone(), active.clone());
        Callback::from(move |_: MouseEvent| match compare::adopt_robust(&lots, &active) {
            Ok((problem, solution)) => {
                error.set(None);
                doc.dispatch(Action::Adopt {
                    scenario: Rc::new(active.clone()),
                    problem: Rc::new(problem),
                    solution: Rc::new(solution),
                });
            }
            Err(why) => error.set(Some(format!("These lots cannot be this scenario's plan: {why}."))),
        })
    };
    let kept = doc.results.get(&active.id).is_some_and(|r| {
        r.is_for(&active) && r.solution.lots.iter().map(|l| &l.segments).eq(p.lots.lots.iter().map(|l| &l.segments))
    });
    html! {
        <div class="sc-subsection" id="robust-adopt">
            <p class="app-hint">
                { format!("Use these lots as the plan for “{}”: the same segments in each lot, with this year's values, credible bidders and an indicative award. They become lots L1, L2, ... on step 4, where the plan is marked as valid but not proven the fewest lots for this year.", compare::label(&active)) }
            </p>
            if let Some(message) = &*error {
                <p class="app-error-message" id="robust-adopt-error" role="alert">{ message.clone() }</p>
            }
            if kept {
                <p class="app-body" id="robust-adopted">{ "These lots are this scenario's plan on step 4." }</p>
            } else {
                <button type="button" class="app-button app-button--secondary" id="robust-adopt-button" {onclick}>
                    { format!("Use these lots as the plan for “{}”", compare::label(&active)) }
                </button>
            }
        </div>
    }
}

fn today_check(active: &Scenario, today: Option<&ScenarioResult>, report: &Checked, scenarios: &[Scenario]) -> Html {
    let body = match (today, &**report) {
        (None, _) => {
            html! { <p class="app-body">{ "No plan yet for this scenario: propose lots on step 4 (or solve every scenario below) to check it." }</p> }
        }
        (Some(_), None) => {
            html! { <p class="app-body">{ "The last solve of this scenario found no plan, so there is nothing to check." }</p> }
        }
        (Some(_), Some(Err(issues))) => {
            html! { <p class="app-body">{ format!("The plan could not be checked: {}", issues.iter().next().map(|i| i.to_string()).unwrap_or_default()) }</p> }
        }
        (Some(r), Some(Ok(rep))) => {
            let stale = (!r.is_for(active)).then(|| html! {
                <p class="app-notice sc-stale"><strong>{ "Changed since solved: " }</strong>{ "this is the plan made before the latest changes to the scenario." }</p>
            });
            html! {
                <>
                    { stale.unwrap_or_default() }
                    <ul class="sc-holds">
                        { for first_failures(rep, scenarios).iter().map(|h| match h.first_failure {
                            None => html! {
                                <li class="sc-holds__item">
                                    <strong class="app-tag app-tag--green">{ "Holds" }</strong>
                                    { format!(" under the assumptions of “{}”: holds in all {} year{}.", h.name, h.years_checked, if h.years_checked == 1 { "" } else { "s" }) }
                                </li>
                            },
                            Some(c) => html! {
                                <li class="sc-holds__item">
                                    <strong class="app-tag sc-tag-fail">{ "Fails" }</strong>
                                    { format!(" under the assumptions of “{}”: fails from year {} ({}): {}.", h.name, c.year, c.calendar_year, failure_in_words(c)) }
                                </li>
                            },
                        }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <div class="sc-subsection" id="robust-check">
            <h4 class="app-heading-s">{ format!("Does today's plan for “{}” hold?", compare::label(active)) }</h4>
            <p class="app-hint">{ "This scenario's lots kept as they are, checked against every rule in every year under each scenario's assumptions of growth, prices and budget (the awards may be redone each year)." }</p>
            { body }
        </div>
    }
}
