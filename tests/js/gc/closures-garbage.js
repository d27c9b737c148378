// Allocation-heavy: closures and environments created and dropped; captured state must survive.
function makeAdders(n) { var fs = []; for (let i = 0; i < n; i++) fs.push(function (x) { return x + i; }); return fs; }
var kept = makeAdders(100);
var acc = 0;
for (var r = 0; r < 200; r++) { var tmp = makeAdders(50); acc += tmp[r % 50](r); }
print(acc, kept[0](1), kept[99](1));
function counter() { var c = { n: 0 }; return function () { c.n++; return c.n; }; }
var cs = [];
for (var k = 0; k < 1000; k++) { var f = counter(); f(); if (k % 100 === 0) cs.push(f); }
print(cs.length, cs.map(function (f) { return f(); }).join(","));
function chain(n) { var f = function () { return 0; }; for (var i = 0; i < n; i++) { f = (function (g, i) { return function () { return g() + i; }; })(f, i); } return f; }
print(chain(500)());
var objs = [];
for (var m = 0; m < 2000; m++) { objs.push({ id: m, get: (function (m) { return function () { return m * 2; }; })(m) }); }
var s = 0; for (var j = 0; j < objs.length; j += 7) s += objs[j].get(); print(s);
