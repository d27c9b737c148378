//! Object constructor, Object.prototype and the Object statics.

use super::util::{accessor, atom, constructor, require_callable};
use super::{arg, method};
use crate::handles::RootedVec;
use crate::object::{JsObject, ObjectKind};
use crate::runtime::convert::to_boolean;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

pub fn install(vm: &mut Vm) {
    let proto = vm.realm.object_prototype;
    let c = constructor(vm, "Object", object_ctor, 1, proto);
    vm.realm.object_constructor = Value::object(c);
    let p = proto.as_object();
    method(vm, p, "hasOwnProperty", has_own_property, 1);
    method(vm, p, "isPrototypeOf", is_prototype_of, 1);
    method(vm, p, "propertyIsEnumerable", property_is_enumerable, 1);
    method(vm, p, "toString", object_to_string, 0);
    method(vm, p, "toLocaleString", to_locale_string, 0);
    method(vm, p, "valueOf", value_of, 0);
    method(vm, p, "__defineGetter__", define_getter, 2);
    method(vm, p, "__defineSetter__", define_setter, 2);
    method(vm, p, "__lookupGetter__", lookup_getter, 1);
    method(vm, p, "__lookupSetter__", lookup_setter, 1);
    let pk = atom(vm.atoms.proto);
    accessor(vm, p, pk, "__proto__", proto_get, Some(proto_set));

    method(vm, c, "keys", keys, 1);
    method(vm, c, "values", values, 1);
    method(vm, c, "entries", entries, 1);
    method(vm, c, "assign", assign, 2);
    method(vm, c, "create", create, 2);
    method(vm, c, "defineProperty", define_property, 3);
    method(vm, c, "defineProperties", define_properties, 2);
    method(vm, c, "getOwnPropertyDescriptor", get_own_property_descriptor, 2);
    method(vm, c, "getOwnPropertyDescriptors", get_own_property_descriptors, 1);
    method(vm, c, "getOwnPropertyNames", get_own_property_names, 1);
    method(vm, c, "getOwnPropertySymbols", get_own_property_symbols, 1);
    method(vm, c, "getPrototypeOf", get_prototype_of, 1);
    method(vm, c, "setPrototypeOf", set_prototype_of, 2);
    method(vm, c, "freeze", freeze, 1);
    method(vm, c, "isFrozen", is_frozen, 1);
    method(vm, c, "seal", seal, 1);
    method(vm, c, "isSealed", is_sealed, 1);
    method(vm, c, "preventExtensions", prevent_extensions, 1);
    method(vm, c, "isExtensible", is_extensible, 1);
    method(vm, c, "is", is, 2);
    method(vm, c, "hasOwn", has_own, 2);
    method(vm, c, "fromEntries", from_entries, 1);
}

fn object_ctor(vm: &mut Vm, _this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() && nt != vm.realm.object_constructor {
        let fallback = vm.realm.object_prototype;
        return Ok(Value::object(vm.create_from_constructor(nt, fallback)?));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

fn has_own_property(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let k = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(vm.get_own_property(o, k)?.is_some()))
}

fn has_own(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let k = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.get_own_property(o, k)?.is_some()))
}

fn is_prototype_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    if !v.is_object() {
        return Ok(Value::FALSE);
    }
    let o = vm.to_object(this)?;
    let mut hops = 0;
    let mut p = vm.prototype_step(v.as_object(), &mut hops)?;
    while p.is_object() {
        if p.as_object() == o {
            return Ok(Value::TRUE);
        }
        p = vm.prototype_step(p.as_object(), &mut hops)?;
    }
    Ok(Value::FALSE)
}

fn property_is_enumerable(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let k = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(vm.get_own_property(o, k)?.is_some_and(|p| p.attrs.enumerable())))
}

/// Object.prototype.toString.
pub fn object_to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if this.is_undefined() {
        return Ok(vm.new_string("[object Undefined]"));
    }
    if this.is_null() {
        return Ok(vm.new_string("[object Null]"));
    }
    let o = vm.to_object(this)?;
    let builtin = if vm.is_array_value(Value::object(o))? {
        "Array"
    } else {
        match &o.kind {
            ObjectKind::Arguments { .. } => "Arguments",
            ObjectKind::Error => "Error",
            ObjectKind::Boolean(_) => "Boolean",
            ObjectKind::Number(_) => "Number",
            ObjectKind::String(_) => "String",
            ObjectKind::Date(_) => "Date",
            _ if o.is_callable() => "Function",
            _ if super::regexp::is_regexp_object(Value::object(o)) => "RegExp",
            _ => "Object",
        }
    };
    let tk = atom(vm.atoms.sym_to_string_tag);
    let tag = vm.get(o, tk, Value::object(o))?;
    let t = if tag.is_string() { tag.as_string().to_rust_string() } else { builtin.to_string() };
    Ok(vm.new_string(&format!("[object {t}]")))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let k = atom(vm.atoms.to_string);
    let f = vm.get_v(this, k)?;
    vm.call(f, this, &[])
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::object(vm.to_object(this)?))
}

