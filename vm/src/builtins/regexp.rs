//! RegExp: constructor, prototype (exec, test, toString, flag getters, @@match/@@matchAll/@@replace/@@search/
//! @@split) and %RegExpStringIteratorPrototype%, on the matcher in `regexp_matcher`.
//!
//! An instance is an `ObjectKind::Internal { class: RegExp, data: store }`; the internal object `store` holds
//! `[source, flags]` in its elements and the compiled matcher in its kind (`ObjectKind::RegExpMatcher`).
//! `lastIndex` is an ordinary own data property.

use super::util::return_this;
use crate::object::IteratorClass;
use crate::object::{InternalClass, internal_data};
use super::regexp_matcher::{self, Flags, Matcher, Subject};
use super::regexp_source::compile_stack;
use super::string::{get_substitution_named, substring_of};
use super::util::{accessor, atom, constructor, iter_result, sym_method};
use super::{arg, method};
use crate::handles::RootedVec;
use crate::object::{JsObject, ObjectKind};
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
        (
            vm.atoms.sym_match_all,
            "[Symbol.matchAll]",
            sym_match_all,
            1,
        ),
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
fn matcher(v: Value) -> Option<Rc<Matcher>> {
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
fn stack_free(vm: &Vm, bytes: usize) -> bool {
    stack_pointer().saturating_sub(bytes) > vm.native_stack_limit
}

/// RegExpAlloc + RegExpInitialize: validates, then makes the object (for the compiler's regex literals too).
pub fn regexp_create(vm: &mut Vm, pattern: &[u16], flags: &[u16], proto: Value) -> JsResult<Value> {
    if Flags::parse(flags).is_none() {
        let f = String::from_utf16_lossy(flags);
        return vm.throw(
            ErrorKind::SyntaxError,
            &format!("Invalid flags supplied to RegExp constructor '{f}'"),
        );
    }
    let m = matcher_for(vm, pattern, flags)?;
    let src = vm.new_string_units(pattern.to_vec());
    let fl = vm.new_string_units(flags.to_vec());
    let st = vm.new_object_kind(Value::NULL, ObjectKind::RegExpMatcher(m), 0);
    // SAFETY: single-threaded VM, fresh object.
    unsafe { st.get_mut().elements = vec![src, fl] };
    let o = vm.new_object_kind(
        proto,
        ObjectKind::Internal { class: InternalClass::RegExp, data: Value::object(st) },
        4,
    );
    let lk = vm.key_from_str("lastIndex");
    vm.define_own_property(
        o,
        lk,
        PropertyDescriptor::data(Value::int(0), Attrs(Attrs::WRITABLE)),
    )?;
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
        (
            Value::string(s),
            if flags.is_undefined() {
                Value::string(fl)
            } else {
                flags
            },
        )
    } else if pattern_is_regexp {
        let s = vm.get_v_str(pattern, "source")?;
        let fl = if flags.is_undefined() {
            vm.get_v_str(pattern, "flags")?
        } else {
            flags
        };
        (s, fl)
    } else {
        (pattern, flags)
    };
    let pu: Vec<u16> = if p.is_undefined() {
        Vec::new()
    } else {
        vm.to_string(p)?.units().to_vec()
    };
    let fu: Vec<u16> = if f.is_undefined() {
        Vec::new()
    } else {
        vm.to_string(f)?.units().to_vec()
    };
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
        let p = if pattern.is_undefined() {
            Vec::new()
        } else {
            vm.to_string(pattern)?.units().to_vec()
        };
        let f = if flags.is_undefined() {
            Vec::new()
        } else {
            vm.to_string(flags)?.units().to_vec()
        };
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

fn last_index_key(vm: &mut Vm) -> PropKey {
    vm.key_from_str("lastIndex")
}

fn to_length(vm: &mut Vm, v: Value) -> JsResult<f64> {
    Ok(vm.to_integer(v)?.clamp(0.0, 9007199254740991.0))
}

/// AdvanceStringIndex.
fn advance(s: Gc<JsString>, index: usize, unicode: bool) -> usize {
    let u = s.units();
    if !unicode || index + 1 >= u.len() {
        return index + 1;
    }
    if (0xD800..0xDC00).contains(&u.at(index)) && (0xDC00..0xE000).contains(&u.at(index + 1)) {
        index + 2
    } else {
        index + 1
    }
}

/// RegExpBuiltinExec.
fn builtin_exec(vm: &mut Vm, r: Value, s: Gc<JsString>) -> JsResult<Value> {
    builtin_exec_on(vm, r, s, &Subject::new(s.units()))
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
    let a = vm.new_array(Vec::new());
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
        let ind = vm.new_array(Vec::new());
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
    Value::object(vm.new_array(vec![Value::number(g.start as f64), Value::number(g.end as f64)]))
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
fn regexp_exec(vm: &mut Vm, r: Value, s: Gc<JsString>) -> JsResult<Value> {
    regexp_exec_on(vm, r, s, &Subject::new(s.units()))
}

fn regexp_exec_on(vm: &mut Vm, r: Value, s: Gc<JsString>, subject: &Subject) -> JsResult<Value> {
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
        return vm.throw_type(&format!(
            "RegExp.prototype.{name} called on incompatible receiver"
        ));
    }
    Ok(())
}

fn exec(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_regexp(vm, this, "exec")?;
    let s = vm.to_string(arg(args, 0))?;
    builtin_exec(vm, this, s)
}

fn require_object(vm: &mut Vm, this: Value, name: &str) -> JsResult<()> {
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
    Ok(vm.new_string_units(out))
}

fn flag_getter(vm: &mut Vm, this: Value, c: u8, name: &str) -> JsResult<Value> {
    match parts(this) {
        Some((_, f)) => Ok(Value::bool(f.units().iter().any(|u| u == c as u16))),
        None if this == vm.realm.regexp_prototype => Ok(Value::UNDEFINED),
        None => vm.throw_type(&format!(
            "RegExp.prototype.{name} getter called on incompatible receiver"
        )),
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
    Ok(vm.new_string_units(out))
}

fn flags_of(vm: &mut Vm, rx: Value) -> JsResult<Vec<u16>> {
    let f = vm.get_v_str(rx, "flags")?;
    Ok(vm.to_string(f)?.units().to_vec())
}

fn sym_match(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.match]")?;
    let s = vm.to_string(arg(args, 0))?;
    let flags = flags_of(vm, this)?;
    if !flags.contains(&(b'g' as u16)) {
        return regexp_exec(vm, this, s);
    }
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let lk = last_index_key(vm);
    vm.set_v(this, lk, Value::int(0), true)?;
    let a = vm.new_array(Vec::new());
    let mut n = 0u32;
    let subject = Subject::new(s.units());
    loop {
        let r = regexp_exec_on(vm, this, s, &subject)?;
        if r.is_null() {
            return Ok(if n == 0 {
                Value::NULL
            } else {
                Value::object(a)
            });
        }
        let m0 = vm.get_v(r, PropKey::Index(0))?;
        let ms = vm.to_string(m0)?;
        vm.create_data_property_or_throw(a, PropKey::Index(n), Value::string(ms))?;
        n += 1;
        if ms.is_empty() {
            let li = vm.get_v(this, lk)?;
            let this_index = to_length(vm, li)?;
            let next = advance(s, this_index as usize, unicode);
            vm.set_v(this, lk, Value::number(next as f64), true)?;
        }
    }
}

fn sym_search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.search]")?;
    let s = vm.to_string(arg(args, 0))?;
    let lk = last_index_key(vm);
    let prev = vm.get_v(this, lk)?;
    if !vm.same_value(prev, Value::int(0)) {
        vm.set_v(this, lk, Value::int(0), true)?;
    }
    let r = regexp_exec(vm, this, s)?;
    let cur = vm.get_v(this, lk)?;
    if !vm.same_value(cur, prev) {
        vm.set_v(this, lk, prev, true)?;
    }
    if r.is_null() {
        return Ok(Value::int(-1));
    }
    vm.get_v(r, atom(vm.atoms.index))
}

