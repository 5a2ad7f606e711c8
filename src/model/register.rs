//! The supplier register as a commissioner edits it: read suppliers from a spreadsheet (CSV),
//! write the register back out, add, remove and sort suppliers, and check the add/edit form.
//!
//! Pure functions over [`Supplier`]s, no UI. CSV import is all-or-nothing: [`parse_csv`]
//! returns either every supplier or every problem, each with the spreadsheet row (the header
//! is row 1) and the column at fault.
//!
//! Two header sets are read:
//! - Lotwise's own ([`COLUMNS`]): `name, ownership, not_for_profit, revenue, equity,
//!   tangible_fixed_assets, parent_guarantee, committed, service_areas, localities,
//!   consortium, group, net_debt, ebitda, current_assets, current_liabilities` (any order, only `name` required; `id`, `illustrative` and `vcse` optional);
//! - Table 5 of the 2014 LaingBuisson report for the Department for Education (`name, latest_annual_revenue_gbp, tangible_fixed_assets_gbp,
//!   total_equity_and_reserves_gbp, ownership`), where `ownership` names the owner
//!   ("Private company", "Charity", "Listed", or an investor such as "Graphite Capital").
//!
//! # Example
//! ```
//! use lotwise::model::{register, Workspace};
//! let ws = Workspace::default_workspace();
//! let scenario = ws.active_scenario();
//! let csv = "name,revenue,equity,service_areas,localities\nNew Care Ltd,£10m,3m,FOST,all\n";
//! let suppliers = register::parse_csv(csv, scenario).unwrap();
//! assert_eq!(suppliers[0].revenue, Some(10_000_000.0));
//! assert_eq!(suppliers[0].localities.len(), scenario.localities.len());
//!
//! let bad = "name,revenue\nA,12x\nB,5m\n";
//! let errors = register::parse_csv(bad, scenario).unwrap_err();
//! assert_eq!(errors[0].to_string(), "row 2, revenue: \"12x\" is not a number of pounds");
//! ```

use crate::base::sort;
use crate::base::sort::CollectTree;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use super::{CapacityPolicy, Ownership, Scenario, Supplier};
use crate::base::error::{refuse, EditError};
use crate::base::money::{parse as parse_money, Sign};
use crate::base::text::csv_cell;
use crate::model::capacity::capacity;

/// The columns Lotwise writes, in order ([`to_csv`]); `id` and `illustrative` follow them.
pub const COLUMNS: [&str; 17] = [
    "name",
    "ownership",
    "not_for_profit",
    "revenue",
    "equity",
    "tangible_fixed_assets",
    "parent_guarantee",
    "committed",
    "service_areas",
    "localities",
    "consortium",
    "group",
    "net_debt",
    "ebitda",
    "current_assets",
    "current_liabilities",
    "company_number",
];

/// The most rows one import reads (a register is tens of suppliers, not millions).
pub const MAX_ROWS: usize = 5_000;

/// One problem in an imported CSV: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Spreadsheet row number: the header is row 1, the first supplier row 2.
    pub row: usize,
    /// The column at fault, when there is one.
    pub column: Option<String>,
    /// What is wrong, e.g. `"12x" is not a number of pounds`.
    pub message: String,
}

impl RowError {
    fn new(row: usize, column: Option<&str>, message: impl Into<String>) -> RowError {
        RowError { row, column: column.map(String::from), message: message.into() }
    }

