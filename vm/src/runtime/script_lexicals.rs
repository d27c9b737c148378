//! The global lexical environment: the `let`, `const` and `class` declarations at the top level of every script
//! run in the realm, shared by all later scripts, eval code and the shell (ES2025 §9.1.1.4, the declarative part
//! of the global Environment Record).
//!
//! Invariants:
//! - A script's lexical bindings are slots of its own context (the compiler makes them captured), so its own code
//!   reaches them as context slots; the realm's table maps each name to that context and slot, and global lookups
//!   by name (`LdaGlobal`, `StaGlobal`, `typeof`, `delete`) consult the table before the global object.
//! - Names in the table are never cached by the global inline caches or folded by `mid`: a lookup that finds one
//!   goes to the runtime every time. A later script's lexical that shadows a global property (a configurable own
//!   one, or one on the global object's prototype chain) makes every cache of the global object's properties miss
//!   (the global object goes to dictionary mode, or the prototype epoch moves) and invalidates code that folded it.
//! - The checks of GlobalDeclarationInstantiation all run before anything is declared: a conflict is a SyntaxError
//!   and the script runs no further.

use crate::atoms::key;
use crate::function::{ContextSlots, as_context};
use crate::realm::ErrorKind;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Key;

/// One script-level lexical binding: its name, and the context slot that holds it (the hole until initialised).
#[derive(Clone, Copy)]
pub struct ScriptLexical {
    name: Value,
    context: Value,
    slot: u32,
    constant: bool,
}

/// The realm's table of script lexicals, and the names scripts and eval code declared with `var` (its
/// [[VarNames]]: a later lexical of the same name is an error even where the global property is configurable).
#[derive(Default)]
pub struct ScriptLexicals {
    bindings: ahash::AHashMap<Key, ScriptLexical>,
    var_names: ahash::AHashMap<Key, Value>,
}

impl ScriptLexicals {
    pub(crate) fn trace(&self, t: &mut tetra_gc::Tracer) {
        for b in self.bindings.values() {
            b.name.trace(t);
            b.context.trace(t);
        }
        self.var_names.values().for_each(|v| v.trace(t));
    }

    pub(crate) fn get(&self, k: Key) -> Option<ScriptLexical> {
        self.bindings.get(&k).copied()
    }

    /// Records a name declared by `var` (or a function declaration) at the top level of a script or eval code.
    pub(crate) fn note_var(&mut self, name: Value) {
        if name.is_string() && name.as_string().is_interned() {
            self.var_names.insert(key(name), name);
        }
    }
}

impl Vm {
    /// `DeclareScriptLexicals`: see `RuntimeId::DeclareScriptLexicals` for the arguments.
    pub(crate) fn declare_script_lexicals(&mut self, args: &[Value]) -> JsResult<Value> {
        let context = args[0];
        let n = args[1].as_int() as usize;
        let (lexicals, vars) = args[2..].split_at(2 * n);
        let g = self.realm.global.as_object();
        for pair in lexicals.chunks(2) {
            let k = key(pair[0]);
            let restricted =
                self.ordinary_get_own_property(g, PropKey::Key(k)).is_some_and(|p| !p.attrs.configurable());
            if self.script_lexicals.bindings.contains_key(&k)
                || self.script_lexicals.var_names.contains_key(&k)
                || restricted
            {
                return self.already_declared(pair[0]);
            }
        }
        for &v in vars {
            if self.script_lexicals.bindings.contains_key(&key(v)) {
                return self.already_declared(v);
            }
        }
        for pair in lexicals.chunks(2) {
            let (name, code) = (pair[0], pair[1].as_int() as u32);
            self.shadow_global(name);
            let binding = ScriptLexical { name, context, slot: code / 2, constant: code % 2 == 1 };
            self.script_lexicals.bindings.insert(key(name), binding);
        }
        Ok(Value::UNDEFINED)
    }

    fn already_declared<T>(&mut self, name: Value) -> JsResult<T> {
        let n = self.to_display_string(name);
        self.throw(ErrorKind::SyntaxError, &format!("Identifier '{n}' has already been declared"))
    }

    /// A new script lexical `name` hides what global lookups of it found so far: caches of it must miss.
    fn shadow_global(&mut self, name: Value) {
        let g = self.realm.global.as_object();
        let k = key(name);
        if let Some(p) = self.ordinary_get_own_property(g, PropKey::Key(k)) {
            if !g.is_dictionary() {
                self.normalize(g);
            }
            self.global_property_written(g, k, p.value, Value::HOLE);
        } else if self.has_property(g, PropKey::Key(k)).unwrap_or(false) {
            self.bump_proto_epoch();
        }
    }

    /// The value of the script lexical `k`, if there is one (a ReferenceError before its initialisation).
    pub(crate) fn load_script_lexical(&mut self, k: Key) -> Option<JsResult<Value>> {
        let b = self.script_lexicals.get(k)?;
        let v = as_context(b.context).slot(b.slot as usize);
        Some(if v.is_hole() { self.uninitialized(b.name) } else { Ok(v) })
    }

