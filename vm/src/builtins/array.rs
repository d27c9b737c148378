//! Array constructor, Array.prototype, %ArrayIteratorPrototype% and %IteratorPrototype%.
//!
//! Methods follow the generic algorithms of the specification (any array-like `this`), with fast paths on dense
//! arrays whose holes cannot be filled from a prototype (`vm.no_indexed_prototypes`).

use super::util::return_this;
use super::util::{
    accessor, atom, constructor, for_each_iterated, index_key, iter_result, relative_index, require_callable,
    sym_method,
};
use super::{arg, method, value};
use crate::handles::RootedVec;
use crate::object::IteratorClass;
use crate::object::{FLAG_LENGTH_READONLY, FLAG_PROTOTYPE, JsObject, ObjectKind};
use crate::runtime::convert::to_boolean;
use crate::runtime::property::PropKey;
use crate::string::{JsString, UnitsBuf};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::RefCell;
use tetra_gc::Gc;
use tetra_shapes::Attrs;

const MAX_SAFE: f64 = 9007199254740991.0;

pub fn install(vm: &mut Vm) {
    // %IteratorPrototype%
    let ip = vm.new_object();
    vm.realm.iterator_prototype = Value::object(ip);
    let si = vm.atoms.sym_iterator;
    sym_method(vm, ip, si, "[Symbol.iterator]", return_this, 0, Attrs::HIDDEN);
    // %ArrayIteratorPrototype%
    let aip = super::util::iterator_prototype(vm, "Array Iterator", array_iterator_next);
    vm.realm.array_iterator_prototype = Value::object(aip);

    let ap = vm.realm.array_prototype;
    let c = constructor(vm, "Array", array_ctor, 1, ap);
    vm.realm.array_constructor = Value::object(c);
    method(vm, c, "isArray", is_array, 1);
    method(vm, c, "of", array_of, 0);
    method(vm, c, "from", array_from, 1);
    let sp = atom(vm.atoms.sym_species);
    accessor(vm, c, sp, "[Symbol.species]", return_this, None);

    let p = ap.as_object();
    let fns: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("at", at, 1),
        ("concat", concat, 1),
        ("copyWithin", copy_within, 2),
        ("entries", entries, 0),
        ("every", every, 1),
        ("fill", fill, 1),
        ("filter", filter, 1),
        ("find", find, 1),
        ("findIndex", find_index, 1),
        ("findLast", find_last, 1),
        ("findLastIndex", find_last_index, 1),
        ("flat", flat, 0),
        ("flatMap", flat_map, 1),
        ("forEach", for_each, 1),
        ("includes", includes, 1),
        ("indexOf", index_of, 1),
        ("join", join, 1),
        ("keys", keys, 0),
        ("lastIndexOf", last_index_of, 1),
        ("map", map, 1),
        ("pop", pop, 0),
        ("push", push, 1),
        ("reduce", reduce, 1),
        ("reduceRight", reduce_right, 1),
        ("reverse", reverse, 0),
        ("shift", shift, 0),
        ("slice", slice, 2),
        ("some", some, 1),
        ("sort", sort, 1),
        ("splice", splice, 2),
        ("toLocaleString", to_locale_string, 0),
        ("toString", to_string, 0),
        ("unshift", unshift, 1),
        ("toReversed", to_reversed, 0),
        ("toSorted", to_sorted, 1),
        ("toSpliced", to_spliced, 2),
        ("with", with, 2),
    ];
    for &(name, f, len) in fns {
        method(vm, p, name, f, len);
    }
    let values_fn = method(vm, p, "values", values, 0);
    vm.realm.array_proto_values = Value::object(values_fn);
    value(vm, p, "length", Value::int(0), Attrs(Attrs::WRITABLE));
    let _ = vm.define_own_property(
        p,
        atom(si),
        crate::runtime::property::PropertyDescriptor::data(Value::object(values_fn), Attrs::HIDDEN),
    );
    let un = vm.new_object_with_proto(Value::NULL);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        let k = vm.key_from_str(name);
        let _ = vm.create_data_property(un, k, Value::TRUE);
    }
    let uk = atom(vm.atoms.sym_unscopables);
    let _ = vm.define_own_property(
        p,
        uk,
        crate::runtime::property::PropertyDescriptor::data(Value::object(un), Attrs(Attrs::CONFIGURABLE)),
    );
}

// ---- helpers ----

/// True when `o` is an array whose elements can be manipulated directly: every index below `length` is in
/// `elements`, holes cannot be filled from prototypes, and length/extensibility are unrestricted.
fn fast(vm: &Vm, o: Gc<JsObject>) -> bool {
    o.is_array()
        && o.has_fast_elements()
        && o.is_extensible()
        && o.flags & FLAG_LENGTH_READONLY == 0
        && vm.no_indexed_prototypes
        && o.elements.len() == o.length as usize
}

