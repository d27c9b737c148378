//! Function templates (the heap form of compiled functions: V8's SharedFunctionInfo + BytecodeArray) and contexts.
//!
//! Invariants:
//! - A template is immutable after materialisation except for its feedback vector and tiering counters, which only
//!   the main thread touches.
//! - A context is a parent pointer and a fixed number of slots allocated with the cell; captured variables live there.

use crate::bytecode::{FeedbackKind, FunctionKind, Handler};
use crate::feedback::FeedbackSlot;
use crate::tiering::CompiledCode;
use crate::value::Value;
use std::cell::{Cell, RefCell, UnsafeCell};
use std::rc::Rc;
use tetra_gc::{Gc, Trace, Tracer};

/// A script's source text and name, shared by all its functions (error positions, Function.prototype.toString).
pub struct Script {
    pub name: String,
    pub source: String,
    /// Byte offset where each line starts, built at the first position lookup (stack traces ask for many).
    line_starts: std::cell::OnceCell<Vec<u32>>,
}

impl Script {
    pub fn new(name: String, source: String) -> Script {
        Script { name, source, line_starts: std::cell::OnceCell::new() }
    }

    /// Line and column (1-based, the column in UTF-16 units) of source byte `offset`, as `compiler::line_col`
    /// computes them, in O(log lines + line length).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let starts = self.line_starts.get_or_init(|| {
            let b = self.source.as_bytes();
            let mut v = vec![0];
            let mut i = 0;
            while i < b.len() {
                let len = match b[i] {
                    b'\r' if b.get(i + 1) == Some(&b'\n') => 2,
                    b'\r' | b'\n' => 1,
                    // U+2028 and U+2029 (E2 80 A8/A9).
                    0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => 3,
                    _ => 0,
                };
                if len > 0 {
                    i += len;
                    v.push(i as u32);
                } else {
                    i += 1;
                }
            }
            v
        });
        let offset = offset.min(self.source.len() as u32);
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line] as usize;
        let text = self.source.get(start..offset as usize).unwrap_or("");
        let text = if start == 0 { text.strip_prefix('\u{feff}').unwrap_or(text) } else { text };
        (line as u32 + 1, 1 + text.encode_utf16().count() as u32)
    }
}

