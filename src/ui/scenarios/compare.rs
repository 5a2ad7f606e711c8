//! Step 5, part 4: every scenario's plan side by side (`crate::views::compare`): number of lots, lot
//! sizes, thinnest competition, SME share, value in-house, suppliers awarded and capacity use,
//! each different figure marked in words against the base (the active scenario), and a chart
//! of lot sizes. Plans can be compared as of today (year 0) or at each scenario's peak year.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::base::error::Issues;
use crate::model::projection::peak_year;
use crate::model::Scenario;
use crate::plan::lower::lower;
use crate::plan::problem::LotProblem;
use crate::ui::scenarios::compare_chart::{Group, LotSizes};
use crate::ui::scenarios::Results;
use crate::ui::store::{use_doc, ScenarioResult};
use crate::views::compare::{self, cell, figures, what_differs, Figures, Measure};
use crate::views::report;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub results: Results,
    pub on_solve: Callback<(Scenario, LotProblem)>,
}

/// Where one scenario's column stands.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    NotSolved,
    /// Figures, and whether the plan is current.
    Solved {
        figures: Box<Figures>,
        current: bool,
        v_max: f64,
        /// The plan, for naming the lots that differ.
        plan: ScenarioResult,
    },
}

/// The scenario to solve for a column, and the key its plan is stored under. A scenario whose
/// peak is year 0 (nothing grows) has one plan for both.
fn target(sc: &Scenario, at_peak: bool) -> Scenario {
    if at_peak && peak_year(sc) > 0 {
        compare::at_peak(sc)
    } else {
        sc.clone()
    }
}

fn is_current(result: &ScenarioResult, sc: &Scenario, at_peak: bool) -> bool {
    result.is_for(&target(sc, at_peak))
}

/// Every plan the comparison can show (today's and, where it differs, the peak year's) that
/// is missing or out of date: "Solve every scenario" brings both views up to date at once.
fn out_of_date(order: &[&Scenario], results: &Results) -> Vec<Scenario> {
    let mut todo: Vec<Scenario> = Vec::new();
    for at_peak in [false, true] {
        for sc in order {
            let t = target(sc, at_peak);
            let current = results.get(&t.id).is_some_and(|r| is_current(r, sc, at_peak));
            if !current && !todo.iter().any(|x| x.id == t.id) {
                todo.push(t);
            }
        }
    }
    todo
}

/// Each scenario's column: the base (active) scenario first, then the others in order.
fn columns(order: &[&Scenario], results: &Results, at_peak: bool) -> Vec<Column> {
    order
        .iter()
        .map(|sc| match results.get(&target(sc, at_peak).id) {
            None => Column::NotSolved,
            Some(r) => Column::Solved {
                figures: Box::new(figures(&r.problem, &r.solution)),
                current: is_current(r, sc, at_peak),
                v_max: r.problem.params.v_max,
                plan: r.clone(),
            },
        })
        .collect()
}

/// Whether the scenarios differ only in their assumptions for later years.
fn only_projection_differs(order: &[&Scenario]) -> bool {
    order.len() > 1
        && order.iter().skip(1).all(|s| {
            Scenario { id: s.id.clone(), name: s.name.clone(), projection: s.projection.clone(), ..order[0].clone() }
                == **s
        })
}

