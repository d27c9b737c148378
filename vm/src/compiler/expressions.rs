//! Expressions: literals, operators (with the exact Ignition bytecodes), assignments to every kind of target,
//! conditions that jump directly on comparison results, template literals, optional chains and `new.target`.
//! Calls, `new`, `super(...)` and spread arrays live in `calls.rs`.
//!
//! Invariants:
//! - `expr` leaves the value in the accumulator and releases every temporary it allocated.
//! - Binary operations evaluate the left operand into a fresh register and the right one into the accumulator
//!   (`acc = lhs OP acc`); an int32 literal right operand uses the `...Smi` form when one exists.
//! - The recorded source position of an expression's own throwing instruction is the expression's start.

use super::private_names::name_binding;
use super::*;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::*;

/// An evaluated assignment target (object and key already in registers).
pub(crate) enum Target {
    Var(Name),
    Named(Reg, u16),
    Keyed(Reg, Reg),
    SuperNamed(Reg, u16),
    SuperKeyed(Reg, Reg),
}

pub(crate) fn str_utf16(s: &Str) -> Vec<u16> {
    s.value.as_wtf8().to_ill_formed_utf16().collect()
}

/// JS Number::toString for property keys.
pub(crate) fn number_key(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    let mut b = ryu_js::Buffer::new();
    b.format(n).to_string()
}

fn smi(e: &Expr) -> Option<i32> {
    match e {
        Expr::Lit(Lit::Num(n))
            if n.value.fract() == 0.0
                && n.value.abs() <= i32::MAX as f64
                && !(n.value == 0.0 && n.value.is_sign_negative()) =>
        {
            Some(n.value as i32)
        }
        _ => None,
    }
}

