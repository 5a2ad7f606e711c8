//! A workspace saved with its plans: the workspace file (`docs/workspace-format.md`) with an
//! optional top-level `"plans"` object, so a colleague who opens the file sees each scenario's
//! plan without solving again.
//!
//! Each plan is kept under the id it was solved for (a scenario's id, or `peak:<id>` and
//! `robust:<id>` for the plans of step 5) with the fingerprint of the inputs it was made from
//! ([`Scenario::plan_inputs`]): a plan whose scenario changed since is shown as stale, never
//! dropped. Plans are never needed to read a workspace: a `"plans"` object that cannot be read
//! is left out, with a note, and the workspace opens as it is.
//!
//! # Example
//! ```
//! use lotwise::model::Workspace;
//! use lotwise::plan::saved::{Document, SavedPlan};
//! use lotwise::plan::{lower::lower_active, solver};
//! let ws = Workspace::default_workspace();
//! let problem = lower_active(&ws)?;
//! let solution = solver::solve(&problem, &solver::Options::default());
//! let mut doc = Document::new(ws.clone());
//! doc.plans.insert("default".into(), SavedPlan::new(ws.active_scenario(), problem, solution));
//! let (back, notes) = Document::import(&doc.to_json())?;
//! assert!(notes.is_empty());
//! assert_eq!(back, doc);
//! assert!(back.plans["default"].is_for(ws.active_scenario()));
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base::error::Issues;
use crate::model::{Scenario, Workspace};
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;

/// The most plans one file keeps (a workspace holds at most 200 scenarios, each with up to three
/// plans: today's, its peak year's and its robust one).
pub const MAX_PLANS: usize = 600;

/// One plan as saved: what it answers and the inputs it was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    /// [`Scenario::plan_inputs`] of the scenario solved.
    pub inputs: String,
    pub problem: LotProblem,
    pub solution: Solution,
}

impl SavedPlan {
    pub fn new(solved: &Scenario, problem: LotProblem, solution: Solution) -> SavedPlan {
        SavedPlan { inputs: solved.plan_inputs(), problem, solution }
    }

    /// Whether the plan answers `scenario` as it is now.
    pub fn is_for(&self, scenario: &Scenario) -> bool {
        self.inputs == scenario.plan_inputs()
    }
}

/// A workspace and the plans kept with it, by the id each was solved for.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub workspace: Workspace,
    pub plans: BTreeMap<String, SavedPlan>,
}

impl Document {
    pub fn new(workspace: Workspace) -> Document {
        Document { workspace, plans: BTreeMap::new() }
    }

    /// The workspace JSON with a `"plans"` object when there are plans.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            workspace: &'a Workspace,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            plans: &'a BTreeMap<String, SavedPlan>,
        }
        serde_json::to_string_pretty(&Out { workspace: &self.workspace, plans: &self.plans })
            .expect("a document always serialises")
    }

    /// Reads a workspace file (any format `Workspace::import` reads) and the plans in it. The
    /// workspace decides: its problems are errors. Plans are optional: any that cannot be read,
    /// do not validate, or belong to no scenario of the file are left out, each with a note.
    pub fn import(text: &str) -> Result<(Document, Vec<String>), Issues> {
        let (workspace, mut notes) = Workspace::import(text)?;
        let mut doc = Document::new(workspace);
        let plans = serde_json::from_str::<Value>(text).ok().and_then(|mut v| v.get_mut("plans").map(Value::take));
        if let Some(plans) = plans {
            doc.plans = read_plans(plans, &doc.workspace, &mut notes);
        }
        Ok((doc, notes))
    }
}

fn read_plans(plans: Value, ws: &Workspace, notes: &mut Vec<String>) -> BTreeMap<String, SavedPlan> {
    let Value::Object(map) = plans else {
        notes.push("the saved plans could not be read (\"plans\" is not an object), so none were kept".into());
        return BTreeMap::new();
    };
    if map.len() > MAX_PLANS {
        notes.push(format!("the file holds {} saved plans, more than the {MAX_PLANS} kept, so none were", map.len()));
        return BTreeMap::new();
    }
    let mut out = BTreeMap::new();
    for (key, value) in map {
        let scenario = key.strip_prefix("peak:").or_else(|| key.strip_prefix("robust:")).unwrap_or(&key);
        if !ws.scenarios.iter().any(|s| s.id == scenario) {
            notes.push(format!("left out the saved plan of {key:?}: the file has no such scenario"));
            continue;
        }
        match serde_json::from_value::<SavedPlan>(value) {
            Ok(plan) if plan.problem.validate().is_ok() && plan.solution.lots.len() <= plan.problem.segments.len() => {
                out.insert(key, plan);
            }
            Ok(_) => notes.push(format!("left out the saved plan of {key:?}: it does not match its lot problem")),
            Err(e) => notes.push(format!("left out the saved plan of {key:?}: {e}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{Edit, Rule};
    use crate::plan::lower::lower_active;
    use crate::plan::solver::{solve, Options};

    fn solved() -> Document {
        let ws = Workspace::default_workspace();
        let problem = lower_active(&ws).unwrap();
        let solution = solve(&problem, &Options::default());
        let mut doc = Document::new(ws.clone());
        doc.plans.insert("default".into(), SavedPlan::new(ws.active_scenario(), problem, solution));
        doc
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_plan_goes_stale_when_its_inputs_change_but_not_when_renamed() {
        let mut doc = solved();
        doc.workspace.apply(Edit::RenameScenario { index: 0, name: "Renamed".into() }).unwrap();
        assert!(doc.plans["default"].is_for(doc.workspace.active_scenario()), "renaming keeps the plan");
        doc.workspace.apply(Edit::UseTrend).unwrap();
        assert!(doc.plans["default"].is_for(doc.workspace.active_scenario()), "so do the later years' assumptions");
        doc.workspace.apply(Edit::SetRule(Rule::K(3))).unwrap();
        let (back, _) = Document::import(&doc.to_json()).unwrap();
        assert!(!back.plans["default"].is_for(back.workspace.active_scenario()), "stale, and still kept");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn plans_that_cannot_be_read_are_left_out_and_the_workspace_still_opens() {
        let doc = solved();
        let mut v: Value = serde_json::from_str(&doc.to_json()).unwrap();
        v["plans"]["nobody"] = v["plans"]["default"].clone();
        v["plans"]["default"]["problem"]["params"]["k"] = Value::from(0);
        let (back, notes) = Document::import(&v.to_string()).unwrap();
        assert!(back.plans.is_empty());
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("no such scenario")));
        v["plans"] = Value::from("garbage");
        let (back, notes) = Document::import(&v.to_string()).unwrap();
        assert_eq!((back.workspace, notes.len()), (doc.workspace, 1));
        assert!(Document::import("{\"format\": \"lotwise/3\", \"plans\": {}}").is_err(), "the workspace decides");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_workspace_without_plans_is_written_as_before() {
        let doc = Document::new(Workspace::default_workspace());
        assert_eq!(doc.to_json(), doc.workspace.to_json());
    }
}
