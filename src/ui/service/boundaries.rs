//! The map of localities on step 1: load their boundaries from a GeoJSON file (read in the
//! browser; nothing is sent anywhere), see what matched, accept or decline the borders the
//! boundaries imply, and see the map (or, without boundaries, a schematic of the borders).

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::widgets::chart::lot_class;

use crate::model::edit::Edit;
use crate::model::geo::{self, Offer, MAX_GEOJSON_BYTES};
use crate::ui::store::{use_doc, Doc};
use crate::ui::widgets::map::LocalityMap;
use crate::views::map;

/// What the last file did: a sentence, whether it was refused, and the borders it offers.
#[derive(Clone, PartialEq, Default)]
struct Outcome {
    message: String,
    refused: bool,
    offer: Option<Offer>,
}

/// The "Map of localities" section.
#[component]
pub fn BoundariesSection() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let outcome = use_state(Outcome::default);
    let on_file = use_geojson_file(doc.clone(), outcome.clone());
    let drawing = Rc::new(map::drawing(sc));
    let label = match &sc.boundaries {
        Some(b) => format!("Map of the localities from {}. The localities table above lists each one's borders.", b.source),
        None => "Sketch of which localities border which: each circle is a locality, each line a border. The localities table above lists the same borders.".to_string(),
    };
    html! {
        <section class="svc-section" aria-labelledby="map-title">
            <h3 class="app-heading-m" id="map-title">{ "Map of localities" }</h3>
            <p class="app-hint" id="boundaries-hint">
                { "Load the boundaries of your localities (for example ward or district boundaries) as a GeoJSON file, \
                   in longitude and latitude. Each feature needs a property holding its locality's name. \
                   The file is read in this browser and never sent anywhere." }
            </p>
            <div class="map-load">
                <label class="app-label" for="boundaries-file">{ "Load boundaries (GeoJSON)" }</label>
                <input class="map-file" type="file" id="boundaries-file" aria-describedby="boundaries-hint"
                    accept=".geojson,.json,application/geo+json,application/json" onchange={on_file} />
            </div>
            if !outcome.message.is_empty() {
                if outcome.refused {
                    <p class="app-error-message" id="boundaries-error" role="alert">{ outcome.message.clone() }</p>
                } else {
                    <p class="app-body" id="boundaries-result" role="status">{ outcome.message.clone() }</p>
                }
            }
            if let Some(offer) = outcome.offer.clone() {
                <BorderOffer {offer} outcome={outcome.clone()} />
            }
            <figure class="map-figure">
                <LocalityMap id="service-map" drawing={drawing.clone()} fills={authority_fills(sc, &drawing)} label={label} />
                <figcaption class="app-hint">
                    { caption(&doc) }
                    if crate::model::regional::is_regional(sc) {
                        { " Coloured by authority; the localities table lists each locality's authority." }
                        <ul class="map-legend" id="service-map-legend" aria-label="Authorities">
                            { for sc.authorities.iter().enumerate().map(|(i, a)| html! {
                                <li><span class={classes!("plan-chip", lot_class(i))}>{ a.name.clone() }</span></li>
                            }) }
                        </ul>
                    }
                </figcaption>
            </figure>
            if sc.boundaries.is_some() {
                <button type="button" class="app-button app-button--secondary" id="boundaries-remove"
                    onclick={{ let doc = doc.clone(); let outcome = outcome.clone(); Callback::from(move |_| {
                        doc.edit(Edit::SetBoundaries(None));
                        outcome.set(Outcome { message: "Boundaries removed; the map is a sketch of the borders again. Undo brings them back.".into(), ..Outcome::default() });
                    }) }}>
                    { "Remove boundaries" }
                </button>
            }
        </section>
    }
}

/// In a regional plan, each place filled in its authority's colour.
fn authority_fills(sc: &crate::model::Scenario, drawing: &map::MapDrawing) -> Vec<Option<String>> {
    drawing
        .places
        .iter()
        .map(|place| {
            let authority = crate::model::regional::authority_of(sc, &place.locality)?;
            sc.authorities.iter().position(|a| a.name == authority).map(lot_class)
        })
        .collect()
}

