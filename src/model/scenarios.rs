//! The verbs behind [`super::edit::Edit`] for the list of scenarios: new, duplicate, rename,
//! delete and switch.
//!
//! Scenario ids are unique, never reused while the scenario exists and never changed by a
//! rename, so plans kept by id stay attached to the right scenario. The verbs leave `active`
//! as a position (`ActiveRef::Index`) that resolves, and check everything before changing
//! anything.
//!
//! # Example
//! ```
//! use lotwise::model::{edit::Edit, scenarios::Start, Workspace};
//! let mut ws = Workspace::default_workspace();
//! ws.apply(Edit::NewScenario(Start::Example))?;
//! assert_eq!(ws.active_scenario().name, "Scenario 2");
//! ws.apply(Edit::RenameScenario { index: 1, name: " Two lots per area ".into() })?;
//! assert_eq!(ws.scenarios[1].name, "Two lots per area");
//! ws.apply(Edit::DeleteScenario(0))?;
//! assert_eq!(ws.scenarios.len(), 1);
//! assert!(ws.apply(Edit::DeleteScenario(0)).is_err(), "the last scenario stays");
//! # Ok::<_, lotwise::model::edit::EditError>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::BTreeSet;

use super::{ActiveRef, Function, Locality, Scenario, Service, ServiceArea, Tiers, Workspace};
use crate::base::error::{refuse, EditError};
use crate::base::text::plural;
use crate::model::migrate::MAX_SCENARIOS;

/// The longest scenario name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// What a new scenario or workspace starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// An empty service to fill in: one service area, one locality, no suppliers.
    Blank,
    /// The shipped example (one English local authority from the 2014 report's figures).
    Example,
}

/// A blank scenario: one service area worth £1,000,000 a year, the four tiers of need of the
/// example, all work as one function, one locality, no suppliers, the default rules. It is
/// valid, so it can be edited step by step into the user's own service.
pub fn blank_scenario() -> Scenario {
    let example = Workspace::default_workspace().scenarios.into_iter().next().unwrap_or_default();
    Scenario {
        id: "scenario-1".into(),
        name: "My service".into(),
        service: Service { authority: String::new(), name: String::new(), ..example.service },
        service_areas: vec![ServiceArea {
            code: "AREA1".into(),
            name: "Service area 1".into(),
            annual_value: 1_000_000.0,
            ..ServiceArea::default()
        }],
        tiers: Tiers { split: Default::default(), ..example.tiers },
        functions: vec![Function { code: "ALL".into(), name: "All work".into(), share: 1.0, relevant_care: false }],
        localities: vec![Locality { name: "Whole area".into(), weight: 1.0, authority: None }],
        adjacency: Vec::new(),
        split_by: example.split_by,
        retained: Vec::new(),
        suppliers: Vec::new(),
        capacity_policy: Default::default(),
        rules: Default::default(),
        projection: Default::default(),
        record: Default::default(),
        contract: Default::default(),
        boundaries: None,
        authorities: Vec::new(),
    }
}

impl Workspace {
    /// A workspace of one scenario: blank, or the example.
    pub fn starting_with(start: Start) -> Workspace {
        match start {
            Start::Example => Workspace::default_workspace(),
            Start::Blank => Workspace::of(blank_scenario()),
        }
    }

    /// A workspace holding `scenario` alone (a copy of it, made active).
    pub fn of(scenario: Scenario) -> Workspace {
        Workspace {
            format: super::FORMAT.into(),
            scenarios: vec![scenario],
            active: ActiveRef::Index(0),
            regime: Default::default(),
        }
    }
}

/// Adds a new scenario, named "Scenario N" with a fresh id, at the end, and makes it active:
/// blank, or a copy of the shipped example.
pub(super) fn new_scenario(ws: &mut Workspace, start: Start) -> Result<(), EditError> {
    room_for_one(ws)?;
    let mut scenario = match start {
        Start::Blank => blank_scenario(),
        Start::Example => Workspace::default_workspace().scenarios.into_iter().next().unwrap_or_default(),
    };
    let n = fresh_number(ws);
    scenario.id = format!("scenario-{n}");
    scenario.name = format!("Scenario {n}");
    ws.scenarios.push(scenario);
    ws.active = ActiveRef::Index(ws.scenarios.len() - 1);
    Ok(())
}

/// Copies scenario `i` (named "Copy of …", with a fresh id) just after it and makes the copy
/// active.
pub(super) fn duplicate(ws: &mut Workspace, i: usize) -> Result<(), EditError> {
    let source = get(ws, i)?;
    room_for_one(ws)?;
    let mut copy = source.clone();
    copy.id = fresh_id(ws, &format!("scenario-{}", fresh_number(ws)));
    copy.name = unique_name(ws, &format!("Copy of {}", source.name.trim()));
    ws.scenarios.insert(i + 1, copy);
    ws.active = ActiveRef::Index(i + 1);
    Ok(())
}

