// / and % on int32 operands in hot code, where compiled tiers keep int32 results: exact and inexact quotients,
// division by zero, 0 / negative (-0), i32::MIN / -1, remainders of negative dividends (-0) and by zero or negative
// divisors, with an immediate divisor too, then non-int32 operands at the same sites.
function show(x) {
  return Object.is(x, -0) ? "-0" : String(x);
}
function div(a, b) {
  return a / b;
}
function mod(a, b) {
  return a % b;
}
function mod7(a) {
  return a % 7;
}
function modNeg(a) {
  return a % -3;
}
var ints = [0, 1, -1, 2, -2, 7, -7, 12, -12, 100, 2147483647, -2147483648];
var out = [];
for (var k = 0; k < 30; k++) {
  for (var i = 0; i < ints.length; i++) {
    for (var j = 0; j < ints.length; j++) {
      var r = show(div(ints[i], ints[j])) + " " + show(mod(ints[i], ints[j]));
      if (k === 29) out.push(r);
    }
    var m = show(mod7(ints[i])) + " " + show(modNeg(ints[i]));
    if (k === 29) out.push(m);
  }
}
var h = 0;
for (var l of out) for (var c = 0; c < l.length; c++) h = (h * 31 + l.charCodeAt(c)) | 0;
print(out.length, h);
print(out.slice(0, 30).join(" | "));
print(out.slice(-30).join(" | "));
print(show(div(7.5, 2)), show(div("9", 3)), show(mod(7.5, 2)), show(mod(-0, 5)), show(mod7(-0)), show(mod7(7.5)), show(mod7("15")));
print(show(div(null, 2)), show(mod(true, 2)), show(div(2147483647, -1)), show(mod(-2147483648, -1)));
