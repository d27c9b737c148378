//! Suspending and resuming activations: the machinery under generators and async functions (V8's model).
//!
//! A generator (or async) function is compiled with its generator object in a register. `yield`/`await` save the
//! frame into that object (`SuspendGenerator`) and return from it; resuming pushes a fresh frame for the same
//! closure, flagged `FLAG_RESUME` with the generator object in its new.target slot, whose first instruction
//! (`SwitchOnGeneratorState`) jumps to the resume point, where `ResumeGenerator` copies the registers back. The frame
//! is an ordinary interpreter frame, so every tier runs generator code and nothing else about frames changes.
//!
//! Invariants:
//! - While `Executing`, the activation's frame is live and the saved `registers` are stale (cleared on resume).
//! - `resume_pc` is 0 until the first suspension; afterwards it is the offset of a `ResumeGenerator`.
//! - `args` holds the argument slots (at least `param_count`), so parameters living in argument slots survive.

use crate::bytecode::Op;
use crate::frame::{self, FLAG_ENTRY, FLAG_RESUME, HEADER_SIZE};
use crate::function::FunctionTemplate;
use crate::interp::frames::FrameSetup;
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::{Gc, Tracer};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GeneratorKind {
    /// `function*`: driven by next/return/throw.
    Sync,
    /// An async function's activation: driven by the promises it awaits; `promise` is its result.
    Async,
    /// `async function*`: driven by the requests of its queue (next/return/throw, each with its promise) and by
    /// the promises it awaits (`builtins/async_generator.rs`).
    AsyncGenerator,
}

