//! Threaded dispatch: one handler function per bytecode, each ending in a tail call to the next one's handler.
//!
//! Invariants:
//! - `HANDLERS` is built from an exhaustive `match` over `Op` (no wildcard), so every bytecode has a handler.
//! - A handler's state is its arguments: `ip` (current instruction), `fp` (frame pointer into the register file),
//!   `acc`, `t` (the running function's template) and `cx`. Everything else lives in the frame header.
//! - In release builds `dispatch` is a tail call that LLVM compiles to an indirect `jmp`: every handler has its own
//!   dispatch jump (threaded code), which is what makes an interpreter's branch prediction work. Debug builds do not
//!   guarantee tail calls, so there `dispatch` returns to the driver loop (a trampoline) instead. Semantics are the
//!   same either way.
//! - Safety net: back-edges and calls compare the native stack pointer with `cx.stack_guard`; if a handler ever lost
//!   its tail call and the stack grew, control returns to the driver, which resets it.
//! - Leaving the handler chain sets `cx.exit`: `Return` (the entry frame returned `acc`), `Throw` (exception in the
//!   returned value, raised at `ip`), `Resume` (continue at the given state).

use super::handlers::handler_for;
use crate::bytecode::Op;
use crate::frame::{self, FLAG_ENTRY, HEADER_SIZE};
use crate::function::FunctionTemplate;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub type Ip = *const u8;
pub type Fp = *mut Value;
pub type T = *const FunctionTemplate;
pub(crate) type Handler = unsafe fn(Ip, Fp, Value, T, &mut Cx) -> Value;

pub(crate) enum Exit {
    Return,
    Throw {
        ip: Ip,
        fp: Fp,
        t: T,
    },
    Resume {
        ip: Ip,
        fp: Fp,
        t: T,
    },
    /// The exception in the returned value leaves this interpreter loop (its entry frame is already popped).
    Escape,
}

pub struct Cx {
    pub(crate) vm: *mut Vm,
    pub(crate) base: *mut Value,
    pub(crate) exit: Exit,
    pub(crate) stack_guard: usize,
}

/// What a handler's stub (`handlers::*::stub`, called by compiled tiers) tells its caller: returned in two registers
/// (rax, rdx) by the System V ABI.
#[repr(C)]
pub struct StubResult {
    /// The new accumulator, or the exception when `status` is `STUB_THROW`.
    pub acc: Value,
    pub status: u64,
}

/// Continue with the next instruction.
pub const STUB_NEXT: u64 = 0;
/// An exception was raised (in `acc`; `cx.exit` says where).
pub const STUB_THROW: u64 = 1;
/// Take the instruction's jump (its label operand).
pub const STUB_JUMP: u64 = 2;
/// Speculative code deoptimised: the frame is complete and resumes in the interpreter (see `tiering::deopt`).
pub const STUB_DEOPT: u64 = 3;
/// The budget interrupt at a back-edge finished the frame in other code (OSR into a speculating tier): the
/// frame is popped and returned `acc` (`STUB_FRAME_DONE`) or threw it (`STUB_FRAME_THREW`); the caller returns that.
pub const STUB_FRAME_DONE: u64 = 4;
pub const STUB_FRAME_THREW: u64 = 5;

pub type StubFn = unsafe extern "C" fn(Ip, Fp, Value, T, &mut Cx) -> StubResult;

impl StubResult {
    #[inline(always)]
    pub fn next(acc: Value) -> StubResult {
        StubResult { acc, status: STUB_NEXT }
    }
    #[inline(always)]
    pub fn jump(acc: Value) -> StubResult {
        StubResult { acc, status: STUB_JUMP }
    }
    /// An exception thrown at `ip` of the frame `fp` for compiled code: an error the engine raised gets its stack
    /// trace here, at the throwing instruction (as the interpreter's unwinding gives it), whichever tier's code
    /// then propagates it.
    ///
    /// # Safety
    /// `ip` is inside `t`'s bytecode and `fp` the frame running `t` in `cx`'s register file.
    #[cold]
    #[inline(never)]
    pub unsafe fn throw(ip: Ip, fp: Fp, t: T, cx: &mut Cx, exception: Value) -> StubResult {
        // SAFETY: per the contract; cx.vm is the running VM, not otherwise borrowed while a runtime entry returns.
        let (pc, here, vm) =
            unsafe { (ip.offset_from(code_start(t)) as u32, fp.offset_from(cx.base) as usize, &mut *cx.vm) };
        vm.capture_stack_at_throw(exception, here, pc);
        cx.exit = Exit::Throw { ip, fp, t };
        StubResult { acc: exception, status: STUB_THROW }
    }
}

