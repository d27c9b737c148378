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

/// The header of a frame pushed by the fast paths.
struct InterpFrame {
    callee: Value,
    context: Value,
    this: Value,
    new_target: Value,
    caller_fp: i32,
    return_pc: i32,
    flags: i32,
}

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

    /// The call fast path: a [[Call]] of an ordinary closure that runs in `interp` (no compiled code, not its first
    /// call, which may compile eagerly) and needs no `this` wrapper. Pushes its frame as `push_frame` does, with
    /// the `argc` arguments at `args` (ascending), linked to `caller_fp`/`return_pc` (an entry frame when
    /// `caller_fp` is negative), and returns the new fp and the callee's template; None leaves everything
    /// untouched for the general path (`start_call`).
    ///
    /// # Safety
    /// `args..args + argc` are readable values below `stack_top` or outside the register file.
    #[inline(always)]
    pub(crate) unsafe fn push_interp_call(
        &mut self,
        callee: Value,
        this: Value,
        args: *const Value,
        argc: usize,
        caller_fp: i32,
        return_pc: i32,
    ) -> Option<(*mut Value, *const FunctionTemplate)> {
        if !callee.is_object() {
            return None;
        }
        let o = callee.as_object();
        let crate::object::ObjectKind::Closure(c) = &o.kind else { return None };
        let t = c.template;
        if o.flags & crate::object::FLAG_CLASS_CONSTRUCTOR != 0 || t.code_entry.get() != 0 || t.invocations.get() == 0 {
            return None;
        }
        let this = if t.kind == crate::bytecode::FunctionKind::Arrow {
            Value::UNDEFINED
        } else if t.is_strict || this.is_object() {
            this
        } else if this.is_nullish() {
            self.realm.global
        } else {
            return None;
        };
        let (caller_fp, return_pc, flags) =
            if caller_fp < 0 { (self.native_caller.0, self.native_caller.1, frame::FLAG_ENTRY) } else { (caller_fp, return_pc, 0) };
        let frame = InterpFrame { callee, context: c.context, this, new_target: Value::UNDEFINED, caller_fp, return_pc, flags };
        // SAFETY: per the contract.
        let new = unsafe { self.write_interp_frame(t, &frame, args, argc)? };
        Some((new, t.as_ptr()))
    }

    /// The construct fast path: a [[Construct]] (new.target = the callee) of a base-class or function constructor
    /// that runs in `interp`, as `push_interp_call`. `this` is made by `create_from_constructor` (which may run
    /// allocation and, for exotic prototypes, JS); Ok(None) means nothing was done.
    ///
    /// # Safety
    /// As `push_interp_call`.
    #[inline(always)]
    pub(crate) unsafe fn push_interp_construct(
        &mut self,
        callee: Value,
        args: *const Value,
        argc: usize,
        caller_fp: i32,
        return_pc: i32,
    ) -> JsResult<Option<(*mut Value, *const FunctionTemplate)>> {
        if !callee.is_object() {
            return Ok(None);
        }
        let o = callee.as_object();
        let crate::object::ObjectKind::Closure(c) = &o.kind else { return Ok(None) };
        let t = c.template;
        let context = c.context;
        if !o.is_constructor()
            || t.kind == crate::bytecode::FunctionKind::DerivedConstructor
            || t.code_entry.get() != 0
            || t.invocations.get() == 0
            || caller_fp < 0
            || !self.frame_fits(t, argc)
        {
            return Ok(None);
        }
        let this = Value::object(self.create_from_constructor(callee, self.realm.object_prototype)?);
        let flags = frame::FLAG_CONSTRUCT;
        let frame = InterpFrame { callee, context, this, new_target: callee, caller_fp, return_pc, flags };
        // SAFETY: per the contract; a nested call made while creating `this` has popped its frames again.
        Ok(unsafe { self.write_interp_frame(t, &frame, args, argc) }.map(|new| (new, t.as_ptr() as *const _)))
    }

    #[inline(always)]
    fn frame_fits(&self, t: Gc<FunctionTemplate>, argc: usize) -> bool {
        let end = self.stack_top + argc.max(t.param_count as usize) + HEADER_SIZE + t.register_count as usize;
        end + STACK_SLACK < self.stack.len()
    }

    /// Pushes an interpreter frame for `t` at `stack_top` (the fast paths' `push_frame`); None if the register file
    /// is full.
    ///
    /// # Safety
    /// `args..args + argc` are readable values below `stack_top` or outside the register file.
    #[inline(always)]
    unsafe fn write_interp_frame(
        &mut self,
        t: Gc<FunctionTemplate>,
        f: &InterpFrame,
        args: *const Value,
        argc: usize,
    ) -> Option<*mut Value> {
        let params = t.param_count as usize;
        let base = self.stack_top;
        let nfp = base + argc.max(params);
        let end = nfp + HEADER_SIZE + t.register_count as usize;
        if end + STACK_SLACK >= self.stack.len() {
            return None;
        }
        let stack = self.stack.as_mut_ptr();
        // SAFETY: `end` is inside the register file (checked above) and the arguments are not above `stack_top`,
        // so they do not overlap the new frame's argument slots, header or locals. Slices (not pointer loops):
        // LLVM then knows the copies do not alias and emits no run-time overlap checks, which cost more than the
        // copy for the usual handful of arguments.
        unsafe {
            let new = stack.add(nfp);
            let dst = std::slice::from_raw_parts_mut(new.sub(argc), argc);
            let src = std::slice::from_raw_parts(args, argc);
            for (d, a) in dst.iter_mut().rev().zip(src) {
                *d = *a;
            }
            if params > argc {
                std::slice::from_raw_parts_mut(new.sub(params), params - argc).fill(Value::UNDEFINED);
            }
            *new.offset(frame::CLOSURE as isize) = f.callee;
            *new.offset(frame::CONTEXT as isize) = f.context;
            *new.offset(frame::THIS as isize) = f.this;
            *new.offset(frame::NEW_TARGET as isize) = f.new_target;
            *new.offset(frame::ARGC as isize) = Value::int(argc as i32);
            *new.offset(frame::CALLER_FP as isize) = Value::int(f.caller_fp);
            *new.offset(frame::RETURN_PC as isize) = Value::int(f.return_pc);
            *new.offset(frame::FLAGS as isize) = Value::int(f.flags);
            std::slice::from_raw_parts_mut(new.add(HEADER_SIZE), t.register_count as usize).fill(Value::UNDEFINED);
            self.stack_top = end;
            self.stats.calls += 1;
            t.invocations.set(t.invocations.get().wrapping_add(1));
            Some(new)
        }
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
