//! The one way to change a workspace: an [`Edit`] applied by [`Workspace::apply`].
//!
//! Every change a person makes, from renaming a locality to deleting a scenario, is one
//! `Edit` value. The app's store applies it (and so undo, redo, autosave and validation see
//! every change the same way), and the tests apply the same values. `apply` either makes the
//! whole change or, with an [`EditError`] that says why in a sentence, none of it: the
//! workspace is never left half-changed. The work itself is done by the verbs of
//! [`super::structure`] (the service), [`super::register`] (suppliers) and
//! [`super::scenarios`] (the list of scenarios), which keep every reference valid.
//!
//! Edits to a scenario apply to the active one.
//!
//! # Example
//! ```
//! use lotwise::model::edit::{Edit, Rule};
//! use lotwise::model::{Axis, Workspace};
//! let mut ws = Workspace::default_workspace();
//! let before = ws.active_scenario().segments().len();
//! ws.apply(Edit::SetSplit { axis: Axis::Tier, on: true })?;
//! assert!(ws.active_scenario().segments().len() > before);
//! ws.apply(Edit::RenameLocality { name: "North".into(), to: "Northern".into() })?;
//! ws.apply(Edit::SetRule(Rule::K(3)))?;
//! assert_eq!(ws.active_scenario().rules.k, 3);
//! let refused = ws.apply(Edit::SetRule(Rule::K(0))).unwrap_err();
//! assert_eq!(refused.to_string(), "At least 1 credible bidder per lot is needed.");
//! assert!(ws.validate().is_ok());
//! # Ok::<_, lotwise::model::edit::EditError>(())
//! ```

use std::fmt;

use super::geo::Boundaries;
use super::procurement::{self, ContractField, LotGroup, RecordText, Regime};
use super::register::{self, ImportMode};
use super::scenarios::Start;
use super::{regional, scenarios, structure, AreaProjection, Axis, CapacityPolicy, MarketChange, Projection, Scenario};
use super::{Selector, Supplier, Workspace};

use crate::base::error::refuse;
pub use crate::base::error::EditError;

/// A lot rule and its new value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// At least this many credible bidders per lot (k).
    K(u32),
    /// At most this many lots awarded to one supplier (m).
    M(u32),
    /// The smallest lot allowed, GBP a year (v_min).
    SmallestLot(f64),
    /// The largest lot allowed, GBP a year (v_max).
    LargestLot(f64),
    /// Whether a lot may hold more than one service area.
    MixServiceAreas(bool),
    /// Whether `m` limits each supplier group rather than each supplier.
    MPerGroup(bool),
}

/// A setting of the capacity policy and its new value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    TurnoverRatio(f64),
    WeakAssetsRatio(f64),
    EquityMultiple(f64),
    AddGuarantees(bool),
    SubtractCommitted(bool),
    PoolConsortia(bool),
    MembersBidAlone(bool),
    /// Net debt above this many times EBITDA is a financial concern; 0 turns the check off.
    MaxNetDebtToEbitda(f64),
    /// A current ratio below this is a financial concern; 0 turns the check off.
    MinCurrentRatio(f64),
    /// The share taken off a supplier's capacity when its standing is a concern (0..=1).
    ConcernReduction(f64),
}

/// A yearly rate of the projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    DemandGrowth,
    PriceInflation,
    BudgetChange,
}

