//! The map of localities as inline SVG (drawn by [`crate::views::map`]): each locality a
//! labelled shape, filled with a class (a lot's colour), and in the schematic the borders as
//! lines. The SVG is one image with a label; a table beside it carries the same information.

use std::rc::Rc;

use yew::prelude::*;

use crate::views::map::{MapDrawing, HEIGHT, WIDTH};

#[derive(Properties, PartialEq)]
pub struct MapProps {
    pub id: AttrValue,
    pub drawing: Rc<MapDrawing>,
    /// One fill class per place (in `drawing.places` order); `None` for the plain fill.
    #[prop_or_default]
    pub fills: Vec<Option<String>>,
    /// A second label line per place (the lots), if any.
    #[prop_or_default]
    pub notes: Vec<String>,
    /// What the image shows, in words.
    pub label: AttrValue,
}

/// The map: an SVG image, `role="img"` with `label`.
#[component]
pub fn LocalityMap(p: &MapProps) -> Html {
    let d = &*p.drawing;
    html! {
        <svg id={p.id.clone()} class={classes!("map", d.schematic.then_some("map--schematic"))} role="img" aria-label={p.label.clone()}
            viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="xMidYMid meet" focusable="false">
            { for d.links.iter().map(|[x1, y1, x2, y2]| html! {
                <line class="map-link" x1={format!("{x1:.1}")} y1={format!("{y1:.1}")} x2={format!("{x2:.1}")} y2={format!("{y2:.1}")} />
            }) }
            { for d.places.iter().enumerate().map(|(i, place)| {
                let fill = p.fills.get(i).cloned().flatten().unwrap_or_else(|| "map-place--plain".to_string());
                html! {
                    <path class={classes!("map-place", fill)} d={place.path.clone()} fill-rule="evenodd"
                        data-locality={place.locality.clone()} />
                }
            }) }
            { for d.places.iter().enumerate().map(|(i, place)| {
                let (x, y) = place.label;
                let note = p.notes.get(i).filter(|n| !n.is_empty());
                html! {
                    <text class="map-label" x={format!("{x:.1}")} y={format!("{y:.1}")} text-anchor="middle">
                        <tspan x={format!("{x:.1}")}>{ place.locality.clone() }</tspan>
                        if let Some(note) = note {
                            <tspan class="map-label__note" x={format!("{x:.1}")} dy="1.2em">{ note.clone() }</tspan>
                        }
                    </text>
                }
            }) }
        </svg>
    }
}
