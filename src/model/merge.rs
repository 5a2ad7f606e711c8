//! Three-way merge of workspaces: two copies edited apart (two browser tabs) from one common
//! copy are joined when their changes are independent, and otherwise every place both changed
//! is named.
//!
//! Scenarios are matched by id. Inside a scenario the merge goes field by field through its
//! JSON (so `rules.k` changed in one copy and `rules.m` in the other both survive); a list (the
//! suppliers, the areas) is one value: changed in both copies in different ways, it is a
//! conflict. A scenario added in either copy is kept; one deleted in a copy and left alone in
//! the other is deleted; deleted in one and changed in the other is a conflict. Which scenario
//! is on screen is taken from "ours". A merge that would make an invalid workspace (say `v_min`
//! raised in one copy and `v_max` lowered below it in the other) is a conflict too.
//!
//! # Example
//! ```
//! use lotwise::model::{merge::merge, Workspace};
//! let base = Workspace::default_workspace();
//! let (mut ours, mut theirs) = (base.clone(), base.clone());
//! ours.scenarios[0].rules.k = 3;
//! theirs.scenarios[0].rules.m = 4;
//! let merged = merge(&base, &ours, &theirs).unwrap();
//! assert_eq!((merged.scenarios[0].rules.k, merged.scenarios[0].rules.m), (3, 4));
//! theirs.scenarios[0].rules.k = 1;
//! let conflicts = merge(&base, &ours, &theirs).unwrap_err();
//! assert_eq!(conflicts[0].to_string(), "“Split by service area and locality”: rules › k");
//! ```

use std::fmt;

use serde_json::{Map, Value};

use crate::model::scenarios::{fresh_id, unique_name};
use crate::model::{ActiveRef, Scenario, Workspace};

/// A place both copies changed differently, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The scenario's name (or id), empty for the workspace as a whole.
    pub scenario: String,
    /// The field's path inside the scenario, such as `rules › k`; empty for the whole scenario.
    pub field: String,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.scenario.is_empty(), self.field.is_empty()) {
            (true, _) => write!(f, "{}", self.field),
            (false, true) => write!(f, "“{}” (deleted in one copy, changed in the other)", self.scenario),
            (false, false) => write!(f, "“{}”: {}", self.scenario, self.field),
        }
    }
}

/// Joins the changes `ours` and `theirs` made to `base`, or names every conflict.
pub fn merge(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Result<Workspace, Vec<Conflict>> {
    if ours == base || ours == theirs {
        return Ok(theirs.clone());
    }
    if theirs == base {
        return Ok(ours.clone());
    }
    let mut conflicts = Vec::new();
    let mut scenarios = Vec::new();
    let mut added_under_taken_id = Vec::new();
    for id in ids(base, ours, theirs) {
        let (b, o, t) = (find(base, &id), find(ours, &id), find(theirs, &id));
        if let (None, Some(o), Some(t)) = (b, o, t) {
            // Each copy added a different scenario under the same id: keep both.
            scenarios.push(o.clone());
            if o != t {
                added_under_taken_id.push(t.clone());
            }
            continue;
        }
        match merge_scenario(b, o, t) {
            Ok(Some(s)) => scenarios.push(s),
            Ok(None) => {}
            Err(mut found) => conflicts.append(&mut found),
        }
    }
    // The workspace's own settings: the regime.
    let regime = if ours.regime == theirs.regime || theirs.regime == base.regime {
        ours.regime
    } else if ours.regime == base.regime {
        theirs.regime
    } else {
        conflicts.push(whole("the procurement regime"));
        ours.regime
    };
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    let active = ActiveRef::Id(ours.active_scenario().id.clone());
    let mut merged = Workspace { format: ours.format.clone(), scenarios, active, regime };
    for mut s in added_under_taken_id {
        s.id = fresh_id(&merged, &s.id);
        s.name = unique_name(&merged, &s.name);
        merged.scenarios.push(s);
    }
    if merged.active_index().is_none() {
        merged.active = ActiveRef::Index(0);
    }
    match merged.validate() {
        Ok(()) if !merged.scenarios.is_empty() => Ok(merged),
        Ok(()) => Err(vec![whole("the two copies together delete every scenario")]),
        Err(issues) => Err(issues.iter().map(|i| whole(&format!("together the changes break a check: {i}"))).collect()),
    }
}

fn whole(words: &str) -> Conflict {
    Conflict { scenario: String::new(), field: words.to_string() }
}

/// Scenario ids in order: ours, then those only theirs added.
fn ids(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Vec<String> {
    let mut out: Vec<String> = ours.scenarios.iter().map(|s| s.id.clone()).collect();
    for s in &theirs.scenarios {
        if !out.contains(&s.id) && find(base, &s.id).is_none() {
            out.push(s.id.clone());
        }
    }
    for s in &base.scenarios {
        if !out.contains(&s.id) && find(theirs, &s.id).is_some() {
            out.push(s.id.clone()); // deleted here, kept there: decided in merge_scenario
        }
    }
    out
}

fn find<'a>(ws: &'a Workspace, id: &str) -> Option<&'a Scenario> {
    ws.scenarios.iter().find(|s| s.id == id)
}

