//! Large-neighbourhood search: good plans for groups of segments too large to list every
//! possible lot, without listing them.
//!
//! A plan starts from the quick greedy plans ([`super::greedy`]) and is then repaired and
//! improved by moves that keep rules R2-R5 on every lot:
//! - **merge** two neighbouring lots into one;
//! - **dissolve** a lot, handing each of its segments to a neighbouring lot;
//! - **steal** a boundary segment from a neighbour to lift a lot above `v_min`;
//! - **re-plan a region** exactly: take a lot and its neighbouring lots (a few dozen
//!   segments), list every feasible lot inside that region and find its fewest-lot cover
//!   with the exact cover search ([`super::heuristic::cover`]). With a floor on the bidders,
//!   the same move raises the thinnest competition;
//! - **shift** a boundary segment from the thinnest lot to a neighbour when both then have
//!   more bidders (for lots too large for their region to be re-planned).
//!
//! Every move keeps the plan valid or is undone, so the current plan can be shown at any time.
//! Search never proves optimality on its own; the lower bounds in [`super::bound`] do that
//! when they meet the plan.

use crate::base::sort;
use fixedbitset::FixedBitSet;
use web_time::Instant;

use super::enumerate::{Candidate, Enumerator, Limits};
use super::heuristic;
use super::prepared::Prepared;

/// At most this many segments in a region re-planned exactly (at first; regions grow when
/// the search is stuck).
const REGION_SEGMENTS: usize = 36;
/// At most this many lots in a region (at first).
const REGION_LOTS: usize = 6;
/// How many times regions may double in size once the search is stuck.
const WIDENINGS: u32 = 2;
/// Candidate lots listed per region before it is shrunk.
const REGION_CANDIDATES: usize = 20_000;
/// Branching steps for the exact cover of one region.
const REGION_STEPS: usize = 20_000;

const NONE: usize = usize::MAX;

/// A plan for one group of segments, improved in place.
pub(crate) struct Search<'a, 'p> {
    prep: &'a Prepared<'p>,
    limits: Limits,
    /// The current lots; each meets R2-R5 (and `v_min` once [`Search::start`] succeeded).
    pub lots: Vec<Candidate>,
    /// Lot of each prepared segment (`NONE` outside the group).
    owner: Vec<usize>,
    /// Where the next region re-plan starts, so successive passes look at different regions.
    cursor: usize,
    /// Regions hold up to `REGION_SEGMENTS << widened` segments and `REGION_LOTS << widened` lots.
    widened: u32,
}

/// Lot with `segments` if it keeps R4's `v_max` and R5 (R3 and `v_min` are the caller's).
pub(crate) fn lot_of(prep: &Prepared, segments: Vec<usize>, limits: Limits) -> Option<Candidate> {
    let (&first, rest) = segments.split_first()?;
    let mut value = prep.value[first];
    let mut credible = prep.credible(&prep.eligible[first], &prep.eligible[first], value, limits)?;
    for &s in rest {
        value += prep.value[s];
        credible = prep.credible(&credible, &prep.eligible[s], value, limits)?;
    }
    let mut segments = segments;
    sort::sort(&mut segments);
    Some(Candidate { bidders: credible.count_ones(..) as u32, segments, value, credible })
}

fn same(a: &[Candidate], b: &[Candidate]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.segments == y.segments)
}

/// True when `segments` form one connected piece (through same or neighbouring localities).
pub(crate) fn connected(prep: &Prepared, segments: &[usize]) -> bool {
    let Some(&first) = segments.first() else { return true };
    let mut inside = FixedBitSet::with_capacity(prep.len());
    segments.iter().for_each(|&s| inside.insert(s));
    let mut seen = FixedBitSet::with_capacity(prep.len());
    seen.insert(first);
    let mut stack = vec![first];
    while let Some(s) = stack.pop() {
        // No bit set is built per step: this runs for every move search tries on large lots.
        for n in prep.neighbours[s].ones() {
            if inside.contains(n) && !seen.put(n) {
                stack.push(n);
            }
        }
    }
    seen.count_ones(..) == segments.len()
}

