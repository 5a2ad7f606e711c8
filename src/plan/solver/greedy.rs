//! A quick plan without listing every possible lot, for problems too large to solve exactly:
//! grow each lot from an unplaced segment (trying a few seed orders: hardest first, largest
//! first, smallest first, by id), adding the
//! neighbour that keeps the most credible bidders while the lot stays within `v_max` and keeps
//! `k` bidders; then merge lots still below `v_min` into a neighbouring lot. R2-R5 hold by
//! construction except `v_min` where a leftover found no neighbour; [`super::search`] repairs
//! and improves these plans, and the award (R6) is checked after.

use crate::base::sort;
use fixedbitset::FixedBitSet;

use super::enumerate::{Candidate, Limits};
use super::prepared::Prepared;

/// Plans for one block from seeds in a few different orders (hardest first, largest first,
/// smallest first, by id) and growth caps, fewest lots first. Every lot keeps R2-R5 except
/// that some may stay below `v_min` where no neighbour could take them; the search repairs
/// those ([`super::search`]). Empty when some segment cannot be a lot even alone.
pub(crate) fn raw_plans(prep: &Prepared, block: &[usize], limits: Limits) -> Vec<Vec<Candidate>> {
    let orders: [&dyn Fn(usize, usize) -> std::cmp::Ordering; 4] = [
        &|a, b| able(prep, a).cmp(&able(prep, b)).then(prep.value[b].total_cmp(&prep.value[a])),
        &|a, b| prep.value[b].total_cmp(&prep.value[a]),
        &|a, b| prep.value[a].total_cmp(&prep.value[b]),
        &|a, b| a.cmp(&b),
    ];
    let mut found: Vec<Vec<Candidate>> = Vec::new();
    for order in orders {
        let mut seeds = block.to_vec();
        sort::by(&mut seeds, |&a, &b| order(a, b).then(a.cmp(&b)));
        for cap in CAPS {
            let Some(mut lots) = grow(prep, &seeds, limits, cap * limits.v_max) else { return Vec::new() };
            merge_small(prep, &mut lots, limits);
            found.push(lots);
        }
    }
    // Valid plans first, then fewest lots.
    sort::by_key(&mut found, |lots| (lots.iter().filter(|l| l.value < limits.v_min).count(), lots.len()));
    found
}

/// Lots stop growing past these shares of `v_max`, leaving room to absorb leftovers.
const CAPS: [f64; 3] = [1.0, 0.75, 0.5];

fn able(prep: &Prepared, s: usize) -> usize {
    let mut bits = prep.eligible[s].clone();
    bits.set_range(prep.able_prefix(s, prep.value[s]).., false);
    prep.bidders(&bits) as usize
}

/// Grows lots from `seeds` in order (every segment of the block, each once); a lot stops
/// taking neighbours once it is worth `cap`.
fn grow(prep: &Prepared, seeds: &[usize], limits: Limits, cap: f64) -> Option<Vec<Candidate>> {
    let mut free = FixedBitSet::with_capacity(prep.len());
    seeds.iter().for_each(|&s| free.insert(s));
    let mut lots = Vec::new();
    for &seed in seeds {
        if !free.contains(seed) {
            continue;
        }
        let eligible = &prep.eligible[seed];
        let mut credible = prep.credible(eligible, eligible, prep.value[seed], limits, seed)?;
        let (mut members, mut value) = (vec![seed], prep.value[seed]);
        free.set(seed, false);
        while value < cap {
            let mut next: Option<(usize, FixedBitSet)> = None;
            let mut near = FixedBitSet::with_capacity(prep.len());
            members.iter().for_each(|&m| near.union_with(&prep.neighbours[m]));
            near.intersect_with(&free);
            for n in near.ones() {
                let Some(c) = prep.credible(&credible, &prep.eligible[n], value + prep.value[n], limits, n) else {
                    continue;
                };
                if next.as_ref().is_none_or(|(_, best)| prep.bidders(&c) > prep.bidders(best)) {
                    next = Some((n, c));
                }
            }
            let Some((n, c)) = next else { break };
            free.set(n, false);
            members.push(n);
            value += prep.value[n];
            credible = c;
        }
        lots.push(candidate(prep, members, value, credible));
    }
    Some(lots)
}

fn candidate(prep: &Prepared, mut segments: Vec<usize>, value: f64, credible: FixedBitSet) -> Candidate {
    sort::sort(&mut segments);
    Candidate { bidders: prep.bidders(&credible), segments, value, credible }
}

/// Merges each lot below `v_min` into the neighbouring lot that keeps the most bidders, where
/// some neighbour can take it.
fn merge_small(prep: &Prepared, lots: &mut Vec<Candidate>, limits: Limits) {
    let mut i = 0;
    while i < lots.len() {
        if lots[i].value >= limits.v_min {
            i += 1;
            continue;
        }
        let mut near = FixedBitSet::with_capacity(prep.len());
        lots[i].segments.iter().for_each(|&m| near.union_with(&prep.neighbours[m]));
        let mut best: Option<(usize, FixedBitSet)> = None;
        for (j, other) in lots.iter().enumerate() {
            if j == i || !other.segments.iter().any(|&s| near.contains(s)) {
                continue;
            }
            let Some(c) = prep.credible(
                &lots[i].credible,
                &other.credible,
                lots[i].value + other.value,
                limits,
                other.segments[0],
            ) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, b)| prep.bidders(&c) > prep.bidders(b)) {
                best = Some((j, c));
            }
        }
        let Some((j, credible)) = best else {
            i += 1;
            continue;
        };
        let small = lots.remove(i);
        let j = if j > i { j - 1 } else { j };
        let other = &lots[j];
        let segments = [small.segments.as_slice(), other.segments.as_slice()].concat();
        lots[j] = candidate(prep, segments, small.value + other.value, credible);
        // The merged lot may itself have been small and before `i`: look again from the start.
        i = 0;
    }
}
