// Calls from mid code to the closure a call site always saw go straight into the callee: mid pushes its frame and
// calls its code (or the interpreter). Callees hold an exception handler, which keeps mid from inlining them. Each
// case warms a caller, optimises it with `Tetra.optimize`, then makes the direct call meet what it must survive.
// The printed values are node's.

function warm(f, args, n) {
  for (let i = 0; i < n; i++) f(...args);
}

function optimized(f, args) {
  warm(f, args, 20);
  return Tetra.optimize(f, "mid");
}

// A callee in each tier: the result and the callee's arguments are those of a generic call.
function three(a, b, c) { return [a, b, c, arguments.length].join(","); }
function callThree(x) { return three(x) + "|" + three(x, x, x, x); }
optimized(callThree, [1]);
print("interp callee", Tetra.tierOf(three), callThree(7));
Tetra.optimize(three, "baseline");
print("baseline callee", Tetra.tierOf(three), callThree(8));
Tetra.optimize(three, "mid");
print("mid callee", Tetra.tierOf(three), callThree(9), Tetra.tierOf(callThree));

// The callee deopts while the direct call runs: its frame finishes in the interpreter, the caller stays in mid.
function inc(a) { try { } catch (e) { } return a + 1; }
function callInc(a) { return inc(a); }
optimized(inc, [1]);
optimized(callInc, [1]);
print("callee deopt", callInc(2147483647), Tetra.tierOf(callInc), Tetra.tierOf(inc));

// Another callee at the site: the caller deopts (wrong call target) before calling anything.
let target = function (x) { try { } catch (e) { } return x + 1; };
function callTarget(x) { return target(x); }
optimized(callTarget, [1]);
target = function (x) { return x * 10; };
print("new target", callTarget(4), Tetra.tierOf(callTarget));

// Exceptions through a direct call: caught in the caller's try, or leaving the caller.
function mayThrow(x) { try { } catch (e) { } if (x > 5) throw new RangeError("big " + x); return x; }
function catches(x) { try { return mayThrow(x); } catch (e) { return "caught " + e.message; } }
function passes(x) { return mayThrow(x) + 1; }
optimized(catches, [1]);
optimized(passes, [1]);
print("caught", catches(3), catches(9));
try { passes(10); } catch (e) { print("passed through", e.message, e instanceof RangeError); }

// A sloppy callee gets primitives wrapped and undefined replaced by the global object; a strict one as they are.
function sloppyThis() { try { } catch (e) { } return typeof this + (this === globalThis ? " global" : ""); }
function strictThis() { "use strict"; try { } catch (e) { } return typeof this; }
String.prototype.sloppyThis = sloppyThis;
String.prototype.strictThis = strictThis;
function receivers(s) { return [sloppyThis(), strictThis(), s.sloppyThis(), s.strictThis()].join(" "); }
optimized(receivers, ["a"]);
print("receivers", receivers("b"), Tetra.tierOf(receivers));

// Deep recursion through direct calls is a RangeError, and the stacks recover.
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
optimized(depth, [10]);
try { depth(1e7); } catch (e) { print("deep", e instanceof RangeError); }
print("after deep", depth(500));

// Stack traces cross direct calls.
function inner() { try { } catch (e) { } return new Error("here").stack.split("\n").slice(1, 3).map(l => l.trim().split(" ")[1]).join(" "); }
function outer() { return inner(); }
optimized(outer, []);
print("stack", outer());

// Objects made in the callee survive collections while only mid code holds them.
function make(i) { for (let k = 0; k < 1; k++); return { i, s: "v" + i }; }
function collect(n) { let t = 0, last = null; for (let i = 0; i < n; i++) { last = make(i); t += last.i; } return t + last.s; }
optimized(collect, [10]);
print("objects", collect(5000));

// Builtins the feedback always saw are called directly too: results, exceptions, constructs, stack traces.
function builtins(s, n) {
  let r = [Math.max(n, 3), String.fromCharCode(65 + n), new Array(n).length];
  try { r.push(JSON.parse(s)); } catch (e) { r.push(e.name); }
  try { r.push(new RegExp(n > 10 ? "(" : "a" + n).source); } catch (e) { r.push(e.name); }
  r.push(Error("where").stack.split("\n")[1].trim().split(" ")[1]);
  return r.join(" ");
}
optimized(builtins, ["1", 4]);
print("builtins", builtins("[2]", 5), builtins("{", 12), Tetra.tierOf(builtins));
