//! The frame layout shared by `interp` and `baseline` (and rebuilt by deoptimisation).
//!
//! A frame is a window in the VM's register file (one contiguous array of `Value`s). `fp` points at the header.
//!
//! ```text
//!   fp - 1 - i      argument i (arguments are copied in reverse order, so parameter i is at a fixed offset);
//!                   at least `param_count` slots are present (missing arguments are undefined), extra arguments
//!                   lie further down (fp - 1 - argc .. ) and are read only by `arguments` / rest parameters.
//!   fp + 0          closure (the function object being run)
//!   fp + 1          current context
//!   fp + 2          this (the hole in a derived constructor before super())
//!   fp + 3          new.target (undefined for calls)
//!   fp + 4          argument count (int32)
//!   fp + 5          caller's fp (int32 index into the register file; -1 for a frame entered from native code)
//!   fp + 6          caller's pc to resume at (int32)
//!   fp + 7          frame flags (int32, see FLAG_*)
//!   fp + 8 + i      local register i
//! ```
//! Register operands in bytecode are these offsets from `fp` (so parameters are negative).

use crate::bytecode::Reg;

pub const CLOSURE: i16 = 0;
pub const CONTEXT: i16 = 1;
pub const THIS: i16 = 2;
pub const NEW_TARGET: i16 = 3;
pub const ARGC: i16 = 4;
pub const CALLER_FP: i16 = 5;
pub const RETURN_PC: i16 = 6;
pub const FLAGS: i16 = 7;
pub const HEADER_SIZE: usize = 8;

/// The frame was pushed by a `Construct`/`SuperCall`: a non-object return value is replaced by `this`.
pub const FLAG_CONSTRUCT: i32 = 1;
/// Returning from this frame leaves the interpreter loop (it was entered from native code).
pub const FLAG_ENTRY: i32 = 2;
/// The frame resumes a suspended generator or async function: its new.target slot holds the generator object, and
/// `SwitchOnGeneratorState` jumps to the resume point.
pub const FLAG_RESUME: i32 = 4;

impl Reg {
    pub const CLOSURE: Reg = Reg(CLOSURE);
    pub const CONTEXT: Reg = Reg(CONTEXT);
    pub const THIS: Reg = Reg(THIS);
    pub const NEW_TARGET: Reg = Reg(NEW_TARGET);

    pub const fn param(i: u16) -> Reg {
        Reg(-1 - i as i16)
    }
    pub const fn local(i: u16) -> Reg {
        Reg(HEADER_SIZE as i16 + i as i16)
    }
    pub fn is_param(self) -> bool {
        self.0 < 0
    }
}
