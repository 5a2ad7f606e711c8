//! Importing files: the current workspace format, older ones (migrated), and bare lot problems.
//!
//! Formats read:
//! - `lotwise/3`: the current workspace (`docs/workspace-format.md`).
//! - `lotwise/2`: the same document before the procurement settings (the workspace's
//!   `regime`, each scenario's decision `record` and `contract`, a service area's
//!   `light_touch`, a supplier's `vcse`), all optional: it reads as `lotwise/3` under the
//!   Procurement Act 2023 with an empty record and the service's term.
//! - `lotwise/1`: the same document before this session's additions (kept plans, the
//!   procurement record, supplier groups and financial standing, ...), all of which are
//!   optional: it reads as `lotwise/3` with those left empty.
//! - `lotwise/0`: one scenario object at the top level, without a `scenarios` array, with
//!   `"format": "lotwise/0"` or no `format` at all (a file that has `service_areas` but no
//!   `scenarios`). It becomes a `lotwise/1` workspace holding that one scenario (id
//!   `"default"` if it had none).
//! - A lot problem (`"format_version": 1`, `LOT-MODEL.md`): the solver's input. It can be
//!   solved as it is (`import_any` recognises it as [`Imported::LotProblem`]) but not edited as a
//!   workspace, because a workspace derives segment values from service areas, tiers,
//!   functions and locality weights, and a lot problem's explicit segment values cannot in
//!   general be written that way. [`Workspace::import`] therefore refuses it with a message
//!   saying so.
//!
//! Hostile input is refused before parsing: files over [`MAX_IMPORT_BYTES`], JSON nested deeper
//! than [`MAX_NESTING`] levels, and (in validation) split grids too large to cut. Import is a
//! pure function: it never panics and touches nothing outside its return value.

use serde_json::{Map, Value};

use super::{Workspace, FORMAT};
use crate::base::error::{parse_json, Issue, Issues};

/// The largest file import reads: 5 MB (the default workspace is about 20 kB).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The deepest nesting of JSON arrays and objects import reads (a workspace needs 6).
pub const MAX_NESTING: usize = 32;

/// The oldest format: one scenario at the top level.
pub const FORMAT_V0: &str = "lotwise/0";

/// The format before [`FORMAT_V2`].
pub const FORMAT_V1: &str = "lotwise/1";

/// The format before [`FORMAT`]: the same document without the procurement settings.
pub const FORMAT_V2: &str = "lotwise/2";

/// Most scenarios one workspace may hold.
pub const MAX_SCENARIOS: usize = 200;

/// What a file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// A workspace (migrated to the current format if it was older), with notes on what was done.
    Workspace { workspace: Workspace, notes: Vec<String> },
    /// A lot problem (it has `format_version` and no `format`): solvable, not editable. The
    /// model does not read it; `lotwise::plan::problem::LotProblem::from_json` does.
    LotProblem { notes: Vec<String> },
}

impl Workspace {
    /// Reads a workspace file of any supported format (see the module docs), migrating older
    /// formats; returns the workspace and notes on what was done, or every problem found.
    ///
    /// # Example
    /// ```
    /// let ws = lotwise::model::Workspace::default_workspace();
    /// let mut old: serde_json::Value = serde_json::to_value(&ws.scenarios[0]).unwrap();
    /// old["format"] = "lotwise/0".into();
    /// let (migrated, notes) = lotwise::model::Workspace::import(&old.to_string())?;
    /// assert_eq!(migrated.scenarios[0], ws.scenarios[0]);
    /// assert!(notes[0].contains("lotwise/0"));
    /// # Ok::<_, lotwise::base::error::Issues>(())
    /// ```
    pub fn import(text: &str) -> Result<(Workspace, Vec<String>), Issues> {
        match import_any(text)? {
            Imported::Workspace { workspace, notes } => Ok((workspace, notes)),
            Imported::LotProblem { .. } => Err(Issues::one(
                "format_version",
                "this is a lot problem (the solver's input, format_version 1), not a workspace: it can be solved as it is (Solve a lot problem, or `lotwise solve FILE`) but not edited, because a workspace derives segment values from its service areas and shares",
            )),
        }
    }
}

