//! ArrayBuffer and SharedArrayBuffer: the byte stores every typed array and DataView views.
//!
//! A buffer is an `ObjectKind::ArrayBuffer` whose `BufferData` owns the bytes in a Rust vector: the cell owns it, so
//! the bytes live exactly as long as the buffer object (the GC drops the cell, which frees them) and are counted as
//! the cell's external size. Objects never move, so views hold the buffer object itself. Detaching empties the
//! vector; resizing resizes it (a view reads the current length at each access, so nothing caches a pointer into
//! the bytes across JS code). tetra runs one thread, so a SharedArrayBuffer is an ArrayBuffer with its own
//! prototype and rules (never detached, only grows).

use super::{array_buffer_of, install_getter, to_index};
use crate::builtins::util::{atom, constructor, relative_index, return_this, species_constructor, to_string_tag};
use crate::builtins::{arg, method};
use crate::object::{JsObject, ObjectKind};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

/// The largest buffer tetra allocates: past it `new ArrayBuffer(n)` is a RangeError (as V8's limit), not an abort.
/// Below 2^32 bytes, every element index is an array index.
const MAX_BYTE_LENGTH: usize = u32::MAX as usize;

pub struct BufferData {
    pub(crate) bytes: Vec<u8>,
    /// Set for a resizable ArrayBuffer or a growable SharedArrayBuffer: the most it may hold.
    pub max_byte_length: Option<usize>,
    pub detached: bool,
    pub shared: bool,
}

impl BufferData {
    pub fn byte_length(&self) -> usize {
        self.bytes.len()
    }
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
    /// IsFixedLengthArrayBuffer.
    pub fn is_fixed_length(&self) -> bool {
        self.max_byte_length.is_none()
    }
}

/// What a typed array or DataView sees of its buffer: the bytes from `byte_offset`, `length` elements long (bytes
/// for a DataView), or as many as fit when `length` is None (a length-tracking view of a resizable buffer).
///
/// The last three fields are for compiled code's element accesses (`tiering::typed_elements`), which test
/// `index < fixed_length && byte_length >= fixed_end && byte_offset + (index + 1) * size <= byte_length` (unsigned,
/// the index sign-extended) and then read `data`'s bytes. For a fixed-length view the first two say it all: a
/// detached buffer has no bytes, so a non-empty view fails the second, as does a fixed-length view of a resizable
/// buffer that shrank below it. A length-tracking view has no fixed length (isize::MAX, which still rejects a
/// negative index) and no fixed end: the third test is its bound.
pub struct View {
    pub buffer: Gc<JsObject>,
    pub byte_offset: usize,
    pub length: Option<usize>,
    pub(crate) fixed_length: usize,
    pub(crate) fixed_end: usize,
    /// The buffer's `BufferData`: boxed in the buffer object, whose kind is never replaced, so the address holds
    /// while the view keeps the buffer alive.
    pub(crate) data: *const BufferData,
}

impl View {
    /// A view of `buffer` with elements of `element_size` bytes (1 for a DataView).
    pub fn new(buffer: Gc<JsObject>, byte_offset: usize, length: Option<usize>, element_size: usize) -> View {
        let (fixed_length, fixed_end) = match length {
            // Saturating: an end past the address space is one no buffer reaches (the constructors checked it).
            Some(n) => (n, n.saturating_mul(element_size).saturating_add(byte_offset)),
            None => (isize::MAX as usize, 0),
        };
        View { buffer, byte_offset, length, fixed_length, fixed_end, data: data(buffer) as *const BufferData }
    }
}

impl View {
    /// The number of `size`-byte elements the view covers now, or None when it is out of bounds (its buffer was
    /// detached or shrank below it): IsTypedArrayOutOfBounds / IsViewOutOfBounds and TypedArrayLength in one.
    pub fn length_now(&self, size: usize) -> Option<usize> {
        let d = data(self.buffer);
        if d.detached || self.byte_offset > d.byte_length() {
            return None;
        }
        match self.length {
            Some(n) if self.byte_offset + n * size > d.byte_length() => None,
            Some(n) => Some(n),
            None => Some((d.byte_length() - self.byte_offset) / size),
        }
    }
}

