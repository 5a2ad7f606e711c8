//! Exact cover by dancing links (Knuth's Algorithm X) with branch and bound on the number of
//! lots. It always branches on the segment with the fewest remaining lots that could hold it,
//! tries larger lots first, and prunes with the volume bound `ceil(value left / v_max)`.
//! Given segment weights from the linear relaxation ([`super::dual`]), it tries the heaviest
//! lots first and also prunes with `ceil(weight left)`, which is much stronger.
//!
//! Run to completion it is exact (the fewest lots that cover every segment exactly once);
//! stopped at its step budget it still returns the best cover found, which the integer
//! program then tries to improve or prove.

use crate::base::sort;
use std::collections::HashMap;

use web_time::Instant;

use super::enumerate::Candidate;

/// The outcome of a cover search.
pub(crate) struct Cover {
    /// The best cover found (candidate indices), if any.
    pub best: Option<Vec<usize>>,
    /// True when the search ran to completion: `best` is then optimal (or `None` proves that no
    /// cover with fewer than `below` lots exists).
    pub complete: bool,
}

/// Fewest candidates from `cols` covering each of `segments` exactly once, looking only for
/// covers with fewer than `below` lots and at least `from` (a proven lower bound), within
/// `step_limit` branching steps in all. `weights` (per segment, no lot of `cols` weighing more
/// than 1) give a second, usually stronger bound on the lots still needed.
///
/// Iterative deepening: it asks "is there a cover with d lots?" for d = max(from, volume
/// bound), d + 1, ..., so the first cover found is the smallest. When the budget runs out
/// first, a plain depth-first search looks for any cover, which is then not proven.
#[allow(clippy::too_many_arguments)]
pub(crate) fn cover(
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    v_max: f64,
    values: &[f64],
    weights: Option<&[f64]>,
    from: usize,
    below: usize,
    step_limit: usize,
    deadline: Instant,
) -> Cover {
    let mut dlx = Dlx::new(cands, segments, cols, values, weights);
    dlx.v_max = v_max;
    dlx.step_limit = step_limit;
    dlx.deadline = deadline;
    let left = Left {
        value: segments.iter().map(|&s| values[s]).sum(),
        weight: weights.map_or(0.0, |w| segments.iter().map(|&s| w[s]).sum()),
    };
    let deepest = segments.len().min(below.saturating_sub(1));
    for depth in from.max(dlx.lots_needed(left))..=deepest {
        dlx.best_len = depth + 1;
        dlx.search(left);
        if dlx.best.is_some() || dlx.steps > dlx.step_limit {
            break;
        }
    }
    if dlx.best.is_none() && dlx.steps > dlx.step_limit {
        // No answer within the budget at small depths: settle for any cover, unproven.
        dlx.best_len = below;
        dlx.steps = 0;
        dlx.search(left);
        return Cover { best: dlx.best, complete: false };
    }
    Cover { best: dlx.best, complete: dlx.steps <= dlx.step_limit }
}

/// What the uncovered segments add up to.
#[derive(Debug, Clone, Copy)]
struct Left {
    value: f64,
    weight: f64,
}

struct Dlx {
    left: Vec<usize>,
    right: Vec<usize>,
    up: Vec<usize>,
    down: Vec<usize>,
    /// Header (1-based segment position) of each node; 0 is the root.
    head: Vec<usize>,
    /// Candidate index of each node.
    row: Vec<usize>,
    /// Value and weight of the lot of each node (0 for headers).
    row_value: Vec<f64>,
    row_weight: Vec<f64>,
    size: Vec<usize>,
    /// Whether rows carry relaxation weights (heaviest first in every list).
    weighted: bool,
    v_max: f64,
    chosen: Vec<usize>,
    best: Option<Vec<usize>>,
    best_len: usize,
    steps: usize,
    step_limit: usize,
    /// The search also stops here, whatever its step budget.
    deadline: Instant,
    /// Each candidate by its sorted header positions, to finish a cover in one look-up.
    by_heads: HashMap<Vec<usize>, usize>,
}

