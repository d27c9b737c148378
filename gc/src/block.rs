//! Fixed-size, size-aligned blocks of equal-sized cells (one size class per block), and the set of block bases.
//!
//! Invariants:
//! - A block is `BLOCK_SIZE` bytes aligned to `BLOCK_SIZE`, obtained from `mmap` (so it starts zeroed); its first
//!   `FIRST_CELL` bytes are a `BlockHeader`; cells follow back to back: cell `i` is at
//!   `base + FIRST_CELL + i * cell_size`, for `i < ncells`.
//! - For any address inside a block, `addr & BLOCK_MASK` is the block base.
//! - Every cell's header word is 0 (free) or a vtable pointer (allocated, maybe marked); see `cell.rs`.
//! - A block that is in use belongs to exactly one size class; an empty block (all headers 0) may be re-formatted for
//!   another class.

use core::hash::{BuildHasherDefault, Hasher};
use std::collections::HashSet;

use crate::cell::{CLASS_SIZES, HEADER_SIZE, MARK_BIT, VTable};

pub(crate) const BLOCK_SIZE: usize = 256 * 1024;
pub(crate) const BLOCK_MASK: usize = !(BLOCK_SIZE - 1);
/// Offset of the first cell in a block (room for the header, one cache line).
pub(crate) const FIRST_CELL: usize = 64;

#[repr(C)]
pub(crate) struct BlockHeader {
    pub cell_size: usize,
    pub ncells: usize,
    pub class: usize,
}

const _: () = assert!(core::mem::size_of::<BlockHeader>() <= FIRST_CELL);

/// A chain of free cells linked through their first payload word: `head` is the first, `tail` the last (0 if empty).
#[derive(Clone, Copy, Default)]
pub(crate) struct Chain {
    pub head: usize,
    pub tail: usize,
}

/// Outcome of sweeping one block.
pub(crate) struct BlockSweep {
    pub free: Chain,
    pub live_cells: usize,
    pub live_bytes: usize,
    pub live_external: usize,
}

/// Map a fresh, zeroed, `BLOCK_SIZE`-aligned block. `None` if the OS refuses.
pub(crate) fn map_block() -> Option<usize> {
    let len = 2 * BLOCK_SIZE;
    // SAFETY: an anonymous private mapping with no address hint has no preconditions.
    let p = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return None;
    }
    let start = p as usize;
    let base = (start + BLOCK_SIZE - 1) & BLOCK_MASK;
    let head = base - start;
    let tail = len - head - BLOCK_SIZE;
    if head > 0 {
        // SAFETY: [start, base) is part of the mapping just created and nothing else uses it.
        unsafe { libc::munmap(start as *mut libc::c_void, head) };
    }
    if tail > 0 {
        // SAFETY: [base + BLOCK_SIZE, start + len) is part of the mapping just created and nothing else uses it.
        unsafe { libc::munmap((base + BLOCK_SIZE) as *mut libc::c_void, tail) };
    }
    Some(base)
}

/// # Safety
/// `base` must come from `map_block`, and no cell of the block may be used afterwards.
pub(crate) unsafe fn unmap_block(base: usize) {
    // SAFETY: the caller guarantees the block is ours and dead.
    unsafe { libc::munmap(base as *mut libc::c_void, BLOCK_SIZE) };
}

/// Format a block for `class` (all cells free) and return the chain of all its cells, in address order.
///
/// # Safety
/// `base` must be a mapped block with no allocated cell.
pub(crate) unsafe fn format_block(base: usize, class: usize) -> Chain {
    let cell_size = CLASS_SIZES[class];
    let ncells = (BLOCK_SIZE - FIRST_CELL) / cell_size;
    // SAFETY: the block is mapped, ours, and the header area is reserved for the `BlockHeader`.
    unsafe { (base as *mut BlockHeader).write(BlockHeader { cell_size, ncells, class }) };
    let first = base + FIRST_CELL;
    let mut next = 0usize;
    for i in (0..ncells).rev() {
        let cell = first + i * cell_size;
        // SAFETY: `cell` and `cell + 8` lie inside the block (cell_size >= 16) and no allocated cell is there.
        unsafe {
            (cell as *mut usize).write(0);
            ((cell + HEADER_SIZE) as *mut usize).write(next);
        }
        next = cell;
    }
    Chain { head: first, tail: first + (ncells - 1) * cell_size }
}

