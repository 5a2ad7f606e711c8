//! `lotwise`: solve, check and lower lot problems and workspaces from the command line.
//!
//! Exit codes: 0 a plan was found (optimal or feasible), 1 no plan (infeasible, or none found
//! in the time limit; the solution JSON still says why), 2 bad input or usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use lotwise::base::money::gbp_full;
use lotwise::model::Workspace;
use lotwise::plan::lower;
use lotwise::plan::problem::LotProblem;
use lotwise::plan::solution::{Phase, Solution, Status};
use lotwise::plan::solver::{self, Options};
use lotwise::plan::stress;
use lotwise::views::export;

const USAGE: &str = "\
lotwise: propose tender lots that the market can prudently bid for

USAGE:
    lotwise solve (FILE | --default) [--scenario ID] [--time-limit SECONDS] [--format json|table] [--out FILE]
                  [--progress] [--max-listed N] [--parts N]
    lotwise check (FILE | --default)
    lotwise lower (FILE | --default) [--scenario ID] [--out FILE]
    lotwise stress (FILE | --default) [--scenario ID] [--time-limit SECONDS] [--format json|table] [--out FILE]
    lotwise alternatives (FILE | --default) [--scenario ID] [--time-limit SECONDS] [--format json|table] [--out FILE]
    lotwise export (FILE | --default) --format ocds|csv|xlsx|json [--scenario ID] [--out FILE]
                   [--internal] [--time-limit SECONDS]
    lotwise merge (FILE | --default) --with FILE [--scenario ID] [--same auto|none] [--out FILE]
    lotwise --help | --version

