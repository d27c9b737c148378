//! Boolean constructor and Boolean.prototype.

use super::method;
use super::util::constructor;
use crate::object::ObjectKind;
use crate::runtime::convert::to_boolean;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let bp = vm.new_object_kind(op, ObjectKind::Boolean(false), 4);
    vm.realm.boolean_prototype = Value::object(bp);
    constructor(vm, "Boolean", boolean_ctor, 1, Value::object(bp));
    method(vm, bp, "toString", to_string, 0);
    method(vm, bp, "valueOf", value_of, 0);
}

fn boolean_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let b = to_boolean(super::arg(args, 0));
    if nt.is_undefined() {
        return Ok(Value::bool(b));
    }
    let fallback = vm.realm.boolean_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(vm.new_object_kind(proto, ObjectKind::Boolean(b), 4)))
}

fn this_boolean(vm: &mut Vm, this: Value, name: &str) -> JsResult<bool> {
    if this.is_bool() {
        return Ok(this.as_bool());
    }
    if let Some(o) = this.try_object()
        && let ObjectKind::Boolean(b) = o.kind
    {
        return Ok(b);
    }
    vm.throw_type(&format!("Boolean.prototype.{name} requires that 'this' be a Boolean"))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_boolean(vm, this, "toString")?;
    Ok(if b { vm.atoms.true_ } else { vm.atoms.false_ })
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(this_boolean(vm, this, "valueOf")?))
}
