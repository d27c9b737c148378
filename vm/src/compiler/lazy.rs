//! Lazy compilation: a function's bytecode is generated at its first call (V8's lazy compilation).
//!
//! The front end parses a script once, runs the scope analysis over all of it (which outer variables live in
//! contexts depends on every inner function) and reports every early error before anything runs. Bytecode
//! generation then stops at the functions it may defer: for each it records a `LazyFunction` (where its AST is
//! and the contexts it sees) in a placeholder `CompiledFunction`. Its first call compiles it with the same
//! `Compiler` as an eager compile, from the same AST and analysis, so the bytecode is exactly what an eager compile
//! would have produced (see `docs/design-notes.md`, "Compilation is lazy per function", for the measurements
//! behind keeping the AST instead of re-parsing the function's source span).
//!
//! Invariants:
//! - The AST, the analysis and the positions of a script live in one `LazyScript`, shared (`Rc`) by every deferred
//!   function of the script and by the deferred functions of functions compiled lazily later; it is freed when
//!   the last of them is compiled or collected. It is never mutated, so the AST nodes a `LazyFunction` points to
//!   stay where they are.
//! - A deferred function sees its enclosing code only through the scopes that own a runtime context at its
//!   closure's creation (`levels`; their bindings are shared, not copied: a namespace function of a bundle binds
//!   thousands of names and defers hundreds of functions): scope analysis puts every variable an inner function
//!   uses in a context, so nothing in an enclosing function's registers can be needed.
//! - Only what needs no state of the enclosing function's compile is deferred (`Compiler::deferrable`): class
//!   constructors (their fields are compiled into them), arrows whose `this` or `super()` is a class
//!   constructor's or a static initialiser's, functions under a `with` or a sloppy direct eval's variables, and
//!   anything in eval code or modules are compiled eagerly.

use super::direct_eval::ObjectEnv;
use super::functions::{FnSpec, new_state, source_start};
use super::scope::{Analysis, T_FN};
use super::*;
use std::rc::Rc;
use swc_ecma_ast::{Expr, Pat, Stmt};

/// Everything the lazy compiles of one script's functions read: its AST, scope analysis and positions.
pub struct LazyScript {
    script: swc_ecma_ast::Script,
    analysis: Analysis,
    pos: Pos,
    filename: String,
}

/// A function whose bytecode is generated at its first call: where its AST is and what it sees around it.
pub struct LazyFunction {
    unit: Rc<LazyScript>,
    /// The context-owning scopes of the chain where its closure is created, outermost first.
    levels: Box<[LazyLevel]>,
    span: swc_common::Span,
    params: Box<[*const Pat]>,
    body: Option<*const [Stmt]>,
    expr_body: Option<*const Expr>,
    kind: FunctionKind,
    name: Vec<u16>,
    is_generator: bool,
    is_async: bool,
}

/// A scope of the enclosing code that owns a runtime context, as the chain had it (`CgScope`).
struct LazyLevel {
    sid: Option<ScopeId>,
    vars: Rc<HashMap<Name, VarInfo>>,
    is_switch: bool,
    hidden: bool,
    object_env: Option<ObjectEnv>,
    var_scope: bool,
    derived_ctor: bool,
}

impl std::fmt::Debug for LazyFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyFunction({:?} at {}..{})", self.kind, self.span.lo.0, self.span.hi.0)
    }
}

impl LazyFunction {
    /// The spec `compile_fn` was given when the function was deferred.
    fn spec(&self) -> FnSpec<'_> {
        // SAFETY: the pointers are into `self.unit.script`, which `self` keeps alive and nothing mutates (see the
        // module's invariants); the references live no longer than the borrow of `self`.
        unsafe {
            FnSpec {
                span: self.span,
                params: self.params.iter().map(|&p| &*p).collect(),
                body: self.body.map(|b| &*b),
                expr_body: self.expr_body.map(|e| &*e),
                kind: self.kind,
                name: self.name.clone(),
                class: None,
                implicit_derived: false,
                is_generator: self.is_generator,
                is_async: self.is_async,
            }
        }
    }
}

