//! Linking (ES2025 §16.2.1.5.1 Link, InnerModuleLinking, InitializeEnvironment) and export resolution
//! (ResolveExport, GetExportedNames).
//!
//! Environments are created when a module's linking starts rather than in InitializeEnvironment (the spec creates
//! them there, after the module's dependencies): an import cell must point into the exporter's environment, and in
//! a cycle the exporter may still be linking. Creating it early runs no user code (the body function stops before
//! its first statement), so nothing observable moves.

use super::{Body, ModuleId, Status, constant_cell, import_cell};
use crate::compiler::modules::ImportName;
use crate::function::{ContextSlots, as_context};
use crate::generator::state_of;
use crate::realm::ErrorKind;
use crate::value::Value;
use crate::vm::{JsResult, Vm};

/// Where an exported name leads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Binding {
    /// Slot `1` of module `0`'s environment.
    Slot(ModuleId, u16),
    /// The namespace object of the module.
    Namespace(ModuleId),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Resolution {
    Found(Binding),
    NotFound,
    Ambiguous,
}

impl Vm {
    /// ResolveExport(module, name, resolveSet).
    pub(crate) fn resolve_export(&self, m: ModuleId, name: &str, set: &mut Vec<(ModuleId, String)>) -> Resolution {
        let r = &self.modules.records[m];
        let Some(info) = r.info() else {
            return if name == "default" { Resolution::Found(Binding::Slot(m, 0)) } else { Resolution::NotFound };
        };
        if set.iter().any(|(sm, sn)| *sm == m && sn == name) {
            return Resolution::NotFound; // a circular import request
        }
        set.push((m, name.to_string()));
        if let Some((_, slot)) = info.local_exports.iter().find(|(n, _)| n == name) {
            return Resolution::Found(Binding::Slot(m, *slot));
        }
        if let Some((_, request, import)) = info.indirect_exports.iter().find(|(n, _, _)| n == name) {
            let imported = r.requested[*request];
            return match import {
                ImportName::Namespace => Resolution::Found(Binding::Namespace(imported)),
                ImportName::Name(n) => self.resolve_export(imported, n, set),
            };
        }
        if name == "default" {
            return Resolution::NotFound; // `export *` never re-exports a default
        }
        let mut star = None;
        for &request in &info.star_exports {
            match self.resolve_export(r.requested[request], name, set) {
                Resolution::Ambiguous => return Resolution::Ambiguous,
                Resolution::NotFound => {}
                Resolution::Found(b) => match star {
                    None => star = Some(b),
                    Some(s) if s != b => return Resolution::Ambiguous,
                    Some(_) => {}
                },
            }
        }
        star.map_or(Resolution::NotFound, Resolution::Found)
    }

