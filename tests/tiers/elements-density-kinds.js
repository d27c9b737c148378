// Which objects get dictionary (slow) elements: the same answers as V8 (`%HasDictionaryElements`, which the test
// maps `Tetra.hasDictionaryElements` to), in each tier.
const slow = (o) => Tetra.hasDictionaryElements(o);
function stores(o, indices) {
  for (const i of indices) o[i] = i;
  return o;
}
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
const cases = [
  ["empty", () => []],
  ["dense 1000", () => stores([], range(1000, (i) => i))],
  ["object dense 1000", () => stores({}, range(1000, (i) => i))],
  ["gap 1023", () => stores([], [1023])],
  ["gap 1024", () => stores([], [1024])],
  ["gap 5000", () => stores({}, [0, 5000])],
  ["doubling", () => stores({}, range(31, (i) => 2 ** i))],
  ["doubling array", () => stores([], range(31, (i) => 2 ** i))],
  ["stride 2", () => stores([], range(3000, (i) => 2 * i))],
  ["stride 4", () => stores([], range(3000, (i) => 4 * i))],
  ["stride 64", () => stores([], range(3000, (i) => 64 * i))],
  ["stride 1000", () => stores({}, range(100, (i) => 1000 * i))],
  ["new Array(1000) backwards", () => stores(new Array(1000), range(1000, (i) => 999 - i))],
  ["length 1e6 then middle", () => { const a = []; a.length = 1e6; a[500000] = 1; return a; }],
  ["far then filled", () => { const a = stores([], [20000]); return stores(a, range(20000, (i) => i)); }],
  ["far then filled backwards", () => { const a = stores([], [20000]); return stores(a, range(20000, (i) => 19999 - i)); }],
  ["object far then filled", () => { const o = stores({}, [9000]); return stores(o, range(9000, (i) => i)); }],
  ["getter", () => { const a = [1, 2]; Object.defineProperty(a, 1, { get() { return 0; } }); return a; }],
];
const out = [];
function run() {
  out.length = 0;
  for (const [name, make] of cases) out.push(name + ": " + slow(make()));
  return out.join("\n");
}
let s;
for (let i = 0; i < 3; i++) s = run();
print(s);