fn define_accessor_legacy(vm: &mut Vm, this: Value, args: &[Value], getter: bool) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = arg(args, 1);
    require_callable(vm, f)?;
    let k = vm.to_property_key(arg(args, 0))?;
    let mut d = PropertyDescriptor { enumerable: Some(true), configurable: Some(true), ..Default::default() };
    if getter {
        d.get = Some(f);
    } else {
        d.set = Some(f);
    }
    if !vm.define_own_property(o, k, d)? {
        return vm.throw_type("Cannot redefine property");
    }
    Ok(Value::UNDEFINED)
}

fn define_getter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    define_accessor_legacy(vm, this, args, true)
}

fn define_setter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    define_accessor_legacy(vm, this, args, false)
}

fn lookup_accessor(vm: &mut Vm, this: Value, args: &[Value], getter: bool) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let k = vm.to_property_key(arg(args, 0))?;
    let mut cur = o;
    let mut hops = 0;
    loop {
        if let Some(p) = vm.get_own_property(cur, k)? {
            if p.attrs.is_accessor() {
                let (g, s) = vm.accessor_pair(p.value);
                return Ok(if getter { g } else { s });
            }
            return Ok(Value::UNDEFINED);
        }
        let p = vm.prototype_step(cur, &mut hops)?;
        if !p.is_object() {
            return Ok(Value::UNDEFINED);
        }
        cur = p.as_object();
    }
}

fn lookup_getter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, true)
}

fn lookup_setter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, false)
}

fn proto_get(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    vm.get_prototype_of(o)
}

fn proto_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw_type("Object.prototype.__proto__ called on null or undefined");
    }
    let p = arg(args, 0);
    if !(p.is_object() || p.is_null()) || !this.is_object() {
        return Ok(Value::UNDEFINED);
    }
    if !super::util::set_proto(vm, this.as_object(), p)? {
        return vm.throw_type("Object.prototype.__proto__ setter failed (cyclic or not extensible)");
    }
    Ok(Value::UNDEFINED)
}

/// EnumerableOwnPropertyNames: 0 keys, 1 values, 2 entries.
pub fn enumerable_own(vm: &mut Vm, o: Gc<JsObject>, kind: u8) -> JsResult<Gc<JsObject>> {
    let keys = vm.own_keys(o)?;
    let out = vm.new_array(thin_vec::ThinVec::new());
    let mut n = 0u32;
    for &kv in keys.iter() {
        if !kv.is_string() {
            continue;
        }
        let k = vm.to_property_key(kv)?;
        let Some(p) = vm.get_own_property(o, k)? else {
            continue;
        };
        if !p.attrs.enumerable() {
            continue;
        }
        let item = match kind {
            0 => kv,
            _ => {
                let v = vm.get(o, k, Value::object(o))?;
                if kind == 1 { v } else { Value::object(vm.new_array(thin_vec::thin_vec![kv, v])) }
            }
        };
        vm.create_data_property_or_throw(out, PropKey::Index(n), item)?;
        n += 1;
    }
    Ok(out)
}

fn keys(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    Ok(Value::object(enumerable_own(vm, o, 0)?))
}

fn values(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    Ok(Value::object(enumerable_own(vm, o, 1)?))
}

fn entries(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    Ok(Value::object(enumerable_own(vm, o, 2)?))
}

fn assign(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let to = vm.to_object(arg(args, 0))?;
    for &src in args.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        let from = vm.to_object(src)?;
        let keys = vm.own_keys(from)?;
        for &kv in keys.iter() {
            let k = vm.to_property_key(kv)?;
            if vm.get_own_property(from, k)?.is_some_and(|p| p.attrs.enumerable()) {
                let v = vm.get(from, k, Value::object(from))?;
                vm.set_v(Value::object(to), k, v, true)?;
            }
        }
    }
    Ok(Value::object(to))
}