fn length(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<f64> {
    Ok(vm.length_of(Value::object(o))? as f64)
}

fn get_i(vm: &mut Vm, o: Gc<JsObject>, i: f64) -> JsResult<Value> {
    let k = index_key(vm, i);
    vm.get(o, k, Value::object(o))
}

fn has_i(vm: &mut Vm, o: Gc<JsObject>, i: f64) -> JsResult<bool> {
    let k = index_key(vm, i);
    vm.has_property(o, k)
}

fn set_i(vm: &mut Vm, o: Gc<JsObject>, i: f64, v: Value) -> JsResult<()> {
    let k = index_key(vm, i);
    vm.set_v(Value::object(o), k, v, true)
}

fn del_i(vm: &mut Vm, o: Gc<JsObject>, i: f64) -> JsResult<()> {
    let k = index_key(vm, i);
    if !vm.delete(o, k)? {
        return vm.throw_type(&format!("Cannot delete property '{i}' of [object Array]"));
    }
    Ok(())
}

fn create_i(vm: &mut Vm, o: Gc<JsObject>, i: f64, v: Value) -> JsResult<()> {
    // CreateDataProperty on a dense array defines a plain data element: in place over an element or a hole (no
    // setter runs, unlike [[Set]]), or as an append. Prototypes go the generic way (they guard the protector).
    if o.is_array()
        && o.has_fast_elements()
        && o.is_extensible()
        && o.flags & (FLAG_PROTOTYPE | FLAG_LENGTH_READONLY) == 0
        && i < o.elements.len() as f64 + 1.0
    {
        // SAFETY: single-threaded VM; `o` is a live array.
        let m = unsafe { o.get_mut() };
        let i = i as usize;
        if i < m.elements.len() {
            m.elements[i] = v;
            return Ok(());
        }
        if m.length as usize == i {
            vm.push_element(o, v);
            return Ok(());
        }
    }
    let k = index_key(vm, i);
    vm.create_data_property_or_throw(o, k, v)
}

fn set_len(vm: &mut Vm, o: Gc<JsObject>, n: f64) -> JsResult<()> {
    let k = atom(vm.atoms.length);
    vm.set_v(Value::object(o), k, Value::number(n), true)
}

/// ArraySpeciesCreate.
fn species_create(vm: &mut Vm, orig: Gc<JsObject>, len: f64) -> JsResult<Gc<JsObject>> {
    if vm.is_array_value(Value::object(orig))? {
        let ck = atom(vm.atoms.constructor);
        let mut c = vm.get(orig, ck, Value::object(orig))?;
        if c.is_object() {
            let sk = atom(vm.atoms.sym_species);
            c = vm.get(c.as_object(), sk, c)?;
            if c.is_null() {
                c = Value::UNDEFINED;
            }
        }
        if !c.is_undefined() && c != vm.realm.array_constructor {
            if !vm.is_constructor(c) {
                return vm.throw_type("object.constructor[Symbol.species] is not a constructor");
            }
            let r = vm.construct(c, &[Value::number(len)], c)?;
            if !r.is_object() {
                return vm.throw_type("species constructor returned a non-object");
            }
            return Ok(r.as_object());
        }
    }
    array_create(vm, len, Value::UNDEFINED)
}

/// Largest `new Array(n)` whose elements are preallocated (V8's kInitialMaxFastElementArray is of this order).
const PREALLOCATE_MAX: f64 = 100_000.0;

/// `n` holes: a fill the compiler can vectorise (ThinVec's `from_elem` pushes one value at a time).
fn holes(n: usize) -> thin_vec::ThinVec<Value> {
    let mut v: thin_vec::ThinVec<Value> = thin_vec::ThinVec::with_capacity(n);
    // SAFETY: the capacity is `n`; all `n` values are written before the length says they exist.
    unsafe {
        let p = v.as_mut_ptr();
        for i in 0..n {
            p.add(i).write(Value::HOLE);
        }
        v.set_len(n);
    }
    v
}

/// ArrayCreate(len, proto).
/// `new Array(len)` for a length that needs no checks (compiled code's `NewArray`).
pub(crate) fn array_of_length(vm: &mut Vm, len: u32) -> Gc<JsObject> {
    let ap = vm.realm.array_prototype;
    array_create(vm, len as f64, ap).expect("a length below 2^32 is valid")
}

fn array_create(vm: &mut Vm, len: f64, proto: Value) -> JsResult<Gc<JsObject>> {
    if len > 4294967295.0 {
        return vm.throw_range("Invalid array length");
    }
    // Like V8's holey fast elements: a preallocated run of holes, so filling the array in any order stays dense.
    let elements = if len <= PREALLOCATE_MAX { holes(len as usize) } else { thin_vec::ThinVec::new() };
    let a = vm.new_array(elements);
    // SAFETY: single-threaded VM, freshly allocated array.
    unsafe { a.get_mut().length = len as u32 };
    if proto.is_object() && proto != vm.realm.array_prototype {
        vm.ordinary_set_prototype_of(a, proto);
    }
    Ok(a)
}

// ---- constructor and statics ----

fn array_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let ap = vm.realm.array_prototype;
    // `Array.prototype` is non-writable and non-configurable: `new Array` needs no lookup.
    let proto = if nt.is_undefined() || nt == vm.realm.array_constructor {
        ap
    } else {
        vm.get_prototype_from_constructor(nt, ap)?
    };
    if args.len() == 1 {
        let n = args[0];
        if n.is_int() && n.as_int() >= 0 {
            return Ok(Value::object(array_create(vm, n.as_int() as f64, proto)?));
        }
        if n.is_number() {
            let d = n.as_number();
            if !(0.0..=4294967295.0).contains(&d) || d.fract() != 0.0 || d.is_nan() {
                return vm.throw_range("Invalid array length");
            }
            return Ok(Value::object(array_create(vm, d, proto)?));
        }
        let a = vm.new_array(thin_vec::thin_vec![n]);
        if proto != ap {
            vm.ordinary_set_prototype_of(a, proto);
        }
        return Ok(Value::object(a));
    }
    let a = vm.new_array(thin_vec::ThinVec::from(args));
    if proto != ap {
        vm.ordinary_set_prototype_of(a, proto);
    }
    Ok(Value::object(a))
}