/// One change to a workspace. See the module docs.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    // The service.
    SetAuthority(String),
    SetServiceName(String),
    SetBaseYear(i32),
    SetContractTerm(u32),
    SetSplit {
        axis: Axis,
        on: bool,
    },
    /// Keep (`on`) or stop keeping in-house the work `selector` picks.
    SetRetained {
        selector: Selector,
        on: bool,
    },
    // Service areas and their tiers of need.
    AddArea,
    RemoveArea(String),
    /// Changes an area's code from `code` to `to`.
    RenameArea {
        code: String,
        to: String,
    },
    SetAreaName {
        code: String,
        name: String,
    },
    SetAreaValue {
        code: String,
        value: f64,
    },
    SetAreaRelevantCare {
        code: String,
        on: bool,
    },
    /// Area `code`'s share of its value at tier position `level` (0-based).
    SetTierShare {
        code: String,
        level: usize,
        share: f64,
    },
    // Functions.
    AddFunction,
    RemoveFunction(String),
    RenameFunction {
        code: String,
        to: String,
    },
    SetFunctionName {
        code: String,
        name: String,
    },
    SetFunctionShare {
        code: String,
        share: f64,
    },
    SetFunctionRelevantCare {
        code: String,
        on: bool,
    },
    // Localities and the map.
    AddLocality,
    RemoveLocality(String),
    RenameLocality {
        name: String,
        to: String,
    },
    SetLocalityWeight {
        name: String,
        weight: f64,
    },
    SetAdjacent {
        a: String,
        b: String,
        on: bool,
    },
    /// Replaces every border at once (accepting the borders that boundaries imply).
    SetAdjacency(Vec<(String, String)>),
    /// Keeps the localities' boundaries (loaded with `model::geo::read`), or forgets them.
    SetBoundaries(Option<Box<Boundaries>>),
    // Authorities of a regional plan (`model::regional`).
    /// Adds an authority (a fresh name when empty); the first makes the plan regional.
    AddAuthority(String),
    /// Removes an authority that holds no locality.
    RemoveAuthority(String),
    RenameAuthority {
        name: String,
        to: String,
    },
    /// What `authority` spends a year on service area `code`.
    SetAuthorityValue {
        authority: String,
        code: String,
        value: f64,
    },
    SetLocalityAuthority {
        locality: String,
        authority: String,
    },
    /// An authority's own yearly budget change; `None` follows the projection's.
    SetAuthorityBudget {
        authority: String,
        rate: Option<f64>,
    },
    /// An authority's own least number of credible bidders per lot; `None` follows the plan's k.
    SetAuthorityK {
        authority: String,
        k: Option<u32>,
    },
    /// An authority's own largest lot value (GBP a year); `None` follows the plan's v_max.
    SetAuthorityVMax {
        authority: String,
        v_max: Option<f64>,
    },
    /// An authority's own smallest lot value (GBP a year); `None` follows the plan's v_min.
    SetAuthorityVMin {
        authority: String,
        v_min: Option<f64>,
    },
    /// Whether every lot holding `authority`'s work must have a credible SME bidder.
    SetAuthoritySmeOpen {
        authority: String,
        on: bool,
    },
    /// Whether service area `code`'s lots may hold several authorities' localities.
    SetCrossAuthority {
        code: String,
        on: bool,
    },
    /// Whether each of service area `code`'s lots must have at least one credible SME bidder.
    SetSmeOpen {
        code: String,
        on: bool,
    },
    /// How many providers each of service area `code`'s lots appoints (1: one provider; more:
    /// a framework lot).
    SetAppointments {
        code: String,
        n: u32,
    },
    /// Brings another authority's scenario in ([`super::regional::merge`]); `same` lists the
    /// (incoming, existing) supplier ids the user confirmed are one supplier.
    MergeAuthority {
        from: Box<Scenario>,
        same: Vec<(String, String)>,
    },
    // The supplier register.
    /// Adds a supplier under a fresh id (its own `id` is ignored).
    AddSupplier(Box<Supplier>),
    /// Replaces the supplier with the same id.
    ReplaceSupplier(Box<Supplier>),
    RemoveSupplier(String),
    /// Removes several suppliers at once (one undoable step).
    RemoveSuppliers(Vec<String>),
    ImportSuppliers {
        suppliers: Vec<Supplier>,
        mode: ImportMode,
    },
    SetPolicy(Policy),
    ResetPolicy,
    // Rules.
    SetRule(Rule),
    // Projection over the contract years.
    SetRate {
        rate: Rate,
        value: f64,
    },
    SetCapToBudget(bool),
    /// The 2008-15 trend in the 2014 LaingBuisson report for the Department for Education (`Projection::seed_report_trend`).
    UseTrend,
    ResetProjection,
    /// Gives area `code` rates of its own, starting from the general ones.
    AddAreaRates(String),
    /// Area `code`'s own demand growth or price inflation.
    SetAreaRate {
        code: String,
        rate: Rate,
        value: f64,
    },
    RemoveAreaRates(String),
    AddMarketChange(MarketChange),
    /// Removes the market change at this position.
    RemoveMarketChange(usize),
    // The procurement (none of these changes the lot problem).
    /// The law the procurement runs under (the whole workspace).
    SetRegime(Regime),
    /// Whether service area `code` is a light touch service.
    SetLightTouch {
        code: String,
        on: bool,
    },
    /// A free-text field of the decision record (cleaned; refused when too long).
    SetRecordText {
        field: RecordText,
        text: String,
    },
    /// The most lots a supplier may bid for; `None` for every lot.
    SetMaxLotsBid(Option<u32>),
    /// The lots that may be combined when awarding.
    SetLotGroups(Vec<LotGroup>),
    /// The contract model: term, extensions, start date.
    SetContract(ContractField),
    // Scenarios.
    /// Adds a scenario, blank or a copy of the example (`Duplicate` copies one of the user's).
    NewScenario(Start),
    DuplicateScenario(usize),
    RenameScenario {
        index: usize,
        name: String,
    },
    DeleteScenario(usize),
    SelectScenario(usize),
    /// Replaces the whole workspace (opening a file).
    ReplaceWorkspace(Box<Workspace>),
}

