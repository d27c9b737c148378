// Keyed loads and stores whose dense-element fast path misses: out of bounds, negative and non-int32 keys, holes
// (with and without an indexed property on a prototype), frozen arrays, prototypes, typed arrays, strings and
// arguments at the same sites as plain arrays. Every tier must read and write what the interpreter does.
function get(o, k) {
  return o[k];
}
function put(o, k, v) {
  o[k] = v;
  return o;
}
function strictPut(o, k, v) {
  "use strict";
  o[k] = v;
  return o;
}

var a = [10, 20, 30, 40];
var seen = [];
for (var i = 0; i < 300; i++) {
  seen.push(get(a, i % 6));
  seen.push(get(a, -1 - (i % 2)));
}
print(seen.slice(0, 12).join(","), seen.length);
print(get(a, 1.5), get(a, 2.0), get(a, "3"), get(a, "1"), get(a, 2147483647), get(a, -2147483648));

var holey = [1, , 3, , 5];
var out = [];
for (var i = 0; i < 200; i++) out.push(get(holey, i % 5));
print(out.slice(0, 10).join(","));
Array.prototype[3] = "from-proto";
print(get(holey, 1), get(holey, 3), get([], 3));
Object.prototype[1] = "object-proto";
print(get(holey, 1), get(holey, 3));
delete Array.prototype[3];
delete Object.prototype[1];
print(get(holey, 1), get(holey, 3));

// Stores: in bounds, appends, past the end (a hole is made), into holes, negative keys.
var b = [];
for (var i = 0; i < 300; i++) put(b, i, i * 2);
for (var i = 0; i < 300; i++) put(b, i, get(b, i) + 1);
put(b, 310, "far");
put(b, 305, "hole");
put(b, -1, "negative");
put(b, 1.5, "fraction");
print(b.length, b[0], b[299], b[305], b[309], b[310], b[-1], b[1.5]);

// A setter on Array.prototype for an index that is a hole in the receiver.
var log = [];
Object.defineProperty(Array.prototype, 7, {
  set: function (v) {
    log.push("set " + v);
  },
  configurable: true,
});
var c = [0, 1, 2, 3, 4, 5, 6, , 8];
for (var i = 0; i < 9; i++) put(c, i, "v" + i);
print(c.join(","), log.join(";"), c.hasOwnProperty(7));
delete Array.prototype[7];

// Frozen and sealed arrays: sloppy stores are ignored, strict ones throw.
var frozen = Object.freeze([1, 2, 3]);
for (var i = 0; i < 200; i++) put(frozen, i % 3, 99);
print(frozen.join(","));
try {
  for (var i = 0; i < 200; i++) strictPut([1, 2, 3], i % 3, i);
  strictPut(frozen, 0, 7);
} catch (e) {
  print(e instanceof TypeError, frozen[0]);
}
var sealed = Object.seal([1, 2, 3]);
for (var i = 0; i < 200; i++) put(sealed, i % 4, i);
print(sealed.join(","), sealed.length);

// An array used as a prototype: stores through the keyed site must keep the protector right.
var protoArr = [1, 2, 3];
var child = Object.create(protoArr);
for (var i = 0; i < 200; i++) put(protoArr, i % 3, i);
print(protoArr.join(","), child[0], child[2], get(child, 1));
var holeInChild = [, , ,];
Object.setPrototypeOf(holeInChild, protoArr);
print(get(holeInChild, 0), get(holeInChild, 2));

// Other receivers at the same sites: typed arrays, strings, arguments, plain objects with indexed keys, primitives.
var ta = new Int16Array([5, 6, 7]);
var str = "hello";
function args() {
  return arguments;
}
var ar = args("x", "y");
var obj = { 0: "zero", 1: "one", length: 2 };
var mixed = [];
for (var i = 0; i < 200; i++) {
  var r = [a, ta, str, ar, obj, 42, true][i % 7];
  mixed.push(String(get(r, i % 3)));
}
print(mixed.slice(0, 14).join(","));
for (var i = 0; i < 200; i++) put(ta, i % 4, i * 1000);
print(Array.from(ta).join(","), ta[3]);
try {
  get(null, 0);
} catch (e) {
  print(e instanceof TypeError);
}
try {
  put(undefined, 0, 1);
} catch (e) {
  print(e instanceof TypeError);
}

// Holes filled by hot stores: in an array, in a non-extensible array, in an array-like object.
var fill = new Array(50);
for (var i = 0; i < 50; i++) put(fill, i, i);
print(fill.length, fill[0], fill[49], Object.keys(fill).length);
var fixed = Object.preventExtensions([1, , 3]);
for (var i = 0; i < 100; i++) put(fixed, i % 3, "p" + i);
print(fixed.length, fixed.hasOwnProperty(1), fixed.join(","));
var like = {};
like[0] = "a";
like[2] = "c";
for (var i = 0; i < 100; i++) put(like, i % 3, "q" + i);
print(Object.keys(like).join(","), like[1]);

// Appends at a hot (megamorphic) store site: arrays with and without room, a read-only length, a non-extensible
// array, an array that is a prototype, and a setter for the next index on Array.prototype.
function appendAll(arr, n) {
  for (var i = arr.length; i < n; i++) put(arr, i, i);
  return arr;
}
var grown = [];
for (var r = 0; r < 20; r++) grown = appendAll([], 100);
print(grown.length, grown[99], appendAll(new Array(3), 8).join(","));
var roLen = [1, 2];
Object.defineProperty(roLen, "length", { writable: false });
appendAll(roLen, 5);
print(roLen.length, roLen[2]);
try {
  strictPut(roLen, 2, "x");
} catch (e) {
  print(e instanceof TypeError);
}
var sealedGrow = Object.preventExtensions([1]);
appendAll(sealedGrow, 4);
print(sealedGrow.length);
var protoGrow = [0];
var heir = Object.create(protoGrow);
appendAll(protoGrow, 6);
print(protoGrow.length, heir[5]);
var setterLog = [];
Object.defineProperty(Array.prototype, 60, {
  set: function (v) {
    setterLog.push("proto set " + v);
  },
  configurable: true,
});
var past = appendAll([], 64);
print(past.length, past.hasOwnProperty(60), past[61], setterLog.join(","));
delete Array.prototype[60];
