//! The browser user interface (Yew), built only with the `app` feature.
//!
//! [`App`] holds the one store ([`store::State`] changed by [`store::Action`]) and composes one
//! panel per step of a commissioner's work, each in its own folder: [`service`], [`suppliers`],
//! [`rules`], [`plan`] (the proposed lots), [`scenarios`], and [`workspace`] (scenarios and
//! files). Panels read the workspace and edit it through the [`store::Doc`] context; widgets
//! every step uses are in [`widgets`], the browser around the app (storage, downloads, the
//! solve worker) in [`platform`], element ids in [`ids`]. Everything here compiles natively
//! too (yew's `csr` feature does), so the store is unit-tested natively; code that needs the
//! browser is behind `cfg(target_arch = "wasm32")`.

pub mod ids;
pub mod plan;
pub mod platform;
pub mod rules;
pub mod scenarios;
pub mod service;
pub mod store;
pub mod suppliers;
pub mod widgets;
pub mod workspace;

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{Scenario, Workspace};
use crate::plan::lower;
use crate::plan::problem::LotProblem;
use crate::views;
use platform::autosave::{self, Saver, Start};
use platform::solver_client::{self, SolverClient};
use store::{Action, Doc, DocProvider, SaveState, Solve, State, Tab};

/// The product name shown in the header and the document title.
pub const PRODUCT_NAME: &str = "Lotwise";

/// The one-line orientation shown under the page heading.
pub const ORIENTATION: &str =
    "Plan tender lots that the market can prudently bid for. Your data never leaves this browser.";

/// Default solve time limit, seconds.
pub const DEFAULT_TIME_LIMIT: f64 = 10.0;

