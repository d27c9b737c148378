//! RegExp: constructor, prototype (exec, test, toString, compile, flag getters), on the matcher in
//! `regexp_matcher`; the symbol methods and %RegExpStringIteratorPrototype% are in `regexp_symbols`.
//!
//! An instance is an `ObjectKind::Internal { class: RegExp, data: store }`; the internal object `store` holds
//! `[source, flags]` in its elements and the compiled matcher in its kind (`ObjectKind::RegExpMatcher`).
//! `lastIndex` is an ordinary own data property.

use super::regexp_matcher::{self, Flags, Matcher, Subject};
use super::regexp_source::compile_stack;
use super::regexp_symbols::{string_iterator_next, sym_match, sym_match_all, sym_replace, sym_search, sym_split};
use super::string::substring_of;
use super::util::return_this;
use super::util::{accessor, atom, constructor, sym_method};
use super::{arg, method};
use crate::object::ObjectKind;
use crate::object::{InternalClass, internal_data};
use crate::realm::ErrorKind;
use crate::runtime::convert::to_boolean;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::stack_limit::stack_pointer;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use std::rc::Rc;
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let p = vm.new_object_with_proto(op);
    vm.realm.regexp_prototype = Value::object(p);
    let c = constructor(vm, "RegExp", regexp_ctor, 2, Value::object(p));
    vm.realm.regexp_constructor = Value::object(c);
    let sp = atom(vm.atoms.sym_species);
    accessor(vm, c, sp, "[Symbol.species]", return_this, None);
    method(vm, p, "exec", exec, 1);
    method(vm, p, "test", test, 1);
    method(vm, p, "toString", to_string, 0);
    method(vm, p, "compile", compile_method, 2);
    let getters: &[(&str, NativeFn)] = &[
        ("dotAll", g_dot_all),
        ("flags", g_flags),
        ("global", g_global),
        ("hasIndices", g_has_indices),
        ("ignoreCase", g_ignore_case),
        ("multiline", g_multiline),
        ("source", g_source),
        ("sticky", g_sticky),
        ("unicode", g_unicode),
        ("unicodeSets", g_unicode_sets),
    ];
    for &(n, f) in getters {
        let k = vm.key_from_str(n);
        accessor(vm, p, k, n, f, None);
    }
    let syms: [(Value, &str, NativeFn, u32); 5] = [
        (vm.atoms.sym_match, "[Symbol.match]", sym_match, 1),
        (vm.atoms.sym_match_all, "[Symbol.matchAll]", sym_match_all, 1),
        (vm.atoms.sym_replace, "[Symbol.replace]", sym_replace, 2),
        (vm.atoms.sym_search, "[Symbol.search]", sym_search, 1),
        (vm.atoms.sym_split, "[Symbol.split]", sym_split, 2),
    ];
    for (s, n, f, l) in syms {
        sym_method(vm, p, s, n, f, l, Attrs::HIDDEN);
    }
    let rsip = super::util::iterator_prototype(vm, "RegExp String Iterator", string_iterator_next);
    vm.realm.regexp_string_iterator_prototype = Value::object(rsip);
}

/// (source, flags) of a builtin RegExp object.
fn parts(v: Value) -> Option<(Gc<JsString>, Gc<JsString>)> {
    let st = internal_data(v, InternalClass::RegExp)?.as_object();
    Some((st.elements[0].as_string(), st.elements[1].as_string()))
}

/// The [[RegExpMatcher]] of a builtin RegExp object.
pub(super) fn matcher(v: Value) -> Option<Rc<Matcher>> {
    match &internal_data(v, InternalClass::RegExp)?.as_object().kind {
        ObjectKind::RegExpMatcher(m) => Some(m.clone()),
        _ => None,
    }
}

pub fn is_regexp_object(v: Value) -> bool {
    parts(v).is_some()
}

/// The compiled matcher for (pattern, flags): from the cache, else compiled here (a SyntaxError if the pattern is
/// invalid; a RangeError if the native stack is too low for the compiler's recursion).
fn matcher_for(vm: &mut Vm, pattern: &[u16], flags: &[u16]) -> JsResult<Rc<Matcher>> {
    if let Some(m) = regexp_matcher::cached(pattern, flags) {
        return Ok(m);
    }
    if !stack_free(vm, compile_stack(pattern)) {
        return vm.throw_range("Maximum call stack size exceeded");
    }
    regexp_matcher::compile(pattern, flags).or_else(|msg| {
        let (p, f) = (String::from_utf16_lossy(pattern), String::from_utf16_lossy(flags));
        vm.throw(ErrorKind::SyntaxError, &format!("Invalid regular expression: /{p}/{f}: {msg}"))
    })
}

