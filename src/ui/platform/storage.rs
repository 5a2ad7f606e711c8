//! Where the browser keeps records for Lotwise: IndexedDB (database `lotwise`, object store
//! `records`, text values under text keys), or local storage where IndexedDB cannot be opened.
//!
//! IndexedDB is used through web-sys's own bindings (no wrapper crate): Lotwise needs one
//! object store, reads by key and writes in one transaction, about 150 lines here, and the
//! wrapper crates (`rexie`, `indexed_db_futures`, `idb`) would each add their own copies of
//! futures and error types to the bundle. Every write resolves only when the browser confirms
//! its transaction is complete, so a save is reported as saved only once it is.
//!
//! [`Backend::Memory`] holds records in memory, with a switch that makes writes fail: the
//! native tests of saving ([`super::persist`]) run on it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The IndexedDB database and its one object store.
pub const DATABASE: &str = "lotwise";
pub const STORE: &str = "records";

/// A place to keep records.
pub enum Backend {
    #[cfg(target_arch = "wasm32")]
    Idb(web_sys::IdbDatabase),
    #[cfg(target_arch = "wasm32")]
    Local(web_sys::Storage),
    /// In memory (tests); while `fail` holds a reason, every write fails with it.
    Memory { records: RefCell<BTreeMap<String, String>>, fail: Rc<RefCell<Option<String>>> },
}

/// A write: put `(key, text)` or delete `key`.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Put(String, String),
    Delete(String),
}

impl Backend {
    /// An empty in-memory backend.
    pub fn memory() -> Backend {
        Backend::memory_failing(Rc::default())
    }

    /// An empty in-memory backend whose writes fail while `fail` holds a reason.
    pub fn memory_failing(fail: Rc<RefCell<Option<String>>>) -> Backend {
        Backend::Memory { records: RefCell::default(), fail }
    }

    /// Where records are kept, in words.
    pub fn place(&self) -> &'static str {
        match self {
            #[cfg(target_arch = "wasm32")]
            Backend::Idb(_) => "this browser's IndexedDB storage",
            #[cfg(target_arch = "wasm32")]
            Backend::Local(_) => "this browser's local storage (IndexedDB could not be opened)",
            Backend::Memory { .. } => "memory only",
        }
    }

    /// The budget for versions on this backend, in bytes.
    pub fn versions_budget(&self) -> usize {
        match self {
            #[cfg(target_arch = "wasm32")]
            Backend::Local(_) => super::versions::LOCAL_BUDGET,
            _ => super::versions::BUDGET,
        }
    }

    /// The texts under `keys` (None where there is none).
    pub async fn get(&self, keys: &[&str]) -> Result<Vec<Option<String>>, String> {
        match self {
            #[cfg(target_arch = "wasm32")]
            Backend::Idb(db) => imp::idb_get(db, keys).await.map_err(|e| imp::reason(&e)),
            #[cfg(target_arch = "wasm32")]
            Backend::Local(s) => keys.iter().map(|k| s.get_item(k).map_err(|e| imp::reason(&e))).collect(),
            Backend::Memory { records, .. } => Ok(keys.iter().map(|k| records.borrow().get(*k).cloned()).collect()),
        }
    }

    /// Reads `keys`, lets `decide` say what to write from what it read, and writes it, with no
    /// other tab's write in between: in IndexedDB one read-write transaction (transactions on
    /// one store never overlap, across tabs too); in local storage and memory with no wait
    /// between the read and the write. Returns `decide`'s answer once the write is confirmed.
    pub async fn update<T>(
        &self,
        keys: &[&str],
        decide: impl FnOnce(&[Option<String>]) -> (T, Vec<Write>),
    ) -> Result<T, String> {
        match self {
            #[cfg(target_arch = "wasm32")]
            Backend::Idb(db) => imp::idb_update(db, keys, decide).await.map_err(|e| imp::reason(&e)),
            _ => {
                let records = self.get(keys).await?;
                let (out, writes) = decide(&records);
                if !writes.is_empty() {
                    self.write(&writes).await?;
                }
                Ok(out)
            }
        }
    }

    /// Makes `writes`, all in one transaction where the backend has them; returns once the
    /// browser confirms, or why not (in words).
    pub async fn write(&self, writes: &[Write]) -> Result<(), String> {
        match self {
            #[cfg(target_arch = "wasm32")]
            Backend::Idb(db) => imp::idb_write(db, writes).await.map_err(|e| imp::reason(&e)),
            #[cfg(target_arch = "wasm32")]
            Backend::Local(s) => {
                for w in writes {
                    match w {
                        Write::Put(k, v) => s.set_item(k, v),
                        Write::Delete(k) => s.remove_item(k),
                    }
                    .map_err(|e| imp::reason(&e))?;
                }
                Ok(())
            }
            Backend::Memory { records, fail } => {
                if let Some(why) = fail.borrow().clone() {
                    return Err(why);
                }
                let mut r = records.borrow_mut();
                for w in writes {
                    match w {
                        Write::Put(k, v) => r.insert(k.clone(), v.clone()),
                        Write::Delete(k) => r.remove(k),
                    };
                }
                Ok(())
            }
        }
    }
}

/// A browser's storage error (its `name` and `message`) in words.
pub fn reason_words(name: &str, message: &str) -> String {
    match name {
        "QuotaExceededError" => "this browser's storage for Lotwise is full".into(),
        "SecurityError" | "InvalidStateError" | "NotAllowedError" | "UnknownError" => {
            "this browser does not let Lotwise keep data here (private browsing, or site data turned off)".into()
        }
        "" => format!("the browser refused to keep it ({message})"),
        _ => format!("the browser refused to keep it ({name}: {message})"),
    }
}

