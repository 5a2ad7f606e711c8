//! Market-shaping measures of a plan: does it concentrate the market or open it?
//!
//! All shares are of the value a year of the plan's lots, awarded as the plan's indicative
//! award (R6) has it: what the market would look like if every lot went the way that check
//! placed it. They describe the plan; they are not a finding about competition law.
//!
//! - the **Herfindahl-Hirschman index (HHI)**: the sum of each provider's share in per cent,
//!   squared (10,000 when one provider holds everything; 2,500 for four equal providers);
//! - the **top-four share** and the **largest provider's share**;
//! - the **distinct providers** awarded;
//!
//! Suppliers of one group (a parent company or owner) count as one provider in every share: the
//! market is as concentrated as its owners are.
//! - the value of lots at least one SME, and at least one not-for-profit supplier, could
//!   credibly bid for.
//!
//!
//! It also puts the provider-failure stress test ([`crate::plan::stress`]) in words:
//! [`failure_rows`] and [`stress_summary`].
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::market};
//! let problem = lower::lower_active(&Workspace::default_workspace())?;
//! let plan = solver::solve(&problem, &solver::Options::default());
//! let shape = market::measure(&problem, &plan).expect("the example has a plan");
//! assert!(shape.hhi > 0.0 && shape.hhi <= 10_000.0);
//! assert!(shape.providers >= 1);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort;
use std::collections::BTreeMap;

use crate::base::money::gbp;
use crate::base::text::{and_list, percent, plural};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Lot, Solution};
use crate::plan::stress::StressReport;
use crate::views::report::{self, supplier_name};

/// The market-shaping measures of one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Distinct suppliers with an indicative award.
    pub providers: usize,
    /// Herfindahl-Hirschman index of the awarded value, 0..=10,000.
    pub hhi: f64,
    /// Share of the awarded value held by the four largest providers (0..=1).
    pub top_four_share: f64,
    /// The provider with most awarded value (its name) and its share (0..=1).
    pub largest: (String, f64),
    /// Share of the lots' value that at least one SME could bid for (0..=1).
    pub sme_open_share: f64,
    /// Share of the lots' value that at least one not-for-profit supplier could bid for.
    pub not_for_profit_open_share: f64,
    /// The value a year of the plan's lots.
    pub value: f64,
}

/// The measures of `plan`, or `None` when it has no awarded lots.
pub fn measure(problem: &LotProblem, plan: &Solution) -> Option<Shape> {
    let mut by_provider: BTreeMap<String, f64> = BTreeMap::new();
    for (to, value) in plan.lots.iter().flat_map(Lot::awarded) {
        *by_provider.entry(owner(problem, to)).or_default() += value;
    }
    let awarded: f64 = by_provider.values().sum();
    if by_provider.is_empty() || awarded <= 0.0 {
        return None;
    }
    let mut shares: Vec<(String, f64)> = by_provider.into_iter().map(|(id, v)| (id, v / awarded)).collect();
    sort::by(&mut shares, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let value: f64 = plan.lots.iter().map(|l| l.value).sum();
    let open = |pred: &dyn Fn(&crate::plan::problem::Supplier) -> bool| {
        let v: f64 = plan
            .lots
            .iter()
            .filter(|l| l.credible_bidders.iter().any(|b| problem.suppliers.iter().any(|s| &s.id == b && pred(s))))
            .map(|l| l.value)
            .sum();
        if value > 0.0 {
            v / value
        } else {
            0.0
        }
    };
    let (largest, largest_share) = shares[0].clone();
    Some(Shape {
        providers: shares.len(),
        hhi: shares.iter().map(|(_, s)| (s * 100.0).powi(2)).sum(),
        top_four_share: shares.iter().take(4).map(|(_, s)| s).sum(),
        largest: (largest, largest_share),
        sme_open_share: open(&report::is_sme),
        not_for_profit_open_share: open(&|s| s.not_for_profit),
        value,
    })
}

/// Who holds a supplier's awards in the market's shares: its group ("Holdings group"), or
/// the supplier itself, by name.
pub fn owner(problem: &LotProblem, id: &str) -> String {
    match problem.suppliers.iter().find(|s| s.id == id).and_then(|s| s.group.as_deref()) {
        Some(g) => format!("{g} group"),
        None => supplier_name(problem, id).to_string(),
    }
}

/// A supplier by name, with its group when it has one: "Keys Fostering (Keys group)".
pub fn name_with_group(problem: &LotProblem, id: &str) -> String {
    let name = supplier_name(problem, id);
    match problem.suppliers.iter().find(|s| s.id == id).and_then(|s| s.group.as_deref()) {
        Some(g) => format!("{name} ({g} group)"),
        None => name.to_string(),
    }
}

/// Bidders as independent providers, by name: a group's members together ("the Keys group
/// (Keys Fostering and Keys Care)"), each other supplier on its own.
fn independent_names(problem: &LotProblem, bidders: &[String]) -> Vec<String> {
    let mut out: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for id in bidders {
        let group = problem.suppliers.iter().find(|s| s.id == *id).and_then(|s| s.group.as_deref());
        match out.iter_mut().find(|(g, _)| group.is_some() && *g == group) {
            Some((_, members)) => members.push(supplier_name(problem, id)),
            None => out.push((group, vec![supplier_name(problem, id)])),
        }
    }
    out.into_iter()
        .map(|(group, members)| match (group, members.as_slice()) {
            (Some(g), [one]) => format!("{one} ({g} group)"),
            (Some(g), _) => format!("the {g} group ({})", and_list(&members)),
            (None, _) => and_list(&members),
        })
        .collect()
}

/// One line of the panel: a label, the figure, and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: &'static str,
    pub figure: String,
    pub meaning: String,
}

