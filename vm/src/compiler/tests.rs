//! Tests: disassembly of key patterns, early errors with positions, a battery of valid programs (each output
//! checked by a structural bytecode verifier), and a no-panic test over truncated / mutated snippets.

use super::*;
use crate::bytecode::disasm::disassemble;
use crate::bytecode::{Constant, Op, OperandKind};
use std::collections::HashSet;

fn compile(src: &str) -> CompiledFunction {
    match compile_script(src, "t.js") {
        Ok(f) => {
            verify(&f);
            f
        }
        Err(e) => panic!("{src}\n  -> {e}"),
    }
}

fn dis(src: &str) -> String {
    let mut out = String::new();
    disassemble(&compile(src), &mut out);
    out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

/// Only the opcode names (and operands) of one function, one per line, without pcs.
fn ops_of(f: &CompiledFunction) -> Vec<String> {
    let mut v = vec![];
    let mut pc = 0;
    while pc < f.bytecode.len() {
        let (text, next) = crate::bytecode::disasm::disassemble_insn(&f.bytecode, pc, &f.constants);
        let t = text.trim_start();
        let t = t.split_once(' ').map(|x| x.1).unwrap_or("").trim().to_string();
        let t = match t.split_once("  ;") {
            Some((a, _)) => a.trim().to_string(),
            None => t,
        };
        v.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
        pc = next;
    }
    v
}

fn first_fn(src: &str) -> CompiledFunction {
    compile(src).functions.into_iter().next().expect("a nested function")
}

/// Structural checks: instruction boundaries, jump targets, register/constant/function/slot ranges, handlers.
fn verify(f: &CompiledFunction) {
    let mut starts = HashSet::new();
    let mut pc = 0;
    let code = &f.bytecode;
    while pc < code.len() {
        assert!((code[pc] as usize) < Op::COUNT, "bad opcode at {pc}");
        starts.insert(pc as u32);
        pc += Op::from_byte(code[pc]).size();
    }
    assert_eq!(pc, code.len(), "truncated instruction");
    starts.insert(code.len() as u32);
    let mut slots = HashSet::new();
    let mut pc = 0;
    while pc < code.len() {
        let insn = crate::bytecode::Insn::decode(code, pc);
        let op = insn.op();
        for (k, v) in op.operands().iter().zip(insn.operand_values()) {
            match k {
                OperandKind::Reg => {
                    let r = v as i16;
                    // Negative registers are parameters: any index is valid (missing arguments read undefined).
                    if r >= crate::frame::HEADER_SIZE as i16 {
                        assert!(
                            ((r - crate::frame::HEADER_SIZE as i16) as u16) < f.register_count,
                            "register r{} >= {} at {pc} {:?}",
                            r - 8,
                            f.register_count,
                            op
                        );
                    } else {
                        assert!(r <= crate::frame::NEW_TARGET, "header register {r}");
                    }
                }
                OperandKind::Lbl => {
                    assert!(starts.contains(&(v as u32)) && (v as usize) < code.len(), "bad jump target {v} at {pc}");
                }
                OperandKind::Idx => {
                    if op == Op::CreateClosure {
                        assert!((v as usize) < f.functions.len());
                    } else {
                        assert!((v as usize) < f.constants.len());
                    }
                }
                OperandKind::Slot => {
                    assert!((v as usize) < f.feedback.len());
                    assert!(slots.insert(v), "feedback slot {v} shared");
                }
                _ => {}
            }
        }
        pc += op.size();
    }
    for h in &f.handlers {
        assert!(
            h.start <= h.end && starts.contains(&h.start) && starts.contains(&h.end) && starts.contains(&h.handler)
        );
    }
    for p in f.positions.windows(2) {
        assert!(p[0].0 <= p[1].0);
    }
    for inner in &f.functions {
        verify(inner);
    }
}

fn err(src: &str) -> (String, u32, u32) {
    match compile_script(src, "t.js") {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => (e.message, e.line, e.column),
    }
}

fn err_at(src: &str, line: u32, col: u32) {
    let (m, l, c) = err(src);
    assert_eq!((l, c), (line, col), "{src:?}: {m}");
}

// ------------------------------------------------------------------------------------------------ patterns

#[test]
fn call_with_register_args_and_subsmi() {
    let f = first_fn("function f(a, b) { return g(a - 1, b); }");
    let ops = ops_of(&f);
    assert_eq!(
        ops,
        vec![
            "LdaGlobal [0], #0",
            "Star r0",
            "Ldar a0",
            "SubSmi 1, #1",
            "Star r1",
            "Ldar a1",
            "Star r2",
            "CallUndefinedReceiver r0, r1, 2, #2",
            "Return",
            "LdaUndefined",
            "Return"
        ]
    );
}

#[test]
fn property_call_includes_receiver() {
    let f = first_fn("function f(o) { o.m(1); }");
    let ops = ops_of(&f);
    assert_eq!(
        ops,
        vec![
            "GetNamedProperty a0, [0], #0",
            "Star r0",
            "Mov a0, r1",
            "LdaSmi 1",
            "Star r2",
            "CallProperty r0, r1, 2, #1",
            "LdaUndefined",
            "Return"
        ]
    );
}

#[test]
fn captured_variable_lives_in_context() {
    let out = dis("function f() { let x = 1; return () => x; }");
    assert!(out.contains("CreateFunctionContext 1"), "{out}");
    assert!(out.contains("StaContextSlot 0, 0"), "{out}");
    // Inside the arrow: depth 0 (the arrow has no context of its own); TDZ check required (other function).
    assert!(out.contains("LdaContextSlot 0, 0"), "{out}");
    assert!(out.contains("ThrowReferenceErrorIfHole"), "{out}");
}

#[test]
fn tdz_check_elided_after_initialisation() {
    let f = first_fn("function f() { let x = 1; return x; }");
    let ops = ops_of(&f);
    assert!(!ops.iter().any(|o| o.starts_with("ThrowReferenceErrorIfHole")), "{ops:?}");
    let f = first_fn("function f() { g(); let x = 1; function g() { return x; } }");
    let out = {
        let mut s = String::new();
        disassemble(&f, &mut s);
        s
    };
    assert!(out.contains("ThrowReferenceErrorIfHole"), "{out}");
    let f = first_fn("function f() { x; let x = 1; }");
    assert!(ops_of(&f).iter().any(|o| o.starts_with("ThrowReferenceErrorIfHole")));
}

#[test]
fn try_finally_dispatch() {
    let f = first_fn("function f() { try { return 1; } finally { g(); } }");
    let ops = ops_of(&f);
    assert_eq!(f.handlers.len(), 1);
    assert!(ops.iter().any(|o| o == "ReThrow"), "{ops:?}");
    assert!(ops.iter().filter(|o| o.starts_with("TestEqualStrict")).count() >= 2, "{ops:?}");
    // The return value travels through the value register and is returned after the finally body.
    assert!(ops.iter().filter(|o| *o == "Return").count() >= 2);
}

#[test]
fn for_of_has_close_handler() {
    let f = first_fn("function f(a) { for (const x of a) { if (x) break; g(x); } }");
    let ops = ops_of(&f);
    assert!(ops.iter().any(|o| o == "GetIterator"));
    assert!(ops.iter().any(|o| o.starts_with("IteratorNext")));
    assert!(ops.iter().filter(|o| o.starts_with("IteratorClose")).count() >= 2, "{ops:?}"); // break + handler
    // The body's handler, and the close's own (its error is discarded for the original one).
    assert_eq!(f.handlers.len(), 2);
    assert!(ops.iter().any(|o| o.starts_with("JumpLoop")));
}

#[test]
fn comparisons_jump_directly() {
    let f = first_fn("function f(a, b) { if (a > b) return 1; return 2; }");
    let ops = ops_of(&f);
    assert!(ops.iter().any(|o| o.starts_with("TestGreaterThan a0")), "{ops:?}");
    // An operand that a later operand could assign to is copied first.
    let f = first_fn("function f(a) { return a + (a = 2); }");
    assert_eq!(ops_of(&f)[..4], ["Ldar a0", "Star r0", "LdaSmi 2", "Star a0"]);
    assert!(ops.iter().any(|o| o.starts_with("JumpIfFalse")), "{ops:?}");
}

#[test]
fn globals_are_declared() {
    let f = compile("var a = 1; function g() {} let b = 2;");
    let ops = ops_of(&f);
    assert!(ops.iter().filter(|o| o.starts_with("DeclareGlobal")).count() == 2, "{ops:?}");
    assert!(ops.iter().any(|o| o.starts_with("StaGlobal")), "{ops:?}");
}

#[test]
fn per_iteration_let_clones_context() {
    let out = dis("function f() { let a = []; for (let i = 0; i < 3; i++) a.push(() => i); return a; }");
    assert!(out.contains("CloneBlockContext"), "{out}");
    assert!(out.contains("CreateBlockContext 1"), "{out}");
}

#[test]
fn mapped_arguments() {
    let f = first_fn("function f(a, b) { return arguments[0] + a; }");
    assert_eq!(f.mapped_arguments, Some(vec![0, 1]));
    let ops = ops_of(&f);
    let create = ops.iter().position(|o| o == "CreateArguments").unwrap();
    let copy = ops.iter().rposition(|o| o.starts_with("StaContextSlot 0, 1")).unwrap();
    assert!(copy < create, "parameters are copied before the mapped arguments object is created: {ops:?}");
    let f = first_fn("function f(a, b) { 'use strict'; return arguments[0]; }");
    assert_eq!(f.mapped_arguments, None);
}

#[test]
fn names_are_set_statically() {
    let f = compile("let f = function(){}; var o = { g: () => 1, h() {}, get x() { return 1; } }; class C {}");
    let names: Vec<String> = f.functions.iter().map(|f| String::from_utf16_lossy(&f.name)).collect();
    assert_eq!(names, vec!["f", "g", "h", "get x", "C"]);
}

#[test]
fn line_col_counts_utf16_and_crlf() {
    assert_eq!(line_col("a\r\nb", 3), (2, 1));
    assert_eq!(line_col("😀x", 4), (1, 3));
    assert_eq!(line_col("\u{feff}ab", 4), (1, 2));
    // The scripts' cached line table agrees with the scan at every offset a token can start at (not inside a CRLF).
    for src in ["a\r\nb\rc\n\nd", "\u{feff}x\u{2028}y\u{2029}z", "😀x\n é\r\n\r\n", ""] {
        let s = crate::function::Script::new("t".into(), src.into());
        let inside_crlf = |o: usize| o > 0 && src[..o].ends_with('\r') && src[o..].starts_with('\n');
        for off in (0..=src.len() as u32).filter(|&o| src.is_char_boundary(o as usize) && !inside_crlf(o as usize)) {
            assert_eq!(s.line_col(off), line_col(src, off), "{src:?} at {off}");
        }
    }
}

// ------------------------------------------------------------------------------------------------ early errors

#[test]
fn early_errors() {
    err_at("let a; let a;", 1, 12);
    err_at("let a; var a;", 1, 12);
    err_at("var a; let a;", 1, 12);
    err_at("let a; { var a; }", 1, 14);
    err_at("function g(p){ let p; }", 1, 20);
    err_at("try{}catch(e){ let e; }", 1, 20);
    err_at("let [a, a] = [];", 1, 9);
    err_at("function h(a,a){'use strict'}", 1, 14);
    err_at("(a,a)=>1", 1, 4);
    err_at("l: { while(1) { continue l; } }", 1, 26);
    err_at("super();", 1, 1);
    err_at("function f() { super.x; }", 1, 16);
    err_at("({ __proto__: 1, __proto__: 2 })", 1, 18);
    err_at("const c = 1;\nlet x = 1;\n  x +* 2;", 3, 6);
    err_at("class A { m() { super(); } }", 1, 17);
    err_at("async function f() { var \\u0061wait; }", 1, 26);
    err_at("function* g() { yi\\u0065ld: 1; }", 1, 17);
    err_at("L: async function f() {}", 1, 4);
    err_at("{ function f() {} function* f() {} }", 1, 29);
    err_at("({ async\n m() {} })", 2, 2);
    err_at("class C { static async prototype() {} }", 1, 24);
    compile("with (a) { b = c; }");
    err_at("'use strict'; with (a) {}", 1, 15);
    // swc reports it for a strict function body (the scope walk does for code that is strict otherwise).
    err_at("function f() { 'use strict'; with (a) {} }", 1, 30);
}

#[test]
fn valid_redeclarations_and_super() {
    compile("var a; var a; function a() {}");
    compile("function f(a) { var a; }");
    compile("try {} catch (e) { var e; }");
    compile("({ __proto__: 1, ['__proto__']: 2, __proto__() {} })");
    compile("({ __proto__: a, __proto__: b } = {})");
    compile("class A extends Object { constructor() { super(); } m() { return super.m; } }");
    compile("({ m() { return super.x; } })");
    compile("a: while (1) { b: for (;;) { continue a; } }");
    compile("{ function f() {} } f();");
}

// ------------------------------------------------------------------------------------------------ battery

const VALID: &[&str] = &[
    "1 + 2 * 3 - 4 / 5 % 6 ** 2",
    "var x = 1; x += 2; x -= 1; x *= 3; x /= 2; x %= 5; x **= 2; x <<= 1; x >>= 1; x >>>= 1; x |= 1; x &= 3; x ^= 7;",
    "var o = {a: 1}; o.a ||= 2; o.b ??= 3; o['c'] &&= 4; o.a++; --o['a'];",
    "let a = 1, b = 2; [a, b] = [b, a];",
    "var {a, b: [c, d = 4], ...rest} = {a: 1, b: [2]};",
    "function f({a = 1, b: {c}} = {}, [d, , e] = [], ...r) { return a + c + d + e + r.length; }",
    "const g = (a, b = a) => a + b; g(1);",
    "function f() { return typeof x === 'undefined' && void 0 === undefined; }",
    "delete globalThis.x; var o = {}; delete o.a; delete o['b']; delete 1;",
    "'a' in {a: 1}; [] instanceof Array;",
    "var s = `a${1}b${2 + 3}c`; var t = `plain`;",
    "var r = /ab+c/gi;",
    "a?.b; a?.[0]; a?.(); a?.b.c(); a.b?.(); a?.b?.c;",
    "if (a) b(); else if (c) d(); else e();",
    "while (i < 10) { i++; if (i == 5) continue; if (i == 8) break; }",
    "do { i--; } while (i > 0);",
    "for (var i = 0; i < 10; i++) {} for (let j = 0; j < 3; j++) { let k = j; } for (;;) { break; }",
    "for (var k in {a: 1}) {} for (let k in {a: 1}) {} for (const k in {}) {} var kk; for (kk in {}) {}",
    "for (var v of [1, 2]) {} for (let [a, b] of [[1, 2]]) {} for (const {x} of []) {} var o = {}; for (o.p of [1]) {}",
    "outer: for (let i = 0; i < 3; i++) { inner: for (let j = 0; j < 3; j++) { if (j) continue outer; if (i) break inner; } }",
    "lbl: { if (a) break lbl; b(); }",
    "switch (x) { case 1: a(); case 2: b(); break; default: c(); case 3: { let z = 1; } }",
    "switch (x) { default: let y = 1; }",
    "try { a(); } catch (e) { b(e); }",
    "try { a(); } catch { b(); } finally { c(); }",
    "try { a(); } finally { c(); }",
    "function f() { for (const x of y) { try { if (x) return x; continue; } finally { g(); } } }",
    "function f() { a: try { try { break a; } finally { b(); } } finally { c(); } }",
    "try { throw new Error('x'); } catch ({message}) { print(message); }",
    "function f() { try { return 1; } catch (e) { return 2; } finally { if (x) return 3; } }",
    "class A { constructor(x) { this.x = x; } get y() { return 1; } set y(v) {} static s() {} m() { return this.x; } ['c' + 1]() {} }",
    "class B extends A { constructor() { super(1); this.z = 2; } m() { return super.m() + super['m'](); } }",
    "class C extends A {} new C();",
    "class D { x = 1; y = this.x + 1; static z = 3; static w = () => 1; f = function() {}; }",
    "class E extends D { q = 2; constructor() { super(); } }",
    "var K = class {}; var L = class Named { m() { return Named; } };",
    "var o = { a, b: 1, ['c']: 2, 3: 4, 'd': 5, m() {}, get g() { return 1; }, set g(v) {}, ...p, __proto__: null };",
    "var a = [1, , 3, ...b, 4]; var c = [, ,]; var d = [...e];",
    "f(...a); f(1, ...a, 2); o.m(...a); new C(...a); new C; new C(1, 2);",
    "function f() { return arguments.length; } function g(a) { arguments[0] = 2; return a; }",
    "function f() { return () => arguments[0]; }",
    "function f() { return () => this.x; } var g = () => this;",
    "function F() { if (!new.target) return; return () => new.target; }",
    "class A extends Object { constructor() { const f = () => super(); f(); } }",
    "x = 1; y = x ? 2 : 3; z = (1, 2, 3);",
    "var f = function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); };",
    "{ function blockFn() {} } blockFn();",
    "function f() { if (1) { function g() {} } return g; }",
    "'use strict'; var x = 1; function f() { return this; }",
    "function f() { 'use strict'; return function() { return this; }; }",
    "var a = -1, b = +'3', c = ~5, d = !0, e = -0, f = 1e300, g = 0.5;",
    "debugger;",
    "label: function lf() {}",
    "let x = 1; { let x = 2; { let x = 3; } }",
    "function f(a, b) { let c = a; return function() { c++; a++; return b; }; }",
    "for (let i = 0; i < 3; i++) setTimeout(() => i);",
    "for (let x of [1]) { (() => x)(); } for (let k in {}) { (() => k)(); }",
    "try { } catch (e) { (() => e)(); }",
    "function f() { var x = 1; { let y = 2; var g = () => x + y; } return g; }",
    "const c = 1; try { c = 2; } catch (e) {}",
    "let u; u = 5; var w = u;",
    "a = b = c = 1; a.b.c.d = 1; a[b][c] = 2;",
    "var o = { 'use strict': 1 }; 'use strict'.length;",
    "x => x; (x, y) => { return x; }; () => ({});",
    "async function af() {}",
    "class P { #x = 1; }",
    "class Q { h = () => this.v; static s = () => this; v = 1; }",
    "class R extends Q { k = () => this.v; constructor() { super(); } }",
];

#[test]
fn battery_of_valid_programs() {
    let mut failures = vec![];
    for src in VALID {
        match compile_script(src, "t.js") {
            Ok(f) => verify(&f),
            Err(e) if e.message.contains("not supported yet") => {}
            Err(e) => failures.push(format!("{src}\n   -> {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn constants_are_deduplicated() {
    let f = compile("a = 'x'; b = 'x';");
    let n = f.constants.iter().filter(|c| matches!(c, Constant::String(s) if s == &utf16("x"))).count();
    assert_eq!(n, 1);
}

// ------------------------------------------------------------------------------------------------ robustness

#[test]
fn no_panic_on_truncated_and_mutated_input() {
    let corpus: Vec<&str> = VALID.to_vec();
    let muts = ["", ")", "}", "{", "let ", "=>", "super", "yield", "`", "/", "...", "?.", "#", "\u{0}", "é", "\r\n"];
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            for src in &corpus {
                let chars: Vec<char> = src.chars().collect();
                for cut in (0..chars.len()).step_by(3) {
                    let s: String = chars[..cut].iter().collect();
                    let _ = compile_script(&s, "t.js");
                    for m in &muts {
                        let s2: String =
                            chars[..cut].iter().collect::<String>() + m + &chars[cut..].iter().collect::<String>();
                        if let Ok(f) = compile_script(&s2, "t.js") {
                            verify(&f);
                        }
                    }
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(|| {
            let src = "(".repeat(5000) + "1" + &")".repeat(5000);
            let r = compile_script(&src, "t.js");
            assert!(r.is_err());
            let src = "[".repeat(3000) + &"]".repeat(3000);
            assert!(compile_script(&src, "t.js").is_err());
            let src = "{".repeat(2500) + &"}".repeat(2500);
            assert!(compile_script(&src, "t.js").is_err());
            let src = "x=1".to_string() + &"+1".repeat(5000);
            let _ = compile_script(&src, "t.js");
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
#[ignore]
fn print_samples() {
    for src in [
        "function f() { try { for (const x of y) { if (x) return x; } } finally { g(); } }",
        "class B extends A { x = 1; constructor(a) { super(a); } m() { return super.m(); } }",
        "function f({a, b = 2}, [c]) { return a + b + c; }",
        "class Q { h = () => this.v; static s = () => this; }",
        "function f(o) { while (o.n < 10) { o.n++; if (o.n == 5) continue; } return o?.p?.q; }",
    ] {
        println!("==== {src}\n{}", dis(src));
    }
}

#[test]
fn more_early_errors() {
    err_at("class A {}\nclass A {}", 2, 7);
    err_at("let x; function x() {}", 1, 17);
    err_at("switch (1) { case 1: let a; case 2: let a; }", 1, 41);
    err_at("try {} catch ([e]) { var e; }", 1, 26);
    err_at("for (let i;;) { var i; }", 1, 21);
    err_at("'use strict'; { function f() {} function f() {} }", 1, 42);
    err_at("function f(a = 1, a) {}", 1, 19);
    err_at("({ m(a, a) {} })", 1, 9);
    err_at("x = { __proto__: 1, \"__proto__\": 2 }", 1, 21);
    compile("{ function f() {} function f() {} }");
    compile("label: { label2: for (;;) { continue label2; } }");
}

#[test]
fn positions_are_recorded_for_throwing_instructions() {
    let f = compile("\n  foo.bar");
    assert!(f.positions.iter().any(|&(_, off)| off == 3), "{:?}", f.positions);
    let (l, c) = line_col("\n  foo.bar", 3);
    assert_eq!((l, c), (2, 3));
    let f = compile("\u{feff}x");
    assert_eq!(f.positions[0].1, 3);
}

#[test]
fn annex_b_block_function_assigns_var() {
    let f = first_fn("function f() { { function g() {} } return g; }");
    let ops = ops_of(&f);
    // The block binding gets the closure at block entry; the declaration copies it to the var.
    assert!(ops.iter().filter(|o| o.starts_with("Star r")).count() >= 2, "{ops:?}");
    let f = compile("{ function h() {} }");
    assert!(ops_of(&f).iter().any(|o| o.starts_with("StaGlobal")));
}

#[test]
fn object_rest_excludes_taken_keys() {
    let f = first_fn("function f(o) { const {a, ['b' + 1]: b, ...rest} = o; return rest; }");
    let ops = ops_of(&f);
    assert!(ops.iter().any(|o| o == "CallRuntime CopyDataProperties, r5, 2"), "{ops:?}");
    assert_eq!(ops.iter().filter(|o| o.starts_with("DeleteProperty")).count(), 2, "{ops:?}");
}

#[test]
fn derived_implicit_constructor_spreads_rest() {
    let f = compile("class A extends Object {}");
    let ops = ops_of(&f.functions[0]);
    assert_eq!(ops[0], "CreateRestParameter 0");
    assert_eq!(ops[1], "SuperCallWithSpread");
}

/// Compiles test262's language tests: parse-negative tests must be rejected, the others accepted (or reported
/// as not supported). Run with `cargo test -p tetra-vm test262_front_end -- --ignored --nocapture`.
#[test]
#[ignore]
fn test262_front_end() {
    let root = std::path::Path::new("/work/shared/conformance/test262/test");
    if !root.exists() {
        return;
    }
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || {
            let mut files = vec![];
            let mut stack = vec![root.to_path_buf()];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p)
                    } else if p.extension().map(|x| x == "js").unwrap_or(false)
                        && !p.to_string_lossy().contains("_FIXTURE")
                    {
                        files.push(p)
                    }
                }
            }
            files.sort();
            let (mut ok, mut unsupported_n, mut bad) = (0, 0, vec![]);
            for p in files {
                let src = std::fs::read_to_string(&p).unwrap_or_default();
                if src.contains("flags: [module]")
                    || src.contains("module]") && src.contains("flags:") && src.contains("module")
                {
                    continue;
                }
                let negative = src.contains("phase: parse");
                let strict = src.contains("onlyStrict");
                let text =
                    if strict && !src.contains("flags: [raw]") { format!("'use strict';\n{src}") } else { src.clone() };
                let r = std::panic::catch_unwind(|| compile_script(&text, "t.js"));
                match r {
                    Err(_) => bad.push(format!("PANIC {}", p.display())),
                    Ok(Ok(f)) => {
                        verify(&f);
                        if negative { bad.push(format!("ACCEPTED {}", p.display())) } else { ok += 1 }
                    }
                    Ok(Err(e)) if e.message.contains("not supported") => {
                        unsupported_n += 1;
                        if std::env::var("T262_UNSUPPORTED").is_ok() {
                            println!("UNSUPPORTED {} : {}", p.display(), e.message);
                        }
                    }
                    Ok(Err(e)) => {
                        if negative {
                            ok += 1
                        } else {
                            bad.push(format!("REJECTED {} : {}", p.display(), e))
                        }
                    }
                }
            }
            for b in &bad {
                println!("{b}");
            }
            println!("ok {ok}, not supported {unsupported_n}, bad {}", bad.len());
        })
        .unwrap()
        .join()
        .unwrap();
}

/// Compiles every JS file under the directory in $TETRA_COMPILE_DIR (benchmarks, corpus) and prints failures.
#[test]
#[ignore]
fn compile_dir() {
    let Ok(dir) = std::env::var("TETRA_COMPILE_DIR") else { return };
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || {
            let mut stack = vec![std::path::PathBuf::from(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().map(|x| x == "js").unwrap_or(false) {
                        let src = std::fs::read_to_string(&p).unwrap_or_default();
                        match compile_script(&src, "t.js") {
                            Ok(f) => {
                                verify(&f);
                                if std::env::var("TETRA_PRINT").is_ok() {
                                    let mut s = String::new();
                                    disassemble(&f, &mut s);
                                    println!("{s}");
                                }
                            }
                            Err(e) => println!("{}: {e}", p.display()),
                        }
                    }
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

// ------------------------------------------------------------------------------------ bytecode quality (V8 shapes)

/// The ops of the first nested function, without feedback-slot operands (`, #n`), joined by "; ".
fn fn_ops(src: &str) -> String {
    ops_of(&first_fn(src)).iter().map(|o| strip_slot(o)).collect::<Vec<_>>().join("; ")
}

/// The ops of the script function itself (same format as `fn_ops`).
fn script_ops(src: &str) -> String {
    ops_of(&compile(src)).iter().map(|o| strip_slot(o)).collect::<Vec<_>>().join("; ")
}

fn strip_slot(o: &str) -> String {
    // Jump targets are byte offsets: "@" only.
    let o = &match o.find('@') {
        Some(i) => {
            let end = o[i + 1..].find(|c: char| !c.is_ascii_digit()).map(|k| i + 1 + k).unwrap_or(o.len());
            format!("{}@{}", &o[..i], &o[end..])
        }
        None => o.to_string(),
    };
    for sep in [", #", " #"] {
        if let Some(i) = o.rfind(sep)
            && !o[i + sep.len()..].is_empty()
            && o[i + sep.len()..].chars().all(|c| c.is_ascii_digit())
        {
            return o[..i].to_string();
        }
    }
    o.to_string()
}

#[test]
fn register_operands_are_used_directly() {
    // Binary operands, comparisons, property loads/stores and callees read the variables' own registers.
    assert_eq!(fn_ops("function f(a, b) { return a + b; }"), "Ldar a1; Add a0; Return; LdaUndefined; Return");
    assert_eq!(fn_ops("function f(a, b) { return a < b; }"), "Ldar a1; TestLessThan a0; Return; LdaUndefined; Return");
    assert_eq!(
        fn_ops("function f(o, k) { return o[k]; }"),
        "Ldar a1; GetKeyedProperty a0; Return; LdaUndefined; Return"
    );
    assert_eq!(fn_ops("function f(o, k) { o[k] = 1; }"), "LdaSmi 1; SetKeyedProperty a0, a1; LdaUndefined; Return");
    assert_eq!(fn_ops("function f(o, v) { o.x = v; }"), "Ldar a1; SetNamedProperty a0, [0]; LdaUndefined; Return");
    assert_eq!(
        fn_ops("function f(o, i) { o[i]++; }"),
        "Ldar a1; GetKeyedProperty a0; Inc; SetKeyedProperty a0, a1; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(g, x) { return g(x); }"),
        "Ldar a1; Star r0; CallUndefinedReceiver a0, r0, 1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(C, x) { return new C(x); }"),
        "Ldar a1; Star r0; Construct a0, r0, 1; Return; LdaUndefined; Return"
    );
    // Compound assignment: the variable's register is the left operand.
    assert_eq!(
        fn_ops("function f(s, x) { s += x; return s; }"),
        "Ldar a1; Add a0; Star a0; Ldar a0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(s, o) { s -= o.p; }"),
        "GetNamedProperty a1, [0]; Sub a0; Star a0; LdaUndefined; Return"
    );
    // Calls cannot assign register variables.
    assert_eq!(
        fn_ops("function f(a) { return a + g(); }"),
        "LdaGlobal [0]; Star r0; CallUndefinedReceiver r0, r1, 0; Add a0; Return; LdaUndefined; Return"
    );
}

#[test]
fn register_operands_are_copied_when_the_rest_assigns_them() {
    // `a + (a = 1)` must add the old a.
    assert_eq!(
        fn_ops("function f(a) { return a + (a = 1); }"),
        "Ldar a0; Star r0; LdaSmi 1; Star a0; Add r0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { return a * a++; }"),
        "Ldar a0; Star r0; Ldar a0; ToNumeric; Star r1; Inc; Star a0; Ldar r1; Mul r0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(o) { return o[o = 1]; }"),
        "Ldar a0; Star r0; LdaSmi 1; Star a0; GetKeyedProperty r0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(o) { o.x = (o = null); }"),
        "Ldar a0; Star r0; LdaNull; Star a0; SetNamedProperty r0, [0]; LdaUndefined; Return"
    );
    assert_eq!(fn_ops("function f(o, k) { o[k] = k++; }").matches("Star r").count(), 2);
    assert_eq!(
        fn_ops("function f(s) { s += (s = 2); }"),
        "Ldar a0; Star r0; LdaSmi 2; Star a0; Add r0; Star a0; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(g) { return g(g = 1); }"),
        "Ldar a0; Star r0; LdaSmi 1; Star a0; Star r1; CallUndefinedReceiver r0, r1, 1; Return; LdaUndefined; Return"
    );
    // Destructuring assignments are treated as assigning anything.
    assert!(fn_ops("function f(a, b) { return a + ([b] = [1]); }").starts_with("Ldar a0; Star r0"));
    // Context variables (captured) are always loaded into a temporary.
    assert!(fn_ops("function f(a, b) { (() => a); return a + b; }").contains("LdaContextSlot"));
}

#[test]
fn effect_context_drops_unused_values() {
    // Postfix updates whose value is unused compile like prefix ones.
    assert_eq!(fn_ops("function f(x) { x++; }"), "Ldar a0; Inc; Star a0; LdaUndefined; Return");
    assert_eq!(
        fn_ops("function f(a, b) { a++, b--; }"),
        "Ldar a0; Inc; Star a0; Ldar a1; Dec; Star a1; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { return (a++, a); }"),
        "Ldar a0; Inc; Star a0; Ldar a0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { return void a++; }"),
        "Ldar a0; Inc; Star a0; LdaUndefined; Return; LdaUndefined; Return"
    );
    assert_eq!(fn_ops("function f(a) { void a--; }"), "Ldar a0; Dec; Star a0; LdaUndefined; Return");
    assert_eq!(
        fn_ops("function f(a, b) { for (a = 0, b = 0; a < 3; a++, b++) {} }"),
        "LdaSmi 0; Star a0; LdaSmi 0; Star a1; LdaSmi 3; TestLessThan a0; JumpIfFalse @; Ldar a0; Inc; Star a0; Ldar a1; Inc; Star a1; \
         JumpLoop @, 0; LdaUndefined; Return"
    );
    // Conditional and logical expressions for effect: their branches are for effect too.
    assert_eq!(
        fn_ops("function f(c, a, b) { c ? a++ : b--; }"),
        "Ldar a0; JumpIfToBooleanFalse @; Ldar a1; Inc; Star a1; Jump @; Ldar a2; Dec; Star a2; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a, b) { a < b && b++; }"),
        "Ldar a1; TestLessThan a0; JumpIfFalse @; Ldar a1; Inc; Star a1; LdaUndefined; Return"
    );
    // A destructuring assignment for effect does not reload its value (after the close, and the throw path's close
    // and rethrow, the function returns).
    let ops = fn_ops("function f(a, b) { [a, b] = [b, a]; }");
    assert!(ops.ends_with("IteratorClose r1; Ldar r6; ReThrow; LdaUndefined; Return"), "{ops}");
    let ops = fn_ops("function f(a, b) { return [a, b] = [b, a]; }");
    assert!(ops.ends_with("IteratorClose r1; Ldar r6; ReThrow; Ldar r0; Return; LdaUndefined; Return"), "{ops}");
    // Script: every top-level expression statement updates the completion value (what `eval` returns); other
    // statements leave it unchanged.
    let ops = script_ops("var x; x++; if (x) {}");
    assert!(ops.contains("Star r0; LdaGlobal [0]; JumpIfToBooleanFalse @"), "{ops}");
    assert!(ops.ends_with("Ldar r0; Return"), "{ops}");
    assert_eq!(
        script_ops("var x;"),
        "Ldar <context>; Star r0; LdaSmi 0; Star r1; LdaConstant [0]; Star r2; \
         CallRuntime DeclareScriptLexicals, r0, 3; LdaTheHole; DeclareGlobal [0]; LdaUndefined; Return"
    );
}

