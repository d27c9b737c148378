//! Control flow: labels, `break`/`continue`, loops (with per-iteration `let` contexts and `JumpLoop` back-edges),
//! `switch`, for-in/for-of (iterator closing), and try/catch/finally with V8's token scheme.
//!
//! Invariants:
//! - `ctl` is a stack of jump targets; each entry records the chain length when it was pushed, so a jump out pops
//!   exactly the block contexts opened since (one PopContext to the outermost saved context suffices).
//! - A jump that crosses a `finally` records itself in that finally's `jumps` (its token is index + 1), sets the
//!   token register and jumps to the finally body; the dispatch after the body continues the jump from there. Token
//!   0 is fall-through, -1 is "rethrow the value register".
//! - Handlers are pushed after the code they cover has been compiled, so inner handlers precede outer ones.

use super::scope::{T_BLOCK, T_CATCH, T_FOR, T_SWITCH, key};
use super::*;
use crate::bytecode::{Handler, RuntimeId};
use swc_ecma_ast::*;

impl<'a> Compiler<'a> {
    pub fn control(&mut self, s: &'a Stmt, mut labels: Vec<Name>) -> R {
        match s {
            Stmt::Labeled(l) => {
                labels.push(l.label.sym.to_string());
                match &*l.body {
                    Stmt::Labeled(_)
                    | Stmt::While(_)
                    | Stmt::DoWhile(_)
                    | Stmt::For(_)
                    | Stmt::ForIn(_)
                    | Stmt::ForOf(_) => self.control(&l.body, labels),
                    body => {
                        // A labelled non-loop statement: only `break label` targets it.
                        let brk = self.label();
                        self.push_ctl(CtlKind::Breakable {
                            labels,
                            brk,
                            cont: None,
                            iter: None,
                            unlabeled_break: false,
                        });
                        let r = self.stmt(body);
                        self.f().ctl.pop();
                        self.bind(brk);
                        r
                    }
                }
            }
            Stmt::Break(b) => {
                let t = self.find_target(b.label.as_ref().map(|l| &l.sym[..]), false);
                match t {
                    Some(i) => {
                        self.do_jump(Jump::Break(i));
                        Ok(())
                    }
                    None => Err(CErr { msg: "Illegal break statement".into(), pos: self.pos.of(b.span.lo) }),
                }
            }
            Stmt::Continue(c) => {
                let t = self.find_target(c.label.as_ref().map(|l| &l.sym[..]), true);
                match t {
                    Some(i) => {
                        self.do_jump(Jump::Continue(i));
                        Ok(())
                    }
                    None => Err(CErr { msg: "Illegal continue statement".into(), pos: self.pos.of(c.span.lo) }),
                }
            }
            Stmt::While(w) => {
                self.completion_reset();
                let (brk, cont) = (self.label(), self.label());
                let header = self.e().pc();
                self.jump_if_false(&w.test, brk)?;
                self.loop_body(&w.body, labels, brk, cont, None)?;
                // `continue` jumps forward to the back-edge, so every backward jump is a JumpLoop.
                self.bind(cont);
                self.jump_loop(header);
                self.bind(brk);
                Ok(())
            }
            Stmt::DoWhile(w) => {
                self.completion_reset();
                let (brk, cont, top) = (self.label(), self.label(), self.label());
                self.bind(top);
                let header = self.e().pc();
                self.loop_body(&w.body, labels, brk, cont, None)?;
                self.bind(cont);
                let exit = self.label();
                self.jump_if_false(&w.test, exit)?;
                self.jump_loop(header);
                self.bind(exit);
                self.bind(brk);
                Ok(())
            }
            Stmt::For(f) => {
                self.completion_reset();
                self.for_stmt(f, labels)
            }
            Stmt::ForIn(f) => {
                self.completion_reset();
                self.for_in_of(f.span, &f.left, &f.right, &f.body, labels, LoopKind::In)
            }
            Stmt::ForOf(f) => {
                self.completion_reset();
                let kind = if f.is_await { LoopKind::AwaitOf } else { LoopKind::Of };
                self.for_in_of(f.span, &f.left, &f.right, &f.body, labels, kind)
            }
            Stmt::Switch(sw) => {
                self.completion_reset();
                self.switch(sw, labels)
            }
            Stmt::Try(t) => {
                self.completion_reset();
                self.try_stmt(t)
            }
            _ => self.stmt(s),
        }
    }

