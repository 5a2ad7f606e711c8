//! Plain explanations: why no plan exists, or why the answer is not proven, each naming the
//! rule, the segments or suppliers at fault, and the smallest change that would help.

use fixedbitset::FixedBitSet;

use super::enumerate::{Enumerator, Limits, Stopped};
use super::Run;
use crate::base::money::{gbp, gbp_full};
use crate::base::sort::CollectTree;
use crate::base::text::and_list;
use crate::plan::solution::{Finding, Lever, Rule};

/// Why block `b` (one service area, or everything when areas mix) cannot be divided into lots.
pub(super) fn partition(run: &Run, b: usize) -> Vec<Finding> {
    let block = &run.blocks[b];
    let mut findings: Vec<Finding> = block.iter().filter_map(|&s| segment_alone(run, s)).collect();
    if findings.is_empty() {
        findings = block
            .iter()
            .filter(|&&s| !run.block_cols[b].iter().any(|&l| run.cands[l].segments.contains(&s)))
            .map(|&s| no_lot_fits(run, b, s))
            .collect();
    }
    if findings.is_empty() {
        findings.push(no_partition(run, b));
    }
    findings
}

/// The authority segment `s`'s lots must lie within, if they must.
fn authority_of<'a>(run: &Run<'a>, s: usize) -> Option<&'a str> {
    let seg = &run.prep.problem.segments[run.prep.segments[s]];
    run.prep.problem.bound_authority(seg)
}

/// " in Westshire Council" when segment `s`'s lots must lie within its authority, else "".
fn in_authority(run: &Run, s: usize) -> String {
    authority_of(run, s).map(|a| format!(" in {a}")).unwrap_or_default()
}

/// `k` as the lots holding segment `s` need it, in words: "k = 3", and whose rule it is when an
/// authority's own k applies ([`crate::plan::problem::Params::k_by_authority`]).
fn k_words(run: &Run, s: usize) -> String {
    let prep = &run.prep;
    let (k, p) = (prep.k_need[s], &prep.problem.params);
    if p.k_by_authority.is_empty() {
        return format!("k = {k}");
    }
    let seg = &prep.problem.segments[prep.segments[s]];
    match authority_of(run, s) {
        Some(a) if p.k_by_authority.contains_key(a) => format!("k = {k}, {a}'s own rule"),
        Some(_) => format!("k = {k}"),
        None if k != p.k || seg.authority.is_none() => {
            format!(
                "k = {k}, the most asked for by the authorities whose lots of {} may cross borders",
                area_name(run, s)
            )
        }
        None => format!("k = {k}"),
    }
}

/// The largest lot allowed for segment `s`, in words: "v_max = £4.0m", and whose rule it is
/// when an authority's own applies ([`crate::plan::problem::Params::v_max_by_authority`]).
fn v_max_words(run: &Run, s: usize) -> String {
    let (v, p) = (run.prep.v_max[s], &run.prep.problem.params);
    if v >= p.v_max {
        return format!("v_max = {}", gbp(v));
    }
    match authority_of(run, s) {
        Some(a) => format!("{}, {a}'s own largest lot", gbp(v)),
        None => format!("{}, the smallest largest lot of the authorities with work in {}", gbp(v), area_name(run, s)),
    }
}

/// The fix "raise the largest lot", naming the authority whose own it is when one applies,
/// and where it is changed.
fn raise_v_max(run: &Run, s: usize) -> (String, Lever) {
    let (v, p) = (run.prep.v_max[s], &run.prep.problem.params);
    match authority_of(run, s) {
        Some(a) if v < p.v_max => (format!("raise {a}'s own largest lot"), Lever::AuthorityRules),
        None if v < p.v_max => {
            (format!("raise the authorities' own largest lots in {}", area_name(run, s)), Lever::AuthorityRules)
        }
        _ => ("raise v_max".to_string(), Lever::LargestLot),
    }
}

/// The smallest lot allowed for segment `s`, in words: "v_min = £300k", and whose rule it is
/// when an authority's own applies ([`crate::plan::problem::Params::v_min_by_authority`]).
fn v_min_words(run: &Run, s: usize) -> String {
    let (v, p) = (run.prep.v_min[s], &run.prep.problem.params);
    if v <= p.v_min {
        return format!("v_min = {}", gbp(v));
    }
    match authority_of(run, s) {
        Some(a) => format!("{}, {a}'s own smallest lot", gbp(v)),
        None => format!("{}, the largest smallest lot of the authorities with work in {}", gbp(v), area_name(run, s)),
    }
}

/// The fix "lower the smallest lot to `to`" ("lower the smallest lot" when `to` is `None`),
/// naming the authority whose own it is when one applies, and where it is changed.
fn lower_v_min_to(run: &Run, s: usize, to: Option<f64>) -> (String, Lever) {
    let (v, p) = (run.prep.v_min[s], &run.prep.problem.params);
    let to = to.map(|to| format!(" to {}", gbp_full(to))).unwrap_or_default();
    match authority_of(run, s) {
        Some(a) if v > p.v_min => (format!("lower {a}'s own smallest lot{to}"), Lever::AuthorityRules),
        None if v > p.v_min => {
            (format!("lower the authorities' own smallest lots in {}{to}", area_name(run, s)), Lever::AuthorityRules)
        }
        _ => (format!("lower v_min{to}"), Lever::SmallestLot),
    }
}

