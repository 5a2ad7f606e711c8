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
//! - **squeeze** a lot out where lots are large: hand its segments to the lots around it even
//!   past their limits, then move boundary segments from lot to lot until every lot keeps its
//!   limits again ([`super::squeeze`]).
//!
//! Every move keeps the plan valid or is undone, so the current plan can be shown at any time.
//! Search never proves optimality on its own; the lower bounds in [`super::bound`] do that
//! when they meet the plan.

use crate::base::sort;
use fixedbitset::FixedBitSet;
use web_time::Instant;

use super::enumerate::{Candidate, Enumerator, Limits};
use super::heuristic;
use super::market::{swap_holder, Holders, Market};
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
/// Sets visited while listing one region's lots: ten per lot it may list. Where `v_min` is
/// small nearly every set visited is a lot; where it is large most are not, and a region of
/// 27 segments of `R-1` under a £400k smallest lot took 14 s to list 4,659 lots.
const REGION_LIST_STEPS: u64 = 10 * REGION_CANDIDATES as u64;
/// Branching steps for the exact cover of one region.
const REGION_STEPS: usize = 20_000;
/// Covers of one region tried, each without a lot that could not be awarded in the last.
const AWARD_RETRIES: usize = 8;
/// At most this many lots, and segments, in a region squeezed into one lot fewer (at first;
/// doubled with regions when the search is stuck).
const SQUEEZE_LOTS: usize = 12;
const SQUEEZE_SEGMENTS: usize = 240;
/// Share of a search's time in which a stuck search shakes regions up and tries again (the
/// rest raises the thinnest competition).
const SHAKE_SHARE: f64 = 0.7;

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
    /// How many times regions may double once the search is stuck: [`WIDENINGS`], or more when
    /// a search is given time again after it stopped ([`Search::wider`]).
    widenings: u32,
    /// Award-aware search: the room every supplier has left given the running award of all
    /// groups' lots (this group's included). `None`: the award is left to the end.
    market: Option<Market>,
    /// The running award of each lot: its holders (renumbered suppliers; none while it has no
    /// award, and always none without a market).
    pub award: Vec<Holders>,
    /// Regions (their lots' segments and awards, hashed) where a squeeze failed: the same
    /// region gives the same lots again, which fail again unless the room around them changed,
    /// so it is not tried again in this search until its lots change (on `R-1` most squeezes
    /// that fail are refused by the award, and were tried again at every pass).
    squeezed: std::collections::HashSet<u64>,
    /// The latest plan of the group with one lot fewer than the best that a squeeze found but
    /// the running award refused: awarding every group afresh may still place it
    /// ([`Search::take_refused`]).
    refused: Option<Vec<Candidate>>,
    /// Other groups' lots and their running award: award-aware, making room for a new lot may
    /// move their places too, as every group draws on the same market; reports include them.
    elsewhere: Elsewhere,
}

/// The lots of the other groups, in a fixed order, and their running award.
#[derive(Debug, Clone, Default)]
pub(crate) struct Elsewhere {
    pub lots: Vec<Candidate>,
    pub award: Vec<Holders>,
}

/// A lot whose place [`Search::make_room`] moved: one of this group's, or one of another's.
#[derive(Debug, Clone, Copy)]
enum Moved {
    Here(usize),
    Elsewhere(usize),
}

/// What a region re-plan aims for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Aim {
    /// Fewer lots than now (or as many, repairing lots below `v_min`).
    Fewer,
    /// As many lots as now, each with more than this many bidders.
    Thicker(u32),
    /// Every lot awarded from the room left, with as few lots as that allows.
    Awarded,
    /// No more lots than now, none of them one of the current lots (a plateau move).
    Other,
}

/// Hears of each better plan: its lots, their running award, and the other groups' lots with
/// their award as room-making may have moved it (no holders anywhere without a market).
pub(crate) type Report<'r> = dyn FnMut(&[Candidate], &[Holders], &Elsewhere) + 'r;

/// A plan with its running award and market, to go back to.
type Snapshot = (Vec<Candidate>, Vec<Holders>, Option<Market>, Vec<Holders>);

