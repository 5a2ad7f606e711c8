//! Regional plans at scale: the shared county `XL-2` and region `R-1` instances (made by an
//! independent generator, no known optimum) solved as they are, and again cut into authorities
//! whose lots keep within one authority (`docs/regional.md`), each within the same time limit.
//!
//! `cargo run --release --example regional [-- --limit SECONDS]` prints the table in
//! `docs/benchmarks.md` ("Regional plans"). Authorities are made by growing connected groups
//! of about `LOCALITIES_PER_AUTHORITY` localities over the instance's own borders, in locality
//! order, so the cut is the same on every run.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use lotwise::plan::problem::LotProblem;
use lotwise::plan::solver::{self, Options};

const LOCALITIES_PER_AUTHORITY: usize = 16;

/// Cuts the localities into connected authorities of at most `size` localities (breadth-first
/// from the first locality not yet given one) and keeps every service area's lots within one.
fn with_authorities(problem: &LotProblem, size: usize) -> (LotProblem, usize) {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in &problem.adjacency {
        next.entry(a.as_str()).or_default().push(b.as_str());
        next.entry(b.as_str()).or_default().push(a.as_str());
    }
    let mut of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n = 0;
    for start in &problem.localities {
        if of.contains_key(start.as_str()) {
            continue;
        }
        let mut queue = VecDeque::from([start.as_str()]);
        let mut taken = 0;
        while let Some(l) = queue.pop_front() {
            if taken == size || of.contains_key(l) {
                continue;
            }
            of.insert(l, n);
            taken += 1;
            queue.extend(next.get(l).into_iter().flatten().filter(|x| !of.contains_key(*x)));
        }
        n += 1;
    }
    let mut out = problem.clone();
    out.name = format!("{} in {n} authorities", problem.name);
    for s in &mut out.segments {
        s.authority = Some(format!("Authority {}", of[s.locality.as_str()] + 1));
    }
    out.params.within_authority = problem.service_areas.iter().map(|a| a.code.clone()).collect();
    (out, n)
}

/// The region cut into authorities with rules of their own (`docs/benchmarks.md`, "With each
/// authority's own smallest lot too"): Authorities 2, 5 and 9 ask for 4 credible bidders, 3, 7
/// and 11 keep their lots to £2.0m, 4 and 12 want every lot open to an SME, and 9, 11 and 12
/// want lots of at least £400k.
fn with_own_rules(problem: &LotProblem) -> LotProblem {
    let mut out = problem.clone();
    out.name = format!("{}, own rules", problem.name);
    let named = |n: &[u32]| n.iter().map(|i| format!("Authority {i}")).collect::<Vec<_>>();
    let p = &mut out.params;
    p.k_by_authority = named(&[2, 5, 9]).into_iter().map(|a| (a, 4)).collect();
    p.v_max_by_authority = named(&[3, 7, 11]).into_iter().map(|a| (a, 2_000_000.0)).collect();
    p.sme_open_authorities = named(&[4, 12]);
    p.v_min_by_authority = named(&[9, 11, 12]).into_iter().map(|a| (a, 400_000.0)).collect();
    out
}

fn blocks(problem: &LotProblem) -> usize {
    problem.in_scope().map(|s| problem.lot_key(s)).collect::<BTreeSet<_>>().len()
}

fn run(problem: &LotProblem, limit: f64, authorities: usize) {
    let started = Instant::now();
    let first = std::rc::Rc::new(std::cell::Cell::new(None::<f64>));
    let seen = first.clone();
    let options = Options {
        time_limit: Duration::from_secs_f64(limit),
        progress: Some(std::rc::Rc::new(move |_: &lotwise::plan::solution::Solution| {
            if seen.get().is_none() {
                seen.set(Some(started.elapsed().as_secs_f64()));
            }
        })),
        ..Options::default()
    };
    let sol = solver::solve(problem, &options);
    let seconds = started.elapsed().as_secs_f64();
    let first = first.get().or(sol.num_lots.map(|_| seconds));
    let gap = sol.num_lots.zip(sol.lower_bound).map(|(l, b)| {
        let pct = if b > 0 { f64::from(l - b) / f64::from(b) * 100.0 } else { 0.0 };
        format!("{} ({pct:.1}%)", l - b)
    });
    let show = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {seconds:.1} |",
        problem.name,
        problem.in_scope().count(),
        if authorities == 0 { "-".to_string() } else { authorities.to_string() },
        blocks(problem),
        show(first.map(|s| format!("{s:.2}"))),
        sol.status.as_str(),
        show(sol.num_lots.map(|n| n.to_string())),
        show(sol.lower_bound.map(|n| n.to_string())),
        show(gap),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let limit = args
        .iter()
        .position(|a| a == "--limit")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(60.0);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lot-instances");
    println!("| instance | segments in scope | authorities | blocks | first plan (s) | status | lots | lower bound | gap (lots, % of bound) | time (s) |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let write = args.iter().any(|a| a == "--write");
    for name in ["XL-2", "R-1"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("the shared instance");
        let problem = LotProblem::from_json(&text).expect("a valid lot problem");
        if !write {
            run(&problem, limit, 0);
        }
        let (regional, n) = with_authorities(&problem, LOCALITIES_PER_AUTHORITY);
        regional.validate().expect("still valid");
        if let Some(dir) = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)) {
            let path = std::path::Path::new(dir).join(format!("{name}-authorities.json"));
            std::fs::write(&path, regional.to_json()).expect("write the problem");
            if name == "R-1" {
                let path = std::path::Path::new(dir).join(format!("{name}-authorities-own-rules.json"));
                std::fs::write(&path, with_own_rules(&regional).to_json()).expect("write the problem");
            }
            continue;
        }
        run(&regional, limit, n);
        if name == "R-1" {
            let own = with_own_rules(&regional);
            own.validate().expect("still valid");
            run(&own, limit, n);
        }
    }
}