/// The measures in words, for the plan step and the report.
pub fn lines(shape: &Shape) -> Vec<Line> {
    vec![
        Line {
            label: "Providers awarded",
            figure: shape.providers.to_string(),
            meaning: format!(
                "{} would hold the plan's {} a year under its indicative award.",
                plural(shape.providers, "provider", "different providers"),
                gbp(shape.value)
            ),
        },
        Line {
            label: "Largest provider's share",
            figure: percent(shape.largest.1),
            meaning: format!("{} would hold the most value.", shape.largest.0),
        },
        Line {
            label: "Top four providers' share",
            figure: percent(shape.top_four_share),
            meaning: "Of the awarded value, held by the four providers with most.".into(),
        },
        Line {
            label: "Concentration (HHI)",
            figure: format!("{:.0}", shape.hhi),
            meaning: "The sum of each provider's share in per cent, squared: 10,000 when one provider holds everything, 2,500 for four equal providers; lower is more spread.".into(),
        },
        Line {
            label: "Value SMEs could bid for",
            figure: percent(shape.sme_open_share),
            meaning: "Of the lots' value, in lots at least one SME on the register could credibly bid for.".into(),
        },
        Line {
            label: "Value not-for-profit suppliers could bid for",
            figure: percent(shape.not_for_profit_open_share),
            meaning: "Of the lots' value, in lots at least one not-for-profit supplier could credibly bid for.".into(),
        },
    ]
}

/// One failure case in words: a row of the stress test's table.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureRow {
    /// The failing provider(s), by name.
    pub provider: String,
    /// The lots it held, by id.
    pub lots: Vec<String>,
    /// Where each saved lot goes ("L3 to Keys Group"), and lots moved to make room.
    pub picked_up: Vec<String>,
    /// The lots stranded, by id.
    pub stranded: Vec<String>,
    pub stranded_value: f64,
    pub lost_value: f64,
    /// The search could not decide every question: "stranded" may be too pessimistic.
    pub undecided: bool,
}

/// The stress test's cases as table rows, most stranded value first.
pub fn failure_rows(problem: &LotProblem, report: &StressReport) -> Vec<FailureRow> {
    let name = |id: &str| supplier_name(problem, id).to_string();
    report
        .failures
        .iter()
        .map(|f| FailureRow {
            provider: match &f.group {
                Some(g) => format!("{g} group ({})", f_names(&f.failed, &name)),
                None => f_names(&f.failed, &name),
            },
            lots: f.lots.iter().map(|r| r.lot.clone()).collect(),
            picked_up: f
                .lots
                .iter()
                .filter_map(|r| r.to.as_ref().map(|to| format!("{} to {}", r.lot, name(to))))
                .chain(
                    f.moved
                        .iter()
                        .map(|mv| format!("{} moves from {} to {} to make room", mv.lot, name(&mv.from), name(&mv.to))),
                )
                .collect(),
            stranded: f.stranded.clone(),
            stranded_value: f.stranded_value,
            lost_value: f.lost_value,
            undecided: f.undecided,
        })
        .collect()
}

