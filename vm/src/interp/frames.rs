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
pub(crate) const STACK_SLACK: usize = 1024;

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
    pub(crate) fn push_frame(&mut self, s: &FrameSetup, argc: usize, arg: impl Fn(usize) -> Value) -> JsResult<usize> {
        // A function's first call (the fast paths below leave those to this one) compiles it if it was deferred.
        self.ensure_compiled(s.template)?;
        match self.write_frame(s, argc, arg) {
            Some(fp) => Ok(fp),
            None => self.throw_range("Maximum call stack size exceeded"),
        }
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
        let this = self.plain_receiver(&t, this)?;
        let flags = if caller_fp < 0 { frame::FLAG_ENTRY } else { 0 };
        let setup = FrameSetup {
            closure: o,
            template: t,
            context: c.context,
            this,
            new_target: Value::UNDEFINED,
            caller_fp,
            return_pc,
            flags,
        };
        // SAFETY: per the contract, the arguments can be read and are not in the new frame's window.
        let fp = self.write_frame(&setup, argc, |i| unsafe { *args.add(i) })?;
        // SAFETY: `write_frame` returned an index inside the register file.
        Some((unsafe { self.stack.as_mut_ptr().add(fp) }, t.as_ptr()))
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
            || self.frame_end(t, argc).is_none()
        {
            return Ok(None);
        }
        let this = Value::object(self.create_from_constructor(callee, self.realm.object_prototype)?);
        let setup = FrameSetup {
            closure: o,
            template: t,
            context,
            this,
            new_target: callee,
            caller_fp,
            return_pc,
            flags: frame::FLAG_CONSTRUCT,
        };
        // SAFETY: per the contract; a nested call made while creating `this` has popped its frames again.
        let fp = self.write_frame(&setup, argc, |i| unsafe { *args.add(i) });
        // SAFETY: `write_frame` returned an index inside the register file.
        Ok(fp.map(|fp| (unsafe { self.stack.as_mut_ptr().add(fp) }, t.as_ptr() as *const _)))
    }

    /// Where a frame for `t` with `argc` arguments pushed now would end, if the register file has room for it.
    #[inline(always)]
    fn frame_end(&self, t: Gc<FunctionTemplate>, argc: usize) -> Option<usize> {
        let end = self.stack_top + argc.max(t.param_count as usize) + HEADER_SIZE + t.register_count as usize;
        (end + STACK_SLACK < self.stack.len()).then_some(end)
    }

    /// Pushes a frame at `stack_top` (`push_frame` without the exception); None if the register file is full.
    /// The arguments `arg(i)` must not be read from the new frame's window (they are below `stack_top`, or
    /// elsewhere).
    #[inline(always)]
    pub(crate) fn write_frame(&mut self, s: &FrameSetup, argc: usize, arg: impl Fn(usize) -> Value) -> Option<usize> {
        let t = s.template;
        let end = self.frame_end(t, argc)?;
        let params = t.param_count as usize;
        let fp = self.stack_top + argc.max(params);
        // An entry frame's caller link is only read by stack traces: the JS frame that called into native code.
        let (caller_fp, return_pc) = if s.caller_fp < 0 { self.native_caller } else { (s.caller_fp, s.return_pc) };
        // SAFETY: `frame_end` checked that the window up to `end` is inside the register file.
        unsafe {
            let new = self.stack.as_mut_ptr().add(fp);
            for i in 0..argc {
                *new.sub(1 + i) = arg(i);
            }
            if params > argc {
                std::slice::from_raw_parts_mut(new.sub(params), params - argc).fill(Value::UNDEFINED);
            }
            *new.offset(frame::CLOSURE as isize) = Value::object(s.closure);
            *new.offset(frame::CONTEXT as isize) = s.context;
            *new.offset(frame::THIS as isize) = s.this;
            *new.offset(frame::NEW_TARGET as isize) = s.new_target;
            *new.offset(frame::ARGC as isize) = Value::int(argc as i32);
            *new.offset(frame::CALLER_FP as isize) = Value::int(caller_fp);
            *new.offset(frame::RETURN_PC as isize) = Value::int(return_pc);
            *new.offset(frame::FLAGS as isize) = Value::int(s.flags);
            std::slice::from_raw_parts_mut(new.add(HEADER_SIZE), t.register_count as usize).fill(Value::UNDEFINED);
        }
        self.stack_top = end;
        self.stats.calls += 1;
        t.invocations.set(t.invocations.get().wrapping_add(1));
        Some(fp)
    }

    /// The receiver `t`'s frame gets as `coerce_this` (or an arrow's none) makes it, unless that is a primitive's
    /// wrapper (an allocation, which may throw): what the fast frame pushes can take without the slow path.
    #[inline(always)]
    pub(crate) fn plain_receiver(&self, t: &FunctionTemplate, this: Value) -> Option<Value> {
        if t.kind == crate::bytecode::FunctionKind::Arrow {
            Some(Value::UNDEFINED)
        } else if t.is_strict || this.is_object() {
            Some(this)
        } else if this.is_nullish() {
            Some(self.realm.global)
        } else {
            None
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
