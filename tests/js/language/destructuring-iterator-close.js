// Array destructuring closes its iterator when a target, a default or a nested pattern throws (an error of
// `return()` itself is dropped), not when `next` throws; property-reference targets are evaluated before each step.
function iterable(log, values, opts) {
  let i = 0;
  return {
    [Symbol.iterator]() {
      return {
        next() {
          log.push('next');
          if (opts.nextThrows) throw new Error('from next');
          return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true };
        },
        return() {
          log.push('return');
          if (opts.returnThrows) throw new Error('from return');
          return {};
        },
      };
    },
  };
}
function attempt(name, f) {
  const log = [];
  try {
    f(log);
    log.push('ok');
  } catch (e) {
    log.push('caught ' + e.message);
  }
  print(name + ': ' + log.join(' '));
}
const thrower = (msg) => { throw new Error(msg); };
attempt('target throws', (log) => {
  let o = {};
  [o[thrower('target')]] = iterable(log, [1], {});
});
attempt('default throws', (log) => {
  let x;
  [x = thrower('default')] = iterable(log, [undefined], {});
});
attempt('default throws, return throws', (log) => {
  let x;
  [x = thrower('default')] = iterable(log, [undefined], { returnThrows: true });
});
attempt('nested pattern throws', (log) => {
  let x;
  [{ x }] = iterable(log, [null], {});
});
attempt('next throws', (log) => {
  let x;
  [x] = iterable(log, [1], { nextThrows: true });
});
attempt('order', (log) => {
  const o = { set p(v) { log.push('set ' + v); } };
  const key = () => { log.push('key'); return 'p'; };
  [o[key()], o[key()]] = iterable(log, [1, 2], {});
});
attempt('rest target', (log) => {
  const o = {};
  [o[(log.push('rest key'), 'r')], ...o[(log.push('rest key 2'), 's')]] = iterable(log, [1, 2, 3], {});
  log.push(JSON.stringify(o));
});
attempt('exhausted: no return', (log) => {
  let a, b;
  [a, b] = iterable(log, [1], {});
  log.push(a, b);
});
attempt('for-of head', (log) => {
  for ([{}[thrower('head')]] of [iterable(log, [1], {})]) log.push('body');
});
