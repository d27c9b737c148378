//! The JIT layer shared by every compiled tier (DESIGN.md, "The JIT layer"). So far: the bytecode analysis (basic
//! blocks, loops, liveness) that graph builders, OSR and deoptimisation frame states read, and the value-level
//! runtime entries compiled code calls.

pub mod analysis;
mod effects;
pub mod entries;
mod liveness;

#[cfg(test)]
mod tests;
