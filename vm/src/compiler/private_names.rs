//! Private names of class bodies, resolved at compile time: the bindings a class scope gets for them, the early
//! errors about them, and the instance initialisation of private methods and accessors.
//!
//! Invariants:
//! - Each private name `#x` a class declares is a binding `#x` of the class scope holding the name (a private
//!   symbol, `runtime/private.rs`) made when the class is evaluated; a private method's function is the binding
//!   `#x.fn`, an accessor's `#x.get` / `#x.set`; the key of a computed field is the binding `%key<i>` (i: the
//!   member's index in the class body), evaluated in order with the other members' keys. None of these spellings
//!   is an identifier, so no source name can capture them.
//! - `o.#x` compiles to the keyed operations with the private name as key, which the runtime routes to the
//!   private-element operations; a reference to a name no enclosing class declares is a SyntaxError.

use super::CErr;
use super::scope::*;
use crate::bytecode::{FeedbackKind, Insn, Reg, RuntimeId};
use swc_ecma_ast::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PrivateKind {
    Field,
    Method,
    Getter,
    Setter,
}

/// A private element of a class body.
pub(crate) struct PrivateDecl<'a> {
    pub name: &'a str,
    pub is_static: bool,
    pub kind: PrivateKind,
}

/// The binding that holds the private name `#name`.
pub(crate) fn name_binding(name: &str) -> String {
    format!("#{name}")
}

/// The binding that holds a private method's or accessor's function.
pub(crate) fn function_binding(name: &str, kind: PrivateKind) -> String {
    let part = match kind {
        PrivateKind::Getter => "get",
        PrivateKind::Setter => "set",
        PrivateKind::Method | PrivateKind::Field => "fn",
    };
    format!("#{name}.{part}")
}

/// The binding that holds the key of the computed field at `index` in the class body.
pub(crate) fn computed_key_binding(index: usize) -> String {
    format!("%key{index}")
}

/// The private elements of `c`, in source order; duplicates are a SyntaxError (but a getter and a setter of one
/// name, both static or both not), as is `#constructor`.
pub(crate) fn private_decls<'c>(
    c: &'c Class,
    pos: &impl Fn(swc_common::BytePos) -> u32,
) -> Result<Vec<PrivateDecl<'c>>, CErr> {
    let mut out: Vec<PrivateDecl<'c>> = Vec::new();
    for m in &c.body {
        let (key, is_static, kind) = match m {
            ClassMember::PrivateProp(p) => (&p.key, p.is_static, PrivateKind::Field),
            ClassMember::PrivateMethod(p) => {
                let kind = match p.kind {
                    MethodKind::Method => PrivateKind::Method,
                    MethodKind::Getter => PrivateKind::Getter,
                    MethodKind::Setter => PrivateKind::Setter,
                };
                (&p.key, p.is_static, kind)
            }
            _ => continue,
        };
        let name: &str = &key.name;
        // swc takes an escaped ZWJ/ZWNJ as the first character of the name; the spec does not.
        if !name.chars().next().is_some_and(|c| c == '$' || c == '_' || unicode_id_start::is_id_start(c)) {
            return Err(CErr { msg: "Invalid or unexpected token".into(), pos: pos(key.span.lo) });
        }
        if name == "constructor" {
            return Err(CErr {
                msg: "Classes may not have a private field named '#constructor'".into(),
                pos: pos(key.span.lo),
            });
        }
        let clash = out.iter().any(|d| {
            d.name == name
                && !(d.is_static == is_static
                    && matches!(
                        (d.kind, kind),
                        (PrivateKind::Getter, PrivateKind::Setter) | (PrivateKind::Setter, PrivateKind::Getter)
                    ))
        });
        let pair_repeated = out.iter().filter(|d| d.name == name).count() >= 2;
        if clash || pair_repeated {
            return Err(CErr { msg: format!("Identifier '#{name}' has already been declared"), pos: pos(key.span.lo) });
        }
        out.push(PrivateDecl { name, is_static, kind });
    }
    Ok(out)
}

