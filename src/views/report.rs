//! Figures about a solved plan, for the "Proposed lots" panel: summary figures, per-supplier
//! load, the segment grid coloured by lot, readable rule names and where to fix a finding.
//!
//! Pure functions of a [`LotProblem`] and the [`Solution`] that answers it (no UI), so they are
//! tested natively and the panel only lays them out.
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::report};
//! let problem = lower::lower_active(&Workspace::default_workspace())?;
//! let solution = solver::solve(&problem, &solver::Options::default());
//! let s = report::summary(&problem, &solution, 5);
//! assert_eq!(s.num_lots, solution.lots.len());
//! assert!((s.lot_value_term - 5.0 * s.lot_value).abs() < 1.0);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort;
use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, BTreeSet};

use crate::base::money::gbp;
use crate::base::text::{and_list, plural};
use crate::model::target::{RuleField, Step, Target};
use crate::plan::problem::{LotProblem, Params, Segment, Supplier};
use crate::plan::solution::{Finding, Lever, Lot, Rule, Solution, Status};

pub use crate::model::procurement::SME_REVENUE_LIMIT;

/// The SME definition in words, for the page.
pub const SME_DEFINITION: &str = "The Procurement Act 2023 (section 123) counts a supplier as an SME when it has fewer than 250 staff and either turnover up to £44m or a balance sheet total up to £38m. Lotwise checks turnover only (the register records no staff numbers or balance sheet totals), so confirm staff numbers before relying on this count. Suppliers with no revenue recorded, such as consortia, are not counted as SMEs.";

/// Whether `s` counts as an SME bidder ([`Supplier::is_sme`]).
pub fn is_sme(s: &Supplier) -> bool {
    s.is_sme()
}

/// A supplier's display name: its name, or its id when it has none (or is unknown).
pub fn supplier_name<'a>(problem: &'a LotProblem, id: &'a str) -> &'a str {
    match problem.suppliers.iter().find(|s| s.id == id) {
        Some(s) if !s.name.trim().is_empty() => s.name.as_str(),
        _ => id,
    }
}

fn supplier<'a>(problem: &'a LotProblem, id: &str) -> Option<&'a Supplier> {
    problem.suppliers.iter().find(|s| s.id == id)
}

/// The headline figures of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub num_lots: usize,
    /// The fewest credible bidders of any lot (`None` without lots).
    pub thinnest: Option<usize>,
    /// The lots with that fewest number.
    pub thinnest_lots: Vec<String>,
    /// Sum of the lots' values, GBP per year.
    pub lot_value: f64,
    /// `lot_value` over the contract term.
    pub lot_value_term: f64,
    pub term_years: u32,
    /// Value of the retained (in-house) segments, GBP per year.
    pub retained_value: f64,
    pub retained_segments: usize,
    /// Value of the lots at least one SME could credibly bid for, GBP per year.
    pub sme_value: f64,
    pub sme_lots: usize,
    /// `sme_value / lot_value` (0..=1), `None` when there is no lot value.
    pub sme_share: Option<f64>,
    /// Distinct suppliers with an indicative award.
    pub suppliers_awarded: usize,
}

/// Whether at least one credible bidder of `lot` is an SME.
pub fn sme_accessible(problem: &LotProblem, lot: &Lot) -> bool {
    problem.any_sme(lot.credible_bidders.iter().map(String::as_str))
}

/// The headline figures of `solution` (an answer to `problem`) over a term of `term_years`.
pub fn summary(problem: &LotProblem, solution: &Solution, term_years: u32) -> Summary {
    let lots = &solution.lots;
    let thinnest = lots.iter().map(|l| l.bidders()).min();
    let thinnest_lots = lots.iter().filter(|l| Some(l.bidders()) == thinnest).map(|l| l.id.clone()).collect();
    let lot_value: f64 = lots.iter().map(|l| l.value).sum();
    let retained: Vec<&Segment> = problem.segments.iter().filter(|s| s.retained).collect();
    let sme: Vec<&Lot> = lots.iter().filter(|l| sme_accessible(problem, l)).collect();
    let sme_value: f64 = sme.iter().map(|l| l.value).sum();
    let awarded: BTreeSet<&str> = lots.iter().flat_map(Lot::appointees).collect_set();
    Summary {
        num_lots: lots.len(),
        thinnest,
        thinnest_lots,
        lot_value,
        lot_value_term: lot_value * f64::from(term_years),
        term_years,
        retained_value: retained.iter().map(|s| s.value).sum(),
        retained_segments: retained.len(),
        sme_value,
        sme_lots: sme.len(),
        sme_share: (lot_value > 0.0).then(|| sme_value / lot_value),
        suppliers_awarded: awarded.len(),
    }
}

