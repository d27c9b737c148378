//! What the builder knows at a point of the graph besides the registers' values (Maglev's known node aspects):
//! checks already made, header registers already read, shapes and slot values of objects. They flow along the
//! graph's edges with the environment, so a fact established in a block serves the blocks it dominates.
//!
//! Invariants:
//! - A fact holds on every path to the point it is known at: a block with one incoming edge starts with that
//!   edge's facts, a merge with the facts every incoming edge has alike, a loop header with its forward edges'
//!   checks only (a check node dominates the loop; shapes and slot values may change in the body before the back
//!   edge returns to the header).
//! - A node with effects removes the facts it could falsify (`note_effects`) as soon as it is added.
//! - An inlined callee starts with its caller's facts about values (not header registers: it has no frame), and the
//!   caller continues with what holds on every return of the callee.

use super::{Effect, FieldKey, NodeId, NodeKind, Repr, SlotAt, StoreKind, place_of};
use std::collections::HashMap;
use std::hash::Hash;

#[derive(Clone, Default)]
pub(super) struct Facts {
    /// Checks made of a value, to a representation: later uses reuse the check, which dominates them.
    pub checked: HashMap<(NodeId, Repr), NodeId>,
    /// Values checked to compare by identity under `===` (`CheckIdentityComparable`), with the check.
    pub identity: HashMap<NodeId, NodeId>,
    /// Header registers read from the frame.
    pub header_reads: HashMap<i16, NodeId>,
    /// Objects whose shape a named access checked.
    pub shapes: HashMap<NodeId, usize>,
    /// Values an element access that deoptimises otherwise proved objects, with that access (a value's type does
    /// not change: only the access's dominance matters).
    pub objects: HashMap<NodeId, NodeId>,
    /// Values of named slots loaded or stored (load elimination), by the slot's place.
    pub fields: HashMap<FieldKey, NodeId>,
}

/// The entries that all of `maps` have, with the same value.
fn common<K: Hash + Eq + Copy, V: PartialEq + Copy>(maps: impl Iterator<Item = HashMap<K, V>>) -> HashMap<K, V> {
    let mut maps = maps;
    let Some(mut first) = maps.next() else { return HashMap::new() };
    for m in maps {
        first.retain(|k, v| m.get(k) == Some(v));
        if first.is_empty() {
            break;
        }
    }
    first
}

impl Facts {
    /// The facts at the start of a block whose incoming edges carried `incoming` (forward edges only for a loop
    /// header).
    pub fn merge(incoming: Vec<Facts>, loop_header: bool) -> Facts {
        if !loop_header && incoming.len() == 1 {
            return incoming.into_iter().next().expect("one edge");
        }
        let checked = common(incoming.iter().map(|f| f.checked.clone()));
        let identity = common(incoming.iter().map(|f| f.identity.clone()));
        let objects = common(incoming.iter().map(|f| f.objects.clone()));
        if loop_header {
            return Facts { checked, identity, objects, ..Facts::default() };
        }
        Facts {
            checked,
            identity,
            objects,
            header_reads: common(incoming.iter().map(|f| f.header_reads.clone())),
            shapes: common(incoming.iter().map(|f| f.shapes.clone())),
            fields: common(incoming.into_iter().map(|f| f.fields)),
        }
    }

    /// What an inlined callee starts with: the caller's facts about values.
    pub fn for_callee(&self) -> Facts {
        Facts { header_reads: HashMap::new(), ..self.clone() }
    }

    /// What the caller knows after an inlined call: what held at every return of the callee, except the callee's
    /// header reads; its own header registers it reads again.
    pub fn after_callee(returns: Vec<Facts>) -> Facts {
        let mut f = Facts::merge(returns, false);
        f.header_reads.clear();
        f
    }

    /// Forgets the facts a node could falsify: code that runs on the frame (a routine, a call, an element access's
    /// slow path with its getters and setters) may write header registers and change any object's shape or slots;
    /// a store changes its slot (in any object: another node may be the same object), a transitioning store its
    /// object's shape (and, through an alias, any other's). Checks of values stay true whatever runs.
    pub fn note_effects(&mut self, kind: &NodeKind) {
        match (kind.effect(), kind) {
            (Effect::None, _) => {}
            (Effect::Any, _) => {
                self.header_reads.clear();
                self.shapes.clear();
                self.fields.clear();
            }
            (Effect::Store, NodeKind::StoreNamed { cases, .. }) => {
                for c in cases {
                    let place = match c.kind {
                        StoreKind::Own { at } => place_of(at),
                        StoreKind::Transition { offset, .. } => place_of(SlotAt::InObject { offset }),
                    };
                    self.fields.retain(|k, _| k.place != place);
                }
                if cases.iter().any(|c| matches!(c.kind, StoreKind::Transition { .. })) {
                    self.shapes.clear();
                }
            }
            // Elements and context slots are no named slot or shape.
            (Effect::Store, _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(n: u32, c: u32) -> Facts {
        let mut f = Facts::default();
        f.checked.insert((NodeId(n), Repr::Int32), NodeId(c));
        f.shapes.insert(NodeId(n), 0x1000);
        f
    }

    #[test]
    fn one_edge_keeps_everything() {
        let f = Facts::merge(vec![with_check(1, 2)], false);
        assert_eq!(f.checked.get(&(NodeId(1), Repr::Int32)), Some(&NodeId(2)));
        assert_eq!(f.shapes.get(&NodeId(1)), Some(&0x1000));
    }

    #[test]
    fn a_merge_keeps_what_every_edge_knows_alike() {
        let mut other = with_check(1, 3);
        other.checked.insert((NodeId(5), Repr::Float64), NodeId(6));
        let f = Facts::merge(vec![with_check(1, 2), other], false);
        // Node 1 was checked on both edges, but by different check nodes: neither dominates the merge.
        assert!(f.checked.is_empty());
        assert_eq!(f.shapes.get(&NodeId(1)), Some(&0x1000));
        let f = Facts::merge(vec![with_check(1, 2), with_check(1, 2)], false);
        assert_eq!(f.checked.len(), 1);
    }

    #[test]
    fn a_loop_header_keeps_checks_only() {
        let f = Facts::merge(vec![with_check(1, 2)], true);
        assert_eq!(f.checked.len(), 1);
        assert!(f.shapes.is_empty());
    }

    #[test]
    fn a_call_forgets_shapes_but_not_checks() {
        let mut f = with_check(1, 2);
        f.note_effects(&NodeKind::ArrayIteratorNext { pc: 0, iterator: NodeId(1), acc: NodeId(1), spills: vec![] });
        assert!(f.shapes.is_empty());
        assert_eq!(f.checked.len(), 1);
    }
}
