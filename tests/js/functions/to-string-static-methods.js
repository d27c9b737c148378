// Function.prototype.toString of static class methods is the method definition without `static` (and without the
// comments after it); a static method named `static` keeps its name. `(x) = function () {}` names nothing.
class C {
  static f() { return 1; }
  static /* comment */ get g() { return 2; }
  static async h() {}
  static *gen() {}
  static #p() {}
  static q() { return C.#p; }
  static static() {}
}
print(C.f.toString());
print(Object.getOwnPropertyDescriptor(C, 'g').get.toString());
print(C.h.toString());
print(C.gen.toString());
print(C.q().toString());
print(C.static.toString());
let x;
(x) = function () {};
print(JSON.stringify(x.name));
x = function () {};
print(JSON.stringify(x.name));
