// Closures: counters, shared environments, loops capturing let per iteration.
function makeCounter() { var n = 0; return { inc: function () { return ++n; }, get: function () { return n; } }; }
var c1 = makeCounter(), c2 = makeCounter();
c1.inc(); c1.inc(); c2.inc();
print(c1.get(), c2.get(), c1.inc(), c2.get());
var fs = [];
for (var i = 0; i < 3; i++) fs.push(function () { return i; });
print(fs.map(function (f) { return f(); }).join(","));
var gs = [];
for (let j = 0; j < 3; j++) gs.push(function () { return j; });
print(gs.map(function (f) { return f(); }).join(","));
var hs = [];
for (let k = 0; k < 3; k++) { hs.push(function () { return k; }); k += 0; }
print(hs.map(function (f) { return f(); }).join(","));
var ms = [];
for (let m = 0; m < 4; m++) { ms.push(function () { return m++; }); }
print(ms[0](), ms[0](), ms[1](), ms[3]());
var ws = [];
var w = 0;
while (w < 3) { let copy = w; ws.push(function () { return copy; }); w++; }
print(ws.map(function (f) { return f(); }).join(","));
var iife = [];
for (var q = 0; q < 3; q++) (function (q) { iife.push(function () { return q * 10; }); })(q);
print(iife.map(function (f) { return f(); }).join(","));
function adder(a) { return function (b) { return function (c) { return a + b + c; }; }; }
print(adder(1)(2)(3), adder("a")("b")("c"));
function shared() { var x = 0; function inc() { x++; } function get() { return x; } return [inc, get]; }
var s = shared(); s[0](); s[0](); print(s[1]());
var outer = "outer";
function level1() { var l1 = "l1"; return function level2() { var l2 = "l2"; return function level3() { return [outer, l1, l2].join("/"); }; }; }
print(level1()()());
outer = "changed";
print(level1()()());
function memo(fn) { var cache = {}; return function (n) { if (n in cache) return cache[n]; return cache[n] = fn(n); }; }
var calls = 0;
var sq = memo(function (n) { calls++; return n * n; });
print(sq(4), sq(4), sq(5), calls);
const arrows = [1, 2, 3].map((x) => (y) => x * y);
print(arrows.map((f) => f(10)).join(" "));
function once(f) { var done = false, r; return function () { if (!done) { done = true; r = f.apply(this, arguments); } return r; }; }
var o = once(function (a) { return a * 2; });
print(o(5), o(6));
let fns = {};
for (const key of ["a", "b", "c"]) fns[key] = () => key.toUpperCase();
print(fns.a(), fns.b(), fns.c());
function counterGen() { let count = 0; return () => count += 1; }
const cg = counterGen(); cg(); cg();
print(cg());
