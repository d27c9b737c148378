// Direct and indirect eval, in sloppy and strict code.
eval("var fromEval = 'eval var';");
print(fromEval);
var indirect = eval;
print(indirect("typeof fromEval"), indirect("this === globalThis"));
function localEval() { var loc = "local"; return eval("loc + '!'"); }
print(localEval());
function indirectNoLocal() { var loc2 = "local"; return (0, eval)("typeof loc2"); }
print(indirectNoLocal());
print(eval("1 + 2 * 3"), eval("if (true) { 'completion' }"), eval(), eval(42), eval("var q = 1"));
function strictEval() { "use strict"; eval("var inner = 1;"); return typeof inner; }
print(strictEval());
function sloppyEvalVar() { eval("var leaked = 2;"); return leaked; }
print(sloppyEvalVar());
function evalLet() { eval("let scoped = 3;"); return typeof scoped; }
print(evalLet());
(function () {
  "use strict";
  try { eval("with ({}) {}"); } catch (e) { print("with in strict eval:", e.name); }
  try { eval("var x = 010;"); } catch (e) { print("legacy octal:", e.name); }
  try { eval("function f(a, a) {}"); } catch (e) { print("duplicate params:", e.name); }
  try { eval("var eval = 1;"); } catch (e) { print("assign eval:", e.name); }
  try { eval("delete x;"); } catch (e) { print("delete identifier:", e.name); }
})();
try { eval("let a; let a;"); } catch (e) { print("redeclare in eval:", e.name); }
try { eval("}"); } catch (e) { print(e.name, e instanceof SyntaxError); }
var f = new Function("a", "b", "return a + b + (typeof fromEval);");
print(f(1, 2));
