//! Prints how the quick (non-exact) plan compares with the exact one on every shared instance:
//! `cargo run --release --example quick_plan`.
use std::time::Duration;

use lotwise::plan::problem::LotProblem;
use lotwise::plan::solver::{self, Options};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lot-instances");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "expected")
        .collect();
    lotwise::base::sort::sort(&mut names);
    println!("| instance | quick plan: status | lots | thinnest | bound | seconds |\n|---|---|---|---|---|---|");
    for name in names {
        let problem =
            LotProblem::from_json(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap();
        let sol = solver::solve(
            &problem,
            &Options { time_limit: Duration::from_secs(20), max_candidates: 0, ..Options::default() },
        );
        let show = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
        println!(
            "| {name} | {} | {} | {} | {} | {:.3} |",
            sol.status.as_str(),
            show(sol.num_lots),
            show(sol.min_credible_bidders),
            show(sol.lower_bound),
            sol.stats.map_or(0.0, |s| s.seconds)
        );
    }
}
