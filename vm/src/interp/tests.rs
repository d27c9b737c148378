//! Interpreter tests on hand-assembled bytecode: frames, calls, loops, inline caches and unwinding, independent of the
//! front end.

use crate::bytecode::{CompiledFunction, Constant, FeedbackKind, FunctionKind, Handler, Insn, Reg};
use crate::value::Value;
use crate::vm::{Options, Vm};

fn func(
    name: &str,
    params: u16,
    regs: u16,
    code: &[Insn],
    consts: Vec<Constant>,
    fns: Vec<CompiledFunction>,
) -> CompiledFunction {
    let mut bytecode = Vec::new();
    for i in code {
        i.encode(&mut bytecode);
    }
    CompiledFunction {
        name: name.encode_utf16().collect(),
        kind: if name == "<script>" { FunctionKind::Script } else { FunctionKind::Normal },
        is_strict: true,
        is_async: false,
        is_generator: false,
        length: params,
        param_count: params,
        register_count: regs,
        bytecode,
        constants: consts,
        functions: fns,
        feedback: vec![FeedbackKind::BinaryOp; 16],
        handlers: vec![],
        positions: vec![],
        mapped_arguments: None,
        source_start: 0,
        source_end: 0,
        this_properties: 0,
        eval_scopes: Vec::new(),
        lazy: None,
    }
}

/// Byte offsets of each instruction, to compute jump targets.
fn offsets(code: &[Insn]) -> Vec<u32> {
    let mut at = 0u32;
    code.iter()
        .map(|i| {
            let here = at;
            at += i.op().size() as u32;
            here
        })
        .collect()
}

fn run(script: CompiledFunction) -> Result<Value, String> {
    let mut vm = Vm::new(Options::default());
    let script_rc = std::rc::Rc::new(crate::function::Script::new("t".into(), String::new()));
    let t = vm.materialize_for_test(&script, &script_rc);
    match vm.run_script_template(t) {
        Ok(v) => Ok(v),
        Err(e) if e.is_object() => {
            let m = vm.get_str(e.as_object(), "message").unwrap();
            Err(vm.to_display_string(m))
        }
        Err(e) => Err(vm.to_display_string(e)),
    }
}

#[test]
fn loop_sums_integers() {
    // let s = 0; for (let i = 0; i < 1000; i++) s += i; return s;
    let (s, i) = (Reg::local(0), Reg::local(1));
    let mut code = vec![
        Insn::LdaSmi { value: 0 },
        Insn::Star { dst: s },
        Insn::LdaSmi { value: 0 },
        Insn::Star { dst: i },
        // loop header (index 4)
        Insn::LdaSmi { value: 1000 },
        Insn::TestLessThan { lhs: i, slot: 0 },
        Insn::JumpIfFalse { target: 0 },
        Insn::Ldar { src: i },
        Insn::Add { lhs: s, slot: 1 },
        Insn::Star { dst: s },
        Insn::Ldar { src: i },
        Insn::Inc { slot: 2 },
        Insn::Star { dst: i },
        Insn::JumpLoop { target: 0, depth: 0 },
        // exit (index 14)
        Insn::Ldar { src: s },
        Insn::Return {},
    ];
    let off = offsets(&code);
    code[6] = Insn::JumpIfFalse { target: off[14] };
    code[13] = Insn::JumpLoop { target: off[4], depth: 0 };
    let v = run(func("<script>", 0, 2, &code, vec![], vec![])).unwrap();
    assert_eq!(v, Value::int(499500));
}

#[test]
fn calls_recursive_function() {
    // function fib(n) { if (n < 2) return n; return fib(n-1) + fib(n-2); }  called via a closure in a register.
    let n = Reg::param(0);
    let (f, a, t) = (Reg::local(0), Reg::local(1), Reg::local(2));
    let mut fib = vec![
        Insn::LdaSmi { value: 2 },
        Insn::TestLessThan { lhs: n, slot: 0 },
        Insn::JumpIfFalse { target: 0 },
        Insn::Ldar { src: n },
        Insn::Return {},
        // (5)
        Insn::Mov { src: Reg::CLOSURE, dst: f },
        Insn::Ldar { src: n },
        Insn::SubSmi { value: 1, slot: 1 },
        Insn::Star { dst: a },
        Insn::CallUndefinedReceiver { callee: f, args: a, count: 1, slot: 2 },
        Insn::Star { dst: t },
        Insn::Ldar { src: n },
        Insn::SubSmi { value: 2, slot: 3 },
        Insn::Star { dst: a },
        Insn::CallUndefinedReceiver { callee: f, args: a, count: 1, slot: 4 },
        Insn::Add { lhs: t, slot: 5 },
        Insn::Return {},
    ];
    let off = offsets(&fib);
    fib[2] = Insn::JumpIfFalse { target: off[5] };
    let fib = func("fib", 1, 3, &fib, vec![], vec![]);
    let (g, x) = (Reg::local(0), Reg::local(1));
    let script = vec![
        Insn::CreateClosure { idx: 0 },
        Insn::Star { dst: g },
        Insn::LdaSmi { value: 20 },
        Insn::Star { dst: x },
        Insn::CallUndefinedReceiver { callee: g, args: x, count: 1, slot: 0 },
        Insn::Return {},
    ];
    let v = run(func("<script>", 0, 2, &script, vec![], vec![fib])).unwrap();
    assert_eq!(v, Value::int(6765));
}

