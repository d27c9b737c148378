//! `Heap`: allocation (inline fast path, cold slow path), collection policy, roots, limits and statistics.
//!
//! Invariants:
//! - `free[c]` is the head of the free list of size class `c` (0 = empty); see `space.rs`.
//! - `since` = bytes allocated (cells at class size) + external bytes reported since the last collection.
//! - The fast path allocates only while `since + size <= fast_trigger`; `fast_trigger` is `trigger` normally and 0
//!   under `gc_stress` (so every allocation takes the slow path, which counts allocations).
//! - `trigger = min(max(initial_threshold, GROWTH * live), max_heap - live)`: allocating past it collects first, so
//!   the footprint `live + since` never exceeds `max_heap` without a collection and a limit check in between.
//! - No allocation happens while `in_gc` (root/weak callbacks and `Drop` impls must not allocate).

use std::io::Write;
use std::time::Instant;

use crate::cell::{CLASS_SIZES, CellLayout, Gc, HEADER_SIZE, NUM_CLASSES, Trace, VTableOf, class_of_runtime, round8};
use crate::mark::Tracer;
use crate::space::Space;
use crate::stack::{self, StackBounds};
use crate::stats::{self, HeapStats};

/// Heap growth factor: after a collection, the next one happens after allocating `GROWTH * live` bytes (at least
/// `initial_threshold`).
const GROWTH: usize = 2;

