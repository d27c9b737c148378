//! Feedback vectors: inline caches and type profiles, one slot per bytecode site that asked for one.
//!
//! Invariants:
//! - Lattices only move up: uninitialised -> monomorphic -> polymorphic (up to `MAX_POLY` shapes) -> megamorphic;
//!   binary-op and compare feedback only gain bits.
//! - Cached shapes and holders are strong references, so a cached shape can never be freed and its address reused
//!   by a different shape (which would make a stale cache hit).
//! - A cache entry that found the property on a prototype is valid only while the VM's prototype epoch is unchanged.

use crate::bytecode::FeedbackKind;
use crate::object::JsObject;
use crate::value::Value;
use tetra_gc::{Gc, Tracer};
use tetra_shapes::Shape;

pub const MAX_POLY: usize = 4;

/// Where a cached property access finds its value.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Own data property in slot `slot`.
    Own { slot: u32 },
    /// Data property of `holder` (on the prototype chain) in `slot`; valid while `epoch` is current.
    Proto { holder: Gc<JsObject>, slot: u32, epoch: u32 },
    /// Store that adds a property: transition to `to`, writing `slot`; valid while `epoch` is current (no setter or
    /// read-only property appeared on the chain).
    Transition { to: Gc<Shape>, slot: u32, epoch: u32 },
    /// `length` of an array.
    ArrayLength,
    /// `length` of a primitive string (cached under the realm's `string_ic_shape`).
    StringLength,
    /// `length` of a typed array read through %TypedArray%.prototype's own getter; valid while `epoch` is
    /// current (no prototype on the way changed).
    TypedArrayLength { epoch: u32 },
    /// A keyed access with the private name `name` as its key (`o.#x`): the own data property in `slot`.
    Private { name: Value, slot: u32 },
    /// The addition of the private field `name` (PrivateFieldAdd): transition to `to`, writing `slot`. The cached
    /// shape has no such field (else the addition would have thrown), and no prototype is consulted.
    PrivateField { name: Value, to: Gc<Shape>, slot: u32 },
}

#[derive(Clone, Copy)]
pub struct IcEntry {
    pub shape: Gc<Shape>,
    pub handler: Handler,
}

/// Binary-operation / compare feedback bits (V8's BinaryOperationHint, as a set).
pub mod hint {
    pub const INT32: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const STRING: u8 = 4;
    pub const ANY: u8 = 8;
    /// A BigInt (always with ANY: no tier has a BigInt fast path, and `===` on them compares values, not cells).
    pub const BIGINT: u8 = 16;
}

/// The most function templates a call site's feedback records (the mid tier's polymorphic call dispatch: 4, as
/// V8's polymorphic inlining).
pub const MAX_CALL_TEMPLATES: usize = 4;

pub enum FeedbackSlot {
    Uninitialized,
    Mono(IcEntry),
    Poly(Box<Vec<IcEntry>>),
    Megamorphic,
    /// A keyed load or store site that met typed arrays on its fast path: the set of their element kinds
    /// (`ElementKind::bit`; one bit is monomorphic), as V8's keyed ICs record a handler per elements kind. The site
    /// may also have met dense arrays (their fast path records nothing). Leaving the fast paths makes it megamorphic.
    TypedElements(u16),
    /// Binary operations and comparisons: the union of `hint` bits seen.
    Hint(u8),
    /// Call sites: the single target seen (or `Value::HOLE` once polymorphic; meaningless while `count` is 0), the
    /// call count, and the function templates of the targets while they were all closures of at most
    /// `MAX_CALL_TEMPLATES` templates (the first entries; all `None` otherwise). One template is V8's feedback
    /// cell: a callback made afresh at each call is one function to compiled code; a few are the handlers a field
    /// holds in each of several objects (`this.fn(...)`), which compiled code dispatches on.
    Call {
        target: Value,
        count: u32,
        templates: [Option<Gc<crate::function::FunctionTemplate>>; MAX_CALL_TEMPLATES],
    },
}

fn trace_entry(e: &IcEntry, t: &mut Tracer) {
    t.mark(e.shape);
    match e.handler {
        Handler::Own { .. } | Handler::ArrayLength | Handler::StringLength | Handler::TypedArrayLength { .. } => {}
        Handler::Proto { holder, .. } => t.mark(holder),
        Handler::Transition { to, .. } => t.mark(to),
        Handler::Private { name, .. } => name.trace(t),
        Handler::PrivateField { name, to, .. } => {
            name.trace(t);
            t.mark(to);
        }
    }
}

