//! Times the solver on every instance in `tests/data/lot-instances/` (copied from the shared set) (release build) and writes
//! the table between the `solver` markers of `docs/benchmarks.md`.
//!
//! `cargo bench --bench solver` (all instances) or `cargo bench --bench solver -- S-1 M-1`.
//! `LOTWISE_BENCH_LIMIT=60` sets the per-instance time limit in seconds (default 60).

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::Solution;
use lotwise::plan::solver::{self, Options};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/data/lot-instances");
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let limit: f64 = std::env::var("LOTWISE_BENCH_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(60.0);
    let read =
        |path: PathBuf| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap() };
    let expected = read(dir.join("expected.json"));
    // Optima confirmed independently for the instances expected.json leaves out.
    let confirmed = read(root.join("tests/data/confirmed-optima.json"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "expected" && (wanted.is_empty() || wanted.contains(n)))
        .collect();
    lotwise::base::sort::sort(&mut names);
    let mut rows = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let problem = LotProblem::from_json(&text).unwrap();
        let options = Options { time_limit: Duration::from_secs_f64(limit), ..Options::default() };
        let (sol, secs, runs, first) = time(&problem, &options);
        let want = if expected[name.as_str()].is_null() { &confirmed[name.as_str()] } else { &expected[name.as_str()] };
        let row = Row::new(name, &problem, &sol, secs, runs, first, want);
        println!("{}", row.markdown());
        rows.push(row);
    }
    if wanted.is_empty() {
        write_table(&root.join("docs/benchmarks.md"), &rows, limit);
    }
}

/// Median wall time over up to 5 runs (fewer when one run takes over a second), and when the
/// last run first reported a valid plan.
fn time(problem: &LotProblem, options: &Options) -> (Solution, f64, usize, Option<f64>) {
    let mut times = Vec::new();
    let mut last = None;
    let budget = Instant::now();
    let first: Rc<Cell<Option<f64>>> = Rc::default();
    let seen = first.clone();
    let options = Options {
        progress: Some(Rc::new(move |plan: &Solution| {
            if seen.get().is_none() {
                seen.set(plan.stats.as_ref().map(|s| s.seconds));
            }
        })),
        ..options.clone()
    };
    while times.len() < 5 && (times.is_empty() || budget.elapsed().as_secs_f64() < 1.0) {
        first.set(None);
        let t = Instant::now();
        let sol = solver::solve(problem, &options);
        times.push(t.elapsed().as_secs_f64());
        last = Some(sol);
    }
    lotwise::base::sort::by(&mut times, f64::total_cmp);
    let sol = last.unwrap();
    // A solve proven before any report: its answer was its first plan.
    let first = first.get().or(sol.num_lots.map(|_| sol.stats.as_ref().map_or(0.0, |s| s.seconds)));
    (sol, times[times.len() / 2], times.len(), first)
}

struct Row {
    cells: Vec<String>,
}

impl Row {
    fn new(
        name: &str,
        p: &LotProblem,
        sol: &Solution,
        secs: f64,
        runs: usize,
        first: Option<f64>,
        want: &serde_json::Value,
    ) -> Row {
        let stats = sol.stats.as_ref().unwrap();
        let opt = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
        let expected = if want.is_null() {
            "no known optimum".to_string()
        } else {
            let agrees = want["status"].as_str() == Some(sol.status.as_str())
                && want["num_lots"].as_u64() == sol.num_lots.map(u64::from)
                && want["min_credible_bidders"].as_u64() == sol.min_credible_bidders.map(u64::from);
            format!(
                "{} / {} ({})",
                want["num_lots"].as_u64().map_or("-".into(), |v| v.to_string()),
                want["min_credible_bidders"].as_u64().map_or("-".into(), |v| v.to_string()),
                if agrees { "matches" } else { "MISMATCH" }
            )
        };
        Row {
            cells: vec![
                name.to_string(),
                p.in_scope().count().to_string(),
                p.suppliers.len().to_string(),
                stats.candidate_lots.to_string(),
                sol.status.as_str().to_string(),
                opt(sol.num_lots),
                opt(sol.min_credible_bidders),
                opt(sol.lower_bound),
                expected,
                first.map_or("-".into(), |f| format!("{f:.3}")),
                format!("{:.3}", secs),
                runs.to_string(),
            ],
        }
    }

    fn markdown(&self) -> String {
        format!("| {} |", self.cells.join(" | "))
    }
}

fn write_table(path: &Path, rows: &[Row], limit: f64) {
    let mut table = String::from(
        "| instance | segments in scope | suppliers | candidate lots | status | lots | thinnest competition | lower bound | expected lots / thinnest | first valid plan (s) | seconds (median) | runs |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        table.push_str(&r.markdown());
        table.push('\n');
    }
    let block = format!(
        "<!-- solver:begin (written by `cargo bench --bench solver`) -->\nTime limit {limit} s per solve; {} on {} core(s).\n\n{table}<!-- solver:end -->",
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n\n".into());
    let new = match (old.find("<!-- solver:begin"), old.find("<!-- solver:end -->")) {
        (Some(a), Some(b)) => format!("{}{}{}", &old[..a], block, &old[b + "<!-- solver:end -->".len()..]),
        _ => format!("{}\n{}\n", old.trim_end(), block),
    };
    std::fs::write(path, new).unwrap();
    println!("wrote {}", path.display());
}
