// ToBoolean in hot conditions over every kind of value: compiled code decides booleans, objects, int32s and
// nullish values itself and must agree with the interpreter on the rest (doubles, -0, NaN, strings, BigInts,
// symbols, functions).
var vals = [true, false, {}, [], function () {}, 0, 1, -1, 2147483647, -2147483648, undefined, null, 0.5, -0, NaN,
  Infinity, "", "0", "a", 0n, 1n, 2n ** 64n, Symbol("s"), new Boolean(false), Object(0)];
function ifTrue(v) {
  if (v) return 1;
  return 0;
}
function ifFalse(v) {
  if (!v) return 1;
  return 0;
}
function andOr(v) {
  return (v && "and") + "/" + (v || "or");
}
function loop(v) {
  var n = 0;
  while (v && n < 3) n++;
  return n;
}
var out = [];
for (var k = 0; k < 60; k++) {
  for (var i = 0; i < vals.length; i++) {
    var r = [ifTrue(vals[i]), ifFalse(vals[i]), typeof vals[i] === "symbol" ? "sym" : andOr(vals[i]), loop(vals[i])];
    if (k === 59) out.push(r.join(" "));
  }
}
print(out.join("\n"));
