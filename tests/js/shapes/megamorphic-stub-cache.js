// Megamorphic named loads and stores (more than four receiver shapes at one site), which consult the VM's stub
// cache: prototype properties that change or become accessors, shadowing, transitions when a setter or a
// read-only property appears on the prototype chain, frozen receivers, and collections in between (gc-stress).
function getX(o) {
  return o.x;
}
function setX(o, v) {
  o.x = v;
}
function make(i) {
  var o = {};
  o["k" + (i % 9)] = i;
  o.x = i;
  return o;
}
var objs = [];
for (var i = 0; i < 27; i++) objs.push(make(i));
var s = 0;
for (var r = 0; r < 40; r++) for (var i = 0; i < objs.length; i++) s += getX(objs[i]);
print("own loads", s);
for (var r = 0; r < 40; r++) for (var i = 0; i < objs.length; i++) setX(objs[i], r + i);
print("own stores", objs.map(getX).join(","));

// Prototype loads at a megamorphic site.
function Proto() {}
Proto.prototype.x = "p1";
var inherit = [];
for (var i = 0; i < 9; i++) {
  var o = new Proto();
  o["m" + i] = i;
  inherit.push(o);
}
var seen = [];
for (var r = 0; r < 60; r++) {
  if (r === 20) Proto.prototype.x = "p2";
  if (r === 30) inherit[3].x = "own3";
  if (r === 40) Object.defineProperty(Proto.prototype, "x", { get: function () { return "getter"; }, configurable: true });
  if (r === 50) Object.setPrototypeOf(inherit[5], { x: "other proto" });
  var row = [];
  for (var i = 0; i < inherit.length; i++) row.push(getX(inherit[i]));
  if (r % 10 === 0 || r === 59) seen.push(row.join(" "));
}
print(seen.join("\n"));

// Transitions at a megamorphic store site: a setter, then a read-only property, appear on the prototype.
function Base() {}
function fresh(i) {
  var o = new Base();
  o["t" + (i % 7)] = i;
  return o;
}
var log = [];
var made = [];
for (var r = 0; r < 100; r++) {
  if (r === 50) Object.defineProperty(Base.prototype, "x", { set: function (v) { log.push(v); }, configurable: true });
  if (r === 70) Object.defineProperty(Base.prototype, "x", { value: "ro", writable: false, configurable: true });
  var o = fresh(r);
  setX(o, r);
  made.push(o.hasOwnProperty("x") ? "own" : o.x === undefined ? "set" : o.x);
}
print(made.slice(45, 55).join(","), made.slice(65, 75).join(","), log.length, log[0]);

// Frozen and non-extensible receivers among the shapes.
var mixed = objs.slice(0, 8).concat([Object.freeze({ x: "frozen" }), Object.preventExtensions({ y: 1 })]);
for (var r = 0; r < 30; r++) for (var i = 0; i < mixed.length; i++) setX(mixed[i], "r" + r);
print(mixed.map(getX).join(","));

// Object literals (defines) with many shapes: a setter on Object.prototype must not run.
Object.defineProperty(Object.prototype, "x", { set: function (v) { log.push("proto setter"); }, configurable: true });
var lits = [];
for (var r = 0; r < 60; r++) {
  var l;
  switch (r % 6) {
    case 0: l = { x: r }; break;
    case 1: l = { a: 1, x: r }; break;
    case 2: l = { b: 1, x: r }; break;
    case 3: l = { c: 1, x: r }; break;
    case 4: l = { d: 1, x: r }; break;
    default: l = { e: 1, x: r };
  }
  lits.push(getX(l));
}
print(lits.slice(-6).join(","), log.indexOf("proto setter"));
