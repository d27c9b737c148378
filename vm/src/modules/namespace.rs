//! Module namespace exotic objects (ES2025 §10.4.6): `import * as ns`, `import()`'s result.
//!
//! The object is an ordinary non-extensible object with a null prototype whose only stored property is
//! @@toStringTag; its string keys are the module's exports, read live from the exporting environments (a binding
//! in TDZ throws a ReferenceError), never stored. Property access reaches here from `runtime/property.rs` before
//! the ordinary paths, as a proxy's does, and inline caches never cache it (`has_ordinary_named_properties`).

use super::ModuleId;
use super::link::{Binding, Resolution};
use crate::function::{ContextSlots, as_context};
use crate::handles::RootedVec;
use crate::object::{JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::runtime::property::{OwnProp, PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::{Gc, Tracer};
use tetra_shapes::Attrs;

/// The exports a namespace object shows: (property key, binding), sorted by the names' code units.
pub struct Exports {
    pub(crate) names: Vec<(PropKey, String, Binding)>,
}

impl Exports {
    pub fn trace(&self, t: &mut Tracer) {
        for (k, _, _) in &self.names {
            if let PropKey::Key(k) = k {
                Value(k.0).trace(t);
            }
        }
    }

    fn find(&self, k: PropKey) -> Option<(usize, Binding)> {
        self.names.iter().position(|(n, _, _)| same_key(*n, k)).map(|i| (i, self.names[i].2))
    }
}

fn same_key(a: PropKey, b: PropKey) -> bool {
    match (a, b) {
        (PropKey::Index(x), PropKey::Index(y)) => x == y,
        (PropKey::Key(x), PropKey::Key(y)) => x.0 == y.0,
        _ => false,
    }
}

fn exports_of(o: Gc<JsObject>) -> &'static Exports {
    match &o.kind {
        // SAFETY: the namespace object owns its exports, is live while its caller uses it, and exports never change.
        ObjectKind::ModuleNamespace(e) => unsafe { &*(&**e as *const Exports) },
        _ => unreachable!("a module namespace object"),
    }
}

impl Vm {
    /// GetModuleNamespace: the namespace object of module `m`, made at the first request.
    pub(crate) fn module_namespace(&mut self, m: ModuleId) -> Value {
        let existing = self.modules.records[m].namespace;
        if !existing.is_undefined() {
            return existing;
        }
        let mut names = vec![];
        for n in self.exported_names(m, &mut vec![]) {
            if let Resolution::Found(b) = self.resolve_export(m, &n, &mut vec![]) {
                names.push((n, b));
            }
        }
        names.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        let mut exports = Vec::with_capacity(names.len());
        let mut keep = RootedVec::from_vec(Vec::with_capacity(names.len()));
        for (n, b) in names {
            let k = self.key_from_str(&n);
            if let PropKey::Key(key) = k {
                keep.push(Value(key.0));
            }
            exports.push((k, n, b));
        }
        let kind = ObjectKind::ModuleNamespace(Box::new(Exports { names: exports }));
        let o = self.new_object_kind(Value::NULL, kind, 1);
        drop(keep);
        let tag = PropKey::Key(crate::atoms::key(self.atoms.sym_to_string_tag));
        let module = self.new_string("Module");
        let _ = self.define_own_property(o, tag, PropertyDescriptor::data(module, Attrs::NONE));
        self.ordinary_prevent_extensions(o);
        self.modules.records[m].namespace = Value::object(o);
        Value::object(o)
    }

    fn read_binding(&mut self, name: &str, b: Binding) -> JsResult<Value> {
        let v = match b {
            Binding::Namespace(t) => return Ok(self.module_namespace(t)),
            Binding::Slot(t, slot) => as_context(self.modules.records[t].environment).slot(slot as usize),
        };
        if v.is_hole() {
            return self.throw(ErrorKind::ReferenceError, &format!("Cannot access '{name}' before initialization"));
        }
        Ok(v)
    }

    /// [[GetOwnProperty]] of an export key.
    pub(crate) fn namespace_get_own_property(&mut self, o: Gc<JsObject>, k: PropKey) -> JsResult<Option<OwnProp>> {
        let e = exports_of(o);
        let Some((i, b)) = e.find(k) else { return Ok(None) };
        let value = self.read_binding(&e.names[i].1, b)?;
        Ok(Some(OwnProp { value, attrs: Attrs(Attrs::WRITABLE | Attrs::ENUMERABLE) }))
    }

    /// [[DefineOwnProperty]] of an export key: only what the property already is.
    pub(crate) fn namespace_define_own_property(
        &mut self,
        o: Gc<JsObject>,
        k: PropKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        let Some(current) = self.namespace_get_own_property(o, k)? else { return Ok(false) };
        if desc.configurable == Some(true) || desc.enumerable == Some(false) || desc.is_accessor() {
            return Ok(false);
        }
        if desc.writable == Some(false) {
            return Ok(false);
        }
        Ok(desc.value.is_none_or(|v| self.same_value(v, current.value)))
    }

    /// [[HasProperty]] of an export key.
    pub(crate) fn namespace_has(&self, o: Gc<JsObject>, k: PropKey) -> bool {
        exports_of(o).find(k).is_some()
    }

    /// [[Get]] of an export key.
    pub(crate) fn namespace_get(&mut self, o: Gc<JsObject>, k: PropKey) -> JsResult<Value> {
        let e = exports_of(o);
        match e.find(k) {
            Some((i, b)) => self.read_binding(&e.names[i].1, b),
            None => Ok(Value::UNDEFINED),
        }
    }

    /// [[Delete]] of an export key.
    pub(crate) fn namespace_delete(&self, o: Gc<JsObject>, k: PropKey) -> bool {
        exports_of(o).find(k).is_none()
    }

    /// [[OwnPropertyKeys]]: the export names in order, then the symbols.
    pub(crate) fn namespace_own_keys(&mut self, o: Gc<JsObject>) -> RootedVec {
        let e = exports_of(o);
        let mut out = Vec::with_capacity(e.names.len() + 1);
        for (k, _, _) in &e.names {
            out.push(self.key_to_value(*k));
        }
        out.extend(self.ordinary_own_keys(o).iter().copied());
        RootedVec::from_vec(out)
    }
}

/// Whether the namespace object's exotic methods handle key `k` (strings; symbols are ordinary properties).
pub(crate) fn is_export_key(k: PropKey) -> bool {
    !matches!(k, PropKey::Key(k) if Value(k.0).is_symbol())
}
