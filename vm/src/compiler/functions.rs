//! Function compilation: the script, function prologues (contexts, parameters, defaults, rest, `arguments`,
//! hoisted function declarations), returns, and closures.
//!
//! Invariants:
//! - Prologue order: function context -> TDZ holes -> `%this`/`%new.target`/own name/`arguments` -> parameters in
//!   order (defaults, patterns, rest) -> hoisted function declarations -> instance fields (base constructors).
//! - Every function ends with an implicit `return undefined` (derived constructors return the checked `this`).

use super::scope::{BKind, SKind, T_FN, T_SCRIPT, key};
use super::*;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::*;

pub(crate) struct FnSpec<'a> {
    pub span: swc_common::Span,
    pub params: Vec<&'a Pat>,
    pub body: Option<&'a [Stmt]>,
    pub expr_body: Option<&'a Expr>,
    pub kind: FunctionKind,
    pub name: Vec<u16>,
    pub class: Option<ClassInfo<'a>>,
    /// `constructor(...args) { super(...args); }` of a derived class without a constructor.
    pub implicit_derived: bool,
    pub is_generator: bool,
    pub is_async: bool,
}

impl<'a> Compiler<'a> {
    pub fn script(&mut self, s: &'a Script) -> R<CompiledFunction> {
        let sid =
            self.analysis.scope(s.span, T_SCRIPT).ok_or(CErr { msg: "internal: no script scope".into(), pos: 0 })?;
        let strict = self.analysis.scopes[sid].strict;
        self.fns.push(new_state(FunctionKind::Script, strict, sid, vec![]));
        self.enter_scope(Some(sid), true);
        self.specials(true);
        self.declare_script_lexicals()?;
        // Global declarations: functions get their closure, vars the hole ("keep the current value").
        let mut fdecls: HashMap<String, &'a FnDecl> = HashMap::new();
        for st in &s.body {
            if let Some(f) = fn_decl(st) {
                fdecls.insert(f.ident.sym.to_string(), f);
            }
        }
        for n in &self.analysis.script_vars {
            let idx = self.str_idx(n);
            match fdecls.get(n.as_str()) {
                Some(f) => {
                    let i = self.closure_for(&f.function, Some(&f.ident), false)?;
                    self.emit(Insn::CreateClosure { idx: i });
                }
                None => self.emit(Insn::LdaTheHole {}),
            }
            self.emit(Insn::DeclareGlobal { name: idx });
        }
        self.body_returning_completion(&s.body)?;
        self.chain.pop();
        let st = self.fns.pop().unwrap();
        finish(st, FunctionKind::Script, 0, 0, None, s.span, self.pos)
    }

    /// GlobalDeclarationInstantiation's checks and the script's lexical bindings in the realm's table: a
    /// `DeclareScriptLexicals` runtime call with the script's context, its lexical names (with slot and
    /// constness) and its var names, before any var is declared (the checks are all or nothing).
    fn declare_script_lexicals(&mut self) -> R {
        let mut lexicals: Vec<(Name, u32, bool)> = self
            .chain
            .last()
            .expect("the script scope")
            .vars
            .iter()
            .filter_map(|(n, v)| match (v.kind.is_lexical(), v.loc) {
                (true, Loc::Ctx(slot)) => Some((n.clone(), slot as u32, v.kind == BKind::Const)),
                _ => None,
            })
            .collect();
        lexicals.sort_by_key(|l| l.1);
        let vars = self.analysis.script_vars.clone();
        if lexicals.is_empty() && vars.is_empty() {
            return Ok(());
        }
        let m = self.mark();
        let count = 2 + 2 * lexicals.len() + vars.len();
        let args = self.e().alloc_n(count as u16);
        let reg = |i: usize| Reg(args.0 + i as i16);
        self.emit(Insn::Ldar { src: Reg::CONTEXT });
        self.emit(Insn::Star { dst: reg(0) });
        self.emit(Insn::LdaSmi { value: lexicals.len() as i32 });
        self.emit(Insn::Star { dst: reg(1) });
        for (i, (name, slot, constant)) in lexicals.iter().enumerate() {
            let idx = self.str_idx(name);
            self.emit(Insn::LdaConstant { idx });
            self.emit(Insn::Star { dst: reg(2 + 2 * i) });
            self.emit(Insn::LdaSmi { value: (*slot * 2 + *constant as u32) as i32 });
            self.emit(Insn::Star { dst: reg(3 + 2 * i) });
        }
        for (i, name) in vars.iter().enumerate() {
            let idx = self.str_idx(name);
            self.emit(Insn::LdaConstant { idx });
            self.emit(Insn::Star { dst: reg(2 + 2 * lexicals.len() + i) });
        }
        self.emit(Insn::CallRuntime { id: RuntimeId::DeclareScriptLexicals as u16, args, count: count as u16 });
        self.release(m);
        Ok(())
    }

