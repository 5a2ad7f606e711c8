//! Capacity from real Table 5 balance sheets, guarantees, committed contracts and consortia.
#![cfg(not(target_arch = "wasm32"))]

use lotwise::model::capacity::{capacity, consortia};
use lotwise::model::{CapacityPolicy, Supplier, Workspace};
use lotwise::plan::lower::lower;

fn supplier(id: &str, revenue: Option<f64>, equity: Option<f64>) -> Supplier {
    Supplier { id: id.into(), name: id.into(), revenue, equity, ..Supplier::default() }
}

fn cap(revenue: f64, equity: f64) -> f64 {
    capacity(&supplier("S", Some(revenue), Some(equity)), &CapacityPolicy::default()).value
}

#[test]
fn table_5_figures() {
    assert_eq!(cap(21_238_241.0, 4_037_028.0), 8_074_056.0); // By the Bridge: 2 x equity
    assert_eq!(cap(108_153_029.0, -138_250_000.0), 27_038_257.0); // Acorn: a quarter
    assert_eq!(cap(231_992_000.0, 225_770_000.0), 115_996_000.0); // Cambian: half
    assert_eq!(cap(156_104_000.0, 22_376_000.0), 44_752_000.0); // Action for Children
}

/// The capacities of `lot-instances/default-la152.json`, supplier by supplier.
#[test]
fn default_workspace_matches_default_la152() {
    let expected = [
        ("ACORNCAREA", 27_038_257.0),
        ("ACTIONFORC", 44_752_000.0),
        ("BYTHEBRIDG", 8_074_056.0),
        ("CAMBIANGRO", 115_996_000.0),
        ("CARITASREC", 5_708_000.0),
        ("CASTLECARE", 4_796_214.0),
        ("COMPASSHOL", 3_780_158.0),
        ("COREASSETS", 81_484_500.0),
        ("EDUCAREADO", 2_524_728.0),
        ("FIVERIVERS", 6_099_413.0),
        ("HAYSSOCIAL", 4_636_000.0),
        ("ISP", 8_269_900.0),
        ("KEYSGROUP", 15_403_766.0),
        ("NATIONALFO", 25_483_000.0),
        ("NORTHERNCA", 6_261_587.0),
        ("RANDSTADCA", 9_735_494.0),
        ("SANCTUARYP", 17_907_648.0),
        ("SUNBEAMFOS", 4_623_376.0),
        ("SWIIS", 16_343_348.0),
    ];
    let ws = Workspace::default_workspace();
    let sc = ws.active_scenario();
    for (id, value) in expected {
        let s = sc.suppliers.iter().find(|s| s.id == id).unwrap();
        assert_eq!(capacity(s, &sc.capacity_policy).value, value, "{id}");
    }
    let problem = lower(sc).unwrap();
    let acorn = problem.suppliers.iter().find(|s| s.id == "ACORNCAREA").unwrap();
    assert_eq!(acorn.capacity, 27_038_257.0);
}

#[test]
fn explanations_are_plain() {
    let policy = CapacityPolicy::default();
    let bridge = capacity(&supplier("B", Some(21_238_241.0), Some(4_037_028.0)), &policy);
    assert_eq!(
        bridge.explanation,
        "half of £21.2m turnover = £10.6m; net assets weak, so max(a quarter of turnover = \
         £5.31m, 2 x £4.04m equity = £8.07m) = £8.07m"
    );
    assert_eq!(bridge.steps.len(), 2);
    let acorn = capacity(&supplier("A", Some(108_153_029.0), Some(-138_250_000.0)), &policy);
    assert!(acorn.explanation.contains("2 x -£138m equity = -£276m) = £27.0m"), "{}", acorn.explanation);
    let cambian = capacity(&supplier("C", Some(231_992_000.0), Some(225_770_000.0)), &policy);
    assert!(cambian.explanation.contains("net assets strong"), "{}", cambian.explanation);
    assert!(cambian.explanation.ends_with("the turnover limit stands: £116m"), "{}", cambian.explanation);
}

#[test]
fn missing_equity_is_weak_assets() {
    let pics = capacity(&supplier("P", Some(30_000_000.0), None), &CapacityPolicy::default());
    assert_eq!(pics.value, 7_500_000.0);
    assert!(pics.explanation.contains("equity not on record, treated as weak assets"), "{}", pics.explanation);
    let ws = Workspace::default_workspace();
    let sc = ws.active_scenario();
    let real = sc.suppliers.iter().find(|s| s.id == "PARTNERSHI").unwrap();
    assert_eq!(capacity(real, &sc.capacity_policy).value, 7_500_000.0);
}

