//! Materialises the front end's `CompiledFunction` tree into heap `FunctionTemplate`s, and runs scripts.
//!
//! Invariant: the template being filled is referenced from a Rust local (found by the conservative stack scan) and
//! every value stored into it is allocated before the store, so a collection during loading sees a consistent tree.

use crate::bytecode::{CompiledFunction, Constant};
use crate::compiler::{self, SyntaxError};
use crate::feedback::FeedbackSlot;
use crate::function::{FunctionTemplate, Script};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::{Cell, UnsafeCell};
use std::rc::Rc;
use std::time::Instant;
use tetra_gc::Gc;

/// Native stack a lazy compile may use (the front end's nesting limit bounds its recursion).
const LAZY_COMPILE_STACK: usize = 1 << 20;

impl Vm {
    /// GetTemplateObject: a frozen array of the cooked strings with a frozen `raw` array of the raw ones.
    fn template_object(&mut self, cooked: &[Option<Vec<u16>>], raw: &[Vec<u16>]) -> Value {
        // Each array is held in a local (found by the stack scan) while the strings are allocated into it.
        let raw_array = self.new_array(thin_vec::ThinVec::with_capacity(raw.len()));
        for s in raw {
            let v = Value::string(self.intern_units(s));
            crate::builtins::util::push_internal(raw_array, v);
        }
        let site = self.new_array(thin_vec::ThinVec::with_capacity(cooked.len()));
        for s in cooked {
            let v = match s {
                Some(s) => Value::string(self.intern_units(s)),
                None => Value::UNDEFINED,
            };
            crate::builtins::util::push_internal(site, v);
        }
        let raw_key = self.key_from_str("raw");
        let d = crate::runtime::property::PropertyDescriptor::data(Value::object(raw_array), tetra_shapes::Attrs::NONE);
        // Defining and freezing fresh ordinary arrays cannot fail.
        let _ = self.define_own_property(site, raw_key, d);
        let _ = crate::builtins::object::set_integrity(self, raw_array, true);
        let _ = crate::builtins::object::set_integrity(self, site, true);
        Value::object(site)
    }

    pub(crate) fn materialize(&mut self, f: &CompiledFunction, script: &Rc<Script>) -> Gc<FunctionTemplate> {
        let name = Value::string(self.intern_units(&f.name));
        let t = self.heap.alloc(FunctionTemplate {
            name,
            kind: f.kind,
            is_strict: f.is_strict,
            is_generator: f.is_generator,
            is_async: f.is_async,
            length: f.length,
            param_count: f.param_count,
            register_count: 0,
            bytecode: Box::new([]),
            constants: Box::new([]),
            functions: Box::new([]),
            feedback_kinds: Box::new([]),
            feedback: UnsafeCell::new(Box::new([])),
            handlers: Box::new([]),
            positions: Box::new([]),
            mapped_arguments: None,
            script: script.clone(),
            eval_scopes: Box::new([]),
            analysis: std::cell::OnceCell::new(),
            loop_stats: std::cell::OnceCell::new(),
            source_start: f.source_start,
            source_end: f.source_end,
            budget: Cell::new(self.options.tiering.interrupt_budget),
            invocations: Cell::new(0),
            expected_properties: Cell::new(0),
            this_properties: 0,
            initial_object: Cell::new(None),
            prototype_slot: Cell::new(None),
            ticks: Cell::new(0),
            code: std::cell::RefCell::new(None),
            code_entry: Cell::new(0),
            lower_code: std::cell::RefCell::new(None),
            loop_code: std::cell::RefCell::new(Vec::new()),
            deopts: Cell::new(0),
            calls_need_frame: Cell::new(false),
            compiling: Cell::new(0),
            code_body: Cell::new(0),
            failed_tiers: Cell::new(0),
            lazy: std::cell::RefCell::new(f.lazy.clone()),
        });
        self.stats.functions_declared += 1;
        if f.lazy.is_none() {
            self.fill_template(t, f, script);
        }
        t
    }

