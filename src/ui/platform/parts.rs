//! A solve split into parts on several workers at once ([`crate::plan::parallel`]): what the
//! page does with each part's messages. It is pure, so it is tested natively; the solver
//! client carries out the [`Step`]s it returns.
//!
//! Each part's plans are merged as they come (with a joint award) and shown as one plan under
//! the solve's own run; the parts' answers are merged into the answer. The first time the parts'
//! plans cannot be awarded together (or a part's worker fails), the parts stop and the whole
//! problem is solved at once instead, as it would have been without the split.

use std::rc::Rc;

use crate::model::Scenario;
use crate::plan::parallel::{self, NotMerged};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Phase, Solution};
use crate::ui::store::Action;

/// What the solver client does next.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Hand this to the store.
    Emit(Action),
    /// Stop the parts' workers and solve the whole problem at once; the text says why.
    Whole(String),
    /// Every part answered: stop the parts' workers.
    Finished,
}

/// One solve split into parts: part `i` runs as run `first + i`, and the whole as `run`.
pub struct Parts {
    run: u32,
    first: u32,
    scenario: Rc<Scenario>,
    problem: Rc<LotProblem>,
    best: Vec<Option<Solution>>,
    done: Vec<Option<Solution>>,
    over: bool,
}

impl Parts {
    pub fn new(run: u32, first: u32, parts: usize, scenario: Rc<Scenario>, problem: Rc<LotProblem>) -> Parts {
        Parts { run, first, scenario, problem, best: vec![None; parts], done: vec![None; parts], over: false }
    }

    /// Which part run `run` is.
    fn part(&self, run: u32) -> Option<usize> {
        let i = run.checked_sub(self.first)? as usize;
        (i < self.best.len()).then_some(i)
    }

    /// Takes one of a part's messages (as its worker turned it into an action).
    pub fn on(&mut self, action: Action) -> Vec<Step> {
        if self.over {
            return Vec::new();
        }
        let n = self.best.len();
        match action {
            Action::SolvePhase { run, phase } => match self.part(run) {
                Some(i) => vec![Step::Emit(Action::SolvePhase {
                    run: self.run,
                    phase: Rc::new(Phase {
                        doing: format!("Part {} of {n}, on its own worker: {}", i + 1, phase.doing),
                        seconds: phase.seconds,
                    }),
                })],
                None => Vec::new(),
            },
            Action::SolveProgress { run, solution, .. } => {
                let Some(i) = self.part(run) else { return Vec::new() };
                self.best[i] = Some((*solution).clone());
                let Some(all) = self.best.iter().cloned().collect::<Option<Vec<Solution>>>() else { return Vec::new() };
                match parallel::merge(&self.problem, &all) {
                    Ok(merged) if merged.num_lots.is_some() => vec![Step::Emit(self.progress(merged))],
                    Ok(_) => Vec::new(),
                    Err(NotMerged::Award) => self.whole(format!(
                        "The {n} parts' plans cannot be awarded together within the suppliers' capacity and lot limits (R6): solving the whole problem at once"
                    )),
                }
            }
            Action::SolveFinished { run, solution, .. } => {
                let Some(i) = self.part(run) else { return Vec::new() };
                self.done[i] = Some((*solution).clone());
                let Some(all) = self.done.iter().cloned().collect::<Option<Vec<Solution>>>() else { return Vec::new() };
                match parallel::merge(&self.problem, &all) {
                    Ok(merged) => {
                        self.over = true;
                        vec![
                            Step::Emit(Action::SolveFinished {
                                run: self.run,
                                scenario: self.scenario.clone(),
                                problem: self.problem.clone(),
                                solution: Rc::new(merged),
                            }),
                            Step::Finished,
                        ]
                    }
                    Err(NotMerged::Award) => self.whole(format!(
                        "The {n} parts' answers cannot be awarded together within the suppliers' capacity and lot limits (R6): solving the whole problem at once"
                    )),
                }
            }
            Action::SolveFailed(message) => {
                self.whole(format!("A part's worker stopped ({message}): solving the whole problem at once"))
            }
            _ => Vec::new(),
        }
    }

