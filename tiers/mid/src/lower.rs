//! Lowering the mid graph to Cranelift IR: one exhaustive match over node kinds, one over terminators.
//!
//! Invariants:
//! - The function has the `EnterFn` signature `(fp, acc, cx, target) -> (value, status)` (System V, two-register
//!   return), so it is entered exactly like baseline code; `target` is ignored (mid code has one entry).
//! - IR blocks map one-to-one to Cranelift blocks; phis are block parameters, and each edge converts its inputs to
//!   the phi's representation (`repr.rs` guarantees such a conversion cannot fail).
//! - Runtime functions are called through `call_indirect` of absolute addresses, so the code has no relocations and
//!   can be copied anywhere.
//! - A deopt exit is cold code per frame state, emitted after all other blocks (`exits.rs`): it writes the stale
//!   live registers into the frame, calls `deopt::deoptimize_exit` and returns `STUB_DEOPT` with the accumulator.
//! - A generic instruction that throws returns `STUB_THROW` (the stub recorded where), or, inside a `try`, resumes
//!   `interp` through the same deopt path so the interpreter runs the handler.

mod call;
mod exits;
mod iterate;
mod properties;
mod truncate;
mod typed_elements;

use crate::ir::*;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, InstBuilder, MemFlagsData, SigRef, Signature, SourceLoc, TrapCode, Type, UserFuncName,
    Value as ClValue, types,
};
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{Context, control::ControlPlane};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use std::collections::HashMap;
use tetra_vm::bytecode::{Insn, Op};
use tetra_vm::function::FunctionTemplate;
use tetra_vm::jit::entries;
use tetra_vm::object::{FLAG_ARRAY, FLAG_EXTENSIBLE, FLAG_PROTOTYPE, FLAG_SLOW_ELEMENTS};
use tetra_vm::string::{STRING_INTERNED_OFFSET, STRING_LENGTH_OFFSET};
use tetra_vm::tiering::deopt::{self, DeoptReason};
use tetra_vm::tiering::runtime::{self, STUB_DEOPT, STUB_JUMP, STUB_NEXT, STUB_THROW, StubFn};
use tetra_vm::tiering::runtime::{
    CONTEXT_PARENT_OFFSET, CONTEXT_SLOTS_OFFSET, CX_VM_OFFSET, OBJECT_ELEMENTS_OFFSET, OBJECT_FLAGS_OFFSET,
    OBJECT_INLINE_CAP_OFFSET, OBJECT_SHAPE_OFFSET, VM_NO_INDEXED_PROTOTYPES_OFFSET, VM_PROTO_EPOCH_OFFSET,
};
use tetra_vm::value::{
    FIRST_TAGGED, PAYLOAD_MASK, TAG_BIGINT, TAG_IMM, TAG_INT, TAG_OBJECT, TAG_SHIFT, TAG_STRING, Value,
};

/// Byte offset of an array's length (a u32) in its object.
const ARRAY_LENGTH_OFFSET: usize = std::mem::offset_of!(tetra_vm::object::JsObject, length);

/// Machine code of one function, position-independent (no relocations).
pub struct Lowered {
    pub bytes: Vec<u8>,
    /// (machine start, machine end, bytecode offset) of every code range.
    pub srclocs: Vec<(u32, u32, u32)>,
    /// Deopt exits emitted.
    pub exits: usize,
    /// What the exits point to (the code must own them).
    pub exit_tables: deopt::ExitTables,
}

fn ty(r: Repr) -> Type {
    match r {
        Repr::Tagged => types::I64,
        Repr::Int32 => types::I32,
        Repr::Float64 => types::F64,
        Repr::Bool => types::I8,
    }
}

fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

struct Lower<'a, 'b> {
    g: &'a Graph,
    t: &'a FunctionTemplate,
    b: FunctionBuilder<'b>,
    vals: Vec<Option<ClValue>>,
    status: HashMap<NodeId, ClValue>,
    blocks: Vec<Block>,
    fp: ClValue,
    /// The accumulator passed in (meaningful at an OSR entry).
    acc_in: ClValue,
    cx: ClValue,
    exits: HashMap<u32, Block>,
    exit_list: Vec<(Block, FrameStateId)>,
    /// The callee frames each exit inside inlined code rebuilds, and the slots each exit left raw; the code
    /// embeds their addresses.
    exit_tables: deopt::ExitTables,
    /// Per (frame state, reason): the cold block a check branches to (`exit_for`), emitted with the exits.
    exit_ramps: HashMap<(u32, u8), Block>,
    ramp_list: Vec<(Block, FrameStateId, DeoptReason)>,
    /// The block every exit ends in (see `exits.rs`), once one needs it.
    exit_root: Option<Block>,
    /// Object pointers (untagged, their tag checked) made on the current graph block's straight-line path, which
    /// dominates the rest of the block (see `object_pointer`); cleared at each block.
    pointers: HashMap<NodeId, ClValue>,
    stub_sig: SigRef,
    deopt_sig: SigRef,
    to_boolean_sig: SigRef,
    two_value_sig: SigRef,
    /// `direct_call::substring`'s (cx, string, start, end, has end) -> string.
    substring_sig: SigRef,
    /// `direct_call::new_function_context`'s (cx, parent, slots) and `new_closure`'s (cx, template, context, home).
    context_sig: SigRef,
    closure_sig: SigRef,
    /// `EnterFn`, to call another function's installed code; and `direct_call::finish_direct_call`'s.
    enter_sig: SigRef,
    finish_call_sig: SigRef,
    /// `direct_call::call_native`'s.
    native_call_sig: SigRef,
    note_sig: SigRef,
    stress_deopt: Option<u32>,
    /// The highest register-file index a pushed frame may end at (`Vm::frame_limit`; 0: direct calls always take
    /// the routine).
    frame_limit: usize,
    /// `VmRefs::tier_cell` (0: not recorded).
    tier_cell: u64,
    /// The epoch the code assumes instead of checking it (`Graph::lazy_epoch`), whether the code can be invalidated
    /// (`Graph::invalidatable`), and the address of the code's invalidation flag (a byte).
    lazy_epoch: Option<u32>,
    invalidatable: bool,
    invalid_flag: usize,
    /// Offset of a ThinVec's data from its header.
    vec_data: i32,
}

fn stub_of(op: Op) -> StubFn {
    match op {
        Op::CallProperty | Op::CallUndefinedReceiver | Op::Construct => runtime::call,
        _ => runtime::stub_for(op).unwrap_or_else(|| unreachable!("{} is not lowered as generic", op.name())),
    }
}

/// A function in Cranelift IR, ready for `Context::compile`: plain data, so it can move to a compile thread.
pub struct Clif {
    ctx: Context,
    exits: usize,
    exit_tables: deopt::ExitTables,
    /// The IR as text (when asked for: `--print-mid-graph`, unit tests).
    pub clif: String,
}