thread_local! {
    /// Bytes noted by `report_external_later`, not yet counted by a heap.
    static PENDING_EXTERNAL: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `Heap::report_external` for code that has no heap at hand (a string flattened in place while it is read): the
/// bytes count toward the next collection from the next slow allocation on this thread, which comes at least
/// once per block of small cells.
pub fn report_external_later(bytes: usize) {
    PENDING_EXTERNAL.with(|p| p.set(p.get().saturating_add(bytes)));
}

/// Heap configuration.
#[derive(Clone, Debug)]
pub struct HeapConfig {
    /// Bytes (cells + external); exceeding it after a full GC is out-of-memory.
    pub max_heap: Option<usize>,
    /// Collect at every N-th allocation.
    pub gc_stress: Option<u32>,
    /// Print one line per collection to stderr.
    pub trace_gc: bool,
    /// Bytes allocated before the first GC (default 8 MiB).
    pub initial_threshold: usize,
}

impl Default for HeapConfig {
    fn default() -> Self {
        HeapConfig { max_heap: None, gc_stress: None, trace_gc: false, initial_threshold: 8 << 20 }
    }
}

/// How the heap finds the VM's precise roots and processes its weak tables.
#[derive(Clone, Copy)]
pub struct RootCallbacks {
    pub ctx: *mut (),
    /// Called at the start of each collection: trace every precise root (VM register file, VM tables).
    pub roots: unsafe fn(ctx: *mut (), tracer: &mut Tracer),
    /// Called after marking, before sweeping: lets the VM drop weak entries (e.g. interned-string table) whose
    /// cells are not marked (tracer.is_marked). It must not allocate.
    pub weak: unsafe fn(ctx: *mut (), tracer: &Tracer),
}

fn default_oom(limit: usize) -> ! {
    let _ = writeln!(std::io::stderr(), "Uncaught RangeError: Out of memory: heap limit of {limit} bytes exceeded");
    std::process::exit(1)
}

/// Where compiled code allocates a small cell inline (see `Heap::inline_allocation`): with `head = *free_list`, a
/// cell is free to take when `head != 0 && *since + cell_size <= *fast_trigger`; taking it stores the sum in `since`
/// and the head's link (its first payload word) in `free_list`, then writes a vtable header and the payload.
#[derive(Clone, Copy, Debug)]
pub struct InlineAllocation {
    pub free_list: usize,
    pub since: usize,
    pub fast_trigger: usize,
    pub cell_size: usize,
}

/// A non-moving mark-sweep heap. Single-threaded: use it from the thread that collects (its native stack is scanned).
pub struct Heap {
    free: [usize; NUM_CLASSES],
    since: usize,
    fast_trigger: usize,
    trigger: usize,
    external_since: usize,
    stress_every: u32,
    stress_count: u32,
    space: Space,
    tracer: Tracer,
    config: HeapConfig,
    callbacks: Option<RootCallbacks>,
    oom: fn(usize) -> !,
    scan_stack: bool,
    stack: Option<StackBounds>,
    in_gc: bool,
    live_cells_bytes: usize,
    live_external: usize,
    allocated_before: u64,
    stats: HeapStats,
}

impl Heap {
    pub fn new(config: HeapConfig) -> Heap {
        let stress_every = config.gc_stress.unwrap_or(0);
        let mut heap = Heap {
            free: [0; NUM_CLASSES],
            since: 0,
            fast_trigger: 0,
            trigger: 0,
            external_since: 0,
            stress_every,
            stress_count: 0,
            space: Space::new(),
            tracer: Tracer::new(),
            config,
            callbacks: None,
            oom: default_oom,
            scan_stack: true,
            stack: None,
            in_gc: false,
            live_cells_bytes: 0,
            live_external: 0,
            allocated_before: 0,
            stats: HeapStats::default(),
        };
        heap.set_trigger();
        heap
    }

    pub fn set_roots(&mut self, cb: RootCallbacks) {
        self.callbacks = Some(cb);
    }

    /// Set the out-of-memory handler (default: prints "Uncaught RangeError: Out of memory: heap limit of N bytes
    /// exceeded" to stderr and exits the process with status 1).
    pub fn set_oom_handler(&mut self, f: fn(limit: usize) -> !) {
        self.oom = f;
    }

    /// Enable/disable the conservative native-stack scan (on by default). Only for tests and embedders that keep
    /// every pointer in precise roots: with it off, a `Gc` held only in a Rust local is freed by the next collection.
    pub fn set_conservative_stack_scan(&mut self, on: bool) {
        self.scan_stack = on;
    }

    pub fn config(&self) -> &HeapConfig {
        &self.config
    }

    /// Allocate a cell holding `value`. May run a collection first (roots from callbacks + conservative stack scan).
    /// The malloc'd memory `value` already owns (`external_size`: a long string's buffer, an array buffer's bytes)
    /// counts toward the next collection as the cell does: counted only at the next collection, a loop making
    /// 20 KB substrings grew to 430 MB without one.
    #[inline]
    pub fn alloc<T: Trace + 'static>(&mut self, value: T) -> Gc<T> {
        const { assert!(core::mem::align_of::<T>() <= 8, "tetra-gc: cell payloads must have alignment <= 8") };
        self.report_owned(value.external_size());
        let cell = if CellLayout::<T>::CLASS < NUM_CLASSES {
            self.alloc_small(CellLayout::<T>::CLASS)
        } else {
            self.alloc_large(CellLayout::<T>::CELL)
        };
        // SAFETY: `cell` is a fresh free cell of at least `CellLayout::<T>::CELL` bytes, 8-aligned, owned by nobody;
        // writing the vtable header then the value makes it an allocated cell holding a `T`.
        unsafe {
            (cell as *mut usize).write(VTableOf::<T>::VTABLE as *const _ as usize);
            let payload = (cell + HEADER_SIZE) as *mut T;
            payload.write(value);
            Gc::from_raw(payload)
        }
    }

    /// The bytes of the cell `alloc_with_tail` takes for a `T` and `tail_bytes`, header included.
    pub fn cell_size_with_tail<T: Trace + 'static>(tail_bytes: usize) -> usize {
        let tail = tail_bytes.checked_add(7).map_or(usize::MAX & !7, |t| t & !7);
        CellLayout::<T>::CELL.max((HEADER_SIZE + round8(core::mem::size_of::<T>())).saturating_add(tail))
    }

    /// Same as `alloc`, followed by `tail_bytes` of zeroed, 8-aligned storage right after T (at `Gc::tail_ptr`,
    /// i.e. payload + `size_of::<T>()` rounded up to 8). T must be #[repr(C)]; its trace/drop handle the tail.
    /// What the value owns outside the cell is not counted (it may live in the tail, not written yet): the caller
    /// reports it (`report_external`).
    #[inline]
    pub fn alloc_with_tail<T: Trace + 'static>(&mut self, value: T, tail_bytes: usize) -> Gc<T> {
        const { assert!(core::mem::align_of::<T>() <= 8, "tetra-gc: cell payloads must have alignment <= 8") };
        let tail = tail_bytes.checked_add(7).map_or(usize::MAX & !7, |t| t & !7);
        let size = Self::cell_size_with_tail::<T>(tail_bytes);
        let class = class_of_runtime(size);
        let small = class < NUM_CLASSES;
        let cell = if small { self.alloc_small(class) } else { self.alloc_large(size) };
        // SAFETY: `cell` is a fresh free cell of at least `size` bytes, 8-aligned, owned by nobody: header, value and
        // the tail all fit in it (large cells come zeroed; recycled small cells need their tail cleared).
        unsafe {
            (cell as *mut usize).write(VTableOf::<T>::VTABLE as *const _ as usize);
            let payload = (cell + HEADER_SIZE) as *mut T;
            payload.write(value);
            let gc = Gc::from_raw(payload);
            if small {
                core::ptr::write_bytes(gc.tail_ptr(), 0, tail);
            }
            gc
        }
    }

    /// What compiled code needs to allocate a cell of `bytes` bytes (header included) in the heap at `heap` inline,
    /// as `alloc_small`'s fast path does: `None` for large cells. The addresses stay valid as long as the heap does
    /// not move (the VM that owns it is boxed). Takes a pointer, not a reference: compilers ask while the VM is
    /// borrowed by whoever runs them; the fields' addresses are computed from their offsets, nothing is read.
    pub fn inline_allocation(heap: *const Heap, bytes: usize) -> Option<InlineAllocation> {
        let class = class_of_runtime(bytes);
        let field = |offset: usize| heap as usize + offset;
        (class < NUM_CLASSES).then(|| InlineAllocation {
            free_list: field(core::mem::offset_of!(Heap, free) + class * core::mem::size_of::<usize>()),
            since: field(core::mem::offset_of!(Heap, since)),
            fast_trigger: field(core::mem::offset_of!(Heap, fast_trigger)),
            cell_size: CLASS_SIZES[class],
        })
    }

    /// Fast path: pop the class's free list. Returns a free cell (header address).
    #[inline(always)]
    fn alloc_small(&mut self, class: usize) -> usize {
        let size = CLASS_SIZES[class];
        let head = self.free[class];
        let since = self.since + size;
        if head != 0 && since <= self.fast_trigger {
            self.since = since;
            // SAFETY: `head` is a free cell; its first payload word is the free-list link.
            self.free[class] = unsafe { *((head + HEADER_SIZE) as *const usize) };
            return head;
        }
        self.alloc_small_slow(class)
    }

    #[cold]
    #[inline(never)]
    fn alloc_small_slow(&mut self, class: usize) -> usize {
        let size = CLASS_SIZES[class];
        self.before_slow_alloc(size);
        if self.free[class] == 0 {
            match self.space.new_block(class) {
                Some(chain) => {
                    self.free[class] = chain.head;
                    self.note_footprint();
                }
                None => self.out_of_memory(),
            }
        }
        let head = self.free[class];
        // SAFETY: `head` is a free cell (the list is non-empty now); its first payload word is the link.
        self.free[class] = unsafe { *((head + HEADER_SIZE) as *const usize) };
        self.since += size;
        head
    }

    #[cold]
    #[inline(never)]
    fn alloc_large(&mut self, size: usize) -> usize {
        self.before_slow_alloc(size);
        let Some(cell) = self.space.new_large(size) else { self.out_of_memory() };
        self.since += size;
        self.note_footprint();
        cell
    }

    /// Collect if the trigger or the stress counter says so, then enforce the heap limit for a `size`-byte request.
    fn before_slow_alloc(&mut self, size: usize) {
        assert!(!self.in_gc, "tetra-gc: allocation during a collection (root/weak callback or Drop)");
        self.take_pending_external();
        let mut reason = None;
        if self.since.saturating_add(size) > self.trigger {
            reason = Some("alloc");
        }
        if self.stress_every != 0 {
            self.stress_count += 1;
            if self.stress_count >= self.stress_every {
                self.stress_count = 0;
                reason = Some("stress");
            }
        }
        if let Some(reason) = reason {
            self.collect(reason);
            if let Some(max) = self.config.max_heap
                && self.live_bytes().saturating_add(size) > max
            {
                (self.oom)(max)
            }
        }
    }

    #[cold]
    fn out_of_memory(&self) -> ! {
        let limit = self.config.max_heap.unwrap_or_else(|| self.footprint());
        (self.oom)(limit)
    }

    /// The VM reports growth of malloc'd memory owned by cells (e.g. a Vec that doubled); counts toward the next
    /// GC trigger (the collection itself happens at the next allocation).
    #[inline]
    pub fn report_external(&mut self, bytes: usize) {
        self.since = self.since.saturating_add(bytes);
        self.external_since = self.external_since.saturating_add(bytes);
        self.note_footprint();
    }

    /// Adds what `report_external_later` noted on this thread since the last slow allocation.
    fn take_pending_external(&mut self) {
        let pending = PENDING_EXTERNAL.with(|p| p.replace(0));
        if pending != 0 {
            self.report_external(pending);
        }
    }

    /// `report_external` for what a new cell's value owns (nothing, for most cells).
    #[inline(always)]
    fn report_owned(&mut self, bytes: usize) {
        if bytes != 0 {
            self.report_external(bytes);
        }
    }

    fn live_bytes(&self) -> usize {
        self.live_cells_bytes + self.live_external
    }

    /// Current footprint: mapped blocks + large cells + external bytes (live at last GC + reported since).
    fn footprint(&self) -> usize {
        self.space.mapped_bytes() + self.live_external + self.external_since
    }

    fn note_footprint(&mut self) {
        let f = self.footprint();
        if f > self.stats.peak_heap_bytes {
            self.stats.peak_heap_bytes = f;
        }
    }

    fn set_trigger(&mut self) {
        let live = self.live_bytes();
        let growth = self.config.initial_threshold.max(GROWTH.saturating_mul(live));
        let cap = self.config.max_heap.map_or(usize::MAX, |m| m.saturating_sub(live));
        self.trigger = growth.min(cap);
        self.fast_trigger = if self.stress_every != 0 { 0 } else { self.trigger };
    }

    /// Full collection now: precise roots from the callbacks + conservative scan of this thread's stack.
    ///
    /// Must not be called from a root/weak callback or a `Drop` impl.
    pub fn collect(&mut self, reason: &'static str) {
        assert!(!self.in_gc, "tetra-gc: nested collection");
        let start = Instant::now();
        let before = self.live_bytes() + self.since;
        let stack_top = if self.scan_stack { self.stack_top() } else { 0 };
        self.in_gc = true;
        self.fast_trigger = 0; // any allocation during the collection takes the slow path, which rejects it

        self.tracer.begin(&self.space);
        if let Some(cb) = self.callbacks {
            // SAFETY: the VM registered `roots` with a `ctx` valid for the heap's lifetime; it only marks.
            unsafe { (cb.roots)(cb.ctx, &mut self.tracer) };
            self.tracer.drain();
        }
        if self.scan_stack {
            stack::scan_native_stack(&mut self.tracer, stack_top);
            self.tracer.drain();
        }
        if let Some(cb) = self.callbacks {
            // SAFETY: as above; marking is complete, `weak` only reads mark bits and edits VM tables.
            unsafe { (cb.weak)(cb.ctx, &self.tracer) };
        }
        self.tracer.end();

        // SAFETY: marking is complete (roots, stack and transitive closure); unmarked cells are unreachable.
        let swept = unsafe { self.space.sweep(&mut self.free) };
        self.allocated_before += (self.since - self.external_since.min(self.since)) as u64;
        self.live_cells_bytes = swept.live_bytes - swept.live_external;
        self.live_external = swept.live_external;
        self.since = 0;
        self.external_since = 0;
        self.set_trigger();
        self.space.release_empty_blocks(self.trigger);
        self.in_gc = false;
        self.note_footprint();

        let pause = start.elapsed();
        self.stats.record_pause(pause);
        self.stats.live_bytes_after_gc = self.live_bytes();
        tracing::info!(
            target: "tetra::gc",
            reason,
            before,
            after = self.live_bytes(),
            pause_us = pause.as_secs_f64() * 1e6,
            "collection"
        );
        if self.config.trace_gc {
            let line = stats::trace_line(self.stats.collections, reason, before, self.live_bytes(), pause);
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }

    /// Every word of the current thread's native stack below the caller (and of the callee-saved registers), as the
    /// conservative root scan sees them: e.g. to find the return addresses of the code that is running.
    pub fn visit_stack_words(&mut self, visit: &mut dyn FnMut(u64)) {
        let top = self.stack_top();
        stack::visit_native_stack(top, visit);
    }

    /// Top of the current thread's stack, computed once and re-computed if the heap moved to another thread.
    fn stack_top(&mut self) -> usize {
        let sp = stack::approximate_sp();
        match self.stack {
            Some(b) if b.lo <= sp && sp < b.hi => b.hi,
            _ => {
                let b = stack::current_thread_stack();
                assert!(
                    b.lo <= sp && sp < b.hi,
                    "tetra-gc: collecting while running on a stack that is not the thread's own (stacker segment, \
                     coroutine?): its frames cannot be scanned"
                );
                self.stack = Some(b);
                b.hi
            }
        }
    }

    pub fn stats(&self) -> HeapStats {
        let mut s = self.stats;
        s.bytes_allocated_total = self.allocated_before + (self.since - self.external_since.min(self.since)) as u64;
        s.heap_bytes = self.footprint();
        s
    }

    /// Find the cell containing an address (interior pointers ok): Some(payload pointer) if allocated.
    pub fn find_cell(&self, addr: usize) -> Option<*const u8> {
        self.space.find_payload(addr)
    }
}

#[cfg(test)]
#[path = "heap_tests.rs"]
mod tests;
