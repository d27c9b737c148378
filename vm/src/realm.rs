//! The realm: intrinsic objects and shapes, and the constructors of the VM's object kinds.

use crate::builtins::typed_array::kinds::ElementKind;
use crate::bytecode::FunctionKind;
use crate::function::FunctionTemplate;
use crate::object::{
    Closure, FLAG_ARRAY, FLAG_CALLABLE, FLAG_CLASS_CONSTRUCTOR, FLAG_CLOSURE, FLAG_CONSTRUCTOR, FLAG_PROTOTYPE,
    JsObject, Native, ObjectKind,
};
use crate::value::Value;
use crate::vm::{JsResult, NativeFn, Vm};
use tetra_gc::{Gc, Tracer};
use tetra_shapes::{Attrs, Proto, Shape};

macro_rules! realm_fields {
    ($($f:ident),* $(,)?) => {
        /// Intrinsics, as values (objects).
        pub struct Realm {
            $(pub $f: Value,)*
            /// Root shape of `{}` (4 in-object slots), arrays, and functions with/without `prototype`.
            pub object_shape: Option<Gc<Shape>>,
            pub array_shape: Option<Gc<Shape>>,
            pub function_shape: Option<Gc<Shape>>,
            pub method_shape: Option<Gc<Shape>>,
            /// Generator functions (`length`, `name`, `prototype`) and async functions (`length`, `name`), whose
            /// [[Prototype]]s are %GeneratorFunction.prototype% and %AsyncFunction.prototype%.
            pub generator_function_shape: Option<Gc<Shape>>,
            pub async_function_shape: Option<Gc<Shape>>,
            pub async_generator_function_shape: Option<Gc<Shape>>,
            /// The shape that property-load feedback records for primitive string receivers: no object ever has
            /// it (it adds a private symbol no script can reach), so an entry for it never matches an object.
            pub string_ic_shape: Option<Gc<Shape>>,
            /// The constructors and prototypes of the typed arrays, indexed by `ElementKind as usize`.
            pub typed_array_constructors: [Value; ElementKind::COUNT],
            pub typed_array_prototypes: [Value; ElementKind::COUNT],
        }
        impl Realm {
            pub fn empty() -> Realm {
                Realm { $($f: Value::UNDEFINED,)* object_shape: None, array_shape: None, function_shape: None,
                        method_shape: None, generator_function_shape: None, async_function_shape: None,
                        async_generator_function_shape: None, string_ic_shape: None,
                        typed_array_constructors: [Value::UNDEFINED; ElementKind::COUNT],
                        typed_array_prototypes: [Value::UNDEFINED; ElementKind::COUNT] }
            }
            pub fn trace(&self, t: &mut Tracer) {
                $(self.$f.trace(t);)*
                self.typed_array_constructors.iter().chain(&self.typed_array_prototypes).for_each(|v| v.trace(t));
                let shapes = [self.object_shape, self.array_shape, self.function_shape, self.method_shape,
                              self.generator_function_shape, self.async_function_shape,
                              self.async_generator_function_shape, self.string_ic_shape];
                for s in shapes.into_iter().flatten() {
                    t.mark(s);
                }
            }
        }
    };
}

realm_fields!(
    global,
    object_prototype,
    function_prototype,
    array_prototype,
    string_prototype,
    number_prototype,
    boolean_prototype,
    symbol_prototype,
    bigint_prototype,
    error_prototype,
    type_error_prototype,
    range_error_prototype,
    reference_error_prototype,
    syntax_error_prototype,
    eval_error_prototype,
    uri_error_prototype,
    iterator_prototype,
    array_iterator_prototype,
    string_iterator_prototype,
    date_prototype,
    regexp_prototype,
    map_prototype,
    set_prototype,
    weakmap_prototype,
    weakset_prototype,
    promise_prototype,
    generator_prototype,
    generator_function_prototype,
    async_function_prototype,
    async_iterator_prototype,
    async_generator_prototype,
    async_generator_function_prototype,
    async_from_sync_iterator_prototype,
    object_constructor,
    function_constructor,
    array_constructor,
    array_proto_values,
    throw_type_error,
    eval_function,
    symbol_registry,
    map_iterator_prototype,
    set_iterator_prototype,
    job_queue,
    timer_queue,
    regexp_constructor,
    promise_constructor,
    regexp_string_iterator_prototype,
    iterator_constructor,
    iterator_helper_prototype,
    wrap_for_valid_iterator_prototype,
    aggregate_error_prototype,
    weak_ref_prototype,
    finalization_registry_prototype,
    array_buffer_prototype,
    array_buffer_constructor,
    shared_array_buffer_prototype,
    shared_array_buffer_constructor,
    typed_array_prototype,
    typed_array_constructor,
    data_view_prototype,
    atomics_waiters,
);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorKind {
    Error,
    TypeError,
    RangeError,
    ReferenceError,
    SyntaxError,
    EvalError,
    URIError,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::RangeError => "RangeError",
            ErrorKind::ReferenceError => "ReferenceError",
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::EvalError => "EvalError",
            ErrorKind::URIError => "URIError",
        }
    }
}

