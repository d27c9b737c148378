//! Cell layout: the `Trace` trait, per-type vtables, the `Gc<T>` pointer and size classes.
//!
//! Invariants:
//! - A cell is an 8-byte header followed by its payload (a `T`, then an optional tail). Cell and payload addresses
//!   are 8-aligned; a `Gc<T>` always points at the payload, so the header is at `addr - HEADER_SIZE`.
//! - Header word: `0` = free cell; otherwise the address of the `&'static VTable` of the payload's type, whose bit 0
//!   (always clear in the address, `VTable` being 8-aligned) is the mark bit.
//! - Outside a collection every allocated cell has its mark bit clear.
//! - A free cell's first payload word holds the address of the next free cell of its free list (0 = end).

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::ops::Deref;
use core::ptr::NonNull;

use crate::mark::Tracer;

/// Size of the cell header that precedes every payload.
pub const HEADER_SIZE: usize = 8;
/// Mark bit in the header word.
pub(crate) const MARK_BIT: usize = 1;

/// A type whose values can live in GC cells.
///
/// # Safety
/// `trace` must report every heap pointer the value holds (missing one lets the collector free a live cell), and
/// the value's `Drop` (if any) must not touch other cells: they may already have been swept.
pub unsafe trait Trace {
    /// Report every heap pointer this value holds, via `tracer.mark(..)` / `mark_conservative(..)`.
    fn trace(&self, tracer: &mut Tracer);
    /// Bytes of malloc'd memory owned by this cell (Vec buffers etc), counted in live-bytes stats and the heap limit.
    fn external_size(&self) -> usize {
        0
    }
}

/// Per-type operations, pointed to by the header of every allocated cell.
pub(crate) struct VTable {
    pub trace: unsafe fn(*const u8, &mut Tracer),
    pub drop: Option<unsafe fn(*mut u8)>,
    pub external_size: unsafe fn(*const u8) -> usize,
    #[allow(dead_code)] // kept for debugging (visible in a debugger through the header)
    pub size: usize,
}

/// # Safety
/// `p` must point at a live `T`.
unsafe fn trace_thunk<T: Trace>(p: *const u8, tracer: &mut Tracer) {
    // SAFETY: the caller guarantees `p` points at a live `T` (the header's vtable was built for `T`).
    unsafe { (*(p as *const T)).trace(tracer) }
}

/// # Safety
/// `p` must point at a live `T` that is never used again.
unsafe fn drop_thunk<T>(p: *mut u8) {
    // SAFETY: the caller guarantees `p` points at a live `T` that is dead from now on.
    unsafe { core::ptr::drop_in_place(p as *mut T) }
}

/// # Safety
/// `p` must point at a live `T`.
unsafe fn external_thunk<T: Trace>(p: *const u8) -> usize {
    // SAFETY: the caller guarantees `p` points at a live `T`.
    unsafe { (*(p as *const T)).external_size() }
}

/// Holder of the `'static` vtable of `T` (a generic associated const, promoted to a static).
pub(crate) struct VTableOf<T>(PhantomData<T>);

impl<T: Trace + 'static> VTableOf<T> {
    pub const VTABLE: &'static VTable = &VTable {
        trace: trace_thunk::<T>,
        drop: if core::mem::needs_drop::<T>() { Some(drop_thunk::<T> as unsafe fn(*mut u8)) } else { None },
        external_size: external_thunk::<T>,
        size: core::mem::size_of::<T>(),
    };
}

/// Cell sizes (header included) of the segregated size classes. All are multiples of 16.
pub(crate) const CLASS_SIZES: [usize; NUM_CLASSES] =
    [16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 512, 640, 768, 1024, 1536, 2048];
pub(crate) const NUM_CLASSES: usize = 20;
/// Largest cell served by the size classes; bigger cells go to the large-object space.
pub(crate) const MAX_SMALL: usize = 2048;

/// Size class of a cell of `size` bytes, or `NUM_CLASSES` if it is a large object.
pub(crate) const fn class_of(size: usize) -> usize {
    let mut i = 0;
    while i < NUM_CLASSES {
        if CLASS_SIZES[i] >= size {
            return i;
        }
        i += 1;
    }
    NUM_CLASSES
}

/// `CLASS_TABLE[(size + 15) / 16]` is `class_of(size)` for `size <= MAX_SMALL`.
static CLASS_TABLE: [u8; MAX_SMALL / 16 + 1] = {
    let mut t = [0u8; MAX_SMALL / 16 + 1];
    let mut i = 0;
    while i < t.len() {
        t[i] = class_of(i * 16) as u8;
        i += 1;
    }
    t
};

/// Runtime version of `class_of` (a table lookup).
#[inline]
pub(crate) fn class_of_runtime(size: usize) -> usize {
    if size <= MAX_SMALL { CLASS_TABLE[(size + 15) >> 4] as usize } else { NUM_CLASSES }
}

