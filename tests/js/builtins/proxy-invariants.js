// Proxy invariants: a trap may not report anything the target's non-configurable properties or non-extensibility
// rule out (a TypeError), while everything else it reports is believed.
function check(label, f) {
  try {
    var r = f();
    print(label + ":", "ok", typeof r === "symbol" ? r.toString() : r);
  } catch (e) {
    print(label + ":", e.constructor.name);
  }
}
function proxy(t, h) { return new Proxy(t, h); }
var nonExt = Object.preventExtensions({ k: 1 });
var fixed = Object.defineProperty({}, "k", { value: 1, writable: false, configurable: false, enumerable: true });
var fixedWritable = Object.defineProperty({}, "k", { value: 1, writable: true, configurable: false });
var noGetSet = Object.defineProperty({}, "k", { get: undefined, set: undefined, configurable: false });

check("getPrototypeOf non-object", function () { return Object.getPrototypeOf(proxy({}, { getPrototypeOf: function () { return 1; } })); });
check("getPrototypeOf lie on extensible", function () { return Object.getPrototypeOf(proxy({}, { getPrototypeOf: function () { return Array.prototype; } })) === Array.prototype; });
check("getPrototypeOf lie on non-extensible", function () { return Object.getPrototypeOf(proxy(nonExt, { getPrototypeOf: function () { return Array.prototype; } })); });
check("getPrototypeOf truth on non-extensible", function () { return Object.getPrototypeOf(proxy(nonExt, { getPrototypeOf: function () { return Object.prototype; } })) === Object.prototype; });
check("instanceof through trap", function () { return proxy({}, { getPrototypeOf: function () { return Array.prototype; } }) instanceof Array; });

check("setPrototypeOf false (Reflect)", function () { return Reflect.setPrototypeOf(proxy({}, { setPrototypeOf: function () { return false; } }), null); });
check("setPrototypeOf false (Object)", function () { return Object.setPrototypeOf(proxy({}, { setPrototypeOf: function () { return false; } }), null); });
check("setPrototypeOf lie on non-extensible", function () { return Reflect.setPrototypeOf(proxy(nonExt, { setPrototypeOf: function () { return true; } }), null); });
check("setPrototypeOf same on non-extensible", function () { return Reflect.setPrototypeOf(proxy(nonExt, { setPrototypeOf: function () { return 1; } }), Object.prototype); });

check("isExtensible lie", function () { return Object.isExtensible(proxy({}, { isExtensible: function () { return false; } })); });
check("isExtensible truth", function () { return Object.isExtensible(proxy(nonExt, { isExtensible: function () { return 0; } })); });

check("preventExtensions true but extensible", function () { return Object.preventExtensions(proxy({}, { preventExtensions: function () { return true; } })); });
check("preventExtensions false (Reflect)", function () { return Reflect.preventExtensions(proxy({}, { preventExtensions: function () { return false; } })); });
check("preventExtensions false (Object)", function () { return Object.preventExtensions(proxy({}, { preventExtensions: function () { return false; } })); });
check("freeze with false preventExtensions", function () { return Object.freeze(proxy({}, { preventExtensions: function () { return false; } })); });
check("seal defines every key", function () {
  var seen = [];
  Object.seal(proxy({ a: 1, b: 2 }, { defineProperty: function (t, k, d) { seen.push(k + ":" + Object.keys(d).join("/")); return Reflect.defineProperty(t, k, d); } }));
  return seen.join(" ");
});
check("freeze defines every key", function () {
  var seen = [];
  var t = { a: 1 };
  Object.defineProperty(t, "g", { get: function () { return 1; }, configurable: true });
  Object.freeze(proxy(t, { defineProperty: function (t, k, d) { seen.push(k + ":" + Object.keys(d).join("/")); return Reflect.defineProperty(t, k, d); } }));
  return seen.join(" ") + " " + Object.isFrozen(t);
});

function gopd(t, result, key) {
  return function () {
    return JSON.stringify(Object.getOwnPropertyDescriptor(proxy(t, { getOwnPropertyDescriptor: function () { return result; } }), key || "k"));
  };
}
check("gopd returns a primitive", gopd({}, 1));
check("gopd hides a non-configurable property", gopd(fixed, undefined));
check("gopd hides a property of a non-extensible target", gopd(nonExt, undefined));
check("gopd hides a configurable property", gopd({ k: 1 }, undefined));
check("gopd invents on a non-extensible target", gopd(nonExt, { value: 1, configurable: true }, "zz"));
check("gopd invents on an extensible target", gopd({}, { value: 1, configurable: true }, "zz"));
check("gopd reports non-configurable for configurable", gopd({ k: 1 }, { value: 1, configurable: false }));
check("gopd reports non-configurable for absent", gopd({}, { value: 1, configurable: false }));
check("gopd reports non-writable for writable", gopd(fixedWritable, { value: 1, writable: false, configurable: false }));
check("gopd reports another value", gopd(fixed, { value: 2, writable: false, configurable: false, enumerable: true }));
check("gopd reports the truth", gopd(fixed, { value: 1, writable: false, configurable: false, enumerable: true }));
check("gopd completes a generic descriptor", gopd({}, { configurable: true }));
check("gopd completes an accessor", gopd({}, { get: undefined, configurable: true }));
check("gopd invalid descriptor", gopd({}, { get: 1, configurable: true }));

