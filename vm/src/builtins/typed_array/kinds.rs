//! The element kinds of typed arrays, from one declarative list (V8's `TYPED_ARRAYS` macro): each row names the
//! kind, its constructor, the Rust type of its elements and its content type (Number or BigInt), and everything
//! else (element size, loads and stores with either byte order, the conversions of the spec's NumericToRawBytes)
//! follows from the type. A kind's discriminant is its position in `ElementKind::ALL` (the realm's tables of
//! constructors are indexed by it).
//!
//! Elements travel between memory and JS as a `Scalar`: a Number, or the integer of a BigInt element. A store takes
//! the value already converted by the kind's content type (`ElementKind::to_scalar`: ToBigInt or ToNumber, which
//! may run JS), so the store itself never runs JS and never fails.

use crate::bigint::{big, small_of};
use crate::runtime::convert::f64_to_int32;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use num_bigint::Sign;

/// An element's value on its way to or from memory: a Number, or the integer of a BigInt element (whose two
/// 64-bit kinds, signed and unsigned, both fit an i128).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Scalar {
    Number(f64),
    BigInt(i128),
}

impl Scalar {
    /// An already converted value: a Number, or a BigInt reduced to its low 64 bits (every BigInt element stores
    /// those: BigInt.asIntN(64) or asUintN(64) of the value, by the kind).
    pub fn of(v: Value) -> Scalar {
        if !v.is_bigint() {
            return Scalar::Number(v.as_number());
        }
        if let Some(x) = small_of(v) {
            // Two's complement: the low 64 bits of a negative small BigInt are those of the i64.
            return Scalar::BigInt(x as u64 as i128);
        }
        let (sign, digits) = big(v).to_u64_digits();
        let low = digits.first().copied().unwrap_or(0);
        // Two's complement: -x modulo 2^64 is the negation of x modulo 2^64.
        Scalar::BigInt(if sign == Sign::Minus { low.wrapping_neg() } else { low } as i128)
    }

    /// The JS value (a new BigInt for a BigInt element). Inline, with the allocation out of line: a DataView
    /// getter of a Number kind (a const-generic instance per kind) then folds it to `Value::number`.
    #[inline]
    pub fn into_value(self, vm: &mut Vm) -> Value {
        match self {
            Scalar::Number(n) => Value::number(n),
            Scalar::BigInt(i) => new_bigint(vm, i),
        }
    }

    // A kind only ever gets a scalar of its own content type (`to_scalar` converts by it); the conversions across
    // content types only keep these two total.
    fn number(self) -> f64 {
        match self {
            Scalar::Number(n) => n,
            Scalar::BigInt(i) => i as f64,
        }
    }

    fn integer(self) -> i128 {
        match self {
            Scalar::Number(n) => n as i128,
            Scalar::BigInt(i) => i,
        }
    }
}

#[inline(never)]
fn new_bigint(vm: &mut Vm, i: i128) -> Value {
    vm.bigint_from_i128(i)
}

/// The storage type of an element kind: its width and the spec's conversion from a Number or a BigInt.
trait Element: Copy {
    const SIZE: usize;
    fn from_scalar(s: Scalar) -> Self;
    fn to_scalar(self) -> Scalar;
    fn from_le(bytes: &[u8]) -> Self;
    fn write_le(self, out: &mut [u8]);
}