fn merge_scenario(
    b: Option<&Scenario>,
    o: Option<&Scenario>,
    t: Option<&Scenario>,
) -> Result<Option<Scenario>, Vec<Conflict>> {
    let name = o.or(t).or(b).map(|s| if s.name.trim().is_empty() { s.id.clone() } else { s.name.clone() });
    let deleted = || Err(vec![Conflict { scenario: name.clone().unwrap_or_default(), field: String::new() }]);
    match (b, o, t) {
        (_, Some(o), Some(t)) if o == t => Ok(Some(o.clone())),
        (Some(b), Some(o), Some(t)) => {
            let (bv, ov, tv) = (to_value(b), to_value(o), to_value(t));
            let mut found = Vec::new();
            let merged = merge_value(Some(&bv), Some(&ov), Some(&tv), "", &mut found);
            if !found.is_empty() {
                let scenario = name.unwrap_or_default();
                return Err(found.into_iter().map(|field| Conflict { scenario: scenario.clone(), field }).collect());
            }
            let merged = merged.unwrap_or(Value::Null);
            // Through text and the reader the app opens files with, not `from_value` or a plain
            // `from_str`: another reader of every model type would add to the page's size.
            crate::base::error::parse_json(&merged.to_string(), "merged scenario")
                .map(Some)
                .map_err(|e| vec![whole(&e.to_string())])
        }
        (None, Some(s), _) | (None, None, Some(s)) => Ok(Some(s.clone())),
        (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
            if kept == b {
                Ok(None)
            } else {
                deleted()
            }
        }
        (_, None, None) => Ok(None),
    }
}

/// A scenario as JSON (through text, for the reason given in `merge_scenario`).
fn to_value(s: &Scenario) -> Value {
    serde_json::to_string_pretty(s).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null)
}

