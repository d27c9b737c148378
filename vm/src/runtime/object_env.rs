//! Object environment records (the `with` statement): HasBinding with @@unscopables, GetBindingValue and
//! SetMutableBinding, in the order the spec makes them observable (proxies and getters see every step).

use crate::atoms::key;
use crate::runtime::convert::to_boolean;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

impl Vm {
    /// HasBinding(N) of the object environment of `obj`.
    fn with_has_binding(&mut self, obj: Value, name: Value) -> JsResult<bool> {
        // The compiler stores the statement's ToObject result; anything else has no bindings.
        let Some(o) = obj.try_object() else { return Ok(false) };
        let k = self.to_property_key(name)?;
        if !self.has_property(o, k)? {
            return Ok(false);
        }
        let unscopables = self.get_v(obj, PropKey::Key(key(self.atoms.sym_unscopables)))?;
        if unscopables.is_object() {
            let blocked = self.get_v(unscopables, k)?;
            if to_boolean(blocked) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The value of `name` in the `with` object `obj`, or the hole when its environment has no such binding;
    /// `strict`: the reference is in strict code.
    pub fn with_load(&mut self, obj: Value, name: Value, strict: bool) -> JsResult<Value> {
        if !self.with_has_binding(obj, name)? {
            return Ok(Value::HOLE);
        }
        // GetBindingValue: the property may have gone meanwhile (a getter of @@unscopables can delete it).
        let k = self.to_property_key(name)?;
        if !self.has_property(obj.as_object(), k)? {
            return self.binding_gone(name, strict, Value::UNDEFINED);
        }
        self.get_v(obj, k)
    }

    /// Stores `v` as `name` in the `with` object `obj` if its environment has the binding (true), else false.
    pub fn with_store(&mut self, obj: Value, name: Value, v: Value, strict: bool) -> JsResult<bool> {
        if !self.with_has_binding(obj, name)? {
            return Ok(false);
        }
        // SetMutableBinding looks again: a binding deleted meanwhile is a ReferenceError in strict code.
        let k = self.to_property_key(name)?;
        if !self.has_property(obj.as_object(), k)? {
            self.binding_gone(name, strict, Value::UNDEFINED)?;
        }
        self.set_v(obj, k, v, strict)?;
        Ok(true)
    }

    fn binding_gone(&mut self, name: Value, strict: bool, sloppy: Value) -> JsResult<Value> {
        if !strict {
            return Ok(sloppy);
        }
        let n = self.to_display_string(name);
        self.throw(crate::realm::ErrorKind::ReferenceError, &format!("{n} is not defined"))
    }

    /// `delete name` through the `with` object `obj`: the hole when its environment has no such binding.
    pub fn with_delete(&mut self, obj: Value, name: Value) -> JsResult<Value> {
        if !self.with_has_binding(obj, name)? {
            return Ok(Value::HOLE);
        }
        let k = self.to_property_key(name)?;
        Ok(Value::bool(self.delete(obj.as_object(), k)?))
    }
}
