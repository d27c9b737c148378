//! Tests of the bytecode analysis on bytecode compiled from JS by the real front end.

use super::analysis::*;
use crate::Runtime;
use crate::bytecode::{Insn, Op, Reg, disasm};
use crate::frame::HEADER_SIZE;
use crate::function::FunctionTemplate;
use std::rc::Rc;
use tetra_gc::Gc;

/// The first function declared in `src`.
fn function(src: &str) -> (Runtime, Gc<FunctionTemplate>) {
    let mut rt = Runtime::new();
    let script = rt.vm.compile(src, "t.js").expect("compiles");
    let f = script.functions[0];
    (rt, f)
}

fn listing(t: &FunctionTemplate) -> String {
    let mut pc = 0;
    let mut text = String::new();
    while pc < t.bytecode.len() {
        let (line, next) = disasm::disassemble_template_insn(t, pc);
        text.push_str(&line);
        text.push('\n');
        pc = next;
    }
    for h in t.handlers.iter() {
        text.push_str(&format!("handler [{}, {}) -> @{} (context {})\n", h.start, h.end, h.handler, h.context.0));
    }
    text
}

/// Offsets of the instructions `keep` selects.
fn offsets(a: &BytecodeAnalysis, keep: impl Fn(&Insn) -> bool) -> Vec<u32> {
    a.instructions().filter(|(_, i)| keep(i)).map(|(pc, _)| pc).collect()
}

fn op_is(op: Op) -> impl Fn(&Insn) -> bool {
    move |i| i.op() == op
}

/// The register a `Star` at `pc` writes.
fn star_dst(a: &BytecodeAnalysis, pc: u32) -> Reg {
    match a.instructions().find(|&(p, _)| p == pc) {
        Some((_, Insn::Star { dst })) => dst,
        other => panic!("no Star at {pc}: {other:?}"),
    }
}

fn live(a: &BytecodeAnalysis, l: &Liveness, r: Reg) -> bool {
    l.registers.contains(a.reg_index(r))
}

/// Structural invariants every analysis must satisfy.
fn check_invariants(t: &FunctionTemplate, a: &BytecodeAnalysis) {
    let text = listing(t);
    assert_eq!(a.blocks[0].start, 0, "{text}");
    for (i, b) in a.blocks.iter().enumerate() {
        assert!(b.start < b.end, "{text}");
        let next = a.blocks.get(i + 1).map_or(t.bytecode.len() as u32, |n| n.start);
        assert_eq!(b.end, next, "blocks cover the bytecode without gaps\n{text}");
        for &s in &b.succs {
            assert!(a.blocks[s].preds.contains(&i), "{text}");
        }
        for &p in &b.preds {
            assert!(a.blocks[p].succs.contains(&i), "{text}");
        }
        assert_eq!(a.block_index_at(b.start), Some(i));
        assert_eq!(a.block_containing(b.end - 1), i);
    }
    for (pc, _) in a.instructions() {
        for l in [a.live_in(pc), a.live_out(pc)] {
            for h in 0..HEADER_SIZE {
                assert!(l.registers.contains(t.param_count as usize + h), "header slot {h} dead at {pc}\n{text}");
            }
        }
    }
    for (i, l) in a.loops.iter().enumerate() {
        assert!(a.is_loop_header(l.header));
        assert_eq!(a.loop_with_header(l.header), Some(l));
        if let Some(p) = l.parent {
            assert!(p < i && a.loops[p].header <= l.header && l.end <= a.loops[p].end);
            assert_eq!(l.depth, a.loops[p].depth + 1);
        }
    }
}

#[test]
fn bitset_basics() {
    let mut s = BitSet::new(130);
    assert!(s.is_empty());
    assert!(s.insert(0) && s.insert(64) && s.insert(129));
    assert!(!s.insert(64));
    assert_eq!(s.len(), 3);
    assert_eq!(s.iter().collect::<Vec<_>>(), vec![0, 64, 129]);
    let mut t = BitSet::new(130);
    t.insert(5);
    assert!(s.union_with(&t));
    assert!(!s.union_with(&t));
    assert!(s.remove(0) && !s.remove(0));
    assert!(!s.contains(0) && s.contains(5) && !s.contains(500));
    assert_eq!(BitSet::full(70).len(), 70);
}

