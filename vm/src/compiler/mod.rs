//! The front end: swc AST -> bytecode (scope analysis, early errors, bytecode generation).
//! (Placeholder until the front end lands: reports every script as unsupported.)

use crate::bytecode::CompiledFunction;

pub struct SyntaxError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

pub fn compile_script(_source: &str, _filename: &str) -> Result<CompiledFunction, SyntaxError> {
    Err(SyntaxError { message: "front end not available".into(), line: 1, column: 1 })
}
