//! tetra-vm: values, objects, strings, builtins, the front end, bytecode, the interpreter and the tiering manager.

pub mod bytecode;
pub mod compiler;
pub mod frame;
