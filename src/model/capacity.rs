//! Balance sheet -> prudent capacity: the largest contract value (GBP per year) a supplier can
//! safely hold, with a plain explanation of how it was reached.
//!
//! The default policy (`LOT-MODEL.md`) is
//! `min(revenue / 2, max(revenue / 4, 2 x equity))`: at most half of turnover, falling to a
//! quarter of turnover where net assets are weak. A parent-company guarantee is added and
//! contracts already committed elsewhere are subtracted (never below zero) when the policy says
//! so. Consortia pool their members' capacity ([`consortia`]). When the policy says so, a
//! supplier whose financial standing is a concern ([`crate::model::standing`]) has a share of
//! its own capacity taken off before guarantees are added. Tangible fixed assets are recorded
//! for reference and not used: property and equipment are not cash to carry a contract.
//!
//! # Example
//! ```
//! use lotwise::model::{CapacityPolicy, Supplier};
//! let bridge = Supplier {
//!     id: "BTB".into(), revenue: Some(21_238_241.0), equity: Some(4_037_028.0),
//!     ..Supplier::default()
//! };
//! let c = lotwise::model::capacity::capacity(&bridge, &CapacityPolicy::default());
//! assert_eq!(c.value, 8_074_056.0);
//! assert!(c.explanation.starts_with("half of £21.2m turnover = £10.6m; net assets weak"));
//! ```

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use crate::base::money::gbp;
use crate::model::{CapacityPolicy, Supplier};

/// A supplier's (or consortium's) capacity with its reasoning.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// Whole GBP per year, >= 0.
    pub value: f64,
    /// The steps as one plain sentence, e.g. "half of £21.2m turnover = £10.6m; ...".
    pub explanation: String,
    /// The steps one by one, for tables.
    pub steps: Vec<Step>,
}

/// One step of a capacity calculation.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What was done, in words.
    pub text: String,
    /// The running result after this step, GBP.
    pub amount: f64,
}

/// A consortium: suppliers bidding together with pooled capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Consortium {
    /// The id suppliers give in their `consortium` field.
    pub id: String,
    /// The bidder id in the lot problem: `C:<id>`.
    pub bidder_id: String,
    /// "Consortium <id> (A + B)".
    pub name: String,
    /// Member supplier ids, in register order.
    pub members: Vec<String>,
    /// Sum of the members' capacities.
    pub capacity: Capacity,
    /// Union of the members' service areas (sorted).
    pub service_areas: Vec<String>,
    /// Union of the members' localities (sorted).
    pub localities: Vec<String>,
    /// Only when every member is not-for-profit.
    pub not_for_profit: bool,
}

/// The capacity of one supplier under `policy`.
pub fn capacity(supplier: &Supplier, policy: &CapacityPolicy) -> Capacity {
    let mut steps = base_steps(supplier, policy);
    let mut value = steps.last().map_or(0.0, |s| s.amount);
    if policy.concern_reduction > 0.0 && value > 0.0 {
        let standing = crate::model::standing::assess(supplier, policy);
        if standing.rating == crate::model::standing::Rating::Concern {
            value *= 1.0 - policy.concern_reduction.min(1.0);
            steps.push(Step {
                text: format!(
                    "less {} for financial concerns ({}) = {}",
                    crate::base::text::percent(policy.concern_reduction),
                    standing.reasons.join("; "),
                    gbp(value)
                ),
                amount: value,
            });
        }
    }
    if policy.add_guarantees {
        if let Some(g) = supplier.parent_guarantee.filter(|g| *g > 0.0) {
            value += g;
            steps.push(Step { text: format!("plus parent guarantee {} = {}", gbp(g), gbp(value)), amount: value });
        }
    }
    if policy.subtract_committed {
        if let Some(c) = supplier.committed.filter(|c| *c > 0.0) {
            let floored = (value - c).max(0.0);
            let note = if value - c < 0.0 { " (not below zero)" } else { "" };
            steps.push(Step {
                text: format!("less {} already committed = {}{note}", gbp(c), gbp(floored)),
                amount: floored,
            });
            value = floored;
        }
    }
    finish(value.round_ties_even(), steps)
}

/// Every consortium named in `suppliers`, by id, with pooled capacity: the sum of its members'
/// capacities; it may bid wherever any member may (union of areas and localities) and is
/// not-for-profit only if all members are.
pub fn consortia(suppliers: &[Supplier], policy: &CapacityPolicy) -> Vec<Consortium> {
    let mut groups: BTreeMap<&str, Vec<&Supplier>> = BTreeMap::new();
    for s in suppliers {
        if let Some(c) = s.consortium.as_deref().filter(|c| !c.trim().is_empty()) {
            groups.entry(c).or_default().push(s);
        }
    }
    groups.into_iter().map(|(id, members)| consortium(id, &members, policy)).collect()
}

