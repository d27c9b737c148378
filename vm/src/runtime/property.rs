//! The object internal methods: [[GetOwnProperty]], [[Get]], [[Set]], [[DefineOwnProperty]], [[Delete]],
//! [[HasProperty]], [[OwnPropertyKeys]], [[GetPrototypeOf]], [[SetPrototypeOf]], [[IsExtensible]],
//! [[PreventExtensions]] — for ordinary objects and the exotic kinds tetra has (arrays, string wrappers, mapped
//! arguments); proxies are dispatched to `builtins/proxy.rs` at the top of each, and the numeric keys of typed
//! arrays to `builtins/typed_array/exotic.rs`.
//!
//! These are the slow paths: inline caches in the interpreter handle the common shapes before getting here.
//! The `ordinary_*` variants are infallible and exist for objects known not to be proxies (the VM's own tables,
//! objects it has just created).

use crate::atoms::key;
use crate::builtins::typed_array::exotic::{get_element, numeric_key, valid_index};
use crate::function::ContextSlots;
use crate::function::as_context;
use crate::handles::RootedVec;
use crate::modules::namespace::is_export_key;
use crate::object::{FLAG_EXTENSIBLE, FLAG_LENGTH_READONLY, FLAG_PROTOTYPE, FLAG_SLOW_ELEMENTS, JsObject, ObjectKind};
use crate::realm::{ErrorKind, proto_of};
use crate::runtime::elements::Placement;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::{Attrs, Key, PropertyInfo, Shape};

/// Objects with more named properties than this go to dictionary mode (V8 uses a similar bound).
pub const MAX_FAST_PROPERTIES: u32 = 128;
/// A prototype stays in fast mode up to V8's descriptor limit: it holds a class's methods, which library code
/// adds one by one (acorn's parser prototype has 251), and a dictionary-mode prototype makes every method load a
/// hash lookup (5.9 million inline-cache misses in acorn's run). Objects used as maps, which the 128 limit is
/// for, are seldom prototypes.
pub const MAX_FAST_PROTOTYPE_PROPERTIES: u32 = 1020;
/// The global object holds every builtin and every global `var`; it stays in fast mode longer so global loads keep
/// hitting their inline caches.
pub const MAX_FAST_GLOBAL_PROPERTIES: u32 = 2048;
/// Proxies a walk up a prototype chain may pass before it gives up with a RangeError: a chain can only loop through
/// a proxy (ordinary [[SetPrototypeOf]] refuses cycles but stops looking at a proxy). V8 has the same limit.
const MAX_PROXY_HOPS: u32 = 100 * 1024;

/// A property key after ToPropertyKey: an array index or an interned string / symbol.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PropKey {
    Index(u32),
    Key(Key),
}

/// A property as stored: a data value or an accessor pair object (`ObjectKind::Accessor`).
#[derive(Clone, Copy, Debug)]
pub struct OwnProp {
    pub value: Value,
    pub attrs: Attrs,
}

#[derive(Clone, Copy, Default, Debug)]
pub struct PropertyDescriptor {
    pub value: Option<Value>,
    pub writable: Option<bool>,
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub enumerable: Option<bool>,
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    pub fn data(value: Value, attrs: Attrs) -> PropertyDescriptor {
        PropertyDescriptor {
            value: Some(value),
            writable: Some(attrs.writable()),
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
            ..Default::default()
        }
    }
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
}

pub(crate) fn accessor_parts(v: Value) -> (Value, Value) {
    match &v.as_object().kind {
        ObjectKind::Accessor { get, set } => (*get, *set),
        _ => (Value::UNDEFINED, Value::UNDEFINED),
    }
}

impl Vm {
    pub fn key_from_str(&mut self, s: &str) -> PropKey {
        let st = self.intern(s);
        self.key_from_interned(st)
    }

    fn key_from_interned(&mut self, s: Gc<crate::string::JsString>) -> PropKey {
        match s.array_index() {
            Some(i) => PropKey::Index(i),
            None => PropKey::Key(key(Value::string(s))),
        }
    }

