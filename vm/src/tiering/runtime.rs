//! The runtime entry points compiled code calls: the bytecode stubs (the interpreter's handler bodies compiled as
//! functions, see `interp::handlers`), calls, exception unwinding inside a compiled frame, and the interrupt budget.
//!
//! Invariants:
//! - All entry points use the stub calling convention: `(ip, fp, acc, t, cx) -> StubResult` with `ip` the
//!   instruction being executed, unless stated otherwise; an exception is `STUB_THROW` with `cx.exit` recording
//!   where it was raised, exactly as the interpreter records it.
//! - JS calls from compiled code are native calls: `call` pushes the callee's frame and runs it in its own tier
//!   (compiled code or a nested interpreter loop), checking the native stack first so deep recursion is a
//!   `RangeError`.

pub use crate::interp::dispatch::{
    Cx, STUB_DEOPT, STUB_FRAME_DONE, STUB_FRAME_THREW, STUB_JUMP, STUB_NEXT, STUB_THROW, StubFn, StubResult,
};
pub use crate::interp::handlers::stub_for;

use crate::bytecode::{Op, Reg, ops};
use crate::frame;
use crate::function::FunctionTemplate;
use crate::interp::CallAction;
use crate::interp::dispatch::{Exit, Fp, Ip, T, code_start, frame_template};
use crate::tiering::entry;
use crate::value::Value;

/// `CallProperty`, `CallUndefinedReceiver` and `Construct` at `ip`.
///
/// # Safety
/// `ip` is one of those instructions in `t`'s bytecode, `fp` the frame running `t`, `cx` the running context.
pub unsafe extern "C" fn call(ip: Ip, fp: Fp, _acc: Value, t: T, cx: &mut Cx) -> StubResult {
    // SAFETY: per the contract, `ip` starts an instruction whose operands follow it.
    let code = unsafe { std::slice::from_raw_parts(ip, Op::Construct.size()) };
    // SAFETY: register operands are inside the frame.
    let reg = |r: Reg| unsafe { *fp.offset(r.0 as isize) };
    let (callee, this, first, argc, slot, construct) = match Op::from_byte(code[0]) {
        Op::CallProperty => {
            let d = ops::CallProperty::decode(code, 0);
            (reg(d.callee), reg(d.args), d.args.0 + 1, d.count as usize - 1, d.slot, false)
        }
        Op::CallUndefinedReceiver => {
            let d = ops::CallUndefinedReceiver::decode(code, 0);
            (reg(d.callee), Value::UNDEFINED, d.args.0, d.count as usize, d.slot, false)
        }
        Op::Construct => {
            let d = ops::Construct::decode(code, 0);
            (reg(d.callee), Value::UNDEFINED, d.args.0, d.count as usize, d.slot, true)
        }
        other => unreachable!("runtime::call on {}", other.name()),
    };
    // SAFETY: the template outlives its running frame; feedback slot operands index its vector.
    unsafe { (*t).feedback_mut().get_unchecked_mut(slot as usize) }.record_call(callee);
    if !construct {
        // SAFETY: the arguments are consecutive registers of the calling frame, below the register file's top
        // (the callee's frame is pushed above it).
        let args = unsafe { std::slice::from_raw_parts(fp.offset(first as isize), argc) };
        // SAFETY: per the contract.
        if let Some(r) = unsafe { call_compiled_closure(ip, fp, t, cx, callee, this, args, 0) } {
            return r;
        }
    }
    let arg = |_: &crate::vm::Vm, i: usize| reg(Reg(first + i as i16));
    // SAFETY: per the contract.
    unsafe { call_with(ip, fp, t, cx, callee, this, argc, arg, construct, 0) }
}

/// [[Call]] (or [[Construct]], new.target the callee) of `callee` from compiled code, with the `argc` arguments at
/// `args`: what `call` does for a call instruction, for code that holds its arguments as values (mid's calls of a
/// callee it does not know). `after` is where stack traces continue in the calling frame: 0 for after the call at
/// `ip`, or a negative offset naming the callees inlined at the call (`stack_trace::register_inlined_return`).
///
/// # Safety
/// As `call`'s; `args..args + argc` are values on the caller's native stack (not in the register file, which the
/// callee may grow into).
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn call_values(
    ip: Ip,
    fp: Fp,
    t: T,
    cx: &mut Cx,
    callee: Value,
    this: Value,
    args: *const Value,
    argc: usize,
    construct: u64,
    after: i64,
) -> StubResult {
    // SAFETY: per the contract.
    let args = unsafe { std::slice::from_raw_parts(args, argc) };
    if construct == 0
        // SAFETY: per the contract.
        && let Some(r) = unsafe { call_compiled_closure(ip, fp, t, cx, callee, this, args, after as i32) }
    {
        return r;
    }
    // SAFETY: per the contract.
    unsafe { call_with(ip, fp, t, cx, callee, this, argc, |_, i| args[i], construct != 0, after as i32) }
}