#[test]
fn sum_loop_matches_v8() {
    assert_eq!(
        fn_ops("function sum(arr) { let s = 0; for (let i = 0; i < arr.length; i++) { s += arr[i]; } return s; }"),
        "LdaSmi 0; Star r0; LdaSmi 0; Star r1; \
         GetNamedProperty a0, [0]; TestLessThan r1; JumpIfFalse @; \
         Ldar r1; GetKeyedProperty a0; Add r0; Star r0; Ldar r1; Inc; Star r1; JumpLoop @, 0; \
         Ldar r0; Return; LdaUndefined; Return"
    );
}

#[test]
fn tdz_holes_only_where_a_use_can_precede_the_declaration() {
    // Declared before any use: no hole, no check.
    assert_eq!(
        fn_ops("function f() { let x = 1; return x; }"),
        "LdaSmi 1; Star r0; Ldar r0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f() { let x; return x; }"),
        "LdaUndefined; Star r0; Ldar r0; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f() { const a = 1, b = a; return b; }"),
        "LdaSmi 1; Star r0; Ldar r0; Star r1; Ldar r1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f() { const c = 1; c = 2; }"),
        "LdaSmi 1; Star r0; LdaSmi 2; ThrowConstAssignError [0]; LdaUndefined; Return"
    );
    assert!(!fn_ops("function f(a) { for (let x of a) { g(x); } }").contains("LdaTheHole"));
    assert!(!fn_ops("function f(a) { { let y = a; a = y; } }").contains("LdaTheHole"));
    // A script's own lexicals live in its context from the start, in TDZ: other scripts can reach them early.
    assert!(script_ops("let x = 1; x + 1").starts_with("CreateFunctionContext 1; LdaTheHole; StaContextSlot 0, 0"));
    // A use textually before the declaration (in the initialiser, earlier in the block, or in an earlier loop
    // iteration) keeps the hole and the check.
    let ops = fn_ops("function f() { let x = x; }");
    assert!(ops.starts_with("LdaTheHole; Star r0; Ldar r0; ThrowReferenceErrorIfHole"), "{ops}");
    let ops = fn_ops("function f(c) { for (;;) { if (c) { g(x); } let x = 1; } }");
    assert!(ops.contains("LdaTheHole") && ops.contains("ThrowReferenceErrorIfHole"), "{ops}");
    let ops = fn_ops("function f() { x = 2; let x = 1; }");
    assert!(ops.contains("LdaTheHole") && ops.contains("ThrowReferenceErrorIfHole"), "{ops}");
    let ops = fn_ops("function f() { typeof x; let x = 1; }");
    assert!(ops.contains("LdaTheHole") && ops.contains("ThrowReferenceErrorIfHole"), "{ops}");
    let ops = fn_ops("function f() { let [a, b = a] = [1]; }");
    assert!(ops.contains("LdaTheHole"), "{ops}");
    // for-in/of: the right-hand side sees the head bindings in TDZ.
    let ops = fn_ops("function f() { for (let x of x) {} }");
    assert!(ops.starts_with("LdaTheHole; Star r0; Ldar r0; ThrowReferenceErrorIfHole"), "{ops}");
    // switch cases can skip a declaration.
    let ops = fn_ops("function f(v) { switch (v) { case 0: let x = 1; return x; case 1: return x; } }");
    assert!(ops.contains("LdaTheHole") && ops.contains("ThrowReferenceErrorIfHole"), "{ops}");
    // Captured bindings live in contexts and keep their holes (closures can run at any time).
    let ops = fn_ops("function f() { let x = 1; return () => x; }");
    assert!(ops.contains("LdaTheHole; StaContextSlot"), "{ops}");
    let ops = fn_ops("function f() { for (let i = 0; i < 2; i++) { h(() => i); } }");
    assert!(ops.contains("LdaTheHole; StaContextSlot"), "{ops}");
}

