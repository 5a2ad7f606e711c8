//! The lot problem: the solver's contract (`../shared/LOT-MODEL.md`, `format_version` 1).
//!
//! A [`LotProblem`] is a flat description of what must be grouped into lots and who could bid.
//! It is what a workspace scenario is *lowered* to, and the only thing the solver reads.
//! [`LotProblem::from_json`] parses and validates in one step and reports every problem at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::base::error::{unique_ids, Issue, Issues};
use crate::base::money::check as check_money;

/// The only `format_version` this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A complete lot problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotProblem {
    pub format_version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub params: Params,
    pub localities: Vec<String>,
    #[serde(default)]
    pub adjacency: Vec<(String, String)>,
    pub service_areas: Vec<ServiceArea>,
    pub segments: Vec<Segment>,
    pub suppliers: Vec<Supplier>,
}

/// The lot rules R2 and R4-R6.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// R4: smallest lot value, GBP per year, inclusive.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub v_min: f64,
    /// R4: largest lot value, GBP per year, inclusive.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub v_max: f64,
    /// R5: minimum number of credible bidders per lot.
    pub k: u32,
    /// R6: most lots one supplier may be awarded.
    pub m: u32,
    /// R2: whether one lot may hold segments of several service areas.
    #[serde(default)]
    pub mix_service_areas: bool,
    /// Lotwise's extension for alternative plans: in the indicative award (R6) no supplier
    /// may hold more than this share (0..=1) of the in-scope value a year, on top of its
    /// capacity. Credibility (R5) is unchanged. Absent: R6 as in `LOT-MODEL.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_award_share: Option<f64>,
    /// Lotwise's extension for supplier groups: `m` limits the lots awarded to each group
    /// (suppliers of one group share it; a supplier without a group is its own). Absent or
    /// false: `m` applies to each supplier, as in `LOT-MODEL.md`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub m_per_group: bool,
    /// Lotwise's extension for regional plans: the service areas whose lots must lie within
    /// one authority (each segment of theirs names its `authority`). When areas may mix
    /// (`mix_service_areas`), naming any area keeps every lot within one authority. Empty:
    /// lots may cross authority borders, as in `LOT-MODEL.md`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within_authority: Vec<String>,
    /// Lotwise's extension for lots open to SMEs: the service areas each of whose lots must
    /// have at least one credible bidder that is an SME ([`Supplier::is_sme`]); part of R5.
    /// When areas may mix (`mix_service_areas`), naming any area applies it to every lot.
    /// Empty: R5 as in `LOT-MODEL.md`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sme_open: Vec<String>,
    /// Lotwise's extension for framework (multi-provider) lots: for each service area named,
    /// how many providers each of its lots appoints, `n` (absent: 1). Each appointee is
    /// taken to deliver an equal share of the lot, so a credible bidder needs capacity for
    /// the lot's value divided by `n` (R5); the `k` credible bidders are the pool it is
    /// drawn from, and it needs at least `n` of them; the award (R6) appoints `n` different
    /// credible bidders, each charged its share and one of its `m` lots. When areas may mix
    /// (`mix_service_areas`), the largest `n` named applies to every lot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub appointments: BTreeMap<String, u32>,
    /// Lotwise's extension for regional plans: an authority's own least number of credible
    /// bidders (R5), by authority name, in place of `k` for the lots holding its work. Where
    /// a service area's lots may cross authority borders (it is not in `within_authority`),
    /// each of its lots needs the most that any authority with in-scope work in that area
    /// asks for (in any area, when areas may mix); a segment naming no authority needs the
    /// most of all. See [`LotProblem::bidders_needed`]. Empty: `k` for every lot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub k_by_authority: BTreeMap<String, u32>,
    /// Lotwise's extension for regional plans: the authorities (by name) each lot holding
    /// whose work must have at least one credible bidder that is an SME, whatever its service
    /// area (part of R5, as [`Params::sme_open`]). Where an area's lots may cross borders,
    /// each of its lots must be open to an SME when any authority with in-scope work in the
    /// area asks for it; a segment naming no authority follows any authority that asks.
    /// See [`LotProblem::sme_needed`]. Empty: only `sme_open`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sme_open_authorities: Vec<String>,
    /// Lotwise's extension for regional plans: an authority's own largest lot value (R4), GBP
    /// a year, by authority name, in place of `v_max` for the lots holding its work (at most
    /// `v_max`, at least `v_min`). Where an area's lots may cross borders, each of its lots
    /// keeps to the smallest that any authority with in-scope work in the area asks for; a
    /// segment naming no authority to the smallest of all. See [`LotProblem::largest_lots`].
    /// Empty: `v_max` for every lot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub v_max_by_authority: BTreeMap<String, f64>,
    /// Lotwise's extension for regional plans: an authority's own smallest lot value (R4), GBP
    /// a year, by authority name, in place of `v_min` for the lots holding its work (at least
    /// `v_min`, at most its largest lot). Where an area's lots may cross borders, each of its
    /// lots keeps to the largest that any authority with in-scope work in the area asks for; a
    /// segment naming no authority to the largest of all. See [`LotProblem::smallest_lots`].
    /// Empty: `v_min` for every lot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub v_min_by_authority: BTreeMap<String, f64>,
}

