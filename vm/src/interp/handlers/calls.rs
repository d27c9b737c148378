//! Calls, constructs and returns. A call to a JS function pushes its frame and continues in the callee's first
//! handler (no native recursion); a return pops back into the caller's next instruction.

use super::{h_reg, h_set_reg, handler};
use crate::bytecode::{Reg, RuntimeId};
use crate::frame::{self, FLAG_CONSTRUCT, FLAG_ENTRY, HEADER_SIZE};
use crate::interp::CallAction;
use crate::interp::calls::smallvec_args::Args;
use crate::interp::dispatch::{Exit, code_start, dispatch, dispatch_checked, frame_template};
use crate::value::Value;

/// Index of `fp` in the register file.
macro_rules! fp_index {
    ($fp:expr, $cx:expr) => {
        // SAFETY: fp and the register file base point into the same allocation.
        unsafe { $fp.offset_from($cx.base) as usize }
    };
}

/// After starting a call: continue with the result, or in the pushed callee frame.
macro_rules! after_call {
    ($action:expr, $ret:expr, $ip:expr, $fp:expr, $acc:ident, $t:expr, $cx:expr) => {
        match $action {
            CallAction::Done(v) => {
                $acc = v;
                // SAFETY: the instruction after the call.
                return unsafe { dispatch($ip.add($ret), $fp, $acc, $t, $cx) };
            }
            CallAction::Push(new_fp) => {
                // SAFETY: push_frame returned an index inside the register file.
                let nfp = unsafe { $cx.base.add(new_fp) };
                let nt = frame_template(nfp);
                // SAFETY: the callee's template is a live heap cell (its closure is in the new frame).
                if vm!().runs_compiled(unsafe { tetra_gc::Gc::from_raw(nt as *mut _) }) {
                    // The callee runs in a compiled tier: natively, to completion (it pops its frame).
                    match vm!().enter_compiled(new_fp) {
                        Ok(v) => {
                            $acc = v;
                            // SAFETY: the instruction after the call.
                            return unsafe { dispatch($ip.add($ret), $fp, $acc, $t, $cx) };
                        }
                        Err(e) => return crate::interp::dispatch::throw($ip, $fp, $t, $cx, e),
                    }
                }
                // SAFETY: nfp is the frame just pushed for `nt`, whose bytecode starts at code_start(nt).
                return unsafe { dispatch_checked(code_start(nt), nfp, $acc, nt, $cx) };
            }
        }
    };
}

