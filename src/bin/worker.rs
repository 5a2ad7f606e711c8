//! The solve worker: runs in a Web Worker so the page never freezes while solving. It posts
//! each better plan found as progress, then the answer.
//! Built by Trunk from `index.html` (`data-type="worker"`); see `lotwise::plan::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        // Progress is posted from inside the solve; the page gets it while the solve goes on.
        let progress_to = reply_to.clone();
        let reply = lotwise::plan::worker::handle_with(&text, move |progress| {
            let _ = progress_to.post_message(&JsValue::from_str(&progress));
        });
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(lotwise::plan::worker::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the solve worker runs only in the browser; use the `lotwise` command line instead");
}
