//! Keyed loads and stores on typed arrays, inline for the element kind the site's feedback recorded
//! (`FeedbackSlot::TypedElements` with one kind), as V8's keyed ICs have a handler per elements kind.
//!
//! The fast path checks the receiver (an object with `FLAG_TYPED_ARRAY` whose kind byte is the site's kind), the
//! key (an int32 below the view's fixed length), and that the buffer still holds the view and the element (a
//! detached buffer has no bytes; a resizable one may have shrunk; a length-tracking view ends with it), then loads
//! or stores the element with the spec's conversion. Anything else (another kind, a dense array, a
//! key or value to convert, out of bounds) calls the bytecode's stub, which is the interpreter's handler: the
//! tiers cannot disagree, and the stub records the feedback.

use crate::emit::{Emitter, asm};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::builtins::typed_array::kinds::ElementKind;
use tetra_vm::bytecode::Op;
use tetra_vm::object::FLAG_TYPED_ARRAY;
use tetra_vm::tiering::runtime;
use tetra_vm::tiering::typed_elements::{has_inline_path, layout};
use tetra_vm::value::{FIRST_TAGGED, TAG_INT, TAG_OBJECT, TAG_SHIFT};

/// The element kind a keyed site's feedback settled on, if baseline has an inline path for it.
pub(crate) fn site_kind(e: &Emitter, slot: u16) -> Option<ElementKind> {
    e.t.feedback_mut()[slot as usize].typed_element_kind().filter(|&k| has_inline_path(k))
}

/// `acc = obj[acc]` on a typed array of `kind`.
pub(crate) fn load(e: &mut Emitter, pc: u32, next: u32, op: Op, obj: i16, kind: ElementKind) {
    let resume = e.label(next);
    let slow = e.defer(pc, crate::visit::stub(op), resume, None);
    asm!(e.ops; mov rcx, rbx);
    element_address(e, obj, kind, slow);
    match kind {
        ElementKind::Int8 => asm!(e.ops; movsx eax, BYTE [rdx]),
        ElementKind::Uint8 | ElementKind::Uint8Clamped => asm!(e.ops; movzx eax, BYTE [rdx]),
        ElementKind::Int16 => asm!(e.ops; movsx eax, WORD [rdx]),
        ElementKind::Uint16 => asm!(e.ops; movzx eax, WORD [rdx]),
        ElementKind::Int32 => asm!(e.ops; mov eax, DWORD [rdx]),
        ElementKind::Uint32 => {
            // Above i32::MAX it is a double (never NaN, never an int32: boxed as its bits).
            let done = e.ops.new_dynamic_label();
            let int = e.ops.new_dynamic_label();
            asm!(e.ops
                ; mov eax, DWORD [rdx]
                ; test eax, eax
                ; jns =>int
                ; cvtsi2sd xmm0, rax
                ; movq rbx, xmm0
                ; jmp =>done
                ; =>int
            );
            e.box_int_rax_to_acc();
            asm!(e.ops; =>done);
            return;
        }
        ElementKind::Float32 => {
            asm!(e.ops; cvtss2sd xmm0, DWORD [rdx]);
            e.xmm0_to_acc();
            return;
        }
        ElementKind::Float64 => {
            asm!(e.ops; movsd xmm0, QWORD [rdx]);
            e.xmm0_to_acc();
            return;
        }
        // No inline path (`site_kind` never picks these): the stub.
        ElementKind::Float16 | ElementKind::BigInt64 | ElementKind::BigUint64 => {
            asm!(e.ops; jmp =>slow);
            return;
        }
    }
    e.box_int_rax_to_acc();
}

