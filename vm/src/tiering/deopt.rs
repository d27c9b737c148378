//! Deoptimisation: leaving speculative code for `interp` in the middle of a function.
//!
//! Invariants:
//! - Speculative code runs on the interpreter's frame (the caller pushed it). A deopt exit first writes every live
//!   value whose frame slot is stale into that slot (boxed), then calls `deoptimize` with the bytecode offset to
//!   resume at, and returns `STUB_DEOPT`. The frame is then exactly what `interp` would have at that offset, and
//!   whoever entered the code (`Vm::finish_compiled_frame`) resumes it in the interpreter to its return.
//! - The same exit serves an exception raised by a generic instruction inside a `try`: the frame is complete (a
//!   generic instruction spills every live register first) and the interpreter resumes by unwinding to the handler.
//! - Reasons are one declarative list (V8's `DEOPTIMIZE_REASON_LIST`), each counted per VM and per function.
//! - After a deopt the function's speculative code is discarded (retired: other activations may still run in it) and
//!   the function collects feedback again before it is re-optimised; after `max_deopts` it stays below `mid`.

use super::Tier;
use super::manager::describe_function;
use crate::bytecode::Insn;
use crate::bytecode::disasm::reg_name;
use crate::frame::{self, FLAG_ENTRY};
use crate::function::FunctionTemplate;
use crate::interp::dispatch::{Cx, T};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

macro_rules! deopt_reasons {
    ($($name:ident => $text:literal,)*) => {
        /// Why speculative code gave up.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        #[repr(u8)]
        pub enum DeoptReason { $($name),* }

        impl DeoptReason {
            pub const ALL: &'static [DeoptReason] = &[$(DeoptReason::$name),*];
            pub const COUNT: usize = DeoptReason::ALL.len();
            pub fn text(self) -> &'static str {
                match self { $(DeoptReason::$name => $text),* }
            }
            pub fn from_u8(b: u8) -> DeoptReason {
                DeoptReason::ALL[(b as usize).min(DeoptReason::COUNT - 1)]
            }
        }
    };
}

deopt_reasons! {
    NotAnInt32 => "not an int32",
    NotANumber => "not a number",
    NotABoolean => "not a boolean",
    Overflow => "int32 overflow",
    MinusZero => "minus zero",
    DivisionByZeroOrNegative => "modulus of a negative or by a non-positive int32",
    LostPrecision => "unsigned result out of int32 range",
    NotAnObject => "not an object",
    NotAString => "not a string",
    NumberOrString => "a number, string or BigInt where === had seen only values it compares by identity",
    WrongCallTarget => "wrong call target (inlined callee)",
    WrongPrivateName => "a private name of another evaluation of the class",
    WrongShape => "wrong shape",
    PrototypeChanged => "prototype chain changed",
    ArrayTooLong => "array length out of int32 range",
    InsufficientFeedback => "insufficient type feedback (code that never ran)",
    ExceptionInTry => "exception in a try block",
    Hole => "a binding in its temporal dead zone or super() misuse (throws)",
    ElementAccess => "element access off the dense fast path (inlined callee)",
    WrongElementsKind => "not a typed array of the element kind the site saw",
    TypedArrayOutOfBounds => "typed array index out of bounds, or its buffer detached or shrunk",
    TypedArrayValue => "a value for a typed array element that the code does not convert",
    CallNeedsFrame => "a call that needs its routine (inlined callee: no frame)",
    DependencyChanged => "a prototype or global the code relied on changed (lazy deopt)",
    Stress => "--stress-deopt",
    Requested => "Tetra.deoptimize",
}

/// Where a deoptimised frame resumes (set by `deoptimize`, taken by `Vm::resume_deoptimized`).
#[derive(Clone, Copy, Debug)]
pub struct PendingDeopt {
    /// The innermost frame to resume (the compiled frame itself, or the frame of a callee inlined into it).
    pub frame: Option<usize>,
    pub pc: u32,
    /// Resume by throwing this at `pc`: an exception inside a `try`, or a RangeError when the register file had no
    /// room for an inlined callee's frame (the call overflows the stack).
    pub throw: Option<Value>,
}

