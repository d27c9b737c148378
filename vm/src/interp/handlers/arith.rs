//! Arithmetic, bitwise, unary, conversion and comparison bytecodes: int32 fast paths with overflow checks, then
//! doubles, then the generic operators; each records its operand types in the feedback vector.

use super::{h_reg, h_set_reg, handler};
use crate::feedback::{hint, hint_of};
use crate::runtime::convert::to_boolean;
use crate::runtime::operators::{BinOp, CompareOp, arith, js_mod, js_pow, strict_equals};
use crate::value::Value;

#[inline(always)]
fn int_add(a: i32, b: i32) -> Option<Value> {
    a.checked_add(b).map(Value::int)
}
#[inline(always)]
fn int_sub(a: i32, b: i32) -> Option<Value> {
    a.checked_sub(b).map(Value::int)
}
#[inline(always)]
fn int_mul(a: i32, b: i32) -> Option<Value> {
    let r = a.checked_mul(b)?;
    // 0 * -5 is -0 in JS: only an int result when it is not a negative zero.
    if r == 0 && (a < 0 || b < 0) { None } else { Some(Value::int(r)) }
}
#[inline(always)]
fn int_div(a: i32, b: i32) -> Option<Value> {
    if b == 0 || (a == 0 && b < 0) || (a == i32::MIN && b == -1) || a % b != 0 {
        return None;
    }
    Some(Value::int(a / b))
}
#[inline(always)]
fn int_mod(a: i32, b: i32) -> Option<Value> {
    // Negative dividends can produce -0 (e.g. -4 % 2); leave them to the double path.
    if b <= 0 || a < 0 {
        return None;
    }
    Some(Value::int(a % b))
}
#[inline(always)]
fn int_or(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a | b))
}
#[inline(always)]
fn int_xor(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a ^ b))
}
#[inline(always)]
fn int_and(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a & b))
}
#[inline(always)]
fn int_shl(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a.wrapping_shl(b as u32 & 31)))
}
#[inline(always)]
fn int_sar(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a >> (b as u32 & 31)))
}
#[inline(always)]
fn int_shr(a: i32, b: i32) -> Option<Value> {
    let r = (a as u32) >> (b as u32 & 31);
    if r <= i32::MAX as u32 { Some(Value::int(r as i32)) } else { None }
}
#[inline(always)]
fn int_none(_: i32, _: i32) -> Option<Value> {
    None
}

fn dbl_add(a: f64, b: f64) -> f64 {
    a + b
}
fn dbl_sub(a: f64, b: f64) -> f64 {
    a - b
}
fn dbl_mul(a: f64, b: f64) -> f64 {
    a * b
}
fn dbl_div(a: f64, b: f64) -> f64 {
    a / b
}
fn dbl_or(a: f64, b: f64) -> f64 {
    arith(BinOp::BitOr, a, b)
}
fn dbl_xor(a: f64, b: f64) -> f64 {
    arith(BinOp::BitXor, a, b)
}
fn dbl_and(a: f64, b: f64) -> f64 {
    arith(BinOp::BitAnd, a, b)
}
fn dbl_shl(a: f64, b: f64) -> f64 {
    arith(BinOp::Shl, a, b)
}
fn dbl_sar(a: f64, b: f64) -> f64 {
    arith(BinOp::Sar, a, b)
}
fn dbl_shr(a: f64, b: f64) -> f64 {
    arith(BinOp::Shr, a, b)
}

