//! The graph builder: one pass over the bytecode, abstractly interpreting the interpreter's registers and
//! accumulator into SSA values, with one `visit` per bytecode (an exhaustive match, no wildcard).
//!
//! Invariants:
//! - Blocks are built in bytecode order. Every predecessor of a block that is not a loop header comes before it, so
//!   its phis are made once, when it starts; a loop header gets a phi for every register live at it (and the
//!   accumulator, if live), whose back-edge inputs are appended when the back edge is built.
//! - The environment tracks, per parameter and local register, its SSA value and whether the frame slot holds that
//!   value already (`in_frame`): true at entry, after a generic instruction spilled it, and at a merge where it was
//!   true on every incoming edge. Frame states list only live registers whose slot is stale.
//! - Header slots (closure, context, this, new.target) are never cached: they are read from the frame, and written
//!   only by generic instructions.
//! - Speculation reads the feedback vector once, here; a check's frame state is the state before the instruction,
//!   so a failed check re-executes that instruction in `interp`. Checks come before any side effect of their
//!   instruction.
//! - Exception handlers and generator resume points are not built: an exception inside a `try` resumes `interp`,
//!   which runs the handler.

mod calls;
mod facts;
mod inline;
mod properties;
mod typed_elements;

use crate::ir::*;
use facts::Facts;
use inline::Inlined;
use std::rc::Rc;
use tetra_gc::Gc;
use tetra_vm::bytecode::{AccUse, FunctionKind, Insn, Reg};
use tetra_vm::feedback::{FeedbackSlot, Handler, IcEntry, hint};
use tetra_vm::frame::HEADER_SIZE;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::jit::analysis::{BytecodeAnalysis, register_effects};
use tetra_vm::object::{FLAG_CLASS_CONSTRUCTOR, JsObject, ObjectKind};
use tetra_vm::tiering::deopt::DeoptReason;
use tetra_vm::tiering::{Tier, loop_stats};
use tetra_vm::value::{TAG_OBJECT, Value};

/// What the compiler knows of the VM it compiles for (0 when unknown, as in unit tests): the realm's private
/// string-receiver shape and global object (tagged), which the graph refers to, and `Vm::frame_limit`, which direct
/// calls check the register file against (0: they always take the call's routine).
#[derive(Clone, Copy, Default)]
pub struct VmRefs {
    pub string_shape: usize,
    pub global: usize,
    pub frame_limit: usize,
    /// The VM's heap (a pointer, for `Heap::inline_allocation`; null: nothing is allocated inline).
    pub heap: usize,
    /// `Vm::global_cells` (a pointer; null: global loads are not folded).
    pub global_cells: usize,
    /// The realm's Array constructor (tagged; 0: `new Array` is an ordinary construct).
    pub array_constructor: u64,
    /// `Vm::tier_cell`: the code records `Tier::Mid` there at its entry and after its direct calls (0: it does not,
    /// for code that is only compiled, in unit tests).
    pub tier_cell: usize,
    /// The inliner's budgets.
    pub inlining: Inlining,
}

/// How much the inliner may inline (V8's `--max-inlined-bytecode-size` and `--max-inlined-bytecode-size-cumulative`):
/// callees up to `callee` bytes of bytecode, `cumulative` bytes in all per compiled function (0: no inlining).
#[derive(Clone, Copy)]
pub struct Inlining {
    pub callee: usize,
    pub cumulative: usize,
}

impl Default for Inlining {
    fn default() -> Self {
        Inlining { callee: inline::MAX_INLINE_BYTECODE, cumulative: inline::MAX_INLINED_BYTES }
    }
}

/// Where slot `slot` is in an object whose shape has `inline_cap` in-object slots.
fn slot_at(slot: u32, inline_cap: u32) -> SlotAt {
    let header = std::mem::size_of::<tetra_vm::object::JsObject>();
    if slot < inline_cap {
        SlotAt::InObject { offset: (header + slot as usize * 8) as i32 }
    } else {
        let vector = header + inline_cap as usize * 8 + tetra_vm::tiering::runtime::BODY_SLOTS_OFFSET;
        SlotAt::OutOfLine { vector: vector as i32, index: (slot - inline_cap) as i32 }
    }
}

/// A named slot whose value the block knows: of the object a node is, or of a prototype holder (a constant), at a
/// place (`place_of`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct FieldKey {
    object: FieldObject,
    place: (i32, i32),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum FieldObject {
    Node(NodeId),
    Holder(usize),
}

/// A slot's place as a pair: (0, byte offset) in the object, (vector offset, index) out of line. Two objects' slots
/// at the same place may alias (the nodes may be the same object).
fn place_of(at: SlotAt) -> (i32, i32) {
    match at {
        SlotAt::InObject { offset } => (0, offset),
        SlotAt::OutOfLine { vector, index } => (vector, index),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Val {
    node: NodeId,
    in_frame: bool,
}

#[derive(Clone, Debug)]
struct Env {
    /// Indexed by the analysis' dense register index; `None` for header slots and dead registers.
    regs: Vec<Option<Val>>,
    acc: Option<NodeId>,
}

/// What feedback says about an arithmetic or compare site.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Speculation {
    Int32,
    Number,
    Generic,
    /// The site never ran although the function did: a deopt (V8's "insufficient type feedback"), so that code
    /// that never ran does not make the values around it generic.
    Unreached,
}

pub struct Builder<'a> {
    t: &'a FunctionTemplate,
    a: Rc<BytecodeAnalysis>,
    pub g: Graph,
    /// IR block of each analysis block, made when the first edge to it is built.
    ir_blocks: Vec<Option<BlockId>>,
    /// Per analysis block: the environments of its incoming edges built so far, in `preds` order, and their facts.
    incoming: Vec<Vec<(Env, Facts)>>,
    /// Per loop-header analysis block: its phis (register index or `None` for the accumulator).
    loop_phis: Vec<Vec<(Option<usize>, NodeId)>>,
    env: Env,
    vm: VmRefs,
    /// Whether the function has run with feedback (compiled when hot, not eagerly at its first call): sites
    /// without feedback then never ran and deoptimise instead of being generic.
    feedback_mode: bool,
    /// Set while building an inlined callee (see `inline.rs`).
    inlined: Option<Box<Inlined>>,
    /// What is known at the current point besides the registers (`facts.rs`).
    facts: Facts,
    /// The frame state eager deopts resume at (Maglev's checkpoint): the state before the first instruction after
    /// the block's start or its last node with an effect. The interpreter re-executes the instructions from there,
    /// which only computed values, so one exit serves every check in between (exits are a large part of the
    /// code Cranelift compiles).
    checkpoint: Option<FrameStateId>,
    cur: BlockId,
    /// Whether the current block still falls through (no terminator yet).
    open: bool,
}

/// Builds the graph of `t`, or says why `mid` does not compile it.
pub fn build(t: &FunctionTemplate, osr: Option<u32>, vm: VmRefs) -> Result<Graph, String> {
    if !t.eval_scopes.is_empty() {
        return Err("functions with a direct eval are not compiled by mid (eval code reads the frame's context)".into());
    }
    let mut b = Builder::new(t, Graph::default(), vm, BlockId(0), None);
    b.entry();
    if let Some(header) = osr {
        b.osr_entry(header)?;
    }
    b.build_blocks()?;
    Ok(b.g)
}

/// Whether `t` has run with feedback (it was not compiled eagerly at its first call).
fn has_feedback(t: &FunctionTemplate) -> bool {
    // SAFETY: the feedback vector is only written by the thread that runs the function, which is compiling.
    t.feedback_mut().iter().any(|s| match s {
        FeedbackSlot::Uninitialized | FeedbackSlot::Hint(0) => false,
        FeedbackSlot::Call { count, .. } => *count > 0,
        _ => true,
    })
}

