//! The segments of the current split as a grid: rows are service areas (or area x tier x
//! function when those are split), columns are localities, with totals. Every segment shows
//! its value and its status in words (In-house, Not-for-profit only, Open) and, unless a rule
//! already keeps it in-house, a "keep in-house" box.
//!
//! [`build_grid`] arranges the cells (pure, tested natively); [`SegmentsView`] draws them.

use yew::prelude::*;

use crate::base::money::{gbp, gbp_full};
use crate::base::text::plural;
use crate::model::edit::Edit;
use crate::model::structure::{segment_retained_by_id, segment_selector};
use crate::model::{Axis, Scenario, SegmentCell, ALL_AREAS, ALL_LOCALITIES};
use crate::ui::ids::slug;
use crate::ui::service::areas::tier_label;
use crate::ui::store::{use_doc, Doc};
use crate::ui::widgets::event_checked;

/// Groups with more rows than this start folded.
pub const FOLD_ROWS: usize = 1;

/// A status in words, never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    InHouse,
    NotForProfit,
    Open,
}

impl Status {
    pub fn of(cell: &SegmentCell) -> Status {
        if cell.retained {
            Status::InHouse
        } else if cell.relevant_care {
            Status::NotForProfit
        } else {
            Status::Open
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::InHouse => "In-house",
            Status::NotForProfit => "Not-for-profit only",
            Status::Open => "Open",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Status::InHouse => "svc-tag svc-tag--inhouse",
            Status::NotForProfit => "svc-tag svc-tag--nfp",
            Status::Open => "svc-tag svc-tag--open",
        }
    }
}

/// One row of the grid: a (tier, function) within an area group.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tier: Option<u8>,
    pub function: Option<String>,
    /// One list of segments per column (several when open, relevant-care and in-house parts
    /// share a cell).
    pub cells: Vec<Vec<SegmentCell>>,
    pub total: f64,
}

/// The rows of one service area (or of the whole service when areas are not split).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Area code, or [`ALL_AREAS`].
    pub area: String,
    pub rows: Vec<Row>,
    pub column_totals: Vec<f64>,
    pub total: f64,
    pub segments: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Locality names, or just [`ALL_LOCALITIES`].
    pub columns: Vec<String>,
    pub groups: Vec<Group>,
    pub column_totals: Vec<f64>,
    pub total: f64,
}

impl Grid {
    /// One row per group: draw a single table with the areas as rows.
    pub fn flat(&self) -> bool {
        self.groups.iter().all(|g| g.rows.len() <= FOLD_ROWS)
    }
}

/// Arranges the segments of `sc` into areas x (tier, function) rows and locality columns, in
/// scenario order.
pub fn build_grid(sc: &Scenario, cells: &[SegmentCell]) -> Grid {
    let columns: Vec<String> = if sc.splits(Axis::Locality) {
        sc.localities.iter().map(|l| l.name.clone()).collect()
    } else {
        vec![ALL_LOCALITIES.to_string()]
    };
    let areas: Vec<String> = if sc.splits(Axis::Area) {
        sc.service_areas.iter().map(|a| a.code.clone()).collect()
    } else {
        vec![ALL_AREAS.to_string()]
    };
    let tiers: Vec<Option<u8>> =
        if sc.splits(Axis::Tier) { sc.tiers.levels.iter().map(|l| Some(l.number)).collect() } else { vec![None] };
    let functions: Vec<Option<String>> = if sc.splits(Axis::Function) {
        sc.functions.iter().map(|f| Some(f.code.clone())).collect()
    } else {
        vec![None]
    };
    let col = |c: &SegmentCell| columns.iter().position(|x| *x == c.locality);
    let mut groups = Vec::new();
    for area in &areas {
        let mut rows = Vec::new();
        for tier in &tiers {
            for function in &functions {
                let mut row =
                    Row { tier: *tier, function: function.clone(), cells: vec![Vec::new(); columns.len()], total: 0.0 };
                for c in cells.iter().filter(|c| c.area == *area && c.tier == *tier && c.function == *function) {
                    if let Some(j) = col(c) {
                        row.total += c.value;
                        row.cells[j].push(c.clone());
                    }
                }
                if row.total > 0.0 {
                    rows.push(row);
                }
            }
        }
        let column_totals: Vec<f64> =
            (0..columns.len()).map(|j| rows.iter().flat_map(|r| &r.cells[j]).map(|c| c.value).sum()).collect();
        let segments = rows.iter().flat_map(|r| &r.cells).map(Vec::len).sum();
        let total = column_totals.iter().sum();
        if !rows.is_empty() {
            groups.push(Group { area: area.clone(), rows, column_totals, total, segments });
        }
    }
    let column_totals: Vec<f64> = (0..columns.len()).map(|j| groups.iter().map(|g| g.column_totals[j]).sum()).collect();
    let total = column_totals.iter().sum();
    Grid { columns, groups, column_totals, total }
}

