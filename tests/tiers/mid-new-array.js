// `new Array(n)` in mid code is a `NewArray` node (no call; inlined callees may hold it): holes of length n for an
// int32 n >= 0; anything else deopts and the interpreter does what the constructor does (RangeError, one element).
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
class Vec { constructor(n) { this.storage = new Array(n); this.count = 0; } }
function make(n) { const v = new Vec(n); return [v.storage.length, 0 in v.storage, v.storage[0]].join(); }
function empty() { return new Array().length; }
for (let r = 0; r < 50; r++) { make(3); empty(); }
optimize(make);
optimize(empty);
print("ints", make(5), make(0), empty());
print("negative", (() => { try { return make(-1); } catch (e) { return e.constructor.name; } })());
optimize(make);
print("fraction", (() => { try { return make(2.5); } catch (e) { return e.constructor.name; } })());
optimize(make);
print("string", make("x"));
optimize(make);
print("large", make(100001));
