//! The megamorphic stub cache (V8's StubCache): one VM-wide table from (receiver shape, property name) to the
//! handler the named load or store IC found, consulted by sites whose feedback went megamorphic before they do
//! the generic lookup. Such a site's own cache can hold nothing more, so without this every miss walked the
//! shape and the prototype chain again; baseline code's megamorphic sites reach it through their stub.
//!
//! Invariants:
//! - An entry is a handler the IC computed for exactly that shape and name, as it would have cached it in the
//!   site's feedback, so a hit does what the interpreter's monomorphic hit would (prototype and transition
//!   handlers still check the epoch); a hit records nothing, as a megamorphic site records nothing.
//! - Stores from `DefineNamedOwnProperty` are not entered: a define and a set of one property may need different
//!   handlers, and only sets consult the table.
//! - Entries hold no references: the table is emptied at every collection (`Vm`'s weak-root pass), so a freed
//!   shape's address can never match.

use crate::feedback::Handler;
use crate::value::Value;
use tetra_gc::Gc;
use tetra_shapes::Shape;

/// Entries per table (a power of two).
const SIZE: usize = 1024;

#[derive(Clone, Copy)]
struct Entry {
    shape: usize,
    name: u64,
    handler: Option<Handler>,
}

const EMPTY: Entry = Entry { shape: 0, name: 0, handler: None };

pub(crate) struct StubCache {
    loads: Box<[Entry]>,
    stores: Box<[Entry]>,
    /// Whether anything was entered since the last clear (most programs never have a megamorphic site).
    used: bool,
}

impl StubCache {
    pub(crate) fn new() -> StubCache {
        StubCache { loads: vec![EMPTY; SIZE].into(), stores: vec![EMPTY; SIZE].into(), used: false }
    }

    fn index(shape: usize, name: Value) -> usize {
        // Cells are 16-byte aligned and interned names 8: drop the bits that never vary.
        ((shape >> 4) ^ (name.0 as usize >> 3).wrapping_mul(0x9E37)) & (SIZE - 1)
    }

    pub(crate) fn find(&self, store: bool, shape: Gc<Shape>, name: Value) -> Option<Handler> {
        let table = if store { &self.stores } else { &self.loads };
        let e = &table[Self::index(shape.addr(), name)];
        if e.shape == shape.addr() && e.name == name.0 { e.handler } else { None }
    }

    pub(crate) fn insert(&mut self, store: bool, shape: Gc<Shape>, name: Value, handler: Handler) {
        let table = if store { &mut self.stores } else { &mut self.loads };
        table[Self::index(shape.addr(), name)] = Entry { shape: shape.addr(), name: name.0, handler: Some(handler) };
        self.used = true;
    }

    pub(crate) fn clear(&mut self) {
        if std::mem::take(&mut self.used) {
            self.loads.fill(EMPTY);
            self.stores.fill(EMPTY);
        }
    }
}
