// shapes-classes: property access on objects with a few shapes, a class hierarchy with virtual calls.
if (typeof print === 'undefined') print = console.log;
class Vec { constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y); }
  scale(k) { return new Vec(this.x * k, this.y * k); }
  dot(o) { return this.x * o.x + this.y * o.y; } }
class Body { constructor(id, pos) { this.id = id; this.pos = pos; this.hits = 0; }
  area() { return 0; } step(d) { this.pos = this.pos.add(d); this.hits++; } }
class Circle extends Body { constructor(id, pos, r) { super(id, pos); this.r = r; } area() { return 3 * this.r * this.r; } }
class Rect extends Body { constructor(id, pos, w, h) { super(id, pos); this.w = w; this.h = h; } area() { return this.w * this.h; } }
class Square extends Rect { constructor(id, pos, s) { super(id, pos, s, s); } area() { return super.area() + 1; } }
var bodies = [];
for (var i = 0; i < 300; i++) {
  var p = new Vec(i % 17, i % 23);
  bodies.push(i % 3 === 0 ? new Circle(i, p, i % 5 + 1) : i % 3 === 1 ? new Rect(i, p, i % 7 + 1, i % 4 + 1) : new Square(i, p, i % 6 + 1));
}
var d = new Vec(1, -1);
var total = 0;
for (var round = 0; round < 4000; round++) {
  for (var j = 0; j < bodies.length; j++) {
    var b = bodies[j];
    total += b.area();
    if ((round + j) % 4 === 0) b.step(d);
    total += b.pos.dot(d) & 7;
  }
}
var hits = 0; for (var k = 0; k < bodies.length; k++) hits += bodies[k].hits;
var checksum = total + hits;
print("shapes-classes: checksum " + checksum);
if (checksum !== 31056000) throw new Error("shapes-classes: wrong result " + checksum);
