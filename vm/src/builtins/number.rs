//! Number constructor and statics, Number.prototype, and the global parseInt / parseFloat.

use super::numfmt::{to_exponential, to_fixed, to_precision, to_radix_string};
use super::util::constructor;
use super::{arg, method, value};
use crate::object::ObjectKind;
use crate::runtime::convert::{is_js_whitespace, number_to_string};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let np = vm.new_object_kind(op, ObjectKind::Number(0.0), 4);
    vm.realm.number_prototype = Value::object(np);
    let c = constructor(vm, "Number", number_ctor, 1, Value::object(np));
    let consts: [(&str, f64); 8] = [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_VALUE", f64::from_bits(1)),
        ("NaN", f64::NAN),
        ("POSITIVE_INFINITY", f64::INFINITY),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
    ];
    for (n, v) in consts {
        value(vm, c, n, Value::number(v), Attrs::NONE);
    }
    method(vm, c, "isInteger", is_integer, 1);
    method(vm, c, "isSafeInteger", is_safe_integer, 1);
    method(vm, c, "isFinite", is_finite, 1);
    method(vm, c, "isNaN", is_nan, 1);
    let g = vm.realm.global.as_object();
    let pi = method(vm, g, "parseInt", parse_int, 2);
    let pf = method(vm, g, "parseFloat", parse_float, 1);
    value(vm, c, "parseInt", Value::object(pi), Attrs::HIDDEN);
    value(vm, c, "parseFloat", Value::object(pf), Attrs::HIDDEN);

    method(vm, np, "toString", to_string, 1);
    method(vm, np, "toLocaleString", to_locale_string, 0);
    method(vm, np, "valueOf", value_of, 0);
    method(vm, np, "toFixed", fixed, 1);
    method(vm, np, "toExponential", exponential, 1);
    method(vm, np, "toPrecision", precision, 1);
}

fn number_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    // ToNumeric: a BigInt converts (exactly rounded), unlike in ToNumber.
    let n = match args.first() {
        None => 0.0,
        Some(&v) => match vm.to_numeric(v)? {
            p if p.is_bigint() => crate::bigint::to_f64(p),
            p => p.as_number(),
        },
    };
    if nt.is_undefined() {
        return Ok(Value::number(n));
    }
    let fallback = vm.realm.number_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(vm.new_object_kind(proto, ObjectKind::Number(n), 4)))
}

fn num_arg(args: &[Value]) -> Option<f64> {
    let v = arg(args, 0);
    v.is_number().then(|| v.as_number())
}

fn is_integer(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(num_arg(args).is_some_and(|d| d.is_finite() && d.trunc() == d)))
}

fn is_safe_integer(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(num_arg(args).is_some_and(|d| d.is_finite() && d.trunc() == d && d.abs() <= 9007199254740991.0)))
}

fn is_finite(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(num_arg(args).is_some_and(|d| d.is_finite())))
}

fn is_nan(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(num_arg(args).is_some_and(|d| d.is_nan())))
}

/// thisNumberValue.
fn this_number(vm: &mut Vm, this: Value, name: &str) -> JsResult<f64> {
    if this.is_number() {
        return Ok(this.as_number());
    }
    if let Some(o) = this.try_object()
        && let ObjectKind::Number(n) = o.kind
    {
        return Ok(n);
    }
    vm.throw_type(&format!("Number.prototype.{name} requires that 'this' be a Number"))
}

fn to_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this, "toString")?;
    let r = arg(args, 0);
    let radix = if r.is_undefined() { 10.0 } else { vm.to_integer(r)? };
    if !(2.0..=36.0).contains(&radix) {
        return vm.throw_range("toString() radix must be between 2 and 36");
    }
    let s = if radix == 10.0 { number_to_string(x) } else { to_radix_string(x, radix as u32) };
    Ok(vm.new_string(&s))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this, "toLocaleString")?;
    if !x.is_finite() {
        let s = if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "∞"
        } else {
            "-∞"
        };
        return Ok(vm.new_string(s));
    }
    // en-US: grouping separators, at most 3 fraction digits.
    let s = if x.abs() < 1e21 { to_fixed(x, 3) } else { number_to_string(x) };
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, s),
    };
    let (ip, fp) = match s.split_once('.') {
        Some((a, b)) => (a.to_string(), b.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in ip.chars().enumerate() {
        if i > 0 && (ip.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if neg && (ip != "0" || !fp.is_empty()) {
        out.push('-');
    }
    out.push_str(&grouped);
    if !fp.is_empty() {
        out.push('.');
        out.push_str(&fp);
    }
    Ok(vm.new_string(&out))
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(this_number(vm, this, "valueOf")?))
}

fn fixed(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this, "toFixed")?;
    let f = vm.to_integer(arg(args, 0))?;
    if !(0.0..=100.0).contains(&f) {
        return vm.throw_range("toFixed() digits argument must be between 0 and 100");
    }
    if !x.is_finite() || x.abs() >= 1e21 {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    Ok(vm.new_string(&to_fixed(x, f as usize)))
}

fn exponential(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this, "toExponential")?;
    let fv = arg(args, 0);
    let f = vm.to_integer(fv)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !(0.0..=100.0).contains(&f) {
        return vm.throw_range("toExponential() argument must be between 0 and 100");
    }
    let f = if fv.is_undefined() { None } else { Some(f as usize) };
    Ok(vm.new_string(&to_exponential(x, f)))
}

fn precision(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this, "toPrecision")?;
    let pv = arg(args, 0);
    if pv.is_undefined() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    let p = vm.to_integer(pv)?;
    if !x.is_finite() {
        return Ok(vm.new_string(&number_to_string(x)));
    }
    if !(1.0..=100.0).contains(&p) {
        return vm.throw_range("toPrecision() argument must be between 1 and 100");
    }
    Ok(vm.new_string(&to_precision(x, p as usize)))
}

