//! Inline caches for property access: the hit paths the interpreter inlines, and the misses that do the generic
//! lookup and then teach the cache what they found.
//!
//! Invariants:
//! - Only fast-mode shapes are cached; a dictionary-mode receiver or holder always takes the miss path.
//! - A `Proto` or `Transition` entry is used only while the VM's prototype epoch equals the one recorded.
//! - Keyed fast paths touch only dense elements of objects without `FLAG_SLOW_ELEMENTS`, and in-bounds Number
//!   elements of typed arrays (whose kind a keyed site's feedback records: `FeedbackSlot::TypedElements`).

use crate::atoms::key;
use crate::builtins::typed_array;
use crate::feedback::{FeedbackSlot, Handler, IcEntry};
use crate::function::FunctionTemplate;
use crate::object::{FLAG_ARRAY, FLAG_EXTENSIBLE, FLAG_LENGTH_READONLY, FLAG_PROTOTYPE, FLAG_SLOW_ELEMENTS, JsObject};
use crate::realm::ErrorKind;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Key;

#[inline(always)]
pub(super) fn load_hit(fb: &FeedbackSlot, o: Gc<JsObject>, epoch: u32) -> Option<Value> {
    let h = match fb {
        FeedbackSlot::Mono(e) if e.shape == o.shape => e.handler,
        FeedbackSlot::Poly(v) => v.iter().find(|e| e.shape == o.shape)?.handler,
        _ => return None,
    };
    handler_load(h, o, epoch)
}

/// A load-IC hit for a primitive string receiver: its `length`, or a property of String.prototype or beyond.
#[inline(always)]
pub(super) fn string_load_hit(
    fb: &FeedbackSlot,
    s: Value,
    string_shape: Gc<tetra_shapes::Shape>,
    epoch: u32,
) -> Option<Value> {
    match fb.find(string_shape)? {
        Handler::StringLength => Some(Value::int(s.as_string().len() as i32)),
        // SAFETY: the holder's shape is unchanged while the epoch is, and it has this slot.
        Handler::Proto { holder, slot, epoch: e } if e == epoch => Some(unsafe { holder.get_existing_slot(slot) }),
        _ => None,
    }
}

/// What a cached load handler reads from `o`, whose shape is the one the handler was cached for.
#[inline(always)]
fn handler_load(h: Handler, o: Gc<JsObject>, epoch: u32) -> Option<Value> {
    match h {
        // SAFETY (both): the cached shape is `o`'s (or, for a prototype hit, the holder's shape is unchanged while
        // the epoch is), and it has this slot.
        Handler::Own { slot } => Some(unsafe { o.get_existing_slot(slot) }),
        Handler::Proto { holder, slot, epoch: e } if e == epoch => Some(unsafe { holder.get_existing_slot(slot) }),
        Handler::ArrayLength if o.is_array() => Some(Value::number(o.length as f64)),
        // An object with a typed array's shape need not be one (`Object.create(Uint8Array.prototype)`): the getter
        // throws there.
        Handler::TypedArrayLength { epoch: e } if e == epoch && o.is_typed_array() => {
            Some(Value::number(typed_array::exotic::length(o).unwrap_or(0) as f64))
        }
        _ => None,
    }
}

/// The entry of a keyed site cached for `o`'s shape with the private name `name`, if any: its slot.
#[inline(always)]
fn private_slot(fb: &FeedbackSlot, o: Gc<JsObject>, name: Value) -> Option<u32> {
    let h = match fb {
        FeedbackSlot::Mono(e) if e.shape == o.shape => e.handler,
        FeedbackSlot::Poly(v) => v.iter().find(|e| e.shape == o.shape)?.handler,
        _ => return None,
    };
    match h {
        Handler::Private { name: n, slot } if n == name => Some(slot),
        _ => None,
    }
}

/// `o.#x` from the keyed site's cache (`key` is the private name).
#[inline(always)]
pub(super) fn private_load_hit(fb: &FeedbackSlot, obj: Value, key: Value) -> Option<Value> {
    if !obj.is_object() {
        return None;
    }
    let o = obj.as_object();
    // SAFETY: the cached shape is `o`'s, and it has this slot.
    private_slot(fb, o, key).map(|slot| unsafe { o.get_existing_slot(slot) })
}

