//! Import never panics: 10,000+ malformed or hostile workspace files, mutations of the default
//! workspace (truncation, byte flips, deleted and duplicated keys, wrong types, huge numbers,
//! deep nesting, giant strings) and random JSON. Each is either rejected with issues that say
//! something, or accepted as a workspace that validates and lowers.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::LazyLock;

use lotwise::model::{Workspace, MAX_IMPORT_BYTES};
use lotwise::plan::lower::lower;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

static DEFAULT: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(Workspace::default_workspace()).unwrap_or(Value::Null));
static DEFAULT_TEXT: LazyLock<String> = LazyLock::new(|| DEFAULT.to_string());
static DEFAULT_WS: LazyLock<Workspace> = LazyLock::new(Workspace::default_workspace);

/// The property: no panic; rejected with non-empty issues, or accepted and valid.
fn check(text: &str) -> Result<(), TestCaseError> {
    match Workspace::import(text) {
        Ok((ws, _notes)) => {
            prop_assert!(ws.validate().is_ok(), "accepted an invalid workspace");
            // Lowering is the slow part in debug builds; the default itself lowers (unit test).
            for sc in ws.scenarios.iter().filter(|sc| **sc != DEFAULT_WS.scenarios[0]) {
                prop_assert!(lower(sc).is_ok(), "accepted a scenario that does not lower");
            }
        }
        Err(issues) => {
            prop_assert!(!issues.is_empty());
            prop_assert!(issues.iter().all(|i| !i.message.trim().is_empty()));
        }
    }
    Ok(())
}

/// The node reached by following `picks` (stopping early at leaves).
fn node<'a>(v: &'a mut Value, picks: &[Index]) -> &'a mut Value {
    let Some((pick, rest)) = picks.split_first() else {
        return v;
    };
    let len = match &*v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if len == 0 {
        return v;
    }
    let n = pick.index(len);
    let child = match v {
        Value::Object(m) => m.values_mut().nth(n),
        Value::Array(a) => a.get_mut(n),
        _ => None,
    };
    node(child.unwrap_or_else(|| unreachable!("index below length")), rest)
}

