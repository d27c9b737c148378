//! Lowering of `CallDirect`: a known callee's frame pushed inline and its installed code called through its entry;
//! any other callee called through the runtime.
//!
//! Invariants (the frame's layout and bookkeeping are `tetra_vm::tiering::direct_call`'s):
//! - A known callee is a constant closure kept alive by the code (or a closure of a known template, checked), so
//!   its template, parameter and register counts are constants. Only the installed code is read at run time
//!   (tiering replaces it).
//! - A callee that is one of a few known closures (`CallTarget::Among`: the methods a polymorphic load finds on
//!   prototype holders) is compared with each; a match is a known callee, anything else goes to the runtime.
//!   A callee that is a closure of one of a few templates (`CallTarget::AmongTemplates`, from call feedback) has
//!   its template compared with each; a match is a closure of a known template (`CallTarget::Template`'s call).
//! - A callee the site did not settle on (`CallTarget::Any`) goes to `runtime::call_values`, which pushes the
//!   same frame in its lean path and takes every other callee as the interpreter's call does. Pushing it inline
//!   needs the counts, receiver rules and kind read and tested in the code: that was two thirds of a call's code,
//!   and a third of mid's compile time on polymorphic programs (DeltaBlue), for a few per cent at run time.
//! - Every path that cannot push the frame (a receiver that needs wrapping, the native stack or register file
//!   short) runs the instruction's routine instead, on the frame the spills completed: it raises the `TypeError`
//!   or `RangeError` exactly as elsewhere.
//! - The caller's frame is completed (spills) only where something reads it: the routine on the slow path, and the
//!   handler of a `try` around the call. A callee that collects garbage finds this frame's values on the native
//!   stack; a deopt after the call writes back the registers left stale.

use super::*;
use cranelift_codegen::ir::{StackSlotData, StackSlotKind};
use tetra_vm::bytecode::FunctionKind;
use tetra_vm::frame::{self as jsframe, FLAG_CONSTRUCT, FLAG_ENTRY, HEADER_SIZE};
use tetra_vm::object::{FLAG_CLOSURE, JsObject, ObjectKind};
use tetra_vm::tiering::direct_call::{
    self, CX_BASE_OFFSET, TEMPLATE_CODE_BODY_OFFSET, TEMPLATE_CODE_ENTRY_OFFSET, TEMPLATE_INVOCATIONS_OFFSET,
    VM_CALLS_OFFSET, VM_NATIVE_STACK_LIMIT_OFFSET, VM_STACK_TOP_OFFSET,
};

/// Slots up to this many are set to undefined by straight-line stores; more by a loop.
const UNROLLED_FILL: usize = 16;

/// A word known at compile time (made where it is used, so that it is not live across the call), or a value.
#[derive(Clone, Copy)]
enum Word {
    Const(u64),
    Val(ClValue),
}

/// The callee as the frame push needs it.
struct Callee {
    /// Tagged closure, untagged template pointer, tagged context.
    closure: Word,
    template: Word,
    context: Word,
    params: usize,
    locals: usize,
    this: ClValue,
    /// A derived constructor (known callees only): `this` starts as the hole, a non-object result needs
    /// `construct_result`'s checks.
    derived: bool,
}

