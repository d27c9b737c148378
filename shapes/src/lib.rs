//! tetra-shapes: hidden classes (shapes), transition trees, property lookup and dictionary mode.
//!
//! The crate knows the VM's values only as opaque 64-bit words (`Key`, `Proto`) whose low 48 bits are a cell pointer
//! (or zero); that is all the tracer needs. Shape identity is what inline caches and JIT guards compare.

mod attrs;
mod shape;
mod transitions;

pub use attrs::Attrs;
pub use shape::{Key, PropertyInfo, Proto, Shape, ShapeTable};