#[test]
fn conditions_jump_on_test_results() {
    assert_eq!(
        fn_ops("function f(a, b) { if (a < b) g(); }"),
        "Ldar a1; TestLessThan a0; JumpIfFalse @; LdaGlobal [0]; Star r0; CallUndefinedReceiver r0, r1, 0; LdaUndefined; Return"
    );
    // `!` and `!=` flip the jump instead of emitting LogicalNot.
    assert_eq!(
        fn_ops("function f(a, b) { if (!(a < b)) return 1; }"),
        "Ldar a1; TestLessThan a0; JumpIfTrue @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a, b) { if (a !== b) return 1; }"),
        "Ldar a1; TestEqualStrict a0; JumpIfTrue @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a, b) { while (a != b) a++; }"),
        "Ldar a1; TestEqual a0; JumpIfTrue @; Ldar a0; Inc; Star a0; JumpLoop @, 0; LdaUndefined; Return"
    );
    // && / || in test position: one Test + jump per operand.
    assert_eq!(
        fn_ops("function f(a, b) { if (a < b && b < 10 || a === 0) return 1; }"),
        "Ldar a1; TestLessThan a0; JumpIfFalse @; LdaSmi 10; TestLessThan a1; JumpIfTrue @; LdaSmi 0; TestEqualStrict a0; JumpIfFalse @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    // In value position the result of the comparison is the value: no Test+JumpIfFalse (which the interpreter
    // fuses without writing acc).
    assert_eq!(
        fn_ops("function f(a, b) { return a < b && b; }"),
        "Ldar a1; TestLessThan a0; JumpIfToBooleanFalse @; Ldar a1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { return a != 1; }"),
        "LdaSmi 1; TestEqual a0; LogicalNot; Return; LdaUndefined; Return"
    );
    // Comparisons with null / undefined.
    assert_eq!(
        fn_ops("function f(a) { if (a === null) return 1; }"),
        "Ldar a0; JumpIfNotNull @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { if (a != null) return 1; }"),
        "Ldar a0; JumpIfNullish @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    assert_eq!(
        fn_ops("function f(a) { if (undefined === a) return 1; }"),
        "Ldar a0; JumpIfNotUndefined @; LdaSmi 1; Return; LdaUndefined; Return"
    );
    assert_eq!(fn_ops("function f(a) { return a == void 0; }"), "Ldar a0; TestNullish; Return; LdaUndefined; Return");
    assert_eq!(
        fn_ops("function f(a) { return a !== null; }"),
        "Ldar a0; TestNull; LogicalNot; Return; LdaUndefined; Return"
    );
    // A local named `undefined` is not the undefined value.
    assert_eq!(
        fn_ops("function f(a, undefined) { return a === undefined; }"),
        "Ldar a1; TestEqualStrict a0; Return; LdaUndefined; Return"
    );
    // Comma in a condition: the left operands for effect.
    assert_eq!(
        fn_ops("function f(a, b) { if (a++, a < b) return 1; }"),
        "Ldar a0; Inc; Star a0; Ldar a1; TestLessThan a0; JumpIfFalse @; LdaSmi 1; Return; LdaUndefined; Return"
    );
}

