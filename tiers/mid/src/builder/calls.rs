//! Calls the builder does not inline: Math builtins computed inline, and direct calls (of the closure a monomorphic
//! site has always called, or of any closure).
//!
//! Invariants:
//! - Speculative calls check the callee against the feedback's target first (`CheckValue`, deopting with
//!   `WrongCallTarget` in the state before the call), so nothing of the call has happened when the check fails.
//! - A known callee's receiver is decided here from its kind as `start_call` would: arrows and strict functions
//!   take it as it is (undefined for `CallUndefinedReceiver`), a sloppy function the global object for undefined
//!   and, at run time, the routine's wrapping for a primitive. An unknown callee's is decided at run time.

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

    /// The call at `pc` made directly (`CallDirect`): of the closure the feedback always saw, checked first; or of
    /// whatever the callee is, when the site saw several. `receiver` is None for `CallUndefinedReceiver`. False
    /// (nothing added) for a site that never ran, inside an inlined callee, or without the realm's global object.
    pub(super) fn try_direct_call(
        &mut self,
        pc: u32,
        insn: &Insn,
        callee: NodeId,
        receiver: Option<NodeId>,
        args: Vec<NodeId>,
        slot: u16,
    ) -> bool {
        if self.inlined.is_some() || self.realm.global == 0 {
            return false;
        }
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count } = self.t.feedback_mut()[slot as usize] else { return false };
        if count == 0 {
            return false;
        }
        let undefined = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let known = Some(target)
            .filter(|t| t.is_object())
            .map(|t| t.as_object())
            .filter(|o| matches!(o.kind, ObjectKind::Closure(_)) && o.flags & FLAG_CLASS_CONSTRUCTOR == 0);
        let Some(o) = known else {
            let this = receiver.unwrap_or(undefined);
            let target = CallTarget::Any(callee);
            let receiver = Receiver::ByCallee;
            self.on_frame(pc, insn, |_, spills| NodeKind::CallDirect { pc, target, this, receiver, args, spills });
            return true;
        };
        let ObjectKind::Closure(c) = &o.kind else { unreachable!("checked above") };
        let template = c.template;
        let fs = self.frame_state(pc);
        let expected = self.node(pc, NodeKind::Constant(target), Repr::Tagged);
        self.node(pc, NodeKind::CheckValue { value: callee, expected, fs }, Repr::Tagged);
        let (this, receiver) = match receiver {
            _ if template.kind == FunctionKind::Arrow => (undefined, Receiver::AsIs),
            None if template.is_strict => (undefined, Receiver::AsIs),
            None => (self.node(pc, NodeKind::Constant(Value(self.realm.global as u64)), Repr::Tagged), Receiver::AsIs),
            Some(r) if template.is_strict => (r, Receiver::AsIs),
            Some(r) => (r, Receiver::CheckObject),
        };
        self.g.holders.push(o.addr());
        let target = CallTarget::Known(o.addr());
        self.on_frame(pc, insn, |_, spills| NodeKind::CallDirect { pc, target, this, receiver, args, spills });
        true
    }
}
