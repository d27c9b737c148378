// A string longer than the longest there can be (V8: 2^29 - 24 units) is a RangeError, never a length that
// wraps around (repeated doubling once printed 0). Ropes keep these cheap: nothing here is flattened.
function attempt(name, f) {
  try { const s = f(); print(name, "ok", s.length); } catch (e) { print(name, e.constructor.name, e.message); }
}
attempt("doubling", () => { let s = "x"; for (let i = 0; i < 40; i++) s += s; return s; });
let big = "y";
for (let i = 0; i < 28; i++) big += big;
attempt("2^28", () => big);
attempt("2^29", () => big + big);
attempt("just below", () => big + big.substring(0, 2 ** 28 - 24));
attempt("just above", () => big + big.substring(0, 2 ** 28 - 23));
attempt("template", () => `${big}${big}`);
attempt("repeat", () => "ab".repeat(2 ** 28));
attempt("padEnd", () => "ab".padEnd(2 ** 29));
attempt("padStart", () => "ab".padStart(2 ** 29 - 23));
// The loop keeps going after a RangeError caught inside it: every tier takes the same path.
let n = 0;
for (let i = 0; i < 2000; i++) {
  let s = "z";
  try { for (let j = 0; j < 40; j++) s += s; } catch (e) { n += s.length === 2 ** 29 / 2 ? 1 : 0; }
}
print("caught", n);
