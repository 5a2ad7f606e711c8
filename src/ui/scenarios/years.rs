//! Step 5, part 2: the active scenario year by year (`crate::model::projection::project`): the total
//! value, each area's value, the budget gap and, when the scenario has a plan, how each of its
//! lots fares against `v_max` and its indicative award's capacity in every year
//! (`crate::views::compare::plan_years`). Charts: the value each year with the budget marked, and
//! the least room any lot has to grow.

use yew::prelude::*;

use crate::base::money::{gbp, gbp_full};
use crate::model::projection::{peak_year, project, YearView};
use crate::model::Scenario;
use crate::ui::scenarios::years_chart::{Axis, Bar, YearBars};
use crate::ui::store::ScenarioResult;
use crate::views::compare::{self, Limit, PlanYear};

#[derive(Properties, PartialEq)]
pub struct YearsProps {
    pub scenario: Scenario,
    /// The scenario's latest plan, if any.
    pub result: Option<ScenarioResult>,
}

/// A year's budget gap in words: "£2.1m short", "£0.3m to spare", "None".
pub fn gap_in_words(gap: f64) -> String {
    if gap.abs() < 0.5 {
        "None".into()
    } else if gap > 0.0 {
        format!("{} short", gbp(gap))
    } else {
        format!("{} to spare", gbp(-gap))
    }
}

fn year_heading(y: u32, calendar: i32) -> String {
    format!("Year {y} ({calendar})")
}

