//! The one declarative list of bytecodes.
//!
//! Every bytecode is `Name(operand: Kind, ...) => accumulator-use`. The `define_bytecodes!` macro turns this list into
//! the `Op` opcode enum, per-opcode operand decoders (`ops::Name`, used by the interpreter's hot loop), the `Insn`
//! enum (encoder, disassembler and graph builders) and operand metadata. Any consumer that matches on `Op` or `Insn`
//! without a wildcard is forced by the compiler to handle a newly added bytecode.
//!
//! Encoding: one opcode byte, then the operands in order, little-endian: `Reg` i16 (frame-relative register, see
//! `frame.rs`), `Idx` u16 (constant-pool index), `Slot` u16 (feedback slot), `Cnt` u16, `Imm` i32, `Lbl` u32
//! (absolute bytecode offset), `Rt` u16 (runtime function id, see `runtime_fns.rs`).
//!
//! Conventions (as Ignition): binary operations compute `acc = reg OP acc`; comparisons leave a boolean in the
//! accumulator; stores take the value from the accumulator and leave it there.

crate::bytecode::macros::define_bytecodes! {
    // ---- accumulator loads and register moves
    /// acc = undefined
    LdaUndefined() => write;
    LdaNull() => write;
    LdaTrue() => write;
    LdaFalse() => write;
    /// acc = the hole (TDZ marker for `let`/`const`/`class` bindings).
    LdaTheHole() => write;
    /// acc = int32 immediate.
    LdaSmi(value: Imm) => write;
    /// acc = constants[idx] (number, string, ...).
    LdaConstant(idx: Idx) => write;
    /// acc = reg
    Ldar(src: Reg) => write;
    /// reg = acc
    Star(dst: Reg) => read;
    /// dst = src
    Mov(src: Reg, dst: Reg) => none;

    // ---- globals (properties of the global object; `name` is an interned string constant)
    /// acc = global[name]; ReferenceError if absent.
    LdaGlobal(name: Idx, slot: Slot) => write;
    /// acc = global[name], or undefined if absent (for `typeof x`).
    LdaGlobalInsideTypeof(name: Idx, slot: Slot) => write;
    /// global[name] = acc; in strict code a ReferenceError if absent.
    StaGlobal(name: Idx, slot: Slot) => read;
    /// Declares a global `var`/function binding (non-deletable) if absent; acc is the initial value or the hole for
    /// "keep the current value".
    DeclareGlobal(name: Idx) => read;

    // ---- heap contexts (captured variables); `depth` counts parent hops from the current context
    /// acc = context(depth).slots[slot]
    LdaContextSlot(depth: Cnt, slot: Cnt) => write;
    /// context(depth).slots[slot] = acc
    StaContextSlot(depth: Cnt, slot: Cnt) => read;
    /// acc = the binding that the import cell at context(depth).slots[slot] refers to (a live binding of another
    /// module's environment; the hole while that binding is in TDZ). See `modules/mod.rs` for the cell.
    LdaModuleVariable(depth: Cnt, slot: Cnt) => write;
    /// Pushes a new function context with `slots` slots (parent = current) and makes it current.
    CreateFunctionContext(slots: Cnt) => none;
    /// acc = new block context with `slots` slots whose parent is the current context (not yet current).
    CreateBlockContext(slots: Cnt) => write;
    /// save = current context; current context = acc.
    PushContext(save: Reg) => read;
    /// current context = saved.
    PopContext(saved: Reg) => none;
    /// Copies the current block context into a fresh one (per-iteration `let` bindings of a `for` loop).
    CloneBlockContext() => none;

    // ---- TDZ and other checks
    /// If acc is the hole: ReferenceError "name is not defined" (access before initialisation).
    ThrowReferenceErrorIfHole(name: Idx) => read;
    /// TypeError "Assignment to constant variable."
    ThrowConstAssignError(name: Idx) => none;
    /// If acc (`this` in a derived constructor) is the hole: ReferenceError (super() not called).
    ThrowSuperNotCalledIfHole() => read;
    /// If acc is not the hole: ReferenceError (super() called twice).
    ThrowSuperAlreadyCalledIfNotHole() => read;

    // ---- properties
    /// acc = obj[name]
    GetNamedProperty(obj: Reg, name: Idx, slot: Slot) => write;
    /// obj[name] = acc  (a [[Set]]: setters and the prototype chain apply; strict-mode errors per the function)
    SetNamedProperty(obj: Reg, name: Idx, slot: Slot) => read;
    /// Defines an own enumerable data property (object literals).
    DefineNamedOwnProperty(obj: Reg, name: Idx, slot: Slot) => read;
    /// acc = obj[acc]
    GetKeyedProperty(obj: Reg, slot: Slot) => readwrite;
    /// obj[key] = acc
    SetKeyedProperty(obj: Reg, key: Reg, slot: Slot) => read;
    /// Defines an own enumerable data property with a computed key (object literals, class fields).
    DefineKeyedOwnProperty(obj: Reg, key: Reg, slot: Slot) => read;
    /// Defines array element `index` (a register holding an int) = acc; used by array literals.
    StaInArrayLiteral(array: Reg, index: Reg, slot: Slot) => read;
    /// acc = delete obj[acc] (boolean); TypeError in strict code when not deletable.
    DeleteProperty(obj: Reg) => readwrite;
    /// acc = HomeObject.[[Prototype]][name] with `receiver` (the function's `this`) as receiver. The home object is
    /// the running closure's (arrows inherit their creator's).
    GetSuperNamed(receiver: Reg, name: Idx) => write;
    /// acc = HomeObject.[[Prototype]][acc] with `receiver` as receiver.
    GetSuperKeyed(receiver: Reg) => readwrite;
    /// HomeObject.[[Prototype]][name] = acc with `receiver` as receiver.
    SetSuperNamed(receiver: Reg, name: Idx) => read;
    /// HomeObject.[[Prototype]][key] = acc with `receiver` as receiver.
    SetSuperKeyed(receiver: Reg, key: Reg) => read;

    // ---- binary operators: acc = lhs OP acc
    Add(lhs: Reg, slot: Slot) => readwrite;
    Sub(lhs: Reg, slot: Slot) => readwrite;
    Mul(lhs: Reg, slot: Slot) => readwrite;
    Div(lhs: Reg, slot: Slot) => readwrite;
    Mod(lhs: Reg, slot: Slot) => readwrite;
    Exp(lhs: Reg, slot: Slot) => readwrite;
    BitwiseOr(lhs: Reg, slot: Slot) => readwrite;
    BitwiseXor(lhs: Reg, slot: Slot) => readwrite;
    BitwiseAnd(lhs: Reg, slot: Slot) => readwrite;
    ShiftLeft(lhs: Reg, slot: Slot) => readwrite;
    ShiftRight(lhs: Reg, slot: Slot) => readwrite;
    ShiftRightLogical(lhs: Reg, slot: Slot) => readwrite;
    // ---- binary operators with an int32 immediate right operand: acc = acc OP value
    AddSmi(value: Imm, slot: Slot) => readwrite;
    SubSmi(value: Imm, slot: Slot) => readwrite;
    MulSmi(value: Imm, slot: Slot) => readwrite;
    ModSmi(value: Imm, slot: Slot) => readwrite;
    BitwiseOrSmi(value: Imm, slot: Slot) => readwrite;
    BitwiseAndSmi(value: Imm, slot: Slot) => readwrite;
    ShiftLeftSmi(value: Imm, slot: Slot) => readwrite;
    ShiftRightSmi(value: Imm, slot: Slot) => readwrite;
    ShiftRightLogicalSmi(value: Imm, slot: Slot) => readwrite;

    // ---- unary operators on acc
    /// acc = ToNumeric(acc) + 1
    Inc(slot: Slot) => readwrite;
    Dec(slot: Slot) => readwrite;
    Negate(slot: Slot) => readwrite;
    BitwiseNot(slot: Slot) => readwrite;
    /// acc = ToNumeric(acc) (postfix `x++` keeps the old value)
    ToNumeric(slot: Slot) => readwrite;
    /// acc = ToNumber(acc) (unary `+`)
    ToNumber(slot: Slot) => readwrite;
    /// acc = ToString(acc) (template literals)
    ToString() => readwrite;
    /// acc = ToPropertyKey(acc) (computed keys are converted once, before the value is evaluated)
    ToPropertyKey() => readwrite;
    /// acc = ToObject(acc); TypeError for null/undefined
    ToObject() => readwrite;
    /// acc = !ToBoolean(acc)
    LogicalNot() => readwrite;
    /// acc = typeof acc
    TypeOf() => readwrite;

    // ---- comparisons: acc = lhs OP acc (boolean)
    TestEqual(lhs: Reg, slot: Slot) => readwrite;
    TestEqualStrict(lhs: Reg, slot: Slot) => readwrite;
    TestLessThan(lhs: Reg, slot: Slot) => readwrite;
    TestGreaterThan(lhs: Reg, slot: Slot) => readwrite;
    TestLessThanOrEqual(lhs: Reg, slot: Slot) => readwrite;
    TestGreaterThanOrEqual(lhs: Reg, slot: Slot) => readwrite;
    /// acc = lhs instanceof acc
    TestInstanceOf(lhs: Reg, slot: Slot) => readwrite;
    /// acc = lhs in acc
    TestIn(lhs: Reg, slot: Slot) => readwrite;
    /// acc = acc === null || acc === undefined
    TestNullish() => readwrite;
    /// acc = acc === undefined
    TestUndefined() => readwrite;
    /// acc = acc === null
    TestNull() => readwrite;

    // ---- control flow (targets are absolute bytecode offsets)
    Jump(target: Lbl) => none;
    /// Loop back-edge: decrements the interrupt budget (OSR and tier-up checks happen here). `depth` is the loop
    /// nesting depth (0 = outermost).
    JumpLoop(target: Lbl, depth: Cnt) => none;
    JumpIfTrue(target: Lbl) => read;
    JumpIfFalse(target: Lbl) => read;
    JumpIfToBooleanTrue(target: Lbl) => read;
    JumpIfToBooleanFalse(target: Lbl) => read;
    JumpIfNull(target: Lbl) => read;
    JumpIfNotNull(target: Lbl) => read;
    JumpIfUndefined(target: Lbl) => read;
    JumpIfNotUndefined(target: Lbl) => read;
    JumpIfNullish(target: Lbl) => read;
    JumpIfNotNullish(target: Lbl) => read;
    /// Jumps if acc is an object (constructor results, iterator results).
    JumpIfObject(target: Lbl) => read;

    // ---- calls. Arguments live in consecutive registers starting at `args`.
    /// acc = callee.call(args[0], args[1..count]): `args[0]` is the receiver, `count` includes it.
    CallProperty(callee: Reg, args: Reg, count: Cnt, slot: Slot) => write;
    /// acc = callee(args[0..count]) with an undefined receiver.
    CallUndefinedReceiver(callee: Reg, args: Reg, count: Cnt, slot: Slot) => write;
    /// acc = callee.apply(receiver, array acc): spread calls; `receiver` register.
    CallWithSpread(callee: Reg, receiver: Reg, slot: Slot) => readwrite;
    /// acc = new callee(args[0..count]), new.target = callee.
    Construct(callee: Reg, args: Reg, count: Cnt, slot: Slot) => write;
    /// acc = new callee(...array acc) (spread), new.target = callee.
    ConstructWithSpread(callee: Reg, slot: Slot) => readwrite;
    /// acc = super(args[0..count]): constructs the [[Prototype]] of the running closure (a derived constructor) with
    /// the frame's new.target. The compiler then checks and stores the result into `this` (Reg::THIS, and its context slot if
    /// captured).
    SuperCall(args: Reg, count: Cnt) => write;
    /// Same with the arguments in the array in acc.
    SuperCallWithSpread() => readwrite;
    /// acc = runtime function `id`(args[0..count]); see `runtime_fns.rs`.
    CallRuntime(id: Rt, args: Reg, count: Cnt) => write;
    /// Returns acc to the caller.
    Return() => read;
    Throw() => read;
    /// Rethrows acc without touching its stack information (end of `finally`).
    ReThrow() => read;

    // ---- creation
    /// acc = a closure over the current context for functions[idx] (a nested function template).
    CreateClosure(idx: Idx) => write;
    /// acc = {}
    CreateEmptyObjectLiteral() => write;
    /// acc = [] with room for `capacity` elements.
    CreateEmptyArrayLiteral(capacity: Cnt) => write;
    /// acc = [args[0], ..., args[count-1]]
    CreateArrayFromList(args: Reg, count: Cnt) => write;
    /// acc = the `arguments` object (mapped in sloppy functions with simple parameters).
    CreateArguments() => write;
    /// acc = array of the arguments from position `from` on.
    CreateRestParameter(from: Cnt) => write;
    /// acc = a RegExp object for constants[pattern], constants[flags].
    CreateRegExpLiteral(pattern: Idx, flags: Idx) => write;

    // ---- iteration
    /// acc = a for-in key iterator over acc (null/undefined give an empty one).
    ForInPrepare() => readwrite;
    /// acc = next key of the iterator `iter` that is still present, or jump to `done`.
    ForInNext(iter: Reg, done: Lbl) => write;
    /// acc = GetIterator(acc)
    GetIterator() => readwrite;
    /// acc = next value of iterator `iter`, or jump to `done` when exhausted.
    IteratorNext(iter: Reg, done: Lbl) => write;
    /// Calls iter.return() if present (leaving a for-of early). acc is preserved.
    IteratorClose(iter: Reg) => none;

    // ---- generators and async functions (see `generator.rs`). A resumed activation is a fresh frame flagged
    // FLAG_RESUME whose new.target slot holds the generator object; the saved registers come back from there.
    /// If this frame resumes a generator: jump to its resume point (a ResumeGenerator); otherwise fall through.
    /// The first instruction of every generator and async function.
    SwitchOnGeneratorState() => none;
    /// Saves the frame (registers, arguments, context) into generator `generator`; always followed by a `Return` of the
    /// accumulator, and the resume point is the instruction after that `Return`.
    SuspendGenerator(generator: Reg) => read;
    /// Restores the registers and context saved by the last SuspendGenerator; acc = the value sent by next/throw/
    /// return (the resume mode stays in the generator, see the GeneratorResume* runtime functions).
    ResumeGenerator() => write;

    Debugger() => none;
    Nop() => none;
}
