//! The tiering manager: which tier runs each function, and the interface through which tiers plug in.
//!
//! Invariants:
//! - `vm` knows no tier but its own interpreter. A compiled tier implements `TierCompiler` and is installed into the
//!   VM by whoever builds it (`tools`, tests): dependencies keep pointing from the tiers to `vm`.
//! - Installed code belongs to its `FunctionTemplate` (`FunctionTemplate::code`) and is freed with it; the
//!   template's `code_entry` is non-zero exactly when code is installed, so the call path tests one word.
//! - Every compiled tier uses the interpreter's frame layout (`frame.rs`) and enters through `EnterFn`: switching
//!   tiers at a call or a loop header is a jump into the other tier's code with the frame left as it is.
//! - The interrupt budget counts bytecode bytes at back-edges and returns in every tier; each time it runs out is one
//!   "tick" for the function (V8's profiler ticks). Thresholds are in ticks.

pub mod background;
mod code_lifetime;
pub mod deopt;
pub mod dependencies;
pub mod direct_call;
pub(crate) mod entry;
pub mod loop_stats;
pub(crate) use entry::OsrExit;
pub mod manager;
pub mod runtime;
pub mod sampler;
pub mod site_cache;
pub mod typed_elements;

pub use manager::{TieringOptions, describe_function, tier_of};

use crate::function::FunctionTemplate;
use crate::interp::dispatch::{Cx, Fp, StubResult};
use crate::value::Value;

/// The execution tiers, lowest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
#[repr(u8)]
pub enum Tier {
    Interp = 0,
    Baseline = 1,
    Mid = 2,
    Top = 3,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Interp, Tier::Baseline, Tier::Mid, Tier::Top];

    pub fn name(self) -> &'static str {
        match self {
            Tier::Interp => "interp",
            Tier::Baseline => "baseline",
            Tier::Mid => "mid",
            Tier::Top => "top",
        }
    }

    pub fn from_name(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn from_u8(b: u8) -> Tier {
        Tier::ALL[(b as usize).min(3)]
    }
}

/// How compiled code is entered: run the frame at `fp` (already pushed, header and registers set) from the machine
/// address `target` (the code for some bytecode offset: 0 on a call, a loop header on OSR) with accumulator `acc`.
/// Returns when the frame returns (`STUB_NEXT`, the return value in `acc`) or when an exception leaves it
/// (`STUB_THROW`); the caller pops the frame.
pub type EnterFn = unsafe extern "C" fn(fp: Fp, acc: Value, cx: *mut Cx, target: usize) -> StubResult;

/// An OSR entry point (built by the `osr` crate for each tier's code).
pub struct OsrTarget {
    /// Machine address to continue at, with the frame and accumulator as the interpreter left them.
    pub address: usize,
    /// Where the frame's values are in the compiled code, for `--trace-osr`.
    pub values: String,
}

/// Machine code for one function, produced by a tier.
pub trait CompiledCode {
    fn tier(&self) -> Tier;
    /// The trampoline that enters this code (see `EnterFn`).
    fn enter(&self) -> EnterFn;
    /// The machine address where the code for bytecode offset `pc` starts (instruction boundaries only).
    fn address_of(&self, pc: u32) -> Option<usize>;
    /// Where to enter this code from a running interpreter frame at the loop header `loop_header` (OSR), and how
    /// the frame's values are mapped; `None` if the code has no entry there.
    fn osr_entry(&self, t: &FunctionTemplate, loop_header: u32) -> Option<OsrTarget>;
    /// Machine address of the first byte of code, and bytes of machine code.
    fn code_start(&self) -> usize;
    fn code_size(&self) -> usize;
    /// Marks the heap cells the code refers to by address (its inline caches' shapes).
    fn trace(&self, t: &mut tetra_gc::Tracer);
    /// The prototype epoch the code assumes without checking it (see `dependencies.rs`), if any.
    fn epoch_dependency(&self) -> Option<u32> {
        None
    }
    /// The global properties whose values the code folded, as (name key, value) bits (see `dependencies.rs`).
    fn global_dependencies(&self) -> &[(u64, u64)] {
        &[]
    }
    /// Marks the code invalid: frames running in it deoptimise when control returns to them.
    fn invalidate(&self) {}
    /// Bytes of bytecode of other functions compiled into this code (inlined callees).
    fn inlined_bytecode_bytes(&self) -> usize {
        0
    }
    /// Listing of the machine code next to the bytecode it came from (`--print-code`).
    fn disassemble(&self, t: &FunctionTemplate) -> String;
}

/// A tier's compiler. `compile` runs on the main thread with the VM paused (baseline); later tiers compile from a
/// snapshot on worker threads and still install through this interface.
pub trait TierCompiler {
    fn tier(&self) -> Tier;
    /// Compiles `t`; an `Err` explains why this function stays in a lower tier.
    fn compile(&self, t: &FunctionTemplate) -> Result<Box<dyn CompiledCode>, String>;
    /// Compiles `t` with an extra entry at `loop_header` for a running interpreter or baseline frame (OSR). Tiers
    /// that share the interpreter's frame enter at any loop header anyway.
    fn compile_osr(&self, t: &FunctionTemplate, loop_header: u32) -> Result<Box<dyn CompiledCode>, String> {
        let _ = loop_header;
        self.compile(t)
    }
    /// The main thread's part of a compile that finishes on a worker thread (see `background.rs`), or `None` for
    /// a tier that compiles on the main thread only.
    fn prepare(&self, t: &FunctionTemplate, osr: Option<u32>) -> Option<Result<background::PreparedCompile, String>> {
        let _ = (t, osr);
        None
    }
}
