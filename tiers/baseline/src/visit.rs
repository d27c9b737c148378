//! One `visit` per bytecode: an exhaustive `match` over the decoded instruction (no wildcard), so a new bytecode
//! cannot be added without deciding here how baseline code runs it.
//!
//! What is inlined (as Sparkplug does, the cheap and frequent cases): register moves and constant loads, jumps,
//! the interrupt budget, arithmetic, bitwise operations and comparisons (`arith.rs`), tests against immediates and
//! conditional jumps (ToBoolean of booleans, objects, int32s and nullish values), keyed accesses to typed arrays of the site's element kind (`elements.rs`) or else to dense elements
//! (`dense.rs`), named and global accesses through the site's cache (`named.rs`), and for-of steps over arrays
//! (`iterate.rs`). Everything else, and every fast path's failure, calls the bytecode's stub.

use crate::arith::{Cond, IntOp, binary_int, compare_int, divide, modulo};
use crate::code::{BaselineCode, NOT_AN_INSTRUCTION};
use crate::emit::{Emitter, asm};
use crate::{dense, elements, iterate, named};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::{Insn, Op};
use tetra_vm::feedback::hint;
use tetra_vm::frame;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::jit::code_space::Code;
use tetra_vm::tiering::runtime::{self, StubFn, stub_for};
use tetra_vm::value::{TAG_IMM, TAG_INT, TAG_OBJECT, TAG_SHIFT, Value};

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
    let mut e = Emitter::new(t, sites);
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
    let bytes = e.ops.finalize().map_err(|e| format!("cannot finalize baseline code: {e}"))?;
    let buffer = Code::install(&bytes)?;
    Ok(BaselineCode { buffer, offsets, caches })
}

/// The stub of an instruction that has one.
pub(crate) fn stub(op: Op) -> StubFn {
    stub_for(op).unwrap_or_else(|| panic!("{} has no stub", op.name()))
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
            let fresh = e.ops.new_dynamic_label();
            asm!(e.ops
                ; test DWORD [r12 + flags], frame::FLAG_RESUME
                ; jz =>fresh
                ; mov rdi, r12
                ; mov rsi, r14
                ; mov rax, QWORD f
                ; call rax
                ; test rax, rax
                ; jz =>fresh
                ; jmp rax
                ; =>fresh
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
        let nullish = e.ops.new_dynamic_label();
        asm!(e.ops
            ; mov rax, rbx
            ; shr rax, TAG_SHIFT as i8
            ; cmp eax, TAG_OBJECT as i32
            ; je =>truthy
            ; cmp eax, TAG_INT as i32
            ; jne =>nullish
            ; test ebx, ebx
            ; jnz =>truthy
            ; jmp =>falsy
            ; =>nullish
            ; mov rax, rbx
            ; or rax, 1
            ; mov rcx, QWORD Value::NULL.0 as i64
            ; cmp rax, rcx
            ; je =>falsy
            ; jmp =>slow
        );
    });
}
