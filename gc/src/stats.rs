//! Heap statistics and the `--trace-gc` line.
//!
//! Invariants: all byte counts are cells (header included, at their size-class size) plus external bytes, except
//! `bytes_allocated_total` (cells only) and `peak_heap_bytes` (mapped memory: whole blocks, large cells, external).

use std::time::Duration;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeapStats {
    /// Number of collections so far.
    pub collections: u64,
    /// Sum of all collection pauses.
    pub total_pause: Duration,
    /// Longest collection pause.
    pub max_pause: Duration,
    /// Bytes of cells allocated over the heap's lifetime (external reports not included).
    pub bytes_allocated_total: u64,
    /// Live bytes (cells + external) after the last collection (0 before the first).
    pub live_bytes_after_gc: usize,
    /// Peak of the heap's footprint: mapped blocks (free cells included) + large cells + external bytes.
    pub peak_heap_bytes: usize,
    /// Current footprint, same measure as `peak_heap_bytes`.
    pub heap_bytes: usize,
}

impl HeapStats {
    pub(crate) fn record_pause(&mut self, pause: Duration) {
        self.collections += 1;
        self.total_pause += pause;
        self.max_pause = self.max_pause.max(pause);
    }
}

/// `[gc #N reason] 12.3 MB -> 4.5 MB (live), 1.23 ms`
pub(crate) fn trace_line(n: u64, reason: &str, before: usize, after: usize, pause: Duration) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    format!(
        "[gc #{n} {reason}] {:.1} MB -> {:.1} MB (live), {:.2} ms",
        before as f64 / MB,
        after as f64 / MB,
        pause.as_secs_f64() * 1000.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_line_format() {
        let s = trace_line(3, "alloc", 12_897_485, 4_718_592, Duration::from_micros(1234));
        assert_eq!(s, "[gc #3 alloc] 12.3 MB -> 4.5 MB (live), 1.23 ms");
    }
}