/// Reads a workspace (any supported format) or a bare lot problem.
pub fn import_any(text: &str) -> Result<Imported, Issues> {
    guard(text)?;
    let mut notes = Vec::new();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            notes.push("removed a byte-order mark at the start of the file".to_string());
            rest
        }
        None => text,
    };
    let value: Value = parse_json(text, "workspace")?;
    let Value::Object(top) = value else {
        return Err(Issues::one(
            "",
            format!("the file holds {}, not a workspace (a JSON object with \"format\": {FORMAT:?})", kind(&value)),
        ));
    };
    if top.contains_key("format_version") && !top.contains_key("format") {
        notes.push("a lot problem (format_version 1): it can be solved, not edited".into());
        return Ok(Imported::LotProblem { notes });
    }
    let format = match top.get("format") {
        None => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(other) => {
            return Err(Issues::one("format", format!("must be a string such as {FORMAT:?}, got {}", kind(other))))
        }
    };
    let workspace = match format {
        Some(FORMAT) => parse_json::<Workspace>(text, "workspace")?,
        Some(FORMAT_V1) => from_older(top, FORMAT_V1, &mut notes)?,
        Some(FORMAT_V2) => from_older(top, FORMAT_V2, &mut notes)?,
        Some(FORMAT_V0) => from_v0(top, &mut notes)?,
        None if !top.contains_key("scenarios") && top.contains_key("service_areas") => {
            notes.push(format!("the file gives no format; read it as {FORMAT_V0:?} (one scenario)"));
            from_v0(top, &mut notes)?
        }
        None => {
            return Err(Issues::one("format", format!("is missing; a workspace starts with \"format\": {FORMAT:?}")))
        }
        Some(other) => return Err(unknown_format(other)),
    };
    if workspace.scenarios.len() > MAX_SCENARIOS {
        return Err(Issues::one(
            "scenarios",
            format!(
                "holds {} scenarios; the most one workspace may hold is {MAX_SCENARIOS}",
                workspace.scenarios.len()
            ),
        ));
    }
    workspace.validate()?;
    Ok(Imported::Workspace { workspace, notes })
}

/// Size and nesting, checked on the raw text before any parsing.
fn guard(text: &str) -> Result<(), Issues> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Issues::one(
            "",
            format!(
                "the file is {:.1} MB; the largest file Lotwise imports is {} MB (a workspace is usually well under 1 MB), so this is probably not a workspace",
                text.len() as f64 / (1024.0 * 1024.0),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        ));
    }
    let depth = nesting(text);
    if depth > MAX_NESTING {
        return Err(Issues::one(
            "",
            format!("the file nests arrays and objects {depth} levels deep; a workspace needs fewer than {MAX_NESTING}, so this is not one"),
        ));
    }
    Ok(())
}

/// The deepest nesting of `[` and `{` outside strings (stops counting past the limit).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                if max > MAX_NESTING {
                    return max;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// `lotwise/0` -> `lotwise/1`: the top-level object is the one scenario.
fn from_v0(mut scenario: Map<String, Value>, notes: &mut Vec<String>) -> Result<Workspace, Issues> {
    scenario.remove("format");
    if !scenario.contains_key("id") {
        scenario.insert("id".into(), Value::String("default".into()));
        notes.push("the scenario had no id; named it \"default\"".into());
    }
    let mut top = Map::new();
    top.insert("format".into(), Value::String(FORMAT.into()));
    top.insert("scenarios".into(), Value::Array(vec![Value::Object(scenario)]));
    top.insert("active".into(), Value::from(0));
    let text = Value::Object(top).to_string();
    let ws: Workspace = parse_json(&text, "workspace")
        .map_err(|issues| Issues(issues.0.into_iter().map(|i| Issue::new(v0_path(&i.path), i.message)).collect()))?;
    notes.insert(0, format!("migrated from {FORMAT_V0} (one scenario) to {FORMAT}"));
    Ok(ws)
}

/// `lotwise/1` or `lotwise/2` -> `lotwise/3`: every field added since is optional, so the
/// document is read as it is under the new format (a `lotwise/2` file gets the Procurement
/// Act 2023 as its regime, an empty decision record and the service's contract term).
fn from_older(mut top: Map<String, Value>, from: &str, notes: &mut Vec<String>) -> Result<Workspace, Issues> {
    top.insert("format".into(), Value::String(FORMAT.into()));
    let ws: Workspace = parse_json(&Value::Object(top).to_string(), "workspace")?;
    notes.push(format!("migrated from {from} to {FORMAT}"));
    Ok(ws)
}

/// Paths in the migrated document point into `scenarios[0]`; give them back as in the file.
fn v0_path(path: &str) -> String {
    path.strip_prefix("scenarios[0].").or_else(|| path.strip_prefix("scenarios[0]")).unwrap_or(path).to_string()
}

fn unknown_format(found: &str) -> Issues {
    let message = if found.starts_with("lotwise/") {
        format!("is {found:?}, which this build does not know: it reads {FORMAT:?}, {FORMAT_V2:?}, {FORMAT_V1:?} and {FORMAT_V0:?}; a newer Lotwise may have written it")
    } else {
        format!("is {found:?}, which is not a Lotwise workspace format (expected {FORMAT:?})")
    };
    Issues::one("format", message)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
