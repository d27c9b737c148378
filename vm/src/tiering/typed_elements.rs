//! What compiled code reads of a typed array to load or store an element inline (baseline's keyed visitors and
//! mid's `LoadTypedElement` / `StoreTypedElement`), and the kinds it has fast paths for.
//!
//! The path is: the object's flags (`FLAG_TYPED_ARRAY`), its element kind and `View` pointer in the
//! `ObjectKind::TypedArray` payload (after the in-object slots, as every payload), then the view's fixed length and
//! end, its byte offset and its buffer's `BufferData`, whose byte vector gives the length and the data pointer;
//! the element's end within the bytes bounds a length-tracking view.
//! Offsets the Rust compiler chooses (enum payloads, `Vec`'s fields) are measured once on a value, not assumed,
//! as `direct_call::closure_field_offsets` does.

use crate::builtins::typed_array::buffer::{BufferData, View};
use crate::builtins::typed_array::kinds::ElementKind;
use crate::object::{ObjectBody, ObjectKind};

/// Byte offsets for the inline element path.
#[derive(Clone, Copy, Debug)]
pub struct TypedArrayLayout {
    /// From the object's address plus 8 bytes per in-object slot: the element kind (a byte, `ElementKind as u8`)
    /// and the `View` pointer of an `ObjectKind::TypedArray`.
    pub kind: i32,
    pub view: i32,
    /// In a `View`: elements of a fixed-length view (isize::MAX for a length-tracking one), the bytes its buffer
    /// needs for it to be in bounds (0 for a length-tracking one), the byte offset, and the `BufferData` pointer
    /// (the tests they make: `View`).
    pub fixed_length: i32,
    pub fixed_end: i32,
    pub byte_offset: i32,
    pub data: i32,
    /// In a `BufferData`: the length and the data pointer of its bytes (empty once detached).
    pub byte_length: i32,
    pub bytes: i32,
}

/// The layout, measured once.
pub fn layout() -> TypedArrayLayout {
    static LAYOUT: std::sync::OnceLock<TypedArrayLayout> = std::sync::OnceLock::new();
    *LAYOUT.get_or_init(|| {
        let body = std::mem::size_of::<crate::object::JsObject>() + std::mem::offset_of!(ObjectBody, kind);
        // SAFETY: the dangling buffer pointer is never dereferenced (nor dropped: `Gc` is Copy); the value only
        // shows where the fields are.
        let buffer = unsafe { tetra_gc::Gc::from_raw(std::ptr::NonNull::dangling().as_ptr()) };
        let view = View { buffer, byte_offset: 0, length: None, fixed_length: 0, fixed_end: 0, data: std::ptr::null() };
        let kind = ObjectKind::TypedArray { kind: ElementKind::Float64, view: Box::new(view) };
        let ObjectKind::TypedArray { kind: k, view } = &kind else { unreachable!("built as a typed array") };
        let base = &kind as *const ObjectKind as usize;
        let at = |field: usize| (body + field - base) as i32;
        // Vec's fields are private: find the pointer and the length among its words on a vector whose three words
        // all differ (capacity 3, length 1, a heap pointer).
        let mut v: Vec<u8> = Vec::with_capacity(3);
        v.push(0);
        let words: [usize; 3] = {
            // SAFETY: a Vec is three words (pointer, capacity, length in some order); reading them copies bits only.
            unsafe { std::mem::transmute_copy(&v) }
        };
        let word =
            |x: usize| words.iter().position(|&w| w == x).expect("a Vec holds its pointer and length") as i32 * 8;
        let bytes_at = std::mem::offset_of!(BufferData, bytes) as i32;
        TypedArrayLayout {
            kind: at(k as *const ElementKind as usize),
            view: at(view as *const Box<View> as usize),
            fixed_length: std::mem::offset_of!(View, fixed_length) as i32,
            fixed_end: std::mem::offset_of!(View, fixed_end) as i32,
            byte_offset: std::mem::offset_of!(View, byte_offset) as i32,
            data: std::mem::offset_of!(View, data) as i32,
            byte_length: bytes_at + word(v.len()),
            bytes: bytes_at + word(v.as_ptr() as usize),
        }
    })
}

/// The element kinds compiled code loads and stores inline: the Number kinds but Float16 (whose conversions are
/// Rust's, `kinds::F16`); BigInt kinds make a BigInt per load and take the slow path.
pub fn has_inline_path(kind: ElementKind) -> bool {
    !kind.is_bigint() && kind != ElementKind::Float16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vec_words_are_distinct() {
        let l = layout();
        assert_ne!(l.byte_length, l.bytes);
        assert_ne!(l.kind, l.view);
    }
}
