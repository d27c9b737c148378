//! Direct calls: speculative code that knows its callee (a constant closure the call feedback named, checked at the
//! call) pushes the callee's frame itself and calls the callee's installed code, with no bytecode decoding, no
//! feedback update and no dispatch on the callee's kind. This module holds the layout that code relies on and the
//! runtime half it falls back to.
//!
//! Invariants:
//! - The frame the caller's code writes is exactly `Vm::write_frame`'s for a [[Call]] or [[Construct]]: arguments,
//!   missing parameters and locals undefined, the header with `FLAG_ENTRY` (and `FLAG_CONSTRUCT`, new.target the
//!   callee, `this` from `construct_receiver`) and the caller's fp and the pc after the call
//!   (so stack traces and a deopt of the callee see an ordinary entry frame), `stack_top` at its end; `stats.calls`
//!   and the callee's `invocations` counted. It is popped by storing back the `stack_top` of before the call.
//! - The caller checks the native stack (`native_stack_limit`) and the register file (`frame_limit`) first, and
//!   takes the instruction's generic routine instead when either is short, so deep recursion is a `RangeError`
//!   raised by the same code as in every other tier.
//! - A constructor's plain return is an object result or else `this`, as `construct_result` decides for base
//!   constructors (the in-object slack it learns was learnt in the lower tiers).
//! - Everything but a plain return of a value goes through `finish_direct_call`: a deopt in the callee resumes it
//!   in the interpreter, an exception is recorded at the caller's call instruction.

use super::runtime::StubResult;
use crate::function::FunctionTemplate;
use crate::interp::dispatch::{Cx, Fp, Ip, T};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::Vm;

/// Byte offsets the caller's code reads and writes.
pub const CX_BASE_OFFSET: usize = std::mem::offset_of!(Cx, base);
pub const VM_STACK_TOP_OFFSET: usize = std::mem::offset_of!(Vm, stack_top);
pub const VM_NATIVE_STACK_LIMIT_OFFSET: usize = std::mem::offset_of!(Vm, native_stack_limit);
pub const VM_CALLS_OFFSET: usize = std::mem::offset_of!(Vm, stats) + std::mem::offset_of!(crate::stats::Stats, calls);
pub const TEMPLATE_CODE_ENTRY_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, code_entry);
pub const TEMPLATE_CODE_BODY_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, code_body);
/// A `u32`.
pub const TEMPLATE_INVOCATIONS_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, invocations);
/// `u16`s, and one byte each (`FunctionKind` is `repr(u8)`).
pub const TEMPLATE_PARAM_COUNT_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, param_count);
pub const TEMPLATE_REGISTER_COUNT_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, register_count);
pub const TEMPLATE_KIND_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, kind);
pub const TEMPLATE_IS_STRICT_OFFSET: usize = std::mem::offset_of!(FunctionTemplate, is_strict);

/// Byte offsets of a closure's template pointer and context value from its object's address plus 8 bytes per
/// in-object slot (the body follows those slots). Measured on a value, not assumed: where the payload of `ObjectKind::Closure` lies
/// in the enum is the Rust compiler's choice, fixed for one build.
pub fn closure_field_offsets() -> (usize, usize) {
    use crate::object::{Closure, ObjectBody, ObjectKind};
    static OFFSETS: std::sync::OnceLock<(usize, usize)> = std::sync::OnceLock::new();
    *OFFSETS.get_or_init(|| {
        // SAFETY: the dangling template pointer is never dereferenced (nor dropped: `Gc` is Copy); the value only
        // shows where the fields are.
        let template = unsafe { tetra_gc::Gc::from_raw(std::ptr::NonNull::<FunctionTemplate>::dangling().as_ptr()) };
        let kind = std::mem::ManuallyDrop::new(ObjectKind::Closure(Closure {
            template,
            context: Value::UNDEFINED,
            home_object: Value::UNDEFINED,
        }));
        let ObjectKind::Closure(c) = &*kind else { unreachable!("built as a closure") };
        let base = &*kind as *const ObjectKind as usize;
        let body = std::mem::size_of::<crate::object::JsObject>() + std::mem::offset_of!(ObjectBody, kind);
        let at = |field: usize| body + field - base;
        (at(&c.template as *const _ as usize), at(&c.context as *const _ as usize))
    })
}

