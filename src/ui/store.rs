//! The app's one store: [`State`] changed only by [`Action`]s, through Yew's `use_reducer`.
//!
//! Edits replace the active scenario as a whole (`Action::EditScenario`), so every edit is one
//! undoable step and components stay simple: they get the scenario and a `Callback<Scenario>`.
//! Domain verbs live on the model (`crate::model`); this reducer only dispatches.

use std::rc::Rc;

use yew::Reducible;

use crate::error::Issues;
use crate::model::{Scenario, Workspace};
use crate::problem::LotProblem;
use crate::solution::Solution;

/// How many edits can be undone.
pub const UNDO_DEPTH: usize = 100;

/// The panels of the app, in the order a commissioner works through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Service,
    Suppliers,
    Rules,
    Plan,
    Scenarios,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Service, Tab::Suppliers, Tab::Rules, Tab::Plan, Tab::Scenarios];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Service => "1. Service and segments",
            Tab::Suppliers => "2. Suppliers",
            Tab::Rules => "3. Lot rules",
            Tab::Plan => "4. Proposed lots",
            Tab::Scenarios => "5. Scenarios and years",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Service => "service",
            Tab::Suppliers => "suppliers",
            Tab::Rules => "rules",
            Tab::Plan => "plan",
            Tab::Scenarios => "scenarios",
        }
    }
}

/// Where solving stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Solve {
    /// Nothing solved yet for this workspace.
    Idle,
    /// The worker is solving run number `run`.
    Running { run: u32, time_limit: f64 },
    /// The last answer, with the problem it answers. `stale` once the scenario has changed.
    Done { problem: Rc<LotProblem>, solution: Rc<Solution>, stale: bool },
    /// The scenario could not be turned into a lot problem.
    Invalid(Issues),
    /// The user stopped the run.
    Cancelled,
    /// The worker failed (for example it could not start); the message says what to do.
    Failed(String),
}

/// The last plan made for a scenario, kept so scenarios can be compared side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioResult {
    /// The scenario as it was when solved (compare with the current one to spot changes).
    pub scenario: Scenario,
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub workspace: Workspace,
    pub undo: Vec<Workspace>,
    pub redo: Vec<Workspace>,
    pub tab: Tab,
    pub solve: Solve,
    /// Counts solve runs, so a late answer from a cancelled run is ignored.
    pub runs: u32,
    /// The latest plan of each scenario, by scenario id.
    pub results: std::collections::BTreeMap<String, ScenarioResult>,
    /// A message for the user about the workspace as a whole (e.g. what was restored).
    pub notice: Option<String>,
}

impl State {
    pub fn new(workspace: Workspace) -> State {
        State {
            workspace,
            undo: Vec::new(),
            redo: Vec::new(),
            tab: Tab::Service,
            solve: Solve::Idle,
            runs: 0,
            results: Default::default(),
            notice: None,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        self.workspace.active_scenario()
    }

    pub fn is_solving(&self) -> bool {
        matches!(self.solve, Solve::Running { .. })
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(Workspace::default_workspace())
    }
}

/// Everything that can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the active scenario (one undoable edit).
    EditScenario(Scenario),
    /// Replace the whole workspace (an import; undoable).
    ReplaceWorkspace(Workspace),
    Undo,
    Redo,
    SetTab(Tab),
    /// Show (or clear) a message about the workspace.
    SetNotice(Option<String>),
    /// A solve was handed to the worker.
    SolveStarted { run: u32, time_limit: f64 },
    /// The worker answered run `run`, a solve of the scenario with id `scenario`.
    SolveFinished { run: u32, scenario: Scenario, problem: Rc<LotProblem>, solution: Rc<Solution> },
    /// The scenario does not lower to a valid lot problem.
    SolveInvalid(Issues),
    SolveCancelled,
    SolveFailed(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::EditScenario(scenario) => {
                if *s.scenario() == scenario {
                    return self;
                }
                s.remember();
                s.set_scenario(scenario);
                s.mark_stale();
            }
            Action::ReplaceWorkspace(workspace) => {
                s.remember();
                s.workspace = workspace;
                s.solve = Solve::Idle;
            }
            Action::Undo => {
                let Some(previous) = s.undo.pop() else { return self };
                s.redo.push(std::mem::replace(&mut s.workspace, previous));
                s.mark_stale();
            }
            Action::Redo => {
                let Some(next) = s.redo.pop() else { return self };
                s.undo.push(std::mem::replace(&mut s.workspace, next));
                s.mark_stale();
            }
            Action::SetNotice(notice) => s.notice = notice,
            Action::SetTab(tab) => {
                if s.tab == tab {
                    return self;
                }
                s.tab = tab;
            }
            Action::SolveStarted { run, time_limit } => {
                s.runs = run;
                s.solve = Solve::Running { run, time_limit };
            }
            Action::SolveFinished { run, scenario, problem, solution } => {
                let result = ScenarioResult { scenario: scenario.clone(), problem: problem.clone(), solution: solution.clone() };
                s.results.insert(scenario.id.clone(), result);
                if matches!(s.solve, Solve::Running { run: r, .. } if r == run) {
                    s.solve = Solve::Done { problem, solution, stale: *s.scenario() != scenario };
                }
            }
            Action::SolveInvalid(issues) => s.solve = Solve::Invalid(issues),
            Action::SolveCancelled => s.solve = Solve::Cancelled,
            Action::SolveFailed(message) => {
                if !s.is_solving() {
                    return self; // e.g. the idle worker failed to load: reported at the next solve
                }
                s.solve = Solve::Failed(message);
            }
        }
        Rc::new(s)
    }
}

