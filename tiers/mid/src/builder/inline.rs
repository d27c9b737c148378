//! Inlining of small monomorphic callees (Maglev's inliner): the callee's bytecode is built into the caller's graph
//! by a second `Builder` over the same graph, with its parameters bound to the call's arguments. A callee's own
//! calls are inlined the same way, up to `MAX_INLINE_DEPTH` levels.
//!
//! Invariants:
//! - Only callees that need no frame of their own are inlined: every instruction must lower speculatively (a generic
//!   instruction or a read of the closure, context or new.target register aborts the attempt, and the graph is
//!   rolled back to where it was before the call); `this` is the call's receiver. A call the callee makes that is
//!   not inlined in turn is a direct call without the callee's frame (`Frameless`): its callee's frame links to the
//!   outermost function's, with a return offset that names the inlined functions for stack traces, and what would
//!   need the call's routine deopts (`CallNeedsFrame`, after which the callee is not inlined again). Not when a
//!   `try` covers the outermost call: an exception must then reach that handler through `interp`. Loops are built as in the caller (their entry checks deoptimise with the callee's frame state).
//! - A deopt inside callees rebuilds one frame per level: the caller's (its stale live registers) and, above it,
//!   each callee's, at the fixed offset where the interpreter would have pushed it (from its caller's frame), with
//!   every parameter and local written; the interpreter then finishes the innermost callee and returns through the
//!   others into the caller after the call.
//! - The call site checks the callee is the closure the feedback saw (else deopt before the call).
//! - Context slots of the callee are read from its closure's context, a constant kept alive by the code, or from the
//!   context it makes as its first instruction (`CreateFunctionContext`, made inline like the closures over it);
//!   its frame states then carry that context, which a deopt writes into the callee frame's context register.

use super::*;

/// Callees up to this many bytes of bytecode are inlined, up to `MAX_INLINED_BYTES` in all per function (V8's
/// Maglev: 460 and 920 bytes of its denser bytecode; ours spends 3-5 bytes where Ignition spends 2). From 250/1000
/// to 400/1500, AWFY DeltaBlue and Richards ran 4-5% faster (one run); compile time is the limit.
pub const MAX_INLINE_BYTECODE: usize = 400;
pub const MAX_INLINED_BYTES: usize = 1500;
/// Callees inlined into inlined callees, at most this deep (a frame state chain per level).
pub(super) const MAX_INLINE_DEPTH: u32 = 3;

/// A callee to inline: its closure (the one the call feedback saw, checked at the call, or one the function made)
/// and its function.
type Candidate = (InlinedClosure, Gc<FunctionTemplate>);

/// The state of a builder that builds an inlined callee.
pub(super) struct Inlined {
    /// The caller's frame state at the call, which every callee frame state points to.
    pub caller: FrameStateId,
    pub call_pc: u32,
    pub closure: InlinedClosure,
    /// The closure's context: a constant (undefined for a function that has none above it) or a value of the graph.
    pub context: ContextBase,
    /// The home object of the arrows the callee makes (its closure's), None where that is not known at compile time.
    pub home: Option<Value>,
    pub this: NodeId,
    pub args: Vec<NodeId>,
    pub frame_offset: i32,
    /// Where the callee's returns go, and each return's value and facts (in the continuation's pred order).
    pub continuation: BlockId,
    pub returns: Vec<NodeId>,
    pub return_facts: Vec<Facts>,
    /// Why the attempt failed, if it did.
    pub abort: Option<String>,
    /// 1 for a callee of the compiled function, 2 for its callees, ...
    pub depth: u32,
    /// Inlined by a construct: `this` was allocated before, and a return gives the construct's result.
    pub construct: bool,
    /// The outermost function's call that the inlining started from, and whether a `try` covers it there (then
    /// the callee's own calls are not made frameless: an exception must reach that handler through `interp`).
    pub outer_pc: u32,
    pub outer_in_try: bool,
    /// The templates of the outermost function and of every level inlined down to this one (recursion check).
    pub ancestors: Vec<usize>,
    /// The context the callee made with `CreateFunctionContext` (its first instruction), if it did.
    pub own_context: Option<NodeId>,
}

