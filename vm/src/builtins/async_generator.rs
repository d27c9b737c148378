//! Async iteration: %AsyncIteratorPrototype%, %AsyncGeneratorFunction%, %AsyncGeneratorPrototype% (next, return,
//! throw) with the request queue that drives an async generator, %AsyncFromSyncIteratorPrototype%, and the
//! runtime functions the compiled code of async generators and `for await` calls.
//!
//! Invariants:
//! - An async generator's activation runs only for the request at the head of its queue: `drain` resumes it when
//!   it is suspended (at its start or a `yield`) and not awaiting; an `await` resumes it from a promise job
//!   (`generator.rs`'s machinery, as async functions), after which the queue is drained again.
//! - The head request is answered by the body: `yield` (AsyncGeneratorYield, after awaiting the value) with
//!   `{ value, done: false }`, the return (AsyncGeneratorResolve) with `done: true`, an escaping exception
//!   (AsyncGeneratorReject) with a rejection; the last two complete the generator. Requests that arrive at a
//!   completed generator are answered by `drain` itself (a return() awaits its value first: AwaitingReturn).

use super::promise;
use super::util::{iter_result, native_closure, return_this, sym_method, to_string_tag};
use super::{arg, method};
use crate::generator::{AsyncRequest, GeneratorKind, GeneratorStatus, ResumeMode, state_of};
use crate::object::{InternalClass, ObjectKind, internal_data};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let aip = vm.new_object_with_proto(op);
    let sai = vm.atoms.sym_async_iterator;
    sym_method(vm, aip, sai, "[Symbol.asyncIterator]", return_this, 0, Attrs::HIDDEN);
    vm.realm.async_iterator_prototype = Value::object(aip);

    let agp = vm.new_object_with_proto(Value::object(aip));
    method(vm, agp, "next", async_generator_next, 1);
    method(vm, agp, "return", async_generator_return, 1);
    method(vm, agp, "throw", async_generator_throw, 1);
    to_string_tag(vm, agp, "AsyncGenerator");
    vm.realm.async_generator_prototype = Value::object(agp);
    let agfp = super::generator::function_kind(
        vm,
        "AsyncGeneratorFunction",
        async_generator_function_ctor,
        Value::object(agp),
    );
    vm.realm.async_generator_function_prototype = Value::object(agfp);
    vm.realm.async_generator_function_shape = Some(super::generator::closure_shape(vm, agfp, true));

    let afs = vm.new_object_with_proto(Value::object(aip));
    method(vm, afs, "next", from_sync_next, 1);
    method(vm, afs, "return", from_sync_return, 1);
    method(vm, afs, "throw", from_sync_throw, 1);
    vm.realm.async_from_sync_iterator_prototype = Value::object(afs);
}

fn async_generator_function_ctor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::function::dynamic_function(vm, args, "async function*")
}

fn async_generator_next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Next, arg(args, 0), "next")
}

fn async_generator_return(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Return, arg(args, 0), "return")
}

fn async_generator_throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Throw, arg(args, 0), "throw")
}

/// AsyncGeneratorEnqueue: the request's promise; a receiver that is no async generator rejects it.
pub(crate) fn enqueue(vm: &mut Vm, this: Value, mode: ResumeMode, value: Value, name: &str) -> JsResult<Value> {
    let p = promise::new_intrinsic_promise(vm);
    let Some(g) = state_of(this).filter(|g| g.kind == GeneratorKind::AsyncGenerator) else {
        let e = vm.new_error(
            crate::realm::ErrorKind::TypeError,
            &format!("AsyncGenerator.prototype.{name} called on incompatible receiver"),
        );
        promise::reject_intrinsic(vm, p, e);
        return Ok(p);
    };
    g.queue.push_back(AsyncRequest { mode, value, promise: p });
    drain(vm, this);
    Ok(p)
}

