//! Every feasible lot: connected sets of segments with a value within `[v_min, v_max]` and at
//! least `k` credible bidders.
//!
//! Sets are grown one segment at a time with the ESU scheme (Wernicke 2006), which visits each
//! connected set exactly once. "Value at most v_max" and "at least k credible bidders" can only
//! get worse as a set grows, so a set that breaks either is cut with all its supersets.

use fixedbitset::FixedBitSet;
use web_time::Instant;

use super::prepared::Prepared;

/// A feasible lot (rules R2-R5 hold; R1 and R6 are about the whole plan).
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Prepared segment indices, ascending.
    pub segments: Vec<usize>,
    pub value: f64,
    /// Credible bidders, as renumbered supplier indices.
    pub credible: FixedBitSet,
    pub bidders: u32,
}

/// The bounds used while enumerating (the problem's own, or relaxed ones for a diagnosis).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub v_min: f64,
    pub v_max: f64,
    pub k: u32,
}

/// Why enumeration stopped early.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Stopped {
    TooMany { found: usize },
    OutOfTime { found: usize },
}

pub(crate) struct Enumerator<'a, 'p> {
    prep: &'a Prepared<'p>,
    limits: Limits,
    max_candidates: usize,
    max_steps: u64,
    deadline: Option<Instant>,
    steps: u64,
    out: Vec<Candidate>,
    stopped: Option<Stopped>,
}

impl<'a, 'p> Enumerator<'a, 'p> {
    pub fn new(prep: &'a Prepared<'p>, limits: Limits) -> Self {
        Enumerator {
            prep,
            limits,
            max_candidates: usize::MAX,
            max_steps: u64::MAX,
            deadline: None,
            steps: 0,
            out: Vec::new(),
            stopped: None,
        }
    }

    pub fn max_candidates(mut self, n: usize) -> Self {
        self.max_candidates = n;
        self
    }

    /// Stops (as [`Stopped::TooMany`]) after visiting this many sets, found or not: with a
    /// large `v_min`, most sets grown are below it, and counting only the lots found would let
    /// a listing run on long after it found few.
    pub fn max_steps(mut self, n: u64) -> Self {
        self.max_steps = n;
        self
    }

    pub fn deadline(mut self, at: Option<Instant>) -> Self {
        self.deadline = at;
        self
    }

    /// All feasible lots made of segments in `block` (prepared indices).
    pub fn run(mut self, block: &[usize]) -> Result<Vec<Candidate>, Stopped> {
        let n = self.prep.len();
        let mut allowed = FixedBitSet::with_capacity(n);
        block.iter().for_each(|&i| allowed.insert(i));
        for &v in block {
            let mut set = FixedBitSet::with_capacity(n);
            set.insert(v);
            let Some(credible) = self.credible_after(None, v, self.prep.value[v]) else {
                continue;
            };
            let mut ext = self.prep.neighbours[v].clone();
            ext.intersect_with(&allowed);
            ext.set_range(..v + 1, false);
            let mut closed = self.prep.neighbours[v].clone();
            closed.insert(v);
            self.extend(&set, self.prep.value[v], &credible, ext, &closed, v, &allowed);
            if let Some(stop) = self.stopped {
                return Err(stop);
            }
        }
        Ok(self.out)
    }

    /// Credible bidders once segment `add` joins a set whose bidders are `so_far`, or `None`
    /// when fewer than `k` remain or the value breaks `v_max`.
    fn credible_after(&self, so_far: Option<&FixedBitSet>, add: usize, value: f64) -> Option<FixedBitSet> {
        let eligible = &self.prep.eligible[add];
        self.prep.credible(so_far.unwrap_or(eligible), eligible, value, self.limits, add)
    }

