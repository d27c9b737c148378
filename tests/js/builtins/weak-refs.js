// WeakRef and FinalizationRegistry: constructors, brand checks, CanBeHeldWeakly (objects and unregistered symbols),
// register/unregister with tokens, and deref of live targets (collection itself is tested in builtins/weak_ref.rs,
// since when a collection runs differs between engines and tier variants). Expected output from node >= 22.
function attempt(f) { try { return String(f()); } catch (e) { return e.constructor.name; } }
var target = { name: "t" };
var w = new WeakRef(target);
print(w.deref() === target, w.deref().name, Object.prototype.toString.call(w), WeakRef.length, WeakRef.prototype.deref.length);
var sym = Symbol("s");
print(new WeakRef(sym).deref() === sym, attempt(function () { return new WeakRef(Symbol.for("reg")); }));
print(attempt(function () { return WeakRef({}); }), attempt(function () { return new WeakRef(1); }), attempt(function () { return new WeakRef(); }));
print(attempt(function () { return WeakRef.prototype.deref.call({}); }), attempt(function () { return WeakRef.prototype.deref.call(new FinalizationRegistry(function () {})); }));
class MyRef extends WeakRef { constructor(t) { super(t); this.extra = 1; } }
var mr = new MyRef(target);
print(mr instanceof WeakRef, mr.deref() === target, mr.extra, Object.getPrototypeOf(mr) === MyRef.prototype);

var fr = new FinalizationRegistry(function (held) { print("cleanup", held); });
print(Object.prototype.toString.call(fr), FinalizationRegistry.length, fr.register.length, fr.unregister.length);
var token = {};
print(fr.register(target, "held", token), fr.register(target, "again", token), fr.register(w, target), fr.register(sym, 1, sym));
print(fr.unregister(token), fr.unregister(token), fr.unregister(sym), fr.unregister({}));
print(attempt(function () { return fr.register(target, target); }), attempt(function () { return fr.register(1, "x"); }));
print(attempt(function () { return fr.register(target, "x", 1); }), fr.register(target, "x", undefined));
print(attempt(function () { return fr.unregister(1); }), attempt(function () { return fr.unregister(Symbol.for("reg")); }));
print(attempt(function () { return FinalizationRegistry(function () {}); }), attempt(function () { return new FinalizationRegistry(1); }));
print(attempt(function () { return fr.register.call({}, target, 1); }), attempt(function () { return fr.unregister.call(w, token); }));

// The same CanBeHeldWeakly decides WeakMap keys and WeakSet values: unregistered symbols are accepted (ES2023).
var wm = new WeakMap([[sym, "by symbol"]]);
var ws = new WeakSet([sym]);
print(wm.get(sym), wm.has(sym), ws.has(sym), attempt(function () { return wm.set(Symbol.for("reg"), 1); }), attempt(function () { return ws.add(Symbol.for("reg")); }));
print(wm.has(Symbol.for("reg")), wm.delete(sym), wm.has(sym), ws.delete(sym), attempt(function () { return wm.set(1, 1); }));

// A hot loop: every WeakRef's target stays reachable, so every deref finds it.
var keep = [];
var found = 0;
for (var i = 0; i < 3000; i++) {
  var o = { i: i };
  keep.push(o);
  var r = new WeakRef(o);
  if (r.deref() === o) found++;
  fr.register(o, i, o);
  if (i % 2) fr.unregister(o);
}
print(found, keep.length);
