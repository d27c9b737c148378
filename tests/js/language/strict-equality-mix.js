// === on every pair of a mix of strings (interned literals, computed equal and unequal contents, different
// lengths), numbers and objects, once optimised code compares them: it decides unequal strings by length or by
// both being interned, and asks the runtime otherwise.
function eq(a, b) { return a === b; }
const vals = ["a", "b", "ab", "a" + "b", "", 1, 1.5, 1.5, NaN, null, undefined, {}, "x".repeat(3), "xxx", 0, -0];
let out = [];
for (let k = 0; k < 200; k++) for (const a of vals) for (const b of vals) if (k === 199) out.push(eq(a, b) ? 1 : 0);
print(out.join(""));