/// The `...Smi` form of a binary operator with an int32 immediate right operand, if one exists.
fn smi_insn(op: BinaryOp, value: i32, slot: u16) -> Option<Insn> {
    Some(match op {
        BinaryOp::Add => Insn::AddSmi { value, slot },
        BinaryOp::Sub => Insn::SubSmi { value, slot },
        BinaryOp::Mul => Insn::MulSmi { value, slot },
        BinaryOp::Mod => Insn::ModSmi { value, slot },
        BinaryOp::BitOr => Insn::BitwiseOrSmi { value, slot },
        BinaryOp::BitAnd => Insn::BitwiseAndSmi { value, slot },
        BinaryOp::LShift => Insn::ShiftLeftSmi { value, slot },
        BinaryOp::RShift => Insn::ShiftRightSmi { value, slot },
        BinaryOp::ZeroFillRShift => Insn::ShiftRightLogicalSmi { value, slot },
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum NullKind {
    Null,
    Undefined,
    Nullish,
}

/// The jump taken when the value in acc is (`when`) / is not (`!when`) null / undefined / nullish.
fn null_jump(k: NullKind, when: bool) -> Insn {
    let target = 0;
    match (k, when) {
        (NullKind::Null, true) => Insn::JumpIfNull { target },
        (NullKind::Null, false) => Insn::JumpIfNotNull { target },
        (NullKind::Undefined, true) => Insn::JumpIfUndefined { target },
        (NullKind::Undefined, false) => Insn::JumpIfNotUndefined { target },
        (NullKind::Nullish, true) => Insn::JumpIfNullish { target },
        (NullKind::Nullish, false) => Insn::JumpIfNotNullish { target },
    }
}

fn is_bool(e: &Expr) -> bool {
    match e {
        Expr::Bin(b) => matches!(
            b.op,
            BinaryOp::EqEq
                | BinaryOp::NotEq
                | BinaryOp::EqEqEq
                | BinaryOp::NotEqEq
                | BinaryOp::Lt
                | BinaryOp::LtEq
                | BinaryOp::Gt
                | BinaryOp::GtEq
                | BinaryOp::In
                | BinaryOp::InstanceOf
        ),
        Expr::Unary(u) => matches!(u.op, UnaryOp::Bang | UnaryOp::Delete),
        Expr::Lit(Lit::Bool(_)) => true,
        Expr::Paren(p) => is_bool(&p.expr),
        _ => false,
    }
}

pub(crate) fn is_anonymous_fn(e: &Expr) -> bool {
    match e {
        Expr::Fn(f) => f.ident.is_none(),
        Expr::Arrow(_) => true,
        Expr::Class(c) => c.ident.is_none(),
        Expr::Paren(p) => is_anonymous_fn(&p.expr),
        _ => false,
    }
}

impl<'a> Compiler<'a> {
    pub fn expr(&mut self, e: &'a Expr) -> R {
        self.enter_depth()?;
        let saved = self.e().pos;
        self.set_pos(scope::e_span(e).lo);
        let m = self.mark();
        let r = self.expr_inner(e);
        self.release(m);
        self.e().pos = saved;
        self.depth -= 1;
        r
    }

    /// A register holding the value of `e` for an operand that is read only after `rest` has been evaluated: a
    /// local variable's own register when it needs no TDZ check and nothing in `rest` can assign it (calls cannot:
    /// register variables are never captured), else a fresh temporary holding a copy.
    pub fn operand_reg(&mut self, e: &'a Expr, rest: &[&Expr]) -> R<Reg> {
        if let Some(r) = self.local_reg(e, rest) {
            return Ok(r);
        }
        self.expr_to_reg(e)
    }

    /// The register of a local variable that can be used in place of a copy of `e` (see `operand_reg`).
    pub fn local_reg(&self, e: &Expr, rest: &[&Expr]) -> Option<Reg> {
        match scope::strip_paren(e) {
            Expr::Ident(i) => self.local_var_reg(&i.sym, rest),
            _ => None,
        }
    }

    /// Whether `undefined` here is the global's (not shadowed by a binding or a `with` object): the constant.
    pub(crate) fn is_global_undefined(&self) -> bool {
        matches!(self.resolve("undefined"), Resolved::Global) && self.with_objects("undefined").is_empty()
    }

    /// The register of local variable `name` if it needs no TDZ check, no `with` object may hold it and `rest`
    /// cannot assign it.
    pub fn local_var_reg(&self, name: &str, rest: &[&Expr]) -> Option<Reg> {
        if let Resolved::Local { reg, kind, init, .. } = self.resolve(name)
            && (!kind.is_lexical() || init)
            && self.with_objects(name).is_empty()
        {
            let mut budget = 4096u32;
            if !rest.iter().any(|r| may_assign(r, name, &mut budget)) {
                return Some(reg);
            }
        }
        None
    }

    /// Evaluates for effect only: a postfix update then needs no copy of the old value.
    pub fn expr_effect(&mut self, e: &'a Expr) -> R {
        match e {
            Expr::Update(u) if !u.prefix => {
                self.enter_depth()?;
                let saved = self.e().pos;
                self.set_pos(u.span.lo);
                let m = self.mark();
                let t = self.prepare_target(&u.arg, &[])?;
                self.load_target(&t);
                let slot = self.slot(FeedbackKind::BinaryOp);
                self.emit(if u.op == UpdateOp::PlusPlus { Insn::Inc { slot } } else { Insn::Dec { slot } });
                self.store_target(&t);
                self.release(m);
                self.e().pos = saved;
                self.depth -= 1;
                Ok(())
            }
            Expr::Paren(p) => self.expr_effect(&p.expr),
            Expr::Seq(s) => {
                for x in &s.exprs {
                    self.expr_effect(x)?;
                }
                Ok(())
            }
            Expr::Unary(u) if u.op == UnaryOp::Void => self.expr_effect(&u.arg),
            Expr::Assign(a) if matches!(a.left, AssignTarget::Pat(_)) => {
                self.enter_depth()?;
                let saved = self.e().pos;
                self.set_pos(a.span.lo);
                let m = self.mark();
                let r = self.assign(a, false);
                self.release(m);
                self.e().pos = saved;
                self.depth -= 1;
                r
            }
            Expr::Cond(c) => {
                let (else_l, end) = (self.label(), self.label());
                self.jump_if_false(&c.test, else_l)?;
                self.expr_effect(&c.cons)?;
                self.jump(Insn::Jump { target: 0 }, end);
                self.bind(else_l);
                self.expr_effect(&c.alt)?;
                self.bind(end);
                Ok(())
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) => {
                // `a && f()` for effect: a plain conditional jump, the right side for effect.
                let end = self.label();
                self.cond_jump(&b.left, end, b.op == BinaryOp::LogicalOr)?;
                self.expr_effect(&b.right)?;
                self.bind(end);
                Ok(())
            }
            _ => self.expr(e),
        }
    }

    /// Evaluates into a fresh register (allocated by the caller's mark).
    pub fn expr_to_reg(&mut self, e: &'a Expr) -> R<Reg> {
        self.expr(e)?;
        let r = self.alloc();
        self.emit(Insn::Star { dst: r });
        Ok(r)
    }

    /// NamedEvaluation: anonymous functions and classes get `name` statically.
    pub fn named_expr(&mut self, e: &'a Expr, name: Vec<u16>) -> R {
        match e {
            Expr::Fn(f) if f.ident.is_none() => {
                let i = self.closure_named(&f.function, name, false)?;
                self.emit(Insn::CreateClosure { idx: i });
                Ok(())
            }
            Expr::Arrow(a) => {
                let i = self.arrow(a, name)?;
                self.emit(Insn::CreateClosure { idx: i });
                Ok(())
            }
            Expr::Class(c) if c.ident.is_none() => {
                let m = self.mark();
                self.class(&c.class, None, name)?;
                self.release(m);
                Ok(())
            }
            Expr::Paren(p) => self.named_expr(&p.expr, name),
            _ => self.expr(e),
        }
    }

    fn expr_inner(&mut self, e: &'a Expr) -> R {
        match e {
            Expr::This(_) => self.load_this(),
            Expr::Lit(l) => self.literal(l)?,
            Expr::Ident(i) => {
                if &i.sym[..] == "undefined" && self.is_global_undefined() {
                    self.emit(Insn::LdaUndefined {});
                } else {
                    self.load_var(&i.sym, false);
                }
            }
            Expr::Paren(p) => self.expr(&p.expr)?,
            Expr::Array(a) => self.array_literal(a)?,
            Expr::Object(o) => self.object_literal(o)?,
            Expr::Fn(f) => {
                let i = self.closure_for(&f.function, f.ident.as_ref(), false)?;
                self.emit(Insn::CreateClosure { idx: i });
            }
            Expr::Arrow(a) => {
                let i = self.arrow(a, vec![])?;
                self.emit(Insn::CreateClosure { idx: i });
            }
            Expr::Class(c) => {
                let name = c.ident.as_ref().map(|i| utf16(&i.sym)).unwrap_or_default();
                self.class(&c.class, c.ident.as_ref(), name)?;
            }
            Expr::Unary(u) => self.unary(u)?,
            Expr::Update(u) => self.update(u)?,
            Expr::Bin(b) => self.binary(b)?,
            Expr::Assign(a) => self.assign(a, true)?,
            Expr::Member(m) => {
                let r = self.operand_reg(&m.obj, &prop_rest(&m.prop))?;
                self.get_member_prop(r, &m.prop)?;
            }
            Expr::SuperProp(sp) => {
                let recv = self.this_reg();
                match &sp.prop {
                    SuperProp::Ident(i) => {
                        let n = self.str_idx(&i.sym);
                        self.emit(Insn::GetSuperNamed { receiver: recv, name: n });
                    }
                    SuperProp::Computed(c) => {
                        self.expr(&c.expr)?;
                        self.emit(Insn::GetSuperKeyed { receiver: recv });
                    }
                }
            }
            Expr::Cond(c) => {
                let (else_l, end) = (self.label(), self.label());
                self.jump_if_false(&c.test, else_l)?;
                self.expr(&c.cons)?;
                self.jump(Insn::Jump { target: 0 }, end);
                self.bind(else_l);
                self.expr(&c.alt)?;
                self.bind(end);
            }
            Expr::Call(c) => match &c.callee {
                Callee::Super(_) => self.super_call(&c.args)?,
                Callee::Import(_) => self.dynamic_import(&c.args)?,
                Callee::Expr(callee) => self.call(callee, &c.args, None)?,
            },
            Expr::New(n) => self.new_expr(n)?,
            Expr::Seq(s) => {
                if let Some((last, init)) = s.exprs.split_last() {
                    for x in init {
                        self.expr_effect(x)?;
                    }
                    self.expr(last)?;
                }
            }
            Expr::Tpl(t) => self.template(t)?,
            Expr::TaggedTpl(t) => self.tagged_template(t)?,
            Expr::MetaProp(m) => match m.kind {
                MetaPropKind::NewTarget => match self.resolve("%new.target") {
                    Resolved::Ctx { depth, slot, .. } if self.f().kind == FunctionKind::Arrow => {
                        self.emit(Insn::LdaContextSlot { depth, slot })
                    }
                    _ => self.emit(Insn::Ldar { src: Reg::NEW_TARGET }),
                },
                MetaPropKind::ImportMeta => self.load_var(modules::IMPORT_META_BINDING, false),
            },
            Expr::OptChain(o) => {
                let (nullish, end) = (self.label(), self.label());
                self.opt_chain(o, nullish)?;
                self.jump(Insn::Jump { target: 0 }, end);
                self.bind(nullish);
                self.emit(Insn::LdaUndefined {});
                self.bind(end);
            }
            Expr::Yield(y) => self.yield_expr(y)?,
            Expr::Await(a) => self.await_expr(a)?,
            // Only as the left operand of `in` (the parser allows it nowhere else): the private name itself.
            Expr::PrivateName(p) => self.load_var(&name_binding(&p.name), false),
            other => return unsupported("this expression", self.pos.of(scope::e_span(other).lo)),
        }
        Ok(())
    }

    fn literal(&mut self, l: &Lit) -> R {
        match l {
            Lit::Num(n) => self.load_number(n.value),
            Lit::Str(s) => {
                let i = self.e().string(str_utf16(s));
                self.emit(Insn::LdaConstant { idx: i });
            }
            Lit::Bool(b) => self.emit(if b.value { Insn::LdaTrue {} } else { Insn::LdaFalse {} }),
            Lit::Null(_) => self.emit(Insn::LdaNull {}),
            Lit::Regex(r) => {
                let pattern = self.str_idx(&r.exp);
                let flags = self.str_idx(&r.flags);
                self.emit(Insn::CreateRegExpLiteral { pattern, flags });
            }
            Lit::BigInt(b) => {
                let idx = self.e().bigint((*b.value).clone());
                self.emit(Insn::LdaConstant { idx });
            }
            _ => return unsupported("this literal", self.here()),
        }
        Ok(())
    }

    pub fn load_number(&mut self, v: f64) {
        if v.fract() == 0.0 && v >= i32::MIN as f64 && v <= i32::MAX as f64 && !(v == 0.0 && v.is_sign_negative()) {
            self.emit(Insn::LdaSmi { value: v as i32 });
        } else {
            let i = self.e().number(v);
            self.emit(Insn::LdaConstant { idx: i });
        }
    }

    /// acc = obj.prop / obj[prop] with the object in `obj`.
    pub fn get_member_prop(&mut self, obj: Reg, prop: &'a MemberProp) -> R {
        match prop {
            MemberProp::Ident(i) => {
                let n = self.str_idx(&i.sym);
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetNamedProperty { obj, name: n, slot });
            }
            MemberProp::Computed(c) => {
                self.expr(&c.expr)?;
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj, slot });
            }
            MemberProp::PrivateName(p) => {
                self.load_var(&name_binding(&p.name), false);
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj, slot });
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------------ conditions

    pub fn jump_if_false(&mut self, e: &'a Expr, l: Label) -> R {
        self.cond_jump(e, l, false)
    }

    #[allow(dead_code)]
    pub fn jump_if_true(&mut self, e: &'a Expr, l: Label) -> R {
        self.cond_jump(e, l, true)
    }

    /// Jumps to `l` when ToBoolean(e) == `when`; falls through otherwise. The accumulator is dead at both
    /// successors (the interpreter's fused Test*+JumpIfTrue/JumpIfFalse does not write it).
    pub(crate) fn cond_jump(&mut self, e: &'a Expr, l: Label, when: bool) -> R {
        match e {
            Expr::Paren(p) => return self.cond_jump(&p.expr, l, when),
            Expr::Unary(u) if u.op == UnaryOp::Bang => return self.cond_jump(&u.arg, l, !when),
            Expr::Lit(Lit::Bool(b)) => {
                if b.value == when {
                    self.jump(Insn::Jump { target: 0 }, l);
                }
                return Ok(());
            }
            Expr::Bin(b) if b.op == BinaryOp::LogicalAnd || b.op == BinaryOp::LogicalOr => {
                let and = b.op == BinaryOp::LogicalAnd;
                if and != when {
                    // (a && b) false -> a false or b false; (a || b) true -> a true or b true
                    self.cond_jump(&b.left, l, when)?;
                    self.cond_jump(&b.right, l, when)?;
                } else {
                    let skip = self.label();
                    self.cond_jump(&b.left, skip, !when)?;
                    self.cond_jump(&b.right, l, when)?;
                    self.bind(skip);
                }
                return Ok(());
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::NotEq | BinaryOp::NotEqEq) => {
                // `a != b` jumps when `a == b` does not: no LogicalNot.
                self.enter_depth()?;
                let saved = self.e().pos;
                self.set_pos(b.span.lo);
                let m = self.mark();
                let null = self.null_compare(b);
                let r = match null {
                    Some((x, _)) => self.expr(x),
                    None => self.equality(b, false),
                };
                self.release(m);
                self.e().pos = saved;
                self.depth -= 1;
                r?;
                let insn = match null {
                    Some((_, k)) => null_jump(k, !when),
                    None if when => Insn::JumpIfFalse { target: 0 },
                    None => Insn::JumpIfTrue { target: 0 },
                };
                self.jump(insn, l);
                return Ok(());
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::EqEq | BinaryOp::EqEqEq) && self.null_compare(b).is_some() => {
                // `x === null` and friends: JumpIfNull / JumpIfUndefined / JumpIfNullish on x.
                let Some((x, k)) = self.null_compare(b) else { unreachable!() };
                self.expr(x)?;
                self.jump(null_jump(k, when), l);
                return Ok(());
            }
            Expr::Seq(s) => {
                if let Some((last, init)) = s.exprs.split_last() {
                    for x in init {
                        self.expr_effect(x)?;
                    }
                    return self.cond_jump(last, l, when);
                }
            }
            _ => {}
        }
        self.expr(e)?;
        let insn = match (is_bool(e), when) {
            (true, true) => Insn::JumpIfTrue { target: 0 },
            (true, false) => Insn::JumpIfFalse { target: 0 },
            (false, true) => Insn::JumpIfToBooleanTrue { target: 0 },
            (false, false) => Insn::JumpIfToBooleanFalse { target: 0 },
        };
        self.jump(insn, l);
        Ok(())
    }

    // ------------------------------------------------------------------ operators

    fn unary(&mut self, u: &'a UnaryExpr) -> R {
        match u.op {
            UnaryOp::TypeOf => {
                match scope::strip_paren(&u.arg) {
                    Expr::Ident(i) => self.load_var(&i.sym, true),
                    _ => self.expr(&u.arg)?,
                }
                self.emit(Insn::TypeOf {});
            }
            UnaryOp::Void => {
                self.expr_effect(&u.arg)?;
                self.emit(Insn::LdaUndefined {});
            }
            UnaryOp::Bang => {
                self.expr(&u.arg)?;
                self.emit(Insn::LogicalNot {});
            }
            UnaryOp::Minus => {
                if let Expr::Lit(Lit::Num(n)) = &*u.arg {
                    self.load_number(-n.value);
                    return Ok(());
                }
                self.expr(&u.arg)?;
                let slot = self.slot(FeedbackKind::BinaryOp);
                self.emit(Insn::Negate { slot });
            }
            UnaryOp::Plus => {
                self.expr(&u.arg)?;
                let slot = self.slot(FeedbackKind::BinaryOp);
                self.emit(Insn::ToNumber { slot });
            }
            UnaryOp::Tilde => {
                self.expr(&u.arg)?;
                let slot = self.slot(FeedbackKind::BinaryOp);
                self.emit(Insn::BitwiseNot { slot });
            }
            UnaryOp::Delete => match scope::strip_paren(&u.arg) {
                Expr::Member(m) => {
                    let obj = self.operand_reg(&m.obj, &prop_rest(&m.prop))?;
                    match &m.prop {
                        MemberProp::Ident(i) => {
                            let n = self.str_idx(&i.sym);
                            self.emit(Insn::LdaConstant { idx: n });
                        }
                        MemberProp::Computed(c) => self.expr(&c.expr)?,
                        MemberProp::PrivateName(p) => {
                            return unsupported("private class members", self.pos.of(p.span.lo));
                        }
                    }
                    self.emit(Insn::DeleteProperty { obj });
                }
                Expr::Ident(i) if !self.with_objects(&i.sym).is_empty() => {
                    let withs = self.with_objects(&i.sym);
                    self.delete_through_with(&i.sym, &withs);
                }
                Expr::Ident(i) => match self.resolve(&i.sym) {
                    Resolved::Global => {
                        let n = self.str_idx(&i.sym);
                        let r = self.alloc();
                        self.emit(Insn::LdaConstant { idx: n });
                        self.emit(Insn::Star { dst: r });
                        self.emit(Insn::CallRuntime { id: RuntimeId::DeleteGlobal as u16, args: r, count: 1 });
                    }
                    _ => self.emit(Insn::LdaFalse {}),
                },
                // A super reference cannot be deleted: `this` is evaluated (a ReferenceError before super() in a
                // derived constructor), then a computed key (not converted), then the ReferenceError.
                Expr::SuperProp(sp) => {
                    self.load_this();
                    if let SuperProp::Computed(c) = &sp.prop {
                        self.expr(&c.expr)?;
                    }
                    let msg = self.str_idx("Unsupported reference to 'super'");
                    let r = self.alloc();
                    self.emit(Insn::LdaConstant { idx: msg });
                    self.emit(Insn::Star { dst: r });
                    self.emit(Insn::CallRuntime { id: RuntimeId::ThrowReferenceError as u16, args: r, count: 1 });
                }
                Expr::OptChain(_) => return unsupported("delete of an optional chain", self.here()),
                other => {
                    self.expr(other)?;
                    self.emit(Insn::LdaTrue {});
                }
            },
        }
        Ok(())
    }

    /// A binary expression. A left-deep chain (`s + a + b + ...`, thousands of operands long in generated code) is
    /// compiled along its left spine without recursion, from the innermost level out, each level finding the value
    /// of its left operand in acc (V8's n-ary operations, for the same reason): only the right operands nest, so
    /// the chain's length does not count against the nesting limit. The bytecode is the same as recursion's.
    fn binary(&mut self, b: &'a BinExpr) -> R {
        let mut spine = Vec::new();
        let mut inner = b;
        while let Expr::Bin(l) = &*inner.left {
            spine.push(inner);
            inner = l;
        }
        if spine.is_empty() {
            return self.binary_level(b, false);
        }
        let saved = self.e().pos;
        for (k, level) in std::iter::once(inner).chain(spine.into_iter().rev()).enumerate() {
            // What `expr` does around each level: its position, and its temporaries released after it.
            self.set_pos(level.span.lo);
            let m = self.mark();
            let r = self.binary_level(level, k > 0);
            self.release(m);
            r?;
        }
        self.e().pos = saved;
        Ok(())
    }

    /// One level of a binary expression; `left_in_acc`: its left operand, a binary expression, is evaluated and in
    /// acc (see `binary`).
    fn binary_level(&mut self, b: &'a BinExpr, left_in_acc: bool) -> R {
        match b.op {
            BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing => {
                let end = self.label();
                if !left_in_acc {
                    self.expr(&b.left)?;
                }
                // Not JumpIfTrue/JumpIfFalse even after a comparison: the interpreter fuses a Test* with a following
                // JumpIfTrue/JumpIfFalse and then does not write the boolean to acc, whose value is used here.
                let j = match b.op {
                    BinaryOp::LogicalAnd => Insn::JumpIfToBooleanFalse { target: 0 },
                    BinaryOp::LogicalOr => Insn::JumpIfToBooleanTrue { target: 0 },
                    _ => Insn::JumpIfNotNullish { target: 0 },
                };
                self.jump(j, end);
                self.expr(&b.right)?;
                self.bind(end);
                return Ok(());
            }
            _ => {}
        }
        if matches!(b.op, BinaryOp::EqEq | BinaryOp::NotEq | BinaryOp::EqEqEq | BinaryOp::NotEqEq) {
            return self.equality(b, left_in_acc).map(|_| {
                if matches!(b.op, BinaryOp::NotEq | BinaryOp::NotEqEq) {
                    self.emit(Insn::LogicalNot {});
                }
            });
        }
        if let Some(v) = smi(&b.right)
            && smi_insn(b.op, 0, 0).is_some()
        {
            if !left_in_acc {
                self.expr(&b.left)?;
            }
            let slot = self.slot(FeedbackKind::BinaryOp);
            let insn = smi_insn(b.op, v, slot).unwrap_or(Insn::Nop {});
            self.emit(insn);
            return Ok(());
        }
        let lhs = self.left_operand(b, left_in_acc)?;
        self.expr(&b.right)?;
        self.binop(b.op, lhs);
        Ok(())
    }

    /// A register holding the left operand of `b`: acc copied to a temporary when the operand is already there,
    /// else `operand_reg`.
    fn left_operand(&mut self, b: &'a BinExpr, left_in_acc: bool) -> R<Reg> {
        if !left_in_acc {
            return self.operand_reg(&b.left, &[&b.right]);
        }
        let r = self.alloc();
        self.emit(Insn::Star { dst: r });
        Ok(r)
    }

    /// acc = (left == right) for `==`/`!=` and (left === right) for `===`/`!==` (the caller negates for `!=`):
    /// comparisons with `null`/`undefined` use TestNull/TestUndefined/TestNullish.
    fn equality(&mut self, b: &'a BinExpr, left_in_acc: bool) -> R {
        if let Some((x, k)) = self.null_compare(b) {
            // With the left operand in acc, it is the operand compared (a binary expression is no null literal).
            if !left_in_acc {
                self.expr(x)?;
            }
            self.emit(match k {
                NullKind::Null => Insn::TestNull {},
                NullKind::Undefined => Insn::TestUndefined {},
                NullKind::Nullish => Insn::TestNullish {},
            });
            return Ok(());
        }
        let lhs = self.left_operand(b, left_in_acc)?;
        self.expr(&b.right)?;
        let op = match b.op {
            BinaryOp::NotEq => BinaryOp::EqEq,
            BinaryOp::NotEqEq => BinaryOp::EqEqEq,
            op => op,
        };
        self.binop(op, lhs);
        Ok(())
    }

    /// For an equality with a `null` / `undefined` operand (`void 0`, or `undefined` when it is the global): the
    /// other operand and what the comparison tests.
    fn null_compare(&self, b: &'a BinExpr) -> Option<(&'a Expr, NullKind)> {
        let strict = match b.op {
            BinaryOp::EqEqEq | BinaryOp::NotEqEq => true,
            BinaryOp::EqEq | BinaryOp::NotEq => false,
            _ => return None,
        };
        let kind = |e: &Expr| match scope::strip_paren(e) {
            Expr::Lit(Lit::Null(_)) => Some(if strict { NullKind::Null } else { NullKind::Nullish }),
            Expr::Unary(u) if u.op == UnaryOp::Void && matches!(scope::strip_paren(&u.arg), Expr::Lit(_)) => {
                Some(if strict { NullKind::Undefined } else { NullKind::Nullish })
            }
            Expr::Ident(i) if &i.sym[..] == "undefined" && self.is_global_undefined() => {
                Some(if strict { NullKind::Undefined } else { NullKind::Nullish })
            }
            _ => None,
        };
        // The literal on the right (the usual form) or on the left: evaluating it has no effect either way.
        if let Some(k) = kind(&b.right) {
            return Some((&b.left, k));
        }
        kind(&b.left).map(|k| (&*b.right, k))
    }

    /// acc = lhs OP acc
    pub fn binop(&mut self, op: BinaryOp, lhs: Reg) {
        use BinaryOp::*;
        let fk = match op {
            EqEq | NotEq | EqEqEq | NotEqEq | Lt | LtEq | Gt | GtEq | In | InstanceOf => FeedbackKind::Compare,
            _ => FeedbackKind::BinaryOp,
        };
        let slot = self.slot(fk);
        let insn = match op {
            Add => Insn::Add { lhs, slot },
            Sub => Insn::Sub { lhs, slot },
            Mul => Insn::Mul { lhs, slot },
            Div => Insn::Div { lhs, slot },
            Mod => Insn::Mod { lhs, slot },
            Exp => Insn::Exp { lhs, slot },
            BitOr => Insn::BitwiseOr { lhs, slot },
            BitXor => Insn::BitwiseXor { lhs, slot },
            BitAnd => Insn::BitwiseAnd { lhs, slot },
            LShift => Insn::ShiftLeft { lhs, slot },
            RShift => Insn::ShiftRight { lhs, slot },
            ZeroFillRShift => Insn::ShiftRightLogical { lhs, slot },
            EqEq | NotEq => Insn::TestEqual { lhs, slot },
            EqEqEq | NotEqEq => Insn::TestEqualStrict { lhs, slot },
            Lt => Insn::TestLessThan { lhs, slot },
            LtEq => Insn::TestLessThanOrEqual { lhs, slot },
            Gt => Insn::TestGreaterThan { lhs, slot },
            GtEq => Insn::TestGreaterThanOrEqual { lhs, slot },
            In => Insn::TestIn { lhs, slot },
            InstanceOf => Insn::TestInstanceOf { lhs, slot },
            LogicalAnd | LogicalOr | NullishCoalescing => Insn::Nop {},
        };
        self.emit(insn);
        if matches!(op, NotEq | NotEqEq) {
            self.emit(Insn::LogicalNot {});
        }
    }

    // ------------------------------------------------------------------ assignment

    /// Evaluates the object/key parts of an assignment target.
    /// `rest`: what is evaluated after the target's parts and before the store (object and key registers may be
    /// the variables' own registers when `rest` cannot assign them).
    pub fn prepare_target(&mut self, e: &'a Expr, rest: &[&Expr]) -> R<Target> {
        match e {
            Expr::Ident(i) => Ok(Target::Var(i.sym.to_string())),
            Expr::Paren(p) => self.prepare_target(&p.expr, rest),
            Expr::Member(m) => self.prepare_member(m, rest),
            Expr::SuperProp(sp) => self.prepare_super(sp),
            _ => {
                Err(CErr { msg: "Invalid left-hand side in assignment".into(), pos: self.pos.of(scope::e_span(e).lo) })
            }
        }
    }

    pub fn prepare_member(&mut self, m: &'a MemberExpr, rest: &[&Expr]) -> R<Target> {
        let mut obj_rest = prop_rest(&m.prop);
        obj_rest.extend_from_slice(rest);
        let obj = self.operand_reg(&m.obj, &obj_rest)?;
        match &m.prop {
            MemberProp::Ident(i) => Ok(Target::Named(obj, self.str_idx(&i.sym))),
            MemberProp::Computed(c) => {
                let k = self.operand_reg(&c.expr, rest)?;
                Ok(Target::Keyed(obj, k))
            }
            MemberProp::PrivateName(p) => {
                let k = self.alloc();
                self.load_var(&name_binding(&p.name), false);
                self.emit(Insn::Star { dst: k });
                Ok(Target::Keyed(obj, k))
            }
        }
    }

    pub(crate) fn prepare_super(&mut self, sp: &'a SuperPropExpr) -> R<Target> {
        let recv = self.this_reg();
        match &sp.prop {
            SuperProp::Ident(i) => Ok(Target::SuperNamed(recv, self.str_idx(&i.sym))),
            SuperProp::Computed(c) => {
                let k = self.expr_to_reg(&c.expr)?;
                Ok(Target::SuperKeyed(recv, k))
            }
        }
    }

    pub fn simple_target(&mut self, t: &'a SimpleAssignTarget, rest: &[&Expr]) -> R<Target> {
        match t {
            SimpleAssignTarget::Ident(b) => Ok(Target::Var(b.id.sym.to_string())),
            SimpleAssignTarget::Member(m) => {
                if let (Expr::This(_), MemberProp::Ident(i)) = (&*m.obj, &m.prop) {
                    let name = self.str_idx(&i.sym);
                    let seen = &mut self.f().this_properties;
                    if !seen.contains(&name) {
                        seen.push(name);
                    }
                }
                self.prepare_member(m, rest)
            }
            SimpleAssignTarget::SuperProp(sp) => self.prepare_super(sp),
            SimpleAssignTarget::Paren(p) => self.prepare_target(&p.expr, rest),
            _ => Err(CErr { msg: "Invalid left-hand side in assignment".into(), pos: self.here() }),
        }
    }

    pub fn load_target(&mut self, t: &Target) {
        match t {
            Target::Var(n) => self.load_var(n, false),
            Target::Named(obj, name) => {
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetNamedProperty { obj: *obj, name: *name, slot });
            }
            Target::Keyed(obj, k) => {
                self.emit(Insn::Ldar { src: *k });
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj: *obj, slot });
            }
            Target::SuperNamed(r, name) => self.emit(Insn::GetSuperNamed { receiver: *r, name: *name }),
            Target::SuperKeyed(r, k) => {
                self.emit(Insn::Ldar { src: *k });
                self.emit(Insn::GetSuperKeyed { receiver: *r });
            }
        }
    }

    pub fn store_target(&mut self, t: &Target) {
        match t {
            Target::Var(n) => self.store_var(n, false),
            Target::Named(obj, name) => {
                let slot = self.slot(FeedbackKind::Store);
                self.emit(Insn::SetNamedProperty { obj: *obj, name: *name, slot });
            }
            Target::Keyed(obj, key) => {
                let slot = self.slot(FeedbackKind::Store);
                self.emit(Insn::SetKeyedProperty { obj: *obj, key: *key, slot });
            }
            Target::SuperNamed(r, name) => self.emit(Insn::SetSuperNamed { receiver: *r, name: *name }),
            Target::SuperKeyed(r, key) => self.emit(Insn::SetSuperKeyed { receiver: *r, key: *key }),
        }
    }

    /// `value`: the assignment's value is used (a destructuring assignment then reloads the right-hand side).
    fn assign(&mut self, a: &'a AssignExpr, value: bool) -> R {
        let t = match &a.left {
            AssignTarget::Simple(s) => self.simple_target(s, &[&a.right])?,
            AssignTarget::Pat(p) => {
                if a.op != AssignOp::Assign {
                    return Err(CErr {
                        msg: "Invalid left-hand side in assignment".into(),
                        pos: self.pos.of(a.span.lo),
                    });
                }
                self.expr(&a.right)?;
                let v = self.alloc();
                self.emit(Insn::Star { dst: v });
                match p {
                    AssignTargetPat::Array(ap) => self.bind_array_pattern(ap, v, false)?,
                    AssignTargetPat::Object(op) => self.bind_object_pattern(op, v, false)?,
                    AssignTargetPat::Invalid(_) => {
                        return Err(CErr {
                            msg: "Invalid left-hand side in assignment".into(),
                            pos: self.pos.of(a.span.lo),
                        });
                    }
                }
                if value {
                    self.emit(Insn::Ldar { src: v });
                }
                return Ok(());
            }
        };
        // NamedEvaluation only for a plain identifier on the left: `(x) = function () {}` leaves the name empty.
        let plain = matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Ident(_)));
        let name = match &t {
            Target::Var(n) if plain => utf16(n),
            _ => vec![],
        };
        match a.op {
            AssignOp::Assign => {
                if let Target::Var(_) = t {
                    self.named_expr(&a.right, name)?;
                } else {
                    self.expr(&a.right)?;
                }
                self.set_pos(a.span.lo);
                self.store_target(&t);
            }
            AssignOp::AndAssign | AssignOp::OrAssign | AssignOp::NullishAssign => {
                let end = self.label();
                self.load_target(&t);
                let j = match a.op {
                    AssignOp::AndAssign => Insn::JumpIfToBooleanFalse { target: 0 },
                    AssignOp::OrAssign => Insn::JumpIfToBooleanTrue { target: 0 },
                    _ => Insn::JumpIfNotNullish { target: 0 },
                };
                self.jump(j, end);
                self.named_expr(&a.right, name)?;
                self.store_target(&t);
                self.bind(end);
            }
            op => {
                let bin = op.to_update().unwrap_or(BinaryOp::Add);
                if let (Some(v), true) = (smi(&a.right), smi_insn(bin, 0, 0).is_some()) {
                    let slot = self.slot(FeedbackKind::BinaryOp);
                    if let Some(insn) = smi_insn(bin, v, slot) {
                        self.load_target(&t);
                        self.set_pos(a.span.lo);
                        self.emit(insn);
                        self.store_target(&t);
                        return Ok(());
                    }
                }
                if let Target::Var(n) = &t
                    && let Some(reg) = self.local_var_reg(n, &[&a.right])
                {
                    // `x op= rhs` with x in a register that rhs cannot assign: x's register is the left operand.
                    self.expr(&a.right)?;
                    self.set_pos(a.span.lo);
                    self.binop(bin, reg);
                    self.store_target(&t);
                    return Ok(());
                }
                self.load_target(&t);
                let old = self.alloc();
                self.emit(Insn::Star { dst: old });
                self.expr(&a.right)?;
                self.set_pos(a.span.lo);
                self.binop(bin, old);
                self.store_target(&t);
            }
        }
        Ok(())
    }

    fn update(&mut self, u: &'a UpdateExpr) -> R {
        let t = self.prepare_target(&u.arg, &[])?;
        self.load_target(&t);
        let slot = self.slot(FeedbackKind::BinaryOp);
        let inc = u.op == UpdateOp::PlusPlus;
        let step = |slot| if inc { Insn::Inc { slot } } else { Insn::Dec { slot } };
        if u.prefix {
            self.emit(step(slot));
            self.store_target(&t);
        } else {
            self.emit(Insn::ToNumeric { slot });
            let old = self.alloc();
            self.emit(Insn::Star { dst: old });
            let slot2 = self.slot(FeedbackKind::BinaryOp);
            self.emit(step(slot2));
            self.store_target(&t);
            self.emit(Insn::Ldar { src: old });
        }
        Ok(())
    }

    // ------------------------------------------------------------------ templates and optional chains

    /// tag`...`: a call of the tag (a method call for a member tag) with the site's template object and the
    /// substitutions. The callee is copied first: a substitution may assign to the variable it came from.
    fn tagged_template(&mut self, t: &'a TaggedTpl) -> R {
        let pos = self.here();
        let (tag, recv) = self.callee_parts(&t.tag, None, &[])?;
        let f = self.alloc();
        self.emit(Insn::Mov { src: tag, dst: f });
        let n = t.tpl.exprs.len() as u16 + 1 + recv.is_some() as u16;
        let block = self.e().alloc_n(n);
        let mut i = 0;
        if let Some(r) = recv {
            self.emit(Insn::Mov { src: r, dst: block });
            i = 1;
        }
        let cooked = t
            .tpl
            .quasis
            .iter()
            .map(|q| q.cooked.as_ref().map(|c| c.as_wtf8().to_ill_formed_utf16().collect()))
            .collect();
        let raw = t.tpl.quasis.iter().map(|q| q.raw.encode_utf16().collect()).collect();
        let idx = self.e().template(cooked, raw);
        self.emit(Insn::LdaConstant { idx });
        self.emit(Insn::Star { dst: Reg(block.0 + i) });
        for e in &t.tpl.exprs {
            i += 1;
            self.expr(e)?;
            self.emit(Insn::Star { dst: Reg(block.0 + i) });
        }
        self.e().pos = pos;
        self.emit_call_insn(f, recv.is_some(), block, n);
        Ok(())
    }

    fn template(&mut self, t: &'a Tpl) -> R {
        let cooked = |q: &TplElement| -> R<Vec<u16>> {
            match &q.cooked {
                Some(c) => Ok(c.as_wtf8().to_ill_formed_utf16().collect()),
                None => Err(CErr { msg: "Invalid escape sequence in template".into(), pos: 0 }),
            }
        };
        let first = match t.quasis.first() {
            Some(q) => cooked(q)?,
            None => vec![],
        };
        let i = self.e().string(first);
        self.emit(Insn::LdaConstant { idx: i });
        if t.exprs.is_empty() {
            return Ok(());
        }
        let acc = self.alloc();
        for (k, e) in t.exprs.iter().enumerate() {
            self.emit(Insn::Star { dst: acc });
            self.expr(e)?;
            self.emit(Insn::ToString {});
            let slot = self.slot(FeedbackKind::BinaryOp);
            self.emit(Insn::Add { lhs: acc, slot });
            if let Some(q) = t.quasis.get(k + 1) {
                let s = cooked(q)?;
                if !s.is_empty() {
                    self.emit(Insn::Star { dst: acc });
                    let i = self.e().string(s);
                    self.emit(Insn::LdaConstant { idx: i });
                    let slot = self.slot(FeedbackKind::BinaryOp);
                    self.emit(Insn::Add { lhs: acc, slot });
                }
            }
        }
        Ok(())
    }

    /// Evaluates an optional-chain segment into acc; jumps to `nullish` when a `?.` base is null/undefined.
    pub(crate) fn opt_chain(&mut self, o: &'a OptChainExpr, nullish: Label) -> R {
        match &*o.base {
            OptChainBase::Member(m) => {
                let obj = self.chain_part_to_reg(&m.obj, nullish)?;
                if o.optional {
                    self.emit(Insn::Ldar { src: obj });
                    self.jump(Insn::JumpIfNullish { target: 0 }, nullish);
                }
                self.get_member_prop(obj, &m.prop)
            }
            OptChainBase::Call(c) => {
                let m = self.mark();
                let (f, recv) = self.callee_parts(&c.callee, Some(nullish), &c.args)?;
                if o.optional {
                    self.emit(Insn::Ldar { src: f });
                    self.jump(Insn::JumpIfNullish { target: 0 }, nullish);
                }
                self.emit_call(f, recv, &c.args)?;
                self.release(m);
                Ok(())
            }
        }
    }

    /// An expression inside a chain: nested optional segments share the chain's short-circuit label.
    pub(crate) fn chain_part_to_reg(&mut self, e: &'a Expr, nullish: Label) -> R<Reg> {
        match e {
            Expr::OptChain(o) => {
                self.opt_chain(o, nullish)?;
                let r = self.alloc();
                self.emit(Insn::Star { dst: r });
                Ok(r)
            }
            Expr::Member(m) if contains_opt(&m.obj) => {
                let obj = self.chain_part_to_reg(&m.obj, nullish)?;
                self.get_member_prop(obj, &m.prop)?;
                let r = self.alloc();
                self.emit(Insn::Star { dst: r });
                Ok(r)
            }
            _ => self.expr_to_reg(e),
        }
    }
}

