//! The procurement side of a workspace: which law governs the procurement ([`Regime`]), the
//! lotting decision record of each scenario ([`Record`]) and its contract model
//! ([`Contract`]). All of it is optional in the file (`#[serde(default)]`), and none of it
//! changes the lot problem, so editing it never makes a plan stale.
//!
//! Lotwise states what the chosen law asks and what it computed; it never draws a legal
//! conclusion. Free text is cleaned before it is kept ([`clean_text`]): control characters
//! other than new lines and tabs are removed, and a field holds at most
//! [`MAX_TEXT_CHARS`] characters (a longer text is refused with a sentence saying so, so
//! nothing is cut off silently).
//!
//! # Example
//! ```
//! use lotwise::model::edit::Edit;
//! use lotwise::model::procurement::{RecordText, Regime};
//! use lotwise::model::Workspace;
//! let mut ws = Workspace::default_workspace();
//! assert_eq!(ws.regime, Regime::Pa2023);
//! ws.apply(Edit::SetRecordText { field: RecordText::NoDivision, text: "One\u{7} provider".into() })?;
//! assert_eq!(ws.active_scenario().record.no_division, "One provider");
//! let long = "x".repeat(1_000_000);
//! let refused = ws.apply(Edit::SetRecordText { field: RecordText::WhyLots, text: long }).unwrap_err();
//! assert!(refused.to_string().contains("at most 20,000 characters"));
//! # Ok::<_, lotwise::model::edit::EditError>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::base::error::{refuse, EditError, Issue};

/// The most providers one framework (multi-provider) lot may appoint.
pub const MAX_APPOINTMENTS: u32 = 50;

/// The Procurement Act 2023's turnover line for a small or medium-sized enterprise (section
/// 123: fewer than 250 staff and either turnover up to £44m or a balance sheet total up to
/// £38m).
pub const SME_REVENUE_LIMIT: f64 = 44_000_000.0;

/// Whether a supplier with this turnover counts as an SME by turnover: known and at most
/// [`SME_REVENUE_LIMIT`] (a register holds no staff numbers or balance sheet totals).
pub fn sme_by_turnover(revenue: Option<f64>) -> bool {
    revenue.is_some_and(|r| (0.0..=SME_REVENUE_LIMIT).contains(&r))
}

/// The most characters a free-text field of the record holds (about eight pages).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The most lot groups a record holds.
pub const MAX_LOT_GROUPS: usize = 50;

/// The longest contract term or extension, in months (the service term is at most 15 years).
pub const MAX_MONTHS: u32 = 180;

/// The law the procurement is run under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Regime {
    /// The Procurement Act 2023: procurements in England begun on or after 24 February 2025.
    #[default]
    Pa2023,
    /// The Public Contracts Regulations 2015: procurements begun before 24 February 2025.
    Pcr2015,
    /// Another regime (for example the Provider Selection Regime); Lotwise cites no law.
    #[serde(other)]
    Other,
}

impl Regime {
    /// Every regime, in the order the app offers them.
    pub const ALL: [Regime; 3] = [Regime::Pa2023, Regime::Pcr2015, Regime::Other];

    /// The regime's name in words.
    pub fn title(self) -> &'static str {
        match self {
            Regime::Pa2023 => "Procurement Act 2023",
            Regime::Pcr2015 => "Public Contracts Regulations 2015",
            Regime::Other => "Another regime",
        }
    }

    /// The word used in the file and in element values.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Pa2023 => "pa2023",
            Regime::Pcr2015 => "pcr2015",
            Regime::Other => "other",
        }
    }

    /// The regime for a word written by [`Regime::as_str`].
    pub fn from_word(word: &str) -> Option<Regime> {
        Regime::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

/// A scenario's lotting decision record: the reasons for the lots, the limits per supplier and
/// the lots that may be combined. Empty text means "not written yet"; the app offers a draft
/// made from the plan (`views::procurement::draft_reasons`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    /// Why the service is divided into these lots.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why_lots: String,
    /// The reasons for not dividing (PA2023 s.18), required when the plan has one lot.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub no_division: String,
    /// The most lots one supplier may bid for; `None` means every lot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_lots_bid: Option<u32>,
    /// How lots are given out when a supplier would win more than it may be awarded.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tie_break: String,
    /// Lots the buyer may award together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lot_groups: Vec<LotGroup>,
}

impl Record {
    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        *self == Record::default()
    }
}

/// Lots that may be combined when awarding, with an optional maximum value for the group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LotGroup {
    /// Lot ids of the plan (e.g. `L1`).
    pub lots: Vec<String>,
    /// The most the group may be worth over the whole term, GBP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<f64>,
}

/// A free-text field of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordText {
    WhyLots,
    NoDivision,
    TieBreak,
}

impl RecordText {
    /// The field's name in words, for messages.
    pub fn title(self) -> &'static str {
        match self {
            RecordText::WhyLots => "Why these lots",
            RecordText::NoDivision => "Reasons for not dividing into lots",
            RecordText::TieBreak => "How awards are decided beyond the maximum",
        }
    }
}