/// Everything a deopt exit tells the runtime besides the values it stored: one per exit, owned by the code.
pub struct ExitDescriptor {
    /// The compiled function's template (untagged).
    pub template: usize,
    /// Where the innermost frame resumes.
    pub pc: u32,
    /// The slots the exit left raw or did not write.
    pub fixups: Box<[SlotFixup]>,
    /// The frames of the callees inlined at the exit, outermost first (none: the exit is in the function itself).
    pub levels: Box<[InlinedLevel]>,
}

/// Called by a deopt exit of speculative code running the frame `fp`, after the exit wrote the stale registers
/// (some raw, boxed here first by the descriptor's fixups): rebuilds the frames of inlined callees, records where
/// `interp` resumes, counts and traces the deopt, and discards the code.
///
/// # Safety
/// `cx` is the running context and `fp` the frame of the descriptor's template in its register file; `exit` is a
/// descriptor of the running code, whose fixups name slots of the frames the exit wrote.
pub unsafe extern "C" fn deoptimize_exit(cx: &mut Cx, fp: *mut Value, exit: &ExitDescriptor, reason: u32, acc: Value) {
    // SAFETY: per the contract (the fixups are the exit's, for the frames it wrote).
    unsafe { apply_fixups(fp, &exit.fixups) };
    if exit.levels.is_empty() {
        // SAFETY: per the contract.
        unsafe { deoptimize(cx, fp, exit.template as T, exit.pc, reason, acc) }
    } else {
        // SAFETY: per the contract.
        unsafe { deoptimize_inlined(cx, fp, &exit.levels, exit.pc, reason, acc) }
    }
}

/// A deopt in the function of `t` itself, its frame `fp` complete.
///
/// # Safety
/// As `deoptimize_exit`'s, `pc` an instruction boundary of `t`.
unsafe fn deoptimize(cx: &mut Cx, fp: *mut Value, t: T, pc: u32, reason: u32, acc: Value) {
    // SAFETY: per the contract; cx.vm is the running VM and nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    // SAFETY: a running template is a live heap cell.
    let t = unsafe { Gc::from_raw(t as *mut FunctionTemplate) };
    let reason = DeoptReason::from_u8(reason as u8);
    vm.pending_deopt =
        Some(PendingDeopt { frame: None, pc, throw: (reason == DeoptReason::ExceptionInTry).then_some(acc) });
    vm.stats.deopts[reason as usize] += 1;
    t.deopts.set(t.deopts.get() + 1);
    if reason.against_element_kind() {
        note_element_site(&t, pc);
    }
    if tracing::enabled!(target: "tetra::deopt", tracing::Level::INFO) {
        // SAFETY: fp points into the register file that cx.base starts.
        let frame = unsafe { fp.offset_from(cx.base) } as usize;
        trace_deopt(vm, &describe_function(&t), &t, frame, pc, acc, reason, t.deopts.get());
    }
    // A stress deopt, an exception inside a try or a TDZ error says nothing against the speculation: the code stays.
    if !matches!(reason, DeoptReason::Stress | DeoptReason::ExceptionInTry | DeoptReason::Hole) {
        vm.discard_code(t, Tier::Mid, reason);
    }
}

impl DeoptReason {
    /// A typed-array element access speculated from its site's element kind failed (its state is the site's own
    /// instruction): the site's feedback is made megamorphic, so the next compile runs its routine, not another
    /// speculation that would fail the same way (a dense array at a site that met one typed kind records nothing).
    pub fn against_element_kind(self) -> bool {
        matches!(
            self,
            DeoptReason::WrongElementsKind | DeoptReason::TypedArrayOutOfBounds | DeoptReason::TypedArrayValue
        )
    }
}

/// Makes the keyed site at `pc` of `t` megamorphic (`ic::note_uncached`), if it is one.
fn note_element_site(t: &FunctionTemplate, pc: u32) {
    if let Insn::GetKeyedProperty { slot, .. } | Insn::SetKeyedProperty { slot, .. } =
        Insn::decode(&t.bytecode, pc as usize)
    {
        crate::interp::ic::note_uncached(t, slot);
    }
}

