// exit: 1
// stderr: SyntaxError
print("must not run");
function f() { break missing; }