/// The data of a buffer object.
pub fn data<'a>(buffer: Gc<JsObject>) -> &'a BufferData {
    // SAFETY: the buffer is live (a view or a caller's local holds it); callers read within native code that runs
    // no JS, so nothing replaces the data meanwhile.
    match &unsafe { buffer.get() }.kind {
        ObjectKind::ArrayBuffer(d) => d,
        _ => unreachable!("views always point at a buffer"),
    }
}

/// The data of a buffer object, to write. Callers keep the borrow within code that runs no JS (which could
/// detach or resize the buffer).
pub fn data_mut<'a>(buffer: Gc<JsObject>) -> &'a mut BufferData {
    // SAFETY: single-threaded VM; the buffer is live (a view or a caller's local holds it) and the borrow does not
    // outlive the native code that takes it (per this function's contract).
    match &mut unsafe { buffer.get_mut() }.kind {
        ObjectKind::ArrayBuffer(d) => d,
        _ => unreachable!("views always point at a buffer"),
    }
}

/// A zeroed byte vector of `len` bytes, or the RangeError for a length tetra cannot allocate.
fn zeroed(vm: &mut Vm, len: usize) -> JsResult<Vec<u8>> {
    let mut v = Vec::new();
    if len > MAX_BYTE_LENGTH || v.try_reserve_exact(len).is_err() {
        return vm.throw_range("Array buffer allocation failed");
    }
    v.resize(len, 0);
    vm.heap.report_external(len);
    Ok(v)
}

/// AllocateArrayBuffer / AllocateSharedArrayBuffer with the prototype already chosen.
pub fn allocate(vm: &mut Vm, proto: Value, len: usize, max: Option<usize>, shared: bool) -> JsResult<Gc<JsObject>> {
    let bytes = zeroed(vm, len)?;
    let data = BufferData { bytes, max_byte_length: max, detached: false, shared };
    Ok(vm.new_object_kind(proto, ObjectKind::ArrayBuffer(Box::new(data)), 0))
}

/// A new %ArrayBuffer% of `len` bytes (what typed array constructors allocate).
pub fn allocate_plain(vm: &mut Vm, len: usize) -> JsResult<Gc<JsObject>> {
    let proto = vm.realm.array_buffer_prototype;
    allocate(vm, proto, len, None, false)
}

/// DetachArrayBuffer.
pub fn detach(buffer: Gc<JsObject>) {
    let d = data_mut(buffer);
    d.bytes = Vec::new();
    d.detached = true;
}

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    for shared in [false, true] {
        let p = vm.new_object_with_proto(op);
        let name = if shared { "SharedArrayBuffer" } else { "ArrayBuffer" };
        let c = if shared {
            vm.realm.shared_array_buffer_prototype = Value::object(p);
            let c = constructor(vm, name, shared_array_buffer_ctor, 1, Value::object(p));
            vm.realm.shared_array_buffer_constructor = Value::object(c);
            c
        } else {
            vm.realm.array_buffer_prototype = Value::object(p);
            let c = constructor(vm, name, array_buffer_ctor, 1, Value::object(p));
            vm.realm.array_buffer_constructor = Value::object(c);
            method(vm, c, "isView", is_view, 1);
            c
        };
        let sp = atom(vm.atoms.sym_species);
        crate::builtins::util::accessor(vm, c, sp, "[Symbol.species]", return_this, None);
        if shared {
            install_getter(vm, p, "byteLength", byte_length::<true>);
            install_getter(vm, p, "maxByteLength", max_byte_length::<true>);
            install_getter(vm, p, "growable", resizable::<true>);
            method(vm, p, "grow", grow, 1);
            method(vm, p, "slice", slice::<true>, 2);
        } else {
            install_getter(vm, p, "byteLength", byte_length::<false>);
            install_getter(vm, p, "maxByteLength", max_byte_length::<false>);
            install_getter(vm, p, "resizable", resizable::<false>);
            install_getter(vm, p, "detached", detached);
            method(vm, p, "resize", resize, 1);
            method(vm, p, "slice", slice::<false>, 2);
            method(vm, p, "transfer", transfer::<true>, 0);
            method(vm, p, "transferToFixedLength", transfer::<false>, 0);
        }
        to_string_tag(vm, p, name);
    }
}

