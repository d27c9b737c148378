//! Keyed loads and stores on dense elements, inline at keyed sites whose feedback did not settle on a typed array
//! kind (those take `elements.rs`): the interpreter's own fast halves (`interp::ic::dense_load` and
//! `keyed_store_in_place`) for their common case, which records no feedback.
//!
//! The load: an object receiver, an int32 key inside its dense elements, and an element that is not a hole. The
//! store: the same, on an object whose flags allow dense stores (no `FLAG_SLOW_ELEMENTS`, not a prototype), writing
//! over an element that is not a hole, or into a hole of an extensible array while no prototype has indexed
//! properties (the VM's protector: no setter can be in the way), or, at a megamorphic site, an append to an array
//! with room for it (`append`). Everything else (other holes and appends, negative or non-int32 keys, typed arrays,
//! private names, primitives) calls the bytecode's stub, which is the interpreter's handler.

use crate::emit::{Emitter, asm};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::Op;
use tetra_vm::feedback::FeedbackSlot;
use tetra_vm::object::{FLAG_ARRAY, FLAG_EXTENSIBLE, FLAG_LENGTH_READONLY, FLAG_PROTOTYPE, FLAG_SLOW_ELEMENTS};
use tetra_vm::tiering::runtime::{self, OBJECT_ELEMENTS_OFFSET, thin_vec_capacity_offset, thin_vec_data_offset};
use tetra_vm::tiering::site_cache::OBJECT_LENGTH_OFFSET;
use tetra_vm::value::Value;

/// `acc = obj[acc]`.
pub(crate) fn load(e: &mut Emitter, pc: u32, next: u32, op: Op, obj: i16) {
    let resume = e.label(next);
    let slow = e.defer(pc, crate::visit::stub(op), resume, None);
    asm!(e.ops; mov rcx, rbx);
    element_slot(e, obj, slow, slow);
    let data = thin_vec_data_offset() as i32;
    asm!(e.ops
        ; mov rax, QWORD [rdx + rcx * 8 + data]
        ; mov r8, QWORD Value::HOLE.0 as i64
        ; cmp rax, r8
        ; je =>slow
        ; mov rbx, rax
    );
}

/// `obj[key] = acc`. At a site whose feedback is already megamorphic (as the interpreter's slow half leaves a site
/// that appended: there is nothing left to record), also an append to an array with room for it.
pub(crate) fn store(e: &mut Emitter, pc: u32, next: u32, op: Op, obj: i16, key: i16, slot: u16) {
    let resume = e.label(next);
    let slow = e.defer(pc, crate::visit::stub(op), resume, None);
    let megamorphic = matches!(e.t.feedback_mut()[slot as usize], FeedbackSlot::Megamorphic);
    let outside = if megamorphic { e.ops.new_dynamic_label() } else { slow };
    asm!(e.ops; mov rcx, QWORD [r12 + key as i32 * 8]);
    element_slot(e, obj, slow, outside);
    if megamorphic {
        e.cold(outside, move |e| append(e, resume, slow));
    }
    let data = thin_vec_data_offset() as i32;
    let flags = runtime::OBJECT_FLAGS_OFFSET as i32;
    let hole = e.ops.new_dynamic_label();
    asm!(e.ops
        ; test WORD [rax + flags], (FLAG_SLOW_ELEMENTS | FLAG_PROTOTYPE) as i16
        ; jnz =>slow
        ; lea rdx, [rdx + rcx * 8 + data]
        ; mov r8, QWORD Value::HOLE.0 as i64
        ; cmp QWORD [rdx], r8
        ; je =>hole
        ; mov QWORD [rdx], rbx
    );
    let (cx_vm, protector) = (runtime::CX_VM_OFFSET as i32, runtime::VM_NO_INDEXED_PROTOTYPES_OFFSET as i32);
    e.cold(hole, move |e| {
        asm!(e.ops
            ; movzx ecx, WORD [rax + flags]
            ; and ecx, (FLAG_ARRAY | FLAG_EXTENSIBLE) as i32
            ; cmp ecx, (FLAG_ARRAY | FLAG_EXTENSIBLE) as i32
            ; jne =>slow
            ; mov rcx, QWORD [r13 + cx_vm]
            ; cmp BYTE [rcx + protector], 0
            ; je =>slow
            ; mov QWORD [rdx], rbx
            ; jmp =>resume
        );
    });
}

/// The interpreter's `keyed_store_fast` append, when the elements have room (growing them allocates: the stub
/// does it): with the receiver at rax, a key at or past its dense length in rcx and the elements' header in rdx,
/// an array whose length is its element count, extensible, with a writable length, dense elements and no
/// prototype role, while no prototype has indexed properties.
fn append(e: &mut Emitter, resume: DynamicLabel, slow: DynamicLabel) {
    let flags = runtime::OBJECT_FLAGS_OFFSET as i32;
    let (cx_vm, protector) = (runtime::CX_VM_OFFSET as i32, runtime::VM_NO_INDEXED_PROTOTYPES_OFFSET as i32);
    let (capacity, data) = (thin_vec_capacity_offset() as i32, thin_vec_data_offset() as i32);
    let checked = FLAG_ARRAY | FLAG_EXTENSIBLE | FLAG_LENGTH_READONLY | FLAG_SLOW_ELEMENTS | FLAG_PROTOTYPE;
    asm!(e.ops
        ; cmp rcx, QWORD [rdx]
        ; jne =>slow
        ; movzx r8d, WORD [rax + flags]
        ; and r8d, checked as i32
        ; cmp r8d, (FLAG_ARRAY | FLAG_EXTENSIBLE) as i32
        ; jne =>slow
        ; mov r8d, DWORD [rax + OBJECT_LENGTH_OFFSET as i32]
        ; cmp r8, rcx
        ; jne =>slow
        ; cmp rcx, QWORD [rdx + capacity]
        ; jae =>slow
        ; mov r8, QWORD [r13 + cx_vm]
        ; cmp BYTE [r8 + protector], 0
        ; je =>slow
        ; mov QWORD [rdx + rcx * 8 + data], rbx
        ; inc QWORD [rdx]
        ; inc DWORD [rax + OBJECT_LENGTH_OFFSET as i32]
        ; jmp =>resume
    );
}

/// With the key value in rcx: checks that the receiver in register `obj` is an object and the key an int32 below
/// its dense length. Leaves the receiver's address in rax, the key in rcx and the elements' header in rdx (to
/// `slow` otherwise, or to `outside` when the key is an int32 at or past the length). Clobbers r8.
fn element_slot(e: &mut Emitter, obj: i16, slow: DynamicLabel, outside: DynamicLabel) {
    let elements = OBJECT_ELEMENTS_OFFSET as i32;
    crate::elements::int32_key_and_object(e, obj, slow);
    asm!(e.ops
        // The elements' `ThinVec` sits in the object's header; its buffer's header starts with the length.
        ; mov rdx, QWORD [rax + elements]
        ; cmp rcx, QWORD [rdx]
        ; jae =>outside
    );
}
