//! Times the solver on county-size problems (release build):
//!
//! - `cargo run --release --example county` solves the two counties of issue #5 (40 localities
//!   x 10 areas, 150 suppliers; without tiers for 30 s, with 4 tiers for 60 s), then the county
//!   split by all four axes (tiers and three functions too, 60 s), and prints a table: time to
//!   the first valid plan, then lots, lower bound and gap at the limit.
//! - `--write DIR` also writes the first two problems as JSON (`tests/data/county/` holds them;
//!   the third is 3,360 segments, so it is generated where it is needed).
//! - `--sweep` solves a range of sizes instead (localities, tiers, suppliers) and prints the
//!   table behind the curves in docs/benchmarks.md; `--svg FILE` draws those curves.
//! - `--limit SECONDS` overrides the time limit of every solve.
//! - `--write-all-axes DIR` only writes the county split by all four axes as JSON (for the
//!   browser benchmark, `scripts/bench-browser.mjs`).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use lotwise::plan::generate::{county, Shape};
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::Solution;
use lotwise::plan::solver::{self, Options};

/// What one timed solve gave.
struct Run {
    name: String,
    segments: usize,
    suppliers: usize,
    limit: f64,
    first_plan: Option<f64>,
    first_lots: Option<u32>,
    /// When the final plan was first found.
    best_at: Option<f64>,
    sol: Solution,
}

impl Run {
    fn gap(&self) -> Option<u32> {
        self.sol.num_lots.zip(self.sol.lower_bound).map(|(l, b)| l - b)
    }
}