#[test]
fn derived_constructor_returns_the_value_for_the_vm_to_check() {
    // No substitution of `this` for a primitive (the VM's construct-frame Return throws the TypeError); only an
    // undefined result becomes the checked `this`.
    let f = compile("class B extends A { constructor() { super(); return 1; } }");
    let ops: Vec<String> = ops_of(&f.functions[0]).iter().map(|o| strip_slot(o)).collect();
    assert!(!ops.iter().any(|o| o.starts_with("JumpIfObject")), "{ops:?}");
    let i = ops.iter().position(|o| o == "LdaSmi 1").expect("return 1");
    assert_eq!(
        ops[i + 1..i + 5],
        ["JumpIfNotUndefined @", "Ldar <this>", "ThrowSuperNotCalledIfHole", "Return"],
        "{ops:?}"
    );
    // The implicit return at the end returns the checked `this` directly.
    let f = compile("class B extends A { constructor() { super(); } }");
    let ops: Vec<String> = ops_of(&f.functions[0]).iter().map(|o| strip_slot(o)).collect();
    assert_eq!(ops[ops.len() - 3..], ["Ldar <this>", "ThrowSuperNotCalledIfHole", "Return"], "{ops:?}");
}

#[test]
fn for_of_close_error_does_not_replace_the_original() {
    let f = first_fn("function f(a) { for (const x of a) { g(x); } }");
    assert_eq!(f.handlers.len(), 2);
    let (body, close) = (&f.handlers[0], &f.handlers[1]);
    // The close handler covers exactly the IteratorClose of the throw path and resumes at the rethrow of the
    // saved original exception.
    let (text, next) = crate::bytecode::disasm::disassemble_insn(&f.bytecode, close.start as usize, &f.constants);
    assert!(text.contains("IteratorClose"), "{text}");
    assert_eq!(close.end as usize, next);
    assert_eq!(close.handler, close.end);
    let (text, _) = crate::bytecode::disasm::disassemble_insn(&f.bytecode, close.handler as usize, &f.constants);
    assert!(text.contains("Ldar"), "{text}");
    assert!(body.handler < close.start && close.start > body.end);
}

