//! Projection: how a scenario looks in each year of the contract (`docs/scenarios.md`).
//!
//! Year 0 is the base year (`service.base_year`); a contract of `contract_term_years = n` runs
//! years `0..n`. In year `y`, with an area's rates `g` (demand growth) and `i` (price
//! inflation), its value is
//!
//! `demand value = round(value x (1 + g)^y x (1 + i)^y)`
//!
//! The buyer's budget envelope is the year-0 total x `(1 + budget_change)^y`. By default the
//! budget does **not** shrink what must be bought (children's social care is statutory: the
//! work exists whether or not it was budgeted, and sizing contracts on too-low figures is
//! what broke Nebraska's outsourcing); the shortfall is reported as `budget_gap`. With
//! `cap_to_budget` every area is scaled down alike in years where demand costs more than the
//! budget (the buyer's envelope is binding).
//!
//! Suppliers: one that leaves from year `N` is absent in years `>= N`; one whose capacity grows
//! by `x` a year has its revenue, equity and fixed assets multiplied by `(1 + x)^y` (rounded
//! to whole pounds), and its capacity recomputed with the scenario's policy. Parent guarantees
//! and committed contracts are not projected. Suppliers without a market change keep their
//! year-0 balance sheets: the conservative reading (nominal turnover growth is not assumed).
//!
//! # Example
//! ```
//! use lotwise::model::{Projection, Workspace};
//! let mut sc = Workspace::default_workspace().active_scenario().clone();
//! sc.projection = Projection { demand_growth: 0.03, ..Projection::default() };
//! let years = lotwise::model::projection::project(&sc);
//! assert_eq!(years.len(), 5);
//! assert!(years[4].total > years[0].total * 1.12);
//! assert_eq!(lotwise::model::projection::peak_year(&sc), 4);
//! let late = lotwise::model::projection::scenario_in_year(&sc, 4);
//! lotwise::plan::lower::lower(&late)?;
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::model::capacity::capacity;
use crate::model::{MarketChange, Projection, Scenario, Supplier};

/// One contract year of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearView {
    /// 0 = base year.
    pub year: u32,
    /// `service.base_year + year`.
    pub calendar_year: i32,
    pub areas: Vec<AreaYear>,
    /// What the year's demand costs: the sum of the areas' demand values.
    pub demand_total: f64,
    /// The buyer's envelope: year-0 total x (1 + budget_change)^year, whole pounds.
    pub budget: f64,
    /// `demand_total - budget`: positive is a shortfall, negative is headroom.
    pub budget_gap: f64,
    /// The sum of the areas' values (after the budget cap, if `cap_to_budget`).
    pub total: f64,
    /// Every supplier in the year-0 register, present or not.
    pub suppliers: Vec<SupplierYear>,
}

/// One service area in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaYear {
    pub code: String,
    /// Value x (1 + growth)^y x (1 + inflation)^y, whole pounds.
    pub demand_value: f64,
    /// The value lots are built from: the demand value, scaled down to the budget when
    /// `cap_to_budget` and demand exceeds it.
    pub value: f64,
}

/// One supplier in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierYear {
    pub id: String,
    /// False from the year it leaves the market.
    pub present: bool,
    /// Its own capacity that year under the scenario's policy (0 when absent); consortia
    /// pool these when the scenario is lowered.
    pub capacity: f64,
}

/// Every contract year of the scenario, from 0 to `contract_term_years - 1` (at least year 0).
pub fn project(sc: &Scenario) -> Vec<YearView> {
    (0..term(sc)).map(|y| year_view(sc, y)).collect()
}

/// The contract year with the largest total value (the earliest if several tie).
pub fn peak_year(sc: &Scenario) -> u32 {
    let mut best = (0, f64::MIN);
    for v in project(sc) {
        if v.total > best.1 {
            best = (v.year, v.total);
        }
    }
    best.0
}

/// The scenario as it stands in `year`: areas at that year's values, suppliers that have left
/// removed, growing suppliers' balance sheets scaled, `base_year` moved on, and the projection
/// rebased so that projecting the result again continues from `year`. Year 0 returns the
/// scenario unchanged. Same id, so segments keep their ids across years.
pub fn scenario_in_year(sc: &Scenario, year: u32) -> Scenario {
    if year == 0 {
        return sc.clone();
    }
    let view = year_view(sc, year);
    let mut out = sc.clone();
    for (area, projected) in out.service_areas.iter_mut().zip(&view.areas) {
        area.annual_value = projected.value;
    }
    // In a regional plan each authority's values are its own year (its budget cap applied),
    // and each area stays their total.
    for (a, year) in out.authorities.iter_mut().zip(authority_years(sc, year)) {
        for (area, v) in sc.service_areas.iter().zip(year.values) {
            if a.values.contains_key(&area.code) {
                a.values.insert(area.code.clone(), v);
            }
        }
    }
    super::regional::sync_area_values(&mut out);
    if out.service.annual_value.is_some() {
        out.service.annual_value = Some(out.total_value());
    }
    out.service.base_year = sc.service.base_year.saturating_add(year as i32);
    if !sc.name.is_empty() {
        out.name = format!("{} (year {year}, {})", sc.name, view.calendar_year);
    }
    out.suppliers = sc
        .suppliers
        .iter()
        .filter(|s| present(&sc.projection, &s.id, year))
        .map(|s| grown(s, &sc.projection, year))
        .collect();
    out.projection = rebased(&sc.projection, year);
    out
}