impl Params {
    /// The rules R2 and R4-R6 with no award cap.
    pub fn new(v_min: f64, v_max: f64, k: u32, m: u32, mix_service_areas: bool) -> Params {
        Params {
            v_min,
            v_max,
            k,
            m,
            mix_service_areas,
            max_award_share: None,
            m_per_group: false,
            within_authority: Vec::new(),
            sme_open: Vec::new(),
            appointments: BTreeMap::new(),
            k_by_authority: BTreeMap::new(),
            sme_open_authorities: Vec::new(),
            v_max_by_authority: BTreeMap::new(),
            v_min_by_authority: BTreeMap::new(),
        }
    }
}

pub use crate::model::procurement::MAX_APPOINTMENTS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceArea {
    pub code: String,
    #[serde(default)]
    pub name: String,
}

/// One cell of the segmentation: a service area in a locality (optionally a tier and function).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    pub service_area: String,
    pub locality: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// GBP per year, > 0.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub value: f64,
    /// Stays in-house: in no lot.
    #[serde(default)]
    pub retained: bool,
    /// Only not-for-profit suppliers may be awarded it.
    #[serde(default)]
    pub relevant_care: bool,
    /// Lotwise's extension for regional plans: the authority whose work the segment is
    /// (absent when it holds several authorities' work, or the plan has one authority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub revenue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub equity: Option<f64>,
    #[serde(default)]
    pub not_for_profit: bool,
    /// The only capacity the solver uses: the largest lot value (GBP per year) it may hold.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub capacity: f64,
    pub service_areas: Vec<String>,
    pub localities: Vec<String>,
    /// Lotwise's extension to the contract: the group the supplier belongs to (a parent
    /// company or owner, by name). Suppliers of one group count once towards a lot's `k`
    /// credible bidders and fail together in the stress test. Absent: the supplier is its
    /// own group, and every rule reads as in `LOT-MODEL.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Supplier {
    /// Whether the supplier counts as an SME bidder
    /// ([`crate::model::procurement::sme_by_turnover`]).
    pub fn is_sme(&self) -> bool {
        crate::model::procurement::sme_by_turnover(self.revenue)
    }

    /// What the supplier counts as towards `k`: its group, or itself when it has none.
    pub fn independent_key(&self) -> (bool, &str) {
        match &self.group {
            Some(g) => (true, g.as_str()),
            None => (false, self.id.as_str()),
        }
    }
}

