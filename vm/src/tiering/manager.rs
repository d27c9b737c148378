//! Tier-up decisions: what happens when a function's interrupt budget runs out, eager compilation, and installing
//! code produced by a tier.
//!
//! Invariants:
//! - A function moves up only (deoptimisation, with `mid`/`top`, is what moves it down) and never above
//!   `max_tier`; a tier that failed to compile a function is not asked again for it.
//! - Every decision is one `tracing` event (target `tetra::opt`), which `--trace-opt` prints and `--trace-json`
//!   records.

use super::{CompiledCode, Tier, TierCompiler};
use crate::function::FunctionTemplate;
use crate::vm::Vm;
use std::time::{Duration, Instant};
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
    /// Bytecode bytes above which a function needs ticks in proportion to its size before a speculating tier
    /// compiles it (0: no scaling; see `ticks_to_compile`).
    pub size_unit: u32,
    /// Compile speculating tiers on background threads (V8's concurrent recompilation); `--no-concurrent` turns it
    /// off for determinism. Eager compiles and `Tetra.optimize` are always synchronous.
    pub concurrent: bool,
    pub compile_threads: usize,
    /// Append each installed code's address range and function to /tmp/perf-<pid>.map (`--perf-basic-prof`).
    pub perf_map: bool,
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
            size_unit: 128,
            concurrent: true,
            compile_threads: 1,
            perf_map: false,
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

    /// The ticks before a function of `bytecode_len` bytes is compiled for `tier` (with an entry at a loop when
    /// `osr`). A speculating tier's compile costs time in proportion to the function's size, while a tick is a
    /// fixed amount of execution: so a function larger than `size_unit` needs ticks in proportion to its size
    /// (its OSR entry from four times that size, as V8 asks 400 and 100 times a function's size in bytecode
    /// executed before Maglev and Maglev's OSR). Without it, the TypeScript compiler spent 37% of its CPU time
    /// compiling big functions in `mid` that then ran for 44 ms (tests/real).
    pub fn ticks_to_compile(&self, tier: Tier, osr: bool, bytecode_len: usize) -> u32 {
        let ticks = if osr { self.osr_after } else { self.threshold(tier) };
        if tier < Tier::Mid || self.size_unit == 0 {
            return ticks;
        }
        let unit = self.size_unit as usize * if osr { 4 } else { 1 };
        let scaled = (ticks as usize).saturating_mul(bytecode_len).div_ceil(unit);
        ticks.max(u32::try_from(scaled).unwrap_or(u32::MAX))
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
        if self.compile_queue.as_ref().is_some_and(|q| !q.pending.is_empty()) {
            self.install_finished_compiles();
        }
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
        if let Some(header) = loop_header
            && self.options.tiering.osr
            && current >= Tier::Mid
            && self.wants_loop_code(&t, current, header)
        {
            // This activation runs below the function's code, which has no entry at its loop (it was compiled for
            // calls, or for another loop): OSR code for this loop.
            if ticks >= self.options.tiering.ticks_to_compile(current, true, t.bytecode.len()) {
                let background = self.options.tiering.concurrent;
                self.compile_and_install(t, current, "hot loop below the installed code", Some(header), background);
            }
            return;
        }
        let Some(next) = next else { return };
        let osr = loop_header.filter(|_| next >= Tier::Mid && self.options.tiering.osr);
        if ticks >= self.options.tiering.ticks_to_compile(next, osr.is_some(), t.bytecode.len()) {
            let reason = if backedge { "hot loop (budget at a back-edge)" } else { "hot function (budget at return)" };
            self.compile_and_install(t, next, reason, osr, self.options.tiering.concurrent);
        }
    }

    /// Whether a frame at the loop `header` of `t` has no code of `tier` to enter there yet, and could get some.
    fn wants_loop_code(&self, t: &FunctionTemplate, tier: Tier, header: u32) -> bool {
        let entry = t.code.borrow().as_ref().is_some_and(|c| c.osr_entry(t, header).is_some());
        !entry
            && !t.loop_code.borrow().iter().any(|(h, _)| *h == header)
            && t.compiling.get() & (1 << tier as u8) == 0
            && t.failed_tiers.get() & (1 << tier as u8) == 0
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
    pub fn tier_up(&mut self, t: Gc<FunctionTemplate>, to: Tier, reason: &'static str) -> bool {
        self.compile_and_install(t, to, reason, None, false)
    }

    /// `tier_up`, with an OSR entry at `osr` (a loop header) in the code when the tier makes separate entries, and
    /// on a background thread when `background` and the tier can (the code is installed later; returns false).
    fn compile_and_install(
        &mut self,
        t: Gc<FunctionTemplate>,
        to: Tier,
        reason: &'static str,
        osr: Option<u32>,
        background: bool,
    ) -> bool {
        // A function compiled lazily has no bytecode before its first call (`Vm::ensure_compiled`).
        if !self.tier_available(to) || t.failed_tiers.get() & (1 << to as u8) != 0 || t.is_deferred() {
            return false;
        }
        let from = tier_of(&t);
        // The function has code of this tier already: this is OSR code for one loop, kept beside it.
        let loop_code = osr.filter(|_| from == to);
        if from >= to && loop_code.is_none() {
            return from == to;
        }
        // A synchronous request (eager, Tetra.optimize) compiles now even with a background job pending; the job's
        // result is then dropped at install (the function is no longer below the tier).
        if background && t.compiling.get() & (1 << to as u8) != 0 {
            return false;
        }
        let Some(compiler) = self.compilers.get(to) else {
            return false;
        };
        if background && let Some(prepared) = compiler.prepare(&t, osr) {
            match prepared {
                Ok(p) => {
                    let threads = self.options.tiering.compile_threads;
                    let queue = self.compile_queue.get_or_insert_with(|| super::background::CompileQueue::new(threads));
                    t.compiling.set(t.compiling.get() | 1 << to as u8);
                    let (keep_alive, prepare_time) = (p.keep_alive, p.prepare_time);
                    queue.submit(p.job, |id| super::background::Pending {
                        id,
                        template: t,
                        tier: to,
                        from,
                        reason,
                        loop_code,
                        keep_alive,
                        prepare_time,
                    });
                }
                Err(why) => self.compile_failed(t, from, to, &why, Duration::ZERO),
            }
            return false;
        }
        let started = Instant::now();
        let result = super::background::contain_panics(|| match osr {
            Some(header) => compiler.compile_osr(&t, header),
            None => compiler.compile(&t),
        });
        let elapsed = started.elapsed();
        match result {
            Ok(code) => {
                self.install(t, from, to, reason, code, elapsed, None, loop_code);
                true
            }
            Err(why) => {
                self.compile_failed(t, from, to, &why, elapsed);
                false
            }
        }
    }

    /// Installs the results of background compiles that finished (the main thread's interrupt check).
    pub(crate) fn install_finished_compiles(&mut self) {
        let Some(queue) = self.compile_queue.as_mut() else { return };
        let finished = queue.finished();
        for f in finished {
            let queue = self.compile_queue.as_mut().expect("checked above");
            let Some(i) = queue.pending.iter().position(|p| p.id == f.id) else { continue };
            let p = queue.pending.swap_remove(i);
            let t = p.template;
            t.compiling.set(t.compiling.get() & !(1 << p.tier as u8));
            let elapsed = p.prepare_time + f.compile_time;
            let ago = f.finished_at.elapsed();
            match f.result {
                // Installed unless the function moved on meanwhile (or gave up on the tier).
                Ok(code) if tier_of(&t) < p.tier && t.failed_tiers.get() & (1 << p.tier as u8) == 0 => {
                    self.stats.tiers[p.tier as usize].background_time += f.compile_time;
                    let from = tier_of(&t);
                    let thread = Some((f.thread, f.compile_time, ago));
                    self.install(t, from, p.tier, p.reason, code, elapsed, thread, None);
                }
                // OSR code for a loop, while the function's code is still the one it was compiled beside.
                Ok(code)
                    if let Some(header) = p.loop_code
                        && tier_of(&t) == p.tier =>
                {
                    self.stats.tiers[p.tier as usize].background_time += f.compile_time;
                    let thread = Some((f.thread, f.compile_time, ago));
                    self.install(t, p.from, p.tier, p.reason, code, elapsed, thread, Some(header));
                }
                Ok(code) => self.retire_code([code as Box<dyn super::CompiledCode>]),
                Err(why) => self.compile_failed(t, p.from, p.tier, &why, elapsed),
            }
        }
    }

    /// Records a compile (unless an assumption of the code broke meanwhile: then it is dropped) and makes its code
    /// the function's, or, for OSR code of the loop at `loop_code`, keeps it beside the function's code
    /// (`FunctionTemplate::loop_code`).
    #[allow(clippy::too_many_arguments)]
    fn install(
        &mut self,
        t: Gc<FunctionTemplate>,
        from: Tier,
        to: Tier,
        reason: &str,
        code: Box<dyn CompiledCode>,
        elapsed: Duration,
        background: Option<(usize, Duration, Duration)>,
        loop_code: Option<u32>,
    ) {
        if !self.register_dependencies(t, code.as_ref()) {
            // An assumption the code relies on broke while it compiled: the function recompiles when hot again.
            tracing::info!(
                target: "tetra::opt",
                function = %describe_function(&t),
                tier = to.name(),
                reason = "a prototype or a global it assumed changed while it compiled",
                "tier-up discarded"
            );
            self.retire_code([code]);
            t.ticks.set(0);
            return;
        }
        if self.options.tiering.perf_map {
            perf_map_entry(code.as_ref(), &t);
        }
        let stats = &mut self.stats.tiers[to as usize];
        stats.compile_time += elapsed;
        stats.functions_compiled += 1;
        stats.bytecode_bytes += t.bytecode.len() as u64;
        stats.inlined_bytecode_bytes += code.inlined_bytecode_bytes() as u64;
        stats.code_bytes += code.code_size() as u64;
        let (thread, worker_us, ago_us) = match background {
            Some((thread, work, ago)) => (thread as i64, work.as_secs_f64() * 1e6, ago.as_secs_f64() * 1e6),
            None => (-1, 0.0, 0.0),
        };
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
            compile_thread = thread,
            worker_us,
            finished_us_ago = ago_us,
            "tier-up"
        );
        if tracing::enabled!(target: "tetra::code", tracing::Level::INFO) {
            let listing = code.disassemble(&t);
            tracing::info!(target: "tetra::code", function = %describe_function(&t), tier = to.name(), listing = %listing, "code");
        }
        self.record_tier_event(&t, from, to, reason, loop_code);
        if let Some(header) = loop_code {
            t.loop_code.borrow_mut().push((header, code));
            t.ticks.set(0);
            return;
        }
        t.code_body.set(code.address_of(0).expect("compiled code starts at bytecode offset 0"));
        t.code_entry.set(code.enter() as usize);
        let replaced = t.code.borrow_mut().replace(code);
        // Speculative code keeps the code below it, which takes over again when it deoptimises. Frames may still run
        // other replaced code: it is retired, and freed once none does (`code_lifetime.rs`).
        if to >= Tier::Mid && replaced.as_ref().is_some_and(|c| c.tier() < Tier::Mid) {
            let older = t.lower_code.borrow_mut().take();
            self.retire_code(older);
            *t.lower_code.borrow_mut() = replaced;
        } else {
            self.retire_code(replaced);
        }
        t.ticks.set(0);
    }

    /// Appends a tier change to the statistics' timeline, when they are being kept.
    pub(crate) fn record_tier_event(
        &mut self,
        t: &FunctionTemplate,
        from: Tier,
        to: Tier,
        reason: &str,
        osr_loop: Option<u32>,
    ) {
        if self.options.stats {
            let at = self.started.elapsed();
            let (function, reason) = (describe_function(t), reason.to_string());
            self.stats.timeline.push(crate::stats::TierEvent { at, function, from, to, reason, osr_loop });
        }
    }

    fn compile_failed(&mut self, t: Gc<FunctionTemplate>, from: Tier, to: Tier, why: &str, elapsed: Duration) {
        let stats = &mut self.stats.tiers[to as usize];
        stats.compile_time += elapsed;
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
    }
}

