//! The app's one store: [`State`] changed only by [`Action`]s, through Yew's `use_reducer`.
//!
//! Every change to the workspace is an [`Action::Edit`] carrying a typed
//! [`crate::model::edit::Edit`], applied by the model (`Workspace::apply`): undo, redo, autosave
//! and validation see every edit the same way. Undo keeps shared snapshots ([`History`]), so
//! an action copies pointers, never the workspaces of the history. Components reach the
//! workspace and make edits through the [`Doc`] context ([`use_doc`]); this reducer only
//! dispatches.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::base::error::Issues;
use crate::base::text::seconds;
use crate::model::edit::{Edit, EditError};
use crate::model::target::{Step, Target};
use crate::model::{Scenario, Workspace};
use crate::plan::problem::LotProblem;
use crate::plan::saved::{Document, SavedPlan};
use crate::plan::solution::{Finding, Lever, Phase, Rule, Solution, Status};

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

impl From<Step> for Tab {
    fn from(step: Step) -> Tab {
        match step {
            Step::Service => Tab::Service,
            Step::Suppliers => Tab::Suppliers,
            Step::Rules => Tab::Rules,
            Step::Plan => Tab::Plan,
            Step::Scenarios => Tab::Scenarios,
        }
    }
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
    /// The worker is solving run number `run`; `best` is the best plan it has found so far,
    /// `phase` what the solver said it is doing last.
    Running { run: u32, time_limit: f64, best: Option<BestSoFar>, phase: Option<Rc<Phase>> },
    /// The last answer, with the problem it answers. `stale` once the scenario has changed.
    Done { problem: Rc<LotProblem>, solution: Rc<Solution>, stale: bool },
    /// The scenario could not be turned into a lot problem.
    Invalid(Issues),
    /// The user stopped the run.
    Cancelled,
    /// The worker failed (for example it could not start); the message says what to do.
    Failed(String),
}

/// The best plan a running solve has reported so far, with what it answers (so it can be kept
/// if the user stops the solve).
#[derive(Debug, Clone, PartialEq)]
pub struct BestSoFar {
    pub scenario: Rc<Scenario>,
    pub problem: Rc<LotProblem>,
    /// A valid plan (status `feasible`) with its lower bound; `stats.seconds` is when it was found.
    pub solution: Rc<Solution>,
}

/// The plan kept when the user stops a solve: the best plan so far, marked as not proven, with
/// a finding that says the search was stopped, how far from best it may be and what to do.
pub fn kept_plan(best: &Solution) -> Solution {
    let mut plan = best.clone();
    plan.status = Status::Feasible;
    let lots = plan.num_lots.unwrap_or(plan.lots.len() as u32);
    let bound = plan.lower_bound.unwrap_or(0).min(lots);
    let found = plan.stats.as_ref().map_or(String::new(), |s| format!("; it was found after {}", seconds(s.seconds)));
    let how_far = if bound == lots {
        format!("No plan can have fewer than {lots} lots, so the number of lots is the fewest possible, but a plan with stronger competition may exist.")
    } else {
        format!(
            "No plan can have fewer than {bound} lots, so the best plan may have up to {} fewer lots than this one.",
            lots - bound
        )
    };
    plan.diagnosis = vec![Finding {
        rule: Rule::Stopped,
        message: format!("this is the best plan the search had found when you stopped it{found}. {how_far}"),
        segments: Vec::new(),
        suppliers: Vec::new(),
        fix: "Propose lots again and let the search finish, or allow more time if the time limit runs out.".into(),
        levers: vec![Lever::TimeLimit],
    }];
    if let Some(stats) = plan.stats.as_mut() {
        stats.method = "stopped early: best plan found so far".into();
    }
    plan
}

/// Whether `solution` is a plan kept from a stopped solve ([`kept_plan`]).
pub fn is_stopped(solution: &Solution) -> bool {
    solution.diagnosis.iter().any(|f| f.rule == Rule::Stopped)
}

/// The last plan made for a scenario, kept so scenarios can be compared side by side (and
/// saved with the workspace: `plan::saved`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioResult {
    /// [`Scenario::plan_inputs`] of the scenario as it was when solved: the plan is current
    /// while the scenario's is the same.
    pub inputs: String,
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

impl ScenarioResult {
    pub fn new(solved: &Scenario, problem: Rc<LotProblem>, solution: Rc<Solution>) -> ScenarioResult {
        ScenarioResult { inputs: solved.plan_inputs(), problem, solution }
    }

    /// Whether the plan answers `scenario` as it is now.
    pub fn is_for(&self, scenario: &Scenario) -> bool {
        self.inputs == scenario.plan_inputs()
    }
}

