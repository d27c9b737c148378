//! One `visit` per bytecode: an exhaustive `match` over the decoded instruction (no wildcard), so a new bytecode
//! cannot be added without deciding here how baseline code runs it.
//!
//! What is inlined (as Sparkplug does, the cheap and frequent cases): register moves and constant loads, jumps,
//! the interrupt budget, the int32 fast paths of arithmetic, bitwise operations and comparisons (with overflow
//! checks, feedback recording, and a comparison fused with the branch that follows it), tests against
//! immediates, keyed accesses to typed arrays of the site's element kind (`elements.rs`) or else to dense elements
//! (`dense.rs`), named and global accesses through the site's cache (`named.rs`), and for-of steps over arrays
//! (`iterate.rs`). Everything else, and every fast path's failure, calls the bytecode's stub.

use crate::code::{BaselineCode, NOT_AN_INSTRUCTION};
use crate::emit::{Emitter, asm};
use crate::{dense, elements, iterate, named};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::{Insn, Op};
use tetra_vm::feedback::hint;
use tetra_vm::frame;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::string::STRING_INTERNED_OFFSET;
use tetra_vm::tiering::runtime::{self, StubFn, stub_for};
use tetra_vm::value::{TAG_IMM, TAG_INT, TAG_OBJECT, TAG_SHIFT, TAG_STRING, TAG_SYMBOL, Value};

/// Compiles `t` to baseline code.
pub(crate) fn compile(t: &FunctionTemplate, tier_cell: usize) -> Result<BaselineCode, String> {
    let mut sites = 0;
    let mut at = 0usize;
    while at < t.bytecode.len() {
        let insn = Insn::decode(&t.bytecode, at);
        if matches!(
            insn,
            Insn::GetNamedProperty { .. }
                | Insn::SetNamedProperty { .. }
                | Insn::DefineNamedOwnProperty { .. }
                | Insn::LdaGlobal { .. }
                | Insn::StaGlobal { .. }
        ) {
            sites += 1;
        }
        at += insn.op().size();
    }
    let mut e = Emitter::new(t, sites)?;
    e.prologue(tier_cell);
    let mut offsets = vec![NOT_AN_INSTRUCTION; t.bytecode.len() + 1];
    let mut pc = 0usize;
    while pc < t.bytecode.len() {
        let insn = Insn::decode(&t.bytecode, pc);
        let next = pc + insn.op().size();
        offsets[pc] = e.ops.offset().0 as u32;
        let here = e.label(pc as u32);
        asm!(e.ops; =>here);
        visit(&mut e, pc as u32, next as u32, insn);
        pc = next;
    }
    // The end of the bytecode is never reached (every function ends in Return); its label starts the shared tail.
    offsets[t.bytecode.len()] = e.ops.offset().0 as u32;
    let end = e.label(t.bytecode.len() as u32);
    asm!(e.ops; =>end);
    e.emit_deferred();
    e.finish_common();
    let caches = std::mem::take(&mut e.caches);
    let buffer = e.ops.finalize().map_err(|_| "cannot finalize baseline code".to_string())?;
    Ok(BaselineCode { buffer, offsets, caches })
}

/// The stub of an instruction that has one.
pub(crate) fn stub(op: Op) -> StubFn {
    stub_for(op).unwrap_or_else(|| panic!("{} has no stub", op.name()))
}

/// The condition a compare or a conditional jump tests.
#[derive(Clone, Copy)]
enum Cond {
    Equal,
    /// `===`: also decided inline when identity is equality (see `strict_identity`).
    StrictEqual,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
}

