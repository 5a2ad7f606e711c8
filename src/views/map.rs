//! The map of localities (`docs/map.md`): their boundaries projected into a drawing, or, without
//! boundaries, a schematic of which borders which (a fixed, deterministic layout); and which lots
//! each locality's work is in, for one service area at a time.
//!
//! The projection is equirectangular with longitude scaled by the cosine of the map's middle
//! latitude, fitted to a [`WIDTH`] x [`HEIGHT`] box: right for an English county, where the
//! distortion across the map is a few per cent.

use crate::base::sort;
use crate::model::{Locality, Scenario, ALL_LOCALITIES};
use crate::views::report::Grid;

/// The drawing's size, in SVG units.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 440.0;
/// The margin left around the drawing.
const PAD: f64 = 20.0;
/// A locality's circle in the schematic.
pub const NODE_RADIUS: f64 = 22.0;

/// A map ready to draw: one place per locality that can be drawn, in scenario order.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDrawing {
    /// No boundaries: localities are circles placed by their borders, and borders are lines.
    pub schematic: bool,
    pub places: Vec<Place>,
    /// Lines between bordering localities (the schematic only).
    pub links: Vec<[f64; 4]>,
    /// Localities with no boundary (when there are boundaries), so not on the map.
    pub missing: Vec<String>,
}

/// One locality on the map: its outline as SVG path data and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub locality: String,
    pub path: String,
    pub label: (f64, f64),
}

/// The scenario's map: its boundaries when it has any, else the schematic.
pub fn drawing(sc: &Scenario) -> MapDrawing {
    match &sc.boundaries {
        Some(b) if b.shapes.iter().any(|s| sc.localities.iter().any(|l| l.name == s.locality)) => geographic(sc),
        _ => schematic(&sc.localities, &sc.adjacency),
    }
}

fn geographic(sc: &Scenario) -> MapDrawing {
    let Some(b) = &sc.boundaries else { return schematic(&sc.localities, &sc.adjacency) };
    let shapes: Vec<_> = sc.localities.iter().filter_map(|l| b.shape(&l.name).map(|s| (l.name.clone(), s))).collect();
    let corners = || shapes.iter().flat_map(|(_, s)| &s.polygons).flatten().flatten();
    let (lat_lo, lat_hi) = corners().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p[1]), hi.max(p[1])));
    let k = ((lat_lo + lat_hi) / 2.0).to_radians().cos().max(0.01);
    let project = |p: &[f64; 2]| (p[0] * k, -p[1]);
    let fit = Fit::of(corners().map(project), 0.0);
    let places = shapes
        .iter()
        .map(|(name, shape)| {
            let mut path = String::new();
            let mut best = (0.0, None);
            for ring in shape.polygons.iter().flatten() {
                let pts: Vec<(f64, f64)> = ring.iter().map(|p| fit.apply(project(p))).collect();
                let open = &pts[..pts.len().saturating_sub(1)];
                for (i, (x, y)) in open.iter().enumerate() {
                    path.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
                }
                path.push('Z');
                let (area, centre) = centroid(open);
                if area > best.0 {
                    best = (area, Some(centre));
                }
            }
            let label = best.1.unwrap_or((WIDTH / 2.0, HEIGHT / 2.0));
            Place { locality: name.clone(), path, label }
        })
        .collect();
    let missing = sc.localities.iter().filter(|l| b.shape(&l.name).is_none()).map(|l| l.name.clone()).collect();
    MapDrawing { schematic: false, places, links: Vec::new(), missing }
}

/// The area (absolute) and centroid of a polygon's corners.
fn centroid(pts: &[(f64, f64)]) -> (f64, (f64, f64)) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..pts.len() {
        let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
        let cross = p.0 * q.1 - q.0 * p.1;
        a += cross;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    if a.abs() < 1e-9 {
        let n = pts.len().max(1) as f64;
        return (0.0, (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n));
    }
    (a.abs() / 2.0, (cx / (3.0 * a), cy / (3.0 * a)))
}

/// Scales and moves points into the drawing's box, keeping their proportions.
struct Fit {
    scale: f64,
    dx: f64,
    dy: f64,
}

impl Fit {
    /// The fit of `points` into the box less `margin` on every side.
    fn of(points: impl Iterator<Item = (f64, f64)>, margin: f64) -> Fit {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (x, y) in points {
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
        if x0 > x1 {
            return Fit { scale: 1.0, dx: WIDTH / 2.0, dy: HEIGHT / 2.0 };
        }
        let (w, h) = (WIDTH - 2.0 * (PAD + margin), HEIGHT - 2.0 * (PAD + margin));
        let scale = (w / (x1 - x0).max(1e-9)).min(h / (y1 - y0).max(1e-9));
        let scale = if scale.is_finite() { scale.min(1e9) } else { 1.0 };
        let dx = WIDTH / 2.0 - scale * (x0 + x1) / 2.0;
        let dy = HEIGHT / 2.0 - scale * (y0 + y1) / 2.0;
        Fit { scale, dx, dy }
    }

    fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.scale * x + self.dx, self.scale * y + self.dy)
    }
}

