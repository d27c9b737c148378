//! The global `Iterator` (ES2025 iterator helpers): the abstract constructor, `Iterator.from` with
//! %WrapForValidIteratorPrototype%, the accessors `constructor` and `@@toStringTag` of %Iterator.prototype%, its
//! lazy methods (`map`, `filter`, `take`, `drop`, `flatMap`, returning Iterator Helper objects) and its eager ones
//! (`reduce`, `toArray`, `forEach`, `some`, `every`, `find`).
//!
//! The spec writes each lazy method as an abstract closure run by a generator. Here an Iterator Helper is a native
//! state machine instead: an `ObjectKind::Internal { class: IteratorHelper }` whose data object holds the generator
//! state, the underlying iterator record, the callback and a counter, and `next` runs one step of the closure up to
//! its next Yield. The generator states are kept exactly, since they are observable: a `next` or `return` that
//! re-enters a running helper throws, and `return` on a helper that never started closes the underlying iterator
//! without running anything.

use super::util::{accessor, atom, constructor, iter_result, push_internal, to_string_tag};
use super::{arg, method};
use crate::object::{InternalClass, JsObject, ObjectKind, internal_data};
use crate::runtime::convert::to_boolean;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;

pub fn install(vm: &mut Vm) {
    let ip = vm.realm.iterator_prototype;
    let c = constructor(vm, "Iterator", iterator_ctor, 0, ip);
    vm.realm.iterator_constructor = Value::object(c);
    method(vm, c, "from", iterator_from, 1);

    let p = ip.as_object();
    // Both are accessors (not data properties) so that assigning them on an iterator that inherits them still
    // works as for an ordinary data property, while %Iterator.prototype% itself stays unchanged.
    let ck = atom(vm.atoms.constructor);
    accessor(vm, p, ck, "constructor", constructor_get, Some(constructor_set));
    let tk = atom(vm.atoms.sym_to_string_tag);
    accessor(vm, p, tk, "[Symbol.toStringTag]", to_string_tag_get, Some(to_string_tag_set));
    let lazy: [(&str, NativeFn); 5] =
        [("map", map), ("filter", filter), ("take", take), ("drop", drop), ("flatMap", flat_map)];
    let eager: [(&str, NativeFn, u32); 6] = [
        ("reduce", reduce, 1),
        ("toArray", to_array, 0),
        ("forEach", for_each, 1),
        ("some", some, 1),
        ("every", every, 1),
        ("find", find, 1),
    ];
    for (name, f) in lazy {
        method(vm, p, name, f, 1);
    }
    for (name, f, len) in eager {
        method(vm, p, name, f, len);
    }

    let hp = vm.new_object_with_proto(ip);
    method(vm, hp, "next", helper_next, 0);
    method(vm, hp, "return", helper_return, 0);
    to_string_tag(vm, hp, "Iterator Helper");
    vm.realm.iterator_helper_prototype = Value::object(hp);

    let wp = vm.new_object_with_proto(ip);
    method(vm, wp, "next", wrap_next, 0);
    method(vm, wp, "return", wrap_return, 0);
    vm.realm.wrap_for_valid_iterator_prototype = Value::object(wp);
}

/// An Iterator Record: the iterator and the `next` method read once when iteration starts.
pub(super) struct IteratorRecord {
    pub(super) iterator: Value,
    pub(super) next: Value,
}

impl IteratorRecord {
    /// GetIteratorDirect(obj).
    pub(super) fn direct(vm: &mut Vm, iterator: Value) -> JsResult<IteratorRecord> {
        let next = vm.get_v(iterator, atom(vm.atoms.next))?;
        Ok(IteratorRecord { iterator, next })
    }

    /// The next iterator result object, or None when it says done (IteratorStep).
    fn step_result(&self, vm: &mut Vm) -> JsResult<Option<Value>> {
        let r = vm.call(self.next, self.iterator, &[])?;
        if !r.is_object() {
            let s = vm.describe_for_error(r);
            return vm.throw_type(&format!("Iterator result {s} is not an object"));
        }
        let done = vm.get_v(r, atom(vm.atoms.done))?;
        Ok(if to_boolean(done) { None } else { Some(r) })
    }

    /// IteratorStepValue.
    pub(super) fn step_value(&self, vm: &mut Vm) -> JsResult<Option<Value>> {
        match self.step_result(vm)? {
            Some(r) => Ok(Some(vm.get_v(r, atom(vm.atoms.value))?)),
            None => Ok(None),
        }
    }

