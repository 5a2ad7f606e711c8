//! The browser user interface (Yew).
//!
//! [`App`] holds the one store ([`store::State`] changed by [`store::Action`]) and composes one
//! panel per step of a commissioner's work: the service and its segments, the supplier
//! register, the lot rules, and the proposed lots. Panels get data and callbacks as props.
//! Everything here compiles natively too (yew's `csr` feature does), so `cargo test` builds it;
//! code that needs the browser is behind `cfg(target_arch = "wasm32")`.

pub mod chart;
pub mod components;
pub mod download;
pub mod persist;
pub mod plan;
pub mod plan_diagnosis;
pub mod plan_export;
pub mod plan_progress;
pub mod plan_results;
pub mod rules;
pub mod scenarios;
pub mod scenarios_assumptions;
pub mod scenarios_compare;
pub mod scenarios_robust;
pub mod scenarios_years;
pub mod service;
pub mod service_areas;
pub mod service_lists;
pub mod service_segments;
pub mod share;
pub mod solver_client;
pub mod store;
pub mod suppliers;
pub mod suppliers_form;
pub mod suppliers_import;
pub mod suppliers_policy;
pub mod workspace_bar;

use yew::prelude::*;

use crate::plan::lower;
use store::{Action, Solve, State, Tab};

/// The product name shown in the header and the document title.
pub const PRODUCT_NAME: &str = "Lotwise";

/// The one-line orientation shown under the page heading.
pub const ORIENTATION: &str =
    "Plan tender lots that the market can prudently bid for. Your data never leaves this browser.";

/// Default solve time limit, seconds.
pub const DEFAULT_TIME_LIMIT: f64 = 10.0;

/// The root component.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (workspace, notice) = persist::load();
        State { notice, ..State::new(workspace) }
    });
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let client = solver_client::use_solver_client(dispatch.clone());
    use_effect_with(state.workspace.clone(), persist::save);
    use_undo_shortcuts(dispatch.clone());
    {
        let client = client.clone();
        use_effect_with((), move |_| client.warm());
    }
    let time_limit = use_state(|| DEFAULT_TIME_LIMIT);

    let on_change = dispatch.reform(Action::EditScenario);
    let on_tab = dispatch.reform(Action::SetTab);
    let on_solve = {
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
    let on_background = {
        let (client, time_limit) = (client.clone(), time_limit.clone());
        Callback::from(move |(scenario, problem): (crate::model::Scenario, crate::plan::problem::LotProblem)| {
            client.solve_in_background(solver_client::Job { scenario, problem, time_limit: *time_limit })
        })
    };
    let on_replace = dispatch.reform(Action::ReplaceWorkspace);
    let on_notice = dispatch.reform(Action::SetNotice);
    let on_cancel = {
        let client = client.clone();
        Callback::from(move |_: ()| client.cancel())
    };
    let on_time_limit = {
        let time_limit = time_limit.clone();
        Callback::from(move |t: f64| time_limit.set(t))
    };

    let scenario = state.scenario().clone();
    let panel = match state.tab {
        Tab::Service => html! { <service::ServicePanel scenario={scenario.clone()} on_change={on_change.clone()} /> },
        Tab::Suppliers => {
            html! { <suppliers::SuppliersPanel scenario={scenario.clone()} on_change={on_change.clone()} /> }
        }
        Tab::Rules => html! { <rules::RulesPanel scenario={scenario.clone()} on_change={on_change.clone()} /> },
        Tab::Scenarios => html! {
            <scenarios::ScenariosPanel
                workspace={state.workspace.clone()}
                results={state.results.clone()}
                on_change={on_change.clone()}
                on_solve={on_background.clone()}
            />
        },
        Tab::Plan => html! {
            <plan::PlanPanel
                scenario={scenario.clone()}
                solve={state.solve.clone()}
                time_limit={*time_limit}
                on_time_limit={on_time_limit}
                on_solve={on_solve.clone()}
                on_cancel={on_cancel}
                on_tab={on_tab.clone()}
            />
        },
    };

    html! {
        <>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            <header class="app-header">
                <div class="app-width-container app-header__inner">
                    <span class="app-header__product">{ PRODUCT_NAME }</span>
                    <span class="app-header__tag">{ "Procurement segmentation planner" }</span>
                </div>
            </header>
            <div class="app-width-container">
                <main class="app-main" id="main-content" tabindex="-1">
                    <h1 class="app-heading-xl">{ PRODUCT_NAME }</h1>
                    <p class="app-body-l" id="orientation">{ ORIENTATION }</p>
                    <p class="app-body" id="scenario-line">
                        { format!("{}: {}. ", scenario.service.authority, scenario.service.name) }
                        { "Work through the steps below, or go straight to " }
                        <button type="button" class="app-link-button" onclick={on_tab.reform(|_| Tab::Plan)}>{ "4. Proposed lots" }</button>
                        { " to solve the shipped example." }
                    </p>
                    if let Some(notice) = &state.notice {
                        <div class="app-notice" role="status" id="workspace-notice">
                            <p class="app-body">{ notice.clone() }</p>
                            <button type="button" class="app-button app-button--secondary" onclick={dispatch.reform(|_| Action::SetNotice(None))}>{ "Dismiss" }</button>
                        </div>
                    }
                    <workspace_bar::WorkspaceBar workspace={state.workspace.clone()} on_replace={on_replace.clone()} on_notice={on_notice.clone()} />
                    <Toolbar
                        can_undo={!state.undo.is_empty()}
                        can_redo={!state.redo.is_empty()}
                        solving={state.is_solving()}
                        on_undo={dispatch.reform(|_| Action::Undo)}
                        on_redo={dispatch.reform(|_| Action::Redo)}
                        on_solve={on_solve.clone()}
                        on_tab={on_tab.clone()}
                    />
                    <share::Share workspace={state.workspace.clone()} on_replace={on_replace} on_notice={on_notice} />
                    <Tabs current={state.tab} on_tab={on_tab} plan_ready={matches!(state.solve, Solve::Done { .. })} />
                    <section class="app-panel-area" id={format!("panel-{}", state.tab.id())} aria-labelledby={format!("tab-{}", state.tab.id())}>
                        { panel }
                    </section>
                </main>
            </div>
            <footer class="app-footer">
                <div class="app-width-container">
                    <p class="app-body-s">{ "Lotwise runs offline in your browser: nothing you enter is sent anywhere. MIT licence." }</p>
                </div>
            </footer>
        </>
    }
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
    on_undo: Callback<()>,
    on_redo: Callback<()>,
    on_solve: Callback<()>,
    on_tab: Callback<Tab>,
}

