// `new` through the interpreter's construct fast path and the general one must agree: prototypes read from the
// constructor (data, proxy trap, non-object), explicit object results, exceptions, new.target, slack tracking.
// (Runaway `new` recursion is tested in tests/tiers.rs: under gc-stress it would take minutes.)
if (typeof print === 'undefined') print = console.log;
function P(x) { this.x = x; this.y = x * 2; }
P.prototype.sum = function () { return this.x + this.y; };
function R(v) { this.a = 1; if (v) return v; }
function T(n) { if (n < 0) throw new RangeError("negative " + n); this.n = n; this.t = new.target === T; }
class Base { constructor(k) { this.k = k; this.kind = "base"; } get twice() { return this.k * 2; } }
// A proxy whose `prototype` comes from a trap (observable: it runs once per `new`).
var PP = new Proxy(P, { get: function (t, k) { if (k === "prototype") { out.push("getter"); return { sum: function () { return 1000; } }; } return t[k]; } });
var total = 0, out = [];
for (var i = 0; i < 50; i++) {
  var p = new (i > 30 ? PP : P)(i);
  if (p.sum) total += p.sum(); else out.push("nosum");
  if (i == 10) P.prototype = { sum: function () { return -1; } };
  if (i == 20) P.prototype = 5;
  var r = new R(i % 3 == 0 ? { own: i } : (i % 3 == 1 ? 7 : undefined));
  out.push(r.own !== undefined ? "obj" : r.a);
  try { new T(i % 7 == 0 ? -i : i); } catch (e) { out.push(e.name + ":" + e.message); }
  var b = new Base(i);
  total += b.twice;
  if (i == 40) p.extra = 1;
}
print(total, Object.getPrototypeOf(new P(1)) === Object.prototype, new T(3).t);
print(out.slice(0, 12).join(","), out.filter(function (s) { return s === "getter"; }).length);
function deep(n) { return n === 0 ? 0 : new Wrap(deep(n - 1)).v + 1; }
function Wrap(v) { this.v = v; }
print(deep(200));
