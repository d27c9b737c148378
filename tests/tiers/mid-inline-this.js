// `new F()` in mid code makes `this` inline (a copy of F's initial object) while F's prototype and learnt
// capacity are unchanged; each change below must give objects the new prototype or room, as the runtime would.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
// (The handler keeps mid from inlining P: this file tests the construct that calls it; see
// mid-inlined-constructors.js for inlined ones.)
function P(x) { try { } catch (e) { } this.x = x; }
P.prototype.get = function () { return this.x; };
function make(n) { let s = 0, last; for (let i = 0; i < n; i++) { last = new P(i); s += last.get(); } return [s, last]; }
for (let r = 0; r < 20; r++) make(100);
optimize(make);
let [s, o] = make(1000);
print("inline", s, Object.getPrototypeOf(o) === P.prototype, Object.keys(o).join());

// A new prototype object: instances made after it have it.
P.prototype = { get() { return -this.x; } };
[s, o] = make(10);
print("new prototype", s, Object.getPrototypeOf(o) === P.prototype);

// A property on the function itself changes its shape (the prototype slot is looked up again).
P.extra = 1;
[s, o] = make(10);
print("function shape", s, o.get());

// Instances that grow past the learnt capacity: later ones get more in-object room (and still the right shape).
for (let i = 0; i < 5; i++) { const p = new P(i); p.a = 1; p.b = 2; p.c = 3; p.d = 4; p.e = 5; }
[s, o] = make(10);
o.a = 1; o.b = 2; o.c = 3; o.d = 4; o.e = 5;
print("capacity", s, Object.keys(o).join(), o.e);

// Many objects: the free list empties and collections happen in the middle of the loop.
function many(n) { const keep = []; for (let i = 0; i < n; i++) { const q = new P(i); if (i % 1000 === 0) keep.push(q); } return keep; }
optimize(many);
const kept = many(300000);
print("many", kept.length, kept[5].x, kept.every((q, i) => q.x === i * 1000));
