//! Locality boundaries read from GeoJSON (`docs/map.md`).
//!
//! [`read`] takes the text of a GeoJSON FeatureCollection of Polygon and MultiPolygon features
//! (longitude and latitude in degrees, as RFC 7946 asks), finds the feature property whose
//! values name the scenario's localities, checks every ring, derives which localities share a
//! border, and keeps a simplified drawing of each locality ([`Boundaries`], saved in the
//! scenario). Anything it cannot use is refused with a [`GeoError`] that says what is wrong,
//! where, and how to fix it; it never panics, whatever the text.
//!
//! Coordinates are rounded to 6 decimal places (about 10 cm). Two localities border each
//! other when a ring of one and a ring of the other share an edge: two consecutive corners, in
//! either direction. Touching at a single corner is not a border.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use super::{Locality, Scenario};
use crate::base::error::Issue;
use crate::base::text::plural;

/// The largest GeoJSON file read, in bytes of text (the browser checks the file's size before
/// reading it).
pub const MAX_GEOJSON_BYTES: usize = 20 * 1024 * 1024;
/// Most features in one file.
pub const MAX_FEATURES: usize = 10_000;
/// Most corners (positions) in one file.
pub const MAX_INPUT_POINTS: usize = 2_000_000;
/// Most corners kept for drawing, over all localities (so the saved workspace stays small).
pub const MAX_STORED_POINTS: usize = 20_000;
/// Coordinates are kept as whole millionths of a degree.
const SCALE: f64 = 1e6;
/// The drawing keeps about this many steps across the whole map.
const DETAIL: i64 = 1_000;

/// A closed ring of `[longitude, latitude]` corners; the last equals the first.
pub type Ring = Vec<[f64; 2]>;
/// An outer ring followed by its holes.
pub type Polygon = Vec<Ring>;

/// The boundaries of the scenario's localities, as loaded from a GeoJSON file and simplified
/// for drawing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Boundaries {
    /// The name of the file they came from.
    #[serde(default)]
    pub source: String,
    /// The feature property whose values named the localities.
    #[serde(default)]
    pub property: String,
    /// One shape per locality that has a boundary, in the scenario's locality order.
    pub shapes: Vec<Shape>,
}

/// One locality's boundary: one or more polygons.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Shape {
    pub locality: String,
    pub polygons: Vec<Polygon>,
}

impl Boundaries {
    /// The shape of `locality`, if it has one.
    pub fn shape(&self, locality: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.locality == locality)
    }

    /// Every corner kept, over all shapes.
    pub fn points(&self) -> usize {
        self.shapes.iter().flat_map(|s| &s.polygons).flatten().map(Vec::len).sum()
    }
}

/// What a GeoJSON file gave: the boundaries to keep, what matched, and the borders they imply.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub boundaries: Boundaries,
    /// Features in the file.
    pub features: usize,
    /// Localities with a boundary, in scenario order.
    pub matched: Vec<String>,
    /// Localities with no feature, in scenario order.
    pub missing: Vec<String>,
    /// Names of the features that match no locality (each once, in file order).
    pub unmatched: Vec<String>,
    /// The pairs of localities whose boundaries share an edge, in scenario order.
    pub borders: Vec<(String, String)>,
    /// How the scenario's borders differ from the boundaries'.
    pub offer: Offer,
}

/// Borders the boundaries imply that the scenario lacks (`add`), and borders the scenario has
/// between two localities with boundaries that do not touch along an edge (`remove`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Offer {
    pub add: Vec<(String, String)>,
    pub remove: Vec<(String, String)>,
}

impl Offer {
    /// Whether the boundaries agree with the scenario's borders.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }

    /// The scenario's borders with this offer accepted.
    pub fn accepted(&self, adjacency: &[(String, String)]) -> Vec<(String, String)> {
        let gone = |a: &str, b: &str| self.remove.iter().any(|(x, y)| same_pair((x, y), (a, b)));
        let mut out: Vec<(String, String)> = adjacency.iter().filter(|(a, b)| !gone(a, b)).cloned().collect();
        for (a, b) in &self.add {
            if !out.iter().any(|(x, y)| same_pair((x, y), (a, b))) {
                out.push((a.clone(), b.clone()));
            }
        }
        out
    }
}

