//! The VM: heap, register file, intern table, shapes, realm and options. One per thread.
//!
//! Invariants:
//! - The `Vm` is boxed and never moves: the heap's root callbacks point at it.
//! - Everything the VM keeps outside the heap that refers to heap cells (register file up to `stack_top`, intern
//!   table, shape table, realm, rooted vectors) is traced in `trace_roots`; Rust locals are found by the conservative stack
//!   scan.

use crate::atoms::Atoms;
use crate::interner::Interner;
use crate::realm::Realm;
use crate::stats::Stats;
use crate::string::{JsString, Units};
use crate::value::Value;
use std::io::Write;
use tetra_gc::{Gc, Heap, HeapConfig, RootCallbacks, Tracer};
use tetra_shapes::ShapeTable;

pub type JsResult<T> = Result<T, Value>;

/// A builtin function: (vm, this, arguments, new.target) -> result. `new_target` is undefined for [[Call]].
pub type NativeFn = fn(&mut Vm, Value, &[Value], Value) -> JsResult<Value>;

/// Register file size in values (64 MiB): deep JS recursion ends in a RangeError well before the native stack.
pub const REGISTER_FILE_SIZE: usize = 8 << 20;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub gc_stress: Option<u32>,
    pub trace_gc: bool,
    pub max_heap: Option<usize>,
    pub print_bytecode: bool,
    pub stats: bool,
    pub tiering: crate::tiering::TieringOptions,
    pub expose_natives: bool,
    /// `--code-cache=DIR`: where the main script's compile is cached (`code_cache`).
    pub code_cache: Option<std::path::PathBuf>,
    /// `--no-lazy`: scripts compile every function up front instead of at its first call (`compiler::lazy`).
    pub no_lazy: bool,
}

/// Where `%ArrayIteratorPrototype%.next` holds the builtin: valid while the prototype (an object address) has
/// `shape`; then the `next` value is the word at `slot` and must equal `builtin`. All zero: not known.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ArrayIteratorNextCheck {
    pub prototype: usize,
    pub shape: usize,
    pub slot: usize,
    pub builtin: u64,
}

impl ArrayIteratorNextCheck {
    pub const NONE: ArrayIteratorNextCheck = ArrayIteratorNextCheck { prototype: 0, shape: 0, slot: 0, builtin: 0 };
}

pub struct Vm {
    pub heap: Heap,
    pub stack: Box<[Value]>,
    /// First unused slot of the register file.
    pub stack_top: usize,
    pub shapes: ShapeTable,
    pub interner: Interner,
    pub realm: Realm,
    pub atoms: Atoms,
    /// Bumped whenever a prototype object changes shape in a way that can invalidate a cached prototype lookup.
    pub proto_epoch: u32,
    pub options: Options,
    pub stats: Stats,
    /// Lowest native stack address JS may recurse to before a RangeError (leaves room for the runtime).
    pub native_stack_limit: usize,
    /// The JS frame running the current native call and the bytecode offset after its call instruction, or
    /// (-1, 0): recorded in the entry frames that native code pushes, so stack traces cross builtins.
    pub(crate) native_caller: (i32, i32),
    /// The tier running now (`Tier as u8`), which `--stats` samples (see `tiering::sampler`). Shared with the
    /// sampler thread; its address never changes, so compiled code stores into it.
    pub(crate) running_tier: std::sync::Arc<std::sync::atomic::AtomicU8>,
    /// The clock `setTimeout` schedules against, and the last timer id handed out.
    pub(crate) started: std::time::Instant,
    pub(crate) next_timer_id: u64,
    pub out: std::io::BufWriter<std::io::Stdout>,
    /// False once any prototype object has an indexed property: element fast paths that skip holes' prototype
    /// lookups are only valid while this holds (V8's "no elements" protector).
    pub no_indexed_prototypes: bool,
    /// Where `%ArrayIteratorPrototype%.next` was last seen to be the builtin (for-of fast paths; compiled code
    /// reads it too).
    pub array_iterator_next: ArrayIteratorNextCheck,
    /// The shape of an array iterator without own properties (set when the first is made; compiled for-of loops
    /// compare against it), kept alive as a root.
    pub array_iterator_shape: Option<Gc<tetra_shapes::Shape>>,
    /// Installed tier compilers (see `tiering`).
    pub compilers: crate::tiering::manager::Compilers,
    /// Code replaced or invalidated: frames may still be running it (traced; freed by `free_unused_code`).
    pub retired_code: Vec<Box<dyn crate::tiering::CompiledCode>>,
    /// Retired code objects at which the next scan for unused ones is made.
    pub(crate) retired_scan_at: usize,
    /// Functions whose installed code assumes the current prototype epoch (see `tiering/dependencies.rs`).
    pub(crate) epoch_dependents: Vec<Gc<crate::function::FunctionTemplate>>,
    /// What is known of the writes to the global object's properties, and the code that folded their values.
    pub global_cells: crate::tiering::dependencies::GlobalCells,
    /// The functions with loop statistics (`tiering::loop_stats`), kept alive for the report at exit.
    pub(crate) loop_stat_templates: Vec<Gc<crate::function::FunctionTemplate>>,
    /// The global lexical environment: every script's top-level `let`, `const` and `class` bindings.
    pub script_lexicals: crate::runtime::script_lexicals::ScriptLexicals,
    /// Set by a deopt exit, taken when the deoptimised frame resumes in the interpreter.
    pub(crate) pending_deopt: Option<crate::tiering::deopt::PendingDeopt>,
    /// Background compiles (created at the first one).
    pub(crate) compile_queue: Option<crate::tiering::background::CompileQueue>,
    /// The targets of WeakRefs and the cells of FinalizationRegistries (weak), and [[KeptAlive]].
    pub(crate) weak_refs: crate::builtins::weak_ref::WeakRefs,
    /// The realm's ES modules (`modules/`).
    pub modules: crate::modules::Registry,
    /// Handlers for megamorphic named-property sites (emptied at every collection).
    pub(crate) stub_cache: crate::interp::megamorphic::StubCache,
}