/// Removes one child of the node at `picks`.
fn delete(v: &mut Value, picks: &[Index], which: Index) {
    match node(v, picks) {
        Value::Object(m) if !m.is_empty() => {
            let key = m.keys().nth(which.index(m.len())).cloned().unwrap_or_default();
            m.remove(&key);
        }
        Value::Array(a) if !a.is_empty() => {
            a.remove(which.index(a.len()));
        }
        _ => {}
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(Value::from),
        prop::sample::select(vec![0.0, -1.0, 0.5, 1.0, 1e12, 1e12 + 1.0, 1e15, 1e308, -1e308, 5e-324])
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["lotwise/1", "lotwise/0", "FOST", "North", "default", "area", "tier", "=1+1", "",])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        let key = prop_oneof![
            "[a-z_]{1,10}",
            prop::sample::select(vec![
                "format",
                "scenarios",
                "active",
                "id",
                "service_areas",
                "code",
                "annual_value",
                "suppliers",
                "projection",
                "market",
                "rules",
                "k",
                "v_max",
                "localities",
                "tiers",
            ])
            .prop_map(String::from),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A hostile file as text.
fn arb_file() -> impl Strategy<Value = String> {
    let len = DEFAULT_TEXT.len();
    let picks = || prop::collection::vec(any::<Index>(), 0..8);
    prop_oneof![
        // Truncation anywhere.
        (0..len).prop_map(|n| String::from_utf8_lossy(&DEFAULT_TEXT.as_bytes()[..n]).into_owned()),
        // One to four byte flips.
        prop::collection::vec((any::<Index>(), any::<u8>()), 1..5).prop_map(|flips| {
            let mut bytes = DEFAULT_TEXT.as_bytes().to_vec();
            for (i, b) in flips {
                let n = i.index(bytes.len());
                bytes[n] = b;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }),
        // A deleted key or element.
        (picks(), any::<Index>()).prop_map(|(p, w)| {
            let mut v = DEFAULT.clone();
            delete(&mut v, &p, w);
            v.to_string()
        }),
        // A node replaced by anything (wrong types, huge numbers, random JSON).
        (picks(), arb_json()).prop_map(|(p, x)| {
            let mut v = DEFAULT.clone();
            *node(&mut v, &p) = x;
            v.to_string()
        }),
        // A giant string somewhere.
        (picks(), 1_000usize..200_000).prop_map(|(p, n)| {
            let mut v = DEFAULT.clone();
            *node(&mut v, &p) = Value::String("x".repeat(n));
            v.to_string()
        }),
        // Deep nesting somewhere (some within the limit, some far beyond).
        (picks(), 1usize..3_000).prop_map(|(p, depth)| {
            let mut v = DEFAULT.clone();
            *node(&mut v, &p) = json!("NEST");
            v.to_string().replacen("\"NEST\"", &format!("{}1{}", "[".repeat(depth), "]".repeat(depth)), 1)
        }),
        // A duplicated key: the text repeats a `"key": value,` pair.
        (any::<Index>(), any::<Index>()).prop_map(|(at, key)| {
            let keys = ["format", "scenarios", "id", "code", "annual_value", "k", "name"];
            let k = keys[key.index(keys.len())];
            let text = DEFAULT_TEXT.as_str();
            let starts: Vec<usize> = text.match_indices('{').map(|(i, _)| i).collect();
            let i = starts[at.index(starts.len())];
            format!("{}{{\"{k}\": 1, {}", &text[..i], &text[i + 1..])
        }),
        // The one scenario as an old lotwise/0 file, with a node replaced.
        (picks(), arb_json(), any::<bool>()).prop_map(|(p, x, tagged)| {
            let mut sc = DEFAULT["scenarios"][0].clone();
            if tagged {
                sc["format"] = json!("lotwise/0");
            }
            if !p.is_empty() {
                *node(&mut sc, &p) = x;
            }
            sc.to_string()
        }),
        // Random JSON, sometimes claiming to be a workspace.
        arb_json().prop_map(|v| v.to_string()),
        arb_json().prop_map(|v| json!({"format": "lotwise/1", "scenarios": [v]}).to_string()),
        // Random text.
        ".{0,64}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(10_000) })]

    #[test]
    fn import_never_panics(text in arb_file()) {
        check(&text)?;
    }
}

#[test]
fn the_default_workspace_imports_unchanged() {
    let (ws, notes) = Workspace::import(&DEFAULT_TEXT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws, Workspace::default_workspace());
    assert!(notes.is_empty());
}

#[test]
fn files_over_five_megabytes_are_refused_before_parsing() {
    let mut text = DEFAULT_TEXT.clone();
    text.push_str(&" ".repeat(MAX_IMPORT_BYTES + 1 - text.len()));
    let err = Workspace::import(&text).err().unwrap_or_else(|| panic!("accepted"));
    assert!(err.0[0].message.contains("the largest file Lotwise imports is 5 MB"), "{err}");
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = Workspace::import(&text).err().unwrap_or_else(|| panic!("accepted"));
    assert!(err.0[0].message.contains("levels deep"), "{err}");
    // Brackets inside strings do not count.
    let mut v = DEFAULT.clone();
    v["scenarios"][0]["name"] = json!("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    assert!(Workspace::import(&v.to_string()).is_ok());
}

#[test]
fn clear_messages_for_common_mistakes() {
    let cases = [
        ("", "empty"),
        ("not json", "not valid JSON"),
        ("[1, 2]", "holds a list, not a workspace"),
        ("{\"format\": \"lotwise/9\"}", "a newer Lotwise"),
        ("{\"format\": \"excel\"}", "not a Lotwise workspace format"),
        ("{\"format\": 1}", "must be a string"),
        ("{\"scenarios\": []}", "is missing"),
        ("{\"format\": \"lotwise/1\", \"scenarios\": [", "truncated"),
    ];
    for (text, expected) in cases {
        let err = Workspace::import(text).err().unwrap_or_else(|| panic!("accepted {text:?}"));
        assert!(err.to_string().contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn lotwise_0_is_migrated() {
    let mut sc = DEFAULT["scenarios"][0].clone();
    sc["format"] = json!("lotwise/0");
    let (ws, notes) = Workspace::import(&sc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws, Workspace::default_workspace());
    assert_eq!(notes, ["migrated from lotwise/0 (one scenario) to lotwise/3"]);

    // Untagged, without an id, behind a byte-order mark.
    let mut bare = DEFAULT["scenarios"][0].clone();
    if let Some(m) = bare.as_object_mut() {
        m.remove("id");
    }
    let (ws, notes) = Workspace::import(&format!("\u{feff}{bare}")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws.scenarios[0].id, "default");
    assert_eq!(notes.len(), 4, "{notes:?}");

    // Problems in a lotwise/0 file are reported with paths as in that file.
    sc["rules"]["k"] = json!(0);
    sc["suppliers"][0]["revenue"] = json!("lots");
    let err = Workspace::import(&sc.to_string()).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.0[0].path, "suppliers[0].revenue", "{err}");
}

#[test]
fn lot_problems_are_solvable_not_editable() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lot-instances/S-1.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = Workspace::import(&text).err().unwrap_or_else(|| panic!("accepted"));
    assert!(err.0[0].message.contains("can be solved as it is"), "{err}");
    match lotwise::model::import_any(&text) {
        Ok(lotwise::model::Imported::LotProblem { .. }) => {}
        other => panic!("{other:?}"),
    }
    let problem = lotwise::plan::problem::LotProblem::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(problem.name, "S-1");
}
