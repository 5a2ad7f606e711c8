//! "Plans with a healthier market": beside the fewest-lots plan, plans that keep every
//! provider's share of the value under a cap, and a plan with lots open to SMEs, solved in
//! the worker one after another
//! ([`crate::plan::alternatives`]); the ones worth offering ([`crate::views::alternatives`])
//! in a table, each with "Use this plan".
//!
//! Alternatives are solved under ids `alt:<scenario>:<percent or sme>` in the plans the app holds and
//! are not saved with the work: they are a question asked in a workshop, answered again in a
//! few seconds.

use std::rc::Rc;

use yew::prelude::*;

use crate::base::text::percent;
use crate::model::Scenario;
use crate::plan::alternatives::{aims, Aim, Tried};
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::plan::why::WhyProps;
use crate::ui::platform::focus_by_id;
use crate::ui::store::{use_doc, Action, ALTERNATIVE_PREFIX};
use crate::views::alternatives::{aim_title, failure_words, front, survivor, title, trade, Alternative};

/// Seconds each alternative may take in the worker.
pub const SECONDS_EACH: f64 = 5.0;

/// Solves a problem in the second worker (beside the plan step's), with its own time limit,
/// keeping the answer under the scenario's id without touching the plan step's solve.
#[derive(Clone, PartialEq)]
pub struct SolveAside(pub Callback<(Scenario, LotProblem, f64)>);

/// The id alternative `aim` of scenario `id` is solved under.
fn alt_id(id: &str, aim: Aim) -> String {
    format!("{ALTERNATIVE_PREFIX}{id}:{}", aim.key())
}