#[test]
fn if_else_makes_a_diamond() {
    let (_rt, f) = function("function f(a) { let x; if (a) { x = 1; } else { x = 2; } return x; }");
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    let branch = offsets(&a, |i| matches!(i, Insn::JumpIfToBooleanFalse { .. } | Insn::JumpIfFalse { .. }));
    assert_eq!(branch.len(), 1, "{text}");
    let cond = &a.blocks[a.block_containing(branch[0])];
    assert_eq!(cond.succs.len(), 2, "{text}");
    let (then, els) = (&a.blocks[cond.succs[0]], &a.blocks[cond.succs[1]]);
    assert_eq!(then.start, cond.end, "fall-through first\n{text}");
    // Both arms meet in the block that returns x.
    assert_eq!(then.succs.len(), 1, "{text}");
    assert_eq!(then.succs, els.succs, "{text}");
    let join = &a.blocks[then.succs[0]];
    assert_eq!(join.preds.len(), 2, "{text}");
    assert!(a.blocks.iter().all(|b| b.loop_depth == 0 && !b.is_loop_header) && a.loops.is_empty());
    let ret = offsets(&a, op_is(Op::Return))[0];
    assert!(a.block_containing(ret) == then.succs[0], "{text}");
    assert!(a.blocks.last().unwrap().succs.is_empty());
}

#[test]
fn nested_loops_have_headers_back_edges_and_depths() {
    let (_rt, f) = function(
        "function f(n) { let s = 0; for (let i = 0; i < n; i++) { for (let j = 0; j < i; j++) s += j; } return s; }",
    );
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    assert_eq!(a.loops.len(), 2, "{text}");
    let (outer, inner) = (&a.loops[0], &a.loops[1]);
    assert_eq!((outer.parent, outer.depth), (None, 0));
    assert_eq!((inner.parent, inner.depth), (Some(0), 1));
    assert!(outer.header < inner.header && inner.end <= outer.end, "{text}");
    for l in &a.loops {
        assert_eq!(l.back_edges.len(), 1);
        let (pc, insn) = a.instructions().find(|&(p, _)| p == l.back_edges[0]).unwrap();
        match insn {
            // The compiler's own nesting depth agrees.
            Insn::JumpLoop { target, depth } => {
                assert_eq!((target, depth as u32), (l.header, l.depth))
            }
            other => panic!("back edge at {pc} is {other:?}"),
        }
        assert_eq!(l.end, pc + Op::JumpLoop.size() as u32);
        assert!(a.blocks[a.block_containing(pc)].succs.contains(&a.block_index_at(l.header).unwrap()));
    }
    assert_eq!(a.blocks[a.block_index_at(inner.header).unwrap()].loop_depth, 2);
    assert_eq!(a.blocks[a.block_index_at(outer.header).unwrap()].loop_depth, 1);
    assert_eq!(a.blocks[0].loop_depth, 0);
    assert_eq!(a.blocks[a.block_containing(outer.end)].loop_depth, 0, "after the loops\n{text}");
    assert!(!a.is_loop_header(0));
}

#[test]
fn loop_counter_is_live_around_the_back_edge() {
    let (_rt, f) = function("function f(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }");
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    let back = a.loops[0].back_edges[0];
    // `i++` ends in a Star of the counter right before the back edge.
    let before: Vec<u32> = offsets(&a, |_| true).into_iter().filter(|&p| p < back).collect();
    let i = star_dst(&a, *before.last().unwrap());
    let header = a.loops[0].header;
    let n = Reg::param(0);
    for l in [a.live_in(header), a.live_out(back), a.live_in(back)] {
        assert!(live(&a, l, i) && live(&a, l, n), "{l:?}\n{text}");
    }
    // The counter is written before the loop, so nothing about it is live at entry; the accumulator neither.
    assert!(!live(&a, a.live_in(0), i), "{text}");
    assert!(live(&a, a.live_in(0), n), "{text}");
    assert!(!a.live_in(0).accumulator && !a.live_in(header).accumulator, "{text}");
    // After the loop only `s` matters.
    let ret = *offsets(&a, op_is(Op::Return)).first().unwrap();
    assert!(!live(&a, a.live_in(ret), i), "{text}");
    assert!(a.live_in(ret).accumulator && !a.live_out(ret).accumulator);
}

#[test]
fn dead_temporary_and_accumulator_around_a_star() {
    let (_rt, f) = function("function f(a) { let t = a + 1; return a; }");
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    let star = offsets(&a, op_is(Op::Star))[0];
    let t = star_dst(&a, star);
    assert!(t.0 >= HEADER_SIZE as i16, "{text}");
    assert!(!live(&a, a.live_out(star), t), "t is never read\n{text}");
    assert!(!live(&a, a.live_in(star), t), "{text}");
    // The Star reads the accumulator; the Ldar after it overwrites it.
    assert!(a.live_in(star).accumulator && !a.live_out(star).accumulator, "{text}");
    assert!(live(&a, a.live_out(star), Reg::param(0)), "{text}");
    assert!(a.instructions().all(|(pc, _)| !live(&a, a.live_in(pc), t)), "{text}");
}

