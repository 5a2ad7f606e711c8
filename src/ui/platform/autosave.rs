//! The saver: keeps the work on screen in the browser ([`super::persist`]) after every change,
//! one save at a time, and reports every outcome to the store ([`SaveState`]); keeps versions
//! ([`super::versions`]); and listens to the other tabs (a `BroadcastChannel` named
//! [`CHANNEL`]) so a newer copy saved there is taken in, merged with this tab's changes
//! (`model::merge`), or, when both changed the same place, offered as a choice
//! ([`TabConflict`]) with the copy not chosen kept as a version.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::model::merge::merge;
use crate::plan::saved::Document;
use crate::ui::platform::persist::{self, Copy, Saved, Session};
use crate::ui::platform::storage::Backend;
use crate::ui::platform::versions;
use crate::ui::store::{Action, SaveState, TabConflict};

/// The name of the channel tabs tell each other about saves on.
pub const CHANNEL: &str = "lotwise";

/// What start-up found, handed to the app: where work is kept (none when the browser keeps
/// nothing) and what to begin with.
#[derive(Clone)]
pub struct Start {
    pub backend: Option<Rc<Backend>>,
    pub loaded: persist::Loaded,
    /// Why nothing can be kept, when the browser refuses storage.
    pub failure: Option<String>,
}

impl PartialEq for Start {
    fn eq(&self, other: &Start) -> bool {
        self.loaded == other.loaded && self.failure == other.failure
    }
}

/// Opens the browser's storage and reads the work to start with.
pub async fn start() -> Start {
    let backend = match super::storage::open().await {
        Ok(b) => Rc::new(b),
        Err(why) => return Start { backend: None, loaded: persist::choose(&[], None), failure: Some(why) },
    };
    match persist::load(&backend).await {
        Ok(loaded) => Start { backend: Some(backend), loaded, failure: None },
        Err(why) => Start { backend: Some(backend), loaded: persist::choose(&[], None), failure: Some(why) },
    }
}

struct Engine {
    backend: Option<Rc<Backend>>,
    session: Session,
    /// The newest document on screen, and whether it still has to be saved.
    latest: Document,
    dirty: bool,
    busy: bool,
    /// Waiting for the user to choose between this tab's copy and another tab's.
    paused: bool,
    last_auto: f64,
    /// Makes the versions panel read the list again.
    bump: Callback<()>,
    #[cfg(target_arch = "wasm32")]
    channel: Option<Channel>,
}

/// The channel to the other tabs, and the listener kept alive with it.
#[cfg(target_arch = "wasm32")]
type Channel = (web_sys::BroadcastChannel, wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>);

/// The handle components use: the save state, a conflict to resolve, and the verbs.
#[derive(Clone)]
pub struct Saver {
    engine: Rc<RefCell<Engine>>,
    dispatch: Callback<Action>,
    pub state: SaveState,
    pub conflict: Option<Rc<TabConflict>>,
    /// Where work is kept, in words.
    pub place: &'static str,
    /// Changes whenever the list of versions may have changed.
    pub versions_seq: u32,
}

impl PartialEq for Saver {
    fn eq(&self, o: &Saver) -> bool {
        Rc::ptr_eq(&self.engine, &o.engine)
            && self.state == o.state
            && self.conflict == o.conflict
            && self.versions_seq == o.versions_seq
    }
}

/// The current time, milliseconds since 1970.
pub fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// "14:05" (the browser's local time) for a time in milliseconds since 1970.
pub fn clock(ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let minutes = (ms / 60_000.0) as u64;
        format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
    }
}

/// "3 Dec, 14:05" for a time in milliseconds since 1970.
pub fn day_and_clock(ms: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        format!("{} {}, {}", d.get_date(), MONTHS[d.get_month() as usize % 12], clock(ms))
    }
    #[cfg(not(target_arch = "wasm32"))]
    clock(ms)
}

fn tab_id() -> String {
    #[cfg(target_arch = "wasm32")]
    return format!("{:08x}", (js_sys::Math::random() * 4_294_967_295.0) as u64);
    #[cfg(not(target_arch = "wasm32"))]
    "native".into()
}