/// The contract each lot is let under: its term, optional extension and start date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Contract {
    /// The initial term in months; `None` means the service's term in years x 12.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// Optional extensions, in months in all (0 = none).
    #[serde(skip_serializing_if = "is_zero")]
    pub extension_months: u32,
    /// The planned start date, `YYYY-MM-DD`; empty when not decided.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub start_date: String,
}

impl Contract {
    /// True when every field is at its default.
    pub fn is_default(&self) -> bool {
        *self == Contract::default()
    }
}

/// A setting of the contract model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractField {
    /// The initial term in months (1 to [`MAX_MONTHS`]).
    TermMonths(u32),
    /// Extensions in months (0 to [`MAX_MONTHS`]).
    ExtensionMonths(u32),
    /// A date `YYYY-MM-DD`, or empty.
    StartDate(String),
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Removes control characters (keeping new lines and tabs, turning `\r\n` into `\n`) and
/// refuses text longer than [`MAX_TEXT_CHARS`] characters.
///
/// # Example
/// ```
/// use lotwise::model::procurement::clean_text;
/// assert_eq!(clean_text("a\u{0}b\r\nc\u{1b}[31m", "Notes").unwrap(), "ab\nc[31m");
/// assert!(clean_text(&"é".repeat(20_001), "Notes").is_err());
/// ```
pub fn clean_text(text: &str, what: &str) -> Result<String, EditError> {
    let count = text.chars().count();
    if count > MAX_TEXT_CHARS {
        return refuse(format!(
            "{what} is {} characters long; it can hold at most {} characters (about eight pages), so shorten it or keep the full text in a document of its own.",
            thousands(count),
            thousands(MAX_TEXT_CHARS)
        ));
    }
    Ok(text.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect())
}

/// Checks a start date `YYYY-MM-DD` (empty allowed).
pub fn check_date(text: &str) -> Result<String, EditError> {
    let t = text.trim();
    if t.is_empty() || valid_date(t) {
        Ok(t.to_string())
    } else {
        refuse(format!("{:?} is not a date: write it as YYYY-MM-DD, like 2026-04-01.", short(t)))
    }
}

fn valid_date(t: &str) -> bool {
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

/// Applies one change to the record's lot groups: every lot id non-empty and at most 20
/// characters, at least two lots per group, a maximum value zero or more.
pub fn check_groups(groups: Vec<LotGroup>) -> Result<Vec<LotGroup>, EditError> {
    if groups.len() > MAX_LOT_GROUPS {
        return refuse(format!("A record holds at most {MAX_LOT_GROUPS} lot groups."));
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, mut g)| {
            g.lots = g.lots.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            g.lots.dedup();
            if g.lots.len() < 2 {
                return refuse(format!("Lot group {} needs at least two lots to combine.", i + 1));
            }
            if g.lots.iter().any(|l| l.chars().count() > 20 || l.chars().any(char::is_control)) {
                return refuse(format!("Lot group {} names a lot that is not a lot id like L1.", i + 1));
            }
            if g.max_value.is_some_and(|v| !v.is_finite() || !(0.0..=crate::base::money::MAX).contains(&v)) {
                return refuse(format!(
                    "Lot group {}'s maximum value must be zero or more, and at most a trillion.",
                    i + 1
                ));
            }
            Ok(g)
        })
        .collect()
}

/// Reads lot groups typed one a line (or separated by `;`): the lots, then optionally "up to"
/// and a maximum value over the term: `L1, L2 up to £9m`.
///
/// # Example
/// ```
/// use lotwise::model::procurement::{groups_text, parse_groups};
/// let groups = parse_groups("L1, L2 up to £9m\nL3 L4").unwrap();
/// assert_eq!(groups[0].lots, ["L1", "L2"]);
/// assert_eq!(groups[0].max_value, Some(9_000_000.0));
/// assert_eq!(groups_text(&groups), "L1, L2 up to £9,000,000\nL3, L4");
/// assert!(parse_groups("L1 up to lots").unwrap_err().contains("line 1"));
/// ```
pub fn parse_groups(text: &str) -> Result<Vec<LotGroup>, String> {
    let mut groups = Vec::new();
    for (i, line) in text.split(['\n', ';']).map(str::trim).enumerate().filter(|(_, l)| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        let (lots, max) = match lower.find("up to") {
            Some(at) => (&line[..at], Some(&line[at + 5..])),
            None => (line, None),
        };
        let max_value = match max {
            Some(m) => crate::base::money::parse(m, crate::base::money::Sign::NotNegative)
                .map_err(|e| format!("Lot groups, line {}: {e}; write a value like £9m", i + 1))?,
            None => None,
        };
        let lots = lots.split([',', ' ', '+']).map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        groups.push(LotGroup { lots, max_value });
    }
    check_groups(groups).map_err(|e| e.0)
}

