//! tetra as a library: a JavaScript engine with an interpreter and two JIT tiers, to embed in a Rust program.
//!
//! ```
//! let mut rt = tetra::Runtime::new();
//! let v = rt.eval("let xs = [1, 2, 3]; xs.map(x => x * 2).join()").unwrap();
//! assert_eq!(rt.to_string(&v).unwrap(), "2,4,6");
//! ```
//!
//! A [`Runtime`] is one VM with one realm: every [`Runtime::eval`] runs a script of its own in it, so declarations
//! carry over (top-level `let`/`const` too, as in a browser or d8), and the event loop (promise jobs, timers) runs
//! after each script. Functions tier up as in the `tetra` command (`interp` -> `baseline` -> `mid`, OSR,
//! deoptimisation); [`Builder`] sets the tiering flags. JS values held by Rust are [`Handle`]s, which keep them alive
//! across garbage collections; the engine's own types ([`Vm`], [`Value`]) are there for native functions and for
//! anything this API does not cover.
//!
//! A runtime belongs to the thread that made it (its heap, handles and native functions are not `Send`).

pub use tetra_vm::tiering::Tier;
pub use tetra_vm::vm::NativeFn;
pub use tetra_vm::{JsResult, Options, Value, Vm};

use tetra_vm::handles::RootedVec;

/// The tiering and heap settings of a [`Runtime`] (the `tetra` command's flags of the same names).
pub struct Builder {
    options: Options,
    stress_deopt: Option<u32>,
    inlining: tetra_mid::Inlining,
}

impl Builder {
    /// The highest tier functions may reach (`--max-tier`): `Tier::Interp` makes no machine code at all.
    pub fn max_tier(mut self, tier: Tier) -> Builder {
        self.options.tiering.max_tier = tier;
        self
    }

    /// Bytecode bytes executed per tick of a function's profiler counter (`--interrupt-budget`).
    pub fn interrupt_budget(mut self, bytes: i32) -> Builder {
        self.options.tiering.interrupt_budget = bytes.max(1);
        self
    }

    /// Ticks in `interp` before `baseline` compiles a function (`--baseline-after`).
    pub fn baseline_after(mut self, ticks: u32) -> Builder {
        self.options.tiering.baseline_after = ticks.max(1);
        self
    }

    /// Ticks in `baseline` before `mid` compiles a function (`--mid-after`).
    pub fn mid_after(mut self, ticks: u32) -> Builder {
        self.options.tiering.mid_after = ticks.max(1);
        self
    }

    /// Compile every function with `tier` at its first call (`--eager-baseline`, `--eager-mid`).
    pub fn eager(mut self, tier: Tier) -> Builder {
        self.options.tiering.eager = Some(tier);
        self
    }

    /// On-stack replacement of running loops (on by default; `--no-osr`).
    pub fn osr(mut self, on: bool) -> Builder {
        self.options.tiering.osr = on;
        self
    }

    /// Compile `mid` code on a background thread (on by default; `--no-concurrent` for determinism).
    pub fn concurrent(mut self, on: bool) -> Builder {
        self.options.tiering.concurrent = on;
        self
    }

    /// Deoptimise at every `n`-th check executed in `mid` code (`--stress-deopt`), to test frame states.
    pub fn stress_deopt(mut self, n: u32) -> Builder {
        self.stress_deopt = Some(n.max(1));
        self
    }

    /// The heap limit in bytes (`--max-heap`): beyond it the program ends with an out-of-memory RangeError.
    pub fn max_heap(mut self, bytes: usize) -> Builder {
        self.options.max_heap = Some(bytes);
        self
    }

    /// Expose the `Tetra` object (`Tetra.tierOf(f)`, `Tetra.optimize(f, tier)`, ...) to scripts.
    pub fn expose_natives(mut self, on: bool) -> Builder {
        self.options.expose_natives = on;
        self
    }

    /// The runtime, with every tier this machine can run up to the maximum.
    pub fn build(self) -> Runtime {
        let mut vm = Vm::new(self.options);
        install_tiers(&mut vm, self.stress_deopt, self.inlining);
        Runtime { vm }
    }
}

