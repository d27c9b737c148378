// The receiver each kind of function sees when a megamorphic call site (more callees than any tier dispatches on)
// calls it plainly or with an explicit receiver: a sloppy function gets the global object for undefined and null
// and a wrapper for a primitive, a strict one the value as it is, an arrow the `this` it closed over.
const makers = [
  (k) => new Function("x", "return [" + JSON.stringify("sloppy" + k) + ", this === globalThis, typeof this, x];"),
  (k) => new Function("x", "'use strict'; return [" + JSON.stringify("strict" + k) + ", this === globalThis, typeof this, x];"),
  (k) => function () { return eval("(x) => [" + JSON.stringify("arrow" + k) + ", this === globalThis, typeof this, x]"); }.call({ k }),
];
const fns = [];
for (let k = 0; k < 4; k++) for (const make of makers) fns.push(make(k));

function plain(f, x) { return f(x); }
function withThis(f, t, x) { return f.call(t, x); }

const seen = new Map();
function note(r) {
  const key = JSON.stringify(r);
  seen.set(key, (seen.get(key) || 0) + 1);
}
for (let round = 0; round < 400; round++) {
  for (const f of fns) {
    note(plain(f, round & 1));
    note(withThis(f, undefined, 2));
    note(withThis(f, null, 3));
    note(withThis(f, 7, 4));
    note(withThis(f, "s", 5));
    note(withThis(f, { o: 1 }, 6));
  }
}
for (const [k, n] of [...seen].sort()) console.log(k, n);
