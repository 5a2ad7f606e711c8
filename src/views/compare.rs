//! Scenarios side by side and plans over the contract years: the figures of step 5,
//! "Scenarios and years" (`docs/scenarios.md`), as pure functions tested natively.
//!
//! - [`figures`] and [`cell`]: what the comparison table shows for one scenario's plan, and
//!   how it differs from a base scenario's ("+2 lots"); [`what_differs`] says it in a sentence.
//! - [`plan_years`]: a plan's lots in every contract year of a scenario, each against `v_max`
//!   and against the capacity of its indicative award in that year.
//! - [`robust_cases`], [`robust_problem`]: the cases robust lots must hold in (the peak year,
//!   or every year, of each chosen scenario) and the worst-case lot problem that sizes them;
//!   [`binding_in_words`] and [`first_failures`] read a [`RobustReport`] back in plain words.
//!
//! # Example
//! ```
//! use lotwise::{model::Workspace, plan::{lower, solver}, views::compare};
//! let ws = Workspace::default_workspace();
//! let problem = lower::lower_active(&ws)?;
//! let plan = solver::solve(&problem, &solver::Options::default());
//! let f = compare::figures(&problem, &plan);
//! assert_eq!(f.num_lots, plan.lots.len());
//! let same = compare::cell(compare::Measure::Lots, &f, Some(&f));
//! assert_eq!(same.change, None);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use crate::base::error::{Issue, Issues};
use crate::base::money::gbp;
use crate::base::text::{percent, whole_percent};
use crate::model::projection::{peak_year, scenario_in_year};
use crate::model::Scenario;
use crate::plan::lower::lower;
use crate::plan::problem::LotProblem;
use crate::plan::robust::{worst_case, Binding, Case, CaseResult, RobustReport};
use crate::plan::solution::{Solution, Status};
use crate::views::market;
use crate::views::report::{self, Load};

/// The figures of one plan that the comparison shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub status: Status,
    pub num_lots: usize,
    /// Lot values a year, in plan order.
    pub lot_values: Vec<f64>,
    pub smallest_lot: Option<f64>,
    pub largest_lot: Option<f64>,
    /// The fewest credible bidders of any lot.
    pub thinnest: Option<usize>,
    /// Share of the lots' value that at least one SME could bid for (0..=1).
    pub sme_share: Option<f64>,
    /// Value kept in-house, GBP a year.
    pub retained_value: f64,
    pub suppliers_awarded: usize,
    /// Each awarded supplier's load, most value first.
    pub loads: Vec<Load>,
    /// The largest share of any awarded supplier's capacity used (0..=1), and whose.
    pub highest_load: Option<(String, f64)>,
    /// The market this plan would leave (concentration, shares), when it has awards.
    pub market: Option<market::Shape>,
}

impl Figures {
    /// True when the solve found a valid plan.
    pub fn has_plan(&self) -> bool {
        matches!(self.status, Status::Optimal | Status::Feasible)
    }
}

/// The comparison's figures of `solution` (an answer to `problem`), from [`crate::views::report`].
pub fn figures(problem: &LotProblem, solution: &Solution) -> Figures {
    let s = report::summary(problem, solution, 1);
    let loads = report::loads(problem, solution);
    let lot_values: Vec<f64> = solution.lots.iter().map(|l| l.value).collect();
    let highest_load =
        loads.iter().filter_map(|l| l.share.map(|s| (l.name.clone(), s))).max_by(|a, b| a.1.total_cmp(&b.1));
    Figures {
        status: solution.status,
        num_lots: s.num_lots,
        smallest_lot: lot_values.iter().copied().reduce(f64::min),
        largest_lot: lot_values.iter().copied().reduce(f64::max),
        lot_values,
        thinnest: s.thinnest,
        sme_share: s.sme_share,
        retained_value: s.retained_value,
        suppliers_awarded: s.suppliers_awarded,
        loads,
        highest_load,
        market: market::measure(problem, solution),
    }
}

/// A row of the comparison table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Lots,
    Smallest,
    Largest,
    Thinnest,
    SmeShare,
    Retained,
    Awarded,
    HighestLoad,
    Concentration,
    LargestShare,
}

impl Measure {
    pub const ALL: [Measure; 10] = [
        Measure::Lots,
        Measure::Smallest,
        Measure::Largest,
        Measure::Thinnest,
        Measure::SmeShare,
        Measure::Retained,
        Measure::Awarded,
        Measure::HighestLoad,
        Measure::Concentration,
        Measure::LargestShare,
    ];

