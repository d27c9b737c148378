//! Direct eval, the compile-time half (ES2025 §19.2.1.1 PerformEval, §19.2.1.3 EvalDeclarationInstantiation).
//!
//! As in V8, the compiler knows statically where a direct eval may happen: a call whose callee is the identifier
//! `eval` (parenthesised or not). Such a call is direct when that reference names %eval% at run time, which only
//! the runtime can tell (`runtime/direct_eval.rs`); otherwise it is an ordinary call.
//!
//! Invariants:
//! - Every scope a direct eval site can see keeps all its bindings in contexts (`Scope::sees_eval`), and the
//!   nearest non-arrow function (or the script) keeps `this`, `new.target` and `arguments` there as `%this`,
//!   `%new.target`, `arguments`: eval code is compiled like an arrow nested at the site and finds them by name.
//! - The site passes an `EvalScope`: for each context of the runtime chain at the site (innermost first), the
//!   names in it with their kinds and slots, the object environment a lookup passes after them, and whether it is
//!   a var scope. The eval code is compiled with these contexts as scopes of no function below its own scopes, so
//!   the names in them compile to context slot accesses (with TDZ checks) and the other names to globals.
//! - Sloppy eval code declares its `var`s and functions in its caller's var scope. At script level they are
//!   configurable properties of the global object; in a function they go into an object held by a binding of the
//!   function (`%evalvars...`), which every lookup from that function (or code nested in it) of a name not bound
//!   inside the function passes through, as through a `with` object (`with.rs`). Names the function already binds
//!   at its top level are just assigned.
//! - Strict eval code keeps its variables in its own scope.
//! - Names the compiler makes from source offsets (`%with...`, `%evalvars...`) carry the nesting depth of eval
//!   code (`Analysis::generation`), since eval code has offsets of its own.

use super::functions::{finish, new_state};
use super::scope::{Analyzer, BKind, SKind, T_SCRIPT, eval_vars_binding, strip_paren};
use super::*;
use crate::bytecode::RuntimeId;
use std::rc::Rc;
use swc_ecma_ast::{Expr, ExprOrSpread, Script};

/// What the call site of eval code allows besides what any script may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EvalFlags {
    /// Direct eval: `this`, `new.target` and `arguments` are the caller's.
    pub direct: bool,
    pub new_target: bool,
    pub super_prop: bool,
    pub super_call: bool,
    /// The site is in a function's parameter list (sloppy eval code there cannot declare `arguments`).
    pub in_params: bool,
    /// The site is in a class field initialiser (eval code there cannot mention `arguments`).
    pub field_init: bool,
}

/// An object environment in the scope chain: a `with` statement's object (then a function found in it is called
/// with it as receiver) or the object of sloppy eval's variables.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ObjectEnv {
    /// The binding holding the object.
    pub binding: Name,
    pub with: bool,
}

/// One context of the runtime chain at a direct eval site.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EvalLevel {
    /// (name, kind, slot), by slot.
    pub bindings: Vec<(Name, BKind, u16)>,
    pub object_env: Option<ObjectEnv>,
    pub var_scope: bool,
    pub derived_ctor: bool,
}

/// What a direct eval site can see (kept by the caller's template, one per site).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EvalScope {
    pub strict: bool,
    /// Level `i` is the context at depth `i` from the site's current context.
    pub levels: Vec<EvalLevel>,
    pub flags: EvalFlags,
    /// The generation of the code containing the site.
    pub generation: u32,
}

/// Where sloppy eval code's `var`s and functions go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarTarget {
    /// Strict eval code: its own scope.
    Local,
    /// The global object (configurable properties).
    Global,
    /// The object in context slot `slot` at `depth` from the caller's context (created on first use).
    Function { depth: u16, slot: u16 },
}

/// Compiled eval code and the declarations the runtime makes before running it.
pub struct EvalCode {
    pub function: CompiledFunction,
    pub target: VarTarget,
    /// Global target: every declared name (true for functions), checked by the runtime (CanDeclareGlobalFunction,
    /// CanDeclareGlobalVar) before the code declares them. Function target: the names new to the var scope.
    pub declarations: Vec<(Name, bool)>,
}

