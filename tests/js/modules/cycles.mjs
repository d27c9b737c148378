// A cycle evaluates in the spec's order: the dependency first, the importer last; functions are hoisted.
import { a } from './_cycle_a.mjs';
import { b } from './_cycle_b.mjs';
print('main', a, b);
