//! Sorting with one copy of the sort algorithm in the program.
//!
//! Rust's `sort_by` is generic: every element type and every comparison closure gets its own
//! copy of the algorithm, 4-8 KB of WebAssembly each, and Lotwise had about forty (140 KB of the
//! page and 80 KB of the solve worker). These functions sort positions (`usize`) with a
//! comparison called through a reference, so the algorithm exists once, and then move the
//! elements into that order with a few lines of generic code. Like `sort_by` they are stable:
//! equal elements keep their order, so results are exactly those of the standard sorts.
//!
//! # Example
//! ```
//! use lotwise::base::sort;
//! let mut v = vec![(2, 'b'), (1, 'z'), (2, 'a'), (1, 'y')];
//! sort::by_key(&mut v, |p| p.0);
//! assert_eq!(v, [(1, 'z'), (1, 'y'), (2, 'b'), (2, 'a')], "stable");
//! sort::by(&mut v, |a, b| b.1.cmp(&a.1));
//! assert_eq!(v, [(1, 'z'), (1, 'y'), (2, 'b'), (2, 'a')]);
//! let mut words = vec!["pear", "apple", "fig"];
//! sort::sort(&mut words);
//! assert_eq!(words, ["apple", "fig", "pear"]);
//! ```

use std::cmp::Ordering;

/// Sorts `v` by `compare`, stably.
pub fn by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = positions(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    arrange(v, order);
}

/// Sorts `v` by the key `key` gives each element, stably.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The positions `0..n` in the order `compare` gives them (the one copy of the algorithm).
fn positions(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    // The one place the standard sort is called (clippy.toml disallows it elsewhere).
    #[allow(clippy::disallowed_methods)]
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the elements of `v` so that position `k` holds what was at `order[k]`, by following
/// each cycle of the permutation with swaps.
fn arrange<T>(v: &mut [T], order: Vec<usize>) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// Collecting into a `BTreeSet` or `BTreeMap` without the standard library's sort:
/// `collect()` into either sorts the items first (a copy of the sort algorithm for every item
/// type), where inserting them one by one needs none. Same result: the last value of a
/// repeated key is kept, as by `collect()`.
///
/// # Example
/// ```
/// use lotwise::base::sort::CollectTree;
/// let set = ["pear", "apple", "pear"].into_iter().collect_set();
/// assert_eq!(set.into_iter().collect::<Vec<_>>(), ["apple", "pear"]);
/// let map = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect_map();
/// assert_eq!(map.into_iter().collect::<Vec<_>>(), [("a", 2), ("b", 3)]);
/// ```
pub trait CollectTree: Iterator + Sized {
    /// The items as a `BTreeSet`.
    fn collect_set(self) -> std::collections::BTreeSet<Self::Item>
    where
        Self::Item: Ord,
    {
        let mut set = std::collections::BTreeSet::new();
        set.extend(self);
        set
    }

    /// The `(key, value)` items as a `BTreeMap`.
    fn collect_map<K: Ord, V>(self) -> std::collections::BTreeMap<K, V>
    where
        Self: Iterator<Item = (K, V)>,
    {
        let mut map = std::collections::BTreeMap::new();
        map.extend(self);
        map
    }
}

impl<I: Iterator> CollectTree for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 10, 57, 300] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            by(&mut ours, |a, b| a.0.cmp(&b.0));
            #[allow(clippy::disallowed_methods)] // the standard sort, to compare with
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "n = {n}");
        }
    }
}
