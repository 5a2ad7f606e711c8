//! Boundaries in the workspace (`model::geo`, `docs/map.md`): kept and forgotten by edits,
//! carried by renames and removals, saved and read back, and refused with a path when broken.
#![cfg(not(target_arch = "wasm32"))]

use lotwise::model::edit::Edit;
use lotwise::model::geo::{read, Loaded};
use lotwise::model::structure::are_adjacent;
use lotwise::model::Workspace;

const EXAMPLE: &str = include_str!("data/geo/example-localities.geojson");

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

/// The shipped example with the example fixture's boundaries loaded (through the edit).
fn example_with_boundaries() -> (Workspace, Loaded) {
    let mut ws = Workspace::default_workspace();
    let loaded = read(EXAMPLE, "example.geojson", ws.active_scenario()).unwrap();
    ws.apply(Edit::SetBoundaries(Some(Box::new(loaded.boundaries.clone())))).unwrap();
    (ws, loaded)
}

#[test]
fn boundaries_are_kept_by_an_edit_and_the_offer_accepted_by_another() {
    let (mut ws, loaded) = example_with_boundaries();
    let before = ws.active_scenario().plan_inputs();
    assert_eq!(ws.active_scenario().boundaries.as_ref(), Some(&loaded.boundaries));
    assert!(ws.validate().is_ok());
    assert!(!Edit::SetBoundaries(None).changes_inputs(), "the map does not change a plan");
    let accepted = loaded.offer.accepted(&ws.active_scenario().adjacency);
    ws.apply(Edit::SetAdjacency(accepted)).unwrap();
    let sc = ws.active_scenario();
    assert!(are_adjacent(sc, "South", "East"));
    assert!(!are_adjacent(sc, "Central", "North East"));
    assert_eq!(sc.adjacency.len(), 12);
    assert_ne!(sc.plan_inputs(), before, "borders do change a plan");
    // Refused: a pair naming no locality, or a locality bordering itself; nothing changes.
    let copy = ws.clone();
    assert!(ws.apply(Edit::SetAdjacency(vec![pair("North", "Atlantis")])).is_err());
    assert!(ws.apply(Edit::SetAdjacency(vec![pair("North", "North")])).is_err());
    assert_eq!(ws, copy);
    // Boundaries for a locality the scenario lacks are refused, and change nothing.
    let mut bad = loaded.boundaries.clone();
    bad.shapes[0].locality = "Atlantis".into();
    let err = ws.apply(Edit::SetBoundaries(Some(Box::new(bad)))).unwrap_err();
    assert!(
        err.0.starts_with("These boundaries cannot be kept: boundaries.shapes[0].locality: names locality"),
        "{err}"
    );
    assert_eq!(ws, copy);
    ws.apply(Edit::SetBoundaries(None)).unwrap();
    assert!(ws.active_scenario().boundaries.is_none());
}

#[test]
fn renaming_or_removing_a_locality_carries_its_boundary() {
    let (mut ws, _) = example_with_boundaries();
    ws.apply(Edit::RenameLocality { name: "North".into(), to: "Northern".into() }).unwrap();
    let b = ws.active_scenario().boundaries.clone().unwrap();
    assert!(b.shape("Northern").is_some() && b.shape("North").is_none());
    ws.apply(Edit::RemoveLocality("Central".into())).unwrap();
    assert!(ws.active_scenario().boundaries.as_ref().unwrap().shape("Central").is_none());
    assert!(ws.validate().is_ok());
}

#[test]
fn a_workspace_with_boundaries_round_trips_and_older_files_read_unchanged() {
    let (ws, _) = example_with_boundaries();
    let text = ws.to_json();
    assert!(text.contains("\"boundaries\""));
    let back = Workspace::from_json(&text).unwrap();
    assert_eq!(back, ws);
    // Without boundaries nothing is written, so files are as before.
    let plain = Workspace::default_workspace().to_json();
    assert!(!plain.contains("boundaries"));
    assert_eq!(Workspace::from_json(&plain).unwrap().active_scenario().boundaries, None);
}

#[test]
fn a_workspace_with_bad_geometry_is_refused_with_the_path_to_it() {
    let (ws, _) = example_with_boundaries();
    let text = ws.to_json();
    // A bow tie in West's outer ring, and an unclosed ring in North's.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shapes = &mut json["scenarios"][0]["boundaries"]["shapes"];
    shapes[2]["polygons"][0][0] = serde_json::json!([[0, 52], [1, 53], [1, 52], [0, 53], [0, 52]]);
    shapes[0]["polygons"][0][0].as_array_mut().unwrap().pop();
    let issues = Workspace::from_json(&json.to_string()).unwrap_err();
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"scenarios[0].boundaries.shapes[0].polygons[0][0]"), "{issues}");
    assert!(paths.contains(&"scenarios[0].boundaries.shapes[2].polygons[0][0]"), "{issues}");
    assert!(issues.to_string().contains("crosses itself"), "{issues}");
    // 1e999 in a saved file: the number cannot be read, and the file is refused.
    let huge = text.replacen("52.", "1e999", 1);
    assert!(Workspace::from_json(&huge).is_err());
}
