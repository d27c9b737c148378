//! Promise, with its job queue.
//!
//! The host runs the queue with `run_jobs` after the script (and after each later macrotask): the promise jobs of
//! ES2017 8.4 (PromiseReactionJob, PromiseResolveThenableJob), in FIFO order.
//!
//! Representation: a promise is an `ObjectKind::Internal { class: Promise, data: state }`, where `state` is an
//! internal object whose elements are
//! `[status, result, fulfill reactions, reject reactions]`. Functions that close over values (resolving functions,
//! Promise.all element functions, finally's thunks) are bound natives: the bound arguments are the closure.

use super::util::return_this;
use super::util::{accessor, atom, constructor, for_each_iterated, native_closure, require_callable};
use super::{arg, method};
use crate::object::{InternalClass, internal_data};
use crate::object::{JsObject, ObjectKind};
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

const PENDING: i32 = 0;
const FULFILLED: i32 = 1;
const REJECTED: i32 = 2;
const STATUS: usize = 0;
const RESULT: usize = 1;
const FULFILL_REACTIONS: usize = 2;
const REJECT_REACTIONS: usize = 3;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let p = vm.new_object_with_proto(op);
    vm.realm.promise_prototype = Value::object(p);
    let c = constructor(vm, "Promise", promise_ctor, 1, Value::object(p));
    vm.realm.promise_constructor = Value::object(c);
    let sp = atom(vm.atoms.sym_species);
    accessor(vm, c, sp, "[Symbol.species]", return_this, None);
    method(vm, c, "resolve", promise_resolve_static, 1);
    method(vm, c, "reject", promise_reject_static, 1);
    method(vm, c, "all", promise_all, 1);
    method(vm, c, "allSettled", promise_all_settled, 1);
    method(vm, c, "any", promise_any, 1);
    method(vm, c, "race", promise_race, 1);
    method(vm, c, "try", promise_try, 1);
    method(vm, c, "withResolvers", promise_with_resolvers, 0);
    method(vm, p, "then", then, 2);
    method(vm, p, "catch", catch, 1);
    method(vm, p, "finally", finally, 1);
    super::util::to_string_tag(vm, p, "Promise");
    let q = vm.new_array(thin_vec::ThinVec::new());
    vm.realm.job_queue = Value::object(q);
}

/// The state object of a promise, if `v` is one.
fn state_of(v: Value) -> Option<Gc<JsObject>> {
    internal_data(v, InternalClass::Promise).map(|d| d.as_object())
}

/// The reason of a rejected promise (None while pending or fulfilled, or for a non-promise).
pub(crate) fn rejection(v: Value) -> Option<Value> {
    let st = state_of(v)?;
    (el(st, 0).as_int() == REJECTED).then(|| el(st, 1))
}

fn el(o: Gc<JsObject>, i: usize) -> Value {
    o.elements[i]
}

fn set_el(o: Gc<JsObject>, i: usize, v: Value) {
    // SAFETY: single-threaded VM; internal objects are live while their promise is being operated on.
    unsafe { o.get_mut().elements[i] = v };
}

fn new_promise(vm: &mut Vm, proto: Value) -> Value {
    let st = vm.new_object_kind(Value::NULL, ObjectKind::Ordinary, 0);
    let fr = vm.new_array(thin_vec::ThinVec::new());
    let rr = vm.new_array(thin_vec::ThinVec::new());
    // SAFETY: single-threaded VM, fresh object.
    unsafe {
        st.get_mut().elements =
            thin_vec::thin_vec![Value::int(PENDING), Value::UNDEFINED, Value::object(fr), Value::object(rr),]
    };
    let p =
        vm.new_object_kind(proto, ObjectKind::Internal { class: InternalClass::Promise, data: Value::object(st) }, 4);
    Value::object(p)
}

/// A pending promise from %Promise% (an async function's result).
pub(crate) fn new_intrinsic_promise(vm: &mut Vm) -> Value {
    let proto = vm.realm.promise_prototype;
    new_promise(vm, proto)
}

/// PerformPromiseThen(promise, onFulfilled, onRejected) with no result capability (Await).
pub(crate) fn perform_then_without_capability(vm: &mut Vm, promise: Value, on_f: Value, on_r: Value) {
    let none = (Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED);
    perform_then(vm, promise, on_f, on_r, none);
}

