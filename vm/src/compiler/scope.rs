//! Scope analysis and the early errors that need it (swc does none; see NOTES §4.1).
//!
//! One pass over the whole script, before any bytecode is emitted, builds a tree of scopes with their bindings and
//! resolves every identifier reference. Its product is, for each binding, whether it is *captured* (referenced from
//! a function other than the one that declares it), which decides register vs heap-context slot in the emitter.
//!
//! Invariants:
//! - Scopes are keyed by (span.lo, span.hi, tag) of the AST node that opens them, so the emitter finds the same
//!   scope without having to visit nodes in the same order as this pass.
//! - `var` bindings live on the nearest function scope; at script level they are globals and are *not* bindings
//!   (lookups fall through to the global object), only recorded in `script_vars` for `DeclareGlobal` and conflicts.
//! - Declarations of a scope are collected when the scope is entered (hoisting), before its body is walked, so a
//!   reference always sees every binding that is in scope for it.
//! - Implicit bindings: `arguments` (declared lazily on the nearest non-arrow function on first use), `%this` and
//!   `%new.target` (declared on the nearest non-arrow function when an arrow uses them, hence always captured).

use super::{CErr, Pos};
use std::collections::{HashMap, HashSet};
use swc_ecma_ast::*;

pub type Name = String;
pub type ScopeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BKind {
    Var,
    Let,
    Const,
    /// `class C` declaration (mutable outside the class body).
    Class,
    /// The class name inside its own body (immutable).
    ClassInner,
    /// Function declaration (var-like at function top level, lexical in blocks).
    Func,
    Param,
    Catch,
    Arguments,
    /// A named function expression's own name (immutable, silently in sloppy mode).
    FnName,
    /// `%this`, `%new.target`: lexical this/new.target saved for arrows.
    Special,
}

impl BKind {
    pub fn is_lexical(self) -> bool {
        matches!(self, BKind::Let | BKind::Const | BKind::Class | BKind::ClassInner)
    }
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub name: Name,
    pub kind: BKind,
    pub captured: bool,
    pub pos: u32,
    /// Sloppy block function that is also assigned to the function-level var of the same name (Annex B.3.3).
    pub annex_b: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SKind {
    Script,
    Function,
    Arrow,
    Block,
    Catch,
    Class,
    Switch,
    /// Class field initialisers: a function boundary (they are compiled into the constructor / after the class).
    FieldInit,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: SKind,
    pub parent: Option<ScopeId>,
    pub bindings: Vec<Binding>,
    index: HashMap<Name, usize>,
    /// Names of `var`s declared in or below this scope that pass through it (for let/var conflicts).
    var_through: HashMap<Name, u32>,
    pub strict: bool,
    // function scopes only
    pub simple_params: bool,
    pub uses_arguments: bool,
    pub is_derived_ctor: bool,
    pub is_method: bool,
}

impl Scope {
    pub fn lookup(&self, n: &str) -> Option<&Binding> {
        self.index.get(n).map(|&i| &self.bindings[i])
    }
    pub fn is_function(&self) -> bool {
        matches!(self.kind, SKind::Function | SKind::Arrow | SKind::Script | SKind::FieldInit)
    }
}

pub const T_FN: u8 = 1;
pub const T_BLOCK: u8 = 2;
pub const T_CATCH: u8 = 3;
pub const T_CLASS: u8 = 4;
pub const T_FOR: u8 = 5;
pub const T_SWITCH: u8 = 6;
pub const T_FIELDS: u8 = 7;
pub const T_SCRIPT: u8 = 8;
pub const T_STATIC_FIELDS: u8 = 9;

#[derive(Default)]
pub struct Analysis {
    pub scopes: Vec<Scope>,
    pub map: HashMap<(u32, u32, u8), ScopeId>,
    /// Script-level `var` names and hoisted function declarations (for DeclareGlobal), in source order.
    pub script_vars: Vec<Name>,
}

pub fn key(span: swc_common::Span, tag: u8) -> (u32, u32, u8) {
    (span.lo.0, span.hi.0, tag)
}

impl Analysis {
    pub fn scope(&self, span: swc_common::Span, tag: u8) -> Option<ScopeId> {
        self.map.get(&key(span, tag)).copied()
    }
}

struct Label {
    name: Name,
    is_loop: bool,
}

#[allow(dead_code)]
struct FnFlags {
    super_prop: bool,
    super_call: bool,
}

pub struct Analyzer<'a> {
    pub a: Analysis,
    pos: &'a Pos,
    cur: ScopeId,
    labels: Vec<Label>,
    flags: FnFlags,
    depth: u32,
}

type R<T = ()> = Result<T, CErr>;

