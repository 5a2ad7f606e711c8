//! Synthetic county-size lot problems for benchmarks and tests (not used by the app).
//!
//! A county: localities on a grid of neighbouring districts (with some diagonal borders), the
//! ten service areas of Table 4 of the 2014 LaingBuisson report for the Department for Education scaled to the county (England's spend / 25
//! for 40 localities), optionally split by the four tiers of need and by function (assessment,
//! case work, business support), and suppliers with balance
//! sheets drawn to resemble Table 5 (revenue £2m-£200m, some with negative equity), each
//! covering 1-4 areas and a connected patch of localities; the first few are regional
//! charities that can take the relevant care area (OCFS). Deterministic for a given seed, so
//! the instances in `tests/data/county/` can be regenerated exactly
//! (`cargo run --release --example county -- --write tests/data/county`).

use crate::base::sort;
use crate::plan::problem::{LotProblem, Params, Segment, ServiceArea, Supplier, FORMAT_VERSION};

/// The size and make-up of a generated county.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Localities per row and rows of the grid.
    pub cols: usize,
    pub rows: usize,
    /// How many of the ten service areas (Table 4 order).
    pub areas: usize,
    /// Split each area by the four tiers of need.
    pub tiers: bool,
    /// Split each area by this many functions (0 or 1: not split; at most 3, see `FUNCTIONS`).
    pub functions: usize,
    pub suppliers: usize,
    pub seed: u64,
}

impl Shape {
    /// The county: 40 localities x 10 areas, 150 suppliers.
    pub const fn county(tiers: bool) -> Shape {
        Shape { cols: 8, rows: 5, areas: 10, tiers, functions: 0, suppliers: 150, seed: if tiers { 44 } else { 40 } }
    }

    /// All four axes at once: the county with tiers, each area also split by three functions.
    pub const fn county_all_axes() -> Shape {
        Shape { functions: 3, ..Shape::county(true) }
    }

    /// `county-<localities>x<areas>[x4][-f<functions>][-s<suppliers>]`, e.g. `county-40x10x4`.
    pub fn name(&self) -> String {
        let tiers = if self.tiers { "x4" } else { "" };
        let functions = if self.split_functions().len() > 1 { format!("-f{}", self.functions) } else { String::new() };
        let suppliers = if self.suppliers == 150 { String::new() } else { format!("-s{}", self.suppliers) };
        format!("county-{}x{}{tiers}{functions}{suppliers}", self.cols * self.rows, self.areas)
    }

    /// The functions each area is split by, with their shares of its spend (renormalised);
    /// one unnamed whole when not split.
    fn split_functions(&self) -> Vec<(Option<&'static str>, f64)> {
        let n = self.functions.min(FUNCTIONS.len());
        if n <= 1 {
            return vec![(None, 1.0)];
        }
        let total: f64 = FUNCTIONS[..n].iter().map(|f| f.1).sum();
        FUNCTIONS[..n].iter().map(|&(code, share)| (Some(code), share / total)).collect()
    }
}

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
/// Functions an area may be split by, with their (illustrative) shares of its spend.
const FUNCTIONS: [(&str, f64); 3] = [("ASSESS", 0.25), ("CASE", 0.55), ("SUPPORT", 0.2)];

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

fn adjacency(rng: &mut Rng, cols: usize, rows: usize) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let i = r * cols + c;
            if c + 1 < cols {
                edges.push((i, i + 1));
            }
            if r + 1 < rows {
                edges.push((i, i + cols));
            }
            if c + 1 < cols && r + 1 < rows && rng.unit() < 0.3 {
                edges.push((i, i + cols + 1));
            }
        }
    }
    edges
}

/// A connected patch of `size` localities grown from a random start.
fn patch(rng: &mut Rng, edges: &[(usize, usize)], n: usize, size: usize) -> Vec<usize> {
    let mut inside = vec![rng.below(n)];
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
    sort::sort(&mut inside);
    inside.dedup();
    inside
}

