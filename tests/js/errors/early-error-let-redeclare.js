// exit: 1
// stderr: SyntaxError
// stderr: early-error-let-redeclare.js:7
// Redeclaring a let binding is an early error: the whole script must not run.
print("must not run");
let a = 1;
let a = 2;