/// The fix "lower k to `n`" ("lower k" when `n` is `None`), naming the authority whose own k
/// it is when one applies, and where it is changed.
fn lower_k_to(run: &Run, s: usize, n: Option<u32>) -> (String, Lever) {
    let to = n.map(|n| format!(" to {n}")).unwrap_or_default();
    match authority_of(run, s).filter(|a| run.prep.problem.params.k_by_authority.contains_key(*a)) {
        Some(a) => (format!("lower {a}'s own k{to}"), Lever::AuthorityRules),
        None if run.prep.k_need[s] != run.prep.problem.params.k => {
            (format!("lower k{to} for every authority with work in {}", area_name(run, s)), Lever::AuthorityRules)
        }
        None => (format!("lower k{to}"), Lever::MinBidders),
    }
}

fn area_name(run: &Run, s: usize) -> String {
    let a = &run.prep.problem.service_areas[run.prep.area[s]];
    if a.name.is_empty() {
        a.code.clone()
    } else {
        a.name.clone()
    }
}

/// A segment in words, with its id for reference: `“Fostering services in North” (FOST-North`
/// (the parenthesis is left open for more details; the UI drops the id, the CLI keeps it).
fn segment_words(run: &Run, s: usize) -> String {
    let seg = &run.prep.problem.segments[run.prep.segments[s]];
    let mut words = area_name(run, s);
    if let Some(t) = seg.tier {
        words.push_str(&format!(", tier {t}"));
    }
    if let Some(f) = &seg.function {
        words.push_str(&format!(", {f}"));
    }
    format!("“{words} in {}” ({}", seg.locality, seg.id)
}

/// Every segment that breaks a rule even as a lot of its own (too valuable, or too few able
/// bidders), led by the single change that fixes all thin ones; empty when there is none.
pub(super) fn segments_alone(run: &Run) -> Vec<Finding> {
    let mut findings: Vec<Finding> = (0..run.prep.len()).filter_map(|s| segment_alone(run, s)).collect();
    if let Some(overall) = lower_k(run, &findings) {
        findings.insert(0, overall);
    }
    findings
}

/// Work that no whole number of lots can divide: a connected part of a block (segments that
/// may share lots with one another and with nothing else; every lot lies within one) worth
/// `total` in all, where `n` lots each within the band of lot values need
/// `n × v_min ≤ total ≤ n × v_max`. Worth less than `v_min`, no lot can hold it; worth, say,
/// £5.0m with lots of £2.6m to £3.2m, one lot is too large and two too small. Either way no plan
/// exists, found at once where the search would look for one until the time ran out. Empty
/// when there is none.
pub(super) fn no_lots_fit(run: &Run) -> Vec<Finding> {
    // Money is summed in another order here than in a lot: a part on the edge counts as fitting.
    const SLACK: f64 = 1e-9;
    let mut findings = Vec::new();
    for (b, block) in run.blocks.iter().enumerate() {
        let v_min = run.limits(b).v_min;
        let v_max = run.prep.v_max[block[0]].min(run.prep.problem.params.v_max);
        let parts = connected_parts(run, block);
        let before = findings.len();
        for part in &parts {
            let total: f64 = part.iter().map(|&s| run.prep.value[s]).sum();
            let most = if v_min > 0.0 { (total / v_min * (1.0 + SLACK)).floor() } else { f64::INFINITY };
            let least = (total / v_max * (1.0 - SLACK)).ceil().max(1.0);
            if most < least {
                let counts = (least as u64, most as u64);
                findings.push(no_lots_fit_part(run, part, total, counts, parts.len() > 1));
            }
        }
        // Segments of a part no lots fit cannot be reached either: one finding per block.
        if findings.len() == before {
            let short = unreachable_segments(run, b);
            if !short.is_empty() {
                findings.push(no_lot_reaches(run, b, &short));
            }
        }
    }
    findings
}

/// Segments no lot of at least the smallest value can hold: the segments around `s` that
/// share enough credible bidders with it for such a lot (capacity for the smallest lot, or for
/// `s` alone if more) are, linked up, worth less than the smallest lot. Every lot holding `s`
/// lies within them (its credible bidders are among each of its segments' eligible suppliers),
/// so none can be large enough, and no plan exists. Each entry: the segment and what the most
/// it could reach is worth.
fn unreachable_segments(run: &Run, b: usize) -> Vec<(usize, f64)> {
    let prep = &run.prep;
    let block = &run.blocks[b];
    let limits = run.limits(b);
    let mut short = Vec::new();
    for &s in block {
        let mut able = prep.eligible[s].clone();
        able.set_range(prep.able_prefix(s, limits.v_min.max(prep.value[s]))..prep.suppliers.len(), false);
        let mut seen = FixedBitSet::with_capacity(prep.len());
        seen.insert(s);
        let (mut reach, mut stack) = (0.0, vec![s]);
        while let Some(t) = stack.pop() {
            reach += prep.value[t];
            if reach >= limits.v_min {
                break;
            }
            for n in prep.neighbours[t].ones() {
                if seen.contains(n) {
                    continue;
                }
                let mut shared = able.clone();
                shared.intersect_with(&prep.eligible[n]);
                if prep.bidders(&shared) >= prep.needed(n, limits.k) {
                    seen.insert(n);
                    stack.push(n);
                }
            }
        }
        if reach < limits.v_min {
            short.push((s, reach));
        }
    }
    short
}

