// Global properties folded to constants: mid code uses the value of a global that was never written after its
// initialisation without loading it, and depends on it. Every way to write it must invalidate that code: an
// assignment, a store through globalThis or `this`, Reflect.set, defineProperty (accessor or read-only), delete and
// re-add; a write from a callee while the optimised frame runs deoptimises that frame before it reads the global.
// Each write below changes a different global, so each finds `run` optimised with that global folded.

function sq(x) { return x * x; }
var assigned = 3;
var viaGlobalThis = 1, viaThis = 1, viaReflect = 1;
// Properties made by assignment are configurable, unlike `var`s.
globalThis.getter = 1;
globalThis.readOnly = 1;
globalThis.removed = 1;

function run(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += sq(i) * assigned + viaGlobalThis + viaThis + viaReflect + getter + readOnly + removed;
  return s;
}

// Warms `run` up and optimises it again (the test runs with --max-deopts high enough for all these changes).
function optimized() {
  for (let k = 0; k < 20; k++) run(10);
  return Tetra.optimize(run, "mid") && Tetra.tierOf(run);
}

print("optimized", optimized(), run(10));
sq = function (x) { return x + 1; };
print("function replaced", Tetra.tierOf(run), run(10), optimized());
assigned = 10;
print("assigned", Tetra.tierOf(run), run(10), optimized());
globalThis.viaGlobalThis = 0.5;
print("through globalThis", Tetra.tierOf(run), run(10), optimized());
this["viaThis"] = 2;
print("through this", Tetra.tierOf(run), run(10), optimized());
Reflect.set(globalThis, "viaReflect", 4);
print("Reflect.set", Tetra.tierOf(run), run(10), optimized());
Object.defineProperty(globalThis, "getter", { get() { return 20; } });
print("accessor", Tetra.tierOf(run), run(10), optimized());
Object.defineProperty(globalThis, "readOnly", { value: 7, writable: false });
print("read-only", Tetra.tierOf(run), run(10), optimized());
delete globalThis.removed;
print("deleted", Tetra.tierOf(run), typeof removed);
globalThis.removed = -1;
print("added again", run(10));

// A callee writes the global while the optimised loop runs: the loop must see the new value at its next read.
var limit = 95;
function bump(v) { limit = v; } // writing the value it has is no change: `limit` stays constant
function loop(v) {
  let c = 0;
  for (let i = 0; i < 100; i++) {
    if (i === 90) bump(v);
    if (i < limit) c++;
  }
  return c;
}
for (let k = 0; k < 20; k++) loop(95);
print("loop optimized", Tetra.optimize(loop, "mid"), Tetra.tierOf(loop), loop(95), Tetra.tierOf(loop));
print("written while running", loop(10), Tetra.tierOf(loop), loop(10));

// A global that holds undefined and is given its value once (its initialisation) may be folded after it.
var late;
function readLate() { return late === undefined ? "unset" : late; }
for (let k = 0; k < 20; k++) readLate();
print("before initialisation", Tetra.optimize(readLate, "mid"), readLate());
late = 42;
print("initialised", Tetra.tierOf(readLate), readLate());
