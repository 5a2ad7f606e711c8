//! Whether the work is kept: "Saved" or "Not saved" (with the reason, and "Save to a file" as
//! the way out) in the workspace bar ([`SaveStatus`]), and the choice between this tab's copy
//! and another tab's newer one when both changed the same things ([`ConflictChoice`]).

use yew::prelude::*;

use crate::base::text::plural;
use crate::ui::platform::autosave::{clock, Saver};
use crate::ui::platform::{download, focus_by_id};
use crate::ui::store::{use_doc, SaveState};
use crate::ui::workspace::files::WORKSPACE_FILE;

/// The words of the save state: a short state and, when not saved, what it means.
pub fn words(state: &SaveState) -> (&'static str, Option<String>) {
    match state {
        SaveState::Saving => ("Saving…", None),
        SaveState::Saved => ("Saved", None),
        SaveState::NotSaved(why) => (
            "Not saved",
            Some(format!(
                "Your latest changes are not kept in this browser: {why}. They are still here on screen; save them to a file so they are not lost."
            )),
        ),
    }
}

/// "Saved" / "Not saved" in the workspace bar; when not saved, the reason, "Save to a file"
/// and "Try again". Shows nothing outside the app (a panel tested alone has no saver).
#[component]
pub fn SaveStatus() -> Html {
    let doc = use_doc();
    let saver = use_context::<Saver>();
    let result = use_state(|| None::<String>);
    let Some(saver) = saver else { return Html::default() };
    let (state, explain) = words(&saver.state);
    let class = match &saver.state {
        SaveState::Saving => "ws-save--saving",
        SaveState::Saved => "ws-save--saved",
        SaveState::NotSaved(_) => "ws-save--not-saved",
    };
    let save_file = {
        let (doc, result) = (doc.clone(), result.clone());
        Callback::from(move |_: MouseEvent| {
            let document = doc.document();
            let n = document.workspace.scenarios.len();
            result.set(Some(match download::download(document.to_json().as_bytes(), WORKSPACE_FILE, download::JSON) {
                Ok(()) => format!(
                    "Saved “{WORKSPACE_FILE}” with {} and their plans to your downloads.",
                    plural(n, "scenario", "scenarios")
                ),
                Err(message) => message,
            }));
        })
    };
    let retry = {
        let saver = saver.clone();
        Callback::from(move |_: MouseEvent| saver.retry())
    };
    html! {
        <div class={classes!("ws-save", class)} id="save-area">
            <p class="ws-save__state" role="status" id="save-status" title={saver.place}>
                <span class="ws-save__dot" aria-hidden="true"></span>{ state }
            </p>
            if let Some(explain) = explain {
                <div class="ws-save__problem" id="save-problem">
                    <p class="app-body-s">{ explain }</p>
                    <button type="button" class="ws-bar__button ws-bar__button--primary" id="save-to-file" onclick={save_file}>{ "Save to a file" }</button>
                    if saver.conflict.is_none() {
                        <button type="button" class="ws-bar__button" id="save-retry" onclick={retry}>{ "Try saving again" }</button>
                    }
                    <p class="app-body-s" role="status" id="save-to-file-status">{ (*result).clone().unwrap_or_default() }</p>
                </div>
            }
        </div>
    }
}

/// Another tab saved a newer copy that changes the same things as this tab: say which, and
/// let the user keep this tab's copy or take the other's (the other is kept as a version).
#[component]
pub fn ConflictChoice() -> Html {
    let Some(saver) = use_context::<Saver>() else { return Html::default() };
    let Some(conflict) = saver.conflict.clone() else { return Html::default() };
    let choose = |mine: bool| {
        let saver = saver.clone();
        Callback::from(move |_: MouseEvent| {
            saver.resolve(mine);
            // The choice goes away: the keyboard carries on from the scenario switcher.
            focus_by_id("scenario-select");
        })
    };
    let places = conflict.places.join("; ");
    html! {
        <div class="app-notice ws-conflict" role="alert" id="tab-conflict">
            <h2 class="app-heading-s">{ "Another tab has a newer copy of this workspace" }</h2>
            <p class="app-body">
                { format!("Another tab (or window) saved this workspace at {}, with changes to the same things you changed here: {places}. Which copy do you want to keep? The other one is kept in Versions, so nothing is lost.", clock(conflict.saved_at)) }
            </p>
            <div class="ws-conflict__actions">
                <button type="button" class="app-button" id="conflict-keep-mine" onclick={choose(true)}>{ "Keep this tab's copy" }</button>
                <button type="button" class="app-button app-button--secondary" id="conflict-take-theirs" onclick={choose(false)}>{ "Use the other tab's copy" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_saved_says_why_and_what_to_do() {
        assert_eq!(words(&SaveState::Saved), ("Saved", None));
        let (state, explain) = words(&SaveState::NotSaved("this browser's storage for Lotwise is full".into()));
        assert_eq!(state, "Not saved");
        let explain = explain.unwrap();
        assert!(
            explain.contains("storage for Lotwise is full") && explain.contains("save them to a file"),
            "{explain}"
        );
    }
}