fn area_label(sc: &Scenario, code: &str) -> String {
    if code == ALL_AREAS {
        return "All service areas".into();
    }
    sc.service_areas
        .iter()
        .find(|a| a.code == code)
        .map(|a| if a.name.trim().is_empty() { a.code.clone() } else { a.name.clone() })
        .unwrap_or_else(|| code.to_string())
}

/// "Level 2 Additional, Case work" for a row inside an area group.
pub fn row_label(sc: &Scenario, row: &Row) -> String {
    let mut parts = Vec::new();
    if let Some(t) = row.tier {
        parts.push(tier_label(sc, t));
    }
    if let Some(f) = &row.function {
        parts.push(sc.functions.iter().find(|x| x.code == *f).map_or(f.clone(), |x| x.name.clone()));
    }
    if parts.is_empty() {
        "All work".into()
    } else {
        parts.join(", ")
    }
}

/// The segments view: counts, a legend, the grid and totals.
#[component]
pub fn SegmentsView() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let cells = sc.segments();
    let grid = build_grid(sc, &cells);
    let open_all = use_state(|| false);
    let toggle_all = {
        let open_all = open_all.clone();
        Callback::from(move |_: MouseEvent| open_all.set(!*open_all))
    };
    html! {
        <section class="svc-section" aria-labelledby="segments-title">
            <h3 class="app-heading-m" id="segments-title">{ "Segments" }</h3>
            <p class="app-body">
                { format!("{} worth {} a year. ", plural(cells.len(), "segment", "segments"), gbp_full(grid.total)) }
                { "Each shows its value and whether it is " }
                <span class={Status::Open.class()}>{ "Open" }</span>{ " to any bidder, " }
                <span class={Status::NotForProfit.class()}>{ "Not-for-profit only" }</span>{ " (relevant care) or kept " }
                <span class={Status::InHouse.class()}>{ "In-house" }</span>
                { ". Tick \"Keep in-house\" under a segment to keep just that segment." }
            </p>
            if grid.flat() {
                <FlatTable grid={grid} />
            } else {
                <p>
                    <button type="button" class="app-button app-button--secondary" id="segments-toggle-all" onclick={toggle_all}
                        aria-expanded={if *open_all { "true" } else { "false" }}>
                        { if *open_all { "Fold all service areas" } else { "Show all service areas" } }
                    </button>
                </p>
                { for grid.groups.iter().map(|g| html! {
                    <details class="svc-details" open={*open_all} id={format!("segments-{}", slug(&g.area))}>
                        <summary class="svc-details__summary">
                            <span class="svc-details__name">{ area_label(sc, &g.area) }</span>
                            { format!(": {}, {}", plural(g.segments, "segment", "segments"), gbp(g.total)) }
                        </summary>
                        <GroupTable grid={grid.clone()} group={g.clone()} />
                    </details>
                }) }
                <TotalsTable grid={grid.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GridProps {
    grid: Grid,
}

/// One table: a row per service area, a column per locality, totals on both.
#[component]
fn FlatTable(p: &GridProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let g = &p.grid;
    html! {
        <div class="svc-scroll" role="region" aria-label="Segments grid" tabindex="0">
            <table class="svc-table svc-grid" id="segments-grid">
                <caption class="app-visually-hidden">{ "Segments by service area (rows) and locality (columns), with their status" }</caption>
                <Head columns={g.columns.clone()} first="Service area" />
                <tbody>
                    { for g.groups.iter().flat_map(|grp| grp.rows.iter().map(move |r| (grp, r))).map(|(grp, r)| html! {
                        <tr key={grp.area.clone()}>
                            <th scope="row" class="svc-grid__row">{ area_label(sc, &grp.area) }</th>
                            { for r.cells.iter().map(|segs| cell(&doc, segs)) }
                            <td class="svc-num svc-grid__total">{ gbp(r.total) }</td>
                        </tr>
                    }) }
                </tbody>
                <Foot totals={g.column_totals.clone()} total={g.total} label="Total" />
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    grid: Grid,
    group: Group,
}

/// The rows of one area (tier / function combinations) inside its fold.
#[component]
fn GroupTable(p: &GroupProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let g = &p.group;
    let name = area_label(sc, &g.area);
    let first = match (sc.splits(Axis::Tier), sc.splits(Axis::Function)) {
        (true, true) => "Tier and function",
        (true, false) => "Tier of need",
        (false, true) => "Function",
        (false, false) => "Work",
    };
    html! {
        <div class="svc-scroll" role="region" aria-label={format!("Segments of {name}")} tabindex="0">
            <table class="svc-table svc-grid">
                <caption class="app-visually-hidden">{ format!("Segments of {name} by {} (rows) and locality (columns)", first.to_lowercase()) }</caption>
                <Head columns={p.grid.columns.clone()} first={first} />
                <tbody>
                    { for g.rows.iter().map(|r| html! {
                        <tr>
                            <th scope="row" class="svc-grid__row">{ row_label(sc, r) }</th>
                            { for r.cells.iter().map(|segs| cell(&doc, segs)) }
                            <td class="svc-num svc-grid__total">{ gbp(r.total) }</td>
                        </tr>
                    }) }
                </tbody>
                <Foot totals={g.column_totals.clone()} total={g.total} label={format!("Total, {name}")} />
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TotalsProps {
    grid: Grid,
}

/// Area x locality totals when the areas are folded.
#[component]
fn TotalsTable(p: &TotalsProps) -> Html {
    let doc = use_doc();
    let g = &p.grid;
    html! {
        <>
            <h4 class="app-heading-s svc-subheading" id="segments-totals-title">{ "Totals by service area and locality" }</h4>
            <div class="svc-scroll" role="region" aria-labelledby="segments-totals-title" tabindex="0">
                <table class="svc-table svc-grid" id="segments-grid">
                    <caption class="app-visually-hidden">{ "Value of the segments by service area and locality" }</caption>
                    <Head columns={g.columns.clone()} first="Service area" />
                    <tbody>
                        { for g.groups.iter().map(|grp| html! {
                            <tr>
                                <th scope="row" class="svc-grid__row">{ area_label(doc.scenario(), &grp.area) }</th>
                                { for grp.column_totals.iter().map(|v| html! { <td class="svc-num">{ gbp(*v) }</td> }) }
                                <td class="svc-num svc-grid__total">{ gbp(grp.total) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <Foot totals={g.column_totals.clone()} total={g.total} label="Total" />
                </table>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HeadProps {
    columns: Vec<String>,
    first: AttrValue,
}

#[component]
fn Head(p: &HeadProps) -> Html {
    html! {
        <thead>
            <tr>
                <th scope="col">{ p.first.clone() }</th>
                { for p.columns.iter().map(|c| html! { <th scope="col" class="svc-grid__col">{ c.clone() }</th> }) }
                <th scope="col" class="svc-num">{ "Total" }</th>
            </tr>
        </thead>
    }
}

#[derive(Properties, PartialEq)]
struct FootProps {
    totals: Vec<f64>,
    total: f64,
    label: AttrValue,
}

#[component]
fn Foot(p: &FootProps) -> Html {
    html! {
        <tfoot>
            <tr>
                <th scope="row">{ p.label.clone() }</th>
                { for p.totals.iter().map(|v| html! { <td class="svc-num">{ gbp(*v) }</td> }) }
                <td class="svc-num svc-grid__total"><strong>{ gbp(p.total) }</strong></td>
            </tr>
        </tfoot>
    }
}

/// One grid cell: each of its segments with value, status and (unless a rule keeps it
/// in-house) a "keep in-house" box.
fn cell(doc: &Doc, segs: &[SegmentCell]) -> Html {
    if segs.is_empty() {
        return html! { <td class="svc-grid__cell svc-muted">{ "–" }<span class="app-visually-hidden">{ "no work" }</span></td> };
    }
    html! {
        <td class="svc-grid__cell" id={format!("cell-{}", slug(&segs[0].id))}>
            { for segs.iter().map(|c| segment(doc, c)) }
        </td>
    }
}

fn segment(doc: &Doc, c: &SegmentCell) -> Html {
    let status = Status::of(c);
    let by_id = segment_retained_by_id(doc.scenario(), &c.id);
    let by_rule = c.retained && !by_id;
    let id = c.id.clone();
    let set = doc.on(move |on: bool| Edit::SetRetained { selector: segment_selector(&id), on });
    let box_id = format!("keep-{}", slug(&c.id));
    html! {
        <div class="svc-seg" id={format!("segment-{}", slug(&c.id))}>
            <span class="svc-seg__value" title={format!("{}: {}", c.id, gbp_full(c.value))}>{ gbp(c.value) }</span>
            { " " }
            <span class={status.class()}>{ status.label() }</span>
            if !by_rule {
                <span class="svc-seg__keep">
                    <input class="svc-check__input" type="checkbox" id={box_id.clone()} checked={by_id}
                        onchange={Callback::from(move |e: Event| set.emit(event_checked(&e)))} />
                    <label for={box_id}>{ "Keep in\u{2011}house" }<span class="app-visually-hidden">{ format!(": segment {}", c.id) }</span></label>
                </span>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    fn default() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    fn split(sc: &Scenario, axis: Axis, on: bool) -> Scenario {
        let mut ws = Workspace { scenarios: vec![sc.clone()], ..Workspace::default_workspace() };
        ws.apply(Edit::SetSplit { axis, on }).unwrap();
        ws.scenarios.remove(0)
    }

    #[test]
    fn the_default_grid_is_areas_by_localities_with_exact_totals() {
        let sc = default();
        let cells = sc.segments();
        let grid = build_grid(&sc, &cells);
        assert!(grid.flat());
        assert_eq!(grid.columns.len(), 8);
        assert_eq!(grid.groups.len(), 10);
        assert_eq!(grid.total, sc.total_value().round());
        let fost = grid.groups.iter().find(|g| g.area == "FOST").unwrap();
        assert_eq!(fost.total, sc.service_areas[3].annual_value);
        let north = &fost.rows[0].cells[0];
        let statuses: Vec<Status> = north.iter().map(Status::of).collect();
        assert_eq!(statuses, vec![Status::Open, Status::InHouse], "open work and retained assessment");
        let ocfs = grid.groups.iter().find(|g| g.area == "OCFS").unwrap();
        assert_eq!(Status::of(&ocfs.rows[0].cells[0][0]), Status::Open, "a budget line, not relevant care");
        let placed: usize = grid.groups.iter().map(|g| g.segments).sum();
        assert_eq!(placed, cells.len(), "every segment is in the grid");
        let col_sum: f64 = grid.column_totals.iter().sum();
        assert_eq!(col_sum, grid.total);
    }

    #[test]
    fn splitting_by_tier_gives_folded_groups_with_tier_rows() {
        let sc = split(&default(), Axis::Tier, true);
        let cells = sc.segments();
        let grid = build_grid(&sc, &cells);
        assert!(!grid.flat());
        let fost = grid.groups.iter().find(|g| g.area == "FOST").unwrap();
        let tiers: Vec<Option<u8>> = fost.rows.iter().map(|r| r.tier).collect();
        assert_eq!(tiers, vec![Some(4)], "looked-after placements are Level 4");
        let fam = grid.groups.iter().find(|g| g.area == "FAM").unwrap();
        let tiers: Vec<Option<u8>> = fam.rows.iter().map(|r| r.tier).collect();
        assert_eq!(tiers, vec![Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(row_label(&sc, &fam.rows[1]), "Level 2 Additional");
        let placed: usize = grid.groups.iter().map(|g| g.segments).sum();
        assert_eq!(placed, cells.len());
    }

    #[test]
    fn no_split_gives_one_cell() {
        let sc = split(&split(&default(), Axis::Area, false), Axis::Locality, false);
        let grid = build_grid(&sc, &sc.segments());
        assert_eq!(grid.columns, vec![ALL_LOCALITIES.to_string()]);
        assert_eq!(grid.groups.len(), 1);
        assert_eq!(area_label(&sc, &grid.groups[0].area), "All service areas");
        assert_eq!(grid.total, sc.total_value().round());
    }
}
