//! Destructuring: binding patterns (declarations, parameters, catch, for-in/of heads) and assignment patterns,
//! with defaults and nesting. Arrays go through the iterator protocol, objects through property loads.
//!
//! Invariants:
//! - `bind_pattern` takes the value in the accumulator; `init` = true for declarations (no TDZ/const checks, marks
//!   the binding initialised), false for assignment patterns (targets may be any member expression).
//! - An array pattern closes its iterator unless the iterator reported completion.

use super::expressions::{Target, is_anonymous_fn, number_key, str_utf16};
use super::*;
use crate::bytecode::Handler;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::*;

impl<'a> Compiler<'a> {
    pub fn bind_pattern(&mut self, p: &'a Pat, init: bool) -> R {
        self.enter_depth()?;
        let m = self.mark();
        let r = self.bind_pattern_inner(p, init);
        self.release(m);
        self.depth -= 1;
        r
    }

    fn bind_pattern_inner(&mut self, p: &'a Pat, init: bool) -> R {
        match p {
            Pat::Ident(b) => {
                self.store_var(&b.id.sym, init);
                Ok(())
            }
            Pat::Assign(a) => {
                let l = self.label();
                self.jump(Insn::JumpIfNotUndefined { target: 0 }, l);
                let name = match &*a.left {
                    Pat::Ident(b) => utf16(&b.id.sym),
                    _ => vec![],
                };
                self.named_expr(&a.right, name)?;
                self.bind(l);
                self.bind_pattern(&a.left, init)
            }
            Pat::Array(ap) => {
                let v = self.alloc();
                self.emit(Insn::Star { dst: v });
                self.bind_array_pattern(ap, v, init)
            }
            Pat::Object(op) => {
                let v = self.alloc();
                self.emit(Insn::Star { dst: v });
                self.bind_object_pattern(op, v, init)
            }
            Pat::Expr(e) => {
                let v = self.alloc();
                self.emit(Insn::Star { dst: v });
                let t = self.prepare_target(e, &[])?;
                self.emit(Insn::Ldar { src: v });
                self.store_target(&t);
                Ok(())
            }
            Pat::Rest(r) => Err(CErr { msg: "Rest element must be last element".into(), pos: self.pos.of(r.span.lo) }),
            Pat::Invalid(i) => Err(CErr { msg: "Invalid destructuring target".into(), pos: self.pos.of(i.span.lo) }),
        }
    }

