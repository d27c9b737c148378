//! One handler per bytecode (V8's model: a small "visit" each), grouped by what they do. The macros give every
//! handler the same vocabulary: decode operands, read/write registers, continue, jump, throw.

mod arith;
mod calls;
mod control;
mod loads;
mod objects;

use super::dispatch::{Handler, StubFn};
use crate::bytecode::Op;

/// The handler of each bytecode: an exhaustive match, so a new bytecode cannot be forgotten.
pub(crate) const fn handler_for(op: Op) -> Handler {
    match op {
        Op::LdaUndefined => loads::lda_undefined,
        Op::LdaNull => loads::lda_null,
        Op::LdaTrue => loads::lda_true,
        Op::LdaFalse => loads::lda_false,
        Op::LdaTheHole => loads::lda_the_hole,
        Op::LdaSmi => loads::lda_smi,
        Op::LdaConstant => loads::lda_constant,
        Op::Ldar => loads::ldar,
        Op::Star => loads::star,
        Op::Mov => loads::mov,
        Op::LdaGlobal => loads::lda_global,
        Op::LdaGlobalInsideTypeof => loads::lda_global_inside_typeof,
        Op::StaGlobal => loads::sta_global,
        Op::DeclareGlobal => loads::declare_global,
        Op::LdaContextSlot => loads::lda_context_slot,
        Op::StaContextSlot => loads::sta_context_slot,
        Op::LdaModuleVariable => loads::lda_module_variable,
        Op::CreateFunctionContext => loads::create_function_context,
        Op::CreateBlockContext => loads::create_block_context,
        Op::PushContext => loads::push_context,
        Op::PopContext => loads::pop_context,
        Op::CloneBlockContext => loads::clone_block_context,
        Op::ThrowReferenceErrorIfHole => control::throw_reference_error_if_hole,
        Op::ThrowConstAssignError => control::throw_const_assign_error,
        Op::ThrowSuperNotCalledIfHole => control::throw_super_not_called_if_hole,
        Op::ThrowSuperAlreadyCalledIfNotHole => control::throw_super_already_called_if_not_hole,
        Op::GetNamedProperty => objects::get_named_property,
        Op::SetNamedProperty => objects::set_named_property,
        Op::DefineNamedOwnProperty => objects::define_named_own_property,
        Op::GetKeyedProperty => objects::get_keyed_property,
        Op::SetKeyedProperty => objects::set_keyed_property,
        Op::DefineKeyedOwnProperty => objects::define_keyed_own_property,
        Op::StaInArrayLiteral => objects::sta_in_array_literal,
        Op::DeleteProperty => objects::delete_property,
        Op::GetSuperNamed => objects::get_super_named,
        Op::GetSuperKeyed => objects::get_super_keyed,
        Op::SetSuperNamed => objects::set_super_named,
        Op::SetSuperKeyed => objects::set_super_keyed,
        Op::Add => arith::add,
        Op::Sub => arith::sub,
        Op::Mul => arith::mul,
        Op::Div => arith::div,
        Op::Mod => arith::modulo,
        Op::Exp => arith::exp,
        Op::BitwiseOr => arith::bitwise_or,
        Op::BitwiseXor => arith::bitwise_xor,
        Op::BitwiseAnd => arith::bitwise_and,
        Op::ShiftLeft => arith::shift_left,
        Op::ShiftRight => arith::shift_right,
        Op::ShiftRightLogical => arith::shift_right_logical,
        Op::AddSmi => arith::add_smi,
        Op::SubSmi => arith::sub_smi,
        Op::MulSmi => arith::mul_smi,
        Op::ModSmi => arith::mod_smi,
        Op::BitwiseOrSmi => arith::bitwise_or_smi,
        Op::BitwiseAndSmi => arith::bitwise_and_smi,
        Op::ShiftLeftSmi => arith::shift_left_smi,
        Op::ShiftRightSmi => arith::shift_right_smi,
        Op::ShiftRightLogicalSmi => arith::shift_right_logical_smi,
        Op::Inc => arith::inc,
        Op::Dec => arith::dec,
        Op::Negate => arith::negate,
        Op::BitwiseNot => arith::bitwise_not,
        Op::ToNumeric => arith::to_numeric,
        Op::ToNumber => arith::to_number,
        Op::ToString => arith::to_string,
        Op::ToPropertyKey => arith::to_property_key,
        Op::ToObject => arith::to_object,
        Op::LogicalNot => arith::logical_not,
        Op::TypeOf => arith::type_of,
        Op::TestEqual => arith::test_equal,
        Op::TestEqualStrict => arith::test_equal_strict,
        Op::TestLessThan => arith::test_less_than,
        Op::TestGreaterThan => arith::test_greater_than,
        Op::TestLessThanOrEqual => arith::test_less_than_or_equal,
        Op::TestGreaterThanOrEqual => arith::test_greater_than_or_equal,
        Op::TestInstanceOf => arith::test_instance_of,
        Op::TestIn => arith::test_in,
        Op::TestNullish => arith::test_nullish,
        Op::TestUndefined => arith::test_undefined,
        Op::TestNull => arith::test_null,
        Op::Jump => control::jump,
        Op::JumpLoop => control::jump_loop,
        Op::JumpIfTrue => control::jump_if_true,
        Op::JumpIfFalse => control::jump_if_false,
        Op::JumpIfToBooleanTrue => control::jump_if_to_boolean_true,
        Op::JumpIfToBooleanFalse => control::jump_if_to_boolean_false,
        Op::JumpIfNull => control::jump_if_null,
        Op::JumpIfNotNull => control::jump_if_not_null,
        Op::JumpIfUndefined => control::jump_if_undefined,
        Op::JumpIfNotUndefined => control::jump_if_not_undefined,
        Op::JumpIfNullish => control::jump_if_nullish,
        Op::JumpIfNotNullish => control::jump_if_not_nullish,
        Op::JumpIfObject => control::jump_if_object,
        Op::CallProperty => calls::call_property,
        Op::CallUndefinedReceiver => calls::call_undefined_receiver,
        Op::CallWithSpread => calls::call_with_spread,
        Op::Construct => calls::construct,
        Op::ConstructWithSpread => calls::construct_with_spread,
        Op::SuperCall => calls::super_call,
        Op::SuperCallWithSpread => calls::super_call_with_spread,
        Op::CallRuntime => calls::call_runtime,
        Op::Return => calls::return_,
        Op::Throw => control::throw_,
        Op::ReThrow => control::throw_,
        Op::CreateClosure => objects::create_closure,
        Op::CreateEmptyObjectLiteral => objects::create_empty_object_literal,
        Op::CreateEmptyArrayLiteral => objects::create_empty_array_literal,
        Op::CreateArrayFromList => objects::create_array_from_list,
        Op::CreateArguments => objects::create_arguments,
        Op::CreateRestParameter => objects::create_rest_parameter,
        Op::CreateRegExpLiteral => objects::create_regexp_literal,
        Op::ForInPrepare => control::for_in_prepare,
        Op::ForInNext => control::for_in_next,
        Op::GetIterator => control::get_iterator,
        Op::IteratorNext => control::iterator_next,
        Op::IteratorClose => control::iterator_close,
        Op::SwitchOnGeneratorState => control::switch_on_generator_state,
        Op::SuspendGenerator => control::suspend_generator,
        Op::ResumeGenerator => control::resume_generator,
        Op::Debugger => control::nop_debugger,
        Op::Nop => control::nop,
    }
}

