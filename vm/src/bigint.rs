//! BigInt values: a small BigInt in the value itself (`small.rs`, [-2^47, 2^47)) or an immutable
//! arbitrary-precision integer in a heap cell (`num-bigint`), and the operations the language defines on them
//! (BigInt::add ... BigInt::unsignedRightShift, comparisons with Numbers and strings, StringToBigInt, ToBigInt,
//! BigInt::toString). Operators on two small BigInts compute in i128 first and allocate only when the result
//! leaves the small range.
//!
//! Invariants:
//! - Canonical: a BigInt in the small range is never a cell (`new_bigint` and `bigint_from_i128` decide), so a
//!   small BigInt equals only the same bits and never a cell.
//! - A BigInt is never mutated after its cell is made; equal values in different cells are the same JS value, so
//!   every comparison of two cells (`===`, SameValue, Map keys) compares the integers, never the cells.
//! - Mixing a BigInt and a Number in arithmetic is a TypeError; comparisons and `==` compare them exactly.

use crate::runtime::operators::BinOp;
use crate::value::{TAG_BIGINT, TAG_SHIFT, Value};
use crate::vm::{JsResult, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::borrow::Cow;
use std::cmp::Ordering;
use tetra_gc::{Gc, Trace, Tracer};

pub mod small;
#[cfg(test)]
mod tests;

pub struct BigIntCell(pub BigInt);

// SAFETY: a BigInt holds no heap references.
unsafe impl Trace for BigIntCell {
    fn trace(&self, _: &mut Tracer) {}
    fn external_size(&self) -> usize {
        digit_bytes(&self.0)
    }
}

/// The malloc'd bytes of a BigInt's digits. Counted toward the GC's trigger: a cell is small but its digits need
/// not be, and without them a program making large BigInts (and, now, few small cells) collects too late.
fn digit_bytes(b: &BigInt) -> usize {
    b.iter_u64_digits().len() * 8
}

impl Value {
    #[inline(always)]
    fn bigint_cell(b: Gc<BigIntCell>) -> Value {
        Value((TAG_BIGINT << TAG_SHIFT) | b.addr() as u64)
    }
}

/// The integer of a small BigInt value, None for a cell (the fast paths' test).
#[inline(always)]
pub fn small_of(v: Value) -> Option<i64> {
    if v.is_small_bigint() { Some(v.as_small_bigint()) } else { None }
}

/// The integer of a BigInt value: borrowed from a cell, made for a small BigInt (the general paths).
pub fn big(v: Value) -> Cow<'static, BigInt> {
    if v.is_small_bigint() {
        return Cow::Owned(BigInt::from(v.as_small_bigint()));
    }
    Cow::Borrowed(cell(v))
}

/// The integer of a BigInt cell (only call when `is_bigint_cell()`).
fn cell(v: Value) -> &'static BigInt {
    // SAFETY: the caller holds `v`, which keeps its cell alive while the reference is used (never across an
    // allocation that could collect it: operands are on the VM's stack or in registers).
    unsafe { &v.as_bigint_cell().get().0 }
}

/// BigInt equality (the integers). Canonical small BigInts are equal exactly when their bits are; only two cells
/// compare integers.
pub fn bigint_equals(a: Value, b: Value) -> bool {
    if a.is_small_bigint() || b.is_small_bigint() {
        return a.0 == b.0;
    }
    big(a) == big(b)
}

/// A BigInt value compared with a Number exactly; None when the Number is NaN.
pub fn compare_value_with_number(v: Value, d: f64) -> Option<Ordering> {
    match small_of(v) {
        Some(x) => small::compare_with_number(x, d),
        None => compare_with_number(&big(v), d),
    }
}

