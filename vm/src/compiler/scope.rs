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
use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use swc_ecma_ast::*;

pub type Name = String;
pub type ScopeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// An `import` binding of a module: its context slot holds an import cell (`modules/mod.rs`) that refers to
    /// the exporting module's binding; immutable.
    Import,
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
    /// Smallest source offset of a reference to this binding (0 when a reference's position is unknown,
    /// `u32::MAX` when there is none). Declaring occurrences do not count.
    pub first_ref: u32,
    /// `let`/`const` declared by a declarator: the offset where its initialisation is complete (the end of the
    /// declarator; for a for-in/of head, the end of the right-hand side). `None` for every other binding.
    pub decl_end: Option<u32>,
}

impl Binding {
    /// A `let`/`const` whose declaration is evaluated before any use can run: no reference textually before its
    /// initialisation is complete. In a register (not captured) and outside `switch` (whose cases can skip the
    /// declaration), such a binding needs neither the TDZ hole nor any hole check.
    pub fn initialized_before_use(&self) -> bool {
        matches!(self.kind, BKind::Let | BKind::Const)
            && !self.captured
            && self.decl_end.is_some_and(|d| self.first_ref >= d)
    }
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
    /// The body of a `with` statement: one binding, the object (`with_binding`), looked at by every name that
    /// resolves past it (`compiler/with.rs`).
    With,
    /// The top level of a module: a function scope whose bindings all live in its context (the module
    /// environment, which importers and namespace objects read).
    Module,
}

/// The binding that holds the object of the `with` statement starting at source offset `lo`. `generation` is
/// the nesting depth of eval code (0 for a script): eval code has its own source offsets, and its names must not
/// shadow the ones of the code around it (`direct_eval.rs`).
pub fn with_binding(generation: u32, lo: u32) -> String {
    format!("%with{generation}_{lo}")
}

/// The binding that holds the object of the variables sloppy direct eval declares in the var scope `scope` (an
/// analysis scope id: unique within one script or eval code, as `generation` is across them; `direct_eval.rs`).
pub fn eval_vars_binding(generation: u32, scope: usize) -> String {
    format!("%evalvars{generation}_{scope}")
}

#[derive(Debug)]
pub struct Scope {
    pub kind: SKind,
    pub parent: Option<ScopeId>,
    pub bindings: Vec<Binding>,
    index: HashMap<Name, usize>,
    /// Names of `var`s declared in or below this scope that pass through it (for let/var conflicts).
    pub(crate) var_through: HashMap<Name, u32>,
    pub strict: bool,
    // function scopes only
    pub simple_params: bool,
    pub uses_arguments: bool,
    pub is_derived_ctor: bool,
    pub is_method: bool,
    /// A direct eval can see this scope: every binding is context-allocated (the eval code finds them by name).
    pub sees_eval: bool,
    /// A var scope containing a sloppy direct eval: the binding holding the object of the variables it declares.
    pub eval_vars: Option<Name>,
}

