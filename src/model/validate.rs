//! Workspace validation: every problem at once, each with a JSON path and a plain sentence.

use crate::base::sort::CollectTree;
use std::collections::BTreeSet;

use super::{ActiveRef, CapacityPolicy, Projection, Rules, Scenario, Selector, Service, Supplier, FORMAT};
use crate::base::error::unique_ids;
use crate::base::error::Issue;
use crate::base::money::{check as check_money, MAX as MAX_MONEY};
use crate::model::Workspace;

/// Most fine cells (areas x tiers x functions x localities) one scenario may have: far above
/// any real service, low enough that cutting segments stays instant.
pub const MAX_GRID_CELLS: usize = 250_000;

/// Yearly rates (growth, inflation, budget change) must lie in this range.
pub const RATE_RANGE: std::ops::RangeInclusive<f64> = -0.5..=1.0;

/// How far shares may be from summing to 1.
pub const SHARE_TOLERANCE: f64 = 1e-6;

/// Every problem in the workspace.
pub(super) fn workspace(ws: &Workspace) -> Vec<Issue> {
    let mut issues = Vec::new();
    if ws.format != FORMAT {
        issues.push(Issue::new(
            "format",
            format!("this build reads workspaces of format {FORMAT:?}, got {:?}", ws.format),
        ));
    }
    if ws.scenarios.is_empty() {
        issues.push(Issue::new("scenarios", "the workspace has no scenarios; add at least one"));
    }
    unique_ids(ws.scenarios.iter().map(|s| s.id.as_str()), "scenarios", ".id", "scenario id", &mut issues);
    check_active(ws, &mut issues);
    for (i, sc) in ws.scenarios.iter().enumerate() {
        scenario(sc, &format!("scenarios[{i}]"), &mut issues);
    }
    issues
}

fn check_active(ws: &Workspace, issues: &mut Vec<Issue>) {
    if ws.active_index().is_some() || ws.scenarios.is_empty() {
        return;
    }
    let message = match &ws.active {
        ActiveRef::Index(i) => format!("names scenario {i}, but positions run from 0 to {}", ws.scenarios.len() - 1),
        ActiveRef::Id(id) => format!("names scenario {id:?}, which is not a scenario id"),
    };
    issues.push(Issue::new("active", message));
}

/// Every problem in one scenario; paths start with `at` (e.g. `scenarios[0]`).
pub(super) fn scenario(sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    let before = issues.len();
    service(&sc.service, sc, &format!("{at}.service"), issues);
    super::procurement::validate(&sc.record, &sc.contract, at, issues);
    let areas = unique_ids(
        sc.service_areas.iter().map(|a| a.code.as_str()),
        &format!("{at}.service_areas"),
        ".code",
        "service area code",
        issues,
    );
    nonempty(sc.service_areas.is_empty(), &format!("{at}.service_areas"), "service area", issues);
    for (i, a) in sc.service_areas.iter().enumerate() {
        check_money(a.annual_value, &format!("{at}.service_areas[{i}].annual_value"), false, issues);
        let most = super::procurement::MAX_APPOINTMENTS;
        if !(1..=most).contains(&a.appointments) {
            issues.push(Issue::new(
                format!("{at}.service_areas[{i}].appointments"),
                format!(
                    "each lot of {:?} would appoint {} providers; a lot appoints between 1 and {most} (1: one provider)",
                    a.code, a.appointments
                ),
            ));
        }
    }
    tiers(sc, &areas, at, issues);
    functions(sc, at, issues);
    let localities = localities(sc, at, issues);
    adjacency(sc, &localities, at, issues);
    if let Some(b) = &sc.boundaries {
        super::geo::check(b, &sc.localities, &format!("{at}.boundaries"), issues);
    }
    let functions: BTreeSet<&str> = sc.functions.iter().map(|f| f.code.as_str()).collect_set();
    let tiers: BTreeSet<u8> = sc.tiers.levels.iter().map(|t| t.number).collect_set();
    let known = Known { areas: &areas, localities: &localities, functions: &functions, tiers: &tiers };
    for (i, s) in sc.retained.iter().enumerate() {
        selector(s, &known, &format!("{at}.retained[{i}]"), issues);
    }
    suppliers(sc, &known, at, issues);
    super::regional::validate(sc, &areas, at, issues);
    authority_budgets(sc, at, issues);
    policy(&sc.capacity_policy, &format!("{at}.capacity_policy"), issues);
    rules(&sc.rules, &format!("{at}.rules"), issues);
    projection(sc, &known, &format!("{at}.projection"), issues);
    grid(sc, at, issues);
    if issues.len() == before {
        segment_selectors(sc, at, issues);
    }
}

