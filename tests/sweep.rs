//! `tetra sweep`: a small grid over two programs (rows, numbers, charts, the HTML report), a configuration whose
//! output differs (a failure, not a time), and `--emit-jobs` + the commands + `merge` (the same rows as a direct
//! sweep).

use std::path::{Path, PathBuf};
use std::process::Command;
use tetra_tests::runner::{find_tetra, workspace_root};

fn program(name: &str) -> String {
    workspace_root().join("tests/sweep").join(name).display().to_string()
}

/// A fresh directory under the system temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tetra-sweep-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `tetra sweep ARGS`; its stdout (the table). Panics unless it succeeds.
fn sweep(args: &[&str]) -> String {
    let out = Command::new(find_tetra().expect("tetra binary")).arg("sweep").args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "tetra sweep {args:?} failed:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    text
}

/// runs.csv as a header and rows of fields (the test programs' names and flags need no quoting).
fn csv(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir.join("runs.csv")).unwrap();
    let mut lines = text.lines().map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    let head = lines.next().unwrap();
    (head, lines.collect())
}

fn field<'a>(head: &[String], row: &'a [String], name: &str) -> &'a str {
    &row[head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {head:?}"))]
}

/// A minimal XML check: every tag closes in order, nothing is left open, no stray `<` or `&`.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        if text.contains('&') && !["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].iter().any(|e| text.contains(e)) {
            return Err(format!("a bare & in {text:?}"));
        }
        let end = rest[start..].find('>').ok_or("an unclosed tag")? + start;
        let tag = &rest[start + 1..end];
        if tag.contains('<') {
            return Err(format!("a '<' inside the tag {tag:?}"));
        }
        let name = tag.trim_start_matches('/').split([' ', '\n', '/']).next().unwrap_or("");
        if tag.starts_with('/') {
            match open.pop() {
                Some(o) if o == name => {}
                o => return Err(format!("</{name}> closes {o:?}")),
            }
        } else if !tag.starts_with('?') && !tag.starts_with('!') && !tag.ends_with('/') {
            open.push(name);
        }
        rest = &rest[end + 1..];
    }
    if open.is_empty() { Ok(()) } else { Err(format!("left open: {open:?}")) }
}