/// Three-way merge of JSON values (`None` = absent); records each conflicting path.
fn merge_value(
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
    path: &str,
    found: &mut Vec<String>,
) -> Option<Value> {
    if o == t {
        return o.cloned();
    }
    if o == b {
        return t.cloned();
    }
    if t == b {
        return o.cloned();
    }
    match (b, o, t) {
        (Some(Value::Object(bm)), Some(Value::Object(om)), Some(Value::Object(tm))) => {
            let mut keys: Vec<&String> = om.keys().collect();
            keys.extend(tm.keys().filter(|k| !om.contains_key(*k)));
            let mut out = Map::new();
            for key in keys {
                let sub = if path.is_empty() { key.clone() } else { format!("{path} › {key}") };
                if let Some(v) = merge_value(bm.get(key), om.get(key), tm.get(key), &sub, found) {
                    out.insert(key.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        _ => {
            found.push(path.to_string());
            o.cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::Edit;
    use crate::model::scenarios::Start;

    fn base() -> Workspace {
        Workspace::default_workspace()
    }

    #[test]
    fn the_regime_merges_like_a_field() {
        use crate::model::procurement::Regime;
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.scenarios[0].rules.k = 3;
        t.regime = Regime::Pcr2015;
        let merged = merge(&b, &o, &t).unwrap();
        assert_eq!((merged.regime, merged.scenarios[0].rules.k), (Regime::Pcr2015, 3));
        o.regime = Regime::Other;
        let conflicts = merge(&b, &o, &t).unwrap_err();
        assert_eq!(conflicts[0].to_string(), "the procurement regime");
    }

    #[test]
    fn independent_fields_of_one_scenario_both_survive() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.scenarios[0].rules.k = 3;
        t.scenarios[0].rules.m = 5;
        t.scenarios[0].service.name = "Adult social care".into();
        let m = merge(&b, &o, &t).unwrap();
        assert_eq!(m.scenarios[0].rules.k, 3);
        assert_eq!(m.scenarios[0].rules.m, 5);
        assert_eq!(m.scenarios[0].service.name, "Adult social care");
    }

    #[test]
    fn unchanged_copies_give_the_other() {
        let b = base();
        let mut t = b.clone();
        t.scenarios[0].rules.k = 4;
        assert_eq!(merge(&b, &b, &t).unwrap(), t);
        assert_eq!(merge(&b, &t, &b).unwrap(), t);
        assert_eq!(merge(&b, &t, &t).unwrap(), t);
    }

    #[test]
    fn scenarios_added_in_each_copy_are_all_kept_and_ours_stays_on_screen() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.apply(Edit::NewScenario(Start::Example)).unwrap();
        t.apply(Edit::DuplicateScenario(0)).unwrap();
        t.scenarios[0].rules.k = 3;
        let m = merge(&b, &o, &t).unwrap();
        assert_eq!(m.scenarios.len(), 3);
        assert_eq!(m.active_scenario().id, o.active_scenario().id);
        assert_eq!(m.scenarios[0].rules.k, 3);
    }

    #[test]
    fn the_same_field_changed_both_ways_is_a_conflict_named_in_words() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.scenarios[0].rules.k = 3;
        t.scenarios[0].rules.k = 1;
        o.scenarios[0].suppliers.pop();
        t.scenarios[0].suppliers.remove(0);
        let c = merge(&b, &o, &t).unwrap_err();
        let words: Vec<String> = c.iter().map(|c| c.to_string()).collect();
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(words.iter().any(|w| w.ends_with("rules › k")), "{words:?}");
        assert!(words.iter().any(|w| w.ends_with("suppliers")), "{words:?}");
    }

    #[test]
    fn deleting_a_scenario_the_other_copy_changed_is_a_conflict() {
        let mut b = base();
        b.apply(Edit::DuplicateScenario(0)).unwrap();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.apply(Edit::DeleteScenario(1)).unwrap();
        let m = merge(&b, &o, &t).unwrap();
        assert_eq!(m.scenarios.len(), 1, "deleted and left alone: deleted");
        t.scenarios[1].rules.k = 4;
        o.scenarios[0].rules.m = 4;
        let c = merge(&b, &o, &t).unwrap_err();
        assert!(c[0].to_string().contains("deleted in one copy"), "{}", c[0]);
    }

    #[test]
    fn changes_that_together_break_a_check_are_a_conflict() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        let r = b.scenarios[0].rules.clone();
        o.scenarios[0].rules.v_min = r.v_max - 1.0;
        t.scenarios[0].rules.v_max = r.v_min + 1.0;
        let c = merge(&b, &o, &t).unwrap_err();
        assert!(c[0].to_string().contains("together the changes break a check"), "{}", c[0]);
    }
}