/// Whether `bytes` of native stack are free above the VM's own limit.
pub(super) fn stack_free(vm: &Vm, bytes: usize) -> bool {
    stack_pointer().saturating_sub(bytes) > vm.native_stack_limit
}

/// RegExpAlloc + RegExpInitialize: validates, then makes the object (for the compiler's regex literals too).
pub fn regexp_create(vm: &mut Vm, pattern: &[u16], flags: &[u16], proto: Value) -> JsResult<Value> {
    if Flags::parse(flags).is_none() {
        let f = String::from_utf16_lossy(flags);
        return vm.throw(ErrorKind::SyntaxError, &format!("Invalid flags supplied to RegExp constructor '{f}'"));
    }
    let m = matcher_for(vm, pattern, flags)?;
    let src = vm.new_string_units(pattern.to_vec())?;
    let fl = vm.new_string_units(flags.to_vec())?;
    let st = vm.new_object_kind(Value::NULL, ObjectKind::RegExpMatcher(m), 0);
    // SAFETY: single-threaded VM, fresh object.
    unsafe { st.get_mut().elements = thin_vec::thin_vec![src, fl] };
    let o =
        vm.new_object_kind(proto, ObjectKind::Internal { class: InternalClass::RegExp, data: Value::object(st) }, 4);
    let lk = vm.key_from_str("lastIndex");
    vm.define_own_property(o, lk, PropertyDescriptor::data(Value::int(0), Attrs(Attrs::WRITABLE)))?;
    Ok(Value::object(o))
}

fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if !v.is_object() {
        return Ok(false);
    }
    let m = vm.get_v(v, atom(vm.atoms.sym_match))?;
    if !m.is_undefined() {
        return Ok(to_boolean(m));
    }
    Ok(is_regexp_object(v))
}

fn regexp_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    let new_target = if nt.is_undefined() {
        let c = vm.realm.regexp_constructor;
        if pattern_is_regexp && flags.is_undefined() {
            let pc = vm.get_v(pattern, atom(vm.atoms.constructor))?;
            if pc == c {
                return Ok(pattern);
            }
        }
        c
    } else {
        nt
    };
    let (p, f) = if let Some((s, fl)) = parts(pattern) {
        (Value::string(s), if flags.is_undefined() { Value::string(fl) } else { flags })
    } else if pattern_is_regexp {
        let s = vm.get_v_str(pattern, "source")?;
        let fl = if flags.is_undefined() { vm.get_v_str(pattern, "flags")? } else { flags };
        (s, fl)
    } else {
        (pattern, flags)
    };
    let pu: Vec<u16> = if p.is_undefined() { Vec::new() } else { vm.to_string(p)?.units().to_vec() };
    let fu: Vec<u16> = if f.is_undefined() { Vec::new() } else { vm.to_string(f)?.units().to_vec() };
    let fallback = vm.realm.regexp_prototype;
    let proto = vm.get_prototype_from_constructor(new_target, fallback)?;
    regexp_create(vm, &pu, &fu, proto)
}

fn compile_method(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(_) = parts(this) else {
        return vm.throw_type("RegExp.prototype.compile called on incompatible receiver");
    };
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let (pu, fu): (Vec<u16>, Vec<u16>) = if let Some((s, fl)) = parts(pattern) {
        if !flags.is_undefined() {
            return vm.throw_type("Cannot supply flags when constructing one RegExp from another");
        }
        (s.units().to_vec(), fl.units().to_vec())
    } else {
        let p = if pattern.is_undefined() { Vec::new() } else { vm.to_string(pattern)?.units().to_vec() };
        let f = if flags.is_undefined() { Vec::new() } else { vm.to_string(flags)?.units().to_vec() };
        (p, f)
    };
    let proto = this.as_object().proto();
    let fresh = regexp_create(vm, &pu, &fu, proto)?;
    // Move the new store into `this`.
    let data = internal_data(fresh, InternalClass::RegExp).expect("regexp_create makes a RegExp");
    // SAFETY: single-threaded VM; `this` is a live RegExp object (checked above).
    if let ObjectKind::Internal { data: d, .. } = &mut unsafe { this.as_object().get_mut() }.kind {
        *d = data;
    }
    let lk = vm.key_from_str("lastIndex");
    vm.set_v(this, lk, Value::int(0), true)?;
    Ok(this)
}

pub(super) fn last_index_key(vm: &mut Vm) -> PropKey {
    vm.key_from_str("lastIndex")
}

pub(super) fn to_length(vm: &mut Vm, v: Value) -> JsResult<f64> {
    Ok(vm.to_integer(v)?.clamp(0.0, 9007199254740991.0))
}

