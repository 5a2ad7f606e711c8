//! The built-in workspace: one English local authority from the real figures of the 2014
//! LaingBuisson report for the Department for Education on the capacity and diversity of
//! children's social care provision in England.
//!
//! From the report (real):
//! - Service areas: Table 4 (DfE, 2012/13) all-sector spend per area, scaled by 1/152 (England's
//!   152 children's services authorities), from `src/model/data/spend-by-sector-england-2012-13.csv`.
//! - Suppliers: Table 5's 20 largest independent providers, real revenue, equity, tangible
//!   fixed assets and ownership, from `src/model/data/leading-providers-uk-2014.csv`. Where the
//!   report's cell is blank (Sanctuary Personnel's ownership) the ownership is "other or not
//!   known". Charities are marked not-for-profit and VCSE.
//! - Tiers of need: the report's four levels (section 8.3.2.2). Level 4 is need after a
//!   statutory assessment, so looked-after children's placements (residential, fostering and
//!   other looked-after services) are put wholly at Level 4.
//! - Adoption is outsourced: the report names it among the first services to outsource, with
//!   fostering and residential placements (section 8.3).
//!
//! Illustrative (invented for the example, marked `illustrative` where the format allows):
//! - the suppliers' service areas and localities (the same as
//!   `tests/data/lot-instances/default-la152.json`; Partnerships in Children's Services added);
//! - the localities, their demand weights and adjacency, and what is retained (after
//!   `default-la152`); the other areas' tier splits; the function shares.

use crate::base::sort::CollectTree;
use std::collections::BTreeMap;

use super::{
    ActiveRef, Axis, CapacityPolicy, Function, Locality, Ownership, Rules, Scenario, Selector, Service, ServiceArea,
    Supplier, TierLevel, Tiers, Workspace, FORMAT,
};

const SPEND_CSV: &str = include_str!("data/spend-by-sector-england-2012-13.csv");
const PROVIDERS_CSV: &str = include_str!("data/leading-providers-uk-2014.csv");

/// England's local authorities with children's services responsibilities.
const AUTHORITIES: f64 = 152.0;

/// Table 4 row name -> (code, relevant care, own tier split L1..L4). Looked-after placements
/// (CLAO, RES, FOST) are Level 4 as the report defines it; the other splits are illustrative.
/// No area is wholly relevant care: "Other children and families services" is a budget line,
/// not a relevant care function (the relevant care work is assessment, a function).
const AREAS: [(&str, &str, bool, [f64; 4]); 10] = [
    ("Sure start children's centres", "SSCC", false, [0.70, 0.25, 0.05, 0.0]),
    ("Other children looked after services", "CLAO", false, [0.0, 0.0, 0.0, 1.0]),
    ("Residential care", "RES", false, [0.0, 0.0, 0.0, 1.0]),
    ("Fostering services", "FOST", false, [0.0, 0.0, 0.0, 1.0]),
    ("Adoption services", "ADOP", false, [0.0, 0.0, 0.40, 0.60]),
    ("Other children and families services", "OCFS", false, [0.20, 0.40, 0.30, 0.10]),
    ("Safeguarding and commissioning", "SAFE", false, [0.0, 0.15, 0.35, 0.50]),
    ("Family support services", "FAM", false, [0.15, 0.45, 0.30, 0.10]),
    ("Services for young people", "YP", false, [0.50, 0.30, 0.15, 0.05]),
    ("Youth justice", "YJ", false, [0.0, 0.20, 0.50, 0.30]),
];

/// The eight localities of `default-la152` with illustrative demand weights (per cent of
/// demand, from that instance's locality totals).
const LOCALITIES: [(&str, f64); 8] = [
    ("North", 8.0),
    ("North East", 16.8),
    ("East", 12.3),
    ("South East", 16.5),
    ("South", 21.5),
    ("South West", 11.0),
    ("West", 9.4),
    ("Central", 4.5),
];

/// The twelve adjacency edges of `default-la152`.
const ADJACENCY: [(&str, &str); 12] = [
    ("North", "North East"),
    ("North East", "East"),
    ("East", "South East"),
    ("South East", "South"),
    ("South", "South West"),
    ("South West", "West"),
    ("West", "North"),
    ("Central", "North"),
    ("Central", "East"),
    ("Central", "South"),
    ("Central", "West"),
    ("Central", "North East"),
];

