//! Why each lot has its shape, who can bid for no lot, and how far the register's figures can
//! be trusted: the reasons a board asks for, from [`crate::views::why`].

use std::rc::Rc;

use yew::prelude::*;

use crate::base::money::gbp;
use crate::base::text::plural;
use crate::model::Scenario;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;
use crate::ui::widgets::chart::lot_class;
use crate::views::report::describe_segments;
use crate::views::why::{shut_out, why_lots};

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub problem: Rc<LotProblem>,
    pub solution: Rc<Solution>,
}

/// Each lot with the rule that keeps it apart from its neighbours, and what would change it.
#[component]
pub fn WhyLots(p: &WhyProps) -> Html {
    let reasons = why_lots(&p.problem, &p.solution);
    html! {
        <section class="plan-section" aria-labelledby="plan-why-heading" id="plan-why">
            <h3 class="app-heading-m" id="plan-why-heading">{ "Why each lot" }</h3>
            <p class="app-body">
                { "Lotwise proposes the fewest lots that meet the rules, so a lot stands on its own only because joining it to a neighbouring lot would break a rule." }
            </p>
            <ol class="plan-why">
                { for p.solution.lots.iter().zip(&reasons).enumerate().map(|(i, (lot, why))| html! {
                    <li class="plan-why__lot" id={format!("why-{}", lot.id)}>
                        <p class="plan-why__title">
                            <span class={classes!("plan-chip", lot_class(i))}>{ lot.id.clone() }</span>
                            { format!(" {}, {} a year", describe_segments(&p.problem, lot).join("; "), gbp(lot.value)) }
                        </p>
                        <ul class="plan-why__reasons">
                            { for why.reasons.iter().map(|r| html! { <li>{ r.clone() }</li> }) }
                        </ul>
                        if !why.changes.is_empty() {
                            <p class="plan-why__changes"><strong>{ "What would change it: " }</strong>{ why.changes.join(" ") }</p>
                        }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// The suppliers who can bid for no lot, with why and what would let them in.
#[component]
pub fn WhoCanBid(p: &WhyProps) -> Html {
    let out = shut_out(&p.problem, &p.solution);
    html! {
        <section class="plan-section" aria-labelledby="plan-shut-out-heading" id="plan-shut-out">
            <h3 class="app-heading-m" id="plan-shut-out-heading">{ "Suppliers who can bid for no lot" }</h3>
            if out.is_empty() {
                <p class="app-body">{ "Every supplier with capacity of its own is a credible bidder for at least one lot." }</p>
            } else {
                <p class="app-body">
                    { format!("{} in the register can bid for none of these lots:", plural(out.len(), "supplier", "suppliers")) }
                </p>
                <ul class="app-list plan-shut-out">
                    { for out.iter().map(|s| html! {
                        <li id={format!("shut-out-{}", s.supplier)}>
                            <strong>{ s.name.clone() }</strong>{ format!(": {} ", s.reason) }
                            <span class="plan-shut-out__way">{ format!("What would let it in: {}", s.way_in) }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// How much of the register a plan rests on is invented or missing, in one sentence (empty
/// when every supplier has researched coverage and accounts).
pub fn data_quality(sc: &Scenario) -> Option<String> {
    let n = sc.suppliers.len();
    let illustrative = sc.suppliers.iter().filter(|s| s.illustrative).count();
    let no_accounts = sc.suppliers.iter().filter(|s| s.revenue.is_none()).count();
    let mut parts = Vec::new();
    if illustrative > 0 {
        parts.push(format!("{illustrative} of the {n} suppliers' coverage is illustrative (invented for the example)"));
    }
    if no_accounts > 0 {
        parts.push(format!("{} no turnover figure", plural(no_accounts, "supplier has", "suppliers have")));
    }
    (!parts.is_empty()).then(|| {
        format!("This plan is only as good as the register: {}. Check them before relying on it.", parts.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    #[test]
    fn the_example_says_its_coverage_is_illustrative() {
        let ws = Workspace::default_workspace();
        let line = data_quality(ws.active_scenario()).expect("the example is illustrative");
        assert!(line.contains("suppliers' coverage is illustrative"), "{line}");
        let mut sc = ws.active_scenario().clone();
        for s in &mut sc.suppliers {
            s.illustrative = false;
            s.revenue = Some(1e6);
        }
        assert_eq!(data_quality(&sc), None);
    }
}
