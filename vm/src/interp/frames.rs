//! Pushing and popping interpreter frames in the register file (layout in `frame.rs`).
//!
//! Invariants:
//! - `vm.stack_top` is the end of the topmost frame's registers; everything below it is traced precisely.
//! - A pushed frame has every header slot set, at least `param_count` argument slots, and its locals undefined.

use crate::frame::{self, HEADER_SIZE};
use crate::function::FunctionTemplate;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

/// Slots kept free at the top of the register file so native code called from a frame can always push one frame's
/// worth of arguments.
const STACK_SLACK: usize = 1024;

pub struct FrameSetup {
    pub closure: Gc<JsObject>,
    pub template: Gc<FunctionTemplate>,
    pub context: Value,
    pub this: Value,
    pub new_target: Value,
    pub caller_fp: i32,
    pub return_pc: i32,
    pub flags: i32,
}

impl Vm {
    /// Pushes a frame at `stack_top`, copying the arguments produced by `arg(i)` for `i < argc`. Returns the new fp.
    #[inline(always)]
    pub(crate) fn push_frame(
        &mut self,
        s: &FrameSetup,
        argc: usize,
        arg: impl Fn(usize) -> Value,
    ) -> JsResult<usize> {
        let t = s.template;
        let params = t.param_count as usize;
        let arg_slots = argc.max(params);
        let base = self.stack_top;
        let fp = base + arg_slots;
        let end = fp + HEADER_SIZE + t.register_count as usize;
        if end + STACK_SLACK >= self.stack.len() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        let stack = &mut self.stack;
        for i in 0..argc {
            stack[fp - 1 - i] = arg(i);
        }
        for i in argc..params {
            stack[fp - 1 - i] = Value::UNDEFINED;
        }
        stack[fp + frame::CLOSURE as usize] = Value::object(s.closure);
        stack[fp + frame::CONTEXT as usize] = s.context;
        stack[fp + frame::THIS as usize] = s.this;
        stack[fp + frame::NEW_TARGET as usize] = s.new_target;
        stack[fp + frame::ARGC as usize] = Value::int(argc as i32);
        // An entry frame's caller link is only read by stack traces: the JS frame that called into native code.
        let (caller_fp, return_pc) = if s.caller_fp < 0 { self.native_caller } else { (s.caller_fp, s.return_pc) };
        let stack = &mut self.stack;
        stack[fp + frame::CALLER_FP as usize] = Value::int(caller_fp);
        stack[fp + frame::RETURN_PC as usize] = Value::int(return_pc);
        stack[fp + frame::FLAGS as usize] = Value::int(s.flags);
        for v in &mut stack[fp + HEADER_SIZE..end] {
            *v = Value::UNDEFINED;
        }
        self.stack_top = end;
        self.stats.calls += 1;
        t.invocations.set(t.invocations.get().wrapping_add(1));
        Ok(fp)
    }

    /// The receiver a non-strict function sees: the global object for null/undefined, a wrapper for primitives.
    #[inline(always)]
    pub(crate) fn coerce_this(&mut self, t: &FunctionTemplate, this: Value) -> JsResult<Value> {
        if t.is_strict || this.is_object() {
            return Ok(this);
        }
        if this.is_nullish() {
            return Ok(self.realm.global);
        }
        Ok(Value::object(self.to_object(this)?))
    }
}
