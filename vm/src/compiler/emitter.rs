//! The bytecode buffer of one function: instruction encoding, constants, feedback slots, source positions,
//! labels with forward patching, exception handlers and the register allocator.
//!
//! Invariants:
//! - Every label that a jump refers to is bound before `finish` (unbound labels are a compiler bug; they are
//!   patched to the end of the function so the output is still well-formed).
//! - Registers are allocated stack-like: `mark()` / `release(mark)` bracket every temporary use, so the register
//!   count is the high-water mark of simultaneously live locals.
//! - Overflow of any u16 table (constants, feedback, registers) sets `too_large` instead of panicking; the driver
//!   turns it into a SyntaxError.

use crate::bytecode::{Constant, FeedbackKind, Handler, Insn, Op, OperandKind, Reg};
use ahash::AHashMap as HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub u32);

#[derive(Default)]
pub struct Emitter {
    pub code: Vec<u8>,
    pub constants: Vec<Constant>,
    str_consts: HashMap<Vec<u16>, u16>,
    num_consts: HashMap<u64, u16>,
    pub feedback: Vec<FeedbackKind>,
    pub positions: Vec<(u32, u32)>,
    pub handlers: Vec<Handler>,
    labels: Vec<Option<u32>>,
    /// (byte offset of a Lbl operand, label)
    patches: Vec<(usize, u32)>,
    next_reg: u16,
    pub max_reg: u16,
    /// Source offset recorded for the next instruction that can throw.
    pub pos: u32,
    pub too_large: bool,
}

/// Instructions that cannot throw (no position is recorded for them).
fn cannot_throw(op: Op) -> bool {
    use Op::*;
    matches!(
        op,
        LdaUndefined
            | LdaNull
            | LdaTrue
            | LdaFalse
            | LdaTheHole
            | LdaSmi
            | LdaConstant
            | Ldar
            | Star
            | Mov
            | LdaContextSlot
            | StaContextSlot
            | CreateFunctionContext
            | CreateBlockContext
            | PushContext
            | PopContext
            | CloneBlockContext
            | Jump
            | JumpLoop
            | JumpIfTrue
            | JumpIfFalse
            | JumpIfToBooleanTrue
            | JumpIfToBooleanFalse
            | JumpIfNull
            | JumpIfNotNull
            | JumpIfUndefined
            | JumpIfNotUndefined
            | JumpIfNullish
            | JumpIfNotNullish
            | JumpIfObject
            | LogicalNot
            | TypeOf
            | TestNullish
            | TestUndefined
            | TestNull
            | TestEqualStrict
            | CreateClosure
            | Nop
            | Return
            | Debugger
    )
}

impl Emitter {
    pub fn pc(&self) -> u32 {
        self.code.len() as u32
    }

    pub fn emit(&mut self, insn: Insn) {
        let pc = self.pc();
        if !cannot_throw(insn.op()) {
            match self.positions.last() {
                Some(&(p, _)) if p == pc => {}
                Some(&(_, s)) if s == self.pos => {}
                _ => self.positions.push((pc, self.pos)),
            }
        }
        insn.encode(&mut self.code);
    }

    /// Emits a jump-like instruction whose Lbl operand (initially 0) is patched to `label`.
    pub fn emit_jump(&mut self, insn: Insn, label: Label) {
        let pc = self.code.len();
        let op = insn.op();
        self.emit(insn);
        let mut off = pc + 1;
        for k in op.operands() {
            if *k == OperandKind::Lbl {
                break;
            }
            off += match k {
                OperandKind::Imm => 4,
                _ => 2,
            };
        }
        match self.labels[label.0 as usize] {
            Some(t) => self.code[off..off + 4].copy_from_slice(&t.to_le_bytes()),
            None => self.patches.push((off, label.0)),
        }
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    pub fn bind(&mut self, l: Label) {
        let pc = self.pc();
        self.labels[l.0 as usize] = Some(pc);
        // A label bound here may be the target of a pending patch; patch eagerly to keep `patches` short.
        let code = &mut self.code;
        self.patches.retain(|&(off, lab)| {
            if lab == l.0 {
                code[off..off + 4].copy_from_slice(&pc.to_le_bytes());
                false
            } else {
                true
            }
        });
    }

    pub fn string(&mut self, s: Vec<u16>) -> u16 {
        if let Some(&i) = self.str_consts.get(&s) {
            return i;
        }
        let i = self.push_const(Constant::String(s.clone()));
        self.str_consts.insert(s, i);
        i
    }

    pub fn str(&mut self, s: &str) -> u16 {
        self.string(s.encode_utf16().collect())
    }

    pub fn number(&mut self, n: f64) -> u16 {
        let bits = n.to_bits();
        if let Some(&i) = self.num_consts.get(&bits) {
            return i;
        }
        let i = self.push_const(Constant::Number(n));
        self.num_consts.insert(bits, i);
        i
    }

    /// A BigInt literal (materialised as one BigInt per loaded function).
    pub fn bigint(&mut self, b: num_bigint::BigInt) -> u16 {
        self.push_const(Constant::BigInt(b))
    }

    /// A tagged template site's template object (never shared between sites).
    pub fn template(&mut self, cooked: Vec<Option<Vec<u16>>>, raw: Vec<Vec<u16>>) -> u16 {
        self.push_const(Constant::Template { cooked, raw })
    }

    fn push_const(&mut self, c: Constant) -> u16 {
        if self.constants.len() >= u16::MAX as usize {
            self.too_large = true;
            return 0;
        }
        self.constants.push(c);
        (self.constants.len() - 1) as u16
    }

    pub fn slot(&mut self, k: FeedbackKind) -> u16 {
        if self.feedback.len() >= u16::MAX as usize {
            self.too_large = true;
            return 0;
        }
        self.feedback.push(k);
        (self.feedback.len() - 1) as u16
    }

    // ---- registers
    pub fn alloc(&mut self) -> Reg {
        self.alloc_n(1)
    }

    /// Allocates `n` consecutive registers and returns the first.
    pub fn alloc_n(&mut self, n: u16) -> Reg {
        let first = self.next_reg;
        match self.next_reg.checked_add(n) {
            Some(v) if (v as usize) < (i16::MAX as usize - 16) => self.next_reg = v,
            _ => {
                self.too_large = true;
                return Reg::local(0);
            }
        }
        self.max_reg = self.max_reg.max(self.next_reg);
        Reg::local(first)
    }

    pub fn mark(&self) -> u16 {
        self.next_reg
    }

    pub fn release(&mut self, m: u16) {
        self.next_reg = m;
    }

    /// Finalises: unbound labels (never expected) point at the end, which holds a `Return`.
    pub fn finish(&mut self) {
        if !self.patches.is_empty() {
            let end = self.pc();
            for &(off, _) in &self.patches {
                self.code[off..off + 4].copy_from_slice(&end.to_le_bytes());
            }
            self.patches.clear();
            self.emit(Insn::LdaUndefined {});
            self.emit(Insn::Return {});
        }
    }
}