/// `call`'s and `call_values`'s common case, kept lean (for mid it replaces a frame push the caller's code would
/// otherwise make inline; baseline's calls take it for any callee that has code):
/// a closure with installed code and a receiver it takes as it is gets its frame, linked to the calling frame for
/// stack traces as a direct call links it, and runs. `None`, having done nothing, for anything else.
///
/// # Safety
/// As `call_values`'s.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn call_compiled_closure(
    ip: Ip,
    fp: Fp,
    t: T,
    cx: &mut Cx,
    callee: Value,
    this: Value,
    args: &[Value],
    after: i32,
) -> Option<StubResult> {
    let o = callee.try_object()?;
    let crate::object::ObjectKind::Closure(c) = &o.kind else { return None };
    let ct = c.template;
    let entry = ct.code_entry.get();
    if entry == 0 || o.flags & crate::object::FLAG_CLASS_CONSTRUCTOR != 0 {
        return None;
    }
    // SAFETY: cx.vm is the running VM; nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    // A sloppy function called plainly, `f(x)`, sees the global object.
    let this = vm.plain_receiver(&ct, this)?;
    if crate::stack_limit::stack_pointer() < vm.native_stack_limit {
        return None;
    }
    // SAFETY: per the contract.
    let (here, return_pc) = unsafe { caller_link(ip, fp, t, cx, after) };
    let setup = crate::interp::FrameSetup {
        closure: o,
        template: ct,
        context: c.context,
        this,
        new_target: Value::UNDEFINED,
        caller_fp: here,
        return_pc,
        flags: frame::FLAG_ENTRY,
    };
    let top = vm.stack_top;
    let new_fp = vm.write_frame(&setup, args.len(), |i| args[i])?;
    let caller_tier = vm.running_tier();
    // SAFETY: the callee's installed code and the frame pushed for it.
    let r = unsafe { entry::run_code(cx, new_fp, entry, ct.code_body.get(), Value::UNDEFINED) };
    // SAFETY: cx.vm is the running VM.
    let vm = unsafe { &mut *cx.vm };
    vm.set_tier(caller_tier);
    if r.status == STUB_NEXT {
        vm.stack_top = top;
        return Some(StubResult::next(r.acc));
    }
    Some(match vm.finish_compiled_frame(new_fp, r) {
        Ok(v) => StubResult::next(v),
        // SAFETY: ip, fp and t are this entry's, per its contract.
        Err(e) => unsafe { StubResult::throw(ip, fp, t, cx, e) },
    })
}

/// Where stack traces continue in the calling frame of a call at `ip`: the frame's register-file index and the
/// offset after the call (or `after`, when it is not 0: a negative offset naming callees inlined at the call).
///
/// # Safety
/// `ip` is a call instruction of `t`, running in the frame `fp` of `cx`'s register file.
#[inline]
pub unsafe fn caller_link(ip: Ip, fp: Fp, t: T, cx: &Cx, after: i32) -> (i32, i32) {
    // SAFETY: fp and the register file base point into the same allocation; ip is inside `t`'s bytecode.
    let (here, pc) = unsafe { (fp.offset_from(cx.base) as i32, ip.offset_from(code_start(t)) as i32) };
    let return_pc = match after {
        // SAFETY: `ip` starts a call instruction of `t`.
        0 => pc + Op::from_byte(unsafe { *ip }).size() as i32,
        inlined => inlined,
    };
    (here, return_pc)
}

