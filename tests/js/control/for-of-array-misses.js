// for-of steps that compiled code cannot take inline: keys and entries iterators, typed arrays, arrays with an
// accessor element (slow elements), holes read through a prototype's indexed property, an exhausted iterator
// stepped again, and an iterator whose target is changed under it by a nested loop.
function each(iterable) {
  var out = [];
  for (var x of iterable) out.push(String(x));
  return out.join(",");
}
var accessor = [1, 2, 3];
Object.defineProperty(accessor, 1, { get: function () { return "got"; } });
var holes = [1, , 3];
var results = [];
for (var i = 0; i < 300; i++) {
  results = [
    each([1, 2, 3]),
    each([1, 2, 3].keys()),
    each(["a", "b"].entries()),
    each(new Int8Array([4, 5])),
    each(accessor),
    each(holes),
    each("str"),
  ];
}
print(results.join(" | "));
Array.prototype[1] = "proto";
print(each(holes), each([, , ]));
delete Array.prototype[1];
var it = [7, 8][Symbol.iterator]();
function drain(iter) {
  var n = 0;
  for (var x of { [Symbol.iterator]: function () { return iter; } }) n += x;
  return n;
}
print(drain(it), drain(it), it.next().done);
var outer = [1, 2, 3];
var pairs = [];
for (var i = 0; i < 200; i++) {
  pairs = [];
  for (var a of outer) for (var b of outer) if (a < b) pairs.push(a * 10 + b);
}
print(pairs.join(","));