/// Whether a call of `callee` is a direct eval site.
pub fn is_direct_eval_callee(callee: &Expr) -> bool {
    matches!(strip_paren(callee), Expr::Ident(i) if &*i.sym == "eval")
}

impl Analyzer<'_> {
    /// A direct eval site in the current scope: see the module's invariants.
    pub(crate) fn direct_eval_site(&mut self) {
        let mut s = Some(self.cur);
        while let Some(i) = s {
            self.a.scopes[i].sees_eval = true;
            s = self.a.scopes[i].parent;
        }
        self.reference("arguments");
        self.declare_for_eval("%this");
        self.declare_for_eval("%new.target");
        if self.strict() {
            return;
        }
        let vs = self.func_scope(self.cur);
        let sc = &self.a.scopes[vs];
        // Sloppy eval code declares in its own caller's var scope; scripts declare globals.
        let declares_elsewhere = sc.kind == SKind::Script || (sc.parent.is_none() && self.eval.is_some());
        if !declares_elsewhere && sc.eval_vars.is_none() {
            let name = eval_vars_binding(self.a.generation, vs);
            // A name no identifier can spell cannot conflict.
            let _ = self.add(vs, name.clone(), BKind::Var, 0);
            self.a.scopes[vs].eval_vars = Some(name);
        }
    }

    /// Declares `%this` / `%new.target` on the nearest non-arrow function (or the script) for eval code to find.
    fn declare_for_eval(&mut self, name: &str) {
        let mut s = self.cur;
        loop {
            let sc = &self.a.scopes[s];
            if sc.parent.is_none() && self.eval.is_some_and(|e| e.direct) {
                return; // Direct eval code inside eval code: the outer caller has them.
            }
            if sc.is_function() && sc.kind != SKind::Arrow || sc.parent.is_none() {
                break;
            }
            s = sc.parent.unwrap_or(0);
        }
        if self.a.scopes[s].lookup(name).is_none() {
            // `%` names cannot conflict with declarations.
            let _ = self.add(s, name.to_string(), BKind::Special, 0);
        }
    }

    /// PerformEval: eval code in a class field initialiser that contains `arguments` (outside functions of its
    /// own) is a SyntaxError.
    pub(crate) fn check_eval_arguments_ref(&self, name: &str, pos: u32) -> Result<(), CErr> {
        if name != "arguments" || !self.eval.is_some_and(|e| e.field_init) {
            return Ok(());
        }
        let mut s = Some(self.cur);
        while let Some(i) = s {
            if self.a.scopes[i].kind == SKind::Function {
                return Ok(());
            }
            s = self.a.scopes[i].parent;
        }
        Err(CErr {
            msg: "'arguments' is not allowed in class field initializer or static initialization block".into(),
            pos,
        })
    }

    /// After the walk: the bindings of every scope a direct eval can see move to contexts.
    pub(crate) fn capture_for_eval(&mut self) {
        for sc in self.a.scopes.iter_mut().filter(|s| s.sees_eval) {
            for b in &mut sc.bindings {
                b.captured = true;
            }
        }
    }
}

impl<'a> Compiler<'a> {
    /// `eval(args)` with `eval` an identifier: a `DirectEval` runtime call with (callee, receiver, scope index,
    /// arguments...), or `DirectEvalWithSpread` with the arguments in an array, which calls the callee as usual
    /// unless it is %eval%.
    pub(crate) fn direct_eval_call(&mut self, callee: &'a Expr, args: &'a [ExprOrSpread]) -> R {
        let pos = self.here();
        let scope = Rc::new(self.describe_eval_scope());
        let index = self.f().eval_scopes.len() as i32;
        self.f().eval_scopes.push(scope);
        let (f, recv) = self.callee_parts(strip_paren(callee), None, args)?;
        let spread = args.iter().any(|a| a.spread.is_some());
        let n = if spread { 4 } else { args.len() as u16 + 3 };
        let block = self.e().alloc_n(n);
        self.emit(Insn::Mov { src: f, dst: block });
        match recv {
            Some(r) => self.emit(Insn::Mov { src: r, dst: Reg(block.0 + 1) }),
            None => {
                self.emit(Insn::LdaUndefined {});
                self.emit(Insn::Star { dst: Reg(block.0 + 1) });
            }
        }
        self.emit(Insn::LdaSmi { value: index });
        self.emit(Insn::Star { dst: Reg(block.0 + 2) });
        let id = if spread {
            self.spread_array(args.iter().map(Some))?;
            self.emit(Insn::Star { dst: Reg(block.0 + 3) });
            RuntimeId::DirectEvalWithSpread
        } else {
            for (i, a) in args.iter().enumerate() {
                self.expr(&a.expr)?;
                self.emit(Insn::Star { dst: Reg(block.0 + 3 + i as i16) });
            }
            RuntimeId::DirectEval
        };
        self.e().pos = pos;
        self.emit(Insn::CallRuntime { id: id as u16, args: block, count: n });
        Ok(())
    }