/// Renames scenario `i`. The name is trimmed and must be non-empty, at most
/// [`MAX_NAME_CHARS`] characters, and differ from every other scenario's name (ignoring case).
pub(super) fn rename(ws: &mut Workspace, i: usize, name: &str) -> Result<(), EditError> {
    get(ws, i)?;
    let name = name.trim();
    if name.is_empty() {
        return refuse("Enter a name for the scenario.");
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return refuse(format!("The name is {chars} characters long; use {MAX_NAME_CHARS} characters or fewer."));
    }
    let taken = ws.scenarios.iter().enumerate().any(|(j, s)| j != i && same_name(&s.name, name));
    if taken {
        return refuse(format!("There is already a scenario called “{name}”. Choose a different name."));
    }
    ws.active = ActiveRef::Index(active(ws));
    ws.scenarios[i].name = name.to_string();
    Ok(())
}

/// Removes scenario `i`; refuses to remove the only one. The active scenario stays active if it
/// was another one; if it was the one removed, the next one (or the new last one) becomes
/// active.
pub(super) fn delete(ws: &mut Workspace, i: usize) -> Result<(), EditError> {
    get(ws, i)?;
    if ws.scenarios.len() <= 1 {
        return refuse("A workspace needs at least one scenario, so the only one cannot be deleted.");
    }
    let current = active(ws);
    ws.scenarios.remove(i);
    let last = ws.scenarios.len() - 1;
    let index = match current {
        c if c > i => c - 1,
        c if c == i => i.min(last),
        c => c,
    };
    ws.active = ActiveRef::Index(index.min(last));
    Ok(())
}

/// Makes scenario `i` the active one.
pub(super) fn set_active(ws: &mut Workspace, i: usize) -> Result<(), EditError> {
    get(ws, i)?;
    ws.active = ActiveRef::Index(i);
    Ok(())
}

/// The active position, 0 when `active` does not resolve (as [`Workspace::active_scenario`]).
fn active(ws: &Workspace) -> usize {
    ws.active_index().unwrap_or(0)
}

fn get(ws: &Workspace, i: usize) -> Result<&Scenario, EditError> {
    ws.scenarios.get(i).ok_or_else(|| {
        EditError(format!(
            "There is no scenario {}: the workspace has {}.",
            i + 1,
            plural(ws.scenarios.len(), "scenario", "scenarios")
        ))
    })
}

fn room_for_one(ws: &Workspace) -> Result<(), EditError> {
    if ws.scenarios.len() >= MAX_SCENARIOS {
        return refuse(format!(
            "A workspace holds at most {MAX_SCENARIOS} scenarios. Delete one before adding another."
        ));
    }
    Ok(())
}

/// The smallest N from (number of scenarios + 1) such that neither the name "Scenario N" nor
/// the id "scenario-N" is in use.
fn fresh_number(ws: &Workspace) -> usize {
    let ids: BTreeSet<&str> = ws.scenarios.iter().map(|s| s.id.as_str()).collect_set();
    (ws.scenarios.len() + 1..)
        .find(|n| {
            !ids.contains(format!("scenario-{n}").as_str())
                && !ws.scenarios.iter().any(|s| same_name(&s.name, &format!("Scenario {n}")))
        })
        .unwrap_or(usize::MAX)
}

