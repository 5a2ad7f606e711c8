//! Never lose work: the workspace and its plans are saved in the browser on every change
//! ([`save`]) and restored on reload ([`load`]). See `docs/storage.md`.
//!
//! Crash-safe by two copies: each save writes a whole copy into the slot that does *not* hold
//! the newest readable copy ([`SLOTS`]), so a save cut off half way (the tab closed, the
//! browser crashed) can only damage the older copy. Each copy starts with a one-line
//! [`Header`] (revision, tab, time, length) and a copy whose length does not match is cut off.
//! At start-up the newest readable copy loads, and the page says when it had to go back one.
//!
//! Several tabs: every save carries a revision (one more than the newest saved by any tab) and
//! the id of its tab. A save first looks at the newest copy: when another tab saved a newer
//! one since this tab last loaded or saved, [`save`] writes nothing and hands it back
//! ([`Saved::Newer`]) for the caller to merge (`model::merge`) or to ask the user.

use serde::{Deserialize, Serialize};

use crate::model::Workspace;
use crate::plan::saved::Document;
use crate::ui::platform::storage::{Backend, Write};

/// The two records that hold the workspace, written in turn.
pub const SLOTS: [&str; 2] = ["lotwise.copy.a", "lotwise.copy.b"];
/// Where earlier versions of Lotwise kept the workspace (local storage); read once, migrated.
pub const LEGACY_KEY: &str = "lotwise.workspace";
/// Where a copy that cannot be read is kept aside, so it is not lost.
pub const BACKUP_KEY: &str = "lotwise.unreadable";

/// The first line of a saved copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// One more than the newest revision any tab had saved.
    pub rev: u64,
    /// The tab that saved it.
    pub tab: String,
    /// When, in milliseconds since 1970.
    pub saved_at: f64,
    /// The length of the document text that follows, in bytes (a shorter copy was cut off).
    pub bytes: usize,
}

/// A saved copy, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub header: Header,
    pub document: Document,
}

/// A record: the header line, then the document's JSON.
pub fn pack(header: &Header, text: &str) -> String {
    let head = serde_json::to_string(header).unwrap_or_default();
    format!("{head}\n{text}")
}

/// The header of a record whose text is whole (its length matches), without reading the
/// document; or why not.
pub fn peek(record: &str) -> Result<(Header, &str), String> {
    let (head, text) = record.split_once('\n').ok_or("the saved copy has no header")?;
    let header: Header = serde_json::from_str(head).map_err(|e| format!("the saved copy's header is damaged ({e})"))?;
    if text.len() != header.bytes {
        return Err(format!(
            "the save was cut off part way ({} of {} bytes written)",
            text.len().min(header.bytes),
            header.bytes
        ));
    }
    Ok((header, text))
}

/// Reads a record: its header and document, or why it cannot be read.
pub fn unpack(record: &str) -> Result<Copy, String> {
    let (header, text) = peek(record)?;
    let (document, _notes) = Document::import(text).map_err(|issues| {
        let first = issues.iter().next().map(|i| i.to_string()).unwrap_or_default();
        format!("the saved copy could not be read ({first})")
    })?;
    Ok(Copy { header, document })
}

/// A record that could not be read: its slot, its header if that could be read, and why.
pub type Damaged = (usize, Option<Header>, String);

/// The newest readable copy among the slots' records (position, copy), and the damaged ones.
pub fn newest(records: &[Option<String>]) -> (Option<(usize, Copy)>, Vec<Damaged>) {
    let mut best: Option<(usize, Copy)> = None;
    let mut damaged = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let Some(record) = record else { continue };
        match unpack(record) {
            Ok(copy) if best.as_ref().is_none_or(|(_, b)| copy.header.rev > b.header.rev) => best = Some((i, copy)),
            Ok(_) => {}
            Err(why) => damaged.push((i, peek_header(record), why)),
        }
    }
    (best, damaged)
}

fn peek_header(record: &str) -> Option<Header> {
    serde_json::from_str(record.split_once('\n')?.0).ok()
}

