//! Versions to go back to: copies of the workspace with its plans, kept automatically (every
//! few minutes of editing, and before a file, a link, a restore or a new workspace replaces the
//! work) or named by the user ("before the workshop").
//!
//! Each version is one record (`lotwise.version.<id>`); an index record lists them with their
//! time and a one-line summary, so the list shows without reading every copy. Old versions are
//! pruned within a budget ([`prune`]): at most [`MAX_VERSIONS`], and at most [`BUDGET`] bytes
//! ([`LOCAL_BUDGET`] where only local storage is available), the oldest automatic version going
//! first and named versions only when no automatic one is left.

use crate::base::sort;
use serde::{Deserialize, Serialize};

use crate::base::text::plural;
use crate::plan::saved::Document;
use crate::ui::platform::storage::{Backend, Write};

/// The record that lists the versions.
pub const INDEX_KEY: &str = "lotwise.versions";
/// The most versions kept.
pub const MAX_VERSIONS: usize = 40;
/// The most bytes versions may take in IndexedDB.
pub const BUDGET: usize = 25 * 1024 * 1024;
/// The most bytes versions may take in local storage (its whole quota is about 5 MB).
pub const LOCAL_BUDGET: usize = 1536 * 1024;
/// How often, at most, an automatic version is kept while editing (milliseconds).
pub const AUTO_EVERY_MS: f64 = 5.0 * 60.0 * 1000.0;

/// One version, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub id: String,
    /// When it was kept, milliseconds since 1970.
    pub time: f64,
    /// What it is ("Before opening a file", or the name the user gave).
    pub label: String,
    /// Named by the user (pruned last).
    pub named: bool,
    /// "2 scenarios; plan of “North”: 7 lots".
    pub summary: String,
    pub bytes: usize,
}

/// The record key of version `id`.
pub fn key(id: &str) -> String {
    format!("lotwise.version.{id}")
}

/// One line: how many scenarios, and the lots of the plan on screen (if it has one).
pub fn summary(doc: &Document) -> String {
    let ws = &doc.workspace;
    let scenarios = plural(ws.scenarios.len(), "scenario", "scenarios");
    let active = ws.active_scenario();
    let name = if active.name.trim().is_empty() { active.id.as_str() } else { active.name.trim() };
    match doc.plans.get(&active.id) {
        Some(plan) => {
            let lots = plan.solution.num_lots.map(|n| n as usize).unwrap_or(plan.solution.lots.len());
            format!("{scenarios}; plan of “{name}”: {}", plural(lots, "lot", "lots"))
        }
        None => format!("{scenarios}; “{name}” has no plan yet"),
    }
}

/// The ids to delete so that `list` (oldest first or in any order) with one more version of
/// `adding` bytes stays within `budget` bytes and [`MAX_VERSIONS`].
pub fn prune(list: &[Version], adding: usize, budget: usize) -> Vec<String> {
    let mut kept: Vec<&Version> = list.iter().collect();
    sort::by(&mut kept, |a, b| a.time.total_cmp(&b.time));
    let mut gone = Vec::new();
    let over = |kept: &[&Version]| {
        kept.len() + 1 > MAX_VERSIONS || kept.iter().map(|v| v.bytes).sum::<usize>() + adding > budget
    };
    while !kept.is_empty() && over(&kept) {
        let i = kept.iter().position(|v| !v.named).unwrap_or(0);
        gone.push(kept.remove(i).id.clone());
    }
    gone
}

/// The versions kept, newest first.
pub async fn list(backend: &Backend) -> Result<Vec<Version>, String> {
    let index = backend.get(&[INDEX_KEY]).await?.pop().flatten();
    let mut list: Vec<Version> = index.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    sort::by(&mut list, |a, b| b.time.total_cmp(&a.time));
    Ok(list)
}

/// Keeps `doc` as a version called `label` (pruning old ones to make room), and returns it.
pub async fn add(backend: &Backend, doc: &Document, label: &str, named: bool, now: f64) -> Result<Version, String> {
    let text = doc.to_json();
    let mut list = list(backend).await?;
    let id = format!("{}", now as u64);
    let id = if list.iter().any(|v| v.id == id) { format!("{id}-{}", list.len()) } else { id };
    let version = Version { id, time: now, label: label.to_string(), named, summary: summary(doc), bytes: text.len() };
    if text.len() > backend.versions_budget() {
        return Err("the workspace is larger than the space kept for versions; save it as a file instead".into());
    }
    let gone = prune(&list, text.len(), backend.versions_budget());
    list.retain(|v| !gone.contains(&v.id));
    list.push(version.clone());
    let mut writes: Vec<Write> = gone.iter().map(|id| Write::Delete(key(id))).collect();
    writes.push(Write::Put(key(&version.id), text));
    writes.push(Write::Put(INDEX_KEY.into(), serde_json::to_string(&list).unwrap_or_default()));
    backend.write(&writes).await?;
    Ok(version)
}

/// The document kept as version `id`.
pub async fn read(backend: &Backend, id: &str) -> Result<Document, String> {
    let text = backend.get(&[&key(id)]).await?.pop().flatten().ok_or("that version is no longer kept")?;
    Document::import(&text).map(|(doc, _)| doc).map_err(|e| format!("that version could not be read ({e})"))
}

/// Deletes version `id`.
pub async fn delete(backend: &Backend, id: &str) -> Result<(), String> {
    let mut list = list(backend).await?;
    list.retain(|v| v.id != id);
    let index = serde_json::to_string(&list).unwrap_or_default();
    backend.write(&[Write::Delete(key(id)), Write::Put(INDEX_KEY.into(), index)]).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;
    use crate::ui::platform::persist::run;

    fn v(id: &str, time: f64, named: bool, bytes: usize) -> Version {
        Version { id: id.into(), time, label: String::new(), named, summary: String::new(), bytes }
    }

    #[test]
    fn pruning_drops_the_oldest_automatic_versions_first() {
        let list = [v("a", 1.0, true, 400), v("b", 2.0, false, 400), v("c", 3.0, false, 400)];
        assert!(prune(&list, 100, 2000).is_empty());
        assert_eq!(prune(&list, 500, 1300), vec!["b".to_string()]);
        assert_eq!(prune(&list, 500, 900), vec!["b".to_string(), "c".to_string()]);
        assert_eq!(prune(&list, 500, 500), vec!["b".to_string(), "c".to_string(), "a".to_string()]);
        let many: Vec<Version> = (0..MAX_VERSIONS).map(|i| v(&i.to_string(), i as f64, false, 1)).collect();
        assert_eq!(prune(&many, 1, usize::MAX), vec!["0".to_string()]);
    }

    #[test]
    fn versions_are_kept_listed_read_and_deleted() {
        let b = Backend::memory();
        let mut doc = Document::new(Workspace::default_workspace());
        run(add(&b, &doc, "Before opening a file", false, 1000.0)).unwrap();
        doc.workspace.scenarios[0].rules.k = 4;
        let named = run(add(&b, &doc, "before the workshop", true, 2000.0)).unwrap();
        let listed = run(list(&b)).unwrap();
        assert_eq!(
            listed.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(),
            ["before the workshop", "Before opening a file"]
        );
        assert!(listed[0].summary.starts_with("1 scenario; “"), "{}", listed[0].summary);
        assert_eq!(run(read(&b, &named.id)).unwrap(), doc);
        run(delete(&b, &named.id)).unwrap();
        assert_eq!(run(list(&b)).unwrap().len(), 1);
        assert!(run(read(&b, &named.id)).unwrap_err().contains("no longer kept"));
    }
}