/// What a deopt exit left in a frame slot for the runtime to finish: the exit stores values as its code holds them
/// (an int32, a double's bits, a boolean byte) and constants not at all, and the runtime boxes them before anything
/// reads the frame. Boxing in the exit code took a third of mid's (cold) instructions.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SlotFixup {
    /// The slot, in words from the compiled frame's fp.
    pub slot: i32,
    pub kind: FixupKind,
    /// The value, for `FixupKind::Constant`.
    pub bits: u64,
}

#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixupKind {
    /// The slot holds an int32 in its low half.
    Int32,
    /// The slot holds a double's bits.
    Float64,
    /// The slot's low byte is 0 or 1.
    Bool,
    /// The slot gets `bits` (a tagged constant).
    Constant,
}

/// The descriptors the exits of one piece of code point to (the code owns them; boxed, so their addresses, which
/// the code embeds, do not move).
#[derive(Default)]
pub struct ExitTables {
    pub exits: Vec<Box<ExitDescriptor>>,
}

/// Boxes the slots a deopt exit left raw.
///
/// # Safety
/// The fixups' slots are inside the register file around `fp`.
unsafe fn apply_fixups(fp: *mut Value, fixups: &[SlotFixup]) {
    for f in fixups {
        // SAFETY: per the contract, the slot is inside the register file.
        let slot = unsafe { fp.offset(f.slot as isize) };
        // SAFETY: as above; the exit wrote the slot's raw word.
        let raw = unsafe { (*slot).0 };
        let v = match f.kind {
            FixupKind::Int32 => Value::int(raw as u32 as i32),
            FixupKind::Float64 => Value::number(f64::from_bits(raw)),
            FixupKind::Bool => Value::bool(raw & 1 != 0),
            FixupKind::Constant => Value(f.bits),
        };
        // SAFETY: as above.
        unsafe { *slot = v };
    }
}

/// One callee frame a deopt inside inlined code rebuilds (`deoptimize_inlined` gets them outermost first): the
/// code that deoptimises keeps these for the exits that point to them.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct InlinedLevel {
    /// The callee (a closure the code keeps alive), or None when the exit wrote it in the callee frame's closure
    /// slot (a closure the compiled function made itself).
    pub closure: Option<Value>,
    /// The callee's function template (kept alive by the code, or by the closure the exit wrote).
    pub template: usize,
    /// The arguments the call passed.
    pub argc: u32,
    /// The call instruction in the level above (the compiled function's for the first level).
    pub call_pc: u32,
    /// Slots from the compiled frame's fp to this callee's.
    pub offset: u32,
    /// A [[Construct]] of the callee (new.target is the callee; `this` was allocated, the exit wrote it).
    pub construct: bool,
    /// The callee made its own context, which the exit wrote in its frame's context register (else the closure's
    /// context goes there).
    pub own_context: bool,
}

