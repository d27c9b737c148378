// Objects and calls (tiers up under small interrupt budgets): the sweep tests' second program.
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Point(this.x + o.x, this.y + o.y); }
}
let p = new Point(0, 0);
for (let i = 0; i < 50000; i++) p = p.add(new Point(i & 7, 1));
console.log("objects", p.x, p.y);
