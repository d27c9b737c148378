//! tetra-baseline: the Sparkplug-style tier. One linear pass over a function's bytecode emits x86-64 with
//! `dynasmrt`, one `visit` per bytecode, with no IR and no register allocation.
//!
//! Invariants:
//! - The frame is the interpreter's (`tetra_vm::frame`): every bytecode register lives in its frame slot, so a
//!   function can move between `interp` and `baseline` at any call or loop header without translation.
//! - Machine registers: `rbx` the accumulator, `r12` the frame pointer, `r13` the `Cx` of the entry, `r14` the
//!   `FunctionTemplate`, `r15` the start of its bytecode (for the `ip` argument of stubs). All are callee-saved, so
//!   they survive every call into the runtime; `rax`, `rcx`, `rdx` are scratch.
//! - Everything beyond the inlined fast paths calls the interpreter's own handler body for that bytecode, compiled as
//!   a stub (`tetra_vm::tiering::runtime::stub_for`): the two tiers cannot disagree on semantics or feedback.
//! - Inlined fast paths record the same feedback the interpreter's fast paths record.
//! - Code memory comes from `dynasmrt`, which never maps it writable and executable at once.
//! - Other architectures: `available()` is false and the tier is never installed; everything runs in `interp`.

#[cfg(target_arch = "x86_64")]
mod code;
#[cfg(target_arch = "x86_64")]
mod emit;
#[cfg(target_arch = "x86_64")]
mod visit;

use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::{CompiledCode, Tier, TierCompiler};

/// Whether this host can run baseline code.
pub const fn available() -> bool {
    cfg!(target_arch = "x86_64")
}

/// The baseline tier's compiler, to install with `Vm::install_tier`.
pub struct BaselineCompiler;

impl TierCompiler for BaselineCompiler {
    fn tier(&self) -> Tier {
        Tier::Baseline
    }

    fn compile(&self, t: &FunctionTemplate) -> Result<Box<dyn CompiledCode>, String> {
        #[cfg(target_arch = "x86_64")]
        {
            visit::compile(t).map(|c| Box::new(c) as Box<dyn CompiledCode>)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = t;
            Err("the baseline tier generates x86-64 code only".into())
        }
    }
}

/// The compiler if this host supports the tier.
pub fn compiler() -> Option<Box<dyn TierCompiler>> {
    if available() { Some(Box::new(BaselineCompiler)) } else { None }
}
