//! Named loads and stores and global variable accesses through the site's cache (`tetra_vm::tiering::site_cache`):
//! the receiver's shape is compared with each entry's in turn, and a hit reads or writes the slot the entry names
//! (in the object or its out-of-line vector, of the receiver or of a prototype while the prototype epoch is the
//! entry's), moves the receiver to a transition's shape, or reads an array's or a primitive string's length.
//! Only an own in-object property is inline (as short as a monomorphic check): the other kinds of entries are
//! handled in cold code. A miss calls the stub (the interpreter's IC), then the cache is rebuilt from the feedback
//! the stub leaves.

use crate::emit::{Emitter, asm};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::bytecode::Op;
use tetra_vm::feedback::MAX_POLY;
use tetra_vm::object::FLAG_ARRAY;
use tetra_vm::string::STRING_LENGTH_OFFSET;
use tetra_vm::tiering::runtime;
use tetra_vm::tiering::site_cache::{
    ENTRY_EPOCH, ENTRY_FAST, ENTRY_KIND, ENTRY_OFFSET, ENTRY_SIZE, ENTRY_TARGET, ENTRY_VECTOR, GENERIC,
    KIND_ARRAY_LENGTH, KIND_STRING_LENGTH, OBJECT_LENGTH_OFFSET, SiteMode, VM_GLOBAL_OFFSET, VM_STRING_IC_SHAPE_OFFSET,
};
use tetra_vm::value::{TAG_OBJECT, TAG_SHIFT, TAG_STRING};

/// GetNamedProperty (`store` false: acc = obj.name) or SetNamedProperty / DefineNamedOwnProperty (obj.name = acc).
pub(crate) fn property(e: &mut Emitter, pc: u32, next: u32, op: Op, obj: i16, slot: u16, store: bool) {
    let resume = e.label(next);
    let cache = e.new_cache();
    let mode = if store { SiteMode::Store } else { SiteMode::Load };
    let slow = e.defer_ic(pc, crate::visit::stub(op), resume, cache, slot, mode);
    // Loads from primitive strings have their own entries; stores to primitives all take the stub.
    let primitive = if store { slow } else { e.ops.new_dynamic_label() };
    asm!(e.ops
        ; mov rax, QWORD [r12 + obj as i32 * 8]
        ; mov rcx, rax
        ; shr rcx, TAG_SHIFT as i8
        ; cmp ecx, TAG_OBJECT as i32
        ; jne =>primitive
        ; shl rax, 16
        ; shr rax, 16
        ; mov rcx, QWORD [rax + runtime::OBJECT_SHAPE_OFFSET as i32]
    );
    find_entry(e, cache, MAX_POLY, slow);
    hit(e, resume, slow, store);
    if !store {
        e.cold(primitive, move |e| string_load(e, cache, resume, slow));
    }
}

/// A load from the primitive string in rax (whose tag is in ecx), through the entries cached for the realm's
/// string shape: its `length`, or a property of a prototype (the interpreter's `string_load_hit`).
fn string_load(e: &mut Emitter, cache: usize, resume: DynamicLabel, slow: DynamicLabel) {
    let cx_vm = runtime::CX_VM_OFFSET as i32;
    let proto = e.ops.new_dynamic_label();
    asm!(e.ops
        ; cmp ecx, TAG_STRING as i32
        ; jne =>slow
        ; shl rax, 16
        ; shr rax, 16
        ; mov rcx, QWORD [r13 + cx_vm]
        ; mov rcx, QWORD [rcx + VM_STRING_IC_SHAPE_OFFSET as i32]
    );
    find_entry(e, cache, MAX_POLY, slow);
    asm!(e.ops
        ; cmp QWORD [rdx + ENTRY_KIND as i32], KIND_STRING_LENGTH as i32
        ; jne =>proto
        ; mov eax, DWORD [rax + STRING_LENGTH_OFFSET as i32]
    );
    e.box_int_rax_to_acc();
    asm!(e.ops
        ; jmp =>resume
        ; =>proto
        ; mov rcx, QWORD [rdx + ENTRY_TARGET as i32]
        ; test rcx, rcx
        ; jz =>slow
    );
    check_epoch(e, slow);
    asm!(e.ops; mov rax, rcx);
    slot_address(e);
    asm!(e.ops
        ; mov rbx, QWORD [rax]
        ; jmp =>resume
    );
}

/// LdaGlobal (acc = the global's value) or StaGlobal: the realm's global object is the receiver, and the cache
/// holds at most the one entry of the interpreter's monomorphic fast path.
pub(crate) fn global(e: &mut Emitter, pc: u32, next: u32, op: Op, slot: u16, store: bool) {
    let resume = e.label(next);
    let cache = e.new_cache();
    let slow = e.defer_ic(pc, crate::visit::stub(op), resume, cache, slot, SiteMode::Global);
    let cx_vm = runtime::CX_VM_OFFSET as i32;
    // The global object is always an object: only its tag needs removing.
    asm!(e.ops
        ; mov rax, QWORD [r13 + cx_vm]
        ; mov rax, QWORD [rax + VM_GLOBAL_OFFSET as i32]
        ; shl rax, 16
        ; shr rax, 16
        ; mov rcx, QWORD [rax + runtime::OBJECT_SHAPE_OFFSET as i32]
    );
    find_entry(e, cache, 1, slow);
    hit(e, resume, slow, store);
}

