//! ToInt32 of numbers in mid code: `TruncateToInt32` (bitwise operations whose feedback saw doubles) and the
//! conversion typed-array stores into integer kinds share it, and the check that a tagged value is a number.
//!
//! Invariants:
//! - The conversion is the spec's for every double (NaN and the infinities are 0, large values wrap modulo 2^32):
//!   nothing deopts but a value that is no number.

use super::*;

impl Lower<'_, '_> {
    /// `TruncateToInt32`: an int32 as it is, any other number by ToInt32; anything else deopts (NotANumber).
    pub(super) fn truncate_to_int32(&mut self, value: NodeId, fs: FrameStateId) -> Result<ClValue, String> {
        if self.g.node(value).repr == Repr::Int32 {
            return self.val(value);
        }
        let d = self.number_or_deopt(value, fs, DeoptReason::NotANumber)?;
        Ok(self.float64_to_int32_modular(d))
    }

    /// The value as a float64: an int32 converted, a double as it is; anything else deopts with `reason`.
    pub(super) fn number_or_deopt(
        &mut self,
        value: NodeId,
        fs: FrameStateId,
        reason: DeoptReason,
    ) -> Result<ClValue, String> {
        match self.g.node(value).repr {
            Repr::Float64 | Repr::Int32 => self.get(value, Repr::Float64),
            Repr::Tagged | Repr::Bool => {
                let v = self.get(value, Repr::Tagged)?;
                let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_INT as i64);
                let int_block = self.b.create_block();
                let other = self.b.create_block();
                let done = self.b.create_block();
                let result = self.b.append_block_param(done, types::F64);
                self.b.ins().brif(is_int, int_block, &[], other, &[]);
                self.b.switch_to_block(int_block);
                let low = self.b.ins().ireduce(types::I32, v);
                let d = self.b.ins().fcvt_from_sint(types::F64, low);
                self.b.ins().jump(done, &[BlockArg::Value(d)]);
                self.b.switch_to_block(other);
                let not_number = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, v, FIRST_TAGGED as i64);
                self.deopt_if(not_number, fs, reason);
                let d = self.b.ins().bitcast(types::F64, MemFlagsData::new(), v);
                self.b.ins().jump(done, &[BlockArg::Value(d)]);
                self.b.switch_to_block(done);
                Ok(result)
            }
        }
    }

    /// ToInt32 of a double (an i32). Below 2^63 in magnitude its 64-bit truncation holds the answer in its low
    /// half (NaN saturates to 0, as ToInt32 says); from there on (ulp >= 2^11) the integer is the mantissa shifted
    /// left by the exponent, whose low 32 bits are 0 once the shift reaches 64 (the infinities too).
    pub(super) fn float64_to_int32_modular(&mut self, d: ClValue) -> ClValue {
        let truncated = self.b.ins().fcvt_to_sint_sat(types::I64, d);
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), d);
        let exponent = self.b.ins().ushr_imm_u(bits, 52);
        let exponent = self.b.ins().band_imm_u(exponent, 0x7ff);
        let shift = self.b.ins().iadd_imm_s(exponent, -1075);
        let fraction = self.b.ins().band_imm_u(bits, (1i64 << 52) - 1);
        let mantissa = self.b.ins().bor_imm_u(fraction, 1i64 << 52);
        let shifted = self.b.ins().ishl(mantissa, shift);
        let zero = self.iconst64(0);
        let gone = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, shift, 64);
        let magnitude = self.b.ins().select(gone, zero, shifted);
        let negated = self.b.ins().ineg(magnitude);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0);
        let large = self.b.ins().select(negative, negated, magnitude);
        let abs = self.b.ins().fabs(d);
        let limit = self.b.ins().f64const(9223372036854775808.0);
        let huge = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abs, limit);
        let wide = self.b.ins().select(huge, large, truncated);
        self.b.ins().ireduce(types::I32, wide)
    }
}
