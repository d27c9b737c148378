//! %TypedArray% (abstract: calling or constructing it throws), `from`, `of`, @@species, the concrete constructors
//! (one per element kind) in all their forms, and the creation operations the prototype methods share
//! (TypedArraySpeciesCreate, TypedArrayCreateSameType).

use super::buffer::{self, View, data};
use super::exotic::{self, set_element};
use super::kinds::ElementKind;
use super::{array_buffer_of, new_typed_array, to_index, validate};
use crate::builtins::util::{atom, index_key, return_this, species_constructor};
use crate::builtins::{arg, method, value};
use crate::handles::RootedVec;
use crate::object::JsObject;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

/// The concrete constructors, in `ElementKind::ALL` order.
const CONSTRUCTORS: [NativeFn; ElementKind::COUNT] = [
    typed_array_ctor::<0>,
    typed_array_ctor::<1>,
    typed_array_ctor::<2>,
    typed_array_ctor::<3>,
    typed_array_ctor::<4>,
    typed_array_ctor::<5>,
    typed_array_ctor::<6>,
    typed_array_ctor::<7>,
    typed_array_ctor::<8>,
    typed_array_ctor::<9>,
    typed_array_ctor::<10>,
    typed_array_ctor::<11>,
];

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let tap = vm.new_object_with_proto(op);
    vm.realm.typed_array_prototype = Value::object(tap);
    let ta = vm.new_native_function("TypedArray", abstract_ctor, 0, true);
    vm.realm.typed_array_constructor = Value::object(ta);
    value(vm, ta, "prototype", Value::object(tap), Attrs::NONE);
    value(vm, tap, "constructor", Value::object(ta), Attrs::HIDDEN);
    method(vm, ta, "from", from, 1);
    method(vm, ta, "of", of, 0);
    let sp = vm.atoms.sym_species;
    super::install_symbol_getter(vm, ta, sp, "[Symbol.species]", return_this);

    for (i, &kind) in ElementKind::ALL.iter().enumerate() {
        let p = vm.new_object_with_proto(Value::object(tap));
        vm.realm.typed_array_prototypes[i] = Value::object(p);
        let c = crate::builtins::util::constructor(vm, kind.name(), CONSTRUCTORS[i], 3, Value::object(p));
        vm.realm.typed_array_constructors[i] = Value::object(c);
        vm.ordinary_set_prototype_of(c, Value::object(ta));
        let size = Value::int(kind.size() as i32);
        value(vm, c, "BYTES_PER_ELEMENT", size, Attrs::NONE);
        value(vm, p, "BYTES_PER_ELEMENT", size, Attrs::NONE);
    }
}

fn abstract_ctor(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.throw_type("Abstract class TypedArray not directly constructable")
}

/// A typed array of `len` zeroed elements over a new buffer (AllocateTypedArray with a length).
pub fn allocate(vm: &mut Vm, proto: Value, kind: ElementKind, len: usize) -> JsResult<Gc<JsObject>> {
    let Some(bytes) = len.checked_mul(kind.size()) else {
        return vm.throw_range(&format!("Invalid typed array length: {len}"));
    };
    let b = buffer::allocate_plain(vm, bytes)?;
    Ok(new_typed_array(vm, proto, kind, View::new(b, 0, Some(len), kind.size())))
}

fn typed_array_ctor<const K: usize>(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let kind = ElementKind::ALL[K];
    if nt.is_undefined() {
        return vm.throw_type(&format!("Constructor {} requires 'new'", kind.name()));
    }
    let default_proto = vm.realm.typed_array_prototypes[K];
    let first = arg(args, 0);
    if !first.is_object() {
        let len = to_index(vm, first)?;
        let proto = vm.get_prototype_from_constructor(nt, default_proto)?;
        return Ok(Value::object(allocate(vm, proto, kind, len)?));
    }
    let proto = vm.get_prototype_from_constructor(nt, default_proto)?;
    let src = first.as_object();
    let o = if src.is_typed_array() {
        from_typed_array(vm, proto, kind, src)?
    } else if let Some(b) = array_buffer_of(first) {
        from_buffer(vm, proto, kind, b, arg(args, 1), arg(args, 2))?
    } else {
        let si = atom(vm.atoms.sym_iterator);
        let using_iterator = vm.get_v(first, si)?;
        if using_iterator.is_nullish() {
            from_array_like(vm, proto, kind, first)?
        } else {
            if !vm.is_callable(using_iterator) {
                return vm.throw_type("The object's Symbol.iterator is not a function");
            }
            let values = list_from_iterator(vm, first, using_iterator)?;
            let o = allocate(vm, proto, kind, values.len())?;
            for (i, &v) in values.iter().enumerate() {
                set_element(vm, o, i as f64, v)?;
            }
            o
        }
    };
    Ok(Value::object(o))
}

