//! Lowering of `LoadTypedElement` and `StoreTypedElement`: the receiver's checks and the element's address
//! (`tiering::typed_elements` for the layout, the same path baseline's inline code takes), then the unboxed load or
//! the conversion and store; and of a typed array's `length` (`FieldSource::TypedArrayLength`) from the same
//! fields.
//!
//! Invariants:
//! - Every check deopts with the node's frame state (the instruction's own), which is how a failed speculation
//!   reaches the site's feedback.
//! - Nothing here calls the runtime or allocates: a value that is no number deopts (TypedArrayValue).

use super::*;
use tetra_vm::builtins::typed_array::kinds::ElementKind;
use tetra_vm::object::FLAG_TYPED_ARRAY;
use tetra_vm::tiering::typed_elements::layout;

impl Lower<'_, '_> {
    /// The address of element `index` (an int32 node) of `object`, checked to be a typed array of `kind` that has
    /// that element now.
    fn typed_element_address(
        &mut self,
        object: NodeId,
        index: NodeId,
        kind: ElementKind,
        fs: FrameStateId,
    ) -> Result<ClValue, String> {
        let l = layout();
        let v = self.get(object, Repr::Tagged)?;
        let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
        let not_object = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_OBJECT as i64);
        self.deopt_if(not_object, fs, DeoptReason::WrongElementsKind);
        let mask = self.iconst64(PAYLOAD_MASK);
        let ptr = self.b.ins().band(v, mask);
        let f = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
        let typed = self.b.ins().band_imm_u(f, FLAG_TYPED_ARRAY as i64);
        let not_typed = self.b.ins().icmp_imm_s(IntCC::Equal, typed, 0);
        self.deopt_if(not_typed, fs, DeoptReason::WrongElementsKind);
        let body = self.object_body(ptr);
        let k = self.b.ins().uload8(types::I32, flags(), body, l.kind);
        let wrong = self.b.ins().icmp_imm_s(IntCC::NotEqual, k, kind as u8 as i64);
        self.deopt_if(wrong, fs, DeoptReason::WrongElementsKind);
        let view = self.b.ins().load(types::I64, flags(), body, l.view);
        // A negative index, sign-extended, is above any length.
        let i = self.get(index, Repr::Int32)?;
        let i = self.b.ins().sextend(types::I64, i);
        let len = self.b.ins().load(types::I64, flags(), view, l.fixed_length);
        let outside = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.deopt_if(outside, fs, DeoptReason::TypedArrayOutOfBounds);
        let data = self.b.ins().load(types::I64, flags(), view, l.data);
        let have = self.b.ins().load(types::I64, flags(), data, l.byte_length);
        let need = self.b.ins().load(types::I64, flags(), view, l.fixed_end);
        let short = self.b.ins().icmp(IntCC::UnsignedLessThan, have, need);
        self.deopt_if(short, fs, DeoptReason::TypedArrayOutOfBounds);
        // The element's end within the bytes: a length-tracking view's bound (implied for a fixed-length one).
        let offset = self.b.ins().load(types::I64, flags(), view, l.byte_offset);
        let scaled = self.b.ins().imul_imm_s(i, kind.size() as i64);
        let start = self.b.ins().iadd(offset, scaled);
        let end = self.b.ins().iadd_imm_s(start, kind.size() as i64);
        let past = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, have);
        self.deopt_if(past, fs, DeoptReason::TypedArrayOutOfBounds);
        let bytes = self.b.ins().load(types::I64, flags(), data, l.bytes);
        Ok(self.b.ins().iadd(bytes, start))
    }

    /// TypedArrayLength of the object at `ptr` (its shape checked), boxed; 0 when out of bounds, as the getter
    /// and the interpreter's cache give. Deopts (WrongShape) for an object that is no typed array (one with a typed
    /// array's shape: `Object.create(Uint8Array.prototype)`), (ArrayTooLong) beyond int32.
    pub(super) fn typed_array_length(&mut self, ptr: ClValue, fs: FrameStateId) -> ClValue {
        let l = layout();
        let f = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
        let typed = self.b.ins().band_imm_u(f, FLAG_TYPED_ARRAY as i64);
        let not_typed = self.b.ins().icmp_imm_s(IntCC::Equal, typed, 0);
        self.deopt_if(not_typed, fs, DeoptReason::WrongShape);
        let body = self.object_body(ptr);
        let view = self.b.ins().load(types::I64, flags(), body, l.view);
        let fixed_length = self.b.ins().load(types::I64, flags(), view, l.fixed_length);
        let fixed_end = self.b.ins().load(types::I64, flags(), view, l.fixed_end);
        let offset = self.b.ins().load(types::I64, flags(), view, l.byte_offset);
        let data = self.b.ins().load(types::I64, flags(), view, l.data);
        let have = self.b.ins().load(types::I64, flags(), data, l.byte_length);
        let zero = self.iconst64(0);
        // A fixed-length view: its length while the buffer holds it.
        let holds = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, have, fixed_end);
        let fixed = self.b.ins().select(holds, fixed_length, zero);
        // A length-tracking view: the whole elements after its offset; log2 of the element size from the kind byte
        // (two bits per kind, in `ElementKind::ALL` order).
        let shifts = ElementKind::ALL
            .iter()
            .enumerate()
            .fold(0u64, |t, (i, k)| t | ((k.size().trailing_zeros() as u64) << (2 * i)));
        let kind = self.b.ins().uload8(types::I64, flags(), body, l.kind);
        let at = self.b.ins().ishl_imm_u(kind, 1);
        let table = self.iconst64(shifts);
        let shift = self.b.ins().ushr(table, at);
        let shift = self.b.ins().band_imm_u(shift, 3);
        let avail = self.b.ins().isub(have, offset);
        let whole = self.b.ins().ushr(avail, shift);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, offset, have);
        let tracking_len = self.b.ins().select(inside, whole, zero);
        let tracking = self.b.ins().icmp_imm_u(IntCC::Equal, fixed_length, isize::MAX as i64);
        let len = self.b.ins().select(tracking, tracking_len, fixed);
        let too_long = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, len, i32::MAX as i64);
        self.deopt_if(too_long, fs, DeoptReason::ArrayTooLong);
        let len = self.b.ins().ireduce(types::I32, len);
        self.box_int32(len)
    }

    pub(super) fn load_typed_element(
        &mut self,
        object: NodeId,
        index: NodeId,
        kind: ElementKind,
        fs: FrameStateId,
    ) -> Result<ClValue, String> {
        let at = self.typed_element_address(object, index, kind, fs)?;
        let f = flags();
        Ok(match kind {
            ElementKind::Int8 => self.b.ins().sload8(types::I32, f, at, 0),
            ElementKind::Uint8 | ElementKind::Uint8Clamped => self.b.ins().uload8(types::I32, f, at, 0),
            ElementKind::Int16 => self.b.ins().sload16(types::I32, f, at, 0),
            ElementKind::Uint16 => self.b.ins().uload16(types::I32, f, at, 0),
            ElementKind::Int32 => self.b.ins().load(types::I32, f, at, 0),
            ElementKind::Uint32 => {
                let u = self.b.ins().load(types::I32, f, at, 0);
                self.b.ins().fcvt_from_uint(types::F64, u)
            }
            ElementKind::Float32 => {
                let x = self.b.ins().load(types::F32, f, at, 0);
                self.b.ins().fpromote(types::F64, x)
            }
            ElementKind::Float64 => self.b.ins().load(types::F64, f, at, 0),
            ElementKind::Float16 | ElementKind::BigInt64 | ElementKind::BigUint64 => {
                return Err(format!("no unboxed load of {}", kind.name()));
            }
        })
    }

    /// Stores `value` converted to `kind`; the node's value is the stored value (tagged), as the instruction
    /// leaves it in the accumulator.
    pub(super) fn store_typed_element(
        &mut self,
        object: NodeId,
        index: NodeId,
        value: NodeId,
        kind: ElementKind,
        fs: FrameStateId,
    ) -> Result<ClValue, String> {
        let tagged = self.get(value, Repr::Tagged)?;
        // Convert before computing the address: a deopt then leaves nothing half done either way.
        let converted = match kind {
            ElementKind::Float32 | ElementKind::Float64 => {
                let d = self.number_or_deopt(value, fs, DeoptReason::TypedArrayValue)?;
                if kind == ElementKind::Float32 { self.b.ins().fdemote(types::F32, d) } else { d }
            }
            ElementKind::Uint8Clamped => match self.g.node(value).repr {
                Repr::Int32 => {
                    let i = self.val(value)?;
                    let zero = self.b.ins().iconst(types::I32, 0);
                    let max = self.b.ins().iconst(types::I32, 255);
                    let low = self.b.ins().smax(i, zero);
                    self.b.ins().smin(low, max)
                }
                _ => {
                    // ToUint8Clamp: round half to even, clamp; NaN (and below 0) saturate to 0.
                    let d = self.number_or_deopt(value, fs, DeoptReason::TypedArrayValue)?;
                    let r = self.b.ins().nearest(d);
                    let top = self.b.ins().f64const(255.0);
                    let r = self.b.ins().fmin(r, top);
                    self.b.ins().fcvt_to_uint_sat(types::I32, r)
                }
            },
            // The integer kinds keep the low bits of ToInt32.
            _ => self.truncate_int32_or_value_deopt(value, fs)?,
        };
        let at = self.typed_element_address(object, index, kind, fs)?;
        let f = flags();
        match kind {
            ElementKind::Int8 | ElementKind::Uint8 | ElementKind::Uint8Clamped => {
                self.b.ins().istore8(f, converted, at, 0);
            }
            ElementKind::Int16 | ElementKind::Uint16 => {
                self.b.ins().istore16(f, converted, at, 0);
            }
            ElementKind::Int32 | ElementKind::Uint32 | ElementKind::Float32 | ElementKind::Float64 => {
                self.b.ins().store(f, converted, at, 0);
            }
            ElementKind::Float16 | ElementKind::BigInt64 | ElementKind::BigUint64 => {
                return Err(format!("no unboxed store of {}", kind.name()));
            }
        }
        Ok(tagged)
    }

    /// ToInt32 of a number for a store into an integer kind; anything else deopts (TypedArrayValue).
    fn truncate_int32_or_value_deopt(&mut self, value: NodeId, fs: FrameStateId) -> Result<ClValue, String> {
        if self.g.node(value).repr == Repr::Int32 {
            return self.val(value);
        }
        let d = self.number_or_deopt(value, fs, DeoptReason::TypedArrayValue)?;
        Ok(self.float64_to_int32_modular(d))
    }
}
