//! Per-loop statistics, kept when statistics are (`Options::stats`): for each loop of each function, the
//! back-edges taken in each tier, the OSR entries at it by the tier entered, and when it first ran in each tier.
//! `--stats` prints the hottest loops and `--stats-json` lists them all; loops are named as `--trace-osr` names
//! them (function, then the loop header's bytecode offset and source position).
//!
//! Invariants:
//! - A function's loops get their records when it is materialised (one per loop header, sorted by header), only
//!   while statistics are kept, so no tier pays anything without `--stats`: the interpreter tests the template's
//!   `loop_stats` at each back-edge (a load of a word next to the budget it reads anyway); compiled tiers emit a
//!   counter increment at each back-edge only when the function has the records.
//! - Compiled code counts at a fixed address (`LoopStat::backedges[tier]`); the first increment of a tier calls
//!   `note_first_run`, which stamps the time. The records live as long as their template (boxed, never moved).

use super::Tier;
use crate::bytecode::Insn;
use crate::function::FunctionTemplate;
use crate::interp::dispatch::Cx;
use std::cell::Cell;

/// One loop of one function.
#[repr(C)]
pub struct LoopStat {
    /// Back-edges taken, by the tier that ran them (indexed by `Tier`; compiled code increments these words).
    pub backedges: [Cell<u64>; 4],
    /// OSR entries at this loop, by the tier entered.
    pub osr_into: [Cell<u64>; 4],
    /// Nanoseconds from the VM's start to the first back-edge in each tier, plus one (0: never).
    pub first_ns: [Cell<u64>; 4],
    /// Bytecode offset of the loop header.
    pub header: u32,
}

impl LoopStat {
    fn new(header: u32) -> LoopStat {
        LoopStat { backedges: Default::default(), osr_into: Default::default(), first_ns: Default::default(), header }
    }

    pub fn total_backedges(&self) -> u64 {
        self.backedges.iter().map(Cell::get).sum()
    }

    /// When the loop first ran in `tier`, since the VM started.
    pub fn first_run(&self, tier: Tier) -> Option<std::time::Duration> {
        let ns = self.first_ns[tier as usize].get();
        (ns > 0).then(|| std::time::Duration::from_nanos(ns - 1))
    }
}

/// The records for the loops of a function's bytecode (the targets of its `JumpLoop`s), or none without loops.
pub fn for_bytecode(code: &[u8]) -> Option<Box<[LoopStat]>> {
    let mut headers = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        let insn = Insn::decode(code, pc);
        if let Insn::JumpLoop { target, .. } = insn {
            headers.push(target);
        }
        pc += insn.op().size();
    }
    headers.sort_unstable();
    headers.dedup();
    (!headers.is_empty()).then(|| headers.into_iter().map(LoopStat::new).collect())
}

impl FunctionTemplate {
    /// Where the loop whose header is at `header` is in the source, as `--trace-osr` and the statistics name loops:
    /// line and column (1-based) of the first expression the loop evaluates (its condition, or the first of its
    /// body), the first position recorded at or after the header.
    pub fn loop_position(&self, header: u32) -> (u32, u32) {
        let i = self.positions.partition_point(|&(pc, _)| pc < header);
        let offset = self.positions.get(i).map(|&(_, offset)| offset).or_else(|| self.position_at(header));
        offset.map_or((0, 0), |offset| self.script.line_col(offset))
    }

    /// The record of the loop whose header is at `header`, when loop statistics are kept.
    pub fn loop_stat(&self, header: u32) -> Option<&LoopStat> {
        let loops = self.loop_stats.get()?;
        loops.binary_search_by_key(&header, |l| l.header).ok().map(|i| &loops[i])
    }
}

impl crate::vm::Vm {
    /// Counts a back-edge to `header` taken in `tier` (the interpreter's; compiled code increments inline).
    #[cold]
    #[inline(never)]
    pub(crate) fn count_backedge(&self, t: &FunctionTemplate, header: u32, tier: Tier) {
        if let Some(l) = t.loop_stat(header) {
            let n = &l.backedges[tier as usize];
            if n.get() == 0 {
                self.stamp_first_run(l, tier);
            }
            n.set(n.get() + 1);
        }
    }

    /// An OSR into `tier` at the loop of `t` whose header is `header`.
    pub(crate) fn count_osr(&self, t: &FunctionTemplate, header: u32, tier: Tier) {
        if let Some(l) = t.loop_stat(header) {
            let n = &l.osr_into[tier as usize];
            n.set(n.get() + 1);
        }
    }

    fn stamp_first_run(&self, l: &LoopStat, tier: Tier) {
        if l.first_ns[tier as usize].get() == 0 {
            l.first_ns[tier as usize].set(self.started.elapsed().as_nanos() as u64 + 1);
        }
    }

    /// The loops of every function that has run, hottest first (by back-edges in all tiers), with their
    /// functions.
    pub fn hottest_loops(&self) -> Vec<(tetra_gc::Gc<FunctionTemplate>, &LoopStat)> {
        let mut all: Vec<_> = self
            .loop_stat_templates
            .iter()
            .flat_map(|&t| {
                let loops: *const [LoopStat] = &**t.loop_stats.get().expect("registered with records");
                // SAFETY: the templates are rooted by the VM (`loop_stat_templates`) for as long as it lives, and
                // their records are boxed and never replaced.
                let loops: &[LoopStat] = unsafe { &*loops };
                loops.iter().filter(|l| l.total_backedges() > 0).map(move |l| (t, l))
            })
            .collect();
        all.sort_by_key(|(_, l)| std::cmp::Reverse(l.total_backedges()));
        all
    }
}

/// Called by compiled code at the first back-edge it counts for a loop in `tier`: stamps the time.
///
/// # Safety
/// `cx` is the running context and `stat` a record of a live template.
pub unsafe extern "C" fn note_first_run(cx: &mut Cx, stat: &LoopStat, tier: u32) {
    // SAFETY: cx.vm is the running VM.
    let vm = unsafe { &*cx.vm };
    vm.stamp_first_run(stat, Tier::ALL[tier as usize]);
}

/// The words compiled code increments for a back-edge to `header` of `t` in `tier`, and the record to pass to
/// `note_first_run`; `None` when loop statistics are not kept.
pub fn counter(t: &FunctionTemplate, header: u32, tier: Tier) -> Option<(usize, usize)> {
    let l = t.loop_stat(header)?;
    Some((l.backedges[tier as usize].as_ptr() as usize, l as *const LoopStat as usize))
}