impl<'a> Builder<'a> {
    /// A builder of `t`'s bytecode into `g`, continuing from block `cur` (an inlined callee's: its caller's).
    fn new(t: &'a FunctionTemplate, g: Graph, vm: VmRefs, cur: BlockId, inlined: Option<Box<Inlined>>) -> Self {
        let a = BytecodeAnalysis::of(t);
        let n = a.blocks.len();
        let size = a.param_count as usize + HEADER_SIZE + a.register_count as usize;
        Builder {
            t,
            a,
            g,
            ir_blocks: vec![None; n],
            incoming: vec![Vec::new(); n],
            loop_phis: vec![Vec::new(); n],
            env: Env { regs: vec![None; size], acc: None },
            vm,
            feedback_mode: has_feedback(t),
            inlined,
            facts: Facts::default(),
            checkpoint: None,
            cur,
            open: false,
        }
    }

    /// Builds every block reached so far from the entries, in bytecode order.
    fn build_blocks(&mut self) -> Result<(), String> {
        for bi in 0..self.a.blocks.len() {
            self.build_block(bi)?;
        }
        Ok(())
    }

    fn reg_index(&self, r: Reg) -> usize {
        self.a.reg_index(r)
    }

    fn is_header(r: Reg) -> bool {
        r.0 >= 0 && (r.0 as usize) < HEADER_SIZE
    }

    fn node(&mut self, pc: u32, kind: NodeKind, repr: Repr) -> NodeId {
        self.facts.note_effects(&kind);
        if !Self::repeatable(&kind) {
            self.checkpoint = None;
        }
        // A node's pc is an offset in the compiled function's bytecode (the listing and the source map read it
        // there): an inlined callee's nodes take the outermost call's.
        let pc = self.inlined.as_ref().map_or(pc, |i| i.outer_pc);
        self.g.add_node(self.cur, pc, kind, repr)
    }

    /// Whether the interpreter may run the instruction of a node again after a later deopt resumed it at an earlier
    /// checkpoint: the node has no effect (`NodeKind::effect`).
    fn repeatable(kind: &NodeKind) -> bool {
        kind.effect() == Effect::None
    }

    /// The entry block: parameters from their frame slots, locals undefined (as `write_frame` leaves them), then a
    /// jump to the block at offset 0 (which may be a loop header).
    fn entry(&mut self) {
        self.cur = self.g.add_block(0, false);
        let params: Vec<NodeId> =
            (0..self.t.param_count).map(|i| self.node(0, NodeKind::Entry(Reg::param(i).0), Repr::Tagged)).collect();
        self.enter(0, &params, true);
    }

    /// Binds the parameters to `params` (missing ones are undefined), the locals and the accumulator to undefined
    /// (as `write_frame` leaves them), and jumps from the current block to the block at offset 0. `in_frame`: whether
    /// the frame slots hold these values (not for an inlined callee, which has no frame).
    fn enter(&mut self, pc: u32, params: &[NodeId], in_frame: bool) {
        let undefined = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        for i in 0..self.t.param_count {
            let node = params.get(i as usize).copied().unwrap_or(undefined);
            let idx = self.reg_index(Reg::param(i));
            self.env.regs[idx] = Some(Val { node, in_frame });
        }
        for i in 0..self.t.register_count {
            let idx = self.reg_index(Reg::local(i));
            self.env.regs[idx] = Some(Val { node: undefined, in_frame });
        }
        self.env.acc = Some(undefined);
        self.open = true;
        let first = self.edge_to(0);
        self.terminate(Terminator::Jump(first));
    }

    /// The OSR entry: a second way into the loop at `header`, from a running interpreter or baseline frame. Every
    /// register live at the header is in its frame slot; the accumulator comes in as the entry's argument. Their
    /// representations are checked against the header's phis on the edge (a mismatch resumes `interp` there).
    fn osr_entry(&mut self, header: u32) -> Result<(), String> {
        if !self.a.is_loop_header(header) {
            return Err(format!("OSR entry at {header}, which is not a loop header"));
        }
        self.cur = self.g.add_block(header, false);
        self.facts = Facts::default();
        let live = self.a.live_in(header).clone();
        let size = self.env.regs.len();
        self.env = Env { regs: vec![None; size], acc: None };
        for idx in live.registers.iter() {
            let r = self.a.reg_of_index(idx);
            if idx < size && !Self::is_header(r) {
                let n = self.node(header, NodeKind::OsrValue(r.0), Repr::Tagged);
                self.env.regs[idx] = Some(Val { node: n, in_frame: true });
            }
        }
        if live.accumulator {
            let n = self.node(header, NodeKind::OsrAccumulator, Repr::Tagged);
            self.env.acc = Some(n);
        }
        let state = self.g.add_frame_state(FrameState {
            pc: header,
            registers: Vec::new(),
            accumulator: self.env.acc,
            inlined: None,
        });
        let block = self.cur;
        self.open = true;
        let target = self.edge_to_pc(header);
        self.terminate(Terminator::Jump(target));
        self.g.osr = Some(OsrEntry { block, header, state });
        Ok(())
    }

    /// Records an edge from the current block to the analysis block at `pc` (its IR block is made on demand) and
    /// returns that IR block. A back edge to a built loop header fills the header's phis.
    fn edge_to_pc(&mut self, pc: u32) -> BlockId {
        let bi = self.a.block_index_at(pc).expect("jump targets start blocks");
        self.edge_to(bi)
    }

    fn edge_to(&mut self, bi: usize) -> BlockId {
        let target = match self.ir_blocks[bi] {
            Some(b) => b,
            None => {
                let info = &self.a.blocks[bi];
                let b = self.g.add_block(info.start, info.is_loop_header);
                self.ir_blocks[bi] = Some(b);
                b
            }
        };
        self.g.block_mut(target).preds.push(self.cur);
        if self.a.blocks[bi].is_loop_header && self.loop_phis[bi].is_empty() {
            // A forward edge into a loop: the interpreter's state at the header, were a value from this edge to
            // fail its check there.
            let header = self.a.blocks[bi].start;
            let fs = if self.inlined.is_some() {
                self.inlined_frame_state(header)
            } else {
                let registers = self.stale_registers(header);
                let accumulator = if self.a.live_in(header).accumulator { self.env.acc } else { None };
                self.g.add_frame_state(FrameState { pc: header, registers, accumulator, inlined: None })
            };
            self.g.loop_entries.entry(target).or_default().push(fs);
        }
        if !self.loop_phis[bi].is_empty() {
            // A back edge: the header's phis get this edge's values.
            let phis = self.loop_phis[bi].clone();
            for (idx, phi) in phis {
                let v = match idx {
                    Some(i) => self.env.regs[i].expect("registers live at a loop header are defined").node,
                    None => self.env.acc.expect("the accumulator is defined when live"),
                };
                if let NodeKind::Phi(ins) = &mut self.g.node_mut(phi).kind {
                    ins.push(v);
                }
            }
        } else {
            self.incoming[bi].push((self.env.clone(), self.facts.clone()));
        }
        target
    }

    fn terminate(&mut self, term: Terminator) {
        self.g.block_mut(self.cur).terminator = term;
        self.open = false;
    }

