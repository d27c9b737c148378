// Callees inlined into inlined callees (three levels: step -> leaf -> bump), and deopts at each level rebuilding
// one interpreter frame per level. Prints the same in every tier.
class A {
    constructor(v) { this.o = { v }; }
    step(k) { return this.leaf(k) + 1; }
    leaf(k) { return bump(k & 3, this.o.v) * 2; }
}
function bump(x, y) { return x + y; }

function run(a, n) {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + a.step(i)) | 0;
    return s;
}
// Without the tier (--max-tier below mid) the program runs the same, unoptimised.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
const a = new A(2);
for (let r = 0; r < 30; r++) run(a, 200);
optimize(run);
print("warm", run(a, 1000));

// Innermost level: bump sees a double (int32 check fails inside bump, two levels down).
const d = new A(0.5);
optimize(run);
print("innermost", run(d, 10));
// Middle level: leaf reads `v` from an object of a shape the code did not see.
const b = new A(3);
b.o = { w: 0, v: 3 };
for (let r = 0; r < 30; r++) run(a, 200);
optimize(run);
print("middle", run(b, 10));
// A string makes `+` in bump a concatenation; leaf's `* 2` then makes it a number again.
for (let r = 0; r < 30; r++) run(a, 200);
optimize(run);
print("string", run(new A("7"), 3));
// Deep recursion through the same inlined chain still reports the RangeError.
function deep(n) { return n === 0 ? 0 : a.step(n) + deep(n - 1); }
try { deep(1e6); } catch (e) { print("deep", e instanceof RangeError); }
print("again", run(a, 1000));