#[component]
pub fn Alternatives(p: &WhyProps) -> Html {
    let doc = use_doc();
    let aside = use_context::<SolveAside>();
    let active = doc.scenario().clone();
    // The plan the alternatives were asked for: a new plan hides them until asked again.
    let asked = use_state(|| None::<Rc<Solution>>);
    let aims = aims(&p.problem, &p.solution);
    let on_find = {
        let (asked, problem, solution, active, aims, aside) =
            (asked.clone(), p.problem.clone(), p.solution.clone(), active.clone(), aims.clone(), aside.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(SolveAside(solve)) = &aside else { return };
            for &aim in &aims {
                let mut sc = active.clone();
                sc.id = alt_id(&active.id, aim);
                sc.name = format!("{} ({})", crate::views::compare::label(&active), aim_title(aim));
                solve.emit((sc, aim.problem(&problem), SECONDS_EACH));
            }
            asked.set(Some(solution.clone()));
        })
    };
    let is_asked = asked.as_ref().is_some_and(|s| Rc::ptr_eq(s, &p.solution));
    // What has come back for this plan's problem so far.
    let tried: Vec<Tried> = aims
        .iter()
        .filter_map(|&aim| {
            let r = doc.results.get(&alt_id(&active.id, aim))?;
            let problem = aim.problem(&p.problem);
            (*r.problem == problem).then(|| Tried { aim, problem, solution: (*r.solution).clone() })
        })
        .collect();
    let waiting = aims.len() - tried.len();
    html! {
        <section class="plan-section plan-award" aria-labelledby="plan-alternatives-heading" id="plan-alternatives">
            <h3 class="app-heading-m" id="plan-alternatives-heading">{ "Plans with a healthier market" }</h3>
            <p class="app-body">
                { "The fewest lots can leave much of the work with one or two providers, and lots too large for smaller providers. Each alternative is the fewest lots that keep every provider's indicative award under a share of the value a year (50%, 40%, 30%, 25%, 20%, 15% or 10%, below this plan's largest), or that open every lot to an SME (at least one credible bidder with turnover up to £44m, in each service area where an SME could take every segment), with every rule still met. Only the plans that trade lots for a smaller largest share, more providers or more value open to SMEs are offered." }
            </p>
            if aims.is_empty() {
                <p class="app-body" id="alternatives-none">{ "No provider holds more than 10% of this plan's value, and no more lots can be opened to SMEs: there is no alternative to try." }</p>
            } else if aside.is_none() {
                <p class="app-body">{ "Alternatives are solved in the background, which this page cannot do here." }</p>
            } else {
                <button type="button" class="app-button app-button--secondary" id="alternatives-find" onclick={on_find}>
                    { if waiting == 0 { "Find alternative plans again" } else { "Find alternative plans" } }
                </button>
            }
            <div role="status" aria-live="polite" id="alternatives-status">
                if is_asked && waiting > 0 {
                    <p class="app-body">{ format!("Solving {} of {} alternatives, up to {} seconds each, in the background.", tried.len() + 1, aims.len(), SECONDS_EACH) }</p>
                }
            </div>
            if waiting == 0 && !tried.is_empty() {
                <AlternativesTable problem={p.problem.clone()} solution={p.solution.clone()} {tried} focus={is_asked} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    problem: Rc<LotProblem>,
    solution: Rc<Solution>,
    tried: Vec<Tried>,
    /// The person asked for these just now: focus moves to the answer when it arrives (not
    /// when the step is opened again with answers already there).
    focus: bool,
}

#[component]
fn AlternativesTable(p: &TableProps) -> Html {
    let doc = use_doc();
    let (kept, left_out) = front(&p.problem, &p.solution, &p.tried);
    use_effect_with(p.focus, |&focus| {
        if focus {
            focus_by_id("alternatives-caption")
        }
    });
    let Some(fewest) = kept.first().cloned() else { return html! {} };
    let adopt = |a: &Alternative| {
        let (doc, problem, solution) = (doc.clone(), a.problem.clone(), a.solution.clone());
        Callback::from(move |_: MouseEvent| {
            doc.dispatch(Action::Adopt {
                scenario: Rc::new(doc.scenario().clone()),
                problem: Rc::new(problem.clone()),
                solution: Rc::new(solution.clone()),
            })
        })
    };
    html! {
        <>
            <div class="plan-scroll" tabindex="0" role="region" aria-labelledby="alternatives-caption">
                <table class="app-table plan-table" id="alternatives-table">
                    <caption class="plan-caption" id="alternatives-caption" tabindex="-1">
                        { format!("{} on offer", crate::base::text::plural(kept.len(), "plan", "plans")) }
                        <span class="app-hint plan-caption__hint">{ "Proven: the fewest lots under that cap. Not proven: the best found in the time." }</span>
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Plan" }</th>
                            <th scope="col" class="plan-num">{ "Lots" }</th>
                            <th scope="col" class="plan-num">{ "Largest provider's share" }</th>
                            <th scope="col" class="plan-num">{ "Providers" }</th>
                            <th scope="col" class="plan-num">{ "Concentration (HHI)" }</th>
                            <th scope="col" class="plan-num">{ "Value open to SMEs" }</th>
                            <th scope="col">{ "Proven" }</th>
                            <th scope="col">{ "If any one provider fails (worst case)" }</th>
                            <th scope="col">{ "What it trades" }</th>
                            <th scope="col"><span class="app-visually-hidden">{ "Action" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for kept.iter().enumerate().map(|(i, a)| html! {
                            <tr id={format!("alternative-{i}")}>
                                <th scope="row">{ title(a) }</th>
                                <td class="plan-num">{ a.lots }</td>
                                <td class="plan-num">{ percent(a.largest_share) }</td>
                                <td class="plan-num">{ a.shape.providers }</td>
                                <td class="plan-num">{ format!("{:.0}", a.shape.hhi) }</td>
                                <td class="plan-num">{ percent(a.shape.sme_open_share) }</td>
                                <td>{ if a.proven { "Yes" } else { "No" } }</td>
                                <td>{ failure_words(a) }</td>
                                <td>{ trade(a, &fewest) }</td>
                                <td>
                                    if a.aim.is_some() {
                                        <button type="button" class="app-button app-button--secondary" id={format!("alternative-use-{i}")} onclick={adopt(a)}>
                                            { "Use this plan" }<span class="app-visually-hidden">{ format!(": {}", title(a)) }</span>
                                        </button>
                                    } else {
                                        { "This plan" }
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="app-body" id="alternatives-survivor">{ survivor(&kept).1 }</p>
            if !left_out.is_empty() {
                <p class="app-body">{ "Alternatives not offered:" }</p>
                <ul class="app-body" id="alternatives-left-out">
                    { for left_out.iter().map(|n| html! { <li>{ n.words() }</li> }) }
                </ul>
            }
            <p class="app-hint">{ "A plan you use becomes this scenario's plan, with its cap or lots open to SMEs among the rules it meets; proposing lots again gives the fewest lots under the rules of step 3." }</p>
        </>
    }
}