/// GetArrayBufferMaxByteLengthOption.
fn max_byte_length_option(vm: &mut Vm, options: Value) -> JsResult<Option<usize>> {
    if !options.is_object() {
        return Ok(None);
    }
    let m = vm.get_v_str(options, "maxByteLength")?;
    if m.is_undefined() {
        return Ok(None);
    }
    Ok(Some(to_index(vm, m)?))
}

fn construct(vm: &mut Vm, args: &[Value], nt: Value, shared: bool) -> JsResult<Value> {
    let name = if shared { "SharedArrayBuffer" } else { "ArrayBuffer" };
    if nt.is_undefined() {
        return vm.throw_type(&format!("Constructor {name} requires 'new'"));
    }
    let len = to_index(vm, arg(args, 0))?;
    let max = max_byte_length_option(vm, arg(args, 1))?;
    if max.is_some_and(|m| len > m) {
        return vm.throw_range(&format!("{name} byte length {len} exceeds the maxByteLength option"));
    }
    if max.is_some_and(|m| m > MAX_BYTE_LENGTH) {
        return vm.throw_range(&format!("{name} maxByteLength is larger than tetra can allocate"));
    }
    let fallback = if shared { vm.realm.shared_array_buffer_prototype } else { vm.realm.array_buffer_prototype };
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(allocate(vm, proto, len, max, shared)?))
}

fn array_buffer_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, args, nt, false)
}

fn shared_array_buffer_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, args, nt, true)
}

fn is_view(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    Ok(Value::bool(
        v.try_object().is_some_and(|o| matches!(o.kind, ObjectKind::TypedArray { .. } | ObjectKind::DataView(_))),
    ))
}

/// `this` as a buffer of the method's class (shared or not), or the TypeError.
fn this_buffer(vm: &mut Vm, this: Value, shared: bool, method: &str) -> JsResult<Gc<JsObject>> {
    match array_buffer_of(this) {
        Some(b) if data(b).shared == shared => Ok(b),
        _ => {
            let class = if shared { "SharedArrayBuffer" } else { "ArrayBuffer" };
            vm.throw_type(&format!("{class}.prototype.{method} called on an incompatible receiver"))
        }
    }
}

fn byte_length<const SHARED: bool>(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, SHARED, "byteLength")?;
    Ok(Value::number(data(b).byte_length() as f64))
}

fn max_byte_length<const SHARED: bool>(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, SHARED, "maxByteLength")?;
    let d = data(b);
    let n = if d.detached { 0 } else { d.max_byte_length.unwrap_or(d.byte_length()) };
    Ok(Value::number(n as f64))
}

/// `resizable` of ArrayBuffer.prototype, `growable` of SharedArrayBuffer.prototype.
fn resizable<const SHARED: bool>(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, SHARED, if SHARED { "growable" } else { "resizable" })?;
    Ok(Value::bool(!data(b).is_fixed_length()))
}

fn detached(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "detached")?;
    Ok(Value::bool(data(b).detached))
}

/// Changes the byte length of a resizable/growable buffer to `len` (within its maximum), zeroing new bytes.
fn set_len(vm: &mut Vm, b: Gc<JsObject>, len: usize) -> JsResult<()> {
    let d = data_mut(b);
    if len > MAX_BYTE_LENGTH || (len > d.bytes.len() && d.bytes.try_reserve_exact(len - d.bytes.len()).is_err()) {
        return vm.throw_range("Array buffer allocation failed");
    }
    let grown = len.saturating_sub(d.bytes.len());
    d.bytes.resize(len, 0);
    vm.heap.report_external(grown);
    Ok(())
}

fn resize(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "resize")?;
    if data(b).is_fixed_length() {
        return vm.throw_type("ArrayBuffer.prototype.resize called on a fixed-length ArrayBuffer");
    }
    let len = to_index(vm, arg(args, 0))?;
    let d = data(b);
    if d.detached {
        return vm.throw_type("Cannot resize a detached ArrayBuffer");
    }
    if d.max_byte_length.is_some_and(|m| len > m) {
        return vm.throw_range("ArrayBuffer.prototype.resize: new length exceeds maxByteLength");
    }
    set_len(vm, b, len)?;
    Ok(Value::UNDEFINED)
}

