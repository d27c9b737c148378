// The with statement: names resolve through the object first (Symbol.unscopables hides some), calls get the
// object as receiver, assignments and var initialisers write through it, delete removes from it, closures made in
// the body keep looking at it; nested with statements look innermost first.
var o = { a: 1, f() { return this === o; }, [Symbol.unscopables]: { hidden: true }, hidden: "in o" };
var a = "outer", hidden = "outer hidden", b = 0;
with (o) {
  print(a, f(), hidden, typeof nothere, typeof a);
  a = 2; b = 3; var c = 4;
  var a2 = a * 10;
}
print(o.a, b, c, a2, "c" in o, a);
function make() { with ({ x: "from with" }) { return function () { return x; }; } }
print(make()());
var x = "global x";
with ({}) { print(x); }
with ({ x: 1 }) { with ({ y: 2 }) { print(x + y); x = 5; } }
print(x);
print(eval("with ({v: 9}) { v }"));
var p = { n: 0 }; function bump() { with (p) { n++; } } for (var i = 0; i < 3000; i++) bump(); print(p.n);
with ({ get g() { return "getter"; }, v: 1 }) { print(g, delete v, typeof v); }
// A local variable read in a with body (an operand the compiler may read straight from its register).
function f(o) { var x = 1; with (o) { return x + x; } }
print(f({ x: 10 }), f({}));
function g(o) { var y = 2; with (o) { y = y * 3; } return y; }
print(g({ y: 5 }), g({}));
with ({ undefined: 1 }) { print(undefined, undefined === undefined); }
