// exit: 1
// stderr: Uncaught ReferenceError
print(typeof missing);
print(missing);
