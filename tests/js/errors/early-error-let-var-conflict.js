// exit: 1
// stderr: SyntaxError
print("must not run");
{ let x = 1; var x = 2; }
