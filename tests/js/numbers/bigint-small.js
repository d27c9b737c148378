// BigInts on both sides of the engine's small/heap boundary (2^47): every operator crossing it in each direction,
// equality, SameValue and Map/Set keys across the two representations, typed arrays, DataView, Atomics,
// asIntN/asUintN, toString radix, conversions and the mixing errors. Hot functions make the compiled tiers see
// both kinds at the same sites.

function kind(f) {
  try {
    return String(f());
  } catch (e) {
    return e.constructor.name;
  }
}

const P = 2n ** 47n;
const edges = [P - 1n, P, -P, -P - 1n, P + 1n, -P + 1n, 0n, 1n, -1n, 2n ** 64n, -(2n ** 64n)];
print(edges.join(" "));

// Results crossing the boundary in each operation, both ways.
print(P - 1n + 1n, P + 1n - 2n, -P - 1n, -P - 1n + 1n, (P - 1n) * 2n, (P * 2n) / 2n, -P / -1n, P / 2n * 2n);
print((-P) * (-P), (P - 1n) * (P - 1n), (-P) % 7n, (P + 5n) % P, -(-P), -(P - 1n), ~(-P), ~(P - 1n), ~P);
print(2n ** 47n, 2n ** 46n, (-2n) ** 47n, (-2n) ** 48n, 3n ** 30n, 7n ** 0n, 0n ** 0n, (-1n) ** 1001n, 2n ** 127n);
print(1n << 46n, 1n << 47n, -1n << 47n, P >> 1n, (P * 4n) >> 2n, -P >> 100n, P >> 100n, 1n << -1n, -3n >> 1n);
print(5n << 79n, 5n << 80n, -5n >> -2n, P & (P - 1n), P | 1n, (P - 1n) ^ -1n, -P & 0xffn, -1n & P, (P + 3n) & 7n);
let i = P - 3n;
const seen = [];
for (let k = 0; k < 6; k++) seen.push(i++);
print(seen.join(), i, i--, i, --i, -P - 1n + 1n);
let j = -P + 2n;
for (let k = 0; k < 4; k++) j--;
print(j, j === -P - 2n, j + 2n === -P);

// Equality across representations: a value is one representation whatever made it.
const a = P - 1n, b = P + 1n - 2n, c = 2n ** 64n, d = 2n ** 65n / 2n;
print(a === b, a !== b, c === d, c !== d, a === c, a == b, c == d, Object.is(a, b), Object.is(c, d), P === P - 1n + 1n);
print(a === 140737488355327n, P === 140737488355328n, -P === -140737488355328n, 5n === 5, 5n == 5, P == 2 ** 47);
const m = new Map([[P - 1n, "below"], [P, "at"], [2n ** 64n, "big"]]);
print(m.get(a), m.get(b), m.get(P), m.get(2n ** 63n * 2n), m.get(c), m.has(140737488355328n), m.get(-P), m.size);
const s = new Set([P, P + 0n, 2n ** 47n, a, b, c, d, 0n, -0n]);
print(s.size, [...s].join(), [a, c].includes(b), [a, c].indexOf(d), [1n, P].lastIndexOf(2n ** 47n));
switch (P - 1n + 1n) {
  case P - 1n: print("switch: below"); break;
  case 2n ** 47n: print("switch: at"); break;
  default: print("switch: default");
}
switch (3n) {
  case 3: print("switch: number"); break;
  case 3n: print("switch: bigint"); break;
}

// Comparisons with BigInts, Numbers and strings on both sides of the boundary.
print(P > P - 1n, -P < -P + 1n, -P - 1n < -P, P - 1n < 2 ** 47, P >= 2 ** 47, P < 2 ** 47 + 0.5, -P > -(2 ** 47) - 0.5);
print(1n < 1.5, 2n > 1.5, 1n < NaN, 1n > -Infinity, P < Infinity, "140737488355328" == P, P > "140737488355327");
print(0n == "", 0n == false, 1n == true, -1n < "x", P <= "0x800000000000", c > "1e3");