/// The out-of-line routine compiled tiers call for each bytecode (the handler body compiled as a stub, see
/// `handler!`), or `None` where the control transfer is tier-specific and every compiled tier emits it itself:
/// jumps, the loop back-edge, calls that push a frame, return, and the jump to a generator's resume point.
pub const fn stub_for(op: Op) -> Option<StubFn> {
    match op {
        Op::LdaUndefined => Some(loads::lda_undefined::stub),
        Op::LdaNull => Some(loads::lda_null::stub),
        Op::LdaTrue => Some(loads::lda_true::stub),
        Op::LdaFalse => Some(loads::lda_false::stub),
        Op::LdaTheHole => Some(loads::lda_the_hole::stub),
        Op::LdaSmi => Some(loads::lda_smi::stub),
        Op::LdaConstant => Some(loads::lda_constant::stub),
        Op::Ldar => Some(loads::ldar::stub),
        Op::Star => Some(loads::star::stub),
        Op::Mov => Some(loads::mov::stub),
        Op::LdaGlobal => Some(loads::lda_global::stub),
        Op::LdaGlobalInsideTypeof => Some(loads::lda_global_inside_typeof::stub),
        Op::StaGlobal => Some(loads::sta_global::stub),
        Op::DeclareGlobal => Some(loads::declare_global::stub),
        Op::LdaContextSlot => Some(loads::lda_context_slot::stub),
        Op::StaContextSlot => Some(loads::sta_context_slot::stub),
        Op::LdaModuleVariable => Some(loads::lda_module_variable::stub),
        Op::CreateFunctionContext => Some(loads::create_function_context::stub),
        Op::CreateBlockContext => Some(loads::create_block_context::stub),
        Op::PushContext => Some(loads::push_context::stub),
        Op::PopContext => Some(loads::pop_context::stub),
        Op::CloneBlockContext => Some(loads::clone_block_context::stub),
        Op::ThrowReferenceErrorIfHole => Some(control::throw_reference_error_if_hole::stub),
        Op::ThrowConstAssignError => Some(control::throw_const_assign_error::stub),
        Op::ThrowSuperNotCalledIfHole => Some(control::throw_super_not_called_if_hole::stub),
        Op::ThrowSuperAlreadyCalledIfNotHole => Some(control::throw_super_already_called_if_not_hole::stub),
        Op::GetNamedProperty => Some(objects::get_named_property::stub),
        Op::SetNamedProperty => Some(objects::set_named_property::stub),
        Op::DefineNamedOwnProperty => Some(objects::define_named_own_property::stub),
        Op::GetKeyedProperty => Some(objects::get_keyed_property::stub),
        Op::SetKeyedProperty => Some(objects::set_keyed_property::stub),
        Op::DefineKeyedOwnProperty => Some(objects::define_keyed_own_property::stub),
        Op::StaInArrayLiteral => Some(objects::sta_in_array_literal::stub),
        Op::DeleteProperty => Some(objects::delete_property::stub),
        Op::GetSuperNamed => Some(objects::get_super_named::stub),
        Op::GetSuperKeyed => Some(objects::get_super_keyed::stub),
        Op::SetSuperNamed => Some(objects::set_super_named::stub),
        Op::SetSuperKeyed => Some(objects::set_super_keyed::stub),
        Op::Add => Some(arith::add::stub),
        Op::Sub => Some(arith::sub::stub),
        Op::Mul => Some(arith::mul::stub),
        Op::Div => Some(arith::div::stub),
        Op::Mod => Some(arith::modulo::stub),
        Op::Exp => Some(arith::exp::stub),
        Op::BitwiseOr => Some(arith::bitwise_or::stub),
        Op::BitwiseXor => Some(arith::bitwise_xor::stub),
        Op::BitwiseAnd => Some(arith::bitwise_and::stub),
        Op::ShiftLeft => Some(arith::shift_left::stub),
        Op::ShiftRight => Some(arith::shift_right::stub),
        Op::ShiftRightLogical => Some(arith::shift_right_logical::stub),
        Op::AddSmi => Some(arith::add_smi::stub),
        Op::SubSmi => Some(arith::sub_smi::stub),
        Op::MulSmi => Some(arith::mul_smi::stub),
        Op::ModSmi => Some(arith::mod_smi::stub),
        Op::BitwiseOrSmi => Some(arith::bitwise_or_smi::stub),
        Op::BitwiseAndSmi => Some(arith::bitwise_and_smi::stub),
        Op::ShiftLeftSmi => Some(arith::shift_left_smi::stub),
        Op::ShiftRightSmi => Some(arith::shift_right_smi::stub),
        Op::ShiftRightLogicalSmi => Some(arith::shift_right_logical_smi::stub),
        Op::Inc => Some(arith::inc::stub),
        Op::Dec => Some(arith::dec::stub),
        Op::Negate => Some(arith::negate::stub),
        Op::BitwiseNot => Some(arith::bitwise_not::stub),
        Op::ToNumeric => Some(arith::to_numeric::stub),
        Op::ToNumber => Some(arith::to_number::stub),
        Op::ToString => Some(arith::to_string::stub),
        Op::ToPropertyKey => Some(arith::to_property_key::stub),
        Op::ToObject => Some(arith::to_object::stub),
        Op::LogicalNot => Some(arith::logical_not::stub),
        Op::TypeOf => Some(arith::type_of::stub),
        Op::TestEqual => Some(arith::test_equal::stub),
        Op::TestEqualStrict => Some(arith::test_equal_strict::stub),
        Op::TestLessThan => Some(arith::test_less_than::stub),
        Op::TestGreaterThan => Some(arith::test_greater_than::stub),
        Op::TestLessThanOrEqual => Some(arith::test_less_than_or_equal::stub),
        Op::TestGreaterThanOrEqual => Some(arith::test_greater_than_or_equal::stub),
        Op::TestInstanceOf => Some(arith::test_instance_of::stub),
        Op::TestIn => Some(arith::test_in::stub),
        Op::TestNullish => Some(arith::test_nullish::stub),
        Op::TestUndefined => Some(arith::test_undefined::stub),
        Op::TestNull => Some(arith::test_null::stub),
        Op::Jump => None,
        Op::JumpLoop => None,
        Op::JumpIfTrue => Some(control::jump_if_true::stub),
        Op::JumpIfFalse => Some(control::jump_if_false::stub),
        Op::JumpIfToBooleanTrue => Some(control::jump_if_to_boolean_true::stub),
        Op::JumpIfToBooleanFalse => Some(control::jump_if_to_boolean_false::stub),
        Op::JumpIfNull => Some(control::jump_if_null::stub),
        Op::JumpIfNotNull => Some(control::jump_if_not_null::stub),
        Op::JumpIfUndefined => Some(control::jump_if_undefined::stub),
        Op::JumpIfNotUndefined => Some(control::jump_if_not_undefined::stub),
        Op::JumpIfNullish => Some(control::jump_if_nullish::stub),
        Op::JumpIfNotNullish => Some(control::jump_if_not_nullish::stub),
        Op::JumpIfObject => Some(control::jump_if_object::stub),
        Op::CallProperty => None,
        Op::CallUndefinedReceiver => None,
        Op::CallWithSpread => Some(calls::call_with_spread::stub),
        Op::Construct => None,
        Op::ConstructWithSpread => Some(calls::construct_with_spread::stub),
        Op::SuperCall => Some(calls::super_call::stub),
        Op::SuperCallWithSpread => Some(calls::super_call_with_spread::stub),
        Op::CallRuntime => Some(calls::call_runtime::stub),
        Op::Return => None,
        Op::Throw => Some(control::throw_::stub),
        Op::ReThrow => Some(control::throw_::stub),
        Op::CreateClosure => Some(objects::create_closure::stub),
        Op::CreateEmptyObjectLiteral => Some(objects::create_empty_object_literal::stub),
        Op::CreateEmptyArrayLiteral => Some(objects::create_empty_array_literal::stub),
        Op::CreateArrayFromList => Some(objects::create_array_from_list::stub),
        Op::CreateArguments => Some(objects::create_arguments::stub),
        Op::CreateRestParameter => Some(objects::create_rest_parameter::stub),
        Op::CreateRegExpLiteral => Some(objects::create_regexp_literal::stub),
        Op::ForInPrepare => Some(control::for_in_prepare::stub),
        Op::ForInNext => Some(control::for_in_next::stub),
        Op::GetIterator => Some(control::get_iterator::stub),
        Op::IteratorNext => Some(control::iterator_next::stub),
        Op::IteratorClose => Some(control::iterator_close::stub),
        Op::SwitchOnGeneratorState => None,
        Op::SuspendGenerator => Some(control::suspend_generator::stub),
        Op::ResumeGenerator => Some(control::resume_generator::stub),
        Op::Debugger => Some(control::nop_debugger::stub),
        Op::Nop => Some(control::nop::stub),
    }
}