#[test]
fn try_range_keeps_handler_registers_live() {
    let (_rt, f) = function("function f(g) { let x = 1; try { g(); x = 2; g(); } catch (e) { return x; } return 0; }");
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    assert_eq!(f.handlers.len(), 1, "{text}");
    let h = f.handlers[0];
    let hb = &a.blocks[a.block_index_at(h.handler).expect("handler starts a block")];
    assert!(hb.is_handler && hb.preds.is_empty(), "{text}");
    assert!(a.block_index_at(h.start).is_some(), "the try range starts a block\n{text}");
    // x is read by the handler, so live throughout the try range, even before the Star that assigns it there.
    let in_try: Vec<u32> = offsets(&a, |_| true).into_iter().filter(|&p| h.start <= p && p < h.end).collect();
    let x_star = *in_try
        .iter()
        .find(|&&p| matches!(a.instructions().find(|&(q, _)| q == p), Some((_, Insn::Star { .. }))))
        .unwrap();
    let x = star_dst(&a, x_star);
    for &pc in &in_try {
        for l in [a.live_in(pc), a.live_out(pc)] {
            assert!(live(&a, l, x) && live(&a, l, h.context), "at {pc}: {l:?}\n{text}");
        }
    }
    // The handler gets the exception in the accumulator: the try range does not keep it live for the handler.
    assert!(a.live_in(h.handler).accumulator, "{text}");
    let call =
        in_try.iter().copied().find(|&p| a.instructions().any(|(q, i)| q == p && i.op() == Op::CallUndefinedReceiver));
    assert!(!a.live_in(call.unwrap()).accumulator, "{text}");
    // The normal exit after the try (`return 0`) does not read x.
    let zero = *offsets(&a, |i| matches!(i, Insn::LdaSmi { value: 0 })).last().unwrap();
    assert!(zero >= h.end && !live(&a, a.live_in(zero), x), "{text}");
}

#[test]
fn generators_have_resume_blocks() {
    for src in [
        "function* g(a) { let x = 1; try { yield x; x = a; } catch (e) { x = e; } yield a + x; }",
        "async function h(p) { const v = await p; return v + 1; }",
        "async function* k(p) { for (const x of p) { yield await x; } }",
    ] {
        let (_rt, f) = function(src);
        let a = BytecodeAnalysis::compute(&f);
        check_invariants(&f, &a);
        let text = listing(&f);
        let suspends = offsets(&a, op_is(Op::SuspendGenerator));
        assert!(!suspends.is_empty(), "{text}");
        assert_eq!(a.resume_points().len(), suspends.len(), "{text}");
        let switch = a.block_containing(offsets(&a, op_is(Op::SwitchOnGeneratorState))[0]);
        for &r in a.resume_points() {
            let b = a.block_index_at(r).expect("resume points start blocks");
            assert!(a.blocks[b].is_resume_point && a.blocks[b].preds == vec![switch], "{text}");
            assert_eq!(a.instructions().find(|&(p, _)| p == r).unwrap().1.op(), Op::ResumeGenerator, "{text}");
            // ResumeGenerator restores every local and writes the accumulator; inside a try range only what the
            // handler needs stays live across it.
            assert!(!a.live_in(r).accumulator, "{text}");
            let handler = f.handlers.iter().find(|h| h.start <= r && r < h.end);
            let needed = |l: Reg| handler.is_some_and(|h| l == h.context || live(&a, a.live_in(h.handler), l));
            let locals = (0..f.register_count).map(Reg::local);
            assert!(locals.clone().all(|l| !live(&a, a.live_in(r), l) || needed(l)), "{text}");
        }
        // A suspension saves the whole frame.
        for &s in &suspends {
            let l = a.live_in(s);
            assert!((0..f.register_count).map(Reg::local).all(|r| live(&a, l, r)), "{text}");
        }
    }
}

