//! Solving off the page's thread: a Web Worker (`src/bin/worker.rs`) that can be cancelled by
//! terminating it. Requests queue in the worker, so several scenarios can be solved in turn
//! (for comparing them). Natively (for `cargo test`) the solve runs inline.
//!
//! A large problem whose service areas can be planned apart is split into parts, one worker
//! each, on a computer with more than one core ([`super::parts`]); the page merges their plans.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Phase;
use crate::plan::worker::{Message, Request};
use crate::ui::platform::parts::{Parts, Step};
use crate::ui::store::Action;

/// Starts and cancels solves; better plans found on the way arrive as
/// [`Action::SolveProgress`], answers as [`Action::SolveFinished`].
#[derive(Clone)]
pub struct SolverClient {
    dispatch: Callback<Action>,
    worker: Rc<RefCell<Option<imp::Worker>>>,
    /// A second worker for questions asked beside the plan (alternative plans), so they never
    /// hold up "Propose lots", and are not stopped by its Cancel.
    aside: Rc<RefCell<Option<imp::Worker>>>,
    /// The last run number handed out (every solve, foreground or background, gets its own).
    runs: Rc<RefCell<u32>>,
    /// The workers of a solve split into parts (stopped when it ends or is cancelled).
    parts: Rc<RefCell<Vec<imp::Worker>>>,
    /// Stopped workers whose message handlers may still be running: dropped at the next solve.
    stopped: Rc<RefCell<Vec<imp::Worker>>>,
}

/// A problem is split into parts only when it has at least this many segments in scope:
/// smaller ones are solved exactly in well under a second on one worker, while from about
/// this size (tiers and functions multiply the possible lots) their areas are searched, and
/// each part's search gets the whole time limit on a core of its own.
const SPLIT_FROM: usize = 500;

/// At most this many parts (and workers) for one solve.
const MAX_PARTS: usize = 4;

impl PartialEq for SolverClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.worker, &other.worker)
    }
}

/// One scenario to solve.
pub struct Job {
    pub scenario: Scenario,
    pub problem: LotProblem,
    pub time_limit: f64,
}

impl SolverClient {
    /// Solves the active scenario: the plan panel shows progress (the best plan so far) and can
    /// cancel it or stop it and keep that plan.
    pub fn solve(&self, job: Job) {
        let run = self.next_run();
        self.dispatch.emit(Action::SolveStarted { run, time_limit: job.time_limit });
        self.stop_parts();
        self.stopped.borrow_mut().clear();
        let parts = if crate::plan::parallel::market_has_room(&job.problem) { MAX_PARTS.min(imp::cores()) } else { 1 };
        match crate::plan::parallel::split(&job.problem, parts, SPLIT_FROM) {
            Some(parts) => self.solve_in_parts(run, job, parts),
            None => self.send(run, job),
        }
    }

    /// Solves `parts` of the job's problem on workers of their own, merging their plans under
    /// `run`; falls back to the whole problem on the main worker when they cannot be merged.
    fn solve_in_parts(&self, run: u32, job: Job, parts: Vec<LotProblem>) {
        let first = self.next_run();
        for _ in 1..parts.len() {
            self.next_run();
        }
        let (scenario, problem) = (Rc::new(job.scenario.clone()), Rc::new(job.problem.clone()));
        let coordinator = Rc::new(RefCell::new(Parts::new(run, first, parts.len(), scenario.clone(), problem)));
        let time_limit = job.time_limit;
        let whole = Rc::new(RefCell::new(Some(job)));
        let client = self.clone();
        let on_part = Callback::from(move |action: Action| {
            let steps = coordinator.borrow_mut().on(action);
            for step in steps {
                match step {
                    Step::Emit(action) => client.dispatch.emit(action),
                    Step::Finished => client.stop_parts(),
                    Step::Whole(why) => {
                        client.stop_parts();
                        let phase = Phase { doing: why, seconds: 0.0 };
                        client.dispatch.emit(Action::SolvePhase { run, phase: Rc::new(phase) });
                        if let Some(job) = whole.borrow_mut().take() {
                            Self::send_to(&client.worker, &client.dispatch, run, job);
                        }
                    }
                }
            }
        });
        for (i, part) in parts.into_iter().enumerate() {
            let part_run = first + i as u32;
            let request = Request { run: part_run, time_limit_seconds: time_limit, problem: part };
            let text = request_text(&request);
            match imp::Worker::start(on_part.clone()) {
                Ok(mut worker) => {
                    worker.send(text, part_run, scenario.clone(), Rc::new(request.problem));
                    self.parts.borrow_mut().push(worker);
                }
                Err(message) => {
                    on_part.emit(Action::SolveFailed(message));
                    return;
                }
            }
        }
    }

