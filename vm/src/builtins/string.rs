//! String constructor, String.prototype and %StringIteratorPrototype%. Everything works on UTF-16 code units.

use super::util::{atom, constructor, iter_result, sym_method};
use super::{arg, method};
use crate::object::IteratorClass;
use crate::object::ObjectKind;
use crate::runtime::convert::{is_js_whitespace, to_boolean};
use crate::string::{JsString, Units, UnitsBuf};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

/// Longest string tetra makes (V8's limit on 64-bit hosts).
pub const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

pub fn install(vm: &mut Vm) {
    let empty = vm.atoms.empty.as_string();
    let op = vm.realm.object_prototype;
    let sp = vm.new_object_kind(op, ObjectKind::String(empty), 4);
    vm.realm.string_prototype = Value::object(sp);
    let c = constructor(vm, "String", string_ctor, 1, Value::object(sp));
    method(vm, c, "fromCharCode", from_char_code, 1);
    method(vm, c, "fromCodePoint", from_code_point, 1);
    method(vm, c, "raw", raw, 1);

    let fns: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("at", at, 1),
        ("charAt", char_at, 1),
        ("charCodeAt", char_code_at, 1),
        ("codePointAt", code_point_at, 1),
        ("concat", concat, 1),
        ("endsWith", ends_with, 1),
        ("includes", includes, 1),
        ("indexOf", index_of, 1),
        ("isWellFormed", is_well_formed, 0),
        ("lastIndexOf", last_index_of, 1),
        ("localeCompare", locale_compare, 1),
        ("match", match_, 1),
        ("matchAll", match_all, 1),
        ("normalize", normalize, 0),
        ("search", search, 1),
        ("padEnd", pad_end, 1),
        ("padStart", pad_start, 1),
        ("repeat", repeat, 1),
        ("replace", replace, 2),
        ("replaceAll", replace_all, 2),
        ("slice", slice, 2),
        ("split", split, 2),
        ("startsWith", starts_with, 1),
        ("substring", substring, 2),
        ("substr", substr, 2),
        ("toLowerCase", to_lower_case, 0),
        ("toUpperCase", to_upper_case, 0),
        ("toLocaleLowerCase", to_lower_case, 0),
        ("toLocaleUpperCase", to_upper_case, 0),
        ("toString", to_string, 0),
        ("toWellFormed", to_well_formed, 0),
        ("valueOf", to_string, 0),
        ("trim", trim, 0),
    ];
    for &(name, f, len) in fns {
        method(vm, sp, name, f, len);
    }
    let ts = method(vm, sp, "trimStart", trim_start, 0);
    let te = method(vm, sp, "trimEnd", trim_end, 0);
    super::value(vm, sp, "trimLeft", Value::object(ts), Attrs::HIDDEN);
    super::value(vm, sp, "trimRight", Value::object(te), Attrs::HIDDEN);
    let si = vm.atoms.sym_iterator;
    sym_method(vm, sp, si, "[Symbol.iterator]", string_iterator, 0, Attrs::HIDDEN);

    let sip = super::util::iterator_prototype(vm, "String Iterator", string_iterator_next);
    vm.realm.string_iterator_prototype = Value::object(sip);
}

/// SymbolDescriptiveString.
pub fn symbol_descriptive_string(vm: &mut Vm, sym: Value) -> JsResult<Value> {
    let d = sym.as_symbol().description;
    let mut u: Vec<u16> = "Symbol(".encode_utf16().collect();
    if d.is_string() {
        u.extend(d.as_string().units().iter());
    }
    u.push(b')' as u16);
    vm.new_string_units(u)
}

fn string_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let s = if args.is_empty() {
        vm.atoms.empty.as_string()
    } else {
        let v = args[0];
        if nt.is_undefined() && v.is_symbol() {
            return symbol_descriptive_string(vm, v);
        }
        vm.to_string(v)?
    };
    if nt.is_undefined() {
        return Ok(Value::string(s));
    }
    let fallback = vm.realm.string_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(vm.new_object_kind(proto, ObjectKind::String(s), 4)))
}

fn from_char_code(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    // The usual one-int32 call needs neither ToUint32's general path nor a unit vector.
    if let [c] = args
        && c.is_int()
    {
        return Ok(vm.single_char_string(c.as_int() as u16));
    }
    let mut u = Vec::with_capacity(args.len());
    for &a in args {
        u.push(vm.to_uint32(a)? as u16);
    }
    if u.len() == 1 {
        return Ok(vm.single_char_string(u[0]));
    }
    vm.new_string_units(u)
}

