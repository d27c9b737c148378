// ES2025 iterator helpers: the abstract Iterator constructor, Iterator.from, the accessors of Iterator.prototype,
// the lazy helpers (generator states, re-entrancy, return, closing), argument validation with closing of the
// receiver, the eager methods, and a hot loop. Expected output from node >= 22.
function* gen(n) { for (var i = 1; i <= n; i++) yield i; }
function attempt(f) { try { return String(f()); } catch (e) { return e.constructor.name; } }

print(gen(5).map(function (x, i) { return x * 10 + i; }).toArray().join(","));
print(gen(9).filter(function (x) { return x % 3 === 0; }).toArray().join(","));
print(gen(9).take(3).toArray().join(","), gen(5).drop(3).toArray().join(","), gen(3).drop(Infinity).toArray().length);
print(gen(3).flatMap(function (x) { return gen(x); }).toArray().join(","));
print(gen(2).flatMap(function (x) { return new String("ab"); }).toArray().join(), attempt(function () { return gen(1).flatMap(function () { return "ab"; }).next(); }));
print(gen(4).reduce(function (a, b) { return a + b; }), gen(4).reduce(function (a, b, i) { return a + ":" + b + "@" + i; }, "s"));
print(attempt(function () { return gen(0).reduce(function () {}); }), gen(0).reduce(function () {}, 42));
var fe = []; print(gen(3).forEach(function (v, i) { fe.push(v + "/" + i); }), fe.join(" "));
print(gen(5).some(function (v) { return v > 4; }), gen(5).every(function (v) { return v < 5; }), gen(5).find(function (v) { return v > 2; }), gen(2).find(function () { return false; }));

// Iterator, its prototype and the accessors.
print(typeof Iterator, Iterator.length, Iterator.prototype === Object.getPrototypeOf(Object.getPrototypeOf(gen(1)[Symbol.iterator]())));
print(attempt(function () { return new Iterator(); }), attempt(function () { return Iterator(); }));
class Counter extends Iterator {
  constructor(n) { super(); this.i = 0; this.n = n; }
  next() { return this.i < this.n ? { value: this.i++, done: false } : { value: undefined, done: true }; }
}
var c = new Counter(4);
print(c instanceof Iterator, c.map(function (x) { return x * x; }).toArray().join(","), Object.prototype.toString.call(c));
var d = Object.getOwnPropertyDescriptor(Iterator.prototype, "constructor");
print(typeof d.get, typeof d.set, d.enumerable, d.configurable, Iterator.prototype.constructor === Iterator);
var t = Object.getOwnPropertyDescriptor(Iterator.prototype, Symbol.toStringTag);
print(typeof t.get, t.get.call(1), Iterator.prototype[Symbol.toStringTag]);
// The setters define the property on the receiver, never on Iterator.prototype itself.
var o = Object.create(Iterator.prototype);
o[Symbol.toStringTag] = "Mine"; o.constructor = 5;
print(Object.prototype.toString.call(o), o.constructor, Object.getOwnPropertyDescriptor(o, "constructor").enumerable, Iterator.prototype.constructor === Iterator);
print(attempt(function () { Iterator.prototype.constructor = 1; }), attempt(function () { t.set.call(1, "x"); }), Iterator.prototype[Symbol.toStringTag]);
var frozen = Object.freeze(Object.create(Iterator.prototype, { constructor: { value: 1, writable: false, configurable: true } }));
print(attempt(function () { "use strict"; d.set.call(frozen, 2); }));

// Iterator.from: iterators that already inherit from Iterator.prototype come back as they are; others are wrapped.
print(Iterator.from(c) === c, Iterator.from("héllo").toArray().join("|"), Iterator.from([1, 2]).take(1).toArray().join());
var plainLog = [];
var plain = { i: 0, next: function () { plainLog.push("next"); return { value: this.i++, done: this.i > 2 }; }, return: function () { plainLog.push("return"); return { done: true }; } };
var w = Iterator.from(plain);
print(w === plain, w instanceof Iterator, Object.getPrototypeOf(w) === Iterator.prototype, w.next().value, w.map(function (x) { return x + 1; }).toArray().join(), w.return().done, plainLog.join(" "));
print(attempt(function () { return Iterator.from(5); }), attempt(function () { return Iterator.from({ [Symbol.iterator]: 1 }); }), attempt(function () { return Object.getPrototypeOf(w).next.call({}); }));
print(Iterator.from({ next: function () { return { value: 7, done: false }; } }).take(2).toArray().join());