/// The headline sentence for a solution's status.
pub fn headline(solution: &Solution) -> String {
    let lots = solution.lots.len();
    let s = if lots == 1 { "" } else { "s" };
    let thinnest =
        solution.min_credible_bidders.map(|t| t as usize).or_else(|| solution.lots.iter().map(|l| l.bidders()).min());
    let competition = match thinnest {
        Some(t) => format!(", every lot has at least {t} credible bidder{}", if t == 1 { "" } else { "s" }),
        None => String::new(),
    };
    match solution.status {
        Status::Optimal => format!("Proven best plan: {lots} lot{s}{competition}"),
        Status::Feasible => match solution.lower_bound {
            Some(b) => format!(
                "Valid plan, not proven best: {lots} lot{s}{competition} (lower bound {b} lot{})",
                if b == 1 { "" } else { "s" }
            ),
            None => format!("Valid plan, not proven best: {lots} lot{s}{competition}"),
        },
        Status::Infeasible => "No plan meets the rules".to_string(),
        Status::Unknown if solution.diagnosis.iter().any(|f| f.rule == Rule::Size) => {
            "No plan found: this segmentation is too fine to solve exactly".to_string()
        }
        Status::Unknown => "No plan found within the time limit".to_string(),
    }
}

/// How much of one supplier's capacity its indicative awards use.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub id: String,
    pub name: String,
    /// The lots awarded to it, in plan order.
    pub lots: Vec<String>,
    /// GBP per year.
    pub awarded: f64,
    /// GBP per year (0 when unknown).
    pub capacity: f64,
    /// `awarded / capacity`, `None` when the capacity is 0.
    pub share: Option<f64>,
    pub sme: bool,
}

/// Who the indicative award gives `lot` to, by name: one provider, or the providers a
/// framework lot appoints ("A, B and C"); empty when it has no award.
pub fn award_words(problem: &LotProblem, lot: &Lot) -> String {
    let names: Vec<String> = lot.appointees().into_iter().map(|j| supplier_name(problem, j).to_string()).collect();
    and_list(&names)
}

/// One [`Load`] per supplier with an award, most value first (ties by id).
pub fn loads(problem: &LotProblem, solution: &Solution) -> Vec<Load> {
    let mut by: BTreeMap<&str, (Vec<String>, f64)> = BTreeMap::new();
    for lot in &solution.lots {
        for (to, value) in lot.awarded() {
            let e = by.entry(to).or_default();
            e.0.push(lot.id.clone());
            e.1 += value;
        }
    }
    let mut out: Vec<Load> = by
        .into_iter()
        .map(|(id, (lots, awarded))| {
            let s = supplier(problem, id);
            let capacity = s.map_or(0.0, |s| s.capacity);
            Load {
                id: id.to_string(),
                name: supplier_name(problem, id).to_string(),
                lots,
                awarded,
                capacity,
                share: (capacity > 0.0).then(|| awarded / capacity),
                sme: s.is_some_and(is_sme),
            }
        })
        .collect();
    sort::by(&mut out, |a, b| b.awarded.total_cmp(&a.awarded).then_with(|| a.id.cmp(&b.id)));
    out
}

pub fn area_name(problem: &LotProblem, code: &str) -> String {
    match problem.service_areas.iter().find(|a| a.code == code) {
        Some(a) if !a.name.trim().is_empty() => a.name.clone(),
        _ => code.to_string(),
    }
}

