//! The emitter: the machine-code sequences every visit is built from (prologue and epilogue, frame-register access,
//! stub calls with their exception and jump checks, int32 tag checks, out-of-line slow paths).
//!
//! Invariants:
//! - Between bytecodes, `rsp` is the same everywhere in the function (nothing is pushed), so an exception handler is
//!   entered with a plain jump, and every call site is 16-byte aligned (the prologue pushes an even number of
//!   words after the return address... see `prologue`).
//! - A stub returns the accumulator in `rax` and its status in `rdx`; an exception jumps to `throw_label` with the
//!   exception in `rax`.
//! - Slow paths and the rare halves of fast paths are emitted after the last bytecode (`defer`, `cold`), so fast
//!   paths are straight-line code.

use dynasmrt::VecAssembler;
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, dynasm};
use tetra_vm::function::FunctionTemplate;
use tetra_vm::tiering::runtime::{self, STUB_FRAME_DONE, STUB_JUMP, STUB_THROW, StubFn};
use tetra_vm::tiering::site_cache::{self, SiteCache, SiteMode};
use tetra_vm::tiering::{Tier, loop_stats};
use tetra_vm::value::{CANONICAL_NAN, FIRST_TAGGED, TAG_INT, TAG_SHIFT, Value};

macro_rules! asm {
    ($ops:expr; $($t:tt)*) => {
        dynasm!($ops ; .arch x64 ; $($t)*)
    };
}
pub(crate) use asm;

/// The int32 tag in the top 16 bits, as a full word (OR it onto a zero-extended 32-bit result).
pub(crate) const INT_TAG_WORD: i64 = (TAG_INT << TAG_SHIFT) as i64;

type ColdPath<'a> = Box<dyn FnOnce(&mut Emitter<'a>) + 'a>;

/// What a slow path does after its stub returns.
pub(crate) struct Deferred {
    pub entry: DynamicLabel,
    pub pc: u32,
    pub stub: StubFn,
    /// Where to continue after a `STUB_NEXT`.
    pub resume: DynamicLabel,
    /// Where a `STUB_JUMP` goes (instructions with a label operand).
    pub jump: Option<DynamicLabel>,
    /// After the stub: rebuild this site cache from the feedback slot, for a site of this mode.
    pub refresh: Option<(usize, u16, SiteMode)>,
}

pub(crate) struct Emitter<'a> {
    /// Position-independent code (only relative references to its own labels), copied into the code space.
    pub ops: VecAssembler<X64Relocation>,
    pub t: &'a FunctionTemplate,
    /// Label of the instruction starting at each bytecode offset (created on demand).
    labels: Vec<Option<DynamicLabel>>,
    deferred: Vec<Deferred>,
    /// Rare cases of inlined fast paths, emitted after the body (each at its label) with the slow paths.
    cold: Vec<(DynamicLabel, ColdPath<'a>)>,
    /// One cache per named-property and global site, allocated before emission so their addresses are stable.
    pub caches: Box<[SiteCache]>,
    next_cache: usize,
    pub throw_label: DynamicLabel,
    pub epilogue: DynamicLabel,
}

