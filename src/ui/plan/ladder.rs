//! The capacity ladder: each lot's value as a bar, with marks for the capacities of the
//! suppliers who could credibly bid for it, the indicative award's mark highlighted.
//! Log scale, since lots are worth around a million and large providers' capacity is 100 times
//! that. A text alternative (`<title>`, `<desc>` and a table in a disclosure) carries it all.

use crate::base::sort;
use std::rc::Rc;

use yew::prelude::*;

use crate::base::money::{gbp, gbp_full};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Lot, Solution};
use crate::ui::widgets::chart::lot_class;
use crate::ui::widgets::scale::{money_tick, LogScale, Scale};
use crate::views::report::supplier_name;

const WIDTH: f64 = 900.0;
const LEFT: f64 = 150.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 34.0;
const ROW: f64 = 30.0;

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

struct Mark {
    name: String,
    capacity: f64,
    award: bool,
}

fn marks(problem: &LotProblem, lot: &crate::plan::solution::Lot) -> Vec<Mark> {
    let mut out: Vec<Mark> = lot
        .credible_bidders
        .iter()
        .map(|id| Mark {
            name: supplier_name(problem, id).to_string(),
            capacity: problem.suppliers.iter().find(|s| s.id == *id).map_or(0.0, |s| s.capacity),
            award: lot.appointees().contains(&id.as_str()),
        })
        .collect();
    // The award last, so it is drawn on top.
    sort::by(&mut out, |a, b| a.award.cmp(&b.award).then(a.capacity.total_cmp(&b.capacity)));
    out
}

#[component]
pub fn CapacityLadder(p: &LadderProps) -> Html {
    let (problem, solution) = (&*p.problem, &*p.solution);
    let lots = &solution.lots;
    let rows: Vec<Vec<Mark>> = lots.iter().map(|l| marks(problem, l)).collect();
    let values = lots
        .iter()
        .flat_map(|l| [l.value, l.share()])
        .chain(rows.iter().flatten().map(|m| m.capacity))
        .chain([problem.params.v_min, problem.params.v_max]);
    let Some(scale) = LogScale::covering(values, (LEFT, WIDTH - RIGHT), 10) else {
        return html! {};
    };
    let axis_y = TOP + ROW * lots.len() as f64 + 6.0;
    let height = axis_y + 48.0;
    let ticks = scale.ticks();
    let desc = describe(problem, lots, &rows, &scale);
    let limit_line = |v: f64, label: String, anchor: &'static str| {
        let x = scale.apply(v);
        // Keep the label inside the chart: about 7.5 px a character at this size.
        let width = label.chars().count() as f64 * 7.5;
        let anchor = match anchor {
            "start" if x + 4.0 + width > WIDTH => "end",
            "end" if x - 4.0 - width < 0.0 => "start",
            a => a,
        };
        html! {
            <g class="plan-chart__limit">
                <line x1={fmt(x)} x2={fmt(x)} y1={fmt(TOP - 8.0)} y2={fmt(axis_y)} />
                <text x={fmt(x + if anchor == "end" { -4.0 } else { 4.0 })} y={fmt(TOP - 14.0)} text-anchor={anchor}>{ label }</text>
            </g>
        }
    };
    html! {
        <figure class="plan-chart">
            { legend(lots.iter().any(|l| l.appointed.len() > 1)) }
            <div class="plan-scroll plan-chart__scroll">
                <svg
                    class="plan-chart__svg"
                    viewBox={format!("0 0 {WIDTH} {}", fmt(height))}
                    role="img"
                    aria-labelledby="ladder-title ladder-desc"
                >
                    <title id="ladder-title">{ "Capacity ladder: lot values against the capacity of the suppliers who could bid" }</title>
                    <desc id="ladder-desc">{ desc }</desc>
                    <g class="plan-chart__grid">
                        { for ticks.iter().map(|&t| {
                            let x = scale.apply(t);
                            html! {
                                <g>
                                    <line x1={fmt(x)} x2={fmt(x)} y1={fmt(TOP - 4.0)} y2={fmt(axis_y)} />
                                    <text x={fmt(x)} y={fmt(axis_y + 18.0)} text-anchor="middle">{ money_tick(t) }</text>
                                </g>
                            }
                        }) }
                        <line class="plan-chart__axis" x1={fmt(LEFT)} x2={fmt(WIDTH - RIGHT)} y1={fmt(axis_y)} y2={fmt(axis_y)} />
                        <text x={fmt((LEFT + WIDTH - RIGHT) / 2.0)} y={fmt(axis_y + 40.0)} text-anchor="middle">{ "£ a year (logarithmic scale)" }</text>
                    </g>
                    { limit_line(problem.params.v_min, format!("Smallest lot {}", money_tick(problem.params.v_min)), "end") }
                    { limit_line(problem.params.v_max, format!("Largest lot {}", money_tick(problem.params.v_max)), "start") }
                    { for lots.iter().zip(&rows).enumerate().map(|(i, (lot, marks))| ladder_row(i, lot, marks, &scale)) }
                </svg>
            </div>
            <figcaption class="app-hint">
                { "Each lot must sit at or below the capacity of every supplier counted as a credible bidder (a framework lot's share for each provider, the dotted mark, must). Lots far to the left of the marks could be bid for by many more, smaller suppliers." }
            </figcaption>
            { figures_table(lots, &rows) }
        </figure>
    }
}