/// Each authority's own budget change is a yearly rate like the projection's.
fn authority_budgets(sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    for (i, a) in sc.authorities.iter().enumerate() {
        let Some(r) = a.budget_change else { continue };
        if !(r.is_finite() && RATE_RANGE.contains(&r)) {
            issues.push(Issue::new(
                format!("{at}.authorities[{i}].budget_change"),
                format!(
                    "{}'s budget change must be a yearly rate between {}% and {}%, got {r}",
                    a.name,
                    RATE_RANGE.start() * 100.0,
                    RATE_RANGE.end() * 100.0
                ),
            ));
        }
    }
}

/// The names a scenario defines, for checking references.
struct Known<'a> {
    areas: &'a BTreeSet<&'a str>,
    localities: &'a BTreeSet<&'a str>,
    functions: &'a BTreeSet<&'a str>,
    tiers: &'a BTreeSet<u8>,
}

fn service(s: &Service, sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    if !(1..=15).contains(&s.contract_term_years) {
        issues.push(Issue::new(
            format!("{at}.contract_term_years"),
            format!("must be between 1 and 15 years, got {}", s.contract_term_years),
        ));
    }
    if !(1900..=2200).contains(&s.base_year) {
        issues.push(Issue::new(format!("{at}.base_year"), format!("must be a year such as 2013, got {}", s.base_year)));
    }
    let Some(given) = s.annual_value else { return };
    let path = format!("{at}.annual_value");
    check_money(given, &path, false, issues);
    let sum = sc.total_value();
    if given.is_finite() && sum.is_finite() && (given - sum).abs() > 1.0 {
        issues.push(Issue::new(
            path,
            format!(
                "is {} but the service areas add up to {}; correct it or leave it out",
                crate::base::money::gbp_full(given),
                crate::base::money::gbp_full(sum)
            ),
        ));
    }
}

fn tiers(sc: &Scenario, areas: &BTreeSet<&str>, at: &str, issues: &mut Vec<Issue>) {
    let t = &sc.tiers;
    nonempty(t.levels.is_empty(), &format!("{at}.tiers.levels"), "tier level", issues);
    let mut seen = BTreeSet::new();
    for (i, level) in t.levels.iter().enumerate() {
        if level.number == 0 {
            issues.push(Issue::new(
                format!("{at}.tiers.levels[{i}].number"),
                "tier numbers start at 1 (Level 1 Universal), got 0",
            ));
        } else if !seen.insert(level.number) {
            issues.push(Issue::new(
                format!("{at}.tiers.levels[{i}].number"),
                format!("tier {} appears twice; each tier number must be unique", level.number),
            ));
        }
    }
    let n = t.levels.len();
    let needs_default = sc.service_areas.iter().any(|a| !t.split.contains_key(&a.code));
    if needs_default || !t.default_split.is_empty() {
        shares(&t.default_split, n, &format!("{at}.tiers.default_split"), "tier", issues);
    }
    for (code, split) in &t.split {
        let path = format!("{at}.tiers.split.{code}");
        if !areas.contains(code.as_str()) {
            issues.push(Issue::new(
                path.clone(),
                format!("gives a tier split for {code:?}, which is not a service area code"),
            ));
        }
        shares(split, n, &path, "tier", issues);
    }
}

/// Checks a list of shares: one per item, each between 0 and 1, summing to 1.
fn shares(list: &[f64], n: usize, at: &str, what: &str, issues: &mut Vec<Issue>) {
    if list.len() != n {
        issues.push(Issue::new(
            at,
            format!("gives {} shares but there are {n} {what} levels; give one share per level", list.len()),
        ));
        return;
    }
    let mut ok = true;
    for (i, x) in list.iter().enumerate() {
        ok &= share(*x, &format!("{at}[{i}]"), issues);
    }
    let sum: f64 = list.iter().sum();
    if ok && (sum - 1.0).abs() > SHARE_TOLERANCE {
        issues.push(Issue::new(
            at,
            format!("the {what} shares must add up to 100%; they add up to {}", percent_words(sum)),
        ));
    }
}

/// Checks one share; true when it is a number between 0 and 1.
fn share(x: f64, at: &str, issues: &mut Vec<Issue>) -> bool {
    let ok = x.is_finite() && (0.0..=1.0).contains(&x);
    if !ok {
        issues.push(Issue::new(at, format!("each share must be between 0% and 100%, got {}", percent_words(x))));
    }
    ok
}