/// The stress test in two or three sentences: the worst case, and the lots that depend on one
/// or two providers.
pub fn stress_summary(problem: &LotProblem, report: &StressReport) -> String {
    let name = |id: &str| supplier_name(problem, id).to_string();
    let m = problem.params.m;
    let mut out = match report.worst() {
        None if report.failures.is_empty() => return "The plan has no indicative award to test.".into(),
        None => format!(
            "No single provider's{} failure strands a lot: each of the {} can be re-awarded to another credible bidder within its capacity and the most lots one supplier may win (m = {m}).",
            if report.failures.iter().any(|f| f.group.is_some()) { " or group's" } else { "" },
            {
                // A framework lot's providers each hold a share of it: count awards then.
                let held = report.failures.iter().filter(|f| f.group.is_none()).map(|f| f.lots.len()).sum();
                if problem.has_frameworks() {
                    plural(held, "award it holds (a lot, or a provider's share of a framework lot)", "awards they hold (lots, or providers' shares of framework lots)")
                } else {
                    plural(held, "lot it holds", "lots they hold")
                }
            }
        ),
        Some(worst) => {
            let single = || report.failures.iter().filter(|f| f.group.is_none());
            let stranding = single().filter(|f| !f.stranded.is_empty()).count();
            let who = match &worst.group {
                Some(g) => format!("the {g} group ({}) fails", f_names(&worst.failed, &name)),
                None => format!("{} fails", f_names(&worst.failed, &name)),
            };
            format!(
                "The worst case: if {who}, {} ({} a year) cannot be re-awarded, because no other credible bidder has room within its capacity and the most lots one supplier may win (m = {m}). {} of the {} providers awarded a lot would strand at least one lot if it failed.",
                worst.stranded.join(", "),
                gbp(worst.stranded_value),
                stranding,
                single().count()
            )
        }
    };
    for d in &report.dependent_lots {
        let names = independent_names(problem, &d.bidders);
        let independent = problem.independent_count(&d.bidders);
        out.push_str(&format!(
            " {} depends on {}: {}.",
            d.lot,
            if independent == 1 { "one provider" } else { "two providers" },
            and_list(&names)
        ));
    }
    out
}

