//! Operators with exact JS semantics: the slow paths behind the interpreter's int32/double fast paths.

use crate::runtime::convert::{Hint, f64_to_int32};
use crate::string::{JsString, Units, UnitsBuf};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Ropes are made only above this length: short concatenations copy (cheaper to read later).
const ROPE_MIN: usize = 24;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Exp,
    BitOr,
    BitXor,
    BitAnd,
    Shl,
    Sar,
    Shr,
}

/// IsStrictlyEqual.
#[inline]
pub fn strict_equals(a: Value, b: Value) -> bool {
    if a.is_number() && b.is_number() {
        if a.is_int() && b.is_int() {
            return a.0 == b.0;
        }
        return a.as_number() == b.as_number();
    }
    if a.0 == b.0 {
        return true;
    }
    (a.is_string() && b.is_string() || a.is_bigint() && b.is_bigint()) && same_contents(a, b)
}

/// Whether two strings have the same units, or two BigInts the same value. Out of line: inlined into the
/// interpreter's `TestEqualStrict`, the units and digits compared there gave its fast half a stack frame, and its
/// dispatch became a call that kept stale values on the native stack (docs/design-notes.md, "The interpreter's
/// native stack slack is small"): AWFY Json kept 10 MB of old parse trees alive.
#[inline(never)]
fn same_contents(a: Value, b: Value) -> bool {
    if a.is_string() { a.as_string().same_contents(&b.as_string()) } else { crate::bigint::bigint_equals(a, b) }
}

/// JS `%` on doubles (sign of the dividend, like C fmod).
#[inline]
pub fn js_mod(a: f64, b: f64) -> f64 {
    if b.is_infinite() && a.is_finite() {
        return a;
    }
    a % b
}

/// Number::exponentiate (differs from powf for NaN exponents with base 1 and |base| = 1 with infinite exponents).
pub fn js_pow(base: f64, exp: f64) -> f64 {
    if exp.is_nan() {
        return f64::NAN;
    }
    if exp == 0.0 {
        return 1.0;
    }
    if (base == 1.0 || base == -1.0) && exp.is_infinite() {
        return f64::NAN;
    }
    base.powf(exp)
}

pub fn arith(op: BinOp, a: f64, b: f64) -> f64 {
    match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        BinOp::Mod => js_mod(a, b),
        BinOp::Exp => js_pow(a, b),
        BinOp::BitOr => (f64_to_int32(a) | f64_to_int32(b)) as f64,
        BinOp::BitXor => (f64_to_int32(a) ^ f64_to_int32(b)) as f64,
        BinOp::BitAnd => (f64_to_int32(a) & f64_to_int32(b)) as f64,
        BinOp::Shl => f64_to_int32(a).wrapping_shl(f64_to_int32(b) as u32 & 31) as f64,
        BinOp::Sar => (f64_to_int32(a) >> (f64_to_int32(b) as u32 & 31)) as f64,
        BinOp::Shr => ((f64_to_int32(a) as u32) >> (f64_to_int32(b) as u32 & 31)) as f64,
    }
}

impl Vm {
    /// Any binary operator on any values (after the fast paths missed).
    pub fn binary_op(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        if a.is_small_bigint() && b.is_small_bigint() {
            return self.bigint_op(op, a, b);
        }
        if op == BinOp::Add {
            return self.add(a, b);
        }
        let x = self.to_numeric(a)?;
        let y = self.to_numeric(b)?;
        self.numeric_op(op, x, y)
    }

    /// An arithmetic operator on two numerics: Numbers, or BigInts (mixing them is a TypeError).
    fn numeric_op(&mut self, op: BinOp, x: Value, y: Value) -> JsResult<Value> {
        match (x.is_bigint(), y.is_bigint()) {
            (false, false) => Ok(Value::number(arith(op, x.as_number(), y.as_number()))),
            (true, true) => self.bigint_op(op, x, y),
            _ => self.throw_type("Cannot mix BigInt and other types, use explicit conversions"),
        }
    }

    /// Unary `-`.
    pub fn negate(&mut self, v: Value) -> JsResult<Value> {
        let x = self.to_numeric(v)?;
        if x.is_bigint() {
            return Ok(self.bigint_negate(x));
        }
        Ok(Value::number(-x.as_number()))
    }

    /// `~`.
    pub fn bitwise_not(&mut self, v: Value) -> JsResult<Value> {
        let x = self.to_numeric(v)?;
        if x.is_bigint() {
            return Ok(self.bigint_not(x));
        }
        Ok(Value::int(!f64_to_int32(x.as_number())))
    }

