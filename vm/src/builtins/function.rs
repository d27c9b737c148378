//! Function.prototype (call, apply, bind, toString, [Symbol.hasInstance]), the Function constructor and
//! %ThrowTypeError%.

use super::util::{atom, constructor, list_from_array_like, sym_method};
use super::{arg, method};
use crate::object::{Bound, FLAG_CALLABLE, FLAG_CONSTRUCTOR, ObjectKind};
use crate::runtime::property::PropertyDescriptor;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let fp = vm.realm.function_prototype;
    let p = fp.as_object();
    // Function.prototype itself: length 0, name "".
    let (lk, nk) = (atom(vm.atoms.length), atom(vm.atoms.name));
    let empty = vm.atoms.empty;
    let _ = vm.define_own_property(p, lk, PropertyDescriptor::data(Value::int(0), Attrs(Attrs::CONFIGURABLE)));
    let _ = vm.define_own_property(p, nk, PropertyDescriptor::data(empty, Attrs(Attrs::CONFIGURABLE)));
    let c = constructor(vm, "Function", function_ctor, 1, fp);
    vm.realm.function_constructor = Value::object(c);
    method(vm, p, "call", call, 1);
    method(vm, p, "apply", apply, 2);
    method(vm, p, "bind", bind, 1);
    method(vm, p, "toString", to_string, 0);
    let hi = vm.atoms.sym_has_instance;
    sym_method(vm, p, hi, "[Symbol.hasInstance]", has_instance, 1, Attrs::NONE);

    let tte = vm.new_native_function("", throw_type_error, 0, false);
    let _ = vm.define_own_property(tte, lk, PropertyDescriptor::data(Value::int(0), Attrs::NONE));
    let _ = vm.define_own_property(tte, nk, PropertyDescriptor::data(empty, Attrs::NONE));
    vm.ordinary_prevent_extensions(tte);
    vm.realm.throw_type_error = Value::object(tte);
    // AddRestrictedFunctionProperties(%FunctionPrototype%): `caller` and `arguments` throw.
    for name in ["caller", "arguments"] {
        let k = vm.key_from_str(name);
        let d = PropertyDescriptor {
            get: Some(Value::object(tte)),
            set: Some(Value::object(tte)),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        };
        let _ = vm.define_own_property(p, k, d);
    }
}

fn function_ctor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    dynamic_function(vm, args, "function")
}

/// CreateDynamicFunction: `(<keyword> anonymous(params\n) {\nbody\n})` compiled as a global script, where the
/// keyword is `function`, `function*` or `async function`. The parameters and the body must each parse on their
/// own, and the compiled script must consist of exactly that one function expression (so neither part can close
/// the function early and run code of its own).
pub(super) fn dynamic_function(vm: &mut Vm, args: &[Value], keyword: &str) -> JsResult<Value> {
    let mut params = Vec::new();
    for &a in args.iter().take(args.len().saturating_sub(1)) {
        params.push(vm.to_rust_string(a)?);
    }
    let body = if args.is_empty() { String::new() } else { vm.to_rust_string(args[args.len() - 1])? };
    let params = params.join(",");
    let single_function =
        |vm: &mut Vm, src: &str| -> JsResult<Option<tetra_gc::Gc<crate::function::FunctionTemplate>>> {
            match vm.compile(src, "anonymous") {
                Ok(t) => {
                    let whole = t.functions.len() == 1
                        && t.functions[0].source_start == 1
                        && t.functions[0].source_end as usize == src.len() - 1;
                    Ok(whole.then_some(t))
                }
                Err(e) => {
                    let msg = e.message.to_string();
                    vm.throw(crate::realm::ErrorKind::SyntaxError, &msg)
                }
            }
        };
    let bad = |vm: &mut Vm| {
        vm.throw(crate::realm::ErrorKind::SyntaxError, "Invalid parameters or body for the Function constructor")
    };
    if single_function(vm, &format!("({keyword} ({params}\n) {{}})"))?.is_none() {
        return bad(vm);
    }
    if single_function(vm, &format!("({keyword} () {{\n{body}\n}})"))?.is_none() {
        return bad(vm);
    }
    let src = format!("({keyword} anonymous({params}\n) {{\n{body}\n}})");
    let Some(t) = single_function(vm, &src)? else {
        return bad(vm);
    };
    let f = vm.run_script_template(t)?;
    if !vm.is_callable(f) {
        return bad(vm);
    }
    Ok(f)
}

fn throw_type_error(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.throw_type("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them")
}

fn call(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Function.prototype.call called on a value that is not a function");
    }
    let rest = if args.is_empty() { &[][..] } else { &args[1..] };
    vm.call(this, arg(args, 0), rest)
}

fn apply(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Function.prototype.apply was called on a value that is not a function");
    }
    let a = arg(args, 1);
    if a.is_nullish() {
        return vm.call(this, arg(args, 0), &[]);
    }
    let list = list_from_array_like(vm, a)?;
    vm.call(this, arg(args, 0), &list)
}

fn bind(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Bind must be called on a function");
    }
    let target = this.as_object();
    let bound_args: Vec<Value> = args.iter().skip(1).copied().collect();
    let mut flags = FLAG_CALLABLE;
    if target.is_constructor() {
        flags |= FLAG_CONSTRUCTOR;
    }
    let shape = vm.realm.method_shape.expect("realm initialised");
    let b = vm.alloc_object(
        shape,
        ObjectKind::Bound(Box::new(Bound { target: this, this: arg(args, 0), args: bound_args })),
        flags,
    );
    let tp = vm.get_prototype_of(target)?;
    if tp != vm.realm.function_prototype {
        vm.ordinary_set_prototype_of(b, tp);
    }
    // length = max(0, target.length - #args) when target has an own numeric length.
    let lk = atom(vm.atoms.length);
    let mut len = 0.0;
    if vm.get_own_property(target, lk)?.is_some() {
        let l = vm.get(target, lk, this)?;
        if l.is_number() {
            let l = l.as_number();
            if l == f64::INFINITY {
                len = f64::INFINITY;
            } else if l.is_finite() {
                len = (l.trunc() - (args.len().saturating_sub(1)) as f64).max(0.0);
            }
        }
    }
    let nk = atom(vm.atoms.name);
    let n = vm.get(target, nk, this)?;
    let name = if n.is_string() { n.as_string().to_rust_string() } else { String::new() };
    let name = vm.new_string(&format!("bound {name}"));
    // SAFETY: single-threaded VM, live object; slots 0 and 1 are `length` and `name` of the method shape.
    unsafe {
        let m = b.get_mut();
        m.set_slot(0, Value::number(len));
        m.set_slot(1, name);
    }
    Ok(Value::object(b))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw_type("Function.prototype.toString requires that 'this' be a Function");
    }
    let o = this.as_object();
    if let ObjectKind::Closure(c) = &o.kind {
        let t = c.template;
        let src = t.script.source.get(t.source_start as usize..t.source_end as usize).map(|s| s.to_string());
        if let Some(s) = src {
            return Ok(vm.new_string(&s));
        }
    }
    if matches!(o.kind, ObjectKind::Bound(_) | ObjectKind::Proxy { .. }) {
        return Ok(vm.new_string("function () { [native code] }"));
    }
    let nk = atom(vm.atoms.name);
    let name = match vm.ordinary_get_own_property(o, nk) {
        Some(p) if p.value.is_string() && !p.attrs.is_accessor() => p.value.as_string().to_rust_string(),
        _ => String::new(),
    };
    Ok(vm.new_string(&format!("function {name}() {{ [native code] }}")))
}

fn has_instance(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.ordinary_has_instance(this, arg(args, 0))?))
}
