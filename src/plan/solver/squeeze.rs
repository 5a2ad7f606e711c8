//! One lot fewer where lots are large: hand a lot's segments to its neighbours even past
//! their limits, then move boundary segments from lot to lot until every lot keeps R4 and R5
//! again.
//!
//! Where each lot holds dozens of segments (a county's small service areas: four or five lots
//! of 30-40 segments), no region of a few lots can be listed, and merging or dissolving a lot
//! fails because its neighbours are nearly full: the room is further away. This move spreads
//! the dissolved lot's value along chains of lots, the way districting heuristics balance
//! populations: each step moves one boundary segment to a neighbouring lot, choosing the move
//! that most lowers the region's cost, where a lot past its limit costs a great deal and
//! otherwise a lot costs the square of its fill (so fuller lots hand value to emptier ones).
//! A short tabu list stops a segment going straight back. It never proves anything; it finds
//! plans the other moves cannot reach, and every lot it returns is checked again by the
//! caller ([`super::search::lot_of`], connectivity and, with a market, the award).

use crate::base::sort;
use fixedbitset::FixedBitSet;
use web_time::Instant;

use super::enumerate::Limits;
use super::prepared::Prepared;
use super::search::connected;

/// Cost of a lot's relative excess over its limit (or shortfall under `v_min`), against a fill
/// cost of at most about 1 per lot: a move that lowers the excess always wins.
const PAST_LIMIT: f64 = 1_000.0;
/// Steps a moved segment may not go back to the lot it left.
const TENURE: usize = 7;

const NONE: usize = usize::MAX;

/// The sets of segments in one region of a plan, being rebalanced.
struct Region<'a, 'p> {
    prep: &'a Prepared<'p>,
    limits: Limits,
    sets: Vec<Vec<usize>>,
    value: Vec<f64>,
    /// How many segments of each set each (renumbered) supplier is eligible for: the set's
    /// eligible suppliers are those counting every segment.
    count: Vec<Vec<u32>>,
    /// Set of each prepared segment (`NONE` outside the region).
    owner: Vec<usize>,
}

impl<'a, 'p> Region<'a, 'p> {
    fn new(prep: &'a Prepared<'p>, limits: Limits, n: usize) -> Self {
        Region {
            prep,
            limits,
            sets: vec![Vec::new(); n],
            value: vec![0.0; n],
            count: vec![vec![0; prep.suppliers.len()]; n],
            owner: vec![NONE; prep.len()],
        }
    }

    fn add(&mut self, l: usize, s: usize) {
        self.sets[l].push(s);
        self.value[l] += self.prep.value[s];
        self.prep.eligible[s].ones().for_each(|j| self.count[l][j] += 1);
        self.owner[s] = l;
    }

    fn remove(&mut self, l: usize, s: usize) {
        self.sets[l].retain(|&x| x != s);
        self.value[l] -= self.prep.value[s];
        self.prep.eligible[s].ones().for_each(|j| self.count[l][j] -= 1);
        self.owner[s] = NONE;
    }

    /// The most set `l` could be worth, with segment `plus` added or `minus` taken out, and
    /// still have its credible bidders (R5: enough of them, an SME where one is needed) and
    /// keep `v_max` (R4); `None` when no value would do (too few suppliers eligible for all).
    fn room(&self, l: usize, plus: Option<usize>, minus: Option<usize>) -> Option<f64> {
        let prep = self.prep;
        let size = self.sets[l].len() as u32 + u32::from(plus.is_some()) - u32::from(minus.is_some());
        let s = plus.or_else(|| self.sets[l].iter().copied().find(|&x| Some(x) != minus))?;
        let eligible = |j: usize| {
            let mut c = self.count[l][j];
            if plus.is_some_and(|p| prep.eligible[p].contains(j)) {
                c += 1;
            }
            if minus.is_some_and(|m| prep.eligible[m].contains(j)) {
                c -= 1;
            }
            c == size
        };
        let need = prep.needed(s, self.limits.k);
        let mut sme = !prep.needs_sme[s];
        let mut groups = prep.group.as_ref().map(|g| FixedBitSet::with_capacity(g.len()));
        let mut bidders = 0;
        for j in (0..prep.suppliers.len()).filter(|&j| eligible(j)) {
            bidders += match (&mut groups, &prep.group) {
                (Some(seen), Some(group)) => u32::from(!seen.put(group[j])),
                _ => 1,
            };
            sme |= prep.sme.contains(j);
            if bidders >= need && sme {
                let cap = prep.capacity[j] * prep.appoint[s] as f64;
                return Some(cap.min(self.limits.v_max.min(prep.v_max[s])));
            }
        }
        None
    }

