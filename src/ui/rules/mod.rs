//! Step 3: the lot rules (`LOT-MODEL.md` R2, R4-R6): k, m, v_min, v_max and mixing of service
//! areas, each with a plain hint; the regime, and what the chosen law asks beside what
//! Lotwise computed ([`procurement`]).

mod authorities;
mod procurement;

use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::model::capacity::capacity;
use crate::model::edit::{Edit, Rule};
use crate::model::procurement::sme_by_turnover;
use crate::model::target::RuleField;
use crate::model::{Rules, ServiceArea};
use crate::ui::ids;
use crate::ui::store::use_doc;
use crate::ui::widgets::{Checkbox, NumberField};
use authorities::AuthorityRules;

/// Problems with a set of rules, per field: (k, m, order), where `order` is set when v_min is
/// above v_max (shown on whichever of the two was changed last).
pub fn rule_errors(r: &Rules) -> [Option<String>; 3] {
    let k = (r.k < 1).then(|| "Every lot needs at least 1 credible bidder: enter 1 or more".to_string());
    let m = (r.m < 1).then(|| "A supplier must be allowed at least 1 lot: enter 1 or more".to_string());
    let order = (r.v_min > r.v_max).then(|| {
        format!(
            "The smallest lot value ({}) is above the largest ({}): lower the smallest or raise the largest",
            gbp_full(r.v_min),
            gbp_full(r.v_max)
        )
    });
    [k, m, order]
}

#[derive(Properties, PartialEq)]
pub struct RulesPanelProps {
    /// Opens step 4 and proposes lots with these rules.
    pub on_solve: Callback<()>,
}

#[component]
pub fn RulesPanel(p: &RulesPanelProps) -> Html {
    html! {
        <div class="rules-panel">
            <h2 class="app-heading-l">{ "Lot rules" }</h2>
            <p class="app-body">
                { "These rules decide which groupings of work can be a lot. Lotwise then looks for the fewest lots that meet them all, and among those the plan where every lot has the most credible bidders." }
            </p>
            <procurement::RegimeFields />
            <RulesForm />
            <p class="rules-solve">
                <button type="button" class="app-button" id="rules-solve" onclick={p.on_solve.reform(|_| ())}>
                    { "Propose lots with these rules" }
                </button>
            </p>
            <procurement::RulesLaw />
        </div>
    }
}