impl Scope {
    pub fn lookup(&self, n: &str) -> Option<&Binding> {
        self.index.get(n).map(|&i| &self.bindings[i])
    }
    pub fn is_function(&self) -> bool {
        matches!(self.kind, SKind::Function | SKind::Arrow | SKind::Script | SKind::FieldInit | SKind::Module)
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
pub const T_WITH: u8 = 10;
pub const T_MODULE: u8 = 11;

#[derive(Default)]
pub struct Analysis {
    pub scopes: Vec<Scope>,
    pub map: HashMap<(u32, u32, u8), ScopeId>,
    /// Script-level `var` names and hoisted function declarations (for DeclareGlobal), in source order (a set:
    /// a bundle declares tens of thousands, and a list made each declaration's check linear).
    pub script_vars: indexmap::IndexSet<Name>,
    /// A module whose top level awaits (`await`, `for await`): it evaluates asynchronously.
    pub module_tla: bool,
    /// Nesting depth of eval code (0 for a script): part of the names the compiler makes.
    pub generation: u32,
}

pub fn key(span: swc_common::Span, tag: u8) -> (u32, u32, u8) {
    (span.lo.0, span.hi.0, tag)
}

impl Analysis {
    pub fn scope(&self, span: swc_common::Span, tag: u8) -> Option<ScopeId> {
        self.map.get(&key(span, tag)).copied()
    }

    /// Frees what only the walk needed (the `var` names passing through each scope, for let/var conflicts): the
    /// analysis of a script whose functions compile lazily lives as long as they do.
    pub fn release_walk_state(&mut self) {
        for s in &mut self.scopes {
            s.var_through = HashMap::new();
        }
    }
}

pub(crate) struct Label {
    pub name: Name,
    pub is_loop: bool,
}

#[allow(dead_code)]
pub(crate) struct FnFlags {
    pub super_prop: bool,
    pub super_call: bool,
    /// The innermost function is async / a generator: `await` / `yield` are reserved in it (swc lets escaped
    /// spellings such as `aw\u0061it` through).
    pub is_async: bool,
    pub is_generator: bool,
    /// Inside the innermost function's parameters (an `await` there is an early error: swc catches it in async
    /// functions' own parameters, not in those of an arrow inside one).
    pub in_params: bool,
}

impl FnFlags {
    pub(crate) const NONE: FnFlags =
        FnFlags { super_prop: false, super_call: false, is_async: false, is_generator: false, in_params: false };
}

pub struct Analyzer<'a> {
    pub a: Analysis,
    pub(crate) pos: &'a Pos,
    pub(crate) cur: ScopeId,
    pub(crate) labels: Vec<Label>,
    pub(crate) flags: FnFlags,
    pub(crate) depth: u32,
    /// Block-level async and generator function declarations: the sloppy-mode leniency for duplicate function
    /// declarations in a block (Annex B.3.3.4) applies only to plain functions.
    pub(crate) non_plain_block_fns: HashSet<(ScopeId, Name)>,
    /// Eval code: what its call site allows (`super`, `new.target`); scope 0 is then the eval code's own scope.
    pub(crate) eval: Option<super::direct_eval::EvalFlags>,
    /// Direct eval code: the private names (`#x` bindings) of the classes around its call site.
    pub(crate) eval_private: HashSet<Name>,
}

pub(crate) type R<T = ()> = Result<T, CErr>;

pub fn is_strict_directive(stmts: &[Stmt]) -> bool {
    for s in stmts {
        match s {
            Stmt::Expr(ExprStmt { expr, .. }) => match &**expr {
                Expr::Lit(Lit::Str(st)) => {
                    if let Some(raw) = &st.raw
                        && (&raw[..] == "'use strict'" || &raw[..] == "\"use strict\"")
                    {
                        return true;
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

impl Analyzer<'_> {
    /// `await` in an async function and `yield` in a generator are reserved words, however they are spelled.
    /// A reserved word reaches a binding only spelled with escapes (`var \u0062reak`), which swc decodes without
    /// complaint; an escaped ZWJ or ZWNJ cannot start a name (they are ID_Continue only).
    pub(crate) fn check_reserved(&self, name: &str, pos: u32) -> R {
        if (name == "await" && self.flags.is_async) || (name == "yield" && self.flags.is_generator) {
            return Err(CErr { msg: format!("Unexpected reserved word '{name}'"), pos });
        }
        if RESERVED_WORDS.contains(&name) || (self.strict() && STRICT_RESERVED_WORDS.contains(&name)) {
            return Err(CErr { msg: format!("Keyword must not contain escaped characters ('{name}')"), pos });
        }
        if name.starts_with(['\u{200C}', '\u{200D}']) {
            return Err(CErr { msg: "Invalid or unexpected token".into(), pos });
        }
        Ok(())
    }
}

/// ReservedWord (ES2025 §12.7.2) without `await` and `yield`, which depend on the function.
const RESERVED_WORDS: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
];

/// Reserved in strict mode code only.
const STRICT_RESERVED_WORDS: &[&str] =
    &["implements", "interface", "let", "package", "private", "protected", "public", "static", "yield"];

pub(crate) fn redeclared(n: &str, pos: u32) -> CErr {
    CErr { msg: format!("Identifier '{n}' has already been declared"), pos }
}

impl<'a> Analyzer<'a> {
    pub fn new(pos: &'a Pos) -> Self {
        Analyzer {
            a: Analysis::default(),
            pos,
            cur: 0,
            labels: vec![],
            flags: FnFlags::NONE,
            depth: 0,
            non_plain_block_fns: HashSet::new(),
            eval: None,
            eval_private: HashSet::new(),
        }
    }

    pub(crate) fn push_scope(&mut self, kind: SKind, k: (u32, u32, u8), strict: bool) -> ScopeId {
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
            sees_eval: false,
            eval_vars: None,
        });
        self.a.map.insert(k, id);
        self.cur = id;
        id
    }

    pub(crate) fn strict(&self) -> bool {
        self.a.scopes[self.cur].strict
    }

    pub(crate) fn func_scope(&self, mut s: ScopeId) -> ScopeId {
        while !self.a.scopes[s].is_function() {
            s = self.a.scopes[s].parent.unwrap_or(0);
        }
        s
    }

    pub(crate) fn add(&mut self, s: ScopeId, name: Name, kind: BKind, pos: u32) -> R {
        self.check_reserved(&name, pos)?;
        let sc = &mut self.a.scopes[s];
        if let Some(&i) = sc.index.get(&name) {
            let old = sc.bindings[i].kind;
            // A module's top-level functions are lexical declarations (no var or function of the same name).
            let module = sc.kind == SKind::Module;
            let ok = match (old, kind) {
                (BKind::Func, BKind::Var) => !module,
                (BKind::Var | BKind::Param | BKind::FnName | BKind::Arguments, BKind::Var) => true,
                (BKind::Var | BKind::Func | BKind::FnName | BKind::Arguments, BKind::Func) => {
                    (sc.kind != SKind::Block && sc.kind != SKind::Switch || !sc.strict) && !module
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
        if (kind.is_lexical() || (kind == BKind::Func && matches!(sc.kind, SKind::Block | SKind::Switch)))
            && let Some(&vp) = sc.var_through.get(&name)
        {
            return Err(redeclared(&name, pos.max(vp)));
        }
        sc.index.insert(name.clone(), sc.bindings.len());
        sc.bindings.push(Binding {
            name,
            kind,
            captured: false,
            pos,
            annex_b: false,
            first_ref: u32::MAX,
            decl_end: None,
        });
        Ok(())
    }

    /// A `var` declaration found while walking: checks lexical conflicts on every scope up to the function scope.
    pub(crate) fn declare_var_walk(&mut self, name: &str, pos: u32) -> R {
        let mut s = self.cur;
        loop {
            let sc = &mut self.a.scopes[s];
            if let Some(b) = sc.lookup(name) {
                // A simple catch parameter does not conflict with `var` (Annex B.3.5); pattern ones are checked
                // by the catch clause itself.
                let conflict =
                    b.kind.is_lexical() || (b.kind == BKind::Func && matches!(sc.kind, SKind::Block | SKind::Switch));
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
    pub(crate) fn hoist_vars(&mut self, stmts: &[Stmt], fs: ScopeId) -> R {
        let mut names = vec![];
        for s in stmts {
            collect_vars(s, &mut names, self.pos, 0);
        }
        let script = self.a.scopes[fs].kind == SKind::Script;
        for (n, p) in names {
            if script {
                self.check_reserved(&n, p)?;
                let sc = &mut self.a.scopes[fs];
                sc.var_through.entry(n.clone()).or_insert(p);
                self.a.script_vars.insert(n);
            } else {
                self.add(fs, n, BKind::Var, p)?;
            }
        }
        Ok(())
    }

    /// Declares the lexical bindings of a statement list in scope `s` (function top level if `top`).
    pub(crate) fn hoist_lexical(&mut self, stmts: &[Stmt], s: ScopeId, top: bool) -> R {
        let script = self.a.scopes[s].kind == SKind::Script;
        for st in stmts {
            let mut st = st;
            while let Stmt::Labeled(l) = st {
                st = &l.body;
            }
            match st {
                Stmt::Decl(Decl::Var(v)) if v.kind != VarDeclKind::Var => {
                    let k = if v.kind == VarDeclKind::Const { BKind::Const } else { BKind::Let };
                    for d in &v.decls {
                        let mut names = vec![];
                        pat_names(&d.name, &mut names, self.pos);
                        let end = self.pos.of(d.span.hi);
                        for (n, p) in names {
                            if n == "let" {
                                return Err(CErr { msg: "let is disallowed as a lexically bound name".into(), pos: p });
                            }
                            self.add(s, n.clone(), k, p)?;
                            self.set_decl_end(s, &n, end);
                        }
                    }
                }
                Stmt::Decl(Decl::Class(c)) => {
                    self.add(s, c.ident.sym.to_string(), BKind::Class, self.pos.of(c.ident.span.lo))?;
                }
                Stmt::Decl(Decl::Fn(f)) => {
                    let n = f.ident.sym.to_string();
                    let p = self.pos.of(f.ident.span.lo);
                    if script && top {
                        self.check_reserved(&n, p)?;
                        if let Some(b) = self.a.scopes[s].lookup(&n) {
                            return Err(redeclared(&n, p.max(b.pos)));
                        }
                        self.a.scopes[s].var_through.entry(n.clone()).or_insert(p);
                        self.a.script_vars.insert(n);
                    } else {
                        if !top {
                            let plain = !f.function.is_async && !f.function.is_generator;
                            let earlier = self.a.scopes[s].lookup(&n).map(|b| b.kind);
                            let key = (s, n.clone());
                            if earlier == Some(BKind::Func) && (!plain || self.non_plain_block_fns.contains(&key)) {
                                return Err(redeclared(&n, p));
                            }
                            if !plain {
                                self.non_plain_block_fns.insert(key);
                            }
                        }
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

    /// Records where the initialisation of lexical binding `n` of scope `s` is complete.
    pub(crate) fn set_decl_end(&mut self, s: ScopeId, n: &str, end: u32) {
        let sc = &mut self.a.scopes[s];
        if let Some(&i) = sc.index.get(n) {
            sc.bindings[i].decl_end = Some(end);
        }
    }

    /// Annex B.3.3: a sloppy block function also gets a function-level var unless that would conflict.
    pub(crate) fn annex_b(&mut self, block: ScopeId, n: &str, p: u32) -> R {
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
            if !self.a.script_vars.contains(n) {
                self.a.script_vars.insert(n.to_string());
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

    /// Resolves a reference at an unknown position (see `reference_at`).
    pub fn reference(&mut self, name: &str) {
        self.reference_at(name, 0)
    }

    /// Resolves a reference at source offset `at` (`u32::MAX` for a declaring occurrence); marks the binding
    /// captured if the reference crosses a function boundary.
    pub fn reference_at(&mut self, name: &str, at: u32) {
        let mut s = self.cur;
        let mut crossed = false;
        loop {
            let sc = &mut self.a.scopes[s];
            if let Some(&i) = sc.index.get(name) {
                let b = &mut sc.bindings[i];
                if crossed {
                    b.captured = true;
                }
                b.first_ref = b.first_ref.min(at);
                return;
            }
            if name == "arguments" && sc.kind == SKind::Function {
                sc.uses_arguments = true;
                sc.index.insert(name.to_string(), sc.bindings.len());
                sc.bindings.push(Binding {
                    name: name.into(),
                    kind: BKind::Arguments,
                    captured: crossed,
                    pos: 0,
                    annex_b: false,
                    first_ref: 0,
                    decl_end: None,
                });
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
    pub(crate) fn lexical_special(&mut self, name: &str, _pos: u32) -> R {
        let fs = self.func_scope(self.cur);
        if self.a.scopes[fs].kind != SKind::Arrow {
            return Ok(());
        }
        let mut s = fs;
        loop {
            let sc = &self.a.scopes[s];
            if sc.parent.is_none()
                && let Some(e) = &self.eval
            {
                if e.direct {
                    // Direct eval code: the caller declared `%this` and `%new.target` for it (`direct_eval.rs`).
                    return Ok(());
                }
                // Indirect eval code owns the global `this`.
                break;
            }
            if sc.is_function() && sc.kind != SKind::Arrow {
                // Class field initialisers own their `this` (saved in their scope's context by the emitter).
                break;
            }
            let Some(p) = sc.parent else { return Ok(()) };
            s = p;
        }
        if self.a.scopes[s].lookup(name).is_none() {
            self.add(s, name.to_string(), BKind::Special, 0)?;
        }
        self.reference(name);
        Ok(())
    }

    pub(crate) fn enter_depth(&mut self, pos: u32) -> R {
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
        self.capture_for_eval();
        // The script's lexical bindings live in its context, which the realm's table of script lexicals points
        // into: later scripts, eval code and the shell reach them by name (the global lexical environment).
        for b in &mut self.a.scopes[id].bindings {
            if b.kind.is_lexical() {
                b.captured = true;
            }
        }
        Ok(())
    }

    /// Eval code: its own scope is a script scope (sloppy: vars and functions are declared elsewhere) or an arrow
    /// scope (strict: they are its bindings); the scopes of a direct eval's call site are outside the analysis.
    pub fn eval_code(&mut self, s: &Script, kind: SKind, strict: bool) -> R {
        let id = self.push_scope(kind, key(s.span, T_SCRIPT), strict);
        self.hoist_lexical(&s.body, id, true)?;
        self.hoist_vars(&s.body, id)?;
        for st in &s.body {
            self.stmt(st)?;
        }
        self.capture_for_eval();
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
        resumable: (bool, bool),
    ) -> R {
        let saved = self.cur;
        let strict = force_strict || self.strict() || body.map(is_strict_directive).unwrap_or(false);
        let id = self.push_scope(kind, key(span, T_FN), strict);
        let saved_labels = std::mem::take(&mut self.labels);
        let saved_flags = std::mem::replace(
            &mut self.flags,
            FnFlags { is_async: resumable.0, is_generator: resumable.1, ..FnFlags::NONE },
        );
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
        self.flags.in_params = true;
        for p in params {
            self.pat(p, true)?;
        }
        self.flags.in_params = false;
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

    pub(crate) fn func(&mut self, f: &Function, name: Option<&Ident>, method: bool, derived: bool, strict: bool) -> R {
        let params: Vec<&Pat> = f.params.iter().map(|p| &p.pat).collect();
        let resumable = (f.is_async, f.is_generator);
        self.function(
            f.span,
            &params,
            f.body.as_ref().map(|b| &b.stmts[..]),
            None,
            SKind::Function,
            name,
            method,
            derived,
            strict,
            resumable,
        )
    }
}

pub(crate) trait SpanLo {
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
        Stmt::With(w) => collect_vars(&w.body, out, pos, d),
        Stmt::For(f) => {
            if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init
                && v.kind == VarDeclKind::Var
            {
                v.decls.iter().for_each(|x| pat_names(&x.name, out, pos));
            }
            collect_vars(&f.body, out, pos, d)
        }
        Stmt::ForIn(ForInStmt { left, body, .. }) | Stmt::ForOf(ForOfStmt { left, body, .. }) => {
            if let ForHead::VarDecl(v) = left
                && v.kind == VarDeclKind::Var
            {
                v.decls.iter().for_each(|x| pat_names(&x.name, out, pos));
            }
            collect_vars(body, out, pos, d)
        }
        Stmt::Decl(Decl::Var(v)) if v.kind == VarDeclKind::Var => {
            v.decls.iter().for_each(|x| pat_names(&x.name, out, pos))
        }
        _ => {}
    }
}