/// The function template of a closure (None for anything else).
fn template_of(v: Value) -> Option<Gc<crate::function::FunctionTemplate>> {
    v.try_object().and_then(|o| o.closure().map(|c| c.template))
}

/// Adds `template` to a call site's templates; a target that is no closure, or one template too many, empties them
/// for good (`record_call` adds only while the first is set).
#[inline(always)]
fn record_template(
    templates: &mut [Option<Gc<crate::function::FunctionTemplate>>; MAX_CALL_TEMPLATES],
    template: Option<Gc<crate::function::FunctionTemplate>>,
) {
    let Some(new) = template else {
        *templates = [None; MAX_CALL_TEMPLATES];
        return;
    };
    for entry in templates.iter_mut() {
        match entry {
            Some(known) if known.addr() == new.addr() => return,
            Some(_) => {}
            None => {
                *entry = Some(new);
                return;
            }
        }
    }
    *templates = [None; MAX_CALL_TEMPLATES];
}

impl FeedbackSlot {
    pub fn trace(&self, t: &mut Tracer) {
        match self {
            FeedbackSlot::Mono(e) => trace_entry(e, t),
            FeedbackSlot::Poly(v) => v.iter().for_each(|e| trace_entry(e, t)),
            FeedbackSlot::Call { target, templates, .. } => {
                target.trace(t);
                templates.iter().flatten().for_each(|&f| t.mark(f));
            }
            FeedbackSlot::Uninitialized
            | FeedbackSlot::Megamorphic
            | FeedbackSlot::TypedElements(_)
            | FeedbackSlot::Hint(_) => {}
        }
    }

    /// Adds a cache entry for `shape`, moving up the lattice.
    pub fn add_entry(&mut self, entry: IcEntry) {
        match self {
            FeedbackSlot::Uninitialized
            | FeedbackSlot::Hint(_)
            | FeedbackSlot::Call { .. }
            | FeedbackSlot::TypedElements(_) => *self = FeedbackSlot::Mono(entry),
            FeedbackSlot::Mono(old) => {
                if old.shape == entry.shape {
                    *old = entry;
                } else {
                    *self = FeedbackSlot::Poly(Box::new(vec![*old, entry]));
                }
            }
            FeedbackSlot::Poly(v) => {
                if let Some(e) = v.iter_mut().find(|e| e.shape == entry.shape) {
                    *e = entry;
                } else if v.len() < MAX_POLY {
                    v.push(entry);
                } else {
                    *self = FeedbackSlot::Megamorphic;
                }
            }
            FeedbackSlot::Megamorphic => {}
        }
    }

    #[inline(always)]
    pub fn find(&self, shape: Gc<Shape>) -> Option<Handler> {
        match self {
            FeedbackSlot::Mono(e) if e.shape == shape => Some(e.handler),
            FeedbackSlot::Poly(v) => v.iter().find(|e| e.shape == shape).map(|e| e.handler),
            _ => None,
        }
    }

    /// The slot a site of this kind starts with. Hint and call slots start in their one variant, so recording
    /// into them is an OR or a compare, never a change of variant (which could drop a cache and call the
    /// allocator: the interpreter's fast paths must not contain calls).
    pub fn initial(kind: FeedbackKind) -> FeedbackSlot {
        match kind {
            FeedbackKind::BinaryOp | FeedbackKind::Compare => FeedbackSlot::Hint(0),
            FeedbackKind::Call => {
                FeedbackSlot::Call { target: Value::UNDEFINED, count: 0, templates: [None; MAX_CALL_TEMPLATES] }
            }
            FeedbackKind::Load | FeedbackKind::Store | FeedbackKind::Global | FeedbackKind::Literal => {
                FeedbackSlot::Uninitialized
            }
        }
    }

    /// Records a typed array of `kind` met on a keyed site's fast path. Uninitialised becomes `TypedElements` (no
    /// cache is dropped, nothing is allocated: the interpreter's fast half records this); a cache of private names
    /// or a megamorphic site stays as it is.
    #[inline(always)]
    pub fn record_typed_elements(&mut self, kind: crate::builtins::typed_array::kinds::ElementKind) {
        match self {
            FeedbackSlot::TypedElements(kinds) => *kinds |= kind.bit(),
            FeedbackSlot::Uninitialized => *self = FeedbackSlot::TypedElements(kind.bit()),
            _ => {}
        }
    }