    /// The row heading.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Lots => "Number of lots",
            Measure::Smallest => "Smallest lot (a year)",
            Measure::Largest => "Largest lot (a year)",
            Measure::Thinnest => "Thinnest competition",
            Measure::SmeShare => "Value SMEs could bid for",
            Measure::Retained => "Value kept in-house (a year)",
            Measure::Awarded => "Suppliers with an indicative award",
            Measure::HighestLoad => "Highest capacity use",
            Measure::Concentration => "Concentration of awarded value (HHI, 10,000 = one provider)",
            Measure::LargestShare => "Largest provider's share of awarded value",
        }
    }

    /// A short name for sentences ("largest lot +£0.4m").
    fn short(self) -> &'static str {
        match self {
            Measure::Lots => "lots",
            Measure::Smallest => "smallest lot",
            Measure::Largest => "largest lot",
            Measure::Thinnest => "thinnest competition",
            Measure::SmeShare => "SME share",
            Measure::Retained => "in-house",
            Measure::Awarded => "suppliers awarded",
            Measure::HighestLoad => "highest capacity use",
            Measure::Concentration => "concentration (HHI)",
            Measure::LargestShare => "largest provider's share",
        }
    }
}

/// One cell of the comparison table: the figure, and how it differs from the base scenario's
/// (`None` when it does not, or there is nothing to compare).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub change: Option<String>,
}

/// The minus sign used in changes ("−1 lot").
pub const MINUS: char = '\u{2212}';

fn signed(d: f64, text: String) -> String {
    format!("{}{text}", if d < 0.0 { MINUS } else { '+' })
}

fn count_change(d: i64, one: &str, many: &str) -> Option<String> {
    (d != 0).then(|| signed(d as f64, format!("{} {}", d.abs(), if d.abs() == 1 { one } else { many })))
}

fn money_change(a: Option<f64>, b: Option<f64>) -> Option<String> {
    let d = a? - b?;
    (d.abs() >= 1.0).then(|| signed(d, gbp(d.abs())))
}

fn points_change(a: Option<f64>, b: Option<f64>) -> Option<String> {
    let d = whole_percent(a?) - whole_percent(b?);
    count_change(d, "point", "points")
}

/// The cell for measure `m` of `f`, with its change from `base` (when given and different).
pub fn cell(m: Measure, f: &Figures, base: Option<&Figures>) -> Cell {
    let base = base.filter(|b| b.has_plan() && f.has_plan());
    if !f.has_plan() {
        let text = if m == Measure::Lots { "No plan" } else { "–" };
        return Cell { text: text.into(), change: None };
    }
    let or_dash = |x: Option<String>| x.unwrap_or_else(|| "–".into());
    let (text, change) = match m {
        Measure::Lots => (
            f.num_lots.to_string(),
            base.and_then(|b| count_change(f.num_lots as i64 - b.num_lots as i64, "lot", "lots")),
        ),
        Measure::Smallest => {
            (or_dash(f.smallest_lot.map(gbp)), base.and_then(|b| money_change(f.smallest_lot, b.smallest_lot)))
        }
        Measure::Largest => {
            (or_dash(f.largest_lot.map(gbp)), base.and_then(|b| money_change(f.largest_lot, b.largest_lot)))
        }
        Measure::Thinnest => (
            or_dash(f.thinnest.map(|t| format!("{t} bidder{}", if t == 1 { "" } else { "s" }))),
            base.and_then(|b| count_change(f.thinnest? as i64 - b.thinnest? as i64, "bidder", "bidders")),
        ),
        Measure::SmeShare => {
            (or_dash(f.sme_share.map(percent)), base.and_then(|b| points_change(f.sme_share, b.sme_share)))
        }
        Measure::Retained => {
            (gbp(f.retained_value), base.and_then(|b| money_change(Some(f.retained_value), Some(b.retained_value))))
        }
        Measure::Awarded => (
            f.suppliers_awarded.to_string(),
            base.and_then(|b| {
                count_change(f.suppliers_awarded as i64 - b.suppliers_awarded as i64, "supplier", "suppliers")
            }),
        ),
        Measure::HighestLoad => (
            or_dash(f.highest_load.as_ref().map(|(name, s)| format!("{} ({name})", percent(*s)))),
            base.and_then(|b| {
                points_change(f.highest_load.as_ref().map(|h| h.1), b.highest_load.as_ref().map(|h| h.1))
            }),
        ),
        Measure::Concentration => {
            let hhi = |f: &Figures| f.market.as_ref().map(|m| m.hhi.round() as i64);
            (
                or_dash(hhi(f).map(|h| h.to_string())),
                base.and_then(|b| {
                    let d = hhi(f)? - hhi(b)?;
                    (d != 0).then(|| signed(d as f64, d.abs().to_string()))
                }),
            )
        }
        Measure::LargestShare => {
            let largest = |f: &Figures| f.market.as_ref().map(|m| m.largest.1);
            (
                or_dash(f.market.as_ref().map(|m| format!("{} ({})", percent(m.largest.1), m.largest.0))),
                base.and_then(|b| points_change(largest(f), largest(b))),
            )
        }
    };
    Cell { text, change }
}

/// How `f` differs from `base` in one sentence: "+2 lots; largest lot +£0.4m." or "The same
/// figures." (or why they cannot be compared).
pub fn what_differs(f: &Figures, base: &Figures) -> String {
    match (f.has_plan(), base.has_plan()) {
        (false, false) => return "Neither has a plan that meets the rules.".into(),
        (false, true) => return "No plan meets the rules here.".into(),
        (true, false) => return "This has a plan; the base scenario has none.".into(),
        (true, true) => {}
    }
    let parts: Vec<String> = Measure::ALL
        .iter()
        .filter_map(|&m| {
            let change = cell(m, f, Some(base)).change?;
            Some(if m == Measure::Lots || m == Measure::Awarded { change } else { format!("{} {change}", m.short()) })
        })
        .collect();
    if parts.is_empty() {
        "The same figures.".into()
    } else {
        format!("{}.", parts.join("; "))
    }
}