impl Edit {
    /// Whether the edit changes what a plan is made from. Renaming or choosing a scenario does
    /// not, so a plan made before one of these is still the plan of its scenario.
    pub fn changes_inputs(&self) -> bool {
        !matches!(
            self,
            Edit::RenameScenario { .. }
                | Edit::SelectScenario(_)
                | Edit::SetRegime(_)
                | Edit::SetLightTouch { .. }
                | Edit::SetRecordText { .. }
                | Edit::SetMaxLotsBid(_)
                | Edit::SetLotGroups(_)
                | Edit::SetContract(_)
                | Edit::SetBoundaries(_)
                | Edit::SetAuthorityBudget { .. }
        )
    }
}

impl Workspace {
    /// Applies `edit`: all of it, or (with the reason) none of it.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::NewScenario(start) => scenarios::new_scenario(self, start),
            Edit::DuplicateScenario(i) => scenarios::duplicate(self, i),
            Edit::RenameScenario { index, name } => scenarios::rename(self, index, &name),
            Edit::DeleteScenario(i) => scenarios::delete(self, i),
            Edit::SelectScenario(i) => scenarios::set_active(self, i),
            Edit::SetRegime(regime) => {
                self.regime = regime;
                Ok(())
            }
            Edit::ReplaceWorkspace(ws) => {
                if let Err(issues) = ws.validate() {
                    let first = issues.iter().next().map(ToString::to_string).unwrap_or_default();
                    let more = match issues.len() {
                        1 => String::new(),
                        n => format!(" ({} more problems)", n - 1),
                    };
                    return refuse(format!("The workspace cannot be used: {first}{more}."));
                }
                *self = *ws;
                Ok(())
            }
            edit => {
                let Some(sc) = self.active_scenario_mut() else {
                    return refuse("The workspace has no scenario to change.");
                };
                // Verbs check before they change anything, so a refused edit leaves `sc` as it was.
                apply_to_scenario(sc, edit)
            }
        }
    }
}