/// The call of `callee` by the call instruction at `ip`, its arguments read by `arg`: the callee runs as an entry
/// frame (in its installed code, or a nested interpreter loop), or a builtin runs.
///
/// # Safety
/// As `call_values`'s; `arg` reads values nothing writes while the callee runs.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn call_with(
    ip: Ip,
    fp: Fp,
    t: T,
    cx: &mut Cx,
    callee: Value,
    this: Value,
    argc: usize,
    arg: impl Fn(&crate::vm::Vm, usize) -> Value,
    construct: bool,
    after: i32,
) -> StubResult {
    // SAFETY: cx.vm is the running VM; nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    if crate::stack_limit::stack_pointer() < vm.native_stack_limit {
        let e = vm.new_error(crate::realm::ErrorKind::RangeError, "Maximum call stack size exceeded");
        // SAFETY: ip, fp and t are this entry's, per its contract.
        return unsafe { StubResult::throw(ip, fp, t, cx, e) };
    }
    // The callee runs as an entry frame (or a builtin); stack traces continue in this frame after the call.
    // SAFETY: per the contract.
    let outer = std::mem::replace(&mut vm.native_caller, unsafe { caller_link(ip, fp, t, cx, after) });
    let started = if construct {
        vm.start_construct(callee, callee, argc, arg, -1, 0)
    } else {
        vm.start_call(callee, this, argc, arg, -1, 0)
    };
    let result = match started {
        Ok(CallAction::Done(v)) => Ok(v),
        Ok(CallAction::Push(new_fp)) => {
            // SAFETY: push_frame returned a frame index inside the register file.
            let callee = frame_template(unsafe { cx.base.add(new_fp) });
            // SAFETY: the callee's template is alive (its closure is in the new frame).
            let ct = unsafe { &*callee };
            let entry = ct.code_entry.get();
            if entry != 0 {
                // Compiled to compiled: straight into the callee's code with this same context.
                // The callee's code records its tier at its entry; this caller's is restored after.
                // SAFETY: cx.vm is the running VM.
                let caller_tier = unsafe { &*cx.vm }.running_tier();
                // SAFETY: the callee's installed code and the frame pushed for it.
                let r = unsafe { entry::run_code(cx, new_fp, entry, ct.code_body.get(), Value::UNDEFINED) };
                // SAFETY: as above.
                unsafe { &*cx.vm }.set_tier(caller_tier);
                // SAFETY: as above.
                unsafe { &mut *cx.vm }.finish_compiled_frame(new_fp, r)
            } else {
                // SAFETY: as above.
                unsafe { &mut *cx.vm }.run_pushed(new_fp)
            }
        }
        Err(e) => Err(e),
    };
    // SAFETY: cx.vm is the running VM.
    unsafe { &mut *cx.vm }.native_caller = outer;
    match result {
        Ok(v) => StubResult::next(v),
        // SAFETY: ip, fp and t are this entry's, per its contract.
        Err(e) => unsafe { StubResult::throw(ip, fp, t, cx, e) },
    }
}

/// After a `STUB_THROW` in the frame `fp`: finds the frame's handler for the instruction that threw (recorded in
/// `cx.exit`), restores the handler's context and the register-file top, and returns the machine address of the
/// handler in the frame's compiled code; 0 when no handler covers it (the exception leaves the frame). (The
/// exception's stack trace was taken where it was thrown, `StubResult::throw`.)
///
/// # Safety
/// `fp` is the frame running `t`, whose installed code is the caller; `cx.exit` is a `Throw` in that frame.
pub unsafe extern "C" fn unwind(fp: Fp, t: T, cx: &mut Cx) -> usize {
    let Exit::Throw { ip, .. } = cx.exit else { unreachable!("unwind without a throw") };
    // SAFETY: per the contract.
    let tmpl: &FunctionTemplate = unsafe { &*t };
    // SAFETY: `ip` was recorded inside this template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as u32;
    // SAFETY: fp and the register file base point into the same allocation; cx.vm is the running VM.
    let here = unsafe { fp.offset_from(cx.base) } as usize;
    let vm = unsafe { &mut *cx.vm };
    let Some(h) = tmpl.handlers.iter().find(|h| h.start <= pc && pc < h.end) else {
        return 0;
    };
    // SAFETY: handler context registers are inside the frame.
    unsafe { *fp.offset(frame::CONTEXT as isize) = *fp.offset(h.context.0 as isize) };
    vm.stack_top = here + frame::HEADER_SIZE + tmpl.register_count as usize;
    shared_frame_address(tmpl, h.handler).expect("handlers are instruction boundaries")
}

/// The machine address of bytecode offset `pc` in the frame-sharing (baseline) code of `t`: the installed code, or,
/// while speculative code is installed above it, the code it replaced (frames that were running baseline code
/// keep running it).
fn shared_frame_address(t: &FunctionTemplate, pc: u32) -> Option<usize> {
    let installed = t.code.borrow();
    let lower = t.lower_code.borrow();
    [installed.as_ref(), lower.as_ref()]
        .into_iter()
        .flatten()
        .find(|c| c.tier() == super::Tier::Baseline)
        .and_then(|c| c.address_of(pc))
}

