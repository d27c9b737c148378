// Constructors, prototypes, instanceof, prototype chains.
function Animal(name) { this.name = name; }
Animal.prototype.speak = function () { return this.name + " makes a sound"; };
Animal.prototype.kind = "animal";
function Dog(name) { Animal.call(this, name); }
Dog.prototype = Object.create(Animal.prototype);
Dog.prototype.constructor = Dog;
Dog.prototype.speak = function () { return this.name + " barks; " + Animal.prototype.speak.call(this); };
var d = new Dog("Rex"), a = new Animal("Cat");
print(d.speak());
print(a.speak(), d.kind, a.kind);
print(d instanceof Dog, d instanceof Animal, d instanceof Object, a instanceof Dog);
print(Object.getPrototypeOf(d) === Dog.prototype, Dog.prototype.isPrototypeOf(d), Animal.prototype.isPrototypeOf(d), Object.prototype.isPrototypeOf(d));
print(d.hasOwnProperty("name"), d.hasOwnProperty("speak"), d.constructor === Dog, a.constructor === Animal);
Animal.prototype.kind = "changed";
print(d.kind);
d.kind = "own";
print(d.kind, a.kind, delete d.kind, d.kind);
function Ret() { this.x = 1; return { y: 2 }; }
function RetPrim() { this.x = 1; return 5; }
print(JSON.stringify(new Ret()), JSON.stringify(new RetPrim()));
function NoArgs() { this.ok = true; }
print(new NoArgs().ok, new NoArgs instanceof NoArgs);
var proto = { greet: function () { return "hi " + this.who; } };
var o = Object.create(proto, { who: { value: "there", enumerable: true } });
print(o.greet(), Object.keys(o).join());
var bare = Object.create(null);
print(typeof bare.toString, Object.getPrototypeOf(bare));
bare.x = 1;
print("x" in bare, Object.keys(bare).join());
print([] instanceof Array, [] instanceof Object, (function () {}) instanceof Function, ({}) instanceof Function);
try { ({}) instanceof 5; } catch (e) { print(e.name); }
try { ({}) instanceof {}; } catch (e) { print(e.name); }
var chain = { a: 1 };
var c2 = Object.create(chain); c2.b = 2;
var c3 = Object.create(c2); c3.c = 3;
print(c3.a + c3.b + c3.c, "a" in c3, c3.hasOwnProperty("a"));
var keys = []; for (var k in c3) keys.push(k);
print(keys.join(","));
function Counter() { Counter.instances = (Counter.instances || 0) + 1; }
new Counter(); new Counter();
print(Counter.instances);
print(Object.prototype.toString.call(new Dog("x")), String(new Dog("y")));
Dog.prototype.toString = function () { return "Dog(" + this.name + ")"; };
print(String(new Dog("z")), "" + new Dog("w"), `${new Dog("v")}`);
