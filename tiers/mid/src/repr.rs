//! Representation selection for phis: loop counters stay int32 and float accumulators float64 in machine registers,
//! boxed only where they escape (a generic instruction's spill, a return, a deopt exit).
//!
//! Invariants:
//! - The lattice is `Int32 < Float64 < Tagged`, with `Bool < Tagged` apart (Bool joined with a number is Tagged).
//!   Phis start at the bottom (optimistic, so a loop phi fed by itself does not force Tagged) and only move up, so
//!   the fixed point is reached in at most three rounds per phi.
//! - A phi's inputs are converted to its representation on each incoming edge: int32 -> float64 is exact; anything
//!   -> Tagged is boxing. No conversion that can fail is needed on an edge, except on the OSR entry's edge, whose
//!   tagged frame values are checked (and deoptimise) there, and on a loop's forward entry edges for the phis the
//!   loop header checks anyway (`entry_hints`): there a tagged value from before the loop is checked, deoptimising
//!   to the header's state on that edge.

use crate::ir::{BlockId, Graph, NodeId, NodeKind, Repr};
use std::collections::HashMap;

fn join(a: Repr, b: Repr) -> Repr {
    use Repr::*;
    match (a, b) {
        (x, y) if x == y => x,
        (Int32, Float64) | (Float64, Int32) => Float64,
        _ => Tagged,
    }
}

/// Loop-header phis the header itself checks as an int32 (or a number): the representation their tagged values
/// from before the loop are checked against on the entry edges (`Graph::loop_entries`), so that a loop bound passed
/// as a parameter stays unboxed instead of being checked at every iteration.
fn entry_hints(g: &Graph) -> HashMap<NodeId, Repr> {
    let mut hints = HashMap::new();
    for (b, block) in g.blocks.iter().enumerate() {
        if !block.is_loop_header || !g.loop_entries.contains_key(&BlockId(b as u32)) {
            continue;
        }
        for &n in &block.nodes {
            let (v, r) = match g.node(n).kind {
                NodeKind::CheckInt32(v, _) => (v, Repr::Int32),
                NodeKind::CheckNumber(v, _) => (v, Repr::Float64),
                _ => continue,
            };
            if g.node(v).block == BlockId(b as u32) && matches!(g.node(v).kind, NodeKind::Phi(_)) {
                let h = hints.entry(v).or_insert(r);
                *h = join(*h, r);
            }
        }
    }
    hints
}

/// Whether input `pos` of `phi` is a tagged value from before its loop that the entry edge checks (see
/// `entry_hints`).
pub fn checked_on_entry(g: &Graph, phi: NodeId, pos: usize, input: NodeId) -> bool {
    let entries = g.loop_entries.get(&g.node(phi).block).map_or(0, |e| e.len());
    pos < entries
        && g.node(input).repr == Repr::Tagged
        && !matches!(g.node(input).kind, NodeKind::Phi(_) | NodeKind::OsrValue(_) | NodeKind::OsrAccumulator)
}

/// Chooses the representation of every phi of `g`.
pub fn select(g: &mut Graph) {
    let phis: Vec<NodeId> =
        (0..g.nodes.len() as u32).map(NodeId).filter(|&n| matches!(g.node(n).kind, NodeKind::Phi(_))).collect();
    let hints = entry_hints(g);
    // Bottom: the representation of the first non-phi input found, or Int32 for phis of phis only; a hinted loop
    // phi starts at its hint.
    let mut assigned: Vec<Option<Repr>> = vec![None; g.nodes.len()];
    for (&phi, &r) in &hints {
        assigned[phi.0 as usize] = Some(r);
    }
    loop {
        let mut changed = false;
        for &phi in &phis {
            let NodeKind::Phi(inputs) = &g.node(phi).kind else { unreachable!() };
            let mut r: Option<Repr> = assigned[phi.0 as usize];
            for (pos, &i) in inputs.iter().enumerate() {
                let ir = match g.node(i).kind {
                    NodeKind::Phi(_) => assigned[i.0 as usize],
                    // Checked against the phi on the OSR edge instead.
                    NodeKind::OsrValue(_) | NodeKind::OsrAccumulator => None,
                    // Checked against the hint on the loop's entry edge.
                    _ if hints.contains_key(&phi) && checked_on_entry(g, phi, pos, i) => None,
                    _ => Some(g.node(i).repr),
                };
                if let Some(ir) = ir {
                    r = Some(r.map_or(ir, |r| join(r, ir)));
                }
            }
            if r != assigned[phi.0 as usize] {
                assigned[phi.0 as usize] = r;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for &phi in &phis {
        g.node_mut(phi).repr = assigned[phi.0 as usize].unwrap_or(Repr::Tagged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::*;
    use tetra_vm::value::Value;

    /// A loop counter: phi(0, phi + 1) becomes int32; mixing in a double makes float64; a tagged input makes tagged.
    #[test]
    fn loop_phis_take_the_join_of_their_inputs() {
        let mut g = Graph::default();
        let b0 = g.add_block(0, false);
        let b1 = g.add_block(4, true);
        let zero = g.add_node(b0, 0, NodeKind::Int32Constant(0), Repr::Int32);
        let half = g.add_node(b0, 0, NodeKind::Float64Constant(0.5), Repr::Float64);
        let undef = g.add_node(b0, 0, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let i = g.add_node(b1, 4, NodeKind::Phi(vec![zero]), Repr::Tagged);
        let f = g.add_node(b1, 4, NodeKind::Phi(vec![zero]), Repr::Tagged);
        let t = g.add_node(b1, 4, NodeKind::Phi(vec![zero]), Repr::Tagged);
        let one = g.add_node(b1, 4, NodeKind::Int32Constant(1), Repr::Int32);
        let next = g.add_node(b1, 6, NodeKind::Int32Binary(Int32Op::Add, i, one, None), Repr::Int32);
        let fnext = g.add_node(b1, 6, NodeKind::Float64Binary(Float64Op::Add, half, half), Repr::Float64);
        for (phi, back) in [(i, next), (f, fnext), (t, undef)] {
            if let NodeKind::Phi(ins) = &mut g.node_mut(phi).kind {
                ins.push(back);
            }
        }
        select(&mut g);
        assert_eq!(g.node(i).repr, Repr::Int32);
        assert_eq!(g.node(f).repr, Repr::Float64);
        assert_eq!(g.node(t).repr, Repr::Tagged);
    }

    #[test]
    fn phi_cycles_without_other_inputs_are_tagged_only_if_fed_tagged() {
        let mut g = Graph::default();
        let b0 = g.add_block(0, false);
        let b1 = g.add_block(2, true);
        let c = g.add_node(b0, 0, NodeKind::Int32Constant(3), Repr::Int32);
        let p = g.add_node(b1, 2, NodeKind::Phi(vec![c]), Repr::Tagged);
        let q = g.add_node(b1, 2, NodeKind::Phi(vec![p]), Repr::Tagged);
        if let NodeKind::Phi(ins) = &mut g.node_mut(p).kind {
            ins.push(q);
        }
        if let NodeKind::Phi(ins) = &mut g.node_mut(q).kind {
            ins.push(p);
        }
        select(&mut g);
        assert_eq!(g.node(p).repr, Repr::Int32);
        assert_eq!(g.node(q).repr, Repr::Int32);
    }
}
