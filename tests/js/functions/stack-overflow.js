// Unbounded recursion throws a catchable RangeError; the engine keeps working afterwards.
function runaway(n) { return runaway(n + 1) + 1; }
try { runaway(0); print("no error?"); } catch (e) { print(e instanceof RangeError, e.name); }
var depthReached = 0;
function measure(n) { depthReached = n; measure(n + 1); }
try { measure(0); } catch (e) { print(e instanceof RangeError, depthReached > 1000); }
function mutualA(n) { return mutualB(n + 1); }
function mutualB(n) { return mutualA(n + 1); }
try { mutualA(0); } catch (e) { print("mutual", e instanceof RangeError); }
var obj = {};
Object.defineProperty(obj, "loop", { get: function () { return this.loop; } });
try { obj.loop; } catch (e) { print("getter", e instanceof RangeError); }
function withFinally(n) { try { return withFinally(n + 1); } finally { } }
try { withFinally(0); } catch (e) { print("finally", e instanceof RangeError); }
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
print("still works", fib(15));
try { runaway(0); } catch (e) { print("again", e instanceof RangeError); }
