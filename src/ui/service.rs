//! Step 1, "Service and segments": the service summary, the axes that split it, its service
//! areas, tiers of need, functions and localities, and the segments that result.
//!
//! Every edit goes through a verb of [`crate::model::edit`] on a copy of the scenario, which is
//! then emitted as one undoable step. Sub-panels live in `service_areas.rs` (areas and tiers),
//! `service_lists.rs` (functions and localities) and `service_segments.rs` (the segment grid).

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::components::{event_value, Checkbox, ErrorSummary, NumberField};
use super::service_areas::{AreasTable, TiersTable};
use super::service_lists::{FunctionsTable, LocalitiesTable};
use super::service_segments::SegmentsView;
use crate::base::error::Issue;
use crate::model::edit::{self, EditError};
use crate::model::{Axis, Scenario};

#[derive(Properties, PartialEq)]
pub struct ServicePanelProps {
    pub scenario: Scenario,
    pub on_change: Callback<Scenario>,
}

/// The Service and segments panel.
#[component]
pub fn ServicePanel(p: &ServicePanelProps) -> Html {
    let sc = Rc::new(p.scenario.clone());
    let on_change = p.on_change.clone();
    let issues: Vec<Issue> = match p.scenario.validate() {
        Ok(()) => Vec::new(),
        Err(issues) => issues.0,
    };
    let described: Vec<(Issue, Option<String>)> = issues.iter().map(|i| describe_issue(&p.scenario, i)).collect();
    let links: BTreeMap<String, String> =
        described.iter().filter_map(|(i, id)| id.as_ref().map(|id| (i.path.clone(), format!("#{id}")))).collect();
    let href_for = Callback::from(move |path: String| links.get(&path).cloned());
    let summary_issues: Vec<Issue> = described.into_iter().map(|(i, _)| i).collect();

    html! {
        <div class="svc">
            <h2 class="app-heading-l">{ "Service and segments" }</h2>
            <p class="app-body">
                { "Describe the service you are buying and choose how to cut it into segments. \
                   Lots are then built from these segments." }
            </p>
            if !summary_issues.is_empty() {
                <div id="service-errors">
                    <ErrorSummary id="service-errors-summary" title="There is a problem with this service" issues={summary_issues} href_for={Some(href_for)} />
                </div>
            }
            <ServiceSummary scenario={sc.clone()} on_change={on_change.clone()} />
            <SplitBy scenario={sc.clone()} on_change={on_change.clone()} />
            <AreasTable scenario={sc.clone()} on_change={on_change.clone()} />
            <TiersTable scenario={sc.clone()} on_change={on_change.clone()} />
            <FunctionsTable scenario={sc.clone()} on_change={on_change.clone()} />
            <LocalitiesTable scenario={sc.clone()} on_change={on_change.clone()} />
            <SegmentsView scenario={sc} on_change={on_change} />
        </div>
    }
}

/// Props shared by the sub-panels: the scenario (shared, not copied) and where edits go.
#[derive(Properties, PartialEq, Clone)]
pub struct EditProps {
    pub scenario: Rc<Scenario>,
    pub on_change: Callback<Scenario>,
}

/// A callback that applies `f` to a copy of the scenario and emits the result.
pub fn editor<T: 'static>(p: &EditProps, f: impl Fn(&mut Scenario, T) + 'static) -> Callback<T> {
    let (sc, on_change) = (p.scenario.clone(), p.on_change.clone());
    Callback::from(move |v: T| {
        let mut s = (*sc).clone();
        f(&mut s, v);
        on_change.emit(s);
    })
}

/// Like [`editor`] for verbs that may refuse: returns the refusal's sentence (nothing is
/// emitted then) or `None` when the edit was made.
pub fn fallible_editor(
    p: &EditProps,
    f: impl Fn(&mut Scenario, String) -> Result<(), EditError> + 'static,
) -> Callback<String, Option<String>> {
    let (sc, on_change) = (p.scenario.clone(), p.on_change.clone());
    Callback::from(move |v: String| {
        let mut s = (*sc).clone();
        match f(&mut s, v) {
            Ok(()) => {
                on_change.emit(s);
                None
            }
            Err(e) => Some(e.to_string()),
        }
    })
}

