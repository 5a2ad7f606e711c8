//! The solver's answer, in the solution JSON of the lot problem contract, with Lotwise's
//! optional extras (bound, timing, diagnosis) alongside.

use serde::{Deserialize, Serialize};

/// How far the answer is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The plan has the fewest lots, and among those the thickest thinnest competition.
    Optimal,
    /// A valid plan, not proven best (the time limit ran out first).
    Feasible,
    /// No plan satisfies rules R1-R6; `diagnosis` says why.
    Infeasible,
    /// The time limit ran out before any plan was found; nothing is proven.
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unknown => "unknown",
        }
    }
}

/// One proposed tender lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lot {
    pub id: String,
    pub segments: Vec<String>,
    #[serde(serialize_with = "crate::base::money::ser")]
    pub value: f64,
    pub localities: Vec<String>,
    /// Every supplier eligible for all the lot's segments with capacity for its value.
    pub credible_bidders: Vec<String>,
    /// The credible bidders counted once per supplier group (R5 with groups); absent when no
    /// two of them share a group, so that it equals the length of `credible_bidders`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent_bidders: Option<u32>,
    /// An indicative award that, together with the other lots' awards, respects every
    /// supplier's capacity and the per-supplier lot limit (R6). For a framework lot, the
    /// first of `appointed`.
    pub award: String,
    /// Lotwise's extension for framework lots: the `n` different providers the lot appoints
    /// in the indicative award, each charged an equal share of its value. Absent for a lot
    /// awarded to one provider.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appointed: Vec<String>,
}

impl Lot {
    /// The providers the indicative award gives the lot to: `appointed` for a framework lot,
    /// else the one `award` (none when it has no award).
    pub fn appointees(&self) -> Vec<&str> {
        if self.appointed.is_empty() {
            Some(self.award.as_str()).filter(|a| !a.is_empty()).into_iter().collect()
        } else {
            self.appointed.iter().map(String::as_str).collect()
        }
    }

    /// The value a year each appointee is charged: the lot's value shared equally.
    pub fn share(&self) -> f64 {
        self.value / self.appointed.len().max(1) as f64
    }

    /// Each appointee with the value it is charged.
    pub fn awarded(&self) -> impl Iterator<Item = (&str, f64)> {
        let share = self.share();
        self.appointees().into_iter().map(move |j| (j, share))
    }

    /// How many independent credible bidders the lot has: R5's count, where members of one
    /// supplier group count once.
    pub fn bidders(&self) -> usize {
        self.independent_bidders.map_or(self.credible_bidders.len(), |n| n as usize)
    }
}

/// What a finding is about: a rule of `LOT-MODEL.md`, or why solving stopped. Written in JSON
/// as `"R1"`..`"R6"`, `"time"`, `"size"` and `"stopped"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// Every segment not kept in-house is in exactly one lot.
    R1,
    /// A lot holds one service area (unless areas may mix).
    R2,
    /// A lot's localities are joined up on the map.
    R3,
    /// A lot's value is between the smallest and largest lot allowed.
    R4,
    /// A lot has at least k credible bidders.
    R5,
    /// The market can deliver every lot at once.
    R6,
    /// The time limit ran out.
    #[serde(rename = "time")]
    Time,
    /// The problem is too large to solve in the time.
    #[serde(rename = "size")]
    Size,
    /// The person stopped the search and kept the best plan so far.
    #[serde(rename = "stopped")]
    Stopped,
}

impl Rule {
    /// The code used in JSON and beside the rule's words: `R4`, `time`.
    pub fn code(self) -> &'static str {
        match self {
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::R5 => "R5",
            Rule::R6 => "R6",
            Rule::Time => "time",
            Rule::Size => "size",
            Rule::Stopped => "stopped",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Something a person can change to act on a finding: the typed counterpart of the words of
/// its `fix`, in the order the fix names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// The smallest lot allowed (v_min).
    SmallestLot,
    /// The largest lot allowed (v_max).
    LargestLot,
    /// The credible bidders each lot needs (k).
    MinBidders,
    /// The most lots one supplier may be awarded (m).
    MaxLotsPerSupplier,
    /// Whether lots may mix service areas.
    MixServiceAreas,
    /// Which service areas' lots may cross authority borders.
    CrossAuthority,
    /// Which service areas' lots must each be open to an SME.
    SmeOpen,
    /// How many providers each framework lot of a service area appoints.
    Appointments,
    /// An authority's own rules in a regional plan (its k, smallest and largest lot).
    AuthorityRules,
    /// The supplier register: suppliers, their coverage, consortia.
    Suppliers,
    /// Work kept in-house.
    InHouse,
    /// How the service is split into segments.
    Split,
    /// Which localities border each other.
    Map,
    /// The time the solver may take.
    TimeLimit,
}

/// A rule that cannot be met, with what is at fault and the smallest change that would help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    /// Plain sentence: what is wrong.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<String>,
    /// Plain sentence: the smallest change that would fix it.
    pub fix: String,
    /// What `fix` asks to change, in its order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<Lever>,
}

/// The solution JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    pub status: Status,
    pub num_lots: Option<u32>,
    pub min_credible_bidders: Option<u32>,
    pub lots: Vec<Lot>,
    /// Proven lower bound on the number of lots (equal to `num_lots` when optimal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_bound: Option<u32>,
    /// Why there is no plan (infeasible) or why the answer is not proven (feasible, unknown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnosis: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<SolveStats>,
}

/// What the solver is doing, reported at each step of a solve (the first at once, before any
/// plan exists), so a person waiting on a large problem sees it working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// In words: "Finding a first plan for 10 groups of segments (1,472 in scope)".
    pub doing: String,
    /// Seconds since the solve started.
    pub seconds: f64,
}

/// How the solve went, for benchmarks and the curious.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolveStats {
    pub segments_in_scope: usize,
    pub candidate_lots: usize,
    /// Exact-cover searches and integer programs solved.
    pub subproblems: usize,
    pub seconds: f64,
    /// The method that produced the plan.
    pub method: String,
    /// How many parts the problem was solved in at once, one worker each
    /// ([`crate::plan::parallel`]); 0 (absent) when it was solved whole.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub parts: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Solution {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a solution always serialises")
    }

    pub fn infeasible(diagnosis: Vec<Finding>) -> Solution {
        Solution {
            status: Status::Infeasible,
            num_lots: None,
            min_credible_bidders: None,
            lots: Vec::new(),
            lower_bound: None,
            diagnosis,
            stats: None,
        }
    }
}