    /// Starts analysis block `bi`: merges the incoming environments (phis where they differ), or skips the block when
    /// no edge reaches it in mid code (exception handlers, resume points, dead code).
    fn start_block(&mut self, bi: usize) -> Result<bool, String> {
        let Some(block) = self.ir_blocks[bi] else {
            return Ok(false);
        };
        self.checkpoint = None;
        let info = &self.a.blocks[bi];
        let (start, is_loop) = (info.start, info.is_loop_header);
        let incoming = std::mem::take(&mut self.incoming[bi]);
        if incoming.is_empty() {
            return Err(format!("block at {start} is reached only by a back edge"));
        }
        self.cur = block;
        self.open = true;
        let live = self.a.live_in(start).clone();
        let size = self.env.regs.len();
        let written = if is_loop { self.loop_writes(start) } else { Vec::new() };
        // A loop that contains the OSR entry gets a phi for every live register: around its back edge flows the
        // value that came through the OSR entry, which the value from before the loop does not dominate.
        let contains_osr = is_loop
            && self.inlined.is_none()
            && self
                .g
                .osr
                .map(|o| o.header)
                .is_some_and(|h| self.a.loop_with_header(start).is_some_and(|l| start <= h && h < l.end));
        let mut env = Env { regs: vec![None; size], acc: None };
        for idx in live.registers.iter() {
            if idx >= size || Self::is_header(self.a.reg_of_index(idx)) {
                continue;
            }
            let vals: Vec<Val> = incoming
                .iter()
                .map(|(e, _)| e.regs[idx].ok_or_else(|| format!("register {idx} undefined on an edge into {start}")))
                .collect::<Result<_, _>>()?;
            let first = vals[0];
            // A register the loop never writes keeps its value (and its frame slot) around the back edge: no phi,
            // unless it comes in tagged (a parameter, a loaded value): then a phi whose back edge is itself lets
            // the loop keep it unboxed when the header checks it (`repr.rs`), and its slot still holds it.
            let unchanged_in_loop = is_loop && !written[idx] && !contains_osr;
            let same = vals.iter().all(|v| v.node == first.node);
            let tagged_in = same
                && self.repr(first.node) == Repr::Tagged
                && !matches!(self.g.node(first.node).kind, NodeKind::Constant(_));
            if unchanged_in_loop && tagged_in && self.inlined.is_none() {
                let phi = self.node(start, NodeKind::Phi(vals.iter().map(|v| v.node).collect()), Repr::Tagged);
                env.regs[idx] = Some(Val { node: phi, in_frame: vals.iter().all(|v| v.in_frame) });
                self.loop_phis[bi].push((Some(idx), phi));
            } else if (!is_loop || unchanged_in_loop) && same {
                env.regs[idx] = Some(Val { node: first.node, in_frame: vals.iter().all(|v| v.in_frame) });
            } else {
                let phi = self.node(start, NodeKind::Phi(vals.iter().map(|v| v.node).collect()), Repr::Tagged);
                let in_frame = !is_loop && vals.iter().all(|v| v.in_frame);
                env.regs[idx] = Some(Val { node: phi, in_frame });
                if is_loop {
                    self.loop_phis[bi].push((Some(idx), phi));
                }
            }
        }
        if live.accumulator {
            let accs: Vec<NodeId> = incoming
                .iter()
                .map(|(e, _)| e.acc.ok_or_else(|| format!("accumulator undefined on an edge into {start}")))
                .collect::<Result<_, _>>()?;
            if !is_loop && accs.iter().all(|&a| a == accs[0]) {
                env.acc = Some(accs[0]);
            } else {
                let phi = self.node(start, NodeKind::Phi(accs), Repr::Tagged);
                env.acc = Some(phi);
                if is_loop {
                    self.loop_phis[bi].push((None, phi));
                }
            }
        }
        self.env = env;
        self.facts = Facts::merge(incoming.into_iter().map(|(_, f)| f).collect(), is_loop);
        Ok(true)
    }

    /// Which registers (by dense index) an instruction of the loop headed at `header` may write.
    fn loop_writes(&self, header: u32) -> Vec<bool> {
        let mut written = vec![false; self.env.regs.len()];
        let Some(l) = self.a.loop_with_header(header) else {
            return vec![true; written.len()];
        };
        let mut pc = header;
        while pc < l.end {
            let insn = Insn::decode(&self.t.bytecode, pc as usize);
            let effects = register_effects(self.t, &insn);
            if effects.writes_all {
                return vec![true; written.len()];
            }
            for r in effects.writes {
                written[self.reg_index(r)] = true;
            }
            pc += insn.op().size() as u32;
        }
        written
    }

    fn build_block(&mut self, bi: usize) -> Result<(), String> {
        if !self.start_block(bi)? {
            return Ok(());
        }
        let (start, end) = (self.a.blocks[bi].start, self.a.blocks[bi].end);
        let mut pc = start;
        while pc < end && self.open {
            let insn = Insn::decode(&self.t.bytecode, pc as usize);
            let next = pc + insn.op().size() as u32;
            self.visit(pc, next, insn)?;
            if let Some(why) = self.inlined.as_ref().and_then(|i| i.abort.clone()) {
                return Err(format!("not inlined: {why}"));
            }
            pc = next;
        }
        if self.open {
            // Falls through into the next block.
            let target = self.edge_to_pc(end);
            self.terminate(Terminator::Jump(target));
        }
        Ok(())
    }

    // ---- values

    fn acc(&self) -> NodeId {
        self.env.acc.expect("the accumulator is defined where it is read")
    }

    fn set_acc(&mut self, n: NodeId) {
        self.env.acc = Some(n);
    }

    fn reg(&mut self, pc: u32, r: Reg) -> NodeId {
        if let Some(i) = &self.inlined
            && Self::is_header(r)
        {
            // An inlined callee has no frame: `this` is the call's receiver; other header slots are not known.
            if r == Reg::THIS && (self.t.is_strict || i.construct) {
                return i.this;
            }
            self.abort_inline(format!("reads header register {}", r.0));
            return self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        }
        if Self::is_header(r) {
            if let Some(&n) = self.facts.header_reads.get(&r.0) {
                return n;
            }
            let n = self.node(pc, NodeKind::LoadRegister(r.0), Repr::Tagged);
            self.facts.header_reads.insert(r.0, n);
            return n;
        }
        let idx = self.reg_index(r);
        match self.env.regs[idx] {
            Some(v) => v.node,
            // Read of a register the liveness analysis calls dead here: only by a generic instruction that reads
            // more than it needs (e.g. a whole argument range); the frame slot is what it would read.
            None => {
                let n = self.node(pc, NodeKind::LoadRegister(r.0), Repr::Tagged);
                self.env.regs[idx] = Some(Val { node: n, in_frame: true });
                n
            }
        }
    }

    fn set_reg(&mut self, r: Reg, n: NodeId) {
        let idx = self.reg_index(r);
        self.env.regs[idx] = Some(Val { node: n, in_frame: false });
    }

    fn constant(&mut self, pc: u32, v: Value) -> NodeId {
        if v.is_int() {
            self.node(pc, NodeKind::Int32Constant(v.as_int()), Repr::Int32)
        } else if v.is_double() {
            self.node(pc, NodeKind::Float64Constant(v.as_double()), Repr::Float64)
        } else {
            self.node(pc, NodeKind::Constant(v), Repr::Tagged)
        }
    }

    /// The frame state an eager deopt before the instruction at `pc` resumes at: the block's checkpoint (see
    /// `checkpoint`), made here at `pc` when there is none.
    fn frame_state(&mut self, pc: u32) -> FrameStateId {
        if let Some(fs) = self.checkpoint {
            return fs;
        }
        let fs = self.precise_frame_state(pc);
        self.checkpoint = Some(fs);
        fs
    }

    /// The frame state before the instruction at `pc`: live registers whose slot is stale, and the accumulator.
    fn precise_frame_state(&mut self, pc: u32) -> FrameStateId {
        if self.inlined.is_some() {
            return self.inlined_frame_state(pc);
        }
        let registers = self.stale_registers(pc);
        let accumulator = if self.a.live_in(pc).accumulator { self.env.acc } else { None };
        self.g.add_frame_state(FrameState { pc, registers, accumulator, inlined: None })
    }

    /// The registers live before `pc` whose frame slots do not hold their current values.
    fn stale_registers(&self, pc: u32) -> Vec<(i16, NodeId)> {
        let live = self.a.live_in(pc);
        live.registers
            .iter()
            .filter_map(|idx| match self.env.regs.get(idx) {
                Some(Some(v)) if !v.in_frame => Some((self.a.reg_of_index(idx).0, v.node)),
                _ => None,
            })
            .collect()
    }

    fn repr(&self, n: NodeId) -> Repr {
        self.g.node(n).repr
    }