    /// IteratorClose for a normal (or return) completion: errors of `return` and a non-object result propagate.
    pub(super) fn close(&self, vm: &mut Vm) -> JsResult<()> {
        vm.iterator_close(self.iterator)
    }
}

/// IteratorClose(iterator, throw completion): `return` is called, anything it throws is dropped for `error`.
fn close_throwing<T>(vm: &mut Vm, iterator: Value, error: Value) -> JsResult<T> {
    let _ = vm.iterator_close(iterator);
    Err(error)
}

/// IfAbruptCloseIterator: on an error, closes `iterator` and rethrows.
fn close_if_abrupt<T>(vm: &mut Vm, iterator: Value, r: JsResult<T>) -> JsResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => close_throwing(vm, iterator, e),
    }
}

/// GetIteratorFlattenable(obj, iterate-string-primitives when `strings`, else reject-primitives).
fn get_iterator_flattenable(vm: &mut Vm, obj: Value, strings: bool) -> JsResult<IteratorRecord> {
    let iterable = obj.is_object() || (strings && obj.is_string());
    if !iterable {
        let s = vm.describe_for_error(obj);
        return vm.throw_type(&format!("{s} is not an object"));
    }
    let method = vm.get_v(obj, atom(vm.atoms.sym_iterator))?;
    let iterator = if method.is_nullish() {
        obj
    } else if vm.is_callable(method) {
        vm.call(method, obj, &[])?
    } else {
        return vm.throw_type("The value's Symbol.iterator method is not callable");
    };
    if !iterator.is_object() {
        return vm.throw_type("Result of the Symbol.iterator method is not an object");
    }
    IteratorRecord::direct(vm, iterator)
}

fn iterator_ctor(vm: &mut Vm, _: Value, _: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() || nt == vm.realm.iterator_constructor {
        return vm.throw_type("Abstract class Iterator not directly constructable");
    }
    let fallback = vm.realm.iterator_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(vm.new_object_with_proto(proto)))
}

/// Iterator.from(O): O itself when it already inherits from %Iterator.prototype%, else a wrapper that forwards
/// `next` and `return` to it.
fn iterator_from(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let rec = get_iterator_flattenable(vm, arg(args, 0), true)?;
    let c = vm.realm.iterator_constructor;
    if vm.ordinary_has_instance(c, rec.iterator)? {
        return Ok(rec.iterator);
    }
    let data = internal_list(vm, &[rec.iterator, rec.next]);
    let proto = vm.realm.wrap_for_valid_iterator_prototype;
    let w = vm.new_object_kind(proto, ObjectKind::Internal { class: InternalClass::WrappedIterator, data }, 0);
    Ok(Value::object(w))
}

/// An internal object (never visible to JS) holding `values` as its elements.
fn internal_list(vm: &mut Vm, values: &[Value]) -> Value {
    let o = vm.new_object_kind(Value::NULL, ObjectKind::Ordinary, 0);
    // SAFETY: single-threaded VM, fresh object no one else holds.
    unsafe { o.get_mut().elements = values.iter().copied().collect() };
    Value::object(o)
}

fn wrapped(vm: &mut Vm, this: Value, name: &str) -> JsResult<Gc<JsObject>> {
    match internal_data(this, InternalClass::WrappedIterator) {
        Some(d) => Ok(d.as_object()),
        None => vm.throw_type(&format!("%WrapForValidIteratorPrototype%.{name} called on incompatible receiver")),
    }
}

fn wrap_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let d = wrapped(vm, this, "next")?;
    let (iterator, next) = (d.elements[0], d.elements[1]);
    vm.call(next, iterator, &[])
}

fn wrap_return(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let d = wrapped(vm, this, "return")?;
    let iterator = d.elements[0];
    let ret = vm.get_v(iterator, atom(vm.atoms.return_))?;
    if ret.is_nullish() {
        return iter_result(vm, Value::UNDEFINED, true);
    }
    vm.call(ret, iterator, &[])
}

fn constructor_get(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(vm.realm.iterator_constructor)
}

fn constructor_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let k = atom(vm.atoms.constructor);
    setter_that_ignores_prototype_properties(vm, this, k, arg(args, 0))
}

fn to_string_tag_get(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(vm.new_string("Iterator"))
}

fn to_string_tag_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let k = atom(vm.atoms.sym_to_string_tag);
    setter_that_ignores_prototype_properties(vm, this, k, arg(args, 0))
}

