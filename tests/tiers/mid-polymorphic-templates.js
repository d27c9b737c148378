// A call site whose callees are closures of a few functions (each object holds its own handler, `t.fn(...)`, as
// the tasks of a scheduler do) dispatches on the callee's function: each one's frame pushed directly, the context
// read from the closure; a closure of another function, a builtin, a bound function or a non-callable goes through
// the runtime and behaves as anywhere.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function task(fn, data) { return { fn: fn, data: data }; }
function makeCounter(step) { let n = 0; return (x, d) => { n += step; return n + x + d; }; }
function makeScaler(k) { return (x, d) => x * k - d; }
function makeJoiner(sep) { return (x, d) => (x + sep + d).length; }
function makeThrower(limit) { return (x, d) => { if (x > limit) throw new Error("over " + limit); return d; }; }
function run(tasks, x) {
    let sum = 0;
    for (let i = 0; i < tasks.length; i++) sum += tasks[i].fn(x, tasks[i].data);
    return sum;
}
// Two closures of makeCounter (their own counts), one each of the others: four functions at the site.
const tasks = [task(makeCounter(1), 5), task(makeScaler(3), 2), task(makeCounter(10), 1),
               task(makeJoiner("-"), 77), task(makeThrower(1000), 9)];
let acc = 0;
for (let i = 0; i < 400; i++) acc += run(tasks, i);
optimize(run);
print("templates", run(tasks, 7), acc);
// Each closure keeps its own context: the counters went on counting separately.
print("contexts", tasks[0].fn(0, 0), tasks[2].fn(0, 0));
// A closure of a fifth function, a builtin, a bound function: through the runtime.
print("others", run([task((x, d) => x - d, 3), task(Math.max, 40), task(makeScaler(2).bind(null), 1)], 10));
// A sloppy function (it takes its receiver unlike the arrows) and a strict one.
print("receivers", run([task(function (x, d) { return typeof this + x; }, 0)], 1),
      run([task(function (x, d) { "use strict"; return typeof this + x + d; }, 2)], 1));
// Too few and too many arguments for the callee's parameters.
print("arity", run([task((a, b, c) => [a, b, c].join("/"), 1)], 2).length, run([task(() => 4, 1)], 2));
// An exception from a dispatched closure reaches the caller's handler.
let caught = "none";
try { run(tasks, 5000); } catch (e) { caught = e.message; }
print("thrown", caught);
// Not callable: the TypeError the runtime raises.
let notCallable = "none";
try { run([task(5, 1)], 1); } catch (e) { notCallable = e.constructor.name; }
print("not callable", notCallable);
// Runaway recursion through the dispatch is a RangeError.
const self = [task(null, 0)];
self[0].fn = (x, d) => 1 + run(self, x);
let deep = "none";
try { run(self, 1); } catch (e) { deep = e instanceof RangeError; }
print("deep", deep);
print("after", run(tasks, 3));