fn apply_to_scenario(sc: &mut Scenario, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetAuthority(text) => sc.service.authority = text.trim().to_string(),
        Edit::SetServiceName(text) => sc.service.name = text.trim().to_string(),
        Edit::SetBaseYear(year) => sc.service.base_year = in_range(year, 1900, 2200, "The base year")?,
        Edit::SetContractTerm(years) => {
            sc.service.contract_term_years = in_range(years, 1, 15, "The contract term")?;
            // The term in years is the one place the term is set; months then follow it.
            sc.contract.term_months = None;
        }
        Edit::SetSplit { axis, on } => structure::set_split(sc, axis, on),
        Edit::SetRetained { selector, on } => structure::set_retained(sc, selector, on),
        Edit::AddArea => drop(structure::add_area(sc)),
        Edit::RemoveArea(code) => structure::remove_area(sc, &code)?,
        Edit::RenameArea { code, to } => structure::rename_area(sc, &code, &to)?,
        Edit::SetAreaName { code, name } => structure::set_area_name(sc, &code, &name)?,
        Edit::SetAreaValue { code, value } => structure::set_area_value(sc, &code, non_negative(value, "A value")?)?,
        Edit::SetAreaRelevantCare { code, on } => structure::area_mut(sc, &code)?.relevant_care = on,
        Edit::SetTierShare { code, level, share } => structure::set_tier_share(sc, &code, level, share_of(share)?)?,
        Edit::AddFunction => drop(structure::add_function(sc)),
        Edit::RemoveFunction(code) => structure::remove_function(sc, &code)?,
        Edit::RenameFunction { code, to } => structure::rename_function(sc, &code, &to)?,
        Edit::SetFunctionName { code, name } => structure::function_mut(sc, &code)?.name = name.trim().to_string(),
        Edit::SetFunctionShare { code, share } => structure::function_mut(sc, &code)?.share = share_of(share)?,
        Edit::SetFunctionRelevantCare { code, on } => structure::function_mut(sc, &code)?.relevant_care = on,
        Edit::AddLocality => drop(structure::add_locality(sc)),
        Edit::RemoveLocality(name) => structure::remove_locality(sc, &name)?,
        Edit::RenameLocality { name, to } => structure::rename_locality(sc, &name, &to)?,
        Edit::SetLocalityWeight { name, weight } => {
            structure::locality_mut(sc, &name)?.weight = non_negative(weight, "A demand weight")?
        }
        Edit::SetAdjacent { a, b, on } => structure::set_adjacent(sc, &a, &b, on),
        Edit::SetAdjacency(pairs) => structure::set_adjacency(sc, pairs)?,
        Edit::SetBoundaries(b) => structure::set_boundaries(sc, b)?,
        Edit::AddAuthority(name) => drop(regional::add_authority(sc, &name)?),
        Edit::RemoveAuthority(name) => regional::remove_authority(sc, &name)?,
        Edit::RenameAuthority { name, to } => regional::rename_authority(sc, &name, &to)?,
        Edit::SetAuthorityValue { authority, code, value } => {
            regional::set_value(sc, &authority, &code, non_negative(value, "A value")?)?
        }
        Edit::SetLocalityAuthority { locality, authority } => {
            regional::set_locality_authority(sc, &locality, &authority)?
        }
        Edit::SetAuthorityBudget { authority, rate } => {
            let rate = rate.map(rate_of).transpose()?;
            let a = regional::authority_mut(sc, &authority)?;
            a.budget_change = rate;
        }
        Edit::SetAuthorityK { authority, k } => {
            if k == Some(0) {
                return refuse(format!("{authority} needs at least 1 credible bidder per lot."));
            }
            let a = regional::authority_mut(sc, &authority)?;
            a.k = k;
        }
        Edit::SetAuthorityVMax { authority, v_max } => {
            let rules = sc.rules.clone();
            let a = regional::authority_mut(sc, &authority)?;
            if let Some(v) = v_max {
                let v = non_negative(v, "The largest lot")?;
                let (smallest, _) = a.lot_band(&rules);
                if v < smallest || v > rules.v_max {
                    let whose = if smallest > rules.v_min { "its own smallest" } else { "the plan's smallest" };
                    return refuse(format!(
                        "{authority}'s largest lot must be between {whose} ({}) and the plan's largest ({}).",
                        crate::base::money::gbp_full(smallest),
                        crate::base::money::gbp_full(rules.v_max)
                    ));
                }
            }
            a.v_max = v_max;
        }
        Edit::SetAuthorityVMin { authority, v_min } => {
            let rules = sc.rules.clone();
            let a = regional::authority_mut(sc, &authority)?;
            if let Some(v) = v_min {
                let v = non_negative(v, "The smallest lot")?;
                let (_, largest) = a.lot_band(&rules);
                if v < rules.v_min || v > largest {
                    let whose = if largest < rules.v_max { "its own largest" } else { "the plan's largest" };
                    return refuse(format!(
                        "{authority}'s smallest lot must be between the plan's smallest ({}) and {whose} ({}).",
                        crate::base::money::gbp_full(rules.v_min),
                        crate::base::money::gbp_full(largest)
                    ));
                }
            }
            a.v_min = v_min;
        }
        Edit::SetAuthoritySmeOpen { authority, on } => {
            let a = regional::authority_mut(sc, &authority)?;
            a.sme_open = on;
        }
        Edit::SetCrossAuthority { code, on } => structure::area_mut(sc, &code)?.cross_authority = on,
        Edit::SetSmeOpen { code, on } => structure::area_mut(sc, &code)?.sme_open = on,
        Edit::SetAppointments { code, n } => {
            let most = super::procurement::MAX_APPOINTMENTS;
            if !(1..=most).contains(&n) {
                return refuse(format!(
                    "A lot appoints between 1 and {most} providers; use 1 for a lot awarded to one provider."
                ));
            }
            structure::area_mut(sc, &code)?.appointments = n;
        }
        Edit::MergeAuthority { from, same } => *sc = regional::checked_merge(sc, &from, &same)?.scenario,
        Edit::AddSupplier(supplier) => drop(register::add(&mut sc.suppliers, *supplier)),
        Edit::ReplaceSupplier(supplier) => register::replace(&mut sc.suppliers, *supplier)?,
        Edit::RemoveSupplier(id) => {
            register::remove(&mut sc.suppliers, &id)?;
            sc.projection.market.retain(|m| m.supplier != id);
        }
        Edit::RemoveSuppliers(ids) => {
            if let Some(missing) = ids.iter().find(|id| !sc.suppliers.iter().any(|s| s.id == **id)) {
                return refuse(format!("There is no supplier {missing:?} in the register."));
            }
            sc.suppliers.retain(|s| !ids.contains(&s.id));
            sc.projection.market.retain(|m| !ids.contains(&m.supplier));
        }
        Edit::ImportSuppliers { suppliers, mode } => {
            sc.suppliers = register::merge(&sc.suppliers, suppliers, mode);
            let ids: Vec<&str> = sc.suppliers.iter().map(|s| s.id.as_str()).collect();
            sc.projection.market.retain(|m| ids.contains(&m.supplier.as_str()));
        }
        Edit::SetPolicy(setting) => set_policy(&mut sc.capacity_policy, setting)?,
        Edit::ResetPolicy => sc.capacity_policy = CapacityPolicy::default(),
        Edit::SetRule(rule) => set_rule(sc, rule)?,
        Edit::SetRate { rate, value } => {
            let value = rate_of(value)?;
            let p = &mut sc.projection;
            *match rate {
                Rate::DemandGrowth => &mut p.demand_growth,
                Rate::PriceInflation => &mut p.price_inflation,
                Rate::BudgetChange => &mut p.budget_change,
            } = value;
        }
        Edit::SetCapToBudget(on) => sc.projection.cap_to_budget = on,
        Edit::UseTrend => {
            let t = Projection::seed_report_trend();
            let p = &mut sc.projection;
            (p.demand_growth, p.price_inflation, p.budget_change) =
                (t.demand_growth, t.price_inflation, t.budget_change);
        }
        Edit::ResetProjection => sc.projection = Projection::default(),
        Edit::AddAreaRates(code) => {
            structure::area_mut(sc, &code)?;
            let p = &mut sc.projection;
            let rates =
                AreaProjection { demand_growth: Some(p.demand_growth), price_inflation: Some(p.price_inflation) };
            p.areas.entry(code).or_insert(rates);
        }
        Edit::SetAreaRate { code, rate, value } => {
            let value = rate_of(value)?;
            let Some(own) = sc.projection.areas.get_mut(&code) else {
                return refuse(format!("Service area {code:?} has no rates of its own to change."));
            };
            match rate {
                Rate::DemandGrowth => own.demand_growth = Some(value),
                Rate::PriceInflation => own.price_inflation = Some(value),
                Rate::BudgetChange => return refuse("The budget changes for the whole service, not per area."),
            }
        }
        Edit::RemoveAreaRates(code) => drop(sc.projection.areas.remove(&code)),
        Edit::AddMarketChange(change) => add_market_change(sc, change)?,
        Edit::RemoveMarketChange(i) => {
            if i >= sc.projection.market.len() {
                return refuse("That market change is no longer in the list.");
            }
            sc.projection.market.remove(i);
        }
        Edit::SetLightTouch { code, on } => structure::area_mut(sc, &code)?.light_touch = on,
        Edit::SetRecordText { field, text } => {
            let text = procurement::clean_text(&text, field.title())?;
            *match field {
                RecordText::WhyLots => &mut sc.record.why_lots,
                RecordText::NoDivision => &mut sc.record.no_division,
                RecordText::TieBreak => &mut sc.record.tie_break,
            } = text;
        }
        Edit::SetMaxLotsBid(Some(0)) => return refuse("A supplier must be allowed to bid for at least 1 lot."),
        Edit::SetMaxLotsBid(n) => sc.record.max_lots_bid = n,
        Edit::SetLotGroups(groups) => sc.record.lot_groups = procurement::check_groups(groups)?,
        Edit::SetContract(field) => procurement::set_contract(&mut sc.contract, field)?,
        Edit::SetRegime(_)
        | Edit::NewScenario(_)
        | Edit::DuplicateScenario(_)
        | Edit::RenameScenario { .. }
        | Edit::DeleteScenario(_)
        | Edit::SelectScenario(_)
        | Edit::ReplaceWorkspace(_) => unreachable!("workspace edits are applied by Workspace::apply"),
    }
    Ok(())
}

