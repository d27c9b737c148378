// Named-property sites that go polymorphic, then megamorphic, whose prototype properties change, whose receivers
// keep properties out of line, move through transitions, or are arrays and primitive strings; and global variables
// that are deleted, turned into accessors or made read-only while the sites that read and write them are hot.
// Every tier must see what the interpreter sees.
function getX(o) {
  return o.x;
}
function setX(o, v) {
  o.x = v;
}
function strictSetX(o, v) {
  "use strict";
  o.x = v;
}

// Polymorphic (up to four shapes), then megamorphic.
var shapes = [{ x: 1 }, { a: 0, x: 2 }, { b: 0, c: 0, x: 3 }, { d: 0, x: 4 }, { e: 0, f: 0, g: 0, x: 5 }, { x: 6, y: 0 }];
var sum = 0;
for (var i = 0; i < 400; i++) sum += getX(shapes[i % (i < 200 ? 4 : 6)]);
print("poly/mega loads", sum);
for (var i = 0; i < 400; i++) setX(shapes[i % (i < 200 ? 4 : 6)], i);
print("poly/mega stores", shapes.map(getX).join(","));

// Out-of-line properties: an object with many properties added one by one.
function wide(n) {
  var o = {};
  for (var k = 0; k < n; k++) o["p" + k] = k;
  o.x = "wide" + n;
  return o;
}
var wides = [wide(3), wide(12), wide(30)];
var got = [];
for (var i = 0; i < 300; i++) {
  var w = wides[i % 3];
  if (i > 150) setX(w, "set" + (i % 3));
  got.push(getX(w));
}
print("out of line", got.slice(0, 3).join(","), got.slice(-3).join(","));

// Prototype loads: the holder's value changes, the property is shadowed, deleted, replaced by a getter.
function Base() {}
Base.prototype.x = "proto";
var inst = new Base();
var seen = [];
for (var i = 0; i < 500; i++) {
  if (i === 100) Base.prototype.x = "changed";
  if (i === 200) inst.x = "own";
  if (i === 250) delete inst.x;
  if (i === 300) Object.defineProperty(Base.prototype, "x", { get: function () { return "getter"; }, configurable: true });
  if (i === 400) Object.setPrototypeOf(inst, { x: "new proto" });
  if (i % 50 === 0) seen.push(getX(inst));
  else getX(inst);
}
print("proto", seen.join(","));

// Transitions: constructors adding properties in order (in-object, then out of line), and a setter appearing on
// the prototype chain after the transition was cached.
function Point(x, y) {
  this.x = x;
  this.y = y;
}
var pts = [];
for (var i = 0; i < 300; i++) pts.push(new Point(i, -i));
print("transitions", pts[299].x, pts[299].y, Object.keys(pts[0]).join(","));
var log = [];
function addZ(o, v) {
  o.z = v;
}
for (var i = 0; i < 200; i++) addZ(new Point(1, 2), i);
Object.defineProperty(Point.prototype, "z", { set: function (v) { log.push(v); }, configurable: true });
var p = new Point(1, 2);
addZ(p, "through setter");
print("setter", log.join(","), p.hasOwnProperty("z"));
Object.defineProperty(Point.prototype, "w", { value: 1, writable: false });
function addW(o) {
  o.w = 2;
}
for (var i = 0; i < 50; i++) addW(new Point(0, 0));
print("read-only on proto", new Point(0, 0).w);
try {
  (function () {
    "use strict";
    new Point(0, 0).w = 3;
  })();
} catch (e) {
  print(e instanceof TypeError);
}

// Frozen receivers and accessors at a hot store site.
var frozen = Object.freeze({ x: "frozen" });
for (var i = 0; i < 100; i++) setX(frozen, i);
print("frozen", frozen.x);
try {
  strictSetX({ x: 1 }, 2);
  strictSetX(frozen, 3);
} catch (e) {
  print(e instanceof TypeError);
}
var acc = { get x() { return "get"; }, set x(v) { log.push("acc " + v); } };
for (var i = 0; i < 100; i++) setX(acc, i);
print("accessor", getX(acc), log.length, log[log.length - 1]);

// Array and string lengths at the same site as ordinary objects.
function len(o) {
  return o.length;
}
var arr = [1, 2, 3];
var lens = [];
for (var i = 0; i < 300; i++) lens.push(len([arr, "abcd", { length: "obj" }, new Uint8Array(5), "", function (a, b) {}][i % 6]));
print("lengths", lens.slice(0, 6).join(","));
var big = [];
big.length = 4294967295;
var huge = [];
for (var i = 0; i < 100; i++) huge.push(len(i % 2 ? big : arr));
print("huge length", huge[0], huge[1]);
function charAtOf(s) {
  return s.charAt;
}
var same = 0;
for (var i = 0; i < 200; i++) if (charAtOf("xy") === String.prototype.charAt) same++;
String.prototype.charAt = function () {
  return "patched";
};
print("string proto", same, "xy".charAt(0), charAtOf("q")());

// Object literals (own defines): a setter on Object.prototype must not run.
Object.defineProperty(Object.prototype, "lit", { set: function (v) { log.push("proto setter " + v); }, configurable: true });
var lits = [];
for (var i = 0; i < 200; i++) lits.push({ lit: i, other: -i });
print("literals", lits[199].lit, lits[199].hasOwnProperty("lit"), log.indexOf("proto setter 5"));
delete Object.prototype.lit;

// Globals: read and written in hot functions while they are deleted, become accessors, become read-only.
var counter = 0;
var g1 = "g1";
function readG1() {
  return g1;
}
function bump() {
  counter = counter + 1;
}
var reads = [];
for (var i = 0; i < 300; i++) {
  bump();
  if (i === 100) g1 = "assigned";
  if (i === 150) globalThis.g1 = "via globalThis";
  if (i % 50 === 0) reads.push(readG1());
  else readG1();
}
print("globals", counter, reads.join(","));
globalThis.g2 = "deletable";
function readG2() {
  return typeof g2 === "undefined" ? "gone" : g2;
}
function readG2Direct() {
  return g2;
}
for (var i = 0; i < 200; i++) readG2Direct();
delete globalThis.g2;
print("deleted", readG2());
try {
  readG2Direct();
} catch (e) {
  print(e.name, e.message);
}
globalThis.g3 = 1;
function readG3() {
  return g3;
}
function writeG3(v) {
  g3 = v;
}
for (var i = 0; i < 200; i++) writeG3(readG3() + 1);
var getterCalls = 0;
Object.defineProperty(globalThis, "g3", {
  get: function () {
    getterCalls++;
    return "from getter";
  },
  set: function (v) {
    log.push("g3 set " + v);
  },
  configurable: true,
});
writeG3(42);
print("accessor global", readG3(), getterCalls, log[log.length - 1]);
Object.defineProperty(globalThis, "g3", { value: "fixed", writable: false, configurable: true });
for (var i = 0; i < 50; i++) writeG3(i);
print("read-only global", readG3());
function strictWriteG3() {
  "use strict";
  g3 = 0;
}
try {
  strictWriteG3();
} catch (e) {
  print(e instanceof TypeError);
}
