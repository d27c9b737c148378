// Direct eval: `eval(...)` runs its code in the caller's scope: it reads and writes the caller's locals,
// parameters and closure variables, and sees its `this`, `arguments`, `new.target` and `super`; strictness is
// inherited; a SyntaxError in the code is thrown at the call; `eval` called any other way is indirect (global code).
function locals(a) {
  var b = 2;
  let c = 3;
  const d = 4;
  eval("a = a + 1; b = b * 10; c += d; print(a, b, c, d)");
  return [a, b, c].join();
}
print(locals(1));

function closures() {
  var count = 0;
  function inc() { return eval("++count"); }
  inc(); inc();
  return eval("count") + ":" + inc();
}
print(closures());

function args() { return eval("arguments.length + ':' + arguments[1]"); }
print(args("x", "y", "z"));
function mapped(p) { eval("arguments[0] = 'changed'"); return p; }
print(mapped("orig"));

function thisValue() { return eval("this.tag"); }
print(thisValue.call({ tag: "obj" }));
var arrowThis = function () { return (() => eval("this.tag"))(); };
print(arrowThis.call({ tag: "lexical" }));
print(typeof eval("this"), eval("this") === globalThis);

function Ctor() { this.nt = eval("new.target") === Ctor; }
print(new Ctor().nt, (function () { return eval("new.target"); })());

var proto = { hello() { return "proto hello"; } };
var obj = { __proto__: proto, hello() { return eval("super.hello()") + " via eval"; } };
print(obj.hello());
class Base { name() { return "base"; } }
class Derived extends Base {
  name() { return eval("() => super.name()")() + "+derived"; }
}
print(new Derived().name());

function constAssign() { const k = 1; try { eval("k = 2"); } catch (e) { return e.name + " " + k; } }
print(constAssign());
function tdz() { try { eval("later"); } catch (e) { print(e.name); } let later = 1; return eval("later"); }
print(tdz());

function syntax() { try { eval("var = 1"); } catch (e) { return e.name + " " + (e instanceof SyntaxError); } }
print(syntax());
function throwsInside() { try { eval("null.x"); } catch (e) { return e.name; } }
print(throwsInside());

function inheritsStrict() { "use strict"; try { eval("undeclared_in_strict = 1"); } catch (e) { return e.name; } }
print(inheritsStrict(), typeof undeclared_in_strict);
function strictReserved() { "use strict"; try { eval("var public = 1"); } catch (e) { return e.name; } }
print(strictReserved());

function nested() { var n = 1; return eval("eval('n + 1') + eval(\"(() => eval('n * 10'))()\")"); }
print(nested());
function inArrow() { var v = "outer"; return (x => eval("v + ':' + x"))("arg"); }
print(inArrow());
function inBlock() { let x = "block"; { let x = "inner"; return eval("x"); } }
print(inBlock());
function inCatch() { try { throw "caught"; } catch (e) { return eval("e"); } }
print(inCatch());
function inWith() { var o = { w: "from with" }; with (o) { return eval("w"); } }
print(inWith());
function completion() { return [eval(""), eval("1; if (true) {}"), eval("var q = 1"), eval("2; { 3 }")].join(); }
print(completion());
print(eval(42), eval({}) instanceof Object, eval());

var indirectEval = eval;
var globalName = "global";
function indirect() {
  var globalName = "local";
  return [indirectEval("globalName"), (0, eval)("globalName"), eval("globalName"), globalThis.eval("globalName")].join();
}
print(indirect());
function shadowed() { var eval = function (s) { return "not eval: " + s; }; return eval("1 + 1"); }
print(shadowed());
function hot(x) { return eval("x * 2"); }
var sum = 0;
for (var i = 0; i < 2000; i++) sum += hot(i);
print(sum);
// (V8 makes a call whose only argument is a spread, eval(...xs), indirect; the spec does not.)
function spread() { var s = "local"; var r = eval(...[], "s = 'set by spread'", "ignored"); return s + " " + r + " " + eval(...[]); }
print(spread());
// Eval code in a class sees its private names; in a field initialiser new.target is undefined and `arguments`
// is a SyntaxError.
class Priv {
  #x = 1;
  #m() { return "m"; }
  static #s = 5;
  read() { return eval("this.#x + ':' + this.#m() + ':' + Priv.#s"); }
  nt = eval("new.target");
  args = (() => { try { eval("arguments"); } catch (e) { return e.name; } })();
}
var priv = new Priv();
print(priv.read(), priv.nt, priv.args);
try { eval("class NoPriv { m() { return eval('this.#nope'); } }; new NoPriv().m()"); } catch (e) { print(e.name); }
