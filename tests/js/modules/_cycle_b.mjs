import { a, fromA } from './_cycle_a.mjs';
print('evaluating b');
// a is in TDZ while b runs first, but its function declaration exists already.
print(fromA());
try {
  print(a);
} catch (e) {
  print(e.constructor.name);
}
export let b = 'B';
export function fromB() {
  return 'function of b, a = ' + a;
}
