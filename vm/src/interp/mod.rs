//! The `interp` tier: an Ignition-style register machine with an accumulator.
//!
//! Invariants:
//! - One `match` over `Op` with no wildcard: every bytecode has a handler here.
//! - JS-to-JS calls push a frame and continue in the same loop; only native code re-enters via `run_frames`.
//! - `fp`, `pc`, `acc` and the current template live in Rust locals; the frame header in the register file is the
//!   truth whenever control leaves the loop (calls, returns, exceptions).
//! - A handler that can throw goes through `tri!`, which leaves the dispatch loop with the exception; unwinding then
//!   searches the handler tables frame by frame, stopping at the frame that entered this loop.

mod calls;
mod frames;
mod ic;
mod ops_slow;
#[cfg(test)]
mod tests;

pub(crate) use calls::CallAction;

use crate::bytecode::{Op, RuntimeId, ops};
use crate::feedback::{FeedbackSlot, hint, hint_of};
use crate::frame::{self, FLAG_CONSTRUCT, FLAG_ENTRY, HEADER_SIZE};
use crate::function::{FunctionTemplate, as_context, context_value};
use crate::realm::ErrorKind;
use crate::runtime::convert::to_boolean;
use crate::runtime::operators::{BinOp, CompareOp, strict_equals};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

/// The template of the closure in a frame.
#[inline(always)]
fn frame_template(fp: *mut Value) -> Gc<FunctionTemplate> {
    // SAFETY: fp points at a pushed frame header whose CLOSURE slot holds a closure object.
    let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
    closure.closure().expect("interpreter frames hold closures").template
}

