//! The front end: swc AST -> bytecode (scope analysis, early errors, bytecode generation).
//!
//! Pipeline: `swc_ecma_parser::parse_file_as_script` -> `scope::Analyzer` (scopes, captured variables, early
//! errors) -> `Compiler` (one `FnState` per function being compiled, a chain of `CgScope`s mirroring the analysis
//! scopes that are currently open) -> a tree of `CompiledFunction`s.
//!
//! Invariants:
//! - The compiler never panics on any input; anything unsupported is a `SyntaxError` "... is not supported yet".
//! - The chain of open `CgScope`s with `has_ctx` is exactly the runtime context chain at the current pc, so a
//!   context slot's `depth` operand is the number of context-owning scopes above the binding's scope.
//! - A variable in a register is only ever accessed from its own function (scope analysis context-allocates every
//!   captured variable); the emitter checks this and reports an internal error instead of emitting bad code.

mod calls;
mod classes;
mod control;
pub(crate) mod direct_eval;
pub(crate) mod emitter;
mod expressions;
mod functions;
mod generators;
pub mod lazy;
pub mod modules;
mod patterns;
mod private_names;
pub(crate) mod scope;
mod scope_walk;
mod statements;
#[cfg(test)]
mod tests;
mod with;

use crate::bytecode::{CompiledFunction, FeedbackKind, FunctionKind, Insn, Reg};
use ahash::AHashMap as HashMap;
use emitter::{Emitter, Label};
use scope::{Analysis, BKind, Name, ScopeId};
use swc_common::{BytePos, FileName, SourceMap, Spanned, sync::Lrc};
use swc_ecma_ast::EsVersion;
use swc_ecma_parser::{EsSyntax, Syntax};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// 1-based
    pub line: u32,
    /// 1-based, in UTF-16 code units
    pub column: u32,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SyntaxError: {} ({}:{})", self.message, self.line, self.column)
    }
}

/// An error at a byte offset of the source, converted to line:column at the end.
#[derive(Debug)]
pub(crate) struct CErr {
    pub msg: String,
    pub pos: u32,
}

/// Converts swc positions to byte offsets into the original source (BOM included).
pub(crate) struct Pos {
    base: u32,
    bom: u32,
    /// Length of the text the parser saw before the source (`STRICT_PREFIX` for eval code of strict callers).
    prefix: u32,
    /// The parsed file (its text is the source without its byte-order mark), for the few early errors that depend
    /// on the exact text.
    file: Lrc<swc_common::SourceFile>,
}

impl Pos {
    pub fn of(&self, b: BytePos) -> u32 {
        b.0.saturating_sub(self.base).saturating_sub(self.prefix) + self.bom
    }

    /// The source text from `lo` to `hi` (empty when they are out of order).
    pub fn text(&self, lo: BytePos, hi: BytePos) -> &str {
        let (lo, hi) = (lo.0.saturating_sub(self.base) as usize, hi.0.saturating_sub(self.base) as usize);
        self.file.src.get(lo..hi).unwrap_or("")
    }
}

pub(crate) type R<T = ()> = Result<T, CErr>;

pub(crate) fn unsupported<T>(what: &str, pos: u32) -> R<T> {
    Err(CErr { msg: format!("{what} is not supported yet"), pos })
}

/// Line and column (1-based; the column in UTF-16 units) of a source byte offset.
pub fn line_col(source: &str, offset: u32) -> (u32, u32) {
    let mut line = 1;
    let mut col = 1;
    let mut prev_cr = false;
    for (i, c) in source.char_indices() {
        if i as u32 >= offset {
            break;
        }
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                col = 1;
            }
            '\u{feff}' if i == 0 => {}
            c => col += c.len_utf16() as u32,
        }
        prev_cr = c == '\r';
    }
    (line, col)
}

/// The source of a script or of eval code, parsed.
pub(crate) struct Parsed {
    pub pos: Pos,
    pub script: swc_ecma_ast::Script,
}

/// Parsed before the eval code of a strict caller, which is strict code however it starts (removed from the AST).
const STRICT_PREFIX: &str = "'use strict';";

/// How to parse eval code.
#[derive(Clone, Copy)]
pub(crate) struct EvalParse {
    /// `new.target` is allowed (the call site is in a function).
    pub new_target: bool,
    /// The caller is strict code.
    pub strict: bool,
}