/// Native stack handlers may use below the driver before they hand control back to it (see the module invariants).
/// LLVM does not compile every handler's dispatch as a tail call (it gives up on some handlers with slow paths), so
/// the chain does grow; and everything between the stack pointer and the driver is scanned conservatively by the
/// GC, where stale values in those frames keep garbage alive. A small slack bounds both; unwinding to the driver
/// is a run of predicted returns.
pub(crate) const STACK_SLACK: usize = 16 * 1024;

pub(crate) static HANDLERS: [Handler; Op::COUNT] = {
    let mut table = [handler_for(Op::Nop); Op::COUNT];
    let mut i = 0;
    while i < Op::COUNT {
        table[i] = handler_for(Op::ALL[i]);
        i += 1;
    }
    table
};

/// Continues at `ip`.
#[inline(always)]
pub(crate) unsafe fn dispatch(ip: Ip, fp: Fp, acc: Value, t: T, cx: &mut Cx) -> Value {
    #[cfg(debug_assertions)]
    {
        cx.exit = Exit::Resume { ip, fp, t };
        acc
    }
    #[cfg(not(debug_assertions))]
    // SAFETY: `ip` points at an opcode byte of live bytecode; opcodes index HANDLERS (Op::COUNT entries).
    unsafe {
        let op = *ip;
        (HANDLERS.get_unchecked(op as usize))(ip, fp, acc, t, cx)
    }
}

/// Like `dispatch`, but first checks the native stack (used at back-edges and calls).
#[inline(always)]
pub(crate) unsafe fn dispatch_checked(ip: Ip, fp: Fp, acc: Value, t: T, cx: &mut Cx) -> Value {
    if crate::stack_limit::stack_pointer() < cx.stack_guard {
        cx.exit = Exit::Resume { ip, fp, t };
        return acc;
    }
    // SAFETY: forwarded from the caller.
    unsafe { dispatch(ip, fp, acc, t, cx) }
}

/// Leaves the handler chain with an exception raised at `ip`.
#[cold]
#[inline(never)]
pub(crate) fn throw(ip: Ip, fp: Fp, t: T, cx: &mut Cx, exception: Value) -> Value {
    cx.exit = Exit::Throw { ip, fp, t };
    exception
}

/// The template of the closure in the frame at `fp`.
#[inline(always)]
pub(crate) fn frame_template(fp: Fp) -> T {
    // SAFETY: fp points at a pushed frame header whose CLOSURE slot holds a closure object.
    let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
    closure.closure().expect("interpreter frames hold closures").template.as_ptr()
}

#[inline(always)]
pub(crate) fn code_start(t: T) -> Ip {
    // SAFETY: templates are alive while a frame runs them.
    unsafe { (*t).bytecode.as_ptr() }
}

impl Vm {
    /// Runs the interpreter from the frame at `entry_fp` (flagged FLAG_ENTRY) until that frame returns.
    pub(crate) fn run_frames(&mut self, entry_fp: usize) -> JsResult<Value> {
        self.run_frames_at(entry_fp, 0, Value::UNDEFINED, false)
    }

    /// Runs the interpreter on the entry frame at `entry_fp` from bytecode offset `pc` with accumulator `acc`
    /// (a deoptimised frame resumes mid-function); with `throwing`, `acc` is an exception raised at `pc`.
    pub(crate) fn run_frames_at(&mut self, entry_fp: usize, pc: u32, acc: Value, throwing: bool) -> JsResult<Value> {
        let previous = self.set_tier(crate::tiering::Tier::Interp);
        let r = self.run_frames_loop(entry_fp, pc, acc, throwing);
        self.set_tier(previous);
        r
    }

