//! Runtime functions reachable from bytecode through `CallRuntime(id, args, count)`.
//!
//! These are the operations too rare or too large to deserve a bytecode of their own. Each entry gives its arity;
//! the interpreter and every compiled tier call the same implementation (`runtime/calls.rs`).

macro_rules! runtime_ids {
    ($( $(#[doc = $doc:literal])* $name:ident = $arity:literal ;)*) => {
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u16)]
        pub enum RuntimeId { $( $(#[doc = $doc])* $name ),* }
        impl RuntimeId {
            pub const ALL: &'static [RuntimeId] = &[ $(RuntimeId::$name),* ];
            pub fn from_u16(v: u16) -> Option<RuntimeId> { RuntimeId::ALL.get(v as usize).copied() }
            pub fn name(self) -> &'static str { match self { $(RuntimeId::$name => stringify!($name)),* } }
            pub fn arity(self) -> u16 { match self { $(RuntimeId::$name => $arity),* } }
        }
    };
}

runtime_ids! {
    /// (description string `#x`) -> a fresh private name (`runtime/private.rs`), made when its class is evaluated.
    NewPrivateName = 1;
    /// (home object, private name, function, kind: 0 method, 1 getter, 2 setter) -> the function, made a private
    /// method: its home object set (for `super.x`), its `name` `#x` / `get #x` / `set #x`, not a constructor.
    /// A static block's function comes with undefined for the name (it is never seen).
    MakePrivateMethod = 4;
    /// (object, private name, method) -> undefined. PrivateMethodOrAccessorAdd of a method.
    PrivateMethodAdd = 3;
    /// (object, private name, getter or undefined, setter or undefined) -> undefined. PrivateMethodOrAccessorAdd
    /// of an accessor.
    PrivateAccessorAdd = 4;
    /// (with object, name) -> the value of the name in the object, or the hole when the object's environment
    /// has no such binding (HasBinding: HasProperty, then @@unscopables; then GetBindingValue).
    WithLoad = 2;
    /// (with object, name, value) -> true when the object's environment has the binding and took the value
    /// (SetMutableBinding, sloppy), false when it has no such binding.
    WithStore = 3;
    /// (with object, name) -> `delete name` through the object (a boolean), or the hole when its environment has
    /// no such binding.
    WithDelete = 2;
    /// (constructor, superclass-or-hole) -> prototype object. Wires `constructor.prototype`,
    /// `prototype.constructor`, the [[Prototype]] of both (for `extends`, after checking the superclass is a
    /// constructor or null) and the constructor's home object.
    CreateClass = 2;
    /// (object, key, function, enumerable: bool) -> undefined. Defines a method (writable, configurable) and sets the
    /// function's home object to `object` (for `super.x`). Also sets the function's `name` from the key.
    DefineMethod = 4;
    /// (object, key, function, enumerable: bool) -> undefined. Defines/extends an accessor property's getter.
    DefineGetter = 4;
    /// (object, key, function, enumerable: bool) -> undefined. Defines/extends an accessor property's setter.
    DefineSetter = 4;
    /// (target, source) -> target. CopyDataProperties (object spread `{...s}`).
    CopyDataProperties = 2;
    /// (array, iterable) -> array. Appends every value of the iterable (array spread `[...x]`, spread arguments).
    AppendSpread = 2;
    /// (callee, receiver, eval scope index, arguments...) -> the result of `eval(...)` at a direct eval site: the
    /// callee called as usual unless it is %eval%, else the first argument run as eval code in the caller's scope
    /// (`runtime/direct_eval.rs`). Any number of arguments; reads the frame's context, closure and `this`.
    DirectEval = 3;
    /// (callee, receiver, eval scope index, array of the arguments) -> `DirectEval` of a call with spread arguments.
    DirectEvalWithSpread = 4;
    /// (name, closure or hole) -> undefined. Declares a global function (the closure) or var (the hole) of sloppy
    /// eval code: as `DeclareGlobal`, but configurable.
    DeclareEvalGlobal = 2;
    /// (script context, n, n times (name, slot * 2 + const), var names...) -> undefined. A script's
    /// GlobalDeclarationInstantiation checks (no lexical name declared before, by a script or as a var, or a
    /// non-configurable global property; no var name declared lexically), then its lexical bindings (slots of its
    /// context) join the realm's table of script lexicals, which global lookups consult before the global object.
    /// Any number of arguments.
    DeclareScriptLexicals = 2;
    /// (name) -> boolean. `delete x` of an unqualified name in sloppy code (global property).
    DeleteGlobal = 1;
    /// (message string) -> never. Throws a TypeError with the message.
    ThrowTypeError = 1;
    /// (message string) -> never. Throws a SyntaxError (late early-errors, e.g. in dead code is not needed).
    ThrowSyntaxError = 1;
    /// (function, name) -> function. Sets `name` of an anonymous function/class (`let f = function(){}`), unless it
    /// has an own `name` already (static `name` member).
    SetFunctionName = 2;
    /// (value) -> value. Throws TypeError "... is not iterable" etc. when value is not an object (iterator results).
    ThrowIfNotObject = 1;
    /// (object, value) -> object. Object literal `__proto__: value`: sets [[Prototype]] if value is object or null.
    SetPrototypeFromLiteral = 2;
    /// (closure) -> generator object for the running generator or async function (see `generator.rs`).
    CreateGeneratorObject = 1;
    /// (value, done) -> a fresh `{ value, done }` iterator result.
    CreateIterResultObject = 2;
    /// (generator) -> how it was last resumed: 0 next, 1 return, 2 throw (yield*).
    GeneratorResumeMode = 1;
    /// (generator) -> false when resumed by next(), true by return(); resumed by throw() it throws the sent value.
    GeneratorResumeAbrupt = 1;
    /// (iterator, next method, mode, received) -> the inner iterator result of one yield* step: calls `next`,
    /// `return` or `throw` of the iterator for mode 0, 1 or 2 (a missing `throw` closes the iterator and throws a
    /// TypeError; a missing `return` gives `{ value: received, done: true }`).
    YieldStarStep = 4;
    /// (generator, value) -> the async function's promise, after arranging for the function to resume when the
    /// promise for `value` settles (Await).
    AsyncFunctionAwait = 2;
    /// (generator, value) -> the async function's promise, resolved with `value`.
    AsyncFunctionResolve = 2;
    /// (generator, exception) -> the async function's promise, rejected with `exception`.
    AsyncFunctionReject = 2;
    /// (async generator, awaited value) -> undefined. `yield`: answers the head request with `{ value, done: false }`.
    AsyncGeneratorYield = 2;
    /// (async generator, value) -> undefined. The body returned: answers the head request with `done: true`.
    AsyncGeneratorResolve = 2;
    /// (async generator, exception) -> undefined. An exception escaped the body: rejects the head request.
    AsyncGeneratorReject = 2;
    /// (value) -> its async iterator (`for await`): @@asyncIterator, or the sync iterator wrapped.
    GetAsyncIterator = 1;
    /// (iterator) -> its `return` method, or undefined (closing a `for await` loop).
    GetIteratorReturn = 1;
    /// (iterator, next method, mode, received) -> one step of `yield*` in an async generator: the (not yet awaited)
    /// result of the inner `next`, `throw` or `return`; the hole when the method is missing (for throw() the code
    /// closes the iterator and throws, for return() it returns the value).
    AsyncYieldStarStep = 4;
    /// (specifier, options, referrer path) -> a promise of the module's namespace object: `import()` loads,
    /// links and evaluates the module resolved against the referrer (`modules/dynamic_import.rs`).
    DynamicImport = 3;
    /// (message string) -> never. Throws a ReferenceError with the message (`delete super.x`).
    ThrowReferenceError = 1;
}
