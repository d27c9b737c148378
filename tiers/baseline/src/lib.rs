//! tetra-baseline: the Sparkplug-style tier. One linear pass over a function's bytecode emits x86-64 with
//! `dynasmrt`, one `visit` per bytecode, with no IR and no register allocation.
//!
//! Invariants:
//! - The frame is the interpreter's (`tetra_vm::frame`): every bytecode register lives in its frame slot, so a
//!   function can move between `interp` and `baseline` at any call or loop header without translation.
//! - Machine registers: `rbx` the accumulator, `r12` the frame pointer, `r13` the `Cx` of the entry, `r14` the
//!   `FunctionTemplate`, `r15` the start of its bytecode (for the `ip` argument of stubs). All are callee-saved, so
//!   they survive every call into the runtime; `rax`, `rcx`, `rdx` are scratch.
//! - Everything beyond the inlined fast paths calls the interpreter's own handler body for that bytecode, compiled as
//!   a stub (`tetra_vm::tiering::runtime::stub_for`): the two tiers cannot disagree on semantics or feedback.
//! - Inlined fast paths record the same feedback the interpreter's fast paths record.
//! - Code memory comes from `dynasmrt`, which never maps it writable and executable at once.
//! - Other architectures: `available()` is false and the tier is never installed; everything runs in `interp`.

#[cfg(target_arch = "x86_64")]
mod arith;
#[cfg(target_arch = "x86_64")]
mod code;
#[cfg(target_arch = "x86_64")]
mod dense;
#[cfg(target_arch = "x86_64")]
mod elements;
#[cfg(target_arch = "x86_64")]
mod emit;
#[cfg(target_arch = "x86_64")]
mod iterate;
#[cfg(target_arch = "x86_64")]
mod named;
#[cfg(target_arch = "x86_64")]
mod visit;

use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::{CompiledCode, Tier, TierCompiler};

/// Whether this host can run baseline code.
pub const fn available() -> bool {
    cfg!(target_arch = "x86_64")
}

/// The baseline tier's compiler, to install with `Vm::install_tier`.
pub struct BaselineCompiler {
    /// `Vm::tier_cell` of the VM the code runs in: the code's entry records `Tier::Baseline` there.
    pub tier_cell: usize,
}

impl TierCompiler for BaselineCompiler {
    fn tier(&self) -> Tier {
        Tier::Baseline
    }

    fn compile(&self, t: &FunctionTemplate) -> Result<Box<dyn CompiledCode>, String> {
        #[cfg(target_arch = "x86_64")]
        {
            visit::compile(t, self.tier_cell).map(|c| Box::new(c) as Box<dyn CompiledCode>)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = t;
            Err("the baseline tier generates x86-64 code only".into())
        }
    }
}

/// The compiler for `vm` if this host supports the tier.
pub fn compiler(vm: &tetra_vm::vm::Vm) -> Option<Box<dyn TierCompiler>> {
    if available() { Some(Box::new(BaselineCompiler { tier_cell: vm.tier_cell() })) } else { None }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use tetra_vm::Runtime;
    use tetra_vm::bytecode::Insn;

    fn function(src: &str) -> (Runtime, tetra_gc::Gc<FunctionTemplate>) {
        let mut rt = Runtime::new();
        let script = rt.vm.compile(src, "t.js").expect("compiles");
        let f = script.functions[0];
        (rt, f)
    }

    fn compiler(rt: &Runtime) -> BaselineCompiler {
        BaselineCompiler { tier_cell: rt.vm.tier_cell() }
    }

    #[test]
    fn every_instruction_has_an_entry_and_nothing_else_does() {
        let (rt, f) = function("function f(a) { let s = 0; for (let i = 0; i < a; i++) s += i * 2; return s; }");
        let code = compiler(&rt).compile(&f).expect("compiles");
        let mut boundaries = Vec::new();
        let mut pc = 0;
        while pc < f.bytecode.len() {
            boundaries.push(pc as u32);
            pc += Insn::decode(&f.bytecode, pc).op().size();
        }
        for pc in 0..f.bytecode.len() as u32 {
            assert_eq!(code.address_of(pc).is_some(), boundaries.contains(&pc), "pc {pc}");
        }
        // Addresses grow with the bytecode offset: one linear pass.
        let addrs: Vec<usize> = boundaries.iter().map(|&pc| code.address_of(pc).unwrap()).collect();
        assert!(addrs.windows(2).all(|w| w[0] < w[1]));
        assert!(code.code_size() > addrs.len());
    }

    /// A label left unbound (a cold path never emitted, say) fails the compile, and the function silently stays
    /// in the interpreter: every kind of fast path must compile.
    #[test]
    fn every_fast_path_compiles() {
        let src = "function f(o, a, s, k) { var t = 0; g = o.x; o.y = g; var l = { p: 1 }; \
                   a[k] = a[k + 1]; a[a.length] = s.length; if (o === s || o) t = k / 3 + k % 4; \
                   for (var e of a) t += e * 2.5 - 1; return t < 1 ? l.p : t; }";
        let (rt, f) = function(src);
        compiler(&rt).compile(&f).expect("compiles");
    }

    #[test]
    fn listing_shows_each_bytecode_with_its_machine_code() {
        let (rt, f) = function("function f(o) { return o.x + 1; }");
        let code = compiler(&rt).compile(&f).expect("compiles");
        let text = code.disassemble(&f);
        for op in ["GetNamedProperty", "AddSmi", "Return"] {
            assert!(text.contains(op), "{op} missing in\n{text}");
        }
        assert!(text.contains(";; prologue") && text.contains("jmp rcx"), "{text}");
    }

    #[test]
    fn osr_entries_only_at_loop_headers() {
        let (rt, f) = function("function f(n) { var s = 0; while (n-- > 0) s++; return s; }");
        let code = compiler(&rt).compile(&f).expect("compiles");
        let mut header = None;
        let mut pc = 0;
        while pc < f.bytecode.len() {
            let insn = Insn::decode(&f.bytecode, pc);
            if let Insn::JumpLoop { target, .. } = insn {
                header = Some(target);
            }
            pc += insn.op().size();
        }
        let header = header.expect("a loop");
        let entry = code.osr_entry(&f, header).expect("an OSR entry at the loop header");
        assert_eq!(Some(entry.address), code.address_of(header));
        assert!(code.osr_entry(&f, 0).is_none());
    }
}