impl Vm {
    /// Runs the interpreter from the frame at `entry_fp` (flagged FLAG_ENTRY) until that frame returns.
    pub(crate) fn run_frames(&mut self, entry_fp: usize) -> JsResult<Value> {
        let base = self.stack.as_mut_ptr();
        // SAFETY: entry_fp was returned by push_frame, inside the register file.
        let mut fp: *mut Value = unsafe { base.add(entry_fp) };
        let mut tmpl = frame_template(fp);
        // SAFETY: the template is alive while its closure is in a frame; its bytecode is never mutated.
        let mut code: &[u8] = unsafe { &tmpl.get().bytecode };
        let mut pc: usize = 0;
        let mut acc = Value::UNDEFINED;

        macro_rules! reg {
            ($r:expr) => {
                // SAFETY: register operands produced by the compiler are inside the frame window.
                unsafe { *fp.offset($r.0 as isize) }
            };
        }
        macro_rules! set_reg {
            ($r:expr, $v:expr) => {{
                let v = $v;
                // SAFETY: as in `reg!`.
                unsafe { *fp.offset($r.0 as isize) = v }
            }};
        }
        macro_rules! fp_index {
            () => {
                // SAFETY: fp and base point into the same register file allocation.
                unsafe { fp.offset_from(base) as usize }
            };
        }
        macro_rules! load_frame {
            () => {{
                tmpl = frame_template(fp);
                // SAFETY: as above.
                code = unsafe { &tmpl.get().bytecode };
            }};
        }
        macro_rules! feedback {
            ($slot:expr) => {
                // SAFETY: feedback slot operands index the template's vector (sized from the compiler's list).
                unsafe { tmpl.feedback_mut().get_unchecked_mut($slot as usize) }
            };
        }
        macro_rules! consts {
            ($i:expr) => {
                // SAFETY: constant operands index the template's pool.
                unsafe { *tmpl.constants.get_unchecked($i as usize) }
            };
        }
        macro_rules! next {
            ($op:ident) => {{
                pc += Op::$op.size();
                continue;
            }};
        }
        // Star lookahead (as Ignition): an accumulator result is very often stored right away; handling the Star here
        // saves a trip through the shared dispatch jump.
        macro_rules! next_star {
            ($op:ident) => {{
                pc += Op::$op.size();
                // SAFETY: every function ends in Return, so an instruction always follows a non-terminal one.
                if unsafe { *code.get_unchecked(pc) } == Op::Star as u8 {
                    set_reg!(ops::Star::decode(code, pc).dst, acc);
                    pc += Op::Star.size();
                }
                continue;
            }};
        }
        // Compare-and-branch fusion: a boolean test followed by JumpIfTrue/JumpIfFalse branches directly.
        macro_rules! next_test {
            ($op:ident, $result:expr) => {{
                let result: bool = $result;
                pc += Op::$op.size();
                // SAFETY: as in next_star.
                let following = unsafe { *code.get_unchecked(pc) };
                if following == Op::JumpIfFalse as u8 {
                    pc = if result { pc + Op::JumpIfFalse.size() } else { ops::JumpIfFalse::decode(code, pc).target as usize };
                } else if following == Op::JumpIfTrue as u8 {
                    pc = if result { ops::JumpIfTrue::decode(code, pc).target as usize } else { pc + Op::JumpIfTrue.size() };
                } else {
                    acc = Value::bool(result);
                }
                continue;
            }};
        }
        macro_rules! jump {
            ($target:expr) => {{
                pc = $target as usize;
                continue;
            }};
        }

        'unwind: loop {
            let exception: Value = 'dispatch: loop {
                macro_rules! tri {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => break 'dispatch e,
                        }
                    };
                }
                // Binary operations: int32 fast path with overflow check, then doubles, then the generic path.
                macro_rules! binary {
                    ($op:ident, $lhs:expr, $rhs:expr, $slot:expr, $int:expr, $dbl:expr, $kind:expr) => {{
                        let l: Value = $lhs;
                        let r: Value = $rhs;
                        let fb = feedback!($slot);
                        if l.is_int() && r.is_int() {
                            let f: fn(i32, i32) -> Option<Value> = $int;
                            if let Some(v) = f(l.as_int(), r.as_int()) {
                                fb.record_hint(hint::INT32);
                                acc = v;
                                next_star!($op);
                            }
                        }
                        if l.is_number() && r.is_number() {
                            fb.record_hint(hint::NUMBER);
                            let f: fn(f64, f64) -> f64 = $dbl;
                            acc = Value::number(f(l.as_number(), r.as_number()));
                            next_star!($op);
                        }
                        fb.record_hint(hint_of(l) | hint_of(r));
                        acc = tri!(self.binary_op($kind, l, r));
                        next_star!($op);
                    }};
                }
                macro_rules! compare {
                    ($op:ident, $lhs:expr, $slot:expr, $cmp:tt, $kind:expr) => {{
                        let l: Value = $lhs;
                        let fb = feedback!($slot);
                        if l.is_int() && acc.is_int() {
                            fb.record_hint(hint::INT32);
                            next_test!($op, l.as_int() $cmp acc.as_int());
                        }
                        if l.is_number() && acc.is_number() {
                            fb.record_hint(hint::NUMBER);
                            next_test!($op, l.as_number() $cmp acc.as_number());
                        }
                        fb.record_hint(hint_of(l) | hint_of(acc));
                        let r = tri!(self.compare(l, acc, $kind));
                        next_test!($op, r);
                    }};
                }
                // SAFETY: pc always points at an instruction boundary of this function's bytecode.
                let op = Op::from_byte(unsafe { *code.get_unchecked(pc) });
                match op {
                    Op::LdaUndefined => {
                        acc = Value::UNDEFINED;
                        next_star!(LdaUndefined)
                    }
                    Op::LdaNull => {
                        acc = Value::NULL;
                        next!(LdaNull)
                    }
                    Op::LdaTrue => {
                        acc = Value::TRUE;
                        next!(LdaTrue)
                    }
                    Op::LdaFalse => {
                        acc = Value::FALSE;
                        next!(LdaFalse)
                    }
                    Op::LdaTheHole => {
                        acc = Value::HOLE;
                        next_star!(LdaTheHole)
                    }
                    Op::LdaSmi => {
                        acc = Value::int(ops::LdaSmi::decode(code, pc).value);
                        next_star!(LdaSmi)
                    }
                    Op::LdaConstant => {
                        acc = consts!(ops::LdaConstant::decode(code, pc).idx);
                        next_star!(LdaConstant)
                    }
                    Op::Ldar => {
                        acc = reg!(ops::Ldar::decode(code, pc).src);
                        next!(Ldar)
                    }
                    Op::Star => {
                        set_reg!(ops::Star::decode(code, pc).dst, acc);
                        next!(Star)
                    }
                    Op::Mov => {
                        let d = ops::Mov::decode(code, pc);
                        set_reg!(d.dst, reg!(d.src));
                        next!(Mov)
                    }
                    Op::LdaGlobal | Op::LdaGlobalInsideTypeof => {
                        let d = ops::LdaGlobal::decode(code, pc);
                        let g = self.realm.global.as_object();
                        if let FeedbackSlot::Mono(e) = feedback!(d.slot) {
                            if e.shape == g.shape {
                                if let crate::feedback::Handler::Own { slot } = e.handler {
                                    acc = g.get_slot(slot);
                                    pc += op.size();
                                    continue;
                                }
                            }
                        }
                        let name = consts!(d.name);
                        acc = tri!(self.load_global_miss(&tmpl, d.slot, name, op == Op::LdaGlobalInsideTypeof));
                        pc += op.size();
                        continue;
                    }
                    Op::StaGlobal => {
                        let d = ops::StaGlobal::decode(code, pc);
                        let g = self.realm.global.as_object();
                        if let FeedbackSlot::Mono(e) = feedback!(d.slot) {
                            if e.shape == g.shape {
                                if let crate::feedback::Handler::Own { slot } = e.handler {
                                    // SAFETY: live global object, single-threaded.
                                    unsafe { g.get_mut().set_slot(slot, acc) };
                                    next!(StaGlobal);
                                }
                            }
                        }
                        let name = consts!(d.name);
                        tri!(self.store_global_miss(&tmpl, d.slot, name, acc));
                        next!(StaGlobal)
                    }
                    Op::DeclareGlobal => {
                        let d = ops::DeclareGlobal::decode(code, pc);
                        let name = consts!(d.name);
                        tri!(self.declare_global(name, acc));
                        next!(DeclareGlobal)
                    }
                    Op::LdaContextSlot => {
                        let d = ops::LdaContextSlot::decode(code, pc);
                        let mut c = as_context(reg!(crate::bytecode::Reg::CONTEXT));
                        for _ in 0..d.depth {
                            c = as_context(c.parent);
                        }
                        acc = c.slot(d.slot as usize);
                        next_star!(LdaContextSlot)
                    }
                    Op::StaContextSlot => {
                        let d = ops::StaContextSlot::decode(code, pc);
                        let mut c = as_context(reg!(crate::bytecode::Reg::CONTEXT));
                        for _ in 0..d.depth {
                            c = as_context(c.parent);
                        }
                        c.set_slot(d.slot as usize, acc);
                        next!(StaContextSlot)
                    }
                    Op::CreateFunctionContext => {
                        let d = ops::CreateFunctionContext::decode(code, pc);
                        let parent = reg!(crate::bytecode::Reg::CONTEXT);
                        let c = self.alloc_context(parent, d.slots as u32);
                        set_reg!(crate::bytecode::Reg::CONTEXT, context_value(c));
                        next!(CreateFunctionContext)
                    }
                    Op::CreateBlockContext => {
                        let d = ops::CreateBlockContext::decode(code, pc);
                        let parent = reg!(crate::bytecode::Reg::CONTEXT);
                        acc = context_value(self.alloc_context(parent, d.slots as u32));
                        next!(CreateBlockContext)
                    }
                    Op::PushContext => {
                        let d = ops::PushContext::decode(code, pc);
                        set_reg!(d.save, reg!(crate::bytecode::Reg::CONTEXT));
                        set_reg!(crate::bytecode::Reg::CONTEXT, acc);
                        next!(PushContext)
                    }
                    Op::PopContext => {
                        let d = ops::PopContext::decode(code, pc);
                        set_reg!(crate::bytecode::Reg::CONTEXT, reg!(d.saved));
                        next!(PopContext)
                    }
                    Op::CloneBlockContext => {
                        let cur = as_context(reg!(crate::bytecode::Reg::CONTEXT));
                        let c = self.alloc_context(cur.parent, cur.len);
                        for i in 0..cur.len as usize {
                            c.set_slot(i, cur.slot(i));
                        }
                        set_reg!(crate::bytecode::Reg::CONTEXT, context_value(c));
                        next!(CloneBlockContext)
                    }
                    Op::ThrowReferenceErrorIfHole => {
                        if acc.is_hole() {
                            let d = ops::ThrowReferenceErrorIfHole::decode(code, pc);
                            let name = self.to_display_string(consts!(d.name));
                            break 'dispatch self
                                .new_error(ErrorKind::ReferenceError, &format!("Cannot access '{name}' before initialization"));
                        }
                        next!(ThrowReferenceErrorIfHole)
                    }
                    Op::ThrowConstAssignError => {
                        break 'dispatch self.new_error(ErrorKind::TypeError, "Assignment to constant variable.");
                    }
                    Op::ThrowSuperNotCalledIfHole => {
                        if acc.is_hole() {
                            break 'dispatch self.new_error(
                                ErrorKind::ReferenceError,
                                "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                            );
                        }
                        next!(ThrowSuperNotCalledIfHole)
                    }
                    Op::ThrowSuperAlreadyCalledIfNotHole => {
                        if !acc.is_hole() {
                            break 'dispatch self.new_error(ErrorKind::ReferenceError, "Super constructor may only be called once");
                        }
                        next!(ThrowSuperAlreadyCalledIfNotHole)
                    }
                    Op::GetNamedProperty => {
                        let d = ops::GetNamedProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        if obj.is_object() {
                            let o = obj.as_object();
                            if let Some(v) = ic::load_hit(feedback!(d.slot), o, self.proto_epoch) {
                                acc = v;
                                next_star!(GetNamedProperty);
                            }
                        }
                        let name = consts!(d.name);
                        acc = tri!(self.load_named_miss(&tmpl, d.slot, obj, name));
                        next_star!(GetNamedProperty)
                    }
                    Op::SetNamedProperty => {
                        let d = ops::SetNamedProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        if obj.is_object() {
                            let o = obj.as_object();
                            if let Some(grown) = ic::store_hit(feedback!(d.slot), o, acc, self.proto_epoch) {
                                if grown > 0 {
                                    self.heap.report_external(grown);
                                }
                                next!(SetNamedProperty);
                            }
                        }
                        let name = consts!(d.name);
                        let strict = tmpl.is_strict;
                        tri!(self.store_named_miss(&tmpl, d.slot, obj, name, acc, strict, false));
                        next!(SetNamedProperty)
                    }
                    Op::DefineNamedOwnProperty => {
                        let d = ops::DefineNamedOwnProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        let o = obj.as_object();
                        if let Some(grown) = ic::store_hit(feedback!(d.slot), o, acc, self.proto_epoch) {
                            if grown > 0 {
                                self.heap.report_external(grown);
                            }
                            next!(DefineNamedOwnProperty);
                        }
                        let name = consts!(d.name);
                        tri!(self.store_named_miss(&tmpl, d.slot, obj, name, acc, true, true));
                        next!(DefineNamedOwnProperty)
                    }
                    Op::GetKeyedProperty => {
                        let d = ops::GetKeyedProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        if let Some(v) = ic::keyed_load_fast(obj, acc) {
                            acc = v;
                            next_star!(GetKeyedProperty);
                        }
                        acc = tri!(self.load_keyed_slow(obj, acc));
                        next_star!(GetKeyedProperty)
                    }
                    Op::SetKeyedProperty => {
                        let d = ops::SetKeyedProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        let key = reg!(d.key);
                        if ic::keyed_store_fast(self, obj, key, acc) {
                            next!(SetKeyedProperty);
                        }
                        let strict = tmpl.is_strict;
                        tri!(self.store_keyed_slow(obj, key, acc, strict));
                        next!(SetKeyedProperty)
                    }
                    Op::DefineKeyedOwnProperty => {
                        let d = ops::DefineKeyedOwnProperty::decode(code, pc);
                        let obj = reg!(d.obj).as_object();
                        let key = reg!(d.key);
                        let k = tri!(self.to_property_key(key));
                        tri!(self.create_data_property_or_throw(obj, k, acc));
                        next!(DefineKeyedOwnProperty)
                    }
                    Op::StaInArrayLiteral => {
                        let d = ops::StaInArrayLiteral::decode(code, pc);
                        let arr = reg!(d.array);
                        let idx = reg!(d.index);
                        if !ic::keyed_store_fast(self, arr, idx, acc) {
                            let k = tri!(self.to_property_key(idx));
                            tri!(self.create_data_property_or_throw(arr.as_object(), k, acc));
                        }
                        next!(StaInArrayLiteral)
                    }
                    Op::DeleteProperty => {
                        let d = ops::DeleteProperty::decode(code, pc);
                        let obj = reg!(d.obj);
                        let strict = tmpl.is_strict;
                        acc = Value::bool(tri!(self.delete_property_op(obj, acc, strict)));
                        next!(DeleteProperty)
                    }
                    Op::GetSuperNamed => {
                        let d = ops::GetSuperNamed::decode(code, pc);
                        let home = self.super_base(fp);
                        let name = consts!(d.name);
                        let receiver = reg!(d.receiver);
                        acc = tri!(self.super_get(home, name, receiver));
                        next!(GetSuperNamed)
                    }
                    Op::GetSuperKeyed => {
                        let d = ops::GetSuperKeyed::decode(code, pc);
                        let home = self.super_base(fp);
                        let receiver = reg!(d.receiver);
                        acc = tri!(self.super_get(home, acc, receiver));
                        next!(GetSuperKeyed)
                    }
                    Op::SetSuperNamed => {
                        let d = ops::SetSuperNamed::decode(code, pc);
                        let home = self.super_base(fp);
                        let name = consts!(d.name);
                        let receiver = reg!(d.receiver);
                        tri!(self.super_set(home, name, acc, receiver));
                        next!(SetSuperNamed)
                    }
                    Op::SetSuperKeyed => {
                        let d = ops::SetSuperKeyed::decode(code, pc);
                        let home = self.super_base(fp);
                        let key = reg!(d.key);
                        let receiver = reg!(d.receiver);
                        tri!(self.super_set(home, key, acc, receiver));
                        next!(SetSuperKeyed)
                    }
                    Op::Add => {
                        let d = ops::Add::decode(code, pc);
                        let l = reg!(d.lhs);
                        if l.is_string() && acc.is_string() {
                            feedback!(d.slot).record_hint(hint::STRING);
                            acc = self.concat(l, acc);
                            next!(Add);
                        }
                        binary!(Add, l, acc, d.slot, |a, b| a.checked_add(b).map(Value::int), |a, b| a + b, BinOp::Add)
                    }
                    Op::Sub => {
                        let d = ops::Sub::decode(code, pc);
                        binary!(Sub, reg!(d.lhs), acc, d.slot, |a, b| a.checked_sub(b).map(Value::int), |a, b| a - b, BinOp::Sub)
                    }
                    Op::Mul => {
                        let d = ops::Mul::decode(code, pc);
                        binary!(Mul, reg!(d.lhs), acc, d.slot, int_mul, |a, b| a * b, BinOp::Mul)
                    }
                    Op::Div => {
                        let d = ops::Div::decode(code, pc);
                        binary!(Div, reg!(d.lhs), acc, d.slot, int_div, |a, b| a / b, BinOp::Div)
                    }
                    Op::Mod => {
                        let d = ops::Mod::decode(code, pc);
                        binary!(Mod, reg!(d.lhs), acc, d.slot, int_mod, crate::runtime::operators::js_mod, BinOp::Mod)
                    }
                    Op::Exp => {
                        let d = ops::Exp::decode(code, pc);
                        binary!(Exp, reg!(d.lhs), acc, d.slot, |_, _| None, crate::runtime::operators::js_pow, BinOp::Exp)
                    }
                    Op::BitwiseOr => {
                        let d = ops::BitwiseOr::decode(code, pc);
                        binary!(BitwiseOr, reg!(d.lhs), acc, d.slot, |a, b| Some(Value::int(a | b)), bits_or, BinOp::BitOr)
                    }
                    Op::BitwiseXor => {
                        let d = ops::BitwiseXor::decode(code, pc);
                        binary!(BitwiseXor, reg!(d.lhs), acc, d.slot, |a, b| Some(Value::int(a ^ b)), bits_xor, BinOp::BitXor)
                    }
                    Op::BitwiseAnd => {
                        let d = ops::BitwiseAnd::decode(code, pc);
                        binary!(BitwiseAnd, reg!(d.lhs), acc, d.slot, |a, b| Some(Value::int(a & b)), bits_and, BinOp::BitAnd)
                    }
                    Op::ShiftLeft => {
                        let d = ops::ShiftLeft::decode(code, pc);
                        binary!(ShiftLeft, reg!(d.lhs), acc, d.slot, int_shl, bits_shl, BinOp::Shl)
                    }
                    Op::ShiftRight => {
                        let d = ops::ShiftRight::decode(code, pc);
                        binary!(ShiftRight, reg!(d.lhs), acc, d.slot, int_sar, bits_sar, BinOp::Sar)
                    }
                    Op::ShiftRightLogical => {
                        let d = ops::ShiftRightLogical::decode(code, pc);
                        binary!(ShiftRightLogical, reg!(d.lhs), acc, d.slot, int_shr, bits_shr, BinOp::Shr)
                    }
                    Op::AddSmi => {
                        let d = ops::AddSmi::decode(code, pc);
                        binary!(AddSmi, acc, Value::int(d.value), d.slot, |a, b| a.checked_add(b).map(Value::int), |a, b| a + b, BinOp::Add)
                    }
                    Op::SubSmi => {
                        let d = ops::SubSmi::decode(code, pc);
                        binary!(SubSmi, acc, Value::int(d.value), d.slot, |a, b| a.checked_sub(b).map(Value::int), |a, b| a - b, BinOp::Sub)
                    }
                    Op::MulSmi => {
                        let d = ops::MulSmi::decode(code, pc);
                        binary!(MulSmi, acc, Value::int(d.value), d.slot, int_mul, |a, b| a * b, BinOp::Mul)
                    }
                    Op::ModSmi => {
                        let d = ops::ModSmi::decode(code, pc);
                        binary!(ModSmi, acc, Value::int(d.value), d.slot, int_mod, crate::runtime::operators::js_mod, BinOp::Mod)
                    }
                    Op::BitwiseOrSmi => {
                        let d = ops::BitwiseOrSmi::decode(code, pc);
                        binary!(BitwiseOrSmi, acc, Value::int(d.value), d.slot, |a, b| Some(Value::int(a | b)), bits_or, BinOp::BitOr)
                    }
                    Op::BitwiseAndSmi => {
                        let d = ops::BitwiseAndSmi::decode(code, pc);
                        binary!(BitwiseAndSmi, acc, Value::int(d.value), d.slot, |a, b| Some(Value::int(a & b)), bits_and, BinOp::BitAnd)
                    }
                    Op::ShiftLeftSmi => {
                        let d = ops::ShiftLeftSmi::decode(code, pc);
                        binary!(ShiftLeftSmi, acc, Value::int(d.value), d.slot, int_shl, bits_shl, BinOp::Shl)
                    }
                    Op::ShiftRightSmi => {
                        let d = ops::ShiftRightSmi::decode(code, pc);
                        binary!(ShiftRightSmi, acc, Value::int(d.value), d.slot, int_sar, bits_sar, BinOp::Sar)
                    }
                    Op::ShiftRightLogicalSmi => {
                        let d = ops::ShiftRightLogicalSmi::decode(code, pc);
                        binary!(ShiftRightLogicalSmi, acc, Value::int(d.value), d.slot, int_shr, bits_shr, BinOp::Shr)
                    }
                    Op::Inc => {
                        let d = ops::Inc::decode(code, pc);
                        binary!(Inc, acc, Value::int(1), d.slot, |a, b| a.checked_add(b).map(Value::int), |a, b| a + b, BinOp::Add)
                    }
                    Op::Dec => {
                        let d = ops::Dec::decode(code, pc);
                        binary!(Dec, acc, Value::int(1), d.slot, |a, b| a.checked_sub(b).map(Value::int), |a, b| a - b, BinOp::Sub)
                    }
                    Op::Negate => {
                        let d = ops::Negate::decode(code, pc);
                        if acc.is_int() && acc.as_int() != 0 && acc.as_int() != i32::MIN {
                            feedback!(d.slot).record_hint(hint::INT32);
                            acc = Value::int(-acc.as_int());
                        } else {
                            feedback!(d.slot).record_hint(hint::NUMBER);
                            let n = tri!(self.to_number(acc));
                            acc = Value::number(-n);
                        }
                        next!(Negate)
                    }
                    Op::BitwiseNot => {
                        let d = ops::BitwiseNot::decode(code, pc);
                        feedback!(d.slot).record_hint(hint_of(acc));
                        acc = Value::int(!tri!(self.to_int32(acc)));
                        next!(BitwiseNot)
                    }
                    Op::ToNumeric => {
                        if !acc.is_number() {
                            acc = tri!(self.to_numeric(acc));
                        }
                        next_star!(ToNumeric)
                    }
                    Op::ToNumber => {
                        if !acc.is_number() {
                            acc = Value::number(tri!(self.to_number(acc)));
                        }
                        next!(ToNumber)
                    }
                    Op::ToString => {
                        if !acc.is_string() {
                            acc = tri!(self.to_string_value(acc));
                        }
                        next!(ToString)
                    }
                    Op::ToPropertyKey => {
                        if !acc.is_string() && !acc.is_symbol() && !acc.is_int() {
                            let k = tri!(self.to_property_key(acc));
                            acc = self.key_to_value(k);
                        }
                        next!(ToPropertyKey)
                    }
                    Op::ToObject => {
                        acc = Value::object(tri!(self.to_object(acc)));
                        next!(ToObject)
                    }
                    Op::LogicalNot => {
                        acc = Value::bool(!to_boolean(acc));
                        next!(LogicalNot)
                    }
                    Op::TypeOf => {
                        acc = self.type_of(acc);
                        next_star!(TypeOf)
                    }
                    Op::TestEqual => {
                        let d = ops::TestEqual::decode(code, pc);
                        let l = reg!(d.lhs);
                        feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
                        acc = Value::bool(if l.is_int() && acc.is_int() {
                            l.0 == acc.0
                        } else {
                            tri!(self.loose_equals(l, acc))
                        });
                        next!(TestEqual)
                    }
                    Op::TestEqualStrict => {
                        let d = ops::TestEqualStrict::decode(code, pc);
                        let l = reg!(d.lhs);
                        feedback!(d.slot).record_hint(hint_of(l) | hint_of(acc));
                        next_test!(TestEqualStrict, strict_equals(l, acc))
                    }
                    Op::TestLessThan => {
                        let d = ops::TestLessThan::decode(code, pc);
                        compare!(TestLessThan, reg!(d.lhs), d.slot, <, CompareOp::Lt)
                    }
                    Op::TestGreaterThan => {
                        let d = ops::TestGreaterThan::decode(code, pc);
                        compare!(TestGreaterThan, reg!(d.lhs), d.slot, >, CompareOp::Gt)
                    }
                    Op::TestLessThanOrEqual => {
                        let d = ops::TestLessThanOrEqual::decode(code, pc);
                        compare!(TestLessThanOrEqual, reg!(d.lhs), d.slot, <=, CompareOp::Le)
                    }
                    Op::TestGreaterThanOrEqual => {
                        let d = ops::TestGreaterThanOrEqual::decode(code, pc);
                        compare!(TestGreaterThanOrEqual, reg!(d.lhs), d.slot, >=, CompareOp::Ge)
                    }
                    Op::TestInstanceOf => {
                        let d = ops::TestInstanceOf::decode(code, pc);
                        acc = Value::bool(tri!(self.instance_of(reg!(d.lhs), acc)));
                        next!(TestInstanceOf)
                    }
                    Op::TestIn => {
                        let d = ops::TestIn::decode(code, pc);
                        acc = Value::bool(tri!(self.has_in(reg!(d.lhs), acc)));
                        next!(TestIn)
                    }
                    Op::TestNullish => {
                        acc = Value::bool(acc.is_nullish());
                        next!(TestNullish)
                    }
                    Op::TestUndefined => {
                        acc = Value::bool(acc.is_undefined());
                        next!(TestUndefined)
                    }
                    Op::TestNull => {
                        acc = Value::bool(acc.is_null());
                        next!(TestNull)
                    }
                    Op::Jump => jump!(ops::Jump::decode(code, pc).target),
                    Op::JumpLoop => {
                        let d = ops::JumpLoop::decode(code, pc);
                        let budget = tmpl.budget.get() - (pc as i32 - d.target as i32);
                        if budget <= 0 {
                            self.budget_interrupt(&tmpl, true);
                        } else {
                            tmpl.budget.set(budget);
                        }
                        jump!(d.target)
                    }
                    Op::JumpIfTrue => {
                        if acc == Value::TRUE {
                            jump!(ops::JumpIfTrue::decode(code, pc).target)
                        }
                        next!(JumpIfTrue)
                    }
                    Op::JumpIfFalse => {
                        if acc == Value::FALSE {
                            jump!(ops::JumpIfFalse::decode(code, pc).target)
                        }
                        next!(JumpIfFalse)
                    }
                    Op::JumpIfToBooleanTrue => {
                        if to_boolean(acc) {
                            jump!(ops::JumpIfToBooleanTrue::decode(code, pc).target)
                        }
                        next!(JumpIfToBooleanTrue)
                    }
                    Op::JumpIfToBooleanFalse => {
                        if !to_boolean(acc) {
                            jump!(ops::JumpIfToBooleanFalse::decode(code, pc).target)
                        }
                        next!(JumpIfToBooleanFalse)
                    }
                    Op::JumpIfNull => {
                        if acc.is_null() {
                            jump!(ops::JumpIfNull::decode(code, pc).target)
                        }
                        next!(JumpIfNull)
                    }
                    Op::JumpIfNotNull => {
                        if !acc.is_null() {
                            jump!(ops::JumpIfNotNull::decode(code, pc).target)
                        }
                        next!(JumpIfNotNull)
                    }
                    Op::JumpIfUndefined => {
                        if acc.is_undefined() {
                            jump!(ops::JumpIfUndefined::decode(code, pc).target)
                        }
                        next!(JumpIfUndefined)
                    }
                    Op::JumpIfNotUndefined => {
                        if !acc.is_undefined() {
                            jump!(ops::JumpIfNotUndefined::decode(code, pc).target)
                        }
                        next!(JumpIfNotUndefined)
                    }
                    Op::JumpIfNullish => {
                        if acc.is_nullish() {
                            jump!(ops::JumpIfNullish::decode(code, pc).target)
                        }
                        next!(JumpIfNullish)
                    }
                    Op::JumpIfNotNullish => {
                        if !acc.is_nullish() {
                            jump!(ops::JumpIfNotNullish::decode(code, pc).target)
                        }
                        next!(JumpIfNotNullish)
                    }
                    Op::JumpIfObject => {
                        if acc.is_object() {
                            jump!(ops::JumpIfObject::decode(code, pc).target)
                        }
                        next!(JumpIfObject)
                    }
                    Op::CallProperty | Op::CallUndefinedReceiver => {
                        let d = ops::CallProperty::decode(code, pc);
                        let callee = reg!(d.callee);
                        feedback!(d.slot).record_call(callee);
                        // SAFETY: argument registers are consecutive locals inside the frame.
                        let args = unsafe { fp.offset(d.args.0 as isize) };
                        let (this, first, argc) = if op == Op::CallProperty {
                            // SAFETY: as above; count >= 1 includes the receiver.
                            (unsafe { *args }, 1usize, d.count as usize - 1)
                        } else {
                            (Value::UNDEFINED, 0, d.count as usize)
                        };
                        let ret = (pc + op.size()) as i32;
                        let here = fp_index!() as i32;
                        // SAFETY: as above.
                        match tri!(self.start_call(callee, this, argc, |_, i| unsafe { *args.add(first + i) }, here, ret)) {
                            CallAction::Done(v) => {
                                acc = v;
                                pc = ret as usize;
                            }
                            CallAction::Push(new_fp) => {
                                // SAFETY: push_frame returned an index inside the register file.
                                fp = unsafe { base.add(new_fp) };
                                load_frame!();
                                pc = 0;
                            }
                        }
                        continue;
                    }
                    Op::CallWithSpread => {
                        let d = ops::CallWithSpread::decode(code, pc);
                        let callee = reg!(d.callee);
                        let this = reg!(d.receiver);
                        let list = acc;
                        feedback!(d.slot).record_call(callee);
                        acc = tri!(self.call_with_array(callee, this, list));
                        next!(CallWithSpread)
                    }
                    Op::Construct => {
                        let d = ops::Construct::decode(code, pc);
                        let callee = reg!(d.callee);
                        feedback!(d.slot).record_call(callee);
                        // SAFETY: argument registers are consecutive locals inside the frame.
                        let args = unsafe { fp.offset(d.args.0 as isize) };
                        let ret = (pc + op.size()) as i32;
                        let here = fp_index!() as i32;
                        // SAFETY: as above.
                        match tri!(self.start_construct(callee, callee, d.count as usize, |_, i| unsafe { *args.add(i) }, here, ret)) {
                            CallAction::Done(v) => {
                                acc = v;
                                pc = ret as usize;
                            }
                            CallAction::Push(new_fp) => {
                                // SAFETY: push_frame returned an index inside the register file.
                                fp = unsafe { base.add(new_fp) };
                                load_frame!();
                                pc = 0;
                            }
                        }
                        continue;
                    }
                    Op::ConstructWithSpread => {
                        let d = ops::ConstructWithSpread::decode(code, pc);
                        let callee = reg!(d.callee);
                        let list = acc;
                        acc = tri!(self.construct_with_array(callee, callee, list));
                        next!(ConstructWithSpread)
                    }
                    Op::SuperCall => {
                        let d = ops::SuperCall::decode(code, pc);
                        let parent = self.super_constructor(fp);
                        let new_target = reg!(crate::bytecode::Reg::NEW_TARGET);
                        // SAFETY: argument registers are consecutive locals inside the frame.
                        let args = unsafe { fp.offset(d.args.0 as isize) };
                        let list: Vec<Value> = (0..d.count as usize).map(|i| unsafe { *args.add(i) }).collect();
                        acc = tri!(self.super_construct(parent, &list, new_target));
                        next!(SuperCall)
                    }
                    Op::SuperCallWithSpread => {
                        let parent = self.super_constructor(fp);
                        let new_target = reg!(crate::bytecode::Reg::NEW_TARGET);
                        let list = tri!(self.array_to_vec(acc));
                        acc = tri!(self.super_construct(parent, &list, new_target));
                        next!(SuperCallWithSpread)
                    }
                    Op::CallRuntime => {
                        let d = ops::CallRuntime::decode(code, pc);
                        let id = RuntimeId::from_u16(d.id).expect("valid runtime id");
                        // SAFETY: argument registers are consecutive locals inside the frame.
                        let args = unsafe { fp.offset(d.args.0 as isize) };
                        let list: calls::smallvec_args::Args =
                            (0..d.count as usize).map(|i| unsafe { *args.add(i) }).collect();
                        let strict = tmpl.is_strict;
                        acc = tri!(self.call_runtime(id, &list, strict));
                        next!(CallRuntime)
                    }
                    Op::Return => {
                        let budget = tmpl.budget.get() - pc as i32;
                        if budget <= 0 {
                            self.budget_interrupt(&tmpl, false);
                        } else {
                            tmpl.budget.set(budget);
                        }
                        // SAFETY: header slots of the current frame.
                        let flags = unsafe { *fp.offset(frame::FLAGS as isize) }.as_int();
                        let here = fp_index!();
                        if flags & FLAG_CONSTRUCT != 0 {
                            acc = tri!(self.construct_result(here, acc));
                        }
                        // SAFETY: header slots of the current frame.
                        let caller = unsafe { *fp.offset(frame::CALLER_FP as isize) }.as_int();
                        let argc = unsafe { *fp.offset(frame::ARGC as isize) }.as_int() as usize;
                        let arg_slots = argc.max(tmpl.param_count as usize);
                        if flags & FLAG_ENTRY != 0 {
                            self.stack_top = here - arg_slots;
                            return Ok(acc);
                        }
                        // SAFETY: as above.
                        pc = unsafe { *fp.offset(frame::RETURN_PC as isize) }.as_int() as usize;
                        // SAFETY: caller frames are below this one in the register file.
                        fp = unsafe { base.add(caller as usize) };
                        load_frame!();
                        self.stack_top = caller as usize + HEADER_SIZE + tmpl.register_count as usize;
                        continue;
                    }
                    Op::Throw | Op::ReThrow => break 'dispatch acc,
                    Op::CreateClosure => {
                        let d = ops::CreateClosure::decode(code, pc);
                        let t = tmpl.functions[d.idx as usize];
                        let context = reg!(crate::bytecode::Reg::CONTEXT);
                        let home = if t.kind == crate::bytecode::FunctionKind::Arrow {
                            reg!(crate::bytecode::Reg::CLOSURE).as_object().closure().map_or(Value::UNDEFINED, |c| c.home_object)
                        } else {
                            Value::UNDEFINED
                        };
                        acc = Value::object(self.new_closure(t, context, home));
                        next_star!(CreateClosure)
                    }
                    Op::CreateEmptyObjectLiteral => {
                        acc = Value::object(self.new_object());
                        next_star!(CreateEmptyObjectLiteral)
                    }
                    Op::CreateEmptyArrayLiteral => {
                        let d = ops::CreateEmptyArrayLiteral::decode(code, pc);
                        acc = Value::object(self.new_array(Vec::with_capacity(d.capacity as usize)));
                        next!(CreateEmptyArrayLiteral)
                    }
                    Op::CreateArrayFromList => {
                        let d = ops::CreateArrayFromList::decode(code, pc);
                        // SAFETY: argument registers are consecutive locals inside the frame.
                        let args = unsafe { fp.offset(d.args.0 as isize) };
                        let v: Vec<Value> = (0..d.count as usize).map(|i| unsafe { *args.add(i) }).collect();
                        acc = Value::object(self.new_array(v));
                        next!(CreateArrayFromList)
                    }
                    Op::CreateArguments => {
                        let here = fp_index!();
                        acc = self.create_arguments(here, &tmpl);
                        next!(CreateArguments)
                    }
                    Op::CreateRestParameter => {
                        let d = ops::CreateRestParameter::decode(code, pc);
                        let here = fp_index!();
                        acc = self.create_rest(here, d.from as usize);
                        next!(CreateRestParameter)
                    }
                    Op::CreateRegExpLiteral => {
                        let d = ops::CreateRegExpLiteral::decode(code, pc);
                        let (p, f) = (consts!(d.pattern), consts!(d.flags));
                        acc = tri!(self.create_regexp(p, f));
                        next!(CreateRegExpLiteral)
                    }
                    Op::ForInPrepare => {
                        acc = tri!(self.for_in_prepare(acc));
                        next!(ForInPrepare)
                    }
                    Op::ForInNext => {
                        let d = ops::ForInNext::decode(code, pc);
                        match self.for_in_next(reg!(d.iter)) {
                            Some(k) => {
                                acc = k;
                                next!(ForInNext)
                            }
                            None => jump!(d.done),
                        }
                    }
                    Op::GetIterator => {
                        acc = tri!(self.get_iterator(acc));
                        next!(GetIterator)
                    }
                    Op::IteratorNext => {
                        let d = ops::IteratorNext::decode(code, pc);
                        match tri!(self.iterator_step(reg!(d.iter))) {
                            Some(v) => {
                                acc = v;
                                next!(IteratorNext)
                            }
                            None => jump!(d.done),
                        }
                    }
                    Op::IteratorClose => {
                        let d = ops::IteratorClose::decode(code, pc);
                        tri!(self.iterator_close(reg!(d.iter)));
                        next!(IteratorClose)
                    }
                    Op::Debugger => next!(Debugger),
                    Op::Nop => next!(Nop),
                }
            };

            // Unwind: find a handler in this frame or a caller below the entry frame.
            let mut exc = exception;
            loop {
                let here = fp_index!();
                let lookup_pc = pc as u32;
                if let Some(h) = tmpl.handlers.iter().find(|h| h.start <= lookup_pc && lookup_pc < h.end) {
                    let ctx = reg!(h.context);
                    set_reg!(crate::bytecode::Reg::CONTEXT, ctx);
                    self.stack_top = here + HEADER_SIZE + tmpl.register_count as usize;
                    acc = exc;
                    pc = h.handler as usize;
                    continue 'unwind;
                }
                // SAFETY: header slots of the current frame.
                let flags = unsafe { *fp.offset(frame::FLAGS as isize) }.as_int();
                let argc = unsafe { *fp.offset(frame::ARGC as isize) }.as_int() as usize;
                let arg_slots = argc.max(tmpl.param_count as usize);
                if flags & FLAG_ENTRY != 0 {
                    self.stack_top = here - arg_slots;
                    return Err(exc);
                }
                // SAFETY: as above.
                let caller = unsafe { *fp.offset(frame::CALLER_FP as isize) }.as_int() as usize;
                let ret = unsafe { *fp.offset(frame::RETURN_PC as isize) }.as_int() as usize;
                // SAFETY: caller frames are below this one.
                fp = unsafe { base.add(caller) };
                load_frame!();
                // The call instruction ends at `ret`; the handler lookup uses a pc inside it.
                pc = ret - 1;
                self.stack_top = caller + HEADER_SIZE + tmpl.register_count as usize;
                // Keep the exception alive in a traced place while we walk (no allocation happens here anyway).
                exc = std::hint::black_box(exc);
            }
        }
    }

    /// Where `super` looks: the [[Prototype]] of the running function's home object.
    fn super_base(&self, fp: *mut Value) -> Value {
        // SAFETY: header slot of a live frame.
        let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
        let home = closure.closure().map_or(Value::UNDEFINED, |c| c.home_object);
        if home.is_object() { home.as_object().proto() } else { Value::UNDEFINED }
    }

    /// The constructor `super(...)` calls: the running derived constructor's [[Prototype]].
    fn super_constructor(&self, fp: *mut Value) -> Value {
        // SAFETY: header slot of a live frame.
        let closure = unsafe { *fp.offset(frame::CLOSURE as isize) }.as_object();
        closure.proto()
    }

    fn super_construct(&mut self, parent: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
        if !self.is_constructor(parent) {
            return self.throw_type("Super constructor is not a constructor");
        }
        self.construct(parent, args, new_target)
    }

    /// The interrupt budget ran out: this is where the tiering manager will decide on tier-up and OSR.
    #[cold]
    fn budget_interrupt(&mut self, t: &Gc<FunctionTemplate>, backedge: bool) {
        self.stats.budget_interrupts += 1;
        if backedge {
            self.stats.backedge_interrupts += 1;
        }
        t.budget.set(self.options.interrupt_budget);
    }

    /// Runs a compiled top-level script template.
    pub fn run_script_template(&mut self, t: Gc<FunctionTemplate>) -> JsResult<Value> {
        let closure = self.new_closure(t, Value::UNDEFINED, Value::UNDEFINED);
        let global = self.realm.global;
        self.call(Value::object(closure), global, &[])
    }
}