/// The SyntaxError of an early error, at its line and column in `source`.
pub(crate) fn early_error(source: &str) -> impl Fn(CErr) -> SyntaxError + '_ {
    move |e: CErr| {
        let (line, column) = line_col(source, e.pos);
        SyntaxError { message: e.msg, line, column }
    }
}

/// Runs swc's `parse` over `source` (its byte-order mark removed, `prefix` in front): the positions and the AST, or
/// the first error by position among those `keep` lets through.
fn parse_source<T: Default>(
    source: &str,
    filename: &str,
    prefix: &str,
    parse: impl FnOnce(&swc_common::SourceFile, &mut Vec<swc_ecma_parser::error::Error>) -> swc_ecma_parser::PResult<T>,
    keep: impl Fn(&swc_ecma_parser::error::Error) -> bool,
) -> Result<(Pos, T), SyntaxError> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = (source.len() - text.len()) as u32;
    let cm: Lrc<SourceMap> = Default::default();
    let fm = cm.new_source_file(Lrc::new(FileName::Custom(filename.into())), format!("{prefix}{text}"));
    let pos = Pos { base: fm.start_pos.0, bom, prefix: prefix.len() as u32, file: fm.clone() };
    let mut recovered = Vec::new();
    let ast = parse(&fm, &mut recovered).unwrap_or_else(|e| {
        recovered.push(e);
        T::default()
    });
    recovered.retain(keep);
    match recovered.iter().min_by_key(|e| e.span().lo) {
        Some(e) => Err(early_error(source)(CErr { msg: e.kind().msg().to_string(), pos: pos.of(e.span().lo) })),
        None => Ok((pos, ast)),
    }
}

/// Parses `source` as a script. Eval code may contain `super` (the analysis checks it against its call site).
pub(crate) fn parse(source: &str, filename: &str, eval: Option<EvalParse>) -> Result<Parsed, SyntaxError> {
    // A hashbang comment must come first: such code is parsed without the prefix (its strict-only early errors
    // are not reported).
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let strict_prefix = eval.is_some_and(|e| e.strict) && !text.starts_with("#!");
    let prefix = if strict_prefix { STRICT_PREFIX } else { "" };
    let syntax = Syntax::Es(EsSyntax { allow_super_outside_method: eval.is_some(), ..EsSyntax::default() });
    let new_target = eval.is_some_and(|e| e.new_target);
    let (pos, mut script) = parse_source(
        source,
        filename,
        prefix,
        |fm, errors| swc_ecma_parser::parse_file_as_script(fm, syntax, EsVersion::latest(), None, errors),
        |e| !(new_target && matches!(e.kind(), swc_ecma_parser::error::SyntaxError::InvalidNewTarget)),
    )?;
    if strict_prefix && !script.body.is_empty() {
        script.body.remove(0);
    }
    Ok(Parsed { pos, script })
}

/// Parses and compiles a classic script, every function of it. `Err` for a syntax error or an early error.
pub fn compile_script(source: &str, filename: &str) -> Result<CompiledFunction, SyntaxError> {
    compile_script_timed(source, filename, false, &mut FrontEndTimes::default())
}

/// Time spent in each phase of the front end (`--stats`), added to by each compile.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrontEndTimes {
    /// swc's parser, to an AST with positions.
    pub parse: std::time::Duration,
    /// Scope analysis and early errors over the whole AST.
    pub scope: std::time::Duration,
    /// Bytecode generation (and dropping the AST).
    pub bytecode: std::time::Duration,
    /// Reading compiles from the code cache instead (`--code-cache`).
    pub cache_load: std::time::Duration,
}