    /// The value as an int32, checked once: a later use where the check is known reuses it, as it dominates the
    /// use (had it failed, the code would have deoptimised there).
    fn check_int32(&mut self, pc: u32, v: NodeId, fs: FrameStateId) -> NodeId {
        self.check(pc, v, Repr::Int32, NodeKind::CheckInt32(v, fs))
    }

    fn check_number(&mut self, pc: u32, v: NodeId, fs: FrameStateId) -> NodeId {
        self.check(pc, v, Repr::Float64, NodeKind::CheckNumber(v, fs))
    }

    /// `v` as an int32 if a check that dominates here made it one (an element access then needs no tag test of
    /// its key), else `v` as it is.
    fn known_int32(&self, v: NodeId) -> NodeId {
        self.facts.checked.get(&(v, Repr::Int32)).copied().unwrap_or(v)
    }

    /// Whether a dominating access proved `v` an object: an element access that deoptimises otherwise, or a named
    /// access that checked its shape (`load_named` records only shapes of objects).
    fn known_object(&self, v: NodeId) -> bool {
        self.facts.objects.contains_key(&v) || self.facts.shapes.contains_key(&v)
    }

    /// After the element access `n` on `object`: with a deopt off its fast path (`fs`), the code after it runs only
    /// if `object` is an object. (A routine off the fast path accepts anything.)
    fn note_object(&mut self, object: NodeId, n: NodeId, fs: Option<FrameStateId>) {
        if fs.is_some() {
            self.facts.objects.entry(object).or_insert(n);
        }
    }

    fn check(&mut self, pc: u32, v: NodeId, repr: Repr, check: NodeKind) -> NodeId {
        if self.repr(v) == repr {
            return v;
        }
        if let Some(&c) = self.facts.checked.get(&(v, repr)) {
            return c;
        }
        let c = self.node(pc, check, repr);
        self.facts.checked.insert((v, repr), c);
        c
    }

    fn speculation(&self, slot: u16) -> Speculation {
        // SAFETY: the feedback vector is only written by the thread that runs the function, which is compiling.
        let fb = &self.t.feedback_mut()[slot as usize];
        match fb {
            FeedbackSlot::Hint(h) if *h == hint::INT32 => Speculation::Int32,
            FeedbackSlot::Hint(h) if *h != 0 && h & !(hint::INT32 | hint::NUMBER) == 0 => Speculation::Number,
            FeedbackSlot::Hint(0) | FeedbackSlot::Uninitialized if self.feedback_mode => Speculation::Unreached,
            _ => Speculation::Generic,
        }
    }

    /// Ends the block with an unconditional deopt: the instruction at `pc` never ran. Returns a placeholder value
    /// for the (unreachable) rest of the instruction.
    fn unreached(&mut self, pc: u32) -> NodeId {
        let placeholder = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
        let fs = self.frame_state(pc);
        self.terminate(Terminator::Deopt { fs, reason: DeoptReason::InsufficientFeedback });
        placeholder
    }

    /// A named access site that never ran (in feedback mode).
    fn unreached_site(&self, slot: u16) -> bool {
        // SAFETY: as in `speculation`.
        self.feedback_mode && matches!(self.t.feedback_mut()[slot as usize], FeedbackSlot::Uninitialized)
    }

    /// An element access site whose routine ran off the dense fast path (the interpreter marks it megamorphic).
    fn took_slow_path(&self, slot: u16) -> bool {
        // SAFETY: as in `speculation`.
        matches!(self.t.feedback_mut()[slot as usize], FeedbackSlot::Megamorphic)
    }

    /// What an element access does off its fast path: the routine after these spills, or in an inlined callee
    /// (which has no frame) a deopt with this state.
    fn element_fallback(&mut self, pc: u32, insn: &Insn) -> (Vec<(i16, NodeId)>, Option<FrameStateId>) {
        if self.inlined.is_some() {
            // Precise: the deopt marks this site's feedback (it must find the instruction at the state's offset).
            (Vec::new(), Some(self.precise_frame_state(pc)))
        } else {
            (self.routine_spills(pc, insn), None)
        }
    }

    /// A call site that never ran (in feedback mode): typically an error path (`throw new Error(...)`), which as a
    /// deopt neither spills the frame nor stops the function from being inlined.
    fn unreached_call(&self, slot: u16) -> bool {
        // SAFETY: as in `speculation`.
        self.feedback_mode && matches!(self.t.feedback_mut()[slot as usize], FeedbackSlot::Call { count: 0, .. })
    }

    // ---- generic instructions

    /// Whether a `try` covers the instruction at `pc` (an exception there resumes the interpreter's handler, which
    /// reads the frame).
    fn in_try(&self, pc: u32) -> bool {
        self.t.handlers.iter().any(|h| h.start <= pc && pc < h.end)
    }

    /// What completes the frame for the instruction at `pc`: every live register whose slot is stale, and the
    /// operands the routine reads although liveness calls them dead (it reads them anyway).
    fn spills(&self, pc: u32, insn: &Insn) -> Vec<(i16, NodeId)> {
        let mut spills = self.stale_registers(pc);
        for (r, v) in self.operand_spills(insn) {
            if !spills.iter().any(|&(s, _)| s == r) {
                spills.push((r, v));
            }
        }
        spills
    }

    /// The registers the routine of `insn` reads whose slots are stale.
    fn operand_spills(&self, insn: &Insn) -> Vec<(i16, NodeId)> {
        let mut spills: Vec<(i16, NodeId)> = Vec::new();
        for r in register_effects(self.t, insn).reads {
            if Self::is_header(r) || spills.iter().any(|&(s, _)| s == r.0) {
                continue;
            }
            if let Some(v) = self.env.regs[self.reg_index(r)]
                && !v.in_frame
            {
                spills.push((r.0, v.node));
            }
        }
        spills
    }

    /// What the routine of the instruction at `pc` needs written first: the complete frame inside a `try`, else
    /// only its operands (a deopt after it writes back what is stale, a GC finds SSA values on the native stack).
    fn routine_spills(&self, pc: u32, insn: &Insn) -> Vec<(i16, NodeId)> {
        if self.in_try(pc) { self.spills(pc, insn) } else { self.operand_spills(insn) }
    }

    /// Runs the instruction's interpreter routine on the frame.
    fn generic(&mut self, pc: u32, insn: &Insn) -> NodeId {
        if self.inlined.is_some() {
            // The routine would run on a frame the inlined callee does not have.
            self.abort_inline(format!("generic {}", insn.op().name()));
            let placeholder = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
            self.set_acc(placeholder);
            return placeholder;
        }
        let op = insn.op();
        self.on_frame(pc, insn, |acc, spills| NodeKind::Generic { pc, op, acc, spills })
    }

    /// Instructions whose routine only allocates (it cannot throw, run JS or deopt; running out of heap ends the
    /// process): no lazy-deopt check follows them.
    fn allocates_only(insn: &Insn) -> bool {
        matches!(
            insn,
            Insn::CreateClosure { .. }
                | Insn::CreateEmptyObjectLiteral {}
                | Insn::CreateEmptyArrayLiteral { .. }
                | Insn::CreateArrayFromList { .. }
        )
    }

