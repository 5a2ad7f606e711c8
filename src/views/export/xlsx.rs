//! An Excel workbook (XLSX) of a plan: a Summary sheet, then Lots, Segments and Suppliers
//! (the same tables as the CSV files), written to bytes in memory, so it works in the browser
//! as well as natively.
//!
//! Lotwise writes the SpreadsheetML parts and their zip archive itself (stored, not
//! compressed): `rust_xlsxwriter` and its compressors cost about 200 KB gzip of the page for
//! four plain tables. Strings are shared (`xl/sharedStrings.xml`), as Excel writes them.
//!
//! Text is written as text cells (never as formulas), so no formula escaping is needed here.
//! It is XML-escaped, characters XML 1.0 forbids are dropped, and strings longer than Excel's
//! 32,767-character cell limit are cut short. (Writing to a `String` cannot fail, hence the
//! `let _ = write!`.)

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{summary, tables, Cell, Plan};
use crate::base::error::Issues;

/// The sheet names, in order.
pub const SHEETS: [&str; 4] = ["Summary", "Lots", "Segments", "Suppliers"];

/// Excel's longest cell text.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's most rows in a sheet.
const MAX_ROWS: usize = 1_048_576;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Indexes into `cellXfs` of [`STYLES`]: 0 is the default.
const BOLD: u8 = 1;
const MONEY: u8 = 2;
const RATIO: u8 = 3;

/// `xl/styles.xml`: fonts normal and bold, formats `£#,##0` and `0.0%`, and the four cell
/// styles (Excel wants its two built-in fills and a border too).
const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="£#,##0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// `[Content_Types].xml`, for the four sheets.
const CONTENT_TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet3.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet4.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

/// `_rels/.rels`: the package's main part is the workbook.
const PACKAGE_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/></Relationships>"#;

/// `xl/_rels/workbook.xml.rels`: sheet n is `rId{n}`.
const WORKBOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet3.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet4.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
 Target="styles.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
 Target="sharedStrings.xml"/></Relationships>"#;