    /// Assigns the script lexical `k`, if there is one: `Some(Ok)` when it took the value.
    pub(crate) fn store_script_lexical(&mut self, k: Key, v: Value) -> Option<JsResult<()>> {
        let b = self.script_lexicals.get(k)?;
        let c = as_context(b.context);
        Some(if c.slot(b.slot as usize).is_hole() {
            self.uninitialized(b.name)
        } else if b.constant {
            self.throw(ErrorKind::TypeError, "Assignment to constant variable.")
        } else {
            c.set_slot(b.slot as usize, v);
            Ok(())
        })
    }

    /// The value of the global binding `name` (an interned string) as an identifier reference in global code sees
    /// it: a script lexical, else the global object's property; a ReferenceError when there is neither.
    pub fn load_global(&mut self, name: Value) -> JsResult<Value> {
        let k = key(name);
        if let Some(v) = self.load_script_lexical(k) {
            return v;
        }
        let g = self.realm.global.as_object();
        if !self.has_property(g, PropKey::Key(k))? {
            let n = self.to_display_string(name);
            return self.throw(ErrorKind::ReferenceError, &format!("{n} is not defined"));
        }
        self.get(g, PropKey::Key(k), Value::object(g))
    }

    fn uninitialized<T>(&mut self, name: Value) -> JsResult<T> {
        let n = self.to_display_string(name);
        self.throw(ErrorKind::ReferenceError, &format!("Cannot access '{n}' before initialization"))
    }
}

#[cfg(test)]
mod tests {
    /// Each `eval` of the embedding API runs a script of its own in the same realm.
    fn run(scripts: &[&str]) -> Vec<Result<String, String>> {
        let mut rt = crate::Runtime::new();
        scripts.iter().map(|s| rt.eval(s)).collect()
    }

    #[test]
    fn later_scripts_see_earlier_lexicals_and_their_updates() {
        let r = run(&[
            "let x = 1; const k = 'c'; class C { m() { return x; } } function bump() { x++; }",
            "x + k",
            "bump(); bump(); x",
            "x = 10; new C().m()",
            "typeof C + ' ' + ('x' in globalThis) + ' ' + (delete x)",
        ]);
        let ok = |s: &str| Ok(s.to_string());
        assert_eq!(r[1..], [ok("1c"), ok("3"), ok("10"), ok("function false false")]);
    }

    #[test]
    fn constants_and_the_temporal_dead_zone_hold_across_scripts() {
        let r = run(&[
            "const k = 1; function early() { return late; }",
            "k = 2",
            "early(); let late = 1;",
            "try { early() } catch (e) { e.name }",
        ]);
        assert_eq!(r[1], Err("Uncaught TypeError: Assignment to constant variable.".into()));
        assert_eq!(r[2], Err("Uncaught ReferenceError: Cannot access 'late' before initialization".into()));
        // The script that failed in its TDZ left `late` uninitialised for good (as in V8).
        assert_eq!(r[3], Ok("ReferenceError".into()));
    }

    #[test]
    fn redeclarations_are_syntax_errors_and_declare_nothing() {
        let r = run(&[
            "let a = 1; var v = 2;",
            "var fresh = 1; let a = 3;",
            "typeof fresh",
            "let v = 1;",
            "(0, eval)('var a = 5')",
            "let fresh2 = 1; var fresh2;",
            "a",
        ]);
        let declared = |n: &str| Err(format!("Uncaught SyntaxError: Identifier '{n}' has already been declared"));
        assert_eq!(r[1], declared("a"));
        // The checks come before any declaration: the var of the failed script was not created.
        assert_eq!(r[2], Ok("undefined".into()));
        assert_eq!(r[3], declared("v"));
        assert_eq!(r[4], declared("a"));
        assert!(r[5].as_ref().is_err_and(|e| e.starts_with("Uncaught SyntaxError")), "{:?}", r[5]);
        assert_eq!(r[6], Ok("1".into()));
    }

    #[test]
    fn a_lexical_shadows_a_configurable_global_property_seen_by_cached_lookups() {
        let r = run(&[
            "globalThis.g = 'property'; function read() { return g; } var seen = ''; \
             for (var i = 0; i < 50; i++) seen = read(); seen",
            "let g = 'lexical'; read() + ' ' + globalThis.g",
            "function proto() { return toString === Object.prototype.toString; } for (var i = 0; i < 50; i++) proto(); proto()",
            "const toString = 1; proto()",
        ]);
        assert_eq!(r[0], Ok("property".into()));
        assert_eq!(r[1], Ok("lexical property".into()));
        assert_eq!(r[2], Ok("true".into()));
        assert_eq!(r[3], Ok("false".into()));
    }
}