fn from_code_point(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let mut u = Vec::with_capacity(args.len());
    for &a in args {
        let n = vm.to_number(a)?;
        if n.fract() != 0.0 || !(0.0..=1114111.0).contains(&n) {
            let s = vm.to_display_string(a);
            return vm.throw_range(&format!("Invalid code point {s}"));
        }
        push_code_point(&mut u, n as u32);
    }
    vm.new_string_units(u)
}

fn push_code_point(u: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        u.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        u.push(0xD800 + (c >> 10) as u16);
        u.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

fn raw(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cooked = vm.to_object(arg(args, 0))?;
    let r = vm.get_str(cooked, "raw")?;
    let rawo = vm.to_object(r)?;
    let len = vm.length_of(Value::object(rawo))?;
    let mut out = Vec::new();
    for i in 0..len {
        let k = super::util::index_key(vm, i as f64);
        let seg = vm.get(rawo, k, Value::object(rawo))?;
        out.extend(vm.to_string(seg)?.units().iter());
        if i + 1 < len && (i as usize + 1) < args.len() {
            out.extend(vm.to_string(args[i as usize + 1])?.units().iter());
        }
    }
    vm.new_string_units(out)
}

/// RequireObjectCoercible(this) + ToString, as code units.
fn this_units(vm: &mut Vm, this: Value, name: &str) -> JsResult<Vec<u16>> {
    if this.is_nullish() {
        return vm.throw_type(&format!("String.prototype.{name} called on null or undefined"));
    }
    Ok(vm.to_string(this)?.units().to_vec())
}

/// RequireObjectCoercible(this) + ToString, without copying: for the per-character accessors, which must stay O(1).
fn this_string(vm: &mut Vm, this: Value, name: &str) -> JsResult<tetra_gc::Gc<crate::string::JsString>> {
    if this.is_string() {
        return Ok(this.as_string());
    }
    if this.is_nullish() {
        return vm.throw_type(&format!("String.prototype.{name} called on null or undefined"));
    }
    vm.to_string(this)
}

/// ToIntegerOrInfinity with an int32 fast path.
fn index_arg(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if v.is_int() {
        return Ok(v.as_int() as f64);
    }
    vm.to_integer(v)
}

/// A new string with units `from..to` of `s` (single characters come from the interned table).
pub(super) fn substring_of(vm: &mut Vm, s: Gc<JsString>, from: usize, to: usize) -> Value {
    if from >= to {
        return vm.atoms.empty;
    }
    if from == 0 && to == s.len() {
        return Value::string(s);
    }
    piece(vm, s, from, to)
}

/// Units `from..to` of `s` as a new string (single characters come from the interned table).
fn piece(vm: &mut Vm, s: Gc<JsString>, from: usize, to: usize) -> Value {
    match to - from {
        0 => vm.atoms.empty,
        1 => vm.single_char_string(s.char_at(from)),
        _ => Value::string(JsString::alloc_slice(&mut vm.heap, s, from, to)),
    }
}

fn units_of(vm: &mut Vm, v: Value) -> JsResult<Vec<u16>> {
    Ok(vm.to_string(v)?.units().to_vec())
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.try_object()
        && let ObjectKind::String(s) = &o.kind
    {
        return Ok(Value::string(*s));
    }
    vm.throw_type("String.prototype.toString requires that 'this' be a String")
}

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "at")?;
    let r = index_arg(vm, arg(args, 0))?;
    let k = if r >= 0.0 { r } else { s.len() as f64 + r };
    if k < 0.0 || k >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    let c = s.char_at(k as usize);
    Ok(vm.single_char_string(c))
}

/// String.prototype.isWellFormed (ES2024): whether the string has no lone surrogate.
fn is_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "isWellFormed")?;
    Ok(Value::bool(well_formed(s.units())))
}

/// String.prototype.toWellFormed (ES2024): lone surrogates become U+FFFD.
fn to_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "toWellFormed")?;
    let units = match s.units() {
        Units::Utf16(u) if !well_formed(Units::Utf16(u)) => u.to_vec(),
        _ => return Ok(Value::string(s)),
    };
    let mut buf = [0u16; 2];
    let fixed: Vec<u16> = char::decode_utf16(units)
        .flat_map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER).encode_utf16(&mut buf).to_vec())
        .collect();
    vm.new_string_units(fixed)
}