fn rate_of(value: f64) -> Result<f64, EditError> {
    let range = super::validate::RATE_RANGE;
    if value.is_finite() && range.contains(&value) {
        Ok(value)
    } else {
        refuse(format!("A yearly rate must be between {}% and {}%.", range.start() * 100.0, range.end() * 100.0))
    }
}

fn share_of(share: f64) -> Result<f64, EditError> {
    if (0.0..=1.0).contains(&share) {
        Ok(share)
    } else {
        refuse("A share must be between 0% and 100%.")
    }
}

fn non_negative(value: f64, what: &str) -> Result<f64, EditError> {
    if value.is_finite() && (0.0..=crate::base::money::MAX).contains(&value) {
        Ok(value)
    } else {
        refuse(format!("{what} must be zero or more, and at most a trillion."))
    }
}

fn in_range<T: PartialOrd + fmt::Display + Copy>(value: T, min: T, max: T, what: &str) -> Result<T, EditError> {
    if value >= min && value <= max {
        Ok(value)
    } else {
        refuse(format!("{what} must be from {min} to {max}."))
    }
}

fn set_rule(sc: &mut Scenario, rule: Rule) -> Result<(), EditError> {
    let r = &mut sc.rules;
    match rule {
        Rule::K(0) => return refuse("At least 1 credible bidder per lot is needed."),
        Rule::K(k) => r.k = k,
        Rule::M(0) => return refuse("A supplier must be allowed at least 1 lot."),
        Rule::M(m) => r.m = m,
        Rule::SmallestLot(v) => r.v_min = non_negative(v, "The smallest lot")?,
        Rule::LargestLot(v) if v > 0.0 => r.v_max = non_negative(v, "The largest lot")?,
        Rule::LargestLot(_) => return refuse("The largest lot must be more than £0."),
        Rule::MixServiceAreas(on) => r.mix_service_areas = on,
        Rule::MPerGroup(on) => r.m_per_group = on,
    }
    Ok(())
}