/// A county of `shape.cols x shape.rows` localities, `shape.areas` of the ten service areas,
/// optionally split by tier, and `shape.suppliers` suppliers; deterministic for a given seed.
pub fn county(shape: Shape) -> LotProblem {
    let Shape { cols, rows, areas, tiers, suppliers, seed, .. } = shape;
    let functions = shape.split_functions();
    let mut rng = Rng(seed);
    let n = cols * rows;
    let edges = adjacency(&mut rng, cols, rows);
    let weights: Vec<f64> = (0..n).map(|_| 0.5 + rng.unit()).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut segments = Vec::new();
    // A county of 40 localities spends England's figure / 25; smaller ones in proportion.
    let scale = n as f64 / 40.0 / 25.0;
    for &(code, _, england_m) in &AREAS[..areas.min(AREAS.len())] {
        let county = england_m * 1e6 * scale;
        for (l, w) in weights.iter().enumerate() {
            let shares: &[f64] = if tiers { &TIER_SHARES } else { &[1.0] };
            for (t, share) in shares.iter().enumerate() {
                for &(function, function_share) in &functions {
                    let value = (county * w / total_weight * share * function_share).round().max(1.0);
                    let tier = tiers.then_some(t as u8 + 1);
                    let mut id = code.to_string();
                    if let Some(t) = tier {
                        id += &format!("-T{t}");
                    }
                    if let Some(f) = function {
                        id += &format!("-{f}");
                    }
                    id += &format!("-{}", locality(l));
                    segments.push(Segment {
                        id,
                        service_area: code.to_string(),
                        locality: locality(l),
                        tier,
                        function: function.map(str::to_string),
                        value,
                        retained: code == "SAFE" || (tiers && t == 3 && code != "RES"),
                        relevant_care: code == "OCFS",
                        authority: None,
                    });
                }
            }
        }
    }
    let suppliers = (0..suppliers)
        .map(|j| {
            let revenue = 2e6 * (100f64).powf(rng.unit());
            let equity = revenue * (rng.unit() * 0.8 - 0.2);
            let capacity = (revenue / 2.0).min((revenue / 4.0).max(2.0 * equity)).round();
            // The first 20 (or a seventh) are regional charities: not-for-profit, with family and children's
            // services (the relevant care area) among what they do.
            let charity = j < 20.min(suppliers.div_ceil(7));
            let mut areas: Vec<String> =
                (0..1 + rng.below(4)).map(|_| AREAS[rng.below(AREAS.len())].0.to_string()).collect();
            if charity {
                areas.push("OCFS".into());
            }
            sort::sort(&mut areas);
            areas.dedup();
            let reach = if charity {
                (3 * n / 4) + rng.below(n - 3 * n / 4 + 1)
            } else {
                3.min(n) + rng.below(n.saturating_sub(3).max(1))
            };
            Supplier {
                id: format!("S{j:03}"),
                name: format!("Supplier {j}"),
                ownership: None,
                revenue: Some(revenue.round()),
                equity: Some(equity.round()),
                not_for_profit: charity || rng.unit() < 0.15,
                capacity,
                service_areas: areas,
                localities: patch(&mut rng, &edges, n, reach).into_iter().map(locality).collect(),
                group: None,
            }
        })
        .collect();
    LotProblem {
        format_version: FORMAT_VERSION,
        name: shape.name(),
        description: Some(format!("generated by lotwise::plan::generate ({shape:?})")),
        params: Params::new(500_000.0, 8_000_000.0, 2, 3, false),
        localities: (0..n).map(locality).collect(),
        adjacency: edges.iter().map(|&(a, b)| (locality(a), locality(b))).collect(),
        service_areas: AREAS[..areas.min(AREAS.len())]
            .iter()
            .map(|(c, name, _)| ServiceArea { code: c.to_string(), name: name.to_string() })
            .collect(),
        segments,
        suppliers,
    }
}