/// Installs the JIT tiers up to `vm`'s maximum tier that this machine can run (the `tetra` command uses it too).
pub fn install_tiers(vm: &mut Vm, stress_deopt: Option<u32>, inlining: tetra_mid::Inlining) {
    let max = vm.options.tiering.max_tier;
    if max >= Tier::Baseline
        && let Some(baseline) = tetra_baseline::compiler(vm)
    {
        vm.install_tier(baseline);
    }
    if max >= Tier::Mid
        && let Some(mid) = tetra_mid::compiler(vm, stress_deopt, inlining)
    {
        vm.install_tier(mid);
    }
}

/// A JavaScript value held by Rust: the collector keeps it (and what it references) alive while the handle lives.
pub struct Handle(RootedVec);

impl Handle {
    fn new(v: Value) -> Handle {
        Handle(RootedVec::from_vec(vec![v]))
    }

    /// The value (valid while the handle lives, or while something else keeps it alive).
    pub fn value(&self) -> Value {
        self.0[0]
    }
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Handle({:#x})", self.value().0)
    }
}

/// An exception that escaped to Rust: `name` and `message` as the error object gives them (`Error`, `TypeError`,
/// ...; for a thrown non-error, an empty name and the value's text), and the thrown value.
#[derive(Debug)]
pub struct Error {
    pub name: String,
    pub message: String,
    pub value: Handle,
    text: String,
}

impl std::fmt::Display for Error {
    /// `Uncaught <Name>: <message>`, as the `tetra` command prints an uncaught exception.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Error {}

/// One VM and its realm; see the crate documentation.
pub struct Runtime {
    vm: Box<Vm>,
}

impl Default for Runtime {
    fn default() -> Runtime {
        Runtime::new()
    }
}

impl Runtime {
    /// A runtime with default tiering (every tier this machine can run).
    pub fn new() -> Runtime {
        Runtime::builder().build()
    }

    /// Settings before the runtime is made.
    pub fn builder() -> Builder {
        Builder { options: Options::default(), stress_deopt: None, inlining: tetra_mid::Inlining::default() }
    }

    /// Runs `source` as a script named `<eval>`, then the event loop until it is idle; its completion value.
    pub fn eval(&mut self, source: &str) -> Result<Handle, Error> {
        self.eval_script(source, "<eval>")
    }

    /// As [`Runtime::eval`], with the name that stack traces and syntax errors give the script.
    pub fn eval_script(&mut self, source: &str, name: &str) -> Result<Handle, Error> {
        let r = self.vm.eval_script(source, name);
        let r = r.and_then(|v| {
            let kept = Handle::new(v);
            self.vm.run_tasks().map(|_| kept)
        });
        self.vm.flush();
        r.map_err(|e| self.error(e))
    }

    /// The global variable or global object property `name` (a ReferenceError if there is none).
    pub fn global(&mut self, name: &str) -> Result<Handle, Error> {
        let name = Value::string(self.vm.intern(name));
        let r = self.vm.load_global(name);
        r.map(Handle::new).map_err(|e| self.error(e))
    }

    /// Calls `f` with `this` undefined and `args`; then runs the event loop until it is idle.
    pub fn call(&mut self, f: &Handle, args: &[Value]) -> Result<Handle, Error> {
        let r = self.vm.call(f.value(), Value::UNDEFINED, args).and_then(|v| {
            let kept = Handle::new(v);
            self.vm.run_tasks().map(|_| kept)
        });
        self.vm.flush();
        r.map_err(|e| self.error(e))
    }

    /// Defines the global function `name` with `length` `arity` (writable and configurable, not enumerable, as
    /// builtins are), running `f`, which gets the VM, `this`, the arguments and `new.target`, and returns a value
    /// or throws (`vm.throw_type(...)`).
    pub fn register_function(&mut self, name: &str, arity: u32, f: NativeFn) {
        let global = self.vm.realm.global.as_object();
        tetra_vm::builtins::method(&mut self.vm, global, name, f, arity);
    }

    /// A JS string.
    pub fn string(&mut self, s: &str) -> Handle {
        Handle::new(self.vm.new_string(s))
    }

    /// ToString of the value (which may run its `toString`).
    pub fn to_string(&mut self, v: &Handle) -> Result<String, Error> {
        let r = self.vm.to_string(v.value());
        r.map(|s| s.to_rust_string()).map_err(|e| self.error(e))
    }

    /// ToNumber of the value (which may run its `valueOf`).
    pub fn to_number(&mut self, v: &Handle) -> Result<f64, Error> {
        let r = self.vm.to_number(v.value());
        r.map_err(|e| self.error(e))
    }