/// A next/return/throw call waiting in an async generator's queue, and the promise it returned.
#[derive(Clone, Copy)]
pub struct AsyncRequest {
    pub mode: ResumeMode,
    pub value: Value,
    pub promise: Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GeneratorStatus {
    SuspendedStart,
    SuspendedYield,
    Executing,
    /// An async generator that completed awaits the value of a return() request.
    AwaitingReturn,
    Completed,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ResumeMode {
    Next = 0,
    Return = 1,
    Throw = 2,
}

pub struct GeneratorState {
    pub kind: GeneratorKind,
    pub status: GeneratorStatus,
    pub closure: Value,
    pub this: Value,
    pub context: Value,
    pub args: Vec<Value>,
    pub registers: Vec<Value>,
    pub resume_pc: u32,
    pub mode: ResumeMode,
    /// The value passed to the resuming next/throw/return (or the settled value of an awaited promise).
    pub sent: Value,
    /// Async functions: the promise the call returned.
    pub promise: Value,
    /// Async generators: the requests not answered yet (the first is the one the activation runs for), and
    /// whether the activation is suspended at an `await` (it runs for that request still).
    pub queue: std::collections::VecDeque<AsyncRequest>,
    pub in_await: bool,
}

impl GeneratorState {
    /// The activation is over: nothing saved is needed any more.
    pub fn complete(&mut self) {
        self.status = GeneratorStatus::Completed;
        self.args = Vec::new();
        self.registers = Vec::new();
    }

    pub fn trace(&self, t: &mut Tracer) {
        for v in [self.closure, self.this, self.context, self.sent, self.promise] {
            v.trace(t);
        }
        self.args.iter().for_each(|v| v.trace(t));
        self.registers.iter().for_each(|v| v.trace(t));
        for r in &self.queue {
            r.value.trace(t);
            r.promise.trace(t);
        }
    }
}

/// The state of generator object `v`, if it is one.
pub fn state_of(v: Value) -> Option<&'static mut GeneratorState> {
    let o = v.try_object()?;
    // SAFETY: single-threaded VM; generator states are only touched by the code running the generator, and no
    // reference is kept across a call that could run that code again.
    match &mut unsafe { o.get_mut() }.kind {
        ObjectKind::Generator(g) => Some(&mut **g),
        _ => None,
    }
}

/// The resume point of the frame at `fp` when it resumes a generator (its first instruction asks).
///
/// # Safety
/// `fp` is a live frame's header in the register file.
pub unsafe fn resume_pc(fp: *const Value) -> Option<u32> {
    // SAFETY: header slots of a live frame.
    let flags = unsafe { *fp.offset(frame::FLAGS as isize) }.as_int();
    if flags & FLAG_RESUME == 0 {
        return None;
    }
    // SAFETY: as above; a resumed frame holds its generator in the new.target slot.
    let g = unsafe { *fp.offset(frame::NEW_TARGET as isize) };
    state_of(g).map(|s| s.resume_pc)
}

/// `SuspendGenerator` at bytecode offset `pc`: saves the frame at `fp` into generator `generator`.
///
/// # Safety
/// `fp` is the live frame running `t`, and `pc` the offset of a SuspendGenerator in `t` (followed by a Return).
pub unsafe fn suspend(generator: Value, fp: *const Value, t: &FunctionTemplate, pc: u32) {
    let Some(g) = state_of(generator) else { return };
    // SAFETY: header, argument and register slots of the live frame, per the contract.
    unsafe {
        g.closure = *fp.offset(frame::CLOSURE as isize);
        g.this = *fp.offset(frame::THIS as isize);
        g.context = *fp.offset(frame::CONTEXT as isize);
        let argc = (*fp.offset(frame::ARGC as isize)).as_int() as u32;
        g.args.clear();
        g.args.extend((0..argc.max(t.param_count as u32) as isize).map(|i| *fp.offset(-1 - i)));
        g.registers.clear();
        g.registers.extend_from_slice(std::slice::from_raw_parts(fp.add(HEADER_SIZE), t.register_count as usize));
    }
    g.status = if g.resume_pc == 0 && g.kind != GeneratorKind::Async {
        GeneratorStatus::SuspendedStart
    } else {
        GeneratorStatus::SuspendedYield
    };
    g.resume_pc = pc + (Op::SuspendGenerator.size() + Op::Return.size()) as u32;
}

/// `ResumeGenerator`: copies the saved registers and context back into the resumed frame at `fp`; returns the sent
/// value.
///
/// # Safety
/// `fp` is a live frame flagged FLAG_RESUME, running the generator's function.
pub unsafe fn restore(fp: *mut Value) -> Value {
    // SAFETY: per the contract.
    let generator = unsafe { *fp.offset(frame::NEW_TARGET as isize) };
    let Some(g) = state_of(generator) else { return Value::UNDEFINED };
    // SAFETY: the frame was pushed for the same template, so it has `registers.len()` registers.
    unsafe {
        *fp.offset(frame::CONTEXT as isize) = g.context;
        std::ptr::copy_nonoverlapping(g.registers.as_ptr(), fp.add(HEADER_SIZE), g.registers.len());
    }
    g.registers.clear();
    g.sent
}

impl Vm {
    /// A generator object for a call of `closure` (CreateGeneratorObject). Sync generators inherit from the
    /// function's `prototype` (or %GeneratorPrototype%); async ones are internal and own the call's promise.
    pub fn create_generator_object(&mut self, closure: Value) -> JsResult<Value> {
        let t = closure.as_object().closure().expect("a closure").template;
        let (kind, proto, promise) = if t.is_async && t.is_generator {
            let fallback = self.realm.async_generator_prototype;
            let proto = self.get_prototype_from_constructor(closure, fallback)?;
            (GeneratorKind::AsyncGenerator, proto, Value::UNDEFINED)
        } else if t.is_async {
            let p = crate::builtins::promise::new_intrinsic_promise(self);
            (GeneratorKind::Async, Value::NULL, p)
        } else {
            let fallback = self.realm.generator_prototype;
            let proto = self.get_prototype_from_constructor(closure, fallback)?;
            (GeneratorKind::Sync, proto, Value::UNDEFINED)
        };
        let state = GeneratorState {
            kind,
            status: GeneratorStatus::Executing,
            closure,
            this: Value::UNDEFINED,
            context: Value::UNDEFINED,
            args: Vec::new(),
            registers: Vec::new(),
            resume_pc: 0,
            mode: ResumeMode::Next,
            sent: Value::UNDEFINED,
            promise,
            queue: Default::default(),
            in_await: false,
        };
        Ok(Value::object(self.new_object_kind(proto, ObjectKind::Generator(Box::new(state)), 0)))
    }

    /// Resumes suspended generator `generator` with `mode` and `value`: runs its activation until it suspends again or
    /// finishes. The result is what the frame returned (the yielded iterator result, or the return value); the
    /// status tells which.
    pub fn resume_generator(&mut self, generator: Gc<JsObject>, mode: ResumeMode, value: Value) -> JsResult<Value> {
        if !self.native_stack_ok() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        let g = state_of(Value::object(generator)).expect("a generator");
        g.status = GeneratorStatus::Executing;
        g.mode = mode;
        g.sent = value;
        let closure = g.closure.as_object();
        let c = closure.closure().expect("generators run closures");
        let setup = FrameSetup {
            closure,
            template: c.template,
            context: g.context,
            this: g.this,
            new_target: Value::object(generator),
            caller_fp: -1,
            return_pc: 0,
            flags: FLAG_ENTRY | FLAG_RESUME,
        };
        // push_frame copies the arguments before anything can allocate.
        let args: *const Vec<Value> = &g.args;
        // SAFETY: `args` lives in the generator, which the caller holds; push_frame does not touch it.
        let fp = self.push_frame(&setup, g.args.len(), |i| unsafe { (&*args)[i] })?;
        let r = self.run_pushed(fp);
        if let Some(g) = state_of(Value::object(generator))
            && (r.is_err() || g.status == GeneratorStatus::Executing)
        {
            g.complete();
        }
        r
    }
}