/// Field order is layout (`repr(C)`): what every call, return and property access of the interpreter reads comes
/// first, so that it shares the cell's first cache line with the header; the rest is read on slow paths.
#[repr(C)]
pub struct FunctionTemplate {
    pub feedback: UnsafeCell<Box<[FeedbackSlot]>>,
    pub bytecode: Box<[u8]>,
    /// `code`'s entry trampoline, or 0 while the function runs in `interp`: the one word the call path tests.
    pub code_entry: Cell<usize>,
    /// Interrupt budget left before the tiering manager looks at this function again.
    pub budget: Cell<i32>,
    pub invocations: Cell<u32>,
    pub param_count: u16,
    pub register_count: u16,
    pub kind: FunctionKind,
    pub is_strict: bool,
    /// `function*` (and generator methods): calls return a generator object.
    pub is_generator: bool,
    /// `async` functions, arrows and methods: calls return a promise.
    pub is_async: bool,
    pub constants: Box<[Value]>,
    pub functions: Box<[Gc<FunctionTemplate>]>,
    pub name: Value,
    pub length: u16,
    /// Most properties seen on an instance this constructor made, at first the count its class chain's bodies
    /// assign (`this_properties`): the in-object capacity of the next ones.
    pub expected_properties: Cell<u8>,
    /// `CompiledFunction::this_properties`.
    pub this_properties: u8,
    /// Bit per tier that failed to compile this function (never asked again).
    pub failed_tiers: Cell<u8>,
    pub source_start: u32,
    pub source_end: u32,
    /// Budget ticks since the function last changed tier (see `tiering`).
    pub ticks: Cell<u32>,
    /// An instance as `new F()` last made one, before the constructor ran (never reachable from JS): its shape is
    /// F's initial map, reused while F.prototype and the in-object capacity are unchanged, so constructing does not
    /// look up the shape table; speculative code allocates `this` inline as a copy of it.
    pub initial_object: Cell<Option<Gc<crate::object::JsObject>>>,
    /// Where a closure of this function with this shape keeps its `prototype` data property (every `new` reads it:
    /// `get_prototype_from_constructor`), so the shape is not searched each time.
    pub prototype_slot: Cell<Option<(Gc<tetra_shapes::Shape>, u32)>>,
    /// Machine address of bytecode offset 0 in `code` (where a call enters), valid while `code_entry` is non-zero.
    pub code_body: Cell<usize>,
    /// Code installed by a compiled tier (freed with the template).
    pub code: RefCell<Option<Box<dyn CompiledCode>>>,
    /// While speculative (`mid`) code is installed: the code it replaced, which takes over when it deoptimises.
    pub lower_code: RefCell<Option<Box<dyn CompiledCode>>>,
    /// OSR code per loop header (V8 keeps it per `JumpLoop`): compiled for an activation still running below the
    /// installed speculative code, which has no entry at that loop. Discarded with the installed code.
    pub loop_code: RefCell<Vec<(u32, Box<dyn CompiledCode>)>>,
    /// Deoptimisations of this function's speculative code (deopt-loop protection).
    pub deopts: Cell<u32>,
    /// Inlined, a call of this function's took the path that needs a frame (`CallNeedsFrame`): `mid` no longer
    /// inlines it.
    pub calls_need_frame: Cell<bool>,
    /// Tiers (bit per tier) compiling this function in the background right now.
    pub compiling: Cell<u8>,
    pub feedback_kinds: Box<[FeedbackKind]>,
    pub handlers: Box<[Handler]>,
    pub positions: Box<[(u32, u32)]>,
    pub mapped_arguments: Option<Box<[u16]>>,
    pub script: Rc<Script>,
    /// `CompiledFunction::eval_scopes`: what each direct eval site sees. A function with one is not compiled by
    /// `mid` (the site reads the frame's context, which mid code does not keep there).
    pub eval_scopes: Box<[Rc<crate::compiler::direct_eval::EvalScope>]>,
    /// Blocks, loops and liveness for the compiled tiers, computed at the first request (`BytecodeAnalysis::of`).
    pub analysis: std::cell::OnceCell<Rc<crate::jit::analysis::BytecodeAnalysis>>,
    /// Per-loop statistics (back-edges per tier, OSR entries), when they are kept (`tiering::loop_stats`).
    pub loop_stats: std::cell::OnceCell<Box<[crate::tiering::loop_stats::LoopStat]>>,
    /// Until its first call, a function compiled lazily (`compiler::lazy`): its bytecode and everything made with
    /// it (constants, nested functions, feedback, handlers, positions) are empty. `Vm::ensure_compiled` fills them
    /// before any frame is pushed for it or any tier reads them.
    pub lazy: RefCell<Option<Rc<crate::compiler::lazy::LazyFunction>>>,
}

// SAFETY: traces the name, constants, nested templates and the feedback vector's heap references.
unsafe impl Trace for FunctionTemplate {
    fn trace(&self, t: &mut Tracer) {
        self.name.trace(t);
        self.constants.iter().for_each(|c| c.trace(t));
        self.functions.iter().for_each(|f| t.mark(*f));
        if let Some(o) = self.initial_object.get() {
            t.mark(o);
        }
        if let Some((s, _)) = self.prototype_slot.get() {
            t.mark(s);
        }
        // Never mutably borrowed across an allocation (installing code only swaps the box).
        if let Some(c) = self.code.borrow().as_ref() {
            c.trace(t);
        }
        if let Some(c) = self.lower_code.borrow().as_ref() {
            c.trace(t);
        }
        for (_, c) in self.loop_code.borrow().iter() {
            c.trace(t);
        }
        // SAFETY: single-threaded; no mutable borrow of the feedback vector is live during a collection.
        for slot in unsafe { &*self.feedback.get() }.iter() {
            slot.trace(t);
        }
    }
    fn external_size(&self) -> usize {
        let code = self.code.borrow().as_ref().map_or(0, |c| c.code_size());
        self.bytecode.len() + self.constants.len() * 8 + self.positions.len() * 8 + self.handlers.len() * 16 + code
    }
}

