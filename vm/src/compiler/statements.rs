//! Statements: blocks and declarations, `if`, expression statements, `return`, `throw`, `debugger`.
//! Loops, `switch`, labels, `break`/`continue` and `try` are in `control.rs`.
//!
//! Invariants: statements leave no temporaries allocated (each one brackets its registers with mark/release),
//! and the accumulator holds nothing meaningful between statements.

use super::functions::fn_decl;
use super::scope::{T_BLOCK, key};
use super::*;
use swc_ecma_ast::*;

impl<'a> Compiler<'a> {
    pub fn stmt(&mut self, s: &'a Stmt) -> R {
        self.enter_depth()?;
        let m = self.mark();
        let r = self.stmt_inner(s);
        self.release(m);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> R {
        self.set_pos(scope::s_span(s).lo);
        match s {
            Stmt::Block(b) => self.block(&b.stmts, key(b.span, T_BLOCK)),
            Stmt::Empty(_) => Ok(()),
            Stmt::Debugger(_) => {
                self.emit(Insn::Debugger {});
                Ok(())
            }
            Stmt::With(w) => self.with_statement(w),
            Stmt::Return(r) => {
                match &r.arg {
                    Some(a) => {
                        self.expr(a)?;
                        self.await_return_value();
                    }
                    None => self.emit(Insn::LdaUndefined {}),
                }
                self.do_jump(Jump::Return);
                Ok(())
            }
            Stmt::Throw(t) => {
                self.expr(&t.arg)?;
                self.set_pos(t.span.lo);
                self.emit(Insn::Throw {});
                Ok(())
            }
            Stmt::Expr(e) => match self.f().completion {
                Some(r) => {
                    self.set_pos(e.span.lo);
                    self.expr(&e.expr)?;
                    self.emit(Insn::Star { dst: r });
                    Ok(())
                }
                None => self.expr_effect(&e.expr),
            },
            Stmt::If(i) => {
                self.completion_reset();
                let else_l = self.label();
                self.jump_if_false(&i.test, else_l)?;
                self.stmt(&i.cons)?;
                if let Some(alt) = &i.alt {
                    let end = self.label();
                    self.jump(Insn::Jump { target: 0 }, end);
                    self.bind(else_l);
                    self.stmt(alt)?;
                    self.bind(end);
                } else {
                    self.bind(else_l);
                }
                Ok(())
            }
            Stmt::Decl(d) => match d {
                Decl::Var(v) => self.var_decl(v),
                Decl::Fn(f) => self.fn_decl_stmt(f),
                Decl::Class(c) => {
                    self.class(&c.class, Some(&c.ident), display_name(&c.ident.sym))?;
                    self.store_var(&c.ident.sym, true);
                    Ok(())
                }
                _ => unsupported("this declaration", self.here()),
            },
            Stmt::Labeled(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::While(_)
            | Stmt::DoWhile(_)
            | Stmt::For(_)
            | Stmt::ForIn(_)
            | Stmt::ForOf(_)
            | Stmt::Switch(_)
            | Stmt::Try(_) => self.control(s, vec![]),
        }
    }

    /// Completion values of statements (scripts and eval code, the only code whose completion is observable): every
    /// expression statement stores its value in the function's completion register, and the statements whose
    /// completion is never empty (if, loops, switch, try, a catch block) set it to undefined where they start, so
    /// that what they leave is the spec's UpdateEmpty(inner completion, undefined); a finally block's value is
    /// dropped (the register is saved and restored around it). Declarations and empty statements leave it as is.
    pub(crate) fn completion_reset(&mut self) {
        if let Some(r) = self.f().completion {
            self.emit(Insn::LdaUndefined {});
            self.emit(Insn::Star { dst: r });
        }
    }

    /// A function declaration is hoisted; at its position only the Annex B var assignment remains.
    fn fn_decl_stmt(&mut self, f: &'a FnDecl) -> R {
        let name = &f.ident.sym[..];
        let Some(top) = self.chain.len().checked_sub(1) else { return Ok(()) };
        let annex_b = self.chain[top]
            .sid
            .and_then(|sid| self.analysis.scopes[sid].lookup(name))
            .map(|b| b.annex_b)
            .unwrap_or(false);
        if annex_b {
            self.load_var(name, false);
            self.chain[top].hidden = true;
            self.store_var(name, true);
            self.chain[top].hidden = false;
        }
        Ok(())
    }

    pub fn block(&mut self, stmts: &'a [Stmt], k: (u32, u32, u8)) -> R {
        let sid = self.analysis.map.get(&k).copied();
        let m = self.mark();
        self.enter_scope(sid, false);
        self.hoist_functions(stmts)?;
        for s in stmts {
            self.stmt(s)?;
        }
        self.exit_scope();
        self.release(m);
        Ok(())
    }

    pub fn var_decl(&mut self, v: &'a VarDecl) -> R {
        for d in &v.decls {
            self.set_pos(d.span.lo);
            match &d.init {
                Some(init) => {
                    let name = match &d.name {
                        Pat::Ident(b) => display_name(&b.id.sym),
                        _ => vec![],
                    };
                    self.named_expr(init, name)?;
                    self.bind_pattern(&d.name, true)?;
                }
                None => {
                    if v.kind == VarDeclKind::Var {
                        continue;
                    }
                    // `let x;` initialises to undefined (ends the TDZ).
                    self.emit(Insn::LdaUndefined {});
                    self.bind_pattern(&d.name, true)?;
                }
            }
        }
        Ok(())
    }

    /// True if the statement list declares a function at this level (used by callers that hoist).
    #[allow(dead_code)]
    pub fn has_fn_decl(stmts: &[Stmt]) -> bool {
        stmts.iter().any(|s| fn_decl(s).is_some())
    }
}
