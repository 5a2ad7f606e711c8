//! The browser around the app: where work is kept ([`storage`], [`persist`], [`versions`],
//! saved by [`autosave`]), files handed to the user ([`download`]) and the solve worker
//! ([`solver_client`]).

pub mod autosave;
pub mod download;
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
