//! The browser user interface (Yew).
//!
//! [`App`] is the root component that `src/main.rs` mounts on the page and that
//! `tests/browser.rs` renders in a headless browser. Everything here compiles natively too
//! (yew's `csr` feature does), so `cargo test` builds it without a browser; code that needs the
//! browser belongs behind `cfg(target_arch = "wasm32")`.
//!
//! Layout as the UI grows: one module per screen or panel beside this file (for example
//! `ui/workspace.rs`, `ui/lots.rs`), composed by [`App`]; styles live in `style/main.css`.

use yew::prelude::*;

/// The product name shown in the header and the document title.
pub const PRODUCT_NAME: &str = "Lotwise";

/// The one-line orientation shown under the page heading.
pub const ORIENTATION: &str =
    "Plan tender lots that the market can prudently bid for. Your data never leaves this browser.";

/// The root component: header, skip link, main landmark and footer.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            <header class="app-header">
                <div class="app-width-container">
                    <span class="app-header__product">{ PRODUCT_NAME }</span>
                    <span class="app-header__tag">{ "Procurement segmentation planner" }</span>
                </div>
            </header>
            <div class="app-width-container">
                <main class="app-main" id="main-content" tabindex="-1">
                    <h1 class="app-heading-xl">{ PRODUCT_NAME }</h1>
                    <p class="app-body-l" id="orientation">{ ORIENTATION }</p>
                    <section class="app-panel" aria-labelledby="next-heading">
                        <h2 class="app-heading-m" id="next-heading">{ "What you will be able to do" }</h2>
                        <ul class="app-list app-list--bullet">
                            <li>{ "Describe the service you are buying and the suppliers in the market." }</li>
                            <li>{ "See how the service could be divided into lots that suppliers can afford to bid for." }</li>
                            <li>{ "Compare plans and keep your workspace as a file on your own device." }</li>
                        </ul>
                        <p class="app-body">
                            { "This is an early version. The planner works entirely in your browser: nothing you enter is sent anywhere." }
                        </p>
                    </section>
                </main>
            </div>
            <footer class="app-footer">
                <div class="app-width-container">
                    <p class="app-body-s">{ "Lotwise runs offline in your browser. MIT licence." }</p>
                </div>
            </footer>
        </>
    }
}