/// SpeciesConstructor(rx, %RegExp%).
fn species_constructor(vm: &mut Vm, o: Value) -> JsResult<Value> {
    let default = vm.realm.regexp_constructor;
    super::util::species_constructor(vm, o, default)
}

fn sym_split(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.split]")?;
    let s = vm.to_string(arg(args, 0))?;
    let c = species_constructor(vm, this)?;
    let mut flags = flags_of(vm, this)?;
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    if !flags.contains(&(b'y' as u16)) {
        flags.push(b'y' as u16);
    }
    let fv = vm.new_string_units(flags);
    let splitter = vm.construct(c, &[this, fv], c)?;
    let a = vm.new_array(Vec::new());
    let limit = arg(args, 1);
    let lim = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    if lim == 0 {
        return Ok(Value::object(a));
    }
    let subject = Subject::new(s.units());
    let size = s.len();
    let mut n = 0u32;
    let mut push = |vm: &mut Vm, v: Value| -> JsResult<bool> {
        vm.create_data_property_or_throw(a, PropKey::Index(n), v)?;
        n += 1;
        Ok(n == lim)
    };
    if size == 0 {
        let z = regexp_exec(vm, splitter, s)?;
        if z.is_null() {
            push(vm, Value::string(s))?;
        }
        return Ok(Value::object(a));
    }
    if c == vm.realm.regexp_constructor && prototype_exec_is_builtin(vm) {
        split_by_search(vm, splitter, s, &subject, unicode, push)?;
        return Ok(Value::object(a));
    }
    let lk = last_index_key(vm);
    let (mut p, mut q) = (0usize, 0usize);
    while q < size {
        vm.set_v(splitter, lk, Value::number(q as f64), true)?;
        let z = regexp_exec_on(vm, splitter, s, &subject)?;
        if z.is_null() {
            q = advance(s, q, unicode);
            continue;
        }
        let li = vm.get_v(splitter, lk)?;
        let e = (to_length(vm, li)? as usize).min(size);
        if e == p {
            q = advance(s, q, unicode);
            continue;
        }
        let t = substring_of(vm, s, p, q);
        if push(vm, t)? {
            return Ok(Value::object(a));
        }
        p = e;
        let zl = vm.get_v(z, atom(vm.atoms.length))?;
        let ncaps = (to_length(vm, zl)? - 1.0).max(0.0) as u32;
        for i in 1..=ncaps {
            let cap = vm.get_v(z, PropKey::Index(i))?;
            if push(vm, cap)? {
                return Ok(Value::object(a));
            }
        }
        q = p;
    }
    let t = substring_of(vm, s, p, size);
    push(vm, t)?;
    Ok(Value::object(a))
}

