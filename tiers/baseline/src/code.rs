//! Installed baseline code: its bytes in the code space, the bytecode-offset -> machine-offset table, and the listing
//! of `--print-code` (machine code under each bytecode it came from, disassembled with `iced-x86`).

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use std::fmt::Write;
use tetra_vm::function::FunctionTemplate;
use tetra_vm::jit::code_space::Code;
use tetra_vm::tiering::site_cache::SiteCache;
use tetra_vm::tiering::{CompiledCode, EnterFn, Tier};

/// Marks bytecode offsets that do not start an instruction.
pub(crate) const NOT_AN_INSTRUCTION: u32 = u32::MAX;

pub struct BaselineCode {
    pub(crate) buffer: Code,
    /// Machine offset of each bytecode offset that starts an instruction (`NOT_AN_INSTRUCTION` elsewhere), plus one
    /// final entry: where the out-of-line slow paths begin.
    pub(crate) offsets: Vec<u32>,
    /// The named-property and global sites' caches (their addresses are baked into the code).
    pub(crate) caches: Box<[SiteCache]>,
}

impl BaselineCode {
    fn offset_of(&self, pc: u32) -> Option<u32> {
        self.offsets.get(pc as usize).copied().filter(|&o| o != NOT_AN_INSTRUCTION)
    }
}

impl CompiledCode for BaselineCode {
    fn tier(&self) -> Tier {
        Tier::Baseline
    }

    fn enter(&self) -> EnterFn {
        let p = self.buffer.as_ptr();
        // SAFETY: offset 0 is the prologue emitted by `Emitter::prologue`, which has the `EnterFn` signature; the
        // buffer lives as long as this code object.
        unsafe { std::mem::transmute::<*const u8, EnterFn>(p) }
    }

    fn address_of(&self, pc: u32) -> Option<usize> {
        self.offset_of(pc).map(|o| self.buffer.as_ptr() as usize + o as usize)
    }

    fn osr_entry(&self, t: &FunctionTemplate, loop_header: u32) -> Option<tetra_vm::tiering::OsrTarget> {
        tetra_osr::shared_frame_entry(self, t, loop_header, "rbx")
    }

    fn code_start(&self) -> usize {
        self.buffer.as_ptr() as usize
    }

    fn code_size(&self) -> usize {
        self.buffer.size()
    }

    fn trace(&self, t: &mut tetra_gc::Tracer) {
        self.caches.iter().for_each(|c| c.trace(t));
    }

    fn disassemble(&self, t: &FunctionTemplate) -> String {
        let base = self.buffer.as_ptr() as u64;
        let bytes = self.buffer.bytes();
        let mut out = String::new();
        let mut formatter = IntelFormatter::new();
        let mut listing = |out: &mut String, from: u32, to: u32| {
            let slice = &bytes[from as usize..to as usize];
            let mut decoder = Decoder::with_ip(64, slice, base + from as u64, DecoderOptions::NONE);
            let mut text = String::new();
            for insn in &mut decoder {
                text.clear();
                formatter.format(&insn, &mut text);
                let _ = writeln!(out, "    {:#014x}  {text}", insn.ip());
            }
        };
        let starts: Vec<(u32, u32)> = self
            .offsets
            .iter()
            .enumerate()
            .filter(|&(_, &o)| o != NOT_AN_INSTRUCTION)
            .map(|(pc, &o)| (pc as u32, o))
            .collect();
        let first = starts.first().map_or(0, |&(_, o)| o);
        let _ = writeln!(out, "  ;; prologue (entry trampoline)");
        listing(&mut out, 0, first);
        for (i, &(pc, off)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(bytes.len() as u32, |&(_, o)| o);
            if pc as usize >= t.bytecode.len() {
                let _ = writeln!(out, "  ;; out-of-line: slow paths, exception exit, epilogue");
            } else {
                let (text, _) = tetra_vm::bytecode::disasm::disassemble_template_insn(t, pc as usize);
                let _ = writeln!(out, "  ;; {}", text.trim_end());
            }
            listing(&mut out, off, end);
        }
        out
    }
}