/// `o.#x = v` from the keyed site's cache (only writable fields are cached for stores).
#[inline(always)]
pub(super) fn private_store_hit(fb: &FeedbackSlot, obj: Value, key: Value, v: Value) -> bool {
    if !obj.is_object() {
        return false;
    }
    let o = obj.as_object();
    let Some(slot) = private_slot(fb, o, key) else { return false };
    // SAFETY: live object, single-threaded; the cached shape is `o`'s, and it has this slot.
    unsafe { o.get_mut().set_existing_slot(slot, v) };
    true
}

/// PrivateFieldAdd from the site's cache: Some(external bytes grown) when it applied.
#[inline(always)]
pub(super) fn private_add_hit(fb: &FeedbackSlot, obj: Value, key: Value, v: Value) -> Option<usize> {
    if !obj.is_object() {
        return None;
    }
    let o = obj.as_object();
    let h = match fb {
        FeedbackSlot::Mono(e) if e.shape == o.shape => e.handler,
        FeedbackSlot::Poly(v) => v.iter().find(|e| e.shape == o.shape)?.handler,
        _ => return None,
    };
    let Handler::PrivateField { name, to, slot } = h else { return None };
    if name != key {
        return None;
    }
    // SAFETY: live object, single-threaded VM.
    let m = unsafe { o.get_mut() };
    let grown = m.reserve_slot(slot);
    m.shape = to;
    // SAFETY: `reserve_slot` made the slot.
    unsafe { m.set_existing_slot(slot, v) };
    Some(grown)
}

/// Returns Some(external bytes grown) when the cache handled the store.
#[inline(always)]
pub(super) fn store_hit(fb: &FeedbackSlot, o: Gc<JsObject>, v: Value, epoch: u32) -> Option<usize> {
    let h = match fb {
        FeedbackSlot::Mono(e) if e.shape == o.shape => e.handler,
        FeedbackSlot::Poly(v) => v.iter().find(|e| e.shape == o.shape)?.handler,
        _ => return None,
    };
    store_with::<true>(h, o, v, epoch)
}

/// The monomorphic store-IC hits that write a slot the object already has room for (no allocation, so no call):
/// the interpreter's fast path. Polymorphic sites and transitions that need a new out-of-line slot go through
/// `store_hit`.
#[inline(always)]
pub(super) fn store_hit_in_place(fb: &FeedbackSlot, o: Gc<JsObject>, v: Value, epoch: u32) -> bool {
    match fb {
        FeedbackSlot::Mono(e) if e.shape == o.shape => store_with::<false>(e.handler, o, v, epoch).is_some(),
        _ => false,
    }
}

/// Applies a store handler cached for `o`'s shape; Some(external bytes grown) when it applied. Without `GROW`, a
/// transition whose slot is not in the object yet is left to the caller (making room allocates).
#[inline(always)]
fn store_with<const GROW: bool>(h: Handler, o: Gc<JsObject>, v: Value, epoch: u32) -> Option<usize> {
    // SAFETY: live object, single-threaded VM.
    let m = unsafe { o.get_mut() };
    match h {
        Handler::Own { slot } => {
            // SAFETY: the cached shape is the object's, and it has this slot.
            unsafe { m.set_existing_slot(slot, v) };
            Some(0)
        }
        // Non-extensible objects are in dictionary mode, whose shapes are never cached, so no extensibility check.
        Handler::Transition { to, slot, epoch: e } if e == epoch && (GROW || slot < m.in_object_capacity()) => {
            debug_assert!(m.flags & FLAG_EXTENSIBLE != 0);
            let grown = if GROW { m.reserve_slot(slot) } else { 0 };
            m.shape = to;
            // SAFETY: the slot is in the tail, or `reserve_slot` just made it.
            unsafe { m.set_existing_slot(slot, v) };
            Some(grown)
        }
        _ => None,
    }
}

