// Speculations on shapes and prototypes that fail once mid code runs: the results must be the interpreter's.

function warm(f, args, n) { for (let i = 0; i < n; i++) f(...args); }

// A new shape at a monomorphic load.
function getX(o) { return o.x; }
warm(getX, [{ x: 1 }], 20);
Tetra.optimize(getX, "mid");
print("new-shape", getX({ y: 2, x: 3 }), Tetra.tierOf(getX));

// A prototype change under a prototype load (a method found on the prototype).
class A { m() { return "A.m"; } }
function callM(o) { return o.m(); }
const a = new A();
warm(callM, [a], 20);
Tetra.optimize(callM, "mid");
A.prototype.m = function () { return "patched"; };
print("proto-change", callM(a), Tetra.tierOf(callM));

// A redefined global under a global load.
var counter = 5;
function readCounter() { return counter + 1; }
warm(readCounter, [], 20);
Tetra.optimize(readCounter, "mid");
counter = "five";
print("global-redefined", readCounter());
globalThis.extra = 1;
print("global-shape", readCounter(), Tetra.tierOf(readCounter));

// A hole and an index out of bounds at an element load (the slow path answers; no deopt needed).
function at(arr, i) { return arr[i]; }
const dense = [1, 2, 3];
warm(at, [dense, 1], 20);
Tetra.optimize(at, "mid");
print("elements", at(dense, 1), at([1, , 3], 1), at(dense, 7), at({ 0: "zero" }, 0), Tetra.tierOf(at));

// Deep recursion in mid code is a RangeError, caught.
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
warm(depth, [10], 20);
Tetra.optimize(depth, "mid");
try { depth(1e7); } catch (e) { print("recursion", e instanceof RangeError, e.message, Tetra.tierOf(depth)); }
print("after", depth(100));

// An object with an empty array's shape (its prototype is Array.prototype) has no length of its own: it reads
// Array.prototype.length, as in the interpreter.
function len(o) { return o.length; }
warm(len, [[]], 20);
Tetra.optimize(len, "mid");
const fake = Object.create(Array.prototype);
Array.prototype.length = 7;
print("array-length", len([1, 2]), len(fake), Tetra.tierOf(len));
Array.prototype.length = 0;