impl Dlx {
    fn new(cands: &[Candidate], segments: &[usize], cols: &[usize], values: &[f64], weights: Option<&[f64]>) -> Dlx {
        let h = segments.len();
        let mut position = vec![usize::MAX; values.len()];
        for (i, &s) in segments.iter().enumerate() {
            position[s] = i + 1;
        }
        let mut d = Dlx {
            left: (0..=h).map(|i| if i == 0 { h } else { i - 1 }).collect(),
            right: (0..=h).map(|i| if i == h { 0 } else { i + 1 }).collect(),
            up: (0..=h).collect(),
            down: (0..=h).collect(),
            head: (0..=h).collect(),
            row: vec![usize::MAX; h + 1],
            row_value: vec![0.0; h + 1],
            row_weight: vec![0.0; h + 1],
            size: vec![0; h + 1],
            weighted: weights.is_some(),
            v_max: f64::INFINITY,
            chosen: Vec::new(),
            best: None,
            best_len: usize::MAX,
            steps: 0,
            step_limit: usize::MAX,
            deadline: Instant::now() + std::time::Duration::from_secs(3600),
            by_heads: HashMap::with_capacity(cols.len()),
        };
        // Larger lots first; with weights, heaviest (least wasteful) first, so that each
        // segment's list is in falling weight and a search can stop at the first too light.
        let weight = |c: usize| weights.map_or(0.0, |w| cands[c].segments.iter().map(|&s| w[s]).sum::<f64>());
        let mut order: Vec<usize> = cols.to_vec();
        sort::by(&mut order, |&a, &b| {
            weight(b).total_cmp(&weight(a)).then(cands[b].segments.len().cmp(&cands[a].segments.len())).then(a.cmp(&b))
        });
        for c in order {
            let mut heads: Vec<usize> = cands[c].segments.iter().map(|&s| position[s]).collect();
            sort::sort(&mut heads);
            let value = cands[c].segments.iter().map(|&s| values[s]).sum();
            d.add_row(c, heads.iter().copied(), Left { value, weight: weight(c) });
            d.by_heads.entry(heads).or_insert(c);
        }
        d
    }

    fn add_row(&mut self, c: usize, heads: impl Iterator<Item = usize>, total: Left) {
        let first = self.head.len();
        for h in heads {
            if h == usize::MAX {
                continue; // a segment outside this block: never happens for block columns
            }
            let n = self.head.len();
            self.head.push(h);
            self.row.push(c);
            self.row_value.push(total.value);
            self.row_weight.push(total.weight);
            let last = self.up[h];
            self.up.push(last);
            self.down.push(h);
            self.down[last] = n;
            self.up[h] = n;
            self.size[h] += 1;
            if n == first {
                self.left.push(n);
                self.right.push(n);
            } else {
                let prev = self.left[first];
                self.left.push(prev);
                self.right.push(first);
                self.right[prev] = n;
                self.left[first] = n;
            }
        }
    }

    fn cover_head(&mut self, c: usize) {
        let (l, r) = (self.left[c], self.right[c]);
        self.right[l] = r;
        self.left[r] = l;
        let mut i = self.down[c];
        while i != c {
            let mut j = self.right[i];
            while j != i {
                let (u, d) = (self.up[j], self.down[j]);
                self.down[u] = d;
                self.up[d] = u;
                self.size[self.head[j]] -= 1;
                j = self.right[j];
            }
            i = self.down[i];
        }
    }

    fn uncover_head(&mut self, c: usize) {
        let mut i = self.up[c];
        while i != c {
            let mut j = self.left[i];
            while j != i {
                self.size[self.head[j]] += 1;
                let (u, d) = (self.up[j], self.down[j]);
                self.down[u] = j;
                self.up[d] = j;
                j = self.left[j];
            }
            i = self.up[i];
        }
        let (l, r) = (self.left[c], self.right[c]);
        self.right[l] = c;
        self.left[r] = c;
    }

    /// Value and weight of the lot of node `r`.
    fn row_total(&self, r: usize) -> Left {
        Left { value: self.row_value[r], weight: self.row_weight[r] }
    }