    /// The statements of a script or of eval code, then a return of their completion value (what `eval` returns:
    /// see `Compiler::completion_reset`; a body of declarations only has none).
    pub(crate) fn body_returning_completion(&mut self, body: &'a [Stmt]) -> R {
        let produces = body.iter().any(|st| !matches!(st, Stmt::Decl(_) | Stmt::Empty(_)));
        let result = if produces { Some(self.alloc()) } else { None };
        if let Some(r) = result {
            self.emit(Insn::LdaUndefined {});
            self.emit(Insn::Star { dst: r });
        }
        self.f().completion = result;
        for st in body {
            self.stmt(st)?;
        }
        match result {
            Some(r) => self.emit(Insn::Ldar { src: r }),
            None => self.emit(Insn::LdaUndefined {}),
        }
        self.emit(Insn::Return {});
        Ok(())
    }

    /// Stores `this` / `new.target` / the function's own name / `arguments` into their bindings if present.
    /// `with_arguments`: also create `arguments` (mapped arguments are created after the parameters were copied
    /// into their context slots, so the object aliases initialised slots).
    pub(crate) fn specials(&mut self, with_arguments: bool) {
        let vars: Vec<(Name, VarInfo)> =
            self.chain.last().unwrap().vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let mut vars = vars;
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        for (n, v) in vars {
            let src = match v.kind {
                BKind::Special if n == "%this" => Some(Reg::THIS),
                BKind::Special => Some(Reg::NEW_TARGET),
                BKind::FnName => Some(Reg::CLOSURE),
                BKind::Arguments if !with_arguments => continue,
                BKind::Arguments => {
                    self.emit(Insn::CreateArguments {});
                    None
                }
                _ => continue,
            };
            if let Some(r) = src {
                self.emit(Insn::Ldar { src: r });
            }
            match v.loc {
                Loc::Reg(r) => self.emit(Insn::Star { dst: r }),
                Loc::Ctx(slot) => self.emit(Insn::StaContextSlot { depth: 0, slot }),
            }
        }
    }

    fn specials_arguments(&mut self) {
        let v = self.chain.last().and_then(|s| s.vars.get("arguments")).cloned();
        if let Some(v) = v.filter(|v| v.kind == BKind::Arguments) {
            self.emit(Insn::CreateArguments {});
            match v.loc {
                Loc::Reg(r) => self.emit(Insn::Star { dst: r }),
                Loc::Ctx(slot) => self.emit(Insn::StaContextSlot { depth: 0, slot }),
            }
        }
    }