/// The three register-list call forms differ only in where the receiver comes from and which [[Call]] or
/// [[Construct]] starts: `$receiver` is the number of leading argument registers holding the receiver (0 or 1).
macro_rules! call_handler {
    ($name:ident, $op:ident, $receiver:expr, |$vm:ident, $callee:ident, $this:ident, $argc:ident, $arg:ident, $here:ident, $ret:ident| $start:expr) => {
        handler!(@interp $name, $op, |ip, fp, acc, t, cx| {
            call_handler!(@fast $op, $receiver, ip, fp, acc, t, cx);
        } slow {
            let d = decode!();
            let $callee = reg!(d.callee);
            feedback!(d.slot).record_call($callee);
            let receiver: i16 = $receiver;
            let $this = if receiver == 1 { reg!(d.args) } else { Value::UNDEFINED };
            let first = d.args.0 + receiver;
            let $argc = d.count as usize - receiver as usize;
            // SAFETY: ip points into the running template's bytecode.
            let pc = unsafe { ip.offset_from(code_start(t)) } as usize;
            let size = crate::bytecode::Op::$op.size();
            let $here = fp_index!(fp, cx) as i32;
            let $ret = (pc + size) as i32;
            call_handler!(@native $op, $callee, $this, first, $argc, $here, $ret, size, ip, fp, acc, t, cx);
            // By value: a closure over the handler's locals would pass their addresses on, and a handler whose locals
            // escape cannot tail-call the next handler.
            let $arg = move |_: &crate::vm::Vm, i: usize| h_reg!(fp, Reg(first + i as i16));
            let $vm = vm!();
            let action = tri!($start);
            after_call!(action, size, ip, fp, acc, t, cx)
        });
    };
    // Calls and constructs of builtins: arguments read in place ([[Construct]] passes the callee as new.target).
    (@native $op:ident, $callee:ident, $this:ident, $first:ident, $argc:ident, $here:ident, $ret:ident, $size:ident,
     $ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident) => {
        if $callee.is_object() {
            let o = $callee.as_object();
            let construct = matches!(crate::bytecode::Op::$op, crate::bytecode::Op::Construct);
            let new_target = if construct { $callee } else { Value::UNDEFINED };
            if let crate::object::ObjectKind::Native(n) = &o.kind
                && (!construct || o.is_constructor())
            {
                // SAFETY: the arguments are registers of the running frame.
                let args = unsafe { $fp.offset($first as isize) };
                $acc = tri!(unsafe { vm!().call_native_in_place(n.f, $this, args, $argc, new_target, ($here, $ret)) });
                // SAFETY: the instruction after the call.
                return unsafe { dispatch($ip.add($size), $fp, $acc, $t, $cx) };
            }
        }
    };
    // Calls and constructs of closures that stay in `interp`: the frame is pushed inline.
    (@fast $op:ident, $receiver:expr, $ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident) => {
        let d = decode!();
        let callee = reg!(d.callee);
        let receiver: i16 = $receiver;
        let this = if receiver == 1 { reg!(d.args) } else { Value::UNDEFINED };
        // SAFETY: ip points into the running template's bytecode.
        let ret = unsafe { $ip.offset_from(code_start($t)) } as i32 + crate::bytecode::Op::$op.size() as i32;
        let argc = d.count as usize - receiver as usize;
        let here = fp_index!($fp, $cx) as i32;
        // SAFETY: the arguments are registers of the running frame.
        let args = unsafe { $fp.offset((d.args.0 + receiver) as isize) };
        let pushed = if matches!(crate::bytecode::Op::$op, crate::bytecode::Op::Construct) {
            // SAFETY: `args..args + argc` are registers of the running frame, below stack_top.
            tri!(unsafe { vm!().push_interp_construct(callee, args, argc, here, ret) })
        } else {
            // SAFETY: `args..args + argc` are registers of the running frame, below stack_top.
            unsafe { vm!().push_interp_call(callee, this, args, argc, here, ret) }
        };
        if let Some((nfp, nt)) = pushed {
            feedback!(d.slot).record_call(callee);
            // SAFETY: nfp is the frame just pushed for `nt`, whose bytecode starts at code_start(nt).
            return unsafe { dispatch_checked(code_start(nt), nfp, $acc, nt, $cx) };
        }
    };
}

call_handler!(call_property, CallProperty, 1, |vm, callee, this, argc, arg, here, ret| vm
    .start_call(callee, this, argc, arg, here, ret));
call_handler!(call_undefined_receiver, CallUndefinedReceiver, 0, |vm, callee, this, argc, arg, here, ret| vm
    .start_call(callee, this, argc, arg, here, ret));
call_handler!(construct, Construct, 0, |vm, callee, this, argc, arg, here, ret| {
    let _ = this;
    vm.start_construct(callee, callee, argc, arg, here, ret)
});

handler!(call_with_spread, CallWithSpread, |ip, fp, acc, t, cx| {
    let d = decode!();
    let callee = reg!(d.callee);
    feedback!(d.slot).record_call(callee);
    acc = tri!(vm!().call_with_array(callee, reg!(d.receiver), acc));
    next_star!()
});

handler!(construct_with_spread, ConstructWithSpread, |ip, fp, acc, t, cx| {
    let d = decode!();
    let callee = reg!(d.callee);
    acc = tri!(vm!().construct_with_array(callee, callee, acc));
    next_star!()
});

