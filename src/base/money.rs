//! Money: whole pounds per year, stored as `f64` (exact for every whole amount up to 2^53) and
//! written as JSON integers when whole, as the lot problem contract asks.

use serde::Serializer;

use super::error::Issue;

/// Largest amount (GBP per year) accepted anywhere: a trillion pounds, far above any public
/// service, and small enough that sums of thousands of values stay exact in `f64`.
pub const MAX: f64 = 1e12;

/// Serialises a whole amount as an integer, anything else as a float.
pub fn ser<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        s.serialize_i64(*value as i64)
    } else {
        s.serialize_f64(*value)
    }
}

/// [`ser`] for optional amounts.
pub fn ser_opt<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => ser(v, s),
        None => s.serialize_none(),
    }
}

/// A short, readable amount: `£812`, `£45.3k`, `£10.6m`, `£1.23bn`.
///
/// # Example
/// ```
/// assert_eq!(lotwise::base::money::gbp(10_619_120.0), "£10.6m");
/// assert_eq!(lotwise::base::money::gbp(-2_241_748.0), "-£2.24m");
/// ```
pub fn gbp(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    let (scaled, unit) = if v >= 1e9 {
        (v / 1e9, "bn")
    } else if v >= 1e6 {
        (v / 1e6, "m")
    } else if v >= 1e4 {
        (v / 1e3, "k")
    } else {
        return format!("{sign}£{v:.0}");
    };
    let digits = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    format!("{sign}£{scaled:.digits$}{unit}")
}

/// Pounds with thousands separators: `£1,624,690`.
pub fn gbp_full(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let whole = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}£{out}")
}

/// Checks a money amount: finite, not absurd, positive (or zero where allowed).
pub fn check(value: f64, at: &str, zero_ok: bool, issues: &mut Vec<Issue>) {
    let fault = if !value.is_finite() {
        Some("must be a number of pounds".to_string())
    } else if value < 0.0 || (!zero_ok && value == 0.0) {
        Some(format!(
            "must be {} number of pounds, got {value}",
            if zero_ok { "a zero or positive" } else { "a positive" }
        ))
    } else if value > MAX {
        Some(format!("is implausibly large ({value:e} pounds); the most accepted is £1 trillion"))
    } else {
        None
    };
    if let Some(message) = fault {
        issues.push(Issue::new(at, message));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// Above zero (revenue).
    Positive,
    /// Zero or more (assets, guarantees, committed value).
    NotNegative,
    /// Any sign (equity).
    Any,
}

/// Reads an amount of pounds as people type it: `1,200,000`, `£1.2m`, `300k`, `2bn`,
/// `-2.2m` or `(2,241,748)`. Blank, `n/a` and `-` mean not known (`Ok(None)`). Rounded to
/// whole pounds. The error says what is wrong, quoting the text.
///
/// # Example
/// ```
/// use lotwise::base::money::{parse, Sign};
/// assert_eq!(parse("£1.2m", Sign::Positive), Ok(Some(1_200_000.0)));
/// assert_eq!(parse("(2,241,748)", Sign::Any), Ok(Some(-2_241_748.0)));
/// assert_eq!(parse("n/a", Sign::Positive), Ok(None));
/// assert!(parse("12x", Sign::Positive).is_err());
/// assert!(parse("1e6", Sign::Positive).is_err(), "no exponents: people do not type them");
/// ```
pub fn parse(text: &str, sign: Sign) -> Result<Option<f64>, String> {
    let t = text.trim();
    if matches!(t.to_ascii_lowercase().as_str(), "" | "n/a" | "na" | "-" | "none" | "unknown") {
        return Ok(None);
    }
    let not_a_number = || format!("\"{t}\" is not a number of pounds");
    let (negative, body) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (true, inner)
    } else if let Some(rest) = t.strip_prefix(['-', '\u{2212}']) {
        (true, rest)
    } else {
        (false, t)
    };
    let cleaned: String = body
        .chars()
        .filter(|c| !matches!(c, ',' | '£' | ' ' | '_' | '\u{a0}'))
        .collect::<String>()
        .to_ascii_lowercase();
    let cleaned = cleaned.strip_prefix("gbp").unwrap_or(&cleaned).to_string();
    let (digits, scale) = if let Some(d) = cleaned.strip_suffix("bn") {
        (d, 1e9)
    } else if let Some(d) = cleaned.strip_suffix('m') {
        (d, 1e6)
    } else if let Some(d) = cleaned.strip_suffix('k') {
        (d, 1e3)
    } else {
        (cleaned.as_str(), 1.0)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(not_a_number());
    }
    let v: f64 = digits.parse().map_err(|_| not_a_number())?;
    let v = (if negative { -v } else { v } * scale).round();
    if !v.is_finite() || v.abs() > MAX {
        return Err(format!("\"{t}\" is implausibly large; the most accepted is £1 trillion"));
    }
    match sign {
        Sign::Positive if v <= 0.0 => Err(format!("\"{t}\" must be more than £0; leave it blank if it is not known")),
        Sign::NotNegative if v < 0.0 => Err(format!("\"{t}\" cannot be negative")),
        _ => Ok(Some(v + 0.0)), // + 0.0 turns -0 into 0
    }
}