/// SetterThatIgnoresPrototypeProperties(this, %Iterator.prototype%, p, v): an assignment through the inherited
/// accessor defines (or sets) the property on the receiver; on %Iterator.prototype% itself it is an error.
fn setter_that_ignores_prototype_properties(vm: &mut Vm, this: Value, k: PropKey, v: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Iterator.prototype setter called on non-object");
    }
    if this == vm.realm.iterator_prototype {
        return vm.throw_type("Cannot assign to this property of Iterator.prototype");
    }
    let o = this.as_object();
    if vm.get_own_property(o, k)?.is_none() {
        vm.create_data_property_or_throw(o, k, v)?;
    } else {
        vm.set_v(this, k, v, true)?;
    }
    Ok(Value::UNDEFINED)
}

/// The receiver check all the prototype methods start with.
fn this_object(vm: &mut Vm, this: Value, name: &str) -> JsResult<Value> {
    if this.is_object() { Ok(this) } else { vm.throw_type(&format!("Iterator.prototype.{name} called on non-object")) }
}

/// The callback check of the methods that take one: a non-callable closes the receiver (as an iterator whose
/// `next` was not read yet) before the TypeError.
fn callable_or_close(vm: &mut Vm, this: Value, f: Value) -> JsResult<()> {
    if vm.is_callable(f) {
        return Ok(());
    }
    let s = vm.describe_for_error(f);
    let error = vm.new_error(crate::realm::ErrorKind::TypeError, &format!("{s} is not a function"));
    close_throwing(vm, this, error)
}

// The Iterator Helper state machine. Data elements:
const KIND: usize = 0;
const STATE: usize = 1;
const ITERATOR: usize = 2;
const NEXT: usize = 3;
/// The mapper or predicate (map, filter, flatMap).
const FUNC: usize = 4;
/// The counter passed to the callback, or the remaining limit of take/drop (a Number: it may be +Infinity).
const COUNT: usize = 5;
/// flatMap: the inner iterator being flattened and its `next` (undefined between inner iterators).
const INNER: usize = 6;
const INNER_NEXT: usize = 7;

const MAX_SAFE_INTEGER: f64 = 9007199254740991.0;

const MAP: i32 = 0;
const FILTER: i32 = 1;
const TAKE: i32 = 2;
const DROP: i32 = 3;
const FLAT_MAP: i32 = 4;

// [[GeneratorState]].
const SUSPENDED_START: i32 = 0;
const SUSPENDED_YIELD: i32 = 1;
const EXECUTING: i32 = 2;
const COMPLETED: i32 = 3;

fn new_helper(vm: &mut Vm, kind: i32, rec: IteratorRecord, func: Value, count: f64) -> Value {
    let u = Value::UNDEFINED;
    let data = internal_list(
        vm,
        &[Value::int(kind), Value::int(SUSPENDED_START), rec.iterator, rec.next, func, Value::number(count), u, u],
    );
    let proto = vm.realm.iterator_helper_prototype;
    Value::object(vm.new_object_kind(proto, ObjectKind::Internal { class: InternalClass::IteratorHelper, data }, 0))
}

fn get(h: Gc<JsObject>, i: usize) -> Value {
    h.elements[i]
}

fn put(h: Gc<JsObject>, i: usize, v: Value) {
    // SAFETY: single-threaded VM; `h` is the live data object of a helper the caller holds.
    unsafe { h.get_mut().elements[i] = v };
}

fn helper(vm: &mut Vm, this: Value, name: &str) -> JsResult<Gc<JsObject>> {
    match internal_data(this, InternalClass::IteratorHelper) {
        Some(d) => Ok(d.as_object()),
        None => vm.throw_type(&format!("Iterator Helper.prototype.{name} called on incompatible receiver")),
    }
}

fn underlying(h: Gc<JsObject>) -> IteratorRecord {
    IteratorRecord { iterator: get(h, ITERATOR), next: get(h, NEXT) }
}

/// %IteratorHelperPrototype%.next: GeneratorResume.
fn helper_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let h = helper(vm, this, "next")?;
    match get(h, STATE).as_int() {
        EXECUTING => return vm.throw_type("Iterator Helper is already running"),
        COMPLETED => return iter_result(vm, Value::UNDEFINED, true),
        _ => {}
    }
    put(h, STATE, Value::int(EXECUTING));
    let r = match get(h, KIND).as_int() {
        MAP => map_step(vm, h),
        FILTER => filter_step(vm, h),
        TAKE => take_step(vm, h),
        DROP => drop_step(vm, h),
        _ => flat_map_step(vm, h),
    };
    match r {
        Ok(Some(v)) => {
            put(h, STATE, Value::int(SUSPENDED_YIELD));
            iter_result(vm, v, false)
        }
        Ok(None) => {
            put(h, STATE, Value::int(COMPLETED));
            iter_result(vm, Value::UNDEFINED, true)
        }
        Err(e) => {
            put(h, STATE, Value::int(COMPLETED));
            Err(e)
        }
    }
}