macro_rules! int_element {
    ($($t:ty),*) => {$(
        impl Element for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            // ToInt8, ToUint16, ToInt32...: the modular int32 conversion, truncated to the width.
            fn from_scalar(s: Scalar) -> Self {
                f64_to_int32(s.number()) as $t
            }
            fn to_scalar(self) -> Scalar {
                Scalar::Number(self as f64)
            }
            fn from_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes[..Self::SIZE].try_into().expect("SIZE bytes"))
            }
            fn write_le(self, out: &mut [u8]) {
                out[..Self::SIZE].copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
int_element!(i8, u8, i16, u16, i32, u32);

macro_rules! bigint_element {
    ($($t:ty),*) => {$(
        impl Element for $t {
            const SIZE: usize = 8;
            // ToBigInt64, ToBigUint64: the low 64 bits (which `Scalar::of` already kept), read by the signedness.
            fn from_scalar(s: Scalar) -> Self {
                s.integer() as $t
            }
            fn to_scalar(self) -> Scalar {
                Scalar::BigInt(self as i128)
            }
            fn from_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes[..Self::SIZE].try_into().expect("SIZE bytes"))
            }
            fn write_le(self, out: &mut [u8]) {
                out[..Self::SIZE].copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
bigint_element!(i64, u64);

/// A Uint8ClampedArray element: stored as a byte, converted by ToUint8Clamp.
#[derive(Clone, Copy)]
struct Clamped(u8);

impl Element for Clamped {
    const SIZE: usize = 1;
    fn from_scalar(s: Scalar) -> Self {
        let n = s.number();
        if n.is_nan() || n <= 0.0 {
            return Clamped(0);
        }
        if n >= 255.0 {
            return Clamped(255);
        }
        // Round half to even, as the spec's ToUint8Clamp.
        let f = n.floor();
        let r = if n - f > 0.5 || (n - f == 0.5 && f % 2.0 != 0.0) { f + 1.0 } else { f };
        Clamped(r as u8)
    }
    fn to_scalar(self) -> Scalar {
        Scalar::Number(self.0 as f64)
    }
    fn from_le(bytes: &[u8]) -> Self {
        Clamped(bytes[0])
    }
    fn write_le(self, out: &mut [u8]) {
        out[0] = self.0;
    }
}

macro_rules! float_element {
    ($($t:ty: $from:expr, $to:expr;)*) => {$(
        impl Element for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            fn from_scalar(s: Scalar) -> Self {
                $from(s.number())
            }
            fn to_scalar(self) -> Scalar {
                Scalar::Number($to(self))
            }
            fn from_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes[..Self::SIZE].try_into().expect("SIZE bytes"))
            }
            fn write_le(self, out: &mut [u8]) {
                out[..Self::SIZE].copy_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
float_element! {
    f32: |n: f64| n as f32, |f: f32| f as f64;
    f64: |n: f64| n, |f: f64| f;
}

/// An IEEE 754 binary16 value, as its bits.
#[derive(Clone, Copy)]
struct F16(u16);

impl F16 {
    /// The nearest binary16 value to `x`, ties to even, rounded once from the double (through f32 it would round
    /// twice, and some doubles just above a halfway point would go the wrong way).
    fn from_f64(x: f64) -> F16 {
        let sign = ((x.to_bits() >> 48) & 0x8000) as u16;
        let a = x.abs();
        if x.is_nan() {
            return F16(sign | 0x7e00);
        }
        // 65520 is halfway between the largest finite half (65504) and 2^16: from there on, infinity.
        if a >= 65520.0 {
            return F16(sign | 0x7c00);
        }
        // Below 2^-14 a half is subnormal: a multiple of 2^-24. Scaling by a power of two is exact, so rounding the
        // scaled value rounds the value; a subnormal that rounds up to 2^-14 becomes the smallest normal, whose
        // encoding (exponent 1, mantissa 0) is the same integer.
        if a < 2f64.powi(-14) {
            return F16(sign | (a * 2f64.powi(24)).round_ties_even() as u16);
        }
        let e = ((a.to_bits() >> 52) as i32 & 0x7ff) - 1023;
        let m = (a * 2f64.powi(10 - e)).round_ties_even() as u32;
        // A mantissa that rounds up to 2^11 carries into the exponent, which the sum does by itself.
        F16(sign | ((((e + 15) as u32) << 10) + m - 1024) as u16)
    }

    fn to_f64(self) -> f64 {
        let sign = if self.0 & 0x8000 != 0 { -1.0 } else { 1.0 };
        let e = ((self.0 >> 10) & 0x1f) as i32;
        let m = (self.0 & 0x3ff) as f64;
        sign * match e {
            0 => m * 2f64.powi(-24),
            31 if m == 0.0 => f64::INFINITY,
            31 => f64::NAN,
            _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
        }
    }
}

impl Element for F16 {
    const SIZE: usize = 2;
    fn from_scalar(s: Scalar) -> Self {
        F16::from_f64(s.number())
    }
    fn to_scalar(self) -> Scalar {
        Scalar::Number(self.to_f64())
    }
    fn from_le(bytes: &[u8]) -> Self {
        F16(u16::from_le_bytes([bytes[0], bytes[1]]))
    }
    fn write_le(self, out: &mut [u8]) {
        out[..2].copy_from_slice(&self.0.to_le_bytes());
    }
}

/// The spec's [[ContentType]] of a kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ContentType {
    Number,
    BigInt,
}

macro_rules! element_kinds {
    ($($kind:ident: $name:literal, $t:ty, $content:ident;)*) => {
        /// `repr(u8)`: compiled code compares a typed array's kind byte with `kind as u8`.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        pub enum ElementKind {
            $($kind,)*
        }

        impl ElementKind {
            /// Every kind, in the order of the spec's table of TypedArray constructors.
            pub const ALL: &[ElementKind] = &[$(ElementKind::$kind,)*];
            pub const COUNT: usize = Self::ALL.len();

            /// The constructor's name ([[TypedArrayName]]).
            pub fn name(self) -> &'static str {
                match self {
                    $(ElementKind::$kind => $name,)*
                }
            }

            /// The content type: whether elements are Numbers or BigInts.
            pub fn content_type(self) -> ContentType {
                match self {
                    $(ElementKind::$kind => ContentType::$content,)*
                }
            }

            /// The element size in bytes.
            pub fn size(self) -> usize {
                match self {
                    $(ElementKind::$kind => <$t as Element>::SIZE,)*
                }
            }

            /// Reads the element at the start of `bytes` (at least `size()` of them) in the given byte order.
            /// Inline: callers that know the kind (DataView's accessors, per kind) fold the match.
            #[inline]
            pub fn read(self, bytes: &[u8], little_endian: bool) -> Scalar {
                match self {
                    $(ElementKind::$kind => {
                        let mut b = [0u8; 8];
                        b[..<$t as Element>::SIZE].copy_from_slice(&bytes[..<$t as Element>::SIZE]);
                        if !little_endian {
                            b[..<$t as Element>::SIZE].reverse();
                        }
                        <$t as Element>::from_le(&b).to_scalar()
                    })*
                }
            }

            /// Writes `s` (of this kind's content type), converted to this kind, at the start of `out` in the given
            /// byte order. Inline, as `read`.
            #[inline]
            pub fn write(self, out: &mut [u8], s: Scalar, little_endian: bool) {
                match self {
                    $(ElementKind::$kind => {
                        let size = <$t as Element>::SIZE;
                        <$t as Element>::from_scalar(s).write_le(&mut out[..size]);
                        if !little_endian {
                            out[..size].reverse();
                        }
                    })*
                }
            }
        }
    };
}

element_kinds! {
    Int8: "Int8Array", i8, Number;
    Uint8: "Uint8Array", u8, Number;
    Uint8Clamped: "Uint8ClampedArray", Clamped, Number;
    Int16: "Int16Array", i16, Number;
    Uint16: "Uint16Array", u16, Number;
    Int32: "Int32Array", i32, Number;
    Uint32: "Uint32Array", u32, Number;
    Float16: "Float16Array", F16, Number;
    Float32: "Float32Array", f32, Number;
    Float64: "Float64Array", f64, Number;
    BigInt64: "BigInt64Array", i64, BigInt;
    BigUint64: "BigUint64Array", u64, BigInt;
}

impl ElementKind {
    /// Integer kinds (Atomics works on these; the rest are floats).
    pub fn is_integer(self) -> bool {
        !matches!(self, ElementKind::Float16 | ElementKind::Float32 | ElementKind::Float64)
    }

    /// This kind's bit in a set of kinds (`FeedbackSlot::TypedElements`).
    pub fn bit(self) -> u16 {
        1 << self as u8
    }

    /// The one kind of a set of kinds, if it has exactly one.
    pub fn only_one(kinds: u16) -> Option<ElementKind> {
        if kinds.count_ones() != 1 {
            return None;
        }
        ElementKind::ALL.get(kinds.trailing_zeros() as usize).copied()
    }

    /// IsBigIntElementType.
    pub fn is_bigint(self) -> bool {
        self.content_type() == ContentType::BigInt
    }

    /// Loads an element in the platform's byte order (typed arrays use it; only DataView chooses).
    pub fn load(self, bytes: &[u8]) -> Scalar {
        self.read(bytes, cfg!(target_endian = "little"))
    }

    /// Stores `s` (of this kind's content type) as an element in the platform's byte order.
    pub fn store(self, out: &mut [u8], s: Scalar) {
        self.write(out, s, cfg!(target_endian = "little"))
    }

    /// Converts `v` for a store into this kind: ToBigInt for a BigInt kind, ToNumber otherwise (either may run JS
    /// or throw; a Number into a BigInt kind is the TypeError).
    pub fn to_scalar(self, vm: &mut Vm, v: Value) -> JsResult<Scalar> {
        let converted = if self.is_bigint() { vm.to_bigint(v)? } else { Value::number(vm.to_number(v)?) };
        Ok(Scalar::of(converted))
    }
}

// A set of kinds is a u16 (`ElementKind::bit`).
const _: () = assert!(ElementKind::COUNT <= 16);

/// Math.f16round: the nearest half-precision value, as a double.
pub fn f16_round(n: f64) -> f64 {
    F16::from_f64(n).to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(kind: ElementKind, n: f64) -> f64 {
        let mut b = [0u8; 8];
        kind.write(&mut b, Scalar::Number(n), true);
        match kind.read(&b, true) {
            Scalar::Number(n) => n,
            Scalar::BigInt(_) => unreachable!("a Number kind"),
        }
    }

    #[test]
    fn integer_conversions_wrap() {
        assert_eq!(round_trip(ElementKind::Int8, 200.0), -56.0);
        assert_eq!(round_trip(ElementKind::Uint8, -1.0), 255.0);
        assert_eq!(round_trip(ElementKind::Uint16, 65537.5), 1.0);
        assert_eq!(round_trip(ElementKind::Uint32, -1.0), 4294967295.0);
        assert_eq!(round_trip(ElementKind::Int32, f64::NAN), 0.0);
    }

    #[test]
    fn clamping_rounds_half_to_even() {
        assert_eq!(round_trip(ElementKind::Uint8Clamped, 2.5), 2.0);
        assert_eq!(round_trip(ElementKind::Uint8Clamped, 3.5), 4.0);
        assert_eq!(round_trip(ElementKind::Uint8Clamped, 300.0), 255.0);
        assert_eq!(round_trip(ElementKind::Uint8Clamped, -3.0), 0.0);
    }

    #[test]
    fn float16_rounds_once() {
        // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to even (1).
        assert_eq!(f16_round(1.0 + 2f64.powi(-11)), 1.0);
        // Just above the halfway point rounds up, even though f32 would first round it to the halfway point.
        assert_eq!(f16_round(1.0 + 2f64.powi(-11) + 2f64.powi(-40)), 1.0 + 2f64.powi(-10));
        assert_eq!(f16_round(65520.0), f64::INFINITY);
        assert_eq!(f16_round(5.960464477539063e-8), 5.960464477539063e-8);
        // Just above half the smallest subnormal rounds up to it; exactly half rounds to (even) zero.
        assert_eq!(f16_round(2.980232238769532e-8), 5.960464477539063e-8);
        assert_eq!(f16_round(2f64.powi(-25)), 0.0);
        assert_eq!(f16_round(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(f16_round(65504.0), 65504.0);
        assert_eq!(f16_round(65519.99), 65504.0);
        // The subnormal that rounds up to the smallest normal.
        assert_eq!(f16_round(2f64.powi(-14) - 2f64.powi(-26)), 2f64.powi(-14));
        assert!(f16_round(f64::NAN).is_nan());
    }

    #[test]
    fn byte_order() {
        let mut b = [0u8; 4];
        ElementKind::Uint32.write(&mut b, Scalar::Number(0x01020304 as f64), false);
        assert_eq!(b, [1, 2, 3, 4]);
        assert_eq!(ElementKind::Uint32.read(&b, true), Scalar::Number(0x04030201 as f64));
    }

    #[test]
    fn bigint_elements_wrap_to_64_bits() {
        let mut b = [0u8; 8];
        // -1n is all ones: -1n as a BigInt64, 2^64 - 1 as a BigUint64.
        ElementKind::BigInt64.write(&mut b, Scalar::BigInt(u64::MAX as i128), true);
        assert_eq!(b, [0xff; 8]);
        assert_eq!(ElementKind::BigInt64.read(&b, true), Scalar::BigInt(-1));
        assert_eq!(ElementKind::BigUint64.read(&b, false), Scalar::BigInt(u64::MAX as i128));
        ElementKind::BigUint64.write(&mut b, Scalar::BigInt(0x0102030405060708), false);
        assert_eq!(b, [1, 2, 3, 4, 5, 6, 7, 8]);
    }
}
