//! The market's room while a plan is searched (rule R6): how much capacity each supplier has
//! left and how many more lots it may win, given a running award of the lots found so far.
//!
//! Large problems with tight awards (few suppliers able to take large lots) defeat the plain
//! search: it makes lots as large as it can, so they end up with the same few large bidders,
//! and the plan cannot be awarded. Award-aware search ([`super::search`]) keeps a running award
//! in a [`Market`] shared by every group of segments, and accepts a move only when its new lots
//! can be awarded within the room left. [`partial`] gives the first running award: as many of
//! the quick plans' lots as it can place; the search then re-plans the rest.

use crate::base::sort;

use super::enumerate::Candidate;
use super::prepared::Prepared;

/// Steps of ejection chains per lot when awarding every lot afresh.
const EJECTIONS: usize = 60;
/// Steps for which a lot pushed out of a bidder may not go back to it.
const TABU: usize = 8;

/// The suppliers a lot is awarded to in a running award: one, or the `n` different providers
/// a framework lot appoints (ascending); empty while the lot has no award.
pub(crate) type Holders = Vec<usize>;

/// A rule choosing the bidder for one place of a lot, among those not already holding one.
type Rule = fn(&Market, &Candidate, &[usize]) -> Option<usize>;

/// Capacity left and lots still allowed for each (renumbered) supplier. The default is an
/// empty market, a placeholder while a search holds the real one.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Market {
    left: Vec<f64>,
    /// Lots still allowed for each share of the limit `m` (a supplier's, or its group's).
    slots: Vec<u32>,
    /// The share each supplier draws on.
    slot_of: std::rc::Rc<[usize]>,
    /// Providers each lot holding a segment appoints (1, or `n` for a framework lot).
    appoint: std::rc::Rc<[u32]>,
    /// A supplier that may win nothing for now (while the lots it holds elsewhere are moved
    /// away to make room for a lot only it and a few others can take).
    barred: Option<usize>,
}

impl Market {
    /// Every supplier with all its capacity and `m` lots to win.
    pub fn new(prep: &Prepared) -> Market {
        Market {
            left: prep.award_capacity.clone(),
            slots: vec![prep.problem.params.m; prep.n_slots],
            slot_of: prep.slot_of.clone().into(),
            appoint: prep.appoint.clone().into(),
            barred: None,
        }
    }

    /// Supplier `j` (or nobody, with `None`) may win nothing until barred again otherwise.
    pub fn bar(&mut self, j: Option<usize>) {
        self.barred = j;
    }

    /// Lots supplier `j` may still win.
    fn slots_of(&self, j: usize) -> u32 {
        self.slot_of.get(j).and_then(|&s| self.slots.get(s)).copied().unwrap_or(0)
    }

    /// The providers `lot` appoints: its places in the award.
    pub fn places(&self, lot: &Candidate) -> usize {
        super::prepared::places(&self.appoint, lot) as usize
    }

    /// What each provider of `lot` is charged: its value, or an equal share of a framework lot.
    pub fn share(&self, lot: &Candidate) -> f64 {
        lot.value / self.places(lot) as f64
    }

    /// True when supplier `j` may still win a place worth `value`.
    pub fn fits(&self, j: usize, value: f64) -> bool {
        self.barred != Some(j) && self.slots_of(j) > 0 && self.left[j] + crate::plan::award::TOLERANCE >= value
    }

    /// Supplier `j` wins a place worth `value` (the caller checked [`Market::fits`]).
    pub fn take(&mut self, j: usize, value: f64) {
        self.left[j] -= value;
        self.slots[self.slot_of[j]] -= 1;
    }

    /// Supplier `j` gives back a place worth `value` it had won.
    pub fn release(&mut self, j: usize, value: f64) {
        self.left[j] += value;
        self.slots[self.slot_of[j]] += 1;
    }

    /// The `holders` of `lot` win it.
    pub fn take_all(&mut self, holders: &[usize], lot: &Candidate) {
        let share = self.share(lot);
        holders.iter().for_each(|&j| self.take(j, share));
    }

    /// The `holders` of `lot` give it back.
    pub fn release_all(&mut self, holders: &[usize], lot: &Candidate) {
        let share = self.share(lot);
        holders.iter().for_each(|&j| self.release(j, share));
    }

    /// The credible bidders of `lot` that may still win a place in it.
    pub fn room(&self, lot: &Candidate) -> usize {
        let share = self.share(lot);
        lot.credible.ones().filter(|&j| self.fits(j, share)).count()
    }