/// %IteratorHelperPrototype%.return: closes the underlying iterator (for flatMap, the inner one first) as the
/// closure does when its Yield receives a return completion.
fn helper_return(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let h = helper(vm, this, "return")?;
    match get(h, STATE).as_int() {
        SUSPENDED_START => {
            put(h, STATE, Value::int(COMPLETED));
            underlying(h).close(vm)?;
            return iter_result(vm, Value::UNDEFINED, true);
        }
        EXECUTING => return vm.throw_type("Iterator Helper is already running"),
        COMPLETED => return iter_result(vm, Value::UNDEFINED, true),
        _ => {}
    }
    put(h, STATE, Value::int(EXECUTING));
    let outer = get(h, ITERATOR);
    let inner = get(h, INNER);
    let r = if inner.is_object() {
        match vm.iterator_close(inner) {
            Ok(()) => vm.iterator_close(outer),
            Err(e) => close_throwing(vm, outer, e),
        }
    } else {
        vm.iterator_close(outer)
    };
    put(h, STATE, Value::int(COMPLETED));
    r?;
    iter_result(vm, Value::UNDEFINED, true)
}

/// Passes `value` and the counter to the helper's callback, then counts; an error closes the underlying iterator.
fn call_counted(vm: &mut Vm, h: Gc<JsObject>, value: Value) -> JsResult<Value> {
    let counter = get(h, COUNT);
    let r = vm.call(get(h, FUNC), Value::UNDEFINED, &[value, counter]);
    let r = close_if_abrupt(vm, get(h, ITERATOR), r)?;
    put(h, COUNT, Value::number(counter.as_number() + 1.0));
    Ok(r)
}

fn map_step(vm: &mut Vm, h: Gc<JsObject>) -> JsResult<Option<Value>> {
    let Some(v) = underlying(h).step_value(vm)? else { return Ok(None) };
    call_counted(vm, h, v).map(Some)
}

fn filter_step(vm: &mut Vm, h: Gc<JsObject>) -> JsResult<Option<Value>> {
    loop {
        let Some(v) = underlying(h).step_value(vm)? else { return Ok(None) };
        if to_boolean(call_counted(vm, h, v)?) {
            return Ok(Some(v));
        }
    }
}

fn take_step(vm: &mut Vm, h: Gc<JsObject>) -> JsResult<Option<Value>> {
    let remaining = get(h, COUNT).as_number();
    if remaining == 0.0 {
        underlying(h).close(vm)?;
        return Ok(None);
    }
    if remaining != f64::INFINITY {
        put(h, COUNT, Value::number(remaining - 1.0));
    }
    underlying(h).step_value(vm)
}

fn drop_step(vm: &mut Vm, h: Gc<JsObject>) -> JsResult<Option<Value>> {
    let rec = underlying(h);
    let mut remaining = get(h, COUNT).as_number();
    while remaining > 0.0 {
        if remaining != f64::INFINITY {
            remaining -= 1.0;
            put(h, COUNT, Value::number(remaining));
        }
        if rec.step_result(vm)?.is_none() {
            return Ok(None);
        }
    }
    rec.step_value(vm)
}

fn flat_map_step(vm: &mut Vm, h: Gc<JsObject>) -> JsResult<Option<Value>> {
    loop {
        let inner = get(h, INNER);
        if inner.is_object() {
            let rec = IteratorRecord { iterator: inner, next: get(h, INNER_NEXT) };
            let r = rec.step_value(vm);
            match close_if_abrupt(vm, get(h, ITERATOR), r)? {
                Some(v) => return Ok(Some(v)),
                None => {
                    put(h, INNER, Value::UNDEFINED);
                    put(h, INNER_NEXT, Value::UNDEFINED);
                }
            }
        }
        let Some(v) = underlying(h).step_value(vm)? else { return Ok(None) };
        let mapped = call_counted(vm, h, v)?;
        let r = get_iterator_flattenable(vm, mapped, false);
        let rec = close_if_abrupt(vm, get(h, ITERATOR), r)?;
        put(h, INNER, rec.iterator);
        put(h, INNER_NEXT, rec.next);
    }
}

