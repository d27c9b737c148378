//! NaN-boxed JavaScript values.
//!
//! Invariants:
//! - A `Value` is 64 bits. Every bit pattern below `0xFFF9 << 48` (as an unsigned number) is an IEEE double; NaNs
//!   are canonicalised on boxing so that no computed double ever reaches the tag space above.
//! - The top 16 bits select the kind for everything else:
//!   `0xFFF9` int32 (low 32 bits), `0xFFFA` immediates (undefined, null, booleans, the hole),
//!   `0xFFFB` small BigInt (a 48-bit two's complement integer, `bigint/small.rs`), `0xFFFC` object pointer,
//!   `0xFFFD` string pointer, `0xFFFE` symbol pointer, `0xFFFF` BigInt cell pointer (`bigint.rs`). Pointers use
//!   the low 48 bits; only the tags from `0xFFFC` up are cells.
//! - A BigInt in [SMALL_BIGINT_MIN, SMALL_BIGINT_MAX] is always a small BigInt, never a cell (canonical), so
//!   equal small BigInts have equal bits.
//! - The JIT tiers emit these same constants inline: keep them `pub const`.

use crate::object::JsObject;
use crate::string::JsString;
use crate::symbol::Symbol;
use tetra_gc::Gc;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(pub u64);

pub const TAG_SHIFT: u32 = 48;
pub const TAG_INT: u64 = 0xFFF9;
pub const TAG_IMM: u64 = 0xFFFA;
pub const TAG_SMALL_BIGINT: u64 = 0xFFFB;
pub const TAG_OBJECT: u64 = 0xFFFC;
pub const TAG_STRING: u64 = 0xFFFD;
pub const TAG_SYMBOL: u64 = 0xFFFE;
pub const TAG_BIGINT: u64 = 0xFFFF;
pub const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
/// The range of small BigInts: the integers a 48-bit two's complement payload holds.
pub const SMALL_BIGINT_MIN: i64 = -(1 << 47);
pub const SMALL_BIGINT_MAX: i64 = (1 << 47) - 1;
/// Smallest bit pattern that is not a double.
pub const FIRST_TAGGED: u64 = TAG_INT << TAG_SHIFT;
pub const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

const fn imm(n: u64) -> Value {
    Value((TAG_IMM << TAG_SHIFT) | n)
}

impl Value {
    pub const UNDEFINED: Value = imm(0);
    pub const NULL: Value = imm(1);
    pub const FALSE: Value = imm(2);
    pub const TRUE: Value = imm(3);
    /// Marks an array hole, an uninitialised `let` (TDZ) and "no value" in internal slots. Never visible to JS.
    pub const HOLE: Value = imm(4);

