//! Calls (`f()`, `o.m()`, optional calls), `new`, `super(...)` and arrays built from spread elements.
//!
//! Invariants:
//! - Arguments live in consecutive registers allocated as one block *before* any argument is evaluated, so nested
//!   evaluation (which allocates above the block) cannot break contiguity.
//! - Property calls put the receiver first in the block and count it (`CallProperty(callee, args, 1 + n)`).
//! - Any spread argument switches to building an array (CreateArrayFromList + AppendSpread) and the *WithSpread
//!   bytecodes.

use super::expressions::prop_rest;
use super::*;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::*;

impl<'a> Compiler<'a> {
    // ------------------------------------------------------------------ calls

    /// Computes callee (and receiver for property calls) into registers.
    /// `args`: the call's arguments (evaluated before the call reads the callee register, and before a spread call
    /// reads the receiver register; a non-spread call copies the receiver before evaluating them).
    pub(crate) fn callee_parts(
        &mut self,
        callee: &'a Expr,
        nullish: Option<Label>,
        args: &[ExprOrSpread],
    ) -> R<(Reg, Option<Reg>)> {
        // A name a `with` object may hold: found there, the object is the receiver.
        if let (Expr::Ident(i), None) = (callee, nullish) {
            let withs = self.with_objects(&i.sym);
            if !withs.is_empty() {
                let recv = self.alloc();
                self.emit(Insn::LdaUndefined {});
                self.emit(Insn::Star { dst: recv });
                self.load_through_with(&i.sym, &withs, false, Some(recv));
                let f = self.alloc();
                self.emit(Insn::Star { dst: f });
                return Ok((f, Some(recv)));
            }
        }
        let opt_member = |e: &Expr| matches!(e, Expr::OptChain(o) if matches!(&*o.base, OptChainBase::Member(_)));
        match callee {
            Expr::Paren(p) if matches!(&*p.expr, Expr::Member(_) | Expr::SuperProp(_)) => {
                self.callee_parts(&p.expr, nullish, args)
            }
            // `(a?.b)()` calls with `a` as this, or calls undefined (a TypeError) when the chain short-circuits;
            // inside an optional call, `(a?.b)?.()`, the short-circuit is the outer chain's.
            Expr::Paren(p) if opt_member(&p.expr) => {
                if nullish.is_some() {
                    return self.callee_parts(&p.expr, nullish, args);
                }
                let (short, end) = (self.label(), self.label());
                let (f, recv) = self.callee_parts(&p.expr, Some(short), args)?;
                self.jump(Insn::Jump { target: 0 }, end);
                self.bind(short);
                self.emit(Insn::LdaUndefined {});
                self.emit(Insn::Star { dst: f });
                if let Some(r) = recv {
                    self.emit(Insn::Star { dst: r });
                }
                self.bind(end);
                Ok((f, recv))
            }
            Expr::Member(m) => {
                let obj = match nullish {
                    Some(l) => self.chain_part_to_reg(&m.obj, l)?,
                    None => {
                        let mut rest = prop_rest(&m.prop);
                        if args.iter().any(|a| a.spread.is_some()) {
                            rest.extend(args.iter().map(|a| &*a.expr));
                        }
                        self.operand_reg(&m.obj, &rest)?
                    }
                };
                self.get_member_prop(obj, &m.prop)?;
                let f = self.alloc();
                self.emit(Insn::Star { dst: f });
                Ok((f, Some(obj)))
            }
            Expr::OptChain(o) if matches!(&*o.base, OptChainBase::Member(_)) && nullish.is_some() => {
                let OptChainBase::Member(m) = &*o.base else { unreachable!() };
                let l = nullish.unwrap_or(Label(0));
                let obj = self.chain_part_to_reg(&m.obj, l)?;
                if o.optional {
                    self.emit(Insn::Ldar { src: obj });
                    self.jump(Insn::JumpIfNullish { target: 0 }, l);
                }
                self.get_member_prop(obj, &m.prop)?;
                let f = self.alloc();
                self.emit(Insn::Star { dst: f });
                Ok((f, Some(obj)))
            }
            Expr::SuperProp(sp) => {
                let recv = self.this_reg();
                let t = self.prepare_super(sp)?;
                self.load_target(&t);
                let f = self.alloc();
                self.emit(Insn::Star { dst: f });
                Ok((f, Some(recv)))
            }
            // A name a `with` object may hold: found there, the object is the receiver.
            _ => {
                let f = match nullish {
                    Some(l) => self.chain_part_to_reg(callee, l)?,
                    None => {
                        let rest: Vec<&Expr> = args.iter().map(|a| &*a.expr).collect();
                        self.operand_reg(callee, &rest)?
                    }
                };
                Ok((f, None))
            }
        }
    }

    pub fn call(&mut self, callee: &'a Expr, args: &'a [ExprOrSpread], nullish: Option<Label>) -> R {
        if nullish.is_none() && super::direct_eval::is_direct_eval_callee(callee) {
            return self.direct_eval_call(callee, args);
        }
        let pos = self.here();
        let (f, recv) = self.callee_parts(callee, nullish, args)?;
        self.e().pos = pos;
        self.emit_call(f, recv, args)
    }