/// With the receiver at rax and its entry at rdx: an own in-object property inline, anything else in cold code.
fn hit(e: &mut Emitter, resume: DynamicLabel, slow: DynamicLabel, store: bool) {
    let cold = e.ops.new_dynamic_label();
    asm!(e.ops
        ; mov rcx, QWORD [rdx + ENTRY_FAST as i32]
        ; test ecx, GENERIC as i32
        ; jnz =>cold
    );
    if store {
        asm!(e.ops; mov QWORD [rax + rcx], rbx);
    } else {
        asm!(e.ops; mov rbx, QWORD [rax + rcx]);
    }
    e.cold(cold, move |e| {
        if store {
            store_hit(e, slow);
        } else {
            load_hit(e, slow);
        }
        asm!(e.ops; jmp =>resume);
    });
}

/// With the receiver's shape in rcx: rdx = the first of the cache's `entries` entries for it (to `slow` when there
/// is none). Empty entries hold shape 0, which no receiver has.
fn find_entry(e: &mut Emitter, cache: usize, entries: usize, slow: DynamicLabel) {
    let hit = e.ops.new_dynamic_label();
    asm!(e.ops; mov rdx, QWORD cache as i64);
    for i in 0..entries {
        if i > 0 {
            asm!(e.ops; add rdx, ENTRY_SIZE as i32);
        }
        if i + 1 < entries {
            asm!(e.ops; cmp rcx, QWORD [rdx]; je =>hit);
        } else {
            asm!(e.ops; cmp rcx, QWORD [rdx]; jne =>slow);
        }
    }
    asm!(e.ops; =>hit);
}

/// Jumps to `slow` unless the VM's prototype epoch is the one of the entry at rdx. Clobbers r8.
fn check_epoch(e: &mut Emitter, slow: DynamicLabel) {
    let (cx_vm, epoch) = (runtime::CX_VM_OFFSET as i32, runtime::VM_PROTO_EPOCH_OFFSET as i32);
    asm!(e.ops
        ; mov r8, QWORD [r13 + cx_vm]
        ; mov r8d, DWORD [r8 + epoch]
        ; cmp r8, QWORD [rdx + ENTRY_EPOCH as i32]
        ; jne =>slow
    );
}

/// With the object holding the value at rax and its entry at rdx: rax = the value's address. Clobbers rcx.
fn slot_address(e: &mut Emitter) {
    let in_object = e.ops.new_dynamic_label();
    asm!(e.ops
        ; mov rcx, QWORD [rdx + ENTRY_VECTOR as i32]
        ; test rcx, rcx
        ; jz =>in_object
        ; mov rax, QWORD [rax + rcx]
        ; =>in_object
        ; add rax, QWORD [rdx + ENTRY_OFFSET as i32]
    );
}

/// acc = the property of the receiver at rax, per its entry at rdx.
fn load_hit(e: &mut Emitter, slow: DynamicLabel) {
    let flags = runtime::OBJECT_FLAGS_OFFSET as i32;
    let length = e.ops.new_dynamic_label();
    let done = e.ops.new_dynamic_label();
    let own = e.ops.new_dynamic_label();
    asm!(e.ops
        ; cmp QWORD [rdx + ENTRY_KIND as i32], KIND_ARRAY_LENGTH as i32
        ; je =>length
        ; cmp QWORD [rdx + ENTRY_KIND as i32], KIND_STRING_LENGTH as i32
        ; je =>slow
        ; mov rcx, QWORD [rdx + ENTRY_TARGET as i32]
        ; test rcx, rcx
        ; jz =>own
    );
    check_epoch(e, slow);
    asm!(e.ops
        ; mov rax, rcx
        ; =>own
    );
    slot_address(e);
    asm!(e.ops
        ; mov rbx, QWORD [rax]
        ; jmp =>done
        // An array's length: an int32 up to i32::MAX, a double beyond (the stub boxes it).
        ; =>length
        ; test WORD [rax + flags], FLAG_ARRAY as i16
        ; jz =>slow
        ; mov eax, DWORD [rax + OBJECT_LENGTH_OFFSET as i32]
        ; test eax, eax
        ; js =>slow
    );
    e.box_int_rax_to_acc();
    asm!(e.ops; =>done);
}

/// The property of the receiver at rax = acc, per its entry at rdx (an own slot, or a transition first).
fn store_hit(e: &mut Emitter, slow: DynamicLabel) {
    let shape = runtime::OBJECT_SHAPE_OFFSET as i32;
    let own = e.ops.new_dynamic_label();
    asm!(e.ops
        ; mov rcx, QWORD [rdx + ENTRY_TARGET as i32]
        ; test rcx, rcx
        ; jz =>own
    );
    check_epoch(e, slow);
    asm!(e.ops
        ; mov QWORD [rax + shape], rcx
        ; =>own
    );
    slot_address(e);
    asm!(e.ops; mov QWORD [rax], rbx);
}