fn same_pair((a, b): (&str, &str), (c, d): (&str, &str)) -> bool {
    (a == c && b == d) || (a == d && b == c)
}

/// Why a GeoJSON file was refused. Each says what is wrong, where and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoError {
    /// The text is longer than [`MAX_GEOJSON_BYTES`].
    TooLarge { bytes: usize },
    /// Nothing but white space.
    Empty,
    /// Not JSON at all.
    NotJson { line: usize, column: usize, detail: String },
    /// A number too large for a coordinate (such as `1e999`).
    NumberTooLarge { line: usize, column: usize },
    /// A value of the wrong kind at `path`.
    WrongType { path: String, detail: String },
    /// The top level is not `{"type": "FeatureCollection", "features": [...]}`.
    NotFeatureCollection { found: String },
    /// No features.
    NoFeatures,
    /// More than [`MAX_FEATURES`] features.
    TooManyFeatures { count: usize },
    /// More than [`MAX_INPUT_POINTS`] corners.
    TooManyPoints,
    /// A feature with no geometry.
    NoGeometry { feature: String },
    /// A geometry that is not an area (a Point, a LineString, ...).
    NotAnArea { feature: String, kind: String },
    /// A coordinate that is not a finite number.
    NotFinite { at: String },
    /// A position outside longitude -180..180, latitude -90..90.
    OutOfRange { at: String, x: f64, y: f64 },
    /// A ring whose last position is not its first.
    RingNotClosed { at: String },
    /// A ring with fewer than 4 positions, or fewer than 3 different corners.
    RingTooShort { at: String },
    /// A ring that crosses or touches itself.
    SelfIntersecting { at: String, near: [f64; 2] },
    /// No feature property names any of the scenario's localities.
    NoNames { examples: Vec<String>, localities: Vec<String> },
    /// Too detailed to keep even at the coarsest drawing.
    TooDetailed,
}