fn timed(problem: &LotProblem, limit: f64) -> Run {
    let seen: Rc<RefCell<Vec<(f64, u32)>>> = Rc::default();
    let log = seen.clone();
    let options = Options {
        time_limit: Duration::from_secs_f64(limit),
        progress: Some(Rc::new(move |plan: &Solution| {
            let at = plan.stats.as_ref().map_or(0.0, |s| s.seconds);
            log.borrow_mut().push((at, plan.num_lots.unwrap_or(0)));
        })),
        ..Options::default()
    };
    let sol = solver::solve(problem, &options);
    let seen = seen.borrow();
    let seconds = sol.stats.as_ref().map_or(0.0, |s| s.seconds);
    let best_at = sol.num_lots.map(|lots| seen.iter().find(|(_, l)| *l <= lots).map_or(seconds, |(at, _)| *at));
    Run {
        name: problem.name.clone(),
        segments: problem.in_scope().count(),
        suppliers: problem.suppliers.len(),
        limit,
        first_plan: seen.first().map(|(at, _)| *at).or(sol.num_lots.map(|_| seconds)),
        first_lots: seen.first().map(|(_, l)| *l).or(sol.num_lots),
        best_at,
        sol,
    }
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

fn table(runs: &[Run]) {
    println!("| instance | segments in scope | suppliers | limit (s) | first plan (s) | lots then | status | lots | lower bound | gap | best found at (s) | thinnest |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in runs {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.segments,
            r.suppliers,
            r.limit,
            show(r.first_plan.map(|s| format!("{s:.2}"))),
            show(r.first_lots),
            r.sol.status.as_str(),
            show(r.sol.num_lots),
            show(r.sol.lower_bound),
            show(r.gap()),
            show(r.best_at.map(|s| format!("{s:.2}"))),
            show(r.sol.min_credible_bidders),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let limit: Option<f64> = value("--limit").and_then(|v| v.parse().ok());
    if args.iter().any(|a| a == "--sweep") {
        let runs = sweep(limit.unwrap_or(10.0));
        table(&runs);
        if let Some(path) = value("--svg") {
            std::fs::write(&path, curves(&runs)).expect("the SVG can be written");
            eprintln!("wrote {path}");
        }
        return;
    }
    if let Some(dir) = value("--write-all-axes") {
        // For the browser benchmark (scripts/bench-browser.mjs): the problem only, no solve.
        let problem = county(Shape::county_all_axes());
        std::fs::write(format!("{dir}/{}.json", problem.name), problem.to_json()).expect("the file can be written");
        return;
    }
    let mut runs = Vec::new();
    for (shape, default_limit) in
        [(Shape::county(false), 30.0), (Shape::county(true), 60.0), (Shape::county_all_axes(), 60.0)]
    {
        let problem = county(shape);
        problem.validate().expect("a generated county is valid");
        if let (Some(dir), 0) = (value("--write"), shape.functions) {
            std::fs::create_dir_all(&dir).expect("the directory can be made");
            std::fs::write(format!("{dir}/{}.json", problem.name), problem.to_json() + "\n")
                .expect("the file can be written");
        }
        runs.push(timed(&problem, limit.unwrap_or(default_limit)));
    }
    table(&runs);
}

/// Growing counties: localities 10-40 without tiers, with tiers, and split by all four axes
/// (150 suppliers), then suppliers 75-300 for 40 localities without tiers.
fn sweep(limit: f64) -> Vec<Run> {
    let mut runs = Vec::new();
    for family in [Shape::county(false), Shape::county(true), Shape::county_all_axes()] {
        for (cols, rows) in [(5, 2), (5, 4), (6, 5), (8, 5)] {
            let shape = Shape { cols, rows, ..family };
            runs.push(timed(&county(shape), limit));
        }
    }
    for suppliers in [75, 100, 300] {
        let shape = Shape { suppliers, ..Shape::county(false) };
        runs.push(timed(&county(shape), limit));
    }
    runs
}

/// Two small SVG charts side by side: seconds to the first and to the best plan, and the gap
/// at the limit, against segments in scope (one line per family of instances).
fn curves(runs: &[Run]) -> String {
    type Member = Box<dyn Fn(&Run) -> bool>;
    let families: [(&str, &str, Member); 3] = [
        ("without tiers", "#1d70b8", Box::new(|r: &Run| !r.name.contains("x4") && r.suppliers == 150)),
        ("with 4 tiers", "#d4351c", Box::new(|r: &Run| r.name.contains("x4") && !r.name.contains("-f"))),
        ("all four axes (tiers, 3 functions)", "#00703c", Box::new(|r: &Run| r.name.contains("-f"))),
    ];
    let max_x = runs.iter().map(|r| r.segments).max().unwrap_or(1) as f64;
    // Axes end on a multiple of 4 so the five gridline labels are whole numbers.
    let max_t = (runs.iter().filter_map(|r| r.best_at).fold(0.5_f64, f64::max) / 4.0).ceil() * 4.0;
    let max_g = (runs.iter().filter_map(Run::gap).max().unwrap_or(0).max(1) as f64 / 4.0).ceil() * 4.0;
    let (w, h, pad) = (360.0, 220.0, 44.0);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-labelledby=\"t\">\n<title id=\"t\">Lotwise solver: time and gap against problem size</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        2.0 * w + 20.0,
        h + 40.0
    );
    for (panel, (title, max_y)) in
        [("Seconds to first plan (dashed) and best plan (solid)", max_t), ("Gap in lots at the time limit", max_g)]
            .into_iter()
            .enumerate()
    {
        let x0 = panel as f64 * (w + 20.0);
        let px = |x: f64| x0 + pad + x / max_x * (w - pad - 24.0);
        let py = |y: f64| h - 20.0 - y / max_y * (h - 50.0);
        out += &format!("<text x=\"{}\" y=\"14\" font-weight=\"bold\">{title}</text>\n", x0 + pad);
        out += &format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#505a5f\"/>\n",
            px(0.0),
            py(0.0),
            px(max_x),
            py(0.0)
        );
        out += &format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#505a5f\"/>\n",
            px(0.0),
            py(0.0),
            px(0.0),
            py(max_y)
        );
        for i in 0..=4 {
            let y = max_y * i as f64 / 4.0;
            out += &format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                px(0.0) - 4.0,
                py(y) + 4.0,
                trim(y)
            );
        }
        for i in 0..=4 {
            let x = max_x * i as f64 / 4.0;
            out += &format!("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x), h - 6.0, x.round());
        }
        out += &format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">segments in scope</text>\n",
            px(max_x / 2.0),
            h + 10.0
        );
        for (f, (label, colour, member)) in families.iter().enumerate() {
            let mut pts: Vec<&Run> = runs.iter().filter(|r| member(r)).collect();
            lotwise::base::sort::by_key(&mut pts, |r| r.segments);
            let lines: Vec<(Vec<(f64, f64)>, &str)> = if panel == 0 {
                vec![
                    (pts.iter().filter_map(|r| Some((r.segments as f64, r.first_plan?))).collect(), "4 3"),
                    (pts.iter().filter_map(|r| Some((r.segments as f64, r.best_at?))).collect(), ""),
                ]
            } else {
                vec![(pts.iter().filter_map(|r| Some((r.segments as f64, r.gap()? as f64))).collect(), "")]
            };
            for (line, dash) in lines {
                let path: Vec<String> = line.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
                out += &format!(
                    "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\" points=\"{}\"/>\n",
                    path.join(" ")
                );
                for &(x, y) in &line {
                    out += &format!("<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>\n", px(x), py(y));
                }
            }
            out += &format!(
                "<text x=\"{}\" y=\"{}\" fill=\"{colour}\">{label}</text>\n",
                x0 + pad + 10.0,
                32.0 + 14.0 * f as f64
            );
        }
    }
    out + "</svg>\n"
}

fn trim(y: f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        format!("{}", y.round())
    } else {
        format!("{y:.1}")
    }
}
