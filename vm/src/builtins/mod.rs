//! The builtin library, installed into a fresh realm by `install`.

pub(crate) mod array;
pub(crate) mod async_generator;
mod bigint;
mod boolean;
mod collections;
mod date;
mod error;
mod function;
pub(crate) mod generator;
mod global;
mod group_by;
mod iterator_helpers;
pub(crate) mod json;
pub mod math;
mod number;
mod numfmt;
pub(crate) mod object;
pub mod promise;
mod proxy;
mod reflect;
pub mod regexp;
pub(crate) mod regexp_matcher;
mod regexp_source;
mod regexp_symbols;
mod set_methods;
pub mod string;
mod symbol;
pub(crate) mod timers;
pub mod typed_array;
pub(crate) mod util;
pub(crate) mod weak_ref;

use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{NativeFn, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

/// Installs every builtin on the realm's global object.
pub fn install(vm: &mut Vm) {
    object::install(vm);
    function::install(vm);
    error::install(vm);
    array::install(vm);
    typed_array::install(vm);
    string::install(vm);
    number::install(vm);
    boolean::install(vm);
    symbol::install(vm);
    math::install(vm);
    json::install(vm);
    date::install(vm);
    reflect::install(vm);
    proxy::install(vm);
    collections::install(vm);
    set_methods::install(vm);
    group_by::install(vm);
    promise::install(vm);
    generator::install(vm);
    async_generator::install(vm);
    bigint::install(vm);
    iterator_helpers::install(vm);
    regexp::install(vm);
    global::install(vm);
    timers::install(vm);
    weak_ref::install(vm);
}

/// Defines a builtin method (writable, configurable, not enumerable) on `target`.
pub fn method(vm: &mut Vm, target: Gc<JsObject>, name: &str, f: NativeFn, length: u32) -> Gc<JsObject> {
    let func = vm.new_native_function(name, f, length, false);
    let key = vm.key_from_str(name);
    let _ = vm.define_own_property(
        target,
        key,
        crate::runtime::property::PropertyDescriptor::data(Value::object(func), Attrs::HIDDEN),
    );
    func
}

/// Defines a non-enumerable data property (builtin constants and constructors on the global object).
pub fn value(vm: &mut Vm, target: Gc<JsObject>, name: &str, v: Value, attrs: Attrs) {
    let key = vm.key_from_str(name);
    let _ = vm.define_own_property(target, key, crate::runtime::property::PropertyDescriptor::data(v, attrs));
}

/// Argument `i`, or undefined.
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}
