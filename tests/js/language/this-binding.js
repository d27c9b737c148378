// this binding rules.
var name = "global";
var obj = { name: "obj", get: function () { return this.name; }, arrow: () => typeof this, nested: function () { return (() => this.name)(); } };
print(obj.get(), obj["get"](), obj.nested());
var loose = obj.get;
print(loose());
function sloppyThis() { return this === globalThis; }
function strictThis() { "use strict"; return this; }
print(sloppyThis(), strictThis(), typeof strictThis.call(5), typeof sloppyThis.call(5));
function prim() { return typeof this; }
function primStrict() { "use strict"; return typeof this; }
print(prim.call("s"), primStrict.call("s"), prim.call(null) === "object", primStrict.call(null));
var other = { name: "other" };
print(obj.get.call(other), obj.get.apply(other, []), obj.get.bind(other)());
var bound = obj.get.bind(other);
print(bound.call(obj));
function Ctor() { this.v = 1; }
var inst = new Ctor();
print(inst.v);
var BoundCtor = Ctor.bind({ ignored: true });
print(new BoundCtor().v, new BoundCtor() instanceof Ctor);
var calc = { total: 0, add: function (n) { this.total += n; return this; } };
print(calc.add(1).add(2).add(3).total);
var holder = { items: [1, 2, 3], factor: 10, scaled: function () { return this.items.map(function (x) { return x * this.factor; }, this); } };
print(holder.scaled().join(","));
var holder2 = { factor: 3, scaled: function () { return [1, 2].map((x) => x * this.factor); } };
print(holder2.scaled().join(","));
print(typeof this, this === globalThis);
var m = { f: function () { return this; } };
print((m.f)() === m, (0, m.f)() === globalThis);
class K { method() { return this; } static s() { return this; } }
var km = new K().method;
print(km(), K.s() === K);
print(typeof (function () { return this; }).call(undefined));
// An implicit derived constructor has no `this` binding of its own: a script-level one (made for a top-level
// arrow that reads `this`) is not the constructor's.
var topArrowThis = () => this;
class ImplicitBase { constructor() { this.b = 1; } }
class ImplicitDerived extends ImplicitBase {}
print(new ImplicitDerived().b, topArrowThis() === globalThis);
