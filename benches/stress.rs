//! Times the provider-failure stress test (`plan::stress`) on every instance in
//! `tests/data/lot-instances/` (release build): solve first (up to `LOTWISE_BENCH_LIMIT`
//! seconds, default 20), then fail each awarded supplier in turn. Writes the table between the
//! `stress` markers of `docs/benchmarks.md`.
//!
//! `cargo bench --bench stress` (all instances) or `cargo bench --bench stress -- M-1 L-2`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lotwise::plan::problem::LotProblem;
use lotwise::plan::solver::{self, Options};
use lotwise::plan::stress;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/data/lot-instances");
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let limit: f64 = std::env::var("LOTWISE_BENCH_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(20.0);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "expected" && (wanted.is_empty() || wanted.contains(n)))
        .collect();
    lotwise::base::sort::sort(&mut names);
    let mut rows = Vec::new();
    for name in &names {
        let problem =
            LotProblem::from_json(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap();
        let options = Options { time_limit: Duration::from_secs_f64(limit), ..Options::default() };
        let plan = solver::solve(&problem, &options);
        let status = plan.status.as_str();
        if plan.lots.is_empty() {
            rows.push(format!("| {name} | {status} | 0 | - | - | - | - | - |"));
            println!("{}", rows.last().unwrap());
            continue;
        }
        // Median of up to 5 runs (fewer when one run takes over a second).
        let mut times = Vec::new();
        let mut report = None;
        while times.len() < 5 && times.iter().sum::<f64>() < 1.0 {
            let start = Instant::now();
            report = Some(stress::run(&problem, &plan));
            times.push(start.elapsed().as_secs_f64());
        }
        lotwise::base::sort::by(&mut times, f64::total_cmp);
        let report = report.unwrap();
        let stranding = report.failures.iter().filter(|f| !f.stranded.is_empty()).count();
        let worst = report.worst().map_or("none".to_string(), |f| lotwise::base::money::gbp_full(f.stranded_value));
        let undecided = report.failures.iter().filter(|f| f.undecided).count();
        rows.push(format!(
            "| {name} | {status} | {} | {} | {stranding} | {worst} | {undecided} | {:.3} |",
            plan.lots.len(),
            report.failures.len(),
            times[times.len() / 2] * 1000.0
        ));
        println!("{}", rows.last().unwrap());
    }
    if wanted.is_empty() {
        write_table(&root.join("docs/benchmarks.md"), &rows, limit);
    }
}

fn write_table(path: &Path, rows: &[String], limit: f64) {
    let block = format!(
        "<!-- stress:begin (written by `cargo bench --bench stress`) -->\nEach plan solved first (time limit {limit} s); the stress test then fails each awarded supplier in turn. {} on {} core(s).\n\n| instance | plan | lots | failure cases | cases that strand a lot | worst stranded value a year | undecided cases | stress test milliseconds (median) |\n|---|---|---|---|---|---|---|---|\n{}\n<!-- stress:end -->",
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        rows.join("\n")
    );
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n\n".into());
    let new = match (old.find("<!-- stress:begin"), old.find("<!-- stress:end -->")) {
        (Some(a), Some(b)) => format!("{}{}{}", &old[..a], block, &old[b + "<!-- stress:end -->".len()..]),
        _ => format!("{}\n\n## Provider-failure stress test\n\n{}\n", old.trim_end(), block),
    };
    std::fs::write(path, new).unwrap();
    println!("wrote {}", path.display());
}
