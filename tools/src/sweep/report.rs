//! A sweep's result files under `--out DIR`: `runs.csv` and `results.json` (every run, with its failure if it
//! failed, and the summary), the charts as standalone SVG files under `charts/`, and `report.html` holding the
//! summary table and every chart inline (no network needed).

use super::charts::{self, Bar, Line};
use super::record::RunRecord;
use super::summary::{Metric, Summary};
use serde_json::json;
use std::path::Path;

/// A chart: its file name under `charts/`, and its SVG text.
pub struct Chart {
    pub file: String,
    pub svg: String,
}

/// What a file name may hold of a program's or an axis's name.
fn slug(name: &str) -> String {
    let dashed: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '_' { c } else { '-' }).collect();
    dashed.split('-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// The name of the wall-time aggregate across programs in charts.
const ALL: &str = "all programs (geomean)";

/// Per program (and for the geometric mean over all programs): wall time against each axis, one line per value
/// of another axis, the remaining axes held at their default; and a heat map over the first two axes.
fn axis_charts(s: &Summary, name: &str, value: &dyn Fn(usize) -> Option<f64>) -> Result<Vec<Chart>, String> {
    let mut out = Vec::new();
    for axis in &s.axes {
        let xs = s.values(axis);
        let other = s.axes.iter().find(|a| *a != axis);
        let held: Vec<(String, String)> =
            s.axes.iter().filter(|a| *a != axis && Some(*a) != other).map(|a| (a.clone(), s.held_value(a))).collect();
        let point = |x: &str, line: Option<(&str, &str)>| {
            let mut fixed: Vec<(&str, &str)> = held.iter().map(|(a, v)| (a.as_str(), v.as_str())).collect();
            fixed.push((axis, x));
            fixed.extend(line);
            s.config_with(&fixed).and_then(value)
        };
        let lines: Vec<Line> = match other {
            Some(o) => s
                .values(o)
                .iter()
                .map(|v| Line { name: format!("{o}={v}"), points: xs.iter().map(|x| point(x, Some((o, v)))).collect() })
                .collect(),
            None => vec![Line {
                name: format!("median {} ms", s.metric.name()),
                points: xs.iter().map(|x| point(x, None)).collect(),
            }],
        };
        let held_text: Vec<String> = held.iter().map(|(a, v)| format!("{a}={v}")).collect();
        let title = match held_text.is_empty() {
            true => format!("{name}: {} time against {axis}", s.metric.name()),
            false => format!("{name}: {} time against {axis} ({})", s.metric.name(), held_text.join(", ")),
        };
        let svg = charts::lines(&title, axis, &xs, &format!("{} ms (median)", s.metric.name()), &lines)?;
        out.push(Chart { file: format!("{}-{}.svg", slug(name), slug(axis)), svg });
    }
    if let [x, y, rest @ ..] = s.axes.as_slice() {
        let held: Vec<(String, String)> = rest.iter().map(|a| (a.clone(), s.held_value(a))).collect();
        let (xs, ys) = (s.values(x), s.values(y));
        let cells: Vec<Vec<Option<f64>>> = ys
            .iter()
            .map(|yv| {
                xs.iter()
                    .map(|xv| {
                        let mut fixed: Vec<(&str, &str)> = vec![(x, xv), (y, yv)];
                        fixed.extend(held.iter().map(|(a, v)| (a.as_str(), v.as_str())));
                        s.config_with(&fixed).and_then(value)
                    })
                    .collect()
            })
            .collect();
        let held_text: Vec<String> = held.iter().map(|(a, v)| format!("{a}={v}")).collect();
        let title = format!("{name}: {} ms (median) {}", s.metric.name(), held_text.join(", "));
        let svg = charts::heat_map(title.trim_end(), (x, &xs), (y, &ys), &cells)?;
        out.push(Chart { file: format!("{}-heatmap.svg", slug(name)), svg });
    }
    Ok(out)
}

/// The tiers that ran code in any run, in the order tetra lists them.
fn running_tiers(records: &[RunRecord]) -> Vec<String> {
    let mut tiers: Vec<String> = Vec::new();
    for t in records.iter().filter_map(|r| r.stats.as_ref()).flat_map(|s| &s.tiers) {
        if t.run_ms > 0.0 && !tiers.contains(&t.tier) {
            tiers.push(t.tier.clone());
        }
    }
    tiers
}

/// Per program: a bar per configuration, time run in each tier and compile time (all tiers), the wall time drawn
/// across it.
fn tier_chart(s: &Summary, p: usize, tiers: &[String]) -> Result<Chart, String> {
    let bars: Vec<Bar> = (0..s.configs.len())
        .map(|c| {
            let cell = &s.cells[c][p];
            let tier = |t: &str, f: fn(&super::record::TierStats) -> f64| {
                cell.median(|r| r.tier(t).map_or(0.0, f)).unwrap_or(0.0)
            };
            let mut segments: Vec<f64> = tiers.iter().map(|t| tier(t, |x| x.run_ms)).collect();
            let compile = cell.median(|r| r.stats.as_ref().map_or(0.0, |s| s.tiers.iter().map(|t| t.compile_ms).sum()));
            segments.push(compile.unwrap_or(0.0));
            Bar { label: s.label(c), segments, marker: cell.time() }
        })
        .collect();
    let mut names: Vec<String> = tiers.iter().map(|t| format!("{t} run")).collect();
    names.push("compile (all tiers)".into());
    let program = &s.programs[p];
    let title = format!("{program}: time per tier and compile time per configuration");
    let svg = charts::stacked_bars(&title, &names, &format!("{} (median)", s.metric.name()), &bars)?;
    Ok(Chart { file: format!("{}-tiers.svg", slug(program)), svg })
}

/// Functions a timeline shows at most (the first to leave the interpreter).
const TIMELINE_FUNCTIONS: usize = 24;

/// Per program: the timeline of its first successful run of the default configuration (else the first one): when
/// each function that left the interpreter reached each tier, and when a deopt sent it back.
fn timeline_chart(s: &Summary, p: usize, records: &[RunRecord]) -> Result<Option<Chart>, String> {
    let program = &s.programs[p];
    let config = s.default.unwrap_or(0);
    let run = records
        .iter()
        .filter(|r| r.program_index == p && r.config.index == s.configs[config].index && r.outcome.exit_code == Some(0))
        .filter_map(|r| Some((r.run, r.stats.as_ref()?)))
        .min_by_key(|(run, _)| *run);
    let Some((_, stats)) = run else { return Ok(None) };
    let tiers = ["interp", "baseline", "mid", "top"].map(String::from);
    let mut tracks: Vec<super::charts::Track> = Vec::new();
    for change in &stats.timeline {
        let tier = tiers.iter().position(|t| *t == change.to).unwrap_or(0);
        let i = match tracks.iter().position(|t| t.function == change.function) {
            Some(i) => i,
            None if tracks.len() < TIMELINE_FUNCTIONS => {
                // Until its first change the function ran in the interpreter.
                tracks.push(super::charts::Track { function: change.function.clone(), spans: vec![(0.0, 0.0, 0)] });
                tracks.len() - 1
            }
            None => continue,
        };
        let spans = &mut tracks[i].spans;
        spans.last_mut().expect("a track starts with a span").1 = change.ms;
        spans.push((change.ms, change.ms, tier));
    }
    if tracks.is_empty() {
        return Ok(None);
    }
    for t in &mut tracks {
        t.spans.last_mut().expect("a track starts with a span").1 = stats.total_ms;
    }
    let used = tracks.iter().flat_map(|t| t.spans.iter().map(|s| s.2)).max().unwrap_or(0) + 1;
    let title = format!("{program}: tiers over time ({}, run 1)", s.label(config));
    let svg = super::charts::timeline(&title, &tiers[..used], stats.total_ms, &tracks)?;
    Ok(Some(Chart { file: format!("{}-timeline.svg", slug(program)), svg }))
}

/// Every chart of the report, grouped by section title.
pub fn charts(s: &Summary, records: &[RunRecord]) -> Result<Vec<(String, Vec<Chart>)>, String> {
    let tiers = running_tiers(records);
    let mut sections = Vec::new();
    if !s.axes.is_empty() && s.programs.len() > 1 {
        sections.push((ALL.to_string(), axis_charts(s, ALL, &|c| s.geomean[c])?));
    }
    for (p, program) in s.programs.iter().enumerate() {
        let mut list = axis_charts(s, program, &|c| s.cells[c][p].time())?;
        list.push(tier_chart(s, p, &tiers)?);
        list.extend(timeline_chart(s, p, records)?);
        sections.push((program.clone(), list));
    }
    Ok(sections)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// One row per run, in configuration, program and run order.
pub fn csv(s: &Summary, records: &[RunRecord]) -> String {
    let tiers: Vec<String> = {
        let mut t: Vec<String> = Vec::new();
        for name in records.iter().filter_map(|r| r.stats.as_ref()).flat_map(|s| s.tiers.iter().map(|t| &t.tier)) {
            if !t.contains(name) {
                t.push(name.clone());
            }
        }
        t
    };
    let mut head: Vec<String> = ["config_index", "config"].map(String::from).to_vec();
    head.extend(s.axes.iter().cloned());
    head.extend(
        [
            "default",
            "program",
            "run",
            "status",
            "failure",
            "wall_ms",
            "cpu_ms",
            "user_ms",
            "sys_ms",
            "max_rss_kb",
            "total_ms",
        ]
        .map(String::from),
    );
    for t in &tiers {
        head.extend(["run_ms", "compile_ms", "functions", "bytecode_bytes", "osr_entries"].map(|f| format!("{t}_{f}")));
    }
    head.extend(["osr_entries", "deopts", "gc_collections", "gc_pause_ms"].map(String::from));
    let mut out = head.join(",") + "\n";
    for (c, row) in s.cells.iter().enumerate() {
        let config = &s.configs[c];
        for cell in row {
            let mut runs: Vec<(&RunRecord, &str)> = cell.ok.iter().map(|r| (*r, "")).collect();
            runs.extend(cell.failures.iter().map(|(r, why)| (*r, why.as_str())));
            runs.sort_by_key(|(r, _)| r.run);
            for (r, why) in runs {
                let mut f: Vec<String> = vec![config.index.to_string(), csv_field(&config.name)];
                f.extend(s.axes.iter().map(|a| csv_field(config.value(a).unwrap_or(""))));
                let status = if why.is_empty() { "ok" } else { "failed" };
                f.extend([
                    config.default.to_string(),
                    csv_field(&r.program),
                    r.run.to_string(),
                    status.into(),
                    csv_field(why),
                ]);
                f.extend([r.wall_ms, r.cpu_ms(), r.user_ms, r.sys_ms].map(|v| format!("{v:.3}")));
                f.push(r.max_rss_kb.to_string());
                let opt = |v: Option<String>| v.unwrap_or_default();
                f.push(opt(r.stats.as_ref().map(|s| format!("{:.3}", s.total_ms))));
                for t in &tiers {
                    let ts = r.tier(t);
                    f.push(opt(ts.map(|t| format!("{:.3}", t.run_ms))));
                    f.push(opt(ts.map(|t| format!("{:.3}", t.compile_ms))));
                    f.extend(ts.map_or([""; 3].map(String::from), |t| {
                        [t.functions, t.bytecode_bytes, t.osr_entries].map(|v| v.to_string())
                    }));
                }
                let st = r.stats.as_ref();
                f.push(opt(st.map(|s| s.osr_entries.to_string())));
                f.push(opt(st.map(|s| s.deopts.to_string())));
                f.push(opt(st.map(|s| s.gc_collections.to_string())));
                f.push(opt(st.map(|s| format!("{:.3}", s.gc_pause_ms))));
                out.push_str(&(f.join(",") + "\n"));
            }
        }
    }
    out
}

/// Every run (with `failure` set on the failed ones), the summary per configuration and program, and the
/// geometric means.
pub fn json(s: &Summary) -> serde_json::Value {
    let mut runs = Vec::new();
    let mut cells = Vec::new();
    for (c, row) in s.cells.iter().enumerate() {
        for (p, cell) in row.iter().enumerate() {
            let with = |r: &RunRecord, why: Option<&str>| {
                let mut v = serde_json::to_value(r).expect("a run record is JSON");
                v["failure"] = json!(why);
                v
            };
            runs.extend(cell.ok.iter().map(|r| with(r, None)));
            runs.extend(cell.failures.iter().map(|(r, why)| with(r, Some(why))));
            cells.push(json!({
                "config": s.configs[c].name, "program": s.programs[p], "median_ms": cell.time(),
                "spread": cell.spread(), "ok_runs": cell.ok.len(), "failed_runs": cell.failures.len(),
            }));
        }
    }
    let geomean: Vec<serde_json::Value> = s
        .configs
        .iter()
        .enumerate()
        .map(|(c, config)| {
            json!({"config": config.name, "geomean_ms": s.geomean[c], "default": s.default == Some(c), "best": s.best == Some(c)})
        })
        .collect();
    json!({
        "metric": s.metric.name(), "axes": s.axes, "configurations": s.configs, "programs": s.programs,
        "summary": cells, "geomean": geomean, "runs": runs,
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn html(s: &Summary, sections: &[(String, Vec<Chart>)]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tetra sweep</title><style>\
         body{font-family:sans-serif;margin:2em}pre{font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:1em}\
         </style></head><body>\n<h1>tetra sweep</h1>\n",
    );
    out.push_str(&format!(
        "<p>{} configurations &times; {} programs. Times are {} times of each <code>tetra</code> process.</p>\n",
        s.configs.len(),
        s.programs.len(),
        s.metric.name()
    ));
    out.push_str(&format!("<h2>Summary</h2>\n<pre>{}</pre>\n", escape(&s.table())));
    out.push_str(
        "<p>Lines and heat maps: the median time of each configuration; for several axes, the axes not drawn are at \
         their default value. Bars: what the VM measured of itself (the time run in each tier, sampled on the wall \
         clock; compile time, which overlaps the run when mid compiles on a background thread), the process's \
         median time drawn across.</p>\n",
    );
    for (title, list) in sections {
        out.push_str(&format!("<h2>{}</h2>\n<div class=\"charts\">\n", escape(title)));
        for chart in list {
            out.push_str(&format!("<figure id=\"{}\">{}</figure>\n", escape(&chart.file), chart.svg));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// Writes every result file under `dir`; returns the terminal table.
pub fn write(dir: &Path, records: &[RunRecord], metric: Metric) -> Result<String, String> {
    let s = Summary::new(records, metric);
    let sections = charts(&s, records)?;
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    std::fs::create_dir_all(dir.join("charts")).map_err(|e| format!("cannot create {}/charts: {e}", dir.display()))?;
    for chart in sections.iter().flat_map(|(_, list)| list) {
        write(&format!("charts/{}", chart.file), &chart.svg)?;
    }
    write("runs.csv", &csv(&s, records))?;
    write("results.json", &format!("{:#}\n", json(&s)))?;
    write("report.html", &html(&s, &sections))?;
    Ok(s.table())
}
