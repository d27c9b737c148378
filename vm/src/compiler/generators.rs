//! Generators and async functions: the prologue and epilogue that make an activation resumable, `yield`,
//! `yield*` and `await` (the frame machinery is `generator.rs`).
//!
//! Invariants:
//! - The generator object lives in the function's first register (`FnState::generator`), allocated before any
//!   binding, and `SwitchOnGeneratorState` is the function's first instruction (before its context exists: the
//!   context comes back with the registers).
//! - Every `SuspendGenerator` is followed by `Return` and then `ResumeGenerator`, the resume point.
//! - An async function's body (parameters included) is covered by one outermost handler that rejects its promise,
//!   and every return resolves it: the promise is what the activation returns, whenever it returns.

use super::*;
use crate::bytecode::{Handler, RuntimeId};
use swc_ecma_ast::*;

/// Where the outermost handler of an async function starts, and the register holding the context there.
pub(crate) struct AsyncGuard {
    start: u32,
    context: Reg,
}

impl<'a> Compiler<'a> {
    fn generator_reg(&mut self) -> Reg {
        self.f().generator.expect("inside a generator or async function")
    }

    fn runtime(&mut self, id: RuntimeId, args: Reg, count: u16) {
        self.emit(Insn::CallRuntime { id: id as u16, args, count });
    }

    /// acc = runtime `id`(generator, acc).
    fn runtime_with_generator(&mut self, id: RuntimeId) {
        let g = self.generator_reg();
        let m = self.mark();
        let pair = self.e().alloc_n(2);
        self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
        self.emit(Insn::Mov { src: g, dst: pair });
        self.runtime(id, pair, 2);
        self.release(m);
    }

    fn is_async_generator(&mut self) -> bool {
        self.f().is_async && self.f().is_generator
    }

    /// The start of a generator or async function, before its scope is entered. An async function's guard starts
    /// here (its parameters' errors reject its promise); an async generator's at `generator_start` (they throw
    /// from the call, as a generator's do).
    pub(crate) fn generator_prologue(&mut self, is_async: bool) -> Option<AsyncGuard> {
        let g = self.alloc();
        self.f().generator = Some(g);
        self.emit(Insn::SwitchOnGeneratorState {});
        if !is_async || self.is_async_generator() {
            return None;
        }
        let context = self.alloc();
        self.emit(Insn::Mov { src: Reg::CONTEXT, dst: context });
        self.runtime(RuntimeId::CreateGeneratorObject, Reg::CLOSURE, 1);
        self.emit(Insn::Star { dst: g });
        Some(AsyncGuard { start: self.e().pc(), context })
    }

    /// A generator's start, once its arguments are bound: create the generator object and return it, suspended
    /// before the first statement of the body.
    /// An async generator's body is then covered by its guard, which rejects the request it runs for.
    pub(crate) fn generator_start(&mut self) -> Option<AsyncGuard> {
        let g = self.generator_reg();
        self.runtime(RuntimeId::CreateGeneratorObject, Reg::CLOSURE, 1);
        self.emit(Insn::Star { dst: g });
        self.suspend();
        if !self.is_async_generator() {
            return None;
        }
        let context = self.alloc();
        self.emit(Insn::Mov { src: Reg::CONTEXT, dst: context });
        Some(AsyncGuard { start: self.e().pc(), context })
    }

    /// The end of an async function or generator: the handler that turns an exception into the rejection of its
    /// promise (of the async generator's current request).
    pub(crate) fn async_epilogue(&mut self, guard: AsyncGuard) {
        let end = self.e().pc();
        let handler = self.e().pc();
        let reject =
            if self.is_async_generator() { RuntimeId::AsyncGeneratorReject } else { RuntimeId::AsyncFunctionReject };
        self.runtime_with_generator(reject);
        self.emit(Insn::Return {});
        self.e().handlers.push(Handler { start: guard.start, end, handler, context: guard.context });
    }

    /// In an async function, a return value becomes the resolution of its promise (acc = the promise); in an async
    /// generator, the answer to its current request (`done: true`).
    pub(crate) fn async_return_value(&mut self) {
        if self.is_async_generator() {
            self.runtime_with_generator(RuntimeId::AsyncGeneratorResolve);
        } else if self.f().is_async {
            self.runtime_with_generator(RuntimeId::AsyncFunctionResolve);
        }
    }

    /// `return e` in an async generator awaits the value first (before any `finally` runs).
    pub(crate) fn await_return_value(&mut self) {
        if self.is_async_generator() {
            self.await_acc();
        }
    }

    /// Suspends with acc as the activation's result; at the resume point acc is the sent value.
    fn suspend(&mut self) {
        let g = self.generator_reg();
        self.emit(Insn::SuspendGenerator { generator: g });
        self.emit(Insn::Return {});
        self.emit(Insn::ResumeGenerator {});
    }

