//! Which frame registers each bytecode reads and writes, besides the accumulator (`Op::acc_use()` says that).
//!
//! Invariants:
//! - `register_effects` is one exhaustive match over `Insn` without a wildcard: a new bytecode does not compile until
//!   its register effects are written down here.
//! - Register operands are listed, and so are the header slots a handler touches implicitly (CLOSURE, CONTEXT,
//!   THIS, NEW_TARGET, ARGC). The frame linkage (CALLER_FP, RETURN_PC, FLAGS) is never listed: calls, returns and
//!   the generator switch manage it per tier.
//! - `reads_all` means every parameter, header slot and local (the frame is saved whole); `writes_all` means every
//!   local and the context (the frame is restored whole). Parameters are not written by `ResumeGenerator`: a
//!   resumed activation gets them back as its arguments when its frame is pushed, before `SwitchOnGeneratorState`.
//! - `CreateArguments` and `CreateRestParameter` also read the arguments past the parameters; those are not
//!   registers and stay in the frame in every tier.
//! - A mapped `arguments` object aliases the function context's slots, not parameter registers (the compiler copies
//!   the parameters there first), so no instruction has hidden parameter effects; the liveness keeps the parameters
//!   of such functions live anyway, as a margin.

use crate::bytecode::{Insn, Reg};
use crate::frame;
use crate::function::FunctionTemplate;

/// The registers one instruction reads and writes (the accumulator aside).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RegisterEffects {
    pub reads: Vec<Reg>,
    pub writes: Vec<Reg>,
    /// Reads every parameter, header slot and local (`SuspendGenerator`).
    pub reads_all: bool,
    /// Writes every local and the context (`ResumeGenerator`).
    pub writes_all: bool,
}

const CLOSURE: Reg = Reg(frame::CLOSURE);
const CONTEXT: Reg = Reg(frame::CONTEXT);
const THIS: Reg = Reg(frame::THIS);
const NEW_TARGET: Reg = Reg(frame::NEW_TARGET);
const ARGC: Reg = Reg(frame::ARGC);

fn range(first: Reg, count: u16) -> impl Iterator<Item = Reg> {
    (0..count as i16).map(move |i| Reg(first.0 + i))
}

fn params(t: &FunctionTemplate, from: u16) -> impl Iterator<Item = Reg> {
    (from..t.param_count).map(Reg::param)
}