impl fmt::Display for GeoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lonlat = "Lotwise reads longitude and latitude in degrees (WGS 84, as GeoJSON asks)";
        match self {
            GeoError::TooLarge { bytes } => write!(
                f,
                "The file is {:.1} MB; the largest Lotwise reads is {} MB. Simplify the boundaries in your mapping software (for example to 1% of their corners) and save them again.",
                *bytes as f64 / 1_048_576.0,
                MAX_GEOJSON_BYTES / 1_048_576
            ),
            GeoError::Empty => f.write_str("The file is empty. Choose a GeoJSON file of boundaries."),
            GeoError::NotJson { line, column, detail } => write!(
                f,
                "The file is not GeoJSON: it is not valid JSON at line {line}, column {column} ({detail}). Save the boundaries as GeoJSON and try again."
            ),
            GeoError::NumberTooLarge { line, column } => write!(
                f,
                "The file has a number too large to be a coordinate at line {line}, column {column}. {lonlat}; export the boundaries again."
            ),
            GeoError::WrongType { path, detail } => write!(
                f,
                "The file has the wrong kind of value at {path}: {detail}. Check that it is a GeoJSON FeatureCollection."
            ),
            GeoError::NotFeatureCollection { found } => write!(
                f,
                "The file is not a GeoJSON FeatureCollection ({found}). Save the boundaries as a FeatureCollection with one feature per locality."
            ),
            GeoError::NoFeatures => f.write_str("The file has no features. Save one feature per locality."),
            GeoError::TooManyFeatures { count } => write!(
                f,
                "The file has {count} features; Lotwise reads at most {MAX_FEATURES}. Keep only the boundaries of your localities."
            ),
            GeoError::TooManyPoints => write!(
                f,
                "The boundaries have more than {MAX_INPUT_POINTS} corners. Simplify them in your mapping software and save them again."
            ),
            GeoError::NoGeometry { feature } => {
                write!(f, "{feature} has no geometry. Give every feature its boundary, or remove it.")
            }
            GeoError::NotAnArea { feature, kind } => write!(
                f,
                "{feature} is a {kind}, not an area. Boundaries must be Polygon or MultiPolygon features."
            ),
            GeoError::NotFinite { at } => write!(f, "{at} has a coordinate that is not a number. {lonlat}."),
            GeoError::OutOfRange { at, x, y } => {
                let hint = if x.abs() > 1000.0 || y.abs() > 1000.0 {
                    " These look like metres (British National Grid?): export the boundaries in WGS 84 (EPSG:4326)."
                } else {
                    ""
                };
                write!(
                    f,
                    "{at} has the position [{x}, {y}], outside longitude -180 to 180 and latitude -90 to 90. {lonlat}.{hint}"
                )
            }
            GeoError::RingNotClosed { at } => write!(
                f,
                "{at} is not closed: its last position must repeat its first. Repair the geometry in your mapping software."
            ),
            GeoError::RingTooShort { at } => write!(
                f,
                "{at} has fewer than three different corners, so it encloses nothing. Remove it or repair the geometry."
            ),
            GeoError::SelfIntersecting { at, near } => write!(
                f,
                "{at} crosses itself near longitude {:.6}, latitude {:.6}. Repair the geometry in your mapping software (for example with \"Fix geometries\").",
                near[0], near[1]
            ),
            GeoError::NoNames { examples, localities } => write!(
                f,
                "No feature property names any of your localities ({}). The features are called, for example, {}. Give each feature a property with its locality's name, or rename your localities.",
                quoted(localities),
                if examples.is_empty() { "nothing (they have no text properties)".to_string() } else { quoted(examples) }
            ),
            GeoError::TooDetailed => write!(
                f,
                "The boundaries are too detailed to keep in the workspace (more than {MAX_STORED_POINTS} corners even when simplified). Simplify them in your mapping software and load them again."
            ),
        }
    }
}

impl std::error::Error for GeoError {}

fn quoted(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(4).map(|n| format!("\"{n}\"")).collect();
    let more = names.len().saturating_sub(4);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Option<Vec<Feature<'a>>>,
}

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(default)]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(borrow, default)]
    geometry: Option<Geometry<'a>>,
}

#[derive(Deserialize)]
struct Geometry<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
}

/// A GeoJSON position: longitude, latitude and an ignored altitude.
struct Position([f64; 2]);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Position;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [longitude, latitude]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                let x: f64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: f64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Position([x, y]))
            }
        }
        deserializer.deserialize_seq(V)
    }
}

/// A corner in whole millionths of a degree.
type P = (i64, i64);

