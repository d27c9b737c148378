//! Baseline code's own inline caches for named-property and global sites: up to `MAX_POLY` entries, each saying
//! for one receiver shape where the property's value is, as plain words that machine code compares and follows
//! (the feedback's `IcEntry`s are Rust enums behind a `Box` for polymorphic sites).
//!
//! Invariants:
//! - A cache is only ever a translation of its site's feedback (`refresh`): the code's hits are the interpreter's
//!   hits, with the same results, and like them they record nothing.
//! - A megamorphic site's cache is left as it is (its entries stay correct: a shape's layout never changes, and
//!   prototype entries and transitions check the epoch); misses go to the stub without rewriting it each time.
//! - Shapes, holders and transition targets in a cache are traced (`trace`): a freed cell's address could be
//!   reused by another shape while a stale entry still names it.

use crate::feedback::{FeedbackSlot, Handler, IcEntry, MAX_POLY};
use crate::interp::dispatch::T;
use crate::object::{JsObject, ObjectBody};
use tetra_gc::{Gc, Tracer};
use tetra_shapes::Shape;

/// `SiteEntry::kind`: a data property in a slot (of the receiver, or of a prototype holder for loads).
pub const KIND_SLOT: u64 = 0;
/// `SiteEntry::kind`: a store that adds the property: the receiver moves to the shape in `target`.
pub const KIND_TRANSITION: u64 = 1;
/// `SiteEntry::kind`: `length` of an array (the receiver has `FLAG_ARRAY`).
pub const KIND_ARRAY_LENGTH: u64 = 2;
/// `SiteEntry::kind`: `length` of a primitive string (the entry's shape is the realm's `string_ic_shape`).
pub const KIND_STRING_LENGTH: u64 = 3;

/// What a site's code does with a receiver of the shape in `shape`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SiteEntry {
    /// The receiver's shape; 0 for an empty entry (no shape has address 0).
    pub shape: usize,
    /// The common case, in one word the code tests first: the byte offset of an own in-object data property
    /// (a multiple of 8); `GENERIC` (odd) when the fields below say what to do.
    pub fast: usize,
    pub kind: u64,
    /// `KIND_SLOT`: 0 for the receiver's own property, else the prototype holding it (loads only), valid while the
    /// VM's prototype epoch equals `epoch`. `KIND_TRANSITION`: the new shape, valid while the epoch is `epoch`.
    pub target: usize,
    pub epoch: u64,
    /// 0 when the value is in the object (receiver or holder) itself; else the byte offset in that object of its
    /// out-of-line slots (a `ThinVec` pointer), and then `offset` counts from the vector's header.
    pub vector: usize,
    /// Byte offset of the value.
    pub offset: usize,
}

/// What a site is, for `refresh`.
#[repr(u64)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SiteMode {
    /// GetNamedProperty: own and prototype data properties, array length.
    Load = 0,
    /// SetNamedProperty and DefineNamedOwnProperty: own data properties and in-object transitions.
    Store = 1,
    /// LdaGlobal and StaGlobal: the monomorphic own property of the global object, as the interpreter's fast path.
    Global = 2,
}

#[repr(C)]
pub struct SiteCache {
    pub entries: [SiteEntry; MAX_POLY],
}

/// Byte size of a `SiteEntry`, and offsets of its fields, for the code that reads them.
pub const ENTRY_SIZE: usize = std::mem::size_of::<SiteEntry>();
pub const ENTRY_FAST: usize = std::mem::offset_of!(SiteEntry, fast);
pub const ENTRY_KIND: usize = std::mem::offset_of!(SiteEntry, kind);
pub const ENTRY_TARGET: usize = std::mem::offset_of!(SiteEntry, target);
pub const ENTRY_EPOCH: usize = std::mem::offset_of!(SiteEntry, epoch);
pub const ENTRY_VECTOR: usize = std::mem::offset_of!(SiteEntry, vector);
pub const ENTRY_OFFSET: usize = std::mem::offset_of!(SiteEntry, offset);
/// Byte offsets in the VM of the realm's global object (a value) and in an object of its array length (a u32).
pub const VM_GLOBAL_OFFSET: usize =
    std::mem::offset_of!(crate::vm::Vm, realm) + std::mem::offset_of!(crate::realm::Realm, global);
pub const OBJECT_LENGTH_OFFSET: usize = std::mem::offset_of!(JsObject, length);
/// Byte offset in the VM of the shape that stands for primitive strings in load caches (a nullable pointer).
pub const VM_STRING_IC_SHAPE_OFFSET: usize =
    std::mem::offset_of!(crate::vm::Vm, realm) + std::mem::offset_of!(crate::realm::Realm, string_ic_shape);
const _: () = assert!(std::mem::size_of::<Option<Gc<Shape>>>() == 8, "code reads the string shape as a pointer");

