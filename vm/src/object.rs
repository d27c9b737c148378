//! JavaScript objects: a shape, in-object slots, out-of-line slots, elements and a kind.
//!
//! Layout of a cell: `JsObject` (shape, flags, in-object capacity, array length, elements: 24 bytes), then
//! `inline_cap` in-object slots, then the `ObjectBody` (out-of-line slots, dictionary, kind). The shape and the first
//! in-object slots share a cache line, so a named-property load that hits its inline cache touches one line of the
//! object; the elements pointer sits at a fixed offset, so an element access loads it without first reading the
//! in-object capacity (V8's JSObject has its elements in the header too); what is rarely on those paths sits behind
//! the slots. `JsObject` derefs to its body, so `o.slots` or `o.kind` read as fields.
//!
//! Invariants:
//! - `inline_cap` is fixed when the cell is allocated (the body's address depends on it).
//! - In fast mode the shape says where each named property lives: slot `s < inline_cap` is in the in-object tail,
//!   the rest at `slots[s - inline_cap]`. `inline_cap` equals the shape's in-object capacity, so one shape compare
//!   validates a cached slot.
//! - In dictionary mode (`dict` is Some) the shape is the per-prototype dictionary shape and every named property is in
//!   `dict`; `slots` and the tail are unused.
//! - `elements` holds properties whose key is an array index below `elements.len()`, dense, with `Value::HOLE` for
//!   holes. Index keys beyond it are ordinary named properties (keyed by their canonical string), each index in one
//!   place only. Array length is `length` (>= elements.len() for arrays).
//! - Elements are always plain writable/enumerable/configurable data properties; an object that needs anything else
//!   for an index (a getter, non-writable), or whose dense storage would be mostly holes (`runtime/elements.rs`, V8's
//!   density rule), has that index stored as a named property instead (`FLAG_SLOW_ELEMENTS` then forbids the fast
//!   paths that fill holes or append; in-bounds elements stay where they are).

use crate::function::FunctionTemplate;
use crate::string::JsString;
use crate::value::Value;
use crate::vm::{NativeFn, Vm};
use indexmap::IndexMap;
use tetra_gc::{Gc, Trace, Tracer};
use tetra_shapes::{Attrs, Key, Shape};
use thin_vec::ThinVec;

pub const FLAG_EXTENSIBLE: u16 = 1;
pub const FLAG_CALLABLE: u16 = 2;
pub const FLAG_CONSTRUCTOR: u16 = 4;
pub const FLAG_ARRAY: u16 = 8;
/// The object is (or was) the [[Prototype]] of another object: changing it bumps the VM's prototype epoch, which
/// invalidates inline caches that found a property on a prototype.
pub const FLAG_PROTOTYPE: u16 = 16;
/// Some index keys live in the named properties (sparse, accessor or non-writable elements), or, for a typed array,
/// in its buffer: either way the dense `elements` do not hold them.
pub const FLAG_SLOW_ELEMENTS: u16 = 32;
/// `length` of an array is non-writable (Object.freeze / defineProperty).
pub const FLAG_LENGTH_READONLY: u16 = 64;
/// A class constructor: [[Call]] throws.
pub const FLAG_CLASS_CONSTRUCTOR: u16 = 128;
/// An `ObjectKind::Closure` (compiled code tests this bit instead of the kind's discriminant).
pub const FLAG_CLOSURE: u16 = 256;
/// An `ObjectKind::Iterator` of class Array and kind 0 (values): what a for-of over an array iterates.
pub const FLAG_ARRAY_VALUES_ITERATOR: u16 = 512;
/// An `ObjectKind::TypedArray` (an integer-indexed exotic object): its numeric keys live in its buffer.
pub const FLAG_TYPED_ARRAY: u16 = 1024;

pub type Dictionary = IndexMap<Key, (Value, Attrs), ahash::RandomState>;

