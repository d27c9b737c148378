//! tetra-osr: frame states (where each interpreter register lives at a point of compiled code), on-stack
//! replacement entries, and (with the optimising tiers) deoptimisation.
//!
//! Invariants:
//! - A `FrameState` describes one bytecode offset of one function: for every interpreter register of the frame
//!   (parameters, header slots the code reads, locals) and for the accumulator, where the value is.
//! - An OSR entry is only made at a loop header, i.e. the target of a `JumpLoop` back-edge: the one point where
//!   the interpreter hands over a running activation.
//! - `baseline` shares the interpreter's frame, so its frame states are the identity (every register in its frame
//!   slot, the accumulator in the baseline accumulator register) and its OSR entry moves nothing.

use tetra_vm::bytecode::{Insn, disasm::reg_name};
use tetra_vm::frame::HEADER_SIZE;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::{CompiledCode, OsrTarget};

/// Where a value of the interpreter frame is in compiled code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the interpreter frame's own slot (frame-relative register index), as the interpreter left it.
    Frame(i16),
    /// In a machine register of the compiled code.
    Machine(&'static str),
}

/// The value locations at one bytecode offset.
#[derive(Clone, Debug)]
pub struct FrameState {
    pub pc: u32,
    pub registers: Vec<(i16, Location)>,
    pub accumulator: Location,
}

impl FrameState {
    /// The state of code that keeps the interpreter's frame: every register in place, the accumulator in `acc`.
    pub fn shared_frame(t: &FunctionTemplate, pc: u32, acc: &'static str) -> FrameState {
        let params = (0..t.param_count as i16).map(|i| -1 - i);
        let locals = (0..t.register_count as i16).map(|i| HEADER_SIZE as i16 + i);
        let registers = params.chain(locals).map(|r| (r, Location::Frame(r))).collect();
        FrameState { pc, registers, accumulator: Location::Machine(acc) }
    }

    /// How many values move on entry (0 for a shared frame).
    pub fn moved(&self) -> usize {
        self.registers.iter().filter(|(r, l)| *l != Location::Frame(*r)).count()
    }

    /// One line for traces: what is mapped where.
    pub fn describe(&self) -> String {
        let moved: Vec<String> = self
            .registers
            .iter()
            .filter(|(r, l)| *l != Location::Frame(*r))
            .map(|(r, l)| format!("{} -> {l:?}", reg_name(*r)))
            .collect();
        let acc = match &self.accumulator {
            Location::Machine(m) => format!("accumulator -> {m}"),
            Location::Frame(r) => format!("accumulator -> frame {}", reg_name(*r)),
        };
        if moved.is_empty() {
            format!("{} registers in place (shared frame), {acc}", self.registers.len())
        } else {
            format!("{} of {} registers moved ({}), {acc}", moved.len(), self.registers.len(), moved.join(", "))
        }
    }
}

/// Whether `pc` is a loop header of `t`: the target of one of its `JumpLoop` back-edges.
pub fn is_loop_header(t: &FunctionTemplate, pc: u32) -> bool {
    let code = &t.bytecode;
    let mut at = 0usize;
    while at < code.len() {
        let insn = Insn::decode(code, at);
        if let Insn::JumpLoop { target, .. } = insn
            && target == pc
        {
            return true;
        }
        at += insn.op().size();
    }
    false
}

/// The OSR entry into code that shares the interpreter's frame (`baseline`): a jump to the loop header's machine
/// code, with the accumulator in `acc`.
pub fn shared_frame_entry(
    code: &dyn CompiledCode,
    t: &FunctionTemplate,
    loop_header: u32,
    acc: &'static str,
) -> Option<OsrTarget> {
    if !is_loop_header(t, loop_header) {
        return None;
    }
    let address = code.address_of(loop_header)?;
    let state = FrameState::shared_frame(t, loop_header, acc);
    debug_assert_eq!(state.moved(), 0);
    Some(OsrTarget { address, values: state.describe() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tetra_vm::Runtime;

    #[test]
    fn loop_headers_are_back_edge_targets_only() {
        let mut rt = Runtime::new();
        let t = rt.vm.compile("var s = 0; for (var i = 0; i < 3; i++) { s += i; }", "t.js").unwrap();
        let mut headers = Vec::new();
        let mut at = 0;
        while at < t.bytecode.len() {
            let insn = Insn::decode(&t.bytecode, at);
            if let Insn::JumpLoop { target, .. } = insn {
                headers.push(target);
            }
            at += insn.op().size();
        }
        assert_eq!(headers.len(), 1);
        assert!(is_loop_header(&t, headers[0]));
        assert!(!is_loop_header(&t, 0));
        assert!(!is_loop_header(&t, headers[0] + 1));
    }

    #[test]
    fn shared_frame_state_moves_nothing() {
        let mut rt = Runtime::new();
        let script = rt.vm.compile("function f(a, b) { var x = a + b; return x; }", "t.js").unwrap();
        let f = script.functions[0];
        let s = FrameState::shared_frame(&f, 0, "rbx");
        assert_eq!(s.registers.len(), f.param_count as usize + f.register_count as usize);
        assert_eq!(s.moved(), 0);
        assert!(s.registers.contains(&(-1, Location::Frame(-1))));
        assert!(s.describe().contains("registers in place (shared frame), accumulator -> rbx"));
    }
}