    /// Compiles a nested function now (`compile_fn` may defer it) and returns its index for `CreateClosure`.
    pub(crate) fn compile_fn_now(&mut self, spec: FnSpec<'a>) -> R<u16> {
        self.enter_depth()?;
        let p = self.pos.of(spec.span.lo);
        // Implicit class constructors have no source of their own, hence no analysis scope.
        let sid = match self.analysis.scope(spec.span, T_FN) {
            Some(s) => Some(s),
            None if spec.body.is_none() && spec.expr_body.is_none() => None,
            None => return Err(CErr { msg: "internal: function scope missing".into(), pos: p }),
        };
        let strict = sid.map(|s| self.analysis.scopes[s].strict).unwrap_or(true);
        let mut st = new_state(spec.kind, strict, sid.unwrap_or(usize::MAX), spec.name.clone());
        st.class = spec.class;
        st.e.pos = p;
        st.is_generator = spec.is_generator;
        st.is_async = spec.is_async;
        self.fns.push(st);
        let async_guard =
            if spec.is_generator || spec.is_async { self.generator_prologue(spec.is_async) } else { None };
        let idx = self.enter_scope(sid, true);
        // Parameter registers.
        let mut simple: HashMap<String, u16> = HashMap::new();
        for (i, p) in spec.params.iter().enumerate() {
            if let Pat::Ident(b) = p {
                simple.insert(b.id.sym.to_string(), i as u16);
            }
        }
        let names: Vec<Name> = self.chain[idx].vars.keys().cloned().collect();
        let mut names = names;
        names.sort();
        for n in names {
            let v = self.chain[idx].vars.get(&n).unwrap().clone();
            if v.kind == BKind::Param && matches!(v.loc, Loc::Reg(_)) {
                let r = match simple.get(&n) {
                    Some(&i) => Reg::param(i),
                    None => self.alloc(),
                };
                // Not shared yet: no function has been deferred in this scope.
                std::rc::Rc::make_mut(&mut self.chain[idx].vars).get_mut(&n).unwrap().loc = Loc::Reg(r);
            }
        }
        let mapped = if let Some(sid) = sid {
            let sc = &self.analysis.scopes[sid];
            if sc.uses_arguments && !sc.strict && sc.simple_params && sc.kind == SKind::Function {
                let mut v = vec![];
                for p in &spec.params {
                    if let Pat::Ident(b) = p {
                        match self.chain[idx].vars.get(&b.id.sym[..]).map(|v| v.loc) {
                            Some(Loc::Ctx(s)) => v.push(s),
                            _ => v.push(0),
                        }
                    }
                }
                Some(v)
            } else {
                None
            }
        } else {
            None
        };
        self.specials(mapped.is_none());
        let mut length = None;
        let mut param_count = 0u16;
        let names_of = |p: &Pat| {
            let mut v = vec![];
            scope::pat_names(p, &mut v, self.pos);
            v.into_iter().map(|(n, _)| n).collect::<Vec<String>>()
        };
        if !spec.params.iter().all(|p| matches!(p, Pat::Ident(_))) {
            let all = spec.params.iter().flat_map(|p| names_of(p)).collect();
            self.f().params_pending = Some((idx, all));
        }
        for (i, p) in spec.params.iter().enumerate() {
            // Parameter i's own names stay in TDZ while its default and pattern are evaluated.
            let done_after = names_of(p);
            let i = i as u16;
            match p {
                Pat::Rest(r) => {
                    length.get_or_insert(i);
                    self.emit(Insn::CreateRestParameter { from: i });
                    self.bind_pattern(&r.arg, true)?;
                }
                Pat::Ident(b) => {
                    param_count = i + 1;
                    if let Some(Loc::Ctx(slot)) = self.chain[idx].vars.get(&b.id.sym[..]).map(|v| v.loc) {
                        self.emit(Insn::Ldar { src: Reg::param(i) });
                        self.emit(Insn::StaContextSlot { depth: 0, slot });
                    }
                }
                _ => {
                    param_count = i + 1;
                    if matches!(p, Pat::Assign(_)) {
                        length.get_or_insert(i);
                    }
                    self.emit(Insn::Ldar { src: Reg::param(i) });
                    self.bind_pattern(p, true)?;
                }
            }
            if let Some((_, pending)) = &mut self.f().params_pending {
                pending.retain(|n| !done_after.contains(n));
            }
        }
        self.f().params_pending = None;
        let length = length.unwrap_or(param_count);
        if mapped.is_some() {
            self.specials_arguments();
        }
        if spec.implicit_derived {
            self.emit(Insn::CreateRestParameter { from: 0 });
            self.emit(Insn::SuperCallWithSpread {});
            self.after_super_call()?;
        }
        if let Some(stmts) = spec.body {
            self.hoist_functions(stmts)?;
        }
        if spec.kind == FunctionKind::ClassConstructor {
            self.init_fields()?;
        }
        let async_guard = match spec.is_generator {
            true => self.generator_start().or(async_guard),
            false => async_guard,
        };
        if let Some(stmts) = spec.body {
            for s in stmts {
                self.stmt(s)?;
            }
            self.emit_return_undefined();
        } else if let Some(e) = spec.expr_body {
            self.set_pos(scope::e_span(e).lo);
            self.expr(e)?;
            self.emit_return();
        } else {
            self.emit_return_undefined();
        }
        if let Some(guard) = async_guard {
            self.async_epilogue(guard);
        }
        self.chain.pop();
        let st = self.fns.pop().unwrap();
        let f = finish(st, spec.kind, length, param_count, mapped, spec.span, self.pos)?;
        self.depth -= 1;
        let fs = &mut self.f().functions;
        fs.push(f);
        if fs.len() > u16::MAX as usize {
            return Err(CErr { msg: "too many functions".into(), pos: p });
        }
        Ok((fs.len() - 1) as u16)
    }