/// Whether %RegExp.prototype%.exec is still the builtin data property, so that a RegExp made by %RegExp% itself
/// (which no user code has seen) is matched by the builtin exec with nothing observable around each attempt.
fn prototype_exec_is_builtin(vm: &mut Vm) -> bool {
    let proto = vm.realm.regexp_prototype.as_object();
    let k = vm.key_from_str("exec");
    vm.get_own_property(proto, k).is_some_and(|p| !p.attrs.is_accessor() && super::util::is_builtin(p.value, exec))
}

/// The loop of @@split for a splitter that nothing observes (see `prototype_exec_is_builtin`): instead of a sticky
/// attempt at each position in turn, one search finds the first position where such an attempt succeeds. `push`
/// appends to the result and says when the limit is reached.
fn split_by_search(
    vm: &mut Vm,
    splitter: Value,
    s: Gc<JsString>,
    subject: &Subject,
    unicode: bool,
    mut push: impl FnMut(&mut Vm, Value) -> JsResult<bool>,
) -> JsResult<()> {
    let m = matcher(splitter).expect("%RegExp% makes RegExps");
    let size = s.len();
    let (mut p, mut q) = (0usize, 0usize);
    while q < size {
        if !stack_free(vm, m.exec_stack) {
            return vm.throw_range("Maximum call stack size exceeded");
        }
        let Some(found) = m.search(subject, q) else { break };
        let at = found.range().start;
        if at >= size {
            break;
        }
        let e = found.range().end.min(size);
        if e == p {
            q = advance(s, at, unicode);
            continue;
        }
        let t = substring_of(vm, s, p, at);
        if push(vm, t)? {
            return Ok(());
        }
        p = e;
        for i in 1..=found.group_count() {
            let cap = match found.group(i) {
                Some(g) => substring_of(vm, s, g.start, g.end),
                None => Value::UNDEFINED,
            };
            if push(vm, cap)? {
                return Ok(());
            }
        }
        q = p;
    }
    let t = substring_of(vm, s, p, size);
    push(vm, t)?;
    Ok(())
}

