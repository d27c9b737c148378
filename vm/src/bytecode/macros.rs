//! `define_bytecodes!`: expands the list in `list.rs` into opcode, decoders, instruction enum and metadata.

/// A frame-relative register (see `frame.rs`): parameters are negative, header slots and locals non-negative.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
pub struct Reg(pub i16);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OperandKind {
    Reg,
    Idx,
    Slot,
    Cnt,
    Imm,
    Lbl,
    Rt,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AccUse {
    None,
    Read,
    Write,
    ReadWrite,
}

macro_rules! operand_type {
    (Reg) => {
        $crate::bytecode::Reg
    };
    (Idx) => {
        u16
    };
    (Slot) => {
        u16
    };
    (Cnt) => {
        u16
    };
    (Imm) => {
        i32
    };
    (Lbl) => {
        u32
    };
    (Rt) => {
        u16
    };
}

macro_rules! operand_size {
    (Reg) => {
        2
    };
    (Idx) => {
        2
    };
    (Slot) => {
        2
    };
    (Cnt) => {
        2
    };
    (Imm) => {
        4
    };
    (Lbl) => {
        4
    };
    (Rt) => {
        2
    };
}

macro_rules! acc_use {
    (none) => {
        $crate::bytecode::AccUse::None
    };
    (read) => {
        $crate::bytecode::AccUse::Read
    };
    (write) => {
        $crate::bytecode::AccUse::Write
    };
    (readwrite) => {
        $crate::bytecode::AccUse::ReadWrite
    };
}

/// Reads one operand of `kind` from `code` at byte offset `at`.
macro_rules! read_operand {
    (Reg, $code:expr, $at:expr) => {
        $crate::bytecode::Reg($crate::bytecode::macros::rd_u16($code, $at) as i16)
    };
    (Imm, $code:expr, $at:expr) => {
        $crate::bytecode::macros::rd_u32($code, $at) as i32
    };
    (Lbl, $code:expr, $at:expr) => {
        $crate::bytecode::macros::rd_u32($code, $at)
    };
    ($k:ident, $code:expr, $at:expr) => {
        $crate::bytecode::macros::rd_u16($code, $at)
    };
}

macro_rules! write_operand {
    (Reg, $buf:expr, $v:expr) => {
        $buf.extend_from_slice(&($v.0 as u16).to_le_bytes())
    };
    (Imm, $buf:expr, $v:expr) => {
        $buf.extend_from_slice(&($v as u32).to_le_bytes())
    };
    (Lbl, $buf:expr, $v:expr) => {
        $buf.extend_from_slice(&$v.to_le_bytes())
    };
    ($k:ident, $buf:expr, $v:expr) => {
        $buf.extend_from_slice(&$v.to_le_bytes())
    };
}

#[inline(always)]
pub fn rd_u16(code: &[u8], at: usize) -> u16 {
    debug_assert!(at + 2 <= code.len());
    // SAFETY: the bytecode verifier-free contract: instructions are only decoded at offsets produced by the encoder,
    // which always writes the full operand width (checked in debug builds).
    unsafe { (code.as_ptr().add(at) as *const u16).read_unaligned() }
}

#[inline(always)]
pub fn rd_u32(code: &[u8], at: usize) -> u32 {
    debug_assert!(at + 4 <= code.len());
    // SAFETY: as for `rd_u16`.
    unsafe { (code.as_ptr().add(at) as *const u32).read_unaligned() }
}

macro_rules! define_bytecodes {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($opnd:ident : $kind:ident),* ) => $acc:ident ; )*) => {
        /// Opcodes, one byte each.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[repr(u8)]
        pub enum Op { $( $(#[doc = $doc])* $name ),* }

        impl Op {
            pub const ALL: &'static [Op] = &[ $(Op::$name),* ];
            pub const COUNT: usize = Op::ALL.len();

            #[inline(always)]
            pub fn from_byte(b: u8) -> Op {
                debug_assert!((b as usize) < Op::COUNT);
                // SAFETY: `Op` is `repr(u8)` with contiguous discriminants 0..COUNT and bytes come from the encoder.
                unsafe { std::mem::transmute::<u8, Op>(b) }
            }
            pub fn name(self) -> &'static str {
                match self { $(Op::$name => stringify!($name)),* }
            }
            pub fn operands(self) -> &'static [$crate::bytecode::OperandKind] {
                match self { $(Op::$name => &[ $($crate::bytecode::OperandKind::$kind),* ]),* }
            }
            pub fn acc_use(self) -> $crate::bytecode::AccUse {
                match self { $(Op::$name => $crate::bytecode::macros::acc_use!($acc)),* }
            }
            /// Encoded size in bytes, opcode included.
            #[inline(always)]
            pub const fn size(self) -> usize {
                match self { $(Op::$name => 1 $(+ $crate::bytecode::macros::operand_size!($kind))*),* }
            }
        }

        /// One decoder struct per opcode: `ops::Add::decode(code, pc)` reads its operands in place.
        #[allow(non_snake_case)]
        pub mod ops {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[derive(Clone, Copy, Debug)]
                pub struct $name { $(pub $opnd: $crate::bytecode::macros::operand_type!($kind)),* }
                impl $name {
                    #[inline(always)]
                    #[allow(unused_assignments, unused_mut, unused_variables)]
                    pub fn decode(code: &[u8], pc: usize) -> Self {
                        let mut at = pc + 1;
                        $(
                            let $opnd = $crate::bytecode::macros::read_operand!($kind, code, at);
                            at += $crate::bytecode::macros::operand_size!($kind);
                        )*
                        $name { $($opnd),* }
                    }
                }
            )*
        }

        /// A decoded instruction, for the encoder, the disassembler and the graph builders.
        #[derive(Clone, Copy, Debug)]
        pub enum Insn { $( $name { $($opnd: $crate::bytecode::macros::operand_type!($kind)),* } ),* }

        impl Insn {
            pub fn op(&self) -> Op {
                match self { $(Insn::$name { .. } => Op::$name),* }
            }
            pub fn encode(&self, buf: &mut Vec<u8>) {
                match *self {
                    $(Insn::$name { $($opnd),* } => {
                        buf.push(Op::$name as u8);
                        $( $crate::bytecode::macros::write_operand!($kind, buf, $opnd); )*
                    })*
                }
            }
            pub fn decode(code: &[u8], pc: usize) -> Insn {
                match Op::from_byte(code[pc]) {
                    $(Op::$name => {
                        #[allow(unused_variables)]
                        let d = ops::$name::decode(code, pc);
                        Insn::$name { $($opnd: d.$opnd),* }
                    })*
                }
            }
            /// Operands in list order, widened to i64 (registers keep their sign).
            pub fn operand_values(&self) -> Vec<i64> {
                match *self {
                    $(Insn::$name { $($opnd),* } => vec![ $( $crate::bytecode::macros::widen($opnd) ),* ]),*
                }
            }
        }
    };
}

pub trait Widen {
    fn widen(self) -> i64;
}
impl Widen for Reg {
    fn widen(self) -> i64 {
        self.0 as i64
    }
}
impl Widen for u16 {
    fn widen(self) -> i64 {
        self as i64
    }
}
impl Widen for u32 {
    fn widen(self) -> i64 {
        self as i64
    }
}
impl Widen for i32 {
    fn widen(self) -> i64 {
        self as i64
    }
}
pub fn widen<T: Widen>(v: T) -> i64 {
    v.widen()
}

pub(crate) use {acc_use, define_bytecodes, operand_size, operand_type, read_operand, write_operand};
