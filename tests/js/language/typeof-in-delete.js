// typeof, in, delete, void.
print(typeof 1, typeof "s", typeof true, typeof undefined, typeof null, typeof {}, typeof [], typeof function () {}, typeof class {}, typeof Symbol(), typeof NaN);
print(typeof undeclaredVariable, typeof Math, typeof Math.max, typeof new Date(0));
var o = { a: 1, b: undefined };
print("a" in o, "b" in o, "c" in o, "toString" in o, 0 in [5], 1 in [5], "length" in [], 2 in [1, , 3], 1 in [1, , 3]);
print(delete o.a, "a" in o, delete o.zzz, delete o["b"], Object.keys(o).length);
var arr = [1, 2, 3];
print(delete arr[1], arr.length, arr[1], 1 in arr, String(arr));
print(delete Math.PI, Math.PI > 3);
var gv = 1;
print(delete globalThis.gv, typeof gv);
globalThis.implicitProp = 1;
print(delete globalThis.implicitProp, typeof implicitProp);
print(void 0, void "x", typeof void 0);
try { "a" in "abc"; } catch (e) { print(e.name); }
(function () { "use strict"; try { delete Object.prototype; } catch (e) { print("strict delete:", e.name); } })();
var proto = { inherited: 1 };
var child = Object.create(proto);
print("inherited" in child, child.hasOwnProperty("inherited"), delete child.inherited, child.inherited);
print(delete 42, delete "x".length);