/// map, filter and flatMap: check the callback (closing the receiver if it is not callable), then wrap.
fn lazy_with_callback(vm: &mut Vm, this: Value, args: &[Value], kind: i32, name: &str) -> JsResult<Value> {
    let o = this_object(vm, this, name)?;
    let f = arg(args, 0);
    callable_or_close(vm, o, f)?;
    let rec = IteratorRecord::direct(vm, o)?;
    Ok(new_helper(vm, kind, rec, f, 0.0))
}

fn map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lazy_with_callback(vm, this, args, MAP, "map")
}

fn filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lazy_with_callback(vm, this, args, FILTER, "filter")
}

fn flat_map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lazy_with_callback(vm, this, args, FLAT_MAP, "flatMap")
}

/// take and drop: ToNumber(limit) (closing the receiver if it throws), a RangeError for NaN, a finite limit above
/// 2^53 - 1 or a negative one (closing the receiver too), then ToIntegerOrInfinity.
fn lazy_with_limit(vm: &mut Vm, this: Value, args: &[Value], kind: i32, name: &str) -> JsResult<Value> {
    let o = this_object(vm, this, name)?;
    let r = vm.to_number(arg(args, 0));
    let num = close_if_abrupt(vm, o, r)?;
    let problem = if num.is_nan() {
        Some("a number")
    } else if num.is_finite() && num > MAX_SAFE_INTEGER {
        Some("at most 2^53 - 1")
    } else if num.trunc() < 0.0 {
        Some("non-negative")
    } else {
        None
    };
    if let Some(what) = problem {
        let error = vm.new_error(crate::realm::ErrorKind::RangeError, &format!("{name} limit must be {what}"));
        return close_throwing(vm, o, error);
    }
    let rec = IteratorRecord::direct(vm, o)?;
    Ok(new_helper(vm, kind, rec, Value::UNDEFINED, num.trunc() + 0.0))
}

fn take(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lazy_with_limit(vm, this, args, TAKE, "take")
}

fn drop(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lazy_with_limit(vm, this, args, DROP, "drop")
}

/// The start of the eager methods that take a callback: the receiver, the callback, then the iterator record.
fn eager_start(vm: &mut Vm, this: Value, f: Value, name: &str) -> JsResult<IteratorRecord> {
    let o = this_object(vm, this, name)?;
    callable_or_close(vm, o, f)?;
    IteratorRecord::direct(vm, o)
}

fn reduce(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    let rec = eager_start(vm, this, f, "reduce")?;
    let (mut acc, mut counter) = if args.len() >= 2 {
        (args[1], 0.0)
    } else {
        match rec.step_value(vm)? {
            Some(v) => (v, 1.0),
            None => return vm.throw_type("Reduce of empty iterator with no initial value"),
        }
    };
    while let Some(v) = rec.step_value(vm)? {
        let r = vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(counter)]);
        acc = close_if_abrupt(vm, rec.iterator, r)?;
        counter += 1.0;
    }
    Ok(acc)
}

fn to_array(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_object(vm, this, "toArray")?;
    let rec = IteratorRecord::direct(vm, o)?;
    let a = vm.new_array(thin_vec::ThinVec::new());
    while let Some(v) = rec.step_value(vm)? {
        push_internal(a, v);
    }
    Ok(Value::object(a))
}

/// forEach, some, every and find: calls `f(value, counter)` for each value until `stop` says what to return for a
/// callback result (closing the iterator then), or the iterator is done (`done` is returned).
fn eager_search(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    name: &str,
    done: Value,
    stop: impl Fn(Value, Value) -> Option<Value>,
) -> JsResult<Value> {
    let f = arg(args, 0);
    let rec = eager_start(vm, this, f, name)?;
    let mut counter = 0.0;
    while let Some(v) = rec.step_value(vm)? {
        let r = vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]);
        let r = close_if_abrupt(vm, rec.iterator, r)?;
        if let Some(result) = stop(v, r) {
            rec.close(vm)?;
            return Ok(result);
        }
        counter += 1.0;
    }
    Ok(done)
}

fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    eager_search(vm, this, args, "forEach", Value::UNDEFINED, |_, _| None)
}

fn some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    eager_search(vm, this, args, "some", Value::FALSE, |_, r| to_boolean(r).then_some(Value::TRUE))
}

fn every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    eager_search(vm, this, args, "every", Value::TRUE, |_, r| (!to_boolean(r)).then_some(Value::FALSE))
}

fn find(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    eager_search(vm, this, args, "find", Value::UNDEFINED, |v, r| to_boolean(r).then_some(v))
}
