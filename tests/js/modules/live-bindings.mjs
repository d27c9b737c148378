// Imports see the exporter's bindings live; namespaces list exports in order; re-exports resolve through.
import Counter, { count, increment, label, visible, 'string name' as str, later } from './_counter.mjs';
import * as ns from './_counter.mjs';
import { bump, area, unit, counter, relabelled } from './_reexports.mjs';
import * as re from './_reexports.mjs';

print(count, label, visible, str, later);
increment();
increment();
print(count, ns.count, counter.count);
bump();
print(count, ns.count);
print(typeof Counter, Counter.name, Counter.make() instanceof Counter);
print(Object.keys(ns).join());
print(Object.keys(re).join());
print(area(3, 4), unit, relabelled, re.default);
print(Object.prototype.toString.call(ns), Object.isExtensible(ns), Object.getPrototypeOf(ns));
let d = Object.getOwnPropertyDescriptor(ns, 'count');
print(d.value, d.writable, d.enumerable, d.configurable);
print(Reflect.set(ns, 'count', 5), Reflect.deleteProperty(ns, 'count'), Reflect.deleteProperty(ns, 'nope'));
print('count' in ns, 'nope' in ns, ns.nope);
try {
  ns.count = 1;
} catch (e) {
  print(e.constructor.name);
}
try {
  count = 1;
} catch (e) {
  print(e.constructor.name);
}
print(import.meta.url.startsWith('file:///'), import.meta.url.endsWith('/live-bindings.mjs'));
print(typeof this, Object.getPrototypeOf(import.meta));
// A hot loop over imported bindings: the same results when it tiers up.
let total = 0;
for (let i = 0; i < 200000; i++) {
  increment();
  total += count % 7;
}
print(total, count);
