//! Unit tests: graph dumps of small functions, representation selection on real bytecode and feedback, frame
//! states, and the Cranelift IR and code of a function that runs.

use super::*;
use tetra_vm::Runtime;
use tetra_vm::Vm;

/// Compiles `src`, runs it (so its first function collects feedback) and returns that function's template.
fn warmed(src: &str) -> (Runtime, tetra_gc::Gc<FunctionTemplate>) {
    let mut rt = Runtime::new();
    let script = rt.vm.compile(src, "t.js").expect("compiles");
    let f = script.functions[0];
    rt.vm.run_script_template(script).expect("runs");
    (rt, f)
}

fn phi_reprs(g: &ir::Graph) -> Vec<ir::Repr> {
    g.nodes.iter().filter(|n| matches!(n.kind, ir::NodeKind::Phi(_))).map(|n| n.repr).collect()
}

#[test]
fn without_feedback_arithmetic_is_generic_and_parameters_need_no_spill() {
    let (_rt, f) = {
        let mut rt = Runtime::new();
        let script = rt.vm.compile("function f(a, b) { var x = a + b; return x; }", "t.js").expect("compiles");
        let f = script.functions[0];
        (rt, f)
    };
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    assert!(dump.contains("Entry a0") && dump.contains("Entry a1"), "{dump}");
    assert!(dump.contains("Generic Add @") && dump.contains("spill[]"), "{dump}");
    assert!(dump.contains("Return"), "{dump}");
    assert_eq!(g.frame_states.len(), 0, "no speculation, no deopt exits:\n{dump}");
}

#[test]
fn int32_feedback_gives_checked_int32_nodes_and_an_int32_loop_counter() {
    let (_rt, f) = warmed("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s; } f(50);");
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    assert!(dump.contains("CheckedInt32Add"), "{dump}");
    assert!(dump.contains("Int32CompareLt"), "{dump}");
    assert!(dump.contains("loop-header"), "{dump}");
    assert!(!dump.contains("Generic"), "everything speculated:\n{dump}");
    // The counter and the sum are int32 phis at the loop header.
    let reprs = phi_reprs(&g);
    assert!(reprs.len() >= 2 && reprs.iter().all(|&r| r == ir::Repr::Int32), "{reprs:?}\n{dump}");
}

#[test]
fn number_feedback_keeps_a_float64_accumulator() {
    let (_rt, f) = warmed("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + 0.5; return s; } f(50);");
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    assert!(dump.contains("Float64Add"), "{dump}");
    let reprs = phi_reprs(&g);
    assert!(reprs.contains(&ir::Repr::Float64) && reprs.contains(&ir::Repr::Int32), "{reprs:?}\n{dump}");
}

#[test]
fn frame_states_list_the_live_registers_whose_slots_are_stale() {
    // At the add, `t` (computed in SSA, never spilled) is live after it: the deopt exit must write it back. (The
    // store makes the add's state a checkpoint of its own: deopts after it cannot start over before it.)
    let (_rt, f) = warmed(
        "function f(a, b, o) { let t = a * 2; o.x = t; let u = t + b; return t - u; } f(1, 2, {}); f(3, 4, {});",
    );
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    let add_fs = g
        .nodes
        .iter()
        .find_map(|n| match n.kind {
            ir::NodeKind::Int32Binary(ir::Int32Op::Add, _, _, Some(fs)) => Some(fs),
            _ => None,
        })
        .expect("a checked add");
    let state = g.frame_state(add_fs);
    assert_eq!(state.registers.len(), 1, "only t is stale:\n{dump}");
    assert!(state.accumulator.is_some(), "the add reads the accumulator:\n{dump}");
}

#[test]
fn lowering_produces_int32_block_parameters_and_no_relocations() {
    let (_rt, f) = warmed("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s; } f(50);");
    let g = graph(&f).expect("builds");
    let isa = isa().expect("host isa").as_ref();
    let clif = lower::build_clif(&g, &f, isa, None, &builder::VmRefs::default(), 0, true).expect("lowers");
    let text = clif.clif.clone();
    assert!(text.contains("i32"), "{text}");
    let lowered = clif.compile(isa).expect("compiles");
    assert!(lowered.exits >= 2, "overflow exits for the adds:\n{text}");
    assert!(!lowered.bytes.is_empty());
}

#[test]
fn compiled_code_runs_and_deopts_back_to_the_interpreter() {
    let mut rt = Runtime::with_options(tetra_vm::Options { expose_natives: true, ..Default::default() });
    let mid = compiler(&rt.vm, None, Inlining::default()).expect("x86-64");
    rt.vm.install_tier(mid);
    let src = "function f(a, b) { return a + b; }
               for (let i = 0; i < 10; i++) f(i, 1);
               const ok = Tetra.optimize(f, 'mid');
               [ok, Tetra.tierOf(f), f(40, 2), f(2147483647, 1), Tetra.tierOf(f)].join(' ')";
    assert_eq!(rt.eval(src).unwrap(), "true mid 42 2147483648 interp");
    let vm: &Vm = &rt.vm;
    let deopts: u64 = vm.stats.deopts.iter().sum();
    assert_eq!(deopts, 1);
}

