//! %TypedArray%.prototype methods that copy or move elements: copyWithin, fill, reverse, set, slice, sort,
//! subarray, toReversed, toSorted, with. Copies between views of one kind move bytes (preserving NaN payloads
//! and overlap semantics, as the spec's byte-wise loops); copies across kinds convert element by element.

use super::buffer::{data, data_mut};
use super::constructors::{create_same_type, species_create};
use super::exotic::{self, get_index, set_element};
use super::kinds::{ElementKind, Scalar};
use super::{require_typed_array, validate};
use crate::builtins::array::merge_sort;
use crate::builtins::util::relative_index;
use crate::builtins::{arg, method};
use crate::handles::RootedVec;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

pub fn install(vm: &mut Vm, p: Gc<JsObject>) {
    let methods: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("copyWithin", copy_within, 2),
        ("fill", fill, 1),
        ("reverse", reverse, 0),
        ("set", set, 1),
        ("slice", slice, 2),
        ("sort", sort, 1),
        ("subarray", subarray, 2),
        ("toReversed", to_reversed, 0),
        ("toSorted", to_sorted, 1),
        ("with", with, 2),
    ];
    for &(name, f, len) in methods {
        method(vm, p, name, f, len);
    }
}

/// Re-validates `o` after argument conversions that may have run JS: its length now, or the TypeError.
fn length_after(vm: &mut Vm, o: Gc<JsObject>, method: &str) -> JsResult<usize> {
    match exotic::length(o) {
        Some(len) => Ok(len),
        None => vm.throw_type(&format!("{method}: the typed array was detached or shrank out of bounds")),
    }
}

/// The element at `i` for a copy into a new array of the same type. One that a conversion cut off reads as
/// undefined: NaN for a Number kind; a BigInt kind keeps the new array's 0n (ToBigInt(undefined) would throw in a
/// step the spec marks as infallible).
fn copied_at(o: Gc<JsObject>, kind: ElementKind, i: usize) -> Scalar {
    exotic::scalar_at(o, i).unwrap_or(if kind.is_bigint() { Scalar::BigInt(0) } else { Scalar::Number(f64::NAN) })
}

/// The byte offset and element size of a typed array.
fn layout(o: Gc<JsObject>) -> (Gc<JsObject>, usize, usize) {
    let (kind, view) = exotic::parts(o).expect("a typed array");
    (view.buffer, view.byte_offset, kind.size())
}

fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const NAME: &str = "TypedArray.prototype.copyWithin";
    let (o, _, len) = validate(vm, this, NAME)?;
    let lenf = len as f64;
    let to = relative_index(vm, arg(args, 0), lenf, 0.0)?;
    let from = relative_index(vm, arg(args, 1), lenf, 0.0)?;
    let fin = relative_index(vm, arg(args, 2), lenf, lenf)?;
    let count = (fin - from).min(lenf - to);
    if count > 0.0 {
        let len = length_after(vm, o, NAME)?;
        let (b, offset, size) = layout(o);
        let limit = len * size + offset;
        let to_byte = to as usize * size + offset;
        let from_byte = from as usize * size + offset;
        let count_bytes = count as usize * size;
        // Clamped to the view's end now (an argument conversion may have shrunk it), the bytes move as by memmove,
        // overlap included: what V8 does. The spec's byte loop agrees except when a shrink cuts an overlapping
        // backward copy, where it copies nothing and V8 copies the part that fits.
        let n = count_bytes.min(limit.saturating_sub(from_byte)).min(limit.saturating_sub(to_byte));
        if n > 0 {
            data_mut(b).bytes_mut().copy_within(from_byte..from_byte + n, to_byte);
        }
    }
    Ok(this)
}

fn fill(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const NAME: &str = "TypedArray.prototype.fill";
    let (o, kind, len) = validate(vm, this, NAME)?;
    let n = kind.to_scalar(vm, arg(args, 0))?;
    let start = relative_index(vm, arg(args, 1), len as f64, 0.0)?;
    let end = relative_index(vm, arg(args, 2), len as f64, len as f64)?;
    let len = length_after(vm, o, NAME)?;
    let end = end.min(len as f64) as usize;
    for i in start as usize..end {
        exotic::store(o, i, n);
    }
    Ok(this)
}

fn reverse(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.reverse")?;
    let (b, offset, size) = layout(o);
    let bytes = &mut data_mut(b).bytes_mut()[offset..offset + len * size];
    // Reversing all bytes, then each element's bytes, reverses the order of elements and keeps each intact.
    bytes.reverse();
    for e in bytes.chunks_exact_mut(size) {
        e.reverse();
    }
    Ok(this)
}

