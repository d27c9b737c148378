//! `tetra sweep`: runs programs over a grid (or a list) of tetra flag settings, each run its own `tetra` process,
//! and reports times per configuration; `--emit-jobs` writes the runs as commands for other machines, and
//! `tetra sweep merge` gathers their results into the same report.

mod charts;
mod grid;
mod jobs;
mod record;
mod report;
mod run;
mod summary;

use grid::Configuration;
use run::Plan;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use summary::Metric;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
pub struct SweepArgs {
    #[command(subcommand)]
    pub command: Option<SweepCommand>,
    /// The programs to run (each a script tetra runs as `tetra FILE`).
    #[arg(value_name = "PROGRAM")]
    pub programs: Vec<PathBuf>,
    /// An axis of the grid: a tetra flag and its values (sizes may end in K or M; a boolean flag's values are on
    /// and off). Every combination of the axes' values is a configuration.
    #[arg(long = "grid", value_name = "FLAG=V1,V2,...")]
    pub grid: Vec<String>,
    /// A configuration: a name and tetra flags as on the command line (`nomid=--max-tier=baseline`, `default=`).
    #[arg(long = "config", value_name = "NAME=FLAGS", conflicts_with = "grid")]
    pub configs: Vec<String>,
    /// Runs of every program under every configuration.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Processes run at a time.
    #[arg(short = 'j', long = "jobs", value_name = "N", default_value_t = 1)]
    pub jobs: usize,
    /// Where the results go: runs/ (a JSON file per run), runs.csv, results.json, report.html and charts/.
    #[arg(long, value_name = "DIR", default_value = "sweep-out")]
    pub out: PathBuf,
    /// A run still going after this long is killed and counts as failed.
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    pub timeout: f64,
    /// A regular expression for output that may differ between runs (timings): removed from stdout before it is
    /// compared with the first configuration's. Repeatable.
    #[arg(long, value_name = "REGEX")]
    pub mask: Vec<String>,
    /// Write the runs as one command line each to FILE (for GNU parallel or a Slurm job array) instead of running
    /// them; each command writes its result under --out; then `tetra sweep merge DIR...`.
    #[arg(long, value_name = "FILE", conflicts_with = "job")]
    pub emit_jobs: Option<PathBuf>,
    /// The time the table and charts compare (runs.csv and results.json hold both).
    #[arg(long, value_enum, default_value_t = Metric::Wall)]
    pub metric: Metric,
    /// Run only job N (counting from 0) of the sweep and write its result file: what each --emit-jobs line runs.
    #[arg(long, value_name = "N")]
    pub job: Option<usize>,
}

#[derive(clap::Subcommand, Debug)]
pub enum SweepCommand {
    /// Merge the result files (DIR/runs/) of sweeps or of --emit-jobs commands into one report.
    Merge {
        /// Directories holding runs/ (the --out of the jobs).
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Where the merged report goes (default: the first DIR).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The time the table and charts compare.
        #[arg(long, value_enum, default_value_t = Metric::Wall)]
        metric: Metric,
    },
}

pub fn main(args: SweepArgs) -> ExitCode {
    let result = match args.command {
        Some(SweepCommand::Merge { ref dirs, ref out, metric }) => {
            merge(dirs, out.as_ref().unwrap_or(&dirs[0]), metric)
        }
        None => sweep(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tetra sweep: {e}");
            ExitCode::from(2)
        }
    }
}

/// Display names of the programs: file stems, or the paths where two stems are the same.
fn program_names(paths: &[PathBuf]) -> Vec<String> {
    let stem = |p: &PathBuf| p.file_stem().map_or_else(|| p.display().to_string(), |s| s.to_string_lossy().into());
    let stems: Vec<String> = paths.iter().map(stem).collect();
    let unique = |s: &String| stems.iter().filter(|o| *o == s).count() == 1;
    stems.iter().zip(paths).map(|(s, p)| if unique(s) { s.clone() } else { p.display().to_string() }).collect()
}

fn plan(args: &SweepArgs) -> Result<Plan, String> {
    if args.programs.is_empty() {
        return Err("no programs to run (tetra sweep --help)".into());
    }
    let (axes, configs): (Vec<String>, Vec<Configuration>) = if !args.grid.is_empty() {
        grid::grid(&args.grid)?
    } else if !args.configs.is_empty() {
        (Vec::new(), grid::config_list(&args.configs)?)
    } else {
        (Vec::new(), grid::config_list(&["default=".into()])?)
    };
    let paths = args
        .programs
        .iter()
        .map(|p| std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display())))
        .collect::<Result<Vec<_>, _>>()?;
    let masks = args
        .mask
        .iter()
        .map(|m| regress::Regex::new(m).map_err(|e| format!("--mask '{m}': {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let timeout = Duration::try_from_secs_f64(args.timeout).ok().filter(|t| !t.is_zero());
    let timeout = timeout.ok_or_else(|| format!("--timeout {}: not a positive number of seconds", args.timeout))?;
    if args.runs == 0 {
        return Err("--runs 0: nothing to run".into());
    }
    std::fs::create_dir_all(args.out.join("runs")).map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let out = std::fs::canonicalize(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    Ok(Plan {
        exe: std::env::current_exe().map_err(|e| format!("where is tetra? {e}"))?,
        axes,
        configs,
        programs: program_names(&paths).into_iter().zip(paths).collect(),
        dir: out.join("runs"),
        timeout,
        masks,
    })
}

fn sweep(args: &SweepArgs) -> Result<(), String> {
    let plan = plan(args)?;
    let order = run::order(plan.configs.len(), plan.programs.len(), args.runs);
    if let Some(n) = args.job {
        let job = *order.get(n).ok_or_else(|| format!("--job {n}: the sweep has {} jobs", order.len()))?;
        run::execute(&plan, job)?;
        return Ok(());
    }
    jobs::clear(&plan.dir)?;
    if let Some(file) = &args.emit_jobs {
        let lines = jobs::commands(&plan, args, order.len());
        std::fs::write(file, lines).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        let out = plan.dir.parent().unwrap_or(&plan.dir).display().to_string();
        eprintln!(
            "tetra sweep: {} commands in {}; run them (e.g. `parallel < {0}`), then: tetra sweep merge {out}",
            order.len(),
            file.display()
        );
        return Ok(());
    }
    let records = run::run_all(&plan, order, args.jobs)?;
    finish(plan.dir.parent().unwrap_or(&plan.dir), &records, args.metric)
}

fn finish(out: &std::path::Path, records: &[record::RunRecord], metric: Metric) -> Result<(), String> {
    let table = report::write(out, records, metric)?;
    let files =
        format!("results: {0}/runs.csv, {0}/results.json, {0}/report.html, charts in {0}/charts/", out.display());
    // A closed stdout (`| head`) is no error of the sweep's.
    let _ = writeln!(std::io::stdout().lock(), "{table}{files}");
    Ok(())
}

fn merge(dirs: &[PathBuf], out: &PathBuf, metric: Metric) -> Result<(), String> {
    let records = jobs::dedup(record::load(dirs)?);
    if records.is_empty() {
        return Err("no result files under the directories' runs/".into());
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    finish(out, &records, metric)
}
