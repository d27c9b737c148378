//! JavaScript strings: sequences of UTF-16 code units.
//!
//! Invariants:
//! - A flat string stores Latin-1 (every unit < 256) as bytes, anything else as `u16`s; equal contents may be stored
//!   either way, so comparisons go through `units()`.
//! - A rope (left ++ right) is made by long concatenations and flattened in place on first read of its contents
//!   (JSC and V8 do the same), so `s += x` in a loop is linear. Flattening replaces the rope's data; the string's
//!   identity and length never change.
//! - A short flat string made by the VM keeps its units in its own GC cell, right after the `JsString` (`Inline*`
//!   data); other flat strings own a boxed slice. Only `JsString::alloc_*` make inline strings, so an inline
//!   string is always a heap cell with a tail of `len` units.
//! - A long substring (more units than fit in a cell) is a slice: a view of units `start..start + len` of a flat
//!   parent that is never itself a slice or a rope, kept alive by the slice (V8's SlicedString). Flat data never
//!   changes once made, so the view stays valid; `input.slice(pos)` in a tokenizer no longer copies the input.
//! - An interned string is the unique string with its contents in the VM's intern table; property keys are always
//!   interned, so key equality is pointer equality.

use std::cell::{Cell, UnsafeCell};
use tetra_gc::{Gc, Heap, Trace, Tracer};

pub enum StrData {
    Latin1(Box<[u8]>),
    Utf16(Box<[u16]>),
    InlineLatin1,
    InlineUtf16,
    Rope(Gc<JsString>, Gc<JsString>),
    /// Units `start..start + len` of a flat, non-slice parent.
    Slice(Gc<JsString>, u32),
}

/// Longest contents (in bytes) stored in the string's own cell: a small-cell size class holds them.
const INLINE_MAX_BYTES: usize = 512;
/// Where the tail starts, as `Gc::tail_ptr` computes it.
const TAIL_OFFSET: usize = (std::mem::size_of::<JsString>() + 7) & !7;

// repr(C), as `Heap::alloc_with_tail` asks of cells with a tail (inline strings); fields ordered to pack into 40 bytes.
#[repr(C)]
pub struct JsString {
    len: u32,
    hash: Cell<u32>,
    /// Canonical array index ("0".."4294967294") this string spells, computed once: u32::MAX = none, u32::MAX-1 = not
    /// yet known.
    index: Cell<u32>,
    /// Every unit is Latin-1, so the flat data is (or, for a rope, will be) bytes.
    latin1: bool,
    interned: Cell<bool>,
    /// Whether every unit is ASCII, computed once (`is_ascii`): 0 not known yet, 1 yes, 2 no.
    ascii: Cell<u8>,
    data: UnsafeCell<StrData>,
}

const _: () = assert!(std::mem::size_of::<JsString>() == 40);

/// Byte offset of a string's length in units (a u32), for compiled code.
pub const STRING_LENGTH_OFFSET: usize = std::mem::offset_of!(JsString, len);
/// Byte offset of a string's interned flag (a bool in a `Cell`), for compiled code.
pub const STRING_INTERNED_OFFSET: usize = std::mem::offset_of!(JsString, interned);

const INDEX_UNKNOWN: u32 = u32::MAX - 1;
const NOT_INDEX: u32 = u32::MAX;

// SAFETY: a rope's two halves and a slice's parent are its only heap references; flat data is owned Rust memory.
unsafe impl Trace for JsString {
    fn trace(&self, t: &mut Tracer) {
        // SAFETY: single-threaded VM; tracing never runs while `flatten` holds a mutable reference.
        match unsafe { &*self.data.get() } {
            StrData::Rope(l, r) => {
                t.mark(*l);
                t.mark(*r);
            }
            StrData::Slice(parent, _) => t.mark(*parent),
            _ => {}
        }
    }
    fn external_size(&self) -> usize {
        // SAFETY: as in `trace`.
        match unsafe { &*self.data.get() } {
            StrData::Latin1(b) => b.len(),
            StrData::Utf16(u) => u.len() * 2,
            StrData::InlineLatin1 | StrData::InlineUtf16 | StrData::Rope(..) | StrData::Slice(..) => 0,
        }
    }
}

