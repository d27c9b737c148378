// exit: 1
// stderr: SyntaxError
// stderr: syntax-error.js:6
// A syntax error is reported before anything runs: nothing is printed.
print("must not run");
var x = 1 +* 2;
