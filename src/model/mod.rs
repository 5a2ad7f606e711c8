//! The workspace: Lotwise's own document (`docs/workspace-format.md`).
//!
//! A [`Workspace`] holds one or more [`Scenario`]s. A scenario describes a service (its service
//! areas, tiers of need, functions and localities), how it is split into segments, what stays
//! in-house, the supplier register and the rules lots must meet. It is pure data plus serde:
//! no UI and no solver. [`crate::plan::lower`] turns a scenario into the solver's lot problem.
//!
//! # Example
//! ```
//! let ws = lotwise::model::Workspace::default_workspace();
//! let text = ws.to_json();
//! let back = lotwise::model::Workspace::from_json(&text)?;
//! assert_eq!(back, ws);
//! assert!(back.active_scenario().segments().len() > 40);
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

pub mod capacity;
mod default;
pub mod edit;
pub mod geo;
pub mod link;
pub mod merge;
pub mod migrate;
pub mod procurement;
pub mod projection;
pub mod regional;
pub mod register;
pub mod scenarios;
mod segments;
pub mod standing;
pub mod structure;
pub mod target;
pub mod validate;

use crate::base::sort::CollectTree;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::base::error::Issues;

pub use migrate::{import_any, Imported, MAX_IMPORT_BYTES, MAX_NESTING};
pub use procurement::{Contract, Record, Regime};
pub use segments::SegmentCell;

/// The `format` string this build writes (older ones are read and migrated: `model::migrate`).
pub const FORMAT: &str = "lotwise/3";

/// The id of the pseudo-service-area used when the service is not split by area.
pub const ALL_AREAS: &str = "ALL";

/// The pseudo-locality used when the service is not split by locality.
pub const ALL_LOCALITIES: &str = "All localities";

/// A versioned workspace document: `{"format": "lotwise/3", "scenarios": [...], "active": 0}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// Always [`FORMAT`].
    pub format: String,
    /// At least one scenario.
    pub scenarios: Vec<Scenario>,
    /// The scenario in use, by position or by id.
    #[serde(default)]
    pub active: ActiveRef,
    /// The law the procurement runs under (the Procurement Act 2023 unless chosen otherwise).
    #[serde(default)]
    pub regime: Regime,
}

/// Which scenario is active: a position in `scenarios` or a scenario id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ActiveRef {
    Index(usize),
    Id(String),
}

impl Default for ActiveRef {
    fn default() -> Self {
        ActiveRef::Index(0)
    }
}

/// One way of procuring the service: axes, split, retained work, suppliers, policy and rules.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scenario {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub service: Service,
    #[serde(default)]
    pub service_areas: Vec<ServiceArea>,
    #[serde(default)]
    pub tiers: Tiers,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub localities: Vec<Locality>,
    /// Undirected edges between localities that border each other.
    #[serde(default)]
    pub adjacency: Vec<(String, String)>,
    /// The axes segments are cut along; axes not listed are aggregated.
    #[serde(default = "default_split_by")]
    pub split_by: BTreeSet<Axis>,
    /// What stays in-house.
    #[serde(default)]
    pub retained: Vec<Selector>,
    #[serde(default)]
    pub suppliers: Vec<Supplier>,
    #[serde(default)]
    pub capacity_policy: CapacityPolicy,
    #[serde(default)]
    pub rules: Rules,
    /// Assumptions for later contract years (growth, inflation, budget, market changes);
    /// all zero by default. See `docs/scenarios.md` and [`crate::model::projection`].
    #[serde(default, skip_serializing_if = "Projection::is_none")]
    pub projection: Projection,
    /// The lotting decision record: reasons, limits per supplier, lot groups.
    #[serde(default, skip_serializing_if = "Record::is_empty")]
    pub record: Record,
    /// The contract each lot is let under: term, extensions, start.
    #[serde(default, skip_serializing_if = "Contract::is_default")]
    pub contract: Contract,
    /// The localities' boundaries, loaded from GeoJSON and simplified for drawing
    /// ([`geo`], `docs/map.md`); absent until a file is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundaries: Option<geo::Boundaries>,
    /// The authorities commissioning together (a regional plan, `docs/regional.md`): each
    /// holds some localities and its own value per service area. Empty: one authority, the
    /// service's, with the service areas' values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<Authority>,
}

