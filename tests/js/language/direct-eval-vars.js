// Declarations of eval code: sloppy direct eval adds its vars and functions to the caller's variable environment
// (the function's, or the global object with configurable properties) where later lookups see them; strict eval
// keeps them local; let/const/class stay local to the eval; EvalDeclarationInstantiation's conflicts throw.
function hoists() {
  eval("var x = 5; function f() { return 'f' + x; }");
  return x + " " + f() + " " + typeof x;
}
print(hoists(), typeof x, typeof f);

var shadow = "global";
function shadows() {
  var before = shadow;
  eval("var shadow = 'local'");
  return before + " " + shadow + " " + (() => shadow)();
}
print(shadows(), shadow);

function existing(p) { var v = 1; eval("var p = 'param'; var v = 'var'"); return p + " " + v; }
print(existing("arg"));

function deletable() {
  eval("var gone = 1");
  var r = [typeof gone, delete gone];
  r.push(typeof gone);
  return r.join();
}
print(deletable());

function lexicalStays() {
  eval("let l = 1; const c = 2; class K {}");
  return [typeof l, typeof c, typeof K].join();
}
print(lexicalStays());

function strictEval() { eval("'use strict'; var s = 1; function sf() {}"); return typeof s + " " + typeof sf; }
print(strictEval());
function strictCaller() { "use strict"; eval("var s2 = 1"); return typeof s2; }
print(strictCaller());

function conflict() { let c = 1; { try { eval("var c = 2"); } catch (e) { return e.name + " " + c; } } }
print(conflict());
function innerConflict() { { let d = 1; try { eval("var d"); } catch (e) { return e.name; } } }
print(innerConflict());
function noConflictInner() { { let e = 1; } eval("var e = 3"); return e; }
print(noConflictInner());
function catchParam() { try { throw 1; } catch (err) { eval("var err = 2"); return err; } }
print(catchParam());

function evalInLoop() { for (var i = 0; i < 3; i++) eval("var acc = (typeof acc === 'number' ? acc : 0) + i"); return acc; }
print(evalInLoop());
function viaClosure() {
  var get = () => typeof late === "undefined" ? "missing" : late;
  var first = get();
  eval("var late = 'declared'");
  return first + " " + get();
}
print(viaClosure());
function callsEvalFunction() { eval("function g() { return this === undefined || this === globalThis; }"); return g(); }
print(callsEvalFunction());
function nestedVars() { eval("eval('var deep = 1')"); return deep; }
print(nestedVars());
function arrowScope() { (() => eval("var inArrow = 1"))(); return typeof inArrow; }
print(arrowScope());
function blockFunction() { eval("{ function bf() { return 'bf'; } }"); return bf(); }
print(blockFunction());

eval("var gv = 1; function gf() { return 'gf'; }");
var d1 = Object.getOwnPropertyDescriptor(globalThis, "gv");
var d2 = Object.getOwnPropertyDescriptor(globalThis, "gf");
print(gv, gf(), d1.configurable, d1.enumerable, d1.writable, d2.configurable);
print(delete globalThis.gv, typeof gv);
var scriptVar = 1;
print(Object.getOwnPropertyDescriptor(globalThis, "scriptVar").configurable);
(0, eval)("var indirectVar = 1");
print(Object.getOwnPropertyDescriptor(globalThis, "indirectVar").configurable);
(0, eval)("'use strict'; var strictIndirect = 1");
print(typeof strictIndirect);
let topLet = 1;
try { eval("var topLet = 2"); } catch (e) { print(e.name, topLet); }
Object.defineProperty(globalThis, "fixed", { value: 1, writable: false, enumerable: false, configurable: false });
try { eval("function fixed() {}"); } catch (e) { print(e.name); }
try { (0, eval)("var neverDefined; function NaN() {}"); } catch (e) { print(e.name, typeof neverDefined); }
function paramsEval(a = eval("var fromParam = 1"), b = typeof fromParam) { return b; }
print(paramsEval());
function paramConflict(a = eval("var a = 42")) { return "body ran"; }
try { paramConflict(); } catch (e) { print(e.name); }
