// for-in order (integer keys ascending, then strings in insertion order), inherited keys, for-of.
var o = { b: 1, 2: "x", a: 2, 1: "y", "-5": 3, 10: "z", c: 4 };
var keys = []; for (var k in o) keys.push(k); print(keys.join(","));
var parent = { inheritedA: 1, shadowed: 1 };
var child = Object.create(parent); child.own1 = 1; child.shadowed = 2; child.own2 = 3;
keys = []; for (var k2 in child) keys.push(k2); print(keys.join(","));
var nonEnum = {}; Object.defineProperty(nonEnum, "hidden", { value: 1, enumerable: false }); nonEnum.shown = 2;
keys = []; for (var k3 in nonEnum) keys.push(k3); print(keys.join(","));
var arr = ["a", "b", "c"]; arr.extra = "e";
keys = []; for (var i in arr) keys.push(i + ":" + typeof i); print(keys.join(","));
var mutated = { a: 1, b: 2, c: 3 };
keys = []; for (var k4 in mutated) { keys.push(k4); delete mutated.b; } print(keys.join(","));
keys = []; for (var k5 in null) keys.push(k5); for (var k6 in undefined) keys.push(k6); print(keys.length);
keys = []; for (var k7 in "hey") keys.push(k7); print(keys.join(","));
var sum = 0; for (var v of [1, 2, 3, 4]) sum += v; print(sum);
var chars = []; for (var ch of "héllo") chars.push(ch); print(chars.join("."));
var holes = []; for (var h of [1, , 3]) holes.push(h); print(holes.join(","));
var pairs = []; for (var [idx, val] of ["x", "y"].entries()) pairs.push(idx + "=" + val); print(pairs.join(" "));
var brk = []; for (var bv of [1, 2, 3, 4, 5]) { if (bv === 2) continue; if (bv === 4) break; brk.push(bv); } print(brk.join(","));
var growing = [1, 2]; var seen = 0; for (var g of growing) { seen++; if (growing.length < 5) growing.push(g); } print(seen, growing.join(","));
for (let L of [1]) { print("let in for-of", L); }
var fns = []; for (let x of [10, 20]) fns.push(() => x); print(fns[0](), fns[1]());
var iterable = { from: 1, to: 4, [Symbol.iterator]() { var c = this.from, t = this.to; return { next: () => c <= t ? { value: c++, done: false } : { value: undefined, done: true } }; } };
var it = []; for (var iv of iterable) it.push(iv); print(it.join(","));
try { for (var bad of {}) {} } catch (e) { print(e.name); }
var numKeys = {}; for (var n = 20; n >= 0; n -= 5) numKeys[n] = n; numKeys.z = 1; numKeys[1.5] = 1;
keys = []; for (var nk in numKeys) keys.push(nk); print(keys.join(","));