#[component]
fn Toolbar(p: &ToolbarProps) -> Html {
    let solve = {
        let (on_solve, on_tab) = (p.on_solve.clone(), p.on_tab.clone());
        Callback::from(move |_| {
            on_tab.emit(Tab::Plan);
            on_solve.emit(());
        })
    };
    html! {
        <div class="app-toolbar" role="toolbar" aria-label="Workspace actions">
            <button type="button" class="app-button app-button--secondary" disabled={!p.can_undo} aria-keyshortcuts="Control+Z" onclick={p.on_undo.reform(|_| ())}>{ "Undo" }</button>
            <button type="button" class="app-button app-button--secondary" disabled={!p.can_redo} aria-keyshortcuts="Control+Shift+Z" onclick={p.on_redo.reform(|_| ())}>{ "Redo" }</button>
            <button type="button" class="app-button" id="solve-top" disabled={p.solving} onclick={solve}>
                { if p.solving { "Solving…" } else { "Propose lots" } }
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TabsProps {
    current: Tab,
    on_tab: Callback<Tab>,
    plan_ready: bool,
}

/// Step navigation: buttons that show one panel at a time (`aria-current` marks the open one).
#[component]
fn Tabs(p: &TabsProps) -> Html {
    html! {
        <nav class="app-tabs" aria-label="Steps">
            <ul class="app-tabs__list">
                { for Tab::ALL.iter().map(|&tab| {
                    let current = tab == p.current;
                    html! {
                        <li class="app-tabs__item">
                            <button
                                type="button"
                                id={format!("tab-{}", tab.id())}
                                class={classes!("app-tabs__tab", current.then_some("app-tabs__tab--current"))}
                                aria-current={current.then_some("step")}
                                onclick={p.on_tab.reform(move |_| tab)}
                            >
                                { tab.label() }
                                { if tab == Tab::Plan && p.plan_ready { html!{ <span class="app-visually-hidden">{ " (a plan is ready)" }</span> } } else { html!{} } }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
