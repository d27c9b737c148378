//! `stack` of Error objects: "Name: message" and then one "    at function (file:line:col)" line per JS frame,
//! innermost first, at most `STACK_TRACE_LIMIT` frames (V8's format and default limit).
//!
//! Frames are walked through their caller links. An entry frame (pushed from native code) has no JS caller of its
//! own, so when it is pushed it records the JS frame that was running the native call (`Vm::native_caller`): the
//! walk crosses builtins such as `Array.prototype.map` or `Generator.prototype.next`.
//!
//! A call made by speculative code from inside an inlined callee (which has no frame) links the callee's frame to
//! the outermost function's frame, with a negative return offset naming an `InlinedReturn`: the functions inlined
//! at that call and where each was, which the walk prints before the outermost frame (V8 reads them from the
//! code's deoptimisation data).
//!
//! When: the Error constructors capture at construction (the top frame is the caller of `new Error`); errors the
//! engine raises (a TypeError from a property access, a builtin's error) capture when they are first thrown
//! through a JS frame, at the throwing instruction.

use crate::frame;
use crate::function::FunctionTemplate;
use crate::object::ObjectKind;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::Vm;
use tetra_shapes::Attrs;

pub const STACK_TRACE_LIMIT: usize = 10;

/// The functions inlined at a call made from inside them: (template, offset after the call instruction in it),
/// innermost first, and the offset after the outermost function's call.
pub struct InlinedReturn {
    pub levels: Vec<(usize, i32)>,
    pub outer_after: i32,
}

/// Every `InlinedReturn` of every compile, by index. Entries are never removed (a few per compile); an entry's
/// templates are alive while a frame names it: they are the closures' templates the calling code keeps alive, and
/// the frame runs below that code.
static INLINED_RETURNS: std::sync::Mutex<Vec<InlinedReturn>> = std::sync::Mutex::new(Vec::new());

/// Registers `r`; the return offset that names it (negative).
pub fn register_inlined_return(r: InlinedReturn) -> i32 {
    let mut all = INLINED_RETURNS.lock().unwrap_or_else(|e| e.into_inner());
    all.push(r);
    -(all.len() as i32)
}

/// The inlined frames a return offset names, if it is one that does: (template, after) innermost first, and the
/// offset in the outermost function.
fn inlined_return(after: i32) -> Option<(Vec<(usize, i32)>, i32)> {
    if after >= 0 {
        return None;
    }
    let all = INLINED_RETURNS.lock().unwrap_or_else(|e| e.into_inner());
    let r = all.get((-after - 1) as usize)?;
    Some((r.levels.clone(), r.outer_after))
}

impl Vm {
    /// The frame lines of a trace whose top frame is `fp` (a register-file index, or -1 for none), positioned at
    /// the instruction that ends at bytecode offset `after`.
    fn frame_lines(&self, mut fp: i32, mut after: i32) -> String {
        let mut out = String::new();
        let mut n = 0;
        while fp >= 0 && n < STACK_TRACE_LIMIT {
            let f = fp as usize;
            let Some(t) = self.stack[f + frame::CLOSURE as usize].as_object().closure().map(|c| c.template) else {
                break;
            };
            if let Some((levels, outer_after)) = inlined_return(after) {
                for (callee, at) in levels {
                    if n < STACK_TRACE_LIMIT {
                        // SAFETY: the code that made this call keeps the template alive while the call runs.
                        out.push_str(&frame_line(unsafe { &*(callee as *const FunctionTemplate) }, at));
                        n += 1;
                    }
                }
                after = outer_after;
                if n >= STACK_TRACE_LIMIT {
                    break;
                }
            }
            out.push_str(&frame_line(&t, after));
            fp = self.stack[f + frame::CALLER_FP as usize].as_int();
            after = self.stack[f + frame::RETURN_PC as usize].as_int();
            n += 1;
        }
        out
    }

    /// Defines `error.stack` for a trace from frame `fp` at the instruction ending at `after`.
    pub(crate) fn capture_stack(&mut self, error: Value, fp: i32, after: i32) {
        let lines = self.frame_lines(fp, after);
        // The header is Error.prototype.toString's result, read without running user code.
        // A data property found on the prototype chain up to the first proxy (which is not asked: no user code runs).
        let read = |vm: &mut Vm, atom: Value| -> Option<String> {
            let k = PropKey::Key(crate::atoms::key(atom));
            let mut o = error.as_object();
            loop {
                if let Some(p) = vm.ordinary_get_own_property(o, k) {
                    return p.value.is_string().then(|| p.value.as_string().to_rust_string());
                }
                o = o.proto().try_object().filter(|p| !matches!(p.kind, ObjectKind::Proxy { .. }))?;
            }
        };
        let name = read(self, self.atoms.name).unwrap_or_else(|| "Error".into());
        let message = read(self, self.atoms.message).unwrap_or_default();
        let header = if message.is_empty() {
            name
        } else if name.is_empty() {
            message
        } else {
            format!("{name}: {message}")
        };
        let s = self.new_string(&(header + &lines));
        let k = PropKey::Key(crate::atoms::key(self.atoms.stack));
        // A fresh, extensible error object: defining a configurable data property cannot fail.
        let _ = self.define_own_property(error.as_object(), k, PropertyDescriptor::data(s, Attrs::HIDDEN));
    }

    /// An exception is being thrown at bytecode offset `pc` of the frame `fp`: an error object that has no stack
    /// yet (one the engine raised) gets it here.
    pub(crate) fn capture_stack_at_throw(&mut self, exception: Value, fp: usize, pc: u32) {
        let Some(o) = exception.try_object() else { return };
        if !matches!(o.kind, ObjectKind::Error) {
            return;
        }
        if self.ordinary_get_own_property(o, PropKey::Key(crate::atoms::key(self.atoms.stack))).is_some() {
            return;
        }
        self.capture_stack(exception, fp as i32, pc as i32 + 1);
    }
}

/// One "    at ..." line: `t` positioned at the instruction that ends at offset `after`.
fn frame_line(t: &FunctionTemplate, after: i32) -> String {
    let (line, col) = t.script.line_col(t.position_at((after - 1).max(0) as u32).unwrap_or(t.source_start));
    let name = if t.kind == crate::bytecode::FunctionKind::Script || !t.name.is_string() {
        String::new()
    } else {
        t.name.as_string().to_rust_string()
    };
    let file = &t.script.name;
    match (name.is_empty(), t.kind == crate::bytecode::FunctionKind::Script) {
        (_, true) => format!("\n    at {file}:{line}:{col}"),
        (true, false) => format!("\n    at <anonymous> ({file}:{line}:{col})"),
        (false, false) => format!("\n    at {name} ({file}:{line}:{col})"),
    }
}
