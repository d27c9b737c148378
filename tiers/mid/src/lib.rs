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
mod code;
pub mod ir;
mod lower;
mod repr;

use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use std::sync::OnceLock;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::{CompiledCode, Tier, TierCompiler};

/// Whether this host can run mid code.
pub const fn available() -> bool {
    cfg!(target_arch = "x86_64")
}

fn isa() -> Result<&'static OwnedTargetIsa, String> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        let mut flags = settings::builder();
        let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| format!("{k}: {e}"));
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "preserve_frame_pointers", "true")?;
        set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
        let builder = cranelift_native::builder().map_err(|e| e.to_string())?;
        builder.finish(settings::Flags::new(flags)).map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| e.clone())
}

/// The graph of `t` after building and representation selection (`--print-mid-graph`, tests).
pub fn graph(t: &FunctionTemplate) -> Result<ir::Graph, String> {
    let mut g = builder::build(t)?;
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
}

impl TierCompiler for MidCompiler {
    fn tier(&self) -> Tier {
        Tier::Mid
    }

    fn compile(&self, t: &FunctionTemplate) -> Result<Box<dyn CompiledCode>, String> {
        let mut g = builder::build(t)?;
        let print = tracing::enabled!(target: "tetra::mid_graph", tracing::Level::INFO);
        let function = if print { tetra_vm::tiering::describe_function(t) } else { String::new() };
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "after graph building", graph = %g.dump(), "mid graph");
        }
        repr::select(&mut g);
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "after representation selection", graph = %g.dump(), "mid graph");
        }
        let lowered = lower::lower(&g, t, isa()?.as_ref(), self.stress_deopt, print)?;
        if print {
            tracing::info!(target: "tetra::mid_graph", function = %function, phase = "Cranelift IR", graph = %lowered.clif, "mid graph");
        }
        let (_, generic) = g.counts();
        g.shapes.sort_unstable();
        g.shapes.dedup();
        g.holders.sort_unstable();
        g.holders.dedup();
        let code = code::MidCode::new(
            &lowered.bytes,
            lowered.srclocs,
            lowered.exits,
            generic,
            std::mem::take(&mut g.shapes),
            std::mem::take(&mut g.holders),
        )?;
        Ok(Box::new(code))
    }
}

/// The compiler if this host supports the tier.
pub fn compiler(stress_deopt: Option<u32>) -> Option<Box<dyn TierCompiler>> {
    if let Some(n) = stress_deopt {
        STRESS_COUNTER.store(n.max(1) as i64, std::sync::atomic::Ordering::Relaxed);
    }
    if available() { Some(Box::new(MidCompiler { stress_deopt: stress_deopt.map(|n| n.max(1)) })) } else { None }
}

#[cfg(test)]
mod tests;
