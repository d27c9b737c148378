//! The VM's structured events (`tracing`, targets `tetra::opt`, `tetra::osr`, `tetra::code`, `tetra::gc`) as the
//! text traces of `--trace-opt`, `--trace-osr` and `--print-code` (stderr), and as Chrome trace-event JSON for
//! `--trace-json` (open it in Perfetto or chrome://tracing).
//!
//! Invariant: the layer declares interest only in the targets a flag asked for, so the VM does no work (no
//! formatting, no disassembly) for traces nobody reads.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tracing::field::{Field, Visit};
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

#[derive(Default, Clone, Copy)]
pub struct TraceFlags {
    pub opt: bool,
    pub osr: bool,
    pub deopt: bool,
    pub inlining: bool,
    pub mid_graph: bool,
    pub code: bool,
    pub json: bool,
}

impl TraceFlags {
    pub fn any(&self) -> bool {
        self.opt || self.osr || self.deopt || self.inlining || self.mid_graph || self.code || self.json
    }

    fn wants(&self, target: &str) -> bool {
        match target {
            "tetra::opt" => self.opt || self.json,
            "tetra::osr" => self.osr || self.json,
            "tetra::deopt" => self.deopt || self.json,
            "tetra::inline" => self.inlining,
            "tetra::mid_graph" => self.mid_graph,
            "tetra::code" => self.code,
            "tetra::gc" => self.json,
            _ => false,
        }
    }
}

/// Chrome trace events recorded so far (JSON objects, one per event).
#[derive(Clone, Default)]
pub struct ChromeTrace(Arc<Mutex<Vec<String>>>);

impl ChromeTrace {
    /// The complete trace file.
    pub fn to_json(&self) -> String {
        let events = self.0.lock().map(|e| e.clone()).unwrap_or_default();
        let mut out = String::from("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
        let meta = [
            r#"{"name":"process_name","ph":"M","pid":1,"tid":1,"args":{"name":"tetra"}}"#.to_string(),
            r#"{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"js (main)"}}"#.to_string(),
        ];
        let all: Vec<&String> = meta.iter().chain(events.iter()).collect();
        for (i, e) in all.iter().enumerate() {
            out.push_str(e);
            out.push_str(if i + 1 < all.len() { ",\n" } else { "\n" });
        }
        out.push_str("]}\n");
        out
    }
}

pub struct TraceLayer {
    flags: TraceFlags,
    chrome: ChromeTrace,
    start: Instant,
    /// Compile threads whose track has been named (bit per thread).
    named_threads: std::sync::atomic::AtomicU64,
}

impl TraceLayer {
    pub fn new(flags: TraceFlags, chrome: ChromeTrace) -> TraceLayer {
        TraceLayer { flags, chrome, start: Instant::now(), named_threads: Default::default() }
    }

    /// Names a compile thread's track the first time it has an event.
    fn name_thread(&self, tid: i64) {
        let bit = 1u64 << ((tid - 2) as u32 % 64);
        if self.named_threads.fetch_or(bit, std::sync::atomic::Ordering::Relaxed) & bit != 0 {
            return;
        }
        let meta = format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{tid},"args":{{"name":"compile thread {}"}}}}"#,
            tid - 2
        );
        if let Ok(mut events) = self.chrome.0.lock() {
            events.push(meta);
        }
    }
}

