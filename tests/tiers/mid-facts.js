// What mid knows of values (checks made, shapes, slot values) flows from a block to the blocks it dominates; an
// inlined callee's stores must reach its caller. Regression: a slot loaded before an inlined call that stores it
// was reused after the call (the caller kept its load-elimination facts across the callee).
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function set(o, v) { o.x = v; }
function grow(o) { o.y = 7; }
function storeThrough(o, v) { const a = o.x; set(o, v); return o.x * 10 + a; }
function transitionThrough(o) { const a = o.x; grow(o); return o.x + o.y + a; }
// A check in one block serves the branches below it; at the merge only what both sides know.
function branches(o, k) {
    let r = o.x + 1;
    if (k > 2) { r += o.x; o.x = k; } else { r -= o.x; }
    return r + o.x;
}
function loopAfterCheck(o, n) { let s = o.x | 0; for (let i = 0; i < n; i++) { s += o.x; o.x = i; } return s + o.x; }
let a = 0, b = 0, c = 0, d = 0;
for (let i = 0; i < 300; i++) {
    a += storeThrough({ x: 1 }, i & 7);
    b += transitionThrough({ x: 2 });
    c += branches({ x: i & 3 }, i & 7);
    d += loopAfterCheck({ x: 1 }, i & 3);
}
optimize(storeThrough); optimize(transitionThrough); optimize(branches); optimize(loopAfterCheck);
for (let i = 0; i < 300; i++) {
    a += storeThrough({ x: 1 }, i & 7);
    b += transitionThrough({ x: 2 });
    c += branches({ x: i & 3 }, i & 7);
    d += loopAfterCheck({ x: 1 }, i & 3);
}
print("store through callee", a, storeThrough({ x: 5 }, 9));
print("transition through callee", b, transitionThrough({ x: 2.5 }));
print("branches", c, branches({ x: 1.5 }, 5), branches({ x: "s" }, 1));
print("loop", d, loopAfterCheck({ x: 0.5 }, 3));
