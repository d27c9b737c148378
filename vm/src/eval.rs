//! Global `eval`. Every call is treated as an indirect eval: the code runs as a new script in the global scope
//! (its `var`s and functions become globals, its `let`/`const` stay private to it) and the value of its last
//! expression statement is the result. Direct eval (access to the caller's local scope) needs scope information
//! at run time that the register-allocating front end does not keep; it is documented as unsupported.

use crate::builtins::{arg, method};
use crate::realm::ErrorKind;
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
    let text = source.as_string().to_rust_string();
    let referrer = vm.active_script_name().unwrap_or_else(|| "<eval>".into());
    match vm.compile_from(&text, "<eval>", &referrer) {
        Ok(t) => vm.run_script_template(t),
        Err(e) => vm.throw(ErrorKind::SyntaxError, &e.message),
    }
}
