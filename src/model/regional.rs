//! Regional plans: several authorities commissioning together in one scenario
//! (`docs/regional.md`).
//!
//! A scenario with no [`Authority`] is one authority's, as always. Once it has authorities,
//! every locality belongs to one of them, each authority has its own value per service area
//! (a service area's value is their sum), work kept in-house may be chosen per authority, and
//! each service area says whether its lots may cross authority borders.
//!
//! [`merge`] brings another authority's workspace in: its localities, values, in-house choices
//! and suppliers, with the suppliers both registers hold recognised by name or company number
//! ([`matches`]) and merged only where the user confirms it.
//!
//! # Example
//! ```
//! use lotwise::model::regional;
//! use lotwise::model::Workspace;
//! let ours = Workspace::default_workspace().scenarios.remove(0);
//! let mut theirs = ours.clone();
//! theirs.service.authority = "Neighbouring council".into();
//! let same = regional::matches(&ours, &theirs);
//! assert!(same.iter().all(|m| m.from == m.into), "the same register: every supplier matches itself");
//! let pairs: Vec<(String, String)> = same.iter().map(|m| (m.from.clone(), m.into.clone())).collect();
//! let merged = regional::merge(&ours, &theirs, &pairs)?;
//! assert_eq!(merged.scenario.authorities.len(), 2);
//! assert_eq!(merged.scenario.localities.len(), 2 * ours.localities.len());
//! assert_eq!(merged.scenario.suppliers.len(), ours.suppliers.len());
//! assert!((merged.scenario.total_value() - 2.0 * ours.total_value()).abs() < 1.0);
//! # Ok::<_, lotwise::model::edit::EditError>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, BTreeSet};

use super::structure::{check_name, fresh, sync_total};
use super::{Authority, Locality, Scenario, Selector, Supplier};
use crate::base::error::{refuse, unique_ids, EditError, Issue};
use crate::base::money::{check as check_money, gbp};

/// Whether the scenario is a regional plan (it lists authorities).
pub fn is_regional(sc: &Scenario) -> bool {
    !sc.authorities.is_empty()
}

/// The authority locality `name` belongs to, in a regional plan.
pub fn authority_of<'a>(sc: &'a Scenario, locality: &str) -> Option<&'a str> {
    sc.localities.iter().find(|l| l.name == locality).and_then(|l| l.authority.as_deref())
}

/// What `authority` spends a year on service area `area` (0 when it names none).
pub fn value(sc: &Scenario, authority: &str, area: &str) -> f64 {
    sc.authorities.iter().find(|a| a.name == authority).and_then(|a| a.values.get(area)).copied().unwrap_or(0.0)
}

/// The name a scenario's own authority gets when it becomes one of several.
fn own_name(sc: &Scenario, fallback: &str) -> String {
    let name = sc.service.authority.trim();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name.to_string()
    }
}

/// Makes a one-authority scenario regional: one authority (the service's, else `fallback`)
/// holding every locality, the service areas' values and every in-house choice. Does nothing
/// to a scenario that already lists authorities.
fn make_regional(sc: &mut Scenario, fallback: &str) {
    if is_regional(sc) {
        return;
    }
    let name = own_name(sc, fallback);
    let values = sc.service_areas.iter().map(|a| (a.code.clone(), a.annual_value)).collect_map();
    sc.authorities.push(Authority { name: name.clone(), values, ..Authority::default() });
    for l in &mut sc.localities {
        l.authority = Some(name.clone());
    }
    for s in &mut sc.retained {
        if s.segment.is_none() && s.locality.is_none() {
            s.authority = Some(name.clone());
        }
    }
}

/// Each service area's value made the sum of the authorities' values.
pub(super) fn sync_area_values(sc: &mut Scenario) {
    if !is_regional(sc) {
        return;
    }
    for area in &mut sc.service_areas {
        area.annual_value = sc.authorities.iter().filter_map(|a| a.values.get(&area.code)).sum();
    }
    sync_total(sc);
}