/// Answers or runs the queued requests until the activation is busy (running, awaiting) or the queue is empty.
pub(crate) fn drain(vm: &mut Vm, generator: Value) {
    loop {
        let Some(g) = state_of(generator) else { return };
        if g.in_await || matches!(g.status, GeneratorStatus::Executing | GeneratorStatus::AwaitingReturn) {
            return;
        }
        let Some(req) = g.queue.front().copied() else { return };
        if req.mode != ResumeMode::Next && g.status == GeneratorStatus::SuspendedStart {
            g.complete();
        }
        if g.status == GeneratorStatus::Completed {
            match req.mode {
                ResumeMode::Next => answer(vm, generator, Ok((Value::UNDEFINED, true))),
                ResumeMode::Throw => answer(vm, generator, Err(req.value)),
                ResumeMode::Return => {
                    g.status = GeneratorStatus::AwaitingReturn;
                    await_return(vm, generator, req.value);
                    return;
                }
            }
            continue;
        }
        if let Err(e) = vm.resume_generator(generator.as_object(), req.mode, req.value) {
            // An exception the body could not handle itself (the native stack was exhausted at its resumption).
            reject(vm, generator, e);
        }
    }
}

/// Settles the head request's promise: an iterator result, or a rejection.
fn answer(vm: &mut Vm, generator: Value, r: Result<(Value, bool), Value>) {
    let Some(req) = state_of(generator).and_then(|g| g.queue.pop_front()) else { return };
    match r {
        Ok((value, done)) => match iter_result(vm, value, done) {
            Ok(result) => promise::resolve_intrinsic(vm, req.promise, result),
            Err(e) => promise::reject_intrinsic(vm, req.promise, e),
        },
        Err(e) => promise::reject_intrinsic(vm, req.promise, e),
    }
}

/// AsyncGeneratorAwaitReturn: the return() request of a completed generator is answered with its awaited value.
fn await_return(vm: &mut Vm, generator: Value, value: Value) {
    let c = vm.realm.promise_constructor;
    match promise::promise_resolve(vm, c, value) {
        Ok(p) => {
            let on_fulfilled = native_closure(vm, return_fulfilled, &[generator], 1);
            let on_rejected = native_closure(vm, return_rejected, &[generator], 1);
            promise::perform_then_without_capability(vm, p, on_fulfilled, on_rejected);
        }
        Err(e) => {
            return_settled(vm, generator, Err(e));
        }
    }
}

fn return_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    return_settled(vm, args[0], Ok((arg(args, 1), true)));
    Ok(Value::UNDEFINED)
}

fn return_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    return_settled(vm, args[0], Err(arg(args, 1)));
    Ok(Value::UNDEFINED)
}

fn return_settled(vm: &mut Vm, generator: Value, r: Result<(Value, bool), Value>) {
    if let Some(g) = state_of(generator) {
        g.status = GeneratorStatus::Completed;
    }
    answer(vm, generator, r);
    drain(vm, generator);
}

/// The body's `yield` of an awaited value: answers the head request (the activation then suspends).
pub(crate) fn yield_value(vm: &mut Vm, generator: Value, value: Value) {
    answer(vm, generator, Ok((value, false)));
}

/// The body returned `value`: the generator completes and the head request gets `{ value, done: true }`.
pub(crate) fn resolve(vm: &mut Vm, generator: Value, value: Value) {
    if let Some(g) = state_of(generator) {
        g.complete();
    }
    answer(vm, generator, Ok((value, true)));
}

/// An exception escaped the body: the generator completes and the head request is rejected.
pub(crate) fn reject(vm: &mut Vm, generator: Value, reason: Value) {
    if let Some(g) = state_of(generator) {
        g.complete();
    }
    answer(vm, generator, Err(reason));
}

// ---------------------------------------------------------------------------------------------- for await