/// Lowers `g` (the graph of `t`) to Cranelift IR. Runs where the heap may be read (the main thread).
pub fn build_clif(
    g: &Graph,
    t: &FunctionTemplate,
    isa: &dyn TargetIsa,
    stress_deopt: Option<u32>,
    vm: &crate::builder::VmRefs,
    invalid_flag: usize,
    want_clif: bool,
) -> Result<Clif, String> {
    let call_conv = isa.default_call_conv();
    let mut sig = Signature::new(call_conv);
    sig.params.extend([AbiParam::new(types::I64); 4]);
    sig.returns.extend([AbiParam::new(types::I64); 2]);
    let mut ctx = Context::new();
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, 0);
    let mut fctx = FunctionBuilderContext::new();
    let exits = {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let (i64, i32) = (types::I64, types::I32);
        let mut import = |params: &[Type], returns: &[Type]| {
            let mut s = Signature::new(call_conv);
            s.params.extend(params.iter().map(|&t| AbiParam::new(t)));
            s.returns.extend(returns.iter().map(|&t| AbiParam::new(t)));
            b.import_signature(s)
        };
        // (ip, fp, acc, t, cx) -> (value, status).
        let stub_sig = import(&[i64; 5], &[i64; 2]);
        // deoptimize_exit's (cx, fp, descriptor, reason, accumulator).
        let deopt_sig = import(&[i64, i64, i64, i32, i64], &[]);
        let to_boolean_sig = import(&[i64], &[i64]);
        let two_value_sig = import(&[i64; 2], &[i64]);
        let substring_sig = import(&[i64; 5], &[i64]);
        let context_sig = import(&[i64; 3], &[i64]);
        let closure_sig = import(&[i64; 4], &[i64]);
        let enter_sig = import(&[i64; 4], &[i64; 2]);
        let finish_call_sig = import(&[i64; 7], &[i64; 2]);
        let native_call_sig = import(&[i64; 10], &[i64; 2]);
        // loop_stats::note_first_run's (cx, record, tier).
        let note_sig = import(&[i64, i64, i32], &[]);
        let blocks: Vec<Block> = g.blocks.iter().map(|_| b.create_block()).collect();
        // The function's entry: a call starts at IR block 0; an OSR entry passes its loop header + 1 as `target`
        // (no code address is that small) and starts at the OSR block.
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let mut l = Lower {
            g,
            t,
            b,
            vals: vec![None; g.nodes.len()],
            status: HashMap::new(),
            blocks,
            fp: params[0],
            acc_in: params[1],
            cx: params[2],
            exits: HashMap::new(),
            exit_list: Vec::new(),
            exit_tables: deopt::ExitTables::default(),
            exit_ramps: HashMap::new(),
            ramp_list: Vec::new(),
            exit_root: None,
            pointers: HashMap::new(),
            stub_sig,
            deopt_sig,
            to_boolean_sig,
            two_value_sig,
            substring_sig,
            context_sig,
            closure_sig,
            enter_sig,
            finish_call_sig,
            native_call_sig,
            note_sig,
            stress_deopt,
            frame_limit: vm.frame_limit,
            tier_cell: vm.tier_cell as u64,
            lazy_epoch: g.lazy_epoch(),
            invalidatable: g.invalidatable(),
            invalid_flag,
            vec_data: tetra_vm::tiering::runtime::thin_vec_data_offset() as i32,
        };
        // Mid code runs from here; then a call starts at IR block 0, an OSR entry at its loop.
        l.record_tier();
        match g.osr {
            Some(osr) => {
                let is_osr = l.b.ins().icmp_imm_s(IntCC::Equal, params[3], osr.header as i64 + 1);
                let (osr_block, first) = (l.blocks[osr.block.0 as usize], l.blocks[0]);
                l.b.ins().brif(is_osr, osr_block, &[], first, &[]);
            }
            None => {
                let first = l.blocks[0];
                l.b.ins().jump(first, &[]);
            }
        }
        for (i, block) in g.blocks.iter().enumerate() {
            let cl = l.blocks[i];
            for &n in &block.nodes {
                if matches!(g.node(n).kind, NodeKind::Phi(_)) {
                    let p = l.b.append_block_param(cl, ty(g.node(n).repr));
                    l.vals[n.0 as usize] = Some(p);
                }
            }
        }
        for i in reverse_postorder(g) {
            let block = g.block(BlockId(i as u32));
            l.b.switch_to_block(l.blocks[i]);
            l.pointers.clear();
            for &n in &block.nodes {
                l.b.set_srcloc(SourceLoc::new(g.node(n).pc));
                l.node(n)?;
            }
            l.terminator(BlockId(i as u32), &block.terminator)?;
        }
        l.emit_exits()?;
        let exits = (l.exits.len(), std::mem::take(&mut l.exit_tables));
        l.b.seal_all_blocks();
        l.b.finalize(isa.frontend_config());
        exits
    };
    let clif = if want_clif { ctx.func.display().to_string() } else { String::new() };
    Ok(Clif { ctx, exits: exits.0, exit_tables: exits.1, clif })
}

impl Clif {
    /// Register allocation and machine code: the expensive part, on any thread.
    pub fn compile(self, isa: &dyn TargetIsa) -> Result<Lowered, String> {
        thread_local! {
            /// One Cranelift context per compiling thread, reused: it keeps the register allocator's and the
            /// lowering's buffers between compiles instead of allocating (and faulting in) them afresh each time.
            static CONTEXT: std::cell::RefCell<Context> = std::cell::RefCell::new(Context::new());
        }
        let Clif { ctx: built, exits, exit_tables, .. } = self;
        CONTEXT.with(|c| {
            let mut ctx = c.borrow_mut();
            ctx.clear();
            ctx.func = built.func;
            let code = match ctx.compile(isa, &mut ControlPlane::default()) {
                Ok(code) => code,
                Err(e) if crate::verifying() => panic!("cranelift rejected mid's IR: {:?}", e.inner),
                Err(e) => return Err(format!("cranelift: {:?}", e.inner)),
            };
            if !code.buffer.relocs().is_empty() {
                return Err(format!("cranelift emitted {} relocations", code.buffer.relocs().len()));
            }
            let srclocs = code
                .buffer
                .get_srclocs_sorted()
                .iter()
                .filter(|s| !s.loc.is_default())
                .map(|s| (s.start, s.end, s.loc.bits()))
                .collect();
            Ok(Lowered { bytes: code.code_buffer().to_vec(), srclocs, exits, exit_tables })
        })
    }
}

