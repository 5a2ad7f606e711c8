//! Alternative plans (`plan::alternatives`) on every instance in `tests/data/lot-instances/`
//! (release build): the fewest lots first, then each cap on any provider's share below that
//! plan's largest, then lots open to SMEs, each solve within `LOTWISE_BENCH_LIMIT` seconds (default 10). Writes the
//! table between the `alternatives` markers of `docs/benchmarks.md`.
//!
//! `cargo bench --bench alternatives` (all instances) or `cargo bench --bench alternatives -- M-1`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lotwise::base::text::percent;
use lotwise::plan::alternatives;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solver::{self, Options};
use lotwise::views::alternatives::front;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/data/lot-instances");
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let limit: f64 = std::env::var("LOTWISE_BENCH_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(10.0);
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
        let fewest = solver::solve(&problem, &options);
        if fewest.lots.is_empty() {
            rows.push(format!("| {name} | {} | - | - | - | - |", fewest.status.as_str()));
            println!("{}", rows.last().unwrap());
            continue;
        }
        let start = Instant::now();
        let tried = alternatives::run(&problem, &fewest, &options);
        let seconds = start.elapsed().as_secs_f64();
        let (kept, _) = front(&problem, &fewest, &tried);
        let plans: Vec<String> = kept
            .iter()
            .map(|a| {
                format!(
                    "{}: {} lots, largest {}, {} providers, {} open to SMEs{}",
                    lotwise::views::alternatives::title(a),
                    a.lots,
                    percent(a.largest_share),
                    a.shape.providers,
                    percent(a.shape.sme_open_share),
                    if a.proven { "" } else { " (not proven)" }
                )
            })
            .collect();
        rows.push(format!(
            "| {name} | {} | {} | {} | {seconds:.1} | {} |",
            fewest.status.as_str(),
            tried.len(),
            kept.len(),
            plans.join("; ")
        ));
        println!("{}", rows.last().unwrap());
    }
    if wanted.is_empty() {
        write_table(&root.join("docs/benchmarks.md"), &rows, limit);
    }
}

fn write_table(path: &Path, rows: &[String], limit: f64) {
    let block = format!(
        "<!-- alternatives:begin (written by `cargo bench --bench alternatives`) -->\nThe fewest lots first, then each cap below its largest provider's share (at most five), then lots open to SMEs where they are not all open yet (each solve within {limit} s). {} on {} core(s).\n\n| instance | fewest lots | alternatives tried | plans on offer | seconds for the alternatives | the plans on offer |\n|---|---|---|---|---|---|\n{}\n<!-- alternatives:end -->",
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        rows.join("\n")
    );
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n\n".into());
    let new = match (old.find("<!-- alternatives:begin"), old.find("<!-- alternatives:end -->")) {
        (Some(a), Some(b)) => format!("{}{}{}", &old[..a], block, &old[b + "<!-- alternatives:end -->".len()..]),
        _ => format!("{}\n\n## Alternative plans\n\n{}\n", old.trim_end(), block),
    };
    std::fs::write(path, new).unwrap();
    println!("wrote {}", path.display());
}
