//! Lowering: a workspace scenario -> the solver's [`LotProblem`] (`LOT-MODEL.md`).
//!
//! One lot-problem segment per [`SegmentCell`] of the scenario's split, suppliers carrying the
//! capacity derived by [`crate::model::capacity`], pooled consortia as extra bidders (`C:<id>`), and
//! the scenario's rules as params.
//!
//! Aggregated axes: when the service is not split by area, every segment has the pseudo-area
//! [`ALL_AREAS`], and a supplier serves it only if it serves every service area that has work
//! in scope; when not split by locality, every segment has the pseudo-locality
//! [`ALL_LOCALITIES`], covered only by suppliers covering every locality with work in scope.
//!
//! # Example
//! ```
//! let ws = lotwise::model::Workspace::default_workspace();
//! let problem = lotwise::plan::lower::lower(ws.active_scenario())?;
//! problem.validate()?;
//! assert_eq!(problem.params.k, 2);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, BTreeSet};

use crate::base::error::Issues;
use crate::model::capacity::{capacity, consortia};
use crate::model::{Axis, Scenario, SegmentCell, ServiceArea, Supplier, Workspace, ALL_AREAS, ALL_LOCALITIES};
use crate::plan::problem::{self, LotProblem, Params, FORMAT_VERSION};

/// Lowers one scenario (validated first; paths of its issues start with `scenario`).
pub fn lower(scenario: &Scenario) -> Result<LotProblem, Issues> {
    scenario.validate()?;
    let cells = scenario.segments();
    let scope = Scope::new(scenario, &cells);
    let mut problem = LotProblem {
        format_version: FORMAT_VERSION,
        name: scenario.id.clone(),
        description: description(scenario),
        params: params(scenario),
        localities: localities(scenario),
        adjacency: adjacency(scenario),
        service_areas: service_areas(scenario),
        segments: cells.iter().map(segment).collect(),
        suppliers: suppliers(scenario, &scope),
    };
    // An authority without work yet (no locality) has no lots for its own k to apply to.
    let segments = &problem.segments;
    let named = |a: &String| segments.iter().any(|s| s.authority.as_ref() == Some(a));
    problem.params.k_by_authority.retain(|a, _| named(a));
    problem.params.sme_open_authorities.retain(named);
    problem.params.v_max_by_authority.retain(|a, _| named(a));
    problem.params.v_min_by_authority.retain(|a, _| named(a));
    problem.validate()?;
    Ok(problem)
}

/// Lowers the workspace's active scenario.
pub fn lower_active(ws: &Workspace) -> Result<LotProblem, Issues> {
    lower(ws.active_scenario())
}

/// What is in scope, for deciding who may bid on aggregated cells.
struct Scope {
    split_area: bool,
    split_locality: bool,
    areas: BTreeSet<String>,
    localities: BTreeSet<String>,
}

impl Scope {
    fn new(sc: &Scenario, cells: &[SegmentCell]) -> Scope {
        let open = cells.iter().filter(|c| !c.retained);
        Scope {
            split_area: sc.splits(Axis::Area),
            split_locality: sc.splits(Axis::Locality),
            areas: open.clone().flat_map(|c| c.area_members.iter().cloned()).collect_set(),
            localities: open.flat_map(|c| c.locality_members.iter().cloned()).collect_set(),
        }
    }

    /// The lot-problem service areas a bidder serving `served` may take.
    fn areas(&self, served: &[String]) -> Vec<String> {
        if self.split_area {
            return dedup(served);
        }
        let all = self.areas.iter().all(|a| served.contains(a));
        if all {
            vec![ALL_AREAS.to_string()]
        } else {
            Vec::new()
        }
    }

    /// The lot-problem localities a bidder covering `covered` may take.
    fn localities(&self, covered: &[String]) -> Vec<String> {
        if self.split_locality {
            return dedup(covered);
        }
        let all = self.localities.iter().all(|l| covered.contains(l));
        if all {
            vec![ALL_LOCALITIES.to_string()]
        } else {
            Vec::new()
        }
    }
}

fn dedup(list: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    list.iter().filter(|x| seen.insert(x.as_str())).cloned().collect()
}

fn description(sc: &Scenario) -> Option<String> {
    let s = &sc.service;
    let text = [sc.name.as_str(), s.authority.as_str(), s.name.as_str()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" - ");
    (!text.is_empty()).then_some(text)
}

fn params(sc: &Scenario) -> Params {
    let r = &sc.rules;
    // Lots stay within one authority unless their area allows crossing; with one authority
    // there is no border to cross.
    let within_authority = if sc.authorities.len() > 1 { area_codes(sc, |a| !a.cross_authority) } else { Vec::new() };
    let sme_open = area_codes(sc, |a| a.sme_open);
    // Areas that share one lot-problem code (the service not split by area) take the most.
    let mut appointments = BTreeMap::new();
    for a in sc.service_areas.iter().filter(|a| a.appointments > 1) {
        let n = appointments.entry(area_code(sc, &a.code)).or_insert(1);
        *n = a.appointments.max(*n);
    }
    // An authority's own k and lot values, where they differ from (are tighter than) the plan's.
    let k_by_authority = by_authority(sc, |a| a.k.filter(|k| *k != r.k));
    let v_max_by_authority = by_authority(sc, |a| a.v_max.filter(|v| *v < r.v_max));
    let v_min_by_authority = by_authority(sc, |a| a.v_min.filter(|v| *v > r.v_min));
    let sme_open_authorities = if sc.authorities.len() > 1 {
        sc.authorities.iter().filter(|a| a.sme_open).map(|a| a.name.clone()).collect()
    } else {
        Vec::new()
    };
    Params {
        m_per_group: r.m_per_group,
        within_authority,
        sme_open,
        appointments,
        k_by_authority,
        sme_open_authorities,
        v_max_by_authority,
        v_min_by_authority,
        ..Params::new(r.v_min, r.v_max, r.k, r.m, r.mix_service_areas)
    }
}

