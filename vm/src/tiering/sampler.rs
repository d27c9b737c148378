//! Time per tier, by sampling: the VM records which tier is running in one byte (`Vm::running_tier`, a relaxed
//! store at each tier transition) and a sampler thread reads it every `INTERVAL`. Exact timing at every transition
//! would cost two clock reads per call.
//!
//! Invariants:
//! - The recorded tier is the innermost tier running: native builtins and runtime functions count for the tier that
//!   called them, garbage collection for whichever tier allocated.
//! - Compiled code stores its tier in the byte itself: at its entry, and after every call it makes without the
//!   runtime (mid's direct calls); code entered from Rust (`run_code_raw`) or the interpreter restores the caller's
//!   tier when it returns. The byte's address is fixed for the VM's life (`Vm::tier_cell`), so code embeds it.

use super::Tier;
use crate::vm::Vm;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const INTERVAL: Duration = Duration::from_micros(500);

struct Shared {
    current: Arc<AtomicU8>,
    samples: [AtomicU64; 4],
    stop: AtomicBool,
}

/// The sampler thread and what it counted.
pub struct Sampler {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    started: Instant,
}

impl Vm {
    /// Records that `tier` runs from now on; returns the tier that ran before (to restore it).
    #[inline(always)]
    pub fn set_tier(&self, tier: Tier) -> Tier {
        let previous = self.running_tier.load(Ordering::Relaxed);
        self.running_tier.store(tier as u8, Ordering::Relaxed);
        Tier::from_u8(previous)
    }

    /// The tier running now.
    #[inline(always)]
    pub fn running_tier(&self) -> Tier {
        Tier::from_u8(self.running_tier.load(Ordering::Relaxed))
    }

    /// The address of the running-tier byte, for compiled code to store its tier in (`Tier as u8`).
    pub fn tier_cell(&self) -> usize {
        Arc::as_ptr(&self.running_tier) as usize
    }
}

impl Sampler {
    /// Starts sampling `vm`.
    pub fn start(vm: &Vm) -> Sampler {
        let shared = Arc::new(Shared {
            current: vm.running_tier.clone(),
            samples: Default::default(),
            stop: AtomicBool::new(false),
        });
        let s = shared.clone();
        let thread = std::thread::Builder::new()
            .name("tetra-sampler".into())
            .spawn(move || {
                while !s.stop.load(Ordering::Relaxed) {
                    std::thread::sleep(INTERVAL);
                    let tier = s.current.load(Ordering::Relaxed) as usize;
                    s.samples[tier.min(3)].fetch_add(1, Ordering::Relaxed);
                }
            })
            .ok();
        Sampler { shared, thread, started: Instant::now() }
    }

    /// Stops sampling; returns the estimated time spent in each tier (samples scaled to the wall time sampled).
    pub fn finish(mut self) -> [Duration; 4] {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let wall = self.started.elapsed();
        let counts: Vec<u64> = self.shared.samples.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        let total: u64 = counts.iter().sum();
        let mut out = [Duration::ZERO; 4];
        if total > 0 {
            for (i, c) in counts.iter().enumerate() {
                out[i] = wall.mul_f64(*c as f64 / total as f64);
            }
        }
        out
    }
}
