//! Cutting a scenario into segments: a fine grid (area x tier x function x locality) is
//! aggregated along the axes that are not split, keeping in-house work and relevant-care work
//! apart from the rest, then rounded to whole pounds by largest remainder per service area.

use crate::base::sort;
use std::collections::{BTreeMap, BTreeSet};

use super::{Axis, Scenario, Selector, ALL_AREAS, ALL_LOCALITIES};

/// One segment of a scenario: a cell of the split axes.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentCell {
    /// Readable id: `FOST-North`, `FOST-T2-North`, `FOST-T2-CASE-North`, `ALL-North`, with
    /// `-rc` (relevant-care part) or `-inhouse` (retained part) when a cell had to be divided.
    pub id: String,
    /// Service area code, or [`ALL_AREAS`] when the service is not split by area.
    pub area: String,
    /// Tier number when split by tier.
    pub tier: Option<u8>,
    /// Function code when split by function.
    pub function: Option<String>,
    /// Locality name, or [`ALL_LOCALITIES`] when the service is not split by locality.
    pub locality: String,
    /// Whole GBP per year, > 0.
    pub value: f64,
    /// Stays in-house.
    pub retained: bool,
    /// Only not-for-profit bidders may take it.
    pub relevant_care: bool,
    /// The service areas whose work is in this cell, in scenario order.
    pub area_members: Vec<String>,
    /// The localities whose work is in this cell, in scenario order.
    pub locality_members: Vec<String>,
    /// In a regional plan, the authority whose work this is, when it is one authority's.
    pub authority: Option<String>,
}

/// Position of a cell along each axis (`None` = aggregated) and its kind of work.
type Key = ([Option<usize>; 4], Kind);

/// Kind of work in a cell; the order is the order segments are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Open,
    RelevantCare,
    InHouse,
}

/// Running totals of one aggregated cell.
#[derive(Default)]
struct Acc {
    exact: f64,
    relevant_care: bool,
    areas: BTreeSet<usize>,
    localities: BTreeSet<usize>,
}

/// Every segment of the scenario (see [`Scenario::segments`]).
pub(super) fn cells(sc: &Scenario) -> Vec<SegmentCell> {
    let grid = aggregate(sc);
    let values = round_by_area(sc, &grid);
    let suffixed = needs_suffix(&grid);
    let mut out = Vec::new();
    for ((key, acc), value) in grid.iter().zip(values) {
        if value <= 0.0 {
            continue;
        }
        let mut cell = make_cell(sc, key, acc, value, suffixed.contains(key));
        if cell.retained || matches_segment(&sc.retained, &cell.id) {
            cell.retained = true;
        }
        out.push(cell);
    }
    out
}

fn aggregate(sc: &Scenario) -> BTreeMap<Key, Acc> {
    let mut grid: BTreeMap<Key, Acc> = BTreeMap::new();
    let regional = super::regional::is_regional(sc);
    let loc_shares = locality_shares(sc);
    for (a, area) in sc.service_areas.iter().enumerate() {
        let tiers = sc.tier_shares(&area.code);
        for (t, (level, ts)) in sc.tiers.levels.iter().zip(tiers).enumerate() {
            for (f, func) in sc.functions.iter().enumerate() {
                for (l, ls) in loc_shares.iter().enumerate() {
                    let authority = sc.localities[l].authority.as_deref();
                    let area_value = match authority {
                        Some(name) if regional => super::regional::value(sc, name, &area.code),
                        _ => area.annual_value,
                    };
                    let exact = area_value * ts * func.share * ls;
                    if !(exact.is_finite() && exact > 0.0) {
                        continue;
                    }
                    let locality = &sc.localities[l].name;
                    let fine = Fine { area: &area.code, tier: level.number, function: &func.code, locality, authority };
                    let retained = sc.retained.iter().any(|s| matches_fine(s, &fine));
                    let rc = area.relevant_care || func.relevant_care;
                    let kind = match (retained, rc) {
                        (true, _) => Kind::InHouse,
                        (false, true) => Kind::RelevantCare,
                        (false, false) => Kind::Open,
                    };
                    let pos = [Some(a), Some(t), Some(f), Some(l)];
                    let acc = grid.entry((position(sc, pos), kind)).or_default();
                    acc.exact += exact;
                    acc.relevant_care |= rc;
                    acc.areas.insert(a);
                    acc.localities.insert(l);
                }
            }
        }
    }
    grid
}

/// Keeps the positions of split axes only.
fn position(sc: &Scenario, pos: [Option<usize>; 4]) -> [Option<usize>; 4] {
    let axes = [Axis::Area, Axis::Tier, Axis::Function, Axis::Locality];
    let mut out = [None; 4];
    for (i, axis) in axes.iter().enumerate() {
        if sc.splits(*axis) {
            out[i] = pos[i];
        }
    }
    out
}

/// Each locality's share of its authority's work (of all the work when there is one authority):
/// its weight over the weights of the localities it shares with.
fn locality_shares(sc: &Scenario) -> Vec<f64> {
    if !super::regional::is_regional(sc) {
        return normalised(sc.localities.iter().map(|l| l.weight));
    }
    let mut out = vec![0.0; sc.localities.len()];
    for a in &sc.authorities {
        let members: Vec<usize> =
            (0..sc.localities.len()).filter(|&l| sc.localities[l].authority.as_deref() == Some(&a.name)).collect();
        let shares = normalised(members.iter().map(|&l| sc.localities[l].weight));
        for (l, share) in members.into_iter().zip(shares) {
            out[l] = share;
        }
    }
    out
}

