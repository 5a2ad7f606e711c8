//! The OCDS export validated against the schemas it declares: OCDS 1.1 core with the lots,
//! selection criteria, suitability and UK extensions applied as JSON Merge Patches (RFC 7386),
//! all read from `tests/data/ocds/` (copies of the publishers' files, see its README), and
//! checked with a JSON Schema (draft 4) validator. Then the fields a commissioner relies on:
//! whole-term values, contract periods, conditions of participation, lot details, lot groups,
//! and no supplier or tool named.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};

use lotwise::model::edit::Edit;
use lotwise::model::procurement::{ContractField, LotGroup, RecordText, MAX_TEXT_CHARS};
use lotwise::model::{Regime, Workspace};
use lotwise::plan::lower::lower;
use lotwise::plan::solution::Solution;
use lotwise::plan::solver::{solve, Options};
use lotwise::views::export::ocds::{self, OcdsOptions};
use lotwise::views::export::Plan;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ocds");

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DATA}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// RFC 7386: objects merge key by key, `null` removes a key, anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let Value::Object(map) = target else { unreachable!() };
    for (key, value) in patch {
        if value.is_null() {
            map.remove(key);
        } else {
            merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The release schema with every extension the export declares.
///
/// Some extensions point at definitions from extensions they depend on that are not vendored
/// (selection criteria's `numbers[]` use the award criteria extension's `CriterionNumber`; the
/// UK extension uses the location extension's `Location`).
/// Those definitions are added as `{"not": {}}`, which no value meets: the export validates
/// only if it never uses them.
fn schema() -> Value {
    let mut schema = read("core-1.1/release-schema.json");
    for ext in ["lots", "selectionCriteria", "suitability", "uk"] {
        merge_patch(&mut schema, &read(&format!("{ext}/release-schema.json")));
    }
    for missing in dangling_refs(&schema) {
        schema["definitions"][missing] = json!({"not": {}});
    }
    schema
}

/// Definitions that `$ref`s name but the schema lacks.
fn dangling_refs(schema: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    if let Some(name) = r.strip_prefix("#/definitions/") {
                        out.push(name.to_string());
                    }
                }
                map.values().for_each(|x| walk(x, out));
            }
            Value::Array(list) => list.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    walk(schema, &mut refs);
    lotwise::base::sort::sort(&mut refs);
    refs.dedup();
    refs.retain(|name| schema["definitions"].get(name).is_none());
    refs
}

