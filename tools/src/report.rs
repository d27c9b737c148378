//! Running a script and reporting: errors in the agreed formats, and `--stats`.

use crate::cli::{Args, parse_size};
use crate::trace::{ChromeTrace, TraceFlags, TraceLayer};
use serde_json::json;
use std::io::Write;
use std::time::Instant;
use tetra_vm::tiering::deopt::DeoptReason;
use tetra_vm::tiering::sampler::Sampler;
use tetra_vm::tiering::{Tier, TieringOptions};
use tetra_vm::{Options, Vm};

/// What the command runs.
enum Input {
    /// A classic script's source and the name its errors and stack traces give it.
    Script(String, String),
    Module(String),
    Shell,
}

fn input(args: &Args) -> Result<Input, u8> {
    let read = |name: &str, r: std::io::Result<Vec<u8>>| match r {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) => {
            eprintln!("tetra: cannot read {name}: {e}");
            Err(2)
        }
    };
    Ok(match (&args.eval, args.file.as_deref()) {
        (Some(code), _) => Input::Script(code.clone(), "<eval>".into()),
        (None, None) => Input::Shell,
        (None, Some("-")) => {
            let mut bytes = Vec::new();
            let r = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes);
            Input::Script(read("standard input", r)?, "<stdin>".into())
        }
        (None, Some(f)) if args.module || f.ends_with(".mjs") => Input::Module(f.to_string()),
        (None, Some(f)) => Input::Script(read(f, std::fs::read(f))?, f.to_string()),
    })
}

