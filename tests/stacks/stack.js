// Error.prototype.stack: engine errors (captured where thrown), constructed errors (captured at `new`), frames
// across builtins (Array.prototype.map) and generator resumption, arrows and top-level code.
function inner(x) {
  return x.missing.deep;
}
function middle(x) {
  return inner(x);
}
try { middle({}); } catch (e) { print(e.stack); }
function make() { return new RangeError("made here"); }
print(make().stack);
try { [1, 2].map(function mapper(v) { throw new Error("in map " + v); }); } catch (e) { print(e.stack); }
function* gen() { yield 1; null.f(); }
const g = gen(); g.next();
try { g.next(); } catch (e) { print(e.stack); }
try { JSON.parse("{bad"); } catch (e) { print(e.stack); }
const anon = () => { throw new TypeError("arrow"); };
try { anon(); } catch (e) { print(e.stack); }
print(Object.getOwnPropertyNames(new Error("x")).join());
