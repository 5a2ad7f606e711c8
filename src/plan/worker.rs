//! Messages between the page and the solve worker (`src/bin/worker.rs`), as JSON text.
//!
//! The page posts a [`Request`]. While solving, the worker posts a [`Message::Phase`] as the
//! solver moves from step to step (the first at once, before any plan exists) and a
//! [`Message::Progress`] for each better plan it finds, then one [`Message::Reply`] with the
//! final answer. The
//! worker first posts [`READY`] so the page never sends a request before the worker listens.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use web_time::Instant;

use crate::plan::problem::LotProblem;
use crate::plan::solution::{Phase, Solution};
use crate::plan::solver::{self, Options};

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

/// Everything the worker posts after [`READY`], told apart by its `"type"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// The best plan so far of run `run`: valid (status `feasible`), with its lower bound and
    /// `stats.seconds` (when it was found). More may follow, then the reply.
    Progress { run: u32, solution: Solution },
    /// What the solver of run `run` is doing now (a step of the solve, in words).
    Phase { run: u32, phase: Phase },
    /// The final answer to run `reply.run`.
    Reply(Reply),
}

/// Handles one request: JSON in, the [`Message::Reply`] JSON out, never a panic on bad input.
pub fn handle(text: &str) -> String {
    to_json(&Message::Reply(answer(text, None)))
}

/// Like [`handle`], and calls `emit` with a [`Message::Phase`] JSON at each step of the solve
/// and a [`Message::Progress`] JSON for each better plan found while solving. `emit` runs synchronously inside the solve; the worker posts each
/// message as it comes, and the page receives it while the solve goes on.
///
/// Nothing is throttled: the solver reports only strictly better plans (fewer lots, or as
/// many with a thicker thinnest lot) or the same plan with a higher lower bound, so there are
/// few (one or two on the shipped example), and dropping one could leave the page offering to
/// keep a plan worse than the best found.
pub fn handle_with(text: &str, emit: impl Fn(String) + 'static) -> String {
    let emit: Rc<dyn Fn(String)> = Rc::new(emit);
    to_json(&Message::Reply(answer(text, Some(emit))))
}

fn to_json(message: &Message) -> String {
    serde_json::to_string(message).expect("a message always serialises")
}

fn answer(text: &str, emit: Option<Rc<dyn Fn(String)>>) -> Reply {
    let req = match serde_json::from_str::<Request>(text) {
        Ok(req) => req,
        Err(e) => {
            return Reply { run: 0, result: Err(format!("the worker could not read the request: {e}")), seconds: 0.0 }
        }
    };
    let started = Instant::now();
    let result = match req.problem.validate() {
        Err(issues) => Err(issues.to_string()),
        Ok(()) => {
            let limit = req.time_limit_seconds.clamp(0.1, 3600.0);
            let phase = emit.clone().map(|emit| phase_sender(req.run, emit));
            let progress = emit.map(|emit| progress_sender(req.run, emit));
            let options = Options {
                time_limit: std::time::Duration::from_secs_f64(limit),
                progress,
                phase,
                ..Options::default()
            };
            Ok(solver::solve(&req.problem, &options))
        }
    };
    Reply { run: req.run, result, seconds: started.elapsed().as_secs_f64() }
}

/// The solver's progress hook for run `run`: each plan becomes a [`Message::Progress`].
fn progress_sender(run: u32, emit: Rc<dyn Fn(String)>) -> solver::OnProgress {
    Rc::new(move |solution: &Solution| emit(to_json(&Message::Progress { run, solution: solution.clone() })))
}

/// The solver's phase hook for run `run`: each step becomes a [`Message::Phase`].
fn phase_sender(run: u32, emit: Rc<dyn Fn(String)>) -> solver::OnPhase {
    Rc::new(move |phase: &Phase| emit(to_json(&Message::Phase { run, phase: phase.clone() })))
}

