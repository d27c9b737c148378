// Top-level await: an awaiting dependency delays its importers, not its siblings; import() and JSON modules.
import { ready as slow } from './_slow.mjs';
import { ready as fast } from './_fast.mjs';
import data from './_data.json' with { type: 'json' };

print('main:', slow, fast);
print(data.name, data.values.join('+'));
const again = await import('./_slow.mjs');
print(again.ready === slow, Object.keys(again).join());
const json = await import('./_data.json', { with: { type: 'json' } });
print(json.default === data);
for await (const x of [Promise.resolve(1), 2]) {
  print('for await', x);
}
try {
  await import('./_missing.mjs');
} catch (e) {
  print(e.constructor.name);
}
try {
  await import('./_bad_syntax.mjs');
} catch (e) {
  print(e.constructor.name);
}
try {
  await import('./_throws.mjs');
} catch (e) {
  print('rejected with', e);
}
try {
  await import('./_throws.mjs');
} catch (e) {
  print('again', e);
}