/// In-bounds stores: the interpreter's fast path (appends go through `keyed_store_fast`). A hole is filled in place
/// only in an extensible array while no prototype has indexed properties (the protector), since a prototype
/// could otherwise have a setter for that index.
#[inline(always)]
pub(super) fn keyed_store_in_place(vm: &Vm, obj: Value, k: Value, v: Value) -> bool {
    if !(obj.is_object() && k.is_int()) {
        return false;
    }
    let o = obj.as_object();
    // Prototypes take the slow path: an indexed property on a prototype must clear the protector. Typed arrays
    // (which carry FLAG_SLOW_ELEMENTS) store their Numbers here.
    if o.flags & (FLAG_SLOW_ELEMENTS | FLAG_PROTOTYPE) != 0 {
        return o.is_typed_array() && v.is_number() && typed_array::exotic::fast_set(o, k.as_int(), v.as_number());
    }
    // SAFETY: live object, single-threaded VM.
    let m = unsafe { o.get_mut() };
    let fills_holes =
        (m.flags & (FLAG_ARRAY | FLAG_EXTENSIBLE)) == (FLAG_ARRAY | FLAG_EXTENSIBLE) && vm.no_indexed_prototypes;
    match m.elements.get_mut(k.as_int() as u32 as usize) {
        Some(e) if fills_holes || !e.is_hole() => {
            *e = v;
            true
        }
        _ => false,
    }
}

/// Dense element loads. A hole in an array reads as undefined without a prototype walk while no prototype has
/// indexed properties (the protector); other objects' holes (e.g. mapped arguments) take the slow path.
#[inline(always)]
fn dense_load(vm: &Vm, o: Gc<JsObject>, i: i32) -> Option<Value> {
    if i >= 0
        && let Some(&v) = o.elements.get(i as usize)
    {
        if !v.is_hole() {
            return Some(v);
        }
        if o.is_array() && o.has_fast_elements() && vm.no_indexed_prototypes {
            return Some(Value::UNDEFINED);
        }
    }
    None
}

/// Element loads without a feedback slot: dense elements, then in-bounds Numbers of a typed array (whose
/// `elements` are always empty: it comes here after the dense path missed).
#[inline(always)]
pub(super) fn keyed_load_fast(vm: &Vm, obj: Value, k: Value) -> Option<Value> {
    if !(obj.is_object() && k.is_int()) {
        return None;
    }
    let o = obj.as_object();
    dense_load(vm, o, k.as_int())
        .or_else(|| if o.is_typed_array() { typed_array::exotic::fast_get(o, k.as_int()) } else { None })
}

/// The keyed load site's fast half: a site that met typed arrays tries the receiver as one first (then dense
/// elements, which a mixed site may also meet); any other site tries dense elements first, arrays paying nothing
/// for typed arrays. A typed array's element kind is recorded in the site's feedback (`TypedElements`), which
/// baseline and mid specialise on.
#[inline(always)]
pub(super) fn keyed_load_hit(vm: &Vm, fb: &mut FeedbackSlot, obj: Value, k: Value) -> Option<Value> {
    if !(obj.is_object() && k.is_int()) {
        return None;
    }
    let o = obj.as_object();
    let i = k.as_int();
    if let FeedbackSlot::TypedElements(kinds) = fb
        && o.is_typed_array()
        && let Some((kind, view)) = typed_array::exotic::parts(o)
    {
        *kinds |= kind.bit();
        return typed_array::exotic::fast_get_in(kind, view, i);
    }
    if let Some(v) = dense_load(vm, o, i) {
        return Some(v);
    }
    let (kind, view) = if o.is_typed_array() { typed_array::exotic::parts(o)? } else { return None };
    fb.record_typed_elements(kind);
    typed_array::exotic::fast_get_in(kind, view, i)
}

/// The keyed store site's fast half: in-bounds Numbers into a typed array of Numbers, recording the kind as
/// `keyed_load_hit` does (checked first: `keyed_store_in_place` would store them without recording), else
/// `keyed_store_in_place`. Arrays pay one flag test, on a word the dense path reads anyway.
#[inline(always)]
pub(super) fn keyed_store_hit(vm: &Vm, fb: &mut FeedbackSlot, obj: Value, k: Value, v: Value) -> bool {
    if obj.is_object()
        && k.is_int()
        && obj.as_object().is_typed_array()
        && let Some((kind, view)) = typed_array::exotic::parts(obj.as_object())
    {
        fb.record_typed_elements(kind);
        return v.is_number() && typed_array::exotic::fast_set_in(kind, view, k.as_int(), v.as_number());
    }
    keyed_store_in_place(vm, obj, k, v)
}