    /// Gives template `t` (made by `materialize`) the bytecode and everything else of its compile `f`.
    fn fill_template(&mut self, t: Gc<FunctionTemplate>, f: &CompiledFunction, script: &Rc<Script>) {
        let feedback: Box<[FeedbackSlot]> = f.feedback.iter().map(|&k| FeedbackSlot::initial(k)).collect();
        {
            // SAFETY: `t` is live (held by the caller) and not otherwise borrowed; no frame or tier reads a template
            // before it has bytecode (see `ensure_compiled`), so nothing sees the fields change.
            let m = unsafe { t.get_mut() };
            m.register_count = f.register_count;
            m.param_count = f.param_count;
            m.length = f.length;
            m.bytecode = f.bytecode.clone().into_boxed_slice();
            m.constants = vec![Value::UNDEFINED; f.constants.len()].into_boxed_slice();
            m.feedback_kinds = f.feedback.clone().into_boxed_slice();
            *m.feedback.get_mut() = feedback;
            m.handlers = f.handlers.clone().into_boxed_slice();
            m.positions = f.positions.clone().into_boxed_slice();
            m.mapped_arguments = f.mapped_arguments.as_ref().map(|m| m.clone().into_boxed_slice());
            m.eval_scopes = f.eval_scopes.clone().into_boxed_slice();
            m.this_properties = f.this_properties;
        }
        for (i, c) in f.constants.iter().enumerate() {
            let v = match c {
                Constant::Number(n) => Value::number(*n),
                Constant::String(s) => Value::string(self.intern_units(s)),
                Constant::BigInt(b) => self.new_bigint(b.clone()),
                Constant::Template { cooked, raw } => self.template_object(cooked, raw),
            };
            // SAFETY: `t` is live (held by the caller) and not otherwise borrowed.
            unsafe { t.get_mut().constants[i] = v };
        }
        // The list holds `t` itself in the places of the children not made yet: a collection while a later child is
        // allocated traces the earlier ones (and `t` again, harmlessly). Republishing a growing list per child, as
        // before, was quadratic: 10% of loading a script of 20,000 functions.
        // SAFETY: as above.
        unsafe { t.get_mut().functions = vec![t; f.functions.len()].into_boxed_slice() };
        for (i, g) in f.functions.iter().enumerate() {
            let child = self.materialize(g, script);
            // SAFETY: as above; `i` is within the list made for `f.functions`.
            unsafe { t.get_mut().functions[i] = child };
        }
        if self.options.stats
            && let Some(loops) = crate::tiering::loop_stats::for_bytecode(&t.bytecode)
        {
            let _ = t.loop_stats.set(loops);
            self.loop_stat_templates.push(t);
        }
        let interp = &mut self.stats.tiers[crate::tiering::Tier::Interp as usize];
        interp.functions_compiled += 1;
        interp.bytecode_bytes += f.bytecode.len() as u64;
    }

    /// Makes sure `t` has bytecode before a frame is pushed for it or a tier looks at it: generates it now if
    /// the function was deferred (`compiler::lazy`), throwing a SyntaxError if that fails.
    #[inline(always)]
    pub(crate) fn ensure_compiled(&mut self, t: Gc<FunctionTemplate>) -> JsResult<()> {
        if t.is_deferred() { self.compile_deferred(t) } else { Ok(()) }
    }

    #[cold]
    #[inline(never)]
    fn compile_deferred(&mut self, t: Gc<FunctionTemplate>) -> JsResult<()> {
        // The compiler recurses over the function's AST: a first call deep in native recursion (builtins calling
        // back into JS) must leave it room, as compiling the script at load had the whole stack.
        if !self.stack_for_lazy_compile() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        match self.try_compile_deferred(t) {
            Ok(()) => Ok(()),
            Err(e) => {
                // From now on the function throws this error at each call, as compiled code (see `throwing_stub`).
                let msg = format!("{} at {}:{}:{}", e.message, t.script.name, e.line, e.column);
                let shape = compiler::lazy::CompiledShape {
                    kind: t.kind,
                    is_strict: t.is_strict,
                    length: t.length,
                    param_count: t.param_count,
                };
                let stub = compiler::lazy::throwing_stub(&shape, &msg, t.source_start);
                let script = t.script.clone();
                self.fill_template(t, &stub, &script);
                *t.lazy.borrow_mut() = None;
                self.throw(crate::realm::ErrorKind::SyntaxError, &msg)
            }
        }
    }

    /// Whether the native stack has room for a lazy compile (see `LAZY_COMPILE_STACK`).
    pub(crate) fn stack_for_lazy_compile(&self) -> bool {
        crate::stack_limit::stack_pointer().saturating_sub(self.native_stack_limit) >= LAZY_COMPILE_STACK
    }

