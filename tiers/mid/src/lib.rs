//! tetra-mid: the Maglev-style tier. Bytecode and feedback become an SSA graph with speculative nodes guarded by
//! deopt exits (`builder.rs`), phis get machine representations (`repr.rs`), and the graph is lowered to Cranelift
//! IR and compiled (`lower.rs`) into the project's own code space (`code.rs`).
//!
//! Invariants:
//! - Mid code runs on the interpreter's frame, which its caller pushed; it keeps values in SSA registers and writes
//!   a frame slot only where a generic instruction or a deopt exit needs the frame complete. A deopt leaves the
//!   frame exactly as `interp` expects at the deopt's bytecode offset.
//! - Every function `interp` runs can be compiled, except the ones `builder::build` names (generators and async
//!   functions); the reason shows in `--trace-opt`.
//! - Other architectures: `available()` is false and the tier is never installed.

mod builder;
pub use builder::Inlining;
mod code;
pub mod ir;
mod lower;
mod repr;

use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use std::sync::OnceLock;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::background::{CompileJob, KeepAlive, PreparedCompile};
use tetra_vm::tiering::{CompiledCode, Tier, TierCompiler};

/// Whether this host can run mid code.
pub const fn available() -> bool {
    cfg!(target_arch = "x86_64")
}

/// Whether Cranelift verifies the IR of every compile (debug builds, or `TETRA_VERIFY_CLIF` set, as the test
/// runners do). IR it rejects is a bug of the lowering: when verifying it panics, which the tiering manager contains
/// (the function stays in its tier) and test runners see on stderr.
fn verifying() -> bool {
    cfg!(debug_assertions) || std::env::var_os("TETRA_VERIFY_CLIF").is_some()
}

fn isa() -> Result<&'static OwnedTargetIsa, String> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        let mut flags = settings::builder();
        let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| format!("{k}: {e}"));
        // The graph arrives in SSA with its constants and checks explicit; Cranelift's egraph pass ("speed") cost
        // 4-5x the compile time on AWFY (Richards: 124 ms vs 23 ms of mid compiles) for no run-time gain we could
        // measure, so `mid` compiles at "none", as DESIGN.md says. (`top` is where optimisation belongs.)
        set(&mut flags, "opt_level", "none")?;
        set(&mut flags, "preserve_frame_pointers", "true")?;
        // The code is copied into the project's own code space and no unwinder ever walks it (a Rust panic never
        // crosses JIT frames; exceptions travel in the status word): unwind records were 3% of compile time.
        set(&mut flags, "unwind_info", "false")?;
        set(&mut flags, "enable_verifier", if verifying() { "true" } else { "false" })?;
        let builder = cranelift_native::builder().map_err(|e| e.to_string())?;
        builder.finish(settings::Flags::new(flags)).map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| e.clone())
}

/// The graph of `t` after building and representation selection (`--print-mid-graph`, tests).
pub fn graph(t: &FunctionTemplate) -> Result<ir::Graph, String> {
    let mut g = builder::build(t, None, builder::VmRefs::default())?;
    repr::select(&mut g);
    Ok(g)
}

/// Checks left before the next `--stress-deopt` deopt (mid code decrements it at every check; the JS thread only).
pub(crate) static STRESS_COUNTER: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(i64::MAX);

/// The mid tier's compiler, to install with `Vm::install_tier`.
#[derive(Default)]
pub struct MidCompiler {
    /// `--stress-deopt=N`: every N-th check executed deoptimises (to test every frame state).
    pub stress_deopt: Option<u32>,
    /// What the graph and the code refer to of the VM.
    pub vm: builder::VmRefs,
}

impl TierCompiler for MidCompiler {
    fn tier(&self) -> Tier {
        Tier::Mid
    }

    fn compile(&self, t: &FunctionTemplate) -> Result<Box<dyn CompiledCode>, String> {
        Ok(Box::new(self.job(t, None)?).run()?)
    }

    fn compile_osr(&self, t: &FunctionTemplate, loop_header: u32) -> Result<Box<dyn CompiledCode>, String> {
        Ok(Box::new(self.job(t, Some(loop_header))?).run()?)
    }

    fn prepare(&self, t: &FunctionTemplate, osr: Option<u32>) -> Option<Result<PreparedCompile, String>> {
        let started = std::time::Instant::now();
        Some(self.job(t, osr).map(|job| {
            let keep_alive = Box::new(KeptCells { shapes: job.shapes.clone(), holders: job.holders.clone() });
            PreparedCompile { job: Box::new(job), keep_alive, prepare_time: started.elapsed() }
        }))
    }
}

/// A mid compile after the main thread's part: the function in Cranelift IR and what the code object records.
struct MidJob {
    clif: lower::Clif,
    generic: usize,
    shapes: Vec<usize>,
    holders: Vec<usize>,
    osr: Option<u32>,
    osr_values: String,
    epoch: Option<u32>,
    globals: Vec<(u64, u64)>,
    invalid: Box<std::sync::atomic::AtomicU8>,
    inlined_bytes: usize,
}