impl<'a> Emitter<'a> {
    pub fn new(t: &'a FunctionTemplate, sites: usize) -> Emitter<'a> {
        let mut ops = VecAssembler::new(0);
        // About 20 bytes of machine code per byte of bytecode on AWFY: reserve that once instead of growing.
        ops.reserve_ops(t.bytecode.len() * 24 + 256);
        let throw_label = ops.new_dynamic_label();
        let epilogue = ops.new_dynamic_label();
        let caches = (0..sites).map(|_| SiteCache::EMPTY).collect();
        Emitter {
            ops,
            t,
            labels: vec![None; t.bytecode.len() + 1],
            deferred: Vec::new(),
            cold: Vec::new(),
            caches,
            next_cache: 0,
            throw_label,
            epilogue,
        }
    }

    /// The address of the next site's cache.
    pub fn new_cache(&mut self) -> usize {
        let c = &mut self.caches[self.next_cache];
        self.next_cache += 1;
        c as *mut SiteCache as usize
    }

    /// The label of the instruction at `pc`.
    pub fn label(&mut self, pc: u32) -> DynamicLabel {
        if let Some(l) = self.labels[pc as usize] {
            return l;
        }
        let l = self.ops.new_dynamic_label();
        self.labels[pc as usize] = Some(l);
        l
    }

    /// `EnterFn(fp: rdi, acc: rsi, cx: rdx, target: rcx)`: saves the callee-saved registers the tier uses, loads
    /// them, records the running tier in `tier_cell` (`Vm::tier_cell`, for `--stats`), and jumps to `target`. With
    /// the return address and `rbp`, six pushes plus 8 bytes keep `rsp` 16-aligned. The 8 bytes are written (a
    /// zero), not just reserved: the conservative stack scan reads every word of the frame for as long as it runs,
    /// and a stale pointer left there by an earlier frame was found keeping a dead object graph alive (AWFY
    /// DeltaBlue in baseline: 96,000 cells from that one word; other native frames still hold such words, see
    /// docs/design-notes.md).
    pub fn prologue(&mut self, tier_cell: usize) {
        let t = self.t as *const FunctionTemplate as i64;
        let code = self.t.bytecode.as_ptr() as i64;
        asm!(self.ops
            ; mov rax, QWORD tier_cell as i64
            ; mov BYTE [rax], Tier::Baseline as i8
            ; push rbp
            ; mov rbp, rsp
            ; push rbx
            ; push r12
            ; push r13
            ; push r14
            ; push r15
            ; push 0
            ; mov r12, rdi
            ; mov rbx, rsi
            ; mov r13, rdx
            ; mov r14, QWORD t
            ; mov r15, QWORD code
            ; jmp rcx
        );
    }

    /// Shared tail: the exception path (find a handler in this frame or leave it) and the epilogue.
    pub fn finish_common(&mut self) {
        let unwind = runtime::unwind as *const () as i64;
        let (throw_label, epilogue) = (self.throw_label, self.epilogue);
        let escape = self.ops.new_dynamic_label();
        asm!(self.ops
            ; =>throw_label
            ; mov rbx, rax
            ; mov rdi, r12
            ; mov rsi, r14
            ; mov rdx, r13
            ; mov rax, QWORD unwind
            ; call rax
            ; test rax, rax
            ; jz =>escape
            ; jmp rax
            ; =>escape
            ; mov rax, rbx
            ; mov edx, STUB_THROW as i32
            ; =>epilogue
            ; add rsp, 8
            ; pop r15
            ; pop r14
            ; pop r13
            ; pop r12
            ; pop rbx
            ; pop rbp
            ; ret
        );
    }

    /// Loads frame register `r` into `rax`.
    pub fn load_rax(&mut self, r: i16) {
        asm!(self.ops ; mov rax, QWORD [r12 + r as i32 * 8]);
    }

    /// Calls `f` with the stub convention for the instruction at `pc`: `(ip, fp, acc, t, cx)`.
    pub fn call_stub(&mut self, pc: u32, f: StubFn) {
        let f = f as *const () as i64;
        asm!(self.ops
            ; lea rdi, [r15 + pc as i32]
            ; mov rsi, r12
            ; mov rdx, rbx
            ; mov rcx, r14
            ; mov r8, r13
            ; mov rax, QWORD f
            ; call rax
        );
    }

    /// After a stub: exceptions go to the handler path; the result becomes the accumulator; a `STUB_JUMP` goes to
    /// `jump` when the instruction has a label.
    pub fn after_stub(&mut self, jump: Option<DynamicLabel>) {
        let throw_label = self.throw_label;
        match jump {
            None => asm!(self.ops
                ; test edx, edx
                ; jnz =>throw_label
                ; mov rbx, rax
            ),
            Some(j) => asm!(self.ops
                ; cmp edx, STUB_THROW as i32
                ; je =>throw_label
                ; mov rbx, rax
                ; cmp edx, STUB_JUMP as i32
                ; je =>j
            ),
        }
    }

    /// The whole bytecode as a stub call (no fast path).
    pub fn stub(&mut self, pc: u32, f: StubFn, jump: Option<DynamicLabel>) {
        self.call_stub(pc, f);
        self.after_stub(jump);
    }

    /// Jumps to `slow` unless the value in `reg` (rax or rbx) is an int32. Clobbers rcx.
    pub fn check_int_rax(&mut self, slow: DynamicLabel) {
        asm!(self.ops
            ; mov rcx, rax
            ; shr rcx, TAG_SHIFT as i8
            ; cmp ecx, TAG_INT as i32
            ; jne =>slow
        );
    }

    pub fn check_int_acc(&mut self, slow: DynamicLabel) {
        asm!(self.ops
            ; mov rcx, rbx
            ; shr rcx, TAG_SHIFT as i8
            ; cmp ecx, TAG_INT as i32
            ; jne =>slow
        );
    }

    /// acc = the int32 in eax (upper half of rax zero, as every 32-bit operation leaves it).
    pub fn box_int_rax_to_acc(&mut self) {
        asm!(self.ops
            ; mov rcx, QWORD INT_TAG_WORD
            ; or rax, rcx
            ; mov rbx, rax
        );
    }

    /// xmm`xmm` = the number in rax (an int32 converted, or a double); to `slow` if rax is not a number.
    /// Clobbers rcx.
    #[allow(clippy::useless_conversion)] // dynasm's `Rx(..)` converts its operand into a u8 whatever it is
    pub fn number_to_xmm(&mut self, xmm: u8, slow: DynamicLabel) {
        let not_int = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov rcx, rax
            ; shr rcx, TAG_SHIFT as i8
            ; cmp ecx, TAG_INT as i32
            ; jne =>not_int
            ; cvtsi2sd Rx(xmm), eax
            ; jmp =>done
            ; =>not_int
            ; mov rcx, QWORD FIRST_TAGGED as i64
            ; cmp rax, rcx
            ; jae =>slow
            ; movq Rx(xmm), rax
            ; =>done
        );
    }