/// GetIterator(obj, async): its @@asyncIterator, or its sync iterator wrapped (CreateAsyncFromSyncIterator).
pub(crate) fn get_async_iterator(vm: &mut Vm, obj: Value) -> JsResult<Value> {
    let sai = vm.atoms.sym_async_iterator;
    let m = get_method(vm, obj, sai)?;
    if !m.is_undefined() {
        let it = vm.call(m, obj, &[])?;
        if !it.is_object() {
            return vm.throw_type("Result of the Symbol.asyncIterator method is not an object");
        }
        return Ok(it);
    }
    let si = vm.atoms.sym_iterator;
    let m = get_method(vm, obj, si)?;
    if m.is_undefined() {
        let s = vm.describe_for_error(obj);
        return vm.throw_type(&format!("{s} is not async iterable"));
    }
    let it = vm.call(m, obj, &[])?;
    if !it.is_object() {
        return vm.throw_type("Result of the Symbol.iterator method is not an object");
    }
    let next = vm.get_v_str(it, "next")?;
    let record = vm.new_array(thin_vec::ThinVec::from(&[it, next][..]));
    let proto = vm.realm.async_from_sync_iterator_prototype;
    let kind = ObjectKind::Internal { class: InternalClass::AsyncFromSyncIterator, data: Value::object(record) };
    Ok(Value::object(vm.new_object_kind(proto, kind, 0)))
}

/// GetMethod(v, key): undefined for null or undefined, a TypeError for anything else not callable.
fn get_method(vm: &mut Vm, v: Value, key: Value) -> JsResult<Value> {
    let k = vm.to_property_key(key)?;
    let f = vm.get_v(v, k)?;
    if f.is_nullish() {
        return Ok(Value::UNDEFINED);
    }
    if !vm.is_callable(f) {
        let n = vm.to_display_string(key);
        return vm.throw_type(&format!("{n} is not a function"));
    }
    Ok(f)
}

/// The `return` method of an iterator being closed (AsyncIteratorClose), or undefined.
pub(crate) fn iterator_return_method(vm: &mut Vm, iterator: Value) -> JsResult<Value> {
    let r = vm.atoms.return_;
    get_method(vm, iterator, r)
}

/// One step of `yield*` in an async generator (see `RuntimeId::AsyncYieldStarStep`).
pub(crate) fn yield_star_step(
    vm: &mut Vm,
    iterator: Value,
    next: Value,
    mode: Value,
    received: Value,
) -> JsResult<Value> {
    match mode.as_int() {
        0 => vm.call(next, iterator, &[received]),
        2 => {
            let throw = vm.intern("throw");
            let m = get_method(vm, iterator, Value::string(throw))?;
            if m.is_undefined() {
                return Ok(Value::HOLE);
            }
            vm.call(m, iterator, &[received])
        }
        _ => {
            let m = iterator_return_method(vm, iterator)?;
            if m.is_undefined() {
                return Ok(Value::HOLE);
            }
            vm.call(m, iterator, &[received])
        }
    }
}

// ------------------------------------------------------------------------------- %AsyncFromSyncIteratorPrototype%

/// The wrapped sync iterator and its `next` method of an AsyncFromSyncIterator.
fn sync_record(this: Value) -> Option<(Value, Value)> {
    let data = internal_data(this, InternalClass::AsyncFromSyncIterator)?;
    let e = &data.as_object().elements;
    Some((e[0], e[1]))
}

fn from_sync_next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = promise::new_intrinsic_promise(vm);
    let Some((it, next)) = sync_record(this) else { return Ok(p) };
    let r = if args.is_empty() { vm.call(next, it, &[]) } else { vm.call(next, it, &[args[0]]) };
    continuation(vm, p, r, it, true);
    Ok(p)
}

fn from_sync_return(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = promise::new_intrinsic_promise(vm);
    let Some((it, _)) = sync_record(this) else { return Ok(p) };
    let ret = match iterator_return_method(vm, it) {
        Ok(m) => m,
        Err(e) => {
            promise::reject_intrinsic(vm, p, e);
            return Ok(p);
        }
    };
    if ret.is_undefined() {
        let r = iter_result(vm, arg(args, 0), true)?;
        promise::resolve_intrinsic(vm, p, r);
        return Ok(p);
    }
    let r = if args.is_empty() { vm.call(ret, it, &[]) } else { vm.call(ret, it, &[args[0]]) };
    continuation(vm, p, r, it, false);
    Ok(p)
}

