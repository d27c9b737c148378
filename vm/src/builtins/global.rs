//! Global functions: print, console.log, globalThis.

use super::{arg, method, value};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::io::Write;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let g = vm.realm.global.as_object();
    value(vm, g, "globalThis", vm.realm.global, Attrs::HIDDEN);
    method(vm, g, "print", print, 0);
    let console = vm.new_object();
    method(vm, console, "log", print, 0);
    value(vm, g, "console", Value::object(console), Attrs::HIDDEN);
    let _ = arg;
}

/// `print(...args)`: ToString of each argument, space separated, then a newline.
fn print(vm: &mut Vm, _this: Value, args: &[Value], _nt: Value) -> JsResult<Value> {
    let mut line = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&vm.to_rust_string(*a)?);
    }
    line.push('\n');
    let _ = vm.out.write_all(line.as_bytes());
    Ok(Value::UNDEFINED)
}
