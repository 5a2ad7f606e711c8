//! The verbs behind [`super::edit::Edit`] for the service's structure: its split, service
//! areas and tiers, functions, localities and map, and what stays in-house. Each keeps every
//! reference valid: removing a service area also drops its tier split, the suppliers'
//! references to it and the in-house selectors that name it; renaming a locality updates the
//! adjacency, the suppliers' coverage and the selectors; changing the split keeps "keep this
//! segment in-house" choices by turning them into equivalent selectors. A verb that cannot be
//! done (an empty or duplicate name, removing the last area) returns an [`EditError`] before
//! changing anything.

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use super::geo::Boundaries;
use super::{Axis, Function, Locality, Scenario, SegmentCell, Selector, ServiceArea, ALL_AREAS, ALL_LOCALITIES};
use crate::base::error::{refuse, EditError};

/// The value given to a newly added service area, GBP per year.
pub const NEW_AREA_VALUE: f64 = 100_000.0;

// ---------------------------------------------------------------------------------------------
// Selectors (what stays in-house)

/// A selector naming one service area.
pub fn area_selector(code: &str) -> Selector {
    Selector { area: Some(code.to_string()), ..Selector::default() }
}

/// A selector naming one tier of need.
pub fn tier_selector(number: u8) -> Selector {
    Selector { tier: Some(number), ..Selector::default() }
}

/// A selector naming one function.
pub fn function_selector(code: &str) -> Selector {
    Selector { function: Some(code.to_string()), ..Selector::default() }
}

/// A selector naming one segment by id.
pub fn segment_selector(id: &str) -> Selector {
    Selector { segment: Some(id.to_string()), ..Selector::default() }
}

/// Whether exactly this selector is in `retained`.
pub fn is_retained(sc: &Scenario, selector: &Selector) -> bool {
    sc.retained.contains(selector)
}

/// Adds (`on`) or removes exactly this selector from `retained`; never adds it twice.
pub(super) fn set_retained(sc: &mut Scenario, selector: Selector, on: bool) {
    if on {
        if !sc.retained.contains(&selector) {
            sc.retained.push(selector);
        }
    } else {
        sc.retained.retain(|s| *s != selector);
    }
}

/// Whether a segment is kept in-house by its own `{"segment": id}` selector (rather than by a
/// rule about its area, tier, function or locality).
pub fn segment_retained_by_id(sc: &Scenario, id: &str) -> bool {
    sc.retained.iter().any(|s| s.segment.as_deref() == Some(id))
}

// ---------------------------------------------------------------------------------------------
// Split

/// Splits (`on`) or stops splitting the service along `axis`.
///
/// Segment ids change with the split, so every `{"segment": id}` choice whose segment no
/// longer exists becomes the equivalent selector of that segment's area, tier, function and
/// locality (e.g. `FOST-North` becomes `{"area": "FOST", "locality": "North"}`): work kept
/// in-house stays in-house.
pub(super) fn set_split(sc: &mut Scenario, axis: Axis, on: bool) {
    let before = sc.segments();
    if on {
        sc.split_by.insert(axis);
    } else {
        sc.split_by.remove(&axis);
    }
    reconcile_segments(sc, &before, false);
}

// ---------------------------------------------------------------------------------------------
// Service areas

/// Adds a service area with a fresh code, [`NEW_AREA_VALUE`] and the default tier split;
/// returns its code.
pub(super) fn add_area(sc: &mut Scenario) -> String {
    let code = fresh(|c| sc.service_areas.iter().any(|a| a.code == c), "NEW", "");
    let name = fresh(|n| sc.service_areas.iter().any(|a| a.name == n), "New service area", " ");
    let shares = valid_default_split(sc);
    sc.tiers.split.insert(code.clone(), shares);
    sc.service_areas.push(ServiceArea {
        code: code.clone(),
        name,
        annual_value: NEW_AREA_VALUE,
        relevant_care: false,
        light_touch: true,
        cross_authority: false,
        ..ServiceArea::default()
    });
    if let Some(first) = sc.authorities.first_mut() {
        first.values.insert(code.clone(), NEW_AREA_VALUE);
    }
    sync_total(sc);
    code
}

