//! Large-object space: cells bigger than the largest size class, one allocation each.
//!
//! Invariants:
//! - `objects` maps the cell address (header address) of every live large cell to its cell size; each cell is one
//!   `std::alloc` allocation of layout `(size, LARGE_ALIGN)`, zeroed at allocation.
//! - A large cell's header is never 0 while it is in `objects`; it is freed (dropped, deallocated, removed) when
//!   found unmarked by a sweep.
//! - `bytes` is the sum of the sizes in `objects`.

use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::collections::BTreeMap;

use crate::cell::{HEADER_SIZE, MARK_BIT, VTable};

const LARGE_ALIGN: usize = 16;

#[derive(Default)]
pub(crate) struct LargeSpace {
    objects: BTreeMap<usize, usize>,
    pub bytes: usize,
}

pub(crate) struct LargeSweep {
    pub live_bytes: usize,
    pub live_external: usize,
}

impl LargeSpace {
    /// Allocate a zeroed large cell of `size` bytes (header included). `None` if the allocator fails.
    pub fn alloc(&mut self, size: usize) -> Option<usize> {
        let layout = Layout::from_size_align(size, LARGE_ALIGN).ok()?;
        // SAFETY: `size` > 0 (large cells exceed the largest size class).
        let p = unsafe { alloc_zeroed(layout) };
        if p.is_null() {
            return None;
        }
        self.objects.insert(p as usize, size);
        self.bytes += size;
        Some(p as usize)
    }

    /// The large cell containing `addr` (O(log n)), if any.
    #[inline]
    pub fn find(&self, addr: usize) -> Option<usize> {
        let (&cell, &size) = self.objects.range(..=addr).next_back()?;
        if addr < cell + size { Some(cell) } else { None }
    }

    /// `[lowest cell address, end of the highest cell)`, or `None` if empty.
    pub fn bounds(&self) -> Option<(usize, usize)> {
        let (&lo, _) = self.objects.first_key_value()?;
        let (&hi, &size) = self.objects.last_key_value()?;
        Some((lo, hi + size))
    }

    /// Free unmarked cells, clear the marks of the others.
    ///
    /// # Safety
    /// Must run after a complete marking phase.
    pub unsafe fn sweep(&mut self) -> LargeSweep {
        let mut out = LargeSweep { live_bytes: 0, live_external: 0 };
        let mut freed = 0;
        self.objects.retain(|&cell, &mut size| {
            let hp = cell as *mut usize;
            // SAFETY: `cell` is a live large cell of ours, its header holds a (maybe marked) vtable pointer.
            let h = unsafe { *hp };
            let vt = (h & !MARK_BIT) as *const VTable;
            if h & MARK_BIT != 0 {
                // SAFETY: marked = reachable; restore the unmarked invariant and ask the live payload its size.
                unsafe {
                    *hp = h & !MARK_BIT;
                    let ext = ((*vt).external_size)((cell + HEADER_SIZE) as *const u8);
                    out.live_external += ext;
                    out.live_bytes += size + ext;
                }
                true
            } else {
                // SAFETY: unmarked after complete marking = unreachable: drop the payload once, then free the memory
                // with the layout it was allocated with.
                unsafe {
                    if let Some(drop) = (*vt).drop {
                        drop((cell + HEADER_SIZE) as *mut u8);
                    }
                    dealloc(cell as *mut u8, Layout::from_size_align_unchecked(size, LARGE_ALIGN));
                }
                freed += size;
                false
            }
        });
        self.bytes -= freed;
        out
    }

    /// Drop and free everything (heap teardown).
    pub fn drop_all(&mut self) {
        for (&cell, &size) in &self.objects {
            // SAFETY: every cell in `objects` is allocated with a live payload; each is dropped and freed once, and
            // the map is cleared below.
            unsafe {
                let vt = (*(cell as *const usize) & !MARK_BIT) as *const VTable;
                if let Some(drop) = (*vt).drop {
                    drop((cell + HEADER_SIZE) as *mut u8);
                }
                dealloc(cell as *mut u8, Layout::from_size_align_unchecked(size, LARGE_ALIGN));
            }
        }
        self.objects.clear();
        self.bytes = 0;
    }
}
