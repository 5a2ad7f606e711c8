//! The results of a plan: summary figures, the lots table, the segments coloured by lot and
//! the load on each awarded supplier. Figures come from [`crate::views::report`].

use crate::base::sort;
use std::rc::Rc;

use yew::prelude::*;

use crate::base::text::{percent, plural};

use crate::base::money::{gbp, gbp_full};
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::widgets::chart::lot_class;
use crate::views::report::{self, Summary, SME_DEFINITION};

#[derive(Properties, PartialEq)]
pub struct ResultProps {
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
    /// Contract term, years.
    pub term_years: u32,
}

/// The headline figures as a list of labelled numbers.
#[component]
pub fn SummaryFigures(p: &ResultProps) -> Html {
    let s: Summary = report::summary(&p.problem, &p.solution, p.term_years);
    let figure = |id: &str, label: &str, value: String, note: Html| {
        html! {
            <div class="plan-figure" id={id.to_string()}>
                <dt class="plan-figure__label">{ label.to_string() }</dt>
                <dd class="plan-figure__value">{ value }</dd>
                <dd class="plan-figure__note">{ note }</dd>
            </div>
        }
    };
    let years = plural(s.term_years as usize, "year", "years");
    html! {
        <>
        <dl class="plan-figures">
            { figure("figure-lots", "Lots", s.num_lots.to_string(), html! { { plural(s.suppliers_awarded, "supplier awarded", "suppliers awarded") } }) }
            { figure(
                "figure-thinnest",
                "Thinnest competition",
                s.thinnest.map_or("–".to_string(), |t| t.to_string()),
                html! { { match s.thinnest {
                    Some(t) => format!("{} in {}", if t == 1 { "credible bidder" } else { "credible bidders" }, s.thinnest_lots.join(", ")),
                    None => String::new(),
                } } },
            ) }
            { figure(
                "figure-value",
                "Value in lots a year",
                gbp(s.lot_value),
                html! { { format!("{} over {years}", gbp(s.lot_value_term)) } },
            ) }
            { figure(
                "figure-inhouse",
                "Kept in-house a year",
                gbp(s.retained_value),
                html! { { plural(s.retained_segments, "segment", "segments") } },
            ) }
            { figure(
                "figure-sme",
                "Value SMEs could bid for",
                s.sme_share.map_or("–".to_string(), percent),
                html! { { format!("{} in {} of {} lots*", gbp(s.sme_value), s.sme_lots, s.num_lots) } },
            ) }
        </dl>
        <p class="app-hint plan-figures__note" id="sme-definition">{ format!("* {SME_DEFINITION} A lot counts when at least one of its credible bidders is an SME.") }</p>
        </>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Lot,
    Value,
    Bidders,
}

/// The proposed lots, one row each; sortable by lot, value or competition.
#[component]
pub fn LotsTable(p: &ResultProps) -> Html {
    let sort = use_state(|| (SortKey::Lot, false));
    let (problem, solution) = (&*p.problem, &*p.solution);
    let mut order: Vec<usize> = (0..solution.lots.len()).collect();
    let (key, descending) = *sort;
    sort::by(&mut order, |&a, &b| {
        let (la, lb) = (&solution.lots[a], &solution.lots[b]);
        let o = match key {
            SortKey::Lot => a.cmp(&b),
            SortKey::Value => la.value.total_cmp(&lb.value),
            SortKey::Bidders => la.bidders().cmp(&lb.bidders()),
        };
        let o = if descending { o.reverse() } else { o };
        o.then(a.cmp(&b))
    });
    let header = |k: SortKey, label: &str, class: Option<&'static str>| {
        let current = key == k;
        let aria_sort = if !current {
            "none"
        } else if descending {
            "descending"
        } else {
            "ascending"
        };
        let onclick = {
            let sort = sort.clone();
            Callback::from(move |_| {
                let (cur, desc) = *sort;
                sort.set((k, if cur == k { !desc } else { k != SortKey::Lot }));
            })
        };
        html! {
            <th scope="col" class={classes!(class)} aria-sort={aria_sort}>
                <button type="button" class="plan-sort" {onclick}>
                    { label.to_string() }
                    <span class="plan-sort__icon" aria-hidden="true">{ if !current { "↕" } else if descending { "▼" } else { "▲" } }</span>
                </button>
            </th>
        }
    };
    let years = p.term_years;
    let regional = crate::views::regional::is_regional(problem);
    let shares = crate::views::regional::shares_by_lot(problem, solution);
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="lots-caption" tabindex="0">
            <table class="app-table plan-table plan-lots" id="lots-table">
                <caption class="plan-caption" id="lots-caption">
                    { format!("The {} proposed lots", solution.lots.len()) }
                    <span class="app-hint plan-caption__hint">
                        { "Select a column heading to sort. Values are per year unless stated." }
                        if solution.lots.iter().any(|l| l.bidders() < l.credible_bidders.len()) {
                            { " Suppliers of one group (a parent company or owner) count as one bidder." }
                        }
                    </span>
                </caption>
                <thead>
                    <tr>
                        { header(SortKey::Lot, "Lot", None) }
                        <th scope="col">{ "Segments" }</th>
                        <th scope="col">{ "Localities" }</th>
                        if regional {
                            <th scope="col">{ "Authorities" }</th>
                        }
                        { header(SortKey::Value, "Value a year", Some("plan-num")) }
                        <th scope="col" class="plan-num">{ format!("Value over {years} year{}", if years == 1 { "" } else { "s" }) }</th>
                        { header(SortKey::Bidders, "Credible bidders", None) }
                        <th scope="col" class="plan-award">{ "Indicative award" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for order.iter().map(|&i| lot_row(problem, &solution.lots[i], i, years, shares.get(i).map(|s| crate::views::regional::shares_words(s)))) }
                </tbody>
            </table>
        </div>
    }
}

