// Promise.try (ES2025) and Promise.withResolvers (ES2024). Expected output from node >= 22.
var order = [];
var p1 = Promise.try(function (a, b) { order.push("sync " + a + b); return a + b; }, 2, 3);
var p2 = Promise.try(function () { throw new RangeError("boom"); });
var p3 = Promise.try(function () { return Promise.resolve("inner"); });
order.push("after");
p1.then(function (v) { print("try value", v); });
p2.catch(function (e) { print("try error", e.name, e.message); });
p3.then(function (v) { print("try promise", v); });
print(order.join(", "), p1 instanceof Promise, Promise.try.length, Promise.withResolvers.length);
try { Promise.try.call(1, function () {}); } catch (e) { print(e.name); }
try { Promise.withResolvers.call(function () {}); } catch (e) { print(e.name); }
var r = Promise.withResolvers();
print(Object.keys(r).join(","), r.promise instanceof Promise, typeof r.resolve, typeof r.reject);
r.promise.then(function (v) { print("resolved", v); });
r.resolve(42);
class Sub extends Promise {}
var s = Sub.withResolvers();
print(s.promise instanceof Sub, Sub.try(function () { return 1; }) instanceof Sub);

// A hot loop.
var n = 0;
for (var i = 0; i < 2000; i++) {
  Promise.try(function (x) { return x * 2; }, i).then(function (v) { n += v; });
  var w = Promise.withResolvers();
  w.promise.then(function (v) { n += v; });
  w.resolve(1);
}
Promise.resolve().then(function () { return null; }).then(function () { print("sum", n); });
