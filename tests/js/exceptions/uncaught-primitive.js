// exit: 1
// stderr: Uncaught 42
print("throwing a number");
throw 42;
