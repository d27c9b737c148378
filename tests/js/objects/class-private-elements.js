// Private fields, methods, accessors and static elements; brand checks; `#x in o`; private names are per class
// evaluation; private elements are invisible to reflection and proxies and ignore extensibility.

class Counter {
  #count = 0;
  static #instances = 0;
  #step;
  constructor(step) {
    this.#step = step;
    Counter.#instances++;
  }
  #advance() { this.#count += this.#step; return this; }
  get #double() { return this.#count * 2; }
  set #double(v) { this.#count = v / 2; }
  tick() { return this.#advance().#count; }
  doubled() { return this.#double; }
  setDoubled(v) { this.#double = v; return this.#count; }
  static instances() { return Counter.#instances; }
  static isCounter(o) { return #count in o; }
  static peek(o) { return o.#count; }
}

const c = new Counter(3);
print(c.tick(), c.tick(), c.doubled(), c.setDoubled(40), c.tick());
print(Counter.instances(), Counter.isCounter(c), Counter.isCounter({}), Counter.isCounter(Object.create(c)));
print(JSON.stringify(c), Object.keys(c).length, Object.getOwnPropertyNames(c).length, Reflect.ownKeys(c).length);
print(Object.getOwnPropertySymbols(c).length, { ...c }.constructor === Object, Object.assign({}, c).tick);

function attempt(f) {
  try {
    return f();
  } catch (e) {
    return e.constructor.name + ": " + e.message;
  }
}
print(attempt(() => Counter.peek({})));
print(attempt(() => Counter.peek(Object.create(c))));
print(attempt(() => Counter.isCounter(1)));
print(attempt(() => Counter.prototype.tick.call({})));
print(attempt(() => Counter.prototype.setDoubled.call(new Proxy(c, {}), 1)));

// Read-only methods, accessors without a half.
class Parts {
  #m() { return 1; }
  get #onlyGet() { return "g"; }
  set #onlySet(v) {}
  writeMethod() { this.#m = 2; }
  writeGetter() { this.#onlyGet = 2; }
  readSetter() { return this.#onlySet; }
  static names() { const p = new Parts(); return [p.#m.name, p.#m === new Parts().#m]; }
}
print(attempt(() => new Parts().writeMethod()));
print(attempt(() => new Parts().writeGetter()));
print(attempt(() => new Parts().readSetter()));
print(Parts.names().join());

// A base constructor that returns another object: the subclass's private fields go on that object, even when it
// is frozen, and a second initialisation of the same object throws.
class ReturnsGiven { constructor(o) { return o; } }
class Stamped extends ReturnsGiven {
  #stamp = "stamped";
  static read(o) { return o.#stamp; }
}
const frozen = Object.freeze({});
new Stamped(frozen);
print(Stamped.read(frozen), Object.isFrozen(frozen), Object.keys(frozen).length);
print(attempt(() => new Stamped(frozen)));
const proxy = new Proxy({}, { defineProperty() { throw new Error("trap"); }, get() { throw new Error("trap"); } });
new Stamped(proxy);
print(Stamped.read(proxy));

// Each evaluation of a class body makes new private names.
function makeClass() {
  return class { #secret = 42; static read(o) { return o.#secret; } };
}
const A = makeClass(), B = makeClass();
print(A.read(new A()), attempt(() => A.read(new B())));

// Static blocks, computed field keys in source order, `this` and `super` in static elements.
const order = [];
function key(k) { order.push(k); return k; }
class Base { static greet() { return "base"; } }
class Derived extends Base {
  [key("a")] = 1;
  static [key("b")] = 2;
  [key("c")]() {}
  static #hidden = "hidden";
  static { order.push("block " + this.#hidden + " " + super.greet()); }
  static after = order.length;
  static { var local = "scoped"; this.local = local; }
}
const d = new Derived();
print(order.join(), d.a, Derived.b, Derived.after, Derived.local, typeof local);

// A hot loop over private state, so that compiled code runs it.
class Vec {
  #x; #y;
  constructor(x, y) { this.#x = x; this.#y = y; }
  add(o) { return new Vec(this.#x + o.#x, this.#y + o.#y); }
  get length2() { return this.#x * this.#x + this.#y * this.#y; }
}
let acc = new Vec(0, 0);
for (let i = 0; i < 20000; i++) acc = acc.add(new Vec(i % 7, 1));
print(acc.length2);
