//! Named property accesses speculated from inline-cache feedback: the cases (own slots, prototype holders, array and
//! string length, transitions) and the facts they use and leave (a shape checked, a slot's value).
//!
//! Invariants:
//! - A case is made only from what the interpreter's cache would use for that shape (no dictionary shapes, no
//!   accessors, transitions into in-object slots only); anything else leaves the access to its routine.
//! - A known shape (checked where it dominates) reduces the cases to that one and skips the check; a known slot
//!   value replaces the load (`Facts::fields`), as long as nothing ran that could change them (`Facts::note_effects`).

use super::*;
use tetra_vm::tiering::dependencies::{GlobalCells, global_data_property};

impl<'a> Builder<'a> {
    /// The value of the global object's data property named by constant `name`, folded to a constant while the
    /// property is constant (`GlobalCells`): the code depends on it (`Graph::globals`) and checks at the load that
    /// no write invalidated it meanwhile. Strings and symbols are not folded (the code keeps only objects alive).
    pub(super) fn global_constant(&mut self, pc: u32, name: u16) -> Option<NodeId> {
        if self.vm.global_cells == 0 {
            return None;
        }
        let k = tetra_vm::atoms::key(self.t.constants[name as usize]);
        // SAFETY: `global_cells` points at the VM's table, which outlives its compilers; the builder runs on the
        // main thread while the VM waits for it, so nothing writes the table meanwhile.
        let cells = unsafe { &*(self.vm.global_cells as *const GlobalCells) };
        if !cells.is_constant(k) {
            return None;
        }
        let v = global_data_property(Value(self.vm.global as u64).as_object(), k)?;
        if v.is_hole() || v.is_string() || v.is_symbol() || v.is_bigint() {
            return None;
        }
        if v.is_object() {
            self.g.holders.push(v.as_object().addr());
        }
        self.g.globals.push((k.0, v.0));
        let fs = self.frame_state(pc);
        self.node(pc, NodeKind::CheckInvalidated { fs }, Repr::Tagged);
        Some(self.constant(pc, v))
    }

    /// The cache entries of a property site, if it is monomorphic or polymorphic.
    pub(super) fn ic_entries(&self, slot: u16) -> Option<Vec<IcEntry>> {
        // SAFETY: as in `speculation`.
        match &self.t.feedback_mut()[slot as usize] {
            FeedbackSlot::Mono(e) => Some(vec![*e]),
            FeedbackSlot::Poly(v) => Some(v.to_vec()),
            _ => None,
        }
    }

    /// A named load from the site's feedback: every cached shape must find the value in an in-object slot (own or of
    /// a prototype) or be an array's `length`; anything else stays generic.
    pub(super) fn load_named(&mut self, pc: u32, object: NodeId, slot: u16) -> Option<NodeId> {
        let entries = self.ic_entries(slot)?;
        self.load_cases(pc, object, &entries)
    }

    /// `o.#x` from a keyed site's private-name cache: a check that the key is the name the site saw (a class
    /// evaluated again makes new names), then the load of the slot as a named load.
    pub(super) fn load_private(&mut self, pc: u32, object: NodeId, key: NodeId, slot: u16) -> Option<NodeId> {
        let entries = self.private_entries(object, key, slot, pc)?;
        self.load_cases(pc, object, &entries)
    }

    /// `o.#x = v` from a keyed site's private-name cache (writable fields only), and the addition of a private
    /// field (its transitions), as `load_private`.
    pub(super) fn store_private(
        &mut self,
        pc: u32,
        object: NodeId,
        key: NodeId,
        value: NodeId,
        slot: u16,
    ) -> Option<NodeId> {
        let entries = self.private_entries(object, key, slot, pc)?;
        self.store_cases(pc, object, value, &entries)
    }

    /// The cache entries of a keyed site that saw one private name only, as own-slot entries, after checking that
    /// `key` is that name.
    fn private_entries(&mut self, object: NodeId, key: NodeId, slot: u16, pc: u32) -> Option<Vec<IcEntry>> {
        let entries = self.ic_entries(slot)?;
        let mut name = None;
        let mut own = Vec::with_capacity(entries.len());
        for e in &entries {
            let (n, handler) = match e.handler {
                Handler::Private { name, slot } => (name, Handler::Own { slot }),
                Handler::PrivateField { name, .. } => (name, e.handler),
                _ => return None,
            };
            if name.is_some_and(|m| m != n) {
                return None;
            }
            name = Some(n);
            own.push(IcEntry { shape: e.shape, handler });
        }
        let name = name?;
        if self.repr(object) != Repr::Tagged || self.repr(key) != Repr::Tagged {
            return None;
        }
        // The code compares with the name: it keeps it alive (marking is by address, whatever the cell).
        self.g.holders.push(name.as_symbol().addr());
        let fs = self.frame_state(pc);
        self.check_value(pc, key, name, DeoptReason::WrongPrivateName, fs);
        Some(own)
    }

