// exit: 1
// stderr: SyntaxError
// stderr: syntax-error-unclosed.js:
print("must not run");
function f() {
  if (true) {
    print("x");
}