/// One authority of a regional plan, with its value per service area.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Authority {
    /// The authority's name, e.g. "Salford City Council"; localities name it.
    pub name: String,
    /// Service area code -> the authority's GBP a year in that area (absent: none). A service
    /// area's value is the sum over the authorities.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// The authority's own yearly budget change (a fraction, -0.5 to 1), for its budget
    /// envelope over the contract years; absent: the projection's `budget_change`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_change: Option<f64>,
    /// The authority's own least number of credible bidders for each lot holding its work
    /// (its `k`, R5); absent: the plan's. Where a service area's lots may cross authority
    /// borders, every lot of that area needs the most that any authority with work in it asks
    /// for (`docs/regional.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
    /// Every lot holding the authority's work must have at least one credible bidder that is
    /// an SME, whatever its service area (its own SME policy; part of R5). Where a service
    /// area's lots may cross authority borders, that area's lots all follow it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sme_open: bool,
    /// The authority's own largest lot value, GBP a year, for each lot holding its work (its
    /// `v_max`, R4): at least the plan's smallest lot; above the plan's largest it is the
    /// plan's; absent: the plan's. Where a
    /// service area's lots may cross authority borders, that area's lots keep to the smallest
    /// that any authority with work in it allows.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub v_max: Option<f64>,
    /// The authority's own smallest lot value, GBP a year, for each lot holding its work (its
    /// `v_min`, R4): at most its largest lot; below the plan's smallest it is the plan's;
    /// absent: the plan's. Where a service area's lots may cross authority borders, that
    /// area's lots keep to the largest that any authority with work in it sets.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub v_min: Option<f64>,
}

impl Authority {
    /// The band of lot values the lots holding this authority's work keep to under the plan's
    /// `rules`: its own smallest lot (or the plan's) to its own largest (or the plan's), each
    /// within the plan's band.
    pub fn lot_band(&self, rules: &Rules) -> (f64, f64) {
        (self.v_min.unwrap_or(rules.v_min).max(rules.v_min), self.v_max.unwrap_or(rules.v_max).min(rules.v_max))
    }
}

/// The service being procured.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Service {
    /// The commissioning authority, e.g. "A county council".
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub base_year: i32,
    /// 1 to 15 years.
    #[serde(default = "default_term")]
    pub contract_term_years: u32,
    /// Optional check: when given it must equal the sum of the service areas' values (±£1).
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub annual_value: Option<f64>,
}

/// A service area, e.g. fostering, with its annual value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceArea {
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// GBP per year, > 0.
    #[serde(serialize_with = "crate::base::money::ser")]
    pub annual_value: f64,
    /// All of this area's work is a relevant care function (only not-for-profit bidders).
    #[serde(default)]
    pub relevant_care: bool,
    /// A light touch service (PA2023 s.9 and Schedule 1 of the Procurement Regulations 2024):
    /// true unless set otherwise, as children's social care services are.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub light_touch: bool,
    /// In a regional plan, whether this area's lots may hold localities of several
    /// authorities; when false (the default) each lot lies within one authority.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cross_authority: bool,
    /// Whether each of this area's lots must be open to an SME: at least one of its credible
    /// bidders is an SME (an optional part of the credible-bidder rule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sme_open: bool,
    /// How many providers each of this area's lots appoints: 1 (the default) for a lot
    /// awarded to one provider, more for a framework (multi-provider) lot, each provider
    /// taking an equal share of the lot's value.
    #[serde(default = "one_provider", skip_serializing_if = "is_one_provider")]
    pub appointments: u32,
}

impl Default for ServiceArea {
    fn default() -> Self {
        ServiceArea {
            code: String::new(),
            name: String::new(),
            annual_value: 0.0,
            relevant_care: false,
            light_touch: true,
            cross_authority: false,
            sme_open: false,
            appointments: 1,
        }
    }
}

/// The tiers of need and how each area's value divides across them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tiers {
    /// The levels, e.g. 1 "Level 1 Universal" to 4 "Level 4 Acute/Specialist".
    #[serde(default)]
    pub levels: Vec<TierLevel>,
    /// Shares (one per level, in `levels` order, summing to 1) for areas without their own.
    #[serde(default)]
    pub default_split: Vec<f64>,
    /// Area code -> shares (one per level, summing to 1).
    #[serde(default)]
    pub split: BTreeMap<String, Vec<f64>>,
}

/// One tier of need.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TierLevel {
    pub number: u8,
    #[serde(default)]
    pub name: String,
}

/// A function, e.g. assessment or business support, with its share of every area's value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Function {
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Share of each area's value; the functions' shares sum to 1.
    pub share: f64,
    /// A relevant care function: only not-for-profit bidders may take it.
    #[serde(default)]
    pub relevant_care: bool,
}

