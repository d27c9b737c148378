//! Tests of the whole heap: allocation, roots, conservative scanning, sweeping, policy and limits.
//!
//! Invariants: each test uses its own `Heap` on its own thread; drop counts are thread-local. Tests asserting that
//! something is freed turn the conservative stack scan off (a stale stack word could otherwise keep a cell alive).

use super::*;
use crate::NAN_BOX_PAYLOAD_MASK;
use std::cell::{Cell, RefCell};
use std::hint::black_box;

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
    static DROPPED_IDS: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn drops() -> usize {
    DROPS.with(|d| d.get())
}

fn was_dropped(id: usize) -> bool {
    DROPPED_IDS.with(|v| v.borrow().contains(&id))
}

struct Node {
    id: usize,
    next: Option<Gc<Node>>,
}

// SAFETY: `next` is the only heap pointer.
unsafe impl Trace for Node {
    fn trace(&self, tracer: &mut Tracer) {
        self.next.trace(tracer)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
        if self.id >= 1_000_000 {
            DROPPED_IDS.with(|v| v.borrow_mut().push(self.id));
        }
    }
}

/// Roots held by the test, registered through `RootCallbacks`.
#[derive(Default)]
struct Roots {
    cells: Vec<Gc<Node>>,
    weak_seen: Vec<(usize, bool)>,
    weak_probe: Vec<*const u8>,
}

unsafe fn trace_roots(ctx: *mut (), tracer: &mut Tracer) {
    // SAFETY: tests pass a `*mut Roots` that outlives the heap's collections.
    let roots = unsafe { &*(ctx as *const Roots) };
    for &c in &roots.cells {
        tracer.mark(c);
    }
}

unsafe fn weak_roots(ctx: *mut (), tracer: &Tracer) {
    // SAFETY: as in `trace_roots`.
    let roots = unsafe { &mut *(ctx as *mut Roots) };
    let seen: Vec<_> = roots.weak_probe.iter().map(|&p| (p as usize, tracer.is_marked(p))).collect();
    roots.weak_seen = seen;
}

fn heap_with_roots(roots: &mut Roots, config: HeapConfig) -> Heap {
    let mut heap = Heap::new(config);
    heap.set_roots(RootCallbacks { ctx: roots as *mut Roots as *mut (), roots: trace_roots, weak: weak_roots });
    heap
}

fn precise_heap(roots: &mut Roots) -> Heap {
    let mut heap = heap_with_roots(roots, HeapConfig::default());
    heap.set_conservative_stack_scan(false);
    heap
}

#[repr(C)]
struct Blob<const N: usize> {
    words: [u64; N],
}
// SAFETY: plain data.
unsafe impl<const N: usize> Trace for Blob<N> {
    fn trace(&self, _: &mut Tracer) {}
}

fn check_size<const N: usize>(heap: &mut Heap) {
    let mut cells = Vec::new();
    for i in 0..50u64 {
        let g = heap.alloc(Blob::<N> { words: [i; N] });
        assert_eq!(g.addr() % 8, 0);
        assert_eq!(heap.find_cell(g.addr()), Some(g.addr() as *const u8));
        assert_eq!(heap.find_cell(g.addr() + 8 * N - 1), Some(g.addr() as *const u8));
        assert_eq!(heap.find_cell(g.addr() - HEADER_SIZE), Some(g.addr() as *const u8));
        cells.push(g);
    }
    let mut addrs: Vec<_> = cells.iter().map(|g| g.addr()).collect();
    addrs.sort();
    for w in addrs.windows(2) {
        assert!(w[1] - w[0] >= 8 * N + HEADER_SIZE, "cells overlap for N={N}");
    }
    for (i, g) in cells.iter().enumerate() {
        assert!(g.words.iter().all(|&w| w == i as u64));
    }
}

