//! Solving off the page's thread: a Web Worker (`src/bin/worker.rs`) that can be cancelled by
//! terminating it. Natively (for `cargo test`) the solve runs inline.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::store::Action;
use crate::problem::LotProblem;
use crate::worker_protocol::Request;

/// Starts and cancels solves; answers arrive as [`Action`]s.
#[derive(Clone)]
pub struct SolverClient {
    dispatch: Callback<Action>,
    worker: Rc<RefCell<Option<imp::Worker>>>,
}

impl PartialEq for SolverClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.worker, &other.worker)
    }
}

impl SolverClient {
    /// Solves `problem` as run `run` with a time limit in seconds.
    pub fn solve(&self, run: u32, problem: LotProblem, time_limit: f64) {
        self.dispatch.emit(Action::SolveStarted { run, time_limit });
        let problem = Rc::new(problem);
        let request = Request { run, time_limit_seconds: time_limit, problem: (*problem).clone() };
        let text = serde_json::to_string(&request).expect("a request always serialises");
        let mut slot = self.worker.borrow_mut();
        if slot.as_ref().is_some_and(imp::Worker::failed) {
            if let Some(broken) = slot.take() {
                broken.terminate();
            }
        }
        if slot.is_none() {
            match imp::Worker::start(self.dispatch.clone()) {
                Ok(w) => *slot = Some(w),
                Err(message) => {
                    self.dispatch.emit(Action::SolveFailed(message));
                    return;
                }
            }
        }
        if let Some(w) = slot.as_mut() {
            w.send(text, problem);
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

    /// Stops the running solve at once (the worker is terminated; a new one starts next time).
    pub fn cancel(&self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.dispatch.emit(Action::SolveCancelled);
    }
}

/// The hook: one solver client per app.
#[hook]
pub fn use_solver_client(dispatch: Callback<Action>) -> SolverClient {
    let worker = use_mut_ref(|| None);
    SolverClient { dispatch, worker }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::MessageEvent;
    use yew::Callback;

    use crate::problem::LotProblem;
    use crate::ui::store::Action;
    use crate::worker_protocol::{parse_reply, READY};

    /// The worker script Trunk emits for `src/bin/worker.rs` (`data-loader-shim`).
    const SCRIPT: &str = "./worker_loader.js";

    pub struct Worker {
        inner: web_sys::Worker,
        /// Requests waiting for the worker to say it is ready.
        pending: Rc<RefCell<Option<String>>>,
        ready: Rc<RefCell<bool>>,
        problem: Rc<RefCell<Option<Rc<LotProblem>>>>,
        failed: Rc<std::cell::Cell<bool>>,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(JsValue)>,
    }

    impl Worker {
        pub fn start(dispatch: Callback<Action>) -> Result<Worker, String> {
            let inner = web_sys::Worker::new(SCRIPT)
                .map_err(|e| format!("The solver could not start in this browser ({e:?}). Try reloading the page."))?;
            let pending: Rc<RefCell<Option<String>>> = Rc::default();
            let ready: Rc<RefCell<bool>> = Rc::default();
            let problem: Rc<RefCell<Option<Rc<LotProblem>>>> = Rc::default();
            let on_message = {
                let (inner, pending, ready, problem, dispatch) =
                    (inner.clone(), pending.clone(), ready.clone(), problem.clone(), dispatch.clone());
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    let text = event.data().as_string().unwrap_or_default();
                    if text == READY {
                        *ready.borrow_mut() = true;
                        if let Some(request) = pending.borrow_mut().take() {
                            let _ = inner.post_message(&JsValue::from_str(&request));
                        }
                        return;
                    }
                    let current = problem.borrow_mut().take();
                    match parse_reply(&text) {
                        Ok(reply) => match (reply.result, current) {
                            (Ok(solution), Some(problem)) => dispatch.emit(Action::SolveFinished {
                                run: reply.run,
                                problem,
                                solution: std::rc::Rc::new(solution),
                            }),
                            (Err(message), _) => dispatch.emit(Action::SolveFailed(message)),
                            (Ok(_), None) => {}
                        },
                        Err(message) => dispatch.emit(Action::SolveFailed(message)),
                    }
                })
            };
            let failed: Rc<std::cell::Cell<bool>> = Rc::default();
            let failed_flag = failed.clone();
            let busy_flag = problem.clone();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                failed_flag.set(true);
                // An idle worker that failed (say its script did not load) is replaced at the
                // next solve; only a failure during a solve is news to the user.
                if busy_flag.borrow_mut().take().is_none() {
                    return;
                }
                dispatch.emit(Action::SolveFailed(
                    "The solver stopped unexpectedly. Try again; if it keeps failing, reload the page (your work is kept).".into(),
                ));
            });
            inner.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            inner.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(Worker { inner, pending, ready, problem, failed, _on_message: on_message, _on_error: on_error })
        }

        pub fn send(&mut self, request: String, problem: Rc<LotProblem>) {
            *self.problem.borrow_mut() = Some(problem);
            if *self.ready.borrow() {
                let _ = self.inner.post_message(&JsValue::from_str(&request));
            } else {
                *self.pending.borrow_mut() = Some(request);
            }
        }

        pub fn terminate(self) {
            self.inner.terminate();
        }

        /// The script failed to load or the worker crashed; a new one is needed.
        pub fn failed(&self) -> bool {
            self.failed.get()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::rc::Rc;

    use yew::Callback;

    use crate::problem::LotProblem;
    use crate::ui::store::Action;
    use crate::worker_protocol::{handle, parse_reply};

    /// Native stand-in: solves inline (used only by native builds and tests).
    pub struct Worker {
        dispatch: Callback<Action>,
    }

    impl Worker {
        pub fn start(dispatch: Callback<Action>) -> Result<Worker, String> {
            Ok(Worker { dispatch })
        }

        pub fn send(&mut self, request: String, problem: Rc<LotProblem>) {
            match parse_reply(&handle(&request)) {
                Ok(reply) => match reply.result {
                    Ok(solution) => self.dispatch.emit(Action::SolveFinished {
                        run: reply.run,
                        problem,
                        solution: Rc::new(solution),
                    }),
                    Err(message) => self.dispatch.emit(Action::SolveFailed(message)),
                },
                Err(message) => self.dispatch.emit(Action::SolveFailed(message)),
            }
        }

        pub fn terminate(self) {}

        pub fn failed(&self) -> bool {
            false
        }
    }
}
