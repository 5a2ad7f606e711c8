//! Progress while solving: a live clock against the time limit and, once the solver has found
//! one, the best plan so far (its lots, how few lots are possible at least, the gap between
//! the two, its thinnest competition and when it was found). The words are pure functions,
//! tested natively; the panel's "Stop and keep this plan" button is in [`crate::ui::plan`].

use std::cell::Cell;
use std::rc::Rc;

use web_time::Instant;
use yew::prelude::*;

use crate::base::text::{number, plural, seconds};
use crate::plan::solution::{Phase, Solution};

/// How often the elapsed time is redrawn while solving, milliseconds.
const TICK_MS: u32 = 100;

/// The id of the one-line summary of the best plan so far (a polite live region), which the
/// stop button also points at for its description.
pub const SUMMARY_ID: &str = "plan-progress-summary";

/// What a plan's figures say about it: lots, the proven lower bound, thinnest competition.
struct Figures {
    lots: u32,
    bound: u32,
    thinnest: Option<u32>,
}

impl Figures {
    fn of(plan: &Solution) -> Figures {
        let lots = plan.num_lots.unwrap_or(plan.lots.len() as u32);
        let thinnest = plan.min_credible_bidders.or_else(|| plan.lots.iter().map(|l| l.bidders() as u32).min());
        Figures { lots, bound: plan.lower_bound.unwrap_or(0).min(lots), thinnest }
    }

    fn gap(&self) -> u32 {
        self.lots - self.bound
    }

    /// "14 lots — at least 12 possible (gap 2)", or "12 lots — proven the fewest possible".
    fn lots_and_bound(&self) -> String {
        if self.gap() == 0 {
            format!("{} — proven the fewest possible", plural(self.lots as usize, "lot", "lots"))
        } else {
            format!(
                "{} — at least {} possible (gap {})",
                plural(self.lots as usize, "lot", "lots"),
                self.bound,
                self.gap()
            )
        }
    }

    fn competition(&self) -> String {
        match self.thinnest {
            Some(t) => format!("thinnest competition {}", plural(t as usize, "credible bidder", "credible bidders")),
            None => String::new(),
        }
    }
}

/// The one-line summary of the best plan so far, read out politely by screen readers when it
/// changes: "Best plan so far: 14 lots — at least 12 possible (gap 2) — thinnest competition
/// 2 credible bidders". It changes only when the plan improves.
pub fn progress_summary(plan: &Solution) -> String {
    let f = Figures::of(plan);
    let competition = f.competition();
    if competition.is_empty() {
        format!("Best plan so far: {}", f.lots_and_bound())
    } else {
        format!("Best plan so far: {} — {competition}", f.lots_and_bound())
    }
}

/// When the plan was found and what the solver is still looking for (not read out on change).
pub fn progress_detail(plan: &Solution) -> String {
    let f = Figures::of(plan);
    let found = plan.stats.as_ref().map_or(String::new(), |s| format!("Found after {}. ", seconds(s.seconds)));
    let looking = if f.gap() == 0 {
        "Still looking for stronger competition with as few lots."
    } else {
        "Still looking for a plan with fewer lots or stronger competition."
    };
    format!("{found}{looking} You can stop now and keep this plan, or wait for the answer.")
}

/// What the panel says before a first plan: the solver's step, if it has said one.
pub fn searching_detail(phase: Option<&Phase>) -> String {
    let usual = "A first valid plan usually comes within a second; it is shown here while the search improves it.";
    match phase {
        Some(phase) => format!("{}… ({} in). {usual}", phase.doing, seconds(phase.seconds)),
        None => usual.to_string(),
    }
}

/// The status line of a plan kept from a stopped solve.
pub fn stopped_headline(plan: &Solution) -> String {
    let f = Figures::of(plan);
    let competition = match f.thinnest {
        Some(t) => format!(", every lot has at least {}", plural(t as usize, "credible bidder", "credible bidders")),
        None => String::new(),
    };
    let bound = if f.gap() == 0 {
        "the number of lots is proven the fewest possible".to_string()
    } else {
        format!("at least {} lots possible, gap {}", f.bound, f.gap())
    };
    format!(
        "Stopped early, best plan so far kept (not proven best): {}{competition} ({bound})",
        plural(f.lots as usize, "lot", "lots")
    )
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub run: u32,
    pub time_limit: f64,
    /// The best plan the solver has found so far, if any.
    pub best: Option<Rc<Solution>>,
    /// What the solver last said it is doing, if anything (shown until a plan comes).
    #[prop_or_default]
    pub phase: Option<Rc<Phase>>,
}

thread_local! {
    /// When the current run was first seen, so the clock survives switching tabs.
    static RUN_START: Cell<Option<(u32, Instant)>> = const { Cell::new(None) };
}

