//! `lotwise-app`: the web app, built for the browser by Trunk (`index.html`).

fn main() {
    yew::Renderer::<lotwise::ui::App>::new().render();
}
