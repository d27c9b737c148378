//! Atomics on integer typed arrays. tetra runs one agent on one thread, so every operation is trivially atomic;
//! what remains of the spec is the validation (integer kinds, indices, detaching during argument conversion) and
//! the arithmetic, which wraps to the element width. `wait` can only time out (no other agent can notify), and
//! `notify` finds no waiters.

use super::buffer::data;
use super::exotic;
use super::kinds::ElementKind;
use super::{to_index, validate};
use crate::builtins::util::to_string_tag;
use crate::builtins::{arg, method};
use crate::object::JsObject;
use crate::runtime::convert::f64_to_int32;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let a = vm.new_object_with_proto(op);
    let methods: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("add", rmw::<ADD>, 3),
        ("and", rmw::<AND>, 3),
        ("compareExchange", compare_exchange, 4),
        ("exchange", rmw::<EXCHANGE>, 3),
        ("isLockFree", is_lock_free, 1),
        ("load", load, 2),
        ("notify", notify, 3),
        ("or", rmw::<OR>, 3),
        ("store", store, 3),
        ("sub", rmw::<SUB>, 3),
        ("wait", wait, 4),
        ("xor", rmw::<XOR>, 3),
    ];
    for &(name, f, len) in methods {
        method(vm, a, name, f, len);
    }
    to_string_tag(vm, a, "Atomics");
    let g = vm.realm.global.as_object();
    crate::builtins::value(vm, g, "Atomics", Value::object(a), tetra_shapes::Attrs::HIDDEN);
}

const ADD: u8 = 0;
const AND: u8 = 1;
const EXCHANGE: u8 = 2;
const OR: u8 = 3;
const SUB: u8 = 4;
const XOR: u8 = 5;

/// ValidateIntegerTypedArray + ValidateAtomicAccess: the typed array, its kind and the element index.
/// `waitable` (wait, notify) asks for an Int32Array, and `wait` also for a shared buffer, checked before the index.
fn access(
    vm: &mut Vm,
    ta: Value,
    index: Value,
    waitable: bool,
    method: &str,
) -> JsResult<(Gc<JsObject>, ElementKind, usize)> {
    let (o, kind, len) = validate(vm, ta, method)?;
    let ok = if waitable { kind == ElementKind::Int32 } else { kind.is_integer() && kind != ElementKind::Uint8Clamped };
    if !ok {
        let want = if waitable { "an Int32Array" } else { "an integer typed array" };
        return vm.throw_type(&format!("Atomics.{method} needs {want}, not {}", kind.name()));
    }
    if method == "wait" && !data(exotic::parts(o).expect("a typed array").1.buffer).shared {
        return vm.throw_type("Atomics.wait needs a typed array over a SharedArrayBuffer");
    }
    let i = to_index(vm, index)?;
    if i >= len {
        return vm.throw_range(&format!("Atomics.{method}: index {i} is out of range"));
    }
    Ok((o, kind, i))
}

/// RevalidateAtomicAccess: converting the value may have detached or shrunk the buffer.
fn revalidate(vm: &mut Vm, o: Gc<JsObject>, i: usize, method: &str) -> JsResult<()> {
    match exotic::length(o) {
        None => vm.throw_type(&format!("Atomics.{method}: the typed array was detached or went out of bounds")),
        Some(len) if i >= len => vm.throw_range(&format!("Atomics.{method}: index {i} is out of range")),
        Some(_) => Ok(()),
    }
}

/// The element at a valid index, as an integer.
fn read(o: Gc<JsObject>, i: usize) -> i64 {
    exotic::get_index(o, i).as_number() as i64
}

/// `v` reduced modulo 2^32: the same residue as the element conversions take for every width up to 32 bits.
fn wrap(v: f64) -> i64 {
    f64_to_int32(v) as i64
}

fn rmw<const OP: u8>(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let name = ["add", "and", "exchange", "or", "sub", "xor"][OP as usize];
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), false, name)?;
    let v = vm.to_integer(arg(args, 2))?;
    revalidate(vm, o, i, name)?;
    let old = read(o, i);
    let w = wrap(v);
    let new = match OP {
        ADD => old.wrapping_add(w),
        AND => old & w,
        EXCHANGE => w,
        OR => old | w,
        SUB => old.wrapping_sub(w),
        _ => old ^ w,
    };
    exotic::store(o, i, new as f64);
    Ok(Value::number(old as f64))
}

fn compare_exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, kind, i) = access(vm, arg(args, 0), arg(args, 1), false, "compareExchange")?;
    let expected = vm.to_integer(arg(args, 2))?;
    let replacement = vm.to_integer(arg(args, 3))?;
    revalidate(vm, o, i, "compareExchange")?;
    let old = exotic::get_index(o, i);
    // Compare as the element's bytes: `expected` converted to the element type first.
    let mut b = [0u8; 8];
    kind.store(&mut b, expected);
    if kind.load(&b).as_number() == old.as_number() {
        exotic::store(o, i, replacement);
    }
    Ok(old)
}

fn load(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), false, "load")?;
    revalidate(vm, o, i, "load")?;
    Ok(exotic::get_index(o, i))
}

fn store(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), false, "store")?;
    let v = vm.to_integer(arg(args, 2))?;
    revalidate(vm, o, i, "store")?;
    exotic::store(o, i, v);
    Ok(Value::number(v))
}

fn is_lock_free(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let n = vm.to_integer(arg(args, 0))?;
    Ok(Value::bool(n == 1.0 || n == 2.0 || n == 4.0 || n == 8.0))
}

/// Atomics.wait: only on a shared Int32Array; "not-equal" when the element differs, else a wait that no other
/// agent can end early. An endless wait would hang the only agent, so that is a TypeError (the spec's
/// AgentCanSuspend being false for it).
fn wait(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), true, "wait")?;
    let v = vm.to_int32(arg(args, 2))?;
    let q = vm.to_number(arg(args, 3))?;
    let t = if q.is_nan() { f64::INFINITY } else { q.max(0.0) };
    if read(o, i) != v as i64 {
        return Ok(vm.new_string("not-equal"));
    }
    let Ok(pause) = std::time::Duration::try_from_secs_f64(t / 1000.0) else {
        return vm.throw_type("Atomics.wait would block forever: no other agent can notify it");
    };
    std::thread::sleep(pause);
    Ok(vm.new_string("timed-out"))
}

fn notify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    access(vm, arg(args, 0), arg(args, 1), true, "notify")?;
    let count = arg(args, 2);
    if !count.is_undefined() {
        vm.to_integer(count)?;
    }
    Ok(Value::int(0))
}
