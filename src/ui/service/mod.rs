//! Step 1, "Service and segments": the service summary, the axes that split it, its service
//! areas and tiers of need ([`areas`]), functions ([`functions`]) and localities
//! ([`localities`]) with their map ([`boundaries`]), and the segments that result ([`segments`]).
//!
//! Every component reads the active scenario and edits it through the [`Doc`] context: each
//! change is one typed [`Edit`], one undoable step.

pub mod areas;
pub mod authorities;
pub mod boundaries;
pub mod functions;
pub mod localities;
pub mod merge;
pub mod segments;

use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::base::text::plural;
use crate::model::edit::Edit;
use crate::model::target::{Step, Target};
use crate::model::Axis;
use crate::ui::ids;
use crate::ui::service::areas::{AreasTable, TiersTable};
use crate::ui::service::authorities::AuthoritiesSection;
use crate::ui::service::boundaries::BoundariesSection;
use crate::ui::service::functions::FunctionsTable;
use crate::ui::service::localities::LocalitiesTable;
use crate::ui::service::segments::SegmentsView;
use crate::ui::store::{use_doc, Doc};
use crate::ui::widgets::{issue_items, Checkbox, Deferred, ErrorSummary, NumberField, TextField};

/// The Service and segments panel.
#[component]
pub fn ServicePanel() -> Html {
    let doc = use_doc();
    let items = match doc.scenario().validate() {
        Ok(()) => Vec::new(),
        Err(issues) => issue_items(doc.scenario(), &issues, Step::Service),
    };
    html! {
        <div class="svc">
            <h2 class="app-heading-l">{ "Service and segments" }</h2>
            <p class="app-body">
                { "Describe the service you are buying and choose how to cut it into segments. \
                   Lots are then built from these segments." }
            </p>
            if !items.is_empty() {
                <div id="service-errors">
                    <ErrorSummary id="service-errors-summary" title="There is a problem with this service" items={items} />
                </div>
            }
            <ServiceSummary />
            <SplitBy />
            <AreasTable />
            // Below the fold on any screen: drawn a moment later, so the top shows sooner.
            <Deferred>
                <TiersTable />
                <FunctionsTable />
                <AuthoritiesSection />
                <LocalitiesTable />
                <BoundariesSection />
                <SegmentsView />
            </Deferred>
        </div>
    }
}

/// A button that makes `edit` (adding a row, say).
pub fn edit_button(doc: &Doc, edit: Edit) -> Callback<MouseEvent> {
    let doc = doc.clone();
    Callback::from(move |_| doc.edit(edit.clone()))
}

/// A button whose edit may be refused (removing the last row): `error` shows why.
pub fn try_button(doc: &Doc, error: &UseStateHandle<Option<String>>, edit: Edit) -> Callback<MouseEvent> {
    let (doc, error) = (doc.clone(), error.clone());
    Callback::from(move |_| error.set(doc.try_edit(edit.clone()).err().map(|e| e.to_string())))
}

/// A name to show: `name`, or `code` when the name is blank.
pub fn shown_name(name: &str, code: &str) -> String {
    if name.trim().is_empty() {
        code.to_string()
    } else {
        name.to_string()
    }
}

/// Authority, service name, base year, contract term and the (derived) total value.
#[component]
fn ServiceSummary() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let s = &sc.service;
    html! {
        <section class="svc-section" aria-labelledby="service-summary-title">
            <h3 class="app-heading-m" id="service-summary-title">{ "The service" }</h3>
            <div class="svc-summary">
                <TextField id={ids::of(&Target::Authority)}
                    label={if crate::model::regional::is_regional(doc.scenario()) { "Lead commissioning authority (the buyer named in notices)" } else { "Commissioning authority" }}
                    value={s.authority.clone()}
                    on_change={doc.on_text(Edit::SetAuthority)} />
                <TextField id={ids::of(&Target::ServiceName)} label="Service name" value={s.name.clone()}
                    on_change={doc.on_text(Edit::SetServiceName)} />
                <NumberField id={ids::of(&Target::BaseYear)} label="Base year" hint="The year the values are for"
                    value={f64::from(s.base_year)} whole=true min={Some(1900.0)} max={Some(2200.0)}
                    on_change={doc.on(|v: f64| Edit::SetBaseYear(v as i32))} />
                <NumberField id={ids::of(&Target::ContractTerm)} label="Contract term (years)" hint="From 1 to 15 years"
                    value={f64::from(s.contract_term_years)} whole=true min={Some(1.0)} max={Some(15.0)}
                    on_change={doc.on(|v: f64| Edit::SetContractTerm(v as u32))} />
            </div>
            <p class="app-body svc-total">
                { "Total annual value: " }
                <strong id={ids::of(&Target::TotalValue)}>{ gbp_full(sc.total_value()) }</strong>
                <span class="svc-muted">{ " (the sum of the service areas below)" }</span>
            </p>
        </section>
    }
}

