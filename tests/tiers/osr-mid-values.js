// A long-running top-level function: its loop moves interp -> baseline -> mid while it runs; types change mid-loop.
function run(n) {
  let s = 0, f = 0.5, str = "", arr = [], o = { x: 1 };
  for (let i = 0; i < n; i++) {
    s = (s + i) | 0;
    f = f * 1.000001 + 0.25;
    if (i % 100000 === 0) str += i;
    if (i % 50000 === 0) arr.push(i);
    o.x = o.x + 1;
    if (i === 900000) s = s + 0.5;   // int -> double mid-loop
  }
  return [s, f.toFixed(3), str, arr.length, o.x].join(" ");
}
print(run(1000000));
