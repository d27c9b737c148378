// Lazy deoptimisation: mid code that reads a method from a prototype assumes the prototypes keep their shapes
// instead of checking at each read. A callee that changes a prototype while the optimised frame waits for it
// invalidates the code: the frame deoptimises when the call returns, and new calls do not enter the code.

class Shape {
  area() { return 1; }
}
class Square extends Shape {}

let patch = false;
function maybePatch() {
  try { } catch (e) { } // a handler: mid does not inline it, so the optimised frame waits in a real call
  if (patch) {
    // A new property on the prototype the optimised code reads `area` through.
    Shape.prototype.area = function () { return 100; };
    Square.prototype.area = function () { return 7; };
  }
  return 0;
}

function total(s, n) {
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += s.area();
    t += maybePatch();
    t += s.area();
  }
  return t;
}

const sq = new Square();
for (let i = 0; i < 20; i++) total(sq, 3);
print("optimized", Tetra.optimize(total, "mid"), Tetra.tierOf(total));
print("before", total(sq, 3), Tetra.tierOf(total));
patch = true;
// The first s.area() of the call reads the old method; the callee then adds Square.prototype.area, and the
// second s.area() (in the deoptimised frame) must see it.
print("running frame", total(sq, 2), Tetra.tierOf(total));
patch = false;
print("after", total(sq, 2));
