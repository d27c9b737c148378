// import() from a classic script: a promise of the namespace, modules evaluated once, errors as rejections.
var log = [];
import('../modules/_counter.mjs').then(function (ns) {
  ns.increment();
  log.push('first ' + ns.count);
  return import('../modules/_counter.mjs');
}).then(function (ns) {
  ns.increment();
  log.push('second ' + ns.count + ' ' + ns.label);
});
import('./no-such-module.mjs').catch(function (e) {
  log.push('missing: ' + e.constructor.name);
});
import({ toString: function () { throw new RangeError('from toString'); } }).catch(function (e) {
  log.push('specifier: ' + e.constructor.name);
});
import('../modules/_counter.mjs', 'not an object').catch(function (e) {
  log.push('options: ' + e.constructor.name);
});
setTimeout(function () {
  print(log.sort().join('\n'));
}, 10);