/// The workspaces undo and redo go back and forth between, shared with the state, newest
/// last; at most [`UNDO_DEPTH`] undo steps are kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    undo: Vec<Rc<Workspace>>,
    redo: Vec<Rc<Workspace>>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Remembers `before` as the step to undo to; a new edit forgets what could be redone.
    fn record(&mut self, before: Rc<Workspace>) {
        self.undo.push(before);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The workspace before `current`, with `current` kept for redo.
    fn undo(&mut self, current: Rc<Workspace>) -> Option<Rc<Workspace>> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        Some(previous)
    }

    /// The workspace undone from `current`, with `current` kept for undo.
    fn redo(&mut self, current: Rc<Workspace>) -> Option<Rc<Workspace>> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        Some(next)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub workspace: Rc<Workspace>,
    pub history: History,
    pub tab: Tab,
    pub solve: Solve,
    /// Counts solve runs, so a late answer from a cancelled run is ignored.
    pub runs: u32,
    /// The latest plan of each scenario, by the id it was solved for (kept and saved with the
    /// workspace: `plan::saved`).
    pub results: Rc<BTreeMap<String, ScenarioResult>>,
    /// A message for the user about the workspace as a whole (e.g. what was restored).
    pub notice: Option<String>,
    /// The element to move the keyboard focus to once the page shows it (after a link).
    pub focus: Option<Focus>,
    /// Whether the work is saved in the browser.
    pub saving: SaveState,
    /// The work before the last replacement, to keep as a version.
    pub keep: Option<Keep>,
    /// A newer copy from another tab that this tab's changes conflict with.
    pub conflict: Option<Rc<TabConflict>>,
}

/// Whether the work on screen is kept in the browser.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SaveState {
    /// A save is under way (or about to be).
    #[default]
    Saving,
    /// The browser confirmed the last save.
    Saved,
    /// The last save failed, for this reason (in words); the work is only on screen.
    NotSaved(String),
}

/// The work as it was before something replaced it (a file, a link, a restore, a new
/// workspace), to be kept as a version; `seq` tells two apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Keep {
    pub seq: u32,
    pub label: String,
    pub document: Rc<Document>,
}

/// Another tab saved a newer copy that changes the same places as this tab's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct TabConflict {
    /// The other tab's copy, its revision and when it was saved (milliseconds since 1970).
    pub theirs: Rc<Document>,
    pub rev: u64,
    pub saved_at: f64,
    /// The places both tabs changed, in words.
    pub places: Vec<String>,
}

/// The prefix of the ids alternative plans are solved under (`alt:<scenario>:<percent>`);
/// they are never saved.
pub const ALTERNATIVE_PREFIX: &str = "alt:";

/// The workspace with its plans, as saved.
pub fn document_of(workspace: &Workspace, results: &BTreeMap<String, ScenarioResult>) -> Document {
    let mut doc = Document::new(workspace.clone());
    // Alternative plans are a question asked in a workshop, not work to keep.
    for (id, r) in results.iter().filter(|(id, _)| !id.starts_with(ALTERNATIVE_PREFIX)) {
        let plan =
            SavedPlan { inputs: r.inputs.clone(), problem: (*r.problem).clone(), solution: (*r.solution).clone() };
        doc.plans.insert(id.clone(), plan);
    }
    doc
}

/// A request to focus an element; `seq` tells two requests for the same element apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub id: String,
    pub seq: u32,
}

impl State {
    pub fn new(workspace: Workspace) -> State {
        State {
            workspace: Rc::new(workspace),
            history: History::default(),
            tab: Tab::Service,
            solve: Solve::Idle,
            runs: 0,
            results: Default::default(),
            notice: None,
            focus: None,
            saving: SaveState::default(),
            keep: None,
            conflict: None,
        }
    }

    /// The state of an opened document: its workspace, with its plans kept and shown.
    pub fn with_document(document: Document) -> State {
        let mut s = State::new(Workspace::default_workspace());
        s.open(document, false);
        s.history = History::default();
        s
    }