/// `obj[key] = acc` on a typed array of `kind`: an int32 or a double converted to the element type.
pub(crate) fn store(e: &mut Emitter, pc: u32, next: u32, op: Op, obj: i16, key: i16, kind: ElementKind) {
    let resume = e.label(next);
    let slow = e.defer(pc, crate::visit::stub(op), resume, None);
    asm!(e.ops; mov rcx, QWORD [r12 + key as i32 * 8]);
    element_address(e, obj, kind, slow);
    // eax = the int32 value (to `double` for a double, to `slow` for anything else).
    let double = e.ops.new_dynamic_label();
    asm!(e.ops
        ; mov rax, rbx
        ; shr rax, TAG_SHIFT as i8
        ; cmp eax, TAG_INT as i32
        ; jne =>double
        ; mov eax, ebx
    );
    match kind {
        ElementKind::Float32 | ElementKind::Float64 => {
            let store = e.ops.new_dynamic_label();
            asm!(e.ops; cvtsi2sd xmm0, eax; jmp =>store; =>double);
            double_or_slow(e, slow);
            asm!(e.ops; =>store);
            match kind {
                ElementKind::Float32 => asm!(e.ops; cvtsd2ss xmm0, xmm0; movss DWORD [rdx], xmm0),
                _ => asm!(e.ops; movsd QWORD [rdx], xmm0),
            }
            asm!(e.ops; jmp =>resume);
            return;
        }
        ElementKind::Uint8Clamped => {
            // ToUint8Clamp of an int32: below 0 is 0, above 255 is 255. A double's rounding is the stub's.
            asm!(e.ops
                ; xor r8d, r8d
                ; test eax, eax
                ; cmovs eax, r8d
                ; mov r8d, 255
                ; cmp eax, r8d
                ; cmovg eax, r8d
                ; mov BYTE [rdx], al
                ; jmp =>resume
                ; =>double
                ; jmp =>slow
            );
            return;
        }
        // No inline path (`site_kind` never picks these): the stub.
        ElementKind::Float16 | ElementKind::BigInt64 | ElementKind::BigUint64 => {
            asm!(e.ops; =>double; jmp =>slow);
            return;
        }
        _ => {}
    }
    // The integer kinds keep the low bits of ToInt32: of a double, the low half of its 64-bit truncation, unless
    // that overflowed (the "indefinite" value, also NaN's and the infinities'), which the stub converts.
    let int = e.ops.new_dynamic_label();
    asm!(e.ops; jmp =>int; =>double);
    double_or_slow(e, slow);
    asm!(e.ops
        ; cvttsd2si rax, xmm0
        ; mov r8, QWORD i64::MIN
        ; cmp rax, r8
        ; je =>slow
        ; =>int
    );
    match kind {
        ElementKind::Int8 | ElementKind::Uint8 => asm!(e.ops; mov BYTE [rdx], al),
        ElementKind::Int16 | ElementKind::Uint16 => asm!(e.ops; mov WORD [rdx], ax),
        _ => asm!(e.ops; mov DWORD [rdx], eax),
    }
}

/// xmm0 = the double in rbx (known not to be an int32); to `slow` if it is no number.
fn double_or_slow(e: &mut Emitter, slow: DynamicLabel) {
    asm!(e.ops
        ; mov rax, QWORD FIRST_TAGGED as i64
        ; cmp rbx, rax
        ; jae =>slow
        ; movq xmm0, rbx
    );
}

/// With the key value in rcx: to `slow` unless it is an int32 and register `obj` holds an object; leaves the key
/// sign-extended in rcx (a negative index compares above any length) and the object's address in rax. Clobbers rdx.
pub(crate) fn int32_key_and_object(e: &mut Emitter, obj: i16, slow: DynamicLabel) {
    asm!(e.ops
        ; mov rax, rcx
        ; shr rax, TAG_SHIFT as i8
        ; cmp eax, TAG_INT as i32
        ; jne =>slow
        ; movsxd rcx, ecx
        ; mov rax, QWORD [r12 + obj as i32 * 8]
        ; mov rdx, rax
        ; shr rdx, TAG_SHIFT as i8
        ; cmp edx, TAG_OBJECT as i32
        ; jne =>slow
        ; shl rax, 16
        ; shr rax, 16
    );
}

/// With the key value in rcx: checks the receiver in register `obj` and the key, and leaves the element's address
/// in rdx (to `slow` when anything does not hold; the tests are `View`'s). Clobbers rax, rcx, r8 and r9.
fn element_address(e: &mut Emitter, obj: i16, kind: ElementKind, slow: DynamicLabel) {
    let l = layout();
    let (flags, cap) = (runtime::OBJECT_FLAGS_OFFSET as i32, runtime::OBJECT_INLINE_CAP_OFFSET as i32);
    let size = kind.size() as i32;
    int32_key_and_object(e, obj, slow);
    asm!(e.ops
        // The receiver: a typed array of this kind.
        ; test WORD [rax + flags], FLAG_TYPED_ARRAY as i16
        ; jz =>slow
        ; movzx edx, WORD [rax + cap]
        ; lea rax, [rax + rdx * 8]
        ; cmp BYTE [rax + l.kind], kind as i8
        ; jne =>slow
        // Its view: the index within the fixed length, the buffer long enough for the view and the element.
        ; mov rax, QWORD [rax + l.view]
        ; cmp rcx, QWORD [rax + l.fixed_length]
        ; jae =>slow
        ; mov rdx, QWORD [rax + l.data]
        ; mov r8, QWORD [rdx + l.byte_length]
        ; cmp r8, QWORD [rax + l.fixed_end]
        ; jb =>slow
        ; imul rcx, rcx, size
        ; add rcx, QWORD [rax + l.byte_offset]
        ; lea r9, [rcx + size]
        ; cmp r9, r8
        ; ja =>slow
        ; mov rdx, QWORD [rdx + l.bytes]
        ; add rdx, rcx
    );
}
