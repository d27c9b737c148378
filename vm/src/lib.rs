//! tetra-vm: values, objects, strings, builtins, the front end, bytecode, the interpreter and the tiering manager.

pub mod atoms;
pub mod bigint;
pub mod builtins;
pub mod bytecode;
pub mod code_cache;
pub mod compiler;
pub mod eval;
pub mod feedback;
pub mod frame;
pub mod function;
pub mod generator;
pub mod handles;
pub mod interner;
pub mod interp;
pub mod jit;
pub mod loader;
pub mod modules;
pub mod natives;
pub mod object;
pub mod realm;
pub mod runtime;
pub mod stack_limit;
pub mod stack_trace;
pub mod stats;
pub mod string;
pub mod symbol;
pub mod tiering;
pub mod value;
pub mod vm;

pub use compiler::SyntaxError;
pub use value::Value;
pub use vm::{JsResult, Options, Vm};

/// The embedding API: one VM, scripts evaluated in its global scope.
pub struct Runtime {
    pub vm: Box<Vm>,
}

impl Runtime {
    pub fn new() -> Runtime {
        Runtime::with_options(Options::default())
    }

    pub fn with_options(options: Options) -> Runtime {
        Runtime { vm: Vm::new(options) }
    }

    /// Evaluates a script; an uncaught exception comes back as its `Uncaught ...` description.
    pub fn eval(&mut self, source: &str) -> Result<String, String> {
        let r = self.vm.eval_script(source, "<eval>");
        let r = r.and_then(|v| self.vm.run_microtasks().map(|_| v));
        let out = match r {
            Ok(v) => Ok(self.vm.to_display_string(v)),
            Err(e) => Err(self.vm.describe_uncaught(e)),
        };
        self.vm.flush();
        out
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::new()
    }
}
