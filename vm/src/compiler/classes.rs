//! Classes (constructor, methods, accessors, instance and static fields, private elements, static blocks) and
//! object / array literals.
//!
//! Invariants:
//! - A class is built as: superclass -> constructor closure -> `CreateClass(ctor, super-or-hole)` -> prototype,
//!   then `DefineMethod/DefineGetter/DefineSetter(target, key, fn, enumerable)` per member, then static fields.
//! - Member keys (computed ones included) and private methods' functions are evaluated in source order with the
//!   class; then static private methods are added to the constructor and static fields and blocks run in order.
//! - Instance private methods, then instance fields, are initialised inside the constructor (base: after the
//!   prologue; derived: after each super() returns) while the constructor's own scopes are hidden from name lookup.
//! - The class-name binding inside the body is immutable (BKind::ClassInner).

use super::expressions::{is_anonymous_fn, str_utf16};
use super::functions::FnSpec;
use super::private_names::{computed_key_binding, private_installs};
use super::scope::{T_CLASS, T_FIELDS, T_STATIC_FIELDS, key};
use super::*;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::*;

/// An instance field, initialised in the constructor: a public one with its place in the class body (the key of a
/// computed one was evaluated with the class), or a private one.
pub(crate) enum Field<'a> {
    Public(&'a ClassProp, usize),
    Private(&'a PrivateProp),
}

impl<'a> Compiler<'a> {
    /// acc = the class constructor.
    pub fn class(&mut self, c: &'a Class, ident: Option<&'a Ident>, name: Vec<u16>) -> R {
        let p = self.pos.of(c.span.lo);
        let sid = self.analysis.map.get(&key(c.span, T_CLASS)).copied();
        let m = self.mark();
        self.enter_scope(sid, false);
        let block = self.e().alloc_n(2);
        let (ctor_r, super_r) = (block, Reg(block.0 + 1));
        match &c.super_class {
            Some(s) => self.expr(s)?,
            None => self.emit(Insn::LdaTheHole {}),
        }
        self.emit(Insn::Star { dst: super_r });
        self.create_private_names(c);
        let derived = c.super_class.is_some();
        let fields = c
            .body
            .iter()
            .enumerate()
            .filter_map(|(i, m)| match m {
                ClassMember::ClassProp(cp) if !cp.is_static => Some(Field::Public(cp, i)),
                ClassMember::PrivateProp(pp) if !pp.is_static => Some(Field::Private(pp)),
                _ => None,
            })
            .collect();
        let ctor = c.body.iter().find_map(|m| if let ClassMember::Constructor(k) = m { Some(k) } else { None });
        let info = ClassInfo {
            methods: private_installs(c, false),
            fields,
            fields_sid: self.analysis.map.get(&key(c.span, T_FIELDS)).copied(),
        };
        let kind = if derived { FunctionKind::DerivedConstructor } else { FunctionKind::ClassConstructor };
        let idx = match ctor {
            Some(k) => {
                let mut params = vec![];
                for pp in &k.params {
                    match pp {
                        ParamOrTsParamProp::Param(pp) => params.push(&pp.pat),
                        _ => return unsupported("TypeScript parameter properties", p),
                    }
                }
                self.compile_fn(FnSpec {
                    span: k.span,
                    params,
                    body: k.body.as_ref().map(|b| &b.stmts[..]),
                    expr_body: None,
                    kind,
                    name: name.clone(),
                    class: Some(info),
                    is_generator: false,
                    is_async: false,
                    implicit_derived: false,
                })?
            }
            None => self.compile_fn(FnSpec {
                span: c.span,
                params: vec![],
                body: None,
                expr_body: None,
                kind,
                name: name.clone(),
                class: Some(info),
                is_generator: false,
                is_async: false,
                implicit_derived: derived,
            })?,
        };
        self.emit(Insn::CreateClosure { idx });
        self.emit(Insn::Star { dst: ctor_r });
        self.set_pos(c.span.lo);
        self.emit(Insn::CallRuntime { id: RuntimeId::CreateClass as u16, args: block, count: 2 });
        let proto = self.alloc();
        self.emit(Insn::Star { dst: proto });
        // The members' keys and functions, in source order (ClassDefinitionEvaluation).
        for (i, mem) in c.body.iter().enumerate() {
            match mem {
                ClassMember::Method(md) => {
                    let target = if md.is_static { ctor_r } else { proto };
                    let which = match md.kind {
                        MethodKind::Method => RuntimeId::DefineMethod,
                        MethodKind::Getter => RuntimeId::DefineGetter,
                        MethodKind::Setter => RuntimeId::DefineSetter,
                    };
                    self.define_method(target, &md.key, &md.function, which, false)?;
                }
                ClassMember::PrivateMethod(pm) => self.private_method(if pm.is_static { ctor_r } else { proto }, pm)?,
                ClassMember::ClassProp(cp) if matches!(cp.key, PropName::Computed(_)) => {
                    self.key_to_acc(&cp.key)?;
                    self.store_var(&computed_key_binding(i), true);
                }
                _ => {}
            }
        }
        if let Some(i) = ident {
            self.emit(Insn::Ldar { src: ctor_r });
            self.store_var(&i.sym, true);
        }
        // Static private methods, then static fields and blocks in order, with `this` = the constructor.
        let statics = private_installs(c, true);
        let has_static = !statics.is_empty()
            || c.body.iter().any(|m| match m {
                ClassMember::ClassProp(cp) => cp.is_static,
                ClassMember::PrivateProp(pp) => pp.is_static,
                ClassMember::StaticBlock(_) => true,
                _ => false,
            });
        if has_static {
            let ssid = self.analysis.map.get(&key(c.span, T_STATIC_FIELDS)).copied();
            self.enter_scope(ssid, false);
            let saved = self.f().static_this.replace(ctor_r);
            self.field_specials();
            self.add_private_methods(ctor_r, &statics);
            for (i, mem) in c.body.iter().enumerate() {
                match mem {
                    ClassMember::ClassProp(cp) if cp.is_static => self.define_field(ctor_r, cp, i)?,
                    ClassMember::PrivateProp(pp) if pp.is_static => self.define_private_field(ctor_r, pp)?,
                    ClassMember::StaticBlock(b) => self.static_block(ctor_r, b)?,
                    _ => {}
                }
            }
            self.f().static_this = saved;
            self.exit_scope();
        }
        self.emit(Insn::Ldar { src: ctor_r });
        self.exit_scope();
        self.release(m);
        Ok(())
    }

    /// `static { ... }`: a method of the constructor, called once with it as `this`.
    fn static_block(&mut self, ctor: Reg, b: &'a StaticBlock) -> R {
        let m = self.mark();
        let idx = self.compile_fn(FnSpec {
            span: b.span,
            params: vec![],
            body: Some(&b.body.stmts[..]),
            expr_body: None,
            kind: FunctionKind::Method,
            name: vec![],
            class: None,
            is_generator: false,
            is_async: false,
            implicit_derived: false,
        })?;
        // Its home object is the constructor (`super.x` reads the parent class's statics).
        let quad = self.e().alloc_n(4);
        self.emit(Insn::Mov { src: ctor, dst: quad });
        self.emit(Insn::LdaUndefined {});
        self.emit(Insn::Star { dst: Reg(quad.0 + 1) });
        self.emit(Insn::CreateClosure { idx });
        self.emit(Insn::Star { dst: Reg(quad.0 + 2) });
        self.emit(Insn::LdaSmi { value: 0 });
        self.emit(Insn::Star { dst: Reg(quad.0 + 3) });
        self.emit(Insn::CallRuntime { id: RuntimeId::MakePrivateMethod as u16, args: quad, count: 4 });
        let f = self.alloc();
        self.emit(Insn::Star { dst: f });
        let slot = self.slot(FeedbackKind::Call);
        self.emit(Insn::CallProperty { callee: f, args: ctor, count: 1, slot });
        self.release(m);
        Ok(())
    }

    /// obj.key = value of a public class field (own, enumerable data property); `index`: its place in the body.
    fn define_field(&mut self, obj: Reg, cp: &'a ClassProp, index: usize) -> R {
        let m = self.mark();
        match self.static_key(&cp.key) {
            Some(k) if matches!(cp.key, PropName::Ident(_) | PropName::Str(_)) => {
                match &cp.value {
                    Some(v) => self.named_expr(v, k.clone())?,
                    None => self.emit(Insn::LdaUndefined {}),
                }
                let n = self.e().string(k);
                let slot = self.slot(FeedbackKind::Store);
                self.emit(Insn::DefineNamedOwnProperty { obj, name: n, slot });
            }
            sk => {
                let key = self.alloc();
                if matches!(cp.key, PropName::Computed(_)) {
                    self.load_var(&computed_key_binding(index), false);
                } else {
                    self.key_to_acc(&cp.key)?;
                }
                self.emit(Insn::Star { dst: key });
                match &cp.value {
                    Some(v) => self.named_expr(v, sk.clone().unwrap_or_default())?,
                    None => self.emit(Insn::LdaUndefined {}),
                }
                if sk.is_none() && cp.value.as_deref().map(is_anonymous_fn).unwrap_or(false) {
                    self.set_function_name(key)?;
                }
                let slot = self.slot(FeedbackKind::Store);
                self.emit(Insn::DefineKeyedOwnProperty { obj, key, slot });
            }
        }
        self.release(m);
        Ok(())
    }

    /// acc = SetFunctionName(acc, key).
    fn set_function_name(&mut self, key: Reg) -> R {
        let pair = self.e().alloc_n(2);
        self.emit(Insn::Star { dst: pair });
        self.emit(Insn::Mov { src: key, dst: Reg(pair.0 + 1) });
        self.emit(Insn::CallRuntime { id: RuntimeId::SetFunctionName as u16, args: pair, count: 2 });
        Ok(())
    }

    /// Arrows in field initialisers read `this` / `new.target` from the initialisers' scope context.
    fn field_specials(&mut self) {
        let vars: Vec<(Name, VarInfo)> =
            self.chain.last().map(|s| s.vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
        for (n, v) in vars {
            if v.kind != scope::BKind::Special {
                continue;
            }
            if n == "%this" {
                self.load_this();
            } else {
                self.emit(Insn::LdaUndefined {});
            }
            match v.loc {
                Loc::Reg(r) => self.emit(Insn::Star { dst: r }),
                Loc::Ctx(slot) => self.emit(Insn::StaContextSlot { depth: 0, slot }),
            }
        }
    }

    /// Runs the instance field initialisers of the class being constructed (in a constructor).
    pub fn init_fields(&mut self) -> R {
        let Some(info) = self.f().class.take() else { return Ok(()) };
        if !info.initialises() {
            self.f().class = Some(info);
            return Ok(());
        }
        let cur = self.cur_fn();
        let hidden: Vec<usize> =
            (0..self.chain.len()).filter(|&i| self.chain[i].func == cur && !self.chain[i].hidden).collect();
        for &i in &hidden {
            self.chain[i].hidden = true;
        }
        self.enter_scope(info.fields_sid, false);
        self.field_specials();
        self.add_private_methods(Reg::THIS, &info.methods);
        let mut r = Ok(());
        for f in &info.fields {
            r = match *f {
                Field::Public(cp, index) => self.define_field(Reg::THIS, cp, index),
                Field::Private(pp) => self.define_private_field(Reg::THIS, pp),
            };
            if r.is_err() {
                break;
            }
        }
        self.exit_scope();
        for &i in &hidden {
            self.chain[i].hidden = false;
        }
        self.f().class = Some(info);
        r
    }

    /// Defines a method/getter/setter through the runtime (which also sets its home object).
    fn define_method(
        &mut self,
        target: Reg,
        key: &'a PropName,
        f: &'a Function,
        which: RuntimeId,
        enumerable: bool,
    ) -> R {
        let m = self.mark();
        let quad = self.e().alloc_n(4);
        self.emit(Insn::Mov { src: target, dst: quad });
        self.key_to_acc(key)?;
        self.emit(Insn::Star { dst: Reg(quad.0 + 1) });
        let name = match self.static_key(key) {
            Some(k) => {
                let prefix = match which {
                    RuntimeId::DefineGetter => "get ",
                    RuntimeId::DefineSetter => "set ",
                    _ => "",
                };
                let mut n = utf16(prefix);
                n.extend(k);
                n
            }
            None => vec![],
        };
        let idx = self.closure_named(f, name, true)?;
        self.emit(Insn::CreateClosure { idx });
        self.emit(Insn::Star { dst: Reg(quad.0 + 2) });
        self.emit(if enumerable { Insn::LdaTrue {} } else { Insn::LdaFalse {} });
        self.emit(Insn::Star { dst: Reg(quad.0 + 3) });
        self.emit(Insn::CallRuntime { id: which as u16, args: quad, count: 4 });
        self.release(m);
        Ok(())
    }

    pub fn object_literal(&mut self, o: &'a ObjectLit) -> R {
        let obj = self.alloc();
        self.emit(Insn::CreateEmptyObjectLiteral {});
        self.emit(Insn::Star { dst: obj });
        for p in &o.props {
            let m = self.mark();
            match p {
                PropOrSpread::Spread(s) => {
                    let pair = self.e().alloc_n(2);
                    self.emit(Insn::Mov { src: obj, dst: pair });
                    self.expr(&s.expr)?;
                    self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
                    self.emit(Insn::CallRuntime { id: RuntimeId::CopyDataProperties as u16, args: pair, count: 2 });
                }
                PropOrSpread::Prop(p) => match &**p {
                    Prop::Shorthand(i) => {
                        self.load_var(&i.sym, false);
                        let n = self.str_idx(&i.sym);
                        let slot = self.slot(FeedbackKind::Store);
                        self.emit(Insn::DefineNamedOwnProperty { obj, name: n, slot });
                    }
                    Prop::KeyValue(kv) => {
                        let is_proto = match &kv.key {
                            PropName::Ident(i) => &i.sym[..] == "__proto__",
                            PropName::Str(s) => str_utf16(s) == utf16("__proto__"),
                            _ => false,
                        };
                        let sk = self.static_key(&kv.key);
                        if is_proto {
                            let pair = self.e().alloc_n(2);
                            self.emit(Insn::Mov { src: obj, dst: pair });
                            self.expr(&kv.value)?;
                            self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
                            self.emit(Insn::CallRuntime {
                                id: RuntimeId::SetPrototypeFromLiteral as u16,
                                args: pair,
                                count: 2,
                            });
                        } else if let (Some(k), PropName::Ident(_) | PropName::Str(_)) = (sk.clone(), &kv.key) {
                            self.named_expr(&kv.value, k.clone())?;
                            let n = self.e().string(k);
                            let slot = self.slot(FeedbackKind::Store);
                            self.emit(Insn::DefineNamedOwnProperty { obj, name: n, slot });
                        } else {
                            let key = self.alloc();
                            self.key_to_acc(&kv.key)?;
                            self.emit(Insn::Star { dst: key });
                            self.named_expr(&kv.value, sk.clone().unwrap_or_default())?;
                            if sk.is_none() && is_anonymous_fn(&kv.value) {
                                self.set_function_name(key)?;
                            }
                            let slot = self.slot(FeedbackKind::Store);
                            self.emit(Insn::DefineKeyedOwnProperty { obj, key, slot });
                        }
                    }
                    Prop::Assign(a) => {
                        return Err(CErr {
                            msg: "Invalid shorthand property initializer".into(),
                            pos: self.pos.of(a.key.span.lo),
                        });
                    }
                    Prop::Method(md) => {
                        self.define_method(obj, &md.key, &md.function, RuntimeId::DefineMethod, true)?
                    }
                    Prop::Getter(g) => self.define_method(obj, &g.key, &g.function, RuntimeId::DefineGetter, true)?,
                    Prop::Setter(st) => {
                        self.define_method(obj, &st.key, &st.function, RuntimeId::DefineSetter, true)?
                    }
                },
            }
            self.release(m);
        }
        self.emit(Insn::Ldar { src: obj });
        Ok(())
    }

    pub fn array_literal(&mut self, a: &'a ArrayLit) -> R {
        let has_spread = a.elems.iter().flatten().any(|e| e.spread.is_some());
        if has_spread {
            return self.spread_array(a.elems.iter().map(|e| e.as_ref()));
        }
        let n = a.elems.len() as u16;
        if a.elems.iter().all(|e| e.is_some()) {
            let block = self.e().alloc_n(n.max(1));
            for (i, e) in a.elems.iter().enumerate() {
                self.expr(&e.as_ref().unwrap().expr)?;
                self.emit(Insn::Star { dst: Reg(block.0 + i as i16) });
            }
            self.emit(Insn::CreateArrayFromList { args: block, count: n });
            return Ok(());
        }
        let arr = self.alloc();
        let idx = self.alloc();
        self.emit(Insn::CreateEmptyArrayLiteral { capacity: n });
        self.emit(Insn::Star { dst: arr });
        for (i, e) in a.elems.iter().enumerate() {
            if let Some(e) = e {
                self.emit(Insn::LdaSmi { value: i as i32 });
                self.emit(Insn::Star { dst: idx });
                self.expr(&e.expr)?;
                let slot = self.slot(FeedbackKind::Store);
                self.emit(Insn::StaInArrayLiteral { array: arr, index: idx, slot });
            }
        }
        if matches!(a.elems.last(), Some(None)) {
            self.emit(Insn::LdaSmi { value: n as i32 });
            let name = self.str_idx("length");
            let slot = self.slot(FeedbackKind::Store);
            self.emit(Insn::SetNamedProperty { obj: arr, name, slot });
        }
        self.emit(Insn::Ldar { src: arr });
        Ok(())
    }
}