pub struct Closure {
    pub template: Gc<FunctionTemplate>,
    /// The context the closure was created in (undefined at top level without a script context).
    pub context: Value,
    /// The object whose [[Prototype]] `super` refers to (methods), or undefined.
    pub home_object: Value,
}

pub struct Native {
    pub f: NativeFn,
    /// A value the native function can read back (e.g. the target of a bound or a promise-resolving function).
    pub data: Value,
}

pub struct Bound {
    pub target: Value,
    pub this: Value,
    pub args: Vec<Value>,
}

pub struct ForInState {
    pub object: Value,
    pub keys: Vec<Value>,
    pub index: usize,
}

pub enum ObjectKind {
    Ordinary,
    Array,
    Closure(Closure),
    Native(Native),
    Bound(Box<Bound>),
    /// `arguments`: mapped ones alias parameter `i` to `context.slots[map[i]]` while `map[i]` is not u16::MAX.
    Arguments {
        context: Value,
        map: Box<[u16]>,
    },
    Error,
    Boolean(bool),
    Number(f64),
    String(Gc<JsString>),
    Symbol(Value),
    /// A BigInt wrapper object (`Object(1n)`).
    BigInt(Value),
    Date(f64),
    /// A getter/setter pair stored in an accessor property's slot (never visible to JS).
    Accessor {
        get: Value,
        set: Value,
    },
    ForIn(Box<ForInState>),
    /// The builtin iterators: `class` says whose `next` may drive it (each rejects the others'), `target` is what is
    /// iterated (undefined once done), `index` the position, `kind` 0 = values, 1 = keys, 2 = entries.
    Iterator {
        class: IteratorClass,
        target: Value,
        index: u32,
        kind: u8,
    },
    /// An instance of a builtin class with internal slots ([[MapData]], [[PromiseState]], [[RegExpMatcher]]...):
    /// `data` is an internal object owned by the class's module, never visible to JS.
    Internal {
        class: InternalClass,
        data: Value,
    },
    /// A generator object, or the hidden one behind an async function activation: its saved frame and state.
    Generator(Box<crate::generator::GeneratorState>),
    /// A proxy exotic object (`builtins/proxy.rs`). Revocation sets both to null; callability and constructability
    /// are fixed at creation (in `flags`), as the spec keeps [[Call]] and [[Construct]] after revocation.
    Proxy {
        target: Value,
        handler: Value,
    },
    /// The internal object of a RegExp: its compiled [[RegExpMatcher]] (source and flags are its elements).
    RegExpMatcher(std::rc::Rc<crate::builtins::regexp_matcher::Matcher>),
    /// An ArrayBuffer or SharedArrayBuffer: owns the bytes its views read and write.
    ArrayBuffer(Box<crate::builtins::typed_array::buffer::BufferData>),
    /// A typed array (integer-indexed exotic object, `FLAG_TYPED_ARRAY`): `kind` of elements over `view`.
    TypedArray {
        kind: crate::builtins::typed_array::kinds::ElementKind,
        view: Box<crate::builtins::typed_array::buffer::View>,
    },
    /// A DataView: a byte view of a buffer.
    DataView(Box<crate::builtins::typed_array::buffer::View>),
    /// A module namespace exotic object (`modules/namespace.rs`): its string keys are the module's exports.
    ModuleNamespace(Box<crate::modules::namespace::Exports>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IteratorClass {
    Array,
    String,
    RegExpString,
    Map,
    Set,
}

/// Builtin classes whose instances carry internal state (see `ObjectKind::Internal`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InternalClass {
    /// Map, Set, WeakMap and WeakSet (the store records which).
    Collection,
    Promise,
    RegExp,
    /// An AsyncFromSyncIterator: its data is [sync iterator, its `next` method].
    AsyncFromSyncIterator,
    /// An Iterator Helper (`builtins/iterator_helpers.rs`): its generator state, underlying iterator and callback.
    IteratorHelper,
    /// An iterator that `Iterator.from` wrapped: [[Iterated]].
    WrappedIterator,
    /// A WeakRef (its target is in `Vm::weak_refs`, out of the collector's sight).
    WeakRef,
    /// A FinalizationRegistry: the data is its cleanup callback (the cells are in `Vm::weak_refs`).
    FinalizationRegistry,
}

impl ObjectKind {
    /// Whether inline caches may treat this object's named properties as plain shape slots: not for kinds with
    /// exotic own properties (string wrappers' `length`, arguments objects, typed arrays' numeric keys such as
    /// `Infinity`), proxies (whose every access runs a trap) or internal-only objects.
    pub fn has_ordinary_named_properties(&self) -> bool {
        !matches!(
            self,
            ObjectKind::String(_)
                | ObjectKind::Arguments { .. }
                | ObjectKind::Accessor { .. }
                | ObjectKind::Proxy { .. }
                | ObjectKind::TypedArray { .. }
                | ObjectKind::ModuleNamespace(_)
        )
    }
}

/// The internal data of `v` when it is an instance of `class`.
pub fn internal_data(v: Value, class: InternalClass) -> Option<Value> {
    match &v.try_object()?.kind {
        ObjectKind::Internal { class: c, data } if *c == class => Some(*data),
        _ => None,
    }
}

#[repr(C)]
pub struct JsObject {
    pub shape: Gc<Shape>,
    pub flags: u16,
    pub inline_cap: u16,
    /// Array length (see the module comment); here rather than in the body, where it would cost a padded word.
    pub length: u32,
    /// A thin vector (one pointer; length and capacity live in the buffer): most objects have no elements.
    pub elements: ThinVec<Value>,
    // followed by `inline_cap` Values (the in-object slots), then the `ObjectBody`
}

/// The part of an object behind its in-object slots (see the module comment).
pub struct ObjectBody {
    /// A thin vector (one pointer; length and capacity live in the buffer): most objects have no out-of-line slots,
    /// and every word here is a word of every object.
    pub slots: ThinVec<Value>,
    pub dict: Option<Box<Dictionary>>,
    pub kind: ObjectKind,
}

impl std::ops::Deref for JsObject {
    type Target = ObjectBody;
    #[inline(always)]
    fn deref(&self) -> &ObjectBody {
        // SAFETY: `Vm::alloc_object` wrote the body right after the `inline_cap` in-object slots, and it lives as
        // long as the object.
        unsafe { &*(self.tail().add(self.in_object_capacity() as usize) as *const ObjectBody) }
    }
}

impl std::ops::DerefMut for JsObject {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut ObjectBody {
        // SAFETY: as in `deref`; `&mut self` is the only access to the object.
        unsafe { &mut *(self.tail().add(self.in_object_capacity() as usize) as *mut ObjectBody) }
    }
}

impl Drop for JsObject {
    fn drop(&mut self) {
        // SAFETY: the body was initialised at allocation and the GC drops a cell once, when it is dead.
        unsafe { std::ptr::drop_in_place(&mut **self as *mut ObjectBody) }
    }
}

fn trace_kind(kind: &ObjectKind, t: &mut Tracer) {
    match kind {
        ObjectKind::Ordinary
        | ObjectKind::Array
        | ObjectKind::Error
        | ObjectKind::Boolean(_)
        | ObjectKind::Number(_)
        | ObjectKind::Date(_)
        | ObjectKind::RegExpMatcher(_)
        | ObjectKind::ArrayBuffer(_) => {}
        ObjectKind::TypedArray { view, .. } | ObjectKind::DataView(view) => t.mark(view.buffer),
        ObjectKind::Closure(c) => {
            t.mark(c.template);
            c.context.trace(t);
            c.home_object.trace(t);
        }
        ObjectKind::Native(n) => n.data.trace(t),
        ObjectKind::ModuleNamespace(e) => e.trace(t),
        ObjectKind::Bound(b) => {
            b.target.trace(t);
            b.this.trace(t);
            b.args.iter().for_each(|v| v.trace(t));
        }
        ObjectKind::Arguments { context, .. } => context.trace(t),
        ObjectKind::String(s) => t.mark(*s),
        ObjectKind::Symbol(s) | ObjectKind::BigInt(s) => s.trace(t),
        ObjectKind::Accessor { get, set } => {
            get.trace(t);
            set.trace(t);
        }
        ObjectKind::ForIn(f) => {
            f.object.trace(t);
            f.keys.iter().for_each(|v| v.trace(t));
        }
        ObjectKind::Iterator { target, .. } => target.trace(t),
        ObjectKind::Internal { data, .. } => data.trace(t),
        ObjectKind::Generator(g) => g.trace(t),
        ObjectKind::Proxy { target, handler } => {
            target.trace(t);
            handler.trace(t);
        }
    }
}

// SAFETY: traces the shape, every slot (in-object tail included), every element, the dictionary and the kind's values.
unsafe impl Trace for JsObject {
    fn trace(&self, t: &mut Tracer) {
        t.mark(self.shape);
        for v in self.inline_slots() {
            v.trace(t);
        }
        for v in &self.slots {
            v.trace(t);
        }
        for v in &self.elements {
            v.trace(t);
        }
        if let Some(d) = &self.dict {
            for (k, (v, _)) in d.iter() {
                k.trace(t);
                v.trace(t);
            }
        }
        trace_kind(&self.kind, t);
    }
    fn external_size(&self) -> usize {
        let buffer = match &self.kind {
            ObjectKind::ArrayBuffer(b) => b.capacity(),
            _ => 0,
        };
        (self.slots.capacity() + self.elements.capacity()) * 8
            + self.dict.as_ref().map_or(0, |d| d.capacity() * 32)
            + buffer
    }
}

impl JsObject {
    /// How many in-object slots the cell has (fixed at allocation).
    #[inline(always)]
    pub fn in_object_capacity(&self) -> u32 {
        self.inline_cap as u32
    }