/// A share in the words people read it in: `90%`, `33.3333%`.
fn percent_words(share: f64) -> String {
    if share.is_finite() {
        format!("{}%", crate::base::text::number(crate::base::text::percent_value(share)))
    } else {
        format!("{share}")
    }
}

fn functions(sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    let path = format!("{at}.functions");
    unique_ids(sc.functions.iter().map(|f| f.code.as_str()), &path, ".code", "function code", issues);
    nonempty(sc.functions.is_empty(), &path, "function", issues);
    let mut ok = true;
    for (i, f) in sc.functions.iter().enumerate() {
        ok &= share(f.share, &format!("{path}[{i}].share"), issues);
    }
    let sum: f64 = sc.functions.iter().map(|f| f.share).sum();
    if ok && !sc.functions.is_empty() && (sum - 1.0).abs() > SHARE_TOLERANCE {
        issues.push(Issue::new(
            path,
            format!("the function shares must add up to 100%; they add up to {}", percent_words(sum)),
        ));
    }
}

fn localities<'a>(sc: &'a Scenario, at: &str, issues: &mut Vec<Issue>) -> BTreeSet<&'a str> {
    let path = format!("{at}.localities");
    let names = unique_ids(sc.localities.iter().map(|l| l.name.as_str()), &path, ".name", "locality", issues);
    nonempty(sc.localities.is_empty(), &path, "locality", issues);
    let mut ok = true;
    for (i, l) in sc.localities.iter().enumerate() {
        if !(l.weight.is_finite() && (0.0..=MAX_MONEY).contains(&l.weight)) {
            ok = false;
            issues.push(Issue::new(
                format!("{path}[{i}].weight"),
                format!("a demand weight must be zero or a positive number, got {}", l.weight),
            ));
        }
    }
    if ok && !sc.localities.is_empty() && sc.localities.iter().all(|l| l.weight == 0.0) {
        issues.push(Issue::new(path, "every locality has weight 0; give at least one some demand"));
    }
    names
}

fn adjacency(sc: &Scenario, localities: &BTreeSet<&str>, at: &str, issues: &mut Vec<Issue>) {
    for (i, (a, b)) in sc.adjacency.iter().enumerate() {
        for (end, name) in [(0, a), (1, b)] {
            if !localities.contains(name.as_str()) {
                issues.push(Issue::new(
                    format!("{at}.adjacency[{i}][{end}]"),
                    format!("names locality {name:?}, which is not in `localities`"),
                ));
            }
        }
    }
}

fn selector(s: &Selector, known: &Known, at: &str, issues: &mut Vec<Issue>) {
    if super::segments::is_empty(s) {
        issues.push(Issue::new(at, "selects nothing; name a tier, area, function, locality or segment"));
        return;
    }
    let others = s.area.is_some() || s.tier.is_some() || s.function.is_some() || s.locality.is_some();
    if s.segment.is_some() && others {
        issues.push(Issue::new(
            format!("{at}.segment"),
            "a segment selector names one segment by id; put other fields in a separate selector",
        ));
    }
    reference(s.area.as_deref(), known.areas, &format!("{at}.area"), "service area", issues);
    reference(s.function.as_deref(), known.functions, &format!("{at}.function"), "function", issues);
    reference(s.locality.as_deref(), known.localities, &format!("{at}.locality"), "locality", issues);
    if let Some(t) = s.tier {
        if !known.tiers.contains(&t) {
            issues.push(Issue::new(format!("{at}.tier"), format!("names tier {t}, which is not a tier level")));
        }
    }
}

fn reference(name: Option<&str>, known: &BTreeSet<&str>, at: &str, what: &str, issues: &mut Vec<Issue>) {
    if let Some(name) = name {
        if !known.contains(name) {
            issues.push(Issue::new(at, format!("names {what} {name:?}, which is not in this scenario")));
        }
    }
}

fn segment_selectors(sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    if !sc.retained.iter().any(|s| s.segment.is_some()) {
        return;
    }
    let ids: BTreeSet<String> = sc.segments().into_iter().map(|c| c.id).collect_set();
    for (i, s) in sc.retained.iter().enumerate() {
        let Some(id) = &s.segment else { continue };
        if !ids.contains(id) {
            let example = ids.iter().next().map(String::as_str).unwrap_or("none");
            issues.push(Issue::new(
                format!("{at}.retained[{i}].segment"),
                format!("names segment {id:?}, which this split does not produce (ids look like {example:?})"),
            ));
        }
    }
}

