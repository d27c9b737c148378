// A multi-file ES module program: `tetra examples/modules/main.mjs` (add --stats or --trace-opt to watch the tiers).
import { make, created } from './geometry.mjs';
import * as stats from './stats.mjs';
import config from './config.json' with { type: 'json' };

for (let i = 0; i < config.shapes; i++) {
  stats.add(make(i).area());
}
const s = stats.summary();
print(`${created} shapes made, stats.count = ${stats.count}`);
for (const key of config.report) {
  print(`${key}: ${s[key].toFixed(3)}`);
}
const { Rect } = await import('./geometry.mjs');
print(`import() gives the same module: ${new Rect(2, 3).area() === 6}`);
print(`running as ${import.meta.url.split('/').slice(-2).join('/')}`);
