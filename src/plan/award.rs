//! Rule R6 on its own: can these lots be awarded, each to one of its credible bidders, with no
//! supplier given more than its capacity or more than `m` lots?
//!
//! An exact depth-first search, small enough for the page to link without the solver: lots
//! are placed most constrained first (fewest bidders, then largest), each to the bidder with
//! the most capacity left first, and a branch is dropped as soon as some lot still to place
//! has no bidder left with room for it. Run to the end it is exact; it stops after a step
//! budget and then says it could not decide (the solver's integer program takes over there).
//!
//! # Example
//! ```
//! use lotwise::plan::award::{find, Award, AwardLot};
//! // Two lots of 6 and 5; supplier 0 can hold 10, supplier 1 can hold 6.
//! let lots = [AwardLot::new(6.0, vec![0, 1]), AwardLot::new(5.0, vec![0])];
//! assert_eq!(find(&lots, &[10.0, 6.0], 3, 1_000), Award::Found(vec![1, 0]));
//! // With at most one lot each and only supplier 0 for both lots, there is none.
//! let lots = [AwardLot::new(1.0, vec![0]), AwardLot::new(1.0, vec![0])];
//! assert_eq!(find(&lots, &[10.0, 6.0], 1, 1_000), Award::Impossible);
//! ```

use crate::base::sort;

/// How far (in pounds) an award may seem to exceed a capacity and still fit: a framework
/// lot's shares are fractions of a pound, whose sums may round either way.
pub const TOLERANCE: f64 = 1e-6;

/// One lot (or one place of a framework lot) to award: its value and its credible bidders
/// (indices into the capacities).
#[derive(Debug, Clone, PartialEq)]
pub struct AwardLot {
    pub value: f64,
    pub bidders: Vec<usize>,
    /// Places with the same key are places of one framework lot: they go to different
    /// suppliers. `None`: a lot awarded to one supplier.
    pub apart: Option<usize>,
}

impl AwardLot {
    /// A lot awarded to one supplier.
    pub fn new(value: f64, bidders: Vec<usize>) -> AwardLot {
        AwardLot { value, bidders, apart: None }
    }
}

/// The places to award for lots given as (value, credible bidders, providers appointed `n`):
/// one place per lot awarded to one provider, `n` places of an equal share each, kept apart,
/// for a framework lot. Places follow their lots' order; a lot's places are consecutive.
pub fn places(lots: impl IntoIterator<Item = (f64, Vec<usize>, u32)>) -> Vec<AwardLot> {
    let mut out = Vec::new();
    for (i, (value, bidders, n)) in lots.into_iter().enumerate() {
        let n = n.max(1);
        let apart = (n > 1).then_some(i);
        for _ in 0..n {
            out.push(AwardLot { value: value / n as f64, bidders: bidders.clone(), apart });
        }
    }
    out
}

/// Splits an award of [`places`] back into the suppliers of each lot, given how many places
/// each lot has (`None` if the award does not have that many places).
pub fn by_lot(award: &[usize], places: impl IntoIterator<Item = u32>) -> Option<Vec<Vec<usize>>> {
    let mut rest = award;
    let mut out = Vec::new();
    for n in places {
        let n = n.max(1) as usize;
        if rest.len() < n {
            return None;
        }
        let (this, after) = rest.split_at(n);
        out.push(this.to_vec());
        rest = after;
    }
    rest.is_empty().then_some(out)
}

/// What the search found.
#[derive(Debug, Clone, PartialEq)]
pub enum Award {
    /// The supplier each lot goes to, in the order the lots were given.
    Found(Vec<usize>),
    /// No award exists (the search ran to the end).
    Impossible,
    /// The step budget ran out first.
    Undecided,
}

/// An award of `lots` within `capacity` (per supplier) and at most `m` lots per supplier,
/// trying at most `max_steps` placements.
pub fn find(lots: &[AwardLot], capacity: &[f64], m: u32, max_steps: usize) -> Award {
    find_within(lots, capacity, &Slots::each(capacity.len(), m), None, max_steps)
}

/// How many lots each share of the lot limit may still take, and whose share each supplier
/// draws on: its own, or its group's when `m` applies per group.
#[derive(Debug, Clone, PartialEq)]
pub struct Slots {
    /// For each supplier, the index of its share in `left`.
    pub of: Vec<usize>,
    /// Lots each share may still take.
    pub left: Vec<u32>,
}

impl Slots {
    /// `m` lots for each of `n` suppliers.
    pub fn each(n: usize, m: u32) -> Slots {
        Slots { of: (0..n).collect(), left: vec![m; n] }
    }

    /// `m` lots for each share, suppliers drawing on the shares `of` (there are `n` shares).
    pub fn shared(of: Vec<usize>, n: usize, m: u32) -> Slots {
        Slots { of, left: vec![m; n] }
    }

