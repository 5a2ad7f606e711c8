//! Lower bounds on the number of lots, and upper bounds on the thinnest competition, that
//! need no list of possible lots, so they hold for problems of any size.
//!
//! **Lots.** A lot is never worth more than `v_max`, nor more than the capacity of its
//! `k`-th biggest credible bidder. So every segment `s` lies in a lot worth at most
//! `u(s) = min(v_max, k-th largest capacity among suppliers eligible for s)`, and in any lot
//! `L` the shares `value(s) / u(s)` add up to at most `value(L) / value(L) = 1`. Summing the
//! shares over a group of segments gives a lower bound on its lots. Groups are taken as the
//! connected pieces of the "could share a lot" graph (two segments are joined when they are
//! neighbours and some `k` suppliers could take both), since no lot spans two pieces; each
//! piece needs at least one lot of its own.
//!
//! A piece that breaks `v_max` or `k` as a single lot needs at least two.
//!
//! **Reach.** A credible bidder is eligible for every segment of its lot, so the lot lies
//! within the connected stretch of the group that the bidder serves around each of its
//! segments, and is worth no more than that stretch. Each eligible supplier of `s` therefore
//! limits a lot holding `s` to the smaller of its capacity and the value of its stretch around
//! `s`; `u(s)` is the `k`-th largest of these limits (capacity alone where suppliers serve
//! whole counties, much less where the only suppliers able to take large lots serve a few
//! localities each: on `R-1`'s youth justice lots it raises the bound from 13 to 18).
//!
//! **Apart.** Two segments can only share a lot if `k` suppliers are eligible for both with
//! capacity for both together. Segments no two of which can share a lot each need a lot of
//! their own; a large such set (found greedily) is the second bound of each piece, and the
//! larger of the two counts.
//!
//! **Thinnest competition.** A lot's credible bidders are eligible for each of its segments
//! with capacity for at least that segment's value, so no plan's thinnest lot can have more
//! bidders than the least-served segment has alone. And in a plan of `n` lots some lot is worth
//! at least `1/n` of the whole, so it has no more bidders than there are suppliers eligible
//! somewhere in the group with capacity for that share: with few, large lots, that is the
//! tighter of the two.

use crate::base::sort;
use fixedbitset::FixedBitSet;

use super::enumerate::Limits;
use super::prepared::Prepared;

/// A lower bound on the number of lots needed for the segments of `block`.
pub(crate) fn lots(prep: &Prepared, block: &[usize], limits: Limits) -> u32 {
    let mut inside = FixedBitSet::with_capacity(prep.len());
    block.iter().for_each(|&s| inside.insert(s));
    let reach = reach(prep, block, &inside);
    let mut seen = FixedBitSet::with_capacity(prep.len());
    let mut total = 0u32;
    for &start in block {
        if seen.contains(start) {
            continue;
        }
        seen.insert(start);
        let mut share = 0.0;
        let mut piece = Vec::new();
        let mut stack = vec![start];
        while let Some(s) = stack.pop() {
            piece.push(s);
            share += prep.value[s] / largest_lot(prep, s, limits, &reach);
            let mut next = prep.neighbours[s].clone();
            next.intersect_with(&inside);
            next.difference_with(&seen);
            for t in next.ones() {
                if prep
                    .credible(&prep.eligible[s], &prep.eligible[t], prep.value[s] + prep.value[t], limits, s)
                    .is_some()
                {
                    seen.insert(t);
                    stack.push(t);
                }
            }
        }
        // A piece that cannot be a single lot needs two at least.
        let one = if super::search::lot_of(prep, piece.clone(), limits).is_some() { 1 } else { 2 };
        total += ((share - 1e-9).ceil() as u32).max(one).max(apart(prep, &piece, limits));
    }
    total
}