/// AdvanceStringIndex.
pub(super) fn advance(s: Gc<JsString>, index: usize, unicode: bool) -> usize {
    let u = s.units();
    if !unicode || index + 1 >= u.len() {
        return index + 1;
    }
    index + u.code_point_at(index).1
}

/// RegExpBuiltinExec.
fn builtin_exec(vm: &mut Vm, r: Value, s: Gc<JsString>) -> JsResult<Value> {
    builtin_exec_on(vm, r, s, &Subject::of(&s))
}

/// RegExpBuiltinExec on `subject`, the contents of `s` as prepared once by the caller.
fn builtin_exec_on(vm: &mut Vm, r: Value, s: Gc<JsString>, subject: &Subject) -> JsResult<Value> {
    let lk = last_index_key(vm);
    let li = vm.get_v(r, lk)?;
    let mut last = to_length(vm, li)?;
    // Read after lastIndex: its valueOf may have recompiled `r`.
    let m = matcher(r).expect("a RegExp");
    let Flags { global, sticky, has_indices, .. } = m.flags;
    if !global && !sticky {
        last = 0.0;
    }
    let found = if last > subject.len() as f64 {
        None
    } else {
        if !stack_free(vm, m.exec_stack) {
            return vm.throw_range("Maximum call stack size exceeded");
        }
        m.exec(subject, last as usize)
    };
    let Some(found) = found else {
        if global || sticky {
            vm.set_v(r, lk, Value::int(0), true)?;
        }
        return Ok(Value::NULL);
    };
    let whole = found.range();
    if global || sticky {
        vm.set_v(r, lk, Value::number(whole.end as f64), true)?;
    }
    let a = vm.new_array(thin_vec::ThinVec::new());
    for i in 0..=found.group_count() {
        let v = match found.group(i) {
            Some(g) => substring_of(vm, s, g.start, g.end),
            None => Value::UNDEFINED,
        };
        vm.create_data_property_or_throw(a, PropKey::Index(i as u32), v)?;
    }
    let ik = atom(vm.atoms.index);
    vm.create_data_property_or_throw(a, ik, Value::number(whole.start as f64))?;
    let ink = atom(vm.atoms.input);
    vm.create_data_property_or_throw(a, ink, Value::string(s))?;
    let groups = named_groups(vm, &found, |vm, g| Ok(substring_of(vm, s, g.start, g.end)))?;
    let gk = vm.key_from_str("groups");
    vm.create_data_property_or_throw(a, gk, groups)?;
    if has_indices {
        let ind = vm.new_array(thin_vec::ThinVec::new());
        for i in 0..=found.group_count() {
            let v = match found.group(i) {
                Some(g) => index_pair(vm, g),
                None => Value::UNDEFINED,
            };
            vm.create_data_property_or_throw(ind, PropKey::Index(i as u32), v)?;
        }
        let groups = named_groups(vm, &found, |vm, g| Ok(index_pair(vm, g)))?;
        vm.create_data_property_or_throw(ind, gk, groups)?;
        let dk = vm.key_from_str("indices");
        vm.create_data_property_or_throw(a, dk, Value::object(ind))?;
    }
    Ok(Value::object(a))
}

fn index_pair(vm: &mut Vm, g: std::ops::Range<usize>) -> Value {
    Value::object(vm.new_array(thin_vec::thin_vec![Value::number(g.start as f64), Value::number(g.end as f64)]))
}

/// A `groups` object (null prototype) with `value(span)` for each named group that participated, undefined for the
/// others; undefined when the pattern has no named groups.
fn named_groups(
    vm: &mut Vm,
    found: &regexp_matcher::Found,
    mut value: impl FnMut(&mut Vm, std::ops::Range<usize>) -> JsResult<Value>,
) -> JsResult<Value> {
    if !found.has_names() {
        return Ok(Value::UNDEFINED);
    }
    let g = vm.new_object_with_proto(Value::NULL);
    for (name, span) in found.named() {
        let v = match span {
            Some(span) => value(vm, span)?,
            None => Value::UNDEFINED,
        };
        let k = vm.key_from_str(name);
        vm.create_data_property_or_throw(g, k, v)?;
    }
    Ok(Value::object(g))
}

/// RegExpExec: a user `exec` if there is one, else the builtin.
pub(super) fn regexp_exec(vm: &mut Vm, r: Value, s: Gc<JsString>) -> JsResult<Value> {
    regexp_exec_on(vm, r, s, &Subject::of(&s))
}

