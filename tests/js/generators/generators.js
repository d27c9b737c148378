// Generators: suspension and resumption with locals, arguments, contexts, try/finally, return() and throw(),
// yield*, and generators that run long enough to move up the tiers while suspended.
function* basic(a, b) {
  let x = yield a;
  print("received", x);
  try {
    yield b;
  } finally {
    print("finally runs");
  }
  return a + b;
}
let it = basic(1, 2);
print(JSON.stringify(it.next("ignored")), JSON.stringify(it.next("X")));
print(JSON.stringify(it.return(5)), JSON.stringify(it.next()));
it = basic(3, 4);
print([...it].join(","));

// Parameters reassigned before and after a suspension; captured variables in contexts and block scopes.
function* params(n, m) {
  n = n * 10;
  yield n;
  m = (m || 0) + 1;
  const fs = [];
  for (let i = 0; i < 3; i++) {
    fs.push(() => i + m);
    yield i;
  }
  yield fs.map((f) => f()).join("/");
  return arguments.length;
}
print(JSON.stringify([...params(2)]));
const p = params(1, 5);
let r;
while (!(r = p.next()).done) {}
print("arguments.length", r.value);

// throw() into a generator: caught inside, then the generator goes on; uncaught, it completes.
function* catcher() {
  while (true) {
    try {
      yield "waiting";
    } catch (e) {
      print("caught in generator:", e);
      if (e === "stop") return "stopped";
    }
  }
}
const c = catcher();
c.next();
print(JSON.stringify(c.throw("first")));
print(JSON.stringify(c.throw("stop")));
print(JSON.stringify(c.next()));
try {
  c.throw(new Error("after completion"));
} catch (e) {
  print("rethrown:", e.message);
}
const fresh = catcher();
print(JSON.stringify(fresh.return("early")), JSON.stringify(fresh.next()));

// return() runs finally blocks, which may yield again.
function* cleanup() {
  try {
    yield 1;
    yield 2;
  } finally {
    yield "cleanup";
    print("cleanup done");
  }
}
const cl = cleanup();
print(JSON.stringify(cl.next()), JSON.stringify(cl.return("R")), JSON.stringify(cl.next()), JSON.stringify(cl.next()));

// yield*: values, sent values, return values, delegation of return() and throw().
function* inner() {
  const got = yield "inner 1";
  print("inner got", got);
  try {
    yield "inner 2";
  } finally {
    print("inner closed");
  }
  return "inner result";
}
function* outer() {
  const v = yield* inner();
  print("yield* value", v);
  yield* ["a", "b"];
  return "outer done";
}
const o = outer();
print(JSON.stringify(o.next()), JSON.stringify(o.next("S")), JSON.stringify(o.next()), JSON.stringify(o.next()));
const o2 = outer();
o2.next();
o2.next();
print(JSON.stringify(o2.return("stop")));
const o3 = outer();
o3.next();
try {
  o3.throw(new TypeError("into inner"));
} catch (e) {
  print("from yield*:", e.name, e.message);
}
print(JSON.stringify([...outer()]));

// Errors: re-entrancy, wrong receivers, generators are not constructors.
function* reentrant() {
  try {
    g2.next();
  } catch (e) {
    print(e.name, e.message);
  }
  yield 1;
}
const g2 = reentrant();
g2.next();
try {
  basic.prototype.next.call({});
} catch (e) {
  print(e.name);
}
try {
  new basic();
} catch (e) {
  print(e.name);
}

// Prototype chains and reflection.
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
print(GeneratorFunction.name, Object.getPrototypeOf(basic) === GeneratorFunction.prototype);
print(Object.getPrototypeOf(basic(1, 2)) === basic.prototype, basic.prototype.hasOwnProperty("constructor"));
print(Object.prototype.toString.call(basic(1, 2)), typeof basic(1, 2)[Symbol.iterator]);
const dyn = new GeneratorFunction("a", "yield a; yield a * 2;");
print([...dyn(21)].join(" "));
const obj = {
  *[Symbol.iterator]() {
    yield* [1, 2, 3];
  },
};
print(Array.from(obj).join(), Math.max(...obj));
class Tree {
  constructor(v, l, r) {
    this.v = v;
    this.l = l;
    this.r = r;
  }
  *walk() {
    if (this.l) yield* this.l.walk();
    yield this.v;
    if (this.r) yield* this.r.walk();
  }
}
const t = new Tree(4, new Tree(2, new Tree(1), new Tree(3)), new Tree(6, new Tree(5), new Tree(7)));
print([...t.walk()].join(""));

// A long-running generator (tier-up and OSR while suspended and resumed) and many live generators.
function* numbers() {
  let i = 0;
  for (;;) {
    const reset = yield i;
    i = reset ? 0 : i + 1;
  }
}
const n = numbers();
let sum = 0;
for (let k = 0; k < 20000; k++) sum += n.next(k % 1000 === 0).value;
print("sum", sum);
function* range(a, b) {
  for (let i = a; i < b; i++) yield i;
}
let total = 0;
for (let k = 0; k < 300; k++) for (const v of range(0, k % 17)) total += v;
print("total", total);
const many = [];
for (let k = 0; k < 200; k++) {
  const g = range(k, k + 3);
  g.next();
  many.push(g);
}
print(many.reduce((s, g) => s + g.next().value, 0));