fn consortium(id: &str, members: &[&Supplier], policy: &CapacityPolicy) -> Consortium {
    let caps: Vec<(&Supplier, Capacity)> = members.iter().map(|s| (*s, capacity(s, policy))).collect();
    let total: f64 = caps.iter().map(|(_, c)| c.value).sum();
    let parts: Vec<String> = caps.iter().map(|(s, c)| format!("{} {}", label(s), gbp(c.value))).collect();
    let steps: Vec<Step> = caps
        .iter()
        .map(|(s, c)| Step { text: format!("{}: {}", label(s), c.explanation), amount: c.value })
        .chain(std::iter::once(Step { text: format!("pooled: {} = {}", parts.join(" + "), gbp(total)), amount: total }))
        .collect();
    let explanation = format!("consortium {id} pools its members' capacity: {} = {}", parts.join(" + "), gbp(total));
    let union = |f: fn(&Supplier) -> &Vec<String>| -> Vec<String> {
        members.iter().flat_map(|s| f(s).iter().cloned()).collect_set().into_iter().collect()
    };
    let names: Vec<&str> = members.iter().map(|s| label(s)).collect();
    Consortium {
        id: id.to_string(),
        bidder_id: format!("C:{id}"),
        name: format!("Consortium {id} ({})", names.join(" + ")),
        members: members.iter().map(|s| s.id.clone()).collect(),
        capacity: Capacity { value: total, explanation, steps },
        service_areas: union(|s| &s.service_areas),
        localities: union(|s| &s.localities),
        not_for_profit: members.iter().all(|s| s.not_for_profit),
    }
}

fn label(s: &Supplier) -> &str {
    if s.name.is_empty() {
        &s.id
    } else {
        &s.name
    }
}

/// The balance-sheet steps, ending with the base capacity (whole pounds).
fn base_steps(supplier: &Supplier, policy: &CapacityPolicy) -> Vec<Step> {
    let Some(revenue) = supplier.revenue.filter(|r| r.is_finite() && *r > 0.0) else {
        return vec![Step { text: "no turnover on record, so no capacity from its own accounts".into(), amount: 0.0 }];
    };
    let turnover = policy.turnover_ratio * revenue;
    let weak = policy.weak_assets_ratio * revenue;
    let first = Step {
        text: format!("{} of {} turnover = {}", fraction(policy.turnover_ratio), gbp(revenue), gbp(turnover)),
        amount: turnover,
    };
    let second = assets_step(supplier.equity, turnover, weak, policy);
    let base = second.amount.round_ties_even();
    vec![first, Step { amount: base, ..second }]
}

fn assets_step(equity: Option<f64>, turnover: f64, weak: f64, policy: &CapacityPolicy) -> Step {
    let weak_words = format!("{} of turnover", fraction(policy.weak_assets_ratio));
    let Some(equity) = equity.filter(|e| e.is_finite()) else {
        let amount = turnover.min(weak);
        return Step {
            text: format!("equity not on record, treated as weak assets: {weak_words} = {}", gbp(amount)),
            amount,
        };
    };
    let backed = policy.equity_multiple * equity;
    let multiple = crate::base::text::number(policy.equity_multiple);
    if backed >= turnover {
        return Step {
            text: format!(
                "net assets strong ({multiple} x {} equity = {}), so the turnover limit stands: {}",
                gbp(equity),
                gbp(backed),
                gbp(turnover)
            ),
            amount: turnover,
        };
    }
    let amount = weak.max(backed).min(turnover);
    Step {
        text: format!(
            "net assets weak, so max({weak_words} = {}, {multiple} x {} equity = {}) = {}",
            gbp(weak),
            gbp(equity),
            gbp(backed),
            gbp(amount)
        ),
        amount,
    }
}

fn finish(value: f64, steps: Vec<Step>) -> Capacity {
    let mut text: Vec<String> = steps.iter().map(|s| s.text.clone()).collect();
    if steps.len() > 2 || steps.len() == 1 {
        text.push(format!("capacity {}", gbp(value)));
    }
    Capacity { value, explanation: text.join("; "), steps }
}

/// "half", "a quarter", else a percentage.
fn fraction(ratio: f64) -> String {
    if ratio == 0.5 {
        "half".into()
    } else if ratio == 0.25 {
        "a quarter".into()
    } else if ratio == 1.0 {
        "all".into()
    } else {
        format!("{}%", crate::base::text::number(crate::base::text::percent_value(ratio)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(revenue: f64, equity: Option<f64>) -> Supplier {
        Supplier { id: "S".into(), revenue: Some(revenue), equity, ..Supplier::default() }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn a_financial_concern_takes_its_share_off_only_when_the_policy_says_so() {
        let mut indebted = supplier(20_000_000.0, Some(10_000_000.0));
        indebted.net_debt = Some(30_000_000.0);
        indebted.ebitda = Some(5_000_000.0);
        indebted.parent_guarantee = Some(1_000_000.0);
        let shown = capacity(&indebted, &CapacityPolicy::default());
        assert_eq!(shown.value, 11_000_000.0, "half of turnover plus the guarantee: the concern is shown only");
        let policy = CapacityPolicy { concern_reduction: 0.25, ..CapacityPolicy::default() };
        let reduced = capacity(&indebted, &policy);
        // A quarter off the supplier's own £10m, then the parent's guarantee.
        assert_eq!(reduced.value, 8_500_000.0);
        assert!(
            reduced
                .explanation
                .contains("less 25% for financial concerns (net debt is 6.0 times EBITDA (your limit: 4.0))"),
            "{}",
            reduced.explanation
        );
        let fine = Supplier { net_debt: Some(1_000_000.0), ..indebted.clone() };
        assert_eq!(capacity(&fine, &policy).value, 11_000_000.0, "no concern, nothing taken off");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn strong_assets_take_half_of_turnover() {
        let c = capacity(&supplier(231_992_000.0, Some(225_770_000.0)), &CapacityPolicy::default());
        assert_eq!(c.value, 115_996_000.0);
        assert!(c.explanation.contains("net assets strong"), "{}", c.explanation);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn fraction_words() {
        assert_eq!(fraction(0.5), "half");
        assert_eq!(fraction(0.3), "30%");
    }
}