/// Adds an authority. The first one added takes the scenario's own localities and values
/// (under the service's authority name) and the new one comes second, with no localities and
/// no values yet. Returns the new authority's name.
pub(super) fn add_authority(sc: &mut Scenario, name: &str) -> Result<String, EditError> {
    let name = name.trim();
    let name = if name.is_empty() {
        let base = format!("Authority {}", sc.authorities.len().max(1) + 1);
        fresh(|n| sc.authorities.iter().any(|a| a.name == n) || n == own_name(sc, ""), &base, " ")
    } else {
        name.to_string()
    };
    let mut next = sc.clone();
    make_regional(&mut next, "Authority 1");
    check_name(&name, "authority name", next.authorities.iter().map(|a| a.name.as_str()))?;
    next.authorities.push(Authority { name: name.clone(), ..Authority::default() });
    *sc = next;
    Ok(name)
}

/// Removes an authority that holds no locality. Removing the last but one makes the scenario
/// one authority's again (the remaining authority's values become the areas' values).
pub(super) fn remove_authority(sc: &mut Scenario, name: &str) -> Result<(), EditError> {
    let Some(index) = sc.authorities.iter().position(|a| a.name == name) else {
        return refuse(format!("There is no authority called {name:?}."));
    };
    let held: Vec<&str> =
        sc.localities.iter().filter(|l| l.authority.as_deref() == Some(name)).map(|l| l.name.as_str()).collect();
    if !held.is_empty() {
        return refuse(format!(
            "{name} still holds {} ({}); give them to another authority or remove them first.",
            crate::base::text::plural(held.len(), "locality", "localities"),
            held.join(", ")
        ));
    }
    sc.authorities.remove(index);
    sc.retained.retain(|s| s.authority.as_deref() != Some(name));
    sync_area_values(sc);
    if sc.authorities.len() == 1 {
        sc.authorities.clear();
        sc.localities.iter_mut().for_each(|l| l.authority = None);
        sc.retained.iter_mut().for_each(|s| s.authority = None);
        sc.service_areas.iter_mut().for_each(|a| a.cross_authority = false);
    }
    Ok(())
}

pub(super) fn rename_authority(sc: &mut Scenario, old: &str, new: &str) -> Result<(), EditError> {
    let new = new.trim();
    if new == old {
        return Ok(());
    }
    let Some(index) = sc.authorities.iter().position(|a| a.name == old) else {
        return refuse(format!("There is no authority called {old:?}."));
    };
    check_name(new, "authority name", sc.authorities.iter().map(|a| a.name.as_str()))?;
    sc.authorities[index].name = new.to_string();
    rename_in(sc, old, new);
    Ok(())
}

/// The authority called `name`, to change; refused when there is none.
pub(super) fn authority_mut<'a>(sc: &'a mut Scenario, name: &str) -> Result<&'a mut Authority, EditError> {
    match sc.authorities.iter_mut().find(|a| a.name == name) {
        Some(a) => Ok(a),
        None => refuse(format!("There is no authority called {name:?}.")),
    }
}

pub(super) fn set_value(sc: &mut Scenario, authority: &str, area: &str, value: f64) -> Result<(), EditError> {
    if !sc.service_areas.iter().any(|a| a.code == area) {
        return refuse(format!("There is no service area {area:?}."));
    }
    let a = authority_mut(sc, authority)?;
    if value > 0.0 {
        a.values.insert(area.to_string(), value);
    } else {
        a.values.remove(area);
    }
    sync_area_values(sc);
    Ok(())
}

pub(super) fn set_locality_authority(sc: &mut Scenario, locality: &str, authority: &str) -> Result<(), EditError> {
    if !sc.authorities.iter().any(|a| a.name == authority) {
        return refuse(format!("There is no authority called {authority:?}; add it first."));
    }
    let Some(l) = sc.localities.iter_mut().find(|l| l.name == locality) else {
        return refuse(format!("There is no locality called {locality:?}."));
    };
    l.authority = Some(authority.to_string());
    Ok(())
}

/// A supplier of the incoming register that looks like one already in this register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The incoming supplier's id.
    pub from: String,
    /// The id of the supplier in this register it looks like.
    pub into: String,
    /// Why they look the same, in words: "the same company number, 01234567".
    pub reason: String,
}

