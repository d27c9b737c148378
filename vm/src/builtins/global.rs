//! Global functions and values: print, console.log, globalThis, NaN, Infinity, undefined, isNaN, isFinite,
//! the URI functions, escape/unescape, performance.now.

use super::{arg, method, value};
use crate::realm::ErrorKind;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::io::Write;
use std::time::Instant;
use tetra_shapes::Attrs;

thread_local! {
    static START: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
}

pub fn install(vm: &mut Vm) {
    let g = vm.realm.global.as_object();
    value(vm, g, "globalThis", vm.realm.global, Attrs::HIDDEN);
    value(vm, g, "NaN", Value::double(f64::NAN), Attrs::NONE);
    value(vm, g, "Infinity", Value::double(f64::INFINITY), Attrs::NONE);
    value(vm, g, "undefined", Value::UNDEFINED, Attrs::NONE);
    method(vm, g, "print", print, 0);
    let console = vm.new_object();
    method(vm, console, "log", print, 0);
    method(vm, console, "info", print, 0);
    method(vm, console, "warn", print, 0);
    method(vm, console, "error", print, 0);
    value(vm, g, "console", Value::object(console), Attrs::HIDDEN);
    method(vm, g, "isNaN", is_nan, 1);
    method(vm, g, "isFinite", is_finite, 1);
    method(vm, g, "encodeURIComponent", encode_uri_component, 1);
    method(vm, g, "encodeURI", encode_uri, 1);
    method(vm, g, "decodeURIComponent", decode_uri_component, 1);
    method(vm, g, "decodeURI", decode_uri, 1);
    method(vm, g, "escape", escape, 1);
    method(vm, g, "unescape", unescape, 1);
    method(vm, g, "queueMicrotask", queue_microtask, 1);
    START.with(|s| {
        if s.get().is_none() {
            s.set(Some(Instant::now()))
        }
    });
    let perf = vm.new_object();
    method(vm, perf, "now", performance_now, 0);
    value(vm, g, "performance", Value::object(perf), Attrs::HIDDEN);
}

/// `print(...args)`: ToString of each argument, space separated, then a newline.
fn print(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let mut line = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&vm.to_rust_string(*a)?);
    }
    line.push('\n');
    let _ = vm.out.write_all(line.as_bytes());
    Ok(Value::UNDEFINED)
}

/// queueMicrotask(callback): a job on the promise job queue.
fn queue_microtask(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("The \"callback\" argument must be of type function");
    }
    super::promise::enqueue_call(vm, f);
    Ok(Value::UNDEFINED)
}

fn is_nan(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(arg(args, 0))?.is_nan()))
}

fn is_finite(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(arg(args, 0))?.is_finite()))
}

fn performance_now(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let start = START.with(|s| s.get()).unwrap_or_else(Instant::now);
    Ok(Value::double(start.elapsed().as_secs_f64() * 1000.0))
}

const URI_RESERVED: &str = ";/?:@&=+$,";
const URI_UNESCAPED_EXTRA: &str = "-_.!~*'()";

fn is_unreserved(c: u16) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || URI_UNESCAPED_EXTRA.as_bytes().contains(&(c as u8)))
}

/// Encode: `keep` decides which code units stay as they are. Err(()) on a lone surrogate.
pub fn uri_encode(s: &[u16], keep: impl Fn(u16) -> bool) -> Result<Vec<u16>, ()> {
    const HEX: &[u8] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if keep(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let cp: u32 = if (0xDC00..0xE000).contains(&c) {
            return Err(());
        } else if (0xD800..0xDC00).contains(&c) {
            if i + 1 >= s.len() || !(0xDC00..0xE000).contains(&s[i + 1]) {
                return Err(());
            }
            i += 1;
            0x10000 + (((c as u32) - 0xD800) << 10) + (s[i] as u32 - 0xDC00)
        } else {
            c as u32
        };
        let mut buf = [0u8; 4];
        let ch = char::from_u32(cp).ok_or(())?;
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            out.extend_from_slice(&[b'%' as u16, HEX[(b >> 4) as usize] as u16, HEX[(b & 15) as usize] as u16]);
        }
        i += 1;
    }
    Ok(out)
}