/// How the lots of two plans correspond, matched by content (the same segments), not by
/// number: the solver numbers lots afresh in each plan, so L2 in one may be L5 in the other.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LotMatch {
    /// Lots in both plans: (the base plan's name, the other plan's name).
    pub same: Vec<(String, String)>,
    /// Lots only the base plan has.
    pub only_base: Vec<String>,
    /// Lots only the other plan has.
    pub only_other: Vec<String>,
}

/// Matches the lots of `other` to those of `base` by their segments.
pub fn match_lots(base: &Solution, other: &Solution) -> LotMatch {
    let key = |segments: &[String]| {
        let mut k: Vec<&str> = segments.iter().map(String::as_str).collect();
        crate::base::sort::sort(&mut k);
        k.join("\n")
    };
    let theirs: BTreeMap<String, &str> = other.lots.iter().map(|l| (key(&l.segments), l.id.as_str())).collect_map();
    let mut m = LotMatch::default();
    let mut matched = Vec::new();
    for lot in &base.lots {
        match theirs.get(&key(&lot.segments)) {
            Some(&id) => {
                m.same.push((lot.id.clone(), id.to_string()));
                matched.push(id);
            }
            None => m.only_base.push(lot.id.clone()),
        }
    }
    m.only_other = other.lots.iter().filter(|l| !matched.contains(&l.id.as_str())).map(|l| l.id.clone()).collect();
    m
}

/// A lot in words for the comparison: "L3: Fostering services (2 segments) in Exmoor,
/// Taunton, £1.02m a year".
pub fn lot_in_words(problem: &LotProblem, solution: &Solution, id: &str) -> String {
    match solution.lots.iter().find(|l| l.id == id) {
        Some(lot) => format!(
            "{id}: {} in {}, {} a year",
            report::describe_segments(problem, lot).join("; "),
            lot.localities.join(", "),
            gbp(lot.value)
        ),
        None => id.to_string(),
    }
}

/// Which lots two plans share and which differ, in sentences (the base's lots by the base's
/// names, the other's by its own): empty when either plan has no lots.
pub fn lots_that_differ(
    base: (&LotProblem, &Solution),
    other: (&LotProblem, &Solution),
    other_name: &str,
) -> Vec<String> {
    if base.1.lots.is_empty() || other.1.lots.is_empty() {
        return Vec::new();
    }
    let m = match_lots(base.1, other.1);
    let mut lines = Vec::new();
    if !m.same.is_empty() {
        let mut line = if m.only_base.is_empty() && m.only_other.is_empty() {
            format!("The same {} as the base scenario", crate::base::text::plural(m.same.len(), "lot", "lots"))
        } else {
            let names: Vec<&str> = m.same.iter().map(|(a, _)| a.as_str()).collect();
            format!("The same in both: {}", names.join(", "))
        };
        let renamed: Vec<String> = m.same.iter().filter(|(a, b)| a != b).map(|(a, b)| format!("{a} is {b}")).collect();
        if !renamed.is_empty() {
            line.push_str(&format!(" (in “{other_name}”, {})", renamed.join(", ")));
        }
        line.push('.');
        lines.push(line);
    }
    for id in &m.only_base {
        lines.push(format!("Only in the base scenario: {}.", lot_in_words(base.0, base.1, id)));
    }
    for id in &m.only_other {
        lines.push(format!("Only in “{other_name}”: {}.", lot_in_words(other.0, other.1, id)));
    }
    lines
}

/// One lot of a plan in one contract year.
#[derive(Debug, Clone, PartialEq)]
pub struct LotYear {
    pub lot: String,
    /// The lot's value that year (its segments' values in the year).
    pub value: f64,
    /// The indicative award of the plan (empty when none).
    pub award: String,
    pub award_name: String,
    /// The award's capacity that year; `None` when it has left the market (or has no award).
    pub capacity: Option<f64>,
    /// The largest value the lot may have that year: `v_max`, or less where its authorities
    /// set their own ([`crate::plan::problem::LotRules::v_max`]).
    pub v_max: f64,
}

impl LotYear {
    /// The lower of `v_max` (or the lot's own largest value, when smaller) and the award's
    /// capacity, and which it is.
    pub fn limit(&self, v_max: f64) -> (f64, Limit) {
        let v_max = v_max.min(self.v_max);
        match self.capacity {
            Some(c) if c < v_max => (c, Limit::Capacity),
            Some(_) => (v_max, Limit::VMax),
            None if self.award.is_empty() => (v_max, Limit::VMax),
            None => (0.0, Limit::Gone),
        }
    }