/// Resolves a promise the engine created and resolves only once (an async function's).
pub(crate) fn resolve_intrinsic(vm: &mut Vm, promise: Value, resolution: Value) {
    // [[Resolve]] reports every failure by rejecting the promise, never to its caller.
    let _ = resolve_promise(vm, promise, resolution);
}

/// Rejects a promise the engine created and settles only once.
pub(crate) fn reject_intrinsic(vm: &mut Vm, promise: Value, reason: Value) {
    settle(vm, promise, reason, REJECTED);
}

fn enqueue(vm: &mut Vm, job: &[Value]) {
    let j = vm.new_array(thin_vec::ThinVec::from(job));
    let q = vm.realm.job_queue.as_object();
    super::util::push_internal(q, Value::object(j));
}

/// Queues a call of `f` with no arguments (queueMicrotask).
pub fn enqueue_call(vm: &mut Vm, f: Value) {
    enqueue(vm, &[Value::int(2), f]);
}

/// Runs queued promise jobs until the queue is empty. An exception escaping a job is returned (the host reports it).
pub fn run_jobs(vm: &mut Vm) -> JsResult<()> {
    loop {
        let q = vm.realm.job_queue.as_object();
        if q.elements.is_empty() {
            return Ok(());
        }
        // Take the whole batch, then run it (jobs queued meanwhile go to the fresh queue, in order).
        let batch = vm.new_array(thin_vec::ThinVec::new());
        // SAFETY: single-threaded VM, live arrays.
        unsafe {
            let m = q.get_mut();
            let b = batch.get_mut();
            std::mem::swap(&mut m.elements, &mut b.elements);
            b.length = b.elements.len() as u32;
            m.length = 0;
        }
        let n = batch.elements.len();
        for i in 0..n {
            let job = batch.elements[i].as_object();
            let kind = el(job, 0).as_int();
            if kind == 0 {
                reaction_job(vm, el(job, 1).as_object(), el(job, 2))?;
            } else if kind == 2 {
                vm.call(el(job, 1), Value::UNDEFINED, &[])?;
            } else {
                resolve_thenable_job(vm, el(job, 1), el(job, 2), el(job, 3))?;
            }
        }
    }
}