    /// Stops the workers of a solve split into parts (kept until the next solve: one of them
    /// may be the one whose message is being handled).
    fn stop_parts(&self) {
        let mut parts = self.parts.borrow_mut();
        for worker in parts.drain(..) {
            worker.stop();
            self.stopped.borrow_mut().push(worker);
        }
    }

    /// Solves a scenario in the background (after any queued ones); its answer is recorded
    /// for comparison without changing what the plan panel shows.
    pub fn solve_in_background(&self, job: Job) {
        let run = self.next_run();
        self.send(run, job);
    }

    /// Solves a problem in the second worker, beside the plan step's solves: the answer is
    /// recorded under the scenario's id like a background solve.
    pub fn solve_aside(&self, job: Job) {
        let run = self.next_run();
        Self::send_to(&self.aside, &self.dispatch, run, job);
    }

    fn next_run(&self) -> u32 {
        let mut runs = self.runs.borrow_mut();
        *runs += 1;
        *runs
    }

    fn send(&self, run: u32, job: Job) {
        Self::send_to(&self.worker, &self.dispatch, run, job);
    }

    fn send_to(worker: &RefCell<Option<imp::Worker>>, dispatch: &Callback<Action>, run: u32, job: Job) {
        let request = Request { run, time_limit_seconds: job.time_limit, problem: job.problem.clone() };
        let text = request_text(&request);
        let mut slot = worker.borrow_mut();
        if slot.as_ref().is_some_and(imp::Worker::failed) {
            if let Some(broken) = slot.take() {
                broken.terminate();
            }
        }
        if slot.is_none() {
            match imp::Worker::start(dispatch.clone()) {
                Ok(w) => *slot = Some(w),
                Err(message) => {
                    dispatch.emit(Action::SolveFailed(message));
                    return;
                }
            }
        }
        if let Some(w) = slot.as_mut() {
            w.send(text, run, Rc::new(job.scenario), Rc::new(job.problem));
        }
    }

    /// Starts the worker ahead of the first solve, so its script and wasm load with the page
    /// (and the first answer is quicker).
    pub fn warm(&self) {
        let mut slot = self.worker.borrow_mut();
        if slot.is_none() {
            if let Ok(w) = imp::Worker::start(self.dispatch.clone()) {
                *slot = Some(w);
            }
        }
    }

    /// Stops every queued or running solve at once (the worker is terminated; a new one starts
    /// next time). The store keeps the running solve's best plan so far, if it has one.
    pub fn cancel(&self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.stop_parts();
        self.dispatch.emit(Action::SolveCancelled);
    }
}

/// The hook: one solver client per app.
#[hook]
pub fn use_solver_client(dispatch: Callback<Action>) -> SolverClient {
    let worker = use_mut_ref(|| None);
    let aside = use_mut_ref(|| None);
    let runs = use_mut_ref(|| 0);
    let parts = use_mut_ref(Vec::new);
    let stopped = use_mut_ref(Vec::new);
    SolverClient { dispatch, worker, aside, runs, parts, stopped }
}

/// Requests sent and not yet answered, by run number.
type Pending = std::collections::HashMap<u32, (Rc<Scenario>, Rc<LotProblem>)>;

/// Handles one message from the worker: progress or the answer of a pending run.
/// A request as the worker reads it: pretty JSON, as the page writes a lot problem anyway in
/// saved plans (a compact writer of every lot problem type would add to the page's size).
fn request_text(request: &Request) -> String {
    serde_json::to_string_pretty(request).expect("a request always serialises")
}