    /// Room to grow before the lot reaches `v_max` or its award's capacity, as a fraction of
    /// its value (negative when past it).
    pub fn room(&self, v_max: f64) -> f64 {
        let (limit, _) = self.limit(v_max);
        if self.value > 0.0 {
            (limit - self.value) / self.value
        } else {
            0.0
        }
    }
}

/// What limits a lot's growth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    VMax,
    /// The capacity of its indicative award.
    Capacity,
    /// Its award has left the market.
    Gone,
}

/// A plan's lots in one contract year.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanYear {
    pub year: u32,
    pub calendar_year: i32,
    pub v_max: f64,
    pub lots: Vec<LotYear>,
}

impl PlanYear {
    /// The lot with the least room to grow (see [`LotYear::room`]).
    pub fn tightest(&self) -> Option<&LotYear> {
        self.lots.iter().min_by(|a, b| a.room(self.v_max).total_cmp(&b.room(self.v_max)))
    }

    /// The tightest lot in words: "L3 (£3.9m) can grow 2.6% before v_max £4m" or
    /// "L3 (£4.3m) is over v_max £4m".
    pub fn tightest_in_words(&self) -> Option<String> {
        let lot = self.tightest()?;
        let (limit, what) = lot.limit(self.v_max);
        let what = match what {
            Limit::VMax => format!("v_max {}", gbp(limit)),
            Limit::Capacity => format!("the capacity of {} ({})", lot.award_name, gbp(limit)),
            Limit::Gone => return Some(format!("{}: {} has left the market", lot.lot, lot.award_name)),
        };
        let room = lot.room(self.v_max);
        Some(if room >= 0.0 {
            format!("{} ({}) can grow {:.1}% before it reaches {what}", lot.lot, gbp(lot.value), room * 100.0)
        } else {
            format!("{} ({}) is over {what}", lot.lot, gbp(lot.value))
        })
    }
}

/// `plan`'s lots (the same segments, the same indicative awards) in every contract year of
/// `sc`, with each year's values and award capacities. Errors when a year's scenario is
/// invalid. Segments the year does not have count for nothing.
pub fn plan_years(sc: &Scenario, plan: &Solution) -> Result<Vec<PlanYear>, Issues> {
    let term = sc.service.contract_term_years.clamp(1, 15);
    let mut out = Vec::new();
    // Names from year 0, when every supplier is still there.
    let today = lower(sc)?;
    for year in 0..term {
        let p = if year == 0 { today.clone() } else { lower(&scenario_in_year(sc, year))? };
        let values: BTreeMap<&str, f64> = p.segments.iter().map(|s| (s.id.as_str(), s.value)).collect_map();
        let rules = p.lot_rules();
        let lots = plan
            .lots
            .iter()
            .map(|l| {
                let to = l.appointees();
                // A framework lot's providers each take an equal share: the lot can grow until
                // the smallest of them has no room for its share.
                let n = to.len().max(1) as f64;
                let capacity = to
                    .iter()
                    .map(|id| p.suppliers.iter().find(|s| s.id == *id).map(|s| s.capacity * n))
                    .collect::<Option<Vec<f64>>>()
                    .and_then(|caps| caps.into_iter().reduce(f64::min));
                LotYear {
                    lot: l.id.clone(),
                    value: l.segments.iter().filter_map(|s| values.get(s.as_str())).sum(),
                    award: l.award.clone(),
                    award_name: to.iter().map(|j| report::supplier_name(&today, j)).collect::<Vec<_>>().join(", "),
                    capacity,
                    v_max: rules.v_max(&l.segments),
                }
            })
            .collect();
        out.push(PlanYear {
            year,
            calendar_year: sc.service.base_year.saturating_add(year as i32),
            v_max: p.params.v_max,
            lots,
        });
    }
    Ok(out)
}

/// The cases robust lots must hold in: for each chosen scenario (positions in `scenarios`),
/// its peak year, or every contract year when `every_year`.
pub fn robust_cases(scenarios: &[Scenario], chosen: &[usize], every_year: bool) -> Vec<Case> {
    chosen
        .iter()
        .filter_map(|&i| scenarios.get(i).map(|sc| (i, sc)))
        .flat_map(|(i, sc)| {
            let years: Vec<u32> = if every_year {
                (0..sc.service.contract_term_years.clamp(1, 15)).collect()
            } else {
                vec![peak_year(sc)]
            };
            years.into_iter().map(move |year| Case { scenario: i, year })
        })
        .collect()
}

/// The worst-case lot problem over `cases` ([`crate::plan::robust::worst_case`]): solve it to get
/// lots that hold in every case. Errors when a case's scenario is invalid (paths name the
/// scenario and year) or the cases cut the service differently.
pub fn robust_problem(scenarios: &[Scenario], cases: &[Case]) -> Result<LotProblem, Issues> {
    let mut problems = Vec::new();
    for case in cases {
        let Some(sc) = scenarios.get(case.scenario) else {
            return Err(Issues::one("cases", format!("no scenario number {}", case.scenario + 1)));
        };
        let p = lower(&scenario_in_year(sc, case.year)).map_err(|e| {
            Issues(
                e.0.into_iter()
                    .map(|i| Issue::new(i.path, format!("in “{}”, year {}: {}", label(sc), case.year, i.message)))
                    .collect(),
            )
        })?;
        problems.push(p);
    }
    worst_case(&problems)
}