/// The slot a save writes: the one not holding the newest whole copy (by header, see [`peek`]).
pub fn slot_to_write(records: &[Option<String>]) -> (usize, u64) {
    let newest = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, peek(r.as_deref()?).ok()?.0.rev)))
        .max_by_key(|&(_, rev)| rev);
    match newest {
        Some((i, rev)) => ((i + 1) % SLOTS.len(), rev),
        None => (0, 0),
    }
}

/// What start-up found: the document to begin with, its revision, what to tell the user, and
/// an unreadable record to keep aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub document: Document,
    pub rev: u64,
    pub notice: Option<String>,
    pub keep_aside: Option<String>,
}

/// Chooses what to start with from the slots' records and the legacy record.
pub fn choose(records: &[Option<String>], legacy: Option<String>) -> Loaded {
    let (best, damaged) = newest(records);
    if let Some((_, copy)) = best {
        let cut_off = damaged.iter().any(|(_, h, _)| h.as_ref().is_none_or(|h| h.rev > copy.header.rev));
        let notice = if cut_off {
            "The last save of your work was cut off part way (the tab or browser closed while saving), so Lotwise restored the copy saved just before it."
        } else {
            "Your work from last time has been restored."
        };
        return Loaded { document: copy.document, rev: copy.header.rev, notice: Some(notice.into()), keep_aside: None };
    }
    if let Some((i, _, why)) = damaged.into_iter().next() {
        let (document, notice) = unreadable(&why);
        return Loaded { document, rev: 0, notice: Some(notice), keep_aside: records[i].clone() };
    }
    match legacy {
        Some(text) => {
            let mut kept = None;
            let (workspace, notice) = restore(&text, |t| kept = Some(t.to_string()));
            Loaded { document: Document::new(workspace), rev: 0, notice, keep_aside: kept }
        }
        None => {
            Loaded { document: Document::new(Workspace::default_workspace()), rev: 0, notice: None, keep_aside: None }
        }
    }
}

fn unreadable(why: &str) -> (Document, String) {
    (
        Document::new(Workspace::default_workspace()),
        format!(
            "Your saved work could not be read ({why}), so Lotwise started from the example. The unreadable copy is kept in this browser under \"{BACKUP_KEY}\"."
        ),
    )
}

/// Reads a workspace saved by an earlier version of Lotwise; when it cannot be read, hands the
/// text to `keep_aside` and falls back to the shipped example with an explanation.
pub fn restore(text: &str, keep_aside: impl FnOnce(&str)) -> (Workspace, Option<String>) {
    match Workspace::import(text) {
        Ok((ws, _notes)) => (ws, Some("Your work from last time has been restored.".into())),
        Err(issues) => {
            keep_aside(text);
            let first = issues.iter().next().map(|i| i.to_string()).unwrap_or_default();
            let (_, notice) = unreadable(&first);
            (Workspace::default_workspace(), Some(notice))
        }
    }
}

/// Reads what to start with from `backend` (see [`choose`]); an unreadable copy is kept aside.
pub async fn load(backend: &Backend) -> Result<Loaded, String> {
    let mut records = backend.get(&[SLOTS[0], SLOTS[1], LEGACY_KEY]).await?;
    let legacy = records.pop().flatten();
    let loaded = choose(&records, legacy);
    if let Some(text) = &loaded.keep_aside {
        backend.write(&[Write::Put(BACKUP_KEY.into(), text.clone())]).await?;
    }
    Ok(loaded)
}

/// This tab's place among the saves: its id, the newest revision it knows (loaded, saved or
/// merged) and the document as it was then (the common copy for a merge).
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub tab: String,
    pub rev: u64,
    pub base: Document,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Saved as this revision.
    Done(u64),
    /// Another tab saved this newer copy since; nothing was written.
    Newer(Copy),
}