/// The five rules, each with its meaning, checked as they are typed.
#[component]
fn RulesForm() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let r = &sc.rules;
    let [k_error, m_error, order_error] = rule_errors(r).map(|e| e.map(AttrValue::from));
    // Which money field was changed last: the ordering error shows there.
    let max_last = use_state(|| false);
    let (vmin_error, vmax_error) = if *max_last { (None, order_error) } else { (order_error, None) };
    let money = |largest: bool, to_rule: fn(f64) -> Rule| {
        let (max_last, doc) = (max_last.clone(), doc.clone());
        Callback::from(move |v: f64| {
            max_last.set(largest);
            doc.edit(Edit::SetRule(to_rule(v)));
        })
    };
    // A quick reading of the register against the largest lot.
    let caps: Vec<f64> = sc.suppliers.iter().map(|s| capacity(s, &sc.capacity_policy).value).collect();
    let able = caps.iter().filter(|c| **c >= r.v_max).count();
    let vmax_hint = format!(
        "Per year. Keeps lots within reach of smaller suppliers. {able} of the {} suppliers in the register could hold a lot this large on their own.",
        caps.len()
    );
    let k_hint = format!(
        "A credible bidder offers all of the lot's work where it is needed and has the capacity for its value. With {} or more, each lot has a real competition.",
        r.k.max(1)
    );
    html! {
        <form class="rules-form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <NumberField
                id={ids::rule(RuleField::MinBidders)}
                label="Minimum credible bidders per lot (k)"
                hint={k_hint}
                value={f64::from(r.k)}
                whole=true
                min={1.0}
                max={1000.0}
                error={k_error}
                on_change={doc.on(|v: f64| Edit::SetRule(Rule::K(v as u32)))}
            />
            <NumberField
                id={ids::rule(RuleField::MaxLotsPerSupplier)}
                label="Most lots one supplier may win (m)"
                hint="Limits how much of the service any one supplier can hold. A tender notice may state the most lots one supplier may be awarded (see below)."
                value={f64::from(r.m)}
                whole=true
                min={1.0}
                max={1000.0}
                error={m_error}
                on_change={doc.on(|v: f64| Edit::SetRule(Rule::M(v as u32)))}
            />
            <div class="sup-money-grid">
                <NumberField
                    id={ids::rule(RuleField::SmallestLot)}
                    label="Smallest lot value (v_min)"
                    hint="Per year. Lots smaller than this cost more to tender and manage than they are worth."
                    value={r.v_min}
                    money=true
                    min={0.0}
                    error={vmin_error}
                    on_change={money(false, Rule::SmallestLot)}
                />
                <NumberField
                    id={ids::rule(RuleField::LargestLot)}
                    label="Largest lot value (v_max)"
                    hint={vmax_hint}
                    value={r.v_max}
                    money=true
                    min={1.0}
                    error={vmax_error}
                    on_change={money(true, Rule::LargestLot)}
                />
            </div>
            <div class="app-form-group">
                <Checkbox
                    id={ids::rule(RuleField::MixServiceAreas)}
                    label="Lots may mix service areas"
                    hint="Off: each lot covers one service area, such as fostering. On: a lot may combine areas, such as fostering with residential care; that can fill small areas but makes bids harder to compare."
                    checked={r.mix_service_areas}
                    on_change={doc.on(|on: bool| Edit::SetRule(Rule::MixServiceAreas(on)))}
                />
                <Checkbox
                    id={ids::rule(RuleField::MaxLotsPerGroup)}
                    label="The most lots one supplier may win (m) applies to each group"
                    hint="On: suppliers of one group (the same parent company or owner, set in the supplier register) share the limit, so an owner of several providers wins at most m lots in all. Off: each supplier has its own limit."
                    checked={r.m_per_group}
                    on_change={doc.on(|on: bool| Edit::SetRule(Rule::MPerGroup(on)))}
                />
            </div>
            <CrossBorders />
            <SmeOpenLots />
            <AuthorityRules />
            <FrameworkLots />
        </form>
    }
}

/// In a regional plan, which service areas' lots may cross authority borders.
#[component]
fn CrossBorders() -> Html {
    let doc = use_doc();
    if doc.scenario().authorities.len() < 2 {
        return html! {};
    }
    let hint = "Ticked: a lot of this service area may hold localities of several authorities, for example where \
                providers serve a whole sub-region. Not ticked: each lot lies within one authority. When lots may mix \
                service areas, a lot crosses a border only if every area is ticked.";
    html! { <AreaChecks flag={AreaFlag::CrossAuthority} legend="Lots that may cross authority borders" hint={hint} /> }
}

/// Which service areas' lots must each have at least one credible SME bidder.
#[component]
fn SmeOpenLots() -> Html {
    let doc = use_doc();
    let smes = doc.scenario().suppliers.iter().filter(|s| sme_by_turnover(s.revenue)).count();
    let hint = format!(
        "Ticked: every lot of this service area must have at least one credible bidder that is an SME (turnover up \
         to £44m, as the Procurement Act 2023 section 123 has it; staff numbers are not checked), so lots are sized \
         for smaller providers. This is part of the credible-bidder rule (R5) and may need more lots. When lots may \
         mix service areas, or the service is not split by area, ticking any area applies it to every lot. The \
         register has {} by turnover.",
        crate::base::text::plural(smes, "SME", "SMEs")
    );
    html! { <AreaChecks flag={AreaFlag::SmeOpen} legend="Lots open to at least one SME" {hint} /> }
}