    /// The contexts of the chain at the current pc, innermost first, with what the site allows.
    fn describe_eval_scope(&self) -> EvalScope {
        let levels = self.context_levels();
        let in_params = self.fns.last().is_some_and(|f| f.params_pending.is_some());
        let flags = EvalFlags { in_params, ..self.site_flags() };
        EvalScope { strict: self.strict(), levels, flags, generation: self.analysis.generation }
    }

    /// The contexts of the chain at the current pc, innermost first: what code compiled later for this point (eval
    /// code, a function compiled lazily) sees of the code around it.
    pub(crate) fn context_levels(&self) -> Vec<EvalLevel> {
        let mut levels = Vec::new();
        for s in self.chain.iter().rev().filter(|s| s.has_ctx) {
            let mut bindings: Vec<(Name, BKind, u16)> = match s.hidden {
                true => Vec::new(),
                false => s
                    .vars
                    .iter()
                    .filter_map(|(n, v)| match v.loc {
                        Loc::Ctx(slot) => Some((n.clone(), v.kind, slot)),
                        Loc::Reg(_) => None,
                    })
                    .collect(),
            };
            bindings.sort_by_key(|b| b.2);
            levels.push(EvalLevel {
                bindings,
                object_env: s.object_env.clone(),
                var_scope: s.var_scope,
                derived_ctor: s.derived_ctor,
            });
        }
        levels
    }

    /// What the nearest non-arrow function around the current pc allows.
    fn site_flags(&self) -> EvalFlags {
        let mut s = self.chain.iter().rev().find_map(|c| c.sid);
        while let Some(i) = s {
            let sc = &self.analysis.scopes[i];
            match sc.kind {
                SKind::Function => {
                    return EvalFlags {
                        direct: true,
                        new_target: true,
                        super_prop: sc.is_method,
                        super_call: sc.is_derived_ctor,
                        ..EvalFlags::default()
                    };
                }
                SKind::FieldInit => {
                    return EvalFlags {
                        direct: true,
                        new_target: true,
                        super_prop: true,
                        field_init: true,
                        ..EvalFlags::default()
                    };
                }
                _ => {}
            }
            if sc.parent.is_none() {
                // Scripts allow nothing more; eval code what its own call site allowed.
                let outer = self.eval.map(|e| e.flags).unwrap_or_default();
                return EvalFlags { direct: true, ..outer };
            }
            s = sc.parent;
        }
        EvalFlags { direct: true, ..EvalFlags::default() }
    }

    /// Pushes the contexts of a point of enclosing code (innermost first in `levels`) as scopes of no function
    /// below the scopes of the code compiled for it (eval code, a function compiled lazily).
    pub(crate) fn push_levels(&mut self, levels: &[EvalLevel]) {
        for l in levels.iter().rev() {
            let vars = l
                .bindings
                .iter()
                .map(|(n, kind, slot)| {
                    (n.clone(), VarInfo { loc: Loc::Ctx(*slot), kind: *kind, initialized: false.into() })
                })
                .collect();
            self.chain.push(CgScope {
                sid: None,
                func: usize::MAX,
                has_ctx: true,
                ctx_save: None,
                vars: std::rc::Rc::new(vars),
                is_switch: false,
                hidden: false,
                object_env: l.object_env.clone(),
                var_scope: l.var_scope,
                derived_ctor: l.derived_ctor,
            });
        }
    }

