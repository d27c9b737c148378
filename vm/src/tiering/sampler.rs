//! Time per tier, by sampling: the VM records which tier is running (one relaxed store at each tier transition) and a
//! sampler thread reads it every `INTERVAL`. Exact timing at every transition would cost two clock reads per call.
//!
//! Invariants:
//! - The recorded tier is the innermost tier running: native builtins and runtime functions count for the tier that
//!   called them, garbage collection for whichever tier allocated.
//! - The sampler only runs when statistics were asked for; otherwise `set_tier` is a test of a null pointer.

use super::Tier;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const INTERVAL: Duration = Duration::from_micros(500);

struct Shared {
    current: AtomicU8,
    samples: [AtomicU64; 4],
    stop: AtomicBool,
}

/// The VM's half: marks transitions. The sampler thread's half: counts.
pub struct Sampler {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    started: Instant,
}

thread_local! {
    /// The running VM's sampler state on this thread (null when not sampling). Thread-local because tests run VMs
    /// on several threads at once.
    static CURRENT: AtomicPtr<AtomicU8> = const { AtomicPtr::new(std::ptr::null_mut()) };
}

/// Records that `tier` runs from now on; returns the tier that ran before (to restore it).
#[inline(always)]
pub fn set_tier(tier: Tier) -> Tier {
    CURRENT.with(|c| {
        let p = c.load(Ordering::Relaxed);
        if p.is_null() {
            return Tier::Interp;
        }
        // SAFETY: a non-null pointer is the `current` field of the live `Shared` of this thread's sampler (cleared
        // in `Sampler::finish` before the Arc can be dropped).
        Tier::from_u8(unsafe { &*p }.swap(tier as u8, Ordering::Relaxed))
    })
}

impl Sampler {
    /// Starts sampling the VM running on this thread.
    pub fn start() -> Sampler {
        let shared = Arc::new(Shared {
            current: AtomicU8::new(Tier::Interp as u8),
            samples: Default::default(),
            stop: AtomicBool::new(false),
        });
        CURRENT.with(|c| c.store(&shared.current as *const AtomicU8 as *mut AtomicU8, Ordering::Relaxed));
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
        CURRENT.with(|c| c.store(std::ptr::null_mut(), Ordering::Relaxed));
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