unsafe fn trace_roots(ctx: *mut (), t: &mut Tracer) {
    // SAFETY: ctx is the boxed Vm registered in `Vm::new`, alive for as long as its heap.
    let vm = unsafe { &*(ctx as *const Vm) };
    for v in &vm.stack[..vm.stack_top] {
        v.trace(t);
    }
    vm.shapes.trace(t);
    vm.realm.trace(t);
    vm.atoms.trace(t);
    vm.interner.trace(t);
    vm.retired_code.iter().for_each(|c| c.trace(t));
    vm.epoch_dependents.iter().for_each(|&f| t.mark(f));
    vm.global_cells.trace(t);
    vm.script_lexicals.trace(t);
    vm.loop_stat_templates.iter().for_each(|&f| t.mark(f));
    if let Some(s) = vm.array_iterator_shape {
        t.mark(s);
    }
    if vm.array_iterator_next.shape != 0 {
        // SAFETY: a non-zero `shape` was copied from a live `Gc<Shape>` and has been kept marked since.
        t.mark(unsafe { Gc::from_raw(vm.array_iterator_next.shape as *mut tetra_shapes::Shape) });
        Value(vm.array_iterator_next.builtin).trace(t);
    }
    if let Some(q) = &vm.compile_queue {
        q.trace(t);
    }
    crate::handles::trace_rooted(t);
    vm.weak_refs.trace(t);
    vm.modules.trace(t);
}

unsafe fn weak_roots(ctx: *mut (), t: &Tracer) {
    // SAFETY: as in `trace_roots`; the interner, the weak-ref table and the stub cache only remove entries, they do
    // not allocate.
    let vm = unsafe { &mut *(ctx as *mut Vm) };
    vm.interner.sweep(t);
    vm.weak_refs.sweep(t);
    vm.stub_cache.clear();
    crate::builtins::regexp_matcher::sweep_widened(t);
}

/// The register file is allocated zeroed, so the OS maps its pages lazily: start-up does not pay for 64 MiB of
/// writes. Zero bits are the double 0.0, and no slot is read before a frame push initialises it.
fn zeroed_register_file() -> Box<[Value]> {
    let layout = std::alloc::Layout::array::<Value>(REGISTER_FILE_SIZE).expect("register file layout");
    // SAFETY: the layout is non-zero-sized; the pointer is checked for null and owned by the returned Box, whose
    // layout (slice of REGISTER_FILE_SIZE Values) matches the allocation.
    unsafe {
        let p = std::alloc::alloc_zeroed(layout) as *mut Value;
        if p.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, REGISTER_FILE_SIZE))
    }
}

fn oom(limit: usize) -> ! {
    let _ = std::io::stdout().flush();
    let _ = writeln!(std::io::stderr(), "Uncaught RangeError: Out of memory: heap limit of {limit} bytes exceeded");
    std::process::exit(1)
}