/// Reaction records are arrays `[capability promise, resolve, reject, is_reject, handler]`.
fn reaction_job(vm: &mut Vm, reaction: Gc<JsObject>, argument: Value) -> JsResult<()> {
    let (promise, resolve, reject, is_reject, handler) =
        (el(reaction, 0), el(reaction, 1), el(reaction, 2), el(reaction, 3).as_bool(), el(reaction, 4));
    let result = if handler.is_undefined() {
        if is_reject { Err(argument) } else { Ok(argument) }
    } else {
        vm.call(handler, Value::UNDEFINED, &[argument])
    };
    if promise.is_undefined() && resolve.is_undefined() {
        return Ok(());
    }
    match result {
        Ok(v) => vm.call(resolve, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(())
}

fn resolve_thenable_job(vm: &mut Vm, promise: Value, thenable: Value, then: Value) -> JsResult<()> {
    let (res, rej) = resolving_functions(vm, promise);
    if let Err(e) = vm.call(then, thenable, &[res, rej]) {
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(())
}

fn resolving_functions(vm: &mut Vm, promise: Value) -> (Value, Value) {
    let record = vm.new_array(thin_vec::thin_vec![Value::FALSE]);
    let res = native_closure(vm, resolve_function, &[promise, Value::object(record)], 1);
    let rej = native_closure(vm, reject_function, &[promise, Value::object(record)], 1);
    (res, rej)
}

fn resolve_function(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (promise, record, resolution) = (args[0], args[1].as_object(), arg(args, 2));
    if el(record, 0).as_bool() {
        return Ok(Value::UNDEFINED);
    }
    set_el(record, 0, Value::TRUE);
    resolve_promise(vm, promise, resolution)?;
    Ok(Value::UNDEFINED)
}

/// The [[Resolve]] steps after the already-resolved check.
fn resolve_promise(vm: &mut Vm, promise: Value, resolution: Value) -> JsResult<()> {
    if resolution == promise {
        let e = vm.new_error(crate::realm::ErrorKind::TypeError, "Chaining cycle detected for promise #<Promise>");
        settle(vm, promise, e, REJECTED);
        return Ok(());
    }
    if !resolution.is_object() {
        settle(vm, promise, resolution, FULFILLED);
        return Ok(());
    }
    let then = match vm.get_v_str(resolution, "then") {
        Ok(t) => t,
        Err(e) => {
            settle(vm, promise, e, REJECTED);
            return Ok(());
        }
    };
    if !vm.is_callable(then) {
        settle(vm, promise, resolution, FULFILLED);
        return Ok(());
    }
    enqueue(vm, &[Value::int(1), promise, resolution, then]);
    Ok(())
}

fn reject_function(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (promise, record, reason) = (args[0], args[1].as_object(), arg(args, 2));
    if el(record, 0).as_bool() {
        return Ok(Value::UNDEFINED);
    }
    set_el(record, 0, Value::TRUE);
    settle(vm, promise, reason, REJECTED);
    Ok(Value::UNDEFINED)
}

/// FulfillPromise / RejectPromise: records the result and queues the reactions.
fn settle(vm: &mut Vm, promise: Value, value: Value, status: i32) {
    let Some(st) = state_of(promise) else { return };
    if el(st, STATUS).as_int() != PENDING {
        return;
    }
    let reactions = el(st, if status == FULFILLED { FULFILL_REACTIONS } else { REJECT_REACTIONS }).as_object();
    set_el(st, STATUS, Value::int(status));
    set_el(st, RESULT, value);
    let fr = vm.new_array(thin_vec::ThinVec::new());
    let rr = vm.new_array(thin_vec::ThinVec::new());
    set_el(st, FULFILL_REACTIONS, Value::object(fr));
    set_el(st, REJECT_REACTIONS, Value::object(rr));
    for i in 0..reactions.elements.len() {
        let r = reactions.elements[i];
        enqueue(vm, &[Value::int(0), r, value]);
    }
}

/// NewPromiseCapability(C): (promise, resolve, reject).
fn new_capability(vm: &mut Vm, c: Value) -> JsResult<(Value, Value, Value)> {
    if !vm.is_constructor(c) {
        return vm.throw_type("Promise resolver is not a constructor");
    }
    let record = vm.new_array(thin_vec::thin_vec![Value::UNDEFINED, Value::UNDEFINED]);
    let executor = native_closure(vm, capability_executor, &[Value::object(record)], 2);
    let p = vm.construct(c, &[executor], c)?;
    let (res, rej) = (el(record, 0), el(record, 1));
    if !vm.is_callable(res) || !vm.is_callable(rej) {
        return vm.throw_type("Promise resolve or reject function is not callable");
    }
    Ok((p, res, rej))
}

fn capability_executor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let record = args[0].as_object();
    if !el(record, 0).is_undefined() || !el(record, 1).is_undefined() {
        return vm.throw_type("Promise executor has already been invoked with non-undefined arguments");
    }
    set_el(record, 0, arg(args, 1));
    set_el(record, 1, arg(args, 2));
    Ok(Value::UNDEFINED)
}

fn promise_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Promise constructor cannot be invoked without 'new'");
    }
    let executor = arg(args, 0);
    if !vm.is_callable(executor) {
        let s = vm.to_display_string(executor);
        return vm.throw_type(&format!("Promise resolver {s} is not a function"));
    }
    let fallback = vm.realm.promise_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    let p = new_promise(vm, proto);
    let (res, rej) = resolving_functions(vm, p);
    if let Err(e) = vm.call(executor, Value::UNDEFINED, &[res, rej]) {
        vm.call(rej, Value::UNDEFINED, &[e])?;
    }
    Ok(p)
}

/// SpeciesConstructor(o, %Promise%).
fn species_constructor(vm: &mut Vm, o: Value) -> JsResult<Value> {
    let default = vm.realm.promise_constructor;
    super::util::species_constructor(vm, o, default)
}

