// Function.prototype call/apply/bind/toString, function properties.
function greet(greeting, punct) { return greeting + ", " + this.name + punct; }
var p = { name: "Ann" };
print(greet.call(p, "Hi", "!"), greet.apply(p, ["Hello", "?"]), greet.apply(p), greet.call(p));
var hi = greet.bind(p, "Hey");
print(hi("."), hi.length, greet.length, hi.name, greet.name);
var bound2 = hi.bind(null, "!!");
print(bound2(), bound2.length);
function add(a, b) { return a + b; }
print(add.apply(null, [1, 2]), add.call(null, 3, 4), Math.max.apply(null, [1, 5, 3]));
print(add.toString());
print((function namedExpr(x) { return x; }).toString());
print(String(function () { /* comment */ return 1; }));
print(((a, b) => a + b).toString());
print(typeof Function.prototype, Function.prototype.name === "", typeof Function.prototype.call);
print(add instanceof Function, add instanceof Object, Object.getPrototypeOf(add) === Function.prototype);
var anon = function () {};
var arrow = () => {};
print(anon.name, arrow.name, (function () {}).name === "", ({ m() {} }).m.name);
print(add.hasOwnProperty("prototype"), arrow.hasOwnProperty("prototype"), typeof add.prototype, add.prototype.constructor === add);
try { new arrow(); } catch (e) { print("new arrow:", e.name); }
try { add.call.call(1); } catch (e) { print("call non-callable:", e.name); }
try { Function.prototype.bind.call({}); } catch (e) { print("bind non-callable:", e.name); }
function Point(x, y) { this.x = x; this.y = y; }
var P1 = Point.bind(null, 1);
var pt = new P1(2);
print(pt.x, pt.y, pt instanceof Point);
add.custom = "props on functions";
print(add.custom);
var f = new Function("a", "b", "return a * b;");
print(f(6, 7), f.length);
print(greet.apply(p, { length: 2, 0: "Yo", 1: ";" }));