FILE is a Lotwise workspace (\"format\": \"lotwise/3\") or a lot problem (\"format_version\": 1).
--default uses the scenario shipped with Lotwise (an English local authority built from the
2014 report's figures). A workspace is solved for its active scenario unless --scenario names
another (by id or 0-based index).

`stress` solves, then fails each supplier awarded a lot in turn: its lots go to surviving
credible bidders within their capacity and the most lots each may win (m), moving other
awards only when that saves a lot; lots nobody can take are stranded. The JSON is
{\"plan\": <solution>, \"failures\": [{\"failed\": [ids], \"lots\": [{\"lot\": id, \"to\": id or
null}], \"moved\": [...], \"stranded\": [lot ids], ...}], \"dependent_lots\": [...]}.

`alternatives` solves the fewest lots, then the fewest lots with no provider awarded more than
50%, 40%, 30%, 25%, 20%, 15% or 10% of the value (the caps below the first plan's largest
share, at most five, each within the time limit), then the fewest lots with every lot open to
an SME (a credible bidder with turnover up to £44m, in each service area where an SME could
take every segment), and keeps the plans that trade lots for a smaller largest share, more
providers or more value open to SMEs. The JSON is {\"plans\": [{\"plan\": title,
\"aim\": \"fewest\"|\"cap\"|\"sme_open\", \"cap\": share or null, \"lots\": n,
\"extra_lots\": n, \"largest_share\": share, \"providers\": n, \"hhi\": x,
\"sme_open_share\": share, \"proven\": bool, \"solution\": <solution>}], \"left_out\":
[{\"aim\": ..., \"cap\": share or null, \"reason\": text}], \"survives_any_single_failure\":
title or null}.

--progress prints each better plan to stderr as it is found: its lots, the lower bound on the
number of lots and the gap between them, and its thinnest competition; and, from the start,
each step of the solve in words (before a first plan exists on large problems).
--max-listed N lists at most N possible lots (default 400000) before planning the rest by
search; 0 plans by search alone.
--parts N plans the service areas in N parts at once, one thread each (as the app does on
several workers), and awards the parts' lots together; when they cannot be awarded together
the whole problem is solved at once after them. Default 1 (whole).

export plans the scenario and writes it for people outside the team: ocds, a release package
describing the tender notice (lots, whole-term values, contract period, conditions of
participation; a description for a buyer's e-tendering system to transcribe, as Find a Tender
takes notices from registered e-senders); csv, the lots table; xlsx, a workbook of the
summary, lots, segments and suppliers (needs --out); json, the same tables as JSON. No winner
or bidder is named unless --internal (include the indicative allocation, for the team only).
A plan with one lot needs the workspace's reasons for not dividing before ocds is written.

merge brings another authority's workspace (--with FILE, its active scenario) into this one's
scenario as a regional plan: its localities, values per service area, in-house choices and
suppliers join, each locality keeping its authority. Suppliers in both registers (the same
company number, or the same name) are listed on stderr and kept apart unless --same auto
merges them. The merged workspace is written (--out or stdout); what was decided goes to stderr.

EXIT STATUS: 0 a plan was found; 1 no plan (infeasible or out of time; the JSON says why);
2 bad input or usage (the message is on stderr).
";

/// The largest input file read (workspaces are kilobytes; this is a guard, not a limit).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

struct Args {
    command: String,
    file: Option<PathBuf>,
    default: bool,
    scenario: Option<String>,
    time_limit: f64,
    table: bool,
    /// `--format` as given (solve: json|table; export: ocds|csv|xlsx|json).
    format: Option<String>,
    internal: bool,
    out: Option<PathBuf>,
    progress: bool,
    max_listed: Option<usize>,
    /// solve: plan the service areas in this many parts at once.
    parts: usize,
    /// merge: the other authority's workspace.
    with: Option<PathBuf>,
    /// merge: accept every proposed supplier match (`--same auto`).
    same_auto: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    let command = it.next().cloned().ok_or_else(|| USAGE.to_string())?;
    let mut a = Args {
        command,
        file: None,
        default: false,
        scenario: None,
        time_limit: 30.0,
        table: false,
        format: None,
        internal: false,
        out: None,
        progress: false,
        max_listed: None,
        parts: 1,
        with: None,
        same_auto: false,
    };
    while let Some(arg) = it.next() {
        let mut value =
            |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value; see `lotwise --help`"));
        match arg.as_str() {
            "--default" => a.default = true,
            "--scenario" => a.scenario = Some(value("--scenario")?),
            "--out" | "-o" => a.out = Some(PathBuf::from(value("--out")?)),
            "--time-limit" => {
                let v = value("--time-limit")?;
                a.time_limit =
                    v.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0).ok_or_else(|| {
                        format!("--time-limit must be a number of seconds between 0 and 86400, got {v:?}")
                    })?;
            }
            "--progress" => a.progress = true,
            "--max-listed" => {
                let v = value("--max-listed")?;
                a.max_listed = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("--max-listed must be a whole number of lots (0 or more), got {v:?}"))?,
                );
            }
            "--parts" => {
                let v = value("--parts")?;
                a.parts = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=64).contains(n))
                    .ok_or_else(|| format!("--parts must be a whole number from 1 to 64, got {v:?}"))?;
            }
            "--format" => a.format = Some(value("--format")?),
            "--with" => a.with = Some(PathBuf::from(value("--with")?)),
            "--same" => {
                a.same_auto = match value("--same")?.as_str() {
                    "auto" => true,
                    "none" => false,
                    other => return Err(format!("--same must be `auto` or `none`, got {other:?}")),
                }
            }
            "--internal" => a.internal = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag:?}; see `lotwise --help`"))
            }
            file => {
                if a.file.is_some() {
                    return Err(format!("only one FILE may be given; {file:?} is a second one"));
                }
                a.file = Some(PathBuf::from(file));
            }
        }
    }
    if a.file.is_some() == a.default {
        return Err(format!("`lotwise {}` needs a FILE or --default (not both)", a.command));
    }
    match (a.command.as_str(), a.format.as_deref()) {
        ("export", None) => return Err("`lotwise export` needs --format ocds, csv, xlsx or json".into()),
        ("export", Some("ocds" | "csv" | "xlsx" | "json")) => {}
        ("export", Some(other)) => return Err(format!("--format must be ocds, csv, xlsx or json, got {other:?}")),
        (_, None | Some("json")) => {}
        (_, Some("table")) => a.table = true,
        (_, Some(other)) => return Err(format!("--format must be `json` or `table`, got {other:?}")),
    }
    Ok(a)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        None | Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some("--version" | "-V") => {
            println!("lotwise {}", env!("CARGO_PKG_VERSION"));
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let a = parse_args(args)?;
    match a.command.as_str() {
        "solve" => solve(&a),
        "check" => check(&a),
        "stress" => stress(&a),
        "alternatives" => alternatives(&a),
        "export" => export(&a),
        "merge" => merge(&a),
        "lower" => {
            let problem = load_problem(&a)?;
            emit(&a, &problem.to_json())?;
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!(
            "unknown command {other:?}: use solve, check, lower, stress, alternatives, export or merge (see `lotwise --help`)"
        )),
    }
}

