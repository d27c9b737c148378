// A store that adds a property runs whatever the prototype chain says first (a setter, a read-only property), also
// after the site's inline cache has seen the same shape add it plainly.
var calls = 0;
var withSetter = {
  set x(v) {
    calls++;
    Object.defineProperty(this, "x", { value: v + 1000, writable: true, enumerable: true, configurable: true });
  },
};
var plainProto = { x: 0 };
var readOnly = Object.defineProperty({}, "x", { value: "fixed", writable: false });
function store(o, v) { o.x = v; return o.x; }
var out = [];
for (var i = 0; i < 100; i++) {
  var proto = i % 3 === 0 ? withSetter : i % 3 === 1 ? plainProto : readOnly;
  var o = Object.create(proto);
  out.push(store(o, i));
}
print(calls, out.slice(0, 9).join(), out.slice(-3).join());
var shadowSum = 0;
for (var i = 0; i < 100; i++) shadowSum += store(Object.create(plainProto), i);
print(shadowSum, plainProto.x);
var later = {};
var objs = [];
for (var i = 0; i < 50; i++) { var o = Object.create(later); store(o, i); objs.push(o); }
Object.defineProperty(later, "x", { set: function (v) { calls++; }, configurable: true });
var o2 = Object.create(later);
print(store(o2, 1), calls, objs[49].x);