fn grow(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "grow")?;
    if data(b).is_fixed_length() {
        return vm.throw_type("SharedArrayBuffer.prototype.grow called on a fixed-length SharedArrayBuffer");
    }
    let len = to_index(vm, arg(args, 0))?;
    let d = data(b);
    if d.max_byte_length.is_some_and(|m| len > m) {
        return vm.throw_range("SharedArrayBuffer.prototype.grow: new length exceeds maxByteLength");
    }
    if len < d.byte_length() {
        return vm.throw_range("SharedArrayBuffer.prototype.grow cannot shrink a buffer");
    }
    set_len(vm, b, len)?;
    Ok(Value::UNDEFINED)
}

/// ArrayBuffer.prototype.slice and SharedArrayBuffer.prototype.slice (the latter never detaches).
fn slice<const SHARED: bool>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, SHARED, "slice")?;
    if data(b).detached {
        return vm.throw_type("ArrayBuffer.prototype.slice called on a detached ArrayBuffer");
    }
    let len = data(b).byte_length() as f64;
    let first = relative_index(vm, arg(args, 0), len, 0.0)?;
    let fin = relative_index(vm, arg(args, 1), len, len)?;
    let new_len = (fin - first).max(0.0);
    let default = if SHARED { vm.realm.shared_array_buffer_constructor } else { vm.realm.array_buffer_constructor };
    let ctor = species_constructor(vm, this, default)?;
    let new = vm.construct(ctor, &[Value::number(new_len)], ctor)?;
    let Some(nb) = array_buffer_of(new).filter(|nb| data(*nb).shared == SHARED) else {
        return vm.throw_type("The species constructor did not return an ArrayBuffer of the same kind");
    };
    if data(nb).detached {
        return vm.throw_type("The species constructor returned a detached ArrayBuffer");
    }
    if nb == b {
        return vm.throw_type("The species constructor returned the same ArrayBuffer");
    }
    if (data(nb).byte_length() as f64) < new_len {
        return vm.throw_type("The species constructor returned a too small ArrayBuffer");
    }
    if data(b).detached {
        return vm.throw_type("ArrayBuffer detached during slice");
    }
    let first = first as usize;
    let current = data(b).byte_length();
    if first < current {
        let count = (new_len as usize).min(current - first);
        let src = data(b).bytes()[first..first + count].to_vec();
        data_mut(nb).bytes_mut()[..count].copy_from_slice(&src);
    }
    Ok(new)
}

/// ArrayBufferCopyAndDetach: `transfer` keeps resizability (PRESERVE), `transferToFixedLength` does not. The bytes
/// move to the new buffer rather than being copied.
fn transfer<const PRESERVE: bool>(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let name = if PRESERVE { "transfer" } else { "transferToFixedLength" };
    let b = this_buffer(vm, this, false, name)?;
    let new_len = match arg(args, 0) {
        v if v.is_undefined() => data(b).byte_length(),
        v => to_index(vm, v)?,
    };
    if data(b).detached {
        return vm.throw_type(&format!("ArrayBuffer.prototype.{name} called on a detached ArrayBuffer"));
    }
    let max = if PRESERVE { data(b).max_byte_length } else { None };
    if max.is_some_and(|m| new_len > m) {
        return vm.throw_range(&format!("ArrayBuffer.prototype.{name}: new length exceeds maxByteLength"));
    }
    if new_len > MAX_BYTE_LENGTH {
        return vm.throw_range("Array buffer allocation failed");
    }
    let proto = vm.realm.array_buffer_prototype;
    let nb = allocate(vm, proto, 0, max, false)?;
    let mut bytes = std::mem::take(&mut data_mut(b).bytes);
    if new_len > bytes.len() && bytes.try_reserve_exact(new_len - bytes.len()).is_err() {
        data_mut(b).bytes = bytes;
        return vm.throw_range("Array buffer allocation failed");
    }
    vm.heap.report_external(new_len.saturating_sub(bytes.len()));
    bytes.resize(new_len, 0);
    data_mut(nb).bytes = bytes;
    detach(b);
    Ok(Value::object(nb))
}
