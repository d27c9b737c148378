//! Pre-interned property keys and well-known symbols the runtime uses by name.

use crate::symbol::Symbol;
use crate::value::Value;
use crate::vm::Vm;
use tetra_gc::Tracer;
use tetra_shapes::Key;

macro_rules! atoms {
    (strings { $($field:ident = $text:literal,)* } symbols { $($sym:ident = $desc:literal,)* }) => {
        /// Interned keys (as NaN-boxed values) and well-known symbols.
        pub struct Atoms { $(pub $field: Value,)* $(pub $sym: Value,)* }

        impl Atoms {
            pub fn empty() -> Atoms {
                Atoms { $($field: Value::UNDEFINED,)* $($sym: Value::UNDEFINED,)* }
            }
            pub fn new(vm: &mut Vm) -> Atoms {
                let mut a = Atoms::empty();
                $( a.$field = Value::string(vm.intern($text)); )*
                $(
                    let d = Value::string(vm.intern($desc));
                    a.$sym = Value::symbol(vm.heap.alloc(Symbol { description: d, private: false }));
                )*
                a
            }
            pub fn trace(&self, t: &mut Tracer) {
                $( self.$field.trace(t); )*
                $( self.$sym.trace(t); )*
            }
            /// Well-known symbols with their `Symbol.xxx` property names.
            pub fn well_known(&self) -> Vec<(&'static str, Value)> {
                vec![ $( (&$desc[7..], self.$sym) ),* ]
            }
        }
    };
}

atoms! {
    strings {
        length = "length",
        prototype = "prototype",
        constructor = "constructor",
        name = "name",
        message = "message",
        to_string = "toString",
        value_of = "valueOf",
        callee = "callee",
        get = "get",
        set = "set",
        value = "value",
        writable = "writable",
        enumerable = "enumerable",
        configurable = "configurable",
        next = "next",
        done = "done",
        return_ = "return",
        to_json = "toJSON",
        empty = "",
        undefined = "undefined",
        null = "null",
        true_ = "true",
        false_ = "false",
        object = "object",
        function = "function",
        number = "number",
        string = "string",
        boolean = "boolean",
        symbol = "symbol",
        bigint = "bigint",
        nan = "NaN",
        stack = "stack",
        cause = "cause",
        errors = "errors",
        index = "index",
        input = "input",
        last_index = "lastIndex",
        default_ = "default",
        join = "join",
        anonymous = "anonymous",
        proto = "__proto__",
        get_prototype_of = "getPrototypeOf",
        set_prototype_of = "setPrototypeOf",
        is_extensible = "isExtensible",
        prevent_extensions = "preventExtensions",
        get_own_property_descriptor = "getOwnPropertyDescriptor",
        define_property = "defineProperty",
        has = "has",
        delete_property = "deleteProperty",
        own_keys = "ownKeys",
        apply = "apply",
        construct = "construct",
        proxy = "proxy",
        revoke = "revoke",
    }
    symbols {
        sym_iterator = "Symbol.iterator",
        sym_async_iterator = "Symbol.asyncIterator",
        sym_has_instance = "Symbol.hasInstance",
        sym_to_primitive = "Symbol.toPrimitive",
        sym_to_string_tag = "Symbol.toStringTag",
        sym_species = "Symbol.species",
        sym_is_concat_spreadable = "Symbol.isConcatSpreadable",
        sym_unscopables = "Symbol.unscopables",
        sym_match = "Symbol.match",
        sym_match_all = "Symbol.matchAll",
        sym_replace = "Symbol.replace",
        sym_search = "Symbol.search",
        sym_split = "Symbol.split",
    }
}

/// A value that is an interned string or a symbol, as a shape key.
#[inline(always)]
pub fn key(v: Value) -> Key {
    debug_assert!(v.is_symbol() || (v.is_string() && v.as_string().is_interned()));
    Key(v.0)
}
