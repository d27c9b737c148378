//! What one run of a sweep records (its configuration, program, process times and the statistics `tetra
//! --stats-json` wrote), stored as one JSON file per run under `OUT/runs/`, and read back for reports and merges.

use super::grid::Configuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// How the process ended, and a fingerprint of what it printed.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct Outcome {
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    /// FNV-1a of stdout after `--mask` (hex), and stdout's length.
    pub stdout_hash: String,
    pub stdout_bytes: usize,
    /// The last lines of stderr when the process failed.
    pub stderr_tail: String,
}

/// One tier's share of a run (`--stats-json`'s `tiers`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct TierStats {
    pub tier: String,
    pub run_ms: f64,
    pub compile_ms: f64,
    pub functions: u64,
    pub bytecode_bytes: u64,
    pub osr_entries: u64,
}

/// A function's change of tier during a run (`--stats-json`'s `timeline`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct TierChange {
    pub ms: f64,
    pub function: String,
    pub to: String,
}

/// What the VM said about a run.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct VmStats {
    pub total_ms: f64,
    pub tiers: Vec<TierStats>,
    pub osr_entries: u64,
    pub deopts: u64,
    pub gc_collections: u64,
    pub gc_pause_ms: f64,
    /// Every tier change of the run's functions, in order.
    #[serde(default)]
    pub timeline: Vec<TierChange>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RunRecord {
    pub config: Configuration,
    /// The grid's axes (flags), in order; empty for a `--config` list.
    pub axes: Vec<String>,
    pub program: String,
    pub program_index: usize,
    pub path: PathBuf,
    /// 1-based.
    pub run: usize,
    pub outcome: Outcome,
    pub wall_ms: f64,
    pub user_ms: f64,
    pub sys_ms: f64,
    pub max_rss_kb: u64,
    /// Absent when the process wrote no statistics (it crashed, or was killed).
    pub stats: Option<VmStats>,
}

impl RunRecord {
    pub fn cpu_ms(&self) -> f64 {
        self.user_ms + self.sys_ms
    }

    /// The file name of this run's results under `OUT/runs/`.
    pub fn file_name(&self) -> String {
        run_file_name(self.config.index, self.program_index, self.run)
    }

    pub fn tier(&self, name: &str) -> Option<&TierStats> {
        self.stats.as_ref()?.tiers.iter().find(|t| t.tier == name)
    }
}

pub fn run_file_name(config: usize, program: usize, run: usize) -> String {
    format!("c{config:04}-p{program:03}-r{run:03}.json")
}

/// Reads the statistics `tetra --stats-json` wrote; `None` if they are missing or not what tetra writes.
pub fn parse_stats(text: &str) -> Option<VmStats> {
    let doc: Value = serde_json::from_str(text).ok()?;
    let num = |v: &Value| v.as_f64().unwrap_or(0.0);
    let int = |v: &Value| v.as_u64().unwrap_or(0);
    let tiers = doc["tiers"]
        .as_object()?
        .iter()
        .map(|(name, t)| TierStats {
            tier: name.clone(),
            run_ms: num(&t["run_ms"]),
            compile_ms: num(&t["compile_ms"]),
            functions: int(&t["functions_compiled"]),
            bytecode_bytes: int(&t["bytecode_bytes"]),
            osr_entries: int(&t["osr_entries"]),
        })
        .collect();
    Some(VmStats {
        total_ms: num(&doc["total_ms"]),
        tiers,
        osr_entries: int(&doc["osr_entries"]),
        deopts: doc["deopts"].as_object()?.values().map(int).sum(),
        gc_collections: int(&doc["gc"]["collections"]),
        gc_pause_ms: num(&doc["gc"]["total_pause_ms"]),
        timeline: doc["timeline"]
            .as_array()
            .map(|events| {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
                events
                    .iter()
                    .map(|e| TierChange { ms: num(&e["ms"]), function: text(&e["function"]), to: text(&e["to"]) })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

pub fn save(record: &RunRecord, dir: &Path) -> Result<(), String> {
    let path = dir.join(record.file_name());
    let text = serde_json::to_string_pretty(record).map_err(|e| e.to_string())?;
    std::fs::write(&path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Every run file under `DIR/runs/` of each directory.
pub fn load(dirs: &[PathBuf]) -> Result<Vec<RunRecord>, String> {
    let mut records = Vec::new();
    for dir in dirs {
        let runs = dir.join("runs");
        let entries = std::fs::read_dir(&runs).map_err(|e| format!("cannot read {}: {e}", runs.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            records.push(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_as_tetra_writes_them() {
        let text = r#"{"tiers":{"interp":{"functions_compiled":3,"bytecode_bytes":120,"compile_ms":0.5,
            "osr_entries":0,"run_ms":2.0},"mid":{"functions_compiled":1,"bytecode_bytes":40,"compile_ms":1.5,
            "osr_entries":2,"run_ms":7.5}},"osr_entries":2,"deopts":{"WrongMap":2,"Overflow":1},
            "gc":{"collections":4,"total_pause_ms":0.25},"total_ms":11.0}"#;
        let s = parse_stats(text).unwrap();
        assert_eq!(s.tiers.len(), 2);
        assert_eq!(
            s.tiers[1],
            TierStats {
                tier: "mid".into(),
                run_ms: 7.5,
                compile_ms: 1.5,
                functions: 1,
                bytecode_bytes: 40,
                osr_entries: 2
            }
        );
        assert_eq!((s.deopts, s.gc_collections, s.gc_pause_ms, s.total_ms), (3, 4, 0.25, 11.0));
        assert_eq!(parse_stats("{}"), None);
        assert_eq!(parse_stats("not json"), None);
    }
}
