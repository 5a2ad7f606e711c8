//! Places in a scenario a person can change, typed: where a validation problem is fixed, and
//! where a finding's fix is made. The UI turns a [`Target`] into a link (its step and the
//! element to focus); nothing finds a place by matching the words of a message.
//!
//! # Example
//! ```
//! use lotwise::model::target::{Step, Target};
//! use lotwise::model::Workspace;
//! let ws = Workspace::default_workspace();
//! let sc = ws.active_scenario();
//! let t = Target::of_path(sc, "scenario.tiers.split.FOST[2]");
//! assert_eq!(t, Target::TierShare { area: "FOST".into(), level: 3 });
//! assert_eq!(t.step(), Step::Service);
//! assert_eq!(t.label(sc), "Fostering services, tiers of need");
//! assert_eq!(Target::of_path(sc, "scenarios[0].rules.k").step(), Step::Rules);
//! ```

use super::{Scenario, ALL_LOCALITIES};

/// The steps a commissioner works through, in order: each is one part of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The service, its segments and what stays in-house.
    Service,
    /// The supplier register and the capacity policy.
    Suppliers,
    /// The lot rules.
    Rules,
    /// The proposed lots (and the solve's time limit).
    Plan,
    /// Scenarios and contract years.
    Scenarios,
}

/// A rule a person sets on the rules step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleField {
    /// At least k credible bidders per lot.
    MinBidders,
    /// At most m lots per supplier.
    MaxLotsPerSupplier,
    /// The smallest lot allowed (v_min).
    SmallestLot,
    /// The largest lot allowed (v_max).
    LargestLot,
    /// Whether lots may mix service areas.
    MixServiceAreas,
    /// Whether m applies to each supplier group.
    MaxLotsPerGroup,
    /// Which service areas' lots may cross authority borders.
    CrossAuthority,
    /// Which service areas' lots must each be open to an SME.
    SmeOpen,
    /// How many providers each lot of a service area appoints (framework lots).
    Appointments,
    /// In a regional plan, each authority's own rules (its k, smallest and largest lot, and
    /// lots open to an SME).
    AuthorityRules,
}

/// A place in a scenario (or the solve) that can be changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Authority,
    ServiceName,
    BaseYear,
    ContractTerm,
    TotalValue,
    Split,
    /// The list of service areas (adding one).
    Areas,
    AreaCode(String),
    AreaName(String),
    AreaValue(String),
    Tiers,
    /// An area's share at tier `level` (the tier's number, from 1).
    TierShare {
        area: String,
        level: u8,
    },
    Functions,
    FunctionCode(String),
    FunctionShare(String),
    Localities,
    LocalityName(String),
    LocalityWeight(String),
    /// Which localities border each other.
    Map,
    /// The authorities of a regional plan: their names, values and localities.
    Authorities,
    /// What stays in-house.
    InHouse,
    Suppliers,
    Supplier(String),
    CapacityPolicy,
    Rule(RuleField),
    Projection,
    /// The time the solver may take.
    TimeLimit,
    /// The scenario as a whole.
    Scenario,
}

impl Target {
    /// The step where this place is changed.
    pub fn step(&self) -> Step {
        use Target::*;
        match self {
            Suppliers | Supplier(_) | CapacityPolicy => Step::Suppliers,
            Rule(_) => Step::Rules,
            TimeLimit => Step::Plan,
            Projection => Step::Scenarios,
            _ => Step::Service,
        }
    }

