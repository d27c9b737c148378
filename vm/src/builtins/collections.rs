//! Map, Set, WeakMap, WeakSet.
//!
//! Representation: an instance is an `ObjectKind::Internal { class: Collection, data: store }`. `store` is an
//! internal object (never visible to JS) whose elements are
//! `[entries, index, kind, size, deleted]`: `entries` is an array of key/value pairs in insertion order (a deleted
//! pair becomes two holes, so iterators keep their positions), `index` a dictionary-mode object mapping a typed key
//! string (SameValueZero: "n<bits>", "s<text>", "o<address>", ...) to the pair's position. Objects never move and the
//! entries keep their keys alive, so an address is a stable identity for as long as the entry exists.
//! Weak collections hold their keys strongly (observably the same, short of memory use).

use super::util::return_this;
use super::util::{accessor, atom, constructor, for_each_iterated, iter_result, require_callable};
use super::{arg, method};
use crate::object::IteratorClass;
use crate::object::{InternalClass, internal_data};
use crate::object::{JsObject, ObjectKind};
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub(super) const MAP: i32 = 0;
pub(super) const SET: i32 = 1;
const WEAKMAP: i32 = 2;
const WEAKSET: i32 = 3;
const NAMES: [&str; 4] = ["Map", "Set", "WeakMap", "WeakSet"];

pub(super) const ENTRIES: usize = 0;
const INDEX: usize = 1;
const KIND: usize = 2;
pub(super) const SIZE: usize = 3;
const DELETED: usize = 4;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let ctors: [crate::vm::NativeFn; 4] = [map_ctor, set_ctor, weakmap_ctor, weakset_ctor];
    for kind in 0..4 {
        let p = vm.new_object_with_proto(op);
        match kind {
            0 => vm.realm.map_prototype = Value::object(p),
            1 => vm.realm.set_prototype = Value::object(p),
            2 => vm.realm.weakmap_prototype = Value::object(p),
            _ => vm.realm.weakset_prototype = Value::object(p),
        }
        let name = NAMES[kind as usize];
        let c = constructor(vm, name, ctors[kind as usize], 0, Value::object(p));
        super::util::to_string_tag(vm, p, name);
        if kind == MAP || kind == SET {
            let sp = atom(vm.atoms.sym_species);
            accessor(vm, c, sp, "[Symbol.species]", return_this, None);
            let sk = vm.key_from_str("size");
            let (sz, cl, fe): (crate::vm::NativeFn, crate::vm::NativeFn, crate::vm::NativeFn) = if kind == MAP {
                (size::<MAP>, clear::<MAP>, for_each::<MAP>)
            } else {
                (size::<SET>, clear::<SET>, for_each::<SET>)
            };
            accessor(vm, p, sk, "size", sz, None);
            method(vm, p, "clear", cl, 0);
            method(vm, p, "forEach", fe, 1);
        }
        let (del, hs): (crate::vm::NativeFn, crate::vm::NativeFn) = match kind {
            MAP => (delete::<MAP>, has::<MAP>),
            SET => (delete::<SET>, has::<SET>),
            WEAKMAP => (delete::<WEAKMAP>, has::<WEAKMAP>),
            _ => (delete::<WEAKSET>, has::<WEAKSET>),
        };
        method(vm, p, "delete", del, 1);
        method(vm, p, "has", hs, 1);
        let si = vm.atoms.sym_iterator;
        match kind {
            MAP => {
                method(vm, p, "get", get::<MAP>, 1);
                method(vm, p, "set", set::<MAP>, 2);
                let entries = method(vm, p, "entries", map_entries, 0);
                method(vm, p, "keys", map_keys, 0);
                method(vm, p, "values", map_values, 0);
                let _ = vm.define_own_property(
                    p,
                    atom(si),
                    PropertyDescriptor::data(Value::object(entries), Attrs::HIDDEN),
                );
                let mip = super::util::iterator_prototype(vm, "Map Iterator", map_iterator_next);
                vm.realm.map_iterator_prototype = Value::object(mip);
            }
            SET => {
                method(vm, p, "add", add::<SET>, 1);
                let values = method(vm, p, "values", set_values, 0);
                let kk = vm.key_from_str("keys");
                let _ = vm.define_own_property(p, kk, PropertyDescriptor::data(Value::object(values), Attrs::HIDDEN));
                method(vm, p, "entries", set_entries, 0);
                let _ =
                    vm.define_own_property(p, atom(si), PropertyDescriptor::data(Value::object(values), Attrs::HIDDEN));
                let sip = super::util::iterator_prototype(vm, "Set Iterator", set_iterator_next);
                vm.realm.set_iterator_prototype = Value::object(sip);
            }
            WEAKMAP => {
                method(vm, p, "get", get::<WEAKMAP>, 1);
                method(vm, p, "set", set::<WEAKMAP>, 2);
            }
            _ => {
                method(vm, p, "add", add::<WEAKSET>, 1);
            }
        }
    }
}