handler!(super_call, SuperCall, |ip, fp, acc, t, cx| {
    let d = decode!();
    let parent = vm!().super_constructor(fp);
    let new_target = reg!(Reg::NEW_TARGET);
    let list: Args = (0..d.count as i16).map(|i| reg!(Reg(d.args.0 + i))).collect();
    acc = tri!(vm!().super_construct(parent, &list, new_target));
    next_star!()
});

handler!(super_call_with_spread, SuperCallWithSpread, |ip, fp, acc, t, cx| {
    let parent = vm!().super_constructor(fp);
    let new_target = reg!(Reg::NEW_TARGET);
    let list = crate::handles::RootedVec::from_vec(tri!(vm!().array_to_vec(acc)));
    acc = tri!(vm!().super_construct(parent, &list, new_target));
    next_star!()
});

handler!(call_runtime, CallRuntime, |ip, fp, acc, t, cx| {
    let d = decode!();
    let id = RuntimeId::from_u16(d.id).expect("valid runtime id");
    let list: Args = (0..d.count as i16).map(|i| reg!(Reg(d.args.0 + i))).collect();
    let strict = tmpl!().is_strict;
    acc = if matches!(id, RuntimeId::DirectEval | RuntimeId::DirectEvalWithSpread) {
        // Eval code runs in the caller's context; its `super` is the caller's home object's.
        let (context, closure, this) = (reg!(Reg::CONTEXT), reg!(Reg::CLOSURE), reg!(Reg::THIS));
        tri!(vm!().direct_eval(tmpl!(), context, closure, this, &list, id == RuntimeId::DirectEvalWithSpread))
    } else {
        tri!(vm!().call_runtime(id, &list, strict))
    };
    next_star!()
});

handler!(@interp return_, Return, |ip, fp, acc, t, cx| {
    // The common return: budget left, to an interpreted caller, not from a constructor.
    let tm = tmpl!();
    // SAFETY: ip points into the running template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as i32;
    let budget = tm.budget.get() - pc;
    let flags = reg!(Reg(frame::FLAGS)).as_int();
    if budget > 0 && flags & (FLAG_CONSTRUCT | FLAG_ENTRY) == 0 {
        tm.budget.set(budget);
        let caller = reg!(Reg(frame::CALLER_FP)).as_int() as usize;
        let ret = reg!(Reg(frame::RETURN_PC)).as_int() as usize;
        // SAFETY: caller frames are below this one in the register file.
        let cfp = unsafe { cx.base.add(caller) };
        let ct = frame_template(cfp);
        vm!().stack_top = caller + HEADER_SIZE + unsafe { (*ct).register_count } as usize;
        // SAFETY: the return pc is the instruction after the caller's call.
        return unsafe { dispatch_checked(code_start(ct).add(ret), cfp, acc, ct, cx) };
    }
} slow {
    let tm = tmpl!();
    // SAFETY: ip points into the running template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as i32;
    let budget = tm.budget.get() - pc;
    if budget <= 0 {
        // SAFETY: the running template is a live heap cell.
        vm!().budget_interrupt(unsafe { tetra_gc::Gc::from_raw(t as *mut _) }, None);
    } else {
        tm.budget.set(budget);
    }
    let flags = reg!(Reg(frame::FLAGS)).as_int();
    let here = fp_index!(fp, cx);
    // [[Construct]]'s checks of the result come after the body: an error there is the caller's, at its call,
    // outside every `try` of this frame.
    let result = if flags & FLAG_CONSTRUCT != 0 { vm!().construct_result(here, acc) } else { Ok(acc) };
    if flags & FLAG_ENTRY != 0 {
        let argc = reg!(Reg(frame::ARGC)).as_int() as usize;
        vm!().stack_top = here - argc.max(tm.param_count as usize);
        return match result {
            Ok(v) => {
                cx.exit = Exit::Return;
                v
            }
            Err(e) => {
                cx.exit = Exit::Escape;
                e
            }
        };
    }
    let caller = reg!(Reg(frame::CALLER_FP)).as_int() as usize;
    let ret = reg!(Reg(frame::RETURN_PC)).as_int() as usize;
    // SAFETY: caller frames are below this one in the register file.
    let cfp = unsafe { cx.base.add(caller) };
    let ct = frame_template(cfp);
    vm!().stack_top = caller + HEADER_SIZE + unsafe { (*ct).register_count } as usize;
    match result {
        // SAFETY: the return pc is the instruction after the caller's call.
        Ok(v) => unsafe { dispatch_checked(code_start(ct).add(ret), cfp, v, ct, cx) },
        // As `unwind` goes on in a caller: at a pc inside the call instruction, which ends at `ret`.
        // SAFETY: as above.
        Err(e) => crate::interp::dispatch::throw(unsafe { code_start(ct).add(ret - 1) }, cfp, ct, cx, e),
    }
});

