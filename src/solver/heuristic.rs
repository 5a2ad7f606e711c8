//! Exact cover by dancing links (Knuth's Algorithm X) with branch and bound on the number of
//! lots. It always branches on the segment with the fewest remaining lots that could hold it,
//! tries larger lots first, and prunes with the volume bound `ceil(value left / v_max)`.
//!
//! Run to completion it is exact (the fewest lots that cover every segment exactly once);
//! stopped at its step budget it still returns the best cover found, which the integer
//! program then tries to improve or prove.

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
/// covers with fewer than `below` lots, stopping after `step_limit` branching steps.
pub(crate) fn cover(
    cands: &[Candidate],
    segments: &[usize],
    cols: &[usize],
    v_max: f64,
    values: &[f64],
    below: usize,
    step_limit: usize,
) -> Cover {
    let mut dlx = Dlx::new(cands, segments, cols, values);
    dlx.v_max = v_max;
    dlx.best_len = below;
    dlx.step_limit = step_limit;
    let remaining: f64 = segments.iter().map(|&s| values[s]).sum();
    dlx.search(remaining);
    Cover { best: dlx.best, complete: dlx.steps <= dlx.step_limit }
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
    size: Vec<usize>,
    /// Value of each header's segment.
    head_value: Vec<f64>,
    v_max: f64,
    chosen: Vec<usize>,
    best: Option<Vec<usize>>,
    best_len: usize,
    steps: usize,
    step_limit: usize,
}

impl Dlx {
    fn new(cands: &[Candidate], segments: &[usize], cols: &[usize], values: &[f64]) -> Dlx {
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
            size: vec![0; h + 1],
            head_value: std::iter::once(0.0).chain(segments.iter().map(|&s| values[s])).collect(),
            v_max: f64::INFINITY,
            chosen: Vec::new(),
            best: None,
            best_len: usize::MAX,
            steps: 0,
            step_limit: usize::MAX,
        };
        let mut order: Vec<usize> = cols.to_vec();
        order.sort_by(|&a, &b| cands[b].segments.len().cmp(&cands[a].segments.len()).then(a.cmp(&b)));
        for c in order {
            d.add_row(c, cands[c].segments.iter().map(|&s| position[s]));
        }
        d
    }

    fn add_row(&mut self, c: usize, heads: impl Iterator<Item = usize>) {
        let first = self.head.len();
        for h in heads {
            if h == usize::MAX {
                continue; // a segment outside this block: never happens for block columns
            }
            let n = self.head.len();
            self.head.push(h);
            self.row.push(c);
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

    fn search(&mut self, remaining: f64) {
        if self.right[0] == 0 {
            if self.chosen.len() < self.best_len {
                self.best_len = self.chosen.len();
                self.best = Some(self.chosen.clone());
            }
            return;
        }
        let bound = self.chosen.len() + ((remaining / self.v_max) - 1e-9).ceil().max(1.0) as usize;
        if bound >= self.best_len || self.steps > self.step_limit {
            return;
        }
        // The segment with the fewest lots left that could hold it.
        let mut c = self.right[0];
        let mut j = self.right[c];
        while j != 0 {
            if self.size[j] < self.size[c] {
                c = j;
            }
            j = self.right[j];
        }
        if self.size[c] == 0 {
            return;
        }
        self.cover_head(c);
        let mut r = self.down[c];
        while r != c {
            self.steps += 1;
            if self.steps > self.step_limit {
                break;
            }
            let mut value = self.head_value[c];
            let mut j = self.right[r];
            while j != r {
                value += self.head_value[self.head[j]];
                self.cover_head(self.head[j]);
                j = self.right[j];
            }
            self.chosen.push(self.row[r]);
            self.search(remaining - value);
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
