//! Money: whole pounds per year, stored as `f64` (exact for every whole amount up to 2^53) and
//! written as JSON integers when whole, as the lot problem contract asks.

use serde::Serializer;

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
/// assert_eq!(lotwise::money::gbp(10_619_120.0), "£10.6m");
/// assert_eq!(lotwise::money::gbp(-2_241_748.0), "-£2.24m");
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
    let digits = if scaled >= 100.0 { 0 } else if scaled >= 10.0 { 1 } else { 2 };
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