    fn push_ctl(&mut self, kind: CtlKind) {
        let chain_len = self.chain.len();
        self.f().ctl.push(Ctl { kind, chain_len });
    }

    fn find_target(&mut self, label: Option<&str>, is_continue: bool) -> Option<usize> {
        let ctl = &self.f().ctl;
        for (i, c) in ctl.iter().enumerate().rev() {
            if let CtlKind::Breakable { labels, cont, unlabeled_break, .. } = &c.kind {
                let ok_kind = if is_continue { cont.is_some() } else { label.is_some() || *unlabeled_break };
                let ok_label = match label {
                    Some(l) => labels.iter().any(|x| x == l),
                    None => true,
                };
                if ok_kind && ok_label {
                    return Some(i);
                }
            }
        }
        None
    }

    pub(crate) fn jump_loop(&mut self, header: u32) {
        let depth = self.f().loop_depth;
        self.emit(Insn::JumpLoop { target: header, depth });
    }

    fn loop_body(
        &mut self,
        body: &'a Stmt,
        labels: Vec<Name>,
        brk: Label,
        cont: Label,
        iter: Option<(Reg, bool)>,
    ) -> R {
        self.push_ctl(CtlKind::Breakable { labels, brk, cont: Some(cont), iter, unlabeled_break: true });
        self.f().loop_depth += 1;
        let r = self.stmt(body);
        self.f().loop_depth -= 1;
        self.f().ctl.pop();
        r
    }

    /// Emits a break/continue/return from the current position (acc holds the return value for `Return`).
    pub fn do_jump(&mut self, j: Jump) {
        let target = match j {
            Jump::Break(i) | Jump::Continue(i) => i,
            Jump::Return => usize::MAX,
        };
        let n = self.f().ctl.len();
        let mut k = n;
        while k > 0 {
            k -= 1;
            if target != usize::MAX && k < target {
                break;
            }
            let chain_len = self.f().ctl[k].chain_len;
            match &self.f().ctl[k].kind {
                CtlKind::Finally { tok, val, entry, .. } => {
                    let (tok, val, entry) = (*tok, *val, *entry);
                    self.pop_contexts_to(chain_len);
                    let token = {
                        let CtlKind::Finally { jumps, .. } = &mut self.f().ctl[k].kind else { unreachable!() };
                        jumps.push(j);
                        jumps.len() as i32
                    };
                    if j == Jump::Return {
                        self.emit(Insn::Star { dst: val });
                    }
                    self.emit(Insn::LdaSmi { value: token });
                    self.emit(Insn::Star { dst: tok });
                    // Inside the finally dispatch the remaining part of the jump is emitted with this entry popped.
                    self.jump(Insn::Jump { target: 0 }, entry);
                    return;
                }
                CtlKind::Breakable { iter: Some((it, is_async)), .. } => {
                    let (it, is_async) = (*it, *is_async);
                    let close = !(k == target && matches!(j, Jump::Continue(_)));
                    if close && is_async {
                        let m = self.mark();
                        let saved = self.alloc();
                        // The return value (or whatever acc holds) survives the close.
                        self.emit(Insn::Star { dst: saved });
                        self.async_iterator_close(it);
                        self.emit(Insn::Ldar { src: saved });
                        self.release(m);
                    } else if close {
                        self.emit(Insn::IteratorClose { iter: it });
                    }
                }
                _ => {}
            }
        }
        match j {
            Jump::Return => self.emit_return(),
            Jump::Break(i) | Jump::Continue(i) => {
                let chain_len = self.f().ctl[i].chain_len;
                self.pop_contexts_to(chain_len);
                let CtlKind::Breakable { brk, cont, .. } = &self.f().ctl[i].kind else { return };
                let l = if let Jump::Break(_) = j { *brk } else { cont.unwrap_or(*brk) };
                self.jump(Insn::Jump { target: 0 }, l);
            }
        }
    }