#[inline]
pub(crate) const fn round8(n: usize) -> usize {
    (n + 7) & !7
}

/// Compile-time layout of a cell holding a `T` (without tail).
pub(crate) struct CellLayout<T>(PhantomData<T>);

impl<T> CellLayout<T> {
    /// Bytes reserved for `T` (at least one word, for the free-list link).
    pub const PAYLOAD: usize =
        if round8(core::mem::size_of::<T>()) < 8 { 8 } else { round8(core::mem::size_of::<T>()) };
    pub const CELL: usize = HEADER_SIZE + Self::PAYLOAD;
    pub const CLASS: usize = class_of(Self::CELL);
}

/// Copyable typed pointer to the payload of a heap cell. The cell header (8 bytes) sits just before the payload.
///
/// Equality, hashing and `Debug` use the address. `Deref` (and `get`/`get_mut`) rely on the VM being
/// single-threaded and on the cell being live (reachable from a root or the native stack).
#[repr(transparent)]
pub struct Gc<T: ?Sized>(NonNull<T>);

impl<T: ?Sized> Gc<T> {
    #[inline(always)]
    pub fn as_ptr(self) -> *mut T {
        self.0.as_ptr()
    }

    /// # Safety
    /// `p` must be the payload pointer of an allocated cell holding a `T` (e.g. from `as_ptr`).
    #[inline(always)]
    pub unsafe fn from_raw(p: *mut T) -> Gc<T> {
        // SAFETY: the caller guarantees `p` is a payload pointer, hence non-null.
        Gc(unsafe { NonNull::new_unchecked(p) })
    }

    #[inline(always)]
    pub fn addr(self) -> usize {
        self.0.as_ptr() as *const u8 as usize
    }

    /// Unchecked shared access.
    ///
    /// # Safety
    /// The cell must be live and not mutably aliased for `'a` (the VM is single-threaded and enforces this).
    #[inline(always)]
    pub unsafe fn get<'a>(self) -> &'a T {
        // SAFETY: the caller guarantees liveness and the absence of a conflicting `&mut`.
        unsafe { &*self.0.as_ptr() }
    }

    /// Unchecked mutable access.
    ///
    /// # Safety
    /// The cell must be live and not otherwise aliased for `'a`.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get_mut<'a>(self) -> &'a mut T {
        // SAFETY: the caller guarantees liveness and exclusive access.
        unsafe { &mut *self.0.as_ptr() }
    }

    /// Reinterpret as a pointer to another payload type.
    ///
    /// # Safety
    /// The cell must actually hold a `U` (or a `#[repr(C)]` type starting with one) before it is dereferenced.
    #[inline(always)]
    pub unsafe fn cast<U>(self) -> Gc<U> {
        Gc(self.0.cast())
    }
}

impl<T> Gc<T> {
    /// Start of the tail storage of a cell allocated with `Heap::alloc_with_tail`: the payload address plus
    /// `size_of::<T>()` rounded up to 8.
    #[inline(always)]
    pub fn tail_ptr(self) -> *mut u8 {
        (self.addr() + round8(core::mem::size_of::<T>())) as *mut u8
    }
}

impl<T: ?Sized> Clone for Gc<T> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: ?Sized> Copy for Gc<T> {}

impl<T: ?Sized> PartialEq for Gc<T> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        self.addr() == other.addr()
    }
}
impl<T: ?Sized> Eq for Gc<T> {}

impl<T: ?Sized> Hash for Gc<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.addr().hash(state)
    }
}

impl<T: ?Sized> fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gc({:#x})", self.addr())
    }
}

impl<T: ?Sized> Deref for Gc<T> {
    type Target = T;
    /// Relies on the single-threaded VM: no `get_mut` borrow of the same cell may be alive.
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: a `Gc` points at a live payload while reachable; the VM is single-threaded and takes
        // responsibility for not holding a `get_mut` borrow of the same cell across this one.
        unsafe { self.0.as_ref() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_table_matches_const_fn() {
        for size in 1..=MAX_SMALL + 100 {
            let c = class_of_runtime(size);
            assert_eq!(c, class_of(size), "size {size}");
            if c < NUM_CLASSES {
                assert!(CLASS_SIZES[c] >= size);
                assert!(c == 0 || CLASS_SIZES[c - 1] < size);
            }
        }
    }

    #[test]
    fn layout_of_small_types() {
        assert_eq!(CellLayout::<()>::CELL, 16);
        assert_eq!(CellLayout::<u8>::CELL, 16);
        assert_eq!(CellLayout::<[u64; 2]>::CELL, 24);
        assert_eq!(CellLayout::<[u64; 2]>::CLASS, 1);
        assert_eq!(CellLayout::<[u8; 4000]>::CLASS, NUM_CLASSES);
    }
}