impl LotProblem {
    /// Parses JSON text and validates it, returning every problem found.
    ///
    /// # Example
    /// ```
    /// let text = r#"{"format_version": 1, "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 1},
    ///   "localities": ["A"], "service_areas": [{"code": "F"}],
    ///   "segments": [{"id": "F-A", "service_area": "F", "locality": "A", "value": 5}],
    ///   "suppliers": [{"id": "S1", "capacity": 9, "service_areas": ["F"], "localities": ["A"]}]}"#;
    /// let problem = lotwise::plan::problem::LotProblem::from_json(text)?;
    /// assert_eq!(problem.segments.len(), 1);
    /// # Ok::<_, lotwise::base::error::Issues>(())
    /// ```
    pub fn from_json(text: &str) -> Result<LotProblem, Issues> {
        let problem: LotProblem = crate::base::error::parse_json(text, "lot problem")?;
        problem.validate()?;
        Ok(problem)
    }

    /// Pretty JSON in the contract's format.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a lot problem always serialises")
    }

    /// Checks every reference and number; returns all problems at once.
    pub fn validate(&self) -> Result<(), Issues> {
        let mut issues = Vec::new();
        if self.format_version != FORMAT_VERSION {
            issues.push(Issue::new(
                "format_version",
                format!(
                    "this build reads lot problems of format_version {FORMAT_VERSION}, got {}",
                    self.format_version
                ),
            ));
        }
        self.validate_params(&mut issues);
        let localities =
            unique_ids(self.localities.iter().map(String::as_str), "localities", "", "locality", &mut issues);
        let areas = unique_ids(
            self.service_areas.iter().map(|a| a.code.as_str()),
            "service_areas",
            "",
            "service area code",
            &mut issues,
        );
        for (i, (a, b)) in self.adjacency.iter().enumerate() {
            for (end, name) in [(0, a), (1, b)] {
                if !localities.contains(name.as_str()) {
                    issues.push(Issue::new(
                        format!("adjacency[{i}][{end}]"),
                        format!("names locality {name:?}, which is not in `localities`"),
                    ));
                }
            }
        }
        self.validate_segments(&localities, &areas, &mut issues);
        self.validate_suppliers(&localities, &areas, &mut issues);
        Issues::result(issues)
    }

    fn validate_params(&self, issues: &mut Vec<Issue>) {
        let p = &self.params;
        check_money(p.v_min, "params.v_min", true, issues);
        check_money(p.v_max, "params.v_max", false, issues);
        if p.v_min.is_finite() && p.v_max.is_finite() && p.v_min > p.v_max {
            issues.push(Issue::new(
                "params.v_min",
                format!(
                    "the smallest lot value ({}) is above the largest ({}); lower v_min or raise v_max",
                    p.v_min, p.v_max
                ),
            ));
        }
        if p.k < 1 {
            issues.push(Issue::new(
                "params.k",
                "every lot needs at least 1 credible bidder, so k must be 1 or more, got 0",
            ));
        }
        for (a, &v) in &p.v_max_by_authority {
            let at = format!("params.v_max_by_authority.{a}");
            check_money(v, &at, false, issues);
            if v.is_finite() && p.v_min.is_finite() && v < p.v_min {
                issues.push(Issue::new(
                    &at,
                    format!(
                        "{a}'s largest lot ({v}) is below the smallest lot allowed ({}); raise it or lower v_min",
                        p.v_min
                    ),
                ));
            }
            self.check_authority_named(a, at, issues);
        }
        for (a, &v) in &p.v_min_by_authority {
            let at = format!("params.v_min_by_authority.{a}");
            check_money(v, &at, true, issues);
            let largest = p.v_max_by_authority.get(a).copied().unwrap_or(p.v_max).min(p.v_max);
            if v.is_finite() && largest.is_finite() && v > largest {
                issues.push(Issue::new(
                    &at,
                    format!(
                        "{a}'s smallest lot ({v}) is above the largest lot it allows ({largest}); lower it or raise the largest"
                    ),
                ));
            }
            self.check_authority_named(a, at, issues);
        }
        if !p.v_min_by_authority.is_empty() || !p.v_max_by_authority.is_empty() {
            self.check_crossing_bands(issues);
        }
        for (n, a) in p.sme_open_authorities.iter().enumerate() {
            self.check_authority_named(a, format!("params.sme_open_authorities[{n}]"), issues);
        }
        for (a, &k) in &p.k_by_authority {
            if k < 1 {
                issues.push(Issue::new(
                    format!("params.k_by_authority.{a}"),
                    format!("{a} asks for 0 credible bidders per lot; every lot needs at least 1, so give 1 or more"),
                ));
            }
            self.check_authority_named(a, format!("params.k_by_authority.{a}"), issues);
        }
        if let Some(share) = p.max_award_share {
            if !(share > 0.0 && share <= 1.0) {
                issues.push(Issue::new(
                    "params.max_award_share",
                    format!("the largest share one supplier may be awarded must be above 0 and at most 1 (100%), got {share}"),
                ));
            }
        }
        if p.m < 1 {
            issues.push(Issue::new(
                "params.m",
                "a supplier must be allowed at least 1 lot, so m must be 1 or more, got 0",
            ));
        }
    }

    /// A rule given for authority `a` (at `at`) must name one that some segment names.
    fn check_authority_named(&self, a: &str, at: String, issues: &mut Vec<Issue>) {
        if !self.segments.iter().any(|s| s.authority.as_deref() == Some(a)) {
            issues.push(Issue::new(
                at,
                format!("names authority {a:?}, which no segment names; remove it or check the spelling"),
            ));
        }
    }

    fn validate_segments(&self, localities: &BTreeSet<&str>, areas: &BTreeSet<&str>, issues: &mut Vec<Issue>) {
        unique_ids(self.segments.iter().map(|s| s.id.as_str()), "segments", "", "segment id", issues);
        for (i, s) in self.segments.iter().enumerate() {
            let at = format!("segments[{i}]");
            if !areas.contains(s.service_area.as_str()) {
                issues.push(Issue::new(
                    format!("{at}.service_area"),
                    format!(
                        "segment {:?} names service area {:?}, which is not in `service_areas`",
                        s.id, s.service_area
                    ),
                ));
            }
            if !localities.contains(s.locality.as_str()) {
                issues.push(Issue::new(
                    format!("{at}.locality"),
                    format!("segment {:?} names locality {:?}, which is not in `localities`", s.id, s.locality),
                ));
            }
            check_money(s.value, &format!("{at}.value"), false, issues);
            if s.authority.is_none() && !s.retained && self.bound_to_authority(s) {
                issues.push(Issue::new(
                    format!("{at}.authority"),
                    format!(
                        "segment {:?} holds work of several authorities, but lots of {:?} must lie within one \
                         authority; split the service by locality, or let these lots cross authority borders",
                        s.id, s.service_area
                    ),
                ));
            }
        }
        for (a, &n) in &self.params.appointments {
            let at = format!("params.appointments.{a}");
            if !areas.contains(a.as_str()) {
                issues.push(Issue::new(&at, format!("names service area {a:?}, which is not in `service_areas`")));
            }
            if !(1..=MAX_APPOINTMENTS).contains(&n) {
                issues.push(Issue::new(
                    at,
                    format!(
                        "a lot appoints between 1 and {MAX_APPOINTMENTS} providers, got {n}; use 1 for a lot awarded to one provider"
                    ),
                ));
            }
        }
        let named = [("within_authority", &self.params.within_authority), ("sme_open", &self.params.sme_open)];
        for (field, list) in named {
            for (n, a) in list.iter().enumerate() {
                if !areas.contains(a.as_str()) {
                    issues.push(Issue::new(
                        format!("params.{field}[{n}]"),
                        format!("names service area {a:?}, which is not in `service_areas`"),
                    ));
                }
            }
        }
    }

    fn validate_suppliers(&self, localities: &BTreeSet<&str>, areas: &BTreeSet<&str>, issues: &mut Vec<Issue>) {
        unique_ids(self.suppliers.iter().map(|s| s.id.as_str()), "suppliers", "", "supplier id", issues);
        for (i, s) in self.suppliers.iter().enumerate() {
            let at = format!("suppliers[{i}]");
            check_money(s.capacity, &format!("{at}.capacity"), true, issues);
            if let Some(g) = &s.group {
                if g.trim().is_empty() {
                    issues.push(Issue::new(
                        format!("{at}.group"),
                        format!(
                            "supplier {:?} has an empty group name; give the parent company's name or leave `group` out",
                            s.id
                        ),
                    ));
                }
            }
            for (n, a) in s.service_areas.iter().enumerate() {
                if !areas.contains(a.as_str()) {
                    issues.push(Issue::new(
                        format!("{at}.service_areas[{n}]"),
                        format!("supplier {:?} serves {a:?}, which is not in `service_areas`", s.id),
                    ));
                }
            }
            for (n, l) in s.localities.iter().enumerate() {
                if !localities.contains(l.as_str()) {
                    issues.push(Issue::new(
                        format!("{at}.localities[{n}]"),
                        format!("supplier {:?} covers {l:?}, which is not in `localities`", s.id),
                    ));
                }
            }
        }
    }

    /// How many of `bidders` (supplier ids) are independent: members of one group count
    /// once. Unknown ids count as their own group.
    pub fn independent_count<S: AsRef<str>>(&self, bidders: &[S]) -> usize {
        let mut keys: BTreeSet<(bool, &str)> = BTreeSet::new();
        for id in bidders {
            let id = id.as_ref();
            keys.insert(self.suppliers.iter().find(|j| j.id == id).map_or((false, id), Supplier::independent_key));
        }
        keys.len()
    }

    /// [`LotProblem::independent_count`] when groups make it smaller than the list, for
    /// [`crate::plan::solution::Lot::independent_bidders`].
    pub fn independent_bidders<S: AsRef<str>>(&self, bidders: &[S]) -> Option<u32> {
        if self.suppliers.iter().all(|j| j.group.is_none()) {
            return None;
        }
        let n = self.independent_count(bidders);
        (n < bidders.len()).then_some(n as u32)
    }

    /// Who shares the limit of `m` lots in the award (R6): for each supplier (by its index in
    /// `suppliers`), the index of its share of the limit, and how many shares there are. Each
    /// supplier is its own share unless [`Params::m_per_group`], when a group shares one.
    pub fn award_slots(&self) -> (Vec<usize>, usize) {
        if !self.params.m_per_group {
            return ((0..self.suppliers.len()).collect(), self.suppliers.len());
        }
        let mut keys: BTreeMap<(bool, &str), usize> = BTreeMap::new();
        let of = self
            .suppliers
            .iter()
            .map(|j| {
                let next = keys.len();
                *keys.entry(j.independent_key()).or_insert(next)
            })
            .collect();
        (of, keys.len())
    }

    /// Whether any supplier belongs to a group.
    pub fn has_groups(&self) -> bool {
        self.suppliers.iter().any(|j| j.group.is_some())
    }

    /// The most value a year the indicative award may give supplier `j` (R6): its capacity,
    /// or less under [`Params::max_award_share`].
    pub fn award_capacity(&self, j: &Supplier) -> f64 {
        match self.params.max_award_share {
            Some(share) => j.capacity.min(share * self.in_scope().map(|s| s.value).sum::<f64>()),
            None => j.capacity,
        }
    }

    /// Whether a rule given for the service areas in `areas` applies to lots holding segment
    /// `s`: its area is named, or, when areas may mix, any area is.
    fn applies(&self, areas: &[String], s: &Segment) -> bool {
        if self.params.mix_service_areas {
            !areas.is_empty()
        } else {
            areas.contains(&s.service_area)
        }
    }

    /// Whether lots holding segment `s` must lie within one authority
    /// ([`Params::within_authority`]).
    pub fn bound_to_authority(&self, s: &Segment) -> bool {
        self.applies(&self.params.within_authority, s)
    }

    /// How many providers each lot holding segment `s` appoints ([`Params::appointments`]):
    /// 1 unless it is a framework lot.
    pub fn appointments(&self, s: &Segment) -> u32 {
        let named = &self.params.appointments;
        let n = if self.params.mix_service_areas {
            named.values().copied().max()
        } else {
            named.get(&s.service_area).copied()
        };
        n.unwrap_or(1).max(1)
    }

    /// How many providers a lot of these segments (by id) appoints: the most any of them asks
    /// for ([`LotProblem::appointments`]).
    pub fn lot_appointments<S: AsRef<str>>(&self, segments: &[S]) -> u32 {
        // Without framework lots there is nothing to look up (exports and the page's merges of
        // large plans call this for every lot).
        if !self.has_frameworks() {
            return 1;
        }
        // One pass over the problem's segments, not one search per segment of the lot.
        let ids: std::collections::HashSet<&str> = segments.iter().map(AsRef::as_ref).collect();
        self.segments.iter().filter(|s| ids.contains(s.id.as_str())).map(|s| self.appointments(s)).max().unwrap_or(1)
    }

    /// The least number of credible bidders (R5) each lot holding segment `i` needs (index into
    /// `segments`), with the authorities' own rules ([`Params::k_by_authority`]); it does not
    /// count the providers a framework lot appoints ([`LotProblem::appointments`]). A lot needs
    /// the most any of its segments asks for; within a block (the segments that may share a
    /// lot) every segment asks for the same.
    pub fn bidders_needed(&self) -> Vec<u32> {
        let p = &self.params;
        if p.k_by_authority.is_empty() {
            return vec![p.k; self.segments.len()];
        }
        let strictest = p.k_by_authority.values().copied().fold(p.k, u32::max);
        let own = |s: &Segment| match &s.authority {
            Some(a) => p.k_by_authority.get(a).copied().unwrap_or(p.k),
            None => strictest,
        };
        self.per_authority(own, u32::max)
    }

    /// The largest value (R4) each lot holding segment `i` (index into `segments`) may have:
    /// `v_max`, or its authority's own when smaller ([`Params::v_max_by_authority`]). A lot
    /// may be worth the least any of its segments allows; within a block every segment allows
    /// the same.
    pub fn largest_lots(&self) -> Vec<f64> {
        self.own_lot_values(&self.params.v_max_by_authority, self.params.v_max, f64::min)
    }

    /// The smallest value (R4) each lot holding segment `i` (index into `segments`) may have:
    /// `v_min`, or its authority's own when larger ([`Params::v_min_by_authority`]). A lot
    /// must be worth the most any of its segments asks for; within a block every segment asks
    /// the same.
    pub fn smallest_lots(&self) -> Vec<f64> {
        self.own_lot_values(&self.params.v_min_by_authority, self.params.v_min, f64::max)
    }

    /// One lot value rule for each segment: the plan's (`plan`), or its authority's own in
    /// `by` where `tighter` (`f64::min` for the largest lot, `f64::max` for the smallest), with
    /// crossing areas taking the tightest ([`LotProblem::per_authority`]); a segment naming no
    /// authority takes the tightest of all.
    fn own_lot_values(&self, by: &BTreeMap<String, f64>, plan: f64, tighter: fn(f64, f64) -> f64) -> Vec<f64> {
        if by.is_empty() {
            return vec![plan; self.segments.len()];
        }
        let tightest = by.values().copied().fold(plan, tighter);
        let own = |s: &Segment| match &s.authority {
            Some(a) => tighter(by.get(a).copied().unwrap_or(plan), plan),
            None => tightest,
        };
        self.per_authority(own, tighter)
    }

    /// Where lots may cross authority borders, the largest smallest lot of one area's
    /// authorities may be above the smallest largest lot: no lot of that area could be drawn.
    /// One issue for each such service area (or for all, when areas may mix).
    fn check_crossing_bands(&self, issues: &mut Vec<Issue>) {
        let (smallest, largest) = (self.smallest_lots(), self.largest_lots());
        let mut seen = BTreeSet::new();
        for (i, s) in self.segments.iter().enumerate() {
            if s.retained || smallest[i] <= largest[i] || !seen.insert(s.service_area.as_str()) {
                continue;
            }
            issues.push(Issue::new(
                format!("segments[{i}]"),
                format!(
                    "the lots of service area {:?}, which may cross authority borders, must be worth at least {} (the largest of its authorities' own smallest lots) and at most {} (the smallest of their own largest lots); no lot can be both, so lower an authority's own smallest lot, raise its own largest, or keep that area's lots within each authority",
                    s.service_area, smallest[i], largest[i]
                ),
            ));
        }
    }

    /// Whether each lot holding segment `i` (index into `segments`) must have a credible SME
    /// bidder: its service area's rule ([`Params::sme_open`]) or its authority's
    /// ([`Params::sme_open_authorities`]). Segments of one block agree.
    pub fn sme_needed(&self) -> Vec<bool> {
        let by = &self.params.sme_open_authorities;
        let own = |s: &Segment| {
            self.applies(&self.params.sme_open, s)
                || match &s.authority {
                    Some(a) => by.contains(a),
                    None => !by.is_empty(),
                }
        };
        self.per_authority(own, |a, b| a || b)
    }

    /// An authority's own rule for each segment (`own`), where lots keep within one authority;
    /// where a segment's lots may cross borders, `join` of `own` over every in-scope segment of
    /// its service area (of every area, when areas may mix), so that all the lots that might
    /// be drawn across the border share one rule.
    fn per_authority<T: Copy>(&self, own: impl Fn(&Segment) -> T, join: impl Fn(T, T) -> T) -> Vec<T> {
        fn area(mix: bool, s: &Segment) -> &str {
            if mix {
                ""
            } else {
                s.service_area.as_str()
            }
        }
        let mix = self.params.mix_service_areas;
        let shared = |s| area(mix, s);
        let mut across: HashMap<&str, T> = HashMap::new();
        for s in self.in_scope().filter(|s| !self.bound_to_authority(s)) {
            let rule = own(s);
            across.entry(shared(s)).and_modify(|r| *r = join(*r, rule)).or_insert(rule);
        }
        self.segments
            .iter()
            .map(|s| match self.bound_to_authority(s) {
                true => own(s),
                false => across.get(shared(s)).copied().unwrap_or_else(|| own(s)),
            })
            .collect()
    }

    /// Each segment's own k, largest and smallest lot, for asking about many lots ([`LotRules`]).
    pub fn lot_rules(&self) -> LotRules<'_> {
        let ids = || self.segments.iter().map(|s| s.id.as_str());
        let p = &self.params;
        LotRules {
            k: if p.k_by_authority.is_empty() { HashMap::new() } else { ids().zip(self.bidders_needed()).collect() },
            v_max: if p.v_max_by_authority.is_empty() {
                HashMap::new()
            } else {
                ids().zip(self.largest_lots()).collect()
            },
            v_min: if p.v_min_by_authority.is_empty() {
                HashMap::new()
            } else {
                ids().zip(self.smallest_lots()).collect()
            },
            plan_k: p.k,
            plan_v_max: p.v_max,
            plan_v_min: p.v_min,
        }
    }

    /// Whether any lot appoints more than one provider.
    pub fn has_frameworks(&self) -> bool {
        self.params.appointments.values().any(|&n| n > 1)
    }

    /// Whether lots holding segment `s` must be open to an SME by its service area's rule
    /// ([`Params::sme_open`]), whatever the authorities ask.
    pub fn area_needs_sme(&self, s: &Segment) -> bool {
        self.applies(&self.params.sme_open, s)
    }

    /// Whether a lot with these credible bidders meets [`Params::sme_open`] and
    /// [`Params::sme_open_authorities`], given whether any of its segments needs an SME bidder
    /// ([`LotProblem::sme_needed`]): none does, or one of the bidders is an SME.
    pub fn sme_open_met<'a>(&self, needs_sme: bool, credible: impl IntoIterator<Item = &'a str>) -> bool {
        !needs_sme || self.any_sme(credible)
    }

    /// Whether any of the suppliers `ids` is an SME ([`Supplier::is_sme`]).
    pub fn any_sme<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> bool {
        ids.into_iter().any(|id| self.suppliers.iter().any(|j| j.id == id && j.is_sme()))
    }

    /// What decides which segments may share a lot (R2, and the authority extension): two
    /// segments may share a lot only if their keys are equal. The key is the service area
    /// (none when areas may mix) and the authority (none when lots may cross borders).
    pub fn lot_key<'a>(&self, s: &'a Segment) -> (Option<&'a str>, Option<&'a str>) {
        let area = (!self.params.mix_service_areas).then_some(s.service_area.as_str());
        let authority = if self.bound_to_authority(s) { s.authority.as_deref().or(Some("")) } else { None };
        (area, authority)
    }

    /// The authority whose border lots holding segment `s` may not cross, if they may not
    /// cross one and the segment names it ([`LotProblem::lot_key`] without the empty name it
    /// gives a bound segment that names none).
    pub fn bound_authority<'a>(&self, s: &'a Segment) -> Option<&'a str> {
        self.lot_key(s).1.filter(|a| !a.is_empty())
    }

    /// Segments that are in scope (not retained), in file order.
    pub fn in_scope(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| !s.retained)
    }

    /// Whether supplier `j` may be awarded segment `s` (the contract's `eligible(j, s)`).
    pub fn eligible(j: &Supplier, s: &Segment) -> bool {
        j.service_areas.contains(&s.service_area)
            && j.localities.contains(&s.locality)
            && (j.not_for_profit || !s.relevant_care)
    }

    /// Segment ids by locality, for reports.
    pub fn segments_by_locality(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in &self.segments {
            map.entry(s.locality.as_str()).or_default().push(s.id.as_str());
        }
        map
    }
}