/// Saves `doc` as this tab's next revision, unless another tab saved a newer copy since this
/// tab last synced (then returns it, writing nothing); `overwrite` saves anyway (the user chose
/// this tab's copy). Returns only once the browser has confirmed the write, or says why not.
pub async fn save(
    backend: &Backend,
    session: &mut Session,
    doc: &Document,
    now: f64,
    overwrite: bool,
) -> Result<Saved, String> {
    // Read, decide and write with no other tab's save in between (one transaction), so two
    // tabs saving at the same moment cannot both build on the same revision.
    let unchanged = *doc == session.base;
    let (known, tab) = (session.rev, session.tab.clone());
    let text = doc.to_json();
    let outcome = backend
        .update(&SLOTS, |records| {
            let (slot, newest_rev) = slot_to_write(records);
            if newest_rev > known && !overwrite {
                if let (Some((_, copy)), _) = newest(records) {
                    if copy.header.tab != tab && copy.header.rev > known {
                        return (Saved::Newer(copy), Vec::new());
                    }
                }
            }
            if !overwrite && newest_rev <= known && unchanged {
                return (Saved::Done(known), Vec::new()); // already saved as it is
            }
            let rev = newest_rev.max(known) + 1;
            let header = Header { rev, tab: tab.clone(), saved_at: now, bytes: text.len() };
            (Saved::Done(rev), vec![Write::Put(SLOTS[slot].into(), pack(&header, &text))])
        })
        .await?;
    let Saved::Done(rev) = outcome else { return Ok(outcome) };
    session.rev = rev;
    session.base = doc.clone();
    Ok(Saved::Done(rev))
}

/// Deletes every record Lotwise keeps (the browser tests start from nothing with it).
pub async fn forget_all(backend: &Backend) -> Result<(), String> {
    let mut writes: Vec<Write> =
        [SLOTS[0], SLOTS[1], LEGACY_KEY, BACKUP_KEY].iter().map(|k| Write::Delete(k.to_string())).collect();
    for v in super::versions::list(backend).await.unwrap_or_default() {
        writes.push(Write::Delete(super::versions::key(&v.id)));
    }
    writes.push(Write::Delete(super::versions::INDEX_KEY.into()));
    backend.write(&writes).await
}