/// The blocks reachable from the entries, each after all its dominators (definitions before uses): block index
/// order is not enough once an inlined callee's blocks are numbered after the caller's continuation.
fn reverse_postorder(g: &Graph) -> Vec<usize> {
    let succs = |b: &crate::ir::Block| -> Vec<BlockId> {
        match &b.terminator {
            Terminator::Jump(t) => vec![*t],
            Terminator::Branch { if_true, if_false, .. } => vec![*if_true, *if_false],
            Terminator::BranchOnJump { jump, next, .. } => vec![*jump, *next],
            Terminator::GeneratorSwitch { cases, fresh } => {
                cases.iter().map(|&(_, b)| b).chain(std::iter::once(*fresh)).collect()
            }
            Terminator::None | Terminator::Return(_) | Terminator::Unreachable | Terminator::Deopt { .. } => vec![],
        }
    };
    let mut visited = vec![false; g.blocks.len()];
    let mut post = Vec::with_capacity(g.blocks.len());
    let mut roots = vec![BlockId(0)];
    roots.extend(g.osr.map(|o| o.block));
    for root in roots.into_iter().rev() {
        // Iterative DFS: (block, next successor to visit).
        let mut stack = vec![(root, 0usize)];
        visited[root.0 as usize] = true;
        while let Some((b, k)) = stack.pop() {
            let s = succs(g.block(b));
            if k < s.len() {
                stack.push((b, k + 1));
                let t = s[k];
                if !visited[t.0 as usize] {
                    visited[t.0 as usize] = true;
                    stack.push((t, 0));
                }
            } else {
                post.push(b.0 as usize);
            }
        }
    }
    post.reverse();
    post
}

impl Lower<'_, '_> {
    fn val(&self, n: NodeId) -> Result<ClValue, String> {
        self.vals[n.0 as usize].ok_or_else(|| format!("{n} used before its definition"))
    }

    fn iconst64(&mut self, v: u64) -> ClValue {
        self.b.ins().iconst(types::I64, v as i64)
    }

    /// Records that mid code runs (for `--stats`' sampled time per tier): at the entry, and again when a callee's
    /// code returned to it.
    fn record_tier(&mut self) {
        if self.tier_cell != 0 {
            let cell = self.iconst64(self.tier_cell);
            let mid = self.b.ins().iconst(types::I8, tetra_vm::tiering::Tier::Mid as i64);
            self.b.ins().store(flags(), mid, cell, 0);
        }
    }

    /// The value of `n` in representation `r` (only conversions that cannot fail).
    fn get(&mut self, n: NodeId, r: Repr) -> Result<ClValue, String> {
        // Constants convert at compile time (Cranelift at "none" folds nothing).
        // (A boolean constant is an `Int32Constant` of representation `Bool`.)
        let node = self.g.node(n);
        match (&node.kind, node.repr, r) {
            (NodeKind::Int32Constant(c), Repr::Int32, Repr::Tagged) => return Ok(self.iconst64(Value::int(*c).0)),
            (NodeKind::Int32Constant(c), Repr::Int32, Repr::Float64) => return Ok(self.b.ins().f64const(*c as f64)),
            (NodeKind::Float64Constant(d), Repr::Float64, Repr::Tagged) => {
                return Ok(self.iconst64(Value::number(*d).0));
            }
            _ => {}
        }
        let v = self.val(n)?;
        let from = self.g.node(n).repr;
        Ok(match (from, r) {
            (a, b) if a == b => v,
            (Repr::Int32, Repr::Tagged) => self.box_int32(v),
            (Repr::Float64, Repr::Tagged) => self.box_float64(v),
            (Repr::Bool, Repr::Tagged) => {
                let t = self.iconst64(Value::TRUE.0);
                let f = self.iconst64(Value::FALSE.0);
                self.b.ins().select(v, t, f)
            }
            (Repr::Int32, Repr::Float64) => self.b.ins().fcvt_from_sint(types::F64, v),
            (a, b) => {
                return Err(format!("no unchecked conversion of {n} from {a:?} to {b:?}"));
            }
        })
    }

    fn box_int32(&mut self, v: ClValue) -> ClValue {
        let wide = self.b.ins().uextend(types::I64, v);
        let tag = self.iconst64(TAG_INT << TAG_SHIFT);
        self.b.ins().bor(wide, tag)
    }

    /// The double truncated to an int32, and whether it equals that (an integer in range or -0; NaN does not).
    fn int32_round_trip(&mut self, f: ClValue) -> (ClValue, ClValue) {
        let i = self.b.ins().fcvt_to_sint_sat(types::I32, f);
        let back = self.b.ins().fcvt_from_sint(types::F64, i);
        (i, self.b.ins().fcmp(FloatCC::Equal, back, f))
    }

