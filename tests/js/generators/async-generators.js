// Async generators: the request queue (next/return/throw before earlier ones settle), yield awaiting its value,
// return() and throw() at every state, finally blocks, yield* over async and sync iterables, and for await over
// async iterables, sync iterables of promises (AsyncFromSyncIterator) and their closing on break, return and throw.

async function* gen(n) {
  try {
    for (let i = 0; i < n; i++) {
      const got = yield await Promise.resolve(i * 10);
      if (got) print("got", got);
    }
    return "end";
  } finally {
    print("cleanup");
  }
}
(async () => {
  const g = gen(3);
  print(Object.prototype.toString.call(g), typeof g.next);
  print(JSON.stringify(await g.next()));
  print(JSON.stringify(await g.next("hello")));
  print(JSON.stringify(await g.return("early")));
  print(JSON.stringify(await g.next()));
  const h = gen(2);
  const all = [h.next(), h.next(), h.next(), h.next()];
  for (const p of all) print(JSON.stringify(await p));
  const t = gen(5);
  await t.next();
  try { await t.throw(new Error("boom")); } catch (e) { print("caught", e.message); }
  print(JSON.stringify(await t.next()));
})();

async function* nums() { yield 1; yield 2; yield 3; }
const log = [];
const syncIter = { [Symbol.iterator]() { let i = 0; return { next() { return { value: Promise.resolve(i++), done: i > 3 }; }, return() { log.push("sync return"); return {}; } }; } };
(async () => {
  await null;
  for await (const x of nums()) print("a", x);
  for await (const x of [Promise.resolve("p1"), "plain", Promise.resolve("p2")]) print("b", x);
  for await (const x of syncIter) { print("c", x); if (x === 1) break; }
  print(log.join());
  const closing = { [Symbol.asyncIterator]() { return { i: 0, next() { return Promise.resolve({ value: this.i++, done: false }); }, return() { print("async return"); return Promise.resolve({}); } }; } };
  for await (const x of closing) { if (x === 2) break; }
  try { for await (const x of closing) { throw new Error("in body " + x); } } catch (e) { print(e.message); }
  async function f() { for await (const x of closing) { if (x === 1) return "returned " + x; } }
  print(await f());
  let n = 0;
  label: for await (const x of nums()) { for await (const y of nums()) { n += x * y; if (y === 2) continue label; } }
  print(n);
})();

async function* inner() { try { yield 1; yield 2; return "inner done"; } finally { print("inner finally"); } }
async function* outer() { const r = yield* inner(); print("r", r); yield* [Promise.resolve(3), 4]; return "outer done"; }
(async () => {
  for await (const x of outer()) print(x);
  const o = outer();
  print(JSON.stringify(await o.next()));
  print(JSON.stringify(await o.return("stop")));
  print(JSON.stringify(await o.next()));
  const noThrow = { [Symbol.asyncIterator]() { return { next() { return { value: 1, done: false }; }, return() { print("closed"); return {}; } }; } };
  async function* del() { yield* noThrow; }
  const d = del(); await d.next();
  try { await d.throw(new Error("x")); } catch (e) { print(e.constructor.name, e.message); }
})();

// Many iterations, so that the callers of the generator's methods tier up.
async function* counter(n) { for (let i = 0; i < n; i++) yield i; }
(async () => {
  let sum = 0;
  for (let round = 0; round < 30; round++) for await (const v of counter(200)) sum += v;
  print("sum", sum);
})();
