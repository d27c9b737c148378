// Inlined callees that make calls of their own which are not inlined: the call is made from mid code without a
// frame for the inlined callee (its callee's frame links to the outermost function, and stack traces still show
// the inlined functions); what would need the call's routine deoptimises (CallNeedsFrame) and mid stops inlining
// that callee.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function trace(s) { return s.split("\n").slice(1, 4).map(l => l.trim().split(" ")[1]).filter(f => !f.includes(".js")).join(","); }

// Not inlined (it has a handler): its stack shows the inlined callers.
function leaf(k) { try { return k > 1e9 ? "" : trace(new Error("x").stack); } catch (e) { return "?"; } }
function viaLeaf(k) { return leaf(k); }
function outerLeaf(k) { return viaLeaf(k); }

// A builtin called from an inlined callee, calling back into JS that captures a stack.
function mapped(k) { return [k].map(function cb() { return trace(new Error("y").stack); })[0]; }
function outerMapped(k) { return mapped(k); }

// An Error made in the inlined callee itself.
function made(k) { return new Error("z" + k); }
function outerMade(k) { return trace(made(k).stack); }

// A callee that throws, caught around the outermost function.
function thrower(k) { try { } catch (e) { } if (k === 7) throw new RangeError("seven"); return k; }
function viaThrower(k) { return thrower(k) + 1; }
function outerThrower(k) { return viaThrower(k) * 2; }

// A sloppy callee called on a primitive (the receiver needs wrapping: the routine's business).
function sloppy() { try { } catch (e) { } return typeof this; }
function viaSloppy(o) { return o.f(); }
function outerSloppy(o) { return viaSloppy(o); }

// A known sloppy callee called on a primitive: the receiver needs wrapping, the routine's business, and the
// inlined caller has no frame for it: the call deoptimises (CallNeedsFrame).
function viaPrimitive(s) { return s.g(); }
function outerPrimitive(s) { return viaPrimitive(s); }
String.prototype.g = sloppy;

// A polymorphic site that meets a builtin (the runtime's call takes any callee).
function apply(f, x) { return f(x); }
function outerApply(f, x) { return apply(f, x) + 1; }
function twice(x) { try { } catch (e) { } return 2 * x; }
function thrice(x) { try { } catch (e) { } return 3 * x; }

// Recursion through an inlined level down to a RangeError.
function down(n) { try { } catch (e) { } return n === 0 ? 0 : 1 + via(n - 1); }
function via(n) { return down(n); }

let acc = 0;
for (let i = 0; i < 300; i++) {
    outerLeaf(i); outerMapped(i); outerMade(i);
    acc += outerThrower(i % 5);
    outerSloppy({ f: sloppy });
    acc += outerApply(i & 1 ? twice : thrice, i);
    acc += down(5);
    outerPrimitive("p");
}
for (const f of [outerLeaf, outerMapped, outerMade, outerThrower, outerSloppy, outerPrimitive, outerApply, down]) optimize(f);
print("leaf", outerLeaf(1));
print("mapped", outerMapped(2));
print("made", outerMade(3));
let caught = "";
for (let i = 0; i < 10; i++) { try { acc += outerThrower(i); } catch (e) { caught += e.message + i; } }
print("thrower", acc, caught);
print("wrapped", outerPrimitive("q"), outerPrimitive("r"));
const p = { f: sloppy };
print("sloppy", outerSloppy(p), outerSloppy(Object.assign(Object.create(String.prototype), { f: sloppy })));
String.prototype.f = sloppy;
print("primitive receiver", outerSloppy("str"), outerSloppy("s"));
print("builtin", outerApply(twice, 4), outerApply(Math.abs, -4), outerApply(String, 5), outerApply(thrice, 4));
try { down(1e6); } catch (e) { print("recursion", e instanceof RangeError, e.message); }
// The RangeError thrown at a call inside the inlined `via` has the same stack as in the interpreter.
// Which of the two the innermost frame is depends on the room left in the register file, which differs between
// tiers (an inlined `via` has no frame): the names are compared as a set.
try { down(1e6); } catch (e) { print("recursion stack", [...new Set(trace(e.stack).split(","))].sort().join()); }
print("after", down(50));