    /// True when enough credible bidders of `lot` have room to take all its places (each alone).
    pub fn can_place(&self, lot: &Candidate) -> bool {
        self.room(lot) >= self.places(lot)
    }

    /// Awards every place of `lot` by `rule` (different suppliers for a framework lot's
    /// places), charging the market; `None`, changing nothing, when some place finds no one.
    pub fn place(&mut self, lot: &Candidate, rule: Rule) -> Option<Holders> {
        let share = self.share(lot);
        let mut holders = Holders::new();
        for _ in 0..self.places(lot) {
            let Some(j) = rule(self, lot, &holders) else {
                holders.iter().for_each(|&j| self.release(j, share));
                return None;
            };
            self.take(j, share);
            holders.push(j);
        }
        sort::sort(&mut holders);
        Some(holders)
    }

    /// The bidder for a place in `lot` that it fits most tightly (least capacity left over),
    /// keeping the suppliers with most room for the lots only they can take; ties to the lower
    /// index; none of `except`.
    pub fn pick(&self, lot: &Candidate, except: &[usize]) -> Option<usize> {
        // Room per lot still allowed: the bidder whose average room per lot is nearest above the
        // place's value (then the one with most), so large suppliers' few lots are kept for lots
        // only they can take, and capacity is not stranded behind a spent lot limit.
        let value = self.share(lot);
        let per_lot = |j: usize| self.left[j] / f64::from(self.slots_of(j).max(1));
        lot.credible.ones().filter(|&j| !except.contains(&j) && self.fits(j, value)).min_by(|&a, &b| {
            let (pa, pb) = (per_lot(a), per_lot(b));
            (pa < value)
                .cmp(&(pb < value))
                .then(if pa < value { pb.total_cmp(&pa) } else { pa.total_cmp(&pb) })
                .then(a.cmp(&b))
        })
    }

    /// True when supplier `j`, giving back a place worth `freed`, would have the capacity for
    /// one worth `value` (its lot count is then below `m` in any case).
    pub fn fits_without(&self, j: usize, freed: f64, value: f64) -> bool {
        self.left[j] + freed + crate::plan::award::TOLERANCE >= value
    }

    /// Moves `j`'s place in `other` (held by `holders`) to another of its bidders so that `j`
    /// has room for a place worth `value`; returns who takes it over, or leaves everything as
    /// it was.
    pub fn hand_over(&mut self, j: usize, other: &Candidate, holders: &[usize], value: f64) -> Option<usize> {
        let share = self.share(other);
        self.release(j, share);
        if let Some(x) = self.pick(other, holders) {
            // Checked after x takes the place: x may share j's lot limit (a group).
            self.take(x, share);
            if self.fits(j, value) {
                return Some(x);
            }
            self.release(x, share);
        }
        self.take(j, share);
        None
    }

    /// Like [`Market::pick`], but the bidder left with the least capacity over (ignoring how
    /// many lots it may still win).
    fn pick_tightest(&self, lot: &Candidate, except: &[usize]) -> Option<usize> {
        let value = self.share(lot);
        lot.credible
            .ones()
            .filter(|&j| !except.contains(&j) && self.fits(j, value))
            .min_by(|&a, &b| self.left[a].total_cmp(&self.left[b]).then(a.cmp(&b)))
    }

    /// Like [`Market::pick`], but the bidder with the most room left (spreads the load).
    fn pick_roomiest(&self, lot: &Candidate, except: &[usize]) -> Option<usize> {
        let value = self.share(lot);
        lot.credible
            .ones()
            .filter(|&j| !except.contains(&j) && self.fits(j, value))
            .max_by(|&a, &b| self.left[a].total_cmp(&self.left[b]).then(b.cmp(&a)))
    }
}

/// Replaces `from` by `to` among a lot's holders, keeping them in order.
pub(crate) fn swap_holder(holders: &mut Holders, from: usize, to: usize) {
    if let Some(h) = holders.iter_mut().find(|h| **h == from) {
        *h = to;
    }
    sort::sort(holders);
}

