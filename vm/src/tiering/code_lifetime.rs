//! Freeing compiled code that was replaced or invalidated, once no activation runs in it any more.
//!
//! Invariants:
//! - Code leaves its function (`FunctionTemplate::code` / `lower_code`) by `retire_code` only: from then on nothing
//!   enters it (calls read the template's `code_entry`, OSR and handlers the installed or lower code), but frames
//!   that were running in it still do.
//! - Only the main thread runs compiled code, and an activation of compiled code is always suspended in a call when
//!   the runtime runs (this code is reached from a stub or a budget interrupt): its return address, inside the
//!   code, is a word of the native stack. So retired code none of whose bytes any stack word points into has no
//!   activation, and is freed. The scan is conservative: a stale word can keep code alive, never free live code.
//! - Scans are amortised: one when the retired list has doubled since the last one (at least `MIN_SCAN` entries).

use super::CompiledCode;
use crate::vm::Vm;

/// Retired code objects below which no scan is made.
const MIN_SCAN: usize = 16;

impl Vm {
    /// Takes `code` out of service (see the module invariants).
    pub(crate) fn retire_code(&mut self, code: impl IntoIterator<Item = Box<dyn CompiledCode>>) {
        self.retired_code.extend(code);
        // Under --perf-basic-prof the map names each code address once: freed code's addresses would be reused.
        if self.retired_code.len() >= self.retired_scan_at.max(MIN_SCAN) && !self.options.tiering.perf_map {
            self.free_unused_code();
        }
    }

    /// Frees every retired code object no native stack word points into.
    pub fn free_unused_code(&mut self) {
        let mut ranges: Vec<(usize, usize, usize)> = self
            .retired_code
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code_start(), c.code_start() + c.code_size(), i))
            .collect();
        ranges.sort_unstable();
        let mut running = vec![false; ranges.len()];
        self.heap.visit_stack_words(&mut |w| {
            let w = w as usize;
            // The last range starting at or below `w` is the only one that can contain it (ranges do not overlap).
            let i = ranges.partition_point(|&(start, _, _)| start <= w);
            if i > 0 && w < ranges[i - 1].1 {
                running[ranges[i - 1].2] = true;
            }
        });
        let before = self.retired_code.len();
        let mut index = 0;
        let mut freed_bytes = 0;
        self.retired_code.retain(|c| {
            let keep = running[index];
            index += 1;
            if !keep {
                freed_bytes += c.code_size() as u64;
            }
            keep
        });
        self.stats.code_freed += (before - self.retired_code.len()) as u64;
        self.stats.code_freed_bytes += freed_bytes;
        self.retired_scan_at = 2 * self.retired_code.len();
    }
}
