//! `IteratorNext` of a for-of loop over an array, inline: the interpreter's `Vm::array_iterator_fast_step` in
//! machine code, under the same conditions as mid's (`tiers/mid/src/lower/iterate.rs`), which are a little
//! narrower than the interpreter's: a values iterator over an array (`FLAG_ARRAY_VALUES_ITERATOR`) without own
//! properties (the VM's array iterator shape), while `%ArrayIteratorPrototype%.next` is the builtin (the VM's
//! `ArrayIteratorNextCheck` holds), over an array without `FLAG_SLOW_ELEMENTS` and no hole at the index. At the
//! end the iterator drops its target, as the interpreter's step does. Anything else calls the stub.

use crate::emit::{Emitter, asm};
use dynasmrt::{DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::Op;
use tetra_vm::object::{FLAG_ARRAY, FLAG_ARRAY_VALUES_ITERATOR, FLAG_SLOW_ELEMENTS};
use tetra_vm::tiering::runtime::{
    self, OBJECT_ELEMENTS_OFFSET, VM_ARRAY_ITERATOR_NEXT_BUILTIN_OFFSET, VM_ARRAY_ITERATOR_NEXT_PROTOTYPE_OFFSET,
    VM_ARRAY_ITERATOR_NEXT_SHAPE_OFFSET, VM_ARRAY_ITERATOR_NEXT_SLOT_OFFSET, VM_ARRAY_ITERATOR_SHAPE_OFFSET,
    iterator_field_offsets, thin_vec_data_offset,
};
use tetra_vm::tiering::site_cache::OBJECT_LENGTH_OFFSET;
use tetra_vm::value::{TAG_OBJECT, TAG_SHIFT, Value};

/// `acc = the next element`, or a jump to `done` when the iteration is over.
pub(crate) fn array_next(e: &mut Emitter, pc: u32, next: u32, op: Op, iter: i16, done: u32) {
    let resume = e.label(next);
    let finished = e.label(done);
    let slow = e.defer(pc, crate::visit::stub(op), resume, Some(finished));
    let end = e.ops.new_dynamic_label();
    let (flags, shape, cap) = (
        runtime::OBJECT_FLAGS_OFFSET as i32,
        runtime::OBJECT_SHAPE_OFFSET as i32,
        runtime::OBJECT_INLINE_CAP_OFFSET as i32,
    );
    let cx_vm = runtime::CX_VM_OFFSET as i32;
    let (target_at, index_at) = iterator_field_offsets();
    let (target_at, index_at) = (target_at as i32, index_at as i32);
    let elements = OBJECT_ELEMENTS_OFFSET as i32;
    let data = thin_vec_data_offset() as i32;
    asm!(e.ops
        // The iterator.
        ; mov rax, QWORD [r12 + iter as i32 * 8]
        ; mov rcx, rax
        ; shr rcx, TAG_SHIFT as i8
        ; cmp ecx, TAG_OBJECT as i32
        ; jne =>slow
        ; shl rax, 16
        ; shr rax, 16
        ; test WORD [rax + flags], FLAG_ARRAY_VALUES_ITERATOR as i16
        ; jz =>slow
        ; mov r8, QWORD [r13 + cx_vm]
        ; mov rcx, QWORD [rax + shape]
        ; cmp rcx, QWORD [r8 + VM_ARRAY_ITERATOR_SHAPE_OFFSET as i32]
        ; jne =>slow
        // `next` intact: an empty check (shape 0) sends the step to the stub, which fills it.
        ; mov rcx, QWORD [r8 + VM_ARRAY_ITERATOR_NEXT_SHAPE_OFFSET as i32]
        ; test rcx, rcx
        ; jz =>slow
        ; mov rdx, QWORD [r8 + VM_ARRAY_ITERATOR_NEXT_PROTOTYPE_OFFSET as i32]
        ; cmp rcx, QWORD [rdx + shape]
        ; jne =>slow
        ; mov rdx, QWORD [r8 + VM_ARRAY_ITERATOR_NEXT_SLOT_OFFSET as i32]
        ; mov rdx, QWORD [rdx]
        ; cmp rdx, QWORD [r8 + VM_ARRAY_ITERATOR_NEXT_BUILTIN_OFFSET as i32]
        ; jne =>slow
        // rax = the iterator's body (its fields' offsets count from the object plus its in-object slots).
        ; movzx ecx, WORD [rax + cap]
        ; lea rax, [rax + rcx * 8]
        ; mov rcx, QWORD [rax + target_at]
        ; mov rdx, QWORD Value::UNDEFINED.0 as i64
        ; cmp rcx, rdx
        ; je =>finished
        // The target: an array with dense elements.
        ; mov rdx, rcx
        ; shr rdx, TAG_SHIFT as i8
        ; cmp edx, TAG_OBJECT as i32
        ; jne =>slow
        ; shl rcx, 16
        ; shr rcx, 16
        ; movzx edx, WORD [rcx + flags]
        ; and edx, (FLAG_ARRAY | FLAG_SLOW_ELEMENTS) as i32
        ; cmp edx, FLAG_ARRAY as i32
        ; jne =>slow
        ; mov edx, DWORD [rax + index_at]
        ; cmp edx, DWORD [rcx + OBJECT_LENGTH_OFFSET as i32]
        ; jae =>end
        // The element at the index, unless it lies beyond the dense part or is a hole.
        ; mov r8, QWORD [rcx + elements]
        ; cmp rdx, QWORD [r8]
        ; jae =>slow
        ; mov r9, QWORD [r8 + rdx * 8 + data]
        ; mov r8, QWORD Value::HOLE.0 as i64
        ; cmp r9, r8
        ; je =>slow
        ; inc edx
        ; mov DWORD [rax + index_at], edx
        ; mov rbx, r9
    );
    e.cold(end, move |e| {
        asm!(e.ops
            ; mov rdx, QWORD Value::UNDEFINED.0 as i64
            ; mov QWORD [rax + target_at], rdx
            ; jmp =>finished
        );
    });
}