/// Borrowed contents of a flat string.
#[derive(Clone, Copy)]
pub enum Units<'a> {
    Latin1(&'a [u8]),
    Utf16(&'a [u16]),
}

impl<'a> Units<'a> {
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Units::Latin1(b) => b.len(),
            Units::Utf16(u) => u.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub fn at(&self, i: usize) -> u16 {
        match self {
            Units::Latin1(b) => b[i] as u16,
            Units::Utf16(u) => u[i],
        }
    }
    /// The spec's CodePointAt: the code point starting at unit `i` (`i < len`) and how many units it takes (a
    /// lone surrogate is its own code point).
    pub fn code_point_at(&self, i: usize) -> (u32, usize) {
        let a = self.at(i) as u32;
        if (0xD800..0xDC00).contains(&a) && i + 1 < self.len() {
            let b = self.at(i + 1) as u32;
            if (0xDC00..0xE000).contains(&b) {
                return (0x10000 + ((a - 0xD800) << 10) + (b - 0xDC00), 2);
            }
        }
        (a, 1)
    }
    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        let (a, b) = match *self {
            Units::Latin1(b) => (Some(b.iter().map(|&c| c as u16)), None),
            Units::Utf16(u) => (None, Some(u.iter().copied())),
        };
        a.into_iter().flatten().chain(b.into_iter().flatten())
    }
    pub fn to_vec(&self) -> Vec<u16> {
        self.iter().collect()
    }
    pub fn eq_units(&self, other: &Units<'_>) -> bool {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a == b,
            (Units::Utf16(a), Units::Utf16(b)) => a == b,
            _ => self.len() == other.len() && self.iter().eq(other.iter()),
        }
    }
    /// `hash_units` of the contents, without the per-unit storage dispatch.
    #[inline]
    pub fn hash(&self) -> u32 {
        match self {
            Units::Latin1(b) => hash_units(b.iter().map(|&c| c as u16)),
            Units::Utf16(u) => hash_units(u.iter().copied()),
        }
    }
    pub fn cmp_units(&self, other: &Units<'_>) -> std::cmp::Ordering {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a.cmp(b),
            _ => self.iter().cmp(other.iter()),
        }
    }
}

impl<'a> Units<'a> {
    #[inline]
    pub fn slice(&self, from: usize, to: usize) -> Units<'a> {
        match *self {
            Units::Latin1(b) => Units::Latin1(&b[from..to]),
            Units::Utf16(u) => Units::Utf16(&u[from..to]),
        }
    }

    /// The first index `i >= from` where `needle` occurs.
    pub fn find(&self, needle: Units<'_>, from: usize) -> Option<usize> {
        let n = needle.len();
        if n > self.len() || from > self.len() - n {
            return None;
        }
        match (*self, needle) {
            (Units::Latin1(h), Units::Latin1(p)) => find_slice(h, p, from),
            (Units::Utf16(h), Units::Utf16(p)) => find_slice(h, p, from),
            // A unit above 255 in the needle cannot match Latin-1 text.
            (Units::Latin1(_), Units::Utf16(p)) if p.iter().any(|&c| c > 255) => None,
            _ => (from..=self.len() - n).find(|&i| self.slice(i, i + n).eq_units(&needle)),
        }
    }

    /// The last index `i <= from` where `needle` occurs.
    pub fn rfind(&self, needle: Units<'_>, from: usize) -> Option<usize> {
        let n = needle.len();
        if n > self.len() {
            return None;
        }
        let start = from.min(self.len() - n);
        match (*self, needle) {
            (Units::Latin1(h), Units::Latin1(p)) => (0..=start).rev().find(|&i| &h[i..i + n] == p),
            (Units::Utf16(h), Units::Utf16(p)) => (0..=start).rev().find(|&i| &h[i..i + n] == p),
            _ => (0..=start).rev().find(|&i| self.slice(i, i + n).eq_units(&needle)),
        }
    }
}

