//! The `Tetra` object of `--expose-natives`: lets tests and users ask the VM about tiers and the heap
//! deterministically (V8's `%OptimizeFunctionOnNextCall`, JSC's `$vm`).

use crate::builtins::{arg, method, value};
use crate::object::ObjectKind;
use crate::runtime::property::PropKey;
use crate::tiering::{self, Tier};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let t = vm.new_object();
    method(vm, t, "gc", gc, 0);
    method(vm, t, "tierOf", tier_of, 1);
    method(vm, t, "optimize", optimize, 2);
    method(vm, t, "deoptimize", deoptimize, 1);
    method(vm, t, "heapStats", heap_stats, 0);
    method(vm, t, "invocationCount", invocation_count, 1);
    method(vm, t, "haveSameShape", have_same_shape, 2);
    method(vm, t, "hasDictionaryElements", has_dictionary_elements, 1);
    let g = vm.realm.global.as_object();
    value(vm, g, "Tetra", Value::object(t), Attrs::HIDDEN);
}

fn gc(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.heap.collect("Tetra.gc");
    Ok(Value::UNDEFINED)
}

/// Whether two objects have the same hidden class (V8's `%HaveSameMap`).
fn have_same_shape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    match (arg(args, 0).try_object(), arg(args, 1).try_object()) {
        (Some(a), Some(b)) => Ok(Value::bool(a.shape == b.shape)),
        _ => vm.throw_type("Tetra.haveSameShape: arguments are not objects"),
    }
}

/// Whether some of an object's index properties are slow (named) elements rather than dense ones (V8's
/// `%HasDictionaryElements`; see `runtime/elements.rs`).
fn has_dictionary_elements(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    match arg(args, 0).try_object() {
        Some(o) => Ok(Value::bool(!o.has_fast_elements())),
        None => vm.throw_type("Tetra.hasDictionaryElements: argument is not an object"),
    }
}

fn closure_template(vm: &mut Vm, f: Value) -> JsResult<tetra_gc::Gc<crate::function::FunctionTemplate>> {
    if f.is_object()
        && let ObjectKind::Closure(c) = &f.as_object().kind
    {
        return Ok(c.template);
    }
    vm.throw_type("Tetra: argument is not a JavaScript function")
}

/// The tier the function's code currently runs in: "interp", "baseline", "mid" or "top".
fn tier_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = closure_template(vm, arg(args, 0))?;
    Ok(vm.new_string(tiering::tier_of(&t).name()))
}

/// `Tetra.optimize(f, tier)`: compile `f` for `tier` now (its next call runs the code). Returns whether `f` runs
/// in that tier afterwards; throws for a tier this VM cannot use (not built, `--max-tier`, `--jitless`).
fn optimize(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = closure_template(vm, arg(args, 0))?;
    let name = vm.to_rust_string(arg(args, 1))?;
    let Some(tier) = Tier::from_name(&name) else {
        return vm.throw_range(&format!("Tetra.optimize: unknown tier '{name}'"));
    };
    if !vm.tier_available(tier) {
        return vm.throw(crate::realm::ErrorKind::Error, &format!("Tetra.optimize: tier '{name}' is not available"));
    }
    // A tier compiles bytecode: a function never called yet may have none (lazy compilation).
    vm.ensure_compiled(t)?;
    Ok(Value::bool(vm.tier_up(t, tier, "Tetra.optimize")))
}

/// `Tetra.deoptimize(f)`: throws away `f`'s speculative code (activations running in it finish there); its next
/// call runs in the tier below. Returns whether there was such code.
fn deoptimize(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = closure_template(vm, arg(args, 0))?;
    let tier = tiering::tier_of(&t);
    if tier < Tier::Mid {
        return Ok(Value::FALSE);
    }
    vm.discard_code(t, tier, tiering::deopt::DeoptReason::Requested);
    Ok(Value::TRUE)
}

fn invocation_count(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = closure_template(vm, arg(args, 0))?;
    Ok(Value::number(t.invocations.get() as f64))
}

fn heap_stats(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.heap.stats();
    let o = vm.new_object();
    for (name, v) in [
        ("collections", s.collections as f64),
        ("liveBytesAfterGC", s.live_bytes_after_gc as f64),
        ("peakHeapBytes", s.peak_heap_bytes as f64),
        ("allocatedBytes", s.bytes_allocated_total as f64),
    ] {
        let k: PropKey = vm.key_from_str(name);
        vm.create_data_property_or_throw(o, k, Value::number(v))?;
    }
    Ok(Value::object(o))
}
