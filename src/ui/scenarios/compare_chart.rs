//! Lot sizes per scenario (step 5, "Scenarios and years"): one group of bars per scenario,
//! a bar per lot, largest first, with each scenario's largest allowed lot (`v_max`) as a dashed
//! line across its group. Under each group: its name and how many lots it has, in words. The
//! comparison table beside it carries every figure, and a table alternative lists the values.

use crate::base::sort;
use yew::prelude::*;

use crate::base::text::plural;

use crate::base::money::{gbp, gbp_full};
use crate::ui::scenarios::years_chart::{coord, grid};
use crate::ui::widgets::scale::{money_tick, LinearScale, Scale};

const WIDTH: f64 = 900.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 30.0;
const PLOT: f64 = 220.0;
/// Space between groups, in bar widths.
const GAP: f64 = 3.0;

/// One scenario's lots.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// Lot values a year (any order; drawn largest first).
    pub values: Vec<f64>,
    pub v_max: f64,
}

#[derive(Properties, PartialEq)]
pub struct LotSizesProps {
    pub groups: Vec<Group>,
}

#[component]
pub fn LotSizes(p: &LotSizesProps) -> Html {
    let groups: Vec<Group> = p.groups.iter().filter(|g| !g.values.is_empty()).cloned().collect();
    if groups.is_empty() {
        return html! {};
    }
    let scale = LinearScale::from_zero(
        groups.iter().flat_map(|g| g.values.iter().copied().chain([g.v_max])),
        (TOP + PLOT, TOP),
        6,
    );
    let units: f64 = groups.iter().map(|g| g.values.len() as f64).sum::<f64>() + GAP * (groups.len() as f64 - 1.0);
    let unit = (WIDTH - LEFT - RIGHT) / units.max(1.0);
    let bar = (unit * 0.8).clamp(1.0, 40.0);
    let zero = scale.apply(0.0);
    let height = TOP + PLOT + 56.0;
    let mut x = LEFT;
    let layout: Vec<(f64, f64)> = groups
        .iter()
        .map(|g| {
            let start = x;
            let w = g.values.len() as f64 * unit;
            x += w + GAP * unit;
            (start, w)
        })
        .collect();
    let desc = describe(&groups);
    html! {
        <figure class="sc-chart">
            <div class="sc-chart__legend" aria-hidden="true">
                <span><svg width="22" height="14" viewBox="0 0 22 14"><rect x="1" y="2" width="20" height="10" class="sc-chart__bar" /></svg>{ " A lot's value a year, largest first" }</span>
                <span><svg width="26" height="14" viewBox="0 0 26 14"><line x1="1" x2="25" y1="7" y2="7" class="sc-chart__limit" /></svg>{ " Largest lot allowed (v_max)" }</span>
            </div>
            <div class="sc-chart__scroll">
                <svg class="sc-chart__svg" viewBox={format!("0 0 {WIDTH} {}", coord(height))} role="img" aria-labelledby="compare-chart-title compare-chart-desc">
                    <title id="compare-chart-title">{ "Lot sizes in each scenario" }</title>
                    <desc id="compare-chart-desc">{ desc }</desc>
                    { grid(&scale, LEFT, WIDTH - RIGHT, money_tick) }
                    { for groups.iter().zip(&layout).map(|(g, &(start, w))| {
                        let mut values = g.values.clone();
                        sort::by(&mut values, |a, b| b.total_cmp(a));
                        let limit_y = scale.apply(g.v_max);
                        let mid = start + w / 2.0;
                        html! {
                            <g class="sc-chart__group">
                                { for values.iter().enumerate().map(|(i, v)| {
                                    let y = scale.apply(*v);
                                    let bx = start + unit * i as f64 + (unit - bar) / 2.0;
                                    html! {
                                        <rect class="sc-chart__bar" x={coord(bx)} y={coord(y)} width={coord(bar)} height={coord((zero - y).max(1.0))}>
                                            <title>{ format!("{}: a lot worth {} a year", g.name, gbp_full(*v)) }</title>
                                        </rect>
                                    }
                                }) }
                                <line class="sc-chart__limit" x1={coord((start - unit * 0.5).max(LEFT))} x2={coord((start + w + unit * 0.5).min(WIDTH - RIGHT))} y1={coord(limit_y)} y2={coord(limit_y)} />
                                <text class="sc-chart__label" x={coord(mid)} y={coord(TOP + PLOT + 20.0)} text-anchor="middle">{ short(&g.name, w) }</text>
                                <text class="sc-chart__sublabel" x={coord(mid)} y={coord(TOP + PLOT + 38.0)} text-anchor="middle">{ plural(g.values.len(), "lot", "lots") }</text>
                            </g>
                        }
                    }) }
                </svg>
            </div>
            { figures_table(&groups) }
        </figure>
    }
}

/// The chart in words, for screen readers.
fn describe(groups: &[Group]) -> String {
    groups
        .iter()
        .map(|g| {
            let lo = g.values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = g.values.iter().copied().fold(0.0, f64::max);
            format!(
                "{}: {} from {} to {}, largest allowed {}.",
                g.name,
                plural(g.values.len(), "lot", "lots"),
                gbp(lo),
                gbp(hi),
                gbp(g.v_max)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart's figures as a table, for anyone who cannot read the chart.
fn figures_table(groups: &[Group]) -> Html {
    html! {
    <details class="sc-details">
        <summary>{ "Show the chart's figures as a table" }</summary>
        <table class="app-table">
            <caption class="app-visually-hidden">{ "Lot values a year in each scenario, largest first" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Scenario" }</th>
                    <th scope="col">{ "Lots" }</th>
                    <th scope="col">{ "Lot values a year, largest first" }</th>
                </tr>
            </thead>
            <tbody>
                { for groups.iter().map(|g| {
                    let mut values = g.values.clone();
                    sort::by(&mut values, |a, b| b.total_cmp(a));
                    html! {
                        <tr>
                            <th scope="row">{ g.name.clone() }</th>
                            <td class="app-num">{ g.values.len() }</td>
                            <td>{ values.iter().map(|v| gbp(*v)).collect::<Vec<_>>().join(", ") }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    </details>
    }
}

/// The name, cut to fit about `width` pixels of 8-pixel characters.
fn short(name: &str, width: f64) -> String {
    let fit = ((width / 8.0).floor() as usize).max(6);
    if name.chars().count() <= fit {
        name.to_string()
    } else {
        let cut: String = name.chars().take(fit.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn long_names_are_cut_to_fit() {
        assert_eq!(short("Base", 100.0), "Base");
        assert_eq!(short("A very long scenario name indeed", 80.0), "A very lo…");
        assert_eq!(short("Abcdefghij", 10.0), "Abcde…");
    }
}