fn received(dispatch: &Callback<Action>, pending: &RefCell<Pending>, text: &str) {
    match crate::plan::worker::parse_message(text) {
        Ok(Message::Progress { run, solution }) => {
            let job = pending.borrow().get(&run).cloned();
            if let Some((scenario, problem)) = job {
                dispatch.emit(Action::SolveProgress { run, scenario, problem, solution: Rc::new(solution) });
            }
        }
        Ok(Message::Phase { run, phase }) => dispatch.emit(Action::SolvePhase { run, phase: Rc::new(phase) }),
        Ok(Message::Reply(reply)) => {
            let job = pending.borrow_mut().remove(&reply.run);
            match (reply.result, job) {
                (Ok(solution), Some((scenario, problem))) => dispatch.emit(Action::SolveFinished {
                    run: reply.run,
                    scenario,
                    problem,
                    solution: Rc::new(solution),
                }),
                (Err(message), _) => dispatch.emit(Action::SolveFailed(message)),
                (Ok(_), None) => {}
            }
        }
        Err(message) => dispatch.emit(Action::SolveFailed(message)),
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::MessageEvent;
    use yew::Callback;

    use super::Pending;
    use crate::model::Scenario;
    use crate::plan::problem::LotProblem;
    use crate::plan::worker::READY;
    use crate::ui::store::Action;

    /// The worker script (`static/worker_loader.js`, copied into the bundle by Trunk).
    const SCRIPT: &str = "./worker_loader.js";

    /// Marks the page `<html data-solver="ready">` once the solver has loaded, so scripts
    /// (the end-to-end tests, a benchmark) can wait for the page to have fetched everything.
    fn mark_ready() {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-solver", "ready");
        }
    }

    /// The logical processors the browser reports (1 when it does not say).
    pub fn cores() -> usize {
        web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize).max(1)
    }

    pub struct Worker {
        inner: web_sys::Worker,
        /// Requests waiting for the worker to say it is ready.
        queued: Rc<RefCell<Vec<String>>>,
        ready: Rc<Cell<bool>>,
        pending: Rc<RefCell<Pending>>,
        failed: Rc<Cell<bool>>,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(JsValue)>,
    }

    impl Worker {
        pub fn start(dispatch: Callback<Action>) -> Result<Worker, String> {
            let inner = web_sys::Worker::new(SCRIPT)
                .map_err(|e| format!("The solver could not start in this browser ({e:?}). Try reloading the page."))?;
            let queued: Rc<RefCell<Vec<String>>> = Rc::default();
            let ready: Rc<Cell<bool>> = Rc::default();
            let pending: Rc<RefCell<Pending>> = Rc::default();
            let failed: Rc<Cell<bool>> = Rc::default();
            let on_message = {
                let (inner, queued, ready, pending, dispatch) =
                    (inner.clone(), queued.clone(), ready.clone(), pending.clone(), dispatch.clone());
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    let text = event.data().as_string().unwrap_or_default();
                    if text == READY {
                        ready.set(true);
                        mark_ready();
                        for request in queued.borrow_mut().drain(..) {
                            let _ = inner.post_message(&JsValue::from_str(&request));
                        }
                        return;
                    }
                    super::received(&dispatch, &pending, &text);
                })
            };
            let on_error = {
                let (failed, pending) = (failed.clone(), pending.clone());
                Closure::<dyn FnMut(JsValue)>::new(move |_| {
                    failed.set(true);
                    // An idle worker that failed (say its script did not load) is replaced at
                    // the next solve; only a failure during a solve is news to the user.
                    if pending.borrow_mut().drain().next().is_some() {
                        dispatch.emit(Action::SolveFailed(
                            "The solver stopped unexpectedly. Try again; if it keeps failing, reload the page (your work is kept).".into(),
                        ));
                    }
                })
            };
            inner.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            inner.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(Worker { inner, queued, ready, pending, failed, _on_message: on_message, _on_error: on_error })
        }

        pub fn send(&mut self, request: String, run: u32, scenario: Rc<Scenario>, problem: Rc<LotProblem>) {
            self.pending.borrow_mut().insert(run, (scenario, problem));
            if self.ready.get() {
                let _ = self.inner.post_message(&JsValue::from_str(&request));
            } else {
                self.queued.borrow_mut().push(request);
            }
        }

        pub fn terminate(self) {
            self.inner.terminate();
        }

        /// Stops the worker, keeping its handlers alive until this is dropped.
        pub fn stop(&self) {
            self.inner.terminate();
            self.pending.borrow_mut().clear();
        }

        /// The script failed to load or the worker crashed; a new one is needed.
        pub fn failed(&self) -> bool {
            self.failed.get()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::cell::RefCell;
    use std::rc::Rc;

    use yew::Callback;

    use super::Pending;
    use crate::model::Scenario;
    use crate::plan::problem::LotProblem;
    use crate::plan::worker::handle;
    use crate::ui::store::Action;

    /// Native stand-in: solves inline (used only by native builds and tests).
    pub struct Worker {
        dispatch: Callback<Action>,
        pending: RefCell<Pending>,
    }

    impl Worker {
        pub fn start(dispatch: Callback<Action>) -> Result<Worker, String> {
            Ok(Worker { dispatch, pending: RefCell::default() })
        }

        pub fn send(&mut self, request: String, run: u32, scenario: Rc<Scenario>, problem: Rc<LotProblem>) {
            self.pending.borrow_mut().insert(run, (scenario, problem));
            super::received(&self.dispatch, &self.pending, &handle(&request));
        }

        pub fn terminate(self) {}

        pub fn stop(&self) {}

        pub fn failed(&self) -> bool {
            false
        }
    }

    /// Natively every solve runs inline on one thread: never split.
    pub fn cores() -> usize {
        1
    }
}