/// Suppliers of `from` that look like suppliers of `into`: the same company number, or the
/// same name (ignoring case, spaces and punctuation, and "Ltd"/"Limited"). At most one match
/// per supplier on each side; the user confirms each before [`merge`] treats them as one.
pub fn matches(into: &Scenario, from: &Scenario) -> Vec<Match> {
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for s in &from.suppliers {
        let number = s.company_number.as_deref().map(company_number).filter(|n| !n.is_empty());
        let by_number = number.as_ref().and_then(|n| {
            into.suppliers.iter().find(|t| {
                !taken.contains(t.id.as_str()) && t.company_number.as_deref().map(company_number).as_ref() == Some(n)
            })
        });
        let key = name_key(&s.name);
        let found = by_number.map(|t| (t, format!("the same company number, {}", number.clone().unwrap_or_default())));
        let found = found.or_else(|| {
            into.suppliers
                .iter()
                .find(|t| !taken.contains(t.id.as_str()) && !key.is_empty() && name_key(&t.name) == key)
                .map(|t| (t, "the same name".to_string()))
        });
        if let Some((t, reason)) = found {
            taken.insert(t.id.as_str());
            out.push(Match { from: s.id.clone(), into: t.id.clone(), reason });
        }
    }
    out
}

fn company_number(n: &str) -> String {
    n.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase()
}

fn name_key(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "ltd" | "limited" | "plc" | "llp"))
        .collect();
    words.join(" ")
}

/// The result of [`merge`]: the regional scenario and what was decided, in sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub scenario: Scenario,
    pub notes: Vec<String>,
}

/// [`merge`], refused (with the first problem, in a sentence) when the merged plan would not be
/// valid: for example a plan not split by locality, whose lots could then not keep to one
/// authority. What the preview shows and the edit applies.
pub fn checked_merge(into: &Scenario, from: &Scenario, same: &[(String, String)]) -> Result<Merged, EditError> {
    let merged = merge(into, from, same)?;
    if let Err(issues) = merged.scenario.validate() {
        let first = issues.iter().next().map(ToString::to_string).unwrap_or_default();
        return refuse(format!("The merged plan would not be valid, so nothing can be merged yet: {first}."));
    }
    Ok(merged)
}