/// `acc = lhs-register OP acc`.
macro_rules! binary_reg {
    ($name:ident, $op:ident, $int:path, $dbl:path, $kind:expr) => {
        handler!($name, $op, |ip, fp, acc, t, cx| {
            let d = decode!();
            let l = reg!(d.lhs);
            let r = acc;
            let fb = feedback!(d.slot);
            if l.is_int() && r.is_int() {
                if let Some(v) = $int(l.as_int(), r.as_int()) {
                    fb.record_hint(hint::INT32);
                    acc = v;
                    next_star!();
                }
            }
            if l.is_number() && r.is_number() {
                fb.record_hint(hint::NUMBER);
                acc = Value::number($dbl(l.as_number(), r.as_number()));
                next_star!();
            }
        } slow {
            let d = decode!();
            let l = reg!(d.lhs);
            feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
            acc = tri!(vm!().binary_op($kind, l, acc));
            next_star!()
        });
    };
}

/// `acc = acc OP immediate` (also Inc/Dec with an implicit 1).
macro_rules! binary_imm {
    ($name:ident, $op:ident, $imm:expr, $int:path, $dbl:path, $kind:expr) => {
        handler!($name, $op, |ip, fp, acc, t, cx| {
            let d = decode!();
            let imm: i32 = $imm(&d);
            let l = acc;
            let fb = feedback!(d.slot);
            if l.is_int() {
                if let Some(v) = $int(l.as_int(), imm) {
                    fb.record_hint(hint::INT32);
                    acc = v;
                    next_star!();
                }
            }
            if l.is_number() {
                fb.record_hint(hint::NUMBER);
                acc = Value::number($dbl(l.as_number(), imm as f64));
                next_star!();
            }
        } slow {
            let d = decode!();
            let imm: i32 = $imm(&d);
            feedback!(d.slot).record_hint(hint_of(acc));
            acc = tri!(vm!().binary_op($kind, acc, Value::int(imm)));
            next_star!()
        });
    };
}

handler!(add, Add, |ip, fp, acc, t, cx| {
    let d = decode!();
    let l = reg!(d.lhs);
    let fb = feedback!(d.slot);
    if l.is_int() && acc.is_int()
        && let Some(v) = int_add(l.as_int(), acc.as_int()) {
            fb.record_hint(hint::INT32);
            acc = v;
            next_star!();
        }
    if l.is_number() && acc.is_number() {
        fb.record_hint(hint::NUMBER);
        acc = Value::number(l.as_number() + acc.as_number());
        next_star!();
    }
} slow {
    let d = decode!();
    let l = reg!(d.lhs);
    let fb = feedback!(d.slot);
    if l.is_string() && acc.is_string() {
        fb.record_hint(hint::STRING);
        acc = tri!(vm!().concat(l, acc));
        next_star!();
    }
    fb.record_hint(hint_of(l) | hint_of(acc));
    acc = tri!(vm!().add(l, acc));
    next_star!()
});

binary_reg!(sub, Sub, int_sub, dbl_sub, BinOp::Sub);
binary_reg!(mul, Mul, int_mul, dbl_mul, BinOp::Mul);
binary_reg!(div, Div, int_div, dbl_div, BinOp::Div);
binary_reg!(modulo, Mod, int_mod, js_mod, BinOp::Mod);
binary_reg!(exp, Exp, int_none, js_pow, BinOp::Exp);
binary_reg!(bitwise_or, BitwiseOr, int_or, dbl_or, BinOp::BitOr);
binary_reg!(bitwise_xor, BitwiseXor, int_xor, dbl_xor, BinOp::BitXor);
binary_reg!(bitwise_and, BitwiseAnd, int_and, dbl_and, BinOp::BitAnd);
binary_reg!(shift_left, ShiftLeft, int_shl, dbl_shl, BinOp::Shl);
binary_reg!(shift_right, ShiftRight, int_sar, dbl_sar, BinOp::Sar);
binary_reg!(shift_right_logical, ShiftRightLogical, int_shr, dbl_shr, BinOp::Shr);