#[component]
pub fn Years(p: &YearsProps) -> Html {
    let sc = &p.scenario;
    let years = project(sc);
    let peak = peak_year(sc);
    let plan = p.result.as_ref().map(|r| {
        let current = r.is_for(sc);
        (compare::plan_years(sc, &r.solution), current, r.solution.lots.is_empty())
    });
    let plan_years: Option<&Vec<PlanYear>> = match &plan {
        Some((Ok(py), _, false)) => Some(py),
        _ => None,
    };
    let first = years.first().map_or(0.0, |y| y.total);
    let top = years.iter().find(|y| y.year == peak).map_or(first, |y| y.total);
    let last_gap = years.last().map_or(0.0, |y| y.budget_gap);
    let lead = if years.len() <= 1 || (top - first).abs() < 0.5 {
        format!(
            "The service is worth {} a year, the same every year of the contract under these assumptions.",
            gbp(first)
        )
    } else {
        format!(
            "The service is worth {} in year 0 and {} at its peak in year {} ({}), {:+.1}%.",
            gbp(first),
            gbp(top),
            peak,
            sc.service.base_year.saturating_add(peak as i32),
            (top / first - 1.0) * 100.0
        )
    };
    let gap_line = (last_gap > 0.5).then(|| {
        format!(
            " By the last year demand costs {} more than the budget: the gap is shown, not cut, because the work is statutory.",
            gbp(last_gap)
        )
    });
    let bars: Vec<Bar> = years
        .iter()
        .map(|y| Bar {
            label: format!("Year {}", y.year),
            sublabel: y.calendar_year.to_string(),
            value: y.total,
            text: gbp(y.total),
            marked: y.year == peak && years.len() > 1,
            warn: false,
            marker: Some((y.budget, format!("Budget {}: {}", y.calendar_year, gbp_full(y.budget)))),
        })
        .collect();
    let desc = format!(
        "One bar per contract year: {}. A line across each bar marks the budget: {}.",
        years.iter().map(|y| format!("{} {}", y.calendar_year, gbp(y.total))).collect::<Vec<_>>().join(", "),
        years.iter().map(|y| format!("{} {}", y.calendar_year, gbp(y.budget))).collect::<Vec<_>>().join(", "),
    );
    html! {
        <section class="sc-section" id="sc-years" aria-labelledby="sc-years-title">
            <h3 class="app-heading-m" id="sc-years-title">{ "2. Year by year" }</h3>
            <p class="app-body" id="years-lead">{ lead }{ gap_line.unwrap_or_default() }</p>
            <div class="app-table-wrap" role="region" aria-labelledby="years-caption" tabindex="0">
                <table class="app-table sc-table" id="years-table">
                    <caption id="years-caption">{ format!("“{}” each contract year", compare::label(sc)) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Year" }</th>
                            <th scope="col" class="app-num">{ "Value of the work" }</th>
                            <th scope="col" class="app-num">{ "Budget" }</th>
                            <th scope="col">{ "Budget gap" }</th>
                            if plan_years.is_some() {
                                <th scope="col">{ "Your plan: the lot with least room to grow" }</th>
                            }
                        </tr>
                    </thead>
                    <tbody>
                        { for years.iter().map(|y| year_row(y, y.year == peak && years.len() > 1, plan_years.and_then(|py| py.get(y.year as usize)))) }
                    </tbody>
                </table>
            </div>
            <AreaYears scenario={sc.clone()} years={years.clone()} />
            <h4 class="app-heading-s">{ "The service's value each year" }</h4>
            <YearBars
                id="years-chart"
                title="The service's value each contract year, with the budget"
                desc={desc}
                bars={bars}
                axis={Axis::Money}
                mark_text="peak"
                bar_legend="Value of the work"
                marker_legend="Budget"
            />
            <p class="app-hint">{ "The table above carries the same figures." }</p>
            { plan_part(plan.as_ref().map(|(py, current, _)| (py, *current))) }
        </section>
    }
}

fn year_row(y: &YearView, is_peak: bool, plan: Option<&PlanYear>) -> Html {
    html! {
        <tr class={classes!(is_peak.then_some("sc-row--peak"))}>
            <th scope="row">
                { year_heading(y.year, y.calendar_year) }
                if is_peak {
                    { " " }<strong class="app-tag sc-tag-peak">{ "Peak year" }</strong>
                }
            </th>
            <td class="app-num">{ gbp_full(y.total) }</td>
            <td class="app-num">{ gbp_full(y.budget) }</td>
            <td>{ gap_in_words(y.budget_gap) }</td>
            if let Some(py) = plan {
                <td>{ py.tightest_in_words().unwrap_or_default() }</td>
            }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct AreaYearsProps {
    scenario: Scenario,
    years: Vec<YearView>,
}

/// Each service area's value in each year, in a disclosure.
#[component]
fn AreaYears(p: &AreaYearsProps) -> Html {
    let sc = &p.scenario;
    html! {
        <details class="sc-details">
            <summary>{ "Show the value of each service area each year" }</summary>
            <div class="app-table-wrap" role="region" aria-labelledby="years-areas-caption" tabindex="0">
                <table class="app-table sc-table" id="years-areas">
                    <caption id="years-areas-caption">{ "Value of each service area each year" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Service area" }</th>
                            { for p.years.iter().map(|y| html! { <th scope="col" class="app-num">{ y.calendar_year }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.service_areas.iter().enumerate().map(|(i, a)| html! {
                            <tr>
                                <th scope="row">{ if a.name.is_empty() { a.code.clone() } else { a.name.clone() } }</th>
                                { for p.years.iter().map(|y| html! { <td class="app-num">{ y.areas.get(i).map_or(String::new(), |v| gbp(v.value)) }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// The plan's lots in every year, or how to get a plan.
fn plan_part(plan: Option<(&Result<Vec<PlanYear>, crate::base::error::Issues>, bool)>) -> Html {
    let Some((years, current)) = plan else {
        return html! {
            <div class="app-notice" id="years-no-plan">
                <p class="app-body">{ "No plan yet for this scenario. Propose lots on step 4, or use “Solve every scenario” below, to see how each lot fares year by year." }</p>
            </div>
        };
    };
    let years = match years {
        Ok(y) => y,
        Err(issues) => {
            return html! {
                <div class="app-notice" id="years-no-plan">
                    <p class="app-body">{ format!("The years cannot be worked out: {}", issues.iter().next().map(|i| i.to_string()).unwrap_or_default()) }</p>
                </div>
            }
        }
    };
    if years.first().is_none_or(|y| y.lots.is_empty()) {
        return html! {
            <div class="app-notice" id="years-no-plan">
                <p class="app-body">{ "The last solve of this scenario found no plan that meets the rules, so there are no lots to follow over the years." }</p>
            </div>
        };
    }
    let stale = (!current).then(|| html! {
        <p class="app-notice sc-stale" id="years-stale">
            <strong>{ "Changed since solved: " }</strong>
            { "the scenario's service, suppliers or rules have changed since this plan was made. The lots below are the old plan's; propose lots again to update them." }
        </p>
    });
    let (bars, desc) = room_bars(years);
    let fails: Vec<&PlanYear> = years.iter().filter(|y| y.tightest().is_some_and(|t| t.room(y.v_max) < 0.0)).collect();
    let verdict = match fails.first() {
        Some(y) => format!(
            "Your plan's lots outgrow their limits from year {} ({}): {}.",
            y.year,
            y.calendar_year,
            y.tightest_in_words().unwrap_or_default()
        ),
        None => "Your plan's lots stay within v_max and their awards' capacity in every year.".into(),
    };
    html! {
        <div class="sc-plan-years">
            <h4 class="app-heading-s">{ "Your plan's lots each year" }</h4>
            { stale.unwrap_or_default() }
            <p class={classes!("app-body", "sc-verdict", if fails.is_empty() { "sc-verdict--ok" } else { "sc-verdict--fail" })} id="years-verdict">
                <strong>{ verdict }</strong>
            </p>
            <YearBars
                id="room-chart"
                title="Room to grow: the tightest lot each year"
                desc={desc}
                bars={bars}
                axis={Axis::Percent}
                bar_legend="How much the tightest lot can still grow"
            />
            { lots_by_year(years) }
        </div>
    }
}

/// The room to grow of the tightest lot each year, as bars and in words.
fn room_bars(years: &[PlanYear]) -> (Vec<Bar>, String) {
    let bars: Vec<Bar> = years
        .iter()
        .filter_map(|y| {
            let t = y.tightest()?;
            let room = t.room(y.v_max);
            let over = room < 0.0;
            let text = match t.limit(y.v_max).1 {
                Limit::Gone => format!("{}: award gone", t.lot),
                _ if over => format!("{} over by {}", t.lot, room_words(-room)),
                _ => format!("{} {}", t.lot, room_words(room)),
            };
            Some(Bar {
                label: format!("Year {}", y.year),
                sublabel: y.calendar_year.to_string(),
                value: room,
                text,
                marked: false,
                warn: over,
                marker: None,
            })
        })
        .collect();
    let desc = format!(
        "For each year, how much the tightest lot can still grow before it reaches v_max or its award's capacity: {}. Negative bars are lots past their limit.",
        bars.iter().map(|b| format!("{} {}", b.sublabel, b.text)).collect::<Vec<_>>().join(", ")
    );
    (bars, desc)
}

/// A room to grow as a percentage precise enough to tell a little from none: `12%`, `0.4%`.
fn room_words(share: f64) -> String {
    let pct = share * 100.0;
    if pct.abs() >= 10.0 || pct == 0.0 {
        format!("{pct:.0}%")
    } else if pct.abs() >= 1.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.2}%")
    }
}

/// Each lot's value each year, against v_max and its award's capacity.
fn lots_by_year(years: &[PlanYear]) -> Html {
    html! {
    <div class="app-table-wrap" role="region" aria-labelledby="lot-years-caption" tabindex="0">
        <table class="app-table sc-table" id="lot-years">
            <caption id="lot-years-caption">
                { "Each lot's value each year, against v_max and its award's capacity" }
                <span class="app-hint sc-caption-hint">{ format!("The same lots and indicative awards as today. v_max is {}. “Uses” is the share of the award's capacity that year.", gbp(years[0].v_max)) }</span>
            </caption>
            <thead>
                <tr>
                    <th scope="col">{ "Lot" }</th>
                    <th scope="col">{ "Indicative award" }</th>
                    { for years.iter().map(|y| html! { <th scope="col">{ year_heading(y.year, y.calendar_year) }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for years[0].lots.iter().enumerate().map(|(i, lot)| html! {
                    <tr>
                        <th scope="row">{ lot.lot.clone() }</th>
                        <td>{ if lot.award.is_empty() { "None".to_string() } else { lot.award_name.clone() } }</td>
                        { for years.iter().map(|y| lot_cell(y, i)) }
                    </tr>
                }) }
            </tbody>
        </table>
    </div>
    }
}

fn lot_cell(y: &PlanYear, i: usize) -> Html {
    let Some(l) = y.lots.get(i) else { return html! { <td></td> } };
    let over_vmax = l.value > y.v_max;
    let (_, limit) = l.limit(y.v_max);
    let over_cap = l.capacity.is_some_and(|c| l.value > c);
    let gone = limit == Limit::Gone;
    let uses = l.capacity.filter(|c| *c > 0.0).map(|c| format!("uses {:.0}%", l.value / c * 100.0));
    let problem = if gone {
        Some("award has left the market".to_string())
    } else if over_vmax && over_cap {
        Some("over v_max and over capacity".into())
    } else if over_vmax {
        Some("over v_max".into())
    } else if over_cap {
        Some("over capacity".into())
    } else {
        None
    };
    html! {
        <td class={classes!(problem.is_some().then_some("sc-cell--problem"))}>
            <span class="sc-money">{ gbp(l.value) }</span>
            if let Some(u) = uses {
                <span class="sc-sub">{ u }</span>
            }
            if let Some(what) = problem {
                <strong class="sc-flag">{ what }</strong>
            }
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::gap_in_words;

    #[test]
    fn gaps_read_as_short_or_spare() {
        assert_eq!(gap_in_words(2_100_000.0), "£2.10m short");
        assert_eq!(gap_in_words(-300_000.0), "£300k to spare");
        assert_eq!(gap_in_words(0.2), "None");
    }
}
