//! Step 5, "Scenarios and years": how a scenario changes over the contract term and whether
//! its lots keep up. Four parts, one file each:
//! 1. [`crate::ui::scenarios::assumptions`]: the active scenario's projection assumptions;
//! 2. [`crate::ui::scenarios::years`]: each contract year, and the plan's lots in each year;
//! 3. [`crate::ui::scenarios::robust`]: lots that hold in every chosen scenario's peak year, and
//!    whether today's plan holds;
//! 4. [`crate::ui::scenarios::compare`]: every scenario's plan side by side.
//!
//! The figures come from the core (`crate::model::projection`, `crate::plan::robust`, `crate::views::compare`,
//! `crate::views::report`); solving runs in the background worker through `on_solve`.

pub mod assumptions;
pub mod compare;
pub mod compare_chart;
pub mod robust;
pub mod years;
pub mod years_chart;

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::ui::scenarios::assumptions::Assumptions;
use crate::ui::scenarios::compare::Compare;
use crate::ui::scenarios::robust::Robust;
use crate::ui::scenarios::years::Years;
use crate::ui::store::{use_doc, ScenarioResult};

/// The latest plan of each scenario (and of robust solves), by scenario id.
pub type Results = Rc<BTreeMap<String, ScenarioResult>>;

#[derive(Properties, PartialEq)]
pub struct ScenariosPanelProps {
    pub results: Results,
    /// Solve a lot problem in the background; its answer is stored in `results` under the
    /// given scenario's id.
    pub on_solve: Callback<(Scenario, LotProblem)>,
}

#[component]
pub fn ScenariosPanel(p: &ScenariosPanelProps) -> Html {
    let doc = use_doc();
    let active = doc.scenario().clone();
    let result = p.results.get(&active.id).cloned();
    html! {
        <div class="sc">
            <h2 class="app-heading-l">{ "Scenarios and years" }</h2>
            <p class="app-body">
                { "Demand changes over a contract. In England, referrals to children's social care rose 22% and the number of children in care 16% from 2008 to 2015. When Nebraska outsourced child welfare, contracts were sized on demand projections that proved far too low, and they failed. Here you can project your scenario over the contract years, see when lots outgrow their limits, propose lots that hold in every year, and compare scenarios side by side." }
            </p>
            <nav class="sc-contents" aria-label="Parts of this step">
                <ul class="sc-contents__list">
                    <li><a href="#sc-assumptions">{ "1. Assumptions" }</a></li>
                    <li><a href="#sc-years">{ "2. Year by year" }</a></li>
                    <li><a href="#sc-robust">{ "3. Lots that hold in every year" }</a></li>
                    <li><a href="#sc-compare">{ "4. Compare scenarios" }</a></li>
                </ul>
            </nav>
            <Assumptions />
            <Years scenario={active} {result} />
            <Robust results={p.results.clone()} on_solve={p.on_solve.clone()} />
            <Compare results={p.results.clone()} on_solve={p.on_solve.clone()} />
        </div>
    }
}
