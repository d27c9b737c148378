// A constructor's first instance gets as many in-object slots as the constructor (and the constructors it
// extends) assign to `this`, so it has the same shape as the later instances: a site that sees the first and the
// later ones stays monomorphic. Before, the first had 4 slots and a shape of its own.
function Body(x, y, z, vx, vy, vz, mass) {
    this.x = x; this.y = y; this.z = z;
    this.vx = vx; this.vy = vy; this.vz = vz;
    this.mass = mass;
    this.x = x + 0; // the same name again does not count twice
}
const first = new Body(1, 2, 3, 4, 5, 6, 7);
const later = new Body(1, 2, 3, 4, 5, 6, 7);
print("function", Tetra.haveSameShape(first, later));

class Base { constructor(a) { this.a = a; this.b = a; this.c = a; } }
class Mid extends Base { constructor(a) { super(a); this.d = a; this.e = a; } }
class Leaf extends Mid { f = 1; constructor(a) { super(a); this.g = a; } }
const l1 = new Leaf(1), l2 = new Leaf(2);
print("derived", Tetra.haveSameShape(l1, l2), Object.keys(l2).join(""));

// A property added outside the constructor grows the learnt capacity: later instances get a new shape (learnt,
// as before).
function Point(x) { this.x = x; }
const p1 = new Point(1);
for (const k of ["a", "b", "c", "d", "e"]) p1[k] = 0;
const p2 = new Point(2), p3 = new Point(3);
print("learnt", Tetra.haveSameShape(p1, p2), Tetra.haveSameShape(p2, p3));
print("error", (() => { try { Tetra.haveSameShape(1, p1); } catch (e) { return e.constructor.name; } })());
