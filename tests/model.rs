//! Workspace parsing and validation: exact paths, sentences naming the offending value, every
//! problem at once, and no panics on malformed input.
#![cfg(not(target_arch = "wasm32"))]

use lotwise::base::error::Issues;
use lotwise::model::{ActiveRef, Ownership, Workspace};
use serde_json::{json, Value};

/// A small valid workspace: two areas, four tiers, two functions, three localities.
fn fixture() -> Value {
    json!({
        "format": "lotwise/1",
        "active": 0,
        "scenarios": [{
            "id": "s1", "name": "Test",
            "service": {"authority": "Testshire", "name": "Children's services",
                        "base_year": 2013, "contract_term_years": 5},
            "service_areas": [
                {"code": "FOST", "name": "Fostering", "annual_value": 1000000},
                {"code": "RES", "name": "Residential", "annual_value": 600000}
            ],
            "tiers": {
                "levels": [{"number": 1, "name": "Level 1 Universal"},
                           {"number": 2, "name": "Level 2 Additional"},
                           {"number": 3, "name": "Level 3 Multiple/Complex"},
                           {"number": 4, "name": "Level 4 Acute/Specialist"}],
                "default_split": [0.1, 0.2, 0.3, 0.4],
                "split": {"RES": [0, 0, 0.5, 0.5]}
            },
            "functions": [
                {"code": "ASSESS", "name": "Assessment", "share": 0.2, "relevant_care": true},
                {"code": "CASE", "name": "Case work", "share": 0.8}
            ],
            "localities": [{"name": "North", "weight": 1}, {"name": "South", "weight": 2},
                           {"name": "East", "weight": 1}],
            "adjacency": [["North", "South"], ["South", "East"]],
            "split_by": ["area", "locality"],
            "retained": [],
            "suppliers": [
                {"id": "A", "name": "Alpha", "ownership": "pe", "revenue": 10000000,
                 "equity": 1000000, "service_areas": ["FOST", "RES"],
                 "localities": ["North", "South", "East"]},
                {"id": "B", "name": "Beta", "ownership": "charity", "not_for_profit": true,
                 "revenue": 4000000, "equity": 3000000, "service_areas": ["FOST"],
                 "localities": ["North", "South"]}
            ],
            "rules": {"k": 1, "m": 3, "v_min": 0, "v_max": 2000000}
        }]
    })
}

/// Parses `value` and returns its issues (panics if it is valid).
fn issues(value: &Value) -> Issues {
    match Workspace::from_json(&value.to_string()) {
        Ok(_) => panic!("expected problems in {value}"),
        Err(issues) => issues,
    }
}

/// The message at `path` (panics, listing all issues, if there is none).
fn message_at(issues: &Issues, path: &str) -> String {
    issues
        .iter()
        .find(|i| i.path == path)
        .unwrap_or_else(|| panic!("no issue at {path}; got:\n{issues}"))
        .message
        .clone()
}

/// Applies `edit` to the fixture's scenario and returns the message at `path`.
fn edit_scenario(edit: impl FnOnce(&mut Value), path: &str) -> String {
    let mut v = fixture();
    edit(&mut v["scenarios"][0]);
    message_at(&issues(&v), path)
}

#[test]
fn fixture_is_valid() {
    let ws = Workspace::from_json(&fixture().to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws.active_scenario().id, "s1");
    assert_eq!(ws.active_scenario().suppliers[1].ownership, Ownership::Charity);
}

#[test]
fn negative_revenue() {
    let m = edit_scenario(|s| s["suppliers"][1]["revenue"] = json!(-5), "scenarios[0].suppliers[1].revenue");
    assert_eq!(m, "must be a positive number of pounds, got -5");
}