    #[inline(always)]
    fn tail(&self) -> *mut Value {
        // SAFETY: the object was allocated with `inline_cap` Values right after the struct (repr(C), size a multiple
        // of 8); this only computes the address.
        unsafe { (self as *const JsObject).add(1) as *mut Value }
    }

    #[inline(always)]
    pub fn inline_slots(&self) -> &[Value] {
        // SAFETY: see `tail`; the tail was initialised by `Vm::alloc_object`.
        unsafe { std::slice::from_raw_parts(self.tail(), self.in_object_capacity() as usize) }
    }

    /// The address of a slot the object's shape has: stable while the shape is (adding or removing properties,
    /// the only things that move out-of-line slots, change it).
    pub fn slot_address(&self, slot: u32) -> *const Value {
        if slot < self.in_object_capacity() {
            // SAFETY: slot < inline_cap, inside the tail.
            unsafe { self.tail().add(slot as usize) as *const Value }
        } else {
            &self.slots[(slot - self.in_object_capacity()) as usize] as *const Value
        }
    }

    #[inline(always)]
    pub fn get_slot(&self, slot: u32) -> Value {
        if slot < self.in_object_capacity() {
            // SAFETY: slot < inline_cap, inside the tail.
            unsafe { *self.tail().add(slot as usize) }
        } else {
            self.slots[(slot - self.in_object_capacity()) as usize]
        }
    }