    /// Counts a branching step; true once the budget or the deadline is spent.
    fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps % 256 == 0 && Instant::now() >= self.deadline {
            self.steps = self.steps.max(self.step_limit + 1);
        }
        self.steps > self.step_limit
    }

    /// The uncovered segment with the fewest lots left that could hold it, and how many; with
    /// weights, counting only lots weighing at least `lightest` (the lists fall in weight).
    fn fewest_options(&self, lightest: f64) -> (usize, usize) {
        let mut best = (self.right[0], usize::MAX);
        let mut j = self.right[0];
        while j != 0 {
            let count = if self.weighted { self.heavy_enough(j, lightest, best.1) } else { self.size[j] };
            if count < best.1 {
                best = (j, count);
                if count == 0 {
                    break;
                }
            }
            j = self.right[j];
        }
        best
    }

    /// Lots in header `h`'s list weighing at least `lightest`, counting no further than `enough`.
    fn heavy_enough(&self, h: usize, lightest: f64, enough: usize) -> usize {
        let mut count = 0;
        let mut r = self.down[h];
        while r != h && count < enough && self.row_weight[r] >= lightest {
            count += 1;
            r = self.down[r];
        }
        count
    }

    /// The segments still uncovered, as sorted header positions.
    fn left(&self) -> Vec<usize> {
        let mut left = Vec::new();
        let mut h = self.right[0];
        while h != 0 {
            left.push(h);
            h = self.right[h];
        }
        sort::sort(&mut left);
        left
    }

    fn record(&mut self, extra: &[usize]) {
        let mut cover = self.chosen.clone();
        cover.extend_from_slice(extra);
        self.best_len = cover.len();
        self.best = Some(cover);
    }

    /// Completes the cover with one lot, or (when `lots` is 2) with two, by candidate look-up.
    fn finish_by_lookup(&mut self, lots: usize) {
        let left = self.left();
        self.step();
        if let Some(&c) = self.by_heads.get(&left) {
            self.record(&[c]);
            return;
        }
        if lots < 2 {
            return;
        }
        // Two lots: one holds the segment with the fewest options; the rest must be the other.
        let (c, _) = self.fewest_options(f64::NEG_INFINITY);
        let mut r = self.down[c];
        while r != c {
            if self.step() {
                return;
            }
            let mut heads = vec![self.head[r]];
            let mut j = self.right[r];
            while j != r {
                heads.push(self.head[j]);
                j = self.right[j];
            }
            sort::sort(&mut heads);
            let rest: Vec<usize> = left.iter().copied().filter(|h| heads.binary_search(h).is_err()).collect();
            if let Some(&other) = self.by_heads.get(&rest) {
                self.record(&[self.row[r], other]);
                return;
            }
            r = self.down[r];
        }
    }

    /// Lots needed at least for what is left: by volume, and by weight when there are weights.
    fn lots_needed(&self, left: Left) -> usize {
        let volume = ((left.value / self.v_max) - 1e-9).ceil().max(1.0) as usize;
        volume.max(super::dual::lots_for(left.weight) as usize)
    }

    fn search(&mut self, left: Left) {
        if self.right[0] == 0 {
            if self.chosen.len() < self.best_len {
                self.best_len = self.chosen.len();
                self.best = Some(self.chosen.clone());
            }
            return;
        }
        if self.chosen.len() + self.lots_needed(left) >= self.best_len || self.steps > self.step_limit {
            return;
        }
        let lots_left = self.best_len - self.chosen.len() - 1;
        if lots_left <= 2 {
            // One or two more lots at most: finish by look-up instead of covering (covering a
            // segment touches every lot that holds it, which is costly with many candidates).
            self.finish_by_lookup(lots_left);
            return;
        }
        // With weights, a lot is worth trying only if what is left after it still fits.
        let lightest = left.weight - (self.best_len - 2 - self.chosen.len()) as f64 - super::dual::SLACK;
        let (c, options) = self.fewest_options(lightest);
        if options == 0 {
            return;
        }
        self.cover_head(c);
        let mut r = self.down[c];
        while r != c {
            if self.step() {
                break;
            }
            let lot = self.row_total(r);
            let after = Left { value: left.value - lot.value, weight: left.weight - lot.weight };
            if self.weighted && self.chosen.len() + 1 + super::dual::lots_for(after.weight) as usize >= self.best_len {
                // Too light, and so is every lot after it in this list.
                break;
            }
            let mut j = self.right[r];
            while j != r {
                self.cover_head(self.head[j]);
                j = self.right[j];
            }
            self.chosen.push(self.row[r]);
            self.search(after);
            self.chosen.pop();
            let mut j = self.left[r];
            while j != r {
                self.uncover_head(self.head[j]);
                j = self.left[j];
            }
            if self.chosen.len() + 1 >= self.best_len {
                break; // no cover through here can beat the one just found
            }
            r = self.down[r];
        }
        self.uncover_head(c);
    }
}
