//! Lowering of `CallKnown`: the callee's frame pushed inline and its installed code called through its entry.
//!
//! Invariants (the frame's layout and bookkeeping are `tetra_vm::tiering::direct_call`'s):
//! - The callee is a constant closure kept alive by the code, so its template, parameter and register counts and
//!   context are constants; only its installed code is read at run time (tiering may replace it).
//! - Every path that cannot push the frame (receiver needs wrapping, native stack or register file short) runs the
//!   instruction's routine instead, on the frame the spills completed: it raises the `RangeError` as elsewhere.
//! - The caller's frame is complete before the call (spills), so a callee that deopts, throws or collects garbage
//!   sees every live value of this frame in its slot.

use super::*;
use tetra_vm::frame::{self as jsframe, FLAG_ENTRY, HEADER_SIZE};
use tetra_vm::object::{JsObject, ObjectKind};
use tetra_vm::tiering::direct_call::{
    self, CX_BASE_OFFSET, TEMPLATE_CODE_BODY_OFFSET, TEMPLATE_CODE_ENTRY_OFFSET, TEMPLATE_INVOCATIONS_OFFSET,
    VM_CALLS_OFFSET, VM_NATIVE_STACK_LIMIT_OFFSET, VM_STACK_TOP_OFFSET,
};

/// Locals up to this many are set to undefined by straight-line stores; more by a loop.
const UNROLLED_LOCALS: usize = 16;

