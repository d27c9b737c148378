//! Property access (with inline caches), super property access, and object/array/closure creation.

use super::{h_reg, h_set_reg, handler};
use crate::bytecode::{FunctionKind, Reg};
use crate::feedback::FeedbackSlot;
use crate::interp::ic;
use crate::runtime::private::is_private_name;
use crate::value::Value;

handler!(get_named_property, GetNamedProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    let obj = reg!(d.obj);
    if obj.is_object()
        && let Some(v) = ic::load_hit(feedback!(d.slot), obj.as_object(), vm!().proto_epoch) {
            acc = v;
            next_star!();
        }
} slow {
    let d = decode!();
    let obj = reg!(d.obj);
    if obj.is_string() {
        let shape = vm!().realm.string_ic_shape.expect("realm initialised");
        if let Some(v) = ic::string_load_hit(feedback!(d.slot), obj, shape, vm!().proto_epoch) {
            acc = v;
            next_star!();
        }
    }
    let name = consts!(d.name);
    if obj.is_object()
        && matches!(feedback!(d.slot), FeedbackSlot::Megamorphic)
        && let Some(v) = vm!().megamorphic_load(obj.as_object(), name) {
            acc = v;
            next_star!();
        }
    acc = tri!(vm!().load_named_miss(tmpl!(), d.slot, obj, name));
    next_star!()
});

handler!(set_named_property, SetNamedProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    let obj = reg!(d.obj);
    if obj.is_object() && ic::store_hit_in_place(feedback!(d.slot), obj.as_object(), acc, vm!().proto_epoch) {
        next!();
    }
} slow {
    let d = decode!();
    let obj = reg!(d.obj);
    if obj.is_object()
        && let Some(grown) = ic::store_hit(feedback!(d.slot), obj.as_object(), acc, vm!().proto_epoch) {
            if grown > 0 {
                vm!().heap.report_external(grown);
            }
            next!();
        }
    let name = consts!(d.name);
    if obj.is_object()
        && matches!(feedback!(d.slot), FeedbackSlot::Megamorphic)
        && let Some(grown) = vm!().megamorphic_store(obj.as_object(), name, acc) {
            if grown > 0 {
                vm!().heap.report_external(grown);
            }
            next!();
        }
    let strict = tmpl!().is_strict;
    tri!(vm!().store_named_miss(tmpl!(), d.slot, obj, name, acc, strict, false));
    next!()
});

handler!(define_named_own_property, DefineNamedOwnProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    if ic::store_hit_in_place(feedback!(d.slot), reg!(d.obj).as_object(), acc, vm!().proto_epoch) {
        next!();
    }
} slow {
    let d = decode!();
    let obj = reg!(d.obj);
    if let Some(grown) = ic::store_hit(feedback!(d.slot), obj.as_object(), acc, vm!().proto_epoch) {
        if grown > 0 {
            vm!().heap.report_external(grown);
        }
        next!();
    }
    let name = consts!(d.name);
    tri!(vm!().store_named_miss(tmpl!(), d.slot, obj, name, acc, true, true));
    next!()
});

handler!(get_keyed_property, GetKeyedProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    let obj = reg!(d.obj);
    if let Some(v) = ic::keyed_load_hit(vm!(), feedback!(d.slot), obj, acc) {
        acc = v;
        next_star!();
    }
    if let Some(v) = ic::private_load_hit(feedback!(d.slot), obj, acc) {
        acc = v;
        next_star!();
    }
} slow {
    let d = decode!();
    if is_private_name(acc) {
        acc = tri!(vm!().private_load_miss(tmpl!(), d.slot, reg!(d.obj), acc));
        next_star!();
    }
    // Off the dense fast path: mid inlines this site only where this never happened.
    ic::note_uncached(tmpl!(), d.slot);
    if let Some(v) = ic::typed_array_load(vm!(), reg!(d.obj), acc) {
        acc = v;
        next_star!();
    }
    acc = tri!(vm!().load_keyed_slow(reg!(d.obj), acc));
    next_star!()
});

handler!(set_keyed_property, SetKeyedProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    if ic::keyed_store_hit(vm!(), feedback!(d.slot), reg!(d.obj), reg!(d.key), acc) {
        next!();
    }
    if ic::private_store_hit(feedback!(d.slot), reg!(d.obj), reg!(d.key), acc) {
        next!();
    }
} slow {
    let d = decode!();
    if is_private_name(reg!(d.key)) {
        tri!(vm!().private_store_miss(tmpl!(), d.slot, reg!(d.obj), reg!(d.key), acc));
        next!();
    }
    ic::note_uncached(tmpl!(), d.slot);
    let obj = reg!(d.obj);
    let key = reg!(d.key);
    if ic::keyed_store_fast(vm!(), obj, key, acc) || ic::typed_array_store(obj, key, acc) {
        next!();
    }
    let strict = tmpl!().is_strict;
    tri!(vm!().store_keyed_slow(obj, key, acc, strict));
    next!()
});