/// The expressions of a member property that are evaluated after the object (a computed key).
pub(crate) fn prop_rest(p: &MemberProp) -> Vec<&Expr> {
    match p {
        MemberProp::Computed(c) => vec![&*c.expr],
        _ => vec![],
    }
}

/// Conservatively: can evaluating `e` assign the variable `name` of the current function? Nested functions cannot
/// (a variable they assign is captured, hence not in a register); anything not understood, or an expression larger
/// than `budget` nodes, answers yes.
pub(crate) fn may_assign(e: &Expr, name: &str, budget: &mut u32) -> bool {
    if *budget == 0 {
        return true;
    }
    *budget -= 1;
    let any = |es: &mut dyn Iterator<Item = &Expr>, budget: &mut u32| {
        for x in es {
            if may_assign(x, name, budget) {
                return true;
            }
        }
        false
    };
    match e {
        Expr::Lit(_) | Expr::Ident(_) | Expr::This(_) | Expr::MetaProp(_) | Expr::Fn(_) | Expr::Arrow(_) => false,
        Expr::Paren(p) => may_assign(&p.expr, name, budget),
        Expr::Member(m) => member_may_assign(m, name, budget),
        Expr::SuperProp(sp) => match &sp.prop {
            SuperProp::Computed(c) => may_assign(&c.expr, name, budget),
            SuperProp::Ident(_) => false,
        },
        Expr::Unary(u) => may_assign(&u.arg, name, budget),
        Expr::Update(u) => match scope::strip_paren(&u.arg) {
            Expr::Ident(i) => &i.sym[..] == name,
            x => may_assign(x, name, budget),
        },
        Expr::Bin(b) => may_assign(&b.left, name, budget) || may_assign(&b.right, name, budget),
        Expr::Assign(a) => {
            let target = match &a.left {
                AssignTarget::Simple(SimpleAssignTarget::Ident(i)) => &i.id.sym[..] == name,
                AssignTarget::Simple(SimpleAssignTarget::Member(m)) => member_may_assign(m, name, budget),
                AssignTarget::Simple(SimpleAssignTarget::SuperProp(_)) => false,
                AssignTarget::Simple(SimpleAssignTarget::Paren(p)) => match scope::strip_paren(&p.expr) {
                    Expr::Ident(i) => &i.sym[..] == name,
                    x => may_assign(x, name, budget),
                },
                _ => true,
            };
            target || may_assign(&a.right, name, budget)
        }
        Expr::Cond(c) => {
            may_assign(&c.test, name, budget) || may_assign(&c.cons, name, budget) || may_assign(&c.alt, name, budget)
        }
        Expr::Call(c) => {
            let callee = match &c.callee {
                Callee::Expr(x) => may_assign(x, name, budget),
                Callee::Super(_) => false,
                Callee::Import(_) => true,
            };
            callee || any(&mut c.args.iter().map(|a| &*a.expr), budget)
        }
        Expr::New(n) => {
            may_assign(&n.callee, name, budget) || any(&mut n.args.iter().flatten().map(|a| &*a.expr), budget)
        }
        Expr::Seq(s) => any(&mut s.exprs.iter().map(|x| &**x), budget),
        Expr::Tpl(t) => any(&mut t.exprs.iter().map(|x| &**x), budget),
        Expr::Array(a) => any(&mut a.elems.iter().flatten().map(|x| &*x.expr), budget),
        Expr::Object(o) => o.props.iter().any(|p| match p {
            PropOrSpread::Spread(s) => may_assign(&s.expr, name, budget),
            PropOrSpread::Prop(p) => {
                let key = |k: &PropName, budget: &mut u32| match k {
                    PropName::Computed(c) => may_assign(&c.expr, name, budget),
                    _ => false,
                };
                match &**p {
                    Prop::Shorthand(_) => false,
                    Prop::KeyValue(kv) => key(&kv.key, budget) || may_assign(&kv.value, name, budget),
                    Prop::Getter(g) => key(&g.key, budget),
                    Prop::Setter(s) => key(&s.key, budget),
                    Prop::Method(m) => key(&m.key, budget),
                    Prop::Assign(_) => true,
                }
            }
        }),
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => member_may_assign(m, name, budget),
            OptChainBase::Call(c) => {
                may_assign(&c.callee, name, budget) || any(&mut c.args.iter().map(|a| &*a.expr), budget)
            }
        },
        _ => true,
    }
}

fn member_may_assign(m: &MemberExpr, name: &str, budget: &mut u32) -> bool {
    may_assign(&m.obj, name, budget)
        || match &m.prop {
            MemberProp::Computed(c) => may_assign(&c.expr, name, budget),
            _ => false,
        }
}

fn contains_opt(e: &Expr) -> bool {
    match e {
        Expr::OptChain(_) => true,
        Expr::Member(m) => contains_opt(&m.obj),
        _ => false,
    }
}