    /// `++` (delta 1) and `--` (delta -1).
    pub fn increment(&mut self, v: Value, delta: i32) -> JsResult<Value> {
        let x = self.to_numeric(v)?;
        if x.is_bigint() {
            return Ok(self.bigint_add_small(x, delta as i64));
        }
        Ok(Value::number(x.as_number() + delta as f64))
    }

    /// The `+` operator.
    pub fn add(&mut self, a: Value, b: Value) -> JsResult<Value> {
        if a.is_number() && b.is_number() {
            return Ok(Value::number(a.as_number() + b.as_number()));
        }
        if a.is_string() && b.is_string() {
            return self.concat(a, b);
        }
        if a.is_small_bigint() && b.is_small_bigint() {
            return self.bigint_op(BinOp::Add, a, b);
        }
        let pa = self.to_primitive(a, Hint::Default)?;
        let pb = self.to_primitive(b, Hint::Default)?;
        if pa.is_string() || pb.is_string() {
            let sa = self.to_string_value(pa)?;
            let sb = self.to_string_value(pb)?;
            return self.concat(sa, sb);
        }
        let x = self.to_numeric(pa)?;
        let y = self.to_numeric(pb)?;
        self.numeric_op(BinOp::Add, x, y)
    }

    /// Concatenation of two strings (a rope when long); a RangeError past the longest string (V8's limit).
    pub fn concat(&mut self, a: Value, b: Value) -> JsResult<Value> {
        let (x, y) = (a.as_string(), b.as_string());
        if x.is_empty() {
            return Ok(b);
        }
        if y.is_empty() {
            return Ok(a);
        }
        let total = x.len() + y.len();
        if total > crate::builtins::string::MAX_STRING_LENGTH {
            return self.throw_range("Invalid string length");
        }
        if total >= ROPE_MIN {
            return Ok(Value::string(self.heap.alloc(JsString::rope(x, y))));
        }
        if let (Units::Latin1(_), Units::Latin1(_)) = (x.units(), y.units()) {
            let s = JsString::alloc_latin1_with(&mut self.heap, total, |d| {
                if let (Units::Latin1(p), Units::Latin1(q)) = (x.units(), y.units()) {
                    d[..p.len()].copy_from_slice(p);
                    d[p.len()..].copy_from_slice(q);
                }
            });
            return Ok(Value::string(s));
        }
        let mut units = UnitsBuf::with_capacity(total);
        units.push_units(x.units());
        units.push_units(y.units());
        self.new_string_buf(units)
    }

    /// IsLooselyEqual (`==`).
    pub fn loose_equals(&mut self, a: Value, b: Value) -> JsResult<bool> {
        if a.is_number() && b.is_number() || a.is_string() && b.is_string() {
            return Ok(strict_equals(a, b));
        }
        if a.is_nullish() && b.is_nullish() {
            return Ok(true);
        }
        if a.is_nullish() || b.is_nullish() {
            return Ok(false);
        }
        if a.is_object() && b.is_object() || a.is_bool() && b.is_bool() || a.is_symbol() && b.is_symbol() {
            return Ok(a.0 == b.0);
        }
        if (a.is_bigint() || b.is_bigint())
            && let Some(r) = self.bigint_loose_equals(a, b)?
        {
            return Ok(r);
        }
        if a.is_number() && b.is_string() {
            let y = self.to_number(b)?;
            return Ok(a.as_number() == y);
        }
        if a.is_string() && b.is_number() {
            let x = self.to_number(a)?;
            return Ok(x == b.as_number());
        }
        if a.is_bool() {
            let x = Value::int(a.as_bool() as i32);
            return self.loose_equals(x, b);
        }
        if b.is_bool() {
            let y = Value::int(b.as_bool() as i32);
            return self.loose_equals(a, y);
        }
        if b.is_object() && (a.is_number() || a.is_string() || a.is_symbol() || a.is_bigint()) {
            let pb = self.to_primitive(b, Hint::Default)?;
            return self.loose_equals(a, pb);
        }
        if a.is_object() && (b.is_number() || b.is_string() || b.is_symbol() || b.is_bigint()) {
            let pa = self.to_primitive(a, Hint::Default)?;
            return self.loose_equals(pa, b);
        }
        Ok(false)
    }