/// A locality with its relative demand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Locality {
    pub name: String,
    /// Relative demand weight (>= 0); a locality's share is weight / sum of weights.
    #[serde(default = "one")]
    pub weight: f64,
    /// In a regional plan, the authority the locality belongs to (by name); its weight shares
    /// that authority's values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// A segmentation axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    Area,
    Tier,
    Function,
    Locality,
}

/// Picks work to keep in-house: `{"tier": 4}`, `{"area": "SAFE"}`, `{"function": "ASSESS"}`,
/// `{"segment": "FOST-North"}`. Fields given together must all match.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Selector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// A segment id as produced by [`Scenario::segments`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// In a regional plan, only this authority's work (by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// Legal form of a supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ownership {
    Listed,
    Private,
    Pe,
    Charity,
    Mutual,
    Public,
    /// Anything else (unknown words read as `other`).
    #[default]
    #[serde(other)]
    Other,
}

impl Ownership {
    /// The lowercase word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::Listed => "listed",
            Ownership::Private => "private",
            Ownership::Pe => "pe",
            Ownership::Charity => "charity",
            Ownership::Mutual => "mutual",
            Ownership::Public => "public",
            Ownership::Other => "other",
        }
    }
}

/// A supplier in the register, with its balance sheet (GBP) and coverage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Supplier {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ownership: Ownership,
    #[serde(default)]
    pub not_for_profit: bool,
    /// A voluntary, community or social enterprise: a non-governmental, value-driven
    /// organisation that reinvests its surpluses (the UK OCDS extension's `vcse`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vcse: bool,
    /// Latest annual revenue (turnover); missing means no capacity of its own.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub revenue: Option<f64>,
    /// Total equity and reserves; may be negative; missing is treated as weak assets.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub equity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub tangible_fixed_assets: Option<f64>,
    /// A parent-company guarantee, added to capacity when the policy says so.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub parent_guarantee: Option<f64>,
    /// Value per year already committed to other contracts, subtracted when the policy says so.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub committed: Option<f64>,
    /// Financial standing (optional): borrowings less cash; negative means net cash.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub net_debt: Option<f64>,
    /// Earnings before interest, tax, depreciation and amortisation, latest year; may be negative.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub ebitda: Option<f64>,
    /// Assets turned into cash within a year (cash, debtors, stock).
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub current_assets: Option<f64>,
    /// Debts due within a year.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::base::money::ser_opt")]
    pub current_liabilities: Option<f64>,
    #[serde(default)]
    pub service_areas: Vec<String>,
    #[serde(default)]
    pub localities: Vec<String>,
    /// Id of the consortium it bids in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consortium: Option<String>,
    /// The group it belongs to (a parent company or owner, by name), if any. Suppliers of one
    /// group count once towards a lot's credible bidders and fail together in the stress test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The registered company (or charity) number, e.g. Companies House `01234567`; it
    /// recognises the same supplier in two registers when authorities merge their plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_number: Option<String>,
    /// Coverage (areas, localities) is invented for illustration, not researched.
    #[serde(default)]
    pub illustrative: bool,
}

/// How a balance sheet becomes capacity (`LOT-MODEL.md`, default capacity policy):
/// `min(turnover_ratio x revenue, max(weak_assets_ratio x revenue, equity_multiple x equity))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CapacityPolicy {
    pub turnover_ratio: f64,
    pub weak_assets_ratio: f64,
    pub equity_multiple: f64,
    /// Add parent-company guarantees.
    pub add_guarantees: bool,
    /// Subtract committed contracts (never below zero).
    pub subtract_committed: bool,
    /// Consortia bid with their members' pooled capacity.
    pub pool_consortia: bool,
    /// Members of a pooled consortium also bid alone (off by default: no double counting).
    pub members_bid_alone: bool,
    /// Financial standing: net debt above this many times EBITDA is a concern (`None`: not
    /// checked). A starting point to set, not a figure from guidance.
    pub max_net_debt_to_ebitda: Option<f64>,
    /// Financial standing: current assets below this many times current liabilities is a
    /// concern (`None`: not checked).
    pub min_current_ratio: Option<f64>,
    /// The share (0..1) taken off the capacity of a supplier with a financial concern; 0 shows
    /// the concern without changing capacity.
    pub concern_reduction: f64,
}

