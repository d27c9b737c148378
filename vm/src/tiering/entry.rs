//! Entering compiled code: at a call (from any tier or from native code) and on OSR at a loop header.
//!
//! Invariants:
//! - Compiled frames are entered natively and return natively: `enter_compiled` runs the frame to completion and
//!   pops it (the arguments too), exactly as the interpreter's `Return` would.
//! - The frame is the interpreter's: OSR from `interp` does not move or translate anything, it only starts the
//!   compiled code at the loop header's machine address with the current accumulator.
//! - Compiled code records its tier at its entry (every entry, OSR included, goes through its `EnterFn`); a run
//!   entered from Rust restores the caller's tier when it returns, so per-tier time is attributed to the innermost
//!   tier (see `sampler`).

use super::Tier;
use crate::frame::{self, FLAG_CONSTRUCT};
use crate::function::FunctionTemplate;
use crate::interp::dispatch::{Cx, Exit, STUB_DEOPT, STUB_NEXT, StubResult};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

/// How an on-stack replacement ended.
pub(crate) enum OsrExit {
    /// The frame returned (and was popped) or threw.
    Done(JsResult<Value>),
    /// The code deoptimised: the frame is complete for the interpreter at `Vm::pending_deopt`'s offset (or an
    /// inlined callee's frame was pushed above it), with this accumulator; nothing was popped.
    Deopted(Value),
}

impl Vm {
    /// Runs the frame just pushed at `fp` (by `start_call`/`start_construct`, flagged as an entry frame) in the tier
    /// its function has reached, until it returns.
    pub(crate) fn run_pushed(&mut self, fp: usize) -> JsResult<Value> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        if self.runs_compiled(t) {
            return self.enter_compiled(fp);
        }
        self.run_frames(fp)
    }

    /// Whether a call of `t` (its frame just pushed) runs compiled code: code is installed, or this first call
    /// compiles it because an eager tier is configured.
    #[inline(always)]
    pub(crate) fn runs_compiled(&mut self, t: Gc<FunctionTemplate>) -> bool {
        t.code_entry.get() != 0 || (t.invocations.get() == 1 && self.eager_compile(t))
    }

    /// Runs the frame at `fp` (just pushed for a call) in its function's compiled code, then pops it.
    pub(crate) fn enter_compiled(&mut self, fp: usize) -> JsResult<Value> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        self.run_in_code(fp, t.code_entry.get(), t.code_body.get(), Value::UNDEFINED)
    }

    /// Runs the frame at `fp` in compiled code entered through `enter` at machine address `target`, with a fresh
    /// stub context, then pops it.
    ///
    /// Never inlined: its `Cx` is a local whose address escapes into machine code, and an escaping local in an
    /// interpreter handler would stop LLVM from compiling the handler's dispatch as a tail call.
    #[inline(never)]
    fn run_in_code(&mut self, fp: usize, enter: usize, target: usize, acc: Value) -> JsResult<Value> {
        let r = self.run_code_raw(fp, enter, target, acc);
        self.finish_compiled_frame(fp, r)
    }

    /// `run_in_code` without finishing the frame: what the code returned.
    #[inline(never)]
    fn run_code_raw(&mut self, fp: usize, enter: usize, target: usize, acc: Value) -> StubResult {
        let base = self.stack.as_mut_ptr();
        let mut cx = Cx {
            vm: self,
            base,
            exit: Exit::Return,
            // Stubs never dispatch, so the guard is unused here; it is the interpreter's, for uniformity.
            stack_guard: crate::stack_limit::stack_pointer().saturating_sub(crate::interp::dispatch::STACK_SLACK),
        };
        let previous = self.running_tier();
        // SAFETY: callers pass the installed code of the function whose frame is at `fp` (installed code is never
        // freed while its template lives; replaced code is retired, and freed only once no frame runs in it) and
        // an instruction boundary of it.
        let r = unsafe { run_code(&mut cx, fp, enter, target, acc) };
        self.set_tier(previous);
        r
    }

    /// After compiled code returned from the frame at `fp`: the constructor result rule, and the pop.
    #[inline]
    pub(crate) fn finish_compiled_frame(&mut self, fp: usize, r: StubResult) -> JsResult<Value> {
        let flags = self.stack[fp + frame::FLAGS as usize].as_int();
        let argc = self.stack[fp + frame::ARGC as usize].as_int() as usize;
        let result = match r.status {
            STUB_NEXT if flags & FLAG_CONSTRUCT != 0 => self.construct_result(fp, r.acc),
            STUB_NEXT => Ok(r.acc),
            // The frame is complete; the interpreter finishes it (and pops it).
            STUB_DEOPT => return self.resume_deoptimized(fp, r.acc),
            _ => Err(r.acc),
        };
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let params = closure.closure().map_or(0, |c| c.template.param_count as usize);
        self.stack_top = fp - argc.max(params);
        result
    }

    /// On-stack replacement from `from` (interp, or baseline into a speculating tier) at the back-edge `at` to
    /// `loop_header` in the frame at `fp`: the rest of the activation runs in the function's compiled code. `Some`
    /// with how that ended (see `OsrExit`: a deopt leaves the frame to the caller, so that an interpreter loop
    /// continues it instead of nesting another), `None` when the code has no entry at that loop (the caller goes
    /// on).
    #[inline(never)]
    pub(crate) fn osr_enter(
        &mut self,
        fp: usize,
        at: u32,
        loop_header: u32,
        acc: Value,
        from: Tier,
    ) -> Option<OsrExit> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        // The installed code's entry at this loop, or OSR code kept for the loop (`loop_code`).
        let (target, tier, enter) = {
            let code = t.code.borrow();
            let installed = code.as_ref()?;
            match installed.osr_entry(&t, loop_header) {
                Some(target) => (target, installed.tier(), t.code_entry.get()),
                None => {
                    let loops = t.loop_code.borrow();
                    let (_, code) = loops.iter().find(|(h, _)| *h == loop_header)?;
                    (code.osr_entry(&t, loop_header)?, code.tier(), code.enter() as usize)
                }
            }
        };
        self.stats.osr_into[tier as usize] += 1;
        self.count_osr(&t, loop_header, tier);
        tracing::info!(
            target: "tetra::osr",
            function = %super::manager::describe_function(&t),
            at,
            loop_header,
            from = from.name(),
            to = tier.name(),
            values = %target.values,
            position = %{
                let (line, column) = t.loop_position(loop_header);
                format!("{line}:{column}")
            },
            "osr"
        );
        let r = self.run_code_raw(fp, enter, target.address, acc);
        if r.status == STUB_DEOPT {
            // The frame is complete at the deopt's offset (`pending_deopt`); whoever asked goes on with it.
            return Some(OsrExit::Deopted(r.acc));
        }
        Some(OsrExit::Done(self.finish_compiled_frame(fp, r)))
    }
}

/// Calls compiled code through its entry trampoline `enter` (an `EnterFn`) at machine address `target`.
///
/// # Safety
/// `enter` and `target` belong to the installed code of the function whose frame is at `fp` in `cx`'s VM.
#[inline(always)]
pub(crate) unsafe fn run_code(cx: &mut Cx, fp: usize, enter: usize, target: usize, acc: Value) -> StubResult {
    // SAFETY: per the contract, `enter` is an `EnterFn` trampoline.
    let enter: super::EnterFn = unsafe { std::mem::transmute::<usize, super::EnterFn>(enter) };
    // SAFETY: fp indexes the register file that cx.base points to.
    unsafe { enter(cx.base.add(fp), acc, cx, target) }
}