/// After an OSR that deoptimised (`OsrExit::Deopted`): continues in this interpreter loop at the deopt's offset, in
/// the frame it names (the OSR'd frame, or an inlined callee's frame pushed above it, linked to return into it),
/// with `acc`, or raising the exception a `try` inside the compiled loop caught.
pub(crate) fn resume_after_osr_deopt(here: usize, acc: Value, cx: &mut crate::interp::dispatch::Cx) -> Value {
    use crate::interp::dispatch::throw;
    // SAFETY: cx.vm is the running VM; nothing else borrows it here.
    let vm = unsafe { &mut *cx.vm };
    let (index, d) = vm.take_resume_point(here);
    // SAFETY: the deopt left a complete frame at `index`, running `t`; `d.pc` is an instruction boundary of it.
    unsafe {
        let fp = cx.base.add(index);
        let t = frame_template(fp);
        let ip = code_start(t).add(d.pc as usize);
        match d.throw {
            Some(e) => throw(ip, fp, t, cx, e),
            None => dispatch_checked(ip, fp, acc, t, cx),
        }
    }
}

/// The frame at `fp` already finished in compiled code (entered by OSR, which popped it) with `result`: continue
/// as the interpreter's `Return` would, in the caller or out of the interpreter loop.
pub(crate) fn resume_after_osr(
    fp: crate::interp::dispatch::Fp,
    result: crate::vm::JsResult<Value>,
    cx: &mut crate::interp::dispatch::Cx,
) -> Value {
    // SAFETY: the popped frame's header is intact: nothing was pushed since it returned.
    let flags = unsafe { *fp.offset(frame::FLAGS as isize) }.as_int();
    if flags & FLAG_ENTRY != 0 {
        return match result {
            Ok(v) => {
                cx.exit = Exit::Return;
                v
            }
            Err(e) => {
                cx.exit = Exit::Escape;
                e
            }
        };
    }
    // SAFETY: as above; the caller's frame is below this one.
    let caller = unsafe { *fp.offset(frame::CALLER_FP as isize) }.as_int() as usize;
    let ret = unsafe { *fp.offset(frame::RETURN_PC as isize) }.as_int() as usize;
    let cfp = unsafe { cx.base.add(caller) };
    let ct = frame_template(cfp);
    // SAFETY: cx.vm is the running VM.
    unsafe { (*cx.vm).stack_top = caller + HEADER_SIZE + (*ct).register_count as usize };
    match result {
        // SAFETY: the return pc is the instruction after the caller's call.
        Ok(v) => unsafe { dispatch_checked(code_start(ct).add(ret), cfp, v, ct, cx) },
        // The exception comes out of the caller's call instruction, which ends at `ret`.
        Err(e) => crate::interp::dispatch::throw(unsafe { code_start(ct).add(ret - 1) }, cfp, ct, cx, e),
    }
}
