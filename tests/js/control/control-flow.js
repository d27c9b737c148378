// if/else, loops, labels, break/continue, comma, conditional.
var out = [];
for (var i = 0; i < 10; i++) { if (i % 2) continue; if (i > 6) break; out.push(i); }
print(out.join(","));
var n = 0; while (n < 5) n++; print(n);
var d = 10; do { d++; } while (d < 5); print(d);
outer: for (var a = 0; a < 3; a++) { for (var b = 0; b < 3; b++) { if (b === 1) continue outer; if (a === 2) break outer; out.push("" + a + b); } }
print(out.join(","));
var found = null;
search: for (var r = 0; r < 5; r++) { for (var c = 0; c < 5; c++) { if (r * c === 6) { found = [r, c]; break search; } } }
print(found.join("x"));
block: { print("in block"); if (true) break block; print("not printed"); }
print("after block");
var lbl = 0;
lbl1: lbl2: for (;;) { lbl++; if (lbl > 3) break lbl1; continue lbl2; }
print(lbl);
var w = 0, trace = [];
loop: while (true) { w++; switch (w) { case 1: trace.push("one"); continue loop; case 2: trace.push("two"); break; case 3: trace.push("three"); break loop; } trace.push("after-switch" + w); }
print(trace.join(" "));
print(true ? "yes" : "no", 0 ? "yes" : "no", null ? 1 : undefined ? 2 : 3);
var comma = (1, 2, 3); print(comma);
for (var p = 0, q = 10; p < q; p += 3, q -= 3) {} print(p, q);
print(1 && 2, 0 && 2, 1 || 2, 0 || null, "" || "empty", NaN && 1);
var sideEffects = [];
function t(v) { sideEffects.push(v); return v; }
t(0) && t(1); t(1) || t(2);
print(sideEffects.join(","));
var x = 5;
if (x > 10) print("big"); else if (x > 3) print("medium"); else print("small");
for (var e = 0; e < 3; e++);
print(e);
var count = 0;
for (;;) { if (++count === 4) break; }
print(count);
var dw = 0; do dw++; while (dw < 3); print(dw);
var nestedBreaks = 0;
for (var i1 = 0; i1 < 4; i1++) { for (var i2 = 0; i2 < 4; i2++) { if (i2 > i1) break; nestedBreaks++; } }
print(nestedBreaks);
var s = 0; for (var z = 10; z--;) s += z; print(s);
