//! A sweep's results gathered per configuration and program: which runs failed and why, medians and spread of
//! the OK runs, the geometric mean across programs per configuration, the default and the best configuration;
//! and the table printed in the terminal.

use super::grid::Configuration;
use super::record::RunRecord;
use std::collections::BTreeMap;

/// The time the table and charts compare.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq)]
pub enum Metric {
    /// Wall time of the process.
    #[default]
    Wall,
    /// User and system CPU time of the process (all its threads): less disturbed by other load on the machine.
    Cpu,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Wall => "wall",
            Metric::Cpu => "CPU",
        }
    }

    pub fn of(self, r: &RunRecord) -> f64 {
        match self {
            Metric::Wall => r.wall_ms,
            Metric::Cpu => r.cpu_ms(),
        }
    }
}

/// All runs of one configuration on one program.
#[derive(Default)]
pub struct Cell<'a> {
    pub metric: Metric,
    pub ok: Vec<&'a RunRecord>,
    /// Failed runs and why they failed.
    pub failures: Vec<(&'a RunRecord, String)>,
}

impl Cell<'_> {
    /// The median of `f` over the OK runs, when no run failed.
    pub fn median(&self, f: impl Fn(&RunRecord) -> f64) -> Option<f64> {
        if !self.failures.is_empty() || self.ok.is_empty() {
            return None;
        }
        let mut v: Vec<f64> = self.ok.iter().map(|r| f(r)).collect();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
    }

    /// The median time (of the metric), ms.
    pub fn time(&self) -> Option<f64> {
        self.median(|r| self.metric.of(r))
    }

    /// (max - min) / median of the times, as a fraction.
    pub fn spread(&self) -> Option<f64> {
        let median = self.time()?;
        let times = self.ok.iter().map(|r| self.metric.of(r));
        let (lo, hi) = times.fold((f64::MAX, f64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
        Some((hi - lo) / median)
    }
}

pub struct Summary<'a> {
    pub metric: Metric,
    pub axes: Vec<String>,
    pub configs: Vec<Configuration>,
    pub programs: Vec<String>,
    /// `cells[config][program]`.
    pub cells: Vec<Vec<Cell<'a>>>,
    /// Geometric mean of the median times across programs; `None` when a program failed.
    pub geomean: Vec<Option<f64>>,
    pub default: Option<usize>,
    /// The configuration with the lowest geometric mean.
    pub best: Option<usize>,
}

/// Why a run failed, given the stdout fingerprint it must match.
fn failure(r: &RunRecord, reference: Option<&str>) -> Option<String> {
    let o = &r.outcome;
    if o.timed_out {
        return Some("timeout".into());
    }
    let said =
        if o.stderr_tail.is_empty() { String::new() } else { format!(": {}", o.stderr_tail.replace('\n', " | ")) };
    match (o.exit_code, o.signal) {
        (Some(0), _) => {}
        (Some(code), _) => return Some(format!("exit {code}{said}")),
        (None, Some(sig)) => return Some(format!("signal {sig}{said}")),
        (None, None) => return Some("no exit status".into()),
    }
    match reference {
        Some(h) if h != o.stdout_hash => Some("stdout differs from the first configuration's".into()),
        _ => None,
    }
}

