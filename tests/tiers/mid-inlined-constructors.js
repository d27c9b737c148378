// `new C(...)` of a small base constructor is inlined: `this` is allocated inline (a copy of C's initial object)
// and the body stores into it. A deopt inside the constructor rebuilds a construct frame (new.target, the
// construct result rule); a changed constructor deopts before anything is allocated.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
class Vec { constructor(x, y) { this.x = x; this.y = y; } plus(o) { return new Vec(this.x + o.x, this.y + o.y); } }
function Legacy(v) { this.v = v; if (v === 13) return { replaced: true }; }
function run(n) {
    let a = new Vec(0, 0);
    const one = new Vec(1, 2);
    for (let i = 0; i < n; i++) a = a.plus(one);
    const l = new Legacy(n);
    return [a.x, a.y, l.v, l.replaced === true, l instanceof Legacy].join();
}
for (let r = 0; r < 30; r++) run(10);
optimize(run);
print("inlined", run(1000));
// The constructor returns an object: the construct result is that object.
print("returns object", run(13));
// Doubles through the same constructors (in whatever tier this runs).
print("double", (() => { let a = new Vec(0.5, 0); const one = new Vec(1, 2); for (let i = 0; i < 3; i++) a = a.plus(one); return a.x + "," + a.y; })());
optimize(run);
// The constructor body sees a string, then a double: the deopts inside the inlined constructor rebuild its
// construct frame, and the interpreter applies the construct result rule.
class Box { constructor(v) { this.v = v * 2; } }
function boxes(v) { return new Box(v).v; }
for (let r = 0; r < 50; r++) boxes(r);
optimize(boxes);
print("box", boxes(21), boxes("4"), boxes(1.5));
// A new prototype for the constructor: the allocation check fails, the construct runs again in the interpreter.
Vec.prototype.extra = function () { return "extra"; };
const saved = Legacy.prototype;
Legacy.prototype = { kind: "new" };
optimize(run);
const l2 = (() => { for (let r = 0; r < 5; r++) run(2); return new Legacy(1); })();
print("new prototype", l2.kind, run(3));
Legacy.prototype = saved;
// Many constructs: the free list empties and the runtime makes `this`; collections happen mid-loop.
function many(n) { let keep = null; for (let i = 0; i < n; i++) { const v = new Vec(i, keep); if (i % 1000 === 0) keep = v; } return keep.x; }
for (let r = 0; r < 10; r++) many(100);
optimize(many);
print("many", many(300001));