#[test]
fn missing_revenue_gives_no_capacity() {
    let c = capacity(&supplier("N", None, Some(5_000_000.0)), &CapacityPolicy::default());
    assert_eq!(c.value, 0.0);
    assert!(c.explanation.starts_with("no turnover on record"), "{}", c.explanation);
}

#[test]
fn parent_guarantee_is_added_when_the_policy_says_so() {
    let mut s = supplier("B", Some(21_238_241.0), Some(4_037_028.0));
    s.parent_guarantee = Some(2_000_000.0);
    let c = capacity(&s, &CapacityPolicy::default());
    assert_eq!(c.value, 10_074_056.0);
    assert!(c.explanation.contains("plus parent guarantee £2.00m = £10.1m"), "{}", c.explanation);
    let off = CapacityPolicy { add_guarantees: false, ..CapacityPolicy::default() };
    assert_eq!(capacity(&s, &off).value, 8_074_056.0);
}

#[test]
fn committed_contracts_are_subtracted_never_below_zero() {
    let mut s = supplier("B", Some(21_238_241.0), Some(4_037_028.0));
    s.committed = Some(3_000_000.0);
    assert_eq!(capacity(&s, &CapacityPolicy::default()).value, 5_074_056.0);
    s.committed = Some(20_000_000.0);
    let c = capacity(&s, &CapacityPolicy::default());
    assert_eq!(c.value, 0.0);
    assert!(c.explanation.contains("not below zero"), "{}", c.explanation);
    let off = CapacityPolicy { subtract_committed: false, ..CapacityPolicy::default() };
    assert_eq!(capacity(&s, &off).value, 8_074_056.0);
}

#[test]
fn editable_policy_parameters() {
    let cambian = supplier("C", Some(231_992_000.0), Some(225_770_000.0));
    let p = CapacityPolicy { turnover_ratio: 0.4, ..CapacityPolicy::default() };
    let c = capacity(&cambian, &p);
    assert_eq!(c.value, 92_796_800.0);
    assert!(c.explanation.starts_with("40% of £232m turnover"), "{}", c.explanation);
    let bridge = supplier("B", Some(21_238_241.0), Some(4_037_028.0));
    let p = CapacityPolicy { equity_multiple: 1.0, ..CapacityPolicy::default() };
    assert_eq!(capacity(&bridge, &p).value, 5_309_560.0); // a quarter of turnover now wins
}

#[test]
fn consortium_pools_capacity_and_unions_coverage() {
    let mut a = supplier("A", Some(21_238_241.0), Some(4_037_028.0));
    a.service_areas = vec!["FOST".into()];
    a.localities = vec!["North".into()];
    a.consortium = Some("NORTH".into());
    a.not_for_profit = true;
    let mut b = supplier("B", Some(19_747_788.0), Some(4_134_950.0));
    b.service_areas = vec!["FAM".into(), "FOST".into()];
    b.localities = vec!["South".into()];
    b.consortium = Some("NORTH".into());
    let c = supplier("C", Some(1_000_000.0), Some(1.0));
    let all = consortia(&[a, b.clone(), c], &CapacityPolicy::default());
    assert_eq!(all.len(), 1);
    let n = &all[0];
    assert_eq!(n.bidder_id, "C:NORTH");
    assert_eq!(n.members, ["A", "B"]);
    assert_eq!(n.capacity.value, 8_074_056.0 + 8_269_900.0);
    assert_eq!(n.service_areas, ["FAM", "FOST"]);
    assert_eq!(n.localities, ["North", "South"]);
    assert!(!n.not_for_profit, "B is for-profit");
    assert!(n.capacity.explanation.contains("A £8.07m + B £8.27m = £16.3m"), "{}", n.capacity.explanation);
    let mut b2 = b;
    b2.not_for_profit = true;
    let mut a2 = supplier("A", Some(1.0), None);
    a2.not_for_profit = true;
    a2.consortium = Some("NORTH".into());
    assert!(consortia(&[a2, b2], &CapacityPolicy::default())[0].not_for_profit);
}
