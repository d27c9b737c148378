//! `Space`: all memory of the heap (blocks by size class + large objects), address lookup and sweeping.
//!
//! Invariants:
//! - `set` holds the base of every mapped block: the in-use ones (`blocks`) and the empty pool (`empty`).
//! - Every free cell of an in-use block is on exactly one free list (`free[class]`, owned by the heap) after a sweep
//!   or a refill; cells of pooled empty blocks are on none, and all their headers are 0.
//! - `[lo, hi)` covers every mapped block and every large cell (it may be larger), so an address outside it is not in
//!   the heap. Empty heap: `lo = usize::MAX, hi = 0`.

use crate::block::{self, BLOCK_MASK, BLOCK_SIZE, BlockSet, Chain};
use crate::cell::{HEADER_SIZE, NUM_CLASSES};
use crate::large::LargeSpace;

/// Empty blocks kept for reuse after a sweep: at least this many...
const MIN_EMPTY_KEPT: usize = 4;
/// ... or one per this many in-use blocks.
const EMPTY_KEPT_RATIO: usize = 8;

pub(crate) struct Space {
    pub blocks: Vec<usize>,
    pub empty: Vec<usize>,
    pub set: BlockSet,
    pub large: LargeSpace,
    pub lo: usize,
    pub hi: usize,
}

/// Totals of a sweep.
pub(crate) struct SpaceSweep {
    pub live_bytes: usize,
    pub live_external: usize,
}

impl Space {
    pub fn new() -> Space {
        Space {
            blocks: Vec::new(),
            empty: Vec::new(),
            set: BlockSet::default(),
            large: LargeSpace::default(),
            lo: usize::MAX,
            hi: 0,
        }
    }

    /// Bytes of mapped memory: blocks (free space included) and large cells.
    pub fn mapped_bytes(&self) -> usize {
        self.set.len() * BLOCK_SIZE + self.large.bytes
    }

    fn widen(&mut self, lo: usize, hi: usize) {
        self.lo = self.lo.min(lo);
        self.hi = self.hi.max(hi);
    }

    /// A block formatted for `class`, reused from the empty pool or freshly mapped; returns its chain of free cells.
    pub fn new_block(&mut self, class: usize) -> Option<Chain> {
        let base = match self.empty.pop() {
            Some(b) => b,
            None => {
                let b = block::map_block()?;
                self.set.insert(b);
                self.widen(b, b + BLOCK_SIZE);
                b
            }
        };
        self.blocks.push(base);
        // SAFETY: `base` is a mapped block with no allocated cell (fresh, or pooled empty).
        Some(unsafe { block::format_block(base, class) })
    }

    /// A zeroed large cell of `size` bytes.
    pub fn new_large(&mut self, size: usize) -> Option<usize> {
        let cell = self.large.alloc(size)?;
        self.widen(cell, cell + size);
        Some(cell)
    }

    /// The allocated cell containing `addr` (interior pointers included), as a cell (header) address.
    #[inline]
    pub fn find_cell(&self, addr: usize) -> Option<usize> {
        if addr < self.lo || addr >= self.hi {
            return None;
        }
        let base = addr & BLOCK_MASK;
        if self.set.contains(&base) {
            // SAFETY: `base` is a mapped, formatted block (blocks are formatted right after mapping) containing `addr`.
            unsafe { block::cell_containing(base, addr) }
        } else {
            self.large.find(addr)
        }
    }

    /// Payload pointer of the allocated cell containing `addr`.
    pub fn find_payload(&self, addr: usize) -> Option<*const u8> {
        self.find_cell(addr).map(|c| (c + HEADER_SIZE) as *const u8)
    }

    /// Sweep everything after marking and rebuild the free lists from scratch.
    ///
    /// # Safety
    /// Must run after a complete marking phase; no `Gc` to an unmarked cell may be used afterwards.
    pub unsafe fn sweep(&mut self, free: &mut [usize; NUM_CLASSES]) -> SpaceSweep {
        *free = [0; NUM_CLASSES];
        let mut out = SpaceSweep { live_bytes: 0, live_external: 0 };
        let mut i = 0;
        while i < self.blocks.len() {
            let base = self.blocks[i];
            // SAFETY: in-use blocks are formatted; the caller guarantees marking is complete.
            let r = unsafe { block::sweep_block(base) };
            if r.live_cells == 0 {
                self.blocks.swap_remove(i);
                self.empty.push(base);
                continue;
            }
            out.live_bytes += r.live_bytes;
            out.live_external += r.live_external;
            if r.free.head != 0 {
                // SAFETY: the block is formatted; `tail` is the last free cell of the new chain (a free cell, whose
                // first payload word is the link).
                unsafe {
                    let class = (*(base as *const block::BlockHeader)).class;
                    *((r.free.tail + HEADER_SIZE) as *mut usize) = free[class];
                    free[class] = r.free.head;
                }
            }
            i += 1;
        }
        // SAFETY: the caller guarantees marking is complete.
        let l = unsafe { self.large.sweep() };
        out.live_bytes += l.live_bytes;
        out.live_external += l.live_external;

        self.recompute_bounds();
        out
    }

    /// Unmap pooled empty blocks beyond what the next `budget` bytes of allocation can use (plus some slack), so a
    /// steady-state program does not map and fault in fresh blocks every cycle.
    pub fn release_empty_blocks(&mut self, budget: usize) {
        let keep = MIN_EMPTY_KEPT.max(self.blocks.len() / EMPTY_KEPT_RATIO).max(budget.div_ceil(BLOCK_SIZE) + 1);
        if self.empty.len() <= keep {
            return;
        }
        while self.empty.len() > keep {
            let base = self.empty.pop().unwrap();
            self.set.remove(&base);
            // SAFETY: the block is empty (no allocated cell) and no longer referenced by any structure.
            unsafe { block::unmap_block(base) };
        }
        self.recompute_bounds();
    }

    fn recompute_bounds(&mut self) {
        self.lo = usize::MAX;
        self.hi = 0;
        let (mut lo, mut hi) = (usize::MAX, 0);
        for &b in &self.set {
            lo = lo.min(b);
            hi = hi.max(b + BLOCK_SIZE);
        }
        if let Some((l, h)) = self.large.bounds() {
            lo = lo.min(l);
            hi = hi.max(h);
        }
        self.widen(lo, hi);
    }
}

impl Drop for Space {
    fn drop(&mut self) {
        for &base in &self.blocks {
            // SAFETY: in-use blocks are formatted; the heap is being torn down, no cell is used afterwards.
            unsafe { block::drop_all(base) };
        }
        self.large.drop_all();
        for &base in &self.set {
            // SAFETY: every block in `set` was mapped by us and none of its cells is used any more.
            unsafe { block::unmap_block(base) };
        }
    }
}
