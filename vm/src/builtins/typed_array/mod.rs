//! Binary data: ArrayBuffer and SharedArrayBuffer (`buffer`), the element kinds (`kinds`), typed arrays as exotic
//! objects (`exotic`), %TypedArray% and its constructors (`constructors`), the prototype methods (`prototype`,
//! `prototype_copy`), DataView (`data_view`) and Atomics (`atomics`).
//!
//! The inline caches and mid's dense element code never match a typed array (its `elements` stay empty and it carries
//! `FLAG_SLOW_ELEMENTS`): element loads and stores with an int32 key take a short path in the keyed handlers' slow
//! part (`interp/ic.rs`, which baseline's stubs and mid's element routine run too), anything else the exotic
//! internal methods. Inline fast paths by element kind in compiled code are a later step.

mod atomics;
pub mod buffer;
mod constructors;
mod data_view;
pub mod exotic;
pub mod kinds;
pub(crate) mod prototype;
mod prototype_copy;

use crate::builtins::util::{accessor, atom};
use crate::object::{FLAG_SLOW_ELEMENTS, FLAG_TYPED_ARRAY, JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use buffer::View;
use kinds::ElementKind;
use tetra_gc::Gc;

pub fn install(vm: &mut Vm) {
    buffer::install(vm);
    constructors::install(vm);
    prototype::install(vm);
    data_view::install(vm);
    atomics::install(vm);
}

/// ToIndex: a non-negative integer below 2^53, or the RangeError.
pub fn to_index(vm: &mut Vm, v: Value) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(0);
    }
    let n = vm.to_integer(v)?;
    if !(0.0..=9007199254740991.0).contains(&n) {
        return vm.throw_range(&format!("Invalid index: {}", crate::runtime::convert::number_to_string(n)));
    }
    Ok(n as usize)
}

/// `v` when it is an ArrayBuffer or SharedArrayBuffer.
pub fn array_buffer_of(v: Value) -> Option<Gc<JsObject>> {
    v.try_object().filter(|o| matches!(o.kind, ObjectKind::ArrayBuffer(_)))
}

/// A getter `name` on `target` (a builtin accessor without a setter).
fn install_getter(vm: &mut Vm, target: Gc<JsObject>, name: &str, f: NativeFn) {
    let k = vm.key_from_str(name);
    accessor(vm, target, k, name, f, None);
}

/// A getter keyed by a well-known symbol, named `get [Symbol.x]`.
fn install_symbol_getter(vm: &mut Vm, target: Gc<JsObject>, sym: Value, name: &str, f: NativeFn) {
    accessor(vm, target, atom(sym), name, f, None);
}

/// A new typed array of `kind` with the given prototype over `view`.
fn new_typed_array(vm: &mut Vm, proto: Value, kind: ElementKind, view: View) -> Gc<JsObject> {
    let o = vm.new_object_kind(proto, ObjectKind::TypedArray { kind, view: Box::new(view) }, 0);
    // SAFETY: freshly allocated, single-threaded.
    unsafe { o.get_mut().flags |= FLAG_TYPED_ARRAY | FLAG_SLOW_ELEMENTS };
    o
}

/// IsTypedArrayFixedLength: false for a length-tracking view and for any view of a resizable ArrayBuffer.
pub fn is_fixed_length(o: Gc<JsObject>) -> bool {
    let Some((_, view)) = exotic::parts(o) else { return true };
    let d = buffer::data(view.buffer);
    view.length.is_some() && (d.is_fixed_length() || d.shared)
}

/// ValidateTypedArray: `v` as a typed array that is in bounds, with its kind and current length.
pub fn validate(vm: &mut Vm, v: Value, method: &str) -> JsResult<(Gc<JsObject>, ElementKind, usize)> {
    let o = require_typed_array(vm, v, method)?;
    let kind = exotic::parts(o).expect("a typed array").0;
    match exotic::length(o) {
        Some(len) => Ok((o, kind, len)),
        None => vm.throw_type(&format!("{method}: the typed array is detached or out of bounds")),
    }
}

/// RequireInternalSlot(v, [[TypedArrayName]]).
pub fn require_typed_array(vm: &mut Vm, v: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match v.try_object() {
        Some(o) if o.is_typed_array() => Ok(o),
        _ => vm.throw_type(&format!("{method} called on a value that is not a typed array")),
    }
}