    /// Array destructuring. `done` is true while the iterator must not be closed: before each step (a `next` or
    /// `value` that throws leaves it unclosed) and once it is exhausted; an exception anywhere else (a target, a
    /// default, a nested pattern) closes it, discarding any error of `return()`, and propagates.
    pub fn bind_array_pattern(&mut self, ap: &'a ArrayPat, v: Reg, init: bool) -> R {
        let iter = self.alloc();
        let done = self.alloc();
        let ctx = self.alloc();
        self.emit(Insn::Ldar { src: v });
        self.set_pos(ap.span.lo);
        self.emit(Insn::GetIterator {});
        self.emit(Insn::Star { dst: iter });
        self.emit(Insn::LdaFalse {});
        self.emit(Insn::Star { dst: done });
        self.emit(Insn::Mov { src: Reg::CONTEXT, dst: ctx });
        let start = self.e().pc();
        for el in &ap.elems {
            match el {
                Some(Pat::Rest(r)) => {
                    let arr = self.alloc();
                    let idx = self.alloc();
                    let target = self.early_target(&r.arg, init)?;
                    self.emit(Insn::CreateEmptyArrayLiteral { capacity: 0 });
                    self.emit(Insn::Star { dst: arr });
                    self.emit(Insn::LdaSmi { value: 0 });
                    self.emit(Insn::Star { dst: idx });
                    let end = self.label();
                    self.emit(Insn::Ldar { src: done });
                    self.jump(Insn::JumpIfTrue { target: 0 }, end);
                    self.emit(Insn::LdaTrue {});
                    self.emit(Insn::Star { dst: done });
                    let header = self.e().pc();
                    self.jump(Insn::IteratorNext { iter, done: 0 }, end);
                    let slot = self.slot(FeedbackKind::Store);
                    self.emit(Insn::StaInArrayLiteral { array: arr, index: idx, slot });
                    self.emit(Insn::Ldar { src: idx });
                    let slot = self.slot(FeedbackKind::BinaryOp);
                    self.emit(Insn::Inc { slot });
                    self.emit(Insn::Star { dst: idx });
                    let depth = self.f().loop_depth;
                    self.emit(Insn::JumpLoop { target: header, depth });
                    self.bind(end);
                    self.emit(Insn::Ldar { src: arr });
                    match target {
                        Some(t) => self.store_target(&t),
                        None => self.bind_pattern(&r.arg, init)?,
                    }
                }
                _ => {
                    let (undef, exhausted, have) = (self.label(), self.label(), self.label());
                    let target = match el {
                        Some(Pat::Assign(a)) => self.early_target(&a.left, init)?,
                        Some(p) => self.early_target(p, init)?,
                        None => None,
                    };
                    self.emit(Insn::Ldar { src: done });
                    self.jump(Insn::JumpIfTrue { target: 0 }, undef);
                    self.emit(Insn::LdaTrue {});
                    self.emit(Insn::Star { dst: done });
                    self.jump(Insn::IteratorNext { iter, done: 0 }, exhausted);
                    let value = self.alloc();
                    self.emit(Insn::Star { dst: value });
                    self.emit(Insn::LdaFalse {});
                    self.emit(Insn::Star { dst: done });
                    self.emit(Insn::Ldar { src: value });
                    self.jump(Insn::Jump { target: 0 }, have);
                    self.bind(exhausted);
                    self.bind(undef);
                    self.emit(Insn::LdaUndefined {});
                    self.bind(have);
                    match (el, target) {
                        (Some(Pat::Assign(a)), Some(t)) => {
                            let l = self.label();
                            self.jump(Insn::JumpIfNotUndefined { target: 0 }, l);
                            self.expr(&a.right)?;
                            self.bind(l);
                            self.store_target(&t);
                        }
                        (_, Some(t)) => self.store_target(&t),
                        (Some(p), None) => self.bind_pattern(p, init)?,
                        (None, None) => {}
                    }
                }
            }
        }
        let end = self.label();
        let region_end = self.e().pc();
        self.emit(Insn::Ldar { src: done });
        self.jump(Insn::JumpIfTrue { target: 0 }, end);
        self.emit(Insn::IteratorClose { iter });
        let after = self.label();
        self.jump(Insn::Jump { target: 0 }, after);
        // The throw path: close unless done, then rethrow; an error of the close itself is dropped.
        let handler = self.e().pc();
        let exc = self.alloc();
        self.emit(Insn::Star { dst: exc });
        let rethrow = self.label();
        self.emit(Insn::Ldar { src: done });
        self.jump(Insn::JumpIfTrue { target: 0 }, rethrow);
        let close_start = self.e().pc();
        self.emit(Insn::IteratorClose { iter });
        self.bind(rethrow);
        let rethrow_pc = self.e().pc();
        self.emit(Insn::Ldar { src: exc });
        self.emit(Insn::ReThrow {});
        self.e().handlers.push(Handler { start, end: region_end, handler, context: ctx });
        self.e().handlers.push(Handler { start: close_start, end: rethrow_pc, handler: rethrow_pc, context: ctx });
        self.bind(end);
        self.bind(after);
        Ok(())
    }

    /// An assignment target that is a property reference (`[o.x] = ...`, `[o[k] = d] = ...`) is evaluated before
    /// the iterator steps (its object and key first, as the spec orders them); other targets are bound afterwards.
    fn early_target(&mut self, p: &'a Pat, init: bool) -> R<Option<Target>> {
        match p {
            Pat::Expr(e) if !init && matches!(&**e, Expr::Member(_) | Expr::SuperProp(_)) => {
                Ok(Some(self.prepare_target(e, &[])?))
            }
            _ => Ok(None),
        }
    }

