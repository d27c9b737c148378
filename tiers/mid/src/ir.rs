//! The mid tier's IR: an SSA control-flow graph of basic blocks whose values are nodes in one arena.
//!
//! Invariants:
//! - Nodes and blocks are index-typed (`NodeId`, `BlockId`); edges are ids, never pointers. A node belongs to one
//!   block and is listed in that block's `nodes` in execution order; phis come first in their block.
//! - A phi has exactly one input per predecessor of its block, in the order of `Block::preds`.
//! - Every node that can deoptimise (a check, a checked operation) carries a `FrameStateId`: the bytecode offset to
//!   resume at and the value of every live interpreter register whose frame slot is stale, and of the accumulator.
//!   Registers not listed are live in their frame slot already (or dead).
//! - `repr` is the machine representation of a node's value. It is fixed when the node is made, except for phis,
//!   whose representation `repr::select` chooses once the graph is complete.

use std::fmt::{self, Write};
use tetra_vm::builtins::typed_array::kinds::ElementKind;
use tetra_vm::bytecode::Op;
use tetra_vm::bytecode::disasm::reg_name;
use tetra_vm::tiering::deopt::DeoptReason;
use tetra_vm::value::Value;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct NodeId(pub u32);
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct BlockId(pub u32);
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FrameStateId(pub u32);

/// Machine representation of a value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Repr {
    /// A NaN-boxed `Value`.
    Tagged,
    Int32,
    Float64,
    /// 0 or 1 in a byte.
    Bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cond {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

/// Int32 operations. The checked ones (`Add`, `Sub`, `Mul`, `Neg`, `Mod`, `Shr`) deoptimise where the result
/// would leave int32 or be -0 (V8's CheckedInt32* nodes); the bitwise ones cannot fail.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Int32Op {
    Add,
    Sub,
    Mul,
    /// `0 - rhs` (lhs unused), deopts for 0 (-0) and int32::MIN.
    Neg,
    /// Deopts unless lhs >= 0 and rhs > 0 (the result is then a non-negative int32, never -0).
    Mod,
    BitOr,
    BitXor,
    BitAnd,
    Shl,
    Sar,
    /// `>>>`: deopts when the unsigned result does not fit int32.
    Shr,
    /// `>>>` giving the uint32's bits, which `Uint32ToFloat64` widens (cannot fail).
    UShr,
}

impl Int32Op {
    /// Bitwise operations, which convert their operands by ToInt32 (doubles included).
    pub fn truncates(self) -> bool {
        matches!(self, Int32Op::BitOr | Int32Op::BitXor | Int32Op::BitAnd | Int32Op::Shl | Int32Op::Sar | Int32Op::Shr)
    }

