//! Per-tier execution statistics (`--stats`, `--stats-json`).

use std::time::Duration;

#[derive(Default, Debug, Clone)]
pub struct TierStats {
    pub functions_compiled: u64,
    pub bytecode_bytes: u64,
    /// Bytecode of inlined callees compiled into the functions' code, besides their own `bytecode_bytes`.
    pub inlined_bytecode_bytes: u64,
    /// Machine code produced (compiled tiers).
    pub code_bytes: u64,
    pub compile_time: Duration,
    /// Of that, time on background compile threads.
    pub background_time: Duration,
    /// Functions the tier declined or failed to compile (they stay in a lower tier).
    pub compile_failures: u64,
    /// Time spent running in the tier (sampled; see `tiering::sampler`).
    pub run_time: Duration,
}

/// A function moved to another tier: compiled code installed (a tier-up, or OSR code for one of its loops), or
/// its speculative code discarded after a deopt.
#[derive(Clone, Debug)]
pub struct TierEvent {
    /// Since the VM started.
    pub at: Duration,
    /// As `--trace-opt` names it: `name (file:line)`.
    pub function: String,
    pub from: crate::tiering::Tier,
    pub to: crate::tiering::Tier,
    pub reason: String,
    /// For OSR code: the bytecode offset of the loop's header.
    pub osr_loop: Option<u32>,
}

#[derive(Default, Debug, Clone)]
pub struct Stats {
    /// Indexed by `Tier`.
    pub tiers: [TierStats; 4],
    /// On-stack replacements (a running loop moved into compiled code), by the tier entered (indexed by `Tier`).
    pub osr_into: [u64; 4],
    /// Deoptimisations by reason (indexed by `DeoptReason`).
    pub deopts: [u64; crate::tiering::deopt::DeoptReason::COUNT],
    /// Calls that entered the interpreter (JS-to-JS and from native code).
    pub calls: u64,
    /// Times a function's interrupt budget ran out (at a back-edge or return).
    pub budget_interrupts: u64,
    /// Of those, at a loop back-edge.
    pub backedge_interrupts: u64,
    /// Inline-cache misses (generic lookups) of named loads, named stores and keyed accesses.
    pub load_ic_misses: u64,
    pub store_ic_misses: u64,
    pub keyed_slow: u64,
    /// Code objects invalidated because an assumption they relied on broke (lazy deopt of their frames).
    pub invalidations: u64,
    /// Retired code objects freed once no frame ran in them, and their bytes of machine code.
    pub code_freed: u64,
    pub code_freed_bytes: u64,
    pub run_time: Duration,
    /// The front end's phases over every script and module compiled (eval and `Function` code excepted), and the
    /// loading of their bytecode into the heap (templates, constants).
    pub front_end: crate::compiler::FrontEndTimes,
    pub load_time: Duration,
    /// Source code compiled (or loaded from the code cache) by those, in bytes.
    pub source_bytes: u64,
    /// Function templates made (the scripts' and eval code's top levels included), compiled or not: with the
    /// interpreter's `functions_compiled`, how many of them lazy compilation never compiled.
    pub functions_declared: u64,
    /// Code cache lookups (`--code-cache`), indexed by `code_cache::Lookup`: hits, misses, files rejected.
    pub code_cache: [u64; 3],
    /// Every change of a function's tier, in order (recorded when `Options::stats` is set).
    pub timeline: Vec<TierEvent>,
}

impl Stats {
    /// On-stack replacements into any tier.
    pub fn osr_entries(&self) -> u64 {
        self.osr_into.iter().sum()
    }
}