/// A running award of every group's lots: each lot to credible bidders with room (one, or the
/// `n` a framework lot appoints), or no one where not enough are left, with the market that
/// remains. Lots are placed hardest first (fewest bidders, then largest), by three rules
/// (nearest room per lot still allowed, tightest capacity, most room; only `rule` when given,
/// as [`partial`] returned it last time), then by moving one awarded place elsewhere to make
/// room, then (lots awarded to one provider) by ejection chains (perturbed differently in each
/// `round`); the award leaving the least value unawarded is kept, with the rule that gave it.
pub(crate) fn partial(
    prep: &Prepared,
    plans: &[Vec<Candidate>],
    round: u64,
    rule: Option<usize>,
) -> (Market, Vec<Vec<Holders>>, usize) {
    let all: Vec<(usize, usize)> =
        plans.iter().enumerate().flat_map(|(b, p)| (0..p.len()).map(move |i| (b, i))).collect();
    let lot = |&(b, i): &(usize, usize)| &plans[b][i];
    let mut order = all.clone();
    sort::by(&mut order, |x, y| {
        let (a, b) = (lot(x), lot(y));
        a.bidders.cmp(&b.bidders).then(b.value.total_cmp(&a.value)).then(x.cmp(y))
    });
    let mut best: Option<(f64, Market, Vec<Vec<Holders>>, usize)> = None;
    let rules: [Rule; 3] = [Market::pick, Market::pick_tightest, Market::pick_roomiest];
    for (r, rule) in rules.into_iter().enumerate().filter(|&(r, _)| rule.is_none_or(|only| only == r)) {
        let mut market = Market::new(prep);
        let mut award: Vec<Vec<Holders>> = plans.iter().map(|p| vec![Holders::new(); p.len()]).collect();
        for &(b, i) in &order {
            if let Some(holders) = market.place(&plans[b][i], rule) {
                award[b][i] = holders;
            }
        }
        // Make room for each lot left over by moving awarded places to other bidders.
        for &(b, i) in &order {
            if award[b][i].is_empty() {
                award[b][i] = place_making_room(&mut market, plans, &mut award, lot(&(b, i)));
            }
        }
        eject(&mut market, plans, &mut award, EJECTIONS * all.len(), round);
        let unplaced: f64 = all.iter().filter(|&&(b, i)| award[b][i].is_empty()).map(|x| lot(x).value).sum();
        if best.as_ref().is_none_or(|(v, _, _, _)| unplaced < *v) {
            best = Some((unplaced, market, award, r));
        }
    }
    let (_, market, award, r) = best.unwrap_or_else(|| (0.0, Market::new(prep), Vec::new(), 0));
    (market, award, r)
}

/// Room cleared at a bidder for a lot: its cost (lots pushed out with nowhere else to go, lots
/// pushed out, their value), the bidder, and the lots pushed out (group, index).
type Clearing = ((usize, usize, u64), usize, Vec<(usize, usize)>);

/// Ejection chains, for lots awarded to one provider: a lot left over goes to the credible
/// bidder that must give back the fewest (then the least valuable) such lots to take it, and
/// the lots given back look for another bidder in turn, for at most `budget` steps. A lot may
/// not go back at once to a bidder it was just pushed out of, and small deterministic
/// perturbations break ties, so chains do not cycle. Every step keeps the award within
/// capacity and lot limits; lots still left over at the end stay unawarded. Framework lots
/// are neither moved nor placed here.
fn eject(market: &mut Market, plans: &[Vec<Candidate>], award: &mut [Vec<Holders>], budget: usize, round: u64) {
    let mut held: Vec<Vec<(usize, usize)>> = vec![Vec::new(); market.left.len()];
    let mut queue: Vec<(usize, usize)> = Vec::new();
    for (b, awarded) in award.iter().enumerate() {
        for (i, holders) in awarded.iter().enumerate() {
            if market.places(&plans[b][i]) > 1 {
                continue;
            }
            match holders.first() {
                None => queue.push((b, i)),
                Some(&j) => held[j].push((b, i)),
            }
        }
    }
    // (lot, supplier it was pushed out of, step): no going straight back.
    let mut pushed: Vec<((usize, usize), usize, usize)> = Vec::new();
    let mut noise = 0x9e37_79b9_7f4a_7c15u64 ^ round.wrapping_mul(0x2545_f491_4f6c_dd1d);
    for step in 0..budget {
        let Some(u) = queue.pop() else { return };
        let lot = &plans[u.0][u.1];
        if let Some(j) = market.pick(lot, &[]) {
            market.take(j, lot.value);
            award[u.0][u.1] = vec![j];
            held[j].push(u);
            continue;
        }
        // The cheapest bidder to clear room at: fewest lots pushed out, then least value.
        let mut best: Option<Clearing> = None;
        for j in lot.credible.ones() {
            if market.barred == Some(j) || pushed.iter().any(|&(l, from, at)| l == u && from == j && step < at + TABU) {
                continue;
            }
            let mut mine = held[j].clone();
            sort::by(&mut mine, |x, y| plans[x.0][x.1].value.total_cmp(&plans[y.0][y.1].value).then(x.cmp(y)));
            let (mut left, mut slots, mut out) = (market.left[j], market.slots_of(j), Vec::new());
            for q in mine {
                if left >= lot.value && slots > 0 {
                    break;
                }
                left += plans[q.0][q.1].value;
                slots += 1;
                out.push(q);
            }
            if left < lot.value || slots == 0 {
                continue;
            }
            noise ^= noise << 13;
            noise ^= noise >> 7;
            noise ^= noise << 17;
            let value: f64 = out.iter().map(|q| plans[q.0][q.1].value).sum();
            // Lots pushed out that no other bidder has room for now lengthen the chain.
            let stuck = out.iter().filter(|q| market.pick(&plans[q.0][q.1], &[j]).is_none()).count();
            let cost = (stuck, out.len(), (value as u64).saturating_add(noise % 1024));
            if best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, j, out));
            }
        }
        let Some((_, j, out)) = best else { continue };
        for q in out {
            market.release(j, plans[q.0][q.1].value);
            award[q.0][q.1] = Holders::new();
            held[j].retain(|&x| x != q);
            pushed.push((q, j, step));
            queue.insert(0, q);
        }
        pushed.retain(|&(_, _, at)| step < at + TABU);
        market.take(j, lot.value);
        award[u.0][u.1] = vec![j];
        held[j].push(u);
    }
}