    pub fn can_deopt(self) -> bool {
        matches!(self, Int32Op::Add | Int32Op::Sub | Int32Op::Mul | Int32Op::Neg | Int32Op::Mod | Int32Op::Shr)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Float64Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Math functions computed inline (the call's target is checked against the builtin).
pub use tetra_vm::builtins::math::MathIntrinsic;

/// Where a property slot is in an object whose shape is known.
#[derive(Clone, Copy, Debug)]
pub enum SlotAt {
    /// In the object, at this byte offset.
    InObject { offset: i32 },
    /// In the out-of-line slot vector, whose pointer is at `vector` bytes into the object, at element `index`.
    OutOfLine { vector: i32, index: i32 },
}

/// Where a monomorphic or polymorphic named load finds its value once the receiver's shape matched.
#[derive(Clone, Debug)]
pub enum FieldSource {
    /// The receiver's own slot.
    Own { at: SlotAt },
    /// A slot of a prototype object (`holder`, kept alive by the code), valid while the VM's prototype epoch is
    /// `epoch`.
    Proto { holder: usize, at: SlotAt, epoch: u32 },
    /// `length` of an array.
    ArrayLength,
    /// `length` of a primitive string (the case's shape is the realm's private string-receiver shape).
    StringLength,
    /// `length` of a typed array through %TypedArray%.prototype's getter, valid while the prototype epoch is
    /// `epoch` (`Handler::TypedArrayLength`).
    TypedArrayLength { epoch: u32 },
}

#[derive(Clone, Debug)]
pub struct LoadCase {
    /// The receiver's shape; for a primitive string receiver, the realm's private string-receiver shape (and
    /// `string` is set).
    pub shape: usize,
    pub source: FieldSource,
    pub string: bool,
}

#[derive(Clone, Debug)]
pub enum StoreKind {
    /// Overwrite one of the receiver's own slots.
    Own { at: SlotAt },
    /// Add a property in an in-object slot the receiver already has: the shape becomes `to`, valid while the
    /// prototype epoch is `epoch` (no setter or read-only property appeared on the chain); no epoch for a private
    /// field, whose addition consults no prototype.
    Transition { to: usize, offset: i32, epoch: Option<u32> },
}

#[derive(Clone, Debug)]
pub struct StoreCase {
    pub shape: usize,
    pub kind: StoreKind,
}

/// What a node does besides computing its value (for checkpoints and the builder's facts).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Effect {
    /// Nothing the interpreter could observe (allocating is not): a deopt may resume before the node, and the
    /// interpreter runs its instruction again.
    None,
    /// A store on the fast path (a named slot, an element, a context slot): it changes what it stores only.
    Store,
    /// It may run any code: a call, a routine, an element access's slow path with its getters and setters.
    Any,
}

impl NodeKind {
    pub fn effect(&self) -> Effect {
        match self {
            NodeKind::Entry(_)
            | NodeKind::Constant(_)
            | NodeKind::Int32Constant(_)
            | NodeKind::Float64Constant(_)
            | NodeKind::Phi(_)
            | NodeKind::CheckInt32(..)
            | NodeKind::CheckNumber(..)
            | NodeKind::Int32Binary(..)
            | NodeKind::TruncateToInt32(..)
            | NodeKind::Uint32ToFloat64(..)
            | NodeKind::Float64Binary(..)
            | NodeKind::Float64Unary(..)
            | NodeKind::Int32Compare(..)
            | NodeKind::Float64Compare(..)
            | NodeKind::TaggedEqual(..)
            | NodeKind::HasTag(..)
            | NodeKind::ToBoolean(..)
            | NodeKind::Not(..)
            | NodeKind::Or(..)
            | NodeKind::AllocateThis { .. }
            | NodeKind::NewArray { .. }
            | NodeKind::StringSubstring { .. }
            | NodeKind::ConstructResult { .. }
            | NodeKind::CheckInvalidated { .. }
            | NodeKind::LoadRegister(_)
            | NodeKind::OsrValue(_)
            | NodeKind::OsrAccumulator
            | NodeKind::LoadContextSlot { .. }
            | NodeKind::LoadModuleVariable { .. }
            | NodeKind::CheckHole { .. }
            | NodeKind::CheckValue { .. }
            | NodeKind::StrictEqual(..)
            | NodeKind::CheckIdentityComparable { .. }
            | NodeKind::CreateFunctionContext { .. }
            | NodeKind::CreateClosure { .. }
            | NodeKind::ClosureContext(_)
            | NodeKind::LoadNamed { .. }
            | NodeKind::LoadElement { fs: Some(_), .. }
            | NodeKind::LoadTypedElement { .. } => Effect::None,
            NodeKind::StoreContextSlot { .. }
            | NodeKind::CountBackedge { .. }
            | NodeKind::StoreTypedElement { .. }
            | NodeKind::StoreElement { fs: Some(_), .. }
            | NodeKind::StoreNamed { .. } => Effect::Store,
            NodeKind::LoadElement { fs: None, .. }
            | NodeKind::StoreElement { fs: None, .. }
            | NodeKind::Generic { .. }
            | NodeKind::CallDirect(_)
            | NodeKind::ArrayIteratorNext { .. } => Effect::Any,
        }
    }
}

/// Where a context-slot access starts: the frame's context register, an inlined closure's context (a tagged
/// constant the code keeps alive through the closure), or the context an inlined callee made (a node).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ContextBase {
    Frame,
    Constant(usize),
    Node(NodeId),
}

/// What a `CallDirect` calls and how.
#[derive(Clone, Debug)]
pub struct DirectCall {
    pub pc: u32,
    pub target: CallTarget,
    /// [[Construct]] (new.target = the callee): `this` is made by the runtime (or inline) and `receiver` is
    /// unused.
    pub construct: bool,
    pub inline_this: Option<InlineThis>,
    pub this: NodeId,
    pub receiver: Receiver,
    pub args: Vec<NodeId>,
    /// As for `Generic`: they cover what the routine reads.
    pub spills: Vec<(i16, NodeId)>,
    /// The spills are written before the call (the frame must be complete: the call is inside a `try`, whose
    /// handler the interpreter runs); otherwise only on the routine's path.
    pub spill_first: bool,
    /// A call inside an inlined callee, which has no frame for the routine: what would take the routine deopts
    /// with this state instead (`CallNeedsFrame`), and `pc` is the outermost function's call, which the
    /// callee's frame links to (stack traces, exceptions).
    pub frameless: Option<Frameless>,
}

/// A `CallDirect` inside an inlined callee (which has no frame): the state its slow path deopts with, and the
/// return offset its callee's frame records for stack traces (`stack_trace::register_inlined_return`: the
/// inlined functions at the call).
#[derive(Clone, Copy, Debug)]
pub struct Frameless {
    pub fs: FrameStateId,
    pub return_pc: i32,
}

/// Whom a `CallDirect` calls.
#[derive(Clone, Copy, Debug)]
pub enum CallTarget {
    /// The closure the call feedback always saw (an untagged pointer kept alive by the code), checked before by
    /// `CheckValue`: its template, frame size and context are constants.
    Known(usize),
    /// Whatever the value is: closures are recognised, and their template and context read, at run time.
    Any(NodeId),
    /// A closure of this function template (an untagged pointer kept alive by the code), checked at run time
    /// (else the routine): frame size and receiver rules are constants, the context is read from the closure.
    Template(NodeId, usize),
    /// The builtin the call feedback always saw (an untagged pointer kept alive by the code), checked before by
    /// `CheckValue`: its Rust function is called with the arguments in place, no frame pushed.
    Native(usize),
    /// One of a few closures (untagged pointers kept alive by the code, the first `count` entries): the methods a
    /// polymorphic load of the callee finds on its prototype holders. The value is compared with each, whose frame
    /// is then pushed as a known callee's; any other callee goes through the runtime as `Any`'s.
    Among { callee: NodeId, closures: [usize; MAX_AMONG], count: u8 },
    /// A closure of one of a few function templates (untagged pointers kept alive by the code, the first `count`
    /// entries) whose closures take their receiver alike: the templates the call feedback saw (`this.fn()` over
    /// objects that each hold a handler). The callee's template is compared with each, whose frame is then pushed
    /// as `Template`'s; any other callee goes through the runtime as `Any`'s.
    AmongTemplates { callee: NodeId, templates: [usize; MAX_AMONG], count: u8 },
}

/// The most closures a `CallTarget::Among` dispatches on (V8's polymorphic call inlining: 4).
pub const MAX_AMONG: usize = 4;

/// How a direct [[Construct]] of a known base constructor makes `this` inline: a copy of the constructor's initial
/// object (`FunctionTemplate::initial_object`, kept alive by the code) in a cell taken from the heap's free list,
/// while the closure's shape, its `prototype` and the learnt in-object capacity are what they were at compile time
/// (else, or when the free list is empty or a collection is due, the runtime makes it).
#[derive(Clone, Copy, Debug)]
pub struct InlineThis {
    /// The constructor (an untagged pointer, kept alive by the code).
    pub closure: usize,
    /// The initial object (an untagged pointer) and the bytes of its cell, header included (a multiple of 8).
    pub initial: usize,
    pub bytes: usize,
    pub alloc: tetra_gc::InlineAllocation,
    pub closure_shape: usize,
    /// Where the closure keeps its `prototype`, and that value (tagged).
    pub prototype_at: SlotAt,
    pub prototype: u64,
    /// The address of the template's learnt capacity (a byte), and its value.
    pub expected_properties: usize,
    pub expected: u8,
}

/// How a `CallDirect` passes its receiver (`start_call`'s rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// As it is (decided at compile time for a known callee: strict, arrow, or a sloppy callee's global object).
    AsIs,
    /// A known sloppy callee: an object as it is, anything else through the routine (which wraps it).
    CheckObject,
    /// An unknown callee: undefined for an arrow, as it is for a strict function or an object, the global object
    /// for null or undefined; a primitive for a sloppy callee goes through the routine.
    ByCallee,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    /// Parameter or local register's value at function entry, read from its frame slot.
    Entry(i16),
    Constant(Value),
    Int32Constant(i32),
    Float64Constant(f64),
    /// One input per predecessor.
    Phi(Vec<NodeId>),
    /// The value as an int32; deopts (NotASmi) when it is not one. Free when the input is an int32 already.
    CheckInt32(NodeId, FrameStateId),
    /// The value as a float64; deopts (NotANumber) when it is not a number.
    CheckNumber(NodeId, FrameStateId),
    Int32Binary(Int32Op, NodeId, NodeId, Option<FrameStateId>),
    /// ToInt32 of a number, for a bitwise operation whose feedback saw doubles (V8's TruncateNumberToInt32): an
    /// int32 as it is, a double modulo 2^32; deopts (NotANumber) for anything else.
    TruncateToInt32(NodeId, FrameStateId),
    /// An int32's bits read as a uint32, as a double (the result of `>>>` on numbers).
    Uint32ToFloat64(NodeId),
    Float64Binary(Float64Op, NodeId, NodeId),
    Float64Unary(MathIntrinsic, NodeId),
    Int32Compare(Cond, NodeId, NodeId),
    Float64Compare(Cond, NodeId, NodeId),
    /// Bit-identical tagged values (after boxing both).
    TaggedEqual(NodeId, NodeId),
    /// The tag of a tagged value equals `tag` (e.g. `TAG_OBJECT`).
    HasTag(NodeId, u64),
    ToBoolean(NodeId),
    Not(NodeId),
    Or(NodeId, NodeId),
    /// The interpreter's routine for the instruction at `pc` (its handler compiled as a stub, or the runtime's call
    /// entry), on the frame: `spills` are written to their frame slots first, so the frame is complete. The result
    /// is the new accumulator; a thrown exception leaves the function (or resumes `interp` at the handler).
    Generic {
        pc: u32,
        op: Op,
        acc: NodeId,
        spills: Vec<(i16, NodeId)>,
    },
    /// A JS call or construct made directly (`tetra_vm::tiering::direct_call`): this code pushes the callee's frame and calls
    /// its installed code, or runs it in `interp`. The instruction's routine runs instead when the callee is not an
    /// ordinary closure (a builtin, a bound function, a class constructor called, a derived or non-constructor
    /// closure constructed), when the receiver needs wrapping, or
    /// when the stacks are short.
    CallDirect(Box<DirectCall>),
    /// `IteratorNext` on what a for-of over an array iterates (a values iterator without own properties, of an
    /// array with dense elements, while `%ArrayIteratorPrototype%.next` is the builtin): the step inline, the
    /// routine (after `spills`) otherwise. Its status says whether the loop is done (`BranchOnJump`); its value is
    /// the element, or `acc` when done (the instruction writes the accumulator only when it falls through).
    ArrayIteratorNext {
        pc: u32,
        iterator: NodeId,
        acc: NodeId,
        spills: Vec<(i16, NodeId)>,
    },
    /// `this` of a constructor inlined by a construct (`InlineThis`): deopts (WrongShape) with the construct's state
    /// when the constructor changed; a copy of its initial object, from the free list or the runtime.
    AllocateThis {
        inline: Box<InlineThis>,
        fs: FrameStateId,
    },
    /// `new Array(len)` of the realm's Array constructor (checked before) with an int32 length: deopts
    /// (ArrayTooLong) with the construct's state when it is negative; the runtime's `new_array` otherwise (it cannot
    /// throw, so inlined callees may hold it).
    NewArray {
        len: NodeId,
        fs: FrameStateId,
    },
    /// `string.substring(start, end)` of the builtin (checked before): deopts (NotAString) when the receiver is
    /// not a string; the runtime's `substring` (which cannot throw, so inlined callees may hold it).
    StringSubstring {
        string: NodeId,
        start: NodeId,
        end: Option<NodeId>,
        fs: FrameStateId,
    },
    /// What an inlined construct returns: `value` if it is an object, else `this`.
    ConstructResult {
        value: NodeId,
        this: NodeId,
    },
    /// After a node that can run JS, and before a folded global: when the code can be invalidated (it relies on
    /// the prototype epoch, `Graph::lazy_epoch`, or on globals, `Graph::globals`), deopts (DependencyChanged) if it
    /// was invalidated meanwhile; otherwise nothing.
    CheckInvalidated {
        fs: FrameStateId,
    },
    /// With loop statistics kept (`--stats`, `tetra_vm::tiering::loop_stats`): a back-edge counted in the word at
    /// `counter`, the first one stamped through the loop's record `stat`.
    CountBackedge {
        counter: usize,
        stat: usize,
    },
    /// A register's frame slot, read after a generic instruction that writes it.
    LoadRegister(i16),
    /// At the OSR entry: a live register's value in the frame, and the accumulator passed in. Representation
    /// selection ignores them; the edge into the loop header checks them against the phi's representation.
    OsrValue(i16),
    OsrAccumulator,
    /// Slot `slot` of the context `depth` parents up from the frame's current context.
    LoadContextSlot {
        depth: u16,
        slot: u16,
        base: ContextBase,
    },
    StoreContextSlot {
        depth: u16,
        slot: u16,
        value: NodeId,
        base: ContextBase,
    },
    /// The binding the import cell in slot `slot` of the context `depth` parents up refers to (the exporter's
    /// environment slot: the hole in TDZ). Loads only: the cell was written when the module was linked.
    LoadModuleVariable {
        depth: u16,
        slot: u16,
        base: ContextBase,
    },
    /// `CreateFunctionContext` of an inlined callee (its first instruction): a context of `slots` slots whose
    /// parent is the callee closure's. Allocates only.
    CreateFunctionContext {
        parent: ContextBase,
        slots: u16,
    },
    /// `CreateClosure` in an inlined callee: a closure of `template` (an untagged pointer the code keeps alive)
    /// over `context`, with the home object `home` (an arrow's creator's, known from the inlined closure).
    /// Allocates only.
    CreateClosure {
        template: usize,
        context: ContextBase,
        home: u64,
    },
    /// The context (a tagged value) of a closure the function made itself (of a known template): the context an
    /// inlined call of that closure runs in. Loads only: a closure's context never changes.
    ClosureContext(NodeId),
    /// Deopts (the interpreter then throws) if the value is the hole (`hole_throws`) or is not (`!hole_throws`).
    CheckHole {
        value: NodeId,
        hole_throws: bool,
        fs: FrameStateId,
    },
    /// Deopts (`reason`) unless the tagged value is `expected` (a constant): a call's target, a private name.
    CheckValue {
        value: NodeId,
        expected: NodeId,
        reason: DeoptReason,
        fs: FrameStateId,
    },
    /// `===` of two tagged values: identical bits inline, numbers and strings through the runtime.
    StrictEqual(NodeId, NodeId),
    /// Deopts (NumberOrString) unless `===` compares the tagged value by its bits alone (it is not a number or a
    /// string), so that `TaggedEqual` with it is `===`.
    CheckIdentityComparable {
        value: NodeId,
        fs: FrameStateId,
    },
    /// `object[key]` with the interpreter's dense-element fast path inline (an int32 key within the elements, not
    /// a hole) and the instruction's generic routine out of line, after `spills` (or, with `fs`, a deopt).
    LoadElement {
        object: NodeId,
        /// A dominating access proved `object` an object (it deoptimises otherwise): no tag test.
        object_known: bool,
        key: NodeId,
        pc: u32,
        spills: Vec<(i16, NodeId)>,
        /// In an inlined callee (which has no frame for the routine): off the fast path, deopt (ElementAccess)
        /// with this state instead.
        fs: Option<FrameStateId>,
    },
    /// `object[key] = value` likewise (in-bounds overwrites and hole fills of extensible arrays inline).
    StoreElement {
        object: NodeId,
        object_known: bool,
        key: NodeId,
        value: NodeId,
        pc: u32,
        spills: Vec<(i16, NodeId)>,
        /// In an inlined callee (which has no frame for the routine): off the fast path, deopt (ElementAccess)
        /// with this state instead.
        fs: Option<FrameStateId>,
    },
    /// `object[index]` of a typed array of `kind` (one with an inline path, `typed_elements::has_inline_path`),
    /// speculated from the site's feedback: deopts (WrongElementsKind) unless the receiver is such a typed array,
    /// (TypedArrayOutOfBounds) unless `index` (an int32) is one of its elements now. Unboxed: an int32 for the
    /// integer kinds but Uint32, a float64 for Uint32 and the float kinds.
    LoadTypedElement {
        object: NodeId,
        index: NodeId,
        kind: ElementKind,
        fs: FrameStateId,
    },
    /// `object[index] = value` likewise; `value` is converted to the element type: int32s and doubles (ToInt32's
    /// low bits, ToUint8Clamp, rounding to float32), anything else deopts (TypedArrayValue).
    StoreTypedElement {
        object: NodeId,
        index: NodeId,
        value: NodeId,
        kind: ElementKind,
        fs: FrameStateId,
    },
    /// A named load speculated from its feedback: deopts unless the receiver is an object with one of the shapes.
    LoadNamed {
        object: NodeId,
        cases: Vec<LoadCase>,
        fs: FrameStateId,
        /// The block checked the object's shape before (one case, no check).
        known: bool,
    },
    /// A named store (or property-adding transition) speculated from its feedback; its value is the stored value.
    StoreNamed {
        object: NodeId,
        value: NodeId,
        cases: Vec<StoreCase>,
        fs: FrameStateId,
        known: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub repr: Repr,
    pub block: BlockId,
    /// Bytecode offset of the instruction the node comes from.
    pub pc: u32,
}

#[derive(Clone, Debug)]
pub enum Terminator {
    /// Not yet built (only during construction).
    None,
    Jump(BlockId),
    Branch {
        cond: NodeId,
        if_true: BlockId,
        if_false: BlockId,
    },
    /// After the node of an instruction that may jump (a `Generic` `ForInNext` or `IteratorNext`, an
    /// `ArrayIteratorNext`): its status says which way.
    BranchOnJump {
        generic: NodeId,
        jump: BlockId,
        next: BlockId,
    },
    Return(NodeId),
    /// `SwitchOnGeneratorState`: a resumed generator frame continues at the block of its resume point (a
    /// `ResumeGenerator`, which restores the registers from the generator), a fresh call at `fresh`.
    GeneratorSwitch {
        cases: Vec<(u32, BlockId)>,
        fresh: BlockId,
    },
    /// After a generic instruction that never continues (`Throw`, `ReThrow`).
    Unreachable,
    /// An unconditional deopt (code that never ran).
    Deopt {
        fs: FrameStateId,
        reason: tetra_vm::tiering::deopt::DeoptReason,
    },
}

#[derive(Clone, Debug)]
pub struct Block {
    /// Bytecode offset where the block starts.
    pub pc: u32,
    pub preds: Vec<BlockId>,
    pub nodes: Vec<NodeId>,
    pub terminator: Terminator,
    pub is_loop_header: bool,
}

#[derive(Clone, Debug)]
pub struct FrameState {
    /// Where `interp` resumes: the instruction to execute again.
    pub pc: u32,
    /// Live registers whose frame slot is stale, with their values. For an inlined frame (which has no frame slots
    /// until the deopt builds them): every parameter and local.
    pub registers: Vec<(i16, NodeId)>,
    /// The accumulator, if live at `pc`.
    pub accumulator: Option<NodeId>,
    /// Set when `pc` is in an inlined callee: the frame to build for it and the caller's state.
    pub inlined: Option<InlinedFrame>,
}

/// The closure an inlined call runs: the one the call feedback always saw (an untagged pointer, a constant the code
/// keeps alive and the call checks), or a closure the function made itself (Maglev's calls of a new closure), a
/// value of the graph whose function template is known without a check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InlinedClosure {
    Constant(usize),
    Node(NodeId),
}