    /// The workspace with its plans, as saved.
    pub fn document(&self) -> Document {
        document_of(&self.workspace, &self.results)
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
    /// Change the workspace (one undoable step). A refused edit changes nothing and says why
    /// in the notice.
    Edit(Edit),
    /// Open a saved workspace with its plans: the workspace replaces the current one (one
    /// undoable step) and its plans join the kept ones. The work before is kept as a version.
    Open(Box<Document>),
    /// Like [`Action::Open`], for a version or a share link; `before` labels the version kept
    /// of the work it replaces ("Before restoring the version of 10:32").
    Replace {
        document: Box<Document>,
        before: String,
    },
    /// Take in a copy saved (or merged) from another tab: one undoable step, no version.
    Sync(Box<Document>),
    /// Take in another tab's copy, already merged by the saver with `seen`, the work the saver
    /// knew of. An edit made here since (the saver hears of an edit a render after it is made)
    /// is merged again on top, so it is never lost; if it changed the same place as the other
    /// tab, the other tab's copy is shown and this one is kept as a version, with a message.
    TakeIn {
        seen: Rc<Workspace>,
        document: Box<Document>,
    },
    /// The save state changed.
    SetSaving(SaveState),
    /// Another tab's newer copy conflicts with this tab's changes (or no longer does).
    SetConflict(Option<Rc<TabConflict>>),
    Undo,
    Redo,
    SetTab(Tab),
    /// Open the step where `target` is changed and focus its field.
    GoTo(Target),
    /// Show (or clear) a message about the workspace.
    SetNotice(Option<String>),
    /// A solve was handed to the worker.
    SolveStarted {
        run: u32,
        time_limit: f64,
    },
    /// The worker says what the solver of run `run` is doing now (ignored unless it is the run
    /// in progress).
    SolvePhase {
        run: u32,
        phase: Rc<Phase>,
    },
    /// Run `run` found a better plan than before (ignored unless it is the run in progress).
    SolveProgress {
        run: u32,
        scenario: Rc<Scenario>,
        problem: Rc<LotProblem>,
        solution: Rc<Solution>,
    },
    /// The worker answered run `run`, a solve of the scenario with id `scenario`.
    SolveFinished {
        run: u32,
        scenario: Rc<Scenario>,
        problem: Rc<LotProblem>,
        solution: Rc<Solution>,
    },
    /// The scenario does not lower to a valid lot problem.
    SolveInvalid(Issues),
    /// The user stopped the run: its best plan so far, if any, is kept as the answer.
    SolveCancelled,
    SolveFailed(String),
    /// Keep `solution` (made elsewhere, e.g. robust lots checked for this year) as the latest
    /// plan of `scenario`, and show it when that scenario is the active one.
    Adopt {
        scenario: Rc<Scenario>,
        problem: Rc<LotProblem>,
        solution: Rc<Solution>,
    },
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(edit) => {
                if matches!(edit, Edit::ReplaceWorkspace(_)) {
                    s.keep_version("Before starting a new workspace");
                }
                if !s.apply(edit) {
                    return self;
                }
            }
            Action::Open(document) => {
                s.keep_version("Before opening a file");
                s.open(*document, true);
            }
            Action::Replace { document, before } => {
                s.keep_version(&before);
                s.open(*document, true);
            }
            Action::Sync(document) => s.open(*document, true),
            Action::TakeIn { seen, document } => s.take_in(&seen, *document),
            Action::SetSaving(saving) => s.saving = saving,
            Action::SetConflict(conflict) => s.conflict = conflict,
            Action::Undo => {
                let Some(previous) = s.history.undo(s.workspace.clone()) else { return self };
                s.workspace = previous;
                s.show_plan_of_active();
            }
            Action::Redo => {
                let Some(next) = s.history.redo(s.workspace.clone()) else { return self };
                s.workspace = next;
                s.show_plan_of_active();
            }
            Action::SetNotice(notice) => s.notice = notice,
            Action::GoTo(target) => {
                s.tab = Tab::from(target.step());
                let seq = s.focus.as_ref().map_or(0, |f| f.seq + 1);
                s.focus = Some(Focus { id: crate::ui::ids::of(&target), seq });
            }
            Action::SetTab(tab) => {
                if s.tab == tab {
                    return self;
                }
                s.tab = tab;
            }
            Action::SolveStarted { run, time_limit } => {
                s.runs = run;
                s.solve = Solve::Running { run, time_limit, best: None, phase: None };
            }
            Action::SolvePhase { run, phase } => match &mut s.solve {
                Solve::Running { run: r, phase: now, .. } if *r == run => *now = Some(phase),
                _ => return self,
            },
            Action::SolveProgress { run, scenario, problem, solution } => match &mut s.solve {
                Solve::Running { run: r, best, .. } if *r == run => {
                    *best = Some(BestSoFar { scenario, problem, solution })
                }
                _ => return self,
            },
            Action::SolveFinished { run, scenario, problem, solution } => {
                let result = ScenarioResult::new(&scenario, problem.clone(), solution.clone());
                Rc::make_mut(&mut s.results).insert(scenario.id.clone(), result);
                if matches!(s.solve, Solve::Running { run: r, .. } if r == run) {
                    s.solve = Solve::Done { problem, solution, stale: !s.scenario().same_inputs(&scenario) };
                }
            }
            Action::SolveInvalid(issues) => s.solve = Solve::Invalid(issues),
            Action::SolveCancelled => match std::mem::replace(&mut s.solve, Solve::Cancelled) {
                Solve::Running { best: Some(best), .. } => s.keep(best),
                Solve::Running { best: None, .. } => {}
                _ => return self, // the answer came first: nothing to stop
            },
            Action::SolveFailed(message) => {
                if !s.is_solving() {
                    return self; // e.g. the idle worker failed to load: reported at the next solve
                }
                s.solve = Solve::Failed(message);
            }
            Action::Adopt { scenario, problem, solution } => {
                let result = ScenarioResult::new(&scenario, problem, solution);
                Rc::make_mut(&mut s.results).insert(scenario.id.clone(), result);
                s.show_plan_of_active();
                if scenario.id == s.scenario().id {
                    s.tab = Tab::Plan;
                    let seq = s.focus.as_ref().map_or(0, |f| f.seq + 1);
                    s.focus = Some(Focus { id: "plan-status".into(), seq });
                }
            }
        }
        Rc::new(s)
    }
}