binary_imm!(add_smi, AddSmi, |d: &crate::bytecode::ops::AddSmi| d.value, int_add, dbl_add, BinOp::Add);
binary_imm!(sub_smi, SubSmi, |d: &crate::bytecode::ops::SubSmi| d.value, int_sub, dbl_sub, BinOp::Sub);
binary_imm!(mul_smi, MulSmi, |d: &crate::bytecode::ops::MulSmi| d.value, int_mul, dbl_mul, BinOp::Mul);
binary_imm!(mod_smi, ModSmi, |d: &crate::bytecode::ops::ModSmi| d.value, int_mod, js_mod, BinOp::Mod);
binary_imm!(
    bitwise_or_smi,
    BitwiseOrSmi,
    |d: &crate::bytecode::ops::BitwiseOrSmi| d.value,
    int_or,
    dbl_or,
    BinOp::BitOr
);
binary_imm!(
    bitwise_and_smi,
    BitwiseAndSmi,
    |d: &crate::bytecode::ops::BitwiseAndSmi| d.value,
    int_and,
    dbl_and,
    BinOp::BitAnd
);
binary_imm!(
    shift_left_smi,
    ShiftLeftSmi,
    |d: &crate::bytecode::ops::ShiftLeftSmi| d.value,
    int_shl,
    dbl_shl,
    BinOp::Shl
);
binary_imm!(
    shift_right_smi,
    ShiftRightSmi,
    |d: &crate::bytecode::ops::ShiftRightSmi| d.value,
    int_sar,
    dbl_sar,
    BinOp::Sar
);
binary_imm!(
    shift_right_logical_smi,
    ShiftRightLogicalSmi,
    |d: &crate::bytecode::ops::ShiftRightLogicalSmi| d.value,
    int_shr,
    dbl_shr,
    BinOp::Shr
);
/// `++`/`--`: ToNumeric then +/- 1 (never string concatenation, unlike AddSmi).
macro_rules! step {
    ($name:ident, $op:ident, $int:path, $delta:expr) => {
        handler!($name, $op, |ip, fp, acc, t, cx| {
            let d = decode!();
            let fb = feedback!(d.slot);
            if acc.is_int() {
                if let Some(v) = $int(acc.as_int(), 1) {
                    fb.record_hint(hint::INT32);
                    acc = v;
                    next_star!();
                }
            }
        } slow {
            let d = decode!();
            let fb = feedback!(d.slot);
            fb.record_hint(if acc.is_number() { hint::NUMBER } else { hint_of(acc) });
            acc = tri!(vm!().increment(acc, $delta));
            next_star!()
        });
    };
}

step!(inc, Inc, int_add, 1);
step!(dec, Dec, int_sub, -1);

handler!(negate, Negate, |ip, fp, acc, t, cx| {
    let d = decode!();
    if acc.is_int() && acc.as_int() != 0 && acc.as_int() != i32::MIN {
        feedback!(d.slot).record_hint(hint::INT32);
        acc = Value::int(-acc.as_int());
    } else {
        feedback!(d.slot).record_hint(if acc.is_number() { hint::NUMBER } else { hint_of(acc) });
        acc = tri!(vm!().negate(acc));
    }
    next_star!()
});

handler!(bitwise_not, BitwiseNot, |ip, fp, acc, t, cx| {
    let d = decode!();
    feedback!(d.slot).record_hint(hint_of(acc));
    acc = if acc.is_int() { Value::int(!acc.as_int()) } else { tri!(vm!().bitwise_not(acc)) };
    next_star!()
});

handler!(to_numeric, ToNumeric, |ip, fp, acc, t, cx| {
    if !acc.is_number() {
        acc = tri!(vm!().to_numeric(acc));
    }
    next_star!()
});

handler!(to_number, ToNumber, |ip, fp, acc, t, cx| {
    if !acc.is_number() {
        acc = Value::number(tri!(vm!().to_number(acc)));
    }
    next_star!()
});

handler!(to_string, ToString, |ip, fp, acc, t, cx| {
    if !acc.is_string() {
        acc = tri!(vm!().to_string_value(acc));
    }
    next_star!()
});