fn perform_then(vm: &mut Vm, promise: Value, on_f: Value, on_r: Value, cap: (Value, Value, Value)) -> Value {
    let st = state_of(promise).expect("a promise");
    let on_f = if vm.is_callable(on_f) { on_f } else { Value::UNDEFINED };
    let on_r = if vm.is_callable(on_r) { on_r } else { Value::UNDEFINED };
    let fr = vm.new_array(thin_vec::thin_vec![cap.0, cap.1, cap.2, Value::FALSE, on_f]);
    let rr = vm.new_array(thin_vec::thin_vec![cap.0, cap.1, cap.2, Value::TRUE, on_r]);
    match el(st, STATUS).as_int() {
        PENDING => {
            super::util::push_internal(el(st, FULFILL_REACTIONS).as_object(), Value::object(fr));
            super::util::push_internal(el(st, REJECT_REACTIONS).as_object(), Value::object(rr));
        }
        FULFILLED => {
            let v = el(st, RESULT);
            enqueue(vm, &[Value::int(0), Value::object(fr), v]);
        }
        _ => {
            let v = el(st, RESULT);
            enqueue(vm, &[Value::int(0), Value::object(rr), v]);
        }
    }
    cap.0
}

fn then(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if state_of(this).is_none() {
        return vm.throw_type("Method Promise.prototype.then called on incompatible receiver");
    }
    let c = species_constructor(vm, this)?;
    let cap = new_capability(vm, c)?;
    Ok(perform_then(vm, this, arg(args, 0), arg(args, 1), cap))
}

fn invoke_then(vm: &mut Vm, p: Value, on_f: Value, on_r: Value) -> JsResult<Value> {
    let t = vm.get_v_str(p, "then")?;
    vm.call(t, p, &[on_f, on_r])
}

fn catch(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    invoke_then(vm, this, Value::UNDEFINED, arg(args, 0))
}

fn finally(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Method Promise.prototype.finally called on a non-object");
    }
    let c = species_constructor(vm, this)?;
    let on_finally = arg(args, 0);
    if !vm.is_callable(on_finally) {
        return invoke_then(vm, this, on_finally, on_finally);
    }
    let tf = native_closure(vm, then_finally, &[c, on_finally, Value::FALSE], 1);
    let cf = native_closure(vm, then_finally, &[c, on_finally, Value::TRUE], 1);
    invoke_then(vm, this, tf, cf)
}

/// thenFinally / catchFinally: run onFinally, wait for its result, then pass the value on (or rethrow).
fn then_finally(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (c, on_finally, is_catch, value) = (args[0], args[1], args[2].as_bool(), arg(args, 3));
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    let p = promise_resolve(vm, c, result)?;
    let thunk = native_closure(vm, value_thunk, &[value, Value::bool(is_catch)], 0);
    invoke_then(vm, p, thunk, Value::UNDEFINED)
}

fn value_thunk(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if args[1].as_bool() { Err(args[0]) } else { Ok(args[0]) }
}

/// PromiseResolve(C, x).
pub(crate) fn promise_resolve(vm: &mut Vm, c: Value, x: Value) -> JsResult<Value> {
    if state_of(x).is_some() {
        let xc = vm.get_v(x, atom(vm.atoms.constructor))?;
        if xc == c {
            return Ok(x);
        }
    }
    let (p, res, _) = new_capability(vm, c)?;
    vm.call(res, Value::UNDEFINED, &[x])?;
    Ok(p)
}

fn promise_resolve_static(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("PromiseResolve called on non-object");
    }
    promise_resolve(vm, this, arg(args, 0))
}

fn promise_reject_static(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (p, _, rej) = new_capability(vm, this)?;
    vm.call(rej, Value::UNDEFINED, &[arg(args, 0)])?;
    Ok(p)
}

/// Promise.try(callback, ...args): a promise of C settled by the callback's result or exception (ES2025).
fn promise_try(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Promise.try called on non-object");
    }
    let (p, res, rej) = new_capability(vm, this)?;
    let rest = args.get(1..).unwrap_or(&[]);
    match vm.call(arg(args, 0), Value::UNDEFINED, rest) {
        Ok(v) => vm.call(res, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(rej, Value::UNDEFINED, &[e])?,
    };
    Ok(p)
}

/// Promise.withResolvers(): `{ promise, resolve, reject }` of a new capability of C (ES2024).
fn promise_with_resolvers(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (p, res, rej) = new_capability(vm, this)?;
    let o = vm.new_object();
    for (name, v) in [("promise", p), ("resolve", res), ("reject", rej)] {
        let k = vm.key_from_str(name);
        vm.create_data_property_or_throw(o, k, v)?;
    }
    Ok(Value::object(o))
}