/// The four axes a service can be split along, with the live segment count.
#[component]
fn SplitBy() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let segments = sc.segments();
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
                        <Checkbox id={id} label={label} checked={sc.splits(axis)}
                            on_change={doc.on(move |on: bool| Edit::SetSplit { axis, on })} />
                    }) }
                </div>
            </fieldset>
            <p class="app-body" aria-live="polite">
                { "This split gives " }
                <strong id="segment-count">{ plural(n, "segment", "segments") }</strong>
                { format!(": {} to procure ({} of them not-for-profit only) and {} kept in-house.", n - in_house, nfp, in_house) }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{Edit, Rule};
    use crate::model::Workspace;
    use crate::ui::widgets::SummaryItem;

    /// The first summary item of the active scenario after `edits`.
    fn first_item(edits: impl IntoIterator<Item = Edit>, step: Step) -> SummaryItem {
        let mut ws = Workspace::default_workspace();
        for edit in edits {
            ws.apply(edit).unwrap_or_else(|e| panic!("{e}"));
        }
        let issues = ws.validate().expect_err("invalid");
        issue_items(ws.active_scenario(), &issues, step).remove(0)
    }

    fn broken(change: impl FnOnce(&mut crate::model::Scenario)) -> SummaryItem {
        let mut ws = Workspace::default_workspace();
        change(&mut ws.scenarios[0]);
        let issues = ws.validate().expect_err("invalid");
        issue_items(ws.active_scenario(), &issues, Step::Service).remove(0)
    }

    #[test]
    fn tier_share_problems_name_the_area_and_link_to_its_share() {
        let share = |share| Edit::SetTierShare { code: "FOST".into(), level: 3, share };
        let item = first_item([share(0.95)], Step::Service);
        assert_eq!(
            item.text,
            "Fostering services, tiers of need: the tier shares must add up to 100%; they add up to 95%"
        );
        assert_eq!(item.href.as_deref(), Some("#tier-FOST-1"));
    }

    #[test]
    fn area_locality_and_function_problems_link_to_their_fields() {
        let item = broken(|sc| sc.service_areas[3].annual_value = 0.0);
        assert!(item.text.starts_with("Fostering services annual value: "), "{}", item.text);
        assert_eq!(item.href.as_deref(), Some("#area-FOST-value"));
        let item = broken(|sc| sc.localities[1].weight = -1.0);
        assert!(item.text.starts_with("North East demand weight: "), "{}", item.text);
        assert_eq!(item.href.as_deref(), Some("#locality-North-East-weight"));
        let item = broken(|sc| sc.service.contract_term_years = 20);
        assert!(item.text.starts_with("Contract term: "));
        assert_eq!(item.href.as_deref(), Some("#service-term"));
        let item = broken(|sc| sc.functions[0].share = 0.5);
        assert!(item.text.starts_with("Functions: the function shares must add up to 100%"), "{}", item.text);
        assert_eq!(item.href.as_deref(), Some("#functions-title"));
    }

    #[test]
    fn problems_of_other_steps_say_which_step_and_do_not_link_here() {
        let item = broken(|sc| sc.rules.k = 0);
        assert!(item.text.starts_with("Credible bidders per lot, at least (k) (step 3): "), "{}", item.text);
        assert_eq!(item.href, None);
        let _ = Rule::K(1);
    }
}