/// Reads a GeoJSON FeatureCollection of the localities' boundaries (see the module docs).
/// `source` is the file's name, kept with the boundaries. Never panics.
pub fn read(text: &str, source: &str, sc: &Scenario) -> Result<Loaded, GeoError> {
    if text.len() > MAX_GEOJSON_BYTES {
        return Err(GeoError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(GeoError::Empty);
    }
    if text.trim_start().starts_with('[') {
        // serde would read a list as the fields of a struct in order.
        return Err(GeoError::NotFeatureCollection { found: "it is a list, not an object".into() });
    }
    let top: Top = parse(text, "")?;
    if top.kind.as_deref() != Some("FeatureCollection") {
        let found = match top.kind {
            Some(kind) => format!("its type is \"{}\"", kind.chars().take(40).collect::<String>()),
            None => "it has no \"type\"".to_string(),
        };
        return Err(GeoError::NotFeatureCollection { found });
    }
    let Some(features) = top.features else {
        return Err(GeoError::NotFeatureCollection { found: "it has no \"features\" list".into() });
    };
    if features.is_empty() {
        return Err(GeoError::NoFeatures);
    }
    if features.len() > MAX_FEATURES {
        return Err(GeoError::TooManyFeatures { count: features.len() });
    }
    let (property, names) = name_property(&features, &sc.localities)?;
    let mut geometry: BTreeMap<usize, Vec<Vec<Vec<P>>>> = BTreeMap::new();
    let mut unmatched: Vec<String> = Vec::new();
    let mut points = 0;
    for (i, feature) in features.iter().enumerate() {
        let label = match &names[i] {
            Some(name) => format!("Feature {} (\"{name}\")", i + 1),
            None => format!("Feature {}", i + 1),
        };
        let polygons = polygons(feature, i, &label, &mut points)?;
        match names[i].as_deref().and_then(|n| locality_index(&sc.localities, n)) {
            Some(l) => geometry.entry(l).or_default().extend(polygons),
            None => {
                let name = names[i].clone().unwrap_or_else(|| format!("feature {}", i + 1));
                if !unmatched.contains(&name) {
                    unmatched.push(name);
                }
            }
        }
    }
    let shapes: Vec<(usize, Vec<Vec<Vec<P>>>)> = geometry.into_iter().collect();
    let borders = shared_edges(&shapes);
    let name = |i: usize| sc.localities[i].name.clone();
    let borders: Vec<(String, String)> = borders.into_iter().map(|(a, b)| (name(a), name(b))).collect();
    let simplified = simplify(&shapes)?;
    let boundaries = Boundaries {
        source: source.chars().take(200).collect(),
        property,
        shapes: shapes
            .iter()
            .zip(simplified)
            .map(|((l, _), polygons)| Shape { locality: name(*l), polygons })
            .collect(),
    };
    let matched: Vec<String> = shapes.iter().map(|(l, _)| name(*l)).collect();
    let missing = sc.localities.iter().map(|l| l.name.clone()).filter(|n| !matched.contains(n)).collect();
    let offer = offer(&sc.adjacency, &borders, &matched);
    Ok(Loaded { boundaries, features: features.len(), matched, missing, unmatched, borders, offer })
}

/// The differences between the scenario's borders and the boundaries' `borders`, among the
/// localities that have a boundary.
fn offer(adjacency: &[(String, String)], borders: &[(String, String)], matched: &[String]) -> Offer {
    let has = |list: &[(String, String)], a: &str, b: &str| list.iter().any(|(x, y)| same_pair((x, y), (a, b)));
    let add = borders.iter().filter(|(a, b)| !has(adjacency, a, b)).cloned().collect();
    let mut remove: Vec<(String, String)> = Vec::new();
    for (a, b) in adjacency {
        let judged = matched.contains(a) && matched.contains(b) && a != b;
        if judged && !has(borders, a, b) && !has(&remove, a, b) {
            remove.push((a.clone(), b.clone()));
        }
    }
    Offer { add, remove }
}

/// Deserialises `text` (the whole file, or the coordinates of one geometry at `prefix`),
/// naming the place of any error.
fn parse<'a, T: Deserialize<'a>>(text: &'a str, prefix: &str) -> Result<T, GeoError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let inner_path = err.path().to_string();
        let inner_path = if inner_path == "." { String::new() } else { inner_path };
        let path = format!("{prefix}{inner_path}");
        let inner = err.into_inner();
        let (line, column) = (inner.line(), inner.column());
        if inner.to_string().contains("number out of range") {
            return GeoError::NumberTooLarge { line, column };
        }
        match inner.classify() {
            serde_json::error::Category::Data if path.is_empty() => {
                GeoError::NotFeatureCollection { found: "it is not a JSON object".into() }
            }
            serde_json::error::Category::Data => {
                let detail = inner.to_string();
                let detail = detail.split(" at line ").next().unwrap_or_default().replace("f64", "a number");
                GeoError::WrongType { path, detail }
            }
            serde_json::error::Category::Eof => {
                GeoError::NotJson { line, column, detail: "the file ends too early; it looks truncated".into() }
            }
            _ => {
                let detail = inner.to_string();
                let detail = detail.split(" at line ").next().unwrap_or_default().to_string();
                GeoError::NotJson { line, column, detail }
            }
        }
    })
}

