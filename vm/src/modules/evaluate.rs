//! Evaluation (ES2025 §16.2.1.5.3 Evaluate, InnerModuleEvaluation, ExecuteAsyncModule,
//! AsyncModuleExecutionFulfilled/Rejected, GatherAvailableAncestors), step for step.
//!
//! A module body is resumed once: a synchronous one runs to its end inside `execute`; one that awaits is an async
//! generator whose `next()` promise settles when its body finishes, and whose settlement continues the modules
//! waiting for it, in the order they became asynchronous.

use super::{AsyncOrder, Body, ModuleId, Status};
use crate::builtins::{async_generator, promise, util::native_closure};
use crate::generator::ResumeMode;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

impl Vm {
    /// Evaluate(): the promise of the evaluation of `m` (a linked module) and everything it imports.
    pub(crate) fn evaluate_module(&mut self, m: ModuleId) -> Value {
        let mut m = m;
        if matches!(self.modules.records[m].body, Body::Json) {
            let p = promise::new_intrinsic_promise(self);
            promise::resolve_intrinsic(self, p, Value::UNDEFINED);
            return p;
        }
        if matches!(self.modules.records[m].status, Status::EvaluatingAsync | Status::Evaluated) {
            m = self.modules.records[m].cycle_root.unwrap_or(m);
        }
        let existing = self.modules.records[m].capability;
        if !existing.is_undefined() {
            return existing;
        }
        let capability = promise::new_intrinsic_promise(self);
        self.modules.records[m].capability = capability;
        let mut stack = vec![];
        match self.inner_evaluate(m, &mut stack, 0) {
            Err(e) => {
                for id in stack {
                    let r = &mut self.modules.records[id];
                    r.status = Status::Evaluated;
                    r.error = Some(e);
                }
                promise::reject_intrinsic(self, capability, e);
            }
            Ok(_) => {
                if matches!(self.modules.records[m].async_order, AsyncOrder::Unset | AsyncOrder::Done) {
                    promise::resolve_intrinsic(self, capability, Value::UNDEFINED);
                }
            }
        }
        capability
    }