fn suppliers(sc: &Scenario, known: &Known, at: &str, issues: &mut Vec<Issue>) {
    let path = format!("{at}.suppliers");
    unique_ids(sc.suppliers.iter().map(|s| s.id.as_str()), &path, ".id", "supplier id", issues);
    for (i, s) in sc.suppliers.iter().enumerate() {
        supplier(s, known, &format!("{path}[{i}]"), issues);
    }
}

fn supplier(s: &Supplier, known: &Known, at: &str, issues: &mut Vec<Issue>) {
    if let Some(v) = s.revenue {
        check_money(v, &format!("{at}.revenue"), false, issues);
    }
    if let Some(v) = s.equity {
        if !(v.is_finite() && v.abs() <= MAX_MONEY) {
            issues.push(Issue::new(
                format!("{at}.equity"),
                format!("must be a number of pounds (negative allowed) up to £1 trillion, got {v}"),
            ));
        }
    }
    for (name, value) in [
        ("tangible_fixed_assets", s.tangible_fixed_assets),
        ("parent_guarantee", s.parent_guarantee),
        ("committed", s.committed),
        ("current_assets", s.current_assets),
        ("current_liabilities", s.current_liabilities),
    ] {
        if let Some(v) = value {
            check_money(v, &format!("{at}.{name}"), true, issues);
        }
    }
    for (name, value) in [("net_debt", s.net_debt), ("ebitda", s.ebitda)] {
        if let Some(v) = value.filter(|v| !(v.is_finite() && v.abs() <= MAX_MONEY)) {
            issues.push(Issue::new(
                format!("{at}.{name}"),
                format!("must be a number of pounds (negative allowed) up to £1 trillion, got {v}"),
            ));
        }
    }
    for (n, a) in s.service_areas.iter().enumerate() {
        reference(Some(a), known.areas, &format!("{at}.service_areas[{n}]"), "service area", issues);
    }
    for (n, l) in s.localities.iter().enumerate() {
        reference(Some(l), known.localities, &format!("{at}.localities[{n}]"), "locality", issues);
    }
    if s.consortium.as_deref().is_some_and(|c| c.trim().is_empty()) {
        issues
            .push(Issue::new(format!("{at}.consortium"), "the consortium id is empty; name it or leave the field out"));
    }
    if s.group.as_deref().is_some_and(|g| g.trim().is_empty()) {
        issues.push(Issue::new(
            format!("{at}.group"),
            "the group name is empty; give the parent company or owner's name, or leave the field out",
        ));
    }
}

fn policy(p: &CapacityPolicy, at: &str, issues: &mut Vec<Issue>) {
    for (name, x) in [("turnover_ratio", p.turnover_ratio), ("weak_assets_ratio", p.weak_assets_ratio)] {
        if !(x.is_finite() && x > 0.0 && x <= 1.0) {
            issues.push(Issue::new(
                format!("{at}.{name}"),
                format!("must be a fraction of turnover above 0 and at most 1, got {x}"),
            ));
        }
    }
    if !(p.equity_multiple.is_finite() && (0.0..=100.0).contains(&p.equity_multiple)) {
        issues.push(Issue::new(
            format!("{at}.equity_multiple"),
            format!("must be a number from 0 to 100, got {}", p.equity_multiple),
        ));
    }
    if let Some(x) = p.max_net_debt_to_ebitda.filter(|x| !(x.is_finite() && *x > 0.0 && *x <= 100.0)) {
        issues.push(Issue::new(
            format!("{at}.max_net_debt_to_ebitda"),
            format!("must be a number of times EBITDA above 0 and at most 100, got {x}"),
        ));
    }
    if let Some(x) = p.min_current_ratio.filter(|x| !(x.is_finite() && *x >= 0.0 && *x <= 100.0)) {
        issues.push(Issue::new(format!("{at}.min_current_ratio"), format!("must be a ratio from 0 to 100, got {x}")));
    }
    if !(p.concern_reduction.is_finite() && (0.0..=1.0).contains(&p.concern_reduction)) {
        issues.push(Issue::new(
            format!("{at}.concern_reduction"),
            format!("must be a share of capacity from 0 to 1 (0% to 100%), got {}", p.concern_reduction),
        ));
    }
    if p.weak_assets_ratio > p.turnover_ratio {
        issues.push(Issue::new(
            format!("{at}.weak_assets_ratio"),
            format!(
                "the weak-assets ratio ({}) is above the turnover ratio ({}); it should be the lower one",
                p.weak_assets_ratio, p.turnover_ratio
            ),
        ));
    }
}