impl Default for CapacityPolicy {
    fn default() -> Self {
        CapacityPolicy {
            turnover_ratio: 0.5,
            weak_assets_ratio: 0.25,
            equity_multiple: 2.0,
            add_guarantees: true,
            subtract_committed: true,
            pool_consortia: true,
            members_bid_alone: false,
            max_net_debt_to_ebitda: Some(4.0),
            min_current_ratio: Some(1.0),
            concern_reduction: 0.0,
        }
    }
}

/// The lot rules (`LOT-MODEL.md` R2, R4-R6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Minimum credible bidders per lot.
    pub k: u32,
    /// Most lots one supplier may be awarded.
    pub m: u32,
    #[serde(serialize_with = "crate::base::money::ser")]
    pub v_min: f64,
    #[serde(serialize_with = "crate::base::money::ser")]
    pub v_max: f64,
    pub mix_service_areas: bool,
    /// `m` limits the lots awarded to each supplier group (parent company or owner) rather
    /// than to each supplier.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub m_per_group: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { k: 2, m: 3, v_min: 300_000.0, v_max: 4_000_000.0, mix_service_areas: false, m_per_group: false }
    }
}

/// How a scenario changes over the contract term (years 0 to `contract_term_years - 1`).
///
/// Rates are fractions per year (`0.03` = 3% a year), compounding from year 0 (the base year).
/// In year `y` an area's value is `value x (1 + demand_growth)^y x (1 + price_inflation)^y`; the
/// budget is the year-0 total x `(1 + budget_change)^y`. See [`crate::model::projection`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Projection {
    /// Growth in the volume of work per year (e.g. 0.021: children in care rose 16% in 7 years).
    pub demand_growth: f64,
    /// Growth in the price of a unit of work per year.
    pub price_inflation: f64,
    /// Change in the buyer's budget per year (e.g. 0.022: planned spend 2011-15, Table 2).
    pub budget_change: f64,
    /// When true, areas' values are scaled down (all alike) in any year where demand costs more
    /// than the budget; when false (the default) values follow demand and the shortfall is
    /// reported as the budget gap.
    pub cap_to_budget: bool,
    /// Per service area (code) rates that replace the scenario-wide ones.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub areas: BTreeMap<String, AreaProjection>,
    /// Changes in the supplier market by contract year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub market: Vec<MarketChange>,
}

/// Rates for one service area; a missing rate falls back to the scenario-wide one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AreaProjection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_growth: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_inflation: Option<f64>,
}

/// A change to one supplier over the contract: it leaves the market from a year on, and/or its
/// balance sheet (so its capacity) grows by a rate per year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MarketChange {
    /// A supplier id in this scenario's register.
    pub supplier: String,
    /// The first contract year (0 = base year) in which the supplier is no longer in the market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaves_from_year: Option<u32>,
    /// Yearly growth of revenue, equity and fixed assets (so of capacity), e.g. 0.05; negative
    /// for a shrinking supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_growth: Option<f64>,
}

impl Projection {
    /// True when nothing is projected: every year looks like year 0.
    pub fn is_none(&self) -> bool {
        *self == Projection::default()
    }

    /// A stress test from the trends in the 2014 LaingBuisson report for the Department for
    /// Education: demand +2.1% a year (children in care rose
    /// 16% from 2008 to 2015), prices +2% a year (an assumption: the CPI target), and the
    /// budget +2.2% a year (planned spend 2011-15, Table 2). Demand costs outgrow the budget.
    pub fn seed_report_trend() -> Projection {
        Projection { demand_growth: 0.021, price_inflation: 0.02, budget_change: 0.022, ..Projection::default() }
    }
}

impl Workspace {
    /// Parses a workspace and validates it, returning every problem at once.
    ///
    /// Never panics, whatever the text.
    /// Reads older formats too, migrating them (`Workspace::import` also says what it did).
    pub fn from_json(text: &str) -> Result<Workspace, Issues> {
        Workspace::import(text).map(|(ws, _notes)| ws)
    }