/// Typed array element loads with an int32 key: the exotic [[Get]] without a key conversion (an index out of bounds
/// reads undefined and never reaches the prototype chain). Not a dense fast path: the site's feedback still says
/// it left those (mid compiles a generic access there).
#[inline]
pub(super) fn typed_array_load(vm: &mut Vm, obj: Value, k: Value) -> Option<Value> {
    if obj.is_object() && k.is_int() && obj.as_object().is_typed_array() {
        return Some(typed_array::exotic::get_element(vm, obj.as_object(), k.as_int() as f64));
    }
    None
}

/// Typed array element stores with an int32 key of a number into a Number kind, or of a BigInt into a BigInt
/// kind: TypedArraySetElement with nothing to convert (so no JS runs, and nothing throws); out of bounds it does
/// nothing.
#[inline]
pub(super) fn typed_array_store(obj: Value, k: Value, v: Value) -> bool {
    if !(obj.is_object() && k.is_int() && (v.is_number() || v.is_bigint()) && obj.as_object().is_typed_array()) {
        return false;
    }
    let o = obj.as_object();
    let Some((kind, _)) = typed_array::exotic::parts(o) else { return false };
    if kind.is_bigint() != v.is_bigint() {
        return false;
    }
    if let Some(i) = typed_array::exotic::valid_index(o, k.as_int() as f64) {
        typed_array::exotic::store(o, i, typed_array::kinds::Scalar::of(v));
    }
    true
}

/// Dense element stores: in-bounds writes (`keyed_store_in_place`) and appends at the end of an array.
#[inline(always)]
pub(super) fn keyed_store_fast(vm: &mut Vm, obj: Value, k: Value, v: Value) -> bool {
    if keyed_store_in_place(vm, obj, k, v) {
        return true;
    }
    if !(obj.is_object() && k.is_int()) {
        return false;
    }
    let o = obj.as_object();
    let i = k.as_int() as u32 as usize;
    if i == o.elements.len()
        && o.is_array()
        && o.length as usize == i
        && o.flags & (FLAG_EXTENSIBLE | FLAG_LENGTH_READONLY | FLAG_SLOW_ELEMENTS | FLAG_PROTOTYPE) == FLAG_EXTENSIBLE
        && vm.no_indexed_prototypes
    {
        vm.push_element(o, v);
        return true;
    }
    false
}

/// After a miss at a named-access site that cached nothing: the site is megamorphic (it ran, uncacheably). A keyed
/// site that met typed arrays and then left the fast paths (out of bounds, detached, a BigInt kind, a key or value
/// to convert) is too: compiled code should not speculate on its element kind.
pub(crate) fn note_uncached(t: &FunctionTemplate, slot: u16) {
    let fb = &mut t.feedback_mut()[slot as usize];
    if matches!(fb, FeedbackSlot::Uninitialized | FeedbackSlot::TypedElements(_)) {
        *fb = FeedbackSlot::Megamorphic;
    }
}

