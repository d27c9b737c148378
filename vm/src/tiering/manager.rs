//! Tier-up decisions: what happens when a function's interrupt budget runs out, eager compilation, and installing
//! code produced by a tier.
//!
//! Invariants:
//! - A function moves up only (deoptimisation, with `mid`/`top`, is what moves it down) and never above
//!   `max_tier`; a tier that failed to compile a function is not asked again for it.
//! - Every decision is one `tracing` event (target `tetra::opt`), which `--trace-opt` prints and `--trace-json`
//!   records.

use super::{Tier, TierCompiler};
use crate::function::FunctionTemplate;
use crate::vm::Vm;
use std::time::Instant;
use tetra_gc::Gc;

/// Tiering thresholds and switches (flags of the `tetra` command).
#[derive(Clone, Debug)]
pub struct TieringOptions {
    /// Bytes of bytecode executed (counted at back-edges and returns) per tick (V8's `--interrupt-budget`).
    pub interrupt_budget: i32,
    /// Highest tier any function may reach.
    pub max_tier: Tier,
    /// Ticks in `interp` before a function is compiled by `baseline`.
    pub baseline_after: u32,
    /// Ticks in `baseline` (or `interp`, when baseline is unavailable) before `mid`; `top_after` is reserved for
    /// the top tier.
    pub mid_after: u32,
    pub top_after: u32,
    /// Compile every function for this tier at its first call (V8's `--always-sparkplug` for `baseline`).
    pub eager: Option<Tier>,
    /// Enter freshly compiled code from a running loop (on-stack replacement).
    pub osr: bool,
    /// Deopts of one function after which it is not optimised again (deopt-loop protection).
    pub max_deopts: u32,
    /// Ticks at loop back-edges before a speculating tier compiles the function with an entry at that loop (OSR).
    pub osr_after: u32,
}

impl Default for TieringOptions {
    fn default() -> Self {
        TieringOptions {
            interrupt_budget: 16 * 1024,
            max_tier: Tier::Top,
            baseline_after: 1,
            mid_after: 8,
            top_after: 32,
            eager: None,
            osr: true,
            max_deopts: 5,
            osr_after: 8,
        }
    }
}

/// The installed tier compilers, indexed by tier (`interp` never has one).
#[derive(Default)]
pub struct Compilers {
    tiers: [Option<Box<dyn TierCompiler>>; 4],
}

impl TieringOptions {
    /// The tiering policy as data: the ticks a function spends in the tier below before it moves to `tier`.
    pub fn threshold(&self, tier: Tier) -> u32 {
        match tier {
            Tier::Interp => 0,
            Tier::Baseline => self.baseline_after,
            Tier::Mid => self.mid_after,
            Tier::Top => self.top_after,
        }
    }
}

impl Compilers {
    pub fn get(&self, tier: Tier) -> Option<&dyn TierCompiler> {
        self.tiers[tier as usize].as_deref()
    }
}

/// The tier the function runs in now.
pub fn tier_of(t: &FunctionTemplate) -> Tier {
    t.code.borrow().as_ref().map_or(Tier::Interp, |c| c.tier())
}

/// "name (file:line)" for traces.
pub fn describe_function(t: &FunctionTemplate) -> String {
    let name = t.name.as_string().to_rust_string();
    let name = if name.is_empty() { "<anonymous>".to_string() } else { name };
    let (line, _) = t.script.line_col(t.source_start);
    format!("{name} ({}:{line})", t.script.name)
}

impl Vm {
    /// Makes `compiler` available; functions start using it by the thresholds in the options.
    pub fn install_tier(&mut self, compiler: Box<dyn TierCompiler>) {
        let tier = compiler.tier();
        self.compilers.tiers[tier as usize] = Some(compiler);
    }

    /// Whether `tier` can be used in this VM (a compiler is installed and the options allow it).
    pub fn tier_available(&self, tier: Tier) -> bool {
        tier == Tier::Interp || (tier <= self.options.tiering.max_tier && self.compilers.get(tier).is_some())
    }

