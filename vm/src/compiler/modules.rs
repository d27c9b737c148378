//! ES modules in the front end: the module body as a resumable function, and the module's static record (its
//! requests, imports and exports) that `crate::modules` links.
//!
//! A module compiles to one function: a generator (an async generator when its top level awaits) whose prologue
//! creates the module environment, a context holding every top-level binding (importers and namespace objects
//! refer to them there), and instantiates the hoisted functions, then suspends. Calling it is the environment's
//! initialisation, resuming it runs the body (ExecuteModule); with the suspension in between, the functions of
//! modules in a cycle exist before any body runs, as the spec's InitializeEnvironment requires.
//!
//! Invariants:
//! - Every binding of the module scope is context-allocated (`captured`), so `ModuleInfo` names it by slot.
//! - An import binding's slot holds an import cell (see `crate::modules`), written by the linker before the body
//!   runs; code reads it with `LdaModuleVariable` (then the TDZ check) and never writes it.
//! - Export declarations are lowered (`lower`) to the plain declarations they contain, with their spans, so the
//!   analysis and the emitter see ordinary statements; `export default` binds `*default*`.

use super::scope::{Analyzer, BKind, SKind, T_MODULE, key};
use super::*;
use swc_ecma_ast::*;

/// The binding of `export default <expression>` and of anonymous default functions and classes.
pub const DEFAULT_BINDING: &str = "*default*";
/// The binding holding the module's `import.meta` object (written by the linker).
pub const IMPORT_META_BINDING: &str = "%import.meta";

/// What an import or indirect export takes from the requested module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportName {
    Name(String),
    /// `* as ns`: the module's namespace object.
    Namespace,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleRequest {
    pub specifier: String,
    /// `with { type: "json" }`.
    pub json: bool,
}

#[derive(Clone, Debug)]
pub struct ImportEntry {
    pub request: usize,
    pub name: ImportName,
    /// The import binding's slot in the module environment (where its import cell goes).
    pub slot: u16,
}

#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    /// Requested modules in source order, without duplicates.
    pub requests: Vec<ModuleRequest>,
    pub imports: Vec<ImportEntry>,
    /// Exported name -> slot of the local binding.
    pub local_exports: Vec<(String, u16)>,
    /// Exported name -> (request, name there): `export { x } from`, `export * as ns from`, re-exported imports.
    pub indirect_exports: Vec<(String, usize, ImportName)>,
    /// `export * from`: requests.
    pub star_exports: Vec<usize>,
    /// Slot of the `import.meta` binding.
    pub meta_slot: u16,
    /// The top level awaits: the body is an async generator.
    pub has_tla: bool,
}

/// An import or export declaration, kept for building `ModuleInfo` once the slots are known.
enum Clause {
    Import {
        request: usize,
        name: ImportName,
        local: String,
    },
    /// `export { local as name }` (no `from`), and the names an exported declaration declares.
    Local {
        name: String,
        local: String,
        pos: u32,
    },
    Indirect {
        name: String,
        request: usize,
        import: ImportName,
        pos: u32,
    },
    Star {
        request: usize,
    },
}

/// A module's items lowered to statements, and what its import/export declarations say.
pub(crate) struct Lowered {
    pub body: Vec<Stmt>,
    clauses: Vec<Clause>,
    requests: Vec<ModuleRequest>,
}

fn export_name(n: &ModuleExportName) -> R<String> {
    match n {
        ModuleExportName::Ident(i) => Ok(i.sym.to_string()),
        ModuleExportName::Str(s) => match s.value.as_str() {
            Some(v) => Ok(v.to_string()),
            None => Err(CErr { msg: "An export name must be a well-formed Unicode string".into(), pos: 0 }),
        },
    }
}

fn ident(name: &str, span: swc_common::Span) -> Ident {
    Ident::new(name.into(), span, Default::default())
}

/// The names a declaration binds.
fn decl_names(d: &Decl, pos: &Pos) -> Vec<(String, u32)> {
    match d {
        Decl::Fn(f) => vec![(f.ident.sym.to_string(), pos.of(f.ident.span.lo))],
        Decl::Class(c) => vec![(c.ident.sym.to_string(), pos.of(c.ident.span.lo))],
        Decl::Var(v) => {
            let mut out = vec![];
            for d in &v.decls {
                scope::pat_names(&d.name, &mut out, pos);
            }
            out
        }
        _ => vec![],
    }
}

