//! Why there is no plan (or why it is not proven): each finding of the solver's diagnosis as
//! a GOV.UK-style error summary item, with the rule in words, what is wrong, how to fix it,
//! and buttons that take the user to the thing to change.

use std::rc::Rc;

use yew::prelude::*;

use crate::base::text::plural;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Finding;
use crate::ui::store::{use_doc, Doc};
use crate::views::report::{fix_link_text, fix_places, rule_title, with_supplier_names};

#[derive(Properties, PartialEq)]
pub struct DiagnosisProps {
    pub title: AttrValue,
    pub findings: Vec<Finding>,
    /// The problem the findings are about (for rule numbers and supplier names).
    pub problem: Rc<LotProblem>,
    /// An error (no plan): red summary that takes focus. Otherwise a calm note.
    #[prop_or(true)]
    pub error: bool,
}

/// How many findings are listed before the rest are folded away.
pub const SHOWN: usize = 4;

#[component]
pub fn Diagnosis(p: &DiagnosisProps) -> Html {
    let doc = use_doc();
    let node = use_node_ref();
    {
        let (node, error) = (node.clone(), p.error);
        use_effect_with(p.findings.clone(), move |_| {
            if error {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let class =
        if p.error { classes!("app-error-summary", "plan-diagnosis") } else { classes!("plan-note", "plan-diagnosis") };
    html! {
        <div
            {class}
            id="plan-diagnosis"
            ref={node}
            tabindex="-1"
            role={p.error.then_some("alert")}
            aria-labelledby="plan-diagnosis-title"
        >
            <h3 class={if p.error { "app-error-summary__title" } else { "app-heading-s" }} id="plan-diagnosis-title">{ p.title.clone() }</h3>
            <ul class="app-error-summary__list plan-findings">
                { for p.findings.iter().take(SHOWN).enumerate().map(|(i, f)| finding(p, &doc, i, f)) }
            </ul>
            if p.findings.len() > SHOWN {
                <details class="plan-details plan-more-findings">
                    <summary>{ format!("Show {}", plural(p.findings.len() - SHOWN, "more problem", "more problems")) }</summary>
                    <ul class="app-error-summary__list plan-findings">
                        { for p.findings.iter().enumerate().skip(SHOWN).map(|(i, f)| finding(p, &doc, i, f)) }
                    </ul>
                </details>
            }
        </div>
    }
}

fn finding(p: &DiagnosisProps, doc: &Doc, i: usize, f: &Finding) -> Html {
    html! {
        <li class="plan-finding" id={format!("finding-{i}")}>
            <p class="plan-finding__rule">{ title(f, p) }</p>
            <p class="plan-finding__message">{ sentence(&with_supplier_names(&p.problem, f)) }</p>
            <p class="plan-finding__fix"><strong>{ "How to fix: " }</strong>{ f.fix.clone() }</p>
            <p class="plan-finding__links">
                { for fix_places(f).into_iter().map(|target| {
                    let (id, text, doc) = (crate::ui::ids::fix_link(i, &target), fix_link_text(&target), doc.clone());
                    html! {
                        <button
                            type="button"
                            class="app-link-button plan-fix-link"
                            {id}
                            onclick={Callback::from(move |_| doc.go(target.clone()))}
                        >
                            { text }
                        </button>
                    }
                }) }
            </p>
        </li>
    }
}

/// The finding's rule in words.
fn title(f: &Finding, p: &DiagnosisProps) -> String {
    rule_title(f.rule, &p.problem.params)
}

/// The solver's messages start lower-case ("segment X ..."); start them with a capital.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
