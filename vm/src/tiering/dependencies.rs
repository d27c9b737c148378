//! Code dependencies: assumptions compiled code relies on without checking them where it uses them, and what
//! happens when one breaks (lazy deoptimisation).
//!
//! Invariants:
//! - The prototype epoch: speculative code that reads properties from prototype holders (or adds properties whose
//!   setters it ruled out) may assume that no prototype changed shape since it compiled, instead of comparing the
//!   epoch at each access. `Vm::bump_proto_epoch` is the only place the epoch changes.
//! - Global constants (V8's property cells of type kConstant): code may use the value of a data property of the
//!   global object as a constant. Every write of a global property's value goes through `global_property_written`
//!   (the runtime's named writes, attribute changes and deletes call it), because no inline cache stores to a global
//!   property that `GlobalCells` still calls constant (`global_store_cacheable`). A property is constant until its
//!   value changes twice (the first change from undefined is its initialisation, as `var x = 1` makes), or once from
//!   anything but undefined; it never becomes constant again.
//! - Code is installed with its dependencies only if each still holds (`register_dependencies`: the epoch is the
//!   one it assumed, each global is constant and has the value it folded); its function is then listed as a
//!   dependent until the assumption breaks.
//! - When one breaks, every code object of the dependents that relies on it is invalidated at once: `invalidate`
//!   sets the flag its frames test when control returns to them from a call (each deoptimises there:
//!   `DependencyChanged`), and the function's code is discarded, so no new call or OSR enters it. Invalidation
//!   counts as a deopt of the function (deopt-loop protection applies).

use super::deopt::DeoptReason;
use super::{CompiledCode, Tier};
use crate::function::FunctionTemplate;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::Vm;
use tetra_gc::Gc;
use tetra_shapes::Key;

/// What the VM knows of the writes to each property of the global object (keyed by name).
#[derive(Default)]
pub struct GlobalCells {
    /// Properties whose value changed after their initialisation: never folded, stored to by inline caches.
    mutable: ahash::AHashSet<Key>,
    /// Properties that held undefined and were given their value once since.
    initialised: ahash::AHashSet<Key>,
    /// Functions with installed code that folded the property's value.
    dependents: ahash::AHashMap<Key, Vec<Gc<FunctionTemplate>>>,
}

impl GlobalCells {
    /// Whether code may fold the global property `k` to its current value.
    pub fn is_constant(&self, k: Key) -> bool {
        !self.mutable.contains(&k)
    }

    pub(crate) fn trace(&self, t: &mut tetra_gc::Tracer) {
        self.dependents.values().flatten().for_each(|&f| t.mark(f));
    }
}

/// The value of the own data property `k` of the global object `g` (fast mode only: dictionary-mode objects have
/// no slots that inline caches or folded constants use).
pub fn global_data_property(g: Gc<JsObject>, k: Key) -> Option<Value> {
    if g.is_dictionary() {
        return None;
    }
    let info = g.shape.lookup(k)?;
    (!info.attrs.is_accessor()).then(|| g.get_slot(info.slot))
}

impl Vm {
    /// A prototype changed shape: prototype lookups cached before are stale, and code relying on them is invalid.
    pub(crate) fn bump_proto_epoch(&mut self) {
        self.proto_epoch = self.proto_epoch.wrapping_add(1);
        for t in std::mem::take(&mut self.epoch_dependents) {
            self.invalidate_dependent(t, &|c| c.epoch_dependency().is_some());
        }
    }

    /// Whether an inline cache may store to the global object's property `k` without the runtime seeing it.
    pub(crate) fn global_store_cacheable(&self, o: Gc<JsObject>, k: Key) -> bool {
        o != self.realm.global.as_object() || !self.global_cells.is_constant(k)
    }

    /// The runtime wrote `new` over `old` in the own property `k` of `o` (`new` is the hole for a delete).
    pub(crate) fn global_property_written(&mut self, o: Gc<JsObject>, k: Key, old: Value, new: Value) {
        if o != self.realm.global.as_object() || old.0 == new.0 {
            return;
        }
        let cells = &mut self.global_cells;
        if old.is_undefined() && !new.is_hole() && !cells.mutable.contains(&k) && cells.initialised.insert(k) {
            // Its initialisation: still constant, but code that folded undefined is wrong now.
        } else {
            cells.mutable.insert(k);
        }
        for t in cells.dependents.remove(&k).unwrap_or_default() {
            self.invalidate_dependent(t, &|c| c.global_dependencies().iter().any(|&(dk, _)| dk == k.0));
        }
    }

    /// Invalidates the code objects of `t` that `relies` says rely on an assumption that broke.
    fn invalidate_dependent(&mut self, t: Gc<FunctionTemplate>, relies: &dyn Fn(&dyn CompiledCode) -> bool) {
        let tier = {
            let code = t.code.borrow();
            let loops = t.loop_code.borrow();
            let mut dependent = code.iter().chain(loops.iter().map(|(_, c)| c)).filter(|c| relies(c.as_ref()));
            let Some(first) = dependent.next() else { return };
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

    /// Registers the dependencies of `code`, about to be installed for `t`; false if one broke already (the code
    /// must not be installed).
    pub(crate) fn register_dependencies(&mut self, t: Gc<FunctionTemplate>, code: &dyn CompiledCode) -> bool {
        let g = self.realm.global.as_object();
        let globals = code.global_dependencies();
        let holds = |&(k, v): &(u64, u64)| {
            self.global_cells.is_constant(Key(k)) && global_data_property(g, Key(k)).is_some_and(|now| now.0 == v)
        };
        if code.epoch_dependency().is_some_and(|e| e != self.proto_epoch) || !globals.iter().all(holds) {
            return false;
        }
        debug_assert!(
            code.tier() >= Tier::Mid || (code.epoch_dependency().is_none() && globals.is_empty()),
            "only speculative code has dependencies"
        );
        if code.epoch_dependency().is_some() && !self.epoch_dependents.contains(&t) {
            self.epoch_dependents.push(t);
        }
        for &(k, _) in globals {
            let list = self.global_cells.dependents.entry(Key(k)).or_default();
            if !list.contains(&t) {
                list.push(t);
            }
        }
        true
    }
}
