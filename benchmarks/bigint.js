// bigint: BigInt arithmetic (written from scratch): modular exponentiation with 256-bit numbers (a Fermat test
// of a range of odd numbers), Fibonacci numbers past 2^64, and 64-bit wrapping arithmetic through asUintN.
if (typeof print === 'undefined') print = console.log;
function modpow(b, e, m) {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
function probablePrimes(start, count) {
  let found = 0;
  for (let n = start, i = 0; i < count; n += 2n, i++) if (modpow(2n, n - 1n, n) === 1n) found++;
  return found;
}
function fib(n) {
  let a = 0n, b = 1n;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}
function xorshift(rounds) {
  let x = 88172645463325252n, acc = 0n;
  for (let i = 0; i < rounds; i++) {
    x = BigInt.asUintN(64, x ^ (x << 13n));
    x ^= x >> 7n;
    x = BigInt.asUintN(64, x ^ (x << 17n));
    acc = BigInt.asUintN(64, acc + x);
  }
  return acc;
}
const primes = probablePrimes(2n ** 255n + 1n, 3000);
let digits = 0;
for (let k = 0; k < 300; k++) digits += fib(1000 + k).toString().length;
const rnd = xorshift(300000);
print("bigint: " + primes + " probable primes, " + digits + " digits, xorshift " + rnd.toString(16));
if (primes !== 39 || digits !== 72114 || rnd.toString(16) !== "9d0aeec3ede6aa8f") throw new Error("bigint: wrong result");