    /// What a set worth `value` with limit `room` costs.
    fn cost(&self, value: f64, room: Option<f64>) -> f64 {
        let Some(room) = room.filter(|&r| r > 0.0) else { return f64::INFINITY };
        let over = (value - room).max(0.0) / room;
        let under = (self.limits.v_min - value).max(0.0) / self.limits.v_min.max(1.0);
        let fill = value / room;
        PAST_LIMIT * (over + under) + fill * fill
    }

    fn cost_of(&self, l: usize) -> f64 {
        self.cost(self.value[l], self.room(l, None, None))
    }

    /// The sets other than `except` holding a neighbour of segment `s`, ascending.
    fn sets_next_to(&self, s: usize, except: usize) -> Vec<usize> {
        let mut near: Vec<usize> =
            self.prep.neighbours[s].ones().map(|n| self.owner[n]).filter(|&o| o != NONE && o != except).collect();
        sort::sort(&mut near);
        near.dedup();
        near
    }
}

/// Segment sets for the lots `lots` (each a connected set meeting R2-R5), one fewer: the
/// segments of `lots[gone]` go to the others, then boundary segments move between them for at
/// most `steps` steps until every set is connected, within `v_min..v_max` and has its credible
/// bidders. `None` when that fails, or by `deadline`.
pub(crate) fn squeeze(
    prep: &Prepared,
    limits: Limits,
    lots: &[&[usize]],
    gone: usize,
    steps: usize,
    deadline: Instant,
) -> Option<Vec<Vec<usize>>> {
    let kept: Vec<usize> = (0..lots.len()).filter(|&l| l != gone).collect();
    let mut region = Region::new(prep, limits, kept.len());
    for (n, &l) in kept.iter().enumerate() {
        lots[l].iter().for_each(|&s| region.add(n, s));
    }
    // The gone lot's segments, each to the neighbouring set it costs least to grow.
    let mut left: Vec<usize> = lots[gone].to_vec();
    while !left.is_empty() {
        let mut best: Option<(f64, usize, usize)> = None;
        for (p, &s) in left.iter().enumerate() {
            for l in region.sets_next_to(s, NONE) {
                let delta =
                    region.cost(region.value[l] + prep.value[s], region.room(l, Some(s), None)) - region.cost_of(l);
                if delta.is_finite() && best.is_none_or(|b| delta < b.0) {
                    best = Some((delta, p, l));
                }
            }
        }
        let (_, p, l) = best?;
        let s = left.swap_remove(p);
        region.add(l, s);
    }
    let mut tabu: Vec<(usize, usize, usize)> = Vec::new();
    for step in 0..steps {
        let rooms: Vec<Option<f64>> = (0..region.sets.len()).map(|l| region.room(l, None, None)).collect();
        let within = |l: usize| rooms[l].is_some_and(|r| region.value[l] <= r) && region.value[l] >= limits.v_min;
        if (0..region.sets.len()).all(within) {
            return Some(region.sets);
        }
        if step % 32 == 31 && Instant::now() >= deadline {
            return None;
        }
        tabu.retain(|&(_, _, until)| until > step);
        let costs: Vec<f64> = (0..region.sets.len()).map(|l| region.cost(region.value[l], rooms[l])).collect();
        // Every boundary move, cheapest first; the first that keeps its old set connected.
        let mut moves: Vec<(f64, usize, usize)> = Vec::new();
        for a in 0..region.sets.len() {
            if region.sets[a].len() < 2 {
                continue;
            }
            for &s in &region.sets[a] {
                let without = region.cost(region.value[a] - prep.value[s], region.room(a, None, Some(s)));
                for b in region.sets_next_to(s, a) {
                    if tabu.iter().any(|&(ts, tl, _)| ts == s && tl == b) {
                        continue;
                    }
                    let with = region.cost(region.value[b] + prep.value[s], region.room(b, Some(s), None));
                    let delta = without + with - costs[a] - costs[b];
                    if delta.is_finite() {
                        moves.push((delta, s, b));
                    }
                }
            }
        }
        sort::by(&mut moves, |x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let chosen = moves.into_iter().find(|&(_, s, _)| {
            let a = region.owner[s];
            let rest: Vec<usize> = region.sets[a].iter().copied().filter(|&x| x != s).collect();
            connected(prep, &rest)
        });
        let (_, s, b) = chosen?;
        let a = region.owner[s];
        region.remove(a, s);
        region.add(b, s);
        tabu.push((s, a, step + TENURE));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::LotProblem;

    /// Seven localities in a line, A-G, one segment each, at most 10 a lot, and `suppliers`
    /// with the localities each serves (as letters).
    fn line(k: u32, suppliers: &[(&str, &str)]) -> LotProblem {
        let values = [("A", 2), ("B", 2), ("C", 2), ("D", 1), ("E", 4), ("F", 4), ("G", 2)];
        let segments: Vec<String> = values
            .iter()
            .map(|(id, v)| format!(r#"{{"id": "{id}", "service_area": "F", "locality": "{id}", "value": {v}}}"#))
            .collect();
        let suppliers: Vec<String> = suppliers
            .iter()
            .map(|(id, places)| {
                let places: Vec<String> = places.chars().map(|c| format!("\"{c}\"")).collect();
                format!(
                    r#"{{"id": "{id}", "capacity": 100, "service_areas": ["F"], "localities": [{}]}}"#,
                    places.join(",")
                )
            })
            .collect();
        LotProblem::from_json(&format!(
            r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 10, "k": {k}, "m": 9}},
            "localities": ["A", "B", "C", "D", "E", "F", "G"],
            "adjacency": [["A", "B"], ["B", "C"], ["C", "D"], ["D", "E"], ["E", "F"], ["F", "G"]],
            "service_areas": [{{"code": "F"}}], "segments": [{}], "suppliers": [{}]}}"#,
            segments.join(","),
            suppliers.join(",")
        ))
        .unwrap()
    }

    fn later() -> Instant {
        Instant::now() + std::time::Duration::from_secs(5)
    }

    /// {A, B, C} worth 6, {D, E, F} worth 9 and {G} worth 2, with G's lot to go.
    const LOTS: [&[usize]; 3] = [&[6], &[0, 1, 2], &[3, 4, 5]];

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_is_squeezed_out_along_a_chain_of_full_lots() {
        // G fits in no neighbour as it is (9 + 2 > 10), but once D moves on to the first lot
        // it does.
        let problem = line(2, &[("S1", "ABCDEFG"), ("S2", "ABCDEFG")]);
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 10.0, k: 2 };
        let mut got = squeeze(&prep, limits, &LOTS, 0, 100, later()).expect("two lots");
        got.iter_mut().for_each(|set| set.sort_unstable());
        sort::sort(&mut got);
        assert_eq!(got, vec![vec![0, 1, 2, 3], vec![4, 5, 6]]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn no_segment_moves_where_its_lot_would_lose_its_credible_bidders() {
        // S2 does not serve D and S3 not A-C: {A, B, C, D} would have one bidder (S1), and
        // k is 2, so the only two-lot split within 10 a lot ({A-D}, {E-G}) breaks R5.
        let problem = line(2, &[("S1", "ABCDEFG"), ("S2", "ABCEFG"), ("S3", "DEFG")]);
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 10.0, k: 2 };
        assert_eq!(squeeze(&prep, limits, &LOTS, 0, 100, later()), None);
        // Once S3 serves A-C too, the same chain works.
        let problem = line(2, &[("S1", "ABCDEFG"), ("S2", "ABCEFG"), ("S3", "ABCDEFG")]);
        let prep = Prepared::new(&problem);
        assert!(squeeze(&prep, limits, &LOTS, 0, 100, later()).is_some());
    }
}