/// `compile_script`, adding the time of each phase to `times`. `lazy`: the functions that may be are compiled at
/// their first call (`lazy.rs`); every early error is reported all the same.
pub fn compile_script_timed(
    source: &str,
    filename: &str,
    lazy: bool,
    times: &mut FrontEndTimes,
) -> Result<CompiledFunction, SyntaxError> {
    let start = std::time::Instant::now();
    let Parsed { pos, script } = parse(source, filename, None)?;
    let parsed = std::time::Instant::now();
    times.parse += parsed - start;
    let to_err = early_error(source);
    let mut an = scope::Analyzer::new(&pos);
    an.script(&script).map_err(&to_err)?;
    let mut analysis = an.a;
    analysis.release_walk_state();
    let analysed = std::time::Instant::now();
    times.scope += analysed - parsed;
    let unit = lazy::LazyScript::new(script, analysis, pos, filename);
    let mut c = Compiler::new(unit.analysis(), unit.pos(), filename, None);
    if lazy {
        c.lazy = Some(unit.clone());
    }
    let r = c.script(unit.script());
    let compiled = c.check_resolves(r).map_err(to_err);
    drop(c);
    // Without a deferred function this drops the AST.
    drop(unit);
    times.bytecode += analysed.elapsed();
    compiled
}

/// Parses and compiles a module: its body function and its static record. `Err` for a syntax or early error.
pub fn compile_module(source: &str, filename: &str) -> Result<(CompiledFunction, modules::ModuleInfo), SyntaxError> {
    compile_module_timed(source, filename, &mut FrontEndTimes::default())
}

/// `compile_module`, adding the time of each phase to `times`.
pub fn compile_module_timed(
    source: &str,
    filename: &str,
    times: &mut FrontEndTimes,
) -> Result<(CompiledFunction, modules::ModuleInfo), SyntaxError> {
    let start = std::time::Instant::now();
    let syntax = Syntax::Es(EsSyntax { import_attributes: true, ..EsSyntax::default() });
    let (pos, module) = parse_source(
        source,
        filename,
        "",
        |fm, errors| swc_ecma_parser::parse_file_as_module(fm, syntax, EsVersion::latest(), None, errors),
        |_| true,
    )?;
    let parsed = std::time::Instant::now();
    times.parse += parsed - start;
    let to_err = early_error(source);
    let lowered = modules::Lowered::lower(&module, &pos).map_err(&to_err)?;
    let mut an = scope::Analyzer::new(&pos);
    an.module(&lowered, module.span).map_err(&to_err)?;
    let analysis = an.a;
    let analysed = std::time::Instant::now();
    times.scope += analysed - parsed;
    let mut c = Compiler::new(&analysis, &pos, filename, None);
    let r = c.module(&lowered, module.span);
    let compiled = c.check_resolves(r).map_err(to_err);
    drop(lowered);
    drop(module);
    times.bytecode += analysed.elapsed();
    compiled
}

// ---------------------------------------------------------------------------------------------- compiler state

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Loc {
    Reg(Reg),
    Ctx(u16),
}

#[derive(Clone, Debug)]
pub(crate) struct VarInfo {
    pub loc: Loc,
    pub kind: BKind,
    /// Initialised on every path reaching the current pc (TDZ check can be elided in this function). A cell: the
    /// bindings of a scope are shared with the functions deferred in it (`lazy.rs`), which never read this flag
    /// (it only elides checks in the binding's own function).
    pub initialized: std::cell::Cell<bool>,
}

pub(crate) struct CgScope {
    pub sid: Option<ScopeId>,
    pub func: usize,
    pub has_ctx: bool,
    /// Register holding the outer context when this scope pushed a block context.
    pub ctx_save: Option<Reg>,
    /// Shared with the functions deferred in the scope (`lazy.rs`), which see it as a context of the enclosing code.
    pub vars: std::rc::Rc<HashMap<Name, VarInfo>>,
    pub is_switch: bool,
    /// Scopes of a constructor while its class field initialisers are emitted (invisible to lookups).
    pub hidden: bool,
    /// The object a lookup passing this scope looks in after its bindings: a `with` statement's object, or the
    /// variables sloppy direct eval declared in this function (`with.rs`, `direct_eval.rs`).
    pub object_env: Option<direct_eval::ObjectEnv>,
    /// The scope is a var scope (a function's, the script's; not sloppy eval code's own scope).
    pub var_scope: bool,
    /// The scope is a derived constructor's (`%this` may still be the hole).
    pub derived_ctor: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Jump {
    Break(usize),
    Continue(usize),
    Return,
}

pub(crate) enum CtlKind {
    /// `iter`: the iterator a break or return closes (a for-of loop's), and whether it is async (`for await`).
    Breakable {
        labels: Vec<Name>,
        brk: Label,
        cont: Option<Label>,
        iter: Option<(Reg, bool)>,
        unlabeled_break: bool,
    },
    Finally {
        tok: Reg,
        val: Reg,
        entry: Label,
        jumps: Vec<Jump>,
    },
}

pub(crate) struct Ctl {
    pub kind: CtlKind,
    pub chain_len: usize,
}

pub(crate) struct ClassInfo<'a> {
    /// The instance private methods and accessors, then the instance fields in order (`classes.rs`).
    pub methods: Vec<private_names::PrivateInstall<'a>>,
    pub fields: Vec<classes::Field<'a>>,
    pub fields_sid: Option<ScopeId>,
}