/// Names `code` in /tmp/perf-<pid>.map, the file `perf` reads symbols of JIT code from ("START SIZE name", hex).
fn perf_map_entry(code: &dyn super::CompiledCode, t: &FunctionTemplate) {
    use std::io::Write;
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let line =
        format!("{:x} {:x} {}:{}\n", code.code_start(), code.code_size(), code.tier().name(), describe_function(t));
    // Profiling aid only: a file that cannot be written loses names, nothing else.
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = f.write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_functions_need_ticks_in_proportion_to_their_size() {
        let o = TieringOptions::default();
        // Small functions: the tier's threshold as it is; baseline never scales (its compile is a copy).
        assert_eq!(o.ticks_to_compile(Tier::Mid, false, 40), o.mid_after);
        assert_eq!(o.ticks_to_compile(Tier::Mid, false, 128), o.mid_after);
        assert_eq!(o.ticks_to_compile(Tier::Baseline, false, 100_000), o.baseline_after);
        // Ten times the unit: ten times the ticks; rounding up.
        assert_eq!(o.ticks_to_compile(Tier::Mid, false, 1280), 10 * o.mid_after);
        assert_eq!(o.ticks_to_compile(Tier::Mid, false, 129), o.mid_after + 1);
        // An OSR entry scales from four times the unit.
        assert_eq!(o.ticks_to_compile(Tier::Mid, true, 512), o.osr_after);
        assert_eq!(o.ticks_to_compile(Tier::Mid, true, 5120), 10 * o.osr_after);
        // Unit 0: no scaling.
        let flat = TieringOptions { size_unit: 0, ..TieringOptions::default() };
        assert_eq!(flat.ticks_to_compile(Tier::Mid, false, 100_000), flat.mid_after);
        assert_eq!(flat.ticks_to_compile(Tier::Mid, true, 100_000), flat.osr_after);
    }
}
