//! When an object's index properties are dense elements and when they are slow (named) ones: V8's density rule.
//!
//! Dense `elements` cost 8 bytes per index up to the highest one, holes included; slow elements (index keys stored
//! as named properties, `FLAG_SLOW_ELEMENTS`) cost a dictionary entry per property. A store that grows the dense
//! storage goes slow instead when the grown storage would be mostly holes (V8's `ShouldConvertToSlowElements`):
//! - a store within the allocated capacity never converts (no memory is added);
//! - a store `MAX_GAP` (1024) or more beyond the capacity always converts;
//! - otherwise the new capacity (doubled, or up to the index) is compared with what a dictionary of the elements in
//!   use would take: capacities up to `MAX_UNCHECKED_LENGTH` stay dense, larger ones go slow when
//!   `PREFER_FAST_SIZE_FACTOR * dictionary_capacity(used) * DICT_ENTRY_SIZE <= new capacity`.
//!
//! An array's `length` counts as capacity up to `MAX_DENSE_ARRAY_LENGTH` while its elements are all dense (V8
//! allocates that capacity when the length is set by `new Array(n)` or `a.length = n`; tetra allocates lazily, at the
//! first store, so that a big `new Array(n)` costs nothing until it is used).
//!
//! Appends at the end of the dense storage (push, the interpreter's append fast path, builtins building arrays) add
//! no hole, so they are not checked: they leave the storage as dense as it was.
//!
//! An object with slow elements keeps its dense part (stores into it, or that grow it under the rule above, stay
//! dense); only the sparse indices are named. It goes back to all-dense (V8's `ShouldConvertToFastElements`) when
//! every index would fit densely with few enough holes: checked when its dense part grows past its capacity, when
//! the count of its named properties reaches a power of two (amortised: the check walks them), and when an array's
//! `length` shrinks. The bar to go back is higher than the one to leave (`9 * dict > 2 * capacity` against
//! `9 * dict <= capacity`), so that the next doubling of the storage cannot send the object straight back.
//!
//! Compiled code never grows elements: the interpreter's and mid's fast paths store within `elements.len()` only
//! (and append within the rules above through `push_element`), and test `FLAG_SLOW_ELEMENTS` before filling a hole;
//! everything else calls the runtime, which applies this rule.

