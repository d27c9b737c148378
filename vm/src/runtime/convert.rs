//! Type conversions of the specification: ToPrimitive, ToNumber, ToString, ToBoolean, ToInt32/ToUint32, ToObject,
//! SameValue, typeof, and number <-> string.

use crate::object::{JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::string::{JsString, Units};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hint {
    Default,
    Number,
    String,
}

/// ToBoolean.
#[inline]
pub fn to_boolean(v: Value) -> bool {
    if v.is_bool() {
        v.as_bool()
    } else if v.is_int() {
        v.as_int() != 0
    } else if v.is_double() {
        let d = v.as_double();
        !(d == 0.0 || d.is_nan())
    } else if v.is_string() {
        !v.as_string().is_empty()
    } else if v.is_bigint() {
        !crate::bigint::is_zero(v)
    } else {
        !v.is_nullish() && !v.is_hole()
    }
}

/// ToInt32 of a double.
#[inline]
pub fn f64_to_int32(d: f64) -> i32 {
    if d.is_finite() && d.abs() < 2147483648.0 {
        return d as i32;
    }
    if !d.is_finite() {
        return 0;
    }
    let m = d.trunc().rem_euclid(4294967296.0);
    m as u64 as u32 as i32
}

/// JS whitespace and line terminators (StrWhiteSpaceChar).
pub fn is_js_whitespace(c: u16) -> bool {
    matches!(
        c,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// StringToNumber.
pub fn string_to_number(u: Units<'_>) -> f64 {
    let units: Vec<u16> = u.iter().collect();
    let mut start = 0;
    let mut end = units.len();
    while start < end && is_js_whitespace(units[start]) {
        start += 1;
    }
    while end > start && is_js_whitespace(units[end - 1]) {
        end -= 1;
    }
    let s = &units[start..end];
    if s.is_empty() {
        return 0.0;
    }
    if s.iter().any(|&c| c > 127) {
        return f64::NAN;
    }
    let text: String = s.iter().map(|&c| c as u8 as char).collect();
    if text.len() > 2 && text.as_bytes()[0] == b'0' {
        let radix = match text.as_bytes()[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits = &text[2..];
            let mut v = 0.0f64;
            for ch in digits.chars() {
                match ch.to_digit(radix) {
                    Some(d) => v = v * radix as f64 + d as f64,
                    None => return f64::NAN,
                }
            }
            return v;
        }
    }
    let body = text.strip_prefix(['+', '-']).unwrap_or(&text);
    if body == "Infinity" {
        return if text.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    // Rust accepts "inf"/"nan" and friends; JS only digits, one dot and an exponent.
    if !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return f64::NAN;
    }
    if body.starts_with(['e', 'E']) || body == "." || body.starts_with(".e") || body.starts_with(".E") {
        return f64::NAN;
    }
    text.parse::<f64>().unwrap_or(f64::NAN)
}

/// Number::toString(10).
pub fn number_to_string(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d == 0.0 {
        return "0".into();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    // Exact integers print directly; above 2^53 JS wants the shortest round-trip digits (ryu-js does the spec).
    if d.fract() == 0.0 && d.abs() < 9007199254740992.0 {
        return format!("{}", d as i128);
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(d).to_string()
}

impl Vm {
    /// ToPrimitive.
    pub fn to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        if !v.is_object() {
            return Ok(v);
        }
        let o = v.as_object();
        let exotic =
            self.get_v(v, crate::runtime::property::PropKey::Key(crate::atoms::key(self.atoms.sym_to_primitive)))?;
        if !exotic.is_nullish() {
            let h = match hint {
                Hint::Default => "default",
                Hint::Number => "number",
                Hint::String => "string",
            };
            let hs = self.new_string(h);
            let r = self.call(exotic, v, &[hs])?;
            if r.is_object() {
                return self.throw_type("Cannot convert object to primitive value");
            }
            return Ok(r);
        }
        let order = if hint == Hint::String {
            [self.atoms.to_string, self.atoms.value_of]
        } else {
            [self.atoms.value_of, self.atoms.to_string]
        };
        for name in order {
            let f = self.get(o, crate::runtime::property::PropKey::Key(crate::atoms::key(name)), v)?;
            if self.is_callable(f) {
                let r = self.call(f, v, &[])?;
                if !r.is_object() {
                    return Ok(r);
                }
            }
        }
        self.throw_type("Cannot convert object to primitive value")
    }

    /// ToNumber.
    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        if v.is_int() {
            return Ok(v.as_int() as f64);
        }
        if v.is_double() {
            return Ok(v.as_double());
        }
        if v.is_string() {
            return Ok(string_to_number(v.as_string().units()));
        }
        if v.is_undefined() {
            return Ok(f64::NAN);
        }
        if v.is_null() {
            return Ok(0.0);
        }
        if v.is_bool() {
            return Ok(if v.as_bool() { 1.0 } else { 0.0 });
        }
        if v.is_symbol() {
            return self.throw_type("Cannot convert a Symbol value to a number");
        }
        if v.is_bigint() {
            return self.throw_type("Cannot convert a BigInt value to a number");
        }
        let p = self.to_primitive(v, Hint::Number)?;
        self.to_number(p)
    }

    /// ToNumeric as a Value (int32 stays int32; a BigInt stays a BigInt).
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Value> {
        if v.is_number() || v.is_bigint() {
            return Ok(v);
        }
        let p = self.to_primitive(v, Hint::Number)?;
        if p.is_bigint() {
            return Ok(p);
        }
        let d = self.to_number(p)?;
        Ok(Value::number(d))
    }

    pub fn to_int32(&mut self, v: Value) -> JsResult<i32> {
        if v.is_int() {
            return Ok(v.as_int());
        }
        let d = self.to_number(v)?;
        Ok(f64_to_int32(d))
    }

    pub fn to_uint32(&mut self, v: Value) -> JsResult<u32> {
        Ok(self.to_int32(v)? as u32)
    }

    /// ToIntegerOrInfinity.
    pub fn to_integer(&mut self, v: Value) -> JsResult<f64> {
        let d = self.to_number(v)?;
        if d.is_nan() {
            return Ok(0.0);
        }
        Ok(d.trunc() + 0.0)
    }

    /// ToString.
    pub fn to_string(&mut self, v: Value) -> JsResult<Gc<JsString>> {
        if v.is_string() {
            return Ok(v.as_string());
        }
        let s = if v.is_int() {
            let i = v.as_int();
            if (0..10).contains(&i) {
                return Ok(self.latin1_char(b'0' + i as u8));
            }
            i.to_string()
        } else if v.is_double() {
            number_to_string(v.as_double())
        } else if v.is_undefined() {
            return Ok(self.atoms.undefined.as_string());
        } else if v.is_null() {
            return Ok(self.atoms.null.as_string());
        } else if v.is_bool() {
            return Ok(if v.as_bool() { self.atoms.true_ } else { self.atoms.false_ }.as_string());
        } else if v.is_symbol() {
            return self.throw_type("Cannot convert a Symbol value to a string");
        } else if v.is_bigint() {
            crate::bigint::to_string_radix(v, 10)
        } else {
            let p = self.to_primitive(v, Hint::String)?;
            return self.to_string(p);
        };
        Ok(self.heap.alloc(JsString::from_str(&s)))
    }

    pub fn to_string_value(&mut self, v: Value) -> JsResult<Value> {
        Ok(Value::string(self.to_string(v)?))
    }

    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        Ok(self.to_string(v)?.to_rust_string())
    }

    /// A string for messages: never throws, never runs user code.
    pub fn to_display_string(&mut self, v: Value) -> String {
        if v.is_string() {
            return v.as_string().to_rust_string();
        }
        if v.is_symbol() {
            let d = v.as_symbol().description;
            let d = if d.is_string() { d.as_string().to_rust_string() } else { String::new() };
            return format!("Symbol({d})");
        }
        if v.is_object() {
            let o = v.as_object();
            if o.is_callable() {
                return "function".into();
            }
            if o.is_array() {
                return "[object Array]".into();
            }
            return "[object Object]".into();
        }
        if v.is_hole() {
            return "<hole>".into();
        }
        match self.to_string(v) {
            Ok(s) => s.to_rust_string(),
            Err(_) => "?".into(),
        }
    }

    /// ToObject.
    pub fn to_object(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        if v.is_object() {
            return Ok(v.as_object());
        }
        let (proto, kind) = if v.is_number() {
            (self.realm.number_prototype, ObjectKind::Number(v.as_number()))
        } else if v.is_string() {
            (self.realm.string_prototype, ObjectKind::String(v.as_string()))
        } else if v.is_bool() {
            (self.realm.boolean_prototype, ObjectKind::Boolean(v.as_bool()))
        } else if v.is_symbol() {
            (self.realm.symbol_prototype, ObjectKind::Symbol(v))
        } else if v.is_bigint() {
            (self.realm.bigint_prototype, ObjectKind::BigInt(v))
        } else {
            return self.throw(ErrorKind::TypeError, "Cannot convert undefined or null to object");
        };
        Ok(self.new_object_kind(proto, kind, 4))
    }

    pub fn is_callable(&self, v: Value) -> bool {
        v.is_object() && v.as_object().is_callable()
    }

    pub fn is_constructor(&self, v: Value) -> bool {
        v.is_object() && v.as_object().is_constructor()
    }

    /// typeof.
    pub fn type_of(&self, v: Value) -> Value {
        let a = &self.atoms;
        if v.is_number() {
            a.number
        } else if v.is_string() {
            a.string
        } else if v.is_bool() {
            a.boolean
        } else if v.is_undefined() {
            a.undefined
        } else if v.is_symbol() {
            a.symbol
        } else if v.is_bigint() {
            a.bigint
        } else if v.is_object() && v.as_object().is_callable() {
            a.function
        } else {
            a.object
        }
    }

    /// SameValue.
    pub fn same_value(&self, a: Value, b: Value) -> bool {
        if a.is_number() && b.is_number() {
            let (x, y) = (a.as_number(), b.as_number());
            if x.is_nan() && y.is_nan() {
                return true;
            }
            return x.to_bits() == y.to_bits();
        }
        crate::runtime::operators::strict_equals(a, b)
    }

    /// SameValueZero.
    pub fn same_value_zero(&self, a: Value, b: Value) -> bool {
        if a.is_number() && b.is_number() {
            let (x, y) = (a.as_number(), b.as_number());
            return x == y || (x.is_nan() && y.is_nan());
        }
        crate::runtime::operators::strict_equals(a, b)
    }

    /// LengthOfArrayLike.
    pub fn length_of(&mut self, o: Value) -> JsResult<u64> {
        if o.is_object() && o.as_object().is_array() {
            return Ok(o.as_object().length as u64);
        }
        let l = self.get_v(o, crate::runtime::property::PropKey::Key(crate::atoms::key(self.atoms.length)))?;
        let n = self.to_integer(l)?;
        Ok(n.clamp(0.0, 9007199254740991.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> f64 {
        let u: Vec<u16> = s.encode_utf16().collect();
        string_to_number(Units::Utf16(&u))
    }

    #[test]
    fn string_to_number_follows_the_grammar() {
        assert_eq!(num("  42 "), 42.0);
        assert_eq!(num(""), 0.0);
        assert_eq!(num("0x1F"), 31.0);
        assert_eq!(num("-Infinity"), f64::NEG_INFINITY);
        assert!(num("inf").is_nan());
        assert!(num("1_0").is_nan());
        assert!(num("0x").is_nan());
        assert_eq!(num(".5"), 0.5);
        assert_eq!(num("5."), 5.0);
        assert!(num(".").is_nan());
        assert!(num("-0x10").is_nan());
        assert_eq!(num("1e3"), 1000.0);
    }

    #[test]
    fn number_to_string_matches_js() {
        assert_eq!(number_to_string(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(123456789012345680000.0), "123456789012345680000");
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(number_to_string(1.5e-7), "1.5e-7");
        assert_eq!(number_to_string(100.0), "100");
    }

    #[test]
    fn int32_conversion_wraps() {
        assert_eq!(f64_to_int32(4294967296.0 + 5.0), 5);
        assert_eq!(f64_to_int32(2147483648.0), -2147483648);
        assert_eq!(f64_to_int32(-1.5), -1);
        assert_eq!(f64_to_int32(f64::NAN), 0);
    }
}
