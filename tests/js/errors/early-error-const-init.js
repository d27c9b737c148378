// exit: 1
// stderr: SyntaxError
print("must not run");
const c;