    /// "row 4, revenue" (or "row 4"): where the problem is.
    pub fn place(&self) -> String {
        match &self.column {
            Some(c) => format!("row {}, {c}", self.row),
            None => format!("row {}", self.row),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// What an import does with the suppliers already in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportMode {
    /// Keep them and add the imported ones after them.
    #[default]
    Add,
    /// Replace the whole register with the imported suppliers.
    Replace,
}

/// A field of a supplier, as read from a CSV column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Name,
    Ownership,
    NotForProfit,
    Revenue,
    Equity,
    TangibleFixedAssets,
    ParentGuarantee,
    Committed,
    ServiceAreas,
    Localities,
    Consortium,
    Group,
    NetDebt,
    Ebitda,
    CurrentAssets,
    CurrentLiabilities,
    CompanyNumber,
    Illustrative,
    Vcse,
}

fn field_for(header: &str) -> Option<Field> {
    let h: String =
        header.trim().to_ascii_lowercase().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect();
    Some(match h.as_str() {
        "id" => Field::Id,
        "name" | "supplier" | "provider" => Field::Name,
        "ownership" | "owner" => Field::Ownership,
        "not_for_profit" | "nfp" => Field::NotForProfit,
        "revenue" | "turnover" | "latest_annual_revenue_gbp" | "revenue_gbp" => Field::Revenue,
        "equity" | "total_equity_and_reserves_gbp" | "equity_gbp" | "net_assets" => Field::Equity,
        "tangible_fixed_assets" | "tangible_fixed_assets_gbp" => Field::TangibleFixedAssets,
        "parent_guarantee" | "guarantee" => Field::ParentGuarantee,
        "committed" | "committed_value" => Field::Committed,
        "service_areas" | "areas" => Field::ServiceAreas,
        "localities" => Field::Localities,
        "consortium" => Field::Consortium,
        "group" | "parent" | "parent_company" | "owner_group" => Field::Group,
        "net_debt" | "net_debt_gbp" => Field::NetDebt,
        "ebitda" | "ebitda_gbp" => Field::Ebitda,
        "current_assets" | "current_assets_gbp" => Field::CurrentAssets,
        "current_liabilities" | "current_liabilities_gbp" => Field::CurrentLiabilities,
        "company_number" | "company_no" | "company_registration_number" | "crn" | "charity_number" => {
            Field::CompanyNumber
        }
        "illustrative" => Field::Illustrative,
        "vcse" => Field::Vcse,
        _ => return None,
    })
}

/// Reads suppliers from CSV text (comma- or tab-separated, as pasted from a spreadsheet).
///
/// Returns every supplier, or every problem found (nothing half-way). Service areas are codes
/// (or names) of `scenario`'s areas and localities its locality names, separated by `;`;
/// `all` means every one. Money accepts `1,200,000`, `£1.2m`, `300k`; blank or `n/a` means not
/// known. Imported suppliers get ids unique among themselves; [`merge`] makes them unique in
/// the register.
pub fn parse_csv(text: &str, scenario: &Scenario) -> Result<Vec<Supplier>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![RowError::new(1, None, "there is nothing to import: paste CSV text or choose a file")]);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());

    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![RowError::new(1, None, format!("the header row cannot be read: {e}"))]),
        None => return Err(vec![RowError::new(1, None, "there is no header row")]),
    };
    let (fields, table5, mut errors) = read_header(&header);
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut suppliers = Vec::new();
    let mut ids = BTreeSet::new();
    for (n, record) in records.enumerate() {
        let fallback_row = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(fallback_row, |p| p.line() as usize);
                errors.push(RowError::new(row, None, format!("this row cannot be read as CSV: {e}")));
                continue;
            }
        };
        let row = record.position().map_or(fallback_row, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines between rows
        }
        if suppliers.len() + errors.len() >= MAX_ROWS {
            errors.push(RowError::new(
                row,
                None,
                format!("an import can hold at most {MAX_ROWS} suppliers; split the file"),
            ));
            break;
        }
        if record.len() > fields.len() {
            errors.push(RowError::new(
                row,
                None,
                format!(
                    "this row has {} cells but the header has {} columns; a name with a comma in it needs quotes, like \"Smith, Jones Ltd\"",
                    record.len(),
                    fields.len()
                ),
            ));
            continue;
        }
        let cells: Vec<(Field, &str, &str)> =
            fields.iter().enumerate().map(|(i, (f, h))| (*f, h.as_str(), record.get(i).unwrap_or("").trim())).collect();
        match read_row(row, &cells, table5, scenario) {
            Ok(mut s) => {
                let id = if s.id.is_empty() || ids.contains(&s.id) { new_id(&s.name, &ids) } else { s.id.clone() };
                ids.insert(id.clone());
                s.id = id;
                suppliers.push(s);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() && suppliers.is_empty() {
        errors.push(RowError::new(2, None, "there are no supplier rows under the header"));
    }
    if errors.is_empty() {
        Ok(suppliers)
    } else {
        Err(errors)
    }
}

/// Maps header cells to fields; says whether it is the Table 5 header set.
fn read_header(header: &csv::StringRecord) -> (Vec<(Field, String)>, bool, Vec<RowError>) {
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for cell in header.iter() {
        let name = cell.trim().trim_start_matches('\'');
        match field_for(name) {
            Some(f) if seen.contains(&f) => {
                errors.push(RowError::new(1, Some(name), "this column appears twice; keep one"));
            }
            Some(f) => {
                seen.push(f);
                fields.push((f, name.to_string()));
            }
            None if name.is_empty() => errors.push(RowError::new(
                1,
                None,
                "a column has no heading; every column needs one (or delete the empty column)",
            )),
            None => errors.push(RowError::new(
                1,
                Some(name),
                format!("Lotwise does not know this column; the columns are {}", COLUMNS.join(", ")),
            )),
        }
    }
    if !seen.contains(&Field::Name) && errors.is_empty() {
        errors.push(RowError::new(
            1,
            None,
            format!("there is no name column; the first row must be the headings: {}", COLUMNS.join(", ")),
        ));
    }
    let table5 = header.iter().any(|h| h.trim().eq_ignore_ascii_case("latest_annual_revenue_gbp"));
    (fields, table5, errors)
}

fn read_row(
    row: usize,
    cells: &[(Field, &str, &str)],
    table5: bool,
    scenario: &Scenario,
) -> Result<Supplier, Vec<RowError>> {
    let mut s = Supplier::default();
    let mut errors = Vec::new();
    let mut not_for_profit = None;
    for &(field, column, raw) in cells {
        let cell = unescape(raw);
        let mut fail = |message: String| errors.push(RowError::new(row, Some(column), message));
        match field {
            Field::Id => s.id = cell.to_string(),
            Field::Name => {
                if cell.is_empty() {
                    fail("the name is empty; every supplier needs one".into());
                }
                s.name = cell.to_string();
            }
            Field::Ownership => match parse_ownership(cell, table5) {
                Some(o) => s.ownership = o,
                None => fail(format!(
                    "\"{cell}\" is not an ownership Lotwise knows; use listed, private, pe, charity, mutual, public or other"
                )),
            },
            Field::NotForProfit => match parse_yes_no(cell) {
                Ok(v) => not_for_profit = v,
                Err(m) => fail(m),
            },
            Field::Illustrative => match parse_yes_no(cell) {
                Ok(v) => s.illustrative = v.unwrap_or(false),
                Err(m) => fail(m),
            },
            Field::Vcse => match parse_yes_no(cell) {
                Ok(v) => s.vcse = v.unwrap_or(false),
                Err(m) => fail(m),
            },
            Field::Revenue => s.revenue = money_cell(cell, Sign::Positive).unwrap_or_else(|m| {
                fail(m);
                None
            }),
            Field::Equity => s.equity = money_cell(cell, Sign::Any).unwrap_or_else(|m| {
                fail(m);
                None
            }),
            Field::TangibleFixedAssets => {
                s.tangible_fixed_assets = money_cell(cell, Sign::NotNegative).unwrap_or_else(|m| {
                    fail(m);
                    None
                })
            }
            Field::ParentGuarantee => {
                s.parent_guarantee = money_cell(cell, Sign::NotNegative).unwrap_or_else(|m| {
                    fail(m);
                    None
                })
            }
            Field::Committed => s.committed = money_cell(cell, Sign::NotNegative).unwrap_or_else(|m| {
                fail(m);
                None
            }),
            Field::ServiceAreas => match parse_areas(cell, scenario) {
                Ok(a) => s.service_areas = a,
                Err(m) => fail(m),
            },
            Field::Localities => match parse_localities(cell, scenario) {
                Ok(l) => s.localities = l,
                Err(m) => fail(m),
            },
            Field::Consortium => s.consortium = (!cell.is_empty()).then(|| cell.to_string()),
            Field::Group => s.group = (!cell.is_empty()).then(|| cell.to_string()),
            Field::CompanyNumber => s.company_number = (!cell.is_empty()).then(|| cell.to_string()),
            Field::NetDebt | Field::Ebitda | Field::CurrentAssets | Field::CurrentLiabilities => {
                let sign = if matches!(field, Field::NetDebt | Field::Ebitda) { Sign::Any } else { Sign::NotNegative };
                let value = money_cell(cell, sign).unwrap_or_else(|m| {
                    fail(m);
                    None
                });
                match field {
                    Field::NetDebt => s.net_debt = value,
                    Field::Ebitda => s.ebitda = value,
                    Field::CurrentAssets => s.current_assets = value,
                    _ => s.current_liabilities = value,
                }
            }
        }
    }
    s.not_for_profit = not_for_profit.unwrap_or(matches!(s.ownership, Ownership::Charity));
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(errors)
    }
}