    fn progress(&self, solution: Solution) -> Action {
        Action::SolveProgress {
            run: self.run,
            scenario: self.scenario.clone(),
            problem: self.problem.clone(),
            solution: Rc::new(solution),
        }
    }

    fn whole(&mut self, why: String) -> Vec<Step> {
        self.over = true;
        vec![Step::Whole(why)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::solution::Status;
    use crate::plan::solver::{solve, Options};

    fn setup() -> (Parts, Vec<LotProblem>, Rc<LotProblem>) {
        let ws = Workspace::default_workspace();
        let problem = Rc::new(crate::plan::lower::lower_active(&ws).unwrap());
        let parts = parallel::split(&problem, 2, 0).unwrap();
        let scenario = Rc::new(ws.active_scenario().clone());
        (Parts::new(7, 8, 2, scenario, problem.clone()), parts, problem)
    }

    fn message(run: u32, problem: &LotProblem, finished: bool) -> Action {
        let (scenario, problem_rc) =
            (Rc::new(Workspace::default_workspace().active_scenario().clone()), Rc::new(problem.clone()));
        let solution = Rc::new(solve(problem, &Options::default()));
        if finished {
            Action::SolveFinished { run, scenario, problem: problem_rc, solution }
        } else {
            Action::SolveProgress { run, scenario, problem: problem_rc, solution }
        }
    }

    #[test]
    fn the_parts_answers_become_one_answer_under_the_solve_s_run() {
        let (mut parts, split, problem) = setup();
        assert_eq!(parts.on(message(8, &split[0], false)), Vec::new(), "one part's plan alone is not a plan");
        let steps = parts.on(message(9, &split[1], false));
        let [Step::Emit(Action::SolveProgress { run: 7, problem: p, solution, .. })] = steps.as_slice() else {
            panic!("{steps:?}")
        };
        assert_eq!(**p, *problem, "shown against the whole problem");
        assert_eq!(
            solution.lots.len(),
            solution.lots.iter().map(|l| l.id.clone()).collect::<std::collections::BTreeSet<_>>().len()
        );
        assert!(parts.on(message(8, &split[0], true)).is_empty());
        let steps = parts.on(message(9, &split[1], true));
        let [Step::Emit(Action::SolveFinished { run: 7, solution, .. }), Step::Finished] = steps.as_slice() else {
            panic!("{steps:?}")
        };
        let whole = solve(&problem, &Options::default());
        assert_eq!((solution.status, solution.num_lots), (Status::Optimal, whole.num_lots));
        assert!(parts.on(message(9, &split[1], true)).is_empty(), "nothing after the answer");
        // Phases are told apart by part, under the solve's run.
        let (mut parts, _, _) = setup();
        let phase = Rc::new(Phase { doing: "Finding a first plan".into(), seconds: 0.1 });
        let steps = parts.on(Action::SolvePhase { run: 9, phase });
        let [Step::Emit(Action::SolvePhase { run: 7, phase })] = steps.as_slice() else { panic!("{steps:?}") };
        assert_eq!(phase.doing, "Part 2 of 2, on its own worker: Finding a first plan");
        assert!(parts.on(Action::SolvePhase { run: 3, phase: phase.clone() }).is_empty(), "another run's");
    }

    #[test]
    fn a_failed_part_or_an_award_that_does_not_fit_solves_the_whole() {
        let (mut parts, _, _) = setup();
        let steps = parts.on(Action::SolveFailed("out of memory".into()));
        assert!(matches!(steps.as_slice(), [Step::Whole(why)] if why.contains("out of memory")), "{steps:?}");
        assert!(parts.on(Action::SolveFailed("again".into())).is_empty(), "once");

        // Each part's plan takes the one supplier's only lot: together they cannot be awarded.
        let problem = parallel::crowded();
        let split = parallel::split(&problem, 2, 0).unwrap();
        let scenario = Rc::new(Workspace::default_workspace().active_scenario().clone());
        let mut parts = Parts::new(1, 2, 2, scenario, Rc::new(problem));
        assert!(parts.on(message(2, &split[0], false)).is_empty());
        let steps = parts.on(message(3, &split[1], false));
        assert!(
            matches!(steps.as_slice(), [Step::Whole(why)] if why.contains("cannot be awarded together")),
            "{steps:?}"
        );
    }
}