    /// ToPropertyKey.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<PropKey> {
        if v.is_int() && v.as_int() >= 0 {
            return Ok(PropKey::Index(v.as_int() as u32));
        }
        if v.is_string() {
            let s = v.as_string();
            if let Some(i) = s.array_index() {
                return Ok(PropKey::Index(i));
            }
            let s = self.intern_string(s);
            return Ok(PropKey::Key(key(Value::string(s))));
        }
        if v.is_symbol() {
            return Ok(PropKey::Key(Key(v.0)));
        }
        let p = self.to_primitive(v, crate::runtime::convert::Hint::String)?;
        if p.is_symbol() {
            return Ok(PropKey::Key(Key(p.0)));
        }
        let s = self.to_string(p)?;
        self.to_property_key(Value::string(s))
    }

    /// The key as a JS value (a string or a symbol).
    pub fn key_to_value(&mut self, k: PropKey) -> Value {
        match k {
            PropKey::Index(i) => Value::string(self.intern(&i.to_string())),
            PropKey::Key(k) => Value(k.0),
        }
    }

    /// The named-property key an index is stored under when it is not in `elements`.
    fn index_key(&mut self, i: u32) -> Key {
        key(Value::string(self.intern(&i.to_string())))
    }

    pub(crate) fn named_lookup(&self, o: Gc<JsObject>, k: Key) -> Option<(Option<PropertyInfo>, OwnProp)> {
        if let Some(d) = &o.dict {
            return d.get(&k).map(|&(value, attrs)| (None, OwnProp { value, attrs }));
        }
        let info = o.shape.lookup(k)?;
        Some((Some(info), OwnProp { value: o.get_slot(info.slot), attrs: info.attrs }))
    }

    /// [[GetOwnProperty]]: the stored property (accessors as their pair object).
    pub fn get_own_property(&mut self, o: Gc<JsObject>, k: PropKey) -> JsResult<Option<OwnProp>> {
        if o.is_proxy() {
            return self.proxy_get_own_property(o, k);
        }
        if o.is_module_namespace() && is_export_key(k) {
            return self.namespace_get_own_property(o, k);
        }
        Ok(self.ordinary_get_own_property(o, k))
    }

    /// OrdinaryGetOwnProperty (with the exotic own properties of arrays, string wrappers, arguments and typed arrays).
    pub fn ordinary_get_own_property(&mut self, o: Gc<JsObject>, k: PropKey) -> Option<OwnProp> {
        if o.is_typed_array()
            && let Some(n) = numeric_key(k)
        {
            return self.typed_get_own(o, n);
        }
        match k {
            PropKey::Index(i) => {
                if let Some(&v) = o.elements.get(i as usize)
                    && !v.is_hole()
                {
                    return Some(OwnProp { value: v, attrs: Attrs::DEFAULT });
                }
                match &o.kind {
                    ObjectKind::String(s) if (i as usize) < s.len() => {
                        let c = s.char_at(i as usize);
                        let v = self.single_char_string(c);
                        return Some(OwnProp { value: v, attrs: Attrs(Attrs::ENUMERABLE) });
                    }
                    ObjectKind::Arguments { context, map }
                        if (i as usize) < map.len() && map[i as usize] != u16::MAX =>
                    {
                        // A mapped argument reads its parameter; changed attributes (non-enumerable, non-configurable)
                        // are kept in a named property beside the mapping.
                        let v = as_context(*context).slot(map[i as usize] as usize);
                        let attrs = if o.flags & FLAG_SLOW_ELEMENTS != 0 {
                            let ik = self.index_key(i);
                            self.named_lookup(o, ik).map_or(Attrs::DEFAULT, |p| p.1.attrs)
                        } else {
                            Attrs::DEFAULT
                        };
                        return Some(OwnProp { value: v, attrs });
                    }
                    _ => {}
                }
                if o.flags & FLAG_SLOW_ELEMENTS != 0 {
                    let ik = self.index_key(i);
                    return self.named_lookup(o, ik).map(|p| p.1);
                }
                None
            }
            PropKey::Key(k) => {
                if k.0 == self.atoms.length.0 {
                    if o.is_array() {
                        let attrs =
                            if o.flags & FLAG_LENGTH_READONLY != 0 { Attrs::NONE } else { Attrs(Attrs::WRITABLE) };
                        return Some(OwnProp { value: Value::number(o.length as f64), attrs });
                    }
                    if let ObjectKind::String(s) = &o.kind {
                        return Some(OwnProp { value: Value::int(s.len() as i32), attrs: Attrs::NONE });
                    }
                }
                self.named_lookup(o, k).map(|p| p.1)
            }
        }
    }

    /// [[Get]] with an explicit receiver (for getters).
    pub fn get(&mut self, o: Gc<JsObject>, k: PropKey, receiver: Value) -> JsResult<Value> {
        let mut cur = o;
        loop {
            if cur.is_proxy() {
                return self.proxy_get(cur, k, receiver);
            }
            if cur.is_module_namespace() && is_export_key(k) {
                return self.namespace_get(cur, k);
            }
            if cur.is_typed_array()
                && let Some(n) = numeric_key(k)
            {
                return Ok(get_element(self, cur, n));
            }
            if let Some(p) = self.ordinary_get_own_property(cur, k) {
                if p.attrs.is_accessor() {
                    let (getter, _) = accessor_parts(p.value);
                    if getter.is_undefined() {
                        return Ok(Value::UNDEFINED);
                    }
                    return self.call(getter, receiver, &[]);
                }
                return Ok(p.value);
            }
            let proto = cur.proto();
            if !proto.is_object() {
                return Ok(Value::UNDEFINED);
            }
            cur = proto.as_object();
        }
    }

    /// GetV: property lookup on any value (primitives use their prototype; strings have `length` and indices).
    pub fn get_v(&mut self, v: Value, k: PropKey) -> JsResult<Value> {
        if v.is_object() {
            return self.get(v.as_object(), k, v);
        }
        if v.is_string() {
            let s = v.as_string();
            match k {
                PropKey::Index(i) if (i as usize) < s.len() => {
                    let c = s.char_at(i as usize);
                    return Ok(self.single_char_string(c));
                }
                PropKey::Key(key) if key.0 == self.atoms.length.0 => return Ok(Value::int(s.len() as i32)),
                _ => {}
            }
        }
        let proto = self.primitive_prototype(v)?;
        self.get(proto, k, v)
    }

    pub fn get_v_str(&mut self, v: Value, name: &str) -> JsResult<Value> {
        let k = self.key_from_str(name);
        self.get_v(v, k)
    }

    /// The prototype used for property lookups on a primitive; TypeError for null/undefined.
    pub fn primitive_prototype(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        let p = if v.is_number() {
            self.realm.number_prototype
        } else if v.is_string() {
            self.realm.string_prototype
        } else if v.is_bool() {
            self.realm.boolean_prototype
        } else if v.is_symbol() {
            self.realm.symbol_prototype
        } else if v.is_bigint() {
            self.realm.bigint_prototype
        } else {
            let what = if v.is_undefined() { "undefined" } else { "null" };
            return self.throw_type(&format!("Cannot read properties of {what}"));
        };
        // An embedder may run without some builtins installed: Object.prototype is always there.
        Ok(if p.is_object() { p.as_object() } else { self.realm.object_prototype.as_object() })
    }

    pub fn single_char_string(&mut self, c: u16) -> Value {
        if c < 256 {
            return Value::string(self.latin1_char(c as u8));
        }
        Value::string(crate::string::JsString::alloc_units(&mut self.heap, vec![c]))
    }

    /// [[Set]] (OrdinarySet): walks the prototype chain for setters and read-only properties, then defines or
    /// updates the property on `receiver`. Returns false when the assignment is rejected.
    pub fn set(&mut self, o: Gc<JsObject>, k: PropKey, v: Value, receiver: Value) -> JsResult<bool> {
        let mut cur = o;
        loop {
            if cur.is_proxy() {
                return self.proxy_set(cur, k, v, receiver);
            }
            if cur.is_module_namespace() && is_export_key(k) {
                return Ok(false);
            }
            if cur.is_typed_array()
                && let Some(n) = numeric_key(k)
                && let Some(done) = self.typed_set(cur, n, v, receiver)?
            {
                return Ok(done);
            }
            if let Some(p) = self.ordinary_get_own_property(cur, k) {
                if p.attrs.is_accessor() {
                    let (_, setter) = accessor_parts(p.value);
                    if setter.is_undefined() {
                        return Ok(false);
                    }
                    self.call(setter, receiver, &[v])?;
                    return Ok(true);
                }
                if !p.attrs.writable() {
                    return Ok(false);
                }
                break;
            }
            let proto = cur.proto();
            if !proto.is_object() {
                break;
            }
            cur = proto.as_object();
        }
        if !receiver.is_object() {
            return Ok(false);
        }
        let r = receiver.as_object();
        if r.is_proxy() || r.is_typed_array() {
            // A proxy receiver (Reflect.set, or a proxy whose target's chain ends here) sees both steps in its traps;
            // a typed array receiver defines (or refuses) elements through its own [[DefineOwnProperty]].
            return match self.get_own_property(r, k)? {
                Some(p) if p.attrs.is_accessor() || !p.attrs.writable() => Ok(false),
                Some(_) => self.define_own_property(r, k, PropertyDescriptor { value: Some(v), ..Default::default() }),
                None => self.create_data_property(r, k, v),
            };
        }
        if let Some(existing) = self.ordinary_get_own_property(r, k) {
            if existing.attrs.is_accessor() || !existing.attrs.writable() {
                return Ok(false);
            }
            return self.write_existing(r, k, v);
        }
        self.add_property(r, k, v, Attrs::DEFAULT)
    }

    /// Updates the value of an existing writable data property.
    fn write_existing(&mut self, o: Gc<JsObject>, k: PropKey, v: Value) -> JsResult<bool> {
        match k {
            PropKey::Index(i) => {
                // SAFETY: live object, single-threaded.
                let m = unsafe { o.get_mut() };
                if let Some(slot) = m.elements.get_mut(i as usize)
                    && !slot.is_hole()
                {
                    *slot = v;
                    return Ok(true);
                }
                if let ObjectKind::Arguments { context, map } = &m.kind
                    && (i as usize) < map.len()
                    && map[i as usize] != u16::MAX
                {
                    as_context(*context).set_slot(map[i as usize] as usize, v);
                    return Ok(true);
                }
                let ik = self.index_key(i);
                self.write_named(o, ik, v);
                Ok(true)
            }
            PropKey::Key(kk) => {
                if kk.0 == self.atoms.length.0 && o.is_array() {
                    return self.set_array_length(o, v);
                }
                self.write_named(o, kk, v);
                Ok(true)
            }
        }
    }

    fn write_named(&mut self, o: Gc<JsObject>, k: Key, v: Value) {
        // SAFETY: live object, single-threaded.
        let m = unsafe { o.get_mut() };
        let old = if let Some(d) = &mut m.dict {
            let Some(e) = d.get_mut(&k) else { return };
            std::mem::replace(&mut e.0, v)
        } else {
            let Some(info) = m.shape.lookup(k) else { return };
            let old = m.get_slot(info.slot);
            m.set_slot(info.slot, v);
            old
        };
        self.global_property_written(o, k, old, v);
    }

    /// Adds a property that is absent (respects extensibility). Indices go to dense elements when possible.
    pub fn add_property(&mut self, o: Gc<JsObject>, k: PropKey, v: Value, attrs: Attrs) -> JsResult<bool> {
        if o.flags & FLAG_EXTENSIBLE == 0 {
            return Ok(false);
        }
        match k {
            PropKey::Index(i) => {
                if o.flags & FLAG_PROTOTYPE != 0 {
                    self.no_indexed_prototypes = false;
                }
                if o.is_array() && i >= o.length && o.flags & FLAG_LENGTH_READONLY != 0 {
                    return Ok(false);
                }
                // Dense unless the density rule says the storage would be mostly holes (`runtime/elements.rs`).
                let placement = if attrs == Attrs::DEFAULT { self.element_placement(o, i) } else { Placement::Slow };
                if let Placement::Dense(cap) = placement {
                    // SAFETY: live object, single-threaded.
                    let m = unsafe { o.get_mut() };
                    let before = m.elements.capacity();
                    let len = m.elements.len();
                    if (i as usize) >= len {
                        if cap > before {
                            m.elements.reserve_exact(cap - len);
                        }
                        m.elements.resize(i as usize + 1, Value::HOLE);
                    }
                    m.elements[i as usize] = v;
                    if m.is_array() && i >= m.length {
                        m.length = i + 1;
                    }
                    let grown = m.elements.capacity().saturating_sub(before) * 8;
                    if grown > 0 {
                        self.heap.report_external(grown);
                        if !o.has_fast_elements() {
                            // The dense part grew: the named indices may fit in it now.
                            self.try_dense_elements(o);
                        }
                    }
                    return Ok(true);
                }
                // SAFETY: live object, single-threaded.
                unsafe {
                    let m = o.get_mut();
                    m.flags |= FLAG_SLOW_ELEMENTS;
                    if m.is_array() && i >= m.length {
                        m.length = i + 1;
                    }
                }
                let ik = self.index_key(i);
                self.define_data_fast(o, ik, v, attrs);
                if attrs == Attrs::DEFAULT {
                    self.slow_element_added(o);
                }
                Ok(true)
            }
            PropKey::Key(kk) => {
                self.define_data_fast(o, kk, v, attrs);
                Ok(true)
            }
        }
    }

    /// ArraySetLength for `arr.length = v`.
    pub fn set_array_length(&mut self, o: Gc<JsObject>, v: Value) -> JsResult<bool> {
        let n = self.to_number(v)?;
        let len = n as u32;
        if len as f64 != n {
            return self.throw_range("Invalid array length");
        }
        if o.flags & FLAG_LENGTH_READONLY != 0 {
            return Ok(len == o.length);
        }
        if len < o.length && o.flags & FLAG_SLOW_ELEMENTS != 0 {
            // Delete named index properties >= len (from the top, stopping at a non-configurable one).
            let mut idx: Vec<u32> = self.named_index_keys(o).into_iter().filter(|&i| i >= len).collect();
            idx.sort_unstable_by(|a, b| b.cmp(a));
            for i in idx {
                if !self.delete(o, PropKey::Index(i))? {
                    // SAFETY: live object, single-threaded.
                    unsafe { o.get_mut().length = i + 1 };
                    return Ok(false);
                }
            }
        }
        // SAFETY: live object, single-threaded.
        let m = unsafe { o.get_mut() };
        let shrinks = len < m.length;
        if (len as usize) < m.elements.len() {
            m.elements.truncate(len as usize);
            // Give back a storage that is now mostly unused (V8 trims when capacity >= 2 * length + 16).
            if m.elements.capacity() >= 2 * len as usize + 16 {
                m.elements.shrink_to_fit();
            }
        }
        m.length = len;
        if shrinks && !o.has_fast_elements() {
            // The sparse indices that made the elements slow may be gone.
            self.try_dense_elements(o);
        }
        Ok(true)
    }

    fn named_index_keys(&mut self, o: Gc<JsObject>) -> Vec<u32> {
        let keys: Vec<Key> = match &o.dict {
            Some(d) => d.keys().copied().collect(),
            None => o.shape.properties().iter().map(|p| p.key).collect(),
        };
        keys.into_iter()
            .filter_map(|k| {
                let v = Value(k.0);
                if v.is_string() { v.as_string().array_index() } else { None }
            })
            .collect()
    }

    /// PutValue semantics for `target[k] = v`: TypeError on null/undefined, and on rejection in strict code.
    pub fn set_v(&mut self, target: Value, k: PropKey, v: Value, strict: bool) -> JsResult<()> {
        let ok = if target.is_object() {
            self.set(target.as_object(), k, v, target)?
        } else if target.is_nullish() {
            let what = if target.is_undefined() { "undefined" } else { "null" };
            let name = self.key_to_value(k);
            let name = self.to_display_string(name);
            return self.throw_type(&format!("Cannot set properties of {what} (setting '{name}')"));
        } else {
            let proto = self.primitive_prototype(target)?;
            self.set(proto, k, v, target)?
        };
        if !ok && strict {
            let name = self.key_to_value(k);
            let name = self.to_display_string(name);
            return self.throw_type(&format!("Cannot assign to read only property '{name}' of object"));
        }
        Ok(())
    }

    /// [[HasProperty]].
    pub fn has_property(&mut self, o: Gc<JsObject>, k: PropKey) -> JsResult<bool> {
        let mut cur = o;
        loop {
            if cur.is_proxy() {
                return self.proxy_has(cur, k);
            }
            if cur.is_module_namespace() && is_export_key(k) {
                return Ok(self.namespace_has(cur, k));
            }
            if cur.is_typed_array()
                && let Some(n) = numeric_key(k)
            {
                return Ok(valid_index(cur, n).is_some());
            }
            if self.ordinary_get_own_property(cur, k).is_some() {
                return Ok(true);
            }
            let p = cur.proto();
            if !p.is_object() {
                return Ok(false);
            }
            cur = p.as_object();
        }
    }

    /// [[Delete]]: false when the property is non-configurable.
    pub fn delete(&mut self, o: Gc<JsObject>, k: PropKey) -> JsResult<bool> {
        if o.is_proxy() {
            return self.proxy_delete(o, k);
        }
        if o.is_module_namespace() && is_export_key(k) {
            return Ok(self.namespace_delete(o, k));
        }
        if o.is_typed_array()
            && let Some(n) = numeric_key(k)
        {
            return Ok(valid_index(o, n).is_none());
        }
        let Some(p) = self.ordinary_get_own_property(o, k) else { return Ok(true) };
        if !p.attrs.configurable() {
            return Ok(false);
        }
        match k {
            PropKey::Index(i) => {
                // SAFETY: live object, single-threaded.
                let m = unsafe { o.get_mut() };
                if let Some(slot) = m.elements.get_mut(i as usize)
                    && !slot.is_hole()
                {
                    *slot = Value::HOLE;
                    return Ok(true);
                }
                if let ObjectKind::Arguments { map, .. } = &mut m.kind
                    && (i as usize) < map.len()
                    && map[i as usize] != u16::MAX
                {
                    map[i as usize] = u16::MAX;
                    if m.flags & FLAG_SLOW_ELEMENTS != 0 {
                        let ik = self.index_key(i);
                        if self.named_lookup(o, ik).is_some() {
                            self.delete_named(o, ik);
                        }
                    }
                    return Ok(true);
                }
                let ik = self.index_key(i);
                self.delete_named(o, ik);
                Ok(true)
            }
            PropKey::Key(kk) => {
                self.delete_named(o, kk);
                Ok(true)
            }
        }
    }

    fn delete_named(&mut self, o: Gc<JsObject>, k: Key) {
        self.global_property_written(o, k, Value::UNDEFINED, Value::HOLE);
        // Deleting the most recently added property goes back to the parent shape (V8 does the same); anything else
        // sends the object to dictionary mode.
        if o.dict.is_none()
            && let Some(last) = o.shape.last_added()
            && last.key == k
        {
            let parent = o.shape.parent().expect("non-root");
            // SAFETY: live object, single-threaded.
            let m = unsafe { o.get_mut() };
            m.set_slot(last.slot, Value::UNDEFINED);
            m.shape = parent;
            if m.flags & FLAG_PROTOTYPE != 0 {
                self.bump_proto_epoch();
            }
            return;
        }
        let d = self.normalize(o);
        d.shift_remove(&k);
        if o.flags & FLAG_PROTOTYPE != 0 {
            self.bump_proto_epoch();
        }
    }

    /// [[OwnPropertyKeys]]: integer indices ascending, then strings in insertion order, then symbols. The result is
    /// rooted: index keys are freshly interned strings that nothing else may hold.
    pub fn own_keys(&mut self, o: Gc<JsObject>) -> JsResult<RootedVec> {
        if o.is_proxy() {
            return self.proxy_own_keys(o);
        }
        if o.is_module_namespace() {
            return Ok(self.namespace_own_keys(o));
        }
        Ok(self.ordinary_own_keys(o))
    }

    /// OrdinaryOwnPropertyKeys (with the exotic keys of arrays, string wrappers and arguments).
    pub fn ordinary_own_keys(&mut self, o: Gc<JsObject>) -> RootedVec {
        let mut indices: Vec<u32> =
            o.elements.iter().enumerate().filter(|(_, v)| !v.is_hole()).map(|(i, _)| i as u32).collect();
        if o.is_typed_array() {
            // Buffers hold less than 2^32 bytes, so every element index is an array index (below 2^32 - 1).
            indices.extend(0..self.typed_index_count(o) as u32);
        }
        match &o.kind {
            ObjectKind::String(s) => indices.extend(0..s.len() as u32),
            ObjectKind::Arguments { map, .. } => {
                indices.extend(map.iter().enumerate().filter(|(_, m)| **m != u16::MAX).map(|(i, _)| i as u32))
            }
            _ => {}
        }
        let named: Vec<Key> = match &o.dict {
            Some(d) => d.keys().copied().collect(),
            None => o.shape.properties().iter().map(|p| p.key).collect(),
        };
        let mut strings = Vec::new();
        let mut symbols = Vec::new();
        for k in named {
            let v = Value(k.0);
            if v.is_symbol() {
                if !v.as_symbol().private {
                    symbols.push(v);
                }
            } else if let Some(i) = v.as_string().array_index() {
                indices.push(i);
            } else {
                strings.push(v);
            }
        }
        indices.sort_unstable();
        indices.dedup();
        let mut out = RootedVec::from_vec(Vec::with_capacity(indices.len() + strings.len() + symbols.len() + 1));
        for i in indices {
            out.push(self.key_to_value(PropKey::Index(i)));
        }
        if o.is_array() || matches!(o.kind, ObjectKind::String(_)) {
            out.push(self.atoms.length);
        }
        out.extend(strings);
        out.extend(symbols);
        out
    }

    /// [[DefineOwnProperty]] (ValidateAndApplyPropertyDescriptor). Returns false when the change is not allowed.
    pub fn define_own_property(&mut self, o: Gc<JsObject>, k: PropKey, desc: PropertyDescriptor) -> JsResult<bool> {
        if o.is_proxy() {
            return self.proxy_define_own_property(o, k, desc);
        }
        if o.is_module_namespace() && is_export_key(k) {
            return self.namespace_define_own_property(o, k, desc);
        }
        if o.is_typed_array()
            && let Some(n) = numeric_key(k)
        {
            return self.typed_define(o, n, desc);
        }
        if let PropKey::Key(kk) = k
            && kk.0 == self.atoms.length.0
            && o.is_array()
        {
            return self.define_array_length(o, desc);
        }
        let current = self.ordinary_get_own_property(o, k);
        if !self.descriptor_compatible(o.is_extensible(), &desc, current) {
            return Ok(false);
        }
        let Some(cur) = current else {
            let mut attrs = Attrs::NONE;
            attrs = attrs.with(Attrs::ENUMERABLE, desc.enumerable.unwrap_or(false));
            attrs = attrs.with(Attrs::CONFIGURABLE, desc.configurable.unwrap_or(false));
            let value = if desc.is_accessor() {
                attrs = attrs.with(Attrs::ACCESSOR, true);
                self.new_accessor(desc.get.unwrap_or(Value::UNDEFINED), desc.set.unwrap_or(Value::UNDEFINED))
            } else {
                attrs = attrs.with(Attrs::WRITABLE, desc.writable.unwrap_or(false));
                desc.value.unwrap_or(Value::UNDEFINED)
            };
            if let PropKey::Index(i) = k
                && o.is_array()
                && i >= o.length
                && o.flags & FLAG_LENGTH_READONLY != 0
            {
                return Ok(false);
            }
            return self.add_property(o, k, value, attrs);
        };
        let cattrs = cur.attrs;
        // Build the new attributes and value.
        let mut attrs = cattrs;
        if let Some(e) = desc.enumerable {
            attrs = attrs.with(Attrs::ENUMERABLE, e);
        }
        if let Some(c) = desc.configurable {
            attrs = attrs.with(Attrs::CONFIGURABLE, c);
        }
        let value;
        if desc.is_accessor() {
            let (g, s) =
                if cattrs.is_accessor() { accessor_parts(cur.value) } else { (Value::UNDEFINED, Value::UNDEFINED) };
            value = self.new_accessor(desc.get.unwrap_or(g), desc.set.unwrap_or(s));
            attrs = attrs.with(Attrs::ACCESSOR, true).with(Attrs::WRITABLE, false);
        } else if desc.is_data() || !cattrs.is_accessor() {
            if cattrs.is_accessor() {
                attrs = attrs.with(Attrs::ACCESSOR, false).with(Attrs::WRITABLE, false);
                value = desc.value.unwrap_or(Value::UNDEFINED);
            } else {
                value = desc.value.unwrap_or(cur.value);
            }
            if let Some(w) = desc.writable {
                attrs = attrs.with(Attrs::WRITABLE, w);
            }
        } else {
            value = cur.value;
        }
        self.replace_property(o, k, value, attrs);
        Ok(true)
    }

    /// The checks of ValidateAndApplyPropertyDescriptor (IsCompatiblePropertyDescriptor when nothing is applied):
    /// whether `desc` may be applied to a property in state `current` (None: absent) of an object that is
    /// `extensible`.
    pub fn descriptor_compatible(&self, extensible: bool, desc: &PropertyDescriptor, current: Option<OwnProp>) -> bool {
        let Some(cur) = current else { return extensible };
        let cattrs = cur.attrs;
        if cattrs.configurable() {
            return true;
        }
        if desc.configurable == Some(true) || desc.enumerable.is_some_and(|e| e != cattrs.enumerable()) {
            return false;
        }
        if (desc.is_accessor() || desc.is_data()) && desc.is_accessor() != cattrs.is_accessor() {
            return false;
        }
        if cattrs.is_accessor() {
            let (g, s) = accessor_parts(cur.value);
            return desc.get.is_none_or(|x| self.same_value(x, g)) && desc.set.is_none_or(|x| self.same_value(x, s));
        }
        cattrs.writable() || (desc.writable != Some(true) && desc.value.is_none_or(|v| self.same_value(v, cur.value)))
    }

    /// A stored property as a (complete) descriptor.
    pub fn own_to_descriptor(&self, p: OwnProp) -> PropertyDescriptor {
        if p.attrs.is_accessor() {
            let (get, set) = accessor_parts(p.value);
            return PropertyDescriptor {
                get: Some(get),
                set: Some(set),
                enumerable: Some(p.attrs.enumerable()),
                configurable: Some(p.attrs.configurable()),
                ..Default::default()
            };
        }
        PropertyDescriptor::data(p.value, p.attrs)
    }

    /// CompletePropertyDescriptor, as a stored property (an accessor gets a fresh pair object).
    pub fn complete_descriptor(&mut self, d: &PropertyDescriptor) -> OwnProp {
        let mut attrs = Attrs::NONE
            .with(Attrs::ENUMERABLE, d.enumerable.unwrap_or(false))
            .with(Attrs::CONFIGURABLE, d.configurable.unwrap_or(false));
        if d.is_accessor() {
            attrs = attrs.with(Attrs::ACCESSOR, true);
            let value = self.new_accessor(d.get.unwrap_or(Value::UNDEFINED), d.set.unwrap_or(Value::UNDEFINED));
            return OwnProp { value, attrs };
        }
        attrs = attrs.with(Attrs::WRITABLE, d.writable.unwrap_or(false));
        OwnProp { value: d.value.unwrap_or(Value::UNDEFINED), attrs }
    }

    fn define_array_length(&mut self, o: Gc<JsObject>, desc: PropertyDescriptor) -> JsResult<bool> {
        if desc.is_accessor() || desc.configurable == Some(true) || desc.enumerable == Some(true) {
            return Ok(false);
        }
        if let Some(v) = desc.value {
            let n = self.to_number(v)?;
            if (n as u32) as f64 != n {
                return self.throw_range("Invalid array length");
            }
            if o.flags & FLAG_LENGTH_READONLY != 0 && n as u32 != o.length {
                return Ok(false);
            }
            if !self.set_array_length(o, v)? {
                return Ok(false);
            }
        }
        if desc.writable == Some(true) && o.flags & FLAG_LENGTH_READONLY != 0 {
            return Ok(false);
        }
        if desc.writable == Some(false) {
            // SAFETY: live object, single-threaded.
            unsafe { o.get_mut().flags |= FLAG_LENGTH_READONLY };
        }
        Ok(true)
    }

    /// Stores (value, attrs) for an existing property, changing its attributes where needed.
    fn replace_property(&mut self, o: Gc<JsObject>, k: PropKey, value: Value, attrs: Attrs) {
        let named = match k {
            PropKey::Index(i) => {
                let in_elements = o.elements.get(i as usize).is_some_and(|v| !v.is_hole());
                if in_elements && attrs == Attrs::DEFAULT {
                    // SAFETY: live object, single-threaded.
                    unsafe { o.get_mut().elements[i as usize] = value };
                    return;
                }
                // SAFETY: live object, single-threaded.
                let m = unsafe { o.get_mut() };
                if let ObjectKind::Arguments { context, map } = &mut m.kind
                    && (i as usize) < map.len()
                    && map[i as usize] != u16::MAX
                {
                    // The spec's arguments [[DefineOwnProperty]]: the parameter takes the value; the mapping
                    // ends only when the property becomes an accessor or read-only.
                    if !attrs.is_accessor() {
                        as_context(*context).set_slot(map[i as usize] as usize, value);
                    }
                    if attrs.is_accessor() || !attrs.writable() {
                        map[i as usize] = u16::MAX;
                    } else if attrs == Attrs::DEFAULT && m.flags & FLAG_SLOW_ELEMENTS == 0 {
                        return;
                    }
                }
                if in_elements {
                    m.elements[i as usize] = Value::HOLE;
                }
                m.flags |= FLAG_SLOW_ELEMENTS;
                let ik = self.index_key(i);
                if self.named_lookup(o, ik).is_none() {
                    self.define_data_fast(o, ik, value, attrs);
                    return;
                }
                ik
            }
            PropKey::Key(kk) => kk,
        };
        if Value::object(o) == self.realm.global {
            let old = self.named_lookup(o, named).map_or(Value::HOLE, |(_, p)| p.value);
            self.global_property_written(o, named, old, value);
        }
        if o.dict.is_none() {
            let info = o.shape.lookup(named).expect("property exists");
            if info.attrs == attrs {
                // SAFETY: live object, single-threaded.
                unsafe { o.get_mut().set_slot(info.slot, value) };
                return;
            }
            // Attribute change: rebuild the shape with the same slots.
            let mut props = o.shape.properties();
            for p in props.iter_mut() {
                if p.key == named {
                    p.attrs = attrs;
                }
            }
            let proto = o.shape.proto();
            let cap = o.in_object_capacity();
            let shape = self.shapes.rebuild(&mut self.heap, proto, cap, &props);
            // SAFETY: live object, single-threaded; the rebuilt shape keeps every slot index.
            unsafe {
                let m = o.get_mut();
                m.shape = shape;
                m.set_slot(info.slot, value);
            }
        } else {
            let d = self.normalize(o);
            if let Some(e) = d.get_mut(&named) {
                *e = (value, attrs);
            }
        }
        if o.flags & FLAG_PROTOTYPE != 0 {
            self.bump_proto_epoch();
        }
    }

    pub fn new_accessor(&mut self, get: Value, set: Value) -> Value {
        let shape = self.shapes.root(&mut self.heap, proto_of(Value::NULL), 0);
        Value::object(self.alloc_object(shape, ObjectKind::Accessor { get, set }, 0))
    }

    /// Reads an accessor property's pair, for Object.getOwnPropertyDescriptor.
    pub fn accessor_pair(&self, v: Value) -> (Value, Value) {
        accessor_parts(v)
    }

    /// [[GetPrototypeOf]].
    pub fn get_prototype_of(&mut self, o: Gc<JsObject>) -> JsResult<Value> {
        if o.is_proxy() {
            return self.proxy_get_prototype_of(o);
        }
        Ok(o.proto())
    }

    /// [[GetPrototypeOf]] as one step of a walk up a prototype chain, counting in `hops` the proxies passed.
    pub fn prototype_step(&mut self, o: Gc<JsObject>, hops: &mut u32) -> JsResult<Value> {
        if o.is_proxy() {
            *hops += 1;
            if *hops > MAX_PROXY_HOPS {
                return self.throw_range("Maximum call stack size exceeded");
            }
        }
        self.get_prototype_of(o)
    }

    /// [[IsExtensible]].
    pub fn is_extensible(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if o.is_proxy() {
            return self.proxy_is_extensible(o);
        }
        Ok(o.is_extensible())
    }

    /// [[SetPrototypeOf]]. False if not extensible or if it would create a cycle.
    pub fn set_prototype_of(&mut self, o: Gc<JsObject>, proto: Value) -> JsResult<bool> {
        if o.is_proxy() {
            return self.proxy_set_prototype_of(o, proto);
        }
        Ok(self.ordinary_set_prototype_of(o, proto))
    }

    /// OrdinarySetPrototypeOf.
    pub fn ordinary_set_prototype_of(&mut self, o: Gc<JsObject>, proto: Value) -> bool {
        if o.proto() == proto {
            return true;
        }
        if !o.is_extensible() {
            return false;
        }
        // The cycle check stops at a proxy: its [[GetPrototypeOf]] is not the ordinary one.
        let mut p = proto;
        while p.is_object() {
            let po = p.as_object();
            if po == o {
                return false;
            }
            if po.is_proxy() {
                break;
            }
            p = po.proto();
        }
        if proto.is_object() {
            self.mark_prototype(proto.as_object());
        }
        let shape: Gc<Shape> = if o.dict.is_some() {
            self.shapes.dictionary(&mut self.heap, proto_of(proto))
        } else {
            let props = o.shape.properties();
            let cap = o.in_object_capacity();
            self.shapes.rebuild(&mut self.heap, proto_of(proto), cap, &props)
        };
        // SAFETY: live object, single-threaded; the new shape keeps every slot index.
        unsafe { o.get_mut().shape = shape };
        if o.flags & FLAG_PROTOTYPE != 0 {
            self.bump_proto_epoch();
        }
        true
    }

    /// [[PreventExtensions]].
    pub fn prevent_extensions(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if o.is_proxy() {
            return self.proxy_prevent_extensions(o);
        }
        if o.is_typed_array() && !crate::builtins::typed_array::is_fixed_length(o) {
            // A view whose length follows a resizable buffer could gain elements: it cannot be made non-extensible.
            return Ok(false);
        }
        self.ordinary_prevent_extensions(o);
        Ok(true)
    }

    /// OrdinaryPreventExtensions. The object goes to dictionary mode first: store ICs cache transitions by shape, and
    /// a non-extensible object must never take one.
    pub fn ordinary_prevent_extensions(&mut self, o: Gc<JsObject>) {
        self.normalize(o);
        // SAFETY: live object, single-threaded.
        unsafe { o.get_mut().flags &= !FLAG_EXTENSIBLE };
    }

    /// Convenience: [[Get]] by name on an object.
    pub fn get_str(&mut self, o: Gc<JsObject>, name: &str) -> JsResult<Value> {
        let k = self.key_from_str(name);
        self.get(o, k, Value::object(o))
    }

    /// CreateDataProperty: define an enumerable, writable, configurable own data property.
    pub fn create_data_property(&mut self, o: Gc<JsObject>, k: PropKey, v: Value) -> JsResult<bool> {
        self.define_own_property(o, k, PropertyDescriptor::data(v, Attrs::DEFAULT))
    }

    /// CreateDataPropertyOrThrow.
    pub fn create_data_property_or_throw(&mut self, o: Gc<JsObject>, k: PropKey, v: Value) -> JsResult<()> {
        if !self.create_data_property(o, k, v)? {
            let name = self.key_to_value(k);
            let name = self.to_display_string(name);
            return self.throw(ErrorKind::TypeError, &format!("Cannot define property {name}"));
        }
        Ok(())
    }
}