/// The robust plan's lots as the plan of `scenario` today (year 0): the same segments in each
/// lot, with this year's values, credible bidders and an award, checked against every rule.
/// The plan is valid but not proven the fewest for year 0 (status `feasible`); robust lots
/// are named R1, R2, ... beside the plan's L1, L2, ... so the two are never confused.
pub fn adopt_robust(robust: &Solution, scenario: &Scenario) -> Result<(LotProblem, Solution), String> {
    let problem = crate::plan::lower::lower(scenario)
        .map_err(|issues| format!("the scenario cannot be solved as it is: {}", first_issue(&issues)))?;
    let checked = crate::plan::robust::check_lots(robust, &problem);
    if !checked.ok {
        let why = checked.violations.first().map_or(String::new(), |v| format!(": {} (rule {})", v.message, v.rule));
        return Err(format!("these lots do not meet the rules in year 0{why}"));
    }
    let mut plan = robust.clone();
    plan.status = Status::Feasible;
    plan.lots = checked.lots;
    plan.num_lots = Some(plan.lots.len() as u32);
    plan.min_credible_bidders = plan.lots.iter().map(|l| l.bidders() as u32).min();
    plan.lower_bound = None;
    plan.diagnosis = Vec::new();
    if let Some(stats) = plan.stats.as_mut() {
        stats.method = "lots that hold in every year chosen, adopted as this scenario's plan".into();
    }
    Ok((problem, plan))
}

/// A robust lot's name: `R3` for the solver's `L3`.
pub fn robust_name(id: &str) -> String {
    match id.strip_prefix('L') {
        Some(n) => format!("R{n}"),
        None => id.to_string(),
    }
}

/// The robust lots under their robust names (R1, R2, ...), for checks whose words name lots.
pub fn with_robust_names(robust: &Solution) -> Solution {
    let mut named = robust.clone();
    for lot in &mut named.lots {
        lot.id = robust_name(&lot.id);
    }
    named
}

fn first_issue(issues: &Issues) -> String {
    issues.iter().next().map(ToString::to_string).unwrap_or_default()
}

/// The scenario as it stands in its peak year, under the id `peak:<id>` (for solving and
/// keeping that plan apart from the year-0 one).
pub fn at_peak(sc: &Scenario) -> Scenario {
    let mut out = scenario_in_year(sc, peak_year(sc));
    out.id = format!("peak:{}", sc.id);
    out
}

/// A scenario's name, or its id when it has none.
pub fn label(sc: &Scenario) -> &str {
    if sc.name.trim().is_empty() {
        &sc.id
    } else {
        &sc.name
    }
}

fn name_of<'a>(scenarios: &'a [Scenario], id: &'a str) -> &'a str {
    scenarios.iter().find(|s| s.id == id).map_or(id, label)
}

/// The binding case in words: "Scenario “High demand”, year 4 (2017): lot L3 is worth £4.3m,
/// above v_max £4m by £300k (rule R4)." When nothing fails it is the tightest case.
pub fn binding_in_words(b: &Binding, scenarios: &[Scenario]) -> String {
    let (rule, reason) = match b.reason.split_once(": ") {
        Some((r, rest)) if r.len() == 2 && r.starts_with('R') => (Some(r), rest),
        _ => (None, b.reason.as_str()),
    };
    let mut text =
        format!("Scenario “{}”, year {} ({}): {reason}", name_of(scenarios, &b.scenario), b.year, b.calendar_year);
    if let Some(r) = rule {
        text.push_str(&format!(" (rule {r})"));
    }
    text.push('.');
    text
}

/// Whether a plan holds in one scenario's years, from a [`RobustReport`].
#[derive(Debug, Clone, PartialEq)]
pub struct Holds<'r> {
    pub scenario: String,
    pub name: String,
    /// How many of its years were checked.
    pub years_checked: usize,
    /// The first year that fails, if any.
    pub first_failure: Option<&'r CaseResult>,
}

/// For each scenario with a checked case (in `scenarios` order): the first year the plan
/// fails in, if any.
pub fn first_failures<'r>(report: &'r RobustReport, scenarios: &[Scenario]) -> Vec<Holds<'r>> {
    scenarios
        .iter()
        .filter_map(|sc| {
            let cases: Vec<&CaseResult> = report.cases.iter().filter(|c| c.scenario == sc.id).collect();
            if cases.is_empty() {
                return None;
            }
            Some(Holds {
                scenario: sc.id.clone(),
                name: label(sc).to_string(),
                years_checked: cases.len(),
                first_failure: cases.iter().filter(|c| !c.ok).min_by_key(|c| c.year).copied(),
            })
        })
        .collect()
}

