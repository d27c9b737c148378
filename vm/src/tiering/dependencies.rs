//! Code dependencies: assumptions compiled code relies on without checking them where it uses them, and what
//! happens when one breaks (lazy deoptimisation).
//!
//! Invariants:
//! - The one dependency today is the prototype epoch: speculative code that reads properties from prototype holders
//!   (or adds properties whose setters it ruled out) may assume that no prototype changed shape since it compiled,
//!   instead of comparing the epoch at each access. `Vm::bump_proto_epoch` is the only place the epoch changes.
//! - Code is installed with an epoch dependency only if the epoch is still the one it assumed (`register_
//!   dependencies`); its function is then listed in `epoch_dependents` until the epoch changes.
//! - When the epoch changes, every dependent code object is invalidated at once: `invalidate` sets the flag its
//!   frames test when control returns to them from a call (each deoptimises there: `DependencyChanged`), and the
//!   function's code is discarded, so no new call or OSR enters it. Invalidation counts as a deopt of the function
//!   (deopt-loop protection applies).

use super::deopt::DeoptReason;
use super::{CompiledCode, Tier};
use crate::function::FunctionTemplate;
use crate::vm::Vm;
use tetra_gc::Gc;

impl Vm {
    /// A prototype changed shape: prototype lookups cached before are stale, and code relying on them is invalid.
    pub(crate) fn bump_proto_epoch(&mut self) {
        self.proto_epoch = self.proto_epoch.wrapping_add(1);
        if !self.epoch_dependents.is_empty() {
            self.invalidate_epoch_dependents();
        }
    }

    fn invalidate_epoch_dependents(&mut self) {
        for t in std::mem::take(&mut self.epoch_dependents) {
            let tier = {
                let code = t.code.borrow();
                let loops = t.loop_code.borrow();
                let mut dependent =
                    code.iter().chain(loops.iter().map(|(_, c)| c)).filter(|c| c.epoch_dependency().is_some());
                let Some(first) = dependent.next() else { continue };
                first.invalidate();
                dependent.for_each(|c| c.invalidate());
                first.tier()
            };
            t.deopts.set(t.deopts.get() + 1);
            self.stats.invalidations += 1;
            tracing::info!(
                target: "tetra::deopt",
                function = %super::describe_function(&t),
                reason = DeoptReason::DependencyChanged.text(),
                "code invalidated"
            );
            self.discard_code(t, tier, DeoptReason::DependencyChanged);
        }
    }

    /// Registers the dependencies of `code`, about to be installed for `t`; false if one broke already (the code
    /// must not be installed).
    pub(crate) fn register_dependencies(&mut self, t: Gc<FunctionTemplate>, code: &dyn CompiledCode) -> bool {
        match code.epoch_dependency() {
            Some(epoch) if epoch != self.proto_epoch => false,
            Some(_) => {
                if !self.epoch_dependents.contains(&t) {
                    self.epoch_dependents.push(t);
                }
                debug_assert!(code.tier() >= Tier::Mid, "only speculative code has dependencies");
                true
            }
            None => true,
        }
    }
}