/// `name`, lower case, with runs of white space as one space.
fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn locality_index(localities: &[Locality], name: &str) -> Option<usize> {
    let k = key(name);
    localities.iter().position(|l| key(&l.name) == k)
}

/// A property's value as a name: text, or a number written out.
fn name_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().chars().take(200).collect()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The property whose values name the most localities, and each feature's value of it.
fn name_property(features: &[Feature], localities: &[Locality]) -> Result<(String, Vec<Option<String>>), GeoError> {
    let mut matches: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut named: BTreeMap<&str, usize> = BTreeMap::new();
    for props in features.iter().filter_map(|f| f.properties.as_ref()) {
        for (k, v) in props {
            if let Some(name) = name_of(v) {
                *named.entry(k).or_default() += 1;
                let set = matches.entry(k).or_default();
                if let Some(l) = locality_index(localities, &name) {
                    set.insert(l);
                }
            }
        }
    }
    let best =
        matches.iter().filter(|(_, s)| !s.is_empty()).max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)));
    let Some((&property, _)) = best else {
        // The property most features name something by, for the examples.
        let most = named.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| *k);
        let mut examples: Vec<String> = Vec::new();
        for f in features {
            let v = most.and_then(|k| f.properties.as_ref()?.get(k)).and_then(name_of);
            if let Some(v) = v.filter(|v| !examples.contains(v)) {
                examples.push(v);
            }
        }
        let localities = localities.iter().map(|l| l.name.clone()).collect();
        return Err(GeoError::NoNames { examples, localities });
    };
    let names =
        features.iter().map(|f| f.properties.as_ref().and_then(|p| p.get(property)).and_then(name_of)).collect();
    Ok((property.to_string(), names))
}

/// A feature's polygons, each ring checked and rounded; counts corners into `points`.
fn polygons(feature: &Feature, i: usize, label: &str, points: &mut usize) -> Result<Vec<Vec<Vec<P>>>, GeoError> {
    let Some(geometry) = &feature.geometry else {
        return Err(GeoError::NoGeometry { feature: label.to_string() });
    };
    let prefix = format!("features[{i}].geometry.coordinates");
    let raw = match (geometry.kind.as_str(), geometry.coordinates) {
        ("Polygon" | "MultiPolygon", Some(raw)) => raw.get(),
        ("Polygon" | "MultiPolygon", None) => return Err(GeoError::NoGeometry { feature: label.to_string() }),
        (kind, _) => {
            let kind = kind.chars().take(40).collect();
            return Err(GeoError::NotAnArea { feature: label.to_string(), kind });
        }
    };
    let list: Vec<Vec<Vec<Position>>> =
        if geometry.kind == "Polygon" { vec![parse(raw, &prefix)?] } else { parse(raw, &prefix)? };
    let multi = geometry.kind == "MultiPolygon";
    let mut out = Vec::with_capacity(list.len());
    for (p, polygon) in list.iter().enumerate() {
        if polygon.is_empty() {
            let at = if multi { format!("{label}, polygon {}", p + 1) } else { label.to_string() };
            return Err(GeoError::RingTooShort { at });
        }
        let mut rings = Vec::with_capacity(polygon.len());
        for (r, ring) in polygon.iter().enumerate() {
            *points += ring.len();
            if *points > MAX_INPUT_POINTS {
                return Err(GeoError::TooManyPoints);
            }
            let what = if r == 0 { "its outer ring".to_string() } else { format!("hole {r}") };
            let at = match multi {
                true => format!("{label}, polygon {}, {what}", p + 1),
                false => format!("{label}, {what}"),
            };
            let raw: Vec<[f64; 2]> = ring.iter().map(|q| q.0).collect();
            rings.push(check_ring(&raw, &at)?);
        }
        out.push(rings);
    }
    Ok(out)
}

