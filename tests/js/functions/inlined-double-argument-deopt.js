// A double passed to an inlined callee that then deoptimises: the argument is also the caller's register, and the
// deopt exit must box it once (boxed twice, 0.0 became NaN and SameValue(0, 0) was false).
function same(a, b) {
  if (a === b) return a !== 0 || 1 / a === 1 / b;
  return a !== a && b !== b;
}
function compareHalves(a, b) {
  for (var i = 0; i < a.length; i++) if (!same(b[i], a[i] * 0.5)) return false;
  return true;
}
function compareTyped(a, b) {
  for (var i = 0; i < a.length; i++) if (!same(b[i], a[i])) return false;
  return true;
}
var r = 0;
for (var k = 0; k < 300; k++) {
  r += compareHalves([2, 4, 6], [1, 2, 3]) ? 1 : 0;
  r += compareTyped(new Float64Array([1, 2, 3]), [1, 2, 3]) ? 1 : 0;
}
print(r, compareHalves([84, 0, 2, 34, 14], [42, 0, 1, 17, 7]), compareTyped(new Float64Array([42, 0, 1]), [42, 0, 1]));
print(compareHalves([0, -0], [0, -0]), compareTyped(new Float64Array([-0, NaN]), [-0, NaN]), compareTyped(new Float64Array([0]), [-0]));
