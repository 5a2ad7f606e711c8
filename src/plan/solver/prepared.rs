//! The lot problem turned into indices and bitsets, so the solver never compares strings.

use crate::base::sort;
use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, HashMap};

use fixedbitset::FixedBitSet;

use super::enumerate::Limits;
use crate::plan::problem::LotProblem;

/// How many places candidate lot `c` has in the award, given the providers each segment's
/// lots appoint (segments of one block agree): 1, or `n` for a framework lot.
pub(crate) fn places(appoint: &[u32], c: &super::enumerate::Candidate) -> u32 {
    c.segments.first().map_or(1, |&s| appoint[s].max(1))
}

/// Indexed view of a validated [`LotProblem`].
///
/// Suppliers are renumbered by capacity, largest first, so "suppliers with capacity for a lot of
/// value V" is always a prefix `0..cap_prefix(V)` of the supplier indices.
pub(crate) struct Prepared<'p> {
    pub problem: &'p LotProblem,
    /// In-scope segments, as indices into `problem.segments`, sorted by id.
    pub segments: Vec<usize>,
    pub value: Vec<f64>,
    /// Index into `problem.service_areas` of each in-scope segment.
    pub area: Vec<usize>,
    /// Index into `problem.localities` of each in-scope segment.
    pub locality: Vec<usize>,
    /// Suppliers (indices into `problem.suppliers`) by capacity, largest first, ties by id.
    pub suppliers: Vec<usize>,
    pub capacity: Vec<f64>,
    /// The most value the indicative award (R6) may give each supplier: its capacity, or less
    /// under an alternative plan's cap on any supplier's share.
    pub award_capacity: Vec<f64>,
    /// For each (renumbered) supplier, its share of the lot limit `m` (R6): its own, or its
    /// group's when `m` applies per group; there are `n_slots` shares.
    pub slot_of: Vec<usize>,
    pub n_slots: usize,
    /// For each in-scope segment, the (renumbered) suppliers eligible for it.
    pub eligible: Vec<FixedBitSet>,
    /// For each in-scope segment, the segments it may share a lot with directly: same locality
    /// or adjacent localities, and the same block.
    pub neighbours: Vec<FixedBitSet>,
    /// For each in-scope segment, its block: segments of different blocks never share a lot
    /// (one block per service area unless areas may mix, each cut by authority where lots
    /// must lie within one; [`LotProblem::lot_key`]).
    pub block: Vec<usize>,
    pub n_blocks: usize,
    /// The group of each (renumbered) supplier, when any supplier belongs to one: members of
    /// a group count once towards `k` ([`Prepared::bidders`]). `None`: every supplier is its
    /// own group.
    pub group: Option<Vec<usize>>,
    /// The (renumbered) suppliers that are SMEs, and for each in-scope segment whether its
    /// lots must have one of them among their credible bidders ([`LotProblem::sme_needed`]).
    /// Segments of one block agree.
    pub sme: FixedBitSet,
    pub needs_sme: Vec<bool>,
    /// For each in-scope segment, the providers each lot holding it appoints
    /// ([`LotProblem::appointments`]): 1, or `n` for a framework lot. Segments of one block
    /// agree.
    pub appoint: Vec<u32>,
    /// For each in-scope segment, the least number of credible bidders each lot holding it
    /// needs ([`LotProblem::bidders_needed`]): `k`, or its authority's own. Segments of one
    /// block agree.
    pub k_need: Vec<u32>,
    /// For each in-scope segment, the largest value a lot holding it may have
    /// ([`LotProblem::largest_lots`]): `v_max`, or its authority's own. Segments of one block
    /// agree.
    pub v_max: Vec<f64>,
    /// For each in-scope segment, the smallest value a lot holding it may have
    /// ([`LotProblem::smallest_lots`]): `v_min`, or its authority's own. Segments of one block
    /// agree.
    pub v_min: Vec<f64>,
}