impl<'a> Summary<'a> {
    pub fn new(records: &'a [RunRecord], metric: Metric) -> Summary<'a> {
        let mut configs: BTreeMap<usize, Configuration> = BTreeMap::new();
        let mut programs: BTreeMap<usize, String> = BTreeMap::new();
        let mut axes = Vec::new();
        for r in records {
            configs.entry(r.config.index).or_insert_with(|| r.config.clone());
            programs.entry(r.program_index).or_insert_with(|| r.program.clone());
            if axes.is_empty() {
                axes = r.axes.clone();
            }
        }
        let configs: Vec<Configuration> = configs.into_values().collect();
        let programs: Vec<String> = programs.into_values().collect();
        let config_at = |index: usize| configs.iter().position(|c| c.index == index).unwrap();
        let program_at = |name: &str| programs.iter().position(|p| p == name).unwrap();
        // The output every run of a program must print: the first clean run's, in configuration then run order.
        let mut sorted: Vec<&RunRecord> = records.iter().collect();
        sorted.sort_by_key(|r| (r.config.index, r.run));
        let mut reference: Vec<Option<&str>> = vec![None; programs.len()];
        for r in &sorted {
            let p = program_at(&r.program);
            if reference[p].is_none() && failure(r, None).is_none() {
                reference[p] = Some(&r.outcome.stdout_hash);
            }
        }
        let mut cells: Vec<Vec<Cell>> =
            configs.iter().map(|_| programs.iter().map(|_| Cell { metric, ..Cell::default() }).collect()).collect();
        for r in sorted {
            let p = program_at(&r.program);
            let cell = &mut cells[config_at(r.config.index)][p];
            match failure(r, reference[p]) {
                Some(why) => cell.failures.push((r, why)),
                None => cell.ok.push(r),
            }
        }
        let geomean: Vec<Option<f64>> = cells
            .iter()
            .map(|row| {
                let logs: Option<Vec<f64>> = row.iter().map(|c| c.time().map(f64::ln)).collect();
                logs.filter(|l| !l.is_empty()).map(|l| (l.iter().sum::<f64>() / l.len() as f64).exp())
            })
            .collect();
        let best = (0..configs.len())
            .filter(|&c| geomean[c].is_some())
            .min_by(|&a, &b| geomean[a].unwrap().total_cmp(&geomean[b].unwrap()));
        let default = configs.iter().position(|c| c.default);
        Summary { metric, axes, configs, programs, cells, geomean, default, best }
    }

    /// Every failed run: configuration, program, run number, reason.
    pub fn failures(&self) -> Vec<(&str, &str, usize, &str)> {
        let mut out = Vec::new();
        for (c, row) in self.cells.iter().enumerate() {
            for (p, cell) in row.iter().enumerate() {
                for (r, why) in &cell.failures {
                    out.push((self.configs[c].name.as_str(), self.programs[p].as_str(), r.run, why.as_str()));
                }
            }
        }
        out
    }

    /// The values of an axis, in the order of the grid.
    pub fn values(&self, axis: &str) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for c in &self.configs {
            if let Some(v) = c.value(axis)
                && !values.iter().any(|x| x == v)
            {
                values.push(v.to_string());
            }
        }
        values
    }

    /// The configuration that gives each axis in `fixed` its value.
    pub fn config_with(&self, fixed: &[(&str, &str)]) -> Option<usize> {
        self.configs.iter().position(|c| fixed.iter().all(|(a, v)| c.value(a) == Some(v)))
    }

    /// The value a chart holds an axis at: the default configuration's, else the axis's first.
    pub fn held_value(&self, axis: &str) -> String {
        let default = self.default.and_then(|d| self.configs[d].value(axis));
        default.map(str::to_string).unwrap_or_else(|| self.values(axis).into_iter().next().unwrap_or_default())
    }

    /// The label of a configuration in tables and charts: its axis values for a grid, else its name.
    pub fn label(&self, c: usize) -> String {
        let config = &self.configs[c];
        if self.axes.is_empty() {
            return config.name.clone();
        }
        self.axes.iter().map(|a| config.value(a).unwrap_or("-")).collect::<Vec<_>>().join(" / ")
    }

