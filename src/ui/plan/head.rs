//! The head of a plan as a board reads it, on screen and on paper: the service, the scenario,
//! the date, the rules in words, and how far the register's figures can be trusted.

use std::rc::Rc;

use yew::prelude::*;

use crate::plan::problem::LotProblem;
use crate::ui::plan::why::data_quality;
use crate::ui::store::use_doc;
use crate::views::report::rules_in_words;

#[derive(Properties, PartialEq)]
pub struct ReportHeadProps {
    /// The problem the plan answers (its rules are the rules of the plan).
    pub problem: Rc<LotProblem>,
}

/// What the plan is for and the rules it meets.
#[component]
pub fn ReportHead(p: &ReportHeadProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let service = [sc.service.authority.trim(), sc.service.name.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    html! {
        <section class="plan-report" id="plan-report" aria-labelledby="plan-report-title">
            <h3 class="app-heading-m" id="plan-report-title">
                { format!("Lot plan for {}", if service.is_empty() { "the service".to_string() } else { service }) }
            </h3>
            <dl class="plan-report__facts">
                <dt>{ "Scenario" }</dt>
                <dd id="plan-report-scenario">{ crate::views::compare::label(sc).to_string() }</dd>
                <dt>{ "Date" }</dt>
                <dd id="plan-report-date">{ today() }</dd>
                <dt>{ "Rules every lot meets" }</dt>
                <dd>
                    <ul class="plan-report__rules" id="plan-report-rules">
                        { for rules_in_words(&p.problem).into_iter().map(|r| html! { <li>{ r }</li> }) }
                    </ul>
                </dd>
            </dl>
            if let Some(caveat) = data_quality(sc) {
                <p class="app-body plan-caveat" id="plan-data-quality">{ caveat }</p>
            }
        </section>
    }
}

/// Today as people write it: "2 December 2026".
pub fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        long_date(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// "2 December 2026" from year, month (1-12) and day.
pub fn long_date(year: i32, month: u32, day: u32) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(month.saturating_sub(1) as usize).copied().unwrap_or("");
    format!("{day} {month} {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(long_date(2026, 12, 2), "2 December 2026");
        assert_eq!(long_date(2025, 2, 24), "24 February 2025");
    }
}