    /// Reads a slot that the object's shape has (in-object or out-of-line), without a bounds check.
    ///
    /// # Safety
    /// `slot` is a slot of a property of the object's current (fast-mode) shape, or below `inline_cap`.
    #[inline(always)]
    pub unsafe fn get_existing_slot(&self, slot: u32) -> Value {
        if slot < self.in_object_capacity() {
            // SAFETY: slot < inline_cap, inside the tail.
            unsafe { *self.tail().add(slot as usize) }
        } else {
            let i = (slot - self.in_object_capacity()) as usize;
            debug_assert!(i < self.slots.len());
            // SAFETY: per the contract, the shape's slots beyond the tail all exist in `slots`.
            unsafe { *self.slots.get_unchecked(i) }
        }
    }

    /// Writes a slot that the object's shape has (in-object or out-of-line), without a bounds check.
    ///
    /// # Safety
    /// `slot` is a slot of a property of the object's current (fast-mode) shape, or below `inline_cap`.
    #[inline(always)]
    pub unsafe fn set_existing_slot(&mut self, slot: u32, v: Value) {
        if slot < self.in_object_capacity() {
            // SAFETY: slot < inline_cap, inside the tail.
            unsafe { *self.tail().add(slot as usize) = v }
        } else {
            let i = (slot - self.in_object_capacity()) as usize;
            debug_assert!(i < self.slots.len());
            // SAFETY: per the contract, the shape's slots beyond the tail all exist in `slots`.
            unsafe { *self.slots.get_unchecked_mut(i) = v }
        }
    }