/// The saver of the app: made once from `start`; every change of `document` is saved.
#[hook]
pub fn use_saver(
    start: &Start,
    dispatch: Callback<Action>,
    state: SaveState,
    conflict: Option<Rc<TabConflict>>,
) -> Saver {
    let engine = use_memo((), {
        let start = start.clone();
        move |_| {
            Rc::new(RefCell::new(Engine {
                backend: start.backend.clone(),
                session: Session { tab: tab_id(), rev: start.loaded.rev, base: start.loaded.document.clone() },
                latest: start.loaded.document.clone(),
                dirty: false,
                busy: false,
                paused: false,
                last_auto: now(),
                bump: Callback::noop(),
                #[cfg(target_arch = "wasm32")]
                channel: None,
            }))
        }
    });
    let versions_seq = use_state(|| 0u32);
    let place = start.backend.as_ref().map_or("nowhere: this browser keeps nothing", |b| b.place());
    let saver = Saver { engine: (*engine).clone(), dispatch, state, conflict, place, versions_seq: *versions_seq };
    let bump = {
        let versions_seq = versions_seq.clone();
        Callback::from(move |_: ()| versions_seq.set(*versions_seq + 1))
    };
    saver.engine.borrow_mut().bump = bump.clone();
    use_listen_to_tabs(&saver, bump);
    saver
}

impl Saver {
    /// Says the list of versions may have changed (the versions panel reads it again).
    fn bump(&self) {
        let bump = self.engine.borrow().bump.clone();
        bump.emit(());
    }

    /// Saves `document` (now or as soon as the save under way ends).
    pub fn request(&self, document: Document) {
        let mut e = self.engine.borrow_mut();
        if e.latest == document && !e.dirty {
            return;
        }
        e.latest = document;
        e.dirty = true;
        drop(e);
        self.drive();
    }

    /// Saves again now (after a failure, or to look for a newer copy from another tab).
    pub fn retry(&self) {
        self.engine.borrow_mut().dirty = true;
        self.drive();
    }

    fn drive(&self) {
        {
            let e = self.engine.borrow();
            if e.busy || e.paused || !e.dirty {
                return;
            }
        }
        self.engine.borrow_mut().busy = true;
        let saver = self.clone();
        spawn(async move {
            saver.save_all().await;
            saver.engine.borrow_mut().busy = false;
            if saver.engine.borrow().dirty {
                saver.drive();
            }
        });
    }

    /// Saves until nothing is left to save, reporting every outcome.
    async fn save_all(&self) {
        loop {
            let (backend, doc) = {
                let mut e = self.engine.borrow_mut();
                if !e.dirty || e.paused {
                    return;
                }
                e.dirty = false;
                let Some(backend) = e.backend.clone() else {
                    drop(e);
                    self.dispatch.emit(Action::SetSaving(SaveState::NotSaved(
                        "this browser does not let Lotwise keep data here (private browsing, or site data turned off)"
                            .into(),
                    )));
                    return;
                };
                (backend, e.latest.clone())
            };
            self.dispatch.emit(Action::SetSaving(SaveState::Saving));
            let mut session = self.engine.borrow().session.clone();
            let outcome = persist::save(&backend, &mut session, &doc, now(), false).await;
            match outcome {
                Ok(Saved::Done(rev)) => {
                    self.engine.borrow_mut().session = session;
                    self.dispatch.emit(Action::SetSaving(SaveState::Saved));
                    self.announce(rev);
                    self.auto_version(&backend, &doc).await;
                }
                Ok(Saved::Newer(copy)) => {
                    // The work on screen now, not the copy this save started with: an edit
                    // made while the save was under way is this tab's too, and must be merged,
                    // never replaced by the other tab's copy.
                    let ours = self.engine.borrow().latest.clone();
                    self.take_in(copy, ours)
                }
                Err(why) => {
                    self.engine.borrow_mut().dirty = false;
                    self.dispatch.emit(Action::SetSaving(SaveState::NotSaved(why)));
                    return;
                }
            }
        }
    }

    /// A version every [`versions::AUTO_EVERY_MS`] of editing.
    async fn auto_version(&self, backend: &Backend, doc: &Document) {
        let due = now() - self.engine.borrow().last_auto >= versions::AUTO_EVERY_MS;
        if due && versions::add(backend, doc, "Automatic", false, now()).await.is_ok() {
            self.engine.borrow_mut().last_auto = now();
            self.bump();
        }
    }