use crate::object::{FLAG_PROTOTYPE, FLAG_SLOW_ELEMENTS, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::Vm;
use tetra_gc::Gc;
use tetra_shapes::{Attrs, Key};

/// A store this far or further beyond the capacity always goes slow (V8's `JSObject::kMaxGap`).
pub const MAX_GAP: usize = 1024;
/// Dense capacities up to this are never checked: V8's `kMaxUncheckedFastElementsLength`, its bound for objects in
/// the young generation (500 for old ones); tetra has no generations, and objects mostly grow while young.
pub const MAX_UNCHECKED_LENGTH: usize = 5000;
/// Dictionary elements are preferred when they save this factor of memory (V8's `kPreferFastElementsSizeFactor`).
const PREFER_FAST_SIZE_FACTOR: usize = 3;
/// Words per dictionary entry (key, value, details in V8's `NumberDictionary`).
const DICT_ENTRY_SIZE: usize = 3;
/// Stores below an array's `length` stay dense up to this length while its elements are all dense: `new Array(n)`
/// followed by filling in any order is a common pattern (hash tables, bucket arrays). 32 MB of elements at most.
pub const MAX_DENSE_ARRAY_LENGTH: u32 = 1 << 22;
/// Named-property counts below this never trigger the check for going back to dense elements.
const MIN_NORMALIZE_CHECK: usize = 16;

/// The capacity of a hash table for `n` entries (V8's `HashTable::ComputeCapacity`: load factor 2/3, a power of
/// two, at least 4).
fn dictionary_capacity(n: usize) -> usize {
    (n + n / 2).next_power_of_two().max(4)
}

/// Whether `used` elements in a dense storage of `capacity` take so much more memory than a dictionary would that
/// they should be slow (V8's `ShouldConvertToSlowElements(used, new_capacity)`).
pub fn prefer_dictionary(used: usize, capacity: usize) -> bool {
    PREFER_FAST_SIZE_FACTOR * dictionary_capacity(used) * DICT_ENTRY_SIZE <= capacity
}

/// Whether `used` elements spread up to `length` are dense enough to go back to dense storage: with margin, so that
/// doubling that storage later does not meet `prefer_dictionary`.
fn prefer_dense(used: usize, length: usize) -> bool {
    dictionary_capacity(used) * PREFER_FAST_SIZE_FACTOR * DICT_ENTRY_SIZE > 2 * length
}

/// The kinds whose index properties are ordinary (elements or named): not string wrappers, arguments objects or
/// typed arrays, whose indices are exotic.
fn ordinary_elements(o: Gc<JsObject>) -> bool {
    !o.is_typed_array() && !matches!(o.kind, ObjectKind::String(_) | ObjectKind::Arguments { .. })
}

/// The index a named-property key stands for, if it is the canonical string of an array index.
fn index_of_key(k: Key) -> Option<u32> {
    let v = Value(k.0);
    if v.is_string() { v.as_string().array_index() } else { None }
}

/// Where an absent index property with default attributes goes.
pub(crate) enum Placement {
    /// Into `elements`, growing their capacity to at least this many.
    Dense(usize),
    /// A named property (the object gets `FLAG_SLOW_ELEMENTS`).
    Slow,
}

impl Vm {
    /// Where a new index property `i` (absent, default attributes) of `o` goes, by the density rule.
    pub(crate) fn element_placement(&self, o: Gc<JsObject>, i: u32) -> Placement {
        if !ordinary_elements(o) {
            return Placement::Slow;
        }
        let i = i as usize;
        let cap = o.elements.capacity();
        if i < cap {
            return Placement::Dense(cap);
        }
        let new_cap = (i + 1).max(2 * cap).max(4);
        if o.is_array() && o.has_fast_elements() && i < o.length as usize && o.length <= MAX_DENSE_ARRAY_LENGTH {
            return Placement::Dense(new_cap.min(o.length as usize));
        }
        if i - cap >= MAX_GAP {
            return Placement::Slow;
        }
        if new_cap <= MAX_UNCHECKED_LENGTH {
            return Placement::Dense(new_cap);
        }
        let used = o.elements.iter().filter(|v| !v.is_hole()).count();
        if prefer_dictionary(used, new_cap) { Placement::Slow } else { Placement::Dense(new_cap) }
    }

    /// After a named index property was added to `o`: checks whether its elements can all be dense again, when the
    /// count of its named properties reaches a power of two (so the walk is amortised over the additions).
    pub(crate) fn slow_element_added(&mut self, o: Gc<JsObject>) {
        let named = match &o.dict {
            Some(d) => d.len(),
            None => o.shape.count() as usize,
        };
        if named >= MIN_NORMALIZE_CHECK && named.is_power_of_two() {
            self.try_dense_elements(o);
        }
    }

    /// Moves every named index property of `o` into dense elements when they would be dense enough (V8's
    /// `ShouldConvertToFastElements`), and clears `FLAG_SLOW_ELEMENTS`. Not when any of them is an accessor or has
    /// other than the default attributes, nor for the exotic kinds, non-extensible objects or the global object.
    /// Returns whether the object has fast elements afterwards.
    pub(crate) fn try_dense_elements(&mut self, o: Gc<JsObject>) -> bool {
        if o.has_fast_elements() {
            return true;
        }
        if !ordinary_elements(o) || !o.is_extensible() || Value::object(o) == self.realm.global {
            return false;
        }
        let mut named: Vec<(u32, Value)> = Vec::new();
        let mut max = 0usize;
        let mut all_default = true;
        let mut note = |k: Key, v: Value, a: Attrs| {
            if let Some(i) = index_of_key(k) {
                all_default &= a == Attrs::DEFAULT;
                named.push((i, v));
                max = max.max(i as usize + 1);
            }
        };
        match &o.dict {
            Some(d) => d.iter().for_each(|(k, &(v, a))| note(*k, v, a)),
            None => o.shape.properties().iter().for_each(|p| note(p.key, o.get_slot(p.slot), p.attrs)),
        }
        if !all_default {
            return false;
        }
        let len = o.elements.len();
        let length = max.max(len);
        if !named.is_empty() {
            let used = named.len() + o.elements.iter().filter(|v| !v.is_hole()).count();
            if !prefer_dense(used, length) {
                return false;
            }
        }
        // SAFETY: live object, single-threaded. No collection can happen until the values are in `elements`: the
        // vector above is not traced, but every value in it is still held by the object's named properties.
        let m = unsafe { o.get_mut() };
        let before = m.elements.capacity();
        if length > len {
            m.elements.reserve_exact(length - len);
            m.elements.resize(length, Value::HOLE);
        }
        for &(i, v) in &named {
            m.elements[i as usize] = v;
        }
        let grown = m.elements.capacity().saturating_sub(before) * 8;
        if grown > 0 {
            self.heap.report_external(grown);
        }
        if !named.is_empty() {
            self.remove_named_indices(o);
        }
        // SAFETY: live object, single-threaded.
        let m = unsafe { o.get_mut() };
        m.flags &= !FLAG_SLOW_ELEMENTS;
        if m.flags & FLAG_PROTOTYPE != 0 {
            self.bump_proto_epoch();
        }
        true
    }

    /// Removes the index keys from the named properties of `o` (their values are in `elements` now).
    fn remove_named_indices(&mut self, o: Gc<JsObject>) {
        if o.dict.is_some() {
            // SAFETY: live object, single-threaded.
            let d = unsafe { o.get_mut() }.dict.as_deref_mut().expect("dictionary mode");
            d.retain(|k, _| index_of_key(*k).is_none());
            return;
        }
        let keep: Vec<_> = o.shape.properties().into_iter().filter(|p| index_of_key(p.key).is_none()).collect();
        let proto = o.shape.proto();
        let cap = o.in_object_capacity();
        // Allocates (and so may collect): every value is still in the object's slots or elements.
        let shape = self.shapes.rebuild(&mut self.heap, proto, cap, &keep);
        // SAFETY: live object, single-threaded; the kept properties' slots only move down (they keep their order),
        // so reading each before writing its new slot sees the old value.
        let m = unsafe { o.get_mut() };
        for (j, p) in keep.iter().enumerate() {
            let v = m.get_slot(p.slot);
            m.set_slot(j as u32, v);
        }
        let n = keep.len() as u32;
        let inline = m.in_object_capacity();
        for s in n..inline {
            m.set_slot(s, Value::UNDEFINED);
        }
        m.slots.truncate(n.saturating_sub(inline) as usize);
        m.shape = shape;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_capacity_is_v8s() {
        assert_eq!(dictionary_capacity(0), 4);
        assert_eq!(dictionary_capacity(2), 4);
        assert_eq!(dictionary_capacity(3), 4);
        assert_eq!(dictionary_capacity(6), 16);
        assert_eq!(dictionary_capacity(100), 256);
    }

    /// Going back to dense needs more density than staying dense: an object just made dense again does not meet
    /// `prefer_dictionary` when its storage doubles next.
    #[test]
    fn going_back_to_dense_has_hysteresis() {
        for used in 1..5000 {
            for length in [used, used * 2, used * 3, used * 5, used * 8, used * 13] {
                if prefer_dense(used, length) {
                    assert!(!prefer_dictionary(used + 1, 2 * length), "used {used} length {length}");
                }
            }
        }
        // Mostly holes: slow; half full: dense.
        assert!(prefer_dictionary(10, 10_000));
        assert!(!prefer_dictionary(5_000, 10_000));
        assert!(prefer_dense(5_000, 10_000));
        assert!(!prefer_dense(10, 10_000));
    }
}