/// Decode: escapes that decode to a unit in `reserved` stay escaped. Err(()) on malformed input.
pub fn uri_decode(s: &[u16], reserved: &str) -> Result<Vec<u16>, ()> {
    let hex = |i: usize| -> Result<u8, ()> {
        if i + 2 >= s.len() {
            return Err(());
        }
        if s[i] != b'%' as u16 {
            return Err(());
        }
        let h = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16)).ok_or(());
        Ok((h(s[i + 1])? * 16 + h(s[i + 2])?) as u8)
    };
    let mut out = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        let c = s[k];
        if c != b'%' as u16 {
            out.push(c);
            k += 1;
            continue;
        }
        if k + 2 >= s.len() {
            return Err(());
        }
        let start = k;
        let b = hex(k)?;
        k += 3;
        if b < 0x80 {
            if reserved.as_bytes().contains(&b) {
                out.extend_from_slice(&s[start..k]);
            } else {
                out.push(b as u16);
            }
            continue;
        }
        let n = if b & 0xE0 == 0xC0 {
            2
        } else if b & 0xF0 == 0xE0 {
            3
        } else if b & 0xF8 == 0xF0 {
            4
        } else {
            return Err(());
        };
        let mut bytes = vec![b];
        for _ in 1..n {
            if k + 2 >= s.len() {
                return Err(());
            }
            let b = hex(k)?;
            if b & 0xC0 != 0x80 {
                return Err(());
            }
            bytes.push(b);
            k += 3;
        }
        let st = std::str::from_utf8(&bytes).map_err(|_| ())?;
        out.extend(st.encode_utf16());
    }
    Ok(out)
}

fn uri_op(vm: &mut Vm, args: &[Value], op: u8) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?.units().to_vec();
    let r = match op {
        0 => uri_encode(&s, is_unreserved),
        1 => uri_encode(&s, |c| {
            is_unreserved(c) || c == b'#' as u16 || (c < 128 && URI_RESERVED.as_bytes().contains(&(c as u8)))
        }),
        2 => uri_decode(&s, ""),
        _ => uri_decode(&s, ";/?:@&=+$,#"),
    };
    match r {
        Ok(u) => vm.new_string_units(u),
        Err(()) => vm.throw(ErrorKind::URIError, "URI malformed"),
    }
}

fn encode_uri_component(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    uri_op(vm, args, 0)
}
fn encode_uri(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    uri_op(vm, args, 1)
}
fn decode_uri_component(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    uri_op(vm, args, 2)
}
fn decode_uri(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    uri_op(vm, args, 3)
}

fn escape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const HEX: &[u8] = b"0123456789ABCDEF";
    let s = vm.to_string(arg(args, 0))?.units().to_vec();
    let mut out = Vec::new();
    for c in s {
        if c < 128 && ((c as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(c as u8))) {
            out.push(c);
        } else if c < 256 {
            out.extend_from_slice(&[b'%' as u16, HEX[(c >> 4) as usize] as u16, HEX[(c & 15) as usize] as u16]);
        } else {
            out.extend_from_slice(&[b'%' as u16, b'u' as u16]);
            for sh in [12, 8, 4, 0] {
                out.push(HEX[((c >> sh) & 15) as usize] as u16);
            }
        }
    }
    vm.new_string_units(out)
}

fn unescape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?.units().to_vec();
    let h = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16));
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == b'%' as u16 {
            if i + 5 < s.len()
                && s[i + 1] == b'u' as u16
                && let (Some(a), Some(b), Some(c2), Some(d)) = (h(s[i + 2]), h(s[i + 3]), h(s[i + 4]), h(s[i + 5]))
            {
                out.push((a * 4096 + b * 256 + c2 * 16 + d) as u16);
                i += 6;
                continue;
            }
            if i + 2 < s.len()
                && let (Some(a), Some(b)) = (h(s[i + 1]), h(s[i + 2]))
            {
                out.push((a * 16 + b) as u16);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    vm.new_string_units(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compiler::utf16 as u;

    #[test]
    fn uri_round_trip() {
        let e = uri_encode(&u("a b&é/"), is_unreserved).unwrap();
        assert_eq!(String::from_utf16(&e).unwrap(), "a%20b%26%C3%A9%2F");
        assert_eq!(uri_decode(&e, "").unwrap(), u("a b&é/"));
        assert_eq!(uri_decode(&u("%2F%41"), ";/?:@&=+$,#").unwrap(), u("%2FA"));
        assert!(uri_decode(&u("%E0%A4%A"), "").is_err());
        assert!(uri_decode(&u("%"), "").is_err());
        assert!(uri_encode(&[0xD800], is_unreserved).is_err());
    }
}