    /// Generates the bytecode of `t` if it was deferred (nothing otherwise), printing it when asked.
    pub(crate) fn try_compile_deferred(&mut self, t: Gc<FunctionTemplate>) -> Result<(), SyntaxError> {
        let Some(lazy) = t.lazy.borrow().clone() else { return Ok(()) };
        let start = Instant::now();
        let script = t.script.clone();
        let compiled = compiler::lazy::compile_lazy(&lazy, &script.source, &mut self.stats.front_end)?;
        if self.options.print_bytecode {
            let mut text = String::new();
            crate::bytecode::disasm::disassemble(&compiled, &mut text);
            use std::io::Write;
            let _ = self.out.write_all(text.as_bytes());
        }
        let loading = Instant::now();
        self.fill_template(t, &compiled, &script);
        *t.lazy.borrow_mut() = None;
        self.stats.load_time += loading.elapsed();
        self.stats.tiers[crate::tiering::Tier::Interp as usize].compile_time += start.elapsed();
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn materialize_for_test(&mut self, f: &CompiledFunction, script: &Rc<Script>) -> Gc<FunctionTemplate> {
        self.materialize(f, script)
    }

    /// Parses and compiles a script, every function of it, printing its bytecode when asked.
    pub fn compile(&mut self, source: &str, filename: &str) -> Result<Gc<FunctionTemplate>, SyntaxError> {
        self.compile_with(source, filename, false)
    }

    /// Parses a script and compiles its top level, its other functions at their first call when they may be
    /// (`compiler::lazy`); every early error is reported here all the same.
    pub fn compile_lazily(&mut self, source: &str, filename: &str) -> Result<Gc<FunctionTemplate>, SyntaxError> {
        self.compile_with(source, filename, !self.options.no_lazy)
    }

    fn compile_with(&mut self, source: &str, filename: &str, lazy: bool) -> Result<Gc<FunctionTemplate>, SyntaxError> {
        let start = Instant::now();
        let compiled = compiler::compile_script_timed(source, filename, lazy, &mut self.stats.front_end)?;
        Ok(self.load_compiled(&compiled, source, filename, start))
    }

    /// `compile_lazily` for a program's main script, or, when `Options::code_cache` names a code cache, an eager
    /// compile through it (a valid cached compile is loaded instead of compiling; a fresh compile, every function
    /// of it, is stored).
    pub fn compile_main(&mut self, source: &str, filename: &str) -> Result<Gc<FunctionTemplate>, SyntaxError> {
        let Some(dir) = self.options.code_cache.clone() else { return self.compile_lazily(source, filename) };
        let start = Instant::now();
        let cache = crate::code_cache::CodeCache::new(dir);
        let (cached, lookup) = cache.lookup(source, filename);
        self.stats.code_cache[lookup as usize] += 1;
        if let Some(compiled) = cached {
            self.stats.front_end.cache_load += start.elapsed();
            return Ok(self.load_compiled(&compiled, source, filename, start));
        }
        let compiled = compiler::compile_script_timed(source, filename, false, &mut self.stats.front_end)?;
        cache.store(source, filename, &compiled);
        Ok(self.load_compiled(&compiled, source, filename, start))
    }

    /// Parses and compiles a module: its body function (see `compiler::modules`) and its static record.
    pub fn compile_module(
        &mut self,
        source: &str,
        filename: &str,
    ) -> Result<(Gc<FunctionTemplate>, compiler::modules::ModuleInfo), SyntaxError> {
        let start = Instant::now();
        let (compiled, info) = compiler::compile_module_timed(source, filename, &mut self.stats.front_end)?;
        Ok((self.load_compiled(&compiled, source, filename, start), info))
    }

    /// The templates of a compiled script or module (its bytecode printed when asked); the compile time since
    /// `start` is the interpreter's.
    fn load_compiled(
        &mut self,
        compiled: &CompiledFunction,
        source: &str,
        filename: &str,
        start: Instant,
    ) -> Gc<FunctionTemplate> {
        if self.options.print_bytecode {
            let mut text = String::new();
            crate::bytecode::disasm::disassemble(compiled, &mut text);
            use std::io::Write;
            let _ = self.out.write_all(text.as_bytes());
        }
        let script = Rc::new(Script::new(filename.to_string(), source.to_string()));
        let loading = Instant::now();
        let t = self.materialize(compiled, &script);
        self.stats.load_time += loading.elapsed();
        self.stats.source_bytes += source.len() as u64;
        self.stats.tiers[crate::tiering::Tier::Interp as usize].compile_time += start.elapsed();
        t
    }

    /// Compiles and runs a script; a syntax error is thrown as a SyntaxError object.
    pub fn eval_script(&mut self, source: &str, filename: &str) -> JsResult<Value> {
        match self.compile_lazily(source, filename) {
            Ok(t) => self.run_script_template(t),
            Err(e) => {
                let msg = format!("{} at {}:{}:{}", e.message, filename, e.line, e.column);
                self.throw(crate::realm::ErrorKind::SyntaxError, &msg)
            }
        }
    }

    /// Drains the job queue (promise reactions) until it is empty; an exception in a job is uncaught.
    pub fn run_microtasks(&mut self) -> JsResult<()> {
        crate::builtins::promise::run_jobs(self)
    }

    /// `Uncaught <Name>: <message>` for an exception value, without running user code where avoidable.
    pub fn describe_uncaught(&mut self, exc: Value) -> String {
        if exc.is_object() {
            let o = exc.as_object();
            let name = self.get_str(o, "name").ok().filter(|v| v.is_string());
            let msg = self.get_str(o, "message").ok().filter(|v| v.is_string());
            if let Some(name) = name {
                let name = name.as_string().to_rust_string();
                return match msg.map(|m| m.as_string().to_rust_string()) {
                    Some(m) if !m.is_empty() => format!("Uncaught {name}: {m}"),
                    _ => format!("Uncaught {name}"),
                };
            }
        }
        let s = match self.to_string(exc) {
            Ok(s) => s.to_rust_string(),
            Err(_) => self.to_display_string(exc),
        };
        format!("Uncaught {s}")
    }
}