const ALL8: &str = "North,North East,East,South East,South,South West,West,Central";

/// Table 5 row name -> (id, short name, ownership, service areas, localities). Coverage is
/// invented (`illustrative`), copied from `default-la152`.
const PROVIDERS: [(&str, &str, &str, Ownership, &str, &str); 20] = [
    ("Cambian Group", "CAMBIANGRO", "Cambian Group", Ownership::Listed, "CLAO,FOST,RES,YP", ALL8),
    ("Core Assets", "COREASSETS", "Core Assets", Ownership::Private, "ADOP,CLAO,FAM,FOST,OCFS", ALL8),
    (
        "Action for Children",
        "ACTIONFORC",
        "Action for Children",
        Ownership::Charity,
        "ADOP,CLAO,FAM,FOST,OCFS,RES,SSCC,YJ,YP",
        ALL8,
    ),
    ("Acorn Care and Education", "ACORNCAREA", "Acorn Care and Education", Ownership::Pe, "CLAO,FOST,RES", ALL8),
    ("National Fostering Agency", "NATIONALFO", "National Fostering Agency", Ownership::Pe, "FOST", ALL8),
    ("SWIIS (aggregate 3 companies)", "SWIIS", "SWIIS", Ownership::Private, "CLAO,FOST,RES", ALL8),
    ("Sanctuary Personnel Ltd", "SANCTUARYP", "Sanctuary Personnel", Ownership::Other, "CLAO,FAM,OCFS,SAFE,YJ", ALL8),
    (
        "Randstad Care Ltd",
        "RANDSTADCA",
        "Randstad Care",
        Ownership::Listed,
        "CLAO,OCFS,SAFE,YJ,YP",
        "East,South,Central,North East,South East,South West",
    ),
    (
        "Keys Group",
        "KEYSGROUP",
        "Keys Group",
        Ownership::Private,
        "CLAO,RES,YP",
        "East,West,North,South,Central,North East,South West",
    ),
    (
        "Partnerships in Children's Services Ltd",
        "PARTNERSHI",
        "Partnerships in Children's Services",
        Ownership::Pe,
        "FOST,RES",
        "North,North East,East,Central",
    ),
    ("Northern Care", "NORTHERNCA", "Northern Care", Ownership::Private, "RES,YP", ALL8),
    (
        "Five Rivers Child Care",
        "FIVERIVERS",
        "Five Rivers Child Care",
        Ownership::Private,
        "FAM,FOST,RES",
        "West,North,South,Central,South East,South West",
    ),
    (
        "Caritas Recruitment Ltd",
        "CARITASREC",
        "Caritas Recruitment",
        Ownership::Private,
        "FAM,SAFE,YJ,YP",
        "East,West,North,South,Central,North East,South West",
    ),
    (
        "By the Bridge",
        "BYTHEBRIDG",
        "By the Bridge",
        Ownership::Pe,
        "FOST",
        "West,North,South,Central,South East,South West",
    ),
    ("ISP (Integrated Services Programme)", "ISP", "ISP", Ownership::Charity, "ADOP,FAM,FOST,OCFS", ALL8),
    ("CastleCare Group Ltd", "CASTLECARE", "CastleCare", Ownership::Pe, "RES", "West,North,Central,North East"),
    ("Compass Holdco Ltd", "COMPASSHOL", "Compass Holdco", Ownership::Pe, "FOST,RES", "West,South,South West"),
    (
        "Sunbeam Fostering Group Ltd",
        "SUNBEAMFOS",
        "Sunbeam Fostering",
        Ownership::Private,
        "FOST",
        "East,West,North,South,Central,North East",
    ),
    (
        "Hays Social Care Ltd",
        "HAYSSOCIAL",
        "Hays Social Care",
        Ownership::Listed,
        "CLAO,FAM,SAFE,YP",
        "West,North,Central,North East",
    ),
    (
        "Educare Adolescent Services Ltd",
        "EDUCAREADO",
        "Educare Adolescent Services",
        Ownership::Pe,
        "RES",
        "East,South,South East",
    ),
];