function dp(t, key, desc) {
  return function () { return Reflect.defineProperty(proxy(t, { defineProperty: function () { return true; } }), key, desc); };
}
check("defineProperty false (Reflect)", function () { return Reflect.defineProperty(proxy({}, { defineProperty: function () { return false; } }), "x", { value: 1 }); });
check("defineProperty false (Object)", function () { return Object.defineProperty(proxy({}, { defineProperty: function () { return false; } }), "x", { value: 1 }); });
check("defineProperty adds to non-extensible", dp(nonExt, "new", { value: 1 }));
check("defineProperty non-configurable absent", dp({}, "x", { value: 1, configurable: false }));
check("defineProperty non-configurable of configurable", dp({ k: 1 }, "k", { configurable: false }));
check("defineProperty incompatible", dp(fixed, "k", { value: 2 }));
check("defineProperty read-only of writable non-configurable", dp(fixedWritable, "k", { writable: false }));
check("defineProperty compatible", dp(fixed, "k", { value: 1 }));
check("defineProperty trap sees the descriptor", function () {
  var got;
  Object.defineProperty(proxy({}, { defineProperty: function (t, k, d) { got = k + " " + Object.keys(d).join("/") + " " + (Object.getPrototypeOf(d) === Object.prototype); return true; } }),
    "k", { enumerable: true, get: undefined });
  return got;
});

check("has hides a non-configurable property", function () { return "k" in proxy(fixed, { has: function () { return false; } }); });
check("has hides a property of a non-extensible target", function () { return "k" in proxy(nonExt, { has: function () { return false; } }); });
check("has invents", function () { return "zz" in proxy(nonExt, { has: function () { return true; } }); });
check("has hides a configurable property", function () { return "k" in proxy({ k: 1 }, { has: function () { return 0; } }); });

check("get another value of non-writable", function () { return proxy(fixed, { get: function () { return 2; } }).k; });
check("get the value of non-writable", function () { return proxy(fixed, { get: function () { return 1; } }).k; });
check("get a value of writable non-configurable", function () { return proxy(fixedWritable, { get: function () { return 9; } }).k; });
check("get a value for an accessor without getter", function () { return proxy(noGetSet, { get: function () { return 1; } }).k; });
check("get undefined for an accessor without getter", function () { return proxy(noGetSet, { get: function () { return undefined; } }).k; });

check("set another value of non-writable", function () { return Reflect.set(proxy(fixed, { set: function () { return true; } }), "k", 2); });
check("set the value of non-writable", function () { return Reflect.set(proxy(fixed, { set: function () { return true; } }), "k", 1); });
check("set an accessor without setter", function () { return Reflect.set(proxy(noGetSet, { set: function () { return true; } }), "k", 1); });
check("set false is quiet in sloppy code", function () { var q = proxy({}, { set: function () { return false; } }); q.x = 1; return q.x; });
check("set false throws in strict code", function () { "use strict"; var q = proxy({}, { set: function () { return false; } }); q.x = 1; return q.x; });

check("delete a non-configurable property", function () { return delete proxy(fixed, { deleteProperty: function () { return true; } }).k; });
check("delete from a non-extensible target", function () { return Reflect.deleteProperty(proxy(nonExt, { deleteProperty: function () { return true; } }), "k"); });
check("delete an absent property", function () { return Reflect.deleteProperty(proxy(nonExt, { deleteProperty: function () { return true; } }), "zz"); });
check("delete false is quiet in sloppy code", function () { return delete proxy({ k: 1 }, { deleteProperty: function () { return false; } }).k; });
check("delete false throws in strict code", function () { "use strict"; return delete proxy({ k: 1 }, { deleteProperty: function () { return false; } }).k; });

function keys(t, result) {
  return function () { return Reflect.ownKeys(proxy(t, { ownKeys: function () { return result; } })).map(String).join(); };
}
check("ownKeys returns a primitive", keys({}, 1));
check("ownKeys returns a number element", keys({}, [1]));
check("ownKeys returns an object element", keys({}, [{}]));
check("ownKeys returns duplicates", keys({}, ["a", "a"]));
check("ownKeys returns duplicate symbols", function () { var s = Symbol(); return keys({}, [s, s])(); });
check("ownKeys skips a non-configurable key", keys(fixed, []));
check("ownKeys adds keys to a non-extensible target", keys(nonExt, ["k", "extra"]));
check("ownKeys skips keys of a non-extensible target", keys(nonExt, []));
check("ownKeys exact keys of a non-extensible target", keys(nonExt, ["k"]));
check("ownKeys invents on an extensible target", keys({ k: 1 }, ["b", "a", Symbol.iterator]));
check("ownKeys from an array-like", keys({}, { length: 2, 0: "x", 1: "y" }));
check("Object.keys filters through gopd", function () { return Object.keys(proxy({}, { ownKeys: function () { return ["b", "a"]; } })).length; });
check("Object.keys with an invented descriptor", function () {
  return Object.keys(proxy({}, {
    ownKeys: function () { return ["b", "a"]; },
    getOwnPropertyDescriptor: function (t, k) { return { value: k, enumerable: k === "a", configurable: true }; },
  })).join();
});

check("construct returns a primitive", function () { return new (proxy(function () {}, { construct: function () { return 1; } }))(); });
check("construct a non-constructor", function () { return new (proxy(Math.max, {}))(); });
check("call a non-callable proxy", function () { return proxy({}, {})(); });
check("construct with apply trap only", function () { return new (proxy(function () { this.v = 3; }, { apply: function () { return 0; } }))().v; });
check("apply with construct trap only", function () { return proxy(function () { return 4; }, { construct: function () { return {}; } })(); });

check("trap is not callable", function () { return proxy({}, { get: 1 }).x; });
check("trap is null", function () { return proxy({ x: 5 }, { get: null }).x; });
check("trap getter throws", function () { return proxy({}, { get get() { throw new RangeError("boom"); } }).x; });
check("trap throws", function () { return "x" in proxy({}, { has: function () { throw new SyntaxError("inner"); } }); });