#[test]
fn this_properties_counts_distinct_names_assigned_to_this_and_instance_fields() {
    let f =
        first_fn("function P(a) { this.x = a; this.y = a; if (a) this.x = 2; this.o.z = 1; o.w = 1; this['k'] = 1; }");
    assert_eq!(f.this_properties, 2);
    let class = compile("class C { a = 1; b; constructor() { this.c = 1; } }");
    let ctor = class.functions.into_iter().next().expect("the constructor");
    assert_eq!(ctor.this_properties, 3);
}

#[test]
fn direct_eval_site_describes_the_callers_contexts() {
    let f = first_fn("function f(a) { let x = 1; { let y = 2; eval('x'); } let z = () => 0; }");
    assert!(ops_of(&f).iter().any(|o| o.contains("DirectEval")), "{:?}", ops_of(&f));
    let scope = &f.eval_scopes[0];
    assert!(!scope.strict && scope.flags.direct && scope.flags.new_target && !scope.flags.super_prop);
    let names = |l: &direct_eval::EvalLevel| l.bindings.iter().map(|b| b.0.clone()).collect::<Vec<_>>();
    // The block's context, then the function's: every binding the site sees is in one, `z` too.
    assert_eq!(names(&scope.levels[0]), ["y"]);
    let fun = names(&scope.levels[1]);
    for n in ["a", "x", "z", "arguments", "%this", "%new.target"] {
        assert!(fun.contains(&n.to_string()), "{n} in {fun:?}");
    }
    assert!(scope.levels[1].var_scope && !scope.levels[0].var_scope);
    let vars = scope.levels[1].object_env.as_ref().expect("the eval variable object");
    assert!(!vars.with && fun.contains(&vars.binding));
}