#[inline(always)]
fn int_mul(a: i32, b: i32) -> Option<Value> {
    let r = a.checked_mul(b)?;
    // 0 * -5 is -0 in JS: only an int result when it is not a negative zero.
    if r == 0 && (a < 0 || b < 0) { None } else { Some(Value::int(r)) }
}

#[inline(always)]
fn int_div(a: i32, b: i32) -> Option<Value> {
    if b == 0 || (a == 0 && b < 0) || (a == i32::MIN && b == -1) || a % b != 0 {
        return None;
    }
    Some(Value::int(a / b))
}

#[inline(always)]
fn int_mod(a: i32, b: i32) -> Option<Value> {
    if b <= 0 || a < 0 {
        // Negative operands can produce -0 (e.g. -4 % 2); leave them to the double path.
        if b == 0 || a < 0 || b == -1 {
            return None;
        }
    }
    Some(Value::int(a % b))
}

#[inline(always)]
fn int_shl(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a.wrapping_shl(b as u32 & 31)))
}
#[inline(always)]
fn int_sar(a: i32, b: i32) -> Option<Value> {
    Some(Value::int(a >> (b as u32 & 31)))
}
#[inline(always)]
fn int_shr(a: i32, b: i32) -> Option<Value> {
    let r = (a as u32) >> (b as u32 & 31);
    if r <= i32::MAX as u32 { Some(Value::int(r as i32)) } else { None }
}

fn bits_or(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::BitOr, a, b)
}
fn bits_xor(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::BitXor, a, b)
}
fn bits_and(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::BitAnd, a, b)
}
fn bits_shl(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::Shl, a, b)
}
fn bits_sar(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::Sar, a, b)
}
fn bits_shr(a: f64, b: f64) -> f64 {
    crate::runtime::operators::arith(BinOp::Shr, a, b)
}