fn set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const NAME: &str = "TypedArray.prototype.set";
    let target = require_typed_array(vm, this, NAME)?;
    let offset = vm.to_integer(arg(args, 1))?;
    if offset < 0.0 {
        return vm.throw_range("offset is out of bounds");
    }
    let source = arg(args, 0);
    match source.try_object() {
        Some(src) if src.is_typed_array() => set_from_typed_array(vm, target, offset, src)?,
        _ => set_from_array_like(vm, target, offset, source)?,
    }
    Ok(Value::UNDEFINED)
}

/// SetTypedArrayFromTypedArray: same kinds move bytes, others convert; a source that shares the target's buffer
/// is read in full before anything is written.
fn set_from_typed_array(vm: &mut Vm, target: Gc<JsObject>, offset: f64, src: Gc<JsObject>) -> JsResult<()> {
    const NAME: &str = "TypedArray.prototype.set";
    let target_len = length_after(vm, target, NAME)?;
    let src_len = length_after(vm, src, NAME)?;
    let (tkind, tview) = exotic::parts(target).expect("a typed array");
    let (skind, sview) = exotic::parts(src).expect("a typed array");
    if tkind.is_bigint() != skind.is_bigint() {
        return vm.throw_type(&format!("Cannot set a {} from a {}", tkind.name(), skind.name()));
    }
    if offset.is_infinite() || src_len as f64 + offset > target_len as f64 {
        return vm.throw_range("offset is out of bounds");
    }
    let from = sview.byte_offset;
    let bytes = data(sview.buffer).bytes()[from..from + src_len * skind.size()].to_vec();
    let to = tview.byte_offset + offset as usize * tkind.size();
    let out = data_mut(tview.buffer).bytes_mut();
    if skind == tkind {
        out[to..to + bytes.len()].copy_from_slice(&bytes);
    } else {
        for i in 0..src_len {
            tkind.store(&mut out[to + i * tkind.size()..], skind.load(&bytes[i * skind.size()..]));
        }
    }
    Ok(())
}

/// SetTypedArrayFromArrayLike.
fn set_from_array_like(vm: &mut Vm, target: Gc<JsObject>, offset: f64, source: Value) -> JsResult<()> {
    let target_len = length_after(vm, target, "TypedArray.prototype.set")?;
    let src = vm.to_object(source)?;
    let src_len = vm.length_of(Value::object(src))?;
    if offset.is_infinite() || src_len as f64 + offset > target_len as f64 {
        return vm.throw_range("offset is out of bounds");
    }
    for i in 0..src_len {
        let k = crate::builtins::util::index_key(vm, i as f64);
        let v = vm.get(src, k, Value::object(src))?;
        set_element(vm, target, offset + i as f64, v)?;
    }
    Ok(())
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const NAME: &str = "TypedArray.prototype.slice";
    let (o, kind, len) = validate(vm, this, NAME)?;
    let start = relative_index(vm, arg(args, 0), len as f64, 0.0)?;
    let end = relative_index(vm, arg(args, 1), len as f64, len as f64)?;
    let count = (end - start).max(0.0);
    let a = species_create(vm, o, &[Value::number(count)])?;
    if count > 0.0 {
        let len = length_after(vm, o, NAME)?;
        let end = end.min(len as f64);
        let count = (end - start).max(0.0) as usize;
        let start = start as usize;
        let (akind, aview) = exotic::parts(a).expect("a typed array");
        if akind == kind && count > 0 {
            let (b, offset, size) = layout(o);
            let bytes = data(b).bytes()[offset + start * size..offset + (start + count) * size].to_vec();
            let to = aview.byte_offset;
            // The species constructor made `a` at least `count` long, but it may view a buffer smaller than ours.
            let out = data_mut(aview.buffer).bytes_mut();
            let n = bytes.len().min(out.len().saturating_sub(to));
            out[to..to + n].copy_from_slice(&bytes[..n]);
        } else {
            for (n, k) in (start..start + count).enumerate() {
                let v = get_index(vm, o, k);
                let key = crate::builtins::util::index_key(vm, n as f64);
                vm.set_v(Value::object(a), key, v, true)?;
            }
        }
    }
    Ok(Value::object(a))
}