/// The first broken rule of a failing case, in words: "lot L3 is worth £4.3m, above v_max £4m
/// by £300k (rule R4)".
pub fn failure_in_words(c: &CaseResult) -> String {
    match c.violations.first() {
        Some(v) => {
            let more = c.violations.len() - 1;
            let extra = if more > 0 {
                format!("; and {more} more problem{}", if more == 1 { "" } else { "s" })
            } else {
                String::new()
            };
            format!("{} (rule {}){extra}", v.message, v.rule)
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::text::plural;
    use crate::model::{MarketChange, Projection, Workspace};
    use crate::plan::robust::check_plan;
    use crate::plan::solver::{solve, Options};

    fn base() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    fn solved(sc: &Scenario) -> (LotProblem, Solution) {
        let p = lower(sc).unwrap_or_else(|e| panic!("{e}"));
        let s = solve(&p, &Options::default());
        (p, s)
    }

    /// The default with a larger v_max: fewer, bigger lots.
    fn bigger_lots() -> Scenario {
        let mut sc = base();
        sc.id = "big".into();
        sc.name = "Bigger lots".into();
        sc.rules.v_max = 8_000_000.0;
        sc
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn figures_agree_with_the_report_and_the_solution() {
        let (p, s) = solved(&base());
        assert!(matches!(s.status, Status::Optimal | Status::Feasible));
        let f = figures(&p, &s);
        assert!(f.has_plan());
        assert_eq!(f.num_lots, s.lots.len());
        assert_eq!(f.lot_values.len(), s.lots.len());
        let sum = report::summary(&p, &s, 5);
        assert_eq!(f.thinnest, sum.thinnest);
        assert_eq!(f.sme_share, sum.sme_share);
        assert_eq!(f.retained_value, sum.retained_value);
        let (lo, hi) = (f.smallest_lot.unwrap(), f.largest_lot.unwrap());
        assert!(lo <= hi && hi <= p.params.v_max && lo >= p.params.v_min);
        let (_, top) = f.highest_load.clone().unwrap();
        assert!(top > 0.0 && top <= 1.0 + 1e-9);
        assert!(f.loads.iter().all(|l| l.share.unwrap_or(0.0) <= top + 1e-12));
        // Compared with itself nothing differs.
        for m in Measure::ALL {
            assert_eq!(cell(m, &f, Some(&f)).change, None, "{m:?}");
        }
        assert_eq!(what_differs(&f, &f), "The same figures.");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_modified_copy_differs_and_says_how() {
        let (p0, s0) = solved(&base());
        let (p1, s1) = solved(&bigger_lots());
        let (a, b) = (figures(&p0, &s0), figures(&p1, &s1));
        assert!(b.has_plan());
        assert!(b.num_lots < a.num_lots, "{} vs {}", b.num_lots, a.num_lots);
        let lots = cell(Measure::Lots, &b, Some(&a));
        let fewer = a.num_lots - b.num_lots;
        assert_eq!(lots.text, b.num_lots.to_string());
        assert_eq!(
            lots.change.as_deref(),
            Some(format!("{MINUS}{fewer} lot{}", if fewer == 1 { "" } else { "s" }).as_str())
        );
        assert_eq!(
            cell(Measure::Lots, &a, Some(&b)).change,
            Some(format!("+{fewer} lot{}", if fewer == 1 { "" } else { "s" }))
        );
        let largest = cell(Measure::Largest, &b, Some(&a));
        assert!(b.largest_lot > a.largest_lot);
        assert!(largest.change.as_deref().is_some_and(|c| c.starts_with("+£")), "{largest:?}");
        let sentence = what_differs(&b, &a);
        assert!(sentence.starts_with(&format!("{MINUS}{fewer} lot")), "{sentence}");
        assert!(sentence.contains("largest lot +£"), "{sentence}");
        // The base column shows no change.
        assert_eq!(cell(Measure::Lots, &a, None).change, None);
        // Fewer, larger lots concentrate the awarded value: the HHI row says by how much.
        let (ha, hb) = (a.market.as_ref().unwrap().hhi.round() as i64, b.market.as_ref().unwrap().hhi.round() as i64);
        let hhi = cell(Measure::Concentration, &b, Some(&a));
        assert_eq!(hhi.text, hb.to_string());
        let d = hb - ha;
        let want = (d != 0).then(|| format!("{}{}", if d < 0 { MINUS } else { '+' }, d.abs()));
        assert_eq!(hhi.change, want);
        let largest = cell(Measure::LargestShare, &b, Some(&a));
        assert!(largest.text.contains(&b.market.as_ref().unwrap().largest.0), "{largest:?}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn lots_are_matched_by_their_segments_not_their_numbers() {
        let (pa, a) = solved(&base());
        let (pb, b) = solved(&bigger_lots());
        let m = match_lots(&a, &b);
        assert_eq!(m.same.len() + m.only_base.len(), a.lots.len());
        assert_eq!(m.same.len() + m.only_other.len(), b.lots.len());
        for (x, y) in &m.same {
            let lx = a.lots.iter().find(|l| l.id == *x).map(|l| l.value);
            let ly = b.lots.iter().find(|l| l.id == *y).map(|l| l.value);
            assert_eq!(lx, ly, "matched lots hold the same work");
        }
        assert!(!m.only_other.is_empty(), "larger lots allowed: some lots merge");
        let lines = lots_that_differ((&pa, &a), (&pb, &b), "Bigger lots");
        assert!(lines.iter().any(|l| l.starts_with("Only in “Bigger lots”: L")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains(" a year.")), "{lines:#?}");

        // The same lots numbered differently still match, and the renaming is said.
        let mut shuffled = a.clone();
        shuffled.lots.reverse();
        for (i, lot) in shuffled.lots.iter_mut().enumerate() {
            lot.id = format!("L{}", i + 1);
            lot.segments.reverse();
        }
        let m = match_lots(&a, &shuffled);
        assert!(m.only_base.is_empty() && m.only_other.is_empty(), "{m:?}");
        let lines = lots_that_differ((&pa, &a), (&pa, &shuffled), "Copy");
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with(&format!("The same {} as the base scenario", plural(a.lots.len(), "lot", "lots"))));
        if a.lots.len() > 2 {
            assert!(lines[0].contains("(in “Copy”, L1 is L"), "{}", lines[0]);
        }
        assert!(lots_that_differ((&pa, &a), (&pa, &Solution::infeasible(Vec::new())), "None").is_empty());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn no_plan_is_shown_and_not_compared() {
        let (p0, s0) = solved(&base());
        let a = figures(&p0, &s0);
        let none = figures(&p0, &Solution::infeasible(Vec::new()));
        assert!(!none.has_plan());
        assert_eq!(cell(Measure::Lots, &none, Some(&a)), Cell { text: "No plan".into(), change: None });
        assert_eq!(cell(Measure::Largest, &none, Some(&a)).text, "–");
        assert_eq!(cell(Measure::Lots, &a, Some(&none)).change, None);
        assert_eq!(what_differs(&none, &a), "No plan meets the rules here.");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn changes_read_as_signed_words() {
        assert_eq!(count_change(2, "lot", "lots").as_deref(), Some("+2 lots"));
        assert_eq!(count_change(-1, "lot", "lots"), Some(format!("{MINUS}1 lot")));
        assert_eq!(count_change(0, "lot", "lots"), None);
        assert_eq!(money_change(Some(4_300_000.0), Some(4_000_000.0)).as_deref(), Some("+£300k"));
        assert_eq!(money_change(Some(1.0), Some(1.4)), None);
        assert_eq!(points_change(Some(0.456), Some(0.40)).as_deref(), Some("+6 points"));
        assert_eq!(points_change(Some(0.401), Some(0.40)), None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn plan_years_grow_with_demand_and_follow_the_market() {
        let mut sc = base();
        let (_, plan) = solved(&sc);
        sc.projection = Projection { demand_growth: 0.05, ..Projection::default() };
        let years = plan_years(&sc, &plan).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(years.len(), 5);
        assert_eq!(years[0].calendar_year, 2013);
        // Year 0 is the plan as solved.
        for (ly, lot) in years[0].lots.iter().zip(&plan.lots) {
            assert!((ly.value - lot.value).abs() < 0.5, "{} {} vs {}", lot.id, ly.value, lot.value);
            assert_eq!(ly.award, lot.award);
            assert!(ly.capacity.is_some_and(|c| c >= ly.value));
        }
        let first: f64 = years[0].lots.iter().map(|l| l.value).sum();
        let last: f64 = years[4].lots.iter().map(|l| l.value).sum();
        assert!((last / first - 1.05f64.powi(4)).abs() < 0.001, "{}", last / first);
        let t0 = years[0].tightest().unwrap().room(years[0].v_max);
        let t4 = years[4].tightest().unwrap().room(years[4].v_max);
        assert!(t4 < t0);
        assert!(years[4].tightest_in_words().is_some());

        // The award of lot 1 leaves from year 2.
        let award = plan.lots[0].award.clone();
        assert!(!award.starts_with("C:"), "{award}");
        {
            sc.projection.market =
                vec![MarketChange { supplier: award.clone(), leaves_from_year: Some(2), capacity_growth: None }];
            let years = plan_years(&sc, &plan).unwrap_or_else(|e| panic!("{e}"));
            assert!(years[1].lots[0].capacity.is_some());
            assert_eq!(years[2].lots[0].capacity, None);
            assert_eq!(years[2].lots[0].limit(years[2].v_max).1, Limit::Gone);
            let words = years[2].tightest_in_words().unwrap();
            assert!(words.contains("has left the market"), "{words}");
            assert_eq!(years[2].lots[0].award_name, years[0].lots[0].award_name, "named as in year 0");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn robust_cases_take_the_peak_or_every_year() {
        let mut high = base();
        high.id = "high".into();
        high.name = "High demand".into();
        high.projection = Projection { demand_growth: 0.1, ..Projection::default() };
        let scenarios = [base(), high];
        assert_eq!(
            robust_cases(&scenarios, &[0, 1], false),
            vec![Case { scenario: 0, year: 0 }, Case { scenario: 1, year: 4 }]
        );
        assert_eq!(robust_cases(&scenarios, &[1], true).len(), 5);
        assert!(robust_cases(&scenarios, &[7], false).is_empty());
        let worst =
            robust_problem(&scenarios, &robust_cases(&scenarios, &[0, 1], false)).unwrap_or_else(|e| panic!("{e}"));
        let total: f64 = worst.in_scope().map(|s| s.value).sum();
        let year0: f64 = lower(&scenarios[0]).unwrap().in_scope().map(|s| s.value).sum();
        assert!(total > year0 * 1.4, "the worst case is the high scenario's year 4");
        assert!(robust_problem(&scenarios, &[]).is_err());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_plan_for_today_fails_under_growth_and_the_binding_case_is_named() {
        let sc = base();
        let (_, plan) = solved(&sc);
        let mut high = base();
        high.id = "high".into();
        high.name = "High demand".into();
        high.projection = Projection { demand_growth: 0.3, ..Projection::default() };
        let scenarios = [sc, high];
        let cases = crate::plan::robust::all_cases(&scenarios);
        let report = check_plan(&plan, &scenarios, &cases).unwrap_or_else(|e| panic!("{e}"));
        let holds = first_failures(&report, &scenarios);
        assert_eq!(holds.len(), 2);
        assert_eq!(holds[0].first_failure, None, "today's plan holds in the unchanged scenario");
        assert_eq!(holds[0].years_checked, 5);
        let fail = holds[1].first_failure.unwrap_or_else(|| panic!("30% growth breaks it"));
        assert!(fail.year >= 1);
        assert!(failure_in_words(fail).contains("(rule R"), "{}", failure_in_words(fail));
        let b = report.binding.unwrap_or_else(|| panic!("a binding case"));
        let words = binding_in_words(&b, &scenarios);
        assert!(words.starts_with(&format!("Scenario “High demand”, year {} (", b.year)), "{words}");
        assert!(words.ends_with(").") || words.ends_with('.'), "{words}");

        // Robust lots for today and 5% growth: they hold in the growing scenario's peak year.
        let mut mild = scenarios[1].clone();
        mild.projection.demand_growth = 0.05;
        let scenarios = [scenarios[0].clone(), mild];
        let rcases = robust_cases(&scenarios, &[0, 1], false);
        let worst = robust_problem(&scenarios, &rcases).unwrap_or_else(|e| panic!("{e}"));
        let robust = solve(&worst, &Options::default());
        assert!(matches!(robust.status, Status::Optimal | Status::Feasible), "{:?}", robust.diagnosis);
        let r = check_plan(&robust, &scenarios, &rcases).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.ok(), "{:#?}", r.binding);
        assert!(r.binding.is_some_and(|b| !b.fails));

        // Adopted as today's plan: the same segments per lot, valued at year 0, with an award.
        let (problem, today) = adopt_robust(&robust, &scenarios[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(today.status, Status::Feasible, "valid, not proven the fewest lots for year 0");
        assert_eq!(today.lots.len(), robust.lots.len());
        for (a, b) in today.lots.iter().zip(&robust.lots) {
            assert_eq!(a.segments, b.segments);
            assert!(a.value <= b.value + 1e-6, "year-0 values are at most the worst case");
            assert!(!a.award.is_empty(), "each adopted lot has an indicative award");
        }
        let total: f64 = problem.segments.iter().filter(|s| !s.retained).map(|s| s.value).sum();
        let planned: f64 = today.lots.iter().map(|l| l.value).sum();
        assert!((total - planned).abs() < 1e-3, "the lots cover this year's work exactly");
        assert_eq!(robust_name("L3"), "R3");
        let named = with_robust_names(&robust);
        assert!(named.lots.iter().all(|l| l.id.starts_with('R')), "{:?}", named.lots);

        // Lots that break a rule this year are refused, with the rule named.
        let mut strict = scenarios[0].clone();
        strict.rules.v_max = 1.0;
        let refused = adopt_robust(&robust, &strict).err().unwrap_or_else(|| panic!("v_max of £1 breaks every lot"));
        assert!(refused.contains("rule"), "{refused}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn projections_do_not_change_todays_plan() {
        let a = base();
        let mut b = a.clone();
        b.projection = Projection::seed_report_trend();
        b.name = "Renamed".into();
        assert!(a.same_inputs(&b) && b.same_inputs(&a), "assumptions for later years and names change no plan");
        b.rules.k = 3;
        assert!(!a.same_inputs(&b));
        let peak =
            at_peak(&Scenario { projection: Projection { demand_growth: 0.1, ..Projection::default() }, ..a.clone() });
        assert_eq!(peak.id, "peak:default");
        assert_eq!(peak.service.base_year, a.service.base_year + 4);
        assert!(peak.total_value() > a.total_value() * 1.4);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn binding_words_keep_reasons_without_a_rule() {
        let b = Binding {
            scenario: "x".into(),
            year: 2,
            calendar_year: 2015,
            fails: false,
            reason: "lot L1 (£1m) can grow 4.0% before it reaches v_max £4m".into(),
        };
        assert_eq!(
            binding_in_words(&b, &[]),
            "Scenario “x”, year 2 (2015): lot L1 (£1m) can grow 4.0% before it reaches v_max £4m."
        );
    }
}
