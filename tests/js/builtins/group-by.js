// Object.groupBy and Map.groupBy (ES2024): group order, property-key and SameValueZero keys, indices, errors and
// closing of the iterator. Expected output from node >= 22.
function attempt(f) { try { return String(f()); } catch (e) { return e.constructor.name; } }
var g = Object.groupBy([1, 2, 3, 4, 5, 6], function (v, i) { return v % 3 === 0 ? "fizz" : i % 2 ? "odd" : "even"; });
print(Object.getPrototypeOf(g), Object.keys(g).join(","), g.even.join(), g.odd.join(), g.fizz.join(), Array.isArray(g.fizz));
var sym = Symbol("s");
var mixed = Object.groupBy(["b", "a", "c", "d"], function (v) { return v === "a" ? 2 : v === "b" ? "x" : v === "c" ? sym : 1; });
print(Object.keys(mixed).join(","), mixed[sym].join(), mixed[1].join());
print(Object.keys(Object.groupBy("hello", function (c) { return c; })).join(""));
var m = Map.groupBy([0, -0, NaN, NaN, 1, "1"], function (v) { return v; });
print(m instanceof Map, m.size, Array.from(m.keys()).map(String).join(","), 1 / Array.from(m.keys())[0], m.get(NaN).length, m.get(0).length);
var ko = {};
var byObject = Map.groupBy([1, 2, 3], function (v) { return v === 2 ? {} : ko; });
print(byObject.size, byObject.get(ko).join());
print(attempt(function () { return Object.groupBy(null, function () {}); }), attempt(function () { return Map.groupBy([1], 1); }), attempt(function () { return Object.groupBy({}, function () {}); }));
var log = [];
var iterable = {};
iterable[Symbol.iterator] = function () {
  var i = 0;
  return { next: function () { log.push("next"); return { value: i++, done: i > 5 }; }, return: function () { log.push("return"); return {}; } };
};
print(attempt(function () { return Object.groupBy(iterable, function (v) { if (v === 2) throw new RangeError("x"); return v; }); }), log.join(" "));
log = [];
print(attempt(function () { return Object.groupBy(iterable, function (v) { return { toString: function () { throw new EvalError("k"); } }; }); }), log.join(" "));
print(Object.groupBy.length, Map.groupBy.length, Object.groupBy.name);

// A hot loop.
var total = 0;
for (var i = 0; i < 2000; i++) {
  var r = Object.groupBy([i, i + 1, i + 2], function (v) { return v % 2 ? "o" : "e"; });
  var mm = Map.groupBy([i, i + 1, i + 2], function (v) { return v % 3; });
  total += r.e.length * 10 + mm.size;
}
print(total);