impl LazyScript {
    /// The script's unit, for its compile (`compile_script_timed`).
    pub(crate) fn new(script: swc_ecma_ast::Script, analysis: Analysis, pos: Pos, filename: &str) -> Rc<LazyScript> {
        Rc::new(LazyScript { script, analysis, pos, filename: filename.to_string() })
    }

    pub(crate) fn script(&self) -> &swc_ecma_ast::Script {
        &self.script
    }
    pub(crate) fn analysis(&self) -> &Analysis {
        &self.analysis
    }
    pub(crate) fn pos(&self) -> &Pos {
        &self.pos
    }
}

impl<'a> Compiler<'a> {
    /// Whether the function of `spec` (analysis scope `sid`) may be compiled at its first call: see the module's
    /// invariants.
    fn deferrable(&self, spec: &FnSpec<'a>, sid: Option<ScopeId>) -> bool {
        if self.lazy.is_none() || sid.is_none() || spec.class.is_some() || spec.implicit_derived {
            return false;
        }
        let kind_ok = match spec.kind {
            FunctionKind::Normal | FunctionKind::Method => true,
            // An arrow's `this`, `new.target` and `super()` are its enclosing function's: defer it only where that
            // is no class constructor (whose fields `super()` initialises) and no static initialiser.
            FunctionKind::Arrow => {
                self.fns.iter().rev().find(|f| f.kind != FunctionKind::Arrow).is_some_and(|f| {
                    matches!(f.kind, FunctionKind::Normal | FunctionKind::Method | FunctionKind::Script)
                        && f.class.is_none()
                }) && self.fns.iter().all(|f| f.static_this.is_none())
            }
            FunctionKind::Script | FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor => false,
        };
        kind_ok && self.chain.iter().all(|s| s.object_env.is_none())
    }

    /// Compiles a nested function now, or defers it when it may be (a placeholder with what a call needs before
    /// the function runs: name, kind, length, parameter count, source range). Returns its index for
    /// `CreateClosure`.
    pub(crate) fn compile_fn(&mut self, spec: FnSpec<'a>) -> R<u16> {
        let p = self.pos.of(spec.span.lo);
        let sid = self.analysis.scope(spec.span, T_FN);
        if !self.deferrable(&spec, sid) {
            return self.compile_fn_now(spec);
        }
        let strict = sid.is_some_and(|s| self.analysis.scopes[s].strict);
        let (length, param_count) = param_counts(&spec.params);
        let levels = self
            .chain
            .iter()
            .filter(|s| s.has_ctx)
            .map(|s| LazyLevel {
                sid: s.sid,
                vars: s.vars.clone(),
                is_switch: s.is_switch,
                hidden: s.hidden,
                object_env: s.object_env.clone(),
                var_scope: s.var_scope,
                derived_ctor: s.derived_ctor,
            })
            .collect();
        let Some(unit) = self.lazy.clone() else { return self.compile_fn_now(spec) };
        let f = LazyFunction {
            unit,
            levels,
            span: spec.span,
            params: spec.params.iter().map(|&p| p as *const Pat).collect(),
            body: spec.body.map(|b| b as *const [Stmt]),
            expr_body: spec.expr_body.map(|e| e as *const Expr),
            kind: spec.kind,
            name: spec.name.clone(),
            is_generator: spec.is_generator,
            is_async: spec.is_async,
        };
        let placeholder = CompiledFunction {
            name: spec.name,
            kind: spec.kind,
            is_strict: strict,
            is_async: spec.is_async,
            is_generator: spec.is_generator,
            length,
            param_count,
            register_count: 0,
            bytecode: Vec::new(),
            constants: Vec::new(),
            functions: Vec::new(),
            feedback: Vec::new(),
            handlers: Vec::new(),
            positions: Vec::new(),
            mapped_arguments: None,
            source_start: source_start(spec.kind, spec.span, self.pos),
            source_end: self.pos.of(spec.span.hi),
            this_properties: 0,
            eval_scopes: Vec::new(),
            lazy: Some(Rc::new(f)),
        };
        let fs = &mut self.f().functions;
        fs.push(placeholder);
        if fs.len() > u16::MAX as usize {
            return Err(CErr { msg: "too many functions".into(), pos: p });
        }
        Ok((fs.len() - 1) as u16)
    }

