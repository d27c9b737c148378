// Sloppy-mode behaviours that strict mode forbids (the script is not strict).
implicitGlobal = "created";
print(implicitGlobal, typeof globalThis.implicitGlobal, delete globalThis.implicitGlobal, typeof implicitGlobal);
function thisIsGlobal() { return this === globalThis; }
print(thisIsGlobal(), typeof function () { return this; }.call(7));
var frozen = Object.freeze({ a: 1 });
frozen.a = 2; frozen.b = 3;
print(frozen.a, frozen.b, delete frozen.a);
"abc".length = 1;
print("silent primitive write");
function mapped(a) { a = 2; return arguments[0]; }
print(mapped(1));
var withObj = { wx: 10, wy: 20 };
with (withObj) { print(wx + wy); wx = 11; }
print(withObj.wx);
print(010, 0o10, 0x10, 0b10);
function dup(a, a) { return a; }
print(dup(1, 2));
function strictInner() { "use strict"; return this; }
print(strictInner());
print(typeof NaN, (function () { NaN = 1; return NaN; })());
