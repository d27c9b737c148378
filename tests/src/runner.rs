//! Corpus runner: finds the `tetra` binary and the tests, runs every test under every
//! variant on a small pool of threads (each run with a timeout), and checks the results.
//!
//! Test file format (`tests/js/<area>/<name>.js`, or `<name>.mjs` for a module; the modules it imports are
//! named `_*.mjs` and are not tests themselves):
//! - `<name>.expected` beside it holds the exact expected stdout (generated with node by
//!   `tests/tools/node-expected.py`, never written by hand).
//! - Optional header comments at the top of the file (before the first non-comment line):
//!   - `// exit: N`           expected exit status (default 0)
//!   - `// stderr: TEXT`      TEXT must appear in stderr (repeatable)
//!   - `// flags: A B`        extra engine arguments for every variant (after the variant's)
//!
//! A crash (killed by a signal, or `panicked at` on stderr) is always a failure, as is a
//! timeout. Outputs are also compared across variants: they must agree with each other.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::variants::{VARIANTS, Variant};

/// Default per-run timeout (override with `TETRA_TEST_TIMEOUT=<seconds>`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The workspace root (parent of the `tests/` crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests crate has a parent directory").to_path_buf()
}

/// Finds the engine: `$TETRA_BIN`, else the newest of `target/release/tetra` and
/// `target/debug/tetra` (under `$CARGO_TARGET_DIR` if set).
pub fn find_tetra() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("TETRA_BIN") {
        let p = PathBuf::from(bin);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("TETRA_BIN={} does not exist or is not a file", p.display()))
        };
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| if t.is_absolute() { t } else { workspace_root().join(t) })
        .unwrap_or_else(|| workspace_root().join("target"));
    let exe = format!("tetra{}", std::env::consts::EXE_SUFFIX);
    let candidates = [target.join("release").join(&exe), target.join("debug").join(&exe)];
    let newest = candidates
        .iter()
        .filter_map(|p| {
            let m = std::fs::metadata(p).ok()?;
            m.is_file().then(|| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), p.clone()))
        })
        .max_by_key(|(t, _)| *t)
        .map(|(_, p)| p);
    newest.ok_or_else(|| {
        format!(
            "no tetra binary found: looked for {} and {}.\n\
             Build it first (`cargo build --release -p tetra-tools`, or `make build`), \
             or point TETRA_BIN at an engine binary.",
            candidates[0].display(),
            candidates[1].display()
        )
    })
}

/// One corpus test: a `.js` file and what it is expected to do.
#[derive(Debug, Clone)]
pub struct TestSpec {
    /// Path relative to the workspace root (what is passed to the engine).
    pub rel: String,
    pub path: PathBuf,
    /// Exact expected stdout, or `None` if the `.expected` file is missing.
    pub expected_stdout: Option<String>,
    pub expected_exit: i32,
    pub stderr_contains: Vec<String>,
    pub flags: Vec<String>,
}

/// Parses the header comments of a test file.
pub fn parse_spec(root: &Path, path: &Path) -> Result<TestSpec, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let mut spec = TestSpec {
        rel,
        path: path.to_path_buf(),
        expected_stdout: std::fs::read_to_string(path.with_extension("expected")).ok(),
        expected_exit: 0,
        stderr_contains: Vec::new(),
        flags: Vec::new(),
    };
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("//") else {
            break;
        };
        let comment = comment.trim();
        if let Some(v) = comment.strip_prefix("exit:") {
            spec.expected_exit =
                v.trim().parse().map_err(|_| format!("{}: bad `// exit:` header: {line}", spec.rel))?;
        } else if let Some(v) = comment.strip_prefix("stderr:") {
            spec.stderr_contains.push(v.trim().to_string());
        } else if let Some(v) = comment.strip_prefix("flags:") {
            spec.flags.extend(v.split_whitespace().map(str::to_string));
        }
    }
    Ok(spec)
}

