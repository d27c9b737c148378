//! ES modules at run time: module records, the host's loading of files, and import cells.
//!
//! A source module is compiled by `compiler::compile_module` into a resumable body function and a `ModuleInfo`
//! (requests, imports, exports). Loading (`load`) reads and compiles a module and, depth first, everything it
//! requests, once per file; linking (`link.rs`) creates each module's environment by calling its body function
//! (which suspends before the first statement) and points every import binding at the binding it resolves to;
//! evaluation (`evaluate.rs`) resumes the bodies in the spec's order, asynchronously for modules that await.
//!
//! An import binding's slot holds an *import cell*: a one-slot context whose parent is the exporting module's
//! environment and whose slot is the index of the binding there. `LdaModuleVariable` reads through it, so an import
//! sees every later write of the exporter (live bindings) at the cost of one more load, in every tier.
//!
//! Invariants:
//! - A record's `environment` exists from the start of its linking on (so cells can point into modules of a cycle
//!   that are still being linked) and never changes afterwards.
//! - Records are never removed: they are roots (their environments, generators, namespaces, promises), as modules
//!   live as long as the realm.

mod dynamic_import;
mod evaluate;
mod link;
pub(crate) mod namespace;

pub use dynamic_import::dynamic_import;

use crate::compiler::modules::ModuleInfo;
use crate::function::{ContextSlots, FunctionTemplate, as_context, context_value};
use crate::realm::ErrorKind;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use tetra_gc::{Gc, Tracer};

pub type ModuleId = usize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// [[AsyncEvaluationOrder]]: unset, the order in which the module became asynchronous, or done.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AsyncOrder {
    Unset,
    Order(u64),
    Done,
}

pub enum Body {
    Source {
        template: Gc<FunctionTemplate>,
        info: Rc<ModuleInfo>,
    },
    /// A JSON module: its environment's one slot holds the parsed value, exported as `default`.
    Json,
}

pub struct ModuleRecord {
    pub path: PathBuf,
    pub body: Body,
    pub status: Status,
    /// The loaded module of each request of `info.requests`.
    pub requested: Vec<ModuleId>,
    /// The module environment (a context value), once linking started.
    pub environment: Value,
    /// The suspended body (a generator object), resumed to evaluate it.
    pub generator: Value,
    pub namespace: Value,
    pub dfs_index: usize,
    pub dfs_ancestor_index: usize,
    /// [[CycleRoot]]: set when the module's evaluation (its strongly connected component's) completes.
    pub cycle_root: Option<ModuleId>,
    pub async_order: AsyncOrder,
    pub async_parents: Vec<ModuleId>,
    pub pending_async_deps: usize,
    /// [[TopLevelCapability]]: the promise that `Evaluate` answered for this module, or undefined.
    pub capability: Value,
    /// [[EvaluationError]].
    pub error: Option<Value>,
}

impl ModuleRecord {
    pub(crate) fn info(&self) -> Option<&Rc<ModuleInfo>> {
        match &self.body {
            Body::Source { info, .. } => Some(info),
            Body::Json => None,
        }
    }

    fn has_tla(&self) -> bool {
        self.info().is_some_and(|i| i.has_tla)
    }
}

/// The realm's modules, by resolved path (and whether loaded as JSON).
#[derive(Default)]
pub struct Registry {
    pub records: Vec<ModuleRecord>,
    by_path: HashMap<(PathBuf, bool), ModuleId>,
    next_async_order: u64,
}

impl Registry {
    pub fn trace(&self, t: &mut Tracer) {
        for r in &self.records {
            if let Body::Source { template, .. } = &r.body {
                t.mark(*template);
            }
            for v in [r.environment, r.generator, r.namespace, r.capability, r.error.unwrap_or(Value::UNDEFINED)] {
                v.trace(t);
            }
        }
    }
}

/// The value of the binding an import cell refers to (the hole while it is in TDZ).
#[inline]
pub fn read_import_cell(cell: Value) -> Value {
    let cell = as_context(cell);
    let env = as_context(cell.parent);
    env.slot(cell.slot(0).as_int() as usize)
}

/// An import cell for binding `slot` of environment `env`.
fn import_cell(vm: &mut Vm, env: Value, slot: u16) -> Value {
    let cell = vm.alloc_context(env, 1);
    cell.set_slot(0, Value::int(slot as i32));
    context_value(cell)
}

