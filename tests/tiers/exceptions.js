// Exceptions thrown and caught inside baseline code, and across baseline/interp frames in both directions.
function thrower(x) { if (x > 2) throw new RangeError("too big: " + x); return x; }
function catcher(n) {
  let log = [];
  for (let i = 0; i < n; i++) {
    try {
      log.push(thrower(i));
    } catch (e) {
      log.push(e.name);
    } finally {
      log.push("f" + i);
    }
  }
  return log.join(",");
}
function nested() {
  try {
    try { null.x; } finally { print("inner finally"); }
  } catch (e) {
    return e instanceof TypeError;
  }
}
function rethrow() { try { thrower(10); } catch (e) { throw new Error("wrapped " + e.message); } }
Tetra.optimize(thrower, "baseline");
Tetra.optimize(catcher, "baseline");
Tetra.optimize(nested, "baseline");
print(Tetra.tierOf(thrower), Tetra.tierOf(catcher), Tetra.tierOf(nested));
print(catcher(5));
print(nested());
try { rethrow(); } catch (e) { print("interp caught:", e.message); }
Tetra.optimize(rethrow, "baseline");
try { rethrow(); } catch (e) { print("interp caught again:", e.message, Tetra.tierOf(rethrow)); }