fn f_names(ids: &[String], name: &dyn Fn(&str) -> String) -> String {
    and_list(&ids.iter().map(|id| name(id)).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::lower;
    use crate::plan::solution::{Lot, Status};

    fn plan(problem: &LotProblem, awards: &[(&str, f64)]) -> Solution {
        let ids: Vec<&str> = problem.suppliers.iter().map(|s| s.id.as_str()).collect();
        Solution {
            status: Status::Optimal,
            num_lots: Some(awards.len() as u32),
            min_credible_bidders: None,
            lots: awards
                .iter()
                .enumerate()
                .map(|(i, (award, value))| Lot {
                    id: format!("L{}", i + 1),
                    segments: Vec::new(),
                    value: *value,
                    localities: Vec::new(),
                    credible_bidders: vec![award.to_string(), ids[0].to_string()],
                    independent_bidders: None,
                    award: award.to_string(),
                    appointed: Vec::new(),
                })
                .collect(),
            lower_bound: None,
            diagnosis: Vec::new(),
            stats: None,
        }
    }

    #[test]
    fn hhi_and_shares_follow_the_definitions() {
        let problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let ids: Vec<&str> = problem.suppliers.iter().map(|s| s.id.as_str()).collect();
        // One provider: 10,000 and 100 %.
        let one = measure(&problem, &plan(&problem, &[(ids[1], 3.0), (ids[1], 1.0)])).unwrap();
        assert_eq!((one.providers, one.hhi, one.top_four_share), (1, 10_000.0, 1.0));
        // Four equal providers: 2,500; five equal: 2,000 and top four 80 %.
        let four: Vec<(&str, f64)> = ids[..4].iter().map(|&id| (id, 1.0)).collect();
        assert!((measure(&problem, &plan(&problem, &four)).unwrap().hhi - 2_500.0).abs() < 1e-9);
        let five: Vec<(&str, f64)> = ids[..5].iter().map(|&id| (id, 1.0)).collect();
        let five = measure(&problem, &plan(&problem, &five)).unwrap();
        assert!((five.hhi - 2_000.0).abs() < 1e-9 && (five.top_four_share - 0.8).abs() < 1e-12);
        // 60/40: 3,600 + 1,600; the largest is named.
        let split = measure(&problem, &plan(&problem, &[(ids[2], 6.0), (ids[3], 4.0)])).unwrap();
        assert!((split.hhi - 5_200.0).abs() < 1e-9);
        assert_eq!(split.largest, (supplier_name(&problem, ids[2]).to_string(), 0.6));
        assert!(measure(&problem, &plan(&problem, &[])).is_none(), "no awards, no measures");
    }

    #[test]
    fn a_group_is_one_provider_in_the_shares() {
        let mut problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let ids: Vec<String> = problem.suppliers.iter().map(|s| s.id.clone()).collect();
        let four: Vec<(&str, f64)> = ids[..4].iter().map(|id| (id.as_str(), 1.0)).collect();
        problem.suppliers[0].group = Some("Holdings".into());
        problem.suppliers[1].group = Some("Holdings".into());
        let shape = measure(&problem, &plan(&problem, &four)).unwrap();
        // Shares 50/25/25: 2,500 + 625 + 625.
        assert_eq!(shape.providers, 3);
        assert!((shape.hhi - 3_750.0).abs() < 1e-9, "{}", shape.hhi);
        assert_eq!(shape.largest, ("Holdings group".to_string(), 0.5));
    }

    #[test]
    fn a_group_of_every_supplier_failing_is_named_as_the_worst_case() {
        let mut problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let plan = crate::plan::solver::solve(&problem, &Default::default());
        problem.suppliers.iter_mut().for_each(|s| s.group = Some("Everyone".into()));
        let report = crate::plan::stress::run(&problem, &plan);
        let words = stress_summary(&problem, &report);
        assert!(words.starts_with("The worst case: if the Everyone group ("), "{words}");
        let rows = failure_rows(&problem, &report);
        assert!(rows.iter().any(|r| r.provider.starts_with("Everyone group (") && r.stranded.len() == plan.lots.len()));
    }

    #[test]
    fn open_shares_count_lots_with_a_credible_sme_or_not_for_profit_bidder() {
        let problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let sme = problem.suppliers.iter().find(|s| report::is_sme(s)).expect("the example has an SME");
        let big =
            problem.suppliers.iter().find(|s| !report::is_sme(s) && !s.not_for_profit).expect("and a large for-profit");
        let mut p = plan(&problem, &[(&big.id, 3.0), (&big.id, 1.0)]);
        p.lots[0].credible_bidders = vec![big.id.clone()];
        p.lots[1].credible_bidders = vec![big.id.clone(), sme.id.clone()];
        let shape = measure(&problem, &p).unwrap();
        assert!((shape.sme_open_share - 0.25).abs() < 1e-12);
        assert_eq!(lines(&shape).len(), 6);
        assert!(lines(&shape)[1].meaning.contains(supplier_name(&problem, &big.id)));
    }

    #[test]
    fn the_stress_test_in_words_names_providers_and_lots() {
        let problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let ids: Vec<&str> = problem.suppliers.iter().map(|s| s.id.as_str()).collect();
        // L1 only ids[1] can hold; L2 ids[2] holds and ids[1] could take.
        let mut p = plan(&problem, &[(ids[1], 5.0), (ids[2], 4.0)]);
        p.lots[0].credible_bidders = vec![ids[1].to_string()];
        p.lots[1].credible_bidders = vec![ids[2].to_string(), ids[1].to_string(), ids[3].to_string()];
        let report = crate::plan::stress::run(&problem, &p);
        let rows = failure_rows(&problem, &report);
        assert_eq!(rows[0].provider, supplier_name(&problem, ids[1]));
        assert_eq!(rows[0].stranded, vec!["L1"]);
        assert!(rows[1].picked_up[0].starts_with("L2 to "), "{:?}", rows[1]);
        let text = stress_summary(&problem, &report);
        assert!(
            text.starts_with(&format!("The worst case: if {} fails, L1 (£5 a year)", supplier_name(&problem, ids[1]))),
            "{text}"
        );
        assert!(text.contains("L1 depends on one provider"), "{text}");
        // Two members of one group are one provider, named together.
        let mut grouped = problem.clone();
        grouped.suppliers[1].group = Some("Shared Owner".into());
        grouped.suppliers[2].group = Some("Shared Owner".into());
        let bidders: Vec<String> = ids[1..4].iter().map(|s| s.to_string()).collect();
        let names = independent_names(&grouped, &bidders);
        let (one, two, three) =
            (supplier_name(&grouped, ids[1]), supplier_name(&grouped, ids[2]), supplier_name(&grouped, ids[3]));
        assert_eq!(names, [format!("the Shared Owner group ({one} and {two})"), three.to_string()]);
        let none = crate::plan::stress::run(&problem, &plan(&problem, &[]));
        assert_eq!(stress_summary(&problem, &none), "The plan has no indicative award to test.");
    }
}
