// exit: 1
// stderr: SyntaxError
// `continue` outside a loop, in a function that never runs: an early error all the same.
print("must not run");
var o = {
  m() {
    function f() { if (true) continue; }
  }
};
