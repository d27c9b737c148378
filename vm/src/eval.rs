//! Global `eval`. Called as a function it is an indirect eval: the code runs as global code (sloppy: its `var`s
//! and functions become configurable globals; strict: they stay its own; its `let`/`const` are always its own)
//! and the value of its last expression statement is the result. Direct eval (`eval(...)` in the caller's scope)
//! is a runtime call of its own (`compiler/direct_eval.rs`, `runtime/direct_eval.rs`).

use crate::builtins::{arg, method};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let g = vm.realm.global.as_object();
    let f = method(vm, g, "eval", eval, 1);
    vm.realm.eval_function = Value::object(f);
}

fn eval(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let source = arg(args, 0);
    if !source.is_string() {
        return Ok(source);
    }
    let global = vm.realm.global;
    let referrer = vm.active_script_name().unwrap_or_else(|| "<eval>".into());
    vm.perform_eval(source, None, Value::UNDEFINED, Value::UNDEFINED, global, &referrer)
}