pub fn register_effects(t: &FunctionTemplate, insn: &Insn) -> RegisterEffects {
    let mut e = RegisterEffects::default();
    let reads = |e: &mut RegisterEffects, rs: &[Reg]| e.reads.extend_from_slice(rs);
    match *insn {
        Insn::LdaUndefined {}
        | Insn::LdaNull {}
        | Insn::LdaTrue {}
        | Insn::LdaFalse {}
        | Insn::LdaTheHole {}
        | Insn::LdaSmi { .. }
        | Insn::LdaConstant { .. } => {}
        Insn::Ldar { src } => reads(&mut e, &[src]),
        Insn::Star { dst } => e.writes.push(dst),
        Insn::Mov { src, dst } => {
            reads(&mut e, &[src]);
            e.writes.push(dst);
        }

        Insn::LdaGlobal { .. }
        | Insn::LdaGlobalInsideTypeof { .. }
        | Insn::StaGlobal { .. }
        | Insn::DeclareGlobal { .. } => {}

        Insn::LdaContextSlot { .. }
        | Insn::StaContextSlot { .. }
        | Insn::LdaModuleVariable { .. }
        | Insn::CreateBlockContext { .. } => reads(&mut e, &[CONTEXT]),
        Insn::CreateFunctionContext { .. } | Insn::CloneBlockContext {} => {
            reads(&mut e, &[CONTEXT]);
            e.writes.push(CONTEXT);
        }
        Insn::PushContext { save } => {
            reads(&mut e, &[CONTEXT]);
            e.writes.extend([save, CONTEXT]);
        }
        Insn::PopContext { saved } => {
            reads(&mut e, &[saved]);
            e.writes.push(CONTEXT);
        }

        Insn::ThrowReferenceErrorIfHole { .. }
        | Insn::ThrowConstAssignError { .. }
        | Insn::ThrowSuperNotCalledIfHole {}
        | Insn::ThrowSuperAlreadyCalledIfNotHole {} => {}

        Insn::GetNamedProperty { obj, .. }
        | Insn::SetNamedProperty { obj, .. }
        | Insn::DefineNamedOwnProperty { obj, .. }
        | Insn::GetKeyedProperty { obj, .. }
        | Insn::DeleteProperty { obj } => reads(&mut e, &[obj]),
        Insn::SetKeyedProperty { obj, key, .. } | Insn::DefineKeyedOwnProperty { obj, key, .. } => {
            reads(&mut e, &[obj, key])
        }
        Insn::StaInArrayLiteral { array, index, .. } => reads(&mut e, &[array, index]),
        // The home object comes from the running closure.
        Insn::GetSuperNamed { receiver, .. }
        | Insn::GetSuperKeyed { receiver }
        | Insn::SetSuperNamed { receiver, .. } => reads(&mut e, &[receiver, CLOSURE]),
        Insn::SetSuperKeyed { receiver, key } => reads(&mut e, &[receiver, key, CLOSURE]),

        Insn::Add { lhs, .. }
        | Insn::Sub { lhs, .. }
        | Insn::Mul { lhs, .. }
        | Insn::Div { lhs, .. }
        | Insn::Mod { lhs, .. }
        | Insn::Exp { lhs, .. }
        | Insn::BitwiseOr { lhs, .. }
        | Insn::BitwiseXor { lhs, .. }
        | Insn::BitwiseAnd { lhs, .. }
        | Insn::ShiftLeft { lhs, .. }
        | Insn::ShiftRight { lhs, .. }
        | Insn::ShiftRightLogical { lhs, .. } => reads(&mut e, &[lhs]),
        Insn::AddSmi { .. }
        | Insn::SubSmi { .. }
        | Insn::MulSmi { .. }
        | Insn::ModSmi { .. }
        | Insn::BitwiseOrSmi { .. }
        | Insn::BitwiseAndSmi { .. }
        | Insn::ShiftLeftSmi { .. }
        | Insn::ShiftRightSmi { .. }
        | Insn::ShiftRightLogicalSmi { .. } => {}

        Insn::Inc { .. }
        | Insn::Dec { .. }
        | Insn::Negate { .. }
        | Insn::BitwiseNot { .. }
        | Insn::ToNumeric { .. }
        | Insn::ToNumber { .. }
        | Insn::ToString {}
        | Insn::ToPropertyKey {}
        | Insn::ToObject {}
        | Insn::LogicalNot {}
        | Insn::TypeOf {} => {}

        Insn::TestEqual { lhs, .. }
        | Insn::TestEqualStrict { lhs, .. }
        | Insn::TestLessThan { lhs, .. }
        | Insn::TestGreaterThan { lhs, .. }
        | Insn::TestLessThanOrEqual { lhs, .. }
        | Insn::TestGreaterThanOrEqual { lhs, .. }
        | Insn::TestInstanceOf { lhs, .. }
        | Insn::TestIn { lhs, .. } => reads(&mut e, &[lhs]),
        Insn::TestNullish {} | Insn::TestUndefined {} | Insn::TestNull {} => {}

        Insn::Jump { .. }
        | Insn::JumpLoop { .. }
        | Insn::JumpIfTrue { .. }
        | Insn::JumpIfFalse { .. }
        | Insn::JumpIfToBooleanTrue { .. }
        | Insn::JumpIfToBooleanFalse { .. }
        | Insn::JumpIfNull { .. }
        | Insn::JumpIfNotNull { .. }
        | Insn::JumpIfUndefined { .. }
        | Insn::JumpIfNotUndefined { .. }
        | Insn::JumpIfNullish { .. }
        | Insn::JumpIfNotNullish { .. }
        | Insn::JumpIfObject { .. } => {}

        Insn::CallProperty { callee, args, count, .. }
        | Insn::CallUndefinedReceiver { callee, args, count, .. }
        | Insn::Construct { callee, args, count, .. } => {
            e.reads.push(callee);
            e.reads.extend(range(args, count));
        }
        Insn::CallWithSpread { callee, receiver, .. } => reads(&mut e, &[callee, receiver]),
        Insn::ConstructWithSpread { callee, .. } => reads(&mut e, &[callee]),
        // The parent constructor is the running closure's [[Prototype]]; new.target is the frame's.
        Insn::SuperCall { args, count } => {
            e.reads.extend(range(args, count));
            e.reads.extend([CLOSURE, NEW_TARGET]);
        }
        Insn::SuperCallWithSpread {} => reads(&mut e, &[CLOSURE, NEW_TARGET]),
        Insn::CallRuntime { args, count, .. } => e.reads.extend(range(args, count)),
        // A constructor frame returns `this` for a non-object result.
        Insn::Return {} => reads(&mut e, &[THIS]),
        Insn::Throw {} | Insn::ReThrow {} => {}

        // The closure captures the context; a method's home object is inherited from the running closure.
        Insn::CreateClosure { .. } => reads(&mut e, &[CONTEXT, CLOSURE]),
        Insn::CreateEmptyObjectLiteral {} | Insn::CreateEmptyArrayLiteral { .. } => {}
        Insn::CreateArrayFromList { args, count } => e.reads.extend(range(args, count)),
        // `callee` is the running closure; a mapped object aliases the context's slots.
        Insn::CreateArguments {} => {
            e.reads.extend(params(t, 0));
            e.reads.extend([ARGC, CLOSURE, CONTEXT]);
        }
        Insn::CreateRestParameter { from } => {
            e.reads.extend(params(t, from));
            e.reads.push(ARGC);
        }
        Insn::CreateRegExpLiteral { .. } => {}

        Insn::ForInPrepare {} | Insn::GetIterator {} => {}
        Insn::ForInNext { iter, .. } | Insn::IteratorNext { iter, .. } | Insn::IteratorClose { iter } => {
            reads(&mut e, &[iter])
        }

        // A resumed frame holds its generator object in the new.target slot.
        Insn::SwitchOnGeneratorState {} => reads(&mut e, &[NEW_TARGET]),
        Insn::SuspendGenerator { generator } => {
            reads(&mut e, &[generator]);
            e.reads_all = true;
        }
        Insn::ResumeGenerator {} => {
            reads(&mut e, &[NEW_TARGET]);
            e.writes.push(CONTEXT);
            e.writes_all = true;
        }

        Insn::Debugger {} | Insn::Nop {} => {}
    }
    e
}