#[test]
fn a_generator_branches_to_its_resume_points_and_reloads_the_frame_there() {
    let mut rt = Runtime::new();
    let script = rt.vm.compile("function* g(n) { let s = 0; while (s < n) s += yield s; return s; }", "t.js");
    let g = graph(&script.expect("compiles").functions[0]).expect("builds");
    let dump = g.dump();
    // Two resume points (the suspension at the start of the body and the yield), dispatched from the start; a
    // fresh call falls through.
    let switch = dump.lines().find(|l| l.contains("GeneratorSwitch")).unwrap_or_else(|| panic!("{dump}"));
    assert_eq!(switch.matches(" -> ").count(), 2, "{dump}");
    // Suspending saves the frame (the live `s` spilled first), resuming reads the registers back.
    assert!(dump.contains("SuspendGenerator") && dump.contains("ResumeGenerator"), "{dump}");
    assert!(dump.contains("LoadRegister"), "{dump}");
}

#[test]
fn a_value_is_checked_once_per_block() {
    let (_rt, f) = warmed("function f(a, b) { return a * a + a * b + a; } f(1, 2); f(3, 4);");
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    let checks_of_a = dump.lines().filter(|l| l.contains("CheckInt32 n0 ")).count();
    assert_eq!(checks_of_a, 1, "{dump}");
}

#[test]
fn direct_calls_of_known_and_unknown_callees_compile_and_run() {
    let mut rt = Runtime::with_options(tetra_vm::Options { expose_natives: true, ..Default::default() });
    let mid = compiler(&rt.vm, None, Inlining::default()).expect("x86-64");
    rt.vm.install_tier(mid);
    let src = "function k(a, b) { try { } catch (e) { } return a + b; }
               const fs = [function (x) { return x + 1; }, (x) => x * 2,
                           function (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r) {
                             'use strict'; return [a, r, this].join(); }];
               function known(x) { return k(x, 1); }
               function any(i) { const f = fs[i % 3]; return f(i); }
               for (let i = 0; i < 20; i++) { known(i); any(i); }
               [Tetra.optimize(known, 'mid'), Tetra.optimize(any, 'mid'), Tetra.tierOf(known), Tetra.tierOf(any),
                known(41), any(3), any(4), any(5)].join(' ')";
    assert_eq!(rt.eval(src).unwrap(), "true true mid mid 42 4 8 5,,");
    // The graphs: a checked call of the one closure `known` saw, a call of whatever `any` finds.
    let realm = builder::VmRefs { global: rt.vm.realm.global.0 as usize, ..Default::default() };
    let graph_of = |rt: &mut Runtime, name: &str| {
        let f = rt.vm.eval_script(name, "n.js").expect("defined");
        let t = f.as_object().closure().expect("a closure").template;
        builder::build(&t, None, realm).expect("builds").dump()
    };
    let known = graph_of(&mut rt, "known");
    assert!(known.contains("CheckValue") && known.contains("CallDirect 0x"), "{known}");
    let any = graph_of(&mut rt, "any");
    assert!(any.contains("CallDirect n") && any.contains("(ByCallee)"), "{any}");
}

#[test]
fn a_block_reuses_slots_it_loaded_or_stored_and_checks_a_shape_once() {
    let (_rt, f) = warmed(
        "function f(o) { o.x = o.x + 1; return o.x + o.y + o.y; }
         for (let i = 0; i < 10; i++) f({ x: 1, y: 2 });",
    );
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    // o.x and o.y are loaded once each (the second o.x is the stored value); only the first access checks.
    assert_eq!(dump.lines().filter(|l| l.contains("= LoadNamed")).count(), 2, "{dump}");
    assert_eq!(dump.lines().filter(|l| l.contains("LoadNamed") && !l.contains("(shape known)")).count(), 1, "{dump}");
    assert!(dump.contains("StoreNamed") && dump.contains("(shape known)"), "{dump}");
}

#[test]
fn a_loop_bound_from_before_the_loop_is_checked_on_the_way_in() {
    let (_rt, f) = warmed("function f(n) { let s = 0; for (let i = 0; i < n; i++) s = s + i; return s; } f(50);");
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    // `n` comes in tagged, but the header's compare checks it: its phi is int32 and its check there is free.
    let n_phi = g
        .nodes
        .iter()
        .enumerate()
        .find(|(_, n)| matches!(&n.kind, ir::NodeKind::Phi(ins) if ins.first().is_some_and(|&i| matches!(g.node(i).kind, ir::NodeKind::Entry(_)))))
        .map(|(i, _)| ir::NodeId(i as u32))
        .expect("a phi of the parameter");
    assert_eq!(g.node(n_phi).repr, ir::Repr::Int32, "{dump}");
    assert!(!g.loop_entries.is_empty(), "{dump}");
}

#[test]
fn checks_between_effects_share_one_checkpoint() {
    // Everything before the store only computes values: its checks resume at the first of them. The store is an
    // effect, so the checks after it get a state of their own, after the store.
    let (_rt, f) =
        warmed("function f(a, b, o) { let t = a * 2 + b; o.x = t; return t * b - a; } f(1, 2, {}); f(3, 4, {});");
    let g = graph(&f).expect("builds");
    let dump = g.dump();
    let states: Vec<ir::FrameStateId> = g
        .nodes
        .iter()
        .filter_map(|n| match n.kind {
            ir::NodeKind::Int32Binary(_, _, _, Some(fs)) => Some(fs),
            _ => None,
        })
        .collect();
    assert_eq!(states.len(), 4, "{dump}");
    assert!(states[0] == states[1] && states[2] == states[3] && states[1] != states[2], "{states:?}\n{dump}");
    assert!(g.frame_state(states[2]).pc > g.frame_state(states[1]).pc, "{dump}");
}