/// Block `b`'s segments in `short` (each with the most the work linked to it could be worth)
/// fit no lot of at least the smallest value ([`unreachable_segments`]).
fn no_lot_reaches(run: &Run, b: usize, short: &[(usize, f64)]) -> Finding {
    let prep = &run.prep;
    let s = short[0].0;
    let limits = run.limits(b);
    let shown = places_words(run, short.iter().map(|&(t, _)| t));
    let whose = in_authority(run, s);
    let reach = short.iter().map(|&(_, r)| r).fold(0.0, f64::max);
    let least = short.iter().map(|&(_, r)| r).fold(f64::MAX, f64::min);
    let message = format!(
        "{} of the {} work{whose} (in {shown}) cannot be in any lot worth at least the smallest lot allowed ({}): the work joined to {} on the map that shares at least {} credible bidders with capacity for such a lot ({}) is worth at most {} a year.",
        crate::base::text::plural(short.len(), "segment", "segments"),
        area_name(run, s),
        v_min_words(run, s),
        if short.len() == 1 { "it" } else { "each" },
        prep.needed(s, limits.k),
        k_words(run, s),
        gbp_full(reach),
    );
    let mut fixes = Fixes::default();
    let (fix, lever) = lower_v_min_to(run, s, Some(least.floor()));
    fixes.push(fix, lever);
    if prep.needed(s, limits.k) > 1 {
        let (fix, lever) = lower_k_to(run, s, None);
        fixes.push(fix, lever);
    }
    fixes.push(format!("add suppliers who serve {shown} with capacity for such a lot"), Lever::Suppliers);
    if authority_of(run, s).is_some() {
        fixes.push(format!("let lots of {} cross authority borders", area_name(run, s)), Lever::CrossAuthority);
    }
    if !prep.problem.params.mix_service_areas {
        fixes.push("allow lots to mix service areas", Lever::MixServiceAreas);
    }
    fixes.push("retain this work in-house", Lever::InHouse);
    let (fix, levers) = fixes.finish();
    Finding {
        rule: Rule::R5,
        message,
        segments: short.iter().map(|&(t, _)| prep.segment_id(t).to_string()).collect(),
        suppliers: Vec::new(),
        fix,
        levers,
    }
}

/// The localities of `segments`, in words: "L1, L2 and L3", or the first five and how many more.
fn places_words(run: &Run, segments: impl Iterator<Item = usize>) -> String {
    let prep = &run.prep;
    let places: Vec<&str> =
        segments.map(|t| prep.problem.localities[prep.locality[t]].as_str()).collect_set().into_iter().collect();
    if places.len() > 6 {
        format!("{} and {} more", places[..5].join(", "), places.len() - 5)
    } else {
        and_list(&places)
    }
}

/// The parts of `block` that lots can join up: segments linked by a chain of neighbours (the
/// same or adjacent localities), each part sorted.
fn connected_parts(run: &Run, block: &[usize]) -> Vec<Vec<usize>> {
    let mut seen = FixedBitSet::with_capacity(run.prep.len());
    let mut parts = Vec::new();
    for &start in block {
        if seen.contains(start) {
            continue;
        }
        seen.insert(start);
        let mut part = vec![start];
        let mut next = 0;
        while let Some(&s) = part.get(next) {
            next += 1;
            for n in run.prep.neighbours[s].ones() {
                if !seen.put(n) {
                    part.push(n);
                }
            }
        }
        crate::base::sort::sort(&mut part);
        parts.push(part);
    }
    parts
}

/// `part` (of a block with other parts when `cut_off`) is worth `total`: at least `least` lots
/// are needed to keep within the largest lot, and at most `most` can reach the smallest.
fn no_lots_fit_part(run: &Run, part: &[usize], total: f64, (least, most): (u64, u64), cut_off: bool) -> Finding {
    let prep = &run.prep;
    let s = part[0];
    let scope = if let [only] = part {
        format!("Segment {}, {} a year)", segment_words(run, *only), gbp_full(total))
    } else {
        let shown = places_words(run, part.iter().copied());
        let whose = in_authority(run, s);
        let scope = if cut_off {
            format!(
                "The {} work{whose} in {shown} ({} segments), which no adjacency links to the rest of that work,",
                area_name(run, s),
                part.len()
            )
        } else {
            format!("All the {} work{whose} ({} segments in {shown})", area_name(run, s), part.len())
        };
        format!("{scope} is worth {} a year in all, and", gbp_full(total))
    };
    let message = match (most, part) {
        (0, [_]) => format!(
            "{scope} is below the smallest lot allowed ({}) and has no neighbouring segment it may share a lot with (the same service area in its own or an adjacent locality).",
            v_min_words(run, s)
        ),
        (0, _) => format!(
            "{scope} is below the smallest lot allowed ({}), so no lot holding it can be large enough: its lots may not take in other work.",
            v_min_words(run, s)
        ),
        _ => format!(
            "{scope} cannot be divided into lots within the band of lot values: {least} lots are needed to keep each within the largest lot allowed ({}), but at most {} can reach the smallest lot allowed ({}).",
            v_max_words(run, s),
            crate::base::text::plural(most as usize, "lot", "lots"),
            v_min_words(run, s)
        ),
    };
    let mut fixes = Fixes::default();
    let (fix, lever) = lower_v_min_to(run, s, Some((total / least as f64).floor()));
    fixes.push(fix, lever);
    if most > 0 {
        let (fix, lever) = raise_v_max(run, s);
        fixes.push(format!("{fix} to {}", gbp_full((total / most as f64).ceil())), lever);
    }
    if cut_off || part.len() == 1 {
        fixes.push("check the map: add the adjacency its localities really have", Lever::Map);
    }
    if !prep.problem.params.mix_service_areas {
        fixes.push("allow lots to mix service areas", Lever::MixServiceAreas);
    }
    if authority_of(run, s).is_some() {
        fixes.push(format!("let lots of {} cross authority borders", area_name(run, s)), Lever::CrossAuthority);
    }
    fixes.push("retain this work in-house", Lever::InHouse);
    let (fix, levers) = fixes.finish();
    Finding {
        rule: Rule::R4,
        message,
        segments: part.iter().map(|&t| prep.segment_id(t).to_string()).collect(),
        suppliers: Vec::new(),
        fix,
        levers,
    }
}

