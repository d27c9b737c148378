//! The intern table: one string per contents for property keys. Weak: unreferenced keys are dropped after marking,
//! except the one-unit Latin-1 strings, which are kept alive so that handing one out never needs a lookup.
//!
//! Invariants:
//! - `slots` is an open-addressed table (linear probing, power-of-two size, at most 3/4 full) of interned strings
//!   with their hashes; a slot is empty when its string is None. There are no tombstones: `sweep` rebuilds.
//! - `chars[c]`, when set, is the interned string of the single unit `c`.

use crate::string::{JsString, Units};
use tetra_gc::{Gc, Tracer};

#[derive(Clone, Copy)]
struct Slot {
    hash: u32,
    string: Option<Gc<JsString>>,
}

const EMPTY: Slot = Slot { hash: 0, string: None };
const MIN_CAPACITY: usize = 1024;

pub struct Interner {
    slots: Box<[Slot]>,
    len: usize,
    chars: Box<[Option<Gc<JsString>>; 256]>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner { slots: vec![EMPTY; MIN_CAPACITY].into_boxed_slice(), len: 0, chars: Box::new([None; 256]) }
    }
}

impl Interner {
    /// The interned string with these contents and hash (`units.hash()`), if any.
    #[inline]
    pub fn find(&self, units: Units<'_>, hash: u32) -> Option<Gc<JsString>> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            let s = slot.string?;
            if slot.hash == hash && s.len() == units.len() && s.units().eq_units(&units) {
                return Some(s);
            }
            i = (i + 1) & mask;
        }
    }

    pub fn find_string(&self, s: Gc<JsString>) -> Option<Gc<JsString>> {
        let h = s.hash();
        self.find(s.units(), h)
    }

    /// Adds a string that is not in the table yet.
    pub fn insert(&mut self, s: Gc<JsString>) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.rebuild(self.slots.len() * 2);
        }
        Self::place(&mut self.slots, Slot { hash: s.hash(), string: Some(s) });
        self.len += 1;
    }

    fn place(slots: &mut [Slot], slot: Slot) {
        let mask = slots.len() - 1;
        let mut i = slot.hash as usize & mask;
        while slots[i].string.is_some() {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    fn rebuild(&mut self, capacity: usize) {
        let mut slots = vec![EMPTY; capacity].into_boxed_slice();
        for &s in self.slots.iter().filter(|s| s.string.is_some()) {
            Self::place(&mut slots, s);
        }
        self.slots = slots;
    }

    /// The cached interned string of one Latin-1 unit.
    #[inline]
    pub fn char(&self, c: u8) -> Option<Gc<JsString>> {
        self.chars[c as usize]
    }

    pub fn set_char(&mut self, c: u8, s: Gc<JsString>) {
        self.chars[c as usize] = Some(s);
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The strong part: the cached one-unit strings.
    pub fn trace(&self, t: &mut Tracer) {
        for s in self.chars.iter().flatten() {
            t.mark(*s);
        }
    }

    /// Drops entries whose strings were not marked.
    pub fn sweep(&mut self, t: &Tracer) {
        let mut live = 0;
        for slot in self.slots.iter_mut() {
            match slot.string {
                Some(s) if t.is_marked(s.as_ptr() as *const u8) => live += 1,
                Some(_) => *slot = EMPTY,
                None => {}
            }
        }
        if live == self.len {
            return;
        }
        self.len = live;
        let mut capacity = self.slots.len();
        while capacity > MIN_CAPACITY && live * 4 < capacity {
            capacity /= 2;
        }
        self.rebuild(capacity);
    }
}