/// A deopt inside callees inlined into the speculative code running the frame `fp` (one level per callee,
/// outermost first), after the exit wrote the caller's stale registers and, for each callee, its arguments,
/// parameters, locals and `this` at its offset above `fp`: completes each callee's frame header, linked to return
/// into the level above after its call, and resumes the innermost at `pc`.
///
/// # Safety
/// As `deoptimize_exit`'s; the first level's call is inside the template of the frame at `fp`, and the slots up to
/// the innermost frame's end are inside the register file (checked here).
unsafe fn deoptimize_inlined(cx: &mut Cx, fp: *mut Value, levels: &[InlinedLevel], pc: u32, reason: u32, acc: Value) {
    // SAFETY: per the contract; cx.vm is the running VM and nothing else borrows it during this call.
    let vm = unsafe { &mut *cx.vm };
    // SAFETY: fp points into the register file that cx.base starts.
    let caller_fp = unsafe { fp.offset_from(cx.base) } as usize;
    // SAFETY: the code keeps the templates of its inlined callees alive (directly or through their closures).
    let template = |level: &InlinedLevel| unsafe { Gc::from_raw(level.template as *mut FunctionTemplate) };
    let innermost = levels.last().expect("at least one inlined level");
    let t = template(innermost);
    if caller_fp + innermost.offset as usize + frame::HEADER_SIZE + t.register_count as usize > vm.stack.len() {
        // No room for the callees' frames: the call overflows the stack, as it would have in the interpreter (the
        // callees have no handlers, so the RangeError reaches the compiled frame at its call).
        let e = vm.new_error(crate::realm::ErrorKind::RangeError, "Maximum call stack size exceeded");
        vm.pending_deopt = Some(PendingDeopt { frame: None, pc: levels[0].call_pc, throw: Some(e) });
        return;
    }
    // SAFETY: the caller's template is alive while its frame runs.
    let caller = unsafe { Gc::from_raw(crate::interp::dispatch::frame_template(fp) as *mut FunctionTemplate) };
    let reason = DeoptReason::from_u8(reason as u8);
    vm.stats.deopts[reason as usize] += 1;
    if reason == DeoptReason::ElementAccess || reason.against_element_kind() {
        // The site goes off the fast path after all: the next compile calls the routine there instead.
        note_element_site(&t, pc);
    }
    if reason == DeoptReason::CallNeedsFrame {
        // The callee's calls need its frame after all: the next compile calls it instead of inlining it.
        t.calls_need_frame.set(true);
    }
    caller.deopts.set(caller.deopts.get() + 1);
    let (mut above_fp, mut above_t) = (caller_fp, caller);
    for level in levels {
        let callee = template(level);
        let callee_fp = caller_fp + level.offset as usize;
        let closure = level.closure.unwrap_or(vm.stack[callee_fp + frame::CLOSURE as usize]);
        let crate::object::ObjectKind::Closure(c) = &closure.as_object().kind else { unreachable!("inlined closures") };
        let context = c.context;
        let return_pc = level.call_pc + Insn::decode(&above_t.bytecode, level.call_pc as usize).op().size() as u32;
        let header = [
            (frame::CLOSURE, closure),
            (frame::NEW_TARGET, if level.construct { closure } else { Value::UNDEFINED }),
            (frame::ARGC, Value::int(level.argc as i32)),
            (frame::CALLER_FP, Value::int(above_fp as i32)),
            (frame::RETURN_PC, Value::int(return_pc as i32)),
            (frame::FLAGS, Value::int(if level.construct { frame::FLAG_CONSTRUCT } else { 0 })),
        ];
        for (slot, v) in header {
            vm.stack[callee_fp + slot as usize] = v;
        }
        if !level.own_context {
            vm.stack[callee_fp + frame::CONTEXT as usize] = context;
        }
        (above_fp, above_t) = (callee_fp, callee);
    }
    let callee_fp = above_fp;
    vm.stack_top = callee_fp + frame::HEADER_SIZE + t.register_count as usize;
    vm.pending_deopt = Some(PendingDeopt { frame: Some(callee_fp), pc, throw: None });
    if tracing::enabled!(target: "tetra::deopt", tracing::Level::INFO) {
        let mut function = describe_function(&t);
        for level in levels[..levels.len() - 1].iter().rev() {
            function = format!("{function} inlined into {}", describe_function(&template(level)));
        }
        let function = format!("{function} inlined into {}", describe_function(&caller));
        trace_deopt(vm, &function, &t, callee_fp, pc, acc, reason, caller.deopts.get());
    }
    if !matches!(reason, DeoptReason::Stress | DeoptReason::Hole) {
        vm.discard_code(caller, Tier::Mid, reason);
    }
}

/// `--trace-deopt`'s line: the function (and where it was inlined), the offset, the reason, and the live values of
/// the frame at register-file index `frame` that resumes at `pc` of `t`.
#[allow(clippy::too_many_arguments)]
fn trace_deopt(
    vm: &mut Vm,
    function: &str,
    t: &FunctionTemplate,
    frame: usize,
    pc: u32,
    acc: Value,
    reason: DeoptReason,
    deopts: u32,
) {
    let analysis = crate::jit::analysis::BytecodeAnalysis::of(t);
    let live = analysis.live_in(pc);
    let mut values = Vec::new();
    for i in live.registers.iter() {
        let r = analysis.reg_of_index(i);
        if r.0 >= 0 && (r.0 as usize) < frame::HEADER_SIZE {
            continue;
        }
        let v = vm.stack[(frame as isize + r.0 as isize) as usize];
        values.push(format!("{}={}", reg_name(r.0), vm.debug_value(v)));
    }
    if live.accumulator {
        values.push(format!("acc={}", vm.debug_value(acc)));
    }
    tracing::info!(
        target: "tetra::deopt",
        function,
        pc,
        reason = reason.text(),
        deopts,
        values = %values.join(" "),
        "deopt"
    );
}