impl<'a> Builder<'a> {
    /// The context a context-slot access starts from: the frame's; in an inlined callee the context it made, or
    /// its closure's (a constant).
    pub(super) fn context_base(&self) -> ContextBase {
        match &self.inlined {
            None => ContextBase::Frame,
            Some(i) => i.own_context.map_or(i.context, ContextBase::Node),
        }
    }

    /// `CreateFunctionContext` in an inlined callee: the context is made inline (a runtime allocation) when it is
    /// the callee's first instruction, which every access after it then starts from.
    pub(super) fn inlined_function_context(&mut self, pc: u32, slots: u16) {
        if pc != 0 {
            self.abort_inline("CreateFunctionContext after the function's start".into());
            return;
        }
        let parent = self.context_base();
        let n = self.node(pc, NodeKind::CreateFunctionContext { parent, slots }, Repr::Tagged);
        self.inlined.as_mut().expect("an inlined builder").own_context = Some(n);
    }

    /// `CreateClosure` in an inlined callee: made inline over the callee's context; an arrow's home object is its
    /// creator's, a constant here.
    pub(super) fn inlined_closure(&mut self, pc: u32, idx: u16) -> NodeId {
        let template = self.t.functions[idx as usize];
        let i = self.inlined.as_ref().expect("an inlined builder");
        let home = match (i.home, template.kind) {
            (Some(home), FunctionKind::Arrow) => home,
            (None, FunctionKind::Arrow) => {
                self.abort_inline("an arrow made by a closure whose home object is not known".into());
                Value::UNDEFINED
            }
            _ => Value::UNDEFINED,
        };
        self.g.holders.push(template.addr());
        let context = self.context_base();
        self.node(pc, NodeKind::CreateClosure { template: template.addr(), context, home: home.0 }, Repr::Tagged)
    }

    /// The templates of the functions being built here: the outermost and each inlined level down to this one.
    fn ancestors(&self) -> Vec<usize> {
        let mut chain = self.inlined.as_ref().map_or_else(Vec::new, |i| i.ancestors.clone());
        chain.push(self.t as *const FunctionTemplate as usize);
        chain
    }

    /// Gives up inlining the callee being built (the caller then calls it generically).
    pub(super) fn abort_inline(&mut self, why: String) {
        if let Some(i) = self.inlined.as_mut()
            && i.abort.is_none()
        {
            i.abort = Some(why);
        }
    }

    /// The frame state of an instruction of an inlined callee: all its registers (it has no frame yet), and the
    /// accumulator if live.
    pub(super) fn inlined_frame_state(&mut self, pc: u32) -> FrameStateId {
        let accumulator = if self.a.live_in(pc).accumulator { self.env.acc } else { None };
        self.inlined_frame_state_with(pc, accumulator)
    }

    fn inlined_frame_state_with(&mut self, pc: u32, accumulator: Option<NodeId>) -> FrameStateId {
        let live = self.a.live_in(pc).clone();
        let mut registers = Vec::new();
        let undefined = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let params = (0..self.t.param_count).map(Reg::param);
        let locals = (0..self.t.register_count).map(Reg::local);
        for r in params.chain(locals) {
            let idx = self.reg_index(r);
            let v = match self.env.regs[idx] {
                Some(v) if live.registers.contains(idx) || r.is_param() => v.node,
                _ => undefined,
            };
            registers.push((r.0, v));
        }
        let i = self.inlined.as_ref().expect("an inlined builder");
        let inlined = InlinedFrame {
            context: i.own_context,
            construct: i.construct,
            caller: i.caller,
            call_pc: i.call_pc,
            closure: i.closure,
            template: self.t as *const FunctionTemplate as usize,
            this: i.this,
            args: i.args.clone(),
            frame_offset: i.frame_offset,
        };
        self.g.add_frame_state(FrameState { pc, registers, accumulator, inlined: Some(inlined) })
    }