impl State {
    fn remember(&mut self) {
        self.undo.push(self.workspace.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn set_scenario(&mut self, scenario: Scenario) {
        let index = self.workspace.active_index().unwrap_or(0);
        match self.workspace.scenarios.get_mut(index) {
            Some(slot) => *slot = scenario,
            None => self.workspace.scenarios.push(scenario),
        }
    }

    fn mark_stale(&mut self) {
        match &mut self.solve {
            Solve::Done { stale, .. } => *stale = true,
            Solve::Invalid(_) | Solve::Cancelled | Solve::Failed(_) => self.solve = Solve::Idle,
            Solve::Idle | Solve::Running { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    #[test]
    fn edits_undo_and_redo() {
        let start = Rc::new(State::default());
        let mut edited = start.scenario().clone();
        edited.rules.k = 3;
        let s = reduce(start.clone(), Action::EditScenario(edited.clone()));
        assert_eq!(s.scenario().rules.k, 3);
        let s = reduce(s, Action::Undo);
        assert_eq!(s.scenario().rules.k, start.scenario().rules.k);
        let s = reduce(s, Action::Redo);
        assert_eq!(s.scenario().rules.k, 3);
        assert!(s.redo.is_empty() && s.undo.len() == 1);
    }

    #[test]
    fn an_unchanged_edit_is_not_an_undo_step() {
        let start = Rc::new(State::default());
        let same = start.scenario().clone();
        let s = reduce(start.clone(), Action::EditScenario(same));
        assert!(Rc::ptr_eq(&start, &s));
    }

    #[test]
    fn late_answers_from_cancelled_runs_are_ignored() {
        let problem = Rc::new(crate::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(Solution::infeasible(Vec::new()));
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let s = reduce(s, Action::SolveCancelled);
        let scenario = s.scenario().clone();
        let s = reduce(s, Action::SolveFinished { run: 1, scenario: scenario.clone(), problem: problem.clone(), solution: solution.clone() });
        assert_eq!(s.solve, Solve::Cancelled);
        assert!(s.results.contains_key(&scenario.id), "a finished solve is still kept for comparison");
        let s = reduce(s, Action::SolveStarted { run: 2, time_limit: 5.0 });
        let s = reduce(s, Action::SolveFinished { run: 2, scenario, problem, solution });
        assert!(matches!(s.solve, Solve::Done { stale: false, .. }));
    }

    #[test]
    fn editing_after_a_solve_marks_the_plan_stale() {
        let problem = Rc::new(crate::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(Solution::infeasible(Vec::new()));
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let scenario = s.scenario().clone();
        let s = reduce(s, Action::SolveFinished { run: 1, scenario, problem, solution });
        let mut edited = s.scenario().clone();
        edited.rules.m = 4;
        let s = reduce(s, Action::EditScenario(edited));
        assert!(matches!(s.solve, Solve::Done { stale: true, .. }));
    }
}