    /// GetExportedNames(module, exportStarSet).
    pub(crate) fn exported_names(&self, m: ModuleId, set: &mut Vec<ModuleId>) -> Vec<String> {
        let r = &self.modules.records[m];
        let Some(info) = r.info() else { return vec!["default".into()] };
        if set.contains(&m) {
            return vec![];
        }
        set.push(m);
        let mut names: Vec<String> = info.local_exports.iter().map(|(n, _)| n.clone()).collect();
        names.extend(info.indirect_exports.iter().map(|(n, _, _)| n.clone()));
        for &request in &info.star_exports {
            for n in self.exported_names(r.requested[request], set) {
                if n != "default" && !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// Link(): links `m` and everything it requests; on failure every module it was linking is unlinked again.
    pub(crate) fn link_module(&mut self, m: ModuleId) -> JsResult<()> {
        let mut stack = vec![];
        if let Err(e) = self.inner_link(m, &mut stack, 0) {
            for id in stack {
                self.modules.records[id].status = Status::Unlinked;
            }
            return Err(e);
        }
        Ok(())
    }

    fn inner_link(&mut self, m: ModuleId, stack: &mut Vec<ModuleId>, mut index: usize) -> JsResult<usize> {
        if matches!(self.modules.records[m].body, Body::Json) || self.modules.records[m].status != Status::Unlinked {
            return Ok(index);
        }
        self.create_environment(m)?;
        let r = &mut self.modules.records[m];
        r.status = Status::Linking;
        r.dfs_index = index;
        r.dfs_ancestor_index = index;
        index += 1;
        stack.push(m);
        for i in 0..self.modules.records[m].requested.len() {
            let required = self.modules.records[m].requested[i];
            index = self.inner_link(required, stack, index)?;
            let req = &self.modules.records[required];
            if req.status == Status::Linking {
                let anc = req.dfs_ancestor_index;
                let r = &mut self.modules.records[m];
                r.dfs_ancestor_index = r.dfs_ancestor_index.min(anc);
            }
        }
        self.initialize_environment(m)?;
        let r = &self.modules.records[m];
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(done) = stack.pop() {
                self.modules.records[done].status = Status::Linked;
                if done == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// Calls the module's body function: its prologue makes the environment and the hoisted functions, then it
    /// suspends (see `compiler::modules`). The environment's `import.meta` binding gets its object.
    fn create_environment(&mut self, m: ModuleId) -> JsResult<()> {
        let r = &self.modules.records[m];
        let Body::Source { template, info } = &r.body else { return Ok(()) };
        if !r.environment.is_undefined() {
            return Ok(());
        }
        let (template, meta_slot) = (*template, info.meta_slot);
        let url = format!("file://{}", r.path.display());
        let closure = self.new_closure(template, Value::UNDEFINED, Value::UNDEFINED);
        let generator = self.call(Value::object(closure), Value::UNDEFINED, &[])?;
        let env = state_of(generator).map(|g| g.context).unwrap_or(Value::UNDEFINED);
        if env.is_undefined() {
            return self.throw(ErrorKind::Error, "internal: the module body made no environment");
        }
        let r = &mut self.modules.records[m];
        r.generator = generator;
        r.environment = env;
        let meta = self.new_object_with_proto(Value::NULL);
        let url = self.new_string(&url);
        let k = self.key_from_str("url");
        self.create_data_property_or_throw(meta, k, url)?;
        as_context(env).set_slot(meta_slot as usize, Value::object(meta));
        Ok(())
    }

    /// InitializeEnvironment: checks the indirect exports resolve, and fills every import binding's cell.
    fn initialize_environment(&mut self, m: ModuleId) -> JsResult<()> {
        let info = self.modules.records[m].info().cloned().expect("a source module");
        for (name, request, _) in &info.indirect_exports {
            let r = self.resolve_export(m, name, &mut vec![]);
            if let Resolution::Found(_) = r {
                continue;
            }
            let spec = info.requests[*request].specifier.clone();
            return self.unresolvable(&spec, name, r);
        }
        let env = self.modules.records[m].environment;
        for e in &info.imports {
            let imported = self.modules.records[m].requested[e.request];
            let binding = match &e.name {
                ImportName::Namespace => Binding::Namespace(imported),
                ImportName::Name(n) => match self.resolve_export(imported, n, &mut vec![]) {
                    Resolution::Found(b) => b,
                    r => return self.unresolvable(&info.requests[e.request].specifier, n, r),
                },
            };
            let cell = match binding {
                Binding::Namespace(t) => {
                    let ns = self.module_namespace(t);
                    constant_cell(self, ns)
                }
                Binding::Slot(t, slot) => {
                    let target = self.modules.records[t].environment;
                    import_cell(self, target, slot)
                }
            };
            as_context(env).set_slot(e.slot as usize, cell);
        }
        Ok(())
    }

    /// The SyntaxError of an import or indirect export that resolves to nothing, or ambiguously.
    fn unresolvable<T>(&mut self, specifier: &str, name: &str, r: Resolution) -> JsResult<T> {
        let msg = match r {
            Resolution::Ambiguous => {
                format!("The requested module '{specifier}' contains conflicting star exports for name '{name}'")
            }
            _ => format!("The requested module '{specifier}' does not provide an export named '{name}'"),
        };
        self.throw(ErrorKind::SyntaxError, &msg)
    }
}