    #[inline(always)]
    pub const fn int(i: i32) -> Value {
        Value((TAG_INT << TAG_SHIFT) | (i as u32 as u64))
    }
    #[inline(always)]
    pub fn double(d: f64) -> Value {
        if d.is_nan() { Value(CANONICAL_NAN) } else { Value(d.to_bits()) }
    }
    /// A number: int32 when the double is an exact int32 (and not -0), else a double.
    #[inline(always)]
    pub fn number(d: f64) -> Value {
        let i = d as i32;
        if i as f64 == d && (i != 0 || d.to_bits() == 0) { Value::int(i) } else { Value::double(d) }
    }
    /// A small BigInt, when `i` is in its range (callers that may be out of range make a cell instead).
    #[inline(always)]
    pub const fn small_bigint(i: i64) -> Option<Value> {
        if i < SMALL_BIGINT_MIN || i > SMALL_BIGINT_MAX {
            return None;
        }
        Some(Value((TAG_SMALL_BIGINT << TAG_SHIFT) | (i as u64 & PAYLOAD_MASK)))
    }
    #[inline(always)]
    pub const fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }
    #[inline(always)]
    pub fn object(o: Gc<JsObject>) -> Value {
        Value((TAG_OBJECT << TAG_SHIFT) | o.addr() as u64)
    }
    #[inline(always)]
    pub fn string(s: Gc<JsString>) -> Value {
        Value((TAG_STRING << TAG_SHIFT) | s.addr() as u64)
    }
    #[inline(always)]
    pub fn symbol(s: Gc<Symbol>) -> Value {
        Value((TAG_SYMBOL << TAG_SHIFT) | s.addr() as u64)
    }

    #[inline(always)]
    pub const fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }
    #[inline(always)]
    pub const fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }
    #[inline(always)]
    pub const fn is_double(self) -> bool {
        self.0 < FIRST_TAGGED
    }
    #[inline(always)]
    pub const fn is_number(self) -> bool {
        self.is_double() || self.is_int()
    }
    #[inline(always)]
    pub const fn is_undefined(self) -> bool {
        self.0 == Value::UNDEFINED.0
    }
    #[inline(always)]
    pub const fn is_null(self) -> bool {
        self.0 == Value::NULL.0
    }
    #[inline(always)]
    pub const fn is_nullish(self) -> bool {
        self.0 == Value::UNDEFINED.0 || self.0 == Value::NULL.0
    }
    #[inline(always)]
    pub const fn is_hole(self) -> bool {
        self.0 == Value::HOLE.0
    }
    #[inline(always)]
    pub const fn is_bool(self) -> bool {
        self.0 == Value::TRUE.0 || self.0 == Value::FALSE.0
    }
    #[inline(always)]
    pub const fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }
    #[inline(always)]
    pub const fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    #[inline(always)]
    pub const fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }
    /// A BigInt, either representation.
    #[inline(always)]
    pub const fn is_bigint(self) -> bool {
        self.is_small_bigint() || self.is_bigint_cell()
    }
    #[inline(always)]
    pub const fn is_small_bigint(self) -> bool {
        self.tag() == TAG_SMALL_BIGINT
    }
    #[inline(always)]
    pub const fn is_bigint_cell(self) -> bool {
        self.tag() == TAG_BIGINT
    }
    #[inline(always)]
    pub const fn is_cell(self) -> bool {
        self.tag() >= TAG_OBJECT
    }

    #[inline(always)]
    pub const fn as_int(self) -> i32 {
        self.0 as u32 as i32
    }
    /// The integer of a small BigInt (the payload, sign-extended). Only call when `is_small_bigint()`.
    #[inline(always)]
    pub const fn as_small_bigint(self) -> i64 {
        ((self.0 << (64 - TAG_SHIFT)) as i64) >> (64 - TAG_SHIFT)
    }
    #[inline(always)]
    pub fn as_double(self) -> f64 {
        f64::from_bits(self.0)
    }
    /// The numeric value of a number (int32 or double). Only call when `is_number()`.
    #[inline(always)]
    pub fn as_number(self) -> f64 {
        if self.is_int() { self.as_int() as f64 } else { self.as_double() }
    }
    #[inline(always)]
    pub fn as_bool(self) -> bool {
        self.0 == Value::TRUE.0
    }
    #[inline(always)]
    pub fn as_object(self) -> Gc<JsObject> {
        debug_assert!(self.is_object());
        // SAFETY: the tag says the payload is a live object cell pointer produced by `Value::object`.
        unsafe { Gc::from_raw((self.0 & PAYLOAD_MASK) as *mut JsObject) }
    }
    #[inline(always)]
    pub fn as_string(self) -> Gc<JsString> {
        debug_assert!(self.is_string());
        // SAFETY: the tag says the payload is a live string cell pointer produced by `Value::string`.
        unsafe { Gc::from_raw((self.0 & PAYLOAD_MASK) as *mut JsString) }
    }
    #[inline(always)]
    pub fn as_symbol(self) -> Gc<Symbol> {
        debug_assert!(self.is_symbol());
        // SAFETY: the tag says the payload is a live symbol cell pointer produced by `Value::symbol`.
        unsafe { Gc::from_raw((self.0 & PAYLOAD_MASK) as *mut Symbol) }
    }
    #[inline(always)]
    pub fn as_bigint_cell(self) -> Gc<crate::bigint::BigIntCell> {
        debug_assert!(self.is_bigint_cell());
        // SAFETY: the tag says the payload is a live BigInt cell pointer produced by `Value::bigint_cell`.
        unsafe { Gc::from_raw((self.0 & PAYLOAD_MASK) as *mut crate::bigint::BigIntCell) }
    }
    #[inline(always)]
    pub fn cell_ptr(self) -> *const u8 {
        (self.0 & PAYLOAD_MASK) as *const u8
    }
    #[inline(always)]
    pub fn try_object(self) -> Option<Gc<JsObject>> {
        if self.is_object() { Some(self.as_object()) } else { None }
    }

    /// Traces the cell this value points to, if any.
    #[inline(always)]
    pub fn trace(self, t: &mut tetra_gc::Tracer) {
        if self.is_cell() {
            t.mark_ptr(self.cell_ptr());
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_int() {
            write!(f, "{}", self.as_int())
        } else if self.is_double() {
            write!(f, "{:?}", self.as_double())
        } else if self.is_undefined() {
            write!(f, "undefined")
        } else if self.is_null() {
            write!(f, "null")
        } else if self.is_bool() {
            write!(f, "{}", self.as_bool())
        } else if self.is_hole() {
            write!(f, "<hole>")
        } else if self.is_string() {
            // SAFETY: string cells stay alive while a Value referencing them is being formatted on the stack.
            write!(f, "{:?}", unsafe { self.as_string().get() }.to_rust_string())
        } else if self.is_object() {
            write!(f, "<object {:#x}>", self.0 & PAYLOAD_MASK)
        } else if self.is_small_bigint() {
            write!(f, "{}n", self.as_small_bigint())
        } else if self.is_bigint_cell() {
            // SAFETY: as for strings.
            write!(f, "{}n", unsafe { self.as_bigint_cell().get() }.0)
        } else {
            write!(f, "<symbol {:#x}>", self.0 & PAYLOAD_MASK)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_round_trip() {
        for i in [0, 1, -1, i32::MAX, i32::MIN, 42] {
            let v = Value::int(i);
            assert!(v.is_int() && v.is_number() && !v.is_double());
            assert_eq!(v.as_int(), i);
        }
    }

    #[test]
    fn doubles_and_nan() {
        for d in [0.5, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e-300] {
            let v = Value::double(d);
            assert!(v.is_double());
            assert_eq!(v.as_double().to_bits(), d.to_bits());
        }
        // x86 produces 0xFFF8... for 0/0; any NaN payload must box as a double.
        let weird = f64::from_bits(0xFFFF_0000_0000_0001);
        assert!(Value::double(weird).is_double());
        assert!(Value::double(weird).as_double().is_nan());
    }

    #[test]
    fn number_prefers_int32_but_keeps_minus_zero() {
        assert!(Value::number(3.0).is_int());
        assert!(Value::number(-0.0).is_double());
        assert!(Value::number(0.5).is_double());
        assert!(Value::number(2147483648.0).is_double());
    }

    #[test]
    fn immediates_are_distinct() {
        let all = [Value::UNDEFINED, Value::NULL, Value::TRUE, Value::FALSE, Value::HOLE];
        for (i, a) in all.iter().enumerate() {
            assert!(!a.is_number() && !a.is_cell());
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(Value::UNDEFINED.is_nullish() && Value::NULL.is_nullish() && !Value::FALSE.is_nullish());
    }
}
