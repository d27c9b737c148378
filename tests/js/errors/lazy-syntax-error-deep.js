// exit: 1
// stderr: SyntaxError
// A syntax error deep inside a method of a class in a function that never runs is still a SyntaxError at load.
print("must not run");
function never() {
  class C {
    method() {
      return function () { return 1 +; };
    }
  }
}