/// Undoes the formula-injection escape [`to_csv`] adds (`'=...` back to `=...`).
fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Reads an ownership word. In the Table 5 header set the column names the owner, so any
/// other owner (an investor such as "Graphite Capital") reads as private equity.
pub fn parse_ownership(cell: &str, owner_names: bool) -> Option<Ownership> {
    let w = cell.trim().to_ascii_lowercase();
    let exact = match w.as_str() {
        "" => Some(Ownership::Other),
        "listed" | "plc" | "listed company" => Some(Ownership::Listed),
        "private" | "private company" => Some(Ownership::Private),
        "pe" | "private equity" | "private-equity" => Some(Ownership::Pe),
        "charity" | "charitable" | "not for profit" | "not-for-profit" => Some(Ownership::Charity),
        "mutual" | "social enterprise" | "cooperative" | "co-operative" => Some(Ownership::Mutual),
        "public" | "public sector" => Some(Ownership::Public),
        "other" => Some(Ownership::Other),
        _ => None,
    };
    if exact.is_some() || !owner_names {
        return exact;
    }
    Some(if w.contains("listed") {
        Ownership::Listed
    } else if w.contains("charit") {
        Ownership::Charity
    } else if w.contains("private company") {
        Ownership::Private
    } else {
        Ownership::Pe
    })
}

/// "yes"/"no" and friends; blank is `None` (not given).
fn parse_yes_no(cell: &str) -> Result<Option<bool>, String> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "1" | "x" => Ok(Some(true)),
        "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(format!("\"{cell}\" is not yes or no")),
    }
}

/// Which amounts a money field accepts.
fn money_cell(cell: &str, sign: Sign) -> Result<Option<f64>, String> {
    parse_money(cell, sign)
}

fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|']).map(str::trim).filter(|p| !p.is_empty())
}

/// Service area codes (or names) separated by `;`; `all` means every area.
fn parse_areas(cell: &str, scenario: &Scenario) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for part in split_list(cell) {
        if part.eq_ignore_ascii_case("all") {
            return Ok(scenario.service_areas.iter().map(|a| a.code.clone()).collect());
        }
        match scenario
            .service_areas
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(part) || a.name.eq_ignore_ascii_case(part))
        {
            Some(a) if !out.contains(&a.code) => out.push(a.code.clone()),
            Some(_) => {}
            None => unknown.push(format!("\"{part}\"")),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        let codes: Vec<&str> = scenario.service_areas.iter().map(|a| a.code.as_str()).collect();
        Err(format!(
            "{} {} not a service area of this service; the codes are {} (separate them with ;)",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" },
            codes.join(", ")
        ))
    }
}

/// Locality names separated by `;`; `all` means every locality.
fn parse_localities(cell: &str, scenario: &Scenario) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for part in split_list(cell) {
        if part.eq_ignore_ascii_case("all") {
            return Ok(scenario.localities.iter().map(|l| l.name.clone()).collect());
        }
        match scenario.localities.iter().find(|l| l.name.eq_ignore_ascii_case(part)) {
            Some(l) if !out.contains(&l.name) => out.push(l.name.clone()),
            Some(_) => {}
            None => unknown.push(format!("\"{part}\"")),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        let names: Vec<&str> = scenario.localities.iter().map(|l| l.name.as_str()).collect();
        Err(format!(
            "{} {} not a locality of this service; the localities are {} (separate them with ;)",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ))
    }
}