#[test]
fn every_size_class_allocates() {
    let mut heap = Heap::new(HeapConfig::default());
    check_size::<1>(&mut heap);
    check_size::<2>(&mut heap);
    check_size::<3>(&mut heap);
    check_size::<5>(&mut heap);
    check_size::<7>(&mut heap);
    check_size::<9>(&mut heap);
    check_size::<11>(&mut heap);
    check_size::<13>(&mut heap);
    check_size::<15>(&mut heap);
    check_size::<19>(&mut heap);
    check_size::<23>(&mut heap);
    check_size::<27>(&mut heap);
    check_size::<31>(&mut heap);
    check_size::<39>(&mut heap);
    check_size::<47>(&mut heap);
    check_size::<63>(&mut heap);
    check_size::<79>(&mut heap);
    check_size::<95>(&mut heap);
    check_size::<127>(&mut heap);
    check_size::<191>(&mut heap);
    check_size::<255>(&mut heap);
    check_size::<256>(&mut heap); // first large size
    check_size::<1000>(&mut heap);
    check_size::<0>(&mut heap);
    assert!(heap.stats().bytes_allocated_total > 0);
}

#[test]
fn root_callback_keeps_cells_alive() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let a = heap.alloc(Node { id: 1, next: None });
    let b = heap.alloc(Node { id: 2, next: Some(a) });
    roots.cells.push(b);
    for _ in 0..1000 {
        heap.alloc(Node { id: 0, next: None });
    }
    heap.collect("test");
    assert_eq!(drops(), 1000);
    // Reuse freed cells: the survivors must not be overwritten.
    for _ in 0..2000 {
        heap.alloc(Node { id: 0, next: None });
    }
    assert_eq!(b.id, 2);
    assert_eq!(b.next.unwrap().id, 1);
    assert_eq!(b.next.unwrap(), a);
    roots.cells.clear();
    heap.collect("test");
    assert_eq!(drops(), 1000 + 2000 + 2);
}

#[test]
fn unreachable_cells_are_freed_and_reused() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let first: Vec<usize> = (0..5000).map(|i| heap.alloc(Node { id: i, next: None }).addr()).collect();
    heap.collect("test");
    assert_eq!(drops(), 5000);
    assert_eq!(heap.stats().live_bytes_after_gc, 0);
    for &a in &first {
        assert_eq!(heap.find_cell(a), None);
    }
    let again: Vec<usize> = (0..5000).map(|i| heap.alloc(Node { id: i, next: None }).addr()).collect();
    let mut x = first.clone();
    x.sort();
    let mut y = again.clone();
    y.sort();
    assert_eq!(x, y, "freed cells are reused before new memory");
}

#[inline(never)]
fn make_node(heap: &mut Heap, id: usize) -> Gc<Node> {
    heap.alloc(Node { id, next: None })
}

#[inline(never)]
fn churn(heap: &mut Heap) {
    for _ in 0..10_000 {
        black_box(heap.alloc(Node { id: 0, next: None }));
    }
}

#[test]
fn native_stack_local_keeps_cell_alive() {
    let mut heap = Heap::new(HeapConfig::default());
    let p = black_box(make_node(&mut heap, 1_000_001));
    churn(&mut heap);
    heap.collect("test");
    churn(&mut heap);
    assert!(!was_dropped(1_000_001));
    assert_eq!(black_box(p).id, 1_000_001);
}

#[inline(never)]
fn interior_pointer_to_fresh_node(heap: &mut Heap, id: usize) -> usize {
    let g = heap.alloc(Node { id, next: None });
    g.addr() + 8 // points at `next`, inside the payload
}

#[test]
fn interior_pointer_keeps_cell_alive() {
    let mut heap = Heap::new(HeapConfig::default());
    let interior = black_box(interior_pointer_to_fresh_node(&mut heap, 1_000_002));
    heap.collect("test");
    churn(&mut heap);
    assert!(!was_dropped(1_000_002));
    let payload = heap.find_cell(black_box(interior)).unwrap();
    // SAFETY: the cell is alive and holds a Node.
    assert_eq!(unsafe { (*(payload as *const Node)).id }, 1_000_002);
}

