// Deopt-loop protection: after --max-deopts deopts a function is not optimised by mid again.
function add(a, b) { return a + b; }
const rounds = [];
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 10; i++) add(i, 1);
  const optimized = Tetra.optimize(add, "mid");
  rounds.push(optimized + ":" + Tetra.tierOf(add));
  // Overflows int32 in the first round; later rounds' feedback says numbers, so they do not deopt.
  add(2147483647, 1);
}
print(rounds.join(" "));