impl<'a> Analyzer<'a> {
    /// Declares the private names of the class whose scope is `id`, and the bindings of its computed field keys.
    pub(crate) fn declare_class_privates(&mut self, id: ScopeId, c: &Class) -> R {
        let pos = |p: swc_common::BytePos| self.pos.of(p);
        let decls = private_decls(c, &pos)?;
        for d in decls {
            self.add(id, name_binding(d.name), BKind::Var, 0)?;
            if d.kind != PrivateKind::Field {
                self.add(id, function_binding(d.name, d.kind), BKind::Var, 0)?;
            }
        }
        for (i, m) in c.body.iter().enumerate() {
            if let ClassMember::ClassProp(p) = m
                && matches!(p.key, PropName::Computed(_))
            {
                self.add(id, computed_key_binding(i), BKind::Var, 0)?;
            }
        }
        Ok(())
    }

    /// The references an initialiser scope (instance or static, `stat`) makes for the class's elements: the names
    /// of its private elements and functions, and its computed keys.
    pub(crate) fn reference_class_elements(&mut self, c: &Class, stat: bool) {
        for (i, m) in c.body.iter().enumerate() {
            match m {
                ClassMember::ClassProp(p) if p.is_static == stat && matches!(p.key, PropName::Computed(_)) => {
                    self.reference(&computed_key_binding(i));
                }
                ClassMember::PrivateProp(p) if p.is_static == stat => self.reference(&name_binding(&p.key.name)),
                ClassMember::PrivateMethod(p) if p.is_static == stat => {
                    let kind = match p.kind {
                        MethodKind::Method => PrivateKind::Method,
                        MethodKind::Getter => PrivateKind::Getter,
                        MethodKind::Setter => PrivateKind::Setter,
                    };
                    self.reference(&name_binding(&p.key.name));
                    self.reference(&function_binding(&p.key.name, kind));
                }
                _ => {}
            }
        }
    }

    /// A use of `#name`: it must be declared by an enclosing class.
    pub(crate) fn private_reference(&mut self, p: &PrivateName) -> R {
        let b = name_binding(&p.name);
        let mut s = Some(self.cur);
        while let Some(id) = s {
            let sc = &self.a.scopes[id];
            if sc.kind == SKind::Class && sc.lookup(&b).is_some() {
                self.reference_at(&b, self.pos.of(p.span.lo));
                return Ok(());
            }
            s = sc.parent;
        }
        if self.eval_private.contains(&b) {
            return Ok(()); // Declared by a class around a direct eval's call site.
        }
        Err(CErr {
            msg: format!("Private field '#{}' must be declared in an enclosing class", p.name),
            pos: self.pos.of(p.span.lo),
        })
    }
}

/// A private method or accessor to add to an instance (or to the constructor, for static ones): accessors of one
/// name are added together.
pub(crate) struct PrivateInstall<'a> {
    pub name: &'a str,
    /// A method; else an accessor with a getter and/or a setter.
    pub method: bool,
    pub get: bool,
    pub set: bool,
}

/// The private methods and accessors of `c` that are static (`stat`) or not, grouped by name, in source order.
pub(crate) fn private_installs(c: &Class, stat: bool) -> Vec<PrivateInstall<'_>> {
    let mut out: Vec<PrivateInstall<'_>> = Vec::new();
    for m in &c.body {
        let ClassMember::PrivateMethod(p) = m else { continue };
        if p.is_static != stat {
            continue;
        }
        let name: &str = &p.key.name;
        let i = match out.iter().position(|d| d.name == name) {
            Some(i) => i,
            None => {
                out.push(PrivateInstall { name, method: p.kind == MethodKind::Method, get: false, set: false });
                out.len() - 1
            }
        };
        match p.kind {
            MethodKind::Getter => out[i].get = true,
            MethodKind::Setter => out[i].set = true,
            MethodKind::Method => {}
        }
    }
    out
}