    /// The tier the function's code runs in now (what `Tetra.tierOf` answers).
    pub fn tier_of(&self, f: &Handle) -> Option<Tier> {
        f.value().try_object()?.closure().map(|c| tetra_vm::tiering::tier_of(&c.template))
    }

    /// The statistics of the run so far (per tier: functions, compile time, code size, deopts, OSR, GC ...).
    pub fn stats(&self) -> &tetra_vm::stats::Stats {
        &self.vm.stats
    }

    /// The VM itself, for what this API does not cover.
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    fn error(&mut self, e: Value) -> Error {
        let value = Handle::new(e);
        let text = self.vm.describe_uncaught(e);
        let (name, message) = match text.strip_prefix("Uncaught ").and_then(|t| t.split_once(": ")) {
            Some((n, m)) if !n.contains(' ') => (n.to_string(), m.to_string()),
            _ => (String::new(), text.trim_start_matches("Uncaught ").to_string()),
        };
        Error { name, message, value, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
        let mut sum = 0.0;
        for &a in args {
            if !a.is_number() {
                return vm.throw_type("add: numbers only");
            }
            sum += a.as_number();
        }
        Ok(Value::number(sum))
    }

    #[test]
    fn scripts_share_the_realm_and_values_come_back() {
        let mut rt = Runtime::new();
        rt.eval("let base = 40; function plus(x) { return base + x; }").unwrap();
        let v = rt.eval("plus(2)").unwrap();
        assert_eq!(rt.to_number(&v).unwrap(), 42.0);
        let f = rt.global("plus").unwrap();
        let r = rt.call(&f, &[Value::number(0.5)]).unwrap();
        assert_eq!(rt.to_string(&r).unwrap(), "40.5");
    }

    #[test]
    fn errors_carry_name_message_and_value() {
        let mut rt = Runtime::new();
        let e = rt.eval("null.x").unwrap_err();
        assert_eq!(e.name, "TypeError");
        assert!(e.message.contains("null"), "{}", e.message);
        assert!(e.to_string().starts_with("Uncaught TypeError: "));
        let e = rt.eval("let x = ;").unwrap_err();
        assert_eq!(e.name, "SyntaxError");
        let e = rt.global("nowhere").unwrap_err();
        assert_eq!((e.name.as_str(), e.message.as_str()), ("ReferenceError", "nowhere is not defined"));
        let e = rt.eval("throw 7").unwrap_err();
        assert_eq!((e.name.as_str(), e.message.as_str()), ("", "7"));
    }

    #[test]
    fn native_functions_are_called_from_every_tier() {
        for builder in [
            Runtime::builder().max_tier(Tier::Interp),
            Runtime::builder().eager(Tier::Baseline),
            Runtime::builder().eager(Tier::Mid).concurrent(false),
            Runtime::builder().interrupt_budget(64).mid_after(2).concurrent(false).expose_natives(true),
        ] {
            let mut rt = builder.build();
            rt.register_function("add", 2, add);
            let v = rt.eval("let t = 0; for (let i = 0; i < 20000; i++) t = add(t, i); t").unwrap();
            assert_eq!(rt.to_number(&v).unwrap(), 199990000.0);
            let e = rt.eval("add(1, 'x')").unwrap_err();
            assert_eq!(e.to_string(), "Uncaught TypeError: add: numbers only");
        }
    }

    #[test]
    fn handles_keep_values_alive_across_collections() {
        let mut rt = Runtime::builder().max_tier(Tier::Interp).build();
        let kept = rt.eval("({ list: Array.from({ length: 1000 }, (_, i) => 'item' + i) })").unwrap();
        rt.eval("for (let i = 0; i < 200; i++) new Array(1000).fill({});").unwrap();
        rt.vm().heap.collect("test");
        let f = rt.eval("(o) => o.list[999]").unwrap();
        let r = rt.call(&f, &[kept.value()]).unwrap();
        assert_eq!(rt.to_string(&r).unwrap(), "item999");
    }

    #[test]
    fn tiers_and_statistics_are_visible() {
        let mut rt = Runtime::builder().eager(Tier::Baseline).build();
        let f = rt.eval("(function f(n) { return n + 1; })").unwrap();
        rt.call(&f, &[Value::int(1)]).unwrap();
        assert_eq!(rt.tier_of(&f), Some(Tier::Baseline));
        assert!(rt.stats().tiers[Tier::Baseline as usize].functions_compiled >= 1);
    }
}
