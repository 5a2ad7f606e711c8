//! Exports: CSV tables with formula-injection escaping, readable labels and no named winners
//! unless asked; the XLSX workbook; the JSON tables. (The OCDS release: `tests/ocds_schema.rs`.)
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;

use lotwise::base::text::csv_cell;
use lotwise::model::{Scenario, Workspace};
use lotwise::plan::lower::lower;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Solution, Status};
use lotwise::plan::solver::{solve, Options};
use lotwise::views::export::{self, xlsx, Plan};

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

fn example() -> Scenario {
    Workspace::default_workspace().active_scenario().clone()
}

/// A scenario to go with [`hostile`]: its name tries formula injection too.
fn hostile_scenario() -> Scenario {
    Scenario { id: "h".into(), name: "=HYPERLINK(\"http://x\")".into(), ..Scenario::default() }
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
    let sc = hostile_scenario();
    let plan = Plan { internal: true, ..Plan::new(&p, &s, &sc) };
    let lots = records(&export::csv::lots(&plan));
    assert_eq!(lots[0][..3], ["Lot", "Value a year (GBP)", "Value over the term (GBP)"]);
    assert_eq!(lots[1][1], "9");
    assert_eq!(lots[1][3], "'-2+3", "service areas by name");
    assert_eq!(lots[1][4], "'+North; South");
    assert!(lots[1][6].starts_with("'-2+3"), "{:?}", lots[1]);
    assert!(lots[1][12].starts_with("'=cmd") || lots[1][12].starts_with("'\t"), "{:?}", lots[1]);

    let segs = records(&export::csv::segments(&plan));
    assert_eq!(segs.len(), 3);
    assert_eq!(segs[1][..3], ["'=1+1", "'-2+3", "'+North"]);
    assert_eq!(segs[1][5], "4");
    assert_eq!(segs[1][6], "No", "yes/no in words");

    let sups = records(&export::csv::suppliers(&plan));
    let names: Vec<&str> = sups[1..].iter().map(|r| r[0].as_str()).collect();
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
    let sc = example();
    let internal = Plan { internal: true, ..Plan::new(&p, &s, &sc) };
    assert_eq!(records(&export::csv::lots(&internal)).len(), 1 + s.lots.len());
    assert_eq!(records(&export::csv::segments(&internal)).len(), 1 + p.segments.len());
    assert_eq!(records(&export::csv::suppliers(&internal)).len(), 1 + p.suppliers.len());
    let awarded: f64 = records(&export::csv::suppliers(&internal))[1..]
        .iter()
        .map(|r| r[11].parse::<f64>().unwrap_or_else(|e| panic!("{e}")))
        .sum();
    assert_eq!(awarded, s.lots.iter().map(|l| l.value).sum::<f64>());
}

#[test]
fn exports_for_outside_the_team_name_no_winner_and_no_bidder() {
    let (p, s) = default_plan();
    let sc = example();
    let outside = Plan::new(&p, &s, &sc);
    let lots = records(&export::csv::lots(&outside));
    assert_eq!(lots[0].len(), 11, "{:?}", lots[0]);
    assert!(!lots[0].iter().any(|h| h.contains("award") || h.contains("internal")), "{:?}", lots[0]);
    for (row, lot) in lots[1..].iter().zip(&s.lots) {
        assert_eq!(row[9], format!("Yes, with {} credible bidders", lot.credible_bidders.len()));
        let sme = lot.credible_bidders.iter().any(|b| p.suppliers.iter().any(|j| j.id == *b && j.is_sme()));
        assert_eq!(row[10], if sme { "Yes" } else { "No" }, "whether an SME could bid");
        assert_eq!(row[2].parse::<f64>().ok(), Some((lot.value * 5.0).round()), "whole-term value over 5 years");
    }
    let text = export::csv::lots(&outside) + &export::csv::segments(&outside);
    let json = export::json(&outside);
    let json = json["lots"].to_string() + &json["segments"].to_string() + &json["summary"].to_string();
    for supplier in &p.suppliers {
        assert!(!text.contains(&supplier.name), "{} named in the CSV lots or segments", supplier.name);
        assert!(!json.contains(&supplier.name), "{} named in the JSON lots, segments or summary", supplier.name);
    }
    let sups = records(&export::csv::suppliers(&outside));
    assert_eq!(sups[0].len(), 10, "no allocation columns: {:?}", sups[0]);
    assert_eq!(sups[0][9], "Group (parent company or owner)");
    // With the box ticked, the allocation is there and says it is internal.
    let internal = Plan { internal: true, ..outside };
    let lots = records(&export::csv::lots(&internal));
    assert_eq!(lots[0][12], "Indicative award (internal)");
    let award = p.suppliers.iter().find(|j| j.id == s.lots[0].award).map(|j| j.name.clone()).unwrap_or_default();
    assert_eq!(lots[1][12], award);
    // The register's financial standing, for the team only.
    let sups = records(&export::csv::suppliers(&internal));
    let last = sups[0].len() - 1;
    assert_eq!(sups[0][last], "Financial standing (internal)");
    assert!(
        sups[1..].iter().any(|r| r[last].starts_with("Financial concern: net liabilities")),
        "the example has suppliers with negative equity: {:?}",
        sups.iter().map(|r| r[last].clone()).collect::<Vec<_>>()
    );
}

#[test]
fn the_summary_speaks_in_words() {
    let (p, s) = default_plan();
    let sc = example();
    let summary = export::json(&Plan::new(&p, &s, &sc))["summary"].clone();
    assert_eq!(summary["Scenario"], "Split by service area and locality", "the name, not the id");
    assert!(summary["Status"].as_str().is_some_and(|t| t.starts_with("Proven best plan: 13 lots")), "{summary}");
    assert_eq!(summary["Lots may mix service areas"], "No");
    assert_eq!(summary["Regime"], "Procurement Act 2023");
    assert_eq!(summary["Contract"], "60-month term (5 years)");
}

#[test]
fn xlsx_is_a_zip_with_the_four_sheets() {
    let (p, s) = default_plan();
    let sc = example();
    let bytes = xlsx::workbook(&Plan::new(&p, &s, &sc)).unwrap_or_else(|e| panic!("{e}"));
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
    let sc = hostile_scenario();
    let bytes = xlsx::workbook(&Plan { internal: true, ..Plan::new(&p, &s, &sc) }).unwrap_or_else(|e| panic!("{e}"));
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
    let sc = example();
    let parts = xlsx_parts(xlsx::workbook(&Plan::new(&p, &s, &sc)).unwrap_or_else(|e| panic!("{e}")));
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
    assert_eq!(rows[0][..3], ["Lot", "Value a year (GBP)", "Value over the term (GBP)"]);
    assert_eq!(rows[0].len(), 11);
    assert_eq!(rows.len(), 1 + s.lots.len());
    for (row, lot) in rows[1..].iter().zip(&s.lots) {
        assert_eq!(row[0], lot.id);
        assert_eq!(row[1].parse::<f64>().ok(), Some(lot.value), "{row:?}");
    }
}