/// Brings the scenario `from` (another authority's work, or a regional plan) into `into`,
/// which becomes regional if it is not already. `same` lists the (incoming, existing) supplier
/// ids the user confirmed as one supplier; every other incoming supplier is added.
///
/// Kept from `into`: tiers of need, functions, the split, rules, capacity policy, projection,
/// procurement record. Brought from `from`: its authorities' localities (renamed when a name
/// is taken), their borders, their values per service area (areas matched by code, then by
/// name; others added), their in-house choices, and suppliers. Nothing is dropped silently:
/// each difference that could matter is in [`Merged::notes`].
pub fn merge(into: &Scenario, from: &Scenario, same: &[(String, String)]) -> Result<Merged, EditError> {
    let mut sc = into.clone();
    let mut notes = Vec::new();
    make_regional(&mut sc, "Authority 1");
    let mut incoming = from.clone();
    make_regional(&mut incoming, &format!("Authority {}", sc.authorities.len() + 1));
    for a in &incoming.authorities {
        if sc.authorities.iter().any(|b| b.name == a.name) {
            return refuse(format!(
                "This plan already has an authority called {:?}; rename one of them (step 1, Service) before merging.",
                a.name
            ));
        }
    }
    for (from_id, into_id) in same {
        if !incoming.suppliers.iter().any(|s| &s.id == from_id) || !sc.suppliers.iter().any(|s| &s.id == into_id) {
            return refuse(format!("Supplier {from_id:?} or {into_id:?} is no longer in its register."));
        }
    }
    let areas = merge_areas(&mut sc, &incoming, &mut notes);
    let localities = merge_localities(&mut sc, &incoming, &mut notes);
    for a in &incoming.authorities {
        let values = a.values.iter().filter_map(|(code, v)| Some((areas.get(code)?.clone(), *v))).collect_map();
        // Its own budget change comes too: the incoming plan's, unless it had its own.
        let budget_change =
            a.budget_change.or(Some(from.projection.budget_change)).filter(|r| *r != into.projection.budget_change);
        // So does its least number of credible bidders per lot, as that authority's own.
        let k = a.k.or(Some(from.rules.k)).filter(|k| *k != into.rules.k);
        if let Some(k) = k {
            notes.push(format!(
                "{} keeps its own rule of at least {} per lot (this plan's k is {}).",
                a.name,
                crate::base::text::plural(k as usize, "credible bidder", "credible bidders"),
                into.rules.k
            ));
        }
        // Its own largest lot comes only where it fits this plan's band of lot values.
        let v_max = a.v_max.filter(|v| (into.rules.v_min..=into.rules.v_max).contains(v));
        // So does its own smallest lot, up to its largest.
        let largest = v_max.unwrap_or(into.rules.v_max);
        let v_min = a.v_min.filter(|v| *v > into.rules.v_min && *v <= largest);
        sc.authorities.push(Authority {
            name: a.name.clone(),
            values,
            budget_change,
            k,
            sme_open: a.sme_open,
            v_max,
            v_min,
        });
    }
    for (a, b) in &incoming.adjacency {
        if let (Some(a), Some(b)) = (localities.get(a), localities.get(b)) {
            sc.adjacency.push((a.clone(), b.clone()));
        }
    }
    merge_retained(&mut sc, &incoming, &areas, &localities, &mut notes);
    merge_suppliers(&mut sc, &incoming, same, &areas, &localities, &mut notes);
    merge_boundaries(&mut sc, &incoming, &localities, &mut notes);
    notes.extend(kept_from_into(into, from));
    sync_area_values(&mut sc);
    let names: Vec<&str> = incoming.authorities.iter().map(|a| a.name.as_str()).collect();
    notes.insert(
        0,
        format!(
            "{} joined the plan with {}, {} a year.",
            names.join(", "),
            crate::base::text::plural(localities.len(), "locality", "localities"),
            gbp(from.total_value())
        ),
    );
    notes.push(
        "No borders between the authorities were known: tick the localities that border each other on step 1, or load boundaries to offer them."
            .into(),
    );
    Ok(Merged { scenario: sc, notes })
}

/// Points every locality and in-house choice that names authority `old` at `new`.
fn rename_in(sc: &mut Scenario, old: &str, new: &str) {
    let swap = |x: &mut Option<String>| {
        if x.as_deref() == Some(old) {
            *x = Some(new.to_string());
        }
    };
    sc.localities.iter_mut().for_each(|l| swap(&mut l.authority));
    sc.retained.iter_mut().for_each(|s| swap(&mut s.authority));
}

/// Incoming area code -> code in the merged plan.
fn merge_areas(sc: &mut Scenario, incoming: &Scenario, notes: &mut Vec<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for area in &incoming.service_areas {
        let by_code = sc.service_areas.iter().find(|a| a.code == area.code);
        let by_name =
            || sc.service_areas.iter().find(|a| !a.name.is_empty() && a.name.eq_ignore_ascii_case(area.name.trim()));
        let code = match by_code.or_else(by_name) {
            Some(a) => {
                if a.relevant_care != area.relevant_care {
                    notes.push(format!(
                        "{} is {} here and {} in the incoming plan; this plan's setting is kept.",
                        a.name,
                        if a.relevant_care { "relevant care" } else { "not relevant care" },
                        if area.relevant_care { "relevant care" } else { "not" }
                    ));
                }
                a.code.clone()
            }
            None => {
                let code = fresh(|c| sc.service_areas.iter().any(|a| a.code == c), &area.code, "-");
                let mut added = area.clone();
                added.code = code.clone();
                sc.service_areas.push(added);
                notes.push(format!(
                    "Service area {} was added: only the incoming plan has it.",
                    if area.name.is_empty() { &area.code } else { &area.name }
                ));
                code
            }
        };
        map.insert(area.code.clone(), code);
    }
    map
}