    /// Lots supplier `j` may still take.
    pub fn of_supplier(&self, j: usize) -> u32 {
        self.of.get(j).and_then(|&s| self.left.get(s)).copied().unwrap_or(0)
    }

    /// Supplier `j` takes one more lot (never below zero).
    pub fn take(&mut self, j: usize) {
        if let Some(n) = self.of.get(j).and_then(|&s| self.left.get_mut(s)) {
            *n = n.saturating_sub(1);
        }
    }

    /// Supplier `j` gives one lot back.
    pub fn give(&mut self, j: usize) {
        if let Some(n) = self.of.get(j).and_then(|&s| self.left.get_mut(s)) {
            *n += 1;
        }
    }
}

/// [`find`] with a number of lots each supplier may still take (`slots`) and, optionally, a
/// preferred supplier for each lot (tried first, so an award close to an earlier one is found
/// when one exists).
pub fn find_within(
    lots: &[AwardLot],
    capacity: &[f64],
    slots: &Slots,
    prefer: Option<&[usize]>,
    max_steps: usize,
) -> Award {
    let mut order: Vec<usize> = (0..lots.len()).collect();
    // The places of one framework lot share bidders and value, so they stay next to each other.
    sort::by(&mut order, |&a, &b| {
        let (la, lb) = (&lots[a], &lots[b]);
        la.bidders.len().cmp(&lb.bidders.len()).then(lb.value.total_cmp(&la.value)).then(a.cmp(&b))
    });
    let mut search = Search {
        lots,
        order,
        left: capacity.to_vec(),
        slots: slots.clone(),
        prefer,
        award: vec![usize::MAX; lots.len()],
        steps: 0,
        max_steps,
    };
    match search.place(0) {
        Some(true) => Award::Found(search.award),
        Some(false) => Award::Impossible,
        None => Award::Undecided,
    }
}

struct Search<'a> {
    lots: &'a [AwardLot],
    /// Lots in the order they are placed.
    order: Vec<usize>,
    left: Vec<f64>,
    /// How many lots each supplier may still take.
    slots: Slots,
    prefer: Option<&'a [usize]>,
    award: Vec<usize>,
    steps: usize,
    max_steps: usize,
}

impl Search<'_> {
    fn fits(&self, j: usize, value: f64) -> bool {
        self.slots.of_supplier(j) > 0 && self.left[j] >= value - TOLERANCE
    }

    /// The supplier the place before `order[i]` went to, when that place belongs to the same
    /// framework lot: the next place goes to a supplier of a higher index, so that the lot's
    /// providers differ and each set of them is tried once.
    fn after(&self, i: usize) -> Option<usize> {
        let lot = &self.lots[self.order[i]];
        let before = *self.order.get(i.checked_sub(1)?)?;
        (lot.apart.is_some() && self.lots[before].apart == lot.apart).then(|| self.award[before])
    }

    /// Places lots `order[i..]`: `Some(true)` when all are placed, `Some(false)` when they
    /// cannot be, `None` when the budget ran out.
    fn place(&mut self, i: usize) -> Option<bool> {
        let Some(&lot) = self.order.get(i) else { return Some(true) };
        // Every lot still to place needs some bidder with room for it now.
        if self.order[i..].iter().any(|&l| !self.lots[l].bidders.iter().any(|&j| self.fits(j, self.lots[l].value))) {
            return Some(false);
        }
        let value = self.lots[lot].value;
        let after = self.after(i);
        let mut bidders: Vec<usize> = self.lots[lot]
            .bidders
            .iter()
            .copied()
            .filter(|&j| self.fits(j, value) && after.is_none_or(|a| j > a))
            .collect();
        let preferred = self.prefer.and_then(|p| p.get(lot).copied());
        sort::by(&mut bidders, |&a, &b| {
            (Some(b) == preferred)
                .cmp(&(Some(a) == preferred))
                .then(self.left[b].total_cmp(&self.left[a]))
                .then(a.cmp(&b))
        });
        bidders.dedup();
        for j in bidders {
            self.steps += 1;
            if self.steps > self.max_steps {
                return None;
            }
            self.left[j] -= value;
            self.slots.take(j);
            self.award[lot] = j;
            let placed = self.place(i + 1);
            self.left[j] += value;
            self.slots.give(j);
            if placed != Some(false) {
                return placed;
            }
        }
        self.award[lot] = usize::MAX;
        Some(false)
    }
}

