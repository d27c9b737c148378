// Replaced and invalidated code is freed once no frame runs in it: `f` retires its own code while running in it
// (Tetra.deoptimize does not stop a running frame), then retires 40 versions of `g`'s, which makes the VM look for
// code no frame runs in. `g`'s old versions are freed; `f` returns into its own retired code, which must still be
// there.

function g(x) {
  return x + 1;
}

function f(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += g(i);
  const discarded = Tetra.deoptimize(f);
  for (let k = 0; k < 40; k++) {
    Tetra.optimize(g, "mid");
    Tetra.deoptimize(g);
  }
  for (let i = 0; i < n; i++) s += i * 2;
  return [s, discarded];
}

for (let i = 0; i < 10; i++) f(10);
print(Tetra.optimize(f, "mid"), Tetra.tierOf(f));
print(f(100).join(" "), Tetra.tierOf(f));
print(f(50).join(" "));
