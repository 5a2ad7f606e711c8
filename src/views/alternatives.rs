//! Alternative plans in words: which caps on a provider's share, or lots open to SMEs, buy a
//! healthier market, and for how many more lots.
//!
//! [`front`] takes the fewest-lots plan and the plans solved for each aim
//! ([`crate::plan::alternatives`]) and keeps the trade-offs worth offering: a plan stays when no
//! other has as few lots with as small a largest share, as many providers and as much value
//! open to SMEs (the Pareto front). Every plan kept is marked proven (the fewest lots for its
//! aim) or not.

use crate::base::sort;
use crate::base::text::{percent, plural};
use crate::plan::alternatives::{largest_share, Aim, Tried};
use crate::plan::problem::LotProblem;
use crate::plan::solution::{Solution, Status};
use crate::views::market::{self, Shape};

/// One plan offered: the fewest-lots plan (`aim: None`) or an alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// What it was solved for; `None` for the fewest-lots plan.
    pub aim: Option<Aim>,
    pub problem: LotProblem,
    pub solution: Solution,
    pub lots: u32,
    /// Lots more than the fewest-lots plan.
    pub extra_lots: u32,
    /// The largest share one supplier holds in its indicative award.
    pub largest_share: f64,
    /// The market it leaves (providers by owner, HHI, ...).
    pub shape: Shape,
    /// The fewest lots under its cap, proven (status optimal).
    pub proven: bool,
    /// The stress test's worst case ([`crate::plan::stress`]): who fails (a supplier or a
    /// group, by name) and the value a year then stranded; `None` when the plan survives the
    /// failure of any one provider or group.
    pub worst_failure: Option<(String, f64)>,
}

/// What became of an aim that gave no plan to offer.
#[derive(Debug, Clone, PartialEq)]
pub struct NotOffered {
    pub aim: Aim,
    pub reason: String,
}

impl NotOffered {
    /// "No provider above 20%: no plan was found within the time limit."
    pub fn words(&self) -> String {
        format!("{}: {}.", aim_title(self.aim), self.reason)
    }
}