/// Awards every place of `lot` where a bidder has room or can be given room by moving one of
/// its awarded places to another of that lot's bidders; the holders, or none (changing
/// nothing) when some place cannot be filled.
fn place_making_room(
    market: &mut Market,
    plans: &[Vec<Candidate>],
    award: &mut [Vec<Holders>],
    lot: &Candidate,
) -> Holders {
    let share = market.share(lot);
    let mut holders = Holders::new();
    let mut moved: Vec<((usize, usize), usize, usize)> = Vec::new();
    for _ in 0..market.places(lot) {
        let j = market.pick(lot, &holders).or_else(|| make_room(market, plans, award, lot, &holders, &mut moved));
        let Some(j) = j else {
            holders.iter().for_each(|&j| market.release(j, share));
            for &((b, q), from, to) in moved.iter().rev() {
                let other = market.share(&plans[b][q]);
                market.release(to, other);
                market.take(from, other);
                swap_holder(&mut award[b][q], to, from);
            }
            return Holders::new();
        };
        market.take(j, share);
        holders.push(j);
    }
    sort::sort(&mut holders);
    holders
}

/// Moves one awarded place from a credible bidder of `lot` (not one of `except`) to another
/// bidder of that place's lot with room, so that the first can take a place in `lot`; returns
/// that bidder (not yet charged) and records the move in `moved` as (lot, from, to).
fn make_room(
    market: &mut Market,
    plans: &[Vec<Candidate>],
    award: &mut [Vec<Holders>],
    lot: &Candidate,
    except: &[usize],
    moved: &mut Vec<((usize, usize), usize, usize)>,
) -> Option<usize> {
    let held: &[Vec<Holders>] = award;
    let places = (plans.iter().zip(held).enumerate()).flat_map(|(b, (plan, held))| {
        (plan.iter().zip(held).enumerate()).map(move |(q, (other, h))| ((b, q), other, h))
    });
    let ((b, q), j, x) = room_by_moving(market, places, lot, except)?;
    swap_holder(&mut award[b][q], j, x);
    moved.push(((b, q), j, x));
    Some(j)
}