/// Compares a BigInt with a Number exactly; None when the Number is NaN.
pub fn compare_with_number(b: &BigInt, d: f64) -> Option<Ordering> {
    if d.is_nan() {
        return None;
    }
    if d.is_infinite() {
        return Some(if d > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = d.floor();
    // The floor converts exactly; a fractional part decides ties with it.
    let fi = from_f64(floor)?;
    match b.cmp(&fi) {
        Ordering::Equal if d != floor => Some(Ordering::Less),
        o => Some(o),
    }
}

/// NumberToBigInt of an integral double (None for NaN, infinities and fractions).
pub fn from_f64(d: f64) -> Option<BigInt> {
    if !d.is_finite() || d.fract() != 0.0 {
        return None;
    }
    if d.abs() < 9.0e15 {
        return Some(BigInt::from(d as i64));
    }
    // Exact: mantissa * 2^exponent.
    let bits = d.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let m = BigInt::from(mant);
    let v = if exp >= 0 { m << exp as usize } else { m >> (-exp) as usize };
    Some(if d < 0.0 { -v } else { v })
}

/// StringToBigInt (None: a SyntaxError for BigInt(), false for comparisons and `==`).
pub fn parse(s: &str) -> Option<BigInt> {
    let t = s.trim_matches(|c: char| crate::runtime::convert::is_js_whitespace(c as u32 as u16) || c.is_whitespace());
    if t.is_empty() {
        return Some(BigInt::zero());
    }
    let lower = t.get(..2).map(|p| p.to_ascii_lowercase());
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &t[2..]),
        Some("0o") => (8, &t[2..]),
        Some("0b") => (2, &t[2..]),
        _ => (10, t),
    };
    if radix != 10 {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        return BigInt::parse_bytes(digits.as_bytes(), radix);
    }
    let (neg, body) = match digits.as_bytes()[0] {
        b'-' => (true, &digits[1..]),
        b'+' => (false, &digits[1..]),
        _ => (false, digits),
    };
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v = BigInt::parse_bytes(body.as_bytes(), 10)?;
    Some(if neg { -v } else { v })
}

/// BigInt::toString(radix) of a BigInt value (radix 2 to 36).
pub fn to_string_radix(v: Value, radix: u32) -> String {
    match small_of(v) {
        Some(x) => small::to_string_radix(x, radix),
        None => big(v).to_str_radix(radix),
    }
}