/// Parses a message from the worker on the page side.
pub fn parse_message(text: &str) -> Result<Message, String> {
    serde_json::from_str(text).map_err(|e| format!("the solve worker sent an unreadable answer: {e}"))
}

/// Parses the worker's final reply (a progress message is an error here).
pub fn parse_reply(text: &str) -> Result<Reply, String> {
    match parse_message(text)? {
        Message::Reply(reply) => Ok(reply),
        Message::Progress { .. } | Message::Phase { .. } => {
            Err("the solve worker sent progress where its answer was expected".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::plan::solution::Status;

    fn default_request(run: u32) -> String {
        let problem = crate::plan::lower::lower_active(&crate::model::Workspace::default_workspace()).unwrap();
        serde_json::to_string(&Request { run, time_limit_seconds: 10.0, problem }).unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_request_round_trips_to_a_solution() {
        let reply = parse_reply(&handle(&default_request(7))).unwrap();
        assert_eq!(reply.run, 7);
        let solution = reply.result.unwrap();
        assert_eq!(solution.status, Status::Optimal);
        assert!(solution.num_lots.unwrap() > 0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn progress_comes_before_the_reply_and_is_told_apart_from_it() {
        let sent: Rc<RefCell<Vec<String>>> = Rc::default();
        let reply = {
            let sent = sent.clone();
            handle_with(&default_request(3), move |m| sent.borrow_mut().push(m))
        };
        let sent = sent.borrow();
        assert!(!sent.is_empty(), "the quick plan is reported");
        let Message::Reply(reply) = parse_message(&reply).unwrap() else { panic!("the last message is the reply") };
        let best = reply.result.unwrap();
        // The first message says what the solver is doing, before any plan.
        let Message::Phase { run, phase } = parse_message(&sent[0]).unwrap() else {
            panic!("a phase first: {}", sent[0])
        };
        assert_eq!(run, 3);
        assert!(phase.doing.starts_with("Finding a first plan"), "{phase:?}");
        assert!(parse_reply(&sent[0]).is_err(), "a phase is not mistaken for the answer");
        let plans: Vec<&String> =
            sent.iter().filter(|t| !matches!(parse_message(t), Ok(Message::Phase { .. }))).collect();
        assert!(!plans.is_empty(), "the quick plan is reported");
        for text in plans {
            let Message::Progress { run, solution } = parse_message(text).unwrap() else {
                panic!("progress, not a reply: {text}")
            };
            assert_eq!(run, 3);
            assert_eq!(solution.status, Status::Feasible);
            let (lots, bound) = (solution.num_lots.unwrap(), solution.lower_bound.unwrap());
            assert!(bound <= lots && lots as usize == solution.lots.len());
            assert!(lots >= best.num_lots.unwrap(), "no progress plan beats the final answer");
            assert!(solution.lots.iter().all(|l| !l.award.is_empty()), "progress plans have awards");
            assert!(solution.stats.is_some_and(|s| s.seconds >= 0.0));
            assert!(parse_reply(text).is_err(), "progress is not mistaken for the answer");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_request_without_a_listener_sends_no_progress_and_garbage_gets_an_error() {
        for bad in ["", "{", "null", "{\"run\": 1}", "\u{0}\u{1}"] {
            let sent: Rc<RefCell<Vec<String>>> = Rc::default();
            let out = {
                let sent = sent.clone();
                handle_with(bad, move |m| sent.borrow_mut().push(m))
            };
            assert!(sent.borrow().is_empty());
            let reply = parse_reply(&out).unwrap();
            assert!(reply.result.unwrap_err().contains("could not read"));
            assert!(parse_reply(&handle(bad)).unwrap().result.unwrap_err().contains("could not read"));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn an_unreadable_message_is_an_error_not_a_panic() {
        for bad in ["", "{}", "{\"type\":\"progress\"}", "{\"type\":\"other\",\"run\":1}"] {
            assert!(parse_message(bad).is_err(), "{bad}");
        }
    }
}