#[test]
fn absurd_financial_standing_figures_and_limits() {
    let m = edit_scenario(|s| s["suppliers"][0]["net_debt"] = json!(5e13), "scenarios[0].suppliers[0].net_debt");
    assert_eq!(m, "must be a number of pounds (negative allowed) up to £1 trillion, got 50000000000000");
    let m = edit_scenario(
        |s| s["suppliers"][0]["current_liabilities"] = json!(-1),
        "scenarios[0].suppliers[0].current_liabilities",
    );
    assert!(m.contains("-1"), "{m}");
    let m = edit_scenario(
        |s| s["capacity_policy"] = json!({"concern_reduction": 2}),
        "scenarios[0].capacity_policy.concern_reduction",
    );
    assert_eq!(m, "must be a share of capacity from 0 to 1 (0% to 100%), got 2");
    let m = edit_scenario(
        |s| s["capacity_policy"] = json!({"max_net_debt_to_ebitda": -3}),
        "scenarios[0].capacity_policy.max_net_debt_to_ebitda",
    );
    assert!(m.contains("above 0 and at most 100"), "{m}");
}

#[test]
fn supplier_covers_unknown_locality() {
    let m = edit_scenario(
        |s| s["suppliers"][0]["localities"][1] = json!("Westeros"),
        "scenarios[0].suppliers[0].localities[1]",
    );
    assert!(m.contains("\"Westeros\""), "{m}");
}

#[test]
fn supplier_serves_unknown_area() {
    let m = edit_scenario(
        |s| s["suppliers"][1]["service_areas"][0] = json!("ADOP"),
        "scenarios[0].suppliers[1].service_areas[0]",
    );
    assert!(m.contains("\"ADOP\""), "{m}");
}

#[test]
fn adjacency_names_unknown_locality() {
    let m = edit_scenario(|s| s["adjacency"][1][1] = json!("Mordor"), "scenarios[0].adjacency[1][1]");
    assert!(m.contains("\"Mordor\""), "{m}");
}

#[test]
fn retained_selector_names_unknown_area() {
    let m = edit_scenario(|s| s["retained"] = json!([{"area": "SAFE"}]), "scenarios[0].retained[0].area");
    assert!(m.contains("\"SAFE\""), "{m}");
}

#[test]
fn retained_selector_names_unknown_tier_and_function() {
    let mut v = fixture();
    v["scenarios"][0]["retained"] = json!([{"tier": 7}, {"function": "MAGIC"}, {}]);
    let all = issues(&v);
    assert!(message_at(&all, "scenarios[0].retained[0].tier").contains('7'));
    assert!(message_at(&all, "scenarios[0].retained[1].function").contains("\"MAGIC\""));
    assert!(message_at(&all, "scenarios[0].retained[2]").contains("selects nothing"));
}

#[test]
fn retained_segment_must_exist() {
    let m =
        edit_scenario(|s| s["retained"] = json!([{"segment": "FOST-T2-North"}]), "scenarios[0].retained[0].segment");
    assert!(m.contains("\"FOST-T2-North\""), "{m}");
}

#[test]
fn duplicate_supplier_id() {
    let m = edit_scenario(|s| s["suppliers"][1]["id"] = json!("A"), "scenarios[0].suppliers[1].id");
    assert!(m.contains("\"A\"") && m.contains("twice"), "{m}");
}

#[test]
fn duplicate_locality_and_area() {
    let mut v = fixture();
    v["scenarios"][0]["localities"][2]["name"] = json!("North");
    v["scenarios"][0]["service_areas"][1]["code"] = json!("FOST");
    let all = issues(&v);
    assert!(message_at(&all, "scenarios[0].localities[2].name").contains("\"North\""));
    assert!(message_at(&all, "scenarios[0].service_areas[1].code").contains("\"FOST\""));
}

#[test]
fn tier_shares_not_summing_to_one() {
    let m = edit_scenario(
        |s| s["tiers"]["default_split"] = json!([0.1, 0.2, 0.3, 0.3]),
        "scenarios[0].tiers.default_split",
    );
    assert_eq!(m, "the tier shares must add up to 100%; they add up to 90%");
}

