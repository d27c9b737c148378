// Elements density: stores that would leave the dense storage mostly holes go to slow (named) elements, and objects
// go back to dense elements when they fill up again. Whatever the representation, every tier must see the same
// properties, in the same order, through loads, stores, holes, `length`, for-in and the array builtins.

function show(label, o) {
  const keys = Object.keys(o);
  print(label, keys.length, keys.slice(0, 6).join(","), keys.slice(-3).join(","), Array.isArray(o) ? o.length : "-");
}

// Doubling indices (a flag enum's reverse mapping), then reads back in a hot loop.
function flagEnum(o) {
  for (let i = 1; i <= 2 ** 30; i *= 2) o[o["F" + i] = i] = "F" + i;
  return o;
}
function readFlags(o) {
  let s = "";
  for (let i = 1; i <= 2 ** 30; i *= 2) s += o[i].length;
  return s;
}
const flags = flagEnum({});
show("flags", flags);
let flagSum = "";
for (let r = 0; r < 300; r++) flagSum = readFlags(flags);
print("flag reads", flagSum, flags[3], flags[2 ** 30], flags["F1024"]);
const flagArray = flagEnum([]);
show("flag array", flagArray);
print("flag array holes", 3 in flagArray, flagArray[3], flagArray.indexOf("F4096"), flagArray.lastIndexOf("F2", 10));

// Sparse stores at growing indices in a hot function, on objects and arrays.
function sparse(o, stride, n) {
  for (let i = 0; i < n; i++) o[i * stride] = i;
  return o;
}
function total(o, stride, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += o[i * stride];
  for (let i = 0; i < n; i++) if (o[i * stride + 1] !== undefined) s = -1;
  return s;
}
for (const stride of [1, 2, 7, 64, 1000, 100000]) {
  let s = 0;
  for (let r = 0; r < 20; r++) {
    s += total(sparse({}, stride, 200), stride, 200);
    s += total(sparse([], stride, 200), stride, 200);
  }
  const a = sparse([], stride, 200);
  print("stride", stride, s, a.length, Object.keys(a).length, a[199 * stride], a[199 * stride + 1]);
}

// Back to dense: a far store, then filling every index below it, in both orders.
function fillUp(o, n, reverse) {
  if (reverse) for (let i = n - 1; i >= 0; i--) o[i] = i * 2;
  else for (let i = 0; i < n; i++) o[i] = i * 2;
  return o;
}
function check(o, n) {
  let bad = 0;
  for (let i = 0; i < n; i++) if (o[i] !== i * 2) bad++;
  return bad;
}
for (const reverse of [false, true]) {
  const a = [];
  a[5000] = 10000;
  fillUp(a, 5000, reverse);
  a.push(1, 2);
  print("refill array", reverse, a.length, check(a, 5001), a[5001], a[5002], a.indexOf(10000), a.join("").length);
  const o = {};
  o[20000] = 40000;
  fillUp(o, 20000, reverse);
  o.x = 1;
  const keys = Object.keys(o);
  print("refill object", reverse, keys.length, check(o, 20001), keys[0], keys[19999], keys[20000], keys[20001]);
}

// A big `new Array(n)` filled backwards and at random; `length` shrunk and grown.
{
  const n = 150000;
  const a = new Array(n);
  for (let i = n - 1; i >= 0; i -= 3) a[i] = i;
  let s = 0;
  for (let i = 0; i < n; i++) if (a[i] !== undefined) s += a[i];
  print("new Array backwards", a.length, s, 0 in a, 2 in a, a[n - 1]);
  const b = new Array(n);
  let x = 12345;
  let set = 0;
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const k = x % n;
    if (!(k in b)) set++;
    b[k] = k;
  }
  print("new Array random", b.length, set, Object.keys(b).length, b.filter(() => true).length);
}
{
  const a = [1, 2, 3];
  a.length = 1e6;
  a[999999] = "last";
  a[500000] = "middle";
  print("length grown", a.length, Object.keys(a).join(","), a[3], a.indexOf("middle"));
  a.length = 10;
  print("length shrunk", a.length, Object.keys(a).join(","), a.indexOf("middle"));
  for (let i = 3; i < 10; i++) a[i] = i;
  a.push("p");
  print("refilled", a.length, a.join(","));
  a.length = 2 ** 32 - 1;
  a[2 ** 32 - 2] = "top";
  print("max length", a.length, a[2 ** 32 - 2], Object.keys(a).length);
  a.length = 0;
  print("emptied", a.length, Object.keys(a).length, a[2 ** 32 - 2]);
}

// Holes, deletes and prototypes with sparse arrays.
{
  const a = [];
  a[0] = "a";
  a[3000] = "b";
  a[1 << 20] = "c";
  delete a[3000];
  print("deleted", a.length, Object.keys(a).join(","), a[3000], 3000 in a);
  Array.prototype[77] = "proto";
  print("proto hole", a[77], [, 1][0], a.hasOwnProperty(77));
  delete Array.prototype[77];
  print("proto hole gone", a[77]);
  const b = [1, , 3];
  b[10000] = 4;
  print("literal holes", b.length, 1 in b, b.join("-").length, JSON.stringify(b.slice(0, 4)));
}

// Attributes on sparse indices: getters and read-only elements stay slow, the rest keep working.
{
  const a = [];
  for (let i = 0; i < 100; i++) a[i] = i;
  Object.defineProperty(a, 50000, { get() { return "getter"; }, enumerable: true, configurable: true });
  Object.defineProperty(a, 3, { value: "ro", writable: false });
  a[3] = "changed";
  for (let i = 100; i < 60000; i++) a[i] = i;
  print("attributes", a.length, a[3], a[50000], a[59999], Object.getOwnPropertyDescriptor(a, 50000).get !== undefined);
  "use strict";
  let threw = "no";
  try {
    (function () {
      "use strict";
      a[3] = 1;
    })();
  } catch (e) {
    threw = e.constructor.name;
  }
  print("read-only element", threw, a[3]);
}

// Array builtins over sparse arrays.
{
  const a = [5, 1, 4];
  a[10000] = 2;
  a[20000] = 3;
  print("sparse builtins", a.length, a.indexOf(2), a.includes(3), a.slice(9999, 10001).length);
  const sorted = a.slice().sort((x, y) => x - y);
  print("sorted", sorted.length, sorted.slice(0, 6).join(","), 5 in sorted);
  a.splice(1, 1);
  print("spliced", a.length, a[9999], a[10000], Object.keys(a).join(","));
  a.reverse();
  print("reversed", a.length, Object.keys(a).join(","), a[0]);
  const f = [];
  f.length = 1e6;
  f.fill(7, 999990);
  print("fill tail", f.length, Object.keys(f).length, f[999995], f[0]);
  const c = [1].concat(a);
  print("concat", c.length, Object.keys(c).length);
  let visited = 0;
  a.forEach(() => visited++);
  print("forEach", visited, a.map((x) => x * 2).filter((x) => x).length);
  const u = [];
  u[1 << 12] = 1;
  u.unshift(0);
  print("unshift", u.length, Object.keys(u).join(","));
}

// A hot store loop that alternates dense appends and far stores on the same site.
function mixed(n) {
  const out = [];
  for (let r = 0; r < n; r++) {
    const a = [];
    const o = {};
    for (let i = 0; i < 64; i++) {
      const k = i % 8 === 7 ? i * 4096 : i;
      a[k] = i;
      o[k] = i;
    }
    let s = 0;
    for (const k in o) s += o[k];
    out.push(s + a.length + a[7 * 4096]);
  }
  return out;
}
print("mixed", mixed(200).slice(-2).join(","));
