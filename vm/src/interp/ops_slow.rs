//! Bytecode handlers too large to inline in the dispatch loop: globals, super, spread calls, arguments objects,
//! for-in, the iteration protocol and the runtime functions behind `CallRuntime`.

use crate::atoms::key;
use crate::builtins::{async_generator, generator};
use crate::bytecode::RuntimeId;
use crate::frame;
use crate::function::FunctionTemplate;
use crate::handles::RootedVec;
use crate::object::IteratorClass;
use crate::object::{FLAG_CONSTRUCTOR, ForInState, JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::runtime::convert::to_boolean;
use crate::runtime::private::PrivateElement;
use crate::runtime::property::{PropKey, PropertyDescriptor};
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

impl Vm {
    /// DeclareGlobal: `var` (acc = hole) keeps an existing value; functions (acc = closure) overwrite.
    /// `configurable`: declared by eval code (CreateGlobalVarBinding / CreateGlobalFunctionBinding with D true).
    pub(crate) fn declare_global(&mut self, name: Value, v: Value, configurable: bool) -> JsResult<()> {
        self.script_lexicals.note_var(name);
        let c = if configurable { Attrs::CONFIGURABLE } else { 0 };
        let g = self.realm.global.as_object();
        let k = self.to_property_key(name)?;
        let existing = self.ordinary_get_own_property(g, k);
        if v.is_hole() {
            if existing.is_none() {
                let attrs = Attrs(Attrs::WRITABLE | Attrs::ENUMERABLE | c);
                self.define_own_property(g, k, PropertyDescriptor::data(Value::UNDEFINED, attrs))?;
            }
            return Ok(());
        }
        let desc = match existing {
            Some(p) if !p.attrs.configurable() => PropertyDescriptor { value: Some(v), ..Default::default() },
            _ => PropertyDescriptor::data(v, Attrs(Attrs::WRITABLE | Attrs::ENUMERABLE | c)),
        };
        if !self.define_own_property(g, k, desc)? {
            let n = self.to_display_string(name);
            return self.throw_type(&format!("Cannot redefine global function {n}"));
        }
        Ok(())
    }

    pub(super) fn delete_property_op(&mut self, obj: Value, k: Value, strict: bool) -> JsResult<bool> {
        if obj.is_nullish() {
            return self.throw_type("Cannot convert undefined or null to object");
        }
        let pk = self.to_property_key(k)?;
        if !obj.is_object() {
            let o = self.to_object(obj)?;
            return Ok(self.get_own_property(o, pk)?.is_none_or(|p| p.attrs.configurable()));
        }
        let ok = self.delete(obj.as_object(), pk)?;
        if !ok && strict {
            let n = self.to_display_string(k);
            return self.throw_type(&format!("Cannot delete property '{n}' of object"));
        }
        Ok(ok)
    }

    pub(super) fn super_get(&mut self, base: Value, k: Value, receiver: Value) -> JsResult<Value> {
        if !base.is_object() {
            return self.throw_type("Cannot read properties of super");
        }
        let pk = self.to_property_key(k)?;
        self.get(base.as_object(), pk, receiver)
    }

    pub(super) fn super_set(&mut self, base: Value, k: Value, v: Value, receiver: Value) -> JsResult<()> {
        if !base.is_object() {
            return self.throw_type("Cannot set properties of super");
        }
        let pk = self.to_property_key(k)?;
        if !self.set(base.as_object(), pk, v, receiver)? {
            let n = self.to_display_string(k);
            return self.throw_type(&format!("Cannot assign to read only property '{n}'"));
        }
        Ok(())
    }

    /// The elements of an array made by the compiler (spread argument lists), holes as undefined.
    pub(crate) fn array_to_vec(&mut self, list: Value) -> JsResult<Vec<Value>> {
        let a = list.as_object();
        let n = a.length as usize;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v = a.elements.get(i).copied().unwrap_or(Value::HOLE);
            out.push(if v.is_hole() { self.get(a, PropKey::Index(i as u32), list)? } else { v });
        }
        Ok(out)
    }

    pub(super) fn call_with_array(&mut self, f: Value, this: Value, list: Value) -> JsResult<Value> {
        let args = self.array_to_vec(list)?;
        // `list` (a JS array in a register) keeps the values alive while `args` is only in Rust memory.
        self.call(f, this, &args)
    }

    pub(super) fn construct_with_array(&mut self, f: Value, new_target: Value, list: Value) -> JsResult<Value> {
        let args = self.array_to_vec(list)?;
        self.construct(f, &args, new_target)
    }

    /// The actual arguments of the frame at `fp` (argument i is at fp - 1 - i).
    fn frame_args(&self, fp: usize) -> Vec<Value> {
        let argc = self.stack[fp + frame::ARGC as usize].as_int() as usize;
        (0..argc).map(|i| self.stack[fp - 1 - i]).collect()
    }

    pub(super) fn create_arguments(&mut self, fp: usize, t: &FunctionTemplate) -> Value {
        // The values stay alive in the frame's argument slots while this Vec is being filled.
        let mut elements = self.frame_args(fp);
        let argc = elements.len();
        let map: Box<[u16]> = match &t.mapped_arguments {
            Some(slots) => {
                let n = argc.min(slots.len());
                for e in elements.iter_mut().take(n) {
                    *e = Value::HOLE;
                }
                slots[..n].into()
            }
            None => Box::new([]),
        };
        let context = self.stack[fp + frame::CONTEXT as usize];
        let proto = self.realm.object_prototype;
        let o = self.new_object_kind(proto, ObjectKind::Arguments { context, map }, 4);
        // SAFETY: freshly allocated, single-threaded.
        unsafe { o.get_mut().elements = elements.into() };
        let len_key = key(self.atoms.length);
        self.define_data_fast(o, len_key, Value::int(argc as i32), Attrs::HIDDEN);
        let iter = crate::atoms::key(self.atoms.sym_iterator);
        let values = self.realm.array_proto_values;
        self.define_data_fast(o, iter, values, Attrs::HIDDEN);
        let callee = key(self.atoms.callee);
        if t.is_strict || t.mapped_arguments.is_none() {
            let thrower = self.realm.throw_type_error;
            let acc = self.new_accessor(thrower, thrower);
            self.define_data_fast(o, callee, acc, Attrs(Attrs::ACCESSOR));
        } else {
            let f = self.stack[fp + frame::CLOSURE as usize];
            self.define_data_fast(o, callee, f, Attrs::HIDDEN);
        }
        Value::object(o)
    }

    pub(super) fn create_rest(&mut self, fp: usize, from: usize) -> Value {
        let all = self.frame_args(fp);
        let v: thin_vec::ThinVec<Value> = all.get(from..).map(thin_vec::ThinVec::from).unwrap_or_default();
        Value::object(self.new_array(v))
    }

    pub(super) fn create_regexp(&mut self, pattern: Value, flags: Value) -> JsResult<Value> {
        let ctor = self.get_v_str(self.realm.global, "RegExp")?;
        if !self.is_constructor(ctor) {
            return self.throw(ErrorKind::SyntaxError, "Regular expressions are not supported yet");
        }
        self.construct(ctor, &[pattern, flags], ctor)
    }

    /// Collects the enumerable string keys of `v` and its prototypes (shadowed keys once), in spec order.
    pub(super) fn for_in_prepare(&mut self, v: Value) -> JsResult<Value> {
        let mut keys = RootedVec::new();
        if !v.is_nullish() {
            let o = self.to_object(v)?;
            let mut seen: ahash::AHashSet<u64> = ahash::AHashSet::new();
            let mut hops = 0;
            let mut cur = Some(o);
            while let Some(c) = cur {
                for k in self.own_keys(c)? {
                    if k.is_symbol() {
                        continue;
                    }
                    let k = Value::string(self.intern_string(k.as_string()));
                    if !seen.insert(k.0) {
                        continue;
                    }
                    let pk = self.to_property_key(k)?;
                    if self.get_own_property(c, pk)?.is_some_and(|p| p.attrs.enumerable()) {
                        keys.push(k);
                    }
                }
                let p = self.prototype_step(c, &mut hops)?;
                cur = if p.is_object() { Some(p.as_object()) } else { None };
            }
            let proto = self.realm.object_prototype;
            let state = ForInState { object: Value::object(o), keys: Vec::new(), index: 0 };
            let it = self.new_object_kind(proto, ObjectKind::ForIn(Box::new(state)), 0);
            // The keys move into the (traced) iterator only after its allocation: until then `keys` roots them.
            // SAFETY: freshly allocated, single-threaded.
            if let ObjectKind::ForIn(s) = &mut unsafe { it.get_mut() }.kind {
                s.keys = keys.into_vec();
            }
            return Ok(Value::object(it));
        }
        let proto = self.realm.object_prototype;
        let state = ForInState { object: Value::UNDEFINED, keys: Vec::new(), index: 0 };
        Ok(Value::object(self.new_object_kind(proto, ObjectKind::ForIn(Box::new(state)), 0)))
    }

    /// The next key that is still present (keys deleted during the loop are skipped, as the spec requires).
    pub(super) fn for_in_next(&mut self, iter: Value) -> JsResult<Option<Value>> {
        let it = iter.as_object();
        loop {
            // SAFETY: live iterator object, single-threaded.
            let ObjectKind::ForIn(state) = &mut unsafe { it.get_mut() }.kind else { return Ok(None) };
            if state.index >= state.keys.len() {
                return Ok(None);
            }
            let k = state.keys[state.index];
            state.index += 1;
            let obj = state.object;
            let pk = match k.as_string().array_index() {
                Some(i) => PropKey::Index(i),
                None => PropKey::Key(key(k)),
            };
            if self.has_property(obj.as_object(), pk)? {
                return Ok(Some(k));
            }
        }
    }

    /// GetIterator(v, sync).
    pub(crate) fn get_iterator(&mut self, v: Value) -> JsResult<Value> {
        let k = PropKey::Key(key(self.atoms.sym_iterator));
        let method = if v.is_nullish() { Value::UNDEFINED } else { self.get_v(v, k)? };
        if !self.is_callable(method) {
            let s = self.describe_for_error(v);
            return self.throw_type(&format!("{s} is not iterable"));
        }
        let it = self.call(method, v, &[])?;
        if !it.is_object() {
            return self.throw_type("Result of the Symbol.iterator method is not an object");
        }
        Ok(it)
    }

    /// IteratorStep + IteratorValue: Some(value), or None when done.
    pub(crate) fn iterator_step(&mut self, it: Value) -> JsResult<Option<Value>> {
        if let Some(v) = self.array_iterator_fast_step(it)? {
            return Ok(v);
        }
        let next = self.get_v(it, PropKey::Key(key(self.atoms.next)))?;
        let r = self.call(next, it, &[])?;
        if !r.is_object() {
            let s = self.describe_for_error(r);
            return self.throw_type(&format!("Iterator result {s} is not an object"));
        }
        let done = self.get_v(r, PropKey::Key(key(self.atoms.done)))?;
        if to_boolean(done) {
            return Ok(None);
        }
        Ok(Some(self.get_v(r, PropKey::Key(key(self.atoms.value)))?))
    }

    /// for-of over arrays without allocating result objects, while %ArrayIteratorPrototype%.next is the builtin and
    /// the iterator has no own properties.
    fn array_iterator_fast_step(&mut self, it: Value) -> JsResult<Option<Option<Value>>> {
        let o = it.as_object();
        let ObjectKind::Iterator { class: IteratorClass::Array, target, index, kind: 0 } = o.kind else {
            return Ok(None);
        };
        if o.shape.count() != 0
            || o.proto() != self.realm.array_iterator_prototype
            || !self.array_iterator_next_intact()
        {
            return Ok(None);
        }
        if target.is_undefined() {
            return Ok(Some(None));
        }
        let len = crate::builtins::array::iterated_length(self, target)?;
        if index as u64 >= len {
            // SAFETY: live iterator, single-threaded.
            if let ObjectKind::Iterator { class: IteratorClass::Array, target, .. } = &mut unsafe { o.get_mut() }.kind {
                *target = Value::UNDEFINED;
            }
            return Ok(Some(None));
        }
        let fast = i32::try_from(index).ok().and_then(|i| super::ic::keyed_load_fast(self, target, Value::int(i)));
        let v = match fast {
            Some(v) => v,
            None => self.get_v(target, PropKey::Index(index))?,
        };
        // SAFETY: live iterator, single-threaded.
        if let ObjectKind::Iterator { class: IteratorClass::Array, index, .. } = &mut unsafe { o.get_mut() }.kind {
            *index += 1;
        }
        Ok(Some(Some(v)))
    }

    /// Whether `%ArrayIteratorPrototype%.next` is the builtin: where it is (the prototype's shape and the address
    /// of its slot) is cached, and its value compared at each step (assigning `next` changes no shape).
    #[inline]
    pub(crate) fn array_iterator_next_intact(&mut self) -> bool {
        let c = self.array_iterator_next;
        if c.shape != 0
            // SAFETY: a non-zero `prototype` is the live %ArrayIteratorPrototype% (a realm root).
            && unsafe { (*(c.prototype as *const crate::object::JsObject)).shape.addr() } == c.shape
        {
            // SAFETY: while the prototype has this shape, `slot` is the address of its `next` slot (slots move
            // only when properties are added or removed, which changes the shape).
            return unsafe { *(c.slot as *const Value) }.0 == c.builtin;
        }
        self.array_iterator_next_slow()
    }

    #[cold]
    fn array_iterator_next_slow(&mut self) -> bool {
        self.array_iterator_next = crate::vm::ArrayIteratorNextCheck::NONE;
        let p = self.realm.array_iterator_prototype;
        if !p.is_object() {
            return false;
        }
        let p = p.as_object();
        let k = key(self.atoms.next);
        let Some(found) = (!p.is_dictionary()).then(|| p.shape.lookup(k)).flatten() else {
            let next = self.ordinary_get_own_property(p, PropKey::Key(k));
            return next.is_some_and(|n| {
                crate::builtins::util::is_builtin(n.value, crate::builtins::array::array_iterator_next)
            });
        };
        let value = p.get_slot(found.slot);
        let ok = !found.attrs.is_accessor()
            && crate::builtins::util::is_builtin(value, crate::builtins::array::array_iterator_next);
        if ok {
            self.array_iterator_next = crate::vm::ArrayIteratorNextCheck {
                prototype: p.addr(),
                shape: p.shape.addr(),
                slot: p.slot_address(found.slot) as usize,
                builtin: value.0,
            };
        }
        ok
    }

    /// IteratorClose for a normal completion (break/return out of for-of).
    pub(crate) fn iterator_close(&mut self, it: Value) -> JsResult<()> {
        let ret = self.get_v(it, PropKey::Key(key(self.atoms.return_)))?;
        if ret.is_nullish() {
            return Ok(());
        }
        let r = self.call(ret, it, &[])?;
        if !r.is_object() {
            return self.throw_type("Iterator result is not an object");
        }
        Ok(())
    }

    pub(super) fn call_runtime(&mut self, id: RuntimeId, a: &[Value], strict: bool) -> JsResult<Value> {
        let arg = |i: usize| a.get(i).copied().unwrap_or(Value::UNDEFINED);
        match id {
            RuntimeId::NewPrivateName => Ok(self.new_private_name(arg(0))),
            RuntimeId::WithLoad => self.with_load(arg(0), arg(1), strict),
            RuntimeId::WithStore => Ok(Value::bool(self.with_store(arg(0), arg(1), arg(2), strict)?)),
            RuntimeId::WithDelete => self.with_delete(arg(0), arg(1)),
            RuntimeId::MakePrivateMethod => {
                let (home, name, f) = (arg(0), arg(1), arg(2));
                let fo = f.as_object();
                self.set_home_object(fo, home);
                if name.is_symbol() {
                    let prefix = ["", "get", "set"][arg(3).as_int().clamp(0, 2) as usize];
                    self.set_function_name(f, name.as_symbol().description, prefix)?;
                }
                // SAFETY: live function object, single-threaded.
                unsafe { fo.get_mut().flags &= !FLAG_CONSTRUCTOR };
                Ok(f)
            }
            RuntimeId::PrivateMethodAdd => {
                self.private_add(arg(0), arg(1), PrivateElement::Method(arg(2)))?;
                Ok(Value::UNDEFINED)
            }
            RuntimeId::PrivateAccessorAdd => {
                self.private_add(arg(0), arg(1), PrivateElement::Accessor { get: arg(2), set: arg(3) })?;
                Ok(Value::UNDEFINED)
            }
            RuntimeId::CreateClass => self.rt_create_class(arg(0), arg(1)),
            RuntimeId::DefineMethod => self.rt_define_method(arg(0), arg(1), arg(2), to_boolean(arg(3)), 0),
            RuntimeId::DefineGetter => self.rt_define_method(arg(0), arg(1), arg(2), to_boolean(arg(3)), 1),
            RuntimeId::DefineSetter => self.rt_define_method(arg(0), arg(1), arg(2), to_boolean(arg(3)), 2),
            RuntimeId::CopyDataProperties => {
                self.copy_data_properties(arg(0), arg(1))?;
                Ok(arg(0))
            }
            RuntimeId::AppendSpread => {
                let (arr, src) = (arg(0), arg(1));
                let it = self.get_iterator(src)?;
                while let Some(v) = self.iterator_step(it)? {
                    let a = arr.as_object();
                    let n = a.length;
                    self.create_data_property_or_throw(a, PropKey::Index(n), v)?;
                }
                Ok(arr)
            }
            RuntimeId::DirectEval | RuntimeId::DirectEvalWithSpread => {
                self.throw_type("internal: direct eval needs its frame")
            }
            RuntimeId::DeclareEvalGlobal => {
                self.declare_global(arg(0), arg(1), true)?;
                Ok(Value::UNDEFINED)
            }
            RuntimeId::DeclareScriptLexicals => self.declare_script_lexicals(a),
            RuntimeId::DeleteGlobal => {
                if arg(0).is_string() && self.script_lexicals.get(crate::atoms::key(arg(0))).is_some() {
                    // A declarative binding: not deletable.
                    return Ok(Value::FALSE);
                }
                let g = self.realm.global.as_object();
                let k = self.to_property_key(arg(0))?;
                Ok(Value::bool(self.delete(g, k)?))
            }
            RuntimeId::ThrowTypeError => {
                let m = self.to_display_string(arg(0));
                self.throw(ErrorKind::TypeError, &m)
            }
            RuntimeId::ThrowReferenceError => {
                let m = self.to_display_string(arg(0));
                self.throw(ErrorKind::ReferenceError, &m)
            }
            RuntimeId::ThrowSyntaxError => {
                let m = self.to_display_string(arg(0));
                self.throw(ErrorKind::SyntaxError, &m)
            }
            RuntimeId::SetFunctionName => {
                let (f, name) = (arg(0), arg(1));
                self.set_function_name(f, name, "")?;
                Ok(f)
            }
            RuntimeId::ThrowIfNotObject => {
                if !arg(0).is_object() {
                    let s = self.describe_for_error(arg(0));
                    return self.throw_type(&format!("{s} is not an object"));
                }
                Ok(arg(0))
            }
            RuntimeId::SetPrototypeFromLiteral => {
                let (o, p) = (arg(0), arg(1));
                if p.is_object() || p.is_null() {
                    self.ordinary_set_prototype_of(o.as_object(), p);
                }
                let _ = strict;
                Ok(o)
            }
            RuntimeId::CreateGeneratorObject => self.create_generator_object(arg(0)),
            RuntimeId::CreateIterResultObject => crate::builtins::util::iter_result(self, arg(0), to_boolean(arg(1))),
            RuntimeId::GeneratorResumeMode => Ok(Value::int(generator::resume_mode(arg(0)) as i32)),
            RuntimeId::GeneratorResumeAbrupt => Ok(Value::bool(generator::resume_abrupt(arg(0))?)),
            RuntimeId::YieldStarStep => generator::yield_star_step(self, arg(0), arg(1), arg(2), arg(3)),
            RuntimeId::AsyncFunctionAwait => generator::async_function_await(self, arg(0), arg(1)),
            RuntimeId::AsyncFunctionResolve => Ok(generator::async_function_resolve(self, arg(0), arg(1))),
            RuntimeId::AsyncFunctionReject => Ok(generator::async_function_reject(self, arg(0), arg(1))),
            RuntimeId::AsyncGeneratorYield => {
                async_generator::yield_value(self, arg(0), arg(1));
                Ok(Value::UNDEFINED)
            }
            RuntimeId::AsyncGeneratorResolve => {
                async_generator::resolve(self, arg(0), arg(1));
                Ok(Value::UNDEFINED)
            }
            RuntimeId::AsyncGeneratorReject => {
                async_generator::reject(self, arg(0), arg(1));
                Ok(Value::UNDEFINED)
            }
            RuntimeId::GetAsyncIterator => async_generator::get_async_iterator(self, arg(0)),
            RuntimeId::GetIteratorReturn => async_generator::iterator_return_method(self, arg(0)),
            RuntimeId::AsyncYieldStarStep => async_generator::yield_star_step(self, arg(0), arg(1), arg(2), arg(3)),
            RuntimeId::DynamicImport => Ok(crate::modules::dynamic_import(self, arg(0), arg(1), arg(2))),
        }
    }

    /// CopyDataProperties(target, source) with no excluded keys.
    pub fn copy_data_properties(&mut self, target: Value, source: Value) -> JsResult<()> {
        if source.is_nullish() {
            return Ok(());
        }
        let from = self.to_object(source)?;
        let to = target.as_object();
        for k in self.own_keys(from)? {
            let pk = self.to_property_key(k)?;
            if let Some(p) = self.get_own_property(from, pk)?
                && p.attrs.enumerable()
            {
                let v = self.get(from, pk, Value::object(from))?;
                self.create_data_property_or_throw(to, pk, v)?;
            }
        }
        Ok(())
    }

    /// SetFunctionName unless the function already has an own `name` that is not the empty default.
    pub fn set_function_name(&mut self, f: Value, name: Value, prefix: &str) -> JsResult<()> {
        if !f.is_object() {
            return Ok(());
        }
        let o = f.as_object();
        let name_key = PropKey::Key(key(self.atoms.name));
        if let Some(p) = self.get_own_property(o, name_key)?
            && (!(p.value.is_string() && p.value.as_string().is_empty()) || p.attrs.is_accessor() || p.attrs.writable())
        {
            return Ok(());
        }
        let mut text = if name.is_symbol() {
            let d = name.as_symbol().description;
            if d.is_undefined() { String::new() } else { format!("[{}]", self.to_display_string(d)) }
        } else {
            self.to_rust_string(name)?
        };
        if !prefix.is_empty() {
            text = format!("{prefix} {text}");
        }
        let v = self.new_string(&text);
        self.define_own_property(o, name_key, PropertyDescriptor::data(v, Attrs(Attrs::CONFIGURABLE)))?;
        Ok(())
    }

    fn rt_create_class(&mut self, ctor: Value, parent: Value) -> JsResult<Value> {
        let (proto_parent, ctor_parent) = if parent.is_hole() {
            (self.realm.object_prototype, self.realm.function_prototype)
        } else if parent.is_null() {
            (Value::NULL, self.realm.function_prototype)
        } else {
            if !self.is_constructor(parent) {
                return self.throw_type("Class extends value is not a constructor or null");
            }
            let pp = self.get_v(parent, PropKey::Key(key(self.atoms.prototype)))?;
            if !pp.is_object() && !pp.is_null() {
                return self.throw_type("Class extends value does not have valid prototype property");
            }
            (pp, parent)
        };
        let proto = self.new_object_with_proto(proto_parent);
        self.mark_prototype(proto);
        let c = ctor.as_object();
        self.ordinary_set_prototype_of(c, ctor_parent);
        self.define_own_property(
            c,
            PropKey::Key(key(self.atoms.prototype)),
            PropertyDescriptor::data(Value::object(proto), Attrs::NONE),
        )?;
        let ck = PropKey::Key(key(self.atoms.constructor));
        self.define_own_property(proto, ck, PropertyDescriptor::data(ctor, Attrs::HIDDEN))?;
        self.set_home_object(c, Value::object(proto));
        Ok(Value::object(proto))
    }

    fn set_home_object(&mut self, f: Gc<JsObject>, home: Value) {
        // SAFETY: live function object, single-threaded.
        if let ObjectKind::Closure(c) = &mut unsafe { f.get_mut() }.kind {
            c.home_object = home;
        }
    }

    /// DefineMethod / DefineGetter / DefineSetter (`which` 0, 1, 2).
    fn rt_define_method(&mut self, obj: Value, k: Value, f: Value, enumerable: bool, which: u8) -> JsResult<Value> {
        let o = obj.as_object();
        let pk = self.to_property_key(k)?;
        let kv = self.key_to_value(pk);
        if f.is_object() {
            let fo = f.as_object();
            self.set_home_object(fo, obj);
            let prefix = ["", "get", "set"][which as usize];
            self.set_function_name(f, kv, prefix)?;
            if which == 0 && fo.flags & FLAG_CONSTRUCTOR != 0 {
                // Methods are not constructors even though they are compiled like functions.
                // SAFETY: live function object, single-threaded.
                unsafe { fo.get_mut().flags &= !FLAG_CONSTRUCTOR };
            }
        }
        let desc = match which {
            0 => PropertyDescriptor {
                value: Some(f),
                writable: Some(true),
                enumerable: Some(enumerable),
                configurable: Some(true),
                ..Default::default()
            },
            1 => PropertyDescriptor {
                get: Some(f),
                enumerable: Some(enumerable),
                configurable: Some(true),
                ..Default::default()
            },
            _ => PropertyDescriptor {
                set: Some(f),
                enumerable: Some(enumerable),
                configurable: Some(true),
                ..Default::default()
            },
        };
        if !self.define_own_property(o, pk, desc)? {
            let n = self.to_display_string(kv);
            return self.throw_type(&format!("Cannot redefine property: {n}"));
        }
        Ok(Value::UNDEFINED)
    }
}