/// A test file: a script (`.js`), or a module (`.mjs`) unless its name starts with `_` (modules that tests
/// import).
fn is_test(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.ends_with(".js") || (name.ends_with(".mjs") && !name.starts_with('_'))
}

/// All test files under `dir` (see `is_test`), sorted, whose relative path contains `filter` (if any).
pub fn collect_tests(root: &Path, dir: &Path, filter: Option<&str>) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if is_test(&p) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.retain(|p| filter.is_none_or(|f| p.strip_prefix(root).unwrap_or(p).to_string_lossy().contains(f)));
    out.sort();
    out
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Signaled(i32),
    TimedOut,
    SpawnFailed(String),
}

#[derive(Debug, Clone)]
pub struct RunResult {
    pub stdout: String,
    pub stderr: String,
    pub ending: Ending,
    pub elapsed: Duration,
}

/// Runs `bin args... file` in `cwd`, killing it after `timeout`.
pub fn run_engine(bin: &Path, args: &[String], file: &str, cwd: &Path, timeout: Duration) -> RunResult {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .arg(file)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        // Cranelift verifies mid's IR (a rejected function panics, which shows as a crash here).
        .env("TETRA_VERIFY_CLIF", "1")
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return RunResult {
                stdout: String::new(),
                stderr: String::new(),
                ending: Ending::SpawnFailed(e.to_string()),
                elapsed: start.elapsed(),
            };
        }
    };
    fn reader<R: Read + Send + 'static>(r: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    }
    let out_t = reader(child.stdout.take());
    let err_t = reader(child.stderr.take());
    let deadline = start + timeout;
    let ending = loop {
        match child.try_wait() {
            Ok(Some(status)) => break exit_ending(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Ending::TimedOut;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => break Ending::SpawnFailed(format!("wait failed: {e}")),
        }
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    RunResult { stdout, stderr, ending, elapsed }
}

fn exit_ending(status: std::process::ExitStatus) -> Ending {
    if let Some(code) = status.code() {
        return Ending::Exited(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return Ending::Signaled(sig);
        }
    }
    Ending::Exited(-1)
}

/// Checks one run against the spec; returns the problems found (empty = pass).
pub fn check(spec: &TestSpec, r: &RunResult) -> Vec<String> {
    let mut problems = Vec::new();
    match &r.ending {
        Ending::SpawnFailed(e) => {
            problems.push(format!("could not run the engine: {e}"));
            return problems;
        }
        Ending::TimedOut => problems.push(format!("TIMEOUT after {:.1} s (killed)", r.elapsed.as_secs_f64())),
        Ending::Signaled(sig) => problems.push(format!("CRASH: killed by signal {sig}")),
        Ending::Exited(code) if *code != spec.expected_exit => {
            problems.push(format!("exit status: expected {}, got {code}", spec.expected_exit))
        }
        Ending::Exited(_) => {}
    }
    if r.stderr.contains("panicked at") {
        problems.push("CRASH: Rust panic (`panicked at` in stderr)".to_string());
    }
    match &spec.expected_stdout {
        None => problems.push(format!(
            "missing {} (generate it with tests/tools/node-expected.py)",
            Path::new(&spec.rel).with_extension("expected").display()
        )),
        Some(exp) if *exp != r.stdout => problems.push(format!("stdout differs:\n{}", diff(exp, &r.stdout))),
        Some(_) => {}
    }
    for s in &spec.stderr_contains {
        if !r.stderr.contains(s.as_str()) {
            problems.push(format!("stderr does not contain {s:?}"));
        }
    }
    let interesting = !problems.is_empty() && !r.stderr.is_empty();
    if interesting {
        problems.push(format!("stderr was:\n{}", indent(&truncate_lines(&r.stderr, 12))));
    }
    problems
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("      | {l}")).collect::<Vec<_>>().join("\n")
}

fn truncate_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() <= n {
        return s.trim_end().to_string();
    }
    format!("{}\n... ({} more lines)", lines[..n].join("\n"), lines.len() - n)
}

fn clip(s: &str) -> String {
    const MAX: usize = 200;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        format!("{:?}...", s.chars().take(MAX).collect::<String>())
    }
}