impl<'p> Prepared<'p> {
    pub fn new(problem: &'p LotProblem) -> Prepared<'p> {
        let mut segments: Vec<usize> = (0..problem.segments.len()).filter(|&i| !problem.segments[i].retained).collect();
        sort::by(&mut segments, |&a, &b| problem.segments[a].id.cmp(&problem.segments[b].id));
        let area_ix = index_of(problem.service_areas.iter().map(|a| a.code.as_str()));
        let loc_ix = index_of(problem.localities.iter().map(String::as_str));
        let seg = |i: usize| &problem.segments[segments[i]];
        let n = segments.len();
        let value = (0..n).map(|i| seg(i).value).collect();
        let area: Vec<usize> = (0..n).map(|i| area_ix[seg(i).service_area.as_str()]).collect();
        let locality: Vec<usize> = (0..n).map(|i| loc_ix[seg(i).locality.as_str()]).collect();

        let mut suppliers: Vec<usize> = (0..problem.suppliers.len()).collect();
        sort::by(&mut suppliers, |&a, &b| {
            let (sa, sb) = (&problem.suppliers[a], &problem.suppliers[b]);
            sb.capacity.total_cmp(&sa.capacity).then_with(|| sa.id.cmp(&sb.id))
        });
        let capacity = suppliers.iter().map(|&j| problem.suppliers[j].capacity).collect();
        let award_capacity = suppliers.iter().map(|&j| problem.award_capacity(&problem.suppliers[j])).collect();
        let (of, n_slots) = problem.award_slots();
        let slot_of = suppliers.iter().map(|&j| of[j]).collect();
        let eligible = (0..n)
            .map(|i| {
                let mut bits = FixedBitSet::with_capacity(suppliers.len());
                for (r, &j) in suppliers.iter().enumerate() {
                    if LotProblem::eligible(&problem.suppliers[j], seg(i)) {
                        bits.insert(r);
                    }
                }
                bits
            })
            .collect();

        let nl = problem.localities.len();
        let mut adjacent = vec![FixedBitSet::with_capacity(nl); nl];
        for (a, b) in &problem.adjacency {
            let (a, b) = (loc_ix[a.as_str()], loc_ix[b.as_str()]);
            adjacent[a].insert(b);
            adjacent[b].insert(a);
        }
        for (l, row) in adjacent.iter_mut().enumerate() {
            row.insert(l);
        }
        let keys: Vec<(usize, &str)> = (0..n)
            .map(|i| {
                let (a, authority) = problem.lot_key(seg(i));
                (a.map_or(0, |_| area[i]), authority.unwrap_or(""))
            })
            .collect();
        let numbering: BTreeMap<(usize, &str), usize> =
            keys.iter().copied().collect_set().into_iter().zip(0..).collect();
        let block: Vec<usize> = keys.iter().map(|k| numbering[k]).collect();
        let n_blocks = numbering.len();
        let neighbours = (0..n)
            .map(|i| {
                let mut bits = FixedBitSet::with_capacity(n);
                for j in 0..n {
                    if j != i && adjacent[locality[i]].contains(locality[j]) && block[i] == block[j] {
                        bits.insert(j);
                    }
                }
                bits
            })
            .collect();
        let group = problem.has_groups().then(|| {
            let mut ids: HashMap<(bool, &str), usize> = HashMap::new();
            suppliers
                .iter()
                .map(|&j| {
                    let next = ids.len();
                    *ids.entry(problem.suppliers[j].independent_key()).or_insert(next)
                })
                .collect()
        });
        let mut sme = FixedBitSet::with_capacity(suppliers.len());
        for (r, &j) in suppliers.iter().enumerate() {
            if problem.suppliers[j].is_sme() {
                sme.insert(r);
            }
        }
        let sme_needed = problem.sme_needed();
        let needs_sme = segments.iter().map(|&i| sme_needed[i]).collect();
        let appoint: Vec<u32> = (0..n).map(|i| problem.appointments(seg(i))).collect();
        let needed = problem.bidders_needed();
        let k_need = segments.iter().map(|&i| needed[i]).collect();
        let largest = problem.largest_lots();
        let v_max = segments.iter().map(|&i| largest[i]).collect();
        let smallest = problem.smallest_lots();
        let v_min = segments.iter().map(|&i| smallest[i]).collect();
        Prepared {
            problem,
            segments,
            value,
            area,
            locality,
            suppliers,
            capacity,
            award_capacity,
            slot_of,
            n_slots,
            eligible,
            neighbours,
            block,
            n_blocks,
            group,
            sme,
            needs_sme,
            appoint,
            k_need,
            v_max,
            v_min,
        }
    }

    /// Each share of the lot limit `m` with all its lots to award (R6).
    pub fn award_slots(&self) -> crate::plan::award::Slots {
        crate::plan::award::Slots::shared(self.slot_of.clone(), self.n_slots, self.problem.params.m)
    }

    /// How many independent bidders `bits` holds: suppliers of one group count once (R5).
    pub fn bidders(&self, bits: &FixedBitSet) -> u32 {
        match &self.group {
            None => bits.count_ones(..) as u32,
            Some(group) => {
                let mut seen = FixedBitSet::with_capacity(group.len());
                bits.ones().for_each(|j| seen.insert(group[j]));
                seen.count_ones(..) as u32
            }
        }
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// How many suppliers have capacity for a lot of value `v` (a prefix of the renumbering).
    pub fn cap_prefix(&self, v: f64) -> usize {
        self.capacity.partition_point(|&c| c >= v)
    }

    /// How many places candidate lot `c` has in the award: the providers it appoints.
    pub fn places(&self, c: &super::enumerate::Candidate) -> u32 {
        places(&self.appoint, c)
    }

    /// How many suppliers have capacity for their share of a lot worth `value` in the block of
    /// segment `s`: all of it, or an equal share of it when the lot appoints several providers.
    pub fn able_prefix(&self, s: usize, value: f64) -> usize {
        self.cap_prefix(value / self.appoint[s] as f64)
    }

    /// The independent credible bidders a lot in the block of segment `s` needs: `k` (its
    /// authority's own, if it has one), but no more than `most` (the limits' `k`, lowered when
    /// a diagnosis asks what fewer would allow), or the providers it appoints when that is more
    /// (R5).
    pub fn needed(&self, s: usize, most: u32) -> u32 {
        self.k_need[s].min(most).max(self.appoint[s])
    }

    /// The most any lot holding one of `segments` may be worth (no lot of them is worth more),
    /// for volume bounds: the largest of their own largest lot values.
    pub fn v_max_of(&self, segments: &[usize]) -> f64 {
        segments.iter().map(|&s| self.v_max[s]).reduce(f64::max).unwrap_or(self.problem.params.v_max)
    }

    /// The least any lot of these segments (a block, whose segments agree) may be worth: the
    /// most any of them asks for, and never below `v_min`.
    pub fn v_min_of(&self, segments: &[usize]) -> f64 {
        segments.iter().map(|&s| self.v_min[s]).fold(self.problem.params.v_min, f64::max)
    }

    /// The most credible bidders any lot needs by `k` alone: the limits' `k` under which every
    /// segment's own applies ([`Prepared::needed`]).
    pub fn k_most(&self) -> u32 {
        self.k_need.iter().copied().max().unwrap_or(self.problem.params.k)
    }

    /// The bidders in both `a` and `b` with capacity for a lot worth `value` (their share of
    /// it, for a framework lot), in the block of segment `s`, or `None` when the value breaks
    /// `v_max`, fewer than `k` (or the providers the lot appoints) remain, or none of them is
    /// an SME where the block's lots must be open to one.
    pub fn credible(
        &self,
        a: &FixedBitSet,
        b: &FixedBitSet,
        value: f64,
        limits: Limits,
        s: usize,
    ) -> Option<FixedBitSet> {
        if value > limits.v_max.min(self.v_max[s]) {
            return None;
        }
        let mut bits = a.clone();
        bits.intersect_with(b);
        bits.set_range(self.able_prefix(s, value).., false);
        let open = !self.needs_sme[s] || !bits.is_disjoint(&self.sme);
        (open && self.bidders(&bits) >= self.needed(s, limits.k)).then_some(bits)
    }

    pub fn segment_id(&self, i: usize) -> &'p str {
        &self.problem.segments[self.segments[i]].id
    }

    pub fn supplier_id(&self, r: usize) -> &'p str {
        &self.problem.suppliers[self.suppliers[r]].id
    }

    /// Groups of segments that can never share a lot (one per service area unless areas may
    /// mix, cut by authority where lots must lie within one), each sorted; lots are found and
    /// chosen within a group independently.
    pub fn blocks(&self) -> Vec<Vec<usize>> {
        let mut blocks: Vec<Vec<usize>> = vec![Vec::new(); self.n_blocks];
        for i in 0..self.len() {
            blocks[self.block[i]].push(i);
        }
        blocks
    }
}

fn index_of<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    names.enumerate().map(|(i, n)| (n, i)).collect()
}