    /// The place a validation path names (`scenarios[0].service_areas[2].annual_value`,
    /// `scenario.rules.k`, `tiers.split.FOST[1]`): the path's structure, read field by field.
    pub fn of_path(sc: &Scenario, path: &str) -> Target {
        let path = strip_scenario(path);
        let (head, index, field) = split_index(path);
        let top = path.split(['.', '[']).next().unwrap_or("");
        let area_code = |i: usize| sc.service_areas.get(i).map(|a| a.code.clone()).unwrap_or_default();
        match (head, index) {
            ("service.contract_term_years", _) => Target::ContractTerm,
            ("service.base_year", _) => Target::BaseYear,
            ("service.annual_value", _) => Target::TotalValue,
            ("service.authority", _) => Target::Authority,
            ("service.name", _) => Target::ServiceName,
            ("service_areas", Some(i)) => match field {
                "code" => Target::AreaCode(area_code(i)),
                "annual_value" => Target::AreaValue(area_code(i)),
                _ => Target::AreaName(area_code(i)),
            },
            ("service_areas", None) => Target::Areas,
            ("functions", Some(i)) => {
                let code = sc.functions.get(i).map(|f| f.code.clone()).unwrap_or_default();
                if field == "code" {
                    Target::FunctionCode(code)
                } else {
                    Target::FunctionShare(code)
                }
            }
            ("functions", None) => Target::Functions,
            ("localities", Some(i)) => {
                let name = sc.localities.get(i).map(|l| l.name.clone()).unwrap_or_default();
                if field == "weight" {
                    Target::LocalityWeight(name)
                } else if field == "authority" {
                    Target::Authorities
                } else {
                    Target::LocalityName(name)
                }
            }
            ("localities", None) => Target::Localities,
            _ => match top {
                "adjacency" | "boundaries" => Target::Map,
                // An authority's own rules are set on step 3; its name and values on step 1.
                "authorities" if matches!(field, "k" | "v_min" | "v_max" | "sme_open") => {
                    Target::Rule(RuleField::AuthorityRules)
                }
                "authorities" => Target::Authorities,
                "retained" => Target::InHouse,
                "split_by" => Target::Split,
                "suppliers" => match index {
                    Some(i) => sc.suppliers.get(i).map_or(Target::Suppliers, |s| Target::Supplier(s.id.clone())),
                    None => Target::Suppliers,
                },
                "capacity_policy" => Target::CapacityPolicy,
                "projection" => Target::Projection,
                "rules" => Target::Rule(rule_field(path.strip_prefix("rules.").unwrap_or(""))),
                "tiers" => tier_target(sc, path),
                _ => Target::Scenario,
            },
        }
    }

    /// The place in words, with the names the person gave things.
    pub fn label(&self, sc: &Scenario) -> String {
        let area = |code: &str| {
            sc.service_areas.iter().find(|a| a.code == code).map_or(code.to_string(), |a| non_empty(&a.name, &a.code))
        };
        let function = |code: &str| {
            sc.functions.iter().find(|f| f.code == code).map_or(code.to_string(), |f| non_empty(&f.name, &f.code))
        };
        match self {
            Target::Authority => "Commissioning authority".into(),
            Target::ServiceName => "Service name".into(),
            Target::BaseYear => "Base year".into(),
            Target::ContractTerm => "Contract term".into(),
            Target::TotalValue => "Total annual value".into(),
            Target::Split => "How the service is split".into(),
            Target::Areas => "Service areas".into(),
            Target::AreaCode(c) => format!("{} code", area(c)),
            Target::AreaName(c) => area(c),
            Target::AreaValue(c) => format!("{} annual value", area(c)),
            Target::Tiers => "Tiers of need".into(),
            Target::TierShare { area: c, .. } => format!("{}, tiers of need", area(c)),
            Target::Functions => "Functions".into(),
            Target::FunctionCode(c) => format!("{} code", function(c)),
            Target::FunctionShare(c) => format!("{} share", function(c)),
            Target::Localities => "Localities".into(),
            Target::LocalityName(n) => format!("{} name", non_empty(n, "Locality")),
            Target::LocalityWeight(n) => format!("{} demand weight", non_empty(n, "Locality")),
            Target::Map => "Borders between localities".into(),
            Target::Authorities => "Authorities".into(),
            Target::InHouse => "Work kept in-house".into(),
            Target::Suppliers => "Suppliers (step 2)".into(),
            Target::Supplier(id) => {
                let name = sc.suppliers.iter().find(|s| s.id == *id).map_or(id.as_str(), |s| s.name.as_str());
                format!("{} (step 2)", non_empty(name, id))
            }
            Target::CapacityPolicy => "Capacity policy (step 2)".into(),
            Target::Rule(r) => format!("{} (step 3)", rule_words(*r)),
            Target::Projection => "Assumptions for the contract years (step 5)".into(),
            Target::TimeLimit => "Time limit".into(),
            Target::Scenario => "Scenario".into(),
        }
    }
}

