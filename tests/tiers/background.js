// A loop long enough for mid to compile it on a worker thread while it runs in baseline, and to move into it.
function run(n) { let s = 0; for (let i = 0; i < n; i++) { s = (s + i) | 0; } return s; }
print(run(100000000));