/// When several segments lack credible bidders, the one change that fixes them all: lower k
/// to the fewest able bidders any of them has (if that is at least 1).
pub(super) fn lower_k(run: &Run, findings: &[Finding]) -> Option<Finding> {
    let prep = &run.prep;
    let short: Vec<(usize, u32)> = (0..prep.len())
        .filter(|&s| {
            findings.iter().any(|f| f.rule == Rule::R5 && f.segments.iter().any(|id| id == prep.segment_id(s)))
        })
        .map(|s| {
            let mut able = prep.eligible[s].clone();
            able.set_range(prep.able_prefix(s, prep.value[s]).., false);
            (s, prep.bidders(&able))
        })
        .filter(|&(s, n)| n < prep.k_need[s])
        .collect();
    if short.len() < 2 {
        return None;
    }
    let fewest = short.iter().map(|&(_, n)| n).min()?;
    let k = short.iter().map(|&(s, _)| prep.k_need[s]).max()?;
    if fewest == 0 || fewest >= k {
        return None;
    }
    let k_text = if short.iter().all(|&(s, _)| prep.k_need[s] == prep.problem.params.k) {
        format!("k = {k}")
    } else {
        "the credible bidders their authorities ask for (k)".to_string()
    };
    Some(Finding {
        rule: Rule::R5,
        message: format!(
            "{} segments have fewer than {k_text} even as lots of their own; the thinnest has {fewest}.",
            short.len()
        ),
        segments: short.iter().map(|&(s, _)| prep.segment_id(s).to_string()).collect(),
        suppliers: Vec::new(),
        fix: format!("Lower k to {fewest} or less: the most that all of these segments can meet."),
        levers: vec![Lever::MinBidders],
    })
}

/// Rules a segment breaks even as a lot of its own: too valuable, or too few able bidders.
fn segment_alone(run: &Run, s: usize) -> Option<Finding> {
    let prep = &run.prep;
    let id = prep.segment_id(s).to_string();
    let value = prep.value[s];
    if value > prep.v_max[s] {
        let (mut raise, lever) = raise_v_max(run, s);
        raise[..1].make_ascii_uppercase();
        return Some(Finding {
            rule: Rule::R4,
            message: format!(
                "segment {}) is worth {} a year on its own, above the largest lot allowed ({}).",
                segment_words(run, s),
                gbp(value),
                v_max_words(run, s)
            ),
            segments: vec![id],
            suppliers: Vec::new(),
            fix: format!(
                "{raise} to at least {}, split the segment further (by tier or function), or retain it in-house.",
                gbp_full(value)
            ),
            levers: vec![lever, Lever::Split, Lever::InHouse],
        });
    }
    let eligible = &prep.eligible[s];
    let mut able = eligible.clone();
    able.set_range(prep.able_prefix(s, value).., false);
    let n_able = prep.bidders(&able);
    if n_able >= prep.needed(s, prep.k_most()) {
        return no_sme_alone(run, s, &able);
    }
    let seg = &prep.problem.segments[prep.segments[s]];
    let names: Vec<String> = able.ones().map(|j| prep.supplier_id(j).to_string()).collect();
    let who = if names.is_empty() { "none".to_string() } else { names.join(", ") };
    let n_eligible = eligible.count_ones(..);
    let n_capable = names.len();
    let grouped = if n_capable > n_able as usize {
        format!(" (suppliers of one group count once, so {n_capable} suppliers make {n_able})")
    } else {
        String::new()
    };
    let appoint = prep.appoint[s];
    let k = prep.k_need[s];
    let needed = if appoint > k {
        format!(
            "at least {appoint} needed, as each {} lot appoints {appoint} providers ({})",
            area_name(run, s),
            k_words(run, s)
        )
    } else {
        format!("at least {} needed", k_words(run, s))
    };
    let capacity = if appoint > 1 {
        format!("the capacity for a share of {} ({} shared by {appoint})", gbp(value / appoint as f64), gbp(value))
    } else {
        "the capacity".to_string()
    };
    let message = format!(
        "segment {}, {} a year{}) has {n_able} credible bidder{} ({who}): {n_eligible} supplier{} eligible for it, of which {n_capable} with {capacity}{grouped}; {needed}.",
        segment_words(run, s),
        gbp(value),
        if seg.relevant_care { ", relevant care: not-for-profit only" } else { "" },
        if n_able == 1 { "" } else { "s" },
        if n_eligible == 1 { " is" } else { "s are" },
    );
    let mut fixes = Fixes::default();
    if n_able >= 1 && k > n_able {
        let (fix, lever) = lower_k_to(run, s, Some(n_able));
        fixes.push(fix, lever);
    }
    if appoint > 1 {
        fixes.push(format!("appoint fewer providers per {} lot", area_name(run, s)), Lever::Appointments);
    }
    if seg.relevant_care {
        fixes.push("allow a not-for-profit consortium to bid (pooling members' capacity)", Lever::Suppliers);
    } else if (n_eligible as u32) > n_able {
        fixes.push("allow consortium bids so smaller eligible suppliers can pool capacity", Lever::Suppliers);
    }
    fixes.push("add suppliers who serve this area and locality to the register", Lever::Suppliers);
    fixes.push("retain the segment in-house", Lever::InHouse);
    let (fix, levers) = fixes.finish();
    Some(Finding { rule: Rule::R5, message, segments: vec![id], suppliers: names, fix, levers })
}

