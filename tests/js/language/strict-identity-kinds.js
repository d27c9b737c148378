// === and !== between every pair of values of the kinds compiled code may decide by identity (objects, symbols,
// undefined, null, booleans, the same or interned strings) and of those it must not (computed strings with equal
// contents, BigInts small and large, doubles equal to int32s, NaN, -0), both as a value and fused with a branch.
function eq(a, b) {
  return a === b;
}
function branch(a, b) {
  if (a === b) return 1;
  return 0;
}
function ne(a, b) {
  return a !== b ? "n" : "e";
}
var o = {};
var sym = Symbol("s");
var big = 2n ** 70n;
var s1 = "ab";
var s2 = ["a", "b"].join("");
var vals = [o, {}, sym, Symbol("s"), undefined, null, true, false, s1, s2, "abc".slice(0, 2), 1n, 1n + 0n, big, 2n ** 70n,
  1, 1.0, 1.5, NaN, 0, -0, "1", String(sym.description)];
var a = [], b = [], c = [];
for (var k = 0; k < 40; k++) {
  for (var i = 0; i < vals.length; i++) {
    for (var j = 0; j < vals.length; j++) {
      var x = eq(vals[i], vals[j]), y = branch(vals[i], vals[j]), z = ne(vals[i], vals[j]);
      if (k === 39) {
        a.push(x ? 1 : 0);
        b.push(y);
        c.push(z);
      }
    }
  }
}
print(a.join(""));
print(b.join("") === a.join(""), c.join(""));
