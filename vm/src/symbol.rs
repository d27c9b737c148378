//! Symbols: unique property keys with an optional description.

use crate::value::Value;
use tetra_gc::{Trace, Tracer};

pub struct Symbol {
    /// A string, or undefined for `Symbol()`.
    pub description: Value,
}

// SAFETY: the description is the only heap reference.
unsafe impl Trace for Symbol {
    fn trace(&self, t: &mut Tracer) {
        self.description.trace(t);
    }
}