/// The chart in words, for screen readers.
fn describe(problem: &LotProblem, lots: &[Lot], rows: &[Vec<Mark>], scale: &LogScale) -> String {
    let caps: Vec<f64> = rows.iter().flatten().map(|m| m.capacity).filter(|c| *c > 0.0).collect();
    let (cap_lo, cap_hi) = caps.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), c| (lo.min(*c), hi.max(*c)));
    let (val_lo, val_hi) = lots.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), l| (lo.min(l.value), hi.max(l.value)));
    format!(
        "For each of the {} lots a bar shows its value a year, from {} to {}, on a logarithmic scale from {} to {}. \
         Circles mark the capacity of each credible bidder ({} to {}); a black diamond marks the capacity of the indicative award. \
         Dashed lines mark the smallest ({}) and largest ({}) lot values allowed.",
        lots.len(),
        gbp(val_lo),
        gbp(val_hi),
        money_tick(scale.domain.0),
        money_tick(scale.domain.1),
        gbp(cap_lo),
        gbp(cap_hi),
        gbp(problem.params.v_min),
        gbp(problem.params.v_max),
    )
}

fn legend(frameworks: bool) -> Html {
    html! {
    <div class="plan-chart__legend" aria-hidden="true">
        <span><svg width="22" height="14" viewBox="0 0 22 14"><rect x="1" y="2" width="20" height="10" class="plan-lot-0 plan-chart__bar" /></svg>{ " Lot value a year" }</span>
        <span><svg width="14" height="14" viewBox="0 0 14 14"><circle cx="7" cy="7" r="5" class="plan-chart__cap" /></svg>{ " Capacity of a credible bidder" }</span>
        <span><svg width="16" height="16" viewBox="0 0 16 16"><path d="M8 1 L15 8 L8 15 L1 8 Z" class="plan-chart__award" /></svg>{ " Capacity of the indicative award" }</span>
        if frameworks {
            <span><svg width="8" height="16" viewBox="0 0 8 16"><line x1="4" x2="4" y1="1" y2="15" class="plan-chart__share" /></svg>{ " A framework lot's share for each provider" }</span>
        }
    </div>
    }
}

/// One lot: its label, its bar, and a mark at each credible bidder's capacity.
fn ladder_row(i: usize, lot: &Lot, marks: &[Mark], scale: &LogScale) -> Html {
    let y = TOP + ROW * i as f64;
    let mid = y + ROW / 2.0;
    let end = scale.apply(lot.value);
    html! {
        <g class="plan-chart__row">
            <text class="plan-chart__label" x={fmt(LEFT - 10.0)} y={fmt(mid + 5.0)} text-anchor="end">
                <tspan font-weight="700">{ lot.id.clone() }</tspan>{ format!("  {}", gbp(lot.value)) }
            </text>
            <rect class={classes!(lot_class(i), "plan-chart__bar")} x={fmt(LEFT)} y={fmt(y + 8.0)} width={fmt((end - LEFT).max(1.0))} height="14">
                <title>{ format!("{}: {} a year", lot.id, gbp_full(lot.value)) }</title>
            </rect>
            if lot.appointed.len() > 1 {
                // A framework lot: its bidders need room for one provider's share only.
                <line class="plan-chart__share" x1={fmt(scale.apply(lot.share()))} x2={fmt(scale.apply(lot.share()))} y1={fmt(y + 4.0)} y2={fmt(y + 26.0)}>
                    <title>{ share_words(lot) }</title>
                </line>
            }
            { for marks.iter().map(|m| {
                let x = scale.apply(m.capacity);
                let tip = format!("{}: capacity {}{}", m.name, gbp(m.capacity), if m.award { " (indicative award)" } else { "" });
                if m.award {
                    html! { <path class="plan-chart__award" d={format!("M{} {} l7 7 l-7 7 l-7 -7 Z", fmt(x), fmt(mid - 7.0))}><title>{ tip }</title></path> }
                } else {
                    html! { <circle class="plan-chart__cap" cx={fmt(x)} cy={fmt(mid)} r="5"><title>{ tip }</title></circle> }
                }
            }) }
        </g>
    }
}

/// The chart's figures as a table, for anyone who cannot read the chart.
fn figures_table(lots: &[Lot], rows: &[Vec<Mark>]) -> Html {
    html! {
    <details class="plan-details">
        <summary>{ "Show the chart's figures as a table" }</summary>
        <table class="app-table plan-table">
            <caption class="app-visually-hidden">{ "Lot values and the capacity of each credible bidder" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Lot" }</th>
                    <th scope="col" class="plan-num">{ "Value a year" }</th>
                    <th scope="col">{ "Credible bidders and their capacity" }</th>
                </tr>
            </thead>
            <tbody>
                { for lots.iter().zip(rows).map(|(lot, marks)| html! {
                    <tr>
                        <th scope="row">{ lot.id.clone() }</th>
                        <td class="plan-num">
                            { gbp_full(lot.value) }
                            if lot.appointed.len() > 1 {
                                <span class="plan-share">{ share_words(lot) }</span>
                            }
                        </td>
                        <td>{ marks.iter().rev().map(|m| format!("{} {}{}", m.name, gbp(m.capacity), if m.award { " (award)" } else { "" })).collect::<Vec<_>>().join("; ") }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    </details>
    }
}

/// A framework lot's share in words: "Framework lot: 3 providers, each needs room for £1.2m".
fn share_words(lot: &Lot) -> String {
    format!("Framework lot: {} providers, each needs room for {}", lot.appointed.len(), gbp(lot.share()))
}

/// A coordinate with one decimal, for compact SVG.
fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}