fn set_policy(p: &mut CapacityPolicy, setting: Policy) -> Result<(), EditError> {
    let ratio = |v: f64| {
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            refuse("A share of turnover must be between 0% and 100%.")
        }
    };
    match setting {
        Policy::TurnoverRatio(v) => p.turnover_ratio = ratio(v)?,
        Policy::WeakAssetsRatio(v) => p.weak_assets_ratio = ratio(v)?,
        Policy::EquityMultiple(v) if v.is_finite() && (0.0..=100.0).contains(&v) => p.equity_multiple = v,
        Policy::EquityMultiple(_) => return refuse("The multiple of equity must be between 0 and 100."),
        Policy::AddGuarantees(on) => p.add_guarantees = on,
        Policy::SubtractCommitted(on) => p.subtract_committed = on,
        Policy::PoolConsortia(on) => p.pool_consortia = on,
        Policy::MembersBidAlone(on) => p.members_bid_alone = on,
        Policy::MaxNetDebtToEbitda(v) if v.is_finite() && (0.0..=100.0).contains(&v) => {
            p.max_net_debt_to_ebitda = (v > 0.0).then_some(v)
        }
        Policy::MaxNetDebtToEbitda(_) => {
            return refuse("The limit on net debt must be between 0 (not checked) and 100 times EBITDA.")
        }
        Policy::MinCurrentRatio(v) if v.is_finite() && (0.0..=100.0).contains(&v) => {
            p.min_current_ratio = (v > 0.0).then_some(v)
        }
        Policy::MinCurrentRatio(_) => return refuse("The current ratio must be between 0 (not checked) and 100."),
        Policy::ConcernReduction(v) => p.concern_reduction = ratio(v)?,
    }
    Ok(())
}