impl State {
    /// Replaces the workspace with `document`'s (one undoable step when `undoable`) and adds
    /// its plans to the kept ones.
    fn open(&mut self, document: Document, undoable: bool) {
        let Document { workspace, plans } = document;
        let results = Rc::make_mut(&mut self.results);
        for (id, plan) in plans {
            let result = ScenarioResult {
                inputs: plan.inputs,
                problem: Rc::new(plan.problem),
                solution: Rc::new(plan.solution),
            };
            results.insert(id, result);
        }
        if undoable {
            self.apply(Edit::ReplaceWorkspace(Box::new(workspace)));
        } else {
            self.workspace = Rc::new(workspace);
        }
        self.show_plan_of_active();
    }

    /// Another tab's copy `document`, merged by the saver with `seen`: merged here again with
    /// whatever changed since `seen` (see [`Action::TakeIn`]).
    fn take_in(&mut self, seen: &Workspace, document: Document) {
        if *self.workspace == *seen {
            return self.open(document, true);
        }
        match crate::model::merge::merge(seen, &self.workspace, &document.workspace) {
            Ok(workspace) => self.open(Document { workspace, plans: document.plans }, true),
            Err(_) => {
                self.keep_version("Your change made as another tab saved");
                self.open(document, true);
                self.notice = Some(
                    "Another tab saved a change to the same place at the same moment as your last change. Its copy is on screen; yours is kept in Versions."
                        .into(),
                );
            }
        }
    }

    /// Asks for the work as it is now to be kept as a version called `label`.
    fn keep_version(&mut self, label: &str) {
        let seq = self.keep.as_ref().map_or(0, |k| k.seq + 1);
        self.keep = Some(Keep { seq, label: label.to_string(), document: Rc::new(self.document()) });
    }

    /// Applies `edit` as one undoable step; false when it changed nothing (a refusal says why
    /// in the notice).
    fn apply(&mut self, edit: Edit) -> bool {
        let changes_inputs = edit.changes_inputs();
        let copied = match &edit {
            Edit::DuplicateScenario(i) => self.workspace.scenarios.get(*i).cloned(),
            _ => None,
        };
        let mut next = (*self.workspace).clone();
        if let Err(refused) = next.apply(edit) {
            self.notice = Some(format!("That change was not made: {refused}"));
            return true;
        }
        if next == *self.workspace {
            return false;
        }
        let before = std::mem::replace(&mut self.workspace, Rc::new(next));
        let same_scenario = before.active_scenario().id == self.scenario().id;
        self.history.record(before);
        if let Some(source) = copied {
            self.copy_plan(&source);
        }
        if !same_scenario {
            self.show_plan_of_active();
        } else if changes_inputs {
            self.mark_stale();
        }
        true
    }

    /// A copy of a scenario (now the active one) starts with the source's plan when that is
    /// current: until the copy's inputs change, its plan is the same.
    fn copy_plan(&mut self, source: &Scenario) {
        let Some(r) = self.results.get(&source.id).filter(|r| r.is_for(source)) else { return };
        let copy = self.scenario().clone();
        let mut problem = (*r.problem).clone();
        problem.name = copy.id.clone();
        let result = ScenarioResult::new(&copy, Rc::new(problem), r.solution.clone());
        Rc::make_mut(&mut self.results).insert(copy.id, result);
    }

    /// Keeps the best plan of a stopped run as the answer (and as its scenario's latest plan).
    fn keep(&mut self, best: BestSoFar) {
        let solution = Rc::new(kept_plan(&best.solution));
        let scenario = best.scenario;
        let stale = !self.scenario().same_inputs(&scenario);
        let result = ScenarioResult::new(&scenario, best.problem.clone(), solution.clone());
        Rc::make_mut(&mut self.results).insert(scenario.id.clone(), result);
        self.solve = Solve::Done { problem: best.problem, solution, stale };
    }

    /// Shows the latest plan of the active scenario (stale if its inputs changed since), or
    /// none; a solve in progress carries on.
    fn show_plan_of_active(&mut self) {
        if self.is_solving() {
            return;
        }
        self.solve = match self.results.get(&self.scenario().id) {
            Some(r) => Solve::Done {
                problem: r.problem.clone(),
                solution: r.solution.clone(),
                stale: !r.is_for(self.scenario()),
            },
            None => Solve::Idle,
        };
    }

