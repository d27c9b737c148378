//! BigInt: the function (a conversion, not a constructor), `asIntN` / `asUintN`, and BigInt.prototype (toString
//! with a radix, toLocaleString, valueOf). The values and their operators are `crate::bigint`.

use super::util::constructor;
use super::{arg, method};
use crate::bigint::{as_n, big, from_f64, to_string_radix};
use crate::object::ObjectKind;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let bp = vm.new_object_with_proto(op);
    vm.realm.bigint_prototype = Value::object(bp);
    let c = constructor(vm, "BigInt", bigint_fn, 1, Value::object(bp));
    method(vm, c, "asIntN", as_int_n, 2);
    method(vm, c, "asUintN", as_uint_n, 2);
    method(vm, bp, "toString", to_string, 0);
    method(vm, bp, "toLocaleString", to_locale_string, 0);
    method(vm, bp, "valueOf", value_of, 0);
    super::util::to_string_tag(vm, bp, "BigInt");
}

/// `BigInt(v)`: NumberToBigInt for an integral Number (a RangeError otherwise), ToBigInt for anything else.
fn bigint_fn(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return vm.throw_type("BigInt is not a constructor");
    }
    let p = vm.to_primitive(arg(args, 0), crate::runtime::convert::Hint::Number)?;
    if p.is_number() {
        let d = p.as_number();
        return match from_f64(d) {
            Some(b) => Ok(vm.new_bigint(b)),
            None => {
                let s = vm.to_display_string(p);
                vm.throw_range(&format!("The number {s} cannot be converted to a BigInt because it is not an integer"))
            }
        };
    }
    vm.to_bigint(p)
}

/// ToIndex of the `bits` argument.
fn bits_arg(vm: &mut Vm, v: Value) -> JsResult<u64> {
    let d = vm.to_integer(v)?;
    if !(0.0..=9007199254740991.0).contains(&d) {
        return vm.throw_range("Invalid value: not (convertible to) a safe integer");
    }
    Ok(d as u64)
}

fn as_int_n(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let bits = bits_arg(vm, arg(args, 0))?;
    let b = vm.to_bigint(arg(args, 1))?;
    as_n_result(vm, as_n(bits, &big(b), true))
}

fn as_n_result(vm: &mut Vm, r: Option<num_bigint::BigInt>) -> JsResult<Value> {
    match r {
        Some(r) => Ok(vm.new_bigint(r)),
        None => vm.throw_range("Maximum BigInt size exceeded"),
    }
}

fn as_uint_n(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let bits = bits_arg(vm, arg(args, 0))?;
    let b = vm.to_bigint(arg(args, 1))?;
    as_n_result(vm, as_n(bits, &big(b), false))
}

/// thisBigIntValue.
fn this_bigint(vm: &mut Vm, this: Value, name: &str) -> JsResult<Value> {
    if this.is_bigint() {
        return Ok(this);
    }
    if let Some(o) = this.try_object()
        && let ObjectKind::BigInt(b) = o.kind
    {
        return Ok(b);
    }
    vm.throw_type(&format!("BigInt.prototype.{name} requires that 'this' be a BigInt"))
}

fn to_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this, "toString")?;
    let r = arg(args, 0);
    let radix = if r.is_undefined() { 10.0 } else { vm.to_integer(r)? };
    if !(2.0..=36.0).contains(&radix) {
        return vm.throw_range("toString() radix must be between 2 and 36");
    }
    let s = to_string_radix(b, radix as u32);
    Ok(vm.new_string(&s))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this, "toLocaleString")?;
    let s = to_string_radix(b, 10);
    Ok(vm.new_string(&s))
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    this_bigint(vm, this, "valueOf")
}