/// A short diff-like description: line counts, the first differing line, and context.
pub fn diff(expected: &str, got: &str) -> String {
    let e: Vec<&str> = expected.split_inclusive('\n').collect();
    let g: Vec<&str> = got.split_inclusive('\n').collect();
    let first = (0..e.len().max(g.len())).find(|&i| e.get(i) != g.get(i)).unwrap_or(0);
    let mut s =
        format!("    expected {} lines, got {} lines; first difference at line {}:\n", e.len(), g.len(), first + 1);
    let lo = first.saturating_sub(2);
    for (i, l) in e.iter().enumerate().take(first).skip(lo) {
        s += &format!("        {:>4}   {}\n", i + 1, clip(l.trim_end_matches('\n')));
    }
    let show = |v: &Vec<&str>, i: usize| match v.get(i) {
        Some(l) => clip(l),
        None => "<end of output>".to_string(),
    };
    for i in first..(first + 3).min(e.len().max(g.len())) {
        if e.get(i) == g.get(i) {
            s += &format!("        {:>4}   {}\n", i + 1, show(&e, i));
        } else {
            s += &format!("      - {:>4}   {}\n", i + 1, show(&e, i));
            s += &format!("      + {:>4}   {}\n", i + 1, show(&g, i));
        }
    }
    s.trim_end().to_string()
}

