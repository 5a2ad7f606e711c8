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
    /// An indicative award that, together with the other lots' awards, respects every
    /// supplier's capacity and the per-supplier lot limit (R6).
    pub award: String,
}

/// A rule that cannot be met, with what is at fault and the smallest change that would help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// `R1`..`R6`, or `size` when the problem is too large to solve in time.
    pub rule: String,
    /// Plain sentence: what is wrong.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<String>,
    /// Plain sentence: the smallest change that would fix it.
    pub fix: String,
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
