//! Background compilation: speculating tiers compile on worker threads while the function keeps running in the tier
//! below, and the main thread installs the code at its next interrupt check.
//!
//! Invariants:
//! - A tier splits a compile in two (`TierCompiler::prepare`): the part that reads the heap (bytecode, feedback,
//!   shapes) runs on the main thread and yields a `CompileJob` that owns plain data only (no heap references it
//!   dereferences), which a worker runs; and a `KeepAlive` that stays on the main thread and marks the heap cells the
//!   job's code will embed (a shape that died meanwhile could be reused at the same address).
//! - The template of a pending job is marked (`FunctionTemplate::compiling`) and kept alive by the queue; it is not
//!   queued twice. Results are installed only on the main thread, in `Vm::install_finished_compiles`.
//! - Work goes through one `crossbeam_deque::Injector`; idle workers park and are unparked for each job. Dropping the
//!   queue stops the workers after their current job.

use super::{CompiledCode, Tier};
use crate::function::FunctionTemplate;
use crossbeam_deque::{Injector, Steal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tetra_gc::{Gc, Tracer};

/// The part of a compile that runs on a worker thread.
pub trait CompileJob: Send {
    fn run(self: Box<Self>) -> Result<Box<dyn CompiledCode + Send>, String>;
}

/// Heap cells a pending job's code will refer to, marked while the job is pending.
pub trait KeepAlive {
    fn trace(&self, t: &mut Tracer);
}

/// A compile split for the background by `TierCompiler::prepare`.
pub struct PreparedCompile {
    pub job: Box<dyn CompileJob>,
    pub keep_alive: Box<dyn KeepAlive>,
    /// Main-thread time spent preparing (graph building), counted with the worker's time.
    pub prepare_time: Duration,
}

struct Task {
    id: u64,
    job: Box<dyn CompileJob>,
}

pub(crate) struct Finished {
    pub id: u64,
    pub result: Result<Box<dyn CompiledCode + Send>, String>,
    pub compile_time: Duration,
    /// When the worker finished (the Chrome trace places the job on the worker's track).
    pub finished_at: Instant,
    pub thread: usize,
}

pub(crate) struct Pending {
    pub id: u64,
    pub template: Gc<FunctionTemplate>,
    pub tier: Tier,
    pub from: Tier,
    pub reason: &'static str,
    /// OSR code for this loop header, to keep beside the function's code of the same tier (`loop_code`).
    pub loop_code: Option<u32>,
    pub keep_alive: Box<dyn KeepAlive>,
    pub prepare_time: Duration,
}

pub struct CompileQueue {
    injector: Arc<Injector<Task>>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    results: Receiver<Finished>,
    pub(crate) pending: Vec<Pending>,
    next_id: u64,
}

impl CompileQueue {
    /// Starts `threads` workers (at least one).
    pub fn new(threads: usize) -> CompileQueue {
        let injector: Arc<Injector<Task>> = Arc::new(Injector::new());
        let stop = Arc::new(AtomicBool::new(false));
        let (send, results) = channel::<Finished>();
        let send = Arc::new(Mutex::new(send));
        let workers = (0..threads.max(1))
            .map(|i| {
                let (injector, stop, send) = (injector.clone(), stop.clone(), send.clone());
                std::thread::Builder::new()
                    .name(format!("tetra-compile-{i}"))
                    .spawn(move || worker(i, &injector, &stop, &send))
                    .expect("spawning a compile thread")
            })
            .collect();
        CompileQueue { injector, stop, workers, results, pending: Vec::new(), next_id: 0 }
    }

    pub(crate) fn submit(&mut self, job: Box<dyn CompileJob>, pending: impl FnOnce(u64) -> Pending) {
        let id = self.next_id;
        self.next_id += 1;
        self.pending.push(pending(id));
        self.injector.push(Task { id, job });
        for w in &self.workers {
            w.thread().unpark();
        }
    }

    /// Results that are ready, without waiting.
    pub(crate) fn finished(&mut self) -> Vec<Finished> {
        self.results.try_iter().collect()
    }

    pub(crate) fn trace(&self, t: &mut Tracer) {
        for p in &self.pending {
            t.mark(p.template);
            p.keep_alive.trace(t);
        }
    }
}

impl Drop for CompileQueue {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for w in &self.workers {
            w.thread().unpark();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

/// Runs a compile, turning a panic of the compiler (a bug: Cranelift rejecting the IR it was given) into a failed
/// compile, so that the function stays in its tier instead of the process aborting or a worker dying.
pub(crate) fn contain_panics<T>(compile: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(compile)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("the compiler panicked: {message}"))
    })
}

fn worker(index: usize, injector: &Injector<Task>, stop: &AtomicBool, send: &Mutex<Sender<Finished>>) {
    loop {
        match injector.steal() {
            Steal::Success(task) => {
                let started = Instant::now();
                let result = contain_panics(|| task.job.run());
                let finished = Finished {
                    id: task.id,
                    result,
                    compile_time: started.elapsed(),
                    finished_at: Instant::now(),
                    thread: index,
                };
                // The VM may be gone (its receiver dropped): nothing to do then.
                let _ = send.lock().map(|s| s.send(finished));
            }
            Steal::Retry => continue,
            Steal::Empty => {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::park();
            }
        }
    }
}