    /// Another tab saved `theirs` since this tab last synced; `ours` is the work on screen.
    fn take_in(&self, theirs: Copy, ours: Document) {
        let base = self.engine.borrow().session.base.clone();
        let mut e = self.engine.borrow_mut();
        if ours == base {
            e.session = Session { rev: theirs.header.rev, base: theirs.document.clone(), ..e.session.clone() };
            e.latest = theirs.document.clone();
            drop(e);
            self.dispatch.emit(Action::TakeIn { seen: Rc::new(ours.workspace), document: Box::new(theirs.document) });
            self.dispatch.emit(Action::SetSaving(SaveState::Saved));
            return;
        }
        match merge(&base.workspace, &ours.workspace, &theirs.document.workspace) {
            Ok(workspace) => {
                let merged = merged_document(workspace, &ours, &theirs.document);
                e.session = Session { rev: theirs.header.rev, base: theirs.document.clone(), ..e.session.clone() };
                e.dirty = true;
                e.latest = merged.clone();
                drop(e);
                self.dispatch
                    .emit(Action::TakeIn { seen: Rc::new(ours.workspace.clone()), document: Box::new(merged) });
                let when = clock(theirs.header.saved_at);
                self.dispatch.emit(Action::SetNotice(Some(format!(
                    "Another tab saved changes at {when}. They did not touch what you changed here, so both are kept."
                ))));
            }
            Err(conflicts) => {
                e.paused = true;
                drop(e);
                let places = conflicts.iter().map(|c| c.to_string()).collect();
                let conflict = TabConflict {
                    theirs: Rc::new(theirs.document),
                    rev: theirs.header.rev,
                    saved_at: theirs.header.saved_at,
                    places,
                };
                self.dispatch.emit(Action::SetConflict(Some(Rc::new(conflict))));
                self.dispatch.emit(Action::SetSaving(SaveState::NotSaved(
                    "another tab saved a newer copy that changes the same things; choose which copy to keep".into(),
                )));
            }
        }
    }

    /// Tells the other tabs that revision `rev` was saved.
    fn announce(&self, rev: u64) {
        #[cfg(target_arch = "wasm32")]
        {
            let e = self.engine.borrow();
            if let Some((channel, _)) = &e.channel {
                let message = format!("{{\"rev\":{rev},\"tab\":\"{}\"}}", e.session.tab);
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&message));
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = rev;
    }

    /// Resolves a conflict with another tab: keep this tab's copy (`mine`) or take the other's;
    /// the copy not chosen is kept as a version.
    pub fn resolve(&self, mine: bool) {
        let Some(conflict) = self.conflict.clone() else { return };
        let saver = self.clone();
        spawn(async move {
            let (backend, ours) = {
                let e = saver.engine.borrow();
                (e.backend.clone(), e.latest.clone())
            };
            let (kept, label) = if mine {
                ((*conflict.theirs).clone(), format!("The other tab's copy of {}", clock(conflict.saved_at)))
            } else {
                (ours, "This tab's copy, before taking the other tab's".to_string())
            };
            if let Some(backend) = &backend {
                if let Err(why) = versions::add(backend, &kept, &label, true, now()).await {
                    saver.dispatch.emit(Action::SetNotice(Some(format!(
                        "The copy not chosen could not be kept as a version: {why}."
                    ))));
                }
            }
            {
                let mut e = saver.engine.borrow_mut();
                e.paused = false;
                e.session.rev = conflict.rev;
                e.dirty = true;
                if !mine {
                    e.session.base = (*conflict.theirs).clone();
                    e.latest = (*conflict.theirs).clone();
                }
            }
            saver.dispatch.emit(Action::SetConflict(None));
            if !mine {
                saver.dispatch.emit(Action::Sync(Box::new((*conflict.theirs).clone())));
            }
            let notice = format!(
                "Kept {}. The other copy is in Versions as “{label}”.",
                if mine { "this tab's copy" } else { "the other tab's copy" }
            );
            saver.dispatch.emit(Action::SetNotice(Some(notice)));
            saver.bump();
            saver.drive();
        });
    }

