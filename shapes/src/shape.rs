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
use std::rc::Rc;
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
    /// The lookup table of a large shape, built on demand.
    table: OnceCell<Rc<RefCell<Table>>>,
}

/// Properties in insertion order and key -> index (an index is the property's slot). Shared along a transition
/// chain, as V8 shares descriptor arrays: a shape whose parent's table still ends at the parent extends it with its
/// own property, and each shape sees only the entries below its `count`. One table per shape made a chain of n
/// shapes hold n^2/2 entries: 2,000 global `var`s took 140 MB.
struct Table {
    props: Vec<PropertyInfo>,
    index: AHashMap<Key, u32>,
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
        // A shared table counts once, for the shape it ends at.
        let table = self.table.get().map_or(0, |t| {
            let t = t.borrow();
            if t.props.len() == self.count as usize { t.props.capacity() * 16 + t.index.capacity() * 16 } else { 0 }
        });
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
        let table = self.table.get_or_init(|| self.build_table()).borrow();
        let i = *table.index.get(&key)?;
        (i < self.count).then(|| table.props[i as usize])
    }

    /// This shape's lookup table: its parent's extended by one property when the parent's still ends at the parent
    /// (no other transition took it), else a new one.
    fn build_table(&self) -> Rc<RefCell<Table>> {
        if let (Some(parent), Some(info)) = (self.parent, self.last) {
            // SAFETY: as in `lookup`.
            let parent = unsafe { parent.get() };
            if let Some(shared) = parent.table.get() {
                let mut t = shared.borrow_mut();
                if t.props.len() == parent.count as usize {
                    t.index.insert(info.key, info.slot);
                    t.props.push(info);
                    drop(t);
                    return shared.clone();
                }
            }
        }
        let props = self.collect_properties();
        let index = props.iter().map(|p| (p.key, p.slot)).collect();
        Rc::new(RefCell::new(Table { props, index }))
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
            Some(t) => t.borrow().props[..self.count as usize].to_vec(),
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
    fn a_transition_chain_shares_one_lookup_table() {
        let mut heap = Heap::new(HeapConfig::default());
        let mut table = ShapeTable::default();
        let mut chain = vec![table.root(&mut heap, NULL, 0)];
        // Looked up after each add, as a run of global declarations does.
        for i in 0..1000 {
            let s = Shape::add(*chain.last().unwrap(), &mut heap, key(i), Attrs::DEFAULT);
            assert_eq!(s.lookup(key(i)).map(|p| p.slot), Some(i as u32));
            chain.push(s);
        }
        let last = chain.last().unwrap().table.get().unwrap().clone();
        let large = &chain[LINEAR_LOOKUP_LIMIT as usize + 1..];
        assert!(large.iter().all(|s| Rc::ptr_eq(s.table.get().unwrap(), &last)));
        // Each shape sees only its own properties in the shared table.
        let mid = chain[500];
        assert_eq!(mid.lookup(key(499)).map(|p| p.slot), Some(499));
        assert_eq!(mid.lookup(key(500)), None);
        assert_eq!(mid.properties().len(), 500);
        let owned: usize = chain.iter().map(|s| s.external_size()).sum();
        assert!(owned < 1000 * 64, "the table is counted once: {owned} bytes");
        // A second transition from a shape inside the chain gets a table of its own.
        let branch = Shape::add(mid, &mut heap, key(5000), Attrs::DEFAULT);
        assert_eq!(branch.lookup(key(5000)).map(|p| p.slot), Some(500));
        assert_eq!(branch.lookup(key(500)), None);
        assert!(!Rc::ptr_eq(branch.table.get().unwrap(), &last));
        assert_eq!(chain[1000].lookup(key(500)).map(|p| p.slot), Some(500));
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
