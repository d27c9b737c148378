// [[Construct]] checks a derived constructor's result after its body has run: the TypeError (a primitive
// returned) and the ReferenceError (super() never called) belong to the caller, outside every try of the
// constructor itself (the interpreter once raised them inside the frame, where its own catch took them).
class C extends class {} { constructor() { super(); try { return 0; } catch (e) { } } }
class D extends class {} { constructor(x) { try { if (x) return; } catch (e) { } finally { } } }
class E extends C { constructor() { try { super(); } catch (e) { this.caught = e.constructor.name; } } }
function attempt(f) {
  try { return typeof f(); } catch (e) { return e.constructor.name + ": " + e.message; }
}
const seen = {};
for (let i = 0; i < 300; i++) {
  for (const r of [attempt(() => new C()), attempt(() => new D(i & 1)), attempt(() => new E())]) {
    seen[r] = (seen[r] || 0) + 1;
  }
}
for (const k of Object.keys(seen).sort()) print(k, seen[k]);