fn visit(e: &mut Emitter, pc: u32, next: u32, insn: Insn) {
    let op = insn.op();
    match insn {
        Insn::LdaUndefined {} => load_imm(e, Value::UNDEFINED),
        Insn::LdaNull {} => load_imm(e, Value::NULL),
        Insn::LdaTrue {} => load_imm(e, Value::TRUE),
        Insn::LdaFalse {} => load_imm(e, Value::FALSE),
        Insn::LdaTheHole {} => load_imm(e, Value::HOLE),
        Insn::LdaSmi { value } => load_imm(e, Value::int(value)),
        // Constants are immutable heap values of the template, which outlives its code (and never moves).
        Insn::LdaConstant { idx } => {
            let v = e.t.constants[idx as usize];
            load_imm(e, v)
        }
        Insn::Ldar { src } => asm!(e.ops; mov rbx, QWORD [r12 + src.0 as i32 * 8]),
        Insn::Star { dst } => asm!(e.ops; mov QWORD [r12 + dst.0 as i32 * 8], rbx),
        Insn::Mov { src, dst } => asm!(e.ops
            ; mov rax, QWORD [r12 + src.0 as i32 * 8]
            ; mov QWORD [r12 + dst.0 as i32 * 8], rax
        ),

        Insn::Add { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Add),
        Insn::Div { lhs, slot } => divide(e, pc, next, op, lhs.0, slot),
        Insn::Mod { lhs, slot } => modulo(e, pc, next, op, Some(lhs.0), None, slot),
        Insn::ModSmi { value, slot } => modulo(e, pc, next, op, None, Some(value), slot),
        Insn::Sub { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Sub),
        Insn::Mul { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Mul),
        Insn::BitwiseOr { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Or),
        Insn::BitwiseXor { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Xor),
        Insn::BitwiseAnd { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::And),
        Insn::ShiftLeft { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Shl),
        Insn::ShiftRight { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Sar),
        Insn::ShiftRightLogical { lhs, slot } => binary_int(e, pc, next, op, Some(lhs.0), None, slot, IntOp::Shr),
        Insn::AddSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Add),
        Insn::SubSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Sub),
        Insn::MulSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Mul),
        Insn::BitwiseOrSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Or),
        Insn::BitwiseAndSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::And),
        Insn::ShiftLeftSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Shl),
        Insn::ShiftRightSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Sar),
        Insn::ShiftRightLogicalSmi { value, slot } => binary_int(e, pc, next, op, None, Some(value), slot, IntOp::Shr),
        Insn::Inc { slot } => binary_int(e, pc, next, op, None, Some(1), slot, IntOp::Add),
        Insn::Dec { slot } => binary_int(e, pc, next, op, None, Some(1), slot, IntOp::Sub),
        Insn::BitwiseNot { slot } => {
            let resume = e.label(next);
            let slow = e.defer(pc, stub(op), resume, None);
            asm!(e.ops; mov rax, rbx);
            e.check_int_rax(slow);
            asm!(e.ops; not eax);
            e.box_int_rax_to_acc();
            e.record_hint(slot, hint::INT32);
        }
        // Numbers are already numeric: only other values need the conversion.
        Insn::ToNumeric { .. } | Insn::ToNumber { .. } => {
            let resume = e.label(next);
            let slow = e.defer(pc, stub(op), resume, None);
            // Numbers are the doubles and the int32s: every bit pattern below the first immediate's tag.
            asm!(e.ops
                ; mov rax, QWORD (TAG_IMM << TAG_SHIFT) as i64
                ; cmp rbx, rax
                ; jae =>slow
            );
        }

        Insn::TestEqual { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::Equal),
        Insn::TestEqualStrict { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::StrictEqual),
        Insn::TestLessThan { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::Less),
        Insn::TestGreaterThan { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::Greater),
        Insn::TestLessThanOrEqual { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::LessEqual),
        Insn::TestGreaterThanOrEqual { lhs, slot } => compare_int(e, pc, next, op, lhs.0, slot, Cond::GreaterEqual),
        Insn::TestUndefined {} => test_imm(e, Value::UNDEFINED, false),
        Insn::TestNull {} => test_imm(e, Value::NULL, false),
        // undefined and null differ only in bit 0.
        Insn::TestNullish {} => test_imm(e, Value::NULL, true),
        Insn::LogicalNot {} => {
            // Booleans differ only in bit 0 (false = ...2, true = ...3).
            let resume = e.label(next);
            let slow = e.defer(pc, stub(op), resume, None);
            asm!(e.ops
                ; mov rax, rbx
                ; or rax, 1
                ; mov rcx, QWORD Value::TRUE.0 as i64
                ; cmp rax, rcx
                ; jne =>slow
                ; xor rbx, 1
            );
        }

        Insn::Jump { target } => {
            let l = e.label(target);
            asm!(e.ops; jmp =>l);
        }
        Insn::JumpLoop { target, .. } => {
            let l = e.label(target);
            e.count_backedge(target);
            e.budget(pc, (pc - target) as i32);
            asm!(e.ops; jmp =>l);
        }
        Insn::JumpIfTrue { target } => jump_if_equal(e, target, Value::TRUE, true),
        Insn::JumpIfFalse { target } => jump_if_equal(e, target, Value::FALSE, true),
        Insn::JumpIfNull { target } => jump_if_equal(e, target, Value::NULL, true),
        Insn::JumpIfNotNull { target } => jump_if_equal(e, target, Value::NULL, false),
        Insn::JumpIfUndefined { target } => jump_if_equal(e, target, Value::UNDEFINED, true),
        Insn::JumpIfNotUndefined { target } => jump_if_equal(e, target, Value::UNDEFINED, false),
        Insn::JumpIfNullish { target } => jump_if_nullish(e, target, true),
        Insn::JumpIfNotNullish { target } => jump_if_nullish(e, target, false),
        Insn::JumpIfObject { target } => {
            let l = e.label(target);
            asm!(e.ops
                ; mov rax, rbx
                ; shr rax, TAG_SHIFT as i8
                ; cmp eax, TAG_OBJECT as i32
                ; je =>l
            );
        }
        Insn::JumpIfToBooleanTrue { target } => jump_if_to_boolean(e, pc, next, op, target, true),
        Insn::JumpIfToBooleanFalse { target } => jump_if_to_boolean(e, pc, next, op, target, false),

        Insn::CallProperty { .. } | Insn::CallUndefinedReceiver { .. } | Insn::Construct { .. } => {
            e.stub(pc, runtime::call, None)
        }
        Insn::Return {} => {
            e.budget(pc, pc as i32);
            let epilogue = e.epilogue;
            asm!(e.ops
                ; mov rax, rbx
                ; xor edx, edx
                ; jmp =>epilogue
            );
        }

        // A resumed generator continues at its resume point (a ResumeGenerator, which restores the registers). A
        // fresh call (no FLAG_RESUME in the frame's flags, an int32 in the low half of the slot) falls through
        // without leaving the code.
        Insn::SwitchOnGeneratorState {} => {
            let f = runtime::generator_resume_address as *const () as i64;
            let flags = frame::FLAGS as i32 * 8;
            asm!(e.ops
                ; test DWORD [r12 + flags], frame::FLAG_RESUME
                ; jz >fresh
                ; mov rdi, r12
                ; mov rsi, r14
                ; mov rax, QWORD f
                ; call rax
                ; test rax, rax
                ; jz >fresh
                ; jmp rax
                ; fresh:
            );
        }

        Insn::GetNamedProperty { obj, slot, .. } => named::property(e, pc, next, op, obj.0, slot, false),
        // Typed arrays of the site's one element kind inline, else dense elements; everything else, the stub.
        Insn::GetKeyedProperty { obj, slot } => match elements::site_kind(e, slot) {
            Some(kind) => elements::load(e, pc, next, op, obj.0, kind),
            None => dense::load(e, pc, next, op, obj.0),
        },
        Insn::SetKeyedProperty { obj, key, slot } => match elements::site_kind(e, slot) {
            Some(kind) => elements::store(e, pc, next, op, obj.0, key.0, kind),
            None => dense::store(e, pc, next, op, obj.0, key.0, slot),
        },
        Insn::SetNamedProperty { obj, slot, .. } | Insn::DefineNamedOwnProperty { obj, slot, .. } => {
            named::property(e, pc, next, op, obj.0, slot, true)
        }
        Insn::LdaGlobal { slot, .. } => named::global(e, pc, next, op, slot, false),
        Insn::StaGlobal { slot, .. } => named::global(e, pc, next, op, slot, true),

        Insn::LdaContextSlot { depth, slot } => {
            context_at(e, depth);
            let at = (runtime::CONTEXT_SLOTS_OFFSET + slot as usize * 8) as i32;
            asm!(e.ops; mov rbx, QWORD [rax + at]);
        }
        Insn::StaContextSlot { depth, slot } => {
            context_at(e, depth);
            let at = (runtime::CONTEXT_SLOTS_OFFSET + slot as usize * 8) as i32;
            asm!(e.ops; mov QWORD [rax + at], rbx);
        }
        // The TDZ check: only the hole needs the stub (which throws).
        Insn::ThrowReferenceErrorIfHole { .. } => {
            let resume = e.label(next);
            let slow = e.defer(pc, stub(op), resume, None);
            asm!(e.ops
                ; mov rax, QWORD Value::HOLE.0 as i64
                ; cmp rbx, rax
                ; je =>slow
            );
        }

        Insn::ForInNext { done, .. } => {
            let l = e.label(done);
            e.stub(pc, stub(op), Some(l))
        }
        Insn::IteratorNext { iter, done } => iterate::array_next(e, pc, next, op, iter.0, done),

        // The rest: the bytecode's stub (property access with its inline caches, globals, contexts, object
        // creation, calls that do not push a frame here, conversions, iteration, errors).
        Insn::LdaGlobalInsideTypeof { .. }
        | Insn::DeclareGlobal { .. }
        | Insn::CreateFunctionContext { .. }
        | Insn::CreateBlockContext { .. }
        | Insn::PushContext { .. }
        | Insn::PopContext { .. }
        | Insn::CloneBlockContext {}
        | Insn::ThrowConstAssignError { .. }
        | Insn::ThrowSuperNotCalledIfHole {}
        | Insn::ThrowSuperAlreadyCalledIfNotHole {}
        | Insn::DefineKeyedOwnProperty { .. }
        | Insn::StaInArrayLiteral { .. }
        | Insn::DeleteProperty { .. }
        | Insn::GetSuperNamed { .. }
        | Insn::GetSuperKeyed { .. }
        | Insn::SetSuperNamed { .. }
        | Insn::SetSuperKeyed { .. }
        | Insn::Exp { .. }
        | Insn::Negate { .. }
        | Insn::ToString {}
        | Insn::ToPropertyKey {}
        | Insn::ToObject {}
        | Insn::TypeOf {}
        | Insn::TestInstanceOf { .. }
        | Insn::TestIn { .. }
        | Insn::CallWithSpread { .. }
        | Insn::ConstructWithSpread { .. }
        | Insn::SuperCall { .. }
        | Insn::SuperCallWithSpread {}
        | Insn::CallRuntime { .. }
        | Insn::LdaModuleVariable { .. }
        | Insn::Throw {}
        | Insn::ReThrow {}
        | Insn::CreateClosure { .. }
        | Insn::CreateEmptyObjectLiteral {}
        | Insn::CreateEmptyArrayLiteral { .. }
        | Insn::CreateArrayFromList { .. }
        | Insn::CreateArguments {}
        | Insn::CreateRestParameter { .. }
        | Insn::CreateRegExpLiteral { .. }
        | Insn::ForInPrepare {}
        | Insn::GetIterator {}
        | Insn::IteratorClose { .. }
        | Insn::SuspendGenerator { .. }
        | Insn::ResumeGenerator {}
        | Insn::Debugger {}
        | Insn::Nop {} => e.stub(pc, stub(op), None),
    }
}