impl Vm {
    /// Generic named load, then caching of what was found. A site whose access cannot be cached becomes
    /// megamorphic, so that feedback tells a site that ran from one that never did (mid deoptimises on the latter).
    pub(super) fn load_named_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        name: Value,
    ) -> JsResult<Value> {
        let r = self.load_named_generic(t, slot, obj, name);
        note_uncached(t, slot);
        r
    }

    fn load_named_generic(&mut self, t: &FunctionTemplate, slot: u16, obj: Value, name: Value) -> JsResult<Value> {
        self.stats.load_ic_misses += 1;
        let k = key(name);
        if obj.is_object() {
            let o = obj.as_object();
            if let Some(h) = self.find_load_handler(o, k) {
                let fb = &mut t.feedback_mut()[slot as usize];
                fb.add_entry(IcEntry { shape: o.shape, handler: h });
                if matches!(fb, FeedbackSlot::Megamorphic) {
                    self.stub_cache.insert(false, o.shape, name, h);
                }
            }
            return self.get(o, PropKey::Key(k), obj);
        }
        if obj.is_nullish() {
            let what = if obj.is_undefined() { "undefined" } else { "null" };
            let n = self.to_display_string(name);
            return self.throw(ErrorKind::TypeError, &format!("Cannot read properties of {what} (reading '{n}')"));
        }
        let pk = match name.as_string().array_index() {
            Some(i) => PropKey::Index(i),
            None => PropKey::Key(k),
        };
        if obj.is_string()
            && matches!(pk, PropKey::Key(_))
            && let Some(h) = self.find_string_load_handler(k)
        {
            let shape = self.realm.string_ic_shape.expect("realm initialised");
            t.feedback_mut()[slot as usize].add_entry(IcEntry { shape, handler: h });
        }
        self.get_v(obj, pk)
    }

    /// What a load of the non-index key `k` from a primitive string would do, if it can be cached: `length` is
    /// the string's own; anything else is found on String.prototype (whose only exotic own properties are
    /// `length` and indices) or further up.
    fn find_string_load_handler(&mut self, k: Key) -> Option<Handler> {
        if k.0 == self.atoms.length.0 {
            return Some(Handler::StringLength);
        }
        let sp = self.realm.string_prototype.as_object();
        if sp.is_dictionary() {
            return None;
        }
        if let Some(info) = sp.shape.lookup(k) {
            if info.attrs.is_accessor() {
                return None;
            }
            self.mark_prototype(sp);
            return Some(Handler::Proto { holder: sp, slot: info.slot, epoch: self.proto_epoch });
        }
        self.find_proto_load_handler(sp.proto(), k)
    }

    /// What a load of `k` from `o` would do, if it can be cached.
    fn find_load_handler(&mut self, o: Gc<JsObject>, k: Key) -> Option<Handler> {
        if k.0 == self.atoms.length.0 && o.is_array() {
            return Some(Handler::ArrayLength);
        }
        if k.0 == self.atoms.length.0 && o.is_typed_array() && !o.is_dictionary() && o.shape.lookup(k).is_none() {
            return self.typed_array_length_handler(o.proto());
        }
        if o.is_dictionary() || !o.kind.has_ordinary_named_properties() {
            return None;
        }
        if let Some(info) = o.shape.lookup(k) {
            return if info.attrs.is_accessor() { None } else { Some(Handler::Own { slot: info.slot }) };
        }
        self.find_proto_load_handler(o.proto(), k)
    }

    /// `length` of a typed array when the prototype chain from `p` reaches %TypedArray%.prototype's own getter
    /// first (every object on the way is marked a prototype, so that a change there moves the epoch).
    fn typed_array_length_handler(&mut self, mut p: Value) -> Option<Handler> {
        let k = PropKey::Key(key(self.atoms.length));
        while p.is_object() {
            let holder = p.as_object();
            if holder.is_dictionary() || !holder.kind.has_ordinary_named_properties() {
                return None;
            }
            self.mark_prototype(holder);
            if let Some(prop) = self.ordinary_get_own_property(holder, k) {
                let intrinsic = prop.attrs.is_accessor()
                    && typed_array::prototype::is_length_getter(crate::runtime::property::accessor_parts(prop.value).0);
                return intrinsic.then_some(Handler::TypedArrayLength { epoch: self.proto_epoch });
            }
            p = holder.proto();
        }
        None
    }

    /// The cacheable data property `k` on the prototype chain starting at `p`.
    fn find_proto_load_handler(&mut self, mut p: Value, k: Key) -> Option<Handler> {
        while p.is_object() {
            let holder = p.as_object();
            if holder.is_dictionary() || !holder.kind.has_ordinary_named_properties() {
                return None;
            }
            if k.0 == self.atoms.length.0 && holder.is_array() {
                return None;
            }
            if let Some(info) = holder.shape.lookup(k) {
                if info.attrs.is_accessor() {
                    return None;
                }
                self.mark_prototype(holder);
                return Some(Handler::Proto { holder, slot: info.slot, epoch: self.proto_epoch });
            }
            p = holder.proto();
        }
        None
    }

    /// Generic named store (or own define for literals), then caching.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn store_named_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        name: Value,
        v: Value,
        strict: bool,
        define: bool,
    ) -> JsResult<()> {
        let r = self.store_named_generic(t, slot, obj, name, v, strict, define);
        note_uncached(t, slot);
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn store_named_generic(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        name: Value,
        v: Value,
        strict: bool,
        define: bool,
    ) -> JsResult<()> {
        self.stats.store_ic_misses += 1;
        let k = key(name);
        let pk = match name.as_string().array_index() {
            Some(i) => PropKey::Index(i),
            None => PropKey::Key(k),
        };
        if !obj.is_object() {
            return self.set_v(obj, pk, v, strict);
        }
        let o = obj.as_object();
        let before = o.shape;
        let was_dict = o.is_dictionary();
        if define {
            self.create_data_property_or_throw(o, pk, v)?;
        } else {
            self.set_v(obj, pk, v, strict)?;
        }
        if was_dict || o.is_dictionary() || matches!(pk, PropKey::Index(_)) {
            return Ok(());
        }
        if !o.kind.has_ordinary_named_properties() {
            return Ok(());
        }
        if k.0 == self.atoms.length.0 && o.is_array() {
            return Ok(());
        }
        let after = o.shape;
        let handler = if after == before {
            match before.lookup(k) {
                Some(info)
                    if info.attrs.writable() && !info.attrs.is_accessor() && self.global_store_cacheable(o, k) =>
                {
                    Some(Handler::Own { slot: info.slot })
                }
                _ => None,
            }
        } else if after.parent() == Some(before)
            && after.last_added().is_some_and(|l| l.key == k)
            && self.store_only_adds(o.proto(), k)
        {
            let slot = after.last_added().unwrap().slot;
            Some(Handler::Transition { to: after, slot, epoch: self.proto_epoch })
        } else {
            None
        };
        if let Some(h) = handler {
            let fb = &mut t.feedback_mut()[slot as usize];
            fb.add_entry(IcEntry { shape: before, handler: h });
            if !define && matches!(fb, FeedbackSlot::Megamorphic) {
                self.stub_cache.insert(true, before, name, h);
            }
        }
        Ok(())
    }

    /// A megamorphic load site's probe of the stub cache: the value, when `o`'s shape has a handler for `name`.
    #[inline]
    pub(super) fn megamorphic_load(&self, o: Gc<JsObject>, name: Value) -> Option<Value> {
        handler_load(self.stub_cache.find(false, o.shape, name)?, o, self.proto_epoch)
    }

    /// A megamorphic store site's probe of the stub cache: Some(external bytes grown) when a handler for `o`'s shape
    /// and `name` did the store.
    #[inline]
    pub(super) fn megamorphic_store(&self, o: Gc<JsObject>, name: Value, v: Value) -> Option<usize> {
        store_with::<true>(self.stub_cache.find(true, o.shape, name)?, o, v, self.proto_epoch)
    }

    /// Whether a store of `k` that finds nothing on the receiver does nothing but add it there, given the receiver's
    /// prototype chain from `p`: no setter, no read-only property and no proxy (whose trap could do anything) before a
    /// writable data property or the end. Only then may a cached transition stand for the store.
    fn store_only_adds(&mut self, mut p: Value, k: Key) -> bool {
        while p.is_object() {
            let holder = p.as_object();
            // A proxy's trap could do anything, and a typed array's [[Set]] of a numeric key (`Infinity`) adds nothing.
            if holder.is_proxy() || holder.is_typed_array() {
                return false;
            }
            if let Some(prop) = self.ordinary_get_own_property(holder, PropKey::Key(k)) {
                return !prop.attrs.is_accessor() && prop.attrs.writable();
            }
            p = holder.proto();
        }
        true
    }

    /// `o.#x` off the cache: PrivateGet, then the site caches a data property found in a fast-mode object.
    pub(super) fn private_load_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        k: Value,
    ) -> JsResult<Value> {
        let v = self.private_get(obj, k)?;
        self.cache_private(t, slot, obj, k, false);
        Ok(v)
    }

    /// `o.#x = v` off the cache: PrivateSet, then the site caches a writable field of a fast-mode object.
    pub(super) fn private_store_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        k: Value,
        v: Value,
    ) -> JsResult<()> {
        self.private_set(obj, k, v)?;
        self.cache_private(t, slot, obj, k, true);
        Ok(())
    }

    /// PrivateFieldAdd off the cache; then the site caches the transition of a fast-mode object.
    pub(super) fn private_add_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        obj: Value,
        k: Value,
        v: Value,
    ) -> JsResult<()> {
        let before = obj.is_object().then(|| obj.as_object().shape);
        self.private_add(obj, k, crate::runtime::private::PrivateElement::Field(v))?;
        let o = obj.as_object();
        let after = o.shape;
        if let Some(before) = before
            && !o.is_dictionary()
            && after.parent() == Some(before)
            && let Some(last) = after.last_added()
            && last.key == Key(k.0)
        {
            t.feedback_mut()[slot as usize].add_entry(IcEntry {
                shape: before,
                handler: Handler::PrivateField { name: k, to: after, slot: last.slot },
            });
        }
        Ok(())
    }

    fn cache_private(&mut self, t: &FunctionTemplate, slot: u16, obj: Value, k: Value, store: bool) {
        let o = obj.as_object();
        match self.named_lookup(o, Key(k.0)) {
            Some((Some(info), _)) if !info.attrs.is_accessor() && (!store || info.attrs.writable()) => {
                t.feedback_mut()[slot as usize]
                    .add_entry(IcEntry { shape: o.shape, handler: Handler::Private { name: k, slot: info.slot } });
            }
            _ => note_uncached(t, slot),
        }
    }

    pub(super) fn load_keyed_slow(&mut self, obj: Value, k: Value) -> JsResult<Value> {
        self.stats.keyed_slow += 1;
        if obj.is_nullish() {
            let what = if obj.is_undefined() { "undefined" } else { "null" };
            let n = self.to_display_string(k);
            return self.throw(ErrorKind::TypeError, &format!("Cannot read properties of {what} (reading '{n}')"));
        }
        let pk = self.to_property_key(k)?;
        self.get_v(obj, pk)
    }

    pub(super) fn store_keyed_slow(&mut self, obj: Value, k: Value, v: Value, strict: bool) -> JsResult<()> {
        self.stats.keyed_slow += 1;
        if obj.is_nullish() {
            return self.set_v(obj, PropKey::Index(0), v, strict);
        }
        let pk = self.to_property_key(k)?;
        self.set_v(obj, pk, v, strict)
    }

    pub(super) fn load_global_miss(
        &mut self,
        t: &FunctionTemplate,
        slot: u16,
        name: Value,
        typeof_: bool,
    ) -> JsResult<Value> {
        let k = key(name);
        if let Some(v) = self.load_script_lexical(k) {
            return v;
        }
        let g = self.realm.global.as_object();
        if let Some(h) = self.find_load_handler(g, k) {
            t.feedback_mut()[slot as usize].add_entry(IcEntry { shape: g.shape, handler: h });
        }
        let pk = match name.as_string().array_index() {
            Some(i) => PropKey::Index(i),
            None => PropKey::Key(k),
        };
        if !self.has_property(g, pk)? {
            if typeof_ {
                return Ok(Value::UNDEFINED);
            }
            let n = self.to_display_string(name);
            return self.throw(ErrorKind::ReferenceError, &format!("{n} is not defined"));
        }
        self.get(g, pk, Value::object(g))
    }

    pub(super) fn store_global_miss(&mut self, t: &FunctionTemplate, slot: u16, name: Value, v: Value) -> JsResult<()> {
        let k = key(name);
        if let Some(done) = self.store_script_lexical(k, v) {
            return done;
        }
        let g = self.realm.global.as_object();
        let pk = PropKey::Key(k);
        if t.is_strict && !self.has_property(g, pk)? {
            let n = self.to_display_string(name);
            return self.throw(ErrorKind::ReferenceError, &format!("{n} is not defined"));
        }
        self.set_v(Value::object(g), pk, v, t.is_strict)?;
        if let Some(info) = g.shape.lookup(k)
            && !g.is_dictionary()
            && info.attrs.writable()
            && !info.attrs.is_accessor()
            && self.global_store_cacheable(g, k)
        {
            t.feedback_mut()[slot as usize]
                .add_entry(IcEntry { shape: g.shape, handler: Handler::Own { slot: info.slot } });
        }
        Ok(())
    }
}
