// Async functions: ordering of microtasks against node, awaiting values, promises and thenables, rejections,
// try/finally across awaits, async arrows and methods, and a loop of awaits long enough to tier up.
const log = [];
const done = [];
const track = (p) => done.push(p);
async function first(x) {
  log.push("first start");
  const y = await x;
  log.push("first got " + y);
  return y + 1;
}
async function second() {
  log.push("second start");
  await null;
  log.push("second after 1");
  await undefined;
  log.push("second after 2");
}
track(first(1).then((v) => log.push("first resolved " + v)));
track(second().then(() => log.push("second resolved")));
Promise.resolve().then(() => log.push("plain then"));
log.push("sync end");

async function thrower() {
  await 0;
  throw new RangeError("bad value");
}
track(thrower().catch((e) => log.push("caught " + e.name + ": " + e.message)));
async function early(o) {
  return o.missing.property;
}
track(early({}).catch((e) => log.push("early rejection " + e.name)));

async function awaitsRejection() {
  try {
    await Promise.reject(new Error("rejected"));
  } catch (e) {
    log.push("try caught " + e.message);
    return "recovered";
  } finally {
    log.push("finally after await");
  }
}
track(awaitsRejection().then((v) => log.push(v)));

const thenable = {
  then(resolve) {
    log.push("thenable.then called");
    resolve(42);
  },
};
(async () => log.push("thenable gave " + (await thenable)))();

async function returnsPromise() {
  return Promise.resolve("inner promise");
}
track(returnsPromise().then((v) => log.push(v)));

class Counter {
  constructor() {
    this.n = 0;
  }
  async add(k) {
    await null;
    this.n += k;
    return this.n;
  }
  static async make() {
    const c = new Counter();
    await c.add(5);
    return c;
  }
}
track(Counter.make().then((c) => log.push("counter " + c.n)));

async function loop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += await i;
  return s;
}
track(loop(3000).then((v) => log.push("loop " + v)));

async function parallel() {
  const rs = await Promise.all([1, 2, 3].map(async (x) => (await x) * 2));
  return rs.join("+");
}
track(parallel().then((v) => log.push("parallel " + v)));

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
print(AsyncFunction.name, typeof first, first.hasOwnProperty("prototype"), Object.prototype.toString.call(first));
print(first(0) instanceof Promise);
try {
  new first();
} catch (e) {
  print(e.name);
}
track(new AsyncFunction("a", "return await a * 3;")(14).then((v) => log.push("dynamic " + v)));
print("sync part done");
Promise.all(done).then(() => print(log.join("\n")));
