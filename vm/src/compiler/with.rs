//! The `with` statement of sloppy code: an object environment record in front of the scope chain.
//!
//! Invariants:
//! - The statement's object (after ToObject) is the one binding of its scope (`scope::with_binding`), kept in a
//!   block context, so closures made in the body see it too.
//! - A name that resolves past one or more `with` scopes looks in their objects first, innermost first, at run
//!   time (the runtime's WithLoad / WithStore: HasBinding with @@unscopables, then GetBindingValue or
//!   SetMutableBinding), and only where none has it, where the compiler resolved it. A name called that a `with`
//!   object holds gets the object as its receiver. Names the compiler makes (`%...`, `#...`) are never looked up
//!   in objects.
//! - The variables sloppy direct eval declares in a function live in an object too (`direct_eval.rs`), looked at
//!   by the same runtime calls; a function called from there gets undefined as its receiver.

use super::direct_eval::ObjectEnv;
use super::scope::{T_WITH, key, with_binding};
use super::*;
use crate::bytecode::RuntimeId;
use swc_ecma_ast::WithStmt;

impl<'a> Compiler<'a> {
    /// The object environments (`with` objects, sloppy eval variables) that a lookup of `name` passes,
    /// innermost first.
    pub(crate) fn with_objects(&self, name: &str) -> Vec<ObjectEnv> {
        if name.starts_with('%') || name.starts_with('#') {
            return Vec::new();
        }
        let mut out = Vec::new();
        for s in self.chain.iter().rev() {
            if !s.hidden && s.vars.contains_key(name) {
                break;
            }
            if let Some(o) = &s.object_env {
                out.push(o.clone());
            }
        }
        out
    }

    pub(crate) fn with_statement(&mut self, w: &'a WithStmt) -> R {
        self.completion_reset();
        self.expr(&w.obj)?;
        self.emit(Insn::ToObject {});
        let sid = self.analysis.map.get(&key(w.span, T_WITH)).copied();
        let m = self.mark();
        let obj = self.alloc();
        self.emit(Insn::Star { dst: obj });
        // Entering the scope makes its context in acc.
        self.enter_scope(sid, false);
        self.emit(Insn::Ldar { src: obj });
        self.store_resolved(&with_binding(self.analysis.generation, w.span.lo.0), true);
        let r = self.stmt(&w.body);
        self.exit_scope();
        self.release(m);
        r
    }

    /// acc = the value of `name`, looked up in the objects of `withs` first; `receiver`, when given, becomes the
    /// object that had it (it holds undefined before).
    pub(crate) fn load_through_with(
        &mut self,
        name: &str,
        withs: &[ObjectEnv],
        inside_typeof: bool,
        receiver: Option<Reg>,
    ) {
        let m = self.mark();
        let args = self.e().alloc_n(2);
        let value = self.alloc();
        let (found, done) = (self.label(), self.label());
        for w in withs {
            let next = self.label();
            self.with_runtime(w, name, args, RuntimeId::WithLoad, 2, next);
            self.emit(Insn::Star { dst: value });
            self.emit(Insn::LdaTheHole {});
            let slot = self.slot(FeedbackKind::Compare);
            self.emit(Insn::TestEqualStrict { lhs: value, slot });
            self.jump(Insn::JumpIfTrue { target: 0 }, next);
            if let Some(r) = receiver
                && w.with
            {
                self.emit(Insn::Mov { src: args, dst: r });
            }
            self.jump(Insn::Jump { target: 0 }, found);
            self.bind(next);
        }
        self.load_resolved(name, inside_typeof);
        self.jump(Insn::Jump { target: 0 }, done);
        self.bind(found);
        self.emit(Insn::Ldar { src: value });
        self.bind(done);
        self.release(m);
    }

    /// Stores acc into `name`: into the first object of `withs` that has it, else where the compiler resolved it.
    pub(crate) fn store_through_with(&mut self, name: &str, withs: &[ObjectEnv], init: bool) {
        let m = self.mark();
        let args = self.e().alloc_n(3);
        let done = self.label();
        self.emit(Insn::Star { dst: Reg(args.0 + 2) });
        for w in withs {
            let next = self.label();
            self.with_runtime(w, name, args, RuntimeId::WithStore, 3, next);
            self.jump(Insn::JumpIfTrue { target: 0 }, done);
            self.bind(next);
        }
        self.emit(Insn::Ldar { src: Reg(args.0 + 2) });
        self.store_resolved(name, init);
        self.bind(done);
        // A store leaves the value in acc, as an assignment's result.
        self.emit(Insn::Ldar { src: Reg(args.0 + 2) });
        self.release(m);
    }

    /// `delete name` (sloppy): deletes the property of the first object of `withs` that has the binding; where
    /// none has, what `delete` of the resolved name gives (a global property is deleted, a binding is not).
    pub(crate) fn delete_through_with(&mut self, name: &str, withs: &[ObjectEnv]) {
        let m = self.mark();
        let args = self.e().alloc_n(2);
        let result = self.alloc();
        let done = self.label();
        for w in withs {
            let next = self.label();
            self.with_runtime(w, name, args, RuntimeId::WithDelete, 2, next);
            self.emit(Insn::Star { dst: result });
            self.emit(Insn::LdaTheHole {});
            let slot = self.slot(FeedbackKind::Compare);
            self.emit(Insn::TestEqualStrict { lhs: result, slot });
            self.jump(Insn::JumpIfTrue { target: 0 }, next);
            self.emit(Insn::Ldar { src: result });
            self.jump(Insn::Jump { target: 0 }, done);
            self.bind(next);
        }
        match self.resolve(name) {
            Resolved::Global => {
                let n = self.str_idx(name);
                self.emit(Insn::LdaConstant { idx: n });
                self.emit(Insn::Star { dst: args });
                self.emit(Insn::CallRuntime { id: RuntimeId::DeleteGlobal as u16, args, count: 1 });
            }
            _ => self.emit(Insn::LdaFalse {}),
        }
        self.bind(done);
        self.release(m);
    }

    /// acc = runtime `id`(the object of `env`, `name`, ...): the object and the name go to the first two of
    /// `count` argument registers at `args` (the caller filled the rest). An eval variable object that does not
    /// exist yet (undefined until a sloppy eval declares a variable) has no binding: the code jumps to `absent`
    /// without the call, so a function with a direct eval pays a context load per free name until then.
    fn with_runtime(&mut self, env: &ObjectEnv, name: &str, args: Reg, id: RuntimeId, count: u16, absent: Label) {
        let n = self.str_idx(name);
        self.load_resolved(&env.binding, false);
        if !env.with {
            self.jump(Insn::JumpIfUndefined { target: 0 }, absent);
        }
        self.emit(Insn::Star { dst: args });
        self.emit(Insn::LdaConstant { idx: n });
        self.emit(Insn::Star { dst: Reg(args.0 + 1) });
        self.emit(Insn::CallRuntime { id: id as u16, args, count });
    }
}