    /// Eval code: a function whose completion value is its result, an arrow for direct eval (its `this` and
    /// `new.target` are the call site's) and a script for indirect eval (called with the global `this`). `sid` is
    /// its own scope (a script scope for sloppy code, whose vars are no bindings).
    fn eval_code(&mut self, s: &'a Script, sid: ScopeId, target: VarTarget) -> R<CompiledFunction> {
        let strict = self.analysis.scopes[sid].strict;
        let kind = if self.eval.is_some() { FunctionKind::Arrow } else { FunctionKind::Script };
        self.fns.push(new_state(kind, strict, sid, vec![]));
        self.enter_scope(Some(sid), true);
        self.specials(false);
        match target {
            VarTarget::Local => self.hoist_functions(&s.body)?,
            VarTarget::Function { .. } => {
                for st in &s.body {
                    if let Some(f) = super::functions::fn_decl(st) {
                        let i = self.closure_for(&f.function, Some(&f.ident), false)?;
                        self.emit(Insn::CreateClosure { idx: i });
                        self.store_var(&f.ident.sym, false);
                    }
                }
            }
            VarTarget::Global => self.declare_eval_globals(s)?,
        }
        self.body_returning_completion(&s.body)?;
        self.chain.pop();
        let st = self.fns.pop().ok_or(CErr { msg: "internal: no eval function".into(), pos: 0 })?;
        finish(st, kind, 0, 0, None, s.span, self.pos)
    }

    /// CreateGlobalFunctionBinding for the functions (the last declaration of a name wins), then
    /// CreateGlobalVarBinding for the other names, all configurable (`DeclareEvalGlobal`).
    fn declare_eval_globals(&mut self, s: &'a Script) -> R {
        let mut fdecls: HashMap<String, &'a swc_ecma_ast::FnDecl> = HashMap::new();
        for st in &s.body {
            if let Some(f) = super::functions::fn_decl(st) {
                fdecls.insert(f.ident.sym.to_string(), f);
            }
        }
        let names = &self.analysis.script_vars;
        let ordered =
            names.iter().filter(|n| fdecls.contains_key(*n)).chain(names.iter().filter(|n| !fdecls.contains_key(*n)));
        for n in ordered {
            let m = self.mark();
            let pair = self.e().alloc_n(2);
            let idx = self.str_idx(n);
            self.emit(Insn::LdaConstant { idx });
            self.emit(Insn::Star { dst: pair });
            match fdecls.get(n.as_str()) {
                Some(f) => {
                    let i = self.closure_for(&f.function, Some(&f.ident), false)?;
                    self.emit(Insn::CreateClosure { idx: i });
                }
                None => self.emit(Insn::LdaTheHole {}),
            }
            self.emit(Insn::Star { dst: Reg(pair.0 + 1) });
            self.emit(Insn::CallRuntime { id: RuntimeId::DeclareEvalGlobal as u16, args: pair, count: 2 });
            self.release(m);
        }
        Ok(())
    }
}

/// Where sloppy direct eval code's declarations go: the innermost eval variable object of the site, else the
/// global object.
fn var_target(scope: &EvalScope) -> VarTarget {
    for (depth, l) in scope.levels.iter().enumerate() {
        if let Some(o) = l.object_env.as_ref().filter(|o| !o.with)
            && let Some(&(_, _, slot)) = l.bindings.iter().find(|b| b.0 == o.binding)
        {
            return VarTarget::Function { depth: depth as u16, slot };
        }
    }
    VarTarget::Global
}