fn is_array(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.is_array_value(arg(args, 0))?))
}

fn construct_or_array(vm: &mut Vm, c: Value, len: Option<f64>) -> JsResult<Gc<JsObject>> {
    if vm.is_constructor(c) && c != vm.realm.array_constructor {
        let args: Vec<Value> = len.map(Value::number).into_iter().collect();
        let r = vm.construct(c, &args, c)?;
        if !r.is_object() {
            return vm.throw_type("constructor returned a non-object");
        }
        return Ok(r.as_object());
    }
    array_create(vm, len.unwrap_or(0.0), Value::UNDEFINED)
}

fn array_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let a = construct_or_array(vm, this, Some(args.len() as f64))?;
    for (i, &v) in args.iter().enumerate() {
        create_i(vm, a, i as f64, v)?;
    }
    set_len(vm, a, args.len() as f64)?;
    Ok(Value::object(a))
}

fn array_from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let items = arg(args, 0);
    let mapfn = arg(args, 1);
    let this_arg = arg(args, 2);
    let mapping = !mapfn.is_undefined();
    if mapping {
        require_callable(vm, mapfn)?;
    }
    let ik = atom(vm.atoms.sym_iterator);
    let using = if items.is_nullish() { Value::UNDEFINED } else { vm.get_v(items, ik)? };
    if !using.is_nullish() {
        let a = construct_or_array(vm, this, None)?;
        let mut k = 0f64;
        for_each_iterated(vm, items, |vm, v| {
            let v = if mapping { vm.call(mapfn, this_arg, &[v, Value::number(k)])? } else { v };
            create_i(vm, a, k, v)?;
            k += 1.0;
            Ok(true)
        })?;
        set_len(vm, a, k)?;
        return Ok(Value::object(a));
    }
    let src = vm.to_object(items)?;
    let len = length(vm, src)?;
    let a = construct_or_array(vm, this, Some(len))?;
    let mut k = 0.0;
    while k < len {
        let v = get_i(vm, src, k)?;
        let v = if mapping { vm.call(mapfn, this_arg, &[v, Value::number(k)])? } else { v };
        create_i(vm, a, k, v)?;
        k += 1.0;
    }
    set_len(vm, a, len)?;
    Ok(Value::object(a))
}

// ---- iterators ----

fn make_iterator(vm: &mut Vm, this: Value, kind: u8) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let proto = vm.realm.array_iterator_prototype;
    Ok(super::util::builtin_iterator(vm, proto, IteratorClass::Array, Value::object(o), kind))
}

fn values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iterator(vm, this, 0)
}

fn keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iterator(vm, this, 1)
}

fn entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iterator(vm, this, 2)
}

/// The length an array iterator runs to: LengthOfArrayLike, or for a typed array its current length (a TypeError
/// once it is detached or out of bounds).
pub(crate) fn iterated_length(vm: &mut Vm, target: Value) -> JsResult<u64> {
    if target.is_object() && target.as_object().is_typed_array() {
        return match crate::builtins::typed_array::exotic::length(target.as_object()) {
            Some(len) => Ok(len as u64),
            None => vm.throw_type("Cannot iterate a detached or out-of-bounds typed array"),
        };
    }
    vm.length_of(target)
}

pub(crate) fn array_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.try_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let ObjectKind::Iterator { class: IteratorClass::Array, target, index, kind } = o.kind else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    if target.is_undefined() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let len = iterated_length(vm, target)?;
    if index as u64 >= len {
        // SAFETY: single-threaded VM, live object.
        if let ObjectKind::Iterator { class: IteratorClass::Array, target, .. } = &mut unsafe { o.get_mut() }.kind {
            *target = Value::UNDEFINED;
        }
        return iter_result(vm, Value::UNDEFINED, true);
    }
    // SAFETY: single-threaded VM, live object.
    if let ObjectKind::Iterator { class: IteratorClass::Array, index, .. } = &mut unsafe { o.get_mut() }.kind {
        *index += 1;
    }
    let v = match kind {
        1 => Value::number(index as f64),
        _ => {
            let e = vm.get_v(target, PropKey::Index(index))?;
            if kind == 0 { e } else { Value::object(vm.new_array(thin_vec::thin_vec![Value::number(index as f64), e])) }
        }
    };
    iter_result(vm, v, false)
}

// ---- mutators ----

