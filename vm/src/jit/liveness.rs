//! Register and accumulator liveness: a backward dataflow over the basic blocks of `analysis.rs`.
//!
//! Invariants:
//! - Bit `i` of a `BitSet` of registers is the frame register `BytecodeAnalysis::reg_of_index(i)`: parameters first
//!   (the last parameter at 0), then the header slots, then the locals.
//! - The header slots are in every live set (every tier keeps them in the frame); so are the parameters of a function
//!   with a mapped `arguments` object.
//! - `live_in` of an instruction includes what its exception handler needs: a throw happens before the instruction's
//!   writes, so a handler's registers cannot be killed inside the try range. The accumulator never flows into a
//!   handler (the handler receives the exception there), but the handler's context register does (unwinding reads
//!   it to restore the context).
//! - An instruction with a jump label writes the accumulator only when it falls through (`ForInNext`,
//!   `IteratorNext`): on the jump the accumulator keeps its value, so its liveness at the target flows through.

/// A fixed-size set of small integers (register indices).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct BitSet {
    words: Vec<u64>,
    capacity: usize,
}

impl BitSet {
    /// An empty set of integers below `capacity`.
    pub fn new(capacity: usize) -> BitSet {
        BitSet { words: vec![0; capacity.div_ceil(64)], capacity }
    }

    /// The set `0..capacity`.
    pub fn full(capacity: usize) -> BitSet {
        let mut s = BitSet::new(capacity);
        s.insert_range(0..capacity);
        s
    }

    /// The universe size: every member is below it.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn contains(&self, i: usize) -> bool {
        i < self.capacity && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    /// Returns whether `i` was absent.
    pub fn insert(&mut self, i: usize) -> bool {
        assert!(i < self.capacity, "bit {i} outside a set of {}", self.capacity);
        let (w, b) = (i / 64, 1u64 << (i % 64));
        let absent = self.words[w] & b == 0;
        self.words[w] |= b;
        absent
    }

    /// Returns whether `i` was present.
    pub fn remove(&mut self, i: usize) -> bool {
        if i >= self.capacity {
            return false;
        }
        let (w, b) = (i / 64, 1u64 << (i % 64));
        let present = self.words[w] & b != 0;
        self.words[w] &= !b;
        present
    }

    pub fn insert_range(&mut self, r: std::ops::Range<usize>) {
        r.for_each(|i| {
            self.insert(i);
        });
    }

    /// Adds every member of `other` (of the same capacity); returns whether `self` changed.
    pub fn union_with(&mut self, other: &BitSet) -> bool {
        debug_assert_eq!(self.capacity, other.capacity);
        let mut changed = false;
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            let n = *a | b;
            changed |= n != *a;
            *a = n;
        }
        changed
    }

    /// Removes every member of `other` (of the same capacity).
    pub fn subtract(&mut self, other: &BitSet) {
        debug_assert_eq!(self.capacity, other.capacity);
        self.words.iter_mut().zip(&other.words).for_each(|(a, b)| *a &= !b);
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

impl std::fmt::Debug for BitSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// What is live at one point: registers (dense indices, see `BytecodeAnalysis::reg_index`) and the accumulator.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Liveness {
    pub registers: BitSet,
    pub accumulator: bool,
}

impl Liveness {
    pub fn new(capacity: usize) -> Liveness {
        Liveness { registers: BitSet::new(capacity), accumulator: false }
    }

    /// Adds `other`; returns whether `self` changed.
    pub fn union_with(&mut self, other: &Liveness) -> bool {
        let acc = other.accumulator && !self.accumulator;
        self.accumulator |= other.accumulator;
        self.registers.union_with(&other.registers) | acc
    }
}

/// One instruction's transfer function, in dense register indices.
pub(super) struct InsnUse {
    pub reads: Vec<usize>,
    pub writes: Vec<usize>,
    pub reads_all: bool,
    pub writes_all: bool,
    pub acc_read: bool,
    pub acc_write: bool,
    /// The block a jump goes to when this instruction writes the accumulator only on fall-through.
    pub acc_kept_to: Option<usize>,
}

/// One block as the solver sees it.
pub(super) struct FlowBlock {
    /// Instruction indices.
    pub insns: std::ops::Range<usize>,
    pub succs: Vec<usize>,
    /// Where a throw inside this block goes, and the register holding the context to restore there.
    pub handler: Option<(usize, usize)>,
}

pub(super) struct Problem<'a> {
    pub capacity: usize,
    /// Members of every live set.
    pub always: BitSet,
    /// What `reads_all` reads (parameters, header, locals).
    pub all: BitSet,
    /// What `writes_all` writes (the locals).
    pub locals: BitSet,
    pub uses: &'a [InsnUse],
    pub blocks: &'a [FlowBlock],
}

/// Per instruction: (live_in, live_out).
pub(super) fn solve(p: &Problem) -> (Vec<Liveness>, Vec<Liveness>) {
    let empty = Liveness::new(p.capacity);
    let mut block_in = vec![empty.clone(); p.blocks.len()];
    // Reverse bytecode order visits most successors first, so forward-only code settles in one pass and each loop
    // nesting level costs one more.
    let mut changed = true;
    while changed {
        changed = false;
        for b in (0..p.blocks.len()).rev() {
            let live = run_block(p, b, &block_in, None);
            if live != block_in[b] {
                block_in[b] = live;
                changed = true;
            }
        }
    }
    let n = p.uses.len();
    let mut out = (vec![empty.clone(); n], vec![empty; n]);
    for b in 0..p.blocks.len() {
        run_block(p, b, &block_in, Some(&mut out));
    }
    out
}

/// Runs block `b` backwards from the live-ins of its successors; returns its live-in, and records per instruction
/// when asked.
fn run_block(
    p: &Problem,
    b: usize,
    block_in: &[Liveness],
    mut record: Option<&mut (Vec<Liveness>, Vec<Liveness>)>,
) -> Liveness {
    let block = &p.blocks[b];
    let mut live = Liveness::new(p.capacity);
    block.succs.iter().for_each(|&s| {
        live.union_with(&block_in[s]);
    });
    let exception = block.handler.map(|(h, context)| {
        let mut regs = block_in[h].registers.clone();
        regs.insert(context);
        regs
    });
    let add_fixed = |l: &mut Liveness| {
        l.registers.union_with(&p.always);
        if let Some(e) = &exception {
            l.registers.union_with(e);
        }
    };
    add_fixed(&mut live);
    for i in block.insns.clone().rev() {
        let u = &p.uses[i];
        if let Some(r) = record.as_deref_mut() {
            r.1[i] = live.clone();
        }
        if u.writes_all {
            live.registers.subtract(&p.locals);
        }
        u.writes.iter().for_each(|&w| {
            live.registers.remove(w);
        });
        u.reads.iter().for_each(|&r| {
            live.registers.insert(r);
        });
        if u.reads_all {
            live.registers.union_with(&p.all);
        }
        live.accumulator = match u.acc_kept_to {
            // `live` is the union over both successors; the fall-through one is the other.
            Some(target) => {
                let fallthrough = block.succs.iter().any(|&s| s != target && block_in[s].accumulator);
                u.acc_read || (fallthrough && !u.acc_write) || block_in[target].accumulator
            }
            None => u.acc_read || (live.accumulator && !u.acc_write),
        };
        add_fixed(&mut live);
        if let Some(r) = record.as_deref_mut() {
            r.0[i] = live.clone();
        }
    }
    live
}
