//! The browser around the app: where work is kept ([`storage`], [`persist`], [`versions`],
//! saved by [`autosave`]), files handed to the user ([`download`]) and the solve worker
//! ([`solver_client`]).

pub mod autosave;
pub mod download;
pub mod parts;
pub mod persist;
pub mod solver_client;
pub mod storage;
pub mod versions;

use yew::prelude::*;

use crate::ui::store::Focus;

/// Moves the keyboard focus to the element a link asked for ([`Focus`]), once the page has
/// rendered the step it is on.
#[hook]
pub fn use_focus(focus: Option<Focus>) {
    use_effect_with(focus, |focus| {
        if let Some(f) = focus {
            focus_by_id(&f.id);
        }
    });
}

/// A file input's change handler: hands the chosen file to `read_file`, then clears the input
/// so that the same file can be chosen again (after fixing it, say).
pub fn on_chosen_file(read_file: Callback<web_sys::File>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file.emit(file);
        }
        input.set_value("");
    })
}

/// Moves the keyboard focus to the element with `id`, if there is one (and scrolls it into
/// view, as focusing does).
pub fn focus_by_id(id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) =
            gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}