#[component]
pub fn Compare(p: &CompareProps) -> Html {
    let doc = use_doc();
    let ws = &doc.workspace;
    let active_index = ws.active_index().unwrap_or(0);
    let order: Vec<&Scenario> = ws
        .scenarios
        .get(active_index)
        .into_iter()
        .chain(ws.scenarios.iter().enumerate().filter(|(i, _)| *i != active_index).map(|(_, s)| s))
        .collect();
    let at_peak = use_state(|| false);
    let columns = columns(&order, &p.results, *at_peak);
    let to_solve = out_of_date(&order, &p.results);
    let (base, base_plan) = match columns.first() {
        Some(Column::Solved { figures, plan, .. }) => (Some(figures.as_ref()), Some(plan)),
        _ => (None, None),
    };
    let groups: Vec<Group> = order
        .iter()
        .zip(&columns)
        .filter_map(|(sc, c)| match c {
            Column::Solved { figures, v_max, .. } if figures.has_plan() => {
                Some(Group { name: compare::label(sc).to_string(), values: figures.lot_values.clone(), v_max: *v_max })
            }
            _ => None,
        })
        .collect();
    html! {
        <section class="sc-section" id="sc-compare" aria-labelledby="sc-compare-title">
            <h3 class="app-heading-m" id="sc-compare-title">{ "4. Compare scenarios" }</h3>
            <p class="app-body">
                { "Each scenario's proposed lots side by side. Differences from the first column, the scenario you are working on, are marked in bold with the change in brackets." }
            </p>
            if ws.scenarios.len() < 2 {
                <p class="app-notice" id="compare-one">
                    { "There is only one scenario. Add another with the scenario switcher at the top of the page (for example a copy with faster demand growth, or larger lots) to compare them here." }
                </p>
            }
            <CompareControls at_peak={at_peak.clone()} to_solve={to_solve} on_solve={p.on_solve.clone()} />
            if only_projection_differs(&order) && !*at_peak {
                <p class="app-notice" id="compare-projection-only">
                    { "These scenarios differ only in their assumptions for later years, so today's plans are the same. Choose “In each scenario's peak year” to see what the assumptions change." }
                </p>
            }
            { compare_table(&order, &columns, *at_peak) }
            if let Some(b) = base {
                if columns.len() > 1 {
                    <h4 class="app-heading-s">{ "What differs from the base" }</h4>
                    <ul class="app-list" id="compare-differences">
                        { for order.iter().zip(&columns).skip(1).filter_map(|(sc, c)| match c {
                            Column::Solved { figures, plan, .. } => {
                                let lots = base_plan.map(|bp| compare::lots_that_differ(
                                    (&bp.problem, &bp.solution), (&plan.problem, &plan.solution), compare::label(sc),
                                )).unwrap_or_default();
                                Some(html! {
                                    <li>
                                        { format!("“{}”: {}", compare::label(sc), what_differs(figures, b)) }
                                        if !lots.is_empty() {
                                            <ul class="app-list sc-lot-diff">
                                                { for lots.into_iter().map(|line| html! { <li>{ line }</li> }) }
                                            </ul>
                                        }
                                    </li>
                                })
                            }
                            Column::NotSolved => None,
                        }) }
                    </ul>
                }
            }
            if !groups.is_empty() {
                <h4 class="app-heading-s">{ "Lot sizes in each scenario" }</h4>
                <LotSizes groups={groups} />
            }
            <p class="app-hint">{ report::SME_DEFINITION }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ControlsProps {
    at_peak: UseStateHandle<bool>,
    /// The scenarios (as of today or at their peak) whose plans are missing or out of date.
    to_solve: Vec<Scenario>,
    on_solve: Callback<(Scenario, LotProblem)>,
}

/// Today or the peak year, "Solve every scenario", and what is being solved or cannot be.
#[component]
fn CompareControls(p: &ControlsProps) -> Html {
    let requested = use_state(BTreeSet::<String>::new);
    let errors = use_state(Vec::<(String, Issues)>::new);
    let pending: Vec<String> =
        p.to_solve.iter().filter(|s| requested.contains(&s.id)).map(|s| format!("“{}”", compare::label(s))).collect();
    let on_solve_all = {
        let (to_solve, on_solve, requested, errors) =
            (p.to_solve.clone(), p.on_solve.clone(), requested.clone(), errors.clone());
        Callback::from(move |_| {
            let mut asked = (*requested).clone();
            let mut failed = Vec::new();
            for sc in &to_solve {
                match lower(sc) {
                    Ok(problem) => {
                        asked.insert(sc.id.clone());
                        on_solve.emit((sc.clone(), problem));
                    }
                    Err(issues) => failed.push((compare::label(sc).to_string(), issues)),
                }
            }
            requested.set(asked);
            errors.set(failed);
        })
    };
    let when = |peak: bool| {
        let at_peak = p.at_peak.clone();
        Callback::from(move |_: Event| at_peak.set(peak))
    };
    html! {
        <>
            <fieldset class="sc-fieldset">
                <legend>{ "Compare the plans" }</legend>
                <div class="sc-radios">
                    <div class="sc-radio">
                        <input class="sc-radio__input" type="radio" name="compare-when" id="compare-today" checked={!*p.at_peak} onchange={when(false)} />
                        <label class="sc-radio__label" for="compare-today">{ "As of today (year 0)" }</label>
                    </div>
                    <div class="sc-radio">
                        <input class="sc-radio__input" type="radio" name="compare-when" id="compare-peak" checked={*p.at_peak} onchange={when(true)} />
                        <label class="sc-radio__label" for="compare-peak">{ "In each scenario's peak year" }</label>
                    </div>
                </div>
            </fieldset>
            <button type="button" class="app-button" id="compare-solve-all" disabled={p.to_solve.is_empty()} onclick={on_solve_all}>
                { "Solve every scenario" }
            </button>
            if p.to_solve.is_empty() {
                <p class="app-hint" id="compare-all-current">{ "Every scenario's plans, for today and for its peak year, are up to date." }</p>
            }
            if !pending.is_empty() {
                <p class="app-notice" role="status" id="compare-pending">
                    { format!("Solving in the background: {}. Results appear in the table as they arrive.", pending.join(", ")) }
                </p>
            }
            if !errors.is_empty() {
                <div class="app-error-summary" role="alert" id="compare-errors">
                    <h4 class="app-error-summary__title">{ "Some scenarios cannot be solved" }</h4>
                    <ul class="app-error-summary__list">
                        { for errors.iter().map(|(name, issues)| html! { <li>{ format!("“{name}”: {}", issues.iter().next().map(|i| i.to_string()).unwrap_or_default()) }</li> }) }
                    </ul>
                </div>
            }
        </>
    }
}

/// The scenarios side by side: a column each, a row per measure.
fn compare_table(order: &[&Scenario], columns: &[Column], at_peak: bool) -> Html {
    let base = match columns.first() {
        Some(Column::Solved { figures, .. }) => Some(figures.as_ref()),
        _ => None,
    };
    let when = if at_peak { "at each scenario's peak year" } else { "today (year 0)" };
    html! {
        <div class="app-table-wrap" role="region" aria-labelledby="compare-caption" tabindex="0">
            <table class="app-table sc-table sc-compare" id="compare-table">
                <caption id="compare-caption">{ format!("Scenarios side by side: plans {when}") }</caption>
                <thead>
                    <tr>
                        <td></td>
                        { for order.iter().zip(columns).enumerate().map(|(i, (sc, c))| html! {
                            <th scope="col">
                                { compare::label(sc).to_string() }
                                if i == 0 {
                                    <span class="sc-col-note">{ "Base: the scenario you are working on" }</span>
                                }
                                if at_peak {
                                    <span class="sc-col-note">{ { let y = peak_year(sc); format!("Year {y} ({})", sc.service.base_year.saturating_add(y as i32)) } }</span>
                                }
                                { column_status(c) }
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for Measure::ALL.iter().map(|&m| html! {
                        <tr>
                            <th scope="row">{ m.label() }</th>
                            { for columns.iter().enumerate().map(|(i, c)| compare_cell(m, c, if i == 0 { None } else { base })) }
                        </tr>
                    }) }
                    <tr>
                        <th scope="row">{ "Capacity used per supplier" }</th>
                        { for columns.iter().enumerate().map(|(i, c)| loads_cell(i, c)) }
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

fn column_status(c: &Column) -> Html {
    match c {
        Column::NotSolved => {
            html! { <span class="sc-col-note"><span class="app-tag app-tag--grey">{ "Not solved yet" }</span></span> }
        }
        Column::Solved { current: false, .. } => {
            html! { <span class="sc-col-note"><span class="app-tag sc-tag-stale">{ "Changed since solved" }</span></span> }
        }
        Column::Solved { figures, .. } => {
            let status = match figures.status {
                crate::plan::solution::Status::Optimal => "Proven best",
                crate::plan::solution::Status::Feasible => "Valid, not proven best",
                crate::plan::solution::Status::Infeasible => "No plan meets the rules",
                crate::plan::solution::Status::Unknown => "No plan found in time",
            };
            html! { <span class="sc-col-note">{ status }</span> }
        }
    }
}

fn compare_cell(m: Measure, c: &Column, base: Option<&Figures>) -> Html {
    let figures = match c {
        Column::NotSolved => {
            return html! { <td class="sc-cell--empty">{ if m == Measure::Lots { "Not solved yet" } else { "–" } }</td> };
        }
        Column::Solved { figures, .. } => figures,
    };
    let cl = cell(m, figures, base);
    match cl.change {
        Some(change) => html! {
            <td class="sc-cell--differs">
                <span class="app-visually-hidden">{ "Differs from the base: " }</span>
                <strong>{ cl.text }</strong>
                <span class="sc-change">{ format!(" ({change})") }</span>
            </td>
        },
        None => html! { <td>{ cl.text }</td> },
    }
}

fn loads_cell(i: usize, c: &Column) -> Html {
    let Column::Solved { figures, .. } = c else { return html! { <td>{ "–" }</td> } };
    if figures.loads.is_empty() {
        return html! { <td>{ "–" }</td> };
    }
    html! {
        <td>
            <details class="sc-details sc-details--inline">
                <summary>{ format!("{} supplier{}", figures.loads.len(), if figures.loads.len() == 1 { "" } else { "s" }) }<span class="app-visually-hidden">{ format!(" in column {}", i + 1) }</span></summary>
                <ul class="sc-loads">
                    { for figures.loads.iter().map(|l| html! {
                        <li>{ format!("{}: {}", l.name, l.share.map_or("–".to_string(), |s| format!("{:.0}%", s * 100.0))) }</li>
                    }) }
                </ul>
            </details>
        </td>
    }
}