pub(super) fn el(o: Gc<JsObject>, i: usize) -> Value {
    o.elements[i]
}

fn set_el(o: Gc<JsObject>, i: usize, v: Value) {
    // SAFETY: single-threaded VM; internal arrays are live (reachable from the collection being operated on).
    unsafe { o.get_mut().elements[i] = v };
}

/// The store of `this` when it is a collection of `kind`.
pub(super) fn store(vm: &mut Vm, this: Value, kind: i32, method: &str) -> JsResult<Gc<JsObject>> {
    if let Some(data) = internal_data(this, InternalClass::Collection)
        && el(data.as_object(), KIND).as_int() == kind
    {
        return Ok(data.as_object());
    }
    let name = NAMES[kind as usize];
    vm.throw_type(&format!("Method {name}.prototype.{method} called on incompatible receiver"))
}

fn new_index(vm: &mut Vm) -> Gc<JsObject> {
    let ix = vm.new_object_with_proto(Value::NULL);
    vm.normalize(ix);
    ix
}

fn create(vm: &mut Vm, nt: Value, kind: i32) -> JsResult<Value> {
    if nt.is_undefined() {
        let name = NAMES[kind as usize];
        return vm.throw_type(&format!("Constructor {name} requires 'new'"));
    }
    let fallback = match kind {
        MAP => vm.realm.map_prototype,
        SET => vm.realm.set_prototype,
        WEAKMAP => vm.realm.weakmap_prototype,
        _ => vm.realm.weakset_prototype,
    };
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(alloc(vm, proto, kind))
}

/// A new Map or Set with the intrinsic prototype (the results of the set methods and Map.groupBy), with its store.
pub(super) fn new_collection(vm: &mut Vm, kind: i32) -> (Value, Gc<JsObject>) {
    let proto = if kind == MAP { vm.realm.map_prototype } else { vm.realm.set_prototype };
    let c = alloc(vm, proto, kind);
    let st = internal_data(c, InternalClass::Collection).expect("a fresh collection").as_object();
    (c, st)
}

/// An empty collection of `kind` with prototype `proto`.
fn alloc(vm: &mut Vm, proto: Value, kind: i32) -> Value {
    let st = vm.new_object_kind(Value::NULL, ObjectKind::Ordinary, 0);
    // SAFETY: single-threaded VM, fresh object.
    unsafe {
        st.get_mut().elements =
            thin_vec::thin_vec![Value::UNDEFINED, Value::UNDEFINED, Value::int(kind), Value::int(0), Value::int(0),]
    };
    let entries = vm.new_array(thin_vec::ThinVec::new());
    set_el(st, ENTRIES, Value::object(entries));
    let ix = new_index(vm);
    set_el(st, INDEX, Value::object(ix));
    let o = vm.new_object_kind(
        proto,
        ObjectKind::Internal { class: InternalClass::Collection, data: Value::object(st) },
        4,
    );
    Value::object(o)
}