#[inline(never)]
fn nan_boxed_fresh_node(heap: &mut Heap, id: usize) -> u64 {
    let g = heap.alloc(Node { id, next: None });
    0xFFFC_0000_0000_0000 | g.addr() as u64
}

#[test]
fn nan_boxed_word_keeps_cell_alive() {
    let mut heap = Heap::new(HeapConfig::default());
    let boxed = black_box(nan_boxed_fresh_node(&mut heap, 1_000_003));
    heap.collect("test");
    churn(&mut heap);
    assert!(!was_dropped(1_000_003));
    let addr = (black_box(boxed) & NAN_BOX_PAYLOAD_MASK) as usize;
    assert!(heap.find_cell(addr).is_some());
}

#[test]
fn conservative_scan_does_not_keep_everything() {
    let mut heap = Heap::new(HeapConfig::default());
    churn(&mut heap);
    heap.collect("test");
    // A few stale words may survive on the stack; almost everything must be freed.
    assert!(drops() >= 9_900, "only {} of 10000 freed", drops());
}

#[test]
fn long_linked_list_marks_without_recursion() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let mut head: Option<Gc<Node>> = None;
    for i in 0..200_000 {
        head = Some(heap.alloc(Node { id: i, next: head }));
    }
    roots.cells.push(head.unwrap());
    heap.collect("test");
    assert_eq!(drops(), 0);
    let mut n = 0;
    let mut p = head;
    while let Some(c) = p {
        n += 1;
        p = c.next;
    }
    assert_eq!(n, 200_000);
    roots.cells.clear();
    heap.collect("test");
    assert_eq!(drops(), 200_000);
}

#[test]
fn gc_stress_collects_every_nth_allocation() {
    let mut roots = Roots::default();
    let mut heap = heap_with_roots(&mut roots, HeapConfig { gc_stress: Some(10), ..HeapConfig::default() });
    let keep = heap.alloc(Node { id: 7, next: None });
    roots.cells.push(keep);
    for _ in 0..1000 {
        heap.alloc(Node { id: 0, next: None });
    }
    let s = heap.stats();
    assert_eq!(s.collections, 100);
    assert_eq!(keep.id, 7);
    assert!(drops() >= 900);
}

#[test]
fn threshold_triggers_collection() {
    let mut heap = Heap::new(HeapConfig { initial_threshold: 1 << 20, ..HeapConfig::default() });
    heap.set_conservative_stack_scan(false);
    for _ in 0..100_000 {
        heap.alloc(Node { id: 0, next: None });
    }
    let s = heap.stats();
    assert!(s.collections >= 2, "{s:?}");
    assert!(s.peak_heap_bytes < 8 << 20, "{s:?}");
    assert_eq!(s.bytes_allocated_total, 100_000 * 32);
}

struct Big {
    id: usize,
    _data: [u64; 1000],
    next: Option<Gc<Node>>,
}
// SAFETY: `next` is the only heap pointer.
unsafe impl Trace for Big {
    fn trace(&self, tracer: &mut Tracer) {
        self.next.trace(tracer)
    }
}
impl Drop for Big {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

#[test]
fn large_objects() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let small = heap.alloc(Node { id: 5, next: None });
    let big = heap.alloc(Big { id: 9, _data: [0; 1000], next: Some(small) });
    assert_eq!(heap.find_cell(big.addr() + 4000), Some(big.addr() as *const u8));
    assert_eq!(heap.find_cell(big.addr() + 8016), None);
    let mut dead = Vec::new();
    for i in 0..20 {
        dead.push(heap.alloc(Big { id: i, _data: [0; 1000], next: None }).addr());
    }
    // Keep `big` alive through an interior pointer only (conservative edge from a root callback).
    roots.cells.clear();
    let mut heap2 = heap; // moving the heap must be fine
    unsafe fn interior_root(ctx: *mut (), tracer: &mut Tracer) {
        // SAFETY: ctx is the address of a `usize` on the test's stack, alive during collections.
        tracer.mark_conservative(unsafe { *(ctx as *const usize) } as u64 + 100);
    }
    unsafe fn no_weak(_: *mut (), _: &Tracer) {}
    let mut big_addr = big.addr();
    heap2.set_roots(RootCallbacks { ctx: &mut big_addr as *mut usize as *mut (), roots: interior_root, weak: no_weak });
    heap2.collect("test");
    assert_eq!(drops(), 20);
    assert_eq!(big.id, 9);
    assert_eq!(big.next.unwrap().id, 5, "large object's edges are traced");
    for a in dead {
        assert_eq!(heap2.find_cell(a), None);
    }
    big_addr = 0;
    black_box(&mut big_addr);
    heap2.collect("test");
    assert_eq!(drops(), 22);
}

