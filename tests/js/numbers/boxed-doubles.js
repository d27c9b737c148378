// Doubles that mid code boxes (a float product stored to a field) must come out as the interpreter's values:
// int32 when integral, -0 and NaN kept, and usable as Map keys and array indices.
function store(o, d, m) { o.x = d * m; return o.x; }
const o = { x: 0 };
const vals = [1.5, -5, -0, 0, NaN, 2147483647, -2147483648, 2147483648, -2147483649, 1e300, -1e-300, Infinity, -Infinity, 3, 0.1 + 0.2];
const keys = new Map([[-5, "minus five"], [0, "zero"], [3, "three"], [2147483647, "max"], [NaN, "nan"]]);
const arr = ["a", "b", "c", "d"];
let out = [];
for (let k = 0; k < 3000; k++) {
  for (const v of vals) {
    const r = store(o, v, 1.0);
    if (k === 2999) out.push((Object.is(r, v) ? "same" : "DIFF " + v + " " + r) + ":" + keys.get(r) + ":" + arr[r]);
  }
}
console.log(out.join(" "));
