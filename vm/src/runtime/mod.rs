//! Runtime semantics shared by every tier: conversions, operators and the object internal methods.

pub mod convert;
pub mod direct_eval;
pub mod elements;
pub mod object_env;
pub mod operators;
pub mod private;
pub mod property;
pub mod script_lexicals;