/// Incoming locality name -> name in the merged plan.
fn merge_localities(sc: &mut Scenario, incoming: &Scenario, notes: &mut Vec<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for l in &incoming.localities {
        let authority = l.authority.clone().unwrap_or_default();
        let name = if sc.localities.iter().any(|x| x.name == l.name) {
            let renamed =
                fresh(|n| sc.localities.iter().any(|x| x.name == n), &format!("{} ({authority})", l.name), " ");
            notes.push(format!("{authority}'s locality {:?} is called {renamed:?}: the name was taken.", l.name));
            renamed
        } else {
            l.name.clone()
        };
        sc.localities.push(Locality { name: name.clone(), weight: l.weight, authority: l.authority.clone() });
        map.insert(l.name.clone(), name);
    }
    map
}

fn merge_retained(
    sc: &mut Scenario,
    incoming: &Scenario,
    areas: &BTreeMap<String, String>,
    localities: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) {
    let mut dropped = 0;
    for s in &incoming.retained {
        if s.segment.is_some() {
            dropped += 1;
            continue;
        }
        let mapped = Selector {
            area: s.area.as_ref().and_then(|a| areas.get(a).cloned()),
            locality: s.locality.as_ref().and_then(|l| localities.get(l).cloned()),
            ..s.clone()
        };
        if !sc.retained.contains(&mapped) {
            sc.retained.push(mapped);
        }
    }
    if dropped > 0 {
        notes.push(format!(
            "{} of single segments kept in-house by the incoming plan could not be carried over (segments are named differently here); choose them again on step 1.",
            crate::base::text::plural(dropped, "choice", "choices")
        ));
    }
}

fn merge_suppliers(
    sc: &mut Scenario,
    incoming: &Scenario,
    same: &[(String, String)],
    areas: &BTreeMap<String, String>,
    localities: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) {
    let map_list = |list: &[String], map: &BTreeMap<String, String>| -> Vec<String> {
        list.iter().filter_map(|x| map.get(x).cloned()).collect()
    };
    let mut added = 0;
    for s in &incoming.suppliers {
        let s_areas = map_list(&s.service_areas, areas);
        let s_localities = map_list(&s.localities, localities);
        if let Some((_, into_id)) = same.iter().find(|(f, _)| *f == s.id) {
            let Some(t) = sc.suppliers.iter_mut().find(|t| &t.id == into_id) else { continue };
            extend(&mut t.service_areas, s_areas);
            extend(&mut t.localities, s_localities);
            if differs(t, s) {
                notes.push(format!(
                    "{} has different accounts in the two registers; this register's figures are kept: check them on step 2.",
                    t.name
                ));
            }
            if t.company_number.is_none() {
                t.company_number = s.company_number.clone();
            }
        } else {
            let taken: BTreeSet<String> = sc.suppliers.iter().map(|x| x.id.clone()).collect_set();
            let id = if taken.contains(&s.id) { super::register::new_id(&s.name, &taken) } else { s.id.clone() };
            sc.suppliers.push(Supplier { id, service_areas: s_areas, localities: s_localities, ..s.clone() });
            added += 1;
        }
    }
    if added > 0 || !same.is_empty() {
        notes.push(format!(
            "Suppliers: {} added, {} recognised as already in the register and given the new localities.",
            added,
            same.len()
        ));
    }
}

fn extend(list: &mut Vec<String>, more: Vec<String>) {
    for x in more {
        if !list.contains(&x) {
            list.push(x);
        }
    }
}

fn differs(a: &Supplier, b: &Supplier) -> bool {
    (a.revenue, a.equity, a.parent_guarantee, a.committed) != (b.revenue, b.equity, b.parent_guarantee, b.committed)
}