    fn for_stmt(&mut self, f: &'a ForStmt, labels: Vec<Name>) -> R {
        let sid = self.analysis.map.get(&key(f.span, T_FOR)).copied();
        let m = self.mark();
        let sidx = self.enter_scope(sid, false);
        let per_iteration = self.chain[sidx].has_ctx;
        match &f.init {
            Some(VarDeclOrExpr::VarDecl(v)) => self.var_decl(v)?,
            Some(VarDeclOrExpr::Expr(e)) => self.expr_effect(e)?,
            None => {}
        }
        let (brk, cont) = (self.label(), self.label());
        if per_iteration {
            // CreatePerIterationEnvironment: each iteration's closures see their own copy.
            self.emit(Insn::CloneBlockContext {});
        }
        let header = self.e().pc();
        if let Some(t) = &f.test {
            self.jump_if_false(t, brk)?;
        }
        self.loop_body(&f.body, labels, brk, cont, None)?;
        self.bind(cont);
        if per_iteration {
            self.emit(Insn::CloneBlockContext {});
        }
        if let Some(u) = &f.update {
            self.expr_effect(u)?;
        }
        self.jump_loop(header);
        self.bind(brk);
        self.exit_scope();
        self.release(m);
        Ok(())
    }

    fn for_in_of(
        &mut self,
        span: swc_common::Span,
        left: &'a ForHead,
        right: &'a Expr,
        body: &'a Stmt,
        labels: Vec<Name>,
        kind: LoopKind,
    ) -> R {
        let of = kind != LoopKind::In;
        let sid = self.analysis.map.get(&key(span, T_FOR)).copied();
        let m = self.mark();
        // The right-hand side sees the head's bindings in TDZ.
        self.enter_scope(sid, false);
        self.expr(right)?;
        self.exit_scope();
        let iter = self.alloc();
        let ctx = self.alloc();
        self.set_pos(scope::e_span(right).lo);
        // `for await`: the iterator's `next` method, read once.
        let next = (kind == LoopKind::AwaitOf).then(|| self.alloc());
        match kind {
            LoopKind::In => self.emit(Insn::ForInPrepare {}),
            LoopKind::Of => self.emit(Insn::GetIterator {}),
            LoopKind::AwaitOf => {
                self.emit(Insn::Star { dst: iter });
                self.emit(Insn::CallRuntime { id: RuntimeId::GetAsyncIterator as u16, args: iter, count: 1 });
            }
        }
        self.emit(Insn::Star { dst: iter });
        if let Some(next) = next {
            let n = self.str_idx("next");
            let slot = self.slot(FeedbackKind::Load);
            self.emit(Insn::GetNamedProperty { obj: iter, name: n, slot });
            self.emit(Insn::Star { dst: next });
        }
        self.emit(Insn::Mov { src: Reg::CONTEXT, dst: ctx });
        let (brk, cont) = (self.label(), self.label());
        self.bind(cont);
        let header = self.e().pc();
        match (kind, next) {
            (LoopKind::AwaitOf, Some(next)) => self.async_iterator_step(iter, next, brk),
            (LoopKind::In, _) => self.jump(Insn::ForInNext { iter, done: 0 }, brk),
            _ => self.jump(Insn::IteratorNext { iter, done: 0 }, brk),
        }
        let start = self.e().pc();
        let m2 = self.mark();
        let value = self.alloc();
        self.emit(Insn::Star { dst: value });
        let it = of.then_some((iter, kind == LoopKind::AwaitOf));
        let inner_cont = self.label();
        // The target is pushed outside the per-iteration scope, so break/continue pop its context.
        self.push_ctl(CtlKind::Breakable { labels, brk, cont: Some(inner_cont), iter: it, unlabeled_break: true });
        self.f().loop_depth += 1;
        self.enter_scope(sid, false);
        self.emit(Insn::Ldar { src: value });
        let r = (|| -> R {
            match left {
                ForHead::VarDecl(v) => match v.decls.first() {
                    Some(d) => self.bind_pattern(&d.name, true)?,
                    None => return unsupported("empty for-in/of head", self.here()),
                },
                ForHead::Pat(p) => self.bind_pattern(p, false)?,
                ForHead::UsingDecl(_) => return unsupported("using declarations", self.here()),
            }
            self.stmt(body)
        })();
        r?;
        self.exit_scope();
        self.f().loop_depth -= 1;
        self.f().ctl.pop();
        self.bind(inner_cont);
        self.release(m2);
        let end = self.e().pc();
        self.jump_loop(header);
        if of {
            // A throw from the body closes the iterator, then propagates. The close has its own handler: if
            // `return()` throws (or returns a non-object), that error is discarded and the original one wins.
            let handler = self.e().pc();
            let t = self.alloc();
            self.emit(Insn::Star { dst: t });
            let close_start = self.e().pc();
            if kind == LoopKind::AwaitOf {
                self.async_iterator_close(iter);
            } else {
                self.emit(Insn::IteratorClose { iter });
            }
            let rethrow = self.e().pc();
            self.emit(Insn::Ldar { src: t });
            self.emit(Insn::ReThrow {});
            self.e().handlers.push(Handler { start, end, handler, context: ctx });
            self.e().handlers.push(Handler { start: close_start, end: rethrow, handler: rethrow, context: ctx });
        }
        self.bind(brk);
        self.release(m);
        Ok(())
    }

