//! Exports: CSV tables with formula-injection escaping, the XLSX workbook, the OCDS release.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;

use lotwise::base::text::csv_cell;
use lotwise::model::Workspace;
use lotwise::plan::lower::lower;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Solution, Status};
use lotwise::plan::solver::{solve, Options};
use lotwise::views::export::{self, ocds, xlsx};

/// A problem whose names try formula injection.
fn hostile() -> (LotProblem, Solution) {
    let text = r#"{"format_version": 1, "name": "=HYPERLINK(\"http://x\")", "params": {"v_min": 1, "v_max": 10, "k": 1, "m": 2},
      "localities": ["+North", "South"], "adjacency": [["+North", "South"]],
      "service_areas": [{"code": "@F", "name": "-2+3"}],
      "segments": [{"id": "=1+1", "service_area": "@F", "locality": "+North", "value": 4},
                   {"id": "F-B", "service_area": "@F", "locality": "South", "value": 5}],
      "suppliers": [{"id": "S1", "name": "=cmd|' /C calc'!A0", "capacity": 9, "service_areas": ["@F"], "localities": ["+North", "South"]},
                    {"id": "S2", "name": "\tTabbed", "capacity": 9, "service_areas": ["@F"], "localities": ["+North", "South"]},
                    {"id": "S3", "name": "\rReturn", "ownership": "charity", "not_for_profit": true, "capacity": 0,
                     "service_areas": ["@F"], "localities": ["South"]}]}"#;
    let p = LotProblem::from_json(text).unwrap_or_else(|e| panic!("{e}"));
    let s = solve(&p, &Options::default());
    assert_eq!(s.status, Status::Optimal);
    (p, s)
}

fn default_plan() -> (LotProblem, Solution) {
    let p = lower(Workspace::default_workspace().active_scenario()).unwrap_or_else(|e| panic!("{e}"));
    let s = solve(&p, &Options::default());
    (p, s)
}

fn records(text: &str) -> Vec<Vec<String>> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")).iter().map(String::from).collect())
        .collect()
}

#[test]
fn escape_prefixes_every_dangerous_first_character() {
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(csv_cell(bad), format!("'{bad}"));
    }
    for fine in ["", "Fostering", "1-2", " =x", "'=x", "£5"] {
        assert_eq!(csv_cell(fine), fine);
    }
}

#[test]
fn csv_cells_are_escaped_but_numbers_are_not() {
    let (p, s) = hostile();
    let lots = records(&export::csv::lots(&p, &s));
    assert_eq!(lots[0][..3], ["lot", "value_gbp", "segments"]);
    assert_eq!(lots[1][1], "9");
    assert!(lots[1][3].starts_with("'=1+1"), "{:?}", lots[1]);
    assert_eq!(lots[1][4], "'@F");
    assert_eq!(lots[1][5], "'+North; South");

    let segs = records(&export::csv::segments(&p, &s));
    assert_eq!(segs.len(), 3);
    assert_eq!(segs[1][..3], ["'=1+1", "'@F", "'+North"]);
    assert_eq!(segs[1][5], "4");

    let sups = records(&export::csv::suppliers(&p, &s));
    let names: Vec<&str> = sups[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["'=cmd|' /C calc'!A0", "'\tTabbed", "'\rReturn"]);
    // No cell of any table starts with a formula character.
    for table in [&lots, &segs, &sups] {
        for cell in table.iter().flatten() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
    }
}

#[test]
fn csv_of_the_default_plan_has_a_row_per_lot_segment_and_supplier() {
    let (p, s) = default_plan();
    assert_eq!(records(&export::csv::lots(&p, &s)).len(), 1 + s.lots.len());
    assert_eq!(records(&export::csv::segments(&p, &s)).len(), 1 + p.segments.len());
    assert_eq!(records(&export::csv::suppliers(&p, &s)).len(), 1 + p.suppliers.len());
    let awarded: f64 = records(&export::csv::suppliers(&p, &s))[1..]
        .iter()
        .map(|r| r[9].parse::<f64>().unwrap_or_else(|e| panic!("{e}")))
        .sum();
    assert_eq!(awarded, s.lots.iter().map(|l| l.value).sum::<f64>());
}

#[test]
fn xlsx_is_a_zip_with_the_four_sheets() {
    let (p, s) = default_plan();
    let bytes = xlsx::workbook(&p, &s).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    assert!(bytes.len() > 5_000, "{}", bytes.len());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut workbook)
        .unwrap_or_else(|e| panic!("{e}"));
    for name in xlsx::SHEETS {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{name} missing in {workbook}");
    }
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut strings)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(strings.contains("FOST-North"), "{strings}");
}

