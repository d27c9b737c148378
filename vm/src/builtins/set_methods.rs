//! The ES2025 Set methods: `union`, `intersection`, `difference`, `symmetricDifference`, `isSubsetOf`,
//! `isSupersetOf`, `isDisjointFrom`.
//!
//! The argument is any set-like object, read once through GetSetRecord (`size`, `has`, `keys`, in that order, with
//! their TypeErrors and RangeError). Depending on the sizes, a method either walks this set and calls `other.has`, or
//! walks `other.keys()`; both walks, and every property read they make, are observable, so each method follows the
//! spec's steps exactly. Results are fresh Sets with %Set.prototype% (no species lookup).

use super::collections::{ENTRIES, SET, SIZE, el, find, insert, new_collection, remove, store};
use super::iterator_helpers::IteratorRecord;
use super::{arg, method};
use crate::handles::RootedVec;
use crate::object::JsObject;
use crate::runtime::convert::to_boolean;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;

pub fn install(vm: &mut Vm) {
    let p = vm.realm.set_prototype.as_object();
    let methods: [(&str, NativeFn); 7] = [
        ("union", union),
        ("intersection", intersection),
        ("difference", difference),
        ("symmetricDifference", symmetric_difference),
        ("isSubsetOf", is_subset_of),
        ("isSupersetOf", is_superset_of),
        ("isDisjointFrom", is_disjoint_from),
    ];
    for (name, f) in methods {
        method(vm, p, name, f, 1);
    }
}

/// A Set Record: the set-like object and what GetSetRecord read from it.
struct SetRecord {
    set: Value,
    size: f64,
    has: Value,
    keys: Value,
}

/// GetSetRecord(obj).
fn get_set_record(vm: &mut Vm, obj: Value) -> JsResult<SetRecord> {
    if !obj.is_object() {
        let s = vm.describe_for_error(obj);
        return vm.throw_type(&format!("{s} is not a set-like object"));
    }
    let raw = vm.get_v_str(obj, "size")?;
    // An undefined size is NaN too: set-likes must say how big they are.
    let num = vm.to_number(raw)?;
    if num.is_nan() {
        return vm.throw_type("The 'size' property of a set-like object must be a number");
    }
    let size = num.trunc() + 0.0;
    if size < 0.0 {
        return vm.throw_range("The 'size' property of a set-like object must not be negative");
    }
    let has = vm.get_v_str(obj, "has")?;
    if !vm.is_callable(has) {
        return vm.throw_type("The 'has' property of a set-like object must be a function");
    }
    let keys = vm.get_v_str(obj, "keys")?;
    if !vm.is_callable(keys) {
        return vm.throw_type("The 'keys' property of a set-like object must be a function");
    }
    Ok(SetRecord { set: obj, size, has, keys })
}

/// GetIteratorFromMethod(otherRec.[[SetObject]], otherRec.[[Keys]]): `next` is read once, when the walk starts.
fn keys_iterator(vm: &mut Vm, rec: &SetRecord) -> JsResult<IteratorRecord> {
    let iterator = vm.call(rec.keys, rec.set, &[])?;
    if !iterator.is_object() {
        return vm.throw_type("The 'keys' method of a set-like object must return an object");
    }
    IteratorRecord::direct(vm, iterator)
}

/// IteratorStepValue, then CanonicalizeKeyedCollectionKey (-0 becomes +0).
fn next_key(vm: &mut Vm, keys: &IteratorRecord) -> JsResult<Option<Value>> {
    let v = keys.step_value(vm)?;
    Ok(v.map(|v| if v.is_number() && v.as_number() == 0.0 { Value::int(0) } else { v }))
}

/// A walk over this set's elements by position, as the spec's `index < thisSize` loops: the length is re-read at
/// every step, so elements that `other.has` adds are visited, and deleted ones are skipped.
struct Cursor {
    entries: Gc<JsObject>,
    pair: usize,
}

impl Cursor {
    fn new(st: Gc<JsObject>) -> Cursor {
        Cursor { entries: el(st, ENTRIES).as_object(), pair: 0 }
    }

    fn next(&mut self, st: Gc<JsObject>) -> Option<Value> {
        let current = el(st, ENTRIES).as_object();
        if current != self.entries {
            // A clear (which fills the old array with holes) or a compaction (which keeps the old array and copies
            // its live pairs in order) replaced the entries: the live pairs already passed are the new array's first.
            let passed = (2 * self.pair).min(self.entries.elements.len());
            self.pair = self.entries.elements[..passed].chunks(2).filter(|p| !p[0].is_hole()).count();
            self.entries = current;
        }
        while 2 * self.pair < self.entries.elements.len() {
            let k = self.entries.elements[2 * self.pair];
            self.pair += 1;
            if !k.is_hole() {
                return Some(k);
            }
        }
        None
    }
}

