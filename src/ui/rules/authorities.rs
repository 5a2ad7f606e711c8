//! Step 3 in a regional plan: each authority's own lot rules, one row per authority and one
//! column per rule (its k, smallest and largest lot, and lots open to an SME), so that a
//! co-operative of ten or more councils reads them at a glance.

use yew::prelude::*;

use crate::base::money::gbp_full;
use crate::model::edit::Edit;
use crate::model::target::RuleField;
use crate::model::{Authority, Rules};
use crate::ui::ids;
use crate::ui::store::use_doc;
use crate::ui::widgets::NumberField;

/// A number an authority may set for its own lots in a regional plan.
#[derive(Clone, Copy, PartialEq)]
enum OwnRule {
    /// Its least number of credible bidders per lot (its k).
    Bidders,
    /// Its smallest lot value (its v_min).
    SmallestLot,
    /// Its largest lot value (its v_max).
    LargestLot,
}

impl OwnRule {
    const ALL: [OwnRule; 3] = [OwnRule::Bidders, OwnRule::SmallestLot, OwnRule::LargestLot];

    /// (id prefix, column heading, label after the authority's name, the plan's rule)
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            OwnRule::Bidders => (
                "rule-authority-k",
                "Credible bidders per lot, at least (k)",
                "credible bidders per lot, at least",
                "k",
            ),
            OwnRule::SmallestLot => {
                ("rule-authority-vmin", "Smallest lot value a year (v_min)", "smallest lot value a year", "v_min")
            }
            OwnRule::LargestLot => {
                ("rule-authority-vmax", "Largest lot value a year (v_max)", "largest lot value a year", "v_max")
            }
        }
    }

    /// What the rule means, with the plan's number.
    fn hint(self, r: &Rules) -> String {
        match self {
            OwnRule::Bidders => format!(
                "Credible bidders (k): each lot holding an authority's work needs at least this many; an authority not changed follows k ({}).",
                r.k
            ),
            OwnRule::SmallestLot => format!(
                "Smallest lot (v_min): each lot holding an authority's work is worth at least this a year, for example where its tenders cost too much to run for smaller lots; an authority not changed follows v_min ({}), and it is at most the authority's largest lot.",
                gbp_full(r.v_min)
            ),
            OwnRule::LargestLot => format!(
                "Largest lot (v_max): each lot holding an authority's work is worth at most this a year, for example to keep its lots within reach of smaller local providers; an authority not changed follows v_max ({}).",
                gbp_full(r.v_max)
            ),
        }
    }

    /// The authority's own number, if it has one.
    fn own(self, a: &Authority) -> Option<f64> {
        match self {
            OwnRule::Bidders => a.k.map(f64::from),
            OwnRule::SmallestLot => a.v_min,
            OwnRule::LargestLot => a.v_max,
        }
    }

    /// The plan's number, which an authority follows until it sets its own.
    fn plans(self, r: &Rules) -> f64 {
        match self {
            OwnRule::Bidders => f64::from(r.k),
            OwnRule::SmallestLot => r.v_min,
            OwnRule::LargestLot => r.v_max,
        }
    }

    /// The numbers authority `a` may give: its smallest lot up to its largest, and back.
    fn range(self, r: &Rules, a: &Authority) -> (f64, f64) {
        match self {
            OwnRule::Bidders => (1.0, 1000.0),
            OwnRule::SmallestLot => (r.v_min, a.lot_band(r).1),
            OwnRule::LargestLot => (a.lot_band(r).0.max(1.0), r.v_max),
        }
    }

    fn edit(self, authority: String, value: Option<f64>) -> Edit {
        match self {
            OwnRule::Bidders => Edit::SetAuthorityK { authority, k: value.map(|v| v as u32) },
            OwnRule::SmallestLot => Edit::SetAuthorityVMin { authority, v_min: value },
            OwnRule::LargestLot => Edit::SetAuthorityVMax { authority, v_max: value },
        }
    }
}