fn push(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.try_object()
        && fast(vm, o)
        && (o.length as usize) + args.len() < u32::MAX as usize
    {
        // SAFETY: single-threaded VM, live object.
        let m = unsafe { o.get_mut() };
        let before = m.elements.capacity();
        m.elements.extend_from_slice(args);
        m.length = m.elements.len() as u32;
        let grown = m.elements.capacity().saturating_sub(before) * 8;
        let n = m.length;
        if grown > 0 {
            vm.heap.report_external(grown);
        }
        return Ok(Value::number(n as f64));
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len + args.len() as f64 > MAX_SAFE {
        return vm.throw_type("Pushing elements past 2^53-1 length");
    }
    for (i, &v) in args.iter().enumerate() {
        set_i(vm, o, len + i as f64, v)?;
    }
    let n = len + args.len() as f64;
    set_len(vm, o, n)?;
    Ok(Value::number(n))
}

fn pop(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.try_object()
        && fast(vm, o)
    {
        // SAFETY: single-threaded VM, live object.
        let m = unsafe { o.get_mut() };
        let v = m.elements.pop().unwrap_or(Value::UNDEFINED);
        m.length = m.elements.len() as u32;
        return Ok(if v.is_hole() { Value::UNDEFINED } else { v });
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len == 0.0 {
        set_len(vm, o, 0.0)?;
        return Ok(Value::UNDEFINED);
    }
    let v = get_i(vm, o, len - 1.0)?;
    del_i(vm, o, len - 1.0)?;
    set_len(vm, o, len - 1.0)?;
    Ok(v)
}

fn shift(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.try_object()
        && fast(vm, o)
    {
        // SAFETY: single-threaded VM, live object.
        let m = unsafe { o.get_mut() };
        if m.elements.is_empty() {
            return Ok(Value::UNDEFINED);
        }
        let v = m.elements.remove(0);
        m.length = m.elements.len() as u32;
        return Ok(if v.is_hole() { Value::UNDEFINED } else { v });
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len == 0.0 {
        set_len(vm, o, 0.0)?;
        return Ok(Value::UNDEFINED);
    }
    let first = get_i(vm, o, 0.0)?;
    let mut k = 1.0;
    while k < len {
        if has_i(vm, o, k)? {
            let v = get_i(vm, o, k)?;
            set_i(vm, o, k - 1.0, v)?;
        } else {
            del_i(vm, o, k - 1.0)?;
        }
        k += 1.0;
    }
    del_i(vm, o, len - 1.0)?;
    set_len(vm, o, len - 1.0)?;
    Ok(first)
}

fn unshift(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.try_object()
        && fast(vm, o)
        && (o.length as usize) + args.len() < u32::MAX as usize
    {
        // SAFETY: single-threaded VM, live object.
        let m = unsafe { o.get_mut() };
        m.elements.splice(0..0, args.iter().copied());
        m.length = m.elements.len() as u32;
        return Ok(Value::number(m.length as f64));
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let n = args.len() as f64;
    if n > 0.0 {
        if len + n > MAX_SAFE {
            return vm.throw_type("Unshift past 2^53-1 length");
        }
        let mut k = len;
        while k > 0.0 {
            let from = k - 1.0;
            let to = k + n - 1.0;
            if has_i(vm, o, from)? {
                let v = get_i(vm, o, from)?;
                set_i(vm, o, to, v)?;
            } else {
                del_i(vm, o, to)?;
            }
            k -= 1.0;
        }
        for (j, &v) in args.iter().enumerate() {
            set_i(vm, o, j as f64, v)?;
        }
    }
    set_len(vm, o, len + n)?;
    Ok(Value::number(len + n))
}

fn splice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let start = relative_index(vm, arg(args, 0), len, 0.0)?;
    let items: &[Value] = if args.len() > 2 { &args[2..] } else { &[] };
    let del_count = if args.is_empty() {
        0.0
    } else if args.len() == 1 {
        len - start
    } else {
        vm.to_integer(args[1])?.clamp(0.0, len - start)
    };
    let item_count = items.len() as f64;
    if len + item_count - del_count > MAX_SAFE {
        return vm.throw_type("Splice past 2^53-1 length");
    }
    let a = species_create(vm, o, del_count)?;
    if fast(vm, o) && a.is_array() && a.elements.is_empty() && a.has_fast_elements() && Value::object(a) != this {
        let (s, d) = (start as usize, del_count as usize);
        // SAFETY: single-threaded VM, live objects; `a` is a fresh array distinct from `o`.
        let removed: Vec<Value> = unsafe { o.get_mut() }.elements.splice(s..s + d, items.iter().copied()).collect();
        unsafe {
            let m = o.get_mut();
            m.length = m.elements.len() as u32;
            let am = a.get_mut();
            am.elements = removed.into();
            am.length = d as u32;
        }
        return Ok(Value::object(a));
    }
    let mut k = 0.0;
    while k < del_count {
        if has_i(vm, o, start + k)? {
            let v = get_i(vm, o, start + k)?;
            create_i(vm, a, k, v)?;
        }
        k += 1.0;
    }
    set_len(vm, a, del_count)?;
    if item_count < del_count {
        let mut k = start;
        while k < len - del_count {
            let (from, to) = (k + del_count, k + item_count);
            if has_i(vm, o, from)? {
                let v = get_i(vm, o, from)?;
                set_i(vm, o, to, v)?;
            } else {
                del_i(vm, o, to)?;
            }
            k += 1.0;
        }
        let mut k = len;
        while k > len - del_count + item_count {
            del_i(vm, o, k - 1.0)?;
            k -= 1.0;
        }
    } else if item_count > del_count {
        let mut k = len - del_count;
        while k > start {
            let (from, to) = (k + del_count - 1.0, k + item_count - 1.0);
            if has_i(vm, o, from)? {
                let v = get_i(vm, o, from)?;
                set_i(vm, o, to, v)?;
            } else {
                del_i(vm, o, to)?;
            }
            k -= 1.0;
        }
    }
    for (j, &v) in items.iter().enumerate() {
        set_i(vm, o, start + j as f64, v)?;
    }
    set_len(vm, o, len - del_count + item_count)?;
    Ok(Value::object(a))
}

fn reverse(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.try_object()
        && fast(vm, o)
    {
        // SAFETY: single-threaded VM, live object.
        unsafe { o.get_mut() }.elements.reverse();
        return Ok(this);
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let middle = (len / 2.0).floor();
    let mut lower = 0.0;
    while lower != middle {
        let upper = len - lower - 1.0;
        let le = has_i(vm, o, lower)?;
        let lv = if le { get_i(vm, o, lower)? } else { Value::UNDEFINED };
        let ue = has_i(vm, o, upper)?;
        let uv = if ue { get_i(vm, o, upper)? } else { Value::UNDEFINED };
        match (le, ue) {
            (true, true) => {
                set_i(vm, o, lower, uv)?;
                set_i(vm, o, upper, lv)?;
            }
            (false, true) => {
                set_i(vm, o, lower, uv)?;
                del_i(vm, o, upper)?;
            }
            (true, false) => {
                del_i(vm, o, lower)?;
                set_i(vm, o, upper, lv)?;
            }
            _ => {}
        }
        lower += 1.0;
    }
    Ok(Value::object(o))
}

fn fill(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let v = arg(args, 0);
    let k = relative_index(vm, arg(args, 1), len, 0.0)?;
    let end = relative_index(vm, arg(args, 2), len, len)?;
    let mut i = k;
    // Dense elements, holes included, are written in place when a [[Set]] could do nothing else: an ordinary
    // extensible array that is no prototype, while no prototype has indexed properties (no setter can intervene).
    if o.is_array()
        && o.has_fast_elements()
        && o.is_extensible()
        && o.flags & FLAG_PROTOTYPE == 0
        && vm.no_indexed_prototypes
        && matches!(o.kind, ObjectKind::Array)
    {
        // SAFETY: single-threaded VM, live object; nothing else runs during the loop.
        let m = unsafe { o.get_mut() };
        let stop = end.min(m.elements.len() as f64);
        if i < stop {
            m.elements[i as usize..stop as usize].fill(v);
            i = stop;
        }
    }
    while i < end {
        set_i(vm, o, i, v)?;
        i += 1.0;
    }
    Ok(Value::object(o))
}

fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let mut to = relative_index(vm, arg(args, 0), len, 0.0)?;
    let mut from = relative_index(vm, arg(args, 1), len, 0.0)?;
    let fin = relative_index(vm, arg(args, 2), len, len)?;
    let mut count = (fin - from).min(len - to);
    let dir = if from < to && to < from + count {
        from += count - 1.0;
        to += count - 1.0;
        -1.0
    } else {
        1.0
    };
    while count > 0.0 {
        if has_i(vm, o, from)? {
            let v = get_i(vm, o, from)?;
            set_i(vm, o, to, v)?;
        } else {
            del_i(vm, o, to)?;
        }
        from += dir;
        to += dir;
        count -= 1.0;
    }
    Ok(Value::object(o))
}

// ---- sort ----

/// Stable merge sort with a fallible comparison (`Ok(true)` when a > b, i.e. b must come first).
pub(crate) fn merge_sort(
    vm: &mut Vm,
    v: &mut [Value],
    tmp: &mut [Value],
    gt: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<bool>,
) -> JsResult<()> {
    let n = v.len();
    // Insertion sort small runs, then merge bottom-up.
    const RUN: usize = 8;
    let mut s = 0;
    while s < n {
        let e = (s + RUN).min(n);
        for i in s + 1..e {
            let mut j = i;
            while j > s && gt(vm, v[j - 1], v[j])? {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        s = e;
    }
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            if mid < hi {
                tmp[lo..hi].copy_from_slice(&v[lo..hi]);
                let (mut i, mut j, mut k) = (lo, mid, lo);
                while i < mid && j < hi {
                    if gt(vm, tmp[i], tmp[j])? {
                        v[k] = tmp[j];
                        j += 1;
                    } else {
                        v[k] = tmp[i];
                        i += 1;
                    }
                    k += 1;
                }
                while i < mid {
                    v[k] = tmp[i];
                    i += 1;
                    k += 1;
                }
                while j < hi {
                    v[k] = tmp[j];
                    j += 1;
                    k += 1;
                }
            }
            lo = hi;
        }
        width *= 2;
    }
    Ok(())
}

fn sort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = arg(args, 0);
    if !cmp.is_undefined() && !vm.is_callable(cmp) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let mut items = RootedVec::new();
    let mut undefs = 0.0;
    let mut k = 0.0;
    while k < len {
        if has_i(vm, o, k)? {
            let v = get_i(vm, o, k)?;
            if v.is_undefined() {
                undefs += 1.0;
            } else {
                items.push(v);
            }
        }
        k += 1.0;
    }
    let mut tmp = RootedVec::from_vec(vec![Value::UNDEFINED; items.len()]);
    if cmp.is_undefined() {
        // Sort (string, value) pairs: strings first, stored interleaved so both stay rooted.
        let mut keyed = RootedVec::new();
        for &v in items.iter() {
            let s = vm.to_string(v)?;
            keyed.push(Value::string(s));
        }
        let mut idx: Vec<usize> = (0..items.len()).collect();
        // A stable sort on code units: no user code runs, so the standard library sort is fine.
        idx.sort_by(|&a, &b| keyed[a].as_string().units().cmp_units(&keyed[b].as_string().units()));
        for (i, &j) in idx.iter().enumerate() {
            tmp[i] = items[j];
        }
        items.copy_from_slice(&tmp);
    } else {
        let mut gt = |vm: &mut Vm, a: Value, b: Value| -> JsResult<bool> {
            let r = vm.call(cmp, Value::UNDEFINED, &[a, b])?;
            let d = if r.is_int() { r.as_int() as f64 } else { vm.to_number(r)? };
            Ok(d > 0.0)
        };
        merge_sort(vm, &mut items, &mut tmp, &mut gt)?;
    }
    let count = items.len() as f64;
    for (i, &v) in items.iter().enumerate() {
        set_i(vm, o, i as f64, v)?;
    }
    let mut i = count;
    while i < count + undefs {
        set_i(vm, o, i, Value::UNDEFINED)?;
        i += 1.0;
    }
    while i < len {
        if has_i(vm, o, i)? {
            del_i(vm, o, i)?;
        }
        i += 1.0;
    }
    Ok(Value::object(o))
}

// ---- accessors ----

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let r = vm.to_integer(arg(args, 0))?;
    let k = if r >= 0.0 { r } else { len + r };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    get_i(vm, o, k)
}

fn is_concat_spreadable(vm: &mut Vm, v: Value) -> JsResult<bool> {
    if !v.is_object() {
        return Ok(false);
    }
    let k = atom(vm.atoms.sym_is_concat_spreadable);
    let s = vm.get(v.as_object(), k, v)?;
    if !s.is_undefined() {
        return Ok(to_boolean(s));
    }
    vm.is_array_value(v)
}

fn concat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let a = species_create(vm, o, 0.0)?;
    let mut n = 0.0;
    let mut list = vec![Value::object(o)];
    list.extend_from_slice(args);
    for e in list {
        if is_concat_spreadable(vm, e)? {
            let eo = e.as_object();
            let len = length(vm, eo)?;
            if n + len > MAX_SAFE {
                return vm.throw_type("Concat past 2^53-1 length");
            }
            if fast(vm, eo) && fast(vm, a) && a.elements.len() == n as usize && a != eo {
                let els = eo.elements.clone();
                // SAFETY: single-threaded VM, live object.
                let m = unsafe { a.get_mut() };
                m.elements.extend_from_slice(&els);
                m.length = m.elements.len() as u32;
                n += len;
                continue;
            }
            let mut k = 0.0;
            while k < len {
                if has_i(vm, eo, k)? {
                    let v = get_i(vm, eo, k)?;
                    create_i(vm, a, n, v)?;
                }
                n += 1.0;
                k += 1.0;
            }
        } else {
            if n >= MAX_SAFE {
                return vm.throw_type("Concat past 2^53-1 length");
            }
            create_i(vm, a, n, e)?;
            n += 1.0;
        }
    }
    set_len(vm, a, n)?;
    Ok(Value::object(a))
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let k = relative_index(vm, arg(args, 0), len, 0.0)?;
    let fin = relative_index(vm, arg(args, 1), len, len)?;
    let count = (fin - k).max(0.0);
    let a = species_create(vm, o, count)?;
    if fast(vm, o) && a.is_array() && a.elements.is_empty() && a.has_fast_elements() {
        let els: Vec<Value> = o.elements[k as usize..(k + count) as usize].to_vec();
        // SAFETY: single-threaded VM, live object.
        let m = unsafe { a.get_mut() };
        m.elements = els.into();
        m.length = count as u32;
        return Ok(Value::object(a));
    }
    let mut i = k;
    let mut n = 0.0;
    while i < fin {
        if has_i(vm, o, i)? {
            let v = get_i(vm, o, i)?;
            create_i(vm, a, n, v)?;
        }
        i += 1.0;
        n += 1.0;
    }
    set_len(vm, a, n)?;
    Ok(Value::object(a))
}

