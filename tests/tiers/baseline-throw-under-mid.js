// Regression: a frame still running in baseline code after its function got mid code (installed by
// Tetra.optimize from inside the running loop) gets an exception from a call inside a try: the handler is found in
// the baseline code, not in the mid code (the lookup once panicked with "handlers are instruction boundaries").
function run(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s = (s + i) | 0;
    if (i === n - 1) Tetra.optimize(run, "mid");
  }
  try {
    thrower();
  } catch (e) {
    return s + " " + e.constructor.name + " " + Tetra.tierOf(run);
  }
}
function thrower() { return null.x; }
print(run(300000));
