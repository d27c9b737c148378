// `delete super.x` is a ReferenceError after `this` and a computed key are evaluated (the key is not converted);
// `(a?.b)()` keeps `a` as the receiver, and calls undefined when the chain short-circuits.
var log = [];
var obj = {
  m() {
    try {
      delete super[(log.push('key'), { toString() { log.push('converted'); return 'x'; } })];
    } catch (e) {
      log.push(e.constructor.name);
    }
  },
};
obj.m();
print(log.join());
class Base {}
class Derived extends Base {
  constructor() {
    try {
      delete super[(log.push('not evaluated'), 0)];
    } catch (e) {
      print('before super():', e.constructor.name);
    }
    super();
  }
}
new Derived();
const a = { b() { return this.v; }, v: 42 };
print((a?.b)(), (a.b)?.(), (a?.b)?.(), a?.b());
const none = null;
try {
  (none?.b)();
} catch (e) {
  print(e.constructor.name);
}
print((none?.b)?.());