// Helper objects: prototype, state machine, return.
var h = gen(3).map(function (x) { return x; });
var hp = Object.getPrototypeOf(h);
print(Object.prototype.toString.call(h), Object.getPrototypeOf(hp) === Iterator.prototype, Object.getOwnPropertyNames(hp).sort().join());
print(attempt(function () { return hp.next.call({}); }), attempt(function () { return hp.return.call(gen(1)); }));
function logged(n, log) {
  var i = 0;
  return {
    __proto__: Iterator.prototype,
    get next() { log.push("get next"); return function () { log.push("next"); i++; return { value: i, done: i > n }; }; },
    return: function () { log.push("return"); return {}; },
  };
}
var log = [];
var lazy = logged(3, log).map(function (x) { return x; });
print(log.join(" "));
print(lazy.return().done, lazy.next().done, log.join(" "));
log = [];
var lazy2 = logged(3, log).filter(function (x) { return true; });
lazy2.next();
print(JSON.stringify(lazy2.return()), JSON.stringify(lazy2.next()), JSON.stringify(lazy2.return()), log.join(" "));
// Re-entering a running helper throws; the error closes the underlying iterator.
log = [];
var re = logged(5, log).map(function (x) { return re.next(); });
print(attempt(function () { return re.next(); }), JSON.stringify(re.next()), log.join(" "));
log = [];
var re2 = logged(5, log).filter(function (x) { return re2.return(); });
print(attempt(function () { return re2.next(); }), log.join(" "));
// Errors in callbacks close the underlying iterator; errors from it do not.
log = [];
print(attempt(function () { return logged(3, log).map(function () { throw new RangeError("m"); }).next(); }), log.join(" "));
log = [];
print(attempt(function () { return logged(3, log).some(function () { throw new SyntaxError("s"); }); }), log.join(" "));
log = [];
print(logged(3, log).find(function (v) { return v === 2; }), log.join(" "));
var throwingNext = { __proto__: Iterator.prototype, next: function () { throw new EvalError("n"); }, return: function () { print("not closed"); } };
print(attempt(function () { return throwingNext.map(function () {}).next(); }), attempt(function () { return throwingNext.toArray(); }));
// flatMap: returning closes the inner iterator, then the outer one.
log = [];
var innerLog = [];
var fm = logged(3, log).flatMap(function () { return logged(2, innerLog); });
fm.next();
print(JSON.stringify(fm.return()), log.join(" "), "|", innerLog.join(" "));
print(attempt(function () { return gen(2).flatMap(function () { return 5; }).next(); }));

// Argument validation, in the spec's order, closing the receiver (whose next is not read yet) before throwing.
log = [];
var methods = ["map", "filter", "flatMap", "forEach", "some", "every", "find", "reduce"];
methods.forEach(function (m) { log = []; print(m, attempt(function () { return logged(3, log)[m](42); }), log.join(" ")); });
[-1, NaN, undefined, "x"].forEach(function (lim) {
  log = []; var r1 = attempt(function () { return logged(3, log).take(lim); }); var l1 = log.join(" ");
  log = []; var r2 = attempt(function () { return logged(3, log).drop(lim); });
  print(String(lim), r1, l1, r2, log.join(" "));
});
log = [];
print(attempt(function () { return logged(3, log).take({ valueOf: function () { throw new URIError("v"); } }); }), log.join(" "));
print(gen(5).take("2").toArray().join(), gen(5).drop(-0.9).toArray().join(), gen(5).take(1.9).toArray().join(), gen(3).take(Infinity).toArray().join());
print(attempt(function () { return Iterator.prototype.map.call(1, function () {}); }), attempt(function () { return Iterator.prototype.toArray.call(null); }));
// take(0) closes the underlying iterator at the first next.
log = [];
var t0 = logged(3, log).take(0);
print(JSON.stringify(t0.next()), log.join(" "));
// next is read once, when the helper is made.
log = [];
var once = logged(2, log).map(function (x) { return x; });
once.next(); once.next(); once.next();
print(log.join(" "));

// A hot loop (compiled tiers run the callers).
var sum = 0;
for (var k = 0; k < 2000; k++) {
  sum += gen(6).map(function (x) { return x * k; }).filter(function (x) { return x % 2 === 0; }).take(2).reduce(function (a, b) { return a + b; }, 0);
  sum += gen(4).drop(1).flatMap(function (x) { return [x, x]; }).toArray().length;
  if (gen(3).some(function (x) { return x === k % 5; })) sum += 1;
}
print(sum);