/// SetDataSize(O.[[SetData]]).
fn size_of(st: Gc<JsObject>) -> f64 {
    el(st, SIZE).as_int() as f64
}

/// The live elements of this set, in order.
fn elements(st: Gc<JsObject>) -> RootedVec {
    let entries = el(st, ENTRIES).as_object();
    entries.elements.chunks(2).map(|p| p[0]).filter(|k| !k.is_hole()).collect()
}

/// A new Set holding a copy of this set's elements.
fn copy_of(vm: &mut Vm, st: Gc<JsObject>) -> (Value, Gc<JsObject>) {
    let (result, rst) = new_collection(vm, SET);
    for &k in &elements(st) {
        insert(vm, rst, k, k);
    }
    (result, rst)
}

fn contains(vm: &mut Vm, st: Gc<JsObject>, v: Value) -> bool {
    find(vm, st, v).1.is_some()
}

/// ToBoolean(? Call(otherRec.[[Has]], otherRec.[[SetObject]], « e »)).
fn other_has(vm: &mut Vm, rec: &SetRecord, e: Value) -> JsResult<bool> {
    let r = vm.call(rec.has, rec.set, &[e])?;
    Ok(to_boolean(r))
}

fn union(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "union")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let keys = keys_iterator(vm, &rec)?;
    let (result, rst) = copy_of(vm, st);
    while let Some(v) = next_key(vm, &keys)? {
        insert(vm, rst, v, v);
    }
    Ok(result)
}

fn intersection(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "intersection")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let (result, rst) = new_collection(vm, SET);
    if size_of(st) <= rec.size {
        let mut cursor = Cursor::new(st);
        while let Some(e) = cursor.next(st) {
            // `has` may delete and re-add `e`, which the walk then meets again: `insert` keeps one copy.
            if other_has(vm, &rec, e)? {
                insert(vm, rst, e, e);
            }
        }
    } else {
        let keys = keys_iterator(vm, &rec)?;
        while let Some(v) = next_key(vm, &keys)? {
            if contains(vm, st, v) {
                insert(vm, rst, v, v);
            }
        }
    }
    Ok(result)
}

fn difference(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "difference")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let (result, rst) = copy_of(vm, st);
    if size_of(st) <= rec.size {
        // The spec walks the copy, whose length is fixed: changes `has` makes to this set are not seen.
        for &e in &elements(st) {
            if other_has(vm, &rec, e)? {
                remove(vm, rst, e)?;
            }
        }
    } else {
        let keys = keys_iterator(vm, &rec)?;
        while let Some(v) = next_key(vm, &keys)? {
            remove(vm, rst, v)?;
        }
    }
    Ok(result)
}

fn symmetric_difference(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "symmetricDifference")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    let keys = keys_iterator(vm, &rec)?;
    let (result, rst) = copy_of(vm, st);
    while let Some(v) = next_key(vm, &keys)? {
        let in_result = contains(vm, rst, v);
        if contains(vm, st, v) {
            if in_result {
                remove(vm, rst, v)?;
            }
        } else if !in_result {
            insert(vm, rst, v, v);
        }
    }
    Ok(result)
}

fn is_subset_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "isSubsetOf")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if size_of(st) > rec.size {
        return Ok(Value::FALSE);
    }
    let mut cursor = Cursor::new(st);
    while let Some(e) = cursor.next(st) {
        if !other_has(vm, &rec, e)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn is_superset_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "isSupersetOf")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if size_of(st) < rec.size {
        return Ok(Value::FALSE);
    }
    let keys = keys_iterator(vm, &rec)?;
    while let Some(v) = next_key(vm, &keys)? {
        if !contains(vm, st, v) {
            keys.close(vm)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn is_disjoint_from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = store(vm, this, SET, "isDisjointFrom")?;
    let rec = get_set_record(vm, arg(args, 0))?;
    if size_of(st) <= rec.size {
        let mut cursor = Cursor::new(st);
        while let Some(e) = cursor.next(st) {
            if other_has(vm, &rec, e)? {
                return Ok(Value::FALSE);
            }
        }
    } else {
        let keys = keys_iterator(vm, &rec)?;
        while let Some(v) = next_key(vm, &keys)? {
            if contains(vm, st, v) {
                keys.close(vm)?;
                return Ok(Value::FALSE);
            }
        }
    }
    Ok(Value::TRUE)
}
