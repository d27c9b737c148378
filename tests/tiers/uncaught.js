// An exception that leaves baseline code uncaught ends the program like any other.
function f(o) { return o.missing.field; }
Tetra.optimize(f, "baseline");
f({});