fn fill_from(vm: &mut Vm, coll: Value, iterable: Value, is_map: bool) -> JsResult<()> {
    if iterable.is_nullish() {
        return Ok(());
    }
    let adder = vm.get_v_str(coll, if is_map { "set" } else { "add" })?;
    require_callable(vm, adder)?;
    for_each_iterated(vm, iterable, |vm, item| {
        if is_map {
            if !item.is_object() {
                let s = vm.to_display_string(item);
                return vm.throw_type(&format!("Iterator value {s} is not an entry object"));
            }
            let k = vm.get_v(item, PropKey::Index(0))?;
            let v = vm.get_v(item, PropKey::Index(1))?;
            vm.call(adder, coll, &[k, v])?;
        } else {
            vm.call(adder, coll, &[item])?;
        }
        Ok(true)
    })
}

fn map_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let m = create(vm, nt, MAP)?;
    fill_from(vm, m, arg(args, 0), true)?;
    Ok(m)
}
fn set_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let m = create(vm, nt, SET)?;
    fill_from(vm, m, arg(args, 0), false)?;
    Ok(m)
}
fn weakmap_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let m = create(vm, nt, WEAKMAP)?;
    fill_from(vm, m, arg(args, 0), true)?;
    Ok(m)
}
fn weakset_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let m = create(vm, nt, WEAKSET)?;
    fill_from(vm, m, arg(args, 0), false)?;
    Ok(m)
}

/// The index key of a value under SameValueZero.
fn typed_key(vm: &mut Vm, v: Value) -> PropKey {
    let mut u: Vec<u16> = Vec::new();
    if v.is_number() {
        let d = v.as_number();
        if d.is_nan() {
            u.push(b'N' as u16);
        } else {
            let d = if d == 0.0 { 0.0 } else { d };
            u.push(b'n' as u16);
            u.extend(format!("{:x}", d.to_bits()).encode_utf16());
        }
    } else if v.is_string() {
        u.push(b's' as u16);
        u.extend(v.as_string().units().iter());
    } else if v.is_bigint() {
        // A BigInt is its integer, whatever cell holds it.
        u.push(b'b' as u16);
        u.extend(crate::bigint::to_string_radix(v, 36).encode_utf16());
    } else if v.is_cell() {
        u.push(b'o' as u16);
        u.extend(format!("{:x}", v.0).encode_utf16());
    } else {
        u.push(b'p' as u16);
        u.extend(format!("{:x}", v.0).encode_utf16());
    }
    let s = vm.intern_units(&u);
    PropKey::Key(crate::atoms::key(Value::string(s)))
}

/// The pair position of `k`, if present.
pub(super) fn find(vm: &mut Vm, st: Gc<JsObject>, k: Value) -> (PropKey, Option<usize>) {
    let tk = typed_key(vm, k);
    let ix = el(st, INDEX).as_object();
    let pos = vm.ordinary_get_own_property(ix, tk).map(|p| p.value.as_int() as usize);
    (tk, pos)
}

fn weak_key_ok(vm: &mut Vm, kind: i32, k: Value) -> JsResult<()> {
    // Symbols that Symbol.for did not register may be weak keys too (ES2023), as they may be WeakRef targets.
    if (kind == WEAKMAP || kind == WEAKSET) && !super::weak_ref::can_be_held_weakly(vm, k) {
        let s = vm.to_display_string(k);
        let what = if kind == WEAKMAP { "weak map key" } else { "value used in weak set" };
        return vm.throw_type(&format!("Invalid {what}: {s}"));
    }
    Ok(())
}

