//! Lowering of property accesses: named loads and stores by shape (a switch over the cases, or straight into the
//! one the block already checked), element loads and stores with the interpreter's dense fast path inline, and the
//! object, slot and element addressing they share.
//!
//! Invariants:
//! - A shape check (or a known shape) comes before any read of a slot at the case's offset; a prototype holder's
//!   slot is read after its epoch check unless the code assumes the epoch (`Graph::lazy_epoch`).
//! - The element fast paths accept exactly what the interpreter's do (`ic::keyed_load_fast`, `keyed_store_in_place`);
//!   anything else runs the instruction's routine, or deopts in an inlined callee.

use super::*;

impl Lower<'_, '_> {
    /// The object pointer of a tagged value, deoptimising (NotAnObject) for anything else. Computed once per
    /// graph block (`Lower::pointers`): a pointer made on the block's straight-line path dominates the rest of it.
    pub(super) fn object_pointer(&mut self, object: NodeId, fs: FrameStateId) -> Result<ClValue, String> {
        if let Some(&p) = self.pointers.get(&object) {
            return Ok(p);
        }
        let v = self.get(object, Repr::Tagged)?;
        let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
        let bad = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_OBJECT as i64);
        self.deopt_if(bad, fs, DeoptReason::NotAnObject);
        let mask = self.iconst64(PAYLOAD_MASK);
        let p = self.b.ins().band(v, mask);
        self.pointers.insert(object, p);
        Ok(p)
    }

    /// Deopts (PrototypeChanged) unless the VM's prototype epoch is still `epoch`.
    pub(super) fn check_epoch(&mut self, epoch: u32, fs: FrameStateId) {
        if self.lazy_epoch == Some(epoch) {
            // Assumed: the code is invalidated when the epoch changes (`CheckInvalidated`).
            return;
        }
        let vm = self.b.ins().load(types::I64, flags(), self.cx, CX_VM_OFFSET as i32);
        let current = self.b.ins().load(types::I32, flags(), vm, VM_PROTO_EPOCH_OFFSET as i32);
        let changed = self.b.ins().icmp_imm_s(IntCC::NotEqual, current, epoch as i32 as i64);
        self.deopt_if(changed, fs, DeoptReason::PrototypeChanged);
    }

    /// The object's pointer and one block per shape case: checked (`object_pointer` and `shape_switch`), or, when the
    /// block checked the object's shape already (`known`, one case), straight into that case.
    pub(super) fn shape_cases(
        &mut self,
        object: NodeId,
        shapes: &[usize],
        fs: FrameStateId,
        known: bool,
    ) -> Result<(ClValue, Vec<Block>), String> {
        if !known {
            let ptr = self.object_pointer(object, fs)?;
            return Ok((ptr, self.shape_switch(ptr, shapes, fs)));
        }
        let ptr = self.known_object_pointer(object)?;
        let case = self.b.create_block();
        self.b.ins().jump(case, &[]);
        Ok((ptr, vec![case]))
    }

    /// The pointer of an object whose shape the block checked already (so it is an object).
    fn known_object_pointer(&mut self, object: NodeId) -> Result<ClValue, String> {
        if let Some(&p) = self.pointers.get(&object) {
            return Ok(p);
        }
        let v = self.get(object, Repr::Tagged)?;
        let mask = self.iconst64(PAYLOAD_MASK);
        let p = self.b.ins().band(v, mask);
        self.pointers.insert(object, p);
        Ok(p)
    }

    /// The pointer of `object` checked to have the one shape `shape` (or known to), on the straight-line path.
    fn single_shape_pointer(
        &mut self,
        object: NodeId,
        shape: usize,
        fs: FrameStateId,
        known: bool,
    ) -> Result<ClValue, String> {
        if known {
            return self.known_object_pointer(object);
        }
        let ptr = self.object_pointer(object, fs)?;
        let current = self.b.ins().load(types::I64, flags(), ptr, OBJECT_SHAPE_OFFSET as i32);
        let wrong = self.b.ins().icmp_imm_s(IntCC::NotEqual, current, shape as i64);
        self.deopt_if(wrong, fs, DeoptReason::WrongShape);
        Ok(ptr)
    }

    /// Dispatches on the receiver's shape: one block per case, and a deopt (WrongShape) when none matches. Returns
    /// the case blocks, each entered with nothing on it yet.
    pub(super) fn shape_switch(&mut self, ptr: ClValue, shapes: &[usize], fs: FrameStateId) -> Vec<Block> {
        let shape = self.b.ins().load(types::I64, flags(), ptr, OBJECT_SHAPE_OFFSET as i32);
        let mut blocks = Vec::new();
        for (i, &s) in shapes.iter().enumerate() {
            let expected = self.iconst64(s as u64);
            let hit = self.b.ins().icmp(IntCC::Equal, shape, expected);
            let case = self.b.create_block();
            if i + 1 == shapes.len() {
                let exit = self.exit_for(fs, DeoptReason::WrongShape);
                self.b.ins().brif(hit, case, &[], exit, &[]);
                blocks.push(case);
                break;
            }
            let miss = self.b.create_block();
            self.b.ins().brif(hit, case, &[], miss, &[]);
            blocks.push(case);
            self.b.switch_to_block(miss);
        }
        blocks
    }

    /// An element load (`value` None) or store with the interpreter's fast path inline: an object receiver, an
    /// int32 key inside its elements, and no hole (the routine handles holes, appends, named and exotic cases).
    /// Returns the loaded value, or the stored one.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn element(
        &mut self,
        n: NodeId,
        (object, object_known): (NodeId, bool),
        key: NodeId,
        value: Option<NodeId>,
        pc: u32,
        spills: &[(i16, NodeId)],
        fs: Option<FrameStateId>,
    ) -> Result<ClValue, String> {
        let obj = self.get(object, Repr::Tagged)?;
        let stored = match value {
            Some(v) => Some(self.get(v, Repr::Tagged)?),
            None => None,
        };
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I64);
        let index = match self.g.node(key).repr {
            Repr::Int32 => {
                let k = self.val(key)?;
                self.b.ins().sextend(types::I64, k)
            }
            Repr::Tagged => {
                let k = self.val(key)?;
                let tag = self.b.ins().ushr_imm_u(k, TAG_SHIFT as i64);
                let not_int = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_INT as i64);
                self.branch_to_slow(not_int, slow);
                let low = self.b.ins().ireduce(types::I32, k);
                self.b.ins().sextend(types::I64, low)
            }
            Repr::Float64 | Repr::Bool => {
                let yes = self.b.ins().iconst(types::I8, 1);
                self.branch_to_slow(yes, slow);
                self.b.ins().iconst(types::I64, 0)
            }
        };
        if !object_known {
            let tag = self.b.ins().ushr_imm_u(obj, TAG_SHIFT as i64);
            let not_object = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_OBJECT as i64);
            self.branch_to_slow(not_object, slow);
        }
        let mask = self.iconst64(PAYLOAD_MASK);
        let ptr = self.b.ins().band(obj, mask);
        if stored.is_some() {
            let f = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
            let special = self.b.ins().band_imm_u(f, (FLAG_SLOW_ELEMENTS | FLAG_PROTOTYPE) as i64);
            self.branch_to_slow(special, slow);
        }
        let (at, old) = self.dense_element(ptr, index, slow);
        // A hole of an array reads as undefined, and is filled in place if the array is extensible, while no
        // prototype has indexed properties (the interpreter's fast paths and protector: a prototype could otherwise
        // hold that index, or a setter for it); any other hole takes the slow path.
        let hole = self.b.ins().icmp_imm_s(IntCC::Equal, old, Value::HOLE.0 as i64);
        let hole_block = self.b.create_block();
        self.b.set_cold_block(hole_block);
        let cont = self.b.create_block();
        self.b.ins().brif(hole, hole_block, &[], cont, &[]);
        self.b.switch_to_block(hole_block);
        let (mask, want) = match stored {
            None => (FLAG_ARRAY | FLAG_SLOW_ELEMENTS, FLAG_ARRAY),
            Some(_) => (FLAG_ARRAY | FLAG_EXTENSIBLE, FLAG_ARRAY | FLAG_EXTENSIBLE),
        };
        let f = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
        let kind = self.b.ins().band_imm_u(f, mask as i64);
        let array = self.b.ins().icmp_imm_u(IntCC::Equal, kind, want as i64);
        let vm = self.b.ins().load(types::I64, flags(), self.cx, CX_VM_OFFSET as i32);
        let protector = self.b.ins().uload8(types::I32, flags(), vm, VM_NO_INDEXED_PROTOTYPES_OFFSET as i32);
        let intact = self.b.ins().icmp_imm_u(IntCC::NotEqual, protector, 0);
        let fast = self.b.ins().band(array, intact);
        match stored {
            None => {
                let undefined = self.iconst64(Value::UNDEFINED.0);
                self.b.ins().brif(fast, done, &[BlockArg::Value(undefined)], slow, &[]);
            }
            Some(_) => {
                self.b.ins().brif(fast, cont, &[], slow, &[]);
            }
        }
        self.b.switch_to_block(cont);
        let fast = match stored {
            Some(v) => {
                self.b.ins().store(flags(), v, at, self.vec_data);
                v
            }
            None => old,
        };
        self.b.ins().jump(done, &[BlockArg::Value(fast)]);
        self.b.switch_to_block(slow);
        if let Some(fs) = fs {
            self.deopt_jump(fs, DeoptReason::ElementAccess);
            self.b.switch_to_block(done);
            return Ok(result);
        }
        let acc = value.unwrap_or(key);
        let r = self.generic(n, pc, acc, spills)?;
        let r = match stored {
            Some(v) => v,
            None => r,
        };
        self.b.ins().jump(done, &[BlockArg::Value(r)]);
        self.b.switch_to_block(done);
        Ok(result)
    }

    /// The object at `ptr` plus 8 bytes per in-object slot: where offsets into its body (`ObjectBody`, measured
    /// payloads of its kind) start, less `size_of::<JsObject>()`.
    pub(super) fn object_body(&mut self, ptr: ClValue) -> ClValue {
        let cap = self.b.ins().uload16(types::I64, flags(), ptr, OBJECT_INLINE_CAP_OFFSET as i32);
        let cap_bytes = self.b.ins().ishl_imm_u(cap, 3);
        self.b.ins().iadd(ptr, cap_bytes)
    }

    /// The dense element `index` (an i64) of the object at `ptr`: the address its slot is at (`vec_data` bytes on)
    /// and its value; beyond the dense elements, to `slow`.
    pub(super) fn dense_element(&mut self, ptr: ClValue, index: ClValue, slow: Block) -> (ClValue, ClValue) {
        let header = self.b.ins().load(types::I64, flags(), ptr, OBJECT_ELEMENTS_OFFSET as i32);
        let len = self.b.ins().load(types::I64, flags(), header, 0);
        let outside = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, len);
        self.branch_to_slow(outside, slow);
        let offset = self.b.ins().ishl_imm_u(index, 3);
        let at = self.b.ins().iadd(header, offset);
        let value = self.b.ins().load(types::I64, flags(), at, self.vec_data);
        (at, value)
    }

    pub(super) fn branch_to_slow(&mut self, cond: ClValue, slow: Block) {
        let cont = self.b.create_block();
        self.b.ins().brif(cond, slow, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Base and offset of a slot of the object at `ptr`.
    pub(super) fn slot_address(&mut self, ptr: ClValue, at: SlotAt) -> (ClValue, i32) {
        match at {
            SlotAt::InObject { offset } => (ptr, offset),
            SlotAt::OutOfLine { vector, index } => {
                let header = self.b.ins().load(types::I64, flags(), ptr, vector);
                (header, self.vec_data + index * 8)
            }
        }
    }

    pub(super) fn load_slot(&mut self, ptr: ClValue, at: SlotAt) -> ClValue {
        let (base, offset) = self.slot_address(ptr, at);
        self.b.ins().load(types::I64, flags(), base, offset)
    }

    pub(super) fn load_named(
        &mut self,
        object: NodeId,
        cases: &[LoadCase],
        fs: FrameStateId,
        known: bool,
    ) -> Result<ClValue, String> {
        if let [case] = cases
            && !case.string
            && let FieldSource::Own { at } = case.source
        {
            // One shape, an own slot: straight-line (no case block, no merge).
            let ptr = self.single_shape_pointer(object, case.shape, fs, known)?;
            return Ok(self.load_slot(ptr, at));
        }
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I64);
        // A primitive string receiver has no shape: its case is chosen by the tag.
        if let Some(case) = cases.iter().find(|c| c.string) {
            let v = self.get(object, Repr::Tagged)?;
            let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
            let is_string = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_STRING as i64);
            let string_block = self.b.create_block();
            let other = self.b.create_block();
            self.b.ins().brif(is_string, string_block, &[], other, &[]);
            self.b.switch_to_block(string_block);
            let value = match case.source {
                FieldSource::StringLength => {
                    let mask = self.iconst64(PAYLOAD_MASK);
                    let ptr = self.b.ins().band(v, mask);
                    let len = self.b.ins().load(types::I32, flags(), ptr, STRING_LENGTH_OFFSET as i32);
                    self.box_int32(len)
                }
                FieldSource::Proto { holder, at, epoch } => {
                    self.check_epoch(epoch, fs);
                    let h = self.iconst64(holder as u64);
                    self.load_slot(h, at)
                }
                FieldSource::Own { .. } | FieldSource::ArrayLength | FieldSource::TypedArrayLength { .. } => {
                    return Err("a string-receiver case that is not length or a prototype load".into());
                }
            };
            self.b.ins().jump(done, &[BlockArg::Value(value)]);
            self.b.switch_to_block(other);
            // The pointer made on this path does not dominate the rest of the block (the string path skips it).
            let result = self.load_named_objects(object, cases, fs, known, done, result);
            self.pointers.remove(&object);
            return result;
        }
        self.load_named_objects(object, cases, fs, known, done, result)
    }

    /// `load_named`'s object cases, into `done`.
    fn load_named_objects(
        &mut self,
        object: NodeId,
        cases: &[LoadCase],
        fs: FrameStateId,
        known: bool,
        done: Block,
        result: ClValue,
    ) -> Result<ClValue, String> {
        let object_cases: Vec<&LoadCase> = cases.iter().filter(|c| !c.string).collect();
        if object_cases.is_empty() {
            self.deopt_jump(fs, DeoptReason::NotAString);
            self.b.switch_to_block(done);
            return Ok(result);
        }
        let shapes: Vec<usize> = object_cases.iter().map(|c| c.shape).collect();
        let (ptr, blocks) = self.shape_cases(object, &shapes, fs, known)?;
        for (case, block) in object_cases.into_iter().zip(blocks) {
            self.b.switch_to_block(block);
            let v = match case.source {
                FieldSource::Own { at } => self.load_slot(ptr, at),
                FieldSource::Proto { holder, at, epoch } => {
                    self.check_epoch(epoch, fs);
                    let h = self.iconst64(holder as u64);
                    self.load_slot(h, at)
                }
                FieldSource::ArrayLength => {
                    // As the interpreter's cache: a non-array with the array's shape (an object whose prototype is
                    // Array.prototype) has no length of its own.
                    let f = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
                    let array = self.b.ins().band_imm_u(f, FLAG_ARRAY as i64);
                    let not_array = self.b.ins().icmp_imm_s(IntCC::Equal, array, 0);
                    self.deopt_if(not_array, fs, DeoptReason::WrongShape);
                    let len = self.b.ins().load(types::I32, flags(), ptr, ARRAY_LENGTH_OFFSET as i32);
                    let too_long = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, len, 0);
                    self.deopt_if(too_long, fs, DeoptReason::ArrayTooLong);
                    self.box_int32(len)
                }
                FieldSource::TypedArrayLength { epoch } => {
                    self.check_epoch(epoch, fs);
                    self.typed_array_length(ptr, fs)
                }
                FieldSource::StringLength => return Err("string length for an object shape".into()),
            };
            self.b.ins().jump(done, &[BlockArg::Value(v)]);
        }
        self.b.switch_to_block(done);
        Ok(result)
    }

    pub(super) fn store_named(
        &mut self,
        object: NodeId,
        value: NodeId,
        cases: &[StoreCase],
        fs: FrameStateId,
        known: bool,
    ) -> Result<ClValue, String> {
        let v = self.get(value, Repr::Tagged)?;
        if let [case] = cases
            && let StoreKind::Own { at } = case.kind
        {
            // One shape, an own slot: straight-line.
            let ptr = self.single_shape_pointer(object, case.shape, fs, known)?;
            let (base, offset) = self.slot_address(ptr, at);
            self.b.ins().store(flags(), v, base, offset);
            return Ok(v);
        }
        let shapes: Vec<usize> = cases.iter().map(|c| c.shape).collect();
        let (ptr, blocks) = self.shape_cases(object, &shapes, fs, known)?;
        let done = self.b.create_block();
        for (case, block) in cases.iter().zip(blocks) {
            self.b.switch_to_block(block);
            match case.kind {
                StoreKind::Own { at } => {
                    let (base, offset) = self.slot_address(ptr, at);
                    self.b.ins().store(flags(), v, base, offset);
                }
                StoreKind::Transition { to, offset, epoch } => {
                    if let Some(epoch) = epoch {
                        self.check_epoch(epoch, fs);
                    }
                    let to = self.iconst64(to as u64);
                    self.b.ins().store(flags(), to, ptr, OBJECT_SHAPE_OFFSET as i32);
                    self.b.ins().store(flags(), v, ptr, offset);
                }
            }
            self.b.ins().jump(done, &[]);
        }
        self.b.switch_to_block(done);
        Ok(v)
    }
}