impl Vm {
    /// Speculative code of `t` failed: it is retired (activations deeper in the native stack may still run in it,
    /// and they deoptimise by themselves at their next failing check) and `t` runs in the tier below again.
    pub(crate) fn discard_code(&mut self, t: Gc<FunctionTemplate>, tier: Tier, reason: DeoptReason) {
        if super::tier_of(&t) != tier {
            return;
        }
        let below = t.lower_code.borrow_mut().take();
        match &below {
            Some(code) => {
                t.code_body.set(code.address_of(0).expect("compiled code starts at bytecode offset 0"));
                t.code_entry.set(code.enter() as usize);
            }
            None => {
                t.code_entry.set(0);
                t.code_body.set(0);
            }
        }
        let to = below.as_ref().map_or(Tier::Interp, |c| c.tier());
        let replaced = std::mem::replace(&mut *t.code.borrow_mut(), below);
        self.retire_code(replaced);
        self.record_tier_event(&t, tier, to, reason.text(), None);
        // OSR code for loops relied on the same feedback (and may be the code that deoptimised).
        let loops = std::mem::take(&mut *t.loop_code.borrow_mut());
        self.retire_code(loops.into_iter().map(|(_, c)| c));
        t.ticks.set(0);
        if t.deopts.get() >= self.options.tiering.max_deopts {
            t.failed_tiers.set(t.failed_tiers.get() | 1 << tier as u8);
            tracing::info!(
                target: "tetra::opt",
                function = %describe_function(&t),
                tier = tier.name(),
                deopts = t.deopts.get(),
                last_reason = reason.text(),
                "too many deopts: stays below"
            );
        }
    }

    /// The compiled frame at `fp` deoptimised (`STUB_DEOPT`, its frame complete): runs it in the interpreter from the
    /// pending deopt's offset to its return, as an entry frame of that interpreter loop (it is popped when it
    /// returns, as a compiled frame would be). The flag is the loop's business only: whoever entered the frame
    /// (an interpreter loop that moved it up by OSR, say) reads its own flags back afterwards.
    pub(crate) fn resume_deoptimized(&mut self, fp: usize, acc: Value) -> JsResult<Value> {
        let flags = self.stack[fp + frame::FLAGS as usize];
        self.stack[fp + frame::FLAGS as usize] = Value::int(flags.as_int() | FLAG_ENTRY);
        let (frame, d) = self.take_resume_point(fp);
        let result = self.run_frames_at(frame, d.pc, d.throw.unwrap_or(acc), d.throw.is_some());
        // The popped frame's header is intact (nothing was pushed since it returned).
        self.stack[fp + frame::FLAGS as usize] = flags;
        result
    }

    /// The pending deopt of the compiled frame at `fp`, and the frame the interpreter resumes in: that frame (its
    /// registers end the register file again) or the inlined callee's frame the deopt pushed above it.
    pub(crate) fn take_resume_point(&mut self, fp: usize) -> (usize, PendingDeopt) {
        let d = self.pending_deopt.take().expect("STUB_DEOPT without a pending deopt");
        if d.frame.is_none() {
            let t = crate::interp::dispatch::frame_template(&mut self.stack[fp] as *mut Value);
            // SAFETY: the frame's template is alive.
            self.stack_top = fp + frame::HEADER_SIZE + unsafe { (*t).register_count } as usize;
        }
        (d.frame.unwrap_or(fp), d)
    }

    /// A short description of a value for traces (`describe_for_error`'s, which runs no user code), cut at 24
    /// characters.
    pub fn debug_value(&mut self, v: Value) -> String {
        let s = self.describe_for_error(v);
        if s.chars().count() > 24 { format!("{}...", s.chars().take(24).collect::<String>()) } else { s }
    }
}
