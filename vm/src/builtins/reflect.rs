//! The Reflect object.

use super::object::{from_own_property, to_property_descriptor};
use super::util::list_from_array_like;
use super::{arg, method, value};
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let r = vm.new_object();
    let g = vm.realm.global.as_object();
    value(vm, g, "Reflect", Value::object(r), Attrs::HIDDEN);
    let fns: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("apply", apply, 3),
        ("construct", construct, 2),
        ("defineProperty", define_property, 3),
        ("deleteProperty", delete_property, 2),
        ("get", get, 2),
        ("getOwnPropertyDescriptor", get_own_property_descriptor, 2),
        ("getPrototypeOf", get_prototype_of, 1),
        ("has", has, 2),
        ("isExtensible", is_extensible, 1),
        ("ownKeys", own_keys, 1),
        ("preventExtensions", prevent_extensions, 1),
        ("set", set, 3),
        ("setPrototypeOf", set_prototype_of, 2),
    ];
    for &(n, f, l) in fns {
        method(vm, r, n, f, l);
    }
    super::util::to_string_tag(vm, r, "Reflect");
}

fn target(vm: &mut Vm, v: Value, name: &str) -> JsResult<Gc<JsObject>> {
    if !v.is_object() {
        return vm.throw_type(&format!("Reflect.{name} called on non-object"));
    }
    Ok(v.as_object())
}

fn apply(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        let s = vm.describe_for_error(f);
        return vm.throw_type(&format!("{s} is not a function"));
    }
    let list = list_from_array_like(vm, arg(args, 2))?;
    vm.call(f, arg(args, 1), &list)
}

fn construct(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_constructor(f) {
        let s = vm.describe_for_error(f);
        return vm.throw_type(&format!("{s} is not a constructor"));
    }
    let nt = if args.len() > 2 { args[2] } else { f };
    if !vm.is_constructor(nt) {
        let s = vm.describe_for_error(nt);
        return vm.throw_type(&format!("{s} is not a constructor"));
    }
    let list = list_from_array_like(vm, arg(args, 1))?;
    vm.construct(f, &list, nt)
}

fn define_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "defineProperty")?;
    let k = vm.to_property_key(arg(args, 1))?;
    let d = to_property_descriptor(vm, arg(args, 2))?;
    Ok(Value::bool(vm.define_own_property(o, k, d)?))
}

fn delete_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "deleteProperty")?;
    let k = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.delete(o, k)?))
}

fn get(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "get")?;
    let k = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 2 { args[2] } else { Value::object(o) };
    vm.get(o, k, receiver)
}

fn get_own_property_descriptor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "getOwnPropertyDescriptor")?;
    let k = vm.to_property_key(arg(args, 1))?;
    from_own_property(vm, o, k)
}

fn get_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "getPrototypeOf")?;
    vm.get_prototype_of(o)
}

fn has(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "has")?;
    let k = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.has_property(o, k)?))
}

fn is_extensible(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "isExtensible")?;
    Ok(Value::bool(vm.is_extensible(o)?))
}

fn own_keys(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "ownKeys")?;
    let keys = vm.own_keys(o)?;
    let a = vm.new_array(thin_vec::ThinVec::new());
    // SAFETY: single-threaded VM, fresh array; `keys` stays rooted until the copy is done.
    unsafe {
        let m = a.get_mut();
        m.elements.extend_from_slice(&keys);
        m.length = m.elements.len() as u32;
    }
    Ok(Value::object(a))
}

fn prevent_extensions(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "preventExtensions")?;
    Ok(Value::bool(vm.prevent_extensions(o)?))
}

fn set(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "set")?;
    let k = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 3 { args[3] } else { Value::object(o) };
    Ok(Value::bool(vm.set(o, k, arg(args, 2), receiver)?))
}

fn set_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "setPrototypeOf")?;
    let p = arg(args, 1);
    if !p.is_object() && !p.is_null() {
        return vm.throw_type("Object prototype may only be an Object or null");
    }
    Ok(Value::bool(super::util::set_proto(vm, o, p)?))
}