    /// The terminal table: per configuration, each program's median wall time (ms) and spread, the geometric
    /// mean and its ratio to the default configuration's; then the failed runs.
    pub fn table(&self) -> String {
        let name_width = self.configs.iter().enumerate().map(|(c, _)| self.label(c).len()).max().unwrap_or(0);
        let head = if self.axes.is_empty() { "configuration".to_string() } else { self.axes.join(" / ") };
        let name_width = name_width.max(head.len());
        const CELL: usize = 12;
        let mut out = format!("{head:<name_width$}  ");
        for p in &self.programs {
            let short: String = p.chars().take(CELL - 1).collect();
            out.push_str(&format!("{short:>CELL$}"));
        }
        out.push_str(&format!("{:>10} {:>8}\n", "geomean", "vs def"));
        let base = self.default.and_then(|d| self.geomean[d]);
        for (c, row) in self.cells.iter().enumerate() {
            let mark = match (Some(c) == self.default, Some(c) == self.best) {
                (true, true) => "default, best",
                (true, false) => "default",
                (false, true) => "best",
                _ => "",
            };
            out.push_str(&format!("{:<name_width$}  ", self.label(c)));
            for cell in row {
                let text = match (cell.time(), cell.spread()) {
                    (Some(m), Some(s)) => format!("{m:.0}±{:.0}%", s * 50.0),
                    _ => "FAIL".into(),
                };
                out.push_str(&format!("{text:>CELL$}"));
            }
            let g = self.geomean[c].map_or("-".into(), |g| format!("{g:.1}"));
            let ratio = match (self.geomean[c], base) {
                (Some(g), Some(b)) => format!("{:.3}", g / b),
                _ => "-".into(),
            };
            out.push_str(format!("{g:>10} {ratio:>8}  {mark}").trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "(median {} ms of the OK runs ± half their range in % of the median; FAIL: a run failed)\n",
            self.metric.name()
        ));
        let failures = self.failures();
        if !failures.is_empty() {
            out.push_str(&format!("{} failed runs:\n", failures.len()));
            for (config, program, run, why) in failures {
                out.push_str(&format!("  {program} [{config}] run {run}: {why}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::grid::config_list;
    use crate::sweep::record::Outcome;

    fn record(config: &Configuration, program: usize, run: usize, wall_ms: f64, exit: i32, stdout: &str) -> RunRecord {
        RunRecord {
            config: config.clone(),
            axes: Vec::new(),
            program: format!("p{program}"),
            program_index: program,
            path: "x.js".into(),
            run,
            outcome: Outcome { exit_code: Some(exit), stdout_hash: stdout.into(), ..Outcome::default() },
            wall_ms,
            user_ms: wall_ms,
            sys_ms: 0.5,
            max_rss_kb: 1000,
            stats: None,
        }
    }

    #[test]
    fn failures_medians_geomeans_and_marks() {
        let c = config_list(&["base=--mid-after=2".into(), "default=".into(), "broken=--no-osr".into()]).unwrap();
        let records = vec![
            record(&c[0], 0, 1, 10.0, 0, "a"),
            record(&c[0], 0, 2, 12.0, 0, "a"),
            record(&c[0], 0, 3, 30.0, 0, "a"),
            record(&c[0], 1, 1, 40.0, 0, "b"),
            record(&c[1], 0, 1, 20.0, 0, "a"),
            record(&c[1], 1, 1, 20.0, 0, "b"),
            record(&c[2], 0, 1, 1.0, 0, "other"),
            record(&c[2], 1, 1, 1.0, 3, "b"),
        ];
        let s = Summary::new(&records, Metric::Wall);
        assert_eq!(s.cells[0][0].time(), Some(12.0));
        assert_eq!(s.cells[0][0].spread(), Some(20.0 / 12.0));
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
        assert!(close(s.geomean[0], f64::sqrt(12.0 * 40.0)) && close(s.geomean[1], 20.0), "{:?}", s.geomean);
        assert_eq!(s.geomean[2], None, "a configuration with a failure has no time");
        assert_eq!((s.default, s.best), (Some(1), Some(1)));
        let failures = s.failures();
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0].3, "stdout differs from the first configuration's");
        assert_eq!(failures[1].3, "exit 3");
        let table = s.table();
        assert!(table.contains("default, best") && table.contains("FAIL"), "{table}");
        assert!(table.contains("12±83%") && table.contains("median wall ms"), "{table}");
        let cpu = Summary::new(&records, Metric::Cpu);
        assert_eq!(cpu.cells[0][1].time(), Some(40.0 + 0.5));
    }
}