impl Vm {
    /// The highest register-file index a pushed frame may end at (`write_frame`'s bound). The register file never
    /// moves or grows, so compiled code may embed it.
    pub fn frame_limit(&self) -> usize {
        self.stack.len() - crate::interp::frames::STACK_SLACK - 1
    }
}

/// The `this` of a direct [[Construct]] of the base-class or function constructor `callee` (new.target = callee),
/// made before its frame is pushed, as `start_construct` makes it.
///
/// # Safety
/// `ip` is the construct instruction in `t`'s bytecode, `fp` the caller's frame running `t`, `cx` the running context;
/// `callee` is a closure that is a constructor and not a derived one.
pub unsafe extern "C" fn construct_receiver(ip: Ip, fp: Fp, callee: Value, t: T, cx: &mut Cx) -> StubResult {
    // SAFETY: cx.vm is the running VM; nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    let fallback = vm.realm.object_prototype;
    match vm.create_from_constructor(callee, fallback) {
        Ok(o) => StubResult::next(Value::object(o)),
        // SAFETY: ip, fp and t are this entry's, per its contract.
        Err(e) => unsafe { StubResult::throw(ip, fp, t, cx, e) },
    }
}

/// `this` for a construct whose code copies the constructor's initial object when the heap's inline fast path is
/// closed (no free cell, or a collection due): a new instance of the same shape, as `create_from_constructor` makes
/// it while the constructor is unchanged (the caller checked). Cannot throw.
///
/// # Safety
/// `cx` is the running context; `initial` is a constructor's `initial_object`, kept alive by the caller's code.
pub unsafe extern "C" fn allocate_like(cx: &mut Cx, initial: *const JsObject) -> Value {
    // SAFETY: per the contract.
    let (vm, shape) = unsafe { (&mut *cx.vm, (*initial).shape) };
    Value::object(vm.alloc_object(shape, crate::object::ObjectKind::Ordinary, 0))
}

/// `new Array(len)` of the realm's Array constructor with a non-negative int32 length (compiled code's `NewArray`,
/// which checked both). Cannot throw.
///
/// # Safety
/// `cx` is the running context.
pub unsafe extern "C" fn new_array(cx: &mut Cx, len: u64) -> Value {
    // SAFETY: per the contract.
    let vm = unsafe { &mut *cx.vm };
    Value::object(crate::builtins::array::array_of_length(vm, len as u32))
}

/// A function context of `slots` slots under `parent` (a context value), for compiled code's
/// `CreateFunctionContext` of an inlined callee. Cannot throw.
///
/// # Safety
/// `cx` is the running context; `parent` is a context value.
pub unsafe extern "C" fn new_function_context(cx: &mut Cx, parent: Value, slots: u64) -> Value {
    // SAFETY: per the contract.
    let vm = unsafe { &mut *cx.vm };
    crate::function::context_value(vm.alloc_context(parent, slots as u32))
}

/// A closure of the template at `template` over `context` with `home` as its home object, for compiled code's
/// `CreateClosure` of an inlined callee. Cannot throw.
///
/// # Safety
/// `cx` is the running context; `template` points to a live function template (the code keeps it alive).
pub unsafe extern "C" fn new_closure(cx: &mut Cx, template: usize, context: Value, home: Value) -> Value {
    // SAFETY: per the contract.
    let (vm, template) = unsafe { (&mut *cx.vm, tetra_gc::Gc::from_raw(template as *mut FunctionTemplate)) };
    Value::object(vm.new_closure(template, context, home))
}

/// `s.substring(start, end)` for compiled code's `StringSubstring` (a string `s`, int32 bounds; `has_end` 0: the
/// string's length). Cannot throw.
///
/// # Safety
/// `cx` is the running context; `s` is a string.
pub unsafe extern "C" fn substring(cx: &mut Cx, s: Value, start: i64, end: i64, has_end: i64) -> Value {
    // SAFETY: per the contract.
    let vm = unsafe { &mut *cx.vm };
    crate::builtins::string::substring_int32(vm, s, start as i32, (has_end != 0).then_some(end as i32))
}