/// 0 all, 1 allSettled, 2 any, 3 race.
fn combinator(vm: &mut Vm, c: Value, iterable: Value, mode: u8) -> JsResult<Value> {
    let cap = new_capability(vm, c)?;
    let (p, res, rej) = cap;
    let r = (|| -> JsResult<Value> {
        let resolve_fn = vm.get_v_str(c, "resolve")?;
        require_callable(vm, resolve_fn)?;
        let values = vm.new_array(thin_vec::ThinVec::new());
        // [remaining count]
        let remaining = vm.new_array(thin_vec::thin_vec![Value::int(1)]);
        let mut index = 0u32;
        for_each_iterated(vm, iterable, |vm, next| {
            let np = vm.call(resolve_fn, c, &[next])?;
            if mode == 3 {
                invoke_then(vm, np, res, rej)?;
                return Ok(true);
            }
            vm.create_data_property_or_throw(values, PropKey::Index(index), Value::UNDEFINED)?;
            set_el(remaining, 0, Value::int(el(remaining, 0).as_int() + 1));
            let data = [Value::int(index as i32), Value::object(values), Value::object(remaining), res, rej];
            let (on_f, on_r) = match mode {
                0 => (native_closure(vm, element_fn::<0>, &data, 1), rej),
                1 => (native_closure(vm, element_fn::<1>, &data, 1), native_closure(vm, element_fn::<2>, &data, 1)),
                _ => (res, native_closure(vm, element_fn::<3>, &data, 1)),
            };
            invoke_then(vm, np, on_f, on_r)?;
            index += 1;
            Ok(true)
        })?;
        if mode != 3 {
            let left = el(remaining, 0).as_int() - 1;
            set_el(remaining, 0, Value::int(left));
            if left == 0 {
                finish(vm, mode, values, res, rej)?;
            }
        }
        Ok(p)
    })();
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            vm.call(rej, Value::UNDEFINED, &[e])?;
            Ok(p)
        }
    }
}

fn finish(vm: &mut Vm, mode: u8, values: Gc<JsObject>, res: Value, rej: Value) -> JsResult<()> {
    if mode == 2 {
        let e = super::error::new_aggregate_error(vm, values, "All promises were rejected")?;
        vm.call(rej, Value::UNDEFINED, &[e])?;
    } else {
        vm.call(res, Value::UNDEFINED, &[Value::object(values)])?;
    }
    Ok(())
}

/// Promise.all resolve element (K 0), allSettled fulfilled (1) / rejected (2), any reject element (3). Bound data:
/// [index, values, remaining, resolve, reject, (called flag appended lazily via `remaining`)].
fn element_fn<const K: u8>(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (index, values, remaining, res, rej, x) =
        (args[0].as_int() as u32, args[1].as_object(), args[2].as_object(), args[3], args[4], arg(args, 5));
    // Each element function runs at most once: remember the index in the "called" list kept after the count.
    let called = Value::int(index as i32);
    if remaining.elements[1..].contains(&called) {
        return Ok(Value::UNDEFINED);
    }
    super::util::push_internal(remaining, called);
    let v = match K {
        0 | 3 => x,
        _ => {
            let o = vm.new_object();
            let status = vm.new_string(if K == 1 { "fulfilled" } else { "rejected" });
            let sk = vm.key_from_str("status");
            vm.create_data_property_or_throw(o, sk, status)?;
            let vk = if K == 1 { atom(vm.atoms.value) } else { vm.key_from_str("reason") };
            vm.create_data_property_or_throw(o, vk, x)?;
            Value::object(o)
        }
    };
    vm.create_data_property_or_throw(values, PropKey::Index(index), v)?;
    let left = el(remaining, 0).as_int() - 1;
    set_el(remaining, 0, Value::int(left));
    if left == 0 {
        finish(vm, if K == 3 { 2 } else { 0 }, values, res, rej)?;
    }
    Ok(Value::UNDEFINED)
}

fn promise_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), 0)
}
fn promise_all_settled(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), 1)
}
fn promise_any(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), 2)
}
fn promise_race(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), 3)
}