impl ClassInfo<'_> {
    /// Whether constructing an instance initialises anything.
    pub fn initialises(&self) -> bool {
        !self.methods.is_empty() || !self.fields.is_empty()
    }
}

#[allow(dead_code)]
pub(crate) struct FnState<'a> {
    pub e: Emitter,
    pub kind: FunctionKind,
    pub strict: bool,
    pub sid: ScopeId,
    pub functions: Vec<CompiledFunction>,
    pub ctl: Vec<Ctl>,
    pub loop_depth: u16,
    /// Instance fields to initialise (class constructors).
    pub class: Option<ClassInfo<'a>>,
    /// `this` while static field initialisers run in the enclosing function.
    pub static_this: Option<Reg>,
    pub name: Vec<u16>,
    /// Generators and async functions: the register holding the generator object (see `generators.rs`).
    pub generator: Option<Reg>,
    /// Scripts and eval code: the register holding the completion value (see `statements.rs`).
    pub completion: Option<Reg>,
    pub is_generator: bool,
    pub is_async: bool,
    /// While a non-simple parameter list is bound: the chain index of the function scope and the parameter names
    /// not initialised yet (a direct reference to one of them is a ReferenceError, as for `let`).
    pub params_pending: Option<(usize, Vec<String>)>,
    /// Names (string constants) the function assigns as `this.name = ...`: with the class's instance fields, how
    /// many properties the instances it constructs get (`CompiledFunction::this_properties`).
    pub this_properties: Vec<u16>,
    /// The scopes seen by the function's direct eval sites (`CompiledFunction::eval_scopes`).
    pub eval_scopes: Vec<std::rc::Rc<direct_eval::EvalScope>>,
}

pub(crate) struct Compiler<'a> {
    pub analysis: &'a Analysis,
    pub pos: &'a Pos,
    pub fns: Vec<FnState<'a>>,
    pub chain: Vec<CgScope>,
    pub depth: u32,
    /// Set when a register variable of another function was looked up (a scope-analysis bug): reported as an
    /// internal error instead of emitting wrong code.
    pub bad_resolve: std::cell::Cell<Option<u32>>,
    /// The file being compiled: `import()` resolves its specifier against it.
    pub referrer: &'a str,
    /// Eval code: the scopes of its call site (direct eval), pushed below the chain as scopes of no function.
    pub eval: Option<&'a direct_eval::EvalScope>,
    /// Set when functions may be compiled at their first call (`lazy.rs`).
    pub lazy: Option<std::rc::Rc<lazy::LazyScript>>,
}

#[allow(dead_code)]
pub(crate) enum Resolved {
    Local { reg: Reg, kind: BKind, init: bool, chain_idx: usize },
    Ctx { depth: u16, slot: u16, kind: BKind, init: bool, chain_idx: usize, same_fn: bool },
    Global,
}

impl<'a> Compiler<'a> {
    fn new(analysis: &'a Analysis, pos: &'a Pos, referrer: &'a str, eval: Option<&'a direct_eval::EvalScope>) -> Self {
        let bad_resolve = Default::default();
        Compiler { analysis, pos, fns: vec![], chain: vec![], depth: 0, bad_resolve, referrer, eval, lazy: None }
    }

    /// A finished compile, unless a register variable of another function was looked up on the way.
    fn check_resolves<T>(&self, r: R<T>) -> R<T> {
        if let (Ok(_), Some(pos)) = (&r, self.bad_resolve.get()) {
            let msg = "internal compiler error: variable of another function in a register".into();
            return Err(CErr { msg, pos });
        }
        r
    }

