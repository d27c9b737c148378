//! The walk of the scope-analysis pass over statements, classes, patterns and expressions, with the early errors
//! that need no scope information beyond the walk itself: `continue` to a non-loop label, nested duplicate labels,
//! misplaced `super`, strict-mode `eval`/`arguments` bindings and assignments, strict `delete x`, legacy octal
//! escapes, duplicate `__proto__` in object literals, labelled functions in statement position,
//! invalid regular expression literals, `break`/`continue` without a target, `delete` of a private member,
//! spread arguments of `import()`. (All of them are checked here, over the whole script at load, rather than when
//! bytecode is generated: lazy compilation generates a function's bytecode only at its first call.)
//!
//! Invariants: every scope-opening node calls `push_scope` with the same key the emitter looks up, and restores
//! `cur` on the way out (also on success paths that return early).

use super::CErr;
use super::scope::*;

/// The targets of an unlabelled `break` or `continue` among the labels in scope (no label can spell them).
const UNLABELLED_LOOP: &str = "%loop";
const UNLABELLED_SWITCH: &str = "%switch";
use ahash::AHashSet as HashSet;
use swc_ecma_ast::*;

impl<'a> Analyzer<'a> {
    // ------------------------------------------------------------------ statements

    pub(crate) fn block(&mut self, stmts: &[Stmt], k: (u32, u32, u8), kind: SKind) -> R {
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

    pub(crate) fn var_decl(&mut self, v: &VarDecl) -> R {
        for d in &v.decls {
            if v.kind == VarDeclKind::Var {
                let mut names = vec![];
                pat_names(&d.name, &mut names, self.pos);
                for (n, p) in names {
                    self.declare_var_walk(&n, p)?;
                }
            }
            self.pat(&d.name, true)?;
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

    pub(crate) fn stmt_inner(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::Block(b) => self.block(&b.stmts, key(b.span, T_BLOCK), SKind::Block)?,
            Stmt::Empty(_) | Stmt::Debugger(_) => {}
            Stmt::With(w) => {
                if self.strict() {
                    return Err(CErr {
                        msg: "Strict mode code may not include a with statement".into(),
                        pos: self.pos.of(w.span.lo),
                    });
                }
                self.expr(&w.obj)?;
                let saved = self.cur;
                let id = self.push_scope(SKind::With, key(w.span, T_WITH), false);
                self.add(id, with_binding(self.a.generation, w.span.lo.0), BKind::Var, 0)?;
                // In a context: closures made in the body look at the object too.
                if let Some(b) = self.a.scopes[id].bindings.last_mut() {
                    b.captured = true;
                }
                self.sub_stmt(&w.body)?;
                self.cur = saved;
            }
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
                let is_loop =
                    matches!(body, Stmt::While(_) | Stmt::DoWhile(_) | Stmt::For(_) | Stmt::ForIn(_) | Stmt::ForOf(_));
                self.check_reserved(&l.label.sym, self.pos.of(l.label.span.lo))?;
                if let Stmt::Decl(Decl::Fn(f)) = body
                    && (f.function.is_async || f.function.is_generator)
                {
                    return Err(CErr {
                        msg: "Async and generator functions cannot be labelled".into(),
                        pos: self.pos.of(f.function.span.lo),
                    });
                }
                if self.labels.iter().any(|x| x.name == l.label.sym.as_str()) {
                    return Err(CErr {
                        msg: format!("Label '{}' has already been declared", l.label.sym),
                        pos: self.pos.of(l.label.span.lo),
                    });
                }
                self.labels.push(Label { name: l.label.sym.to_string(), is_loop });
                let r = self.stmt(&l.body);
                self.labels.pop();
                r?
            }
            Stmt::Break(b) => {
                let target = match &b.label {
                    Some(l) => self.labels.iter().any(|x| x.name == l.sym.as_str()),
                    None => self.labels.iter().any(|x| x.name == UNLABELLED_LOOP || x.name == UNLABELLED_SWITCH),
                };
                if !target {
                    return Err(CErr { msg: "Illegal break statement".into(), pos: self.pos.of(b.span.lo) });
                }
            }
            Stmt::Continue(c) => {
                if c.label.is_none() && !self.labels.iter().any(|x| x.name == UNLABELLED_LOOP) {
                    return Err(CErr { msg: "Illegal continue statement".into(), pos: self.pos.of(c.span.lo) });
                }
                if let Some(l) = &c.label {
                    match self.labels.iter().rev().find(|x| x.name == l.sym.as_str()) {
                        Some(x) if x.is_loop => {}
                        _ => {
                            return Err(CErr {
                                msg: format!(
                                    "Illegal continue statement: '{}' does not denote an iteration statement",
                                    l.sym
                                ),
                                pos: self.pos.of(l.span.lo),
                            });
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
                self.labels.push(Label { name: UNLABELLED_SWITCH.into(), is_loop: false });
                let r = sw.cases.iter().try_for_each(|c| {
                    if let Some(t) = &c.test {
                        self.expr(t)?
                    }
                    c.cons.iter().try_for_each(|st| self.stmt(st))
                });
                self.labels.pop();
                r?;
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
                        self.pat(p, true)?;
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
                self.loop_body(&w.body)?;
            }
            Stmt::DoWhile(w) => {
                self.loop_body(&w.body)?;
                self.expr(&w.test)?;
            }
            Stmt::For(f) => {
                self.check_for_header(f)?;
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
                self.loop_body(&f.body)?;
                self.cur = saved;
            }
            Stmt::ForIn(ForInStmt { span, left, right, body, .. })
            | Stmt::ForOf(ForOfStmt { span, left, right, body, .. }) => {
                if matches!(s, Stmt::ForOf(f) if f.is_await) {
                    self.note_top_level_await();
                }
                let saved = self.cur;
                let strict = self.strict();
                self.push_scope(SKind::Block, key(*span, T_FOR), strict);
                let id = self.cur;
                if let ForHead::VarDecl(v) = left
                    && v.kind != VarDeclKind::Var
                {
                    // The head bindings are in TDZ while the right-hand side is evaluated.
                    self.hoist_lexical(&[Stmt::Decl(Decl::Var(v.clone()))], id, false)?;
                    let end = self.pos.of(e_span(right).hi);
                    let mut names = vec![];
                    for d in &v.decls {
                        pat_names(&d.name, &mut names, self.pos);
                    }
                    for (n, _) in names {
                        self.set_decl_end(id, &n, end);
                    }
                }
                self.expr(right)?;
                match left {
                    ForHead::VarDecl(v) => self.var_decl(v)?,
                    ForHead::Pat(p) => self.pat(p, false)?,
                    ForHead::UsingDecl(u) => {
                        return Err(CErr {
                            msg: "using declarations are not supported yet".into(),
                            pos: self.pos.of(u.span.lo),
                        });
                    }
                }
                self.loop_body(body)?;
                self.cur = saved;
            }
            Stmt::Decl(d) => match d {
                Decl::Var(v) => self.var_decl(v)?,
                Decl::Fn(f) => {
                    let body_strict = f.function.body.as_ref().map(|b| is_strict_directive(&b.stmts)).unwrap_or(false);
                    if (self.strict() || body_strict) && (&f.ident.sym[..] == "eval" || &f.ident.sym[..] == "arguments")
                    {
                        return Err(CErr {
                            msg: "Unexpected eval or arguments in strict mode".into(),
                            pos: self.pos.of(f.ident.span.lo),
                        });
                    }
                    self.func(&f.function, None, false, false, false)?
                }
                Decl::Class(c) => self.class(&c.class, Some(&c.ident))?,
                _ => {
                    return Err(CErr {
                        msg: "this declaration is not supported yet".into(),
                        pos: self.pos.of(s_span(s).lo),
                    });
                }
            },
            Stmt::Expr(e) => self.expr(&e.expr)?,
        }
        Ok(())
    }

    /// A statement in a sub-statement position (if/loop body): a bare function declaration there gets its own
    /// scope in the emitter too; lexical declarations there are syntax errors already.
    /// A `for (;;)` header has both its semicolons in the source: automatic semicolon insertion never makes one
    /// (swc inserts it before a line break, `for (a; b\n)`). The text from the end of the initialiser to the start
    /// of the update, comments aside, must hold two `;` (one inside the test's own text can only add to the count).
    fn check_for_header(&self, f: &ForStmt) -> R {
        let init_end = match &f.init {
            Some(VarDeclOrExpr::VarDecl(v)) => v.span.hi,
            Some(VarDeclOrExpr::Expr(e)) => swc_common::Spanned::span(&**e).hi,
            None => f.span.lo,
        };
        let end =
            f.update.as_ref().map_or(swc_common::Spanned::span(&*f.body).lo, |u| swc_common::Spanned::span(&**u).lo);
        let mut text = self.pos.text(init_end, end);
        let mut count = 0;
        while !text.is_empty() {
            if let Some(rest) = text.strip_prefix("/*") {
                text = rest.find("*/").map_or("", |e| &rest[e + 2..]);
            } else if let Some(rest) = text.strip_prefix("//") {
                text = rest.find(['\n', '\r', '\u{2028}', '\u{2029}']).map_or("", |e| &rest[e..]);
            } else {
                let c = text.chars().next().unwrap_or(' ');
                count += (c == ';') as u32;
                text = &text[c.len_utf8()..];
            }
        }
        if count < 2 {
            return Err(CErr {
                msg: "Unexpected token ')': a for header needs two semicolons".into(),
                pos: self.pos.of(f.span.lo),
            });
        }
        Ok(())
    }

    /// A loop's body: an unlabelled `break` or `continue` in it has a target.
    fn loop_body(&mut self, body: &Stmt) -> R {
        self.labels.push(Label { name: UNLABELLED_LOOP.into(), is_loop: true });
        let r = self.sub_stmt(body);
        self.labels.pop();
        r
    }

    pub(crate) fn sub_stmt(&mut self, s: &Stmt) -> R {
        let mut inner = s;
        while let Stmt::Labeled(l) = inner {
            inner = &l.body;
        }
        if let (Stmt::Labeled(_), Stmt::Decl(Decl::Fn(f))) = (s, inner) {
            return Err(CErr {
                msg: "Labelled function declarations are not allowed in statement position".into(),
                pos: self.pos.of(f.function.span.lo),
            });
        }
        if let Stmt::Decl(Decl::Fn(_)) = s {
            return Err(CErr {
                msg: "function declarations in statement position are not supported yet".into(),
                pos: self.pos.of(s_span(s).lo),
            });
        }
        // An expression statement may not start with `let [` (swc reads `let\n[a] = 0` as a member assignment): here
        // it would be a lexical declaration, which a single-statement position does not allow.
        if let Stmt::Expr(e) = inner {
            let text = self.pos.text(e.span.lo, e.span.hi);
            if text.strip_prefix("let").is_some_and(|rest| rest.trim_start().starts_with('[')) {
                return Err(CErr {
                    msg: "Lexical declaration cannot appear in a single-statement context".into(),
                    pos: self.pos.of(e.span.lo),
                });
            }
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
        // After the heritage: `extends` is evaluated outside the class's private environment.
        self.declare_class_privates(id, c)?;
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
                            _ => {
                                return Err(CErr {
                                    msg: "TypeScript is not supported".into(),
                                    pos: self.pos.of(k.span.lo),
                                });
                            }
                        }
                    }
                    self.function(
                        k.span,
                        &pats,
                        k.body.as_ref().map(|b| &b.stmts[..]),
                        None,
                        SKind::Function,
                        None,
                        true,
                        derived,
                        true,
                        (false, false),
                    )?;
                }
                ClassMember::Method(m) => {
                    let is_prototype = match &m.key {
                        PropName::Ident(i) => &*i.sym == "prototype",
                        PropName::Str(st) => st.value.as_str() == Some("prototype"),
                        _ => false,
                    };
                    if m.is_static && is_prototype {
                        return Err(CErr {
                            msg: "Classes may not have a static property named 'prototype'".into(),
                            pos: self.pos.of(m.key.span_lo()),
                        });
                    }
                    self.prop_name(&m.key)?;
                    self.func(&m.function, None, true, false, true)?;
                }
                ClassMember::ClassProp(p) => {
                    self.prop_name(&p.key)?;
                    if p.is_static { has_static = true } else { has_fields = true }
                }
                ClassMember::Empty(_) => {}
                ClassMember::PrivateMethod(p) => {
                    self.func(&p.function, None, true, false, true)?;
                    if p.is_static { has_static = true } else { has_fields = true }
                }
                ClassMember::PrivateProp(p) => {
                    if p.is_static {
                        has_static = true
                    } else {
                        has_fields = true
                    }
                }
                // Walked with the static initialisers, in whose scope it is made and run.
                ClassMember::StaticBlock(_) => has_static = true,
                _ => {
                    return Err(CErr {
                        msg: "this class member is not supported yet".into(),
                        pos: self.pos.of(c.span.lo),
                    });
                }
            }
        }
        // Field initialisers: one pseudo-function scope for instance fields, one for static ones.
        for (tag, stat, any) in [(T_FIELDS, false, has_fields), (T_STATIC_FIELDS, true, has_static)] {
            if !any {
                continue;
            }
            let fid = self.push_scope(SKind::FieldInit, key(c.span, tag), true);
            self.a.scopes[fid].is_method = true;
            let saved_flags = std::mem::replace(&mut self.flags, FnFlags::NONE);
            self.reference_class_elements(c, stat);
            for m in &c.body {
                match m {
                    ClassMember::ClassProp(ClassProp { is_static, value: Some(v), .. })
                    | ClassMember::PrivateProp(PrivateProp { is_static, value: Some(v), .. })
                        if *is_static == stat =>
                    {
                        self.expr(v)?
                    }
                    ClassMember::StaticBlock(b) if stat => self.function(
                        b.span,
                        &[],
                        Some(&b.body.stmts[..]),
                        None,
                        SKind::Function,
                        None,
                        true,
                        false,
                        true,
                        (false, false),
                    )?,
                    _ => {}
                }
            }
            self.flags = saved_flags;
            self.cur = id;
        }
        self.cur = saved;
        Ok(())
    }

