//! An Excel workbook (XLSX) of a plan: a Summary sheet, then Lots, Segments and Suppliers
//! (the same tables as the CSV files), written with `rust_xlsxwriter` to bytes in memory, so
//! it works in the browser as well as natively.
//!
//! Text is written as text cells (never as formulas), so no formula escaping is needed here;
//! strings longer than Excel's 32,767-character cell limit are cut short.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{summary, tables, Cell, Table};
use crate::base::error::Issues;
use crate::plan::problem::LotProblem;
use crate::plan::solution::Solution;

/// The sheet names, in order.
pub const SHEETS: [&str; 4] = ["Summary", "Lots", "Segments", "Suppliers"];

/// Excel's longest cell text.
const MAX_CELL_CHARS: usize = 32_767;

/// The workbook as XLSX bytes (a zip archive: the bytes start with `PK`).
pub fn workbook(problem: &LotProblem, solution: &Solution) -> Result<Vec<u8>, Issues> {
    build(problem, solution).map_err(|e| Issues::one("", format!("could not write the spreadsheet: {e}")))
}

fn build(problem: &LotProblem, solution: &Solution) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[0])?;
    sheet.write_string_with_format(0, 0, "Item", &styles.header)?;
    sheet.write_string_with_format(0, 1, "Value", &styles.header)?;
    for (r, (label, value)) in summary(problem, solution).into_iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_string(row, 0, label)?;
        write_cell(sheet, row, 1, &value, &styles)?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 60)?;
    for t in tables(problem, solution) {
        let sheet = book.add_worksheet();
        write_table(sheet, &t, &styles)?;
    }
    book.save_to_buffer()
}

struct Styles {
    header: Format,
    money: Format,
    ratio: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new().set_bold(),
            money: Format::new().set_num_format("£#,##0"),
            ratio: Format::new().set_num_format("0.0%"),
        }
    }
}

fn write_table(sheet: &mut Worksheet, t: &Table, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(t.name)?;
    for (c, h) in t.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &styles.header)?;
        sheet.set_column_width(c as u16, (h.len() as f64 + 2.0).max(12.0))?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            write_cell(sheet, r as u32 + 1, c as u16, cell, styles)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell, styles: &Styles) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => {
            let text: String = s.chars().take(MAX_CELL_CHARS).collect();
            sheet.write_string(row, col, text)?;
        }
        Cell::Money(x) => {
            sheet.write_number_with_format(row, col, *x, &styles.money)?;
        }
        Cell::Int(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Ratio(x) => {
            sheet.write_number_with_format(row, col, *x, &styles.ratio)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}
