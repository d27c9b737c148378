//! Calls the builder does not inline: Math builtins computed inline, and direct calls (of the closure or builtin a
//! monomorphic site has always called, of a closure the function made, of one of the methods a polymorphic load
//! of the callee finds on prototypes, of a closure of one of the few functions a site has called, or of any
//! closure).
//!
//! Invariants:
//! - Speculative calls check the callee against the feedback's target first (`CheckValue`, deopting with
//!   `WrongCallTarget` in the state before the call), so nothing of the call has happened when the check fails.
//! - A known callee's receiver is decided here from its kind as `start_call` would: arrows and strict functions
//!   take it as it is (undefined for `CallUndefinedReceiver`), a sloppy function the global object for undefined
//!   and, at run time, the routine's wrapping for a primitive. An unknown callee's is decided at run time.

use super::*;

/// Whom a call site's feedback says to call directly.
#[derive(Clone)]
enum DirectTarget {
    Closure(Gc<JsObject>),
    Native(Gc<JsObject>),
    /// Closures of one function template (each call may see another closure: a callback made at each call).
    Template(Gc<FunctionTemplate>),
    /// One of the methods a polymorphic load of the callee finds on prototype holders.
    Among(Vec<Gc<JsObject>>),
    /// Closures of one of 2 to `MAX_CALL_TEMPLATES` function templates that take their receiver alike.
    Templates(Vec<Gc<FunctionTemplate>>),
    Any,
}

