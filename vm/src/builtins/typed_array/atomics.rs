//! Atomics on integer typed arrays (BigInt64Array and BigUint64Array included). tetra runs one agent on one thread,
//! so every operation is trivially atomic; what remains of the spec is the validation (integer kinds, indices,
//! detaching during argument conversion) and the arithmetic, which wraps to the element width: it runs on i64,
//! whose wrapping operations agree with every element width's in the low bits the store keeps. `wait` can only
//! time out (no other agent can notify it); `waitAsync` waiters are promises in `realm.atomics_waiters` that
//! `notify` resolves with "ok", or a timer task with "timed-out".

use super::buffer::data;
use super::exotic;
use super::kinds::{ElementKind, Scalar};
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
        ("waitAsync", wait_async, 4),
        ("xor", rmw::<XOR>, 3),
    ];
    for &(name, f, len) in methods {
        method(vm, a, name, f, len);
    }
    to_string_tag(vm, a, "Atomics");
    let waiters = vm.new_array(thin_vec::ThinVec::new());
    vm.realm.atomics_waiters = Value::object(waiters);
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
/// `waitable` (wait, waitAsync, notify) asks for an Int32Array or a BigInt64Array, and the waits also for a shared
/// buffer, checked before the index.
fn access(
    vm: &mut Vm,
    ta: Value,
    index: Value,
    waitable: bool,
    method: &str,
) -> JsResult<(Gc<JsObject>, ElementKind, usize)> {
    let (o, kind, len) = validate(vm, ta, method)?;
    let ok = if waitable {
        matches!(kind, ElementKind::Int32 | ElementKind::BigInt64)
    } else {
        kind.is_integer() && kind != ElementKind::Uint8Clamped
    };
    if !ok {
        let want = if waitable { "an Int32Array or a BigInt64Array" } else { "an integer typed array" };
        return vm.throw_type(&format!("Atomics.{method} needs {want}, not {}", kind.name()));
    }
    if matches!(method, "wait" | "waitAsync") && !data(exotic::parts(o).expect("a typed array").1.buffer).shared {
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

/// The operand of an operation on `kind`: ToBigInt for a BigInt kind, else ToIntegerOrInfinity; with the value
/// the operation returns when it returns its operand (Atomics.store).
fn operand(vm: &mut Vm, kind: ElementKind, v: Value) -> JsResult<(i64, Value)> {
    if kind.is_bigint() {
        let b = vm.to_bigint(v)?;
        return Ok((to_i64(Scalar::of(b)), b));
    }
    let n = vm.to_integer(v)?;
    // Modulo 2^32: the same residue as the element conversions take for every width up to 32 bits.
    Ok((f64_to_int32(n) as i64, Value::number(n)))
}

/// An element or operand as an integer (a BigUint64 above 2^63 wraps to a negative, with the same low bits).
fn to_i64(s: Scalar) -> i64 {
    match s {
        Scalar::Number(n) => n as i64,
        Scalar::BigInt(b) => b as i64,
    }
}

/// An integer result as an element of `kind` (whose store keeps its low bits).
fn scalar(kind: ElementKind, x: i64) -> Scalar {
    if kind.is_bigint() { Scalar::BigInt(x as i128) } else { Scalar::Number(x as f64) }
}

fn rmw<const OP: u8>(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let name = ["add", "and", "exchange", "or", "sub", "xor"][OP as usize];
    let (o, kind, i) = access(vm, arg(args, 0), arg(args, 1), false, name)?;
    let (w, _) = operand(vm, kind, arg(args, 2))?;
    revalidate(vm, o, i, name)?;
    // `revalidate` made sure the element is there; the default only keeps this total.
    let old = exotic::scalar_at(o, i).unwrap_or(scalar(kind, 0));
    let x = to_i64(old);
    let new = match OP {
        ADD => x.wrapping_add(w),
        AND => x & w,
        EXCHANGE => w,
        OR => x | w,
        SUB => x.wrapping_sub(w),
        _ => x ^ w,
    };
    exotic::store(o, i, scalar(kind, new));
    Ok(old.into_value(vm))
}

fn compare_exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, kind, i) = access(vm, arg(args, 0), arg(args, 1), false, "compareExchange")?;
    let (expected, _) = operand(vm, kind, arg(args, 2))?;
    let (replacement, _) = operand(vm, kind, arg(args, 3))?;
    revalidate(vm, o, i, "compareExchange")?;
    // As in `rmw`: the element is there.
    let old = exotic::scalar_at(o, i).unwrap_or(scalar(kind, 0));
    // Compare as the element's bytes: `expected` converted to the element type first.
    let mut b = [0u8; 8];
    kind.store(&mut b, scalar(kind, expected));
    if kind.load(&b) == old {
        exotic::store(o, i, scalar(kind, replacement));
    }
    Ok(old.into_value(vm))
}

fn load(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), false, "load")?;
    revalidate(vm, o, i, "load")?;
    Ok(exotic::get_index(vm, o, i))
}

fn store(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, kind, i) = access(vm, arg(args, 0), arg(args, 1), false, "store")?;
    let (x, v) = operand(vm, kind, arg(args, 2))?;
    revalidate(vm, o, i, "store")?;
    exotic::store(o, i, scalar(kind, x));
    Ok(v)
}

fn is_lock_free(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let n = vm.to_integer(arg(args, 0))?;
    Ok(Value::bool(n == 1.0 || n == 2.0 || n == 4.0 || n == 8.0))
}