fn merge_boundaries(
    sc: &mut Scenario,
    incoming: &Scenario,
    localities: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) {
    match (&mut sc.boundaries, &incoming.boundaries) {
        (Some(ours), Some(theirs)) => {
            for shape in &theirs.shapes {
                if let Some(name) = localities.get(&shape.locality) {
                    let mut shape = shape.clone();
                    shape.locality = name.clone();
                    ours.shapes.push(shape);
                }
            }
        }
        (None, Some(theirs)) => {
            let mut b = theirs.clone();
            b.shapes.retain_mut(|shape| match localities.get(&shape.locality) {
                Some(name) => {
                    shape.locality = name.clone();
                    true
                }
                None => false,
            });
            sc.boundaries = Some(b);
            notes.push("Only the incoming plan had boundaries: this plan's localities have none on the map until boundaries are loaded for them.".into());
        }
        (Some(_), None) => notes.push(
            "The incoming plan had no boundaries: its localities are not on the map until boundaries are loaded for them."
                .into(),
        ),
        (None, None) => {}
    }
}

/// Differences in what is kept from `into`, in words.
fn kept_from_into(into: &Scenario, from: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    let differ: Vec<&str> = [
        (into.tiers != from.tiers, "tiers of need"),
        (into.functions != from.functions, "functions"),
        (into.split_by != from.split_by, "how the service is split"),
        // k comes with each authority as its own (above).
        (into.rules != crate::model::Rules { k: into.rules.k, ..from.rules.clone() }, "lot rules"),
        (into.capacity_policy != from.capacity_policy, "capacity policy"),
        (into.projection != from.projection, "projection over the contract years"),
    ]
    .into_iter()
    .filter_map(|(differs, what)| differs.then_some(what))
    .collect();
    if !differ.is_empty() {
        out.push(format!(
            "The two plans differ in their {}; this plan's are kept for every authority.",
            crate::base::text::and_list(&differ)
        ));
    }
    out
}