#[repr(C)]
struct WithTail {
    len: usize,
}
// SAFETY: the tail holds plain bytes only.
unsafe impl Trace for WithTail {
    fn trace(&self, _: &mut Tracer) {}
}

#[test]
fn alloc_with_tail_is_zeroed_and_findable() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    for &tail in &[0usize, 1, 8, 24, 100, 1000, 2030, 5000] {
        let g = heap.alloc_with_tail(WithTail { len: tail }, tail);
        assert_eq!(g.tail_ptr() as usize, g.addr() + 8);
        // SAFETY: the tail has `tail` bytes.
        let bytes = unsafe { core::slice::from_raw_parts_mut(g.tail_ptr(), tail) };
        assert!(bytes.iter().all(|&b| b == 0), "tail {tail} not zeroed");
        bytes.fill(0xAB);
        if tail > 0 {
            assert_eq!(heap.find_cell(g.tail_ptr() as usize + tail - 1), Some(g.addr() as *const u8));
        }
        assert_eq!(g.len, tail);
    }
    heap.collect("test");
    // Freed cells come back dirty; the tail must be re-zeroed.
    for &tail in &[0usize, 1, 8, 24, 100, 1000, 2030] {
        let g = heap.alloc_with_tail(WithTail { len: tail }, tail);
        // SAFETY: the tail has `tail` bytes.
        let bytes = unsafe { core::slice::from_raw_parts(g.tail_ptr(), tail) };
        assert!(bytes.iter().all(|&b| b == 0), "reused tail {tail} not zeroed");
    }
}

#[test]
fn weak_callback_sees_unmarked_cells() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let live = heap.alloc(Node { id: 1, next: None });
    let dead = heap.alloc(Node { id: 2, next: None });
    roots.cells.push(live);
    roots.weak_probe = vec![live.addr() as *const u8, dead.addr() as *const u8];
    heap.collect("test");
    assert_eq!(roots.weak_seen, vec![(live.addr(), true), (dead.addr(), false)]);
    assert_eq!(drops(), 1);
    // Marks are cleared after the collection.
    assert_eq!(heap.find_cell(live.addr()), Some(live.addr() as *const u8));
    assert_eq!(heap.find_cell(dead.addr()), None);
}

struct Buffer {
    data: Vec<u8>,
}
// SAFETY: no heap pointers.
unsafe impl Trace for Buffer {
    fn trace(&self, _: &mut Tracer) {}
    fn external_size(&self) -> usize {
        self.data.capacity()
    }
}

#[test]
fn external_size_counts() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let b = heap.alloc(Buffer { data: Vec::with_capacity(3 << 20) });
    let n = heap.alloc(Node { id: 1, next: None });
    roots.cells.push(n);
    let mut keep = b.addr();
    unsafe fn both(ctx: *mut (), tracer: &mut Tracer) {
        // SAFETY: ctx is a `usize` on the test's stack.
        tracer.mark_ptr(unsafe { *(ctx as *const usize) } as *const u8);
    }
    unsafe fn no_weak(_: *mut (), _: &Tracer) {}
    heap.set_roots(RootCallbacks { ctx: &mut keep as *mut usize as *mut (), roots: both, weak: no_weak });
    heap.collect("test");
    let live = heap.stats().live_bytes_after_gc;
    assert!(((3 << 20)..(3 << 20) + 1024).contains(&live), "live {live}");
    assert!(heap.stats().peak_heap_bytes >= 3 << 20);
    assert_eq!(b.data.capacity(), 3 << 20);
}

