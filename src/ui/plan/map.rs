//! Step 4's map: the localities coloured by the lot their work is in, for one service area at a
//! time (a locality is in a different lot for each area), with a legend, and a table of the same
//! for keyboard and screen-reader users. Without boundaries, a sketch of the borders.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::plan::results::ResultProps;
use crate::ui::store::use_doc;
use crate::ui::widgets::chart::lot_class;
use crate::ui::widgets::event_value;
use crate::ui::widgets::map::LocalityMap;
use crate::views::map::{self, LocalityLots};
use crate::views::report;

/// The "Lots on the map" section.
#[component]
pub fn LotMap(p: &ResultProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let grid = report::segment_grid(&p.problem, &p.solution);
    let chosen = use_state(|| None::<usize>);
    let area = chosen.filter(|&a| a < grid.areas.len()).unwrap_or_else(|| map::telling_area(&grid, &sc.localities));
    let Some((_, area_name)) = grid.areas.get(area).cloned() else { return html! {} };
    let rows = map::lots_by_locality(&grid, area, &sc.localities);
    let drawing = Rc::new(map::drawing(sc));
    let row_of = |name: &str| rows.iter().find(|r| r.locality == name);
    let fills: Vec<Option<String>> = drawing.places.iter().map(|pl| row_of(&pl.locality).and_then(fill)).collect();
    let notes: Vec<String> =
        drawing.places.iter().map(|pl| row_of(&pl.locality).map(short).unwrap_or_default()).collect();
    let kind = if drawing.schematic { "A sketch of which localities border which" } else { "A map of the localities" };
    let label = format!("{kind}, coloured by lot for {area_name}. The table below lists each locality's lots.");
    let on_area = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(event_value(&e).parse().ok()))
    };
    html! {
        <section class="plan-section" aria-labelledby="plan-map-heading" id="plan-map">
            <h3 class="app-heading-m" id="plan-map-heading">{ "Lots on the map" }</h3>
            <p class="app-hint">
                { "Each locality is coloured by the lot its work in the chosen service area is in." }
                if drawing.schematic { { " No boundaries are loaded (step 1, Map of localities), so this is a sketch: circles are localities, lines are borders." } }
            </p>
            <div class="map-controls">
                <label class="app-label" for="map-area">{ "Service area shown" }</label>
                <select class="app-select" id="map-area" onchange={on_area}>
                    { for grid.areas.iter().enumerate().map(|(i, (_, name))| html! {
                        <option value={i.to_string()} selected={i == area}>{ name.clone() }</option>
                    }) }
                </select>
            </div>
            <Legend rows={rows.clone()} />
            <LocalityMap id="lot-map" {drawing} {fills} {notes} {label} />
            <MapTable {rows} area={area_name} />
        </section>
    }
}

/// A locality's fill: its first lot's colour, or in-house.
fn fill(row: &LocalityLots) -> Option<String> {
    match row.lots.first() {
        Some((i, _)) => Some(lot_class(*i)),
        None if row.in_house => Some("plan-chip--inhouse".into()),
        None => None,
    }
}

/// The lots under a locality's name on the map.
fn short(row: &LocalityLots) -> String {
    let ids: Vec<&str> = row.lots.iter().map(|(_, id)| id.as_str()).collect();
    match (ids.is_empty(), row.in_house) {
        (true, true) => "In-house".into(),
        (true, false) => "No lot".into(),
        _ => ids.join(", "),
    }
}

#[derive(Properties, PartialEq)]
struct RowsProps {
    rows: Vec<LocalityLots>,
    #[prop_or_default]
    area: String,
}

/// Which colour is which lot.
#[component]
fn Legend(p: &RowsProps) -> Html {
    let lots = map::legend(&p.rows);
    let in_house = p.rows.iter().any(|r| r.in_house && r.lots.is_empty());
    html! {
        <ul class="map-legend" id="map-legend" aria-label="Key">
            { for lots.iter().map(|(i, id)| html! {
                <li><span class={classes!("plan-chip", lot_class(*i))}>{ id.clone() }</span></li>
            }) }
            if in_house {
                <li><span class="plan-chip plan-chip--inhouse">{ "In-house" }</span></li>
            }
        </ul>
    }
}

/// Locality -> lots, the map's information as a table.
#[component]
fn MapTable(p: &RowsProps) -> Html {
    html! {
        <div class="plan-scroll" role="region" aria-labelledby="map-caption" tabindex="0">
            <table class="app-table plan-table" id="map-table">
                <caption class="plan-caption" id="map-caption">{ format!("Localities and their lots: {}", p.area) }</caption>
                <thead>
                    <tr><th scope="col">{ "Locality" }</th><th scope="col">{ "Lots" }</th></tr>
                </thead>
                <tbody>
                    { for p.rows.iter().map(|r| html! {
                        <tr>
                            <th scope="row">{ r.locality.clone() }</th>
                            <td>{ map::lots_words(r) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
