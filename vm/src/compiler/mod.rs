//! The front end: swc AST -> bytecode (scope analysis, early errors, bytecode generation).
