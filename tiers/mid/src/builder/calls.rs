//! Calls the builder does not inline: Math builtins computed inline, and direct calls of the closure a monomorphic
//! site has always called.
//!
//! Invariants:
//! - Both check the callee against the feedback's target first (`CheckValue`, deopting with `WrongCallTarget` in the
//!   state before the call), so nothing of the call has happened when the check fails.
//! - A direct call's receiver is decided here from the callee's kind as `start_call` would: arrows and strict
//!   functions take it as it is (undefined for `CallUndefinedReceiver`), a sloppy function the global object for
//!   undefined and, at run time, the routine's wrapping for a primitive.

use super::*;

impl<'a> Builder<'a> {
    /// A call of a Math builtin the site has always called, computed inline on a number.
    pub(super) fn try_intrinsic(&mut self, pc: u32, callee: NodeId, args: &[NodeId], slot: u16) -> bool {
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count } = self.t.feedback_mut()[slot as usize] else { return false };
        let Some(op) = (count > 0).then(|| tetra_vm::builtins::math::intrinsic_of(target)).flatten() else {
            return false;
        };
        if args.len() != 1 {
            return false;
        }
        let fs = self.frame_state(pc);
        let expected = self.node(pc, NodeKind::Constant(target), Repr::Tagged);
        self.node(pc, NodeKind::CheckValue { value: callee, expected, fs }, Repr::Tagged);
        let x = self.check_number(pc, args[0], fs);
        let r = self.node(pc, NodeKind::Float64Unary(op, x), Repr::Float64);
        self.set_acc(r);
        true
    }

    /// The call at `pc` of the closure the feedback always saw, made directly (`CallKnown`); `receiver` is None for
    /// `CallUndefinedReceiver`. False (nothing added) when the site is not monomorphic on a callable closure.
    pub(super) fn try_direct_call(
        &mut self,
        pc: u32,
        insn: &Insn,
        callee: NodeId,
        receiver: Option<NodeId>,
        args: Vec<NodeId>,
        slot: u16,
    ) -> bool {
        if self.inlined.is_some() {
            return false;
        }
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count } = self.t.feedback_mut()[slot as usize] else { return false };
        if count == 0 || !target.is_object() {
            return false;
        }
        let o = target.as_object();
        let ObjectKind::Closure(c) = &o.kind else { return false };
        // A class constructor throws when called; without the global object a sloppy callee's receiver is unknown.
        if o.flags & FLAG_CLASS_CONSTRUCTOR != 0 || (receiver.is_none() && self.realm.global == 0) {
            return false;
        }
        let template = c.template;
        let fs = self.frame_state(pc);
        let expected = self.node(pc, NodeKind::Constant(target), Repr::Tagged);
        self.node(pc, NodeKind::CheckValue { value: callee, expected, fs }, Repr::Tagged);
        let constant = |b: &mut Self, v: Value| b.node(pc, NodeKind::Constant(v), Repr::Tagged);
        let (this, check_this) = match receiver {
            _ if template.kind == FunctionKind::Arrow => (constant(self, Value::UNDEFINED), false),
            None if template.is_strict => (constant(self, Value::UNDEFINED), false),
            None => (constant(self, Value(self.realm.global as u64)), false),
            Some(r) => (r, !template.is_strict),
        };
        self.g.holders.push(o.addr());
        let closure = o.addr();
        self.on_frame(pc, insn, |_, spills| NodeKind::CallKnown { pc, closure, this, check_this, args, spills });
        true
    }
}