/// Defines a handler: `handler!(name, Op, |ip, fp, acc, t, cx| { ... })`. Inside, the `h_*` macros are available.
///
/// The body is compiled twice from the same tokens, so both tiers share one definition of each bytecode's meaning:
/// - `name`: the threaded interpreter handler (continues by tail-calling the next handler);
/// - `name::stub`: an `extern "C"` function that compiled code calls for the bytecode and that returns to it
///   (`StubResult`: next instruction, exception, or "take this instruction's jump").
///
/// `handler!(@interp name, ...)` defines only the interpreter handler, for bytecodes whose control transfer is
/// tier-specific (calls that push frames, returns, loop back-edges): compiled tiers implement those themselves.
///
/// `handler!(name, Op, |..| { fast } slow { slow })` splits a handler in two: the threaded handler runs `fast` and,
/// if that falls through, tail-calls `name::slow` (`#[cold]`, never inlined), which runs `slow` from the same state.
/// A handler whose body calls into the runtime needs callee-saved registers, so LLVM gives it a prologue and
/// epilogue that every execution pays; with the calls moved behind the tail call, the fast path of a load or an
/// int32 add is a few instructions between two dispatch jumps. The stub runs `fast` then `slow`, as one body.
macro_rules! handler {
    // The two function shapes: a threaded handler (`$($attr)*` for the cold half) and a compiled-code stub.
    // `@split` makes the stub when given a trailing `with_stub`.
    (@threaded_fn $name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $body:block $(#[$attr:meta])*) => {
        $(#[$attr])*
        #[allow(unused_mut, unused_variables, unused_assignments, unused_unsafe, clippy::missing_safety_doc)]
        pub(crate) unsafe fn $name(
            $ip: $crate::interp::dispatch::Ip,
            $fp: $crate::interp::dispatch::Fp,
            mut $acc: $crate::value::Value,
            $t: $crate::interp::dispatch::T,
            $cx: &mut $crate::interp::dispatch::Cx,
        ) -> $crate::value::Value {
            $crate::interp::handlers::handler_vocabulary!(threaded, $op, $ip, $fp, $acc, $t, $cx);
            $body
        }
    };
    (@stub_fn $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $($body:block)+ $(; $with:ident)?) => {
        #[allow(unused_mut, unused_variables, unused_assignments, unused_unsafe, clippy::missing_safety_doc)]
        pub(crate) unsafe extern "C" fn stub(
            $ip: $crate::interp::dispatch::Ip,
            $fp: $crate::interp::dispatch::Fp,
            mut $acc: $crate::value::Value,
            $t: $crate::interp::dispatch::T,
            $cx: &mut $crate::interp::dispatch::Cx,
        ) -> $crate::interp::dispatch::StubResult {
            $crate::interp::handlers::handler_vocabulary!(stub, $op, $ip, $fp, $acc, $t, $cx);
            $($body)+
        }
    };
    (@split $name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $fast:block slow $slow:block
     $($stub:ident)?) => {
        handler!(@threaded_fn $name, $op, |$ip, $fp, $acc, $t, $cx| {
            $fast
            // SAFETY: the slow path continues from this handler's own state.
            unsafe { $name::slow($ip, $fp, $acc, $t, $cx) }
        });

        pub(crate) mod $name {
            #[allow(unused_imports)]
            use super::*;

            handler!(@threaded_fn slow, $op, |$ip, $fp, $acc, $t, $cx| $slow #[cold] #[inline(never)]);
            $(handler!(@stub_fn $op, |$ip, $fp, $acc, $t, $cx| $fast $slow; $stub);)?
        }
    };
    (@interp $name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $fast:block slow $slow:block) => {
        handler!(@split $name, $op, |$ip, $fp, $acc, $t, $cx| $fast slow $slow);
    };
    ($name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $fast:block slow $slow:block) => {
        handler!(@split $name, $op, |$ip, $fp, $acc, $t, $cx| $fast slow $slow with_stub);
    };
    (@interp $name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $body:block) => {
        handler!(@threaded_fn $name, $op, |$ip, $fp, $acc, $t, $cx| $body);
    };
    ($name:ident, $op:ident, |$ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident| $body:block) => {
        handler!(@threaded_fn $name, $op, |$ip, $fp, $acc, $t, $cx| $body);

        pub(crate) mod $name {
            #[allow(unused_imports)]
            use super::*;

            handler!(@stub_fn $op, |$ip, $fp, $acc, $t, $cx| $body);
        }
    };
}

/// The macros a handler body uses. `threaded` continues in the next handler; `stub` returns to compiled code.
macro_rules! handler_vocabulary {
    (threaded, $op:ident, $ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident) => {
        #[allow(unused_macros)]
        macro_rules! next {
            () => {
                // SAFETY: the next instruction follows this one (every function ends in Return).
                return unsafe { $crate::interp::dispatch::dispatch($ip.add($crate::bytecode::Op::$op.size()), $fp, $acc, $t, $cx) }
            };
        }
        // Star lookahead (as Ignition): an accumulator result is very often stored right away.
        #[allow(unused_macros)]
        macro_rules! next_star {
            () => {{
                // SAFETY: as in next!.
                let mut nip = unsafe { $ip.add($crate::bytecode::Op::$op.size()) };
                // SAFETY: `nip` is the next instruction boundary; bytecode ends in Return, so a byte is there.
                if unsafe { *nip } == $crate::bytecode::Op::Star as u8 {
                    // SAFETY: a Star instruction is Op::Star.size() bytes.
                    let d = $crate::bytecode::ops::Star::decode(unsafe { std::slice::from_raw_parts(nip, $crate::bytecode::Op::Star.size()) }, 0);
                    h_set_reg!($fp, d.dst, $acc);
                    // SAFETY: past the whole Star instruction, again an instruction boundary.
                    nip = unsafe { nip.add($crate::bytecode::Op::Star.size()) };
                }
                // SAFETY: `nip` is an instruction boundary of the same bytecode, run on the same frame.
                return unsafe { $crate::interp::dispatch::dispatch(nip, $fp, $acc, $t, $cx) };
            }};
        }
        // Compare-and-branch fusion: a test followed by JumpIfTrue/JumpIfFalse branches directly.
        #[allow(unused_macros)]
        macro_rules! next_test {
            ($result:expr) => {{
                let result: bool = $result;
                // The accumulator gets the boolean even when the branch is fused, so fusion is invisible to code
                // that reads the accumulator after the jump.
                $acc = $crate::value::Value::bool(result);
                // SAFETY: as in next!.
                let nip = unsafe { $ip.add($crate::bytecode::Op::$op.size()) };
                // SAFETY: `nip` is the next instruction boundary; bytecode ends in Return, so a byte is there.
                let following = unsafe { *nip };
                let target = if following == $crate::bytecode::Op::JumpIfFalse as u8 {
                    if result {
                        // SAFETY: past the whole JumpIfFalse, an instruction boundary.
                        unsafe { nip.add($crate::bytecode::Op::JumpIfFalse.size()) }
                    } else {
                        // SAFETY: a JumpIfFalse is 5 bytes at `nip`.
                        let d = $crate::bytecode::ops::JumpIfFalse::decode(unsafe { std::slice::from_raw_parts(nip, 5) }, 0);
                        // SAFETY: jump targets are instruction boundaries inside the bytecode.
                        unsafe { $crate::interp::dispatch::code_start($t).add(d.target as usize) }
                    }
                } else if following == $crate::bytecode::Op::JumpIfTrue as u8 {
                    if result {
                        // SAFETY: a JumpIfTrue is 5 bytes at `nip`.
                        let d = $crate::bytecode::ops::JumpIfTrue::decode(unsafe { std::slice::from_raw_parts(nip, 5) }, 0);
                        // SAFETY: jump targets are instruction boundaries inside the bytecode.
                        unsafe { $crate::interp::dispatch::code_start($t).add(d.target as usize) }
                    } else {
                        // SAFETY: past the whole JumpIfTrue, an instruction boundary.
                        unsafe { nip.add($crate::bytecode::Op::JumpIfTrue.size()) }
                    }
                } else {
                    nip
                };
                // SAFETY: `target` is an instruction boundary of the same bytecode, run on the same frame.
                return unsafe { $crate::interp::dispatch::dispatch(target, $fp, $acc, $t, $cx) };
            }};
        }
        #[allow(unused_macros)]
        macro_rules! jump {
            ($target:expr) => {
                // SAFETY: jump targets are instruction boundaries inside the bytecode.
                return unsafe { $crate::interp::dispatch::dispatch($crate::interp::dispatch::code_start($t).add($target as usize), $fp, $acc, $t, $cx) }
            };
        }
        #[allow(unused_macros)]
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => return $crate::interp::dispatch::throw($ip, $fp, $t, $cx, e),
                }
            };
        }
        #[allow(unused_macros)]
        macro_rules! raise {
            ($e:expr) => {{
                let e: $crate::value::Value = $e;
                return $crate::interp::dispatch::throw($ip, $fp, $t, $cx, e);
            }};
        }
        $crate::interp::handlers::handler_vocabulary!(common, $op, $ip, $fp, $acc, $t, $cx);
    };
    (stub, $op:ident, $ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident) => {
        #[allow(unused_macros)]
        macro_rules! next {
            () => {
                return $crate::interp::dispatch::StubResult::next($acc)
            };
        }
        #[allow(unused_macros)]
        macro_rules! next_star {
            () => {
                return $crate::interp::dispatch::StubResult::next($acc)
            };
        }
        #[allow(unused_macros)]
        macro_rules! next_test {
            ($result:expr) => {{
                let result: bool = $result;
                return $crate::interp::dispatch::StubResult::next($crate::value::Value::bool(result));
            }};
        }
        // A stub's only jump target is its instruction's label operand; compiled code knows where that is.
        #[allow(unused_macros)]
        macro_rules! jump {
            ($target:expr) => {{
                let _ = $target;
                return $crate::interp::dispatch::StubResult::jump($acc)
            }};
        }
        #[allow(unused_macros)]
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    // SAFETY: the stub's own ip, fp and t.
                    Err(e) => return unsafe { $crate::interp::dispatch::StubResult::throw($ip, $fp, $t, $cx, e) },
                }
            };
        }
        #[allow(unused_macros)]
        macro_rules! raise {
            ($e:expr) => {{
                let e: $crate::value::Value = $e;
                // SAFETY: the stub's own ip, fp and t.
                return unsafe { $crate::interp::dispatch::StubResult::throw($ip, $fp, $t, $cx, e) };
            }};
        }
        $crate::interp::handlers::handler_vocabulary!(common, $op, $ip, $fp, $acc, $t, $cx);
    };
    (common, $op:ident, $ip:ident, $fp:ident, $acc:ident, $t:ident, $cx:ident) => {
        #[allow(unused_macros)]
        macro_rules! decode {
            () => {
                // SAFETY: the instruction at ip has Op::$op.size() bytes.
                $crate::bytecode::ops::$op::decode(unsafe { std::slice::from_raw_parts($ip, $crate::bytecode::Op::$op.size()) }, 0)
            };
        }
        #[allow(unused_macros)]
        macro_rules! vm {
            () => {
                // SAFETY: cx.vm is the running Vm; handlers hold no other reference to it.
                unsafe { &mut *$cx.vm }
            };
        }
        #[allow(unused_macros)]
        macro_rules! tmpl {
            () => {
                // SAFETY: the running template is alive (its closure is in the frame).
                unsafe { &*$t }
            };
        }
        #[allow(unused_macros)]
        macro_rules! reg {
            ($r:expr) => {
                h_reg!($fp, $r)
            };
        }
        #[allow(unused_macros)]
        macro_rules! set_reg {
            ($r:expr, $v:expr) => {
                h_set_reg!($fp, $r, $v)
            };
        }
        #[allow(unused_macros)]
        macro_rules! feedback {
            ($slot:expr) => {
                {
                    let tm = tmpl!();
                    // SAFETY: feedback slot operands index the template's vector.
                    unsafe { tm.feedback_mut().get_unchecked_mut($slot as usize) }
                }
            };
        }
        #[allow(unused_macros)]
        macro_rules! consts {
            ($i:expr) => {
                {
                    let tm = tmpl!();
                    // SAFETY: constant operands index the template's pool.
                    unsafe { *tm.constants.get_unchecked($i as usize) }
                }
            };
        }
    };
}

macro_rules! h_reg {
    ($fp:expr, $r:expr) => {
        // SAFETY: register operands produced by the compiler are inside the frame window.
        unsafe { *$fp.offset($r.0 as isize) }
    };
}

macro_rules! h_set_reg {
    ($fp:expr, $r:expr, $v:expr) => {{
        let v = $v;
        // SAFETY: as in h_reg!.
        unsafe { *$fp.offset($r.0 as isize) = v }
    }};
}

pub(crate) use {h_reg, h_set_reg, handler, handler_vocabulary};
