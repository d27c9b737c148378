// for-of over arrays in hot loops, where optimised code steps array iterators itself: dense arrays, holes, arrays
// that grow or shrink while iterated, other iterables, and a replaced %ArrayIteratorPrototype%.next.
function sum(xs) {
  let s = 0;
  for (const x of xs) s += x === undefined ? 100 : x;
  return s;
}
function collect(xs) {
  const out = [];
  for (const x of xs) {
    if (x === "stop") break;
    if (x === "skip") continue;
    out.push(x);
  }
  return out.join(",");
}
const dense = [1, 2, 3, 4, 5];
const holey = [1, , 3, , 5];
let total = 0;
for (let i = 0; i < 3000; i++) total += sum(dense) + sum(holey);
print("sums", total, sum([]), sum([0.5, 1.5]));
for (let i = 0; i < 3000; i++) collect(["a", "skip", "b"]);
print("collect", collect(["a", "skip", "b", "stop", "c"]), collect("xy"), collect(new Set([7, 8])));

// Growing and shrinking while iterating: the iterator reads the length at each step.
function growing() {
  const a = [1, 2, 3];
  let n = 0;
  for (const x of a) { if (a.length < 6) a.push(x * 10); n += x; }
  return n + ":" + a.length;
}
function shrinking() {
  const a = [1, 2, 3, 4, 5, 6];
  let n = 0;
  for (const x of a) { a.pop(); n += x; }
  return n + ":" + a.length;
}
let g = "", h = "";
for (let i = 0; i < 2000; i++) { g = growing(); h = shrinking(); }
print("mutating", g, h);

// An iterator with an own property, and an array-like that is not an array.
function own(xs) {
  const it = xs[Symbol.iterator]();
  it.extra = 1;
  let s = 0;
  for (const x of { [Symbol.iterator]: () => it }) s += x;
  return s;
}
for (let i = 0; i < 2000; i++) own(dense);
print("own property", own(dense), sum({ length: 2, 0: 4, 1: 5, [Symbol.iterator]: Array.prototype[Symbol.iterator] }));

// A replaced next: every later step calls it.
const ArrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]());
const realNext = ArrayIteratorPrototype.next;
let calls = 0;
ArrayIteratorPrototype.next = function () { calls++; return realNext.call(this); };
print("replaced next", sum(dense), sum(holey), calls);
ArrayIteratorPrototype.next = realNext;
print("restored", sum(dense), calls);