/// The yearly factor of one area: `(1 + g)(1 + i)` with its own rates where given.
pub fn area_factor(p: &Projection, code: &str) -> f64 {
    let own = p.areas.get(code);
    let g = own.and_then(|o| o.demand_growth).unwrap_or(p.demand_growth);
    let i = own.and_then(|o| o.price_inflation).unwrap_or(p.price_inflation);
    (1.0 + g) * (1.0 + i)
}

fn term(sc: &Scenario) -> u32 {
    sc.service.contract_term_years.clamp(1, 15)
}

/// One authority's year of a regional plan: its value per area (after its own budget cap).
struct AuthorityYear {
    demand: Vec<f64>,
    values: Vec<f64>,
    budget: f64,
}

/// Each authority's demand and value per service area in year `y`, against its own budget
/// envelope (its `budget_change`, else the projection's).
fn authority_years(sc: &Scenario, y: u32) -> Vec<AuthorityYear> {
    let p = &sc.projection;
    let e = y as i32;
    sc.authorities
        .iter()
        .map(|a| {
            let now = |code: &str| a.values.get(code).copied().unwrap_or(0.0);
            let demand: Vec<f64> =
                sc.service_areas.iter().map(|s| now(&s.code) * area_factor(p, &s.code).powi(e)).collect();
            let total: f64 = demand.iter().sum();
            let start: f64 = sc.service_areas.iter().map(|s| now(&s.code)).sum();
            let budget = (start * (1.0 + a.budget_change.unwrap_or(p.budget_change)).powi(e)).round();
            let scale = if p.cap_to_budget && total > budget && total > 0.0 { budget / total } else { 1.0 };
            let values = demand.iter().map(|d| (d * scale).round()).collect();
            AuthorityYear { demand, values, budget }
        })
        .collect()
}

fn year_view(sc: &Scenario, y: u32) -> YearView {
    let p = &sc.projection;
    let e = y as i32;
    let demand: Vec<f64> =
        sc.service_areas.iter().map(|a| (a.annual_value * area_factor(p, &a.code).powi(e)).round()).collect();
    let demand_total: f64 = demand.iter().sum();
    let (budget, areas) = if super::regional::is_regional(sc) {
        // Each authority's envelope caps its own work; the plan's is their sum.
        let years = authority_years(sc, y);
        let areas = sc
            .service_areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaYear {
                code: a.code.clone(),
                demand_value: years.iter().map(|t| t.demand[i]).sum::<f64>().round(),
                value: years.iter().map(|t| t.values[i]).sum(),
            })
            .collect();
        (years.iter().map(|t| t.budget).sum(), areas)
    } else {
        let budget = (sc.total_value() * (1.0 + p.budget_change).powi(e)).round();
        let scale =
            if p.cap_to_budget && demand_total > budget && demand_total > 0.0 { budget / demand_total } else { 1.0 };
        let areas = sc
            .service_areas
            .iter()
            .zip(&demand)
            .map(|(a, d)| AreaYear { code: a.code.clone(), demand_value: *d, value: (d * scale).round() })
            .collect();
        (budget, areas)
    };
    let areas: Vec<AreaYear> = areas;
    YearView {
        year: y,
        calendar_year: sc.service.base_year.saturating_add(e),
        total: areas.iter().map(|a| a.value).sum(),
        areas,
        demand_total,
        budget,
        budget_gap: demand_total - budget,
        suppliers: sc.suppliers.iter().map(|s| supplier_year(sc, s, y)).collect(),
    }
}

fn supplier_year(sc: &Scenario, s: &Supplier, y: u32) -> SupplierYear {
    let here = present(&sc.projection, &s.id, y);
    SupplierYear {
        id: s.id.clone(),
        present: here,
        capacity: if here { capacity(&grown(s, &sc.projection, y), &sc.capacity_policy).value } else { 0.0 },
    }
}

fn changes<'a>(p: &'a Projection, id: &'a str) -> impl Iterator<Item = &'a MarketChange> + 'a {
    p.market.iter().filter(move |m| m.supplier == id)
}

fn present(p: &Projection, id: &str, y: u32) -> bool {
    changes(p, id).all(|m| m.leaves_from_year.is_none_or(|n| y < n))
}

/// The supplier with its balance sheet grown to year `y`.
fn grown(s: &Supplier, p: &Projection, y: u32) -> Supplier {
    let factor: f64 = changes(p, &s.id).filter_map(|m| m.capacity_growth).map(|g| (1.0 + g).powi(y as i32)).product();
    if factor == 1.0 {
        return s.clone();
    }
    let scale = |x: Option<f64>| x.map(|v| (v * factor).round());
    Supplier {
        revenue: scale(s.revenue),
        equity: scale(s.equity),
        tangible_fixed_assets: scale(s.tangible_fixed_assets),
        ..s.clone()
    }
}

/// The projection seen from `year`: leaving years shift back, suppliers gone are dropped.
fn rebased(p: &Projection, year: u32) -> Projection {
    let market = p
        .market
        .iter()
        .filter(|m| m.leaves_from_year.is_none_or(|n| n > year))
        .map(|m| MarketChange { leaves_from_year: m.leaves_from_year.map(|n| n - year), ..m.clone() })
        .filter(|m| {
            p.market.iter().filter(|o| o.supplier == m.supplier).all(|o| o.leaves_from_year.is_none_or(|n| n > year))
        })
        .collect();
    Projection { market, ..p.clone() }
}
