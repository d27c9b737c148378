//! The `Tracer`: mark bits, the explicit mark stack, and conservative pointer recognition.
//!
//! Invariants:
//! - A cell is on the mark stack only if its mark bit is set; it is pushed at most once per collection (it is pushed
//!   exactly when its mark bit goes from 0 to 1), so the stack never holds more entries than there are cells.
//! - Marking never recurses: `trace` methods only push, `drain` pops until empty.
//! - `space` points at the heap's `Space` during a collection, and is only read (never mutated) while marking.

use crate::cell::{Gc, HEADER_SIZE, MARK_BIT, VTable};
use crate::space::Space;

/// Mask applied to conservative words: keeps the low 48 bits, which turns a NaN-boxed pointer into the pointer.
pub const NAN_BOX_PAYLOAD_MASK: u64 = 0x0000_FFFF_FFFF_FFFF;

/// Marks cells and holds the mark stack. Passed to `Trace::trace` and to the root callbacks.
pub struct Tracer {
    stack: Vec<usize>,
    space: *const Space,
    lo: usize,
    hi: usize,
}

impl Tracer {
    pub(crate) fn new() -> Tracer {
        Tracer { stack: Vec::new(), space: core::ptr::null(), lo: usize::MAX, hi: 0 }
    }

    /// Start a marking phase over `space`.
    pub(crate) fn begin(&mut self, space: &Space) {
        self.space = space;
        self.lo = space.lo;
        self.hi = space.hi;
    }

    /// End the marking phase: `space` must no longer be read.
    pub(crate) fn end(&mut self) {
        debug_assert!(self.stack.is_empty());
        self.space = core::ptr::null();
        self.lo = usize::MAX;
        self.hi = 0;
        if self.stack.capacity() > 1 << 20 {
            self.stack = Vec::new();
        }
    }

    /// Precise edge to a live cell.
    #[inline]
    pub fn mark<T: ?Sized>(&mut self, p: Gc<T>) {
        self.mark_cell(p.addr() - HEADER_SIZE);
    }

    /// Precise edge to a payload pointer of a live cell; null is ignored.
    #[inline]
    pub fn mark_ptr(&mut self, p: *const u8) {
        if !p.is_null() {
            self.mark_cell(p as usize - HEADER_SIZE);
        }
    }

    #[inline(always)]
    fn mark_cell(&mut self, cell: usize) {
        let hp = cell as *mut usize;
        // SAFETY: precise edges point at payloads of allocated cells (the `Trace` contract), so `cell` is a cell
        // header; conservative edges come from `Space::find_cell`, which only returns allocated cells.
        let h = unsafe { *hp };
        debug_assert!(h != 0, "marking a free cell at {cell:#x}: a Gc pointer outlived its cell");
        if h & MARK_BIT == 0 {
            // SAFETY: as above; setting the mark bit keeps the vtable address intact.
            unsafe { *hp = h | MARK_BIT };
            self.stack.push(cell);
        }
    }

    /// Conservative: if `word` (or `word & 0x0000_FFFF_FFFF_FFFF`, i.e. a pointer in a NaN-box) points anywhere
    /// inside an allocated cell (header, payload or tail — interior pointers count), mark that cell. Otherwise nothing.
    #[inline]
    pub fn mark_conservative(&mut self, word: u64) {
        // Heap addresses are user-space addresses (< 2^48), so masking a raw pointer leaves it unchanged.
        let a = (word & NAN_BOX_PAYLOAD_MASK) as usize;
        if a < self.lo || a >= self.hi {
            return;
        }
        self.mark_conservative_slow(a);
    }

    #[inline(never)]
    fn mark_conservative_slow(&mut self, a: usize) {
        debug_assert!(!self.space.is_null(), "mark_conservative outside a collection");
        // SAFETY: `lo < hi` only during a collection, when `space` points at the heap's live, unmutated `Space`.
        if let Some(cell) = unsafe { (*self.space).find_cell(a) } {
            self.mark_cell(cell);
        }
    }

    /// Whether the cell whose payload is `p` is marked (for weak processing). `p` must be the payload pointer of an
    /// allocated cell; null gives `false`.
    #[inline]
    pub fn is_marked(&self, p: *const u8) -> bool {
        if p.is_null() {
            return false;
        }
        // SAFETY: the caller passes a payload pointer of an allocated cell, so its header precedes it.
        unsafe { *((p as usize - HEADER_SIZE) as *const usize) & MARK_BIT != 0 }
    }

    /// Trace marked cells until the mark stack is empty.
    pub(crate) fn drain(&mut self) {
        while let Some(cell) = self.stack.pop() {
            // SAFETY: only marked allocated cells are pushed; their header is a vtable pointer with the mark bit set,
            // and the payload is a live value of the vtable's type.
            unsafe {
                let vt = (*(cell as *const usize) & !MARK_BIT) as *const VTable;
                ((*vt).trace)((cell + HEADER_SIZE) as *const u8, self);
            }
        }
    }
}
