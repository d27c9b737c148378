//! Helpers shared by the builtin installers: constructors, accessors, symbol-keyed methods, index keys, iteration.

use crate::atoms::key;
use crate::object::{Bound, FLAG_CALLABLE, JsObject, ObjectKind};
use crate::runtime::convert::number_to_string;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

/// A property key for an interned atom or a symbol.
#[inline]
pub fn atom(v: Value) -> PropKey {
    PropKey::Key(key(v))
}

/// The key for an array-like index (up to 2^53 - 1).
pub fn index_key(vm: &mut Vm, i: f64) -> PropKey {
    if (0.0..4294967295.0).contains(&i) && i.fract() == 0.0 {
        PropKey::Index(i as u32)
    } else {
        vm.key_from_str(&number_to_string(i))
    }
}

/// A builtin constructor installed on the global object, linked both ways with `proto`.
pub fn constructor(vm: &mut Vm, name: &str, f: NativeFn, length: u32, proto: Value) -> Gc<JsObject> {
    let c = vm.new_native_function(name, f, length, true);
    let pk = atom(vm.atoms.prototype);
    let _ = vm.define_own_property(c, pk, PropertyDescriptor::data(proto, Attrs::NONE));
    if proto.is_object() {
        let ck = atom(vm.atoms.constructor);
        let _ =
            vm.define_own_property(proto.as_object(), ck, PropertyDescriptor::data(Value::object(c), Attrs::HIDDEN));
    }
    let g = vm.realm.global.as_object();
    super::value(vm, g, name, Value::object(c), Attrs::HIDDEN);
    c
}

/// A method keyed by a symbol (`[Symbol.iterator]` etc); its name is `[description]` unless given.
pub fn sym_method(
    vm: &mut Vm,
    target: Gc<JsObject>,
    sym: Value,
    name: &str,
    f: NativeFn,
    length: u32,
    attrs: Attrs,
) -> Gc<JsObject> {
    let func = vm.new_native_function(name, f, length, false);
    let _ = vm.define_own_property(target, atom(sym), PropertyDescriptor::data(Value::object(func), attrs));
    func
}

/// An accessor property with a native getter (named `get <name>`) and optional setter.
pub fn accessor(vm: &mut Vm, target: Gc<JsObject>, k: PropKey, name: &str, get: NativeFn, set: Option<NativeFn>) {
    let g = vm.new_native_function(&format!("get {name}"), get, 0, false);
    let s = set.map(|s| Value::object(vm.new_native_function(&format!("set {name}"), s, 1, false)));
    let desc = PropertyDescriptor {
        get: Some(Value::object(g)),
        set: Some(s.unwrap_or(Value::UNDEFINED)),
        enumerable: Some(false),
        configurable: Some(true),
        ..Default::default()
    };
    let _ = vm.define_own_property(target, k, desc);
}

/// A function closing over `data`: calling it calls `f(undefined, data ++ args)`. Its name is "" and length `len`.
pub fn native_closure(vm: &mut Vm, f: NativeFn, data: &[Value], len: u32) -> Value {
    let target = vm.new_native_function("", f, 0, false);
    let shape = vm.realm.method_shape.expect("realm initialised");
    let b = vm.alloc_object(
        shape,
        ObjectKind::Bound(Box::new(Bound {
            target: Value::object(target),
            this: Value::UNDEFINED,
            args: data.to_vec(),
        })),
        FLAG_CALLABLE,
    );
    let empty = vm.atoms.empty;
    // SAFETY: single-threaded VM, fresh object; slots 0 and 1 are `length` and `name` of the method shape.
    unsafe {
        let m = b.get_mut();
        m.set_slot(0, Value::int(len as i32));
        m.set_slot(1, empty);
    }
    Value::object(b)
}

/// `{ value, done }`.
pub fn iter_result(vm: &mut Vm, value: Value, done: bool) -> JsResult<Value> {
    let o = vm.new_object();
    let vk = atom(vm.atoms.value);
    let dk = atom(vm.atoms.done);
    vm.create_data_property_or_throw(o, vk, value)?;
    vm.create_data_property_or_throw(o, dk, Value::bool(done))?;
    Ok(Value::object(o))
}

/// Calls `f` for each value of the iterable (closing the iterator when `f` fails or asks to stop by returning false).
pub fn for_each_iterated(
    vm: &mut Vm,
    iterable: Value,
    mut f: impl FnMut(&mut Vm, Value) -> JsResult<bool>,
) -> JsResult<()> {
    let it = vm.get_iterator(iterable)?;
    loop {
        let Some(v) = vm.iterator_step(it)? else {
            return Ok(());
        };
        match f(vm, v) {
            Ok(true) => {}
            Ok(false) => return vm.iterator_close(it),
            Err(e) => {
                let _ = vm.iterator_close(it);
                return Err(e);
            }
        }
    }
}

/// Throws a TypeError unless `v` is callable.
pub fn require_callable(vm: &mut Vm, v: Value) -> JsResult<()> {
    if vm.is_callable(v) {
        Ok(())
    } else {
        let s = vm.describe_for_error(v);
        vm.throw_type(&format!("{s} is not a function"))
    }
}