/// Segment `s` has enough credible bidders on its own (`able`), but its lots must be open to an
/// SME and none of them is one.
fn no_sme_alone(run: &Run, s: usize, able: &FixedBitSet) -> Option<Finding> {
    let prep = &run.prep;
    if !prep.needs_sme[s] || !able.is_disjoint(&prep.sme) {
        return None;
    }
    let mut eligible_smes = prep.eligible[s].clone();
    eligible_smes.intersect_with(&prep.sme);
    let smes: Vec<String> = eligible_smes.ones().map(|j| prep.supplier_id(j).to_string()).collect();
    let who = match smes.len() {
        0 => "no SME on the register is eligible for it".to_string(),
        1 => format!("the one eligible SME ({}) lacks the capacity", smes[0]),
        n => format!("the {n} eligible SMEs ({}) lack the capacity", smes.join(", ")),
    };
    let (area_rule, asking) = sme_rules(run, s);
    let mut fixes = Fixes::default();
    if area_rule {
        fixes.push(format!("stop requiring every {} lot to be open to an SME", area_name(run, s)), Lever::SmeOpen);
    }
    if !asking.is_empty() {
        fixes.push(format!("stop requiring {}'s lots to be open to an SME", and_list(&asking)), Lever::SmeOpen);
    }
    fixes.push("add SMEs who serve this area and locality to the register", Lever::Suppliers);
    fixes.push("split the segment further (by tier or function)", Lever::Split);
    fixes.push("retain the segment in-house", Lever::InHouse);
    let (fix, levers) = fixes.finish();
    Some(Finding {
        rule: Rule::R5,
        message: format!(
            "segment {}, {} a year) has no credible SME bidder, and {} must be open to at least one SME: {who}.",
            segment_words(run, s),
            gbp(prep.value[s]),
            if area_rule {
                format!("lots of {}", area_name(run, s))
            } else {
                format!("lots holding {}'s work", and_list(&asking))
            }
        ),
        segments: vec![prep.segment_id(s).to_string()],
        suppliers: smes,
        fix,
        levers,
    })
}

/// Why lots holding segment `s` must be open to an SME: its service area's rule, and the
/// authorities asking for it whose rule reaches `s` (its own, or any with work in its area where
/// lots may cross borders).
fn sme_rules(run: &Run, s: usize) -> (bool, Vec<String>) {
    let problem = run.prep.problem;
    let seg = &problem.segments[run.prep.segments[s]];
    let asking = &problem.params.sme_open_authorities;
    let reaches: Vec<String> = match authority_of(run, s) {
        Some(a) => asking.iter().filter(|x| x.as_str() == a).cloned().collect(),
        None => asking
            .iter()
            .filter(|a| {
                problem.in_scope().any(|t| {
                    t.authority.as_ref() == Some(*a)
                        && (problem.params.mix_service_areas || t.service_area == seg.service_area)
                })
            })
            .cloned()
            .collect(),
    };
    (problem.area_needs_sme(seg), reaches)
}

