//! Entering compiled code: at a call (from any tier or from native code) and on OSR at a loop header.
//!
//! Invariants:
//! - Compiled frames are entered natively and return natively: `enter_compiled` runs the frame to completion and
//!   pops it (the arguments too), exactly as the interpreter's `Return` would.
//! - The frame is the interpreter's: OSR from `interp` does not move or translate anything, it only starts the
//!   compiled code at the loop header's machine address with the current accumulator.
//! - `sampler::set_tier` brackets every run of compiled code, so per-tier time is attributed to the innermost tier.

use super::sampler;
use super::Tier;
use crate::frame::{self, FLAG_CONSTRUCT};
use crate::interp::dispatch::{Cx, Exit, STUB_NEXT};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

impl Vm {
    /// Runs the frame just pushed at `fp` (by `start_call`/`start_construct`, flagged as an entry frame) in the tier
    /// its function has reached, until it returns.
    pub(crate) fn run_pushed(&mut self, fp: usize) -> JsResult<Value> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        if t.code_entry.get() != 0 || (t.invocations.get() == 1 && self.eager_compile(t)) {
            return self.enter_compiled(fp, 0, Value::UNDEFINED);
        }
        self.run_frames(fp)
    }

    /// Runs the frame at `fp` in its function's compiled code from bytecode offset `pc`, then pops it.
    ///
    /// Never inlined: its `Cx` is a local whose address escapes into machine code, and an escaping local in an
    /// interpreter handler would stop LLVM from compiling the handler's dispatch as a tail call (the native stack
    /// would then grow with every instruction until the driver's stack guard resets it).
    #[inline(never)]
    pub(crate) fn enter_compiled(&mut self, fp: usize, pc: u32, acc: Value) -> JsResult<Value> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        let (enter, target, tier) = {
            let code = t.code.borrow();
            let code = code.as_ref().expect("enter_compiled needs installed code");
            (code.enter(), code.address_of(pc).expect("entry at an instruction boundary"), code.tier())
        };
        let base = self.stack.as_mut_ptr();
        let mut cx = Cx {
            vm: self,
            base,
            exit: Exit::Return,
            // Stubs never dispatch, so the guard is unused here; it is the interpreter's, for uniformity.
            stack_guard: crate::stack_limit::stack_pointer().saturating_sub(crate::interp::dispatch::STACK_SLACK),
        };
        let previous = sampler::set_tier(tier);
        // SAFETY: `fp` indexes a pushed frame of `t`, whose installed code `enter` belongs to and stays installed
        // (code is only replaced by a higher tier after this frame returns or is never freed while `t` lives);
        // `target` is an instruction boundary of that code.
        let r = unsafe { enter(base.add(fp), acc, &mut cx, target) };
        sampler::set_tier(previous);
        let flags = self.stack[fp + frame::FLAGS as usize].as_int();
        let argc = self.stack[fp + frame::ARGC as usize].as_int() as usize;
        let result = if r.status == STUB_NEXT {
            if flags & FLAG_CONSTRUCT != 0 { self.construct_result(fp, r.acc) } else { Ok(r.acc) }
        } else {
            Err(r.acc)
        };
        self.stack_top = fp - argc.max(t.param_count as usize);
        result
    }

    /// On-stack replacement from `interp` at the back-edge to `loop_header` in the frame at `fp`: the rest of the
    /// activation runs in the function's compiled code. Returns what the frame returns (and pops it).
    #[inline(never)]
    pub(crate) fn osr_enter(&mut self, fp: usize, at: u32, loop_header: u32, acc: Value) -> JsResult<Value> {
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("frames hold closures").template;
        let to = super::manager::tier_of(&t);
        self.stats.osr_entries += 1;
        tracing::info!(
            target: "tetra::osr",
            function = %super::manager::describe_function(&t),
            at,
            loop_header,
            from = Tier::Interp.name(),
            to = to.name(),
            "osr"
        );
        self.enter_compiled(fp, loop_header, acc)
    }
}
