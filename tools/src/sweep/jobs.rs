//! Sweeps beyond one machine: `--emit-jobs` writes each run as a shell command (`tetra sweep ... --job N`) that
//! writes its own result file; results gathered from several directories are merged, one record per run.

use super::SweepArgs;
use super::record::RunRecord;
use super::run::Plan;
use std::path::Path;

/// Quotes a word for a POSIX shell when it needs it.
fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "_./=,:+-@%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

/// One line per job: this sweep's own arguments (programs and the output directory as absolute paths) and
/// `--job N`.
pub fn commands(plan: &Plan, args: &SweepArgs, jobs: usize) -> String {
    let mut words: Vec<String> = vec![plan.exe.display().to_string(), "sweep".into()];
    for g in &args.grid {
        words.extend(["--grid".into(), g.clone()]);
    }
    for c in &args.configs {
        words.extend(["--config".into(), c.clone()]);
    }
    for m in &args.mask {
        words.extend(["--mask".into(), m.clone()]);
    }
    let out = plan.dir.parent().unwrap_or(&plan.dir);
    words.extend(["--runs".into(), args.runs.to_string(), "--timeout".into(), args.timeout.to_string()]);
    words.extend(["--out".into(), out.display().to_string()]);
    words.extend(plan.programs.iter().map(|(_, p)| p.display().to_string()));
    let common = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
    (0..jobs).map(|n| format!("{common} --job {n}\n")).collect()
}

/// Removes the result files of an earlier sweep from `runs/` (only files named as this sweep names them).
pub fn clear(runs: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(runs).map_err(|e| format!("cannot read {}: {e}", runs.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with('c') && name.contains("-p") && name.contains("-r") && name.ends_with(".json");
        if ours {
            std::fs::remove_file(entry.path()).map_err(|e| format!("cannot remove {name}: {e}"))?;
        }
    }
    Ok(())
}

/// One record per (configuration, program, run): a run found in two directories counts once.
pub fn dedup(mut records: Vec<RunRecord>) -> Vec<RunRecord> {
    records.sort_by_key(|r| (r.config.index, r.program_index, r.run));
    records.dedup_by_key(|r| (r.config.index, r.program_index, r.run));
    records
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(quote("--grid"), "--grid");
        assert_eq!(quote("interrupt-budget=1K,4K"), "interrupt-budget=1K,4K");
        assert_eq!(quote("nomid=--max-tier=baseline --no-osr"), "'nomid=--max-tier=baseline --no-osr'");
        assert_eq!(quote(r"\d+us"), r"'\d+us'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