/// Which variants to run: all, or those named in `TETRA_TEST_VARIANTS=a,b`.
pub fn selected_variants() -> Vec<Variant> {
    match std::env::var("TETRA_TEST_VARIANTS") {
        Ok(v) if !v.trim().is_empty() => {
            let names: Vec<&str> = v.split(',').map(str::trim).collect();
            for n in &names {
                assert!(
                    VARIANTS.iter().any(|x| x.name == *n),
                    "TETRA_TEST_VARIANTS: unknown variant {n:?} (known: {:?})",
                    VARIANTS.iter().map(|x| x.name).collect::<Vec<_>>()
                );
            }
            VARIANTS.iter().copied().filter(|x| names.contains(&x.name)).collect()
        }
        _ => VARIANTS.to_vec(),
    }
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs the whole corpus and returns a report; `Err` holds the full failure report.
pub fn run_corpus() -> Result<String, String> {
    let root = workspace_root();
    let bin = find_tetra()?;
    let filter = std::env::var("TETRA_TEST_FILTER").ok().filter(|f| !f.is_empty());
    let files = collect_tests(&root, &root.join("tests").join("js"), filter.as_deref());
    if files.is_empty() {
        return Err(format!("no tests found under tests/js (TETRA_TEST_FILTER={filter:?})"));
    }
    let mut specs = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for f in &files {
        match parse_spec(&root, f) {
            Ok(s) => specs.push(s),
            Err(e) => problems.push(e),
        }
    }
    let variants = selected_variants();
    let timeout = env_usize("TETRA_TEST_TIMEOUT").map(|s| Duration::from_secs(s as u64)).unwrap_or(DEFAULT_TIMEOUT);
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let jobs = env_usize("TETRA_TEST_JOBS").unwrap_or(cpus.clamp(2, 4)).max(1);

    // Work items: (spec index, variant index).
    let work: Vec<(usize, usize)> = (0..specs.len()).flat_map(|s| (0..variants.len()).map(move |v| (s, v))).collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<(usize, usize), RunResult>> = Mutex::new(BTreeMap::new());
    let t0 = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(work.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(s, v)) = work.get(i) else { break };
                    let spec = &specs[s];
                    let mut args: Vec<String> = variants[v].args.iter().map(|a| a.to_string()).collect();
                    args.extend(spec.flags.iter().cloned());
                    let r = run_engine(&bin, &args, &spec.rel, &root, timeout);
                    results.lock().unwrap().insert((s, v), r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let elapsed = t0.elapsed();

    let mut failed_runs = 0usize;
    let mut failed_tests = 0usize;
    let mut slowest: Option<(Duration, String)> = None;
    for (si, spec) in specs.iter().enumerate() {
        let mut test_failed = false;
        for (vi, var) in variants.iter().enumerate() {
            let r = &results[&(si, vi)];
            if slowest.as_ref().is_none_or(|(d, _)| r.elapsed > *d) {
                slowest = Some((r.elapsed, format!("{} [{}]", spec.rel, var.name)));
            }
            let p = check(spec, r);
            if !p.is_empty() {
                failed_runs += 1;
                test_failed = true;
                let args: Vec<&str> = var.args.iter().copied().chain(spec.flags.iter().map(|s| s.as_str())).collect();
                problems.push(format!(
                    "FAIL {} [{}]  (tetra {} {})\n  {}",
                    spec.rel,
                    var.name,
                    args.join(" "),
                    spec.rel,
                    p.join("\n  ")
                ));
            }
        }
        // Cross-variant agreement: every variant must behave like the first one.
        let base = &results[&(si, 0)];
        for (vi, var) in variants.iter().enumerate().skip(1) {
            let r = &results[&(si, vi)];
            if r.stdout != base.stdout || r.ending != base.ending {
                test_failed = true;
                let mut msg = format!("DISAGREE {} : [{}] vs [{}]", spec.rel, variants[0].name, var.name);
                if r.ending != base.ending {
                    msg += &format!("\n  ending: {:?} vs {:?}", base.ending, r.ending);
                }
                if r.stdout != base.stdout {
                    msg += &format!(
                        "\n  stdout ([{}] as expected, [{}] as got):\n{}",
                        variants[0].name,
                        var.name,
                        diff(&base.stdout, &r.stdout)
                    );
                }
                problems.push(msg);
            }
        }
        if test_failed {
            failed_tests += 1;
        }
    }
    let summary = format!(
        "corpus: {} tests x {} variants ({}) = {} runs with {} on {} threads in {:.1} s; {} failed runs, {} failing tests{}",
        specs.len(),
        variants.len(),
        variants.iter().map(|v| v.name).collect::<Vec<_>>().join(", "),
        work.len(),
        bin.display(),
        jobs,
        elapsed.as_secs_f64(),
        failed_runs,
        failed_tests,
        slowest.map(|(d, n)| format!("; slowest run {:.2} s: {n}", d.as_secs_f64())).unwrap_or_default()
    );
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(format!(
            "{} problems:\n\n{}\n\n{summary}\n(re-run a subset with TETRA_TEST_FILTER=<substring of the path>, \
             or some variants with TETRA_TEST_VARIANTS=interp,gc-stress)",
            problems.len(),
            problems.join("\n\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_points_at_first_difference() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n");
        assert!(d.contains("first difference at line 2"), "{d}");
        assert!(d.contains("- "), "{d}");
        let d = diff("a\n", "a\nextra\n");
        assert!(d.contains("line 2") && d.contains("<end of output>"), "{d}");
    }

    #[test]
    fn header_parsing() {
        let dir = std::env::temp_dir().join(format!("tetra-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("t.js");
        std::fs::write(&f, "// exit: 1\n// stderr: Uncaught TypeError\n// flags: --max-heap=1m\n\nprint(1);\n// stderr: not-a-header\n").unwrap();
        let s = parse_spec(&dir, &f).unwrap();
        assert_eq!(s.expected_exit, 1);
        assert_eq!(s.stderr_contains, vec!["Uncaught TypeError".to_string()]);
        assert_eq!(s.flags, vec!["--max-heap=1m".to_string()]);
        assert!(s.expected_stdout.is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn timeout_kills() {
        #[cfg(unix)]
        {
            let r = run_engine(
                Path::new("/bin/sh"),
                &["-c".into(), "exec sleep 5".into()],
                "x",
                Path::new("/"),
                Duration::from_millis(200),
            );
            assert_eq!(r.ending, Ending::TimedOut);
            assert!(r.elapsed < Duration::from_secs(3));
        }
    }
}