    pub fn bind_object_pattern(&mut self, op: &'a ObjectPat, v: Reg, init: bool) -> R {
        self.set_pos(op.span.lo);
        if op.props.is_empty() {
            self.emit(Insn::Ldar { src: v });
            self.emit(Insn::ToObject {});
            return Ok(());
        }
        let has_rest = op.props.iter().any(|p| matches!(p, ObjectPatProp::Rest(_)));
        // Keys already taken, removed from the rest object (a fresh copy, so deleting is unobservable).
        let mut taken: Vec<Result<u16, Reg>> = vec![];
        for pr in &op.props {
            let m = self.mark();
            match pr {
                ObjectPatProp::KeyValue(kv) => {
                    match (&kv.key, has_rest) {
                        (PropName::Computed(c), true) => {
                            self.release(m);
                            let k = self.alloc();
                            self.expr(&c.expr)?;
                            self.emit(Insn::ToPropertyKey {});
                            self.emit(Insn::Star { dst: k });
                            let slot = self.slot(FeedbackKind::Load);
                            self.emit(Insn::GetKeyedProperty { obj: v, slot });
                            taken.push(Err(k));
                            let m2 = self.mark();
                            self.bind_pattern(&kv.value, init)?;
                            self.release(m2);
                            continue;
                        }
                        _ => {
                            if has_rest && let Some(k) = self.static_key(&kv.key) {
                                let i = self.e().string(k);
                                taken.push(Ok(i));
                            }
                            self.load_prop_by_key(v, &kv.key)?;
                        }
                    }
                    self.bind_pattern(&kv.value, init)?;
                }
                ObjectPatProp::Assign(a) => {
                    let n = self.str_idx(&a.key.sym);
                    taken.push(Ok(n));
                    let slot = self.slot(FeedbackKind::Load);
                    self.emit(Insn::GetNamedProperty { obj: v, name: n, slot });
                    if let Some(d) = &a.value {
                        let l = self.label();
                        self.jump(Insn::JumpIfNotUndefined { target: 0 }, l);
                        self.named_expr(d, utf16(&a.key.sym))?;
                        self.bind(l);
                    }
                    self.store_var(&a.key.sym, init);
                }
                ObjectPatProp::Rest(r) => {
                    let pair = self.e().alloc_n(2);
                    self.emit(Insn::CreateEmptyObjectLiteral {});
                    self.emit(Insn::Star { dst: pair });
                    self.emit(Insn::Mov { src: v, dst: Reg(pair.0 + 1) });
                    self.emit(Insn::CallRuntime { id: RuntimeId::CopyDataProperties as u16, args: pair, count: 2 });
                    for k in &taken {
                        match *k {
                            Ok(i) => self.emit(Insn::LdaConstant { idx: i }),
                            Err(r) => self.emit(Insn::Ldar { src: r }),
                        }
                        self.emit(Insn::DeleteProperty { obj: pair });
                    }
                    self.emit(Insn::Ldar { src: pair });
                    self.bind_pattern(&r.arg, init)?;
                }
            }
            self.release(m);
        }
        Ok(())
    }

    /// acc = obj[key] for a property name of a literal or pattern.
    fn load_prop_by_key(&mut self, obj: Reg, key: &'a PropName) -> R {
        match key {
            PropName::Ident(i) => {
                let n = self.str_idx(&i.sym);
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetNamedProperty { obj, name: n, slot });
            }
            PropName::Str(s) => {
                let n = self.e().string(str_utf16(s));
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetNamedProperty { obj, name: n, slot });
            }
            PropName::Num(n) => {
                let k = self.str_idx(&number_key(n.value));
                self.emit(Insn::LdaConstant { idx: k });
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj, slot });
            }
            PropName::Computed(c) => {
                self.expr(&c.expr)?;
                self.emit(Insn::ToPropertyKey {});
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj, slot });
            }
            PropName::BigInt(b) => {
                let k = self.str_idx(&b.value.to_string());
                self.emit(Insn::LdaConstant { idx: k });
                let slot = self.slot(FeedbackKind::Load);
                self.emit(Insn::GetKeyedProperty { obj, slot });
            }
        }
        Ok(())
    }

    /// Static name of a property key (None for computed keys).
    pub fn static_key(&self, key: &PropName) -> Option<Vec<u16>> {
        match key {
            PropName::Ident(i) => Some(utf16(&i.sym)),
            PropName::Str(s) => Some(str_utf16(s)),
            PropName::Num(n) => Some(utf16(&number_key(n.value))),
            // `{ 1n: x }` is the key "1".
            PropName::BigInt(b) => Some(utf16(&b.value.to_string())),
            PropName::Computed(_) => None,
        }
    }

    /// acc = the key as a property key (string constant or ToPropertyKey of a computed key).
    pub fn key_to_acc(&mut self, key: &'a PropName) -> R {
        match self.static_key(key) {
            Some(k) => {
                let i = self.e().string(k);
                self.emit(Insn::LdaConstant { idx: i });
            }
            None => match key {
                PropName::Computed(c) => {
                    self.expr(&c.expr)?;
                    self.emit(Insn::ToPropertyKey {});
                }
                _ => unreachable!("every other key is static"),
            },
        }
        Ok(())
    }

    #[allow(dead_code)]
    pub fn anonymous(e: &Expr) -> bool {
        is_anonymous_fn(e)
    }
}