fn well_formed(units: Units) -> bool {
    match units {
        Units::Latin1(_) => true,
        Units::Utf16(u) => char::decode_utf16(u.iter().copied()).all(|c| c.is_ok()),
    }
}

fn char_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "charAt")?;
    let p = index_arg(vm, arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(vm.atoms.empty);
    }
    let c = s.char_at(p as usize);
    Ok(vm.single_char_string(c))
}

fn char_code_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "charCodeAt")?;
    let p = index_arg(vm, arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::double(f64::NAN));
    }
    Ok(Value::int(s.char_at(p as usize) as i32))
}

fn code_point_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    // In place: a scanner reads its whole source this way one position at a time (TypeScript's copied the source
    // at every call, 5% of its run).
    let s = this_string(vm, this, "codePointAt")?;
    let p = index_arg(vm, arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(s.units().code_point_at(p as usize).0 as i32))
}

fn concat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "concat")?;
    let mut out = UnitsBuf::with_capacity(s.len());
    out.push_units(s.units());
    for &a in args {
        out.push_units(vm.to_string(a)?.units());
        if out.len() > MAX_STRING_LENGTH {
            return vm.throw_range("Invalid string length");
        }
    }
    vm.new_string_buf(out)
}

fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if !v.is_object() {
        return Ok(false);
    }
    let k = atom(vm.atoms.sym_match);
    let m = vm.get(v.as_object(), k, v)?;
    if !m.is_undefined() {
        return Ok(to_boolean(m));
    }
    Ok(v.as_object().proto() == vm.realm.regexp_prototype && !vm.realm.regexp_prototype.is_undefined())
}

fn search_arg(vm: &mut Vm, v: Value, name: &str) -> JsResult<Gc<JsString>> {
    if is_regexp(vm, v)? {
        return vm.throw_type(&format!("First argument to String.prototype.{name} must not be a regular expression"));
    }
    vm.to_string(v)
}

fn starts_with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "startsWith")?;
    let search = search_arg(vm, arg(args, 0), "startsWith")?;
    let start = vm.to_integer(arg(args, 1))?.clamp(0.0, s.len() as f64) as usize;
    let end = start + search.len();
    Ok(Value::bool(end <= s.len() && s.units().slice(start, end).eq_units(&search.units())))
}

fn ends_with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "endsWith")?;
    let search = search_arg(vm, arg(args, 0), "endsWith")?;
    let e = arg(args, 1);
    let end = if e.is_undefined() { s.len() } else { vm.to_integer(e)?.clamp(0.0, s.len() as f64) as usize };
    Ok(Value::bool(search.len() <= end && s.units().slice(end - search.len(), end).eq_units(&search.units())))
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "includes")?;
    let search = search_arg(vm, arg(args, 0), "includes")?;
    let start = vm.to_integer(arg(args, 1))?.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::bool(s.units().find(search.units(), start).is_some()))
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "indexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let start = vm.to_integer(arg(args, 1))?.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::number(s.units().find(search.units(), start).map_or(-1.0, |i| i as f64)))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "lastIndexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let n = vm.to_number(arg(args, 1))?;
    let pos = if n.is_nan() { f64::INFINITY } else { n.trunc() };
    let from = pos.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::number(s.units().rfind(search.units(), from).map_or(-1.0, |i| i as f64)))
}

