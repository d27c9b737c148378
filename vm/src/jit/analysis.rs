//! The bytecode analysis every compiled tier, OSR and deoptimisation read: basic blocks, loops and their nesting,
//! and the liveness of each register and of the accumulator at each instruction. Computed once per function, on
//! demand, and cached in `FunctionTemplate::analysis`.
//!
//! Invariants:
//! - `blocks` are in bytecode order, cover the bytecode without gaps, and `blocks[0]` starts at offset 0. A block
//!   starts at offset 0, at every jump target, after every jump and every instruction without fall-through, at every
//!   exception handler, at every generator resume point, and at every try range's start and end: so all the
//!   instructions of a block share the same exception handler.
//! - `succs`/`preds` are normal control flow only: fall-through, jump targets, and the jumps from
//!   `SwitchOnGeneratorState` to each resume point. Exception edges are not in them; `live_out` includes them.
//! - A resume point is the instruction after the `Return` that follows each `SuspendGenerator` (where
//!   `generator::suspend` records `resume_pc`); it is a `ResumeGenerator`.
//! - `loops` hold one entry per `JumpLoop` target, sorted by header; an enclosing loop comes before the loops it
//!   contains. A loop is the range [header, end), `end` just past its last back edge; nesting is containment.
//! - Registers are numbered densely for bitsets: `reg_index(r) = r.0 + param_count`, `slot_count()` in all.

use crate::bytecode::{AccUse, Handler, Insn, Op, OperandKind, Reg};
use crate::frame::HEADER_SIZE;
use crate::function::FunctionTemplate;
use std::rc::Rc;

pub use super::effects::{RegisterEffects, register_effects};
pub use super::liveness::{BitSet, Liveness};
use super::liveness::{FlowBlock, InsnUse, Problem, solve};