/// The lot's segments in words, one line per service area with how many segments it has and,
/// when segments are cut by tier or function, which: `["Fostering services (3 segments)"]`,
/// `["Fostering services: tier 2, tier 3 (4 segments)"]`. (Localities are listed separately.)
pub fn describe_segments(problem: &LotProblem, lot: &Lot) -> Vec<String> {
    let mut groups: Vec<(String, usize, Vec<String>)> = Vec::new();
    for id in &lot.segments {
        let (area, detail) = match problem.segments.iter().find(|s| s.id == *id) {
            Some(s) => (area_name(problem, &s.service_area), detail(s)),
            None => (String::from("Other"), Some(id.clone())),
        };
        let i = match groups.iter().position(|(a, _, _)| *a == area) {
            Some(i) => i,
            None => {
                groups.push((area, 0, Vec::new()));
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        g.1 += 1;
        if let Some(d) = detail {
            if !g.2.contains(&d) {
                g.2.push(d);
            }
        }
    }
    groups
        .into_iter()
        .map(|(area, n, details)| {
            let count = plural(n, "segment", "segments");
            if details.is_empty() {
                format!("{area} ({count})")
            } else {
                format!("{area}: {} ({count})", details.join("; "))
            }
        })
        .collect()
}

/// A finding's message in people's words: supplier ids replaced by their names (whole ids only), and
/// segment ids dropped where the segment is already named in words.
pub fn with_supplier_names(problem: &LotProblem, finding: &Finding) -> String {
    let mut text = finding.message.clone();
    // Segments are named in words with their id in brackets (`“Fostering in North” (FOST-North,
    // £1.2m a year)`): people read the words, so the id goes.
    for id in &finding.segments {
        text = text.replace(&format!("({id}, "), "(").replace(&format!(" ({id})"), "");
    }
    for id in &finding.suppliers {
        let name = supplier_name(problem, id);
        if name != id {
            text = replace_word(&text, id, name);
        }
    }
    text
}

/// Replaces `word` in `text` where it is not part of a longer word.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        out.push_str(if part(before) || part(after) { word } else { with });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// What one segment of the grid shows.
#[derive(Debug, Clone, PartialEq)]
pub struct GridEntry {
    pub segment: String,
    pub value: f64,
    /// The segment's lot: its index in `solution.lots` and id. `None` when retained or in no lot.
    pub lot: Option<(usize, String)>,
    pub retained: bool,
    /// The segment's tier and function, when it has them (to tell entries of a cell apart).
    pub detail: Option<String>,
}

impl GridEntry {
    /// The text label shown in the cell: the lot id, "In-house" or "No lot".
    pub fn label(&self) -> String {
        match (&self.lot, self.retained) {
            (_, true) => "In-house".to_string(),
            (Some((_, id)), false) => id.clone(),
            (None, false) => "No lot".to_string(),
        }
    }
}

/// The segments laid out as service areas (rows) by localities (columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// (code, name) of each row, in the problem's order, only areas that have segments.
    pub areas: Vec<(String, String)>,
    /// Column headings, in the problem's order, only localities that have segments.
    pub localities: Vec<String>,
    /// `cells[row][column]`: the segments of that area and locality.
    pub cells: Vec<Vec<Vec<GridEntry>>>,
}

/// The segment grid of `problem` coloured by the lots of `solution`.
pub fn segment_grid(problem: &LotProblem, solution: &Solution) -> Grid {
    let lot_of: BTreeMap<&str, (usize, &str)> = solution
        .lots
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.segments.iter().map(move |s| (s.as_str(), (i, l.id.as_str()))))
        .collect_map();
    let areas: Vec<(String, String)> = problem
        .service_areas
        .iter()
        .filter(|a| problem.segments.iter().any(|s| s.service_area == a.code))
        .map(|a| (a.code.clone(), area_name(problem, &a.code)))
        .collect();
    let localities: Vec<String> =
        problem.localities.iter().filter(|l| problem.segments.iter().any(|s| s.locality == **l)).cloned().collect();
    let cells = areas
        .iter()
        .map(|(code, _)| {
            localities
                .iter()
                .map(|loc| {
                    problem
                        .segments
                        .iter()
                        .filter(|s| s.service_area == *code && s.locality == *loc)
                        .map(|s| GridEntry {
                            segment: s.id.clone(),
                            value: s.value,
                            lot: lot_of.get(s.id.as_str()).map(|&(i, id)| (i, id.to_string())),
                            retained: s.retained,
                            detail: detail(s),
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Grid { areas, localities, cells }
}

fn detail(s: &Segment) -> Option<String> {
    match (s.tier, &s.function) {
        (Some(t), Some(f)) => Some(format!("tier {t}, {f}")),
        (Some(t), None) => Some(format!("tier {t}")),
        (None, Some(f)) => Some(f.clone()),
        (None, None) => None,
    }
}

/// The lot rules in words, each with its symbol: what every lot of a plan meets.
///
/// # Example
/// ```
/// use lotwise::{model::Workspace, plan::lower};
/// let problem = lower::lower_active(&Workspace::default_workspace())?;
/// let words = lotwise::views::report::rules_in_words(&problem);
/// assert_eq!(words[0], "Worth between £300k and £4.00m a year (the smallest and largest lot allowed, v_min and v_max; rule R4).");
/// # Ok::<_, lotwise::base::error::Issues>(())
/// ```
pub fn rules_in_words(problem: &LotProblem) -> Vec<String> {
    let p = &problem.params;
    let mut words = vec![
        format!(
            "Worth between {} and {} a year (the smallest and largest lot allowed, v_min and v_max; rule R4).",
            gbp(p.v_min),
            gbp(p.v_max)
        ),
        format!(
            "At least {} for each lot: suppliers who serve all of its work and places and have the capacity for its value (k; rule R5).",
            plural(p.k as usize, "credible bidder", "credible bidders")
        ),
        format!(
            "Every lot can be awarded at once, with no supplier over its capacity or {} winning more than {} (m; rule R6).",
            if p.m_per_group { "group of suppliers (one parent company or owner)" } else { "supplier" },
            plural(p.m as usize, "lot", "lots")
        ),
        if p.mix_service_areas {
            "A lot may combine service areas (rule R2 relaxed).".to_string()
        } else {
            "One service area per lot (rule R2).".to_string()
        },
        "Every segment that is not kept in-house is in exactly one lot (R1), and a lot's localities border each other (R3).".to_string(),
    ];
    if let Some(share) = p.max_award_share {
        words.push(format!(
            "An alternative plan: no supplier's indicative award is more than {} of the value a year (a cap chosen for a healthier market, on top of rule R6).",
            crate::base::text::percent(share)
        ));
    }
    if let Some(own) = own_k_words(problem) {
        words.push(own);
    }
    words.extend(own_value_words(problem, OwnValue::Largest));
    words.extend(own_value_words(problem, OwnValue::Smallest));
    if let Some(open) = sme_open_words(problem) {
        words.push(format!("{open} (part of rule R5)."));
    }
    words.extend(framework_words(problem));
    words
}

/// Which of an authority's own lot values: its largest (`v_max`) or its smallest (`v_min`).
#[derive(Clone, Copy)]
enum OwnValue {
    Largest,
    Smallest,
}

/// The authorities' own largest or smallest lots in words ("Lots holding Westshire Council's
/// work are worth at most £2.00m a year ..."), or `None` when every lot keeps to the plan's.
fn own_value_words(problem: &LotProblem, which: OwnValue) -> Option<String> {
    let p = &problem.params;
    let (own, plan, bound, rule, tightest) = match which {
        OwnValue::Largest => (&p.v_max_by_authority, p.v_max, "at most", "largest", "smallest"),
        OwnValue::Smallest => (&p.v_min_by_authority, p.v_min, "at least", "smallest", "largest"),
    };
    if own.is_empty() {
        return None;
    }
    let each: Vec<String> =
        own.iter().map(|(a, v)| format!("{a}'s work are worth {bound} {} a year", gbp(*v))).collect();
    let crossing = if problem.in_scope().any(|s| !problem.bound_to_authority(s)) {
        format!("; a lot of a service area whose lots may cross authority borders keeps to the {tightest} of these that any authority with work in that area sets")
    } else {
        String::new()
    };
    Some(format!(
        "Lots holding {} (its own {rule} lot, in place of the plan's {}; rule R4){crossing}.",
        and_list(&each),
        gbp(plan)
    ))
}

/// The authorities' own k in words ("Westshire Council asks for at least 3 credible bidders
/// for each lot holding its work ..."), or `None` when every lot needs the plan's k.
pub fn own_k_words(problem: &LotProblem) -> Option<String> {
    let own = &problem.params.k_by_authority;
    if own.is_empty() {
        return None;
    }
    let asks: Vec<String> = own
        .iter()
        .map(|(a, k)| format!("{a} asks for at least {}", plural(*k as usize, "credible bidder", "credible bidders")))
        .collect();
    let crossing = if problem.in_scope().any(|s| !problem.bound_to_authority(s)) {
        "; a lot of a service area whose lots may cross authority borders needs the most that any authority with work in that area asks for"
    } else {
        ""
    };
    Some(format!(
        "{} for each lot holding its work (its own k, in place of the plan's {}; rule R5){crossing}.",
        and_list(&asks),
        problem.params.k
    ))
}

/// Each framework lot rule in words ("Each lot of Fostering services is a framework lot
/// that appoints 3 providers, ..."), none when every lot goes to one provider.
pub fn framework_words(problem: &LotProblem) -> Vec<String> {
    let p = &problem.params;
    let mut by_n: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (code, &n) in p.appointments.iter().filter(|(_, &n)| n > 1) {
        by_n.entry(n).or_default().push(area_name(problem, code));
    }
    if p.mix_service_areas {
        by_n = by_n.into_iter().next_back().map(|(n, _)| (n, vec!["every".to_string()])).into_iter().collect_map();
    }
    by_n.into_iter()
        .map(|(n, names)| {
            let which = if names == ["every"] { "Every lot".to_string() } else { format!("Each lot of {}", and_list(&names)) };
            format!(
                "{which} is a framework lot that appoints {n} different providers, each taken to deliver an equal share of its value: a credible bidder needs capacity for its share, the lot needs at least {} (k, or the providers it appoints if more; rule R5), and each appointment counts as one of a supplier's m lots (rule R6).",
                plural(p.k.max(n) as usize, "credible bidder", "credible bidders")
            )
        })
        .collect()
}

/// Which lots must have at least one credible SME bidder, in words ("Every lot of Fostering
/// services has at least one credible bidder that is an SME"), by service area and by
/// authority, or `None` when no lot must.
pub fn sme_open_words(problem: &LotProblem) -> Option<String> {
    let open = &problem.params.sme_open;
    let asking = &problem.params.sme_open_authorities;
    let mut which = Vec::new();
    if !open.is_empty() {
        let all = problem.params.mix_service_areas || problem.service_areas.iter().all(|a| open.contains(&a.code));
        which.push(if all {
            "Every lot".to_string()
        } else {
            let names: Vec<String> = problem
                .service_areas
                .iter()
                .filter(|a| open.contains(&a.code))
                .map(|a| area_name(problem, &a.code))
                .collect();
            format!("Every lot of {}", and_list(&names))
        });
    }
    if !asking.is_empty() {
        let lots = if which.is_empty() { "Every lot" } else { "every lot" };
        which.push(format!("{lots} holding {}'s work", and_list(asking)));
    }
    if which.is_empty() {
        return None;
    }
    let crossing = if !asking.is_empty() && problem.in_scope().any(|s| !problem.bound_to_authority(s)) {
        "; a service area whose lots may cross authority borders follows any authority with work in it that asks"
    } else {
        ""
    };
    Some(format!(
        "{} has at least one credible bidder that is an SME (turnover up to £44m){crossing}",
        which.join(", and ")
    ))
}

/// A rule in words, with this problem's numbers: `R5 — at least 2 credible bidders per lot`.
pub fn rule_title(rule: Rule, params: &Params) -> String {
    match rule {
        Rule::R1 => "R1 — every segment in exactly one lot".to_string(),
        Rule::R2 => "R2 — one service area per lot".to_string(),
        Rule::R3 => "R3 — a lot's localities must border each other".to_string(),
        Rule::R4 => format!(
            "R4 — lot value between {} and {} a year{}",
            gbp(params.v_min),
            gbp(params.v_max),
            match (params.v_min_by_authority.is_empty(), params.v_max_by_authority.is_empty()) {
                (true, true) => "",
                (true, false) => " (or an authority's own largest)",
                (false, true) => " (or an authority's own smallest)",
                (false, false) => " (or an authority's own smallest and largest)",
            }
        ),
        Rule::R5 => {
            let own = if params.k_by_authority.is_empty() { "" } else { " (or an authority's own number)" };
            format!("R5 — at least {} per lot{own}", plural(params.k as usize, "credible bidder", "credible bidders"))
        }
        Rule::R6 => format!(
            "R6 — every lot awardable within capacity, at most {} per supplier",
            plural(params.m as usize, "lot", "lots")
        ),
        Rule::Time => "Time limit".to_string(),
        Rule::Size => "Size of the problem".to_string(),
        Rule::Stopped => "Search stopped before it finished".to_string(),
    }
}

/// The place a lever is changed.
pub fn lever_target(lever: Lever) -> Target {
    match lever {
        Lever::SmallestLot => Target::Rule(RuleField::SmallestLot),
        Lever::LargestLot => Target::Rule(RuleField::LargestLot),
        Lever::MinBidders => Target::Rule(RuleField::MinBidders),
        Lever::MaxLotsPerSupplier => Target::Rule(RuleField::MaxLotsPerSupplier),
        Lever::MixServiceAreas => Target::Rule(RuleField::MixServiceAreas),
        Lever::CrossAuthority => Target::Rule(RuleField::CrossAuthority),
        Lever::SmeOpen => Target::Rule(RuleField::SmeOpen),
        Lever::Appointments => Target::Rule(RuleField::Appointments),
        Lever::AuthorityRules => Target::Rule(RuleField::AuthorityRules),
        Lever::Suppliers => Target::Suppliers,
        Lever::InHouse => Target::InHouse,
        Lever::Split => Target::Split,
        Lever::Map => Target::Map,
        Lever::TimeLimit => Target::TimeLimit,
    }
}

/// Where the user goes to act on `finding`: one place per step, the first its fix names there,
/// in the order the fix names them (from the rule when the finding names no lever).
pub fn fix_places(finding: &Finding) -> Vec<Target> {
    let mut levers = finding.levers.clone();
    if levers.is_empty() {
        levers.push(match finding.rule {
            Rule::R3 | Rule::Size => Lever::Map,
            Rule::Time | Rule::Stopped => Lever::TimeLimit,
            Rule::R1 | Rule::R2 | Rule::R4 => Lever::SmallestLot,
            Rule::R5 => Lever::MinBidders,
            Rule::R6 => Lever::MaxLotsPerSupplier,
        });
    }
    let mut out: Vec<Target> = Vec::new();
    for target in levers.into_iter().map(lever_target) {
        if !out.iter().any(|t| t.step() == target.step() && (t == &Target::TimeLimit) == (target == Target::TimeLimit))
        {
            out.push(target);
        }
    }
    out
}

/// The link text that takes the user to a place's step: "Change the lot rules".
pub fn fix_link_text(target: &Target) -> &'static str {
    if *target == Target::TimeLimit {
        return "Change the time limit";
    }
    match target.step() {
        Step::Service => "Change the service and segments",
        Step::Suppliers => "Change the suppliers",
        Step::Rules => "Change the lot rules",
        Step::Plan => "Change the time limit",
        Step::Scenarios => "Change the scenario's assumptions",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::plan::problem::LotProblem;
    use crate::plan::solver::{self, Options};

    fn default_plan() -> (LotProblem, Solution) {
        let problem = crate::plan::lower::lower_active(&Workspace::default_workspace()).expect("the default lowers");
        let solution = solver::solve(&problem, &Options::default());
        (problem, solution)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn summary_of_the_default_plan() {
        let (problem, solution) = default_plan();
        assert_eq!(solution.status, Status::Optimal);
        let s = summary(&problem, &solution, 5);
        assert_eq!(s.num_lots, 13);
        assert_eq!(s.thinnest, Some(3));
        assert_eq!(Some(3), solution.min_credible_bidders.map(|t| t as usize));
        assert!(!s.thinnest_lots.is_empty());
        for id in &s.thinnest_lots {
            let lot = solution.lots.iter().find(|l| l.id == *id).unwrap();
            assert_eq!(lot.credible_bidders.len(), 3);
        }
        // Every in-scope segment is in a lot, so lots + retained = the whole service.
        let total: f64 = problem.segments.iter().map(|s| s.value).sum();
        assert!((s.lot_value + s.retained_value - total).abs() < 1.0);
        assert!((s.lot_value_term - 5.0 * s.lot_value).abs() < 1e-6);
        assert_eq!(s.retained_segments, problem.segments.iter().filter(|s| s.retained).count());
        assert!(s.retained_value > 0.0);
        let share = s.sme_share.unwrap();
        assert!((0.0..=1.0).contains(&share));
        assert!((share - s.sme_value / s.lot_value).abs() < 1e-12);
        let awarded: BTreeSet<&str> = solution.lots.iter().map(|l| l.award.as_str()).collect();
        assert_eq!(s.suppliers_awarded, awarded.len());
        assert!(headline(&solution).starts_with("Proven best plan: 13 lots, every lot has at least 3 credible bidders"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn sme_accessibility_follows_the_credible_bidders() {
        let (problem, solution) = default_plan();
        let s = summary(&problem, &solution, 1);
        let by_hand: Vec<&Lot> = solution
            .lots
            .iter()
            .filter(|l| {
                l.credible_bidders
                    .iter()
                    .any(|b| problem.suppliers.iter().any(|s| s.id == *b && s.revenue.is_some_and(|r| r <= 44e6)))
            })
            .collect();
        assert_eq!(s.sme_lots, by_hand.len());
        assert!(s.sme_lots > 0, "the default market has SMEs able to bid");
        let mut p = problem.clone();
        for s in &mut p.suppliers {
            s.revenue = Some(1e9);
        }
        let none = summary(&p, &solution, 1);
        assert_eq!((none.sme_lots, none.sme_value, none.sme_share), (0, 0.0, Some(0.0)));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn sme_threshold_is_the_acts_turnover_and_needs_a_revenue() {
        let mut s = Supplier {
            id: "S".into(),
            name: String::new(),
            ownership: None,
            revenue: Some(44_000_001.0),
            equity: None,
            not_for_profit: false,
            capacity: 1.0,
            service_areas: vec![],
            localities: vec![],
            group: None,
        };
        assert!(!is_sme(&s));
        s.revenue = Some(44_000_000.0);
        assert!(is_sme(&s), "up to £44m, as the Procurement Act 2023 has it");
        s.revenue = Some(38_941_977.0);
        assert!(is_sme(&s), "Randstad Care's turnover, over the old £36m line");
        s.revenue = None;
        assert!(!is_sme(&s));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn loads_respect_capacity_and_m() {
        let (problem, solution) = default_plan();
        let loads = loads(&problem, &solution);
        assert_eq!(loads.len(), summary(&problem, &solution, 1).suppliers_awarded);
        let total: f64 = loads.iter().map(|l| l.awarded).sum();
        let lots: f64 = solution.lots.iter().map(|l| l.value).sum();
        assert!((total - lots).abs() < 1.0);
        for l in &loads {
            assert!(l.awarded <= l.capacity + 1e-6, "{} over capacity", l.id);
            assert!(l.lots.len() <= problem.params.m as usize);
            assert!(!l.name.is_empty() && l.name != l.id, "named from the register");
        }
        assert!(loads.windows(2).all(|w| w[0].awarded >= w[1].awarded));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn grid_places_every_segment_once() {
        let (problem, solution) = default_plan();
        let grid = segment_grid(&problem, &solution);
        assert_eq!(grid.localities.len(), 8);
        assert_eq!(grid.areas.len(), problem.service_areas.len());
        let entries: Vec<&GridEntry> = grid.cells.iter().flatten().flatten().collect();
        assert_eq!(entries.len(), problem.segments.len());
        for e in entries {
            if e.retained {
                assert_eq!(e.label(), "In-house");
                assert!(e.lot.is_none());
            } else {
                let (i, id) = e.lot.clone().expect("in-scope segments are in a lot");
                assert_eq!(solution.lots[i].id, id);
                assert!(solution.lots[i].segments.contains(&e.segment));
                assert_eq!(e.label(), id);
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn segments_are_described_by_area() {
        let (problem, solution) = default_plan();
        let lot = solution.lots.iter().find(|l| l.segments.iter().all(|s| s.starts_with("FOST"))).unwrap();
        let text = describe_segments(&problem, lot);
        assert_eq!(text, vec![format!("Fostering services ({} segments)", lot.segments.len())]);
        let mut p = problem.clone();
        for s in &mut p.segments {
            if lot.segments.contains(&s.id) {
                s.tier = Some(2);
            }
        }
        assert_eq!(
            describe_segments(&p, lot),
            vec![format!("Fostering services: tier 2 ({} segments)", lot.segments.len())]
        );
    }

    fn infeasible() -> (LotProblem, Solution) {
        let text = include_str!("../../tests/data/lot-instances/M-3.json");
        let problem = LotProblem::from_json(text).unwrap();
        let solution = solver::solve(&problem, &Options::default());
        (problem, solution)
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn infeasible_findings_point_somewhere_useful() {
        let (problem, solution) = infeasible();
        assert_eq!(solution.status, Status::Infeasible);
        assert_eq!(headline(&solution), "No plan meets the rules");
        assert!(!solution.diagnosis.is_empty());
        for f in &solution.diagnosis {
            let places = fix_places(f);
            assert!(!places.is_empty());
            let title = rule_title(f.rule, &problem.params);
            assert!(title.starts_with(f.rule.code()) || matches!(f.rule, Rule::Time | Rule::Size), "{title}");
        }
        let s = summary(&problem, &solution, 5);
        assert_eq!((s.num_lots, s.thinnest, s.sme_share, s.suppliers_awarded), (0, None, None, 0));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn fix_places_follow_the_levers_one_per_step() {
        let f = |rule: Rule, levers: Vec<Lever>| Finding {
            rule,
            message: String::new(),
            segments: vec![],
            suppliers: vec![],
            fix: String::new(),
            levers,
        };
        let r5 = f(Rule::R5, vec![Lever::MinBidders, Lever::Suppliers, Lever::InHouse]);
        assert_eq!(fix_places(&r5), vec![Target::Rule(RuleField::MinBidders), Target::Suppliers, Target::InHouse]);
        let r1 = f(Rule::R1, vec![Lever::SmallestLot, Lever::LargestLot, Lever::MinBidders]);
        assert_eq!(fix_places(&r1), vec![Target::Rule(RuleField::SmallestLot)], "one link per step");
        let time = f(Rule::Time, vec![Lever::TimeLimit, Lever::Split, Lever::SmallestLot]);
        let places = fix_places(&time);
        assert_eq!(places, vec![Target::TimeLimit, Target::Split, Target::Rule(RuleField::SmallestLot)]);
        assert_eq!(
            places.iter().map(fix_link_text).collect::<Vec<_>>(),
            ["Change the time limit", "Change the service and segments", "Change the lot rules"]
        );
        assert_eq!(fix_places(&f(Rule::R3, vec![])), vec![Target::Map], "from the rule when no lever is named");
        assert_eq!(fix_places(&f(Rule::R6, vec![])), vec![Target::Rule(RuleField::MaxLotsPerSupplier)]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn every_diagnosis_of_the_shared_instances_names_its_levers() {
        let (_, solution) = infeasible();
        for f in &solution.diagnosis {
            assert!(!f.levers.is_empty(), "{f:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn findings_name_suppliers() {
        let (problem, _) = default_plan();
        let f = Finding {
            rule: Rule::R5,
            message: "segment X has 2 credible bidders (CAMBIANGRO, ISP): ISP2 and C:ISP stay; ISP.".into(),
            segments: vec![],
            suppliers: vec!["CAMBIANGRO".into(), "ISP".into(), "NOBODY".into()],
            fix: String::new(),
            levers: vec![],
        };
        assert_eq!(
            with_supplier_names(&problem, &f),
            "segment X has 2 credible bidders (Cambian Group, ISP): ISP2 and C:ISP stay; ISP."
        );
        let f = Finding { suppliers: vec!["CASTLECARE".into()], message: "(CASTLECARE)".into(), ..f };
        assert_eq!(with_supplier_names(&problem, &f), "(CastleCare)");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rule_titles_use_the_numbers() {
        let p = Params::new(300_000.0, 4_000_000.0, 2, 3, false);
        assert_eq!(rule_title(Rule::R5, &p), "R5 — at least 2 credible bidders per lot");
        assert_eq!(rule_title(Rule::R4, &p), "R4 — lot value between £300k and £4.00m a year");
        assert!(rule_title(Rule::R6, &p).contains("at most 3 lots"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn headlines_for_each_status() {
        let mut s = Solution::infeasible(Vec::new());
        s.status = Status::Unknown;
        assert_eq!(headline(&s), "No plan found within the time limit");
        s.diagnosis.push(Finding {
            rule: Rule::Size,
            message: String::new(),
            segments: vec![],
            suppliers: vec![],
            fix: String::new(),
            levers: vec![],
        });
        assert_eq!(headline(&s), "No plan found: this segmentation is too fine to solve exactly");
        let (_, mut sol) = default_plan();
        sol.status = Status::Feasible;
        sol.lower_bound = Some(11);
        assert_eq!(
            headline(&sol),
            "Valid plan, not proven best: 13 lots, every lot has at least 3 credible bidders (lower bound 11 lots)"
        );
    }
}
