//! Small BigInts: integers in [-2^47, 2^47) live in the value itself (tag `TAG_SMALL_BIGINT`, a 48-bit two's
//! complement payload), so a counter, an index or a small constant costs no cell. The operators on two of them
//! compute in i128, where every sum, difference and product of two 48-bit integers fits, and the caller boxes the
//! result as an immediate when it fits and as a cell when not.
//!
//! Invariant: the representation is canonical. A value in the range is always an immediate (`Vm::new_bigint` and
//! `Vm::bigint_from_i128` make sure), so two small BigInts are equal exactly when their bits are, and a small
//! BigInt never equals a cell.

use crate::runtime::operators::BinOp;
use num_bigint::{BigInt, Sign};
use std::cmp::Ordering;

/// `x op y` for two small BigInts, or None when the general path must decide: an error (division by zero, a
/// negative exponent, `>>>`) or a result that does not fit in an i128.
pub fn binary(op: BinOp, x: i64, y: i64) -> Option<i128> {
    let (a, b) = (x as i128, y as i128);
    Some(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div | BinOp::Mod if y == 0 => return None,
        // Rust's `/` truncates and its `%` takes the dividend's sign, as the spec's BigInt::divide and remainder.
        BinOp::Div => a / b,
        BinOp::Mod => a % b,
        BinOp::Exp => a.checked_pow(u32::try_from(y).ok()?)?,
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::Shl => shift_left(a, y)?,
        // y >= -2^47, so its negation cannot overflow.
        BinOp::Sar => shift_left(a, -y)?,
        BinOp::Shr => return None,
    })
}

/// `x & y` for a BigInt `x` and a non-negative small `y` (the common `e & 1n`): only the low bits of `x`'s two's
/// complement matter, and the result is small. None for a negative `y`.
pub fn and_non_negative(x: &BigInt, y: i64) -> Option<i64> {
    if y < 0 {
        return None;
    }
    let low = x.iter_u64_digits().next().unwrap_or(0);
    // Two's complement: the low 64 bits of -m are those of m negated.
    let low = if x.sign() == Sign::Minus { low.wrapping_neg() } else { low };
    Some((low & y as u64) as i64)
}

/// `a << n` for a 48-bit `a`; a negative `n` shifts right, rounding toward negative infinity (an arithmetic shift)
/// as the spec's BigInt::leftShift.
fn shift_left(a: i128, n: i64) -> Option<i128> {
    if n < 0 {
        return Some(a >> n.unsigned_abs().min(127));
    }
    if a == 0 {
        return Some(0);
    }
    // 48 significant bits shifted by up to 79 stay below 2^127.
    if n < 80 { Some(a << n) } else { None }
}

/// A small BigInt compared with a Number; None when the Number is NaN. Exact: a 48-bit integer is a double.
pub fn compare_with_number(x: i64, d: f64) -> Option<Ordering> {
    (x as f64).partial_cmp(&d)
}

/// The digits of a small BigInt in a radix (2 to 36), as BigInt::toString.
pub fn to_string_radix(x: i64, radix: u32) -> String {
    if radix == 10 {
        return x.to_string();
    }
    // Callers check the radix; clamping keeps `from_digit` total anyway.
    let radix = radix.clamp(2, 36);
    let mut m = x.unsigned_abs();
    let mut digits = Vec::new();
    loop {
        // `m % radix` < 36, so `from_digit` always has a digit for it.
        digits.push(char::from_digit((m % radix as u64) as u32, radix).unwrap_or('0'));
        m /= radix as u64;
        if m == 0 {
            break;
        }
    }
    if x < 0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}
