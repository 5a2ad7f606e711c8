//! Messages between the page and the solve worker (`src/bin/worker.rs`), as JSON text.
//!
//! The page posts a [`Request`]; the worker answers with a [`Reply`]. The worker first posts
//! [`READY`] so the page never sends a request before the worker listens.

use serde::{Deserialize, Serialize};

use crate::problem::LotProblem;
use crate::solution::Solution;
use crate::solver::{self, Options};

/// What the worker posts once it is listening.
pub const READY: &str = "ready";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub run: u32,
    pub time_limit_seconds: f64,
    pub problem: LotProblem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub run: u32,
    /// The solution, or why the request could not be handled.
    pub result: Result<Solution, String>,
    /// Wall time of the solve inside the worker.
    pub seconds: f64,
}

/// Handles one request: JSON in, JSON out, never a panic on bad input.
pub fn handle(text: &str) -> String {
    let reply = match serde_json::from_str::<Request>(text) {
        Ok(req) => answer(&req),
        Err(e) => Reply { run: 0, result: Err(format!("the worker could not read the request: {e}")), seconds: 0.0 },
    };
    serde_json::to_string(&reply).expect("a reply always serialises")
}

fn answer(req: &Request) -> Reply {
    let started = web_time::Instant::now();
    let result = match req.problem.validate() {
        Err(issues) => Err(issues.to_string()),
        Ok(()) => {
            let limit = req.time_limit_seconds.clamp(0.1, 3600.0);
            let options = Options { time_limit: std::time::Duration::from_secs_f64(limit), ..Options::default() };
            Ok(solver::solve(&req.problem, &options))
        }
    };
    Reply { run: req.run, result, seconds: started.elapsed().as_secs_f64() }
}

/// Parses the worker's reply on the page side.
pub fn parse_reply(text: &str) -> Result<Reply, String> {
    serde_json::from_str(text).map_err(|e| format!("the solve worker sent an unreadable answer: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_to_a_solution() {
        let problem = crate::lower::lower_active(&crate::model::Workspace::default_workspace()).unwrap();
        let req = Request { run: 7, time_limit_seconds: 10.0, problem };
        let reply = parse_reply(&handle(&serde_json::to_string(&req).unwrap())).unwrap();
        assert_eq!(reply.run, 7);
        let solution = reply.result.unwrap();
        assert_eq!(solution.status, crate::solution::Status::Optimal);
        assert!(solution.num_lots.unwrap() > 0);
    }

    #[test]
    fn garbage_gets_an_error_reply_not_a_panic() {
        for bad in ["", "{", "null", "{\"run\": 1}", "\u{0}\u{1}"] {
            let reply = parse_reply(&handle(bad)).unwrap();
            assert!(reply.result.unwrap_err().contains("could not read"));
        }
    }
}