    /// Dispatch after a resumption: throw() throws the sent value here, return() (generators only) returns it
    /// through `finally` blocks, next() leaves it in acc.
    fn resume_dispatch(&mut self, can_return: bool) {
        let g = self.generator_reg();
        let m = self.mark();
        let sent = self.alloc();
        self.emit(Insn::Star { dst: sent });
        self.runtime(RuntimeId::GeneratorResumeAbrupt, g, 1);
        if can_return {
            self.return_if_true(sent);
        } else {
            self.emit(Insn::Ldar { src: sent });
        }
        self.release(m);
    }

    /// acc is a boolean: when true, returns `value` (through `finally` blocks); otherwise acc = `value`.
    fn return_if_true(&mut self, value: Reg) {
        let next = self.label();
        self.jump(Insn::JumpIfFalse { target: 0 }, next);
        self.emit(Insn::Ldar { src: value });
        self.do_jump(Jump::Return);
        self.bind(next);
        self.emit(Insn::Ldar { src: value });
    }

    pub(crate) fn yield_expr(&mut self, y: &'a YieldExpr) -> R {
        if y.delegate {
            let Some(arg) = &y.arg else {
                return Err(CErr { msg: "yield* needs an operand".into(), pos: self.here() });
            };
            if self.is_async_generator() {
                return self.async_yield_star(arg);
            }
            return self.yield_star(arg);
        }
        match &y.arg {
            Some(e) => self.expr(e)?,
            None => self.emit(Insn::LdaUndefined {}),
        }
        if self.is_async_generator() {
            return self.async_yield();
        }
        let m = self.mark();
        let pair = self.e().alloc_n(2);
        self.emit(Insn::Star { dst: pair });
        self.emit(Insn::LdaFalse {});
        self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
        self.runtime(RuntimeId::CreateIterResultObject, pair, 2);
        self.release(m);
        self.suspend();
        self.resume_dispatch(true);
        Ok(())
    }

    /// `yield* e`: a loop forwarding each resumption to the inner iterator and each inner result, as it is, to the
    /// caller, until the inner iterator is done.
    fn yield_star(&mut self, arg: &'a Expr) -> R {
        self.expr(arg)?;
        self.emit(Insn::GetIterator {});
        let m = self.mark();
        let (step, result) = self.yield_star_start();
        let (mode, received) = (Reg(step.0 + 2), Reg(step.0 + 3));
        let header = self.e().pc();
        self.runtime(RuntimeId::YieldStarStep, step, 4);
        self.emit(Insn::Star { dst: result });
        let done = self.label();
        self.jump_if_result_done(result, done);
        self.emit(Insn::Ldar { src: result });
        self.suspend();
        self.emit(Insn::Star { dst: received });
        let g = self.generator_reg();
        self.runtime(RuntimeId::GeneratorResumeMode, g, 1);
        self.emit(Insn::Star { dst: mode });
        self.jump_loop(header);
        self.bind(done);
        self.yield_star_done(result, mode);
        self.release(m);
        Ok(())
    }

    pub(crate) fn await_expr(&mut self, a: &'a AwaitExpr) -> R {
        self.expr(&a.arg)?;
        self.await_acc();
        Ok(())
    }

    /// acc = Await(acc): suspends until the promise for it settles (a rejection throws here).
    pub(crate) fn await_acc(&mut self) {
        self.runtime_with_generator(RuntimeId::AsyncFunctionAwait);
        self.suspend();
        self.resume_dispatch(false);
    }

    /// `yield acc` in an async generator: the value is awaited, answers the current request, and the activation
    /// suspends until the next one; a return() resumption awaits its value and returns it (through `finally`).
    fn async_yield(&mut self) -> R {
        self.await_acc();
        self.runtime_with_generator(RuntimeId::AsyncGeneratorYield);
        self.suspend();
        let g = self.generator_reg();
        let m = self.mark();
        let sent = self.alloc();
        self.emit(Insn::Star { dst: sent });
        self.runtime(RuntimeId::GeneratorResumeAbrupt, g, 1);
        let next = self.label();
        self.jump(Insn::JumpIfFalse { target: 0 }, next);
        self.emit(Insn::Ldar { src: sent });
        self.await_acc();
        self.do_jump(Jump::Return);
        self.bind(next);
        self.emit(Insn::Ldar { src: sent });
        self.release(m);
        Ok(())
    }