    #[allow(clippy::too_many_arguments)]
    fn extend(
        &mut self,
        set: &FixedBitSet,
        value: f64,
        credible: &FixedBitSet,
        mut ext: FixedBitSet,
        closed: &FixedBitSet,
        root: usize,
        allowed: &FixedBitSet,
    ) {
        if self.stopped.is_some() {
            return;
        }
        self.steps += 1;
        if self.steps > self.max_steps {
            self.stopped = Some(Stopped::TooMany { found: self.out.len() });
            return;
        }
        if self.steps % 2048 == 0 {
            if let Some(d) = self.deadline {
                if Instant::now() >= d {
                    self.stopped = Some(Stopped::OutOfTime { found: self.out.len() });
                    return;
                }
            }
        }
        if value >= self.limits.v_min {
            if self.out.len() >= self.max_candidates {
                self.stopped = Some(Stopped::TooMany { found: self.out.len() });
                return;
            }
            self.out.push(Candidate {
                segments: set.ones().collect(),
                value,
                bidders: self.prep.bidders(credible),
                credible: credible.clone(),
            });
        }
        while let Some(w) = ext.minimum() {
            ext.set(w, false);
            let new_value = value + self.prep.value[w];
            let Some(new_credible) = self.credible_after(Some(credible), w, new_value) else {
                continue;
            };
            // Exclusive neighbours of w: not in the set, not next to it, after the root.
            let mut new_ext = self.prep.neighbours[w].clone();
            new_ext.intersect_with(allowed);
            new_ext.difference_with(closed);
            new_ext.set_range(..root + 1, false);
            new_ext.union_with(&ext);
            let mut new_set = set.clone();
            new_set.insert(w);
            let mut new_closed = closed.clone();
            new_closed.union_with(&self.prep.neighbours[w]);
            new_closed.insert(w);
            self.extend(&new_set, new_value, &new_credible, new_ext, &new_closed, root, allowed);
            if self.stopped.is_some() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::LotProblem;

    /// Twelve localities in a row worth 1 each (78 runs of localities, all connected sets).
    fn row() -> LotProblem {
        let names: Vec<String> = (0..12).map(|i| format!("\"L{i}\"")).collect();
        let pairs: Vec<String> = (1..12).map(|i| format!("[\"L{}\", \"L{i}\"]", i - 1)).collect();
        let segments: Vec<String> = (0..12)
            .map(|i| format!("{{\"id\": \"F-{i:02}\", \"service_area\": \"F\", \"locality\": \"L{i}\", \"value\": 1}}"))
            .collect();
        LotProblem::from_json(&format!(
            r#"{{"format_version": 1, "params": {{"v_min": 1, "v_max": 100, "k": 1, "m": 1}},
              "localities": [{}], "adjacency": [{}], "service_areas": [{{"code": "F"}}],
              "segments": [{}],
              "suppliers": [{{"id": "S", "capacity": 100, "service_areas": ["F"], "localities": [{}]}}]}}"#,
            names.join(", "),
            pairs.join(", "),
            segments.join(", "),
            names.join(", ")
        ))
        .unwrap()
    }

    /// With lots of at least 12, the one lot is found among all 78 sets; above it, none is, and
    /// only the steps (not the lots found) stop a listing that is cut short.
    #[test]
    fn a_listing_stops_after_its_steps_even_when_it_found_no_lot() {
        let problem = row();
        let prep = Prepared::new(&problem);
        let block: Vec<usize> = (0..prep.len()).collect();
        let limits = |v_min| Limits { v_min, v_max: 100.0, k: 1 };
        let all = Enumerator::new(&prep, limits(1.0)).run(&block).unwrap();
        assert_eq!(all.len(), 78);
        let one = Enumerator::new(&prep, limits(12.0)).max_candidates(10).run(&block).unwrap();
        assert_eq!(one.iter().map(|l| l.segments.len()).collect::<Vec<_>>(), [12]);
        let none = Enumerator::new(&prep, limits(13.0)).max_candidates(10).max_steps(78).run(&block);
        assert_eq!(none.unwrap().len(), 0);
        let stopped = Enumerator::new(&prep, limits(13.0)).max_candidates(10).max_steps(50).run(&block);
        assert_eq!(stopped.unwrap_err(), Stopped::TooMany { found: 0 });
    }
}