#[derive(Default)]
struct Fields(Vec<(&'static str, FieldValue)>);

enum FieldValue {
    Text(String),
    Number(f64),
}

impl Fields {
    fn text(&self, name: &str) -> String {
        match self.0.iter().find(|(n, _)| *n == name) {
            Some((_, FieldValue::Text(s))) => s.clone(),
            Some((_, FieldValue::Number(n))) => format!("{n}"),
            None => String::new(),
        }
    }

    fn number(&self, name: &str) -> f64 {
        match self.0.iter().find(|(n, _)| *n == name) {
            Some((_, FieldValue::Number(n))) => *n,
            _ => 0.0,
        }
    }

    fn json_args(&self) -> String {
        let mut s = String::from("{");
        for (i, (name, v)) in self.0.iter().filter(|(n, _)| *n != "message" && *n != "listing").enumerate() {
            if i > 0 {
                s.push(',');
            }
            match v {
                FieldValue::Text(t) => write!(s, "{}:{}", json_string(name), json_string(t)).unwrap(),
                FieldValue::Number(n) => write!(s, "{}:{}", json_string(name), n).unwrap(),
            }
        }
        s.push('}');
        s
    }
}

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.push((field.name(), FieldValue::Number(value)));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.push((field.name(), FieldValue::Number(value as f64)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.push((field.name(), FieldValue::Number(value as f64)));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), FieldValue::Text(value.to_string())));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name(), FieldValue::Text(format!("{value:?}"))));
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<S: Subscriber> Layer<S> for TraceLayer {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        self.flags.wants(metadata.target())
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let target = event.metadata().target();
        let mut f = Fields::default();
        event.record(&mut f);
        let now_us = self.start.elapsed().as_secs_f64() * 1e6;
        let message = f.text("message");
        let mut err = std::io::stderr().lock();
        match target {
            "tetra::opt" if self.flags.opt => {
                let _ = if message == "tier-up" {
                    writeln!(
                        err,
                        "[tier-up] {}: {} -> {}, reason: {}; ticks {}, invocations {}; {} bytecode bytes -> {} code bytes in {:.3} ms{}",
                        f.text("function"),
                        f.text("from"),
                        f.text("to"),
                        f.text("reason"),
                        f.number("ticks"),
                        f.number("invocations"),
                        f.number("bytecode_bytes"),
                        f.number("code_bytes"),
                        f.number("compile_us") / 1e3,
                        if f.number("compile_thread") >= 0.0 {
                            format!(
                                " ({:.3} ms on compile thread {})",
                                f.number("worker_us") / 1e3,
                                f.number("compile_thread")
                            )
                        } else {
                            String::new()
                        }
                    )
                } else if message == "tier-up discarded" {
                    writeln!(
                        err,
                        "[tier-up discarded] {}: {} code not installed: {}",
                        f.text("function"),
                        f.text("tier"),
                        f.text("reason")
                    )
                } else if message == "too many deopts: stays below" {
                    writeln!(
                        err,
                        "[opt] {}: {} deopts, stays below {} (last: {})",
                        f.text("function"),
                        f.number("deopts"),
                        f.text("tier"),
                        f.text("last_reason")
                    )
                } else {
                    writeln!(
                        err,
                        "[tier-up failed] {}: {} -> {}: {}",
                        f.text("function"),
                        f.text("from"),
                        f.text("to"),
                        f.text("reason")
                    )
                };
            }
            "tetra::osr" if self.flags.osr => {
                let _ = writeln!(
                    err,
                    "[osr] {}: loop at line {} (header @{}, back-edge @{}): {} -> {}; {}",
                    f.text("function"),
                    f.text("position"),
                    f.number("loop_header"),
                    f.number("at"),
                    f.text("from"),
                    f.text("to"),
                    f.text("values")
                );
            }
            "tetra::inline" => {
                let _ = writeln!(
                    err,
                    "[inline] {} into {} at @{} (depth {}): {}",
                    f.text("callee"),
                    f.text("caller"),
                    f.number("pc"),
                    f.number("depth"),
                    f.text("outcome")
                );
            }
            "tetra::deopt" if self.flags.deopt && message == "code invalidated" => {
                let _ = writeln!(
                    err,
                    "[deopt] {}: code invalidated: {}; new calls run below it, its running frames deoptimise when \
                     control returns to them",
                    f.text("function"),
                    f.text("reason")
                );
            }
            "tetra::deopt" if self.flags.deopt => {
                let _ = writeln!(
                    err,
                    "[deopt] {}: at bytecode @{}, reason: {} (deopt #{}); frame: {}",
                    f.text("function"),
                    f.number("pc"),
                    f.text("reason"),
                    f.number("deopts"),
                    f.text("values")
                );
            }
            "tetra::mid_graph" if self.flags.mid_graph => {
                let _ = writeln!(
                    err,
                    "--- mid graph ({}): {} ---\n{}",
                    f.text("phase"),
                    f.text("function"),
                    f.text("graph")
                );
            }
            "tetra::code" if self.flags.code => {
                let _ = writeln!(err, "--- {} code: {} ---\n{}", f.text("tier"), f.text("function"), f.text("listing"));
            }
            _ => {}
        }
        if !self.flags.json {
            return;
        }
        let (name, cat, dur) = match (target, message.as_str()) {
            ("tetra::opt", "tier-up") => {
                (format!("compile {} ({})", f.text("function"), f.text("to")), "compile", f.number("compile_us"))
            }
            ("tetra::opt", _) => (format!("compile failed {}", f.text("function")), "compile", 0.0),
            ("tetra::osr", _) => (format!("OSR {}", f.text("function")), "osr", 0.0),
            ("tetra::deopt", _) => (format!("deopt {} ({})", f.text("function"), f.text("reason")), "deopt", 0.0),
            ("tetra::gc", _) => (format!("GC ({})", f.text("reason")), "gc", f.number("pause_us")),
            _ => return,
        };
        // A background compile goes on its thread's track, where and when the worker ran it.
        let (tid, end_us, dur) = if target == "tetra::opt" && message == "tier-up" && f.number("compile_thread") >= 0.0
        {
            let tid = 2 + f.number("compile_thread") as i64;
            self.name_thread(tid);
            (tid, now_us - f.number("finished_us_ago"), f.number("worker_us"))
        } else {
            (1, now_us, dur)
        };
        let event = if dur > 0.0 {
            format!(
                "{{\"name\":{},\"cat\":\"{cat}\",\"ph\":\"X\",\"ts\":{:.3},\"dur\":{:.3},\"pid\":1,\"tid\":{tid},\"args\":{}}}",
                json_string(&name),
                (end_us - dur).max(0.0),
                dur,
                f.json_args()
            )
        } else {
            format!(
                "{{\"name\":{},\"cat\":\"{cat}\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{:.3},\"pid\":1,\"tid\":1,\"args\":{}}}",
                json_string(&name),
                now_us,
                f.json_args()
            )
        };
        if let Ok(mut events) = self.chrome.0.lock() {
            events.push(event);
        }
    }
}