#[test]
fn xlsx_writes_hostile_text_as_text() {
    let (p, s) = hostile();
    let bytes = xlsx::workbook(&p, &s).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet4.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut sheet)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!sheet.contains("<f>"), "a formula was written: {sheet}");
}

/// Every part of a workbook, read with the `zip` crate.
fn xlsx_parts(bytes: Vec<u8>) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap_or_else(|e| panic!("{}: {e}", part.name()));
            (part.name().to_string(), text)
        })
        .collect()
}

/// The text between the first `start` and the next `end` in `s`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).unwrap_or_else(|| panic!("no {start} in {s}")) + start.len();
    &s[from..from + s[from..].find(end).unwrap_or_else(|| panic!("no {end} in {s}"))]
}

#[test]
fn xlsx_lots_sheet_has_a_header_and_a_row_per_lot() {
    let (p, s) = default_plan();
    let parts = xlsx_parts(xlsx::workbook(&p, &s).unwrap_or_else(|e| panic!("{e}")));
    for name in ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
        assert!(parts.contains_key(name), "{name} missing: {:?}", parts.keys());
    }
    assert!((1..=4).all(|n| parts.contains_key(&format!("xl/worksheets/sheet{n}.xml"))));
    let strings: Vec<&str> =
        parts["xl/sharedStrings.xml"].split("<si>").skip(1).map(|si| between(si, ">", "</t>")).collect();
    // A cell's value: shared strings looked up, numbers and booleans as written.
    let value = |c: &str| {
        let v = between(c, "<v>", "</v>");
        if c.contains(r#"t="s""#) {
            strings[v.parse::<usize>().unwrap_or_else(|e| panic!("{e}"))].into()
        } else {
            v.to_string()
        }
    };
    let sheet = &parts["xl/worksheets/sheet2.xml"];
    let rows: Vec<Vec<String>> =
        sheet.split("<row ").skip(1).map(|row| row.split("<c ").skip(1).map(value).collect()).collect();
    assert!(sheet.contains(r#"<c r="A1" s="1" t="s">"#), "the header is not bold: {sheet}");
    assert_eq!(rows[0][..3], ["lot", "value_gbp", "segments"]);
    assert_eq!(rows[0].len(), 10);
    assert_eq!(rows.len(), 1 + s.lots.len());
    for (row, lot) in rows[1..].iter().zip(&s.lots) {
        assert_eq!(row[0], lot.id);
        assert_eq!(row[1].parse::<f64>().ok(), Some(lot.value), "{row:?}");
    }
}

#[test]
fn ocds_release_uses_the_lots_extension() {
    let (p, s) = default_plan();
    let options = ocds::OcdsOptions { date: "2026-11-23T00:00:00Z".into(), ..Default::default() };
    let r = ocds::planning_release(&p, &s, &options);
    assert_eq!(r["tag"], serde_json::json!(["planning"]));
    assert!(r["ocid"].as_str().is_some_and(|o| o.starts_with("ocds-000000-")), "{}", r["ocid"]);
    assert_eq!(r["date"], "2026-11-23T00:00:00Z");
    let tender = &r["tender"];
    assert_eq!(tender["lotDetails"]["maximumLotsAwardedPerSupplier"], 3);
    let lots = tender["lots"].as_array().unwrap_or_else(|| panic!("no lots"));
    assert_eq!(lots.len(), s.lots.len());
    for (lot, planned) in lots.iter().zip(&s.lots) {
        assert_eq!(lot["id"], planned.id.as_str());
        assert!(lot["title"].is_string());
        assert_eq!(lot["status"], "planning");
        assert_eq!(lot["value"]["currency"], "GBP");
        assert_eq!(lot["value"]["amount"].as_f64(), Some(planned.value));
    }
    let items = tender["items"].as_array().unwrap_or_else(|| panic!("no items"));
    assert_eq!(items.len(), s.lots.iter().map(|l| l.segments.len()).sum::<usize>());
    let ids: Vec<&serde_json::Value> = lots.iter().map(|l| &l["id"]).collect();
    for item in items {
        assert!(item["id"].is_string() && item["description"].is_string());
        assert!(ids.contains(&&item["relatedLot"]), "{item}");
    }
    let total: f64 = s.lots.iter().map(|l| l.value).sum();
    assert_eq!(tender["value"]["amount"].as_f64(), Some(total));

    let package = ocds::release_package(&p, &s, &options);
    assert_eq!(package["extensions"][0], ocds::LOTS_EXTENSION);
    assert_eq!(package["releases"][0], r);
}