impl<'a, 'p> Search<'a, 'p> {
    /// Valid plans for `block` from the quick greedy plans, each repaired where a lot ended
    /// below `v_min`, fewest lots first (the best first); empty when none could be repaired.
    /// The others are kept because the best may not admit an award (R6) while another does.
    /// Once `enough` has passed, the first valid plan ends the list (repairs of large lots can
    /// take most of a second each, and the search improves on whichever is best).
    pub fn starts(
        prep: &'a Prepared<'p>,
        block: &[usize],
        limits: Limits,
        enough: Instant,
        deadline: Instant,
    ) -> Vec<Vec<Candidate>> {
        let mut found: Vec<Vec<Candidate>> = Vec::new();
        for lots in super::greedy::raw_plans(prep, block, limits) {
            let mut search = Search::from_lots(prep, limits, lots);
            if search.repair(deadline) {
                let mut lots = search.lots;
                sort::by(&mut lots, |a, b| a.segments.cmp(&b.segments));
                if !found.iter().any(|f| same(f, &lots)) {
                    found.push(lots);
                }
            }
            if Instant::now() >= enough.min(deadline) && !found.is_empty() {
                break;
            }
        }
        sort::by_key(&mut found, |lots| {
            let (n, t) = super::score(lots);
            (n, std::cmp::Reverse(t))
        });
        found
    }

    /// Continues from a valid plan.
    pub fn from_lots(prep: &'a Prepared<'p>, limits: Limits, lots: Vec<Candidate>) -> Self {
        let mut search = Search { prep, limits, lots, owner: vec![NONE; prep.len()], cursor: 0, widened: 0 };
        search.reindex();
        search
    }

    fn reindex(&mut self) {
        for (i, lot) in self.lots.iter().enumerate() {
            for &s in &lot.segments {
                self.owner[s] = i;
            }
        }
    }

    /// Lots next to lot `i` (sharing a locality or a border), ascending.
    fn adjacent(&self, i: usize) -> Vec<usize> {
        let mut near = FixedBitSet::with_capacity(self.prep.len());
        self.lots[i].segments.iter().for_each(|&s| near.union_with(&self.prep.neighbours[s]));
        let mut out: Vec<usize> = near.ones().map(|s| self.owner[s]).filter(|&o| o != NONE && o != i).collect();
        sort::sort(&mut out);
        out.dedup();
        out
    }

    /// Replaces the lots `old` with `new` (any order).
    fn replace(&mut self, old: &[usize], new: Vec<Candidate>) {
        let mut old = old.to_vec();
        sort::by(&mut old, |a, b| b.cmp(a));
        for i in old {
            for &s in &self.lots[i].segments {
                self.owner[s] = NONE;
            }
            self.lots.swap_remove(i);
        }
        self.lots.extend(new);
        self.reindex();
        debug_assert_eq!(
            self.owner.iter().filter(|&&o| o != NONE).count(),
            self.lots.iter().map(|l| l.segments.len()).sum::<usize>(),
            "a segment lost or doubled"
        );
    }

    fn small(&self) -> Option<usize> {
        self.lots.iter().position(|l| l.value < self.limits.v_min)
    }

    /// Lifts every lot to `v_min` by merging, dissolving, stealing or re-planning its region.
    /// False when some lot could not be repaired before `deadline`.
    fn repair(&mut self, deadline: Instant) -> bool {
        let mut tries = 0;
        while let Some(i) = self.small() {
            tries += 1;
            if tries > 4 * self.prep.len() + 16 || Instant::now() >= deadline {
                return false;
            }
            if self.merge_best(i) || self.dissolve(i) || self.steal(i) || self.replan(i, None, deadline) {
                continue;
            }
            // Widen: re-plan around a neighbour, which takes this lot in its region too.
            let near = self.adjacent(i);
            if !near.iter().any(|&j| self.replan(j, None, deadline)) {
                return false;
            }
        }
        true
    }

    /// Merges lot `i` into the neighbouring lot that keeps the most bidders.
    fn merge_best(&mut self, i: usize) -> bool {
        let best = self
            .adjacent(i)
            .into_iter()
            .filter_map(|j| {
                let segments = [self.lots[i].segments.as_slice(), self.lots[j].segments.as_slice()].concat();
                lot_of(self.prep, segments, self.limits).map(|lot| (j, lot))
            })
            .max_by_key(|(j, lot)| (lot.bidders, std::cmp::Reverse(*j)));
        match best {
            Some((j, lot)) => {
                self.replace(&[i, j], vec![lot]);
                true
            }
            None => false,
        }
    }

