// Typed arrays as integer-indexed exotic objects: canonical numeric keys never reach the prototype chain, other
// keys are ordinary; every path (keyed and named access, Reflect, Object.keys, for-in, spread, JSON) agrees.
var a = new Uint8Array(4);
a[0] = 257;
a[1] = -1;
a["2"] = 3.7;
print(a[0], a[1], a[2], a[3], a.length);
print(a[4], a[-1], a["-0"], a["1.5"], a["Infinity"], a.NaN);
Object.prototype[7] = "proto";
Object.prototype["-0"] = "proto";
Object.prototype.extra = "proto";
print(a[7], a["-0"], a.extra, 7 in a, "-0" in a, "1" in a, "extra" in a);
delete Object.prototype[7];
delete Object.prototype["-0"];
delete Object.prototype.extra;

a["-0"] = 5;
a[10] = 5;
a.Infinity = 5;
a.foo = 1;
print(Object.keys(a), JSON.stringify(a), a.foo, Object.getOwnPropertyNames(a).length);
print(Reflect.set(a, 10, 1), Reflect.set(a, 1, 9), a[1], Reflect.has(a, 3), Reflect.has(a, 4));
print(delete a[0], delete a[4], delete a["-0"], delete a.foo, a.foo);

var d = Object.getOwnPropertyDescriptor(new Int8Array([7]), "0");
print(d.value, d.writable, d.enumerable, d.configurable);
print(Object.getOwnPropertyDescriptor(new Int8Array(1), "1"));
print(Reflect.defineProperty(a, "0", { value: 3 }), a[0]);
print(Reflect.defineProperty(a, "0", { value: 3, writable: false }));
print(Reflect.defineProperty(a, "0", { get: function () {} }));
print(Reflect.defineProperty(a, "9", { value: 3 }));
print(Reflect.defineProperty(a, "0", { value: 4, enumerable: true, configurable: true, writable: true }), a[0]);
try {
  Object.defineProperty(a, "1", { value: 1, configurable: false });
} catch (e) {
  print(e.constructor.name);
}
try {
  Object.freeze(new Uint8Array(2));
} catch (e) {
  print("freeze:", e.constructor.name);
}
print(Object.isFrozen(Object.freeze(new Uint8Array(0))));

for (var k in new Int16Array(3)) print("key", k, typeof k);
print([...new Float32Array([1.5, 2.25])], Array.from(new Int32Array([3, 2, 1])));
print(Array.prototype.map.call(new Uint16Array([1, 2, 3]), function (x) { return x * 2; }));
print(Array.prototype.join.call(new Uint8ClampedArray([300, -5, 1.5, 2.5]), "-"));

// Named and keyed stores into typed arrays from a hot loop stay exotic in every tier (no cached shape).
function storeAll(t, key, v) {
  for (var i = 0; i < 200; i++) t[key] = v;
  return t[key];
}
print(storeAll(new Uint8Array(2), "1", 300), storeAll(new Uint8Array(2), "5", 1), storeAll(new Uint8Array(2), "x", 1));
function readInfinity(o) {
  return o.Infinity;
}
var plain = { Infinity: "own" };
var child = Object.create(new Uint8Array(2));
for (var j = 0; j < 200; j++) readInfinity(plain);
print(readInfinity(child), readInfinity(new Float64Array(1)), readInfinity(plain));
child.Infinity = 1;
child[0] = 7;
child[5] = 7;
print(Object.keys(child), child[5], Object.getPrototypeOf(child)[0]);

// A typed array on an array's prototype chain fills its holes.
var holey = [1, , 3];
Object.setPrototypeOf(holey, new Int8Array([9, 8, 7]));
print(holey[1], Array.prototype.join.call(holey), holey.length);
