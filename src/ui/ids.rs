//! Element ids, built in one place: the field that shows a [`Target`] and the link that takes
//! the user there use the same function, so they cannot drift apart.

use crate::model::register::FormField;
use crate::model::target::{RuleField, Step, Target};

/// A string usable inside an element id: letters, digits and `_` kept, anything else `-`.
///
/// # Example
/// ```
/// assert_eq!(lotwise::ui::ids::slug("North East"), "North-East");
/// assert_eq!(lotwise::ui::ids::slug("FOST-T2-North"), "FOST-T2-North");
/// ```
pub fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
}

/// The id of the element that shows `target` (the field to focus when a link points there).
///
/// # Example
/// ```
/// use lotwise::model::target::{RuleField, Target};
/// use lotwise::ui::ids::of;
/// assert_eq!(of(&Target::AreaValue("FOST".into())), "area-FOST-value");
/// assert_eq!(of(&Target::Rule(RuleField::SmallestLot)), "rule-vmin");
/// ```
pub fn of(target: &Target) -> String {
    match target {
        Target::Authority => "service-authority".into(),
        Target::ServiceName => "service-name".into(),
        Target::BaseYear => "service-base-year".into(),
        Target::ContractTerm => "service-term".into(),
        Target::TotalValue => "service-total".into(),
        Target::Split => "split-area".into(),
        Target::Areas => "area-add".into(),
        Target::AreaCode(c) => format!("area-{}-code", slug(c)),
        Target::AreaName(c) => format!("area-{}-name", slug(c)),
        Target::AreaValue(c) => format!("area-{}-value", slug(c)),
        Target::Tiers => "tiers-title".into(),
        Target::TierShare { area, level } => format!("tier-{}-{level}", slug(area)),
        Target::Functions => "functions-title".into(),
        Target::FunctionCode(c) => format!("function-{}-code", slug(c)),
        Target::FunctionShare(c) => format!("function-{}-share", slug(c)),
        Target::Localities => "locality-add".into(),
        Target::LocalityName(n) => format!("locality-{}-name", slug(n)),
        Target::LocalityWeight(n) => format!("locality-{}-weight", slug(n)),
        Target::Map => "localities-title".into(),
        Target::Authorities => "authorities-title".into(),
        Target::InHouse => "segments-title".into(),
        Target::Suppliers => "add-supplier".into(),
        Target::Supplier(id) => format!("supplier-edit-{id}"),
        Target::CapacityPolicy => "policy-turnover".into(),
        Target::Rule(r) => rule(*r).into(),
        Target::Projection => "proj-growth".into(),
        Target::TimeLimit => "time-limit".into(),
        Target::Scenario => "main-content".into(),
    }
}

/// The id of a rule's field on the rules step.
pub fn rule(r: RuleField) -> &'static str {
    match r {
        RuleField::MinBidders => "rule-k",
        RuleField::MaxLotsPerSupplier => "rule-m",
        RuleField::SmallestLot => "rule-vmin",
        RuleField::LargestLot => "rule-vmax",
        RuleField::MixServiceAreas => "rule-mix",
        RuleField::MaxLotsPerGroup => "rule-m-group",
        RuleField::CrossAuthority => "rule-cross-authority",
        RuleField::SmeOpen => "rule-sme-open",
        RuleField::Appointments => "rule-appoint",
        RuleField::AuthorityRules => "rule-authorities",
    }
}

/// The id of a field of the supplier form (the fieldset's, for lists).
pub fn supplier_field(field: FormField) -> &'static str {
    match field {
        FormField::Name => "supplier-name",
        FormField::Revenue => "supplier-revenue",
        FormField::Equity => "supplier-equity",
        FormField::TangibleFixedAssets => "supplier-assets",
        FormField::ParentGuarantee => "supplier-guarantee",
        FormField::Committed => "supplier-committed",
        FormField::Consortium => "supplier-consortium",
        FormField::Group => "supplier-group",
        FormField::CompanyNumber => "supplier-company-number",
        FormField::NetDebt => "supplier-net-debt",
        FormField::Ebitda => "supplier-ebitda",
        FormField::CurrentAssets => "supplier-current-assets",
        FormField::CurrentLiabilities => "supplier-current-liabilities",
        FormField::ServiceAreas => "supplier-areas",
        FormField::Localities => "supplier-localities",
    }
}

/// The short name of a step, used in its tab's and panel's ids: `tab-rules`, `panel-rules`.
pub fn step(step: Step) -> &'static str {
    match step {
        Step::Service => "service",
        Step::Suppliers => "suppliers",
        Step::Rules => "rules",
        Step::Plan => "plan",
        Step::Scenarios => "scenarios",
    }
}

/// The id of a fix link: `fix-0-rules` (finding 0, the rules step), `fix-2-time`.
pub fn fix_link(finding: usize, target: &Target) -> String {
    let place = if *target == Target::TimeLimit { "time" } else { step(target.step()) };
    format!("fix-{finding}-{place}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_per_target() {
        let targets = [
            Target::AreaCode("A".into()),
            Target::AreaName("A".into()),
            Target::AreaValue("A".into()),
            Target::TierShare { area: "A".into(), level: 1 },
            Target::FunctionCode("A".into()),
            Target::FunctionShare("A".into()),
            Target::LocalityName("A".into()),
            Target::LocalityWeight("A".into()),
            Target::Rule(RuleField::MinBidders),
            Target::Rule(RuleField::LargestLot),
        ];
        let ids: std::collections::BTreeSet<String> = targets.iter().map(of).collect();
        assert_eq!(ids.len(), targets.len());
    }
}