/// Each authority's own rule that `own` gives, by name; none in a plan of one authority (it
/// has no other to differ from).
fn by_authority<T>(sc: &Scenario, own: impl Fn(&crate::model::Authority) -> Option<T>) -> BTreeMap<String, T> {
    if sc.authorities.len() < 2 {
        return BTreeMap::new();
    }
    sc.authorities.iter().filter_map(|a| Some((a.name.clone(), own(a)?))).collect_map()
}

/// The lot-problem codes of the scenario's areas that `pick` chooses, each once, in order.
fn area_codes(sc: &Scenario, pick: impl Fn(&ServiceArea) -> bool) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for a in sc.service_areas.iter().filter(|a| pick(a)) {
        let code = area_code(sc, &a.code);
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// The lot-problem service area code of scenario area `code` ([`ALL_AREAS`] when areas are
/// not split).
fn area_code(sc: &Scenario, code: &str) -> String {
    if sc.splits(Axis::Area) {
        code.to_string()
    } else {
        ALL_AREAS.to_string()
    }
}

fn localities(sc: &Scenario) -> Vec<String> {
    if sc.splits(Axis::Locality) {
        sc.localities.iter().map(|l| l.name.clone()).collect()
    } else {
        vec![ALL_LOCALITIES.to_string()]
    }
}

fn adjacency(sc: &Scenario) -> Vec<(String, String)> {
    if sc.splits(Axis::Locality) {
        sc.adjacency.clone()
    } else {
        Vec::new()
    }
}

fn service_areas(sc: &Scenario) -> Vec<problem::ServiceArea> {
    if !sc.splits(Axis::Area) {
        return vec![problem::ServiceArea { code: ALL_AREAS.into(), name: "All service areas".into() }];
    }
    sc.service_areas.iter().map(|a| problem::ServiceArea { code: a.code.clone(), name: a.name.clone() }).collect()
}

fn segment(c: &SegmentCell) -> problem::Segment {
    problem::Segment {
        id: c.id.clone(),
        service_area: c.area.clone(),
        locality: c.locality.clone(),
        tier: c.tier,
        function: c.function.clone(),
        value: c.value,
        retained: c.retained,
        relevant_care: c.relevant_care,
        authority: c.authority.clone(),
    }
}

/// Suppliers bidding alone, then pooled consortia (`C:<id>`). Members of a pooled consortium
/// bid only through it unless the policy lets them also bid alone.
fn suppliers(sc: &Scenario, scope: &Scope) -> Vec<problem::Supplier> {
    let policy = &sc.capacity_policy;
    let pooled = |s: &Supplier| policy.pool_consortia && s.consortium.is_some();
    let alone = sc.suppliers.iter().filter(|s| !pooled(s) || policy.members_bid_alone);
    let mut out: Vec<problem::Supplier> = alone.map(|s| supplier(s, sc, scope)).collect();
    if policy.pool_consortia {
        for c in consortia(&sc.suppliers, policy) {
            out.push(problem::Supplier {
                id: c.bidder_id,
                name: c.name,
                ownership: Some("consortium".into()),
                revenue: None,
                equity: None,
                not_for_profit: c.not_for_profit,
                capacity: c.capacity.value,
                service_areas: scope.areas(&c.service_areas),
                localities: scope.localities(&c.localities),
                group: None,
            });
        }
    }
    out
}

fn supplier(s: &Supplier, sc: &Scenario, scope: &Scope) -> problem::Supplier {
    problem::Supplier {
        id: s.id.clone(),
        name: s.name.clone(),
        ownership: Some(s.ownership.as_str().to_string()),
        revenue: s.revenue,
        equity: s.equity,
        not_for_profit: s.not_for_profit,
        capacity: capacity(s, &sc.capacity_policy).value,
        service_areas: scope.areas(&s.service_areas),
        localities: scope.localities(&s.localities),
        group: s.group.as_deref().map(str::trim).filter(|g| !g.is_empty()).map(String::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::problem::LotProblem;

    /// A necessary condition for solvability: every in-scope segment has at least `k`
    /// eligible suppliers with capacity for it.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn default_segments_each_have_k_bidders_with_capacity() {
        let p = lower_active(&Workspace::default_workspace()).unwrap_or_else(|e| panic!("{e}"));
        for s in p.in_scope() {
            let n = p.suppliers.iter().filter(|j| LotProblem::eligible(j, s) && j.capacity >= s.value).count();
            assert!(n >= p.params.k as usize, "{} has {n} bidders", s.id);
        }
    }
}
