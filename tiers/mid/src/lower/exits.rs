//! Deopt exits: the cold code a failed check jumps to, which leaves the frame as `interp` expects it.
//!
//! Invariants:
//! - One exit per frame state, shared by every check of its instruction. A check branches to a cold ramp per
//!   (frame state, reason) that enters the exit with the reason, so the hot path carries no argument.
//! - An exit writes every stale live value into its frame slot (an inlined callee's frames above the caller's:
//!   arguments, `this`, context, parameters and locals), raw for int32, float64 and boolean values, then calls
//!   `deopt::deoptimize_exit` with its descriptor (resume offset, the fixups that box the raw slots and give
//!   constants their slots, the inlined frames) and returns `STUB_DEOPT` with the accumulator.
//! - Exits share their stores, as a tree: an exit whose (slot, value) stores include all of an earlier exit's only
//!   writes the difference and jumps into that exit's stores, which end at the one block that calls the runtime.
//!   Its own accumulator and descriptor travel along as block arguments. Sound because a parent's values are all in
//!   each child's frame state, so they dominate every path into the parent's stores, and a parent writes only slots
//!   that the child writes with the same value. (Exit stores were a third of mid's instructions and of its compile
//!   time; consecutive states mostly differ in a register or two.)

use super::*;
use std::collections::BTreeMap;

/// Earlier exits an exit looks at for the one to share stores with (nearby states are the similar ones; the
/// search is quadratic in this).
const SHARING_WINDOW: usize = 48;

/// What an exit leaves in a frame slot (words from the compiled frame's fp).
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// Stored by the code (raw unless tagged; the descriptor's fixup boxes it).
    Value(NodeId),
    /// Only in the descriptor.
    Constant(u64),
}

/// One exit as planned before its code is emitted.
struct Plan {
    block: Block,
    fs: FrameStateId,
    slots: BTreeMap<i32, Slot>,
    levels: Vec<deopt::InlinedLevel>,
    /// The exit whose stores this one continues into, and the block where this one's stores start if others
    /// continue into them.
    parent: Option<usize>,
    shared: Option<Block>,
}

impl Plan {
    fn stores(&self) -> impl Iterator<Item = (i32, NodeId)> + '_ {
        self.slots.iter().filter_map(|(&slot, s)| match *s {
            Slot::Value(n) => Some((slot, n)),
            Slot::Constant(_) => None,
        })
    }

    fn store_count(&self) -> usize {
        self.stores().count()
    }

    /// Whether every store of `other` is also one of this exit's.
    fn includes_stores_of(&self, other: &Plan) -> bool {
        other.stores().all(|(slot, n)| self.slots.get(&slot) == Some(&Slot::Value(n)))
    }
}