/// Removes a service area with its tier split, its place in suppliers' coverage and every
/// in-house selector that names it. Refuses to remove the last area.
pub(super) fn remove_area(sc: &mut Scenario, code: &str) -> Result<(), EditError> {
    let Some(index) = sc.service_areas.iter().position(|a| a.code == code) else {
        return refuse(format!("There is no service area with code {code:?}."));
    };
    if sc.service_areas.len() == 1 {
        return refuse("A service needs at least one service area; add another before removing this one.");
    }
    let before = sc.segments();
    sc.service_areas.remove(index);
    sc.tiers.split.remove(code);
    for s in &mut sc.suppliers {
        s.service_areas.retain(|a| a != code);
    }
    sc.retained.retain(|s| s.area.as_deref() != Some(code));
    for a in &mut sc.authorities {
        a.values.remove(code);
    }
    sync_total(sc);
    reconcile_segments(sc, &before, false);
    Ok(())
}

/// Changes a service area's code everywhere it is used: tier split, suppliers, selectors and
/// segment ids.
pub(super) fn rename_area(sc: &mut Scenario, old: &str, new: &str) -> Result<(), EditError> {
    let new = new.trim();
    if new == old {
        return Ok(());
    }
    let Some(index) = sc.service_areas.iter().position(|a| a.code == old) else {
        return refuse(format!("There is no service area with code {old:?}."));
    };
    check_name(new, "service area code", sc.service_areas.iter().map(|a| a.code.as_str()))?;
    if new == ALL_AREAS {
        return refuse(format!("{ALL_AREAS} is reserved for \"all service areas\"; choose another code."));
    }
    let before = sc.segments();
    sc.service_areas[index].code = new.to_string();
    if let Some(split) = sc.tiers.split.remove(old) {
        sc.tiers.split.insert(new.to_string(), split);
    }
    for a in &mut sc.authorities {
        if let Some(v) = a.values.remove(old) {
            a.values.insert(new.to_string(), v);
        }
    }
    for s in &mut sc.suppliers {
        for a in &mut s.service_areas {
            if a == old {
                *a = new.to_string();
            }
        }
    }
    for s in &mut sc.retained {
        if s.area.as_deref() == Some(old) {
            s.area = Some(new.to_string());
        }
    }
    reconcile_segments(sc, &before, true);
    Ok(())
}

/// The service area with `code`, to change; refused when there is none.
pub(super) fn area_mut<'a>(sc: &'a mut Scenario, code: &str) -> Result<&'a mut ServiceArea, EditError> {
    match sc.service_areas.iter_mut().find(|a| a.code == code) {
        Some(a) => Ok(a),
        None => refuse(format!("There is no service area with code {code:?}.")),
    }
}

/// The function with `code`, to change; refused when there is none.
pub(super) fn function_mut<'a>(sc: &'a mut Scenario, code: &str) -> Result<&'a mut Function, EditError> {
    match sc.functions.iter_mut().find(|f| f.code == code) {
        Some(f) => Ok(f),
        None => refuse(format!("There is no function with code {code:?}.")),
    }
}

/// The locality called `name`, to change; refused when there is none.
pub(super) fn locality_mut<'a>(sc: &'a mut Scenario, name: &str) -> Result<&'a mut Locality, EditError> {
    match sc.localities.iter_mut().find(|l| l.name == name) {
        Some(l) => Ok(l),
        None => refuse(format!("There is no locality called {name:?}.")),
    }
}

/// Names a service area; the name is trimmed and must not be empty or another area's.
pub(super) fn set_area_name(sc: &mut Scenario, code: &str, name: &str) -> Result<(), EditError> {
    let name = name.trim();
    check_name(name, "service area name", sc.service_areas.iter().filter(|a| a.code != code).map(|a| a.name.as_str()))?;
    area_mut(sc, code)?.name = name.to_string();
    Ok(())
}

/// Sets a service area's annual value (and the service's optional total check with it).
pub(super) fn set_area_value(sc: &mut Scenario, code: &str, value: f64) -> Result<(), EditError> {
    if !sc.authorities.is_empty() {
        return refuse(
            "In a regional plan a service area's value is the sum of the authorities' values: change an authority's value under Authorities.",
        );
    }
    area_mut(sc, code)?.annual_value = value;
    sync_total(sc);
    Ok(())
}

