// Running statistics; `count` is read live by importers.
export let count = 0;
let sum = 0;
let max = -Infinity;

export function add(x) {
  count++;
  sum += x;
  if (x > max) max = x;
}

export function summary() {
  return { count, mean: sum / count, max };
}