/// parseInt on code units.
pub fn parse_int_units(s: &[u16], radix: i32) -> f64 {
    let mut i = 0;
    while i < s.len() && is_js_whitespace(s[i]) {
        i += 1;
    }
    let mut sign = 1.0;
    if i < s.len() && (s[i] == b'-' as u16 || s[i] == b'+' as u16) {
        if s[i] == b'-' as u16 {
            sign = -1.0;
        }
        i += 1;
    }
    let mut r = radix;
    let mut strip = true;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return f64::NAN;
        }
        if r != 16 {
            strip = false;
        }
    } else {
        r = 10;
    }
    if strip && i + 1 < s.len() && s[i] == b'0' as u16 && (s[i + 1] == b'x' as u16 || s[i + 1] == b'X' as u16) {
        i += 2;
        r = 16;
    }
    let start = i;
    let digit = |c: u16| -> Option<u32> { char::from_u32(c as u32).and_then(|ch| ch.to_digit(r as u32)) };
    while i < s.len() && digit(s[i]).is_some() {
        i += 1;
    }
    if i == start {
        return f64::NAN;
    }
    let digits = &s[start..i];
    let v = if r == 10 {
        let t: String = digits.iter().map(|&c| c as u8 as char).collect();
        t.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits.iter().fold(0.0, |acc, &c| acc * r as f64 + digit(c).unwrap() as f64)
    };
    sign * v
}

fn parse_int(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?.units().to_vec();
    let r = vm.to_int32(arg(args, 1))?;
    Ok(Value::number(parse_int_units(&s, r)))
}

/// parseFloat on code units: the longest prefix that is a StrDecimalLiteral.
pub fn parse_float_units(s: &[u16]) -> f64 {
    let mut i = 0;
    while i < s.len() && is_js_whitespace(s[i]) {
        i += 1;
    }
    let t: String = s[i..].iter().take_while(|&&c| c < 128).map(|&c| c as u8 as char).collect();
    let b = t.as_bytes();
    let mut j = 0;
    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
        j += 1;
    }
    if t[j..].starts_with("Infinity") {
        return if b.first() == Some(&b'-') { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let int_start = j;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    let mut mant_digits = j - int_start;
    if j < b.len() && b[j] == b'.' {
        let k = j + 1;
        let mut m = k;
        while m < b.len() && b[m].is_ascii_digit() {
            m += 1;
        }
        mant_digits += m - k;
        if mant_digits > 0 {
            j = m;
        }
    }
    if mant_digits == 0 {
        return f64::NAN;
    }
    if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
        let mut k = j + 1;
        if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        let ds = k;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k > ds {
            j = k;
        }
    }
    let lit = &t[..j];
    let lit = lit.strip_suffix('.').unwrap_or(lit);
    lit.parse::<f64>().unwrap_or(f64::NAN)
}

fn parse_float(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?.units().to_vec();
    Ok(Value::number(parse_float_units(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compiler::utf16 as u;

    #[test]
    fn parse_int_and_float() {
        assert_eq!(parse_int_units(&u("  42px"), 0), 42.0);
        assert_eq!(parse_int_units(&u("0x1f"), 0), 31.0);
        assert_eq!(parse_int_units(&u("-0x1f"), 16), -31.0);
        assert_eq!(parse_int_units(&u("11"), 2), 3.0);
        assert!(parse_int_units(&u("z"), 10).is_nan());
        assert!(parse_int_units(&u("1"), 37).is_nan());
        assert_eq!(parse_float_units(&u(" 3.25abc")), 3.25);
        assert_eq!(parse_float_units(&u(".5")), 0.5);
        assert_eq!(parse_float_units(&u("1e3x")), 1000.0);
        assert_eq!(parse_float_units(&u("1e")), 1.0);
        assert_eq!(parse_float_units(&u("-Infinityx")), f64::NEG_INFINITY);
        assert!(parse_float_units(&u(".")).is_nan());
        assert_eq!(parse_float_units(&u("5.")), 5.0);
    }
}