#[cfg(test)]
mod tests {
    fn run(src: &str, check: &str) -> String {
        let mut rt = crate::Runtime::new();
        rt.eval(src).expect("script runs");
        super::run_jobs(&mut rt.vm).map_err(|_| "job threw").unwrap();
        rt.eval(check).expect("check runs")
    }

    #[test]
    fn ordering_and_chaining() {
        let src = r#"
            var log = [];
            Promise.resolve(1).then(function (v) { log.push("a" + v); return v + 1; }).then(function (v) { log.push("b" + v); });
            new Promise(function (res, rej) { rej(new Error("boom")); }).catch(function (e) { log.push(e.message); }).finally(function () { log.push("fin"); });
            Promise.resolve().then(function () { log.push("c"); });
            log.push("sync");
            Promise.all([1, Promise.resolve(2), { then: function (r) { r(3); } }]).then(function (v) { log.push("all" + v.join("")); });
            Promise.race([new Promise(function () {}), Promise.resolve("r")]).then(function (v) { log.push("race" + v); });
            Promise.allSettled([Promise.reject(1), 2]).then(function (v) { log.push(v.map(function (x) { return x.status; }).join("/")); });
            Promise.any([Promise.reject(1), Promise.reject(2)]).catch(function (e) { log.push(e.name + e.errors.length); });
            var p = Promise.resolve(5); log.push(Promise.resolve(p) === p, Object.prototype.toString.call(p), typeof p);
        "#;
        assert_eq!(
            run(src, "log.join()"),
            "sync,true,[object Promise],object,a1,boom,c,b2,fin,racer,rejected/fulfilled,AggregateError2,all123"
        );
    }
}

/// Runs test262's Promise tests with the job queue drained (the CLI does not drain it yet):
/// `TEST262_DIR=.../test262 cargo test -p tetra-vm --lib promise_test262 -- --ignored --nocapture`.
#[cfg(test)]
mod test262 {
    #[test]
    #[ignore]
    fn promise_test262() {
        let Ok(root) = std::env::var("TEST262_DIR") else {
            return;
        };
        let root = std::path::PathBuf::from(root);
        let mut files = Vec::new();
        let mut stack = vec![root.join("test/built-ins/Promise")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "js") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let harness = |n: &str| std::fs::read_to_string(root.join("harness").join(n)).unwrap_or_default();
        let (mut pass, mut fail) = (0, 0);
        for f in &files {
            let src = std::fs::read_to_string(f).unwrap();
            if src.contains("flags: [module]")
                || src.contains("Proxy")
                || src.contains("async function")
                || src.contains("=> {") && src.contains("await")
            {
                continue;
            }
            let mut pre = String::from(r#"var __out = ""; var print = function (s) { __out += String(s) + "\n"; };"#);
            pre.push('\n');
            pre += &harness("assert.js");
            pre += &harness("sta.js");
            pre += &harness("doneprintHandle.js");
            if let Some(i) = src.find("includes: [") {
                let list = &src[i + 11..];
                let list = &list[..list.find(']').unwrap_or(0)];
                for inc in list.split(',') {
                    pre += &harness(inc.trim());
                }
            }
            let strict = src.contains("onlyStrict");
            let body = if strict { format!("\"use strict\";\n{pre}\n{src}") } else { format!("{pre}\n{src}") };
            let gc_stress = std::env::var("TETRA_GC_STRESS").ok().and_then(|v| v.parse().ok());
            let mut rt = crate::Runtime::with_options(crate::Options { gc_stress, ..Default::default() });
            let r = rt.eval(&body);
            let jobs = super::run_jobs(&mut rt.vm);
            let out = rt.eval("__out").unwrap_or_default();
            let is_async = src.contains("async]") || src.contains(", async") || src.contains("[async");
            let ok = r.is_ok()
                && jobs.is_ok()
                && (!is_async || out.contains("Test262:AsyncTestComplete"))
                && !out.contains("Test262:AsyncTestFailure");
            let negative = src.contains("negative:");
            if ok != negative {
                pass += 1;
            } else {
                fail += 1;
                println!("FAIL {} {:?} {}", f.display(), r.err(), out.lines().last().unwrap_or(""));
            }
        }
        println!("promise test262: {pass} passed, {fail} failed");
    }
}