thread_local! {
    static NEXT: RefCell<Option<Backend>> = const { RefCell::new(None) };
}

/// Makes the next [`open`] return `backend` instead of the browser's storage: the browser tests
/// use it to give the app storage that fails on demand (a full disk cannot be made to order).
pub fn open_next_as(backend: Backend) {
    NEXT.with(|n| *n.borrow_mut() = Some(backend));
}

/// Opens IndexedDB, or local storage where IndexedDB cannot be opened; says why when neither.
pub async fn open() -> Result<Backend, String> {
    if let Some(backend) = NEXT.with(|n| n.borrow_mut().take()) {
        return Ok(backend);
    }
    #[cfg(target_arch = "wasm32")]
    {
        match imp::open_idb().await {
            Ok(db) => Ok(Backend::Idb(db)),
            Err(idb) => match gloo::utils::window().local_storage() {
                Ok(Some(s)) => Ok(Backend::Local(s)),
                _ => Err(imp::reason(&idb)),
            },
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    Err("keeping work needs a browser".into())
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::Promise;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

    use super::{reason_words, Write, DATABASE, STORE};

    /// A JS error (a `DOMException` or anything else) in words.
    pub fn reason(e: &JsValue) -> String {
        match e.dyn_ref::<web_sys::DomException>() {
            Some(d) => reason_words(&d.name(), &d.message()),
            None => reason_words("", &e.as_string().unwrap_or_else(|| format!("{e:?}"))),
        }
    }

    fn listen(target: &web_sys::EventTarget, kind: &str, f: impl FnOnce() + 'static) {
        let cb = Closure::once_into_js(move |_: web_sys::Event| f());
        let _ = target.add_event_listener_with_callback(kind, cb.unchecked_ref());
    }

    /// Resolves with the request's result, or rejects with its error.
    fn done(req: &IdbRequest) -> JsFuture {
        let req = req.clone();
        JsFuture::from(Promise::new(&mut |resolve, reject| {
            let r = req.clone();
            listen(&req, "success", move || {
                let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
            });
            let r = req.clone();
            listen(&req, "error", move || {
                let e = r.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
                let _ = reject.call1(&JsValue::NULL, &e);
            });
        }))
    }

    /// Resolves when the transaction completes; rejects with its error when it aborts.
    fn complete(tx: &IdbTransaction) -> JsFuture {
        let tx = tx.clone();
        JsFuture::from(Promise::new(&mut |resolve, reject| {
            listen(&tx, "complete", move || {
                let _ = resolve.call0(&JsValue::NULL);
            });
            let t = tx.clone();
            let reject2 = reject.clone();
            listen(&tx, "abort", move || {
                let e = t.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the save was cut off"));
                let _ = reject2.call1(&JsValue::NULL, &e);
            });
            let t = tx.clone();
            listen(&tx, "error", move || {
                let e = t.error().map(JsValue::from).unwrap_or(JsValue::NULL);
                let _ = reject.call1(&JsValue::NULL, &e);
            });
        }))
    }

    pub async fn open_idb() -> Result<IdbDatabase, JsValue> {
        let factory =
            gloo::utils::window().indexed_db()?.ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
        let req: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
        let r = req.clone();
        listen(&req, "upgradeneeded", move || {
            if let Ok(db) = r.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        });
        let db = done(&req).await?;
        db.dyn_into::<IdbDatabase>()
    }

    pub async fn idb_get(db: &IdbDatabase, keys: &[&str]) -> Result<Vec<Option<String>>, JsValue> {
        let tx = db.transaction_with_str(STORE)?;
        let store = tx.object_store(STORE)?;
        let mut pending = Vec::with_capacity(keys.len());
        for k in keys {
            pending.push(done(&store.get(&JsValue::from_str(k))?));
        }
        let mut out = Vec::with_capacity(keys.len());
        for p in pending {
            out.push(p.await?.as_string());
        }
        Ok(out)
    }

    /// Reads `keys` and makes the writes `decide` returns, in one read-write transaction.
    pub async fn idb_update<T>(
        db: &IdbDatabase,
        keys: &[&str],
        decide: impl FnOnce(&[Option<String>]) -> (T, Vec<Write>),
    ) -> Result<T, JsValue> {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE)?;
        let finished = complete(&tx);
        let mut pending = Vec::with_capacity(keys.len());
        for k in keys {
            pending.push(done(&store.get(&JsValue::from_str(k))?));
        }
        let mut records = Vec::with_capacity(keys.len());
        for p in pending {
            records.push(p.await?.as_string());
        }
        // Still inside the transaction: the reads' results arrive as its requests succeed.
        let (out, writes) = decide(&records);
        for w in &writes {
            match w {
                Write::Put(k, v) => store.put_with_key(&JsValue::from_str(v), &JsValue::from_str(k))?,
                Write::Delete(k) => store.delete(&JsValue::from_str(k))?,
            };
        }
        finished.await?;
        Ok(out)
    }

    pub async fn idb_write(db: &IdbDatabase, writes: &[Write]) -> Result<(), JsValue> {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE)?;
        let finished = complete(&tx);
        for w in writes {
            match w {
                Write::Put(k, v) => store.put_with_key(&JsValue::from_str(v), &JsValue::from_str(k))?,
                Write::Delete(k) => store.delete(&JsValue::from_str(k))?,
            };
        }
        finished.await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_are_said_in_words() {
        assert_eq!(reason_words("QuotaExceededError", "x"), "this browser's storage for Lotwise is full");
        assert!(reason_words("SecurityError", "").contains("private browsing"));
        assert_eq!(reason_words("DataError", "bad key"), "the browser refused to keep it (DataError: bad key)");
    }
}