impl FunctionTemplate {
    /// A function lazy compilation has not compiled yet (`Vm::ensure_compiled` compiles it at its first call): it
    /// has no bytecode, so no frame size, feedback or code; nothing may push its frame or compile it before then.
    #[inline]
    pub fn is_deferred(&self) -> bool {
        self.bytecode.is_empty()
    }

    #[inline(always)]
    #[allow(clippy::mut_from_ref)] // interior mutability: the vector is an UnsafeCell (see the SAFETY note)
    pub fn feedback_mut(&self) -> &mut [FeedbackSlot] {
        // SAFETY: the VM is single-threaded and never holds two references to one feedback vector at once.
        unsafe { &mut *self.feedback.get() }
    }

    /// Source offset of the instruction at `pc` (the last recorded position at or before it).
    pub fn position_at(&self, pc: u32) -> Option<u32> {
        let i = self.positions.partition_point(|&(p, _)| p <= pc);
        if i == 0 { None } else { Some(self.positions[i - 1].1) }
    }

    pub fn is_constructor_kind(&self) -> bool {
        !self.is_generator
            && !self.is_async
            && matches!(
                self.kind,
                FunctionKind::Normal | FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
            )
    }
}

#[repr(C)]
pub struct Context {
    pub parent: Value,
    pub len: u32,
    // followed by `len` slots
}

// SAFETY: traces the parent and every slot in the tail.
unsafe impl Trace for Context {
    fn trace(&self, t: &mut Tracer) {
        self.parent.trace(t);
        self.slots().iter().for_each(|v| v.trace(t));
    }
}

impl Context {
    /// The slots as a shared slice, for tracing (no writes happen during a collection).
    fn slots(&self) -> &[Value] {
        // SAFETY: the tail holds `len` initialised Values (see `Vm::alloc_context`); only read here.
        unsafe { std::slice::from_raw_parts((self as *const Context).add(1) as *const Value, self.len as usize) }
    }
}

/// Slot access goes through the raw cell pointer, never through `&Context`: writing into the tail via a pointer
/// derived from a shared reference would be undefined behaviour (LLVM treats `&T` as read-only), and was seen to
/// drop stores in optimised builds.
pub trait ContextSlots {
    fn slot(self, i: usize) -> Value;
    fn set_slot(self, i: usize, v: Value);
}

impl ContextSlots for Gc<Context> {
    #[inline(always)]
    fn slot(self, i: usize) -> Value {
        debug_assert!(i < self.len as usize);
        // SAFETY: compiler-assigned slot indices are below `len`; the tail starts right after the header.
        unsafe { *(self.tail_ptr() as *const Value).add(i) }
    }
    #[inline(always)]
    fn set_slot(self, i: usize, v: Value) {
        debug_assert!(i < self.len as usize);
        // SAFETY: as in `slot`; the pointer comes from the raw cell pointer, and the VM is single-threaded.
        unsafe { *(self.tail_ptr() as *mut Value).add(i) = v }
    }
}

impl crate::vm::Vm {
    pub fn alloc_context(&mut self, parent: Value, len: u32) -> Gc<Context> {
        let c = self.heap.alloc_with_tail(Context { parent, len }, len as usize * 8);
        for i in 0..len as usize {
            c.set_slot(i, Value::UNDEFINED);
        }
        c
    }
}

/// Contexts are stored in frames and closures as Values with the object tag; they are never exposed to JS.
pub fn context_value(c: Gc<Context>) -> Value {
    Value((crate::value::TAG_OBJECT << crate::value::TAG_SHIFT) | c.addr() as u64)
}

#[inline(always)]
pub fn as_context(v: Value) -> Gc<Context> {
    // SAFETY: only called on values produced by `context_value` (frame context slots, closure contexts).
    unsafe { Gc::from_raw(v.cell_ptr() as *mut Context) }
}