pub fn is_strict_directive(stmts: &[Stmt]) -> bool {
    for s in stmts {
        match s {
            Stmt::Expr(ExprStmt { expr, .. }) => match &**expr {
                Expr::Lit(Lit::Str(st)) => {
                    if let Some(raw) = &st.raw {
                        if &raw[..] == "'use strict'" || &raw[..] == "\"use strict\"" {
                            return true;
                        }
                    }
                }
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

pub fn pat_names(p: &Pat, out: &mut Vec<(Name, u32)>, pos: &Pos) {
    match p {
        Pat::Ident(b) => out.push((b.id.sym.to_string(), pos.of(b.id.span.lo))),
        Pat::Array(a) => {
            for e in a.elems.iter().flatten() {
                pat_names(e, out, pos)
            }
        }
        Pat::Rest(r) => pat_names(&r.arg, out, pos),
        Pat::Object(o) => {
            for pr in &o.props {
                match pr {
                    ObjectPatProp::KeyValue(kv) => pat_names(&kv.value, out, pos),
                    ObjectPatProp::Assign(a) => out.push((a.key.sym.to_string(), pos.of(a.key.span.lo))),
                    ObjectPatProp::Rest(r) => pat_names(&r.arg, out, pos),
                }
            }
        }
        Pat::Assign(a) => pat_names(&a.left, out, pos),
        _ => {}
    }
}

fn redeclared(n: &str, pos: u32) -> CErr {
    CErr { msg: format!("Identifier '{n}' has already been declared"), pos }
}

impl<'a> Analyzer<'a> {
    pub fn new(pos: &'a Pos) -> Self {
        Analyzer { a: Analysis::default(), pos, cur: 0, labels: vec![], flags: FnFlags { super_prop: false, super_call: false }, depth: 0 }
    }

    fn push_scope(&mut self, kind: SKind, k: (u32, u32, u8), strict: bool) -> ScopeId {
        let id = self.a.scopes.len();
        let parent = if id == 0 { None } else { Some(self.cur) };
        self.a.scopes.push(Scope {
            kind,
            parent,
            bindings: vec![],
            index: HashMap::new(),
            var_through: HashMap::new(),
            strict,
            simple_params: true,
            uses_arguments: false,
            is_derived_ctor: false,
            is_method: false,
        });
        self.a.map.insert(k, id);
        self.cur = id;
        id
    }

    fn strict(&self) -> bool {
        self.a.scopes[self.cur].strict
    }

    fn func_scope(&self, mut s: ScopeId) -> ScopeId {
        while !self.a.scopes[s].is_function() {
            s = self.a.scopes[s].parent.unwrap_or(0);
        }
        s
    }

    fn add(&mut self, s: ScopeId, name: Name, kind: BKind, pos: u32) -> R {
        let sc = &mut self.a.scopes[s];
        if let Some(&i) = sc.index.get(&name) {
            let old = sc.bindings[i].kind;
            let ok = match (old, kind) {
                (BKind::Var | BKind::Func | BKind::Param | BKind::FnName | BKind::Arguments, BKind::Var) => true,
                (BKind::Var | BKind::Func | BKind::FnName | BKind::Arguments, BKind::Func) => {
                    sc.kind != SKind::Block && sc.kind != SKind::Switch || !sc.strict
                }
                (BKind::Param, BKind::Func) => true,
                (BKind::Param, BKind::Param) => true, // duplicate params are checked separately
                (BKind::FnName, _) => true,
                _ => false,
            };
            if !ok {
                return Err(redeclared(&name, pos.max(sc.bindings[i].pos)));
            }
            if old == BKind::FnName || old == BKind::Arguments || (old == BKind::Var && kind == BKind::Func) {
                sc.bindings[i].kind = kind;
            }
            return Ok(());
        }
        if kind.is_lexical() || (kind == BKind::Func && matches!(sc.kind, SKind::Block | SKind::Switch)) {
            if let Some(&vp) = sc.var_through.get(&name) {
                return Err(redeclared(&name, pos.max(vp)));
            }
        }
        sc.index.insert(name.clone(), sc.bindings.len());
        sc.bindings.push(Binding { name, kind, captured: false, pos, annex_b: false });
        Ok(())
    }

    /// A `var` declaration found while walking: checks lexical conflicts on every scope up to the function scope.
    fn declare_var_walk(&mut self, name: &str, pos: u32) -> R {
        let mut s = self.cur;
        loop {
            let sc = &mut self.a.scopes[s];
            if let Some(b) = sc.lookup(name) {
                let conflict = b.kind.is_lexical()
                    || (b.kind == BKind::Func && matches!(sc.kind, SKind::Block | SKind::Switch))
                    || (b.kind == BKind::Catch && false);
                if conflict {
                    return Err(redeclared(name, pos.max(b.pos)));
                }
            }
            sc.var_through.entry(name.to_string()).or_insert(pos);
            if sc.is_function() {
                return Ok(());
            }
            s = sc.parent.unwrap_or(0);
        }
    }

    /// Hoists `var` names of a function body (not entering nested functions) to scope `fs`.
    fn hoist_vars(&mut self, stmts: &[Stmt], fs: ScopeId) -> R {
        let mut names = vec![];
        for s in stmts {
            collect_vars(s, &mut names, self.pos, 0);
        }
        let script = self.a.scopes[fs].kind == SKind::Script;
        for (n, p) in names {
            if script {
                let sc = &mut self.a.scopes[fs];
                sc.var_through.entry(n.clone()).or_insert(p);
                if !self.a.script_vars.contains(&n) {
                    self.a.script_vars.push(n);
                }
            } else {
                self.add(fs, n, BKind::Var, p)?;
            }
        }
        Ok(())
    }

    /// Declares the lexical bindings of a statement list in scope `s` (function top level if `top`).
    fn hoist_lexical(&mut self, stmts: &[Stmt], s: ScopeId, top: bool) -> R {
        let script = self.a.scopes[s].kind == SKind::Script;
        for st in stmts {
            let mut st = st;
            while let Stmt::Labeled(l) = st {
                st = &l.body;
            }
            match st {
                Stmt::Decl(Decl::Var(v)) if v.kind != VarDeclKind::Var => {
                    let mut names = vec![];
                    for d in &v.decls {
                        pat_names(&d.name, &mut names, self.pos);
                    }
                    let k = if v.kind == VarDeclKind::Const { BKind::Const } else { BKind::Let };
                    for (n, p) in names {
                        if n == "let" {
                            return Err(CErr { msg: "let is disallowed as a lexically bound name".into(), pos: p });
                        }
                        self.add(s, n, k, p)?;
                    }
                }
                Stmt::Decl(Decl::Class(c)) => {
                    self.add(s, c.ident.sym.to_string(), BKind::Class, self.pos.of(c.ident.span.lo))?;
                }
                Stmt::Decl(Decl::Fn(f)) => {
                    let n = f.ident.sym.to_string();
                    let p = self.pos.of(f.ident.span.lo);
                    if script && top {
                        if let Some(b) = self.a.scopes[s].lookup(&n) {
                            return Err(redeclared(&n, p.max(b.pos)));
                        }
                        self.a.scopes[s].var_through.entry(n.clone()).or_insert(p);
                        if !self.a.script_vars.contains(&n) {
                            self.a.script_vars.push(n);
                        }
                    } else {
                        self.add(s, n.clone(), BKind::Func, p)?;
                        if !top && !self.a.scopes[s].strict {
                            self.annex_b(s, &n, p)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Annex B.3.3: a sloppy block function also gets a function-level var unless that would conflict.
    fn annex_b(&mut self, block: ScopeId, n: &str, p: u32) -> R {
        let mut s = self.a.scopes[block].parent.unwrap_or(0);
        loop {
            let sc = &self.a.scopes[s];
            if let Some(b) = sc.lookup(n) {
                if b.kind.is_lexical() || b.kind == BKind::Param || b.kind == BKind::Catch {
                    return Ok(());
                }
                if b.kind == BKind::Func && !sc.is_function() {
                    return Ok(());
                }
            }
            if sc.is_function() {
                break;
            }
            s = sc.parent.unwrap_or(0);
        }
        if matches!(self.a.scopes[s].kind, SKind::Arrow | SKind::FieldInit) {
            // Arrows have their own var scope as well.
        }
        let i = self.a.scopes[block].index[n];
        self.a.scopes[block].bindings[i].annex_b = true;
        if self.a.scopes[s].kind == SKind::Script {
            if !self.a.script_vars.iter().any(|v| v == n) {
                self.a.script_vars.push(n.to_string());
            }
            // Registered so that a later script-level `let n` conflicts.
            self.a.scopes[s].var_through.entry(n.to_string()).or_insert(p);
        } else if self.a.scopes[s].lookup(n).is_none() {
            self.add(s, n.to_string(), BKind::Var, p)?;
        }
        let mut t = self.a.scopes[block].parent.unwrap_or(0);
        while t != s {
            self.a.scopes[t].var_through.entry(n.to_string()).or_insert(p);
            t = self.a.scopes[t].parent.unwrap_or(0);
        }
        Ok(())
    }

    /// Resolves a reference; marks the binding captured if the reference crosses a function boundary.
    pub fn reference(&mut self, name: &str) {
        let mut s = self.cur;
        let mut crossed = false;
        loop {
            let sc = &mut self.a.scopes[s];
            if let Some(&i) = sc.index.get(name) {
                if crossed {
                    sc.bindings[i].captured = true;
                }
                return;
            }
            if name == "arguments" && sc.kind == SKind::Function {
                sc.uses_arguments = true;
                sc.index.insert(name.to_string(), sc.bindings.len());
                sc.bindings.push(Binding { name: name.into(), kind: BKind::Arguments, captured: crossed, pos: 0, annex_b: false });
                return;
            }
            if sc.is_function() {
                crossed = true;
            }
            match sc.parent {
                Some(p) => s = p,
                None => return,
            }
        }
    }

    /// `this` / `new.target` used inside an arrow: the nearest non-arrow function saves it in its context.
    fn lexical_special(&mut self, name: &str, _pos: u32) -> R {
        let fs = self.func_scope(self.cur);
        if self.a.scopes[fs].kind != SKind::Arrow {
            return Ok(());
        }
        let mut s = fs;
        loop {
            let sc = &self.a.scopes[s];
            if sc.is_function() && sc.kind != SKind::Arrow {
                // Class field initialisers own their `this` (saved in their scope's context by the emitter).
                break;
            }
            s = sc.parent.unwrap_or(0);
        }
        if self.a.scopes[s].lookup(name).is_none() {
            self.add(s, name.to_string(), BKind::Special, 0)?;
        }
        self.reference(name);
        Ok(())
    }

    fn enter_depth(&mut self, pos: u32) -> R {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(CErr { msg: "too deeply nested".into(), pos });
        }
        Ok(())
    }

    // ------------------------------------------------------------------ entry points

    pub fn script(&mut self, s: &Script) -> R {
        let strict = is_strict_directive(&s.body);
        let id = self.push_scope(SKind::Script, key(s.span, T_SCRIPT), strict);
        self.hoist_lexical(&s.body, id, true)?;
        self.hoist_vars(&s.body, id)?;
        for st in &s.body {
            self.stmt(st)?;
        }
        Ok(())
    }

    /// Functions (declarations, expressions, methods, constructors, arrows).
    #[allow(clippy::too_many_arguments)]
    pub fn function(
        &mut self,
        span: swc_common::Span,
        params: &[&Pat],
        body: Option<&[Stmt]>,
        expr_body: Option<&Expr>,
        kind: SKind,
        self_name: Option<&Ident>,
        method: bool,
        derived_ctor: bool,
        force_strict: bool,
    ) -> R {
        let saved = self.cur;
        let strict = force_strict || self.strict() || body.map(is_strict_directive).unwrap_or(false);
        let id = self.push_scope(kind, key(span, T_FN), strict);
        let saved_labels = std::mem::take(&mut self.labels);
        let saved_flags = std::mem::replace(&mut self.flags, FnFlags { super_prop: false, super_call: false });
        {
            let sc = &mut self.a.scopes[id];
            sc.is_method = method;
            sc.is_derived_ctor = derived_ctor;
            sc.simple_params = params.iter().all(|p| matches!(p, Pat::Ident(_)));
        }
        if let Some(n) = self_name {
            self.check_eval_arguments(&n.sym, n.span.lo)?;
            self.add(id, n.sym.to_string(), BKind::FnName, self.pos.of(n.span.lo))?;
        }
        let mut names = vec![];
        for p in params {
            pat_names(p, &mut names, self.pos);
        }
        let strict_dup = strict || kind == SKind::Arrow || method || !self.a.scopes[id].simple_params;
        let mut seen = HashSet::new();
        for (n, p) in &names {
            if !seen.insert(n.clone()) && strict_dup {
                return Err(CErr { msg: "Duplicate parameter name not allowed in this context".into(), pos: *p });
            }
            if strict && (n == "eval" || n == "arguments") {
                return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: *p });
            }
            self.add(id, n.clone(), BKind::Param, *p)?;
        }
        if let Some(stmts) = body {
            self.hoist_lexical(stmts, id, true)?;
            self.hoist_vars(stmts, id)?;
        }
        for p in params {
            self.pat(p, None)?;
        }
        if let Some(stmts) = body {
            for st in stmts {
                self.stmt(st)?;
            }
        }
        if let Some(e) = expr_body {
            self.expr(e)?;
        }
        // Mapped arguments alias the parameters' context slots (V8's approach).
        let sc = &mut self.a.scopes[id];
        if sc.uses_arguments && !sc.strict && sc.simple_params && sc.kind == SKind::Function {
            for b in &mut sc.bindings {
                if b.kind == BKind::Param {
                    b.captured = true;
                }
            }
        }
        self.labels = saved_labels;
        self.flags = saved_flags;
        self.cur = saved;
        Ok(())
    }

    fn func(&mut self, f: &Function, name: Option<&Ident>, method: bool, derived: bool, strict: bool) -> R {
        if f.is_generator || f.is_async {
            return Err(CErr { msg: "generators and async functions are not supported yet".into(), pos: self.pos.of(f.span.lo) });
        }
        let params: Vec<&Pat> = f.params.iter().map(|p| &p.pat).collect();
        self.function(f.span, &params, f.body.as_ref().map(|b| &b.stmts[..]), None, SKind::Function, name, method, derived, strict)
    }

    // ------------------------------------------------------------------ statements

    fn block(&mut self, stmts: &[Stmt], k: (u32, u32, u8), kind: SKind) -> R {
        let saved = self.cur;
        let strict = self.strict();
        let id = self.push_scope(kind, k, strict);
        self.hoist_lexical(stmts, id, false)?;
        for s in stmts {
            self.stmt(s)?;
        }
        self.cur = saved;
        Ok(())
    }

    fn var_decl(&mut self, v: &VarDecl) -> R {
        for d in &v.decls {
            if v.kind == VarDeclKind::Var {
                let mut names = vec![];
                pat_names(&d.name, &mut names, self.pos);
                for (n, p) in names {
                    self.declare_var_walk(&n, p)?;
                }
            }
            self.pat(&d.name, None)?;
            if let Some(init) = &d.init {
                self.expr(init)?;
            }
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &Stmt) -> R {
        self.enter_depth(self.pos.of(s_span(s).lo))?;
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::Block(b) => self.block(&b.stmts, key(b.span, T_BLOCK), SKind::Block)?,
            Stmt::Empty(_) | Stmt::Debugger(_) => {}
            Stmt::With(w) => return Err(CErr { msg: "with statement is not supported yet".into(), pos: self.pos.of(w.span.lo) }),
            Stmt::Return(r) => {
                if let Some(a) = &r.arg {
                    self.expr(a)?
                }
            }
            Stmt::Labeled(l) => {
                let mut body = &*l.body;
                while let Stmt::Labeled(inner) = body {
                    body = &inner.body;
                }
                let is_loop = matches!(body, Stmt::While(_) | Stmt::DoWhile(_) | Stmt::For(_) | Stmt::ForIn(_) | Stmt::ForOf(_));
                if self.labels.iter().any(|x| x.name == l.label.sym.as_str()) {
                    return Err(CErr { msg: format!("Label '{}' has already been declared", l.label.sym), pos: self.pos.of(l.label.span.lo) });
                }
                self.labels.push(Label { name: l.label.sym.to_string(), is_loop });
                let r = self.stmt(&l.body);
                self.labels.pop();
                r?
            }
            Stmt::Break(_) => {}
            Stmt::Continue(c) => {
                if let Some(l) = &c.label {
                    match self.labels.iter().rev().find(|x| x.name == l.sym.as_str()) {
                        Some(x) if x.is_loop => {}
                        _ => {
                            return Err(CErr { msg: format!("Illegal continue statement: '{}' does not denote an iteration statement", l.sym), pos: self.pos.of(l.span.lo) })
                        }
                    }
                }
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.sub_stmt(&i.cons)?;
                if let Some(a) = &i.alt {
                    self.sub_stmt(a)?
                }
            }
            Stmt::Switch(sw) => {
                self.expr(&sw.discriminant)?;
                let saved = self.cur;
                let strict = self.strict();
                let id = self.push_scope(SKind::Switch, key(sw.span, T_SWITCH), strict);
                let all: Vec<Stmt> = vec![];
                let _ = all;
                for c in &sw.cases {
                    self.hoist_lexical(&c.cons, id, false)?;
                }
                for c in &sw.cases {
                    if let Some(t) = &c.test {
                        self.expr(t)?
                    }
                    for st in &c.cons {
                        self.stmt(st)?
                    }
                }
                self.cur = saved;
            }
            Stmt::Throw(t) => self.expr(&t.arg)?,
            Stmt::Try(t) => {
                self.block(&t.block.stmts, key(t.block.span, T_BLOCK), SKind::Block)?;
                if let Some(h) = &t.handler {
                    let saved = self.cur;
                    let strict = self.strict();
                    let id = self.push_scope(SKind::Catch, key(h.span, T_CATCH), strict);
                    if let Some(p) = &h.param {
                        let mut names = vec![];
                        pat_names(p, &mut names, self.pos);
                        let mut seen = HashSet::new();
                        for (n, ps) in names {
                            if !seen.insert(n.clone()) {
                                return Err(redeclared(&n, ps));
                            }
                            self.add(id, n, BKind::Catch, ps)?;
                        }
                        self.pat(p, None)?;
                    }
                    // The catch body's lexical declarations may not redeclare the parameter.
                    let simple = matches!(h.param, Some(Pat::Ident(_)) | None);
                    let body_id = self.push_scope(SKind::Block, key(h.body.span, T_BLOCK), strict);
                    self.hoist_lexical(&h.body.stmts, body_id, false)?;
                    for b in self.a.scopes[body_id].bindings.clone() {
                        if self.a.scopes[id].lookup(&b.name).is_some() {
                            return Err(redeclared(&b.name, b.pos));
                        }
                    }
                    if !simple {
                        for b in self.a.scopes[id].bindings.clone() {
                            self.a.scopes[id].var_through.remove(&b.name);
                        }
                    }
                    for st in &h.body.stmts {
                        self.stmt(st)?;
                    }
                    if !simple {
                        // `catch ([e]) { var e; }` is an error (only the simple form gets the Annex B exemption).
                        for b in &self.a.scopes[id].bindings {
                            if let Some(&p) = self.a.scopes[id].var_through.get(&b.name) {
                                return Err(redeclared(&b.name, p));
                            }
                        }
                    }
                    self.cur = saved;
                }
                if let Some(f) = &t.finalizer {
                    self.block(&f.stmts, key(f.span, T_BLOCK), SKind::Block)?;
                }
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.sub_stmt(&w.body)?;
            }
            Stmt::DoWhile(w) => {
                self.sub_stmt(&w.body)?;
                self.expr(&w.test)?;
            }
            Stmt::For(f) => {
                let saved = self.cur;
                let strict = self.strict();
                self.push_scope(SKind::Block, key(f.span, T_FOR), strict);
                let id = self.cur;
                if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
                    if v.kind != VarDeclKind::Var {
                        self.hoist_lexical(&[Stmt::Decl(Decl::Var(v.clone()))], id, false)?;
                    }
                    self.var_decl(v)?;
                } else if let Some(VarDeclOrExpr::Expr(e)) = &f.init {
                    self.expr(e)?;
                }
                if let Some(t) = &f.test {
                    self.expr(t)?
                }
                if let Some(u) = &f.update {
                    self.expr(u)?
                }
                self.sub_stmt(&f.body)?;
                self.cur = saved;
            }
            Stmt::ForIn(ForInStmt { span, left, right, body, .. }) | Stmt::ForOf(ForOfStmt { span, left, right, body, .. }) => {
                if let Stmt::ForOf(fo) = s {
                    if fo.is_await {
                        return Err(CErr { msg: "for await is not supported yet".into(), pos: self.pos.of(span.lo) });
                    }
                }
                let saved = self.cur;
                let strict = self.strict();
                self.push_scope(SKind::Block, key(*span, T_FOR), strict);
                let id = self.cur;
                if let ForHead::VarDecl(v) = left {
                    if v.kind != VarDeclKind::Var {
                        // The head bindings are in TDZ while the right-hand side is evaluated.
                        self.hoist_lexical(&[Stmt::Decl(Decl::Var(v.clone()))], id, false)?;
                    }
                }
                self.expr(right)?;
                match left {
                    ForHead::VarDecl(v) => self.var_decl(v)?,
                    ForHead::Pat(p) => self.pat(p, None)?,
                    ForHead::UsingDecl(u) => return Err(CErr { msg: "using declarations are not supported yet".into(), pos: self.pos.of(u.span.lo) }),
                }
                self.sub_stmt(body)?;
                self.cur = saved;
            }
            Stmt::Decl(d) => match d {
                Decl::Var(v) => self.var_decl(v)?,
                Decl::Fn(f) => {
                    let body_strict = f.function.body.as_ref().map(|b| is_strict_directive(&b.stmts)).unwrap_or(false);
                    if (self.strict() || body_strict) && (&f.ident.sym[..] == "eval" || &f.ident.sym[..] == "arguments") {
                        return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: self.pos.of(f.ident.span.lo) });
                    }
                    self.func(&f.function, None, false, false, false)?
                }
                Decl::Class(c) => self.class(&c.class, Some(&c.ident))?,
                _ => return Err(CErr { msg: "this declaration is not supported yet".into(), pos: self.pos.of(s_span(s).lo) }),
            },
            Stmt::Expr(e) => self.expr(&e.expr)?,
        }
        Ok(())
    }

    /// A statement in a sub-statement position (if/loop body): a bare function declaration there gets its own
    /// scope in the emitter too; lexical declarations there are syntax errors already.
    fn sub_stmt(&mut self, s: &Stmt) -> R {
        let mut inner = s;
        while let Stmt::Labeled(l) = inner {
            inner = &l.body;
        }
        if let (Stmt::Labeled(_), Stmt::Decl(Decl::Fn(f))) = (s, inner) {
            return Err(CErr { msg: "Labelled function declarations are not allowed in statement position".into(), pos: self.pos.of(f.function.span.lo) });
        }
        if let Stmt::Decl(Decl::Fn(_)) = s {
            return Err(CErr { msg: "function declarations in statement position are not supported yet".into(), pos: self.pos.of(s_span(s).lo) });
        }
        self.stmt(s)
    }

    // ------------------------------------------------------------------ classes

    pub fn class(&mut self, c: &Class, name: Option<&Ident>) -> R {
        let saved = self.cur;
        let id = self.push_scope(SKind::Class, key(c.span, T_CLASS), true);
        if let Some(n) = name {
            self.add(id, n.sym.to_string(), BKind::ClassInner, self.pos.of(n.span.lo))?;
        }
        if let Some(sc) = &c.super_class {
            self.expr(sc)?;
        }
        let derived = c.super_class.is_some();
        let mut has_fields = false;
        let mut has_static = false;
        for m in &c.body {
            match m {
                ClassMember::Constructor(k) => {
                    let mut pats = vec![];
                    for p in &k.params {
                        match p {
                            ParamOrTsParamProp::Param(p) => pats.push(&p.pat),
                            _ => return Err(CErr { msg: "TypeScript is not supported".into(), pos: self.pos.of(k.span.lo) }),
                        }
                    }
                    self.function(k.span, &pats, k.body.as_ref().map(|b| &b.stmts[..]), None, SKind::Function, None, true, derived, true)?;
                }
                ClassMember::Method(m) => {
                    self.prop_name(&m.key)?;
                    self.func(&m.function, None, true, false, true)?;
                }
                ClassMember::ClassProp(p) => {
                    self.prop_name(&p.key)?;
                    if p.is_static {
                        has_static = true
                    } else {
                        has_fields = true
                    }
                }
                ClassMember::Empty(_) => {}
                ClassMember::PrivateMethod(p) => return Err(CErr { msg: "private class members are not supported yet".into(), pos: self.pos.of(p.span.lo) }),
                ClassMember::PrivateProp(p) => return Err(CErr { msg: "private class members are not supported yet".into(), pos: self.pos.of(p.span.lo) }),
                ClassMember::StaticBlock(b) => return Err(CErr { msg: "static blocks are not supported yet".into(), pos: self.pos.of(b.span.lo) }),
                _ => return Err(CErr { msg: "this class member is not supported yet".into(), pos: self.pos.of(c.span.lo) }),
            }
        }
        // Field initialisers: one pseudo-function scope for instance fields, one for static ones.
        for (tag, stat, any) in [(T_FIELDS, false, has_fields), (T_STATIC_FIELDS, true, has_static)] {
            if !any {
                continue;
            }
            let fid = self.push_scope(SKind::FieldInit, key(c.span, tag), true);
            self.a.scopes[fid].is_method = true;
            let saved_flags = std::mem::replace(&mut self.flags, FnFlags { super_prop: false, super_call: false });
            for m in &c.body {
                if let ClassMember::ClassProp(p) = m {
                    if p.is_static == stat {
                        if let Some(v) = &p.value {
                            self.expr(v)?;
                        }
                    }
                }
            }
            self.flags = saved_flags;
            self.cur = id;
        }
        self.cur = saved;
        Ok(())
    }

    fn prop_name(&mut self, k: &PropName) -> R {
        if let PropName::Computed(c) = k {
            self.expr(&c.expr)?;
        }
        if let PropName::BigInt(b) = k {
            return Err(CErr { msg: "BigInt is not supported yet".into(), pos: self.pos.of(b.span.lo) });
        }
        Ok(())
    }

    // ------------------------------------------------------------------ patterns

    /// Walks a binding/assignment pattern: references for assignment targets, default values, computed keys.
    fn pat(&mut self, p: &Pat, _k: Option<()>) -> R {
        match p {
            Pat::Ident(b) => {
                self.check_eval_arguments(&b.id.sym, b.id.span.lo)?;
                self.reference(&b.id.sym)
            }
            Pat::Array(a) => {
                for e in a.elems.iter().flatten() {
                    self.pat(e, None)?
                }
            }
            Pat::Rest(r) => self.pat(&r.arg, None)?,
            Pat::Object(o) => {
                for pr in &o.props {
                    match pr {
                        ObjectPatProp::KeyValue(kv) => {
                            self.prop_name(&kv.key)?;
                            self.pat(&kv.value, None)?
                        }
                        ObjectPatProp::Assign(a) => {
                            self.check_eval_arguments(&a.key.sym, a.key.span.lo)?;
                            self.reference(&a.key.sym);
                            if let Some(v) = &a.value {
                                self.expr(v)?
                            }
                        }
                        ObjectPatProp::Rest(r) => self.pat(&r.arg, None)?,
                    }
                }
            }
            Pat::Assign(a) => {
                self.pat(&a.left, None)?;
                self.expr(&a.right)?;
            }
            Pat::Expr(e) => self.expr(e)?,
            Pat::Invalid(i) => return Err(CErr { msg: "Invalid pattern".into(), pos: self.pos.of(i.span.lo) }),
        }
        Ok(())
    }

    fn check_eval_arguments(&self, n: &str, at: swc_common::BytePos) -> R {
        if self.strict() && (n == "eval" || n == "arguments") {
            return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: self.pos.of(at) });
        }
        Ok(())
    }

    /// Legacy octal and \8 \9 escapes are not allowed in strict string literals.
    fn check_string_escapes(&self, raw: &str, at: swc_common::BytePos, template: bool) -> R {
        if !template && !self.strict() {
            return Ok(());
        }
        let b = raw.as_bytes();
        let mut i = 0;
        while i + 1 < b.len() {
            if b[i] == b'\\' {
                let c = b[i + 1];
                let bad = matches!(c, b'1'..=b'9') || (c == b'0' && i + 2 < b.len() && b[i + 2].is_ascii_digit());
                if bad {
                    let msg = if template { "Invalid escape sequence in template" } else { "Octal escape sequences are not allowed in strict mode." };
                    return Err(CErr { msg: msg.into(), pos: self.pos.of(at) });
                }
                i += 2;
            } else {
                i += 1;
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------------ expressions

    fn check_super_prop(&mut self, pos: u32) -> R {
        let mut s = self.cur;
        loop {
            let sc = &self.a.scopes[s];
            if sc.kind == SKind::Function || sc.kind == SKind::FieldInit {
                if sc.is_method {
                    return Ok(());
                }
                break;
            }
            if sc.kind == SKind::Script {
                break;
            }
            s = sc.parent.unwrap_or(0);
        }
        Err(CErr { msg: "'super' keyword unexpected here".into(), pos })
    }

    fn check_super_call(&mut self, pos: u32) -> R {
        let mut s = self.cur;
        loop {
            let sc = &self.a.scopes[s];
            if sc.kind == SKind::Function || sc.kind == SKind::FieldInit {
                if sc.is_derived_ctor {
                    return Ok(());
                }
                break;
            }
            if sc.kind == SKind::Script {
                break;
            }
            s = sc.parent.unwrap_or(0);
        }
        Err(CErr { msg: "'super' keyword unexpected here".into(), pos })
    }

    fn exprs(&mut self, es: &[ExprOrSpread]) -> R {
        for e in es {
            self.expr(&e.expr)?;
        }
        Ok(())
    }

    pub fn expr(&mut self, e: &Expr) -> R {
        self.enter_depth(self.pos.of(e_span(e).lo))?;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> R {
        match e {
            Expr::This(t) => {
                let p = self.pos.of(t.span.lo);
                self.lexical_special("%this", p)?
            }
            Expr::Array(a) => {
                for el in a.elems.iter().flatten() {
                    self.expr(&el.expr)?
                }
            }
            Expr::Object(o) => {
                let mut proto = false;
                for p in &o.props {
                    match p {
                        PropOrSpread::Spread(s) => self.expr(&s.expr)?,
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::Shorthand(i) => self.reference(&i.sym),
                            Prop::KeyValue(kv) => {
                                let is_proto = match &kv.key {
                                    PropName::Ident(i) => &i.sym[..] == "__proto__",
                                    PropName::Str(s) => s.value.as_wtf8().as_str() == Some("__proto__"),
                                    _ => false,
                                };
                                if is_proto {
                                    if proto {
                                        return Err(CErr { msg: "Duplicate __proto__ fields are not allowed in object literals".into(), pos: self.pos.of(kv.key.span_lo()) });
                                    }
                                    proto = true;
                                }
                                self.prop_name(&kv.key)?;
                                self.expr(&kv.value)?
                            }
                            Prop::Assign(a) => return Err(CErr { msg: "Invalid shorthand property initializer".into(), pos: self.pos.of(a.key.span.lo) }),
                            Prop::Getter(g) => {
                                self.prop_name(&g.key)?;
                                self.func(&g.function, None, true, false, false)?
                            }
                            Prop::Setter(st) => {
                                self.prop_name(&st.key)?;
                                self.func(&st.function, None, true, false, false)?
                            }
                            Prop::Method(m) => {
                                self.prop_name(&m.key)?;
                                self.func(&m.function, None, true, false, false)?
                            }
                        },
                    }
                }
            }
            Expr::Fn(f) => self.func(&f.function, f.ident.as_ref(), false, false, false)?,
            Expr::Unary(u) => {
                if u.op == UnaryOp::Delete && self.strict() {
                    if let Expr::Ident(i) = strip_paren(&u.arg) {
                        return Err(CErr { msg: "Delete of an unqualified identifier in strict mode.".into(), pos: self.pos.of(i.span.lo) });
                    }
                }
                self.expr(&u.arg)?
            }
            Expr::Update(u) => self.expr(&u.arg)?,
            Expr::Bin(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?
            }
            Expr::Assign(a) => {
                match &a.left {
                    AssignTarget::Simple(s) => match s {
                        SimpleAssignTarget::Ident(i) => {
                            if self.strict() && (&i.id.sym[..] == "eval" || &i.id.sym[..] == "arguments") {
                                return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: self.pos.of(i.id.span.lo) });
                            }
                            self.reference(&i.id.sym)
                        }
                        SimpleAssignTarget::Member(m) => self.member(m)?,
                        SimpleAssignTarget::SuperProp(sp) => self.super_prop(sp)?,
                        SimpleAssignTarget::Paren(p) => self.expr(&p.expr)?,
                        _ => return Err(CErr { msg: "Invalid left-hand side in assignment".into(), pos: self.pos.of(a.span.lo) }),
                    },
                    AssignTarget::Pat(p) => match p {
                        AssignTargetPat::Array(ap) => self.pat(&Pat::Array(ap.clone()), None)?,
                        AssignTargetPat::Object(op) => self.pat(&Pat::Object(op.clone()), None)?,
                        AssignTargetPat::Invalid(i) => return Err(CErr { msg: "Invalid left-hand side in assignment".into(), pos: self.pos.of(i.span.lo) }),
                    },
                }
                self.expr(&a.right)?
            }
            Expr::Member(m) => self.member(m)?,
            Expr::SuperProp(sp) => self.super_prop(sp)?,
            Expr::Cond(c) => {
                self.expr(&c.test)?;
                self.expr(&c.cons)?;
                self.expr(&c.alt)?
            }
            Expr::Call(c) => {
                match &c.callee {
                    Callee::Super(s) => {
                        self.check_super_call(self.pos.of(s.span.lo))?;
                        let p = self.pos.of(s.span.lo);
                        self.lexical_special("%this", p)?;
                        self.lexical_special("%new.target", p)?;
                    }
                    Callee::Import(i) => return Err(CErr { msg: "import() is not supported yet".into(), pos: self.pos.of(i.span.lo) }),
                    Callee::Expr(e) => self.expr(e)?,
                }
                self.exprs(&c.args)?
            }
            Expr::New(n) => {
                self.expr(&n.callee)?;
                if let Some(a) = &n.args {
                    self.exprs(a)?
                }
            }
            Expr::Seq(s) => {
                for e in &s.exprs {
                    self.expr(e)?
                }
            }
            Expr::Ident(i) => self.reference(&i.sym),
            Expr::Lit(Lit::BigInt(b)) => return Err(CErr { msg: "BigInt is not supported yet".into(), pos: self.pos.of(b.span.lo) }),
            Expr::Lit(Lit::Str(st)) => {
                if let Some(raw) = &st.raw {
                    self.check_string_escapes(raw, st.span.lo, false)?;
                }
            }
            Expr::Lit(_) => {}
            Expr::Tpl(t) => {
                for q in &t.quasis {
                    self.check_string_escapes(&q.raw, q.span.lo, true)?;
                }
                for e in &t.exprs {
                    self.expr(e)?
                }
            }
            Expr::TaggedTpl(t) => return Err(CErr { msg: "tagged templates are not supported yet".into(), pos: self.pos.of(t.span.lo) }),
            Expr::Arrow(a) => {
                if a.is_async || a.is_generator {
                    return Err(CErr { msg: "async functions are not supported yet".into(), pos: self.pos.of(a.span.lo) });
                }
                let params: Vec<&Pat> = a.params.iter().collect();
                match &*a.body {
                    ArrowFunctionBody::FunctionBody(b) => self.function(a.span, &params, Some(&b.stmts), None, SKind::Arrow, None, false, false, false)?,
                    ArrowFunctionBody::Expr(ex) => self.function(a.span, &params, None, Some(ex), SKind::Arrow, None, false, false, false)?,
                }
            }
            Expr::Class(c) => self.class(&c.class, c.ident.as_ref())?,
            Expr::Yield(y) => return Err(CErr { msg: "yield is not supported yet".into(), pos: self.pos.of(y.span.lo) }),
            Expr::Await(y) => return Err(CErr { msg: "await is not supported yet".into(), pos: self.pos.of(y.span.lo) }),
            Expr::MetaProp(m) => match m.kind {
                MetaPropKind::NewTarget => {
                    let p = self.pos.of(m.span.lo);
                    self.lexical_special("%new.target", p)?
                }
                MetaPropKind::ImportMeta => return Err(CErr { msg: "import.meta is not supported".into(), pos: self.pos.of(m.span.lo) }),
            },
            Expr::Paren(p) => self.expr(&p.expr)?,
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.member(m)?,
                OptChainBase::Call(c) => {
                    self.expr(&c.callee)?;
                    self.exprs(&c.args)?
                }
            },
            Expr::PrivateName(p) => return Err(CErr { msg: "private class members are not supported yet".into(), pos: self.pos.of(p.span.lo) }),
            other => return Err(CErr { msg: "this expression is not supported yet".into(), pos: self.pos.of(e_span(other).lo) }),
        }
        Ok(())
    }

    fn member(&mut self, m: &MemberExpr) -> R {
        self.expr(&m.obj)?;
        match &m.prop {
            MemberProp::Computed(c) => self.expr(&c.expr),
            MemberProp::PrivateName(p) => Err(CErr { msg: "private class members are not supported yet".into(), pos: self.pos.of(p.span.lo) }),
            MemberProp::Ident(_) => Ok(()),
        }
    }

    fn super_prop(&mut self, sp: &SuperPropExpr) -> R {
        let p = self.pos.of(sp.span.lo);
        self.check_super_prop(p)?;
        self.lexical_special("%this", p)?;
        if let SuperProp::Computed(c) = &sp.prop {
            self.expr(&c.expr)?;
        }
        Ok(())
    }
}

trait SpanLo {
    fn span_lo(&self) -> swc_common::BytePos;
}
impl SpanLo for PropName {
    fn span_lo(&self) -> swc_common::BytePos {
        use swc_common::Spanned;
        self.span().lo
    }
}

pub fn s_span(s: &Stmt) -> swc_common::Span {
    use swc_common::Spanned;
    s.span()
}
pub fn e_span(e: &Expr) -> swc_common::Span {
    use swc_common::Spanned;
    e.span()
}

pub fn strip_paren(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_paren(&p.expr),
        e => e,
    }
}

/// Collects `var` names declared by a statement (recursively through blocks, not into functions).
pub fn collect_vars(s: &Stmt, out: &mut Vec<(Name, u32)>, pos: &Pos, depth: u32) {
    if depth > 2100 {
        return;
    }
    let d = depth + 1;
    match s {
        Stmt::Block(b) => b.stmts.iter().for_each(|s| collect_vars(s, out, pos, d)),
        Stmt::Labeled(l) => collect_vars(&l.body, out, pos, d),
        Stmt::If(i) => {
            collect_vars(&i.cons, out, pos, d);
            if let Some(a) = &i.alt {
                collect_vars(a, out, pos, d)
            }
        }
        Stmt::Switch(sw) => sw.cases.iter().flat_map(|c| c.cons.iter()).for_each(|s| collect_vars(s, out, pos, d)),
        Stmt::Try(t) => {
            t.block.stmts.iter().for_each(|s| collect_vars(s, out, pos, d));
            if let Some(h) = &t.handler {
                h.body.stmts.iter().for_each(|s| collect_vars(s, out, pos, d));
            }
            if let Some(f) = &t.finalizer {
                f.stmts.iter().for_each(|s| collect_vars(s, out, pos, d));
            }
        }
        Stmt::While(w) => collect_vars(&w.body, out, pos, d),
        Stmt::DoWhile(w) => collect_vars(&w.body, out, pos, d),
        Stmt::For(f) => {
            if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
                if v.kind == VarDeclKind::Var {
                    v.decls.iter().for_each(|x| pat_names(&x.name, out, pos));
                }
            }
            collect_vars(&f.body, out, pos, d)
        }
        Stmt::ForIn(ForInStmt { left, body, .. }) | Stmt::ForOf(ForOfStmt { left, body, .. }) => {
            if let ForHead::VarDecl(v) = left {
                if v.kind == VarDeclKind::Var {
                    v.decls.iter().for_each(|x| pat_names(&x.name, out, pos));
                }
            }
            collect_vars(body, out, pos, d)
        }
        Stmt::Decl(Decl::Var(v)) if v.kind == VarDeclKind::Var => v.decls.iter().for_each(|x| pat_names(&x.name, out, pos)),
        _ => {}
    }
}