/// An inlined call's frame, as the deopt exit rebuilds it above the caller's (V8's nested frame states).
#[derive(Clone, Debug)]
pub struct InlinedFrame {
    /// The caller's state at the call: its stale live registers; it resumes after the call with the callee's result.
    pub caller: FrameStateId,
    /// The context the callee made (`CreateFunctionContext`), its frame's context register from then on (else the
    /// closure's context).
    pub context: Option<NodeId>,
    /// The call instruction in the caller.
    pub call_pc: u32,
    pub closure: InlinedClosure,
    /// The callee's function template (an untagged pointer the code keeps alive).
    pub template: usize,
    pub this: NodeId,
    pub args: Vec<NodeId>,
    /// Slots from the caller's fp to the callee's: the caller's header and registers, then the arguments.
    pub frame_offset: i32,
    /// A [[Construct]] (new.target = the callee; `this` allocated before the callee ran).
    pub construct: bool,
}

#[derive(Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub blocks: Vec<Block>,
    pub frame_states: Vec<FrameState>,
    /// Shapes whose addresses the code compares against, and prototype objects it reads: the code keeps them alive
    /// (a freed shape's address could be reused by another shape).
    pub shapes: Vec<usize>,
    pub holders: Vec<usize>,
    /// Bytes of bytecode inlined into the function so far (the inliner's cumulative budget).
    pub inlined_bytes: usize,
    /// The prototype epoch the function's prototype loads and transitions were cached at, and whether the code can
    /// assume it instead of checking it at each of them (`lazy_epoch`): every node that can run JS is then followed
    /// by a `CheckInvalidated` (a frame invalidated meanwhile deoptimises there), and the cases agree on one epoch.
    pub epoch: Option<u32>,
    pub epoch_conflict: bool,
    /// The global properties folded to constants, as (name key, value) bits: the code depends on them.
    pub globals: Vec<(u64, u64)>,
    /// A node that can run JS has no `CheckInvalidated` after it (it may jump): the epoch is checked eagerly.
    pub unchecked_js: bool,
    /// Per loop header: the frame state at the header as each forward edge enters it (in the header's pred order;
    /// back edges come after), so a phi's value from before the loop can be checked on its edge (`repr.rs`).
    pub loop_entries: std::collections::HashMap<BlockId, Vec<FrameStateId>>,
    /// Closures the compiled function makes with its routine (`CreateClosure` outside inlined callees), with their
    /// function template: a call of one needs no feedback to know its callee's code.
    pub made_closures: std::collections::HashMap<NodeId, usize>,
    /// The second entry of OSR code.
    pub osr: Option<OsrEntry>,
}