impl Lowered {
    fn request(&mut self, src: &Str, with: Option<&ObjectLit>, pos: u32) -> R<usize> {
        let mut json = false;
        let mut keys = std::collections::HashSet::new();
        for p in with.map(|w| &w.props[..]).unwrap_or(&[]) {
            let PropOrSpread::Prop(p) = p else { continue };
            let Prop::KeyValue(kv) = &**p else { continue };
            let k = match &kv.key {
                PropName::Ident(i) => i.sym.to_string(),
                PropName::Str(s) => s.value.to_string_lossy().into_owned(),
                _ => continue,
            };
            if !keys.insert(k.clone()) {
                return Err(CErr { msg: format!("Import attribute has duplicate key '{k}'"), pos });
            }
            let v = match &*kv.value {
                Expr::Lit(Lit::Str(s)) => s.value.to_string_lossy().into_owned(),
                _ => continue,
            };
            match (k.as_str(), v.as_str()) {
                ("type", "json") => json = true,
                ("type", other) => {
                    return Err(CErr { msg: format!("Import attribute type \"{other}\" is not supported"), pos });
                }
                (other, _) => return Err(CErr { msg: format!("Import attribute \"{other}\" is not supported"), pos }),
            }
        }
        let r = ModuleRequest { specifier: src.value.to_string_lossy().into_owned(), json };
        Ok(match self.requests.iter().position(|q| *q == r) {
            Some(i) => i,
            None => {
                self.requests.push(r);
                self.requests.len() - 1
            }
        })
    }

