// Three loops with known back-edge counts: --stats-json's "loops" counts every back-edge once, in whichever tier
// ran it, and names each loop by its function and source position.
function inner(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += i & 7;
  return s;
}
function outer() {
  let t = 0;
  for (let j = 0; j < 200; j++) t += inner(1000);
  return t;
}
print(outer());
let k = 0;
while (k < 5) k++;
print(k);