impl Graph {
    /// Records a prototype load or transition cached at `epoch`.
    pub fn note_epoch(&mut self, epoch: u32) {
        match self.epoch {
            None => self.epoch = Some(epoch),
            Some(e) if e != epoch => self.epoch_conflict = true,
            Some(_) => {}
        }
    }

    /// The epoch the code may assume without checking it (see `epoch`).
    pub fn lazy_epoch(&self) -> Option<u32> {
        self.epoch.filter(|_| !self.epoch_conflict && !self.unchecked_js)
    }

    /// Whether the code can be invalidated (see `CheckInvalidated`).
    pub fn invalidatable(&self) -> bool {
        self.lazy_epoch().is_some() || !self.globals.is_empty()
    }
}

/// Where OSR code is entered from a running frame: `block` jumps to the loop at `header`; a value that does not fit
/// its phi's representation deoptimises with `state` (everything in the frame, resume at the header).
#[derive(Clone, Copy, Debug)]
pub struct OsrEntry {
    pub block: BlockId,
    pub header: u32,
    pub state: FrameStateId,
}

impl Graph {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
    }
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.0 as usize]
    }
    pub fn block_mut(&mut self, id: BlockId) -> &mut Block {
        &mut self.blocks[id.0 as usize]
    }
    pub fn frame_state(&self, id: FrameStateId) -> &FrameState {
        &self.frame_states[id.0 as usize]
    }

    pub fn add_block(&mut self, pc: u32, is_loop_header: bool) -> BlockId {
        self.blocks.push(Block {
            pc,
            preds: Vec::new(),
            nodes: Vec::new(),
            terminator: Terminator::None,
            is_loop_header,
        });
        BlockId(self.blocks.len() as u32 - 1)
    }

    pub fn add_node(&mut self, block: BlockId, pc: u32, kind: NodeKind, repr: Repr) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { kind, repr, block, pc });
        self.blocks[block.0 as usize].nodes.push(id);
        id
    }

    pub fn add_frame_state(&mut self, fs: FrameState) -> FrameStateId {
        self.frame_states.push(fs);
        FrameStateId(self.frame_states.len() as u32 - 1)
    }

    /// The offset in the compiled function's bytecode a frame state belongs to: its own, or for an inlined
    /// callee's the outermost call's (what the source map of the code records).
    pub fn outer_pc(&self, fs: FrameStateId) -> u32 {
        let mut state = self.frame_state(fs);
        let mut pc = state.pc;
        while let Some(i) = &state.inlined {
            pc = i.call_pc;
            state = self.frame_state(i.caller);
        }
        pc
    }

    /// Number of generic instructions, for the code listing.
    pub fn generic_count(&self) -> usize {
        self.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Generic { .. })).count()
    }
}