/// The rules each lot of a plan must meet where they differ by authority: the credible bidders a
/// lot needs ([`LotProblem::bidders_needed`]), the most it may be worth
/// ([`LotProblem::largest_lots`]) and the least ([`LotProblem::smallest_lots`]), looked up by
/// segment id ([`LotProblem::lot_rules`]).
pub struct LotRules<'p> {
    k: HashMap<&'p str, u32>,
    v_max: HashMap<&'p str, f64>,
    v_min: HashMap<&'p str, f64>,
    plan_k: u32,
    plan_v_max: f64,
    plan_v_min: f64,
}

impl LotRules<'_> {
    /// The least number of credible bidders a lot of these segments (by id) needs: the most
    /// any of them asks for (never counting the providers it appoints).
    pub fn k<S: AsRef<str>>(&self, segments: &[S]) -> u32 {
        segments.iter().filter_map(|s| self.k.get(s.as_ref()).copied()).max().unwrap_or(self.plan_k)
    }

    /// The largest value a lot of these segments (by id) may have: the least any of them allows.
    pub fn v_max<S: AsRef<str>>(&self, segments: &[S]) -> f64 {
        segments.iter().filter_map(|s| self.v_max.get(s.as_ref()).copied()).fold(self.plan_v_max, f64::min)
    }

    /// The smallest value a lot of these segments (by id) may have: the most any of them asks for.
    pub fn v_min<S: AsRef<str>>(&self, segments: &[S]) -> f64 {
        segments.iter().filter_map(|s| self.v_min.get(s.as_ref()).copied()).fold(self.plan_v_min, f64::max)
    }
}