impl Lower<'_, '_> {
    /// The deopt exit of frame state `fs`, shared by every check of its instruction; the reason is its parameter.
    pub(super) fn exit_block(&mut self, fs: FrameStateId) -> Block {
        if let Some(&b) = self.exits.get(&fs.0) {
            return b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        self.b.append_block_param(b, types::I32);
        self.exits.insert(fs.0, b);
        self.exit_list.push((b, fs));
        b
    }

    /// The argument of a branch to a deopt exit.
    fn reason_arg(&mut self, reason: DeoptReason) -> [BlockArg; 1] {
        [BlockArg::Value(self.b.ins().iconst(types::I32, reason as u8 as i64))]
    }

    /// An unconditional jump to the exit of `fs`.
    pub(super) fn deopt_jump(&mut self, fs: FrameStateId, reason: DeoptReason) {
        let exit = self.exit_block(fs);
        let arg = self.reason_arg(reason);
        self.b.ins().jump(exit, &arg);
    }

    pub(super) fn deopt_if(&mut self, cond: ClValue, fs: FrameStateId, reason: DeoptReason) {
        if self.stress_deopt.is_some() {
            // --stress-deopt: every N-th check executed anywhere deoptimises, whatever the values.
            let counter = self.iconst64(crate::STRESS_COUNTER.as_ptr() as u64);
            let c = self.b.ins().load(types::I64, flags(), counter, 0);
            let c = self.b.ins().iadd_imm_s(c, -1);
            self.b.ins().store(flags(), c, counter, 0);
            let due = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, c, 0);
            let exit = self.exit_for(fs, DeoptReason::Stress);
            let cont = self.b.create_block();
            self.b.ins().brif(due, exit, &[], cont, &[]);
            self.b.switch_to_block(cont);
        }
        let exit = self.exit_for(fs, reason);
        let cont = self.b.create_block();
        self.b.ins().brif(cond, exit, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// A cold block that enters the exit of `fs` with `reason`: a check branches there without materialising the
    /// reason on its hot path (a block argument on the branch would be set before it).
    pub(super) fn exit_for(&mut self, fs: FrameStateId, reason: DeoptReason) -> Block {
        if let Some(&b) = self.exit_ramps.get(&(fs.0, reason as u8)) {
            return b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        self.exit_ramps.insert((fs.0, reason as u8), b);
        self.ramp_list.push((b, fs, reason));
        b
    }

    /// An exception raised inside a `try` by a routine, whose frame is complete: resumes `interp` at `pc`, which
    /// unwinds to the handler with `thrown`.
    pub(super) fn deopt_to_handler(&mut self, pc: u32, thrown: ClValue) {
        let desc = self.descriptor(pc, Vec::new(), Vec::new());
        let reason = self.b.ins().iconst(types::I32, DeoptReason::ExceptionInTry as u8 as i64);
        let root = self.exit_root();
        self.b.ins().jump(root, &[BlockArg::Value(reason), BlockArg::Value(thrown), BlockArg::Value(desc)]);
    }

    /// The block every exit ends in, (reason, accumulator, descriptor), filled by `emit_exits`.
    fn exit_root(&mut self) -> Block {
        if let Some(b) = self.exit_root {
            return b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        for ty in [types::I32, types::I64, types::I64] {
            self.b.append_block_param(b, ty);
        }
        self.exit_root = Some(b);
        b
    }

    /// The root's code: the runtime call, then `STUB_DEOPT` with the accumulator.
    fn emit_exit_root(&mut self, root: Block) {
        self.b.switch_to_block(root);
        let [reason, acc, desc] = self.b.block_params(root) else { unreachable!("made with three parameters") };
        let (reason, acc, desc) = (*reason, *acc, *desc);
        // Under --stress-deopt, any deopt restarts the count.
        if let Some(n) = self.stress_deopt {
            let counter = self.iconst64(crate::STRESS_COUNTER.as_ptr() as u64);
            let n = self.iconst64(n as u64);
            self.b.ins().store(flags(), n, counter, 0);
        }
        let f = self.iconst64(deopt::deoptimize_exit as *const () as u64);
        let (cx, fp) = (self.cx, self.fp);
        self.b.ins().call_indirect(self.deopt_sig, f, &[cx, fp, desc, reason, acc]);
        let status = self.iconst64(STUB_DEOPT);
        self.b.ins().return_(&[acc, status]);
    }

    /// A descriptor the code owns, as the constant address the runtime gets.
    fn descriptor(&mut self, pc: u32, fixups: Vec<deopt::SlotFixup>, levels: Vec<deopt::InlinedLevel>) -> ClValue {
        let desc = Box::new(deopt::ExitDescriptor {
            template: self.t as *const FunctionTemplate as usize,
            pc,
            fixups: fixups.into_boxed_slice(),
            levels: levels.into_boxed_slice(),
        });
        let at = &*desc as *const deopt::ExitDescriptor as u64;
        self.exit_tables.exits.push(desc);
        self.iconst64(at)
    }

    /// The slots the exit of `fs` writes, outermost frame first (a slot written twice keeps the last: an inlined
    /// callee's argument is also its caller's stale register), and the inlined frames it rebuilds.
    fn plan(&self, block: Block, fs: FrameStateId) -> Plan {
        let mut chain = vec![self.g.frame_state(fs)];
        while let Some(f) = &chain.last().expect("not empty").inlined {
            chain.push(self.g.frame_state(f.caller));
        }
        chain.reverse();
        let mut plan = Plan { block, fs, slots: BTreeMap::new(), levels: Vec::new(), parent: None, shared: None };
        let mut base = 0;
        for level in chain {
            if let Some(f) = &level.inlined {
                base += f.frame_offset;
                for (i, &a) in f.args.iter().enumerate() {
                    plan.slots.insert(base - 1 - i as i32, self.slot(a));
                }
                plan.slots.insert(base + tetra_vm::frame::THIS as i32, self.slot(f.this));
                if let Some(context) = f.context {
                    plan.slots.insert(base + tetra_vm::frame::CONTEXT as i32, self.slot(context));
                }
                let closure = match f.closure {
                    InlinedClosure::Constant(c) => Some(Value((TAG_OBJECT << TAG_SHIFT) | c as u64)),
                    InlinedClosure::Node(n) => {
                        plan.slots.insert(base + tetra_vm::frame::CLOSURE as i32, self.slot(n));
                        None
                    }
                };
                plan.levels.push(deopt::InlinedLevel {
                    own_context: f.context.is_some(),
                    closure,
                    template: f.template,
                    argc: f.args.len() as u32,
                    call_pc: f.call_pc,
                    offset: base as u32,
                    construct: f.construct,
                });
            }
            for &(reg, n) in &level.registers {
                plan.slots.insert(base + reg as i32, self.slot(n));
            }
        }
        plan
    }

    fn slot(&self, n: NodeId) -> Slot {
        let node = self.g.node(n);
        match (&node.kind, node.repr) {
            (NodeKind::Constant(c), _) => Slot::Constant(c.0),
            (NodeKind::Int32Constant(c), Repr::Int32) => Slot::Constant(Value::int(*c).0),
            (NodeKind::Int32Constant(c), Repr::Bool) => Slot::Constant(Value::bool(*c != 0).0),
            (NodeKind::Float64Constant(d), Repr::Float64) => Slot::Constant(Value::number(*d).0),
            _ => Slot::Value(n),
        }
    }

    /// What the runtime does to each slot of `plan` before the interpreter reads it.
    fn fixups(&self, plan: &Plan) -> Vec<deopt::SlotFixup> {
        use deopt::{FixupKind, SlotFixup};
        let fixup = |(&slot, s): (&i32, &Slot)| match *s {
            Slot::Constant(bits) => Some(SlotFixup { slot, kind: FixupKind::Constant, bits }),
            Slot::Value(n) => {
                let kind = match self.g.node(n).repr {
                    Repr::Tagged => return None,
                    Repr::Int32 => FixupKind::Int32,
                    Repr::Float64 => FixupKind::Float64,
                    Repr::Bool => FixupKind::Bool,
                };
                Some(SlotFixup { slot, kind, bits: 0 })
            }
        };
        plan.slots.iter().filter_map(fixup).collect()
    }

    /// Writes the stores of `plan` that its parent does not make.
    fn emit_stores(&mut self, plan: &Plan, parent: Option<&Plan>) -> Result<(), String> {
        for (slot, n) in plan.stores() {
            if parent.is_some_and(|p| p.slots.get(&slot) == Some(&Slot::Value(n))) {
                continue;
            }
            let v = self.val(n)?;
            let word = match self.g.node(n).repr {
                Repr::Tagged | Repr::Float64 => v,
                Repr::Int32 | Repr::Bool => self.b.ins().uextend(types::I64, v),
            };
            self.b.ins().store(flags(), word, self.fp, slot * 8);
        }
        Ok(())
    }

    /// Emits the ramps and the exits (after every other block: they only add cold code).
    pub(super) fn emit_exits(&mut self) -> Result<(), String> {
        for (ramp, fs, reason) in std::mem::take(&mut self.ramp_list) {
            self.b.switch_to_block(ramp);
            let exit = self.exit_block(fs);
            let arg = self.reason_arg(reason);
            self.b.ins().jump(exit, &arg);
        }
        let mut plans: Vec<Plan> =
            std::mem::take(&mut self.exit_list).into_iter().map(|(block, fs)| self.plan(block, fs)).collect();
        for i in 0..plans.len() {
            let (earlier, rest) = plans.split_at(i);
            let me = &rest[0];
            let best = earlier
                .iter()
                .enumerate()
                .skip(i.saturating_sub(SHARING_WINDOW))
                .filter(|(_, p)| me.includes_stores_of(p))
                .map(|(j, p)| (p.store_count(), j))
                .max();
            if let Some((count, j)) = best
                && count > 0
            {
                plans[i].parent = Some(j);
                if plans[j].shared.is_none() {
                    let b = self.b.create_block();
                    self.b.set_cold_block(b);
                    for ty in [types::I32, types::I64, types::I64] {
                        self.b.append_block_param(b, ty);
                    }
                    plans[j].shared = Some(b);
                }
            }
        }
        let root = if plans.is_empty() { None } else { Some(self.exit_root()) };
        for i in 0..plans.len() {
            let plan = &plans[i];
            let state = self.g.frame_state(plan.fs).clone();
            self.b.switch_to_block(plan.block);
            self.b.set_srcloc(SourceLoc::new(self.g.outer_pc(plan.fs)));
            let reason = self.b.block_params(plan.block)[0];
            let acc = match state.accumulator {
                Some(a) => self.get(a, Repr::Tagged)?,
                None => self.iconst64(Value::UNDEFINED.0),
            };
            let fixups = self.fixups(plan);
            let desc = self.descriptor(state.pc, fixups, plan.levels.clone());
            let args = [BlockArg::Value(reason), BlockArg::Value(acc), BlockArg::Value(desc)];
            if let Some(shared) = plan.shared {
                self.b.ins().jump(shared, &args);
                self.b.switch_to_block(shared);
            }
            let args = match plan.shared {
                Some(shared) => self.b.block_params(shared).iter().map(|&v| BlockArg::Value(v)).collect(),
                None => args.to_vec(),
            };
            let parent = plan.parent.map(|j| &plans[j]);
            self.emit_stores(plan, parent)?;
            let next = match parent {
                Some(p) => p.shared.expect("a parent's stores are shared"),
                None => root.expect("made when there are exits"),
            };
            self.b.ins().jump(next, &args);
        }
        if let Some(root) = self.exit_root {
            self.emit_exit_root(root);
        }
        Ok(())
    }
}