#[test]
fn eval_code_finds_the_callers_names_and_declares_in_its_var_scope() {
    let f = first_fn("function f(a) { let x = 1; { let y = 2; eval(''); } }");
    let scope = &f.eval_scopes[0];
    let code = direct_eval::compile_eval("a = x + y; var v = 1; g;", Some(scope), "<eval>").expect("compiles");
    let ops = ops_of(&code.function).join("; ");
    // `y` at depth 0 and `x` at depth 1 of the caller's chain (TDZ-checked: another function's), `g` global.
    assert!(ops.contains("LdaContextSlot 1,") && ops.contains("LdaContextSlot 0,"), "{ops}");
    assert!(ops.contains("ThrowReferenceErrorIfHole") && ops.contains("LdaGlobal"), "{ops}");
    assert!(matches!(code.target, direct_eval::VarTarget::Function { depth: 1, .. }));
    assert_eq!(code.declarations, [("v".to_string(), false)]);
    // Strict eval code keeps its var; a var over the block's `let y` conflicts.
    let strict = direct_eval::compile_eval("'use strict'; var v = 1;", Some(scope), "<eval>").expect("compiles");
    assert_eq!(strict.target, direct_eval::VarTarget::Local);
    assert!(direct_eval::compile_eval("var y;", Some(scope), "<eval>").is_err());
    assert!(direct_eval::compile_eval("var a, x2;", Some(scope), "<eval>").is_ok());
    assert!(direct_eval::compile_eval("super.x", Some(scope), "<eval>").is_err());
}