impl Lower<'_, '_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call_known(
        &mut self,
        n: NodeId,
        pc: u32,
        closure: usize,
        this: NodeId,
        check_this: bool,
        args: &[NodeId],
        spills: &[(i16, NodeId)],
    ) -> Result<ClValue, String> {
        self.spill(spills)?;
        // SAFETY: the builder took `closure` from call feedback and the code keeps it alive (`holders`); this runs
        // on the thread that owns the heap.
        let o: &JsObject = unsafe { &*(closure as *const JsObject) };
        let ObjectKind::Closure(c) = &o.kind else { return Err(format!("CallKnown of a non-closure at {pc}")) };
        let callee: &FunctionTemplate = &c.template;
        let callee_addr = callee as *const FunctionTemplate as u64;
        let (argc, params, locals) = (args.len(), callee.param_count as usize, callee.register_count as usize);
        let args = args.iter().map(|&a| self.get(a, Repr::Tagged)).collect::<Result<Vec<_>, _>>()?;
        let this = self.get(this, Repr::Tagged)?;

        let ip = self.iconst64(self.t.bytecode.as_ptr() as u64 + pc as u64);
        let caller_t = self.iconst64(self.t as *const FunctionTemplate as u64);
        let undefined = self.iconst64(Value::UNDEFINED.0);
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I64);
        let status = self.b.append_block_param(done, types::I64);

        if check_this {
            let tag = self.b.ins().ushr_imm_u(this, TAG_SHIFT as i64);
            let object = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_OBJECT as i64);
            self.continue_if(object, slow);
        }
        let vm = self.b.ins().load(types::I64, flags(), self.cx, CX_VM_OFFSET as i32);
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let limit = self.b.ins().load(types::I64, flags(), vm, VM_NATIVE_STACK_LIMIT_OFFSET as i32);
        let room = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, sp, limit);
        self.continue_if(room, slow);
        let top = self.b.ins().load(types::I64, flags(), vm, VM_STACK_TOP_OFFSET as i32);
        let new_fp_index = self.b.ins().iadd_imm_s(top, argc.max(params) as i64);
        let end = self.b.ins().iadd_imm_s(new_fp_index, (HEADER_SIZE + locals) as i64);
        let fits = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThanOrEqual, end, self.frame_limit as i64);
        self.continue_if(fits, slow);

        let base = self.b.ins().load(types::I64, flags(), self.cx, CX_BASE_OFFSET as i32);
        let offset = self.b.ins().ishl_imm_u(new_fp_index, 3);
        let new_fp = self.b.ins().iadd(base, offset);
        for (i, &a) in args.iter().enumerate() {
            self.b.ins().store(flags(), a, new_fp, -8 * (1 + i as i32));
        }
        for i in argc..params {
            self.b.ins().store(flags(), undefined, new_fp, -8 * (1 + i as i32));
        }
        let here = self.b.ins().isub(self.fp, base);
        let here = self.b.ins().ushr_imm_u(here, 3);
        let caller_fp = self.box_int32_i64(here);
        let after = pc + Insn::decode(&self.t.bytecode, pc as usize).op().size() as u32;
        let header = [
            (jsframe::CLOSURE, self.iconst64((TAG_OBJECT << TAG_SHIFT) | closure as u64)),
            (jsframe::CONTEXT, self.iconst64(c.context.0)),
            (jsframe::THIS, this),
            (jsframe::NEW_TARGET, undefined),
            (jsframe::ARGC, self.iconst64(Value::int(argc as i32).0)),
            (jsframe::CALLER_FP, caller_fp),
            (jsframe::RETURN_PC, self.iconst64(Value::int(after as i32).0)),
            (jsframe::FLAGS, self.iconst64(Value::int(FLAG_ENTRY).0)),
        ];
        for (slot, v) in header {
            self.b.ins().store(flags(), v, new_fp, slot as i32 * 8);
        }
        self.fill_undefined(new_fp, HEADER_SIZE, locals, undefined);
        self.b.ins().store(flags(), end, vm, VM_STACK_TOP_OFFSET as i32);
        let calls = self.b.ins().load(types::I64, flags(), vm, VM_CALLS_OFFSET as i32);
        let calls = self.b.ins().iadd_imm_s(calls, 1);
        self.b.ins().store(flags(), calls, vm, VM_CALLS_OFFSET as i32);
        let t = self.iconst64(callee_addr);
        let invocations = self.b.ins().load(types::I32, flags(), t, TEMPLATE_INVOCATIONS_OFFSET as i32);
        let invocations = self.b.ins().iadd_imm_s(invocations, 1);
        self.b.ins().store(flags(), invocations, t, TEMPLATE_INVOCATIONS_OFFSET as i32);

        // Into the callee's code, or the runtime when it has none (it runs in `interp`, or compiles eagerly).
        let entry = self.b.ins().load(types::I64, flags(), t, TEMPLATE_CODE_ENTRY_OFFSET as i32);
        let interp = self.b.create_block();
        let compiled = self.b.create_block();
        self.b.ins().brif(entry, compiled, &[], interp, &[]);

        self.b.switch_to_block(compiled);
        let body = self.b.ins().load(types::I64, flags(), t, TEMPLATE_CODE_BODY_OFFSET as i32);
        let call = self.b.ins().call_indirect(self.enter_sig, entry, &[new_fp, undefined, self.cx, body]);
        let (value, callee_status) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        let returned = self.b.create_block();
        let finish = self.b.create_block();
        self.b.set_cold_block(finish);
        self.b.ins().brif(callee_status, finish, &[], returned, &[]);
        self.b.switch_to_block(returned);
        self.b.ins().store(flags(), top, vm, VM_STACK_TOP_OFFSET as i32);
        let next = self.iconst64(STUB_NEXT);
        self.b.ins().jump(done, &[BlockArg::Value(value), BlockArg::Value(next)]);

        self.b.switch_to_block(finish);
        let f = self.iconst64(direct_call::finish_direct_call as *const () as u64);
        let args = [ip, self.fp, new_fp_index, caller_t, self.cx, value, callee_status];
        let call = self.b.ins().call_indirect(self.finish_call_sig, f, &args);
        self.jump_with_results(call, done);

        self.b.switch_to_block(interp);
        let f = self.iconst64(direct_call::run_pushed_callee as *const () as u64);
        let call = self.b.ins().call_indirect(self.stub_sig, f, &[ip, self.fp, new_fp_index, caller_t, self.cx]);
        self.jump_with_results(call, done);

        self.b.switch_to_block(slow);
        let f = self.iconst64(runtime::call as *const () as u64);
        let call = self.b.ins().call_indirect(self.stub_sig, f, &[ip, self.fp, undefined, caller_t, self.cx]);
        self.jump_with_results(call, done);

        self.b.switch_to_block(done);
        self.after_routine(n, pc, result, status);
        Ok(result)
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

    /// A small non-negative i64 as a tagged int32.
    fn box_int32_i64(&mut self, v: ClValue) -> ClValue {
        let tag = self.iconst64(TAG_INT << TAG_SHIFT);
        self.b.ins().bor(v, tag)
    }

    /// Stores `undefined` into slots `first..first + count` of the frame at `fp`.
    fn fill_undefined(&mut self, fp: ClValue, first: usize, count: usize, undefined: ClValue) {
        if count <= UNROLLED_LOCALS {
            for i in first..first + count {
                self.b.ins().store(flags(), undefined, fp, i as i32 * 8);
            }
            return;
        }
        let body = self.b.create_block();
        let slot = self.b.append_block_param(body, types::I64);
        let exit = self.b.create_block();
        let start = self.b.ins().iadd_imm_s(fp, first as i64 * 8);
        self.b.ins().jump(body, &[BlockArg::Value(start)]);
        self.b.switch_to_block(body);
        self.b.ins().store(flags(), undefined, slot, 0);
        let next = self.b.ins().iadd_imm_s(slot, 8);
        let end = self.b.ins().iadd_imm_s(fp, (first + count) as i64 * 8);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, next, end);
        self.b.ins().brif(more, body, &[BlockArg::Value(next)], exit, &[]);
        self.b.switch_to_block(exit);
    }
}