    /// acc = the number in xmm0 as `Value::number` boxes it: an int32 when it is one exactly (and not -0), else a
    /// double with NaN canonicalised. Clobbers rax, rcx, xmm2.
    pub fn xmm0_to_acc(&mut self) {
        let int = self.ops.new_dynamic_label();
        let double = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cvttsd2si eax, xmm0
            ; cvtsi2sd xmm2, eax
            ; ucomisd xmm0, xmm2
            ; jne =>double
            ; jp =>double
            ; test eax, eax
            ; jnz =>int
            ; movq rcx, xmm0
            ; test rcx, rcx
            ; js =>double
            ; =>int
            ; mov rcx, QWORD INT_TAG_WORD
            ; or rax, rcx
            ; mov rbx, rax
            ; jmp =>done
            ; =>double
            ; movq rbx, xmm0
            ; ucomisd xmm0, xmm0
            ; jnp =>done
            ; mov rbx, QWORD CANONICAL_NAN as i64
            ; =>done
        );
    }

    /// acc = true if ecx is 1, false if 0.
    pub fn box_bool_ecx_to_acc(&mut self) {
        asm!(self.ops
            ; mov rbx, QWORD Value::FALSE.0 as i64
            ; or rbx, rcx
        );
    }

    /// Records `bits` in a binary-op/compare feedback slot, as the interpreter's fast path does. Skipped when the
    /// bits are already there: the lattice only grows, so the store could never change anything.
    pub fn record_hint(&mut self, slot: u16, bits: u8) {
        let cell = self.t.feedback_mut()[slot as usize].hint_byte();
        // SAFETY: `hint_byte` returns the address of the slot's hint byte, valid for the template's lifetime.
        if unsafe { *cell } & bits == bits {
            return;
        }
        asm!(self.ops
            ; mov rax, QWORD cell as i64
            ; or BYTE [rax], bits as i8
        );
    }

    /// A slow path for the instruction at `pc` to emit after the body: call its stub, then continue at `resume`.
    pub fn defer(&mut self, pc: u32, stub: StubFn, resume: DynamicLabel, jump: Option<DynamicLabel>) -> DynamicLabel {
        let entry = self.ops.new_dynamic_label();
        self.deferred.push(Deferred { entry, pc, stub, resume, jump, refresh: None });
        entry
    }

    /// A slow path that also rebuilds the site cache at `cache` (feedback `slot`, a site of `mode`).
    pub fn defer_ic(
        &mut self,
        pc: u32,
        stub: StubFn,
        resume: DynamicLabel,
        cache: usize,
        slot: u16,
        mode: SiteMode,
    ) -> DynamicLabel {
        let entry = self.ops.new_dynamic_label();
        self.deferred.push(Deferred { entry, pc, stub, resume, jump: None, refresh: Some((cache, slot, mode)) });
        entry
    }

    /// Code to emit at `label` after the body: the rare half of a fast path, which jumps back or to a slow path.
    pub fn cold(&mut self, label: DynamicLabel, path: impl FnOnce(&mut Emitter<'a>) + 'a) {
        self.cold.push((label, Box::new(path)));
    }

    pub fn emit_deferred(&mut self) {
        for (label, path) in std::mem::take(&mut self.cold) {
            asm!(self.ops ; =>label);
            path(self);
        }
        for d in std::mem::take(&mut self.deferred) {
            let entry = d.entry;
            asm!(self.ops ; =>entry);
            self.stub(d.pc, d.stub, d.jump);
            if let Some((cache, slot, mode)) = d.refresh {
                let refresh = site_cache::refresh as *const () as i64;
                asm!(self.ops
                    ; mov rdi, QWORD cache as i64
                    ; mov rsi, r14
                    ; mov edx, slot as i32
                    ; mov ecx, mode as i32
                    ; mov rax, QWORD refresh
                    ; call rax
                );
            }
            let resume = d.resume;
            asm!(self.ops ; jmp =>resume);
        }
    }

    /// Subtracts `amount` from the function's interrupt budget; when it runs out, calls the tiering manager (for
    /// the instruction at `pc`). Falls through either way.
    /// With loop statistics kept (`--stats`): counts the back-edge to `header` in its word, stamping the time of
    /// the first one. Nothing otherwise.
    pub fn count_backedge(&mut self, header: u32) {
        let Some((counter, stat)) = loop_stats::counter(self.t, header, Tier::Baseline) else { return };
        let note = loop_stats::note_first_run as *const () as i64;
        // acc, fp, cx, the template and the bytecode live in callee-saved registers across the call.
        let counted = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov rax, QWORD counter as i64
            ; cmp QWORD [rax], 0
            ; jne =>counted
            ; mov rdi, r13
            ; mov rsi, QWORD stat as i64
            ; mov edx, Tier::Baseline as i32
            ; mov rax, QWORD note
            ; call rax
            ; mov rax, QWORD counter as i64
            ; =>counted
            ; inc QWORD [rax]
        );
    }

    pub fn budget(&mut self, pc: u32, amount: i32) {
        let offset = std::mem::offset_of!(FunctionTemplate, budget) as i32;
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; sub DWORD [r14 + offset], amount
            ; jg =>done
        );
        self.call_stub(pc, runtime::budget_interrupt);
        // At a back-edge the rest of the activation may have run in speculative code (OSR up): then this frame is
        // finished and popped, and returns what that code returned, or throws past its handlers.
        let epilogue = self.epilogue;
        let returned = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp edx, STUB_FRAME_DONE as i32
            ; jb =>done
            ; je =>returned
            ; mov edx, STUB_THROW as i32
            ; jmp =>epilogue
            ; =>returned
            ; xor edx, edx
            ; jmp =>epilogue
            ; =>done
        );
    }
}
