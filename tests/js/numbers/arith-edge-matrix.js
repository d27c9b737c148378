// Arithmetic and comparisons over int32/double/-0/NaN/Infinity/non-number operands: every fast path of every tier
// (int32, float64 with int results normalised, NaN compares) must agree with the generic operators.
function f(a, b) {
  const out = [];
  out.push(a + b, a - b, a * b, a / b, a < b, a <= b, a > b, a >= b, a === b, a == b);
  return out.map(x => Object.is(x, -0) ? "-0" : String(x)).join(" ");
}
const vals = [0, -0, 1, -1, 2147483647, -2147483648, 0.5, -0.5, 1.5, NaN, Infinity, -Infinity, 1e308, 3, "2", undefined, null, true, 2**31, 1/3];
let lines = [];
for (const a of vals) for (const b of vals) lines.push(f(a, b));
let h = 0; for (const l of lines) for (let i = 0; i < l.length; i++) h = (h * 31 + l.charCodeAt(i)) | 0;
print(lines.length, h);
print(lines.slice(0, 40).join("\n"));
function g(x) { let s = 0; for (let i = 0; i < 100; i++) { s += x; s = s * 1.5 - i; s /= 3; } return s; }
print(g(0.25), g(-0), g(7), g(NaN));
let c = 0; for (let i = 0.5; i < 50; i += 0.75) c++; print(c);
