//! Error, the NativeErrors and AggregateError.

use super::util::{atom, constructor, for_each_iterated, push_internal};
use super::{arg, method, value};
use crate::object::{JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::runtime::property::PropertyDescriptor;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

const KINDS: [ErrorKind; 7] = [
    ErrorKind::Error,
    ErrorKind::TypeError,
    ErrorKind::RangeError,
    ErrorKind::ReferenceError,
    ErrorKind::SyntaxError,
    ErrorKind::EvalError,
    ErrorKind::URIError,
];

pub fn install(vm: &mut Vm) {
    let ctors: [NativeFn; 7] = [
        error_ctor::<0>,
        error_ctor::<1>,
        error_ctor::<2>,
        error_ctor::<3>,
        error_ctor::<4>,
        error_ctor::<5>,
        error_ctor::<6>,
    ];
    let mut base = Value::UNDEFINED;
    for (i, kind) in KINDS.iter().enumerate() {
        let proto = vm.error_prototype_for(*kind);
        let c = constructor(vm, kind.name(), ctors[i], 1, proto);
        let p = proto.as_object();
        let name = vm.new_string(kind.name());
        value(vm, p, "name", name, Attrs::HIDDEN);
        let empty = vm.atoms.empty;
        value(vm, p, "message", empty, Attrs::HIDDEN);
        if i == 0 {
            base = Value::object(c);
            method(vm, p, "toString", error_to_string, 0);
        } else {
            // NativeError constructors inherit from Error.
            vm.ordinary_set_prototype_of(c, base);
        }
    }
    // AggregateError is not one of the NativeErrors (it takes the errors first) but inherits the same way.
    let ep = vm.realm.error_prototype;
    let ap = vm.new_object_with_proto(ep);
    vm.realm.aggregate_error_prototype = Value::object(ap);
    let c = constructor(vm, "AggregateError", aggregate_error_ctor, 2, Value::object(ap));
    vm.ordinary_set_prototype_of(c, base);
    let name = vm.new_string("AggregateError");
    value(vm, ap, "name", name, Attrs::HIDDEN);
    let empty = vm.atoms.empty;
    value(vm, ap, "message", empty, Attrs::HIDDEN);
}

fn error_ctor<const K: usize>(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let fallback = vm.error_prototype_for(KINDS[K]);
    let o = create_error(vm, nt, fallback, arg(args, 0), arg(args, 1))?;
    Ok(Value::object(o))
}

/// The steps the error constructors share: OrdinaryCreateFromConstructor, the own `message` when one is given,
/// the stack, and InstallErrorCause.
fn create_error(vm: &mut Vm, nt: Value, fallback: Value, msg: Value, opts: Value) -> JsResult<Gc<JsObject>> {
    let proto = if nt.is_undefined() { fallback } else { vm.get_prototype_from_constructor(nt, fallback)? };
    let o = vm.new_object_kind(proto, ObjectKind::Error, 4);
    if !msg.is_undefined() {
        let s = vm.to_string(msg)?;
        let mk = atom(vm.atoms.message);
        vm.define_own_property(o, mk, PropertyDescriptor::data(Value::string(s), Attrs::HIDDEN))?;
    }
    let (caller, after) = vm.native_caller;
    vm.capture_stack(Value::object(o), caller, after);
    if opts.is_object() {
        let ck = atom(vm.atoms.cause);
        if vm.has_property(opts.as_object(), ck)? {
            let c = vm.get(opts.as_object(), ck, opts)?;
            vm.define_own_property(o, ck, PropertyDescriptor::data(c, Attrs::HIDDEN))?;
        }
    }
    Ok(o)
}

/// AggregateError(errors, message, options): the message and cause first, then the errors iterated into a list.
fn aggregate_error_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let fallback = vm.realm.aggregate_error_prototype;
    let o = create_error(vm, nt, fallback, arg(args, 1), arg(args, 2))?;
    let list = vm.new_array(thin_vec::ThinVec::new());
    for_each_iterated(vm, arg(args, 0), |_, v| {
        push_internal(list, v);
        Ok(true)
    })?;
    define_errors(vm, o, list)?;
    Ok(Value::object(o))
}

/// An AggregateError with the given `errors` array (the rejection of Promise.any).
pub(crate) fn new_aggregate_error(vm: &mut Vm, errors: Gc<JsObject>, message: &str) -> JsResult<Value> {
    let proto = vm.realm.aggregate_error_prototype;
    let o = vm.new_object_kind(proto, ObjectKind::Error, 4);
    let msg = vm.new_string(message);
    let mk = atom(vm.atoms.message);
    vm.define_own_property(o, mk, PropertyDescriptor::data(msg, Attrs::HIDDEN))?;
    define_errors(vm, o, errors)?;
    Ok(Value::object(o))
}

/// The own `errors` property: writable and configurable, not enumerable.
fn define_errors(vm: &mut Vm, o: Gc<JsObject>, errors: Gc<JsObject>) -> JsResult<()> {
    let ek = vm.key_from_str("errors");
    vm.define_own_property(o, ek, PropertyDescriptor::data(Value::object(errors), Attrs::HIDDEN))?;
    Ok(())
}

fn error_to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Error.prototype.toString called on non-object");
    }
    let nk = atom(vm.atoms.name);
    let n = vm.get_v(this, nk)?;
    let name = if n.is_undefined() { "Error".to_string() } else { vm.to_rust_string(n)? };
    let mk = atom(vm.atoms.message);
    let m = vm.get_v(this, mk)?;
    let msg = if m.is_undefined() { String::new() } else { vm.to_rust_string(m)? };
    let s = if name.is_empty() {
        msg
    } else if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    };
    Ok(vm.new_string(&s))
}