fn repr_suffix(r: Repr) -> &'static str {
    match r {
        Repr::Tagged => "t",
        Repr::Int32 => "i32",
        Repr::Float64 => "f64",
        Repr::Bool => "b",
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n{}", self.0)
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b{}", self.0)
    }
}

fn list(ids: &[NodeId]) -> String {
    ids.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
}

impl Graph {
    fn describe_node(&self, kind: &NodeKind) -> String {
        match kind {
            NodeKind::Entry(r) => format!("Entry {}", reg_name(*r)),
            NodeKind::Constant(v) => format!("Constant {:#x}", v.0),
            NodeKind::Int32Constant(i) => format!("Int32Constant {i}"),
            NodeKind::Float64Constant(d) => format!("Float64Constant {d}"),
            NodeKind::Phi(ins) => format!("Phi({})", list(ins)),
            NodeKind::CheckInt32(v, fs) => format!("CheckInt32 {v} fs{}", fs.0),
            NodeKind::CheckNumber(v, fs) => format!("CheckNumber {v} fs{}", fs.0),
            NodeKind::Int32Binary(op, a, b, fs) => match fs {
                Some(fs) => format!("CheckedInt32{op:?} {a}, {b} fs{}", fs.0),
                None => format!("Int32{op:?} {a}, {b}"),
            },
            NodeKind::TruncateToInt32(v, fs) => format!("TruncateToInt32 {v} fs{}", fs.0),
            NodeKind::Uint32ToFloat64(v) => format!("Uint32ToFloat64 {v}"),
            NodeKind::Float64Binary(op, a, b) => format!("Float64{op:?} {a}, {b}"),
            NodeKind::Float64Unary(op, a) => format!("Float64{op:?} {a}"),
            NodeKind::Int32Compare(c, a, b) => format!("Int32Compare{c:?} {a}, {b}"),
            NodeKind::Float64Compare(c, a, b) => format!("Float64Compare{c:?} {a}, {b}"),
            NodeKind::TaggedEqual(a, b) => format!("TaggedEqual {a}, {b}"),
            NodeKind::HasTag(v, tag) => format!("HasTag {v}, {tag:#x}"),
            NodeKind::ToBoolean(v) => format!("ToBoolean {v}"),
            NodeKind::Not(v) => format!("Not {v}"),
            NodeKind::Or(a, b) => format!("Or {a}, {b}"),
            NodeKind::Generic { pc, op, acc, spills } => {
                let s: Vec<String> = spills.iter().map(|(r, n)| format!("{}={n}", reg_name(*r))).collect();
                format!("Generic {} @{pc} acc={acc} spill[{}]", op.name(), s.join(", "))
            }
            NodeKind::CallDirect(call) => {
                let DirectCall { pc, target, construct, inline_this, this, receiver, args, spills, frameless, .. } =
                    call.as_ref();
                let s: Vec<String> = spills.iter().map(|(r, n)| format!("{}={n}", reg_name(*r))).collect();
                let target = match target {
                    CallTarget::Known(c) => format!("{c:#x}"),
                    CallTarget::Any(n) => format!("{n}"),
                    CallTarget::Template(n, t) => format!("{n} (a closure of {t:#x})"),
                    CallTarget::Native(o) => format!("builtin {o:#x}"),
                    CallTarget::Among { callee, closures, count } => {
                        let list: Vec<String> = closures[..*count as usize].iter().map(|c| format!("{c:#x}")).collect();
                        format!("{callee} (one of {})", list.join(", "))
                    }
                    CallTarget::AmongTemplates { callee, templates, count } => {
                        let list: Vec<String> =
                            templates[..*count as usize].iter().map(|t| format!("{t:#x}")).collect();
                        format!("{callee} (a closure of one of {})", list.join(", "))
                    }
                };
                let what = if *construct { "ConstructDirect".to_string() } else { "CallDirect".to_string() };
                let this = match (construct, inline_this) {
                    (true, Some(i)) => format!(" this=inline copy of {:#x} ({} bytes)", i.initial, i.bytes),
                    (true, None) => String::new(),
                    (false, _) => format!(" this={this} ({receiver:?})"),
                };
                let routine = match frameless {
                    Some(f) => format!("frameless (return {}), else deopt fs{}", f.return_pc, f.fs.0),
                    None => format!("spill[{}]", s.join(", ")),
                };
                format!("{what} {target} @{pc}{this} args({}) {routine}", list(args))
            }
            NodeKind::CheckInvalidated { fs } => format!("CheckInvalidated fs{}", fs.0),
            NodeKind::CountBackedge { counter, .. } => format!("CountBackedge {counter:#x}"),
            NodeKind::AllocateThis { inline, fs } => {
                format!("AllocateThis copy of {:#x} ({} bytes) fs{}", inline.initial, inline.bytes, fs.0)
            }
            NodeKind::ConstructResult { value, this } => format!("ConstructResult {value} else {this}"),
            NodeKind::NewArray { len, fs } => format!("NewArray length {len} fs{}", fs.0),
            NodeKind::StringSubstring { string, start, end, fs } => match end {
                Some(e) => format!("StringSubstring {string}[{start}, {e}) fs{}", fs.0),
                None => format!("StringSubstring {string}[{start}..) fs{}", fs.0),
            },
            NodeKind::ArrayIteratorNext { pc, iterator, acc, spills } => {
                format!("ArrayIteratorNext {iterator} acc={acc} (else generic @{pc}, spill {})", spills.len())
            }
            NodeKind::LoadRegister(r) => format!("LoadRegister {}", reg_name(*r)),
            NodeKind::OsrValue(r) => format!("OsrValue {}", reg_name(*r)),
            NodeKind::OsrAccumulator => "OsrAccumulator".to_string(),
            NodeKind::LoadContextSlot { depth, slot, base } => {
                format!("LoadContextSlot{} depth {depth} slot {slot}", base_name(base))
            }
            NodeKind::LoadModuleVariable { depth, slot, base } => {
                format!("LoadModuleVariable{} depth {depth} slot {slot}", base_name(base))
            }
            NodeKind::StoreContextSlot { depth, slot, value, base } => {
                format!("StoreContextSlot{} depth {depth} slot {slot} = {value}", base_name(base))
            }
            NodeKind::CreateFunctionContext { parent, slots } => {
                format!("CreateFunctionContext{} slots {slots}", base_name(parent))
            }
            NodeKind::CreateClosure { template, context, .. } => {
                format!("CreateClosure {template:#x}{}", base_name(context))
            }
            NodeKind::ClosureContext(closure) => format!("ClosureContext {closure}"),
            NodeKind::CheckHole { value, hole_throws, fs } => {
                format!("CheckHole {value} ({}) fs{}", if *hole_throws { "hole throws" } else { "hole required" }, fs.0)
            }
            NodeKind::StrictEqual(a, b) => format!("StrictEqual {a}, {b}"),
            NodeKind::CheckIdentityComparable { value, fs } => format!("CheckIdentityComparable {value} fs{}", fs.0),
            NodeKind::CheckValue { value, expected, fs, .. } => format!("CheckValue {value} == {expected} fs{}", fs.0),
            NodeKind::LoadElement { object, object_known: true, key, fs: Some(fs), .. } => {
                format!("LoadElement {object}[{key}] (object known, else deopt fs{})", fs.0)
            }
            NodeKind::StoreElement { object, object_known: true, key, value, fs: Some(fs), .. } => {
                format!("StoreElement {object}[{key}] = {value} (object known, else deopt fs{})", fs.0)
            }
            NodeKind::LoadElement { object, key, pc, spills, fs, .. } => match fs {
                Some(fs) => format!("LoadElement {object}[{key}] (else deopt fs{})", fs.0),
                None => format!("LoadElement {object}[{key}] (else generic @{pc}, spill {})", spills.len()),
            },
            NodeKind::StoreElement { object, key, value, pc, spills, fs, .. } => match fs {
                Some(fs) => format!("StoreElement {object}[{key}] = {value} (else deopt fs{})", fs.0),
                None => format!("StoreElement {object}[{key}] = {value} (else generic @{pc}, spill {})", spills.len()),
            },
            NodeKind::LoadTypedElement { object, index, kind, fs } => {
                format!("LoadTypedElement {object}[{index}] {} fs{}", kind.name(), fs.0)
            }
            NodeKind::StoreTypedElement { object, index, value, kind, fs } => {
                format!("StoreTypedElement {object}[{index}] = {value} {} fs{}", kind.name(), fs.0)
            }
            NodeKind::LoadNamed { object, cases, fs, known } => {
                let c: Vec<String> = cases.iter().map(|c| format!("{:#x}:{:?}", c.shape, c.source)).collect();
                let known = if *known { " (shape known)" } else { "" };
                format!("LoadNamed {object} [{}]{known} fs{}", c.join(", "), fs.0)
            }
            NodeKind::StoreNamed { object, value, cases, fs, known } => {
                let c: Vec<String> = cases.iter().map(|c| format!("{:#x}:{:?}", c.shape, c.kind)).collect();
                let known = if *known { " (shape known)" } else { "" };
                format!("StoreNamed {object}, {value} [{}]{known} fs{}", c.join(", "), fs.0)
            }
        }
    }