/// The interrupt budget of `t` ran out in compiled code (at the back-edge or return `ip`). At a back-edge, when
/// the function now has speculative code with an entry at this loop, the rest of the activation runs there (OSR up
/// from baseline): `STUB_FRAME_DONE` / `STUB_FRAME_THREW` then say how the frame ended.
///
/// # Safety
/// As for `call`; `ip` is a `JumpLoop` or `Return` of `t`.
pub unsafe extern "C" fn budget_interrupt(ip: Ip, fp: Fp, acc: Value, t: T, cx: &mut Cx) -> StubResult {
    // SAFETY: per the contract.
    let header = (unsafe { *ip } == Op::JumpLoop as u8).then(|| {
        // SAFETY: a JumpLoop instruction has its operands after the opcode.
        ops::JumpLoop::decode(unsafe { std::slice::from_raw_parts(ip, Op::JumpLoop.size()) }, 0).target
    });
    // SAFETY: a running template is a live heap cell.
    let tg = unsafe { tetra_gc::Gc::from_raw(t as *mut FunctionTemplate) };
    // SAFETY: cx.vm is the running VM; nothing else borrows it while this stub runs.
    let vm = unsafe { &mut *cx.vm };
    vm.budget_interrupt(tg, header);
    if let Some(header) = header
        && vm.options.tiering.osr
        && super::tier_of(&tg) >= super::Tier::Mid
    {
        // SAFETY: fp and the register file base point into the same allocation; ip is inside `t`'s bytecode.
        let (here, pc) = unsafe { (fp.offset_from(cx.base) as usize, ip.offset_from(code_start(t)) as u32) };
        let done = match vm.osr_enter(here, pc, header, acc, super::Tier::Baseline) {
            Some(super::OsrExit::Done(r)) => Some(r),
            // The interpreter finishes the frame (baseline code cannot resume at an arbitrary offset).
            Some(super::OsrExit::Deopted(acc)) => Some(vm.resume_deoptimized(here, acc)),
            None => None,
        };
        match done {
            Some(Ok(v)) => return StubResult { acc: v, status: STUB_FRAME_DONE },
            Some(Err(e)) => return StubResult { acc: e, status: STUB_FRAME_THREW },
            None => {}
        }
    }
    StubResult::next(acc)
}

/// `SwitchOnGeneratorState` in compiled code: the machine address of the resume point when the frame at `fp`
/// resumes a generator, else 0 (fall through).
///
/// # Safety
/// `fp` is the live frame running `t`, whose installed code is the caller.
pub unsafe extern "C" fn generator_resume_address(fp: Fp, t: T) -> usize {
    // SAFETY: per the contract.
    let Some(pc) = (unsafe { crate::generator::resume_pc(fp) }) else {
        return 0;
    };
    // SAFETY: a running template is a live heap cell.
    let tmpl: &FunctionTemplate = unsafe { &*t };
    shared_frame_address(tmpl, pc).expect("resume points are instruction boundaries")
}

/// The bytecode offset a resumed generator frame continues at, or -1 in a fresh call (mid's
/// `SwitchOnGeneratorState`, which branches to the resume point's block).
///
/// # Safety
/// `fp` is the live frame of the running generator function.
pub unsafe extern "C" fn generator_resume_pc(fp: Fp) -> i64 {
    // SAFETY: per the contract.
    unsafe { crate::generator::resume_pc(fp) }.map_or(-1, |pc| pc as i64)
}

/// Byte offset of a `JsObject`'s shape pointer.
pub const OBJECT_SHAPE_OFFSET: usize = std::mem::offset_of!(crate::object::JsObject, shape);
/// Byte offset in an object's body (which starts right after its in-object slots) of its out-of-line slots, and in
/// the object of its elements: `ThinVec`s, one pointer each, to a header whose first word is the length.
pub const BODY_SLOTS_OFFSET: usize = std::mem::offset_of!(crate::object::ObjectBody, slots);
pub const OBJECT_ELEMENTS_OFFSET: usize = std::mem::offset_of!(crate::object::JsObject, elements);

/// Byte offset of a `ThinVec<Value>`'s first element from its header (measured, not assumed: the crate keeps the
/// layout private).
pub fn thin_vec_data_offset() -> usize {
    static OFFSET: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| {
        let v: thin_vec::ThinVec<Value> = thin_vec::thin_vec![Value::UNDEFINED];
        // SAFETY: a ThinVec is one pointer to its header (the crate's documented representation).
        let header = unsafe { *(&v as *const thin_vec::ThinVec<Value> as *const usize) };
        v.as_ptr() as usize - header
    })
}