    #[inline(always)]
    pub fn set_slot(&mut self, slot: u32, v: Value) {
        if slot < self.in_object_capacity() {
            // SAFETY: slot < inline_cap, inside the tail.
            unsafe { *self.tail().add(slot as usize) = v }
        } else {
            let i = (slot - self.in_object_capacity()) as usize;
            if i == self.slots.len() {
                self.slots.push(v);
            } else {
                self.slots[i] = v;
            }
        }
    }

    /// Makes room for the slot a transition to `shape` adds; returns the external bytes grown (for GC accounting).
    #[inline]
    pub fn reserve_slot(&mut self, slot: u32) -> usize {
        if slot >= self.in_object_capacity() {
            let i = (slot - self.in_object_capacity()) as usize;
            if i >= self.slots.len() {
                let before = self.slots.capacity();
                self.slots.resize(i + 1, Value::UNDEFINED);
                return (self.slots.capacity() - before) * 8;
            }
        }
        0
    }

    #[inline(always)]
    pub fn is_callable(&self) -> bool {
        self.flags & FLAG_CALLABLE != 0
    }
    #[inline(always)]
    pub fn is_constructor(&self) -> bool {
        self.flags & FLAG_CONSTRUCTOR != 0
    }
    #[inline(always)]
    pub fn is_array(&self) -> bool {
        self.flags & FLAG_ARRAY != 0
    }
    #[inline(always)]
    pub fn is_extensible(&self) -> bool {
        self.flags & FLAG_EXTENSIBLE != 0
    }
    #[inline(always)]
    pub fn has_fast_elements(&self) -> bool {
        self.flags & FLAG_SLOW_ELEMENTS == 0
    }
    /// A proxy: every internal method goes through `builtins/proxy.rs`, never the slots or elements.
    #[inline(always)]
    pub fn is_proxy(&self) -> bool {
        matches!(self.kind, ObjectKind::Proxy { .. })
    }
    /// A module namespace: export keys go to `modules/namespace.rs`.
    #[inline(always)]
    pub fn is_module_namespace(&self) -> bool {
        matches!(self.kind, ObjectKind::ModuleNamespace(_))
    }
    /// A typed array: numeric keys go to `builtins/typed_array/exotic.rs`, never the slots or elements.
    #[inline(always)]
    pub fn is_typed_array(&self) -> bool {
        self.flags & FLAG_TYPED_ARRAY != 0
    }
    pub fn is_dictionary(&self) -> bool {
        self.dict.is_some()
    }

    /// The [[Prototype]] as a value (an object or null).
    #[inline(always)]
    pub fn proto(&self) -> Value {
        Value(self.shape.proto().0)
    }

    pub fn closure(&self) -> Option<&Closure> {
        match &self.kind {
            ObjectKind::Closure(c) => Some(c),
            _ => None,
        }
    }
}

/// Allocation of objects, with their in-object tail initialised to undefined.
/// The bytes after an object's `JsObject` header: its in-object slots, then its body.
fn object_tail_bytes(inline_cap: u32) -> usize {
    inline_cap as usize * 8 + std::mem::size_of::<ObjectBody>()
}

impl Vm {
    /// The bytes of the cell `alloc_object` allocates for `inline_cap` in-object slots, header included.
    pub fn object_cell_bytes(inline_cap: u32) -> usize {
        tetra_gc::Heap::cell_size_with_tail::<JsObject>(object_tail_bytes(inline_cap))
    }