impl Vm {
    pub fn new(options: Options) -> Box<Vm> {
        let heap = Heap::new(HeapConfig {
            max_heap: options.max_heap,
            gc_stress: options.gc_stress,
            trace_gc: options.trace_gc,
            ..HeapConfig::default()
        });
        let mut vm = Box::new(Vm {
            heap,
            stack: zeroed_register_file(),
            stack_top: 0,
            shapes: ShapeTable::default(),
            interner: Interner::default(),
            realm: Realm::empty(),
            atoms: Atoms::empty(),
            proto_epoch: 0,
            options,
            stats: Stats::default(),
            native_stack_limit: crate::stack_limit::native_stack_limit(),
            native_caller: (-1, 0),
            running_tier: std::sync::Arc::new(std::sync::atomic::AtomicU8::new(crate::tiering::Tier::Interp as u8)),
            started: std::time::Instant::now(),
            next_timer_id: 0,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            no_indexed_prototypes: true,
            array_iterator_next: ArrayIteratorNextCheck::NONE,
            array_iterator_shape: None,
            compilers: Default::default(),
            retired_code: Vec::new(),
            retired_scan_at: 0,
            epoch_dependents: Vec::new(),
            global_cells: Default::default(),
            script_lexicals: Default::default(),
            loop_stat_templates: Vec::new(),
            pending_deopt: None,
            compile_queue: None,
            weak_refs: Default::default(),
            modules: Default::default(),
            stub_cache: crate::interp::megamorphic::StubCache::new(),
        });
        let ctx = &mut *vm as *mut Vm as *mut ();
        vm.heap.set_roots(RootCallbacks { ctx, roots: trace_roots, weak: weak_roots });
        vm.heap.set_oom_handler(oom);
        vm.atoms = Atoms::new(&mut vm);
        crate::realm::initialize(&mut vm);
        vm
    }

    /// An interned string (the unique string with these contents that property keys use).
    pub fn intern(&mut self, s: &str) -> Gc<JsString> {
        if s.is_ascii() {
            return self.intern_flat(Units::Latin1(s.as_bytes()));
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        self.intern_units(&units)
    }

    pub fn intern_units(&mut self, units: &[u16]) -> Gc<JsString> {
        self.intern_flat(Units::Utf16(units))
    }

    fn intern_flat(&mut self, units: Units<'_>) -> Gc<JsString> {
        if let Some(s) = self.interner.find(units, units.hash()) {
            return s;
        }
        let s = self.heap.alloc(JsString::from_flat(units));
        s.set_interned();
        self.interner.insert(s);
        s
    }

    /// The interned one-unit string of a Latin-1 unit, from the interner's cache after the first time.
    #[inline]
    pub fn latin1_char(&mut self, c: u8) -> Gc<JsString> {
        if let Some(s) = self.interner.char(c) {
            return s;
        }
        let s = self.intern_flat(Units::Latin1(&[c]));
        self.interner.set_char(c, s);
        s
    }

    /// Interns an existing string value (returns it if it is interned already).
    pub fn intern_string(&mut self, s: Gc<JsString>) -> Gc<JsString> {
        if s.is_interned() {
            return s;
        }
        if let Some(found) = self.interner.find_string(s) {
            return found;
        }
        // Interning a string makes it a key forever after: flatten it, mark it, remember it.
        let _ = s.units();
        s.set_interned();
        self.interner.insert(s);
        s
    }

    pub fn new_string(&mut self, s: &str) -> Value {
        if s.is_ascii() {
            let b = s.as_bytes();
            return Value::string(JsString::alloc_latin1_with(&mut self.heap, b.len(), |d| d.copy_from_slice(b)));
        }
        Value::string(JsString::alloc_units(&mut self.heap, s.encode_utf16().collect()))
    }

    /// A string of `units`; a RangeError past the longest string there can be (V8's limit, 2^29 - 24 units).
    /// Every string built from a buffer goes through here or `new_string_units`, so none can outgrow it.
    pub fn new_string_buf(&mut self, units: crate::string::UnitsBuf) -> JsResult<Value> {
        if units.len() > crate::builtins::string::MAX_STRING_LENGTH {
            return self.throw_range("Invalid string length");
        }
        Ok(Value::string(JsString::alloc_buf(&mut self.heap, units)))
    }

    /// As `new_string_buf`.
    pub fn new_string_units(&mut self, units: Vec<u16>) -> JsResult<Value> {
        if units.len() > crate::builtins::string::MAX_STRING_LENGTH {
            return self.throw_range("Invalid string length");
        }
        Ok(Value::string(JsString::alloc_units(&mut self.heap, units)))
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Address of a local: the current native stack depth, for recursion limits.
    #[inline(always)]
    pub fn native_stack_ok(&self) -> bool {
        let marker = 0u8;
        (&marker as *const u8 as usize) > self.native_stack_limit
    }
}
