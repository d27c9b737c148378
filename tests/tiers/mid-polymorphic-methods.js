// A method call whose receiver has one of a few classes (a polymorphic load finding the method on each class's
// prototype) dispatches on the method: each one's frame pushed directly, anything else through the runtime. A
// method replaced on its prototype after the compile is another value: the call still runs the new one.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
class Circle { constructor(r) { this.r = r; } area() { return 3 * this.r * this.r; } name() { return "circle"; } }
class Square { constructor(s) { this.s = s; } area() { return this.s * this.s; } name() { return "square"; } }
class Tri { constructor(b, h) { this.b = b; this.h = h; } area() { return (this.b * this.h) >> 1; } name() { return "tri"; } }
class Thrower { area() { throw new Error("no area"); } }
function total(shapes) {
    let sum = 0;
    for (let i = 0; i < shapes.length; i++) sum += shapes[i].area();
    return sum;
}
function names(shapes) {
    let s = "";
    for (let i = 0; i < shapes.length; i++) s += shapes[i].name()[0];
    return s;
}
const shapes = [];
for (let i = 0; i < 30; i++) shapes.push(i % 3 === 0 ? new Circle(i) : i % 3 === 1 ? new Square(i) : new Tri(i, 2));
let acc = 0;
for (let i = 0; i < 300; i++) { acc += total(shapes); if (i % 10 === 0) names(shapes); }
optimize(total); optimize(names);
print("poly", total(shapes), names(shapes), acc);
// A method replaced without a new property or shape: the dispatch compares values, so the new one runs.
Square.prototype.area = function () { return -1; };
print("replaced", total(shapes));
// An exception from a dispatched method reaches the caller's handler.
let caught = "none";
try { total([new Circle(1), new Thrower()]); } catch (e) { caught = e.message; }
print("thrown", caught);
// Runaway recursion through the dispatch is a RangeError.
Circle.prototype.area = function () { return 1 + this.area(); };
let deep = "none";
try { total(shapes); } catch (e) { deep = e instanceof RangeError; }
print("deep", deep);
print("after", total([new Square(3), new Tri(4, 4)]));
// A method loaded for a class but never called (its argument threw first) has no bytecode yet (lazy compilation):
// the dispatch leaves the call to the runtime, which compiles the method at its first call.
class P { m(x) { return x + 1; } }
class Q { m(x) { return x * 10; } }
class R { m(x) { return x - 5; } }
function arg(o, i) { if (o instanceof R && i < 1000) throw new Error("not yet"); return i; }
function callM(o, i) { return o.m(arg(o, i)); }
const objs = [new P(), new Q(), new R()];
let lazySum = 0;
for (let i = 0; i < 600; i++) {
    try { lazySum += callM(objs[i % 3], i); } catch (e) { lazySum -= 1; }
}
optimize(callM);
print("lazy", lazySum, callM(new R(), 1000), callM(new P(), 1), callM(new Q(), 2));
