//! Typed arrays as integer-indexed exotic objects: the parts of [[GetOwnProperty]], [[HasProperty]],
//! [[DefineOwnProperty]], [[Get]], [[Set]], [[Delete]] and [[OwnPropertyKeys]] that differ from ordinary objects.
//! `runtime/property.rs` calls these at the top of each internal method for objects with `FLAG_TYPED_ARRAY`, so every
//! path that reaches the internal methods (keyed and named accesses past the inline caches, Reflect, Object.keys,
//! for-in, spread, JSON, the Array.prototype methods) sees the same semantics.
//!
//! A key is numeric when it is a CanonicalNumericIndexString ("1", "-0", "1.5", "Infinity", "NaN"): such a key
//! names an element or nothing, and never reaches the prototype chain. Other keys are ordinary properties.

use super::buffer::{View, data, data_mut};
use super::kinds::{ElementKind, Scalar};
use crate::object::{JsObject, ObjectKind};
use crate::runtime::convert::number_to_string;
use crate::runtime::property::{OwnProp, PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

/// The element kind and view of a typed array.
pub fn parts(o: Gc<JsObject>) -> Option<(ElementKind, &'static View)> {
    match &o.kind {
        // SAFETY: the view is boxed in the live object and never replaced, so the reference stays valid while the
        // object is reachable, which the caller's handle on it ensures.
        ObjectKind::TypedArray { kind, view } => Some((*kind, unsafe { &*(&**view as *const View) })),
        _ => None,
    }
}

/// TypedArrayLength of a typed array that is in bounds; None when out of bounds (or not a typed array).
pub fn length(o: Gc<JsObject>) -> Option<usize> {
    let (kind, view) = parts(o)?;
    view.length_now(kind.size())
}

/// CanonicalNumericIndexString of a property key: Some(the number) when the key is numeric.
pub fn numeric_key(k: PropKey) -> Option<f64> {
    match k {
        PropKey::Index(i) => Some(i as f64),
        PropKey::Key(k) => {
            let v = Value(k.0);
            if !v.is_string() {
                return None;
            }
            let s = v.as_string();
            let units = s.units();
            // Every canonical numeric string is ASCII and starts with a digit, '-', 'I'(nfinity) or 'N'(aN).
            let first = if units.is_empty() { return None } else { units.at(0) as u8 as char };
            if !(first.is_ascii_digit() || matches!(first, '-' | 'I' | 'N')) || units.iter().any(|c| c > 127) {
                return None;
            }
            let text: String = units.iter().map(|c| c as u8 as char).collect();
            if text == "-0" {
                return Some(-0.0);
            }
            // ToString(ToNumber(s)) == s: a string that round-trips through Rust's parser and JS's printer.
            let n = match text.as_str() {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                t => t.parse::<f64>().ok()?,
            };
            (number_to_string(n) == text).then_some(n)
        }
    }
}

/// IsValidIntegerIndex: the element index `n` names, if it is one of `o`'s elements now.
pub fn valid_index(o: Gc<JsObject>, n: f64) -> Option<usize> {
    if n.fract() != 0.0 || (n == 0.0 && n.is_sign_negative()) || n < 0.0 {
        return None;
    }
    let len = length(o)?;
    (n < len as f64).then_some(n as usize)
}

/// Element `i` of a typed array of Numbers when `i` is in bounds: the interpreter's keyed fast path (no key
/// conversion, no allocation; anything else is left to the exotic [[Get]]).
#[inline]
pub fn fast_get(o: Gc<JsObject>, i: i32) -> Option<Value> {
    let (kind, view) = parts(o)?;
    fast_get_in(kind, view, i)
}

/// `fast_get` of a typed array's parts (`parts`), for callers that looked at its kind already.
#[inline]
pub fn fast_get_in(kind: ElementKind, view: &View, i: i32) -> Option<Value> {
    if i < 0 || kind.is_bigint() {
        return None;
    }
    let i = i as usize;
    if i >= view.length_now(kind.size())? {
        return None;
    }
    match kind.load(&data(view.buffer).bytes()[view.byte_offset + i * kind.size()..]) {
        Scalar::Number(n) => Some(Value::number(n)),
        Scalar::BigInt(_) => None,
    }
}

/// Stores the Number `n` as element `i` of a typed array of Numbers when `i` is in bounds (true): the keyed fast
/// path of stores (no conversion runs JS, so this is the whole of TypedArraySetElement).
#[inline]
pub fn fast_set(o: Gc<JsObject>, i: i32, n: f64) -> bool {
    let Some((kind, view)) = parts(o) else { return false };
    fast_set_in(kind, view, i, n)
}

/// `fast_set` of a typed array's parts (`parts`).
#[inline]
pub fn fast_set_in(kind: ElementKind, view: &View, i: i32, n: f64) -> bool {
    if i < 0 || kind.is_bigint() {
        return false;
    }
    let i = i as usize;
    if view.length_now(kind.size()).is_none_or(|len| i >= len) {
        return false;
    }
    let at = view.byte_offset + i * kind.size();
    kind.store(&mut data_mut(view.buffer).bytes_mut()[at..], Scalar::Number(n));
    true
}

/// The element at a valid index.
fn load(o: Gc<JsObject>, i: usize) -> Scalar {
    let (kind, view) = parts(o).expect("a typed array");
    let at = view.byte_offset + i * kind.size();
    kind.load(&data(view.buffer).bytes()[at..])
}

/// Stores `s` (of the array's content type) at a valid index.
pub fn store(o: Gc<JsObject>, i: usize, s: Scalar) {
    let (kind, view) = parts(o).expect("a typed array");
    let at = view.byte_offset + i * kind.size();
    kind.store(&mut data_mut(view.buffer).bytes_mut()[at..], s)
}

/// The element at index `i` without making a JS value; None when `i` is not an element now.
pub fn scalar_at(o: Gc<JsObject>, i: usize) -> Option<Scalar> {
    valid_index(o, i as f64).map(|i| load(o, i))
}

/// TypedArrayGetElement: the element at `n`, or undefined.
pub fn get_element(vm: &mut Vm, o: Gc<JsObject>, n: f64) -> Value {
    match valid_index(o, n) {
        Some(i) => load(o, i).into_value(vm),
        None => Value::UNDEFINED,
    }
}

/// The element at index `i` of a typed array, or undefined (for callers that hold an index, not a key).
pub fn get_index(vm: &mut Vm, o: Gc<JsObject>, i: usize) -> Value {
    get_element(vm, o, i as f64)
}

/// TypedArraySetElement: converts `v` by the content type (which may run JS that detaches or shrinks the buffer),
/// then stores it if `n` still names an element.
pub fn set_element(vm: &mut Vm, o: Gc<JsObject>, n: f64, v: Value) -> JsResult<()> {
    let kind = parts(o).expect("a typed array").0;
    let s = kind.to_scalar(vm, v)?;
    if let Some(i) = valid_index(o, n) {
        store(o, i, s);
    }
    Ok(())
}

impl Vm {
    /// [[GetOwnProperty]] for a numeric key.
    pub(crate) fn typed_get_own(&mut self, o: Gc<JsObject>, n: f64) -> Option<OwnProp> {
        let i = valid_index(o, n)?;
        Some(OwnProp { value: load(o, i).into_value(self), attrs: Attrs::DEFAULT })
    }

    /// [[DefineOwnProperty]] for a numeric key: only a writable, enumerable, configurable data property of a
    /// valid index can be defined, and defining it stores the value.
    pub(crate) fn typed_define(&mut self, o: Gc<JsObject>, n: f64, desc: PropertyDescriptor) -> JsResult<bool> {
        if valid_index(o, n).is_none()
            || desc.configurable == Some(false)
            || desc.enumerable == Some(false)
            || desc.is_accessor()
            || desc.writable == Some(false)
        {
            return Ok(false);
        }
        if let Some(v) = desc.value {
            set_element(self, o, n, v)?;
        }
        Ok(true)
    }

    /// The [[Set]] step of a typed array met on the way up from `receiver` with a numeric key: Some(result) when the
    /// typed array decides it, None when the ordinary steps go on (a valid index of a typed array that is not the
    /// receiver: the receiver gets the property).
    pub(crate) fn typed_set(&mut self, o: Gc<JsObject>, n: f64, v: Value, receiver: Value) -> JsResult<Option<bool>> {
        if receiver == Value::object(o) {
            set_element(self, o, n, v)?;
            return Ok(Some(true));
        }
        Ok(valid_index(o, n).is_none().then_some(true))
    }

    /// The integer keys of [[OwnPropertyKeys]]: 0..length while in bounds.
    pub(crate) fn typed_index_count(&self, o: Gc<JsObject>) -> usize {
        length(o).unwrap_or(0)
    }
}
