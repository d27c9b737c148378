// Stores at ever larger indices into plain objects and arrays: doubling ones (1, 2, 4, ... 2^30, the reverse
// mapping of a flag enum such as TypeScript's) and powers of ten (0, 10, 100, ... 10^7, each with its neighbour
// below). With the density rule they go to slow (named) elements once the dense storage would be mostly holes, so
// the heap stays small; before it, each doubling store doubled a hole-filled storage (8 GB at 2^30).
function doubling(o, n) {
  for (let i = 1; i <= 2 ** 30; i *= 2) o[i] = n++;
  return o;
}
function tens(o, n) {
  for (let i = 1; i <= 1e7; i *= 10) {
    o[i] = n++;
    o[i - 1] = n++;
  }
  return o;
}
function sum(o) {
  let s = 0;
  for (const k in o) s += o[k];
  return s;
}
const results = [];
for (let round = 0; round < 3; round++) {
  const objects = [doubling({}, round), doubling([], round), tens({}, round), tens([], round)];
  for (const o of objects) results.push(sum(o), Object.keys(o).length, o.length);
}
print(results.join(" "));