pub(super) fn regexp_exec_on(vm: &mut Vm, r: Value, s: Gc<JsString>, subject: &Subject) -> JsResult<Value> {
    let exec_fn = vm.get_v_str(r, "exec")?;
    if vm.is_callable(exec_fn) && !super::util::is_builtin(exec_fn, exec) {
        let res = vm.call(exec_fn, r, &[Value::string(s)])?;
        if !res.is_object() && !res.is_null() {
            return vm.throw_type("exec result must be an object or null");
        }
        return Ok(res);
    }
    if parts(r).is_none() {
        return vm.throw_type("RegExp exec method called on an incompatible receiver");
    }
    builtin_exec_on(vm, r, s, subject)
}

fn this_regexp(vm: &mut Vm, this: Value, name: &str) -> JsResult<()> {
    if parts(this).is_none() {
        return vm.throw_type(&format!("RegExp.prototype.{name} called on incompatible receiver"));
    }
    Ok(())
}

pub(super) fn exec(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_regexp(vm, this, "exec")?;
    let s = vm.to_string(arg(args, 0))?;
    builtin_exec(vm, this, s)
}

pub(super) fn require_object(vm: &mut Vm, this: Value, name: &str) -> JsResult<()> {
    if !this.is_object() {
        return vm.throw_type(&format!("RegExp.prototype.{name} called on a non-object"));
    }
    Ok(())
}

fn test(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "test")?;
    let s = vm.to_string(arg(args, 0))?;
    Ok(Value::bool(!regexp_exec(vm, this, s)?.is_null()))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "toString")?;
    let s = vm.get_v_str(this, "source")?;
    let f = vm.get_v_str(this, "flags")?;
    let mut out = vec![b'/' as u16];
    out.extend(vm.to_string(s)?.units().iter());
    out.push(b'/' as u16);
    out.extend(vm.to_string(f)?.units().iter());
    vm.new_string_units(out)
}

fn flag_getter(vm: &mut Vm, this: Value, c: u8, name: &str) -> JsResult<Value> {
    match parts(this) {
        Some((_, f)) => Ok(Value::bool(f.units().iter().any(|u| u == c as u16))),
        None if this == vm.realm.regexp_prototype => Ok(Value::UNDEFINED),
        None => vm.throw_type(&format!("RegExp.prototype.{name} getter called on incompatible receiver")),
    }
}

fn g_dot_all(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b's', "dotAll")
}
fn g_global(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'g', "global")
}
fn g_has_indices(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'd', "hasIndices")
}
fn g_ignore_case(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'i', "ignoreCase")
}
fn g_multiline(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'm', "multiline")
}
fn g_sticky(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'y', "sticky")
}
fn g_unicode(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'u', "unicode")
}
fn g_unicode_sets(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    flag_getter(vm, this, b'v', "unicodeSets")
}

fn g_flags(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "flags")?;
    let mut out = String::new();
    for (name, c) in [
        ("hasIndices", 'd'),
        ("global", 'g'),
        ("ignoreCase", 'i'),
        ("multiline", 'm'),
        ("dotAll", 's'),
        ("unicode", 'u'),
        ("unicodeSets", 'v'),
        ("sticky", 'y'),
    ] {
        let v = vm.get_v_str(this, name)?;
        if to_boolean(v) {
            out.push(c);
        }
    }
    Ok(vm.new_string(&out))
}

/// EscapeRegExpPattern.
fn g_source(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some((s, _)) = parts(this) else {
        if this == vm.realm.regexp_prototype {
            return Ok(vm.new_string("(?:)"));
        }
        return vm.throw_type("RegExp.prototype.source getter called on incompatible receiver");
    };
    let u = s.units().to_vec();
    if u.is_empty() {
        return Ok(vm.new_string("(?:)"));
    }
    let mut out = Vec::with_capacity(u.len());
    let (mut in_class, mut i) = (false, 0);
    while i < u.len() {
        let c = u[i];
        match c {
            0x5C => {
                out.push(c);
                if i + 1 < u.len() {
                    i += 1;
                    out.push(u[i]);
                }
            }
            0x2F if !in_class => out.extend_from_slice(&[0x5C, 0x2F]),
            0x5B => {
                in_class = true;
                out.push(c);
            }
            0x5D => {
                in_class = false;
                out.push(c);
            }
            0x0A => out.extend_from_slice(&[0x5C, b'n' as u16]),
            0x0D => out.extend_from_slice(&[0x5C, b'r' as u16]),
            0x2028 => out.extend("\\u2028".encode_utf16()),
            0x2029 => out.extend("\\u2029".encode_utf16()),
            _ => out.push(c),
        }
        i += 1;
    }
    vm.new_string_units(out)
}
