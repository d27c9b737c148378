//! The intern table: one string per contents for property keys. Weak: unreferenced keys are dropped after marking.

use crate::string::{JsString, Units, hash_units};
use ahash::AHashMap;
use tetra_gc::{Gc, Tracer};

#[derive(Default)]
pub struct Interner {
    buckets: AHashMap<u32, Vec<Gc<JsString>>>,
}

impl Interner {
    pub fn find(&self, units: &[u16]) -> Option<Gc<JsString>> {
        let h = hash_units(units.iter().copied());
        self.buckets.get(&h)?.iter().copied().find(|s| s.units().eq_units(&Units::Utf16(units)))
    }

    pub fn find_string(&self, s: Gc<JsString>) -> Option<Gc<JsString>> {
        let h = s.hash();
        let units = s.units();
        self.buckets.get(&h)?.iter().copied().find(|c| c.units().eq_units(&units))
    }

    pub fn insert(&mut self, s: Gc<JsString>) {
        self.buckets.entry(s.hash()).or_default().push(s);
    }

    pub fn len(&self) -> usize {
        self.buckets.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Drops entries whose strings were not marked.
    pub fn sweep(&mut self, t: &Tracer) {
        self.buckets.retain(|_, v| {
            v.retain(|s| t.is_marked(s.as_ptr() as *const u8));
            !v.is_empty()
        });
    }
}
