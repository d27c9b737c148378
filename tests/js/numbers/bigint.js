// BigInt: literals, every operator (and the TypeError of mixing with Number), comparisons and equality across
// BigInt, Number and String, conversions, BigInt() and its statics, wrappers, keys of Maps and properties.

const a = 123456789012345678901234567890n;
print(a * a, a + 1n, -a, a / 7n, a % 7n, -a % 7n, 2n ** 100n, typeof a);
print(5n & 3n, 5n | 3n, 5n ^ 3n, ~5n, -7n >> 1n, 1n << 70n, 1n << -1n, -1n >> 200n, 0x1fn, 0o17n, 0b101n);
print(a > 1e29, a < 1e30, 1n < 2, 2n > 1.5, 1n <= 1, 10n > "9", "x" < 1n, 1n < NaN, 2n ** 64n > 2 ** 64);
print(1n == 1, 1n == "1", 0n == false, 1n == true, 0n == "", 1n == 1.5, 2n ** 53n == 2 ** 53, 1n === 1);
print(1n === BigInt(1), Object.is(0n, -0n), [1n, 2n].includes(BigInt(2)), [1n, 2n].indexOf(2n), 0n ? "t" : "f");
print(BigInt(2 ** 60), BigInt("0x1f"), BigInt(" 12 "), BigInt(true), BigInt.asIntN(8, 255n), BigInt.asUintN(8, -1n));
print(BigInt.asIntN(64, 2n ** 63n), BigInt.asUintN(64, -1n), (255n).toString(16), (-255n).toString(2), 10n.toLocaleString());
print(Object(3n) + 1n, typeof Object(3n), Object.prototype.toString.call(1n), `${10n}`, String(-5n), Number(2n ** 64n));
print({ 1n: "key" }[1], { [2n]: "two" }["2"], new Map([[BigInt(7), "seven"]]).get(7n), new Set([1n, 1n, BigInt(1)]).size);

function attempt(f) {
  try {
    return f();
  } catch (e) {
    return e.constructor.name + ": " + e.message;
  }
}
print(attempt(() => 1n + 1));
print(attempt(() => +1n));
print(attempt(() => 1n >>> 0n));
print(attempt(() => 1n / 0n));
print(attempt(() => 2n ** -1n));
print(attempt(() => BigInt(1.5)));
print(attempt(() => BigInt("1.5")));
print(attempt(() => BigInt(Symbol())));
print(attempt(() => new BigInt(1)));
print(attempt(() => JSON.stringify({ n: 1n })));
print(attempt(() => Math.abs(1n)));

// Hot code: arithmetic and `===` on BigInts in every tier (mid's identity compare must not apply to them).
function fib(n) {
  let x = 0n, y = 1n;
  for (let i = 0; i < n; i++) [x, y] = [y, x + y];
  return x;
}
function same(p, q) { return p === q; }
let hits = 0;
const objs = [{}, {}];
for (let i = 0; i < 3000; i++) {
  if (same(objs[i & 1], objs[0])) hits++;
}
for (let i = 0; i < 3000; i++) {
  if (same(BigInt(i % 3), 1n)) hits++;
}
let acc = 0n;
for (let i = 0; i < 200; i++) acc += fib(i % 90) % 1000n;
print(fib(100), hits, acc);
