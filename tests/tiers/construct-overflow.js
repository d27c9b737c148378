// Unbounded `new` recursion (through the interpreter's construct fast path, and from a builtin) is a RangeError
// that the program can catch, and the VM keeps working.
function Boom() { return new Boom(); }
try { new Boom(); } catch (e) { print(e instanceof RangeError, e.message); }
function Viaapply() { return Reflect.construct(Viaapply, []); }
try { new Viaapply(); } catch (e) { print(e instanceof RangeError, e.message); }
function P(x) { this.x = x; }
print(new P(7).x);
