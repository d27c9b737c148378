//! The disassembler behind `--print-bytecode`, driven by the operand metadata of the bytecode list.

use crate::bytecode::{CompiledFunction, Constant, Insn, Op, OperandKind, RuntimeId};
use crate::frame;
use std::fmt::Write;

/// Renders a register operand the way Ignition does: `a0` for parameters, `r0` for locals, names for the header.
pub fn reg_name(r: i16) -> String {
    match r {
        r if r < 0 => format!("a{}", -1 - r),
        frame::CLOSURE => "<closure>".into(),
        frame::CONTEXT => "<context>".into(),
        frame::THIS => "<this>".into(),
        frame::NEW_TARGET => "<new.target>".into(),
        r if (r as usize) < frame::HEADER_SIZE => format!("<hdr{r}>"),
        r => format!("r{}", r as usize - frame::HEADER_SIZE),
    }
}

fn constant_text(c: Option<&Constant>) -> String {
    match c {
        Some(Constant::Number(n)) => format!("{n}"),
        Some(Constant::String(s)) => format!("{:?}", String::from_utf16_lossy(s)),
        Some(Constant::BigInt(b)) => format!("{b}n"),
        Some(Constant::Template { raw, .. }) => {
            let parts: Vec<String> = raw.iter().map(|s| String::from_utf16_lossy(s)).collect();
            format!("<template {:?}>", parts.join("${}"))
        }
        None => "<bad constant>".into(),
    }
}

/// Disassembles one instruction at `pc`; returns the text and the next pc.
pub fn disassemble_insn(code: &[u8], pc: usize, constants: &[Constant]) -> (String, usize) {
    disassemble_insn_with(code, pc, &|i| constant_text(constants.get(i)))
}

/// Disassembles one instruction of a materialised template (constants are heap values there).
pub fn disassemble_template_insn(t: &crate::function::FunctionTemplate, pc: usize) -> (String, usize) {
    let constant = |i: usize| match t.constants.get(i) {
        Some(v) if v.is_string() => format!("{:?}", v.as_string().to_rust_string()),
        Some(v) if v.is_number() => format!("{}", v.as_number()),
        Some(_) => "<constant>".into(),
        None => "<bad constant>".into(),
    };
    disassemble_insn_with(&t.bytecode, pc, &constant)
}

fn disassemble_insn_with(code: &[u8], pc: usize, constant: &dyn Fn(usize) -> String) -> (String, usize) {
    let insn = Insn::decode(code, pc);
    let op = insn.op();
    let mut text = format!("{:5} {:<28}", pc, op.name());
    let values = insn.operand_values();
    for (i, (kind, v)) in op.operands().iter().zip(values).enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        match kind {
            OperandKind::Reg => text.push_str(&reg_name(v as i16)),
            OperandKind::Idx => write!(text, "[{v}]").unwrap(),
            OperandKind::Slot => write!(text, "#{v}").unwrap(),
            OperandKind::Cnt | OperandKind::Imm => write!(text, "{v}").unwrap(),
            OperandKind::Lbl => write!(text, "@{v}").unwrap(),
            OperandKind::Rt => {
                let name = RuntimeId::from_u16(v as u16).map(|r| r.name()).unwrap_or("<bad runtime id>");
                text.push_str(name)
            }
        }
    }
    // Show the constant an Idx operand names, except for CreateClosure whose index is into `functions`.
    if op != Op::CreateClosure {
        for (kind, v) in op.operands().iter().zip(insn.operand_values()) {
            if *kind == OperandKind::Idx {
                write!(text, "  ; {}", constant(v as usize)).unwrap();
            }
        }
    }
    (text, pc + op.size())
}

/// Disassembles a compiled function and, recursively, its nested functions.
pub fn disassemble(f: &CompiledFunction, out: &mut String) {
    let name = if f.name.is_empty() { "<anonymous>".to_string() } else { String::from_utf16_lossy(&f.name) };
    if f.lazy.is_some() {
        // Printed when it is compiled, at its first call.
        writeln!(out, "[lazily compiled: {name} ({:?}), bytecode at its first call]\n", f.kind).unwrap();
        return;
    }
    writeln!(
        out,
        "[bytecode for {name}: {:?}{}, params {}, registers {}, {} bytes, {} feedback slots]",
        f.kind,
        if f.is_strict { " strict" } else { "" },
        f.param_count,
        f.register_count,
        f.bytecode.len(),
        f.feedback.len()
    )
    .unwrap();
    let mut pc = 0;
    while pc < f.bytecode.len() {
        let (text, next) = disassemble_insn(&f.bytecode, pc, &f.constants);
        writeln!(out, "  {text}").unwrap();
        pc = next;
    }
    if !f.constants.is_empty() {
        writeln!(out, "  constants:").unwrap();
        for (i, c) in f.constants.iter().enumerate() {
            writeln!(out, "    [{i}] {}", constant_text(Some(c))).unwrap();
        }
    }
    for h in &f.handlers {
        writeln!(out, "  handler: [{}, {}) -> @{} (context {})", h.start, h.end, h.handler, reg_name(h.context.0))
            .unwrap();
    }
    out.push('\n');
    for inner in &f.functions {
        disassemble(inner, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::Reg;

    #[test]
    fn every_opcode_round_trips_through_encode_and_decode() {
        // Encode each opcode with distinct operand values and check that decode gives them back and sizes agree.
        for &op in Op::ALL {
            let mut buf = Vec::new();
            buf.push(op as u8);
            for (i, k) in op.operands().iter().enumerate() {
                let v = (i as u16 + 3) * 7;
                match k {
                    OperandKind::Imm | OperandKind::Lbl => buf.extend_from_slice(&(v as u32).to_le_bytes()),
                    _ => buf.extend_from_slice(&v.to_le_bytes()),
                }
            }
            assert_eq!(buf.len(), op.size(), "{op:?}");
            let insn = Insn::decode(&buf, 0);
            assert_eq!(insn.op(), op);
            let mut again = Vec::new();
            insn.encode(&mut again);
            assert_eq!(again, buf, "{op:?}");
        }
    }

    #[test]
    fn registers_print_like_ignition() {
        assert_eq!(reg_name(Reg::param(1).0), "a1");
        assert_eq!(reg_name(Reg::local(2).0), "r2");
        assert_eq!(reg_name(Reg::THIS.0), "<this>");
    }
}
