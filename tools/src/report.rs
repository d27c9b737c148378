//! Running a script and reporting: errors in the agreed formats, and `--stats`.

use crate::cli::{Args, parse_size};
use std::io::Write;
use std::time::Instant;
use tetra_vm::{Options, Vm};

pub fn run(args: Args) -> u8 {
    let source = match std::fs::read(&args.file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("tetra: cannot read {}: {e}", args.file);
            return 2;
        }
    };
    if !matches!(args.max_tier.as_str(), "interp" | "baseline" | "mid" | "top") {
        eprintln!("tetra: unknown tier '{}' (interp, baseline, mid, top)", args.max_tier);
        return 2;
    }
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
        stats: args.stats,
        interrupt_budget: args.interrupt_budget.max(1),
        expose_natives: args.expose_natives,
    };
    let started = Instant::now();
    let mut vm = Vm::new(options);
    let template = match vm.compile(&source, &args.file) {
        Ok(t) => t,
        Err(e) => {
            vm.flush();
            eprintln!("SyntaxError: {} at {}:{}:{}", e.message, args.file, e.line, e.column);
            return 1;
        }
    };
    // The script, then the microtask queue (promise reactions), as a host does after each task.
    let result = vm.run_script_template(template).and_then(|_| vm.run_microtasks());
    vm.stats.run_time = started.elapsed();
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
    if let Some(path) = &args.stats_json {
        if let Err(e) = std::fs::write(path, stats_json(&vm)) {
            eprintln!("tetra: cannot write {path}: {e}");
        }
    }
    code
}

fn stats_text(vm: &Vm) -> String {
    let s = &vm.stats;
    let h = vm.heap.stats();
    let mut out = String::new();
    out.push_str("=== tetra statistics ===\n");
    out.push_str(&format!("{:<10} {:>10} {:>14} {:>14}\n", "tier", "functions", "bytecode bytes", "compile ms"));
    out.push_str(&format!(
        "{:<10} {:>10} {:>14} {:>14.3}\n",
        "interp",
        s.interp.functions_compiled,
        s.interp.bytecode_bytes,
        s.interp.compile_time.as_secs_f64() * 1e3
    ));
    for tier in ["baseline", "mid", "top"] {
        out.push_str(&format!("{tier:<10} {:>10} {:>14} {:>14}\n", "-", "-", "- (not built yet)"));
    }
    out.push_str(&format!("calls into interp frames: {}\n", s.calls));
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
    out.push_str("OSR entries: 0   deopts: 0\n");
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

fn stats_json(vm: &Vm) -> String {
    let s = &vm.stats;
    let h = vm.heap.stats();
    format!(
        concat!(
            "{{\"tiers\":{{\"interp\":{{\"functions_compiled\":{},\"bytecode_bytes\":{},\"compile_ms\":{:.3}}}}},",
            "\"calls\":{},\"budget_interrupts\":{},\"backedge_interrupts\":{},\"osr_entries\":0,\"deopts\":0,",
            "\"gc\":{{\"collections\":{},\"total_pause_ms\":{:.3},\"max_pause_ms\":{:.3},\"allocated_bytes\":{},",
            "\"peak_heap_bytes\":{}}},\"total_ms\":{:.3}}}\n"
        ),
        s.interp.functions_compiled,
        s.interp.bytecode_bytes,
        s.interp.compile_time.as_secs_f64() * 1e3,
        s.calls,
        s.budget_interrupts,
        s.backedge_interrupts,
        h.collections,
        h.total_pause.as_secs_f64() * 1e3,
        h.max_pause.as_secs_f64() * 1e3,
        h.bytes_allocated_total,
        h.peak_heap_bytes,
        s.run_time.as_secs_f64() * 1e3
    )
}
