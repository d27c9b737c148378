// Functions of a module read imports in hot loops (optimised code loads through the import cells), see other
// modules' writes, and throw the TDZ ReferenceError of a binding not initialised yet.
import { count, increment, label } from './_counter.mjs';
import * as ns from './_counter.mjs';
import { probe } from './_probe.mjs';

function sum(n) {
  let t = 0;
  for (let i = 0; i < n; i++) {
    increment();
    t += (count & 15) + (ns.count & 1);
  }
  return t;
}
print(sum(100000), count);

function spell(n) {
  let s = '';
  for (let i = 0; i < n; i++) s = label + (i % 10);
  return s;
}
print(spell(50000));

print(probe(20000));
export let later = 2;
print(probe(20000));
