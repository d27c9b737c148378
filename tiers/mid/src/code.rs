//! Installed mid code: its bytes in the code space (`tetra_vm::jit::code_space`, shared with baseline code, freed
//! when the code is dropped), its source map, and the listing of `--print-code` (machine code grouped under the
//! bytecode each range came from).

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use std::fmt::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use tetra_vm::function::FunctionTemplate;
use tetra_vm::jit::code_space::Code;
use tetra_vm::tiering::{CompiledCode, EnterFn, OsrTarget, Tier};

pub struct MidCode {
    pub(crate) buffer: Code,
    /// (machine start, machine end, bytecode offset), sorted by machine offset.
    pub(crate) srclocs: Vec<(u32, u32, u32)>,
    pub(crate) exits: usize,
    /// Owned for the exits, which embed their addresses (never read here).
    pub(crate) _exit_tables: tetra_vm::tiering::deopt::ExitTables,
    pub(crate) generic: usize,
    /// Shapes the code compares against and prototype objects it reads (see `Graph::shapes`).
    pub(crate) shapes: Vec<usize>,
    pub(crate) holders: Vec<usize>,
    /// The loop header of the OSR entry, for code compiled to take over a running frame.
    pub(crate) osr_header: Option<u32>,
    /// `--trace-osr`'s description of the values at the OSR entry.
    pub(crate) osr_values: String,
    /// The prototype epoch the code assumes (`Graph::lazy_epoch`), and the flag its `CheckInvalidated` nodes test
    /// (boxed: the code embeds its address).
    pub(crate) epoch: Option<u32>,
    /// The global properties the code folded (`Graph::globals`).
    pub(crate) globals: Vec<(u64, u64)>,
    pub(crate) invalid: Box<AtomicU8>,
    /// Bytecode bytes of the callees inlined (`Graph::inlined_bytes`).
    pub(crate) inlined_bytes: usize,
}

impl MidCode {
    fn start(&self) -> usize {
        self.buffer.as_ptr() as usize
    }
}

impl CompiledCode for MidCode {
    fn tier(&self) -> Tier {
        Tier::Mid
    }

    fn epoch_dependency(&self) -> Option<u32> {
        self.epoch
    }

    fn global_dependencies(&self) -> &[(u64, u64)] {
        &self.globals
    }

    fn invalidate(&self) {
        // Read by this code on the same (main) thread; atomic only because the flag was made on another.
        self.invalid.store(1, Ordering::Relaxed);
    }

    fn enter(&self) -> EnterFn {
        // SAFETY: the buffer starts with the Cranelift function, whose signature is `EnterFn` (see lower.rs); the
        // buffer lives as long as this code object.
        unsafe { std::mem::transmute::<usize, EnterFn>(self.start()) }
    }

    fn address_of(&self, pc: u32) -> Option<usize> {
        // One entry, at the start of the function.
        (pc == 0).then(|| self.start())
    }

    /// The entry is the function itself with `target` = loop header + 1 (see lower.rs); the values stay in the
    /// frame and are checked against the loop's representations there.
    fn osr_entry(&self, _t: &FunctionTemplate, loop_header: u32) -> Option<OsrTarget> {
        (self.osr_header == Some(loop_header))
            .then(|| OsrTarget { address: loop_header as usize + 1, values: self.osr_values.clone() })
    }

    fn code_start(&self) -> usize {
        self.buffer.as_ptr() as usize
    }

    fn code_size(&self) -> usize {
        self.buffer.size()
    }

    fn inlined_bytecode_bytes(&self) -> usize {
        self.inlined_bytes
    }

    fn trace(&self, t: &mut tetra_gc::Tracer) {
        // Besides these, the code embeds only the template's own constants and the addresses of the template and its
        // bytecode, which the template (its owner) keeps alive.
        trace_cells(&self.shapes, &self.holders, t);
    }

    fn disassemble(&self, t: &FunctionTemplate) -> String {
        let bytes = self.buffer.bytes();
        let base = self.start() as u64;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "  ;; mid code: {} bytes, {} deopt exits, {} generic instructions",
            bytes.len(),
            self.exits,
            self.generic
        );
        let mut formatter = IntelFormatter::new();
        let mut decoder = Decoder::with_ip(64, bytes, base, DecoderOptions::NONE);
        let mut text = String::new();
        let mut last_pc = None;
        for insn in &mut decoder {
            let off = (insn.ip() - base) as u32;
            let pc = self.srclocs.iter().find(|&&(s, e, _)| s <= off && off < e).map(|&(_, _, pc)| pc);
            if pc != last_pc {
                match pc {
                    Some(pc) if (pc as usize) < t.bytecode.len() => {
                        let (line, _) = tetra_vm::bytecode::disasm::disassemble_template_insn(t, pc as usize);
                        let _ = writeln!(out, "  ;; {}", line.trim_end());
                    }
                    _ => {
                        let _ = writeln!(out, "  ;; (prologue, epilogue, spills)");
                    }
                }
                last_pc = pc;
            }
            text.clear();
            formatter.format(&insn, &mut text);
            let _ = writeln!(out, "    {:#014x}  {text}", insn.ip());
        }
        out
    }
}

/// Marks the shapes and prototype objects mid code compares against or reads.
pub(crate) fn trace_cells(shapes: &[usize], holders: &[usize], t: &mut tetra_gc::Tracer) {
    for &s in shapes {
        // SAFETY: copied from a live `Gc<Shape>` of the feedback at compile time and kept marked since.
        t.mark(unsafe { tetra_gc::Gc::from_raw(s as *mut tetra_shapes::Shape) });
    }
    for &h in holders {
        // SAFETY: as for the shapes, with a live object or function template (marking is by address).
        t.mark(unsafe { tetra_gc::Gc::from_raw(h as *mut tetra_vm::object::JsObject) });
    }
}
