//! The host's task queue: `setTimeout` / `clearTimeout` (as d8 and node provide them) and the event loop that runs
//! the script's tasks, draining the promise job queue after each one.
//!
//! Representation: `realm.timer_queue` is an internal array of pending timers, each an internal array
//! `[id, due (ms since the VM started), callback, arguments array]`; ids increase, so among timers due at the same
//! time the one scheduled first runs first (HTML's ordering).

use super::{arg, method};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::time::Duration;

const ID: usize = 0;
const DUE: usize = 1;
const CALLBACK: usize = 2;
const ARGS: usize = 3;
/// The longest setTimeout delay, in ms (node's TIMEOUT_MAX).
const TIMEOUT_MAX: f64 = 2147483647.0;

pub fn install(vm: &mut Vm) {
    let g = vm.realm.global.as_object();
    method(vm, g, "setTimeout", set_timeout, 1);
    method(vm, g, "clearTimeout", clear_timeout, 1);
    let q = vm.new_array(thin_vec::ThinVec::new());
    vm.realm.timer_queue = Value::object(q);
}

fn now_ms(vm: &Vm) -> f64 {
    vm.started.elapsed().as_secs_f64() * 1000.0
}

/// setTimeout(callback, delay = 0, ...args) -> id.
fn set_timeout(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return vm.throw_type("The \"callback\" argument must be of type function");
    }
    let delay = vm.to_number(arg(args, 1))?;
    // As node: a delay that does not fit a signed 32-bit count of ms becomes 1 ms.
    let delay = if delay > TIMEOUT_MAX { 1.0 } else { delay };
    let id = schedule(vm, delay, f, &args[args.len().min(2)..]);
    Ok(Value::number(id as f64))
}

/// Queues a task that calls `f(...args)` after `delay` ms (0 when not a positive finite number); returns its id.
pub(crate) fn schedule(vm: &mut Vm, delay: f64, f: Value, args: &[Value]) -> u64 {
    let delay = if delay.is_finite() && delay > 0.0 { delay } else { 0.0 };
    vm.next_timer_id += 1;
    let id = vm.next_timer_id;
    let extra = vm.new_array(args.iter().copied().collect());
    let due = Value::number(now_ms(vm) + delay);
    let timer = vm.new_array(thin_vec::thin_vec![Value::number(id as f64), due, f, Value::object(extra)]);
    super::util::push_internal(vm.realm.timer_queue.as_object(), Value::object(timer));
    id
}

/// clearTimeout(id): the timer is dropped if it has not run yet.
fn clear_timeout(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let id = arg(args, 0);
    if id.is_number() {
        let q = vm.realm.timer_queue.as_object();
        // SAFETY: single-threaded VM; the queue is an internal array only this module touches.
        unsafe {
            let m = q.get_mut();
            m.elements.retain(|t| t.as_object().elements[ID].as_number() != id.as_number());
            m.length = m.elements.len() as u32;
        }
    }
    Ok(Value::UNDEFINED)
}

impl Vm {
    /// The event loop after the script: promise jobs, then each timer in order of due time (waiting for it), each
    /// followed by the promise jobs it queued. An exception escaping a task or job ends the loop (uncaught).
    pub fn run_tasks(&mut self) -> JsResult<()> {
        loop {
            self.run_microtasks()?;
            // The task and its promise jobs are over: WeakRef targets are no longer kept alive for them.
            super::weak_ref::clear_kept_objects(self);
            // FinalizationRegistry cleanups run as tasks of their own, before the timers.
            if super::weak_ref::run_cleanup_task(self)? {
                continue;
            }
            let q = self.realm.timer_queue.as_object();
            let next = q.elements.iter().enumerate().min_by(|(_, a), (_, b)| {
                let key = |t: &Value| (t.as_object().elements[DUE].as_number(), t.as_object().elements[ID].as_number());
                key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
            });
            let Some((i, &timer)) = next else { return Ok(()) };
            // SAFETY: single-threaded VM; the queue is an internal array only this module touches; `timer` stays reachable from this frame (conservative scan) after removal.
            unsafe {
                let m = q.get_mut();
                m.elements.remove(i);
                m.length = m.elements.len() as u32;
            }
            let t = timer.as_object();
            let wait = t.elements[DUE].as_number() - now_ms(self);
            if wait > 0.0 {
                self.flush();
                // Engine-made timers (Atomics.waitAsync) may be due far beyond setTimeout's limit.
                std::thread::sleep(Duration::try_from_secs_f64(wait / 1000.0).unwrap_or(Duration::MAX));
            }
            let args = crate::handles::RootedVec::from_vec(t.elements[ARGS].as_object().elements.to_vec());
            self.call(t.elements[CALLBACK], Value::UNDEFINED, &args)?;
        }
    }
}