#[test]
fn report_external_triggers_collection() {
    let mut heap = Heap::new(HeapConfig { initial_threshold: 1 << 20, ..HeapConfig::default() });
    heap.alloc(Node { id: 0, next: None });
    assert_eq!(heap.stats().collections, 0);
    heap.report_external(2 << 20);
    assert_eq!(heap.stats().collections, 0, "report_external never collects by itself");
    heap.alloc(Node { id: 0, next: None });
    assert_eq!(heap.stats().collections, 1);
}

#[test]
fn what_a_new_cell_owns_counts_toward_the_next_collection() {
    let mut heap = Heap::new(HeapConfig { initial_threshold: 1 << 20, ..HeapConfig::default() });
    heap.set_conservative_stack_scan(false);
    // Forty small cells owning 64 KB each: 2.5 MB of garbage the cells' own sizes would not show.
    for _ in 0..40 {
        heap.alloc(Buffer { data: vec![0; 64 << 10] });
    }
    assert!(heap.stats().collections >= 1, "collections: {}", heap.stats().collections);
    assert!(heap.stats().bytes_allocated_total < 64 << 10, "external bytes are not cell bytes");
}

#[test]
fn memory_reported_later_counts_at_the_next_slow_allocation() {
    let mut heap = Heap::new(HeapConfig { initial_threshold: 1 << 20, ..HeapConfig::default() });
    heap.set_conservative_stack_scan(false);
    crate::report_external_later(2 << 20);
    // The first allocation takes the slow path (no block yet): it counts the 2 MB and collects.
    heap.alloc(Node { id: 0, next: None });
    assert_eq!(heap.stats().collections, 1);
}

fn panicking_oom(limit: usize) -> ! {
    panic!("oom handler called with limit {limit}")
}

#[test]
fn oom_handler_called_when_limit_exceeded() {
    let mut roots = Roots::default();
    let mut heap = heap_with_roots(&mut roots, HeapConfig { max_heap: Some(1 << 20), ..HeapConfig::default() });
    heap.set_oom_handler(panicking_oom);
    heap.set_conservative_stack_scan(false);
    // Garbage alone never runs out of memory.
    for _ in 0..200_000 {
        heap.alloc(Node { id: 0, next: None });
    }
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut head = None;
        for i in 0..1_000_000 {
            head = Some(heap.alloc(Node { id: i, next: head }));
            if i % 1000 == 0 {
                roots.cells.push(head.unwrap());
            }
        }
    }));
    let msg = *r.expect_err("must run out of memory").downcast::<String>().unwrap();
    assert_eq!(msg, format!("oom handler called with limit {}", 1 << 20));
    let s = heap.stats();
    assert!(s.live_bytes_after_gc <= 1 << 20, "{s:?}");
    assert!(s.live_bytes_after_gc > (1 << 20) - 64, "{s:?}");
}

#[test]
fn oom_on_huge_external() {
    let mut heap = Heap::new(HeapConfig { max_heap: Some(1 << 20), ..HeapConfig::default() });
    heap.set_oom_handler(panicking_oom);
    let b = heap.alloc(Buffer { data: Vec::with_capacity(2 << 20) });
    heap.report_external(2 << 20);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| heap.alloc(Node { id: 0, next: None })));
    assert!(r.is_err());
    black_box(b);
}

/// Child half of `default_oom_handler_exits`: only does something when run by that test.
#[test]
fn default_oom_child() {
    if std::env::var_os("TETRA_GC_OOM_CHILD").is_none() {
        return;
    }
    let mut heap = Heap::new(HeapConfig { max_heap: Some(100_000), ..HeapConfig::default() });
    // The list head lives in a stack slot (its address escapes), so the conservative scan keeps the list alive.
    let mut head: Option<Gc<Node>> = None;
    loop {
        head = Some(heap.alloc(Node { id: 0, next: head }));
        black_box(&mut head);
    }
}

