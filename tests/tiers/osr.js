// A single long-running loop moves into baseline code by OSR; every kind of value it holds survives the switch.
function run(n) {
  let ints = 0, dbl = 0.5, str = "", obj = { count: 0 }, arr = [], last;
  for (let i = 0; i < n; i++) {
    ints = (ints + i * 7) | 0;
    dbl = dbl * 1.0000001 + 0.25;
    if (i % 5000 === 0) str += String.fromCharCode(97 + (i / 5000) % 26);
    obj.count++;
    if (i % 10000 === 0) arr.push(i);
    last = i;
  }
  print("tier at the end of the loop:", Tetra.tierOf(run));
  return [ints, dbl.toFixed(3), str, obj.count, arr.length, arr[arr.length - 1], last].join(" ");
}
print(run(200000));