    /// The interrupt budget of `t` ran out (at a back-edge to `loop_header`, or at a return): one tick. Decides on
    /// tier-up; a tier-up to a speculating tier decided at a back-edge compiles an OSR entry for that loop too.
    #[cold]
    pub(crate) fn budget_interrupt(&mut self, t: Gc<FunctionTemplate>, loop_header: Option<u32>) {
        let backedge = loop_header.is_some();
        self.stats.budget_interrupts += 1;
        if backedge {
            self.stats.backedge_interrupts += 1;
        }
        t.budget.set(self.options.tiering.interrupt_budget);
        let ticks = t.ticks.get().saturating_add(1);
        t.ticks.set(ticks);
        // The next tier up that this VM has and that has not given up on the function; its threshold decides.
        let current = tier_of(&t);
        let next = Tier::ALL
            .into_iter()
            .filter(|&tier| tier > current)
            .find(|&tier| self.tier_available(tier) && t.failed_tiers.get() & (1 << tier as u8) == 0);
        let Some(next) = next else { return };
        let osr = loop_header.filter(|_| next >= Tier::Mid && self.options.tiering.osr);
        let threshold =
            if osr.is_some() { self.options.tiering.osr_after } else { self.options.tiering.threshold(next) };
        if ticks >= threshold {
            let reason = if backedge { "hot loop (budget at a back-edge)" } else { "hot function (budget at return)" };
            self.compile_and_install(t, next, reason, osr);
        }
    }

    /// First call of `t` with an eager tier configured: compile it now. Returns whether code is installed.
    #[cold]
    pub(crate) fn eager_compile(&mut self, t: Gc<FunctionTemplate>) -> bool {
        match self.options.tiering.eager {
            Some(tier) if tier_of(&t) < tier => self.tier_up(t, tier, "eager (first call)"),
            _ => false,
        }
    }

    /// Compiles `t` for `to` (if that tier is available and has not failed on it) and installs the code.
    pub fn tier_up(&mut self, t: Gc<FunctionTemplate>, to: Tier, reason: &str) -> bool {
        self.compile_and_install(t, to, reason, None)
    }

    /// `tier_up`, with an OSR entry at `osr` (a loop header) in the code when the tier makes separate entries.
    fn compile_and_install(&mut self, t: Gc<FunctionTemplate>, to: Tier, reason: &str, osr: Option<u32>) -> bool {
        if !self.tier_available(to) || t.failed_tiers.get() & (1 << to as u8) != 0 {
            return false;
        }
        let from = tier_of(&t);
        if from >= to {
            return from == to;
        }
        let Some(compiler) = self.compilers.get(to) else {
            return false;
        };
        let started = Instant::now();
        let result = match osr {
            Some(header) => compiler.compile_osr(&t, header),
            None => compiler.compile(&t),
        };
        let elapsed = started.elapsed();
        let stats = &mut self.stats.tiers[to as usize];
        stats.compile_time += elapsed;
        match result {
            Ok(code) => {
                stats.functions_compiled += 1;
                stats.bytecode_bytes += t.bytecode.len() as u64;
                stats.code_bytes += code.code_size() as u64;
                tracing::info!(
                    target: "tetra::opt",
                    function = %describe_function(&t),
                    from = from.name(),
                    to = to.name(),
                    reason,
                    ticks = t.ticks.get(),
                    invocations = t.invocations.get(),
                    bytecode_bytes = t.bytecode.len(),
                    code_bytes = code.code_size(),
                    compile_us = elapsed.as_secs_f64() * 1e6,
                    "tier-up"
                );
                if tracing::enabled!(target: "tetra::code", tracing::Level::INFO) {
                    let listing = code.disassemble(&t);
                    tracing::info!(target: "tetra::code", function = %describe_function(&t), tier = to.name(), listing = %listing, "code");
                }
                t.code_body.set(code.address_of(0).expect("compiled code starts at bytecode offset 0"));
                t.code_entry.set(code.enter() as usize);
                let replaced = t.code.borrow_mut().replace(code);
                // Speculative code keeps the code below it, which takes over again when it deoptimises. Frames may
                // still run other replaced code: it is retired, never freed while the VM lives.
                if to >= Tier::Mid && replaced.as_ref().is_some_and(|c| c.tier() < Tier::Mid) {
                    let older = t.lower_code.borrow_mut().take();
                    self.retired_code.extend(older);
                    *t.lower_code.borrow_mut() = replaced;
                } else {
                    self.retired_code.extend(replaced);
                }
                t.ticks.set(0);
                true
            }
            Err(why) => {
                stats.compile_failures += 1;
                t.failed_tiers.set(t.failed_tiers.get() | 1 << to as u8);
                tracing::info!(
                    target: "tetra::opt",
                    function = %describe_function(&t),
                    from = from.name(),
                    to = to.name(),
                    reason = %why,
                    "compile failed"
                );
                false
            }
        }
    }
}