/// `SiteEntry::fast` of an entry that is not an own in-object data property.
pub const GENERIC: usize = 1;

const EMPTY_ENTRY: SiteEntry =
    SiteEntry { shape: 0, fast: GENERIC, kind: KIND_SLOT, target: 0, epoch: 0, vector: 0, offset: 0 };

impl SiteCache {
    pub const EMPTY: SiteCache = SiteCache { entries: [EMPTY_ENTRY; MAX_POLY] };

    pub fn trace(&self, t: &mut Tracer) {
        for e in self.entries.iter().filter(|e| e.shape != 0) {
            // SAFETY: a non-zero shape word was copied from a live `Gc<Shape>` (`entry_for`), kept marked since.
            t.mark(unsafe { Gc::from_raw(e.shape as *mut Shape) });
            match (e.kind, e.target) {
                (_, 0) => {}
                // SAFETY: a transition's target was copied from a live `Gc<Shape>`, kept marked since.
                (KIND_TRANSITION, to) => t.mark(unsafe { Gc::from_raw(to as *mut Shape) }),
                // SAFETY: any other target was copied from a live holder `Gc<JsObject>`, kept marked since.
                (_, holder) => t.mark(unsafe { Gc::from_raw(holder as *mut JsObject) }),
            }
        }
    }
}

/// Where slot `slot` of an object of `shape` is: (`vector`, `offset`) as in `SiteEntry`.
fn slot_location(shape: Gc<Shape>, slot: u32) -> (usize, usize) {
    let cap = shape.inline_capacity();
    if slot < cap {
        (0, std::mem::size_of::<JsObject>() + slot as usize * 8)
    } else {
        let vector = std::mem::size_of::<JsObject>() + cap as usize * 8 + std::mem::offset_of!(ObjectBody, slots);
        (vector, super::runtime::thin_vec_data_offset() + (slot - cap) as usize * 8)
    }
}

/// The entry for one feedback entry, if the code has a path for its handler at a site of `mode`.
fn entry_for(e: &IcEntry, mode: SiteMode) -> Option<SiteEntry> {
    let shape = e.shape.addr();
    let slot = |kind, target, epoch, holder_shape, slot| {
        let (vector, offset) = slot_location(holder_shape, slot);
        let fast = if kind == KIND_SLOT && target == 0 && vector == 0 { offset } else { GENERIC };
        Some(SiteEntry { shape, fast, kind, target, epoch, vector, offset })
    };
    match (mode, e.handler) {
        (_, Handler::Own { slot: s }) => slot(KIND_SLOT, 0, 0, e.shape, s),
        (SiteMode::Load, Handler::Proto { holder, slot: s, epoch }) => {
            slot(KIND_SLOT, holder.addr(), epoch as u64, holder.shape, s)
        }
        (SiteMode::Load, Handler::ArrayLength) => Some(SiteEntry { shape, kind: KIND_ARRAY_LENGTH, ..EMPTY_ENTRY }),
        (SiteMode::Load, Handler::StringLength) => Some(SiteEntry { shape, kind: KIND_STRING_LENGTH, ..EMPTY_ENTRY }),
        // A transition into an out-of-line slot may have to grow the vector (an allocation): the stub does it.
        (SiteMode::Store, Handler::Transition { to, slot: s, epoch }) if s < e.shape.inline_capacity() => {
            slot(KIND_TRANSITION, to.addr(), epoch as u64, e.shape, s)
        }
        _ => None,
    }
}

/// After the stub of the site with feedback slot `slot` ran: the site's `cache` becomes what its feedback says
/// (its cacheable entries, in order), unless the site is megamorphic.
///
/// # Safety
/// `cache` is a cache of `t`'s installed code; `slot` a feedback slot of `t`; `mode` a `SiteMode`.
pub unsafe extern "C" fn refresh(cache: *mut SiteCache, t: T, slot: u64, mode: u64) {
    let mode = match mode {
        0 => SiteMode::Load,
        1 => SiteMode::Store,
        _ => SiteMode::Global,
    };
    // SAFETY: per the contract.
    let fb = unsafe { &(*t).feedback_mut()[slot as usize] };
    let found: &[IcEntry] = match fb {
        FeedbackSlot::Mono(e) => std::slice::from_ref(e),
        FeedbackSlot::Poly(v) if mode != SiteMode::Global => v,
        FeedbackSlot::Megamorphic => return,
        _ => &[],
    };
    let mut entries = [EMPTY_ENTRY; MAX_POLY];
    for (to, e) in entries.iter_mut().zip(found.iter().filter_map(|e| entry_for(e, mode))) {
        *to = e;
    }
    // SAFETY: per the contract; compiled code reads the cache only between instructions.
    unsafe { (*cache).entries = entries };
}