    /// `Return` in an inlined callee: to the caller's continuation with the value (a construct's: the value if it is
    /// an object, else `this`).
    pub(super) fn inlined_return(&mut self, value: NodeId) {
        let i = self.inlined.as_ref().expect("an inlined builder");
        let (k, construct, this) = (i.continuation, i.construct, i.this);
        let value = if construct {
            let pc = self.g.node(value).pc;
            self.node(pc, NodeKind::ConstructResult { value, this }, Repr::Tagged)
        } else {
            value
        };
        self.g.block_mut(k).preds.push(self.cur);
        let facts = self.facts.clone();
        let i = self.inlined.as_mut().expect("an inlined builder");
        i.returns.push(value);
        i.return_facts.push(facts);
        self.terminate(Terminator::Jump(k));
    }

    /// The closure a monomorphic call (or construct) site has always called, if it is one `mid` would inline:
    /// `Err` with why not when the site did call one closure (for `--trace-inlining`), `Ok(None)` when it did not.
    fn inline_candidate(&self, slot: u16, construct: bool) -> Result<Option<Candidate>, String> {
        // SAFETY: as in `speculation`.
        let FeedbackSlot::Call { target, count, .. } = self.t.feedback_mut()[slot as usize] else { return Ok(None) };
        if count == 0 || !target.is_object() {
            return Ok(None);
        }
        let o = target.as_object();
        let ObjectKind::Closure(c) = &o.kind else { return Ok(None) };
        if construct && !o.is_constructor() {
            return Err("a derived class constructor, or not a constructor".into());
        }
        if !construct && o.flags & FLAG_CLASS_CONSTRUCTOR != 0 {
            return Err("a class constructor".into());
        }
        self.refusal(c.template, construct).map_or(Ok(Some((InlinedClosure::Constant(o.addr()), c.template))), Err)
    }

    /// A closure the function made itself that the call at hand calls (`callee`), if `mid` would inline it:
    /// `Err` with why not, `Ok(None)` when the callee is not such a closure. A function that never ran has no
    /// feedback to build from.
    fn made_candidate(&self, callee: NodeId, construct: bool) -> Result<Option<Candidate>, String> {
        let Some((t, _)) = self.made_closure(callee) else { return Ok(None) };
        if construct {
            return Ok(None);
        }
        if t.invocations.get() == 0 {
            return Err("a closure of a function that never ran".into());
        }
        self.refusal(t, construct).map_or(Ok(Some((InlinedClosure::Node(callee), t))), Err)
    }

    /// Why a callee of function `t` is not inlined, if it is not.
    fn refusal(&self, t: Gc<FunctionTemplate>, construct: bool) -> Option<String> {
        let refuse = |why: &str| Some(why.to_string());
        if t.is_generator || t.is_async {
            return refuse("a generator or async function");
        }
        if !t.eval_scopes.is_empty() {
            return refuse("a function with a direct eval");
        }
        if construct && t.kind == FunctionKind::DerivedConstructor {
            return refuse("a derived class constructor, or not a constructor");
        }
        if !construct && t.kind == FunctionKind::ClassConstructor {
            return refuse("a class constructor");
        }
        if !t.handlers.is_empty() {
            return refuse("it has exception handlers");
        }
        if t.calls_need_frame.get() {
            return refuse("a call of it needed its frame before (CallNeedsFrame)");
        }
        if self.ancestors().contains(&t.addr()) {
            // As V8's inliners: recursion would unroll the function into itself until the budget is spent, leaving
            // its own small callees out.
            return refuse("a recursive call");
        }
        let budget = self.vm.inlining;
        if t.bytecode.len() > budget.callee {
            return Some(format!("{} bytecode bytes (at most {})", t.bytecode.len(), budget.callee));
        }
        if self.g.inlined_bytes + t.bytecode.len() > budget.cumulative {
            return Some(format!("the function's inlining budget ({} bytes) is spent", budget.cumulative));
        }
        None
    }