/// A string usable inside an element id: letters and digits kept, anything else becomes `-`.
///
/// # Example
/// ```
/// assert_eq!(lotwise::ui::service::slug("North East"), "North-East");
/// assert_eq!(lotwise::ui::service::slug("FOST-T2-North"), "FOST-T2-North");
/// ```
pub fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
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
                onchange={Callback::from(move |e: Event| on_change.emit(super::components::event_checked(&e)))}
            />
            <label class="app-visually-hidden" for={p.id.clone()}>{ p.label.clone() }</label>
        </span>
    }
}

/// Authority, service name, base year, contract term and the (derived) total value.
#[component]
fn ServiceSummary(p: &EditProps) -> Html {
    let s = &p.scenario.service;
    let text = |f: fn(&mut Scenario, String)| {
        fallible_editor(p, move |sc, v| {
            f(sc, v);
            Ok(())
        })
    };
    html! {
        <section class="svc-section" aria-labelledby="service-summary-title">
            <h3 class="app-heading-m" id="service-summary-title">{ "The service" }</h3>
            <div class="svc-summary">
                <TextField id="service-authority" label="Commissioning authority" value={s.authority.clone()}
                    on_change={text(|sc, v| sc.service.authority = v)} />
                <TextField id="service-name" label="Service name" value={s.name.clone()}
                    on_change={text(|sc, v| sc.service.name = v)} />
                <NumberField id="service-base-year" label="Base year" hint="The year the values are for"
                    value={f64::from(s.base_year)} whole=true min={Some(1900.0)} max={Some(2200.0)}
                    on_change={editor(p, |sc, v: f64| sc.service.base_year = v as i32)} />
                <NumberField id="service-term" label="Contract term (years)" hint="From 1 to 15 years"
                    value={f64::from(s.contract_term_years)} whole=true min={Some(1.0)} max={Some(15.0)}
                    on_change={editor(p, |sc, v: f64| sc.service.contract_term_years = v as u32)} />
            </div>
            <p class="app-body svc-total">
                { "Total annual value: " }
                <strong id="service-total">{ crate::base::money::gbp_full(p.scenario.total_value()) }</strong>
                <span class="svc-muted">{ " (the sum of the service areas below)" }</span>
            </p>
        </section>
    }
}

/// The four axes a service can be split along, with the live segment count.
#[component]
fn SplitBy(p: &EditProps) -> Html {
    let segments = p.scenario.segments();
    let n = segments.len();
    let in_house = segments.iter().filter(|c| c.retained).count();
    let nfp = segments.iter().filter(|c| !c.retained && c.relevant_care).count();
    let axes = [
        (Axis::Area, "split-area", "Service area"),
        (Axis::Tier, "split-tier", "Tier of need"),
        (Axis::Function, "split-function", "Function"),
        (Axis::Locality, "split-locality", "Locality"),
    ];
    html! {
        <section class="svc-section" aria-labelledby="split-title">
            <fieldset class="svc-fieldset" aria-describedby="split-hint">
                <legend class="app-heading-m" id="split-title">{ "Split the service by" }</legend>
                <div class="app-hint" id="split-hint">
                    { "Each combination of the ticked axes becomes a segment. Axes you leave unticked are added together." }
                </div>
                <div class="svc-split">
                    { for axes.iter().map(|&(axis, id, label)| html! {
                        <Checkbox id={id} label={label} checked={p.scenario.splits(axis)}
                            on_change={editor(p, move |sc, on: bool| edit::set_split(sc, axis, on))} />
                    }) }
                </div>
            </fieldset>
            <p class="app-body" aria-live="polite">
                { "This split gives " }
                <strong id="segment-count">{ plural(n, "segment") }</strong>
                { format!(": {} to procure ({} of them not-for-profit only) and {} kept in-house.", n - in_house, nfp, in_house) }
            </p>
        </section>
    }
}