    fn inner_evaluate(&mut self, m: ModuleId, stack: &mut Vec<ModuleId>, mut index: usize) -> JsResult<usize> {
        let r = &self.modules.records[m];
        if matches!(r.body, Body::Json) {
            return Ok(index);
        }
        match r.status {
            Status::EvaluatingAsync | Status::Evaluated => {
                return match r.error {
                    Some(e) => Err(e),
                    None => Ok(index),
                };
            }
            Status::Evaluating => return Ok(index),
            _ => {}
        }
        let r = &mut self.modules.records[m];
        r.status = Status::Evaluating;
        r.dfs_index = index;
        r.dfs_ancestor_index = index;
        r.pending_async_deps = 0;
        index += 1;
        stack.push(m);
        for i in 0..self.modules.records[m].requested.len() {
            let mut required = self.modules.records[m].requested[i];
            index = self.inner_evaluate(required, stack, index)?;
            if matches!(self.modules.records[required].body, Body::Json) {
                continue;
            }
            if self.modules.records[required].status == Status::Evaluating {
                let anc = self.modules.records[required].dfs_ancestor_index;
                let r = &mut self.modules.records[m];
                r.dfs_ancestor_index = r.dfs_ancestor_index.min(anc);
            } else {
                required = self.modules.records[required].cycle_root.unwrap_or(required);
                if let Some(e) = self.modules.records[required].error {
                    return Err(e);
                }
            }
            if matches!(self.modules.records[required].async_order, AsyncOrder::Order(_)) {
                self.modules.records[m].pending_async_deps += 1;
                self.modules.records[required].async_parents.push(m);
            }
        }
        let r = &self.modules.records[m];
        if r.pending_async_deps > 0 || r.has_tla() {
            let order = self.modules.next_async_order;
            self.modules.next_async_order += 1;
            self.modules.records[m].async_order = AsyncOrder::Order(order);
            if self.modules.records[m].pending_async_deps == 0 {
                self.execute_async(m);
            }
        } else {
            self.execute_sync(m)?;
        }
        let r = &self.modules.records[m];
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(done) = stack.pop() {
                let d = &mut self.modules.records[done];
                d.status = if d.async_order == AsyncOrder::Unset { Status::Evaluated } else { Status::EvaluatingAsync };
                d.cycle_root = Some(m);
                if done == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// ExecuteModule of a module that does not await: its body runs to the end now.
    fn execute_sync(&mut self, m: ModuleId) -> JsResult<()> {
        let g = self.modules.records[m].generator;
        self.resume_generator(g.as_object(), ResumeMode::Next, Value::UNDEFINED).map(|_| ())
    }

    /// ExecuteAsyncModule: starts the body; its promise continues the modules that wait for it.
    fn execute_async(&mut self, m: ModuleId) {
        let g = self.modules.records[m].generator;
        let p = match async_generator::enqueue(self, g, ResumeMode::Next, Value::UNDEFINED, "next") {
            Ok(p) => p,
            Err(e) => {
                self.async_module_rejected(m, e);
                return;
            }
        };
        let id = Value::int(m as i32);
        let on_fulfilled = native_closure(self, async_module_fulfilled, &[id], 1);
        let on_rejected = native_closure(self, async_module_rejected, &[id], 1);
        promise::perform_then_without_capability(self, p, on_fulfilled, on_rejected);
    }

    /// AsyncModuleExecutionFulfilled.
    fn async_module_fulfilled(&mut self, m: ModuleId) {
        if self.modules.records[m].status == Status::Evaluated {
            return; // an error of its cycle got there first
        }
        self.async_evaluation_done(m);
        let mut ready = vec![];
        self.gather_available_ancestors(m, &mut ready);
        ready.sort_by_key(|&a| match self.modules.records[a].async_order {
            AsyncOrder::Order(o) => o,
            _ => u64::MAX,
        });
        for a in ready {
            if self.modules.records[a].status == Status::Evaluated {
                continue;
            }
            if self.modules.records[a].has_tla() {
                self.execute_async(a);
                continue;
            }
            match self.execute_sync(a) {
                Err(e) => self.async_module_rejected(a, e),
                Ok(()) => self.async_evaluation_done(a),
            }
        }
    }

    /// An asynchronously evaluated module finished without error: evaluated, and its own promise (if any) resolved.
    fn async_evaluation_done(&mut self, m: ModuleId) {
        let r = &mut self.modules.records[m];
        r.async_order = AsyncOrder::Done;
        r.status = Status::Evaluated;
        let capability = r.capability;
        if !capability.is_undefined() {
            promise::resolve_intrinsic(self, capability, Value::UNDEFINED);
        }
    }

    /// GatherAvailableAncestors: the modules waiting only for `m` (and, through synchronous ones, further up).
    fn gather_available_ancestors(&mut self, m: ModuleId, out: &mut Vec<ModuleId>) {
        for i in 0..self.modules.records[m].async_parents.len() {
            let parent = self.modules.records[m].async_parents[i];
            let root = self.modules.records[parent].cycle_root.unwrap_or(parent);
            if out.contains(&parent) || self.modules.records[root].error.is_some() {
                continue;
            }
            let p = &mut self.modules.records[parent];
            p.pending_async_deps = p.pending_async_deps.saturating_sub(1);
            if p.pending_async_deps == 0 {
                out.push(parent);
                if !self.modules.records[parent].has_tla() {
                    self.gather_available_ancestors(parent, out);
                }
            }
        }
    }

    /// AsyncModuleExecutionRejected.
    fn async_module_rejected(&mut self, m: ModuleId, error: Value) {
        if self.modules.records[m].status == Status::Evaluated {
            return;
        }
        let r = &mut self.modules.records[m];
        r.error = Some(error);
        r.status = Status::Evaluated;
        r.async_order = AsyncOrder::Done;
        // The module's own promise first, then its importers' (test262's top-level-await/rejection-order).
        let capability = r.capability;
        if !capability.is_undefined() {
            promise::reject_intrinsic(self, capability, error);
        }
        for i in 0..self.modules.records[m].async_parents.len() {
            let parent = self.modules.records[m].async_parents[i];
            self.async_module_rejected(parent, error);
        }
    }
}

fn async_module_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    vm.async_module_fulfilled(args[0].as_int() as ModuleId);
    Ok(Value::UNDEFINED)
}

fn async_module_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let error = args.get(1).copied().unwrap_or(Value::UNDEFINED);
    vm.async_module_rejected(args[0].as_int() as ModuleId, error);
    Ok(Value::UNDEFINED)
}