fn rules(r: &Rules, at: &str, issues: &mut Vec<Issue>) {
    if r.k < 1 {
        issues.push(Issue::new(
            format!("{at}.k"),
            "every lot needs at least 1 credible bidder, so k must be 1 or more, got 0",
        ));
    }
    if r.m < 1 {
        issues.push(Issue::new(
            format!("{at}.m"),
            "a supplier must be allowed at least 1 lot, so m must be 1 or more, got 0",
        ));
    }
    check_money(r.v_min, &format!("{at}.v_min"), true, issues);
    check_money(r.v_max, &format!("{at}.v_max"), false, issues);
    if r.v_min.is_finite() && r.v_max.is_finite() && r.v_min > r.v_max {
        issues.push(Issue::new(
            format!("{at}.v_min"),
            format!(
                "the smallest lot value ({}) is above the largest ({}); lower v_min or raise v_max",
                crate::base::money::gbp_full(r.v_min),
                crate::base::money::gbp_full(r.v_max)
            ),
        ));
    }
}

fn projection(sc: &Scenario, known: &Known, at: &str, issues: &mut Vec<Issue>) {
    let p: &Projection = &sc.projection;
    rate(p.demand_growth, &format!("{at}.demand_growth"), issues);
    rate(p.price_inflation, &format!("{at}.price_inflation"), issues);
    rate(p.budget_change, &format!("{at}.budget_change"), issues);
    for (code, o) in &p.areas {
        let path = format!("{at}.areas.{code}");
        if !known.areas.contains(code.as_str()) {
            issues
                .push(Issue::new(path.clone(), format!("gives rates for {code:?}, which is not a service area code")));
        }
        if let Some(x) = o.demand_growth {
            rate(x, &format!("{path}.demand_growth"), issues);
        }
        if let Some(x) = o.price_inflation {
            rate(x, &format!("{path}.price_inflation"), issues);
        }
    }
    let ids: BTreeSet<&str> = sc.suppliers.iter().map(|s| s.id.as_str()).collect_set();
    for (i, m) in p.market.iter().enumerate() {
        let path = format!("{at}.market[{i}]");
        if !ids.contains(m.supplier.as_str()) {
            issues.push(Issue::new(
                format!("{path}.supplier"),
                format!("names supplier {:?}, which is not in this scenario's register", m.supplier),
            ));
        }
        if m.leaves_from_year.is_none() && m.capacity_growth.is_none() {
            issues.push(Issue::new(path.clone(), "changes nothing; give leaves_from_year, capacity_growth or both"));
        }
        if let Some(y) = m.leaves_from_year {
            if y > 15 {
                issues.push(Issue::new(
                    format!("{path}.leaves_from_year"),
                    format!("must be a contract year from 0 to 15 (contracts run at most 15 years), got {y}"),
                ));
            }
        }
        if let Some(x) = m.capacity_growth {
            rate(x, &format!("{path}.capacity_growth"), issues);
        }
    }
}

/// Checks a yearly rate given as a fraction.
fn rate(x: f64, at: &str, issues: &mut Vec<Issue>) {
    if x.is_finite() && RATE_RANGE.contains(&x) {
        return;
    }
    let hint = if x.is_finite() && x > 1.0 && x <= 100.0 {
        format!("; it looks like a percentage: write {} for {x}%", crate::base::text::number(x / 100.0))
    } else {
        String::new()
    };
    issues.push(Issue::new(
        at,
        format!("must be a yearly rate between -0.5 and 1 as a fraction (0.03 = 3% a year), got {x}{hint}"),
    ));
}

/// Refuses grids too large to cut into segments quickly (hostile or mistaken files).
fn grid(sc: &Scenario, at: &str, issues: &mut Vec<Issue>) {
    let cells = [sc.service_areas.len(), sc.tiers.levels.len(), sc.functions.len(), sc.localities.len()]
        .iter()
        .fold(1usize, |acc, n| acc.saturating_mul(*n));
    if cells > MAX_GRID_CELLS {
        issues.push(Issue::new(
            at,
            format!(
                "has {} areas x {} tiers x {} functions x {} localities = {cells} cells; the most Lotwise handles is {MAX_GRID_CELLS}",
                sc.service_areas.len(),
                sc.tiers.levels.len(),
                sc.functions.len(),
                sc.localities.len()
            ),
        ));
    }
}

/// Reports an empty list.
fn nonempty(empty: bool, at: &str, what: &str, issues: &mut Vec<Issue>) {
    if empty {
        issues.push(Issue::new(at, format!("there is no {what}; add at least one")));
    }
}
