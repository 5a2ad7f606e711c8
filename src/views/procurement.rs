//! The procurement view of a plan: what the chosen law asks ([`law`]), each lot's contract
//! values and the condition of participation its value implies ([`lot_terms`]), a draft of
//! the reasons for the lots written from computed facts ([`draft_reasons`]), and what must be
//! written before the tender notice can be exported ([`notice_blockers`]).
//!
//! Lotwise states what the law asks and what it computed; it never says whether a decision is
//! lawful or proportionate. Those judgements are the commissioner's.
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::procurement};
//! let ws = Workspace::default_workspace();
//! let sc = ws.active_scenario();
//! let problem = lower::lower(sc)?;
//! let solution = solver::solve(&problem, &solver::Options::default());
//! let terms = procurement::lot_terms(&problem, &solution, sc);
//! assert_eq!(terms.len(), solution.lots.len());
//! // Five years: the whole-term value is 60 months of the yearly value.
//! assert!((terms[0].whole_term - 5.0 * terms[0].annual).abs() < 1.0);
//! // Half of turnover must cover the lot's yearly value under the default policy.
//! assert!((terms[0].min_turnover.unwrap() - 2.0 * terms[0].annual).abs() < 1.0);
//! assert!(procurement::notice_blockers(sc, &solution).is_empty());
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::money::gbp;
use crate::base::text::plural;
use crate::model::{Regime, Scenario};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Lot, Solution, Status};
use crate::views::report::{area_name, sme_accessible};

/// What a regime asks, one sentence per topic; `None` where Lotwise cites nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Law {
    /// Dividing into lots and the reasons for not dividing.
    pub lots: String,
    /// Limits on lots per supplier and combining lots.
    pub limits: String,
    /// Conditions of participation (economic and financial standing).
    pub conditions: String,
    /// Small and medium-sized enterprises.
    pub smes: Option<String>,
    /// Reserving contracts to public service mutuals.
    pub mutuals: Option<String>,
}

/// What `regime` asks about lots, limits, conditions, SMEs and mutuals (facts from
/// `PROCUREMENT.md`; never a conclusion about a particular plan).
pub fn law(regime: Regime) -> Law {
    match regime {
        Regime::Pa2023 => Law {
            lots: "Procurement Act 2023, section 18: consider whether the contract could reasonably be supplied under more than one contract (lots); where it could but is not divided, give the reasons in the tender notice.".into(),
            limits: "The tender notice may state the most lots a supplier may bid for and the most it may be awarded, and which lots may be awarded together.".into(),
            conditions: "Section 22: conditions of participation, including economic and financial standing, must be proportionate to the contract and stated in the tender notice or documents. The Act sets no turnover multiple.".into(),
            smes: Some("Section 12(4): have regard to the particular barriers small and medium-sized enterprises face, and consider whether they can be removed or reduced.".into()),
            mutuals: Some("Section 33: some light touch contracts may be reserved to public service mutuals, for terms of up to 5 years.".into()),
        },
        Regime::Pcr2015 => Law {
            lots: "Public Contracts Regulations 2015, regulation 46: consider dividing the contract into lots; where it is not divided, give the main reasons in the procurement documents.".into(),
            limits: "Regulation 46 also lets the notice limit the lots one bidder may bid for and be awarded, with objective rules for which lots a bidder gets when it would win more than the limit.".into(),
            conditions: "Regulation 58(9): the minimum yearly turnover asked for may not exceed twice the estimated contract value unless justified; for lots it applies to each lot, or to groups of lots awarded together.".into(),
            smes: None,
            mutuals: None,
        },
        Regime::Other => Law {
            lots: "Lotwise cites no law for this regime: check what it asks about dividing into lots.".into(),
            limits: "Check whether this regime lets you limit the lots a supplier may bid for or be awarded.".into(),
            conditions: "Check what this regime asks of conditions of participation.".into(),
            smes: None,
            mutuals: None,
        },
    }
}