/// IteratorToList(GetIteratorFromMethod(v, method)).
fn list_from_iterator(vm: &mut Vm, v: Value, method: Value) -> JsResult<RootedVec> {
    let it = vm.call(method, v, &[])?;
    if !it.is_object() {
        return vm.throw_type("Result of the Symbol.iterator method is not an object");
    }
    let mut out = RootedVec::new();
    while let Some(x) = vm.iterator_step(it)? {
        out.push(x);
    }
    Ok(out)
}

/// InitializeTypedArrayFromTypedArray.
fn from_typed_array(vm: &mut Vm, proto: Value, kind: ElementKind, src: Gc<JsObject>) -> JsResult<Gc<JsObject>> {
    let (skind, sview) = exotic::parts(src).expect("a typed array");
    let Some(len) = sview.length_now(skind.size()) else {
        return vm.throw_type("Cannot construct a typed array from a detached or out-of-bounds typed array");
    };
    let o = allocate(vm, proto, kind, len)?;
    if skind.is_bigint() != kind.is_bigint() {
        return vm.throw_type(&format!("Cannot construct a {} from a {}", kind.name(), skind.name()));
    }
    let dst = exotic::parts(o).expect("a typed array").1.buffer;
    let from = data(sview.buffer).bytes();
    let start = sview.byte_offset;
    if skind == kind {
        let bytes = from[start..start + len * kind.size()].to_vec();
        buffer::data_mut(dst).bytes_mut().copy_from_slice(&bytes);
    } else {
        let to = buffer::data_mut(dst).bytes_mut();
        for i in 0..len {
            kind.store(&mut to[i * kind.size()..], skind.load(&from[start + i * skind.size()..]));
        }
    }
    Ok(o)
}

/// InitializeTypedArrayFromArrayBuffer: a view of `b` from `offset`, `length` elements long or (when absent) to
/// the buffer's end, following the buffer's length when it is resizable.
fn from_buffer(
    vm: &mut Vm,
    proto: Value,
    kind: ElementKind,
    b: Gc<JsObject>,
    offset: Value,
    length: Value,
) -> JsResult<Gc<JsObject>> {
    let size = kind.size();
    let offset = to_index(vm, offset)?;
    if offset % size != 0 {
        return vm.throw_range(&format!("start offset of {} should be a multiple of {size}", kind.name()));
    }
    let new_length = if length.is_undefined() { None } else { Some(to_index(vm, length)?) };
    let d = data(b);
    if d.detached {
        return vm.throw_type("Cannot construct a typed array on a detached ArrayBuffer");
    }
    let buffer_len = d.byte_length();
    let length = match new_length {
        None if !d.is_fixed_length() => {
            if offset > buffer_len {
                return vm.throw_range(&format!("Start offset {offset} is outside the bounds of the buffer"));
            }
            None
        }
        None => {
            if buffer_len % size != 0 {
                return vm.throw_range(&format!("byte length of {} should be a multiple of {size}", kind.name()));
            }
            if offset > buffer_len {
                return vm.throw_range(&format!("Start offset {offset} is outside the bounds of the buffer"));
            }
            Some((buffer_len - offset) / size)
        }
        Some(n) => {
            if n.checked_mul(size).and_then(|bytes| bytes.checked_add(offset)).is_none_or(|end| end > buffer_len) {
                return vm.throw_range(&format!("Invalid typed array length: {n}"));
            }
            Some(n)
        }
    };
    Ok(new_typed_array(vm, proto, kind, View::new(b, offset, length, kind.size())))
}

/// InitializeTypedArrayFromArrayLike.
fn from_array_like(vm: &mut Vm, proto: Value, kind: ElementKind, src: Value) -> JsResult<Gc<JsObject>> {
    let len = vm.length_of(src)?;
    let Ok(len) = usize::try_from(len) else { return vm.throw_range("Invalid typed array length") };
    let o = allocate(vm, proto, kind, len)?;
    for i in 0..len {
        let k = index_key(vm, i as f64);
        let v = vm.get_v(src, k)?;
        set_element(vm, o, i as f64, v)?;
    }
    Ok(o)
}