/// Checks one ring (finite, in range, closed, at least 3 different corners, not crossing
/// itself) and returns it rounded, without repeated corners, closed.
fn check_ring(raw: &[[f64; 2]], at: &str) -> Result<Vec<P>, GeoError> {
    for &[x, y] in raw {
        if !x.is_finite() || !y.is_finite() {
            return Err(GeoError::NotFinite { at: at.to_string() });
        }
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(GeoError::OutOfRange { at: at.to_string(), x, y });
        }
    }
    if raw.len() < 4 {
        return Err(GeoError::RingTooShort { at: at.to_string() });
    }
    if raw.first() != raw.last() {
        return Err(GeoError::RingNotClosed { at: at.to_string() });
    }
    let mut ring: Vec<P> = Vec::with_capacity(raw.len());
    for &[x, y] in raw {
        let p = ((x * SCALE).round() as i64, (y * SCALE).round() as i64);
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    if ring.len() < 4 {
        return Err(GeoError::RingTooShort { at: at.to_string() });
    }
    if let Some(p) = crossing(&ring) {
        return Err(GeoError::SelfIntersecting { at: at.to_string(), near: degrees(p) });
    }
    Ok(ring)
}

fn degrees((x, y): P) -> [f64; 2] {
    [x as f64 / SCALE, y as f64 / SCALE]
}

/// A corner near where a closed ring (last corner = first, no corner repeated next to
/// itself) crosses or touches itself, if it does. Segments are swept in order of their
/// smallest x, so only those that overlap in x are compared.
fn crossing(ring: &[P]) -> Option<P> {
    let n = ring.len().saturating_sub(1);
    if n < 3 {
        return None;
    }
    let seg = |i: usize| (ring[i], ring[i + 1]);
    let min_x = |i: usize| ring[i].0.min(ring[i + 1].0);
    let max_x = |i: usize| ring[i].0.max(ring[i + 1].0);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by_key(|&i| min_x(i));
    for (k, &s) in order.iter().enumerate() {
        for &t in &order[k + 1..] {
            if min_x(t) > max_x(s) {
                break;
            }
            let neighbours = s.abs_diff(t) == 1 || s.abs_diff(t) == n - 1;
            let (a, b) = seg(s);
            let (c, d) = seg(t);
            if neighbours {
                // Neighbours share a corner; they must not fold back over each other.
                if folds_back(a, b, c, d) {
                    return Some(if b == c { b } else { a });
                }
            } else if segments_meet(a, b, c, d) {
                return Some(a);
            }
        }
    }
    None
}

fn orient(a: P, b: P, c: P) -> i128 {
    let v = i128::from(b.0 - a.0) * i128::from(c.1 - a.1) - i128::from(b.1 - a.1) * i128::from(c.0 - a.0);
    v.signum()
}

fn on_segment(a: P, b: P, p: P) -> bool {
    p.0 >= a.0.min(b.0) && p.0 <= a.0.max(b.0) && p.1 >= a.1.min(b.1) && p.1 <= a.1.max(b.1)
}

/// Whether segments a-b and c-d share any point.
fn segments_meet(a: P, b: P, c: P, d: P) -> bool {
    let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b));
    if o1 != o2 && o3 != o4 && o1 * o2 <= 0 && o3 * o4 <= 0 {
        return true;
    }
    (o1 == 0 && on_segment(a, b, c))
        || (o2 == 0 && on_segment(a, b, d))
        || (o3 == 0 && on_segment(c, d, a))
        || (o4 == 0 && on_segment(c, d, b))
}

/// Two neighbouring segments (sharing one corner) that run back along each other.
fn folds_back(a: P, b: P, c: P, d: P) -> bool {
    let (shared, p, q) = if b == c {
        (b, a, d)
    } else if d == a {
        (a, b, c)
    } else {
        return segments_meet(a, b, c, d);
    };
    orient(p, shared, q) == 0
        && i128::from(p.0 - shared.0) * i128::from(q.0 - shared.0)
            + i128::from(p.1 - shared.1) * i128::from(q.1 - shared.1)
            > 0
}

