//! Tests of reading boundaries: matching, borders on a hand-made grid, and every kind of
//! hostile file refused with its own message.

use super::*;
use crate::model::Workspace;

const GRID: &str = include_str!("../../../tests/data/geo/grid-2x2.geojson");
const EXAMPLE: &str = include_str!("../../../tests/data/geo/example-localities.geojson");

/// A scenario with localities A, B, C, D (a 2x2 grid: A B over C D) and Island, no borders.
fn grid_scenario() -> Scenario {
    let mut sc = Workspace::default_workspace().active_scenario().clone();
    sc.localities = ["A", "B", "C", "D", "Island"]
        .iter()
        .map(|n| Locality { name: n.to_string(), weight: 1.0, authority: None })
        .collect();
    sc.adjacency = vec![("A".into(), "D".into())];
    sc.boundaries = None;
    sc
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

fn refused(text: &str) -> GeoError {
    read(text, "test.geojson", &grid_scenario()).expect_err("refused")
}

/// A FeatureCollection with one feature called A with this geometry.
fn one(geometry: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"A"}},"geometry":{geometry}}}]}}"#
    )
}

fn polygon(coords: &str) -> String {
    one(&format!(r#"{{"type":"Polygon","coordinates":[{coords}]}}"#))
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn squares_sharing_an_edge_border_each_other_and_corners_do_not() {
    let loaded = read(GRID, "grid.geojson", &grid_scenario()).unwrap();
    assert_eq!(loaded.borders, vec![pair("A", "B"), pair("A", "C"), pair("B", "D"), pair("C", "D")]);
    assert_eq!(loaded.matched, ["A", "B", "C", "D", "Island"]);
    assert!(loaded.missing.is_empty() && loaded.unmatched.is_empty());
    assert_eq!(loaded.boundaries.property, "name");
    assert_eq!(loaded.boundaries.source, "grid.geojson");
    // The scenario said A-D (diagonal: one corner): the offer removes it and adds the four edges.
    assert_eq!(loaded.offer.remove, vec![pair("A", "D")]);
    assert_eq!(loaded.offer.add.len(), 4);
    let accepted = loaded.offer.accepted(&[pair("A", "D"), pair("Island", "Elsewhere")]);
    assert_eq!(accepted.len(), 5, "a pair the boundaries cannot judge is kept: {accepted:?}");
    assert!(!accepted.contains(&pair("A", "D")));
    // Each square keeps its 4 corners (closed: 5 positions).
    assert!(loaded.boundaries.shapes.iter().all(|s| s.polygons[0][0].len() == 5));
    let mut issues = Vec::new();
    check(&loaded.boundaries, &grid_scenario().localities, "boundaries", &mut issues);
    assert!(issues.is_empty(), "{issues:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn the_example_fixture_matches_all_eight_localities_case_and_spaces_aside() {
    let sc = Workspace::default_workspace().active_scenario().clone();
    let loaded = read(EXAMPLE, "example.geojson", &sc).unwrap();
    assert_eq!(loaded.boundaries.property, "ward_name");
    assert_eq!(loaded.matched.len(), 8);
    assert_eq!(loaded.unmatched, ["Neighbouring authority"]);
    assert!(loaded.missing.is_empty());
    assert_eq!(loaded.offer.add, vec![pair("East", "South")]);
    assert_eq!(loaded.offer.remove, vec![pair("Central", "North East")]);
    let south = loaded.boundaries.shape("South").unwrap();
    assert_eq!(south.polygons.len(), 2, "a MultiPolygon keeps both parts");
    assert_eq!(loaded.boundaries.shape("Central").unwrap().polygons[0].len(), 2, "the hole is kept");
    assert_eq!(
        summary(&loaded, 8),
        "Matched 8 of 8 localities to 9 features in the file, by its \"ward_name\" property. \
         Not a locality of yours, so left out: \"Neighbouring authority\"."
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn localities_without_a_feature_and_features_without_a_locality_are_reported() {
    let mut sc = grid_scenario();
    sc.localities.push(Locality { name: "Lake".into(), weight: 1.0, authority: None });
    sc.localities.retain(|l| l.name != "B");
    let loaded = read(GRID, "grid.geojson", &sc).unwrap();
    assert_eq!(loaded.missing, ["Lake"]);
    assert_eq!(loaded.unmatched, ["B"]);
    assert_eq!(loaded.borders, vec![pair("A", "C"), pair("C", "D")]);
    assert!(summary(&loaded, 5).contains("Matched 4 of 5 localities"));
    assert!(summary(&loaded, 5).contains("No boundary for Lake."));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn hostile_files_are_refused_with_a_message_that_says_what_and_where() {
    let msg = |e: GeoError| e.to_string();
    assert!(matches!(refused("not json"), GeoError::NotJson { line: 1, .. }));
    assert!(msg(refused("")).contains("empty"));
    assert!(matches!(refused("[1, 2]"), GeoError::NotFeatureCollection { .. }));
    let e = refused(r#"{"type":"Feature","geometry":null}"#);
    assert!(msg(e).contains("its type is \"Feature\""));
    assert!(matches!(refused(r#"{"type":"FeatureCollection","features":[]}"#), GeoError::NoFeatures));
    // Wrong types, with the path.
    let e = refused(&polygon(r#"[["a", 52], [1, 52], [1, 53], ["a", 52]]"#));
    assert!(
        msg(e.clone()).contains("features[0].geometry.coordinates[0][0][0]") && msg(e).contains("expected a number"),
        "{}",
        msg(refused(&polygon(r#"[["a", 52]]"#)))
    );
    let e = refused(r#"{"type":"FeatureCollection","features":"many"}"#);
    assert!(matches!(&e, GeoError::WrongType { path, .. } if path == "features"), "{e:?}");
    let e = refused(&one(r#"{"type":"Point","coordinates":[0, 52]}"#));
    assert_eq!(
        msg(e),
        "Feature 1 (\"A\") is a Point, not an area. Boundaries must be Polygon or MultiPolygon features."
    );
    assert!(matches!(refused(&one("null")), GeoError::NoGeometry { .. }));
    // 1e999 does not fit a number: refused, with where.
    let e = refused(&polygon("[[1e999, 52], [1, 52], [1, 53], [1e999, 52]]"));
    assert!(matches!(e, GeoError::NumberTooLarge { line: 1, .. }), "{e:?}");
    // Out of range, and metres said to be metres.
    let e = refused(&polygon("[[530000, 180000], [531000, 180000], [531000, 181000], [530000, 180000]]"));
    assert!(matches!(e, GeoError::OutOfRange { .. }));
    assert!(msg(e).contains("British National Grid"));
    let e = refused(&polygon("[[0, 95], [1, 52], [1, 53], [0, 95]]"));
    assert!(msg(e).starts_with("Feature 1 (\"A\"), its outer ring has the position [0, 95], outside"));
    // Not closed, too short, degenerate.
    let e = refused(&polygon("[[0, 52], [1, 52], [1, 53], [0, 53]]"));
    assert_eq!(msg(e), "Feature 1 (\"A\"), its outer ring is not closed: its last position must repeat its first. Repair the geometry in your mapping software.");
    assert!(matches!(refused(&polygon("[[0, 52], [1, 52], [0, 52]]")), GeoError::RingTooShort { .. }));
    assert!(matches!(
        refused(&polygon("[[0, 52], [1, 52], [0, 52], [1, 52], [0, 52]]")),
        GeoError::SelfIntersecting { .. }
    ));
    assert!(matches!(refused(&polygon("[[0, 52], [0, 52], [1, 52], [0, 52]]")), GeoError::RingTooShort { .. }));
    // A bow tie crosses itself; the message says roughly where.
    let e = refused(&polygon("[[0, 52], [1, 53], [1, 52], [0, 53], [0, 52]]"));
    assert!(matches!(e, GeoError::SelfIntersecting { .. }));
    assert!(msg(e).contains("crosses itself near longitude"));
    // A hole that crosses itself is named as a hole.
    let holes = "[[0, 50], [3, 50], [3, 53], [0, 53], [0, 50]], [[1, 51], [2, 52], [2, 51], [1, 52], [1, 51]]";
    assert!(msg(refused(&polygon(holes))).starts_with("Feature 1 (\"A\"), hole 1 crosses itself"));
    // A figure of eight that touches itself at one corner.
    let eight = "[[0, 50], [1, 51], [2, 50], [2, 52], [1, 51], [0, 52], [0, 50]]";
    assert!(matches!(refused(&polygon(eight)), GeoError::SelfIntersecting { .. }));
    // Names that match nothing.
    let mut sc = grid_scenario();
    sc.localities.iter_mut().for_each(|l| l.name = format!("Ward {}", l.name));
    let e = read(GRID, "g", &sc).unwrap_err();
    assert!(msg(e).starts_with("No feature property names any of your localities (\"Ward A\", \"Ward B\", \"Ward C\", \"Ward D\" and 1 more). The features are called, for example, \"A\""));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn too_large_files_and_too_many_features_are_refused_before_anything_else() {
    let big = " ".repeat(MAX_GEOJSON_BYTES + 1);
    assert!(refused(&big).to_string().starts_with("The file is 20.0 MB; the largest Lotwise reads is 20 MB."));
    let feature = r#"{"type":"Feature","properties":{"name":"A"},"geometry":null}"#;
    let many = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, vec![feature; MAX_FEATURES + 1].join(","));
    assert!(matches!(refused(&many), GeoError::TooManyFeatures { .. }));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn detailed_boundaries_are_simplified_and_keep_their_shared_borders() {
    // Two squares sharing a wiggly border of 4,000 corners: stored with far fewer corners.
    let n = 4_000;
    let border: Vec<[f64; 2]> = (0..=n)
        .map(|i| {
            let y = 52.0 + f64::from(i) / f64::from(n);
            [0.0 + 0.000_002 * f64::from(i % 2), y]
        })
        .collect();
    let left: Vec<[f64; 2]> =
        [[-1.0, 53.0], [-1.0, 52.0]].into_iter().chain(border.iter().copied()).chain([[-1.0, 53.0]]).collect();
    let right: Vec<[f64; 2]> =
        [[1.0, 52.0], [1.0, 53.0]].into_iter().chain(border.iter().rev().copied()).chain([[1.0, 52.0]]).collect();
    let feature = |name: &str, ring: &[[f64; 2]]| {
        format!(
            r#"{{"type":"Feature","properties":{{"name":"{name}"}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}}"#,
            serde_json::to_string(ring).unwrap()
        )
    };
    let text =
        format!(r#"{{"type":"FeatureCollection","features":[{},{}]}}"#, feature("A", &left), feature("B", &right));
    let loaded = read(&text, "wiggle", &grid_scenario()).unwrap();
    assert_eq!(loaded.borders, vec![pair("A", "B")]);
    let kept = loaded.boundaries.points();
    assert!(kept < 200, "simplified to {kept} corners");
    let mut issues = Vec::new();
    check(&loaded.boundaries, &grid_scenario().localities, "b", &mut issues);
    assert!(issues.is_empty(), "{issues:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn saved_boundaries_are_checked_with_a_path_to_the_fault() {
    let loaded = read(GRID, "grid.geojson", &grid_scenario()).unwrap();
    let localities = grid_scenario().localities;
    let issues = |b: &Boundaries| {
        let mut out = Vec::new();
        check(b, &localities, "scenario.boundaries", &mut out);
        out
    };
    let mut b = loaded.boundaries.clone();
    b.shapes[1].polygons[0][0][2] = [f64::INFINITY, 52.0];
    let found = issues(&b);
    assert_eq!(found[0].path, "scenario.boundaries.shapes[1].polygons[0][0]");
    assert!(found[0].message.contains("not a number"), "{}", found[0].message);
    let mut b = loaded.boundaries.clone();
    b.shapes[0].locality = "Nowhere".into();
    b.shapes[2].polygons[0][0].pop();
    let found = issues(&b);
    assert_eq!(found[0].path, "scenario.boundaries.shapes[0].locality");
    assert_eq!(found[1].path, "scenario.boundaries.shapes[2].polygons[0][0]");
    assert!(found[1].message.contains("not closed"));
    let mut b = loaded.boundaries.clone();
    b.shapes[3].polygons[0][0] = vec![[0.0, 52.0], [1.0, 53.0], [1.0, 52.0], [0.0, 53.0], [0.0, 52.0]];
    assert!(issues(&b)[0].message.contains("crosses itself"));
    let mut b = loaded.boundaries;
    b.shapes[4].locality = "A".into();
    assert!(issues(&b)[0].message.contains("second shape"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[test]
fn a_ring_near_a_pole_is_kept_within_latitude_minus_90_to_90() {
    // Found by the property test below: snapped to the drawing grid, -89.95 became -90.008 and
    // the saved boundaries were refused when read back.
    let ring =
        [[-85.74825901602503, 0.0], [0.0, 0.0], [151.73987051578592, -89.95336757688729], [-85.74825901602503, 0.0]];
    let text = polygon(&serde_json::to_string(&ring).unwrap());
    let loaded = read(&text, "x", &grid_scenario()).unwrap();
    let mut issues = Vec::new();
    check(&loaded.boundaries, &grid_scenario().localities, "b", &mut issues);
    assert!(issues.is_empty(), "{issues:?}");
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_text_is_read_or_refused(text in ".{0,300}") {
            let _ = read(&text, "x", &grid_scenario());
        }

        #[test]
        fn any_bytes_spliced_into_a_good_file_are_read_or_refused(at in 0usize..2000, junk in "[\\[\\]{}\",:0-9eE.+-]{0,12}") {
            let at = at.min(GRID.len());
            let at = (0..=at).rev().find(|&i| GRID.is_char_boundary(i)).unwrap_or(0);
            let text = format!("{}{}{}", &GRID[..at], junk, &GRID[at..]);
            let _ = read(&text, "x", &grid_scenario());
        }

        #[test]
        fn any_ring_is_read_or_refused(points in proptest::collection::vec((-200.0f64..200.0, -100.0f64..100.0), 0..30)) {
            let mut ring: Vec<[f64; 2]> = points.iter().map(|&(x, y)| [x, y]).collect();
            if let Some(&first) = ring.first() {
                ring.push(first);
            }
            let text = polygon(&serde_json::to_string(&ring).unwrap());
            if let Ok(loaded) = read(&text, "x", &grid_scenario()) {
                let mut issues = Vec::new();
                check(&loaded.boundaries, &grid_scenario().localities, "b", &mut issues);
                prop_assert!(issues.is_empty(), "{:?}", issues);
            }
        }
    }
}