/// The plans worth offering, the fewest-lots plan first, then by lots; and the aims left out
/// with the reason.
pub fn front(problem: &LotProblem, fewest: &Solution, tried: &[Tried]) -> (Vec<Alternative>, Vec<NotOffered>) {
    let mut offered: Vec<Alternative> = Vec::new();
    let mut not = Vec::new();
    let base_lots = fewest.num_lots.unwrap_or(0);
    let consider = |aim: Option<Aim>, problem: &LotProblem, solution: &Solution| -> Result<Alternative, String> {
        if !matches!(solution.status, Status::Optimal | Status::Feasible) || solution.lots.is_empty() {
            return Err(match (solution.status, aim) {
                (Status::Infeasible, Some(Aim::SmeOpen)) => format!(
                    "no plan opens every lot to an SME: {}",
                    solution.diagnosis.first().map_or("the SMEs on the register cannot take the lots between them", |f| f.message.trim_end_matches('.'))
                ),
                (Status::Infeasible, _) => "no plan keeps every provider under this share: the suppliers who could take the lots do not have enough capacity between them".to_string(),
                _ => "no plan was found within the time limit".to_string(),
            });
        }
        let shape = market::measure(problem, solution).ok_or("the plan has no indicative award")?;
        let lots = solution.num_lots.unwrap_or(solution.lots.len() as u32);
        let report = crate::plan::stress::run(problem, solution);
        let worst_failure = report.worst().map(|f| {
            let who = f.group.clone().unwrap_or_else(|| {
                let names: Vec<&str> =
                    f.failed.iter().map(|id| crate::views::report::supplier_name(problem, id)).collect();
                crate::base::text::and_list(&names)
            });
            (who, f.stranded_value)
        });
        Ok(Alternative {
            aim,
            problem: problem.clone(),
            solution: solution.clone(),
            lots,
            extra_lots: lots.saturating_sub(base_lots),
            largest_share: largest_share(solution).unwrap_or(1.0),
            shape,
            proven: solution.status == Status::Optimal,
            worst_failure,
        })
    };
    match consider(None, problem, fewest) {
        Ok(a) => offered.push(a),
        Err(_) => return (Vec::new(), Vec::new()),
    }
    for t in tried {
        match consider(Some(t.aim), &t.problem, &t.solution) {
            Ok(a) => offered.push(a),
            Err(reason) => not.push(NotOffered { aim: t.aim, reason }),
        }
    }
    // Keep the fewest-lots plan; drop an alternative another plan dominates.
    let dominated = |a: &Alternative, b: &Alternative| {
        let (sa, sb) = (a.shape.sme_open_share, b.shape.sme_open_share);
        b.lots <= a.lots
            && b.largest_share <= a.largest_share + 1e-9
            && b.shape.providers >= a.shape.providers
            && sb >= sa - 1e-9
            && (b.lots < a.lots
                || b.largest_share < a.largest_share - 1e-9
                || b.shape.providers > a.shape.providers
                || sb > sa + 1e-9)
    };
    let all = offered.clone();
    let mut kept: Vec<Alternative> = offered
        .into_iter()
        .enumerate()
        .filter(|(i, a)| *i == 0 || !all.iter().enumerate().any(|(j, b)| j != *i && j != 0 && dominated(a, b)))
        .map(|(_, a)| a)
        .collect();
    // Two plans with the same shape: keep the first (the looser cap).
    let mut seen: Vec<(u32, i64, usize, i64)> = Vec::new();
    kept.retain(|a| {
        let permille = |x: f64| (x * 1000.0).round() as i64;
        let key = (a.lots, permille(a.largest_share), a.shape.providers, permille(a.shape.sme_open_share));
        let fresh = !seen.contains(&key) || a.aim.is_none();
        seen.push(key);
        fresh
    });
    for a in &all {
        if let Some(aim) = a.aim.filter(|&aim| !kept.iter().any(|k| k.aim == Some(aim))) {
            not.push(NotOffered {
                aim,
                reason: format!(
                    "its plan ({}, largest share {}, {} of the value open to SMEs) is no better than another on offer",
                    plural(a.lots as usize, "lot", "lots"),
                    percent(a.largest_share),
                    percent(a.shape.sme_open_share)
                ),
            });
        }
    }
    let order = |aim: &Aim| match aim {
        Aim::Cap(cap) => -cap,
        Aim::SmeOpen => 1.0,
    };
    sort::by(&mut not, |a, b| order(&a.aim).total_cmp(&order(&b.aim)));
    (kept, not)
}

/// What the worst single failure does to the plan: "Nothing stranded" or "£1.2m stranded if
/// Cambian Group fails".
pub fn failure_words(a: &Alternative) -> String {
    match &a.worst_failure {
        None => "Nothing stranded".into(),
        Some((who, value)) => format!("{} a year stranded if {who} fails", crate::base::money::gbp(*value)),
    }
}

/// The plan on offer with the fewest lots that survives the failure of any one provider or
/// group (its lots all re-awarded), if any does, and the sentence that says so.
pub fn survivor(kept: &[Alternative]) -> (Option<&Alternative>, String) {
    let found = kept.iter().filter(|a| a.worst_failure.is_none()).min_by_key(|a| a.lots);
    let words = match found {
        Some(a) if a.aim.is_none() => format!(
            "The fewest-lots plan already survives the failure of any one provider or group: every lot of the one that fails can be re-awarded ({}).",
            plural(a.lots as usize, "lot", "lots")
        ),
        Some(a) => format!(
            "{} survives the failure of any one provider or group, for {} ({} more than the fewest).",
            title(a),
            plural(a.lots as usize, "lot", "lots"),
            a.extra_lots
        ),
        None => "None of these plans survives the failure of every single provider or group: each strands some lots in its worst case.".into(),
    };
    (found, words)
}

