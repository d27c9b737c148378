//! %TypedArray%.prototype: the getters, the iteration methods and the methods that read without reshaping
//! (search, join, callbacks). The ones that copy or move elements are in `prototype_copy`.
//!
//! Each method validates its receiver first (a typed array in bounds), then reads elements with the exotic [[Get]]
//! (`get_index`), so a callback that detaches or shrinks the buffer makes later reads undefined, as the spec says.

use super::constructors::species_create;
use super::exotic::{self, get_index};
use super::{install_getter, install_symbol_getter, require_typed_array, validate};
use crate::builtins::util::{atom, builtin_iterator, require_callable};
use crate::builtins::{arg, method, value};
use crate::object::{IteratorClass, JsObject};
use crate::runtime::convert::to_boolean;
use crate::runtime::operators::strict_equals;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let p = vm.realm.typed_array_prototype.as_object();
    install_getter(vm, p, "buffer", buffer);
    install_getter(vm, p, "byteLength", byte_length);
    install_getter(vm, p, "byteOffset", byte_offset);
    install_getter(vm, p, "length", length);
    let tag = vm.atoms.sym_to_string_tag;
    install_symbol_getter(vm, p, tag, "[Symbol.toStringTag]", to_string_tag);
    let methods: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("at", at, 1),
        ("entries", entries, 0),
        ("every", every, 1),
        ("filter", filter, 1),
        ("find", find::<false, false>, 1),
        ("findIndex", find::<false, true>, 1),
        ("findLast", find::<true, false>, 1),
        ("findLastIndex", find::<true, true>, 1),
        ("forEach", for_each, 1),
        ("includes", includes, 1),
        ("indexOf", index_of, 1),
        ("join", join, 1),
        ("keys", keys, 0),
        ("lastIndexOf", last_index_of, 1),
        ("map", map, 1),
        ("reduce", reduce::<false>, 1),
        ("reduceRight", reduce::<true>, 1),
        ("some", some, 1),
        ("toLocaleString", to_locale_string, 0),
    ];
    for &(name, f, len) in methods {
        method(vm, p, name, f, len);
    }
    super::prototype_copy::install(vm, p);
    let values = method(vm, p, "values", values, 0);
    let si = atom(vm.atoms.sym_iterator);
    let _ = vm.define_own_property(p, si, PropertyDescriptor::data(Value::object(values), Attrs::HIDDEN));
    // The spec makes %TypedArray%.prototype.toString the very function object of Array.prototype.toString.
    let ap = vm.realm.array_prototype.as_object();
    let ts = vm.get_str(ap, "toString").unwrap_or(Value::UNDEFINED);
    value(vm, p, "toString", ts, Attrs::HIDDEN);
}

fn buffer(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = require_typed_array(vm, this, "get TypedArray.prototype.buffer")?;
    Ok(Value::object(exotic::parts(o).expect("a typed array").1.buffer))
}

fn byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = require_typed_array(vm, this, "get TypedArray.prototype.byteLength")?;
    let size = exotic::parts(o).expect("a typed array").0.size();
    Ok(Value::number((exotic::length(o).unwrap_or(0) * size) as f64))
}

fn byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = require_typed_array(vm, this, "get TypedArray.prototype.byteOffset")?;
    let offset = exotic::parts(o).expect("a typed array").1.byte_offset;
    Ok(Value::number(if exotic::length(o).is_some() { offset as f64 } else { 0.0 }))
}

/// Whether `f` is %TypedArray%.prototype's `length` getter (the load IC computes the length itself then).
pub(crate) fn is_length_getter(f: Value) -> bool {
    let Some(o) = f.try_object() else { return false };
    matches!(&o.kind, crate::object::ObjectKind::Native(n) if n.f as *const () == length as *const ())
}

fn length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = require_typed_array(vm, this, "get TypedArray.prototype.length")?;
    Ok(Value::number(exotic::length(o).unwrap_or(0) as f64))
}

fn to_string_tag(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    match this.try_object().and_then(exotic::parts) {
        Some((kind, _)) => Ok(vm.new_string(kind.name())),
        None => Ok(Value::UNDEFINED),
    }
}

fn iterator(vm: &mut Vm, this: Value, kind: u8, method: &str) -> JsResult<Value> {
    validate(vm, this, method)?;
    let proto = vm.realm.array_iterator_prototype;
    Ok(builtin_iterator(vm, proto, IteratorClass::Array, this, kind))
}

fn values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator(vm, this, 0, "TypedArray.prototype.values")
}

fn keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator(vm, this, 1, "TypedArray.prototype.keys")
}

fn entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator(vm, this, 2, "TypedArray.prototype.entries")
}

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.at")?;
    let rel = vm.to_integer(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(exotic::get_element(vm, o, k))
}

/// Validates the receiver and the callback of a method that calls back per element.
fn with_callback(vm: &mut Vm, this: Value, args: &[Value], method: &str) -> JsResult<(Gc<JsObject>, usize, Value)> {
    let (o, _, len) = validate(vm, this, method)?;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    Ok((o, len, f))
}

/// Calls `f(element, index, o)` with `thisArg` for each index in order, stopping when `stop` says so; returns the
/// index it stopped at.
fn each(
    vm: &mut Vm,
    o: Gc<JsObject>,
    indices: impl Iterator<Item = usize>,
    f: Value,
    this_arg: Value,
    mut stop: impl FnMut(Value, Value) -> bool,
) -> JsResult<Option<(usize, Value)>> {
    for i in indices {
        let v = get_index(vm, o, i);
        let r = vm.call(f, this_arg, &[v, Value::number(i as f64), Value::object(o)])?;
        if stop(v, r) {
            return Ok(Some((i, v)));
        }
    }
    Ok(None)
}

