// Map, Set, WeakMap and Symbol basics (ES2015 core library).
var m = new Map();
m.set("a", 1).set(2, "two").set(NaN, "nan");
var ko = {}; m.set(ko, "object key");
print(m.size, m.get("a"), m.get(2), m.get("2"), m.get(NaN), m.get(ko), m.get({}), m.has(2), m.has("2"));
m.delete(2);
var ents = []; m.forEach(function (v, k) { ents.push(String(k) + "=" + v); }); print(ents.join(" "), m.size);
var ks = []; for (var [k, v] of m) ks.push(typeof k); print(ks.join(","));
m.set("a", "replaced"); print(Array.from(m.keys()).length, m.get("a"));
m.clear(); print(m.size);
var s = new Set([3, 1, 3, 2, 1, -0, 0]);
print(s.size, Array.from(s).join(","), s.has(3), s.has(4), 1 / Array.from(s)[3]);
s.add(4).add(3); s.delete(1); print(Array.from(s).join(","));
var wm = new WeakMap(); var key = {}; wm.set(key, 42); print(wm.get(key), wm.has({}), wm.has(key));
var sym = Symbol("tag"); var o = {}; o[sym] = "symbol value"; o.plain = 1;
print(o[sym], Object.keys(o).join(","), typeof sym, sym.toString(), Symbol("x") === Symbol("x"), Symbol.for("y") === Symbol.for("y"));
print(JSON.stringify(o), Object.getOwnPropertySymbols(o).length);
try { sym + ""; } catch (e) { print(e.name); }
print(Object.prototype.toString.call(new Map()), Object.prototype.toString.call(new Set()));