/// Compiles every deferred function of `lazy` (and theirs in turn) and checks it against the eager compile `eager`.
fn same_as_eager(eager: &CompiledFunction, lazy: &CompiledFunction, src: &str, deferred: &mut usize) {
    let name = String::from_utf16_lossy(&eager.name);
    let compiled;
    let lazy = match &lazy.lazy {
        Some(f) => {
            *deferred += 1;
            // The placeholder already has what closures and `Function.prototype.toString` read.
            assert_eq!((lazy.length, lazy.param_count), (eager.length, eager.param_count), "{name}");
            assert_eq!((lazy.source_start, lazy.source_end), (eager.source_start, eager.source_end), "{name}");
            assert_eq!(
                (lazy.kind, lazy.is_strict, lazy.is_async, lazy.is_generator),
                (eager.kind, eager.is_strict, eager.is_async, eager.is_generator),
                "{name}"
            );
            compiled = lazy::compile_lazy(f, src, &mut FrontEndTimes::default()).expect("compiles lazily");
            verify(&compiled);
            &compiled
        }
        None => lazy,
    };
    assert_eq!(lazy.bytecode, eager.bytecode, "{name}");
    assert_eq!(lazy.constants, eager.constants, "{name}");
    assert_eq!((lazy.register_count, lazy.this_properties), (eager.register_count, eager.this_properties), "{name}");
    assert_eq!(lazy.handlers, eager.handlers, "{name}");
    assert_eq!(lazy.positions, eager.positions, "{name}");
    assert_eq!(lazy.mapped_arguments, eager.mapped_arguments, "{name}");
    assert_eq!(lazy.eval_scopes.len(), eager.eval_scopes.len(), "{name}");
    assert_eq!(lazy.functions.len(), eager.functions.len(), "{name}");
    for (e, l) in eager.functions.iter().zip(&lazy.functions) {
        same_as_eager(e, l, src, deferred);
    }
}