pub fn proto_of(v: Value) -> Proto {
    Proto(v.0)
}

/// Creates the intrinsics that everything else hangs off, then lets the builtins install themselves.
pub fn initialize(vm: &mut Vm) {
    // Object.prototype has a null prototype; Function.prototype is itself a (native, no-op) function.
    let op_root = vm.shapes.root(&mut vm.heap, proto_of(Value::NULL), 0);
    let object_prototype = vm.alloc_object(op_root, ObjectKind::Ordinary, FLAG_PROTOTYPE);
    vm.realm.object_prototype = Value::object(object_prototype);
    let fp_root = vm.shapes.root(&mut vm.heap, proto_of(vm.realm.object_prototype), 0);
    let function_prototype = vm.alloc_object(
        fp_root,
        ObjectKind::Native(Native { f: empty_function, data: Value::UNDEFINED }),
        FLAG_CALLABLE | FLAG_PROTOTYPE,
    );
    vm.realm.function_prototype = Value::object(function_prototype);
    vm.realm.object_shape = Some(vm.shapes.root(&mut vm.heap, proto_of(vm.realm.object_prototype), 4));
    let private = Value::symbol(vm.heap.alloc(crate::symbol::Symbol { description: Value::UNDEFINED, private: true }));
    let null_root = vm.shapes.root(&mut vm.heap, proto_of(Value::NULL), 0);
    vm.realm.string_ic_shape = Some(Shape::add(null_root, &mut vm.heap, crate::atoms::key(private), Attrs(0)));

    // Functions: `length` then `name` (then `prototype` for constructors), in-object.
    let fn_root = vm.shapes.root(&mut vm.heap, proto_of(vm.realm.function_prototype), 3);
    let len = crate::atoms::key(vm.atoms.length);
    let name = crate::atoms::key(vm.atoms.name);
    let prototype = crate::atoms::key(vm.atoms.prototype);
    let ro = Attrs(Attrs::CONFIGURABLE);
    let with_len = Shape::add(fn_root, &mut vm.heap, len, ro);
    let method_shape = Shape::add(with_len, &mut vm.heap, name, ro);
    vm.realm.method_shape = Some(method_shape);
    vm.realm.function_shape = Some(Shape::add(method_shape, &mut vm.heap, prototype, Attrs(Attrs::WRITABLE)));

    let array_prototype = vm.new_object_with_proto(vm.realm.object_prototype);
    // SAFETY: freshly allocated, single-threaded.
    unsafe { array_prototype.get_mut().flags |= FLAG_ARRAY | FLAG_PROTOTYPE };
    vm.realm.array_prototype = Value::object(array_prototype);
    vm.realm.array_shape = Some(vm.shapes.root(&mut vm.heap, proto_of(vm.realm.array_prototype), 0));

    let global = vm.new_object_with_proto(vm.realm.object_prototype);
    vm.realm.global = Value::object(global);
    vm.realm.error_prototype = Value::object(vm.new_object_with_proto(vm.realm.object_prototype));
    let ep = vm.realm.error_prototype;
    let mut sub = || Value::object(vm.new_object_with_proto(ep));
    let protos = [sub(), sub(), sub(), sub(), sub(), sub()];
    let r = &mut vm.realm;
    [
        r.type_error_prototype,
        r.range_error_prototype,
        r.reference_error_prototype,
        r.syntax_error_prototype,
        r.eval_error_prototype,
        r.uri_error_prototype,
    ] = protos;
    crate::builtins::install(vm);
    crate::eval::install(vm);
    if vm.options.expose_natives {
        crate::natives::install(vm);
    }
}