#[test]
fn register_effects_of_calls_and_generators() {
    let (_rt, f) = function("function f(o, a, b) { return o.m(a, b); }");
    let a = BytecodeAnalysis::compute(&f);
    let (_, call) = a.instructions().find(|(_, i)| i.op() == Op::CallProperty).expect("a CallProperty");
    let Insn::CallProperty { callee, args, count, .. } = call else { unreachable!() };
    let e = register_effects(&f, &call);
    assert_eq!(count, 3, "receiver and two arguments");
    for i in 0..count as i16 {
        assert!(e.reads.contains(&Reg(args.0 + i)));
    }
    assert!(e.reads.contains(&callee) && e.writes.is_empty() && !e.reads_all && !e.writes_all);
    let star = register_effects(&f, &Insn::Star { dst: Reg::local(0) });
    assert_eq!((star.reads, star.writes), (vec![], vec![Reg::local(0)]));
    assert!(register_effects(&f, &Insn::SuspendGenerator { generator: Reg::local(0) }).reads_all);
    assert!(register_effects(&f, &Insn::ResumeGenerator {}).writes_all);
    let args = register_effects(&f, &Insn::CreateArguments {});
    assert!((0..3).all(|i| args.reads.contains(&Reg::param(i))));
}

#[test]
fn mapped_arguments_keep_parameters_live() {
    let (_rt, f) = function("function f(a, b) { arguments[0] = 2; return 1; }");
    assert!(f.mapped_arguments.is_some());
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    for (pc, _) in a.instructions() {
        assert!(live(&a, a.live_out(pc), Reg::param(0)) && live(&a, a.live_out(pc), Reg::param(1)));
    }
}

#[test]
fn for_of_and_for_in_loops_and_dead_code() {
    let (_rt, f) = function(
        "function f(a, o) { let s = 0; for (const x of a) { if (x) break; s += x; } \
         for (const k in o) { s += k; } return s; }",
    );
    let a = BytecodeAnalysis::compute(&f);
    check_invariants(&f, &a);
    let text = listing(&f);
    assert_eq!(a.loops.len(), 2, "{text}");
    assert!(a.loops.iter().all(|l| l.parent.is_none()), "{text}");
    // The iterator steps jump out of their loop when done, and keep the iterator live around the back edge.
    for op in [Op::IteratorNext, Op::ForInNext] {
        let pc = offsets(&a, op_is(op))[0];
        let b = &a.blocks[a.block_containing(pc)];
        assert_eq!(b.succs.len(), 2, "{text}");
        let (_, insn) = a.instructions().find(|&(p, _)| p == pc).unwrap();
        let iter = match insn {
            Insn::IteratorNext { iter, .. } | Insn::ForInNext { iter, .. } => iter,
            _ => unreachable!(),
        };
        let l = a.loops.iter().find(|l| l.header <= pc && pc < l.end).expect("inside its loop");
        assert!(live(&a, a.live_out(l.back_edges[0]), iter), "{text}");
    }
}

#[test]
fn analysis_is_cached_on_the_template() {
    let (_rt, f) = function("function f(a) { return a; }");
    let first = BytecodeAnalysis::of(&f);
    assert!(Rc::ptr_eq(&first, &BytecodeAnalysis::of(&f)));
    assert_eq!(first.reg_of_index(first.reg_index(Reg::param(0))), Reg::param(0));
    assert_eq!(first.reg_index(Reg::param(0)), 0);
    assert_eq!(first.reg_index(Reg::CLOSURE), 1);
    assert_eq!(first.slot_count(), 1 + HEADER_SIZE + f.register_count as usize);
}

#[test]
fn every_function_of_a_varied_script_satisfies_the_invariants() {
    let src = r#"
        function a(x) { switch (x) { case 1: return 1; case 2: x++; default: return x; } }
        function b(o) {
            try { try { o(); } catch (e) { o(e); } } catch (e2) { return e2; } finally { o = 1; }
            return o;
        }
        function c(n) {
            let k = 0;
            outer: while (true) { do { if (k++ > n) break outer; continue outer; } while (k); }
            return k;
        }
        class D extends Object { constructor(...r) { super(...r); this.x = r; } m() { return super.toString(); } }
        function* e(x) { yield* x; try { yield 1; } finally { yield 2; } }
        async function g(p) { for (const v of p) { try { await v; } catch { break; } } }
        function h(a = 1, { b } = {}, ...c) { const f = () => a + b + c.length + arguments.length; return f(); }
    "#;
    let mut rt = Runtime::new();
    let script = rt.vm.compile(src, "t.js").expect("compiles");
    let mut todo = vec![script];
    while let Some(t) = todo.pop() {
        todo.extend(t.functions.iter().copied());
        let a = BytecodeAnalysis::of(&t);
        check_invariants(&t, &a);
    }
}