handler!(define_keyed_own_property, DefineKeyedOwnProperty, |ip, fp, acc, t, cx| {
    let d = decode!();
    let key = reg!(d.key);
    if is_private_name(key) {
        if let Some(grown) = ic::private_add_hit(feedback!(d.slot), reg!(d.obj), key, acc) {
            if grown > 0 {
                vm!().heap.report_external(grown);
            }
            next!();
        }
        tri!(vm!().private_add_miss(tmpl!(), d.slot, reg!(d.obj), key, acc));
        next!();
    }
    let obj = reg!(d.obj).as_object();
    let k = tri!(vm!().to_property_key(key));
    tri!(vm!().create_data_property_or_throw(obj, k, acc));
    next!()
});

handler!(sta_in_array_literal, StaInArrayLiteral, |ip, fp, acc, t, cx| {
    let d = decode!();
    let arr = reg!(d.array);
    let idx = reg!(d.index);
    if !ic::keyed_store_fast(vm!(), arr, idx, acc) {
        let k = tri!(vm!().to_property_key(idx));
        tri!(vm!().create_data_property_or_throw(arr.as_object(), k, acc));
    }
    next!()
});

handler!(delete_property, DeleteProperty, |ip, fp, acc, t, cx| {
    let obj = reg!(decode!().obj);
    let strict = tmpl!().is_strict;
    acc = Value::bool(tri!(vm!().delete_property_op(obj, acc, strict)));
    next!()
});

handler!(get_super_named, GetSuperNamed, |ip, fp, acc, t, cx| {
    let d = decode!();
    let home = vm!().super_base(fp);
    let name = consts!(d.name);
    acc = tri!(vm!().super_get(home, name, reg!(d.receiver)));
    next_star!()
});

handler!(get_super_keyed, GetSuperKeyed, |ip, fp, acc, t, cx| {
    let d = decode!();
    let home = vm!().super_base(fp);
    acc = tri!(vm!().super_get(home, acc, reg!(d.receiver)));
    next_star!()
});

handler!(set_super_named, SetSuperNamed, |ip, fp, acc, t, cx| {
    let d = decode!();
    let home = vm!().super_base(fp);
    let name = consts!(d.name);
    tri!(vm!().super_set(home, name, acc, reg!(d.receiver)));
    next!()
});

handler!(set_super_keyed, SetSuperKeyed, |ip, fp, acc, t, cx| {
    let d = decode!();
    let home = vm!().super_base(fp);
    tri!(vm!().super_set(home, reg!(d.key), acc, reg!(d.receiver)));
    next!()
});

handler!(create_closure, CreateClosure, |ip, fp, acc, t, cx| {
    let d = decode!();
    let f = tmpl!().functions[d.idx as usize];
    let context = reg!(Reg::CONTEXT);
    // Arrows see their creator's home object (for `super` inside them).
    let home = if f.kind == FunctionKind::Arrow {
        reg!(Reg::CLOSURE).as_object().closure().map_or(Value::UNDEFINED, |c| c.home_object)
    } else {
        Value::UNDEFINED
    };
    acc = Value::object(vm!().new_closure(f, context, home));
    next_star!()
});

handler!(create_empty_object_literal, CreateEmptyObjectLiteral, |ip, fp, acc, t, cx| {
    acc = Value::object(vm!().new_object());
    next_star!()
});

handler!(create_empty_array_literal, CreateEmptyArrayLiteral, |ip, fp, acc, t, cx| {
    let d = decode!();
    acc = Value::object(vm!().new_array(thin_vec::ThinVec::with_capacity(d.capacity as usize)));
    next_star!()
});

handler!(create_array_from_list, CreateArrayFromList, |ip, fp, acc, t, cx| {
    let d = decode!();
    // The values stay in their registers (traced) while the Vec is built and the array allocated.
    let v: thin_vec::ThinVec<Value> = (0..d.count as i16).map(|i| reg!(Reg(d.args.0 + i))).collect();
    acc = Value::object(vm!().new_array(v));
    next_star!()
});

handler!(create_arguments, CreateArguments, |ip, fp, acc, t, cx| {
    // SAFETY: fp and cx.base point into the same register file.
    let here = unsafe { fp.offset_from(cx.base) } as usize;
    acc = vm!().create_arguments(here, tmpl!());
    next_star!()
});

handler!(create_rest_parameter, CreateRestParameter, |ip, fp, acc, t, cx| {
    let d = decode!();
    // SAFETY: fp and cx.base point into the same register file.
    let here = unsafe { fp.offset_from(cx.base) } as usize;
    acc = vm!().create_rest(here, d.from as usize);
    next_star!()
});

handler!(create_regexp_literal, CreateRegExpLiteral, |ip, fp, acc, t, cx| {
    let d = decode!();
    let (p, f) = (consts!(d.pattern), consts!(d.flags));
    acc = tri!(vm!().create_regexp(p, f));
    next_star!()
});
