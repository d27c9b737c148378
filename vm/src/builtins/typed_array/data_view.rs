//! DataView: reads and writes of any element kind but the clamped one at any byte offset of a buffer, in either byte
//! order (big-endian unless asked), with the spec's bounds: a view out of bounds (detached, or a resizable buffer
//! shrunk below it) is a TypeError, an access past the view's end a RangeError.

use super::buffer::{View, data, data_mut};
use super::kinds::ElementKind;
use super::{array_buffer_of, install_getter, to_index};
use crate::builtins::util::{constructor, to_string_tag};
use crate::builtins::{arg, method};
use crate::object::{JsObject, ObjectKind};
use crate::runtime::convert::to_boolean;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;

/// The kinds a DataView reads and writes, with the suffix of their get/set methods (the clamped kind has none).
const ACCESSORS: [(&str, NativeFn, NativeFn); 11] = [
    ("Int8", get::<{ ElementKind::Int8 as usize }>, set::<{ ElementKind::Int8 as usize }>),
    ("Uint8", get::<{ ElementKind::Uint8 as usize }>, set::<{ ElementKind::Uint8 as usize }>),
    ("Int16", get::<{ ElementKind::Int16 as usize }>, set::<{ ElementKind::Int16 as usize }>),
    ("Uint16", get::<{ ElementKind::Uint16 as usize }>, set::<{ ElementKind::Uint16 as usize }>),
    ("Int32", get::<{ ElementKind::Int32 as usize }>, set::<{ ElementKind::Int32 as usize }>),
    ("Uint32", get::<{ ElementKind::Uint32 as usize }>, set::<{ ElementKind::Uint32 as usize }>),
    ("Float16", get::<{ ElementKind::Float16 as usize }>, set::<{ ElementKind::Float16 as usize }>),
    ("Float32", get::<{ ElementKind::Float32 as usize }>, set::<{ ElementKind::Float32 as usize }>),
    ("Float64", get::<{ ElementKind::Float64 as usize }>, set::<{ ElementKind::Float64 as usize }>),
    ("BigInt64", get::<{ ElementKind::BigInt64 as usize }>, set::<{ ElementKind::BigInt64 as usize }>),
    ("BigUint64", get::<{ ElementKind::BigUint64 as usize }>, set::<{ ElementKind::BigUint64 as usize }>),
];

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let p = vm.new_object_with_proto(op);
    vm.realm.data_view_prototype = Value::object(p);
    constructor(vm, "DataView", data_view_ctor, 1, Value::object(p));
    install_getter(vm, p, "buffer", buffer);
    install_getter(vm, p, "byteLength", byte_length);
    install_getter(vm, p, "byteOffset", byte_offset);
    for (suffix, g, s) in ACCESSORS {
        method(vm, p, &format!("get{suffix}"), g, 1);
        method(vm, p, &format!("set{suffix}"), s, 2);
    }
    to_string_tag(vm, p, "DataView");
}

fn data_view_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor DataView requires 'new'");
    }
    let Some(b) = array_buffer_of(arg(args, 0)) else {
        return vm.throw_type("First argument to DataView constructor must be an ArrayBuffer");
    };
    let offset = to_index(vm, arg(args, 1))?;
    let requested = arg(args, 2);
    let check = |vm: &mut Vm, length: Option<usize>| -> JsResult<()> {
        let d = data(b);
        if d.detached {
            return vm.throw_type("Cannot construct a DataView on a detached ArrayBuffer");
        }
        if offset > d.byte_length() {
            return vm.throw_range(&format!("Start offset {offset} is outside the bounds of the buffer"));
        }
        if length.is_some_and(|n| offset + n > d.byte_length()) {
            return vm.throw_range("Invalid DataView length");
        }
        Ok(())
    };
    check(vm, None)?;
    let length = if requested.is_undefined() {
        let d = data(b);
        if d.is_fixed_length() { Some(d.byte_length() - offset) } else { None }
    } else {
        let n = to_index(vm, requested)?;
        check(vm, Some(n))?;
        Some(n)
    };
    let fallback = vm.realm.data_view_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    // Getting the prototype ran JS, which may have detached or shrunk the buffer.
    check(vm, if requested.is_undefined() { None } else { length })?;
    let view = View::new(b, offset, length, 1);
    Ok(Value::object(vm.new_object_kind(proto, ObjectKind::DataView(Box::new(view)), 0)))
}

/// `this` as a DataView, or the TypeError.
fn this_view(vm: &mut Vm, this: Value, method: &dyn std::fmt::Display) -> JsResult<&'static View> {
    if let Some(o) = this.try_object()
        && let ObjectKind::DataView(v) = &o.kind
    {
        // SAFETY: the view is boxed in the live object and never replaced; `this` keeps the object alive for the
        // native call that asked.
        return Ok(unsafe { &*(&**v as *const View) });
    }
    vm.throw_type(&format!("DataView.prototype.{method} called on an incompatible receiver"))
}

/// The view's byte length now, or the TypeError when it is out of bounds.
fn view_length(vm: &mut Vm, view: &View, method: &dyn std::fmt::Display) -> JsResult<usize> {
    match view.length_now(1) {
        Some(n) => Ok(n),
        None => vm.throw_type(&format!("DataView.prototype.{method}: the view is detached or out of bounds")),
    }
}

fn buffer(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let view = this_view(vm, this, &"buffer")?;
    Ok(Value::object(view.buffer))
}

fn byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let view = this_view(vm, this, &"byteLength")?;
    Ok(Value::number(view_length(vm, view, &"byteLength")? as f64))
}

fn byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let view = this_view(vm, this, &"byteOffset")?;
    view_length(vm, view, &"byteOffset")?;
    Ok(Value::number(view.byte_offset as f64))
}

/// The buffer and byte position of an access of `kind` at `index`, after the spec's checks.
fn locate(
    vm: &mut Vm,
    view: &View,
    index: usize,
    kind: ElementKind,
    method: &dyn std::fmt::Display,
) -> JsResult<(Gc<JsObject>, usize)> {
    let len = view_length(vm, view, method)?;
    if index.checked_add(kind.size()).is_none_or(|end| end > len) {
        return vm.throw_range(&format!("DataView.prototype.{method}: offset is outside the bounds of the DataView"));
    }
    Ok((view.buffer, view.byte_offset + index))
}

/// The name of a get/set method, for its errors (made only when one is thrown: accessors are hot).
struct Accessor {
    set: bool,
    kind: ElementKind,
}

impl std::fmt::Display for Accessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.kind.name();
        write!(f, "{}{}", if self.set { "set" } else { "get" }, &name[..name.len() - "Array".len()])
    }
}

/// GetViewValue.
fn get<const K: usize>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let kind = ElementKind::ALL[K];
    let method = Accessor { set: false, kind };
    let view = this_view(vm, this, &method)?;
    let index = to_index(vm, arg(args, 0))?;
    let little = to_boolean(arg(args, 1));
    let (b, at) = locate(vm, view, index, kind, &method)?;
    let s = kind.read(&data(b).bytes()[at..], little);
    Ok(s.into_value(vm))
}

/// SetViewValue.
fn set<const K: usize>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let kind = ElementKind::ALL[K];
    let method = Accessor { set: true, kind };
    let view = this_view(vm, this, &method)?;
    let index = to_index(vm, arg(args, 0))?;
    let s = kind.to_scalar(vm, arg(args, 1))?;
    let little = to_boolean(arg(args, 2));
    let (b, at) = locate(vm, view, index, kind, &method)?;
    kind.write(&mut data_mut(b).bytes_mut()[at..], s, little);
    Ok(Value::UNDEFINED)
}
