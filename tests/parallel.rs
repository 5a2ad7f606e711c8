//! One problem solved as independent parts and merged (`lotwise::plan::parallel`), as the app
//! does on two workers: on every shared instance with an expected answer the merged plan is
//! the same answer (or the parts say they cannot be awarded together), valid by the
//! independent checker.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use lotwise::plan::parallel::{self, NotMerged};
use lotwise::plan::solution::{Solution, Status};
use lotwise::plan::solver::{self, Options};

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(common::instances_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn parts_merge_to_the_known_optimum_of_every_shared_instance() {
    let want = expected();
    let mut merged_some = 0;
    for (name, answer) in want.as_object().unwrap() {
        let problem = common::load_instance(name);
        for parts in [2, 3] {
            let Some(split) = parallel::split(&problem, parts, 0) else {
                assert!(problem.params.mix_service_areas, "{name}: only problems of one group stay whole");
                continue;
            };
            let answers: Vec<Solution> = split.iter().map(|p| solver::solve(p, &Options::default())).collect();
            match parallel::merge(&problem, &answers) {
                Ok(sol) => {
                    assert_eq!(sol.status.as_str(), answer["status"], "{name} in {parts} parts");
                    assert_eq!(sol.num_lots.map(u64::from), answer["num_lots"].as_u64(), "{name} in {parts} parts");
                    assert_eq!(
                        sol.min_credible_bidders.map(u64::from),
                        answer["min_credible_bidders"].as_u64(),
                        "{name} in {parts} parts"
                    );
                    if sol.status == Status::Optimal {
                        assert_eq!(common::violations(&problem, &sol), Vec::<String>::new(), "{name}");
                        merged_some += 1;
                    }
                }
                Err(NotMerged::Award) => {}
            }
        }
    }
    assert!(merged_some >= 6, "most instances merge: {merged_some}");
}