#[test]
fn tier_shares_within_tolerance_are_fine() {
    let mut v = fixture();
    v["scenarios"][0]["tiers"]["default_split"] = json!([0.1, 0.2, 0.3, 0.4000005]);
    Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn tier_split_wrong_length_and_unknown_area() {
    let mut v = fixture();
    v["scenarios"][0]["tiers"]["split"] = json!({"RES": [0.5, 0.5, 0], "YJ": [0, 0, 0.5, 0.5]});
    let all = issues(&v);
    let m = message_at(&all, "scenarios[0].tiers.split.RES");
    assert!(m.contains("3 shares") && m.contains("4 tier levels"), "{m}");
    assert!(message_at(&all, "scenarios[0].tiers.split.YJ").contains("\"YJ\""));
}

#[test]
fn share_out_of_range() {
    let m =
        edit_scenario(|s| s["tiers"]["split"]["RES"] = json!([-0.5, 0.5, 0.5, 0.5]), "scenarios[0].tiers.split.RES[0]");
    assert!(m.contains("got -50%"), "{m}");
}

#[test]
fn function_shares_not_summing_to_one() {
    let m = edit_scenario(|s| s["functions"][1]["share"] = json!(0.7), "scenarios[0].functions");
    assert_eq!(m, "the function shares must add up to 100%; they add up to 90%");
}

#[test]
fn negative_locality_weight() {
    let m = edit_scenario(|s| s["localities"][0]["weight"] = json!(-2), "scenarios[0].localities[0].weight");
    assert!(m.contains("-2"), "{m}");
}

#[test]
fn k_zero() {
    let m = edit_scenario(|s| s["rules"]["k"] = json!(0), "scenarios[0].rules.k");
    assert!(m.contains("got 0"), "{m}");
}

#[test]
fn v_min_above_v_max() {
    let m = edit_scenario(|s| s["rules"]["v_min"] = json!(3000000), "scenarios[0].rules.v_min");
    assert!(m.contains("£3,000,000") && m.contains("£2,000,000"), "{m}");
}

#[test]
fn contract_term_out_of_range() {
    let m =
        edit_scenario(|s| s["service"]["contract_term_years"] = json!(20), "scenarios[0].service.contract_term_years");
    assert_eq!(m, "must be between 1 and 15 years, got 20");
}

#[test]
fn annual_value_must_match_areas() {
    let m = edit_scenario(|s| s["service"]["annual_value"] = json!(1500000), "scenarios[0].service.annual_value");
    assert!(m.contains("£1,500,000") && m.contains("£1,600,000"), "{m}");
    let mut v = fixture();
    v["scenarios"][0]["service"]["annual_value"] = json!(1600000);
    Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn capacity_policy_ratios() {
    let m = edit_scenario(
        |s| s["capacity_policy"] = json!({"turnover_ratio": 1.5}),
        "scenarios[0].capacity_policy.turnover_ratio",
    );
    assert!(m.contains("1.5"), "{m}");
}

#[test]
fn wrong_format_and_active() {
    let mut v = fixture();
    v["format"] = json!("lotwise/9");
    assert!(message_at(&issues(&v), "format").contains("\"lotwise/9\""), "an unknown format is not read at all");
    v["format"] = json!("lotwise/3");
    v["active"] = json!(3);
    assert!(message_at(&issues(&v), "active").contains("scenario 3"));
    v["format"] = json!("lotwise/1");
    v["active"] = json!("nope");
    assert!(message_at(&issues(&v), "active").contains("\"nope\""));
}

#[test]
fn active_by_id() {
    let mut v = fixture();
    let mut second = v["scenarios"][0].clone();
    second["id"] = json!("s2");
    v["scenarios"].as_array_mut().unwrap().push(second);
    v["active"] = json!("s2");
    let ws = Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws.active, ActiveRef::Id("s2".into()));
    assert_eq!(ws.active_index(), Some(1));
    assert_eq!(ws.active_scenario().id, "s2");
}

#[test]
fn duplicate_scenario_id_and_no_scenarios() {
    let mut v = fixture();
    let copy = v["scenarios"][0].clone();
    v["scenarios"].as_array_mut().unwrap().push(copy);
    assert!(message_at(&issues(&v), "scenarios[1].id").contains("\"s1\""));
    let all = issues(&json!({"format": "lotwise/1", "scenarios": []}));
    assert!(message_at(&all, "scenarios").contains("no scenarios"));
}

#[test]
fn many_problems_at_once() {
    let mut v = fixture();
    let s = &mut v["scenarios"][0];
    s["suppliers"][0]["revenue"] = json!(-1);
    s["suppliers"][1]["localities"][0] = json!("Nowhere");
    s["functions"][0]["share"] = json!(0.5);
    s["rules"]["k"] = json!(0);
    s["adjacency"][0][0] = json!("Atlantis");
    let all = issues(&v);
    assert_eq!(all.len(), 5, "{all}");
    for path in [
        "scenarios[0].suppliers[0].revenue",
        "scenarios[0].suppliers[1].localities[0]",
        "scenarios[0].functions",
        "scenarios[0].rules.k",
        "scenarios[0].adjacency[0][0]",
    ] {
        message_at(&all, path);
    }
    assert!(all.to_string().starts_with("5 problems found:"));
}

#[test]
fn wrong_type_names_its_path() {
    let mut v = fixture();
    v["scenarios"][0]["suppliers"][0]["revenue"] = json!("lots");
    let all = issues(&v);
    assert_eq!(all.len(), 1);
    assert_eq!(all.0[0].path, "scenarios[0].suppliers[0].revenue");
    assert!(all.0[0].message.contains("lots"), "{all}");
}

#[test]
fn unknown_fields_are_ignored_and_unknown_ownership_reads_as_other() {
    let mut v = fixture();
    v["future"] = json!({"x": 1});
    v["scenarios"][0]["suppliers"][0]["ownership"] = json!("cooperative");
    v["scenarios"][0]["suppliers"][0]["rating"] = json!("AA");
    let ws = Workspace::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws.scenarios[0].suppliers[0].ownership, Ownership::Other);
}