/// RequireObjectCoercible.
pub fn require_coercible(vm: &mut Vm, v: Value, what: &str) -> JsResult<()> {
    if v.is_nullish() {
        let n = if v.is_null() { "null" } else { "undefined" };
        return vm.throw_type(&format!("{what} called on null or undefined ({n})"));
    }
    Ok(())
}

/// Appends `v` to an array the engine owns (an internal list or an array no script has seen yet): no setters,
/// no length checks.
pub fn push_internal(o: Gc<JsObject>, v: Value) {
    // SAFETY: single-threaded VM, live array that only engine code holds.
    unsafe {
        let m = o.get_mut();
        m.elements.push(v);
        m.length = m.elements.len() as u32;
    }
}

/// A fresh builtin iterator of `class` over `target`, at its start (`kind` as in `ObjectKind::Iterator`).
pub fn builtin_iterator(
    vm: &mut Vm,
    proto: Value,
    class: crate::object::IteratorClass,
    target: Value,
    kind: u8,
) -> Value {
    let o = vm.new_object_kind(proto, ObjectKind::Iterator { class, target, index: 0, kind }, 0);
    if class == crate::object::IteratorClass::Array && kind == 0 {
        // SAFETY: freshly allocated, single-threaded.
        unsafe { o.get_mut() }.flags |= crate::object::FLAG_ARRAY_VALUES_ITERATOR;
        if vm.array_iterator_shape.is_none() && proto == vm.realm.array_iterator_prototype {
            vm.array_iterator_shape = Some(o.shape);
        }
    }
    Value::object(o)
}

/// Defines `o[@@toStringTag] = tag` (configurable only, as the builtins' tags are).
pub fn to_string_tag(vm: &mut Vm, o: Gc<JsObject>, tag: &str) {
    let tag = vm.new_string(tag);
    let tk = atom(vm.atoms.sym_to_string_tag);
    let _ = vm.define_own_property(o, tk, PropertyDescriptor::data(tag, Attrs(Attrs::CONFIGURABLE)));
}

/// A %XIteratorPrototype%: inherits %IteratorPrototype%, has `next` and the @@toStringTag `tag`.
pub fn iterator_prototype(vm: &mut Vm, tag: &str, next: NativeFn) -> Gc<JsObject> {
    let ip = vm.realm.iterator_prototype;
    let o = vm.new_object_with_proto(ip);
    super::method(vm, o, "next", next, 0);
    to_string_tag(vm, o, tag);
    o
}

/// Relative index argument (slice/splice/fill...): clamps ToIntegerOrInfinity(v) into 0..=len.
pub fn relative_index(vm: &mut Vm, v: Value, len: f64, default: f64) -> JsResult<f64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let r = vm.to_integer(v)?;
    Ok(if r < 0.0 { (len + r).max(0.0) } else { r.min(len) })
}

/// CreateListFromArrayLike.
pub fn list_from_array_like(vm: &mut Vm, v: Value) -> JsResult<crate::handles::RootedVec> {
    if !v.is_object() {
        return vm.throw_type("CreateListFromArrayLike called on non-object");
    }
    let len = vm.length_of(v)?;
    let mut out = crate::handles::RootedVec::new();
    for i in 0..len {
        let k = index_key(vm, i as f64);
        let x = vm.get_v(v, k)?;
        out.push(x);
    }
    Ok(out)
}

/// [[SetPrototypeOf]] as the builtins call it: Object.prototype is an immutable prototype exotic object.
pub fn set_proto(vm: &mut Vm, o: Gc<JsObject>, proto: Value) -> JsResult<bool> {
    if Value::object(o) == vm.realm.object_prototype {
        return Ok(o.proto() == proto);
    }
    vm.set_prototype_of(o, proto)
}

/// Whether `v` is the builtin function implemented by `f` (e.g. to take a fast path when a user has not
/// replaced a method).
pub fn is_builtin(v: Value, f: crate::vm::NativeFn) -> bool {
    v.is_object() && matches!(&v.as_object().kind, ObjectKind::Native(n) if n.f as usize == f as usize)
}

/// `function () { return this; }` ([Symbol.iterator] of iterators, [Symbol.species] getters).
pub fn return_this(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

/// SpeciesConstructor(o, default): `o.constructor[Symbol.species]`, or `default` (an intrinsic) when absent.
pub fn species_constructor(vm: &mut Vm, o: Value, default: Value) -> JsResult<Value> {
    let c = vm.get_v(o, atom(vm.atoms.constructor))?;
    if c.is_undefined() {
        return Ok(default);
    }
    if !c.is_object() {
        return vm.throw_type("The .constructor property is not an object");
    }
    let s = vm.get_v(c, atom(vm.atoms.sym_species))?;
    if s.is_nullish() {
        return Ok(default);
    }
    if vm.is_constructor(s) {
        return Ok(s);
    }
    vm.throw_type("object.constructor[Symbol.species] is not a constructor")
}