/// EvalDeclarationInstantiation's early errors for sloppy direct eval: a declared name that a scope between the
/// site and the var scope binds (a catch parameter excepted, Annex B.3.4), that the var scope binds lexically, or
/// that is a parameter's while the site is in the parameter list. Returns the names new to a function's var scope.
fn check_conflicts(scope: &EvalScope, names: &indexmap::IndexSet<Name>) -> Result<Vec<Name>, String> {
    let mut new = Vec::new();
    for n in names {
        if n == "arguments" && scope.flags.in_params {
            return Err("Identifier 'arguments' cannot be declared by eval code in a parameter list".into());
        }
        let mut exists = false;
        for l in &scope.levels {
            let b = l.bindings.iter().find(|b| &b.0 == n);
            if l.var_scope {
                if let Some(b) = b {
                    // Eval code in a parameter list declares in a scope of its own around which the parameters
                    // are bound (a var of a parameter's name conflicts).
                    if b.1.is_lexical() || (b.1 == BKind::Param && scope.flags.in_params) {
                        return Err(format!("Identifier '{n}' has already been declared"));
                    }
                    exists = true;
                }
                break;
            }
            if b.is_some_and(|b| b.1 != BKind::Catch) {
                return Err(format!("Identifier '{n}' has already been declared"));
            }
        }
        if !exists {
            new.push(n.clone());
        }
    }
    Ok(new)
}

/// Parses and compiles eval code. `scope`: the call site of a direct eval (None for indirect eval, which runs as
/// global code).
/// `referrer`: the file whose `import()` calls the code's resolve against (the caller's).
pub fn compile_eval(source: &str, scope: Option<&EvalScope>, referrer: &str) -> Result<EvalCode, SyntaxError> {
    let flags = scope.map(|s| s.flags).unwrap_or_default();
    let how = EvalParse { new_target: flags.new_target, strict: scope.is_some_and(|s| s.strict) };
    let Parsed { pos, script } = parse(source, "<eval>", Some(how))?;
    let to_err = super::early_error(source);
    let strict = scope.is_some_and(|s| s.strict) || scope::is_strict_directive(&script.body);
    let mut an = Analyzer::new(&pos);
    an.a.generation = scope.map_or(1, |s| s.generation + 1);
    an.eval = Some(flags);
    let levels = scope.map(|s| &s.levels[..]).unwrap_or_default();
    let private = levels.iter().flat_map(|l| &l.bindings).filter(|b| b.0.starts_with('#'));
    an.eval_private = private.map(|b| b.0.clone()).collect();
    // Sloppy eval code's own scope is a script scope: its vars and functions are no bindings of it.
    let kind = if strict { SKind::Arrow } else { SKind::Script };
    an.eval_code(&script, kind, strict).map_err(&to_err)?;
    let analysis = an.a;
    let sid = analysis.scope(script.span, T_SCRIPT).ok_or(SyntaxError {
        message: "internal: no eval scope".into(),
        line: 1,
        column: 1,
    })?;
    let (target, declarations) = match (strict, scope) {
        (true, _) => (VarTarget::Local, Vec::new()),
        (false, None) => (VarTarget::Global, global_declarations(&analysis, &script)),
        (false, Some(s)) => {
            let new = check_conflicts(s, &analysis.script_vars).map_err(|m| SyntaxError {
                message: m,
                line: 1,
                column: 1,
            })?;
            match var_target(s) {
                VarTarget::Global => (VarTarget::Global, global_declarations(&analysis, &script)),
                t => (t, new.into_iter().map(|n| (n, false)).collect()),
            }
        }
    };
    let mut c = Compiler::new(&analysis, &pos, referrer, scope);
    if let Some(s) = scope {
        c.push_levels(&s.levels);
    }
    let r = c.eval_code(&script, sid, target);
    if let (Ok(_), Some(pos)) = (&r, c.bad_resolve.get()) {
        return Err(to_err(CErr {
            msg: "internal compiler error: variable of another function in a register".into(),
            pos,
        }));
    }
    Ok(EvalCode { function: r.map_err(to_err)?, target, declarations })
}

/// The names sloppy eval code declares as globals, functions marked.
fn global_declarations(analysis: &scope::Analysis, script: &Script) -> Vec<(Name, bool)> {
    let fns: Vec<String> =
        script.body.iter().filter_map(super::functions::fn_decl).map(|f| f.ident.sym.to_string()).collect();
    analysis.script_vars.iter().map(|n| (n.clone(), fns.contains(n))).collect()
}