    /// Lowers the module's items in order: statements stay, exported declarations become the declarations,
    /// `export default` becomes a declaration of `*default*` (a named default function or class keeps its name).
    pub(crate) fn lower(m: &Module, pos: &Pos) -> R<Lowered> {
        let mut l = Lowered { body: vec![], clauses: vec![], requests: vec![] };
        let local = |name: String, local: String, p: u32| Clause::Local { name, local, pos: p };
        for item in &m.body {
            let decl = match item {
                ModuleItem::Stmt(s) => {
                    l.body.push(s.clone());
                    continue;
                }
                ModuleItem::ModuleDecl(d) => d,
            };
            let p = pos.of(decl.span().lo);
            match decl {
                ModuleDecl::Import(i) => {
                    if i.type_only || i.phase != ImportPhase::Evaluation {
                        return unsupported("this kind of import", p);
                    }
                    let request = l.request(&i.src, i.with.as_deref(), p)?;
                    if i.specifiers.is_empty() {
                        continue;
                    }
                    for s in &i.specifiers {
                        let (name, local) = match s {
                            ImportSpecifier::Named(n) => {
                                let imported = n
                                    .imported
                                    .as_ref()
                                    .map(export_name)
                                    .transpose()?
                                    .unwrap_or(n.local.sym.to_string());
                                (ImportName::Name(imported), n.local.sym.to_string())
                            }
                            ImportSpecifier::Default(d) => {
                                (ImportName::Name("default".into()), d.local.sym.to_string())
                            }
                            ImportSpecifier::Namespace(n) => (ImportName::Namespace, n.local.sym.to_string()),
                        };
                        l.clauses.push(Clause::Import { request, name, local });
                    }
                }
                ModuleDecl::ExportDecl(e) => {
                    for (n, np) in decl_names(&e.decl, pos) {
                        l.clauses.push(local(n.clone(), n, np));
                    }
                    l.body.push(Stmt::Decl(e.decl.clone()));
                }
                ModuleDecl::ExportNamed(e) => {
                    let request = match &e.src {
                        Some(src) => Some(l.request(src, e.with.as_deref(), p)?),
                        None => None,
                    };
                    for s in &e.specifiers {
                        match (s, request) {
                            (ExportSpecifier::Named(n), None) => {
                                let ModuleExportName::Ident(orig) = &n.orig else {
                                    return Err(CErr { msg: "A string export needs a 'from' clause".into(), pos: p });
                                };
                                let name =
                                    n.exported.as_ref().map(export_name).transpose()?.unwrap_or(orig.sym.to_string());
                                l.clauses.push(local(name, orig.sym.to_string(), pos.of(orig.span.lo)));
                            }
                            (ExportSpecifier::Named(n), Some(request)) => {
                                let import = export_name(&n.orig)?;
                                let name = n.exported.as_ref().map(export_name).transpose()?.unwrap_or(import.clone());
                                l.clauses.push(Clause::Indirect {
                                    name,
                                    request,
                                    import: ImportName::Name(import),
                                    pos: p,
                                });
                            }
                            (ExportSpecifier::Namespace(n), Some(request)) => {
                                let name = export_name(&n.name)?;
                                l.clauses.push(Clause::Indirect {
                                    name,
                                    request,
                                    import: ImportName::Namespace,
                                    pos: p,
                                });
                            }
                            _ => return unsupported("this export form", p),
                        }
                    }
                }
                ModuleDecl::ExportDefaultDecl(d) => match &d.decl {
                    DefaultDecl::Fn(f) => {
                        let id = f.ident.clone().unwrap_or_else(|| ident(DEFAULT_BINDING, f.function.span));
                        l.clauses.push(local("default".into(), id.sym.to_string(), p));
                        l.body.push(Stmt::Decl(Decl::Fn(FnDecl {
                            ident: id,
                            declare: false,
                            function: f.function.clone(),
                        })));
                    }
                    DefaultDecl::Class(c) => {
                        let id = c.ident.clone().unwrap_or_else(|| ident(DEFAULT_BINDING, c.class.span));
                        l.clauses.push(local("default".into(), id.sym.to_string(), p));
                        l.body.push(Stmt::Decl(Decl::Class(ClassDecl {
                            ident: id,
                            declare: false,
                            class: c.class.clone(),
                        })));
                    }
                    DefaultDecl::TsInterfaceDecl(_) => return unsupported("TypeScript", p),
                },
                ModuleDecl::ExportDefaultExpr(e) => {
                    l.clauses.push(local("default".into(), DEFAULT_BINDING.into(), p));
                    let declarator = VarDeclarator {
                        span: e.span,
                        name: Pat::Ident(BindingIdent { id: ident(DEFAULT_BINDING, e.span), type_ann: None }),
                        init: Some(e.expr.clone()),
                        definite: false,
                    };
                    let v = VarDecl {
                        span: e.span,
                        ctxt: Default::default(),
                        kind: VarDeclKind::Let,
                        declare: false,
                        decls: vec![declarator],
                    };
                    l.body.push(Stmt::Decl(Decl::Var(Box::new(v))));
                }
                ModuleDecl::ExportAll(e) => {
                    let request = l.request(&e.src, e.with.as_deref(), p)?;
                    l.clauses.push(Clause::Star { request });
                }
                _ => return unsupported("TypeScript module syntax", p),
            }
        }
        Ok(l)
    }

    /// The local names of the import bindings.
    pub(crate) fn import_bindings(&self) -> Vec<String> {
        self.clauses
            .iter()
            .filter_map(|c| if let Clause::Import { local, .. } = c { Some(local.clone()) } else { None })
            .collect()
    }
}

impl Analyzer<'_> {
    /// The module scope: imports, then the lowered body as a strict function body; every binding is captured.
    pub fn module(&mut self, l: &Lowered, span: swc_common::Span) -> R {
        let id = self.push_scope(SKind::Module, key(span, T_MODULE), true);
        self.flags.is_async = true;
        for name in l.import_bindings() {
            if name == "eval" || name == "arguments" {
                return Err(CErr { msg: "Unexpected eval or arguments in strict mode".into(), pos: 0 });
            }
            self.add(id, name, BKind::Import, 0)?;
        }
        self.add(id, IMPORT_META_BINDING.into(), BKind::Var, 0)?;
        self.hoist_lexical(&l.body, id, true)?;
        self.hoist_vars(&l.body, id)?;
        for st in &l.body {
            self.stmt(st)?;
        }
        let mut seen = std::collections::HashSet::new();
        for c in &l.clauses {
            let (name, pos) = match c {
                Clause::Local { name, local, pos } => {
                    if self.a.scopes[id].lookup(local).is_none() {
                        return Err(CErr { msg: format!("Export '{local}' is not defined in module"), pos: *pos });
                    }
                    (name, *pos)
                }
                Clause::Indirect { name, pos, .. } => (name, *pos),
                _ => continue,
            };
            if !seen.insert(name.clone()) {
                return Err(CErr { msg: format!("Duplicate export of '{name}'"), pos });
            }
        }
        for b in &mut self.a.scopes[id].bindings {
            b.captured = true;
        }
        Ok(())
    }

    /// `await` (or `for await`) directly in the module body makes the module asynchronous.
    pub(crate) fn note_top_level_await(&mut self) {
        let fs = self.func_scope(self.cur);
        if self.a.scopes[fs].kind == SKind::Module {
            self.a.module_tla = true;
        }
    }
}