    pub fn f(&mut self) -> &mut FnState<'a> {
        self.fns.last_mut().expect("a function is being compiled")
    }
    pub fn e(&mut self) -> &mut Emitter {
        &mut self.f().e
    }
    pub fn emit(&mut self, i: Insn) {
        self.e().emit(i)
    }
    pub fn jump(&mut self, i: Insn, l: Label) {
        self.e().emit_jump(i, l)
    }
    pub fn label(&mut self) -> Label {
        self.e().new_label()
    }
    pub fn bind(&mut self, l: Label) {
        self.e().bind(l)
    }
    pub fn alloc(&mut self) -> Reg {
        self.e().alloc()
    }
    pub fn mark(&mut self) -> u16 {
        self.e().mark()
    }
    pub fn release(&mut self, m: u16) {
        self.e().release(m)
    }
    pub fn slot(&mut self, k: FeedbackKind) -> u16 {
        self.e().slot(k)
    }
    pub fn set_pos(&mut self, b: BytePos) {
        let p = self.pos.of(b);
        self.e().pos = p;
    }
    pub fn str_idx(&mut self, s: &str) -> u16 {
        self.e().str(s)
    }
    pub fn cur_fn(&self) -> usize {
        self.fns.len() - 1
    }
    pub fn strict(&self) -> bool {
        self.fns.last().map(|f| f.strict).unwrap_or(false)
    }
    pub fn here(&self) -> u32 {
        self.fns.last().map(|f| f.e.pos).unwrap_or(0)
    }

    pub fn enter_depth(&mut self) -> R {
        self.depth += 1;
        if self.depth > 2000 {
            let p = self.here();
            return Err(CErr { msg: "too deeply nested".into(), pos: p });
        }
        Ok(())
    }

    /// Resolves a name along the open scopes.
    pub fn resolve(&self, name: &str) -> Resolved {
        let cur = self.cur_fn();
        let mut depth = 0u16;
        for (i, s) in self.chain.iter().enumerate().rev() {
            if !s.hidden
                && let Some(v) = s.vars.get(name)
            {
                return match v.loc {
                    Loc::Reg(r) if s.func == cur => {
                        Resolved::Local { reg: r, kind: v.kind, init: v.initialized.get(), chain_idx: i }
                    }
                    // Never expected: scope analysis context-allocates captured variables.
                    Loc::Reg(_) => {
                        self.bad_resolve.set(Some(self.here()));
                        Resolved::Global
                    }
                    Loc::Ctx(slot) => Resolved::Ctx {
                        depth,
                        slot,
                        kind: v.kind,
                        init: v.initialized.get(),
                        chain_idx: i,
                        same_fn: s.func == cur,
                    },
                };
            }
            if s.has_ctx {
                depth += 1;
            }
        }
        Resolved::Global
    }

    /// Marks a binding initialised (TDZ checks after this point in the same function are elided).
    pub fn mark_initialized(&mut self, name: &str) {
        let cur = self.cur_fn();
        for s in self.chain.iter_mut().rev() {
            if let Some(v) = s.vars.get(name) {
                if s.func == cur && !s.is_switch {
                    v.initialized.set(true);
                }
                return;
            }
        }
    }

    /// Opens the codegen scope for analysis scope `sid`: allocates registers / context slots, pushes a block
    /// context if needed (not for function scopes: the prologue does that) and initialises lexical bindings to
    /// the hole.
    pub fn enter_scope(&mut self, sid: Option<ScopeId>, is_function: bool) -> usize {
        let func = self.cur_fn();
        let mut vars = HashMap::new();
        let mut nslots = 0u16;
        let is_switch = sid.map(|s| self.analysis.scopes[s].kind == scope::SKind::Switch).unwrap_or(false);
        // Register bindings initialised before any use need no TDZ hole (see `Binding::initialized_before_use`).
        let mut no_hole: Vec<&str> = vec![];
        if let Some(sid) = sid {
            for b in &self.analysis.scopes[sid].bindings {
                if !is_switch && b.initialized_before_use() {
                    no_hole.push(&b.name);
                }
                let loc = if b.captured {
                    nslots += 1;
                    Loc::Ctx(nslots - 1)
                } else if is_function && b.kind == BKind::Param {
                    Loc::Reg(Reg::local(0)) // fixed by the prologue
                } else {
                    Loc::Reg(self.e().alloc())
                };
                vars.insert(
                    b.name.clone(),
                    VarInfo { loc, kind: b.kind, initialized: std::cell::Cell::new(!b.kind.is_lexical()) },
                );
            }
        }
        let (object_env, var_scope, derived_ctor) = match sid {
            Some(sid) => {
                let a = &self.analysis.scopes[sid];
                let object_env = match (&a.eval_vars, a.kind) {
                    (_, scope::SKind::With) => {
                        a.bindings.first().map(|b| direct_eval::ObjectEnv { binding: b.name.clone(), with: true })
                    }
                    (Some(n), _) => Some(direct_eval::ObjectEnv { binding: n.clone(), with: false }),
                    (None, _) => None,
                };
                // Sloppy eval code's own scope is no var scope: its vars go to its caller's.
                let eval_root = a.parent.is_none() && self.eval.is_some() && !a.strict;
                (object_env, a.is_function() && !eval_root, a.is_derived_ctor)
            }
            None => (None, false, false),
        };
        let mut sc = CgScope {
            sid,
            func,
            has_ctx: false,
            ctx_save: None,
            vars: std::rc::Rc::new(vars),
            is_switch,
            hidden: false,
            object_env,
            var_scope,
            derived_ctor,
        };
        if nslots > 0 && !is_function {
            let save = self.e().alloc();
            self.emit(Insn::CreateBlockContext { slots: nslots });
            self.emit(Insn::PushContext { save });
            sc.has_ctx = true;
            sc.ctx_save = Some(save);
        } else if nslots > 0 {
            self.emit(Insn::CreateFunctionContext { slots: nslots });
            sc.has_ctx = true;
        }
        // Lexical bindings start in TDZ.
        let mut holes = vec![];
        for (n, v) in sc.vars.iter() {
            if v.kind.is_lexical() && !(matches!(v.loc, Loc::Reg(_)) && no_hole.contains(&n.as_str())) {
                holes.push(v.loc);
            }
        }
        holes.sort_by_key(|l| match l {
            Loc::Reg(r) => r.0 as i32,
            Loc::Ctx(s) => 100000 + *s as i32,
        });
        self.chain.push(sc);
        for l in holes {
            self.emit(Insn::LdaTheHole {});
            match l {
                Loc::Reg(r) => self.emit(Insn::Star { dst: r }),
                Loc::Ctx(slot) => self.emit(Insn::StaContextSlot { depth: 0, slot }),
            }
        }
        self.chain.len() - 1
    }

    /// Closes the innermost scope (pops its block context). Registers are released by the caller's mark.
    pub fn exit_scope(&mut self) {
        if let Some(s) = self.chain.pop()
            && let Some(save) = s.ctx_save
        {
            self.emit(Insn::PopContext { saved: save });
        }
    }

    /// Pops block contexts opened above chain position `len` (leaving scopes early), without closing them.
    pub fn pop_contexts_to(&mut self, len: usize) {
        let cur = self.cur_fn();
        let save = self.chain.iter().skip(len).filter(|s| s.func == cur).find_map(|s| s.ctx_save);
        if let Some(saved) = save {
            self.emit(Insn::PopContext { saved });
        }
    }

    /// Loads a variable into the accumulator (with a TDZ check when needed).
    /// Whether `r` (resolved from `name`) is a parameter of the current function that is not initialised yet.
    fn param_in_tdz(&mut self, r: &Resolved, name: &str) -> bool {
        let chain_idx = match r {
            Resolved::Local { chain_idx, kind: BKind::Param, .. }
            | Resolved::Ctx { chain_idx, kind: BKind::Param, .. } => *chain_idx,
            _ => return false,
        };
        self.f()
            .params_pending
            .as_ref()
            .is_some_and(|(scope, names)| *scope == chain_idx && names.iter().any(|n| n == name))
    }

    /// Throws the TDZ ReferenceError for `name`.
    fn throw_tdz(&mut self, name: &str) {
        let n = self.str_idx(name);
        self.emit(Insn::LdaTheHole {});
        self.emit(Insn::ThrowReferenceErrorIfHole { name: n });
    }

    pub fn load_var(&mut self, name: &str, inside_typeof: bool) {
        let withs = self.with_objects(name);
        if !withs.is_empty() {
            return self.load_through_with(name, &withs, inside_typeof, None);
        }
        self.load_resolved(name, inside_typeof);
    }

    /// Loads `name` from where the compiler resolved it (no `with` object in between).
    pub(crate) fn load_resolved(&mut self, name: &str, inside_typeof: bool) {
        let r = self.resolve(name);
        if self.param_in_tdz(&r, name) {
            return self.throw_tdz(name);
        }
        match r {
            Resolved::Local { reg, kind, init, .. } => {
                self.emit(Insn::Ldar { src: reg });
                if kind.is_lexical() && !init {
                    let n = self.str_idx(name);
                    self.emit(Insn::ThrowReferenceErrorIfHole { name: n });
                }
            }
            Resolved::Ctx { depth, slot, kind: BKind::Import, .. } => {
                self.emit(Insn::LdaModuleVariable { depth, slot });
                let n = self.str_idx(name);
                self.emit(Insn::ThrowReferenceErrorIfHole { name: n });
            }
            Resolved::Ctx { depth, slot, kind, init, same_fn, .. } => {
                self.emit(Insn::LdaContextSlot { depth, slot });
                if kind.is_lexical() && !(init && same_fn) {
                    let n = self.str_idx(name);
                    self.emit(Insn::ThrowReferenceErrorIfHole { name: n });
                }
            }
            Resolved::Global => {
                let n = self.str_idx(name);
                let slot = self.slot(FeedbackKind::Global);
                if inside_typeof {
                    self.emit(Insn::LdaGlobalInsideTypeof { name: n, slot })
                } else {
                    self.emit(Insn::LdaGlobal { name: n, slot })
                }
            }
        }
    }

    /// Stores the accumulator into a variable. `init` is true for declarations (no TDZ or const checks).
    pub fn store_var(&mut self, name: &str, init: bool) {
        let withs = self.with_objects(name);
        if !withs.is_empty() {
            return self.store_through_with(name, &withs, init);
        }
        self.store_resolved(name, init);
    }

    /// Stores the accumulator where the compiler resolved `name` (no `with` object in between).
    pub(crate) fn store_resolved(&mut self, name: &str, init: bool) {
        let r = self.resolve(name);
        if !init && self.param_in_tdz(&r, name) {
            return self.throw_tdz(name);
        }
        let (kind, initialized) = match &r {
            Resolved::Local { kind, init, .. } => (Some(*kind), *init),
            Resolved::Ctx { kind, init, same_fn, .. } => (Some(*kind), *init && *same_fn),
            Resolved::Global => (None, true),
        };
        if !init {
            match kind {
                Some(BKind::Const) | Some(BKind::ClassInner) | Some(BKind::Import) => {
                    if !initialized || kind == Some(BKind::Import) {
                        // TDZ first: reading the binding throws if it is still the hole.
                        let m = self.mark();
                        let t = self.alloc();
                        self.emit(Insn::Star { dst: t });
                        self.load_var(name, false);
                        self.emit(Insn::Ldar { src: t });
                        self.release(m);
                    }
                    let n = self.str_idx(name);
                    self.emit(Insn::ThrowConstAssignError { name: n });
                    return;
                }
                Some(BKind::FnName) => {
                    if self.strict() {
                        let n = self.str_idx(name);
                        self.emit(Insn::ThrowConstAssignError { name: n });
                    }
                    return;
                }
                Some(k) if k.is_lexical() && !initialized => {
                    let m = self.mark();
                    let t = self.alloc();
                    self.emit(Insn::Star { dst: t });
                    self.load_var(name, false);
                    self.emit(Insn::Ldar { src: t });
                    self.release(m);
                }
                _ => {}
            }
        }
        match r {
            Resolved::Local { reg, .. } => self.emit(Insn::Star { dst: reg }),
            Resolved::Ctx { depth, slot, .. } => self.emit(Insn::StaContextSlot { depth, slot }),
            Resolved::Global => {
                let n = self.str_idx(name);
                let slot = self.slot(FeedbackKind::Global);
                self.emit(Insn::StaGlobal { name: n, slot })
            }
        }
        if init {
            self.mark_initialized(name);
        }
    }
}

pub(crate) fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// The `name` a declaration gives its function or class: a module's `export default` binding is `*default*`,
/// its anonymous function or class is named "default".
pub(crate) fn display_name(binding: &str) -> Vec<u16> {
    utf16(if binding == modules::DEFAULT_BINDING { "default" } else { binding })
}