/// "1 segment", "3 segments".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Rewrites a validation issue for the person editing: its path becomes the name of the thing
/// at fault, in words, and the id of the field to jump to is given where there is one.
pub fn describe_issue(sc: &Scenario, issue: &Issue) -> (Issue, Option<String>) {
    let path = issue.path.strip_prefix("scenario.").unwrap_or(&issue.path);
    let message = plain_message(&issue.message);
    let (what, id) = locate(sc, path);
    (Issue::new(what, message), id)
}

fn plain_message(m: &str) -> String {
    if m.starts_with("the tier shares sum to") {
        "the tier shares must add up to 100%".into()
    } else if m.starts_with("the function shares sum to") {
        "the function shares must add up to 100%".into()
    } else if m.starts_with("a share must be between 0 and 1") {
        "each share must be between 0% and 100%".into()
    } else {
        m.to_string()
    }
}

/// `name[3].field` -> (`name`, Some(3), `field`).
fn split_index(path: &str) -> (&str, Option<usize>, &str) {
    let Some(open) = path.find('[') else {
        return (path, None, "");
    };
    let close = path[open..].find(']').map_or(path.len(), |c| open + c);
    let index = path.get(open + 1..close).and_then(|s| s.parse().ok());
    let rest = path.get(close + 1..).unwrap_or("").trim_start_matches('.');
    (&path[..open], index, rest)
}

fn locate(sc: &Scenario, path: &str) -> (String, Option<String>) {
    let (head, index, field) = split_index(path);
    let top = path.split(['.', '[']).next().unwrap_or("");
    let area = |i: usize| sc.service_areas.get(i);
    let area_label = |i: usize| area(i).map_or(format!("Service area {}", i + 1), |a| non_empty(&a.name, &a.code));
    let func_label =
        |i: usize| sc.functions.get(i).map_or(format!("Function {}", i + 1), |f| non_empty(&f.name, &f.code));
    let loc_label =
        |i: usize| sc.localities.get(i).map_or(format!("Locality {}", i + 1), |l| non_empty(&l.name, "Locality"));
    match (head, index) {
        ("service.contract_term_years", _) => ("Contract term".into(), Some("service-term".into())),
        ("service.base_year", _) => ("Base year".into(), Some("service-base-year".into())),
        ("service.annual_value", _) => ("Total annual value".into(), Some("service-total".into())),
        ("service_areas", Some(i)) => {
            let code = area(i).map(|a| slug(&a.code)).unwrap_or_default();
            let (what, suffix) = match field {
                "code" => ("code", "code"),
                "annual_value" => ("annual value", "value"),
                _ => ("", "name"),
            };
            (format!("{} {what}", area_label(i)).trim().to_string(), Some(format!("area-{code}-{suffix}")))
        }
        ("service_areas", None) => ("Service areas".into(), Some("area-add".into())),
        ("functions", Some(i)) => {
            let code = sc.functions.get(i).map(|f| slug(&f.code)).unwrap_or_default();
            let suffix = if field == "code" { "code" } else { "share" };
            (
                format!("{} {}", func_label(i), field.replace('_', " ")).trim().to_string(),
                Some(format!("function-{code}-{suffix}")),
            )
        }
        ("functions", None) => (
            "Functions".into(),
            sc.functions.first().map(|f| format!("function-{}-share", slug(&f.code))).or(Some("function-add".into())),
        ),
        ("localities", Some(i)) => {
            let name = sc.localities.get(i).map(|l| slug(&l.name)).unwrap_or_default();
            let suffix = if field == "weight" { "weight" } else { "name" };
            (
                format!("{} {}", loc_label(i), if field == "weight" { "demand weight" } else { "name" }),
                Some(format!("locality-{name}-{suffix}")),
            )
        }
        ("localities", None) => ("Localities".into(), Some("locality-add".into())),
        _ if top == "adjacency" => ("Borders between localities".into(), Some("localities-title".into())),
        _ if top == "retained" => ("Work kept in-house".into(), Some("segments-title".into())),
        _ if top == "suppliers" => ("Suppliers (step 2)".into(), None),
        _ if top == "capacity_policy" => ("Capacity policy (step 2)".into(), None),
        _ if top == "rules" => ("Lot rules (step 3)".into(), None),
        _ => {
            if let Some(rest) = path.strip_prefix("tiers.split.") {
                let (code, level, _) = split_index(rest);
                let label = sc
                    .service_areas
                    .iter()
                    .find(|a| a.code == code)
                    .map_or(code.to_string(), |a| non_empty(&a.name, &a.code));
                let number = sc.tiers.levels.get(level.unwrap_or(0)).map_or(1, |l| l.number);
                (format!("{label}, tiers of need"), Some(format!("tier-{}-{number}", slug(code))))
            } else if path.starts_with("tiers") {
                ("Tiers of need".into(), Some("tiers-title".into()))
            } else {
                (if path.is_empty() { "Service".into() } else { path.replace('_', " ") }, None)
            }
        }
    }
}