/// The register as CSV in [`COLUMNS`] order, then `id`, `illustrative` and `vcse`, one supplier
/// a row.
/// Cells that a spreadsheet would run as a formula (starting `=`, `+`, `-` or `@`) are
/// prefixed with `'`; [`parse_csv`] removes the prefix again, so export then import round-trips.
pub fn to_csv(suppliers: &[Supplier]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header: Vec<&str> = COLUMNS.iter().copied().chain(["id", "illustrative", "vcse"]).collect();
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    let money = |v: Option<f64>| v.map(|x| format!("{x:.0}")).unwrap_or_default();
    for s in suppliers {
        rows.push(vec![
            csv_cell(&s.name).into_owned(),
            s.ownership.as_str().to_string(),
            yes_no(s.not_for_profit),
            money(s.revenue),
            // Negative equity is a number, not a formula, but a spreadsheet would still read
            // "-5466000" as a number: leave numbers alone.
            money(s.equity),
            money(s.tangible_fixed_assets),
            money(s.parent_guarantee),
            money(s.committed),
            csv_cell(&s.service_areas.join(";")).into_owned(),
            csv_cell(&s.localities.join(";")).into_owned(),
            csv_cell(s.consortium.as_deref().unwrap_or("")).into_owned(),
            csv_cell(s.group.as_deref().unwrap_or("")).into_owned(),
            money(s.net_debt),
            money(s.ebitda),
            money(s.current_assets),
            money(s.current_liabilities),
            csv_cell(s.company_number.as_deref().unwrap_or("")).into_owned(),
            csv_cell(&s.id).into_owned(),
            yes_no(s.illustrative),
            yes_no(s.vcse),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// A new supplier id from its name (`BYTHEBRIDG`), unique among `taken`.
pub fn new_id(name: &str, taken: &BTreeSet<String>) -> String {
    let base: String =
        name.chars().filter(|c| c.is_ascii_alphanumeric()).take(10).collect::<String>().to_ascii_uppercase();
    let base = if base.is_empty() { "SUPPLIER".to_string() } else { base };
    if !taken.contains(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id)).unwrap_or(base)
}

/// The register after an import: the imported suppliers added after `existing` (ids made
/// unique in the register) or replacing them.
pub(super) fn merge(existing: &[Supplier], imported: Vec<Supplier>, mode: ImportMode) -> Vec<Supplier> {
    let mut out = match mode {
        ImportMode::Add => existing.to_vec(),
        ImportMode::Replace => Vec::new(),
    };
    let mut taken: BTreeSet<String> = out.iter().map(|s| s.id.clone()).collect_set();
    for mut s in imported {
        if s.id.is_empty() || taken.contains(&s.id) {
            s.id = new_id(&s.name, &taken);
        }
        taken.insert(s.id.clone());
        out.push(s);
    }
    out
}

/// Adds a supplier, giving it a unique id; returns the id.
pub(super) fn add(suppliers: &mut Vec<Supplier>, mut supplier: Supplier) -> String {
    let taken: BTreeSet<String> = suppliers.iter().map(|s| s.id.clone()).collect_set();
    supplier.id = new_id(&supplier.name, &taken);
    let id = supplier.id.clone();
    suppliers.push(supplier);
    id
}

/// Replaces the supplier with `supplier.id`; refused when there is none.
pub(super) fn replace(suppliers: &mut [Supplier], supplier: Supplier) -> Result<(), EditError> {
    match suppliers.iter_mut().find(|s| s.id == supplier.id) {
        Some(slot) => {
            *slot = supplier;
            Ok(())
        }
        None => refuse(format!("{} is no longer in the register, so the changes were not saved.", supplier.name)),
    }
}

/// Removes the supplier `id`, returning it; refused when there is none.
pub(super) fn remove(suppliers: &mut Vec<Supplier>, id: &str) -> Result<Supplier, EditError> {
    match suppliers.iter().position(|s| s.id == id) {
        Some(i) => Ok(suppliers.remove(i)),
        None => refuse(format!("There is no supplier {id:?} in the register.")),
    }
}

/// A column the register table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Revenue,
    Capacity,
}

/// Positions into `suppliers` in sorted order (stable; ties and blanks by name; blanks last
/// when ascending).
pub fn sorted(suppliers: &[Supplier], policy: &CapacityPolicy, key: SortKey, ascending: bool) -> Vec<usize> {
    let value = |s: &Supplier| -> Option<f64> {
        match key {
            SortKey::Name => None,
            SortKey::Revenue => s.revenue,
            SortKey::Capacity => Some(capacity(s, policy).value),
        }
    };
    let values: Vec<Option<f64>> = suppliers.iter().map(value).collect();
    let by_name = |a: usize, b: usize| suppliers[a].name.to_lowercase().cmp(&suppliers[b].name.to_lowercase());
    let mut order: Vec<usize> = (0..suppliers.len()).collect();
    sort::by(&mut order, |&a, &b| {
        let primary = match key {
            SortKey::Name => by_name(a, b),
            _ => match (values[a], values[b]) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                // Blanks last whichever way the column is sorted.
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let primary = if ascending { primary } else { primary.reverse() };
        primary.then_with(|| by_name(a, b))
    });
    order
}

/// "3 areas, all 8 localities": a supplier's coverage in a few words.
pub fn coverage_summary(s: &Supplier, scenario: &Scenario) -> String {
    let areas = count_words(s.service_areas.len(), scenario.service_areas.len(), "area", "areas");
    let localities = count_words(s.localities.len(), scenario.localities.len(), "locality", "localities");
    format!("{areas}, {localities}")
}

fn count_words(n: usize, of: usize, one: &str, many: &str) -> String {
    if n == 0 {
        format!("no {many}")
    } else if n == of && of > 1 {
        format!("all {n} {many}")
    } else if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A field of the add/edit form, with its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Name,
    Revenue,
    Equity,
    TangibleFixedAssets,
    ParentGuarantee,
    Committed,
    Consortium,
    Group,
    NetDebt,
    Ebitda,
    CurrentAssets,
    CurrentLiabilities,
    CompanyNumber,
    ServiceAreas,
    Localities,
}

impl FormField {
    pub fn label(self) -> &'static str {
        match self {
            FormField::Name => "Name",
            FormField::Revenue => "Annual revenue (turnover)",
            FormField::Equity => "Equity and reserves",
            FormField::TangibleFixedAssets => "Tangible fixed assets",
            FormField::ParentGuarantee => "Parent company guarantee",
            FormField::Committed => "Value already committed to other contracts",
            FormField::Consortium => "Consortium",
            FormField::Group => "Group (parent company or owner)",
            FormField::NetDebt => "Net debt",
            FormField::Ebitda => "EBITDA (earnings before interest, tax, depreciation and amortisation)",
            FormField::CurrentAssets => "Current assets",
            FormField::CurrentLiabilities => "Current liabilities",
            FormField::CompanyNumber => "Company or charity number",
            FormField::ServiceAreas => "Service areas served",
            FormField::Localities => "Localities covered",
        }
    }
}

/// The add/edit form's contents as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// The supplier being edited; `None` for a new one.
    pub id: Option<String>,
    pub name: String,
    pub ownership: Ownership,
    pub not_for_profit: bool,
    pub revenue: String,
    pub equity: String,
    pub tangible_fixed_assets: String,
    pub parent_guarantee: String,
    pub committed: String,
    pub consortium: String,
    pub group: String,
    pub net_debt: String,
    pub ebitda: String,
    pub current_assets: String,
    pub current_liabilities: String,
    pub company_number: String,
    pub service_areas: BTreeSet<String>,
    pub localities: BTreeSet<String>,
    pub illustrative: bool,
    /// A voluntary, community or social enterprise.
    pub vcse: bool,
}

/// One problem with the form: which field and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: FormField,
    pub message: String,
}

