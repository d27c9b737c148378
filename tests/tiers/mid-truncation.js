// Bitwise operations whose feedback saw doubles: mid converts the operands by ToInt32 (TruncateToInt32) instead
// of calling the generic operation, `>>>` gives a double (Uint32ToFloat64), and a value that is no number deopts
// (the interpreter then converts it). The printed values are node's.
function xor(a, b) { return a ^ b; }
function shr(a, b) { return a >>> b; }
const samples = [[4294967295, 1], [2 ** 63 + 2 ** 11, 0], [-(2 ** 70 + 2 ** 19), 3], [NaN, 5], [-Infinity, 7], [-1.5, 2]];
for (let i = 0; i < 20; i++) for (const [a, b] of samples) xor(a, b) + shr(a, b);
Tetra.optimize(xor, "mid");
Tetra.optimize(shr, "mid");
print(samples.map(([a, b]) => xor(a, b) + " " + shr(a, b)).join(", "), Tetra.tierOf(xor), Tetra.tierOf(shr));
print(xor("3", 5), shr({ valueOf() { return -1; } }, 28), Tetra.tierOf(xor), Tetra.tierOf(shr));