fn every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.every")?;
    let failed = each(vm, o, 0..len, f, arg(args, 1), |_, r| !to_boolean(r))?;
    Ok(Value::bool(failed.is_none()))
}

fn some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.some")?;
    let found = each(vm, o, 0..len, f, arg(args, 1), |_, r| to_boolean(r))?;
    Ok(Value::bool(found.is_some()))
}

fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.forEach")?;
    each(vm, o, 0..len, f, arg(args, 1), |_, _| false)?;
    Ok(Value::UNDEFINED)
}

/// find, findIndex, findLast, findLastIndex.
fn find<const LAST: bool, const INDEX: bool>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.find")?;
    let found = if LAST {
        each(vm, o, (0..len).rev(), f, arg(args, 1), |_, r| to_boolean(r))?
    } else {
        each(vm, o, 0..len, f, arg(args, 1), |_, r| to_boolean(r))?
    };
    Ok(match found {
        Some((i, v)) => {
            if INDEX {
                Value::number(i as f64)
            } else {
                v
            }
        }
        None => {
            if INDEX {
                Value::int(-1)
            } else {
                Value::UNDEFINED
            }
        }
    })
}

fn filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.filter")?;
    // Rooted: the kept elements may be BigInts, which the callbacks' allocations could otherwise collect.
    let mut kept = crate::handles::RootedVec::new();
    for i in 0..len {
        let v = get_index(vm, o, i);
        let r = vm.call(f, arg(args, 1), &[v, Value::number(i as f64), Value::object(o)])?;
        if to_boolean(r) {
            kept.push(v);
        }
    }
    let a = species_create(vm, o, &[Value::number(kept.len() as f64)])?;
    for i in 0..kept.len() {
        let v = kept[i];
        vm.set_v(Value::object(a), PropKey::Index(i as u32), v, true)?;
    }
    Ok(Value::object(a))
}

fn map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.map")?;
    let a = species_create(vm, o, &[Value::number(len as f64)])?;
    for i in 0..len {
        let v = get_index(vm, o, i);
        let mapped = vm.call(f, arg(args, 1), &[v, Value::number(i as f64), Value::object(o)])?;
        let k = crate::builtins::util::index_key(vm, i as f64);
        vm.set_v(Value::object(a), k, mapped, true)?;
    }
    Ok(Value::object(a))
}

/// reduce and reduceRight.
fn reduce<const RIGHT: bool>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len, f) = with_callback(vm, this, args, "TypedArray.prototype.reduce")?;
    let mut order: Box<dyn Iterator<Item = usize>> = if RIGHT { Box::new((0..len).rev()) } else { Box::new(0..len) };
    let mut acc = if args.len() >= 2 {
        args[1]
    } else {
        match order.next() {
            Some(i) => get_index(vm, o, i),
            None => return vm.throw_type("Reduce of empty array with no initial value"),
        }
    };
    for i in order {
        let v = get_index(vm, o, i);
        acc = vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(i as f64), Value::object(o)])?;
    }
    Ok(acc)
}

/// The start index of includes/indexOf from their `fromIndex` argument.
fn from_index(vm: &mut Vm, v: Value, len: usize) -> JsResult<f64> {
    let n = vm.to_integer(v)?;
    Ok(if n >= 0.0 { n } else { (len as f64 + n).max(0.0) })
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.includes")?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let start = from_index(vm, arg(args, 1), len)?;
    let target = arg(args, 0);
    let mut k = start;
    while k < len as f64 {
        let v = exotic::get_element(vm, o, k);
        if vm.same_value_zero(v, target) {
            return Ok(Value::TRUE);
        }
        k += 1.0;
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.indexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let start = from_index(vm, arg(args, 1), len)?;
    let target = arg(args, 0);
    let mut k = start;
    while k < len as f64 {
        // An element that a fromIndex conversion detached is absent (HasProperty is false), never equal.
        if exotic::valid_index(o, k).is_some() && strict_equals(exotic::get_element(vm, o, k), target) {
            return Ok(Value::number(k));
        }
        k += 1.0;
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.lastIndexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 { vm.to_integer(args[1])? } else { len as f64 - 1.0 };
    let mut k = if n >= 0.0 { n.min(len as f64 - 1.0) } else { len as f64 + n };
    let target = arg(args, 0);
    while k >= 0.0 {
        if exotic::valid_index(o, k).is_some() && strict_equals(exotic::get_element(vm, o, k), target) {
            return Ok(Value::number(k));
        }
        k -= 1.0;
    }
    Ok(Value::int(-1))
}

fn join(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.join")?;
    let sep = match arg(args, 0) {
        v if v.is_undefined() => ",".to_string(),
        v => vm.to_rust_string(v)?,
    };
    let mut out = String::new();
    for i in 0..len {
        if i > 0 {
            out.push_str(&sep);
        }
        let v = get_index(vm, o, i);
        if v.is_bigint() {
            out.push_str(&crate::bigint::to_string_radix(v, 10));
        } else if !v.is_undefined() {
            out.push_str(&crate::runtime::convert::number_to_string(v.as_number()));
        }
    }
    Ok(vm.new_string(&out))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.toLocaleString")?;
    let mut out = String::new();
    for i in 0..len {
        if i > 0 {
            out.push(',');
        }
        let v = get_index(vm, o, i);
        if !v.is_nullish() {
            let f = vm.get_v_str(v, "toLocaleString")?;
            let s = vm.call(f, v, &[])?;
            out.push_str(&vm.to_rust_string(s)?);
        }
    }
    Ok(vm.new_string(&out))
}
