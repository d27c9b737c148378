// The mid listing of a function with an inlined callee whose bytecode is longer than the caller's: the machine
// code of the callee is listed under the caller's call instruction (offsets in the callee's bytecode mean nothing
// in the caller's; reading them there once crashed --print-code).
function long(o, k) {
  let s = 0;
  if (k > 100) s += o.a * 3; else s -= o.b * 2;
  if (k % 3 === 0) s += o.a + o.b; else s += k;
  if (k % 5 === 0) s = s * 2 - o.a; else s = s + o.b - 1;
  return s + (k & 7) + (k >> 2);
}
function short(o, k) { return long(o, k) + 1; }
const o = { a: 1, b: 2 };
let t = 0;
for (let k = 0; k < 3000; k++) t += short(o, k);
try { Tetra.optimize(short, "mid"); } catch (e) { }
for (let k = 0; k < 10; k++) t += short(o, k);
print(t);
