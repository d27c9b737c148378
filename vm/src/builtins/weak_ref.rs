//! WeakRef and FinalizationRegistry, tied to the collector.
//!
//! A WeakRef is an `ObjectKind::Internal { class: WeakRef }` without data: its target is kept in `Vm::weak_refs`, a
//! table that the collector does not trace, under the WeakRef's address. After marking, `WeakRefs::sweep` (the
//! VM's weak callback) drops the entries of WeakRefs that died and of targets that died, so `deref` finds no target
//! from then on. FinalizationRegistry registrations (cells) live in the same table: their target and unregister
//! token are weak, their held value strong; a cell whose target died stays, target-less, until the event loop runs
//! its registry's cleanup callback as a task of its own (`run_cleanup_task`). [[KeptAlive]], the targets that
//! creating a WeakRef and `deref` keep alive until the running job ends, is a strong set cleared between tasks.
//!
//! The collector has no ephemerons, so a held value stays a root for as long as its cell exists, even when it is the
//! only path to its registry; the spec allows an implementation to keep anything alive, never the reverse.

use super::util::{constructor, to_string_tag};
use super::{arg, method};
use crate::object::{InternalClass, ObjectKind, internal_data};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::collections::{HashMap, HashSet};
use tetra_gc::Tracer;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let wp = vm.new_object_with_proto(op);
    vm.realm.weak_ref_prototype = Value::object(wp);
    constructor(vm, "WeakRef", weak_ref_ctor, 1, Value::object(wp));
    method(vm, wp, "deref", deref, 0);
    to_string_tag(vm, wp, "WeakRef");

    let fp = vm.new_object_with_proto(op);
    vm.realm.finalization_registry_prototype = Value::object(fp);
    constructor(vm, "FinalizationRegistry", finalization_registry_ctor, 1, Value::object(fp));
    method(vm, fp, "register", register, 2);
    method(vm, fp, "unregister", unregister, 1);
    to_string_tag(vm, fp, "FinalizationRegistry");
}

/// The weak half of WeakRef and FinalizationRegistry: what the collector must not trace, and [[KeptAlive]].
#[derive(Default)]
pub struct WeakRefs {
    /// WeakRef payload address -> target.
    targets: HashMap<usize, Value>,
    /// [[KeptAlive]], as the values' bits.
    kept: HashSet<u64>,
    /// Every registration of every FinalizationRegistry, in registration order.
    cells: Vec<Cell>,
    /// Set when a collection found a registered target dead, so the event loop looks for cleanups only then.
    cleanup_due: bool,
}

struct Cell {
    /// Weak: the registrations of a registry that died go with it.
    registry: Value,
    /// Weak; None once the target died and the cleanup callback is due.
    target: Option<Value>,
    /// Strong.
    held: Value,
    /// Weak; None when none was given, or once it died (nothing can name it any more).
    token: Option<Value>,
}

impl WeakRefs {
    /// The strong part, from the VM's root callback.
    pub(crate) fn trace(&self, t: &mut Tracer) {
        for &bits in &self.kept {
            Value(bits).trace(t);
        }
        for c in &self.cells {
            c.held.trace(t);
        }
    }

    /// The weak part, from the VM's weak callback once marking is complete (allocates nothing).
    pub(crate) fn sweep(&mut self, t: &Tracer) {
        let live = |v: Value| t.is_marked(v.cell_ptr());
        self.targets.retain(|&weak_ref, target| t.is_marked(weak_ref as *const u8) && live(*target));
        let cleanup_due = &mut self.cleanup_due;
        self.cells.retain_mut(|c| {
            if !live(c.registry) {
                return false;
            }
            if c.target.is_some_and(|x| !live(x)) {
                c.target = None;
                *cleanup_due = true;
            }
            if c.token.is_some_and(|x| !live(x)) {
                c.token = None;
            }
            true
        });
    }
}

/// ClearKeptObjects: the event loop calls it when a task and the promise jobs after it are done.
pub(crate) fn clear_kept_objects(vm: &mut Vm) {
    vm.weak_refs.kept.clear();
}

/// The FinalizationRegistry cleanup job: runs the callback of the first registry that has registrations whose
/// target died, once per such registration (each is removed before its callback runs, so the callback may
/// register and unregister freely). Returns whether a job ran.
pub(crate) fn run_cleanup_task(vm: &mut Vm) -> JsResult<bool> {
    if !vm.weak_refs.cleanup_due {
        return Ok(false);
    }
    let Some(registry) = vm.weak_refs.cells.iter().find(|c| c.target.is_none()).map(|c| c.registry) else {
        vm.weak_refs.cleanup_due = false;
        return Ok(false);
    };
    let callback = internal_data(registry, InternalClass::FinalizationRegistry).unwrap_or(Value::UNDEFINED);
    while let Some(i) = vm.weak_refs.cells.iter().position(|c| c.registry == registry && c.target.is_none()) {
        // Off the table the held value is no longer a root: the call's arguments on the native stack keep it.
        let cell = vm.weak_refs.cells.remove(i);
        vm.call(callback, Value::UNDEFINED, &[cell.held])?;
    }
    Ok(true)
}

/// CanBeHeldWeakly: objects, and symbols that Symbol.for did not register (those live as long as the realm).
pub(super) fn can_be_held_weakly(vm: &mut Vm, v: Value) -> bool {
    if v.is_object() {
        return true;
    }
    if !v.is_symbol() {
        return false;
    }
    let registry = vm.realm.symbol_registry.as_object();
    vm.ordinary_get_own_property(registry, super::util::atom(v)).is_none()
}