/// A direct call (or construct, `new_target` the callee) of the builtin `f` with the `argc` arguments at `args`.
/// `after` is where stack traces continue in the calling frame: 0 for after the call at `ip`, or a negative
/// offset naming the callees inlined at the call (`stack_trace::register_inlined_return`).
///
/// # Safety
/// As `finish_direct_call`; `f` is the address of a builtin's `NativeFn` (the builtin is kept alive by the caller's
/// code); `args..args + argc` are values on the caller's native stack.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn call_native(
    ip: Ip,
    fp: Fp,
    t: T,
    cx: &mut Cx,
    f: usize,
    this: Value,
    args: *const Value,
    argc: usize,
    new_target: Value,
    after: i64,
) -> StubResult {
    // Stack traces continue in the calling frame after the call (as `runtime::call` records it).
    // SAFETY: per the contract.
    let (here, after) = unsafe { super::runtime::caller_link(ip, fp, t, cx, after as i32) };
    // SAFETY: per the contract, `f` was a `NativeFn`.
    let f = unsafe { std::mem::transmute::<usize, crate::vm::NativeFn>(f) };
    // SAFETY: cx.vm is the running VM; the arguments are not in the register file, which the builtin may grow into.
    match unsafe { (*cx.vm).call_native_in_place(f, this, args, argc, new_target, (here, after)) } {
        Ok(v) => StubResult::next(v),
        // SAFETY: ip, fp and t are this entry's, per its contract.
        Err(e) => unsafe { StubResult::throw(ip, fp, t, cx, e) },
    }
}

/// A direct call found the native stack or the register file short: the RangeError, thrown at the call `ip` of `t`
/// (a call inside an inlined callee, which has no frame to run the call's routine on). Its stack starts at the
/// callees inlined there: `after` is the call's return offset (`Frameless::return_pc`). Stub signature.
///
/// # Safety
/// As `finish_direct_call`.
pub unsafe extern "C" fn stack_overflow(ip: Ip, fp: Fp, after: Value, t: T, cx: &mut Cx) -> StubResult {
    // SAFETY: cx.vm is the running VM; nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    let e = vm.new_error(crate::realm::ErrorKind::RangeError, "Maximum call stack size exceeded");
    // SAFETY: fp and the register file base point into the same allocation.
    let here = unsafe { fp.offset_from(cx.base) } as i32;
    vm.capture_stack(e, here, after.as_int());
    // SAFETY: ip, fp and t are this entry's, per its contract.
    unsafe { StubResult::throw(ip, fp, t, cx, e) }
}

/// The status a direct call passes to `finish_direct_call` for a callee it did not run (no installed code).
pub const NOT_RUN: u64 = u64::MAX;

/// The rest of a direct call whose callee's frame was pushed at `new_fp`, on its cold paths: with `status`
/// `NOT_RUN` the callee had no installed code, and runs now (in the interpreter, or in code an eager tier compiles
/// now) until it returns; otherwise its code returned `status` other than `STUB_NEXT`, or the frame was a
/// construct, and the frame is finished as `entry::finish_compiled_frame` does (a deopted callee resumes in the
/// interpreter). Either way the frame is popped.
///
/// # Safety
/// `ip` is the call instruction in `t`'s bytecode, `fp` the caller's frame running `t`, `new_fp` the frame the
/// caller just pushed, `cx` the running context; `acc` and `status` are what the callee's code returned.
pub unsafe extern "C" fn finish_direct_call(
    ip: Ip,
    fp: Fp,
    new_fp: usize,
    t: T,
    cx: &mut Cx,
    acc: Value,
    status: u64,
) -> StubResult {
    // SAFETY: cx.vm is the running VM; nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    let done = match status {
        NOT_RUN => vm.run_pushed(new_fp),
        _ => vm.finish_compiled_frame(new_fp, StubResult { acc, status }),
    };
    match done {
        Ok(v) => StubResult::next(v),
        // SAFETY: ip, fp and t are this entry's, per its contract.
        Err(e) => unsafe { StubResult::throw(ip, fp, t, cx, e) },
    }
}
