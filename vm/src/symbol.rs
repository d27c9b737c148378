//! Symbols: unique property keys with an optional description.

use crate::value::Value;
use tetra_gc::{Trace, Tracer};

pub struct Symbol {
    /// A string, or undefined for `Symbol()`; a private name's is its source spelling (`#x`).
    pub description: Value,
    /// A private name (`#x` of a class body, `runtime/private.rs`): a key no property operation of the language
    /// sees (own keys, proxies and prototype lookups skip it); only the private-element operations use it.
    pub private: bool,
}

// SAFETY: the description is the only heap reference.
unsafe impl Trace for Symbol {
    fn trace(&self, t: &mut Tracer) {
        self.description.trace(t);
    }
}