#[test]
fn round_trip() {
    let ws = Workspace::from_json(&fixture().to_string()).unwrap();
    assert_eq!(Workspace::from_json(&ws.to_json()).unwrap(), ws);
    let default = Workspace::default_workspace();
    assert_eq!(Workspace::from_json(&default.to_json()).unwrap(), default);
}

#[test]
fn default_workspace_traces_to_the_data() {
    let ws = Workspace::default_workspace();
    ws.validate().unwrap_or_else(|e| panic!("{e}"));
    let sc = ws.active_scenario();
    let fost = sc.service_areas.iter().find(|a| a.code == "FOST").unwrap();
    assert_eq!(fost.annual_value, (1478e6_f64 / 152.0).round());
    assert_eq!(fost.annual_value, 9_723_684.0);
    // Each area rounded to whole pounds: 8,876m / 152 = 58,394,736.8 overall.
    assert_eq!(sc.total_value(), 58_394_737.0);
    assert_eq!(sc.suppliers.len(), 20);
    let acorn = sc.suppliers.iter().find(|s| s.name == "Acorn Care and Education").unwrap();
    assert_eq!(acorn.equity, Some(-138_250_000.0));
    assert_eq!(acorn.tangible_fixed_assets, Some(38_396_129.0));
    let pics = sc.suppliers.iter().find(|s| s.id == "PARTNERSHI").unwrap();
    assert_eq!((pics.revenue, pics.equity), (Some(30_000_000.0), None));
    assert!(sc.suppliers.iter().all(|s| s.illustrative));
    let nfp: Vec<&str> = sc.suppliers.iter().filter(|s| s.not_for_profit).map(|s| s.id.as_str()).collect();
    assert_eq!(nfp, ["ACTIONFORC", "ISP"]);
    assert_eq!(sc.localities.len(), 8);
    assert_eq!(sc.adjacency.len(), 12);
    assert_eq!((sc.rules.k, sc.rules.m, sc.rules.v_min, sc.rules.v_max), (2, 3, 300_000.0, 4_000_000.0));
    assert_eq!((sc.service.base_year, sc.service.contract_term_years), (2013, 5));
}