fn locale_compare(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_units(vm, this, "localeCompare")?;
    let t = units_of(vm, arg(args, 0))?;
    // Approximates a collator: case-insensitive first, then lower case before upper case, then code units.
    let fold = |u: &[u16]| -> Vec<u16> {
        u.iter().map(|&c| if (b'A' as u16..=b'Z' as u16).contains(&c) { c + 32 } else { c }).collect()
    };
    let ord = fold(&s).cmp(&fold(&t)).then_with(|| t.cmp(&s));
    Ok(Value::int(match ord {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

fn normalize(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_units(vm, this, "normalize")?;
    let f = arg(args, 0);
    if !f.is_undefined() {
        let form = vm.to_rust_string(f)?;
        if !matches!(form.as_str(), "NFC" | "NFD" | "NFKC" | "NFKD") {
            return vm.throw_range("The normalization form should be one of NFC, NFD, NFKC, NFKD.");
        }
    }
    vm.new_string_units(s)
}

fn pad(vm: &mut Vm, this: Value, args: &[Value], at_start: bool) -> JsResult<Value> {
    let s = this_string(vm, this, if at_start { "padStart" } else { "padEnd" })?;
    let max = vm.to_integer(arg(args, 0))?.max(0.0);
    if max <= s.len() as f64 {
        return Ok(Value::string(s));
    }
    let f = arg(args, 1);
    let filler = if f.is_undefined() { vm.latin1_char(b' ') } else { vm.to_string(f)? };
    if filler.is_empty() {
        return Ok(Value::string(s));
    }
    if max > MAX_STRING_LENGTH as f64 {
        return vm.throw_range("Invalid string length");
    }
    let fill_len = max as usize - s.len();
    let mut out = UnitsBuf::with_capacity(max as usize);
    if !at_start {
        out.push_units(s.units());
    }
    for _ in 0..fill_len / filler.len() {
        out.push_units(filler.units());
    }
    out.push_units(filler.units().slice(0, fill_len % filler.len()));
    if at_start {
        out.push_units(s.units());
    }
    vm.new_string_buf(out)
}

fn pad_start(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    pad(vm, this, args, true)
}

fn pad_end(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    pad(vm, this, args, false)
}

fn repeat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "repeat")?;
    let n = vm.to_integer(arg(args, 0))?;
    if n < 0.0 || n.is_infinite() {
        let d = crate::runtime::convert::number_to_string(n);
        return vm.throw_range(&format!("Invalid count value: {d}"));
    }
    if s.is_empty() || n == 0.0 {
        return Ok(vm.atoms.empty);
    }
    if s.len() as f64 * n > MAX_STRING_LENGTH as f64 {
        return vm.throw_range("Invalid string length");
    }
    let mut out = UnitsBuf::with_capacity(s.len() * n as usize);
    for _ in 0..n as usize {
        out.push_units(s.units());
    }
    vm.new_string_buf(out)
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "slice")?;
    let len = s.len() as f64;
    let from = super::util::relative_index(vm, arg(args, 0), len, 0.0)?;
    let to = super::util::relative_index(vm, arg(args, 1), len, len)?;
    Ok(substring_of(vm, s, from as usize, to.max(from) as usize))
}

/// Whether `f` is `String.prototype.substring` (compared by its native entry point): compiled code calls
/// `substring_int32` for a string receiver and int32 bounds, which cannot throw.
pub fn is_substring(f: Value) -> bool {
    f.try_object().is_some_and(
        |o| matches!(&o.kind, crate::object::ObjectKind::Native(n) if std::ptr::eq(n.f as *const (), substring as *const ())),
    )
}

/// `s.substring(start, end)` for a string `s` and int32 bounds (`end` None: the string's length), as the builtin.
pub fn substring_int32(vm: &mut Vm, s: Value, start: i32, end: Option<i32>) -> Value {
    let s = s.as_string();
    // `substring_between` in integers: strings are shorter than 2^31 units (MAX_STRING_LENGTH).
    let len = s.len() as i32;
    let (a, b) = (start.clamp(0, len), end.map_or(len, |e| e.clamp(0, len)));
    substring_of(vm, s, a.min(b) as usize, a.max(b) as usize)
}

fn substring(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "substring")?;
    let a = index_arg(vm, arg(args, 0))?;
    let e = arg(args, 1);
    let b = if e.is_undefined() { s.len() as f64 } else { index_arg(vm, e)? };
    Ok(substring_between(vm, s, a, b))
}

/// `substring`'s result for the integer (or infinite) positions `a` and `b`, in either order.
fn substring_between(vm: &mut Vm, s: Gc<JsString>, a: f64, b: f64) -> Value {
    let len = s.len() as f64;
    let (a, b) = (a.clamp(0.0, len), b.clamp(0.0, len));
    substring_of(vm, s, a.min(b) as usize, a.max(b) as usize)
}

fn substr(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "substr")?;
    let len = s.len() as f64;
    let mut start = vm.to_integer(arg(args, 0))?;
    if start < 0.0 {
        start = (len + start).max(0.0);
    }
    start = start.min(len);
    let l = arg(args, 1);
    let count = if l.is_undefined() { len } else { vm.to_integer(l)? };
    let end = (start + count.max(0.0)).min(len);
    Ok(substring_of(vm, s, start as usize, end.max(start) as usize))
}