/// ToPropertyDescriptor.
pub fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropertyDescriptor> {
    if !v.is_object() {
        let s = vm.to_display_string(v);
        return vm.throw_type(&format!("Property description must be an object: {s}"));
    }
    let o = v.as_object();
    let mut d = PropertyDescriptor::default();
    let fields =
        [vm.atoms.enumerable, vm.atoms.configurable, vm.atoms.value, vm.atoms.writable, vm.atoms.get, vm.atoms.set];
    for (i, f) in fields.into_iter().enumerate() {
        let k = atom(f);
        if !vm.has_property(o, k)? {
            continue;
        }
        let x = vm.get(o, k, v)?;
        match i {
            0 => d.enumerable = Some(to_boolean(x)),
            1 => d.configurable = Some(to_boolean(x)),
            2 => d.value = Some(x),
            3 => d.writable = Some(to_boolean(x)),
            _ => {
                if !x.is_undefined() && !vm.is_callable(x) {
                    let which = if i == 4 { "Getter" } else { "Setter" };
                    let s = vm.to_display_string(x);
                    return vm.throw_type(&format!("{which} must be a function: {s}"));
                }
                if i == 4 {
                    d.get = Some(x);
                } else {
                    d.set = Some(x);
                }
            }
        }
    }
    if d.is_accessor() && d.is_data() {
        return vm.throw_type(
            "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute",
        );
    }
    Ok(d)
}

/// FromPropertyDescriptor for an own property.
pub fn from_own_property(vm: &mut Vm, o: Gc<JsObject>, k: PropKey) -> JsResult<Value> {
    let Some(p) = vm.get_own_property(o, k)? else {
        return Ok(Value::UNDEFINED);
    };
    let d = vm.own_to_descriptor(p);
    from_property_descriptor(vm, &d)
}

/// FromPropertyDescriptor: an object with the fields `d` has, in the spec's order.
pub fn from_property_descriptor(vm: &mut Vm, d: &PropertyDescriptor) -> JsResult<Value> {
    let r = vm.new_object();
    let a = &vm.atoms;
    let fields = [
        (a.value, d.value),
        (a.writable, d.writable.map(Value::bool)),
        (a.get, d.get),
        (a.set, d.set),
        (a.enumerable, d.enumerable.map(Value::bool)),
        (a.configurable, d.configurable.map(Value::bool)),
    ];
    for (name, v) in fields {
        if let Some(v) = v {
            vm.create_data_property_or_throw(r, atom(name), v)?;
        }
    }
    Ok(Value::object(r))
}

fn define_or_throw(vm: &mut Vm, o: Gc<JsObject>, k: PropKey, d: PropertyDescriptor) -> JsResult<()> {
    if !vm.define_own_property(o, k, d)? {
        let name = vm.key_to_value(k);
        let name = vm.to_display_string(name);
        return vm.throw_type(&format!("Cannot redefine property: {name}"));
    }
    Ok(())
}

fn define_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if !o.is_object() {
        return vm.throw_type("Object.defineProperty called on non-object");
    }
    let k = vm.to_property_key(arg(args, 1))?;
    let d = to_property_descriptor(vm, arg(args, 2))?;
    define_or_throw(vm, o.as_object(), k, d)?;
    Ok(o)
}

fn object_define_properties(vm: &mut Vm, o: Gc<JsObject>, props: Value) -> JsResult<()> {
    let p = vm.to_object(props)?;
    let keys = vm.own_keys(p)?;
    let mut descs: Vec<(PropKey, PropertyDescriptor)> = Vec::new();
    let mut roots = RootedVec::new();
    for &kv in keys.iter() {
        let k = vm.to_property_key(kv)?;
        if !vm.get_own_property(p, k)?.is_some_and(|x| x.attrs.enumerable()) {
            continue;
        }
        let dv = vm.get(p, k, Value::object(p))?;
        roots.push(dv);
        let d = to_property_descriptor(vm, dv)?;
        for x in [d.value, d.get, d.set].into_iter().flatten() {
            roots.push(x);
        }
        descs.push((k, d));
    }
    for (k, d) in descs {
        define_or_throw(vm, o, k, d)?;
    }
    drop(roots);
    Ok(())
}

fn define_properties(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if !o.is_object() {
        return vm.throw_type("Object.defineProperties called on non-object");
    }
    object_define_properties(vm, o.as_object(), arg(args, 1))?;
    Ok(o)
}

fn create(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = arg(args, 0);
    if !p.is_object() && !p.is_null() {
        let s = vm.to_display_string(p);
        return vm.throw_type(&format!("Object prototype may only be an Object or null: {s}"));
    }
    let o = vm.new_object_with_proto(p);
    let props = arg(args, 1);
    if !props.is_undefined() {
        object_define_properties(vm, o, props)?;
    }
    Ok(Value::object(o))
}