    fn run_frames_loop(&mut self, entry_fp: usize, pc: u32, acc: Value, throwing: bool) -> JsResult<Value> {
        let base = self.stack.as_mut_ptr();
        let mut cx = Cx {
            vm: self,
            base,
            exit: Exit::Return,
            stack_guard: crate::stack_limit::stack_pointer().saturating_sub(STACK_SLACK),
        };
        // SAFETY: entry_fp was returned by push_frame, inside the register file.
        let mut fp: Fp = unsafe { base.add(entry_fp) };
        let mut t = frame_template(fp);
        // SAFETY: callers pass an instruction boundary of the frame's bytecode.
        let mut ip = unsafe { code_start(t).add(pc as usize) };
        let mut acc = acc;
        if throwing {
            // SAFETY: cx.vm is `self`.
            let vm = unsafe { &mut *cx.vm };
            match vm.unwind(base, ip, fp, t, acc) {
                Ok((hi, hf, ht)) => {
                    ip = hi;
                    fp = hf;
                    t = ht;
                }
                Err(e) => return Err(e),
            }
        }
        loop {
            cx.exit = Exit::Return;
            // SAFETY: ip points at an opcode of `t`'s bytecode; fp at its frame.
            acc = unsafe { (HANDLERS[*ip as usize])(ip, fp, acc, t, &mut cx) };
            match cx.exit {
                Exit::Return => return Ok(acc),
                Exit::Escape => return Err(acc),
                Exit::Resume { ip: i, fp: f, t: tt } => {
                    ip = i;
                    fp = f;
                    t = tt;
                }
                Exit::Throw { ip: i, fp: f, t: tt } => {
                    // SAFETY: cx.vm is `self`, borrowed through cx only while handlers run.
                    let vm = unsafe { &mut *cx.vm };
                    match vm.unwind(base, i, f, tt, acc) {
                        Ok((hi, hf, ht)) => {
                            ip = hi;
                            fp = hf;
                            t = ht;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }

    /// Finds the handler for an exception thrown at `ip` in the frame `fp`, popping frames up to the entry frame.
    /// Ok: where to continue (the exception stays in the accumulator); Err: the exception leaves this loop.
    fn unwind(&mut self, base: *mut Value, ip: Ip, fp: Fp, t: T, exc: Value) -> Result<(Ip, Fp, T), Value> {
        // SAFETY: `ip` is inside `t`'s bytecode; fp and base point into the same register file.
        let (pc, here) = unsafe { (ip.offset_from(code_start(t)) as u32, fp.offset_from(base) as usize) };
        self.capture_stack_at_throw(exc, here, pc);
        let (mut ip, mut fp, mut t) = (ip, fp, t);
        loop {
            // SAFETY: `t` is the live template of the frame at `fp`, `ip` inside its bytecode.
            let tmpl = unsafe { &*t };
            let pc = unsafe { ip.offset_from(code_start(t)) } as u32;
            // SAFETY: fp and base point into the same register file.
            let here = unsafe { fp.offset_from(base) } as usize;
            if let Some(h) = tmpl.handlers.iter().find(|h| h.start <= pc && pc < h.end) {
                // SAFETY: handler context registers are inside the frame.
                unsafe { *fp.offset(frame::CONTEXT as isize) = *fp.offset(h.context.0 as isize) };
                self.stack_top = here + HEADER_SIZE + tmpl.register_count as usize;
                // SAFETY: handler offsets are inside the bytecode.
                return Ok((unsafe { code_start(t).add(h.handler as usize) }, fp, t));
            }
            // SAFETY: header slots of the current frame.
            let flags = unsafe { *fp.offset(frame::FLAGS as isize) }.as_int();
            let argc = unsafe { *fp.offset(frame::ARGC as isize) }.as_int() as usize;
            if flags & FLAG_ENTRY != 0 {
                self.stack_top = here - argc.max(tmpl.param_count as usize);
                return Err(exc);
            }
            // SAFETY: as above; caller frames are below this one.
            let caller = unsafe { *fp.offset(frame::CALLER_FP as isize) }.as_int() as usize;
            let ret = unsafe { *fp.offset(frame::RETURN_PC as isize) }.as_int() as usize;
            fp = unsafe { base.add(caller) };
            t = frame_template(fp);
            // The call instruction ends at `ret`; the handler lookup uses a pc inside it.
            // SAFETY: `ret` is the caller's return pc, inside its bytecode, just after a call instruction.
            ip = unsafe { code_start(t).add(ret - 1) };
            // SAFETY: as above.
            self.stack_top = caller + HEADER_SIZE + unsafe { (*t).register_count } as usize;
        }
    }
}