pub fn run(args: Args) -> u8 {
    let input = match input(&args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let Some(max_tier) = Tier::from_name(&args.max_tier) else {
        eprintln!("tetra: unknown tier '{}' (interp, baseline, mid, top)", args.max_tier);
        return 2;
    };
    let max_tier = if args.jitless { Tier::Interp } else { max_tier };
    let max_heap = match args.max_heap.as_deref().map(parse_size) {
        Some(None) => {
            eprintln!("tetra: bad --max-heap size");
            return 2;
        }
        Some(Some(n)) => Some(n),
        None => None,
    };
    let options = Options {
        gc_stress: args.gc_stress,
        trace_gc: args.trace_gc,
        max_heap,
        print_bytecode: args.print_bytecode,
        stats: args.stats || args.stats_json.is_some(),
        expose_natives: args.expose_natives,
        code_cache: args.code_cache.clone(),
        no_lazy: args.no_lazy,
        tiering: TieringOptions {
            interrupt_budget: args.interrupt_budget.max(1),
            max_tier,
            baseline_after: args.baseline_after.max(1),
            mid_after: args.mid_after.max(1),
            top_after: args.top_after.max(1),
            eager: if args.eager_mid {
                Some(Tier::Mid)
            } else if args.eager_baseline {
                Some(Tier::Baseline)
            } else {
                None
            },
            osr: !args.no_osr,
            max_deopts: args.max_deopts.max(1),
            osr_after: args.osr_after.max(1),
            size_unit: args.tick_size_unit,
            concurrent: !args.no_concurrent,
            compile_threads: args.compile_threads.max(1),
            perf_map: args.perf_basic_prof,
        },
    };
    let flags = TraceFlags {
        opt: args.trace_opt,
        osr: args.trace_osr,
        deopt: args.trace_deopt,
        inlining: args.trace_inlining,
        mid_graph: args.print_mid_graph,
        code: args.print_code,
        json: args.trace_json.is_some(),
    };
    let chrome = ChromeTrace::default();
    if flags.any() {
        use tracing_subscriber::layer::SubscriberExt;
        let subscriber = tracing_subscriber::registry().with(TraceLayer::new(flags, chrome.clone()));
        let _ = tracing::subscriber::set_global_default(subscriber);
    }
    let started = Instant::now();
    let mut vm = Vm::new(options);
    tetra::install_tiers(&mut vm, args.stress_deopt, inlining(&args));
    let sampler = (args.stats || args.stats_json.is_some()).then(|| Sampler::start(&vm));
    let result = match input {
        Input::Module(file) => run_module(&mut vm, &file),
        Input::Shell => match crate::shell::run(&mut vm) {
            0 => Ok(()),
            code => return code,
        },
        Input::Script(source, name) => {
            let template = match vm.compile_main(&source, &name) {
                Ok(t) => t,
                Err(e) => {
                    vm.flush();
                    eprintln!("SyntaxError: {} at {}:{}:{}", e.message, name, e.line, e.column);
                    return 1;
                }
            };
            // The script is the first task; then the event loop: promise jobs after each task, timers in order.
            vm.run_script_template(template).and_then(|_| vm.run_tasks())
        }
    };
    vm.stats.run_time = started.elapsed();
    if let Some(s) = sampler {
        for (tier, time) in vm.stats.tiers.iter_mut().zip(s.finish()) {
            tier.run_time = time;
        }
    }
    let code = match result {
        Ok(_) => 0,
        Err(exc) => {
            let text = vm.describe_uncaught(exc);
            vm.flush();
            eprintln!("{text}");
            1
        }
    };
    vm.flush();
    if args.stats {
        let _ = std::io::stderr().write_all(stats_text(&vm).as_bytes());
    }
    if let Some(path) = &args.trace_json
        && let Err(e) = std::fs::write(path, chrome.to_json())
    {
        eprintln!("tetra: cannot write {path}: {e}");
    }
    if let Some(path) = &args.stats_json
        && let Err(e) = std::fs::write(path, stats_json(&vm))
    {
        eprintln!("tetra: cannot write {path}: {e}");
    }
    code
}

/// A module is the first task (loading, linking and the synchronous part of its evaluation); then the event loop.
/// A rejected evaluation (an exception, possibly after an `await`) is the uncaught exception.
fn run_module(vm: &mut Vm, file: &str) -> tetra_vm::JsResult<()> {
    let evaluation = vm.run_module_file(file)?;
    vm.run_tasks()?;
    match vm.module_rejection(evaluation) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub(crate) fn stats_text(vm: &Vm) -> String {
    let s = &vm.stats;
    let h = vm.heap.stats();
    let mut out = String::new();
    out.push_str("=== tetra statistics ===\n");
    out.push_str(&format!(
        "{:<9} {:>9} {:>12} {:>11} {:>11} {:>12} {:>12} {:>9}\n",
        "tier", "functions", "bytecode B", "code B", "compile ms", "MB bc/s", "us/function", "run ms"
    ));
    for tier in Tier::ALL {
        let t = &s.tiers[tier as usize];
        if tier > Tier::Mid {
            out.push_str(&format!("{:<9} {:>9}\n", tier.name(), "- (not built yet)"));
            continue;
        }
        let secs = t.compile_time.as_secs_f64();
        let speed = if secs > 0.0 { t.bytecode_bytes as f64 / secs / 1e6 } else { 0.0 };
        let per_fn = if t.functions_compiled > 0 { secs * 1e6 / t.functions_compiled as f64 } else { 0.0 };
        let code = if tier == Tier::Interp { "-".to_string() } else { t.code_bytes.to_string() };
        out.push_str(&format!(
            "{:<9} {:>9} {:>12} {:>11} {:>11.3} {:>12.1} {:>12.1} {:>9.1}\n",
            tier.name(),
            t.functions_compiled,
            t.bytecode_bytes,
            code,
            secs * 1e3,
            speed,
            per_fn,
            t.run_time.as_secs_f64() * 1e3
        ));
    }
    let mid = &s.tiers[Tier::Mid as usize];
    if mid.inlined_bytecode_bytes > 0 {
        let all = mid.bytecode_bytes + mid.inlined_bytecode_bytes;
        out.push_str(&format!(
            "mid also compiled {} B of inlined callees' bytecode: {:.1} MB bc/s counting all {all} B\n",
            mid.inlined_bytecode_bytes,
            all as f64 / mid.compile_time.as_secs_f64().max(1e-9) / 1e6
        ));
    }
    let bg = s.tiers[Tier::Mid as usize].background_time;
    if !bg.is_zero() {
        out.push_str(&format!("mid compile time on background threads: {:.3} ms\n", bg.as_secs_f64() * 1e3));
    }
    for tier in [Tier::Baseline, Tier::Mid] {
        let failures = s.tiers[tier as usize].compile_failures;
        if failures > 0 {
            out.push_str(&format!("{} compile failures: {failures} (see --trace-opt)\n", tier.name()));
        }
    }
    out.push_str("(interp compile = parse + bytecode generation; run ms sampled every 0.5 ms, builtins count for their caller's tier)\n");
    let fe = &s.front_end;
    let front_end = fe.parse + fe.scope + fe.bytecode + fe.cache_load + s.load_time;
    if !front_end.is_zero() {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        out.push_str(&format!(
            "front end: {:.1} KB of source at {:.1} MB/s: parse {:.3} ms, scope analysis {:.3} ms, bytecode {:.3} ms, \
             loading {:.3} ms; functions compiled {} of {} declared\n",
            s.source_bytes as f64 / 1024.0,
            s.source_bytes as f64 / front_end.as_secs_f64() / 1e6,
            ms(fe.parse),
            ms(fe.scope),
            ms(fe.bytecode),
            ms(s.load_time),
            s.tiers[Tier::Interp as usize].functions_compiled,
            s.functions_declared
        ));
    }
    let [hits, misses, rejected] = s.code_cache;
    if hits + misses + rejected > 0 {
        out.push_str(&format!(
            "code cache: {hits} loaded ({:.3} ms), {} compiled and stored ({rejected} cache files rejected)\n",
            fe.cache_load.as_secs_f64() * 1e3,
            misses + rejected
        ));
    }
    out.push_str(&format!("frames pushed (calls): {}\n", s.calls));
    out.push_str(&format!(
        "interrupt budget exhausted: {} ({} at loop back-edges, {} at returns)\n",
        s.budget_interrupts,
        s.backedge_interrupts,
        s.budget_interrupts - s.backedge_interrupts
    ));
    out.push_str(&format!(
        "inline-cache misses: {} named loads, {} named stores; {} keyed accesses off the fast path\n",
        s.load_ic_misses, s.store_ic_misses, s.keyed_slow
    ));
    let space = tetra_vm::jit::code_space::usage();
    out.push_str(&format!(
        "code: {} replaced or invalidated code objects freed ({:.1} KB) once no frame ran in them, {} still retired; \
         code space {} chunks ({:.0} KB mapped), {:.1} KB in use, peak {:.1} KB\n",
        s.code_freed,
        s.code_freed_bytes as f64 / 1024.0,
        vm.retired_code.len(),
        space.chunks,
        space.mapped_bytes as f64 / 1024.0,
        space.used_bytes as f64 / 1024.0,
        space.peak_used_bytes as f64 / 1024.0,
    ));
    let deopts: u64 = s.deopts.iter().sum();
    let by_reason: Vec<String> = DeoptReason::ALL
        .iter()
        .filter(|&&r| s.deopts[r as usize] > 0)
        .map(|&r| format!("{} {}", s.deopts[r as usize], r.text()))
        .collect();
    out.push_str(&format!(
        "OSR entries: {} ({} into baseline, {} into mid)   deopts: {deopts}",
        s.osr_entries(),
        s.osr_into[Tier::Baseline as usize],
        s.osr_into[Tier::Mid as usize]
    ));
    if !by_reason.is_empty() {
        out.push_str(&format!(" ({})", by_reason.join(", ")));
    }
    if s.invalidations > 0 {
        out.push_str(&format!("   code invalidated: {} (lazy deopt)", s.invalidations));
    }
    out.push('\n');
    out.push_str(&hot_loops_text(vm));
    out.push_str(&format!(
        "gc: {} collections, {:.3} ms total pause, {:.3} ms max; {:.1} MB allocated; peak heap {:.1} MB\n",
        h.collections,
        h.total_pause.as_secs_f64() * 1e3,
        h.max_pause.as_secs_f64() * 1e3,
        h.bytes_allocated_total as f64 / 1048576.0,
        h.peak_heap_bytes as f64 / 1048576.0
    ));
    out.push_str(&format!("total time: {:.3} ms\n", s.run_time.as_secs_f64() * 1e3));
    out
}

/// Loops shown by `--stats` (all of them are in `--stats-json`).
const HOT_LOOPS: usize = 10;

/// The tiers that run code, as the loop statistics count them.
const RUNNING_TIERS: [Tier; 3] = [Tier::Interp, Tier::Baseline, Tier::Mid];

/// `--stats`' table of the hottest loops: back-edges taken in each tier, OSR entries, and when the loop first ran
/// in each tier (ms from the start).
fn hot_loops_text(vm: &Vm) -> String {
    let loops = vm.hottest_loops();
    if loops.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "hottest loops (of {}): back-edges in interp / baseline / mid, OSR entries into baseline / mid, first ran in each tier (ms)\n",
        loops.len()
    );
    for (t, l) in loops.iter().take(HOT_LOOPS) {
        let (line, column) = t.loop_position(l.header);
        let counts: Vec<String> = RUNNING_TIERS.iter().map(|&k| l.backedges[k as usize].get().to_string()).collect();
        let first: Vec<String> = RUNNING_TIERS
            .iter()
            .map(|&k| l.first_run(k).map_or("-".into(), |d| format!("{:.1}", d.as_secs_f64() * 1e3)))
            .collect();
        out.push_str(&format!(
            "  {}: loop at line {line}:{column} (header @{})  {}  OSR {} / {}  first {}\n",
            tetra_vm::tiering::describe_function(t),
            l.header,
            counts.join(" / "),
            l.osr_into[Tier::Baseline as usize].get(),
            l.osr_into[Tier::Mid as usize].get(),
            first.join(" / ")
        ));
    }
    out
}

fn hot_loops_json(vm: &Vm) -> Vec<serde_json::Value> {
    let per_tier = |f: &dyn Fn(Tier) -> serde_json::Value| -> serde_json::Map<String, serde_json::Value> {
        RUNNING_TIERS.iter().map(|&k| (k.name().to_string(), f(k))).collect()
    };
    vm.hottest_loops()
        .iter()
        .map(|(t, l)| {
            let (line, column) = t.loop_position(l.header);
            json!({
                "function": tetra_vm::tiering::describe_function(t),
                "line": line,
                "column": column,
                "header": l.header,
                "backedges": per_tier(&|k| json!(l.backedges[k as usize].get())),
                "osr_into": per_tier(&|k| json!(l.osr_into[k as usize].get())),
                "first_ms": per_tier(&|k| json!(l.first_run(k).map(|d| d.as_secs_f64() * 1e3))),
            })
        })
        .collect()
}

fn stats_json(vm: &Vm) -> String {
    let s = &vm.stats;
    let h = vm.heap.stats();
    let space = tetra_vm::jit::code_space::usage();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let tiers: serde_json::Map<String, serde_json::Value> = Tier::ALL
        .iter()
        .map(|&tier| {
            let t = &s.tiers[tier as usize];
            let row = json!({
                "functions_compiled": t.functions_compiled,
                "bytecode_bytes": t.bytecode_bytes,
                "inlined_bytecode_bytes": t.inlined_bytecode_bytes,
                "code_bytes": t.code_bytes,
                "compile_ms": ms(t.compile_time),
                "background_compile_ms": ms(t.background_time),
                "osr_entries": s.osr_into[tier as usize],
                "compile_failures": t.compile_failures,
                "run_ms": ms(t.run_time),
            });
            (tier.name().to_string(), row)
        })
        .collect();
    let deopts: serde_json::Map<String, serde_json::Value> =
        DeoptReason::ALL.iter().map(|&r| (format!("{r:?}"), json!(s.deopts[r as usize]))).collect();
    let timeline: Vec<serde_json::Value> = s
        .timeline
        .iter()
        .map(|e| {
            json!({
                "ms": ms(e.at),
                "function": e.function,
                "from": e.from.name(),
                "to": e.to.name(),
                "reason": e.reason,
                "osr_loop": e.osr_loop,
            })
        })
        .collect();
    let doc = json!({
        "tiers": tiers,
        "front_end": {
            "source_bytes": s.source_bytes,
            "parse_ms": ms(s.front_end.parse),
            "scope_ms": ms(s.front_end.scope),
            "bytecode_ms": ms(s.front_end.bytecode),
            "load_ms": ms(s.load_time),
            "functions_declared": s.functions_declared,
            "functions_compiled": s.tiers[Tier::Interp as usize].functions_compiled,
            "code_cache": {
                "hits": s.code_cache[0],
                "misses": s.code_cache[1],
                "rejected": s.code_cache[2],
                "load_ms": ms(s.front_end.cache_load),
            },
        },
        "calls": s.calls,
        "budget_interrupts": s.budget_interrupts,
        "backedge_interrupts": s.backedge_interrupts,
        "osr_entries": s.osr_entries(),
        "deopts": deopts,
        "ic_misses": { "named_loads": s.load_ic_misses, "named_stores": s.store_ic_misses, "keyed_slow": s.keyed_slow },
        "code": {
            "freed": s.code_freed,
            "freed_bytes": s.code_freed_bytes,
            "retired": vm.retired_code.len(),
            "space_chunks": space.chunks,
            "space_mapped_bytes": space.mapped_bytes,
            "space_used_bytes": space.used_bytes,
            "space_peak_used_bytes": space.peak_used_bytes,
        },
        "gc": {
            "collections": h.collections,
            "total_pause_ms": ms(h.total_pause),
            "max_pause_ms": ms(h.max_pause),
            "allocated_bytes": h.bytes_allocated_total,
            "peak_heap_bytes": h.peak_heap_bytes,
        },
        "timeline": timeline,
        "loops": hot_loops_json(vm),
        "total_ms": ms(s.run_time),
    });
    format!("{doc}\n")
}

/// The inliner's budgets from the command line.
fn inlining(args: &Args) -> tetra_mid::Inlining {
    let cumulative = if args.no_inlining { 0 } else { args.max_inlined_bytecode_size_cumulative };
    tetra_mid::Inlining { callee: args.max_inlined_bytecode_size, cumulative }
}
