//! Bytecode: the declarative list, its encoding, the compiler's output format and the disassembler.

pub mod compiled;
pub mod disasm;
mod list;
pub mod macros;
pub mod runtime_ids;

pub use compiled::*;
pub use list::{Insn, Op, ops};
pub use macros::{AccUse, OperandKind, Reg};
pub use runtime_ids::RuntimeId;