thread_local! {
    /// Arrays being joined (cycle detection: a nested occurrence joins as "").
    static JOIN_STACK: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

fn join_with(vm: &mut Vm, o: Gc<JsObject>, sep: Gc<JsString>, locale: bool) -> JsResult<Value> {
    let id = Value::object(o).0;
    if JOIN_STACK.with(|s| s.borrow().contains(&id)) {
        return Ok(vm.atoms.empty);
    }
    JOIN_STACK.with(|s| s.borrow_mut().push(id));
    let r = join_inner(vm, o, sep, locale);
    JOIN_STACK.with(|s| s.borrow_mut().pop());
    r
}

fn join_inner(vm: &mut Vm, o: Gc<JsObject>, sep: Gc<JsString>, locale: bool) -> JsResult<Value> {
    let len = length(vm, o)?;
    let mut out = UnitsBuf::with_capacity(0);
    let mut k = 0.0;
    while k < len {
        if k > 0.0 {
            out.push_units(sep.units());
        }
        let e = get_i(vm, o, k)?;
        if !e.is_nullish() {
            let s = if locale {
                let f = vm.get_v_str(e, "toLocaleString")?;
                let r = vm.call(f, e, &[])?;
                vm.to_string(r)?
            } else {
                vm.to_string(e)?
            };
            out.push_units(s.units());
        }
        if out.len() > super::string::MAX_STRING_LENGTH {
            return vm.throw_range("Invalid string length");
        }
        k += 1.0;
    }
    vm.new_string_buf(out)
}

fn join(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let s = arg(args, 0);
    let sep = if s.is_undefined() { vm.latin1_char(b',') } else { vm.to_string(s)? };
    join_with(vm, o, sep, false)
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let jk = atom(vm.atoms.join);
    let f = vm.get(o, jk, Value::object(o))?;
    if vm.is_callable(f) {
        return vm.call(f, Value::object(o), &[]);
    }
    super::object::object_to_string(vm, Value::object(o), &[], Value::UNDEFINED)
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let sep = vm.latin1_char(b',');
    join_with(vm, o, sep, true)
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len == 0.0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer(arg(args, 1))?;
    if n >= len {
        return Ok(Value::int(-1));
    }
    let mut k = if n >= 0.0 { n } else { (len + n).max(0.0) };
    let target = arg(args, 0);
    while k < len {
        if fast(vm, o) {
            let v = o.elements[k as usize];
            if !v.is_hole() && crate::runtime::operators::strict_equals(v, target) {
                return Ok(Value::number(k));
            }
        } else if has_i(vm, o, k)? {
            let v = get_i(vm, o, k)?;
            if crate::runtime::operators::strict_equals(v, target) {
                return Ok(Value::number(k));
            }
        }
        k += 1.0;
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len == 0.0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 { vm.to_integer(args[1])? } else { len - 1.0 };
    let mut k = if n >= 0.0 { n.min(len - 1.0) } else { len + n };
    let target = arg(args, 0);
    while k >= 0.0 {
        if has_i(vm, o, k)? {
            let v = get_i(vm, o, k)?;
            if crate::runtime::operators::strict_equals(v, target) {
                return Ok(Value::number(k));
            }
        }
        k -= 1.0;
    }
    Ok(Value::int(-1))
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    if len == 0.0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer(arg(args, 1))?;
    let mut k = if n >= 0.0 { n } else { (len + n).max(0.0) };
    let target = arg(args, 0);
    while k < len {
        let v = get_i(vm, o, k)?;
        if vm.same_value_zero(v, target) {
            return Ok(Value::TRUE);
        }
        k += 1.0;
    }
    Ok(Value::FALSE)
}

// ---- iteration with callbacks ----

/// 0 forEach, 1 map, 2 filter, 3 some, 4 every, 5 find, 6 findIndex, 7 findLast, 8 findLastIndex.
fn iterate(vm: &mut Vm, this: Value, args: &[Value], mode: u8) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    let t = arg(args, 1);
    let ov = Value::object(o);
    let out = match mode {
        1 => Some(species_create(vm, o, len)?),
        2 => Some(species_create(vm, o, 0.0)?),
        _ => None,
    };
    let mut to = 0.0;
    let backwards = mode == 7 || mode == 8;
    let mut i = 0.0;
    while i < len {
        let k = if backwards { len - 1.0 - i } else { i };
        i += 1.0;
        let find = mode >= 5;
        let v = if fast(vm, o) && (k as usize) < o.elements.len() {
            // Dense fast path: a hole is absent (no prototype has indexed properties).
            let v = o.elements[k as usize];
            if v.is_hole() {
                if !find {
                    continue;
                }
                Value::UNDEFINED
            } else {
                v
            }
        } else {
            if !find && !has_i(vm, o, k)? {
                continue;
            }
            get_i(vm, o, k)?
        };
        let r = vm.call(f, t, &[v, Value::number(k), ov])?;
        match mode {
            1 => create_i(vm, out.unwrap(), k, r)?,
            2 if to_boolean(r) => {
                create_i(vm, out.unwrap(), to, v)?;
                to += 1.0;
            }
            3 if to_boolean(r) => return Ok(Value::TRUE),
            4 if !to_boolean(r) => return Ok(Value::FALSE),
            5 | 7 if to_boolean(r) => return Ok(v),
            6 | 8 if to_boolean(r) => return Ok(Value::number(k)),
            _ => {}
        }
    }
    Ok(match mode {
        1 | 2 => Value::object(out.unwrap()),
        3 => Value::FALSE,
        4 => Value::TRUE,
        6 | 8 => Value::int(-1),
        _ => Value::UNDEFINED,
    })
}

fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 0)
}
fn map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 1)
}
fn filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 2)
}
fn some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 3)
}
fn every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 4)
}
fn find(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 5)
}
fn find_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 6)
}
fn find_last(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 7)
}
fn find_last_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    iterate(vm, this, args, 8)
}

