//! A bar per contract year (step 5, "Scenarios and years"): the service's value with the
//! budget marked on each bar, or the least room any lot has to grow. Bars may be negative (a
//! lot past its limit). The peak bar is outlined and labelled in words; every bar carries its
//! figure as text, so nothing is read from colour or height alone. The caller gives a
//! `<title>`, a `<desc>` and a table alternative.

use yew::prelude::*;

use crate::ui::widgets::scale::{money_tick, nice_step, percent_tick, LinearScale, Scale};

const WIDTH: f64 = 720.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const PLOT: f64 = 220.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Under the bar, e.g. "Year 0".
    pub label: String,
    /// Second line under the bar, e.g. "2013".
    pub sublabel: String,
    pub value: f64,
    /// The figure written at the bar's end, e.g. "£117m".
    pub text: String,
    /// Outlined and labelled with `mark_text` (e.g. the peak year).
    pub marked: bool,
    /// Drawn hatched and dark (e.g. a lot past its limit); say so in `text` too.
    pub warn: bool,
    /// A marker drawn across the bar (e.g. the budget), with its text for the tooltip.
    pub marker: Option<(f64, String)>,
}

/// How the axis is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// £m.
    Money,
    /// Percent (values are fractions).
    Percent,
}

#[derive(Properties, PartialEq)]
pub struct YearBarsProps {
    /// Prefix of the ids of the chart's title and description.
    pub id: AttrValue,
    pub title: AttrValue,
    pub desc: AttrValue,
    pub bars: Vec<Bar>,
    pub axis: Axis,
    /// The words over a marked bar, e.g. "Peak".
    #[prop_or_default]
    pub mark_text: AttrValue,
    /// What the marker means, for the legend (e.g. "Budget"); no legend entry when empty.
    #[prop_or_default]
    pub marker_legend: AttrValue,
    /// What the bars mean, for the legend.
    pub bar_legend: AttrValue,
}