#[test]
fn default_oom_handler_exits() {
    if std::env::var_os("TETRA_GC_OOM_CHILD").is_some() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args(["--exact", "heap::tests::default_oom_child", "--nocapture", "--test-threads=1"])
        .env("TETRA_GC_OOM_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains("Uncaught RangeError: Out of memory: heap limit of 100000 bytes exceeded"),
        "stderr: {stderr}"
    );
}

#[test]
fn trace_gc_and_stats() {
    let mut heap = Heap::new(HeapConfig { trace_gc: true, ..HeapConfig::default() });
    heap.alloc(Node { id: 0, next: None });
    heap.collect("manual");
    heap.collect("manual");
    let s = heap.stats();
    assert_eq!(s.collections, 2);
    assert!(s.max_pause <= s.total_pause);
    assert!(s.peak_heap_bytes >= 256 * 1024);
}

#[test]
fn heap_drop_runs_destructors() {
    {
        let mut heap = Heap::new(HeapConfig::default());
        for i in 0..100 {
            heap.alloc(Node { id: i, next: None });
        }
        heap.alloc(Big { id: 0, _data: [0; 1000], next: None });
    }
    assert_eq!(drops(), 101);
}

#[test]
fn find_cell_rejects_foreign_addresses() {
    let mut heap = Heap::new(HeapConfig::default());
    let g = heap.alloc(Node { id: 0, next: None });
    let local = 5u64;
    assert_eq!(heap.find_cell(&local as *const u64 as usize), None);
    assert_eq!(heap.find_cell(0), None);
    assert_eq!(heap.find_cell(usize::MAX), None);
    let base = g.addr() & !(256 * 1024 - 1);
    assert_eq!(heap.find_cell(base), None, "block header is not a cell");
    assert_eq!(heap.find_cell(base + 32), None);
}

/// Rough throughput numbers: `cargo test -p tetra-gc --release -- --ignored --nocapture bench`.
#[test]
#[ignore]
fn bench_alloc_and_collect() {
    let mut roots = Roots::default();
    let mut heap = heap_with_roots(&mut roots, HeapConfig::default());
    let t = std::time::Instant::now();
    let mut head: Option<Gc<Node>> = None;
    for i in 0..20_000_000usize {
        let n = heap.alloc(Node { id: 0, next: if i % 200 == 0 { head } else { None } });
        if i % 200 == 0 {
            head = Some(n);
        }
    }
    black_box(head);
    let el = t.elapsed();
    let s = heap.stats();
    eprintln!("20M allocs: {el:?} ({:.1} ns/alloc), {s:?}", el.as_nanos() as f64 / 20e6);
    let mut list: Option<Gc<Node>> = None;
    for i in 0..1_000_000 {
        list = Some(heap.alloc(Node { id: i, next: list }));
    }
    roots.cells.push(list.unwrap());
    let t = std::time::Instant::now();
    heap.collect("bench");
    eprintln!("full GC with ~1.1M live cells: {:?}", t.elapsed());
    roots.cells.clear();
    heap.collect("bench");
    let before = heap.stats();
    let t = std::time::Instant::now();
    for i in 0..20_000_000u64 {
        black_box(heap.alloc(Blob::<3> { words: [i; 3] }));
    }
    let el = t.elapsed();
    let s = heap.stats();
    eprintln!(
        "20M no-drop allocs: {el:?} ({:.1} ns/alloc), {} GCs, pause {:?}",
        el.as_nanos() as f64 / 20e6,
        s.collections - before.collections,
        s.total_pause - before.total_pause
    );
}