/// Pairs of localities (by index, smaller first) whose rings share an edge.
fn shared_edges(shapes: &[(usize, Vec<Vec<Vec<P>>>)]) -> BTreeSet<(usize, usize)> {
    let mut owner: HashMap<(P, P), usize> = HashMap::new();
    let mut pairs = BTreeSet::new();
    for (l, polygons) in shapes {
        for ring in polygons.iter().flatten() {
            for w in ring.windows(2) {
                let edge = if w[0] < w[1] { (w[0], w[1]) } else { (w[1], w[0]) };
                let first = *owner.entry(edge).or_insert(*l);
                if first != *l {
                    pairs.insert((first.min(*l), first.max(*l)));
                }
            }
        }
    }
    pairs
}

// ---------------------------------------------------------------------------------------------
// Simplifying for drawing

/// Each locality's polygons snapped to a grid of about 1/[`DETAIL`] of the map (coarser until
/// at most [`MAX_STORED_POINTS`] corners are left). Snapping every corner to the same grid keeps
/// shared borders shared.
fn simplify(shapes: &[(usize, Vec<Vec<Vec<P>>>)]) -> Result<Vec<Vec<Polygon>>, GeoError> {
    let all = || shapes.iter().flat_map(|(_, p)| p).flatten().flatten();
    let (min_x, max_x) = all().fold((i64::MAX, i64::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let (min_y, max_y) = all().fold((i64::MAX, i64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let extent = (max_x - min_x).max(max_y - min_y).max(0);
    let mut cell = (extent / DETAIL).max(1);
    for _ in 0..16 {
        let out: Vec<Vec<Vec<Vec<P>>>> = shapes.iter().map(|(_, polygons)| snap_shape(polygons, cell)).collect();
        let n: usize = out.iter().flatten().flatten().map(Vec::len).sum();
        if n <= MAX_STORED_POINTS {
            let to_degrees = |ring: &Vec<P>| ring.iter().map(|&p| degrees(p)).collect::<Ring>();
            return Ok(out
                .iter()
                .map(|s| s.iter().map(|poly| poly.iter().map(to_degrees).collect()).collect())
                .collect());
        }
        cell = cell.saturating_mul(2);
    }
    Err(GeoError::TooDetailed)
}

/// A shape's polygons at grid `cell`: rings that vanish are dropped (with a polygon's holes when
/// its outer ring goes), but a shape keeps at least its largest polygon, on a finer grid.
fn snap_shape(polygons: &[Vec<Vec<P>>], cell: i64) -> Vec<Vec<Vec<P>>> {
    let mut out: Vec<Vec<Vec<P>>> = Vec::new();
    for polygon in polygons {
        let Some(outer) = polygon.first().and_then(|r| snap_ring(r, cell)) else { continue };
        let mut rings = vec![outer];
        rings.extend(polygon[1..].iter().filter_map(|r| snap_ring(r, cell)));
        out.push(rings);
    }
    if out.is_empty() {
        if let Some(largest) = polygons.iter().filter_map(|p| p.first()).max_by_key(|r| r.len()) {
            let mut c = cell;
            while c > 1 {
                c /= 2;
                if let Some(r) = snap_ring(largest, c) {
                    return vec![vec![r]];
                }
            }
            return vec![vec![largest.clone()]];
        }
    }
    out
}

/// A ring at grid `cell`, without repeated corners or spikes; `None` when it vanishes or
/// would cross itself (then a finer grid is tried, down to the ring as read).
fn snap_ring(ring: &[P], cell: i64) -> Option<Vec<P>> {
    let mut c = cell;
    loop {
        match snapped(ring, |v| (v + c / 2).div_euclid(c) * c) {
            None if c == cell => return None,
            Some(r) if crossing(&r).is_none() => return Some(r),
            _ if c <= 1 => return Some(ring.to_vec()),
            _ => c /= 2,
        }
    }
}

fn snapped(ring: &[P], snap: impl Fn(i64) -> i64) -> Option<Vec<P>> {
    let mut out: Vec<P> = Vec::with_capacity(ring.len());
    // A grid point beyond the poles or the antimeridian is pulled back onto them: a corner at
    // latitude -89.95 must not be saved at -90.008 (the saved file would then be refused).
    let (max_x, max_y) = ((180.0 * SCALE) as i64, (90.0 * SCALE) as i64);
    for &(x, y) in ring.iter().take(ring.len().saturating_sub(1)) {
        push_corner(&mut out, (snap(x).clamp(-max_x, max_x), snap(y).clamp(-max_y, max_y)));
    }
    // Where the ring closes it may still repeat, spike or run straight on: turn the seam to the
    // middle and clean again, until nothing changes.
    loop {
        if out.len() < 3 {
            return None;
        }
        let n = out.len();
        out.rotate_left(n / 2);
        let mut again = Vec::with_capacity(n);
        for &p in &out {
            push_corner(&mut again, p);
        }
        out = again;
        if out.len() == n {
            break;
        }
    }
    out.push(out[0]);
    Some(out)
}

/// Adds corner `p` after `out`, dropping repeats, spikes (out and straight back) and corners
/// in the middle of a straight line.
fn push_corner(out: &mut Vec<P>, p: P) {
    loop {
        match out.as_slice() {
            [.., last] if *last == p => return,
            [.., a, _] if *a == p => drop(out.pop()),
            [.., a, b] if orient(*a, *b, p) == 0 && on_segment(*a, p, *b) => drop(out.pop()),
            _ => break,
        }
    }
    out.push(p);
}

// ---------------------------------------------------------------------------------------------
// Checking saved boundaries

/// Every problem with saved boundaries: each shape names a locality of the scenario once, and
/// every ring is closed, finite, in range, has 3 different corners and does not cross itself;
/// at most [`MAX_STORED_POINTS`] corners in all. Paths start with `at` (`...boundaries`).
pub fn check(b: &Boundaries, localities: &[Locality], at: &str, issues: &mut Vec<Issue>) {
    let points = b.points();
    if points > MAX_STORED_POINTS {
        issues.push(Issue::new(
            format!("{at}.shapes"),
            format!("the boundaries have {points} corners; at most {MAX_STORED_POINTS} are kept: load them again to simplify them"),
        ));
        return;
    }
    let mut seen = BTreeSet::new();
    for (i, shape) in b.shapes.iter().enumerate() {
        let here = format!("{at}.shapes[{i}]");
        if !localities.iter().any(|l| l.name == shape.locality) {
            issues.push(Issue::new(
                format!("{here}.locality"),
                format!("names locality {:?}, which is not in `localities`", shape.locality),
            ));
        } else if !seen.insert(shape.locality.as_str()) {
            issues.push(Issue::new(
                format!("{here}.locality"),
                format!("locality {:?} has a second shape; each has at most one", shape.locality),
            ));
        }
        if shape.polygons.is_empty() || shape.polygons.iter().any(Vec::is_empty) {
            issues
                .push(Issue::new(format!("{here}.polygons"), "a shape needs at least one polygon with an outer ring"));
        }
        for (j, polygon) in shape.polygons.iter().enumerate() {
            for (k, ring) in polygon.iter().enumerate() {
                let place = format!("{here}.polygons[{j}][{k}]");
                if let Err(e) = check_ring(ring, "the ring") {
                    issues.push(Issue::new(place, e.to_string()));
                }
            }
        }
    }
}

/// A sentence for how many localities matched, for the person who loaded the file.
pub fn summary(loaded: &Loaded, localities: usize) -> String {
    let mut s = format!(
        "Matched {} of {} localities to {} in the file, by its \"{}\" property.",
        loaded.matched.len(),
        localities,
        plural(loaded.features, "feature", "features"),
        loaded.boundaries.property
    );
    if !loaded.missing.is_empty() {
        s.push_str(&format!(" No boundary for {}.", loaded.missing.join(", ")));
    }
    if !loaded.unmatched.is_empty() {
        s.push_str(&format!(" Not a locality of yours, so left out: {}.", quoted(&loaded.unmatched)));
    }
    s
}

#[cfg(test)]
mod tests;