impl<'a> super::Compiler<'a> {
    /// Makes the class's private names (right after the heritage, before any member key).
    pub(crate) fn create_private_names(&mut self, c: &'a Class) {
        let mut made: Vec<&str> = Vec::new();
        for m in &c.body {
            let key = match m {
                ClassMember::PrivateProp(p) => &p.key,
                ClassMember::PrivateMethod(p) => &p.key,
                _ => continue,
            };
            if made.contains(&&*key.name) {
                continue;
            }
            made.push(&key.name);
            let m = self.mark();
            let desc = self.alloc();
            let idx = self.str_idx(&name_binding(&key.name));
            self.emit(Insn::LdaConstant { idx });
            self.emit(Insn::Star { dst: desc });
            self.emit(Insn::CallRuntime { id: RuntimeId::NewPrivateName as u16, args: desc, count: 1 });
            self.store_var(&name_binding(&key.name), true);
            self.release(m);
        }
    }

    /// Makes the function of private method `p` (home object `home`) and keeps it in its binding.
    pub(crate) fn private_method(&mut self, home: Reg, p: &'a PrivateMethod) -> R {
        let kind = match p.kind {
            MethodKind::Method => PrivateKind::Method,
            MethodKind::Getter => PrivateKind::Getter,
            MethodKind::Setter => PrivateKind::Setter,
        };
        let m = self.mark();
        let quad = self.e().alloc_n(4);
        self.emit(Insn::Mov { src: home, dst: quad });
        self.load_var(&name_binding(&p.key.name), false);
        self.emit(Insn::Star { dst: Reg(quad.0 + 1) });
        let idx = self.closure_named(&p.function, vec![], true)?;
        self.emit(Insn::CreateClosure { idx });
        self.emit(Insn::Star { dst: Reg(quad.0 + 2) });
        let which = match kind {
            PrivateKind::Getter => 1,
            PrivateKind::Setter => 2,
            PrivateKind::Method | PrivateKind::Field => 0,
        };
        self.emit(Insn::LdaSmi { value: which });
        self.emit(Insn::Star { dst: Reg(quad.0 + 3) });
        self.emit(Insn::CallRuntime { id: RuntimeId::MakePrivateMethod as u16, args: quad, count: 4 });
        self.store_var(&function_binding(&p.key.name, kind), true);
        self.release(m);
        Ok(())
    }

    /// PrivateMethodOrAccessorAdd of each of `installs` to `obj`.
    pub(crate) fn add_private_methods(&mut self, obj: Reg, installs: &[PrivateInstall<'a>]) {
        for p in installs {
            let m = self.mark();
            let count = if p.method { 3 } else { 4 };
            let args = self.e().alloc_n(count);
            self.emit(Insn::Mov { src: obj, dst: args });
            self.load_var(&name_binding(p.name), false);
            self.emit(Insn::Star { dst: Reg(args.0 + 1) });
            let parts: &[(bool, PrivateKind)] = if p.method {
                &[(true, PrivateKind::Method)]
            } else {
                &[(p.get, PrivateKind::Getter), (p.set, PrivateKind::Setter)]
            };
            for (i, &(present, kind)) in parts.iter().enumerate() {
                if present {
                    self.load_var(&function_binding(p.name, kind), false);
                } else {
                    self.emit(Insn::LdaUndefined {});
                }
                self.emit(Insn::Star { dst: Reg(args.0 + 2 + i as i16) });
            }
            let id = if p.method { RuntimeId::PrivateMethodAdd } else { RuntimeId::PrivateAccessorAdd };
            self.emit(Insn::CallRuntime { id: id as u16, args, count });
            self.release(m);
        }
    }

    /// `obj.#x = value` of a private field's initialiser (PrivateFieldAdd).
    pub(crate) fn define_private_field(&mut self, obj: Reg, p: &'a PrivateProp) -> R {
        let m = self.mark();
        let key = self.alloc();
        let binding = name_binding(&p.key.name);
        self.load_var(&binding, false);
        self.emit(Insn::Star { dst: key });
        match &p.value {
            Some(v) => self.named_expr(v, super::utf16(&binding))?,
            None => self.emit(Insn::LdaUndefined {}),
        }
        let slot = self.slot(FeedbackKind::Store);
        self.emit(Insn::DefineKeyedOwnProperty { obj, key, slot });
        self.release(m);
        Ok(())
    }
}