/// Sets one tier share (0-1) of an area, giving the area its own split first if it used the
/// default one.
pub(super) fn set_tier_share(sc: &mut Scenario, code: &str, level: usize, share: f64) -> Result<(), EditError> {
    area_mut(sc, code)?;
    let n = sc.tiers.levels.len();
    if level >= n {
        return refuse(format!("There is no tier of need number {}.", level + 1));
    }
    let mut shares = sc.tier_shares(code).to_vec();
    shares.resize(n, 0.0);
    shares[level] = share;
    sc.tiers.split.insert(code.to_string(), shares);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Functions

/// Adds a function with a fresh code and a share of 0 (so the shares still sum to 1); returns
/// its code.
pub(super) fn add_function(sc: &mut Scenario) -> String {
    let code = fresh(|c| sc.functions.iter().any(|f| f.code == c), "FUNC", "");
    let name = fresh(|n| sc.functions.iter().any(|f| f.name == n), "New function", " ");
    sc.functions.push(Function { code: code.clone(), name, share: 0.0, relevant_care: false });
    code
}

/// Removes a function and the selectors that name it; its share is spread over the others in
/// proportion (equally if they all have none) so the shares still sum to 1. Refuses to remove
/// the last function.
pub(super) fn remove_function(sc: &mut Scenario, code: &str) -> Result<(), EditError> {
    let Some(index) = sc.functions.iter().position(|f| f.code == code) else {
        return refuse(format!("There is no function with code {code:?}."));
    };
    if sc.functions.len() == 1 {
        return refuse("A service needs at least one function; add another before removing this one.");
    }
    let before = sc.segments();
    sc.functions.remove(index);
    let rest: f64 = sc.functions.iter().map(|f| f.share).sum();
    if rest.is_finite() && rest > 0.0 {
        for f in &mut sc.functions {
            f.share /= rest;
        }
    } else {
        let equal = 1.0 / sc.functions.len() as f64;
        for f in &mut sc.functions {
            f.share = equal;
        }
    }
    sc.retained.retain(|s| s.function.as_deref() != Some(code));
    reconcile_segments(sc, &before, false);
    Ok(())
}

/// Changes a function's code everywhere it is used: selectors and segment ids.
pub(super) fn rename_function(sc: &mut Scenario, old: &str, new: &str) -> Result<(), EditError> {
    let new = new.trim();
    if new == old {
        return Ok(());
    }
    let Some(index) = sc.functions.iter().position(|f| f.code == old) else {
        return refuse(format!("There is no function with code {old:?}."));
    };
    check_name(new, "function code", sc.functions.iter().map(|f| f.code.as_str()))?;
    let before = sc.segments();
    sc.functions[index].code = new.to_string();
    for s in &mut sc.retained {
        if s.function.as_deref() == Some(old) {
            s.function = Some(new.to_string());
        }
    }
    reconcile_segments(sc, &before, true);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Localities

/// Adds a locality with a fresh name and the average demand weight; returns its name.
pub(super) fn add_locality(sc: &mut Scenario) -> String {
    let name = fresh(|n| sc.localities.iter().any(|l| l.name == n), "New locality", " ");
    let weights: Vec<f64> = sc.localities.iter().map(|l| l.weight).filter(|w| w.is_finite() && *w > 0.0).collect();
    let weight = if weights.is_empty() {
        1.0
    } else {
        (weights.iter().sum::<f64>() / weights.len() as f64 * 10.0).round() / 10.0
    };
    let authority = sc.localities.last().and_then(|l| l.authority.clone());
    sc.localities.push(Locality { name: name.clone(), weight: weight.max(0.1), authority });
    name
}

/// Removes a locality with its borders, its place in suppliers' coverage and the selectors that
/// name it. Refuses to remove the last locality.
pub(super) fn remove_locality(sc: &mut Scenario, name: &str) -> Result<(), EditError> {
    let Some(index) = sc.localities.iter().position(|l| l.name == name) else {
        return refuse(format!("There is no locality called {name:?}."));
    };
    if sc.localities.len() == 1 {
        return refuse("A service needs at least one locality; add another before removing this one.");
    }
    let before = sc.segments();
    sc.localities.remove(index);
    sc.adjacency.retain(|(a, b)| a != name && b != name);
    if let Some(b) = &mut sc.boundaries {
        b.shapes.retain(|s| s.locality != name);
    }
    for s in &mut sc.suppliers {
        s.localities.retain(|l| l != name);
    }
    sc.retained.retain(|s| s.locality.as_deref() != Some(name));
    reconcile_segments(sc, &before, false);
    Ok(())
}

/// Renames a locality everywhere: adjacency, suppliers' coverage, selectors and segment ids.
pub(super) fn rename_locality(sc: &mut Scenario, old: &str, new: &str) -> Result<(), EditError> {
    let new = new.trim();
    if new == old {
        return Ok(());
    }
    let Some(index) = sc.localities.iter().position(|l| l.name == old) else {
        return refuse(format!("There is no locality called {old:?}."));
    };
    check_name(new, "locality name", sc.localities.iter().map(|l| l.name.as_str()))?;
    if new == ALL_LOCALITIES {
        return refuse(format!("{ALL_LOCALITIES:?} is reserved; choose another name."));
    }
    let before = sc.segments();
    sc.localities[index].name = new.to_string();
    let swap = |x: &mut String| {
        if x == old {
            *x = new.to_string();
        }
    };
    for (a, b) in &mut sc.adjacency {
        swap(a);
        swap(b);
    }
    if let Some(b) = &mut sc.boundaries {
        b.shapes.iter_mut().for_each(|s| swap(&mut s.locality));
    }
    for s in &mut sc.suppliers {
        s.localities.iter_mut().for_each(swap);
    }
    for s in &mut sc.retained {
        if let Some(l) = &mut s.locality {
            swap(l);
        }
    }
    reconcile_segments(sc, &before, true);
    Ok(())
}

/// Whether two localities border each other (in either order).
pub fn are_adjacent(sc: &Scenario, a: &str, b: &str) -> bool {
    sc.adjacency.iter().any(|(x, y)| (x == a && y == b) || (x == b && y == a))
}

/// Records (`on`) or removes the border between two localities; it is symmetric, so A-B and
/// B-A are one border and never stored twice. A locality does not border itself.
pub(super) fn set_adjacent(sc: &mut Scenario, a: &str, b: &str, on: bool) {
    if a == b {
        return;
    }
    if on {
        if !are_adjacent(sc, a, b) {
            sc.adjacency.push((a.to_string(), b.to_string()));
        }
    } else {
        sc.adjacency.retain(|(x, y)| !((x == a && y == b) || (x == b && y == a)));
    }
}

/// Replaces every border at once (accepting the borders boundaries imply): each pair must
/// name two different localities; a pair given twice, in either order, is kept once.
pub(super) fn set_adjacency(sc: &mut Scenario, pairs: Vec<(String, String)>) -> Result<(), EditError> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
    for (a, b) in pairs {
        for name in [&a, &b] {
            if !sc.localities.iter().any(|l| l.name == *name) {
                return refuse(format!("There is no locality called {name:?}."));
            }
        }
        if a == b {
            return refuse(format!("{a} cannot border itself."));
        }
        if !out.iter().any(|(x, y)| (*x == a && *y == b) || (*x == b && *y == a)) {
            out.push((a, b));
        }
    }
    sc.adjacency = out;
    Ok(())
}

/// Keeps `boundaries` (checked first: each shape names a locality, every ring is sound), or
/// forgets them with `None`.
pub(super) fn set_boundaries(sc: &mut Scenario, boundaries: Option<Box<Boundaries>>) -> Result<(), EditError> {
    if let Some(b) = &boundaries {
        let mut issues = Vec::new();
        super::geo::check(b, &sc.localities, "boundaries", &mut issues);
        if let Some(first) = issues.first() {
            return refuse(format!("These boundaries cannot be kept: {first}."));
        }
    }
    sc.boundaries = boundaries.map(|b| *b);
    Ok(())
}

/// The localities bordering `name`, in scenario order.
pub fn neighbours<'a>(sc: &'a Scenario, name: &str) -> Vec<&'a str> {
    sc.localities.iter().map(|l| l.name.as_str()).filter(|l| *l != name && are_adjacent(sc, name, l)).collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// `base`, or `base` + separator + 2, 3, ... : the first that is not taken.