/// An import cell for a value that never changes (a namespace object).
fn constant_cell(vm: &mut Vm, v: Value) -> Value {
    let env = vm.alloc_context(Value::UNDEFINED, 1);
    env.set_slot(0, v);
    import_cell(vm, context_value(env), 0)
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

impl Vm {
    /// The path `specifier` names, imported from the file `referrer`: relative and absolute paths only (there is
    /// no package resolution), and the file must exist.
    pub(crate) fn resolve_module(&mut self, specifier: &str, referrer: &Path) -> JsResult<PathBuf> {
        let relative = specifier.starts_with("./") || specifier.starts_with("../");
        let path = if relative {
            let base = referrer.parent().map(Path::to_path_buf).unwrap_or_default();
            let base = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
            std::path::absolute(base.join(specifier)).map(|p| normalize(&p)).ok()
        } else if specifier.starts_with('/') {
            Some(normalize(Path::new(specifier)))
        } else {
            None
        };
        match path {
            Some(p) if p.is_file() => Ok(p),
            _ => {
                let msg = format!("Cannot find module '{specifier}' imported from {}", referrer.display());
                self.throw(ErrorKind::Error, &msg)
            }
        }
    }

    /// Loads the module at `path` and, depth first, every module it requests (each file once).
    pub(crate) fn load_module(&mut self, path: &Path, json: bool) -> JsResult<ModuleId> {
        let key = (path.to_path_buf(), json);
        if let Some(&id) = self.modules.by_path.get(&key) {
            return Ok(id);
        }
        let source = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => return self.throw(ErrorKind::Error, &format!("Cannot read module {}: {e}", path.display())),
        };
        let name = path.display().to_string();
        let id = self.modules.records.len();
        if json {
            let text = self.new_string(&source);
            let value = crate::builtins::json::parse(self, Value::UNDEFINED, &[text], Value::UNDEFINED)?;
            let env = self.alloc_context(Value::UNDEFINED, 1);
            env.set_slot(0, value);
            self.modules.records.push(record(path, Body::Json, context_value(env)));
            self.modules.by_path.insert(key, id);
            return Ok(id);
        }
        let (template, info) = match self.compile_module(&source, &name) {
            Ok(r) => r,
            Err(e) => {
                let msg = format!("{} at {}:{}:{}", e.message, name, e.line, e.column);
                return self.throw(ErrorKind::SyntaxError, &msg);
            }
        };
        let body = Body::Source { template, info: Rc::new(info) };
        self.modules.records.push(record(path, body, Value::UNDEFINED));
        self.modules.by_path.insert(key.clone(), id);
        let info = self.modules.records[id].info().cloned().expect("a source module");
        for r in &info.requests {
            let loaded = self.resolve_module(&r.specifier, path).and_then(|p| self.load_module(&p, r.json));
            match loaded {
                Ok(child) => self.modules.records[id].requested.push(child),
                Err(e) => {
                    // Forget the module, so that a later import loads it again rather than finding it half loaded.
                    self.modules.by_path.remove(&key);
                    return Err(e);
                }
            }
        }
        Ok(id)
    }

    /// Runs the module in file `path` (`tetra file.mjs`, `--module`): loads, links and evaluates it. The result is
    /// the evaluation's promise (rejected when the module or one it imports throws, possibly after awaiting).
    pub fn run_module_file(&mut self, path: &str) -> JsResult<Value> {
        let p = std::path::absolute(path).map(|p| normalize(&p)).unwrap_or_else(|_| PathBuf::from(path));
        let id = self.load_module(&p, false)?;
        self.link_module(id)?;
        Ok(self.evaluate_module(id))
    }

    /// GetActiveScriptOrModule's file: the script of the JS frame running the current native call.
    pub(crate) fn active_script_name(&self) -> Option<String> {
        let fp = self.native_caller.0;
        if fp < 0 || fp as usize + crate::frame::CLOSURE as usize >= self.stack_top {
            return None;
        }
        let closure = self.stack[fp as usize + crate::frame::CLOSURE as usize];
        let t = closure.try_object()?.closure()?.template;
        Some(t.script.name.clone())
    }

    /// The exception that the promise of a module evaluation was rejected with, if it was.
    pub fn module_rejection(&self, promise: Value) -> Option<Value> {
        crate::builtins::promise::rejection(promise)
    }
}

fn record(path: &Path, body: Body, environment: Value) -> ModuleRecord {
    let status = if matches!(body, Body::Json) { Status::Evaluated } else { Status::Unlinked };
    ModuleRecord {
        path: path.to_path_buf(),
        body,
        status,
        requested: vec![],
        environment,
        generator: Value::UNDEFINED,
        namespace: Value::UNDEFINED,
        dfs_index: 0,
        dfs_ancestor_index: 0,
        cycle_root: None,
        async_order: AsyncOrder::Unset,
        async_parents: vec![],
        pending_async_deps: 0,
        capability: Value::UNDEFINED,
        error: None,
    }
}