/// Every problem with the scenario's authorities; paths start with `at` (e.g. `scenarios[0]`).
pub(super) fn validate(sc: &Scenario, areas: &BTreeSet<&str>, at: &str, issues: &mut Vec<Issue>) {
    let names = unique_ids(
        sc.authorities.iter().map(|a| a.name.as_str()),
        &format!("{at}.authorities"),
        ".name",
        "authority name",
        issues,
    );
    let regional = is_regional(sc);
    for (i, l) in sc.localities.iter().enumerate() {
        let path = format!("{at}.localities[{i}].authority");
        match (&l.authority, regional) {
            (None, true) => issues.push(Issue::new(
                path,
                format!("locality {:?} belongs to no authority; choose its authority under Authorities", l.name),
            )),
            (Some(a), true) if !names.contains(a.as_str()) => issues.push(Issue::new(
                path,
                format!("locality {:?} names authority {a:?}, which is not one of the plan's authorities", l.name),
            )),
            (Some(a), false) => issues.push(Issue::new(
                path,
                format!("locality {:?} names authority {a:?}, but the plan lists no authorities; add it or leave the field out", l.name),
            )),
            _ => {}
        }
    }
    for (i, s) in sc.retained.iter().enumerate() {
        if let Some(a) = &s.authority {
            if !names.contains(a.as_str()) {
                issues.push(Issue::new(
                    format!("{at}.retained[{i}].authority"),
                    format!("names authority {a:?}, which is not one of the plan's authorities"),
                ));
            }
        }
    }
    if !regional {
        return;
    }
    for (i, a) in sc.authorities.iter().enumerate() {
        if let Some(v) = a.v_max {
            let path = format!("{at}.authorities[{i}].v_max");
            check_money(v, &path, false, issues);
            // Above the plan's largest it is the plan's (lowering v_max never breaks it).
            if v.is_finite() && v < sc.rules.v_min {
                issues.push(Issue::new(
                    path,
                    format!(
                        "{}'s largest lot ({}) is below the plan's smallest lot ({}); raise it, lower the smallest lot, or follow the plan's largest",
                        a.name,
                        gbp(v),
                        gbp(sc.rules.v_min)
                    ),
                ));
            }
        }
        if let Some(v) = a.v_min {
            let path = format!("{at}.authorities[{i}].v_min");
            check_money(v, &path, true, issues);
            // Below the plan's smallest it is the plan's (raising v_min never breaks it).
            let (_, largest) = a.lot_band(&sc.rules);
            if v.is_finite() && largest.is_finite() && v > largest {
                let whose = if largest < sc.rules.v_max { "its own largest lot" } else { "the plan's largest lot" };
                issues.push(Issue::new(
                    path,
                    format!(
                        "{}'s smallest lot ({}) is above {whose} ({}); lower it, raise the largest, or follow the plan's smallest",
                        a.name,
                        gbp(v),
                        gbp(largest)
                    ),
                ));
            }
        }
        if a.k == Some(0) {
            issues.push(Issue::new(
                format!("{at}.authorities[{i}].k"),
                format!(
                    "{} asks for 0 credible bidders per lot; every lot needs at least 1, so give 1 or more, or leave `k` out to follow the plan's",
                    a.name
                ),
            ));
        }
        for (code, v) in &a.values {
            let path = format!("{at}.authorities[{i}].values.{code}");
            if !areas.contains(code.as_str()) {
                issues
                    .push(Issue::new(path.clone(), format!("names service area {code:?}, which is not in this plan")));
            }
            check_money(*v, &path, true, issues);
        }
        let value: f64 = a.values.values().filter(|v| v.is_finite()).sum();
        let weight: f64 = sc
            .localities
            .iter()
            .filter(|l| l.authority.as_deref() == Some(a.name.as_str()) && l.weight.is_finite())
            .map(|l| l.weight.max(0.0))
            .sum();
        if value > 0.0 && weight <= 0.0 {
            issues.push(Issue::new(
                format!("{at}.authorities[{i}]"),
                format!(
                    "{} has {} of work a year but no locality with demand to hold it; give it a locality",
                    a.name,
                    gbp(value)
                ),
            ));
        }
    }
    for (i, area) in sc.service_areas.iter().enumerate() {
        let sum: f64 = sc.authorities.iter().filter_map(|a| a.values.get(&area.code)).sum();
        if area.annual_value.is_finite() && (area.annual_value - sum).abs() > 1.0 {
            issues.push(Issue::new(
                format!("{at}.service_areas[{i}].annual_value"),
                format!(
                    "is {} but the authorities' values for it add up to {}; in a regional plan the area's value is their sum",
                    gbp(area.annual_value),
                    gbp(sum)
                ),
            ));
        }
    }
    let bound: Vec<&str> = sc.service_areas.iter().filter(|a| !a.cross_authority).map(|a| a.name.as_str()).collect();
    if sc.authorities.len() > 1 && !sc.splits(super::Axis::Locality) && !bound.is_empty() {
        issues.push(Issue::new(
            format!("{at}.split_by"),
            format!(
                "lots of {} must each lie within one authority, but the service is not split by locality, so each segment holds several authorities' work; split by locality, or let those lots cross authority borders",
                crate::base::text::and_list(&bound)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    fn example() -> Scenario {
        Workspace::default_workspace().scenarios.remove(0)
    }

    fn neighbour() -> Scenario {
        let mut sc = example();
        sc.service.authority = "Neighbouring council".into();
        for s in &mut sc.suppliers {
            s.name = format!("{} North", s.name);
            s.id = format!("{}-N", s.id);
        }
        sc.suppliers[0].name = example().suppliers[0].name.to_uppercase() + " Limited";
        sc
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn merging_keeps_every_authority_apart_and_the_values_whole() {
        let ours = example();
        let theirs = neighbour();
        let m = matches(&ours, &theirs);
        assert_eq!(m.len(), 1, "only the first supplier has the same name: {m:?}");
        assert_eq!(m[0].reason, "the same name");
        let same = vec![(m[0].from.clone(), m[0].into.clone())];
        let merged = merge(&ours, &theirs, &same).unwrap();
        let sc = &merged.scenario;
        sc.validate().unwrap();
        assert_eq!(sc.authorities.len(), 2);
        assert_eq!(sc.authorities[0].name, ours.service.authority);
        assert_eq!(sc.suppliers.len(), ours.suppliers.len() * 2 - 1);
        assert!(sc.localities.iter().all(|l| l.authority.is_some()));
        let renamed = "North (Neighbouring council)".to_string();
        assert!(sc.localities.iter().any(|l| l.name == renamed), "{:?}", sc.localities);
        assert!(merged.notes.iter().any(|n| n.contains("was taken")));
        let first = &sc.suppliers[0];
        assert!(first.localities.contains(&renamed), "the confirmed match covers the new localities too");
        for area in &sc.service_areas {
            let before = ours.service_areas.iter().find(|a| a.code == area.code).unwrap().annual_value;
            assert!((area.annual_value - 2.0 * before).abs() < 1.0);
        }
        // Each authority's segments add up to its own values.
        let cells = sc.segments();
        for a in &sc.authorities {
            let total: f64 =
                cells.iter().filter(|c| c.authority.as_deref() == Some(a.name.as_str())).map(|c| c.value).sum();
            assert!((total - a.values.values().sum::<f64>()).abs() <= sc.service_areas.len() as f64, "{}", a.name);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_regional_plan_merges_into_another_with_all_its_authorities() {
        let mut east = example();
        east.service.authority = "East".into();
        let mut west = example();
        west.service.authority = "West".into();
        let mut north = example();
        north.service.authority = "North".into();
        // A third authority joins a regional plan...
        let pair = merge(&east, &west, &[]).unwrap().scenario;
        let three = merge(&pair, &north, &[]).unwrap().scenario;
        three.validate().unwrap();
        let names: Vec<&str> = three.authorities.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["East", "West", "North"]);
        // ... and a regional plan joins a single authority's, bringing both of its authorities.
        let other_way = merge(&north, &pair, &[]).unwrap().scenario;
        other_way.validate().unwrap();
        let names: Vec<&str> = other_way.authorities.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["North", "East", "West"]);
        assert!((other_way.total_value() - three.total_value()).abs() < 3.0);
        for a in &other_way.authorities {
            let held = other_way.localities.iter().filter(|l| l.authority.as_deref() == Some(a.name.as_str())).count();
            assert_eq!(held, example().localities.len(), "{}", a.name);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn an_authority_name_taken_twice_is_refused_and_nothing_changes() {
        let ours = example();
        let err = merge(&ours, &ours, &[]).unwrap_err();
        assert!(err.to_string().contains("already has an authority called"), "{err}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn company_numbers_match_before_names() {
        let mut ours = example();
        let mut theirs = neighbour();
        ours.suppliers[2].company_number = Some("01234567".into());
        theirs.suppliers[5].company_number = Some(" 0123 4567".into());
        let m = matches(&ours, &theirs);
        assert!(m.iter().any(|x| x.from == theirs.suppliers[5].id && x.into == ours.suppliers[2].id));
        assert!(m.iter().any(|x| x.reason == "the same company number, 01234567"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn authorities_are_added_renamed_and_removed_with_their_references() {
        let mut sc = example();
        let total = sc.total_value();
        let name = add_authority(&mut sc, "Second council").unwrap();
        assert_eq!(sc.authorities.len(), 2);
        assert!(sc.localities.iter().all(|l| l.authority.as_deref() == Some(sc.authorities[0].name.as_str())));
        assert!((sc.total_value() - total).abs() < 1.0, "adding an authority adds no work");
        assert!(add_authority(&mut sc, "Second council").is_err());
        set_locality_authority(&mut sc, "North", &name).unwrap();
        set_value(&mut sc, &name, "FOST", 1_000_000.0).unwrap();
        assert!((sc.total_value() - total - 1_000_000.0).abs() < 1.0);
        rename_authority(&mut sc, &name, "Other council").unwrap();
        assert_eq!(authority_of(&sc, "North"), Some("Other council"));
        sc.validate().unwrap();
        assert!(remove_authority(&mut sc, "Other council").unwrap_err().to_string().contains("North"));
        let first = sc.authorities[0].name.clone();
        set_locality_authority(&mut sc, "North", &first).unwrap();
        remove_authority(&mut sc, "Other council").unwrap();
        assert!(sc.authorities.is_empty(), "one authority left: the plan is one authority's again");
        assert!((sc.total_value() - total).abs() < 1.0);
        sc.validate().unwrap();
    }
}