impl Draft {
    /// The form filled in from a supplier in the register.
    pub fn from_supplier(s: &Supplier) -> Draft {
        let money = |v: Option<f64>| v.map(crate::base::money::gbp_full).unwrap_or_default();
        Draft {
            id: Some(s.id.clone()),
            name: s.name.clone(),
            ownership: s.ownership,
            not_for_profit: s.not_for_profit,
            revenue: money(s.revenue),
            equity: money(s.equity),
            tangible_fixed_assets: money(s.tangible_fixed_assets),
            parent_guarantee: money(s.parent_guarantee),
            committed: money(s.committed),
            consortium: s.consortium.clone().unwrap_or_default(),
            group: s.group.clone().unwrap_or_default(),
            net_debt: money(s.net_debt),
            ebitda: money(s.ebitda),
            current_assets: money(s.current_assets),
            current_liabilities: money(s.current_liabilities),
            company_number: s.company_number.clone().unwrap_or_default(),
            service_areas: s.service_areas.iter().cloned().collect(),
            localities: s.localities.iter().cloned().collect(),
            illustrative: s.illustrative,
            vcse: s.vcse,
        }
    }

    /// Checks the form and builds the supplier (areas and localities in the scenario's order),
    /// or returns every problem. A new supplier's id is left empty for [`add`] to fill in.
    pub fn to_supplier(&self, scenario: &Scenario) -> Result<Supplier, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut money = |field: FormField, text: &str, sign: Sign| -> Option<f64> {
            parse_money(text, sign).unwrap_or_else(|m| {
                let hint = match sign {
                    Sign::Any => ", like 4,037,028, £4.0m or -2.2m",
                    _ => ", like 21,238,241 or £21.2m",
                };
                let message =
                    if m.ends_with("not a number of pounds") { format!("{m}: enter an amount{hint}") } else { m };
                errors.push(FormError { field, message });
                None
            })
        };
        let revenue = money(FormField::Revenue, &self.revenue, Sign::Positive);
        let equity = money(FormField::Equity, &self.equity, Sign::Any);
        let tangible_fixed_assets =
            money(FormField::TangibleFixedAssets, &self.tangible_fixed_assets, Sign::NotNegative);
        let parent_guarantee = money(FormField::ParentGuarantee, &self.parent_guarantee, Sign::NotNegative);
        let committed = money(FormField::Committed, &self.committed, Sign::NotNegative);
        let net_debt = money(FormField::NetDebt, &self.net_debt, Sign::Any);
        let ebitda = money(FormField::Ebitda, &self.ebitda, Sign::Any);
        let current_assets = money(FormField::CurrentAssets, &self.current_assets, Sign::NotNegative);
        let current_liabilities = money(FormField::CurrentLiabilities, &self.current_liabilities, Sign::NotNegative);
        if self.name.trim().is_empty() {
            errors.insert(0, FormError { field: FormField::Name, message: "Enter the supplier's name".into() });
        }
        let service_areas: Vec<String> = scenario
            .service_areas
            .iter()
            .filter(|a| self.service_areas.contains(&a.code))
            .map(|a| a.code.clone())
            .collect();
        if service_areas.is_empty() {
            errors.push(FormError {
                field: FormField::ServiceAreas,
                message: "Choose at least one service area this supplier provides".into(),
            });
        }
        let localities: Vec<String> =
            scenario.localities.iter().filter(|l| self.localities.contains(&l.name)).map(|l| l.name.clone()).collect();
        if localities.is_empty() {
            errors.push(FormError {
                field: FormField::Localities,
                message: "Choose at least one locality this supplier covers".into(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let consortium = self.consortium.trim();
        let group = self.group.trim();
        Ok(Supplier {
            id: self.id.clone().unwrap_or_default(),
            name: self.name.trim().to_string(),
            ownership: self.ownership,
            not_for_profit: self.not_for_profit,
            revenue,
            equity,
            tangible_fixed_assets,
            parent_guarantee,
            committed,
            net_debt,
            ebitda,
            current_assets,
            current_liabilities,
            service_areas,
            localities,
            consortium: (!consortium.is_empty()).then(|| consortium.to_string()),
            group: (!group.is_empty()).then(|| group.to_string()),
            company_number: Some(self.company_number.trim().to_string()).filter(|n| !n.is_empty()),
            illustrative: self.illustrative,
            vcse: self.vcse,
        })
    }
}

/// Every ownership, in the order the form offers them, with its words.
pub const OWNERSHIPS: [(Ownership, &str); 7] = [
    (Ownership::Private, "Private company"),
    (Ownership::Pe, "Owned by private equity"),
    (Ownership::Listed, "Listed company"),
    (Ownership::Charity, "Charity"),
    (Ownership::Mutual, "Mutual or social enterprise"),
    (Ownership::Public, "Public sector"),
    (Ownership::Other, "Other or not known"),
];

/// A short word for an ownership, for tables.
pub fn ownership_short(o: Ownership) -> &'static str {
    match o {
        Ownership::Listed => "Listed",
        Ownership::Private => "Private",
        Ownership::Pe => "Private equity",
        Ownership::Charity => "Charity",
        Ownership::Mutual => "Mutual",
        Ownership::Public => "Public",
        Ownership::Other => "Other",
    }
}

/// Plain words for an ownership.
pub fn ownership_words(o: Ownership) -> &'static str {
    OWNERSHIPS.iter().find(|(x, _)| *x == o).map_or("Other or not known", |(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    const TABLE5: &str = include_str!("data/leading-providers-uk-2014.csv");

    fn scenario() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    fn errors(csv: &str) -> Vec<String> {
        parse_csv(csv, &scenario()).unwrap_err().iter().map(|e| e.to_string()).collect()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn reads_a_valid_register() {
        let sc = scenario();
        let csv = "name,ownership,not_for_profit,revenue,equity,tangible_fixed_assets,parent_guarantee,committed,service_areas,localities,consortium\n\
                   Bright Futures,charity,yes,\"£12,500,000\",-1.5m,200k,,1m,FOST;res,North;south,\n\
                   \"Smith, Jones Ltd\",pe,no,8000000,4000000,0,2m,0,all,all,EAST\n";
        let s = parse_csv(csv, &sc).expect("valid");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "Bright Futures");
        assert_eq!(s[0].ownership, Ownership::Charity);
        assert!(s[0].not_for_profit);
        assert_eq!(s[0].revenue, Some(12_500_000.0));
        assert_eq!(s[0].equity, Some(-1_500_000.0));
        assert_eq!(s[0].tangible_fixed_assets, Some(200_000.0));
        assert_eq!(s[0].parent_guarantee, None);
        assert_eq!(s[0].committed, Some(1_000_000.0));
        assert_eq!(s[0].service_areas, ["FOST", "RES"]);
        assert_eq!(s[0].localities, ["North", "South"]);
        assert_eq!(s[0].consortium, None);
        assert_eq!(s[1].name, "Smith, Jones Ltd");
        assert_eq!(s[1].service_areas.len(), sc.service_areas.len());
        assert_eq!(s[1].localities.len(), sc.localities.len());
        assert_eq!(s[1].consortium.as_deref(), Some("EAST"));
        assert!(!s[1].illustrative);
        assert_ne!(s[0].id, s[1].id);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn reads_financial_standing_figures_and_refuses_bad_ones() {
        let sc = scenario();
        let csv = "name,revenue,equity,service_areas,localities,net_debt,ebitda,current_assets,current_liabilities\n\
                   Leveraged Care,40m,2m,FOST,all,-1.5m,-200k,3m,4m\n";
        let s = parse_csv(csv, &sc).expect("valid");
        assert_eq!(
            (s[0].net_debt, s[0].ebitda, s[0].current_assets, s[0].current_liabilities),
            (Some(-1_500_000.0), Some(-200_000.0), Some(3_000_000.0), Some(4_000_000.0))
        );
        let again = parse_csv(&to_csv(&s), &sc).expect("round trip");
        assert_eq!(again[0].current_liabilities, Some(4_000_000.0));
        assert_eq!(again[0].net_debt, Some(-1_500_000.0));
        let bad = errors("name,revenue,service_areas,localities,current_assets,ebitda\nA,1m,FOST,all,-3,12x\n");
        assert!(bad.iter().any(|e| e.starts_with("row 2, current_assets:")), "{bad:?}");
        assert!(bad.iter().any(|e| e.starts_with("row 2, ebitda: \"12x\" is not a number of pounds")), "{bad:?}");
        // The form reads them too.
        let draft = Draft { current_liabilities: "-1".into(), ..Draft::from_supplier(&s[0]) };
        let e = draft.to_supplier(&sc).unwrap_err();
        assert_eq!(e[0].field, FormField::CurrentLiabilities);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn reads_groups_and_writes_them_back() {
        let sc = scenario();
        let csv = "name,revenue,equity,service_areas,localities,parent company\n\
                   Keys Fostering,10m,2m,FOST,all,Keys Group Holdings\n\
                   Keys Homes,10m,2m,RES,all,Keys Group Holdings\n\
                   Alone Ltd,10m,2m,FOST,all,\n";
        let s = parse_csv(csv, &sc).expect("valid");
        assert_eq!(s[0].group.as_deref(), Some("Keys Group Holdings"));
        assert_eq!(s[1].group, s[0].group);
        assert_eq!(s[2].group, None);
        let again = parse_csv(&to_csv(&s), &sc).expect("round trip");
        assert_eq!(
            again.iter().map(|x| x.group.clone()).collect::<Vec<_>>(),
            s.iter().map(|x| x.group.clone()).collect::<Vec<_>>()
        );
        // The form keeps it too, trimmed; blank is no group.
        let mut draft = Draft::from_supplier(&s[0]);
        assert_eq!(draft.group, "Keys Group Holdings");
        draft.group = "  ".into();
        assert_eq!(draft.to_supplier(&sc).unwrap().group, None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn reads_tab_separated_text_pasted_from_a_spreadsheet() {
        let csv = "name\trevenue\tequity\nA Care\t1000000\t-5\n";
        let s = parse_csv(csv, &scenario()).expect("valid");
        assert_eq!(s[0].revenue, Some(1_000_000.0));
        assert_eq!(s[0].equity, Some(-5.0));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn every_kind_of_row_error_names_row_and_column() {
        let csv = "name,ownership,not_for_profit,revenue,equity,tangible_fixed_assets,service_areas,localities\n\
                   Good Ltd,private,no,1m,1m,0,FOST,North\n\
                   ,private,no,1m,1m,0,FOST,North\n\
                   Bad Owner,cooperativeish,no,1m,1m,0,FOST,North\n\
                   Bad Flag,private,maybe,1m,1m,0,FOST,North\n\
                   Bad Revenue,private,no,12x,1m,0,FOST,North\n\
                   Zero Revenue,private,no,0,1m,0,FOST,North\n\
                   Bad Equity,private,no,1m,lots,0,FOST,North\n\
                   Negative Assets,private,no,1m,1m,-3,FOST,North\n\
                   Bad Area,private,no,1m,1m,0,FOST;SWIM,North\n\
                   Bad Place,private,no,1m,1m,0,FOST,Atlantis\n\
                   Too,Many,no,1m,1m,0,FOST,North,extra\n";
        let e = errors(csv);
        let expected = [
            "row 3, name: the name is empty",
            "row 4, ownership: \"cooperativeish\" is not an ownership",
            "row 5, not_for_profit: \"maybe\" is not yes or no",
            "row 6, revenue: \"12x\" is not a number of pounds",
            "row 7, revenue: \"0\" must be more than £0",
            "row 8, equity: \"lots\" is not a number of pounds",
            "row 9, tangible_fixed_assets: \"-3\" cannot be negative",
            "row 10, service_areas: \"SWIM\" is not a service area",
            "row 11, localities: \"Atlantis\" is not a locality",
            "row 12: this row has 9 cells but the header has 8 columns",
        ];
        assert_eq!(e.len(), expected.len(), "{e:#?}");
        for (got, want) in e.iter().zip(expected) {
            assert!(got.starts_with(want), "{got:?} should start with {want:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn one_bad_row_imports_nothing() {
        let sc = scenario();
        let csv = "name,revenue\nA,1m\nB,12x\nC,3m\n";
        let result = parse_csv(csv, &sc);
        assert!(result.is_err(), "no suppliers when any row is wrong");
        assert_eq!(result.unwrap_err().len(), 1);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn header_problems_are_reported_on_row_1() {
        assert!(errors("name,revnue\nA,1\n")[0].starts_with("row 1, revnue: Lotwise does not know this column"));
        assert!(errors("revenue\n1\n")[0].starts_with("row 1: there is no name column"));
        assert!(errors("name,name\nA,B\n")[0].starts_with("row 1, name: this column appears twice"));
        assert!(errors("")[0].contains("nothing to import"));
        assert!(errors("name,revenue\n\n")[0].contains("no supplier rows"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn rows_count_quoted_line_breaks_like_a_spreadsheet() {
        let e = errors("name,revenue\n\"Two\nLines\",1\nBad,x\n");
        assert!(e[0].starts_with("row 4, revenue"), "{e:?}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn imports_the_shared_table_5_file() {
        let sc = scenario();
        let s = parse_csv(TABLE5, &sc).expect("Table 5 imports");
        assert_eq!(s.len(), 20);
        let by = |name: &str| s.iter().find(|x| x.name == name).expect(name);
        let cambian = by("Cambian Group");
        assert_eq!(cambian.revenue, Some(231_992_000.0));
        assert_eq!(cambian.tangible_fixed_assets, Some(334_332_000.0));
        assert_eq!(cambian.equity, Some(225_770_000.0));
        assert_eq!(cambian.ownership, Ownership::Listed);
        let acorn = by("Acorn Care and Education");
        assert_eq!(acorn.equity, Some(-138_250_000.0));
        assert_eq!(acorn.ownership, Ownership::Pe);
        let afc = by("Action for Children");
        assert_eq!(afc.ownership, Ownership::Charity);
        assert!(afc.not_for_profit);
        assert_eq!(by("Core Assets").ownership, Ownership::Private);
        assert_eq!(by("Randstad Care Ltd").ownership, Ownership::Listed);
        assert_eq!(by("Sanctuary Personnel Ltd").ownership, Ownership::Other);
        let pics = by("Partnerships in Children's Services Ltd");
        assert_eq!(pics.revenue, Some(30_000_000.0));
        assert_eq!((pics.equity, pics.tangible_fixed_assets), (None, None));
        assert_eq!(pics.ownership, Ownership::Pe);
        let bridge = by("By the Bridge");
        let policy = CapacityPolicy::default();
        assert_eq!(capacity(bridge, &policy).value, 8_074_056.0);
        // The figures agree with the shipped default register, which is built from this file.
        for d in &sc.suppliers {
            let i = s.iter().find(|x| x.revenue == d.revenue && x.equity == d.equity).expect(&d.name);
            assert_eq!(i.tangible_fixed_assets, d.tangible_fixed_assets, "{}", d.name);
        }
        let ids: BTreeSet<&str> = s.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids.len(), 20, "unique ids");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn export_escapes_formula_cells() {
        let s = Supplier {
            id: "X".into(),
            name: "=HYPERLINK(\"http://evil\")".into(),
            consortium: Some("@SUM(A1)".into()),
            equity: Some(-5.0),
            revenue: Some(10.0),
            ..Supplier::default()
        };
        let csv = to_csv(&[s]);
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{csv}");
        assert!(csv.contains(",'@SUM(A1),"), "{csv}");
        assert!(csv.contains(",-5,"), "numbers stay numbers: {csv}");
        for (a, b) in [("+1", "'+1"), ("-x", "'-x"), ("@a", "'@a"), ("=1", "'=1"), ("ok", "ok")] {
            assert_eq!(csv_cell(a), b);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn export_then_import_round_trips() {
        let sc = scenario();
        let mut suppliers = sc.suppliers.clone();
        suppliers[0].name = "-Minus, \"Quoted\" Care".into();
        suppliers[1].consortium = Some("SOUTH".into());
        suppliers[2].parent_guarantee = Some(1_000_000.0);
        suppliers[3].committed = Some(250_000.0);
        let back = parse_csv(&to_csv(&suppliers), &sc).expect("round trip");
        assert_eq!(back, suppliers);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn merge_adds_or_replaces_with_unique_ids() {
        let sc = scenario();
        let imported = parse_csv("name,revenue\nCambian Group,1m\n", &sc).unwrap();
        let added = merge(&sc.suppliers, imported.clone(), ImportMode::Add);
        assert_eq!(added.len(), sc.suppliers.len() + 1);
        let ids: BTreeSet<&str> = added.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), added.len());
        assert_eq!(added.last().unwrap().id, "CAMBIANGRO-2");
        let replaced = merge(&sc.suppliers, imported, ImportMode::Replace);
        assert_eq!(replaced.len(), 1);
        assert_eq!(replaced[0].id, "CAMBIANGRO");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn add_remove_replace_and_sort() {
        let sc = scenario();
        let mut list = sc.suppliers.clone();
        let id = add(&mut list, Supplier { name: "Zed Care".into(), revenue: Some(1.0), ..Supplier::default() });
        assert_eq!(id, "ZEDCARE");
        let id2 = add(&mut list, Supplier { name: "Zed Care".into(), ..Supplier::default() });
        assert_eq!(id2, "ZEDCARE-2");
        assert!(
            replace(&mut list, Supplier { id: id2.clone(), name: "Aardvark".into(), ..Supplier::default() }).is_ok()
        );
        let policy = CapacityPolicy::default();
        let by_name = sorted(&list, &policy, SortKey::Name, true);
        assert_eq!(list[by_name[0]].name, "Aardvark");
        let by_revenue = sorted(&list, &policy, SortKey::Revenue, false);
        assert_eq!(list[by_revenue[0]].name, "Cambian Group");
        let by_capacity = sorted(&list, &policy, SortKey::Capacity, true);
        assert_eq!(capacity(&list[by_capacity[0]], &policy).value, 0.0);
        assert_eq!(remove(&mut list, &id2).map(|s| s.name), Ok("Aardvark".into()));
        assert!(remove(&mut list, "nobody").is_err());
        assert_eq!(list.len(), sc.suppliers.len() + 1);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn coverage_in_a_few_words() {
        let sc = scenario();
        let s = Supplier {
            service_areas: vec!["FOST".into(), "RES".into(), "YP".into()],
            localities: sc.localities.iter().map(|l| l.name.clone()).collect(),
            ..Supplier::default()
        };
        assert_eq!(coverage_summary(&s, &sc), format!("3 areas, all {} localities", sc.localities.len()));
        assert_eq!(coverage_summary(&Supplier::default(), &sc), "no areas, no localities");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_form_checks_every_field_on_save() {
        let sc = scenario();
        let draft = Draft { revenue: "12x".into(), equity: "-2.2m".into(), committed: "-1".into(), ..Draft::default() };
        let e = draft.to_supplier(&sc).unwrap_err();
        let fields: Vec<FormField> = e.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [FormField::Name, FormField::Revenue, FormField::Committed, FormField::ServiceAreas, FormField::Localities]
        );
        assert!(e[1].message.contains("\"12x\" is not a number of pounds"), "{}", e[1].message);

        let ok = Draft {
            name: " New Care ".into(),
            revenue: "£10m".into(),
            equity: "-2.2m".into(),
            service_areas: ["RES".to_string(), "FOST".to_string()].into(),
            localities: ["North".to_string()].into(),
            ..Draft::default()
        };
        let s = ok.to_supplier(&sc).expect("valid");
        assert_eq!((s.name.as_str(), s.revenue, s.equity), ("New Care", Some(10_000_000.0), Some(-2_200_000.0)));
        let order: Vec<&str> =
            sc.service_areas.iter().map(|a| a.code.as_str()).filter(|c| ["FOST", "RES"].contains(c)).collect();
        assert_eq!(s.service_areas, order, "in the scenario's order");
        let again = Draft::from_supplier(&sc.suppliers[0]).to_supplier(&sc).expect("round trip");
        let mut expected = sc.suppliers[0].clone();
        expected.service_areas =
            sc.service_areas.iter().map(|a| a.code.clone()).filter(|c| expected.service_areas.contains(c)).collect();
        expected.localities =
            sc.localities.iter().map(|l| l.name.clone()).filter(|l| expected.localities.contains(l)).collect();
        assert_eq!(again, expected);
    }
}