pub(super) fn fresh(taken: impl Fn(&str) -> bool, base: &str, sep: &str) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base}{sep}{i}")).find(|c| !taken(c)).unwrap_or_else(|| base.to_string())
}

pub(super) fn check_name<'a>(
    new: &str,
    what: &str,
    mut existing: impl Iterator<Item = &'a str>,
) -> Result<(), EditError> {
    if new.is_empty() {
        return refuse(format!("The {what} cannot be empty."));
    }
    if existing.any(|e| e == new) {
        return refuse(format!("The {what} {new:?} is already used; choose another."));
    }
    Ok(())
}

/// The default tier split if it is usable (one share per level, summing to 1), else equal
/// shares.
fn valid_default_split(sc: &Scenario) -> Vec<f64> {
    let n = sc.tiers.levels.len();
    let d = &sc.tiers.default_split;
    let sum: f64 = d.iter().sum();
    if d.len() == n && d.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)) && (sum - 1.0).abs() < 1e-9 {
        d.clone()
    } else if n == 0 {
        Vec::new()
    } else {
        vec![1.0 / n as f64; n]
    }
}

/// Keeps the service's optional total check equal to the areas' sum.
pub(super) fn sync_total(sc: &mut Scenario) {
    if sc.service.annual_value.is_some() {
        sc.service.annual_value = Some(sc.total_value());
    }
}