/// How many providers each service area's lots appoint (framework lots).
#[component]
fn FrameworkLots() -> Html {
    let doc = use_doc();
    let id = ids::rule(RuleField::Appointments);
    let hint_id = format!("{id}-hint");
    let most = f64::from(crate::model::procurement::MAX_APPOINTMENTS);
    html! {
        <fieldset class="app-fieldset" {id} tabindex="-1" aria-describedby={hint_id.clone()}>
            <legend class="app-label">{ "Providers appointed per lot (framework lots)" }</legend>
            <p class="app-hint" id={hint_id}>
                { "1: each lot of the area is awarded to one provider. More: each lot is a framework or multi-provider lot that appoints that many different providers, and Lotwise assumes each delivers an equal share of the lot's value. A credible bidder then needs capacity for its share only; a lot needs at least as many credible bidders as it appoints (and at least k, the pool they are drawn from); and each appointment counts as one of a supplier's m lots. When lots may mix service areas, or the service is not split by area, the largest number applies to every lot." }
            </p>
            <div class="rules-appoint">
                { for doc.scenario().service_areas.iter().map(|a| {
                    let code = a.code.clone();
                    let name = crate::ui::service::shown_name(&a.name, &a.code);
                    html! {
                        <NumberField
                            id={format!("rule-appoint-{}", ids::slug(&a.code))}
                            label={format!("{name}: providers per lot")}
                            value={f64::from(a.appointments)}
                            whole=true
                            min={1.0}
                            max={most}
                            on_change={doc.on(move |v: f64| Edit::SetAppointments { code: code.clone(), n: v as u32 })}
                        />
                    }
                }) }
            </div>
        </fieldset>
    }
}

/// A rule ticked per service area.
#[derive(Clone, Copy, PartialEq)]
enum AreaFlag {
    /// The area's lots may cross authority borders.
    CrossAuthority,
    /// Each of the area's lots must be open to an SME.
    SmeOpen,
}

impl AreaFlag {
    fn field(self) -> RuleField {
        match self {
            AreaFlag::CrossAuthority => RuleField::CrossAuthority,
            AreaFlag::SmeOpen => RuleField::SmeOpen,
        }
    }

    /// The checkbox's id for area `code`: `rule-cross-FOST`, `rule-sme-FOST`.
    fn id(self, code: &str) -> String {
        let prefix = match self {
            AreaFlag::CrossAuthority => "rule-cross",
            AreaFlag::SmeOpen => "rule-sme",
        };
        format!("{prefix}-{}", ids::slug(code))
    }

    fn label(self, area: &str) -> String {
        match self {
            AreaFlag::CrossAuthority => format!("{area} lots may cross authority borders"),
            AreaFlag::SmeOpen => format!("Every {area} lot open to an SME"),
        }
    }

    fn get(self, a: &ServiceArea) -> bool {
        match self {
            AreaFlag::CrossAuthority => a.cross_authority,
            AreaFlag::SmeOpen => a.sme_open,
        }
    }

    fn edit(self, code: String, on: bool) -> Edit {
        match self {
            AreaFlag::CrossAuthority => Edit::SetCrossAuthority { code, on },
            AreaFlag::SmeOpen => Edit::SetSmeOpen { code, on },
        }
    }
}

#[derive(Properties, PartialEq)]
struct AreaChecksProps {
    flag: AreaFlag,
    legend: AttrValue,
    hint: AttrValue,
}

/// A fieldset of one checkbox per service area for `flag`, with its legend and hint.
#[component]
fn AreaChecks(p: &AreaChecksProps) -> Html {
    let doc = use_doc();
    let flag = p.flag;
    let id = ids::rule(flag.field());
    let hint_id = format!("{id}-hint");
    html! {
        <fieldset class="app-fieldset" {id} tabindex="-1" aria-describedby={hint_id.clone()}>
            <legend class="app-label">{ p.legend.clone() }</legend>
            <p class="app-hint" id={hint_id}>{ p.hint.clone() }</p>
            { for doc.scenario().service_areas.iter().map(|a| {
                let code = a.code.clone();
                html! {
                    <Checkbox id={flag.id(&a.code)}
                        label={flag.label(&crate::ui::service::shown_name(&a.name, &a.code))}
                        checked={flag.get(a)}
                        on_change={doc.on(move |on: bool| flag.edit(code.clone(), on))} />
                }
            }) }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_errors_name_each_field() {
        assert_eq!(rule_errors(&Rules::default()), [None, None, None]);
        let bad = Rules { k: 0, m: 0, v_min: 5_000_000.0, v_max: 4_000_000.0, ..Rules::default() };
        let [k, m, order] = rule_errors(&bad);
        assert!(k.is_some() && m.is_some());
        assert!(order.unwrap().contains("(£5,000,000) is above the largest (£4,000,000)"));
    }
}