fn non_empty(a: &str, b: &str) -> String {
    if a.trim().is_empty() {
        b.to_string()
    } else {
        a.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workspace;

    fn default() -> Scenario {
        Workspace::default_workspace().active_scenario().clone()
    }

    fn first_issue(sc: &Scenario) -> (Issue, Option<String>) {
        let issues = sc.validate().expect_err("invalid");
        describe_issue(sc, &issues.0[0])
    }

    #[test]
    fn tier_share_problems_name_the_area_and_link_to_its_first_share() {
        let mut sc = default();
        edit::set_tier_share(&mut sc, "FOST", 2, 0.40);
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.to_string(), "Fostering services, tiers of need: the tier shares must add up to 100%");
        assert_eq!(id.as_deref(), Some("tier-FOST-1"));
        edit::set_tier_share(&mut sc, "FOST", 2, 1.5);
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.message, "each share must be between 0% and 100%");
        assert_eq!(id.as_deref(), Some("tier-FOST-3"));
    }

    #[test]
    fn area_and_locality_problems_link_to_their_fields() {
        let mut sc = default();
        sc.service_areas[3].annual_value = 0.0;
        let (issue, id) = first_issue(&sc);
        assert!(issue.path.starts_with("Fostering services annual value"), "{issue}");
        assert_eq!(id.as_deref(), Some("area-FOST-value"));

        let mut sc = default();
        sc.localities[1].weight = -1.0;
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.path, "North East demand weight");
        assert_eq!(id.as_deref(), Some("locality-North-East-weight"));

        let mut sc = default();
        sc.service.contract_term_years = 20;
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.path, "Contract term");
        assert_eq!(id.as_deref(), Some("service-term"));

        let mut sc = default();
        sc.functions[0].share = 0.5;
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.to_string(), "Functions: the function shares must add up to 100%");
        assert_eq!(id.as_deref(), Some("function-ASSESS-share"));
    }

    #[test]
    fn other_panels_problems_say_which_step() {
        let mut sc = default();
        sc.rules.k = 0;
        let (issue, id) = first_issue(&sc);
        assert_eq!(issue.path, "Lot rules (step 3)");
        assert_eq!(id, None);
    }

    #[test]
    fn slugs_and_plurals() {
        assert_eq!(slug("South West"), "South-West");
        assert_eq!(slug("Children's"), "Children-s");
        assert_eq!(plural(1, "segment"), "1 segment");
        assert_eq!(plural(128, "segment"), "128 segments");
    }
}