impl<'a> Builder<'a> {
    /// The one target a call site has always called, if `wanted` says it is the builtin a caller computes without
    /// a call.
    fn builtin_target<R>(&self, slot: u16, wanted: impl FnOnce(Value) -> Option<R>) -> Option<(Value, R)> {
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count, .. } = self.t.feedback_mut()[slot as usize] else { return None };
        if count == 0 {
            return None;
        }
        wanted(target).map(|r| (target, r))
    }

    /// Checks that `callee` is the builtin `target` (else deopt); returns the state the check deopts with, for
    /// the arguments' checks too.
    fn check_builtin(&mut self, pc: u32, callee: NodeId, target: Value) -> FrameStateId {
        let fs = self.frame_state(pc);
        self.check_value(pc, callee, target, DeoptReason::WrongCallTarget, fs);
        fs
    }

    /// Checks that `value` is `expected` (else deopt with `fs` for `reason`), unless it is that constant (a folded
    /// global).
    pub(super) fn check_value(
        &mut self,
        pc: u32,
        value: NodeId,
        expected: Value,
        reason: DeoptReason,
        fs: FrameStateId,
    ) {
        if matches!(self.g.node(value).kind, NodeKind::Constant(v) if v == expected) {
            return;
        }
        let expected = self.node(pc, NodeKind::Constant(expected), Repr::Tagged);
        self.node(pc, NodeKind::CheckValue { value, expected, reason, fs }, Repr::Tagged);
    }

    /// A call of a Math builtin the site has always called, computed inline on a number.
    pub(super) fn try_intrinsic(&mut self, pc: u32, callee: NodeId, args: &[NodeId], slot: u16) -> bool {
        let Some((target, op)) = self.builtin_target(slot, tetra_vm::builtins::math::intrinsic_of) else {
            return false;
        };
        if args.len() != 1 {
            return false;
        }
        let fs = self.check_builtin(pc, callee, target);
        let x = self.check_number(pc, args[0], fs);
        let r = self.node(pc, NodeKind::Float64Unary(op, x), Repr::Float64);
        self.set_acc(r);
        true
    }

    /// `receiver.substring(start[, end])` of the builtin the site always saw, with int32 bounds: `StringSubstring`
    /// (no call). False when nothing was added.
    pub(super) fn try_substring(
        &mut self,
        pc: u32,
        callee: NodeId,
        receiver: NodeId,
        args: &[NodeId],
        slot: u16,
    ) -> bool {
        let substring = |t| tetra_vm::builtins::string::is_substring(t).then_some(());
        let Some((target, ())) = self.builtin_target(slot, substring) else { return false };
        if args.is_empty() || args.len() > 2 {
            return false;
        }
        let fs = self.check_builtin(pc, callee, target);
        let start = self.check_int32(pc, args[0], fs);
        let end = args.get(1).map(|&e| self.check_int32(pc, e, fs));
        let n = self.node(pc, NodeKind::StringSubstring { string: receiver, start, end, fs }, Repr::Tagged);
        self.set_acc(n);
        true
    }

    /// A closure the function made (`CreateClosure`, inline in an inlined callee or by the routine): its function
    /// template, and the home object of the arrows it makes where that is known at compile time.
    pub(super) fn made_closure(&self, n: NodeId) -> Option<(Gc<FunctionTemplate>, Option<Value>)> {
        let (template, home) = match self.g.node(n).kind {
            NodeKind::CreateClosure { template, home, .. } => (template, Some(Value(home))),
            NodeKind::Generic { .. } => (*self.g.made_closures.get(&n)?, None),
            _ => return None,
        };
        // SAFETY: a function template of the compiled function's (or an inlined callee's) `functions`, alive while
        // the code is (`Graph::holders`).
        Some((unsafe { Gc::from_raw(template as *mut FunctionTemplate) }, home))
    }

    /// What to call directly: a closure the function made (of a known function), or what the call site's feedback
    /// says, the closure or builtin it always saw, or whatever the callee is when it saw several. Nothing (the
    /// instruction's routine) when the site never ran, when it always saw some other callable, inside an inlined
    /// callee whose outermost call a `try` covers, or without the realm's global object.
    fn direct_target(&self, callee: NodeId, slot: u16) -> Option<DirectTarget> {
        if self.inlined.as_ref().is_some_and(|i| i.outer_in_try) || self.vm.global == 0 {
            return None;
        }
        if let Some((t, _)) = self.made_closure(callee) {
            // A function compiled lazily has no frame size before its first call, which the routine makes.
            return (!t.is_generator && !t.is_async && !t.is_deferred()).then_some(DirectTarget::Template(t));
        }
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count, templates } = self.t.feedback_mut()[slot as usize] else { return None };
        if count == 0 {
            return None;
        }
        if target.is_hole() {
            let list: Vec<Gc<FunctionTemplate>> = templates.iter().flatten().copied().collect();
            return Some(match list[..] {
                [t] if !t.is_generator && !t.is_async => DirectTarget::Template(t),
                [first, _, ..]
                    if list.iter().all(|t| Self::dispatchable(t) && receiver_class(t) == receiver_class(&first)) =>
                {
                    DirectTarget::Templates(list)
                }
                _ => DirectTarget::Any,
            });
        }
        let o = target.try_object()?;
        match o.kind {
            ObjectKind::Closure(_) => Some(DirectTarget::Closure(o)),
            ObjectKind::Native(_) => Some(DirectTarget::Native(o)),
            _ => None,
        }
    }

    /// Adds the `CallDirect` node; a known target is checked first.
    #[allow(clippy::too_many_arguments)]
    fn direct(
        &mut self,
        pc: u32,
        insn: &Insn,
        callee: NodeId,
        target: DirectTarget,
        construct: bool,
        this: NodeId,
        receiver: Receiver,
        args: Vec<NodeId>,
        inline_this: Option<Box<InlineThis>>,
    ) {
        let target = match target {
            DirectTarget::Closure(o) | DirectTarget::Native(o) => {
                let fs = self.frame_state(pc);
                self.check_value(pc, callee, Value::object(o), DeoptReason::WrongCallTarget, fs);
                self.g.holders.push(o.addr());
                if matches!(target, DirectTarget::Native(_)) {
                    CallTarget::Native(o.addr())
                } else {
                    CallTarget::Known(o.addr())
                }
            }
            DirectTarget::Template(t) if !construct => {
                // Marking is by address: the code keeps the template alive as it keeps objects.
                self.g.holders.push(t.addr());
                CallTarget::Template(callee, t.addr())
            }
            DirectTarget::Among(list) => {
                let mut closures = [0; MAX_AMONG];
                for (i, o) in list.iter().enumerate() {
                    self.g.holders.push(o.addr());
                    closures[i] = o.addr();
                }
                CallTarget::Among { callee, closures, count: list.len() as u8 }
            }
            DirectTarget::Templates(list) if !construct => {
                let mut templates = [0; MAX_AMONG];
                for (i, t) in list.iter().enumerate() {
                    self.g.holders.push(t.addr());
                    templates[i] = t.addr();
                }
                CallTarget::AmongTemplates { callee, templates, count: list.len() as u8 }
            }
            DirectTarget::Template(_) | DirectTarget::Templates(_) | DirectTarget::Any => CallTarget::Any(callee),
        };
        let call = move |pc, spills, spill_first, frameless| {
            let inline_this = inline_this.map(|i| *i);
            let call =
                DirectCall { pc, target, construct, inline_this, this, receiver, args, spills, spill_first, frameless };
            NodeKind::CallDirect(Box::new(call))
        };
        if let Some(outer_pc) = self.inlined.as_ref().map(|i| i.outer_pc) {
            // No frame: the slow path deopts (with the state before the call), the callee links to the outermost
            // call, and live values stay in SSA values across the call as everywhere.
            let fs = self.frame_state(pc);
            let return_pc = self.stack_trace_return(fs, pc + insn.op().size() as u32);
            let n = self.node(pc, call(outer_pc, Vec::new(), false, Some(Frameless { fs, return_pc })), Repr::Tagged);
            self.set_acc(n);
            self.check_invalidated(pc, insn);
            return;
        }
        let in_try = self.in_try(pc);
        let make = move |_, spills| call(pc, spills, in_try, None);
        if in_try {
            // An exception resumes the interpreter at its handler: the frame must be complete.
            self.on_frame(pc, insn, make);
            return;
        }
        // Only the call's routine (its slow path) reads the frame: the spills go there, and registers stay in SSA
        // values across the call (a deopt after it writes them back; the GC finds them on the native stack).
        let spills = self.operand_spills(insn);
        let undefined = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let n = self.node(pc, make(undefined, spills), Repr::Tagged);
        self.set_acc(n);
        self.check_invalidated(pc, insn);
    }

    /// For a call in this inlined callee that ends at `after` (its state `fs`): the return offset naming the
    /// functions inlined there, for stack traces (`stack_trace::register_inlined_return`).
    fn stack_trace_return(&self, fs: FrameStateId, after: u32) -> i32 {
        let mut state = self.g.frame_state(fs);
        let mut levels = Vec::new();
        let mut at = after as i32;
        while let Some(i) = &state.inlined {
            levels.push((i.template, at));
            state = self.g.frame_state(i.caller);
            at = state.pc as i32;
        }
        tetra_vm::stack_trace::register_inlined_return(tetra_vm::stack_trace::InlinedReturn { levels, outer_after: at })
    }

    /// The call at `pc` made directly (`direct_target`); `receiver` is None for `CallUndefinedReceiver`. False
    /// when nothing was added.
    pub(super) fn try_direct_call(
        &mut self,
        pc: u32,
        insn: &Insn,
        callee: NodeId,
        receiver: Option<NodeId>,
        args: Vec<NodeId>,
        slot: u16,
    ) -> bool {
        let Some(target) = self.direct_target(callee, slot) else { return false };
        let target = match target {
            DirectTarget::Any if self.hot_site(slot) => {
                self.methods_among(callee).map_or(DirectTarget::Any, DirectTarget::Among)
            }
            DirectTarget::Templates(_) if !self.hot_site(slot) => DirectTarget::Any,
            // The methods themselves when the load finds them on prototypes: a compare with each, no template read.
            DirectTarget::Templates(list) => {
                self.methods_among(callee).map_or(DirectTarget::Templates(list), DirectTarget::Among)
            }
            t => t,
        };
        let undefined = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let (this, receiver) = match target {
            DirectTarget::Any => (receiver.unwrap_or(undefined), Receiver::ByCallee),
            DirectTarget::Among(ref list) => {
                let ObjectKind::Closure(c) = &list[0].kind else { unreachable!("methods_among takes closures") };
                self.receiver_of(pc, &c.template, receiver, undefined)
            }
            // Builtins take the receiver as it is.
            DirectTarget::Native(_) => (receiver.unwrap_or(undefined), Receiver::AsIs),
            DirectTarget::Closure(o) => {
                let ObjectKind::Closure(c) = &o.kind else { unreachable!("direct_target checked") };
                if o.flags & FLAG_CLASS_CONSTRUCTOR != 0 {
                    // The call throws: the routine's business.
                    return false;
                }
                self.receiver_of(pc, &c.template, receiver, undefined)
            }
            DirectTarget::Template(t) => {
                if t.kind == FunctionKind::ClassConstructor || t.kind == FunctionKind::DerivedConstructor {
                    return false;
                }
                self.receiver_of(pc, &t, receiver, undefined)
            }
            // `direct_target` took templates whose receiver class is the same.
            DirectTarget::Templates(ref list) => self.receiver_of(pc, &list[0], receiver, undefined),
        };
        self.direct(pc, insn, callee, target, false, this, receiver, args, None);
        true
    }

    /// Whether the call site ran at least once for every four calls of the function (or loop iterations that
    /// compiled it): a polymorphic dispatch costs a frame push per closure in compile time, which pays only
    /// where the calls are.
    fn hot_site(&self, slot: u16) -> bool {
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { count, .. } = self.t.feedback_mut()[slot as usize] else { return false };
        count as u64 * 4 >= self.t.invocations.get() as u64
    }

    /// The closures a callee loaded by a polymorphic named load can be, when every case finds it on a prototype
    /// holder (a class's method: `shape.draw()` over several classes): 2 to `MAX_AMONG` different closures that
    /// take their receiver alike (all strict, none an arrow or a class constructor). The values are read now; the
    /// call compares the callee with each at run time, so a method replaced since is only a slower call.
    fn methods_among(&self, callee: NodeId) -> Option<Vec<Gc<JsObject>>> {
        let NodeKind::LoadNamed { cases, .. } = &self.g.node(callee).kind else { return None };
        let mut list: Vec<Gc<JsObject>> = Vec::new();
        for case in cases {
            let FieldSource::Proto { holder, at, .. } = case.source else { return None };
            // SAFETY: the code keeps the holder alive (`Graph::holders`), and the builder runs while the VM waits.
            let holder: &JsObject = unsafe { &*(holder as *const JsObject) };
            let slot = match at {
                SlotAt::InObject { offset } => (offset as usize - std::mem::size_of::<JsObject>()) / 8,
                SlotAt::OutOfLine { index, .. } => holder.in_object_capacity() as usize + index as usize,
            };
            let o = holder.get_slot(slot as u32).try_object()?;
            let ObjectKind::Closure(c) = &o.kind else { return None };
            let t = c.template;
            if !t.is_strict || t.kind != FunctionKind::Method && t.kind != FunctionKind::Normal {
                return None;
            }
            // A method never called may have no bytecode yet (lazy compilation): its frame size is not known.
            if o.flags & FLAG_CLASS_CONSTRUCTOR != 0 || !Self::dispatchable(&t) {
                return None;
            }
            if !list.iter().any(|l| l.addr() == o.addr()) {
                list.push(o);
            }
        }
        (2..=MAX_AMONG).contains(&list.len()).then_some(list)
    }

    /// Whether a call of a closure of `t` can push its frame directly: not a class constructor (the call throws),
    /// generator or async function (their own start), nor without bytecode yet (lazy compilation: no frame size).
    fn dispatchable(t: &FunctionTemplate) -> bool {
        !matches!(t.kind, FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor)
            && !t.is_generator
            && !t.is_async
            && !t.is_deferred()
    }

    /// The receiver a call of a closure of `template` passes (`start_call`'s rules, decided at compile time).
    fn receiver_of(
        &mut self,
        pc: u32,
        template: &FunctionTemplate,
        receiver: Option<NodeId>,
        undefined: NodeId,
    ) -> (NodeId, Receiver) {
        match receiver {
            _ if template.kind == FunctionKind::Arrow => (undefined, Receiver::AsIs),
            None if template.is_strict => (undefined, Receiver::AsIs),
            None => {
                let global = self.node(pc, NodeKind::Constant(Value(self.vm.global as u64)), Repr::Tagged);
                (global, Receiver::AsIs)
            }
            Some(r) if template.is_strict => (r, Receiver::AsIs),
            Some(r) => (r, Receiver::CheckObject),
        }
    }

    /// `new Array()` or `new Array(n)` of the realm's Array constructor, the one the site always saw: `NewArray`
    /// (no call), the length speculated to be an int32 (lengths are, nearly always; a deopt otherwise). False when
    /// nothing was added.
    pub(super) fn try_new_array(&mut self, pc: u32, callee: NodeId, args: &[NodeId], slot: u16) -> bool {
        let array = self.vm.array_constructor;
        let array_constructor = |t: Value| (array != 0 && t.0 == array).then_some(());
        let Some((target, ())) = self.builtin_target(slot, array_constructor) else { return false };
        if args.len() > 1 {
            return false;
        }
        let fs = self.check_builtin(pc, callee, target);
        let len = match args.first() {
            Some(&n) => self.check_int32(pc, n, fs),
            None => self.node(pc, NodeKind::Int32Constant(0), Repr::Int32),
        };
        let array = self.node(pc, NodeKind::NewArray { len, fs }, Repr::Tagged);
        self.set_acc(array);
        true
    }

    /// `new callee(args...)` at `pc` made directly (`direct_target`). False when nothing was added.
    pub(super) fn try_direct_construct(
        &mut self,
        pc: u32,
        insn: &Insn,
        callee: NodeId,
        args: Vec<NodeId>,
        slot: u16,
    ) -> bool {
        let Some(target) = self.direct_target(callee, slot) else { return false };
        if let DirectTarget::Closure(o) | DirectTarget::Native(o) = target
            && !o.is_constructor()
        {
            // The construct throws: the routine's business.
            return false;
        }
        let this = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let inline_this = match target {
            DirectTarget::Closure(o) => self.inline_this(o),
            _ => None,
        };
        self.direct(pc, insn, callee, target, true, this, Receiver::AsIs, args, inline_this);
        true
    }

    /// How a construct of the base constructor `f` can make `this` inline, if it can: `f` made an instance before
    /// (its initial object), keeps `prototype` as an own data property, and its shape fits in a small cell.
    pub(super) fn inline_this(&mut self, f: Gc<JsObject>) -> Option<Box<InlineThis>> {
        let ObjectKind::Closure(c) = &f.kind else { return None };
        let t = c.template;
        if t.kind == FunctionKind::DerivedConstructor || self.vm.heap == 0 || f.is_dictionary() {
            return None;
        }
        let initial = t.initial_object.get()?;
        let (shape, slot) = t.prototype_slot.get()?;
        if shape != f.shape {
            return None;
        }
        let prototype = f.get_slot(slot);
        let expected = t.expected_properties.get();
        if !prototype.is_object()
            || initial.shape.proto().0 != prototype.0
            || initial.shape.inline_capacity() != expected.max(4) as u32
        {
            return None;
        }
        let bytes = tetra_vm::Vm::object_cell_bytes(initial.in_object_capacity());
        let alloc = tetra_gc::Heap::inline_allocation(self.vm.heap as *const tetra_gc::Heap, bytes)?;
        self.g.holders.push(initial.addr());
        self.g.shapes.push(f.shape.addr());
        Some(Box::new(InlineThis {
            closure: f.addr(),
            initial: initial.addr(),
            bytes,
            alloc,
            closure_shape: f.shape.addr(),
            prototype_at: slot_at(slot, f.shape.inline_capacity()),
            prototype: prototype.0,
            expected_properties: t.expected_properties.as_ptr() as usize,
            expected,
        }))
    }
}

/// Which of `receiver_of`'s rules a template's closures take their receiver by: an arrow ignores it, a strict
/// function takes it as it is, a sloppy one the global object for undefined and an object for a primitive.
fn receiver_class(t: &FunctionTemplate) -> u8 {
    match (t.kind == FunctionKind::Arrow, t.is_strict) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    }
}

const _: () = assert!(tetra_vm::feedback::MAX_CALL_TEMPLATES <= MAX_AMONG);