/// A lot's contract values and the economic condition its value implies.
#[derive(Debug, Clone, PartialEq)]
pub struct LotTerms {
    pub lot: String,
    /// GBP a year.
    pub annual: f64,
    /// GBP over the initial term.
    pub whole_term: f64,
    /// GBP over the term and every extension.
    pub with_extensions: f64,
    /// The providers the lot appoints: 1, or `n` for a framework lot.
    pub appoint: u32,
    /// The smallest yearly turnover that gives a supplier capacity for its share of the lot's
    /// yearly value (all of it, unless a framework lot) under the scenario's capacity policy;
    /// `None` when the policy counts no turnover.
    pub min_turnover: Option<f64>,
    /// How many suppliers in the register have that turnover.
    pub suppliers_meeting: usize,
    /// Credible bidders (serve all of the lot's work and places and have the capacity).
    pub credible: usize,
    /// Whether an SME is among the credible bidders.
    pub sme: bool,
}

/// Each lot's terms, in plan order.
pub fn lot_terms(problem: &LotProblem, solution: &Solution, scenario: &Scenario) -> Vec<LotTerms> {
    let months = f64::from(scenario.term_months());
    let extension = f64::from(scenario.contract.extension_months);
    let ratio = scenario.capacity_policy.turnover_ratio;
    solution
        .lots
        .iter()
        .map(|l| {
            let appoint = problem.lot_appointments(&l.segments);
            let min_turnover = (ratio > 0.0).then(|| (l.value / f64::from(appoint) / ratio).ceil());
            let suppliers_meeting = min_turnover
                .map_or(0, |t| scenario.suppliers.iter().filter(|s| s.revenue.is_some_and(|r| r >= t)).count());
            LotTerms {
                lot: l.id.clone(),
                annual: l.value,
                whole_term: (l.value * months / 12.0).round(),
                with_extensions: (l.value * (months + extension) / 12.0).round(),
                appoint,
                min_turnover,
                suppliers_meeting,
                credible: l.bidders(),
                sme: sme_accessible(problem, l),
            }
        })
        .collect()
}

/// The condition of participation a lot's terms imply, in words, for the notice and exports.
pub fn condition_words(t: &LotTerms, scenario: &Scenario) -> String {
    let ratio = scenario.capacity_policy.turnover_ratio;
    match t.min_turnover {
        Some(min) => format!(
            "Minimum yearly turnover {}: under the capacity policy a supplier can take on at most {:.0}% of its turnover a year, and this lot is worth {} a year ({} over the {}){}.",
            gbp(min),
            ratio * 100.0,
            gbp(t.annual),
            gbp(t.whole_term),
            term_words(scenario),
            if t.appoint > 1 {
                format!(", shared by the {} providers it appoints ({} a year each)", t.appoint, gbp(t.annual / f64::from(t.appoint)))
            } else {
                String::new()
            },
        ),
        None => "The capacity policy counts no turnover, so it implies no minimum turnover.".into(),
    }
}

/// "60-month term (5 years) with up to 24 months of extensions".
pub fn term_words(scenario: &Scenario) -> String {
    let m = scenario.term_months();
    let years = if m % 12 == 0 { format!(" ({})", plural((m / 12) as usize, "year", "years")) } else { String::new() };
    match scenario.contract.extension_months {
        0 => format!("{m}-month term{years}"),
        e => format!("{m}-month term{years} with up to {e} months of extensions"),
    }
}

/// "Yes, with 3 credible bidders": whether a lot can be delivered, without naming anyone.
pub fn deliverable(lot: &Lot) -> String {
    match lot.bidders() {
        0 => "No: no supplier in the register can take it on".into(),
        n => format!("Yes, with {}", plural(n, "credible bidder", "credible bidders")),
    }
}