    fn mark_stale(&mut self) {
        match &mut self.solve {
            Solve::Done { stale, .. } => *stale = true,
            Solve::Invalid(_) | Solve::Cancelled | Solve::Failed(_) => self.solve = Solve::Idle,
            Solve::Idle | Solve::Running { .. } => {}
        }
    }
}

/// What components read and change: the workspace, and the one way to edit it. Provided by
/// the app ([`DocProvider`]) and taken with [`use_doc`].
#[derive(Clone, PartialEq)]
pub struct Doc {
    pub workspace: Rc<Workspace>,
    /// The plans kept with the workspace, by the id each was solved for.
    pub results: Rc<BTreeMap<String, ScenarioResult>>,
    dispatch: Callback<Action>,
}

impl Doc {
    /// The document of `state`; actions go to `dispatch`.
    pub fn of(state: &State, dispatch: Callback<Action>) -> Doc {
        Doc { workspace: state.workspace.clone(), results: state.results.clone(), dispatch }
    }

    /// The workspace with its plans, as saved to a file.
    pub fn document(&self) -> Document {
        document_of(&self.workspace, &self.results)
    }

    /// The active scenario.
    pub fn scenario(&self) -> &Scenario {
        self.workspace.active_scenario()
    }

    /// Makes `edit`. When the model refuses it, nothing changes and the page says why.
    pub fn edit(&self, edit: Edit) {
        self.dispatch.emit(Action::Edit(edit));
    }

    /// Makes `edit` if the model accepts it; otherwise returns why, changing nothing. For a
    /// field that shows its own error (a name already in use) while keeping what was typed.
    pub fn try_edit(&self, edit: Edit) -> Result<(), EditError> {
        (*self.workspace).clone().apply(edit.clone())?;
        self.edit(edit);
        Ok(())
    }

    /// A callback that makes the edit `to_edit` builds from its argument.
    pub fn on<T: 'static>(&self, to_edit: impl Fn(T) -> Edit + 'static) -> Callback<T> {
        let doc = self.clone();
        Callback::from(move |v: T| doc.edit(to_edit(v)))
    }

    /// Like [`Doc::on`] for a field that shows its own error: the callback returns the
    /// refusal's sentence, or `None` when the edit was made.
    pub fn on_text(&self, to_edit: impl Fn(String) -> Edit + 'static) -> Callback<String, Option<String>> {
        let doc = self.clone();
        Callback::from(move |v: String| doc.try_edit(to_edit(v)).err().map(|e| e.to_string()))
    }

    /// Sends any other action to the store (solving, tabs, notices).
    pub fn dispatch(&self, action: Action) {
        self.dispatch.emit(action);
    }

    /// Opens the step where `target` is changed and focuses its field.
    pub fn go(&self, target: Target) {
        self.dispatch.emit(Action::GoTo(target));
    }
}

/// The [`Doc`] of the app, for every component inside it.
pub type DocProvider = ContextProvider<Doc>;

