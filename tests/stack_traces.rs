//! `Error.prototype.stack`: the frames and their file:line:col are the same whichever tier runs each frame. Node
//! cannot produce these expectations (its traces name its module loader's frames), so they are written here:
//! `tests/stacks/X.expected` with the script's path replaced by `FILE`.

use std::time::Duration;
use tetra_tests::runner::{Ending, find_tetra, run_engine, workspace_root};

const VARIANTS: &[&[&str]] =
    &[&["--max-tier=interp"], &["--eager-baseline"], &["--interrupt-budget=64"], &["--gc-stress=50"]];

#[test]
fn stack_traces_match_in_every_tier() {
    let bin = find_tetra().expect("tetra binary (cargo build --release)");
    let root = workspace_root();
    let path = root.join("tests").join("stacks").join("stack.js");
    let expected = std::fs::read_to_string(root.join("tests").join("stacks").join("stack.expected")).unwrap();
    for flags in VARIANTS {
        let args: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        let r = run_engine(&bin, &args, path.to_str().unwrap(), &root, Duration::from_secs(60));
        assert!(matches!(r.ending, Ending::Exited(0)), "{flags:?}: {:?}\n{}", r.ending, r.stderr);
        let out = r.stdout.replace(path.to_str().unwrap(), "FILE");
        assert_eq!(out, expected, "{flags:?}");
    }
}