impl<'a> Compiler<'a> {
    /// Compiles the module body (see the file comment) and its static record.
    pub(crate) fn module(&mut self, l: &'a Lowered, span: swc_common::Span) -> R<(CompiledFunction, ModuleInfo)> {
        let sid =
            self.analysis.scope(span, T_MODULE).ok_or(CErr { msg: "internal: no module scope".into(), pos: 0 })?;
        let tla = self.analysis.module_tla;
        let mut st = functions::new_state(FunctionKind::Normal, true, sid, vec![]);
        st.is_generator = true;
        st.is_async = tla;
        self.fns.push(st);
        self.generator_prologue(tla);
        let idx = self.enter_scope(Some(sid), true);
        self.specials(false);
        self.hoist_functions(&l.body)?;
        let guard = self.generator_start();
        for s in &l.body {
            self.stmt(s)?;
        }
        self.emit_return_undefined();
        if let Some(g) = guard {
            self.async_epilogue(g);
        }
        let slot_of = |c: &Self, n: &str| match c.chain[idx].vars.get(n).map(|v| v.loc) {
            Some(Loc::Ctx(s)) => Ok(s),
            _ => Err(CErr { msg: format!("internal: module binding '{n}' not in the environment"), pos: 0 }),
        };
        let mut info = ModuleInfo { requests: l.requests.clone(), has_tla: tla, ..Default::default() };
        info.meta_slot = slot_of(self, IMPORT_META_BINDING)?;
        let mut imports: HashMap<&str, (usize, &ImportName)> = HashMap::new();
        for c in &l.clauses {
            if let Clause::Import { request, name, local } = c {
                info.imports.push(ImportEntry { request: *request, name: name.clone(), slot: slot_of(self, local)? });
                imports.insert(local, (*request, name));
            }
        }
        for c in &l.clauses {
            match c {
                // A re-exported import is resolved where it comes from (its slot holds a cell, not the value).
                Clause::Local { name, local, .. } => match imports.get(local.as_str()) {
                    Some((request, import)) => info.indirect_exports.push((name.clone(), *request, (*import).clone())),
                    None => info.local_exports.push((name.clone(), slot_of(self, local)?)),
                },
                Clause::Indirect { name, request, import, .. } => {
                    info.indirect_exports.push((name.clone(), *request, import.clone()))
                }
                Clause::Star { request } => info.star_exports.push(*request),
                Clause::Import { .. } => {}
            }
        }
        self.chain.pop();
        let st = self.fns.pop().expect("the module's state");
        Ok((functions::finish(st, FunctionKind::Normal, 0, 0, None, span, self.pos)?, info))
    }
}

impl<'a> Compiler<'a> {
    /// `import(specifier [, options])`: the runtime loads, links and evaluates the module against this file and
    /// answers with a promise of its namespace.
    pub(crate) fn dynamic_import(&mut self, args: &'a [ExprOrSpread]) -> R {
        let m = self.mark();
        let regs = self.e().alloc_n(3);
        for i in 0..2 {
            match args.get(i) {
                Some(a) if a.spread.is_none() => self.expr(&a.expr)?,
                Some(_) => {
                    return Err(CErr { msg: "import() does not take spread arguments".into(), pos: self.here() });
                }
                None => self.emit(Insn::LdaUndefined {}),
            }
            self.emit(Insn::Star { dst: Reg(regs.0 + i as i16) });
        }
        let referrer = self.str_idx(self.referrer);
        self.emit(Insn::LdaConstant { idx: referrer });
        self.emit(Insn::Star { dst: Reg(regs.0 + 2) });
        self.emit(Insn::CallRuntime { id: crate::bytecode::RuntimeId::DynamicImport as u16, args: regs, count: 3 });
        self.release(m);
        Ok(())
    }
}