    pub(crate) fn prop_name(&mut self, k: &PropName) -> R {
        if let PropName::Computed(c) = k {
            self.expr(&c.expr)?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ patterns

    /// Walks a binding/assignment pattern: references for assignment targets, default values, computed keys.
    /// `decl`: a declaration (binding names are declaring occurrences, not uses).
    pub(crate) fn pat(&mut self, p: &Pat, decl: bool) -> R {
        match p {
            Pat::Ident(b) => {
                self.check_eval_arguments(&b.id.sym, b.id.span.lo)?;
                let at = if decl { u32::MAX } else { self.pos.of(b.id.span.lo) };
                self.reference_at(&b.id.sym, at)
            }
            Pat::Array(a) => {
                for e in a.elems.iter().flatten() {
                    self.pat(e, decl)?
                }
            }
            Pat::Rest(r) => self.pat(&r.arg, decl)?,
            Pat::Object(o) => {
                for pr in &o.props {
                    match pr {
                        ObjectPatProp::KeyValue(kv) => {
                            self.prop_name(&kv.key)?;
                            self.pat(&kv.value, decl)?
                        }
                        ObjectPatProp::Assign(a) => {
                            self.check_eval_arguments(&a.key.sym, a.key.span.lo)?;
                            let at = if decl { u32::MAX } else { self.pos.of(a.key.span.lo) };
                            self.reference_at(&a.key.sym, at);
                            if let Some(v) = &a.value {
                                self.expr(v)?
                            }
                        }
                        ObjectPatProp::Rest(r) => self.pat(&r.arg, decl)?,
                    }
                }
            }
            Pat::Assign(a) => {
                self.pat(&a.left, decl)?;
                self.expr(&a.right)?;
            }
            Pat::Expr(e) => self.expr(e)?,
            Pat::Invalid(i) => return Err(CErr { msg: "Invalid pattern".into(), pos: self.pos.of(i.span.lo) }),
        }
        Ok(())
    }

    pub(crate) fn check_eval_arguments(&self, n: &str, at: swc_common::BytePos) -> R {
        if self.strict() && (n == "eval" || n == "arguments") {
            return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: self.pos.of(at) });
        }
        Ok(())
    }