pub(super) fn insert(vm: &mut Vm, st: Gc<JsObject>, k: Value, v: Value) {
    let (tk, pos) = find(vm, st, k);
    let entries = el(st, ENTRIES).as_object();
    if let Some(p) = pos {
        set_el(entries, 2 * p + 1, v);
        return;
    }
    // Normalise -0 to +0 as the specification does for keys.
    let k = if k.is_number() && k.as_number() == 0.0 { Value::int(0) } else { k };
    let p = entries.elements.len() / 2;
    // SAFETY: single-threaded VM, live internal array.
    unsafe {
        let m = entries.get_mut();
        m.elements.push(k);
        m.elements.push(v);
        m.length = m.elements.len() as u32;
    }
    let ix = el(st, INDEX).as_object();
    let ik = match tk {
        PropKey::Key(key) => key,
        PropKey::Index(_) => unreachable!("typed keys are never indices"),
    };
    vm.define_data_fast(ix, ik, Value::int(p as i32), Attrs::DEFAULT);
    set_el(st, SIZE, Value::int(el(st, SIZE).as_int() + 1));
}

pub(super) fn remove(vm: &mut Vm, st: Gc<JsObject>, k: Value) -> JsResult<bool> {
    let (tk, pos) = find(vm, st, k);
    let Some(p) = pos else { return Ok(false) };
    let entries = el(st, ENTRIES).as_object();
    set_el(entries, 2 * p, Value::HOLE);
    set_el(entries, 2 * p + 1, Value::HOLE);
    let ix = el(st, INDEX).as_object();
    vm.delete(ix, tk)?;
    set_el(st, SIZE, Value::int(el(st, SIZE).as_int() - 1));
    let deleted = el(st, DELETED).as_int() + 1;
    set_el(st, DELETED, Value::int(deleted));
    if deleted > 64 && deleted > 2 * el(st, SIZE).as_int() {
        compact(vm, st);
    }
    Ok(true)
}

/// Drops deleted pairs: a new entries array and index (iterators over the old array finish over its live pairs).
fn compact(vm: &mut Vm, st: Gc<JsObject>) {
    let old = el(st, ENTRIES).as_object();
    let live: Vec<Value> = old.elements.chunks(2).filter(|p| !p[0].is_hole()).flatten().copied().collect();
    let entries = vm.new_array(thin_vec::ThinVec::new());
    // SAFETY: single-threaded VM; `old` (reachable from `st`) keeps the values alive until they are copied.
    unsafe {
        let m = entries.get_mut();
        m.elements = live.into();
        m.length = m.elements.len() as u32;
    }
    set_el(st, ENTRIES, Value::object(entries));
    let ix = new_index(vm);
    set_el(st, INDEX, Value::object(ix));
    let n = entries.elements.len() / 2;
    for p in 0..n {
        let k = el(entries, 2 * p);
        let tk = typed_key(vm, k);
        if let PropKey::Key(key) = tk {
            vm.define_data_fast(ix, key, Value::int(p as i32), Attrs::DEFAULT);
        }
    }
    set_el(st, DELETED, Value::int(0));
}

fn get<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "get")?;
    let (_, pos) = find(vm, st, arg(args, 0));
    Ok(pos.map_or(Value::UNDEFINED, |p| el(el(st, ENTRIES).as_object(), 2 * p + 1)))
}

fn set<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "set")?;
    weak_key_ok(vm, K, arg(args, 0))?;
    insert(vm, st, arg(args, 0), arg(args, 1));
    Ok(this)
}

fn add<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "add")?;
    let v = arg(args, 0);
    weak_key_ok(vm, K, v)?;
    let v = if v.is_number() && v.as_number() == 0.0 { Value::int(0) } else { v };
    let (_, pos) = find(vm, st, v);
    if pos.is_none() {
        insert(vm, st, v, v);
    }
    Ok(this)
}

fn has<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "has")?;
    Ok(Value::bool(find(vm, st, arg(args, 0)).1.is_some()))
}

fn delete<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "delete")?;
    Ok(Value::bool(remove(vm, st, arg(args, 0))?))
}