/// Search that skips ahead to each occurrence of the needle's first unit before comparing the rest.
fn find_slice<T: Copy + PartialEq>(hay: &[T], needle: &[T], from: usize) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(from);
    };
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        let k = hay[i..=last_start].iter().position(|&c| c == first)?;
        i += k;
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A storage unit a rope is flattened into.
trait Unit: Copy {
    fn copy(out: &mut [Self], from: Units<'_>);
}

impl Unit for u8 {
    fn copy(out: &mut [u8], from: Units<'_>) {
        match from {
            Units::Latin1(b) => out.copy_from_slice(b),
            Units::Utf16(_) => unreachable!("a Latin-1 rope has Latin-1 halves"),
        }
    }
}

impl Unit for u16 {
    fn copy(out: &mut [u16], from: Units<'_>) {
        match from {
            Units::Latin1(b) => out.iter_mut().zip(b).for_each(|(o, &c)| *o = c as u16),
            Units::Utf16(u) => out.copy_from_slice(u),
        }
    }
}

/// Code units appended piece by piece: bytes while every unit is Latin-1, widened to `u16` at the first one that
/// is not, so the string it makes is stored as compactly as `JsString::from_units` would store it.
pub enum UnitsBuf {
    Latin1(Vec<u8>),
    Utf16(Vec<u16>),
}

impl UnitsBuf {
    pub fn with_capacity(n: usize) -> UnitsBuf {
        UnitsBuf::Latin1(Vec::with_capacity(n))
    }

