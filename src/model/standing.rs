//! Financial standing beyond turnover and equity: a supplier's debt against its earnings and
//! its short-term assets against its short-term debts, rated against the limits the
//! commissioner sets in the capacity policy, with the reasons in words.
//!
//! Two ratios are read from optional figures of the register:
//! - **net debt to EBITDA**: how many years of earnings (before interest, tax, depreciation and
//!   amortisation) the supplier's borrowings less cash amount to; net debt with no positive
//!   EBITDA to service it is a concern whatever the limit;
//! - **current ratio**: current assets over current liabilities; below 1, the debts due within
//!   a year exceed what turns into cash within a year.
//!
//! Net liabilities (negative equity) are a concern too. The limits are the commissioner's
//! ([`crate::model::CapacityPolicy::max_net_debt_to_ebitda`] and
//! [`crate::model::CapacityPolicy::min_current_ratio`], 4 and 1 to start with): Lotwise does
//! not take them from the Cabinet Office guidance, which sets its own per contract tier. The
//! rating is a prompt to look closer, not a finding about the supplier.
//!
//! # Example
//! ```
//! use lotwise::model::{standing, CapacityPolicy, Supplier};
//! let indebted = Supplier {
//!     revenue: Some(50e6), equity: Some(5e6), net_debt: Some(60e6), ebitda: Some(10e6),
//!     ..Supplier::default()
//! };
//! let s = standing::assess(&indebted, &CapacityPolicy::default());
//! assert_eq!(s.rating, standing::Rating::Concern);
//! assert_eq!(s.reasons, ["net debt is 6.0 times EBITDA (your limit: 4.0)"]);
//! ```

use crate::base::money::gbp;
use crate::model::{CapacityPolicy, Supplier};

/// What the figures say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    /// None of the figures a ratio needs are known.
    NotAssessed,
    /// Every ratio that could be worked out is within the limits.
    NoConcern,
    /// At least one ratio is outside a limit, or equity is negative.
    Concern,
}

impl Rating {
    /// The rating in a few words, for the register.
    pub fn words(self) -> &'static str {
        match self {
            Rating::NotAssessed => "Not assessed",
            Rating::NoConcern => "No concern",
            Rating::Concern => "Financial concern",
        }
    }
}

/// The assessment of one supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub rating: Rating,
    /// The ratios worked out, in words ("net debt is 2.1 times EBITDA").
    pub ratios: Vec<String>,
    /// Why the rating is a concern, one reason each; empty otherwise.
    pub reasons: Vec<String>,
}

/// Rates `s` against `policy`'s limits.
pub fn assess(s: &Supplier, policy: &CapacityPolicy) -> Standing {
    let (mut ratios, mut reasons) = (Vec::new(), Vec::new());
    let mut assessed = false;
    if let (Some(debt), Some(ebitda)) = (s.net_debt, s.ebitda) {
        assessed = true;
        if ebitda > 0.0 {
            let times = debt / ebitda;
            let said = if debt <= 0.0 {
                format!("net cash of {} (no net debt)", gbp(-debt))
            } else {
                format!("net debt is {times:.1} times EBITDA")
            };
            match policy.max_net_debt_to_ebitda {
                Some(limit) if times > limit => reasons.push(format!("{said} (your limit: {limit:.1})")),
                _ => {}
            }
            ratios.push(said);
        } else if debt > 0.0 {
            let said = format!("net debt of {} with EBITDA of {}: no earnings to service it", gbp(debt), gbp(ebitda));
            reasons.push(said.clone());
            ratios.push(said);
        } else {
            ratios.push(format!("no net debt; EBITDA {}", gbp(ebitda)));
        }
    }
    if let (Some(assets), Some(liabilities)) = (s.current_assets, s.current_liabilities) {
        assessed = true;
        if liabilities > 0.0 {
            let ratio = assets / liabilities;
            let said = format!("current ratio {ratio:.2} (current assets over current liabilities)");
            match policy.min_current_ratio {
                Some(limit) if ratio < limit => reasons.push(format!("{said} (your limit: at least {limit:.2})")),
                _ => {}
            }
            ratios.push(said);
        } else {
            ratios.push("no current liabilities".into());
        }
    }
    if let Some(equity) = s.equity.filter(|e| *e < 0.0) {
        assessed = true;
        reasons.push(format!("net liabilities: equity and reserves are {}", gbp(equity)));
    }
    let rating = match (assessed, reasons.is_empty()) {
        (false, _) => Rating::NotAssessed,
        (true, true) => Rating::NoConcern,
        (true, false) => Rating::Concern,
    };
    Standing { rating, ratios, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(net_debt: Option<f64>, ebitda: Option<f64>, assets: Option<f64>, liabilities: Option<f64>) -> Supplier {
        Supplier {
            equity: Some(1e6),
            net_debt,
            ebitda,
            current_assets: assets,
            current_liabilities: liabilities,
            ..Supplier::default()
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn ratios_are_rated_against_the_policys_limits() {
        let p = CapacityPolicy::default();
        assert_eq!(assess(&supplier(None, None, None, None), &p).rating, Rating::NotAssessed);
        let fine = assess(&supplier(Some(20e6), Some(10e6), Some(3e6), Some(2e6)), &p);
        assert_eq!(fine.rating, Rating::NoConcern);
        assert_eq!(fine.ratios[0], "net debt is 2.0 times EBITDA");
        assert!(fine.ratios[1].starts_with("current ratio 1.50"));
        let illiquid = assess(&supplier(None, None, Some(1e6), Some(2e6)), &p);
        assert_eq!(
            illiquid.reasons,
            ["current ratio 0.50 (current assets over current liabilities) (your limit: at least 1.00)"]
        );
        // Debt with no earnings is a concern whatever the limit; net cash never is.
        let no_earnings = assess(
            &supplier(Some(5e6), Some(-1e6), None, None),
            &CapacityPolicy { max_net_debt_to_ebitda: None, ..p.clone() },
        );
        assert_eq!(no_earnings.rating, Rating::Concern);
        assert!(no_earnings.reasons[0].contains("no earnings to service it"));
        assert_eq!(assess(&supplier(Some(-5e6), Some(1e6), None, None), &p).rating, Rating::NoConcern);
        // No limit set: shown, not rated.
        let unlimited = CapacityPolicy { max_net_debt_to_ebitda: None, ..p.clone() };
        assert_eq!(assess(&supplier(Some(90e6), Some(1e6), None, None), &unlimited).rating, Rating::NoConcern);
        // Negative equity is a concern on its own.
        let mut negative = supplier(None, None, None, None);
        negative.equity = Some(-2e6);
        assert_eq!(assess(&negative, &p).rating, Rating::Concern);
    }
}
