// Element accesses in mid code: holes read as undefined and are filled in place while no prototype has indexed
// properties, and an inlined callee's access off the fast path deoptimises (then is called, not inlined). The
// printed values are node's.

function warm(f, args, n) {
  for (let i = 0; i < n; i++) f(...args);
}

// Holes: read as undefined, filled in place.
function readAt(a, i) { return a[i]; }
function writeAt(a, i, v) { a[i] = v; return a[i]; }
const holey = [1, , 3];
warm(readAt, [holey, 0], 20);
warm(writeAt, [[1, 2, 3], 0, 9], 20);
Tetra.optimize(readAt, "mid");
Tetra.optimize(writeAt, "mid");
print("hole read", readAt(holey, 1), Tetra.tierOf(readAt));
const fill = [1, , 3];
print("hole fill", writeAt(fill, 1, 7), fill.join(), Tetra.tierOf(writeAt));

// An inlined callee: in bounds, then out of bounds (a deopt that marks the site), then inlined no more.
function get(a, i) { return a[i]; }
function sum(a, n) { let s = 0; for (let i = 0; i < n; i++) s = s + (get(a, i) === undefined ? 100 : get(a, i)); return s; }
warm(sum, [[1, 2, 3], 3], 20);
Tetra.optimize(sum, "mid");
print("inlined in bounds", sum([1, 2, 3], 3), Tetra.tierOf(sum));
print("inlined out of bounds", sum([1, 2, 3], 5));
warm(sum, [[1, 2, 3], 5], 20);
Tetra.optimize(sum, "mid");
print("called after the deopt", sum([1, 2, 3], 5), Tetra.tierOf(sum));

// A prototype with an indexed property: holes read it, and a store to a hole calls its setter.
let setterCalls = 0;
Object.defineProperty(Array.prototype, 1, {
  get() { return "from the prototype"; },
  set(v) { setterCalls++; },
  configurable: true,
});
print("protector read", readAt(holey, 1));
const fill2 = [1, , 3];
print("protector store", writeAt(fill2, 1, 5), setterCalls, fill2.hasOwnProperty(1));
delete Array.prototype[1];
