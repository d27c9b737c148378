//! Proxy exotic objects: the constructor, `Proxy.revocable`, and the thirteen internal methods. Each internal method
//! looks up its trap on the handler, calls it, and checks the result against the target so that a proxy can never
//! report something the target's non-configurable properties or non-extensibility rule out (the invariants of the
//! current spec, which add a few to ES2017's: duplicate `ownKeys` results, non-writable reports of writable
//! properties, deletes from non-extensible targets).
//!
//! `runtime/property.rs` dispatches to the `proxy_*` methods at the top of each internal method, and calls and
//! constructs dispatch on `ObjectKind::Proxy` in `interp/calls.rs`. A proxy has no slots and no elements of its own:
//! it is created non-extensible with a dictionary shape, so no inline cache ever holds its shape and a stray ordinary
//! write to it adds nothing.

use super::arg;
use super::object::{from_property_descriptor, to_property_descriptor};
use super::util::{atom, index_key, native_closure};
use crate::handles::RootedVec;
use crate::object::{FLAG_CALLABLE, FLAG_CONSTRUCTOR, FLAG_EXTENSIBLE, JsObject, ObjectKind};
use crate::realm::proto_of;
use crate::runtime::convert::to_boolean;
use crate::runtime::property::{OwnProp, PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let c = vm.new_native_function("Proxy", proxy_ctor, 2, true);
    super::method(vm, c, "revocable", revocable, 2);
    let g = vm.realm.global.as_object();
    super::value(vm, g, "Proxy", Value::object(c), Attrs::HIDDEN);
}

fn proxy_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor Proxy requires 'new'");
    }
    Ok(Value::object(proxy_create(vm, arg(args, 0), arg(args, 1))?))
}

fn revocable(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = Value::object(proxy_create(vm, arg(args, 0), arg(args, 1))?);
    // The revoke function keeps the proxy as its bound argument; once revoked, that is an empty shell.
    let revoke = native_closure(vm, revoke, &[p], 0);
    let r = vm.new_object();
    let (pk, rk) = (atom(vm.atoms.proxy), atom(vm.atoms.revoke));
    vm.create_data_property_or_throw(r, pk, p)?;
    vm.create_data_property_or_throw(r, rk, revoke)?;
    Ok(Value::object(r))
}

fn revoke(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = arg(args, 0).as_object();
    // SAFETY: single-threaded VM; `p` is the live proxy bound to this function.
    if let ObjectKind::Proxy { target, handler } = &mut unsafe { p.get_mut() }.kind {
        *target = Value::NULL;
        *handler = Value::NULL;
    }
    Ok(Value::UNDEFINED)
}

/// ProxyCreate(target, handler).
fn proxy_create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<Gc<JsObject>> {
    if !target.is_object() || !handler.is_object() {
        return vm.throw_type("Cannot create proxy with a non-object as target or handler");
    }
    let t = target.as_object();
    let mut flags = 0;
    if t.is_callable() {
        flags |= FLAG_CALLABLE;
        if t.is_constructor() {
            flags |= FLAG_CONSTRUCTOR;
        }
    }
    let shape = vm.shapes.dictionary(&mut vm.heap, proto_of(Value::NULL));
    let p = vm.alloc_object(shape, ObjectKind::Proxy { target, handler }, flags);
    // SAFETY: freshly allocated, single-threaded.
    unsafe { p.get_mut().flags &= !FLAG_EXTENSIBLE };
    Ok(p)
}

impl Vm {
    /// IsArray: arrays, and proxies whose target is one (a TypeError once a proxy on the way is revoked).
    pub fn is_array_value(&mut self, v: Value) -> JsResult<bool> {
        let mut cur = v;
        while let Some(o) = cur.try_object() {
            let ObjectKind::Proxy { target, handler } = o.kind else { return Ok(o.is_array()) };
            if handler.is_null() {
                return self.throw_type("Cannot perform 'IsArray' on a proxy that has been revoked");
            }
            cur = target;
        }
        Ok(false)
    }