handler!(to_property_key, ToPropertyKey, |ip, fp, acc, t, cx| {
    if !acc.is_string() && !acc.is_symbol() && !acc.is_int() {
        let k = tri!(vm!().to_property_key(acc));
        acc = vm!().key_to_value(k);
    }
    next_star!()
});

handler!(to_object, ToObject, |ip, fp, acc, t, cx| {
    acc = Value::object(tri!(vm!().to_object(acc)));
    next_star!()
});

handler!(logical_not, LogicalNot, |ip, fp, acc, t, cx| { next_test!(!to_boolean(acc)) });

handler!(type_of, TypeOf, |ip, fp, acc, t, cx| {
    acc = vm!().type_of(acc);
    next_star!()
});

handler!(test_equal, TestEqual, |ip, fp, acc, t, cx| {
    let d = decode!();
    let l = reg!(d.lhs);
    if l.is_int() && acc.is_int() {
        feedback!(d.slot).record_hint(hint::INT32);
        next_test!(l.0 == acc.0);
    }
} slow {
    let d = decode!();
    let l = reg!(d.lhs);
    feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
    let r = tri!(vm!().loose_equals(l, acc));
    next_test!(r)
});

handler!(test_equal_strict, TestEqualStrict, |ip, fp, acc, t, cx| {
    let d = decode!();
    let l = reg!(d.lhs);
    // Two strings with different pointers compare their units, out of line, unless both are interned (then they
    // differ: equal interned strings are one string).
    if !(l.is_string() && acc.is_string()) || l.0 == acc.0 {
        feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
        next_test!(strict_equals(l, acc));
    }
    if l.as_string().is_interned() && acc.as_string().is_interned() {
        feedback!(d.slot).record_hint(hint::STRING);
        next_test!(false);
    }
} slow {
    let d = decode!();
    let l = reg!(d.lhs);
    feedback!(d.slot).record_hint(hint::STRING);
    next_test!(strict_equals(l, acc))
});

macro_rules! compare {
    ($name:ident, $op:ident, $cmp:tt, $kind:expr) => {
        handler!($name, $op, |ip, fp, acc, t, cx| {
            let d = decode!();
            let l = reg!(d.lhs);
            let fb = feedback!(d.slot);
            if l.is_int() && acc.is_int() {
                fb.record_hint(hint::INT32);
                next_test!(l.as_int() $cmp acc.as_int());
            }
            if l.is_number() && acc.is_number() {
                fb.record_hint(hint::NUMBER);
                next_test!(l.as_number() $cmp acc.as_number());
            }
        } slow {
            let d = decode!();
            let l = reg!(d.lhs);
            feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
            let r = tri!(vm!().compare(l, acc, $kind));
            next_test!(r)
        });
    };
}

compare!(test_less_than, TestLessThan, <, CompareOp::Lt);
compare!(test_greater_than, TestGreaterThan, >, CompareOp::Gt);
compare!(test_less_than_or_equal, TestLessThanOrEqual, <=, CompareOp::Le);
compare!(test_greater_than_or_equal, TestGreaterThanOrEqual, >=, CompareOp::Ge);

handler!(test_instance_of, TestInstanceOf, |ip, fp, acc, t, cx| {
    let d = decode!();
    let r = tri!(vm!().instance_of(reg!(d.lhs), acc));
    next_test!(r)
});

handler!(test_in, TestIn, |ip, fp, acc, t, cx| {
    let d = decode!();
    let r = tri!(vm!().has_in(reg!(d.lhs), acc));
    next_test!(r)
});

handler!(test_nullish, TestNullish, |ip, fp, acc, t, cx| { next_test!(acc.is_nullish()) });
handler!(test_undefined, TestUndefined, |ip, fp, acc, t, cx| { next_test!(acc.is_undefined()) });
handler!(test_null, TestNull, |ip, fp, acc, t, cx| { next_test!(acc.is_null()) });
