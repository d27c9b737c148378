// Each function is optimised by mid with the feedback of its first calls, then called with values that break a
// speculation: the check deoptimises, the interpreter finishes the call, and the result must be the interpreter's.
// `Tetra.*` calls make the transitions deterministic; the printed values are node's.

function warm(f, args, n) {
  for (let i = 0; i < n; i++) f(...args);
}

function check(name, f, warmArgs, args) {
  warm(f, warmArgs, 20);
  const optimized = Tetra.optimize(f, "mid");
  const before = Tetra.tierOf(f);
  const r = f(...args);
  print(name, optimized, before, "->", Tetra.tierOf(f), r);
}

// int32 overflow: a + b leaves int32.
function add(a, b) { return a + b; }
check("overflow", add, [1, 2], [2147483647, 1]);

// int -> double: a loop counter stays int, the accumulator becomes a double mid-loop.
function sum(n, step) { let s = 0; for (let i = 0; i < n; i++) s = s + step; return s; }
check("int->double", sum, [10, 1], [10, 0.5]);

// number -> string: the add's feedback said numbers.
function add2(a, b) { return a + b; }
check("number->string", add2, [1.5, 2], ["x", 2]);

// minus zero from an int32 multiplication.
function mul(a, b) { return 1 / (a * b); }
check("minus-zero", mul, [3, 4], [-3, 0]);

// modulus of a negative int32.
function mod(a, b) { return a % b; }
check("mod-negative", mod, [7, 3], [-7, 3]);

// unsigned shift out of int32 range.
function shr(a) { return a >>> 0; }
check("shr", shr, [5], [-1]);

// compare on ints, then on doubles, then on strings.
function less(a, b) { return a < b ? "lt" : "ge"; }
check("compare-double", less, [1, 2], [1.5, 1.25]);
check("compare-string", less, [1, 2], ["a", "b"]);

// A deopt in the middle of a loop: values of every live register go back to the frame.
function loop(n, poison) {
  let a = 0, b = 1, s = "";
  for (let i = 0; i < n; i++) {
    const t = a + b;
    a = b;
    b = i === poison ? 0.5 : t;
    s = i % 3 === 0 ? s + i : s;
  }
  return [a, b, s].join(" ");
}
check("loop", loop, [10, -1], [12, 6]);

// A speculative load on undefined inside a try deopts; the interpreter throws and catches.
function guarded(o) { let r = 1; try { r = r + o.x.y; } catch (e) { r = "caught " + e.constructor.name; } return r; }
check("try-deopt", guarded, [{ x: { y: 2 } }], [{}]);

// An exception thrown by a generic instruction (a call) inside a try block of mid code: the interpreter runs the
// handler, and the code stays. (Two closures warm the call site up, so mid calls whatever it is generically.)
function guarded2(f) { let r = 1; try { r = r + f(); } catch (e) { r = "caught " + e.message; } return r; }
guarded2(() => 1);
check("try-call", guarded2, [() => [2][0]], [() => { throw new Error("inner"); }]);

// A monomorphic callee is inlined; another callee at that site fails the target check and deopts.
function twice(f, x) { return f(x) + f(x); }
const inc = (v) => v + 1;
check("inlined-target", twice, [inc, 1], [(v) => v * 10, 2]);
// A deopt inside the inlined callee rebuilds its frame above the caller's; the interpreter returns into the caller.
function twice2(f, x) { const a = f(x); return a + f(x); }
check("inlined-deopt", twice2, [inc, 1], [inc, 2147483647]);

// An exception leaving mid code entirely.
function thrower(a) { if (a > 3) throw new RangeError("too big " + a); return a + 1; }
check("throw-ok", thrower, [1], [2]);
// Its throwing path never ran, so mid deopts there and the interpreter throws.
try { thrower(7); } catch (e) { print("caught outside:", e.message, Tetra.tierOf(thrower)); }
// This one's throwing path ran before it was optimised: the exception leaves mid code itself.
function thrower2(a) { if (a > 3) throw new RangeError("too big " + a); return a + 1; }
for (let i = 0; i < 10; i++) { try { thrower2(i); } catch (e) {} }
Tetra.optimize(thrower2, "mid");
try { thrower2(9); } catch (e) { print("thrown by mid code:", e.message, Tetra.tierOf(thrower2)); }

// Math.sqrt computed inline behind a check of the call target (and a global load of Math from its cached slot);
// replacing Math.sqrt fails the check.
function hyp(a, b) { return Math.sqrt(a * a + b * b); }
check("intrinsic", hyp, [3, 4], [6, 8]);
const realSqrt = Math.sqrt;
Math.sqrt = (x) => -x;
print("intrinsic-replaced", hyp(3, 4), Tetra.tierOf(hyp));
Math.sqrt = realSqrt;

// Tetra.deoptimize
function id(x) { return x; }
warm(id, [1], 3);
Tetra.optimize(id, "mid");
print("deoptimize", Tetra.tierOf(id), Tetra.deoptimize(id), Tetra.tierOf(id), Tetra.deoptimize(id), id(5));

// A loop bound from before the loop, checked once on the way into the loop instead of at every iteration: a
// double or a string bound fails that check, and the interpreter runs the loop from its header.
function upTo(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
check("loop-entry-double", upTo, [10], [4.5]);
check("loop-entry-string", upTo, [10], ["4"]);