#[test]
fn stress_every_allocation_keeps_values_in_flight() {
    // Every allocation collects; the list exists only in locals and in the value being passed to `alloc`.
    let mut heap = Heap::new(HeapConfig { gc_stress: Some(1), ..HeapConfig::default() });
    let mut head: Option<Gc<Node>> = None;
    for i in 0..2000 {
        head = Some(heap.alloc(Node { id: 2_000_000 + i, next: head }));
        if i % 3 == 0 {
            heap.alloc_with_tail(WithTail { len: 0 }, 4000); // large garbage in between
        }
    }
    let mut expect = 2_000_000 + 2000;
    let mut p = head;
    while let Some(c) = p {
        expect -= 1;
        assert_eq!(c.id, expect);
        p = c.next;
    }
    assert_eq!(expect, 2_000_000);
    assert!(heap.stats().collections >= 2000);
}

#[test]
fn empty_blocks_are_reused_across_classes() {
    let mut heap = Heap::new(HeapConfig { initial_threshold: 1 << 20, ..HeapConfig::default() });
    heap.set_conservative_stack_scan(false);
    for round in 0..20 {
        for _ in 0..20_000 {
            if round % 2 == 0 {
                heap.alloc(Blob::<3> { words: [0; 3] });
            } else {
                heap.alloc(Blob::<60> { words: [0; 60] });
            }
        }
    }
    let s = heap.stats();
    assert!(s.peak_heap_bytes <= 4 << 20, "{s:?}");
}

#[test]
fn absurd_tail_is_out_of_memory_not_overflow() {
    let mut heap = Heap::new(HeapConfig::default());
    heap.set_oom_handler(panicking_oom);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        heap.alloc_with_tail(WithTail { len: 0 }, usize::MAX - 3);
    }));
    assert!(r.is_err());
    let g = heap.alloc_with_tail(WithTail { len: 1 }, 16); // the heap is still usable
    assert_eq!(g.len, 1);
}

/// Takes a cell the way compiled code does with an `InlineAllocation` (see its doc), copying `model`'s cell.
/// None when the fast path is closed.
fn take_inline(heap: &mut Heap, model: Gc<Node>) -> Option<Gc<Node>> {
    let bytes = HEADER_SIZE + core::mem::size_of::<Node>();
    let a = Heap::inline_allocation(heap, bytes).expect("a small cell");
    // SAFETY: the addresses are the heap's fields; the copy is of a live cell of the same size class.
    unsafe {
        let head = *(a.free_list as *const usize);
        let since = *(a.since as *const usize) + a.cell_size;
        if head == 0 || since > *(a.fast_trigger as *const usize) {
            return None;
        }
        *(a.since as *mut usize) = since;
        *(a.free_list as *mut usize) = *((head + HEADER_SIZE) as *const usize);
        core::ptr::copy_nonoverlapping((model.as_ptr() as *const u8).sub(HEADER_SIZE), head as *mut u8, bytes);
        Some(Gc::from_raw((head + HEADER_SIZE) as *mut Node))
    }
}

#[test]
fn cells_taken_inline_are_ordinary_cells() {
    let mut roots = Roots::default();
    let mut heap = precise_heap(&mut roots);
    let model = heap.alloc(Node { id: 7, next: None });
    roots.cells.push(model);
    let mut taken = 0;
    for _ in 0..10_000 {
        match take_inline(&mut heap, model) {
            Some(c) => {
                taken += 1;
                assert_eq!(c.id, 7);
            }
            // The fast path closes when a collection is due: the slow path collects.
            None => drop(heap.alloc(Node { id: 0, next: None })),
        }
    }
    assert!(taken > 9_000, "only {taken} cells taken inline");
    let copy = take_inline(&mut heap, model).expect("a free cell");
    roots.cells.push(copy);
    heap.collect("test");
    // Unrooted copies were swept (and dropped) like any cell; the rooted one and the model survive.
    assert!(drops() >= taken - 1, "{} drops of {taken}", drops());
    assert_eq!((copy.id, model.id), (7, 7));
    // Under stress every allocation takes the slow path: the fast path is closed.
    let mut stressed = Heap::new(HeapConfig { gc_stress: Some(3), ..HeapConfig::default() });
    let model = stressed.alloc(Node { id: 1, next: None });
    assert!(take_inline(&mut stressed, black_box(model)).is_none());
}
