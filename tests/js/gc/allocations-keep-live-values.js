// Optimised code writes to the frame only what a routine reads: across closures, object and array literals made
// in a hot loop (which may collect), the values it keeps in registers must survive and stay right.
function build(n) {
  const out = [];
  let a = { v: 1 };
  let b = [1, 2];
  let s = "x";
  for (let i = 0; i < n; i++) {
    const f = () => a.v + b.length + s.length + i;
    const o = {};
    const arr = [i, a.v];
    o.f = f;
    o.arr = arr;
    a = { v: a.v + 1 };
    b = [i, i, i];
    s = s.length > 50 ? "x" : s + "y";
    out.push(o.f() + o.arr[0] + o.arr[1]);
  }
  return out.slice(-3).join(",");
}
let last = "";
for (let k = 0; k < 60; k++) last = build(200);
print(last, build(300));