fn get_own_property_descriptor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let k = vm.to_property_key(arg(args, 1))?;
    from_own_property(vm, o, k)
}

fn get_own_property_descriptors(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let keys = vm.own_keys(o)?;
    let r = vm.new_object();
    for &kv in keys.iter() {
        let k = vm.to_property_key(kv)?;
        let d = from_own_property(vm, o, k)?;
        if !d.is_undefined() {
            vm.create_data_property_or_throw(r, k, d)?;
        }
    }
    Ok(Value::object(r))
}

fn own_keys_filtered(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_keys(o)?;
    let list: Vec<Value> = keys.iter().copied().filter(|k| k.is_symbol() == symbols).collect();
    Ok(Value::object(vm.new_array(list.into())))
}

fn get_own_property_names(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    own_keys_filtered(vm, arg(args, 0), false)
}

fn get_own_property_symbols(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    own_keys_filtered(vm, arg(args, 0), true)
}

fn get_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    vm.get_prototype_of(o)
}

fn set_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    crate::builtins::util::require_coercible(vm, o, "Object.setPrototypeOf")?;
    let p = arg(args, 1);
    if !p.is_object() && !p.is_null() {
        let s = vm.to_display_string(p);
        return vm.throw_type(&format!("Object prototype may only be an Object or null: {s}"));
    }
    if !o.is_object() {
        return Ok(o);
    }
    if !super::util::set_proto(vm, o.as_object(), p)? {
        return vm.throw_type("Cyclic __proto__ value or object not extensible");
    }
    Ok(o)
}

/// SetIntegrityLevel: sealed (false) or frozen (true).
pub fn set_integrity(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<()> {
    if !vm.prevent_extensions(o)? {
        return vm.throw_type("Cannot prevent extensions");
    }
    let keys = vm.own_keys(o)?;
    for &kv in keys.iter() {
        let k = vm.to_property_key(kv)?;
        let mut d = PropertyDescriptor { configurable: Some(false), ..Default::default() };
        if frozen {
            let Some(p) = vm.get_own_property(o, k)? else {
                continue;
            };
            if !p.attrs.is_accessor() {
                d.writable = Some(false);
            }
        }
        define_or_throw(vm, o, k, d)?;
    }
    Ok(())
}

fn test_integrity(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
    if vm.is_extensible(o)? {
        return Ok(false);
    }
    let keys = vm.own_keys(o)?;
    for &kv in keys.iter() {
        let k = vm.to_property_key(kv)?;
        if let Some(p) = vm.get_own_property(o, k)?
            && (p.attrs.configurable() || (frozen && !p.attrs.is_accessor() && p.attrs.writable()))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn freeze(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if o.is_object() {
        set_integrity(vm, o.as_object(), true)?;
    }
    Ok(o)
}

fn seal(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if o.is_object() {
        set_integrity(vm, o.as_object(), false)?;
    }
    Ok(o)
}

fn is_frozen(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if !o.is_object() {
        return Ok(Value::TRUE);
    }
    Ok(Value::bool(test_integrity(vm, o.as_object(), true)?))
}

fn is_sealed(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if !o.is_object() {
        return Ok(Value::TRUE);
    }
    Ok(Value::bool(test_integrity(vm, o.as_object(), false)?))
}

fn prevent_extensions(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    if o.is_object() && !vm.prevent_extensions(o.as_object())? {
        return vm.throw_type("Cannot prevent extensions");
    }
    Ok(o)
}

fn is_extensible(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = arg(args, 0);
    Ok(Value::bool(o.is_object() && vm.is_extensible(o.as_object())?))
}

fn is(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.same_value(arg(args, 0), arg(args, 1))))
}

fn from_entries(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let it = arg(args, 0);
    crate::builtins::util::require_coercible(vm, it, "Object.fromEntries")?;
    let o = vm.new_object();
    super::util::for_each_iterated(vm, it, |vm, entry| {
        if !entry.is_object() {
            let s = vm.to_display_string(entry);
            return vm.throw_type(&format!("Iterator value {s} is not an entry object"));
        }
        let k = vm.get_v(entry, PropKey::Index(0))?;
        let v = vm.get_v(entry, PropKey::Index(1))?;
        let pk = vm.to_property_key(k)?;
        vm.create_data_property_or_throw(o, pk, v)?;
        Ok(true)
    })?;
    Ok(Value::object(o))
}