/// A draft of "why these lots", written from what Lotwise computed (the market's capacity,
/// k, bidders per lot, the rule that binds, whether fewer lots were possible). The
/// commissioner edits it; nothing in it is a legal conclusion, and it names neither a supplier
/// nor the tool, as it may be published.
pub fn draft_reasons(problem: &LotProblem, solution: &Solution, scenario: &Scenario) -> String {
    let lots = &solution.lots;
    if lots.is_empty() {
        return "No plan yet: propose lots first, then Lotwise drafts the reasons from the plan.".into();
    }
    let p = &problem.params;
    let value: f64 = lots.iter().map(|l| l.value).sum();
    let months = f64::from(scenario.term_months());
    let capacity: f64 = problem.suppliers.iter().map(|s| s.capacity.max(0.0)).sum();
    let bidders: Vec<usize> = lots.iter().map(|l| l.bidders()).collect();
    let (fewest, most) = (bidders.iter().min().copied().unwrap_or(0), bidders.iter().max().copied().unwrap_or(0));
    let mut areas: Vec<String> = Vec::new();
    for l in lots {
        for s in problem.segments.iter().filter(|s| l.segments.contains(&s.id)) {
            let name = area_name(problem, &s.service_area);
            if !areas.contains(&name) {
                areas.push(name);
            }
        }
    }
    let mut out = vec![
        format!(
            "The work put out to tender, {} a year ({} over the {}), covering {}, is divided into {}.",
            gbp(value),
            gbp(value * months / 12.0),
            term_words(scenario),
            areas.join(", "),
            plural(lots.len(), "lot", "lots")
        ),
        format!(
            "Market capacity: the register holds {} with {} of prudent capacity a year between them (under the capacity policy, at most {:.0}% of a supplier's turnover).",
            plural(problem.suppliers.len(), "supplier or consortium", "suppliers or consortia"),
            gbp(capacity),
            scenario.capacity_policy.turnover_ratio * 100.0
        ),
        format!(
            "Every lot has at least {} (the rule set k = {}{}): between {fewest} and {most} suppliers serve all of a lot's work and places and have the capacity for its value.",
            plural(fewest, "credible bidder", "credible bidders"),
            p.k,
            own_k_words(problem)
        ),
    ];
    out.push(binding_rule(problem, solution));
    out.push(match solution.status {
        Status::Optimal => format!(
            "Every way of grouping the work under these rules was compared: no plan with fewer than {} meets them.",
            plural(lots.len(), "lot", "lots")
        ),
        _ => "It was not proven that fewer lots are impossible under these rules.".into(),
    });
    let sme = lots.iter().filter(|l| sme_accessible(problem, l)).count();
    out.push(format!(
        "{sme} of the {} have an SME among their credible bidders (by turnover).",
        plural(lots.len(), "lot", "lots")
    ));
    out.join(" ")
}

/// The authorities' own k, in words: "; Westshire Council's lots at least 3", or nothing.
pub fn own_k_words(problem: &LotProblem) -> String {
    problem.params.k_by_authority.iter().map(|(a, k)| format!("; {a}'s lots at least {k}")).collect()
}

/// The rule that shapes the lots most, in words.
fn binding_rule(problem: &LotProblem, solution: &Solution) -> String {
    let p = &problem.params;
    let rules = problem.lot_rules();
    let near_max = solution.lots.iter().filter(|l| l.value >= 0.9 * rules.v_max(&l.segments)).count();
    let at_k = solution.lots.iter().filter(|l| l.bidders() as u32 <= rules.k(&l.segments)).count();
    if near_max > 0 {
        format!(
            "The largest lot allowed ({} a year{}) shapes the plan: {} within 10% of it.",
            gbp(p.v_max),
            if p.v_max_by_authority.is_empty() { "" } else { ", or an authority's own where smaller" },
            plural(near_max, "lot is", "lots are")
        )
    } else if at_k > 0 {
        format!(
            "The number of credible bidders shapes the plan: {} just {}.",
            plural(at_k, "lot has", "lots have"),
            if p.k_by_authority.is_empty() { p.k.to_string() } else { "the number its authorities ask for".into() }
        )
    } else if !p.mix_service_areas {
        "Keeping one service area per lot shapes the plan: no lot is near the largest value allowed or short of bidders.".into()
    } else {
        format!(
            "Lots are between {} and {} a year, with {} at most per supplier.",
            gbp(p.v_min),
            gbp(p.v_max),
            plural(p.m as usize, "lot", "lots")
        )
    }
}