    /// Returns the accumulator. In a derived constructor an undefined result becomes the (checked) `this`; any
    /// other value is returned as is and the VM's Return of a construct frame checks it (an object wins, a
    /// primitive is a TypeError). Returning `this` itself rather than undefined keeps the VM on its object fast
    /// path, as before.
    pub fn emit_return(&mut self) {
        if self.f().kind == FunctionKind::DerivedConstructor {
            let done = self.label();
            self.jump(Insn::JumpIfNotUndefined { target: 0 }, done);
            self.load_this();
            self.bind(done);
        }
        self.async_return_value();
        self.emit(Insn::Return {});
    }

    /// `return undefined` (the implicit return at the end of a function body).
    pub fn emit_return_undefined(&mut self) {
        if self.f().kind == FunctionKind::DerivedConstructor {
            self.load_this();
        } else {
            self.emit(Insn::LdaUndefined {});
        }
        self.async_return_value();
        self.emit(Insn::Return {});
    }

    /// acc = this (checked against the hole in derived constructors and arrows inside them).
    pub fn load_this(&mut self) {
        if let Some(r) = self.f().static_this {
            self.emit(Insn::Ldar { src: r });
            return;
        }
        match self.f().kind {
            FunctionKind::Arrow => match self.resolve("%this") {
                Resolved::Ctx { depth, slot, chain_idx, .. } => {
                    self.emit(Insn::LdaContextSlot { depth, slot });
                    if self.chain[chain_idx].derived_ctor {
                        self.emit(Insn::ThrowSuperNotCalledIfHole {});
                    }
                }
                _ => self.emit(Insn::Ldar { src: Reg::THIS }),
            },
            FunctionKind::DerivedConstructor => {
                match self.constructor_this() {
                    Resolved::Ctx { depth, slot, .. } => self.emit(Insn::LdaContextSlot { depth, slot }),
                    _ => self.emit(Insn::Ldar { src: Reg::THIS }),
                }
                self.emit(Insn::ThrowSuperNotCalledIfHole {});
            }
            _ => self.emit(Insn::Ldar { src: Reg::THIS }),
        }
    }