    /// Adds the node `make(accumulator, spills)` of an instruction whose routine runs on the frame (a generic
    /// instruction, a direct call in a `try`): `routine_spills` are written first, or the complete frame before a
    /// routine that may write any register (its reloads would read stale slots otherwise); registers it writes are
    /// read back.
    fn on_frame(&mut self, pc: u32, insn: &Insn, make: impl FnOnce(NodeId, Vec<(i16, NodeId)>) -> NodeKind) -> NodeId {
        let effects = register_effects(self.t, insn);
        // A routine that reads the whole frame (SuspendGenerator saves it) needs every live value in its slot.
        let whole = effects.writes_all || effects.reads_all;
        let spills = if whole { self.spills(pc, insn) } else { self.routine_spills(pc, insn) };
        for &(r, node) in &spills {
            let idx = self.reg_index(Reg(r));
            self.env.regs[idx] = Some(Val { node, in_frame: true });
        }
        // A dead accumulator is passed as undefined: the routine does not read it.
        let acc = match self.env.acc {
            Some(a) => a,
            None => self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged),
        };
        let n = self.node(pc, make(acc, spills), Repr::Tagged);
        if matches!(insn.op().acc_use(), AccUse::Write | AccUse::ReadWrite) {
            self.set_acc(n);
        }
        let written: Vec<Reg> = if effects.writes_all {
            (0..self.env.regs.len()).map(|i| self.a.reg_of_index(i)).collect()
        } else {
            effects.writes.clone()
        };
        for r in written {
            if Self::is_header(r) {
                continue;
            }
            let idx = self.reg_index(r);
            let v = self.node(pc, NodeKind::LoadRegister(r.0), Repr::Tagged);
            self.env.regs[idx] = Some(Val { node: v, in_frame: true });
        }
        self.check_invalidated(pc, insn);
        n
    }

    /// After an instruction that ran JS (or may have): the code may have been invalidated meanwhile, and the frame
    /// deoptimises at the next instruction then (lazy deopt). Instructions that jump get no check, nor do those
    /// before the first prototype access (in bytecode order: most functions have no such access, and their frame
    /// states would cost compile time for nothing): the epoch is then checked eagerly (`Graph::unchecked_js`).
    /// Those that never continue need none.
    fn check_invalidated(&mut self, pc: u32, insn: &Insn) {
        if Self::allocates_only(insn) {
            return;
        }
        match insn {
            Insn::Throw {} | Insn::ReThrow {} => {}
            Insn::ForInNext { .. } | Insn::IteratorNext { .. } => self.g.unchecked_js = true,
            _ if self.g.epoch.is_none() => self.g.unchecked_js = true,
            _ => {
                // The state after the call: the call reset the checkpoint, so this makes the next one.
                let fs = self.frame_state(pc + insn.op().size() as u32);
                self.node(pc, NodeKind::CheckInvalidated { fs }, Repr::Tagged);
            }
        }
    }

    // ---- speculative lowering helpers

    fn int32_binary(&mut self, pc: u32, op: Int32Op, lhs: NodeId, rhs: NodeId) -> NodeId {
        let fs = self.frame_state(pc);
        let l = self.check_int32(pc, lhs, fs);
        let r = self.check_int32(pc, rhs, fs);
        let fs = if op.can_deopt() { Some(fs) } else { None };
        self.node(pc, NodeKind::Int32Binary(op, l, r, fs), Repr::Int32)
    }

    /// A bitwise operation on numbers (its feedback saw doubles): both operands by ToInt32, then the int32
    /// operation, which cannot fail; `>>>` gives its uint32 as a double.
    fn truncated_binary(&mut self, pc: u32, op: Int32Op, lhs: NodeId, rhs: NodeId) -> NodeId {
        let fs = self.frame_state(pc);
        let l = self.truncate_int32(pc, lhs, fs);
        let r = self.truncate_int32(pc, rhs, fs);
        if op == Int32Op::Shr {
            let bits = self.node(pc, NodeKind::Int32Binary(Int32Op::UShr, l, r, None), Repr::Int32);
            return self.node(pc, NodeKind::Uint32ToFloat64(bits), Repr::Float64);
        }
        self.node(pc, NodeKind::Int32Binary(op, l, r, None), Repr::Int32)
    }

    /// ToInt32 of a value checked to be a number. Not a known fact (`Facts::checked` says a value *is* that int32):
    /// only an exact check already made is reused.
    fn truncate_int32(&mut self, pc: u32, v: NodeId, fs: FrameStateId) -> NodeId {
        if self.repr(v) == Repr::Int32 {
            return v;
        }
        if let Some(&c) = self.facts.checked.get(&(v, Repr::Int32)) {
            return c;
        }
        self.node(pc, NodeKind::TruncateToInt32(v, fs), Repr::Int32)
    }

    fn float64_binary(&mut self, pc: u32, op: Float64Op, lhs: NodeId, rhs: NodeId) -> NodeId {
        let fs = self.frame_state(pc);
        let l = self.check_number(pc, lhs, fs);
        let r = self.check_number(pc, rhs, fs);
        self.node(pc, NodeKind::Float64Binary(op, l, r), Repr::Float64)
    }

    /// `acc = lhs OP rhs` for an arithmetic instruction with feedback `slot`.
    #[allow(clippy::too_many_arguments)]
    fn arith(
        &mut self,
        pc: u32,
        insn: &Insn,
        slot: u16,
        lhs: NodeId,
        rhs: NodeId,
        int: Int32Op,
        float: Option<Float64Op>,
    ) {
        let result = match (self.speculation(slot), float) {
            (Speculation::Int32, _) => self.int32_binary(pc, int, lhs, rhs),
            (Speculation::Number, Some(f)) => self.float64_binary(pc, f, lhs, rhs),
            (Speculation::Number, None) if int.truncates() => self.truncated_binary(pc, int, lhs, rhs),
            (Speculation::Unreached, _) => self.unreached(pc),
            _ => self.generic(pc, insn),
        };
        self.set_acc(result);
    }

    fn compare(&mut self, pc: u32, insn: &Insn, slot: u16, lhs: NodeId, cond: Cond) {
        let rhs = self.acc();
        let result = match self.speculation(slot) {
            Speculation::Int32 => {
                let fs = self.frame_state(pc);
                let l = self.check_int32(pc, lhs, fs);
                let r = self.check_int32(pc, rhs, fs);
                self.node(pc, NodeKind::Int32Compare(cond, l, r), Repr::Bool)
            }
            Speculation::Number => {
                let fs = self.frame_state(pc);
                let l = self.check_number(pc, lhs, fs);
                let r = self.check_number(pc, rhs, fs);
                self.node(pc, NodeKind::Float64Compare(cond, l, r), Repr::Bool)
            }
            Speculation::Generic => self.generic(pc, insn),
            Speculation::Unreached => self.unreached(pc),
        };
        self.set_acc(result);
    }

    /// `l === r` when feedback saw other than numbers: a comparison of bits when one side is known to compare by
    /// identity (a constant, an object the code checked or made) or the site only ever saw such values (then `l` is
    /// checked, V8's ReceiverOrNullOrUndefined feedback); else `StrictEqual`, which handles numbers and strings.
    fn strict_equal(&mut self, pc: u32, l: NodeId, r: NodeId, slot: u16) -> NodeId {
        if self.identity_comparable(l) || self.identity_comparable(r) {
            return self.node(pc, NodeKind::TaggedEqual(l, r), Repr::Bool);
        }
        // SAFETY: as in `speculation`.
        let only_references = matches!(self.t.feedback_mut()[slot as usize], FeedbackSlot::Hint(hint::ANY));
        if !only_references || self.repr(l) != Repr::Tagged {
            return self.node(pc, NodeKind::StrictEqual(l, r), Repr::Bool);
        }
        let fs = self.frame_state(pc);
        let check = self.node(pc, NodeKind::CheckIdentityComparable { value: l, fs }, Repr::Tagged);
        self.facts.identity.insert(l, check);
        self.node(pc, NodeKind::TaggedEqual(l, r), Repr::Bool)
    }

    /// Whether `===` compares `v` by its bits alone, as far as the graph knows here.
    fn identity_comparable(&self, v: NodeId) -> bool {
        if self.facts.identity.contains_key(&v) {
            return true;
        }
        match self.g.node(v).kind {
            // A small BigInt is canonical: no other bits, and no cell, are the same value.
            NodeKind::Constant(c) => !c.is_number() && !c.is_string() && !c.is_bigint_cell(),
            NodeKind::AllocateThis { .. } | NodeKind::NewArray { .. } => true,
            // A named access checked its shape, which is not the string shape (`load_named` records only those).
            _ => self.repr(v) == Repr::Tagged && self.facts.shapes.contains_key(&v),
        }
    }

    /// A test of the accumulator against a constant tagged value (`=== undefined` ...). Values known to be numbers or
    /// booleans are never those constants.
    fn tagged_test(&mut self, pc: u32, v: NodeId, against: &[Value]) -> NodeId {
        if self.repr(v) != Repr::Tagged {
            return self.node(pc, NodeKind::Int32Constant(0), Repr::Bool);
        }
        let mut result: Option<NodeId> = None;
        for &c in against {
            let k = self.node(pc, NodeKind::Constant(c), Repr::Tagged);
            let eq = self.node(pc, NodeKind::TaggedEqual(v, k), Repr::Bool);
            result = Some(match result {
                None => eq,
                Some(prev) => self.node(pc, NodeKind::Or(prev, eq), Repr::Bool),
            });
        }
        result.expect("at least one constant")
    }

    fn branch(&mut self, cond: NodeId, if_true_pc: u32, if_false_pc: u32) {
        let if_true = self.edge_to_pc(if_true_pc);
        if if_true_pc == if_false_pc {
            self.terminate(Terminator::Jump(if_true));
            return;
        }
        let if_false = self.edge_to_pc(if_false_pc);
        self.terminate(Terminator::Branch { cond, if_true, if_false });
    }

    #[allow(clippy::wrong_self_convention)] // JS's ToBoolean, of a node
    fn to_boolean(&mut self, pc: u32, v: NodeId) -> NodeId {
        if self.repr(v) == Repr::Bool { v } else { self.node(pc, NodeKind::ToBoolean(v), Repr::Bool) }
    }

    // ---- one visit per bytecode

    fn visit(&mut self, pc: u32, next: u32, insn: Insn) -> Result<(), String> {
        match insn {
            Insn::LdaUndefined {} => {
                let n = self.constant(pc, Value::UNDEFINED);
                self.set_acc(n)
            }
            Insn::LdaNull {} => {
                let n = self.constant(pc, Value::NULL);
                self.set_acc(n)
            }
            Insn::LdaTrue {} => {
                let n = self.constant(pc, Value::TRUE);
                self.set_acc(n)
            }
            Insn::LdaFalse {} => {
                let n = self.constant(pc, Value::FALSE);
                self.set_acc(n)
            }
            Insn::LdaTheHole {} => {
                let n = self.constant(pc, Value::HOLE);
                self.set_acc(n)
            }
            Insn::LdaSmi { value } => {
                let n = self.constant(pc, Value::int(value));
                self.set_acc(n)
            }
            Insn::LdaConstant { idx } => {
                let v = self.t.constants[idx as usize];
                let n = self.constant(pc, v);
                self.set_acc(n)
            }
            Insn::Ldar { src } => {
                let n = self.reg(pc, src);
                self.set_acc(n)
            }
            Insn::Star { dst } => {
                if Self::is_header(dst) {
                    self.generic(pc, &insn);
                } else {
                    let a = self.acc();
                    self.set_reg(dst, a)
                }
            }
            Insn::Mov { src, dst } => {
                if Self::is_header(dst) {
                    self.generic(pc, &insn);
                } else {
                    let v = self.reg(pc, src);
                    self.set_reg(dst, v)
                }
            }

            Insn::Add { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Add, Some(Float64Op::Add))
            }
            Insn::Sub { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Sub, Some(Float64Op::Sub))
            }
            Insn::Mul { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Mul, Some(Float64Op::Mul))
            }
            Insn::Div { lhs, slot } => {
                // Division speculates on numbers even with int32 feedback: its result is rarely an int32.
                let (l, r) = (self.reg(pc, lhs), self.acc());
                let result = match self.speculation(slot) {
                    Speculation::Int32 | Speculation::Number => self.float64_binary(pc, Float64Op::Div, l, r),
                    Speculation::Generic => self.generic(pc, &insn),
                    Speculation::Unreached => self.unreached(pc),
                };
                self.set_acc(result)
            }
            Insn::Mod { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Mod, None)
            }
            Insn::Exp { .. } => {
                self.generic(pc, &insn);
            }
            Insn::BitwiseOr { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::BitOr, None)
            }
            Insn::BitwiseXor { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::BitXor, None)
            }
            Insn::BitwiseAnd { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::BitAnd, None)
            }
            Insn::ShiftLeft { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Shl, None)
            }
            Insn::ShiftRight { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Sar, None)
            }
            Insn::ShiftRightLogical { lhs, slot } => {
                let (l, r) = (self.reg(pc, lhs), self.acc());
                self.arith(pc, &insn, slot, l, r, Int32Op::Shr, None)
            }
            Insn::AddSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Add, Some(Float64Op::Add)),
            Insn::SubSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Sub, Some(Float64Op::Sub)),
            Insn::MulSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Mul, Some(Float64Op::Mul)),
            Insn::ModSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Mod, None),
            Insn::BitwiseOrSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::BitOr, None),
            Insn::BitwiseAndSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::BitAnd, None),
            Insn::ShiftLeftSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Shl, None),
            Insn::ShiftRightSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Sar, None),
            Insn::ShiftRightLogicalSmi { value, slot } => self.arith_smi(pc, &insn, slot, value, Int32Op::Shr, None),
            Insn::Inc { slot } => self.arith_smi(pc, &insn, slot, 1, Int32Op::Add, Some(Float64Op::Add)),
            Insn::Dec { slot } => self.arith_smi(pc, &insn, slot, 1, Int32Op::Sub, Some(Float64Op::Sub)),
            Insn::Negate { slot } => {
                let v = self.acc();
                let result = match self.speculation(slot) {
                    Speculation::Int32 => self.int32_binary(pc, Int32Op::Neg, v, v),
                    Speculation::Number => {
                        let fs = self.frame_state(pc);
                        let x = self.check_number(pc, v, fs);
                        let m = self.node(pc, NodeKind::Float64Constant(-1.0), Repr::Float64);
                        self.node(pc, NodeKind::Float64Binary(Float64Op::Mul, x, m), Repr::Float64)
                    }
                    Speculation::Generic => self.generic(pc, &insn),
                    Speculation::Unreached => self.unreached(pc),
                };
                self.set_acc(result)
            }
            Insn::BitwiseNot { slot } => {
                let v = self.acc();
                if self.speculation(slot) == Speculation::Unreached {
                    self.unreached(pc);
                } else if self.speculation(slot) == Speculation::Int32 {
                    let m = self.node(pc, NodeKind::Int32Constant(-1), Repr::Int32);
                    let r = self.int32_binary(pc, Int32Op::BitXor, v, m);
                    self.set_acc(r)
                } else {
                    self.generic(pc, &insn);
                }
            }
            Insn::ToNumeric { slot } | Insn::ToNumber { slot } => {
                let v = self.acc();
                match self.speculation(slot) {
                    Speculation::Int32 => {
                        let fs = self.frame_state(pc);
                        let r = self.check_int32(pc, v, fs);
                        self.set_acc(r)
                    }
                    Speculation::Number => {
                        let fs = self.frame_state(pc);
                        let r = self.check_number(pc, v, fs);
                        self.set_acc(r)
                    }
                    Speculation::Generic => {
                        self.generic(pc, &insn);
                    }
                    Speculation::Unreached => {
                        self.unreached(pc);
                    }
                }
            }
            Insn::LogicalNot {} => {
                let v = self.acc();
                let b = self.to_boolean(pc, v);
                let r = self.node(pc, NodeKind::Not(b), Repr::Bool);
                self.set_acc(r)
            }

            Insn::TestEqual { lhs, slot } => {
                let l = self.reg(pc, lhs);
                self.compare(pc, &insn, slot, l, Cond::Eq)
            }
            Insn::TestEqualStrict { lhs, slot } => {
                let l = self.reg(pc, lhs);
                if self.speculation(slot) == Speculation::Generic {
                    let r = self.acc();
                    let n = self.strict_equal(pc, l, r, slot);
                    self.set_acc(n)
                } else {
                    self.compare(pc, &insn, slot, l, Cond::Eq)
                }
            }
            Insn::TestLessThan { lhs, slot } => {
                let l = self.reg(pc, lhs);
                self.compare(pc, &insn, slot, l, Cond::Lt)
            }
            Insn::TestGreaterThan { lhs, slot } => {
                let l = self.reg(pc, lhs);
                self.compare(pc, &insn, slot, l, Cond::Gt)
            }
            Insn::TestLessThanOrEqual { lhs, slot } => {
                let l = self.reg(pc, lhs);
                self.compare(pc, &insn, slot, l, Cond::Le)
            }
            Insn::TestGreaterThanOrEqual { lhs, slot } => {
                let l = self.reg(pc, lhs);
                self.compare(pc, &insn, slot, l, Cond::Ge)
            }
            Insn::TestNullish {} => {
                let v = self.acc();
                let r = self.tagged_test(pc, v, &[Value::UNDEFINED, Value::NULL]);
                self.set_acc(r)
            }
            Insn::TestUndefined {} => {
                let v = self.acc();
                let r = self.tagged_test(pc, v, &[Value::UNDEFINED]);
                self.set_acc(r)
            }
            Insn::TestNull {} => {
                let v = self.acc();
                let r = self.tagged_test(pc, v, &[Value::NULL]);
                self.set_acc(r)
            }

            Insn::Jump { target } => {
                let b = self.edge_to_pc(target);
                self.terminate(Terminator::Jump(b));
            }
            Insn::JumpLoop { target, .. } => {
                if let Some((counter, stat)) = loop_stats::counter(self.t, target, Tier::Mid) {
                    self.node(pc, NodeKind::CountBackedge { counter, stat }, Repr::Tagged);
                }
                let b = self.edge_to_pc(target);
                self.terminate(Terminator::Jump(b));
            }
            Insn::CallProperty { slot, .. }
            | Insn::CallUndefinedReceiver { slot, .. }
            | Insn::Construct { slot, .. }
                if self.unreached_call(slot) =>
            {
                let n = self.unreached(pc);
                self.set_acc(n);
            }
            Insn::CallProperty { callee, args, count, slot } => {
                let f = self.reg(pc, callee);
                let this = self.reg(pc, args);
                let list: Vec<NodeId> = (1..count as i16).map(|i| self.reg(pc, Reg(args.0 + i))).collect();
                if !self.try_inline(pc, f, Some(this), list.clone(), slot)?
                    && !self.try_intrinsic(pc, f, &list, slot)
                    && !self.try_substring(pc, f, this, &list, slot)
                    && !self.try_direct_call(pc, &insn, f, Some(this), list, slot)
                {
                    self.generic(pc, &insn);
                }
            }
            Insn::CallUndefinedReceiver { callee, args, count, slot } => {
                let f = self.reg(pc, callee);
                let this = self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged);
                let list: Vec<NodeId> = (0..count as i16).map(|i| self.reg(pc, Reg(args.0 + i))).collect();
                if !self.try_inline(pc, f, Some(this), list.clone(), slot)?
                    && !self.try_direct_call(pc, &insn, f, None, list, slot)
                {
                    self.generic(pc, &insn);
                }
            }
            Insn::Construct { callee, args, count, slot } => {
                let f = self.reg(pc, callee);
                let list: Vec<NodeId> = (0..count as i16).map(|i| self.reg(pc, Reg(args.0 + i))).collect();
                if !self.try_new_array(pc, f, &list, slot)
                    && !self.try_inline(pc, f, None, list.clone(), slot)?
                    && !self.try_direct_construct(pc, &insn, f, list, slot)
                {
                    self.generic(pc, &insn);
                }
            }
            Insn::JumpIfTrue { target } | Insn::JumpIfFalse { target } => {
                let v = self.acc();
                let cond = if self.repr(v) == Repr::Bool { v } else { self.tagged_test(pc, v, &[Value::TRUE]) };
                let (t, f) = if matches!(insn, Insn::JumpIfTrue { .. }) { (target, next) } else { (next, target) };
                self.branch(cond, t, f);
            }
            Insn::JumpIfToBooleanTrue { target } | Insn::JumpIfToBooleanFalse { target } => {
                let v = self.acc();
                let cond = self.to_boolean(pc, v);
                let (t, f) =
                    if matches!(insn, Insn::JumpIfToBooleanTrue { .. }) { (target, next) } else { (next, target) };
                self.branch(cond, t, f);
            }
            Insn::JumpIfNull { target } | Insn::JumpIfNotNull { target } => {
                let v = self.acc();
                let cond = self.tagged_test(pc, v, &[Value::NULL]);
                let (t, f) = if matches!(insn, Insn::JumpIfNull { .. }) { (target, next) } else { (next, target) };
                self.branch(cond, t, f);
            }
            Insn::JumpIfUndefined { target } | Insn::JumpIfNotUndefined { target } => {
                let v = self.acc();
                let cond = self.tagged_test(pc, v, &[Value::UNDEFINED]);
                let (t, f) = if matches!(insn, Insn::JumpIfUndefined { .. }) { (target, next) } else { (next, target) };
                self.branch(cond, t, f);
            }
            Insn::JumpIfNullish { target } | Insn::JumpIfNotNullish { target } => {
                let v = self.acc();
                let cond = self.tagged_test(pc, v, &[Value::UNDEFINED, Value::NULL]);
                let (t, f) = if matches!(insn, Insn::JumpIfNullish { .. }) { (target, next) } else { (next, target) };
                self.branch(cond, t, f);
            }
            Insn::JumpIfObject { target } => {
                let v = self.acc();
                let cond = if self.repr(v) == Repr::Tagged {
                    self.node(pc, NodeKind::HasTag(v, TAG_OBJECT), Repr::Bool)
                } else {
                    self.node(pc, NodeKind::Int32Constant(0), Repr::Bool)
                };
                self.branch(cond, target, next);
            }

            Insn::Return {} => {
                let v = self.acc();
                if self.inlined.is_some() {
                    self.inlined_return(v);
                } else {
                    self.terminate(Terminator::Return(v));
                }
            }
            Insn::Throw {} | Insn::ReThrow {} => {
                self.generic(pc, &insn);
                self.terminate(Terminator::Unreachable);
            }
            Insn::IteratorNext { iter, done } if self.inlined.is_none() => {
                // Inline for arrays (the routine on its slow path: only it reads the frame, so nothing is spilled
                // on the fast one).
                let iterator = self.reg(pc, iter);
                let acc = match self.env.acc {
                    Some(a) => a,
                    None => self.node(pc, NodeKind::Constant(Value::UNDEFINED), Repr::Tagged),
                };
                let spills = self.routine_spills(pc, &insn);
                let n = self.node(pc, NodeKind::ArrayIteratorNext { pc, iterator, acc, spills }, Repr::Tagged);
                self.set_acc(n);
                self.g.unchecked_js = true;
                let jump = self.edge_to_pc(done);
                let next_block = self.edge_to_pc(next);
                self.terminate(Terminator::BranchOnJump { generic: n, jump, next: next_block });
            }
            Insn::ForInNext { done, .. } | Insn::IteratorNext { done, .. } => {
                let g = self.generic(pc, &insn);
                let jump = self.edge_to_pc(done);
                let next_block = self.edge_to_pc(next);
                self.terminate(Terminator::BranchOnJump { generic: g, jump, next: next_block });
            }
            // A generator runs on its frame like any function: a resumed frame enters the code at its start and
            // branches to its resume point, where the routine of ResumeGenerator restores every register (they are
            // read back from the frame); SuspendGenerator's routine saves the complete frame.
            Insn::SwitchOnGeneratorState {} => {
                let points = self.a.resume_points().to_vec();
                let cases = points.into_iter().map(|p| (p, self.edge_to_pc(p))).collect();
                let fresh = self.edge_to_pc(next);
                self.terminate(Terminator::GeneratorSwitch { cases, fresh });
            }
            Insn::SuspendGenerator { .. } | Insn::ResumeGenerator {} => {
                self.generic(pc, &insn);
            }

            Insn::LdaGlobal { slot, .. } if self.unreached_site(slot) => {
                let n = self.unreached(pc);
                self.set_acc(n);
            }
            Insn::LdaGlobal { name, slot } if self.vm.global != 0 => {
                if let Some(v) = self.global_constant(pc, name) {
                    self.set_acc(v);
                    return Ok(());
                }
                let global = self.node(pc, NodeKind::Constant(Value(self.vm.global as u64)), Repr::Tagged);
                match self.load_named(pc, global, slot) {
                    Some(v) => self.set_acc(v),
                    None => {
                        self.generic(pc, &insn);
                    }
                }
            }
            Insn::GetNamedProperty { slot, .. } if self.unreached_site(slot) => {
                self.unreached(pc);
            }
            Insn::SetNamedProperty { slot, .. } | Insn::DefineNamedOwnProperty { slot, .. }
                if self.unreached_site(slot) =>
            {
                self.unreached(pc);
            }
            Insn::GetNamedProperty { obj, slot, .. } => {
                let o = self.reg(pc, obj);
                match self.load_named(pc, o, slot) {
                    Some(v) => self.set_acc(v),
                    None => {
                        self.generic(pc, &insn);
                    }
                }
            }
            Insn::SetNamedProperty { obj, slot, .. } | Insn::DefineNamedOwnProperty { obj, slot, .. } => {
                let (o, v) = (self.reg(pc, obj), self.acc());
                if self.store_named(pc, o, v, slot).is_none() {
                    self.generic(pc, &insn);
                }
            }

            Insn::LdaContextSlot { depth, slot } => {
                let base = self.context_base();
                let v = self.node(pc, NodeKind::LoadContextSlot { depth, slot, base }, Repr::Tagged);
                self.set_acc(v)
            }
            Insn::LdaModuleVariable { depth, slot } => {
                let base = self.context_base();
                let v = self.node(pc, NodeKind::LoadModuleVariable { depth, slot, base }, Repr::Tagged);
                self.set_acc(v)
            }
            Insn::StaContextSlot { depth, slot } => {
                let value = self.acc();
                let base = self.context_base();
                self.node(pc, NodeKind::StoreContextSlot { depth, slot, value, base }, Repr::Tagged);
            }
            Insn::CreateFunctionContext { slots } if self.inlined.is_some() => {
                self.inlined_function_context(pc, slots);
            }
            Insn::CreateClosure { idx } if self.inlined.is_some() => {
                let n = self.inlined_closure(pc, idx);
                self.set_acc(n)
            }
            Insn::CreateClosure { idx } => {
                let n = self.generic(pc, &insn);
                self.g.made_closures.insert(n, self.t.functions[idx as usize].addr());
            }
            Insn::ThrowReferenceErrorIfHole { .. }
            | Insn::ThrowSuperNotCalledIfHole {}
            | Insn::ThrowSuperAlreadyCalledIfNotHole {} => {
                let value = self.acc();
                // Only a tagged value can be the hole.
                if self.repr(value) == Repr::Tagged || matches!(insn, Insn::ThrowSuperAlreadyCalledIfNotHole {}) {
                    let hole_throws = !matches!(insn, Insn::ThrowSuperAlreadyCalledIfNotHole {});
                    let fs = self.frame_state(pc);
                    self.node(pc, NodeKind::CheckHole { value, hole_throws, fs }, Repr::Tagged);
                }
            }

            // Element accesses: the fast path inline, the routine out of line (its spills only on that path, so the
            // environment's frame knowledge is unchanged).
            Insn::GetKeyedProperty { slot, .. } | Insn::SetKeyedProperty { slot, .. }
                if self.inlined.is_some() && self.took_slow_path(slot) =>
            {
                self.abort_inline("element access off the fast path (its routine needs a frame)".into());
            }
            Insn::GetKeyedProperty { obj, slot } => {
                let (object, key) = (self.reg(pc, obj), self.acc());
                if let Some(v) = self.load_private(pc, object, key, slot) {
                    self.set_acc(v);
                    return Ok(());
                }
                if let Some(kind) = self.typed_site_kind(slot) {
                    let v = self.load_typed_element(pc, object, key, kind);
                    self.set_acc(v);
                    return Ok(());
                }
                let (spills, fs) = self.element_fallback(pc, &insn);
                let routine = fs.is_none();
                let key = self.known_int32(key);
                let object_known = self.known_object(object);
                let v =
                    self.node(pc, NodeKind::LoadElement { object, object_known, key, pc, spills, fs }, Repr::Tagged);
                self.note_object(object, v, fs);
                self.set_acc(v);
                if routine {
                    // Its routine may call a getter.
                    self.check_invalidated(pc, &insn);
                }
            }
            // A private field's addition from its cache; any other definition runs the routine.
            Insn::DefineKeyedOwnProperty { obj, key, slot } => {
                let (object, key, value) = (self.reg(pc, obj), self.reg(pc, key), self.acc());
                if self.store_private(pc, object, key, value, slot).is_none() {
                    self.generic(pc, &insn);
                }
            }
            Insn::SetKeyedProperty { obj, key, slot } => {
                let (object, key, value) = (self.reg(pc, obj), self.reg(pc, key), self.acc());
                if self.store_private(pc, object, key, value, slot).is_some() {
                    return Ok(());
                }
                if let Some(kind) = self.typed_site_kind(slot) {
                    self.store_typed_element(pc, object, key, value, kind);
                    return Ok(());
                }
                let (spills, fs) = self.element_fallback(pc, &insn);
                let routine = fs.is_none();
                let key = self.known_int32(key);
                let object_known = self.known_object(object);
                let kind = NodeKind::StoreElement { object, object_known, key, value, pc, spills, fs };
                let n = self.node(pc, kind, Repr::Tagged);
                self.note_object(object, n, fs);
                if routine {
                    self.check_invalidated(pc, &insn);
                }
            }

            // Everything else runs the interpreter's routine on the frame.
            Insn::LdaGlobal { .. }
            | Insn::LdaGlobalInsideTypeof { .. }
            | Insn::StaGlobal { .. }
            | Insn::DeclareGlobal { .. }
            | Insn::CreateFunctionContext { .. }
            | Insn::CreateBlockContext { .. }
            | Insn::PushContext { .. }
            | Insn::PopContext { .. }
            | Insn::CloneBlockContext {}
            | Insn::ThrowConstAssignError { .. }
            | Insn::StaInArrayLiteral { .. }
            | Insn::DeleteProperty { .. }
            | Insn::GetSuperNamed { .. }
            | Insn::GetSuperKeyed { .. }
            | Insn::SetSuperNamed { .. }
            | Insn::SetSuperKeyed { .. }
            | Insn::ToString {}
            | Insn::ToPropertyKey {}
            | Insn::ToObject {}
            | Insn::TypeOf {}
            | Insn::TestInstanceOf { .. }
            | Insn::TestIn { .. }
            | Insn::CallWithSpread { .. }
            | Insn::ConstructWithSpread { .. }
            | Insn::SuperCall { .. }
            | Insn::SuperCallWithSpread {}
            | Insn::CallRuntime { .. }
            | Insn::CreateEmptyObjectLiteral {}
            | Insn::CreateEmptyArrayLiteral { .. }
            | Insn::CreateArrayFromList { .. }
            | Insn::CreateArguments {}
            | Insn::CreateRestParameter { .. }
            | Insn::CreateRegExpLiteral { .. }
            | Insn::ForInPrepare {}
            | Insn::GetIterator {}
            | Insn::IteratorClose { .. }
            | Insn::Debugger {}
            | Insn::Nop {} => {
                self.generic(pc, &insn);
            }
        }
        Ok(())
    }

    fn arith_smi(&mut self, pc: u32, insn: &Insn, slot: u16, value: i32, int: Int32Op, float: Option<Float64Op>) {
        let l = self.acc();
        let r = self.node(pc, NodeKind::Int32Constant(value), Repr::Int32);
        self.arith(pc, insn, slot, l, r, int, float)
    }
}
