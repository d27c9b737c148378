// A function moves from interp to baseline once its interrupt budget is spent (ticks at returns).
function add(a, b) { return a + b; }
print("before:", Tetra.tierOf(add));
let s = 0;
for (let i = 0; i < 2000; i++) s = add(s, i);
print("sum:", s);
print("after:", Tetra.tierOf(add));
print("loop function:", Tetra.tierOf(add) === "baseline" ? "compiled" : "not compiled");