/// The validation and conversions DoWait does before it looks at the element: the typed array, the element index,
/// whether the element differs from `value`, and the timeout in ms (+inf for none).
fn wait_prologue(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<(Gc<JsObject>, usize, bool, f64)> {
    let (o, kind, i) = access(vm, arg(args, 0), arg(args, 1), true, method)?;
    // ToBigInt64 or ToInt32: as the element reads back.
    let v = if kind.is_bigint() {
        to_i64(Scalar::of(vm.to_bigint(arg(args, 2))?))
    } else {
        vm.to_int32(arg(args, 2))? as i64
    };
    let q = vm.to_number(arg(args, 3))?;
    let t = if q.is_nan() { f64::INFINITY } else { q.max(0.0) };
    // The buffer is shared, so nothing could have detached or shrunk it: the element is there.
    Ok((o, i, exotic::scalar_at(o, i).map(to_i64) != Some(v), t))
}

/// Atomics.wait: only on a shared Int32Array; "not-equal" when the element differs, else a wait that no other
/// agent can end early. An endless wait would hang the only agent, so that is a TypeError (the spec's
/// AgentCanSuspend being false for it).
fn wait(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, _, differs, t) = wait_prologue(vm, args, "wait")?;
    if differs {
        return Ok(vm.new_string("not-equal"));
    }
    let Ok(pause) = std::time::Duration::try_from_secs_f64(t / 1000.0) else {
        return vm.throw_type("Atomics.wait would block forever: no other agent can notify it");
    };
    std::thread::sleep(pause);
    Ok(vm.new_string("timed-out"))
}

/// A waiter is an internal array: the buffer, the element index and the promise to resolve.
const WAITER_BUFFER: usize = 0;
const WAITER_INDEX: usize = 1;
const WAITER_PROMISE: usize = 2;

/// Waits longer than this many ms have no timer: they end only by `notify`.
const MAX_TIMEOUT_MS: f64 = 1e15;

/// Atomics.waitAsync: `{ async: false, value: "not-equal" | "timed-out" }` when it need not wait, else
/// `{ async: true, value: promise }` with the promise registered as a waiter on the element.
fn wait_async(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, i, differs, t) = wait_prologue(vm, args, "waitAsync")?;
    let result = vm.new_object();
    let (is_async, value) = if differs || t == 0.0 {
        (false, vm.new_string(if differs { "not-equal" } else { "timed-out" }))
    } else {
        let promise = crate::builtins::promise::new_intrinsic_promise(vm);
        let buffer = Value::object(exotic::parts(o).expect("a typed array").1.buffer);
        let waiter = vm.new_array(thin_vec::thin_vec![buffer, Value::number(i as f64), promise]);
        crate::builtins::util::push_internal(vm.realm.atomics_waiters.as_object(), Value::object(waiter));
        if t < MAX_TIMEOUT_MS {
            let f = crate::builtins::util::native_closure(vm, wait_timed_out, &[Value::object(waiter)], 0);
            crate::builtins::timers::schedule(vm, t, f, &[]);
        }
        (true, promise)
    };
    let ak = vm.key_from_str("async");
    vm.create_data_property_or_throw(result, ak, Value::bool(is_async))?;
    let vk = crate::builtins::util::atom(vm.atoms.value);
    vm.create_data_property_or_throw(result, vk, value)?;
    Ok(Value::object(result))
}

/// Removes `waiter` from the waiter list; false if `notify` already took it.
fn take_waiter(vm: &mut Vm, waiter: Value) -> bool {
    let list = vm.realm.atomics_waiters.as_object();
    // SAFETY: single-threaded VM; the waiter list is an internal array only this module touches.
    let m = unsafe { list.get_mut() };
    let before = m.elements.len();
    m.elements.retain(|&w| w != waiter);
    m.length = m.elements.len() as u32;
    m.elements.len() != before
}

/// The timer task of a waitAsync waiter: resolves its promise with "timed-out" unless it was notified first.
fn wait_timed_out(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let waiter = arg(args, 0);
    if take_waiter(vm, waiter) {
        let promise = waiter.as_object().elements[WAITER_PROMISE];
        let s = vm.new_string("timed-out");
        crate::builtins::promise::resolve_intrinsic(vm, promise, s);
    }
    Ok(Value::UNDEFINED)
}

/// Atomics.notify: resolves up to `count` waitAsync waiters on the element, oldest first, with "ok"; returns how
/// many. A non-shared buffer has no waiters.
fn notify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, i) = access(vm, arg(args, 0), arg(args, 1), true, "notify")?;
    let count = arg(args, 2);
    let count = if count.is_undefined() { f64::INFINITY } else { vm.to_integer(count)?.max(0.0) };
    let buffer = Value::object(exotic::parts(o).expect("a typed array").1.buffer);
    let list = vm.realm.atomics_waiters.as_object();
    let woken = crate::handles::RootedVec::from_vec(
        list.elements
            .iter()
            .copied()
            .filter(|w| {
                let e = &w.as_object().elements;
                e[WAITER_BUFFER] == buffer && e[WAITER_INDEX].as_number() == i as f64
            })
            .take(count.min(u32::MAX as f64) as usize)
            .collect(),
    );
    for &w in woken.iter() {
        take_waiter(vm, w);
        let promise = w.as_object().elements[WAITER_PROMISE];
        let ok = vm.new_string("ok");
        crate::builtins::promise::resolve_intrinsic(vm, promise, ok);
    }
    Ok(Value::number(woken.len() as f64))
}