/// Lot groups as [`parse_groups`] reads them.
pub fn groups_text(groups: &[LotGroup]) -> String {
    let line = |g: &LotGroup| match g.max_value {
        Some(v) => format!("{} up to {}", g.lots.join(", "), crate::base::money::gbp_full(v)),
        None => g.lots.join(", "),
    };
    groups.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// Changes the contract model.
pub fn set_contract(c: &mut Contract, field: ContractField) -> Result<(), EditError> {
    match field {
        ContractField::TermMonths(m) if (1..=MAX_MONTHS).contains(&m) => c.term_months = Some(m),
        ContractField::TermMonths(_) => {
            return refuse(format!("The contract term must be from 1 to {MAX_MONTHS} months."))
        }
        ContractField::ExtensionMonths(m) if m <= MAX_MONTHS => c.extension_months = m,
        ContractField::ExtensionMonths(_) => {
            return refuse(format!("Extensions must be from 0 to {MAX_MONTHS} months in all."))
        }
        ContractField::StartDate(d) => c.start_date = check_date(&d)?,
    }
    Ok(())
}

/// Problems with a record and contract read from a file; paths start with `path`.
pub fn validate(record: &Record, contract: &Contract, path: &str, issues: &mut Vec<Issue>) {
    for (name, text) in
        [("why_lots", &record.why_lots), ("no_division", &record.no_division), ("tie_break", &record.tie_break)]
    {
        let count = text.chars().count();
        if count > MAX_TEXT_CHARS {
            issues.push(Issue::new(
                format!("{path}.record.{name}"),
                format!(
                    "is {} characters long; the most it may hold is {}",
                    thousands(count),
                    thousands(MAX_TEXT_CHARS)
                ),
            ));
        }
    }
    if record.max_lots_bid == Some(0) {
        issues
            .push(Issue::new(format!("{path}.record.max_lots_bid"), "must be at least 1 (leave it out for every lot)"));
    }
    if let Err(e) = check_groups(record.lot_groups.clone()) {
        issues.push(Issue::new(format!("{path}.record.lot_groups"), e.0.trim_end_matches('.').to_string()));
    }
    if contract.term_months.is_some_and(|m| !(1..=MAX_MONTHS).contains(&m)) {
        issues.push(Issue::new(format!("{path}.contract.term_months"), format!("must be from 1 to {MAX_MONTHS}")));
    }
    if contract.extension_months > MAX_MONTHS {
        issues.push(Issue::new(format!("{path}.contract.extension_months"), format!("must be from 0 to {MAX_MONTHS}")));
    }
    if !contract.start_date.is_empty() && !valid_date(&contract.start_date) {
        issues.push(Issue::new(format!("{path}.contract.start_date"), "must be a date written YYYY-MM-DD"));
    }
}

/// `1048576` -> `1,048,576`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn short(t: &str) -> String {
    t.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn dates_are_checked_day_by_day() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2025-02-29"));
        assert!(!valid_date("2025-13-01"));
        assert!(!valid_date("25-01-01"));
        assert!(!valid_date("2025-1-01"));
        assert_eq!(check_date(" 2026-04-01 ").unwrap(), "2026-04-01");
        assert!(check_date("next April").unwrap_err().0.contains("YYYY-MM-DD"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn text_keeps_lines_and_script_tags_as_text_and_drops_control_characters() {
        let t = clean_text("<script>alert(1)</script>\r\nline two\tend\u{8}\u{7f}", "Notes").unwrap();
        assert_eq!(t, "<script>alert(1)</script>\nline two\tend");
        assert!(clean_text(&"a".repeat(MAX_TEXT_CHARS), "Notes").is_ok());
        let e = clean_text(&"a".repeat(1 << 20), "Notes").unwrap_err();
        assert_eq!(
            e.0,
            "Notes is 1,048,576 characters long; it can hold at most 20,000 characters (about eight pages), so shorten it or keep the full text in a document of its own."
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn groups_need_two_lots_and_a_sane_value() {
        let g = |lots: &[&str], max_value| LotGroup { lots: lots.iter().map(|s| s.to_string()).collect(), max_value };
        assert!(check_groups(vec![g(&["L1"], None)]).is_err());
        assert!(check_groups(vec![g(&["L1", "L2"], Some(-1.0))]).is_err());
        assert!(check_groups(vec![g(&["L1", "L2"], Some(f64::NAN))]).is_err());
        let ok = check_groups(vec![g(&[" L1", "L2 ", ""], Some(5e6))]).unwrap();
        assert_eq!(ok[0].lots, ["L1", "L2"]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn regimes_read_unknown_words_as_other() {
        let r: Regime = serde_json::from_str("\"psr\"").unwrap();
        assert_eq!(r, Regime::Other);
        assert_eq!(Regime::from_word("pcr2015"), Some(Regime::Pcr2015));
        assert_eq!(serde_json::to_string(&Regime::Pa2023).unwrap(), "\"pa2023\"");
    }
}