fn sym_replace(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.replace]")?;
    let s = vm.to_string(arg(args, 0))?;
    let mut rv = arg(args, 1);
    let functional = vm.is_callable(rv);
    if !functional {
        rv = vm.to_string_value(rv)?;
    }
    let flags = flags_of(vm, this)?;
    let global = flags.contains(&(b'g' as u16));
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let lk = last_index_key(vm);
    if global {
        vm.set_v(this, lk, Value::int(0), true)?;
    }
    let mut results = RootedVec::new();
    let subject = Subject::new(s.units());
    loop {
        let r = regexp_exec_on(vm, this, s, &subject)?;
        if r.is_null() {
            break;
        }
        results.push(r);
        if !global {
            break;
        }
        let m0 = vm.get_v(r, PropKey::Index(0))?;
        let ms = vm.to_string(m0)?;
        if ms.is_empty() {
            let li = vm.get_v(this, lk)?;
            let this_index = to_length(vm, li)?;
            let next = advance(s, this_index as usize, unicode);
            vm.set_v(this, lk, Value::number(next as f64), true)?;
        }
    }
    let su = s.units().to_vec();
    let mut acc: Vec<u16> = Vec::new();
    let mut next_pos = 0usize;
    let rep_units: Vec<u16> = if functional {
        Vec::new()
    } else {
        rv.as_string().units().to_vec()
    };
    for &r in results.iter() {
        let rl = vm.get_v(r, atom(vm.atoms.length))?;
        let ncaps = (to_length(vm, rl)? - 1.0).max(0.0) as usize;
        let m0 = vm.get_v(r, PropKey::Index(0))?;
        let matched = vm.to_string(m0)?.units().to_vec();
        let iv = vm.get_v(r, atom(vm.atoms.index))?;
        let position = vm.to_integer(iv)?.clamp(0.0, su.len() as f64) as usize;
        let mut caps_vals = RootedVec::new();
        let mut captures: Vec<Option<Vec<u16>>> = Vec::new();
        for n in 1..=ncaps {
            let c = vm.get_v(r, PropKey::Index(n as u32))?;
            if c.is_undefined() {
                captures.push(None);
                caps_vals.push(Value::UNDEFINED);
            } else {
                let cs = vm.to_string(c)?;
                captures.push(Some(cs.units().to_vec()));
                caps_vals.push(Value::string(cs));
            }
        }
        let named = vm.get_v_str(r, "groups")?;
        let replacement: Vec<u16> = if functional {
            let mut call_args = RootedVec::new();
            call_args.push(vm.new_string_units(matched.clone()));
            call_args.extend(caps_vals.iter().copied());
            call_args.push(Value::number(position as f64));
            call_args.push(Value::string(s));
            if !named.is_undefined() {
                call_args.push(named);
            }
            let rep = vm.call(rv, Value::UNDEFINED, &call_args)?;
            vm.to_string(rep)?.units().to_vec()
        } else if named.is_undefined() {
            get_substitution_named(&matched, &su, position, &captures, &rep_units, None)
        } else {
            let groups = vm.to_object(named)?;
            let mut err = None;
            let mut lookup = |name: &[u16]| -> Vec<u16> {
                if err.is_some() {
                    return Vec::new();
                }
                let r = (|| -> JsResult<Vec<u16>> {
                    let name = vm.intern_units(name);
                    let k = vm.to_property_key(Value::string(name))?;
                    let v = vm.get(groups, k, Value::object(groups))?;
                    if v.is_undefined() {
                        Ok(Vec::new())
                    } else {
                        Ok(vm.to_string(v)?.units().to_vec())
                    }
                })();
                r.unwrap_or_else(|e| {
                    err = Some(e);
                    Vec::new()
                })
            };
            let out = get_substitution_named(
                &matched,
                &su,
                position,
                &captures,
                &rep_units,
                Some(&mut lookup),
            );
            if let Some(e) = err {
                return Err(e);
            }
            out
        };
        if position >= next_pos {
            acc.extend_from_slice(&su[next_pos..position]);
            acc.extend(replacement);
            next_pos = position + matched.len();
        }
    }
    if next_pos < su.len() {
        acc.extend_from_slice(&su[next_pos..]);
    }
    Ok(vm.new_string_units(acc))
}