/// Every way `release` breaks the schema, as "path: message" lines.
fn violations(release: &Value) -> Vec<String> {
    let schema = schema();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the merged schema does not compile: {e}"));
    validator.iter_errors(release).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn example() -> (Workspace, lotwise::plan::problem::LotProblem, Solution) {
    let mut ws = Workspace::default_workspace();
    for edit in [
        Edit::SetContract(ContractField::TermMonths(48)),
        Edit::SetContract(ContractField::ExtensionMonths(24)),
        Edit::SetContract(ContractField::StartDate("2026-04-01".into())),
        Edit::SetMaxLotsBid(Some(5)),
        Edit::SetRecordText {
            field: RecordText::TieBreak,
            text: "Lots are awarded in order of value, largest first.".into(),
        },
        Edit::SetRecordText { field: RecordText::WhyLots, text: "Each lot has enough credible bidders.".into() },
        Edit::SetLotGroups(vec![LotGroup { lots: vec!["L6".into(), "L7".into()], max_value: Some(20_000_000.0) }]),
    ] {
        ws.apply(edit).unwrap_or_else(|e| panic!("{e}"));
    }
    let problem = lower(ws.active_scenario()).unwrap_or_else(|e| panic!("{e}"));
    let solution = solve(&problem, &Options::default());
    (ws, problem, solution)
}

fn package(ws: &Workspace, problem: &lotwise::plan::problem::LotProblem, solution: &Solution) -> Value {
    let plan = Plan { regime: ws.regime, ..Plan::new(problem, solution, ws.active_scenario()) };
    ocds::release_package(&plan, &OcdsOptions { date: "2026-12-03T00:00:00Z".into(), ..OcdsOptions::default() })
}

#[test]
fn the_merged_schema_has_the_fields_the_export_writes() {
    let mut merged = read("core-1.1/release-schema.json");
    for ext in ["lots", "selectionCriteria", "suitability", "uk"] {
        merge_patch(&mut merged, &read(&format!("{ext}/release-schema.json")));
    }
    let missing = dangling_refs(&merged);
    // From the award criteria and location extensions, which are not vendored: the export
    // uses neither (see `schema`).
    assert_eq!(missing, ["CriterionNumber", "Location"]);
    let s = schema();
    let defs = &s["definitions"];
    assert!(defs["Tender"]["properties"]["lots"].is_object(), "lots extension applied");
    assert!(defs["Lot"]["properties"]["selectionCriteria"].is_object(), "selection criteria applied");
    assert!(defs["Lot"]["properties"]["suitability"].is_object(), "suitability applied");
    assert!(defs["Period"]["properties"]["durationInMonths"].is_object(), "UK extension applied");
    assert!(defs["Tender"]["properties"]["lotDetails"]["properties"]["noLotsDivisionRationale"].is_object());
    assert!(defs["Tender"]["properties"]["lotDetails"]["properties"]["maximumLotsBidPerSupplier"].is_object());
    // The validator catches a wrong type, so a pass below means something.
    let mut broken = package(&example().0, &example().1, &example().2)["releases"][0].clone();
    broken["tender"]["lots"][0]["contractPeriod"]["durationInMonths"] = json!("sixty");
    broken["tender"]["lotDetails"]["maximumLotsBidPerSupplier"] = json!(2.5);
    let found = violations(&broken);
    assert!(found.iter().any(|v| v.contains("durationInMonths")), "{found:?}");
    assert!(found.iter().any(|v| v.contains("maximumLotsBidPerSupplier")), "{found:?}");
}

#[test]
fn the_tender_release_validates_and_carries_the_decision() {
    let (ws, problem, solution) = example();
    let pkg = package(&ws, &problem, &solution);
    let release = &pkg["releases"][0];
    let found = violations(release);
    assert!(found.is_empty(), "the release breaks the schema:\n{}", found.join("\n"));

    assert_eq!(pkg["extensions"].as_array().map(Vec::len), Some(4));
    assert_eq!(pkg["extensions"][0], ocds::LOTS_EXTENSION);
    assert_eq!(release["tag"], json!(["tender"]));
    assert_eq!(release["tender"]["documents"][0]["noticeType"], "UK4");
    let tender = &release["tender"];
    let lots = tender["lots"].as_array().unwrap_or_else(|| panic!("no lots"));
    assert_eq!(lots.len(), solution.lots.len());
    for (lot, planned) in lots.iter().zip(&solution.lots) {
        assert_eq!(lot["id"], planned.id.as_str());
        assert_eq!(lot["value"]["amount"].as_f64(), Some((planned.value * 4.0).round()), "48 months of value");
        assert_eq!(lot["value"]["currency"], "GBP");
        assert_eq!(lot["contractPeriod"]["durationInMonths"], 48);
        assert_eq!(lot["contractPeriod"]["startDate"], "2026-04-01T00:00:00Z");
        let criterion = &lot["selectionCriteria"]["criteria"][0];
        assert_eq!(criterion["type"], "economic");
        let minimum = lotwise::base::money::gbp_full((planned.value / 0.5).ceil());
        assert_eq!(criterion["minimum"], format!("{minimum} yearly turnover"), "half of turnover covers a year");
        assert!(lot["suitability"]["sme"].is_boolean());
    }
    let details = &tender["lotDetails"];
    assert_eq!(details["maximumLotsBidPerSupplier"], 5);
    assert_eq!(details["maximumLotsAwardedPerSupplier"], 3);
    assert_eq!(details["awardCriteriaDetails"], "Lots are awarded in order of value, largest first.");
    assert!(details.get("noLotsDivisionRationale").is_none(), "the service is divided");
    assert_eq!(tender["lotGroups"][0]["relatedLots"], json!(["L6", "L7"]));
    assert_eq!(tender["lotGroups"][0]["maximumValue"]["amount"], 20_000_000);
    assert_eq!(release["planning"]["rationale"], "Each lot has enough credible bidders.");
    let total: f64 = lots.iter().filter_map(|l| l["value"]["amount"].as_f64()).sum();
    assert_eq!(tender["value"]["amount"].as_f64(), Some(total));
    // Items: one per segment, related to its lot, named by area and locality.
    let items = tender["items"].as_array().unwrap_or_else(|| panic!("no items"));
    assert_eq!(items.len(), solution.lots.iter().map(|l| l.segments.len()).sum::<usize>());
    for item in items {
        let lot = solution.lots.iter().find(|l| item["relatedLot"] == l.id.as_str()).expect("a lot of the plan");
        assert!(lot.localities.iter().any(|loc| item["description"].as_str().unwrap_or("").contains(loc.as_str())));
    }
    // Nobody is named: no supplier, and not the tool.
    let text = pkg.to_string();
    for s in &ws.active_scenario().suppliers {
        assert!(!text.contains(&s.name), "{} is named", s.name);
        assert!(!text.contains(&format!("\"{}\"", s.id)), "{} is named", s.id);
    }
    assert!(!text.to_lowercase().contains("lotwise"), "the tool is named: {text}");
}

#[test]
fn a_one_lot_plan_publishes_the_reasons_for_not_dividing() {
    let (mut ws, problem, mut solution) = example();
    ws.apply(Edit::SetLotGroups(Vec::new())).unwrap_or_else(|e| panic!("{e}"));
    solution.lots.truncate(1);
    ws.apply(Edit::SetRecordText {
        field: RecordText::NoDivision,
        text: "The placements must be commissioned as one service.".into(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let release = package(&ws, &problem, &solution)["releases"][0].clone();
    let found = violations(&release);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let details = &release["tender"]["lotDetails"];
    assert_eq!(details["noLotsDivisionRationale"], "The placements must be commissioned as one service.");
    assert_eq!(details["maximumLotsBidPerSupplier"], 1);
    assert_eq!(details["maximumLotsAwardedPerSupplier"], 1);
}

#[test]
fn hostile_record_text_exports_escaped_and_within_limits() {
    let (mut ws, problem, solution) = example();
    let refused = ws.apply(Edit::SetRecordText { field: RecordText::WhyLots, text: "<b>".repeat(1 << 20) });
    assert!(refused.is_err(), "a 3 MB record is refused");
    let mut hostile = String::from("<script>alert('x')</script>\u{0}\u{1b}[2J\"quoted\" \\ back\u{202e}");
    while hostile.chars().count() + 40 < MAX_TEXT_CHARS {
        hostile.push_str(" <img src=x onerror=alert(1)>");
    }
    ws.apply(Edit::SetRecordText { field: RecordText::WhyLots, text: hostile.clone() })
        .unwrap_or_else(|e| panic!("{e}"));
    let pkg = package(&ws, &problem, &solution);
    let found = violations(&pkg["releases"][0]);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let text = serde_json::to_string(&pkg).unwrap_or_else(|e| panic!("{e}"));
    assert!(!text.bytes().any(|b| b < 0x20), "no raw control character in the file");
    let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let rationale = back["releases"][0]["planning"]["rationale"].as_str().unwrap_or_default();
    assert!(rationale.starts_with("<script>alert('x')</script>[2J\"quoted\" \\ back"), "kept as text");
    assert!(!rationale.contains('\u{0}') && !rationale.contains('\u{1b}'));
    assert!(rationale.chars().count() <= MAX_TEXT_CHARS);
}

#[test]
fn the_regime_does_not_change_what_the_notice_may_hold() {
    let (mut ws, problem, solution) = example();
    ws.apply(Edit::SetRegime(Regime::Pcr2015)).unwrap_or_else(|e| panic!("{e}"));
    let found = violations(&package(&ws, &problem, &solution)["releases"][0]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The workspace's active scenario solved and its tender release, checked against the schema.
fn valid_release(ws: &Workspace) -> (Solution, Value) {
    let problem = lower(ws.active_scenario()).unwrap_or_else(|e| panic!("{e}"));
    let solution = solve(&problem, &Options::default());
    let release = package(ws, &problem, &solution)["releases"][0].clone();
    let found = violations(&release);
    assert!(found.is_empty(), "the release breaks the schema:\n{}", found.join("\n"));
    (solution, release)
}

#[test]
fn a_regional_plan_names_every_authority_as_a_buyer() {
    let (mut ws, _, _) = example();
    let mut theirs = Workspace::default_workspace().scenarios.remove(0);
    theirs.service.authority = "Westshire Council".into();
    ws.apply(Edit::MergeAuthority { from: Box::new(theirs), same: vec![] }).unwrap();
    let (_, release) = valid_release(&ws);
    let parties = release["parties"].as_array().unwrap();
    let names: Vec<&str> = parties.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, [ws.active_scenario().service.authority.as_str(), "Westshire Council"]);
    assert!(parties.iter().all(|p| p["roles"] == serde_json::json!(["buyer"])));
    assert_eq!(release["buyer"]["name"], parties[0]["name"], "the lead authority is the buyer");
    // Each lot says whose work it holds.
    let lots = release["tender"]["lots"].as_array().unwrap();
    assert!(lots.iter().all(|l| l["description"].as_str().unwrap().contains(" For: ")));
    assert!(lots.iter().any(|l| l["description"].as_str().unwrap().ends_with("For: Westshire Council.")));
}

#[test]
fn framework_lots_validate_and_say_how_many_providers_each_appoints() {
    let (mut ws, _, _) = example();
    ws.apply(Edit::SetAppointments { code: "FOST".into(), n: 3 }).unwrap();
    let (solution, release) = valid_release(&ws);
    let lots = release["tender"]["lots"].as_array().unwrap();
    let framework: Vec<&Value> = lots
        .iter()
        .filter(|l| l["description"].as_str().unwrap().contains("A framework lot: it appoints 3 providers"))
        .collect();
    let fostering = solution.lots.iter().filter(|l| !l.appointed.is_empty()).count();
    assert!(fostering > 0 && framework.len() == fostering, "{} of {fostering}", framework.len());
    // The minimum turnover asked is for one provider's share of the lot.
    for l in framework {
        let why = l["selectionCriteria"]["criteria"][0]["description"].as_str().unwrap();
        assert!(why.contains("shared by the 3 providers it appoints"), "{why}");
    }
}
