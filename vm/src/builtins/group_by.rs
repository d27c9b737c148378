//! Object.groupBy and Map.groupBy (ES2024): GroupBy walks an iterable, calls the callback with each value and its
//! index, and appends the value to the group of the returned key (a property key for Object.groupBy, any value
//! under SameValueZero for Map.groupBy), groups in the order their keys first appeared.

use super::collections::{ENTRIES, MAP, el, find, insert, new_collection};
use super::iterator_helpers::IteratorRecord;
use super::util::{atom, push_internal, require_coercible};
use super::{arg, method};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub fn install(vm: &mut Vm) {
    let oc = vm.realm.object_constructor.as_object();
    method(vm, oc, "groupBy", object_group_by, 2);
    let ck = atom(vm.atoms.constructor);
    let mp = vm.realm.map_prototype.as_object();
    if let Some(map) = vm.ordinary_get_own_property(mp, ck).and_then(|p| p.value.try_object()) {
        method(vm, map, "groupBy", map_group_by, 2);
    }
}

/// GroupBy's loop: `add(vm, key, value)` files each value under the callback's key; errors of the callback and of
/// `add` (ToPropertyKey) close the iterator.
fn group_by(
    vm: &mut Vm,
    items: Value,
    callback: Value,
    mut add: impl FnMut(&mut Vm, Value, Value) -> JsResult<()>,
) -> JsResult<()> {
    require_coercible(vm, items, "groupBy")?;
    super::util::require_callable(vm, callback)?;
    let it = vm.get_iterator(items)?;
    let rec = IteratorRecord::direct(vm, it)?;
    let mut k = 0.0;
    loop {
        if k >= 9007199254740991.0 {
            let _ = rec.close(vm);
            return vm.throw_type("groupBy: too many values");
        }
        let Some(v) = rec.step_value(vm)? else { return Ok(()) };
        let r = vm.call(callback, Value::UNDEFINED, &[v, Value::number(k)]).and_then(|key| add(vm, key, v));
        if let Err(e) = r {
            let _ = rec.close(vm);
            return Err(e);
        }
        k += 1.0;
    }
}

fn object_group_by(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let groups = vm.new_object_with_proto(Value::NULL);
    group_by(vm, arg(args, 0), arg(args, 1), |vm, key, v| {
        let k = vm.to_property_key(key)?;
        match vm.ordinary_get_own_property(groups, k) {
            Some(group) => push_internal(group.value.as_object(), v),
            None => {
                let group = vm.new_array(thin_vec::thin_vec![v]);
                vm.create_data_property_or_throw(groups, k, Value::object(group))?;
            }
        }
        Ok(())
    })?;
    Ok(Value::object(groups))
}

fn map_group_by(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (map, st) = new_collection(vm, MAP);
    group_by(vm, arg(args, 0), arg(args, 1), |vm, key, v| {
        // `find` and `insert` compare under SameValueZero and store -0 as +0, as GroupBy's zero coercion does.
        match find(vm, st, key).1 {
            Some(pos) => push_internal(el(el(st, ENTRIES).as_object(), 2 * pos + 1).as_object(), v),
            None => {
                let group = vm.new_array(thin_vec::thin_vec![v]);
                insert(vm, st, key, Value::object(group));
            }
        }
        Ok(())
    })?;
    Ok(map)
}