/// The value of a BigInt as a Number (rounded to nearest, ties to even, as the spec's 𝔽(ℝ(x))).
pub fn to_f64(v: Value) -> f64 {
    if let Some(x) = small_of(v) {
        // Exact: a 48-bit integer is a double.
        return x as f64;
    }
    let b = big(v);
    b.to_f64().unwrap_or(if b.is_negative() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// BigInt.asIntN / asUintN (None: the result would be too large to make).
pub fn as_n(bits: u64, b: &BigInt, signed: bool) -> Option<BigInt> {
    if bits == 0 {
        return Some(BigInt::zero());
    }
    // Values that fit are themselves (and need no 2^bits, which may be huge).
    if (signed && b.bits() < bits) || (!signed && !b.is_negative() && b.bits() <= bits) {
        return Some(b.clone());
    }
    if bits > 1 << 30 {
        return None;
    }
    let modulus = BigInt::one() << bits as usize;
    let r = b.mod_floor(&modulus);
    Some(if signed && r >= (BigInt::one() << (bits - 1) as usize) { r - modulus } else { r })
}

/// The error of a BigInt operator: a RangeError or a TypeError, with its message.
enum OpError {
    Range(&'static str),
    Type(&'static str),
}

/// `x op y` on two integers.
#[inline(always)]
fn general(op: BinOp, x: &BigInt, y: &BigInt) -> Result<BigInt, OpError> {
    Ok(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div | BinOp::Mod if y.is_zero() => return Err(OpError::Range("Division by zero")),
        // Truncating division and a remainder with the dividend's sign, as the spec's.
        BinOp::Div => x / y,
        BinOp::Mod => x % y,
        BinOp::Exp => {
            if y.is_negative() {
                return Err(OpError::Range("Exponent must be non-negative"));
            }
            match y.to_u32() {
                Some(e) => num_traits::pow::Pow::pow(x, e),
                None if x.is_zero() || x.is_one() => x.clone(),
                None if *x == -BigInt::one() => {
                    if y.is_even() {
                        BigInt::one()
                    } else {
                        x.clone()
                    }
                }
                None => return Err(OpError::Range("Maximum BigInt size exceeded")),
            }
        }
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::Shl | BinOp::Sar => return shift(op, x, y.is_negative(), y.magnitude().to_u64()),
        BinOp::Shr => return Err(OpError::Type("BigInts have no unsigned right shift, use >> instead")),
    })
}

/// `x << count` and `x >> count`, the count given by its sign and magnitude (None: past u64), so that a small
/// count needs no `BigInt` (`x << 13n` in a loop).
#[inline(always)]
fn shift(op: BinOp, x: &BigInt, negative: bool, magnitude: Option<u64>) -> Result<BigInt, OpError> {
    let left = (op == BinOp::Shl) != negative;
    let Some(n) = magnitude.filter(|&n| n < (1 << 30)) else {
        if left && !x.is_zero() {
            return Err(OpError::Range("Maximum BigInt size exceeded"));
        }
        return Ok(if x.is_negative() && !left { -BigInt::one() } else { BigInt::zero() });
    };
    // `>>` of a negative BigInt rounds toward negative infinity (floor), as num-bigint's shift does.
    Ok(if left { x << n as usize } else { x >> n as usize })
}

impl Vm {
    /// The BigInt value of an integer: small when it fits (canonical), else a new cell.
    #[inline(always)]
    pub fn new_bigint(&mut self, b: BigInt) -> Value {
        // Only an integer of one digit can be small: the digit count decides the rest without a conversion.
        let external = digit_bytes(&b);
        if external <= 8
            && let Some(v) = b.to_i64().and_then(Value::small_bigint)
        {
            return v;
        }
        // The heap counts the digits (`external_size`) as it allocates the cell.
        Value::bigint_cell(self.heap.alloc(BigIntCell(b)))
    }

    /// `new_bigint` of an i128, without making a `BigInt` when the value is small.
    #[inline]
    pub fn bigint_from_i128(&mut self, i: i128) -> Value {
        match i64::try_from(i).ok().and_then(Value::small_bigint) {
            Some(v) => v,
            None => self.new_bigint(BigInt::from(i)),
        }
    }

    /// A binary operator on two BigInts (the caller made sure both are).
    pub fn bigint_op(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        if let (Some(x), Some(y)) = (small_of(a), small_of(b))
            && let Some(r) = small::binary(op, x, y)
        {
            return Ok(self.bigint_from_i128(r));
        }
        // `e & 1n` on a cell: a small result from the low digit. (num-bigint's operators with a primitive operand
        // clone the cell's integer first: measured slower than making a BigInt of the small operand.)
        if op == BinOp::BitAnd
            && a.is_bigint_cell()
            && let Some(r) = small_of(b).and_then(|y| small::and_non_negative(cell(a), y))
        {
            return Ok(self.bigint_from_i128(r as i128));
        }
        let r = match (op, small_of(b)) {
            (BinOp::Shl | BinOp::Sar, Some(y)) => shift(op, &big(a), y < 0, Some(y.unsigned_abs())),
            // Two cells (the common case past the small range) borrow both integers.
            _ if a.is_bigint_cell() && b.is_bigint_cell() => general(op, cell(a), cell(b)),
            _ => general(op, &big(a), &big(b)),
        };
        match r {
            Ok(r) => Ok(self.new_bigint(r)),
            Err(OpError::Range(message)) => self.throw_range(message),
            Err(OpError::Type(message)) => self.throw_type(message),
        }
    }

    pub fn bigint_negate(&mut self, a: Value) -> Value {
        if let Some(x) = small_of(a) {
            return self.bigint_from_i128(-(x as i128));
        }
        let r = -&*big(a);
        self.new_bigint(r)
    }

    pub fn bigint_not(&mut self, a: Value) -> Value {
        if let Some(x) = small_of(a) {
            return self.bigint_from_i128(!(x as i128));
        }
        let r = !&*big(a);
        self.new_bigint(r)
    }

    /// `++` / `--` of a BigInt.
    pub fn bigint_add_small(&mut self, a: Value, d: i64) -> Value {
        if let Some(x) = small_of(a) {
            return self.bigint_from_i128(x as i128 + d as i128);
        }
        let r = &*big(a) + d;
        self.new_bigint(r)
    }

    /// ToBigInt: BigInts, booleans and strings convert; everything else is a TypeError (a bad string a
    /// SyntaxError).
    pub fn to_bigint(&mut self, v: Value) -> JsResult<Value> {
        let p = self.to_primitive(v, crate::runtime::convert::Hint::Number)?;
        if p.is_bigint() {
            return Ok(p);
        }
        if p.is_bool() {
            return Ok(self.new_bigint(BigInt::from(p.as_bool() as i32)));
        }
        if p.is_string() {
            let s = p.as_string().to_rust_string();
            return match parse(&s) {
                Some(b) => Ok(self.new_bigint(b)),
                None => self.throw(crate::realm::ErrorKind::SyntaxError, &format!("Cannot convert {s} to a BigInt")),
            };
        }
        let what = if p.is_number() {
            format!("Cannot convert {} to a BigInt", self.to_display_string(p))
        } else if p.is_symbol() {
            "Cannot convert a Symbol value to a BigInt".to_string()
        } else {
            format!("Cannot convert {} to a BigInt", self.to_display_string(p))
        };
        self.throw_type(&what)
    }
}

/// Whether a BigInt is 0n (ToBoolean). Zero is small, and canonical.
pub fn is_zero(v: Value) -> bool {
    small_of(v) == Some(0)
}

impl Vm {
    /// `==` when a side is a BigInt and the other a primitive: Some(answer), or None when the other side is an
    /// object (ToPrimitive comes first) or a boolean (it becomes a Number first).
    pub fn bigint_loose_equals(&mut self, a: Value, b: Value) -> JsResult<Option<bool>> {
        let (x, other) = if a.is_bigint() { (a, b) } else { (b, a) };
        Ok(Some(if other.is_bigint() {
            bigint_equals(x, other)
        } else if other.is_number() {
            compare_value_with_number(x, other.as_number()) == Some(Ordering::Equal)
        } else if other.is_string() {
            let s = other.as_string().to_rust_string();
            parse(&s).is_some_and(|n| n == *big(x))
        } else if other.is_object() || other.is_bool() {
            return Ok(None);
        } else {
            false
        }))
    }

    /// IsLessThan with a BigInt on a side (both primitives); None for undefined (NaN, an unparsable string).
    pub fn bigint_less_than(&mut self, a: Value, b: Value) -> JsResult<Option<bool>> {
        if let (Some(x), Some(y)) = (small_of(a), small_of(b)) {
            return Ok(Some(x < y));
        }
        let num = |vm: &mut Vm, v: Value| -> JsResult<Result<Cow<'static, BigInt>, f64>> {
            if v.is_bigint() {
                return Ok(Ok(big(v)));
            }
            if v.is_string() {
                let s = v.as_string().to_rust_string();
                return Ok(parse(&s).map(Cow::Owned).ok_or(f64::NAN));
            }
            Ok(Err(vm.to_number(v)?))
        };
        let (x, y) = (num(self, a)?, num(self, b)?);
        Ok(match (x, y) {
            (Ok(x), Ok(y)) => Some(x < y),
            (Ok(x), Err(d)) => compare_with_number(&x, d).map(|o| o == Ordering::Less),
            (Err(d), Ok(y)) => compare_with_number(&y, d).map(|o| o == Ordering::Greater),
            (Err(_), Err(_)) => None,
        })
    }
}
