// Private fields in mid code: `o.#x` loads and stores and the fields' additions come from the keyed sites' caches
// (a check of the private name, a shape check, the slot), so constructors with private fields inline. A class
// evaluated again makes new private names: the name check deoptimises, and the results stay right.

function makePoint() {
  return class Point {
    #x; #y;
    constructor(x, y) { this.#x = x; this.#y = y; }
    plus(o) {
      const x = this.#x + o.#x, y = this.#y + o.#y;
      return new Point(x, y);
    }
    get sum() { return this.#x + this.#y; }
    static sumOf(n) {
      let p = new Point(0, 0);
      for (let i = 0; i < n; i++) p = p.plus(new Point(i, 1));
      return p.sum;
    }
  };
}

// Both classes exist before the code is made (making a class changes prototypes, which invalidates code).
const A = makePoint();
const B = makePoint();
for (let i = 0; i < 10; i++) A.sumOf(50);
print("optimized", Tetra.optimize(A.sumOf, "mid"), Tetra.tierOf(A.sumOf), A.sumOf(100));
print("another class", B.sumOf(100), A.sumOf(100));
let caught;
try { A.prototype.plus.call(new A(1, 2), new B(3, 4)); } catch (e) { caught = e.constructor.name; }
print("mixed", caught);

// Two classes of one factory share their methods' bytecode, feedback and code: D's call enters code made with C's
// names, and its check of the name deoptimises before the load.
function makeCell() {
  return class Cell {
    #v;
    constructor(v) { this.#v = v; }
    get(o) { return this.#v + o.#v; }
  };
}
const C = makeCell(), D = makeCell();
const c1 = new C(1), c2 = new C(2);
for (let i = 0; i < 10; i++) c1.get(c2);
print("get optimized", Tetra.optimize(C.prototype.get, "mid"), Tetra.tierOf(D.prototype.get), c1.get(c2));
print("D's get", new D(5).get(new D(7)), Tetra.tierOf(D.prototype.get));
