//! Jumps, loop back-edges (the interrupt budget), throws, TDZ checks, for-in and the iteration protocol.

use super::{h_reg, h_set_reg, handler};
use crate::interp::dispatch::{code_start, dispatch_checked};
use crate::realm::ErrorKind;
use crate::runtime::convert::to_boolean;
use crate::value::Value;

handler!(@interp jump, Jump, |ip, fp, acc, t, cx| { jump!(decode!().target) });

handler!(@interp jump_loop, JumpLoop, |ip, fp, acc, t, cx| {
    let d = decode!();
    let tm = tmpl!();
    // SAFETY: ip points into the running template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as i32;
    let budget = tm.budget.get() - (pc - d.target as i32);
    // Loop statistics (`--stats`) count in the slow half, so that this one stays a leaf.
    if budget > 0 && tm.loop_stats.get().is_none() {
        tm.budget.set(budget);
        // SAFETY: the loop header is an instruction boundary inside the bytecode.
        return unsafe { dispatch_checked(code_start(t).add(d.target as usize), fp, acc, t, cx) };
    }
} slow {
    let d = decode!();
    let tm = tmpl!();
    // SAFETY: ip points into the running template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as i32;
    let vm = vm!();
    if tm.loop_stats.get().is_some() {
        vm.count_backedge(tm, d.target, crate::tiering::Tier::Interp);
        let budget = tm.budget.get() - (pc - d.target as i32);
        if budget > 0 {
            tm.budget.set(budget);
            // SAFETY: the loop header is an instruction boundary inside the bytecode.
            return unsafe { dispatch_checked(code_start(t).add(d.target as usize), fp, acc, t, cx) };
        }
    }
    // The budget ran out.
    // SAFETY: the running template is a live heap cell.
    vm.budget_interrupt(unsafe { tetra_gc::Gc::from_raw(t as *mut _) }, Some(d.target));
    if tm.code_entry.get() != 0 && vm.options.tiering.osr {
        // The function has compiled code now: finish this activation there, from the loop header.
        let here = unsafe { fp.offset_from(cx.base) } as usize;
        match vm.osr_enter(here, pc as u32, d.target, acc, crate::tiering::Tier::Interp) {
            Some(crate::tiering::OsrExit::Done(result)) => {
                return crate::interp::handlers::calls::resume_after_osr(fp, result, cx);
            }
            // The compiled loop deoptimised: this interpreter loop goes on with the frame where it stopped (a
            // nested loop per OSR-and-deopt would grow the native stack while the activation lasts).
            Some(crate::tiering::OsrExit::Deopted(acc)) => {
                return crate::interp::handlers::calls::resume_after_osr_deopt(here, acc, cx);
            }
            None => {}
        }
    }
    // SAFETY: the loop header is an instruction boundary inside the bytecode.
    unsafe { dispatch_checked(code_start(t).add(d.target as usize), fp, acc, t, cx) }
});

macro_rules! cond_jump {
    ($name:ident, $op:ident, |$a:ident| $cond:expr) => {
        handler!($name, $op, |ip, fp, acc, t, cx| {
            let $a = acc;
            if $cond {
                jump!(decode!().target);
            }
            next!()
        });
    };
}

cond_jump!(jump_if_true, JumpIfTrue, |a| a == Value::TRUE);
cond_jump!(jump_if_false, JumpIfFalse, |a| a == Value::FALSE);
cond_jump!(jump_if_to_boolean_true, JumpIfToBooleanTrue, |a| to_boolean(a));
cond_jump!(jump_if_to_boolean_false, JumpIfToBooleanFalse, |a| !to_boolean(a));
cond_jump!(jump_if_null, JumpIfNull, |a| a.is_null());
cond_jump!(jump_if_not_null, JumpIfNotNull, |a| !a.is_null());
cond_jump!(jump_if_undefined, JumpIfUndefined, |a| a.is_undefined());
cond_jump!(jump_if_not_undefined, JumpIfNotUndefined, |a| !a.is_undefined());
cond_jump!(jump_if_nullish, JumpIfNullish, |a| a.is_nullish());
cond_jump!(jump_if_not_nullish, JumpIfNotNullish, |a| !a.is_nullish());
cond_jump!(jump_if_object, JumpIfObject, |a| a.is_object());

