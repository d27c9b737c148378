// Regression: a frame that moved interp -> baseline -> mid by OSR in an inner loop and deoptimised had its
// entry flag left set, so the interpreter loop that had entered it by OSR ended the whole script at its return.
function m(size) {
  let sum = 0, y = 0;
  while (y < size) {
    let x = 0;
    const ci = (2.0 * y / size) - 1.0;
    while (x < size) {
      sum = (sum + ((x * 7 + y) & 15)) | 0;
      x += 1;
    }
    if (ci > 10) sum += 0.5;
    y += 1;
  }
  return sum;
}
print("before");
print(m(400));
print("after");