/// Room for a place in `lot` at one of its credible bidders `j` (not one of `except`), made by
/// handing a place `j` holds among `places` (each a key, its lot and its holders) to another
/// bidder of that lot with room: the first such move, bidder by bidder. The market is charged
/// for the hand-over (not yet for `j`'s place in `lot`); returns (key, j, the new holder), and
/// the caller puts the new holder in `j`'s place.
pub(crate) fn room_by_moving<'l, K: Copy>(
    market: &mut Market,
    places: impl Iterator<Item = (K, &'l Candidate, &'l Holders)> + Clone,
    lot: &Candidate,
    except: &[usize],
) -> Option<(K, usize, usize)> {
    let value = market.share(lot);
    let barred = market.barred;
    for j in lot.credible.ones().filter(|&j| !except.contains(&j) && barred != Some(j)) {
        for (key, other, holders) in places.clone() {
            if !holders.contains(&j) || !market.fits_without(j, market.share(other), value) {
                continue;
            }
            if let Some(x) = market.hand_over(j, other, holders, value) {
                return Some((key, j, x));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixedbitset::FixedBitSet;

    impl Market {
        /// Suppliers each with their own limit.
        fn of(left: Vec<f64>, slots: Vec<u32>) -> Market {
            let slot_of: Vec<usize> = (0..left.len()).collect();
            Market { left, slots, slot_of: slot_of.into(), appoint: Vec::new().into(), barred: None }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_group_shares_its_lot_limit() {
        // Suppliers 0 and 1 share one limit of 2 lots; supplier 2 has its own.
        let mut market = Market::of(vec![10.0; 3], vec![2, 2]);
        market.slot_of = vec![0, 0, 1].into();
        market.take(0, 1.0);
        market.take(1, 1.0);
        assert!(!market.fits(0, 1.0) && !market.fits(1, 1.0), "the group's two lots are taken");
        assert!(market.fits(2, 1.0));
        market.release(0, 1.0);
        assert!(market.fits(1, 1.0));
    }

    fn lot(value: f64, bidders: &[usize], n: usize) -> Candidate {
        let mut credible = FixedBitSet::with_capacity(n);
        bidders.iter().for_each(|&j| credible.insert(j));
        Candidate { segments: Vec::new(), value, credible, bidders: bidders.len() as u32 }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn room_is_taken_and_given_back() {
        let mut market = Market::of(vec![10.0, 4.0], vec![1, 2]);
        let l = lot(4.0, &[0, 1], 2);
        assert_eq!(market.room(&l), 2);
        assert_eq!(market.pick(&l, &[]), Some(0), "supplier 1 has only 2 a lot left for its two lots");
        assert_eq!(market.pick_tightest(&l, &[]), Some(1));
        assert_eq!(market.pick_roomiest(&l, &[]), Some(0));
        market.take(0, 4.0);
        assert!(!market.fits(0, 1.0), "supplier 0 may win one lot only");
        market.release(0, 4.0);
        assert_eq!(market, Market::of(vec![10.0, 4.0], vec![1, 2]));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_goes_where_room_per_remaining_lot_is_nearest_above_its_value() {
        // Supplier 0: 10 left for 1 lot; supplier 1: 12 left for 3 lots (4 a lot).
        let market = Market::of(vec![10.0, 12.0], vec![1, 3]);
        assert_eq!(market.pick(&lot(4.0, &[0, 1], 2), &[]), Some(1), "4 a lot fits a lot of 4 exactly");
        assert_eq!(market.pick_tightest(&lot(4.0, &[0, 1], 2), &[]), Some(0));
        assert_eq!(market.pick(&lot(9.0, &[0, 1], 2), &[]), Some(0), "only supplier 0 keeps 9 a lot");
        assert_eq!(market.pick(&lot(4.0, &[0, 1], 2), &[1]), Some(0));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_lot_is_placed_by_moving_another() {
        // Supplier 0 (room 10) is the only bidder for the lot of 8; the lot of 5 can move to 1.
        let mut market = Market::of(vec![5.0, 5.0], vec![3, 3]);
        let plans = vec![vec![lot(5.0, &[0, 1], 2), lot(8.0, &[0], 2)]];
        let mut award = vec![vec![vec![0], Holders::new()]];
        assert_eq!(place_making_room(&mut market, &plans, &mut award, &plans[0][1]), vec![0]);
        assert_eq!(award, vec![vec![vec![1], Holders::new()]]);
        assert!(market.fits(0, 2.0) && !market.fits(0, 2.5), "supplier 0 has 2 left after the lot of 8");
        assert!(!market.fits(1, 1.0), "supplier 1 took the lot of 5 with its last 5");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_framework_lot_takes_different_providers_each_charged_its_share() {
        // One segment whose lots appoint 2 providers: a lot of 8 charges 4 to each of two.
        let mut market = Market::of(vec![4.0, 4.0, 3.0], vec![3, 3, 3]);
        market.appoint = vec![2].into();
        let mut framework = lot(8.0, &[0, 1, 2], 3);
        framework.segments = vec![0];
        assert_eq!((market.places(&framework), market.share(&framework)), (2, 4.0));
        assert_eq!(market.room(&framework), 2, "supplier 2 has 3, less than a share");
        assert_eq!(market.place(&framework, Market::pick), Some(vec![0, 1]));
        assert!(!market.can_place(&framework), "no one is left with room for a share");
        assert_eq!(market.place(&framework, Market::pick), None, "and nothing is charged");
        market.release_all(&[0, 1], &framework);
        assert_eq!(market, {
            let mut m = Market::of(vec![4.0, 4.0, 3.0], vec![3, 3, 3]);
            m.appoint = vec![2].into();
            m
        });
    }
}
