//! %GeneratorFunction%, %GeneratorPrototype% (next, return, throw), %AsyncFunction%, and the runtime functions the
//! compiled code of generators and async functions calls (yield*, await). The frame machinery is `generator.rs`.

use super::promise;
use super::util::{atom, iter_result, to_string_tag};
use super::{arg, method};
use crate::generator::{GeneratorKind, GeneratorStatus, ResumeMode, state_of};
use crate::object::JsObject;
use crate::runtime::property::PropertyDescriptor;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;
use tetra_shapes::{Attrs, Shape};

pub fn install(vm: &mut Vm) {
    let ip = vm.realm.iterator_prototype;
    let gp = vm.new_object_with_proto(ip);
    vm.realm.generator_prototype = Value::object(gp);
    method(vm, gp, "next", generator_next, 1);
    method(vm, gp, "return", generator_return, 1);
    method(vm, gp, "throw", generator_throw, 1);
    to_string_tag(vm, gp, "Generator");
    let gfp = function_kind(vm, "GeneratorFunction", generator_function_ctor, Value::object(gp));
    vm.realm.generator_function_prototype = Value::object(gfp);
    vm.realm.generator_function_shape = Some(closure_shape(vm, gfp, true));
    let afp = function_kind(vm, "AsyncFunction", async_function_ctor, Value::UNDEFINED);
    vm.realm.async_function_prototype = Value::object(afp);
    vm.realm.async_function_shape = Some(closure_shape(vm, afp, false));
}

/// A function kind's intrinsics: %XFunction% (a constructor like Function, not a global) and %XFunction.prototype%,
/// whose `prototype` is `instances_proto` when given (generators).
pub(super) fn function_kind(vm: &mut Vm, name: &str, ctor: NativeFn, instances_proto: Value) -> Gc<JsObject> {
    let fp = vm.realm.function_prototype;
    let p = vm.new_object_with_proto(fp);
    let c = vm.new_native_function(name, ctor, 1, true);
    let function = vm.realm.function_constructor;
    vm.ordinary_set_prototype_of(c, function);
    let (pk, ck) = (atom(vm.atoms.prototype), atom(vm.atoms.constructor));
    let _ = vm.define_own_property(c, pk, PropertyDescriptor::data(Value::object(p), Attrs::NONE));
    let ro = Attrs(Attrs::CONFIGURABLE);
    let _ = vm.define_own_property(p, ck, PropertyDescriptor::data(Value::object(c), ro));
    if instances_proto.is_object() {
        let _ = vm.define_own_property(p, pk, PropertyDescriptor::data(instances_proto, ro));
        let _ = vm.define_own_property(instances_proto.as_object(), ck, PropertyDescriptor::data(Value::object(p), ro));
    }
    to_string_tag(vm, p, name);
    p
}

/// The shape of closures of a function kind: `length`, `name` and, for generator functions, `prototype`.
pub(super) fn closure_shape(vm: &mut Vm, proto: Gc<JsObject>, with_prototype: bool) -> Gc<Shape> {
    let root = vm.shapes.root(&mut vm.heap, crate::realm::proto_of(Value::object(proto)), 3);
    let (len, name, prototype) =
        (crate::atoms::key(vm.atoms.length), crate::atoms::key(vm.atoms.name), crate::atoms::key(vm.atoms.prototype));
    let ro = Attrs(Attrs::CONFIGURABLE);
    let s = Shape::add(root, &mut vm.heap, len, ro);
    let s = Shape::add(s, &mut vm.heap, name, ro);
    if with_prototype { Shape::add(s, &mut vm.heap, prototype, Attrs(Attrs::WRITABLE)) } else { s }
}

fn generator_function_ctor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::function::dynamic_function(vm, args, "function*")
}

fn async_function_ctor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::function::dynamic_function(vm, args, "async function")
}

fn generator_next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    resume(vm, this, ResumeMode::Next, arg(args, 0), "next")
}

fn generator_return(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    resume(vm, this, ResumeMode::Return, arg(args, 0), "return")
}

fn generator_throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    resume(vm, this, ResumeMode::Throw, arg(args, 0), "throw")
}

/// GeneratorResume / GeneratorResumeAbrupt.
fn resume(vm: &mut Vm, this: Value, mode: ResumeMode, value: Value, name: &str) -> JsResult<Value> {
    let g = match state_of(this) {
        Some(g) if g.kind == GeneratorKind::Sync => g,
        _ => return vm.throw_type(&format!("Generator.prototype.{name} called on incompatible receiver")),
    };
    match g.status {
        GeneratorStatus::Executing => return vm.throw_type("Generator is already running"),
        // An abrupt resumption before the body started completes the generator without running it.
        GeneratorStatus::SuspendedStart if mode != ResumeMode::Next => g.complete(),
        _ => {}
    }
    if g.status == GeneratorStatus::Completed {
        return match mode {
            ResumeMode::Next => iter_result(vm, Value::UNDEFINED, true),
            ResumeMode::Return => iter_result(vm, value, true),
            ResumeMode::Throw => Err(value),
        };
    }
    let r = vm.resume_generator(this.as_object(), mode, value)?;
    // A suspended frame returned the iterator result of its yield; a finished one its return value.
    if state_of(this).is_some_and(|g| g.status == GeneratorStatus::Completed) {
        iter_result(vm, r, true)
    } else {
        Ok(r)
    }
}