#[test]
fn a_grid_over_two_programs_gives_every_run_charts_and_a_report() {
    let dir = scratch("grid");
    let out = dir.display().to_string();
    let (a, b) = (program("loop.js"), program("objects.js"));
    let table = sweep(&[
        "--grid",
        "interrupt-budget=1K,16K",
        "--grid",
        "baseline-after=1,2",
        "--runs",
        "2",
        "-j",
        "2",
        "--out",
        &out,
        &a,
        &b,
    ]);
    assert!(table.contains("interrupt-budget / baseline-after") && table.contains("geomean"), "{table}");
    assert!(table.contains("16K / 1") && table.contains("default"), "{table}");
    assert!(table.contains("best"), "{table}");
    let (head, rows) = csv(&dir);
    assert_eq!(rows.len(), 4 * 2 * 2, "4 configurations x 2 programs x 2 runs");
    for row in &rows {
        assert_eq!(row.len(), head.len());
        assert_eq!(field(&head, row, "status"), "ok", "{row:?}");
        for name in ["wall_ms", "cpu_ms", "total_ms", "interp_run_ms", "interp_compile_ms", "gc_pause_ms"] {
            let v: f64 = field(&head, row, name).parse().unwrap_or_else(|_| panic!("{name} in {row:?}"));
            assert!(v >= 0.0);
        }
        for name in ["max_rss_kb", "interp_functions", "baseline_bytecode_bytes", "osr_entries", "deopts"] {
            field(&head, row, name).parse::<u64>().unwrap_or_else(|_| panic!("{name} in {row:?}"));
        }
        assert!(field(&head, row, "wall_ms").parse::<f64>().unwrap() > 0.0);
        assert!(field(&head, row, "max_rss_kb").parse::<u64>().unwrap() > 0);
    }
    let defaults = rows.iter().filter(|r| field(&head, r, "default") == "true").count();
    assert_eq!(defaults, 4, "16K / 1 is the default: 2 programs x 2 runs");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("results.json")).unwrap()).unwrap();
    assert_eq!(json["runs"].as_array().unwrap().len(), 8 * 2);
    assert_eq!(json["geomean"].as_array().unwrap().len(), 4);

    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let mut charts: Vec<PathBuf> = std::fs::read_dir(dir.join("charts")).unwrap().map(|e| e.unwrap().path()).collect();
    charts.sort();
    let names: Vec<String> = charts.iter().map(|p| p.file_name().unwrap().to_string_lossy().into()).collect();
    for expected in [
        "loop-interrupt-budget.svg",
        "loop-baseline-after.svg",
        "loop-heatmap.svg",
        "loop-tiers.svg",
        "loop-timeline.svg",
    ] {
        assert!(names.iter().any(|n| n == expected), "no {expected} in {names:?}");
    }
    for (path, name) in charts.iter().zip(&names) {
        let svg = std::fs::read_to_string(path).unwrap();
        well_formed(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(html.contains(svg.trim()), "report.html lacks {name}");
        if name.ends_with("-interrupt-budget.svg") {
            assert!(svg.contains("baseline-after=1") && svg.contains("baseline-after=2"), "{name}");
        }
        if name == "loop-timeline.svg" {
            // The default configuration's first run: `step` and the script reached baseline, the script mid.
            assert!(svg.contains("step (") && svg.contains("baseline") && svg.contains("mid"), "{name}");
        }
        if name.ends_with("-tiers.svg") {
            assert!(
                svg.contains("interp run") && svg.contains("compile (all tiers)") && svg.contains("wall"),
                "{name}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_configuration_whose_output_differs_is_a_failure_not_a_time() {
    let dir = scratch("differs");
    let out = dir.display().to_string();
    let table = sweep(&[
        "--config",
        "plain=",
        "--config",
        "natives=--expose-natives",
        "--runs",
        "2",
        "--out",
        &out,
        &program("natives.js"),
    ]);
    let (head, rows) = csv(&dir);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let (config, status) = (field(&head, row, "config"), field(&head, row, "status"));
        match config {
            "plain" => assert_eq!(status, "ok"),
            _ => {
                assert_eq!(status, "failed", "{row:?}");
                assert!(field(&head, row, "failure").contains("stdout differs"), "{row:?}");
            }
        }
    }
    let natives = table.lines().find(|l| l.starts_with("natives")).unwrap();
    assert!(natives.contains("FAIL") && !natives.contains('%'), "{table}");
    assert!(table.contains("2 failed runs"), "{table}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The identity and outcome of each run in runs.csv (not its times).
fn outcomes(dir: &Path) -> Vec<String> {
    let (head, rows) = csv(dir);
    let mut keys: Vec<String> =
        rows.iter().map(|r| ["config", "program", "run", "status"].map(|f| field(&head, r, f)).join(" ")).collect();
    keys.sort();
    keys
}

#[test]
fn emitted_jobs_merged_give_the_rows_of_a_direct_sweep() {
    let (direct, jobs, merged) = (scratch("direct"), scratch("jobs"), scratch("merged"));
    let (a, b) = (program("loop.js"), program("natives.js"));
    let args = ["--grid", "no-osr=off,on", "--grid", "expose-natives=off,on", "--runs", "1"];
    let with = |out: &Path| {
        let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        v.extend(["--out".into(), out.display().to_string(), a.clone(), b.clone()]);
        v
    };
    let direct_args = with(&direct);
    sweep(&direct_args.iter().map(String::as_str).collect::<Vec<_>>());
    let list = jobs.join("jobs.txt");
    let mut emit_args = with(&jobs);
    emit_args.extend(["--emit-jobs".into(), list.display().to_string()]);
    sweep(&emit_args.iter().map(String::as_str).collect::<Vec<_>>());
    let lines = std::fs::read_to_string(&list).unwrap();
    assert_eq!(lines.lines().count(), 4 * 2);
    assert!(!jobs.join("runs.csv").exists(), "--emit-jobs runs nothing");
    for line in lines.lines() {
        let status = Command::new("sh").arg("-c").arg(line).status().unwrap();
        assert!(status.success(), "{line}");
    }
    let table = sweep(&["merge", &jobs.display().to_string(), "--out", &merged.display().to_string()]);
    assert!(table.contains("no-osr / expose-natives"), "{table}");
    assert_eq!(outcomes(&merged), outcomes(&direct));
    assert_eq!(outcomes(&merged).iter().filter(|k| k.ends_with("failed")).count(), 2, "natives.js with Tetra");
    assert!(merged.join("report.html").exists());
    for d in [direct, jobs, merged] {
        let _ = std::fs::remove_dir_all(d);
    }
}