    /// Pushes the context-owning scopes a deferred function was created in, as scopes of no function.
    fn push_lazy_levels(&mut self, levels: &[LazyLevel]) {
        for l in levels {
            self.chain.push(CgScope {
                sid: l.sid,
                func: usize::MAX,
                has_ctx: true,
                ctx_save: None,
                vars: l.vars.clone(),
                is_switch: l.is_switch,
                hidden: l.hidden,
                object_env: l.object_env.clone(),
                var_scope: l.var_scope,
                derived_ctor: l.derived_ctor,
            });
        }
    }
}

/// Function.prototype.length and the number of parameter registers of a parameter list, as `compile_fn` counts
/// them: `length` stops at the first default or rest parameter; a rest parameter has no register.
pub(crate) fn param_counts(params: &[&Pat]) -> (u16, u16) {
    let mut length = None;
    let mut param_count = 0u16;
    for (i, p) in params.iter().enumerate() {
        let i = i as u16;
        match p {
            Pat::Rest(_) => {
                length.get_or_insert(i);
            }
            Pat::Assign(_) => {
                length.get_or_insert(i);
                param_count = i + 1;
            }
            _ => param_count = i + 1,
        }
    }
    (length.unwrap_or(param_count), param_count)
}

/// Generates a deferred function's bytecode (its own nested functions deferred in turn), adding the time to
/// `times.bytecode`. `source` is its script's source (for the position of an error).
pub fn compile_lazy(
    f: &LazyFunction,
    source: &str,
    times: &mut FrontEndTimes,
) -> Result<CompiledFunction, SyntaxError> {
    let start = std::time::Instant::now();
    let unit = f.unit.clone();
    let mut c = Compiler::new(&unit.analysis, &unit.pos, &unit.filename, None);
    c.lazy = Some(unit.clone());
    c.push_lazy_levels(&f.levels);
    // The enclosing function's state: only the compiled function's own state is read (see `deferrable`).
    c.fns.push(new_state(FunctionKind::Normal, false, usize::MAX, vec![]));
    let r = c.compile_fn_now(f.spec());
    let r = c.check_resolves(r).and_then(|_| {
        let holder = c.fns.pop();
        holder.and_then(|mut h| h.functions.pop()).ok_or(CErr { msg: "internal: lazy compile".into(), pos: 0 })
    });
    times.bytecode += start.elapsed();
    r.map_err(early_error(source))
}

/// What a deferred function becomes when its compile fails (the code generator refuses something the analysis
/// accepted: "... is not supported yet", "function is too large"): a function that throws that SyntaxError,
/// `message`, at every call, from source offset `position`. The template then has bytecode like every function
/// that was ever called, so call feedback that names it (the call was attempted) leads no tier to a function
/// without bytecode.
pub fn throwing_stub(template_of: &CompiledShape, message: &str, position: u32) -> CompiledFunction {
    let mut e = emitter::Emitter::default();
    e.pos = position;
    let idx = e.str(message);
    let r = e.alloc();
    e.emit(Insn::LdaConstant { idx });
    e.emit(Insn::Star { dst: r });
    e.emit(Insn::CallRuntime { id: crate::bytecode::RuntimeId::ThrowSyntaxError as u16, args: r, count: 1 });
    e.emit(Insn::LdaUndefined {});
    e.emit(Insn::Return {});
    e.finish();
    CompiledFunction {
        name: Vec::new(),
        kind: template_of.kind,
        is_strict: template_of.is_strict,
        is_async: false,
        is_generator: false,
        length: template_of.length,
        param_count: template_of.param_count,
        register_count: e.max_reg,
        bytecode: e.code,
        constants: e.constants,
        functions: Vec::new(),
        feedback: e.feedback,
        handlers: e.handlers,
        positions: e.positions,
        mapped_arguments: None,
        source_start: position,
        source_end: position,
        this_properties: 0,
        eval_scopes: Vec::new(),
        lazy: None,
    }
}

/// The parts of a template that a function replacing its compile keeps (`throwing_stub`).
pub struct CompiledShape {
    pub kind: FunctionKind,
    pub is_strict: bool,
    pub length: u16,
    pub param_count: u16,
}
