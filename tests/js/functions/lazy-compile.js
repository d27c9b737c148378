// Functions compiled at their first call (lazy compilation) behave as if compiled up front: closures over the
// variables of functions compiled earlier or later, source text, positions in stack traces, and every kind of
// function.

// Where the caller of `where()` is: line:column of the first frame below it.
function where() {
  var line = new Error().stack.split("\n")[2];
  var m = /:(\d+):(\d+)\)?\s*$/.exec(line);
  return m ? m[1] + ":" + m[2] : "?";
}

// Closures: an inner function compiled long after its outer one captured the outer's variables.
function counter(start) {
  var n = start;
  let step = 1;
  function bump() { n += step; return n; }
  function setStep(s) { step = s; }
  return { bump: bump, setStep: setStep, read: () => n };
}
var c1 = counter(10);
var c2 = counter(100);
print(c1.bump(), c1.bump(), c2.bump());
c1.setStep(5);
print(c1.bump(), c2.bump(), c1.read(), c2.read());

// Three levels: the innermost function reads every level's variables; the middle one was compiled lazily too.
function level1(a) {
  const x = a * 2;
  return function level2(b) {
    let y = b + x;
    return function level3(c) {
      return [a, x, b, y, c].join(",");
    };
  };
}
print(level1(1)(2)(3), level1(4)(5)(6));

// A closure over a block-scoped loop variable, one per iteration.
function perIteration() {
  var fs = [];
  for (let i = 0; i < 3; i++) fs.push(function () { return i * i; });
  return fs.map(function (f) { return f(); }).join(" ");
}
print(perIteration());

// TDZ: reading a `let` of the enclosing function before its initialisation throws, from a lazy function too.
function tdz() {
  function early() { return later; }
  try { early(); } catch (e) { print(e.constructor.name); }
  let later = "ready";
  return early();
}
print(tdz());

// Function.prototype.toString of functions never called, and length and name without compiling them.
function neverCalled(a, b = 2, ...rest) { return a + b + rest.length; /* comment */ }
print(neverCalled.toString());
print(neverCalled.length, neverCalled.name);
var obj = {
  method(x, y) { return x + y; },
  get prop() { return "got"; },
  set prop(v) { this._v = v; },
  *gen(n) { for (var i = 0; i < n; i++) yield i; },
  async asyncMethod() { return "async method"; },
  arrow: (p, q) => p * q,
};
print(obj.method.toString());
print(Object.getOwnPropertyDescriptor(obj, "prop").get.toString());
print(obj.arrow.toString(), obj.arrow.length, obj.method.length, obj.method.name);
class Shape {
  constructor(w) { this.w = w; }
  static make(w) { return new Shape(w); }
  area() { return this.w * this.w; }
  get double() { return this.w * 2; }
  set double(v) { this.w = v / 2; }
  *sides() { yield 1; yield 2; }
  async later() { return this.area(); }
}
print(Shape.make.toString());
print(Shape.prototype.area.toString());

// Every kind of function, compiled at its first call.
print(obj.method(2, 3), obj.prop, [...obj.gen(4)].join(""), obj.arrow(6, 7));
obj.prop = 9;
print(obj._v);
var s = Shape.make(3);
print(s.area(), s.double, [...s.sides()].join("+"));
s.double = 10;
print(s.w);
class Square extends Shape {
  constructor(w) { super(w); this.kind = "square"; }
  area() { return "square " + super.area(); }
}
print(new Square(4).area(), new Square(2).kind);
function defaults(a, b = a + 1, { c = b * 2 } = {}) { return [a, b, c].join(" "); }
print(defaults(1), defaults(1, 5), defaults(1, 5, { c: 0 }));
function* fib() { var a = 0, b = 1; for (;;) { yield a; [a, b] = [b, a + b]; } }
var g = fib();
var firsts = [];
for (var i = 0; i < 8; i++) firsts.push(g.next().value);
print(firsts.join(" "));
function arrowsThis() {
  var self = this;
  var f = () => () => this === self;
  return f()();
}
print(arrowsThis.call({}));
function usesArguments(a) { arguments[0] = "changed"; return a + " " + arguments.length; }
print(usesArguments("orig", 2, 3));
function strictOne() { "use strict"; return this === undefined; }
print(strictOne());

// Direct eval inside a function compiled lazily sees its variables and its enclosing function's.
function withEval(p) {
  var local = "local";
  function inner(q) {
    var own = "own";
    return eval("p + ' ' + local + ' ' + q + ' ' + own");
  }
  return inner("q");
}
print(withEval("p"));
function evalDeclares() {
  eval("var made = 42");
  return function () { return made; };
}
print(evalDeclares()());

// Positions in stack traces of lazily compiled functions.
function deep() {
  return where();
}
function deeper() {
  var pad = 0;
      return deep() + " " + where();
}
print(deeper());
function thrower() {
  if (deep) throw new Error("boom");
}
try { thrower(); } catch (e) { print(e.constructor.name, /:(\d+):(\d+)\)?\s*$/.exec(e.stack.split("\n")[1]).slice(1).join(":")); }

// Async functions and immediately invoked functions.
async function asyncFn(v) { await null; return "async " + v; }
asyncFn(1).then(print);
(async () => { print(await obj.asyncMethod(), await s.later()); })();
print((function (n) { return n * 3; })(14));

// Arrows at the top level and nested in functions and methods: `this`, `new.target`, `super` and `arguments` are
// their enclosing code's.
var selfAtTop = this;
var arrowAtTop = () => () => this === selfAtTop;
print(arrowAtTop()());
function newTargetArrow() { return () => new.target === undefined; }
print(newTargetArrow()());
var superArrow = { m() { return () => super.toString === Object.prototype.toString; } };
print(superArrow.m()());
function argumentsArrow() { return (() => arguments.length)(); }
print(argumentsArrow(1, 2, 3));
