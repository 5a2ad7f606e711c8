//! The `lotwise` binary end to end: plans, exit codes, and every kind of bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn lotwise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lotwise")).args(args).output().expect("run lotwise")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `bytes` to a fresh file under the test temp folder.
fn fixture(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn instance(name: &str) -> String {
    common::instances_dir().join(format!("{name}.json")).display().to_string()
}

/// Bad input: exit 2, a message on stderr that contains `expect`, never a panic.
fn rejects(args: &[&str], expect: &str) {
    let o = lotwise(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: stderr {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(err.contains(expect), "{args:?}: expected {expect:?} in {err:?}");
    assert!(stdout(&o).is_empty(), "{args:?}: nothing on stdout for bad input");
}

#[test]
fn solves_a_lot_problem_to_the_known_optimum() {
    let o = lotwise(&["solve", &instance("S-1")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sol: lotwise::plan::solution::Solution = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((sol.num_lots, sol.min_credible_bidders), (Some(12), Some(3)));
    assert!(common::violations(&common::load_instance("S-1"), &sol).is_empty());
}

#[test]
fn solves_the_default_scenario_and_writes_out() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-default-solution.json");
    let o = lotwise(&["solve", "--default", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sol: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(sol["status"], "optimal");
    assert!(sol["num_lots"].as_u64().unwrap() >= 1);
    assert!(sol["lots"][0]["award"].is_string());
}

#[test]
fn table_format_is_for_people() {
    let o = lotwise(&["solve", "--default", "--format", "table"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("optimal (proven best)"), "{text}");
    assert!(text.contains("value a year") && text.contains("L1 "), "{text}");
}

#[test]
fn infeasible_exits_1_with_the_diagnosis_as_json() {
    let o = lotwise(&["solve", &instance("M-3")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let sol: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(sol["status"], "infeasible");
    let finding = &sol["diagnosis"][0];
    assert!(finding["rule"].as_str().unwrap().starts_with('R'));
    assert!(finding["fix"].as_str().unwrap().len() > 10);
}

#[test]
fn lower_writes_a_lot_problem_that_reads_back() {
    let o = lotwise(&["lower", "--default"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lowered = stdout(&o);
    let problem = lotwise::plan::problem::LotProblem::from_json(&lowered).expect("lowered problem is valid");
    assert!(problem.in_scope().count() > 0);
    let path = fixture("lowered.json", lowered.as_bytes());
    let again = lotwise(&["solve", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn check_accepts_valid_files_and_lists_every_problem() {
    let ok = lotwise(&["check", &instance("L-2")]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout(&ok).starts_with("ok:"));
    let ws = lotwise(&["check", "--default"]);
    assert_eq!(ws.status.code(), Some(0), "{}", stderr(&ws));

    let mut p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(instance("S-1")).unwrap()).unwrap();
    p["params"]["k"] = 0.into();
    p["segments"][0]["value"] = (-5).into();
    p["suppliers"][1]["localities"][0] = "Atlantis".into();
    let path = fixture("three-problems.json", p.to_string().as_bytes());
    let o = lotwise(&["check", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("3 problems found"), "{err}");
    assert!(err.contains("params.k"), "{err}");
    assert!(err.contains("segments[0].value: must be a positive number of pounds, got -5"), "{err}");
    assert!(err.contains("suppliers[1].localities[0]") && err.contains("Atlantis"), "{err}");
}

#[test]
fn malformed_files_get_a_clear_error_and_exit_2() {
    let s1 = std::fs::read_to_string(instance("S-1")).unwrap();
    let deep = "[".repeat(100_000);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "empty"),
        ("truncated", s1.as_bytes()[..s1.len() / 2].to_vec(), "truncated"),
        ("binary", vec![0xff, 0xfe, 0x00, 0x9c, 0x12], "not a text file"),
        ("deep", deep.into_bytes(), "not a valid"),
        ("huge-number", s1.replacen("\"k\": 2", "\"k\": 1e999", 1).into_bytes(), "params.k"),
        ("huge-value", s1.replacen("1150811", "1e300", 1).into_bytes(), "implausibly large"),
        ("wrong-type", s1.replacen("\"k\": 2", "\"k\": \"two\"", 1).into_bytes(), "params.k"),
        ("dangling", s1.replacen("\"locality\": \"L0\"", "\"locality\": \"Nowhere\"", 1).into_bytes(), "Nowhere"),
        ("duplicate", s1.replacen("\"id\": \"SSCC-L1\"", "\"id\": \"SSCC-L0\"", 1).into_bytes(), "appears twice"),
        ("not-an-object", b"[1, 2, 3]".to_vec(), "neither a Lotwise workspace"),
        ("neither", b"{\"hello\": 1}".to_vec(), "neither a Lotwise workspace"),
        ("bad-workspace", b"{\"format\": \"lotwise/1\", \"scenarios\": 7}".to_vec(), "scenarios"),
    ];
    for (name, bytes, expect) in cases {
        let path = fixture(name, &bytes);
        rejects(&["solve", path.to_str().unwrap()], expect);
        rejects(&["check", path.to_str().unwrap()], expect);
    }
}

#[test]
fn usage_errors_exit_2() {
    rejects(&["solve"], "needs a FILE or --default");
    rejects(&["solve", "--default", "--time-limit", "soon"], "--time-limit");
    rejects(&["solve", "--default", "--format", "xml"], "--format");
    rejects(&["solve", "--default", "--bogus"], "unknown option");
    rejects(&["frobnicate", "--default"], "unknown command");
    rejects(&["solve", "/definitely/not/here.json"], "cannot read it");
    rejects(&["solve", env!("CARGO_TARGET_TMPDIR")], "is a folder");
    rejects(&["solve", "--default", "--scenario", "nope"], "no scenario");
    let help = lotwise(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("USAGE"));
}

#[test]
fn progress_prints_each_better_plan_with_its_bound_and_gap() {
    // Listing switched off: the plan comes from search, reported as it improves.
    let o = lotwise(&["solve", &instance("L-1"), "--max-listed", "0", "--progress", "--time-limit", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(" lots, at least ")).collect();
    assert!(!lines.is_empty(), "no progress lines: {err}");
    assert!(lines.iter().all(|l| l.contains("(gap ") && l.contains("thinnest competition")), "{err}");
    // The answer is no worse than the last plan reported.
    let sol: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let last: u64 = lines.last().unwrap().split(": ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(sol["num_lots"].as_u64().unwrap() <= last);
}

#[test]
fn max_listed_must_be_a_whole_number() {
    rejects(&["solve", "--default", "--max-listed", "-3"], "--max-listed must be a whole number");
    rejects(&["solve", "--default", "--max-listed"], "--max-listed needs a value");
}

#[test]
fn alternatives_trade_lots_for_a_smaller_largest_share() {
    let o = lotwise(&["alternatives", "--default", "--time-limit", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans[0]["aim"], "fewest", "the fewest-lots plan comes first");
    assert!(plans.len() >= 2, "the example has a healthier alternative: {v}");
    let fewest = plans[0]["largest_share"].as_f64().unwrap();
    for p in &plans[1..] {
        let share = p["largest_share"].as_f64().unwrap();
        if p["aim"] == "cap" {
            assert!(share <= p["cap"].as_f64().unwrap() + 1e-9 && share < fewest, "{p}");
        }
        assert!(p["lots"].as_u64() >= plans[0]["lots"].as_u64());
        let plan: lotwise::plan::solution::Solution = serde_json::from_value(p["solution"].clone()).unwrap();
        assert_eq!(plan.lots.len() as u64, p["lots"].as_u64().unwrap());
    }
    // Each plan says what its worst single failure strands; the survivor, if any, strands none.
    for p in plans {
        assert!(p["worst_failure"].is_null() || p["worst_failure"]["stranded_value"].as_f64().unwrap() > 0.0, "{p}");
    }
    if let Some(title) = v.get("survives_any_single_failure").filter(|c| !c.is_null()) {
        let p = plans.iter().find(|p| &p["plan"] == title).unwrap();
        assert!(p["worst_failure"].is_null(), "{p}");
    }
    let table = lotwise(&["alternatives", "--default", "--time-limit", "3", "--format", "table"]);
    assert!(stdout(&table).contains("Fewest lots"), "{}", stdout(&table));
    assert!(stdout(&table).contains("survive"), "{}", stdout(&table));
    let none = lotwise(&["alternatives", &instance("M-3")]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no plan to start from"), "{}", stderr(&none));
}

#[test]
fn stress_fails_each_awarded_supplier_and_says_who_takes_its_lots() {
    let o = lotwise(&["stress", &instance("M-1")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plan: lotwise::plan::solution::Solution = serde_json::from_value(v["plan"].clone()).unwrap();
    let awarded: std::collections::BTreeSet<&str> = plan.lots.iter().map(|l| l.award.as_str()).collect();
    let failures = v["failures"].as_array().unwrap();
    assert_eq!(failures.len(), awarded.len(), "one case per awarded supplier");
    for f in failures {
        let failed = f["failed"][0].as_str().unwrap();
        let own: Vec<&str> = plan.lots.iter().filter(|l| l.award == failed).map(|l| l.id.as_str()).collect();
        let lots: Vec<&str> = f["lots"].as_array().unwrap().iter().map(|l| l["lot"].as_str().unwrap()).collect();
        assert_eq!(lots, own, "the case lists exactly the failed supplier's lots");
        for l in f["lots"].as_array().unwrap() {
            let lot = plan.lots.iter().find(|x| x.id == l["lot"]).unwrap();
            match l["to"].as_str() {
                Some(to) => assert!(to != failed && lot.credible_bidders.iter().any(|b| b == to)),
                None => assert!(f["stranded"].as_array().unwrap().iter().any(|s| s == &l["lot"])),
            }
        }
    }
    let table = lotwise(&["stress", "--default", "--format", "table"]);
    assert_eq!(table.status.code(), Some(0));
    assert!(stdout(&table).contains("if this supplier fails"), "{}", stdout(&table));
    rejects(&["stress"], "needs a FILE or --default");
    // No plan to stress: exit 1, and the diagnosis is still written.
    let none = lotwise(&["stress", &instance("M-3")]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no plan to stress"), "{}", stderr(&none));
}

#[test]
fn exports_the_default_plan_in_every_format() {
    let o = lotwise(&["export", "--default", "--format", "ocds"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pkg: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let release = &pkg["releases"][0];
    assert_eq!(release["tender"]["documents"][0]["noticeType"], "UK4");
    assert_eq!(release["tender"]["lots"][0]["contractPeriod"]["durationInMonths"], 60);
    assert!(release["date"].as_str().is_some_and(|d| d.len() == 20 && d.starts_with("20")), "{}", release["date"]);
    assert!(!stdout(&o).contains("Cambian"), "no supplier named");

    let o = lotwise(&["export", "--default", "--format", "csv", "--scenario", "default"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(csv.starts_with("Lot,Value a year (GBP),"), "{csv}");
    assert!(csv.contains("Yes, with ") && !csv.contains("Indicative award"));
    let o = lotwise(&["export", "--default", "--format", "csv", "--internal"]);
    assert!(stdout(&o).contains("Indicative award (internal)"));

    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-plan.xlsx");
    let o = lotwise(&["export", "--default", "--format", "xlsx", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK");

    let o = lotwise(&["export", "--default", "--format", "json"]);
    let tables: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(tables["summary"]["Regime"], "Procurement Act 2023");
    assert!(tables["lots"].as_array().is_some_and(|l| !l.is_empty()));
}

#[test]
fn export_refuses_what_it_cannot_write() {
    rejects(&["export", "--default"], "needs --format ocds, csv, xlsx or json");
    rejects(&["export", "--default", "--format", "pdf"], "--format must be ocds, csv, xlsx or json");
    rejects(&["export", "--default", "--format", "xlsx"], "give --out FILE.xlsx");
    rejects(&["export", &instance("S-1"), "--format", "ocds"], "export needs a workspace");
    rejects(&["export", "--default", "--format", "ocds", "--scenario", "nope"], "no scenario \"nope\"");
    // A one-lot plan needs the reasons for not dividing before the notice is written.
    let mut ws = lotwise::model::Workspace::default_workspace();
    let sc = &mut ws.scenarios[0];
    sc.rules.v_max = 1e12;
    sc.rules.mix_service_areas = true;
    sc.rules.k = 1;
    sc.suppliers.truncate(1);
    sc.suppliers[0].revenue = Some(1e12);
    sc.suppliers[0].equity = Some(1e12);
    sc.suppliers[0].service_areas = sc.service_areas.iter().map(|a| a.code.clone()).collect();
    let path = fixture("one-lot.json", ws.to_json().as_bytes());
    let one = lotwise(&["solve", path.to_str().unwrap()]);
    let sol: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(sol["num_lots"], 1, "{}", stdout(&one));
    rejects(&["export", path.to_str().unwrap(), "--format", "ocds"], "reasons for not dividing");
    ws.scenarios[0].record.no_division = "One provider must run every placement.".into();
    let path = fixture("one-lot-reasons.json", ws.to_json().as_bytes());
    let o = lotwise(&["export", path.to_str().unwrap(), "--format", "ocds"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pkg: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        pkg["releases"][0]["tender"]["lotDetails"]["noLotsDivisionRationale"],
        "One provider must run every placement."
    );
}

#[test]
fn merge_brings_another_authority_in_and_solves_the_region() {
    let westshire = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/regional/westshire-workspace.json")
        .display()
        .to_string();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-region.json");
    let o = lotwise(&["merge", "--default", "--with", &westshire, "--same", "auto", "--out", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("Westshire Council joined the plan with 5 localities"), "{err}");
    assert!(err.contains("same supplier? W-CAMBIANGRO and CAMBIANGRO (the same name): merged as one"), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let (ws, _) = lotwise::model::Workspace::import(&text).unwrap();
    assert_eq!(ws.active_scenario().authorities.len(), 2);
    let o = lotwise(&["solve", out.to_str().unwrap(), "--time-limit", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Without --same auto the look-alikes stay apart, and say how to merge them.
    let o = lotwise(&["merge", "--default", "--with", &westshire]);
    assert!(stderr(&o).contains("kept apart (--same auto merges them)"));
    rejects(&["merge", "--default"], "needs --with FILE");
    rejects(&["merge", "--default", "--with", &westshire, "--same", "maybe"], "--same must be `auto` or `none`");
    let empty = fixture("empty-authority.json", b"");
    rejects(&["merge", "--default", "--with", empty.to_str().unwrap()], "the workspace file is empty");
}

#[test]
fn framework_lots_list_their_providers_in_the_json_and_the_tables() {
    // M-1 with each lot of its first area appointing two providers.
    let mut problem: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(instance("M-1")).unwrap()).unwrap();
    let area = problem["service_areas"][0]["code"].as_str().unwrap().to_string();
    problem["params"]["appointments"] = serde_json::json!({ area.clone(): 2 });
    let file = fixture("framework.json", problem.to_string().as_bytes());
    let file = file.to_str().unwrap();
    let o = lotwise(&["solve", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sol: lotwise::plan::solution::Solution = serde_json::from_str(&stdout(&o)).unwrap();
    let parsed = lotwise::plan::problem::LotProblem::from_json(&problem.to_string()).unwrap();
    assert_eq!(common::violations(&parsed, &sol), Vec::<String>::new());
    let framework: Vec<_> = sol.lots.iter().filter(|l| !l.appointed.is_empty()).collect();
    assert!(!framework.is_empty(), "some lot of {area} appoints two");
    assert!(framework.iter().all(|l| l.appointed.len() == 2 && l.award == l.appointed[0]));

    let table = lotwise(&["solve", file, "--format", "table"]);
    let first = framework[0];
    assert!(stdout(&table).contains(&first.appointed.join("+")), "{}", stdout(&table));
    // The stress test fails each appointee: one case per supplier with any award.
    let o = lotwise(&["stress", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plan: lotwise::plan::solution::Solution = serde_json::from_value(v["plan"].clone()).unwrap();
    let awarded: std::collections::BTreeSet<&str> = plan.lots.iter().flat_map(|l| l.appointees()).collect();
    assert_eq!(v["failures"].as_array().unwrap().len(), awarded.len());
    // Out of range: a clear error with the path, exit 2.
    problem["params"]["appointments"] = serde_json::json!({ area.clone(): 0 });
    let bad = fixture("framework-bad.json", problem.to_string().as_bytes());
    rejects(&["solve", bad.to_str().unwrap()], &format!("params.appointments.{area}"));
}

#[test]
fn parts_plan_the_service_areas_at_once_and_give_the_same_answer() {
    let whole = lotwise(&["solve", &instance("L-2")]);
    let parts = lotwise(&["solve", &instance("L-2"), "--parts", "2"]);
    assert_eq!(parts.status.code(), Some(0), "{}", stderr(&parts));
    let (whole, split): (lotwise::plan::solution::Solution, lotwise::plan::solution::Solution) =
        (serde_json::from_str(&stdout(&whole)).unwrap(), serde_json::from_str(&stdout(&parts)).unwrap());
    assert_eq!(
        (split.status, split.num_lots, split.min_credible_bidders),
        (whole.status, whole.num_lots, whole.min_credible_bidders)
    );
    assert_eq!(split.stats.as_ref().map(|s| s.parts), Some(2), "solved in two parts");
    assert!(common::violations(&common::load_instance("L-2"), &split).is_empty());
    rejects(&["solve", "--default", "--parts", "0"], "--parts must be a whole number from 1 to 64");
    rejects(&["solve", "--default", "--parts", "two"], "--parts must be a whole number from 1 to 64");
}
