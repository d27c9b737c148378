// Reads a binding of the module that imports it (a cycle): in TDZ until that module's body declares it.
import { later } from './imports-in-functions.mjs';
export function probe(n) {
  let c = 0;
  for (let i = 0; i < n; i++) {
    try {
      c += later;
    } catch (e) {
      c -= 1;
    }
  }
  return c;
}
