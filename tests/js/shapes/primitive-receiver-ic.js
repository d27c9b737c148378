// Property loads on primitive strings go through an inline cache keyed by a private shape: `length` is the
// string's own, methods come from String.prototype (or Object.prototype) and must follow every change there.
if (typeof print === 'undefined') print = console.log;
function lengths(a) { var n = 0; for (var i = 0; i < a.length; i++) n += a[i].length; return n; }
function code(s, i) { return s.charCodeAt(i); }
function extra(s) { return s.extra; }
function mixed(x) { return x.length; }
var words = ["a", "bb", "h\u00e9llo", "\u{1F600}x", ""];
var total = 0;
for (var i = 0; i < 60; i++) {
  total += lengths(words) + code("hello", i % 5) + code("\u00e9\u4e2d", i % 2);
  if (i == 20) String.prototype.charCodeAt = function (j) { return 1000 + j; };
  if (i == 30) Object.prototype.extra = 7;
  if (i == 35) String.prototype.extra = 8;
  if (i == 40) Object.defineProperty(String.prototype, "extra", { get: function () { return this.length * 100; } });
  if (i == 45) delete String.prototype.extra;
  if (i == 50) delete Object.prototype.extra;
  if (i >= 30) print(i, extra("abc"), extra("de"));
}
// The same site sees strings, arrays, objects and a String wrapper.
var receivers = ["str", [1, 2, 3], { length: 9 }, new String("wrapped"), function (a, b) {}];
var seen = [];
for (var r = 0; r < 3; r++) for (var j = 0; j < receivers.length; j++) seen.push(mixed(receivers[j]));
print(total, seen.join(","));
print("abc"["length"], "abc"[1], "x".toUpperCase(), "abc".constructor === String, typeof "s".valueOf);
try { mixed(undefined); } catch (e) { print(e.constructor.name, e.message); }