/// rax = the context `depth` hops up from the frame's current context (a pointer, untagged).
fn context_at(e: &mut Emitter, depth: u16) {
    let context = tetra_vm::frame::CONTEXT as i32 * 8;
    let parent = runtime::CONTEXT_PARENT_OFFSET as i32;
    asm!(e.ops
        ; mov rax, QWORD [r12 + context]
        ; shl rax, 16
        ; shr rax, 16
    );
    for _ in 0..depth {
        asm!(e.ops
            ; mov rax, QWORD [rax + parent]
            ; shl rax, 16
            ; shr rax, 16
        );
    }
}

fn load_imm(e: &mut Emitter, v: Value) {
    asm!(e.ops; mov rbx, QWORD v.0 as i64);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum IntOp {
    Add,
    Sub,
    Mul,
    Or,
    Xor,
    And,
    Shl,
    Sar,
    Shr,
}

/// `acc = lhs OP acc` (register form) or `acc = acc OP imm`: the int32 fast path inline, then (for + - *) the
/// float64 path on numbers, as the interpreter's handlers order them; the stub for everything else.
#[allow(clippy::too_many_arguments)]
fn binary_int(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: Option<i16>, imm: Option<i32>, slot: u16, k: IntOp) {
    let resume = e.label(next);
    let slow = e.defer(pc, stub(op), resume, None);
    let float = matches!(k, IntOp::Add | IntOp::Sub | IntOp::Mul).then(|| e.ops.new_dynamic_label());
    // Where an int32 path that does not apply goes: an overflowing sum is the float64 sum, as in the interpreter.
    let fail = float.unwrap_or(slow);
    // eax = left operand, edx = right operand (both checked to be int32).
    match (lhs, imm) {
        (Some(r), _) => {
            e.load_rax(r);
            e.check_int_rax(fail);
            e.check_int_acc(fail);
            asm!(e.ops; mov edx, ebx);
        }
        (None, Some(i)) => {
            asm!(e.ops; mov rax, rbx);
            e.check_int_rax(fail);
            asm!(e.ops; mov edx, i);
        }
        (None, None) => unreachable!("binary operations have a register or an immediate"),
    }
    match k {
        IntOp::Add => asm!(e.ops; add eax, edx; jo =>fail),
        IntOp::Sub => asm!(e.ops; sub eax, edx; jo =>fail),
        // A zero product may be -0 (0 * -5): the float64 path decides.
        IntOp::Mul => asm!(e.ops; imul eax, edx; jo =>fail; test eax, eax; jz =>fail),
        IntOp::Or => asm!(e.ops; or eax, edx),
        IntOp::Xor => asm!(e.ops; xor eax, edx),
        IntOp::And => asm!(e.ops; and eax, edx),
        // x86 masks 32-bit shift counts to 5 bits, as JS does.
        IntOp::Shl => asm!(e.ops; mov ecx, edx; shl eax, cl),
        IntOp::Sar => asm!(e.ops; mov ecx, edx; sar eax, cl),
        // A result above i32::MAX is a double: the stub makes it.
        IntOp::Shr => asm!(e.ops; mov ecx, edx; shr eax, cl; test eax, eax; js =>slow),
    }
    e.box_int_rax_to_acc();
    e.record_hint(slot, hint::INT32);
    if let Some(float) = float {
        asm!(e.ops; jmp =>resume; =>float);
        match (lhs, imm) {
            (Some(r), _) => {
                e.load_rax(r);
                e.number_to_xmm(0, slow);
                asm!(e.ops; mov rax, rbx);
                e.number_to_xmm(1, slow);
            }
            (None, None) => unreachable!("checked above"),
            (None, Some(i)) => {
                asm!(e.ops; mov rax, rbx);
                e.number_to_xmm(0, slow);
                asm!(e.ops; mov eax, i; cvtsi2sd xmm1, eax);
            }
        }
        match k {
            IntOp::Add => asm!(e.ops; addsd xmm0, xmm1),
            IntOp::Sub => asm!(e.ops; subsd xmm0, xmm1),
            IntOp::Mul => asm!(e.ops; mulsd xmm0, xmm1),
            _ => unreachable!("float64 paths exist for + - * only"),
        }
        e.xmm0_to_acc();
        e.record_hint(slot, hint::NUMBER);
    }
}

/// `acc = lhs / acc`: the interpreter's order, an int32 quotient when the division is exact (and not -0), else
/// the float64 quotient of two numbers; the stub for everything else.
fn divide(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: i16, slot: u16) {
    let resume = e.label(next);
    let slow = e.defer(pc, stub(op), resume, None);
    let float = e.ops.new_dynamic_label();
    e.load_rax(lhs);
    e.check_int_rax(float);
    e.check_int_acc(float);
    // No int32 result: division by zero, 0 / negative (-0), i32::MIN / -1 (overflow), a remainder.
    asm!(e.ops
        ; mov ecx, ebx
        ; test ecx, ecx
        ; jz =>float
        ; test eax, eax
        ; jnz >nonzero
        ; test ecx, ecx
        ; js =>float
        ; nonzero:
        ; cmp eax, i32::MIN
        ; jne >divide
        ; cmp ecx, -1
        ; je =>float
        ; divide:
        ; cdq
        ; idiv ecx
        ; test edx, edx
        ; jnz =>float
    );
    e.box_int_rax_to_acc();
    e.record_hint(slot, hint::INT32);
    asm!(e.ops; jmp =>resume; =>float);
    e.load_rax(lhs);
    e.number_to_xmm(0, slow);
    asm!(e.ops; mov rax, rbx);
    e.number_to_xmm(1, slow);
    asm!(e.ops; divsd xmm0, xmm1);
    e.xmm0_to_acc();
    e.record_hint(slot, hint::NUMBER);
}

/// `acc = lhs % acc` (register form) or `acc = acc % imm`: the int32 remainder of a non-negative dividend by a
/// positive divisor inline (the interpreter's `int_mod`); everything else (signs that could make -0, doubles) in the
/// stub.
fn modulo(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: Option<i16>, imm: Option<i32>, slot: u16) {
    let resume = e.label(next);
    let slow = e.defer(pc, stub(op), resume, None);
    match (lhs, imm) {
        (Some(r), _) => {
            e.load_rax(r);
            e.check_int_rax(slow);
            e.check_int_acc(slow);
            asm!(e.ops; mov ecx, ebx);
        }
        (None, Some(i)) if i > 0 => {
            asm!(e.ops; mov rax, rbx);
            e.check_int_rax(slow);
            asm!(e.ops; mov ecx, i);
        }
        _ => {
            asm!(e.ops; jmp =>slow);
            return;
        }
    }
    asm!(e.ops
        ; test ecx, ecx
        ; jle =>slow
        ; test eax, eax
        ; js =>slow
        ; cdq
        ; idiv ecx
        ; mov eax, edx
    );
    e.box_int_rax_to_acc();
    e.record_hint(slot, hint::INT32);
}

/// `acc = lhs CMP acc` with the int32 fast path inline (and for relational comparisons the float64 path on
/// numbers); when the next instruction is JumpIfTrue/JumpIfFalse the fast paths branch directly (the accumulator
/// still gets the boolean, as in the interpreter).
fn compare_int(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: i16, slot: u16, cond: Cond) {
    let resume = e.label(next);
    let slow = e.defer(pc, stub(op), resume, None);
    let float = (!matches!(cond, Cond::Equal | Cond::StrictEqual)).then(|| e.ops.new_dynamic_label());
    let identity = matches!(cond, Cond::StrictEqual).then(|| e.ops.new_dynamic_label());
    let fail = float.or(identity).unwrap_or(slow);
    let join = e.ops.new_dynamic_label();
    e.load_rax(lhs);
    e.check_int_rax(fail);
    e.check_int_acc(fail);
    asm!(e.ops; cmp eax, ebx);
    match cond {
        Cond::Equal | Cond::StrictEqual => asm!(e.ops; sete cl),
        Cond::Less => asm!(e.ops; setl cl),
        Cond::Greater => asm!(e.ops; setg cl),
        Cond::LessEqual => asm!(e.ops; setle cl),
        Cond::GreaterEqual => asm!(e.ops; setge cl),
    }
    e.record_hint(slot, hint::INT32);
    asm!(e.ops; =>join; movzx ecx, cl);
    e.box_bool_ecx_to_acc();
    let code = &e.t.bytecode;
    let branch: Option<(u32, bool, u32)> = if (next as usize) < code.len() {
        let after = Insn::decode(code, next as usize);
        let skip = next + after.op().size() as u32;
        match after {
            Insn::JumpIfTrue { target } => Some((target, true, skip)),
            Insn::JumpIfFalse { target } => Some((target, false, skip)),
            _ => None,
        }
    } else {
        None
    };
    match branch {
        Some((target, when, skip)) => {
            let (taken, fall) = (e.label(target), e.label(skip));
            asm!(e.ops; test ecx, ecx);
            if when {
                asm!(e.ops; jnz =>taken; jmp =>fall);
            } else {
                asm!(e.ops; jz =>taken; jmp =>fall);
            }
        }
        None if float.is_some() || identity.is_some() => asm!(e.ops; jmp =>resume),
        None => {}
    }
    if let Some(float) = float {
        asm!(e.ops; =>float);
        e.number_to_xmm(0, slow);
        asm!(e.ops; mov rax, rbx);
        e.number_to_xmm(1, slow);
        // ucomisd sets CF/ZF/PF = 1 for NaN, so "above" and "above or equal" are false then, as in JS.
        match cond {
            Cond::Less => asm!(e.ops; ucomisd xmm1, xmm0; seta cl),
            Cond::LessEqual => asm!(e.ops; ucomisd xmm1, xmm0; setae cl),
            Cond::Greater => asm!(e.ops; ucomisd xmm0, xmm1; seta cl),
            Cond::GreaterEqual => asm!(e.ops; ucomisd xmm0, xmm1; setae cl),
            Cond::Equal | Cond::StrictEqual => unreachable!("equality has no float64 path"),
        }
        e.record_hint(slot, hint::NUMBER);
        asm!(e.ops; jmp =>join);
    }
    if let Some(identity) = identity {
        asm!(e.ops; =>identity);
        strict_identity(e, slot, slow);
        asm!(e.ops; jmp =>join);
    }
}

/// `lhs === acc` (lhs in rax) when the operands' bits decide it, as in the interpreter's fast half: two values of
/// the kinds compared by identity (objects, symbols, undefined, null, booleans; feedback ANY), or two strings that
/// are the same string or both interned (feedback STRING). cl = the result; anything else goes to `slow`.
fn strict_identity(e: &mut Emitter, slot: u16, slow: DynamicLabel) {
    let strings = e.ops.new_dynamic_label();
    let interned = STRING_INTERNED_OFFSET as i32;
    // Tags of identity-compared kinds: TAG_IMM, TAG_OBJECT and TAG_SYMBOL, two apart (between them, BigInts).
    const _: () = assert!(TAG_OBJECT == TAG_IMM + 2 && TAG_SYMBOL == TAG_IMM + 4);
    for reg in [0u8, 3] {
        // rcx = the operand's tag less TAG_IMM (reg 0 is rax, 3 is rbx)
        if reg == 0 {
            asm!(e.ops; mov rcx, rax);
        } else {
            asm!(e.ops; mov rcx, rbx);
        }
        asm!(e.ops
            ; shr rcx, TAG_SHIFT as i8
            ; sub ecx, TAG_IMM as i32
            ; cmp ecx, (TAG_STRING - TAG_IMM) as i32
            ; je =>strings
            ; cmp ecx, 4
            ; ja =>slow
            ; test ecx, 1
            ; jnz =>slow
        );
    }
    asm!(e.ops
        ; cmp rax, rbx
        ; sete cl
    );
    e.record_hint(slot, hint::ANY);
    let done = e.ops.new_dynamic_label();
    asm!(e.ops
        ; jmp =>done
        // One operand is a string: the other must be one too.
        ; =>strings
        ; mov rcx, rax
        ; shr rcx, TAG_SHIFT as i8
        ; cmp ecx, TAG_STRING as i32
        ; jne =>slow
        ; mov rcx, rbx
        ; shr rcx, TAG_SHIFT as i8
        ; cmp ecx, TAG_STRING as i32
        ; jne =>slow
        ; cmp rax, rbx
        ; je >same
        ; mov rcx, rax
        ; shl rcx, 16
        ; shr rcx, 16
        ; cmp BYTE [rcx + interned], 0
        ; je =>slow
        ; mov rcx, rbx
        ; shl rcx, 16
        ; shr rcx, 16
        ; cmp BYTE [rcx + interned], 0
        ; je =>slow
        ; same:
        ; sete cl
    );
    e.record_hint(slot, hint::STRING);
    asm!(e.ops; =>done);
}

/// acc = (acc == v), or for `nullish` (acc == undefined || acc == null).
fn test_imm(e: &mut Emitter, v: Value, nullish: bool) {
    asm!(e.ops; mov rax, rbx);
    if nullish {
        asm!(e.ops; or rax, 1);
    }
    asm!(e.ops
        ; mov rdx, QWORD v.0 as i64
        ; xor ecx, ecx
        ; cmp rax, rdx
        ; sete cl
    );
    e.box_bool_ecx_to_acc();
}

fn jump_if_equal(e: &mut Emitter, target: u32, v: Value, equal: bool) {
    let l = e.label(target);
    asm!(e.ops
        ; mov rax, QWORD v.0 as i64
        ; cmp rbx, rax
    );
    if equal {
        asm!(e.ops; je =>l);
    } else {
        asm!(e.ops; jne =>l);
    }
}

fn jump_if_nullish(e: &mut Emitter, target: u32, nullish: bool) {
    let l = e.label(target);
    asm!(e.ops
        ; mov rax, rbx
        ; or rax, 1
        ; mov rcx, QWORD Value::NULL.0 as i64
        ; cmp rax, rcx
    );
    if nullish {
        asm!(e.ops; je =>l);
    } else {
        asm!(e.ops; jne =>l);
    }
}

/// Booleans branch inline; objects, int32s and nullish values in cold code; other values ask the stub
/// (`STUB_JUMP` when the branch is taken).
fn jump_if_to_boolean(e: &mut Emitter, pc: u32, next: u32, op: Op, target: u32, when: bool) {
    let taken: DynamicLabel = e.label(target);
    let fall = e.label(next);
    let slow = e.defer(pc, stub(op), fall, Some(taken));
    let other = e.ops.new_dynamic_label();
    let (jump_on, stay_on) = if when { (Value::TRUE, Value::FALSE) } else { (Value::FALSE, Value::TRUE) };
    asm!(e.ops
        ; mov rax, QWORD jump_on.0 as i64
        ; cmp rbx, rax
        ; je =>taken
        ; mov rax, QWORD stay_on.0 as i64
        ; cmp rbx, rax
        ; jne =>other
    );
    let (truthy, falsy) = if when { (taken, fall) } else { (fall, taken) };
    // ToBoolean as `runtime::convert::to_boolean` says for these kinds.
    e.cold(other, move |e| {
        asm!(e.ops
            ; mov rax, rbx
            ; shr rax, TAG_SHIFT as i8
            ; cmp eax, TAG_OBJECT as i32
            ; je =>truthy
            ; cmp eax, TAG_INT as i32
            ; jne >nullish
            ; test ebx, ebx
            ; jnz =>truthy
            ; jmp =>falsy
            ; nullish:
            ; mov rax, rbx
            ; or rax, 1
            ; mov rcx, QWORD Value::NULL.0 as i64
            ; cmp rax, rcx
            ; je =>falsy
            ; jmp =>slow
        );
    });
}