fn reduce_impl(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    let mut i = 0.0;
    let idx = |i: f64| if right { len - 1.0 - i } else { i };
    let mut acc;
    if args.len() >= 2 {
        acc = args[1];
    } else {
        loop {
            if i >= len {
                return vm.throw_type("Reduce of empty array with no initial value");
            }
            let k = idx(i);
            i += 1.0;
            if has_i(vm, o, k)? {
                acc = get_i(vm, o, k)?;
                break;
            }
        }
    }
    while i < len {
        let k = idx(i);
        i += 1.0;
        let v = if fast(vm, o) && (k as usize) < o.elements.len() {
            o.elements[k as usize]
        } else if has_i(vm, o, k)? {
            get_i(vm, o, k)?
        } else {
            Value::HOLE
        };
        if !v.is_hole() {
            acc = vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(k), Value::object(o)])?;
        }
    }
    Ok(acc)
}

fn reduce(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, false)
}
fn reduce_right(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, true)
}

fn flatten_into(
    vm: &mut Vm,
    target: Gc<JsObject>,
    source: Gc<JsObject>,
    len: f64,
    mut n: f64,
    depth: f64,
    mapper: Option<(Value, Value)>,
) -> JsResult<f64> {
    if !vm.native_stack_ok() {
        return vm.throw_range("Maximum call stack size exceeded");
    }
    let mut k = 0.0;
    while k < len {
        if has_i(vm, source, k)? {
            let mut e = get_i(vm, source, k)?;
            if let Some((f, t)) = mapper {
                e = vm.call(f, t, &[e, Value::number(k), Value::object(source)])?;
            }
            if depth > 0.0 && vm.is_array_value(e)? {
                let eo = e.as_object();
                let el = length(vm, eo)?;
                n = flatten_into(vm, target, eo, el, n, depth - 1.0, None)?;
            } else {
                create_i(vm, target, n, e)?;
                n += 1.0;
            }
        }
        k += 1.0;
    }
    Ok(n)
}