    pub fn alloc_object(&mut self, shape: Gc<Shape>, kind: ObjectKind, flags: u16) -> Gc<JsObject> {
        let cap = shape.inline_capacity();
        let inline_cap = u16::try_from(cap).expect("in-object capacities are small");
        let header =
            JsObject { shape, flags: flags | FLAG_EXTENSIBLE, inline_cap, length: 0, elements: ThinVec::new() };
        let body = ObjectBody { slots: ThinVec::new(), dict: None, kind };
        let tail_bytes = object_tail_bytes(cap);
        let o = self.heap.alloc_with_tail(header, tail_bytes);
        // SAFETY: the tail holds `cap` Values and then room for the body; zero bits would read as the double 0.0, so
        // the slots are initialised, and the body is written before anything can read or drop the object.
        unsafe {
            let tail = o.as_ptr().add(1) as *mut Value;
            for i in 0..cap as usize {
                *tail.add(i) = Value::UNDEFINED;
            }
            (tail.add(cap as usize) as *mut ObjectBody).write(body);
        }
        o
    }
}

impl Vm {
    /// Appends `v` to the dense elements of the array `o` (whose length is its element count), counting any growth
    /// of the buffer toward the next collection.
    #[inline]
    pub fn push_element(&mut self, o: Gc<JsObject>, v: Value) {
        // SAFETY: single-threaded VM; `o` is a live object.
        let m = unsafe { o.get_mut() };
        debug_assert!(m.is_array() && m.length as usize == m.elements.len());
        let before = m.elements.capacity();
        m.elements.push(v);
        m.length += 1;
        let grown = m.elements.capacity() - before;
        if grown > 0 {
            self.heap.report_external(grown * 8);
        }
    }

    /// The dictionary for `o`, converting it from fast mode first (keeps insertion order and attributes).
    pub fn normalize(&mut self, o: Gc<JsObject>) -> &'static mut Dictionary {
        if o.dict.is_none() {
            let props = o.shape.properties();
            let mut d = Dictionary::with_capacity_and_hasher(props.len(), ahash::RandomState::new());
            for p in &props {
                d.insert(p.key, (o.get_slot(p.slot), p.attrs));
            }
            let proto = o.shape.proto();
            let dshape = self.shapes.dictionary(&mut self.heap, proto);
            // SAFETY: single-threaded VM; `o` is a live object.
            let m = unsafe { o.get_mut() };
            m.shape = dshape;
            m.slots = ThinVec::new();
            for i in 0..m.in_object_capacity() as usize {
                // SAFETY: in-object tail of `inline_cap` slots.
                unsafe { *m.tail().add(i) = Value::UNDEFINED };
            }
            m.dict = Some(Box::new(d));
            if m.flags & FLAG_PROTOTYPE != 0 {
                self.bump_proto_epoch();
            }
        }
        // SAFETY: the dictionary is owned by the live object and the VM is single-threaded; callers do not hold it
        // across allocations that could free the object.
        unsafe { o.get_mut().dict.as_deref_mut().unwrap() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout the inline caches and the GC's size classes are tuned for (see docs/design-notes.md): a 24-byte
    /// header, so the shape and the first in-object slots share a cache line, and a 6-word body.
    #[test]
    fn object_cells_stay_small() {
        assert_eq!(std::mem::size_of::<JsObject>(), 24);
        assert_eq!(std::mem::offset_of!(JsObject, shape), 0);
        assert_eq!(std::mem::size_of::<ObjectBody>(), 48);
        assert_eq!(std::mem::size_of::<ObjectKind>(), 32);
    }
}