    /// The double as an int32, and whether that is exact (an integer in range, not -0; NaN is not).
    fn float64_to_int32(&mut self, f: ClValue) -> (ClValue, ClValue) {
        let (i, exact) = self.int32_round_trip(f);
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, i, 0);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, bits, 0);
        let minus_zero = self.b.ins().band(zero, negative);
        let not_minus_zero = self.b.ins().icmp_imm_s(IntCC::Equal, minus_zero, 0);
        (i, self.b.ins().band(exact, not_minus_zero))
    }

    /// Boxes a double as the interpreter does (`Value::number`): an int32 when exact and not -0, NaN canonical.
    /// Branches on exactness, so each path does only its own half: a double with a fraction (a physics field,
    /// an average) is a round trip through int32 and a NaN test; an integral one is the tag and a -0 test.
    /// Computing both halves and selecting was twice the instructions on the path every store of a double
    /// took (AWFY NBody ran 1.3x slower with it).
    fn box_float64(&mut self, f: ClValue) -> ClValue {
        let (i, exact) = self.int32_round_trip(f);
        let (int, double, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        let result = self.b.append_block_param(done, types::I64);
        self.b.ins().brif(exact, int, &[], double, &[]);
        self.b.switch_to_block(double);
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, f, f);
        let canonical = self.iconst64(tetra_vm::value::CANONICAL_NAN);
        let d = self.b.ins().select(nan, canonical, bits);
        self.b.ins().jump(done, &[BlockArg::Value(d)]);
        self.b.switch_to_block(int);
        // -0 compares equal to 0 but stays a double.
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
        let boxed = self.box_int32(i);
        let minus_zero = self.b.ins().icmp_imm_s(IntCC::Equal, bits, (-0.0f64).to_bits() as i64);
        let v = self.b.ins().select(minus_zero, bits, boxed);
        self.b.ins().jump(done, &[BlockArg::Value(v)]);
        self.b.switch_to_block(done);
        result
    }

    fn int32(&mut self, input: NodeId, fs: FrameStateId) -> Result<ClValue, String> {
        if let NodeKind::Constant(c) = self.g.node(input).kind
            && c.is_int()
        {
            return Ok(self.b.ins().iconst(types::I32, c.as_int() as i64));
        }
        let v = self.val(input)?;
        Ok(match self.g.node(input).repr {
            Repr::Int32 => v,
            Repr::Tagged => {
                let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                let bad = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_INT as i64);
                self.deopt_if(bad, fs, DeoptReason::NotAnInt32);
                self.b.ins().ireduce(types::I32, v)
            }
            Repr::Float64 => {
                let (i, exact) = self.float64_to_int32(v);
                let bad = self.b.ins().icmp_imm_s(IntCC::Equal, exact, 0);
                self.deopt_if(bad, fs, DeoptReason::NotAnInt32);
                i
            }
            Repr::Bool => {
                let yes = self.b.ins().iconst(types::I8, 1);
                self.deopt_if(yes, fs, DeoptReason::NotAnInt32);
                self.b.ins().iconst(types::I32, 0)
            }
        })
    }

    fn number(&mut self, input: NodeId, fs: FrameStateId) -> Result<ClValue, String> {
        if let NodeKind::Constant(c) = self.g.node(input).kind
            && c.is_number()
        {
            return Ok(self.b.ins().f64const(c.as_number()));
        }
        let v = self.val(input)?;
        Ok(match self.g.node(input).repr {
            Repr::Float64 => v,
            Repr::Int32 => self.b.ins().fcvt_from_sint(types::F64, v),
            Repr::Tagged => {
                // Branches, not a select of both conversions: a double (below the tags) is a compare, a branch
                // and a move; an int32 converts on the other path.
                let is_double = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, v, FIRST_TAGGED as i64);
                let (double, other, merged) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                let result = self.b.append_block_param(merged, types::F64);
                self.b.ins().brif(is_double, double, &[], other, &[]);
                self.b.switch_to_block(double);
                let d = self.b.ins().bitcast(types::F64, MemFlagsData::new(), v);
                self.b.ins().jump(merged, &[BlockArg::Value(d)]);
                self.b.switch_to_block(other);
                let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                let not_int = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_INT as i64);
                self.deopt_if(not_int, fs, DeoptReason::NotANumber);
                let low = self.b.ins().ireduce(types::I32, v);
                let i = self.b.ins().fcvt_from_sint(types::F64, low);
                self.b.ins().jump(merged, &[BlockArg::Value(i)]);
                self.b.switch_to_block(merged);
                result
            }
            Repr::Bool => {
                let yes = self.b.ins().iconst(types::I8, 1);
                self.deopt_if(yes, fs, DeoptReason::NotANumber);
                self.b.ins().f64const(0.0)
            }
        })
    }

    #[allow(clippy::wrong_self_convention)] // JS's ToBoolean, of a node
    fn to_boolean(&mut self, input: NodeId) -> Result<ClValue, String> {
        let v = self.val(input)?;
        Ok(match self.g.node(input).repr {
            Repr::Bool => v,
            Repr::Int32 => self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0),
            Repr::Float64 => {
                let zero = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::OrderedNotEqual, v, zero)
            }
            Repr::Tagged => {
                // Branches for the common cases, most common first: an immediate (only `true` is truthy: what a
                // boolean loaded from memory or returned by a call is), an object (always true), an int32; doubles
                // and strings through the runtime's ToBoolean.
                let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                let done = self.b.create_block();
                let result = self.b.append_block_param(done, types::I8);
                let (imm, not_imm, not_object, slow) =
                    (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
                let is_imm = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_IMM as i64);
                self.b.ins().brif(is_imm, imm, &[], not_imm, &[]);
                self.b.switch_to_block(imm);
                let is_true = self.b.ins().icmp_imm_s(IntCC::Equal, v, Value::TRUE.0 as i64);
                self.b.ins().jump(done, &[BlockArg::Value(is_true)]);
                self.b.switch_to_block(not_imm);
                let is_object = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_OBJECT as i64);
                self.b.ins().brif(is_object, done, &[BlockArg::Value(is_object)], not_object, &[]);
                self.b.switch_to_block(not_object);
                let is_int = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_INT as i64);
                let low = self.b.ins().ireduce(types::I32, v);
                let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0);
                self.b.ins().brif(is_int, done, &[BlockArg::Value(nonzero)], slow, &[]);
                self.b.set_cold_block(slow);
                self.b.switch_to_block(slow);
                let f = self.iconst64(entries::to_boolean as *const () as u64);
                let call = self.b.ins().call_indirect(self.to_boolean_sig, f, &[v]);
                let r = self.b.inst_results(call)[0];
                let r = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                self.b.ins().jump(done, &[BlockArg::Value(r)]);
                self.b.switch_to_block(done);
                result
            }
        })
    }

    fn int32_binary(
        &mut self,
        op: Int32Op,
        a: ClValue,
        b: ClValue,
        fs: Option<FrameStateId>,
    ) -> Result<ClValue, String> {
        let need = |fs: Option<FrameStateId>| fs.ok_or_else(|| format!("checked {op:?} without a frame state"));
        Ok(match op {
            Int32Op::Add | Int32Op::Sub | Int32Op::Mul => {
                let fs = need(fs)?;
                let (r, of) = match op {
                    Int32Op::Add => self.b.ins().sadd_overflow(a, b),
                    Int32Op::Sub => self.b.ins().ssub_overflow(a, b),
                    _ => self.b.ins().smul_overflow(a, b),
                };
                self.deopt_if(of, fs, DeoptReason::Overflow);
                if op == Int32Op::Mul {
                    let zero = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                    let signs = self.b.ins().bor(a, b);
                    let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
                    let minus_zero = self.b.ins().band(zero, negative);
                    self.deopt_if(minus_zero, fs, DeoptReason::MinusZero);
                }
                r
            }
            Int32Op::Neg => {
                let fs = need(fs)?;
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
                self.deopt_if(zero, fs, DeoptReason::MinusZero);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, b, i32::MIN as i64);
                self.deopt_if(min, fs, DeoptReason::Overflow);
                self.b.ins().ineg(b)
            }
            Int32Op::Mod => {
                let fs = need(fs)?;
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                let nonpos = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, b, 0);
                let bad = self.b.ins().bor(neg, nonpos);
                self.deopt_if(bad, fs, DeoptReason::DivisionByZeroOrNegative);
                self.b.ins().srem(a, b)
            }
            Int32Op::BitOr => self.b.ins().bor(a, b),
            Int32Op::BitXor => self.b.ins().bxor(a, b),
            Int32Op::BitAnd => self.b.ins().band(a, b),
            Int32Op::Shl => self.b.ins().ishl(a, b),
            Int32Op::Sar => self.b.ins().sshr(a, b),
            Int32Op::UShr => self.b.ins().ushr(a, b),
            Int32Op::Shr => {
                let fs = need(fs)?;
                let r = self.b.ins().ushr(a, b);
                let lost = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                self.deopt_if(lost, fs, DeoptReason::LostPrecision);
                r
            }
        })
    }

    /// The context `depth` parents up from the frame's current context (as an untagged pointer).
    fn context_at(&mut self, depth: u16, base: ContextBase) -> Result<ClValue, String> {
        let mask = self.iconst64(PAYLOAD_MASK);
        let mut c = match base {
            ContextBase::Constant(context) => self.iconst64(context as u64 & PAYLOAD_MASK),
            ContextBase::Frame | ContextBase::Node(_) => {
                let v = self.context_value(base)?;
                self.b.ins().band(v, mask)
            }
        };
        for _ in 0..depth {
            let p = self.b.ins().load(types::I64, flags(), c, CONTEXT_PARENT_OFFSET as i32);
            c = self.b.ins().band(p, mask);
        }
        Ok(c)
    }

    /// The context `base` names, as a (tagged) value.
    fn context_value(&mut self, base: ContextBase) -> Result<ClValue, String> {
        Ok(match base {
            ContextBase::Frame => self.b.ins().load(types::I64, flags(), self.fp, tetra_vm::frame::CONTEXT as i32 * 8),
            ContextBase::Constant(c) => self.iconst64(c as u64),
            ContextBase::Node(n) => self.get(n, Repr::Tagged)?,
        })
    }

    /// `a === b`: identical bits are equal unless a NaN; different bits are equal only for two numbers or two strings,
    /// which the runtime compares.
    fn strict_equal(&mut self, a: ClValue, b: ClValue) -> ClValue {
        let same = self.b.ins().icmp(IntCC::Equal, a, b);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, types::I8);
        let identical = self.b.create_block();
        let different = self.b.create_block();
        self.b.ins().brif(same, identical, &[], different, &[]);
        self.b.switch_to_block(identical);
        let d = self.b.ins().bitcast(types::F64, MemFlagsData::new(), a);
        let is_double = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, a, FIRST_TAGGED as i64);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, d, d);
        let nan = self.b.ins().band(is_double, nan);
        let equal = self.b.ins().icmp_imm_s(IntCC::Equal, nan, 0);
        self.b.ins().jump(done, &[BlockArg::Value(equal)]);
        self.b.switch_to_block(different);
        let kind = |l: &mut Self, v: ClValue| {
            let tag = l.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
            let double = l.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, v, FIRST_TAGGED as i64);
            let int = l.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_INT as i64);
            let number = l.b.ins().bor(double, int);
            // BigInt cells compare their integers: the runtime does, as for two numbers of different bits. Small
            // BigInts are canonical (never equal to a cell or to other bits), so different bits are unequal.
            let bigint = l.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_BIGINT as i64);
            let number = l.b.ins().bor(number, bigint);
            let string = l.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_STRING as i64);
            (number, string)
        };
        let (an, as_) = kind(self, a);
        let (bn, bs) = kind(self, b);
        let numbers = self.b.ins().band(an, bn);
        let strings = self.b.ins().band(as_, bs);
        let slow = self.b.create_block();
        let no = self.b.ins().iconst(types::I8, 0);
        let two_strings = self.b.create_block();
        let other = self.b.create_block();
        self.b.ins().brif(strings, two_strings, &[], other, &[]);
        // Different bits: equal only for two numbers (compared by the runtime) or two strings.
        self.b.switch_to_block(other);
        self.b.ins().brif(numbers, slow, &[], done, &[BlockArg::Value(no)]);
        // Two different string cells: unequal when their lengths differ, or when both are interned (an interned
        // string is the only cell with its contents); else the runtime compares the units.
        self.b.switch_to_block(two_strings);
        let mask = self.iconst64(PAYLOAD_MASK);
        let (pa, pb) = (self.b.ins().band(a, mask), self.b.ins().band(b, mask));
        let la = self.b.ins().load(types::I32, flags(), pa, STRING_LENGTH_OFFSET as i32);
        let lb = self.b.ins().load(types::I32, flags(), pb, STRING_LENGTH_OFFSET as i32);
        let lengths_differ = self.b.ins().icmp(IntCC::NotEqual, la, lb);
        let ia = self.b.ins().uload8(types::I32, flags(), pa, STRING_INTERNED_OFFSET as i32);
        let ib = self.b.ins().uload8(types::I32, flags(), pb, STRING_INTERNED_OFFSET as i32);
        let both = self.b.ins().band(ia, ib);
        let both_interned = self.b.ins().icmp_imm_u(IntCC::NotEqual, both, 0);
        let unequal = self.b.ins().bor(lengths_differ, both_interned);
        self.b.ins().brif(unequal, done, &[BlockArg::Value(no)], slow, &[]);
        self.b.switch_to_block(slow);
        let f = self.iconst64(entries::strict_equals as *const () as u64);
        let call = self.b.ins().call_indirect(self.two_value_sig, f, &[a, b]);
        let r = self.b.inst_results(call)[0];
        let r = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        self.b.ins().jump(done, &[BlockArg::Value(r)]);
        self.b.switch_to_block(done);
        result
    }

    fn in_try(&self, pc: u32) -> bool {
        self.t.handlers.iter().any(|h| h.start <= pc && pc < h.end)
    }

    /// Writes `spills` to their frame slots.
    fn spill(&mut self, spills: &[(i16, NodeId)]) -> Result<(), String> {
        for &(reg, v) in spills {
            let v = self.get(v, Repr::Tagged)?;
            self.b.ins().store(flags(), v, self.fp, reg as i32 * 8);
        }
        Ok(())
    }

    fn generic(&mut self, n: NodeId, pc: u32, acc: NodeId, spills: &[(i16, NodeId)]) -> Result<ClValue, String> {
        self.spill(spills)?;
        let acc = self.get(acc, Repr::Tagged)?;
        let (result, status) = self.call_routine(pc, acc);
        self.after_routine(n, pc, result, status);
        Ok(result)
    }

    /// Calls the routine of the instruction at `pc` (its stub, or the runtime's call entry) with `acc`: its
    /// (value, status).
    fn call_routine(&mut self, pc: u32, acc: ClValue) -> (ClValue, ClValue) {
        let op = Insn::decode(&self.t.bytecode, pc as usize).op();
        let ip = self.iconst64(self.t.bytecode.as_ptr() as u64 + pc as u64);
        let t = self.iconst64(self.t as *const FunctionTemplate as u64);
        let f = self.iconst64(stub_of(op) as usize as u64);
        let (fp, cx) = (self.fp, self.cx);
        let call = self.b.ins().call_indirect(self.stub_sig, f, &[ip, fp, acc, t, cx]);
        (self.b.inst_results(call)[0], self.b.inst_results(call)[1])
    }

    /// After the routine of node `n` (at `pc`, on the complete frame) returned `status`: an exception leaves the
    /// function, or inside a `try` resumes `interp`, which unwinds to the handler.
    fn after_routine(&mut self, n: NodeId, pc: u32, result: ClValue, status: ClValue) {
        let threw = self.b.ins().icmp_imm_s(IntCC::Equal, status, STUB_THROW as i64);
        let throw = self.b.create_block();
        self.b.set_cold_block(throw);
        let cont = self.b.create_block();
        self.b.ins().brif(threw, throw, &[], cont, &[]);
        self.b.switch_to_block(throw);
        if self.in_try(pc) {
            self.deopt_to_handler(pc, result);
        } else {
            self.b.ins().return_(&[result, status]);
        }
        self.b.switch_to_block(cont);
        self.status.insert(n, status);
    }

    fn node(&mut self, n: NodeId) -> Result<(), String> {
        let node = self.g.node(n);
        let v = match &node.kind {
            NodeKind::Phi(_) => return Ok(()),
            NodeKind::Entry(reg) | NodeKind::LoadRegister(reg) => {
                self.b.ins().load(types::I64, flags(), self.fp, *reg as i32 * 8)
            }
            NodeKind::Constant(v) => self.iconst64(v.0),
            NodeKind::Int32Constant(i) => match node.repr {
                Repr::Bool => self.b.ins().iconst(types::I8, (*i != 0) as i64),
                _ => self.b.ins().iconst(types::I32, *i as u32 as i64),
            },
            NodeKind::Float64Constant(d) => self.b.ins().f64const(*d),
            NodeKind::CheckInt32(v, fs) => self.int32(*v, *fs)?,
            NodeKind::OsrValue(reg) => self.b.ins().load(types::I64, flags(), self.fp, *reg as i32 * 8),
            NodeKind::OsrAccumulator => self.acc_in,
            NodeKind::CheckNumber(v, fs) => self.number(*v, *fs)?,
            NodeKind::TruncateToInt32(v, fs) => self.truncate_to_int32(*v, *fs)?,
            NodeKind::Uint32ToFloat64(v) => {
                let bits = self.get(*v, Repr::Int32)?;
                self.b.ins().fcvt_from_uint(types::F64, bits)
            }
            NodeKind::Int32Binary(op, a, b, fs) => {
                let (a, b) = (self.get(*a, Repr::Int32)?, self.get(*b, Repr::Int32)?);
                self.int32_binary(*op, a, b, *fs)?
            }
            NodeKind::Float64Binary(op, a, b) => {
                let (a, b) = (self.get(*a, Repr::Float64)?, self.get(*b, Repr::Float64)?);
                match op {
                    Float64Op::Add => self.b.ins().fadd(a, b),
                    Float64Op::Sub => self.b.ins().fsub(a, b),
                    Float64Op::Mul => self.b.ins().fmul(a, b),
                    Float64Op::Div => self.b.ins().fdiv(a, b),
                }
            }
            NodeKind::Float64Unary(op, a) => {
                let a = self.get(*a, Repr::Float64)?;
                match op {
                    MathIntrinsic::Sqrt => self.b.ins().sqrt(a),
                    MathIntrinsic::Abs => self.b.ins().fabs(a),
                }
            }
            NodeKind::Int32Compare(c, a, b) => {
                let (a, b) = (self.get(*a, Repr::Int32)?, self.get(*b, Repr::Int32)?);
                let cc = match c {
                    Cond::Eq => IntCC::Equal,
                    Cond::Lt => IntCC::SignedLessThan,
                    Cond::Gt => IntCC::SignedGreaterThan,
                    Cond::Le => IntCC::SignedLessThanOrEqual,
                    Cond::Ge => IntCC::SignedGreaterThanOrEqual,
                };
                self.b.ins().icmp(cc, a, b)
            }
            NodeKind::Float64Compare(c, a, b) => {
                let (a, b) = (self.get(*a, Repr::Float64)?, self.get(*b, Repr::Float64)?);
                let cc = match c {
                    Cond::Eq => FloatCC::Equal,
                    Cond::Lt => FloatCC::LessThan,
                    Cond::Gt => FloatCC::GreaterThan,
                    Cond::Le => FloatCC::LessThanOrEqual,
                    Cond::Ge => FloatCC::GreaterThanOrEqual,
                };
                self.b.ins().fcmp(cc, a, b)
            }
            NodeKind::TaggedEqual(a, b) => {
                let (a, b) = (self.get(*a, Repr::Tagged)?, self.get(*b, Repr::Tagged)?);
                self.b.ins().icmp(IntCC::Equal, a, b)
            }
            NodeKind::HasTag(v, tag) => {
                let v = self.get(*v, Repr::Tagged)?;
                let t = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                self.b.ins().icmp_imm_s(IntCC::Equal, t, *tag as i64)
            }
            NodeKind::ToBoolean(v) => self.to_boolean(*v)?,
            NodeKind::Not(v) => {
                let v = self.get(*v, Repr::Bool)?;
                self.b.ins().icmp_imm_s(IntCC::Equal, v, 0)
            }
            NodeKind::Or(a, b) => {
                let (a, b) = (self.get(*a, Repr::Bool)?, self.get(*b, Repr::Bool)?);
                self.b.ins().bor(a, b)
            }
            NodeKind::LoadContextSlot { depth, slot, base } => {
                let c = self.context_at(*depth, *base)?;
                self.b.ins().load(types::I64, flags(), c, (CONTEXT_SLOTS_OFFSET + *slot as usize * 8) as i32)
            }
            NodeKind::LoadModuleVariable { depth, slot, base } => {
                // The cell is a one-slot context: parent = the exporter's environment, slot 0 = the int index.
                let c = self.context_at(*depth, *base)?;
                let cell =
                    self.b.ins().load(types::I64, flags(), c, (CONTEXT_SLOTS_OFFSET + *slot as usize * 8) as i32);
                let mask = self.iconst64(PAYLOAD_MASK);
                let cell = self.b.ins().band(cell, mask);
                let env = self.b.ins().load(types::I64, flags(), cell, CONTEXT_PARENT_OFFSET as i32);
                let env = self.b.ins().band(env, mask);
                let index = self.b.ins().uload32(flags(), cell, CONTEXT_SLOTS_OFFSET as i32);
                let offset = self.b.ins().ishl_imm_u(index, 3);
                let at = self.b.ins().iadd(env, offset);
                self.b.ins().load(types::I64, flags(), at, CONTEXT_SLOTS_OFFSET as i32)
            }
            NodeKind::StoreContextSlot { depth, slot, value, base } => {
                let v = self.get(*value, Repr::Tagged)?;
                let c = self.context_at(*depth, *base)?;
                self.b.ins().store(flags(), v, c, (CONTEXT_SLOTS_OFFSET + *slot as usize * 8) as i32);
                v
            }
            NodeKind::CreateFunctionContext { parent, slots } => {
                let parent = self.context_value(*parent)?;
                let slots = self.iconst64(*slots as u64);
                let f = self.iconst64(tetra_vm::tiering::direct_call::new_function_context as *const () as u64);
                let call = self.b.ins().call_indirect(self.context_sig, f, &[self.cx, parent, slots]);
                self.b.inst_results(call)[0]
            }
            NodeKind::CreateClosure { template, context, home } => {
                let context = self.context_value(*context)?;
                let (template, home) = (self.iconst64(*template as u64), self.iconst64(*home));
                let f = self.iconst64(tetra_vm::tiering::direct_call::new_closure as *const () as u64);
                let call = self.b.ins().call_indirect(self.closure_sig, f, &[self.cx, template, context, home]);
                self.b.inst_results(call)[0]
            }
            NodeKind::ClosureContext(closure) => {
                let f = self.get(*closure, Repr::Tagged)?;
                let mask = self.iconst64(PAYLOAD_MASK);
                let ptr = self.b.ins().band(f, mask);
                let body = self.object_body(ptr);
                let (_, context_at) = tetra_vm::tiering::direct_call::closure_field_offsets();
                self.b.ins().load(types::I64, flags(), body, context_at as i32)
            }
            NodeKind::CheckIdentityComparable { value, fs } => {
                let fs = *fs;
                let v = self.get(*value, Repr::Tagged)?;
                // Doubles and int32s are below TAG_IMM; strings and BigInt cells are the tags above it compared by
                // contents. Small BigInts (TAG_SMALL_BIGINT) are canonical, so their bits are their identity.
                let tag = self.b.ins().ushr_imm_u(v, TAG_SHIFT as i64);
                let number = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, tag, TAG_IMM as i64);
                let string = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_STRING as i64);
                let bigint = self.b.ins().icmp_imm_u(IntCC::Equal, tag, TAG_BIGINT as i64);
                let bad = self.b.ins().bor(number, string);
                let bad = self.b.ins().bor(bad, bigint);
                self.deopt_if(bad, fs, DeoptReason::NumberOrString);
                v
            }
            NodeKind::CheckHole { value, hole_throws, fs } => {
                let (hole_throws, fs) = (*hole_throws, *fs);
                let v = self.get(*value, Repr::Tagged)?;
                let cc = if hole_throws { IntCC::Equal } else { IntCC::NotEqual };
                let bad = self.b.ins().icmp_imm_s(cc, v, Value::HOLE.0 as i64);
                self.deopt_if(bad, fs, DeoptReason::Hole);
                v
            }
            NodeKind::ArrayIteratorNext { pc, iterator, acc, spills } => {
                let (pc, iterator, acc, spills) = (*pc, *iterator, *acc, spills.clone());
                self.array_iterator_next(n, pc, iterator, acc, &spills)?
            }
            NodeKind::CheckInvalidated { fs } => {
                if self.invalidatable {
                    let flag = self.iconst64(self.invalid_flag as u64);
                    let byte = self.b.ins().uload8(types::I32, flags(), flag, 0);
                    let invalid = self.b.ins().icmp_imm_u(IntCC::NotEqual, byte, 0);
                    self.deopt_if(invalid, *fs, DeoptReason::DependencyChanged);
                }
                self.iconst64(Value::UNDEFINED.0)
            }
            NodeKind::CountBackedge { counter, stat } => {
                let (counter, stat) = (self.iconst64(*counter as u64), *stat as u64);
                let count = self.b.ins().load(types::I64, flags(), counter, 0);
                let (first, counted) = (self.b.create_block(), self.b.create_block());
                self.b.set_cold_block(first);
                self.b.ins().brif(count, counted, &[], first, &[]);
                self.b.switch_to_block(first);
                let note = self.iconst64(tetra_vm::tiering::loop_stats::note_first_run as *const () as u64);
                let stat = self.iconst64(stat);
                let tier = self.b.ins().iconst(types::I32, tetra_vm::tiering::Tier::Mid as i64);
                self.b.ins().call_indirect(self.note_sig, note, &[self.cx, stat, tier]);
                self.b.ins().jump(counted, &[]);
                self.b.switch_to_block(counted);
                let count = self.b.ins().load(types::I64, flags(), counter, 0);
                let count = self.b.ins().iadd_imm_s(count, 1);
                self.b.ins().store(flags(), count, counter, 0);
                self.iconst64(Value::UNDEFINED.0)
            }
            NodeKind::AllocateThis { inline, fs } => {
                let (inline, fs) = (**inline, *fs);
                self.inline_allocate_this(&inline, fs)
            }
            NodeKind::NewArray { len, fs } => {
                let (len, fs) = (self.get(*len, Repr::Int32)?, *fs);
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, len, 0);
                self.deopt_if(negative, fs, DeoptReason::ArrayTooLong);
                let len = self.b.ins().uextend(types::I64, len);
                let f = self.iconst64(tetra_vm::tiering::direct_call::new_array as *const () as u64);
                let call = self.b.ins().call_indirect(self.two_value_sig, f, &[self.cx, len]);
                self.b.inst_results(call)[0]
            }
            NodeKind::StringSubstring { string, start, end, fs } => {
                let (string, fs) = (self.get(*string, Repr::Tagged)?, *fs);
                let tag = self.b.ins().ushr_imm_u(string, TAG_SHIFT as i64);
                let not_string = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, TAG_STRING as i64);
                self.deopt_if(not_string, fs, DeoptReason::NotAString);
                let start = self.get(*start, Repr::Int32)?;
                let start = self.b.ins().sextend(types::I64, start);
                let (end, has_end) = match end {
                    Some(e) => {
                        let e = self.get(*e, Repr::Int32)?;
                        (self.b.ins().sextend(types::I64, e), self.iconst64(1))
                    }
                    None => (self.iconst64(0), self.iconst64(0)),
                };
                let f = self.iconst64(tetra_vm::tiering::direct_call::substring as *const () as u64);
                let call = self.b.ins().call_indirect(self.substring_sig, f, &[self.cx, string, start, end, has_end]);
                self.b.inst_results(call)[0]
            }
            NodeKind::ConstructResult { value, this } => {
                let (value, this) = (self.get(*value, Repr::Tagged)?, self.get(*this, Repr::Tagged)?);
                let object = self.has_tag(value, TAG_OBJECT);
                self.b.ins().select(object, value, this)
            }
            NodeKind::CheckValue { value, expected, reason, fs } => {
                let (fs, reason) = (*fs, *reason);
                let (v, e) = (self.get(*value, Repr::Tagged)?, self.get(*expected, Repr::Tagged)?);
                let wrong = self.b.ins().icmp(IntCC::NotEqual, v, e);
                self.deopt_if(wrong, fs, reason);
                v
            }
            NodeKind::StrictEqual(a, b) => {
                let (a, b) = (self.get(*a, Repr::Tagged)?, self.get(*b, Repr::Tagged)?);
                self.strict_equal(a, b)
            }
            NodeKind::LoadElement { object, object_known, key, pc, spills, fs } => {
                let (object, known, key, pc, spills, fs) = (*object, *object_known, *key, *pc, spills.clone(), *fs);
                self.element(n, (object, known), key, None, pc, &spills, fs)?
            }
            NodeKind::StoreElement { object, object_known, key, value, pc, spills, fs } => {
                let (object, known, key, value) = (*object, *object_known, *key, *value);
                let (pc, spills, fs) = (*pc, spills.clone(), *fs);
                self.element(n, (object, known), key, Some(value), pc, &spills, fs)?
            }
            NodeKind::LoadTypedElement { object, index, kind, fs } => {
                let (object, index, kind, fs) = (*object, *index, *kind, *fs);
                self.load_typed_element(object, index, kind, fs)?
            }
            NodeKind::StoreTypedElement { object, index, value, kind, fs } => {
                let (object, index, value, kind, fs) = (*object, *index, *value, *kind, *fs);
                self.store_typed_element(object, index, value, kind, fs)?
            }
            NodeKind::LoadNamed { object, cases, fs, known } => {
                let (object, cases, fs, known) = (*object, cases.clone(), *fs, *known);
                self.load_named(object, &cases, fs, known)?
            }
            NodeKind::StoreNamed { object, value, cases, fs, known } => {
                let (object, value, cases, fs, known) = (*object, *value, cases.clone(), *fs, *known);
                self.store_named(object, value, &cases, fs, known)?
            }
            NodeKind::CallDirect(call) => self.call_direct(n, call)?,
            NodeKind::Generic { pc, acc, spills, .. } => {
                let (pc, acc, spills) = (*pc, *acc, spills.clone());
                self.generic(n, pc, acc, &spills)?
            }
        };
        self.vals[n.0 as usize] = Some(v);
        Ok(())
    }

    /// The arguments of the edge `from -> to`: each phi's input for that edge, in the phi's representation.
    fn edge_args(&mut self, from: BlockId, to: BlockId) -> Result<Vec<BlockArg>, String> {
        let target = self.g.block(to);
        let pos = target.preds.iter().position(|&p| p == from).ok_or_else(|| format!("{from} is no pred of {to}"))?;
        let mut args = Vec::new();
        for &n in &target.nodes {
            let NodeKind::Phi(inputs) = &self.g.node(n).kind else {
                break;
            };
            let input = *inputs.get(pos).ok_or_else(|| format!("phi {n} lacks an input for {from}"))?;
            let repr = self.g.node(n).repr;
            let from_osr = matches!(self.g.node(input).kind, NodeKind::OsrValue(_) | NodeKind::OsrAccumulator);
            if !from_osr && repr != Repr::Tagged && crate::repr::checked_on_entry(self.g, n, pos, input) {
                // A tagged value from before the loop, checked on the way in (the header's state on this edge).
                let fs = self.g.loop_entries[&to][pos];
                let v = match repr {
                    Repr::Int32 => self.int32(input, fs)?,
                    Repr::Float64 => self.number(input, fs)?,
                    Repr::Bool | Repr::Tagged => return Err(format!("phi {n} checked on entry as {repr:?}")),
                };
                args.push(BlockArg::Value(v));
                continue;
            }
            let v = match (from_osr, repr, self.g.osr) {
                // The frame's tagged value where the loop keeps an unboxed one: checked, else back to interp.
                (true, Repr::Int32, Some(osr)) => self.int32(input, osr.state)?,
                (true, Repr::Float64, Some(osr)) => self.number(input, osr.state)?,
                (true, Repr::Bool, Some(osr)) => {
                    let v = self.val(input)?;
                    let t = self.b.ins().icmp_imm_s(IntCC::Equal, v, Value::TRUE.0 as i64);
                    let f = self.b.ins().icmp_imm_s(IntCC::Equal, v, Value::FALSE.0 as i64);
                    let either = self.b.ins().bor(t, f);
                    let bad = self.b.ins().icmp_imm_s(IntCC::Equal, either, 0);
                    self.deopt_if(bad, osr.state, DeoptReason::NotABoolean);
                    t
                }
                _ => self.get(input, repr)?,
            };
            args.push(BlockArg::Value(v));
        }
        Ok(args)
    }

    fn terminator(&mut self, here: BlockId, term: &Terminator) -> Result<(), String> {
        match term {
            Terminator::None => return Err(format!("{here} has no terminator")),
            Terminator::Jump(to) => {
                let args = self.edge_args(here, *to)?;
                self.b.ins().jump(self.blocks[to.0 as usize], &args);
            }
            Terminator::Branch { cond, if_true, if_false } => {
                let c = self.get(*cond, Repr::Bool)?;
                let (ta, fa) = (self.edge_args(here, *if_true)?, self.edge_args(here, *if_false)?);
                let (tb, fb) = (self.blocks[if_true.0 as usize], self.blocks[if_false.0 as usize]);
                self.b.ins().brif(c, tb, &ta, fb, &fa);
            }
            Terminator::BranchOnJump { generic, jump, next } => {
                let status = *self.status.get(generic).ok_or("BranchOnJump without its generic node")?;
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, status, STUB_JUMP as i64);
                let (ja, na) = (self.edge_args(here, *jump)?, self.edge_args(here, *next)?);
                let (jb, nb) = (self.blocks[jump.0 as usize], self.blocks[next.0 as usize]);
                self.b.ins().brif(c, jb, &ja, nb, &na);
            }
            Terminator::GeneratorSwitch { cases, fresh } => {
                // One i64 in, one out: the signature of to_boolean fits the resume-pc query.
                let f = self.iconst64(tetra_vm::tiering::runtime::generator_resume_pc as *const () as u64);
                let call = self.b.ins().call_indirect(self.to_boolean_sig, f, &[self.fp]);
                let pc = self.b.inst_results(call)[0];
                for &(at, to) in cases {
                    let hit = self.b.ins().icmp_imm_s(IntCC::Equal, pc, at as i64);
                    let args = self.edge_args(here, to)?;
                    let next = self.b.create_block();
                    self.b.ins().brif(hit, self.blocks[to.0 as usize], &args, next, &[]);
                    self.b.switch_to_block(next);
                }
                let args = self.edge_args(here, *fresh)?;
                self.b.ins().jump(self.blocks[fresh.0 as usize], &args);
            }
            Terminator::Return(v) => {
                let v = self.get(*v, Repr::Tagged)?;
                let ok = self.iconst64(0);
                self.b.ins().return_(&[v, ok]);
            }
            Terminator::Unreachable => {
                self.b.ins().trap(TrapCode::unwrap_user(1));
            }
            Terminator::Deopt { fs, reason } => {
                self.deopt_jump(*fs, *reason);
            }
        }
        Ok(())
    }
}