    pub(crate) fn emit_call(&mut self, f: Reg, recv: Option<Reg>, args: &'a [ExprOrSpread]) -> R {
        let pos = self.here();
        if args.iter().any(|a| a.spread.is_some()) {
            let r = match recv {
                Some(r) => r,
                None => {
                    let r = self.alloc();
                    self.emit(Insn::LdaUndefined {});
                    self.emit(Insn::Star { dst: r });
                    r
                }
            };
            self.spread_array(args.iter().map(Some))?;
            self.e().pos = pos;
            let slot = self.slot(FeedbackKind::Call);
            self.emit(Insn::CallWithSpread { callee: f, receiver: r, slot });
            return Ok(());
        }
        let n = args.len() as u16 + recv.is_some() as u16;
        let block = self.e().alloc_n(n.max(1));
        let mut i = 0;
        if let Some(r) = recv {
            self.emit(Insn::Mov { src: r, dst: block });
            i = 1;
        }
        for a in args {
            self.expr(&a.expr)?;
            self.emit(Insn::Star { dst: Reg(block.0 + i) });
            i += 1;
        }
        self.e().pos = pos;
        self.emit_call_insn(f, recv.is_some(), block, n);
        Ok(())
    }

    /// The call of `f` with the `n` argument registers at `block` (the receiver first when `with_receiver`).
    pub(crate) fn emit_call_insn(&mut self, f: Reg, with_receiver: bool, block: Reg, n: u16) {
        let slot = self.slot(FeedbackKind::Call);
        if with_receiver {
            self.emit(Insn::CallProperty { callee: f, args: block, count: n, slot });
        } else {
            self.emit(Insn::CallUndefinedReceiver { callee: f, args: block, count: n, slot });
        }
    }

    /// Evaluates `args` into consecutive fresh registers; returns (first, count).
    pub(crate) fn args_block(&mut self, args: &'a [ExprOrSpread]) -> R<(Reg, u16)> {
        let n = args.len() as u16;
        let block = self.e().alloc_n(n.max(1));
        for (i, a) in args.iter().enumerate() {
            self.expr(&a.expr)?;
            self.emit(Insn::Star { dst: Reg(block.0 + i as i16) });
        }
        Ok((block, n))
    }

    pub(crate) fn new_expr(&mut self, n: &'a NewExpr) -> R {
        let pos = self.here();
        let rest: Vec<&Expr> = n.args.iter().flatten().map(|a| &*a.expr).collect();
        let callee = self.operand_reg(&n.callee, &rest)?;
        let args: &[ExprOrSpread] = n.args.as_deref().unwrap_or(&[]);
        if args.iter().any(|a| a.spread.is_some()) {
            self.spread_array(args.iter().map(Some))?;
            self.e().pos = pos;
            let slot = self.slot(FeedbackKind::Call);
            self.emit(Insn::ConstructWithSpread { callee, slot });
            return Ok(());
        }
        let (block, count) = self.args_block(args)?;
        self.e().pos = pos;
        let slot = self.slot(FeedbackKind::Call);
        self.emit(Insn::Construct { callee, args: block, count, slot });
        Ok(())
    }

    pub(crate) fn super_call(&mut self, args: &'a [ExprOrSpread]) -> R {
        let pos = self.here();
        if args.iter().any(|a| a.spread.is_some()) {
            self.spread_array(args.iter().map(Some))?;
            self.e().pos = pos;
            self.emit(Insn::SuperCallWithSpread {});
        } else {
            let (block, count) = self.args_block(args)?;
            self.e().pos = pos;
            self.emit(Insn::SuperCall { args: block, count });
        }
        self.after_super_call()
    }

    /// acc = an array of the elements (spread elements expanded with AppendSpread).
    pub fn spread_array(&mut self, elems: impl Iterator<Item = Option<&'a ExprOrSpread>>) -> R {
        let elems: Vec<Option<&'a ExprOrSpread>> = elems.collect();
        let m = self.mark();
        let first_spread =
            elems.iter().position(|e| e.map(|e| e.spread.is_some()).unwrap_or(false)).unwrap_or(elems.len());
        if elems.iter().any(|e| e.is_none()) {
            return unsupported("holes in an array literal with spread", self.here());
        }
        let prefix = &elems[..first_spread];
        let arr = self.alloc();
        let block = self.e().alloc_n((prefix.len() as u16).max(1));
        for (i, e) in prefix.iter().enumerate() {
            self.expr(&e.unwrap().expr)?;
            self.emit(Insn::Star { dst: Reg(block.0 + i as i16) });
        }
        self.emit(Insn::CreateArrayFromList { args: block, count: prefix.len() as u16 });
        self.emit(Insn::Star { dst: arr });
        for e in &elems[first_spread..] {
            let e = e.unwrap();
            let pair = self.e().alloc_n(2);
            self.emit(Insn::Mov { src: arr, dst: pair });
            self.expr(&e.expr)?;
            if e.spread.is_none() {
                let t = self.alloc();
                self.emit(Insn::Star { dst: t });
                self.emit(Insn::CreateArrayFromList { args: t, count: 1 });
            }
            self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
            self.emit(Insn::CallRuntime { id: RuntimeId::AppendSpread as u16, args: pair, count: 2 });
        }
        self.emit(Insn::Ldar { src: arr });
        self.release(m);
        Ok(())
    }
}
