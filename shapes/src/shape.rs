//! Shapes (hidden classes).
//!
//! Invariants:
//! - A shape is immutable in everything an inline cache relies on: its prototype, its properties, their slots and
//!   attributes. Only the transition table and the lazily built lookup table change.
//! - Objects with the same prototype, in-object capacity and the same properties added in the same order with the same
//!   attributes share one shape (the transition tree guarantees it), so a shape compare is a full layout check.
//! - Slots are assigned in insertion order: the n-th property added lives in slot n. Slots below the shape's
//!   `inline_capacity` are in-object, the rest in the object's out-of-line array (the VM's business).
//! - A dictionary shape describes only the prototype: properties live in the object's own hash table, and ICs never
//!   cache dictionary shapes.

use crate::attrs::Attrs;
use crate::transitions::Transitions;
use ahash::AHashMap;
use std::cell::{OnceCell, RefCell};
use tetra_gc::{Gc, Heap, Trace, Tracer};

const PAYLOAD_MASK: u64 = (1 << 48) - 1;
const FIRST_POINTER_TAG: u64 = 0xFFFC;

/// A property key: the VM's NaN-boxed interned string or symbol.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Key(pub u64);

/// A prototype: the VM's NaN-boxed object or null.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Proto(pub u64);

fn trace_word(w: u64, t: &mut Tracer) {
    if w >> 48 >= FIRST_POINTER_TAG {
        t.mark_ptr((w & PAYLOAD_MASK) as *const u8);
    }
}

