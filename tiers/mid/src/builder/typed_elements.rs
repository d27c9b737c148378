//! Keyed accesses speculated on the typed-array element kind their site's feedback recorded
//! (`FeedbackSlot::TypedElements` with one kind): a check of the receiver's kind and of the index, then an unboxed
//! load or store (`LoadTypedElement`, `StoreTypedElement`), as Maglev's typed-array element nodes.
//!
//! Invariants:
//! - Their checks deopt with the instruction's own frame state (not a checkpoint), so the deopt finds the site and
//!   makes its feedback megamorphic (`DeoptReason::against_element_kind`): the next compile runs the routine there.
//! - A key that is not an int32 deopts too (NotAnInt32); the interpreter's slow half then marks the site.

use super::*;
use tetra_vm::builtins::typed_array::kinds::ElementKind;
use tetra_vm::tiering::typed_elements::has_inline_path;

/// The representation a load of `kind` gives: int32 where every element fits one, float64 otherwise.
pub(crate) fn element_repr(kind: ElementKind) -> Repr {
    match kind {
        ElementKind::Int8
        | ElementKind::Uint8
        | ElementKind::Uint8Clamped
        | ElementKind::Int16
        | ElementKind::Uint16
        | ElementKind::Int32 => Repr::Int32,
        ElementKind::Uint32
        | ElementKind::Float16
        | ElementKind::Float32
        | ElementKind::Float64
        | ElementKind::BigInt64
        | ElementKind::BigUint64 => Repr::Float64,
    }
}

impl<'a> Builder<'a> {
    /// The one element kind the keyed site at feedback `slot` met, when mid has an unboxed path for it.
    pub(super) fn typed_site_kind(&self, slot: u16) -> Option<ElementKind> {
        // SAFETY: as in `speculation`.
        self.t.feedback_mut()[slot as usize].typed_element_kind().filter(|&k| has_inline_path(k))
    }

    /// `object[key]` on a typed array of `kind`.
    pub(super) fn load_typed_element(&mut self, pc: u32, object: NodeId, key: NodeId, kind: ElementKind) -> NodeId {
        let fs = self.precise_frame_state(pc);
        let index = self.check_int32(pc, key, fs);
        self.node(pc, NodeKind::LoadTypedElement { object, index, kind, fs }, element_repr(kind))
    }

    /// `object[key] = value` on a typed array of `kind`.
    pub(super) fn store_typed_element(
        &mut self,
        pc: u32,
        object: NodeId,
        key: NodeId,
        value: NodeId,
        kind: ElementKind,
    ) {
        let fs = self.precise_frame_state(pc);
        let index = self.check_int32(pc, key, fs);
        self.node(pc, NodeKind::StoreTypedElement { object, index, value, kind, fs }, Repr::Tagged);
    }
}