/// Plain data (no `Rc` inside), so a background compile job can own a clone.
#[derive(Clone, Debug)]
pub struct BytecodeAnalysis {
    pub param_count: u16,
    pub register_count: u16,
    /// In bytecode order; `blocks[0]` starts at offset 0.
    pub blocks: Vec<BasicBlock>,
    /// One per loop header, outer loops before inner ones.
    pub loops: Vec<LoopInfo>,
    /// Decoded instructions with their offsets, in bytecode order.
    insns: Vec<(u32, Insn)>,
    /// Per instruction index.
    live_in: Vec<Liveness>,
    live_out: Vec<Liveness>,
    resume_points: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicBlock {
    /// First instruction offset.
    pub start: u32,
    /// Offset just past the last instruction.
    pub end: u32,
    /// Successor block indices (fall-through and jump targets); not exception edges.
    pub succs: Vec<usize>,
    /// Predecessor block indices (normal control flow only).
    pub preds: Vec<usize>,
    /// Target of a `JumpLoop` back edge.
    pub is_loop_header: bool,
    /// Start of an exception handler (entered from its try range).
    pub is_handler: bool,
    /// Generator resume point (entered from `SwitchOnGeneratorState`).
    pub is_resume_point: bool,
    /// Number of loops containing this block.
    pub loop_depth: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoopInfo {
    /// Bytecode offset of the loop header.
    pub header: u32,
    /// Offsets of the `JumpLoop` instructions jumping to it.
    pub back_edges: Vec<u32>,
    /// Offset just past the last back edge.
    pub end: u32,
    /// Enclosing loop index.
    pub parent: Option<usize>,
    /// 0 for an outermost loop.
    pub depth: u32,
}

/// The jump label of `insn`, if it has one (jumps, `ForInNext`, `IteratorNext`).
fn label_of(insn: &Insn) -> Option<u32> {
    let at = insn.op().operands().iter().position(|k| *k == OperandKind::Lbl)?;
    Some(insn.operand_values()[at] as u32)
}

/// Instructions after which control never falls through to the next one.
fn ends_without_fallthrough(op: Op) -> bool {
    matches!(op, Op::Jump | Op::JumpLoop | Op::Return | Op::Throw | Op::ReThrow)
}

/// The innermost-first handler lookup of the unwinder (`Vm::unwind`): the first handler whose range holds `pc`.
fn handler_at(handlers: &[Handler], pc: u32) -> Option<&Handler> {
    handlers.iter().find(|h| h.start <= pc && pc < h.end)
}

impl BytecodeAnalysis {
    /// The analysis of `t`, computed at the first request.
    pub fn of(t: &FunctionTemplate) -> Rc<BytecodeAnalysis> {
        t.analysis.get_or_init(|| Rc::new(BytecodeAnalysis::compute(t))).clone()
    }

    pub fn compute(t: &FunctionTemplate) -> BytecodeAnalysis {
        let code = &t.bytecode;
        let mut insns = Vec::new();
        let mut pc = 0;
        while pc < code.len() {
            let insn = Insn::decode(code, pc);
            insns.push((pc as u32, insn));
            pc += insn.op().size();
        }
        let is_start = |pc: u32| insns.binary_search_by_key(&pc, |&(p, _)| p).is_ok();

        let ret_size = Op::Return.size() as u32;
        let resume_points: Vec<u32> = insns
            .iter()
            .filter(|(_, i)| i.op() == Op::SuspendGenerator)
            .map(|&(pc, _)| pc + Op::SuspendGenerator.size() as u32)
            .inspect(|&ret| debug_assert_eq!(Insn::decode(code, ret as usize).op(), Op::Return))
            .map(|ret| ret + ret_size)
            .filter(|&resume| is_start(resume))
            .collect();

        // Block leaders.
        let mut leaders = vec![0u32];
        for (i, &(pc, insn)) in insns.iter().enumerate() {
            let next = insns.get(i + 1).map(|&(p, _)| p);
            if let Some(target) = label_of(&insn) {
                debug_assert!(is_start(target), "jump at {pc} to {target}, not an instruction");
                leaders.push(target);
                leaders.extend(next);
            } else if ends_without_fallthrough(insn.op()) || insn.op() == Op::SwitchOnGeneratorState {
                leaders.extend(next);
            }
        }
        for h in t.handlers.iter() {
            leaders.extend([h.start, h.end, h.handler]);
        }
        leaders.extend(&resume_points);
        leaders.retain(|&l| is_start(l));
        leaders.sort_unstable();
        leaders.dedup();

        // Blocks, with the instruction index range of each.
        let mut blocks = Vec::with_capacity(leaders.len());
        let mut ranges = Vec::with_capacity(leaders.len());
        let mut first = 0;
        for (b, &start) in leaders.iter().enumerate() {
            let end = leaders.get(b + 1).copied().unwrap_or(code.len() as u32);
            let last = first + insns[first..].partition_point(|&(p, _)| p < end);
            blocks.push(BasicBlock {
                start,
                end,
                succs: Vec::new(),
                preds: Vec::new(),
                is_loop_header: false,
                is_handler: t.handlers.iter().any(|h| h.handler == start),
                is_resume_point: resume_points.contains(&start),
                loop_depth: 0,
            });
            ranges.push(first..last);
            first = last;
        }
        let block_at = |pc: u32| leaders.binary_search(&pc).expect("a block leader");
        for b in 0..blocks.len() {
            let (pc, insn) = insns[ranges[b].end - 1];
            let mut succs = Vec::new();
            if !ends_without_fallthrough(insn.op()) && b + 1 < blocks.len() {
                succs.push(b + 1);
            }
            if let Some(target) = label_of(&insn) {
                succs.push(block_at(target));
            }
            if insn.op() == Op::SwitchOnGeneratorState {
                succs.extend(resume_points.iter().map(|&r| block_at(r)));
            }
            if insn.op() == Op::JumpLoop {
                debug_assert!(label_of(&insn).is_some_and(|t| t <= pc), "JumpLoop at {pc} jumps forward");
            }
            let mut unique = Vec::with_capacity(succs.len());
            succs.into_iter().for_each(|s| {
                if !unique.contains(&s) {
                    unique.push(s)
                }
            });
            blocks[b].succs = unique;
        }
        for b in 0..blocks.len() {
            for s in blocks[b].succs.clone() {
                blocks[s].preds.push(b);
            }
        }

        let loops = find_loops(&insns);
        for l in &loops {
            blocks[block_at(l.header)].is_loop_header = true;
        }
        for b in &mut blocks {
            b.loop_depth = loops.iter().filter(|l| l.header <= b.start && b.start < l.end).count() as u32;
        }

        // Liveness reads the blocks through the analysis' own lookups, so it is filled in last.
        let mut analysis = BytecodeAnalysis {
            param_count: t.param_count,
            register_count: t.register_count,
            blocks,
            loops,
            insns,
            live_in: Vec::new(),
            live_out: Vec::new(),
            resume_points,
        };
        (analysis.live_in, analysis.live_out) = analysis.liveness(t, &ranges);
        analysis
    }

    fn liveness(&self, t: &FunctionTemplate, ranges: &[std::ops::Range<usize>]) -> (Vec<Liveness>, Vec<Liveness>) {
        let n = self.slot_count();
        let params = 0..t.param_count as usize;
        let header = params.end..params.end + HEADER_SIZE;
        let mut always = BitSet::new(n);
        always.insert_range(header.clone());
        if t.mapped_arguments.is_some() {
            always.insert_range(params.clone());
        }
        let mut locals = BitSet::new(n);
        locals.insert_range(header.end..n);
        let index = |rs: Vec<Reg>| rs.into_iter().map(|r| self.reg_index(r)).collect();
        let uses: Vec<InsnUse> = self
            .insns
            .iter()
            .map(|(_, insn)| {
                let e = register_effects(t, insn);
                let acc = insn.op().acc_use();
                let acc_write = matches!(acc, AccUse::Write | AccUse::ReadWrite);
                InsnUse {
                    reads: index(e.reads),
                    writes: index(e.writes),
                    reads_all: e.reads_all,
                    writes_all: e.writes_all,
                    acc_read: matches!(acc, AccUse::Read | AccUse::ReadWrite),
                    acc_write,
                    acc_kept_to: label_of(insn).filter(|_| acc_write).and_then(|l| self.block_index_at(l)),
                }
            })
            .collect();
        let flow: Vec<FlowBlock> = self
            .blocks
            .iter()
            .zip(ranges)
            .map(|(b, r)| FlowBlock {
                insns: r.clone(),
                succs: b.succs.clone(),
                handler: handler_at(&t.handlers, b.start)
                    .and_then(|h| Some((self.block_index_at(h.handler)?, self.reg_index(h.context)))),
            })
            .collect();
        solve(&Problem { capacity: n, always, all: BitSet::full(n), locals, uses: &uses, blocks: &flow })
    }

    /// The number of dense register indices: parameters, header slots and locals.
    pub fn slot_count(&self) -> usize {
        self.param_count as usize + HEADER_SIZE + self.register_count as usize
    }

    pub fn reg_index(&self, r: Reg) -> usize {
        let i = (r.0 + self.param_count as i16) as usize;
        debug_assert!(i < self.slot_count(), "register {} outside the frame", r.0);
        i
    }

    pub fn reg_of_index(&self, i: usize) -> Reg {
        Reg(i as i16 - self.param_count as i16)
    }

    /// The block starting exactly at `pc`.
    pub fn block_index_at(&self, pc: u32) -> Option<usize> {
        self.blocks.binary_search_by_key(&pc, |b| b.start).ok()
    }

    /// The block holding offset `pc`.
    pub fn block_containing(&self, pc: u32) -> usize {
        self.blocks.partition_point(|b| b.start <= pc).saturating_sub(1)
    }

    pub fn is_loop_header(&self, pc: u32) -> bool {
        self.block_index_at(pc).is_some_and(|b| self.blocks[b].is_loop_header)
    }

    pub fn loop_with_header(&self, pc: u32) -> Option<&LoopInfo> {
        self.loops.binary_search_by_key(&pc, |l| l.header).ok().map(|i| &self.loops[i])
    }

    /// Generator resume points (offsets of `ResumeGenerator`s), in bytecode order.
    pub fn resume_points(&self) -> &[u32] {
        &self.resume_points
    }

    fn insn_index(&self, pc: u32) -> usize {
        match self.insns.binary_search_by_key(&pc, |&(p, _)| p) {
            Ok(i) => i,
            Err(_) => panic!("no instruction starts at offset {pc}"),
        }
    }

    /// What is live just before the instruction at `pc` executes.
    pub fn live_in(&self, pc: u32) -> &Liveness {
        &self.live_in[self.insn_index(pc)]
    }

    /// What is live just after the instruction at `pc` executes: the union over its successors, including its
    /// exception handler if `pc` is in a try range.
    pub fn live_out(&self, pc: u32) -> &Liveness {
        &self.live_out[self.insn_index(pc)]
    }

    /// The instructions, decoded once, with their offsets.
    pub fn instructions(&self) -> impl Iterator<Item = (u32, Insn)> + '_ {
        self.insns.iter().copied()
    }
}

/// Loops from the back edges: one per `JumpLoop` target, parents by containment.
fn find_loops(insns: &[(u32, Insn)]) -> Vec<LoopInfo> {
    let mut loops: Vec<LoopInfo> = Vec::new();
    for &(pc, insn) in insns {
        let Insn::JumpLoop { target, .. } = insn else {
            continue;
        };
        let end = pc + Op::JumpLoop.size() as u32;
        match loops.iter_mut().find(|l| l.header == target) {
            Some(l) => {
                l.back_edges.push(pc);
                l.end = l.end.max(end);
            }
            None => loops.push(LoopInfo { header: target, back_edges: vec![pc], end, parent: None, depth: 0 }),
        }
    }
    // Outer first: by header, the longer loop first when two start together.
    loops.sort_by_key(|l| (l.header, std::cmp::Reverse(l.end)));
    // The open loops enclosing the current header, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for i in 0..loops.len() {
        while open.last().is_some_and(|&o| loops[o].end <= loops[i].header) {
            open.pop();
        }
        // A loop overlapping its predecessor without being inside it cannot come from structured code; it is
        // treated as nested, which only over-counts depths.
        loops[i].parent = open.last().copied();
        loops[i].depth = loops[i].parent.map_or(0, |p| loops[p].depth + 1);
        open.push(i);
    }
    loops
}