/// A rule in words, with its symbol: "Smallest lot allowed (v_min)".
pub fn rule_words(r: RuleField) -> &'static str {
    match r {
        RuleField::MinBidders => "Credible bidders per lot, at least (k)",
        RuleField::MaxLotsPerSupplier => "Lots one supplier may win, at most (m)",
        RuleField::SmallestLot => "Smallest lot allowed (v_min)",
        RuleField::LargestLot => "Largest lot allowed (v_max)",
        RuleField::MixServiceAreas => "Lots may mix service areas",
        RuleField::MaxLotsPerGroup => "The lot limit (m) applies to each supplier group",
        RuleField::CrossAuthority => "Lots that may cross authority borders",
        RuleField::SmeOpen => "Lots open to at least one SME",
        RuleField::Appointments => "Providers appointed per lot (framework lots)",
        RuleField::AuthorityRules => "Rules by authority",
    }
}

fn rule_field(name: &str) -> RuleField {
    match name {
        "m" => RuleField::MaxLotsPerSupplier,
        "v_min" => RuleField::SmallestLot,
        "v_max" => RuleField::LargestLot,
        "mix_service_areas" => RuleField::MixServiceAreas,
        "m_per_group" => RuleField::MaxLotsPerGroup,
        "cross_authority" => RuleField::CrossAuthority,
        "sme_open" => RuleField::SmeOpen,
        "appointments" => RuleField::Appointments,
        _ => RuleField::MinBidders,
    }
}

/// `tiers.split.FOST[2]` is area FOST's share at the third tier; anything else under `tiers`
/// is the tiers of need as a whole.
fn tier_target(sc: &Scenario, path: &str) -> Target {
    let Some(rest) = path.strip_prefix("tiers.split.") else { return Target::Tiers };
    let (code, level, _) = split_index(rest);
    let number = sc.tiers.levels.get(level.unwrap_or(0)).map_or(1, |l| l.number);
    Target::TierShare { area: code.to_string(), level: number }
}

/// A path relative to its scenario: `scenarios[0].rules.k` and `scenario.rules.k` are `rules.k`.
fn strip_scenario(path: &str) -> &str {
    if let Some(rest) = path.strip_prefix("scenario.") {
        return rest;
    }
    match path.strip_prefix("scenarios[").and_then(|r| r.find("].").map(|at| &r[at + 2..])) {
        Some(rest) => rest,
        None => path,
    }
}

/// `name[3].field` -> (`name`, Some(3), `field`).
fn split_index(path: &str) -> (&str, Option<usize>, &str) {
    let Some(open) = path.find('[') else {
        return (path, None, "");
    };
    let close = path[open..].find(']').map_or(path.len(), |c| open + c);
    let index = path.get(open + 1..close).and_then(|s| s.parse().ok());
    let rest = path.get(close + 1..).unwrap_or("").trim_start_matches('.');
    (&path[..open], index, rest)
}

fn non_empty(a: &str, b: &str) -> String {
    if a.trim().is_empty() || a == ALL_LOCALITIES {
        b.to_string()
    } else {
        a.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn every_validation_problem_of_a_broken_scenario_has_a_place_in_its_step() {
        let mut ws = Workspace::default_workspace();
        let sc = &mut ws.scenarios[0];
        sc.rules.v_min = sc.rules.v_max + 1.0;
        sc.service_areas[0].annual_value = -1.0;
        sc.localities[1].weight = f64::NAN;
        sc.tiers.split.insert(sc.service_areas[1].code.clone(), vec![0.9, 0.0, 0.0, 0.0]);
        sc.suppliers[2].revenue = Some(-5.0);
        sc.adjacency.push(("North".into(), "Nowhere".into()));
        let sc = ws.scenarios[0].clone();
        let issues = ws.validate().expect_err("broken");
        let steps: Vec<Step> = issues.iter().map(|i| Target::of_path(&sc, &i.path).step()).collect();
        for (issue, step) in issues.iter().zip(&steps) {
            let t = Target::of_path(&sc, &issue.path);
            assert_ne!(t, Target::Scenario, "{issue}: a place more precise than the scenario");
            assert!(!t.label(&sc).is_empty());
            let _ = step;
        }
        assert!(steps.contains(&Step::Rules) && steps.contains(&Step::Suppliers) && steps.contains(&Step::Service));
        let value = Target::of_path(&sc, "scenarios[0].service_areas[0].annual_value");
        assert_eq!(value, Target::AreaValue(sc.service_areas[0].code.clone()));
        assert_eq!(Target::of_path(&sc, "scenario.rules.v_min"), Target::Rule(RuleField::SmallestLot));
        assert_eq!(Target::of_path(&sc, "adjacency[7]"), Target::Map);
    }
}