/// Segment `s` is fine alone but belongs to no lot that meets every rule.
fn no_lot_fits(run: &Run, b: usize, s: usize) -> Finding {
    let prep = &run.prep;
    let p = &prep.problem.params;
    let id = prep.segment_id(s).to_string();
    let block = &run.blocks[b];
    // Largest lot around s that meets every rule except v_min: lowering v_min to it suffices.
    let relaxed = Limits { v_min: 0.0, v_max: p.v_max, k: prep.k_most() };
    let best_value = containing(run, block, relaxed, s).map(|lots| lots.iter().map(|(v, _)| *v).fold(0.0, f64::max));
    let mut fixes = Fixes::default();
    if let Some(v) = best_value.filter(|v| *v > 0.0) {
        let (fix, lever) = lower_v_min_to(run, s, Some(v.floor()));
        fixes.push(fix, lever);
    }
    // Most bidders of a lot around s that meets every rule except k.
    let by_k = Limits { v_min: prep.v_min_of(block), v_max: p.v_max, k: 1 };
    if let Some(k) = containing(run, block, by_k, s).and_then(|l| l.iter().map(|(_, k)| *k).max()) {
        if k >= 1 && k < prep.k_need[s] {
            let (fix, lever) = lower_k_to(run, s, Some(k));
            fixes.push(fix, lever);
        }
    }
    let alone = prep.neighbours[s].ones().all(|n| !block.contains(&n));
    if alone {
        fixes.push("check the map: add the adjacency its locality really has", Lever::Map);
    } else {
        let (fix, lever) = raise_v_max(run, s);
        fixes.push(format!("{fix} so it can join its neighbours"), lever);
    }
    if !p.mix_service_areas {
        fixes.push("allow lots to mix service areas", Lever::MixServiceAreas);
    }
    if authority_of(run, s).is_some() {
        fixes.push("let these lots cross authority borders", Lever::CrossAuthority);
    }
    if prep.needs_sme[s] {
        fixes.push("stop requiring these lots to be open to an SME", Lever::SmeOpen);
    }
    let message = if alone && prep.value[s] < prep.v_min[s] {
        format!(
            "segment {}, {} a year) is below the smallest lot allowed ({}) and has no neighbouring segment it may share a lot with (the same service area in its own or an adjacent locality).",
            segment_words(run, s),
            gbp_full(prep.value[s]),
            v_min_words(run, s)
        )
    } else {
        format!(
            "segment {}, {} a year) cannot be placed in any lot: every connected group of segments that contains it is either below the smallest lot allowed ({}), above the largest lot allowed ({}), or has fewer credible bidders than it needs ({}).",
            segment_words(run, s),
            gbp_full(prep.value[s]),
            v_min_words(run, s),
            v_max_words(run, s),
            k_words(run, s)
        )
    };
    let (fix, levers) = fixes.finish();
    Finding { rule: Rule::R4, message, segments: vec![id], suppliers: Vec::new(), fix, levers }
}

/// (value, bidders) of every lot in `block` that contains `s` under `limits`.
fn containing(run: &Run, block: &[usize], limits: Limits, s: usize) -> Option<Vec<(f64, u32)>> {
    let lots = Enumerator::new(&run.prep, limits).max_candidates(200_000).run(block).ok()?;
    Some(lots.iter().filter(|l| l.segments.contains(&s)).map(|l| (l.value, l.bidders)).collect())
}

fn no_partition(run: &Run, b: usize) -> Finding {
    let prep = &run.prep;
    let p = &prep.problem.params;
    let block = &run.blocks[b];
    let total: f64 = block.iter().map(|&s| prep.value[s]).sum();
    let mut scope = if p.mix_service_areas {
        "The in-scope segments".to_string()
    } else {
        format!("The segments of {}", area_name(run, block[0]))
    };
    let mut levers = vec![Lever::SmallestLot, Lever::LargestLot, Lever::MinBidders, Lever::MixServiceAreas];
    let s = block[0];
    if prep.v_min[s] > p.v_min || prep.v_max[s] < p.v_max || prep.k_need[s] != p.k {
        // Some of these limits are the authorities' own: changed on the rules step's table.
        levers.insert(0, Lever::AuthorityRules);
    }
    let mut last = "or allow lots to mix service areas";
    if let Some(authority) = authority_of(run, block[0]) {
        scope += &format!(" in {authority}");
        levers.push(Lever::CrossAuthority);
        last = "allow lots to mix service areas, or let these lots cross authority borders";
    }
    Finding {
        rule: Rule::R1,
        message: format!(
            "{scope} ({} segments, {} a year) cannot be divided into lots that each meet the rules: every segment fits some lot, but no set of lots covers each segment exactly once.",
            block.len(),
            gbp(total)
        ),
        segments: block.iter().map(|&s| prep.segment_id(s).to_string()).collect(),
        suppliers: Vec::new(),
        fix: format!(
            "Widen the band of lot values (from {} to {}), lower k from {}, {last}.",
            v_min_words(run, block[0]),
            v_max_words(run, block[0]),
            prep.k_need[block[0]]
        ),
        levers,
    }
}