/// What must be written before the tender notice (OCDS) can be exported: the reasons for not
/// dividing when the plan has one lot. Empty when it is ready.
pub fn notice_blockers(scenario: &Scenario, solution: &Solution) -> Vec<String> {
    let mut out = Vec::new();
    if solution.lots.is_empty() {
        out.push("There is no plan to put in a notice: propose lots first.".to_string());
    } else if solution.lots.len() == 1 && scenario.record.no_division.trim().is_empty() {
        out.push("The plan has one lot: write the reasons for not dividing into lots (Decision record) before exporting the tender notice.".to_string());
    }
    for (i, g) in scenario.record.lot_groups.iter().enumerate() {
        if let Some(missing) = g.lots.iter().find(|id| !solution.lots.iter().any(|l| l.id == **id)) {
            out.push(format!(
                "Lot group {} names {missing}, which is not a lot of this plan: change or remove the group.",
                i + 1
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::procurement::ContractField;
    use crate::model::{edit::Edit, Workspace};
    use crate::plan::{lower, solver};

    fn plan(ws: &Workspace) -> (LotProblem, Solution) {
        let problem = lower::lower(ws.active_scenario()).unwrap();
        let solution = solver::solve(&problem, &solver::Options::default());
        (problem, solution)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn terms_follow_the_contract_model_and_the_policy() {
        let mut ws = Workspace::default_workspace();
        ws.apply(Edit::SetContract(ContractField::TermMonths(36))).unwrap();
        ws.apply(Edit::SetContract(ContractField::ExtensionMonths(24))).unwrap();
        let (problem, solution) = plan(&ws);
        let sc = ws.active_scenario();
        for t in lot_terms(&problem, &solution, sc) {
            assert!((t.whole_term - 3.0 * t.annual).abs() <= 0.5);
            assert!((t.with_extensions - 5.0 * t.annual).abs() <= 0.5);
            let min = t.min_turnover.unwrap();
            let by_hand = sc.suppliers.iter().filter(|s| s.revenue.is_some_and(|r| r >= min)).count();
            assert_eq!(t.suppliers_meeting, by_hand);
            assert!(t.credible >= 3);
        }
        assert_eq!(term_words(sc), "36-month term (3 years) with up to 24 months of extensions");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_draft_states_facts_not_conclusions() {
        let ws = Workspace::default_workspace();
        let (problem, solution) = plan(&ws);
        let draft = draft_reasons(&problem, &solution, ws.active_scenario());
        assert!(draft.contains("is divided into 13 lots"), "{draft}");
        assert!(draft.contains("at least 3 credible bidders"), "{draft}");
        assert!(draft.contains("no plan with fewer than 13 lots"), "{draft}");
        for word in ["proportionate", "lawful", "complies", "Lotwise"] {
            assert!(!draft.contains(word), "{word} in {draft}");
        }
        for s in &problem.suppliers {
            assert!(!draft.contains(&s.name), "names no supplier: {}", s.name);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn one_lot_needs_the_reasons_for_not_dividing() {
        let mut ws = Workspace::default_workspace();
        let (_, mut solution) = plan(&ws);
        solution.lots.truncate(1);
        let blockers = notice_blockers(ws.active_scenario(), &solution);
        assert!(blockers[0].contains("reasons for not dividing"), "{blockers:?}");
        ws.apply(Edit::SetRecordText {
            field: crate::model::procurement::RecordText::NoDivision,
            text: "One provider must hold every placement.".into(),
        })
        .unwrap();
        assert!(notice_blockers(ws.active_scenario(), &solution).is_empty());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_law_cites_the_chosen_regime_only() {
        let pa = law(Regime::Pa2023);
        assert!(pa.lots.contains("section 18") && !pa.lots.contains("regulation"));
        assert!(pa.smes.unwrap().contains("12(4)"));
        let pcr = law(Regime::Pcr2015);
        assert!(pcr.lots.contains("regulation 46") && pcr.conditions.contains("58(9)"));
        assert!(!pcr.lots.contains("Act"));
        assert!(law(Regime::Other).lots.contains("cites no law"));
    }
}