#[test]
fn named_properties_through_inline_caches() {
    // o = {}; o.x = 1; o.y = 2; repeat 3 times via a loop so the IC goes monomorphic; return o.x + o.y
    let (o, k) = (Reg::local(0), Reg::local(1));
    let mut code = vec![
        Insn::LdaSmi { value: 0 },
        Insn::Star { dst: k },
        // (2) loop
        Insn::CreateEmptyObjectLiteral {},
        Insn::Star { dst: o },
        Insn::LdaSmi { value: 1 },
        Insn::SetNamedProperty { obj: o, name: 0, slot: 0 },
        Insn::LdaSmi { value: 2 },
        Insn::SetNamedProperty { obj: o, name: 1, slot: 1 },
        Insn::Ldar { src: k },
        Insn::Inc { slot: 2 },
        Insn::Star { dst: k },
        Insn::LdaSmi { value: 3 },
        Insn::TestLessThan { lhs: k, slot: 3 },
        Insn::JumpIfTrue { target: 0 },
        Insn::GetNamedProperty { obj: o, name: 0, slot: 4 },
        Insn::Star { dst: k },
        Insn::GetNamedProperty { obj: o, name: 1, slot: 5 },
        Insn::Add { lhs: k, slot: 6 },
        Insn::Return {},
    ];
    let off = offsets(&code);
    code[13] = Insn::JumpIfTrue { target: off[2] };
    let consts = vec![Constant::String("x".encode_utf16().collect()), Constant::String("y".encode_utf16().collect())];
    let v = run(func("<script>", 0, 2, &code, consts, vec![])).unwrap();
    assert_eq!(v, Value::int(3));
}

#[test]
fn exceptions_unwind_to_handlers_across_frames() {
    // function thrower() { throw 7; }  script: try { thrower() } catch (e) { return e + 1 }
    let thrower = func("thrower", 0, 0, &[Insn::LdaSmi { value: 7 }, Insn::Throw {}], vec![], vec![]);
    let (f, ctx) = (Reg::local(0), Reg::local(1));
    let code = vec![
        Insn::Mov { src: Reg::CONTEXT, dst: ctx },
        Insn::CreateClosure { idx: 0 },
        Insn::Star { dst: f },
        Insn::CallUndefinedReceiver { callee: f, args: f, count: 0, slot: 0 },
        Insn::Return {},
        // handler (5)
        Insn::AddSmi { value: 1, slot: 1 },
        Insn::Return {},
    ];
    let off = offsets(&code);
    let mut script = func("<script>", 0, 2, &code, vec![], vec![thrower]);
    script.handlers = vec![Handler { start: off[1], end: off[4], handler: off[5], context: ctx }];
    assert_eq!(run(script).unwrap(), Value::int(8));
}

#[test]
fn uncaught_errors_and_deep_recursion_are_range_errors() {
    // function r() { return r(); }
    let (f,) = (Reg::local(0),);
    let r = func(
        "r",
        0,
        1,
        &[
            Insn::Mov { src: Reg::CLOSURE, dst: f },
            Insn::CallUndefinedReceiver { callee: f, args: f, count: 0, slot: 0 },
            Insn::Return {},
        ],
        vec![],
        vec![],
    );
    let code = vec![
        Insn::CreateClosure { idx: 0 },
        Insn::Star { dst: f },
        Insn::CallUndefinedReceiver { callee: f, args: f, count: 0, slot: 0 },
        Insn::Return {},
    ];
    let err = run(func("<script>", 0, 1, &code, vec![], vec![r])).unwrap_err();
    assert_eq!(err, "Maximum call stack size exceeded");
}

/// Dispatch speed on a counting loop: `cargo test --release -p tetra-vm -- --ignored --nocapture dispatch_speed`.
#[test]
#[ignore]
fn dispatch_speed() {
    let (s, i) = (Reg::local(0), Reg::local(1));
    let n = 50_000_000;
    let mut code = vec![
        Insn::LdaSmi { value: 0 },
        Insn::Star { dst: s },
        Insn::LdaSmi { value: 0 },
        Insn::Star { dst: i },
        Insn::LdaSmi { value: n },
        Insn::TestLessThan { lhs: i, slot: 0 },
        Insn::JumpIfFalse { target: 0 },
        Insn::Ldar { src: i },
        Insn::BitwiseAnd { lhs: s, slot: 1 },
        Insn::AddSmi { value: 3, slot: 3 },
        Insn::Star { dst: s },
        Insn::Ldar { src: i },
        Insn::Inc { slot: 2 },
        Insn::Star { dst: i },
        Insn::JumpLoop { target: 0, depth: 0 },
        Insn::Ldar { src: s },
        Insn::Return {},
    ];
    let off = offsets(&code);
    code[6] = Insn::JumpIfFalse { target: off[15] };
    code[14] = Insn::JumpLoop { target: off[4], depth: 0 };
    let start = std::time::Instant::now();
    let _ = run(func("<script>", 0, 2, &code, vec![], vec![])).unwrap();
    let el = start.elapsed();
    let insns = n as f64 * 11.0;
    eprintln!("{:.2} ns per bytecode ({:?} total)", el.as_nanos() as f64 / insns, el);
}
