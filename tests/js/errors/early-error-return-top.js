// exit: 1
// stderr: SyntaxError
print("must not run");
return 1;