/// TypedArrayCreateFromConstructor: constructs with `args`; the result must be a typed array in bounds, and at
/// least `args[0]` long when the only argument is a length.
pub fn create_from_constructor(vm: &mut Vm, c: Value, args: &[Value]) -> JsResult<Gc<JsObject>> {
    let new = vm.construct(c, args, c)?;
    let (o, _, len) = validate(vm, new, "TypedArray species constructor")?;
    if let [n] = args
        && n.is_number()
        && (len as f64) < n.as_number()
    {
        return vm.throw_type("The typed array made by the species constructor is too short");
    }
    Ok(o)
}

/// The intrinsic constructor of `o`'s element kind.
fn intrinsic_constructor(vm: &Vm, o: Gc<JsObject>) -> Value {
    let kind = exotic::parts(o).expect("a typed array").0;
    vm.realm.typed_array_constructors[kind as usize]
}

/// TypedArraySpeciesCreate: the result must have the exemplar's content type.
pub fn species_create(vm: &mut Vm, exemplar: Gc<JsObject>, args: &[Value]) -> JsResult<Gc<JsObject>> {
    let default = intrinsic_constructor(vm, exemplar);
    let c = species_constructor(vm, Value::object(exemplar), default)?;
    let result = create_from_constructor(vm, c, args)?;
    let kind = exotic::parts(exemplar).expect("a typed array").0;
    let rkind = exotic::parts(result).expect("a typed array").0;
    if kind.is_bigint() != rkind.is_bigint() {
        return vm.throw_type(&format!("The species constructor made a {} for a {}", rkind.name(), kind.name()));
    }
    Ok(result)
}

/// TypedArrayCreateSameType with a length.
pub fn create_same_type(vm: &mut Vm, exemplar: Gc<JsObject>, len: usize) -> JsResult<Gc<JsObject>> {
    let kind = exotic::parts(exemplar).expect("a typed array").0;
    let proto = vm.realm.typed_array_prototypes[kind as usize];
    allocate(vm, proto, kind, len)
}

/// %TypedArray%.from(source, mapfn, thisArg).
fn from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return vm.throw_type("TypedArray.from: `this` is not a constructor");
    }
    let (source, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if !mapfn.is_undefined() && !vm.is_callable(mapfn) {
        return vm.throw_type("TypedArray.from: the mapping function is not callable");
    }
    let si = atom(vm.atoms.sym_iterator);
    let using_iterator = if source.is_nullish() { Value::UNDEFINED } else { vm.get_v(source, si)? };
    if using_iterator.is_nullish() {
        // Not iterable: an array-like.
        let src = vm.to_object(source)?;
        let len = vm.length_of(Value::object(src))?;
        let target = create_from_constructor(vm, this, &[Value::number(len as f64)])?;
        for i in 0..len {
            let k = index_key(vm, i as f64);
            let v = vm.get(src, k, Value::object(src))?;
            store_mapped(vm, target, i as f64, v, mapfn, this_arg)?;
        }
        return Ok(Value::object(target));
    }
    if !vm.is_callable(using_iterator) {
        return vm.throw_type("The object's Symbol.iterator is not a function");
    }
    let values = list_from_iterator(vm, source, using_iterator)?;
    let target = create_from_constructor(vm, this, &[Value::number(values.len() as f64)])?;
    for (i, &v) in values.iter().enumerate() {
        store_mapped(vm, target, i as f64, v, mapfn, this_arg)?;
    }
    Ok(Value::object(target))
}

/// `target[i] = mapfn ? mapfn.call(thisArg, v, i) : v` with Set(..., true).
fn store_mapped(vm: &mut Vm, target: Gc<JsObject>, i: f64, v: Value, mapfn: Value, this_arg: Value) -> JsResult<()> {
    let v = if mapfn.is_undefined() { v } else { vm.call(mapfn, this_arg, &[v, Value::number(i)])? };
    let k = index_key(vm, i);
    vm.set_v(Value::object(target), k, v, true)
}

/// %TypedArray%.of(...items).
fn of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return vm.throw_type("TypedArray.of: `this` is not a constructor");
    }
    let target = create_from_constructor(vm, this, &[Value::number(args.len() as f64)])?;
    for (i, &v) in args.iter().enumerate() {
        vm.set_v(Value::object(target), PropKey::Index(i as u32), v, true)?;
    }
    Ok(Value::object(target))
}
