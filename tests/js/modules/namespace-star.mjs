// `export *` skips ambiguous names (and `default`) in the namespace; unambiguous ones resolve through.
import * as ns from './_star_both.mjs';
print(Object.keys(ns).join(), 'a' in ns, ns.b);