/// In a regional plan, each authority's own rules for the lots holding its work.
#[component]
pub fn AuthorityRules() -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    if sc.authorities.len() < 2 {
        return html! {};
    }
    let sme = "Open to an SME: every lot holding a ticked authority's work, in any service area, must have at least one credible bidder that is an SME (its own SME policy; part of the credible-bidder rule, R5).";
    let crossing = "Where a service area's lots may cross authority borders, each of its lots keeps to the strictest rule of the authorities with work in that area: the most bidders, the largest smallest lot, the smallest largest lot, and open to an SME if any of them ticks it.";
    html! {
        // Focusable from a fix link (tabindex -1: not in the tab order).
        <fieldset class="app-fieldset rules-authorities" id={ids::rule(RuleField::AuthorityRules)} tabindex="-1" aria-describedby="rule-authorities-hint">
            <legend class="app-label">{ "Rules by authority" }</legend>
            <div class="app-hint" id="rule-authorities-hint">
                <p>{ "Each authority may set its own rules for the lots holding its work; until changed it follows the plan's rules above." }</p>
                <ul>
                    { for OwnRule::ALL.iter().map(|r| html! { <li>{ r.hint(&sc.rules) }</li> }) }
                    <li>{ sme }</li>
                </ul>
                <p>{ crossing }</p>
            </div>
            <div class="app-table-wrap" role="region" aria-labelledby="rule-authorities-caption" tabindex="0">
                <table class="app-table rules-authorities-table">
                    <caption id="rule-authorities-caption" class="app-visually-hidden">{ "Each authority's own lot rules" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Authority" }</th>
                            { for OwnRule::ALL.iter().map(|r| html! { <th scope="col">{ r.words().1 }</th> }) }
                            <th scope="col">{ "Every lot open to an SME" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for sc.authorities.iter().map(|a| html! { <AuthorityRow authority={a.name.clone()} /> }) }
                    </tbody>
                </table>
            </div>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct AuthorityRowProps {
    authority: AttrValue,
}

/// One authority's row: its name, its own numbers and its SME policy.
#[component]
fn AuthorityRow(p: &AuthorityRowProps) -> Html {
    let doc = use_doc();
    let sc = doc.scenario();
    let Some(a) = sc.authorities.iter().find(|a| a.name == p.authority.as_str()) else {
        return html! {};
    };
    let sme_id = format!("rule-authority-sme-{}", ids::slug(&a.name));
    let name = a.name.clone();
    html! {
        <tr class="rules-authority-row">
            <th scope="row">{ a.name.clone() }</th>
            { for OwnRule::ALL.iter().map(|&rule| html! { <td class={rule.words().0.replacen("rule-", "rules-", 1)}>{ own_number(&doc, &sc.rules, a, rule) }</td> }) }
            <td class="rules-authority-sme">
                <div class="app-checkbox">
                    <input class="app-checkbox__input" type="checkbox" id={sme_id.clone()} checked={a.sme_open}
                        onchange={doc.on(move |e: Event| Edit::SetAuthoritySmeOpen { authority: name.clone(), on: crate::ui::widgets::event_checked(&e) })} />
                    <label class="app-checkbox__label" for={sme_id}>
                        <span class="app-visually-hidden">{ format!("Every lot holding {}'s work is open to an SME", a.name) }</span>
                    </label>
                </div>
            </td>
        </tr>
    }
}

/// Authority `a`'s own number for `rule`, with a button to follow the plan's again.
fn own_number(doc: &crate::ui::store::Doc, rules: &Rules, a: &Authority, rule: OwnRule) -> Html {
    let (prefix, _, label, plans) = rule.words();
    let id = format!("{prefix}-{}", ids::slug(&a.name));
    let (name, clear_name) = (a.name.clone(), a.name.clone());
    let own = rule.own(a);
    let (min, max) = rule.range(rules, a);
    let money = rule != OwnRule::Bidders;
    html! {
        <>
            <NumberField id={id.clone()} label={format!("{}: {label}", a.name)} hide_label=true
                hint={own.is_none().then(|| AttrValue::from(format!("Follows {plans} above.")))}
                value={own.unwrap_or(rule.plans(rules))} {money} whole={!money} {min} {max}
                on_change={doc.on(move |v: f64| rule.edit(name.clone(), Some(v)))} />
            if own.is_some() {
                <button type="button" class="app-button app-button--secondary svc-small-button" id={format!("{id}-clear")}
                    onclick={doc.on(move |_: MouseEvent| rule.edit(clear_name.clone(), None))}>
                    { format!("Follow {plans} above") }<span class="app-visually-hidden">{ format!(" for {}", a.name) }</span>
                </button>
            }
        </>
    }
}