    /// The target, the handler and the trap `name` (None when the handler has none) of the proxy `p`.
    fn proxy_trap(&mut self, p: Gc<JsObject>, name: Value) -> JsResult<(Gc<JsObject>, Value, Option<Value>)> {
        // Proxies of proxies recurse natively through each level's internal method.
        if !self.native_stack_ok() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        let ObjectKind::Proxy { target, handler } = p.kind else { unreachable!("proxy_trap on a non-proxy") };
        if handler.is_null() {
            let n = self.to_display_string(name);
            return self.throw_type(&format!("Cannot perform '{n}' on a proxy that has been revoked"));
        }
        let trap = self.get_v(handler, atom(name))?;
        if trap.is_nullish() {
            return Ok((target.as_object(), handler, None));
        }
        if !self.is_callable(trap) {
            let n = self.to_display_string(name);
            return self.throw_type(&format!("'{n}' on proxy: trap is not a function"));
        }
        Ok((target.as_object(), handler, Some(trap)))
    }

    /// The target's internal method, for a missing trap. Never a tail call: when the target's prototype chain leads
    /// back to the proxy, the recursion must grow the native stack (whose check in `proxy_trap` ends it with a
    /// RangeError) instead of being compiled into a loop that never ends.
    fn forward<T>(&mut self, op: impl FnOnce(&mut Vm) -> JsResult<T>) -> JsResult<T> {
        let r = op(self);
        std::hint::black_box(&r);
        r
    }

    fn proxy_invariant<T>(&mut self, name: Value, what: &str) -> JsResult<T> {
        let n = self.to_display_string(name);
        self.throw_type(&format!("'{n}' on proxy: {what}"))
    }

