//! Market resilience beside a plan: the market's shape under the plan's indicative award, and
//! the provider-failure stress test (who picks up a failed provider's lots, which lots are
//! stranded), from [`crate::views::market`] and [`crate::plan::stress`].

use std::rc::Rc;

use yew::prelude::*;

use crate::base::money::gbp;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::plan::stress::{self, StressReport};
use crate::ui::plan::why::WhyProps;
use crate::ui::platform::focus_by_id;
use crate::views::market::{self, failure_rows, stress_summary, FailureRow};

/// The market-shaping measures: providers, shares, concentration, value open to SMEs.
#[component]
pub fn MarketShape(p: &WhyProps) -> Html {
    let Some(shape) = market::measure(&p.problem, &p.solution) else { return html! {} };
    html! {
        <section class="plan-section plan-award" aria-labelledby="plan-market-heading" id="plan-market">
            <h3 class="app-heading-m" id="plan-market-heading">{ "The market this plan would leave" }</h3>
            <p class="app-body">
                { "Shares of the lots' value a year if every lot went as the indicative award places it. They describe the plan; they are not a finding about competition." }
            </p>
            <dl class="plan-market">
                { for market::lines(&shape).into_iter().map(|line| html! {
                    <div class="plan-market__row">
                        <dt>{ line.label }</dt>
                        <dd>
                            <span class="plan-market__figure">{ line.figure }</span>
                            <span class="plan-market__meaning">{ line.meaning }</span>
                        </dd>
                    </div>
                }) }
            </dl>
        </section>
    }
}

/// "If a provider fails": a button runs the stress test; the result is a summary, a chart of
/// the value each failure strands, and a table of who picks up which lot.
#[component]
pub fn ProviderFailure(p: &WhyProps) -> Html {
    // The report with the plan it was made for, so a new plan hides an old report.
    let result = use_state(|| None::<(Rc<Solution>, Rc<StressReport>)>);
    let on_run = {
        let (result, problem, solution) = (result.clone(), p.problem.clone(), p.solution.clone());
        Callback::from(move |_: MouseEvent| {
            result.set(Some((solution.clone(), Rc::new(stress::run(&problem, &solution)))));
        })
    };
    let report = result.as_ref().filter(|(for_plan, _)| Rc::ptr_eq(for_plan, &p.solution)).map(|(_, r)| r.clone());
    html! {
        <section class="plan-section plan-award" aria-labelledby="plan-stress-heading" id="plan-stress">
            <h3 class="app-heading-m" id="plan-stress-heading">{ "If a provider fails" }</h3>
            <p class="app-body">
                { "Fails each provider with an indicative award in turn. Its lots go to other credible bidders with room in their capacity and under the most lots one supplier may win; other awards move only when that saves a lot. A lot nobody can take is stranded." }
            </p>
            <button type="button" class="app-button app-button--secondary" id="stress-run" onclick={on_run}>
                { if report.is_some() { "Test each provider's failure again" } else { "Test each provider's failure" } }
            </button>
            if let Some(report) = report {
                <StressResult problem={p.problem.clone()} {report} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StressResultProps {
    problem: Rc<LotProblem>,
    report: Rc<StressReport>,
}

#[component]
fn StressResult(p: &StressResultProps) -> Html {
    // A result is only drawn when asked for: focus moves to it each time it is (re)made.
    use_effect_with(Rc::as_ptr(&p.report) as usize, |_| focus_by_id("stress-summary"));
    let rows = failure_rows(&p.problem, &p.report);
    html! {
        <>
            <p class="app-body plan-stress__summary" id="stress-summary" tabindex="-1">{ stress_summary(&p.problem, &p.report) }</p>
            if !rows.is_empty() {
                { stranded_chart(&rows) }
                <div class="plan-scroll" tabindex="0" role="region" aria-labelledby="stress-caption">
                    <table class="app-table plan-table" id="stress-table">
                        <caption class="plan-caption" id="stress-caption">{ "Each provider's failure, the worst first" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "If this provider fails" }</th>
                                <th scope="col">{ "Its lots" }</th>
                                <th scope="col">{ "Picked up by" }</th>
                                <th scope="col">{ "Stranded" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().map(row) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}

fn row(r: &FailureRow) -> Html {
    let stranded = if r.stranded.is_empty() {
        "None".to_string()
    } else {
        format!("{} ({} a year)", r.stranded.join(", "), gbp(r.stranded_value))
    };
    html! {
        <tr class={classes!(if r.stranded.is_empty() { "" } else { "plan-stress__stranding" })}>
            <th scope="row">{ r.provider.clone() }</th>
            <td>{ r.lots.join(", ") }</td>
            <td>
                if r.picked_up.is_empty() {
                    { "Nobody" }
                } else {
                    { r.picked_up.join("; ") }
                }
            </td>
            <td>
                { stranded }
                if r.undecided {
                    { " (the search ran out of steps: some of these may in fact be saved)" }
                }
            </td>
        </tr>
    }
}

/// Horizontal bars: each provider's lots' value, the stranded part dark. The table above
/// holds the same figures for screen readers, so the chart is one labelled image.
fn stranded_chart(rows: &[FailureRow]) -> Html {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 220.0;
    const BAR: f64 = 22.0;
    let max = rows.iter().map(|r| r.lost_value).fold(0.0, f64::max).max(1.0);
    let scale = |v: f64| (WIDTH - LABEL - 110.0) * v / max;
    let height = BAR * 1.5 * rows.len() as f64 + 8.0;
    let label = format!(
        "Bar chart of the value a year each provider holds, with the part stranded if it fails. Worst: {} strands {}.",
        rows[0].provider,
        gbp(rows[0].stranded_value)
    );
    html! {
        <svg class="plan-stress__chart" id="stress-chart" role="img" aria-label={label} viewBox={format!("0 0 {WIDTH} {height}")} width="100%">
            { for rows.iter().enumerate().map(|(i, r)| {
                let y = 4.0 + i as f64 * BAR * 1.5;
                let name: String = if r.provider.chars().count() > 30 { format!("{}…", r.provider.chars().take(29).collect::<String>()) } else { r.provider.clone() };
                html! {
                    <g>
                        <text x={(LABEL - 8.0).to_string()} y={(y + BAR * 0.7).to_string()} text-anchor="end" class="plan-stress__label">{ name }</text>
                        <rect x={LABEL.to_string()} y={y.to_string()} width={scale(r.lost_value).max(1.0).to_string()} height={BAR.to_string()} class="plan-stress__held" />
                        <rect x={LABEL.to_string()} y={y.to_string()} width={scale(r.stranded_value).to_string()} height={BAR.to_string()} class="plan-stress__lost" />
                        <text x={(LABEL + scale(r.lost_value) + 6.0).to_string()} y={(y + BAR * 0.7).to_string()} class="plan-stress__label">
                            { if r.stranded.is_empty() { "none stranded".to_string() } else { format!("{} stranded", gbp(r.stranded_value)) } }
                        </text>
                    </g>
                }
            }) }
        </svg>
    }
}
