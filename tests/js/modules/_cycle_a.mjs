import { b, fromB } from './_cycle_b.mjs';
print('evaluating a; b is', b);
export const a = 'A';
export function fromA() {
  return 'function of a';
}
print(fromB());
