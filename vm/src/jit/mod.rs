//! The JIT layer shared by every compiled tier (DESIGN.md, "The JIT layer"). So far: the bytecode analysis (basic
//! blocks, loops, liveness) that graph builders, OSR and deoptimisation frame states read, the value-level
//! runtime entries compiled code calls, and the code space all compiled code lives in.

pub mod analysis;
pub mod code_space;
mod effects;
pub mod entries;
mod liveness;

#[cfg(test)]
mod tests;
