//! Running a sweep's jobs: the interleaved order of the runs, one `tetra` process per run (wall time, CPU time
//! and peak RSS from wait4, a timeout that kills it), and a pool of `-j N` workers with a progress bar.

use super::grid::Configuration;
use super::record::{self, Outcome, RunRecord};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// One run: a configuration, a program and the run's number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Job {
    pub config: usize,
    pub program: usize,
    pub run: usize,
}

/// Every run in the order they run: run 1 of every program under every configuration, then run 2, ..., so that
/// the drift of a noisy machine hits every configuration alike.
pub fn order(configs: usize, programs: usize, runs: usize) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(configs * programs * runs);
    for run in 1..=runs {
        for program in 0..programs {
            for config in 0..configs {
                jobs.push(Job { config, program, run });
            }
        }
    }
    jobs
}

/// What every run of one sweep shares.
pub struct Plan {
    pub exe: PathBuf,
    pub axes: Vec<String>,
    pub configs: Vec<Configuration>,
    /// Programs' display names and absolute paths.
    pub programs: Vec<(String, PathBuf)>,
    /// `OUT/runs`.
    pub dir: PathBuf,
    pub timeout: Duration,
    pub masks: Vec<regress::Regex>,
}

/// How a process ended, from wait4.
struct Waited {
    status: libc::c_int,
    usage: libc::rusage,
    wall: Duration,
    timed_out: bool,
}

/// Waits for the child `pid` (started at `started`), killing it after `timeout`.
fn wait(pid: libc::pid_t, started: Instant, timeout: Duration) -> Waited {
    let exited = (Mutex::new(false), Condvar::new());
    std::thread::scope(|scope| {
        let watchdog = scope.spawn(|| {
            let (lock, cvar) = &exited;
            let guard = lock.lock().unwrap();
            let (_guard, result) = cvar.wait_timeout_while(guard, timeout, |done| !*done).unwrap();
            if result.timed_out() {
                // SAFETY: the child is reaped only after `exited` is set under this lock, so `pid` is still ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            result.timed_out()
        });
        loop {
            // SAFETY: a zeroed siginfo_t is valid for waitid to fill; WNOWAIT leaves the child unreaped.
            let r = unsafe {
                let mut info: libc::siginfo_t = std::mem::zeroed();
                libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED | libc::WNOWAIT)
            };
            if r == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                break;
            }
        }
        let wall = started.elapsed();
        *exited.0.lock().unwrap() = true;
        exited.1.notify_one();
        let timed_out = watchdog.join().unwrap();
        let mut status = 0;
        // SAFETY: a zeroed rusage is valid for wait4 to fill; `pid` is our exited, not yet reaped child.
        let usage = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            while libc::wait4(pid, &mut status, 0, &mut usage) < 0
                && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
            {}
            usage
        };
        Waited { status, usage, wall, timed_out }
    })
}

fn ms(t: libc::timeval) -> f64 {
    t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3
}

/// FNV-1a, 64 bits: the same on every machine (so that merged runs compare).
fn fnv1a(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    format!("{hash:016x}")
}

/// Stdout with every match of the masks removed.
pub fn masked(stdout: &str, masks: &[regress::Regex]) -> String {
    masks.iter().fold(stdout.to_string(), |text, re| {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in re.find_iter(&text) {
            out.push_str(&text[last..m.start()]);
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    })
}

/// Lines of stderr kept in a failed run's record.
const STDERR_LINES: usize = 3;

/// Runs one job as its own `tetra` process; its record is also written under `plan.dir`.
pub fn execute(plan: &Plan, job: Job) -> Result<RunRecord, String> {
    let config = &plan.configs[job.config];
    let (program, path) = &plan.programs[job.program];
    let base = record::run_file_name(job.config, job.program, job.run);
    let file = |ext: &str| plan.dir.join(base.replace(".json", ext));
    let (stats, stdout, stderr) = (file(".stats.json"), file(".stdout"), file(".stderr"));
    let create = |p: &Path| std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()));
    let started = Instant::now();
    let child = Command::new(&plan.exe)
        .args(&config.args)
        .arg(format!("--stats-json={}", stats.display()))
        .arg(path)
        .stdin(Stdio::null())
        .stdout(create(&stdout)?)
        .stderr(create(&stderr)?)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", plan.exe.display()))?;
    let waited = wait(child.id() as libc::pid_t, started, plan.timeout);
    let read = |p: &Path| {
        let bytes = std::fs::read(p).unwrap_or_default();
        let _ = std::fs::remove_file(p);
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let (out, err, stats_text) = (read(&stdout), read(&stderr), read(&stats));
    let exited = libc::WIFEXITED(waited.status);
    let exit_code = exited.then(|| libc::WEXITSTATUS(waited.status));
    let failed = waited.timed_out || exit_code != Some(0);
    let tail: Vec<&str> = err.lines().rev().take(if failed { STDERR_LINES } else { 0 }).collect();
    let record = RunRecord {
        config: config.clone(),
        axes: plan.axes.clone(),
        program: program.clone(),
        program_index: job.program,
        path: path.clone(),
        run: job.run,
        outcome: Outcome {
            exit_code,
            signal: libc::WIFSIGNALED(waited.status).then(|| libc::WTERMSIG(waited.status)),
            timed_out: waited.timed_out,
            stdout_hash: fnv1a(masked(&out, &plan.masks).as_bytes()),
            stdout_bytes: out.len(),
            stderr_tail: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        },
        wall_ms: waited.wall.as_secs_f64() * 1e3,
        user_ms: ms(waited.usage.ru_utime),
        sys_ms: ms(waited.usage.ru_stime),
        max_rss_kb: waited.usage.ru_maxrss.max(0) as u64,
        stats: record::parse_stats(&stats_text),
    };
    record::save(&record, &plan.dir)?;
    Ok(record)
}

/// Runs the jobs, `workers` processes at a time, in order; a progress bar on stderr when it is a terminal.
pub fn run_all(plan: &Plan, jobs: Vec<Job>, workers: usize) -> Result<Vec<RunRecord>, String> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {elapsed} (about {eta} left) {msg}")
            .expect("a valid template"),
    );
    let queue = Mutex::new(VecDeque::from(jobs));
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| {
                while let Some(job) = queue.lock().unwrap().pop_front() {
                    let (program, _) = &plan.programs[job.program];
                    bar.set_message(format!("{program} [{}]", plan.configs[job.config].name));
                    let result = execute(plan, job);
                    if result.is_err() {
                        queue.lock().unwrap().clear();
                    }
                    results.lock().unwrap().push(result);
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    results.into_inner().unwrap().into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_interleaved() {
        let jobs = order(2, 2, 2);
        let first: Vec<(usize, usize, usize)> = jobs.iter().take(5).map(|j| (j.run, j.program, j.config)).collect();
        assert_eq!(first, [(1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1), (2, 0, 0)]);
    }

    #[test]
    fn masks_remove_what_may_differ() {
        let masks = [regress::Regex::new(r"\d+us").unwrap()];
        assert_eq!(masked("Total Runtime: 1234us\nok 12\n", &masks), "Total Runtime: \nok 12\n");
        assert_eq!(fnv1a(b""), "cbf29ce484222325");
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
