//! `import()` (ES2025 §13.3.10.1 EvaluateImportCall, ContinueDynamicImport): from scripts and modules alike.
//!
//! Loading is synchronous (files are local), so the promise settles once the module's evaluation has: with its
//! namespace object, or with the first error of loading, linking or evaluating, never with a thrown exception.

use super::ModuleId;
use crate::builtins::{promise, util::native_closure};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::path::PathBuf;

/// acc = a promise of the namespace of the module `specifier` names, resolved against the file `referrer`.
pub fn dynamic_import(vm: &mut Vm, specifier: Value, options: Value, referrer: Value) -> Value {
    let p = promise::new_intrinsic_promise(vm);
    match start(vm, specifier, options, referrer) {
        Ok((id, evaluation)) => {
            let on_fulfilled = native_closure(vm, evaluated, &[p, Value::int(id as i32)], 1);
            let on_rejected = native_closure(vm, failed, &[p], 1);
            promise::perform_then_without_capability(vm, evaluation, on_fulfilled, on_rejected);
        }
        Err(e) => promise::reject_intrinsic(vm, p, e),
    }
    p
}

/// The module to import, loaded and linked, and the promise of its evaluation.
fn start(vm: &mut Vm, specifier: Value, options: Value, referrer: Value) -> JsResult<(ModuleId, Value)> {
    let spec = vm.to_string(specifier)?.to_rust_string();
    let json = json_attribute(vm, options)?;
    let referrer = PathBuf::from(vm.to_display_string(referrer));
    let path = vm.resolve_module(&spec, &referrer)?;
    let id = vm.load_module(&path, json)?;
    vm.link_module(id)?;
    Ok((id, vm.evaluate_module(id)))
}

/// Whether the options ask for a JSON module (`{ with: { type: "json" } }`); TypeErrors for malformed options,
/// a SyntaxError for an attribute tetra does not support.
fn json_attribute(vm: &mut Vm, options: Value) -> JsResult<bool> {
    if options.is_undefined() {
        return Ok(false);
    }
    if !options.is_object() {
        return vm.throw_type("The second argument of import() must be an object");
    }
    let with = vm.get_v_str(options, "with")?;
    if with.is_undefined() {
        return Ok(false);
    }
    if !with.is_object() {
        return vm.throw_type("The 'with' option of import() must be an object");
    }
    let o = with.as_object();
    let mut json = false;
    let mut unsupported = None;
    let keys = vm.own_keys(o)?;
    for &k in keys.iter() {
        if k.is_symbol() {
            continue;
        }
        let pk = vm.to_property_key(k)?;
        if !vm.get_own_property(o, pk)?.is_some_and(|p| p.attrs.enumerable()) {
            continue;
        }
        let v = vm.get(o, pk, with)?;
        if !v.is_string() {
            return vm.throw_type("Import attribute values must be strings");
        }
        let (k, v) = (vm.to_display_string(k), v.as_string().to_rust_string());
        match (k.as_str(), v.as_str()) {
            ("type", "json") => json = true,
            _ => unsupported = unsupported.or(Some(format!("Import attribute {k}: \"{v}\" is not supported"))),
        }
    }
    if let Some(msg) = unsupported {
        return vm.throw(crate::realm::ErrorKind::SyntaxError, &msg);
    }
    Ok(json)
}

fn evaluated(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let ns = vm.module_namespace(args[1].as_int() as ModuleId);
    promise::resolve_intrinsic(vm, args[0], ns);
    Ok(Value::UNDEFINED)
}

fn failed(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    promise::reject_intrinsic(vm, args[0], args.get(1).copied().unwrap_or(Value::UNDEFINED));
    Ok(Value::UNDEFINED)
}