/// Localities as circles placed by a force layout of their borders (300 steps from a circle:
/// the same scenario always gives the same picture), borders as lines.
pub fn schematic(localities: &[Locality], adjacency: &[(String, String)]) -> MapDrawing {
    let n = localities.len();
    let index = |name: &str| localities.iter().position(|l| l.name == name);
    let edges: Vec<(usize, usize)> =
        adjacency.iter().filter_map(|(a, b)| Some((index(a)?, index(b)?))).filter(|(a, b)| a != b).collect();
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
            (t.cos(), t.sin())
        })
        .collect();
    let k = (4.0 / n.max(1) as f64).sqrt();
    const STEPS: usize = 300;
    for step in 0..STEPS {
        let heat = 0.1 * (1.0 - step as f64 / STEPS as f64);
        let mut push = vec![(0.0, 0.0); n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                    let d = (dx * dx + dy * dy).sqrt().max(1e-3);
                    push[i].0 += dx / d * k * k / d;
                    push[i].1 += dy / d * k * k / d;
                }
            }
            push[i].0 -= 0.1 * pos[i].0;
            push[i].1 -= 0.1 * pos[i].1;
        }
        for &(a, b) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = d / k;
            push[a].0 -= dx * f;
            push[a].1 -= dy * f;
            push[b].0 += dx * f;
            push[b].1 += dy * f;
        }
        for (p, (fx, fy)) in pos.iter_mut().zip(push) {
            let len = (fx * fx + fy * fy).sqrt().max(1e-9);
            let step_len = len.min(heat);
            p.0 += fx / len * step_len;
            p.1 += fy / len * step_len;
        }
    }
    let fit = Fit::of(pos.iter().copied(), NODE_RADIUS + 12.0);
    let centres: Vec<(f64, f64)> = pos.iter().map(|&p| fit.apply(p)).collect();
    let r = NODE_RADIUS;
    let places = localities
        .iter()
        .zip(&centres)
        .map(|(l, &(x, y))| Place {
            locality: l.name.clone(),
            path: format!("M{:.1},{y:.1}a{r},{r} 0 1,0 {},0a{r},{r} 0 1,0 -{},0Z", x - r, 2.0 * r, 2.0 * r),
            label: (x, y + r + 14.0),
        })
        .collect();
    let links = edges.iter().map(|&(a, b)| [centres[a].0, centres[a].1, centres[b].0, centres[b].1]).collect();
    MapDrawing { schematic: true, places, links, missing: Vec::new() }
}

/// The lots one locality's work is in, for one service area.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalityLots {
    pub locality: String,
    /// Each lot's index in the plan (for its colour) and id, in plan order.
    pub lots: Vec<(usize, String)>,
    /// Some of this locality's work in the area is kept in-house.
    pub in_house: bool,
}

/// Each locality's lots in the grid's service area `area` (a row of `grid`), in scenario
/// order. When the plan does not split by locality, every locality is in the lots of the whole.
pub fn lots_by_locality(grid: &Grid, area: usize, localities: &[Locality]) -> Vec<LocalityLots> {
    let row = grid.cells.get(area);
    let column = |name: &str| {
        grid.localities
            .iter()
            .position(|l| l == name)
            .or_else(|| grid.localities.iter().position(|l| l == ALL_LOCALITIES))
    };
    localities
        .iter()
        .map(|l| {
            let entries = column(&l.name).and_then(|c| row?.get(c)).map(Vec::as_slice).unwrap_or_default();
            let mut lots: Vec<(usize, String)> = Vec::new();
            for e in entries.iter().filter(|e| !e.retained) {
                if let Some(lot) = e.lot.as_ref().filter(|lot| !lots.contains(lot)) {
                    lots.push(lot.clone());
                }
            }
            sort::sort(&mut lots);
            LocalityLots { locality: l.name.clone(), lots, in_house: entries.iter().any(|e| e.retained) }
        })
        .collect()
}

/// The service area to show first: the first whose localities fall in more than one lot (the
/// map then says most), else the first.
pub fn telling_area(grid: &Grid, localities: &[Locality]) -> usize {
    (0..grid.areas.len())
        .find(|&a| {
            let mut lots: Vec<(usize, String)> =
                lots_by_locality(grid, a, localities).into_iter().flat_map(|l| l.lots).collect();
            sort::sort(&mut lots);
            lots.dedup();
            lots.len() > 1
        })
        .unwrap_or(0)
}

/// The lots on the map for one area, each once, in plan order (the legend).
pub fn legend(rows: &[LocalityLots]) -> Vec<(usize, String)> {
    let mut lots: Vec<(usize, String)> = rows.iter().flat_map(|r| r.lots.iter().cloned()).collect();
    sort::sort(&mut lots);
    lots.dedup();
    lots
}