/// AddToKeptObjects.
fn keep(vm: &mut Vm, v: Value) {
    vm.weak_refs.kept.insert(v.0);
}

fn weak_ref_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor WeakRef requires 'new'");
    }
    let target = arg(args, 0);
    if !can_be_held_weakly(vm, target) {
        let s = vm.describe_for_error(target);
        return vm.throw_type(&format!("WeakRef: invalid target {s}"));
    }
    let fallback = vm.realm.weak_ref_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    let kind = ObjectKind::Internal { class: InternalClass::WeakRef, data: Value::UNDEFINED };
    let o = vm.new_object_kind(proto, kind, 0);
    keep(vm, target);
    vm.weak_refs.targets.insert(o.addr(), target);
    Ok(Value::object(o))
}

fn deref(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if internal_data(this, InternalClass::WeakRef).is_none() {
        return vm.throw_type("WeakRef.prototype.deref called on incompatible receiver");
    }
    match vm.weak_refs.targets.get(&this.as_object().addr()).copied() {
        Some(target) => {
            keep(vm, target);
            Ok(target)
        }
        None => Ok(Value::UNDEFINED),
    }
}

fn finalization_registry_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return vm.throw_type("Constructor FinalizationRegistry requires 'new'");
    }
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return vm.throw_type("FinalizationRegistry: cleanup callback must be callable");
    }
    let fallback = vm.realm.finalization_registry_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    let kind = ObjectKind::Internal { class: InternalClass::FinalizationRegistry, data: callback };
    Ok(Value::object(vm.new_object_kind(proto, kind, 0)))
}

fn registry(vm: &mut Vm, this: Value, name: &str) -> JsResult<()> {
    match internal_data(this, InternalClass::FinalizationRegistry) {
        Some(_) => Ok(()),
        None => vm.throw_type(&format!("FinalizationRegistry.prototype.{name} called on incompatible receiver")),
    }
}

fn register(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    registry(vm, this, "register")?;
    let (target, held, token) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if !can_be_held_weakly(vm, target) {
        let s = vm.describe_for_error(target);
        return vm.throw_type(&format!("FinalizationRegistry.prototype.register: invalid target {s}"));
    }
    if target == held {
        return vm.throw_type("FinalizationRegistry.prototype.register: target and holdings must not be the same");
    }
    let token = if can_be_held_weakly(vm, token) {
        Some(token)
    } else if token.is_undefined() {
        None
    } else {
        let s = vm.describe_for_error(token);
        return vm.throw_type(&format!("FinalizationRegistry.prototype.register: invalid unregister token {s}"));
    };
    vm.weak_refs.cells.push(Cell { registry: this, target: Some(target), held, token });
    Ok(Value::UNDEFINED)
}

fn unregister(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    registry(vm, this, "unregister")?;
    let token = arg(args, 0);
    if !can_be_held_weakly(vm, token) {
        let s = vm.describe_for_error(token);
        return vm.throw_type(&format!("Invalid unregisterToken ('{s}')"));
    }
    let before = vm.weak_refs.cells.len();
    vm.weak_refs.cells.retain(|c| c.registry != this || c.token != Some(token));
    Ok(Value::bool(vm.weak_refs.cells.len() != before))
}

#[cfg(test)]
mod tests {
    /// The collector scans the native stack conservatively, so a stale word may keep one of many dead targets alive:
    /// the checks count, over many targets, rather than name one.
    #[test]
    fn collections_clear_dead_targets_and_cleanups_run_as_tasks() {
        let mut rt = crate::Runtime::new();
        rt.eval(
            r#"
            var log = [];
            var registry = new FinalizationRegistry(function (held) { log.push(held); });
            var refs = [];
            (function () {
                for (var i = 0; i < 200; i++) {
                    var o = { i: i };
                    refs.push(new WeakRef(o));
                    registry.register(o, "dead" + i);
                }
            })();
            var strong = {};
            var strongRef = new WeakRef(strong);
            registry.register(strong, "alive");
            function cleared() { return refs.filter(function (r) { return r.deref() === undefined; }).length; }
            "#,
        )
        .expect("script runs");
        // Still in the job that created them: [[KeptAlive]] holds every target.
        rt.vm.heap.collect("test");
        assert_eq!(rt.eval("cleared()").expect("check runs"), "0");
        // The job ended (run_tasks clears [[KeptAlive]]), and checking kept them again: clear once more.
        rt.vm.run_tasks().expect("tasks run");
        rt.vm.heap.collect("test");
        let n: usize = rt.eval("cleared()").expect("check runs").parse().expect("a count");
        assert!(n > 150, "only {n} of 200 dead targets were cleared");
        assert_eq!(rt.eval("strongRef.deref() === strong && log.length").expect("check runs"), "0");
        // The cleanup callback runs as a task, once per dead registration, never for the live one.
        rt.vm.run_tasks().expect("tasks run");
        let log = rt.eval("log.length + ' ' + log.indexOf('alive')").unwrap();
        assert_eq!(log, format!("{n} -1"), "one callback per cleared target, none for the live one");
        // Unregistered cells get no callback.
        rt.eval("(function () { var t = {}; registry.register(t, 'gone', t); registry.unregister(t); })()").unwrap();
        rt.vm.run_tasks().expect("tasks run");
        rt.vm.heap.collect("test");
        rt.vm.run_tasks().expect("tasks run");
        assert_eq!(rt.eval("log.indexOf('gone')").unwrap(), "-1");
    }
}