fn flat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let d = arg(args, 0);
    let depth = if d.is_undefined() { 1.0 } else { vm.to_integer(d)?.max(0.0) };
    let a = species_create(vm, o, 0.0)?;
    flatten_into(vm, a, o, len, 0.0, depth, None)?;
    Ok(Value::object(a))
}

fn flat_map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    let a = species_create(vm, o, 0.0)?;
    flatten_into(vm, a, o, len, 0.0, 1.0, Some((f, arg(args, 1))))?;
    Ok(Value::object(a))
}

// ---- change-array-by-copy (ES2023) ----

/// A fresh array holding Get(o, 0..len).
fn copy_of(vm: &mut Vm, o: Gc<JsObject>, len: f64) -> JsResult<Gc<JsObject>> {
    if len > 4294967295.0 {
        return vm.throw_range("Invalid array length");
    }
    let a = vm.new_array(thin_vec::ThinVec::new());
    let mut k = 0.0;
    while k < len {
        let v = get_i(vm, o, k)?;
        // SAFETY: single-threaded VM, fresh array with fast elements.
        unsafe {
            let m = a.get_mut();
            m.elements.push(v);
            m.length = m.elements.len() as u32;
        }
        k += 1.0;
    }
    Ok(a)
}

fn to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let a = copy_of(vm, o, len)?;
    // SAFETY: single-threaded VM, fresh array.
    unsafe { a.get_mut() }.elements.reverse();
    Ok(Value::object(a))
}

fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = arg(args, 0);
    if !cmp.is_undefined() && !vm.is_callable(cmp) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let a = copy_of(vm, o, len)?;
    sort(vm, Value::object(a), args, Value::UNDEFINED)
}

fn to_spliced(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let a = copy_of(vm, o, len)?;
    let mut sargs = if args.is_empty() { Vec::new() } else { vec![args[0]] };
    if args.len() == 1 {
        sargs.push(Value::number(len));
    }
    sargs.extend_from_slice(if args.len() > 1 { &args[1..] } else { &[] });
    splice(vm, Value::object(a), &sargs, Value::UNDEFINED)?;
    Ok(Value::object(a))
}

fn with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let len = length(vm, o)?;
    let r = vm.to_integer(arg(args, 0))?;
    let idx = if r >= 0.0 { r } else { len + r };
    if idx >= len || idx < 0.0 {
        return vm.throw_range("Invalid index");
    }
    let a = copy_of(vm, o, len)?;
    // SAFETY: single-threaded VM, fresh array of `len` elements.
    unsafe { a.get_mut() }.elements[idx as usize] = arg(args, 1);
    Ok(Value::object(a))
}