/// `base`, or `base-2`, `base-3`, … whichever is not an id yet.
pub(crate) fn fresh_id(ws: &Workspace, base: &str) -> String {
    let taken = |id: &str| ws.scenarios.iter().any(|s| s.id == id);
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|k| format!("{base}-{k}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_string())
}

/// `base` (shortened to fit), or `base (2)`, `base (3)`, … whichever no scenario is called.
pub(crate) fn unique_name(ws: &Workspace, base: &str) -> String {
    let base: String = base.chars().take(MAX_NAME_CHARS - 5).collect();
    let base = base.trim_end();
    let taken = |name: &str| ws.scenarios.iter().any(|s| same_name(&s.name, name));
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|k| format!("{base} ({k})")).find(|name| !taken(name)).unwrap_or_else(|| base.to_string())
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod start_tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_blank_start_is_valid_and_holds_none_of_the_example() {
        let ws = Workspace::starting_with(Start::Blank);
        ws.validate().unwrap_or_else(|e| panic!("{e}"));
        let sc = ws.active_scenario();
        assert!(sc.suppliers.is_empty() && sc.service.authority.is_empty());
        assert_eq!((sc.service_areas.len(), sc.localities.len()), (1, 1));
        let mut two = ws.clone();
        two.apply(crate::model::edit::Edit::NewScenario(Start::Blank)).unwrap();
        assert_eq!(two.scenarios.len(), 2);
        assert_ne!(two.scenarios[0].id, two.scenarios[1].id);
        two.validate().unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::{ActiveRef, BTreeSet, Workspace, MAX_NAME_CHARS, MAX_SCENARIOS};
    use crate::model::edit::Edit;

    /// `edit` applied to a copy of `ws` through [`Workspace::apply`], the one way to edit.
    fn with(ws: &Workspace, edit: Edit) -> Result<Workspace, String> {
        let mut next = ws.clone();
        next.apply(edit).map_err(|e| e.0)?;
        Ok(next)
    }

    fn new_scenario(ws: &Workspace) -> Result<Workspace, String> {
        with(ws, Edit::NewScenario(super::Start::Example))
    }

    fn duplicate(ws: &Workspace, i: usize) -> Result<Workspace, String> {
        with(ws, Edit::DuplicateScenario(i))
    }

    fn rename(ws: &Workspace, index: usize, name: &str) -> Result<Workspace, String> {
        with(ws, Edit::RenameScenario { index, name: name.into() })
    }

    fn delete(ws: &Workspace, i: usize) -> Result<Workspace, String> {
        with(ws, Edit::DeleteScenario(i))
    }

    fn set_active(ws: &Workspace, i: usize) -> Result<Workspace, String> {
        with(ws, Edit::SelectScenario(i))
    }

    fn base() -> Workspace {
        Workspace::default_workspace()
    }

    fn ids(ws: &Workspace) -> Vec<&str> {
        ws.scenarios.iter().map(|s| s.id.as_str()).collect()
    }

    fn names(ws: &Workspace) -> Vec<&str> {
        ws.scenarios.iter().map(|s| s.name.as_str()).collect()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn new_adds_the_example_under_a_fresh_id_and_selects_it() {
        let ws = new_scenario(&base()).unwrap();
        assert_eq!(ws.scenarios.len(), 2);
        assert_eq!(ws.active_index(), Some(1));
        let added = ws.active_scenario();
        assert_eq!(added.name, "Scenario 2");
        assert_eq!(added.id, "scenario-2");
        let mut example = base().scenarios[0].clone();
        example.id = added.id.clone();
        example.name = added.name.clone();
        assert_eq!(*added, example, "a copy of the shipped example");
        ws.validate().unwrap();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn new_copies_the_example_not_the_edited_scenario() {
        let mut ws = base();
        ws.scenarios[0].rules.k = 4;
        let ws = new_scenario(&ws).unwrap();
        assert_eq!(ws.scenarios[1].rules.k, base().scenarios[0].rules.k);
        assert_eq!(ws.scenarios[0].rules.k, 4);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn numbers_skip_names_and_ids_in_use() {
        let mut ws = new_scenario(&base()).unwrap(); // Scenario 2
        ws = rename(&ws, 0, "Scenario 3").unwrap();
        ws = new_scenario(&ws).unwrap();
        assert_eq!(names(&ws), ["Scenario 3", "Scenario 2", "Scenario 4"]);
        // With "Scenario 2" deleted, 3 is still a name in use, and 4 is taken: the next is 5.
        ws = delete(&ws, 1).unwrap();
        ws = new_scenario(&ws).unwrap();
        assert_eq!(ws.active_scenario().name, "Scenario 5");
        let unique: BTreeSet<_> = ids(&ws).into_iter().collect();
        assert_eq!(unique.len(), ws.scenarios.len());
        ws.validate().unwrap();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn ids_stay_unique_through_any_sequence_of_verbs() {
        let mut ws = base();
        for step in 0..60 {
            let n = ws.scenarios.len();
            ws = match step % 5 {
                0 => new_scenario(&ws).unwrap(),
                1 => duplicate(&ws, step % n).unwrap(),
                2 => rename(&ws, step % n, &format!("Name {step}")).unwrap(),
                3 if n > 1 => delete(&ws, (step * 7) % n).unwrap(),
                _ => set_active(&ws, (step * 3) % n).unwrap(),
            };
            let unique: BTreeSet<_> = ids(&ws).into_iter().collect();
            assert_eq!(unique.len(), ws.scenarios.len(), "step {step}: {:?}", ids(&ws));
            assert!(ws.active_index().is_some(), "step {step}: active resolves");
        }
        ws.validate().unwrap();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn duplicate_copies_after_the_source_and_selects_the_copy() {
        let mut ws = new_scenario(&base()).unwrap();
        ws.scenarios[0].rules.m = 5;
        let ws = duplicate(&ws, 0).unwrap();
        assert_eq!(ws.scenarios.len(), 3);
        assert_eq!(ws.active_index(), Some(1));
        let copy = &ws.scenarios[1];
        assert_eq!(copy.name, "Copy of Split by service area and locality");
        assert_eq!(copy.rules.m, 5);
        assert_ne!(copy.id, ws.scenarios[0].id);
        assert_eq!(ws.scenarios[2].name, "Scenario 2", "later scenarios move along");
        let again = duplicate(&ws, 0).unwrap();
        assert_eq!(again.scenarios[1].name, "Copy of Split by service area and locality (2)");
        again.validate().unwrap();
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rename_trims_and_keeps_the_id() {
        let ws = rename(&base(), 0, "  Larger lots \t").unwrap();
        assert_eq!(ws.scenarios[0].name, "Larger lots");
        assert_eq!(ws.scenarios[0].id, "default");
        let same = rename(&ws, 0, "LARGER LOTS").unwrap();
        assert_eq!(same.scenarios[0].name, "LARGER LOTS", "a scenario may keep its own name");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rename_refuses_empty_long_and_taken_names() {
        let ws = new_scenario(&base()).unwrap();
        assert_eq!(rename(&ws, 0, "   ").unwrap_err(), "Enter a name for the scenario.");
        let taken = rename(&ws, 0, " scenario 2 ").unwrap_err();
        assert!(taken.contains("already a scenario called “scenario 2”"), "{taken}");
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(rename(&ws, 0, &long).unwrap_err().contains("80 characters or fewer"));
        assert!(rename(&ws, 0, &"é".repeat(MAX_NAME_CHARS)).is_ok(), "characters, not bytes");
        assert!(rename(&ws, 5, "Fine").unwrap_err().contains("no scenario 6"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn delete_refuses_the_last_scenario() {
        let err = delete(&base(), 0).unwrap_err();
        assert!(err.contains("at least one scenario"), "{err}");
        assert!(delete(&base(), 3).is_err());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn delete_keeps_the_active_scenario_when_it_can() {
        let ws = new_scenario(&new_scenario(&base()).unwrap()).unwrap(); // 3, active 2
        let active_id = ws.active_scenario().id.clone();
        let after = delete(&ws, 0).unwrap();
        assert_eq!(after.active_scenario().id, active_id, "an earlier deletion shifts the index");
        let ws1 = set_active(&ws, 0).unwrap();
        let after = delete(&ws1, 2).unwrap();
        assert_eq!(after.active_index(), Some(0), "a later deletion leaves it alone");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn deleting_the_active_scenario_selects_a_neighbour() {
        let ws = new_scenario(&new_scenario(&base()).unwrap()).unwrap(); // 3 scenarios
        let middle = set_active(&ws, 1).unwrap();
        let after = delete(&middle, 1).unwrap();
        assert_eq!(after.active_scenario().id, ws.scenarios[2].id, "the next one");
        let last = delete(&ws, 2).unwrap();
        assert_eq!(last.active_index(), Some(1), "the new last one");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn an_unresolved_active_reference_is_treated_as_the_first() {
        let mut ws = new_scenario(&base()).unwrap();
        ws.active = ActiveRef::Id("gone".into());
        let after = delete(&ws, 1).unwrap();
        assert_eq!(after.active_index(), Some(0));
        let mut by_id = new_scenario(&base()).unwrap();
        by_id.active = ActiveRef::Id("scenario-2".into());
        assert_eq!(delete(&by_id, 0).unwrap().active_scenario().id, "scenario-2");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn set_active_switches_and_checks_the_position() {
        let ws = new_scenario(&base()).unwrap();
        assert_eq!(set_active(&ws, 0).unwrap().active_scenario().id, "default");
        assert!(set_active(&ws, 2).unwrap_err().contains("has 2 scenarios"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn adding_stops_at_the_import_limit() {
        let mut ws = base();
        while ws.scenarios.len() < MAX_SCENARIOS {
            ws = new_scenario(&ws).unwrap();
        }
        assert!(new_scenario(&ws).unwrap_err().contains("at most 200"));
        assert!(duplicate(&ws, 0).is_err());
        let (back, _) = Workspace::import(&ws.to_json()).unwrap();
        assert_eq!(back.scenarios.len(), MAX_SCENARIOS, "a full workspace still round-trips");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_round_trip_keeps_every_scenario() {
        let ws = duplicate(&new_scenario(&base()).unwrap(), 0).unwrap();
        let (back, notes) = Workspace::import(&ws.to_json()).unwrap();
        assert_eq!(back, ws);
        assert!(notes.is_empty());
    }
}
