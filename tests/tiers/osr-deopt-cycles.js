// A long loop that enters mid by OSR and deoptimises again and again (every other check, under --stress-deopt):
// the interpreter loop that made the OSR continues the frame after each deopt, so the native stack does not grow
// with the number of cycles (a nested interpreter per cycle made it grow for the whole activation, and every
// collection scan all of it).
function spin(n) {
  let s = 0;
  let o = { v: 1 };
  for (let i = 0; i < n; i++) {
    s = (s + o.v + (i & 3)) | 0;
    o = { v: (o.v + 1) & 255 };
  }
  return s;
}
print(spin(200000));
