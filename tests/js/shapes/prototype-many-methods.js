// A prototype that gets hundreds of methods one by one before any instance exists (as library code builds a
// parser's prototype), methods added, redefined and deleted after instances exist, and a plain object with as
// many properties (which goes to dictionary mode): lookups, calls and key order stay right in every tier.
function Parser(n) { this.n = n; }
const pp = Parser.prototype;
for (let i = 0; i < 300; i++) pp["m" + i] = new Function("x", "return this.n * " + i + " + x;");
const a = new Parser(2), b = new Parser(3);
let sum = 0;
for (let k = 0; k < 3000; k++) sum += a.m7(k & 3) + b.m299(1) + a.m150(0);
console.log(sum, Object.keys(pp).length, Object.keys(pp)[0], Object.keys(pp)[299], pp.constructor === Parser);

// Changes after instances exist: a new method, a redefined one, a deleted one (the instance then sees the
// prototype's prototype, Object.prototype, for `toString`).
pp.m300 = function () { return "new"; };
pp.m7 = function () { return "redefined"; };
pp.toString = function () { return "own toString"; };
let seen = [];
for (let k = 0; k < 2000; k++) {
  if (k === 1000) delete pp.toString;
  if (k % 500 === 0) seen.push(a.m300() + "/" + a.m7() + "/" + String(a));
}
console.log(seen.join(" "));

// A class whose prototype gets many methods the same way.
class C { constructor() { this.v = 1; } }
for (let i = 0; i < 200; i++) C.prototype["c" + i] = function () { return this.v + i; };
let t = 0;
const c = new C();
for (let k = 0; k < 3000; k++) t += c.c0() + c.c199();
console.log(t, "c199" in c, c.hasOwnProperty("c199"));

// An object used as a map with as many keys: still a dictionary, same answers.
const map = {};
for (let i = 0; i < 300; i++) map["k" + i] = i;
let m = 0;
for (let k = 0; k < 3000; k++) m += map.k5 + map.k250 + (map["k" + (k % 300)] | 0);
delete map.k5;
console.log(m, Object.keys(map).length, Object.keys(map)[0], map.k5);