/// An aim's name: "No provider above 20%" or "Lots open to SMEs".
pub fn aim_title(aim: Aim) -> String {
    match aim {
        Aim::Cap(cap) => format!("No provider above {}", percent(cap)),
        Aim::SmeOpen => "Lots open to SMEs".into(),
    }
}

/// The alternative's name: "Fewest lots", "No provider above 20%" or "Lots open to SMEs".
pub fn title(a: &Alternative) -> String {
    match a.aim {
        None => match a.problem.params.max_award_share {
            Some(cap) => format!("This plan (no provider above {})", percent(cap)),
            None => "Fewest lots".into(),
        },
        Some(aim) => aim_title(aim),
    }
}

/// What the alternative trades, in one sentence.
pub fn trade(a: &Alternative, fewest: &Alternative) -> String {
    if a.aim.is_none() {
        return format!(
            "{} with the largest provider holding {} of the value, among {}; {} of the value open to SMEs.",
            plural(a.lots as usize, "lot", "lots"),
            percent(a.largest_share),
            plural(a.shape.providers, "provider", "providers"),
            percent(a.shape.sme_open_share)
        );
    }
    let more = match a.extra_lots {
        0 => "No more lots".to_string(),
        n => plural(n as usize, "more lot", "more lots"),
    };
    let smes = if a.aim == Some(Aim::SmeOpen) {
        let open = crate::views::report::sme_open_words(&a.problem).unwrap_or_default();
        format!(
            "{} of the value open to SMEs instead of {} ({})",
            percent(a.shape.sme_open_share),
            percent(fewest.shape.sme_open_share),
            open
        )
    } else {
        format!("the largest provider holds {} instead of {}", percent(a.largest_share), percent(fewest.largest_share))
    };
    format!(
        "{more} than the fewest: {smes}, and {} instead of {} share the work.",
        plural(a.shape.providers, "provider", "providers"),
        fewest.shape.providers
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::{alternatives, lower, solver};

    #[test]
    fn the_front_keeps_trade_offs_and_says_why_others_are_left_out() {
        let problem = lower::lower_active(&Workspace::default_workspace()).unwrap();
        let fewest = solver::solve(&problem, &solver::Options::default());
        let options = solver::Options { time_limit: std::time::Duration::from_secs(10), ..Default::default() };
        let tried = alternatives::run(&problem, &fewest, &options);
        let (kept, not) = front(&problem, &fewest, &tried);
        assert_eq!(kept[0].aim, None);
        assert!(kept.len() >= 2, "the example has at least one healthier alternative: {kept:?} {not:?}");
        for pair in kept.windows(2) {
            assert!(pair[1].largest_share < pair[0].largest_share || pair[1].shape.providers > pair[0].shape.providers);
        }
        for a in &kept[1..] {
            if let Some(Aim::Cap(cap)) = a.aim {
                assert!(a.largest_share <= cap + 1e-9);
            }
            assert!(trade(a, &kept[0]).contains("than the fewest"));
        }
        assert_eq!(kept.len() + not.len(), tried.len() + 1, "every aim is either offered or explained");
        // Each plan's worst single failure is the stress test's, and the survivor strands nothing.
        for a in &kept {
            let report = crate::plan::stress::run(&a.problem, &a.solution);
            assert_eq!(a.worst_failure.as_ref().map(|w| w.1), report.worst().map(|f| f.stranded_value));
            assert!(failure_words(a).contains(if a.worst_failure.is_none() {
                "Nothing stranded"
            } else {
                "stranded if"
            }));
        }
        let (found, words) = survivor(&kept);
        match found {
            Some(s) => {
                assert!(crate::plan::stress::run(&s.problem, &s.solution).worst().is_none());
                assert!(kept.iter().filter(|a| a.lots < s.lots).all(|a| a.worst_failure.is_some()));
                assert!(words.contains("survives the failure of any one provider or group"), "{words}");
            }
            None => assert!(words.starts_with("None of these plans survives")),
        }
    }
}