/// A domain covering `values` and zero, with round ends.
fn domain(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi <= lo {
        return (0.0, 1.0);
    }
    let step = nice_step((hi - lo) / 5.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

#[component]
pub fn YearBars(p: &YearBarsProps) -> Html {
    if p.bars.is_empty() {
        return html! {};
    }
    let (d0, d1) = domain(p.bars.iter().flat_map(|b| [b.value].into_iter().chain(b.marker.as_ref().map(|m| m.0))));
    let scale = LinearScale { domain: (d0, d1), range: (TOP + PLOT, TOP), max_ticks: 6 };
    let n = p.bars.len() as f64;
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let bar_w = (slot * 0.56).min(90.0);
    let zero = scale.apply(0.0);
    let height = TOP + PLOT + 52.0;
    let ticks = scale.ticks();
    let step = if ticks.len() > 1 { ticks[1] - ticks[0] } else { d1 - d0 };
    let tick = |v: f64| match p.axis {
        Axis::Money => money_tick(v),
        Axis::Percent => percent_tick(v, step),
    };
    let title_id = format!("{}-title", p.id);
    let desc_id = format!("{}-desc", p.id);
    html! {
        <figure class="sc-chart">
            <div class="sc-chart__legend" aria-hidden="true">
                <span><svg width="22" height="14" viewBox="0 0 22 14"><rect x="1" y="2" width="20" height="10" class="sc-chart__bar" /></svg>{ format!(" {}", p.bar_legend) }</span>
                if !p.marker_legend.is_empty() {
                    <span><svg width="26" height="14" viewBox="0 0 26 14"><line x1="1" x2="25" y1="7" y2="7" class="sc-chart__marker" /></svg>{ format!(" {}", p.marker_legend) }</span>
                }
                if p.bars.iter().any(|b| b.warn) {
                    <span><svg width="22" height="14" viewBox="0 0 22 14"><rect x="1" y="2" width="20" height="10" class="sc-chart__bar sc-chart__bar--warn" /></svg>{ " Past its limit" }</span>
                }
            </div>
            <div class="sc-chart__scroll">
                <svg class="sc-chart__svg" viewBox={format!("0 0 {WIDTH} {}", coord(height))} role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                    <title id={title_id}>{ p.title.clone() }</title>
                    <desc id={desc_id}>{ p.desc.clone() }</desc>
                    <defs>
                        <pattern id={format!("{}-hatch", p.id)} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                            <rect width="6" height="6" class="sc-chart__hatch-bg" />
                            <line x1="0" y1="0" x2="0" y2="6" class="sc-chart__hatch" />
                        </pattern>
                    </defs>
                    { grid(&scale, LEFT, WIDTH - RIGHT, tick) }
                    { for p.bars.iter().enumerate().map(|(i, b)| {
                        let cx = LEFT + slot * (i as f64 + 0.5);
                        let y = scale.apply(b.value);
                        let (top, h) = if y < zero { (y, zero - y) } else { (zero, y - zero) };
                        // Above the bar, or above the zero line for a bar below it.
                        let text_y = if b.value >= 0.0 { top - 8.0 } else { zero - 8.0 };
                        let fill = if b.warn { Some(format!("fill: url(#{}-hatch)", p.id)) } else { None };
                        html! {
                            <g class={classes!("sc-chart__col", b.marked.then_some("sc-chart__col--marked"))}>
                                <rect
                                    class={classes!("sc-chart__bar", b.warn.then_some("sc-chart__bar--warn"))}
                                    style={fill}
                                    x={coord(cx - bar_w / 2.0)} y={coord(top)} width={coord(bar_w)} height={coord(h.max(1.0))}
                                >
                                    <title>{ format!("{} {}: {}", b.label, b.sublabel, b.text) }</title>
                                </rect>
                                <text class="sc-chart__value" x={coord(cx)} y={coord(text_y)} text-anchor="middle">{ b.text.clone() }</text>
                                if let Some((m, what)) = &b.marker {
                                    <line class="sc-chart__marker" x1={coord(cx - bar_w / 2.0 - 6.0)} x2={coord(cx + bar_w / 2.0 + 6.0)} y1={coord(scale.apply(*m))} y2={coord(scale.apply(*m))}>
                                        <title>{ what.clone() }</title>
                                    </line>
                                }
                                <text class="sc-chart__label" x={coord(cx)} y={coord(TOP + PLOT + 20.0)} text-anchor="middle">{ b.label.clone() }</text>
                                <text class="sc-chart__sublabel" x={coord(cx)} y={coord(TOP + PLOT + 38.0)} text-anchor="middle">
                                    { b.sublabel.clone() }
                                    if b.marked && !p.mark_text.is_empty() {
                                        { format!(" · {}", p.mark_text) }
                                    }
                                </text>
                            </g>
                        }
                    }) }
                </svg>
            </div>
        </figure>
    }
}

/// Horizontal gridlines at the scale's ticks, labelled by `label` on the left, and the axis
/// at zero, from `x0` to `x1` (shared by the scenario charts).
pub fn grid(scale: &impl Scale, x0: f64, x1: f64, label: impl Fn(f64) -> String) -> Html {
    let zero = scale.apply(0.0);
    html! {
        <>
            <g class="sc-chart__grid">
                { for scale.ticks().into_iter().map(|t| {
                    let y = scale.apply(t);
                    html! {
                        <g>
                            <line x1={coord(x0)} x2={coord(x1)} y1={coord(y)} y2={coord(y)} />
                            <text x={coord(x0 - 8.0)} y={coord(y + 5.0)} text-anchor="end">{ label(t) }</text>
                        </g>
                    }
                }) }
            </g>
            <line class="sc-chart__axis" x1={coord(x0)} x2={coord(x1)} y1={coord(zero)} y2={coord(zero)} />
        </>
    }
}

/// A coordinate with one decimal, for compact SVG.
pub fn coord(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_cover_zero_and_every_value() {
        assert_eq!(domain([1.2e8, 1.3e8].into_iter()), (0.0, 1.5e8));
        let (lo, hi) = domain([-0.07, 0.3, 0.12].into_iter());
        assert!((-0.2..=-0.07).contains(&lo) && (0.3..0.4).contains(&hi), "{lo} {hi}");
        assert_eq!(domain(std::iter::empty()), (0.0, 1.0));
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(coord(7.0), "7");
    }
}