    /// Hands every segment of lot `i` to a neighbouring lot (one lot fewer), or changes nothing.
    fn dissolve(&mut self, i: usize) -> bool {
        let mut left: Vec<usize> = self.lots[i].segments.clone();
        let mut grown: Vec<(usize, Candidate)> = Vec::new();
        let lot_now = |grown: &Vec<(usize, Candidate)>, j: usize| -> Candidate {
            grown.iter().find(|(g, _)| *g == j).map_or_else(|| self.lots[j].clone(), |(_, c)| c.clone())
        };
        while !left.is_empty() {
            let mut placed = None;
            'find: for (p, &s) in left.iter().enumerate() {
                let mut owners: Vec<usize> =
                    self.prep.neighbours[s].ones().map(|n| self.owner[n]).filter(|&o| o != NONE && o != i).collect();
                // Segments of this lot already handed over count as part of their new lot.
                for (j, lot) in &grown {
                    if lot.segments.iter().any(|&g| self.prep.neighbours[s].contains(g)) {
                        owners.push(*j);
                    }
                }
                sort::sort(&mut owners);
                owners.dedup();
                let mut options: Vec<(usize, Candidate)> = owners
                    .into_iter()
                    .filter_map(|j| {
                        let current = lot_now(&grown, j);
                        let segments = [current.segments.as_slice(), &[s]].concat();
                        lot_of(self.prep, segments, self.limits).map(|lot| (j, lot))
                    })
                    .collect();
                sort::by_key(&mut options, |(j, lot)| (std::cmp::Reverse(lot.bidders), *j));
                if let Some((j, lot)) = options.into_iter().next() {
                    placed = Some((p, j, lot));
                    break 'find;
                }
            }
            let Some((p, j, lot)) = placed else { return false };
            left.remove(p);
            match grown.iter_mut().find(|(g, _)| *g == j) {
                Some(entry) => entry.1 = lot,
                None => grown.push((j, lot)),
            }
        }
        let mut old: Vec<usize> = grown.iter().map(|(j, _)| *j).collect();
        old.push(i);
        self.replace(&old, grown.into_iter().map(|(_, lot)| lot).collect());
        true
    }

    /// Moves boundary segments from neighbouring lots into lot `i` until it reaches `v_min`,
    /// keeping each neighbour connected and at `v_min`; changes nothing when that fails.
    fn steal(&mut self, i: usize) -> bool {
        let mut lot = self.lots[i].clone();
        let mut donors: Vec<(usize, Candidate)> = Vec::new();
        while lot.value < self.limits.v_min {
            let mut near = FixedBitSet::with_capacity(self.prep.len());
            lot.segments.iter().for_each(|&s| near.union_with(&self.prep.neighbours[s]));
            let mut best: Option<(usize, usize, Candidate, Candidate)> = None;
            for s in near.ones() {
                let j = self.owner[s];
                if j == NONE || j == i {
                    continue;
                }
                let donor =
                    donors.iter().find(|(d, _)| *d == j).map_or_else(|| self.lots[j].clone(), |(_, c)| c.clone());
                if !donor.segments.contains(&s) {
                    continue;
                }
                let rest_value = donor.value - self.prep.value[s];
                if donor.segments.len() < 2 || rest_value < self.limits.v_min {
                    continue;
                }
                // The lot growing is small and the donor may be large: what it would take is
                // checked first, and the donor's rest only for a move better than the best.
                let Some(taken) = lot_of(self.prep, [lot.segments.as_slice(), &[s]].concat(), self.limits) else {
                    continue;
                };
                if best.as_ref().is_some_and(|b| taken.bidders <= b.2.bidders) {
                    continue;
                }
                let rest: Vec<usize> = donor.segments.iter().copied().filter(|&x| x != s).collect();
                if !connected(self.prep, &rest) {
                    continue;
                }
                let Some(rest) = lot_of(self.prep, rest, self.limits) else { continue };
                best = Some((j, s, taken, rest));
            }
            let Some((j, _, taken, rest)) = best else { return false };
            lot = taken;
            match donors.iter_mut().find(|(d, _)| *d == j) {
                Some(entry) => entry.1 = rest,
                None => donors.push((j, rest)),
            }
        }
        let mut old: Vec<usize> = donors.iter().map(|(j, _)| *j).collect();
        old.push(i);
        let mut new: Vec<Candidate> = donors.into_iter().map(|(_, c)| c).collect();
        new.push(lot);
        self.replace(&old, new);
        true
    }

    /// Hands one boundary segment of lot `i` to a neighbouring lot so that both end with more
    /// than `t` bidders (a lot with fewer segments and less value can only keep or gain
    /// bidders); the move that leaves the thinner of the two thickest. Works where regions are
    /// too large to re-plan exactly (a block of two or three big lots). False when no move
    /// raises both above `t`.
    fn shift(&mut self, i: usize, t: u32) -> bool {
        let lot = &self.lots[i];
        if lot.segments.len() < 2 {
            return false;
        }
        let mut best: Option<(u32, usize, Candidate, Candidate)> = None;
        for &s in &lot.segments {
            let rest: Vec<usize> = lot.segments.iter().copied().filter(|&x| x != s).collect();
            if lot.value - self.prep.value[s] < self.limits.v_min || !connected(self.prep, &rest) {
                continue;
            }
            let Some(kept) = lot_of(self.prep, rest, self.limits) else { continue };
            if kept.bidders <= t {
                continue;
            }
            let mut owners: Vec<usize> =
                self.prep.neighbours[s].ones().map(|n| self.owner[n]).filter(|&o| o != NONE && o != i).collect();
            sort::sort(&mut owners);
            owners.dedup();
            for j in owners {
                let Some(grown) = lot_of(self.prep, [self.lots[j].segments.as_slice(), &[s]].concat(), self.limits)
                else {
                    continue;
                };
                let thinner = kept.bidders.min(grown.bidders);
                if thinner > t && best.as_ref().is_none_or(|b| thinner > b.0) {
                    best = Some((thinner, j, kept.clone(), grown));
                }
            }
        }
        let Some((_, j, kept, grown)) = best else { return false };
        self.replace(&[i, j], vec![kept, grown]);
        true
    }

    /// The region around lot `i`: it, its neighbouring lots (smallest first), then theirs,
    /// while the region stays within `size` lots and the segment limit.
    fn region(&self, i: usize, size: usize) -> Vec<usize> {
        let mut lots = vec![i];
        let mut count = self.lots[i].segments.len();
        let mut next = 0;
        while next < lots.len() && lots.len() < size {
            let mut near: Vec<usize> = self.adjacent(lots[next]).into_iter().filter(|j| !lots.contains(j)).collect();
            sort::by(&mut near, |&a, &b| self.lots[a].value.total_cmp(&self.lots[b].value).then(a.cmp(&b)));
            for j in near {
                if lots.len() >= size {
                    break;
                }
                if count + self.lots[j].segments.len() <= REGION_SEGMENTS << self.widened {
                    count += self.lots[j].segments.len();
                    lots.push(j);
                }
            }
            next += 1;
        }
        lots
    }

    /// Re-plans the region around lot `i` exactly: fewer lots if possible (`floor: None`,
    /// also repairing lots below `v_min`), or, with `floor: Some(t)`, as many lots as now, each
    /// with more than `t` bidders. True when the plan changed.
    fn replan(&mut self, i: usize, floor: Option<u32>, deadline: Instant) -> bool {
        let mut size = REGION_LOTS << self.widened;
        while size >= 2 || (size == 1 && self.lots[i].value < self.limits.v_min) {
            if Instant::now() >= deadline {
                return false;
            }
            let lots = self.region(i, size);
            let mut segments: Vec<usize> = lots.iter().flat_map(|&l| self.lots[l].segments.iter().copied()).collect();
            sort::sort(&mut segments);
            let enumerated = Enumerator::new(self.prep, self.limits)
                .max_candidates(REGION_CANDIDATES)
                .deadline(Some(deadline))
                .run(&segments);
            trace!(
                "replan lot {i} floor {floor:?} region {} lots {} segs -> {:?}",
                lots.len(),
                segments.len(),
                enumerated.as_ref().map(|c| c.len())
            );
            let Ok(cands) = enumerated else {
                size = lots.len().saturating_sub(1);
                continue;
            };
            let valid_now = lots.iter().all(|&l| self.lots[l].value >= self.limits.v_min);
            let cols: Vec<usize> = (0..cands.len()).filter(|&c| floor.is_none_or(|t| cands[c].bidders > t)).collect();
            // Fewer lots than now; or, raising the floor, no more than now.
            let below = match floor {
                None if valid_now => lots.len(),
                _ => lots.len() + 1,
            };
            let found = heuristic::cover(
                &cands,
                &segments,
                &cols,
                self.limits.v_max,
                &self.prep.value,
                None,
                1,
                below,
                REGION_STEPS,
                deadline,
            );
            if let Some(best) = found.best.filter(|b| b.len() < below) {
                let new: Vec<Candidate> = best.into_iter().map(|c| cands[c].clone()).collect();
                self.replace(&lots, new);
                return true;
            }
            return false;
        }
        false
    }

    /// Improves the plan until `deadline`, or until it has `bound` lots and its thinnest lot
    /// has `t_cap` bidders (nothing can then be better). `report` hears of every improvement.
    pub fn improve(&mut self, bound: u32, t_cap: u32, deadline: Instant, report: &mut dyn FnMut(&[Candidate])) {
        // Fewer lots first.
        loop {
            if self.lots.len() as u32 <= bound || Instant::now() >= deadline {
                break;
            }
            let before = self.lots.len();
            let mut order: Vec<usize> = (0..self.lots.len()).collect();
            sort::by(&mut order, |&a, &b| self.lots[a].value.total_cmp(&self.lots[b].value));
            // Cheap moves first: dissolve the smallest lots, merge neighbours.
            for &i in &order {
                if i < self.lots.len() && (self.dissolve(i) || self.merge_best(i)) {
                    break;
                }
            }
            if self.lots.len() == before {
                // Then exact re-plans around each lot in turn, from where the last pass stopped.
                let n = self.lots.len();
                for step in 0..n {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let i = (self.cursor + step) % n;
                    if self.replan(i, None, deadline) {
                        self.cursor = (i + 1) % self.lots.len().max(1);
                        break;
                    }
                }
            }
            if self.lots.len() == before {
                // Stuck: look at larger regions, if there is room to.
                if self.widened < WIDENINGS {
                    self.widened += 1;
                    continue;
                }
                break;
            }
            report(&self.lots);
        }
        // Then raise the thinnest competition, lot by lot, keeping the number of lots.
        let block: Vec<usize> = self.lots.iter().flat_map(|l| l.segments.iter().copied()).collect();
        let t_cap = t_cap.min(super::bound::thinnest_in(self.prep, &block, self.lots.len() as u32));
        while Instant::now() < deadline {
            let Some(t) = self.lots.iter().map(|l| l.bidders).min() else { break };
            if t >= t_cap {
                break;
            }
            let thinnest: Vec<usize> = (0..self.lots.len()).filter(|&i| self.lots[i].bidders == t).collect();
            let before = self.lots.len();
            let raised = thinnest.into_iter().any(|i| self.replan(i, Some(t), deadline) || self.shift(i, t));
            if !raised || self.lots.len() > before {
                break;
            }
            report(&self.lots);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::LotProblem;

    /// Four localities in a line, A-B-C-D, one segment each worth 1 (at most 3 a lot). S1 and
    /// S2 serve everywhere, S3 only C and D, S4 only A and B.
    fn line() -> LotProblem {
        LotProblem::from_json(
            r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 3, "k": 2, "m": 4},
            "localities": ["A", "B", "C", "D"], "adjacency": [["A", "B"], ["B", "C"], ["C", "D"]],
            "service_areas": [{"code": "F"}],
            "segments": [{"id": "A", "service_area": "F", "locality": "A", "value": 1},
                         {"id": "B", "service_area": "F", "locality": "B", "value": 1},
                         {"id": "C", "service_area": "F", "locality": "C", "value": 1},
                         {"id": "D", "service_area": "F", "locality": "D", "value": 1}],
            "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
                          {"id": "S2", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
                          {"id": "S3", "capacity": 9, "service_areas": ["F"], "localities": ["C", "D"]},
                          {"id": "S4", "capacity": 9, "service_areas": ["F"], "localities": ["A", "B"]}]}"#,
        )
        .unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn shift_hands_a_boundary_segment_to_thicken_both_lots() {
        let problem = line();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 3.0, k: 2 };
        // {A, B, C} has S1 and S2 only; {D} has S1, S2, S3.
        let lots = vec![lot_of(&prep, vec![0, 1, 2], limits).unwrap(), lot_of(&prep, vec![3], limits).unwrap()];
        assert_eq!((lots[0].bidders, lots[1].bidders), (2, 3));
        let mut search = Search::from_lots(&prep, limits, lots);
        assert!(search.shift(0, 2), "giving C to D's lot leaves 3 bidders on each side");
        let mut got: Vec<(Vec<usize>, u32)> = search.lots.iter().map(|l| (l.segments.clone(), l.bidders)).collect();
        sort::sort(&mut got);
        assert_eq!(got, vec![(vec![0, 1], 3), (vec![2, 3], 3)]);
        // Nothing raises both lots above 3 now.
        assert!(!search.shift(0, 3) && !search.shift(1, 3));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn connected_follows_borders_only_through_the_set_itself() {
        let problem = line();
        let prep = Prepared::new(&problem);
        assert!(connected(&prep, &[]));
        assert!(connected(&prep, &[2]));
        assert!(connected(&prep, &[0, 1, 2, 3]));
        assert!(connected(&prep, &[3, 2, 1]), "in any order");
        // A and C border B, which is not in the set.
        assert!(!connected(&prep, &[0, 2]));
        assert!(!connected(&prep, &[0, 1, 3]));
    }
}
