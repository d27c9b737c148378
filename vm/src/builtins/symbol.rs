//! Symbol: the function, the global registry (Symbol.for / keyFor), Symbol.prototype and the well-known symbols.

use super::util::{accessor, atom, constructor, sym_method};
use super::{arg, method, value};
use crate::object::ObjectKind;
use crate::runtime::property::PropKey;
use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let sp = vm.new_object_with_proto(op);
    vm.realm.symbol_prototype = Value::object(sp);
    let c = constructor(vm, "Symbol", symbol_fn, 0, Value::object(sp));
    for (name, sym) in vm.atoms.well_known() {
        value(vm, c, name, sym, Attrs::NONE);
    }
    method(vm, c, "for", symbol_for, 1);
    method(vm, c, "keyFor", key_for, 1);
    let reg = vm.new_object_with_proto(Value::NULL);
    vm.realm.symbol_registry = Value::object(reg);

    method(vm, sp, "toString", to_string, 0);
    method(vm, sp, "valueOf", value_of, 0);
    let dk = vm.key_from_str("description");
    accessor(vm, sp, dk, "description", description, None);
    let tp = vm.atoms.sym_to_primitive;
    sym_method(vm, sp, tp, "[Symbol.toPrimitive]", value_of, 1, Attrs(Attrs::CONFIGURABLE));
    super::util::to_string_tag(vm, sp, "Symbol");
}

pub fn new_symbol(vm: &mut Vm, description: Value) -> Value {
    Value::symbol(vm.heap.alloc(Symbol { description, private: false }))
}

fn symbol_fn(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return vm.throw_type("Symbol is not a constructor");
    }
    let d = arg(args, 0);
    let desc = if d.is_undefined() { Value::UNDEFINED } else { vm.to_string_value(d)? };
    Ok(new_symbol(vm, desc))
}

fn symbol_for(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let s = vm.intern_string(s);
    let reg = vm.realm.symbol_registry.as_object();
    let k = PropKey::Key(crate::atoms::key(Value::string(s)));
    if let Some(p) = vm.ordinary_get_own_property(reg, k) {
        return Ok(p.value);
    }
    let sym = new_symbol(vm, Value::string(s));
    vm.create_data_property_or_throw(reg, k, sym)?;
    vm.create_data_property_or_throw(reg, atom(sym), Value::string(s))?;
    Ok(sym)
}

fn key_for(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = arg(args, 0);
    if !s.is_symbol() {
        let d = vm.to_display_string(s);
        return vm.throw_type(&format!("{d} is not a symbol"));
    }
    let reg = vm.realm.symbol_registry.as_object();
    Ok(vm.ordinary_get_own_property(reg, atom(s)).map_or(Value::UNDEFINED, |p| p.value))
}

fn this_symbol(vm: &mut Vm, this: Value, name: &str) -> JsResult<Value> {
    if this.is_symbol() {
        return Ok(this);
    }
    if let Some(o) = this.try_object()
        && let ObjectKind::Symbol(s) = o.kind
    {
        return Ok(s);
    }
    vm.throw_type(&format!("Symbol.prototype.{name} requires that 'this' be a Symbol"))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_symbol(vm, this, "toString")?;
    super::string::symbol_descriptive_string(vm, s)
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    this_symbol(vm, this, "valueOf")
}

fn description(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_symbol(vm, this, "description")?;
    Ok(s.as_symbol().description)
}
