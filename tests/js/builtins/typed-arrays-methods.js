// %TypedArray%.prototype methods: copies within one buffer (overlap), sort, subarray sharing, species, from/of.
var a = new Int32Array([5, 1, 4, 2, 3]);
print(a.sort() + "", a.reverse() + "", a.subarray(1, 3) + "", a.subarray(-2) + "");
print(new Float64Array([3, -0, NaN, 0, -Infinity, 1]).sort().join(), Object.is(new Float64Array([0, -0]).sort()[0], -0));
print(new Int8Array([1, 2, 3, 4]).sort(function (x, y) { return y - x; }) + "");
print(new Uint8Array([3, 1, 2]).toSorted() + "", new Uint8Array([1, 2, 3]).toReversed() + "", new Uint8Array([1, 2]).with(-1, 9) + "");

var c = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
c.set(c.subarray(0, 4), 2);
print(c + "");
c.set(c.subarray(4), 1);
print(c + "");
var shared = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
var wide = new Uint16Array(shared.buffer, 0, 2);
shared.set(wide, 3);
print(shared + "");
print(new Uint8Array([1, 2, 3, 4, 5]).copyWithin(1, 0, 3) + "", new Uint8Array([1, 2, 3, 4, 5]).copyWithin(0, 2) + "");
print(new Float32Array([1, 2, 3]).fill(0.1, 1) + "", new Int8Array(4).fill(200, -2) + "");
try {
  new Uint8Array(2).set([1, 2, 3]);
} catch (e) {
  print(e.constructor.name);
}
try {
  new Uint8Array(2).set([1], -1);
} catch (e) {
  print(e.constructor.name);
}

var sub = c.subarray(2, 5);
sub[0] = 99;
print(c[2], sub.byteOffset, sub.length, sub.buffer === c.buffer);

var f = new Float64Array([1.5, -2, 3]);
print(f.map(function (x) { return x * 2; }) + "", f.filter(function (x) { return x > 0; }) + "");
print(f.reduce(function (s, x) { return s + x; }), f.reduceRight(function (s, x) { return s + "," + x; }, ""));
print(f.indexOf(3), f.lastIndexOf(1.5), f.includes(-2), new Float32Array([NaN]).includes(NaN), new Float32Array([NaN]).indexOf(NaN));
print(f.find(function (x) { return x < 0; }), f.findIndex(function (x) { return x > 2; }), f.findLast(function (x) { return x > 0; }), f.findLastIndex(function (x) { return x > 5; }));
print(f.every(function (x) { return x < 4; }), f.some(function (x) { return x > 4; }), f.at(-1), f.at(5));
print([...f.keys()], [...f.entries()].join(";"), f.join(), f.toString === Array.prototype.toString);

class Doubled extends Uint8Array {}
var dd = new Doubled([1, 2, 3]);
print(dd.map(function (x) { return x * 2; }) instanceof Doubled, dd.slice(1) instanceof Doubled, dd.subarray(1) instanceof Doubled);
print(Uint8Array.from([1, 2, 3], function (x) { return x * 10; }) + "", Int16Array.of(1, -2, 70000) + "", Uint8Array.from({ length: 2, 0: 7 }) + "");
print(Uint8Array.from(new Set([4, 5])) + "", new Uint16Array(new Int8Array([-1, 2])) + "", new Int8Array(new Uint8Array([255, 128])) + "");
print(Object.getPrototypeOf(Int8Array) === Object.getPrototypeOf(Float64Array), Int8Array.BYTES_PER_ELEMENT, Float64Array.prototype.BYTES_PER_ELEMENT);
print(Object.prototype.toString.call(new Uint8ClampedArray(1)), new Int8Array(2)[Symbol.toStringTag], Object.getPrototypeOf(Int8Array.prototype)[Symbol.toStringTag]);
try {
  Int8Array(2);
} catch (e) {
  print(e.constructor.name);
}
try {
  new (Object.getPrototypeOf(Int8Array))();
} catch (e) {
  print(e.constructor.name);
}
try {
  new Uint8Array(-1);
} catch (e) {
  print(e.constructor.name);
}
var ctorCalls = 0;
var speciesSrc = new Uint8Array([1, 2, 3, 4]);
speciesSrc.constructor = {};
speciesSrc.constructor[Symbol.species] = function (n) {
  ctorCalls++;
  return new Uint8Array(1);
};
try {
  speciesSrc.slice(0, 3);
} catch (e) {
  print(e.constructor.name, ctorCalls);
}

// Atomics on integer typed arrays (single agent).
var ia = new Int32Array(new SharedArrayBuffer(16));
print(Atomics.add(ia, 0, 5), Atomics.sub(ia, 0, 2), Atomics.load(ia, 0), Atomics.exchange(ia, 1, 7), Atomics.compareExchange(ia, 1, 7, 9), ia[1]);
print(Atomics.and(ia, 1, 3), Atomics.or(ia, 1, 4), Atomics.xor(ia, 1, 1), ia[1], Atomics.store(ia, 2, -0), Atomics.isLockFree(4));
print(Atomics.wait(ia, 0, 0, 0), Atomics.wait(ia, 0, 3, 0), Atomics.notify(ia, 0, 1));
print(Atomics.add(new Uint8Array(1), 0, 300), Atomics.sub(new Uint8Array(1), 0, 1), Atomics.load(new Int16Array([-5]), 0));
try {
  Atomics.add(new Float64Array(1), 0, 1);
} catch (e) {
  print(e.constructor.name);
}
try {
  Atomics.load(ia, 4);
} catch (e) {
  print(e.constructor.name);
}
try {
  Atomics.wait(new Int32Array(4), 0, 0, 0);
} catch (e) {
  print(e.constructor.name);
}
var timed = Atomics.waitAsync(ia, 3, 0, 10);
print(timed.async, Atomics.waitAsync(ia, 3, 1).value, Atomics.waitAsync(ia, 3, 0, 0).value);
var woken = Atomics.waitAsync(ia, 2, 0);
woken.value.then(function (r) { print("notified:", r); });
print(Atomics.notify(ia, 2), Atomics.notify(ia, 2), Atomics.notify(new Int32Array(1), 0));