fn caption(doc: &Doc) -> String {
    let sc = doc.scenario();
    match &sc.boundaries {
        Some(b) => {
            let missing = map::drawing(sc).missing;
            let mut s = format!("Boundaries from {}, matched by its \"{}\" property.", b.source, b.property);
            if !missing.is_empty() {
                s.push_str(&format!(" Not on the map (no boundary): {}.", missing.join(", ")));
            }
            s
        }
        None => "No boundaries loaded: a sketch of the borders ticked above, not a map.".to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct OfferProps {
    offer: Offer,
    outcome: UseStateHandle<Outcome>,
}

/// "Boundaries say these pairs border each other": Accept, or Keep mine.
#[component]
fn BorderOffer(p: &OfferProps) -> Html {
    let doc = use_doc();
    let pairs = |list: &[(String, String)]| list.iter().map(|(a, b)| format!("{a} and {b}")).collect::<Vec<_>>();
    let (add, remove) = (pairs(&p.offer.add), pairs(&p.offer.remove));
    let on_accept = {
        let (doc, outcome, offer) = (doc.clone(), p.outcome.clone(), p.offer.clone());
        Callback::from(move |_: MouseEvent| {
            let accepted = offer.accepted(&doc.scenario().adjacency);
            let message = match doc.try_edit(Edit::SetAdjacency(accepted)) {
                Ok(()) => "Borders updated from the boundaries. Undo takes this back.".to_string(),
                Err(e) => format!("The borders could not be updated: {e}"),
            };
            outcome.set(Outcome { message, ..Outcome::default() });
        })
    };
    let on_keep = {
        let outcome = p.outcome.clone();
        Callback::from(move |_: MouseEvent| {
            outcome.set(Outcome { message: "Your borders are kept as they are.".into(), ..Outcome::default() })
        })
    };
    html! {
        <div class="map-offer" id="boundaries-offer" role="group" aria-labelledby="boundaries-offer-title">
            <p class="app-body" id="boundaries-offer-title"><strong>{ "The boundaries say the borders differ from yours." }</strong></p>
            <ul class="app-list">
                if !add.is_empty() {
                    <li id="boundaries-offer-add">{ format!("Border each other, not ticked yet: {}.", add.join("; ")) }</li>
                }
                if !remove.is_empty() {
                    <li id="boundaries-offer-remove">{ format!("Ticked, but their boundaries do not share an edge: {}.", remove.join("; ")) }</li>
                }
            </ul>
            <div class="map-offer__buttons">
                <button type="button" class="app-button" id="boundaries-accept" onclick={on_accept}>{ "Accept the boundaries' borders" }</button>
                <button type="button" class="app-button app-button--secondary" id="boundaries-keep" onclick={on_keep}>{ "Keep mine" }</button>
            </div>
        </div>
    }
}

/// Reads a chosen GeoJSON file (refusing one over the size limit before reading it), keeps its
/// boundaries through an edit, and says what happened.
#[hook]
fn use_geojson_file(doc: Doc, outcome: UseStateHandle<Outcome>) -> Callback<Event> {
    #[cfg(target_arch = "wasm32")]
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    crate::ui::platform::on_chosen_file(Callback::from(move |file: web_sys::File| {
        let size = file.size();
        if size > MAX_GEOJSON_BYTES as f64 {
            let message = geo::GeoError::TooLarge { bytes: size as usize }.to_string();
            outcome.set(Outcome { message, refused: true, offer: None });
            return;
        }
        #[cfg(target_arch = "wasm32")]
        {
            let file = gloo::file::File::from(file);
            let name = file.name();
            let (doc, outcome) = (doc.clone(), outcome.clone());
            let task = gloo::file::callbacks::read_as_text(&file, move |result| {
                outcome.set(match result {
                    Ok(text) => loaded(&doc, &text, &name),
                    Err(err) => Outcome {
                        message: format!("Could not read {name}: {err}. Save it as GeoJSON and try again."),
                        refused: true,
                        offer: None,
                    },
                });
            });
            *reader.borrow_mut() = Some(task);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (&doc, file);
            outcome.set(Outcome { message: "Reading files needs a browser.".into(), refused: true, offer: None });
        }
    }))
}

/// What loading `text` did: the boundaries kept (one undoable edit) and the borders offered, or
/// why the file was refused (then nothing changed).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn loaded(doc: &Doc, text: &str, name: &str) -> Outcome {
    let sc = doc.scenario();
    let refused =
        |message: String| Outcome { message: format!("{name} was not loaded. {message}"), refused: true, offer: None };
    let loaded = match geo::read(text, name, sc) {
        Ok(loaded) => loaded,
        Err(e) => return refused(e.to_string()),
    };
    if let Err(e) = doc.try_edit(Edit::SetBoundaries(Some(Box::new(loaded.boundaries.clone())))) {
        return refused(e.to_string());
    }
    let mut message = geo::summary(&loaded, sc.localities.len());
    if loaded.offer.is_empty() {
        message.push_str(" The borders they share agree with yours.");
    }
    Outcome { message, refused: false, offer: (!loaded.offer.is_empty()).then_some(loaded.offer) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_limit_is_said_in_megabytes() {
        let m = geo::GeoError::TooLarge { bytes: 50 * 1024 * 1024 }.to_string();
        assert!(m.starts_with("The file is 50.0 MB; the largest Lotwise reads is 20 MB."), "{m}");
    }
}