    /// IsLessThan(a, b, left_first): Some(bool), or None for undefined (NaN involved).
    pub fn less_than(&mut self, a: Value, b: Value, left_first: bool) -> JsResult<Option<bool>> {
        let (pa, pb) = if left_first {
            let pa = self.to_primitive(a, Hint::Number)?;
            let pb = self.to_primitive(b, Hint::Number)?;
            (pa, pb)
        } else {
            let pb = self.to_primitive(b, Hint::Number)?;
            let pa = self.to_primitive(a, Hint::Number)?;
            (pa, pb)
        };
        if pa.is_string() && pb.is_string() {
            let (x, y) = (pa.as_string(), pb.as_string());
            return Ok(Some(x.units().cmp_units(&y.units()) == std::cmp::Ordering::Less));
        }
        if pa.is_bigint() || pb.is_bigint() {
            return self.bigint_less_than(pa, pb);
        }
        let x = self.to_number(pa)?;
        let y = self.to_number(pb)?;
        if x.is_nan() || y.is_nan() {
            return Ok(None);
        }
        Ok(Some(x < y))
    }

    /// `a < b`, `a > b`, `a <= b`, `a >= b`.
    pub fn compare(&mut self, a: Value, b: Value, op: CompareOp) -> JsResult<bool> {
        if a.is_number() && b.is_number() {
            let (x, y) = (a.as_number(), b.as_number());
            return Ok(match op {
                CompareOp::Lt => x < y,
                CompareOp::Gt => x > y,
                CompareOp::Le => x <= y,
                CompareOp::Ge => x >= y,
            });
        }
        if a.is_small_bigint() && b.is_small_bigint() {
            let (x, y) = (a.as_small_bigint(), b.as_small_bigint());
            return Ok(match op {
                CompareOp::Lt => x < y,
                CompareOp::Gt => x > y,
                CompareOp::Le => x <= y,
                CompareOp::Ge => x >= y,
            });
        }
        Ok(match op {
            CompareOp::Lt => self.less_than(a, b, true)? == Some(true),
            CompareOp::Gt => self.less_than(b, a, false)? == Some(true),
            CompareOp::Le => self.less_than(b, a, false)? == Some(false),
            CompareOp::Ge => self.less_than(a, b, true)? == Some(false),
        })
    }

    /// InstanceofOperator.
    pub fn instance_of(&mut self, v: Value, target: Value) -> JsResult<bool> {
        if !target.is_object() {
            return self.throw_type("Right-hand side of 'instanceof' is not an object");
        }
        let key = crate::runtime::property::PropKey::Key(crate::atoms::key(self.atoms.sym_has_instance));
        let h = self.get_v(target, key)?;
        if !h.is_nullish() {
            let r = self.call(h, target, &[v])?;
            return Ok(crate::runtime::convert::to_boolean(r));
        }
        if !self.is_callable(target) {
            return self.throw_type("Right-hand side of 'instanceof' is not callable");
        }
        self.ordinary_has_instance(target, v)
    }

    /// OrdinaryHasInstance.
    pub fn ordinary_has_instance(&mut self, c: Value, v: Value) -> JsResult<bool> {
        if !self.is_callable(c) {
            return Ok(false);
        }
        if let crate::object::ObjectKind::Bound(b) = &c.as_object().kind {
            let t = b.target;
            return self.instance_of(v, t);
        }
        if !v.is_object() {
            return Ok(false);
        }
        let key = crate::runtime::property::PropKey::Key(crate::atoms::key(self.atoms.prototype));
        let proto = self.get_v(c, key)?;
        if !proto.is_object() {
            return self.throw_type("Function has non-object prototype in instanceof check");
        }
        let mut hops = 0;
        let mut o = self.prototype_step(v.as_object(), &mut hops)?;
        while o.is_object() {
            if o == proto {
                return Ok(true);
            }
            o = self.prototype_step(o.as_object(), &mut hops)?;
        }
        Ok(false)
    }

    /// The `in` operator.
    pub fn has_in(&mut self, key: Value, target: Value) -> JsResult<bool> {
        if super::private::is_private_name(key) {
            return self.private_has(target, key);
        }
        if !target.is_object() {
            let k = self.to_display_string(key);
            return self.throw_type(&format!("Cannot use 'in' operator to search for '{k}' in non-object"));
        }
        let k = self.to_property_key(key)?;
        self.has_property(target.as_object(), k)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompareOp {
    Lt,
    Gt,
    Le,
    Ge,
}
