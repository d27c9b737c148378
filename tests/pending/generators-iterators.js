// Generators and the iteration protocol.
function* count(n) { for (var i = 0; i < n; i++) yield i; return "done"; }
var g = count(3);
print(JSON.stringify(g.next()), JSON.stringify(g.next()), JSON.stringify(g.next()), JSON.stringify(g.next()), JSON.stringify(g.next()));
print([...count(5)].join(","), Array.from(count(3)).length);
function* echo() { var received = yield "first"; while (true) received = yield "got " + received; }
var e = echo(); e.next(); print(e.next("a").value, e.next("b").value);
function* withFinally() { try { yield 1; yield 2; } finally { print("generator cleanup"); } }
for (var v of withFinally()) { print("value", v); break; }
function* delegating() { yield 0; yield* count(2); yield* [10, 11]; yield "end"; }
print([...delegating()].join(","));
function* fibs() { var a = 0, b = 1; while (true) { yield a; [a, b] = [b, a + b]; } }
var first10 = []; for (var f of fibs()) { if (first10.length === 10) break; first10.push(f); } print(first10.join(" "));
var thrower = count(5); thrower.next();
try { thrower.throw(new Error("injected")); } catch (err) { print("thrown out:", err.message); }
print(JSON.stringify(thrower.next()));
var ret = count(5); ret.next(); print(JSON.stringify(ret.return("early")), JSON.stringify(ret.next()));
var it = [1, 2][Symbol.iterator](); print(JSON.stringify(it.next()), JSON.stringify(it.next()), JSON.stringify(it.next()));
var sit = "ab"[Symbol.iterator](); print(sit.next().value, sit.next().value, sit.next().done);
print(typeof g[Symbol.iterator], g[Symbol.iterator]() === g, Object.prototype.toString.call(g));
class Range { constructor(a, b) { this.a = a; this.b = b; } *[Symbol.iterator]() { for (let i = this.a; i < this.b; i++) yield i; } }
print([...new Range(3, 7)].join(","));