/// The mode of the last resumption of `generator`.
pub(crate) fn resume_mode(generator: Value) -> ResumeMode {
    state_of(generator).map_or(ResumeMode::Next, |g| g.mode)
}

/// GeneratorResumeAbrupt at a `yield`/`await`: rethrows a thrown-in value; true for return().
pub(crate) fn resume_abrupt(generator: Value) -> JsResult<bool> {
    let Some(g) = state_of(generator) else { return Ok(false) };
    match g.mode {
        ResumeMode::Next => Ok(false),
        ResumeMode::Return => Ok(true),
        ResumeMode::Throw => Err(g.sent),
    }
}

/// One step of `yield*`: forwards the received value to the inner iterator in the way the outer generator was
/// resumed, and returns the inner iterator result.
pub(crate) fn yield_star_step(
    vm: &mut Vm,
    iterator: Value,
    next: Value,
    mode: Value,
    received: Value,
) -> JsResult<Value> {
    let r = match mode.as_int() {
        0 => vm.call(next, iterator, &[received])?,
        2 => {
            let throw = get_method(vm, iterator, "throw")?;
            if throw.is_undefined() {
                // The delegate has no way to take the exception: close it, then report the protocol violation.
                vm.iterator_close(iterator)?;
                return vm.throw_type("The iterator does not provide a 'throw' method");
            }
            vm.call(throw, iterator, &[received])?
        }
        _ => {
            let ret = get_method(vm, iterator, "return")?;
            if ret.is_undefined() {
                return iter_result(vm, received, true);
            }
            vm.call(ret, iterator, &[received])?
        }
    };
    if !r.is_object() {
        let s = vm.describe_for_error(r);
        return vm.throw_type(&format!("Iterator result {s} is not an object"));
    }
    Ok(r)
}

/// GetMethod: undefined for a missing (null or undefined) method, a TypeError for a non-callable one.
fn get_method(vm: &mut Vm, v: Value, name: &str) -> JsResult<Value> {
    let f = vm.get_v_str(v, name)?;
    if f.is_nullish() {
        return Ok(Value::UNDEFINED);
    }
    if !vm.is_callable(f) {
        return vm.throw_type(&format!("The iterator's '{name}' method is not callable"));
    }
    Ok(f)
}

/// Await(value) in the async function activation `generator`: resumes it when the promise for `value` settles.
pub(crate) fn async_function_await(vm: &mut Vm, generator: Value, value: Value) -> JsResult<Value> {
    let c = vm.realm.promise_constructor;
    let p = promise::promise_resolve(vm, c, value)?;
    let on_fulfilled = super::util::native_closure(vm, await_fulfilled, &[generator], 1);
    let on_rejected = super::util::native_closure(vm, await_rejected, &[generator], 1);
    promise::perform_then_without_capability(vm, p, on_fulfilled, on_rejected);
    let Some(g) = state_of(generator) else { return Ok(Value::UNDEFINED) };
    // An async generator's activation keeps running for its request: the queue waits for it.
    g.in_await = g.kind == GeneratorKind::AsyncGenerator;
    Ok(g.promise)
}

fn await_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    continue_async(vm, args[0], ResumeMode::Next, arg(args, 1))
}

fn await_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    continue_async(vm, args[0], ResumeMode::Throw, arg(args, 1))
}

fn continue_async(vm: &mut Vm, generator: Value, mode: ResumeMode, value: Value) -> JsResult<Value> {
    // The body's own handler turns its exceptions into a rejection; what escapes is an exception the activation
    // could not even start with (native stack exhausted), which rejects the promise too.
    let Some(g) = state_of(generator) else { return Ok(Value::UNDEFINED) };
    if g.kind == GeneratorKind::AsyncGenerator {
        g.in_await = false;
        if let Err(e) = vm.resume_generator(generator.as_object(), mode, value) {
            super::async_generator::reject(vm, generator, e);
        }
        super::async_generator::drain(vm, generator);
        return Ok(Value::UNDEFINED);
    }
    if let Err(e) = vm.resume_generator(generator.as_object(), mode, value) {
        async_function_reject(vm, generator, e);
    }
    Ok(Value::UNDEFINED)
}

pub(crate) fn async_function_resolve(vm: &mut Vm, generator: Value, value: Value) -> Value {
    let Some(g) = state_of(generator) else { return Value::UNDEFINED };
    let p = g.promise;
    g.complete();
    promise::resolve_intrinsic(vm, p, value);
    p
}

pub(crate) fn async_function_reject(vm: &mut Vm, generator: Value, reason: Value) -> Value {
    let Some(g) = state_of(generator) else { return Value::UNDEFINED };
    let p = g.promise;
    g.complete();
    promise::reject_intrinsic(vm, p, reason);
    p
}