impl Key {
    pub fn trace(self, t: &mut Tracer) {
        trace_word(self.0, t)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PropertyInfo {
    pub key: Key,
    pub slot: u32,
    pub attrs: Attrs,
}

/// Past this many properties, lookups use a hash table built on first use instead of walking the parent chain.
const LINEAR_LOOKUP_LIMIT: u32 = 8;

pub struct Shape {
    parent: Option<Gc<Shape>>,
    /// The property this shape adds to its parent (None for roots).
    last: Option<PropertyInfo>,
    proto: Proto,
    inline_capacity: u32,
    count: u32,
    dictionary: bool,
    transitions: RefCell<Transitions>,
    /// Properties in insertion order and key -> index, built on demand for large shapes.
    table: OnceCell<(Vec<PropertyInfo>, AHashMap<Key, u32>)>,
}

// SAFETY: trace reports every Gc/NaN-boxed pointer the shape holds: parent, key, prototype, transitions and the keys
// in the lookup table (the same keys are also reachable via the parent chain, so this is belt and braces).
unsafe impl Trace for Shape {
    fn trace(&self, t: &mut Tracer) {
        if let Some(p) = self.parent {
            t.mark(p);
        }
        if let Some(l) = self.last {
            l.key.trace(t);
        }
        trace_word(self.proto.0, t);
        self.transitions.borrow().trace(t);
    }
    fn external_size(&self) -> usize {
        let table = self.table.get().map_or(0, |(v, m)| v.capacity() * 16 + m.capacity() * 16);
        table + self.transitions.borrow().external_size()
    }
}

/// Root shapes, one per (prototype, in-object capacity); dictionary shapes, one per prototype. Owned by the VM,
/// which traces it as a root.
#[derive(Default)]
pub struct ShapeTable {
    roots: AHashMap<(Proto, u32), Gc<Shape>>,
    dictionaries: AHashMap<Proto, Gc<Shape>>,
}

impl ShapeTable {
    pub fn trace(&self, t: &mut Tracer) {
        for s in self.roots.values().chain(self.dictionaries.values()) {
            t.mark(*s);
        }
    }

    /// The empty shape for objects with this prototype and in-object capacity.
    pub fn root(&mut self, heap: &mut Heap, proto: Proto, inline_capacity: u32) -> Gc<Shape> {
        if let Some(s) = self.roots.get(&(proto, inline_capacity)) {
            return *s;
        }
        let s = heap.alloc(Shape::new(None, None, proto, inline_capacity, 0, false));
        self.roots.insert((proto, inline_capacity), s);
        s
    }

    /// The shape of dictionary-mode objects with this prototype.
    pub fn dictionary(&mut self, heap: &mut Heap, proto: Proto) -> Gc<Shape> {
        if let Some(s) = self.dictionaries.get(&proto) {
            return *s;
        }
        let s = heap.alloc(Shape::new(None, None, proto, 0, 0, true));
        self.dictionaries.insert(proto, s);
        s
    }

    /// A shape with the same properties as `props` (in order) on a new root: used for prototype changes and attribute
    /// changes, which keep every slot where it was.
    pub fn rebuild(
        &mut self,
        heap: &mut Heap,
        proto: Proto,
        inline_capacity: u32,
        props: &[PropertyInfo],
    ) -> Gc<Shape> {
        let mut s = self.root(heap, proto, inline_capacity);
        for p in props {
            s = Shape::add(s, heap, p.key, p.attrs);
        }
        s
    }
}

impl Shape {
    fn new(
        parent: Option<Gc<Shape>>,
        last: Option<PropertyInfo>,
        proto: Proto,
        inline_capacity: u32,
        count: u32,
        dictionary: bool,
    ) -> Shape {
        Shape {
            parent,
            last,
            proto,
            inline_capacity,
            count,
            dictionary,
            transitions: RefCell::new(Transitions::None),
            table: OnceCell::new(),
        }
    }

    pub fn proto(&self) -> Proto {
        self.proto
    }
    pub fn inline_capacity(&self) -> u32 {
        self.inline_capacity
    }
    /// Number of properties (and so of slots in use).
    pub fn count(&self) -> u32 {
        self.count
    }
    pub fn is_dictionary(&self) -> bool {
        self.dictionary
    }
    pub fn last_added(&self) -> Option<PropertyInfo> {
        self.last
    }
    pub fn parent(&self) -> Option<Gc<Shape>> {
        self.parent
    }

    /// The child shape adding `key` with `attrs` (the key must not be present). Cached in the transition tree.
    pub fn add(this: Gc<Shape>, heap: &mut Heap, key: Key, attrs: Attrs) -> Gc<Shape> {
        debug_assert!(!this.dictionary);
        if let Some(child) = this.transitions.borrow().find(key, attrs) {
            return child;
        }
        let info = PropertyInfo { key, slot: this.count, attrs };
        let child =
            heap.alloc(Shape::new(Some(this), Some(info), this.proto, this.inline_capacity, this.count + 1, false));
        this.transitions.borrow_mut().insert(key, attrs, child);
        child
    }

    /// Cached transition only (no allocation): what an IC miss tries first.
    pub fn find_transition(&self, key: Key, attrs: Attrs) -> Option<Gc<Shape>> {
        self.transitions.borrow().find(key, attrs)
    }

    pub fn lookup(&self, key: Key) -> Option<PropertyInfo> {
        if self.count <= LINEAR_LOOKUP_LIMIT {
            let mut s: &Shape = self;
            loop {
                match s.last {
                    Some(info) if info.key == key => return Some(info),
                    Some(_) => {}
                    None => return None,
                }
                // SAFETY: parents are kept alive by the child's trace, and the child is alive (we hold &self).
                s = unsafe { s.parent?.get() };
            }
        }
        let (props, index) = self.table.get_or_init(|| {
            let props = self.collect_properties();
            let index = props.iter().enumerate().map(|(i, p)| (p.key, i as u32)).collect();
            (props, index)
        });
        index.get(&key).map(|&i| props[i as usize])
    }

    fn collect_properties(&self) -> Vec<PropertyInfo> {
        let mut out = Vec::with_capacity(self.count as usize);
        let mut s: &Shape = self;
        while let Some(info) = s.last {
            out.push(info);
            // SAFETY: as in `lookup`.
            s = unsafe { s.parent.expect("non-root shape has a parent").get() };
        }
        out.reverse();
        out
    }

    /// All properties in insertion order.
    pub fn properties(&self) -> Vec<PropertyInfo> {
        match self.table.get() {
            Some((props, _)) => props.clone(),
            None => self.collect_properties(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tetra_gc::HeapConfig;

    fn key(n: u64) -> Key {
        // Not real pointers: tag them as ints (0xFFF9) so the tracer ignores them.
        Key((0xFFF9 << 48) | n)
    }
    const NULL: Proto = Proto((0xFFFA << 48) | 1);

    #[test]
    fn same_insertion_order_shares_shapes() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = ShapeTable::default();
        let root = table.root(&mut heap, NULL, 4);
        let a1 = Shape::add(root, &mut heap, key(1), Attrs::DEFAULT);
        let ab1 = Shape::add(a1, &mut heap, key(2), Attrs::DEFAULT);
        let a2 = Shape::add(root, &mut heap, key(1), Attrs::DEFAULT);
        let ab2 = Shape::add(a2, &mut heap, key(2), Attrs::DEFAULT);
        assert_eq!(ab1, ab2);
        let b = Shape::add(root, &mut heap, key(2), Attrs::DEFAULT);
        let ba = Shape::add(b, &mut heap, key(1), Attrs::DEFAULT);
        assert_ne!(ab1, ba);
        assert_eq!(ab1.lookup(key(2)).unwrap().slot, 1);
        assert_eq!(ba.lookup(key(2)).unwrap().slot, 0);
        assert_eq!(ab1.lookup(key(3)), None);
    }

    #[test]
    fn different_attributes_give_different_shapes() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = ShapeTable::default();
        let root = table.root(&mut heap, NULL, 0);
        let w = Shape::add(root, &mut heap, key(1), Attrs::DEFAULT);
        let r = Shape::add(root, &mut heap, key(1), Attrs::NONE);
        assert_ne!(w, r);
        assert!(!r.lookup(key(1)).unwrap().attrs.writable());
    }

    #[test]
    fn large_shapes_use_the_table_and_keep_order() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = ShapeTable::default();
        let mut s = table.root(&mut heap, NULL, 0);
        for i in 0..100 {
            s = Shape::add(s, &mut heap, key(i), Attrs::DEFAULT);
        }
        for i in 0..100 {
            assert_eq!(s.lookup(key(i)).unwrap().slot, i as u32);
        }
        let props = s.properties();
        assert_eq!(props.len(), 100);
        assert!(props.iter().enumerate().all(|(i, p)| p.key == key(i as u64)));
    }

    #[test]
    fn rebuild_keeps_slots_and_changes_prototype() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = ShapeTable::default();
        let mut s = table.root(&mut heap, NULL, 2);
        for i in 0..5 {
            s = Shape::add(s, &mut heap, key(i), Attrs::DEFAULT);
        }
        let other = Proto(0xFFFA << 48);
        let t = table.rebuild(&mut heap, other, 2, &s.properties());
        assert_eq!(t.proto(), other);
        assert_eq!(t.lookup(key(3)).unwrap().slot, 3);
        assert_eq!(table.root(&mut heap, NULL, 2), table.root(&mut heap, NULL, 2));
    }

    #[test]
    fn shapes_survive_collection_through_the_table() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = Box::new(ShapeTable::default());
        let mut s = table.root(&mut heap, NULL, 0);
        for i in 0..20 {
            s = Shape::add(s, &mut heap, key(i), Attrs::DEFAULT);
        }
        let ctx = &mut *table as *mut ShapeTable as *mut ();
        unsafe fn roots(ctx: *mut (), t: &mut Tracer) {
            // SAFETY: ctx is the boxed ShapeTable that outlives the heap in this test.
            unsafe { (*(ctx as *mut ShapeTable)).trace(t) }
        }
        unsafe fn weak(_: *mut (), _: &Tracer) {}
        heap.set_roots(tetra_gc::RootCallbacks { ctx, roots, weak });
        heap.collect("test");
        assert_eq!(s.lookup(key(19)).unwrap().slot, 19);
        assert_eq!(s.properties().len(), 20);
    }
}