fn normalised(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let w: Vec<f64> = weights.map(|x| if x.is_finite() && x > 0.0 { x } else { 0.0 }).collect();
    let total: f64 = w.iter().sum();
    if total > 0.0 && total.is_finite() {
        w.iter().map(|x| x / total).collect()
    } else {
        vec![0.0; w.len()]
    }
}

/// One cell of the fine grid, by name.
struct Fine<'a> {
    area: &'a str,
    tier: u8,
    function: &'a str,
    locality: &'a str,
    authority: Option<&'a str>,
}

fn matches_fine(s: &Selector, at: &Fine) -> bool {
    if s.segment.is_some() || is_empty(s) {
        return false;
    }
    s.area.as_deref().is_none_or(|x| x == at.area)
        && s.tier.is_none_or(|x| x == at.tier)
        && s.function.as_deref().is_none_or(|x| x == at.function)
        && s.locality.as_deref().is_none_or(|x| x == at.locality)
        && s.authority.as_deref().is_none_or(|x| Some(x) == at.authority)
}

fn matches_segment(selectors: &[Selector], id: &str) -> bool {
    selectors.iter().any(|s| s.segment.as_deref() == Some(id))
}

/// A selector that names nothing (it selects nothing, and validation reports it).
pub(super) fn is_empty(s: &Selector) -> bool {
    s.area.is_none()
        && s.tier.is_none()
        && s.function.is_none()
        && s.locality.is_none()
        && s.segment.is_none()
        && s.authority.is_none()
}

/// Cells whose id needs a suffix because a more open kind of work shares their position:
/// relevant-care work beside open work gets `-rc`, in-house work beside outsourced work gets
/// `-inhouse`; the outsourced part keeps the plain id.
fn needs_suffix(grid: &BTreeMap<Key, Acc>) -> BTreeSet<Key> {
    let kinds = [Kind::Open, Kind::RelevantCare, Kind::InHouse];
    grid.keys()
        .filter(|(pos, kind)| kinds.iter().any(|k| k < kind && grid.contains_key(&(*pos, *k))))
        .copied()
        .collect()
}

/// Whole pounds per cell, by largest remainder so that each area (or the whole service when
/// areas are aggregated) adds up exactly to its rounded annual value.
fn round_by_area(sc: &Scenario, grid: &BTreeMap<Key, Acc>) -> Vec<f64> {
    let mut groups: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, ((pos, _), _)) in grid.iter().enumerate() {
        groups.entry(pos[0]).or_default().push(i);
    }
    let exact: Vec<f64> = grid.values().map(|a| a.exact).collect();
    let mut out = vec![0.0; exact.len()];
    for (area, members) in groups {
        let target = match area {
            Some(a) => whole(sc.service_areas[a].annual_value),
            None => sc.service_areas.iter().map(|a| whole(a.annual_value)).sum(),
        };
        let parts: Vec<f64> = members.iter().map(|&i| exact[i]).collect();
        for (i, v) in members.iter().zip(largest_remainder(&parts, target)) {
            out[*i] = v;
        }
    }
    out
}

fn whole(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value.round()
    } else {
        0.0
    }
}

/// Apportions `target` whole pounds in proportion to `parts` (largest remainder, ties to the
/// earlier part).
pub(crate) fn largest_remainder(parts: &[f64], target: f64) -> Vec<f64> {
    let total: f64 = parts.iter().sum();
    if !(total > 0.0 && total.is_finite() && target > 0.0) {
        return vec![0.0; parts.len()];
    }
    let scaled: Vec<f64> = parts.iter().map(|p| p / total * target).collect();
    let mut out: Vec<f64> = scaled.iter().map(|x| x.floor()).collect();
    let short = (target - out.iter().sum::<f64>()).round().max(0.0) as usize;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    sort::by(&mut order, |&a, &b| (scaled[b] - out[b]).total_cmp(&(scaled[a] - out[a])).then(a.cmp(&b)));
    for &i in order.iter().take(short) {
        out[i] += 1.0;
    }
    out
}

fn make_cell(sc: &Scenario, key: &Key, acc: &Acc, value: f64, suffix: bool) -> SegmentCell {
    let (pos, kind) = key;
    let area = pos[0].map_or(ALL_AREAS.to_string(), |a| sc.service_areas[a].code.clone());
    let tier = pos[1].map(|t| sc.tiers.levels[t].number);
    let function = pos[2].map(|f| sc.functions[f].code.clone());
    let locality = pos[3].map_or(ALL_LOCALITIES.to_string(), |l| sc.localities[l].name.clone());
    let mut parts = vec![area.clone()];
    parts.extend(tier.map(|t| format!("T{t}")));
    parts.extend(function.clone());
    parts.extend(pos[3].map(|_| locality.clone()));
    let mut id = parts.join("-");
    if suffix {
        id.push_str(match kind {
            Kind::Open => "",
            Kind::RelevantCare => "-rc",
            Kind::InHouse => "-inhouse",
        });
    }
    SegmentCell {
        id,
        area,
        tier,
        function,
        locality,
        value,
        retained: *kind == Kind::InHouse,
        relevant_care: match kind {
            Kind::Open => false,
            Kind::RelevantCare => true,
            Kind::InHouse => acc.relevant_care,
        },
        area_members: acc.areas.iter().map(|&a| sc.service_areas[a].code.clone()).collect(),
        locality_members: acc.localities.iter().map(|&l| sc.localities[l].name.clone()).collect(),
        authority: one_authority(sc, acc),
    }
}

/// The authority whose work the cell is, when it is one authority's.
fn one_authority(sc: &Scenario, acc: &Acc) -> Option<String> {
    let mut names = acc.localities.iter().map(|&l| sc.localities[l].authority.as_deref());
    let first = names.next()??;
    names.all(|n| n == Some(first)).then(|| first.to_string())
}