/// Proofs, before any plan, that the market cannot take every lot at once (R6): every lot goes
/// to credible bidders within their capacity, and no supplier (or group, where they share `m`)
/// wins more than `m` lots. So the work in scope can be no more than the capacity of the
/// suppliers eligible for any of it (in all, and within each service area), and the lots every
/// plan needs at least (the groups' lower bounds, each counting the providers it appoints) no
/// more than `m` for each of those suppliers. Empty when none of these fails.
pub(super) fn market_short(run: &Run) -> Vec<Finding> {
    // Money is summed in another order here than in an award: a market on the edge counts as enough.
    const SLACK: f64 = 1e-9;
    let prep = &run.prep;
    let p = &prep.problem.params;
    let able = |segments: &mut dyn Iterator<Item = usize>| {
        let mut bits = FixedBitSet::with_capacity(prep.suppliers.len());
        let mut value = 0.0;
        for s in segments {
            bits.union_with(&prep.eligible[s]);
            value += prep.value[s];
        }
        let capacity: f64 = bits.ones().map(|j| prep.award_capacity[j]).sum();
        (bits, value, capacity)
    };
    let capped = if p.max_award_share.is_some() { " (each within the cap on any one supplier's share)" } else { "" };
    let mut findings = Vec::new();
    let (anyone, total, capacity) = able(&mut (0..prep.len()));
    if capacity < total * (1.0 - SLACK) {
        findings.push(Finding {
            rule: Rule::R6,
            message: format!(
                "The suppliers eligible for any of the work in scope can take {} a year between them{capped}, less than the {} a year of work in scope: every lot goes to bidders within their capacity, so the market cannot take every lot at once.",
                gbp_full(capacity),
                gbp_full(total)
            ),
            segments: Vec::new(),
            suppliers: anyone.ones().map(|j| prep.supplier_id(j).to_string()).collect(),
            fix: format!(
                "Add suppliers to the register; or allow consortium bids so suppliers can pool capacity; or retain at least {} a year of work in-house.",
                gbp_full((total - capacity).ceil())
            ),
            levers: vec![Lever::Suppliers, Lever::InHouse],
        });
    } else if !p.mix_service_areas {
        for a in 0..prep.problem.service_areas.len() {
            let (bidders, value, capacity) = able(&mut (0..prep.len()).filter(|&s| prep.area[s] == a));
            if value > 0.0 && capacity < value * (1.0 - SLACK) {
                let s = (0..prep.len()).find(|&s| prep.area[s] == a).unwrap_or(0);
                findings.push(Finding {
                    rule: Rule::R6,
                    message: format!(
                        "The suppliers eligible for {} work can take {} a year between them{capped}, less than its {} a year in scope: every lot goes to bidders within their capacity, so the market cannot take all its lots at once.",
                        area_name(run, s),
                        gbp_full(capacity),
                        gbp_full(value)
                    ),
                    segments: Vec::new(),
                    suppliers: bidders.ones().map(|j| prep.supplier_id(j).to_string()).collect(),
                    fix: format!(
                        "Add suppliers who provide {} to the register; or allow consortium bids so suppliers can pool capacity; or retain at least {} a year of it in-house.",
                        area_name(run, s),
                        gbp_full((value - capacity).ceil())
                    ),
                    levers: vec![Lever::Suppliers, Lever::InHouse],
                });
            }
        }
    }
    // Places: each lot appoints its providers, each supplier (or group) takes at most m lots.
    let needed: u64 =
        run.blocks.iter().zip(&run.bounds).map(|(b, &n)| u64::from(n) * u64::from(prep.appoint[b[0]])).sum();
    let shares = anyone.ones().map(|j| prep.slot_of[j]).collect_set().len();
    let places = shares as u64 * u64::from(p.m);
    if needed > places {
        let who = if p.m_per_group {
            format!("{shares} suppliers or groups of suppliers (a group shares m)")
        } else {
            crate::base::text::plural(shares, "supplier", "suppliers")
        };
        let framework = if run.blocks.iter().any(|b| prep.appoint[b[0]] > 1) {
            " (counting each provider a framework lot appoints)"
        } else {
            ""
        };
        // Lots kept within one authority are more, and smaller: crossing borders needs fewer.
        let bordered = !p.within_authority.is_empty();
        let mut levers = vec![Lever::MaxLotsPerSupplier, Lever::LargestLot, Lever::Suppliers];
        if bordered {
            levers.push(Lever::CrossAuthority);
        }
        findings.push(Finding {
            rule: Rule::R6,
            message: format!(
                "Every plan needs at least {needed} awards{framework}, as its lots must each stay within the largest lot allowed{} and have enough credible bidders, but the {who} eligible for any of the work may win at most m = {} each: {places} at most.",
                if bordered { ", keep within one authority where their service area asks it," } else { "" },
                crate::base::text::plural(p.m as usize, "lot", "lots")
            ),
            segments: Vec::new(),
            suppliers: anyone.ones().map(|j| prep.supplier_id(j).to_string()).collect(),
            fix: format!(
                "Raise m (the most lots one supplier may win) to {}; or raise v_max so fewer, larger lots are needed; or add suppliers to the register{}.",
                needed.div_ceil(shares.max(1) as u64),
                if bordered { "; or let lots of some service areas cross authority borders: fewer lots are then needed" } else { "" }
            ),
            levers,
        });
    }
    findings
}

/// Lots exist for each area, but the market cannot take them all at once (R6).
pub(super) fn award(run: &Run) -> Vec<Finding> {
    let prep = &run.prep;
    let p = &prep.problem.params;
    let mut bidders = FixedBitSet::with_capacity(prep.suppliers.len());
    run.cands.iter().for_each(|c| bidders.union_with(&c.credible));
    let n_bidders = prep.bidders(&bidders);
    let lots_needed: u32 = run.blocks.len() as u32;
    let total: f64 = (0..prep.len()).map(|s| prep.value[s]).sum();
    let capacity: f64 = bidders.ones().map(|j| prep.award_capacity[j]).sum();
    let (fix, levers) = if capacity < total {
        let fix = format!(
            "The suppliers who could bid have {} of capacity between them for {} of lots: add suppliers, allow consortia, or retain some segments in-house.",
            gbp(capacity),
            gbp(total)
        );
        (fix, vec![Lever::Suppliers, Lever::InHouse])
    } else {
        let fix = format!(
            "Raise m (now {}) so a supplier may hold more lots, lower k, or add suppliers; {} suppliers can bid for any lot at all.",
            p.m, n_bidders
        );
        (fix, vec![Lever::MaxLotsPerSupplier, Lever::MinBidders, Lever::Suppliers])
    };
    let (fix, levers) = if p.within_authority.is_empty() {
        (fix, levers)
    } else {
        // Lots kept within one authority are more, and smaller: crossing borders needs fewer.
        let fix =
            format!("{fix} Or let lots of some service areas cross authority borders: fewer lots are then needed.");
        (fix, [levers, vec![Lever::CrossAuthority]].concat())
    };
    vec![Finding {
        rule: Rule::R6,
        message: format!(
            "Every area can be divided into valid lots, but no division can be awarded all at once: each supplier may take at most m = {} lots and no more than its capacity, and the market cannot cover at least {} lots that way.",
            p.m, lots_needed
        ),
        segments: Vec::new(),
        suppliers: bidders.ones().map(|j| prep.supplier_id(j).to_string()).collect(),
        fix,
        levers,
    }]
}

