// Proxy: every trap with what it receives, forwarding when a trap is missing, proxies as prototypes, proxies of
// functions, classes and arrays, Reflect on proxies, revocation, and proxies at sites that inline caches have seen.
function keyName(k) { return typeof k === "symbol" ? k.toString() : String(k); }

var log = [];
var p;
var handler = {
  get: function (t, k, r) { log.push("get " + keyName(k) + (r === p ? "" : " (other receiver)")); return Reflect.get(t, k, r); },
  set: function (t, k, v, r) { log.push("set " + keyName(k) + "=" + v); return Reflect.set(t, k, v, r); },
  has: function (t, k) { log.push("has " + keyName(k)); return Reflect.has(t, k); },
  deleteProperty: function (t, k) { log.push("delete " + keyName(k)); return Reflect.deleteProperty(t, k); },
  ownKeys: function (t) { log.push("ownKeys"); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor: function (t, k) { log.push("gopd " + keyName(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
  defineProperty: function (t, k, d) { log.push("define " + keyName(k) + " {" + Object.keys(d).join(",") + "}"); return Reflect.defineProperty(t, k, d); },
  getPrototypeOf: function (t) { log.push("getPrototypeOf"); return Reflect.getPrototypeOf(t); },
  setPrototypeOf: function (t, pr) { log.push("setPrototypeOf " + (pr === null ? "null" : typeof pr)); return Reflect.setPrototypeOf(t, pr); },
  isExtensible: function (t) { log.push("isExtensible"); return Reflect.isExtensible(t); },
  preventExtensions: function (t) { log.push("preventExtensions"); return Reflect.preventExtensions(t); },
};
var target = { a: 1, b: 2 };
p = new Proxy(target, handler);
function show(label, v) { print(label + ":", v, "|", log.join("; ")); log = []; }

show("get", p.a);
show("get keyed", p["b"]);
show("get symbol", p[Symbol.iterator]);
show("set new", p.c = 3);
show("set existing", p.a = 10);
show("in", "a" in p, "zz" in p);
show("delete", delete p.b);
show("keys", Object.keys(p).join());
show("names", Object.getOwnPropertyNames(p).join());
show("gopd", JSON.stringify(Object.getOwnPropertyDescriptor(p, "a")));
show("defineProperty", Object.defineProperty(p, "d", { value: 4, configurable: true }) === p);
show("hasOwnProperty", Object.prototype.hasOwnProperty.call(p, "a"));
show("propertyIsEnumerable", Object.prototype.propertyIsEnumerable.call(p, "d"));
show("assign", JSON.stringify(Object.assign({}, p)));
show("spread", JSON.stringify({ ...p }));
show("stringify", JSON.stringify(p));
show("entries", JSON.stringify(Object.entries(p)));
show("getPrototypeOf", Object.getPrototypeOf(p) === Object.prototype);
show("isPrototypeOf", Object.prototype.isPrototypeOf.call(Object.prototype, p));
show("instanceof", p instanceof Object);
show("setPrototypeOf", Object.setPrototypeOf(p, null) === p);
show("__proto__ is now", Object.getPrototypeOf(p));
show("isExtensible", Object.isExtensible(p));
show("preventExtensions", Object.preventExtensions(p) === p);
show("isExtensible after", Object.isExtensible(p));
show("isFrozen", Object.isFrozen(p));
show("target keys", Object.keys(target).join(), Object.isExtensible(target));

// An empty handler forwards everything to the target.
var fwdTarget = [1, 2];
var fwd = new Proxy(fwdTarget, {});
fwd.extra = "e";
fwd[5] = 6;
print("forward:", fwdTarget.extra, fwdTarget.length, fwd.length, delete fwd.extra, "extra" in fwdTarget, Object.keys(fwd).join());

// Reflect on a proxy passes the receiver through to the traps.
var recv = { tag: "receiver" };
var rp = new Proxy({ get x() { return this.tag; }, set y(v) { this.got = v; } }, {});
print("Reflect.get receiver:", Reflect.get(rp, "x", recv), Reflect.get(rp, "x"));
print("Reflect.set receiver:", Reflect.set(rp, "y", 7, recv), recv.got);
print("Reflect:", Reflect.has(rp, "x"), Reflect.ownKeys(rp).join(), Reflect.defineProperty(rp, "z", { value: 1 }),
  Reflect.getOwnPropertyDescriptor(rp, "z").writable, Reflect.deleteProperty(rp, "z"), Reflect.isExtensible(rp),
  Reflect.getPrototypeOf(rp) === Object.prototype, Reflect.setPrototypeOf(rp, Array.prototype), rp instanceof Array);
var setLog = [];
var setProxy = new Proxy({}, {
  getOwnPropertyDescriptor: function (t, k) { setLog.push("gopd " + k); return Reflect.getOwnPropertyDescriptor(t, k); },
  defineProperty: function (t, k, d) { setLog.push("define " + k + " {" + Object.keys(d).join(",") + "}"); return Reflect.defineProperty(t, k, d); },
});
setProxy.q = 1;
setProxy.q = 2;
setProxy[0] = 3;
print("set through receiver:", setProxy.q, setProxy[0], setLog.join("; "));

// A proxy as a prototype: lookups that miss the object go to the traps, with the object as receiver.
var protoLog = [];
var protoProxy = new Proxy({ inherited: "yes" }, {
  get: function (t, k, r) { protoLog.push("get " + keyName(k) + (r === child ? " child" : "")); return Reflect.get(t, k, r); },
  has: function (t, k) { protoLog.push("has " + keyName(k)); return Reflect.has(t, k); },
  set: function (t, k, v, r) { protoLog.push("set " + keyName(k)); return Reflect.set(t, k, v, r); },
});
var child = Object.create(protoProxy);
child.own = 1;
print("proto:", child.own, child.inherited, child.missing, "inherited" in child, "own" in child, Object.keys(child).join());
print("proto log:", protoLog.join("; "));
var keysSeen = [];
for (var k in child) keysSeen.push(k);
print("for-in over child:", keysSeen.join());
class Base { hello() { return "hello from " + this.name; } }
var proxiedProto = new Proxy(Base.prototype, {});
var inst = Object.create(proxiedProto);
inst.name = "inst";
print("method through proxy proto:", inst.hello(), inst instanceof Base);

// A set trap on a prototype runs for every store, also once an inline cache has seen the site.
var storeCount = 0;
var storeProto = new Proxy({}, {
  set: function (t, k, v, r) { storeCount++; Object.defineProperty(r, k, { value: v * 2, writable: true, enumerable: true, configurable: true }); return true; },
});
function make(v) { var o = Object.create(storeProto); o.x = v; return o.x; }
var total = 0;
for (var i = 0; i < 200; i++) total += make(i);
print("store trap:", storeCount, total);

// Proxies and ordinary objects at the same load and store sites.
function readX(o) { return o.x; }
function readIndex(o, i) { return o[i]; }
function writeY(o, v) { o.y = v; }
var plain = { x: 1 };
var getCount = 0;
var px = new Proxy({ x: 2 }, { get: function (t, k) { getCount++; return k === "x" ? 40 : t[k]; } });
var arrProxy = new Proxy([10, 20, 30], {});
var sum = 0;
for (var i = 0; i < 300; i++) {
  sum += readX(i % 3 === 0 ? px : plain);
  sum += readIndex(i % 2 ? arrProxy : [1, 2, 3], i % 3);
  writeY(i % 4 ? plain : px, i);
}
print("mixed sites:", sum, getCount, plain.y, px.y);

// Functions and classes.
var fp = new Proxy(function add(a, b) { return a + b; }, {
  apply: function (t, thisArg, args) { return "apply:" + t.apply(thisArg, args) + ":" + args.length; },
  construct: function (t, args, nt) { return { made: args.join("+"), sameNewTarget: nt === fp }; },
});
print("function proxy:", typeof fp, fp(1, 2), fp.call(null, 3, 4), fp.apply(null, [5, 6]), Reflect.apply(fp, null, [7, 8]));
var made = new fp(1, 2, 3);
print("construct trap:", made.made, made.sameNewTarget, Reflect.construct(fp, [4]).made);
print("forwarded function props:", fp.name, fp.length, Object.prototype.toString.call(fp));
var bound = fp.bind(null, 10);
print("bound proxy:", bound(20), bound.name, bound.length);
print("toString:", Function.prototype.toString.call(fp));
var Cls = new Proxy(class Point { constructor(x) { this.x = x; } }, {});
var pt = new Cls(5);
print("class proxy:", pt.x, pt instanceof Cls, Object.getPrototypeOf(pt) === Cls.prototype);
class Sub extends Cls { constructor() { super(9); this.y = 1; } }
var s = new Sub();
print("extends proxy:", s.x, s.y, s instanceof Sub, s instanceof Cls);
try { Cls(); } catch (e) { print("class proxy call:", e.constructor.name); }
var arrow = new Proxy(() => "arrow", {});
print("arrow proxy:", arrow(), typeof arrow);
try { new arrow(); } catch (e) { print("new arrow proxy:", e.constructor.name); }
var callCount = 0;
var counted = new Proxy(function (n) { return n + 1; }, { apply: function (t, th, args) { callCount++; return t(args[0]); } });
var acc = 0;
for (var i = 0; i < 500; i++) acc = counted(acc);
print("hot apply trap:", acc, callCount);

// Arrays seen through proxies.
var arrP = new Proxy([1, 2, 3], {});
print("array proxy:", Array.isArray(arrP), Object.prototype.toString.call(arrP), arrP.length, JSON.stringify(arrP));
print("array methods:", [0].concat(arrP).join(), Array.prototype.map.call(arrP, function (x) { return x * 2; }).join(),
  arrP.map(function (x) { return x + 1; }).join(), Array.isArray(arrP.filter(function () { return true; })));
arrP.push(4);
print("after push:", arrP.length, arrP.join("-"));
print("spread/from:", [...arrP].join(), Array.from(arrP).join(), arrP.indexOf(3), arrP.includes(4), arrP.slice(1).join());
print("reverse/sort:", arrP.reverse().join(), arrP.sort().join(), [[1, [2]], arrP].flat(2).join());
print("nested proxy array:", Array.isArray(new Proxy(new Proxy([], {}), {})), JSON.stringify({ list: new Proxy([1, { b: 2 }], {}) }));
print("array-like proxy:", Array.isArray(new Proxy({ length: 0 }, {})), JSON.stringify(new Proxy({ length: 1, 0: "z" }, {})));

// Revocation.
var rev = Proxy.revocable({ a: 1 }, {});
print("revocable:", rev.proxy.a, typeof rev.revoke, rev.revoke.length, rev.revoke.name === "", Object.keys(rev).join());
print("revoke twice:", rev.revoke(), rev.revoke());
var ops = [
  ["get", function (q) { return q.a; }],
  ["set", function (q) { q.a = 1; }],
  ["has", function (q) { return "a" in q; }],
  ["delete", function (q) { return delete q.a; }],
  ["keys", Object.keys],
  ["getPrototypeOf", Object.getPrototypeOf],
  ["setPrototypeOf", function (q) { Object.setPrototypeOf(q, null); }],
  ["isExtensible", Object.isExtensible],
  ["preventExtensions", Object.preventExtensions],
  ["gopd", function (q) { return Object.getOwnPropertyDescriptor(q, "a"); }],
  ["defineProperty", function (q) { Object.defineProperty(q, "a", { value: 1 }); }],
  ["isArray", Array.isArray],
  ["toString", function (q) { return Object.prototype.toString.call(q); }],
  ["as prototype", function (q) { return Object.create(q).a; }],
];
ops.forEach(function (op) {
  try { op[1](rev.proxy); print("revoked", op[0], "did not throw"); } catch (e) { print("revoked", op[0], e.constructor.name); }
});
print("typeof revoked:", typeof rev.proxy, typeof new Proxy(rev.proxy, {}));
var revFn = Proxy.revocable(function () { return 1; }, {});
print("before revoke:", revFn.proxy());
revFn.revoke();
print("typeof revoked function:", typeof revFn.proxy, typeof new Proxy(revFn.proxy, {}));
try { revFn.proxy(); } catch (e) { print("call revoked:", e.constructor.name); }
try { new revFn.proxy(); } catch (e) { print("construct revoked:", e.constructor.name); }
var revokeLater = Proxy.revocable({}, { get: function (t, k) { revokeLater.revoke(); return "got " + k; } });
print("revoked inside trap:", revokeLater.proxy.x);
try { revokeLater.proxy.y; } catch (e) { print("after inner revoke:", e.constructor.name); }

// The constructor.
print("Proxy:", typeof Proxy, Proxy.length, Proxy.name, "prototype" in Proxy, Proxy.revocable.length, Object.getOwnPropertyNames(Proxy).join());
try { Proxy({}, {}); } catch (e) { print("call without new:", e.constructor.name); }
[1, "s", null, undefined, Symbol("x")].forEach(function (v) {
  var r = [];
  try { new Proxy(v, {}); r.push("target ok"); } catch (e) { r.push("target " + e.constructor.name); }
  try { new Proxy({}, v); r.push("handler ok"); } catch (e) { r.push("handler " + e.constructor.name); }
  print("non-object", typeof v, r.join(", "));
});
try { new Proxy({}, {}) instanceof new Proxy({}, {}); } catch (e) { print("instanceof non-callable proxy:", e.constructor.name); }
print("proxy handler proxy:", new Proxy({ v: 1 }, new Proxy({}, {})).v);
var handlerLog = [];
var meta = new Proxy({ x: 1 }, new Proxy({}, { get: function (t, k) { handlerLog.push(k); return undefined; } }));
meta.x;
"x" in meta;
meta.y = 2;
delete meta.y;
Object.keys(meta);
print("trap lookups:", handlerLog.join());
