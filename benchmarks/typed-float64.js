// typed-float64: a Float64Array numeric kernel (written from scratch): 2D heat diffusion on a grid by Jacobi
// steps between two buffers, then a dense matrix-vector product loop.
if (typeof print === 'undefined') print = console.log;
function diffuse(n, steps) {
  let a = new Float64Array(n * n), b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + (n >> 1)] = 100; // a hot column
  for (let s = 0; s < steps; s++) {
    for (let y = 1; y < n - 1; y++) {
      const row = y * n;
      for (let x = 1; x < n - 1; x++) {
        const k = row + x;
        b[k] = a[k] + 0.2 * (a[k - 1] + a[k + 1] + a[k - n] + a[k + n] - 4 * a[k]);
      }
    }
    const t = a; a = b; b = t;
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  return sum;
}
function matvec(n, rounds) {
  const m = new Float64Array(n * n), v = new Float64Array(n), out = new Float64Array(n);
  for (let i = 0; i < n * n; i++) m[i] = ((i * 7919) % 101) / 101 - 0.5;
  for (let i = 0; i < n; i++) v[i] = 1 / (i + 1);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += m[row + j] * v[j];
      out[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += out[i] * out[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] = out[i] / norm;
  }
  return v[0] + v[n - 1];
}
const heat = diffuse(160, 300), mv = matvec(300, 100);
print("typed-float64: heat " + heat.toFixed(6) + ", matvec " + mv.toFixed(9));
if (heat.toFixed(6) !== "15164.144341" || mv.toFixed(9) !== "-0.085575675") throw new Error("typed-float64: wrong result");