/// Sweep a block after marking: clear marks of live cells, drop dead ones, and chain all free cells.
///
/// # Safety
/// `base` must be a formatted block of this heap, after a complete marking phase.
pub(crate) unsafe fn sweep_block(base: usize) -> BlockSweep {
    // SAFETY: `base` is a formatted block, so its header is initialised.
    let (cell_size, ncells) = unsafe { geometry(base) };
    let first = base + FIRST_CELL;
    let mut out = BlockSweep { free: Chain::default(), live_cells: 0, live_bytes: 0, live_external: 0 };
    for i in (0..ncells).rev() {
        let cell = first + i * cell_size;
        let hp = cell as *mut usize;
        // SAFETY: `cell` is a cell of this block; its header is initialised (by `format_block` or allocation).
        let h = unsafe { *hp };
        if h & MARK_BIT != 0 {
            let vt = (h & !MARK_BIT) as *const VTable;
            // SAFETY: a marked header holds a `&'static VTable` of the payload's type; clearing the bit restores the
            // unmarked invariant; the payload is live.
            unsafe {
                *hp = h & !MARK_BIT;
                out.live_external += ((*vt).external_size)((cell + HEADER_SIZE) as *const u8);
            }
            out.live_cells += 1;
            continue;
        }
        if h != 0 {
            let vt = h as *const VTable;
            // SAFETY: an unmarked allocated cell is unreachable after complete marking, so its payload is dropped
            // exactly once here and then the cell becomes free (header 0).
            unsafe {
                if let Some(drop) = (*vt).drop {
                    drop((cell + HEADER_SIZE) as *mut u8);
                }
                *hp = 0;
            }
        }
        // SAFETY: the cell is free, so its first payload word is ours to use as the free-list link.
        unsafe { ((cell + HEADER_SIZE) as *mut usize).write(out.free.head) };
        if out.free.head == 0 {
            out.free.tail = cell;
        }
        out.free.head = cell;
    }
    out.live_bytes = out.live_cells * cell_size + out.live_external;
    out
}

/// Drop every allocated cell of a block (heap teardown).
///
/// # Safety
/// `base` must be a formatted block; none of its cells may be used afterwards.
pub(crate) unsafe fn drop_all(base: usize) {
    // SAFETY: `base` is a formatted block.
    let (cell_size, ncells) = unsafe { geometry(base) };
    for i in 0..ncells {
        let cell = base + FIRST_CELL + i * cell_size;
        // SAFETY: each cell header is initialised; a non-zero one holds a vtable of a live payload, dropped once.
        unsafe {
            let h = *(cell as *const usize) & !MARK_BIT;
            if h != 0 {
                if let Some(drop) = (*(h as *const VTable)).drop {
                    drop((cell + HEADER_SIZE) as *mut u8);
                }
                *(cell as *mut usize) = 0;
            }
        }
    }
}

/// The allocated cell of block `base` containing `addr` (header, payload or tail), if any.
///
/// # Safety
/// `base` must be a formatted block and `addr & BLOCK_MASK == base`.
#[inline]
pub(crate) unsafe fn cell_containing(base: usize, addr: usize) -> Option<usize> {
    let off = addr.wrapping_sub(base + FIRST_CELL);
    // SAFETY: `base` is a formatted block.
    let h = unsafe { &*(base as *const BlockHeader) };
    let i = off / h.cell_size; // off < FIRST_CELL wraps to a huge value, rejected below
    if i >= h.ncells {
        return None;
    }
    let cell = base + FIRST_CELL + i * h.cell_size;
    // SAFETY: `cell` is a cell of this block; its header is initialised.
    if unsafe { *(cell as *const usize) } != 0 { Some(cell) } else { None }
}

/// `(cell_size, ncells)` of a block.
///
/// # Safety
/// `base` must be a formatted block.
#[inline]
unsafe fn geometry(base: usize) -> (usize, usize) {
    // SAFETY: the caller guarantees the header is initialised.
    let h = unsafe { &*(base as *const BlockHeader) };
    (h.cell_size, h.ncells)
}

/// Hasher for block bases: they are multiples of `BLOCK_SIZE`, so drop the zero bits and multiply (Fibonacci hash).
#[derive(Default)]
pub(crate) struct BlockHasher(u64);

impl Hasher for BlockHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.0 = ((x >> 18) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Set of the bases of all mapped blocks.
pub(crate) type BlockSet = HashSet<usize, BuildHasherDefault<BlockHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_and_formatted() {
        let base = map_block().unwrap();
        assert_eq!(base % BLOCK_SIZE, 0);
        // SAFETY: fresh block.
        let chain = unsafe { format_block(base, 3) };
        assert_eq!(chain.head, base + FIRST_CELL);
        let mut n = 0;
        let mut c = chain.head;
        while c != 0 {
            n += 1;
            // SAFETY: `c` is a free cell of the chain.
            c = unsafe { *((c + 8) as *const usize) };
        }
        assert_eq!(n, (BLOCK_SIZE - FIRST_CELL) / CLASS_SIZES[3]);
        // SAFETY: all cells free, so no lookup hits.
        unsafe {
            assert_eq!(cell_containing(base, base), None);
            assert_eq!(cell_containing(base, chain.head + 10), None);
            unmap_block(base);
        }
    }
}