fn sym_match_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.matchAll]")?;
    let s = vm.to_string(arg(args, 0))?;
    let c = species_constructor(vm, this)?;
    let flags = flags_of(vm, this)?;
    let fv = vm.new_string_units(flags.clone());
    let matcher = vm.construct(c, &[this, fv], c)?;
    let lk = last_index_key(vm);
    let li = vm.get_v(this, lk)?;
    let last = to_length(vm, li)?;
    vm.set_v(matcher, lk, Value::number(last), true)?;
    let global = flags.contains(&(b'g' as u16));
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let state = vm.new_array(vec![
        matcher,
        Value::string(s),
        Value::bool(global),
        Value::bool(unicode),
    ]);
    let proto = vm.realm.regexp_string_iterator_prototype;
    let it = vm.new_object_kind(
        proto,
        ObjectKind::Iterator { class: IteratorClass::RegExpString,
            target: Value::object(state),
            index: 0,
            kind: 3,
        },
        0,
    );
    Ok(Value::object(it))
}

fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.try_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let ObjectKind::Iterator { class: IteratorClass::RegExpString,
        target, kind: 3, ..
    } = o.kind
    else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    if target.is_undefined() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let st: Gc<JsObject> = target.as_object();
    let (r, s, global, unicode) = (
        st.elements[0],
        st.elements[1].as_string(),
        st.elements[2].as_bool(),
        st.elements[3].as_bool(),
    );
    let done = |vm: &mut Vm| -> JsResult<Value> {
        // SAFETY: single-threaded VM, live iterator.
        if let ObjectKind::Iterator { class: IteratorClass::RegExpString, target, .. } = &mut unsafe { o.get_mut() }.kind {
            *target = Value::UNDEFINED;
        }
        iter_result(vm, Value::UNDEFINED, true)
    };
    let m = regexp_exec(vm, r, s)?;
    if m.is_null() {
        return done(vm);
    }
    if !global {
        let res = iter_result(vm, m, false)?;
        // SAFETY: single-threaded VM, live iterator.
        if let ObjectKind::Iterator { class: IteratorClass::RegExpString, target, .. } = &mut unsafe { o.get_mut() }.kind {
            *target = Value::UNDEFINED;
        }
        return Ok(res);
    }
    let m0 = vm.get_v(m, PropKey::Index(0))?;
    let ms = vm.to_string(m0)?;
    if ms.is_empty() {
        let lk = last_index_key(vm);
        let li = vm.get_v(r, lk)?;
        let this_index = to_length(vm, li)?;
        let next = advance(s, this_index as usize, unicode);
        vm.set_v(r, lk, Value::number(next as f64), true)?;
    }
    iter_result(vm, m, false)
}