#[test]
fn functions_compiled_lazily_get_the_bytecode_of_an_eager_compile() {
    let src = r#"
        let top = 1; const k = 2; var v = 3;
        function outer(a, b = a + 1, ...rest) {
            let x = a; var y = b;
            function inner(c) { return x + y + c + top + rest.length; }
            const arrow = (d) => { x += d; return () => this === undefined ? x : y; };
            { let blockVar = 5; var f = function named() { return blockVar + named.length; }; }
            for (let i = 0; i < 3; i++) setTimeout(() => i);
            switch (a) { case 1: let s = 1; fn = () => s; }
            return [inner, arrow, f];
        }
        var o = { m(p) { return super.toString() + p; }, get g() { return this.v; }, set g(z) { this.v = z; },
                  *gen() { yield 1; yield* [2, 3]; }, async am() { await null; return k; } };
        class Base { #p = 1; constructor(q) { this.q = q; } method() { return this.#p + top; }
                     static s() { return Base.name; } get acc() { return this.q; } }
        class Derived extends Base { constructor() { super(1); this.r = () => this.q; } m2() { return super.method(); } }
        function withEval(e) { var local = 1; return function () { return eval(e) + local; }; }
        function sloppyArgs(a, b) { arguments[0] = 2; return a; }
        function* genFn(n) { try { yield n; } finally { v++; } }
        async function asyncFn() { for await (const z of []) {} }
        (function iife() { return top; })();
    "#;
    let eager = compile(src);
    let lazy = compile_script_timed(src, "t.js", true, &mut FrontEndTimes::default()).expect("compiles");
    let mut deferred = 0;
    same_as_eager(&eager, &lazy, src, &mut deferred);
    assert!(deferred >= 20, "{deferred} functions deferred");
}