/// Byte offset in a `ThinVec<Value>`'s header of its capacity (a usize), measured as `thin_vec_data_offset` is:
/// the header word holding the capacity of a vector whose length differs from it.
pub fn thin_vec_capacity_offset() -> usize {
    static OFFSET: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| {
        let mut v: thin_vec::ThinVec<Value> = thin_vec::ThinVec::with_capacity(5);
        v.push(Value::UNDEFINED);
        let cap = v.capacity();
        // SAFETY: a ThinVec is one pointer to its header (the crate's documented representation).
        let header = unsafe { *(&v as *const thin_vec::ThinVec<Value> as *const usize) };
        (0..thin_vec_data_offset() / 8)
            .map(|i| i * 8)
            // SAFETY: every word before the data is a word of the header of this live vector.
            .find(|&at| unsafe { *((header + at) as *const usize) } == cap)
            .expect("a ThinVec header records its capacity")
    })
}

/// Byte offsets into a `Context`: its parent (a context value) and its first slot.
pub const CONTEXT_PARENT_OFFSET: usize = std::mem::offset_of!(crate::function::Context, parent);
pub const CONTEXT_SLOTS_OFFSET: usize = std::mem::size_of::<crate::function::Context>();
/// Byte offset of the VM pointer in a `Cx`, and of the prototype epoch (a u32) in the VM.
pub const CX_VM_OFFSET: usize = std::mem::offset_of!(Cx, vm);
pub const VM_PROTO_EPOCH_OFFSET: usize = std::mem::offset_of!(crate::vm::Vm, proto_epoch);
/// Byte offset of the VM's "no prototype has indexed properties" protector (a bool).
pub const VM_NO_INDEXED_PROTOTYPES_OFFSET: usize = std::mem::offset_of!(crate::vm::Vm, no_indexed_prototypes);
/// Byte offsets of an object's flags and in-object capacity (both u16).
pub const OBJECT_FLAGS_OFFSET: usize = std::mem::offset_of!(crate::object::JsObject, flags);
pub const OBJECT_INLINE_CAP_OFFSET: usize = std::mem::offset_of!(crate::object::JsObject, inline_cap);

/// Byte offsets of an iterator's `target` (a value) and `index` (a u32) from its object's address plus 8 bytes per
/// in-object slot, measured on a value as `direct_call::closure_field_offsets` is.
pub fn iterator_field_offsets() -> (usize, usize) {
    use crate::object::{IteratorClass, ObjectBody, ObjectKind};
    static OFFSETS: std::sync::OnceLock<(usize, usize)> = std::sync::OnceLock::new();
    *OFFSETS.get_or_init(|| {
        let kind = ObjectKind::Iterator { class: IteratorClass::Array, target: Value::UNDEFINED, index: 0, kind: 0 };
        let ObjectKind::Iterator { target, index, .. } = &kind else { unreachable!("built as an iterator") };
        let base = &kind as *const ObjectKind as usize;
        let body = std::mem::size_of::<crate::object::JsObject>() + std::mem::offset_of!(ObjectBody, kind);
        let at = |field: usize| body + field - base;
        (at(target as *const Value as usize), at(index as *const u32 as usize))
    })
}

/// Byte offset in the VM of the array iterator shape (an `Option<Gc<Shape>>`, a nullable pointer).
pub const VM_ARRAY_ITERATOR_SHAPE_OFFSET: usize = std::mem::offset_of!(crate::vm::Vm, array_iterator_shape);

/// Byte offsets in the VM of the fields of the check that `%ArrayIteratorPrototype%.next` is the builtin
/// (`ArrayIteratorNextCheck`).
pub const VM_ARRAY_ITERATOR_NEXT_PROTOTYPE_OFFSET: usize = array_iterator_next_field(0);
pub const VM_ARRAY_ITERATOR_NEXT_SHAPE_OFFSET: usize = array_iterator_next_field(1);
pub const VM_ARRAY_ITERATOR_NEXT_SLOT_OFFSET: usize = array_iterator_next_field(2);
pub const VM_ARRAY_ITERATOR_NEXT_BUILTIN_OFFSET: usize = array_iterator_next_field(3);

const fn array_iterator_next_field(i: usize) -> usize {
    use crate::vm::ArrayIteratorNextCheck as C;
    std::mem::offset_of!(crate::vm::Vm, array_iterator_next)
        + [
            std::mem::offset_of!(C, prototype),
            std::mem::offset_of!(C, shape),
            std::mem::offset_of!(C, slot),
            std::mem::offset_of!(C, builtin),
        ][i]
}
const _: () = assert!(
    std::mem::size_of::<Option<tetra_gc::Gc<tetra_shapes::Shape>>>() == 8,
    "compiled code reads the array iterator shape as a nullable pointer"
);