/// Lot with `segments` if it keeps R4's `v_max` and R5 (R3 and `v_min` are the caller's).
pub(crate) fn lot_of(prep: &Prepared, segments: Vec<usize>, limits: Limits) -> Option<Candidate> {
    let (&first, rest) = segments.split_first()?;
    let mut value = prep.value[first];
    let mut credible = prep.credible(&prep.eligible[first], &prep.eligible[first], value, limits, first)?;
    for &s in rest {
        value += prep.value[s];
        credible = prep.credible(&credible, &prep.eligible[s], value, limits, s)?;
    }
    let mut segments = segments;
    sort::sort(&mut segments);
    Some(Candidate { bidders: prep.bidders(&credible), segments, value, credible })
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
        let award = vec![Holders::new(); lots.len()];
        let mut search = Search {
            prep,
            limits,
            lots,
            owner: vec![NONE; prep.len()],
            cursor: 0,
            widened: 0,
            widenings: WIDENINGS,
            market: None,
            award,
            squeezed: Default::default(),
            refused: None,
            elsewhere: Elsewhere::default(),
        };
        search.reindex();
        search
    }

    /// Continues award-aware from a valid plan with its running `award` (lots may have no
    /// holders until [`Search::settle`] succeeds) and the `market` left by it and by
    /// every other group's awarded lots.
    pub fn with_market(
        prep: &'a Prepared<'p>,
        limits: Limits,
        lots: Vec<Candidate>,
        award: Vec<Holders>,
        market: Market,
    ) -> Self {
        let mut search = Search::from_lots(prep, limits, lots);
        debug_assert_eq!(award.len(), search.lots.len(), "an award for every lot");
        if award.len() == search.lots.len() {
            search.award = award;
        }
        search.market = Some(market);
        search
    }

    /// The other groups' lots and their award, `elsewhere`: award-aware, the search may move
    /// their places to make room for its new lots ([`Search::take_elsewhere`] gives back their
    /// award); every report includes them.
    pub fn with_elsewhere(mut self, elsewhere: Elsewhere) -> Self {
        debug_assert_eq!(elsewhere.lots.len(), elsewhere.award.len(), "an award for every lot");
        self.elsewhere = elsewhere;
        self
    }

    /// The other groups' award as the search left it, in the order it was given.
    pub fn take_elsewhere(&mut self) -> Vec<Holders> {
        std::mem::take(&mut self.elsewhere.award)
    }

    /// Replaces every lot with `lots` (the group's plan from elsewhere, e.g. the exact method)
    /// if they can be awarded; false, changing nothing, otherwise.
    pub fn adopt(&mut self, lots: Vec<Candidate>) -> bool {
        let all: Vec<usize> = (0..self.lots.len()).collect();
        self.replace(&all, lots)
    }

    /// The latest plan with fewer lots than the search's best that the running award refused
    /// (none without a market).
    pub fn take_refused(&mut self) -> Option<Vec<Candidate>> {
        self.refused.take().filter(|plan| plan.len() < self.lots.len())
    }

    /// The lots, their award and the market left (`None` without a market).
    pub fn into_parts(self) -> (Vec<Candidate>, Vec<Holders>, Option<Market>) {
        (self.lots, self.award, self.market)
    }

    /// Awards every lot still without holders: where its bidders have no room left, by moving
    /// another lot of this group to a different bidder, or by re-planning the lot (split into
    /// lots that smaller suppliers can take) with as few of its neighbouring lots as needed.
    /// False when some lot could not be awarded before `deadline`.
    pub fn settle(&mut self, deadline: Instant) -> bool {
        let mut tries = 0;
        // First segments of the lots that could not be awarded (the rest are still tried).
        let mut stuck: Vec<usize> = Vec::new();
        while let Some(i) =
            (0..self.lots.len()).find(|&i| self.award[i].is_empty() && !stuck.contains(&self.lots[i].segments[0]))
        {
            tries += 1;
            if tries > 4 * self.prep.len() + 16 || Instant::now() >= deadline {
                return false;
            }
            let lot = self.lots[i].clone();
            if self.replace(&[i], vec![lot]) || self.replan_awarded(i, deadline) {
                continue;
            }
            trace!(
                "settle: lot of {} segments worth {} with {} bidders cannot be awarded",
                self.lots[i].segments.len(),
                self.lots[i].value,
                self.lots[i].bidders
            );
            stuck.push(self.lots[i].segments[0]);
        }
        stuck.is_empty()
    }

    /// Moves one lot that supplier `j` holds in this group to other suppliers, so that `j` has
    /// room for a lot of another group that only it and a few others can take: the lot goes
    /// whole to another bidder with room, or its region is re-planned into lots that others
    /// can win. `j` may win nothing meanwhile. True when `j` holds one lot fewer here.
    pub fn relieve(&mut self, j: usize, deadline: Instant) -> bool {
        let Some(market) = &mut self.market else { return false };
        market.bar(Some(j));
        let held = |s: &Self| s.award.iter().filter(|a| a.contains(&j)).count();
        let before = held(self);
        // Smallest lots first: the easiest for others to take.
        let mut mine: Vec<usize> = (0..self.lots.len()).filter(|&q| self.award[q].contains(&j)).collect();
        sort::by(&mut mine, |&a, &b| self.lots[a].value.total_cmp(&self.lots[b].value).then(a.cmp(&b)));
        let firsts: Vec<usize> = mine.iter().map(|&q| self.lots[q].segments[0]).collect();
        for first in firsts {
            if Instant::now() >= deadline || held(self) < before {
                break;
            }
            // Lots are renumbered by every change: find this one again by its first segment.
            let Some(q) =
                (0..self.lots.len()).find(|&q| self.award[q].contains(&j) && self.lots[q].segments[0] == first)
            else {
                continue;
            };
            let lot = self.lots[q].clone();
            if !self.replace(&[q], vec![lot]) {
                self.replan_awarded(q, deadline);
            }
        }
        if let Some(market) = &mut self.market {
            market.bar(None);
        }
        held(self) < before
    }

    /// Re-plans the region around unawarded lot `i`, from the lot alone up to its widest
    /// region, so that every lot of the region is awarded: exactly while the region's possible
    /// lots can be listed, greedily ([`Search::split_awarded`]) past that. True when it succeeded.
    fn replan_awarded(&mut self, i: usize, deadline: Instant) -> bool {
        let widest = REGION_LOTS << WIDENINGS;
        let mut tried: Vec<usize> = Vec::new();
        for size in 1..=widest {
            if Instant::now() >= deadline {
                return false;
            }
            let lots = self.region_within(i, size, REGION_SEGMENTS << WIDENINGS);
            if lots.len() <= tried.len() {
                continue; // no larger region around it
            }
            match self.replan_region(&lots, Aim::Awarded, deadline) {
                Some(true) => return true,
                Some(false) => tried = lots,
                None => {
                    tried = lots;
                    break;
                }
            }
        }
        // Too many possible lots to list, or no exact cover could be awarded: grow lots greedily,
        // in the lot alone and then in the largest region tried.
        self.split_awarded(&[i]) || (tried.len() > 1 && self.split_awarded(&tried))
    }

    /// Re-plans the region of `lots` greedily so that every lot can be awarded: grows each new
    /// lot from the hardest segment left (fewest suppliers able to take it), adding the
    /// neighbouring segment that leaves the most bidders with room (once the region's lots give
    /// back theirs), and merges pieces left below `v_min` into a neighbouring piece. True when
    /// the new lots replaced the region's.
    fn split_awarded(&mut self, lots: &[usize]) -> bool {
        let Some(market) = &self.market else { return false };
        let mut room = market.clone();
        for &l in lots {
            room.release_all(&self.award[l], &self.lots[l]);
        }
        let prep = self.prep;
        let mut segments: Vec<usize> = lots.iter().flat_map(|&l| self.lots[l].segments.iter().copied()).collect();
        sort::by_key(&mut segments, |&s| {
            (prep.eligible[s].count_ones(..), std::cmp::Reverse(prep.value[s].to_bits()), s)
        });
        let mut free = FixedBitSet::with_capacity(prep.len());
        segments.iter().for_each(|&s| free.insert(s));
        let mut pieces: Vec<(Candidate, Holders)> = Vec::new();
        for &seed in &segments {
            if !free.contains(seed) {
                continue;
            }
            free.set(seed, false);
            let Some(mut lot) = lot_of(prep, vec![seed], self.limits) else { return false };
            loop {
                let mut near = FixedBitSet::with_capacity(prep.len());
                lot.segments.iter().for_each(|&m| near.union_with(&prep.neighbours[m]));
                near.intersect_with(&free);
                let mut best: Option<(usize, usize, Candidate)> = None;
                for n in near.ones() {
                    let Some(grown) = lot_of(prep, [lot.segments.as_slice(), &[n]].concat(), self.limits) else {
                        continue;
                    };
                    let with_room = room.room(&grown);
                    if with_room >= room.places(&grown) && best.as_ref().is_none_or(|b| with_room > b.0) {
                        best = Some((with_room, n, grown));
                    }
                }
                let Some((_, n, grown)) = best else { break };
                free.set(n, false);
                lot = grown;
            }
            let Some(holders) = room.place(&lot, Market::pick) else { return false };
            pieces.push((lot, holders));
        }
        // Pieces below v_min join a neighbouring piece, where the two can be awarded as one.
        while let Some(p) = pieces.iter().position(|(l, _)| l.value < self.limits.v_min) {
            let mut near = FixedBitSet::with_capacity(prep.len());
            pieces[p].0.segments.iter().for_each(|&m| near.union_with(&prep.neighbours[m]));
            let (small, holders) = pieces.swap_remove(p);
            room.release_all(&holders, &small);
            let mut joined = false;
            for piece in &mut pieces {
                if !piece.0.segments.iter().any(|&s| near.contains(s)) {
                    continue;
                }
                let Some(merged) = lot_of(prep, [small.segments.as_slice(), &piece.0.segments].concat(), self.limits)
                else {
                    continue;
                };
                room.release_all(&piece.1, &piece.0);
                match room.place(&merged, Market::pick) {
                    Some(x) => {
                        *piece = (merged, x);
                        joined = true;
                        break;
                    }
                    None => room.take_all(&piece.1, &piece.0),
                }
            }
            if !joined {
                return false;
            }
        }
        trace!("split_awarded: {} lots -> {} lots", lots.len(), pieces.len());
        self.replace(lots, pieces.into_iter().map(|(l, _)| l).collect())
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

    /// Replaces the lots `old` with `new` (any order). With a market, only when the new lots
    /// can be awarded from the room left once the old lots give theirs back (other lots of the
    /// group may move to another bidder to make room); false, changing nothing, otherwise.
    fn replace(&mut self, old: &[usize], new: Vec<Candidate>) -> bool {
        self.try_replace(old, new).is_ok()
    }

    /// [`Search::replace`], or the index of a new lot that could not be awarded.
    fn try_replace(&mut self, old: &[usize], new: Vec<Candidate>) -> Result<(), usize> {
        let awards = match self.market.take() {
            None => vec![Holders::new(); new.len()],
            Some(mut market) => {
                let placed = self.award_new(&mut market, old, &new);
                self.market = Some(market);
                placed?
            }
        };
        let mut old = old.to_vec();
        sort::by(&mut old, |a, b| b.cmp(a));
        for i in old {
            for &s in &self.lots[i].segments {
                self.owner[s] = NONE;
            }
            self.lots.swap_remove(i);
            self.award.swap_remove(i);
        }
        self.lots.extend(new);
        self.award.extend(awards);
        self.reindex();
        debug_assert_eq!(
            self.owner.iter().filter(|&&o| o != NONE).count(),
            self.lots.iter().map(|l| l.segments.len()).sum::<usize>(),
            "a segment lost or doubled"
        );
        Ok(())
    }

    /// Awards `new` in place of the lots `old`: the old lots give back their room, and each
    /// place of each new lot (fewest bidders with room first) goes to the bidder it fits most
    /// tightly, or to one that a lot of this group (not in `old`) moves away from to make room.
    /// On failure the market and the other lots' awards are as before, and the error names the
    /// new lot.
    fn award_new(&mut self, market: &mut Market, old: &[usize], new: &[Candidate]) -> Result<Vec<Holders>, usize> {
        for &i in old {
            market.release_all(&self.award[i], &self.lots[i]);
        }
        let mut order: Vec<usize> = (0..new.len()).collect();
        sort::by_key(&mut order, |&n| (market.room(&new[n]), std::cmp::Reverse(new[n].value.to_bits()), n));
        let mut got = vec![Holders::new(); new.len()];
        let mut moved: Vec<(Moved, usize, usize)> = Vec::new();
        let mut failed = None;
        'lots: for n in order {
            let share = market.share(&new[n]);
            for _ in 0..market.places(&new[n]) {
                let holders = &got[n];
                match market
                    .pick(&new[n], holders)
                    .or_else(|| self.make_room(market, old, &new[n], holders, &mut moved))
                {
                    Some(j) => {
                        market.take(j, share);
                        got[n].push(j);
                    }
                    None => {
                        failed = Some(n);
                        break 'lots;
                    }
                }
            }
            sort::sort(&mut got[n]);
        }
        let Some(failed) = failed else { return Ok(got) };
        // Undo: the new lots' awards, the moves, and the old lots' awards.
        for (n, holders) in got.iter().enumerate() {
            market.release_all(holders, &new[n]);
        }
        for &(q, from, to) in moved.iter().rev() {
            let (lot, award) = match q {
                Moved::Here(q) => (&self.lots[q], &mut self.award[q]),
                Moved::Elsewhere(q) => (&self.elsewhere.lots[q], &mut self.elsewhere.award[q]),
            };
            let share = market.share(lot);
            market.release(to, share);
            market.take(from, share);
            swap_holder(award, to, from);
        }
        for &i in old {
            market.take_all(&self.award[i], &self.lots[i]);
        }
        Err(failed)
    }

    /// Moves one awarded place of a lot (of this group but not in `old`, or of another group)
    /// from a credible bidder of `lot` (not one of `except`) to another bidder of that lot, so
    /// that the first can take a place in `lot`; returns that bidder (not yet charged) and
    /// records the move in `moved` as (lot, from, to). This group's lots are tried first.
    fn make_room(
        &mut self,
        market: &mut Market,
        old: &[usize],
        lot: &Candidate,
        except: &[usize],
        moved: &mut Vec<(Moved, usize, usize)>,
    ) -> Option<usize> {
        let here =
            (0..self.lots.len()).filter(|q| !old.contains(q)).map(|q| (Moved::Here(q), &self.lots[q], &self.award[q]));
        let elsewhere = (self.elsewhere.lots.iter().zip(&self.elsewhere.award))
            .enumerate()
            .map(|(q, (other, holders))| (Moved::Elsewhere(q), other, holders));
        let (q, j, x) = super::market::room_by_moving(market, here, lot, except)
            .or_else(|| super::market::room_by_moving(market, elsewhere, lot, except))?;
        let holders = match q {
            Moved::Here(q) => &mut self.award[q],
            Moved::Elsewhere(q) => &mut self.elsewhere.award[q],
        };
        swap_holder(holders, j, x);
        moved.push((q, j, x));
        Some(j)
    }

    /// The market as it would be with the lots `lots` given back (`None` without a market).
    fn room_without(&self, lots: &[usize]) -> Option<Market> {
        self.market.as_ref().map(|market| {
            let mut market = market.clone();
            for &l in lots {
                market.release_all(&self.award[l], &self.lots[l]);
            }
            market
        })
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

    /// Merges lot `i` into the neighbouring lot that keeps the most bidders (with a market,
    /// the best merge that can be awarded).
    fn merge_best(&mut self, i: usize) -> bool {
        let mut merges: Vec<(usize, Candidate)> = self
            .adjacent(i)
            .into_iter()
            .filter_map(|j| {
                let segments = [self.lots[i].segments.as_slice(), self.lots[j].segments.as_slice()].concat();
                lot_of(self.prep, segments, self.limits).map(|lot| (j, lot))
            })
            .collect();
        sort::by_key(&mut merges, |(j, lot)| (std::cmp::Reverse(lot.bidders), *j));
        merges.into_iter().any(|(j, lot)| self.replace(&[i, j], vec![lot]))
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
        self.replace(&old, grown.into_iter().map(|(_, lot)| lot).collect())
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
        self.replace(&old, new)
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
        self.replace(&[i, j], vec![kept, grown])
    }

    /// The region around lot `i`: it, its neighbouring lots (smallest first), then theirs,
    /// while the region stays within `size` lots and the segment limit.
    fn region(&self, i: usize, size: usize) -> Vec<usize> {
        self.region_within(i, size, REGION_SEGMENTS << self.widened)
    }

    /// [`Search::region`] with at most `segments` segments.
    fn region_within(&self, i: usize, size: usize, segments: usize) -> Vec<usize> {
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
                if count + self.lots[j].segments.len() <= segments {
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
        let aim = floor.map_or(Aim::Fewer, Aim::Thicker);
        let mut size = REGION_LOTS << self.widened;
        while size >= 2 || (size == 1 && self.lots[i].value < self.limits.v_min) {
            if Instant::now() >= deadline {
                return false;
            }
            let lots = self.region(i, size);
            match self.replan_region(&lots, aim, deadline) {
                Some(changed) => return changed,
                None => size = lots.len().saturating_sub(1),
            }
        }
        false
    }

    /// Lists every feasible lot inside the region of `lots` and re-plans it by exact cover as
    /// `aim` says. With a market, only lots that a bidder with room could win (once the region's
    /// lots give theirs back) are used, and a cover whose lots cannot all be awarded together
    /// is tried again without the lot that failed. `Some(true)` when the plan changed; `None`
    /// when the region has too many possible lots to list or time ran out.
    fn replan_region(&mut self, lots: &[usize], aim: Aim, deadline: Instant) -> Option<bool> {
        let mut segments: Vec<usize> = lots.iter().flat_map(|&l| self.lots[l].segments.iter().copied()).collect();
        sort::sort(&mut segments);
        let enumerated = Enumerator::new(self.prep, self.limits)
            .max_candidates(REGION_CANDIDATES)
            .max_steps(REGION_LIST_STEPS)
            .deadline(Some(deadline))
            .run(&segments);
        trace!(
            "replan {aim:?} region {} lots {} segs -> {:?}",
            lots.len(),
            segments.len(),
            enumerated.as_ref().map(|c| c.len())
        );
        let cands = enumerated.ok()?;
        let valid_now = lots.iter().all(|&l| self.lots[l].value >= self.limits.v_min);
        let room = self.room_without(lots);
        let mut cols: Vec<usize> = (0..cands.len())
            .filter(|&c| match aim {
                Aim::Thicker(t) => cands[c].bidders > t,
                Aim::Other => lots.iter().all(|&l| self.lots[l].segments != cands[c].segments),
                Aim::Fewer | Aim::Awarded => true,
            })
            .filter(|&c| room.as_ref().is_none_or(|m| m.can_place(&cands[c])))
            .collect();
        // Fewer lots than now; raising the floor, no more than now; awarding, any number.
        let below = match aim {
            Aim::Fewer if valid_now => lots.len(),
            Aim::Awarded => segments.len() + 1,
            _ => lots.len() + 1,
        };
        for _ in 0..AWARD_RETRIES {
            let found = heuristic::cover(
                &cands,
                &segments,
                &cols,
                self.limits.v_max.min(self.prep.v_max_of(&segments)),
                &self.prep.value,
                None,
                1,
                below,
                REGION_STEPS,
                deadline,
            );
            let Some(best) = found.best.filter(|b| b.len() < below) else { return Some(false) };
            let new: Vec<Candidate> = best.iter().map(|&c| cands[c].clone()).collect();
            match self.try_replace(lots, new) {
                Ok(()) => return Some(true),
                Err(n) => cols.retain(|&c| c != best[n]),
            }
        }
        Some(false)
    }

    /// Removes lots while some move does: cheap moves (dissolve the smallest lots, merge
    /// neighbours), then exact re-plans around each lot in turn, in larger regions when stuck.
    fn fewer(&mut self, bound: u32, deadline: Instant, report: &mut Report) {
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
                // Then squeeze a lot out where lots are too large to re-plan, smallest first.
                let mut order: Vec<usize> = (0..self.lots.len()).collect();
                sort::by(&mut order, |&a, &b| self.lots[a].value.total_cmp(&self.lots[b].value).then(a.cmp(&b)));
                for i in order {
                    if Instant::now() >= deadline || self.squeeze(i, deadline) {
                        break;
                    }
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
                if self.widened < self.widenings {
                    self.widened += 1;
                    continue;
                }
                break;
            }
            report(&self.lots, &self.award, &self.elsewhere);
        }
    }

    /// Removes lot `i` by handing its segments to the lots around it even past their limits and
    /// moving boundary segments between those lots until each keeps its limits again
    /// ([`super::squeeze`]). True when the plan has one lot fewer; new lots the running award
    /// refused are kept, with the rest of the plan, for [`Search::take_refused`].
    fn squeeze(&mut self, i: usize, deadline: Instant) -> bool {
        let lots = self.region_within(i, SQUEEZE_LOTS << self.widened, SQUEEZE_SEGMENTS << self.widened);
        if lots.len() < 2 {
            return false;
        }
        let sets: Vec<&[usize]> = lots.iter().map(|&l| self.lots[l].segments.as_slice()).collect();
        let key = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            sets.hash(&mut hasher);
            lots.iter().for_each(|&l| self.award[l].hash(&mut hasher));
            hasher.finish()
        };
        if self.squeezed.contains(&key) {
            return false;
        }
        let steps = 2 * sets.iter().map(|s| s.len()).sum::<usize>() + 50;
        let new = super::squeeze::squeeze(self.prep, self.limits, &sets, 0, steps, deadline).and_then(|sets| {
            sets.into_iter()
                .map(|set| {
                    let whole = connected(self.prep, &set);
                    lot_of(self.prep, set, self.limits).filter(|lot| whole && lot.value >= self.limits.v_min)
                })
                .collect::<Option<Vec<Candidate>>>()
        });
        let Some(new) = new else {
            self.squeezed.insert(key);
            return false;
        };
        trace!("squeeze: {} lots -> {}", lots.len(), new.len());
        if self.replace(&lots, new.clone()) {
            return true;
        }
        self.squeezed.insert(key);
        // The award refused the new lots: keep the plan with them for an award afresh.
        if self.market.is_some() {
            let mut plan: Vec<Candidate> =
                (0..self.lots.len()).filter(|l| !lots.contains(l)).map(|l| self.lots[l].clone()).collect();
            plan.extend(new);
            self.refused = Some(plan);
        }
        false
    }

    /// A plateau move for a stuck search: re-plans the region around the next lot (from the
    /// cursor) with as many lots at most, none of them one of the region's current lots, so
    /// that later moves see a different plan. False when no region could be changed.
    fn shake(&mut self, deadline: Instant) -> bool {
        let n = self.lots.len();
        for step in 0..n {
            if Instant::now() >= deadline {
                return false;
            }
            let i = (self.cursor + step) % n;
            let lots = self.region_within(i, REGION_LOTS, REGION_SEGMENTS);
            if lots.len() < 2 {
                continue;
            }
            if self.replan_region(&lots, Aim::Other, deadline) == Some(true) {
                self.cursor = (i + 1) % self.lots.len().max(1);
                return true;
            }
        }
        false
    }

    /// Lets regions double `more` times beyond the usual once the search is stuck: for time left
    /// over after a search that stopped with nothing more to try at the usual sizes.
    pub fn wider(&mut self, more: u32) {
        self.widenings = WIDENINGS + more;
    }

    /// Improves the plan until `deadline`, or until it has `bound` lots and its thinnest lot
    /// has `t_cap` bidders (nothing can then be better). `report` hears of every improvement,
    /// with the running award (no holders without a market).
    pub fn improve(&mut self, bound: u32, t_cap: u32, deadline: Instant, report: &mut Report) {
        // Fewer lots first; when stuck, shake a region up (as many lots, but other ones) and try
        // again from there, for most of the time (the rest raises the thinnest competition).
        let now = Instant::now();
        let shaking = now + deadline.saturating_duration_since(now).mul_f64(SHAKE_SHARE);
        let mut best: Option<Snapshot> = None;
        loop {
            self.fewer(bound, deadline, report);
            if best.as_ref().is_none_or(|b| super::better(super::score(&self.lots), super::score(&b.0))) {
                best = Some((self.lots.clone(), self.award.clone(), self.market.clone(), self.elsewhere.award.clone()));
            }
            if self.lots.len() as u32 <= bound || Instant::now() >= shaking || !self.shake(shaking) {
                break;
            }
            self.widened = 0;
        }
        // A shake may leave a plan as short but thinner: go back to the best seen.
        if let Some((lots, award, market, elsewhere)) =
            best.filter(|b| super::better(super::score(&b.0), super::score(&self.lots)))
        {
            self.lots = lots;
            self.award = award;
            self.market = market;
            self.elsewhere.award = elsewhere;
            self.owner.iter_mut().for_each(|o| *o = NONE);
            self.reindex();
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
            report(&self.lots, &self.award, &self.elsewhere);
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
    fn a_squeeze_the_award_refuses_changes_nothing_and_is_kept_for_a_fresh_award() {
        // Seven localities in a line, A-G, at most 10 a lot, k = 1. Lots {G} (2), {A, B, C} (6)
        // and {D, E, F} (9). S1 serves all with capacity 16 and holds {A, B, C} and {G}; S3
        // serves D-G with capacity 9 and holds {D, E, F}. Squeezing G's lot out gives
        // {A, B, C, D} (7) and {E, F, G} (10): valid lots, but only S1 can take either, and not
        // both.
        let values = [("A", 2), ("B", 2), ("C", 2), ("D", 1), ("E", 4), ("F", 4), ("G", 2)];
        let segments: Vec<String> = values
            .iter()
            .map(|(id, v)| format!(r#"{{"id": "{id}", "service_area": "F", "locality": "{id}", "value": {v}}}"#))
            .collect();
        let problem = LotProblem::from_json(&format!(
            r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 10, "k": 1, "m": 4}},
            "localities": ["A", "B", "C", "D", "E", "F", "G"],
            "adjacency": [["A", "B"], ["B", "C"], ["C", "D"], ["D", "E"], ["E", "F"], ["F", "G"]],
            "service_areas": [{{"code": "F"}}], "segments": [{}],
            "suppliers": [{{"id": "S1", "capacity": 16, "service_areas": ["F"], "localities": ["A", "B", "C", "D", "E", "F", "G"]}},
                          {{"id": "S3", "capacity": 9, "service_areas": ["F"], "localities": ["D", "E", "F", "G"]}}]}}"#,
            segments.join(",")
        ))
        .unwrap();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 10.0, k: 1 };
        let lots: Vec<Candidate> =
            [vec![6], vec![0, 1, 2], vec![3, 4, 5]].into_iter().map(|s| lot_of(&prep, s, limits).unwrap()).collect();
        let mut market = Market::new(&prep);
        for (j, lot) in [(0, &lots[0]), (0, &lots[1]), (1, &lots[2])] {
            market.take(j, lot.value);
        }
        let award = vec![vec![0], vec![0], vec![1]];
        let mut search = Search::with_market(&prep, limits, lots, award, market);
        assert!(!search.squeeze(0, Instant::now() + std::time::Duration::from_secs(5)));
        assert_eq!(search.lots.len(), 3, "the plan is as it was");
        let mut refused: Vec<Vec<usize>> =
            search.take_refused().expect("the refused plan").into_iter().map(|l| l.segments).collect();
        crate::base::sort::sort(&mut refused);
        assert_eq!(refused, vec![vec![0, 1, 2, 3], vec![4, 5, 6]]);
        // Without a market nothing stops it.
        let lots = search.lots.clone();
        let mut plain = Search::from_lots(&prep, limits, lots);
        assert!(plain.squeeze(0, Instant::now() + std::time::Duration::from_secs(5)));
        assert_eq!((plain.lots.len(), plain.take_refused().is_none()), (2, true));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn room_for_a_squeeze_is_made_by_moving_another_groups_lot() {
        // Seven localities in a line, A-G, at most 10 a lot, k = 1, as above, and one segment X of
        // another service area (H) at A, worth 4, in another group's lot. S1 serves everything
        // with capacity 20 and holds {A, B, C} (6), {G} (2) and X's lot (4); S2 serves F at D-G
        // with capacity 9 and holds {D, E, F} (9); S3 serves H at A only, with capacity 9.
        // Squeezing G's lot out gives {A, B, C, D} (7) and {E, F, G} (10), which only S1 can
        // take: 17 of its 20 once X's lot, which S3 can take, goes to S3.
        let values = [("A", 2), ("B", 2), ("C", 2), ("D", 1), ("E", 4), ("F", 4), ("G", 2)];
        let mut segments: Vec<String> = values
            .iter()
            .map(|(id, v)| format!(r#"{{"id": "{id}", "service_area": "F", "locality": "{id}", "value": {v}}}"#))
            .collect();
        segments.push(r#"{"id": "X", "service_area": "H", "locality": "A", "value": 4}"#.into());
        let problem = LotProblem::from_json(&format!(
            r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 10, "k": 1, "m": 4}},
            "localities": ["A", "B", "C", "D", "E", "F", "G"],
            "adjacency": [["A", "B"], ["B", "C"], ["C", "D"], ["D", "E"], ["E", "F"], ["F", "G"]],
            "service_areas": [{{"code": "F"}}, {{"code": "H"}}], "segments": [{}],
            "suppliers": [{{"id": "S1", "capacity": 20, "service_areas": ["F", "H"], "localities": ["A", "B", "C", "D", "E", "F", "G"]}},
                          {{"id": "S2", "capacity": 9, "service_areas": ["F"], "localities": ["D", "E", "F", "G"]}},
                          {{"id": "S3", "capacity": 9, "service_areas": ["H"], "localities": ["A"]}}]}}"#,
            segments.join(",")
        ))
        .unwrap();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 10.0, k: 1 };
        let lot = |s: Vec<usize>| lot_of(&prep, s, limits).unwrap();
        let start = || {
            let lots = vec![lot(vec![6]), lot(vec![0, 1, 2]), lot(vec![3, 4, 5])];
            let x = lot(vec![7]);
            let mut market = Market::new(&prep);
            for (j, lot) in [(0, &lots[0]), (0, &lots[1]), (1, &lots[2]), (0, &x)] {
                market.take(j, lot.value);
            }
            let search = Search::with_market(&prep, limits, lots, vec![vec![0], vec![0], vec![1]], market);
            (search, Elsewhere { lots: vec![x], award: vec![vec![0]] })
        };
        let deadline = || Instant::now() + std::time::Duration::from_secs(5);
        // Without the other group's lots the award refuses the squeeze.
        let (mut alone, _) = start();
        assert!(!alone.squeeze(0, deadline()));
        assert_eq!(alone.lots.len(), 3);
        // With them, X's lot moves to S3 and S1 takes both new lots.
        let (search, elsewhere) = start();
        let mut search = search.with_elsewhere(elsewhere);
        assert!(search.squeeze(0, deadline()));
        assert_eq!(search.take_elsewhere(), vec![vec![2]], "X's lot is now S3's");
        let (lots, award, market) = search.into_parts();
        let mut got: Vec<(Vec<usize>, Holders)> = lots.into_iter().map(|l| l.segments).zip(award).collect();
        sort::sort(&mut got);
        assert_eq!(got, vec![(vec![0, 1, 2, 3], vec![0]), (vec![4, 5, 6], vec![0])]);
        let market = market.unwrap();
        assert!(market.fits(0, 3.0) && !market.fits(0, 3.5), "S1 has 3 of its 20 left");
        assert!(market.fits(2, 5.0) && !market.fits(2, 5.5), "S3 has 5 of its 9 left");
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
    fn a_lot_whose_bidders_have_no_room_is_split_for_suppliers_with_room() {
        // A-B-C-D worth 1 each, at most one lot per supplier. Only S1 (capacity 4) can take the
        // whole line, and it has already won a lot elsewhere; S2 and S3 can take 2 each.
        let problem = LotProblem::from_json(
            r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 4, "k": 1, "m": 1},
            "localities": ["A", "B", "C", "D"], "adjacency": [["A", "B"], ["B", "C"], ["C", "D"]],
            "service_areas": [{"code": "F"}],
            "segments": [{"id": "A", "service_area": "F", "locality": "A", "value": 1},
                         {"id": "B", "service_area": "F", "locality": "B", "value": 1},
                         {"id": "C", "service_area": "F", "locality": "C", "value": 1},
                         {"id": "D", "service_area": "F", "locality": "D", "value": 1}],
            "suppliers": [{"id": "S1", "capacity": 4, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
                          {"id": "S2", "capacity": 2, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]},
                          {"id": "S3", "capacity": 2, "service_areas": ["F"], "localities": ["A", "B", "C", "D"]}]}"#,
        )
        .unwrap();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 4.0, k: 1 };
        let mut market = Market::new(&prep);
        market.take(0, 1.0); // S1's one lot
        let whole = lot_of(&prep, vec![0, 1, 2, 3], limits).unwrap();
        assert_eq!(whole.bidders, 1);
        let mut search = Search::with_market(&prep, limits, vec![whole.clone()], vec![Holders::new()], market.clone());
        // Awarding the line as it is fails, and changes nothing.
        assert!(!search.replace(&[0], vec![whole]));
        assert_eq!((search.lots.len(), search.award.as_slice()), (1, [Holders::new()].as_slice()));
        assert!(search.settle(Instant::now() + std::time::Duration::from_secs(5)));
        let (lots, award, left) = search.into_parts();
        let mut got: Vec<(Vec<usize>, Holders)> = lots.iter().map(|l| l.segments.clone()).zip(award).collect();
        sort::sort(&mut got);
        assert_eq!(got, vec![(vec![0, 1], vec![1]), (vec![2, 3], vec![2])], "two halves, one to S2 and one to S3");
        // The market now holds both awards: nobody has room for anything more.
        let left = left.unwrap();
        assert!((0..3).all(|j| !left.fits(j, 1.0)));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn award_aware_moves_keep_every_lot_awarded() {
        // The line of `line()` (m = 4) in four lots: {A} and {B} won by S4, {C} and {D} by S3;
        // S1 and S2 (renumbered 0 and 1) have won four lots elsewhere. {B, C} has S1 and S2
        // only as bidders, so that move is refused; {A, B} can go to S4.
        let problem = line();
        let prep = Prepared::new(&problem);
        let limits = Limits { v_min: 1.0, v_max: 3.0, k: 2 };
        let (s3, s4) = (2, 3);
        let mut market = Market::new(&prep);
        for _ in 0..4 {
            market.take(0, 1.0);
            market.take(1, 1.0);
        }
        let lots: Vec<Candidate> = (0..4).map(|s| lot_of(&prep, vec![s], limits).unwrap()).collect();
        for (lot, j) in lots.iter().zip([s4, s4, s3, s3]) {
            market.take(j, lot.value);
        }
        let mut search = Search::with_market(&prep, limits, lots, [s4, s4, s3, s3].map(|j| vec![j]).to_vec(), market);
        let bc = lot_of(&prep, vec![1, 2], limits).unwrap();
        assert_eq!(bc.bidders, 2);
        assert!(!search.replace(&[1, 2], vec![bc]), "S1 and S2 have no lot left to win");
        assert_eq!(search.lots.len(), 4);
        assert!(search.merge_best(0), "{{A, B}} can go to S4");
        assert_eq!(search.lots.len(), 3);
        let ab = search.lots.iter().position(|l| l.segments == [0, 1]).unwrap();
        assert_eq!(search.award[ab], vec![s4]);
        assert!(search.award.iter().all(|h| !h.is_empty()));
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