#[test]
fn never_panics_on_malformed_input() {
    let text = fixture().to_string();
    for end in 0..text.len() {
        assert!(Workspace::from_json(&text[..end]).is_err(), "prefix {end} parsed");
    }
    let binary = String::from_utf8_lossy(&[0xff, 0x00, 0x7b, 0xfe, 0x22, 0x80, 0x5b]).into_owned();
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let deep_field = format!("{{\"format\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let cases = [
        "".to_string(),
        "   \n".to_string(),
        binary,
        deep_array,
        deep_object,
        deep_field,
        "1e400".to_string(),
        text.replace("1000000", "1e400"),
        text.replace("10000000", "123456789012345678901234567890"),
        "null".to_string(),
        "[]".to_string(),
        "\"lotwise/1\"".to_string(),
        r#"{"format": 1, "scenarios": 5, "active": -1}"#.to_string(),
        r#"{"format": "lotwise/1", "scenarios": [{"id": 3}], "active": 1.5}"#.to_string(),
        r#"{"format": "lotwise/1", "scenarios": [{"id": "x", "split_by": ["colour"]}]}"#.to_string(),
        r#"{"format": "lotwise/1", "scenarios": [{"id": "x"}]}"#.to_string(),
    ];
    for case in &cases {
        let result = Workspace::from_json(case);
        assert!(result.is_err(), "accepted {:.60}", case);
        assert!(!result.unwrap_err().is_empty());
    }
}

#[test]
fn huge_number_reports_its_path() {
    let text = fixture().to_string().replace("\"revenue\":10000000", "\"revenue\":1e400");
    let all = Workspace::from_json(&text).unwrap_err();
    assert_eq!(all.0[0].path, "scenarios[0].suppliers[0].revenue", "{all}");
    let big = fixture().to_string().replace("\"revenue\":10000000", "\"revenue\":1e300");
    let all = Workspace::from_json(&big).unwrap_err();
    assert!(message_at(&all, "scenarios[0].suppliers[0].revenue").contains("implausibly large"));
}

#[test]
fn lotwise_1_and_2_files_read_as_lotwise_3_with_a_note() {
    let mut v = fixture();
    v["format"] = json!("lotwise/1");
    let (old, notes) = Workspace::import(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(notes, ["migrated from lotwise/1 to lotwise/3"]);
    v["format"] = json!("lotwise/2");
    let (v2, notes) = Workspace::import(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(notes, ["migrated from lotwise/2 to lotwise/3"]);
    assert_eq!(v2.regime, lotwise::model::Regime::Pa2023, "older files are read under the Procurement Act 2023");
    assert!(v2.scenarios[0].record.is_empty());
    v["format"] = json!("lotwise/3");
    let (current, notes) = Workspace::import(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(old, current);
    assert_eq!(v2, current);
    assert_eq!(current.format, "lotwise/3");
    assert!(current.to_json().contains("\"format\": \"lotwise/3\""), "saved in the current format");
}

#[test]
fn a_decision_record_too_long_or_malformed_in_a_file_is_refused_with_its_path() {
    let mut v = fixture();
    v["scenarios"][0]["record"] = json!({"why_lots": "x".repeat(1 << 20), "max_lots_bid": 0});
    v["scenarios"][0]["contract"] = json!({"term_months": 0, "start_date": "tomorrow"});
    let all = issues(&v);
    assert!(message_at(&all, "scenarios[0].record.why_lots").contains("1,048,576 characters"), "{all}");
    assert!(message_at(&all, "scenarios[0].record.max_lots_bid").contains("at least 1"));
    assert!(message_at(&all, "scenarios[0].contract.term_months").contains("1 to 180"));
    assert!(message_at(&all, "scenarios[0].contract.start_date").contains("YYYY-MM-DD"));
}

/// Saved plans are recognised by a fingerprint of their scenario's compact JSON; the app makes
/// that text from the pretty JSON it writes anyway (`compact_json`), which must give exactly
/// what the compact writer gives, names with quotes, backslashes and line breaks included.
#[test]
fn compact_json_of_the_pretty_text_is_the_compact_text() {
    let mut ws = Workspace::default_workspace();
    let sc = &mut ws.scenarios[0];
    sc.name = "A \"quoted\" name, a back\\slash,\na new line and\ta tab: { [ , ] }".into();
    sc.service.authority = "  spaced   out  ".into();
    for sc in &ws.scenarios {
        let pretty = serde_json::to_string_pretty(sc).unwrap();
        assert_eq!(lotwise::base::text::compact_json(&pretty), serde_json::to_string(sc).unwrap());
    }
    let pretty = ws.to_json();
    assert_eq!(lotwise::base::text::compact_json(&pretty), serde_json::to_string(&ws).unwrap());
}
