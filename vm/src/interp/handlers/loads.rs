//! Accumulator loads, register moves, globals and contexts.

use super::{h_reg, h_set_reg, handler};
use crate::bytecode::Reg;
use crate::feedback::{FeedbackSlot, Handler};
use crate::function::ContextSlots;
use crate::function::{as_context, context_value};
use crate::value::Value;

handler!(lda_undefined, LdaUndefined, |ip, fp, acc, t, cx| {
    acc = Value::UNDEFINED;
    next_star!()
});
handler!(lda_null, LdaNull, |ip, fp, acc, t, cx| {
    acc = Value::NULL;
    next!()
});
handler!(lda_true, LdaTrue, |ip, fp, acc, t, cx| {
    acc = Value::TRUE;
    next!()
});
handler!(lda_false, LdaFalse, |ip, fp, acc, t, cx| {
    acc = Value::FALSE;
    next!()
});
handler!(lda_the_hole, LdaTheHole, |ip, fp, acc, t, cx| {
    acc = Value::HOLE;
    next_star!()
});
handler!(lda_smi, LdaSmi, |ip, fp, acc, t, cx| {
    acc = Value::int(decode!().value);
    next_star!()
});
handler!(lda_constant, LdaConstant, |ip, fp, acc, t, cx| {
    acc = consts!(decode!().idx);
    next_star!()
});
handler!(ldar, Ldar, |ip, fp, acc, t, cx| {
    acc = reg!(decode!().src);
    next!()
});
handler!(star, Star, |ip, fp, acc, t, cx| {
    set_reg!(decode!().dst, acc);
    next!()
});
handler!(mov, Mov, |ip, fp, acc, t, cx| {
    let d = decode!();
    set_reg!(d.dst, reg!(d.src));
    next!()
});

handler!(lda_global, LdaGlobal, |ip, fp, acc, t, cx| {
    let d = decode!();
    let g = vm!().realm.global.as_object();
    if let FeedbackSlot::Mono(e) = feedback!(d.slot)
        && e.shape == g.shape
            && let Handler::Own { slot } = e.handler {
                acc = g.get_slot(slot);
                next_star!();
            }
} slow {
    let d = decode!();
    let name = consts!(d.name);
    acc = tri!(vm!().load_global_miss(tmpl!(), d.slot, name, false));
    next_star!()
});

handler!(lda_global_inside_typeof, LdaGlobalInsideTypeof, |ip, fp, acc, t, cx| {
    let d = decode!();
    let name = consts!(d.name);
    acc = tri!(vm!().load_global_miss(tmpl!(), d.slot, name, true));
    next!()
});

handler!(sta_global, StaGlobal, |ip, fp, acc, t, cx| {
    let d = decode!();
    let g = vm!().realm.global.as_object();
    if let FeedbackSlot::Mono(e) = feedback!(d.slot)
        && e.shape == g.shape
            && let Handler::Own { slot } = e.handler {
                // SAFETY: live global object, single-threaded; the cached shape says the slot exists.
                unsafe { g.get_mut().set_existing_slot(slot, acc) };
                next!();
            }
} slow {
    let d = decode!();
    let name = consts!(d.name);
    tri!(vm!().store_global_miss(tmpl!(), d.slot, name, acc));
    next!()
});

handler!(declare_global, DeclareGlobal, |ip, fp, acc, t, cx| {
    let name = consts!(decode!().name);
    tri!(vm!().declare_global(name, acc, false));
    next!()
});

handler!(lda_context_slot, LdaContextSlot, |ip, fp, acc, t, cx| {
    let d = decode!();
    let mut c = as_context(reg!(Reg::CONTEXT));
    for _ in 0..d.depth {
        c = as_context(c.parent);
    }
    acc = c.slot(d.slot as usize);
    next_star!()
});

handler!(sta_context_slot, StaContextSlot, |ip, fp, acc, t, cx| {
    let d = decode!();
    let mut c = as_context(reg!(Reg::CONTEXT));
    for _ in 0..d.depth {
        c = as_context(c.parent);
    }
    c.set_slot(d.slot as usize, acc);
    next!()
});

handler!(lda_module_variable, LdaModuleVariable, |ip, fp, acc, t, cx| {
    let d = decode!();
    let mut c = as_context(reg!(Reg::CONTEXT));
    for _ in 0..d.depth {
        c = as_context(c.parent);
    }
    acc = crate::modules::read_import_cell(c.slot(d.slot as usize));
    next!()
});

handler!(create_function_context, CreateFunctionContext, |ip, fp, acc, t, cx| {
    let d = decode!();
    let parent = reg!(Reg::CONTEXT);
    let c = vm!().alloc_context(parent, d.slots as u32);
    set_reg!(Reg::CONTEXT, context_value(c));
    next!()
});

handler!(create_block_context, CreateBlockContext, |ip, fp, acc, t, cx| {
    let d = decode!();
    let parent = reg!(Reg::CONTEXT);
    acc = context_value(vm!().alloc_context(parent, d.slots as u32));
    next!()
});

handler!(push_context, PushContext, |ip, fp, acc, t, cx| {
    let d = decode!();
    set_reg!(d.save, reg!(Reg::CONTEXT));
    set_reg!(Reg::CONTEXT, acc);
    next!()
});

handler!(pop_context, PopContext, |ip, fp, acc, t, cx| {
    set_reg!(Reg::CONTEXT, reg!(decode!().saved));
    next!()
});

handler!(clone_block_context, CloneBlockContext, |ip, fp, acc, t, cx| {
    let cur = as_context(reg!(Reg::CONTEXT));
    let c = vm!().alloc_context(cur.parent, cur.len);
    for i in 0..cur.len as usize {
        c.set_slot(i, cur.slot(i));
    }
    set_reg!(Reg::CONTEXT, context_value(c));
    next!()
});
