// BigInt64Array and BigUint64Array, DataView's BigInt accessors and Atomics on BigInt arrays: elements are BigInts,
// stores convert with ToBigInt (a Number is a TypeError) and wrap to 64 bits, and the two content types never mix.
function show(t) {
  return t.constructor.name + "[" + t.join(",") + "]";
}

// Construction: lengths, array-likes, iterables, buffers, other BigInt arrays; from and of.
print(show(new BigInt64Array(3)), BigInt64Array.BYTES_PER_ELEMENT, BigUint64Array.BYTES_PER_ELEMENT);
print(show(new BigInt64Array([1n, -2n, "3", true])), show(new BigUint64Array(new Set([5n, 6n]))));
var buf = new ArrayBuffer(24);
var view = new BigUint64Array(buf, 8, 2);
print(view.length, view.byteOffset, view.byteLength, new BigInt64Array(buf).length);
print(show(new BigUint64Array(new BigInt64Array([-1n, 2n]))), show(new BigInt64Array(new BigUint64Array([2n ** 64n - 1n]))));
print(show(BigInt64Array.from([1n, 2n], function (x) { return x * 10n; })), show(BigUint64Array.of(7n, "8")));
try {
  new BigInt64Array([1, 2]);
} catch (e) {
  print("array-like of Numbers:", e.constructor.name);
}

// Element get/set: ToBigInt, its errors, and wrapping as BigInt.asIntN(64) / asUintN(64).
var a = new BigInt64Array(4);
var u = new BigUint64Array(4);
a[0] = 2n ** 63n;
a[1] = 2n ** 64n + 5n;
a[2] = -(2n ** 63n) - 1n;
a[3] = "-12";
u[0] = -1n;
u[1] = 2n ** 64n;
u[2] = 2n ** 70n + 9n;
u[3] = false;
print(show(a), show(u));
print(a[0] === BigInt.asIntN(64, 2n ** 63n), u[0] === BigInt.asUintN(64, -1n), typeof a[1], a[9]);
var errors = [1, 1.5, undefined, null, Symbol("s"), "x"];
for (var i = 0; i < errors.length; i++) {
  try {
    a[0] = errors[i];
    print("stored", a[0]);
  } catch (e) {
    print(String(errors[i]), e.constructor.name);
  }
}
// The conversion runs (and throws) even for an index out of bounds.
try {
  a[100] = 1;
} catch (e) {
  print("out of bounds:", e.constructor.name);
}
print(Reflect.set(a, 1, { valueOf: function () { return 42n; } }), a[1]);
Object.defineProperty(u, "1", { value: 77n });
print(u[1], JSON.stringify(Object.getOwnPropertyDescriptor(u, "1"), function (k, v) { return typeof v === "bigint" ? v + "n" : v; }));

// DataView in both byte orders.
var dv = new DataView(new ArrayBuffer(16));
dv.setBigInt64(0, 0x0102030405060708n);
dv.setBigUint64(8, 0x0102030405060708n, true);
var bytes = [];
for (var i = 0; i < 16; i++) bytes.push(dv.getUint8(i));
print(bytes.join(" "));
print(dv.getBigInt64(0), dv.getBigInt64(0, true), dv.getBigUint64(8, true), dv.getBigUint64(8));
dv.setBigInt64(0, -2n, true);
print(dv.getBigInt64(0, true), dv.getBigUint64(0, true), dv.getBigUint64(0));
try {
  dv.setBigInt64(0, 1);
} catch (e) {
  print("setBigInt64 with a Number:", e.constructor.name);
}
try {
  dv.getBigUint64(9);
} catch (e) {
  print("getBigUint64 past the end:", e.constructor.name);
}

// Methods: sort, includes/indexOf, fill, set, slice, subarray, map, filter, with, toSorted, reverse.
var s = new BigInt64Array([5n, -3n, 2n ** 62n, 0n, -(2n ** 62n), 5n]);
print(show(s.slice().sort()), show(s.toSorted(function (x, y) { return x < y ? 1 : x > y ? -1 : 0; })));
print(show(new BigUint64Array([3n, 2n ** 64n - 1n, 1n]).sort()));
print(s.includes(5n), s.includes(5), s.indexOf(0n), s.lastIndexOf(5n), s.indexOf(-3), s.at(-1));
print(show(new BigUint64Array(4).fill(3n, 1, 3)), show(s.with(1, 9n)), show(s.subarray(1, 3)));
print(show(s.map(function (x) { return x * 2n; })), show(s.filter(function (x) { return x > 0n; })));
print(show(s.slice(2, 4)), show(s.slice().reverse()), s.toString());
var t = new BigInt64Array(5);
t.set([1n, 2n], 1);
t.set(new BigUint64Array([2n ** 64n - 1n]), 4);
print(show(t));
try {
  t.fill(1);
} catch (e) {
  print("fill with a Number:", e.constructor.name);
}

// The content-type TypeError: typed arrays of Numbers and of BigInts do not copy into each other.
var attempts = [
  function () { return new Float64Array(new BigInt64Array(1)); },
  function () { return new BigUint64Array(new Uint8Array(1)); },
  function () { new Int32Array(2).set(new BigInt64Array(1)); },
  function () { new BigInt64Array(2).set(new Int32Array(1)); },
];
for (var i = 0; i < attempts.length; i++) {
  try {
    attempts[i]();
    print("no error");
  } catch (e) {
    print(e.constructor.name);
  }
}
class Numbers extends BigInt64Array {
  static get [Symbol.species]() {
    return Float64Array;
  }
}
try {
  new Numbers(2).slice();
} catch (e) {
  print("species of the other content type:", e.constructor.name);
}

// Atomics on BigInt arrays.
var sab = new BigInt64Array(new SharedArrayBuffer(16));
print(Atomics.add(sab, 0, 5n), Atomics.add(sab, 0, 2n ** 64n + 1n), sab[0]);
print(Atomics.sub(sab, 1, 1n), sab[1], Atomics.and(sab, 1, 0xffn), Atomics.or(sab, 1, 0x100n), Atomics.xor(sab, 1, 1n), sab[1]);
print(Atomics.exchange(sab, 0, 3n), Atomics.compareExchange(sab, 0, 3n, 4n), Atomics.compareExchange(sab, 0, 3n, 5n), Atomics.load(sab, 0));
print(Atomics.store(sab, 0, 2n ** 64n + 7n), sab[0], Atomics.wait(sab, 0, 0n, 0), Atomics.wait(sab, 0, 7n, 0), Atomics.notify(sab, 0));
var ub = new BigUint64Array(2);
print(Atomics.sub(ub, 0, 1n), ub[0], Atomics.add(ub, 0, 2n), ub[0]);
try {
  Atomics.add(sab, 0, 1);
} catch (e) {
  print("Atomics.add with a Number:", e.constructor.name);
}

// A hot loop summing a BigInt64Array (compiled tiers run these element loads and stores).
function fillBig(t) {
  for (var i = 0; i < t.length; i++) t[i] = BigInt(i) * 1000000007n - 5n;
  return t;
}
function sum(t) {
  var total = 0n;
  for (var i = 0; i < t.length; i++) total += t[i];
  return total;
}
var hot = fillBig(new BigInt64Array(2000));
var total = 0n;
for (var round = 0; round < 30; round++) total += sum(hot);
print(total, sum(fillBig(new BigUint64Array(100))));
