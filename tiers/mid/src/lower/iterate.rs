//! Lowering of `ArrayIteratorNext`: a for-of step over an array inline, the interpreter's fast step
//! (`Vm::array_iterator_fast_step`) in machine code.
//!
//! Invariants:
//! - The inline step is taken only where the interpreter's would be, and a little less: a values iterator over an
//!   array (`FLAG_ARRAY_VALUES_ITERATOR`), with no own properties (the VM's array iterator shape), while
//!   `%ArrayIteratorPrototype%.next` is the builtin (the VM's `ArrayIteratorNextCheck` holds), over an
//!   array with dense elements and no hole at the index. Everything else (another iterator, a hole) runs the
//!   instruction's routine, after the spills.
//! - Done: the iterator's target becomes undefined (as the interpreter's), the status is `STUB_JUMP` and the value
//!   the accumulator as it was.

use super::*;
use tetra_vm::object::{FLAG_ARRAY, FLAG_ARRAY_VALUES_ITERATOR, FLAG_SLOW_ELEMENTS};
use tetra_vm::tiering::runtime::{
    VM_ARRAY_ITERATOR_NEXT_BUILTIN_OFFSET, VM_ARRAY_ITERATOR_NEXT_PROTOTYPE_OFFSET,
    VM_ARRAY_ITERATOR_NEXT_SHAPE_OFFSET, VM_ARRAY_ITERATOR_NEXT_SLOT_OFFSET, VM_ARRAY_ITERATOR_SHAPE_OFFSET,
};

impl Lower<'_, '_> {
    pub(super) fn array_iterator_next(
        &mut self,
        n: NodeId,
        pc: u32,
        iterator: NodeId,
        acc: NodeId,
        spills: &[(i16, NodeId)],
    ) -> Result<ClValue, String> {
        let it = self.get(iterator, Repr::Tagged)?;
        let acc_v = self.get(acc, Repr::Tagged)?;
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I64);
        let status = self.b.append_block_param(done, types::I64);
        let jump_status = self.iconst64(STUB_JUMP);

        // The iterator: a plain array values iterator, with `next` intact at this epoch.
        let iterator = FLAG_ARRAY_VALUES_ITERATOR as u32;
        let ptr = self.object_with_flags(it, iterator, iterator, slow);
        let vm = self.b.ins().load(types::I64, flags(), self.cx, CX_VM_OFFSET as i32);
        let shape = self.b.ins().load(types::I64, flags(), ptr, OBJECT_SHAPE_OFFSET as i32);
        let plain = self.b.ins().load(types::I64, flags(), vm, VM_ARRAY_ITERATOR_SHAPE_OFFSET as i32);
        let own_properties = self.b.ins().icmp(IntCC::NotEqual, shape, plain);
        self.branch_to_slow(own_properties, slow);
        // `next` intact: the VM's cached check holds (its prototype has the shape, the slot the builtin); an
        // empty check (shape 0) sends the step to the routine, which fills it.
        let cached_shape = self.b.ins().load(types::I64, flags(), vm, VM_ARRAY_ITERATOR_NEXT_SHAPE_OFFSET as i32);
        let unknown = self.b.ins().icmp_imm_u(IntCC::Equal, cached_shape, 0);
        self.branch_to_slow(unknown, slow);
        let proto = self.b.ins().load(types::I64, flags(), vm, VM_ARRAY_ITERATOR_NEXT_PROTOTYPE_OFFSET as i32);
        let proto_shape = self.b.ins().load(types::I64, flags(), proto, OBJECT_SHAPE_OFFSET as i32);
        let moved = self.b.ins().icmp(IntCC::NotEqual, proto_shape, cached_shape);
        self.branch_to_slow(moved, slow);
        let slot = self.b.ins().load(types::I64, flags(), vm, VM_ARRAY_ITERATOR_NEXT_SLOT_OFFSET as i32);
        let next = self.b.ins().load(types::I64, flags(), slot, 0);
        let builtin = self.b.ins().load(types::I64, flags(), vm, VM_ARRAY_ITERATOR_NEXT_BUILTIN_OFFSET as i32);
        let replaced = self.b.ins().icmp(IntCC::NotEqual, next, builtin);
        self.branch_to_slow(replaced, slow);
        let (target_at, index_at) = tetra_vm::tiering::runtime::iterator_field_offsets();
        let body = self.object_body(ptr);
        let target = self.b.ins().load(types::I64, flags(), body, target_at as i32);

        // Done before (the target was dropped): done again.
        let finished = self.b.ins().icmp_imm_u(IntCC::Equal, target, Value::UNDEFINED.0 as i64);
        let going = self.b.create_block();
        self.b.ins().brif(finished, done, &[BlockArg::Value(acc_v), BlockArg::Value(jump_status)], going, &[]);
        self.b.switch_to_block(going);

        // The target: an array with dense elements.
        let ttag = self.b.ins().ushr_imm_u(target, TAG_SHIFT as i64);
        let not_object = self.b.ins().icmp_imm_u(IntCC::NotEqual, ttag, TAG_OBJECT as i64);
        self.branch_to_slow(not_object, slow);
        let mask = self.iconst64(PAYLOAD_MASK);
        let tptr = self.b.ins().band(target, mask);
        let tf = self.b.ins().uload16(types::I32, flags(), tptr, OBJECT_FLAGS_OFFSET as i32);
        let tkind = self.b.ins().band_imm_u(tf, (FLAG_ARRAY | FLAG_SLOW_ELEMENTS) as i64);
        let not_dense_array = self.b.ins().icmp_imm_u(IntCC::NotEqual, tkind, FLAG_ARRAY as i64);
        self.branch_to_slow(not_dense_array, slow);
        let index = self.b.ins().uload32(flags(), body, index_at as i32);
        let length = self.b.ins().uload32(flags(), tptr, ARRAY_LENGTH_OFFSET as i32);
        let past_end = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, length);
        let at_end = self.b.create_block();
        let inside = self.b.create_block();
        self.b.ins().brif(past_end, at_end, &[], inside, &[]);

        // The end: drop the target, as the interpreter does, and leave the loop.
        self.b.switch_to_block(at_end);
        let undefined = self.iconst64(Value::UNDEFINED.0);
        self.b.ins().store(flags(), undefined, body, target_at as i32);
        self.b.ins().jump(done, &[BlockArg::Value(acc_v), BlockArg::Value(jump_status)]);

        // The element at the index, unless it lies beyond the dense part or is a hole.
        self.b.switch_to_block(inside);
        let (_, element) = self.dense_element(tptr, index, slow);
        let hole = self.b.ins().icmp_imm_u(IntCC::Equal, element, Value::HOLE.0 as i64);
        self.branch_to_slow(hole, slow);
        let next_index = self.b.ins().iadd_imm_s(index, 1);
        let next_index = self.b.ins().ireduce(types::I32, next_index);
        self.b.ins().store(flags(), next_index, body, index_at as i32);
        let next_status = self.iconst64(STUB_NEXT);
        self.b.ins().jump(done, &[BlockArg::Value(element), BlockArg::Value(next_status)]);

        // Anything else: the instruction's routine on the completed frame.
        self.b.switch_to_block(slow);
        self.spill(spills)?;
        let (r, st) = self.call_routine(pc, acc_v);
        self.b.ins().jump(done, &[BlockArg::Value(r), BlockArg::Value(st)]);

        self.b.switch_to_block(done);
        self.after_routine(n, pc, result, status);
        Ok(result)
    }
}