    /// Keeps `document` as a version called `label` (named by the user when `named`); says so,
    /// or why not, in the notice when `tell`.
    pub fn keep(&self, document: Document, label: String, named: bool, tell: bool) {
        let Some(backend) = self.engine.borrow().backend.clone() else {
            self.dispatch.emit(Action::SetNotice(Some("No version was kept: this browser does not let Lotwise keep data here. Save the workspace as a file instead.".into())));
            return;
        };
        let (dispatch, saver) = (self.dispatch.clone(), self.clone());
        spawn(async move {
            match versions::add(&backend, &document, &label, named, now()).await {
                Ok(_) if tell => dispatch.emit(Action::SetNotice(Some(format!("Kept a version called “{label}”.")))),
                Ok(_) => {}
                Err(why) => dispatch.emit(Action::SetNotice(Some(format!("No version was kept: {why}.")))),
            }
            saver.bump();
        });
    }

    /// Shows `message` as the page's notice.
    pub fn tell(&self, message: String) {
        self.dispatch.emit(Action::SetNotice(Some(message)));
    }

    /// Makes the versions panel read the list again.
    pub fn refresh(&self) {
        self.bump();
    }

    /// The backend, for the versions panel.
    pub fn backend(&self) -> Option<Rc<Backend>> {
        self.engine.borrow().backend.clone()
    }
}

/// The merged workspace with the plans of both copies (this tab's first), for its scenarios.
fn merged_document(workspace: crate::model::Workspace, ours: &Document, theirs: &Document) -> Document {
    let mut plans: BTreeMap<_, _> = theirs.plans.clone();
    plans.extend(ours.plans.clone());
    plans.retain(|key, _| {
        let id = key.strip_prefix("peak:").or_else(|| key.strip_prefix("robust:")).unwrap_or(key);
        workspace.scenarios.iter().any(|s| s.id == id)
    });
    Document { workspace, plans }
}

fn spawn(f: impl std::future::Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
}

/// Listens for saves announced by other tabs: one newer than this tab knows makes it look.
/// The channel closes when the app is taken off the page.
#[hook]
fn use_listen_to_tabs(saver: &Saver, bump: Callback<()>) {
    let saver = saver.clone();
    use_effect_with((), move |_| {
        let engine = saver.engine.clone();
        #[cfg(target_arch = "wasm32")]
        if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
            use wasm_bindgen::JsCast;
            let listener = saver.clone();
            let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |m: web_sys::MessageEvent| {
                    let Some(text) = m.data().as_string() else { return };
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else { return };
                    let rev = v["rev"].as_u64().unwrap_or(0);
                    let known = listener.engine.borrow().session.rev;
                    if rev > known {
                        listener.retry();
                        bump.emit(());
                    }
                },
            );
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            saver.engine.borrow_mut().channel = Some((channel, on_message));
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (saver, bump);
        move || {
            #[cfg(target_arch = "wasm32")]
            if let Some((channel, _listener)) = engine.borrow_mut().channel.take() {
                channel.set_onmessage(None);
                channel.close();
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = engine;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    #[test]
    fn a_merged_copy_keeps_the_plans_of_both_tabs_for_its_scenarios() {
        let ws = Workspace::default_workspace();
        let problem = crate::plan::lower::lower_active(&ws).unwrap();
        let solution = crate::plan::solver::solve(&problem, &Default::default());
        let plan = crate::plan::saved::SavedPlan::new(ws.active_scenario(), problem, solution);
        let mut ours = Document::new(ws.clone());
        ours.plans.insert("default".into(), plan.clone());
        let mut theirs = Document::new(ws.clone());
        theirs.plans.insert("peak:default".into(), plan.clone());
        theirs.plans.insert("gone".into(), plan);
        let merged = merged_document(ws, &ours, &theirs);
        assert_eq!(merged.plans.keys().collect::<Vec<_>>(), ["default", "peak:default"]);
    }

    #[test]
    fn times_read_as_a_clock() {
        assert_eq!(clock(0.0), "00:00");
        assert_eq!(clock((13 * 60 + 5) as f64 * 60_000.0), "13:05");
    }
}