/// The size of a set of segments of `piece` no two of which can share a lot, found greedily
/// from a few starting points (the segments that clash with the most others).
fn apart(prep: &Prepared, piece: &[usize], limits: Limits) -> u32 {
    let n = piece.len();
    let clash = |a: usize, b: usize| {
        let (s, t) = (piece[a], piece[b]);
        prep.credible(&prep.eligible[s], &prep.eligible[t], prep.value[s] + prep.value[t], limits, s).is_none()
    };
    let mut clashes = vec![FixedBitSet::with_capacity(n); n];
    for a in 0..n {
        for b in a + 1..n {
            if clash(a, b) {
                clashes[a].insert(b);
                clashes[b].insert(a);
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    sort::by_key(&mut order, |&a| (std::cmp::Reverse(clashes[a].count_ones(..)), a));
    let mut best = 1;
    for &start in order.iter().take(16) {
        let mut set = vec![start];
        let mut open = clashes[start].clone();
        for &a in &order {
            if open.contains(a) {
                set.push(a);
                open.intersect_with(&clashes[a]);
            }
        }
        best = best.max(set.len());
    }
    best as u32
}

/// For each segment of `block` (`inside` holds them), the value of the connected stretch of
/// segments around it that each of its eligible suppliers serves, in the order of
/// `prep.eligible[s].ones()`: no lot holding `s` with that supplier among its credible bidders
/// is worth more.
fn reach(prep: &Prepared, block: &[usize], inside: &FixedBitSet) -> Vec<Vec<f64>> {
    let mut reach: Vec<Vec<f64>> = vec![Vec::new(); prep.len()];
    let mut serving = FixedBitSet::with_capacity(prep.suppliers.len());
    block.iter().for_each(|&s| serving.union_with(&prep.eligible[s]));
    // Per supplier, label the stretches of the block it serves and sum each stretch's value.
    let mut stretch = vec![usize::MAX; prep.len()];
    for j in serving.ones() {
        let mut values: Vec<f64> = Vec::new();
        let served: Vec<usize> = block.iter().copied().filter(|&s| prep.eligible[s].contains(j)).collect();
        for &start in &served {
            if stretch[start] != usize::MAX {
                continue;
            }
            let label = values.len();
            let mut value = 0.0;
            stretch[start] = label;
            let mut stack = vec![start];
            while let Some(s) = stack.pop() {
                value += prep.value[s];
                for t in prep.neighbours[s].ones() {
                    if inside.contains(t) && stretch[t] == usize::MAX && prep.eligible[t].contains(j) {
                        stretch[t] = label;
                        stack.push(t);
                    }
                }
            }
            values.push(value);
        }
        served.iter().for_each(|&s| reach[s].push(values[stretch[s]]));
        served.iter().for_each(|&s| stretch[s] = usize::MAX);
    }
    reach
}

/// The most a lot holding segment `s` can be worth: `v_max`, or less when fewer than `k`
/// independent eligible suppliers have that much capacity and serve that much value around `s`
/// (`reach`).
fn largest_lot(prep: &Prepared, s: usize, limits: Limits, reach: &[Vec<f64>]) -> f64 {
    let k = prep.needed(s, limits.k).max(1) as usize;
    let n = prep.appoint[s] as f64;
    // Each group's largest limit (every supplier its own group without groups).
    let mut limit: Vec<(usize, f64)> = prep.eligible[s]
        .ones()
        .zip(&reach[s])
        .map(|(j, &around)| (prep.group.as_ref().map_or(j, |g| g[j]), (prep.capacity[j] * n).min(around)))
        .collect();
    sort::by(&mut limit, |a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    limit.dedup_by_key(|(group, _)| *group);
    let mut limits_of: Vec<f64> = limit.into_iter().map(|(_, v)| v).collect();
    sort::by(&mut limits_of, |a, b| b.total_cmp(a));
    let kth = limits_of.get(k - 1).copied().unwrap_or(prep.value[s]);
    kth.min(limits.v_max.min(prep.v_max[s])).max(prep.value[s])
}

/// An upper bound on the thinnest competition of any plan of at most `lots` lots for `block`.
pub(crate) fn thinnest_in(prep: &Prepared, block: &[usize], lots: u32) -> u32 {
    let total: f64 = block.iter().map(|&s| prep.value[s]).sum();
    let mut anywhere = FixedBitSet::with_capacity(prep.suppliers.len());
    block.iter().for_each(|&s| anywhere.union_with(&prep.eligible[s]));
    if let Some(&s) = block.first() {
        anywhere.set_range(prep.able_prefix(s, total / lots.max(1) as f64).., false);
    }
    thinnest(prep, block).min(prep.bidders(&anywhere))
}

/// An upper bound on the thinnest competition of any plan for `block`.
pub(crate) fn thinnest(prep: &Prepared, block: &[usize]) -> u32 {
    block
        .iter()
        .map(|&s| {
            let mut bits = prep.eligible[s].clone();
            bits.set_range(prep.able_prefix(s, prep.value[s]).., false);
            prep.bidders(&bits)
        })
        .min()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::LotProblem;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn few_large_lots_cap_the_thinnest_competition() {
        // Two neighbouring segments worth 5; two suppliers can take 10, two only 5.
        let problem = LotProblem::from_json(
            r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 10, "k": 2, "m": 2},
            "localities": ["A", "B"], "adjacency": [["A", "B"]], "service_areas": [{"code": "F"}],
            "segments": [{"id": "A", "service_area": "F", "locality": "A", "value": 5},
                         {"id": "B", "service_area": "F", "locality": "B", "value": 5}],
            "suppliers": [{"id": "S1", "capacity": 10, "service_areas": ["F"], "localities": ["A", "B"]},
                          {"id": "S2", "capacity": 10, "service_areas": ["F"], "localities": ["A", "B"]},
                          {"id": "S3", "capacity": 5, "service_areas": ["F"], "localities": ["A", "B"]},
                          {"id": "S4", "capacity": 5, "service_areas": ["F"], "localities": ["A", "B"]}]}"#,
        )
        .unwrap();
        let prep = Prepared::new(&problem);
        assert_eq!(thinnest(&prep, &[0, 1]), 4, "each segment alone has four bidders");
        assert_eq!(thinnest_in(&prep, &[0, 1], 2), 4, "two lots of 5: all four can bid");
        assert_eq!(thinnest_in(&prep, &[0, 1], 1), 2, "one lot of 10: only S1 and S2");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_is_no_larger_than_what_its_bidders_serve_around_it() {
        // Five localities, each next to every other, worth 10 each, at most 50 a lot, k = 2.
        // S1 serves them all; each other supplier serves one pair. Every lot has S1 and one
        // pair's supplier, so it is worth at most 20: three lots at least. Any two segments
        // share two bidders, and by capacity alone the 50 would fit in one lot (two, as all
        // five together have one bidder).
        let letters = ["A", "B", "C", "D", "E"];
        let pairs: Vec<(&str, &str)> = (0..5).flat_map(|a| (a + 1..5).map(move |b| (letters[a], letters[b]))).collect();
        let segments: Vec<String> = letters
            .iter()
            .map(|l| format!(r#"{{"id": "{l}", "service_area": "F", "locality": "{l}", "value": 10}}"#))
            .collect();
        let supplier = |id: String, places: &str| {
            format!(r#"{{"id": "{id}", "capacity": 100, "service_areas": ["F"], "localities": [{places}]}}"#)
        };
        let mut suppliers = vec![supplier("S0".into(), r#""A", "B", "C", "D", "E""#)];
        for (n, (a, b)) in pairs.iter().enumerate() {
            suppliers.push(supplier(format!("P{n}"), &format!(r#""{a}", "{b}""#)));
        }
        let adjacency: Vec<String> = pairs.iter().map(|(a, b)| format!(r#"["{a}", "{b}"]"#)).collect();
        let problem = LotProblem::from_json(&format!(
            r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 50, "k": 2, "m": 9}},
            "localities": [{}], "adjacency": [{}], "service_areas": [{{"code": "F"}}],
            "segments": [{}], "suppliers": [{}]}}"#,
            letters.map(|l| format!(r#""{l}""#)).join(","),
            adjacency.join(","),
            segments.join(","),
            suppliers.join(",")
        ))
        .unwrap();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 50.0, k: 2 };
        let all: Vec<usize> = (0..5).collect();
        assert_eq!(lots(&prep, &all, limits), 3);
        // With k = 1, S0 alone may take all five.
        assert_eq!(lots(&prep, &all, Limits { k: 1, ..limits }), 1);
    }
}
