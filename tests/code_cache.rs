//! `--code-cache=DIR` (and `TETRA_CODE_CACHE`): a second run of a script loads its bytecode from the cache and
//! prints what the first printed, under every tier variant; a damaged cache file is reported and replaced, never
//! trusted.

use std::path::{Path, PathBuf};
use std::process::Command;
use tetra_tests::runner::find_tetra;

/// Closures, a class, a generator, a tagged template, a BigInt and a regular expression: the constant kinds and
/// nested functions a compile holds, hot enough to tier up.
const PROGRAM: &str = r#"
function make(k) { let n = 0; return () => (n += k); }
class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }
function* count(n) { for (let i = 0; i < n; i++) yield i; }
const tag = (s, ...v) => s.raw.join("|") + v.join(",");
let f = make(3), sum = 0;
for (let i = 0; i < 20000; i++) sum += f() % 7 + new Point(i, 1).norm() | 0;
print(sum, [...count(4)], tag`a${1}\n${2}`, 2n ** 70n, /b+/.exec("abbbc")[0]);
"#;

struct Run {
    stdout: String,
    stderr: String,
    stats: serde_json::Value,
}

fn run(dir: &Path, script: &Path, flags: &[&str], env_cache: bool) -> Run {
    let stats = dir.join("stats.json");
    let mut cmd = Command::new(find_tetra().expect("tetra binary (cargo build --release)"));
    if env_cache {
        cmd.env("TETRA_CODE_CACHE", dir.join("cache"));
    } else {
        cmd.arg(format!("--code-cache={}", dir.join("cache").display()));
    }
    let out = cmd.args(flags).arg(format!("--stats-json={}", stats.display())).arg(script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        stats: serde_json::from_str(&std::fs::read_to_string(stats).unwrap()).unwrap(),
    }
}

fn lookups(r: &Run) -> (u64, u64, u64) {
    let c = &r.stats["front_end"]["code_cache"];
    (c["hits"].as_u64().unwrap(), c["misses"].as_u64().unwrap(), c["rejected"].as_u64().unwrap())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tetra-code-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("program.js"), PROGRAM).unwrap();
    dir
}

#[test]
fn a_second_run_loads_the_cached_compile_in_every_variant() {
    let dir = scratch("variants");
    let script = dir.join("program.js");
    let first = run(&dir, &script, &["--max-tier=interp"], false);
    assert_eq!(lookups(&first), (0, 1, 0));
    // As node prints it.
    assert_eq!(first.stdout, "200050001 0,1,2,3 a|\\n|1,2 1180591620717411303424 bbb\n");
    for flags in [&["--max-tier=interp"][..], &["--eager-baseline"], &["--eager-mid"], &["--gc-stress=50"], &[]] {
        let again = run(&dir, &script, flags, true);
        assert_eq!(lookups(&again), (1, 0, 0), "{flags:?}");
        assert_eq!(again.stdout, first.stdout, "{flags:?}");
        assert_eq!(again.stats["front_end"]["parse_ms"].as_f64(), Some(0.0), "nothing parsed with {flags:?}");
    }
}

#[test]
fn a_changed_script_is_compiled_again() {
    let dir = scratch("changed");
    let script = dir.join("program.js");
    run(&dir, &script, &[], false);
    std::fs::write(&script, PROGRAM.replace("count(4)", "count(5)")).unwrap();
    let changed = run(&dir, &script, &[], false);
    assert_eq!(lookups(&changed), (0, 1, 0));
    assert!(changed.stdout.contains("0,1,2,3,4"), "{}", changed.stdout);
}

#[test]
fn a_damaged_cache_file_is_reported_and_replaced() {
    let dir = scratch("damaged");
    let script = dir.join("program.js");
    let first = run(&dir, &script, &[], false);
    let file = std::fs::read_dir(dir.join("cache")).unwrap().next().unwrap().unwrap().path();
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    for (damage, why) in
        [(flipped, "corrupt"), (good[..good.len() / 2].to_vec(), "truncated"), (b"junk".to_vec(), "not a")]
    {
        std::fs::write(&file, damage).unwrap();
        let r = run(&dir, &script, &[], false);
        assert_eq!(r.stdout, first.stdout);
        assert_eq!(lookups(&r), (0, 0, 1));
        assert!(r.stderr.contains("ignoring code cache file") && r.stderr.contains(why), "{}", r.stderr);
        let again = run(&dir, &script, &[], false);
        assert_eq!(lookups(&again), (1, 0, 0), "the file was written again");
    }
}
