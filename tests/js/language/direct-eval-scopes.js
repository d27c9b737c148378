// Direct eval and the scopes around it: with objects, loops, generators, strict arrows, nested functions, the
// function's own name, 'arguments' redeclared, eval-declared vars deleted again.
function a(){ var x = 1; with({x: 2}) { return eval("x") } }
function b(){ with({}) { eval("var q = 1") } return q }
function c(){ var o = {x: 5}; with (o) { eval("var x = 7"); } return [o.x, typeof x].join() }
function d(){ eval("var f1 = function(){ return typeof f1 }"); return f1() }
function e(){ var r = []; for (var i = 0; i < 3; i++) { r.push(eval("(function(){ return i })")()); } return r.join() }
function g(){ "use strict"; var v = 1; return eval("(() => { var v = 2; return v })() + v") }
function h(){ eval("var hv = 1"); return (function inner(){ return eval("hv + 1") })() }
function k(){ eval("let kl = 1; var kv = kl"); return typeof kl + kv }
function m(){ const cst = 1; try { eval("cst++"); } catch (e) { return e.name } }
function n(p){ return eval("var p; p") }
print(a(), b(), c(), d(), e(), g(), h(), k(), m(), n(3));
var gen = function*(){ var y = 1; eval("var z = 2"); yield y + z; z = 5; yield z; };
print([...gen()].join());
print(eval("function decl(){}"), eval("class CL {}"), eval("var vv = 1"));
var ob = { get x() { return eval("this === ob") } }; print(ob.x);
function argsEval() { eval("var arguments = 1"); return arguments; }
print(argsEval());
function fnName() { return (function ff() { eval("ff = 1"); return typeof ff; })(); }
print(fnName());
function evalDelete() { eval("var dv = 1"); eval("delete dv"); return typeof dv; }
print(evalDelete());