/// A locality's lots in words: "L1 and L3", "In-house", "No lot".
pub fn lots_words(row: &LocalityLots) -> String {
    let ids: Vec<&str> = row.lots.iter().map(|(_, id)| id.as_str()).collect();
    let mut words = match ids.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    if row.in_house {
        words = if words.is_empty() { "In-house".into() } else { format!("{words}; some work in-house") };
    }
    if words.is_empty() {
        "No lot".into()
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geo;
    use crate::model::Workspace;
    use crate::views::report::{Grid, GridEntry};

    fn example() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn boundaries_are_projected_into_the_box_with_a_label_inside_each() {
        let mut sc = example();
        let text = include_str!("../../tests/data/geo/example-localities.geojson");
        sc.boundaries = Some(geo::read(text, "x", &sc).unwrap().boundaries);
        let d = drawing(&sc);
        assert!(!d.schematic);
        assert_eq!(d.places.len(), 8);
        assert!(d.missing.is_empty());
        for p in &d.places {
            assert!(p.path.starts_with('M') && p.path.ends_with('Z'), "{}", p.path);
            let (x, y) = p.label;
            assert!((PAD..=WIDTH - PAD).contains(&x) && (PAD..=HEIGHT - PAD).contains(&y), "{p:?}");
        }
        // North lies above South (SVG y grows downwards); West left of East.
        let at = |name: &str| d.places.iter().find(|p| p.locality == name).unwrap().label;
        assert!(at("North").1 < at("South").1);
        assert!(at("West").0 < at("East").0);
        // Central's label is at its middle (its hole does not move it much).
        let (cx, cy) = at("Central");
        let (wx, ex) = (at("West").0, at("East").0);
        assert!((cx - (wx + ex) / 2.0).abs() < 5.0 && (cy - (at("North").1 + at("South").1) / 2.0).abs() < 60.0);
        // A locality without a boundary is named, not drawn.
        sc.boundaries.as_mut().unwrap().shapes.retain(|s| s.locality != "West");
        assert_eq!(drawing(&sc).missing, ["West"]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn without_boundaries_the_schematic_is_fixed_and_keeps_localities_apart() {
        let sc = example();
        let d = drawing(&sc);
        assert!(d.schematic);
        assert_eq!(d.places.len(), 8);
        assert_eq!(d.links.len(), 12);
        assert_eq!(d, drawing(&sc), "the same picture every time");
        for (i, a) in d.places.iter().enumerate() {
            for b in &d.places[i + 1..] {
                let dist = ((a.label.0 - b.label.0).powi(2) + (a.label.1 - b.label.1).powi(2)).sqrt();
                assert!(dist > 2.0 * NODE_RADIUS, "{} and {} overlap", a.locality, b.locality);
            }
            assert!(a.label.0 > 0.0 && a.label.0 < WIDTH && a.label.1 > 0.0 && a.label.1 < HEIGHT);
        }
        // Central borders five others: it ends up nearer the middle than North.
        let mid = |p: &Place| ((p.label.0 - WIDTH / 2.0).powi(2) + (p.label.1 - HEIGHT / 2.0).powi(2)).sqrt();
        let at = |name: &str| d.places.iter().find(|p| p.locality == name).unwrap();
        assert!(mid(at("Central")) < mid(at("North")));
        assert_eq!(schematic(&[], &[]).places.len(), 0);
        assert_eq!(schematic(&sc.localities[..1], &[]).places.len(), 1);
    }

    fn entry(lot: Option<usize>, retained: bool) -> GridEntry {
        GridEntry {
            segment: "S".into(),
            value: 1.0,
            lot: lot.map(|i| (i, format!("L{}", i + 1))),
            retained,
            detail: None,
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn each_locality_is_in_the_lots_of_its_cell_for_the_chosen_area() {
        let localities: Vec<Locality> =
            ["North", "South"].iter().map(|n| Locality { name: n.to_string(), weight: 1.0, authority: None }).collect();
        let grid = Grid {
            areas: vec![("ADOP".into(), "Adoption".into()), ("FOST".into(), "Fostering".into())],
            localities: vec!["North".into(), "South".into()],
            cells: vec![
                vec![vec![entry(Some(0), false)], vec![entry(Some(0), false)]],
                vec![vec![entry(Some(2), false), entry(Some(1), false)], vec![entry(None, true)]],
            ],
        };
        let rows = lots_by_locality(&grid, 1, &localities);
        assert_eq!(rows[0].lots, vec![(1, "L2".into()), (2, "L3".into())]);
        assert_eq!(lots_words(&rows[0]), "L2 and L3");
        assert_eq!(lots_words(&rows[1]), "In-house");
        assert_eq!(legend(&rows), vec![(1, "L2".into()), (2, "L3".into())]);
        assert_eq!(telling_area(&grid, &localities), 1, "adoption is one lot everywhere");
        // Not split by locality: every locality is in the whole's lots.
        let whole =
            Grid { localities: vec![ALL_LOCALITIES.into()], cells: vec![vec![vec![entry(Some(0), false)]]], ..grid };
        assert_eq!(lots_words(&lots_by_locality(&whole, 0, &localities)[1]), "L1");
    }
}