    /// Pretty JSON in the current format ([`FORMAT`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a workspace always serialises")
    }

    /// Checks every scenario: references, ids, shares, money and rules.
    pub fn validate(&self) -> Result<(), Issues> {
        Issues::result(validate::workspace(self))
    }

    /// The built-in example: one English local authority from the figures of the 2014
    /// LaingBuisson report for the Department for Education (`src/model/default.rs`).
    pub fn default_workspace() -> Workspace {
        default::workspace()
    }

    /// Position of the active scenario, if `active` resolves.
    pub fn active_index(&self) -> Option<usize> {
        match &self.active {
            ActiveRef::Index(i) => (*i < self.scenarios.len()).then_some(*i),
            ActiveRef::Id(id) => self.scenarios.iter().position(|s| s.id == *id),
        }
    }

    /// The active scenario; the first one if `active` does not resolve, and an empty scenario
    /// if there are none (a validated workspace always has one).
    pub fn active_scenario(&self) -> &Scenario {
        let index = self.active_index().unwrap_or(0);
        self.scenarios.get(index).unwrap_or_else(|| empty_scenario())
    }

    /// The active scenario to change (as [`Workspace::active_scenario`]); `None` when there
    /// are no scenarios.
    pub fn active_scenario_mut(&mut self) -> Option<&mut Scenario> {
        let index = self.active_index().unwrap_or(0);
        self.scenarios.get_mut(index)
    }
}

impl Scenario {
    /// A fingerprint of everything a plan of this scenario is made from: every field but its
    /// name (renaming does not change a plan) and its projection (the plan is for year 0; the
    /// years are worked out from the plan). Two scenarios with the same fingerprint get the
    /// same lot problem. Saved plans carry it, so a plan whose inputs changed shows as stale.
    pub fn plan_inputs(&self) -> String {
        // Listing every field (no `..`) makes a new field a compile error here until it is
        // decided whether it is an input.
        let Scenario {
            id: _,
            name: _,
            projection: _,
            service: _,
            service_areas: _,
            tiers: _,
            functions: _,
            localities: _,
            adjacency: _,
            split_by: _,
            retained: _,
            suppliers: _,
            capacity_policy: _,
            rules: _,
            record: _,
            contract: _,
            boundaries: _,
            authorities: _,
        } = self;
        // The record, the contract model and light touch status say how the lots are tendered,
        // not what they are; boundaries only draw the map (the borders are in `adjacency`).
        let mut inputs = Scenario {
            name: String::new(),
            projection: Projection::default(),
            record: Record::default(),
            contract: Contract::default(),
            boundaries: None,
            ..self.clone()
        };
        inputs.service_areas.iter_mut().for_each(|a| a.light_touch = true);
        // An authority's budget change is part of the projection: it shapes later years only.
        inputs.authorities.iter_mut().for_each(|a| a.budget_change = None);
        // Compact JSON, as saved plans have always been fingerprinted, made from the pretty
        // text the app writes anyway (one serialiser of every model type in the page).
        let text = serde_json::to_string_pretty(&inputs).unwrap_or_default();
        crate::base::text::fingerprint(&crate::base::text::compact_json(&text))
    }

    /// Whether a plan made for `other` is a plan for this scenario ([`Scenario::plan_inputs`]).
    pub fn same_inputs(&self, other: &Scenario) -> bool {
        self.plan_inputs() == other.plan_inputs()
    }

    /// The segments this scenario's split produces, in a deterministic order, with whole-pound
    /// values that add up exactly to each service area's value. Zero-value cells are left out.
    pub fn segments(&self) -> Vec<SegmentCell> {
        segments::cells(self)
    }

    /// Whether the service is split along `axis`.
    pub fn splits(&self, axis: Axis) -> bool {
        self.split_by.contains(&axis)
    }

    /// The tier shares of one area (its own split, else the default split).
    pub fn tier_shares(&self, area: &str) -> &[f64] {
        self.tiers.split.get(area).unwrap_or(&self.tiers.default_split)
    }

    /// Checks this scenario on its own; issue paths start with `scenario`.
    pub fn validate(&self) -> Result<(), Issues> {
        let mut issues = Vec::new();
        validate::scenario(self, "scenario", &mut issues);
        Issues::result(issues)
    }

    /// The contract term in months: the contract model's, else the service's years x 12.
    pub fn term_months(&self) -> u32 {
        self.contract.term_months.unwrap_or(self.service.contract_term_years.saturating_mul(12))
    }

    /// Sum of the service areas' annual values.
    pub fn total_value(&self) -> f64 {
        self.service_areas.iter().map(|a| a.annual_value).sum()
    }
}

fn empty_scenario() -> &'static Scenario {
    static EMPTY: OnceLock<Scenario> = OnceLock::new();
    EMPTY.get_or_init(Scenario::default)
}

fn default_split_by() -> BTreeSet<Axis> {
    [Axis::Area, Axis::Locality].into_iter().collect_set()
}

fn default_term() -> u32 {
    5
}

fn one() -> f64 {
    1.0
}

fn one_provider() -> u32 {
    1
}

fn is_one_provider(n: &u32) -> bool {
    *n == 1
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}