fn add_market_change(sc: &mut Scenario, change: MarketChange) -> Result<(), EditError> {
    if !sc.suppliers.iter().any(|s| s.id == change.supplier) {
        return refuse(format!("There is no supplier {:?} in the register.", change.supplier));
    }
    if let Some(growth) = change.capacity_growth {
        rate_of(growth)?;
    }
    if change.leaves_from_year.is_none() && change.capacity_growth.is_none() {
        return refuse("Say when the supplier leaves or how its capacity changes.");
    }
    sc.projection.market.push(change);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    fn ws() -> Workspace {
        Workspace::default_workspace()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_refused_edit_changes_nothing() {
        let start = ws();
        let mut w = start.clone();
        for edit in [
            Edit::RemoveArea("NOPE".into()),
            Edit::RenameLocality { name: "North".into(), to: " ".into() },
            Edit::SetRule(Rule::M(0)),
            Edit::SetRule(Rule::LargestLot(-1.0)),
            Edit::SetTierShare { code: "FOST".into(), level: 0, share: 1.5 },
            Edit::SetRate { rate: Rate::DemandGrowth, value: f64::NAN },
            Edit::SetContractTerm(40),
            Edit::RemoveSupplier("NOBODY".into()),
            Edit::RemoveSuppliers(vec!["NOBODY".into()]),
            Edit::DeleteScenario(7),
            Edit::AddMarketChange(MarketChange { supplier: "NOBODY".into(), ..MarketChange::default() }),
            Edit::ReplaceWorkspace(Box::new(Workspace { scenarios: Vec::new(), ..ws() })),
            Edit::SetRecordText { field: RecordText::WhyLots, text: "x".repeat(1 << 20) },
            Edit::SetMaxLotsBid(Some(0)),
            Edit::SetLotGroups(vec![LotGroup { lots: vec!["L1".into()], max_value: None }]),
            Edit::SetContract(ContractField::TermMonths(0)),
            Edit::SetContract(ContractField::StartDate("31/04/2026".into())),
            Edit::SetLightTouch { code: "NOPE".into(), on: false },
        ] {
            let shown = format!("{edit:?}");
            let err = w.apply(edit).expect_err(&shown);
            assert!(err.0.ends_with('.'), "{shown}: a sentence, got {err}");
            assert_eq!(w, start, "{shown} changed the workspace");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn every_kind_of_edit_leaves_a_valid_workspace() {
        let mut w = ws();
        let supplier = w.active_scenario().suppliers[0].clone();
        let edits = vec![
            Edit::SetAuthority("  A county council ".into()),
            Edit::SetContractTerm(5),
            Edit::SetSplit { axis: Axis::Tier, on: true },
            Edit::AddArea,
            Edit::SetAreaName { code: "NEW".into(), name: "Short breaks".into() },
            Edit::SetAreaValue { code: "NEW".into(), value: 250_000.0 },
            Edit::SetAreaRelevantCare { code: "NEW".into(), on: true },
            Edit::AddLocality,
            Edit::SetAdjacent { a: "North".into(), b: "New locality".into(), on: true },
            Edit::SetLocalityWeight { name: "New locality".into(), weight: 2.0 },
            Edit::SetRule(Rule::K(3)),
            Edit::SetRule(Rule::SmallestLot(100_000.0)),
            Edit::SetPolicy(Policy::EquityMultiple(3.0)),
            Edit::UseTrend,
            Edit::AddAreaRates("FOST".into()),
            Edit::SetAreaRate { code: "FOST".into(), rate: Rate::DemandGrowth, value: 0.039 },
            Edit::AddMarketChange(MarketChange {
                supplier: supplier.id.clone(),
                leaves_from_year: Some(2),
                capacity_growth: None,
            }),
            Edit::RemoveSupplier(supplier.id.clone()),
            Edit::DuplicateScenario(0),
            Edit::RenameScenario { index: 1, name: "Growth".into() },
            Edit::SelectScenario(0),
            Edit::SetRegime(Regime::Pcr2015),
            Edit::SetLightTouch { code: "FOST".into(), on: false },
            Edit::SetRecordText { field: RecordText::TieBreak, text: "Highest score first\u{0}".into() },
            Edit::SetMaxLotsBid(Some(4)),
            Edit::SetLotGroups(vec![LotGroup { lots: vec!["L1".into(), "L2".into()], max_value: Some(9e6) }]),
            Edit::SetContract(ContractField::TermMonths(60)),
            Edit::SetContract(ContractField::ExtensionMonths(24)),
            Edit::SetContract(ContractField::StartDate("2026-04-01".into())),
        ];
        for edit in edits {
            let shown = format!("{edit:?}");
            w.apply(edit).unwrap_or_else(|e| panic!("{shown}: {e}"));
            w.validate().unwrap_or_else(|e| panic!("{shown}:\n{e}"));
        }
        let sc = w.active_scenario();
        assert_eq!(sc.service.authority, "A county council");
        assert!(sc.projection.market.is_empty(), "the removed supplier's market change went with it");
        assert_eq!(w.scenarios[1].name, "Growth");
        assert_eq!(sc.record.tie_break, "Highest score first");
        assert_eq!(w.regime, Regime::Pcr2015);
        assert_eq!(sc.term_months(), 60);
        let back = Workspace::from_json(&w.to_json()).expect("the record round-trips");
        assert_eq!(back, w);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_record_and_contract_never_make_a_plan_stale() {
        let mut w = ws();
        let before = w.active_scenario().plan_inputs();
        for edit in [
            Edit::SetRecordText { field: RecordText::WhyLots, text: "Because".into() },
            Edit::SetContract(ContractField::ExtensionMonths(12)),
            Edit::SetLightTouch { code: "FOST".into(), on: false },
        ] {
            assert!(!edit.changes_inputs());
            w.apply(edit).unwrap();
        }
        assert_eq!(w.active_scenario().plan_inputs(), before);
        w.apply(Edit::SetContract(ContractField::TermMonths(48))).unwrap();
        w.apply(Edit::SetContractTerm(3)).unwrap();
        assert_eq!(w.active_scenario().term_months(), 36, "setting the years sets the months");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn renaming_or_choosing_a_scenario_changes_no_input() {
        assert!(!Edit::RenameScenario { index: 0, name: "x".into() }.changes_inputs());
        assert!(!Edit::SelectScenario(0).changes_inputs());
        assert!(Edit::SetRule(Rule::K(2)).changes_inputs());
    }
}