impl Lower<'_, '_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call_direct(&mut self, n: NodeId, direct: &DirectCall) -> Result<ClValue, String> {
        let DirectCall { pc, target, construct, receiver, frameless, .. } = *direct;
        if direct.spill_first {
            self.spill(&direct.spills)?;
        }
        let args = direct.args.iter().map(|&a| self.get(a, Repr::Tagged)).collect::<Result<Vec<_>, _>>()?;
        let this = self.get(direct.this, Repr::Tagged)?;
        let after = frameless.map_or(0, |f| f.return_pc as i64);
        let f = match target {
            CallTarget::Native(o) => return self.call_builtin(n, pc, o, construct, this, &args, after),
            // A callee not known at compile time (a polymorphic or megamorphic site): the runtime's call, which
            // takes any callee (a frame pushed inline would need its counts, receiver rules and kind read and
            // tested here: two thirds of a call's code, and of its compile time, for a small gain at run time).
            CallTarget::Any(f) => {
                let f = self.get(f, Repr::Tagged)?;
                let call = self.call_values(pc, f, construct, this, &args, after);
                return Ok(self.routine_result(n, pc, call));
            }
            CallTarget::Known(_) => None,
            CallTarget::Template(f, _)
            | CallTarget::Among { callee: f, .. }
            | CallTarget::AmongTemplates { callee: f, .. } => Some(self.get(f, Repr::Tagged)?),
        };
        // Constants are made where they are used (Cranelift at "none" does not rematerialise them): one made
        // before the frame push and used after the call would stay live across it, in a spill slot.
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I64);
        let status = self.b.append_block_param(done, types::I64);

        match (target, f) {
            (CallTarget::Known(closure), _) => {
                let callee = self.known_callee(pc, closure, this, receiver, slow)?;
                self.push_and_call(direct, callee, &args, slow, done)?;
            }
            (CallTarget::Template(_, template), Some(f)) => {
                let callee = self.template_callee(f, template, this, receiver, slow);
                self.push_and_call(direct, callee, &args, slow, done)?;
            }
            (CallTarget::Among { closures, count, .. }, Some(f)) => {
                // Each closure's frame pushed as a known callee's; anything else through the runtime.
                for &closure in &closures[..count as usize] {
                    let (case, next) = (self.b.create_block(), self.b.create_block());
                    let same =
                        self.b.ins().icmp_imm_u(IntCC::Equal, f, ((TAG_OBJECT << TAG_SHIFT) | closure as u64) as i64);
                    self.b.ins().brif(same, case, &[], next, &[]);
                    self.b.switch_to_block(case);
                    let callee = self.known_callee(pc, closure, this, receiver, slow)?;
                    self.push_and_call(direct, callee, &args, slow, done)?;
                    self.b.switch_to_block(next);
                }
                let call = self.call_values(pc, f, construct, this, &args, after);
                self.jump_with_results(call, done);
            }
            (CallTarget::AmongTemplates { templates, count, .. }, Some(f)) => {
                // The callee's template compared with each (read once); anything else through the runtime.
                let other = self.b.create_block();
                let (body, actual) = self.closure_template(f, other);
                for &template in &templates[..count as usize] {
                    let (case, next) = (self.b.create_block(), self.b.create_block());
                    let same = self.b.ins().icmp_imm_u(IntCC::Equal, actual, template as i64);
                    self.b.ins().brif(same, case, &[], next, &[]);
                    self.b.switch_to_block(case);
                    let callee = self.closure_of_template(f, body, template, this, receiver, slow);
                    self.push_and_call(direct, callee, &args, slow, done)?;
                    self.b.switch_to_block(next);
                }
                self.b.ins().jump(other, &[]);
                self.b.switch_to_block(other);
                let call = self.call_values(pc, f, construct, this, &args, after);
                self.jump_with_results(call, done);
            }
            _ => unreachable!("called above"),
        }

        self.b.switch_to_block(slow);
        if let Some(frameless) = frameless {
            self.deopt_jump(frameless.fs, DeoptReason::CallNeedsFrame);
        } else {
            if !direct.spill_first {
                self.spill(&direct.spills)?;
            }
            let undefined = self.iconst64(Value::UNDEFINED.0);
            let (r, st) = self.call_routine(pc, undefined);
            self.b.ins().jump(done, &[BlockArg::Value(r), BlockArg::Value(st)]);
        }

        self.b.switch_to_block(done);
        self.after_routine(n, pc, result, status);
        Ok(result)
    }

    /// The call of `callee` (its frame pushed, its code entered) as `direct` makes it, ending in a jump to `done`
    /// with the result and status; to `slow` (the routine) where the frame cannot be pushed.
    fn push_and_call(
        &mut self,
        direct: &DirectCall,
        mut callee: Callee,
        args: &[ClValue],
        slow: Block,
        done: Block,
    ) -> Result<(), String> {
        let DirectCall { pc, target, construct, inline_this, frameless, .. } = *direct;
        if construct && callee.derived {
            callee.this = self.iconst64(Value::HOLE.0);
        } else if construct {
            let next = self.b.create_block();
            let receiver = self.b.append_block_param(next, types::I64);
            let runtime = self.b.create_block();
            if let (Some(inline), CallTarget::Known(_)) = (inline_this, target) {
                self.allocate_this(&inline, runtime, runtime, next);
                self.b.set_cold_block(runtime);
            } else {
                self.b.ins().jump(runtime, &[]);
            }
            self.b.switch_to_block(runtime);
            let f = self.iconst64(direct_call::construct_receiver as *const () as u64);
            let (ip, caller_t) = (self.call_ip(pc), self.caller_template());
            let closure = self.word(callee.closure);
            let call = self.b.ins().call_indirect(self.stub_sig, f, &[ip, self.fp, closure, caller_t, self.cx]);
            let (made_this, made) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
            let ok = self.b.ins().icmp_imm_u(IntCC::Equal, made, STUB_NEXT as i64);
            self.b.ins().brif(
                ok,
                next,
                &[BlockArg::Value(made_this)],
                done,
                &[BlockArg::Value(made_this), BlockArg::Value(made)],
            );
            self.b.switch_to_block(next);
            callee.this = receiver;
        }
        let undefined = self.iconst64(Value::UNDEFINED.0);
        // Short stacks run the routine, which throws the RangeError; without a frame for it, a runtime entry does.
        let overflow = match frameless {
            Some(_) => {
                let b = self.b.create_block();
                self.b.set_cold_block(b);
                b
            }
            None => slow,
        };
        let return_pc = frameless.map(|f| f.return_pc);
        let (new_fp_index, new_fp, top, vm) =
            self.push_frame(pc, return_pc, &callee, construct, args, undefined, overflow);

        // Into the callee's code, or the runtime when it has none (it runs in `interp`, or compiles eagerly).
        // The cold half (`finish_direct_call`): a callee without code, or anything but a plain return.
        let finish = self.b.create_block();
        self.b.set_cold_block(finish);
        let finish_value = self.b.append_block_param(finish, types::I64);
        let finish_status = self.b.append_block_param(finish, types::I64);
        let t = self.word(callee.template);
        let entry = self.b.ins().load(types::I64, flags(), t, TEMPLATE_CODE_ENTRY_OFFSET as i32);
        let compiled = self.b.create_block();
        let not_run = [BlockArg::Value(undefined), BlockArg::Value(self.iconst64(direct_call::NOT_RUN))];
        self.b.ins().brif(entry, compiled, &[], finish, &not_run);

        self.b.switch_to_block(compiled);
        let body = self.b.ins().load(types::I64, flags(), t, TEMPLATE_CODE_BODY_OFFSET as i32);
        let undefined = self.iconst64(Value::UNDEFINED.0);
        let call = self.b.ins().call_indirect(self.enter_sig, entry, &[new_fp, undefined, self.cx, body]);
        let (value, callee_status) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        self.record_tier();
        let returned = self.b.create_block();
        let to_finish = [BlockArg::Value(value), BlockArg::Value(callee_status)];
        self.b.ins().brif(callee_status, finish, &to_finish, returned, &[]);
        self.b.switch_to_block(returned);
        if construct && callee.derived {
            let object = self.has_tag(value, TAG_OBJECT);
            let ok = self.b.create_block();
            self.b.ins().brif(object, ok, &[], finish, &to_finish);
            self.b.switch_to_block(ok);
        }
        self.b.ins().store(flags(), top, vm, VM_STACK_TOP_OFFSET as i32);
        let result_value = if construct && !callee.derived {
            let object = self.has_tag(value, TAG_OBJECT);
            self.b.ins().select(object, value, callee.this)
        } else {
            value
        };
        let next = self.iconst64(STUB_NEXT);
        self.b.ins().jump(done, &[BlockArg::Value(result_value), BlockArg::Value(next)]);

        self.b.switch_to_block(finish);
        let f = self.iconst64(direct_call::finish_direct_call as *const () as u64);
        let (ip, caller_t) = (self.call_ip(pc), self.caller_template());
        let args = [ip, self.fp, new_fp_index, caller_t, self.cx, finish_value, finish_status];
        let call = self.b.ins().call_indirect(self.finish_call_sig, f, &args);
        self.jump_with_results(call, done);

        if let Some(frameless) = frameless {
            self.b.switch_to_block(overflow);
            let f = self.iconst64(direct_call::stack_overflow as *const () as u64);
            let (ip, caller_t) = (self.call_ip(pc), self.caller_template());
            let after = self.iconst64(Value::int(frameless.return_pc).0);
            let call = self.b.ins().call_indirect(self.stub_sig, f, &[ip, self.fp, after, caller_t, self.cx]);
            self.jump_with_results(call, done);
        }
        Ok(())
    }

    /// A call of the builtin at `object` (checked before): its function with the arguments in a stack slot; `after`
    /// as `direct_call::call_native` takes it.
    #[allow(clippy::too_many_arguments)]
    fn call_builtin(
        &mut self,
        n: NodeId,
        pc: u32,
        object: usize,
        construct: bool,
        this: ClValue,
        args: &[ClValue],
        after: i64,
    ) -> Result<ClValue, String> {
        // SAFETY: as for a known closure in `known_callee`.
        let o: &JsObject = unsafe { &*(object as *const JsObject) };
        let ObjectKind::Native(native) = &o.kind else { return Err(format!("CallDirect of a non-builtin at {pc}")) };
        let f = self.iconst64(native.f as *const () as u64);
        let new_target = if construct {
            self.iconst64((TAG_OBJECT << TAG_SHIFT) | object as u64)
        } else {
            self.iconst64(Value::UNDEFINED.0)
        };
        let helper = direct_call::call_native as *const () as u64;
        let call = self.call_list(pc, helper, (f, new_target), this, args, after);
        Ok(self.routine_result(n, pc, call))
    }

    /// The result of the runtime call `call` (`call_list`'s), after `after_routine`.
    fn routine_result(&mut self, n: NodeId, pc: u32, call: cranelift_codegen::ir::Inst) -> ClValue {
        let (result, status) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        self.after_routine(n, pc, result, status);
        result
    }

    /// A call of `helper`, which has `call_native`'s signature `(ip, fp, t, cx, what, this, args, argc, how,
    /// after)`, with the arguments in a list on the native stack.
    fn call_list(
        &mut self,
        pc: u32,
        helper: u64,
        (what, how): (ClValue, ClValue),
        this: ClValue,
        args: &[ClValue],
        after: i64,
    ) -> cranelift_codegen::ir::Inst {
        let list = self.argument_list(args);
        let (ip, caller_t) = (self.call_ip(pc), self.caller_template());
        let argc = self.iconst64(args.len() as u64);
        let after = self.iconst64(after as u64);
        let helper = self.iconst64(helper);
        self.b.ins().call_indirect(
            self.native_call_sig,
            helper,
            &[ip, self.fp, caller_t, self.cx, what, this, list, argc, how, after],
        )
    }

    /// The arguments in a stack slot of this function's native frame, for a runtime call: its address.
    fn argument_list(&mut self, args: &[ClValue]) -> ClValue {
        let size = (args.len().max(1) * 8) as u32;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
        for (i, &a) in args.iter().enumerate() {
            self.b.ins().stack_store(types::I64, a, slot, i as i32 * 8);
        }
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// A call (or construct) of `f`, whatever it is, through `runtime::call_values` (`after` as it takes it): the
    /// call instruction, whose results are the value and the status.
    fn call_values(
        &mut self,
        pc: u32,
        f: ClValue,
        construct: bool,
        this: ClValue,
        args: &[ClValue],
        after: i64,
    ) -> cranelift_codegen::ir::Inst {
        let construct = self.iconst64(construct as u64);
        let helper = runtime::call_values as *const () as u64;
        self.call_list(pc, helper, (f, construct), this, args, after)
    }

    /// The constant closure the builder checked the callee against.
    fn known_callee(
        &mut self,
        pc: u32,
        closure: usize,
        this: ClValue,
        receiver: Receiver,
        slow: Block,
    ) -> Result<Callee, String> {
        // SAFETY: the builder took `closure` from call feedback and the code keeps it alive (`holders`); this runs
        // on the thread that owns the heap.
        let o: &JsObject = unsafe { &*(closure as *const JsObject) };
        let ObjectKind::Closure(c) = &o.kind else { return Err(format!("CallDirect of a non-closure at {pc}")) };
        if receiver == Receiver::CheckObject {
            let object = self.has_tag(this, TAG_OBJECT);
            self.continue_if(object, slow);
        }
        Ok(Callee {
            closure: Word::Const((TAG_OBJECT << TAG_SHIFT) | closure as u64),
            template: Word::Const(c.template.addr() as u64),
            context: Word::Const(c.context.0),
            params: c.template.param_count as usize,
            locals: c.template.register_count as usize,
            this,
            derived: c.template.kind == FunctionKind::DerivedConstructor,
        })
    }

    fn word(&mut self, w: Word) -> ClValue {
        match w {
            Word::Const(c) => self.iconst64(c),
            Word::Val(v) => v,
        }
    }

    /// The address of the call instruction at `pc` (what the runtime entries take as `ip`).
    fn call_ip(&mut self, pc: u32) -> ClValue {
        self.iconst64(self.t.bytecode.as_ptr() as u64 + pc as u64)
    }

    /// The calling function's template (untagged).
    fn caller_template(&mut self) -> ClValue {
        self.iconst64(self.t as *const FunctionTemplate as u64)
    }

    /// `AllocateThis`: a copy of the initial object, from the free list or the runtime; a deopt (WrongShape, with
    /// the construct's state) when the constructor changed.
    pub(super) fn inline_allocate_this(&mut self, inline: &InlineThis, fs: FrameStateId) -> ClValue {
        let changed = self.exit_for(fs, DeoptReason::WrongShape);
        let no_cell = self.b.create_block();
        self.b.set_cold_block(no_cell);
        let made = self.b.create_block();
        let this = self.b.append_block_param(made, types::I64);
        self.allocate_this(inline, changed, no_cell, made);
        self.b.switch_to_block(no_cell);
        let f = self.iconst64(direct_call::allocate_like as *const () as u64);
        let initial = self.iconst64(inline.initial as u64);
        let call = self.b.ins().call_indirect(self.two_value_sig, f, &[self.cx, initial]);
        let object = self.b.inst_results(call)[0];
        self.b.ins().jump(made, &[BlockArg::Value(object)]);
        self.b.switch_to_block(made);
        this
    }

    /// `this` for a construct of a known base constructor made inline (see `InlineThis`): to `made` with the new
    /// object, to `changed` when the constructor changed, to `no_cell` when the heap's fast path is closed.
    pub(super) fn allocate_this(&mut self, inline: &InlineThis, changed: Block, no_cell: Block, made: Block) {
        let f = self.iconst64(inline.closure as u64);
        let shape = self.b.ins().load(types::I64, flags(), f, OBJECT_SHAPE_OFFSET as i32);
        let same_shape = self.b.ins().icmp_imm_s(IntCC::Equal, shape, inline.closure_shape as i64);
        self.continue_if(same_shape, changed);
        let prototype = self.load_slot(f, inline.prototype_at);
        let same_prototype = self.b.ins().icmp_imm_s(IntCC::Equal, prototype, inline.prototype as i64);
        let capacity_at = self.iconst64(inline.expected_properties as u64);
        let capacity = self.b.ins().uload8(types::I32, flags(), capacity_at, 0);
        let same_capacity = self.b.ins().icmp_imm_s(IntCC::Equal, capacity, inline.expected as i64);
        let unchanged = self.b.ins().band(same_prototype, same_capacity);
        self.continue_if(unchanged, changed);
        // The heap's fast path (`Heap::alloc_small`): a free cell, and no collection due.
        let a = inline.alloc;
        let free_list = self.iconst64(a.free_list as u64);
        let head = self.b.ins().load(types::I64, flags(), free_list, 0);
        let since_at = self.iconst64(a.since as u64);
        let since = self.b.ins().load(types::I64, flags(), since_at, 0);
        let since = self.b.ins().iadd_imm_s(since, a.cell_size as i64);
        let trigger_at = self.iconst64(a.fast_trigger as u64);
        let trigger = self.b.ins().load(types::I64, flags(), trigger_at, 0);
        let in_budget = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, since, trigger);
        let has_cell = self.b.ins().icmp_imm_s(IntCC::NotEqual, head, 0);
        let fast = self.b.ins().band(in_budget, has_cell);
        self.continue_if(fast, no_cell);
        self.b.ins().store(flags(), since, since_at, 0);
        let link = self.b.ins().load(types::I64, flags(), head, tetra_gc::HEADER_SIZE as i32);
        self.b.ins().store(flags(), link, free_list, 0);
        // The cell is the initial object's copy, header (its vtable) included.
        let from = self.iconst64((inline.initial - tetra_gc::HEADER_SIZE) as u64);
        for at in (0..inline.bytes as i32).step_by(8) {
            let w = self.b.ins().load(types::I64, flags(), from, at);
            self.b.ins().store(flags(), w, head, at);
        }
        let payload = self.b.ins().iadd_imm_s(head, tetra_gc::HEADER_SIZE as i64);
        let this = self.b.ins().bor_imm_s(payload, (TAG_OBJECT << TAG_SHIFT) as i64);
        self.b.ins().jump(made, &[BlockArg::Value(this)]);
    }

    /// The pointer of `v` if it is an object whose flags, masked by `mask`, are `want`; anything else goes to `slow`.
    pub(super) fn object_with_flags(&mut self, v: ClValue, mask: u32, want: u32, slow: Block) -> ClValue {
        let object = self.has_tag(v, TAG_OBJECT);
        self.continue_if(object, slow);
        let payload = self.iconst64(PAYLOAD_MASK);
        let ptr = self.b.ins().band(v, payload);
        let object_flags = self.b.ins().uload16(types::I32, flags(), ptr, OBJECT_FLAGS_OFFSET as i32);
        let bits = self.b.ins().band_imm_u(object_flags, mask as i64);
        let matches = self.b.ins().icmp_imm_u(IntCC::Equal, bits, want as i64);
        self.continue_if(matches, slow);
        ptr
    }

    /// `f` if it is a closure of `template` (a function, not a class constructor: the builder checked): its
    /// context loaded, the rest constants; anything else goes to `slow`.
    fn template_callee(
        &mut self,
        f: ClValue,
        template: usize,
        this: ClValue,
        receiver: Receiver,
        slow: Block,
    ) -> Callee {
        let (body, actual) = self.closure_template(f, slow);
        let same = self.b.ins().icmp_imm_u(IntCC::Equal, actual, template as i64);
        self.continue_if(same, slow);
        self.closure_of_template(f, body, template, this, receiver, slow)
    }

    /// The body of the closure `f` and its template pointer; `otherwise` when `f` is no closure.
    fn closure_template(&mut self, f: ClValue, otherwise: Block) -> (ClValue, ClValue) {
        let ptr = self.object_with_flags(f, FLAG_CLOSURE as u32, FLAG_CLOSURE as u32, otherwise);
        let body = self.object_body(ptr);
        let (template_at, _) = direct_call::closure_field_offsets();
        (body, self.b.ins().load(types::I64, flags(), body, template_at as i32))
    }

    /// The callee `f`, a closure of `template` whose body is at `body` (both checked before).
    fn closure_of_template(
        &mut self,
        f: ClValue,
        body: ClValue,
        template: usize,
        this: ClValue,
        receiver: Receiver,
        slow: Block,
    ) -> Callee {
        let (_, context_at) = direct_call::closure_field_offsets();
        let context = self.b.ins().load(types::I64, flags(), body, context_at as i32);
        if receiver == Receiver::CheckObject {
            let object = self.has_tag(this, TAG_OBJECT);
            self.continue_if(object, slow);
        }
        // SAFETY: the builder took `template` from call feedback and the code keeps it alive (`holders`).
        let t: &FunctionTemplate = unsafe { &*(template as *const FunctionTemplate) };
        Callee {
            closure: Word::Val(f),
            template: Word::Const(template as u64),
            context: Word::Val(context),
            params: t.param_count as usize,
            locals: t.register_count as usize,
            this,
            derived: false,
        }
    }

    /// Pushes the callee's frame as `Vm::write_frame` does (after checking the native stack and the register file,
    /// else `overflow`); returns the new frame's index and address, the `stack_top` to restore and the VM.
    #[allow(clippy::too_many_arguments)]
    fn push_frame(
        &mut self,
        pc: u32,
        return_pc: Option<i32>,
        callee: &Callee,
        construct: bool,
        args: &[ClValue],
        undefined: ClValue,
        overflow: Block,
    ) -> (ClValue, ClValue, ClValue, ClValue) {
        let argc = args.len();
        let vm = self.b.ins().load(types::I64, flags(), self.cx, CX_VM_OFFSET as i32);
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let limit = self.b.ins().load(types::I64, flags(), vm, VM_NATIVE_STACK_LIMIT_OFFSET as i32);
        let room = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, sp, limit);
        self.continue_if(room, overflow);
        let top = self.b.ins().load(types::I64, flags(), vm, VM_STACK_TOP_OFFSET as i32);
        let new_fp_index = self.b.ins().iadd_imm_s(top, argc.max(callee.params) as i64);
        let end = self.b.ins().iadd_imm_s(new_fp_index, (HEADER_SIZE + callee.locals) as i64);
        let fits = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThanOrEqual, end, self.frame_limit as i64);
        self.continue_if(fits, overflow);

        let base = self.b.ins().load(types::I64, flags(), self.cx, CX_BASE_OFFSET as i32);
        let offset = self.b.ins().ishl_imm_u(new_fp_index, 3);
        let new_fp = self.b.ins().iadd(base, offset);
        for (i, &a) in args.iter().enumerate() {
            self.b.ins().store(flags(), a, new_fp, -8 * (1 + i as i32));
        }
        // Missing parameters: slots -params .. -argc (word offsets from the new fp).
        if callee.params > argc {
            self.fill_undefined(new_fp, -(callee.params as i64), callee.params - argc, undefined)
        }
        let here = self.b.ins().isub(self.fp, base);
        let here = self.b.ins().ushr_imm_u(here, 3);
        let tag = self.iconst64(TAG_INT << TAG_SHIFT);
        let caller_fp = self.b.ins().bor(here, tag);
        // Stack traces continue after the call, or in the callees inlined at it (`Frameless::return_pc`).
        let after =
            return_pc.unwrap_or_else(|| (pc + Insn::decode(&self.t.bytecode, pc as usize).op().size() as u32) as i32);
        let closure = self.word(callee.closure);
        let header = [
            (jsframe::CLOSURE, closure),
            (jsframe::CONTEXT, self.word(callee.context)),
            (jsframe::THIS, callee.this),
            (jsframe::NEW_TARGET, if construct { closure } else { undefined }),
            (jsframe::ARGC, self.iconst64(Value::int(argc as i32).0)),
            (jsframe::CALLER_FP, caller_fp),
            (jsframe::RETURN_PC, self.iconst64(Value::int(after).0)),
            (jsframe::FLAGS, self.iconst64(Value::int(FLAG_ENTRY | if construct { FLAG_CONSTRUCT } else { 0 }).0)),
        ];
        for (slot, v) in header {
            self.b.ins().store(flags(), v, new_fp, slot as i32 * 8);
        }
        self.fill_undefined(new_fp, HEADER_SIZE as i64, callee.locals, undefined);
        self.b.ins().store(flags(), end, vm, VM_STACK_TOP_OFFSET as i32);
        let calls = self.b.ins().load(types::I64, flags(), vm, VM_CALLS_OFFSET as i32);
        let calls = self.b.ins().iadd_imm_s(calls, 1);
        self.b.ins().store(flags(), calls, vm, VM_CALLS_OFFSET as i32);
        let t = self.word(callee.template);
        let invocations = self.b.ins().load(types::I32, flags(), t, TEMPLATE_INVOCATIONS_OFFSET as i32);
        let invocations = self.b.ins().iadd_imm_s(invocations, 1);
        self.b.ins().store(flags(), invocations, t, TEMPLATE_INVOCATIONS_OFFSET as i32);
        (new_fp_index, new_fp, top, vm)
    }

    /// Whether the tagged value has tag `tag`.
    pub(super) fn has_tag(&mut self, v: ClValue, tag: u64) -> ClValue {
        let t = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
        self.b.ins().icmp_imm_u(IntCC::Equal, t, tag as i64)
    }

    /// Goes on in a new block when `cond` holds, else jumps to `otherwise`.
    fn continue_if(&mut self, cond: ClValue, otherwise: Block) {
        let next = self.b.create_block();
        self.b.ins().brif(cond, next, &[], otherwise, &[]);
        self.b.switch_to_block(next);
    }

    /// Jumps to `to` with the (value, status) pair a runtime call returned.
    fn jump_with_results(&mut self, call: cranelift_codegen::ir::Inst, to: Block) {
        let (v, s) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        self.b.ins().jump(to, &[BlockArg::Value(v), BlockArg::Value(s)]);
    }

    /// Stores `undefined` into `count` slots from word `first` of `base` on.
    fn fill_undefined(&mut self, base: ClValue, first: i64, count: usize, undefined: ClValue) {
        if count <= UNROLLED_FILL {
            for i in 0..count as i64 {
                self.b.ins().store(flags(), undefined, base, ((first + i) * 8) as i32);
            }
            return;
        }
        let start = self.b.ins().iadd_imm_s(base, first * 8);
        let end = self.b.ins().iadd_imm_s(start, count as i64 * 8);
        let body = self.b.create_block();
        let slot = self.b.append_block_param(body, types::I64);
        let exit = self.b.create_block();
        let any = self.b.ins().icmp(IntCC::UnsignedLessThan, start, end);
        self.b.ins().brif(any, body, &[BlockArg::Value(start)], exit, &[]);
        self.b.switch_to_block(body);
        self.b.ins().store(flags(), undefined, slot, 0);
        let next = self.b.ins().iadd_imm_s(slot, 8);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, next, end);
        self.b.ins().brif(more, body, &[BlockArg::Value(next)], exit, &[]);
        self.b.switch_to_block(exit);
    }
}