/// Repairs `{"segment": id}` selectors after an edit. When `renamed`, segments are matched by
/// position (a rename changes ids, not the grid) and their ids updated. Any selector whose
/// segment still does not exist becomes the equivalent selector of the old segment's area,
/// tier, function and locality, or is dropped if that names something no longer there.
fn reconcile_segments(sc: &mut Scenario, before: &[SegmentCell], renamed: bool) {
    if !sc.retained.iter().any(|s| s.segment.is_some()) {
        return;
    }
    let after = sc.segments();
    if renamed && after.len() == before.len() {
        let map: BTreeMap<&str, &str> =
            before.iter().zip(&after).map(|(b, a)| (b.id.as_str(), a.id.as_str())).collect_map();
        for s in &mut sc.retained {
            if let Some(id) = &mut s.segment {
                if let Some(new) = map.get(id.as_str()) {
                    *id = new.to_string();
                }
            }
        }
    }
    let ids: Vec<&str> = after.iter().map(|c| c.id.as_str()).collect();
    let old: BTreeMap<&str, &SegmentCell> = before.iter().map(|c| (c.id.as_str(), c)).collect_map();
    let mut out: Vec<Selector> = Vec::new();
    for s in std::mem::take(&mut sc.retained) {
        let replacement = match &s.segment {
            Some(id) if !ids.contains(&id.as_str()) => old.get(id.as_str()).and_then(|cell| equivalent(sc, cell)),
            _ => Some(s),
        };
        if let Some(r) = replacement {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    sc.retained = out;
}

/// The selector that picks the same work as a segment, if everything it names still exists.
fn equivalent(sc: &Scenario, cell: &SegmentCell) -> Option<Selector> {
    let area = (cell.area != ALL_AREAS).then(|| cell.area.clone());
    let locality = (cell.locality != ALL_LOCALITIES).then(|| cell.locality.clone());
    let s =
        Selector { area, tier: cell.tier, function: cell.function.clone(), locality, segment: None, authority: None };
    let exists = s.area.as_ref().is_none_or(|a| sc.service_areas.iter().any(|x| &x.code == a))
        && s.tier.is_none_or(|t| sc.tiers.levels.iter().any(|x| x.number == t))
        && s.function.as_ref().is_none_or(|f| sc.functions.iter().any(|x| &x.code == f))
        && s.locality.as_ref().is_none_or(|l| sc.localities.iter().any(|x| &x.name == l));
    let names_something = s.area.is_some() || s.tier.is_some() || s.function.is_some() || s.locality.is_some();
    (exists && names_something).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    fn default() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    fn valid(sc: &Scenario) {
        if let Err(issues) = sc.validate() {
            panic!("scenario invalid after edit:\n{issues}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_default_scenario_is_valid_to_start_with() {
        valid(&default());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn add_area_gives_a_fresh_code_value_and_tier_split() {
        let mut sc = default();
        let total = sc.total_value();
        let code = add_area(&mut sc);
        assert_eq!(code, "NEW");
        assert_eq!(add_area(&mut sc), "NEW2");
        let a = sc.service_areas.iter().find(|a| a.code == "NEW").unwrap();
        assert_eq!(a.annual_value, NEW_AREA_VALUE);
        assert_eq!(sc.tier_shares("NEW"), &[0.25; 4]);
        assert_eq!(sc.total_value(), total + 2.0 * NEW_AREA_VALUE);
        assert!(sc.segments().iter().any(|c| c.id == "NEW-North"));
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn remove_area_drops_its_split_supplier_references_and_selectors() {
        let mut sc = default();
        set_retained(&mut sc, segment_selector("FOST-North"), true);
        set_retained(&mut sc, Selector { area: Some("FOST".into()), tier: Some(4), ..Selector::default() }, true);
        remove_area(&mut sc, "FOST").unwrap();
        assert!(sc.service_areas.iter().all(|a| a.code != "FOST"));
        assert!(!sc.tiers.split.contains_key("FOST"));
        assert!(sc.suppliers.iter().all(|s| !s.service_areas.iter().any(|a| a == "FOST")));
        assert!(sc.retained.iter().all(|s| s.area.as_deref() != Some("FOST") && s.segment.is_none()));
        assert!(sc.segments().iter().all(|c| c.area != "FOST"));
        valid(&sc);
        // SAFE is retained by an area selector: removing it removes the selector too.
        remove_area(&mut sc, "SAFE").unwrap();
        assert!(!is_retained(&sc, &area_selector("SAFE")));
        valid(&sc);
        assert!(remove_area(&mut sc, "NOPE").is_err());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn remove_area_keeps_the_optional_total_in_step() {
        let mut sc = default();
        sc.service.annual_value = Some(sc.total_value());
        remove_area(&mut sc, "RES").unwrap();
        assert_eq!(sc.service.annual_value, Some(sc.total_value()));
        set_area_value(&mut sc, "FOST", 1_000_000.0).unwrap();
        assert_eq!(sc.service.annual_value, Some(sc.total_value()));
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_last_area_cannot_be_removed() {
        let mut sc = default();
        let codes: Vec<String> = sc.service_areas.iter().map(|a| a.code.clone()).collect();
        for c in &codes[1..] {
            remove_area(&mut sc, c).unwrap();
        }
        let err = remove_area(&mut sc, &codes[0]).unwrap_err();
        assert!(err.0.contains("at least one service area"));
        assert_eq!(sc.service_areas.len(), 1);
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rename_area_updates_split_suppliers_selectors_and_segment_ids() {
        let mut sc = default();
        set_retained(&mut sc, segment_selector("FOST-North"), true);
        set_retained(&mut sc, area_selector("RES"), true);
        rename_area(&mut sc, "FOST", "FOSTER").unwrap();
        rename_area(&mut sc, "RES", "RESI").unwrap();
        assert!(sc.tiers.split.contains_key("FOSTER") && !sc.tiers.split.contains_key("FOST"));
        assert!(sc.suppliers.iter().any(|s| s.service_areas.iter().any(|a| a == "FOSTER")));
        assert!(sc.suppliers.iter().all(|s| !s.service_areas.iter().any(|a| a == "FOST")));
        assert!(is_retained(&sc, &segment_selector("FOSTER-North")));
        assert!(is_retained(&sc, &area_selector("RESI")));
        let cell = sc.segments().into_iter().find(|c| c.id == "FOSTER-North").unwrap();
        assert!(cell.retained);
        valid(&sc);
        assert!(rename_area(&mut sc, "FOSTER", "ADOP").is_err(), "duplicate");
        assert!(rename_area(&mut sc, "FOSTER", " ").is_err(), "empty");
        assert!(rename_area(&mut sc, "FOSTER", "ALL").is_err(), "reserved");
        assert!(rename_area(&mut sc, "FOSTER", "FOSTER").is_ok(), "no change");
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn set_tier_share_gives_the_area_its_own_split() {
        let mut sc = default();
        let code = add_area(&mut sc);
        sc.tiers.split.remove(&code);
        set_tier_share(&mut sc, &code, 0, 0.4).unwrap();
        assert_eq!(sc.tier_shares(&code), &[0.4, 0.25, 0.25, 0.25]);
        assert!(sc.validate().is_err(), "sums to 1.15");
        set_tier_share(&mut sc, &code, 3, 0.1).unwrap();
        assert_eq!(sc.tier_shares(&code), &[0.4, 0.25, 0.25, 0.1]);
        valid(&sc);
        assert!(set_tier_share(&mut sc, &code, 9, 0.5).is_err(), "no tier 10");
        assert_eq!(sc.tier_shares(&code).len(), 4);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn functions_can_be_added_renamed_and_removed() {
        let mut sc = default();
        let code = add_function(&mut sc);
        assert_eq!(code, "FUNC");
        valid(&sc);
        set_split(&mut sc, Axis::Function, true);
        set_retained(&mut sc, segment_selector("FOST-CASE-North"), true);
        rename_function(&mut sc, "CASE", "CASEWORK").unwrap();
        assert!(is_retained(&sc, &segment_selector("FOST-CASEWORK-North")));
        rename_function(&mut sc, "ASSESS", "ASSESSMENT").unwrap();
        assert!(is_retained(&sc, &function_selector("ASSESSMENT")));
        assert!(sc.segments().iter().any(|c| c.id == "FOST-ASSESSMENT-North" && c.retained));
        valid(&sc);
        assert!(rename_function(&mut sc, "BSUP", "PROV").is_err());

        remove_function(&mut sc, "BSUP").unwrap();
        let shares: Vec<f64> = sc.functions.iter().map(|f| f.share).collect();
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((shares[0] - 0.1 / 0.9).abs() < 1e-9, "spread in proportion: {shares:?}");
        valid(&sc);
        remove_function(&mut sc, "ASSESSMENT").unwrap();
        assert!(sc.retained.iter().all(|s| s.function.is_none()));
        valid(&sc);
        remove_function(&mut sc, "CASEWORK").unwrap();
        assert!(sc.retained.iter().all(|s| s.segment.is_none()), "its segment choice went too");
        remove_function(&mut sc, "PROV").unwrap();
        assert_eq!(sc.functions.len(), 1);
        assert_eq!(sc.functions[0].share, 1.0, "the share-0 function gets everything");
        valid(&sc);
        assert!(remove_function(&mut sc, "FUNC").is_err());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn localities_can_be_added_and_removed() {
        let mut sc = default();
        let name = add_locality(&mut sc);
        assert_eq!(name, "New locality");
        assert_eq!(add_locality(&mut sc), "New locality 2");
        let w = sc.localities.iter().find(|l| l.name == name).unwrap().weight;
        assert!(w > 10.0 && w < 14.0, "average weight, got {w}");
        assert!(sc.segments().iter().any(|c| c.locality == name));
        valid(&sc);
        set_retained(&mut sc, segment_selector("FOST-Central"), true);
        set_retained(&mut sc, Selector { locality: Some("Central".into()), ..Selector::default() }, true);
        remove_locality(&mut sc, "Central").unwrap();
        assert!(sc.adjacency.iter().all(|(a, b)| a != "Central" && b != "Central"));
        assert!(sc.suppliers.iter().all(|s| !s.localities.iter().any(|l| l == "Central")));
        assert!(sc.retained.iter().all(|s| s.locality.is_none() && s.segment.is_none()));
        assert_eq!(sc.adjacency.len(), 7);
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rename_locality_updates_adjacency_suppliers_and_selectors() {
        let mut sc = default();
        set_retained(&mut sc, segment_selector("FOST-North"), true);
        set_retained(&mut sc, Selector { locality: Some("North".into()), tier: Some(4), ..Selector::default() }, true);
        rename_locality(&mut sc, "North", "Northern").unwrap();
        assert!(sc.localities.iter().any(|l| l.name == "Northern"));
        assert!(are_adjacent(&sc, "Northern", "North East"));
        assert!(are_adjacent(&sc, "Central", "Northern"));
        assert!(sc.adjacency.iter().all(|(a, b)| a != "North" && b != "North"));
        assert!(sc.suppliers.iter().any(|s| s.localities.iter().any(|l| l == "Northern")));
        assert!(sc.suppliers.iter().all(|s| !s.localities.iter().any(|l| l == "North")));
        assert!(is_retained(&sc, &segment_selector("FOST-Northern")));
        assert!(sc.retained.iter().any(|s| s.locality.as_deref() == Some("Northern") && s.tier == Some(4)));
        assert_eq!(neighbours(&sc, "Northern"), vec!["North East", "West", "Central"]);
        valid(&sc);
        assert!(rename_locality(&mut sc, "Northern", "South").is_err());
        assert!(rename_locality(&mut sc, "Northern", "").is_err());
        assert!(rename_locality(&mut sc, "Nowhere", "X").is_err());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn adjacency_is_symmetric_and_never_duplicated() {
        let mut sc = default();
        assert!(!are_adjacent(&sc, "North", "South"));
        set_adjacent(&mut sc, "South", "North", true);
        assert!(are_adjacent(&sc, "North", "South") && are_adjacent(&sc, "South", "North"));
        let n = sc.adjacency.len();
        set_adjacent(&mut sc, "North", "South", true);
        assert_eq!(sc.adjacency.len(), n, "ticking it in the other row adds nothing");
        assert!(neighbours(&sc, "North").contains(&"South"));
        assert!(neighbours(&sc, "South").contains(&"North"));
        valid(&sc);
        // The default stores North - North East; unticking it from North East's side removes it.
        set_adjacent(&mut sc, "North East", "North", false);
        assert!(!are_adjacent(&sc, "North", "North East"));
        assert_eq!(sc.adjacency.len(), n - 1);
        set_adjacent(&mut sc, "North", "North", true);
        assert!(!are_adjacent(&sc, "North", "North"));
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn selectors_toggle_exactly_once() {
        let mut sc = default();
        let n = sc.retained.len();
        set_retained(&mut sc, tier_selector(4), true);
        set_retained(&mut sc, tier_selector(4), true);
        assert_eq!(sc.retained.len(), n + 1);
        assert!(sc.segments().iter().any(|c| c.id == "FAM-North-inhouse" && c.retained));
        assert!(sc.segments().iter().any(|c| c.id == "FOST-North" && c.retained), "fostering is all Level 4");
        valid(&sc);
        set_retained(&mut sc, tier_selector(4), false);
        assert_eq!(sc.retained.len(), n);
        set_retained(&mut sc, area_selector("SAFE"), false);
        assert!(sc.segments().iter().any(|c| c.id == "SAFE-North" && !c.retained));
        valid(&sc);
        set_retained(&mut sc, segment_selector("FOST-North"), true);
        assert!(segment_retained_by_id(&sc, "FOST-North"));
        assert!(sc.segments().iter().any(|c| c.id == "FOST-North" && c.retained));
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn changing_the_split_changes_the_segments_and_keeps_segment_choices() {
        let mut sc = default();
        let before = sc.segments().len();
        set_retained(&mut sc, segment_selector("FOST-North"), true);
        set_split(&mut sc, Axis::Tier, true);
        assert!(sc.splits(Axis::Tier));
        assert!(sc.segments().len() > before);
        assert!(sc.segments().iter().any(|c| c.id == "FOST-T4-North"));
        assert!(!segment_retained_by_id(&sc, "FOST-North"));
        let kept = Selector { area: Some("FOST".into()), locality: Some("North".into()), ..Selector::default() };
        assert!(is_retained(&sc, &kept), "became an area + locality selector: {:?}", sc.retained);
        assert!(sc.segments().iter().filter(|c| c.area == "FOST" && c.locality == "North").all(|c| c.retained));
        valid(&sc);
        set_split(&mut sc, Axis::Tier, false);
        // FOST-North is now in-house as a whole: its open and in-house parts are one segment.
        assert_eq!(sc.segments().len(), before - 1);
        assert!(sc.segments().iter().any(|c| c.id == "FOST-North" && c.retained));
        valid(&sc);
        set_split(&mut sc, Axis::Locality, false);
        set_split(&mut sc, Axis::Area, false);
        assert!(sc.split_by.is_empty());
        assert!(sc.segments().iter().any(|c| c.id == "ALL"));
        valid(&sc);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_segment_choice_with_nothing_equivalent_is_dropped() {
        let mut sc = default();
        set_split(&mut sc, Axis::Area, false);
        set_split(&mut sc, Axis::Locality, false);
        set_retained(&mut sc, segment_selector("ALL"), true);
        valid(&sc);
        set_split(&mut sc, Axis::Tier, true);
        assert!(sc.retained.iter().all(|s| s.segment.is_none()));
        valid(&sc);
    }
}