    /// Where the constructor running `super()` (the current function, or the one an arrow is in) keeps `this` for
    /// arrows and eval code: its own `%this`, never one of an enclosing function (an implicit constructor has
    /// none, while the script or a function around the class may have one).
    fn constructor_this(&self) -> Resolved {
        let owner = self.fns.iter().rposition(|f| f.kind != FunctionKind::Arrow);
        match self.resolve("%this") {
            r @ Resolved::Ctx { chain_idx, .. } if Some(self.chain[chain_idx].func) == owner => r,
            _ => Resolved::Global,
        }
    }

    /// `this` in a register (for super property receivers): Reg::THIS where it is always valid.
    pub fn this_reg(&mut self) -> Reg {
        let simple = self.f().static_this.is_none()
            && matches!(self.f().kind, FunctionKind::Method | FunctionKind::ClassConstructor | FunctionKind::Normal);
        if simple {
            return Reg::THIS;
        }
        self.load_this();
        let r = self.alloc();
        self.emit(Insn::Star { dst: r });
        r
    }

    /// After SuperCall/SuperCallWithSpread (result in acc): check `this` was the hole, bind it, run field
    /// initialisers. Leaves `this` in acc.
    pub fn after_super_call(&mut self) -> R {
        let m = self.mark();
        let t = self.alloc();
        self.emit(Insn::Star { dst: t });
        let ctx = self.constructor_this();
        match ctx {
            Resolved::Ctx { depth, slot, .. } => self.emit(Insn::LdaContextSlot { depth, slot }),
            _ => self.emit(Insn::Ldar { src: Reg::THIS }),
        }
        self.emit(Insn::ThrowSuperAlreadyCalledIfNotHole {});
        self.emit(Insn::Ldar { src: t });
        self.emit(Insn::Star { dst: Reg::THIS });
        if let Resolved::Ctx { depth, slot, .. } = ctx {
            self.emit(Insn::StaContextSlot { depth, slot });
        }
        if self.f().kind == FunctionKind::DerivedConstructor {
            self.init_fields()?;
        } else if self.f().kind == FunctionKind::Arrow {
            // Fields of the class would have to be initialised here, from the arrow's frame.
            let has_fields = self
                .fns
                .iter()
                .rev()
                .find(|f| f.kind != FunctionKind::Arrow)
                .map(|f| f.class.as_ref().is_some_and(|c| c.initialises()))
                .unwrap_or(false);
            if has_fields {
                return unsupported("super() in an arrow function of a class with fields", self.here());
            }
        }
        self.emit(Insn::Ldar { src: t });
        self.release(m);
        Ok(())
    }

    /// Creates closures for the function declarations of a statement list (hoisting).
    pub fn hoist_functions(&mut self, stmts: &'a [Stmt]) -> R {
        for st in stmts {
            if let Some(f) = fn_decl(st) {
                let i = self.closure_for(&f.function, Some(&f.ident), false)?;
                self.emit(Insn::CreateClosure { idx: i });
                self.store_var(&f.ident.sym, true);
            }
        }
        Ok(())
    }

    /// Compiles a `function` (declaration, expression or method body) and returns its index.
    pub fn closure_for(&mut self, f: &'a Function, name: Option<&Ident>, method: bool) -> R<u16> {
        self.closure_named(f, name.map(|n| display_name(&n.sym)).unwrap_or_default(), method)
    }

    pub fn closure_named(&mut self, f: &'a Function, name: Vec<u16>, method: bool) -> R<u16> {
        let params = f.params.iter().map(|p| &p.pat).collect();
        self.compile_fn(FnSpec {
            span: f.span,
            params,
            body: f.body.as_ref().map(|b| &b.stmts[..]),
            expr_body: None,
            kind: if method { FunctionKind::Method } else { FunctionKind::Normal },
            name,
            class: None,
            implicit_derived: false,
            is_generator: f.is_generator,
            is_async: f.is_async,
        })
    }