fn empty_function(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}

impl Vm {
    pub fn new_object(&mut self) -> Gc<JsObject> {
        let shape = self.realm.object_shape.expect("realm initialised");
        self.alloc_object(shape, ObjectKind::Ordinary, 0)
    }

    /// An ordinary object with the given prototype (an object or null) and 4 in-object slots.
    pub fn new_object_with_proto(&mut self, proto: Value) -> Gc<JsObject> {
        self.new_object_kind(proto, ObjectKind::Ordinary, 4)
    }

    pub fn new_object_kind(&mut self, proto: Value, kind: ObjectKind, inline_capacity: u32) -> Gc<JsObject> {
        if proto.is_object() {
            self.mark_prototype(proto.as_object());
        }
        let shape = self.shapes.root(&mut self.heap, proto_of(proto), inline_capacity);
        self.alloc_object(shape, kind, 0)
    }

    /// Flags `o` as a prototype, so that changes to it invalidate prototype-chain inline caches.
    #[inline]
    pub fn mark_prototype(&mut self, o: Gc<JsObject>) {
        if o.flags & FLAG_PROTOTYPE == 0 {
            if !o.elements.is_empty() || o.flags & crate::object::FLAG_SLOW_ELEMENTS != 0 {
                self.no_indexed_prototypes = false;
            }
            // SAFETY: single-threaded VM, live object.
            unsafe { o.get_mut().flags |= FLAG_PROTOTYPE };
        }
    }

    pub fn new_array(&mut self, elements: thin_vec::ThinVec<Value>) -> Gc<JsObject> {
        let shape = self.realm.array_shape.expect("realm initialised");
        let len = elements.len() as u32;
        let grown = elements.capacity() * 8;
        let a = self.alloc_object(shape, ObjectKind::Array, FLAG_ARRAY);
        // SAFETY: freshly allocated, single-threaded.
        let m = unsafe { a.get_mut() };
        m.elements = elements;
        m.length = len;
        self.heap.report_external(grown);
        a
    }

    /// A builtin function object with `length` and `name`.
    pub fn new_native_function(&mut self, name: &str, f: NativeFn, length: u32, constructor: bool) -> Gc<JsObject> {
        let shape = self.realm.method_shape.expect("realm initialised");
        let flags = FLAG_CALLABLE | if constructor { FLAG_CONSTRUCTOR } else { 0 };
        let o = self.alloc_object(shape, ObjectKind::Native(Native { f, data: Value::UNDEFINED }), flags);
        let name = Value::string(self.intern(name));
        // SAFETY: freshly allocated; slots 0 and 1 are `length` and `name` of the method shape.
        let m = unsafe { o.get_mut() };
        m.set_slot(0, Value::int(length as i32));
        m.set_slot(1, name);
        o
    }

