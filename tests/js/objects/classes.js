// Classes: constructors, methods, extends, super calls, super.method, static members, accessors.
class Shape {
  constructor(name) { this.name = name; Shape.count++; }
  area() { return 0; }
  describe() { return `${this.name} with area ${this.area().toFixed(2)}`; }
  static create(name) { return new this(name); }
  get label() { return "<" + this.name + ">"; }
  set label(v) { this.name = v.toUpperCase(); }
  toString() { return "Shape:" + this.name; }
}
Shape.count = 0;
class Circle extends Shape {
  constructor(r) { super("circle"); this.r = r; }
  area() { return Math.PI * this.r * this.r; }
  describe() { return "round " + super.describe(); }
  static unit() { return new Circle(1); }
}
class Square extends Shape {
  constructor(s) { super("square"); this.s = s; }
  area() { return this.s * this.s; }
  get side() { return this.s; }
  set side(v) { this.s = v; }
}
var c = new Circle(2), s = new Square(3);
print(c.describe());
print(s.describe());
print(Circle.unit().area() === Math.PI, Shape.count);
s.side = 4;
print(s.side, s.area(), s.label);
s.label = "box";
print(s.name, s.label, String(s), `${c}`);
print(c instanceof Circle, c instanceof Shape, s instanceof Circle, Object.getPrototypeOf(Circle) === Shape);
print(typeof Shape, Shape.name, Circle.name, Circle.prototype.constructor === Circle);
print(Object.keys(c).join(","), Object.getOwnPropertyNames(Shape.prototype).join(","));
print(Object.getOwnPropertyDescriptor(Shape.prototype, "area").enumerable);
var sh = Shape.create("generic");
print(sh.name, sh instanceof Shape, Square.create("sq") instanceof Square);
try { Shape("no new"); } catch (e) { print("call class:", e.name); }
class Base { constructor() { this.tag = "base"; } who() { return "base"; } }
class Mid extends Base { who() { return "mid>" + super.who(); } }
class Leaf extends Mid { who() { return "leaf>" + super.who(); } }
print(new Leaf().who(), new Leaf().tag);
class NoSuper extends Base { constructor() { } }
try { new NoSuper(); } catch (e) { print("missing super:", e.name); }
class BeforeSuper extends Base { constructor() { this.x = 1; super(); } }
try { new BeforeSuper(); } catch (e) { print("this before super:", e.name); }
class Stat { static helper() { return "static"; } static get sg() { return "static getter"; } }
Stat.value = 42;
class SubStat extends Stat {}
print(Stat.helper(), Stat.sg, SubStat.helper(), SubStat.value, typeof new Stat().helper);
class Computed { ["meth" + 1]() { return "computed"; } static ["s" + "m"]() { return "static computed"; } }
print(new Computed().meth1(), Computed.sm());
var Expr = class Named { me() { return Named.name; } };
print(new Expr().me(), Expr.name);
class ArrayLike extends Array { sum() { return this.reduce((a, b) => a + b, 0); } }
var al = new ArrayLike();
al.push(1, 2, 3);
print(al.length, al.sum(), al instanceof Array, Array.isArray(al));
class ErrSub extends Error { constructor(m) { super(m); this.name = "ErrSub"; } }
try { throw new ErrSub("custom"); } catch (e) { print(e.name, e.message, e instanceof Error, e instanceof ErrSub, String(e)); }
class Acc { constructor() { this._v = 0; } get v() { return this._v; } set v(x) { this._v = x * 2; } }
var acc = new Acc(); acc.v = 5; acc.v += 1;
print(acc.v);
class ObjMethods { static fromObj() { return super.toString === Function.prototype.toString; } }
print(ObjMethods.fromObj());
var objWithSuper = { __proto__: { hi() { return "proto hi"; } }, hi() { return "own+" + super.hi(); } };
print(objWithSuper.hi());
