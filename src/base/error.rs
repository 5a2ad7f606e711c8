//! Errors that explain themselves: every problem carries the path of the thing at fault and a
//! plain sentence saying what is wrong and how to fix it.

use std::collections::BTreeSet;
use std::fmt;

use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// One problem in a document: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Where, as a JSON path such as `suppliers[3].revenue` (empty for the whole document).
    pub path: String,
    /// What is wrong, as a sentence a commissioner can act on.
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a document (never empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// `Ok(())` when there is nothing to report.
    pub fn result(issues: Vec<Issue>) -> Result<(), Issues> {
        if issues.is_empty() {
            Ok(())
        } else {
            Err(Issues(issues))
        }
    }

    pub fn one(path: impl Into<String>, message: impl Into<String>) -> Issues {
        Issues(vec![Issue::new(path, message)])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Issue> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{} found:", super::text::plural(n, "problem", "problems"))?;
        for issue in &self.0 {
            writeln!(f, "- {issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Issues {}

/// Why a change was refused, as a sentence for the person making it (see
/// `lotwise::model::edit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

/// Refuses a change with `message`.
pub fn refuse<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

/// Checks that every id in a list is non-empty and unique; reports at `{list}[i]{field}`.
pub fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    list: &str,
    field: &str,
    what: &str,
    issues: &mut Vec<Issue>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            issues.push(Issue::new(format!("{list}[{i}]{field}"), format!("the {what} is empty; give it a name")));
        } else if !seen.insert(id) {
            issues.push(Issue::new(
                format!("{list}[{i}]{field}"),
                format!("the {what} {id:?} appears twice; each must be unique"),
            ));
        }
    }
    seen
}

/// Parses JSON into `T`, turning any syntax or type error into an [`Issue`] with the path of
/// the offending field and the line and column where parsing stopped.
pub fn parse_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Issues> {
    if text.trim().is_empty() {
        return Err(Issues::one("", format!("the {what} file is empty; expected a JSON object")));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path.trim_end_matches(".?").to_string() };
        let inner = err.into_inner();
        let message = match inner.classify() {
            serde_json::error::Category::Eof => format!(
                "the {what} ends too early (line {}, column {}): the file looks truncated",
                inner.line(),
                inner.column()
            ),
            serde_json::error::Category::Syntax => format!("the {what} is not valid JSON: {inner}"),
            serde_json::error::Category::Io => format!("could not read the {what}: {inner}"),
            serde_json::error::Category::Data => format!("wrong kind of value: {inner}"),
        };
        Issues::one(path, message)
    })
}