/// What a file holds.
enum Input {
    Workspace(Box<Workspace>),
    Problem(Box<LotProblem>),
}

fn load(a: &Args) -> Result<Input, String> {
    let Some(path) = &a.file else {
        return Ok(Input::Workspace(Box::new(Workspace::default_workspace())));
    };
    let text = read_text(path)?;
    let shown = path.display();
    // Which reader to use: by the marker field, sniffed from the text when it is not even
    // valid JSON, so the error comes from the reader that can say what is wrong where.
    let (is_problem, is_workspace) = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => (v.get("format_version").is_some(), v.get("format").is_some()),
        Err(_) => (text.contains("\"format_version\""), text.contains("\"format\"")),
    };
    if is_problem {
        LotProblem::from_json(&text)
            .map(|p| Input::Problem(Box::new(p)))
            .map_err(|e| format!("{shown}: not a valid lot problem.\n{e}"))
    } else if is_workspace || serde_json::from_str::<serde_json::Value>(&text).is_err() {
        Workspace::from_json(&text)
            .map(|w| Input::Workspace(Box::new(w)))
            .map_err(|e| format!("{shown}: not a valid Lotwise workspace.\n{e}"))
    } else {
        Err(format!(
            "{shown}: neither a Lotwise workspace (it has no \"format\": \"lotwise/3\") nor a lot problem (no \"format_version\": 1)"
        ))
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read it: {e}"))?;
    if meta.is_dir() {
        return Err(format!("{shown}: is a folder; give the path of a JSON file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("{shown}: is {} bytes, larger than the {MAX_FILE_BYTES} bytes Lotwise reads", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read it: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!("{shown}: is not a text file (invalid UTF-8 at byte {}); expected JSON", e.utf8_error().valid_up_to())
    })
}

fn load_problem(a: &Args) -> Result<LotProblem, String> {
    match load(a)? {
        Input::Problem(p) => {
            if a.scenario.is_some() {
                return Err("--scenario applies to workspaces; this file is a lot problem".into());
            }
            Ok(*p)
        }
        Input::Workspace(ws) => {
            let ws = select_scenario(*ws, a.scenario.as_deref())?;
            lower::lower_active(&ws).map_err(|e| format!("the scenario cannot be turned into a lot problem.\n{e}"))
        }
    }
}

fn select_scenario(mut ws: Workspace, wanted: Option<&str>) -> Result<Workspace, String> {
    let Some(wanted) = wanted else { return Ok(ws) };
    let index = ws
        .scenarios
        .iter()
        .position(|s| s.id == wanted)
        .or_else(|| wanted.parse::<usize>().ok().filter(|&i| i < ws.scenarios.len()))
        .ok_or_else(|| {
            let ids: Vec<&str> = ws.scenarios.iter().map(|s| s.id.as_str()).collect();
            format!("no scenario {wanted:?} in this workspace; it has {}", ids.join(", "))
        })?;
    let chosen = ws.scenarios.remove(index);
    ws.scenarios.insert(0, chosen);
    ws.active = lotwise::model::ActiveRef::Index(0);
    Ok(ws)
}

/// Brings the workspace `--with` names into this one's active scenario (a regional plan) and
/// writes the result; what was decided, and the suppliers that look the same, go to stderr.
fn merge(a: &Args) -> Result<ExitCode, String> {
    let Input::Workspace(ws) = load(a)? else {
        return Err("`lotwise merge` works on workspaces; this file is a lot problem".into());
    };
    let mut ws = select_scenario(*ws, a.scenario.as_deref())?;
    let path = a.with.as_ref().ok_or("`lotwise merge` needs --with FILE: the other authority's workspace")?;
    let (other, _) = Workspace::import(&read_text(path)?)
        .map_err(|e| format!("{}: not a valid Lotwise workspace.\n{e}", path.display()))?;
    let from = other.active_scenario().clone();
    let matches = lotwise::model::regional::matches(ws.active_scenario(), &from);
    for m in &matches {
        let verdict = if a.same_auto { "merged as one" } else { "kept apart (--same auto merges them)" };
        eprintln!("same supplier? {} and {} ({}): {verdict}", m.from, m.into, m.reason);
    }
    let same: Vec<(String, String)> =
        if a.same_auto { matches.iter().map(|m| (m.from.clone(), m.into.clone())).collect() } else { Vec::new() };
    let merged = lotwise::model::regional::merge(ws.active_scenario(), &from, &same).map_err(|e| e.to_string())?;
    merged.notes.iter().for_each(|n| eprintln!("{n}"));
    ws.apply(lotwise::model::edit::Edit::MergeAuthority { from: Box::new(from), same }).map_err(|e| e.to_string())?;
    emit(a, &ws.to_json())?;
    Ok(ExitCode::SUCCESS)
}

fn solve(a: &Args) -> Result<ExitCode, String> {
    let problem = load_problem(a)?;
    let mut options = Options { time_limit: Duration::from_secs_f64(a.time_limit), ..Options::default() };
    if let Some(n) = a.max_listed {
        options.max_candidates = n;
    }
    if a.progress {
        options.progress = Some(std::rc::Rc::new(|plan: &Solution| eprintln!("{}", progress_line(plan))));
        options.phase = Some(std::rc::Rc::new(|phase: &Phase| eprintln!("{:.2} s: {}", phase.seconds, phase.doing)));
    }
    let solution = match lotwise::plan::parallel::split(&problem, a.parts, 0) {
        Some(parts) => in_parts(&problem, &parts, &options, a),
        None => solver::solve(&problem, &options),
    };
    let text = if a.table { table(&problem, &solution) } else { solution.to_json() };
    emit(a, &text)?;
    Ok(match solution.status {
        Status::Optimal | Status::Feasible => ExitCode::SUCCESS,
        Status::Infeasible | Status::Unknown => ExitCode::from(1),
    })
}

/// Solves `parts` of `problem` at once, one thread each, and merges them; solves the whole
/// when their lots cannot be awarded together.
fn in_parts(problem: &LotProblem, parts: &[LotProblem], options: &Options, a: &Args) -> Solution {
    let (limit, listed) = (options.time_limit, options.max_candidates);
    let answers: Vec<Solution> = std::thread::scope(|s| {
        let running: Vec<_> = parts
            .iter()
            .map(|part| {
                s.spawn(move || {
                    let options = Options { time_limit: limit, max_candidates: listed, ..Options::default() };
                    solver::solve(part, &options)
                })
            })
            .collect();
        running.into_iter().map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    match lotwise::plan::parallel::merge(problem, &answers) {
        Ok(solution) => {
            if a.progress {
                eprintln!("{}", progress_line(&solution));
            }
            solution
        }
        Err(_) => {
            eprintln!("the {} parts' lots cannot be awarded together: solving the whole problem at once", parts.len());
            solver::solve(problem, options)
        }
    }
}

fn stress(a: &Args) -> Result<ExitCode, String> {
    let problem = load_problem(a)?;
    let options = Options { time_limit: Duration::from_secs_f64(a.time_limit), ..Options::default() };
    let solution = solver::solve(&problem, &options);
    if !matches!(solution.status, Status::Optimal | Status::Feasible) {
        emit(a, &if a.table { table(&problem, &solution) } else { solution.to_json() })?;
        eprintln!("no plan to stress: the solve found none (the output says why)");
        return Ok(ExitCode::from(1));
    }
    let report = stress::run(&problem, &solution);
    let text = if a.table {
        stress_table(&problem, &report)
    } else {
        let value = serde_json::json!({ "plan": solution, "failures": report.failures, "dependent_lots": report.dependent_lots });
        serde_json::to_string_pretty(&value).map_err(|e| format!("cannot write the report as JSON: {e}"))?
    };
    emit(a, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn alternatives(a: &Args) -> Result<ExitCode, String> {
    use lotwise::plan::alternatives::Aim;
    use lotwise::views::alternatives::{front, title, trade};
    // What a plan was solved for, as the JSON's `aim` and `cap`.
    let aim_of = |aim: Option<Aim>| match aim {
        None => ("fewest", None),
        Some(Aim::Cap(cap)) => ("cap", Some(cap)),
        Some(Aim::SmeOpen) => ("sme_open", None),
    };
    let problem = load_problem(a)?;
    let options = Options { time_limit: Duration::from_secs_f64(a.time_limit), ..Options::default() };
    let fewest = solver::solve(&problem, &options);
    if !matches!(fewest.status, Status::Optimal | Status::Feasible) {
        emit(a, &if a.table { table(&problem, &fewest) } else { fewest.to_json() })?;
        eprintln!("no plan to start from: the solve found none (the output says why)");
        return Ok(ExitCode::from(1));
    }
    let tried = lotwise::plan::alternatives::run(&problem, &fewest, &options);
    let (kept, left_out) = front(&problem, &fewest, &tried);
    let text = if a.table {
        let mut out = format!(
            "{:<28} {:>5} {:>6} {:>9} {:>6} {:>6} {:>7}  trade\n",
            "plan", "lots", "extra", "largest", "prov.", "SMEs", "proven"
        );
        for p in &kept {
            out.push_str(&format!(
                "{:<28} {:>5} {:>6} {:>9} {:>6} {:>6} {:>7}  {}\n",
                title(p),
                p.lots,
                p.extra_lots,
                lotwise::base::text::percent(p.largest_share),
                p.shape.providers,
                lotwise::base::text::percent(p.shape.sme_open_share),
                if p.proven { "yes" } else { "no" },
                trade(p, &kept[0])
            ));
        }
        out.push_str(&format!("{}\n", lotwise::views::alternatives::survivor(&kept).1));
        for n in &left_out {
            out.push_str(&format!("left out: {}\n", n.words()));
        }
        out
    } else {
        let plans: Vec<serde_json::Value> = kept
            .iter()
            .map(|p| {
                let (aim, cap) = aim_of(p.aim);
                serde_json::json!({"plan": title(p), "aim": aim, "cap": cap, "lots": p.lots, "extra_lots": p.extra_lots,
                    "largest_share": p.largest_share, "providers": p.shape.providers, "hhi": p.shape.hhi,
                    "sme_open_share": p.shape.sme_open_share, "proven": p.proven,
                    "worst_failure": p.worst_failure.as_ref().map(|(who, value)| serde_json::json!({"fails": who, "stranded_value": value})),
                    "solution": p.solution})
            })
            .collect();
        let left: Vec<serde_json::Value> = left_out
            .iter()
            .map(|n| {
                let (aim, cap) = aim_of(Some(n.aim));
                serde_json::json!({"aim": aim, "cap": cap, "reason": n.reason})
            })
            .collect();
        let survivor = lotwise::views::alternatives::survivor(&kept).0.map(title);
        serde_json::to_string_pretty(
            &serde_json::json!({"plans": plans, "left_out": left, "survives_any_single_failure": survivor}),
        )
        .map_err(|e| format!("cannot write the alternatives as JSON: {e}"))?
    };
    emit(a, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The stress test for people: one line per failure case, most stranded value first.
fn stress_table(problem: &LotProblem, report: &stress::StressReport) -> String {
    let name = |id: &str| lotwise::views::report::supplier_name(problem, id).to_string();
    let mut out = format!(
        "{:<32} {:>5} {:>14}  stranded lots (re-awarded elsewhere)\n",
        "if this supplier fails", "lots", "stranded a year"
    );
    for f in &report.failures {
        let mut names: Vec<String> = f.failed.iter().map(|id| name(id)).collect();
        if let Some(g) = &f.group {
            names = vec![format!("{g} group ({})", names.join(" + "))];
        }
        let saved: Vec<String> =
            f.lots.iter().filter_map(|r| r.to.as_ref().map(|to| format!("{} to {}", r.lot, name(to)))).collect();
        out.push_str(&format!(
            "{:<32} {:>5} {:>14}  {}{}{}\n",
            names.join(" + "),
            f.lots.len(),
            gbp_full(f.stranded_value),
            if f.stranded.is_empty() { "none".to_string() } else { f.stranded.join(", ") },
            if saved.is_empty() { String::new() } else { format!(" ({})", saved.join(", ")) },
            if f.undecided { " [not decided within the search budget]" } else { "" }
        ));
    }
    if !report.dependent_lots.is_empty() {
        out.push_str("\nlots with one or two credible bidders:\n");
        for d in &report.dependent_lots {
            let names: Vec<String> = d.bidders.iter().map(|id| name(id)).collect();
            out.push_str(&format!("  {}: {}\n", d.lot, names.join(", ")));
        }
    }
    out
}

/// One line about a plan found during the solve: "0.31 s: 41 lots, at least 38 (gap 3); thinnest competition 2".
fn progress_line(plan: &Solution) -> String {
    let seconds = plan.stats.as_ref().map_or(0.0, |s| s.seconds);
    let lots = plan.num_lots.unwrap_or(0);
    let bound = plan.lower_bound.unwrap_or(0);
    format!(
        "{seconds:.2} s: {lots} lots, at least {bound} (gap {}); thinnest competition {}",
        lots.saturating_sub(bound),
        plan.min_credible_bidders.unwrap_or(0)
    )
}

fn check(a: &Args) -> Result<ExitCode, String> {
    let what = match load(a)? {
        Input::Problem(p) => {
            format!("lot problem {:?}: {} segments, {} suppliers", p.name, p.segments.len(), p.suppliers.len())
        }
        Input::Workspace(ws) => {
            let names: Vec<&str> = ws.scenarios.iter().map(|s| s.name.as_str()).collect();
            let lowered = lower::lower_active(&ws)
                .map_err(|e| format!("the workspace is valid but its active scenario cannot be lowered.\n{e}"))?;
            format!(
                "workspace with {} scenario(s) ({}); the active one has {} segments ({} in scope) and {} bidders",
                ws.scenarios.len(),
                names.join(", "),
                lowered.segments.len(),
                lowered.in_scope().count(),
                lowered.suppliers.len()
            )
        }
    };
    println!("ok: {what}; no problems found");
    Ok(ExitCode::SUCCESS)
}

/// `lotwise export`: plan the scenario and write it as OCDS, CSV, XLSX or JSON.
fn export(a: &Args) -> Result<ExitCode, String> {
    let ws = match load(a)? {
        Input::Workspace(ws) => select_scenario(*ws, a.scenario.as_deref())?,
        Input::Problem(_) => {
            return Err("export needs a workspace (its scenario names the lots and holds the contract and decision record); this file is a lot problem".into())
        }
    };
    let scenario = ws.active_scenario();
    let problem =
        lower::lower(scenario).map_err(|e| format!("the scenario cannot be turned into a lot problem.\n{e}"))?;
    let options = Options { time_limit: Duration::from_secs_f64(a.time_limit), ..Options::default() };
    let solution = solver::solve(&problem, &options);
    if solution.lots.is_empty() {
        eprintln!("no plan to export: {}", lotwise::views::report::headline(&solution));
        return Ok(ExitCode::from(1));
    }
    let plan =
        export::Plan { regime: ws.regime, internal: a.internal, ..export::Plan::new(&problem, &solution, scenario) };
    let bytes = match a.format.as_deref() {
        Some("ocds") => {
            let blockers = lotwise::views::procurement::notice_blockers(scenario, &solution);
            if !blockers.is_empty() {
                return Err(format!("the tender notice cannot be written yet: {}", blockers.join(" ")));
            }
            let options = export::ocds::OcdsOptions { date: format!("{}T00:00:00Z", today()), ..Default::default() };
            let package = export::ocds::release_package(&plan, &options);
            serde_json::to_string_pretty(&package).map_err(|e| e.to_string())?.into_bytes()
        }
        Some("csv") => export::csv::lots(&plan).into_bytes(),
        Some("xlsx") => {
            if a.out.is_none() {
                return Err("--format xlsx writes a binary workbook: give --out FILE.xlsx".into());
            }
            export::xlsx::workbook(&plan).map_err(|e| format!("the workbook could not be made: {e}"))?
        }
        _ => serde_json::to_string_pretty(&export::json(&plan)).map_err(|e| e.to_string())?.into_bytes(),
    };
    match &a.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| format!("{}: cannot write it: {e}", path.display()))?,
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    lotwise::base::text::civil_date((secs / 86_400) as i64)
}

fn emit(a: &Args, text: &str) -> Result<(), String> {
    match &a.out {
        Some(path) => std::fs::write(path, format!("{}\n", text.trim_end()))
            .map_err(|e| format!("{}: cannot write it: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = writeln!(out, "{}", text.trim_end());
            Ok(())
        }
    }
}

/// The plan for people: one line per lot, then the summary or the diagnosis.
fn table(problem: &LotProblem, s: &Solution) -> String {
    let mut out = String::new();
    let status = match s.status {
        Status::Optimal => "optimal (proven best)",
        Status::Feasible => "feasible (valid, not proven best)",
        Status::Infeasible => "infeasible (no plan meets the rules)",
        Status::Unknown => "unknown (no plan found in the time limit)",
    };
    out.push_str(&format!("{}: {status}\n", if problem.name.is_empty() { "plan" } else { &problem.name }));
    if !s.lots.is_empty() {
        out.push_str(&format!(
            "{} lots, thinnest competition {} credible bidders\n\n",
            s.lots.len(),
            s.min_credible_bidders.unwrap_or(0)
        ));
        out.push_str(&format!(
            "{:<5} {:>14}  {:>7}  {:<20} {}\n",
            "lot", "value a year", "bidders", "award", "segments"
        ));
        for lot in &s.lots {
            out.push_str(&format!(
                "{:<5} {:>14}  {:>7}  {:<20} {}\n",
                lot.id,
                gbp_full(lot.value),
                lot.bidders(),
                lot.appointees().join("+"),
                lot.segments.join(", ")
            ));
        }
    }
    for f in &s.diagnosis {
        out.push_str(&format!("\n[{}] {}\n  Fix: {}\n", f.rule, f.message, f.fix));
    }
    out
}
