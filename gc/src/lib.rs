//! tetra-gc: a non-moving mark-sweep heap (JSC's MarkedSpace is the model). It knows nothing of JavaScript.
//!
//! - Cells: an 8-byte header (vtable pointer | mark bit, 0 = free) followed by the payload (`cell.rs`).
//! - Small cells live in 256 KiB aligned blocks, one size class per block, allocated from per-class free lists
//!   (`block.rs`, `space.rs`); bigger cells are separate allocations in a sorted map (`large.rs`).
//! - Marking uses an explicit mark stack (`mark.rs`); roots are the VM's callbacks plus a conservative scan of the
//!   native stack and callee-saved registers (`stack.rs`); sweeping is eager and rebuilds the free lists.
//! - Policy (triggers, stress mode, heap limit, stats) is in `heap.rs` / `stats.rs`.
//!
//! Rules for the embedder (the VM):
//! - Collections happen only inside `alloc`, `alloc_with_tail` and `collect` (`report_external` never collects).
//! - Roots: a `Gc` (raw, interior, or NaN-boxed in the low 48 bits) in a Rust local / register is safe: the native
//!   stack is scanned conservatively. A pointer stored in Rust heap memory (`Vec`, `HashMap`, `Box` outside a cell)
//!   is invisible unless the `roots` callback traces it.
//! - Root/weak callbacks and `Drop` impls of cell types must not allocate (asserted) and `Drop` must not touch
//!   other cells (they may already be freed).
//! - The heap is used from one thread, on that thread's own stack: collecting while running on a foreign stack
//!   segment (e.g. inside `stacker::maybe_grow`) panics, since those frames cannot be found.
//! - `alloc_with_tail`: the tail starts at `Gc::tail_ptr()` (payload + `size_of::<T>()` rounded up to 8, which is
//!   `as_ptr().add(1)` when `T` holds any pointer-sized field); it is zeroed; `T::trace` must trace its contents.
//!
//! Invariants (crate-wide): cells never move; the heap is used from one thread; nothing allocates during a
//! collection; between collections no cell is marked.

#![warn(clippy::undocumented_unsafe_blocks)]

mod block;
mod cell;
mod heap;
mod impls;
mod large;
mod mark;
mod space;
mod stack;
mod stats;

pub use cell::{Gc, HEADER_SIZE, Trace};
pub use heap::{Heap, HeapConfig, InlineAllocation, RootCallbacks, report_external_later};
pub use mark::{NAN_BOX_PAYLOAD_MASK, Tracer};
pub use stats::HeapStats;