    pub fn len(&self) -> usize {
        match self {
            UnitsBuf::Latin1(b) => b.len(),
            UnitsBuf::Utf16(u) => u.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn widen(&mut self, extra: usize) -> &mut Vec<u16> {
        if let UnitsBuf::Latin1(b) = self {
            let mut u = Vec::with_capacity(b.capacity().max(b.len() + extra));
            u.extend(b.iter().map(|&c| c as u16));
            *self = UnitsBuf::Utf16(u);
        }
        match self {
            UnitsBuf::Utf16(u) => u,
            UnitsBuf::Latin1(_) => unreachable!("widened above"),
        }
    }

    pub fn push(&mut self, c: u16) {
        match self {
            UnitsBuf::Latin1(b) if c < 256 => b.push(c as u8),
            UnitsBuf::Utf16(u) => u.push(c),
            UnitsBuf::Latin1(_) => self.widen(1).push(c),
        }
    }

    pub fn push_units(&mut self, units: Units<'_>) {
        match (&mut *self, units) {
            (UnitsBuf::Latin1(b), Units::Latin1(s)) => b.extend_from_slice(s),
            (UnitsBuf::Utf16(u), Units::Latin1(s)) => u.extend(s.iter().map(|&c| c as u16)),
            (UnitsBuf::Utf16(u), Units::Utf16(s)) => u.extend_from_slice(s),
            (UnitsBuf::Latin1(b), Units::Utf16(s)) => match s.iter().position(|&c| c > 255) {
                None => b.extend(s.iter().map(|&c| c as u8)),
                Some(_) => self.widen(s.len()).extend_from_slice(s),
            },
        }
    }

    pub fn into_string(self) -> JsString {
        match self {
            UnitsBuf::Latin1(b) => JsString::from_latin1(b.into_boxed_slice()),
            UnitsBuf::Utf16(u) => JsString::with_data(u.len() as u32, StrData::Utf16(u.into_boxed_slice())),
        }
    }
}

/// FNV-1a over code units, identical for Latin-1 and UTF-16 storage of the same contents.
pub fn hash_units(units: impl Iterator<Item = u16>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for u in units {
        h = (h ^ (u as u32)).wrapping_mul(0x0100_0193);
    }
    if h == 0 { 1 } else { h }
}

impl JsString {
    pub fn from_latin1(bytes: Box<[u8]>) -> JsString {
        JsString::with_data(bytes.len() as u32, StrData::Latin1(bytes))
    }

    /// Stores `units` compactly when they are all Latin-1.
    pub fn from_units(units: Vec<u16>) -> JsString {
        if units.iter().all(|&u| u < 256) {
            JsString::from_latin1(units.iter().map(|&u| u as u8).collect())
        } else {
            JsString::with_data(units.len() as u32, StrData::Utf16(units.into_boxed_slice()))
        }
    }

    /// A copy of `units`, stored compactly when they are all Latin-1.
    pub fn from_flat(units: Units<'_>) -> JsString {
        match units {
            Units::Latin1(b) => JsString::from_latin1(b.into()),
            Units::Utf16(u) => JsString::from_units(u.to_vec()),
        }
    }

    #[allow(clippy::should_implement_trait)] // infallible, unlike FromStr
    pub fn from_str(s: &str) -> JsString {
        if s.is_ascii() {
            JsString::from_latin1(s.as_bytes().into())
        } else {
            JsString::from_units(s.encode_utf16().collect())
        }
    }

    pub fn rope(left: Gc<JsString>, right: Gc<JsString>) -> JsString {
        let len = left.len + right.len;
        JsString::with_data(len, StrData::Rope(left, right))
    }

    fn with_data(len: u32, data: StrData) -> JsString {
        let latin1 = match &data {
            StrData::Latin1(_) | StrData::InlineLatin1 => true,
            StrData::Utf16(_) | StrData::InlineUtf16 => false,
            StrData::Rope(l, r) => l.latin1 && r.latin1,
            StrData::Slice(parent, _) => parent.latin1,
        };
        JsString {
            len,
            latin1,
            hash: Cell::new(0),
            interned: Cell::new(false),
            ascii: Cell::new(0),
            index: Cell::new(INDEX_UNKNOWN),
            data: UnsafeCell::new(data),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn is_interned(&self) -> bool {
        self.interned.get()
    }
    pub fn set_interned(&self) {
        self.interned.set(true)
    }
    /// Whether every unit is ASCII; scanned once (the contents never change), as a regexp subject asks at each
    /// match: a tokenizer matching sticky patterns against its whole input scanned it per token.
    pub fn is_ascii(&self) -> bool {
        match self.ascii.get() {
            0 => {
                let ascii = match self.units() {
                    Units::Latin1(b) => b.is_ascii(),
                    Units::Utf16(_) => false,
                };
                self.ascii.set(if ascii { 1 } else { 2 });
                ascii
            }
            known => known == 1,
        }
    }
    pub fn is_rope(&self) -> bool {
        // SAFETY: single-threaded; no mutable borrow of `data` is live outside `flatten`.
        matches!(unsafe { &*self.data.get() }, StrData::Rope(..))
    }

    /// The contents, flattening a rope first.
    #[inline]
    pub fn units(&self) -> Units<'_> {
        // SAFETY: single-threaded; `flatten` is the only writer and finishes before we borrow again.
        match unsafe { &*self.data.get() } {
            StrData::Latin1(b) => Units::Latin1(b),
            StrData::Utf16(u) => Units::Utf16(u),
            // SAFETY: inline data means this is a heap cell with `len` units in its tail (see `alloc_latin1_with`).
            StrData::InlineLatin1 => Units::Latin1(unsafe { std::slice::from_raw_parts(self.tail(), self.len()) }),
            // SAFETY: as above; the tail is 8-aligned.
            StrData::InlineUtf16 => {
                Units::Utf16(unsafe { std::slice::from_raw_parts(self.tail() as *const u16, self.len()) })
            }
            StrData::Rope(..) => {
                self.flatten();
                self.units()
            }
            StrData::Slice(parent, start) => {
                let (start, end) = (*start as usize, *start as usize + self.len());
                // SAFETY: the parent is flat and alive as long as `self` is (traced by it), and flat data never
                // changes, so its units outlive this borrow of `self`.
                match unsafe { &*(parent.as_ptr() as *const JsString) }.units() {
                    Units::Latin1(b) => Units::Latin1(unsafe { &*(&b[start..end] as *const [u8]) }),
                    Units::Utf16(u) => Units::Utf16(unsafe { &*(&u[start..end] as *const [u16]) }),
                }
            }
        }
    }

    /// The parent and first unit of a slice (`None` for any other string).
    pub fn slice_of(&self) -> Option<(Gc<JsString>, usize)> {
        // SAFETY: single-threaded; `flatten` is the only writer, and a slice is never flattened.
        match unsafe { &*self.data.get() } {
            StrData::Slice(parent, start) => Some((*parent, *start as usize)),
            _ => None,
        }
    }

    fn tail(&self) -> *const u8 {
        (self as *const JsString as *const u8).wrapping_add(TAIL_OFFSET)
    }

    /// A new flat Latin-1 string of `len` units, which `fill` writes after the allocation (so whatever it copies
    /// from must be kept alive by `fill` itself, e.g. by reading a captured string). Short ones live in the cell.
    #[inline]
    pub fn alloc_latin1_with(heap: &mut Heap, len: usize, fill: impl FnOnce(&mut [u8])) -> Gc<JsString> {
        if len > INLINE_MAX_BYTES {
            let mut b = vec![0u8; len].into_boxed_slice();
            fill(&mut b);
            return heap.alloc(JsString::from_latin1(b));
        }
        let s = heap.alloc_with_tail(JsString::with_data(len as u32, StrData::InlineLatin1), len);
        // SAFETY: the cell was just allocated with a zeroed tail of `len` bytes that nothing else refers to yet.
        fill(unsafe { std::slice::from_raw_parts_mut(s.tail_ptr(), len) });
        s
    }

    /// As `alloc_latin1_with`, for contents that are not all Latin-1.
    #[inline]
    pub fn alloc_utf16_with(heap: &mut Heap, len: usize, fill: impl FnOnce(&mut [u16])) -> Gc<JsString> {
        if len * 2 > INLINE_MAX_BYTES {
            let mut u = vec![0u16; len].into_boxed_slice();
            fill(&mut u);
            return heap.alloc(JsString::with_data(len as u32, StrData::Utf16(u)));
        }
        let s = heap.alloc_with_tail(JsString::with_data(len as u32, StrData::InlineUtf16), len * 2);
        // SAFETY: as in `alloc_latin1_with`; the tail is 8-aligned, so it holds `len` u16s.
        fill(unsafe { std::slice::from_raw_parts_mut(s.tail_ptr() as *mut u16, len) });
        s
    }

    /// A new string with units `from..to` of `s`: a slice of its flat data when longer than a cell holds, else a
    /// flat string as compactly stored as `from_units` would store it.
    pub fn alloc_slice(heap: &mut Heap, s: Gc<JsString>, from: usize, to: usize) -> Gc<JsString> {
        let n = to - from;
        let bytes = if s.latin1 { n } else { n * 2 };
        if bytes > INLINE_MAX_BYTES {
            s.units(); // a rope becomes flat, and stays so
            // SAFETY: single-threaded; nothing writes string data now.
            let (parent, start) = match unsafe { &*s.data.get() } {
                StrData::Slice(parent, start) => (*parent, *start as usize + from),
                _ => (s, from),
            };
            return heap.alloc(JsString::with_data(n as u32, StrData::Slice(parent, start as u32)));
        }
        match s.units() {
            Units::Latin1(_) => JsString::alloc_latin1_with(heap, n, |d| {
                if let Units::Latin1(b) = s.units() {
                    d.copy_from_slice(&b[from..to]);
                }
            }),
            Units::Utf16(u) if u[from..to].iter().all(|&c| c < 256) => JsString::alloc_latin1_with(heap, n, |d| {
                if let Units::Utf16(u) = s.units() {
                    d.iter_mut().zip(&u[from..to]).for_each(|(o, &c)| *o = c as u8);
                }
            }),
            Units::Utf16(_) => JsString::alloc_utf16_with(heap, n, |d| {
                if let Units::Utf16(u) = s.units() {
                    d.copy_from_slice(&u[from..to]);
                }
            }),
        }
    }

    /// A new flat string with these units, as compactly stored as `from_units` would store them.
    pub fn alloc_units(heap: &mut Heap, units: Vec<u16>) -> Gc<JsString> {
        let n = units.len();
        if units.iter().all(|&c| c < 256) {
            JsString::alloc_latin1_with(heap, n, |d| d.iter_mut().zip(&units).for_each(|(o, &c)| *o = c as u8))
        } else if n * 2 <= INLINE_MAX_BYTES {
            JsString::alloc_utf16_with(heap, n, |d| d.copy_from_slice(&units))
        } else {
            heap.alloc(JsString::with_data(n as u32, StrData::Utf16(units.into_boxed_slice())))
        }
    }

    /// A new flat string with the units of `units`: short ones are copied into the cell, long ones keep the buffer.
    pub fn alloc_buf(heap: &mut Heap, units: UnitsBuf) -> Gc<JsString> {
        match units {
            UnitsBuf::Latin1(b) if b.len() <= INLINE_MAX_BYTES => {
                JsString::alloc_latin1_with(heap, b.len(), |d| d.copy_from_slice(&b))
            }
            UnitsBuf::Utf16(u) if u.len() * 2 <= INLINE_MAX_BYTES => {
                JsString::alloc_utf16_with(heap, u.len(), |d| d.copy_from_slice(&u))
            }
            units => heap.alloc(units.into_string()),
        }
    }

    #[cold]
    fn flatten(&self) {
        let data = if self.latin1 {
            let mut out = vec![0u8; self.len()].into_boxed_slice();
            self.write_units(&mut out);
            StrData::Latin1(out)
        } else {
            let mut out = vec![0u16; self.len()].into_boxed_slice();
            self.write_units(&mut out);
            StrData::Utf16(out)
        };
        // The rope's new buffer counts toward the next collection (no heap is at hand here).
        tetra_gc::report_external_later(if self.latin1 { self.len() } else { self.len() * 2 });
        // SAFETY: no borrow of our data is live (`write_units` only borrowed it while walking).
        unsafe { *self.data.get() = data };
    }

    /// Writes the contents into `out` (exactly `len` units) without flattening the ropes on the way. Each rope
    /// recurses into its shorter half and loops on the longer, so the recursion is at most log2(len) deep however
    /// the rope leans (`s += x` builds left spines, `s = x + s` right ones).
    fn write_units<T: Unit>(&self, mut out: &mut [T]) {
        let mut cur = self;
        loop {
            // SAFETY: single-threaded; nothing writes string data during the walk. The halves are alive: they are
            // reachable from `self`, which the caller keeps alive.
            match unsafe { &*cur.data.get() } {
                StrData::Rope(l, r) => {
                    let (left, right) = std::mem::take(&mut out).split_at_mut(l.len());
                    let (l, r): (&JsString, &JsString) = (l, r);
                    if l.len() <= r.len() {
                        l.write_units(left);
                        (cur, out) = (r, right);
                    } else {
                        r.write_units(right);
                        (cur, out) = (l, left);
                    }
                }
                _ => return T::copy(out, cur.units()),
            }
        }
    }

    pub fn hash(&self) -> u32 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        let h = self.units().hash();
        self.hash.set(h);
        h
    }

    /// Content equality. Two distinct interned strings, or two strings whose hashes are known and differ, have
    /// different contents: most unequal pairs are told apart without reading their units.
    #[inline]
    pub fn same_contents(&self, other: &JsString) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        if self.len != other.len || self.interned.get() && other.interned.get() {
            return false;
        }
        let (h, k) = (self.hash.get(), other.hash.get());
        if h != 0 && k != 0 && h != k {
            return false;
        }
        self.units().eq_units(&other.units())
    }

    pub fn char_at(&self, i: usize) -> u16 {
        self.units().at(i)
    }

    pub fn to_rust_string(&self) -> String {
        match self.units() {
            Units::Latin1(b) => b.iter().map(|&c| c as char).collect(),
            Units::Utf16(u) => String::from_utf16_lossy(u),
        }
    }

    pub fn eq_str(&self, s: &str) -> bool {
        match self.units() {
            Units::Latin1(b) if s.is_ascii() => b == s.as_bytes(),
            u => u.iter().eq(s.encode_utf16()),
        }
    }

    /// The canonical array index this string spells ("0", "1", ... "4294967294"), if any.
    pub fn array_index(&self) -> Option<u32> {
        let mut i = self.index.get();
        if i == INDEX_UNKNOWN {
            i = parse_array_index(self.units()).unwrap_or(NOT_INDEX);
            self.index.set(i);
        }
        if i == NOT_INDEX { None } else { Some(i) }
    }
}

pub fn parse_array_index(u: Units<'_>) -> Option<u32> {
    let n = u.len();
    if n == 0 || n > 10 {
        return None;
    }
    let first = u.at(0);
    if first == b'0' as u16 {
        return if n == 1 { Some(0) } else { None };
    }
    let mut v: u64 = 0;
    for c in u.iter() {
        if !(b'0' as u16..=b'9' as u16).contains(&c) {
            return None;
        }
        v = v * 10 + (c - b'0' as u16) as u64;
    }
    if v < u32::MAX as u64 { Some(v as u32) } else { None }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_substrings_are_slices_of_the_first_parent() {
        let mut heap = Heap::new(tetra_gc::HeapConfig::default());
        let text: String = (0..2000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let parent = heap.alloc(JsString::from_str(&text));
        let a = JsString::alloc_slice(&mut heap, parent, 100, 1900);
        let b = JsString::alloc_slice(&mut heap, a, 50, 1700);
        // SAFETY: single-threaded test; nothing writes the data.
        let data = unsafe { &*b.data.get() };
        assert!(
            matches!(data, StrData::Slice(p, 150) if std::ptr::eq(p.as_ptr(), parent.as_ptr())),
            "a long substring is a slice of the first parent"
        );
        assert!(b.units().eq_units(&Units::Latin1(&text.as_bytes()[150..1800])));
        let short = JsString::alloc_slice(&mut heap, b, 3, 10);
        // SAFETY: as above.
        assert!(matches!(unsafe { &*short.data.get() }, StrData::InlineLatin1));
        assert!(short.units().eq_units(&Units::Latin1(&text.as_bytes()[153..160])));
    }

    use super::*;

    #[test]
    fn latin1_and_utf16_compare_equal() {
        let a = JsString::from_str("héllo");
        let b = JsString::with_data(5, StrData::Utf16("héllo".encode_utf16().collect()));
        assert!(a.units().eq_units(&b.units()));
        assert_eq!(a.hash(), b.hash());
        assert!(matches!(a.units(), Units::Latin1(_)));
    }

    #[test]
    fn non_latin1_stays_utf16() {
        let s = JsString::from_str("日本");
        assert!(matches!(s.units(), Units::Utf16(_)));
        assert_eq!(s.len(), 2);
        assert_eq!(s.to_rust_string(), "日本");
    }

    #[test]
    fn search_across_storages() {
        let wide: Vec<u16> = "xab\u{e9}ab".encode_utf16().collect();
        let (lat, wide) = (Units::Latin1(b"xab\xe9ab"), Units::Utf16(&wide));
        let ab = Units::Utf16(&[b'a' as u16, b'b' as u16]);
        assert_eq!(lat.find(Units::Latin1(b"ab"), 0), Some(1));
        assert_eq!(lat.find(ab, 2), Some(4));
        assert_eq!(wide.find(Units::Latin1(b"b\xe9"), 0), Some(2));
        assert_eq!(lat.find(Units::Utf16(&[0x4e00]), 0), None);
        assert_eq!(lat.find(Units::Latin1(b""), 6), Some(6));
        assert_eq!(lat.find(Units::Latin1(b"abx"), 0), None);
        assert_eq!(lat.rfind(ab, 6), Some(4));
        assert_eq!(wide.rfind(Units::Latin1(b"ab"), 3), Some(1));
        assert_eq!(lat.rfind(Units::Latin1(b"xab\xe9abx"), 9), None);
    }

    #[test]
    fn units_buf_widens_at_the_first_wide_unit() {
        let mut b = UnitsBuf::with_capacity(2);
        b.push_units(Units::Latin1(b"ab"));
        b.push_units(Units::Utf16(&[0xe9]));
        assert!(matches!(b, UnitsBuf::Latin1(_)));
        b.push(0x4e00);
        b.push_units(Units::Latin1(b"c"));
        let s = b.into_string();
        assert_eq!(s.to_rust_string(), "ab\u{e9}\u{4e00}c");
        assert!(matches!(s.units(), Units::Utf16(_)));
    }

    #[test]
    fn array_indices() {
        let idx = |s: &str| JsString::from_str(s).array_index();
        assert_eq!(idx("0"), Some(0));
        assert_eq!(idx("42"), Some(42));
        assert_eq!(idx("4294967294"), Some(4294967294));
        assert_eq!(idx("4294967295"), None);
        assert_eq!(idx("01"), None);
        assert_eq!(idx("-1"), None);
        assert_eq!(idx("1.5"), None);
        assert_eq!(idx(""), None);
    }
}