    fn switch(&mut self, sw: &'a SwitchStmt, labels: Vec<Name>) -> R {
        let m = self.mark();
        self.expr(&sw.discriminant)?;
        let d = self.alloc();
        self.emit(Insn::Star { dst: d });
        let sid = self.analysis.map.get(&key(sw.span, T_SWITCH)).copied();
        self.enter_scope(sid, false);
        for c in &sw.cases {
            self.hoist_functions(&c.cons)?;
        }
        let brk = self.label();
        let case_labels: Vec<Label> = sw.cases.iter().map(|_| self.e().new_label()).collect();
        let mut default = None;
        for (i, c) in sw.cases.iter().enumerate() {
            match &c.test {
                Some(t) => {
                    self.expr(t)?;
                    let slot = self.slot(FeedbackKind::Compare);
                    self.emit(Insn::TestEqualStrict { lhs: d, slot });
                    self.jump(Insn::JumpIfTrue { target: 0 }, case_labels[i]);
                }
                None => default = Some(case_labels[i]),
            }
        }
        self.jump(Insn::Jump { target: 0 }, default.unwrap_or(brk));
        self.push_ctl(CtlKind::Breakable { labels, brk, cont: None, iter: None, unlabeled_break: true });
        for (i, c) in sw.cases.iter().enumerate() {
            self.bind(case_labels[i]);
            for s in &c.cons {
                self.stmt(s)?;
            }
        }
        self.f().ctl.pop();
        self.bind(brk);
        self.exit_scope();
        self.release(m);
        Ok(())
    }

