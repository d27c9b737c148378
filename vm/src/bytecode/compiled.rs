//! The front end's output: a self-contained, GC-free description of a compiled function.
//!
//! The compiler (`compiler/`) produces a tree of `CompiledFunction`s from an AST without touching the heap; the VM
//! then materialises it into heap `FunctionTemplate`s (`function_template.rs`). Keeping the compiler heap-free makes
//! it testable on its own and means a GC can never observe a half-built function.

use crate::bytecode::Reg;

/// JS string contents as UTF-16 code units (lone surrogates survive).
pub type Utf16 = Vec<u16>;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Constant {
    Number(f64),
    String(Utf16),
    BigInt(num_bigint::BigInt),
    /// A tagged template's template object (GetTemplateObject): the cooked strings (None where an escape is invalid)
    /// and the raw ones. Materialised once per loaded site, so every evaluation of the site sees the same object.
    Template {
        cooked: Vec<Option<Utf16>>,
        raw: Vec<Utf16>,
    },
}

/// One byte (`repr(u8)`): compiled code compares a template's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum FunctionKind {
    /// Top-level script code.
    Script,
    /// `function f() {}` declarations and expressions: callable and constructible.
    Normal,
    Arrow,
    /// Object-literal and class methods, getters and setters: not constructible, have a home object.
    Method,
    /// `class C {}` constructor (throws when called without `new`).
    ClassConstructor,
    /// `class C extends B {}` constructor: `this` starts as the hole until `super()`.
    DerivedConstructor,
}

/// What a feedback slot profiles; the feedback vector is laid out from this list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FeedbackKind {
    /// Named or keyed property load (shape -> slot cache).
    Load,
    /// Named or keyed property store / define (shape -> slot, or transition).
    Store,
    /// Arithmetic and bitwise operations (int32 -> number -> any lattice).
    BinaryOp,
    /// Comparisons.
    Compare,
    /// Call sites (target function and count).
    Call,
    /// Global variable loads and stores.
    Global,
    /// Literal allocation sites.
    Literal,
}

/// An exception handler: a throw at a pc in `start..end` (bytecode offsets) jumps to `handler` with the exception in
/// the accumulator and the context restored from register `context`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub context: Reg,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CompiledFunction {
    /// The function's name (empty for anonymous functions: the VM may set it later).
    pub name: Utf16,
    pub kind: FunctionKind,
    pub is_strict: bool,
    pub is_async: bool,
    pub is_generator: bool,
    /// Number of formal parameters before any default/rest (Function.prototype.length).
    pub length: u16,
    /// Number of parameter registers (`Reg::param(0..param_count)`), including those with defaults/patterns.
    pub param_count: u16,
    /// Number of local registers (`Reg::local(0..register_count)`).
    pub register_count: u16,
    pub bytecode: Vec<u8>,
    pub constants: Vec<Constant>,
    /// Nested functions, referenced by `CreateClosure(idx)`.
    pub functions: Vec<CompiledFunction>,
    pub feedback: Vec<FeedbackKind>,
    pub handlers: Vec<Handler>,
    /// (bytecode offset, source byte offset) pairs, sorted by offset, for every instruction that can throw.
    pub positions: Vec<(u32, u32)>,
    /// For sloppy functions with simple parameters that use `arguments`: the function-context slot of each parameter,
    /// so that `arguments[i]` and parameter i alias (a mapped arguments object). `None` means unmapped.
    pub mapped_arguments: Option<Vec<u16>>,
    /// Byte range of the function's source text (Function.prototype.toString).
    pub source_start: u32,
    pub source_end: u32,
    /// How many properties the function's `this` gets in its body (distinct `this.name = ...` assignments and the
    /// class's instance fields): as V8's expected number of properties, a constructor's first instance is
    /// allocated with that many in-object slots, so its instances share one shape from the start.
    pub this_properties: u8,
    /// What each direct eval site of the function can see, indexed by the site's `DirectEval` runtime call.
    pub eval_scopes: Vec<std::rc::Rc<crate::compiler::direct_eval::EvalScope>>,
    /// A function whose bytecode is generated at its first call (`compiler::lazy`): everything above but the name,
    /// kind, flags, length, parameter count and source range is empty until then. Never stored in the code cache,
    /// whose compiles are eager.
    #[serde(skip)]
    pub lazy: Option<std::rc::Rc<crate::compiler::lazy::LazyFunction>>,
}

impl CompiledFunction {
    /// Source offset for a bytecode offset (the last recorded position at or before `pc`).
    pub fn position_at(&self, pc: u32) -> Option<u32> {
        let i = self.positions.partition_point(|&(p, _)| p <= pc);
        if i == 0 { None } else { Some(self.positions[i - 1].1) }
    }
}
