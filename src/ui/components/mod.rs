//! Small shared form components in GOV.UK Design System style: every input has a visible
//! label, optional hint, and an error message tied to it with `aria-describedby`.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::base::error::Issue;

/// The value of the input or select that fired `e`.
pub fn event_value(e: &Event) -> String {
    let target = e.target();
    if let Some(input) = target.clone().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
        return input.value();
    }
    target.and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

/// Whether the checkbox that fired `e` is now checked.
pub fn event_checked(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// Reads a number typed by a person: accepts `1,200,000`, `£1.2m`, `300k`, spaces.
///
/// # Example
/// ```
/// use lotwise::ui::components::parse_number;
/// assert_eq!(parse_number("£1.2m"), Some(1_200_000.0));
/// assert_eq!(parse_number("300k"), Some(300_000.0));
/// assert_eq!(parse_number("1,250"), Some(1250.0));
/// assert_eq!(parse_number("lots"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text.trim().chars().filter(|c| !matches!(c, ',' | '£' | ' ' | '_')).collect();
    let lower = t.to_ascii_lowercase();
    let (digits, scale) = if let Some(d) = lower.strip_suffix("bn") {
        (d, 1e9)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1e6)
    } else if let Some(d) = lower.strip_suffix('k') {
        (d, 1e3)
    } else {
        (lower.as_str(), 1.0)
    };
    let v: f64 = digits.parse().ok()?;
    v.is_finite().then_some((v * scale * 100.0).round() / 100.0)
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

/// A labelled number input that accepts what people type (`£1.2m`, `300k`, `1,250`) and says
/// exactly what is wrong with anything else.
#[component]
pub fn NumberField(p: &NumberFieldProps) -> Html {
    let text = use_state(|| shown(p.value, p.money));
    let local_error = use_state(|| None::<String>);
    {
        // Follow outside changes (undo, import) unless the person is mid-edit with an error.
        let (text, local_error) = (text.clone(), local_error.clone());
        use_effect_with((p.value, p.money), move |(v, money)| {
            if local_error.is_none() {
                text.set(shown(*v, *money));
            }
        });
    }
    let onchange = {
        let (text, local_error, on_change) = (text.clone(), local_error.clone(), p.on_change.clone());
        let (min, max, whole, label) = (p.min, p.max, p.whole, p.label.clone());
        Callback::from(move |e: Event| {
            let raw = event_value(&e);
            text.set(raw.clone());
            let error = match parse_number(&raw) {
                None => Some(format!("Enter {} as a number, like 1200000 or £1.2m", label.to_lowercase())),
                Some(v) if whole && v.fract() != 0.0 => Some(format!("{label} must be a whole number")),
                Some(v) if min.is_some_and(|m| v < m) => {
                    Some(format!("{label} must be at least {}", min.unwrap_or(0.0)))
                }
                Some(v) if max.is_some_and(|m| v > m) => {
                    Some(format!("{label} must be at most {}", max.unwrap_or(0.0)))
                }
                Some(v) => {
                    on_change.emit(v);
                    None
                }
            };
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
            <label class="app-label" for={p.id.clone()}>{ p.label.clone() }</label>
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

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// Unique on the page when several summaries can show at once.
    #[prop_or(AttrValue::from("error-summary"))]
    pub id: AttrValue,
    pub title: AttrValue,
    pub issues: Vec<Issue>,
    /// Where each issue's link points (by its path); default: no link.
    #[prop_or_default]
    pub href_for: Option<Callback<String, Option<String>>>,
}

/// GOV.UK error summary: a titled list of every problem; it takes focus when it appears so
/// screen reader and keyboard users land on it.
#[component]
pub fn ErrorSummary(p: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.issues.clone(), move |_| {
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
                { for p.issues.iter().map(|issue| {
                    let href = p.href_for.as_ref().and_then(|f| f.emit(issue.path.clone()));
                    html! {
                        <li>
                            if let Some(href) = href {
                                <a href={href}>{ issue.to_string() }</a>
                            } else {
                                { issue.to_string() }
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
