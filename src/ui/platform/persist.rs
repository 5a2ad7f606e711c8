//! Never lose work: the workspace is saved to the browser's local storage on every change and
//! restored on reload. A saved copy that cannot be read is kept aside (not overwritten) and the
//! app starts from the shipped example, saying so.

use crate::model::Workspace;

/// Local storage key of the saved workspace.
pub const KEY: &str = "lotwise.workspace";
/// Where an unreadable saved copy is moved, so it is not lost.
pub const BACKUP_KEY: &str = "lotwise.workspace.unreadable";

/// The workspace to start with, and a message when something about it needs saying.
pub fn load() -> (Workspace, Option<String>) {
    match imp::read(KEY) {
        None => (Workspace::default_workspace(), None),
        Some(text) => restore(&text, |bad| imp::write(BACKUP_KEY, bad)),
    }
}

/// Reads a saved workspace; when it cannot be read, hands the text to `keep_aside` and falls
/// back to the shipped example with an explanation.
pub fn restore(text: &str, keep_aside: impl FnOnce(&str)) -> (Workspace, Option<String>) {
    match Workspace::import(text) {
        Ok((ws, _notes)) => (ws, Some("Your work from last time has been restored.".into())),
        Err(issues) => {
            keep_aside(text);
            let first = issues.iter().next().map(|i| i.to_string()).unwrap_or_default();
            (
                Workspace::default_workspace(),
                Some(format!(
                    "Your saved work could not be read ({first}), so Lotwise started from the example. The unreadable copy is kept in this browser under \"{BACKUP_KEY}\"."
                )),
            )
        }
    }
}

/// Saves the workspace (silently does nothing where storage is unavailable).
pub fn save(ws: &Workspace) {
    imp::write(KEY, &ws.to_json());
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use gloo::storage::{LocalStorage, Storage};

    pub fn read(key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    pub fn write(key: &str, text: &str) {
        let _ = LocalStorage::raw().set_item(key, text);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn read(_key: &str) -> Option<String> {
        None
    }

    pub fn write(_key: &str, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_workspace_is_restored() {
        let mut ws = Workspace::default_workspace();
        ws.scenarios[0].rules.k = 3;
        let (back, notice) = restore(&ws.to_json(), |_| panic!("nothing to keep aside"));
        assert_eq!(back, ws);
        assert!(notice.unwrap().contains("restored"));
    }

    #[test]
    fn an_unreadable_copy_is_kept_aside_and_the_example_loads() {
        let mut kept = String::new();
        let (ws, notice) = restore("{\"format\": \"lotwise/1\", \"scenarios\": [", |t| kept = t.to_string());
        assert_eq!(ws, Workspace::default_workspace());
        assert_eq!(kept, "{\"format\": \"lotwise/1\", \"scenarios\": [");
        assert!(notice.unwrap().contains("could not be read"));
    }
}