    /// A load by the cases of `entries` (see `load_named`).
    fn load_cases(&mut self, pc: u32, object: NodeId, entries: &[IcEntry]) -> Option<NodeId> {
        let mut cases = Vec::new();
        for e in entries {
            let source = match e.handler {
                Handler::Own { slot } => FieldSource::Own { at: slot_at(slot, e.shape.inline_capacity()) },
                Handler::Proto { holder, slot, epoch } => {
                    self.g.note_epoch(epoch);
                    self.g.holders.push(holder.addr());
                    let at = slot_at(slot, holder.in_object_capacity());
                    FieldSource::Proto { holder: holder.addr(), at, epoch }
                }
                Handler::ArrayLength => FieldSource::ArrayLength,
                Handler::StringLength => FieldSource::StringLength,
                Handler::TypedArrayLength { epoch } => {
                    self.g.note_epoch(epoch);
                    FieldSource::TypedArrayLength { epoch }
                }
                _ => return None,
            };
            self.g.shapes.push(e.shape.addr());
            cases.push(LoadCase { shape: e.shape.addr(), source, string: e.shape.addr() == self.vm.string_shape });
        }
        if self.repr(object) != Repr::Tagged {
            return None;
        }
        let known = self.known_case(object, &mut cases, |c: &LoadCase| (c.shape, c.string));
        // The block loaded or stored this very slot already (and checked the shape): that value.
        let key = match cases.as_slice() {
            [LoadCase { source: FieldSource::Own { at }, string: false, .. }] if known => {
                Some(FieldKey { object: FieldObject::Node(object), place: place_of(*at) })
            }
            [LoadCase { source: FieldSource::Proto { holder, at, .. }, string: false, .. }] if known => {
                Some(FieldKey { object: FieldObject::Holder(*holder), place: place_of(*at) })
            }
            _ => None,
        };
        if let Some(&v) = key.as_ref().and_then(|k| self.facts.fields.get(k)) {
            return Some(v);
        }
        let fs = self.frame_state(pc);
        let n = self.node(pc, NodeKind::LoadNamed { object, cases: cases.clone(), fs, known }, Repr::Tagged);
        if let [case] = cases.as_slice()
            && !case.string
        {
            self.facts.shapes.insert(object, case.shape);
            let key = match case.source {
                FieldSource::Own { at } => Some(FieldKey { object: FieldObject::Node(object), place: place_of(at) }),
                FieldSource::Proto { holder, at, .. } => {
                    Some(FieldKey { object: FieldObject::Holder(holder), place: place_of(at) })
                }
                FieldSource::ArrayLength | FieldSource::StringLength | FieldSource::TypedArrayLength { .. } => None,
            };
            if let Some(k) = key {
                self.facts.fields.insert(k, n);
            }
        }
        Some(n)
    }

    /// When the block already checked `object`'s shape and it is one of `cases`: keeps that case only and says so.
    pub(super) fn known_case<C>(
        &self,
        object: NodeId,
        cases: &mut Vec<C>,
        shape_of: impl Fn(&C) -> (usize, bool),
    ) -> bool {
        let Some(&shape) = self.facts.shapes.get(&object) else { return false };
        let Some(i) = cases.iter().position(|c| shape_of(c) == (shape, false)) else { return false };
        let case = cases.swap_remove(i);
        cases.clear();
        cases.push(case);
        true
    }

    /// A named store from the site's feedback: overwrites of in-object slots and transitions that add a property in
    /// an in-object slot the object already has.
    pub(super) fn store_named(&mut self, pc: u32, object: NodeId, value: NodeId, slot: u16) -> Option<NodeId> {
        let entries = self.ic_entries(slot)?;
        self.store_cases(pc, object, value, &entries)
    }

    /// A store by the cases of `entries` (see `store_named`).
    fn store_cases(&mut self, pc: u32, object: NodeId, value: NodeId, entries: &[IcEntry]) -> Option<NodeId> {
        let mut cases = Vec::new();
        for e in entries {
            let kind = match e.handler {
                Handler::Own { slot } => StoreKind::Own { at: slot_at(slot, e.shape.inline_capacity()) },
                // A transition into an out-of-line slot may need the vector to grow (an allocation): generic.
                Handler::Transition { to, slot, epoch } if slot < e.shape.inline_capacity() => {
                    self.g.note_epoch(epoch);
                    self.g.shapes.push(to.addr());
                    let SlotAt::InObject { offset } = slot_at(slot, e.shape.inline_capacity()) else { unreachable!() };
                    StoreKind::Transition { to: to.addr(), offset, epoch: Some(epoch) }
                }
                Handler::PrivateField { to, slot, .. } if slot < e.shape.inline_capacity() => {
                    self.g.shapes.push(to.addr());
                    let SlotAt::InObject { offset } = slot_at(slot, e.shape.inline_capacity()) else { unreachable!() };
                    StoreKind::Transition { to: to.addr(), offset, epoch: None }
                }
                _ => return None,
            };
            self.g.shapes.push(e.shape.addr());
            cases.push(StoreCase { shape: e.shape.addr(), kind });
        }
        if self.repr(object) != Repr::Tagged {
            return None;
        }
        let known = self.known_case(object, &mut cases, |c: &StoreCase| (c.shape, false));
        let fs = self.frame_state(pc);
        let n = self.node(pc, NodeKind::StoreNamed { object, value, cases: cases.clone(), fs, known }, Repr::Tagged);
        if let [case] = cases.as_slice() {
            let (after, at) = match case.kind {
                StoreKind::Own { at } => (case.shape, at),
                StoreKind::Transition { to, offset, .. } => (to, SlotAt::InObject { offset }),
            };
            self.facts.shapes.insert(object, after);
            self.facts.fields.insert(FieldKey { object: FieldObject::Node(object), place: place_of(at) }, value);
        }
        Some(n)
    }
}
