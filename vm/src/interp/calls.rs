//! Calls and constructs: from the interpreter loop (frames pushed in place, no native recursion for JS-to-JS calls)
//! and from native code (`Vm::call`, `Vm::construct`, which run a nested interpreter loop).

use super::frames::FrameSetup;
use crate::bytecode::FunctionKind;
use crate::frame::{self, FLAG_CONSTRUCT, FLAG_ENTRY};
use crate::object::{JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;

/// What the interpreter does after a call bytecode.
pub(crate) enum CallAction {
    /// The callee finished (a native function): its result.
    Done(Value),
    /// A JS frame was pushed at this fp: continue the loop there.
    Push(usize),
}

impl Vm {
    fn not_callable<T>(&mut self, f: Value) -> JsResult<T> {
        let s = self.describe_for_error(f);
        self.throw(ErrorKind::TypeError, &format!("{s} is not a function"))
    }

    fn not_constructor<T>(&mut self, f: Value) -> JsResult<T> {
        let s = self.describe_for_error(f);
        self.throw(ErrorKind::TypeError, &format!("{s} is not a constructor"))
    }

    /// A short description of a value for error messages.
    pub fn describe_for_error(&mut self, v: Value) -> String {
        if v.is_string() {
            return format!("\"{}\"", v.as_string().to_rust_string());
        }
        if v.is_object() {
            let o = v.as_object();
            if let ObjectKind::Closure(c) = &o.kind {
                let name = c.template.name;
                if name.is_string() && !name.as_string().is_empty() {
                    return name.as_string().to_rust_string();
                }
            }
            if o.is_callable() {
                return "function".into();
            }
            return "object".into();
        }
        self.to_display_string(v)
    }

    /// Starts a call of `callee` with `argc` arguments read by `arg(i)`. JS functions get a frame above
    /// `stack_top` (linked to `caller_fp`/`return_pc`); native functions run right away.
    #[inline(always)]
    pub(crate) fn start_call(
        &mut self,
        callee: Value,
        this: Value,
        argc: usize,
        arg: impl Fn(&Vm, usize) -> Value,
        caller_fp: i32,
        return_pc: i32,
    ) -> JsResult<CallAction> {
        if !callee.is_object() {
            return self.not_callable(callee);
        }
        let o = callee.as_object();
        match &o.kind {
            ObjectKind::Closure(c) => {
                let t = c.template;
                if o.flags & crate::object::FLAG_CLASS_CONSTRUCTOR != 0 {
                    return self.throw_type("Class constructor cannot be invoked without 'new'");
                }
                let this = if t.kind == FunctionKind::Arrow { Value::UNDEFINED } else { self.coerce_this(&t, this)? };
                let setup = FrameSetup {
                    closure: o,
                    template: t,
                    context: c.context,
                    this,
                    new_target: Value::UNDEFINED,
                    caller_fp,
                    return_pc,
                    flags: if caller_fp < 0 { FLAG_ENTRY } else { 0 },
                };
                let stack: *const Vm = self;
                // SAFETY: `arg` only reads register-file slots below `stack_top`, which push_frame does not write.
                let fp = self.push_frame(&setup, argc, |i| arg(unsafe { &*stack }, i))?;
                Ok(CallAction::Push(fp))
            }
            ObjectKind::Native(n) => Ok(CallAction::Done(self.call_native(
                n.f,
                this,
                argc,
                arg,
                Value::UNDEFINED,
                (caller_fp, return_pc),
            )?)),
            ObjectKind::Bound(b) => {
                let (target, bthis) = (b.target, b.this);
                let mut all = b.args.clone();
                all.extend((0..argc).map(|i| arg(self, i)));
                Ok(CallAction::Done(self.call(target, bthis, &all)?))
            }
            ObjectKind::Proxy { .. } if o.is_callable() => {
                let args: Vec<Value> = (0..argc).map(|i| arg(self, i)).collect();
                Ok(CallAction::Done(self.proxy_call(o, this, &args)?))
            }
            _ => self.not_callable(callee),
        }
    }

    /// Calls a builtin with the `argc` arguments at `args`. The interpreter passes the caller's registers in place
    /// (no copy): sound because a native call only ever pushes frames above `stack_top`, so nothing writes the
    /// caller's registers while the builtin runs. `caller` is the JS frame making the call (fp < 0: native code,
    /// which keeps the JS frame below both).
    ///
    /// # Safety
    /// `args..args + argc` are values nothing writes while the builtin runs: registers below `stack_top`, or a
    /// list on the native stack.
    #[inline(always)]
    pub(crate) unsafe fn call_native_in_place(
        &mut self,
        f: crate::vm::NativeFn,
        this: Value,
        args: *const Value,
        argc: usize,
        new_target: Value,
        caller: (i32, i32),
    ) -> JsResult<Value> {
        if !self.native_stack_ok() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        // SAFETY: per the contract, and see above.
        let args = unsafe { std::slice::from_raw_parts(args, argc) };
        let outer = self.native_caller;
        if caller.0 >= 0 {
            self.native_caller = caller;
        }
        let r = f(self, this, args, new_target);
        self.native_caller = outer;
        r
    }

    /// Runs a builtin with its arguments gathered on the native stack (new_target undefined for [[Call]]). Kept out
    /// of line: the builtin gets the address of the argument list, and an interpreter handler with that list in its
    /// frame could not go on to the next handler by a tail call, so every native call would grow the native stack
    /// (and mispredict the returns when it unwinds).
    #[inline(never)]
    fn call_native(
        &mut self,
        f: crate::vm::NativeFn,
        this: Value,
        argc: usize,
        arg: impl Fn(&Vm, usize) -> Value,
        new_target: Value,
        caller: (i32, i32),
    ) -> JsResult<Value> {
        // Filled in place rather than collected: a returned list is moved, and reloading its separately stored
        // words as wider moves stalls on store forwarding at every native call.
        let mut args = smallvec_args::Args::new();
        for i in 0..argc {
            args.push(arg(self, i));
        }
        // SAFETY: the list lives on this native frame until the builtin returns.
        unsafe { self.call_native_in_place(f, this, args.as_ptr(), args.len(), new_target, caller) }
    }

    /// [[Call]] from native code.
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        if !self.native_stack_ok() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        // SAFETY: `args` is a slice the caller holds; a frame is pushed only above `stack_top`.
        if let Some((fp, _)) = unsafe { self.push_interp_call(f, this, args.as_ptr(), args.len(), -1, 0) } {
            // SAFETY: fp was just pushed inside the register file.
            let fp = unsafe { fp.offset_from(self.stack.as_ptr()) } as usize;
            return self.run_frames(fp);
        }
        match self.start_call(f, this, args.len(), |_, i| args[i], -1, 0)? {
            CallAction::Done(v) => Ok(v),
            CallAction::Push(fp) => self.run_pushed(fp),
        }
    }

    /// OrdinaryCreateFromConstructor: a new object whose prototype is `new_target.prototype` (or the fallback).
    pub fn create_from_constructor(&mut self, new_target: Value, fallback: Value) -> JsResult<Gc<JsObject>> {
        let proto = self.get_prototype_from_constructor(new_target, fallback)?;
        let ObjectKind::Closure(c) = &new_target.as_object().kind else {
            return Ok(self.new_object_kind(proto, ObjectKind::Ordinary, 4));
        };
        let t = c.template;
        if t.initial_object.get().is_none() {
            // The estimate counts the constructor's `this.x = ...` assignments: a deferred constructor is compiled
            // first (it runs next anyway; if its compile fails or the stack is short, the call that follows throws).
            if t.is_deferred() && (!self.stack_for_lazy_compile() || self.try_compile_deferred(t).is_err()) {
                return Ok(self.new_object_kind(proto, ObjectKind::Ordinary, 4));
            }
            // The first instance: as many slots as the bodies of the class chain assign to `this` (a derived
            // class's instance gets its base classes' properties too), so that instances share one shape from
            // the start instead of the first ones having a smaller one.
            let estimate = self.class_chain_this_properties(new_target);
            if estimate > t.expected_properties.get() {
                t.expected_properties.set(estimate);
            }
        }
        let cap = t.expected_properties.get().max(4) as u32;
        if let Some(b) = t.initial_object.get()
            && b.shape.proto().0 == proto.0
            && b.shape.inline_capacity() == cap
        {
            return Ok(self.alloc_object(b.shape, ObjectKind::Ordinary, 0));
        }
        let o = self.new_object_kind(proto, ObjectKind::Ordinary, cap);
        let initial = self.alloc_object(o.shape, ObjectKind::Ordinary, 0);
        t.initial_object.set(Some(initial));
        Ok(o)
    }

    /// The sum of `this_properties` over the constructor `f` and the constructors it extends (its [[Prototype]]
    /// chain of closures), at most 32 (the learnt capacity's bound).
    fn class_chain_this_properties(&self, f: Value) -> u8 {
        let mut sum = 0u32;
        let mut f = f.try_object();
        while let Some(o) = f {
            let Some(c) = o.closure() else { break };
            sum += c.template.this_properties as u32;
            if sum >= 32 || c.template.kind != FunctionKind::DerivedConstructor {
                break;
            }
            f = o.proto().try_object();
        }
        sum.min(32) as u8
    }

    pub fn get_prototype_from_constructor(&mut self, new_target: Value, fallback: Value) -> JsResult<Value> {
        let key = crate::atoms::key(self.atoms.prototype);
        // Every `new` asks: read an own data property straight from the shape (functions always have one; the
        // generic [[Get]] is for proxies, accessors and dictionary-mode functions).
        if let Some(o) = new_target.try_object()
            && !o.is_dictionary()
            && o.kind.has_ordinary_named_properties()
        {
            // A closure remembers the slot for its last shape (a shape fixes where, and that it is data).
            let template = o.closure().map(|c| c.template);
            if let Some(t) = template
                && let Some((shape, slot)) = t.prototype_slot.get()
                && shape == o.shape
                && o.get_slot(slot).is_object()
            {
                return Ok(o.get_slot(slot));
            }
            if let Some(p) = o.shape.lookup(key)
                && !p.attrs.is_accessor()
                && o.get_slot(p.slot).is_object()
            {
                if let Some(t) = template {
                    t.prototype_slot.set(Some((o.shape, p.slot)));
                }
                return Ok(o.get_slot(p.slot));
            }
        }
        let k = crate::runtime::property::PropKey::Key(key);
        let p = self.get_v(new_target, k)?;
        if p.is_object() {
            return Ok(p);
        }
        self.check_function_realm(new_target)?;
        Ok(fallback)
    }

    /// GetFunctionRealm, whose fallback prototype comes from the one realm tetra has: what remains observable is
    /// the TypeError for a revoked proxy, through bound functions and proxies.
    fn check_function_realm(&mut self, f: Value) -> JsResult<()> {
        let mut cur = f;
        while let Some(o) = cur.try_object() {
            match &o.kind {
                ObjectKind::Bound(b) => cur = b.target,
                ObjectKind::Proxy { handler, .. } if handler.is_null() => {
                    return self.throw_type("Cannot get the realm of a proxy that has been revoked");
                }
                ObjectKind::Proxy { target, .. } => cur = *target,
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// Starts a [[Construct]]. JS constructors get a frame (flagged so `Return` substitutes `this`). Inlined like
    /// `start_call`: returned through memory, its result would keep the construct handler from tail-calling on.
    #[inline(always)]
    pub(crate) fn start_construct(
        &mut self,
        callee: Value,
        new_target: Value,
        argc: usize,
        arg: impl Fn(&Vm, usize) -> Value,
        caller_fp: i32,
        return_pc: i32,
    ) -> JsResult<CallAction> {
        if !self.is_constructor(callee) {
            return self.not_constructor(callee);
        }
        let o = callee.as_object();
        match &o.kind {
            ObjectKind::Closure(c) => {
                let t = c.template;
                let context = c.context;
                let this = if t.kind == FunctionKind::DerivedConstructor {
                    Value::HOLE
                } else {
                    let fallback = self.realm.object_prototype;
                    Value::object(self.create_from_constructor(new_target, fallback)?)
                };
                let setup = FrameSetup {
                    closure: o,
                    template: t,
                    context,
                    this,
                    new_target,
                    caller_fp,
                    return_pc,
                    flags: FLAG_CONSTRUCT | if caller_fp < 0 { FLAG_ENTRY } else { 0 },
                };
                let stack: *const Vm = self;
                // SAFETY: as in `start_call`.
                let fp = self.push_frame(&setup, argc, |i| arg(unsafe { &*stack }, i))?;
                Ok(CallAction::Push(fp))
            }
            ObjectKind::Native(n) => Ok(CallAction::Done(self.call_native(
                n.f,
                Value::UNDEFINED,
                argc,
                arg,
                new_target,
                (caller_fp, return_pc),
            )?)),
            ObjectKind::Bound(b) => {
                let target = b.target;
                let mut all = b.args.clone();
                all.extend((0..argc).map(|i| arg(self, i)));
                let nt = if new_target == callee { target } else { new_target };
                Ok(CallAction::Done(self.construct(target, &all, nt)?))
            }
            ObjectKind::Proxy { .. } => {
                let args: Vec<Value> = (0..argc).map(|i| arg(self, i)).collect();
                Ok(CallAction::Done(self.proxy_construct(o, &args, new_target)?))
            }
            _ => self.not_constructor(callee),
        }
    }

    /// [[Construct]] from native code.
    pub fn construct(&mut self, f: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
        if !self.native_stack_ok() {
            return self.throw_range("Maximum call stack size exceeded");
        }
        match self.start_construct(f, new_target, args.len(), |_, i| args[i], -1, 0)? {
            CallAction::Done(v) => Ok(v),
            CallAction::Push(fp) => self.run_pushed(fp),
        }
    }

    /// The value a constructor frame returns: an object result wins; otherwise `this` (checked in derived classes).
    #[inline]
    pub(crate) fn construct_result(&mut self, fp: usize, acc: Value) -> JsResult<Value> {
        if acc.is_object() {
            return Ok(acc);
        }
        let closure = self.stack[fp + frame::CLOSURE as usize].as_object();
        let t = closure.closure().expect("closure frame").template;
        if t.kind == FunctionKind::DerivedConstructor && !acc.is_undefined() {
            return self.throw_type("Derived constructors may only return object or undefined");
        }
        let this = self.stack[fp + frame::THIS as usize];
        if this.is_hole() {
            return self.throw(
                ErrorKind::ReferenceError,
                "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
            );
        }
        if this.is_object() {
            // Learn how many properties instances get, so later ones are allocated with enough in-object slots.
            let n = this.as_object().shape.count().min(32) as u8;
            if n > t.expected_properties.get() {
                t.expected_properties.set(n);
            }
        }
        Ok(this)
    }
}

/// Argument lists for native calls: inline up to 8 values, so that they stay on the (conservatively scanned) stack.
pub mod smallvec_args {
    use crate::value::Value;

    pub struct Args {
        inline: [Value; 8],
        len: usize,
        heap: Vec<Value>,
    }

    impl Args {
        #[inline(always)]
        pub fn new() -> Args {
            Args { inline: [Value::UNDEFINED; 8], len: 0, heap: Vec::new() }
        }

        #[inline(always)]
        pub fn push(&mut self, v: Value) {
            if self.len < 8 {
                self.inline[self.len] = v;
            } else {
                if self.heap.is_empty() {
                    self.heap.extend_from_slice(&self.inline);
                }
                self.heap.push(v);
            }
            self.len += 1;
        }
    }

    impl FromIterator<Value> for Args {
        fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Args {
            let mut a = Args::new();
            for v in iter {
                a.push(v);
            }
            a
        }
    }

    impl std::ops::Deref for Args {
        type Target = [Value];
        fn deref(&self) -> &[Value] {
            if self.len <= 8 { &self.inline[..self.len] } else { &self.heap }
        }
    }
}