// Conversions and builtins.
print(typeof P, typeof (P - 1n), typeof 1n, typeof Object(1n), Object(P - 1n) + 1n, `${-P}`, String(P), P + "");
print(BigInt(2 ** 47), BigInt(-(2 ** 47)), BigInt(2 ** 47 - 1), BigInt("140737488355328"), BigInt("0x800000000000"), kind(() => BigInt("-0x8")));
print(BigInt(true), BigInt(" -5 "), BigInt.asIntN(48, P), BigInt.asIntN(48, P - 1n), BigInt.asUintN(48, -1n), BigInt.asUintN(47, P));
print(BigInt.asIntN(64, 2n ** 63n), BigInt.asUintN(64, -1n), BigInt.asIntN(1, 1n), BigInt.asUintN(0, P), BigInt.asIntN(200, -P - 1n));
print((P - 1n).toString(2), (-P).toString(16), P.toString(36), (-P - 1n).toString(36), (255n).toString(16), (-255n).toString(2));
print((-999n).toLocaleString(), (-P).valueOf(), Object(P).valueOf() === P, Number(P - 1n), Number(-P - 1n), parseInt(P));
print(kind(() => BigInt(0.5)), kind(() => BigInt("1.5")), kind(() => BigInt(Symbol())), kind(() => (2n).toString(37)));
print(kind(() => P + 1), kind(() => 1 + P), kind(() => P * 1.5), kind(() => P >>> 1n), kind(() => 1n >>> 0n), kind(() => -P / 0n));
print(kind(() => P % 0n), kind(() => 1n / 0n), kind(() => 2n ** -1n), kind(() => +P), kind(() => +1n), kind(() => Math.max(1n)));
print(kind(() => JSON.stringify(1n)), kind(() => JSON.stringify({ a: P })), kind(() => 1n << (2n ** 64n)), 0n << (2n ** 64n));
print({ [P]: "at" }["140737488355328"], { [-1n]: "neg" }["-1"], { 1n: "one" }[1], [10, 20][1n], !!0n, !!P, !!-P, P ? "t" : "f");

// Typed arrays, DataView and Atomics on both sides of the boundary.
const i64 = new BigInt64Array([P - 1n, P, -P, -P - 1n, 2n ** 63n, -1n]);
const u64 = new BigUint64Array([P - 1n, P, -P, -1n, 2n ** 64n + 5n]);
print(i64.join(), u64.join(), i64[0] === P - 1n, i64[1] === P, u64[3] === 2n ** 64n - 1n, i64.includes(-P - 1n));
print(i64.indexOf(P), [...i64].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).join(), i64.slice().sort().join());
const dv = new DataView(new ArrayBuffer(16));
dv.setBigInt64(0, -P - 1n);
dv.setBigUint64(8, P - 1n, true);
print(dv.getBigInt64(0), dv.getBigUint64(0), dv.getBigInt64(8, true), dv.getBigUint64(8), dv.getInt32(0));
const shared = new BigInt64Array(new SharedArrayBuffer(16));
print(Atomics.add(shared, 0, P - 1n), Atomics.add(shared, 0, 1n), shared[0], Atomics.sub(shared, 0, P + 1n), shared[0]);
print(Atomics.compareExchange(shared, 0, -1n, P), Atomics.exchange(shared, 1, -P - 1n), Atomics.load(shared, 1));
print(kind(() => (i64[0] = 1)), kind(() => new BigInt64Array([1])), kind(() => new Float64Array([1n])));

// Hot sites: the same code sees small and heap BigInts (and Numbers), so each tier meets both.
function same(x, y) {
  return x === y;
}
function differ(x, y) {
  return x !== y;
}
function step(x) {
  return x * 3n + 1n;
}
let eqs = 0, nes = 0, acc = 0n;
for (let k = 0; k < 3000; k++) {
  const x = BigInt(k % 7) * (P / 4n);
  if (same(x, BigInt(k % 7) * (P / 4n))) eqs++;
  if (same(x + P, x + P)) eqs++;
  if (same(x, k % 7)) eqs++;
  if (differ(x, x * 1n)) nes++;
  if (differ(c + x, d + x)) nes++;
  acc = BigInt.asIntN(60, step(acc) ^ x);
}
print(eqs, nes, acc);
// Hot typed-array stores and loads of both kinds (the interpreter's store IC converts without running JS).
const ta = new BigInt64Array(8), tu = new BigUint64Array(8);
let tsum = 0n;
for (let k = 0; k < 4000; k++) {
  const v = (k % 2 ? P - 2n : -P - 1n) + BigInt(k % 3);
  ta[k & 7] = v;
  tu[k & 7] = v;
  tsum += ta[(k + 1) & 7] + tu[k & 7];
}
print(tsum, ta.join(), tu.join());

// Constants on one side: a small constant compares by bits, a heap one by value.
function atSmallEdge(x) {
  return x === 140737488355327n;
}
function atHeapEdge(x) {
  return x === 140737488355328n;
}
function notHeapEdge(x) {
  return x !== 140737488355328n;
}
let hits = [0, 0, 0];
for (let k = 0; k < 3000; k++) {
  const v = P - 2n + BigInt(k % 4);
  if (atSmallEdge(v)) hits[0]++;
  if (atHeapEdge(v)) hits[1]++;
  if (notHeapEdge(k % 5 === 0 ? 140737488355328 : v)) hits[2]++;
}
print(hits.join());
let count = 0;
for (let n = P - 1000n; n < P + 1000n; n++) if (n % 3n === 0n) count++;
print(count);