/// The default workspace (one scenario).
pub(super) fn workspace() -> Workspace {
    Workspace {
        format: FORMAT.into(),
        scenarios: vec![scenario()],
        active: ActiveRef::Index(0),
        regime: Default::default(),
    }
}

fn scenario() -> Scenario {
    Scenario {
        id: "default".into(),
        name: "Split by service area and locality".into(),
        service: Service {
            authority: "An English local authority (1/152 of England)".into(),
            name: "Children's social care and children's services".into(),
            base_year: 2013,
            contract_term_years: 5,
            annual_value: None,
        },
        service_areas: service_areas(),
        tiers: tiers(),
        functions: functions(),
        localities: LOCALITIES
            .iter()
            .map(|(n, w)| Locality { name: n.to_string(), weight: *w, authority: None })
            .collect(),
        adjacency: ADJACENCY.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        split_by: [Axis::Area, Axis::Locality].into(),
        retained: retained(),
        suppliers: suppliers(),
        capacity_policy: CapacityPolicy::default(),
        rules: Rules { k: 2, m: 3, v_min: 300_000.0, v_max: 4_000_000.0, ..Rules::default() },
        projection: super::Projection::default(),
        record: super::Record::default(),
        contract: super::Contract::default(),
        boundaries: None,
        authorities: Vec::new(),
    }
}

/// Rows of a simple CSV (no quoted commas), header skipped.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split(',').map(str::trim).collect())
}

fn service_areas() -> Vec<ServiceArea> {
    let spend: BTreeMap<&str, f64> =
        rows(SPEND_CSV).map(|r| (r[0], r[5].parse::<f64>().expect("Table 4 figures are numbers"))).collect_map();
    AREAS
        .iter()
        .map(|(name, code, rc, _)| ServiceArea {
            code: code.to_string(),
            name: name.to_string(),
            annual_value: (spend[name] * 1e6 / AUTHORITIES).round(),
            relevant_care: *rc,
            light_touch: true,
            cross_authority: false,
            ..ServiceArea::default()
        })
        .collect()
}

fn tiers() -> Tiers {
    let names = ["Level 1 Universal", "Level 2 Additional", "Level 3 Multiple/Complex", "Level 4 Acute/Specialist"];
    Tiers {
        levels: names.iter().zip(1..).map(|(n, i)| TierLevel { number: i, name: n.to_string() }).collect(),
        default_split: vec![0.25; 4],
        split: AREAS.iter().map(|(_, code, _, s)| (code.to_string(), s.to_vec())).collect_map(),
    }
}

fn functions() -> Vec<Function> {
    let f = |code: &str, name: &str, share: f64, relevant_care: bool| Function {
        code: code.into(),
        name: name.into(),
        share,
        relevant_care,
    };
    vec![
        f("ASSESS", "Assessment and statutory decisions", 0.10, true),
        f("CASE", "Case work and family support", 0.30, false),
        f("PROV", "Placements and direct provision", 0.50, false),
        f("BSUP", "Business support", 0.10, false),
    ]
}

fn retained() -> Vec<Selector> {
    let area = |a: &str| Selector { area: Some(a.into()), ..Selector::default() };
    let mut out: Vec<Selector> = ["SSCC", "SAFE", "YJ"].into_iter().map(area).collect();
    out.push(Selector { function: Some("ASSESS".into()), ..Selector::default() });
    out
}

fn suppliers() -> Vec<Supplier> {
    let figures: BTreeMap<&str, Vec<&str>> = rows(PROVIDERS_CSV).map(|r| (r[0], r)).collect_map();
    PROVIDERS
        .iter()
        .map(|(row, id, name, ownership, areas, localities)| {
            let r = &figures[row];
            Supplier {
                id: id.to_string(),
                name: name.to_string(),
                ownership: *ownership,
                not_for_profit: *ownership == Ownership::Charity,
                vcse: *ownership == Ownership::Charity,
                revenue: money(r[1]),
                tangible_fixed_assets: money(r[2]),
                equity: money(r[3]),
                service_areas: areas.split(',').map(String::from).collect(),
                localities: localities.split(',').map(String::from).collect(),
                illustrative: true,
                ..Supplier::default()
            }
        })
        .collect()
}

/// A CSV money cell: blank means not available.
fn money(cell: &str) -> Option<f64> {
    cell.parse().ok()
}
