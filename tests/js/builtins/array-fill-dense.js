// Array.prototype.fill writes dense elements in place unless a setter on the prototype chain could observe it.
var a = new Array(5); a.fill(1); print(a.join());
var b = [1,,3]; b.fill(7, 1); print(b.join(), b.length);
var c = new Array(3); c.fill("x", -2); print(c.join("|"));
Object.defineProperty(Array.prototype, 1, { set(v) { print("setter", v); }, configurable: true });
var d = new Array(3); d.fill(9); print(d.join(), d.hasOwnProperty(1));
