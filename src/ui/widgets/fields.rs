//! Small shared form components in GOV.UK Design System style: every input has a visible
//! label, optional hint, and an error message tied to it with `aria-describedby`.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::base::error::Issues;
use crate::model::target::{Step, Target};
use crate::model::Scenario;

/// The value of the input, textarea or select that fired `e`.
pub fn event_value(e: &Event) -> String {
    let target = e.target();
    if let Some(input) = target.clone().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
        return input.value();
    }
    if let Some(area) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        return area.value();
    }
    target.and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

/// Keeps `text` as typed, keystroke by keystroke, before the change is made: a re-render
/// while someone types (another tab's copy arriving, say) then shows what they typed instead
/// of putting back the value they are changing.
pub fn keep_typing(text: &UseStateHandle<String>) -> Callback<InputEvent> {
    let text = text.clone();
    Callback::from(move |e: InputEvent| text.set(event_value(&e)))
}

/// Whether the checkbox that fired `e` is now checked.
pub fn event_checked(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// What a [`NumberField`] makes of the text typed into it: the number, or a sentence saying
/// what is wrong. Money goes through the one money parser ([`crate::base::money::parse`]: `£1.2m`,
/// `300k`, `1,250`, whole pounds), anything else through [`crate::base::text::parse_number`].
///
/// # Example
/// ```
/// use lotwise::ui::widgets::read_number;
/// let rule = |raw| read_number(raw, true, false, Some(0.0), None, "Smallest lot");
/// assert_eq!(rule("£1.2m"), Ok(1_200_000.0));
/// assert_eq!(rule("300k"), Ok(300_000.0));
/// assert!(rule("1e6").is_err());
/// assert_eq!(read_number("2.5", false, true, None, None, "Term"), Err("Term must be a whole number".into()));
/// ```
pub fn read_number(
    raw: &str,
    money: bool,
    whole: bool,
    min: Option<f64>,
    max: Option<f64>,
    label: &str,
) -> Result<f64, String> {
    let example = if money { "1200000 or £1.2m" } else { "12 or 2.5" };
    let missing = || format!("Enter {} as a number, like {example}", label.to_lowercase());
    let v = if money {
        match crate::base::money::parse(raw, crate::base::money::Sign::Any) {
            Ok(Some(v)) => v,
            Ok(None) => return Err(missing()),
            Err(message) => return Err(format!("{label}: {message}")),
        }
    } else {
        crate::base::text::parse_number(raw).ok_or_else(missing)?
    };
    match (min, max) {
        _ if whole && v.fract() != 0.0 => Err(format!("{label} must be a whole number")),
        (Some(m), _) if v < m => Err(format!("{label} must be at least {}", crate::base::text::number(m))),
        (_, Some(m)) if v > m => Err(format!("{label} must be at most {}", crate::base::text::number(m))),
        _ => Ok(v),
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: f64,
    /// Called with each valid number typed; invalid text shows an error and is not sent.
    pub on_change: Callback<f64>,
    #[prop_or_default]
    pub min: Option<f64>,
    #[prop_or_default]
    pub max: Option<f64>,
    /// Shown as money (`£1,200,000`) when true.
    #[prop_or_default]
    pub money: bool,
    #[prop_or_default]
    pub whole: bool,
    /// An error from validation elsewhere.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The label is for screen readers only, where a table's headings say it on screen.
    #[prop_or_default]
    pub hide_label: bool,
}

fn shown(value: f64, money: bool) -> String {
    if money {
        crate::base::money::gbp_full(value)
    } else if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A labelled number input that accepts what people type (`£1.2m`, `300k`, `1,250`, `2.5%`)
/// and says exactly what is wrong with anything else ([`read_number`]).
#[component]
pub fn NumberField(p: &NumberFieldProps) -> Html {
    let text = use_state(|| shown(p.value, p.money));
    let local_error = use_state(|| None::<String>);
    {
        // Follow outside changes (undo, import, a "follow the default" button): a new value
        // replaces what is shown, and any text refused before it (which changed nothing).
        let (text, local_error) = (text.clone(), local_error.clone());
        use_effect_with((p.value, p.money), move |(v, money)| {
            text.set(shown(*v, *money));
            local_error.set(None);
        });
    }
    let onchange = {
        let (text, local_error, on_change) = (text.clone(), local_error.clone(), p.on_change.clone());
        let (min, max, whole, money, label) = (p.min, p.max, p.whole, p.money, p.label.clone());
        Callback::from(move |e: Event| {
            let raw = event_value(&e);
            text.set(raw.clone());
            let error = read_number(&raw, money, whole, min, max, &label).map(|v| on_change.emit(v)).err();
            local_error.set(error);
        })
    };
    let error = (*local_error).clone().map(AttrValue::from).or_else(|| p.error.clone());
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    let described = [p.hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <div class={classes!("app-form-group", error.is_some().then_some("app-form-group--error"))}>
            <label class={classes!("app-label", p.hide_label.then_some("app-visually-hidden"))} for={p.id.clone()}>{ p.label.clone() }</label>
            if let Some(hint) = &p.hint {
                <div class="app-hint" id={hint_id}>{ hint.clone() }</div>
            }
            if let Some(message) = &error {
                <p class="app-error-message" id={error_id}><span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
            }
            <input
                class={classes!("app-input", error.is_some().then_some("app-input--error"))}
                id={p.id.clone()}
                name={p.id.clone()}
                type="text"
                inputmode="decimal"
                spellcheck="false"
                value={(*text).clone()}
                aria-describedby={(!described.is_empty()).then_some(described)}
                aria-invalid={error.is_some().then_some("true")}
                oninput={keep_typing(&text)}
                {onchange}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub checked: bool,
    pub on_change: Callback<bool>,
}

#[component]
pub fn Checkbox(p: &CheckboxProps) -> Html {
    let hint_id = format!("{}-hint", p.id);
    let on_change = p.on_change.clone();
    html! {
        <div class="app-checkbox">
            <input
                class="app-checkbox__input"
                type="checkbox"
                id={p.id.clone()}
                checked={p.checked}
                aria-describedby={p.hint.as_ref().map(|_| hint_id.clone())}
                onchange={Callback::from(move |e: Event| on_change.emit(event_checked(&e)))}
            />
            <label class="app-checkbox__label" for={p.id.clone()}>{ p.label.clone() }</label>
            if let Some(hint) = &p.hint {
                <div class="app-hint app-checkbox__hint" id={hint_id}>{ hint.clone() }</div>
            }
        </div>
    }
}

/// One line of an [`ErrorSummary`]: what is wrong, and where the field to fix it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    pub text: String,
    /// `#id` of the field, when there is one to go to.
    pub href: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// Unique on the page when several summaries can show at once.
    #[prop_or(AttrValue::from("error-summary"))]
    pub id: AttrValue,
    pub title: AttrValue,
    pub items: Vec<SummaryItem>,
}

/// GOV.UK error summary: a titled list of every problem, each linked to its field where it has
/// one; it takes focus when it appears so screen reader and keyboard users land on it.
#[component]
pub fn ErrorSummary(p: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.items.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let title_id = format!("{}-title", p.id);
    html! {
        <div class="app-error-summary" id={p.id.clone()} role="alert" tabindex="-1" ref={node} aria-labelledby={title_id.clone()}>
            <h2 class="app-error-summary__title" id={title_id}>{ p.title.clone() }</h2>
            <ul class="app-error-summary__list">
                { for p.items.iter().map(|item| html! {
                    <li>
                        if let Some(href) = &item.href {
                            <a href={href.clone()}>{ item.text.clone() }</a>
                        } else {
                            { item.text.clone() }
                        }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// A scenario's validation issues as summary items: each names its place in words, and links
/// to its field when that field is on `step` (the step on screen).
pub fn issue_items(sc: &Scenario, issues: &Issues, step: Step) -> Vec<SummaryItem> {
    issues
        .iter()
        .map(|issue| {
            let target = Target::of_path(sc, &issue.path);
            SummaryItem {
                text: format!("{}: {}", target.label(sc), issue.message),
                href: (target.step() == step).then(|| format!("#{}", crate::ui::ids::of(&target))),
            }
        })
        .collect()
}

/// Issues as summary items without links (for problems that have no field of their own).
pub fn plain_items(issues: impl IntoIterator<Item = impl ToString>) -> Vec<SummaryItem> {
    issues.into_iter().map(|i| SummaryItem { text: i.to_string(), href: None }).collect()
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// Called with the text when it changes; returns a sentence if the change was refused.
    pub on_change: Callback<String, Option<String>>,
    /// Hide the label visually (it stays for screen readers), e.g. inside a table row.
    #[prop_or_default]
    pub compact: bool,
}

/// A labelled text input whose change may be refused (an empty or duplicate name), in which
/// case it says why and keeps what was typed.
#[component]
pub fn TextField(p: &TextFieldProps) -> Html {
    let text = use_state(|| p.value.to_string());
    let error = use_state(|| None::<String>);
    {
        let (text, error) = (text.clone(), error.clone());
        use_effect_with(p.value.clone(), move |v| {
            text.set(v.to_string());
            error.set(None);
        });
    }
    let onchange = {
        let (text, error, on_change) = (text.clone(), error.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            let raw = event_value(&e);
            text.set(raw.clone());
            error.set(on_change.emit(raw));
        })
    };
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    let described: Vec<String> =
        [p.hint.as_ref().map(|_| hint_id.clone()), (*error).as_ref().map(|_| error_id.clone())]
            .into_iter()
            .flatten()
            .collect();
    html! {
        <div class={classes!("app-form-group", "svc-field", p.compact.then_some("svc-field--compact"), error.is_some().then_some("app-form-group--error"))}>
            <label class={classes!("app-label", p.compact.then_some("app-visually-hidden"))} for={p.id.clone()}>{ p.label.clone() }</label>
            if let Some(hint) = &p.hint {
                <div class="app-hint" id={hint_id}>{ hint.clone() }</div>
            }
            if let Some(message) = &*error {
                <p class="app-error-message" id={error_id}><span class="app-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
            }
            <input
                class={classes!("app-input", error.is_some().then_some("app-input--error"))}
                id={p.id.clone()}
                name={p.id.clone()}
                type="text"
                spellcheck="false"
                value={(*text).clone()}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
                aria-invalid={error.is_some().then_some("true")}
                oninput={keep_typing(&text)}
                {onchange}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TableCheckProps {
    pub id: AttrValue,
    /// The full label, read by screen readers (the column header says it visually).
    pub label: AttrValue,
    pub checked: bool,
    pub on_change: Callback<bool>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A checkbox inside a table cell: a 24px target with a visually hidden label.
#[component]
pub fn TableCheck(p: &TableCheckProps) -> Html {
    let on_change = p.on_change.clone();
    html! {
        <span class="svc-check">
            <input
                class="svc-check__input"
                type="checkbox"
                id={p.id.clone()}
                checked={p.checked}
                disabled={p.disabled}
                onchange={Callback::from(move |e: Event| on_change.emit(event_checked(&e)))}
            />
            <label class="app-visually-hidden" for={p.id.clone()}>{ p.label.clone() }</label>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    #[prop_or_default]
    pub children: Html,
}

/// Shows its children one task after it first appears, so the browser can paint what is above
/// them first: for long panels whose lower sections are below the fold (the first step's
/// tables and segment grid). Later renders show the children at once.
#[component]
pub fn Deferred(p: &DeferredProps) -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            gloo::timers::callback::Timeout::new(0, move || ready.set(true)).forget();
            #[cfg(not(target_arch = "wasm32"))]
            ready.set(true);
        });
    }
    if *ready {
        p.children.clone()
    } else {
        html! { <p class="app-hint" aria-busy="true">{ "Loading the rest of this step…" }</p> }
    }
}