/// Seconds since run `run` was first seen on this page.
fn run_elapsed(run: u32) -> f64 {
    RUN_START.with(|cell| match cell.get() {
        Some((r, at)) if r == run => at.elapsed().as_secs_f64(),
        _ => {
            cell.set(Some((run, Instant::now())));
            0.0
        }
    })
}

/// A live "Solving… 1.3 s of 10 s" line, a progress bar of the time used, and the best plan
/// so far. The ticking number is hidden from screen readers (it would be read out ten times a
/// second); they hear the line once, with the limit, and then the summary of each better plan.
#[component]
pub fn SolveProgress(p: &ProgressProps) -> Html {
    let elapsed = use_state(|| run_elapsed(p.run));
    {
        let elapsed = elapsed.clone();
        use_effect_with(p.run, move |&run| {
            let interval = gloo::timers::callback::Interval::new(TICK_MS, move || elapsed.set(run_elapsed(run)));
            move || drop(interval)
        });
    }
    let limit = p.time_limit;
    html! {
        <div class="plan-progress" id="solve-progress">
            <p class="plan-progress__line" role="status">
                { "Solving… " }
                <span aria-hidden="true">{ format!("{:.1} s of {} s", *elapsed, number(limit)) }</span>
                <span class="app-visually-hidden">{ format!(" (time limit {} seconds)", number(limit)) }</span>
            </p>
            <progress class="plan-progress__bar" max={number(limit)} value={format!("{:.1}", elapsed.min(limit))} aria-label="Time used of the limit"></progress>
            <div class="plan-progress__best" id="plan-progress" data-state={if p.best.is_some() { "plan" } else { "searching" }}>
                // The live region is there from the start, so its first plan is announced.
                <p class="plan-progress__summary" id={SUMMARY_ID} aria-live="polite" aria-atomic="true">
                    { match &p.best {
                        Some(plan) => progress_summary(plan),
                        None => "No plan found yet.".to_string(),
                    } }
                </p>
                <p class="plan-progress__detail" id="plan-progress-detail">
                    { match &p.best {
                        Some(plan) => progress_detail(plan),
                        None => searching_detail(p.phase.as_deref()),
                    } }
                </p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::solution::{SolveStats, Status};

    fn plan(lots: u32, bound: u32, thinnest: u32, seconds: f64) -> Solution {
        Solution {
            status: Status::Feasible,
            num_lots: Some(lots),
            min_credible_bidders: Some(thinnest),
            lots: Vec::new(),
            lower_bound: Some(bound),
            diagnosis: Vec::new(),
            stats: Some(SolveStats {
                segments_in_scope: 1,
                candidate_lots: 0,
                subproblems: 0,
                seconds,
                method: "searching".into(),
                parts: 0,
            }),
        }
    }

    #[test]
    fn the_summary_gives_lots_bound_gap_and_competition() {
        assert_eq!(
            progress_summary(&plan(14, 12, 2, 0.4)),
            "Best plan so far: 14 lots — at least 12 possible (gap 2) — thinnest competition 2 credible bidders"
        );
        assert_eq!(
            progress_summary(&plan(1, 1, 1, 0.4)),
            "Best plan so far: 1 lot — proven the fewest possible — thinnest competition 1 credible bidder"
        );
    }

    #[test]
    fn the_detail_says_when_and_what_is_still_sought() {
        let d = progress_detail(&plan(14, 12, 2, 0.4));
        assert!(d.starts_with("Found after 400 ms. Still looking for a plan with fewer lots"), "{d}");
        let d = progress_detail(&plan(12, 12, 2, 3.21));
        assert!(d.starts_with("Found after 3.2 s. Still looking for stronger competition"), "{d}");
    }

    #[test]
    fn before_a_plan_the_detail_says_what_the_solver_is_doing() {
        assert!(searching_detail(None).starts_with("A first valid plan usually comes within a second"));
        let phase = Phase { doing: "Listing every possible lot".into(), seconds: 0.25 };
        let d = searching_detail(Some(&phase));
        assert!(d.starts_with("Listing every possible lot… (250 ms in). A first valid plan"), "{d}");
    }

    #[test]
    fn a_bound_above_the_lots_counts_as_proven_and_never_underflows() {
        assert!(progress_summary(&plan(5, 9, 2, 0.0)).contains("5 lots — proven the fewest possible"));
        let mut none = plan(5, 0, 2, 0.0);
        none.lower_bound = None;
        assert!(progress_summary(&none).contains("at least 0 possible (gap 5)"));
    }

    #[test]
    fn the_stopped_headline_says_it_was_stopped_and_how_far_from_best() {
        assert_eq!(
            stopped_headline(&plan(14, 12, 2, 0.4)),
            "Stopped early, best plan so far kept (not proven best): 14 lots, every lot has at least 2 credible bidders (at least 12 lots possible, gap 2)"
        );
        assert!(stopped_headline(&plan(12, 12, 3, 0.4)).ends_with("(the number of lots is proven the fewest possible)"));
    }
}
