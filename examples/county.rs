//! Generates county-size lot problems and times the solver on them (release build):
//! `cargo run --release --example county -- [SECONDS] [--write DIR]`.
//!
//! A county: 40 localities on a 8 x 5 grid of neighbouring districts (with some diagonal
//! borders), the ten service areas of the seed report's Table 4 scaled to a county (England's
//! spend / 25), optionally split by the four tiers of need, and 150 suppliers with balance
//! sheets drawn to resemble Table 5 (revenue £2m-£200m, some with negative equity), each
//! covering 1-4 areas and a connected patch of localities. Deterministic (fixed seeds).

use std::time::Duration;

use lotwise::problem::{LotProblem, Params, Segment, ServiceArea, Supplier, FORMAT_VERSION};
use lotwise::solver::{self, Options};

/// Table 4, all sectors, GBP m (England 2012-13).
const AREAS: [(&str, &str, f64); 10] = [
    ("SSCC", "Sure start children's centres", 1193.0),
    ("CLAO", "Other children looked after services", 757.0),
    ("RES", "Residential care", 997.0),
    ("FOST", "Fostering services", 1478.0),
    ("ADOP", "Adoption services", 264.0),
    ("OCFS", "Other children and families services", 111.0),
    ("SAFE", "Safeguarding and commissioning", 1966.0),
    ("FAM", "Family support services", 973.0),
    ("YP", "Services for young people", 816.0),
    ("YJ", "Youth justice", 321.0),
];
const TIER_SHARES: [f64; 4] = [0.2, 0.35, 0.3, 0.15];
const COLS: usize = 8;
const ROWS: usize = 5;

/// A small deterministic generator (xorshift64*), so instances never change.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn locality(i: usize) -> String {
    format!("D{:02}", i)
}

fn adjacency(rng: &mut Rng) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for r in 0..ROWS {
        for c in 0..COLS {
            let i = r * COLS + c;
            if c + 1 < COLS {
                edges.push((i, i + 1));
            }
            if r + 1 < ROWS {
                edges.push((i, i + COLS));
            }
            if c + 1 < COLS && r + 1 < ROWS && rng.unit() < 0.3 {
                edges.push((i, i + COLS + 1));
            }
        }
    }
    edges
}

/// A connected patch of `size` localities grown from a random start.
fn patch(rng: &mut Rng, edges: &[(usize, usize)], size: usize) -> Vec<usize> {
    let mut inside = vec![rng.below(COLS * ROWS)];
    while inside.len() < size {
        let frontier: Vec<usize> = edges
            .iter()
            .filter_map(|&(a, b)| match (inside.contains(&a), inside.contains(&b)) {
                (true, false) => Some(b),
                (false, true) => Some(a),
                _ => None,
            })
            .collect();
        if frontier.is_empty() {
            break;
        }
        inside.push(frontier[rng.below(frontier.len())]);
    }
    inside.sort_unstable();
    inside.dedup();
    inside
}

fn county(tiers: bool, seed: u64) -> LotProblem {
    let mut rng = Rng(seed);
    let n = COLS * ROWS;
    let edges = adjacency(&mut rng);
    let weights: Vec<f64> = (0..n).map(|_| 0.5 + rng.unit()).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut segments = Vec::new();
    for (code, _, england_m) in AREAS {
        let county = england_m * 1e6 / 25.0;
        for (l, w) in weights.iter().enumerate() {
            let shares: &[f64] = if tiers { &TIER_SHARES } else { &[1.0] };
            for (t, share) in shares.iter().enumerate() {
                let value = (county * w / total_weight * share).round().max(1.0);
                let tier = tiers.then_some(t as u8 + 1);
                let id = match tier {
                    Some(t) => format!("{code}-T{t}-{}", locality(l)),
                    None => format!("{code}-{}", locality(l)),
                };
                segments.push(Segment {
                    id,
                    service_area: code.to_string(),
                    locality: locality(l),
                    tier,
                    function: None,
                    value,
                    retained: code == "SAFE" || (tiers && t == 3 && code != "RES"),
                    relevant_care: code == "OCFS",
                });
            }
        }
    }
    let suppliers = (0..150)
        .map(|j| {
            let revenue = 2e6 * (100f64).powf(rng.unit());
            let equity = revenue * (rng.unit() * 0.8 - 0.2);
            let capacity = (revenue / 2.0).min((revenue / 4.0).max(2.0 * equity)).round();
            // The first 20 are regional charities: not-for-profit, with family and children's
            // services (the relevant care area) among what they do.
            let charity = j < 20;
            let mut areas: Vec<String> =
                (0..1 + rng.below(4)).map(|_| AREAS[rng.below(AREAS.len())].0.to_string()).collect();
            if charity {
                areas.push("OCFS".into());
            }
            areas.sort();
            areas.dedup();
            let reach = if charity { 30 + rng.below(n - 29) } else { 3 + rng.below(n - 3) };
            Supplier {
                id: format!("S{j:03}"),
                name: format!("Supplier {j}"),
                ownership: None,
                revenue: Some(revenue.round()),
                equity: Some(equity.round()),
                not_for_profit: charity || rng.unit() < 0.15,
                capacity,
                service_areas: areas,
                localities: patch(&mut rng, &edges, reach).into_iter().map(locality).collect(),
            }
        })
        .collect();
    LotProblem {
        format_version: FORMAT_VERSION,
        name: format!("county-40x10{}", if tiers { "x4" } else { "" }),
        description: Some("generated by examples/county.rs".into()),
        params: Params { v_min: 500_000.0, v_max: 8_000_000.0, k: 2, m: 3, mix_service_areas: false },
        localities: (0..n).map(locality).collect(),
        adjacency: edges.iter().map(|&(a, b)| (locality(a), locality(b))).collect(),
        service_areas: AREAS.iter().map(|(c, name, _)| ServiceArea { code: c.to_string(), name: name.to_string() }).collect(),
        segments,
        suppliers,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let limit: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(30.0);
    let write = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1));
    println!("| instance | segments in scope | suppliers | time limit (s) | status | lots | lower bound | gap (lots) | seconds | method note |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (tiers, seed) in [(false, 40), (true, 44)] {
        let problem = county(tiers, seed);
        problem.validate().expect("a generated county is valid");
        if let Some(dir) = write {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(format!("{dir}/{}.json", problem.name), problem.to_json()).unwrap();
        }
        for secs in [2.0_f64.min(limit), limit] {
            let options = Options { time_limit: Duration::from_secs_f64(secs), ..Options::default() };
            let sol = solver::solve(&problem, &options);
            let stats = sol.stats.clone().unwrap();
            let show = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
            let gap = sol.num_lots.zip(sol.lower_bound).map(|(l, b)| (l - b).to_string()).unwrap_or("-".into());
            let note = sol.diagnosis.first().map_or("proven".to_string(), |f| f.rule.clone());
            println!(
                "| {} | {} | {} | {secs} | {} | {} | {} | {gap} | {:.2} | {note} |",
                problem.name,
                problem.in_scope().count(),
                problem.suppliers.len(),
                sol.status.as_str(),
                show(sol.num_lots),
                show(sol.lower_bound),
                stats.seconds
            );
        }
    }
}
