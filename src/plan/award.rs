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
//! let lots = [AwardLot { value: 6.0, bidders: vec![0, 1] }, AwardLot { value: 5.0, bidders: vec![0] }];
//! assert_eq!(find(&lots, &[10.0, 6.0], 3, 1_000), Award::Found(vec![1, 0]));
//! // With at most one lot each and only supplier 0 for both lots, there is none.
//! let lots = [AwardLot { value: 1.0, bidders: vec![0] }, AwardLot { value: 1.0, bidders: vec![0] }];
//! assert_eq!(find(&lots, &[10.0, 6.0], 1, 1_000), Award::Impossible);
//! ```

use crate::base::sort;

/// One lot to award: its value and its credible bidders (indices into the capacities).
#[derive(Debug, Clone, PartialEq)]
pub struct AwardLot {
    pub value: f64,
    pub bidders: Vec<usize>,
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
        self.slots.of_supplier(j) > 0 && self.left[j] >= value
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
        let mut bidders: Vec<usize> = self.lots[lot].bidders.iter().copied().filter(|&j| self.fits(j, value)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assignment of lots to bidders, tried one by one.
    fn brute_force(lots: &[AwardLot], capacity: &[f64], m: u32) -> bool {
        fn go(lots: &[AwardLot], capacity: &[f64], m: u32, i: usize, load: &mut Vec<(f64, u32)>) -> bool {
            let Some(lot) = lots.get(i) else { return true };
            lot.bidders.iter().any(|&j| {
                if load[j].1 >= m || load[j].0 + lot.value > capacity[j] {
                    return false;
                }
                load[j].0 += lot.value;
                load[j].1 += 1;
                let ok = go(lots, capacity, m, i + 1, load);
                load[j].0 -= lot.value;
                load[j].1 -= 1;
                ok
            })
        }
        go(lots, capacity, m, 0, &mut vec![(0.0, 0); capacity.len()])
    }

    fn valid(lots: &[AwardLot], capacity: &[f64], m: u32, award: &[usize]) -> bool {
        let mut load = vec![(0.0, 0u32); capacity.len()];
        lots.iter().zip(award).all(|(lot, &j)| {
            load[j].0 += lot.value;
            load[j].1 += 1;
            lot.bidders.contains(&j)
        }) && load.iter().zip(capacity).all(|(&(v, n), &c)| v <= c && n <= m)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn matches_brute_force_on_random_cases() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let (mut found, mut impossible) = (0, 0);
        for case in 0..2_000 {
            let suppliers = 1 + next(5) as usize;
            let capacity: Vec<f64> = (0..suppliers).map(|_| (5 + next(30)) as f64).collect();
            let lots: Vec<AwardLot> = (0..1 + next(7))
                .map(|_| AwardLot {
                    value: (1 + next(15)) as f64,
                    bidders: (0..suppliers).filter(|_| next(3) > 0).collect(),
                })
                .collect();
            let m = 1 + next(3) as u32;
            let want = brute_force(&lots, &capacity, m);
            match find(&lots, &capacity, m, 1_000_000) {
                Award::Found(award) => {
                    assert!(want, "case {case}: found an award where none exists");
                    assert!(valid(&lots, &capacity, m, &award), "case {case}: {award:?} breaks R6");
                    found += 1;
                }
                Award::Impossible => {
                    assert!(!want, "case {case}: missed an award");
                    impossible += 1;
                }
                Award::Undecided => panic!("case {case}: undecided with a large budget"),
            }
        }
        assert!(found > 200 && impossible > 200, "both answers are exercised: {found} / {impossible}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_small_budget_is_honest() {
        // Six lots, one supplier with room for five: proving it impossible takes steps.
        let lots: Vec<AwardLot> = (0..6).map(|_| AwardLot { value: 1.0, bidders: vec![0, 1] }).collect();
        assert_eq!(find(&lots, &[3.0, 2.0], 6, 2), Award::Undecided);
        assert_eq!(find(&lots, &[3.0, 2.0], 6, 1_000), Award::Impossible);
        assert_eq!(find(&[], &[1.0], 1, 0), Award::Found(Vec::new()));
    }
}
