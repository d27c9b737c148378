//! Private names and private elements (`#x` in class bodies): the spec's PrivateGet, PrivateSet, PrivateFieldAdd,
//! PrivateMethodOrAccessorAdd and `#x in o`.
//!
//! Invariants:
//! - A private name is a symbol with `private` set, made afresh each time its class is evaluated (V8's private
//!   symbols). A private element is an own property of the object keyed by it, so the object's shape holds it like
//!   any named property; a method is a read-only data property, an accessor an accessor property, a field a
//!   writable data property.
//! - Nothing but this module reads or writes those properties: `own_keys` skips private names, and the keyed
//!   operations the compiler emits for `o.#x` (load, store, define, `in`) come here before any prototype walk,
//!   proxy trap or extensibility check, as the spec's [[PrivateElements]] list has none of them.
//! - The compiler resolves every `#x` to its class's binding, so a private name never reaches any other operation.

use crate::object::JsObject;
use crate::runtime::property::accessor_parts;
use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::{Attrs, Key};

/// What PrivateMethodOrAccessorAdd or PrivateFieldAdd adds.
pub enum PrivateElement {
    Field(Value),
    Method(Value),
    Accessor { get: Value, set: Value },
}

/// Whether `k` is a private name.
pub fn is_private_name(k: Value) -> bool {
    k.is_symbol() && k.as_symbol().private
}

impl Vm {
    /// A fresh private name spelled `description` (`#x`).
    pub fn new_private_name(&mut self, description: Value) -> Value {
        Value::symbol(self.heap.alloc(Symbol { description, private: true }))
    }

    /// The private element `name` of `obj`, if it has one: (value or accessor pair, attributes).
    fn private_element(&self, obj: Value, name: Value) -> Option<(Value, Attrs)> {
        if !obj.is_object() {
            return None;
        }
        let (_, p) = self.named_lookup(obj.as_object(), Key(name.0))?;
        Some((p.value, p.attrs))
    }

    fn private_description(&mut self, name: Value) -> String {
        let d = name.as_symbol().description;
        self.to_display_string(d)
    }

    /// PrivateGet: `obj.#x`.
    pub fn private_get(&mut self, obj: Value, name: Value) -> JsResult<Value> {
        let Some((v, attrs)) = self.private_element(obj, name) else {
            let n = self.private_description(name);
            return self
                .throw_type(&format!("Cannot read private member {n} from an object whose class did not declare it"));
        };
        if !attrs.is_accessor() {
            return Ok(v);
        }
        let (get, _) = accessor_parts(v);
        if get.is_undefined() {
            let n = self.private_description(name);
            return self.throw_type(&format!("'{n}' was defined without a getter"));
        }
        self.call(get, obj, &[])
    }

    /// PrivateSet: `obj.#x = v`.
    pub fn private_set(&mut self, obj: Value, name: Value, v: Value) -> JsResult<()> {
        let Some((old, attrs)) = self.private_element(obj, name) else {
            let n = self.private_description(name);
            return self
                .throw_type(&format!("Cannot write private member {n} to an object whose class did not declare it"));
        };
        if attrs.is_accessor() {
            let (_, set) = accessor_parts(old);
            if set.is_undefined() {
                let n = self.private_description(name);
                return self.throw_type(&format!("'{n}' was defined without a setter"));
            }
            self.call(set, obj, &[v])?;
            return Ok(());
        }
        if !attrs.writable() {
            let n = self.private_description(name);
            return self.throw_type(&format!("Private method '{n}' is not writable"));
        }
        let o = obj.as_object();
        let Some((Some(info), _)) = self.named_lookup(o, Key(name.0)) else {
            // Dictionary mode: the entry is rewritten in place.
            self.private_define(o, name, v, attrs);
            return Ok(());
        };
        // SAFETY: live object, single-threaded; the shape says the slot exists.
        unsafe { o.get_mut().set_existing_slot(info.slot, v) };
        Ok(())
    }

    /// PrivateFieldAdd and PrivateMethodOrAccessorAdd: a TypeError if `obj` has the element already (a constructor
    /// that returned an object initialised before), else the element is added, extensible or not.
    pub fn private_add(&mut self, obj: Value, name: Value, e: PrivateElement) -> JsResult<()> {
        if !obj.is_object() {
            return self.throw_type("Private elements can only be added to objects");
        }
        if self.private_element(obj, name).is_some() {
            let n = self.private_description(name);
            return self.throw_type(&format!("Cannot initialize {n} twice on the same object"));
        }
        let (v, attrs) = match e {
            PrivateElement::Field(v) => (v, Attrs(Attrs::WRITABLE)),
            PrivateElement::Method(f) => (f, Attrs::NONE),
            PrivateElement::Accessor { get, set } => (self.new_accessor(get, set), Attrs(Attrs::ACCESSOR)),
        };
        self.private_define(obj.as_object(), name, v, attrs);
        Ok(())
    }

    /// Adds the element (or, in a dictionary-mode object, replaces its entry).
    fn private_define(&mut self, o: Gc<JsObject>, name: Value, v: Value, attrs: Attrs) {
        self.define_data_fast(o, Key(name.0), v, attrs);
    }

    /// `#x in obj`.
    pub fn private_has(&mut self, obj: Value, name: Value) -> JsResult<bool> {
        if !obj.is_object() {
            let n = self.private_description(name);
            return self.throw_type(&format!("Cannot use 'in' operator to search for '{n}' in non-object"));
        }
        Ok(self.private_element(obj, name).is_some())
    }
}