fn from_sync_throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = promise::new_intrinsic_promise(vm);
    let Some((it, _)) = sync_record(this) else { return Ok(p) };
    let throw = vm.intern("throw");
    let th = match get_method(vm, it, Value::string(throw)) {
        Ok(m) => m,
        Err(e) => {
            promise::reject_intrinsic(vm, p, e);
            return Ok(p);
        }
    };
    if th.is_undefined() {
        // The protocol is broken: the sync iterator is closed, then the promise rejects with a TypeError.
        let closed = iterator_return_method(vm, it).and_then(|ret| {
            if ret.is_undefined() {
                return Ok(());
            }
            let r = vm.call(ret, it, &[])?;
            if !r.is_object() {
                return vm.throw_type("Iterator result is not an object");
            }
            Ok(())
        });
        let e = match closed {
            Err(e) => e,
            Ok(()) => {
                vm.new_error(crate::realm::ErrorKind::TypeError, "The iterator does not provide a 'throw' method")
            }
        };
        promise::reject_intrinsic(vm, p, e);
        return Ok(p);
    }
    let r = vm.call(th, it, &[arg(args, 0)]);
    continuation(vm, p, r, it, true);
    Ok(p)
}

/// AsyncFromSyncIteratorContinuation: settles `p` with the awaited value of the sync result `r`; a rejected value
/// closes the sync iterator first when `close_on_rejection` (and it is not done).
fn continuation(vm: &mut Vm, p: Value, r: JsResult<Value>, it: Value, close_on_rejection: bool) {
    let step = (|| -> JsResult<(Value, bool)> {
        let r = r?;
        if !r.is_object() {
            return vm.throw_type("Iterator result is not an object");
        }
        let done = vm.get_v_str(r, "done")?;
        let done = crate::runtime::convert::to_boolean(done);
        let value = vm.get_v_str(r, "value")?;
        Ok((value, done))
    })();
    let (value, done) = match step {
        Ok(s) => s,
        Err(e) => return promise::reject_intrinsic(vm, p, e),
    };
    let c = vm.realm.promise_constructor;
    let wrapper = match promise::promise_resolve(vm, c, value) {
        Ok(w) => w,
        Err(e) => {
            if !done && close_on_rejection {
                let _ = close_sync(vm, it);
            }
            return promise::reject_intrinsic(vm, p, e);
        }
    };
    let close = Value::bool(!done && close_on_rejection);
    let on_fulfilled = native_closure(vm, unwrap_fulfilled, &[p, Value::bool(done)], 1);
    let on_rejected = native_closure(vm, unwrap_rejected, &[p, it, close], 1);
    promise::perform_then_without_capability(vm, wrapper, on_fulfilled, on_rejected);
}

fn close_sync(vm: &mut Vm, it: Value) -> JsResult<()> {
    let ret = iterator_return_method(vm, it)?;
    if !ret.is_undefined() {
        vm.call(ret, it, &[])?;
    }
    Ok(())
}

fn unwrap_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (p, done) = (args[0], crate::runtime::convert::to_boolean(args[1]));
    let r = iter_result(vm, arg(args, 2), done)?;
    promise::resolve_intrinsic(vm, p, r);
    Ok(Value::UNDEFINED)
}

fn unwrap_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (p, it, close) = (args[0], args[1], crate::runtime::convert::to_boolean(args[2]));
    let reason = arg(args, 3);
    if close {
        // A failure to close is dropped: the rejection of the value wins.
        let _ = close_sync(vm, it);
    }
    promise::reject_intrinsic(vm, p, reason);
    Ok(Value::UNDEFINED)
}
