// AggregateError (its constructor's argument order, message, cause and errors list) and the rejection of
// Promise.any. Expected output from node >= 22.
var e = new AggregateError(new Set(["a", 1]), "msg", { cause: "why" });
print(e instanceof AggregateError, e instanceof Error, e.name, e.message, e.cause, Array.isArray(e.errors), e.errors.join("|"));
var d = Object.getOwnPropertyDescriptor(e, "errors");
print(d.writable, d.enumerable, d.configurable, Object.prototype.hasOwnProperty.call(AggregateError.prototype, "errors"));
print(AggregateError.length, AggregateError.name, Object.getPrototypeOf(AggregateError) === Error, Object.getPrototypeOf(AggregateError.prototype) === Error.prototype);
print(String(AggregateError([])), Object.prototype.hasOwnProperty.call(AggregateError([]), "message"), e.toString());
var order = [];
try {
  new AggregateError({ [Symbol.iterator]: function () { order.push("iterate"); throw new RangeError("it"); } }, { toString: function () { order.push("message"); return "m"; } });
} catch (x) { print(x.name, order.join(" ")); }
try { new AggregateError(5); } catch (x) { print(x.name); }
class MyAgg extends AggregateError { constructor() { super([1, 2], "sub"); } }
var m = new MyAgg();
print(m instanceof MyAgg, m.errors.length, m.message, Object.getPrototypeOf(m) === MyAgg.prototype);

Promise.any([Promise.reject(1), Promise.reject(2), new Promise(function (_, r) { r(3); })]).catch(function (err) {
  print("any:", err instanceof AggregateError, err.constructor === AggregateError, err.errors.join(","));
});
Promise.any([Promise.reject(1), Promise.resolve(2)]).then(function (v) { print("any fulfilled:", v); });
Promise.any([]).catch(function (err) { print("empty:", err.name, err.errors.length); });

// A hot loop.
var total = 0;
for (var i = 0; i < 3000; i++) {
  var a = new AggregateError([i, i + 1], "n" + i);
  total += a.errors[1] - a.errors[0] + a.message.length;
}
print(total);