    /// `--trace-inlining`: one line per call site that could be inlined.
    fn trace_inlining(&self, pc: u32, callee: &FunctionTemplate, depth: u32, outcome: &str) {
        tracing::info!(
            target: "tetra::inline",
            caller = %tetra_vm::tiering::describe_function(self.t),
            callee = %tetra_vm::tiering::describe_function(callee),
            pc,
            depth,
            outcome,
            "inlining"
        );
    }

    /// Tries to inline the call at `pc` (`callee(this, args...)`, or `new callee(args...)` when `this` is None: the
    /// constructor's `this` is then allocated inline, `AllocateThis`); on success the builder continues after the
    /// call with the callee's result in the accumulator. On failure nothing was added to the graph.
    pub(super) fn try_inline(
        &mut self,
        pc: u32,
        callee: NodeId,
        this: Option<NodeId>,
        args: Vec<NodeId>,
        slot: u16,
    ) -> Result<bool, String> {
        let construct = this.is_none();
        let depth = self.inlined.as_ref().map_or(1, |i| i.depth + 1);
        if depth > MAX_INLINE_DEPTH || !self.open {
            return Ok(false);
        }
        let candidate = match self.made_candidate(callee, construct) {
            Ok(None) => self.inline_candidate(slot, construct),
            made => made,
        };
        let (closure, template) = match candidate {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(false),
            Err(why) => {
                if tracing::enabled!(target: "tetra::inline", tracing::Level::INFO) {
                    if let Some((t, _)) = self.made_closure(callee) {
                        self.trace_inlining(pc, &t, depth, &format!("not inlined: {why}"));
                    // SAFETY: as in `inline_candidate`.
                    } else if let FeedbackSlot::Call { target, .. } = self.t.feedback_mut()[slot as usize]
                        && let ObjectKind::Closure(c) = &target.as_object().kind
                    {
                        self.trace_inlining(pc, &c.template, depth, &format!("not inlined: {why}"));
                    }
                }
                return Ok(false);
            }
        };
        // Snapshot for a rollback.
        let (nodes, blocks, states) = (self.g.nodes.len(), self.g.blocks.len(), self.g.frame_states.len());
        let (shapes, holders, inlined_bytes) = (self.g.shapes.len(), self.g.holders.len(), self.g.inlined_bytes);
        let (cur, cur_nodes, checkpoint) = (self.cur, self.g.block(self.cur).nodes.len(), self.checkpoint);

        // The call's state for the caller: after the call, with the result pending (the accumulator is the result).
        let next = pc + Insn::decode(&self.t.bytecode, pc as usize).op().size() as u32;
        let caller_fs = if self.inlined.is_some() {
            self.inlined_frame_state_with(next, None)
        } else {
            let registers = self.stale_registers(next);
            self.g.add_frame_state(FrameState { pc: next, registers, accumulator: None, inlined: None })
        };
        // The target check, with the state before the call (a closure the function made is its own check).
        let fs = self.frame_state(pc);
        let (context, home) = match closure {
            InlinedClosure::Constant(o) => {
                // SAFETY: the feedback's closure, alive while the feedback holds it (and the code, from here on).
                let o = unsafe { Gc::from_raw(o as *mut JsObject) };
                self.check_value(pc, callee, Value::object(o), DeoptReason::WrongCallTarget, fs);
                let ObjectKind::Closure(c) = &o.kind else { unreachable!("checked by inline_candidate") };
                (ContextBase::Constant(c.context.0 as usize), Some(c.home_object))
            }
            InlinedClosure::Node(f) => {
                let (_, home) = self.made_closure(f).expect("checked by made_candidate");
                let context = match self.g.node(f).kind {
                    NodeKind::CreateClosure {
                        context: base @ (ContextBase::Constant(_) | ContextBase::Node(_)),
                        ..
                    } => base,
                    _ => ContextBase::Node(self.node(pc, NodeKind::ClosureContext(f), Repr::Tagged)),
                };
                (context, home)
            }
        };
        let this = match (this, closure) {
            (Some(this), _) => Some(this),
            (None, InlinedClosure::Constant(o)) => {
                // SAFETY: as above.
                let o = unsafe { Gc::from_raw(o as *mut JsObject) };
                self.inline_this(o).map(|inline| self.node(pc, NodeKind::AllocateThis { inline, fs }, Repr::Tagged))
            }
            (None, InlinedClosure::Node(_)) => unreachable!("made closures are not inlined as constructors"),
        };

        let argc = args.len() as i32;
        let frame_offset = HEADER_SIZE as i32 + self.t.register_count as i32 + argc.max(template.param_count as i32);
        let continuation = self.g.add_block(next, false);
        let inlined = Inlined {
            caller: caller_fs,
            call_pc: pc,
            closure,
            context,
            home,
            this: this.unwrap_or(callee),
            args: args.clone(),
            frame_offset,
            continuation,
            returns: Vec::new(),
            return_facts: Vec::new(),
            abort: this.is_none().then(|| "the constructor has no initial object to copy".to_string()),
            depth,
            construct,
            outer_pc: self.inlined.as_ref().map_or(pc, |i| i.outer_pc),
            outer_in_try: self.inlined.as_ref().map_or_else(|| self.in_try(pc), |i| i.outer_in_try),
            ancestors: self.ancestors(),
            own_context: None,
        };
        let g = std::mem::take(&mut self.g);
        let mut inner = Builder::new(&template, g, self.vm, cur, Some(Box::new(inlined)));
        inner.facts = self.facts.for_callee();
        inner.enter(pc, &args, false);
        let result = inner.build_blocks();
        let info = inner.inlined.take().expect("set above");
        self.g = inner.g;
        let failed = match (&result, &info.abort) {
            (Err(e), _) => Some(e.clone()),
            (_, Some(why)) => Some(why.clone()),
            _ if info.returns.is_empty() => Some("the callee never returns".into()),
            _ => None,
        };
        if let Some(why) = &failed {
            self.trace_inlining(
                pc,
                &template,
                depth,
                &format!("not inlined: {}", why.trim_start_matches("not inlined: ")),
            );
            self.g.nodes.truncate(nodes);
            self.g.blocks.truncate(blocks);
            self.g.frame_states.truncate(states);
            self.g.shapes.truncate(shapes);
            self.g.holders.truncate(holders);
            self.g.inlined_bytes = inlined_bytes;
            self.checkpoint = checkpoint;
            self.g.block_mut(cur).nodes.truncate(cur_nodes);
            self.g.block_mut(cur).terminator = Terminator::None;
            self.cur = cur;
            self.open = true;
            return Ok(false);
        }
        match closure {
            InlinedClosure::Constant(o) => self.g.holders.push(o),
            // The code keeps the function alive (deopts and stack traces name it) as it keeps shapes.
            InlinedClosure::Node(_) => self.g.holders.push(template.addr()),
        }
        self.g.inlined_bytes += template.bytecode.len();
        self.trace_inlining(pc, &template, depth, &format!("inlined ({} bytecode bytes)", template.bytecode.len()));
        // Continue after the call in the continuation, the result in the accumulator; the callee may have had
        // effects, so deopts after the call resume after it.
        self.cur = continuation;
        self.open = true;
        self.checkpoint = None;
        self.facts = Facts::after_callee(info.return_facts);
        let result = if info.returns.len() == 1 {
            info.returns[0]
        } else {
            self.node(next, NodeKind::Phi(info.returns.clone()), Repr::Tagged)
        };
        self.set_acc(result);
        Ok(true)
    }
}