/// The workbook as XLSX bytes (a zip archive: the bytes start with `PK`).
pub fn workbook(plan: &Plan) -> Result<Vec<u8>, Issues> {
    let tables = tables(plan);
    if let Some(t) = tables.iter().find(|t| t.rows.len() >= MAX_ROWS) {
        return Err(Issues::one("", format!("The {} sheet would have more rows than Excel's 1,048,576.", t.name)));
    }
    let mut strings = Strings::default();
    let rows: Vec<Vec<Cell>> =
        summary(plan).into_iter().map(|(label, value)| vec![Cell::Text(label.into()), value]).collect();
    let mut sheets = vec![sheet(&["Item", "Value"], &rows, &[40.0, 60.0], false, &mut strings)];
    for t in &tables {
        let widths: Vec<f64> = t.headers.iter().map(|h| (h.len() as f64 + 2.0).clamp(12.0, 40.0)).collect();
        sheets.push(sheet(&t.headers, &t.rows, &widths, true, &mut strings));
    }
    let mut list = String::new();
    for (i, name) in SHEETS.iter().enumerate() {
        let _ = write!(list, r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#, n = i + 1);
    }
    let book = format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{list}</sheets></workbook>"#);
    let shared = format!(r#"<sst xmlns="{MAIN}" count="{}" uniqueCount="{}">"#, strings.count, strings.index.len());
    let mut parts = vec![
        ("[Content_Types].xml".to_string(), CONTENT_TYPES.to_string()),
        ("_rels/.rels".into(), PACKAGE_RELS.into()),
        ("xl/workbook.xml".into(), book),
        ("xl/_rels/workbook.xml.rels".into(), WORKBOOK_RELS.into()),
        ("xl/styles.xml".into(), STYLES.into()),
        ("xl/sharedStrings.xml".into(), shared + &strings.xml + "</sst>"),
    ];
    parts.extend(sheets.into_iter().enumerate().map(|(i, xml)| (format!("xl/worksheets/sheet{}.xml", i + 1), xml)));
    zip(&parts).ok_or_else(|| Issues::one("", "The spreadsheet would be over 4 GB, more than a zip file can hold."))
}

/// A sheet's XML: a bold header row (frozen if `freeze`), column widths in characters as
/// Excel's column dialog shows them, then the rows.
fn sheet(headers: &[&str], rows: &[Vec<Cell>], widths: &[f64], freeze: bool, strings: &mut Strings) -> String {
    let view = if freeze {
        concat!(
            r#"<sheetView workbookViewId="0">"#,
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
            r#"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>"#
        )
    } else {
        r#"<sheetView tabSelected="1" workbookViewId="0"/>"#
    };
    let mut out = format!(r#"<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews>{view}</sheetViews><cols>"#);
    for (i, w) in widths.iter().enumerate() {
        // Excel stores a width of w characters as the pixels of Calibri 11 (7 a digit, 5 of
        // padding) in 1/256ths of a digit: 40 becomes 40.7109375.
        let width = (((w * 7.0).round() + 5.0) * 256.0 / 7.0).floor() / 256.0;
        let _ = write!(out, r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#, n = i + 1);
    }
    out.push_str("</cols><sheetData>");
    let header: Vec<Cell> = headers.iter().map(|h| Cell::Text(h.to_string())).collect();
    for (r, row) in std::iter::once(&header).chain(rows).enumerate() {
        let _ = write!(out, r#"<row r="{}">"#, r + 1);
        let text_style = if r == 0 { BOLD } else { 0 };
        for (c, cell) in row.iter().enumerate() {
            let (style, kind, value) = match cell {
                Cell::Empty => continue,
                Cell::Text(s) if s.is_empty() => continue, // a blank, as Excel writes it
                Cell::Text(s) => (text_style, "s", strings.add(s).to_string()),
                Cell::Money(x) | Cell::Ratio(x) if !x.is_finite() => (0, "s", strings.add(&x.to_string()).to_string()),
                Cell::Money(x) => (MONEY, "n", x.to_string()),
                Cell::Ratio(x) => (RATIO, "n", x.to_string()),
                Cell::Int(n) => (0, "n", n.to_string()),
                Cell::Bool(b) => (0, "s", strings.add(if *b { "Yes" } else { "No" }).to_string()),
            };
            let _ = write!(out, r#"<c r="{}{}" s="{style}" t="{kind}"><v>{value}</v></c>"#, column(c), r + 1);
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// The shared strings: each text once, in order of first use.
#[derive(Default)]
struct Strings {
    index: HashMap<String, usize>,
    xml: String,
    count: usize,
}

impl Strings {
    /// The index of `text`, cleaned, added if new.
    fn add(&mut self, text: &str) -> usize {
        self.count += 1;
        let next = self.index.len();
        *self.index.entry(clean(text)).or_insert_with_key(|t| {
            let space = if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
                r#" xml:space="preserve""#
            } else {
                ""
            };
            let _ = write!(self.xml, "<si><t{space}>{}</t></si>", escape(t));
            next
        })
    }
}

/// `text` without the characters XML 1.0 forbids, cut to Excel's longest cell text.
fn clean(text: &str) -> String {
    let allowed = |c: &char| !matches!(*c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}');
    text.chars().filter(allowed).take(MAX_CELL_CHARS).collect()
}

/// `text` escaped for XML text or attributes, carriage returns kept (a parser would turn a
/// raw one into a newline), and `_xHHHH_` kept literal (Excel reads it as a character).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let b = &text.as_bytes()[i..];
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '_' if b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_' => {
                out.push_str("_x005F_")
            }
            c => out.push(c),
        }
    }
    out
}

/// The letters of column `c` (from 0): A, .., Z, AA, .., ZZ, AAA, ..
fn column(mut c: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            return letters.iter().rev().collect();
        }
        c = c / 26 - 1;
    }
}

/// CRC-32 (IEEE, as zip uses), bit by bit.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A zip archive of `(name, XML body)` parts, each stored (not compressed) with the XML
/// declaration in front and dated 1980-01-01 00:00; `None` past the 4 GB a zip without ZIP64 holds.
fn zip(parts: &[(String, String)]) -> Option<Vec<u8>> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, body) in parts {
        let data = [HEAD.as_bytes(), body.as_bytes()].concat();
        let offset = u32::try_from(out.len()).ok()?;
        let size = u32::try_from(data.len()).ok()?;
        // From "version needed" to "extra field length", the same in both headers: version
        // 2.0, no flags, stored, time 0, date 1980-01-01, CRC, both sizes, name length, no extra.
        let mut common: Vec<u8> = [20u16, 0, 0, 0, 0x21].iter().flat_map(|v| v.to_le_bytes()).collect();
        for v in [crc32(&data), size, size] {
            common.extend(v.to_le_bytes());
        }
        common.extend(u16::try_from(name.len()).ok()?.to_le_bytes());
        common.extend([0, 0]);
        out.extend(b"PK\x03\x04");
        out.extend(&common);
        out.extend(name.as_bytes());
        out.extend(data);
        central.extend(b"PK\x01\x02\x14\x00");
        central.extend(&common);
        central.extend([0; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let count = u16::try_from(parts.len()).ok()?.to_le_bytes();
    let (start, length) = (u32::try_from(out.len()).ok()?, u32::try_from(central.len()).ok()?);
    out.extend(central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    for bytes in [&count[..], &count, &length.to_le_bytes(), &start.to_le_bytes(), &[0, 0]] {
        out.extend(bytes);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `xml` is well formed as far as these parts go: one root element, balanced tags,
    /// even quotes in tags, only the five named entities and decimal character references.
    fn well_formed(xml: &str) -> bool {
        let text_ok = |s: &str| {
            !s.contains('<')
                && !s.chars().any(|c| clean(&c.to_string()).is_empty())
                && s.split('&').skip(1).all(|e| {
                    ["amp;", "lt;", "gt;", "quot;", "apos;"].iter().any(|n| e.starts_with(n))
                        || e.strip_prefix('#')
                            .and_then(|d| d.split_once(';'))
                            .is_some_and(|(d, _)| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                })
        };
        let (Some(mut rest), mut open, mut roots) = (xml.strip_prefix(HEAD), Vec::new(), 0) else { return false };
        while let Some(lt) = rest.find('<') {
            let Some(gt) = rest[lt..].find('>') else { return false };
            let (before, tag) = (&rest[..lt], &rest[lt + 1..lt + gt]);
            rest = &rest[lt + gt + 1..];
            if !text_ok(before) || !text_ok(tag) || tag.matches('"').count() % 2 != 0 {
                return false;
            }
            if open.is_empty() && !before.trim().is_empty() {
                return false;
            }
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop() != Some(name) {
                    return false;
                }
                continue;
            }
            let name = tag.split([' ', '/']).next().unwrap_or_default();
            roots += usize::from(open.is_empty());
            if name.is_empty() || roots > 1 {
                return false;
            }
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        roots == 1 && open.is_empty() && rest.trim().is_empty()
    }

    /// The stored parts of `zip`, checking each CRC and the count in the end record.
    fn unzip(zip: &[u8]) -> Vec<(String, String)> {
        let (mut parts, mut at) = (Vec::new(), 0);
        let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]);
        let u16_at = |i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
        while zip[at..].starts_with(b"PK\x03\x04") {
            let (size, name_len) = (u32_at(at + 18) as usize, u16_at(at + 26));
            let name = String::from_utf8_lossy(&zip[at + 30..at + 30 + name_len]).into_owned();
            let data = &zip[at + 30 + name_len..at + 30 + name_len + size];
            assert_eq!(crc32(data), u32_at(at + 14), "{name}");
            parts.push((name, String::from_utf8_lossy(data).into_owned()));
            at += 30 + name_len + size;
        }
        let end = zip.len() - 22;
        assert!(zip[end..].starts_with(b"PK\x05\x06"));
        assert_eq!(u16_at(end + 10), parts.len());
        parts
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn columns_are_lettered_like_excel() {
        for (c, letters) in [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")] {
            assert_eq!(column(c), letters);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn any_text_makes_well_formed_xml() {
        assert!(!well_formed(&format!("{HEAD}<a><b></a></b>")) && !well_formed(&format!("{HEAD}<a>&</a>")));
        let hostile = "<script>alert('&')</script> \"x\" \u{1}\u{B}\u{FFFF}😀\t\r\n_x0041_ =1+1";
        let mut strings = Strings::default();
        assert_eq!((strings.add(hostile), strings.add("plain"), strings.add(hostile)), (0, 1, 0));
        assert!(strings.xml.contains("😀\t&#13;\n_x005F_x0041_ =1+1</t>") && !strings.xml.contains('\u{1}'));
        assert!(well_formed(&format!("{HEAD}<sst>{}</sst>", strings.xml)), "{}", strings.xml);
        assert_eq!(clean(&"é".repeat(1 << 20)).chars().count(), MAX_CELL_CHARS);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[test]
    fn the_example_workbook_has_every_part_well_formed() {
        let problem = crate::plan::lower::lower_active(&crate::model::Workspace::default_workspace())
            .unwrap_or_else(|e| panic!("{e}"));
        let solution = crate::plan::solver::solve(&problem, &crate::plan::solver::Options::default());
        let ws = crate::model::Workspace::default_workspace();
        let plan = super::super::Plan::new(&problem, &solution, ws.active_scenario());
        assert_eq!(tables(&plan).map(|t| t.name), SHEETS[1..]);
        let parts = unzip(&workbook(&plan).unwrap_or_else(|e| panic!("{e}")));
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        let sheets = ["sheet1", "sheet2", "sheet3", "sheet4"].map(|s| format!("xl/worksheets/{s}.xml"));
        let mut expected = vec!["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"];
        expected.extend(["xl/styles.xml", "xl/sharedStrings.xml"]);
        expected.extend(sheets.iter().map(String::as_str));
        assert_eq!(names, expected);
        for (name, xml) in &parts {
            assert!(well_formed(xml), "{name} is not well formed:\n{xml}");
        }
        assert!(parts[6].1.contains(r#"<c r="A1" s="1" t="s">"#) && !parts[6].1.contains("frozen"));
        assert!(parts[7].1.contains(r#"state="frozen""#) && parts[7].1.contains(r#" s="2" t="n"><v>"#));
    }
}