/// One row of the lots table; `i` is the lot's position (its colour); `authorities`, in a
/// regional plan, each authority's share of it in words.
fn lot_row(
    problem: &LotProblem,
    lot: &crate::plan::solution::Lot,
    i: usize,
    years: u32,
    authorities: Option<String>,
) -> Html {
    let names: Vec<String> =
        lot.credible_bidders.iter().map(|b| crate::views::market::name_with_group(problem, b)).collect();
    html! {
        <tr>
            <th scope="row"><span class={classes!("plan-chip", lot_class(i))}>{ lot.id.clone() }</span></th>
            <td>{ for report::describe_segments(problem, lot).into_iter().map(|line| html! { <div>{ line }</div> }) }</td>
            <td>{ lot.localities.join(", ") }</td>
            if let Some(authorities) = authorities {
                <td>{ authorities }</td>
            }
            <td class="plan-num">{ gbp_full(lot.value) }</td>
            <td class="plan-num">{ gbp_full(lot.value * f64::from(years)) }</td>
            <td>
                <details class="plan-details plan-details--inline">
                    <summary>
                        { plural(lot.bidders(), "bidder", "bidders") }
                        if lot.bidders() < lot.credible_bidders.len() {
                            { format!(" ({} suppliers)", lot.credible_bidders.len()) }
                        }
                        <span class="app-visually-hidden">{ format!(" for {}", lot.id) }</span>
                    </summary>
                    <ul class="plan-bidders">{ for names.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                </details>
            </td>
            <td class="plan-award">
                { report::award_words(problem, lot) }
                if lot.appointed.len() > 1 {
                    <span class="plan-share">
                        { format!("Framework lot: {} providers, about {} a year each", lot.appointed.len(), gbp(lot.share())) }
                    </span>
                }
            </td>
        </tr>
    }
}

/// Each authority's part of a regional plan: its work in lots, its share, its lots.
#[component]
pub fn AuthorityTotals(p: &ResultProps) -> Html {
    let (problem, solution) = (&*p.problem, &*p.solution);
    if !crate::views::regional::is_regional(problem) {
        return html! {};
    }
    let totals = crate::views::regional::totals(problem, solution);
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="authorities-caption" tabindex="0">
            <table class="app-table plan-table" id="authority-totals">
                <caption class="plan-caption" id="authorities-caption">
                    { "Each authority's part of the plan" }
                    <span class="app-hint plan-caption__hint">{ crate::views::regional::crossing_words(problem) }{ ". Values are per year." }</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Authority" }</th>
                        <th scope="col" class="plan-num">{ "In lots" }</th>
                        <th scope="col" class="plan-num">{ "Share of the lots' value" }</th>
                        <th scope="col" class="plan-num">{ "Lots with its work" }</th>
                        <th scope="col" class="plan-num">{ "Of which shared with another authority" }</th>
                        <th scope="col" class="plan-num">{ "Kept in-house" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for totals.iter().map(|t| html! {
                        <tr>
                            <th scope="row">{ t.authority.clone() }</th>
                            <td class="plan-num">{ gbp_full(t.in_lots) }</td>
                            <td class="plan-num">{ percent(t.share) }</td>
                            <td class="plan-num">{ t.lots }</td>
                            <td class="plan-num">{ t.shared_lots }</td>
                            <td class="plan-num">{ gbp_full(t.in_house) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The segments laid out by service area and locality, each cell labelled with its lot.
#[component]
pub fn SegmentGrid(p: &ResultProps) -> Html {
    let grid = report::segment_grid(&p.problem, &p.solution);
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="grid-caption" tabindex="0">
            <table class="app-table plan-grid" id="segment-grid">
                <caption class="plan-caption" id="grid-caption">
                    { "Segments by lot: service areas down, localities across" }
                    <span class="app-hint plan-caption__hint">{ "Each cell names the lot its segment is in; colours repeat, the names do not. \"In-house\" marks work the council keeps: where part of a segment's work is kept in-house, its cell shows both." }</span>
                </caption>
                <thead>
                    <tr>
                        <td></td>
                        { for grid.localities.iter().map(|l| html! { <th scope="col">{ l.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for grid.areas.iter().zip(&grid.cells).map(|((_, name), row)| html! {
                        <tr>
                            <th scope="row">{ name.clone() }</th>
                            { for row.iter().map(|cell| html! {
                                <td>
                                    { for cell.iter().map(|e| {
                                        let class = match (&e.lot, e.retained) {
                                            (_, true) => classes!("plan-chip", "plan-chip--inhouse"),
                                            (Some((i, _)), false) => classes!("plan-chip", lot_class(*i)),
                                            (None, false) => classes!("plan-chip", "plan-chip--none"),
                                        };
                                        let title = format!("{}: {} a year", e.segment, gbp_full(e.value));
                                        html! {
                                            <span {class} title={title}>
                                                { e.label() }
                                                if let Some(d) = &e.detail {
                                                    <span class="plan-chip__detail">{ format!(" {d}") }</span>
                                                }
                                            </span>
                                        }
                                    }) }
                                </td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Each awarded supplier's awarded value against its capacity, and its lots against m.
#[component]
pub fn SupplierLoad(p: &ResultProps) -> Html {
    let loads = report::loads(&p.problem, &p.solution);
    let m = p.problem.params.m;
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="load-caption" tabindex="0">
            <table class="app-table plan-table plan-load" id="supplier-load">
                <caption class="plan-caption" id="load-caption">
                    { "Load on each awarded supplier" }
                    <span class="app-hint plan-caption__hint">{ format!("Indicative awards only. Each supplier may hold at most {m} lot{} and no more than its capacity.", if m == 1 { "" } else { "s" }) }</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Supplier" }</th>
                        <th scope="col">{ format!("Lots (of {m} allowed)") }</th>
                        <th scope="col" class="plan-num">{ "Awarded a year" }</th>
                        <th scope="col" class="plan-num">{ "Capacity" }</th>
                        <th scope="col" class="plan-load__used">{ "Capacity used" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for loads.iter().map(|l| {
                        let used = l.share.unwrap_or(0.0);
                        html! {
                            <tr>
                                <th scope="row">{ l.name.clone() }{ if l.sme { html! { <span class="app-tag plan-sme-tag">{ "SME" }</span> } } else { html! {} } }</th>
                                <td>{ format!("{} of {m}: {}", l.lots.len(), l.lots.join(", ")) }</td>
                                <td class="plan-num">{ gbp_full(l.awarded) }</td>
                                <td class="plan-num">{ gbp_full(l.capacity) }</td>
                                <td class="plan-load__used">
                                    <span class="plan-bar" aria-hidden="true">
                                        <span class="plan-bar__fill" style={format!("width: {:.1}%", (used * 100.0).clamp(0.0, 100.0))}></span>
                                    </span>
                                    <span class="plan-bar__text">{ l.share.map_or("–".to_string(), |s| format!("{:.0}%", s * 100.0)) }</span>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
