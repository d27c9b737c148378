// A generator (which stays in baseline: mid does not compile generators) calls a function that runs in mid. The
// time spent in the callee's loop is mid's: `--stats` samples the tier that runs, not the one that called.
function work(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + i * 3) | 0;
    return s;
}
function* driver(k) {
    for (let i = 0; i < k; i++) yield work(20000);
}
Tetra.optimize(work, "mid");
let total = 0;
for (const v of driver(1000)) total = (total + v) | 0;
print(total, Tetra.tierOf(work), Tetra.tierOf(driver));
