//! An independent checker of rules R1-R6 (LOT-MODEL.md), written plainly over strings so that
//! it shares nothing with the solver's indexed, bitset-based implementation.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use lotwise::plan::problem::{LotProblem, Segment, Supplier};
use lotwise::plan::solution::Solution;

pub fn instances_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/lot-instances")
}

pub fn load_instance(name: &str) -> LotProblem {
    let path = instances_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    LotProblem::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn eligible(j: &Supplier, s: &Segment) -> bool {
    j.service_areas.contains(&s.service_area)
        && j.localities.contains(&s.locality)
        && (j.not_for_profit || !s.relevant_care)
}

/// Lotwise's regional extension of R2: a lot holding a segment of an area in
/// `within_authority` (of any area, when areas mix) lies within one authority.
pub fn keeps_to_its_authority(p: &LotProblem, members: &[&Segment]) -> bool {
    let within = &p.params.within_authority;
    let bound = members.iter().any(|s| {
        if p.params.mix_service_areas {
            !within.is_empty()
        } else {
            within.contains(&s.service_area)
        }
    });
    let authorities: BTreeSet<Option<&str>> = members.iter().map(|s| s.authority.as_deref()).collect();
    !bound || authorities.len() == 1
}

/// Lotwise's per-authority extension of R5: the credible bidders a lot of these segments needs
/// by `k`. Within one authority: the most its segments' authorities ask for (their own
/// `k_by_authority`, else `k`). Where the lot's area may cross borders: the most any authority
/// with in-scope work in that area (in any area, when areas mix) asks for. A segment naming
/// no authority asks for the most of all.
pub fn k_needed(p: &LotProblem, members: &[&Segment]) -> u32 {
    let by = &p.params.k_by_authority;
    let own = |s: &Segment| match &s.authority {
        Some(a) => by.get(a).copied().unwrap_or(p.params.k),
        None => by.values().copied().fold(p.params.k, u32::max),
    };
    let within = &p.params.within_authority;
    let bound =
        |s: &Segment| if p.params.mix_service_areas { !within.is_empty() } else { within.contains(&s.service_area) };
    if members.iter().any(|s| bound(s)) {
        return members.iter().map(|s| own(s)).max().unwrap_or(p.params.k);
    }
    let areas: BTreeSet<&str> = members.iter().map(|s| s.service_area.as_str()).collect();
    p.segments
        .iter()
        .filter(|s| !s.retained && (p.params.mix_service_areas || areas.contains(s.service_area.as_str())))
        .map(own)
        .max()
        .unwrap_or(p.params.k)
}

/// Lotwise's per-authority extension of R4: the largest value a lot of these segments may have.
/// Within one authority: the least its segments' authorities allow (their own
/// `v_max_by_authority`, never above `v_max`). Where the lot's area may cross borders: the least
/// any authority with in-scope work in that area (in any area, when areas mix) allows. A segment
/// naming no authority allows the least of all.
pub fn v_max_for(p: &LotProblem, members: &[&Segment]) -> f64 {
    own_value_for(p, members, &p.params.v_max_by_authority, p.params.v_max, f64::min)
}

/// Lotwise's per-authority extension of R4: the smallest value a lot of these segments may
/// have, as [`v_max_for`] with the most asked for (`v_min_by_authority`, never below `v_min`).
pub fn v_min_for(p: &LotProblem, members: &[&Segment]) -> f64 {
    own_value_for(p, members, &p.params.v_min_by_authority, p.params.v_min, f64::max)
}

/// The tightest (`tighter`) of the plan's lot value `plan` and the authorities' own (`by`) that
/// a lot of `members` must keep to.
fn own_value_for(
    p: &LotProblem,
    members: &[&Segment],
    by: &std::collections::BTreeMap<String, f64>,
    plan: f64,
    tighter: fn(f64, f64) -> f64,
) -> f64 {
    let own = |s: &Segment| match &s.authority {
        Some(a) => tighter(by.get(a).copied().unwrap_or(plan), plan),
        None => by.values().copied().fold(plan, tighter),
    };
    let within = &p.params.within_authority;
    let bound =
        |s: &Segment| if p.params.mix_service_areas { !within.is_empty() } else { within.contains(&s.service_area) };
    if members.iter().any(|s| bound(s)) {
        return members.iter().map(|s| own(s)).fold(plan, tighter);
    }
    let areas: BTreeSet<&str> = members.iter().map(|s| s.service_area.as_str()).collect();
    p.segments
        .iter()
        .filter(|s| !s.retained && (p.params.mix_service_areas || areas.contains(s.service_area.as_str())))
        .map(own)
        .fold(plan, tighter)
}

/// Lotwise's SME extension of R5: a lot holding a segment of an area in `sme_open` (of any
/// area, when areas mix) has a credible bidder with revenue known and at most £44m.
pub fn open_to_an_sme(p: &LotProblem, members: &[&Segment], credible: &[&Supplier]) -> bool {
    let open = &p.params.sme_open;
    let needs =
        members.iter().any(
            |s| {
                if p.params.mix_service_areas {
                    !open.is_empty()
                } else {
                    open.contains(&s.service_area)
                }
            },
        );
    let needs = needs || authority_asks_for_an_sme(p, members);
    !needs || credible.iter().any(|j| j.revenue.is_some_and(|r| (0.0..=44_000_000.0).contains(&r)))
}

/// Lotwise's per-authority SME extension: a lot within one authority follows its segments'
/// authorities (`sme_open_authorities`); a lot whose area may cross borders follows any
/// authority with in-scope work in that area (in any area, when areas mix). A segment naming
/// no authority follows any authority that asks.
fn authority_asks_for_an_sme(p: &LotProblem, members: &[&Segment]) -> bool {
    let asking = &p.params.sme_open_authorities;
    if asking.is_empty() {
        return false;
    }
    let wants = |s: &Segment| s.authority.as_ref().is_none_or(|a| asking.contains(a));
    let within = &p.params.within_authority;
    let bound =
        |s: &Segment| if p.params.mix_service_areas { !within.is_empty() } else { within.contains(&s.service_area) };
    if members.iter().any(|s| bound(s)) {
        return members.iter().any(|s| wants(s));
    }
    let areas: BTreeSet<&str> = members.iter().map(|s| s.service_area.as_str()).collect();
    p.segments
        .iter()
        .filter(|s| !s.retained && (p.params.mix_service_areas || areas.contains(s.service_area.as_str())))
        .any(wants)
}

/// Lotwise's framework-lot extension: how many providers a lot of these segments appoints
/// (`params.appointments` by area; the largest named for every lot when areas mix).
pub fn appointments(p: &LotProblem, members: &[&Segment]) -> u32 {
    let named = &p.params.appointments;
    let n = if p.params.mix_service_areas {
        named.values().copied().max()
    } else {
        members.iter().filter_map(|s| named.get(&s.service_area).copied()).max()
    };
    n.unwrap_or(1).max(1)
}

/// Every rule the plan breaks, as sentences; empty when the plan is valid.
pub fn violations(p: &LotProblem, sol: &Solution) -> Vec<String> {
    let mut bad = Vec::new();
    let segs: HashMap<&str, &Segment> = p.segments.iter().map(|s| (s.id.as_str(), s)).collect();
    let sups: HashMap<&str, &Supplier> = p.suppliers.iter().map(|s| (s.id.as_str(), s)).collect();
    // R1
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for lot in &sol.lots {
        for id in &lot.segments {
            *seen.entry(id.as_str()).or_default() += 1;
            match segs.get(id.as_str()) {
                None => bad.push(format!("R1: lot {} holds unknown segment {id}", lot.id)),
                Some(s) if s.retained => bad.push(format!("R1: lot {} holds retained segment {id}", lot.id)),
                _ => {}
            }
        }
    }
    for s in p.segments.iter().filter(|s| !s.retained) {
        let n = seen.get(s.id.as_str()).copied().unwrap_or(0);
        if n != 1 {
            bad.push(format!("R1: segment {} is in {n} lots", s.id));
        }
    }
    let mut awarded: HashMap<&str, (f64, u32)> = HashMap::new();
    for lot in &sol.lots {
        let members: Vec<&Segment> = lot.segments.iter().filter_map(|id| segs.get(id.as_str()).copied()).collect();
        if members.len() != lot.segments.len() || members.is_empty() {
            bad.push(format!("lot {} is empty or has unknown segments", lot.id));
            continue;
        }
        // R2
        let areas: BTreeSet<&str> = members.iter().map(|s| s.service_area.as_str()).collect();
        if !p.params.mix_service_areas && areas.len() > 1 {
            bad.push(format!("R2: lot {} mixes areas {areas:?}", lot.id));
        }
        if !keeps_to_its_authority(p, &members) {
            bad.push(format!("R2: lot {} crosses authority borders", lot.id));
        }
        // R3
        let locs: BTreeSet<&str> = members.iter().map(|s| s.locality.as_str()).collect();
        if !connected(&locs, &p.adjacency) {
            bad.push(format!("R3: lot {} localities {locs:?} are not connected", lot.id));
        }
        // R4
        let value: f64 = members.iter().map(|s| s.value).sum();
        if (value - lot.value).abs() > 0.5 {
            bad.push(format!("lot {} reports value {} but its segments sum to {value}", lot.id, lot.value));
        }
        let (v_min, v_max) = (v_min_for(p, &members), v_max_for(p, &members));
        if value < v_min || value > v_max {
            bad.push(format!("R4: lot {} value {value} outside [{v_min}, {v_max}]", lot.id));
        }
        // R5: a framework lot's bidders need capacity for an equal share of it.
        let n = appointments(p, &members);
        let share = value / n as f64;
        let credible: BTreeSet<&str> = p
            .suppliers
            .iter()
            .filter(|j| j.capacity >= share && members.iter().all(|s| eligible(j, s)))
            .map(|j| j.id.as_str())
            .collect();
        let reported: BTreeSet<&str> = lot.credible_bidders.iter().map(String::as_str).collect();
        if credible != reported {
            bad.push(format!("lot {} reports bidders {reported:?}, really {credible:?}", lot.id));
        }
        // Members of one group (a parent company) count once.
        let groups: BTreeSet<String> = credible
            .iter()
            .map(|id| match sups.get(id).and_then(|j| j.group.as_ref()) {
                Some(g) => format!("group {g}"),
                None => format!("supplier {id}"),
            })
            .collect();
        if (groups.len() as u32) < k_needed(p, &members).max(n) {
            bad.push(format!("R5: lot {} has {} independent credible bidders", lot.id, groups.len()));
        }
        let bidders: Vec<&Supplier> = credible.iter().filter_map(|id| sups.get(id).copied()).collect();
        if !open_to_an_sme(p, &members, &bidders) {
            bad.push(format!("R5: lot {} must be open to an SME but none of {credible:?} is one", lot.id));
        }
        if lot.bidders() != groups.len() {
            bad.push(format!("lot {} reports {} independent bidders, really {}", lot.id, lot.bidders(), groups.len()));
        }
        // R6: n different credible providers, each charged its share and one lot.
        let to: Vec<&str> = if n > 1 {
            if lot.appointed.first() != Some(&lot.award) {
                bad.push(format!("R6: lot {} names award {} but appoints {:?}", lot.id, lot.award, lot.appointed));
            }
            lot.appointed.iter().map(String::as_str).collect()
        } else {
            if !lot.appointed.is_empty() {
                bad.push(format!("R6: lot {} goes to one provider but lists appointees {:?}", lot.id, lot.appointed));
            }
            vec![lot.award.as_str()]
        };
        let distinct: BTreeSet<&str> = to.iter().copied().collect();
        if to.len() != n as usize || distinct.len() != to.len() {
            bad.push(format!("R6: lot {} appoints {to:?}, not {n} different providers", lot.id));
        }
        for j in to {
            if !credible.contains(j) {
                bad.push(format!("R6: lot {} awarded to {j} who is not a credible bidder", lot.id));
            }
            let e = awarded.entry(j).or_default();
            e.0 += share;
            e.1 += 1;
        }
    }
    for (j, (load, count)) in awarded {
        if let Some(sup) = sups.get(j) {
            if load > sup.capacity + 1e-6 {
                bad.push(format!("R6: {j} awarded {load} over capacity {}", sup.capacity));
            }
            if let Some(share) = p.params.max_award_share {
                let in_scope: f64 = p.segments.iter().filter(|s| !s.retained).map(|s| s.value).sum();
                if load > share * in_scope {
                    bad.push(format!("R6: {j} awarded {load}, above the cap of {share} of {in_scope}"));
                }
            }
            if count > p.params.m {
                bad.push(format!("R6: {j} awarded {count} lots, m = {}", p.params.m));
            }
        }
    }
    if p.params.m_per_group {
        // m applies to each group (a supplier without one is its own).
        let mut per_group: BTreeMap<String, u32> = BTreeMap::new();
        for to in sol.lots.iter().flat_map(|l| l.appointees()) {
            let key = match sups.get(to).and_then(|j| j.group.as_ref()) {
                Some(g) => format!("group {g}"),
                None => format!("supplier {to}"),
            };
            *per_group.entry(key).or_default() += 1;
        }
        for (key, n) in per_group {
            if n > p.params.m {
                bad.push(format!("R6: {key} awarded {n} lots, m = {} per group", p.params.m));
            }
        }
    }
    if sol.num_lots != Some(sol.lots.len() as u32) {
        bad.push(format!("num_lots {:?} but {} lots", sol.num_lots, sol.lots.len()));
    }
    let thinnest = sol.lots.iter().map(|l| l.bidders() as u32).min();
    if !sol.lots.is_empty() && sol.min_credible_bidders != thinnest {
        bad.push(format!("min_credible_bidders {:?} but thinnest lot has {thinnest:?}", sol.min_credible_bidders));
    }
    bad
}

fn connected(locs: &BTreeSet<&str>, adjacency: &[(String, String)]) -> bool {
    let Some(&start) = locs.iter().next() else { return false };
    let mut reached = BTreeSet::from([start]);
    let mut stack = vec![start];
    while let Some(a) = stack.pop() {
        for (x, y) in adjacency {
            for (from, to) in [(x, y), (y, x)] {
                if from == a && locs.contains(to.as_str()) && reached.insert(to.as_str()) {
                    stack.push(to.as_str());
                }
            }
        }
    }
    reached.len() == locs.len()
}