    /// A closure for `template` over `context`.
    pub fn new_closure(&mut self, template: Gc<FunctionTemplate>, context: Value, home_object: Value) -> Gc<JsObject> {
        let constructor = template.is_constructor_kind();
        let shape = if template.is_generator && template.is_async {
            self.realm.async_generator_function_shape
        } else if template.is_generator {
            self.realm.generator_function_shape
        } else if template.is_async {
            self.realm.async_function_shape
        } else if template.kind == FunctionKind::Normal {
            self.realm.function_shape
        } else {
            self.realm.method_shape
        }
        .expect("realm initialised");
        let mut flags = FLAG_CALLABLE | FLAG_CLOSURE;
        if constructor {
            flags |= FLAG_CONSTRUCTOR;
        }
        if matches!(template.kind, FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor) {
            flags |= FLAG_CLASS_CONSTRUCTOR;
        }
        let kind = ObjectKind::Closure(Closure { template, context, home_object });
        let f = self.alloc_object(shape, kind, flags);
        // SAFETY: freshly allocated; slots per `function_shape`/`method_shape`.
        unsafe {
            let m = f.get_mut();
            m.set_slot(0, Value::int(template.length as i32));
            m.set_slot(1, template.name);
        }
        if template.is_generator {
            // Each generator function has its own prototype for its generators, without a `constructor`.
            let gp =
                if template.is_async { self.realm.async_generator_prototype } else { self.realm.generator_prototype };
            let p = self.new_object_with_proto(gp);
            // SAFETY: live, single-threaded; slot 2 is `prototype` of the generator function shape.
            unsafe { f.get_mut().set_slot(2, Value::object(p)) };
        } else if template.kind == FunctionKind::Normal && !template.is_async {
            // Ordinary functions get a fresh prototype object whose `constructor` points back. It is a prototype
            // from the start (as V8 sets up a function's initial prototype), so that methods added to it before any
            // instance exists keep it in fast mode; flagged after `constructor` is added, which would otherwise
            // bump the prototype epoch at every closure made (and invalidate the mid code that assumes it).
            let p = self.new_object();
            let ctor_key = crate::atoms::key(self.atoms.constructor);
            self.define_data_fast(p, ctor_key, Value::object(f), Attrs::HIDDEN);
            self.mark_prototype(p);
            // SAFETY: live, single-threaded.
            unsafe { f.get_mut().set_slot(2, Value::object(p)) };
        }
        f
    }

    pub fn error_prototype_for(&self, kind: ErrorKind) -> Value {
        match kind {
            ErrorKind::Error => self.realm.error_prototype,
            ErrorKind::TypeError => self.realm.type_error_prototype,
            ErrorKind::RangeError => self.realm.range_error_prototype,
            ErrorKind::ReferenceError => self.realm.reference_error_prototype,
            ErrorKind::SyntaxError => self.realm.syntax_error_prototype,
            ErrorKind::EvalError => self.realm.eval_error_prototype,
            ErrorKind::URIError => self.realm.uri_error_prototype,
        }
    }

    /// A new error object of `kind` with an own, non-enumerable `message`.
    pub fn new_error(&mut self, kind: ErrorKind, message: &str) -> Value {
        let proto = self.error_prototype_for(kind);
        let e = self.new_object_kind(proto, ObjectKind::Error, 4);
        let msg = self.new_string(message);
        let key = crate::atoms::key(self.atoms.message);
        self.define_data_fast(e, key, msg, Attrs::HIDDEN);
        Value::object(e)
    }

    pub fn throw<T>(&mut self, kind: ErrorKind, message: &str) -> JsResult<T> {
        Err(self.new_error(kind, message))
    }

    pub fn throw_type<T>(&mut self, message: &str) -> JsResult<T> {
        self.throw(ErrorKind::TypeError, message)
    }

    pub fn throw_range<T>(&mut self, message: &str) -> JsResult<T> {
        self.throw(ErrorKind::RangeError, message)
    }

    /// Adds a new own property to an extensible object that does not have it (fast or dictionary mode).
    pub fn define_data_fast(&mut self, o: Gc<JsObject>, key: tetra_shapes::Key, value: Value, attrs: Attrs) {
        let limit = if Value::object(o) == self.realm.global {
            crate::runtime::property::MAX_FAST_GLOBAL_PROPERTIES
        } else if o.flags & FLAG_PROTOTYPE != 0 {
            crate::runtime::property::MAX_FAST_PROTOTYPE_PROPERTIES
        } else {
            crate::runtime::property::MAX_FAST_PROPERTIES
        };
        if o.is_dictionary() || o.shape.count() >= limit {
            self.normalize(o).insert(key, (value, attrs));
            if o.flags & FLAG_PROTOTYPE != 0 {
                self.bump_proto_epoch();
            }
            return;
        }
        let new_shape = Shape::add(o.shape, &mut self.heap, key, attrs);
        let slot = new_shape.count() - 1;
        // SAFETY: live object, single-threaded.
        let m = unsafe { o.get_mut() };
        let grown = m.reserve_slot(slot);
        m.shape = new_shape;
        m.set_slot(slot, value);
        if m.flags & FLAG_PROTOTYPE != 0 {
            self.bump_proto_epoch();
        }
        if grown > 0 {
            self.heap.report_external(grown);
        }
    }
}