/// The workspace and the way to edit it (see [`Doc`]).
#[hook]
pub fn use_doc() -> Doc {
    use_context::<Doc>().expect("components that edit are rendered inside the app's DocProvider")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::Rule;

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    fn k(k: u32) -> Action {
        Action::Edit(Edit::SetRule(Rule::K(k)))
    }

    #[test]
    fn edits_undo_and_redo() {
        let start = Rc::new(State::default());
        let s = reduce(start.clone(), k(3));
        assert_eq!(s.scenario().rules.k, 3);
        let s = reduce(s, Action::Undo);
        assert_eq!(s.scenario().rules.k, start.scenario().rules.k);
        assert!(Rc::ptr_eq(&s.workspace, &start.workspace), "undo returns the very workspace it kept");
        let s = reduce(s, Action::Redo);
        assert_eq!(s.scenario().rules.k, 3);
        assert!(!s.history.can_redo() && s.history.can_undo());
    }

    #[test]
    fn an_adopted_plan_becomes_the_active_scenarios_plan_and_is_shown() {
        let start = Rc::new(State::default());
        let scenario = Rc::new(start.scenario().clone());
        let problem = Rc::new(crate::plan::lower::lower(&scenario).unwrap_or_else(|e| panic!("{e}")));
        let solution = Rc::new(crate::plan::solver::solve(&problem, &Default::default()));
        let s = reduce(start, Action::Adopt { scenario: scenario.clone(), problem, solution: solution.clone() });
        assert_eq!(s.results[&scenario.id].solution, solution);
        assert_eq!(s.tab, Tab::Plan);
        assert_eq!(s.focus.as_ref().map(|f| f.id.as_str()), Some("plan-status"));
        assert!(matches!(&s.solve, Solve::Done { solution: shown, stale: false, .. } if *shown == solution));
        assert!(!s.history.can_undo(), "a plan is not a change to the workspace");
    }

    #[test]
    fn a_copy_of_a_solved_scenario_starts_with_its_plan() {
        let start = Rc::new(State::default());
        let scenario = Rc::new(start.scenario().clone());
        let problem = Rc::new(crate::plan::lower::lower(&scenario).unwrap_or_else(|e| panic!("{e}")));
        let solution = Rc::new(crate::plan::solver::solve(&problem, &Default::default()));
        let s = reduce(start, Action::Adopt { scenario, problem, solution: solution.clone() });
        let s = reduce(s, Action::Edit(Edit::DuplicateScenario(0)));
        assert_eq!(s.workspace.scenarios.len(), 2);
        let copy = s.scenario().clone();
        assert_eq!(s.results[&copy.id].solution, solution);
        assert!(s.results[&copy.id].is_for(&copy));
        assert!(matches!(&s.solve, Solve::Done { stale: false, .. }), "{:?}", s.solve);
        // A copy of a scenario with no plan has none either; a changed input makes it stale.
        let s = reduce(s, k(4));
        assert!(matches!(&s.solve, Solve::Done { stale: true, .. }));
        let s = reduce(s, Action::Edit(Edit::DuplicateScenario(1)));
        assert!(!s.results.contains_key(&s.scenario().id));
        assert_eq!(s.solve, Solve::Idle);
    }

    #[test]
    fn an_unchanged_edit_is_not_an_undo_step() {
        let start = Rc::new(State::default());
        let same = start.scenario().rules.k;
        let s = reduce(start.clone(), k(same));
        assert!(Rc::ptr_eq(&start, &s));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_says_why() {
        let start = Rc::new(State::default());
        let s = reduce(start.clone(), k(0));
        assert_eq!(s.workspace, start.workspace);
        assert!(!s.history.can_undo());
        assert_eq!(
            s.notice.as_deref(),
            Some("That change was not made: At least 1 credible bidder per lot is needed.")
        );
    }

    #[test]
    fn the_history_shares_workspaces_instead_of_copying_them() {
        let mut s = Rc::new(State::default());
        for i in 0..(UNDO_DEPTH as u32 + 20) {
            s = reduce(s, k(2 + i % 2));
        }
        let copy = (*s).clone();
        assert_eq!(copy.history.undo.len(), UNDO_DEPTH, "the oldest steps are dropped");
        assert!(copy.history.undo.iter().zip(&s.history.undo).all(|(a, b)| Rc::ptr_eq(a, b)));
    }

    #[test]
    fn renaming_keeps_the_plan_and_switching_shows_each_scenarios_own() {
        let problem = Rc::new(crate::plan::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(Solution::infeasible(Vec::new()));
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let scenario = Rc::new(s.scenario().clone());
        let s = reduce(s, Action::SolveFinished { run: 1, scenario, problem, solution });
        let s = reduce(s, Action::Edit(Edit::RenameScenario { index: 0, name: "Renamed".into() }));
        assert!(matches!(s.solve, Solve::Done { stale: false, .. }), "{:?}", s.solve);
        let s = reduce(s, Action::Edit(Edit::DuplicateScenario(0)));
        assert!(matches!(s.solve, Solve::Done { stale: false, .. }), "the copy starts with the plan");
        let s = reduce(s, k(4));
        assert!(matches!(s.solve, Solve::Done { stale: true, .. }), "the copy's plan is out of date");
        let s = reduce(s, Action::Edit(Edit::SelectScenario(0)));
        assert!(matches!(s.solve, Solve::Done { stale: false, .. }), "back to the first scenario's plan");
    }

    #[test]
    fn alternative_plans_are_held_but_never_saved() {
        let problem = Rc::new(crate::plan::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(crate::plan::solver::solve(&problem, &Default::default()));
        let s = Rc::new(State::default());
        let mut alt = s.scenario().clone();
        alt.id = format!("{ALTERNATIVE_PREFIX}{}:15", alt.id);
        let s = reduce(s, Action::SolveFinished { run: 7, scenario: Rc::new(alt.clone()), problem, solution });
        assert!(s.results.contains_key(&alt.id), "held for the plan step");
        assert!(!document_of(&s.workspace, &s.results).plans.contains_key(&alt.id), "not saved");
    }

    #[test]
    fn late_answers_from_cancelled_runs_are_ignored() {
        let problem = Rc::new(crate::plan::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(Solution::infeasible(Vec::new()));
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let s = reduce(s, Action::SolveCancelled);
        let scenario = Rc::new(s.scenario().clone());
        let s = reduce(
            s,
            Action::SolveFinished {
                run: 1,
                scenario: scenario.clone(),
                problem: problem.clone(),
                solution: solution.clone(),
            },
        );
        assert_eq!(s.solve, Solve::Cancelled);
        assert!(s.results.contains_key(&scenario.id), "a finished solve is still kept for comparison");
        let s = reduce(s, Action::SolveStarted { run: 2, time_limit: 5.0 });
        let s = reduce(s, Action::SolveFinished { run: 2, scenario, problem, solution });
        assert!(matches!(s.solve, Solve::Done { stale: false, .. }));
    }

    /// The shipped example's problem and a progress-like plan of it (feasible, bound `bound`).
    fn best_so_far(bound: u32) -> (Rc<LotProblem>, Rc<Solution>) {
        let problem = crate::plan::lower::lower_active(&Workspace::default_workspace()).unwrap();
        let mut plan = crate::plan::solver::solve(&problem, &crate::plan::solver::Options::default());
        plan.status = Status::Feasible;
        plan.lower_bound = Some(bound);
        if let Some(stats) = plan.stats.as_mut() {
            stats.seconds = 0.25;
        }
        (Rc::new(problem), Rc::new(plan))
    }

    fn progress(s: Rc<State>, run: u32, problem: &Rc<LotProblem>, solution: &Rc<Solution>) -> Rc<State> {
        let scenario = Rc::new(s.scenario().clone());
        reduce(s, Action::SolveProgress { run, scenario, problem: problem.clone(), solution: solution.clone() })
    }

    #[test]
    fn progress_keeps_the_best_plan_of_the_run_in_progress_only() {
        let (problem, plan) = best_so_far(11);
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 2, time_limit: 5.0 });
        let stale = progress(s.clone(), 1, &problem, &plan);
        assert!(Rc::ptr_eq(&s, &stale), "progress of an older run changes nothing");
        let s = progress(s, 2, &problem, &plan);
        let Solve::Running { run: 2, best: Some(best), .. } = &s.solve else { panic!("{:?}", s.solve) };
        assert_eq!(best.solution, plan);
        assert!(s.is_solving());
        let idle = Rc::new(State::default());
        assert!(Rc::ptr_eq(&idle, &progress(idle.clone(), 2, &problem, &plan)), "no run, no progress");
    }

    #[test]
    fn the_solvers_phase_is_kept_for_the_run_in_progress_only() {
        let phase = Rc::new(Phase { doing: "Finding a first plan".into(), seconds: 0.0 });
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 2, time_limit: 5.0 });
        let stale = reduce(s.clone(), Action::SolvePhase { run: 1, phase: phase.clone() });
        assert!(Rc::ptr_eq(&s, &stale), "a phase of an older run changes nothing");
        let s = reduce(s, Action::SolvePhase { run: 2, phase: phase.clone() });
        let Solve::Running { phase: Some(now), best: None, .. } = &s.solve else { panic!("{:?}", s.solve) };
        assert_eq!(now, &phase);
        let (problem, plan) = best_so_far(10);
        let s = progress(s, 2, &problem, &plan);
        assert!(matches!(&s.solve, Solve::Running { phase: Some(_), best: Some(_), .. }), "a plan keeps the phase");
    }

    #[test]
    fn stopping_keeps_the_best_plan_so_far_marked_as_stopped() {
        let (problem, plan) = best_so_far(11);
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let s = progress(s, 1, &problem, &plan);
        let s = reduce(s, Action::SolveCancelled);
        let Solve::Done { solution, stale: false, problem: kept_problem } = &s.solve else { panic!("{:?}", s.solve) };
        assert!(Rc::ptr_eq(kept_problem, &problem));
        assert_eq!(solution.status, Status::Feasible);
        assert_eq!(solution.lots, plan.lots, "the same plan");
        assert!(is_stopped(solution) && !is_stopped(&plan));
        let note = &solution.diagnosis[0].message;
        assert!(note.contains("when you stopped it") && note.contains("250 ms"), "{note}");
        assert!(note.contains("up to 2 fewer lots"), "{note}");
        assert_eq!(s.results[&s.scenario().id].solution, *solution, "kept for comparison too");
        // The worker's late answer (had it not been stopped) changes nothing.
        let scenario = Rc::new(s.scenario().clone());
        let after = reduce(s.clone(), Action::SolveFinished { run: 1, scenario, problem, solution: plan });
        assert_eq!(after.solve, s.solve);
    }

    #[test]
    fn a_plan_kept_after_an_edit_is_stale_and_a_proven_count_says_so() {
        let (problem, plan) = best_so_far(13);
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let s = progress(s, 1, &problem, &plan);
        let s = reduce(s, Action::Edit(Edit::SetRule(Rule::M(4))));
        let s = reduce(s, Action::SolveCancelled);
        let Solve::Done { solution, stale: true, .. } = &s.solve else { panic!("{:?}", s.solve) };
        assert!(solution.diagnosis[0].message.contains("the number of lots is the fewest possible"));
    }

    #[test]
    fn stopping_without_a_plan_cancels_and_stopping_after_the_answer_does_nothing() {
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        assert_eq!(reduce(s, Action::SolveCancelled).solve, Solve::Cancelled);
        let (problem, plan) = best_so_far(13);
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let scenario = Rc::new(s.scenario().clone());
        let s = reduce(s, Action::SolveFinished { run: 1, scenario, problem, solution: plan });
        assert!(Rc::ptr_eq(&s, &reduce(s.clone(), Action::SolveCancelled)));
    }

    #[test]
    fn opening_restoring_and_starting_afresh_keep_the_work_before_as_a_version() {
        let s = reduce(Rc::new(State::default()), k(3));
        let before = s.document();
        let mut other = Workspace::default_workspace();
        other.scenarios[0].rules.k = 4;
        let s = reduce(s, Action::Open(Box::new(Document::new(other.clone()))));
        let keep = s.keep.clone().unwrap();
        assert_eq!((keep.seq, keep.label.as_str(), &*keep.document), (0, "Before opening a file", &before));
        assert_eq!(s.workspace.scenarios[0].rules.k, 4);
        let s = reduce(s, Action::Replace { document: Box::new(before.clone()), before: "Before restoring".into() });
        assert_eq!(s.keep.as_ref().map(|k| (k.seq, k.label.as_str())), Some((1, "Before restoring")));
        assert_eq!(s.workspace.scenarios[0].rules.k, 3);
        let s = reduce(s, Action::Undo);
        assert_eq!(s.workspace.scenarios[0].rules.k, 4, "a restore is undoable");
        let s = reduce(s, Action::Edit(Edit::ReplaceWorkspace(Box::new(Workspace::default_workspace()))));
        assert_eq!(s.keep.as_ref().map(|k| k.label.as_str()), Some("Before starting a new workspace"));
        let seq = s.keep.as_ref().unwrap().seq;
        let s = reduce(s, Action::Sync(Box::new(Document::new(other))));
        assert_eq!(s.keep.as_ref().unwrap().seq, seq, "a copy from another tab keeps no version");
        assert_eq!(s.workspace.scenarios[0].rules.k, 4);
    }

    #[test]
    fn an_edit_made_as_another_tabs_copy_arrives_is_kept() {
        // The saver merged the other tab's change (m = 5) with the work it knew (`seen`); this
        // tab has since made an edit it had not yet heard of (k = 4).
        let seen = Rc::new(Workspace::default_workspace());
        let s = reduce(Rc::new(State::new((*seen).clone())), k(4));
        let mut theirs = (*seen).clone();
        theirs.scenarios[0].rules.m = 5;
        let s = reduce(s, Action::TakeIn { seen: seen.clone(), document: Box::new(Document::new(theirs.clone())) });
        assert_eq!((s.workspace.scenarios[0].rules.k, s.workspace.scenarios[0].rules.m), (4, 5), "both kept");
        assert!(s.keep.is_none(), "nothing to keep aside");
        // Nothing new here: the merged copy as it came.
        let s2 = reduce(
            Rc::new(State::new((*seen).clone())),
            Action::TakeIn { seen: seen.clone(), document: Box::new(Document::new(theirs)) },
        );
        assert_eq!(s2.workspace.scenarios[0].rules.m, 5);
        // Both changed k at once: the other tab's copy is shown, this one is kept as a version.
        let mut same = (*seen).clone();
        same.scenarios[0].rules.k = 6;
        let s = reduce(
            reduce(Rc::new(State::new((*seen).clone())), k(4)),
            Action::TakeIn { seen, document: Box::new(Document::new(same)) },
        );
        assert_eq!(s.workspace.scenarios[0].rules.k, 6);
        let keep = s.keep.as_ref().expect("this tab's copy kept");
        assert_eq!(keep.document.workspace.scenarios[0].rules.k, 4);
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("kept in Versions")), "{:?}", s.notice);
    }

    #[test]
    fn editing_after_a_solve_marks_the_plan_stale() {
        let problem = Rc::new(crate::plan::lower::lower_active(&Workspace::default_workspace()).unwrap());
        let solution = Rc::new(Solution::infeasible(Vec::new()));
        let s = reduce(Rc::new(State::default()), Action::SolveStarted { run: 1, time_limit: 5.0 });
        let scenario = Rc::new(s.scenario().clone());
        let s = reduce(s, Action::SolveFinished { run: 1, scenario, problem, solution });
        let s = reduce(s, Action::Edit(Edit::SetRule(Rule::M(4))));
        assert!(matches!(s.solve, Solve::Done { stale: true, .. }));
    }
}
