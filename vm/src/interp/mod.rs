//! The `interp` tier: an Ignition-style register machine with an accumulator, as threaded code.
//!
//! Invariants:
//! - One handler per bytecode (`handlers/`), selected by an exhaustive `match` over `Op` (no wildcard).
//! - JS-to-JS calls push a frame and continue in the callee's handlers; only native code re-enters through
//!   `run_frames` (in `dispatch.rs`, with the driver loop and exception unwinding).
//! - The frame header in the register file is the truth whenever control leaves a frame (calls, returns,
//!   exceptions); `ip`, `fp`, `acc` and the template travel as handler arguments.

mod calls;
pub(crate) mod dispatch;
pub(crate) mod frames;
pub(crate) mod handlers;
pub(crate) mod ic;
pub(crate) mod megamorphic;
mod ops_slow;
#[cfg(test)]
mod tests;

pub(crate) use calls::CallAction;
pub(crate) use frames::FrameSetup;

use crate::frame;
use crate::function::FunctionTemplate;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

impl Vm {
    /// Where `super` looks: the [[Prototype]] of the running function's home object.
    pub(crate) fn super_base(&self, fp: *mut Value) -> Value {
        // SAFETY: header slot of a live frame.
        let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
        let home = closure.closure().map_or(Value::UNDEFINED, |c| c.home_object);
        if home.is_object() { home.as_object().proto() } else { Value::UNDEFINED }
    }

    /// The constructor `super(...)` calls: the running derived constructor's [[Prototype]].
    pub(crate) fn super_constructor(&self, fp: *mut Value) -> Value {
        // SAFETY: header slot of a live frame.
        let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
        closure.proto()
    }

    pub(crate) fn super_construct(&mut self, parent: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
        if !self.is_constructor(parent) {
            return self.throw_type("Super constructor is not a constructor");
        }
        self.construct(parent, args, new_target)
    }

    /// Runs a compiled top-level script template.
    pub fn run_script_template(&mut self, t: Gc<FunctionTemplate>) -> JsResult<Value> {
        let closure = self.new_closure(t, Value::UNDEFINED, Value::UNDEFINED);
        let global = self.realm.global;
        self.call(Value::object(closure), global, &[])
    }
}