fn clear<const K: i32>(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "clear")?;
    let old = el(st, ENTRIES).as_object();
    // SAFETY: single-threaded VM, live internal array: live iterators over it see no more entries.
    unsafe { old.get_mut() }.elements.iter_mut().for_each(|v| *v = Value::HOLE);
    let entries = vm.new_array(thin_vec::ThinVec::new());
    set_el(st, ENTRIES, Value::object(entries));
    let ix = new_index(vm);
    set_el(st, INDEX, Value::object(ix));
    set_el(st, SIZE, Value::int(0));
    set_el(st, DELETED, Value::int(0));
    Ok(Value::UNDEFINED)
}

fn size<const K: i32>(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "size")?;
    Ok(el(st, SIZE))
}

fn for_each<const K: i32>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, K, "forEach")?;
    let kind = K;
    let f = arg(args, 0);
    require_callable(vm, f)?;
    let t = arg(args, 1);
    let mut entries = el(st, ENTRIES).as_object();
    let mut i = 0;
    loop {
        // A clear or compaction swaps the entries array: continue over the new one.
        let cur = el(st, ENTRIES).as_object();
        if cur != entries {
            entries = cur;
            i = 0;
            continue;
        }
        if i >= entries.elements.len() {
            break;
        }
        let (k, v) = (entries.elements[i], entries.elements[i + 1]);
        i += 2;
        if k.is_hole() {
            continue;
        }
        if kind == MAP {
            vm.call(f, t, &[v, k, this])?;
        } else {
            vm.call(f, t, &[k, k, this])?;
        }
    }
    Ok(Value::UNDEFINED)
}

fn make_iter(vm: &mut Vm, this: Value, kinds: i32, kind: u8) -> JsResult<Value> {
    // Validates the receiver; the iterator targets the collection itself.
    store(vm, this, kinds, "iterator")?;
    let proto = if kinds == MAP { vm.realm.map_iterator_prototype } else { vm.realm.set_iterator_prototype };
    let class = if kinds == MAP { IteratorClass::Map } else { IteratorClass::Set };
    Ok(super::util::builtin_iterator(vm, proto, class, this, kind))
}

fn map_entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iter(vm, this, MAP, 2)
}
fn map_keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iter(vm, this, MAP, 1)
}
fn map_values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iter(vm, this, MAP, 0)
}
fn set_values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iter(vm, this, SET, 0)
}
fn set_entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    make_iter(vm, this, SET, 2)
}

/// Iterators hold the collection and a pair position in its entries (live across additions and deletions; a compaction,
/// which only happens after many deletions, can make a running iterator skip pairs).
fn iterator_next(vm: &mut Vm, this: Value, class: IteratorClass) -> JsResult<Value> {
    let Some(o) = this.try_object() else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let ObjectKind::Iterator { class: c, target, index, kind } = o.kind else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    if c != class {
        return vm.throw_type("next method called on incompatible receiver");
    }
    if target.is_undefined() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let Some(st) = internal_data(target, InternalClass::Collection) else {
        return vm.throw_type("next method called on incompatible receiver");
    };
    let st = st.as_object();
    let entries = el(st, ENTRIES).as_object();
    let mut i = index as usize * 2;
    while i < entries.elements.len() && entries.elements[i].is_hole() {
        i += 2;
    }
    if i >= entries.elements.len() {
        // SAFETY: single-threaded VM, live iterator.
        if let ObjectKind::Iterator { target, .. } = &mut unsafe { o.get_mut() }.kind {
            *target = Value::UNDEFINED;
        }
        return iter_result(vm, Value::UNDEFINED, true);
    }
    let (k, v) = (entries.elements[i], entries.elements[i + 1]);
    // SAFETY: single-threaded VM, live iterator.
    if let ObjectKind::Iterator { index, .. } = &mut unsafe { o.get_mut() }.kind {
        *index = (i / 2 + 1) as u32;
    }
    let r = match kind {
        0 => v,
        1 => k,
        _ => Value::object(vm.new_array(thin_vec::thin_vec![k, v])),
    };
    iter_result(vm, r, false)
}

fn map_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator_next(vm, this, IteratorClass::Map)
}

fn set_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator_next(vm, this, IteratorClass::Set)
}
