// A function that stays in baseline (mid does not compile functions with a direct eval) calls a function that runs
// in mid. The time spent in the callee's loop is mid's: `--stats` samples the tier that runs, not the one that called.
function work(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + i * 3) | 0;
    return s;
}
function driver(k) {
    eval("");
    let total = 0;
    for (let i = 0; i < k; i++) total = (total + work(20000)) | 0;
    return total;
}
Tetra.optimize(work, "mid");
print(driver(1000), Tetra.tierOf(work), Tetra.tierOf(driver));