    /// `yield* e` in an async generator: as `yield_star`, with the inner iterator async (`GetAsyncIterator`), each
    /// inner result awaited, and each inner value answering the outer request as it is (not awaited again).
    fn async_yield_star(&mut self, arg: &'a Expr) -> R {
        self.expr(arg)?;
        let m = self.mark();
        let value = self.alloc();
        self.emit(Insn::Star { dst: value });
        self.runtime(RuntimeId::GetAsyncIterator, value, 1);
        let (step, result) = self.yield_star_start();
        let (iter, mode, received) = (step, Reg(step.0 + 2), Reg(step.0 + 3));
        let header = self.e().pc();
        self.runtime(RuntimeId::AsyncYieldStarStep, step, 4);
        // The hole: the delegate has no method for the resumption: no `throw` (it is closed, then a TypeError), no
        // `return` (the generator returns the value).
        let (no_method, no_return, call_made) = (self.label(), self.label(), self.label());
        self.emit(Insn::Star { dst: result });
        self.emit(Insn::LdaTheHole {});
        let slot = self.slot(FeedbackKind::Compare);
        self.emit(Insn::TestEqualStrict { lhs: result, slot });
        self.jump(Insn::JumpIfTrue { target: 0 }, no_method);
        self.emit(Insn::Ldar { src: result });
        self.await_acc();
        self.emit(Insn::Star { dst: result });
        self.runtime(RuntimeId::ThrowIfNotObject, result, 1);
        let done = self.label();
        self.jump_if_result_done(result, done);
        self.result_value(result);
        self.runtime_with_generator(RuntimeId::AsyncGeneratorYield);
        self.suspend();
        self.emit(Insn::Star { dst: received });
        let g = self.generator_reg();
        self.runtime(RuntimeId::GeneratorResumeMode, g, 1);
        self.emit(Insn::Star { dst: mode });
        // A return() resumption awaits its value before it is forwarded (AsyncGeneratorUnwrapYieldResumption).
        self.emit(Insn::LdaSmi { value: crate::generator::ResumeMode::Return as i32 });
        let slot = self.slot(FeedbackKind::Compare);
        self.emit(Insn::TestEqualStrict { lhs: mode, slot });
        self.jump(Insn::JumpIfFalse { target: 0 }, call_made);
        self.emit(Insn::Ldar { src: received });
        self.await_acc();
        self.emit(Insn::Star { dst: received });
        self.bind(call_made);
        self.jump_loop(header);
        self.bind(no_method);
        self.emit(Insn::LdaSmi { value: crate::generator::ResumeMode::Return as i32 });
        let slot = self.slot(FeedbackKind::Compare);
        self.emit(Insn::TestEqualStrict { lhs: mode, slot });
        self.jump(Insn::JumpIfTrue { target: 0 }, no_return);
        self.async_iterator_close(iter);
        let msg = self.str_idx("The iterator does not provide a 'throw' method");
        self.emit(Insn::LdaConstant { idx: msg });
        self.emit(Insn::Star { dst: result });
        self.runtime(RuntimeId::ThrowTypeError, result, 1);
        self.bind(no_return);
        self.emit(Insn::Ldar { src: received });
        self.await_acc();
        self.do_jump(Jump::Return);
        self.bind(done);
        self.yield_star_done(result, mode);
        self.release(m);
        Ok(())
    }

    /// The registers of a `yield*` loop, from the iterator in acc: [iterator, its `next`, resume mode (next),
    /// received value (undefined)] (the operands of the step runtime functions), and a register for the result.
    fn yield_star_start(&mut self) -> (Reg, Reg) {
        let step = self.e().alloc_n(4);
        let (iter, next, mode, received) = (step, Reg(step.0 + 1), Reg(step.0 + 2), Reg(step.0 + 3));
        let result = self.alloc();
        self.emit(Insn::Star { dst: iter });
        let n = self.str_idx("next");
        let slot = self.slot(FeedbackKind::Load);
        self.emit(Insn::GetNamedProperty { obj: iter, name: n, slot });
        self.emit(Insn::Star { dst: next });
        self.emit(Insn::LdaSmi { value: 0 });
        self.emit(Insn::Star { dst: mode });
        self.emit(Insn::LdaUndefined {});
        self.emit(Insn::Star { dst: received });
        (step, result)
    }

    /// The end of a `yield*` whose inner result `result` is done: after return() the generator returns the inner
    /// value (as it is: an async delegate's result was awaited already); otherwise it is the expression's value.
    fn yield_star_done(&mut self, result: Reg, mode: Reg) {
        self.result_value(result);
        self.emit(Insn::Star { dst: result });
        self.emit(Insn::LdaSmi { value: crate::generator::ResumeMode::Return as i32 });
        let slot = self.slot(FeedbackKind::Compare);
        self.emit(Insn::TestEqualStrict { lhs: mode, slot });
        self.return_if_true(result);
    }

    /// acc = `result.value` of an iterator result.
    pub(crate) fn result_value(&mut self, result: Reg) {
        let v = self.str_idx("value");
        let slot = self.slot(FeedbackKind::Load);
        self.emit(Insn::GetNamedProperty { obj: result, name: v, slot });
    }

    /// Jumps to `done` when the iterator result `result` is done.
    pub(crate) fn jump_if_result_done(&mut self, result: Reg, done: Label) {
        let d = self.str_idx("done");
        let slot = self.slot(FeedbackKind::Load);
        self.emit(Insn::GetNamedProperty { obj: result, name: d, slot });
        self.jump(Insn::JumpIfToBooleanTrue { target: 0 }, done);
    }
}