/// The root component: opens the browser's storage and reads the work kept there (a moment),
/// then shows the [`Workbench`] on it.
#[component]
pub fn App() -> Html {
    let start = use_state(|| None::<Rc<Start>>);
    {
        let start = start.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_futures::spawn_local(async move { start.set(Some(Rc::new(autosave::start().await))) });
            #[cfg(not(target_arch = "wasm32"))]
            start.set(Some(Rc::new(Start {
                backend: None,
                loaded: platform::persist::choose(&[], None),
                failure: None,
            })));
        });
    }
    match &*start {
        None => html! { <p class="app-body app-opening" role="status" id="opening">{ "Opening your work…" }</p> },
        Some(start) => html! { <Workbench start={start.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct WorkbenchProps {
    start: Rc<Start>,
}

/// The store, started from the work found at start-up, the saver that keeps it, the [`Doc`]
/// every panel edits through, and the page.
#[component]
fn Workbench(p: &WorkbenchProps) -> Html {
    let state = use_reducer(|| {
        let mut s = State::with_document(p.start.loaded.document.clone());
        s.notice = p.start.loaded.notice.clone();
        s.saving = match &p.start.failure {
            Some(why) => SaveState::NotSaved(why.clone()),
            None => SaveState::Saved,
        };
        s
    });
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let client = solver_client::use_solver_client(dispatch.clone());
    let saver = autosave::use_saver(&p.start, dispatch.clone(), state.saving.clone(), state.conflict.clone());
    use_autosave(&saver, &state);
    use_undo_shortcuts(dispatch.clone());
    platform::use_focus(state.focus.clone());
    {
        let client = client.clone();
        use_effect_with((), move |_| client.warm());
    }
    let time_limit = use_state(|| DEFAULT_TIME_LIMIT);
    let solving = Solving::new(&state, &client, &time_limit, &dispatch);
    let doc = Doc::of(&state, dispatch.clone());
    html! {
        <DocProvider context={doc}>
          <ContextProvider<Saver> context={saver}>
          <ContextProvider<plan::alternatives::SolveAside> context={solving.aside.clone()}>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            <Header />
            <div class="app-width-container">
                <main class="app-main" id="main-content" tabindex="-1">
                    <Intro notice={state.notice.clone()} />
                    <workspace::saving::ConflictChoice />
                    <workspace::link::LinkOffer />
                    <workspace::switcher::WorkspaceBar />
                    <Toolbar
                        can_undo={state.history.can_undo()}
                        can_redo={state.history.can_redo()}
                        solving={state.is_solving()}
                        on_solve={solving.solve_on_plan.clone()}
                    />
                    <workspace::files::Share />
                    <workspace::versions::Versions />
                    <Tabs current={state.tab} plan_ready={matches!(state.solve, Solve::Done { .. })} />
                    <section class="app-panel-area" id={format!("panel-{}", state.tab.id())} aria-labelledby={format!("tab-{}", state.tab.id())}>
                        { panel(&state, &solving, *time_limit) }
                    </section>
                </main>
            </div>
            <Footer />
          </ContextProvider<plan::alternatives::SolveAside>>
          </ContextProvider<Saver>>
        </DocProvider>
    }
}

/// Saves the work (with its plans) after every change, and keeps a version of the work a file,
/// a link, a restore or a new workspace replaced.
#[hook]
fn use_autosave(saver: &Saver, state: &State) {
    let request = saver.clone();
    use_effect_with((state.workspace.clone(), state.results.clone()), move |(ws, results)| {
        request.request(store::document_of(ws, results))
    });
    let keeper = saver.clone();
    use_effect_with(state.keep.clone(), move |keep| {
        if let Some(k) = keep {
            keeper.keep((*k.document).clone(), k.label.clone(), false, false);
        }
    });
}

/// The callbacks that start, run in the background and stop solves.
struct Solving {
    solve: Callback<()>,
    /// Opens step 4, then solves (for buttons on other steps).
    solve_on_plan: Callback<()>,
    background: Callback<(Scenario, LotProblem)>,
    /// Solves in the background with a time limit of its own (alternative plans).
    aside: plan::alternatives::SolveAside,
    cancel: Callback<()>,
    set_time_limit: Callback<f64>,
}

impl Solving {
    fn new(
        state: &UseReducerHandle<State>,
        client: &SolverClient,
        time_limit: &UseStateHandle<f64>,
        dispatch: &Callback<Action>,
    ) -> Solving {
        let solve = {
            let (state, client, time_limit, dispatch) =
                (state.clone(), client.clone(), time_limit.clone(), dispatch.clone());
            Callback::from(move |_: ()| match lower::lower(state.scenario()) {
                Ok(problem) => client.solve(solver_client::Job {
                    scenario: state.scenario().clone(),
                    problem,
                    time_limit: *time_limit,
                }),
                Err(issues) => dispatch.emit(Action::SolveInvalid(issues)),
            })
        };
        let background = {
            let (client, time_limit) = (client.clone(), time_limit.clone());
            Callback::from(move |(scenario, problem): (Scenario, LotProblem)| {
                client.solve_in_background(solver_client::Job { scenario, problem, time_limit: *time_limit })
            })
        };
        let aside = {
            let client = client.clone();
            plan::alternatives::SolveAside(Callback::from(
                move |(scenario, problem, time_limit): (Scenario, LotProblem, f64)| {
                    client.solve_aside(solver_client::Job { scenario, problem, time_limit })
                },
            ))
        };
        let cancel = {
            let client = client.clone();
            Callback::from(move |_: ()| client.cancel())
        };
        let set_time_limit = {
            let time_limit = time_limit.clone();
            Callback::from(move |t: f64| time_limit.set(t))
        };
        let solve_on_plan = {
            let (solve, dispatch) = (solve.clone(), dispatch.clone());
            Callback::from(move |_: ()| {
                dispatch.emit(Action::SetTab(Tab::Plan));
                solve.emit(());
            })
        };
        Solving { solve, solve_on_plan, background, aside, cancel, set_time_limit }
    }
}

/// The open step's panel.
fn panel(state: &State, solving: &Solving, time_limit: f64) -> Html {
    match state.tab {
        Tab::Service => html! { <service::ServicePanel /> },
        Tab::Suppliers => html! { <suppliers::SuppliersPanel /> },
        Tab::Rules => html! { <rules::RulesPanel on_solve={solving.solve_on_plan.clone()} /> },
        Tab::Scenarios => html! {
            <scenarios::ScenariosPanel results={state.results.clone()} on_solve={solving.background.clone()} />
        },
        Tab::Plan => html! {
            <plan::PlanPanel
                solve={state.solve.clone()}
                time_limit={time_limit}
                on_time_limit={solving.set_time_limit.clone()}
                on_solve={solving.solve.clone()}
                on_cancel={solving.cancel.clone()}
            />
        },
    }
}

#[component]
fn Header() -> Html {
    html! {
        <header class="app-header">
            <div class="app-width-container app-header__inner">
                <span class="app-header__product">{ PRODUCT_NAME }</span>
                <span class="app-header__tag">{ "Procurement segmentation planner" }</span>
            </div>
        </header>
    }
}

#[component]
fn Footer() -> Html {
    html! {
        <footer class="app-footer">
            <div class="app-width-container">
                <p class="app-body-s">{ "Lotwise runs offline in your browser: nothing you enter is sent anywhere. MIT licence." }</p>
            </div>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct IntroProps {
    notice: Option<String>,
}

/// The page heading, the orientation, the service in one line and any notice about the work.
#[component]
fn Intro(p: &IntroProps) -> Html {
    let doc = store::use_doc();
    let sc = doc.scenario();
    let dismiss = {
        let doc = doc.clone();
        Callback::from(move |_| doc.dispatch(Action::SetNotice(None)))
    };
    let to_plan = {
        let doc = doc.clone();
        Callback::from(move |_| doc.dispatch(Action::SetTab(Tab::Plan)))
    };
    html! {
        <>
            <h1 class="app-heading-xl">{ PRODUCT_NAME }</h1>
            <p class="app-body-l" id="orientation">{ ORIENTATION }</p>
            <p class="app-body" id="scenario-line">
                { service_line(sc) }
                { "Work through the steps below, or go straight to " }
                <button type="button" class="app-link-button" onclick={to_plan}>{ "4. Proposed lots" }</button>
                { if is_example(sc) { " to solve the shipped example.".to_string() } else { format!(" to propose lots for “{}”.", views::compare::label(sc)) } }
            </p>
            if let Some(notice) = &p.notice {
                <div class="app-notice" role="status" id="workspace-notice">
                    <p class="app-body">{ notice.clone() }</p>
                    <button type="button" class="app-button app-button--secondary" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        </>
    }
}

/// "A county council: Children's services. ", in the user's words (blank parts left out).
fn service_line(sc: &Scenario) -> String {
    let parts: Vec<&str> =
        [sc.service.authority.trim(), sc.service.name.trim()].into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}. ", parts.join(": "))
    }
}

/// Whether the scenario is still the shipped example's service (its authority and service).
fn is_example(sc: &Scenario) -> bool {
    static EXAMPLE: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (authority, name) = EXAMPLE.get_or_init(|| {
        let e = Workspace::default_workspace().active_scenario().service.clone();
        (e.authority, e.name)
    });
    sc.service.authority == *authority && sc.service.name == *name
}

/// Ctrl+Z undoes and Ctrl+Shift+Z (or Ctrl+Y) redoes anywhere on the page, except while typing
/// in a text field, where the browser's own undo applies to the text.
#[hook]
fn use_undo_shortcuts(dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        #[cfg(target_arch = "wasm32")]
        let listener = {
            use wasm_bindgen::JsCast;
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&gloo::utils::window(), "keydown", options, move |event| {
                let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if !(key.ctrl_key() || key.meta_key()) || in_text_field(key) {
                    return;
                }
                let action = match (key.key().to_ascii_lowercase().as_str(), key.shift_key()) {
                    ("z", false) => Action::Undo,
                    ("z", true) | ("y", false) => Action::Redo,
                    _ => return,
                };
                key.prevent_default();
                dispatch.emit(action);
            })
        };
        #[cfg(not(target_arch = "wasm32"))]
        let _ = dispatch;
        move || {
            #[cfg(target_arch = "wasm32")]
            drop(listener);
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn in_text_field(key: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let Some(target) = key.target() else { return false };
    if target.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some() {
        return true;
    }
    target
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|input| !matches!(input.type_().as_str(), "checkbox" | "radio" | "button" | "submit"))
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    can_undo: bool,
    can_redo: bool,
    solving: bool,
    on_solve: Callback<()>,
}

#[component]
fn Toolbar(p: &ToolbarProps) -> Html {
    let doc = store::use_doc();
    let send = |action: Action| {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.dispatch(action.clone()))
    };
    let solve = p.on_solve.reform(|_: MouseEvent| ());
    html! {
        <div class="app-toolbar" role="toolbar" aria-label="Workspace actions">
            <button type="button" class="app-button app-button--secondary" disabled={!p.can_undo} aria-keyshortcuts="Control+Z" onclick={send(Action::Undo)}>{ "Undo" }</button>
            <button type="button" class="app-button app-button--secondary" disabled={!p.can_redo} aria-keyshortcuts="Control+Shift+Z" onclick={send(Action::Redo)}>{ "Redo" }</button>
            <button type="button" class="app-button" id="solve-top" disabled={p.solving} onclick={solve}>
                { if p.solving { "Solving…" } else { "Propose lots" } }
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TabsProps {
    current: Tab,
    plan_ready: bool,
}

/// Step navigation: buttons that show one panel at a time (`aria-current` marks the open one).
#[component]
fn Tabs(p: &TabsProps) -> Html {
    let doc = store::use_doc();
    html! {
        <nav class="app-tabs" aria-label="Steps">
            <ul class="app-tabs__list">
                { for Tab::ALL.iter().map(|&tab| {
                    let current = tab == p.current;
                    let doc = doc.clone();
                    html! {
                        <li class="app-tabs__item">
                            <button
                                type="button"
                                id={format!("tab-{}", tab.id())}
                                class={classes!("app-tabs__tab", current.then_some("app-tabs__tab--current"))}
                                aria-current={current.then_some("step")}
                                onclick={Callback::from(move |_| doc.dispatch(Action::SetTab(tab)))}
                            >
                                { tab.label() }
                                if tab == Tab::Plan && p.plan_ready {
                                    <span class="app-visually-hidden">{ " (a plan is ready)" }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
