// ES2025 Set methods: results and their order, GetSetRecord's reads and errors, both walks (this set calling
// other.has, or other.keys()), -0, closing other's keys iterator, mutation during the walk, and a hot loop.
// Expected output from node >= 22.
function show(s) { return "{" + Array.from(s).join(",") + "}"; }
var a = new Set([1, 2, 3, 4]);
var b = new Set([3, 4, 5, 6]);
print(show(a.union(b)), show(a.intersection(b)), show(a.difference(b)), show(a.symmetricDifference(b)));
print(show(b.union(a)), show(b.intersection(a)), show(b.difference(a)), show(b.symmetricDifference(a)));
print(a.isSubsetOf(b), new Set([3]).isSubsetOf(b), a.isSupersetOf(new Set([1, 4])), a.isSupersetOf(b));
print(a.isDisjointFrom(b), a.isDisjointFrom(new Set([9, 10])), new Set().isSubsetOf(new Set()));
print(Object.getPrototypeOf(a.union(b)) === Set.prototype, a.union(b) !== a, show(a), Set.prototype.union.length);

// A Map is set-like (its keys are the elements).
print(show(a.intersection(new Map([[2, "x"], [9, "y"]]))), show(a.union(new Map([[9, 0]]))));

// A logging set-like: the order of the property reads and calls is observable.
function setLike(values, size, log) {
  return {
    get size() { log.push("size"); return size; },
    get has() { log.push("get has"); return function (v) { log.push("has(" + v + ")"); return values.indexOf(v) >= 0; }; },
    get keys() {
      log.push("get keys");
      return function () {
        log.push("keys()");
        var i = 0;
        return {
          get next() {
            log.push("get next");
            return function () {
              log.push("next");
              return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true };
            };
          },
          return: function () { log.push("return"); return {}; },
        };
      };
    },
  };
}
var methods = ["union", "intersection", "difference", "symmetricDifference", "isSubsetOf", "isSupersetOf", "isDisjointFrom"];
methods.forEach(function (m) {
  [[[2, 7], 2], [[2, 7, 8, 9, 10], 5]].forEach(function (c) {
    var log = [];
    var r = new Set([1, 2, 3])[m](setLike(c[0], c[1], log));
    print(m, c[1], typeof r === "boolean" ? r : show(r), log.join(" "));
  });
});

// GetSetRecord's errors, in order.
function attempt(f) { try { var r = f(); return typeof r === "object" ? show(r) : String(r); } catch (e) { return e.name + "(" + e.constructor.name + ")"; } }
var s = new Set([1]);
print(attempt(function () { return s.union(5); }), attempt(function () { return s.union([1, 2]); }));
print(attempt(function () { return s.union({ size: undefined, has: function () {}, keys: function () {} }); }));
print(attempt(function () { return s.union({ size: -1, has: function () {}, keys: function () {} }); }));
print(attempt(function () { return s.union({ size: -0.5, has: function () {}, keys: function () { return [].values(); } }); }));
print(attempt(function () { return s.union({ size: "2", has: 1, keys: function () {} }); }));
print(attempt(function () { return s.union({ size: 2, has: function () {}, keys: {} }); }));
print(attempt(function () { return s.union({ size: 2, has: function () {}, keys: function () { return 1; } }); }));
print(attempt(function () { return s.isSubsetOf({ size: Infinity, has: function () { return true; }, keys: function () {} }); }));
print(attempt(function () { return Set.prototype.union.call(new Map(), new Set()); }));
print(attempt(function () { return Set.prototype.isSubsetOf.call({}, new Set()); }));
var order = [];
print(attempt(function () {
  return s.union({
    get size() { order.push("size"); return { valueOf: function () { order.push("valueOf"); return NaN; } }; },
    get has() { order.push("has"); },
    get keys() { order.push("keys"); },
  });
}), order.join(" "));

// -0 from other's keys becomes +0.
var z = new Set([1]).union({ size: 1, has: function () {}, keys: function () { return [-0].values(); } });
print(1 / Array.from(z)[1], Object.is(Array.from(new Set([0, 1]).intersection({ size: 9, has: function () { return true; }, keys: function () { return [-0].values(); } }))[0], 0));

// The walk over this set sees elements that `has` adds, and skips ones it deletes.
var grow = new Set([1, 2]);
print(show(grow.intersection({ size: 10, has: function (v) { if (v === 1) { grow.add(3); grow.delete(2); } return true; }, keys: function () {} })));
var seen = [];
var big = new Set();
for (var i = 0; i < 100; i++) big.add(i);
print(big.isSubsetOf({ size: 1000, has: function (v) { seen.push(v); if (v === 10) { for (var j = 20; j < 90; j++) big.delete(j); } return true; }, keys: function () {} }), seen.length, seen.slice(9, 13).join(","));
var cleared = new Set([1, 2, 3]);
print(cleared.isDisjointFrom({ size: 10, has: function (v) { if (v === 1) { cleared.clear(); cleared.add(7); } return false; }, keys: function () {} }), show(cleared));
// difference walks a copy: elements `has` adds are not visited.
var d = new Set([1, 2]);
print(show(d.difference({ size: 10, has: function (v) { d.add(v + 10); return v === 2; }, keys: function () {} })), show(d));

// A hot loop (compiled tiers run the callers).
var acc = 0;
var evens = new Set([0, 2, 4, 6, 8]);
for (var n = 0; n < 3000; n++) {
  var t = new Set([n % 10, (n + 1) % 10, (n + 2) % 10]);
  acc += t.intersection(evens).size + t.union(evens).size + t.difference(evens).size;
  if (t.isSubsetOf(evens)) acc += 1000;
  if (t.isDisjointFrom(evens)) acc += 7;
  acc += t.symmetricDifference(evens).size * (t.isSupersetOf(new Set([n % 10])) ? 1 : 100);
}
print(acc);
