// Boolean, global object, global functions, timing (typeof only).
print(Boolean(1), Boolean(""), new Boolean(false) ? "object is truthy" : "falsy", typeof new Boolean(false), new Boolean(true).valueOf());
print(true.toString(), false.toString(), Boolean.prototype.valueOf.call(true), String(new Boolean(0)));
print(typeof globalThis, globalThis.globalThis === globalThis, typeof this, this === globalThis);
var gv = "global var"; let gl = "global let";
print(globalThis.gv, globalThis.gl, "gv" in globalThis, "gl" in globalThis);
function gf() {}
print(typeof globalThis.gf, Object.getOwnPropertyDescriptor(globalThis, "gv").configurable);
print(typeof NaN, typeof Infinity, typeof undefined, NaN !== NaN);
undefined = 1; NaN = 2; Infinity = 3;
print(undefined, NaN, Infinity);
print(typeof performance, typeof performance.now(), typeof Date.now(), Date.now() > 1.5e12, performance.now() >= 0);
var t0 = Date.now(); var t1 = Date.now(); print(t1 >= t0);
print(typeof print, typeof console, typeof console.log);
console.log("console.log", 1, [2, 3], { a: 1 }, null, undefined);
print("print", 1, [2, 3], { a: 1 }, null, undefined);
print();
print("");
print("multiple", "args", "with", "spaces");
print(encodeURIComponent("a b&c/d?é"), decodeURIComponent("a%20b%26"), encodeURI("http://x.y/a b?q=1&r=é"), escape ? typeof escape : "function");
print(typeof Symbol, typeof Symbol.iterator, String(Symbol("desc")), Symbol("x").toString(), Symbol("d").description);
print(Object.prototype.toString.call(globalThis) !== "", typeof isNaN, typeof parseInt);