impl CompileJob for MidJob {
    fn run(self: Box<Self>) -> Result<Box<dyn CompiledCode + Send>, String> {
        let job = *self;
        let lowered = job.clif.compile(isa()?.as_ref())?;
        Ok(Box::new(code::MidCode {
            buffer: tetra_vm::jit::code_space::Code::install(&lowered.bytes)?,
            srclocs: lowered.srclocs,
            exits: lowered.exits,
            _exit_tables: lowered.exit_tables,
            generic: job.generic,
            shapes: job.shapes,
            holders: job.holders,
            osr_header: job.osr,
            osr_values: job.osr_values,
            epoch: job.epoch,
            globals: job.globals,
            invalid: job.invalid,
            inlined_bytes: job.inlined_bytes,
        }))
    }
}

/// The shapes and prototype objects a pending job's code will embed.
struct KeptCells {
    shapes: Vec<usize>,
    holders: Vec<usize>,
}

impl KeepAlive for KeptCells {
    fn trace(&self, t: &mut tetra_gc::Tracer) {
        code::trace_cells(&self.shapes, &self.holders, t);
    }
}

impl MidCompiler {
    /// The main thread's part of a compile: graph, representations, Cranelift IR (it reads bytecode and feedback).
    fn job(&self, t: &FunctionTemplate, osr: Option<u32>) -> Result<MidJob, String> {
        let mut g = builder::build(t, osr, self.vm)?;
        let print = tracing::enabled!(target: "tetra::mid_graph", tracing::Level::INFO);
        let function = if print { tetra_vm::tiering::describe_function(t) } else { String::new() };
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "after graph building", graph = %g.dump(), "mid graph");
        }
        repr::select(&mut g);
        let osr_values = g.osr.map(|o| osr_description(&g, o)).unwrap_or_default();
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "after representation selection", graph = %g.dump(), "mid graph");
        }
        let invalid = Box::new(std::sync::atomic::AtomicU8::new(0));
        let invalid_flag = invalid.as_ptr() as usize;
        let clif = lower::build_clif(&g, t, isa()?.as_ref(), self.stress_deopt, &self.vm, invalid_flag, print)?;
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "Cranelift IR", graph = %clif.clif, "mid graph");
        }
        let generic = g.generic_count();
        g.shapes.sort_unstable();
        g.shapes.dedup();
        g.holders.sort_unstable();
        g.holders.dedup();
        let epoch = g.lazy_epoch();
        let inlined_bytes = g.inlined_bytes;
        Ok(MidJob {
            clif,
            generic,
            shapes: g.shapes,
            holders: g.holders,
            osr,
            osr_values,
            epoch,
            globals: std::mem::take(&mut g.globals),
            invalid,
            inlined_bytes,
        })
    }
}

/// What `--trace-osr` says of an OSR entry: each live value and the representation the loop keeps it in.
fn osr_description(g: &ir::Graph, osr: ir::OsrEntry) -> String {
    let mut moved = Vec::new();
    for &n in &g.block(osr.block).nodes {
        let name = match g.node(n).kind {
            ir::NodeKind::OsrValue(r) => tetra_vm::bytecode::disasm::reg_name(r),
            ir::NodeKind::OsrAccumulator => "accumulator".to_string(),
            _ => continue,
        };
        // The phi of the loop header that this value feeds, if any.
        let repr = g
            .nodes
            .iter()
            .find(|p| matches!(&p.kind, ir::NodeKind::Phi(ins) if ins.contains(&n)))
            .map_or(ir::Repr::Tagged, |p| p.repr);
        moved.push(format!("{name} -> {repr:?}"));
    }
    format!("{} values from the frame into SSA ({})", moved.len(), moved.join(", "))
}

/// The compiler for `vm` if this host supports the tier.
pub fn compiler(vm: &tetra_vm::Vm, stress_deopt: Option<u32>, inlining: Inlining) -> Option<Box<dyn TierCompiler>> {
    let refs = builder::VmRefs {
        string_shape: vm.realm.string_ic_shape.map_or(0, |s| s.addr()),
        global: vm.realm.global.0 as usize,
        frame_limit: vm.frame_limit(),
        tier_cell: vm.tier_cell(),
        heap: &raw const vm.heap as usize,
        global_cells: &raw const vm.global_cells as usize,
        array_constructor: vm.realm.array_constructor.0,
        inlining,
    };
    if let Some(n) = stress_deopt {
        STRESS_COUNTER.store(n.max(1) as i64, std::sync::atomic::Ordering::Relaxed);
    }
    let stress_deopt = stress_deopt.map(|n| n.max(1));
    available().then(|| Box::new(MidCompiler { stress_deopt, vm: refs }) as Box<dyn TierCompiler>)
}

#[cfg(test)]
mod tests;