    /// The one element kind a keyed site has met, if its feedback is monomorphic in typed arrays.
    pub fn typed_element_kind(&self) -> Option<crate::builtins::typed_array::kinds::ElementKind> {
        match self {
            FeedbackSlot::TypedElements(kinds) => crate::builtins::typed_array::kinds::ElementKind::only_one(*kinds),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn record_hint(&mut self, bits: u8) {
        match self {
            FeedbackSlot::Hint(h) => *h |= bits,
            _ => debug_assert!(false, "binary-op feedback recorded in a slot of another kind"),
        }
    }

    /// The byte of a binary-op/compare slot that `record_hint` ORs into, for compiled code that records feedback
    /// inline. An uninitialised slot becomes `Hint(0)` (the same meaning: nothing seen). The address is stable: the
    /// vector is never reallocated and hint slots never change variant again.
    pub fn hint_byte(&mut self) -> *mut u8 {
        if !matches!(self, FeedbackSlot::Hint(_)) {
            *self = FeedbackSlot::Hint(0);
        }
        match self {
            FeedbackSlot::Hint(h) => h as *mut u8,
            _ => unreachable!("just made a hint slot"),
        }
    }

    #[inline(always)]
    pub fn record_call(&mut self, target: Value) {
        match self {
            FeedbackSlot::Call { target: t, count, templates } => {
                if *count == 0 {
                    *t = target;
                    templates[0] = template_of(target);
                } else if *t != target {
                    *t = Value::HOLE;
                    if templates[0].is_some() {
                        record_template(templates, template_of(target));
                    }
                }
                *count = count.saturating_add(1);
            }
            _ => debug_assert!(false, "call feedback recorded in a slot of another kind"),
        }
    }

    pub fn state_name(&self) -> &'static str {
        match self {
            FeedbackSlot::Uninitialized => "uninitialized",
            FeedbackSlot::Mono(_) => "monomorphic",
            FeedbackSlot::Poly(_) => "polymorphic",
            FeedbackSlot::Megamorphic => "megamorphic",
            FeedbackSlot::TypedElements(_) => "typed elements",
            FeedbackSlot::Hint(_) => "hint",
            FeedbackSlot::Call { .. } => "call",
        }
    }
}

/// The hint bit describing one operand.
#[inline(always)]
pub fn hint_of(v: Value) -> u8 {
    if v.is_int() {
        hint::INT32
    } else if v.is_double() {
        hint::NUMBER
    } else if v.is_string() {
        hint::STRING
    } else if v.is_bigint() {
        hint::ANY | hint::BIGINT
    } else {
        hint::ANY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Runtime;

    #[test]
    fn call_feedback_keeps_up_to_four_templates_of_closures() {
        let mut rt = Runtime::new();
        let script =
            rt.vm.compile("function a(){} function b(){} function c(){} function d(){} function e(){}", "t.js");
        let templates: Vec<_> = script.unwrap().functions.to_vec();
        assert_eq!(templates.len(), 5);
        let templates_of = |slot: &FeedbackSlot| match slot {
            FeedbackSlot::Call { templates, .. } => templates.iter().flatten().map(|t| t.addr()).collect::<Vec<_>>(),
            _ => unreachable!("a call slot"),
        };
        let mut slot = FeedbackSlot::initial(FeedbackKind::Call);
        // Two closures of the first function, then one of each of three more: four templates, in order.
        let closures: Vec<Value> = [0, 0, 1, 2, 3]
            .iter()
            .map(|&i| Value::object(rt.vm.new_closure(templates[i], Value::UNDEFINED, Value::UNDEFINED)))
            .collect();
        for &c in &closures {
            slot.record_call(c);
            slot.record_call(c);
        }
        let want: Vec<usize> = templates[..4].iter().map(|t| t.addr()).collect();
        assert_eq!(templates_of(&slot), want);
        // A fifth function empties the list for good.
        let mut five = FeedbackSlot::initial(FeedbackKind::Call);
        closures.iter().for_each(|&c| five.record_call(c));
        five.record_call(Value::object(rt.vm.new_closure(templates[4], Value::UNDEFINED, Value::UNDEFINED)));
        assert!(templates_of(&five).is_empty());
        five.record_call(closures[0]);
        assert!(templates_of(&five).is_empty());
        // So does a target that is not a closure.
        let mut other = FeedbackSlot::initial(FeedbackKind::Call);
        other.record_call(closures[0]);
        other.record_call(Value::int(7));
        other.record_call(closures[2]);
        assert!(templates_of(&other).is_empty());
    }
}
