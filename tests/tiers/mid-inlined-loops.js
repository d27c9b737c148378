// Callees with loops are inlined: the loop's phis, its entry checks (deopting with the callee's frame state) and
// deopts inside the loop body rebuild the callee's frame at the right iteration.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function sum(a, n) { let s = 0; for (let i = 0; i < n; i++) s += a[i]; return s; }
function count(list) { let n = 0; while (list !== null) { n++; list = list.next; } return n; }
function run(a, n, list) { return sum(a, n) * 10 + count(list); }

const ints = [1, 2, 3, 4, 5, 6, 7, 8];
const list = { next: { next: { next: null } } };
for (let r = 0; r < 50; r++) run(ints, 8, list);
optimize(run);
print("ints", run(ints, 8, list));
// A double in the middle of the array: the add in the inlined loop deoptimises at the fourth iteration.
print("double", run([1, 2, 3, 4.5, 5, 6, 7, 8], 8, list));
optimize(run);
// A bound that is a double: the loop's entry check fails.
print("double bound", run(ints, 7.5, list));
optimize(run);
// A list node of another shape part way down.
print("shape", run(ints, 8, { next: { other: 1, next: { next: null } } }));
optimize(run);
// A string element: the sum becomes a concatenation from there on.
print("string", run([1, 2, "x", 4], 4, null));
