//! The 14 "Are We Fast Yet" programs (../shared/benchmarks/awfy/standalone, not part of this repository) run to
//! their own verification in every tier variant: one iteration at the "small" problem size of each program's
//! `// Profiles:` header, with the harness printing `<Name>: iterations=` only when the result verified.
//! Timing is `make bench`'s business; this only checks correctness.

use std::path::PathBuf;
use std::time::Duration;
use tetra_tests::runner::{Ending, find_tetra, run_engine, workspace_root};

const VARIANTS: &[&[&str]] =
    &[&["--max-tier=interp"], &["--eager-baseline"], &["--eager-mid"], &["--interrupt-budget=64"]];

fn awfy_dir() -> PathBuf {
    workspace_root().join("..").join("shared").join("benchmarks").join("awfy").join("standalone")
}

/// The "small" problem size of a program's `// Profiles: small N INNER; standard ...` header.
fn small_profile(src: &str) -> (&str, &str) {
    let header = src.lines().find_map(|l| l.strip_prefix("// Profiles: small ")).expect("a Profiles header");
    header.split_once(';').expect("small; standard").0.split_once(' ').expect("small N INNER")
}

#[test]
fn awfy_programs_verify_in_every_tier() {
    let bin = find_tetra().expect("tetra binary (cargo build --release)");
    let dir = awfy_dir();
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("AWFY programs expected at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    programs.sort();
    assert_eq!(programs.len(), 14, "the 14 AWFY programs");
    let tmp = std::env::temp_dir().join(format!("tetra-awfy-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut failures = vec![];
    for p in &programs {
        let name = p.file_stem().unwrap().to_str().unwrap().to_string();
        let src = std::fs::read_to_string(p).unwrap();
        let (_, inner) = small_profile(&src);
        let file = tmp.join(format!("{name}.js"));
        std::fs::write(&file, format!("var ARGS = [1, {inner}];\n{src}")).unwrap();
        for flags in VARIANTS {
            let args: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
            let r = run_engine(&bin, &args, file.to_str().unwrap(), &workspace_root(), Duration::from_secs(120));
            let verified = matches!(r.ending, Ending::Exited(0)) && r.stdout.contains(&format!("{name}: iterations="));
            if !verified {
                failures.push(format!("{name} {flags:?}: {:?}\n{}{}", r.ending, r.stdout, r.stderr));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The live heap of a run does not depend on the tier: AWFY Json (a recursive-descent parser, small size) peaks
/// within 20% of the interpreter's heap in baseline and with default tiering. Stale values on the native stack,
/// which the GC scans conservatively, once kept one old parse tree per recursion level alive there (2.1x the
/// interpreter's peak: the interpreter's `TestEqualStrict` had lost its tail-call dispatch).
#[test]
fn awfy_json_heap_is_the_same_in_every_tier() {
    let bin = find_tetra().expect("tetra binary (cargo build --release)");
    let src = std::fs::read_to_string(awfy_dir().join("Json.js")).expect("AWFY Json");
    let (n, inner) = small_profile(&src);
    let tmp = std::env::temp_dir().join(format!("tetra-awfy-heap-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let file = tmp.join("Json.js");
    std::fs::write(&file, format!("var ARGS = [{n}, {inner}];\n{src}")).unwrap();
    let peak = |flags: &[&str]| {
        let stats = tmp.join("stats.json");
        let mut args: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        args.extend(["--stats-json".to_string(), stats.to_str().unwrap().to_string()]);
        let r = run_engine(&bin, &args, file.to_str().unwrap(), &workspace_root(), Duration::from_secs(120));
        assert!(matches!(r.ending, Ending::Exited(0)), "{flags:?}: {:?}\n{}", r.ending, r.stderr);
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
        json["gc"]["peak_heap_bytes"].as_f64().unwrap()
    };
    let interp = peak(&["--max-tier=interp"]);
    for flags in [&["--max-tier=baseline"][..], &[]] {
        let p = peak(flags);
        assert!(p <= interp * 1.2, "{flags:?}: peak heap {p} bytes, interp {interp}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
