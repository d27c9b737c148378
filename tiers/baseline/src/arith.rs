//! Arithmetic and comparisons: the int32 fast paths (with overflow checks and feedback), the float64 paths on
//! numbers, `===` decided by identity, and a comparison fused with the branch that follows it, in the order the
//! interpreter's handlers try them; everything else calls the bytecode's stub.

use crate::emit::{Emitter, asm};
use crate::visit::stub;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::{Insn, Op};
use tetra_vm::feedback::hint;
use tetra_vm::string::STRING_INTERNED_OFFSET;
use tetra_vm::value::{TAG_IMM, TAG_OBJECT, TAG_SHIFT, TAG_STRING, TAG_SYMBOL};

/// The condition a compare or a conditional jump tests.
#[derive(Clone, Copy)]
pub(crate) enum Cond {
    Equal,
    /// `===`: also decided inline when identity is equality (see `strict_identity`).
    StrictEqual,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntOp {
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
pub(crate) fn binary_int(
    e: &mut Emitter,
    pc: u32,
    next: u32,
    op: Op,
    lhs: Option<i16>,
    imm: Option<i32>,
    slot: u16,
    k: IntOp,
) {
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
pub(crate) fn divide(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: i16, slot: u16) {
    let resume = e.label(next);
    let slow = e.defer(pc, stub(op), resume, None);
    let float = e.ops.new_dynamic_label();
    e.load_rax(lhs);
    e.check_int_rax(float);
    e.check_int_acc(float);
    // No int32 result: division by zero, 0 / negative (-0), i32::MIN / -1 (overflow), a remainder.
    let nonzero = e.ops.new_dynamic_label();
    let divide = e.ops.new_dynamic_label();
    asm!(e.ops
        ; mov ecx, ebx
        ; test ecx, ecx
        ; jz =>float
        ; test eax, eax
        ; jnz =>nonzero
        ; test ecx, ecx
        ; js =>float
        ; =>nonzero
        ; cmp eax, i32::MIN
        ; jne =>divide
        ; cmp ecx, -1
        ; je =>float
        ; =>divide
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
pub(crate) fn modulo(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: Option<i16>, imm: Option<i32>, slot: u16) {
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
pub(crate) fn compare_int(e: &mut Emitter, pc: u32, next: u32, op: Op, lhs: i16, slot: u16, cond: Cond) {
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
    let same = e.ops.new_dynamic_label();
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
        ; je =>same
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
        ; =>same
        ; sete cl
    );
    e.record_hint(slot, hint::STRING);
    asm!(e.ops; =>done);
}