/// Applies a Rust case mapping to the valid runs of the string, keeping lone surrogates.
fn map_case(s: &[u16], upper: bool) -> Vec<u16> {
    if s.iter().all(|&c| c < 128) {
        return s
            .iter()
            .map(|&c| {
                let b = c as u8;
                (if upper { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() }) as u16
            })
            .collect();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<u16>| {
        let m = if upper { run.to_uppercase() } else { run.to_lowercase() };
        out.extend(m.encode_utf16());
        run.clear();
    };
    for r in char::decode_utf16(s.iter().copied()) {
        match r {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, &mut out);
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn case_mapped(vm: &mut Vm, this: Value, upper: bool) -> JsResult<Value> {
    let s = this_string(vm, this, if upper { "toUpperCase" } else { "toLowerCase" })?;
    // ASCII maps to ASCII one to one; other Latin-1 letters may not stay Latin-1 (ÿ, µ) or one unit (ß).
    if let Units::Latin1(b) = s.units()
        && b.is_ascii()
    {
        let mapped = JsString::alloc_latin1_with(&mut vm.heap, b.len(), |d| {
            if let Units::Latin1(b) = s.units() {
                d.copy_from_slice(b);
                if upper { d.make_ascii_uppercase() } else { d.make_ascii_lowercase() }
            }
        });
        return Ok(Value::string(mapped));
    }
    let u = s.units().to_vec();
    vm.new_string_units(map_case(&u, upper))
}

fn to_lower_case(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    case_mapped(vm, this, false)
}

fn to_upper_case(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    case_mapped(vm, this, true)
}

fn trim_impl(vm: &mut Vm, this: Value, start: bool, end: bool) -> JsResult<Value> {
    let s = this_string(vm, this, "trim")?;
    let u = s.units();
    let mut a = 0;
    let mut b = u.len();
    if start {
        while a < b && is_js_whitespace(u.at(a)) {
            a += 1;
        }
    }
    if end {
        while b > a && is_js_whitespace(u.at(b - 1)) {
            b -= 1;
        }
    }
    Ok(substring_of(vm, s, a, b))
}

fn trim(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, true)
}
fn trim_start(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    trim_impl(vm, this, true, false)
}
fn trim_end(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    trim_impl(vm, this, false, true)
}

/// GetSubstitution. `captures[i]` is capture i+1 (None when it did not participate).
pub fn get_substitution(
    matched: &[u16],
    s: &[u16],
    pos: usize,
    captures: &[Option<Vec<u16>>],
    replacement: &[u16],
) -> Vec<u16> {
    get_substitution_named(matched, s, pos, captures, replacement, None)
}

/// Looks up the text of a named capture for `$<name>`.
pub type NamedLookup<'a> = &'a mut dyn FnMut(&[u16]) -> Vec<u16>;

/// GetSubstitution with named captures: `named(name)` gives the text for `$<name>` (None: no named groups, so `$<`
/// stays literal).
pub fn get_substitution_named(
    matched: &[u16],
    s: &[u16],
    pos: usize,
    captures: &[Option<Vec<u16>>],
    replacement: &[u16],
    mut named: Option<NamedLookup<'_>>,
) -> Vec<u16> {
    let mut out = Vec::with_capacity(replacement.len());
    let m = captures.len();
    let tail = (pos + matched.len()).min(s.len());
    let mut i = 0;
    let digit = |c: u16| (b'0' as u16..=b'9' as u16).contains(&c).then(|| (c - b'0' as u16) as usize);
    while i < replacement.len() {
        let c = replacement[i];
        if c == b'$' as u16 && i + 1 < replacement.len() {
            let n = replacement[i + 1];
            if n == b'$' as u16 {
                out.push(b'$' as u16);
                i += 2;
                continue;
            }
            if n == b'&' as u16 {
                out.extend_from_slice(matched);
                i += 2;
                continue;
            }
            if n == b'`' as u16 {
                out.extend_from_slice(&s[..pos.min(s.len())]);
                i += 2;
                continue;
            }
            if n == b'\'' as u16 {
                out.extend_from_slice(&s[tail..]);
                i += 2;
                continue;
            }
            if n == b'<' as u16
                && let Some(f) = named.as_mut()
                && let Some(close) = replacement[i + 2..].iter().position(|&c| c == b'>' as u16)
            {
                out.extend(f(&replacement[i + 2..i + 2 + close]));
                i += 3 + close;
                continue;
            }
            if let Some(d1) = digit(n) {
                // Two digits when that names a capture, else one.
                if let Some(d2) = replacement.get(i + 2).and_then(|&c| digit(c)) {
                    let nn = d1 * 10 + d2;
                    if nn >= 1 && nn <= m {
                        if let Some(c) = &captures[nn - 1] {
                            out.extend_from_slice(c);
                        }
                        i += 3;
                        continue;
                    }
                }
                if d1 >= 1 && d1 <= m {
                    if let Some(c) = &captures[d1 - 1] {
                        out.extend_from_slice(c);
                    }
                    i += 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn replace_impl(vm: &mut Vm, this: Value, args: &[Value], all: bool) -> JsResult<Value> {
    let name = if all { "replaceAll" } else { "replace" };
    if this.is_nullish() {
        return vm.throw_type(&format!("String.prototype.{name} called on null or undefined"));
    }
    let search = arg(args, 0);
    let rv = arg(args, 1);
    if search.is_object() {
        if all && is_regexp(vm, search)? {
            let fl = vm.get_v_str(search, "flags")?;
            let f = units_of(vm, fl)?;
            if !f.contains(&(b'g' as u16)) {
                return vm.throw_type("replaceAll must be called with a global RegExp");
            }
        }
        let k = atom(vm.atoms.sym_replace);
        let r = vm.get_v(search, k)?;
        if !r.is_nullish() {
            return vm.call(r, search, &[this, rv]);
        }
    }
    let s = vm.to_string(this)?;
    let pat = vm.to_string(search)?;
    let functional = vm.is_callable(rv);
    let rep = if functional { None } else { Some(vm.to_string(rv)?) };
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(p) = s.units().find(pat.units(), from) {
        positions.push(p);
        if !all {
            break;
        }
        from = p + pat.len().max(1);
        if from > s.len() {
            break;
        }
    }
    if positions.is_empty() {
        return Ok(Value::string(s));
    }
    // Without `$` the replacement is literal: GetSubstitution would copy it unchanged.
    let literal = rep.filter(|r| !r.units().iter().any(|c| c == b'$' as u16));
    let mut out = UnitsBuf::with_capacity(s.len());
    let mut end = 0;
    for p in positions {
        out.push_units(s.units().slice(end, p));
        if let Some(r) = literal {
            out.push_units(r.units());
        } else if let Some(r) = rep {
            let (pu, su) = (pat.units().to_vec(), s.units().to_vec());
            for c in get_substitution(&pu, &su, p, &[], &r.units().to_vec()) {
                out.push(c);
            }
        } else {
            let args = [Value::string(pat), Value::number(p as f64), Value::string(s)];
            let r = vm.call(rv, Value::UNDEFINED, &args)?;
            out.push_units(vm.to_string(r)?.units());
        }
        end = p + pat.len();
    }
    out.push_units(s.units().slice(end, s.len()));
    vm.new_string_buf(out)
}

fn replace(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, false)
}

fn replace_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, true)
}

fn split(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw_type("String.prototype.split called on null or undefined");
    }
    let sep = arg(args, 0);
    let limit = arg(args, 1);
    if sep.is_object() {
        let k = atom(vm.atoms.sym_split);
        let f = vm.get_v(sep, k)?;
        if !f.is_nullish() {
            return vm.call(f, sep, &[this, limit]);
        }
    }
    let s = vm.to_string(this)?;
    let lim = if limit.is_undefined() { u32::MAX } else { vm.to_uint32(limit)? } as usize;
    let r = vm.to_string(sep)?;
    let a = vm.new_array(thin_vec::ThinVec::new());
    let push = |v: Value| super::util::push_internal(a, v);
    let count = || a.length as usize;
    if lim == 0 {
    } else if sep.is_undefined() || s.is_empty() {
        if !(s.is_empty() && r.is_empty()) {
            push(Value::string(s));
        }
    } else {
        if r.is_empty() {
            for i in 0..s.len().min(lim) {
                push(vm.single_char_string(s.char_at(i)));
            }
        } else {
            let mut p = 0;
            while let Some(q) = s.units().find(r.units(), p) {
                push(piece(vm, s, p, q));
                if count() >= lim {
                    break;
                }
                p = q + r.len();
            }
            if count() < lim {
                push(piece(vm, s, p, s.len()));
            }
        }
    }
    Ok(Value::object(a))
}

fn string_iterator(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw_type("String.prototype[Symbol.iterator] called on null or undefined");
    }
    let s = vm.to_string(this)?;
    let proto = vm.realm.string_iterator_prototype;
    Ok(super::util::builtin_iterator(vm, proto, IteratorClass::String, Value::string(s), 0))
}

fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.try_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let ObjectKind::Iterator { class: IteratorClass::String, target, index, .. } = o.kind else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    if !target.is_string() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let s = target.as_string();
    let i = index as usize;
    if i >= s.len() {
        // SAFETY: single-threaded VM, live object.
        if let ObjectKind::Iterator { class: IteratorClass::String, target, .. } = &mut unsafe { o.get_mut() }.kind {
            *target = Value::UNDEFINED;
        }
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let u = s.units();
    let (_, n) = u.code_point_at(i);
    let piece: Vec<u16> = (i..i + n).map(|j| u.at(j)).collect();
    // SAFETY: single-threaded VM, live object.
    if let ObjectKind::Iterator { class: IteratorClass::String, index, .. } = &mut unsafe { o.get_mut() }.kind {
        *index += n as u32;
    }
    let v = if n == 1 { vm.single_char_string(piece[0]) } else { vm.new_string_units(piece)? };
    iter_result(vm, v, false)
}

/// match / matchAll / search: delegate to the argument's @@match / @@matchAll / @@search, or to a new RegExp.
fn regexp_delegate(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    name: &str,
    sym: Value,
    flags: Option<&str>,
) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw_type(&format!("String.prototype.{name} called on null or undefined"));
    }
    let rx = arg(args, 0);
    if rx.is_object() {
        if name == "matchAll" && is_regexp(vm, rx)? {
            let fl = vm.get_v_str(rx, "flags")?;
            if fl.is_nullish() {
                return vm.throw_type("String.prototype.matchAll called with a non-global RegExp argument");
            }
            let f = units_of(vm, fl)?;
            if !f.contains(&(b'g' as u16)) {
                return vm.throw_type("String.prototype.matchAll called with a non-global RegExp argument");
            }
        }
        let m = vm.get_v(rx, atom(sym))?;
        if !m.is_nullish() {
            return vm.call(m, rx, &[this]);
        }
    }
    let s = vm.to_string_value(this)?;
    let g = vm.realm.global.as_object();
    let ctor = vm.get_str(g, "RegExp")?;
    if !vm.is_constructor(ctor) {
        return vm.throw(crate::realm::ErrorKind::SyntaxError, "Regular expressions are not supported yet");
    }
    let mut cargs = vec![rx];
    if let Some(f) = flags {
        cargs.push(vm.new_string(f));
    }
    let r = vm.construct(ctor, &cargs, ctor)?;
    let m = vm.get_v(r, atom(sym))?;
    vm.call(m, r, &[s])
}

fn match_(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let sym = vm.atoms.sym_match;
    regexp_delegate(vm, this, args, "match", sym, None)
}

fn match_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let sym = vm.atoms.sym_match_all;
    regexp_delegate(vm, this, args, "matchAll", sym, Some("g"))
}

fn search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let sym = vm.atoms.sym_search;
    regexp_delegate(vm, this, args, "search", sym, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compiler::utf16 as u;

    #[test]
    fn substitution_patterns() {
        let s = u("abcdef");
        assert_eq!(get_substitution(&u("cd"), &s, 2, &[], &u("[$&|$`|$'|$$|$1]")), u("[cd|ab|ef|$|$1]"));
        let caps = vec![Some(u("X")), None];
        assert_eq!(get_substitution(&u("cd"), &s, 2, &caps, &u("$1$2$10")), u("XX0"));
    }

    #[test]
    fn case_mapping_keeps_lone_surrogates() {
        assert_eq!(map_case(&u("aßΣ"), true), u("ASSΣ"));
        assert_eq!(map_case(&[0xD800, b'A' as u16], false), vec![0xD800, b'a' as u16]);
    }
}