    /// The textual dump of `--print-mid-graph` and of the unit tests.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            let preds: Vec<String> = b.preds.iter().map(|p| p.to_string()).collect();
            let header = if b.is_loop_header {
                " loop-header"
            } else if self.osr.is_some_and(|o| o.block.0 as usize == i) {
                " osr-entry"
            } else {
                ""
            };
            let _ = writeln!(out, "b{i} @{}{header} preds[{}]:", b.pc, preds.join(", "));
            for &n in &b.nodes {
                let node = self.node(n);
                let _ = writeln!(out, "  {n}:{} = {}", repr_suffix(node.repr), self.describe_node(&node.kind));
            }
            let term = match &b.terminator {
                Terminator::None => "<none>".to_string(),
                Terminator::Jump(t) => format!("Jump {t}"),
                Terminator::Branch { cond, if_true, if_false } => format!("Branch {cond} ? {if_true} : {if_false}"),
                Terminator::BranchOnJump { generic, jump, next } => format!("BranchOnJump {generic} ? {jump} : {next}"),
                Terminator::Return(v) => format!("Return {v}"),
                Terminator::GeneratorSwitch { cases, fresh } => {
                    let cases: Vec<String> = cases.iter().map(|(pc, b)| format!("@{pc} -> {b}")).collect();
                    format!("GeneratorSwitch [{}] fresh {fresh}", cases.join(", "))
                }
                Terminator::Unreachable => "Unreachable".to_string(),
                Terminator::Deopt { fs, reason } => format!("Deopt fs{} ({})", fs.0, reason.text()),
            };
            let _ = writeln!(out, "  {term}");
        }
        for (i, fs) in self.frame_states.iter().enumerate() {
            let regs: Vec<String> = fs.registers.iter().map(|(r, n)| format!("{}={n}", reg_name(*r))).collect();
            let acc = fs.accumulator.map_or("-".to_string(), |a| a.to_string());
            let inlined = match &fs.inlined {
                Some(f) => {
                    let closure = match f.closure {
                        InlinedClosure::Constant(c) => format!("{c:#x}"),
                        InlinedClosure::Node(n) => n.to_string(),
                    };
                    format!(" inlined (caller fs{} at @{}, closure {closure})", f.caller.0, f.call_pc)
                }
                None => String::new(),
            };
            let _ = writeln!(out, "fs{i} @{} [{}] acc={acc}{inlined}", fs.pc, regs.join(", "));
        }
        out
    }
}

/// How a dump names a context base: nothing for the frame's.
fn base_name(base: &ContextBase) -> String {
    match base {
        ContextBase::Frame => String::new(),
        ContextBase::Constant(c) => format!(" {c:#x}"),
        ContextBase::Node(n) => format!(" {n}"),
    }
}
