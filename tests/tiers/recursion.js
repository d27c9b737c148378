// Unbounded recursion in baseline code is a RangeError that the program can catch, and the VM keeps working.
function down(n) { return down(n + 1) + 1; }
Tetra.optimize(down, "baseline");
try { down(0); } catch (e) { print(e instanceof RangeError, e.message); }
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
Tetra.optimize(fact, "baseline");
print(fact(10), Tetra.tierOf(fact));
