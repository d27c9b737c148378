//! tetra-tests: the JS corpus (`tests/js/<area>/<name>.js` with `<name>.expected` beside it)
//! and the harness that runs it under every variant in [`variants::VARIANTS`].
//!
//! The harness lives here (not in `corpus.rs`) so it can be unit-tested and reused.

pub mod runner;
pub mod variants;
