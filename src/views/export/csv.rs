//! CSV exports, one per table, safe to open in a spreadsheet.
//!
//! **Formula injection**: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would be run as a formula by Excel, LibreOffice or Google Sheets; such cells get a
//! leading `'` ([`csv_cell`]), which spreadsheets show as text. Numbers Lotwise writes itself
//! (money, counts) are never escaped, so negative numbers stay numbers. Money is written in
//! whole pounds without separators; ratios as decimals (0.75); yes/no cells as `Yes`/`No`.

use std::borrow::Cow;

use super::{tables, Cell, Plan, Table};
use crate::base::text::csv_cell;

/// The lots table as CSV.
pub fn lots(plan: &Plan) -> String {
    let [lots, _, _] = tables(plan);
    table(&lots)
}

/// The segments table as CSV.
pub fn segments(plan: &Plan) -> String {
    let [_, segments, _] = tables(plan);
    table(&segments)
}

/// The suppliers table as CSV.
pub fn suppliers(plan: &Plan) -> String {
    let [_, _, suppliers] = tables(plan);
    table(&suppliers)
}

/// Any table as CSV (RFC 4180 quoting, `\n` line ends).
pub fn table(t: &Table) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail; a failed record would only be left out.
    let _ = w.write_record(&t.headers);
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(|c| cell(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn cell(c: &Cell) -> Cow<'_, str> {
    match c {
        Cell::Text(s) => csv_cell(s),
        // `+ 0.0` turns -0 (the sum of nothing) into 0.
        Cell::Money(x) => Cow::Owned(format!("{:.0}", x + 0.0)),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Ratio(x) => Cow::Owned(format!("{:.4}", x + 0.0)),
        Cell::Bool(b) => Cow::Borrowed(if *b { "Yes" } else { "No" }),
        Cell::Empty => Cow::Borrowed(""),
    }
}