    /// Legacy octal and \8 \9 escapes are not allowed in strict string literals.
    pub(crate) fn check_string_escapes(&self, raw: &str, at: swc_common::BytePos, template: bool) -> R {
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
                    let msg = if template {
                        "Invalid escape sequence in template"
                    } else {
                        "Octal escape sequences are not allowed in strict mode."
                    };
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

    /// `super` is allowed where the nearest enclosing non-arrow function (or field initialiser) satisfies
    /// `allowed`; arrows see their enclosing function's `super`.
    fn check_super(&mut self, pos: u32, call: bool, allowed: impl Fn(&Scope) -> bool) -> R {
        let mut s = self.cur;
        loop {
            let sc = &self.a.scopes[s];
            if sc.kind == SKind::Function || sc.kind == SKind::FieldInit {
                if allowed(sc) {
                    return Ok(());
                }
                break;
            }
            if sc.parent.is_none()
                && let Some(e) = &self.eval
            {
                // Eval code: what its call site allows. `super()` would need the derived constructor's frame.
                if call && e.super_call {
                    return super::unsupported("super() in eval code", pos);
                }
                if !call && e.super_prop {
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

    pub(crate) fn check_super_prop(&mut self, pos: u32) -> R {
        self.check_super(pos, false, |sc| sc.is_method)
    }

    pub(crate) fn check_super_call(&mut self, pos: u32) -> R {
        self.check_super(pos, true, |sc| sc.is_derived_ctor)
    }

    pub(crate) fn exprs(&mut self, es: &[ExprOrSpread]) -> R {
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

    pub(crate) fn expr_inner(&mut self, e: &Expr) -> R {
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
                            Prop::Shorthand(i) => self.reference_at(&i.sym, self.pos.of(i.span.lo)),
                            Prop::KeyValue(kv) => {
                                let is_proto = match &kv.key {
                                    PropName::Ident(i) => &i.sym[..] == "__proto__",
                                    PropName::Str(s) => s.value.as_wtf8().as_str() == Some("__proto__"),
                                    _ => false,
                                };
                                if is_proto {
                                    if proto {
                                        return Err(CErr {
                                            msg: "Duplicate __proto__ fields are not allowed in object literals".into(),
                                            pos: self.pos.of(kv.key.span_lo()),
                                        });
                                    }
                                    proto = true;
                                }
                                self.prop_name(&kv.key)?;
                                self.expr(&kv.value)?
                            }
                            Prop::Assign(a) => {
                                return Err(CErr {
                                    msg: "Invalid shorthand property initializer".into(),
                                    pos: self.pos.of(a.key.span.lo),
                                });
                            }
                            Prop::Getter(g) => {
                                self.prop_name(&g.key)?;
                                self.func(&g.function, None, true, false, false)?
                            }
                            Prop::Setter(st) => {
                                self.prop_name(&st.key)?;
                                self.func(&st.function, None, true, false, false)?
                            }
                            Prop::Method(m) => {
                                // `async` must be on the same line as the method name (no ASI-free line break).
                                let head = self.pos.text(m.function.span.lo, m.key.span_lo());
                                if m.function.is_async && head.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
                                    return Err(CErr {
                                        msg: "Line terminator not permitted after 'async'".into(),
                                        pos: self.pos.of(m.key.span_lo()),
                                    });
                                }
                                self.prop_name(&m.key)?;
                                self.func(&m.function, None, true, false, false)?
                            }
                        },
                    }
                }
            }
            Expr::Fn(f) => self.func(&f.function, f.ident.as_ref(), false, false, false)?,
            Expr::Unary(u) => {
                let private = match strip_paren(&u.arg) {
                    Expr::Member(m) => matches!(m.prop, MemberProp::PrivateName(_)),
                    Expr::OptChain(o) => {
                        matches!(&*o.base, OptChainBase::Member(m) if matches!(m.prop, MemberProp::PrivateName(_)))
                    }
                    _ => false,
                };
                if u.op == UnaryOp::Delete && private {
                    return Err(CErr { msg: "Private fields can not be deleted".into(), pos: self.pos.of(u.span.lo) });
                }
                if u.op == UnaryOp::Delete
                    && self.strict()
                    && let Expr::Ident(i) = strip_paren(&u.arg)
                {
                    return Err(CErr {
                        msg: "Delete of an unqualified identifier in strict mode.".into(),
                        pos: self.pos.of(i.span.lo),
                    });
                }
                self.expr(&u.arg)?
            }
            Expr::Update(u) => self.expr(&u.arg)?,
            Expr::Bin(b) => {
                // A left-deep chain (`s + a + b + ...`) is walked along its left spine without recursion, in
                // evaluation order: its length does not count against the nesting limit (as in the compiler).
                let mut rights = vec![&*b.right];
                let mut inner = b;
                while let Expr::Bin(l) = &*inner.left {
                    rights.push(&*l.right);
                    inner = l;
                }
                match &*inner.left {
                    Expr::PrivateName(p) if inner.op == BinaryOp::In => self.private_reference(p)?,
                    left => self.expr(left)?,
                }
                for right in rights.into_iter().rev() {
                    self.expr(right)?;
                }
            }
            Expr::Assign(a) => {
                match &a.left {
                    AssignTarget::Simple(s) => match s {
                        SimpleAssignTarget::Ident(i) => {
                            if self.strict() && (&i.id.sym[..] == "eval" || &i.id.sym[..] == "arguments") {
                                return Err(CErr {
                                    msg: "Unexpected eval or arguments in strict mode".into(),
                                    pos: self.pos.of(i.id.span.lo),
                                });
                            }
                            self.reference_at(&i.id.sym, self.pos.of(i.id.span.lo))
                        }
                        SimpleAssignTarget::Member(m) => self.member(m)?,
                        SimpleAssignTarget::SuperProp(sp) => self.super_prop(sp)?,
                        SimpleAssignTarget::Paren(p) => self.expr(&p.expr)?,
                        _ => {
                            return Err(CErr {
                                msg: "Invalid left-hand side in assignment".into(),
                                pos: self.pos.of(a.span.lo),
                            });
                        }
                    },
                    AssignTarget::Pat(p) => match p {
                        AssignTargetPat::Array(ap) => self.pat(&Pat::Array(ap.clone()), false)?,
                        AssignTargetPat::Object(op) => self.pat(&Pat::Object(op.clone()), false)?,
                        AssignTargetPat::Invalid(i) => {
                            return Err(CErr {
                                msg: "Invalid left-hand side in assignment".into(),
                                pos: self.pos.of(i.span.lo),
                            });
                        }
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
                    Callee::Import(_) => {
                        if let Some(sp) = c.args.iter().take(2).find_map(|a| a.spread) {
                            let msg = "import() does not take spread arguments".into();
                            return Err(CErr { msg, pos: self.pos.of(sp.lo) });
                        }
                    }
                    Callee::Expr(e) => {
                        if super::direct_eval::is_direct_eval_callee(e) {
                            self.direct_eval_site();
                        }
                        self.expr(e)?
                    }
                }
                self.exprs(&c.args)?
            }
            Expr::New(n) => {
                let mut head = &*n.callee;
                while let Expr::Member(m) = head {
                    head = &m.obj;
                }
                if let Expr::Call(CallExpr { callee: Callee::Import(i), .. }) = head {
                    return Err(CErr { msg: "Cannot use new with import".into(), pos: self.pos.of(i.span.lo) });
                }
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
            Expr::Ident(i) => {
                self.check_reserved(&i.sym, self.pos.of(i.span.lo))?;
                self.check_eval_arguments_ref(&i.sym, self.pos.of(i.span.lo))?;
                self.reference_at(&i.sym, self.pos.of(i.span.lo))
            }
            Expr::Lit(Lit::Str(st)) => {
                if let Some(raw) = &st.raw {
                    self.check_string_escapes(raw, st.span.lo, false)?;
                }
            }
            Expr::Lit(Lit::Regex(r)) => {
                let (p, f): (Vec<u16>, Vec<u16>) = (r.exp.encode_utf16().collect(), r.flags.encode_utf16().collect());
                if let Some(msg) = crate::builtins::regexp_matcher::literal_error(&p, &f) {
                    return Err(CErr { msg, pos: self.pos.of(r.span.lo) });
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
            // Invalid escapes are allowed in tagged templates (their cooked string is undefined).
            Expr::TaggedTpl(t) => {
                self.expr(&t.tag)?;
                for e in &t.tpl.exprs {
                    self.expr(e)?
                }
            }
            Expr::Arrow(a) => {
                let params: Vec<&Pat> = a.params.iter().collect();
                match &*a.body {
                    ArrowFunctionBody::FunctionBody(b) => self.function(
                        a.span,
                        &params,
                        Some(&b.stmts),
                        None,
                        SKind::Arrow,
                        None,
                        false,
                        false,
                        false,
                        (a.is_async, false),
                    )?,
                    ArrowFunctionBody::Expr(ex) => self.function(
                        a.span,
                        &params,
                        None,
                        Some(ex),
                        SKind::Arrow,
                        None,
                        false,
                        false,
                        false,
                        (a.is_async, false),
                    )?,
                }
            }
            Expr::Class(c) => self.class(&c.class, c.ident.as_ref())?,
            Expr::Yield(y) => {
                if let Some(a) = &y.arg {
                    self.expr(a)?
                }
            }
            Expr::Await(a) => {
                if self.flags.in_params {
                    let msg = "Illegal await-expression in formal parameters of async function".into();
                    return Err(CErr { msg, pos: self.pos.of(a.span.lo) });
                }
                self.note_top_level_await();
                self.expr(&a.arg)?
            }
            Expr::MetaProp(m) => match m.kind {
                MetaPropKind::NewTarget => {
                    let p = self.pos.of(m.span.lo);
                    self.lexical_special("%new.target", p)?
                }
                MetaPropKind::ImportMeta => {
                    if self.pos.text(m.span.lo, m.span.hi).contains('\\') {
                        let msg = "Keywords cannot contain escaped characters".into();
                        return Err(CErr { msg, pos: self.pos.of(m.span.lo) });
                    }
                    if self.a.scopes[0].kind != SKind::Module {
                        let msg = "Cannot use 'import.meta' outside a module".into();
                        return Err(CErr { msg, pos: self.pos.of(m.span.lo) });
                    }
                    self.reference(super::modules::IMPORT_META_BINDING)
                }
            },
            Expr::Paren(p) => self.expr(&p.expr)?,
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.member(m)?,
                OptChainBase::Call(c) => {
                    self.expr(&c.callee)?;
                    self.exprs(&c.args)?
                }
            },
            Expr::PrivateName(p) => {
                return Err(CErr { msg: format!("Unexpected private name #{}", p.name), pos: self.pos.of(p.span.lo) });
            }
            other => {
                return Err(CErr {
                    msg: "this expression is not supported yet".into(),
                    pos: self.pos.of(e_span(other).lo),
                });
            }
        }
        Ok(())
    }

    pub(crate) fn member(&mut self, m: &MemberExpr) -> R {
        self.expr(&m.obj)?;
        match &m.prop {
            MemberProp::Computed(c) => self.expr(&c.expr),
            MemberProp::PrivateName(p) => self.private_reference(p),
            MemberProp::Ident(_) => Ok(()),
        }
    }

    pub(crate) fn super_prop(&mut self, sp: &SuperPropExpr) -> R {
        let p = self.pos.of(sp.span.lo);
        self.check_super_prop(p)?;
        self.lexical_special("%this", p)?;
        if let SuperProp::Computed(c) = &sp.prop {
            self.expr(&c.expr)?;
        }
        Ok(())
    }
}