/// The search found no plan for the work of blocks `unplanned` in the time it had: which work,
/// the rules its lots must meet, and the changes that give it more ways to be divided. (No
/// proof that none exists: that is [`no_lots_fit`], [`market_short`], [`segments_alone`] or
/// [`partition`].)
pub(super) fn not_planned(run: &Run, unplanned: &[usize]) -> Finding {
    let prep = &run.prep;
    let rules = |s: usize| {
        format!(
            "smallest lot {}; largest lot {}; credible bidders {}",
            v_min_words(run, s),
            v_max_words(run, s),
            k_words(run, s)
        )
    };
    let shared = unplanned.iter().map(|&b| rules(run.blocks[b][0])).collect_set();
    let named: Vec<String> = unplanned
        .iter()
        .map(|&b| {
            let block = &run.blocks[b];
            let s = block[0];
            let total: f64 = block.iter().map(|&t| prep.value[t]).sum();
            let area = if prep.problem.params.mix_service_areas { "in-scope".to_string() } else { area_name(run, s) };
            let whose = in_authority(run, s);
            let own = if shared.len() > 1 { format!("; {}", rules(s)) } else { String::new() };
            format!(
                "the {area} work{whose} ({}, {} a year{own})",
                crate::base::text::plural(block.len(), "segment", "segments"),
                gbp(total),
            )
        })
        .collect();
    let named = match shared.iter().next() {
        Some(rules) if shared.len() == 1 => {
            let whose = if unplanned.len() == 1 { "its" } else { "their" };
            format!("{} into lots that meet {whose} rules ({rules})", and_list(&named))
        }
        _ => format!("{} into lots that meet those rules", and_list(&named)),
    };
    let s = run.blocks[unplanned[0]][0];
    let mut fixes = Fixes::default();
    fixes.push("Allow more time", Lever::TimeLimit);
    let (fix, lever) = lower_v_min_to(run, s, None);
    fixes.push(fix, lever);
    let (fix, lever) = raise_v_max(run, s);
    fixes.push(fix, lever);
    if prep.k_need[s] > 1 {
        let (fix, lever) = lower_k_to(run, s, None);
        fixes.push(fix, lever);
    }
    if authority_of(run, s).is_some() {
        fixes.push("let these lots cross authority borders", Lever::CrossAuthority);
    }
    let (fix, levers) = fixes.finish();
    Finding {
        rule: Rule::Time,
        message: format!("No way to divide {named} was found in the time allowed; there may be none."),
        segments: unplanned
            .iter()
            .flat_map(|&b| run.blocks[b].iter().map(|&t| prep.segment_id(t).to_string()))
            .collect(),
        suppliers: Vec::new(),
        fix,
        levers,
    }
}

pub(super) fn time_limit(run: &Run) -> Finding {
    Finding {
        rule: Rule::Time,
        message: format!(
            "The time limit ({} s) ran out before the best plan was proven; {} candidate lots were considered.",
            run.options.time_limit.as_secs_f64(),
            run.cands.len()
        ),
        segments: Vec::new(),
        suppliers: Vec::new(),
        fix: "Allow more time, or coarsen the segmentation (split by fewer axes, merge small localities, raise v_min)."
            .into(),
        levers: vec![Lever::TimeLimit, Lever::Split, Lever::SmallestLot],
    }
}

pub(super) fn too_large(run: &Run, stop: Stopped) -> Finding {
    let (found, why) = match stop {
        Stopped::TooMany { found: 0 } => (0, "more possible lots than this solve was allowed to list".to_string()),
        Stopped::TooMany { found } => (found, format!("more than {found} possible lots")),
        Stopped::OutOfTime { found } => {
            (found, format!("at least {found} possible lots, still counting when the time for listing them ran out"))
        }
    };
    let _ = found;
    Finding {
        rule: Rule::Size,
        message: format!(
            "This segmentation is too fine to list every possible lot: its {} in-scope segments form {why}, so Lotwise planned it by search.",
            run.prep.len()
        ),
        segments: Vec::new(),
        suppliers: Vec::new(),
        fix: "Coarsen it: split by fewer axes (drop function or tier), merge small neighbouring localities, raise v_min or lower v_max so fewer groupings qualify, or keep service areas apart.".into(),
        levers: vec![Lever::Split, Lever::Map, Lever::SmallestLot, Lever::LargestLot, Lever::MixServiceAreas],
    }
}

/// The ways to fix a finding, each in words with what it changes; joined into one sentence.
#[derive(Default)]
struct Fixes {
    words: Vec<String>,
    levers: Vec<Lever>,
}

impl Fixes {
    fn push(&mut self, words: impl Into<String>, lever: Lever) {
        self.words.push(words.into());
        if !self.levers.contains(&lever) {
            self.levers.push(lever);
        }
    }

    /// "A; or b; or c." and the levers in the same order.
    fn finish(self) -> (String, Vec<Lever>) {
        (capitalise(&self.words.join("; or ")) + ".", self.levers)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