    pub fn arrow(&mut self, a: &'a ArrowExpr, name: Vec<u16>) -> R<u16> {
        let (body, expr_body) = match &*a.body {
            ArrowFunctionBody::FunctionBody(b) => (Some(&b.stmts[..]), None),
            ArrowFunctionBody::Expr(e) => (None, Some(&**e)),
        };
        self.compile_fn(FnSpec {
            span: a.span,
            params: a.params.iter().collect(),
            body,
            expr_body,
            kind: FunctionKind::Arrow,
            name,
            class: None,
            implicit_derived: false,
            is_generator: false,
            is_async: a.is_async,
        })
    }
}

pub(crate) fn fn_decl(st: &Stmt) -> Option<&FnDecl> {
    let mut st = st;
    while let Stmt::Labeled(l) = st {
        st = &l.body;
    }
    match st {
        Stmt::Decl(Decl::Fn(f)) => Some(f),
        _ => None,
    }
}

pub(crate) fn new_state<'a>(kind: FunctionKind, strict: bool, sid: ScopeId, name: Vec<u16>) -> FnState<'a> {
    FnState {
        e: Emitter::default(),
        kind,
        strict,
        sid,
        functions: vec![],
        ctl: vec![],
        loop_depth: 0,
        class: None,
        static_this: None,
        completion: None,
        name,
        generator: None,
        is_generator: false,
        is_async: false,
        params_pending: None,
        this_properties: Vec::new(),
        eval_scopes: Vec::new(),
    }
}

/// A static method's source text (`Function.prototype.toString`) is its MethodDefinition, without the `static` in
/// front (which swc's span includes): the length of that prefix, the keyword and the whitespace and comments after it.
fn static_prefix(kind: FunctionKind, text: &str) -> u32 {
    let Some(rest) = text.strip_prefix("static").filter(|_| kind == FunctionKind::Method) else { return 0 };
    if !rest.starts_with(|c: char| c.is_whitespace() || matches!(c, '*' | '#' | '[' | '"' | '\'' | '/')) {
        return 0; // a method named `static`
    }
    let mut rest = rest.trim_start();
    loop {
        let skipped = if let Some(r) = rest.strip_prefix("/*") {
            r.find("*/").map(|e| &r[e + 2..])
        } else if let Some(r) = rest.strip_prefix("//") {
            r.find(['\n', '\r', '\u{2028}', '\u{2029}']).map(|e| &r[e..])
        } else {
            None
        };
        match skipped {
            Some(r) => rest = r.trim_start(),
            None => break,
        }
    }
    (text.len() - rest.len()) as u32
}

/// Where `Function.prototype.toString`'s text of a function with source `span` starts.
pub(crate) fn source_start(kind: FunctionKind, span: swc_common::Span, pos: &Pos) -> u32 {
    pos.of(span.lo) + static_prefix(kind, pos.text(span.lo, span.hi))
}

pub(crate) fn finish(
    mut st: FnState,
    kind: FunctionKind,
    length: u16,
    param_count: u16,
    mapped: Option<Vec<u16>>,
    span: swc_common::Span,
    pos: &Pos,
) -> R<CompiledFunction> {
    st.e.finish();
    let fields = st.class.as_ref().map_or(0, |c| c.fields.len());
    let this_properties = (st.this_properties.len() + fields).min(u8::MAX as usize) as u8;
    if st.e.too_large {
        return Err(CErr { msg: "function is too large".into(), pos: pos.of(span.lo) });
    }
    let _ = key;
    Ok(CompiledFunction {
        name: st.name,
        kind,
        is_strict: st.strict,
        is_async: st.is_async,
        is_generator: st.is_generator,
        length,
        param_count,
        register_count: st.e.max_reg,
        bytecode: st.e.code,
        constants: st.e.constants,
        functions: st.functions,
        feedback: st.e.feedback,
        handlers: st.e.handlers,
        positions: st.e.positions,
        mapped_arguments: mapped,
        source_start: source_start(kind, span, pos),
        source_end: pos.of(span.hi),
        this_properties,
        eval_scopes: st.eval_scopes,
        lazy: None,
    })
}
