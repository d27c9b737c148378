//! PerformEval (ES2025 §19.2.1.1) and the run-time half of EvalDeclarationInstantiation (§19.2.1.3); the
//! compile-time half, and why eval code is compiled the way it is, are in `compiler/direct_eval.rs`.
//!
//! Eval code becomes a closure over the caller's context at the site (none for indirect eval), with the caller's
//! home object (for `super.x`), called with the caller's `this`: it reads and writes the caller's bindings through
//! that context. Before it runs, the names sloppy eval code declares exist where they go: checked and later
//! declared by the code itself on the global object, or created in the caller's eval variable object.

use crate::compiler::SyntaxError;
use crate::compiler::direct_eval::{EvalCode, EvalScope, VarTarget, compile_eval};
use crate::function::{ContextSlots, FunctionTemplate, Script, as_context};
use crate::handles::RootedVec;
use crate::realm::ErrorKind;
use crate::runtime::property::PropertyDescriptor;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::rc::Rc;
use tetra_shapes::Attrs;

impl Vm {
    /// `eval(...)` at a direct eval site of `t`: `a` = (callee, receiver, eval scope index, arguments...), or
    /// with `spread` (callee, receiver, eval scope index, array of the arguments); `context`, `closure`, `this`:
    /// the calling frame's.
    pub(crate) fn direct_eval(
        &mut self,
        t: &FunctionTemplate,
        context: Value,
        closure: Value,
        this: Value,
        a: &[Value],
        spread: bool,
    ) -> JsResult<Value> {
        let arg = |i: usize| a.get(i).copied().unwrap_or(Value::UNDEFINED);
        let (callee, receiver) = (arg(0), arg(1));
        let spread_args = match spread {
            true => Some(RootedVec::from_vec(self.array_to_vec(arg(3))?)),
            false => None,
        };
        let args = match &spread_args {
            Some(list) => &list[..],
            None => a.get(3..).unwrap_or(&[]),
        };
        if callee != self.realm.eval_function {
            return self.call(callee, receiver, args);
        }
        let source = args.first().copied().unwrap_or(Value::UNDEFINED);
        if !source.is_string() {
            return Ok(source);
        }
        let Some(scope) = t.eval_scopes.get(arg(2).as_int() as usize).cloned() else {
            return self.throw_type("internal: unknown direct eval site");
        };
        let home = closure.try_object().and_then(|c| c.closure().map(|c| c.home_object)).unwrap_or(Value::UNDEFINED);
        let referrer = t.script.name.clone();
        self.perform_eval(source, Some(&scope), context, home, this, &referrer)
    }

    /// Runs `source` (a string) as eval code: at a direct eval site (`scope`, with the caller's `context`, home
    /// object and `this`), or as indirect eval (global code).
    pub(crate) fn perform_eval(
        &mut self,
        source: Value,
        scope: Option<&EvalScope>,
        context: Value,
        home: Value,
        this: Value,
        referrer: &str,
    ) -> JsResult<Value> {
        let text = source.as_string().to_rust_string();
        let code = match compile_eval(&text, scope, referrer) {
            Ok(c) => c,
            Err(SyntaxError { message, .. }) => return self.throw(ErrorKind::SyntaxError, &message),
        };
        let script = Rc::new(Script::new("<eval>".to_string(), text));
        let t = self.materialize(&code.function, &script);
        self.eval_declarations(&code, context)?;
        let closure = self.new_closure(t, context, home);
        self.call(Value::object(closure), this, &[])
    }

    /// EvalDeclarationInstantiation, the steps that can fail or that the code cannot do itself.
    fn eval_declarations(&mut self, code: &EvalCode, context: Value) -> JsResult<()> {
        match code.target {
            VarTarget::Local => Ok(()),
            VarTarget::Global => self.check_global_declarations(&code.declarations),
            VarTarget::Function { depth, slot } => {
                if code.declarations.is_empty() {
                    return Ok(());
                }
                let mut c = as_context(context);
                for _ in 0..depth {
                    c = as_context(c.parent);
                }
                let mut vars = c.slot(slot as usize);
                if !vars.is_object() {
                    // The function's first declaring eval: a plain object without prototype (no inherited
                    // property can shadow an outer binding, and it has no @@unscopables).
                    vars = Value::object(self.new_object_with_proto(Value::NULL));
                    c.set_slot(slot as usize, vars);
                }
                for (name, _) in &code.declarations {
                    let k = self.key_from_str(name);
                    if self.ordinary_get_own_property(vars.as_object(), k).is_none() {
                        let d = PropertyDescriptor::data(Value::UNDEFINED, Attrs::DEFAULT);
                        self.define_own_property(vars.as_object(), k, d)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// CanDeclareGlobalFunction for the functions, then CanDeclareGlobalVar for the other names: a TypeError before
    /// anything is declared.
    fn check_global_declarations(&mut self, names: &[(String, bool)]) -> JsResult<()> {
        // A var of global eval code may not take the name of a script's lexical binding.
        for (name, _) in names {
            let s = Value::string(self.intern(name));
            if self.script_lexicals.get(crate::atoms::key(s)).is_some() {
                return self.throw(
                    crate::realm::ErrorKind::SyntaxError,
                    &format!("Identifier '{name}' has already been declared"),
                );
            }
        }
        let g = self.realm.global.as_object();
        let functions = names.iter().filter(|n| n.1);
        for (name, is_fn) in functions.chain(names.iter().filter(|n| !n.1)) {
            let k = self.key_from_str(name);
            let ok = match self.get_own_property(g, k)? {
                None => self.is_extensible(g)?,
                Some(_) if !is_fn => true,
                Some(p) => {
                    p.attrs.configurable() || (!p.attrs.is_accessor() && p.attrs.writable() && p.attrs.enumerable())
                }
            };
            if !ok {
                let what = if *is_fn { "function" } else { "variable" };
                return self.throw_type(&format!("Cannot declare global {what} {name}"));
            }
        }
        Ok(())
    }
}