    fn try_stmt(&mut self, t: &'a TryStmt) -> R {
        let m = self.mark();
        let ctx = self.alloc();
        self.emit(Insn::Mov { src: Reg::CONTEXT, dst: ctx });
        let fin = t.finalizer.as_ref().map(|_| (self.alloc(), self.alloc(), self.e().new_label()));
        if let Some((tok, val, entry)) = fin {
            self.push_ctl(CtlKind::Finally { tok, val, entry, jumps: vec![] });
        }
        let outer_start = self.e().pc();
        match &t.handler {
            Some(h) => {
                let start = self.e().pc();
                self.block(&t.block.stmts, key(t.block.span, T_BLOCK))?;
                let end = self.e().pc();
                let after = self.label();
                self.jump(Insn::Jump { target: 0 }, after);
                let handler = self.e().pc();
                self.e().handlers.push(Handler { start, end, handler, context: ctx });
                let m2 = self.mark();
                let exc = self.alloc();
                self.emit(Insn::Star { dst: exc });
                self.completion_reset();
                let sid = self.analysis.map.get(&key(h.span, T_CATCH)).copied();
                self.enter_scope(sid, false);
                if let Some(p) = &h.param {
                    self.emit(Insn::Ldar { src: exc });
                    self.bind_pattern(p, true)?;
                }
                self.block(&h.body.stmts, key(h.body.span, T_BLOCK))?;
                self.exit_scope();
                self.release(m2);
                self.bind(after);
            }
            None => self.block(&t.block.stmts, key(t.block.span, T_BLOCK))?,
        }
        if let (Some((tok, val, entry)), Some(fb)) = (fin, &t.finalizer) {
            let outer_end = self.e().pc();
            self.emit(Insn::LdaSmi { value: 0 });
            self.emit(Insn::Star { dst: tok });
            self.jump(Insn::Jump { target: 0 }, entry);
            let handler = self.e().pc();
            self.emit(Insn::Star { dst: val });
            self.emit(Insn::LdaSmi { value: -1 });
            self.emit(Insn::Star { dst: tok });
            self.e().handlers.push(Handler { start: outer_start, end: outer_end, handler, context: ctx });
            let Some(Ctl { kind: CtlKind::Finally { jumps, .. }, .. }) = self.f().ctl.pop() else {
                return Err(CErr { msg: "internal: finally".into(), pos: self.here() });
            };
            self.bind(entry);
            let saved = self.f().completion.map(|r| (r, self.alloc()));
            if let Some((r, t)) = saved {
                self.emit(Insn::Mov { src: r, dst: t });
            }
            self.block(&fb.stmts, key(fb.span, T_BLOCK))?;
            if let Some((r, t)) = saved {
                self.emit(Insn::Mov { src: t, dst: r });
            }
            // Dispatch on the token.
            let done = self.label();
            let targets: Vec<Label> = jumps.iter().map(|_| self.e().new_label()).collect();
            for (i, l) in targets.iter().enumerate() {
                self.emit(Insn::LdaSmi { value: i as i32 + 1 });
                let slot = self.slot(FeedbackKind::Compare);
                self.emit(Insn::TestEqualStrict { lhs: tok, slot });
                self.jump(Insn::JumpIfTrue { target: 0 }, *l);
            }
            self.emit(Insn::LdaSmi { value: -1 });
            let slot = self.slot(FeedbackKind::Compare);
            self.emit(Insn::TestEqualStrict { lhs: tok, slot });
            self.jump(Insn::JumpIfFalse { target: 0 }, done);
            self.emit(Insn::Ldar { src: val });
            self.emit(Insn::ReThrow {});
            for (j, l) in jumps.iter().zip(targets) {
                self.bind(l);
                if *j == Jump::Return {
                    self.emit(Insn::Ldar { src: val });
                }
                self.do_jump(*j);
            }
            self.bind(done);
        }
        self.release(m);
        Ok(())
    }
}

/// What a for-in/of loop iterates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoopKind {
    In,
    Of,
    AwaitOf,
}

impl<'a> Compiler<'a> {
    /// One step of a `for await` loop: acc = the value of Await(next()), or a jump to `done` when it is done.
    fn async_iterator_step(&mut self, iter: Reg, next: Reg, done: Label) {
        let m = self.mark();
        let result = self.alloc();
        let slot = self.slot(FeedbackKind::Call);
        self.emit(Insn::CallProperty { callee: next, args: iter, count: 1, slot });
        self.await_acc();
        self.emit(Insn::Star { dst: result });
        self.emit(Insn::CallRuntime { id: RuntimeId::ThrowIfNotObject as u16, args: result, count: 1 });
        self.jump_if_result_done(result, done);
        self.result_value(result);
        self.release(m);
    }

    /// AsyncIteratorClose: calls the iterator's `return` (if any), awaits its result and checks it is an object.
    pub(crate) fn async_iterator_close(&mut self, iter: Reg) {
        let m = self.mark();
        let f = self.alloc();
        let skip = self.label();
        self.emit(Insn::CallRuntime { id: RuntimeId::GetIteratorReturn as u16, args: iter, count: 1 });
        self.jump(Insn::JumpIfUndefined { target: 0 }, skip);
        self.emit(Insn::Star { dst: f });
        let slot = self.slot(FeedbackKind::Call);
        self.emit(Insn::CallProperty { callee: f, args: iter, count: 1, slot });
        self.await_acc();
        self.emit(Insn::Star { dst: f });
        self.emit(Insn::CallRuntime { id: RuntimeId::ThrowIfNotObject as u16, args: f, count: 1 });
        self.bind(skip);
        self.release(m);
    }
}
