// A hot loop (tiers up under small interrupt budgets): the sweep tests' first program.
function step(x, i) {
  return (x * 31 + i) & 0xffff;
}
let x = 1;
for (let i = 0; i < 200000; i++) x = step(x, i);
console.log("loop", x);
