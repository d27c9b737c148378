//! The RegExp methods that the String methods delegate to (@@match, @@matchAll, @@replace, @@search, @@split) and
//! %RegExpStringIteratorPrototype%.next, on RegExpExec from `regexp`.

use super::arg;
use super::regexp::{
    advance, exec, last_index_key, matcher, regexp_exec, regexp_exec_on, require_object, stack_free, to_length,
};
use super::regexp_matcher::Subject;
use super::string::{get_substitution_named, substring_of};
use super::util::{atom, iter_result};
use crate::handles::RootedVec;
use crate::object::{IteratorClass, JsObject, ObjectKind};
use crate::runtime::property::PropKey;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

fn flags_of(vm: &mut Vm, rx: Value) -> JsResult<Vec<u16>> {
    let f = vm.get_v_str(rx, "flags")?;
    Ok(vm.to_string(f)?.units().to_vec())
}

pub(super) fn sym_match(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.match]")?;
    let s = vm.to_string(arg(args, 0))?;
    let flags = flags_of(vm, this)?;
    if !flags.contains(&(b'g' as u16)) {
        return regexp_exec(vm, this, s);
    }
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let lk = last_index_key(vm);
    vm.set_v(this, lk, Value::int(0), true)?;
    let a = vm.new_array(thin_vec::ThinVec::new());
    let mut n = 0u32;
    let subject = Subject::of(&s);
    loop {
        let r = regexp_exec_on(vm, this, s, &subject)?;
        if r.is_null() {
            return Ok(if n == 0 { Value::NULL } else { Value::object(a) });
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

pub(super) fn sym_search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
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

pub(super) fn sym_split(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.split]")?;
    let s = vm.to_string(arg(args, 0))?;
    let c = species_constructor(vm, this)?;
    let mut flags = flags_of(vm, this)?;
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    if !flags.contains(&(b'y' as u16)) {
        flags.push(b'y' as u16);
    }
    let fv = vm.new_string_units(flags)?;
    let splitter = vm.construct(c, &[this, fv], c)?;
    let a = vm.new_array(thin_vec::ThinVec::new());
    let limit = arg(args, 1);
    let lim = if limit.is_undefined() { u32::MAX } else { vm.to_uint32(limit)? };
    if lim == 0 {
        return Ok(Value::object(a));
    }
    let subject = Subject::of(&s);
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
    // %RegExp.prototype% is an ordinary object (never a proxy).
    let proto = vm.realm.regexp_prototype.as_object();
    let k = vm.key_from_str("exec");
    vm.ordinary_get_own_property(proto, k)
        .is_some_and(|p| !p.attrs.is_accessor() && super::util::is_builtin(p.value, exec))
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

pub(super) fn sym_replace(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
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
    let subject = Subject::of(&s);
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
    let rep_units: Vec<u16> = if functional { Vec::new() } else { rv.as_string().units().to_vec() };
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
            call_args.push(vm.new_string_units(matched.clone())?);
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
                    if v.is_undefined() { Ok(Vec::new()) } else { Ok(vm.to_string(v)?.units().to_vec()) }
                })();
                r.unwrap_or_else(|e| {
                    err = Some(e);
                    Vec::new()
                })
            };
            let out = get_substitution_named(&matched, &su, position, &captures, &rep_units, Some(&mut lookup));
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
    vm.new_string_units(acc)
}

pub(super) fn sym_match_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "[Symbol.matchAll]")?;
    let s = vm.to_string(arg(args, 0))?;
    let c = species_constructor(vm, this)?;
    let flags = flags_of(vm, this)?;
    let fv = vm.new_string_units(flags.clone())?;
    let matcher = vm.construct(c, &[this, fv], c)?;
    let lk = last_index_key(vm);
    let li = vm.get_v(this, lk)?;
    let last = to_length(vm, li)?;
    vm.set_v(matcher, lk, Value::number(last), true)?;
    let global = flags.contains(&(b'g' as u16));
    let unicode = flags.contains(&(b'u' as u16)) || flags.contains(&(b'v' as u16));
    let state =
        vm.new_array(thin_vec::thin_vec![matcher, Value::string(s), Value::bool(global), Value::bool(unicode),]);
    let proto = vm.realm.regexp_string_iterator_prototype;
    Ok(super::util::builtin_iterator(vm, proto, IteratorClass::RegExpString, Value::object(state), 3))
}

pub(super) fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.try_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let ObjectKind::Iterator { class: IteratorClass::RegExpString, target, kind: 3, .. } = o.kind else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    if target.is_undefined() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let st: Gc<JsObject> = target.as_object();
    let (r, s, global, unicode) =
        (st.elements[0], st.elements[1].as_string(), st.elements[2].as_bool(), st.elements[3].as_bool());
    let done = |vm: &mut Vm| -> JsResult<Value> {
        // SAFETY: single-threaded VM, live iterator.
        if let ObjectKind::Iterator { class: IteratorClass::RegExpString, target, .. } =
            &mut unsafe { o.get_mut() }.kind
        {
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
        if let ObjectKind::Iterator { class: IteratorClass::RegExpString, target, .. } =
            &mut unsafe { o.get_mut() }.kind
        {
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
