//! The shape of the code (`docs/architecture.md`), checked on every test run:
//!
//! - the layers `base` → `model` → `plan` → `views` → `ui` only import downwards;
//! - within a layer, its modules do not import each other in a cycle;
//! - no UI function is longer than 100 lines.
//!
//! The compiler enforces the last step itself (`ui` exists only with the `app` feature, so the
//! core cannot name it); this test reads the sources for the rest.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first: a module may import from its own layer and the ones before it.
const LAYERS: [&str; 5] = ["base", "model", "plan", "views", "ui"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().collect();
    lotwise::base::sort::by_key(&mut entries, |e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A source file's place: its layer and the module of that layer it belongs to (`"mod"` for
/// the layer's own `mod.rs`), e.g. `src/plan/solver/search.rs` is `("plan", "solver")`.
fn place(path: &Path) -> Option<(String, String)> {
    let rel = path.strip_prefix(src()).ok()?;
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    match parts.as_slice() {
        [layer, module, ..] if LAYERS.contains(&layer.as_str()) => Some((layer.clone(), module.clone())),
        _ => None,
    }
}

/// The code of a file without comments (doc links are not dependencies) and without its unit
/// tests (the `#[cfg(test)]` module at the end: tests may use any module of their layer).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::a::b` a file names, as `(a, b)` (`b` empty when absent), including those
/// inside `use crate::{a::b, c}`.
fn crate_paths(code: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                out.insert(split_path(item.trim()));
            }
        } else {
            out.insert(split_path(after));
        }
        rest = after;
    }
    out.retain(|(a, _)| !a.is_empty());
    out
}

fn split_path(path: &str) -> (String, String) {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let first = ident(path);
    let second = path[first.len()..].strip_prefix("::").map(ident).unwrap_or_default();
    (first, second)
}

/// `super::x` in a file directly in a layer (or its sub-folder's `mod.rs`) names sibling `x`.
fn sibling_paths(path: &Path, code: &str) -> BTreeSet<String> {
    let rel = path.strip_prefix(src()).expect("under src");
    let depth = rel.iter().count();
    let is_mod = rel.file_name().is_some_and(|f| f == "mod.rs");
    let at_layer_level = depth == 2 || (depth == 3 && is_mod);
    if !at_layer_level || (depth == 2 && is_mod) {
        return BTreeSet::new();
    }
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("super::") {
        let after = &code[at + "super::".len()..];
        let names: Vec<String> = match after.strip_prefix('{') {
            Some(group) => {
                group[..group.find('}').unwrap_or(group.len())].split(',').map(|i| split_path(i.trim()).0).collect()
            }
            None => vec![split_path(after).0],
        };
        out.extend(names.into_iter().filter(|n| !n.is_empty() && n != "super" && n != "self"));
    }
    out
}

fn all_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files
}

#[test]
fn layers_only_import_downwards() {
    let mut wrong = Vec::new();
    for path in all_files() {
        let Some((layer, _)) = place(&path) else { continue };
        let mine = LAYERS.iter().position(|l| *l == layer).expect("a layer");
        for (first, _) in crate_paths(&code(&path)) {
            if let Some(theirs) = LAYERS.iter().position(|l| *l == first) {
                if theirs > mine {
                    wrong.push(format!("{} ({layer}) imports crate::{first}", path.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports that point up a layer:\n{}", wrong.join("\n"));
}

#[test]
fn the_crate_root_holds_only_the_layers() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(src()).expect("src").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !LAYERS.contains(&name.as_str()) && !["lib.rs", "main.rs", "bin"].contains(&name.as_str()) {
            found.push(name);
        }
    }
    assert!(found.is_empty(), "src/ holds {found:?}: put each in its layer (docs/architecture.md)");
}

#[test]
fn modules_of_a_layer_do_not_import_each_other_in_a_cycle() {
    // layer -> module -> the modules of the same layer it imports
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for path in all_files() {
        let Some((layer, module)) = place(&path) else { continue };
        let code = code(&path);
        let mut uses: BTreeSet<String> = crate_paths(&code)
            .into_iter()
            .filter(|(first, second)| *first == layer && !second.is_empty())
            .map(|(_, second)| second)
            .collect();
        uses.extend(sibling_paths(&path, &code));
        uses.remove(&module);
        uses.remove("mod");
        graph.entry(layer).or_default().entry(module).or_default().extend(uses);
    }
    for (layer, modules) in &graph {
        if let Some(cycle) = find_cycle(modules) {
            panic!("in {layer}, these modules import each other in a cycle: {}", cycle.join(" -> "));
        }
    }
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_checker_sees_grouped_and_plain_imports() {
    let found = crate_paths("use crate::{model::Workspace, plan::lower};\nlet x = crate::views::report::summary();");
    let firsts: BTreeSet<&str> = found.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(firsts, BTreeSet::from(["model", "plan", "views"]));
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(find_cycle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
}

/// The longest a function in `src/ui` may be, in lines (issue: no UI function over 100).
const MAX_UI_FUNCTION_LINES: usize = 100;

#[test]
fn no_ui_function_is_longer_than_100_lines() {
    let mut long = Vec::new();
    for path in all_files() {
        if place(&path).is_none_or(|(layer, _)| layer != "ui") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        for (name, line, length) in functions(&text) {
            if length > MAX_UI_FUNCTION_LINES {
                long.push(format!("{}:{line} {name}: {length} lines", path.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "UI functions over {MAX_UI_FUNCTION_LINES} lines (split them into components):\n{}",
        long.join("\n")
    );
}

/// `(name, first line, length in lines)` of every function whose body ends with a `}` at the
/// indentation of its `fn` line (rustfmt's layout).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let rest = ["pub fn ", "pub(crate) fn ", "pub(super) fn ", "fn "].iter().find_map(|p| trimmed.strip_prefix(p));
        let Some(rest) = rest else { continue };
        if trimmed.ends_with(';') {
            continue; // a declaration without a body
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let close = format!("{}}}", " ".repeat(indent));
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, i + 1, end + 1));
        }
    }
    out
}
