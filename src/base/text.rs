//! The small words and numbers every sentence needs, written one way everywhere: counts with
//! their noun, percentages, durations, plain numbers typed by a person, and spreadsheet cells
//! made safe. Money has its own module, [`super::money`].

use std::borrow::Cow;

/// A count with its noun in the right number.
///
/// # Example
/// ```
/// use lotwise::base::text::plural;
/// assert_eq!(plural(1, "lot", "lots"), "1 lot");
/// assert_eq!(plural(0, "credible bidder", "credible bidders"), "0 credible bidders");
/// ```
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Items in words: "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            format!("{} and {}", rest.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

/// A share (0.45) as a whole percentage (45), the way figures are compared and printed.
pub fn whole_percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

/// A share as a whole percentage with its sign: `"45%"`.
///
/// # Example
/// ```
/// assert_eq!(lotwise::base::text::percent(0.454), "45%");
/// assert_eq!(lotwise::base::text::percent(-0.0001), "0%");
/// ```
pub fn percent(share: f64) -> String {
    format!("{}%", whole_percent(share))
}

/// A share (0.021) as the percentage a person reads and types (2.1), without float noise:
/// at most four decimals.
///
/// # Example
/// ```
/// use lotwise::base::text::{percent_value, share_value};
/// assert_eq!(percent_value(0.021), 2.1);
/// assert_eq!(percent_value(1.0 / 3.0), 33.3333);
/// assert_eq!(share_value(2.1), 0.021);
/// assert_eq!(share_value(percent_value(0.039)), 0.039);
/// ```
pub fn percent_value(share: f64) -> f64 {
    (share * 100.0 * 1e4).round() / 1e4 + 0.0
}

/// A percentage typed by a person (2.1) as the share the model stores (0.021).
pub fn share_value(percent: f64) -> f64 {
    (percent / 100.0 * 1e8).round() / 1e8 + 0.0
}

/// A duration for people: milliseconds under a second, else seconds to one decimal.
///
/// # Example
/// ```
/// use lotwise::base::text::seconds;
/// assert_eq!(seconds(0.25), "250 ms");
/// assert_eq!(seconds(3.21), "3.2 s");
/// ```
pub fn seconds(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.1} s")
    }
}

/// A plain number as short as it can be written, to at most six decimals: `"10"`, `"2.5"`,
/// `"0.333333"`.
///
/// # Example
/// ```
/// use lotwise::base::text::number;
/// assert_eq!(number(10.0), "10");
/// assert_eq!(number(2.5), "2.5");
/// assert_eq!(number(1.0 / 3.0), "0.333333");
/// assert_eq!(number(-0.0), "0");
/// ```
pub fn number(v: f64) -> String {
    let s = format!("{:.6}", v + 0.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Reads a plain number typed by a person (a count, a year, a percentage): digits with an
/// optional sign, decimal point, thousands separators, spaces and a trailing `%`. No
/// exponents, no units; money has [`super::money::parse`].
///
/// # Example
/// ```
/// use lotwise::base::text::parse_number;
/// assert_eq!(parse_number(" 1,250 "), Some(1250.0));
/// assert_eq!(parse_number("-2.5%"), Some(-2.5));
/// assert_eq!(parse_number("1e6"), None);
/// assert_eq!(parse_number("lots"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String =
        text.trim().trim_end_matches('%').chars().filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}')).collect();
    let digits = t.strip_prefix(['-', '\u{2212}']).unwrap_or(&t);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = digits.parse().ok()?;
    let v = if digits.len() < t.len() { -v } else { v };
    v.is_finite().then_some(v + 0.0)
}

/// A text cell made safe for a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (which a spreadsheet would run as a formula) gets a leading `'`.
///
/// # Example
/// ```
/// use lotwise::base::text::csv_cell;
/// assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_cell("\tcmd"), "'\tcmd");
/// assert_eq!(csv_cell("Fostering"), "Fostering");
/// ```
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A short, stable fingerprint of a text (FNV-1a, 64 bits, as 16 hex digits): the same text
/// gives the same fingerprint in every build and on every machine.
///
/// # Example
/// ```
/// use lotwise::base::text::fingerprint;
/// assert_eq!(fingerprint(""), "cbf29ce484222325");
/// assert_ne!(fingerprint("a"), fingerprint("b"));
/// ```
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// JSON without the whitespace between its tokens: `serde_json::to_string` of a value, made
/// from its `to_string_pretty` (the pretty writer's layout is the only difference). The page
/// writes JSON one way only, so each type's serialiser is built into it once.
///
/// # Example
/// ```
/// use lotwise::base::text::compact_json;
/// let pretty = "{\n  \"a b\": [\n    1,\n    \"c \\\" d\"\n  ],\n  \"e\": {}\n}";
/// assert_eq!(compact_json(pretty), r#"{"a b":[1,"c \" d"],"e":{}}"#);
/// ```
pub fn compact_json(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in pretty.chars() {
        if in_string {
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
        } else if c.is_ascii_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

/// The date `days` days after 1970-01-01, as `YYYY-MM-DD` (the proleptic Gregorian calendar;
/// Howard Hinnant's `civil_from_days`).
///
/// # Example
/// ```
/// use lotwise::base::text::civil_date;
/// assert_eq!(civil_date(0), "1970-01-01");
/// assert_eq!(civil_date(20_515), "2026-03-03");
/// assert_eq!(civil_date(11_016), "2000-02-29");
/// ```
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn percentages_have_no_float_noise() {
        assert_eq!(percent_value(0.05), 5.0);
        assert_eq!(percent_value(0.45), 45.0);
        assert_eq!(percent_value(0.022), 2.2);
        assert_eq!(percent_value(-0.01), -1.0);
        assert_eq!(share_value(-1.0), -0.01);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn lists_read_as_words() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn numbers_read_back_as_written() {
        for v in [0.0, 1.0, 2.5, 1250.0, -3.75] {
            assert_eq!(parse_number(&number(v)), Some(v));
        }
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("£5"), None, "money goes through money::parse");
    }
}