handler!(throw_, Throw, |ip, fp, acc, t, cx| { raise!(acc) });

handler!(throw_reference_error_if_hole, ThrowReferenceErrorIfHole, |ip, fp, acc, t, cx| {
    if acc.is_hole() {
        let name = consts!(decode!().name);
        let name = vm!().to_display_string(name);
        raise!(vm!().new_error(ErrorKind::ReferenceError, &format!("Cannot access '{name}' before initialization")));
    }
    next!()
});

handler!(throw_const_assign_error, ThrowConstAssignError, |ip, fp, acc, t, cx| {
    raise!(vm!().new_error(ErrorKind::TypeError, "Assignment to constant variable."))
});

handler!(throw_super_not_called_if_hole, ThrowSuperNotCalledIfHole, |ip, fp, acc, t, cx| {
    if acc.is_hole() {
        raise!(vm!().new_error(
            ErrorKind::ReferenceError,
            "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
        ));
    }
    next!()
});

handler!(throw_super_already_called_if_not_hole, ThrowSuperAlreadyCalledIfNotHole, |ip, fp, acc, t, cx| {
    if !acc.is_hole() {
        raise!(vm!().new_error(ErrorKind::ReferenceError, "Super constructor may only be called once"));
    }
    next!()
});

handler!(for_in_prepare, ForInPrepare, |ip, fp, acc, t, cx| {
    acc = tri!(vm!().for_in_prepare(acc));
    next_star!()
});

handler!(for_in_next, ForInNext, |ip, fp, acc, t, cx| {
    let d = decode!();
    match tri!(vm!().for_in_next(reg!(d.iter))) {
        Some(k) => {
            acc = k;
            next_star!()
        }
        None => jump!(d.done),
    }
});

handler!(get_iterator, GetIterator, |ip, fp, acc, t, cx| {
    acc = tri!(vm!().get_iterator(acc));
    next_star!()
});

handler!(iterator_next, IteratorNext, |ip, fp, acc, t, cx| {
    let d = decode!();
    match tri!(vm!().iterator_step(reg!(d.iter))) {
        Some(v) => {
            acc = v;
            next_star!()
        }
        None => jump!(d.done),
    }
});

handler!(iterator_close, IteratorClose, |ip, fp, acc, t, cx| {
    tri!(vm!().iterator_close(reg!(decode!().iter)));
    next!()
});

handler!(@interp switch_on_generator_state, SwitchOnGeneratorState, |ip, fp, acc, t, cx| {
    // SAFETY: fp is the running frame.
    match unsafe { crate::generator::resume_pc(fp) } {
        Some(pc) => jump!(pc),
        None => next!(),
    }
});

handler!(suspend_generator, SuspendGenerator, |ip, fp, acc, t, cx| {
    let d = decode!();
    // SAFETY: ip points into the running template's bytecode.
    let pc = unsafe { ip.offset_from(code_start(t)) } as u32;
    // SAFETY: fp is the frame running `t`; the compiler puts a Return after every SuspendGenerator.
    unsafe { crate::generator::suspend(reg!(d.generator), fp, tmpl!(), pc) };
    next!()
});

handler!(resume_generator, ResumeGenerator, |ip, fp, acc, t, cx| {
    // SAFETY: ResumeGenerator is reached only through SwitchOnGeneratorState, in a resumed frame.
    acc = unsafe { crate::generator::restore(fp) };
    next_star!()
});

handler!(nop_debugger, Debugger, |ip, fp, acc, t, cx| { next!() });
handler!(nop, Nop, |ip, fp, acc, t, cx| { next!() });