    pub(crate) fn proxy_get_prototype_of(&mut self, p: Gc<JsObject>) -> JsResult<Value> {
        let name = self.atoms.get_prototype_of;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.get_prototype_of(target)) };
        let proto = self.call(trap, handler, &[Value::object(target)])?;
        if !proto.is_object() && !proto.is_null() {
            return self.proxy_invariant(name, "trap returned neither object nor null");
        }
        if self.is_extensible(target)? || self.get_prototype_of(target)? == proto {
            return Ok(proto);
        }
        self.proxy_invariant(name, "proxy target is non-extensible but the trap did not return its actual prototype")
    }

    pub(crate) fn proxy_set_prototype_of(&mut self, p: Gc<JsObject>, proto: Value) -> JsResult<bool> {
        let name = self.atoms.set_prototype_of;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.set_prototype_of(target, proto)) };
        if !to_boolean(self.call(trap, handler, &[Value::object(target), proto])?) {
            return Ok(false);
        }
        if self.is_extensible(target)? || self.get_prototype_of(target)? == proto {
            return Ok(true);
        }
        self.proxy_invariant(name, "trap changed the prototype of a non-extensible target")
    }

    pub(crate) fn proxy_is_extensible(&mut self, p: Gc<JsObject>) -> JsResult<bool> {
        let name = self.atoms.is_extensible;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.is_extensible(target)) };
        let r = to_boolean(self.call(trap, handler, &[Value::object(target)])?);
        if r != self.is_extensible(target)? {
            return self.proxy_invariant(name, "trap result does not reflect extensibility of proxy target");
        }
        Ok(r)
    }

    pub(crate) fn proxy_prevent_extensions(&mut self, p: Gc<JsObject>) -> JsResult<bool> {
        let name = self.atoms.prevent_extensions;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.prevent_extensions(target)) };
        let r = to_boolean(self.call(trap, handler, &[Value::object(target)])?);
        if r && self.is_extensible(target)? {
            return self.proxy_invariant(name, "trap returned truish but the proxy target is extensible");
        }
        Ok(r)
    }

    pub(crate) fn proxy_get_own_property(&mut self, p: Gc<JsObject>, k: PropKey) -> JsResult<Option<OwnProp>> {
        let name = self.atoms.get_own_property_descriptor;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.get_own_property(target, k)) };
        let kv = self.key_to_value(k);
        let r = self.call(trap, handler, &[Value::object(target), kv])?;
        if !r.is_object() && !r.is_undefined() {
            return self.proxy_invariant(name, "trap returned neither object nor undefined");
        }
        let target_desc = self.get_own_property(target, k)?;
        if r.is_undefined() {
            let Some(td) = target_desc else { return Ok(None) };
            if !td.attrs.configurable() {
                return self.proxy_invariant(name, "trap returned undefined for a non-configurable property");
            }
            if !self.is_extensible(target)? {
                return self.proxy_invariant(name, "trap returned undefined for a property of a non-extensible target");
            }
            return Ok(None);
        }
        let extensible = self.is_extensible(target)?;
        let desc = to_property_descriptor(self, r)?;
        let result = self.complete_descriptor(&desc);
        let complete = self.own_to_descriptor(result);
        if !self.descriptor_compatible(extensible, &complete, target_desc) {
            return self.proxy_invariant(name, "trap returned a descriptor incompatible with the target's property");
        }
        if !result.attrs.configurable() {
            match target_desc {
                Some(td) if !td.attrs.configurable() => {
                    let read_only = !result.attrs.is_accessor() && !result.attrs.writable();
                    if read_only && !td.attrs.is_accessor() && td.attrs.writable() {
                        return self.proxy_invariant(name, "trap reported non-writable for a writable property");
                    }
                }
                _ => {
                    return self.proxy_invariant(
                        name,
                        "trap reported non-configurability for a property that is configurable or absent",
                    );
                }
            }
        }
        Ok(Some(result))
    }

    pub(crate) fn proxy_define_own_property(
        &mut self,
        p: Gc<JsObject>,
        k: PropKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        let name = self.atoms.define_property;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.define_own_property(target, k, desc)) };
        let desc_obj = from_property_descriptor(self, &desc)?;
        let kv = self.key_to_value(k);
        if !to_boolean(self.call(trap, handler, &[Value::object(target), kv, desc_obj])?) {
            return Ok(false);
        }
        let target_desc = self.get_own_property(target, k)?;
        let extensible = self.is_extensible(target)?;
        let setting_config_false = desc.configurable == Some(false);
        let Some(td) = target_desc else {
            if !extensible {
                return self.proxy_invariant(name, "trap added a property to a non-extensible target");
            }
            if setting_config_false {
                return self.proxy_invariant(name, "trap defined an absent property as non-configurable");
            }
            return Ok(true);
        };
        if !self.descriptor_compatible(extensible, &desc, Some(td)) {
            return self.proxy_invariant(name, "trap returned truish for an incompatible property change");
        }
        if setting_config_false && td.attrs.configurable() {
            return self.proxy_invariant(name, "trap made a configurable property non-configurable");
        }
        if !td.attrs.is_accessor() && !td.attrs.configurable() && td.attrs.writable() && desc.writable == Some(false) {
            return self.proxy_invariant(name, "trap returned truish for making a non-configurable property read-only");
        }
        Ok(true)
    }

    pub(crate) fn proxy_has(&mut self, p: Gc<JsObject>, k: PropKey) -> JsResult<bool> {
        let name = self.atoms.has;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.has_property(target, k)) };
        let kv = self.key_to_value(k);
        let r = to_boolean(self.call(trap, handler, &[Value::object(target), kv])?);
        if !r && let Some(td) = self.get_own_property(target, k)? {
            if !td.attrs.configurable() {
                return self.proxy_invariant(name, "trap returned falsish for a non-configurable property");
            }
            if !self.is_extensible(target)? {
                return self.proxy_invariant(name, "trap returned falsish for a property of a non-extensible target");
            }
        }
        Ok(r)
    }

    pub(crate) fn proxy_get(&mut self, p: Gc<JsObject>, k: PropKey, receiver: Value) -> JsResult<Value> {
        let name = self.atoms.get;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.get(target, k, receiver)) };
        let kv = self.key_to_value(k);
        let v = self.call(trap, handler, &[Value::object(target), kv, receiver])?;
        if let Some(td) = self.get_own_property(target, k)?
            && !td.attrs.configurable()
        {
            if td.attrs.is_accessor() {
                if self.accessor_pair(td.value).0.is_undefined() && !v.is_undefined() {
                    return self.proxy_invariant(name, "trap returned a value for a fixed accessor without getter");
                }
            } else if !td.attrs.writable() && !self.same_value(v, td.value) {
                return self.proxy_invariant(name, "trap returned another value for a fixed read-only property");
            }
        }
        Ok(v)
    }

    pub(crate) fn proxy_set(&mut self, p: Gc<JsObject>, k: PropKey, v: Value, receiver: Value) -> JsResult<bool> {
        let name = self.atoms.set;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.set(target, k, v, receiver)) };
        let kv = self.key_to_value(k);
        if !to_boolean(self.call(trap, handler, &[Value::object(target), kv, v, receiver])?) {
            return Ok(false);
        }
        if let Some(td) = self.get_own_property(target, k)?
            && !td.attrs.configurable()
        {
            if td.attrs.is_accessor() {
                if self.accessor_pair(td.value).1.is_undefined() {
                    return self.proxy_invariant(name, "trap succeeded for a fixed accessor without setter");
                }
            } else if !td.attrs.writable() && !self.same_value(v, td.value) {
                return self.proxy_invariant(name, "trap succeeded in changing a fixed read-only property");
            }
        }
        Ok(true)
    }

    pub(crate) fn proxy_delete(&mut self, p: Gc<JsObject>, k: PropKey) -> JsResult<bool> {
        let name = self.atoms.delete_property;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.delete(target, k)) };
        let kv = self.key_to_value(k);
        if !to_boolean(self.call(trap, handler, &[Value::object(target), kv])?) {
            return Ok(false);
        }
        let Some(td) = self.get_own_property(target, k)? else { return Ok(true) };
        if !td.attrs.configurable() {
            return self.proxy_invariant(name, "trap returned truish for a non-configurable property");
        }
        if !self.is_extensible(target)? {
            return self.proxy_invariant(name, "trap returned truish for a property of a non-extensible target");
        }
        Ok(true)
    }

    /// The keys the `ownKeys` trap returned, as canonical interned keys (so they can be compared as `PropKey`s).
    pub(crate) fn proxy_own_keys(&mut self, p: Gc<JsObject>) -> JsResult<RootedVec> {
        let name = self.atoms.own_keys;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.own_keys(target)) };
        let list = self.call(trap, handler, &[Value::object(target)])?;
        if !list.is_object() {
            return self.proxy_invariant(name, "trap returned a non-object");
        }
        let len = self.length_of(list)?;
        let mut out = RootedVec::new();
        let mut unchecked = ahash::AHashSet::new();
        for i in 0..len {
            let ik = index_key(self, i as f64);
            let v = self.get_v(list, ik)?;
            if !v.is_string() && !v.is_symbol() {
                return self.proxy_invariant(name, "trap result contains a key that is neither a string nor a symbol");
            }
            let pk = self.to_property_key(v)?;
            // The canonical key value (not `v`) goes in `out`: it roots the interned string `pk` refers to.
            let kv = self.key_to_value(pk);
            out.push(kv);
            if !unchecked.insert(pk) {
                return self.proxy_invariant(name, "trap result contains duplicate entries");
            }
        }
        let extensible = self.is_extensible(target)?;
        let target_keys = self.own_keys(target)?;
        let mut configurable = Vec::new();
        let mut nonconfigurable = Vec::new();
        for &kv in target_keys.iter() {
            let pk = self.to_property_key(kv)?;
            match self.get_own_property(target, pk)? {
                Some(d) if !d.attrs.configurable() => nonconfigurable.push(pk),
                _ => configurable.push(pk),
            }
        }
        if extensible && nonconfigurable.is_empty() {
            return Ok(out);
        }
        for k in nonconfigurable {
            if !unchecked.remove(&k) {
                return self.proxy_invariant(name, "trap result did not include a non-configurable key of the target");
            }
        }
        if extensible {
            return Ok(out);
        }
        for k in configurable {
            if !unchecked.remove(&k) {
                return self.proxy_invariant(name, "trap result did not include a key of the non-extensible target");
            }
        }
        if !unchecked.is_empty() {
            return self.proxy_invariant(name, "trap returned extra keys but the proxy target is non-extensible");
        }
        Ok(out)
    }

    /// [[Call]] of a proxy whose target is callable.
    pub(crate) fn proxy_call(&mut self, p: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<Value> {
        let (target, handler, trap) = self.proxy_trap(p, self.atoms.apply)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.call(Value::object(target), this, args)) };
        let list = Value::object(self.new_array(thin_vec::ThinVec::from(args)));
        self.call(trap, handler, &[Value::object(target), this, list])
    }

    /// [[Construct]] of a proxy whose target is a constructor.
    pub(crate) fn proxy_construct(&mut self, p: Gc<JsObject>, args: &[Value], new_target: Value) -> JsResult<Value> {
        let name = self.atoms.construct;
        let (target, handler, trap) = self.proxy_trap(p, name)?;
        let Some(trap) = trap else { return self.forward(|vm| vm.construct(Value::object(target), args, new_target)) };
        let list = Value::object(self.new_array(thin_vec::ThinVec::from(args)));
        let r = self.call(trap, handler, &[Value::object(target), list, new_target])?;
        if !r.is_object() {
            return self.proxy_invariant(name, "trap returned a non-object");
        }
        Ok(r)
    }
}