/// A small deterministic source of random numbers for tests (xorshift): each call gives a
/// number below its argument.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assignment of lots to bidders, tried one by one.
    fn brute_force(lots: &[AwardLot], capacity: &[f64], m: u32) -> bool {
        fn go(
            lots: &[AwardLot],
            capacity: &[f64],
            m: u32,
            i: usize,
            load: &mut Vec<(f64, u32)>,
            to: &mut Vec<usize>,
        ) -> bool {
            let Some(lot) = lots.get(i) else { return true };
            lot.bidders.iter().any(|&j| {
                let taken = lot.apart.is_some() && (0..i).any(|p| lots[p].apart == lot.apart && to[p] == j);
                if taken || load[j].1 >= m || load[j].0 + lot.value > capacity[j] {
                    return false;
                }
                load[j].0 += lot.value;
                load[j].1 += 1;
                to.push(j);
                let ok = go(lots, capacity, m, i + 1, load, to);
                to.pop();
                load[j].0 -= lot.value;
                load[j].1 -= 1;
                ok
            })
        }
        go(lots, capacity, m, 0, &mut vec![(0.0, 0); capacity.len()], &mut Vec::new())
    }

    fn valid(lots: &[AwardLot], capacity: &[f64], m: u32, award: &[usize]) -> bool {
        let mut load = vec![(0.0, 0u32); capacity.len()];
        let apart =
            lots.iter().zip(award).enumerate().all(|(p, (lot, &j))| {
                lot.apart.is_none() || !(0..p).any(|q| lots[q].apart == lot.apart && award[q] == j)
            });
        apart
            && lots.iter().zip(award).all(|(lot, &j)| {
                load[j].0 += lot.value;
                load[j].1 += 1;
                lot.bidders.contains(&j)
            })
            && load.iter().zip(capacity).all(|(&(v, n), &c)| v <= c + 1e-9 && n <= m)
    }

    /// 2,000 random cases from `seed`, each made by `case_of` (its lots and capacities; then
    /// `m` is drawn), searched and checked against the brute force; both answers must occur.
    fn agrees_with_brute_force(
        seed: u64,
        mut case_of: impl FnMut(&mut dyn FnMut(u64) -> u64) -> (Vec<AwardLot>, Vec<f64>),
    ) {
        let mut next = test_rng(seed);
        let (mut found, mut impossible) = (0, 0);
        for case in 0..2_000 {
            let (lots, capacity) = case_of(&mut next);
            let m = 1 + next(3) as u32;
            let want = brute_force(&lots, &capacity, m);
            match find(&lots, &capacity, m, 1_000_000) {
                Award::Found(award) => {
                    assert!(want, "case {case}: found an award where none exists");
                    assert!(valid(&lots, &capacity, m, &award), "case {case}: {award:?} breaks R6 for {lots:?}");
                    found += 1;
                }
                Award::Impossible => {
                    assert!(!want, "case {case}: missed an award for {lots:?}");
                    impossible += 1;
                }
                Award::Undecided => panic!("case {case}: undecided with a large budget"),
            }
        }
        assert!(found > 200 && impossible > 200, "both answers are exercised: {found} / {impossible}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn matches_brute_force_on_random_cases() {
        agrees_with_brute_force(0x2545_f491_4f6c_dd1d, |next| {
            let suppliers = 1 + next(5) as usize;
            let capacity: Vec<f64> = (0..suppliers).map(|_| (5 + next(30)) as f64).collect();
            let lots = (0..1 + next(7))
                .map(|_| AwardLot::new((1 + next(15)) as f64, (0..suppliers).filter(|_| next(3) > 0).collect()))
                .collect();
            (lots, capacity)
        });
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn framework_lots_match_brute_force_on_random_cases() {
        agrees_with_brute_force(0x9e37_79b9_7f4a_7c15, |next| {
            let suppliers = 2 + next(4) as usize;
            let capacity: Vec<f64> = (0..suppliers).map(|_| (4 + next(20)) as f64).collect();
            let lots = places((0..1 + next(4)).map(|_| {
                let bidders: Vec<usize> = (0..suppliers).filter(|_| next(4) > 0).collect();
                ((2 + next(16)) as f64, bidders, 1 + next(3) as u32)
            }));
            (lots, capacity)
        });
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_framework_lot_goes_to_different_suppliers() {
        // One lot of 8 appointing two: supplier 0 could hold it all, but only half is its share.
        let lots = places([(8.0, vec![0, 1], 2)]);
        assert_eq!(lots.len(), 2);
        assert_eq!(find(&lots, &[8.0, 4.0], 3, 1_000), Award::Found(vec![0, 1]));
        assert_eq!(find(&lots, &[8.0, 3.0], 3, 1_000), Award::Impossible, "supplier 1 lacks room for its half");
        assert_eq!(by_lot(&[0, 1, 2], [2, 1]), Some(vec![vec![0, 1], vec![2]]));
        assert_eq!(by_lot(&[0, 1], [2, 1]), None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_small_budget_is_honest() {
        // Six lots, one supplier with room for five: proving it impossible takes steps.
        let lots: Vec<AwardLot> = (0..6).map(|_| AwardLot::new(1.0, vec![0, 1])).collect();
        assert_eq!(find(&lots, &[3.0, 2.0], 6, 2), Award::Undecided);
        assert_eq!(find(&lots, &[3.0, 2.0], 6, 1_000), Award::Impossible);
        assert_eq!(find(&[], &[1.0], 1, 0), Award::Found(Vec::new()));
    }
}