/// The TypedArray SortCompare: a user comparison (NaN counts as equal), or numeric order with -0 before +0 and
/// NaN last (BigInts: by value). `Ok(true)` when `a` sorts after `b`.
fn sort_gt(vm: &mut Vm, cmp: Value, a: Value, b: Value) -> JsResult<bool> {
    if !cmp.is_undefined() {
        let r = vm.call(cmp, Value::UNDEFINED, &[a, b])?;
        let n = vm.to_number(r)?;
        return Ok(n > 0.0);
    }
    if a.is_bigint() {
        return Ok(match (crate::bigint::small_of(a), crate::bigint::small_of(b)) {
            (Some(x), Some(y)) => x > y,
            _ => crate::bigint::big(a) > crate::bigint::big(b),
        });
    }
    let (x, y) = (a.as_number(), b.as_number());
    Ok(match (x.is_nan(), y.is_nan()) {
        (true, _) => !y.is_nan(),
        (false, true) => false,
        _ => x > y || (x == 0.0 && y == 0.0 && x.is_sign_positive() && y.is_sign_negative()),
    })
}

/// The elements of `o` sorted (SortIndexedProperties with the TypedArray SortCompare).
fn sorted(vm: &mut Vm, o: Gc<JsObject>, len: usize, cmp: Value) -> JsResult<Vec<Scalar>> {
    // Rooted: BigInt elements live through the comparisons' allocations (the merge may hold one in `tmp` only).
    let mut items = RootedVec::new();
    for i in 0..len {
        let v = get_index(vm, o, i);
        items.push(v);
    }
    let mut tmp = RootedVec::from_vec(vec![Value::UNDEFINED; len]);
    merge_sort(vm, &mut items, &mut tmp, &mut |vm, a, b| sort_gt(vm, cmp, a, b))?;
    Ok(items.iter().map(|&v| Scalar::of(v)).collect())
}

fn comparator(vm: &mut Vm, args: &[Value]) -> JsResult<Value> {
    let cmp = arg(args, 0);
    if !cmp.is_undefined() && !vm.is_callable(cmp) {
        return vm.throw_type("The comparison function must be either a function or undefined");
    }
    Ok(cmp)
}

fn sort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = comparator(vm, args)?;
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.sort")?;
    let items = sorted(vm, o, len, cmp)?;
    // A comparison that shrank the buffer leaves the missing elements unwritten (TypedArraySetElement ignores them).
    for (i, s) in items.into_iter().enumerate() {
        if let Some(i) = exotic::valid_index(o, i as f64) {
            exotic::store(o, i, s);
        }
    }
    Ok(this)
}

fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = comparator(vm, args)?;
    let (o, _, len) = validate(vm, this, "TypedArray.prototype.toSorted")?;
    let a = create_same_type(vm, o, len)?;
    let items = sorted(vm, o, len, cmp)?;
    for (i, s) in items.into_iter().enumerate() {
        exotic::store(a, i, s);
    }
    Ok(Value::object(a))
}

fn to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, kind, len) = validate(vm, this, "TypedArray.prototype.toReversed")?;
    let a = create_same_type(vm, o, len)?;
    for i in 0..len {
        exotic::store(a, i, copied_at(o, kind, len - 1 - i));
    }
    Ok(Value::object(a))
}

fn with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, kind, len) = validate(vm, this, "TypedArray.prototype.with")?;
    let rel = vm.to_integer(arg(args, 0))?;
    let index = if rel >= 0.0 { rel } else { len as f64 + rel };
    let n = kind.to_scalar(vm, arg(args, 1))?;
    if exotic::valid_index(o, index).is_none() {
        return vm.throw_range("Invalid typed array index");
    }
    let a = create_same_type(vm, o, len)?;
    for i in 0..len {
        let v = if i as f64 == index { n } else { copied_at(o, kind, i) };
        exotic::store(a, i, v);
    }
    Ok(Value::object(a))
}

fn subarray(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = require_typed_array(vm, this, "TypedArray.prototype.subarray")?;
    let (kind, view): (ElementKind, _) = exotic::parts(o).expect("a typed array");
    let src_len = exotic::length(o).unwrap_or(0) as f64;
    let start = relative_index(vm, arg(args, 0), src_len, 0.0)?;
    let end = arg(args, 1);
    let begin_byte = view.byte_offset as f64 + start * kind.size() as f64;
    let buffer = Value::object(view.buffer);
    let a = if view.length.is_none() && end.is_undefined() {
        species_create(vm, o, &[buffer, Value::number(begin_byte)])?
    } else {
        let end = relative_index(vm, end, src_len, src_len)?;
        let new_len = (end - start).max(0.0);
        species_create(vm, o, &[buffer, Value::number(begin_byte), Value::number(new_len)])?
    };
    Ok(Value::object(a))
}