/// Runs a future that never waits (the in-memory backend's) to its end: for native tests.
#[cfg(test)]
pub(crate) fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
    fn raw() -> RawWaker {
        RawWaker::new(std::ptr::null(), &VTABLE)
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(|_| raw(), |_| {}, |_| {}, |_| {});
    // SAFETY: the vtable's functions do nothing and never read the (null) data pointer.
    let waker = unsafe { Waker::from_raw(raw()) };
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the in-memory backend never waits"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(tab: &str) -> Session {
        Session { tab: tab.into(), rev: 0, base: Document::new(Workspace::default_workspace()) }
    }

    fn doc(k: u32) -> Document {
        let mut ws = Workspace::default_workspace();
        ws.scenarios[0].rules.k = k;
        Document::new(ws)
    }

    fn records(b: &Backend) -> Vec<Option<String>> {
        run(b.get(&SLOTS)).unwrap()
    }

    #[test]
    fn saves_alternate_slots_and_the_newest_loads() {
        let b = Backend::memory();
        let mut s = session("t1");
        for (rev, k) in [(1, 1), (2, 3), (3, 4)] {
            assert_eq!(run(save(&b, &mut s, &doc(k), 0.0, false)), Ok(Saved::Done(rev)));
        }
        let r = records(&b);
        assert!(r.iter().all(Option::is_some), "both slots used");
        let loaded = run(load(&b)).unwrap();
        assert_eq!(loaded.document, doc(4));
        assert_eq!(loaded.rev, 3);
        assert_eq!(loaded.notice.as_deref(), Some("Your work from last time has been restored."));
    }

    #[test]
    fn a_save_cut_off_part_way_leaves_the_previous_copy_to_load() {
        let b = Backend::memory();
        let mut s = session("t1");
        run(save(&b, &mut s, &doc(3), 0.0, false)).unwrap();
        run(save(&b, &mut s, &doc(4), 0.0, false)).unwrap();
        // The newest copy (k = 4) is in slot 1: cut it off half way.
        let full = records(&b)[1].clone().unwrap();
        let cut = full[..full.len() / 2].to_string();
        run(b.write(&[Write::Put(SLOTS[1].into(), cut)])).unwrap();
        let loaded = run(load(&b)).unwrap();
        assert_eq!(loaded.document, doc(3));
        assert!(loaded.notice.unwrap().contains("cut off part way"));
        // The next save overwrites the damaged slot, never the good copy.
        let mut s = Session { rev: loaded.rev, ..session("t2") };
        run(save(&b, &mut s, &doc(5), 0.0, false)).unwrap();
        assert_eq!(unpack(records(&b)[0].as_deref().unwrap()).unwrap().document, doc(3));
    }

    #[test]
    fn nothing_readable_starts_from_the_example_and_keeps_the_copy_aside() {
        let b = Backend::memory();
        run(b.write(&[Write::Put(SLOTS[0].into(), "garbage".into())])).unwrap();
        let loaded = run(load(&b)).unwrap();
        assert_eq!(loaded.document.workspace, Workspace::default_workspace());
        assert!(loaded.notice.unwrap().contains("could not be read"));
        assert_eq!(run(b.get(&[BACKUP_KEY])).unwrap()[0].as_deref(), Some("garbage"));
    }

    #[test]
    fn work_saved_by_the_earlier_version_is_migrated() {
        let b = Backend::memory();
        run(b.write(&[Write::Put(LEGACY_KEY.into(), doc(3).workspace.to_json())])).unwrap();
        assert_eq!(run(load(&b)).unwrap().document, doc(3));
        assert_eq!(run(load(&Backend::memory())).unwrap().notice, None, "a first visit says nothing");
    }

    #[test]
    fn a_newer_copy_from_another_tab_is_handed_back_not_overwritten() {
        let b = Backend::memory();
        let (mut one, mut two) = (session("one"), session("two"));
        run(save(&b, &mut one, &doc(3), 0.0, false)).unwrap();
        let Saved::Newer(copy) = run(save(&b, &mut two, &doc(4), 0.0, false)).unwrap() else { panic!("overwrote") };
        assert_eq!((copy.header.tab.as_str(), copy.header.rev, copy.document), ("one", 1, doc(3)));
        assert_eq!(two.rev, 0, "nothing changed for tab two");
        assert_eq!(run(save(&b, &mut two, &doc(4), 0.0, true)), Ok(Saved::Done(2)), "unless told to");
        assert_eq!(run(load(&b)).unwrap().document, doc(4));
    }

    #[test]
    fn a_failed_write_says_why_and_changes_nothing() {
        let fail = std::rc::Rc::new(std::cell::RefCell::new(None));
        let b = Backend::memory_failing(fail.clone());
        let mut s = session("t1");
        run(save(&b, &mut s, &doc(3), 0.0, false)).unwrap();
        *fail.borrow_mut() = Some("this browser's storage for Lotwise is full".into());
        let err = run(save(&b, &mut s, &doc(4), 0.0, false)).unwrap_err();
        assert!(err.contains("full"), "{err}");
        assert_eq!((s.rev, &s.base), (1, &doc(3)));
        assert_eq!(run(load(&b)).unwrap().document, doc(3));
    }

    #[test]
    fn saving_what_is_already_saved_writes_nothing() {
        let b = Backend::memory();
        let mut s = session("t1");
        run(save(&b, &mut s, &doc(3), 0.0, false)).unwrap();
        let before = records(&b);
        assert_eq!(run(save(&b, &mut s, &doc(3), 0.0, false)), Ok(Saved::Done(1)));
        assert_eq!(records(&b), before);
    }

    #[test]
    fn a_header_without_its_whole_text_is_cut_off() {
        let h = Header { rev: 1, tab: "t".into(), saved_at: 0.0, bytes: 10 };
        assert!(peek(&pack(&h, "0123456789")).is_ok());
        assert!(peek(&pack(&h, "01234")).unwrap_err().contains("5 of 10 bytes"));
        assert!(peek("no header").is_err());
    }
}
